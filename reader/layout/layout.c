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
 */
#include "layout_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { GENERATIONS = 3 };

/* A top-level section with more text than this is laid out (and starts
 * pages) subsection by subsection: about 3,500 words, some 15 ms of work. */
enum { SPLIT_BYTES = 20000 };

/* Background work sets about this much text per call (some 1,000 words,
 * 3 to 6 ms), so a long chapter is set over several frames and no frame
 * waits for a whole chapter. */
enum { SLICE_BYTES = 6000 };

typedef struct generation {
    uint64_t key;
    rod_layout_opts opts;
    chapter_out *ch;
    bool *done;
    size_t *pages_before;       /* valid for c < known_prefix */
    size_t known_prefix;
    unsigned long used;         /* for choosing what to forget */
    typeset_job *job;           /* a chapter being set in the background */
    size_t job_ch;
} generation;

struct rod_layout {
    const rod_doc *doc;
    rod_measure m;
    chapter_src *src;
    size_t nch;
    generation gen[GENERATIONS];
    size_t ngen, cur;
    unsigned long clock;
    size_t slice_bytes;         /* background work per call */
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

static size_t first_block_in(const rod_node *from, const rod_node *to)
{
    for (const rod_node *n = from; n && n != to; n = n->next) {
        if (n->block >= 0)
            return (size_t)n->block;
        for (const rod_node *d = n->first; d; d = rod_node_next_in(d, n))
            if (d->block >= 0)
                return (size_t)d->block;
    }
    return SIZE_MAX;
}

static bool add_src(rod_layout *lay, size_t *cap, chapter_src src)
{
    if (lay->nch == *cap) {
        size_t c = *cap ? *cap * 2 : 16;
        chapter_src *v = realloc(lay->src, c * sizeof *v);
        if (!v)
            return false;
        lay->src = v;
        *cap = c;
    }
    lay->src[lay->nch++] = src;
    return true;
}

/* The first block after a section: in its next sibling, or in the next
 * sibling of an ancestor. */
static size_t block_after(const rod_doc *doc, const rod_node *section)
{
    for (const rod_node *n = section; n; n = n->parent) {
        size_t b = n->next ? first_block_in(n->next, NULL) : SIZE_MAX;
        if (b != SIZE_MAX)
            return b;
    }
    return doc->nblocks;
}

/* Text bytes of blocks [from, to), counted until they pass `limit`. */
static size_t text_bytes(const rod_doc *doc, size_t from, size_t to, size_t limit)
{
    size_t bytes = 0;
    for (size_t b = from; b < to && b < doc->nblocks && bytes <= limit; b++)
        bytes += doc->blocks[b].len;
    return bytes;
}

/* Text bytes of a section, to tell a long "Book One" holding twenty
 * chapters from a chapter. */
static bool is_long(const rod_doc *doc, const rod_node *section)
{
    size_t from = first_block_in(section, section->next);
    if (from == SIZE_MAX)
        return false;
    return text_bytes(doc, from, block_after(doc, section), SPLIT_BYTES) > SPLIT_BYTES;
}

static bool has_subsections(const rod_node *section)
{
    for (const rod_node *c = section->first; c; c = c->next)
        if (c->kind == ROD_SECTION)
            return true;
    return false;
}

/* A long section becomes several chapters: each of its subsections and
 * each run of other nodes between them, each starting a page, as the
 * chapters of a printed book do; a subsection that is itself long (a
 * volume holding books holding chapters, as Standard Ebooks' War and
 * Peace has them) is split the same way. Laying out one is then a short
 * piece of work. The section's opening (title, epigraph: the run before
 * its first subsection) is no chapter of its own, which would leave a
 * title alone on a page: it leads the chapter of the first subsection. */
/* The chapter starting at node n: n itself when it is a section, else the
 * run of nodes up to the next section. depth is that of the nodes set at
 * n's level (0 at the top, where a section's own depth counts as 1);
 * returns the node after the chapter. */
static const rod_node *take_src(const rod_node *n, int depth, chapter_src *c)
{
    *c = (chapter_src){0};
    if (n->kind == ROD_SECTION) {
        c->section = n;
        c->depth = depth ? depth + 1 : 0;
        c->first_block = first_block_in(n, n->next);
        return n->next;
    }
    const rod_node *end = n;
    while (end && end->kind != ROD_SECTION)
        end = end->next;
    c->from = n;
    c->to = end;
    c->depth = depth;
    c->first_block = first_block_in(n, end);
    return end;
}

/* Openings waiting for the chapter they lead. */
typedef struct leads {
    const rod_node *node[CHAPTER_LEADS];
    int depth[CHAPTER_LEADS];
    int n;
} leads;

/* Adds chapter c, led by the openings waiting (which it then holds). */
static bool add_led(rod_layout *lay, size_t *cap, chapter_src c, leads *wait)
{
    if (wait->n) {
        size_t first = first_block_in(wait->node[0], NULL);
        for (int i = 0; i < wait->n; i++) {
            c.lead[i] = wait->node[i];
            c.lead_depth[i] = wait->depth[i];
        }
        c.nlead = wait->n;
        if (first < c.first_block || c.first_block == SIZE_MAX)
            c.first_block = first;
        wait->n = 0;
    }
    return add_src(lay, cap, c);
}

static bool split_section(rod_layout *lay, size_t *cap, const rod_node *section, int depth, leads *wait)
{
    for (const rod_node *n = section->first; n;) {
        if (n->kind == ROD_SECTION && is_long(lay->doc, n) && has_subsections(n)) {
            if (!split_section(lay, cap, n, depth + 1, wait))
                return false;
            n = n->next;
            continue;
        }
        chapter_src c;
        const rod_node *next = take_src(n, depth, &c);
        if (n == section->first && n->kind != ROD_SECTION && next && wait->n < CHAPTER_LEADS) {
            /* the opening leads the first subsection's chapter */
            wait->node[wait->n] = n;
            wait->depth[wait->n++] = depth;
        } else if (!add_led(lay, cap, c, wait)) {
            return false;
        }
        n = next;
    }
    return true;
}

static bool make_chapters(rod_layout *lay, bool section_pages)
{
    const rod_doc *doc = lay->doc;
    size_t cap = 0;
    free(lay->src);
    lay->src = NULL;
    lay->nch = 0;
    if (!section_pages) {
        chapter_src whole = {0};
        whole.title_page = true;
        whole.whole = true;
        whole.first_block = 0;
        return add_src(lay, &cap, whole);
    }
    /* the title page and whatever comes before the first section */
    const rod_node *n = doc->body->first;
    while (n && n->kind != ROD_SECTION)
        n = n->next;
    chapter_src front = {0};
    front.title_page = true;
    front.from = doc->body->first != n ? doc->body->first : NULL;
    front.to = n;
    front.first_block = 0;
    if (!add_src(lay, &cap, front))
        return false;
    while (n) {
        if (n->kind == ROD_SECTION && is_long(doc, n) && has_subsections(n)) {
            leads wait = {0};
            if (!split_section(lay, &cap, n, 1, &wait))
                return false;
            n = n->next;
            continue;
        }
        chapter_src c;
        n = take_src(n, 0, &c);
        if (!add_src(lay, &cap, c))
            return false;
    }
    if (doc->notes && doc->notes->first) {
        chapter_src c = {0};
        c.notes = true;
        c.from = doc->notes->first;
        c.first_block = first_block_in(doc->notes->first, NULL);
        if (!add_src(lay, &cap, c))
            return false;
    }
    /* a chapter without blocks takes the next one's number */
    size_t next = doc->nblocks;
    for (size_t i = lay->nch; i-- > 0;) {
        if (lay->src[i].first_block == SIZE_MAX)
            lay->src[i].first_block = next;
        next = lay->src[i].first_block;
    }
    return true;
}

static void gen_free(generation *g, size_t nch)
{
    if (g->job)
        typeset_finish(g->job);     /* unfinished: frees its chapter too */
    if (g->ch)
        for (size_t i = 0; i < nch; i++)
            chapter_out_free(&g->ch[i]);
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

static bool paginate_done(rod_layout *lay, size_t c);

static bool ensure(rod_layout *lay, size_t c)
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
        if (!ok)
            return false;
    } else if (!typeset_chapter(lay->doc, &lay->src[c], &lay->m, &g->opts, &g->ch[c])) {
        return false;
    }
    return paginate_done(lay, c);
}

