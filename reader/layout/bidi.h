/* bidi.h — a paragraph's embedding levels and its lines in visual order
 * (bidi.c, the one file using ICU's ubidi).
 *
 * Ownership: a bidi_para borrows the text it was opened on (which must
 * outlive it) and owns ICU's state and two arrays, freed by bidi_close
 * (which accepts a closed or never-active one). Errors: bidi_open is
 * false only when memory runs out; then the paragraph is inactive and set
 * left to right.
 */
#ifndef ROD_BIDI_H
#define ROD_BIDI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout_internal.h"
#include "rod_doc.h"
#include "rod_layout.h"

typedef struct bidi_para {
    const char *text;
    size_t len;
    bool active;                /* false: all left to right, nothing to do */
    uint8_t base;               /* paragraph level: 0 LTR, 1 RTL */
    struct UBiDi *bidi;
    uint16_t *u16;              /* the text in UTF-16 (UChar) */
    int32_t *at;                /* UTF-16 offset of each byte, len + 1 */
} bidi_para;

/* Might text hold a right-to-left character or control? A byte scan, no
 * false negatives; false for Latin, Greek and Cyrillic text. */
bool bidi_may_be_rtl(const char *text, size_t len);
/* Resolves the levels of text[0, len) with base direction dir (ROD_DIR_
 * AUTO or NONE: the first strong character's, else LTR). The paragraph is
 * active when its base is RTL or it holds a right-to-left character. */
bool bidi_open(bidi_para *b, const char *text, size_t len, rod_dir dir);
void bidi_close(bidi_para *b);
/* Embedding level of the character at byte (0 when inactive; the base at
 * or past the end). */
uint8_t bidi_level(const bidi_para *b, size_t byte);
/* The end of the stretch [from, e) of one level, e <= to. */
size_t bidi_level_end(const bidi_para *b, size_t from, size_t to);
/* Puts a line's n runs (logical order, set left to right from x = runs[0]
 * .x, gaps between them being the spaces) in visual order: the leftmost
 * at x = start, the gaps kept. Runs at an odd level get ROD_FONT_RTL.
 * False when memory runs out (the runs are then unchanged). */
bool bidi_reorder_line(const bidi_para *b, rod_run *runs, size_t n, int start);
/* A set line of the paragraph (its runs as typeset.c placed them left to
 * right in the box [left, left + measure), hang the indent of its start)
 * in visual order; a right-to-left paragraph's lines are set from the
 * right margin: first-line indent and verse hang on the right, the
 * ragged edge on the left, flush right (mode SET_RIGHT, a cite) becoming
 * flush left, list markers hung in the right margin. Centred lines stay
 * centred. False when memory runs out. */
bool bidi_set_line(const bidi_para *b, rod_run *runs, size_t n, int left, int measure, int hang, set_mode mode);

#endif
