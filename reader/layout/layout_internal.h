/* layout_internal.h — the layout engine's stages, shared by its files and
 * open to the tests (which check each stage against naive versions).
 *
 * Stage data are plain structs: a paragraph is an array of items; the
 * breakers turn items into break indices; typeset.c turns breaks into
 * lines with positioned runs; paginate.c turns lines into pages.
 */
#ifndef ROD_LAYOUT_INTERNAL_H
#define ROD_LAYOUT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rod_layout.h"

/* ---- items (items.c) ---- */

typedef enum item_type { IT_BOX, IT_GLUE, IT_PENALTY } item_type;

enum { PENALTY_INF = 10000 };

typedef struct item {
    uint8_t type;               /* item_type */
    bool flagged;               /* penalty: a hyphen break */
    uint32_t style;             /* box: index into the chapter's styles */
    int32_t width, stretch, shrink;
    int32_t penalty;            /* penalty value; >= PENALTY_INF: no break */
    uint32_t start, end;        /* bytes of the block text this stands for */
    const char *text;           /* box: text to draw when not the block's */
} item;

typedef struct item_list {
    item *v;
    size_t n, cap;
} item_list;

bool items_push(item_list *list, item it);
/* May a line end at item b? (glue after a box, or a penalty below INF) */
bool item_is_break(const item *items, size_t b);
/* The first item of the line after a break at b: the glue and penalties
 * that follow a break are discarded, up to a box or a forced break. */
size_t items_line_start(const item *items, size_t n, size_t b);
void items_free(item_list *list);

/* How a paragraph's lines are set. */
typedef enum set_mode {
    SET_JUSTIFY,                /* justified, last line ragged */
    SET_RAGGED,                 /* ragged right */
    SET_CENTER,                 /* centred (headings) */
    SET_RIGHT,                  /* flush right (cite) */
    SET_VERSE,                  /* ragged, never justified, hanging */
    SET_PRE,                    /* spaces kept, no justification */
} set_mode;

/* One styled stretch of a block's text. */
typedef struct span {
    uint32_t start, end;        /* bytes in the block text */
    uint32_t style;             /* chapter style index */
} span;

typedef struct run_style {
    rod_font_spec font;
    int dy;
    uint8_t flags;              /* ROD_RUN_* */
    const rod_node *node;
} run_style;

typedef struct para_in {
    const char *text;           /* the block's plain text */
    size_t len;
    const span *spans;
    size_t nspans;
    const run_style *styles;
    const char *lang;
    set_mode mode;
    bool hyphenate;
    int indent;                 /* first-line indent, px */
    int measure;                /* narrowest line width, px */
} para_in;

/* Builds the items of one paragraph: boxes for words (cut at hyphenation
 * points, style changes, and as a last resort inside words wider than the
 * measure), glue for spaces, penalties for breaks, and the finishing glue
 * and forced break. */
bool items_build(const para_in *in, const rod_measure *m, item_list *out);
/* The same for a part of the text, appended to out: items for bytes
 * [pos->at, end), pos starting at {0, false}; on return pos->at is end.
 * end is the text's end when at most max_bytes remain (the finishing glue
 * and forced break follow), else the last break opportunity in the next
 * max_bytes; a run of max_bytes with none is cut at a character boundary
 * (pos->cut), with a costly break there, and cut between characters as a
 * run wider than the line is. The parts' items are those of items_build
 * but for such runs. */
typedef struct items_pos {
    size_t at;
    bool cut;
} items_pos;
bool items_append(const para_in *in, const rod_measure *m, items_pos *pos, size_t max_bytes, item_list *out);

/* ---- break opportunities (linebreak.c, the one file using ICU's
 * break iterator) ---- */

enum { LB_NONE = 0, LB_ALLOWED = 1, LB_FORCED = 2 };

/* kinds[i] for i in 0..len: may a line end before byte i? Sized len + 1
 * by the caller. Language picks ICU's tailoring. */
