/* hyph_prepare.c — a hyphenation dictionary made ready for libhyphen.
 *
 * libhyphen runs Liang's patterns as a finite automaton whose states are
 * the prefixes of the patterns, and at each letter it adds in the digits
 * of the state it is in only, not those of the shorter patterns ending at
 * the same letter. Its README therefore asks for "prepared" patterns
 * (its substrings.pl): every state carrying the digits of every pattern
 * that is a suffix of it. Debian ships most files prepared (en, fr, nl)
 * but not Russian's or the German second level, and with those libhyphen
 * silently finds too few points: "мо-жет" and "се-мьи" had none, "че-ло-
 * ве-ку" came out "че-лове-ку". So a file is prepared here on load,
 * in memory, and handed to libhyphen through fmemopen; preparing a
 * prepared file changes nothing.
 *
 * Why suffixes suffice: the automaton reaches state S through the states
 * of S's prefixes, one a letter, and each of those carries its own
 * suffixes' digits; a pattern inside S ends at one of them.
 *
 * Not every file: one with two levels (NEXTLEVEL, libhyphen's own
 * extension: compound joins, then hyphens) was written for libhyphen's
 * matching as it is, the longest state only. German's second level has
 * "a1r" and "ar1be": by Liang's rule (the highest digit) "Narbe" is
 * "Na-rbe"; by the longest state, "arbe" alone speaks. Prepared, German
 * gave "Na-rbe", "mit-a-r-bei-tete", "ge-ge-n-ein-an-der". Such a file
 * is handed on unchanged (French's is prepared already: the same either
 * way). In the others, lines that are not plain patterns (the encoding,
 * options, non-standard patterns with '/') are copied as they are. Patterns are bytes:
 * in UTF-8 a pattern can only match at a character boundary, so merging by
 * bytes is merging by characters. The tables are sized by the file (a
 * German file of 77,000 lines makes about 300,000 states) and freed before
 * returning.
 */
#include "layout_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct state {
    const char *key;            /* letters, not NUL-terminated */
    uint32_t len;
    int8_t *own;                /* the pattern's digits (len + 1), or NULL */
    int8_t *all;                /* merged digits (len + 1) */
} state;

typedef struct table {
    state *v;
    size_t n, cap;              /* cap: a power of two */
    char *keys;                 /* letters of every pattern, in one block */
    size_t nkeys;
} table;

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

static state *find(table *t, const char *key, size_t len, bool add)
{
    size_t i = hash(key, len) & (t->cap - 1);
    while (t->v[i].key) {
        if (t->v[i].len == len && memcmp(t->v[i].key, key, len) == 0)
            return &t->v[i];
        i = (i + 1) & (t->cap - 1);
    }
    if (!add)
        return NULL;
    t->v[i].key = key;
    t->v[i].len = (uint32_t)len;
    t->n++;
    return &t->v[i];
}

typedef struct text {
    char *s;
    size_t n, cap;
} text;

static bool put(text *o, const char *s, size_t n)
{
    if (o->n + n + 1 > o->cap) {
        size_t cap = (o->n + n + 1) * 2;
        char *p = realloc(o->s, cap);
        if (!p)
            return false;
        o->s = p;
        o->cap = cap;
    }
    memcpy(o->s + o->n, s, n);
    o->n += n;
    o->s[o->n] = '\0';
    return true;
}

static bool is_pattern_line(const char *s, size_t n)
{
    if (n == 0 || s[0] == '%' || s[0] == '#' || memchr(s, '/', n))
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] >= 'A' && s[i] <= 'Z' && i + 1 < n && s[i + 1] >= 'A' && s[i + 1] <= 'Z')
            return false;       /* an option: LEFTHYPHENMIN 2, NEXTLEVEL */
    return true;
}

