/* test_sync.c — the merge of sync files (library/sync_merge.c), checked
 * against a naive model of what must survive, and the exchange with a
 * folder (library/sync.c) against the leftovers of real sync engines.
 *
 * The property test runs 3–5 simulated devices doing random adds, edits,
 * deletes and reading, publishing their state as real sync files (written
 * and read back through formats/), delivered in random order, duplicated,
 * delayed, reverted to older copies and cut short. At the end every device
 * holds the same bytes, and the naive model — the newest version of each
 * id ever made, a deletion winning a tie — says what each id must be: no
 * note anyone made is lost, no deletion is undone by an older copy. A
 * failure prints its seed; ROD_SEED=N runs just that one.
 *
 *   test_sync [SIMULATIONS]
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "rod_library.h"
#include "rod_sync.h"
#include "tap.h"

/* ---- a seeded PRNG (splitmix64), so a failure replays ---- */

static uint64_t rng;

static uint64_t next_rand(void)
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static unsigned below(unsigned n)
{
    return n ? (unsigned)(next_rand() % n) : 0;
}

static void stamp(unsigned clock, char out[21])
{
    time_t t = (time_t)1700000000 + clock;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *const books[] = {"sha256:aaaa", "sha256:bbbb", "sha256:cccc"};
enum { NBOOKS = 3, MAXDEV = 5, MAXVER = 4096, MAXSNAP = 512 };

/* ---- the naive model: every version ever made ---- */

typedef struct version {
    int book;
    char id[32];
    char time[21];
    bool deletion;
    char body[32];          /* the content, for annotations */
} version;

static version made[MAXVER];
static size_t nmade;
static char place_max[NBOOKS][21];     /* the latest place time per book */

static void made_add(int book, const char *id, const char *time, bool deletion, const char *body)
{
    if (nmade == MAXVER)
        return;
    version *v = &made[nmade++];
    v->book = book;
    snprintf(v->id, sizeof v->id, "%s", id);
    snprintf(v->time, sizeof v->time, "%s", time);
    v->deletion = deletion;
    snprintf(v->body, sizeof v->body, "%s", body ? body : "");
}

/* ---- a device ---- */

typedef struct device {
    rod_sync_file state;
    size_t made;            /* annotations it created */
} device;

static rod_sync_book *book_of(rod_sync_file *f, const char *fp)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->books[i].notes.fingerprint, fp) == 0)
            return &f->books[i];
    return NULL;
}

/* Applies one local change as a merge of a one-book file, the way the
 * library's own change reaches its state (a row written, then read). */
static void local_change(device *d, rod_sync_file *change)
{
    rod_sync_normalize(change);
    rod_sync_merge(&d->state, change, NULL);
    rod_sync_free(change);
}

static void fill_annot(rod_annot *a, const char *id, const char *created, const char *time,
                       const char *body)
{
    memset(a, 0, sizeof *a);
    rod_annot_set(&a->id, id);
    a->type = ROD_ANNOT_NOTE;
    rod_annot_set(&a->color, "amber");
    rod_annot_set(&a->created, created);
    rod_annot_set(&a->modified, time);
    rod_annot_set(&a->quote, "the words");
    rod_annot_set(&a->prefix, "");
    rod_annot_set(&a->suffix, "");
    rod_annot_set(&a->body, body);
    a->start = (rod_pos){1, 0};
    a->end = (rod_pos){1, 9};
    a->has_end = true;
}