bool lb_opportunities(const char *text, size_t len, const char *lang, uint8_t *kinds);
/* The same for bytes [from, to] of the text only: kinds[i - from], sized
 * to - from + 1, kinds[0] always LB_NONE. from is 0 or a boundary (a
 * break opportunity, or where items_append cut a run with none): the text
 * is read from there on, and past a boundary the verdicts are those
 * lb_opportunities gives the whole text. from <= to <= len. */
bool lb_range(const char *text, size_t len, const char *lang, size_t from, size_t to, uint8_t *kinds);

/* ---- hyphenation (hyphenate.c, the one file using libhyphen) ---- */

/* Hyphenation points of a word: points[i] true when a hyphen may go after
 * byte i. Each run of letters in word[0, len) is a word of its own; at
 * least 2 letters stay before a hyphen and 3 after (more when the
 * dictionary asks). False (no points) when no dictionary serves the
 * language. points is sized len by the caller. */
bool hyph_points(const char *lang, const char *word, size_t len, bool *points);
/* The .dic file at path with its patterns prepared as libhyphen needs
 * them (hyph_prepare.c says why): a malloc'd text of *len bytes the caller
 * frees, or NULL when the file cannot be read or memory runs out. */
char *hyph_prepare(const char *path, size_t *len);
/* Releases the dictionaries (for leak checkers). */
void hyph_release(void);
/* Whether code point c belongs in a word: a letter, a digit or a mark
 * (niqqud, harakat, combining accents); punctuation and spaces do not. */
bool hyph_word_char(uint32_t c);
/* Whether c is an ideograph, kana, CJK punctuation or a full-width form
 * (items.c): text set without spaces, a line may end between two. */
bool items_is_cjk(uint32_t c);

/* ---- line breaking (knuth_plass.c, greedy.c) ---- */

typedef struct kp_params {
    double tolerance;           /* largest adjustment ratio accepted */
    int line_penalty;           /* added to each line's badness */
    int flagged_demerits;       /* two hyphenated lines in a row */
    int fitness_demerits;       /* fitness classes more than one apart */
    int max_hyphen_run;         /* hyphenated lines in a row, at most */
} kp_params;

kp_params kp_defaults(void);

typedef struct break_list {
    size_t *at;                 /* item index of each line's break */
    double *ratio;              /* adjustment ratio of each line */
    size_t n;
    double demerits;            /* total (Knuth–Plass only) */
} break_list;

void breaks_free(break_list *b);

/* Line widths: the first line `first`, every other line `rest`. */
/* Total-fit breaking; tries the tolerance in params, then without limit,
 * then (a box wider than the line) first fit. False only when memory runs
 * out or the items do not end in a forced break. */
bool kp_break(const item *items, size_t n, int first, int rest, const kp_params *params,
              break_list *out);
/* Knuth–Plass with exactly the given tolerance; false when no breaking
 * keeps every line within it. For tests. */
bool kp_break_exact(const item *items, size_t n, int first, int rest, const kp_params *params,
                    break_list *out);
/* First fit: each line takes as many items as fit. */
bool greedy_break(const item *items, size_t n, int first, int rest, break_list *out);

/* ---- a paragraph broken window by window (pieces.c drives these) ---- */

/* Where a window's breaking starts: at the paragraph's first item, or
 * just after a break taken in the window before (item `at` of this
 * window), with the lines set so far (the first line has its own width)
 * and the fitness class and hyphen run of the line that ended there. */
typedef struct break_from {
    bool resume;
    size_t at;
    size_t line;
    int fitness, run;
} break_from;

/* The tolerances Knuth–Plass tries in turn (step 0, 1, ...): the given
 * one, 10, then no limit; NAN past the last. */
double kp_tolerance(const kp_params *params, int step);

