/* layout.c — the layout engine's front: chapters, laziness and the cache.
 *
 * A book is cut into chapters once (the title page with the front matter,
 * each top-level section, the notes); each is typeset and paginated only
 * when one of its pages is asked for, so opening a long novel at any
 * position costs one chapter, not the book. With section_pages off the
 * book is one flow and one chapter: pages then depend on everything before
 * them, and opening costs the whole book.
 *
 * Results are kept per *generation*: one set of options and one measuring
 * interface. Changing options starts or revives a generation; the last
 * three are kept, so flipping a setting back (or a window size back) finds
 * every chapter already laid out. The key is a hash of every option that
 * changes a page, as MuPDF keys its layouts.
 *
 * Memory is bounded, not proportional to the book: what a generation keeps
 * of every chapter laid out is its pages' start and end and where each
 * page's lines begin (tens of bytes a page). Lines and runs — 90 % of a
 * laid-out book — are held only for the eight chapters whose pages were
 * asked for last (the spread on screen and the pages drawn ahead); a
 * chapter laid out for counting or locating stays held only while there
 * is room, so rod_layout_work never lets the page on screen go. A chapter
 * let go is set again from scratch when a page of it is asked for (some
 * milliseconds: chapters are short) and its pages are checked against
 * those it had. Within a chapter, runs are kept while it holds fewer than
 * RUN_BUDGET of them; past that (one paragraph of 64 MB) only the pages
 * within RUN_WINDOW of the one asked for, and those after it while under
 * the budget, get runs, and a page beyond sets the chapter again. Setting again from the kept line breaks instead
 * would need the paragraph's items rebuilt from a break in its middle,
 * which the breakers cannot do yet (pieces.c's windows start at a break
 * they chose); from scratch costs more time on a giant paragraph but is
 * the same code that set it the first time, so it cannot disagree.
 */
#include "layout_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { GENERATIONS = 3 };


/* Background work sets about this much text per call (some 1,000 words,
 * 3 to 6 ms), so a long chapter is set over several frames and no frame
 * waits for a whole chapter. */
enum { SLICE_BYTES = 6000 };

/* One chapter under one generation's options. Once laid out (done) it
 * keeps its pages for good: their start and end positions and where
 * each page's lines begin (first[i]), which is all that finding a page
 * needs. Its lines and runs (out) are held only while it is among the
 * `keep` chapters whose pages were asked for last; runs, moreover, only
 * for lines [out.run_from, out.run_to), a window of pages around the one
 * asked for in a chapter too long to hold whole (one giant paragraph).
 * A chapter let go is set again, from scratch, when a page of it is asked
 * for; its pages must then come out the same (they are checked). */
typedef struct chapter_slot {
    chapter_out out;            /* lines, runs: while held */
    rod_page *pages;            /* lines point into out.lines while held, else NULL */
    size_t *first;              /* each page's first line */
    size_t npages;
    bool held;
    unsigned long used;         /* when a page of it was last asked for */
    rod_layout_stats st;        /* what stats.c found when it was first set, */
    double ratio_sum;           /* kept when its lines are let go */
} chapter_slot;

typedef struct generation {
    uint64_t key;
    rod_layout_opts opts;
    chapter_slot *ch;
    bool *done;
    size_t *pages_before;       /* valid for c < known_prefix */
    size_t known_prefix;
    unsigned long used;         /* for choosing what to forget */
    typeset_job *job;           /* a chapter being set in the background */
    size_t job_ch;
    chapter_out job_out;        /* what it sets */
    size_t nheld;
    unsigned long clock;
} generation;

/* Chapters whose lines and runs are held: those of the pages on screen
 * (two, perhaps in two chapters) and of the spreads either side drawn
 * ahead, even when every page is a chapter of its own (poems). A chapter
 * is some 3,500 words, about 350 KB of lines and runs. */