/* Prepares patterns lines[0, n) (each a pattern) and appends them. */
static bool prepare_level(const char **lines, const size_t *lens, size_t n, text *out)
{
    bool ok = false;
    table t = {0};
    size_t letters = 0;
    for (size_t i = 0; i < n; i++)
        letters += lens[i];
    t.cap = 16;
    while (t.cap < 2 * letters + 16)
        t.cap *= 2;
    t.v = calloc(t.cap, sizeof *t.v);
    t.keys = malloc(letters + 1);
    int8_t *digits = malloc(letters + n + 1), *merged = NULL;      /* own digits */
    size_t ndigits = 0;
    if (!t.v || !t.keys || !digits)
        goto cleanup;
    /* the patterns */
    for (size_t i = 0; i < n; i++) {
        char *key = t.keys + t.nkeys;
        int8_t d[256] = {0};
        size_t len = 0;
        for (size_t j = 0; j < lens[i] && len < 255; j++) {
            char c = lines[i][j];
            if (c >= '0' && c <= '9')
                d[len] = (int8_t)(c - '0');
            else
                key[len++] = c;
        }
        if (len == 0)
            continue;
        state *s = find(&t, key, len, true);
        if (s->key == key)
            t.nkeys += len;
        if (!s->own) {
            s->own = digits + ndigits;
            memset(s->own, 0, len + 1);
            ndigits += len + 1;
        }
        for (size_t j = 0; j <= len; j++)
            if (d[j] > s->own[j])
                s->own[j] = d[j];
    }
    /* their prefixes are states too (a slot, once taken, never moves, so
     * states added here are met later with no digits of their own, or not
     * at all) */
    for (size_t i = 0; i < t.cap; i++) {
        if (!t.v[i].key || !t.v[i].own)
            continue;
        for (uint32_t e = 1; e < t.v[i].len; e++)
            find(&t, t.v[i].key, e, true);
    }
    size_t nmerged = 0;
    for (size_t i = 0; i < t.cap; i++)
        if (t.v[i].key)
            nmerged += t.v[i].len + 1;
    if (!(merged = malloc(nmerged)))
        goto cleanup;
    nmerged = 0;
    /* each state takes the digits of the patterns that are its suffixes */
    for (size_t i = 0; i < t.cap; i++) {
        state *s = &t.v[i];
        if (!s->key)
            continue;
        s->all = merged + nmerged;
        nmerged += s->len + 1;
        memset(s->all, 0, s->len + 1);
        for (uint32_t a = 0; a < s->len; a++) {
            const state *p = find(&t, s->key + a, s->len - a, false);
            if (p && p->own)
                for (uint32_t j = 0; j <= p->len; j++)
                    if (p->own[j] > s->all[a + j])
                        s->all[a + j] = p->own[j];
        }
    }
    for (size_t i = 0; i < t.cap; i++) {
        const state *s = &t.v[i];
        if (!s->key)
            continue;
        char line[600];
        size_t k = 0;
        bool any = false;
        for (uint32_t j = 0; j <= s->len; j++) {
            if (s->all[j]) {
                line[k++] = (char)('0' + s->all[j]);
                any = true;
            }
            if (j < s->len)
                line[k++] = s->key[j];
        }
        line[k++] = '\n';
        if (any && !put(out, line, k))
            goto cleanup;
    }
    ok = true;
cleanup:
    free(t.v);
    free(t.keys);
    free(digits);
    free(merged);
    return ok;
}

char *hyph_prepare(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    text in = {0}, out = {0};
    const char **lines = NULL;
    size_t *lens = NULL;
    char buf[65536];
    size_t got;
    bool ok = false;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0)
        if (!put(&in, buf, got))
            goto cleanup;
    if (ferror(f) || in.n == 0)
        goto cleanup;
    size_t nlines = 1;
    for (size_t i = 0; i < in.n; i++)
        nlines += in.s[i] == '\n';
    lines = malloc(nlines * sizeof *lines);
    lens = malloc(nlines * sizeof *lens);
    if (!lines || !lens)
        goto cleanup;
    size_t npat = 0;
    bool first = true;
    for (size_t at = 0; at < in.n;) {
        size_t end = at;
        while (end < in.n && in.s[end] != '\n')
            end++;
        const char *s = in.s + at;
        size_t n = end - at;
        while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        while (n && (s[0] == ' ' || s[0] == '\t')) {
            s++;
            n--;
        }
        at = end + 1;
        if (!first && is_pattern_line(s, n) && n < 256) {
            lines[npat] = s;
            lens[npat++] = n;
            continue;
        }
        if (!first && n == 9 && memcmp(s, "NEXTLEVEL", 9) == 0) {
            /* written for libhyphen as it is (see the top) */
            free(out.s);
            out = in;
            in.s = NULL;
            ok = true;
            goto cleanup;
        }
        if (first || (n && s[0] != '%' && s[0] != '#'))
            if (!put(&out, s, n) || !put(&out, "\n", 1))
                goto cleanup;
        first = false;
    }
    if (!prepare_level(lines, lens, npat, &out))
        goto cleanup;
    ok = true;
cleanup:
    fclose(f);
    free(in.s);
    free(lines);
    free(lens);
    if (!ok) {
        free(out.s);
        return NULL;
    }
    *len_out = out.n;
    return out.s;
}
