/* dict.c — one dictd dictionary: its index searched, its entries read.
 *
 * The index is read whole into memory (wn's is 3 MB, freedict-deu-eng's
 * 13 MB) and searched in place by bisection over bytes: the middle byte's
 * line is found by stepping back to the newline before it, so nothing is
 * parsed or allocated per line. The index is sorted the way dictd sorts
 * it, which is not byte order. By default (dictfmt without --allchars)
 * headwords are ordered like `sort -df`: ASCII case folded, only letters,
 * digits and blanks counted, bytes above 0x7F as they are. An index with
 * a "00-database-allchars" entry (wn's) counts every byte, case folded.
 * Both orders were checked against every line of the installed gcide, wn
 * and freedict indexes (tests/test_lookup.c does it again). The bisection
 * finds the first line at or after the key in that order; the lines
 * after it that compare equal are the candidates, and of those the ones
 * whose folded headword (fold.c) equals the folded word are hits.
 *
 * ICU's folding is not dictd's order (É and é differ in it), so a word is
 * searched in several spellings: as given, in lower case, title case,
 * and folded (accents and punctuation gone).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lookup_internal.h"
#include "rod_lookup.h"

struct rod_dict {
    char *name;
    char *path;                 /* the index */
    char *text;                 /* the index's bytes, NUL-terminated */
    size_t len;
    bool allchars;              /* ordered over every byte */
    rod_dictzip *data;
};

rod_lookup_err lookup_fail(char *err, size_t n, rod_lookup_err code, const char *fmt, ...)
{
    if (err && n) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, n, fmt, ap);
        va_end(ap);
    }
    return code;
}

bool rod_dict_number(const char *s, size_t len, uint64_t *out)
{
    if (len == 0 || len > 8)
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned d;
        if (c >= 'A' && c <= 'Z')
            d = c - 'A';
        else if (c >= 'a' && c <= 'z')
            d = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            d = c - '0' + 52;
        else if (c == '+')
            d = 62;
        else if (c == '/')
            d = 63;
        else
            return false;
        v = v * 64 + d;
    }
    *out = v;
    return true;
}

/* ---- the order ---- */

static bool counted(unsigned char c, bool all)
{
    if (all || c >= 0x80)
        return true;
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ';
}

static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* a[0..an) against b[0..bn) in the index's order */
static int order(const char *a, size_t an, const char *b, size_t bn, bool all)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (i < an && !counted((unsigned char)a[i], all))
            i++;
        while (j < bn && !counted((unsigned char)b[j], all))
            j++;
        if (i == an || j == bn)
            return (i < an) - (j < bn);
        unsigned char x = lower((unsigned char)a[i]), y = lower((unsigned char)b[j]);
        if (x != y)
            return x < y ? -1 : 1;
        i++;
        j++;
    }
}

/* The line holding byte at: [*start, *end) without its newline. */
static void line_at(const rod_dict *d, size_t at, size_t *start, size_t *end)
{
    size_t s = at;
    while (s > 0 && d->text[s - 1] != '\n')
        s--;
    const char *nl = memchr(d->text + at, '\n', d->len - at);
    *start = s;
    *end = nl ? (size_t)(nl - d->text) : d->len;
}

static size_t head_len(const rod_dict *d, size_t start, size_t end)
{
    const char *tab = memchr(d->text + start, '\t', end - start);
    return tab ? (size_t)(tab - (d->text + start)) : end - start;
}

/* The first line start whose headword is not before key. */
static size_t lower_bound(const rod_dict *d, const char *key, size_t klen)
{
    size_t lo = 0, hi = d->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2, s, e;
        line_at(d, mid, &s, &e);
        if (order(d->text + s, head_len(d, s, e), key, klen, d->allchars) < 0)
            lo = e < d->len ? e + 1 : d->len;
        else
            hi = s;
    }
    return lo;
}

/* ---- opening ---- */