static void op(device *devs, int di, unsigned clock)
{
    device *d = &devs[di];
    char now[21], id[32], body[32];
    stamp(clock, now);
    int b = (int)below(NBOOKS);
    rod_sync_file change = {0};
    rod_sync_book nb = {0};
    rod_annot_set(&nb.notes.fingerprint, books[b]);
    rod_sync_book *have = book_of(&d->state, books[b]);
    unsigned what = below(10);
    if (what < 4 || !have || !have->notes.n) {
        /* add */
        snprintf(id, sizeof id, "d%d-%zu", di, d->made++);
        snprintf(body, sizeof body, "note %u", (unsigned)below(1000));
        rod_annot a;
        fill_annot(&a, id, now, now, body);
        rod_notes_push(&nb.notes, &a);
        made_add(b, id, now, false, body);
    } else if (what < 7) {
        /* edit one it holds (maybe another device's) */
        rod_annot *old = &have->notes.items[below((unsigned)have->notes.n)];
        snprintf(body, sizeof body, "edit %u", (unsigned)below(1000));
        rod_annot a;
        fill_annot(&a, old->id, old->created, now, body);
        /* a clock never runs back for one note on one device */
        if (strcmp(old->modified, now) > 0)
            rod_annot_set(&a.modified, old->modified);
        made_add(b, a.id, a.modified, false, body);
        rod_notes_push(&nb.notes, &a);
    } else if (what < 9) {
        /* delete */
        rod_annot *old = &have->notes.items[below((unsigned)have->notes.n)];
        const char *t = strcmp(old->modified, now) > 0 ? old->modified : now;
        rod_sync_tomb_add(&nb, old->id, t);
        made_add(b, old->id, t, true, NULL);
    } else {
        nb.place.has = true;
        nb.place.pos = (rod_pos){below(500), below(80)};
        nb.place.progress = below(100) / 100.0;
        memcpy(nb.place.time, now, 21);
        if (strcmp(now, place_max[b]) > 0)
            memcpy(place_max[b], now, 21);
    }
    rod_sync_book_push(&change, &nb);
    local_change(d, &change);
}

/* A device's file as bytes (its state under its name). */
static char *publish(device *d, int di, size_t *len)
{
    rod_buf out = ROD_BUF_INIT;
    char dev[16];
    snprintf(dev, sizeof dev, "dev-%d", di);
    d->state.device = dev;
    rod_sync_write(&d->state, &out);
    d->state.device = NULL;
    return rod_buf_steal(&out, len);
}

/* Delivers a file's bytes to a device: read, normalise, merge. false when
 * the bytes were refused (a truncated copy). */
static bool deliver(device *d, const char *data, size_t len)
{
    rod_sync_file f = {0};
    rod_err err = rod_sync_read(data, len, NULL, &f);
    if (err == ROD_OK)
        err = rod_sync_normalize(&f);
    if (err == ROD_OK)
        rod_sync_merge(&d->state, &f, NULL);
    rod_sync_free(&f);
    return err == ROD_OK;
}

static char *state_bytes(rod_sync_file *f)
{
    rod_buf out = ROD_BUF_INIT;
    rod_sync_write(f, &out);
    return rod_buf_steal(&out, NULL);
}

typedef struct snapshot {
    char *data;
    size_t len;
} snapshot;

/* The model's verdict on a final state; "" when it holds, else why. */
static void judge(rod_sync_file *f, char *why, size_t n)
{
    why[0] = '\0';
    for (size_t i = 0; i < nmade && !why[0]; i++) {
        const version *v = &made[i];
        /* the newest version of this id: latest time, a deletion on a tie */
        const version *best = v;
        for (size_t j = 0; j < nmade; j++) {
            const version *w = &made[j];
            if (w->book != v->book || strcmp(w->id, v->id) != 0)
                continue;
            int c = strcmp(w->time, best->time);
            if (c > 0 || (c == 0 && w->deletion && !best->deletion))
                best = w;
        }
        rod_sync_book *b = book_of(f, books[v->book]);
        const rod_annot *a = NULL;
        const rod_sync_tomb *t = NULL;
        for (size_t k = 0; b && k < b->notes.n; k++)
            if (strcmp(b->notes.items[k].id, v->id) == 0)
                a = &b->notes.items[k];
        for (size_t k = 0; b && k < b->ntombs; k++)
            if (strcmp(b->tombs[k].id, v->id) == 0)
                t = &b->tombs[k];
        if (!a && !t)
            snprintf(why, n, "%s is lost: neither note nor deletion", v->id);
        else if (a && t)
            snprintf(why, n, "%s is both a note and a deletion", v->id);
        else if (best->deletion && a)
            snprintf(why, n, "%s: the deletion at %s was undone by the note of %s", v->id,
                     best->time, a->modified);
        else if (!best->deletion && t)
            snprintf(why, n, "%s: deleted at %s, but edited later, at %s", v->id, t->time, best->time);
        else if (!best->deletion && strcmp(a->modified, best->time) != 0)
            snprintf(why, n, "%s holds the version of %s, not the newest, of %s", v->id,
                     a->modified, best->time);
    }
    for (int b = 0; b < NBOOKS && !why[0]; b++) {
        rod_sync_book *bk = book_of(f, books[b]);
        if (place_max[b][0] && (!bk || !bk->place.has || strcmp(bk->place.time, place_max[b]) != 0))
            snprintf(why, n, "the place in %s is not the latest (%s)", books[b], place_max[b]);
    }
}

