/* sync.c — one exchange with a sync folder (rod_sync.h): read what
 * changed there, merge it, store it, write this device's own file.
 *
 * The folder is whatever a file-sync engine keeps in step, so it holds
 * more than rod's files, and rod's files in every state an engine leaves
 * them: complete, half-written, truncated, duplicated as conflict copies
 * (Syncthing's NAME.sync-conflict-DATE-ID.rodsync, Nextcloud's and
 * Dropbox's "NAME (… conflicted copy …).rodsync"), or as the engine's
 * temporaries. The rule: every regular file whose name ends in .rodsync
 * and does not start with '.' or '~' is read (a conflict copy is just one
 * more state of some device, and the merge takes whatever is newest in
 * it); temporaries (.syncthing.*.tmp, ~*, .~lock*, *.tmp) and everything
 * else are left alone. A file that cannot be used — not XML, cut short,
 * from a newer rod, too large — gets one warning and is skipped; the rest
 * still merge, because one device's broken file must not stop the others.
 *
 * Cost: an exchange with nothing new must be cheap enough to run at every
 * open and close of a book. Each file's size, modification time and hash
 * when last read are kept (sync_files), so an unchanged file is not even
 * opened, and a counter of local changes (sync_changes) says whether the
 * own file is stale, so such an exchange reads neither the folder's files
 * nor the library's notes. Only files that changed are merged: the
 * library already holds the merge of the others, and merging is
 * idempotent.
 *
 * The own file is named after the device ("garaks-laptop-1a2b3c4d.rodsync",
 * the device id in full inside), written through rod_outfile.h (a
 * temporary put in place by rename), and only when its bytes change.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib_internal.h"
#include "rod_outfile.h"
#include "rod_sha256.h"
#include "rod_sync.h"

void rod_sync_report_free(rod_sync_report *r)
{
    for (size_t i = 0; i < r->nfrom; i++) {
        free(r->from[i].name);
        for (size_t j = 0; j < r->from[i].places; j++) {
            free(r->from[i].place_titles[j]);
            free(r->from[i].place_fps[j]);
        }
        free(r->from[i].place_titles);
        free(r->from[i].place_fps);
        free(r->from[i].place_times);
    }
    free(r->from);
    memset(r, 0, sizeof *r);
}

/* Whether a folder entry is a device's sync file (or a conflict copy). */
static bool is_sync_name(const char *name)
{
    size_t n = strlen(name);
    const char *ext = ".rodsync";
    size_t e = strlen(ext);
    return n > e && name[0] != '.' && name[0] != '~' && strcmp(name + n - e, ext) == 0;
}

static void hash_hex(const void *data, size_t len, char out[72])
{
    rod_sha256 h;
    unsigned char d[32];
    char hex[65];
    rod_sha256_init(&h);
    rod_sha256_update(&h, data, len);
    rod_sha256_final(&h, d);
    rod_sha256_hex(d, hex);
    snprintf(out, 72, "%s", hex);
}

/* The whole of a regular file, at most ROD_SYNC_MAX_BYTES + 1 bytes (so a
 * larger one is seen as such). *why says what went wrong. */