enum { KEEP_CHAPTERS = 8 };
/* Runs kept while a chapter is set (48 bytes each: about 25 MB), and the
 * pages each side of the one asked for that get theirs when a chapter
 * has more. */
enum { RUN_BUDGET = 1 << 19, RUN_WINDOW = 48 };

struct rod_layout {
    const rod_doc *doc;
    rod_measure m;
    chapter_src *src;
    size_t nch;
    generation gen[GENERATIONS];
    size_t ngen, cur;
    unsigned long clock;
    size_t slice_bytes;         /* background work per call */
    size_t keep, run_budget, run_window;
};

rod_layout_opts rod_layout_defaults(void)
{
    return (rod_layout_opts){.width = 800, .height = 1100, .margin_x = 72, .margin_y = 64,
                             .font_size = 22, .spacing = 1.4, .ragged = false, .hyphenate = true,
                             .greedy = false, .section_pages = true};
}

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    return h;
}

static uint64_t opts_key(const rod_layout_opts *o, const rod_measure *m)
{
    uint64_t h = 1469598103934665603ull;
    uint64_t spacing;
    memcpy(&spacing, &o->spacing, sizeof spacing);
    const uint64_t v[] = {(uint64_t)o->width, (uint64_t)o->height, (uint64_t)o->margin_x, (uint64_t)o->margin_y,
                          (uint64_t)o->font_size, spacing,
                          (uint64_t)(o->ragged | o->hyphenate << 1 | o->greedy << 2 | o->section_pages << 3),
                          (uint64_t)(uintptr_t)o->image_size, (uint64_t)(uintptr_t)o->image_ctx,
                          (uint64_t)(uintptr_t)m->ctx, (uint64_t)(uintptr_t)m->width};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        h = mix(h, v[i]);
    return h;
}

/* The book cut into chapters afresh (chapters.c). */
static bool make_chapters(rod_layout *lay, bool section_pages)
{
    free(lay->src);
    lay->src = NULL;
    lay->nch = 0;
    return layout_chapters(lay->doc, section_pages, &lay->src, &lay->nch);
}

static void slot_free(chapter_slot *c)
{
    chapter_out_free(&c->out);
    free(c->pages);
    free(c->first);
    memset(c, 0, sizeof *c);
}

static void gen_free(generation *g, size_t nch)
{
    if (g->job)
        typeset_finish(g->job);     /* unfinished: frees its chapter too */
    chapter_out_free(&g->job_out);
    if (g->ch)
        for (size_t i = 0; i < nch; i++)
            slot_free(&g->ch[i]);
    free(g->ch);
    free(g->done);
    free(g->pages_before);
    memset(g, 0, sizeof *g);
}

static bool gen_init(rod_layout *lay, generation *g, const rod_layout_opts *o)
{
    g->key = opts_key(o, &lay->m);
    g->opts = *o;
    g->ch = calloc(lay->nch ? lay->nch : 1, sizeof *g->ch);
    g->done = calloc(lay->nch ? lay->nch : 1, sizeof *g->done);
    g->pages_before = calloc(lay->nch + 1, sizeof *g->pages_before);
    g->known_prefix = 0;
    return g->ch && g->done && g->pages_before;
}

rod_layout *rod_layout_new(const rod_doc *doc, rod_measure measure, const rod_layout_opts *opts)
{
    rod_layout *lay = calloc(1, sizeof *lay);
    if (!lay)
        return NULL;
    lay->doc = doc;
    lay->m = measure;
    lay->slice_bytes = SLICE_BYTES;
    lay->keep = KEEP_CHAPTERS;
    lay->run_budget = RUN_BUDGET;
    lay->run_window = RUN_WINDOW;
    if (!make_chapters(lay, opts->section_pages) || !gen_init(lay, &lay->gen[0], opts)) {
        rod_layout_free(lay);
        return NULL;
    }
    lay->ngen = 1;
    lay->cur = 0;
    return lay;
}

