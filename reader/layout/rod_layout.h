/* rod_layout.h — the layout engine: a book set into pages.
 *
 * The pipeline is data (../shared/STYLE.md): document → text blocks with
 * inline runs → items (boxes, glue, penalties) → lines (Knuth–Plass, or
 * first-fit for comparison) → pages (widows, orphans, keeps). The engine
 * sees fonts only through rod_measure, so tests can set a book in a fake
 * font of fixed advances.
 *
 *   rod_layout_opts o = rod_layout_defaults();
 *   rod_layout *lay = rod_layout_new(doc, measure, &o);
 *   size_t page;
 *   rod_layout_page_of(lay, pos, &page);     // lays out one chapter only
 *   const rod_page *p = rod_layout_page(lay, page);
 *   ... draw p->lines ...
 *   size_t total = rod_layout_page_count(lay); // lays out the rest
 *   rod_layout_free(lay);
 *
 * Instant open: a book is laid out chapter by chapter (a chapter is a
 * top-level section, or for a long one — a "Book One" holding twenty
 * chapters — each of its subsections, the first led by the section's
 * opening (its title never alone on a page); the front matter
 * before the first section; or the notes; each starts a page),
 * only when a page of it is asked for. Page numbers before a chapter are
 * known once the chapters before it are laid out; rod_layout_page_of()
 * therefore also returns the chapter and the page inside it, which need
 * nothing else. Results are cached per chapter, keyed by every option and
 * the measuring interface, so switching back to earlier settings costs
 * nothing (rod_layout_set_opts).
 *
 * Positions, never page numbers: every page and line knows its start and
 * end as (block, offset) (spec §2), and pages are found by position in
 * O(log n).
 *
 * Ownership: rod_layout_new() borrows doc and the measure's ctx, both of
 * which must outlive the layout; rod_layout_free() takes the layout back
 * (NULL is fine). Pages returned are borrowed: a page pointer stays
 * valid until rod_layout_set_opts() or rod_layout_free(), but the lines
 * and runs it points to only while its chapter is among the last eight
 * chapters a page was asked for from (rod_layout_page,
 * rod_layout_chapter_page), and while no page more than 48 pages away in
 * the same chapter is asked for; read them through the page (page->lines)
 * after asking for another, never keep a line pointer. Nothing else
 * (counting, locating, rod_layout_work) lets lines go. Memory therefore
 * stays bounded however long the book: a chapter not held keeps only its
 * pages' positions and is set again when a page of it is next asked for.
 * Errors: functions return false/NULL only when memory runs out.
 */
#ifndef ROD_LAYOUT_H
#define ROD_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rod_doc.h"
#include "rod_measure.h"

typedef struct rod_layout_opts {
    int width, height;          /* page size, px */
    int margin_x, margin_y;     /* left/right and top/bottom margins, px */
    int font_size;              /* body text, px per em */
    double spacing;             /* line height as a multiple of font_size */
    bool ragged;                /* ragged right instead of justified */
    bool hyphenate;
    bool greedy;                /* first-fit line breaking (comparison) */
    bool section_pages;         /* each chapter (see above) starts a page */
    /* Pixel size of an image from its binary, or false when unknown (the
     * image then gets a placeholder frame); NULL: always unknown. */
    bool (*image_size)(void *ctx, const rod_node *binary, int *w, int *h);
    void *image_ctx;
} rod_layout_opts;

rod_layout_opts rod_layout_defaults(void);

/* What a run of a line is, for drawing. */
enum {
    ROD_RUN_STRIKE = 1,         /* del */
    ROD_RUN_LINK = 2,           /* a, noteref: a target to follow */
    ROD_RUN_ORNAMENT = 4,       /* a scene break's ornament */
    ROD_RUN_IMAGE = 8,          /* an image: w x h at x, top at line top */
    ROD_RUN_MARKER = 16,        /* a list bullet or number */
};

typedef struct rod_run {
    int x;                      /* px from the page's left edge */
    int dy;                     /* baseline shift, px, up is positive */
    int w, h;                   /* advance (and height for images) */
    rod_font_spec font;
    uint8_t flags;              /* ROD_RUN_* */
    const char *text;           /* UTF-8, borrowed (block text or static) */
    uint32_t len;
    const rod_node *node;       /* the link or image node, else NULL */
} rod_run;

enum {
    ROD_LINE_HYPHEN = 1,        /* ends in a hyphen the breaker added */
    ROD_LINE_LAST = 2,          /* last line of its block */
    ROD_LINE_OVERFULL = 4,      /* a run reaches past the right margin */
};

/* Fields ordered so the struct packs into 72 bytes: a book of a million
 * lines holds a million of them. */
typedef struct rod_line {
    rod_pos start, end;         /* end: start of what follows */
    double ratio;               /* adjustment ratio (0 for ragged lines) */
    const rod_run *runs;
    size_t nruns;
    int y;                      /* baseline, px from the page top */
    int height, ascent;
    uint8_t flags;              /* ROD_LINE_* */
    bool justified;
} rod_line;

typedef struct rod_page {
    rod_pos start, end;         /* end: start of the next page */
    size_t chapter;
    const rod_line *lines;
    size_t nlines;
} rod_page;

typedef struct rod_layout rod_layout;

rod_layout *rod_layout_new(const rod_doc *doc, rod_measure measure, const rod_layout_opts *opts);
/* Loads what laying out doc will need (its language's hyphenation
 * dictionary) ahead of time; any thread, e.g. while a window opens. */
