/* finish.c — turns a freshly built tree into a canonical book.
 *
 * It starts by holding the tree to ROD_MAX_DEPTH (depth.c), so the
 * recursion here and in every writer is bounded, and ends by indexing the
 * ids (doc.c). In between, three jobs, in one walk, with the schema's
 * rules that a reader's tree may break made true as it goes (conform.c):
 * (1) fold white space
 * exactly as spec §1 says, in place, so the tree holds what a reader shows
 * and writers need no folding of their own; (2) give stray inline content
 * in a block container a paragraph (or verse line) of its own, so every
 * model writes a file the schema accepts; (3) number the text blocks and
 * store their plain text (spec §2), the basis of positions and the
 * fingerprint.
 *
 * Invariant: finishing a finished tree changes nothing, so importers may
 * edit and finish again. That is why the pre element's leading line feed is
 * dropped by the .rod reader, not here: dropping it here would eat a
 * second one on the second pass.
 */
#include "rod_doc.h"

#include <stdlib.h>
#include <string.h>

#include "doc_internal.h"
#include "rod_buf.h"
#include "rod_utf8.h"

typedef struct finisher {
    rod_doc *doc;
    rod_diag *diag;
    rod_buf scratch;
    size_t cap;
    conform conform;        /* the schema's rules (conform.c) */
    bool failed;
} finisher;

static bool is_xml_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Folding state across the text nodes of one block. */
typedef struct fold {
    bool at_start;          /* nothing visible since block start or br */
    rod_node *pending;      /* text node ending in a tentative space */
} fold;

static void fold_drop_pending(fold *f)
{
    if (f->pending) {
        f->pending->len--;
        f->pending->text[f->pending->len] = '\0';
        f->pending = NULL;
    }
}

/* Runs of visible characters move at once (usually not at all: they only
 * move once a run of white space has shrunk); each run of white space
 * becomes one tentative space or nothing. */
static void fold_text(fold *f, rod_node *t)
{
    char *s = t->text;
    size_t n = t->len, out = 0, i = 0;
    while (i < n) {
        size_t run = i;
        while (i < n && !is_xml_space(s[i]))
            i++;
        if (i > run) {
            if (out != run)
                memmove(s + out, s + run, i - run);
            out += i - run;
            f->pending = NULL;
            f->at_start = false;
        }
        if (i < n) {
            while (i < n && is_xml_space(s[i]))
                i++;
            if (!f->pending && !f->at_start) {
                s[out++] = ' ';
                f->pending = t;
            }
        }
    }
    t->len = out;
    s[out] = '\0';
}

static void fold_inline(rod_node *block)
{
    fold f = {true, NULL};
    for (rod_node *n = block->first; n; n = rod_node_next_in(n, block)) {
        if (n->kind == ROD_TEXT)
            fold_text(&f, n);
        else if (n->kind == ROD_BR) {
            fold_drop_pending(&f);
            f.at_start = true;
        }
    }
    fold_drop_pending(&f);

    /* Empty text nodes are left by folding; unlink them. */
    rod_node *n = block->first;
    while (n) {
        rod_node *next = rod_node_next_in(n, block);
        if (n->kind == ROD_TEXT && n->len == 0)
            rod_node_unlink(n);   /* a leaf: `next` is still its successor */
        n = next;
    }
}

static bool only_space(const rod_node *t)
{
    for (size_t i = 0; i < t->len; i++)
        if (!is_xml_space(t->text[i]))
            return false;
    return true;
}

static rod_kind wrapper_for(rod_kind container)
{
    switch (container) {
    case ROD_POEM: return ROD_STANZA;
    case ROD_STANZA: return ROD_LINE;
    case ROD_LIST: return ROD_ITEM;
    default: return ROD_P;
    }
}

/* Moves each run of inline children of a block container into a wrapper
 * element; runs of pure white space are removed. */