/* Chapter c is set: its pages, and it is done. */
static bool paginate_done(rod_layout *lay, size_t c)
{
    generation *g = &lay->gen[lay->cur];
    rod_pos next = rod_layout_chapter_start(lay, c + 1);
    if (!paginate_chapter(&g->ch[c], &g->opts, c, next)) {
        chapter_out_free(&g->ch[c]);
        return false;
    }
    g->done[c] = true;
    return true;
}

size_t rod_layout_chapter_pages(rod_layout *lay, size_t c)
{
    return ensure(lay, c) ? lay->gen[lay->cur].ch[c].npages : 0;
}

const rod_page *rod_layout_chapter_page(rod_layout *lay, size_t c, size_t i)
{
    if (!ensure(lay, c))
        return NULL;
    const chapter_out *ch = &lay->gen[lay->cur].ch[c];
    return i < ch->npages ? &ch->pages[i] : NULL;
}

/* Pages before chapter c, laying out chapters [0, c). */
static bool pages_before(rod_layout *lay, size_t c, size_t *out)
{
    generation *g = &lay->gen[lay->cur];
    while (g->known_prefix < c) {
        size_t k = g->known_prefix;
        if (!ensure(lay, k))
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
            text_bytes(lay->doc, lay->src[c].first_block, to, lay->slice_bytes) <= lay->slice_bytes) {
            *finished = true;
            return ensure(lay, c);
        }
        g->job = typeset_begin(lay->doc, &lay->src[c], &lay->m, &g->opts, &g->ch[c]);
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
    return ok && paginate_done(lay, jc);
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
    if (!ensure(lay, lo))
        return false;
    const chapter_out *ch = &lay->gen[lay->cur].ch[lo];
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
    for (size_t c = 0; c < lay->nch; c++)
        if (g->done[c])
            chapter_stats(&g->ch[c], lay->doc, &g->opts, st, &sum);
    size_t n = st->justified_lines - st->unjustifiable;
    st->mean_ratio = n ? sum / (double)n : 0;
}
