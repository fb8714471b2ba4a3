/* zip_in.c — the one file that talks to libzip for reading.
 *
 * An archive is opened straight from the bytes already in memory (the
 * size limit of rod_load_file holds for the packed file). Member names are
 * checked once at open and kept in a sorted table: lookups are then a
 * binary search, and a name libzip would accept but rod must not (path
 * traversal) is simply not in it. Inflation happens in 64 KiB steps into a
 * buffer that may never pass the member's limit, so a member that lies
 * about its size stops at the limit instead of filling memory.
 *
 * The archive's budget is charged per member, the first time it is read
 * (`charged` remembers what each cost): reading a member again costs time,
 * never budget, so the budget measures what the archive holds rather than
 * how often a spine names it.
 */
#include "zip_in.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "rod_buf.h"

typedef struct member {
    const char *name;       /* libzip's string */
    zip_uint64_t index;
} member;

struct rod_zip {
    zip_t *za;
    member *members;        /* sorted by name */
    size_t n;
    const char **names;     /* by index; NULL when unreadable */
    size_t *charged;        /* by index: bytes counted in total, 0 if never read */
    size_t count;
    size_t total;           /* bytes of distinct members inflated so far */
};

static bool name_ok(const char *name)
{
    if (!name || !*name || name[0] == '/' || strchr(name, '\\'))
        return false;
    for (const char *p = name; *p;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return false;
        if (!slash)
            break;
        p = slash + 1;
    }
    return true;
}

static int member_cmp(const void *a, const void *b)
{
    return strcmp(((const member *)a)->name, ((const member *)b)->name);
}

rod_err rod_zip_open(const char *data, size_t len, rod_diag *diag, rod_zip **out)
{
    *out = NULL;
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &zerr);
    if (!src) {
        zip_error_fini(&zerr);
        return ROD_ERR_NOMEM;
    }
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &zerr);
    if (!za) {
        rod_error(diag, 0, 0, "not a readable zip archive: %s", zip_error_strerror(&zerr));
        zip_source_free(src);
        zip_error_fini(&zerr);
        return ROD_ERR_INPUT;
    }
    zip_error_fini(&zerr);
    rod_zip *z = calloc(1, sizeof *z);
    zip_int64_t count = zip_get_num_entries(za, 0);
    if (count < 0)
        count = 0;
    if (z) {
        z->za = za;
        z->count = (size_t)count;
        z->members = calloc(z->count + 1, sizeof *z->members);
        z->names = calloc(z->count + 1, sizeof *z->names);
        z->charged = calloc(z->count + 1, sizeof *z->charged);
    }
    if (!z || !z->members || !z->names || !z->charged) {
        rod_zip_free(z);
        if (!z)
            zip_discard(za);
        return ROD_ERR_NOMEM;
    }
    size_t bad = 0;
    for (zip_uint64_t i = 0; i < (zip_uint64_t)count; i++) {
        const char *name = zip_get_name(za, i, ZIP_FL_ENC_GUESS);
        if (!name_ok(name)) {
            if (bad++ == 0)
                rod_warn(diag, 0, 0, "the archive member '%s' has an unsafe name (absolute or "
                         "climbing out with ..); ignored", name ? name : "");
            continue;
        }
        z->names[i] = name;
        z->members[z->n++] = (member){name, i};
    }
    if (bad > 1)
        rod_warn(diag, 0, 0, "%zu archive members with unsafe names ignored in all", bad);
    qsort(z->members, z->n, sizeof *z->members, member_cmp);
    *out = z;
    return ROD_OK;
}

void rod_zip_free(rod_zip *z)
{
    if (!z)
        return;
    if (z->za)
        zip_discard(z->za);
    free(z->members);
    free(z->names);
    free(z->charged);
    free(z);
}

static const member *find(const rod_zip *z, const char *name)
{
    member key = {name, 0};
    return bsearch(&key, z->members, z->n, sizeof *z->members, member_cmp);
}

bool rod_zip_has(const rod_zip *z, const char *name)
{
    return find(z, name) != NULL;
}

size_t rod_zip_count(const rod_zip *z)
{
    return z->count;
}

const char *rod_zip_name(const rod_zip *z, size_t i)
{
    return i < z->count ? z->names[i] : NULL;
}

/* A size for a message, in the unit that shows it: "700 bytes", "12 KiB",
 * "1.5 MiB" (never "0 MiB" for something that is not empty). */
static const char *size_text(unsigned long long bytes, char buf[32])
{
    if (bytes < 1024)
        snprintf(buf, 32, "%llu bytes", bytes);
    else if (bytes < (1ull << 20))
        snprintf(buf, 32, "%llu KiB", bytes >> 10);
    else
        snprintf(buf, 32, "%.1f MiB", (double)bytes / (1 << 20));
    return buf;
}

