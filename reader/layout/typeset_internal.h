/* typeset_internal.h — what typeset.c shares with the front of the book
 * (typeset_front.c: the cover and the title page; typeset_notes.c: the
 * notes' labels): the setter, the
 * context a block is set in, a block's format, and the few ways of adding
 * lines. Not a public interface; layout_internal.h is the engine's.
 *
 * Ownership: the setter owns nothing the chapter does not (its lines and
 * runs go into s->out); a failed allocation clears s->ok and later calls
 * do nothing.
 */
#ifndef ROD_TYPESET_INTERNAL_H
#define ROD_TYPESET_INTERNAL_H

#include "layout_internal.h"

typedef struct box_ctx {
    int left, right;            /* extra indents inside the content box */
    int depth;                  /* section depth */
    double scale;               /* font scale */
    uint8_t style;              /* ROD_FONT_* bits */
    uint8_t family;
} box_ctx;

typedef struct setter {
    const rod_doc *doc;
    const rod_measure *m;
    const rod_layout_opts *o;
    chapter_out *out;
    size_t cap_lines, cap_runs, cap_styles, cap_marks;
    bool ok;
    bool no_indent;             /* next paragraph: no first-line indent */
    bool chapter_top;           /* nothing set yet in this chapter */
    int pending_space;
    uint8_t pending_flags;
    const char *marker;         /* list marker for the next line */
    char number[24];            /* the marker of a numbered list's item */
    span *spans;
    size_t nspans, capspans;
    size_t work;                /* bytes of block text set so far */
    void *refs;                 /* typeset_notes.c: noterefs by note, */
    size_t nrefs;               /* owned, freed with the job */
    bool refs_gathered;
    size_t notes_set;           /* notes labelled so far */
    const struct bidi_para *bidi;   /* the block being set's levels, or NULL */
} setter;

typedef struct block_fmt {
    set_mode mode;
    int indent;                 /* first-line indent */
    int hang;                   /* verse: later lines start this much in */
    double spacing;
    uint8_t flags;              /* PG_* for the first line */
    int space_before;
    bool heading;               /* no hyphens, kept with what follows */
} block_fmt;

/* The content box's height (the page less its margins), at least 40. */
int ts_content_height(const rod_layout_opts *o);
/* A line's height at the body size. */
int ts_line_h(const setter *s);
/* Sets one text block (its plain text, styled) in the format given. */
void ts_set_block(setter *s, const box_ctx *c, const rod_node *node, const block_fmt *fmt);
/* A line that is no text block (an ornament, the authors on the title
 * page, the notes heading), centred, at the position `at`; one wider than
 * the measure is set in several centred lines (ts_label_lines), kept
 * together. */
void ts_set_label(setter *s, const box_ctx *c, const char *text, size_t len, rod_font_spec font,
                  uint8_t run_flags, rod_pos at, int space_before, uint8_t flags);
/* A label's lines: pieces of its text, [off, off + len). */
enum { LABEL_LINES = 32 };
typedef struct label_piece {
    uint32_t off, len;
} label_piece;
/* Cuts text into at most LABEL_LINES lines no wider than measure
 * (typeset_front.c): at spaces, the lines made as even as the fewest lines
 * allow (a name of three words on two lines is not two words over one);
 * a word wider than the measure alone is cut between characters, the last
 * resort, as items.c cuts one in a paragraph. Returns the number of
 * pieces (1 for text that fits, or for empty text); spaces at the cuts
 * belong to no piece. */
size_t ts_label_lines(const rod_measure *m, rod_font_spec font, const char *text, size_t len, int measure,
                      label_piece *out);
/* The position where the next block starts: for labels. */
rod_pos ts_next_pos(const setter *s);
/* A picture on a line of its own, centred, made smaller to fit the
 * measure and maxh (and, with grow, larger to fill them), keeping its
 * shape: node is an image or the cover (its ref names the binary), the
 * line spans [start, end) and belongs to block bi (SIZE_MAX: none). */
void ts_set_picture(setter *s, const box_ctx *c, const rod_node *node, rod_pos start, rod_pos end,
                    size_t bi, int maxh, bool grow);
/* Sets the nodes [first, stop) in c (typeset.c). */
void ts_walk(setter *s, const box_ctx *c, const rod_node *first, const rod_node *stop);
/* A note, smaller, under its label hung in the margin (typeset_notes.c):
 * the text of the first noteref pointing at it when that fits, else its
 * number among the notes set. */
void ts_set_note(setter *s, const box_ctx *c, const rod_node *note);
/* The book's front (typeset_front.c): the cover on a page of its own when
 * the book has one, then the title page. */
void ts_set_title_page(setter *s, const box_ctx *c);

/* The size of a heading at depth (0: a part's), as a multiple of the
 * body size (typeset.c; typeset_job.c sizes the title page by it). */
double ts_heading_scale(int depth);

#endif