static char *slurp(int dirfd, const char *name, size_t *len, struct stat *st, const char **why)
{
    *why = NULL;
    int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0 || fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        *why = fd < 0 ? strerror(errno) : "not a regular file";
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    size_t cap = (size_t)st->st_size + 1;
    if (cap > (size_t)ROD_SYNC_MAX_BYTES + 1)
        cap = (size_t)ROD_SYNC_MAX_BYTES + 1;
    char *buf = malloc(cap);
    size_t n = 0;
    while (buf && n < cap) {
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    if (!buf)
        *why = "out of memory";
    *len = n;
    return buf;
}

static int64_t mtime_ns(const struct stat *st)
{
    return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

/* A file name made of the device's name: letters, digits and '-'. */
static void slug(const char *name, char *out, size_t n)
{
    size_t k = 0;
    bool dash = false;
    for (const unsigned char *p = (const unsigned char *)name; *p && k + 2 < n && k < 40; p++) {
        if (isalnum(*p)) {
            out[k++] = (char)tolower(*p);
            dash = false;
        } else if (!dash && k) {
            out[k++] = '-';
            dash = true;
        }
    }
    while (k && out[k - 1] == '-')
        k--;
    if (!k)
        k = (size_t)snprintf(out, n, "device");
    out[k] = '\0';
}

/* The device's id and name, made and kept the first time. */
static rod_err device_of(rod_lib *lib, char id[64], char name[256])
{
    bool found = false;
    rod_err err = rod_lib_meta_get(lib, "device", id, 64, &found);
    if (err == ROD_OK && !found) {
        rod_annot_new_id(id);
        err = rod_lib_meta_set(lib, "device", id);
    }
    if (err == ROD_OK)
        err = rod_lib_meta_get(lib, "device_name", name, 256, &found);
    if (err == ROD_OK && !found) {
        char host[200] = "";
        if (gethostname(host, sizeof host - 1) != 0 || !host[0])
            snprintf(host, sizeof host, "this device");
        snprintf(name, 256, "%s", host);
        err = rod_lib_meta_set(lib, "device_name", name);
    }
    return err;
}

/* One file of the folder, read and merged in. */
typedef struct incoming {
    char *file;
    rod_sync_file f;
    rod_lib_seen seen;          /* what the file was when read */
} incoming;

static rod_sync_from *from_for(rod_sync_report *rep, const char *name)
{
    for (size_t i = 0; i < rep->nfrom; i++)
        if (strcmp(rep->from[i].name, name) == 0)
            return &rep->from[i];
    rod_sync_from *more = realloc(rep->from, (rep->nfrom + 1) * sizeof *more);
    if (!more)
        return NULL;
    rep->from = more;
    rod_sync_from *f = &rep->from[rep->nfrom];
    memset(f, 0, sizeof *f);
    if (!(f->name = strdup(name)))
        return NULL;
    rep->nfrom++;
    return f;
}

static bool add_place(rod_sync_from *from, const char *fp, const char *title, const char *time)
{
    char **t = realloc(from->place_titles, (from->places + 1) * sizeof *t);
    if (!t)
        return false;
    from->place_titles = t;
    char **f = realloc(from->place_fps, (from->places + 1) * sizeof *f);
    if (!f)
        return false;
    from->place_fps = f;
    if (!(f[from->places] = strdup(fp)))
        return false;
    char (*tm)[21] = realloc(from->place_times, (from->places + 1) * sizeof *tm);
    if (!tm)
        return false;
    from->place_times = tm;
    if (!(t[from->places] = strdup(title))) {
        free(f[from->places]);
        return false;
    }
    snprintf(tm[from->places], 21, "%s", time);
    from->places++;
    return true;
}

/* What a file was when last read is kept under its path, so the same
 * device file name in two folders is two records. */
static const char *seen_key(const char *folder, const char *name, char *buf, size_t n)
{
    snprintf(buf, n, "%s/%s", folder, name);
    return buf;
}

/* Reads the folder's changed files into *in (n of them). */
static rod_err read_folder(rod_lib *lib, const char *folder, const char *own, rod_diag *diag,
                           rod_sync_report *rep, incoming **in, size_t *nin, bool *own_stale)
{
    DIR *dir = opendir(folder);
    if (!dir) {
        snprintf(lib->message, sizeof lib->message, "%s: cannot read the sync folder: %s", folder,
                 strerror(errno));
        return ROD_ERR_IO;
    }
    rod_err err = ROD_OK;
    bool own_seen = false;
    struct dirent *de;
    while (err == ROD_OK && (de = readdir(dir))) {
        if (!is_sync_name(de->d_name))
            continue;
        bool is_own = strcmp(de->d_name, own) == 0;
        own_seen |= is_own;
        struct stat st;
        rod_lib_seen seen = {0}, was = {0};
        bool known = false;
        if (fstatat(dirfd(dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
            continue;
        char key[4400];
        seen_key(folder, de->d_name, key, sizeof key);
        if ((err = rod_lib_sync_seen(lib, key, &was, &known)) != ROD_OK)
            break;
        if (known && was.size == (int64_t)st.st_size && was.mtime == mtime_ns(&st)) {
            rep->unchanged++;
            continue;
        }
        size_t len = 0;
        const char *why = NULL;
        char *data = slurp(dirfd(dir), de->d_name, &len, &st, &why);
        if (!data) {
            rod_warn(diag, 0, 0, "%s/%s: skipped: %s", folder, de->d_name, why);
            rep->skipped++;
            continue;
        }
        seen.size = (int64_t)st.st_size;
        seen.mtime = mtime_ns(&st);
        hash_hex(data, len, seen.hash);
        if (known && strcmp(seen.hash, was.hash) == 0) {
            free(data);
            rep->unchanged++;
            err = rod_lib_sync_saw(lib, key, &seen);
            continue;
        }
        if (is_own)
            *own_stale = true;      /* not what rod wrote last: rewritten */
        if (len == 0) {
            rod_warn(diag, 0, 0, "%s/%s: skipped: the file is empty (still being written?)", folder,
                     de->d_name);
            free(data);
            rep->skipped++;
            err = rod_lib_sync_saw(lib, key, &seen);
            continue;
        }
        rod_diag d = ROD_DIAG_INIT(de->d_name);
        incoming one = {0};
        rod_err rerr = rod_sync_read(data, len, &d, &one.f);
        free(data);
        if (rerr == ROD_OK)
            rerr = rod_sync_normalize(&one.f);
        if (rerr != ROD_OK) {
            const rod_message *first = NULL;
            for (size_t i = 0; i < d.n && !first; i++)
                if (d.items[i].severity == ROD_ERROR)
                    first = &d.items[i];
            if (rerr == ROD_ERR_NOMEM || !first)
                rod_warn(diag, 0, 0, "%s/%s: skipped: %s", folder, de->d_name,
                         rerr == ROD_ERR_NOMEM ? "out of memory" : "not a sync file");
            else
                rod_warn(diag, 0, 0, "%s/%s:%u:%u: skipped%s: %s", folder, de->d_name, first->line,
                         first->col, one.f.newer ? "" : " (cut short, or not a sync file)",
                         first->text);
            rep->skipped++;
            /* a file from a newer rod is read again by the rod that can */
            if (!one.f.newer && rerr != ROD_ERR_NOMEM)
                err = rod_lib_sync_saw(lib, key, &seen);
            rod_sync_free(&one.f);
            rod_diag_free(&d);
            continue;
        }
        rod_diag_free(&d);
        /* recorded only once what it brought is stored (a failed exchange
         * reads it again) */
        one.seen = seen;
        incoming *more = realloc(*in, (*nin + 1) * sizeof *more);
        if (more)
            *in = more;
        if (!more || !(one.file = strdup(de->d_name))) {
            rod_sync_free(&one.f);
            err = ROD_ERR_NOMEM;
            break;
        }
        (*in)[(*nin)++] = one;
        rep->read++;
    }
    closedir(dir);
    if (!own_seen)
        *own_stale = true;
    return err;
}

/* Writes the own file when its bytes differ from what is there. */
static rod_err write_own(rod_lib *lib, const char *folder, const char *own, const rod_sync_file *state,
                         rod_diag *diag, rod_sync_report *rep)
{
    char key[4400];
    seen_key(folder, own, key, sizeof key);
    rod_buf out = ROD_BUF_INIT;
    rod_sync_write(state, &out);
    if (out.failed) {
        rod_buf_free(&out);
        return ROD_ERR_NOMEM;
    }
    rod_lib_seen seen = {0}, was = {0};
    bool known = false;
    hash_hex(out.data, out.len, seen.hash);
    rod_err err = rod_lib_sync_seen(lib, key, &was, &known);
    struct stat st;
    bool same = err == ROD_OK && known && strcmp(was.hash, seen.hash) == 0 &&
                stat(rep->own, &st) == 0 && was.size == (int64_t)st.st_size &&
                was.mtime == mtime_ns(&st);
    for (size_t i = 0; i < state->n; i++) {
        rep->sent_notes += state->books[i].notes.n;
        rep->sent_deleted += state->books[i].ntombs;
        rep->sent_places += state->books[i].place.has;
    }
    rep->sent_books = state->n;
    if (err == ROD_OK && !same) {
        if (rod_out_file(rep->own, out.data, out.len, NULL, 0, diag) != ROD_OK) {
            snprintf(lib->message, sizeof lib->message, "%s: cannot write this device's sync file",
                     rep->own);
            err = ROD_ERR_IO;
        } else if (stat(rep->own, &st) == 0) {
            rep->wrote = true;
            seen.size = (int64_t)st.st_size;
            seen.mtime = mtime_ns(&st);
            err = rod_lib_sync_saw(lib, key, &seen);
        }
    }
    rod_buf_free(&out);
    return err;
}

/* The first file of in (another device's when own is false, this
 * device's own or a copy of it when true) holding the book's place m. */
static const incoming *holder(const incoming *in, size_t nin, const rod_sync_book *m,
                              const char *self, bool own)
{
    for (size_t f = 0; f < nin; f++) {
        if ((strcmp(in[f].f.device, self) == 0) != own)
            continue;
        for (size_t k = 0; k < in[f].f.n; k++) {
            const rod_sync_book *b = &in[f].f.books[k];
            if (strcmp(b->notes.fingerprint, m->notes.fingerprint) == 0)
                if (b->place.has && strcmp(b->place.time, m->place.time) == 0)
                    return &in[f];
        }
    }
    return NULL;
}

/* Who brought which places: each book whose place changed is credited to
 * the first file holding exactly that place — another device's first, as
 * an own file holds it only because it came from someone. */
static rod_err credit_places(const rod_sync_file *merged, const rod_sync_file *local,
                             const incoming *in, size_t nin, const char *self, rod_sync_report *rep)
{
    for (size_t i = 0; i < merged->n; i++) {
        const rod_sync_book *m = &merged->books[i];
        if (!m->place.has)
            continue;
        const rod_sync_book *l = NULL;
        for (size_t k = 0; k < local->n && !l; k++)
            if (strcmp(local->books[k].notes.fingerprint, m->notes.fingerprint) == 0)
                l = &local->books[k];
        if (l && l->place.has && strcmp(l->place.time, m->place.time) == 0 &&
            rod_pos_cmp(l->place.pos, m->place.pos) == 0)
            continue;
        const incoming *h = holder(in, nin, m, self, false);
        if (!h)
            h = holder(in, nin, m, self, true);
        if (!h)
            continue;
        rod_sync_from *from = from_for(rep, h->f.name ? h->f.name : h->file);
        const char *title = m->notes.title ? m->notes.title : m->notes.fingerprint;
        if (!from || !add_place(from, m->notes.fingerprint, title, m->place.time))
            return ROD_ERR_NOMEM;
    }
    return ROD_OK;
}

/* Leaves in f only what the folder carries (rod_sync_share): without
 * notes, no annotations and no deletions; with only the reader's own,
 * outgoing, the annotations signed with `reader` (deletions all go: a
 * deletion names no reader, and the window deletes only one's own);
 * without places, no places. */
static void carry_only(rod_sync_file *f, const rod_sync_share *sh, const char *reader, bool outgoing)
{
    for (size_t i = 0; i < f->n; i++) {
        rod_sync_book *b = &f->books[i];
        rod_notes *set = &b->notes;
        if (sh->notes == ROD_SHARE_NONE) {
            for (size_t k = 0; k < b->ntombs; k++)
                free(b->tombs[k].id);
            b->ntombs = 0;
        }
        size_t kept = 0;
        for (size_t k = 0; k < set->n; k++) {
            const char *who = set->items[k].reader;
            bool keep = sh->notes == ROD_SHARE_ALL || (sh->notes == ROD_SHARE_MINE && !outgoing) ||
                        (sh->notes == ROD_SHARE_MINE && reader && reader[0] && who && !strcmp(who, reader));
            if (keep)
                set->items[kept++] = set->items[k];
            else
                rod_annot_clear(&set->items[k]);
        }
        set->n = kept;
        if (!sh->places)
            b->place.has = false;
    }
}

rod_err rod_lib_sync_exchange(rod_lib *lib, const char *folder, const char *reader,
                              rod_diag *diag, rod_sync_report *rep)
{
    return rod_lib_sync_exchange_shared(lib, folder, reader, NULL, diag, rep);
}

rod_err rod_lib_sync_exchange_shared(rod_lib *lib, const char *folder, const char *reader,
                                     const rod_sync_share *share, rod_diag *diag, rod_sync_report *rep)
{
    memset(rep, 0, sizeof *rep);
    rod_sync_share all = ROD_SYNC_SHARE_ALL;
    if (!share)
        share = &all;
    char id[64], name[256], own[128], written[32], written_key[4200];
    bool found = false;
    int64_t changes = 0;
    /* when the own file in this folder was last written, in changes */
    snprintf(written_key, sizeof written_key, "sync_written\t%s", folder);
    rod_err err = device_of(lib, id, name);
    if (err == ROD_OK)
        err = rod_lib_sync_changes(lib, &changes);
    if (err == ROD_OK)
        err = rod_lib_meta_get(lib, written_key, written, sizeof written, &found);
    if (err != ROD_OK)
        return err;
    char s[64];
    slug(name, s, sizeof s);
    snprintf(own, sizeof own, "%s-%.8s.rodsync", s, id);
    snprintf(rep->own, sizeof rep->own, "%s/%s", folder, own);
    incoming *in = NULL;
    size_t nin = 0;
    bool own_stale = false;
    rod_sync_file local = {0}, merged = {0};
    err = read_folder(lib, folder, own, diag, rep, &in, &nin, &own_stale);
    bool local_changed = !found || strtoll(written, NULL, 10) != changes;
    if (err != ROD_OK || (!nin && !own_stale && !local_changed))
        goto cleanup;
    if ((err = rod_lib_sync_state(lib, &local)) != ROD_OK ||
        (err = rod_sync_merge(&merged, &local, NULL)) != ROD_OK)
        goto cleanup;
    for (size_t i = 0; i < nin && err == ROD_OK; i++) {
        rod_sync_delta d = {0};
        carry_only(&in[i].f, share, reader, false);
        err = rod_sync_merge(&merged, &in[i].f, &d);
        if (err == ROD_OK && (d.notes || d.deleted)) {
            rod_sync_from *from = from_for(rep, in[i].f.name ? in[i].f.name : in[i].file);
            if (!from)
                err = ROD_ERR_NOMEM;
            else {
                from->notes += d.notes;
                from->deleted += d.deleted;
            }
        }
    }
    if (err == ROD_OK)
        err = credit_places(&merged, &local, in, nin, id, rep);
    /* what came, and the files it came in (recorded only with what they
     * brought), in one transaction: one sync of the disk, not one a file */
    if (err == ROD_OK && (err = lib_begin(lib)) == ROD_OK) {
        err = rod_lib_sync_store(lib, &merged, &local);
        char key[4400];
        for (size_t i = 0; i < nin && err == ROD_OK; i++)
            err = rod_lib_sync_saw(lib, seen_key(folder, in[i].file, key, sizeof key), &in[i].seen);
        if (err == ROD_OK)
            err = lib_commit(lib);
        else
            lib_rollback(lib);
    }
    if (err != ROD_OK)
        goto cleanup;
    free(merged.device);
    free(merged.name);
    free(merged.reader);
    merged.device = strdup(id);
    merged.name = strdup(name);
    merged.reader = reader && reader[0] ? strdup(reader) : NULL;
    if (!merged.device || !merged.name || (reader && reader[0] && !merged.reader)) {
        err = ROD_ERR_NOMEM;
        goto cleanup;
    }
    if ((err = lib_begin(lib)) != ROD_OK)
        goto cleanup;
    carry_only(&merged, share, reader, true);
    if ((err = write_own(lib, folder, own, &merged, diag, rep)) == ROD_OK &&
        (err = rod_lib_sync_changes(lib, &changes)) == ROD_OK) {
        snprintf(written, sizeof written, "%lld", (long long)changes);
        err = rod_lib_meta_set(lib, written_key, written);
    }
    if (err == ROD_OK)
        err = lib_commit(lib);
    else
        lib_rollback(lib);
cleanup:
    for (size_t i = 0; i < nin; i++) {
        free(in[i].file);
        rod_sync_free(&in[i].f);
    }
    free(in);
    rod_sync_free(&local);
    rod_sync_free(&merged);
    return err;
}