void rod_layout_free(rod_layout *lay)
{
    if (!lay)
        return;
    for (size_t i = 0; i < lay->ngen; i++)
        gen_free(&lay->gen[i], lay->nch);
    free(lay->src);
    free(lay);
}

bool rod_layout_set_opts(rod_layout *lay, const rod_layout_opts *opts)
{
    generation *cur = &lay->gen[lay->cur];
    cur->used = ++lay->clock;
    if (opts->section_pages != cur->opts.section_pages) {
        /* the chapters themselves change: forget everything */
        for (size_t i = 0; i < lay->ngen; i++)
            gen_free(&lay->gen[i], lay->nch);
        lay->ngen = 0;
        if (!make_chapters(lay, opts->section_pages) || !gen_init(lay, &lay->gen[0], opts))
            return false;
        lay->ngen = 1;
        lay->cur = 0;
        return true;
    }
    uint64_t key = opts_key(opts, &lay->m);
    for (size_t i = 0; i < lay->ngen; i++)
        if (lay->gen[i].key == key) {
            lay->cur = i;
            return true;
        }
    size_t slot = lay->ngen;
    if (slot == GENERATIONS) {
        slot = 0;
        for (size_t i = 1; i < GENERATIONS; i++)
            if (lay->gen[i].used < lay->gen[slot].used)
                slot = i;
        gen_free(&lay->gen[slot], lay->nch);
    } else {
        lay->ngen++;
    }
    lay->cur = slot;
    if (!gen_init(lay, &lay->gen[slot], opts)) {
        gen_free(&lay->gen[slot], lay->nch);
        lay->gen[slot].key = ~key;
        return false;
    }
    return true;
}

const rod_layout_opts *rod_layout_get_opts(const rod_layout *lay)
{
    return &lay->gen[lay->cur].opts;
}

size_t rod_layout_chapter_count(const rod_layout *lay)
{
    return lay->nch;
}

rod_pos rod_layout_chapter_start(const rod_layout *lay, size_t c)
{
    return (rod_pos){c < lay->nch ? lay->src[c].first_block : lay->doc->nblocks, 0};
}

/* Runs to keep while setting a chapter: those of lines from `from` on,
 * all of them below `must`, then while there are fewer than budget. */
static void limit_runs(chapter_out *out, size_t from, size_t must, size_t budget)
{
    memset(out, 0, sizeof *out);
    out->runs_limited = true;
    out->run_from = from;
    out->run_to = SIZE_MAX;
    out->run_must = must;
    out->run_budget = budget;
}

/* Chapter c's lines and runs are let go; its pages stay. */
static void let_go(generation *g, size_t c)
{
    chapter_slot *sl = &g->ch[c];
    chapter_out_free(&sl->out);
    for (size_t p = 0; p < sl->npages; p++)
        sl->pages[p].lines = NULL;
    sl->held = false;
    g->nheld--;
}

/* Room for one more chapter held: the one whose pages were asked for
 * longest ago (never: first) is let go; chapter c is not. */
static void make_room(rod_layout *lay, generation *g, size_t c)
{
    while (g->nheld >= lay->keep) {
        size_t victim = SIZE_MAX;
        for (size_t i = 0; i < lay->nch; i++)
            if (i != c && g->ch[i].held && (victim == SIZE_MAX || g->ch[i].used < g->ch[victim].used))
                victim = i;
        if (victim == SIZE_MAX)
            return;
        let_go(g, victim);
    }
}

/* Chapter c has just been set into *out (which this empties): its pages
 * and stats are kept, and its lines held when there is room or `want`
 * (a page of it is asked for) makes room. */