/* One simulation; true when it converged as the model says. */
static bool simulate(uint64_t seed, char *why, size_t n)
{
    rng = seed;
    nmade = 0;
    memset(place_max, 0, sizeof place_max);
    int ndev = 3 + (int)below(3);
    device devs[MAXDEV] = {0};
    static snapshot snaps[MAXDEV][MAXSNAP];
    size_t nsnap[MAXDEV] = {0};
    unsigned clock = 0;
    unsigned steps = 150 + below(150);
    size_t refused = 0;
    for (unsigned s = 0; s < steps; s++) {
        clock += below(3);          /* 0: several changes in one second tie */
        int di = (int)below((unsigned)ndev);
        unsigned what = below(10);
        if (what < 5) {
            op(devs, di, clock);
        } else if (what < 7 && nsnap[di] < MAXSNAP) {
            snapshot *sn = &snaps[di][nsnap[di]++];
            sn->data = publish(&devs[di], di, &sn->len);
        } else {
            /* a file arrives: any device's, any of its copies (the latest,
             * or an older one: a delayed or reverted copy), sometimes
             * cut short as a half-written file */
            int from = (int)below((unsigned)ndev);
            if (!nsnap[from])
                continue;
            size_t k = below(4) ? nsnap[from] - 1 : below((unsigned)nsnap[from]);
            snapshot *sn = &snaps[from][k];
            size_t len = below(12) ? sn->len : below((unsigned)sn->len);
            if (!deliver(&devs[di], sn->data, len))
                refused++;
        }
    }
    /* the end: every device publishes, then receives every other's latest
     * file in a random order, some twice */
    snapshot last[MAXDEV];
    for (int i = 0; i < ndev; i++)
        last[i].data = publish(&devs[i], i, &last[i].len);
    for (int i = 0; i < ndev; i++) {
        int order[MAXDEV * 2], k = 0;
        for (int j = 0; j < ndev; j++) {
            order[k++] = j;
            if (below(3) == 0)
                order[k++] = j;
        }
        for (int j = k - 1; j > 0; j--) {
            int r = (int)below((unsigned)j + 1), t = order[j];
            order[j] = order[r];
            order[r] = t;
        }
        for (int j = 0; j < k; j++)
            deliver(&devs[i], last[order[j]].data, last[order[j]].len);
    }
    char *first = state_bytes(&devs[0].state);
    why[0] = '\0';
    for (int i = 1; i < ndev && !why[0]; i++) {
        char *other = state_bytes(&devs[i].state);
        if (strcmp(first, other) != 0)
            snprintf(why, n, "device %d and device 0 differ at the end", i);
        free(other);
    }
    if (!why[0])
        judge(&devs[0].state, why, n);
    free(first);
    for (int i = 0; i < ndev; i++) {
        free(last[i].data);
        for (size_t k = 0; k < nsnap[i]; k++)
            free(snaps[i][k].data);
        rod_sync_free(&devs[i].state);
    }
    (void)refused;
    return !why[0];
}

static void test_property(unsigned runs)
{
    const char *env = getenv("ROD_SEED");
    uint64_t only = env ? strtoull(env, NULL, 10) : 0;
    unsigned passed = 0;
    char why[256] = "";
    uint64_t bad = 0;
    for (unsigned r = 0; r < runs; r++) {
        uint64_t seed = only ? only : 0x5eed0000u + r;
        if (!simulate(seed, why, sizeof why)) {
            bad = seed;
            break;
        }
        passed++;
        if (only)
            break;
    }
    if (bad)
        printf("# seed %llu: %s (rerun: ROD_SEED=%llu)\n", (unsigned long long)bad, why,
               (unsigned long long)bad);
    CHECK(!bad, "3–5 devices adding, editing, deleting and reading, files delivered in random "
                "order, twice, late, as older or cut-short copies: all converge, nothing made is "
                "lost, no deletion undone");
    printf("# %u simulations\n", passed);
}