rod_lookup_err rod_dict_open(const char *index_path, rod_dict **out, char *err, size_t n)
{
    *out = NULL;
    rod_lookup_err e = ROD_LOOKUP_OK;
    FILE *f = NULL;
    char *data_path = NULL;
    rod_dict *d = calloc(1, sizeof *d);
    if (!d || !(d->path = strdup(index_path))) {
        e = lookup_fail(err, n, ROD_LOOKUP_NOMEM, "%s: out of memory", index_path);
        goto cleanup;
    }
    const char *base = strrchr(index_path, '/');
    base = base ? base + 1 : index_path;
    size_t blen = strlen(base), plen = strlen(index_path);
    if (blen > 6 && strcmp(base + blen - 6, ".index") == 0)
        blen -= 6, plen -= 6;
    d->name = strndup(base, blen);
    data_path = malloc(plen + 16);
    if (!d->name || !data_path) {
        e = lookup_fail(err, n, ROD_LOOKUP_NOMEM, "%s: out of memory", index_path);
        goto cleanup;
    }
    f = fopen(index_path, "rb");
    if (!f) {
        e = lookup_fail(err, n, ROD_LOOKUP_IO, "%s: %s", index_path, strerror(errno));
        goto cleanup;
    }
    if (fseek(f, 0, SEEK_END) != 0 || ftell(f) < 0) {
        e = lookup_fail(err, n, ROD_LOOKUP_IO, "%s: cannot seek", index_path);
        goto cleanup;
    }
    long size = ftell(f);
    if (size > ROD_DICT_INDEX_MAX) {
        e = lookup_fail(err, n, ROD_LOOKUP_FORMAT, "%s: an index of %ld bytes is larger than %d", index_path, size,
                 ROD_DICT_INDEX_MAX);
        goto cleanup;
    }
    rewind(f);
    d->len = (size_t)size;
    d->text = malloc(d->len + 1);
    if (!d->text) {
        e = lookup_fail(err, n, ROD_LOOKUP_NOMEM, "%s: out of memory", index_path);
        goto cleanup;
    }
    if (fread(d->text, 1, d->len, f) != d->len) {
        e = lookup_fail(err, n, ROD_LOOKUP_IO, "%s: cannot read", index_path);
        goto cleanup;
    }
    d->text[d->len] = '\0';
    if (memchr(d->text, '\0', d->len)) {
        e = lookup_fail(err, n, ROD_LOOKUP_FORMAT, "%s: a NUL byte in an index (not a dictd index?)", index_path);
        goto cleanup;
    }
    d->allchars = strncmp(d->text, "00-database-allchars\t", 21) == 0 ||
                  strstr(d->text, "\n00-database-allchars\t") != NULL;
    memcpy(data_path, index_path, plen);
    strcpy(data_path + plen, ".dict.dz");
    FILE *probe = fopen(data_path, "rb");
    if (!probe)
        strcpy(data_path + plen, ".dict");
    else
        fclose(probe);
    e = rod_dictzip_open(data_path, &d->data, err, n);
cleanup:
    if (f)
        fclose(f);
    free(data_path);
    if (e != ROD_LOOKUP_OK) {
        rod_dict_free(d);
        return e;
    }
    *out = d;
    return ROD_LOOKUP_OK;
}

void rod_dict_free(rod_dict *d)
{
    if (!d)
        return;
    free(d->name);
    free(d->path);
    free(d->text);
    rod_dictzip_free(d->data);
    free(d);
}

const char *rod_dict_name(const rod_dict *d)
{
    return d->name;
}

/* ---- finding ---- */

/* Line number of byte at, for messages. */
static size_t line_no(const rod_dict *d, size_t at)
{
    size_t no = 1;
    for (size_t i = 0; i < at; i++)
        no += d->text[i] == '\n';
    return no;
}