/* Breaks items[0, n) from `from`, within params->tolerance exactly.
 * Closed (!open): the window ends the paragraph, as kp_break_exact.
 * Open: the paragraph goes on past n, and out gets the lines every
 * breaking of the rest of the paragraph begins with (those up to the last
 * break all of Knuth–Plass's active nodes descend from; perhaps none),
 * *next where the next window starts. With force, when they share no
 * line, out gets the likeliest lines instead (all but the last three up
 * to the furthest break reached; at least one line). False when no
 * breaking keeps within the tolerance (or memory ran out). */
bool kp_break_window(const item *items, size_t n, int first, int rest, const kp_params *params,
                     const break_from *from, bool open, bool force, break_list *out, break_from *next);
/* First fit the same way: open, every line it ends is final. */
bool greedy_break_window(const item *items, size_t n, int first, int rest, const break_from *from, bool open,
                         bool force, break_list *out, break_from *next);

/* Fitness class of a line with ratio r: 0 very loose .. 3 tight. */
int kp_fitness(double r);

/* How a paragraph's lines are broken. */
typedef struct para_how {
    bool greedy;                /* first fit, else Knuth–Plass with kp */
    kp_params kp;
    int first, rest;            /* line widths: the first, the others */
    size_t piece;               /* text per window, bytes; 0: the default */
} para_how;

/* Where a paragraph's lines go, in order: line() gets items[from, b)
 * and the break b with adjustment ratio r; items (n of them) are a window
 * of the paragraph's, valid during the call only, their start and end
 * byte offsets in the paragraph's text; false stops the breaking.
 * rewind() forgets every line given so far: the paragraph is broken
 * again from its start, looser. */
typedef struct para_sink {
    bool (*line)(void *ctx, const item *items, size_t n, size_t from, size_t b, double r);
    void (*rewind)(void *ctx);
    void *ctx;
} para_sink;

/* Breaks the paragraph into lines and hands each to the sink, holding
 * items and breaker state for a window of the text only (pieces.c says
 * how, and when the lines can differ from breaking it whole). False when
 * memory runs out or the sink said false. */
bool para_break(const para_in *in, const rod_measure *m, const para_how *how, const para_sink *sink);

/* ---- chapters: typesetting (typeset.c) and pagination (paginate.c) ---- */

/* Pagination flags of a line: the paginator knows nothing else. */
enum {
    PG_NO_BREAK_BEFORE = 1,     /* widow, orphan, keep-with-next, ornament */
    PG_NEW_PAGE = 2,            /* start a page here */
    PG_KEEP_SPACE = 4,          /* space_before stays at a page top */
    PG_KEEP = 8,                /* with NO_BREAK_BEFORE: a heading or an
                                   ornament's keep, broken last of all */
    PG_LESSER = 16,             /* with NO_BREAK_BEFORE: the keep is only
                                   an ornament's with its neighbour, broken
                                   rather than the page end over 2 lines
                                   short or a widow or orphan rule
                                   (paginate.c) */
};

/* Openings a chapter starts with, at most: a volume's, a book's, and
 * title-only sections before them ("Boek I.", "Een rechtvaardige.",
 * "Eerste hoofdstuk." in Hugo's HTML). */
enum { CHAPTER_LEADS = 8 };

/* A part of the book laid out and paginated on its own. */
typedef struct chapter_src {
    /* The openings (title, epigraph) of the long sections this chapter
     * begins, outermost first: lead[i] and its siblings up to the next
     * section, or lead[i] alone when it is a section of titles only, set
     * at lead_depth[i] before the chapter's own nodes, so a section's
     * title starts the page of what it heads. */
    const rod_node *lead[CHAPTER_LEADS];
    int lead_depth[CHAPTER_LEADS];
    int nlead;
    const rod_node *section;    /* a top-level section, or NULL */
    const rod_node *from, *to;  /* else: body children [from, to), */
    bool title_page;            /* the book's title page first, */
    bool notes;                 /* or the notes */
    bool whole;                 /* or the whole book in one flow */
    int depth;                  /* section depth of what is set; 0: 1 */
    size_t first_block;         /* smallest block number inside, or the
                                   next chapter's when it has none */
} chapter_src;