/* A random state of one device, as a fresh copy through its bytes. */
static void random_state(uint64_t seed, int di, rod_sync_file *out)
{
    device d = {0};
    device devs[MAXDEV] = {0};
    (void)d;
    rng = seed * 7 + (uint64_t)di;
    unsigned clock = below(5);
    unsigned ops = 5 + below(30);
    for (unsigned i = 0; i < ops; i++) {
        clock += below(2);
        op(devs, di, clock);
    }
    size_t len = 0;
    char *data = publish(&devs[di], di, &len);
    memset(out, 0, sizeof *out);
    rod_sync_read(data, len, NULL, out);
    rod_sync_normalize(out);
    free(data);
    rod_sync_free(&devs[di].state);
}

/* merge(a, b) as bytes, without touching a or b. */
static char *merged_bytes(const rod_sync_file *a, const rod_sync_file *b)
{
    rod_sync_file m = {0};
    rod_sync_merge(&m, a, NULL);
    rod_sync_merge(&m, b, NULL);
    char *s = state_bytes(&m);
    rod_sync_free(&m);
    return s;
}

static void test_laws(void)
{
    unsigned comm = 0, assoc = 0, idem = 0, runs = 60;
    for (unsigned r = 0; r < runs; r++) {
        nmade = 0;
        rod_sync_file a, b, c;
        /* the same ids on each: device 0's ops replayed with other seeds
         * make conflicting versions of d0-0, d0-1, ... */
        random_state(r, 0, &a);
        random_state(r + 1000, 0, &b);
        random_state(r + 2000, 0, &c);
        char *ab = merged_bytes(&a, &b), *ba = merged_bytes(&b, &a);
        comm += strcmp(ab, ba) == 0;
        rod_sync_file l = {0}, rr = {0};
        rod_sync_merge(&l, &a, NULL);
        rod_sync_merge(&l, &b, NULL);
        rod_sync_merge(&l, &c, NULL);
        rod_sync_file bc = {0};
        rod_sync_merge(&bc, &b, NULL);
        rod_sync_merge(&bc, &c, NULL);
        rod_sync_merge(&rr, &a, NULL);
        rod_sync_merge(&rr, &bc, NULL);
        char *ls = state_bytes(&l), *rs = state_bytes(&rr);
        assoc += strcmp(ls, rs) == 0;
        rod_sync_file empty = {0};
        char *as = merged_bytes(&a, &empty), *aa = merged_bytes(&a, &a);
        idem += strcmp(as, aa) == 0;
        free(ab), free(ba), free(ls), free(rs), free(as), free(aa);
        rod_sync_free(&l), rod_sync_free(&rr), rod_sync_free(&bc);
        rod_sync_free(&a), rod_sync_free(&b), rod_sync_free(&c);
    }
    CHECK(comm == runs, "merge is commutative: a+b and b+a give the same bytes");
    CHECK(assoc == runs, "merge is associative: (a+b)+c and a+(b+c) give the same bytes");
    CHECK(idem == runs, "merge is idempotent: a+a is a");
}