static rod_lookup_err add_hit(rod_dict *d, size_t s, size_t e, rod_dict_hit **hits, size_t *n, size_t *cap,
                              char *err, size_t en)
{
    const char *line = d->text + s;
    size_t hl = head_len(d, s, e);
    const char *p = line + hl;
    const char *t1 = p < d->text + e ? memchr(p + 1, '\t', (size_t)(d->text + e - p - 1)) : NULL;
    if (p >= d->text + e || !t1)
        return lookup_fail(err, en, ROD_LOOKUP_FORMAT, "%s:%zu:1: an index line without offset and length", d->path,
                    line_no(d, s));
    const char *t2 = memchr(t1 + 1, '\t', (size_t)(d->text + e - t1 - 1));
    const char *end = t2 ? t2 : d->text + e;
    uint64_t off, len;
    if (!rod_dict_number(p + 1, (size_t)(t1 - p - 1), &off) ||
        !rod_dict_number(t1 + 1, (size_t)(end - t1 - 1), &len))
        return lookup_fail(err, en, ROD_LOOKUP_FORMAT, "%s:%zu:%zu: an offset or length that is not dictd's base 64",
                    d->path, line_no(d, s), hl + 2);
    for (size_t i = 0; i < *n; i++)
        if ((*hits)[i].offset == off && (*hits)[i].length == len)
            return ROD_LOOKUP_OK;
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        rod_dict_hit *v = realloc(*hits, nc * sizeof *v);
        if (!v)
            return lookup_fail(err, en, ROD_LOOKUP_NOMEM, "out of memory");
        *hits = v;
        *cap = nc;
    }
    char *h = strndup(line, hl);
    if (!h)
        return lookup_fail(err, en, ROD_LOOKUP_NOMEM, "out of memory");
    (*hits)[(*n)++] = (rod_dict_hit){h, off, len};
    return ROD_LOOKUP_OK;
}

static rod_lookup_err find_one(rod_dict *d, const char *key, const char *folded, rod_dict_hit **hits, size_t *n,
                               size_t *cap, size_t max, char *err, size_t en)
{
    size_t klen = strlen(key);
    size_t at = lower_bound(d, key, klen);
    /* the lines equal to key in the index's order; a common word's run is
     * short, but an index of lines all "equal" (all punctuation) must not
     * make this read the whole file for nothing: 200 lines at most */
    for (int seen = 0; at < d->len && seen < 200 && *n < max; seen++) {
        size_t s, e;
        line_at(d, at, &s, &e);
        size_t hl = head_len(d, s, e);
        if (order(d->text + s, hl, key, klen, d->allchars) != 0)
            break;
        char *h = strndup(d->text + s, hl);
        if (!h)
            return lookup_fail(err, en, ROD_LOOKUP_NOMEM, "out of memory");
        char *hf = rod_lookup_fold(h);
        free(h);
        bool same = hf && strcmp(hf, folded) == 0;
        free(hf);
        if (same) {
            rod_lookup_err r = add_hit(d, s, e, hits, n, cap, err, en);
            if (r != ROD_LOOKUP_OK)
                return r;
        }
        at = e + 1;
    }
    return ROD_LOOKUP_OK;
}

rod_lookup_err rod_dict_find(rod_dict *d, const char *word, rod_dict_hit **hits, size_t *n, size_t *cap,
                             size_t max, char *err, size_t en)
{
    char *folded = rod_lookup_fold(word);
    if (!folded)
        return lookup_fail(err, en, ROD_LOOKUP_NOMEM, "'%s' cannot be folded (not UTF-8, or no memory)", word);
    if (!folded[0]) {
        free(folded);
        return ROD_LOOKUP_OK;   /* punctuation alone names nothing */
    }
    char *forms[5] = {NULL};
    forms[0] = strdup(word);
    forms[1] = lookup_recase(word, false);
    forms[2] = lookup_recase(word, true);
    forms[3] = strdup(folded);
    forms[4] = lookup_recase(folded, true);
    rod_lookup_err r = ROD_LOOKUP_OK;
    for (int i = 0; i < 5 && r == ROD_LOOKUP_OK; i++) {
        if (!forms[i]) {
            r = lookup_fail(err, en, ROD_LOOKUP_NOMEM, "out of memory");
            break;
        }
        bool again = false;
        for (int j = 0; j < i; j++)
            again |= strcmp(forms[i], forms[j]) == 0;
        if (!again)
            r = find_one(d, forms[i], folded, hits, n, cap, max, err, en);
    }
    for (int i = 0; i < 5; i++)
        free(forms[i]);
    free(folded);
    return r;
}

rod_lookup_err rod_dict_entry(rod_dict *d, const rod_dict_hit *hit, char **out, char *err, size_t n)
{
    return rod_dictzip_read(d->data, hit->offset, hit->length, out, NULL, err, n);
}