static bool first_set(rod_layout *lay, size_t c, chapter_out *out, bool want)
{
    generation *g = &lay->gen[lay->cur];
    chapter_slot *sl = &g->ch[c];
    rod_pos next = rod_layout_chapter_start(lay, c + 1);
    if (!paginate_chapter(out, &g->opts, c, next)) {
        chapter_out_free(out);
        return false;
    }
    sl->first = malloc((out->npages ? out->npages : 1) * sizeof *sl->first);
    if (!sl->first) {
        chapter_out_free(out);
        return false;
    }
    for (size_t p = 0; p < out->npages; p++)
        sl->first[p] = (size_t)(out->pages[p].lines - out->lines);
    memset(&sl->st, 0, sizeof sl->st);
    sl->ratio_sum = 0;
    chapter_stats(out, lay->doc, &g->opts, &sl->st, &sl->ratio_sum);
    sl->pages = out->pages;
    sl->npages = out->npages;
    out->pages = NULL;
    out->npages = 0;
    if (want)
        make_room(lay, g, c);
    if (g->nheld < lay->keep) {
        sl->out = *out;
        sl->held = true;
        g->nheld++;
    } else {
        chapter_out_free(out);
        for (size_t p = 0; p < sl->npages; p++)
            sl->pages[p].lines = NULL;
    }
    memset(out, 0, sizeof *out);
    g->done[c] = true;
    return true;
}

/* Chapter c has its pages (is laid out); want: a page of it is asked for. */
static bool ensure(rod_layout *lay, size_t c, bool want)
{
    generation *g = &lay->gen[lay->cur];
    if (c >= lay->nch)
        return false;
    if (g->done[c])
        return true;
    if (g->job && g->job_ch == c) {
        /* being set in the background: finish it now */
        typeset_step(g->job, SIZE_MAX);
        bool ok = typeset_finish(g->job);
        g->job = NULL;
        return ok && first_set(lay, c, &g->job_out, want);
    }
    chapter_out out;
    limit_runs(&out, 0, 0, lay->run_budget);
    if (!typeset_chapter(lay->doc, &lay->src[c], &lay->m, &g->opts, &out))
        return false;
    return first_set(lay, c, &out, want);
}

static bool has_runs(const chapter_slot *sl, size_t i)
{
    return sl->held && sl->first[i] >= sl->out.run_from && sl->first[i] + sl->pages[i].nlines <= sl->out.run_to;
}

/* Page i of laid-out chapter c gets its lines and runs: the chapter is
 * set again when it was let go, or has no runs for page i, keeping the
 * runs of the pages within run_window of i and, while under the budget,
 * of those after (a reader goes on: one giant paragraph is then set again
 * every few thousand pages, not every hundred); the breaks must come out
 * as they did. */
static bool hold(rod_layout *lay, size_t c, size_t i)
{
    generation *g = &lay->gen[lay->cur];
    chapter_slot *sl = &g->ch[c];
    sl->used = ++g->clock;
    if (has_runs(sl, i))
        return true;
    size_t w = lay->run_window;
    size_t lo = i > w ? i - w : 0;
    size_t hi = sl->npages - i > w ? i + w + 1 : sl->npages;
    chapter_out out;
    limit_runs(&out, sl->first[lo], hi < sl->npages ? sl->first[hi] : SIZE_MAX, lay->run_budget);
    if (!typeset_chapter(lay->doc, &lay->src[c], &lay->m, &g->opts, &out))
        return false;
    bool same = paginate_chapter(&out, &g->opts, c, rod_layout_chapter_start(lay, c + 1)) &&
                out.npages == sl->npages;
    for (size_t p = 0; same && p < sl->npages; p++)
        same = rod_pos_cmp(out.pages[p].start, sl->pages[p].start) == 0 &&
               rod_pos_cmp(out.pages[p].end, sl->pages[p].end) == 0 &&
               out.pages[p].nlines == sl->pages[p].nlines &&
               (size_t)(out.pages[p].lines - out.lines) == sl->first[p];
    free(out.pages);
    out.pages = NULL;
    out.npages = 0;
    if (!same) {
        /* setting a chapter is deterministic; this is a bug, not input */
        chapter_out_free(&out);
        return false;
    }
    if (sl->held) {
        chapter_out_free(&sl->out);
    } else {
        make_room(lay, g, c);
        sl->held = true;
        g->nheld++;
    }
    sl->out = out;
    for (size_t p = 0; p < sl->npages; p++)
        sl->pages[p].lines = sl->out.lines + sl->first[p];
    return true;
}