/* The rule on one id, case by case. */
static void test_rule(void)
{
    rod_sync_file a = {0}, b = {0};
    rod_sync_book ba = {0}, bb = {0};
    rod_annot_set(&ba.notes.fingerprint, "sha256:x");
    rod_annot_set(&bb.notes.fingerprint, "sha256:x");
    rod_annot n1, n2;
    fill_annot(&n1, "n", "2369-01-01T00:00:00Z", "2369-01-02T00:00:00Z", "older");
    fill_annot(&n2, "n", "2369-01-01T00:00:00Z", "2369-01-03T00:00:00Z", "newer");
    rod_notes_push(&ba.notes, &n1);
    rod_notes_push(&bb.notes, &n2);
    rod_sync_book_push(&a, &ba);
    rod_sync_book_push(&b, &bb);
    rod_sync_delta d;
    rod_sync_merge(&a, &b, &d);
    CHECK_STR(a.books[0].notes.items[0].body, "newer", "the newer edit wins");
    CHECK(d.notes == 1, "and is counted as a note that came");
    rod_sync_file older = {0};
    rod_sync_book bo = {0};
    rod_annot_set(&bo.notes.fingerprint, "sha256:x");
    fill_annot(&n1, "n", "2369-01-01T00:00:00Z", "2369-01-02T00:00:00Z", "older");
    rod_notes_push(&bo.notes, &n1);
    rod_sync_book_push(&older, &bo);
    rod_sync_merge(&a, &older, &d);
    CHECK_STR(a.books[0].notes.items[0].body, "newer", "an older copy arriving late changes nothing");
    CHECK(d.notes == 0, "and brings nothing");
    rod_sync_file del = {0};
    rod_sync_book bd = {0};
    rod_annot_set(&bd.notes.fingerprint, "sha256:x");
    rod_sync_tomb_add(&bd, "n", "2369-01-03T00:00:00Z");
    rod_sync_book_push(&del, &bd);
    rod_sync_merge(&a, &del, &d);
    CHECK(a.books[0].notes.n == 0 && a.books[0].ntombs == 1 && d.deleted == 1,
          "a deletion at the same second as the last edit wins");
    rod_sync_merge(&a, &b, &d);
    CHECK(a.books[0].notes.n == 0 && d.notes == 0, "the edit it deleted, arriving again, stays deleted");
    rod_sync_file later = {0};
    rod_sync_book bl = {0};
    rod_annot_set(&bl.notes.fingerprint, "sha256:x");
    fill_annot(&n2, "n", "2369-01-01T00:00:00Z", "2369-01-04T00:00:00Z", "after");
    rod_notes_push(&bl.notes, &n2);
    rod_sync_book_push(&later, &bl);
    rod_sync_merge(&a, &later, &d);
    CHECK(a.books[0].notes.n == 1 && a.books[0].ntombs == 0,
          "an edit made after the deletion brings the note back");
    rod_sync_free(&a), rod_sync_free(&b), rod_sync_free(&older), rod_sync_free(&del);
    rod_sync_free(&later);
}

/* ---- the exchange with a folder, between libraries ---- */

static char dir[256];

static char *path_in(const char *name)
{
    static char paths[16][512];
    static int next;
    char *p = paths[next++ % 16];
    snprintf(p, 512, "%s/%s", dir, name);
    return p;
}

static bool put_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

static char *get_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    rod_buf b = ROD_BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rod_buf_add(&b, chunk, n);
    fclose(f);
    return rod_buf_steal(&b, len);
}

static rod_lib *open_lib(const char *name, const char *device)
{
    rod_lib *lib = NULL;
    if (rod_lib_open(path_in(name), &lib) != ROD_OK) {
        printf("# %s\n", rod_lib_message(lib));
        rod_lib_close(lib);
        return NULL;
    }
    rod_lib_meta_set(lib, "device_name", device);
    return lib;
}

static size_t count_notes(rod_lib *lib, const char *fp)
{
    rod_notes set = {0};
    rod_lib_annot_list(lib, fp, &set);
    size_t n = set.n;
    rod_notes_free(&set);
    return n;
}

static rod_err exchange(rod_lib *lib, const char *folder, rod_sync_report *rep, size_t *warnings)
{
    rod_diag diag = ROD_DIAG_INIT("sync");
    rod_sync_report_free(rep);
    rod_err err = rod_lib_sync_exchange(lib, folder, "Reader", &diag, rep);
    for (size_t i = 0; i < diag.n; i++)
        printf("#   warning: %s\n", diag.items[i].text);
    if (warnings)
        *warnings = diag.n;
    rod_diag_free(&diag);
    return err;
}

