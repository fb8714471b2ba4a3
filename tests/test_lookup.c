/* test_lookup.c — lookup/: dictd's numbers, dictzip, the index search,
 * folding, stems and references, on a small dictionary this test makes
 * (its .dict.dz compressed here with zlib, chunk by chunk, as dictzip
 * does, with chunks of 64 bytes so that entries cross them), on hostile
 * variants of it, and on the dictionaries installed on the machine
 * (skipped, with the package named, when they are missing).
 *   test_lookup
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "rod_lookup.h"
#include "tap.h"

static char dir[256];

enum { CHUNK = 64 };

/* The text, and where each entry is (offset, length). */
typedef struct entry {
    const char *head, *text;
    size_t off, len;
} entry;

static entry entries[] = {
    {"color", "color\n   The hue of a thing. See also {Colour}.\n", 0, 0},
    {"Colour", "Colour\n   See {color}.\n", 0, 0},
    {"co-operate", "co-operate\n   To work together with another.\n", 0, 0},
    {"House", "House\n   A building that serves as living quarters for a family.\n", 0, 0},
    {"naive", "naive\n   Showing a lack of experience.\n", 0, 0},
    {"walk", "walk\n   To go on foot, one step after another, at a moderate pace.\n", 0, 0},
    {"élève", "élève\n   A pupil (French).\n", 0, 0},
};
enum { NENTRIES = sizeof entries / sizeof entries[0] };

static void b64(size_t v, char *out)
{
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char tmp[16];
    int n = 0;
    do {
        tmp[n++] = digits[v % 64];
        v /= 64;
    } while (v);
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v & 0xff);
    p[1] = (unsigned char)(v >> 8);
}

/* text compressed as dictzip does into path; the table's claims can be
 * made to lie: chunk_len written, count written, extra bytes added to
 * the first chunk's size. */
static void write_dz(const char *path, const char *text, size_t len, unsigned claim_len, int claim_count,
                     unsigned size_extra)
{
    size_t nch = (len + CHUNK - 1) / CHUNK;
    unsigned char *comp = malloc(nch * 256 + 64);
    unsigned *sizes = calloc(nch, sizeof *sizes);
    z_stream z;
    memset(&z, 0, sizeof z);
    deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    size_t at = 0;
    for (size_t i = 0; i < nch; i++) {
        size_t take = len - i * CHUNK < CHUNK ? len - i * CHUNK : CHUNK;
        z.next_in = (unsigned char *)text + i * CHUNK;
        z.avail_in = (uInt)take;
        z.next_out = comp + at;
        z.avail_out = 256;
        deflate(&z, i + 1 == nch ? Z_FINISH : Z_FULL_FLUSH);
        sizes[i] = (unsigned)(256 - z.avail_out);
        at += sizes[i];
    }
    deflateEnd(&z);
    FILE *f = fopen(path, "wb");
    unsigned char h[10] = {0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 2, 3};
    fwrite(h, 1, 10, f);
    unsigned ralen = 6 + 2 * (unsigned)nch;
    unsigned char x[4096];
    put16(x, ralen + 4);
    x[2] = 'R';
    x[3] = 'A';
    put16(x + 4, ralen);
    put16(x + 6, 1);
    put16(x + 8, claim_len ? claim_len : CHUNK);
    put16(x + 10, claim_count >= 0 ? (unsigned)claim_count : (unsigned)nch);
    for (size_t i = 0; i < nch; i++)
        put16(x + 12 + 2 * i, sizes[i] + (i == 0 ? size_extra : 0));
    fwrite(x, 1, 2 + 4 + ralen, f);
    fwrite(comp, 1, at, f);
    unsigned char tail[8] = {0};
    fwrite(tail, 1, 8, f);
    fclose(f);
    free(comp);
    free(sizes);
}

/* The fixture dictionary NAME in dir: 200 fillers between co-operate and
 * House keep the bisection honest. extra_line is appended to the index
 * (a hostile line). */
static char text[65536];
static size_t text_len;

