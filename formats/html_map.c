/* html_map.c — walks an HTML or XHTML tree and builds the book's blocks:
 * the entry points of html_map.h. The walk itself is in stages, one file
 * each (html_map_internal.h lists them).
 *
 * Two modes of walking mirror the two kinds of content in the model: a
 * block walk (hm_map_blocks, html_blocks.c) over the children of a block
 * container, and an inline walk (hm_map_inlines, html_inline.c) over the
 * content of a paragraph, title or line. HTML lets each appear inside the
 * other, so the block walk gathers stray text and inline elements into an
 * implicit paragraph, and the inline walk flattens block elements it meets
 * (with a space, so words never run together).
 *
 * Sections come from two sources: sectioning elements (section, article,
 * and divisions that name themselves chapters) and loose headings, which
 * open a section that runs until the next heading of the same or a higher
 * level — how most Gutenberg HTML is built. Notes (epub:type footnote and
 * endnote, role doc-endnote, class footnote) are lifted out of the text
 * into the book's notes wherever they stand (html_notes.c); their
 * back-links are dropped.
 *
 * No paragraph without words is kept (an anchor alone, <p></p>, only
 * <br>s): when a file is walked, drop_blank takes each out and gives its
 * ids — its own and those of the spans in it — to the block that follows,
 * or, when nothing follows, to the enclosing section (else the block
 * before), so links to them still land where the reader would be.
 *
 * Invariant: every node made for an element goes through hm_add (or
 * made() in html_ids.c), which hands it the ids of transparent elements
 * seen just before it, so a link to any element of the source lands on
 * the node that shows its text. A single recursive walk was kept over a
 * two-pass one (collect, then build): the tree is already in memory and
 * its depth is bounded by the reader (ROD_MAX_DEPTH).
 */
#include "html_map_internal.h"

#include <stdlib.h>
#include <string.h>

#include "xml_tree.h"

void html_map_init(html_map *m, rod_doc *doc, rod_diag *diag)
{
    memset(m, 0, sizeof *m);
    m->doc = doc;
    m->diag = diag;
}

void html_map_free(html_map *m)
{
    rod_strmap_free(&m->targets);
    imp_ids_free(&m->ids);
    for (size_t i = 0; i < m->nlinks; i++)
        free(m->links[i].target);
    free(m->links);
    for (size_t i = 0; i < m->ncaps; i++)
        free(m->caps[i]);
    free(m->caps);
    free(m->pending);
}

/* Nothing a reader would see: white space, line breaks, and inline
 * elements holding no more (a note reference or an image is something). */
static bool is_blank(const rod_node *n)
{
    for (const rod_node *c = n->first; c; c = c->next) {
        if (c->kind == ROD_TEXT) {
            for (size_t i = 0; i < c->len; i++)
                if (!strchr(" \t\r\n", c->text[i]))
                    return false;
        } else if (c->kind == ROD_BR) {
            continue;
        } else if (c->kind == ROD_NOTEREF || !rod_kind_is_inline(c->kind) || !is_blank(c)) {
            return false;
        }
    }
    return true;
}

static bool is_blank_para(const rod_node *n)
{
    return n->kind == ROD_P && is_blank(n);
}

/* The node after n's subtree in document order, inside top. */
static rod_node *after(rod_node *n, const rod_node *top)
{
    while (n && n != top && !n->next)
        n = n->parent;
    return n && n != top ? n->next : NULL;
}

/* The first block after p that is not a blank paragraph, or NULL. */
static rod_node *next_block(rod_node *p, const rod_node *top)
{
    for (rod_node *n = after(p, top); n; n = rod_node_next_in(n, top))
        if (n->kind != ROD_TEXT && !rod_kind_is_inline(n->kind) && !is_blank_para(n))
            return n;
    return NULL;
}

/* Where the ids of the blank paragraph p go when no block follows it. */
static rod_node *heir_at_end(rod_node *p, const rod_node *top)
{
    for (rod_node *up = p->parent; up && up != top; up = up->parent)
        if (up->kind != ROD_BODY)
            return up;
    for (rod_node *n = p->prev; n; n = n->prev)
        if (!is_blank_para(n))
            return n;
    return NULL;
}

/* Drops the blank paragraphs of top, from its child `from` on. A run of
 * them shares the block after it, found once (`ahead`): a file of a
 * hundred thousand empty paragraphs costs one walk, not a walk each. */
static void drop_blank(html_map *m, rod_node *top, rod_node *from)
{
    rod_node *ahead = NULL;     /* the next block, not reached yet */
    bool none_ahead = false;    /* no block follows: none will */
    for (rod_node *n = from, *next; n; n = next) {
        if (n == ahead)
            ahead = NULL;
        if (!is_blank_para(n)) {
            next = rod_node_next_in(n, top);
            continue;
        }
        next = after(n, top);
        if (!ahead && !none_ahead) {
            ahead = next_block(n, top);
            none_ahead = !ahead;
        }
        rod_node *to = ahead ? ahead : heir_at_end(n, top);
        if (!to)
            continue;       /* a file of nothing but an anchor keeps it */
        for (rod_node *k = n; k; k = rod_node_next_in(k, n))
            if (k->id && !to->id)
                to->id = k->id;
        /* the links recorded for these nodes now resolve to `to` */
        for (rod_node *k = n; k; k = rod_node_next_in(k, n))
            k->id = to->id;
        if (m->last_node == n)
            m->last_node = to;
        rod_node_unlink(n);
    }
}

rod_err html_map_body(html_map *m, xmlDocPtr x, const char *file, rod_node *into)
{
    m->file = file;
    m->first_node = NULL;
    m->npending = 0;
    xmlNode *root = xmlDocGetRootElement(x);
    if (!root)
        return ROD_OK;
    xmlNode *body = NULL;
    for (xmlNode *c = root->children; c; c = c->next)
        if (rod_xml_is(c, "body"))
            body = c;
    if (!body && rod_xml_is(root, "body"))
        body = root;
    xmlNode *from = body ? body : root;
    rod_node *before = into->last;     /* the file's nodes come after it */
    blk b = {.container = into};
    rod_node *notes_before = m->doc->notes ? m->doc->notes->last : NULL;
    /* the file's direction goes to its container: the book's body for an
     * HTML file, the chapter for an EPUB (epub_read.c places it) */
    rod_dir dir = body ? rod_dir_from_name(rod_xml_attr(body, "dir")) : ROD_DIR_NONE;
    into->dir = dir != ROD_DIR_NONE ? dir : rod_dir_from_name(rod_xml_attr(root, "dir"));
    if (body) {
        hm_pend_id(m, rod_xml_attr(body, "id"));
        if (hm_is_poem(body))
            b.poem_mode = true;
    }
    hm_map_blocks(m, from->children, &b);
    hm_close_poem(&b);
    /* ids at the very end (an anchor after the last paragraph) */
    if (m->npending && m->last_node) {
        for (size_t i = 0; i < m->npending; i++)
            hm_give_id(m, m->last_node, m->pending[i]);
        m->npending = 0;
    }
    drop_blank(m, into, into->first);
    /* the notes this file brought (a back-link's paragraph), only those:
     * a book of many files and many notes walks each note once */
    if (m->doc->notes)
        drop_blank(m, m->doc->notes, notes_before ? notes_before->next : m->doc->notes->first);
    /* a link to the file lands at its start, even when the first thing
     * in it comes before its first heading's section */
    hm_file_start(m, before ? before->next : into->first);
    return m->failed ? ROD_ERR_NOMEM : ROD_OK;
}