static void test_exchange(void)
{
    char *folder = path_in("folder");
    mkdir(folder, 0700);
    rod_lib *a = open_lib("a.db", "Garak's laptop"), *b = open_lib("b.db", "Kira's tablet");
    const char *fp = "sha256:unknownbook";
    rod_annot n;
    char ids[3][37];
    for (int i = 0; i < 3; i++) {
        rod_annot_new_id(ids[i]);
        fill_annot(&n, ids[i], "2369-01-01T00:00:00Z", "2369-01-01T00:00:00Z", "a note");
        rod_lib_annot_put(a, fp, &n);
        rod_annot_clear(&n);
    }
    rod_lib_position_save(a, fp, (rod_pos){7, 3}, 0.25);
    rod_sync_report rep = {0};
    CHECK(exchange(a, folder, &rep, NULL) == ROD_OK && rep.wrote && rep.sent_notes == 3 &&
          rep.sent_places == 1, "the first exchange writes this device's file with its 3 notes and place");
    CHECK(exchange(b, folder, &rep, NULL) == ROD_OK && rep.nfrom == 1 && rep.from[0].notes == 3 &&
          rep.from[0].places == 1 && strcmp(rep.from[0].name, "Garak's laptop") == 0,
          "the other device takes them: from Garak's laptop, 3 notes and a place");
    rod_pos pos = {0};
    bool found = false;
    rod_lib_position_get(b, fp, &pos, &found);
    CHECK(count_notes(b, fp) == 3 && found && pos.block == 7 && pos.offset == 3,
          "notes for a book the library lacks are kept for when it is added, with the place");
    bool gone = false;
    rod_lib_annot_delete(b, ids[1], &gone);
    CHECK(exchange(b, folder, &rep, NULL) == ROD_OK && rep.wrote && rep.sent_deleted == 1,
          "a deletion goes out as a tombstone");
    CHECK(exchange(a, folder, &rep, NULL) == ROD_OK && rep.nfrom == 1 && rep.from[0].deleted == 1 &&
          count_notes(a, fp) == 2, "and deletes the note on the first device");
    CHECK(exchange(a, folder, &rep, NULL) == ROD_OK && !rep.wrote && rep.read == 0 && rep.nfrom == 0,
          "an exchange with nothing new reads no file and writes none");
    /* an old copy of the deleted note, imported again (a .rodnotes from
     * before): the next exchange deletes it again */
    fill_annot(&n, ids[1], "2369-01-01T00:00:00Z", "2369-01-01T00:00:00Z", "a note");
    rod_lib_annot_put(a, fp, &n);
    rod_annot_clear(&n);
    CHECK(exchange(a, folder, &rep, NULL) == ROD_OK && count_notes(a, fp) == 2,
          "a deleted note imported again from an older file is deleted again by the next exchange");

    /* the leftovers of sync engines beside the two files */
    char own[4096];
    snprintf(own, sizeof own, "%s", rep.own);
    size_t len = 0;
    char *data = get_file(own, &len);
    /* a Syncthing conflict copy of Garak's file holding a note edited later */
    rod_sync_file f = {0};
    rod_sync_read(data, len, NULL, &f);
    rod_sync_normalize(&f);
    rod_annot_set(&f.books[0].notes.items[0].body, "edited in the conflict copy");
    rod_annot_set(&f.books[0].notes.items[0].modified, "2369-02-01T00:00:00Z");
    char *conflict_id = strdup(f.books[0].notes.items[0].id);
    rod_buf cb = ROD_BUF_INIT;
    rod_sync_write(&f, &cb);
    char name[600];
    snprintf(name, sizeof name, "%s/garak.sync-conflict-20240101-120000-ABCDEFG.rodsync", folder);
    put_file(name, cb.data, cb.len);
    rod_buf_free(&cb);
    rod_sync_free(&f);
    /* Dropbox's conflicted copy, the same bytes: merges to nothing new */
    snprintf(name, sizeof name, "%s/garak (Kira's conflicted copy 2024-01-01).rodsync", folder);
    put_file(name, data, len);
    /* temporaries: never read, never warned about */
    snprintf(name, sizeof name, "%s/.syncthing.garak.rodsync.tmp", folder);
    put_file(name, data, len / 2);
    snprintf(name, sizeof name, "%s/~garak.rodsync", folder);
    put_file(name, "junk", 4);
    snprintf(name, sizeof name, "%s/.~lock.garak.rodsync#", folder);
    put_file(name, "junk", 4);
    snprintf(name, sizeof name, "%s/notes.txt", folder);
    put_file(name, "not ours", 8);
    /* a half-written file and one from a newer rod: one warning each */
    snprintf(name, sizeof name, "%s/odo-half.rodsync", folder);
    put_file(name, data, len / 2);
    snprintf(name, sizeof name, "%s/future.rodsync", folder);
    const char *future = "<?xml version=\"1.0\"?>\n<sync xmlns=\"" ROD_SYNC_NS "\" version=\"3\" "
                         "device=\"x\"><book fingerprint=\"sha256:f\"/></sync>\n";
    put_file(name, future, strlen(future));
    /* an empty file, a hostile one declaring entities */
    snprintf(name, sizeof name, "%s/empty.rodsync", folder);
    put_file(name, "", 0);
    snprintf(name, sizeof name, "%s/laughs.rodsync", folder);
    const char *laughs = "<?xml version=\"1.0\"?><!DOCTYPE s [<!ENTITY a \"aaaaaaaaaa\">"
                         "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                         "<sync xmlns=\"" ROD_SYNC_NS "\" version=\"1\" device=\"y\">&b;</sync>";
    put_file(name, laughs, strlen(laughs));
    free(data);
    size_t warnings = 0;
    rod_err err = exchange(b, folder, &rep, &warnings);
    rod_annot got = {0};
    rod_lib_annot_get(b, fp, conflict_id, &got, &found);
    CHECK(err == ROD_OK && found && got.body && strcmp(got.body, "edited in the conflict copy") == 0,
          "a Syncthing conflict copy is merged as one more file of that device");
    rod_annot_clear(&got);
    CHECK(warnings == 4 && rep.skipped == 4,
          "a half-written file, one from a newer rod, an empty one and one declaring entities: "
          "one warning each, skipped; temporaries and other files are not touched");
    CHECK(count_notes(b, fp) == 2, "and nothing else changed: 2 notes (one deleted stays deleted)");
    exchange(b, folder, &rep, &warnings);
    CHECK(warnings == 1 && rep.nfrom == 0,
          "the next exchange warns only of the newer rod's file (left for a rod that reads it)");
    free(conflict_id);
    rod_sync_report_free(&rep);
    rod_lib_close(a);
    rod_lib_close(b);
}