size_t rod_layout_chapter_pages(rod_layout *lay, size_t c)
{
    return ensure(lay, c, false) ? lay->gen[lay->cur].ch[c].npages : 0;
}

const rod_page *rod_layout_chapter_page(rod_layout *lay, size_t c, size_t i)
{
    if (!ensure(lay, c, true))
        return NULL;
    chapter_slot *sl = &lay->gen[lay->cur].ch[c];
    if (i >= sl->npages || !hold(lay, c, i))
        return NULL;
    return &sl->pages[i];
}

/* Pages before chapter c, laying out chapters [0, c). */
static bool pages_before(rod_layout *lay, size_t c, size_t *out)
{
    generation *g = &lay->gen[lay->cur];
    while (g->known_prefix < c) {
        size_t k = g->known_prefix;
        if (!ensure(lay, k, false))
            return false;
        g->pages_before[k + 1] = g->pages_before[k] + g->ch[k].npages;
        g->known_prefix++;
    }
    *out = g->pages_before[c];
    return true;
}

size_t rod_layout_page_count(rod_layout *lay)
{
    size_t n = 0;
    return pages_before(lay, lay->nch, &n) ? n : 0;
}

const rod_page *rod_layout_page(rod_layout *lay, size_t n)
{
    for (size_t c = 0; c < lay->nch; c++) {
        size_t before;
        if (!pages_before(lay, c + 1, &before))
            return NULL;
        if (n < before) {
            size_t start;
            pages_before(lay, c, &start);
            return rod_layout_chapter_page(lay, c, n - start);
        }
    }
    return NULL;
}

bool rod_layout_page_bounds(rod_layout *lay, size_t n, rod_pos *start, rod_pos *end)
{
    size_t before = 0;
    for (size_t c = 0; c < lay->nch; c++) {
        size_t after;
        if (!pages_before(lay, c + 1, &after))
            return false;
        if (n < after) {
            const rod_page *p = &lay->gen[lay->cur].ch[c].pages[n - before];
            *start = p->start;
            *end = p->end;
            return true;
        }
        before = after;
    }
    return false;
}

void rod_layout_prepare(const rod_doc *doc)
{
    bool points[16];
    hyph_points(rod_node_lang(doc->root), "hyphenation", 11, points);
}