static void make_dict(const char *name, unsigned claim_len, int claim_count, unsigned size_extra,
                      const char *extra_line)
{
    char path[512];
    text_len = 0;
    snprintf(path, sizeof path, "%s/%s.index", dir, name);
    FILE *ix = fopen(path, "w");
    char o[16], l[16];
    for (size_t i = 0; i < NENTRIES; i++) {
        if (extra_line && i + 1 == NENTRIES)
            fputs(extra_line, ix);     /* in its place in the order, before élève */
        entries[i].off = text_len;
        entries[i].len = strlen(entries[i].text);
        memcpy(text + text_len, entries[i].text, entries[i].len);
        text_len += entries[i].len;
        b64(entries[i].off, o);
        b64(entries[i].len, l);
        fprintf(ix, "%s\t%s\t%s\n", entries[i].head, o, l);
        if (i == 2) {
            for (int k = 0; k < 200; k++) {
                int w = snprintf(text + text_len, 64, "filler%03d\n   Nothing much.\n", k);
                b64(text_len, o);
                b64((size_t)w, l);
                fprintf(ix, "filler%03d\t%s\t%s\n", k, o, l);
                text_len += (size_t)w;
            }
        }
    }
    fclose(ix);
    snprintf(path, sizeof path, "%s/%s.dict.dz", dir, name);
    write_dz(path, text, text_len, claim_len, claim_count, size_extra);
}

static const entry *entry_of(const char *head)
{
    for (size_t i = 0; i < NENTRIES; i++)
        if (strcmp(entries[i].head, head) == 0)
            return &entries[i];
    return NULL;
}

/* The first hit's headword for word in d, "" for none. */
static char found[256];
static const char *find(rod_dict *d, const char *word)
{
    rod_dict_hit *hits = NULL;
    size_t n = 0, cap = 0;
    found[0] = '\0';
    if (rod_dict_find(d, word, &hits, &n, &cap, 10, NULL, 0) == ROD_LOOKUP_OK && n)
        snprintf(found, sizeof found, "%s", hits[0].headword);
    for (size_t i = 0; i < n; i++)
        free(hits[i].headword);
    free(hits);
    return found;
}

/* Whether word finds an entry spelt head in d. */
static int finds(rod_dict *d, const char *word, const char *head)
{
    rod_dict_hit *hits = NULL;
    size_t n = 0, cap = 0;
    int yes = 0;
    rod_dict_find(d, word, &hits, &n, &cap, 50, NULL, 0);
    for (size_t i = 0; i < n; i++) {
        yes |= strcmp(hits[i].headword, head) == 0;
        free(hits[i].headword);
    }
    free(hits);
    return yes;
}