/* A library of schema 3 (deletions not kept) is migrated: its notes stay,
 * a deletion afterwards leaves a tombstone. */
static void test_migration(void)
{
    char *path = path_in("old.db");
    rod_lib *lib = NULL;
    rod_lib_open(path, &lib);
    rod_annot n;
    fill_annot(&n, "kept", "2369-01-01T00:00:00Z", "2369-01-01T00:00:00Z", "from before");
    rod_lib_annot_put(lib, "sha256:old", &n);
    rod_annot_clear(&n);
    rod_lib_close(lib);
    sqlite3 *db = NULL;
    int rc = sqlite3_open(path, &db);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "DROP TRIGGER sync_annot_insert; DROP TRIGGER sync_annot_update;"
                              "DROP TRIGGER sync_annot_delete; DROP TRIGGER sync_place_insert;"
                              "DROP TRIGGER sync_place_update; DROP TABLE tombstones; DROP TABLE meta;"
                              "DROP TABLE sync_files; DROP TABLE sync_books; DROP TABLE sync_changes;"
                              "ALTER TABLE books DROP COLUMN series; ALTER TABLE books DROP COLUMN subjects;"
                              "ALTER TABLE books DROP COLUMN contributors;"
                              "ALTER TABLE annotations DROP COLUMN reply_to; PRAGMA user_version = 3;", NULL, NULL, NULL);
    sqlite3_close(db);
    lib = NULL;
    CHECK(rc == SQLITE_OK && rod_lib_open(path, &lib) == ROD_OK, "a library of schema 3 opens");
    CHECK(count_notes(lib, "sha256:old") == 1, "its notes are all there");
    bool found = false;
    rod_lib_annot_delete(lib, "kept", &found);
    rod_sync_file st = {0};
    rod_lib_sync_state(lib, &st);
    CHECK(found && st.n == 1 && st.books[0].ntombs == 1 && st.books[0].notes.n == 0 &&
          strcmp(st.books[0].tombs[0].id, "kept") == 0,
          "a deletion in the migrated library is kept as a tombstone");
    rod_sync_free(&st);
    rod_lib_close(lib);
}

