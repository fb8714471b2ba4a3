/* inline_images.c — images that stood inside text, made block images.
 *
 * ROD-FORMAT has no inline image: `image` is a block (§1, and a text block
 * of its own in §2, U+FFFC). HTML's <img> inside a <p>, FictionBook's
 * <image> inside a <p> or <v> are inline, so the importers put the image
 * where it stood, inside the paragraph, and this pass (imp_finish) makes
 * it what the format allows, keeping the order of text and images:
 *   - an image directly in a paragraph splits it there: the text before,
 *     the image, the text after (a paragraph left without words goes, its
 *     id given to the image);
 *   - in an item holding only inline content, the content becomes a
 *     paragraph of the item first, then the same;
 *   - anywhere else (in a title, a verse line, a cite, inside an em) the
 *     image goes right after the nearest block that can stand beside it.
 * Turned down: keeping only the alt text in the line (what rod did; the
 * image is lost) and moving every image after its paragraph (the order of
 * text and pictures, which a manual's figures depend on, is lost).
 */
#include "import_internal.h"

#include <stdbool.h>

/* Whether a block image may be a child of n. */
static bool holds_blocks(const rod_node *n)
{
    switch (n->kind) {
    case ROD_BODY: case ROD_SECTION: case ROD_QUOTE: case ROD_EPIGRAPH: case ROD_NOTE:
    case ROD_DESCRIPTION: case ROD_ITEM:
        return true;
    default:
        return false;
    }
}

static bool has_words(const rod_node *n)
{
    for (const rod_node *c = n->first; c; c = rod_node_next_in(c, n)) {
        if (c->kind == ROD_IMAGE || c->kind == ROD_BR)
            return true;
        if (c->kind != ROD_TEXT)
            continue;
        for (size_t i = 0; i < c->len; i++)
            if (c->text[i] != ' ' && c->text[i] != '\t' && c->text[i] != '\n' && c->text[i] != '\r')
                return true;
    }
    return false;
}

/* Splits paragraph p at its child img: p keeps what comes before, a new
 * paragraph what comes after. False when memory ran out. */
static bool split_at(rod_doc *doc, rod_node *p, rod_node *img)
{
    rod_node *after = rod_node_new(doc, ROD_P);
    if (!after)
        return false;
    after->lang = p->lang;
    while (img->next) {
        rod_node *c = img->next;
        rod_node_unlink(c);
        rod_node_insert(after, c, NULL);
    }
    rod_node_unlink(img);
    rod_node *before = p->next;
    rod_node_insert(p->parent, img, before);
    if (has_words(after))
        rod_node_insert(p->parent, after, before);
    if (!has_words(p)) {
        if (!img->id)
            img->id = p->id;
        rod_node_unlink(p);
    }
    return true;
}

/* An item of inline content becomes an item holding one paragraph. */
static rod_node *item_para(rod_doc *doc, rod_node *item)
{
    rod_node *p = rod_node_new(doc, ROD_P);
    if (!p)
        return NULL;
    while (item->first) {
        rod_node *c = item->first;
        rod_node_unlink(c);
        rod_node_insert(p, c, NULL);
    }
    rod_node_insert(item, p, NULL);
    return p;
}

/* An item's content is inline when any child is text or inline. */
static bool inline_item(const rod_node *item)
{
    for (const rod_node *c = item->first; c; c = c->next)
        if (rod_kind_is_inline(c->kind))
            return true;
    return false;
}

static bool misplaced(const rod_node *img)
{
    return img->parent->kind == ROD_ITEM ? inline_item(img->parent) : !holds_blocks(img->parent);
}

static bool lift(rod_doc *doc, rod_node *img)
{
    rod_node *parent = img->parent;
    if (parent->kind == ROD_ITEM) {
        parent = item_para(doc, parent);
        if (!parent)
            return false;
    }
    if (parent->kind == ROD_P)
        return split_at(doc, parent, img);
    /* after the nearest block that may stand beside an image; the text
     * block it stood in goes when nothing else was in it */
    rod_node *block = parent;
    while (block->parent && rod_kind_is_inline(block->kind))
        block = block->parent;
    rod_node *a = block;
    while (a->parent && !holds_blocks(a->parent))
        a = a->parent;
    if (!a->parent)
        return true;        /* nowhere to go: the finisher reports it */
    rod_node_unlink(img);
    rod_node_insert(a->parent, img, a->next);
    /* what is left empty goes: the line, then its stanza when it was
     * the only one (a title, a cite) */
    while (block != a->parent && !has_words(block)) {
        if (!img->id)
            img->id = block->id;
        rod_node *up = block->parent;
        rod_node_unlink(block);
        if (up->first)
            break;
        block = up;
    }
    return true;
}

bool imp_lift_images(rod_doc *doc)
{
    rod_node *tops[] = {doc->body, doc->notes};
    for (size_t t = 0; t < 2; t++) {
        rod_node *top = tops[t];
        if (!top)
            continue;
        /* a lifted image has no children and stands before what followed
         * it in its paragraph, so the walk goes on from its new place */
        for (rod_node *n = top; n; n = rod_node_next_in(n, top)) {
            if (n->kind != ROD_IMAGE || !misplaced(n))
                continue;
            if (!lift(doc, n))
                return false;
        }
    }
    return true;
}
