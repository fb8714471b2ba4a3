/* depth.c — no element of a finished book lies deeper than ROD_MAX_DEPTH.
 *
 * Every reader builds its tree without a thought for depth (the .rod
 * reader's SAX parse has no limit at all; the HTML mapper turns each loose
 * heading into a section of its own), and everything after reading — the
 * finishing pass, the writers, the layout — walks the tree recursively. So
 * the limit is kept here, once, as the first step of rod_doc_finish, and
 * every walk after it recurses at most ROD_MAX_DEPTH levels.
 *
 * What lies deeper is flattened, never dropped. A node "fits" at depth d
 * when d plus the levels its content needs below it (rod_kind_room(): a
 * poem needs two, for stanza and line; a section one, for its paragraphs;
 * a paragraph none) stays within the limit. A node that does not fit is replaced:
 *   - inside inline content (or below a text block) by its children, so a
 *     hundred thousand nested <em> become their text; a br becomes a space
 *     so the words on either side stay apart;
 *   - inside a block container by the text blocks of its subtree, in order,
 *     as paragraphs (a title, verse line, cite or inline item becomes a p;
 *     pre, image and break move as they are): the containers between go,
 *     their words stay, and the result is still a valid book.
 * An id on a node that goes is handed to the node that takes its content
 * (the next block lifted out, or the parent), and when that node already
 * has one, references to the lost id are rewritten to it, so every link
 * still resolves. One warning names the first place, with the count.
 *
 * The walk is iterative (parent pointers, no stack of its own except the
 * languages of a lifted subtree) and each node moves at most once per
 * level it is lifted, so the pass is linear in the size of the tree.
 * Refusing deep input outright was turned down: the text of a book that
 * some converter nested absurdly is still worth reading.
 */
#include "rod_doc.h"

#include <stdlib.h>
#include <string.h>

#include "doc_internal.h"

typedef struct flattener {
    rod_doc *doc;
    rod_diag *diag;
    size_t count;           /* elements that went */
    const rod_node *first;  /* the first of them, for the warning */
    unsigned line, col;
    id_moves moves;         /* ids of the elements that went */
    const char **pending;   /* ids of dropped containers, waiting for a node */
    size_t npending, cappending;
    const char **langs;     /* languages down the lifted subtree */
    size_t caplangs;
    bool failed;
} flattener;

int rod_kind_room(rod_kind kind)
{
    switch (kind) {
    case ROD_POEM: case ROD_LIST:
        return 2;
    case ROD_ROOT: case ROD_HEAD: case ROD_BODY: case ROD_NOTES: case ROD_NOTE:
    case ROD_DESCRIPTION: case ROD_SECTION: case ROD_QUOTE: case ROD_EPIGRAPH:
    case ROD_STANZA: case ROD_ITEM:
        return 1;
    default:
        return 0;
    }
}

static void went(flattener *f, const rod_node *n)
{
    if (!f->first) {
        f->first = n;
        f->line = n->line;
        f->col = n->col;
    }
    f->count++;
}

static void hand_id(flattener *f, const char *id, rod_node *heir)
{
    id_moves_hand(&f->moves, id, heir);
}

static void pend_id(flattener *f, const char *id)
{
    if (!id)
        return;
    if (f->npending == f->cappending) {
        size_t cap = f->cappending ? f->cappending * 2 : 8;
        const char **p = realloc(f->pending, cap * sizeof *p);
        if (!p) {
            f->failed = true;
            return;
        }
        f->pending = p;
        f->cappending = cap;
    }
    f->pending[f->npending++] = id;
}

static void settle_pending(flattener *f, rod_node *heir)
{
    for (size_t i = 0; i < f->npending; i++)
        hand_id(f, f->pending[i], heir);
    f->npending = 0;
}

/* Replaces n by its children (inline content). */
static void splice(flattener *f, rod_node *n)
{
    rod_node *parent = n->parent;
    while (n->first) {
        rod_node *c = n->first;
        rod_node_unlink(c);
        rod_node_insert(parent, c, n);
    }
    if (n->kind == ROD_BR) {
        rod_node *space = rod_node_new(f->doc, ROD_TEXT);
        char *s = space ? rod_arena_strndup(f->doc->arena, " ", 1) : NULL;
        if (s) {
            space->text = s;
            space->len = 1;
            space->line = n->line;
            rod_node_insert(parent, space, n);
        } else {
            f->failed = true;
        }
    }
    went(f, n);
    hand_id(f, n->id, parent);
    rod_node_unlink(n);
}