/* Replies (issue 21 item 5): a reply reaches another device with its
 * parent's id, whichever of the two arrives first; the sync file holding
 * one is version 2; the library keeps reply_to; at a tie in time the
 * version that knows its parent wins (a copy stripped by an older rod). */
static void test_replies(void)
{
    rod_sync_file f = {0};
    rod_sync_book b = {0};
    rod_annot_set(&b.notes.fingerprint, "sha256:re");
    rod_annot p, r;
    fill_annot(&p, "parent", "2369-01-01T00:00:00Z", "2369-01-01T00:00:00Z", "a question");
    fill_annot(&r, "reply", "2369-01-02T00:00:00Z", "2369-01-02T00:00:00Z", "an answer");
    rod_annot_set(&r.reply_to, "parent");
    rod_annot stripped = {0};
    rod_annot_copy(&stripped, &r);
    free(stripped.reply_to);
    stripped.reply_to = NULL;
    CHECK(rod_sync_annot_cmp(&stripped, &r) < 0 && rod_sync_annot_cmp(&r, &stripped) > 0,
          "at a tie in time the version that names its parent wins");
    rod_annot_clear(&stripped);
    rod_notes_push(&b.notes, &r);       /* the reply first: its parent has not come */
    rod_sync_book_push(&f, &b);
    f.device = strdup("dev-1");
    rod_buf out = ROD_BUF_INIT;
    rod_sync_write(&f, &out);
    CHECK(strstr(out.data, "version=\"2\"") && strstr(out.data, "reply-to=\"parent\""),
          "a sync file holding a reply is version 2 and names the parent");
    rod_sync_file back = {0};
    rod_diag d = ROD_DIAG_INIT("reply.rodsync");
    rod_err err = rod_sync_read(out.data, out.len, &d, &back);
    CHECK(err == ROD_OK && back.n == 1 && back.books[0].notes.n == 1 &&
          back.books[0].notes.items[0].reply_to && strcmp(back.books[0].notes.items[0].reply_to, "parent") == 0,
          "and this rod reads it back with the reply's parent");
    char *path = path_in("replies.db");
    rod_lib *lib = NULL;
    rod_lib_open(path, &lib);
    rod_sync_file local = {0}, merged = {0};
    rod_lib_sync_state(lib, &local);
    rod_sync_merge(&merged, &local, NULL);
    rod_sync_normalize(&back);
    rod_sync_merge(&merged, &back, NULL);
    rod_lib_sync_store(lib, &merged, &local);
    rod_annot got = {0};
    bool found = false;
    rod_lib_annot_get(lib, "sha256:re", "reply", &got, &found);
    CHECK(found && got.reply_to && strcmp(got.reply_to, "parent") == 0,
          "a reply whose parent has not arrived is kept, with its parent's id");
    rod_annot_clear(&got);
    rod_lib_annot_put(lib, "sha256:re", &p);
    rod_lib_annot_get(lib, "sha256:re", "parent", &got, &found);
    CHECK(found && !got.reply_to, "the parent arrives later and is no reply");
    rod_annot_clear(&got);
    rod_annot_clear(&p);
    rod_lib_close(lib);
    rod_sync_free(&local);
    rod_sync_free(&merged);
    rod_sync_free(&back);
    rod_diag_free(&d);
    rod_buf_free(&out);
    rod_sync_free(&f);
}

int main(int argc, char **argv)
{
    unsigned runs = argc > 1 ? (unsigned)atoi(argv[1]) : 150;
    snprintf(dir, sizeof dir, "/tmp/rod-test-sync-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    test_rule();
    test_laws();
    test_property(runs);
    test_exchange();
    test_migration();
    test_replies();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", dir);
    return tap_done();
}