typedef struct line_meta {
    int space_before;
    uint8_t flags;              /* PG_* */
    size_t block;               /* SIZE_MAX for lines of no block */
    uint32_t block_lines, index;    /* lines of its block, this one's index
                                       (a block has fewer than 2^32 bytes) */
} line_meta;

typedef struct chapter_out {
    rod_line *lines;
    line_meta *meta;
    size_t nlines;
    rod_run *runs;
    size_t nruns;
    char *marks;                /* the text of list markers' runs */
    size_t nmarks;
    run_style *styles;          /* the fonts of runs, for items */
    size_t nstyles;
    rod_page *pages;
    size_t npages;
    /* Which runs are kept (set by the caller before typeset_begin, which
     * keeps these fields; all zero: every run). With runs_limited, only
     * lines [run_from, run_to) get their runs, and only while the chapter
     * holds fewer than run_budget runs; the first line that lost a run to
     * the budget lowers run_to to its index, so on return every line in
     * [run_from, run_to) has all its runs and every other line none. The
     * lines themselves (breaks, heights, flags) are always all there.
     * Lines below run_must keep their runs whatever the budget. */
    bool runs_limited;
    size_t run_from, run_to, run_budget, run_must;
} chapter_out;

void chapter_out_free(chapter_out *out);

/* The book's chapters in reading order (chapters.c): malloc'd into *src
 * (the caller frees it), their number in *nch; false when memory ran
 * out (then *src is NULL). */
bool layout_chapters(const rod_doc *doc, bool section_pages, chapter_src **src, size_t *nch);
/* Text bytes of blocks [from, to), counted until past limit (chapters.c). */
size_t layout_text_bytes(const rod_doc *doc, size_t from, size_t to, size_t limit);

/* Sets a chapter's blocks into lines (rod_line with runs, line_meta). */
bool typeset_chapter(const rod_doc *doc, const chapter_src *src, const rod_measure *m,
                     const rod_layout_opts *opts, chapter_out *out);
/* The same in steps, so a long chapter can be set between frames: begin
 * (NULL when memory runs out), then steps that each set whole children of
 * the chapter until about `bytes` of text are set (true once all is set
 * or it failed), then finish, which frees the job and says whether out
 * holds the chapter (on false out is freed). Stepping gives exactly the
 * lines typeset_chapter gives. out must stay put until finish. */
typedef struct typeset_job typeset_job;
typeset_job *typeset_begin(const rod_doc *doc, const chapter_src *src, const rod_measure *m,
                           const rod_layout_opts *opts, chapter_out *out);
bool typeset_step(typeset_job *job, size_t bytes);
bool typeset_finish(typeset_job *job);
/* Text per rod_layout_work call (0: the default), for tests. */
void layout_set_slice(rod_layout *lay, size_t bytes);
/* How much of the laid-out book is held (layout.c says how): lines and
 * runs of at most `keep` chapters (at least 1), at most run_budget runs
 * kept while a chapter is first set, and runs for run_window pages each
 * side of the one asked for when a chapter is set again. SIZE_MAX for all
 * three keeps everything, as if nothing were ever let go. For tests. */
void layout_set_memory(rod_layout *lay, size_t keep, size_t run_budget, size_t run_window);

/* Cuts a chapter's lines into pages of the opts' content height, setting
 * each line's y and each page's start and end. `next` is the position
 * after the chapter (its last page's end). */
bool paginate_chapter(chapter_out *out, const rod_layout_opts *opts, size_t chapter, rod_pos next);

/* Adds chapter ch's figures to st (stats.c says what each counts) and
 * the sum of its justified lines' |ratio| to *ratio_sum (for the mean). */
void chapter_stats(const chapter_out *ch, const rod_doc *doc, const rod_layout_opts *o, rod_layout_stats *st,
                   double *ratio_sum);

#endif
