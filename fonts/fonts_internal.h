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
/* True and *width when (spec, s[0..n)) was stored; with ncuts > 0 only
 * when it was stored with the same cuts, whose widths go to at. */
bool width_cache_get(width_cache *cache, uint32_t spec, const char *s, size_t n, const size_t *cuts, size_t ncuts,
                     int *width, int *at);
/* Stores a width and (ncuts > 0) the widths at[] of the prefixes at cuts[],
 * both copied; on memory trouble the cache is emptied (or the prefixes
 * dropped) and goes on. */
void width_cache_put(width_cache *cache, uint32_t spec, const char *s, size_t n, const size_t *cuts, size_t ncuts,
                     const int *at, int width);

/* ---- scripts (scripts.c): the faces to prefer for each ---- */

/* The script (a UScriptCode) a character is drawn in, for choosing its
 * face: ICU's, but CJK punctuation and full-width forms count as Han;
 * USCRIPT_COMMON for characters of no one script. */
int font_script_of(uint32_t cp);
/* For a script in a book of language lang (BCP 47 or NULL): the families
 * to try first, in order (NULL-terminated, static); the language to ask
 * fontconfig for (static, or NULL); the Debian package that would add a
 * face; the script's English name ("Han", "Hebrew"; "symbols" for
 * USCRIPT_COMMON). All static. */
const char *const *font_script_families(int script, const char *lang);
const char *font_script_lang(int script, const char *lang);
const char *font_script_package(int script, const char *lang);
const char *font_script_name(int script);

/* ---- shaping (shape.c, the one file that talks to HarfBuzz and
 * FreeType) ---- */

/* A FreeType library and a reused HarfBuzz buffer; NULL when FreeType
 * cannot start. Free the shapers made from it first. */
typedef struct shape_lib shape_lib;
shape_lib *shape_lib_new(void);
void shape_lib_free(shape_lib *lib);

/* One face of a file at a size in pixels, shaped as SDL2_ttf shapes it,
 * synth the styles made up (slanted, emboldened) when drawn; NULL when the
 * file does not open. shaper_free accepts NULL. */
enum { SHAPE_ITALIC = 1, SHAPE_BOLD = 2 };
typedef struct shaper shaper;
shaper *shaper_new(shape_lib *lib, const char *path, int index, unsigned size, unsigned synth);
void shaper_free(shaper *sh);

/* Shapes s[0..n) once (right to left with rtl: glyphs in visual order,
 * parentheses mirrored; the script is guessed from the text when it may be
 * one that joins or reads right to left); returns its advance in 1/64 px and writes to at[i]
 * the advance (1/64 px) of the text before byte cuts[i] as drawn alone
 * (without kerning across the cut), for ncuts ascending offsets in 0..n;
 * SHAPE_INSIDE for an offset inside a cluster (a ligature). */
enum { SHAPE_INSIDE = INT32_MIN };
int32_t shaper_run(shape_lib *lib, shaper *sh, const char *s, size_t n, bool rtl, const size_t *cuts,
                   size_t ncuts, int32_t *at);

/* A glyph to draw: coverage (0..255, w * h bytes, borrowed until the
 * next call) with its top left at (x, y) on the surface's grid. */
typedef struct shape_glyph {
    int x, y, w, h;
    const uint8_t *coverage;
} shape_glyph;
typedef void (*shape_paint_fn)(void *user, const shape_glyph *g);

/* Shapes s[0..n) as shaper_run does and hands each glyph to fn, placed
 * with the run's pen origin at x64 (1/64 px) and its baseline at y, each
 * glyph rendered at its position to the quarter pixel (rendered once per
 * quarter, then kept). Returns the advance in 1/64 px. */
int32_t shaper_paint(shape_lib *lib, shaper *sh, const char *s, size_t n, bool rtl, int64_t x64, int y,
                     shape_paint_fn fn, void *user);

#endif
