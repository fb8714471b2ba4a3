/* rod_strmap.h — a map from strings to pointers, for the importers' id and
 * path tables (an EPUB's manifest, "chapter.xhtml#note-3" → node).
 *
 *   rod_strmap m = ROD_STRMAP_INIT;
 *   rod_strmap_put(&m, "a", ptr);
 *   void *v = rod_strmap_get(&m, "a");     // NULL when absent
 *   rod_strmap_free(&m);
 *
 * Ownership: the map copies its keys and frees them; values are borrowed.
 * Errors: rod_strmap_put returns false when memory runs out (the map is
 * unchanged). A NULL value cannot be told from an absent key.
 */
#ifndef ROD_STRMAP_H
#define ROD_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct rod_strmap_slot {
    char *key;
    void *value;
} rod_strmap_slot;

typedef struct rod_strmap {
    rod_strmap_slot *slots;
    size_t n, cap;          /* cap is 0 or a power of two */
} rod_strmap;

#define ROD_STRMAP_INIT {NULL, 0, 0}

void rod_strmap_free(rod_strmap *map);
/* Sets key to value, replacing an old value. */
bool rod_strmap_put(rod_strmap *map, const char *key, void *value);
void *rod_strmap_get(const rod_strmap *map, const char *key);

#endif