/* The message for a member that would pass `cap`, the room left for it. */
static void over_limit(const rod_zip *z, rod_diag *diag, const char *name, const char *verb,
                       unsigned long long size, size_t cap)
{
    char a[32], b[32], c[32];
    if (cap < ROD_ZIP_MAX_MEMBER)
        rod_error(diag, 0, 0, "the archive member '%s' %s %s, more than the %s left of rod's "
                  "limit of %zu MiB for a whole archive (%s already read); a zip bomb?", name,
                  verb, size_text(size, a), size_text(cap, b), ROD_ZIP_MAX_TOTAL >> 20,
                  size_text(z->total, c));
    else
        rod_error(diag, 0, 0, "the archive member '%s' %s %s, over rod's limit of %zu MiB for "
                  "one member; a zip bomb?", name, verb, size_text(size, a),
                  ROD_ZIP_MAX_MEMBER >> 20);
}

static bool over_ratio(size_t inflated, zip_uint64_t packed)
{
    return inflated > ((size_t)1 << 20) && inflated / (packed ? packed : 1) > ROD_ZIP_MAX_RATIO;
}

rod_err rod_zip_read(rod_zip *z, const char *name, char **data, size_t *len, rod_diag *diag)
{
    *data = NULL;
    *len = 0;
    const member *m = find(z, name);
    if (!m) {
        rod_error(diag, 0, 0, "the archive has no member '%s'", name);
        return ROD_ERR_INPUT;
    }
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(z->za, m->index, 0, &st) != 0) {
        rod_error(diag, 0, 0, "the archive member '%s' cannot be read", name);
        return ROD_ERR_INPUT;
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
        rod_error(diag, 0, 0, "the archive member '%s' is encrypted", name);
        return ROD_ERR_INPUT;
    }
    /* a member read before is already paid for: its room is what it took */
    size_t left = z->total < ROD_ZIP_MAX_TOTAL ? ROD_ZIP_MAX_TOTAL - z->total : 0;
    left += z->charged[m->index];
    size_t cap = left < ROD_ZIP_MAX_MEMBER ? left : ROD_ZIP_MAX_MEMBER;
    zip_uint64_t packed = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    if ((st.valid & ZIP_STAT_SIZE) && st.size > cap) {
        over_limit(z, diag, name, "would inflate to", st.size, cap);
        return ROD_ERR_INPUT;
    }
    if ((st.valid & ZIP_STAT_SIZE) && over_ratio((size_t)st.size, packed)) {
        char a[32], b[32];
        rod_error(diag, 0, 0, "the archive member '%s' claims to inflate from %s to %s, a "
                  "ratio over rod's limit of %d:1; a zip bomb?", name, size_text(packed, a),
                  size_text(st.size, b), ROD_ZIP_MAX_RATIO);
        return ROD_ERR_INPUT;
    }
    zip_file_t *f = zip_fopen_index(z->za, m->index, 0);
    if (!f) {
        rod_error(diag, 0, 0, "the archive member '%s' cannot be opened: %s", name,
                  zip_strerror(z->za));
        return ROD_ERR_INPUT;
    }
    rod_buf buf = ROD_BUF_INIT;
    rod_err err = ROD_OK;
    /* room for the claimed size and one byte more (to see a lie) at once:
     * growing in 64 KiB steps made every small member a 128 KiB block,
     * whose free costs malloc a consolidation */
    if (st.valid & ZIP_STAT_SIZE)
        rod_buf_reserve(&buf, (size_t)st.size + 1);
    for (;;) {
        size_t room = buf.cap > buf.len + 1 ? buf.cap - buf.len - 1 : 0;
        if (!room) {
            if (!rod_buf_reserve(&buf, 65536)) {
                err = ROD_ERR_NOMEM;
                break;
            }
            room = buf.cap - buf.len - 1;
        }
        zip_int64_t got = zip_fread(f, buf.data + buf.len, room < 65536 ? room : 65536);
        if (got < 0) {
            rod_error(diag, 0, 0, "the archive member '%s' is damaged: %s", name,
                      zip_file_strerror(f));
            err = ROD_ERR_INPUT;
            break;
        }
        if (got == 0)
            break;
        buf.len += (size_t)got;
        if (buf.len > cap) {
            over_limit(z, diag, name, "inflates to more than", cap, cap);
            err = ROD_ERR_INPUT;
            break;
        }
        if (over_ratio(buf.len, packed)) {
            char a[32], b[32];
            rod_error(diag, 0, 0, "the archive member '%s' inflates from %s to more than %s, a "
                      "ratio over rod's limit of %d:1; a zip bomb?", name, size_text(packed, a),
                      size_text(buf.len, b), ROD_ZIP_MAX_RATIO);
            err = ROD_ERR_INPUT;
            break;
        }
    }
    zip_fclose(f);
    if (err != ROD_OK) {
        rod_buf_free(&buf);
        return err;
    }
    buf.data[buf.len] = '\0';
    z->total = z->total - z->charged[m->index] + buf.len;
    z->charged[m->index] = buf.len;
    *data = rod_buf_steal(&buf, len);
    return *data ? ROD_OK : ROD_ERR_NOMEM;
}
