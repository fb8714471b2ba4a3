/* arena.c — bump allocator behind every book's nodes and text.
 *
 * Chunks grow geometrically (64 KiB up to 4 MiB) and requests larger than a
 * quarter of a chunk get a chunk of their own, so a big binary image does not
 * waste the tail of the current chunk. Memory is zero-filled because nodes
 * rely on NULL/0 defaults. A malloc per node was the alternative turned
 * down: it doubles the parse time of a large book and fragments the heap.
 */
#include "rod_arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rod_mem.h"

typedef struct chunk {
    struct chunk *next;
    size_t size;
    size_t used;
    max_align_t data[];
} chunk;

struct rod_arena {
    chunk *head;
    size_t next_size;
    size_t total;
};

enum { ARENA_FIRST = 64 * 1024, ARENA_MAX = 4 * 1024 * 1024 };

rod_arena *rod_arena_new(void)
{
    rod_arena *arena = calloc(1, sizeof *arena);
    if (arena)
        arena->next_size = ARENA_FIRST;
    return arena;
}

void rod_arena_free(rod_arena *arena)
{
    if (!arena)
        return;
    chunk *c = arena->head;
    while (c) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    free(arena);
}

static chunk *chunk_new(size_t size)
{
    chunk *c = malloc(sizeof(chunk) + size);
    if (!c)
        return NULL;
    rod_mem_large(c, sizeof(chunk) + size);
    c->next = NULL;
    c->size = size;
    c->used = 0;
    return c;
}

/* Allocation without clearing, for copies that overwrite every byte. */
static void *alloc_raw(rod_arena *arena, size_t n)
{
    const size_t align = _Alignof(max_align_t);
    if (n > SIZE_MAX - align)
        return NULL;
    n = (n + align - 1) & ~(align - 1);
    if (n == 0)
        n = align;

    chunk *c = arena->head;
    if (!c || c->size - c->used < n) {
        if (n > arena->next_size / 4) {
            /* A big request gets its own chunk, linked behind the current one
             * so the current chunk's free tail stays in use. */
            chunk *big = chunk_new(n);
            if (!big)
                return NULL;
            big->used = n;
            if (c) {
                big->next = c->next;
                c->next = big;
            } else {
                arena->head = big;
            }
            arena->total += n;
            return big->data;
        }
        c = chunk_new(arena->next_size);
        if (!c)
            return NULL;
        c->next = arena->head;
        arena->head = c;
        if (arena->next_size < ARENA_MAX)
            arena->next_size *= 2;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    arena->total += n;
    return p;
}

void *rod_arena_alloc(rod_arena *arena, size_t n)
{
    void *p = alloc_raw(arena, n);
    if (p)
        memset(p, 0, n);
    return p;
}

char *rod_arena_strndup(rod_arena *arena, const char *s, size_t n)
{
    if (n == SIZE_MAX)
        return NULL;
    char *copy = alloc_raw(arena, n + 1);
    if (!copy)
        return NULL;
    if (n)
        memcpy(copy, s, n);
    copy[n] = '\0';
    return copy;
}

char *rod_arena_strdup(rod_arena *arena, const char *s)
{
    return rod_arena_strndup(arena, s, strlen(s));
}

static size_t aligned(size_t n)
{
    const size_t align = _Alignof(max_align_t);
    n = (n + align - 1) & ~(align - 1);
    return n ? n : align;
}

bool rod_arena_extend(rod_arena *arena, void *p, size_t old_n, size_t new_n)
{
    chunk *c = arena->head;
    if (!c || !p || new_n < old_n || new_n > SIZE_MAX / 2)
        return false;
    char *base = (char *)c->data;
    if ((char *)p < base || (char *)p + aligned(old_n) != base + c->used)
        return false;       /* not the newest allocation of the current chunk */
    size_t start = (size_t)((char *)p - base), grown = aligned(new_n);
    if (grown > c->size - start)
        return false;
    arena->total += grown - aligned(old_n);
    c->used = start + grown;
    return true;
}

size_t rod_arena_used(const rod_arena *arena)
{
    return arena->total;
}