static int by_bytes(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* An index with "00-database-allchars" (as wn's) is in byte order over
 * every character, where ".22" comes first and "1-hitter" before "10";
 * searched in the default order those are not found. */
static void test_allchars(void)
{
    char *heads[80];
    size_t n = 0;
    heads[n++] = strdup("00-database-allchars");
    heads[n++] = strdup(".22");
    heads[n++] = strdup("'hood");
    heads[n++] = strdup("1-hitter");
    for (int i = 0; i < 60; i++) {
        char b[16];
        snprintf(b, sizeof b, "%d", i * 7 % 100);
        heads[n++] = strdup(b);
    }
    heads[n++] = strdup("walk");
    qsort(heads, n, sizeof *heads, by_bytes);
    char path[512];
    snprintf(path, sizeof path, "%s/all.index", dir);
    FILE *ix = fopen(path, "w");
    snprintf(path, sizeof path, "%s/all.dict", dir);
    FILE *dt = fopen(path, "w");
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        char o[16], l[16];
        int w = fprintf(dt, "%s\n   entry %zu\n", heads[i], i);
        b64(at, o);
        b64((size_t)w, l);
        fprintf(ix, "%s\t%s\t%s\n", heads[i], o, l);
        at += (size_t)w;
        free(heads[i]);
    }
    fclose(ix);
    fclose(dt);
    snprintf(path, sizeof path, "%s/all.index", dir);
    rod_dict *d = NULL;
    if (!CHECK(rod_dict_open(path, &d, NULL, 0) == ROD_LOOKUP_OK, "an allchars index with a plain .dict opens"))
        return;
    CHECK(finds(d, ".22", ".22"), "allchars: .22, first in byte order, is found");
    CHECK(finds(d, "1-hitter", "1-hitter"), "allchars: 1-hitter, before 10 in byte order, is found");
    CHECK(finds(d, "'hood", "'hood") && finds(d, "walk", "walk") && finds(d, "49", "49"),
          "allchars: 'hood, walk and 49 are found");
    rod_dict_free(d);
    unlink(path);
    snprintf(path, sizeof path, "%s/all.dict", dir);
    unlink(path);
}

static void test_numbers(void)
{
    uint64_t v = 99;
    CHECK(rod_dict_number("A", 1, &v) && v == 0, "base 64: A is 0");
    CHECK(rod_dict_number("/", 1, &v) && v == 63, "base 64: / is 63");
    CHECK(rod_dict_number("BA", 2, &v) && v == 64, "base 64: BA is 64 (the most significant digit first)");
    CHECK(rod_dict_number("Kj", 2, &v) && v == 10 * 64 + 35, "base 64: Kj is 675 (gcide's 00-database-info)");
    CHECK(rod_dict_number("zt4W", 4, &v) && v == ((51ull * 64 + 45) * 64 + 56) * 64 + 22,
          "base 64: zt4W (wn's house) in order z t 4 W");
    CHECK(!rod_dict_number("A-", 2, &v) && !rod_dict_number("", 0, &v) && !rod_dict_number("\xc3\xa9", 2, &v),
          "base 64: a digit outside the alphabet, or none, is refused");
    CHECK(!rod_dict_number("/////////", 9, &v), "base 64: more than 48 bits is refused");
}

static void test_fold(void)
{
    char *f = rod_lookup_fold("Élève-Maître");
    CHECK_STR(f, "elevemaitre", "folding: case and accents off, the hyphen dropped");
    free(f);
    f = rod_lookup_fold("STRASSE Straße");
    CHECK_STR(f, "strasse strasse", "folding: full case folding (ß is ss), spaces kept");
    free(f);
    f = rod_lookup_fold("ДОМ");
    CHECK_STR(f, "дом", "folding: Cyrillic case");
    free(f);
}

static void test_fixture(void)
{
    make_dict("fixture", 0, -1, 0, NULL);
    char path[512], err[512];
    snprintf(path, sizeof path, "%s/fixture.index", dir);
    rod_dict *d = NULL;
    rod_lookup_err e = rod_dict_open(path, &d, err, sizeof err);
    if (!CHECK(e == ROD_LOOKUP_OK, "the fixture dictionary opens")) {
        printf("# %s\n", err);
        return;
    }
    CHECK_STR(rod_dict_name(d), "fixture", "its name is the file's");
    CHECK_STR(find(d, "house"), "House", "house finds House (case folded)");
    CHECK_STR(find(d, "HOUSE"), "House", "HOUSE finds House");
    CHECK_STR(find(d, "Colour"), "Colour", "Colour finds itself, not color");
    CHECK_STR(find(d, "cooperate"), "co-operate", "cooperate finds co-operate (punctuation folded)");
    CHECK_STR(find(d, "Élève"), "élève", "Élève finds élève (a capital accented letter)");
    CHECK_STR(find(d, "naïve"), "naive", "naïve finds naive (accents folded)");
    CHECK_STR(find(d, "filler137"), "filler137", "a word among 200 others is found by the bisection");
    CHECK_STR(find(d, "walks"), "", "walks is not walk without a stemmer");
    CHECK_STR(find(d, "zebra"), "", "a word after every headword is not found");
    CHECK_STR(find(d, "aardvark"), "", "a word before every headword is not found");
    /* the walk entry crosses a chunk boundary */
    const entry *w = entry_of("walk");
    CHECK(w->off / CHUNK != (w->off + w->len - 1) / CHUNK, "the walk entry lies across two chunks");
    rod_dict_hit hit = {NULL, w->off, w->len};
    char *t = NULL;
    e = rod_dict_entry(d, &hit, &t, err, sizeof err);
    CHECK(e == ROD_LOOKUP_OK && t && strcmp(t, w->text) == 0, "an entry across two chunks reads back exactly");
    free(t);
    int all = 1;
    for (size_t i = 0; i < NENTRIES; i++) {
        rod_dict_hit h = {NULL, entries[i].off, entries[i].len};
        t = NULL;
        all &= rod_dict_entry(d, &h, &t, NULL, 0) == ROD_LOOKUP_OK && t && strcmp(t, entries[i].text) == 0;
        free(t);
    }
    CHECK(all, "every entry reads back exactly, in any order of chunks");
    rod_dict_hit past = {NULL, text_len - 3, 10};
    t = NULL;
    e = rod_dict_entry(d, &past, &t, err, sizeof err);
    CHECK(e == ROD_LOOKUP_FORMAT && !t && strstr(err, "past the end"), "an entry past the end of the text is an error");
    rod_dict_hit huge = {NULL, 0, (uint64_t)1 << 40};
    e = rod_dict_entry(d, &huge, &t, err, sizeof err);
    CHECK(e == ROD_LOOKUP_FORMAT && strstr(err, "longer than"), "a huge length is an error, not an allocation");
    rod_dict_free(d);

    /* the whole look-up: references, once each */
    rod_lookup_opts o = {.dict_dir = dir, .hunspell_dir = "/nonexistent", .book_lang = "en"};
    rod_lookup *l = NULL;
    e = rod_lookup_open(&o, &l, err, sizeof err);
    if (!CHECK(e == ROD_LOOKUP_OK, "a look-up over the fixture directory opens")) {
        printf("# %s\n", err);
        return;
    }
    CHECK_STR(rod_lookup_dicts(l), "fixture", "it uses the fixture dictionary");
    rod_definitions defs = {0};
    e = rod_lookup_define(l, "Colour", &defs, err, sizeof err);
    CHECK(e == ROD_LOOKUP_OK && defs.n == 2, "Colour: its entry and the one it refers to, no more (the loop back to Colour is not followed)");
    if (defs.n == 2) {
        CHECK(strcmp(defs.v[0].headword, "Colour") == 0 && defs.v[0].via == ROD_VIA_WORD, "first Colour itself");
        CHECK(strcmp(defs.v[1].headword, "color") == 0 && defs.v[1].via == ROD_VIA_REF, "then color, referred to");
        CHECK(strstr(defs.v[0].text, "See color.") != NULL, "the braces are taken out of the text shown");
    }
    rod_definitions_clear(&defs);
    e = rod_lookup_define(l, "House", &defs, err, sizeof err);
    CHECK(e == ROD_LOOKUP_OK && defs.n == 1 && strstr(defs.v[0].text, "living quarters"), "House: its entry");
    rod_definitions_clear(&defs);
    e = rod_lookup_define(l, "quux", &defs, err, sizeof err);
    CHECK(e == ROD_LOOKUP_OK && defs.n == 0, "a word not there: no entry, no error");
    rod_definitions_clear(&defs);
    rod_lookup_free(l);

    o.book_lang = "ru";
    e = rod_lookup_open(&o, &l, err, sizeof err);
    CHECK(e == ROD_LOOKUP_NO_DICT && strstr(err, "dict-freedict-rus-eng"),
          "a Russian book without a Russian dictionary names the package missing");
    if (e == ROD_LOOKUP_OK)
        rod_lookup_free(l);
    snprintf(path, sizeof path, "%s/fixture.index", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/fixture.dict.dz", dir);
    unlink(path);
}

/* A hostile variant: opening or reading fails with FORMAT and says why. */
static void hostile(const char *what, unsigned claim_len, int claim_count, unsigned size_extra, const char *want)
{
    make_dict("hostile", claim_len, claim_count, size_extra, NULL);
    char path[512], err[512] = "";
    snprintf(path, sizeof path, "%s/hostile.index", dir);
    rod_dict *d = NULL;
    rod_lookup_err e = rod_dict_open(path, &d, err, sizeof err);
    if (e == ROD_LOOKUP_OK) {
        /* then every entry must read or fail cleanly */
        for (size_t i = 0; i < NENTRIES && e == ROD_LOOKUP_OK; i++) {
            rod_dict_hit h = {NULL, entries[i].off, entries[i].len};
            char *t = NULL;
            e = rod_dict_entry(d, &h, &t, err, sizeof err);
            free(t);
        }
        rod_dict_free(d);
    }
    if (!CHECK(e == ROD_LOOKUP_FORMAT && strstr(err, want), what))
        printf("# got %d: %s\n", e, err);
}

static void test_hostile(void)
{
    hostile("a table claiming more chunks than it holds is refused", 0, 400, 0, "claims 400 chunks");
    hostile("chunks said to end past the file are refused", 0, -1, 60000, "past the file");
    hostile("a chunk length smaller than a chunk inflates to is caught", 32, -1, 0, "more than the chunk length");
    hostile("a chunk length larger than the chunks is caught", 200, -1, 0, "not the chunk length");
    hostile("a chunk length of 0 is refused", 0, 0, 0, "0 chunks");
    /* a chunk's bytes shifted: it does not inflate */
    hostile("a chunk table off by a byte gives a clear inflate error", 0, -1, 1, "chunk");

    /* broken index lines: a warning, no crash, the good entries found */
    make_dict("badindex", 0, -1, 0, "zzz\t!!\tB\nzzz2\n");
    char path[512], err[512];
    snprintf(path, sizeof path, "%s/badindex.index", dir);
    rod_dict *d = NULL;
    rod_lookup_err e = rod_dict_open(path, &d, err, sizeof err);
    CHECK(e == ROD_LOOKUP_OK, "an index with broken lines opens");
    if (d) {
        rod_dict_hit *hits = NULL;
        size_t n = 0, cap = 0;
        e = rod_dict_find(d, "zzz", &hits, &n, &cap, 10, err, sizeof err);
        CHECK(e == ROD_LOOKUP_FORMAT && strstr(err, "badindex.index:") && strstr(err, "base 64"),
              "a line whose offset is not base 64 is named by file and line");
        e = rod_dict_find(d, "zzz2", &hits, &n, &cap, 10, err, sizeof err);
        CHECK(e == ROD_LOOKUP_FORMAT && strstr(err, "without offset"), "a line without numbers is named");
        CHECK_STR(find(d, "walk"), "walk", "the good lines are still found");
        for (size_t i = 0; i < n; i++)
            free(hits[i].headword);
        free(hits);
        rod_dict_free(d);
    }
    /* not gzip: read as a plain .dict */
    snprintf(path, sizeof path, "%s/plain.dict.dz", dir);
    FILE *f = fopen(path, "w");
    fputs("hello dictionary", f);
    fclose(f);
    rod_dictzip *dz = NULL;
    e = rod_dictzip_open(path, &dz, err, sizeof err);
    char *t = NULL;
    CHECK(e == ROD_LOOKUP_OK && rod_dictzip_read(dz, 6, 10, &t, NULL, err, sizeof err) == ROD_LOOKUP_OK &&
              strcmp(t, "dictionary") == 0,
          "a file that is not gzip is read as plain text");
    free(t);
    rod_dictzip_free(dz);
    /* a gzip without dictzip's table */
    f = fopen(path, "wb");
    fwrite("\x1f\x8b\x08\x00\0\0\0\0\0\3abc", 1, 13, f);
    fclose(f);
    e = rod_dictzip_open(path, &dz, err, sizeof err);
    CHECK(e == ROD_LOOKUP_FORMAT && strstr(err, "without dictzip"), "plain gzip is refused with the reason");
    /* a header cut short */
    f = fopen(path, "wb");
    fwrite("\x1f\x8b\x08\x04\0\0\0\0\0\3\xff\x00RA", 1, 14, f);
    fclose(f);
    e = rod_dictzip_open(path, &dz, err, sizeof err);
    CHECK(e == ROD_LOOKUP_FORMAT && strstr(err, "passes the end"), "an extra field longer than the file is refused");
    unlink(path);
    const char *names[] = {"hostile", "badindex"};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s.index", dir, names[i]);
        unlink(path);
        snprintf(path, sizeof path, "%s/%s.dict.dz", dir, names[i]);
        unlink(path);
    }
}

/* ---- the installed dictionaries ---- */

static int exists(const char *p)
{
    return access(p, R_OK) == 0;
}

/* Every 61st headword of an installed index is found at its own line:
 * the bisection agrees with the order dictd sorted it in. */
static void every_headword(const char *name, const char *package)
{
    char path[512], what[256];
    snprintf(path, sizeof path, "/usr/share/dictd/%s.index", name);
    snprintf(what, sizeof what, "every 61st headword of the installed %s is found where its index has it", name);
    if (!exists(path)) {
        char why[128];
        snprintf(why, sizeof why, "%s is not installed", package);
        tap_skip(what, why);
        return;
    }
    rod_dict *d = NULL;
    char err[512];
    if (rod_dict_open(path, &d, err, sizeof err) != ROD_LOOKUP_OK) {
        CHECK(0, what);
        printf("# %s\n", err);
        return;
    }
    FILE *f = fopen(path, "r");
    char line[1024];
    size_t no = 0, tried = 0, missed = 0;
    while (fgets(line, sizeof line, f)) {
        if (no++ % 61)
            continue;
        char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t2)
            continue;
        *t1 = '\0';
        *t2 = '\0';
        char *fold = rod_lookup_fold(line);
        int empty = !fold || !fold[0];
        free(fold);
        if (empty)
            continue;
        uint64_t off;
        rod_dict_number(t1 + 1, strlen(t1 + 1), &off);
        rod_dict_hit *hits = NULL;
        size_t n = 0, cap = 0;
        rod_dict_find(d, line, &hits, &n, &cap, 1000, NULL, 0);
        int hit = 0;
        for (size_t i = 0; i < n; i++) {
            hit |= hits[i].offset == off;
            free(hits[i].headword);
        }
        free(hits);
        tried++;
        if (!hit && missed++ < 5)
            printf("# %s: %s not found\n", name, line);
    }
    fclose(f);
    rod_dict_free(d);
    snprintf(what + strlen(what), sizeof what - strlen(what), " (%zu tried, %zu missed)", tried, missed);
    CHECK(tried > 100 && missed == 0, what);
}

