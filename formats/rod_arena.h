/* rod_arena.h — one memory arena per book.
 *
 * Everything a parsed book owns (nodes, text, attribute values, binary data)
 * is carved out of one arena and released by one rod_arena_free(). Nothing
 * allocated here is freed on its own; that is the point: a 3 MB novel turns
 * into a few hundred thousand small objects and freeing them one by one
 * would cost more than parsing.
 *
 * Ownership: rod_arena_new() gives the caller an arena; rod_arena_free()
 * takes it back (NULL is accepted). Pointers returned by the allocation
 * functions belong to the arena and die with it.
 * Errors: allocation functions return NULL when memory runs out; the arena
 * stays usable.
 */
#ifndef ROD_ARENA_H
#define ROD_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct rod_arena rod_arena;

rod_arena *rod_arena_new(void);
void rod_arena_free(rod_arena *arena);

/* n bytes aligned for any object type, zero-filled. */
void *rod_arena_alloc(rod_arena *arena, size_t n);

/* A NUL-terminated copy of s[0..n). */
char *rod_arena_strndup(rod_arena *arena, const char *s, size_t n);
char *rod_arena_strdup(rod_arena *arena, const char *s);

/* Grows the newest allocation p (old_n bytes) to new_n bytes in place
 * when the current chunk has room, and says whether it did; the added
 * bytes are not zeroed. For text that arrives in pieces: appending to the
 * last string costs its new bytes, not a copy of the whole. */
bool rod_arena_extend(rod_arena *arena, void *p, size_t old_n, size_t new_n);

/* Bytes handed out so far (for benchmarks and memory reports). */
size_t rod_arena_used(const rod_arena *arena);

#endif
