/* rod_fonts.h — the fonts a book is set in: found, opened, measured, drawn.
 *
 * A rod_fonts holds two families, the book face and a monospace face, each
 * in regular, italic, bold and bold italic. A family is named as
 * fontconfig knows it ("EB Garamond", "serif") or given as the path of a
 * .ttf/.otf file. Styles a family lacks are synthesized (slanted or
 * emboldened by SDL2_ttf) so every style always exists. Characters the face
 * lacks are drawn from a face made for their script (fonts/scripts.c: IPA
 * Mincho for Japanese, WenQuanYi Zen Hei for Chinese, Ezra SIL, Amiri),
 * else the first installed face fontconfig finds with them, at the same
 * size and on the same baseline, so Greek, Hebrew, symbols or CJK show
 * whenever some font on the system can show them; what none can show is
 * reported (rod_fonts_missing).
 *
 *   char err[256];
 *   rod_fonts *f = rod_fonts_new(NULL, NULL, err, sizeof err);  // defaults
 *   rod_measure m = rod_fonts_measure(f);   // hand to the layout engine
 *   rod_fonts_draw(f, spec, "Text", 4, surface, x, baseline, 0x202020);
 *   rod_fonts_free(f);
 *
 * Widths are cached by (face, style, size, text): a book measures each
 * distinct word once. Shaping is HarfBuzz's (kerning, ligatures), set up
 * as SDL2_ttf sets it; glyphs are rendered by FreeType and drawn at the
 * positions the measuring found, so a text is drawn exactly as wide as it
 * measures.
 *
 * Ownership: rod_fonts_new() gives the caller the set; rod_fonts_free()
 * takes it back and accepts NULL. Strings returned are borrowed from the
 * set. Not thread-safe: one set per thread.
 * Errors: rod_fonts_new() returns NULL and writes a one-line message to err
 * when no usable face is found for a family or SDL2_ttf cannot start.
 */
#ifndef ROD_FONTS_H
#define ROD_FONTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rod_measure.h"

struct SDL_Surface;
typedef struct rod_fonts rod_fonts;

/* book, mono: family names or font file paths; NULL for the defaults
 * (EB Garamond or else the system's serif; DejaVu Sans Mono or else the
 * system's monospace). */
rod_fonts *rod_fonts_new(const char *book, const char *mono, char *err, size_t errlen);
void rod_fonts_free(rod_fonts *fonts);

/* The measuring interface over this set; valid while the set lives. */
rod_measure rod_fonts_measure(rod_fonts *fonts);

/* The family name actually found for a role ("EB Garamond"). */
const char *rod_fonts_family(const rod_fonts *fonts, rod_family family);

/* Draws UTF-8 text with its baseline at (x, y) on dst (any RGB format),
 * blended, in colour 0xRRGGBB. Returns the advance drawn. Glyphs outside
 * dst are clipped. */
int rod_fonts_draw(rod_fonts *fonts, rod_font_spec font, const char *s, size_t n,
                   struct SDL_Surface *dst, int x, int y, uint32_t rgb);

/* Fallback faces opened so far (for characters the book face lacks). */
size_t rod_fonts_fallback_count(const rod_fonts *fonts);

/* The language of the book being set (BCP 47; NULL or "und": unknown),
 * which picks the face for characters several languages share (Han:
 * Japanese, Chinese or Korean forms). Starts a new book: the fallback
 * faces are chosen afresh and what rod_fonts_missing reports is
 * forgotten (the widths measured so far too, as their faces may change).
 * lang is copied. */
void rod_fonts_set_lang(rod_fonts *fonts, const char *lang);

/* A script some text needed that no installed font has. */
typedef struct rod_fonts_gap {
    const char *script;         /* its English name: "Han", "Hebrew", "symbols" */
    const char *package;        /* the Debian package that would add a face */
    uint32_t example;           /* the first such character met */
} rod_fonts_gap;

/* The scripts with characters no installed font can show, met in text
 * measured or drawn since rod_fonts_new or the last rod_fonts_set_lang,
 * in the order they were met: up to max into out (borrowed strings,
 * static). Returns how many there are (which may exceed max). Such
 * characters measure and draw as the book face's empty box (.notdef). */
size_t rod_fonts_missing(const rod_fonts *fonts, rod_fonts_gap *out, size_t max);

/* Distinct measurements made and served from the cache, for benchmarks. */
void rod_fonts_cache_stats(const rod_fonts *fonts, size_t *measured, size_t *hits);

/* ---- discovery (discover.c, the one file that talks to fontconfig) ---- */

typedef struct rod_font_file {
    char *path;                 /* malloc'd */
    int index;                  /* face index inside a collection */
    bool exact;                 /* the style asked for, not a stand-in */
    unsigned style;             /* the file's own ROD_FONT_ITALIC/BOLD bits */
    char *family;               /* malloc'd family name of the file */
} rod_font_file;

/* The file for family in the given style bits (italic, bold). A path to a
 * readable file is taken as is. Returns false when nothing matches. */
bool rod_font_find(const char *family, unsigned style, rod_font_file *out);
/* The face for code point cp, which the book face `family` lacks, in a
 * book of language lang (BCP 47, NULL when unknown): the first installed
 * of the book faces made for cp's script (fonts/scripts.c lists them:
 * IPA Mincho for Japanese, WenQuanYi Zen Hei for Chinese, Ezra SIL for
 * Hebrew, Amiri for Arabic...) that has cp, else the first face
 * fontconfig sorts for `family` and the script's language that has it.
 * Returns false when no installed face has it. */
bool rod_font_find_for_char(const char *family, uint32_t cp, const char *lang, rod_font_file *out);
void rod_font_file_free(rod_font_file *file);
/* Scalable families installed, sorted, without duplicates; free with
 * rod_font_families_free. lang (a BCP 47 tag such as "en-US"; NULL or
 * "und" for every family) keeps those whose fontconfig language set
 * covers it. A family cut in optical sizes ("EB Garamond 08", "EB
 * Garamond 12") or widths is one name, fontconfig's first family name
 * ("EB Garamond"). NULL (count 0) when fontconfig cannot start or memory
 * runs out. */
char **rod_font_families(const char *lang, size_t *count);
void rod_font_families_free(char **families, size_t count);

#endif
