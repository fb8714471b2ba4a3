/* width_cache.c — every distinct (font, size, style, text) measured once.
 *
 * The layout engine measures word by word, and a novel repeats its words:
 * War and Peace has 560,000 words but about 40,000 distinct ones, so
 * shaping each once turns layout from shaping-bound to hashing-bound. An
 * open-addressing table with linear probing, keys copied into the cache,
 * grown at 70% load. It never shrinks; past a million entries it is
 * emptied (a cache may forget) so a hostile book cannot make it grow
 * without bound.
 *
 * An entry may also hold the widths of the text's prefixes at some byte
 * offsets (a word's hyphenation points), from the same shaping as its
 * width; a look-up asking for prefixes finds the entry only when it holds
 * those very offsets.
 */
#include "fonts_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct entry {
    uint64_t hash;              /* 0: empty */
    char *text;
    uint32_t len;
    uint32_t spec;
    int width;
    uint32_t ncuts;
    size_t *cuts;               /* ncuts offsets, then widths in at */
    int *at;
} entry;

struct width_cache {
    entry *slots;
    size_t cap, used;
};

enum { CACHE_FIRST = 4096, CACHE_LIMIT = 1 << 20 };

static uint64_t hash_key(uint32_t spec, const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull ^ spec;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h ? h : 1;
}

width_cache *width_cache_new(void)
{
    width_cache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->slots = calloc(CACHE_FIRST, sizeof *c->slots);
    if (!c->slots) {
        free(c);
        return NULL;
    }
    c->cap = CACHE_FIRST;
    return c;
}

static void clear(width_cache *c)
{
    for (size_t i = 0; i < c->cap; i++) {
        free(c->slots[i].text);
        free(c->slots[i].cuts);
        free(c->slots[i].at);
    }
    memset(c->slots, 0, c->cap * sizeof *c->slots);
    c->used = 0;
}

void width_cache_free(width_cache *c)
{
    if (!c)
        return;
    clear(c);
    free(c->slots);
    free(c);
}

static entry *find(entry *slots, size_t cap, uint64_t h, uint32_t spec, const char *s, size_t n)
{
    size_t i = (size_t)h & (cap - 1);
    for (;;) {
        entry *e = &slots[i];
        if (!e->hash || (e->hash == h && e->spec == spec && e->len == n && memcmp(e->text, s, n) == 0))
            return e;
        i = (i + 1) & (cap - 1);
    }
}

bool width_cache_get(width_cache *c, uint32_t spec, const char *s, size_t n, const size_t *cuts, size_t ncuts,
                     int *width, int *at)
{
    if (!c || n > UINT32_MAX)
        return false;
    entry *e = find(c->slots, c->cap, hash_key(spec, s, n), spec, s, n);
    if (!e->hash)
        return false;
    if (ncuts) {
        if (e->ncuts != ncuts || memcmp(e->cuts, cuts, ncuts * sizeof *cuts) != 0)
            return false;
        memcpy(at, e->at, ncuts * sizeof *at);
    }
    *width = e->width;
    return true;
}

/* Keeps the prefix widths in e; on memory trouble it keeps none. */
static void set_cuts(entry *e, const size_t *cuts, size_t ncuts, const int *at)
{
    if (!ncuts || ncuts > UINT32_MAX)
        return;
    size_t *nc = malloc(ncuts * sizeof *nc);
    int *na = malloc(ncuts * sizeof *na);
    if (!nc || !na) {
        free(nc);
        free(na);
        return;
    }
    memcpy(nc, cuts, ncuts * sizeof *nc);
    memcpy(na, at, ncuts * sizeof *na);
    free(e->cuts);
    free(e->at);
    e->cuts = nc;
    e->at = na;
    e->ncuts = (uint32_t)ncuts;
}

static bool grow(width_cache *c)
{
    size_t cap = c->cap * 2;
    entry *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < c->cap; i++)
        if (c->slots[i].hash) {
            entry *e = &c->slots[i];
            *find(slots, cap, e->hash, e->spec, e->text, e->len) = *e;
        }
    free(c->slots);
    c->slots = slots;
    c->cap = cap;
    return true;
}

void width_cache_put(width_cache *c, uint32_t spec, const char *s, size_t n, const size_t *cuts, size_t ncuts,
                     const int *at, int width)
{
    if (!c || n > UINT32_MAX)
        return;
    if (c->used >= CACHE_LIMIT)
        clear(c);
    if ((c->used + 1) * 10 > c->cap * 7 && !grow(c)) {
        clear(c);
        return;
    }
    uint64_t h = hash_key(spec, s, n);
    entry *e = find(c->slots, c->cap, h, spec, s, n);
    if (e->hash) {
        e->width = width;
        set_cuts(e, cuts, ncuts, at);
        return;
    }
    char *copy = malloc(n ? n : 1);
    if (!copy)
        return;
    memcpy(copy, s, n);
    *e = (entry){h, copy, (uint32_t)n, spec, width, 0, NULL, NULL};
    set_cuts(e, cuts, ncuts, at);
    c->used++;
}