static bool is_text_block(const rod_node *m)
{
    switch (m->kind) {
    case ROD_TITLE: case ROD_P: case ROD_LINE: case ROD_CITE: case ROD_PRE:
    case ROD_IMAGE: case ROD_BREAK:
        return true;
    case ROD_ITEM:
        return rod_node_has_inline_content(m);
    default:
        return rod_kind_is_inline(m->kind);    /* stray inline content moves too */
    }
}

static bool set_lang(flattener *f, size_t at, const char *lang)
{
    if (at >= f->caplangs) {
        size_t cap = f->caplangs ? f->caplangs * 2 : 64;
        while (cap <= at)
            cap *= 2;
        const char **l = realloc(f->langs, cap * sizeof *l);
        if (!l) {
            f->failed = true;
            return false;
        }
        f->langs = l;
        f->caplangs = cap;
    }
    f->langs[at] = lang;
    return true;
}

/* The node after m in a walk of top's subtree that skips m's children. */
static rod_node *after_subtree(rod_node *m, const rod_node *top, size_t *rel)
{
    while (m != top && !m->next) {
        m = m->parent;
        (*rel)--;
    }
    return m == top ? NULL : m->next;
}

/* Replaces the block container n (a child of the container `into`) by the
 * text blocks of its subtree. */
static void lift(flattener *f, rod_node *n, rod_node *into)
{
    /* langs[r]: the language in force inside the container at relative
     * depth r (n is 0); NULL while nothing below `into` set one */
    if (!set_lang(f, 0, n->lang))
        return;
    pend_id(f, n->id);
    went(f, n);
    rod_node *m = n->first;
    size_t rel = 1;
    while (m && !f->failed) {
        if (m->kind != ROD_TEXT && !is_text_block(m)) {
            /* a container between: it goes, its content comes up */
            if (!set_lang(f, rel, m->lang ? m->lang : f->langs[rel - 1]))
                return;
            pend_id(f, m->id);
            went(f, m);
            if (m->first) {
                m = m->first;
                rel++;
                continue;
            }
            m = after_subtree(m, n, &rel);
            continue;
        }
        const char *lang = f->langs[rel - 1];
        rod_node *next = after_subtree(m, n, &rel);
        rod_node_unlink(m);
        if (m->kind == ROD_TITLE || m->kind == ROD_LINE || m->kind == ROD_CITE ||
            m->kind == ROD_ITEM)
            m->kind = ROD_P;
        if (m->kind != ROD_TEXT) {
            if (!m->lang)
                m->lang = lang;
            settle_pending(f, m);
        }
        rod_node_insert(into, m, n);
        m = next;
    }
    settle_pending(f, into);
    rod_node_unlink(n);
}

rod_err rod_doc_flatten(rod_doc *doc, rod_diag *diag)
{
    flattener f = {.doc = doc, .diag = diag};
    rod_node *n = doc->root;
    size_t d = 0;
    while (n && !f.failed && !f.moves.failed) {
        if (n->kind != ROD_TEXT && n->parent &&
            d + (size_t)rod_kind_room(n->kind) > ROD_MAX_DEPTH) {
            rod_node *parent = n->parent, *prev = n->prev;
            if (rod_kind_is_inline(n->kind) || rod_kind_room(parent->kind) == 0)
                splice(&f, n);
            else
                lift(&f, n, parent);
            rod_node *first = prev ? prev->next : parent->first;
            if (first) {
                n = first;          /* what replaced n is looked at in turn */
                continue;
            }
            n = parent;
            d--;
        } else if (n->kind != ROD_TEXT && n->first) {
            n = n->first;
            d++;
            continue;
        }
        while (n && !n->next) {
            n = n->parent;
            d--;
        }
        if (n)
            n = n->next;
    }
    if (id_moves_finish(&f.moves, doc) != ROD_OK)
        f.failed = true;
    if (f.count)
        rod_warn(diag, f.line, f.col,
                 "elements nest more than %d levels deep here; %zu deeper element%s flattened "
                 "into the levels above (the text is kept)",
                 ROD_MAX_DEPTH, f.count, f.count == 1 ? " was" : "s were");
    free(f.pending);
    free(f.langs);
    return f.failed ? ROD_ERR_NOMEM : ROD_OK;
}