size_t rod_layout_chapter_of(const rod_layout *lay, size_t block)
{
    /* the last chapter starting at or before block */
    size_t lo = 0, hi = lay->nch;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (lay->src[mid].first_block <= block)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

bool rod_layout_chapter_ready(const rod_layout *lay, size_t c)
{
    return c < lay->nch && lay->gen[lay->cur].done[c];
}

bool rod_layout_pages_known(rod_layout *lay, size_t c, size_t *before)
{
    generation *g = &lay->gen[lay->cur];
    if (c > lay->nch)
        return false;
    for (size_t k = g->known_prefix; k < c; k++)
        if (!g->done[k])
            return false;
    return pages_before(lay, c, before);    /* only adds up what is there */
}

/* One slice of work on chapter c: all of it when it is short, else the
 * next part of it. */
static bool work_on(rod_layout *lay, size_t c, bool *finished)
{
    generation *g = &lay->gen[lay->cur];
    if (!g->job) {
        size_t to = c + 1 < lay->nch ? lay->src[c + 1].first_block : lay->doc->nblocks;
        if (lay->src[c].whole ||
            layout_text_bytes(lay->doc, lay->src[c].first_block, to, lay->slice_bytes) <= lay->slice_bytes) {
            *finished = true;
            return ensure(lay, c, false);
        }
        limit_runs(&g->job_out, 0, 0, lay->run_budget);
        g->job = typeset_begin(lay->doc, &lay->src[c], &lay->m, &g->opts, &g->job_out);
        g->job_ch = c;
        if (!g->job)
            return false;
    }
    if (!typeset_step(g->job, lay->slice_bytes))
        return true;
    size_t jc = g->job_ch;
    bool ok = typeset_finish(g->job);
    g->job = NULL;
    *finished = true;
    return ok && first_set(lay, jc, &g->job_out, false);
}

bool rod_layout_work(rod_layout *lay, size_t near, bool *finished)
{
    generation *g = &lay->gen[lay->cur];
    *finished = false;
    if (lay->nch == 0)
        return false;
    if (g->job)     /* a chapter begun is finished first */
        return work_on(lay, g->job_ch, finished);
    if (near >= lay->nch)
        near = lay->nch - 1;
    /* the reader is most likely to go on, then back, then anywhere */
    for (size_t c = near; c < lay->nch; c++)
        if (!g->done[c])
            return work_on(lay, c, finished);
    for (size_t c = near; c-- > 0;)
        if (!g->done[c])
            return work_on(lay, c, finished);
    return false;
}

void layout_set_slice(rod_layout *lay, size_t bytes)
{
    lay->slice_bytes = bytes ? bytes : SLICE_BYTES;
}

bool rod_layout_locate(rod_layout *lay, rod_pos pos, size_t *chapter, size_t *index, size_t *book_page)
{
    if (!rod_doc_pos_valid(lay->doc, pos) || lay->nch == 0)
        return false;
    size_t lo = rod_layout_chapter_of(lay, pos.block);
    if (!ensure(lay, lo, false))
        return false;
    const chapter_slot *ch = &lay->gen[lay->cur].ch[lo];
    if (ch->npages == 0)
        return false;
    /* the last page starting at or before pos */
    size_t a = 0, b = ch->npages;
    while (b - a > 1) {
        size_t mid = (a + b) / 2;
        if (rod_pos_cmp(ch->pages[mid].start, pos) <= 0)
            a = mid;
        else
            b = mid;
    }
    *chapter = lo;
    *index = a;
    if (book_page) {
        size_t before;
        if (!pages_before(lay, lo, &before))
            return false;
        *book_page = before + a;
    }
    return true;
}

void rod_layout_stats_get(const rod_layout *lay, rod_layout_stats *st)
{
    memset(st, 0, sizeof *st);
    const generation *g = &lay->gen[lay->cur];
    double sum = 0;
    for (size_t c = 0; c < lay->nch; c++) {
        if (!g->done[c])
            continue;
        const rod_layout_stats *cs = &g->ch[c].st;
        st->lines += cs->lines;
        st->justified_lines += cs->justified_lines;
        st->unjustifiable += cs->unjustifiable;
        st->loose_lines += cs->loose_lines;
        st->hyphenated += cs->hyphenated;
        st->hyphen_runs += cs->hyphen_runs;
        st->widows += cs->widows;
        st->orphans += cs->orphans;
        st->heading_pages += cs->heading_pages;
        st->early_pages += cs->early_pages;
        st->early_lines += cs->early_lines;
        st->early_needless += cs->early_needless;
        st->word_gaps += cs->word_gaps;
        st->overfull += cs->overfull;
        if (cs->early_max > st->early_max)
            st->early_max = cs->early_max;
        if (cs->max_ratio > st->max_ratio)
            st->max_ratio = cs->max_ratio;
        sum += g->ch[c].ratio_sum;
    }
    size_t n = st->justified_lines - st->unjustifiable;
    st->mean_ratio = n ? sum / (double)n : 0;
}

void layout_set_memory(rod_layout *lay, size_t keep, size_t run_budget, size_t run_window)
{
    lay->keep = keep ? keep : 1;
    lay->run_budget = run_budget;
    lay->run_window = run_window;
}
