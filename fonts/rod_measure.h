/* rod_measure.h — the only thing the layout engine knows about fonts.
 *
 * The layout engine asks three questions: how wide is this text in this
 * face at this size, how wide is it up to each of some points inside it
 * (a word's hyphenation points: one shaping answers for all of them, and
 * the word's pieces then add up to exactly the word), and how tall is a
 * line of it. Real fonts (rod_fonts.h)
 * answer with SDL2_ttf and HarfBuzz; the tests answer with a fake font of
 * fixed advances so that every line break is exact and known in advance.
 *
 * Units are pixels. A rod_font_spec names a face by role (the book face or
 * the monospace face), style bits and size; the implementation decides
 * which file and which fallback faces stand behind it.
 *
 * Ownership: a rod_measure is a small value; ctx is borrowed from whoever
 * made it and must outlive every use. The functions never fail: text a
 * face cannot measure (invalid UTF-8, nothing installed) measures as 0.
 */
#ifndef ROD_MEASURE_H
#define ROD_MEASURE_H

#include <stddef.h>
#include <stdint.h>

enum {
    ROD_FONT_ITALIC = 1,
    ROD_FONT_BOLD = 2,
    ROD_FONT_SMALLCAPS = 4,     /* lower case drawn as smaller capitals */
    ROD_FONT_RTL = 8,           /* shaped and drawn right to left (bidi.c) */
};

typedef enum rod_family { ROD_FAMILY_BOOK, ROD_FAMILY_MONO, ROD_FAMILY_COUNT } rod_family;

typedef struct rod_font_spec {
    uint8_t family;             /* rod_family */
    uint8_t style;              /* ROD_FONT_* bits */
    uint16_t size;              /* pixels per em */
} rod_font_spec;

typedef struct rod_measure {
    void *ctx;
    /* Advance width of UTF-8 text s[0..n), shaped (kerning, ligatures). */
    int (*width)(void *ctx, rod_font_spec font, const char *s, size_t n);
    /* The same width, and in at[i] the width of the prefix s[0..cuts[i])
     * for each of ncuts byte offsets, ascending, at character boundaries
     * in 0..n, from one shaping of the whole text where it can: the
     * prefix as drawn alone (at a hyphen), which differs from it shaped
     * alone only by contextual forms (a cut inside a ligature is shaped
     * alone). NULL: the engine measures each prefix with width(). */
    int (*widths)(void *ctx, rod_font_spec font, const char *s, size_t n, const size_t *cuts, size_t ncuts,
                  int *at);
    /* Distance from the baseline up to the top of the tallest glyphs and
     * down to the bottom of the deepest, for the line's vertical metrics. */
    void (*extent)(void *ctx, rod_font_spec font, int *ascent, int *descent);
} rod_measure;

#endif