void rod_layout_prepare(const rod_doc *doc);
void rod_layout_free(rod_layout *lay);

/* New options; the reading position is the caller's to keep (find its
 * page again with rod_layout_page_of). */
bool rod_layout_set_opts(rod_layout *lay, const rod_layout_opts *opts);
const rod_layout_opts *rod_layout_get_opts(const rod_layout *lay);

size_t rod_layout_chapter_count(const rod_layout *lay);
/* Pages of chapter c (laid out on demand); 0 when memory runs out. */
size_t rod_layout_chapter_pages(rod_layout *lay, size_t c);
/* The first position of chapter c. */
rod_pos rod_layout_chapter_start(const rod_layout *lay, size_t c);

/* Every page of the book (lays out every chapter). */
size_t rod_layout_page_count(rod_layout *lay);
/* Page n (0-based) of the book, laying out chapters up to it; NULL when
 * n is past the end. */
const rod_page *rod_layout_page(rod_layout *lay, size_t n);
/* Where page n (0-based) of the book starts and ends, laying out
 * chapters up to it but holding no lines: for listing pages. False when n
 * is past the end. */
bool rod_layout_page_bounds(rod_layout *lay, size_t n, rod_pos *start, rod_pos *end);
/* Page i of chapter c; NULL when past its end. */
const rod_page *rod_layout_chapter_page(rod_layout *lay, size_t c, size_t i);

/* The page holding pos: its chapter and index inside the chapter (only
 * that chapter is laid out), and, when book_page is not NULL, its number
 * in the book (lays out the chapters before). False for an invalid pos. */
bool rod_layout_locate(rod_layout *lay, rod_pos pos, size_t *chapter, size_t *index,
                       size_t *book_page);

/* The chapter holding block (the last one starting at or before it). */
size_t rod_layout_chapter_of(const rod_layout *lay, size_t block);
/* Is chapter c laid out under the current options? */
bool rod_layout_chapter_ready(const rod_layout *lay, size_t c);
/* Pages before chapter c when every chapter before it is already laid
 * out; false (nothing laid out) otherwise. c may be the chapter count. */
bool rod_layout_pages_known(rod_layout *lay, size_t c, size_t *before);
/* Background work, a few milliseconds of it: lays out a chapter not yet
 * laid out (the first after `near`, else the last before it), a long one
 * part by part over several calls; *finished says a chapter got its pages
 * in this call. False when every chapter is done (or memory ran out).
 * Call it between frames until it says false. */
bool rod_layout_work(rod_layout *lay, size_t near, bool *finished);

/* Where words may take a hyphen, as the layout hyphenates them (for
 * `rod hyphenate` and checks): points[i] true when a hyphen may follow
 * byte i of word[0, len) (UTF-8, any case). False when there are none,
 * or no dictionary serves lang. points is sized len by the caller. */
bool rod_layout_hyphenate(const char *lang, const char *word, size_t len, bool *points);

/* A line of text outside the pages (the window's running heads, lists,
 * toasts) in visual order, as the engine orders a page's line (UAX #9,
 * bidi.c): cut into words at spaces and where the direction changes,
 * each measured with m in font (right-to-left pieces with ROD_FONT_RTL
 * set, to be drawn so), their x from 0 at the line's left, *width the
 * whole line (the spaces included). dir is the base direction
 * (ROD_DIR_AUTO or NONE: the first strong character's). Text needing no
 * reordering (no right-to-left character, a left-to-right base) gives no
 * runs (*n 0): draw it as it is; this costs one byte scan, so Latin
 * labels pay nothing. *runs is the caller's to free(); run texts point
 * into s. rtl_drop: style bits right-to-left pieces are set without
 * (ROD_FONT_ITALIC: Hebrew and Arabic have no italics, and a slanted
 * Latin face's oblique leans the wrong way for them). cuts: ncuts byte
 * offsets where runs are cut too (a search match's ends, to draw it
 * apart), or NULL. False (nothing out) when memory runs out. */
bool rod_layout_label(const char *s, size_t len, rod_dir dir, rod_measure m, rod_font_spec font,
                      unsigned rtl_drop, const size_t *cuts, size_t ncuts, rod_run **runs, size_t *n,
                      int *width);

/* Is a label's base direction right to left (dir, else its first strong
 * character's)? For aligning it to the right. */
bool rod_layout_label_rtl(const char *s, size_t len, rod_dir dir);

/* Line-breaking and page quality over the chapters laid out so far
 * (reader/layout/stats.c defines each figure exactly). */
typedef struct rod_layout_stats {
    size_t lines, justified_lines;
    size_t unjustifiable;           /* justified lines with no stretch: no ratio */
    double mean_ratio, max_ratio;   /* |r| over the other justified lines */
    size_t loose_lines;             /* of those, r > 1.0 */
    size_t hyphenated;
    size_t hyphen_runs;             /* runs of 3+ hyphenated lines in a row */
    /* should all stay 0: */
    size_t widows, orphans;
    size_t heading_pages;           /* pages holding headings only */
    size_t early_pages;             /* pages ending over 2 lines early */
    size_t early_lines, early_max;  /* their lines short: in all, at most */
    size_t early_needless;          /* of them, ended where no rule asked:
                                       the next page's first lines fit and
                                       a page may break after them */
    size_t word_gaps;               /* gaps drawn inside words */
    size_t overfull;                /* lines wider than the measure */
} rod_layout_stats;

void rod_layout_stats_get(const rod_layout *lay, rod_layout_stats *stats);

#endif
