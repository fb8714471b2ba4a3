/* fonts_internal.h — pieces of fonts/ shared between its files. */
#ifndef ROD_FONTS_INTERNAL_H
#define ROD_FONTS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A cache of widths keyed by (spec, text). Owned by its rod_fonts. */
typedef struct width_cache width_cache;

width_cache *width_cache_new(void);
void width_cache_free(width_cache *cache);
/* True and *width when (spec, s[0..n)) was stored. */
bool width_cache_get(width_cache *cache, uint32_t spec, const char *s, size_t n, int *width);
/* Stores a width; on memory trouble the cache is emptied and goes on. */
void width_cache_put(width_cache *cache, uint32_t spec, const char *s, size_t n, int width);

#endif
