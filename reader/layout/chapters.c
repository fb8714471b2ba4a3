/* chapters.c — a book cut into the chapters the layout engine sets one
 * at a time: the title page with whatever comes before the first
 * section, each top-level section, and the notes; a long section with
 * subsections is cut at its subsections instead, its opening (title,
 * epigraph) leading the chapter of its first part, at every level, so a
 * story's title is never a page of its own. A section that holds only
 * titles (a part's title page, "Book I" with its chapters beside it
 * rather than in it, as converters flatten FictionBook and HTML, or a
 * book of nothing but headings) leads the next chapter the same way, with
 * a short run of blocks after it ("1805" under "Book I"): consecutive
 * headings stay together and with the text they head, and a page holds
 * headings only when no text follows them. With section_pages off the
 * book is one chapter. Each chapter knows its first block; one without
 * blocks takes the next one's number.
 */
#include "layout_internal.h"

#include <stdlib.h>
#include <string.h>

/* A top-level section with more text than this is laid out (and starts
 * pages) subsection by subsection: about 3,500 words, some 15 ms of work. */
enum { SPLIT_BYTES = 20000 };

/* The chapters being made, and the book they are made of. */
typedef struct chapter_list {
    const rod_doc *doc;
    chapter_src *src;
    size_t nch;
} chapter_list;

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

static bool add_src(chapter_list *lay, size_t *cap, chapter_src src)
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
size_t layout_text_bytes(const rod_doc *doc, size_t from, size_t to, size_t limit)
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
    return layout_text_bytes(doc, from, block_after(doc, section), SPLIT_BYTES) > SPLIT_BYTES;
}

static bool has_subsections(const rod_node *section)
{
    for (const rod_node *c = section->first; c; c = c->next)
        if (c->kind == ROD_SECTION)
            return true;
    return false;
}

/* A run of blocks this short under a title-only section ("1805" under
 * "Book I", a subtitle) belongs to that opening, not to a page of its own. */
enum { LEAD_RUN_BYTES = 300 };

/* Does section hold titles only (its own, its subsections')? */
static bool only_titles(const rod_node *section)
{
    for (const rod_node *d = section->first; d; d = rod_node_next_in(d, section))
        if (d->block >= 0 && !(d->kind == ROD_TITLE && d->parent && d->parent->kind == ROD_SECTION))
            return false;
    return true;
}

/* Text bytes of the blocks of nodes [from, to), counted until they pass
 * limit. */
static size_t run_bytes(const rod_doc *doc, const rod_node *from, const rod_node *to, size_t limit)
{
    size_t bytes = 0;
    for (const rod_node *n = from; n && n != to && bytes <= limit; n = n->next) {
        if (n->block >= 0 && (size_t)n->block < doc->nblocks)
            bytes += doc->blocks[n->block].len;
        for (const rod_node *d = n->first; d && bytes <= limit; d = rod_node_next_in(d, n))
            if (d->block >= 0 && (size_t)d->block < doc->nblocks)
                bytes += doc->blocks[d->block].len;
    }
    return bytes;
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

/* Whether the chapter at n (ending before next) is an opening of what
 * follows rather than a chapter: a title-only section, or a short run
 * after one that a section follows. */
static bool is_opening(const rod_doc *doc, const rod_node *n, const rod_node *next, const leads *wait)
{
    if (wait->n >= CHAPTER_LEADS)
        return false;
    if (n->kind == ROD_SECTION)
        return only_titles(n);
    return wait->n > 0 && next && run_bytes(doc, n, next, LEAD_RUN_BYTES) <= LEAD_RUN_BYTES;
}

static void wait_for(leads *wait, const rod_node *n, int depth)
{
    wait->node[wait->n] = n;
    wait->depth[wait->n++] = depth;
}

/* Adds chapter c, led by the openings waiting (which it then holds). */
static bool add_led(chapter_list *lay, size_t *cap, chapter_src c, leads *wait)
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

static bool split_section(chapter_list *lay, size_t *cap, const rod_node *section, int depth, leads *wait)
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
        if ((n == section->first && n->kind != ROD_SECTION && next && wait->n < CHAPTER_LEADS) ||
            is_opening(lay->doc, n, next, wait)) {
            /* the opening leads the first subsection's chapter */
            wait_for(wait, n, depth);
        } else if (!add_led(lay, cap, c, wait)) {
            return false;
        }
        n = next;
    }
    return true;
}

static bool make_chapters(chapter_list *lay, bool section_pages)
{
    const rod_doc *doc = lay->doc;
    size_t cap = 0;
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
    leads wait = {0};
    while (n) {
        if (n->kind == ROD_SECTION && is_long(doc, n) && has_subsections(n)) {
            if (!split_section(lay, &cap, n, 1, &wait))
                return false;
            n = n->next;
            continue;
        }
        chapter_src c;
        const rod_node *next = take_src(n, 0, &c);
        if (is_opening(doc, n, next, &wait))
            wait_for(&wait, n, 0);
        else if (!add_led(lay, &cap, c, &wait))
            return false;
        n = next;
    }
    if (wait.n) {
        /* openings with nothing after them: a chapter of their own */
        chapter_src c = {0};
        c.first_block = SIZE_MAX;
        if (!add_led(lay, &cap, c, &wait))
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

bool layout_chapters(const rod_doc *doc, bool section_pages, chapter_src **src, size_t *nch)
{
    chapter_list l = {doc, NULL, 0};
    bool ok = make_chapters(&l, section_pages);
    if (!ok) {
        free(l.src);
        l.src = NULL;
        l.nch = 0;
    }
    *src = l.src;
    *nch = l.nch;
    return ok;
}
