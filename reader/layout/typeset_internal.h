/* typeset_internal.h — what the two stages of typesetting share, inside
 * reader/layout/ only.
 *
 * typeset.c walks a chapter's blocks and decides their typography (a
 * block_fmt and a box_ctx for each); typeset_block.c sets one block, a
 * label or an image, into lines of the chapter_out the setter grows. The
 * setter is owned by the typeset_job (typeset.c) for one chapter; its
 * arrays belong to the chapter_out, whose run pointers stay indices until
 * typeset_finish() fixes them.
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
} setter;

/* How one block is set: by typeset.c's walk, for typeset_block.c. */
typedef struct block_fmt {
    set_mode mode;
    int indent;                 /* first-line indent */
    int hang;                   /* verse: later lines start this much in */
    double spacing;
    uint8_t flags;              /* PG_* for the first line */
    int space_before;
    bool heading;               /* no hyphens, kept with what follows */
} block_fmt;

/* The content box of the page, px (40 at least). */
int content_width(const rod_layout_opts *o);
int content_height(const rod_layout_opts *o);
/* The font size of c's text, px. */
int em(const setter *s, const box_ctx *c);
/* Sets node's text block into lines after those set so far: broken by
 * para_break() (Knuth–Plass or first fit), its runs placed, its widows,
 * orphans and a heading's keep flagged. On failure s->ok is false. */
void set_block(setter *s, const box_ctx *c, const rod_node *node, const block_fmt *fmt);
/* A line that is no text block (an ornament, the authors on the title
 * page, the notes heading): it sits at the position `at`. */
void set_label(setter *s, const box_ctx *c, const char *text, size_t len, rod_font_spec font,
               uint8_t run_flags, rod_pos at, int space_before, uint8_t flags);
/* The position where the next block starts: for labels. */
rod_pos next_pos(const setter *s);
/* An image block: one line as tall as the image fitted to the page. */
void set_image(setter *s, const box_ctx *c, const rod_node *node);

#endif