static void wrap_stray_inline(finisher *fz, rod_node *container)
{
    rod_node *c = container->first;
    while (c) {
        if (!rod_kind_is_inline(c->kind)) {
            c = c->next;
            continue;
        }
        rod_node *end = c;
        bool visible = false;
        while (end && rod_kind_is_inline(end->kind)) {
            if (end->kind != ROD_TEXT || !only_space(end))
                visible = true;
            end = end->next;
        }
        if (!visible) {
            while (c != end) {
                rod_node *next = c->next;
                rod_node_unlink(c);
                c = next;
            }
            continue;
        }
        if (fz->diag)
            rod_warn(fz->diag, c->line, 0, "text directly inside <%s> put into a <%s>",
                     rod_kind_name(container->kind), rod_kind_name(wrapper_for(container->kind)));
        rod_node *outer = rod_node_new(fz->doc, wrapper_for(container->kind));
        if (!outer) {
            fz->failed = true;
            return;
        }
        rod_node_insert(container, outer, c);   /* the run follows it */
        rod_node *inner = outer;
        if (outer->kind == ROD_STANZA) {
            inner = rod_node_add(fz->doc, outer, ROD_LINE);
            if (!inner) {
                fz->failed = true;
                return;
            }
        }
        while (c != end) {
            rod_node *next = c->next;
            rod_node_unlink(c);
            rod_node_insert(inner, c, NULL);
            c = next;
        }
        c = end;
    }
}

static void add_block(finisher *fz, rod_node *node)
{
    rod_doc *doc = fz->doc;
    if (doc->nblocks == fz->cap) {
        size_t cap = fz->cap ? fz->cap * 2 : 256;
        rod_block *blocks = realloc(doc->blocks, cap * sizeof *blocks);
        if (!blocks) {
            fz->failed = true;
            return;
        }
        doc->blocks = blocks;
        fz->cap = cap;
    }
    const char *text;
    size_t len;
    const rod_node *only = node->first;
    if (only && only == node->last && only->kind == ROD_TEXT) {
        /* Most blocks are one run of text: their plain text is that run,
         * shared rather than copied. */
        text = only->text;
        len = only->len;
    } else {
        rod_buf_clear(&fz->scratch);
        if (node->kind == ROD_IMAGE)
            rod_buf_add_cp(&fz->scratch, 0xFFFC);
        else
            rod_node_plain_text(node, &fz->scratch);
        len = fz->scratch.len;
        text = rod_arena_strndup(doc->arena, fz->scratch.data ? fz->scratch.data : "", len);
        if (!text || fz->scratch.failed) {
            fz->failed = true;
            return;
        }
    }
    node->block = (int)doc->nblocks;
    doc->blocks[doc->nblocks++] = (rod_block){node, text, len, rod_utf8_count(text, len)};
}

static void finish_container(finisher *fz, rod_node *container, bool numbered);

static void finish_child(finisher *fz, rod_node *c, bool numbered)
{
    c->block = -1;
    switch (c->kind) {
    case ROD_PRE:
        /* white space kept as it is */
        if (numbered)
            add_block(fz, c);
        return;
    case ROD_IMAGE:
        if (numbered)
            add_block(fz, c);
        return;
    case ROD_BREAK:
    case ROD_COVER:
    case ROD_BINARY:
        return;
    default:
        break;
    }
    if (rod_node_has_inline_content(c)) {
        fold_inline(c);
        if (numbered)
            add_block(fz, c);
        return;
    }
    if (!rod_kind_is_inline(c->kind))
        finish_container(fz, c, numbered);
}

static void finish_container(finisher *fz, rod_node *container, bool numbered)
{
    wrap_stray_inline(fz, container);
    conform_children(&fz->conform, container);
    for (rod_node *c = container->first; c && !fz->failed; c = c->next)
        finish_child(fz, c, numbered);
}

rod_err rod_doc_finish(rod_doc *doc, rod_diag *diag)
{
    /* first of all, so that every walk below recurses a bounded depth */
    if (rod_doc_flatten(doc, diag) != ROD_OK)
        return ROD_ERR_NOMEM;
    finisher fz = {doc, diag, ROD_BUF_INIT, 0, {.doc = doc, .moves = ID_MOVES_INIT}, false};
    free(doc->blocks);
    doc->blocks = NULL;
    doc->nblocks = 0;
    conform_values(&fz.conform);
    conform_head(&fz.conform);

    /* Head: its title is block 0, the rest are metadata (not numbered). */
    fold_inline(doc->title);
    add_block(&fz, doc->title);
    for (rod_node *c = doc->head->first; c && !fz.failed; c = c->next)
        if (c != doc->title)
            finish_child(&fz, c, false);
    if (!fz.failed)
        finish_container(&fz, doc->body, true);
    if (doc->notes && !fz.failed)
        finish_container(&fz, doc->notes, true);

    rod_buf_free(&fz.scratch);
    if (conform_finish(&fz.conform, diag) != ROD_OK)
        fz.failed = true;
    if (!fz.failed && rod_doc_index_ids(doc) != ROD_OK)
        fz.failed = true;
    return fz.failed ? ROD_ERR_NOMEM : ROD_OK;
}