static void installed(void)
{
    every_headword("wn", "dict-wn");
    every_headword("gcide", "dict-gcide");
    every_headword("freedict-fra-eng", "dict-freedict-fra-eng");
    every_headword("freedict-deu-eng", "dict-freedict-deu-eng");

    rod_lookup_opts o = {.book_lang = "en"};
    rod_lookup *l = NULL;
    char err[1024];
    if (rod_lookup_open(&o, &l, err, sizeof err) != ROD_LOOKUP_OK) {
        tap_skip("house in the installed English dictionaries", err);
        tap_skip("walked through hunspell's stem", err);
        return;
    }
    rod_definitions defs = {0};
    rod_lookup_define(l, "house", &defs, err, sizeof err);
    int wn = 0, gcide = 0;
    for (size_t i = 0; i < defs.n; i++) {
        wn |= strcmp(defs.v[i].dict, "wn") == 0 && strstr(defs.v[i].text, "a dwelling that serves as living quarters");
        gcide |= strcmp(defs.v[i].dict, "gcide") == 0 && strstr(defs.v[i].text, "habitation");
    }
    if (exists("/usr/share/dictd/wn.index"))
        CHECK(wn, "house in wn: \"a dwelling that serves as living quarters\"");
    else
        tap_skip("house in wn", "dict-wn is not installed");
    if (exists("/usr/share/dictd/gcide.index"))
        CHECK(gcide, "house in gcide: \"habitation\"");
    else
        tap_skip("house in gcide", "dict-gcide is not installed");
    rod_definitions_clear(&defs);
    if (rod_lookup_has_stems(l) && exists("/usr/share/dictd/wn.index")) {
        rod_lookup_define(l, "walked", &defs, err, sizeof err);
        int stem = 0;
        for (size_t i = 0; i < defs.n; i++)
            stem |= defs.v[i].via == ROD_VIA_STEM && strcmp(defs.v[i].headword, "walk") == 0 &&
                    strcmp(defs.v[i].dict, "wn") == 0;
        CHECK(stem, "walked finds wn's walk through hunspell's stem");
        rod_definitions_clear(&defs);
        /* hunspell is case-sensitive; a sentence's first word is asked
         * about in lower case too (en_US knows no mice -> mouse) */
        rod_lookup_define(l, "Houses", &defs, err, sizeof err);
        int house = 0;
        for (size_t i = 0; i < defs.n; i++)
            house |= strcmp(defs.v[i].dict, "wn") == 0 && strcmp(defs.v[i].headword, "house") == 0 &&
                     defs.v[i].via == ROD_VIA_STEM;
        CHECK(house, "Houses (capitalised) finds wn's house through the stemmer");
        rod_definitions_clear(&defs);
    } else {
        tap_skip("walked through hunspell's stem", "hunspell-en-us or dict-wn is not installed");
        tap_skip("Houses through hunspell's stem", "hunspell-en-us or dict-wn is not installed");
    }
    rod_lookup_free(l);

    o.book_lang = "fr";
    o.reader_lang = "en_US.UTF-8";
    if (rod_lookup_open(&o, &l, err, sizeof err) == ROD_LOOKUP_OK) {
        rod_lookup_define(l, "Maisons", &defs, err, sizeof err);
        int house = 0;
        for (size_t i = 0; i < defs.n; i++)
            house |= strstr(defs.v[i].text, "house") != NULL;
        CHECK(house && strcmp(rod_lookup_dicts(l), "freedict-fra-eng") == 0,
              "a French book: Maisons finds 'house' in freedict-fra-eng");
        rod_definitions_clear(&defs);
        rod_lookup_free(l);
    } else {
        tap_skip("a French book's word", err);
    }
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/rod-lookup-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_numbers();
    test_fold();
    test_fixture();
    test_allchars();
    test_hostile();
    installed();
    rmdir(dir);
    return tap_done();
}
