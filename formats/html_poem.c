/* html_poem.c — verse in HTML, for the walk (html_map_internal.h): a poem
 * (a z3998:poem, a class poem or verse, or a body in poem mode) becomes
 * stanzas of lines. Lines come from markup (one element per line) or from
 * <br> inside a paragraph; a stanza from a paragraph or division, or from
 * a blank line. Anything that is not verse inside a poem closes it, so
 * prose never ends up as lines.
 */
#include "html_map_internal.h"

#include <ctype.h>
#include <string.h>

#include "import_internal.h"
#include "xml_tree.h"

/* Lines of a stanza: text runs split at <br>, and one line per block
 * child. */
static void lines_of(html_map *m, xmlNode *el, rod_node *stanza, rod_node **line)
{
    char name[32];
    for (xmlNode *c = el->children; c && !m->failed; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            const char *s = (const char *)c->content;
            if (!*line && hm_is_space_text(s))
                continue;
            if (!*line)
                *line = hm_add(m, stanza, ROD_LINE, NULL);
            if (*line)
                hm_add_text(m, *line, s, strlen(s));
        } else if (c->type == XML_ENTITY_REF_NODE) {
            if (!*line)
                *line = hm_add(m, stanza, ROD_LINE, NULL);
            if (*line)
                hm_add_entity(m, *line, c);
        } else if (c->type == XML_ELEMENT_NODE) {
            rod_xml_name(c, name);
            if (hm_is_skipped(m, c, name))
                continue;
            if (!strcmp(name, "br")) {
                *line = NULL;
                continue;
            }
            bool block = html_is_block_name(name);
            bool holds_br = false;
            for (xmlNode *d = c->children; d && !holds_br; d = d->next)
                holds_br = rod_xml_is(d, "br") || (d->type == XML_ELEMENT_NODE &&
                                                    html_is_block_name((const char *)d->name));
            if (block || holds_br) {
                if (block)
                    *line = NULL;
                hm_pend_id(m, rod_xml_attr(c, "id"));
                lines_of(m, c, stanza, line);
                if (block)
                    *line = NULL;
                continue;
            }
            if (!*line)
                *line = hm_add(m, stanza, ROD_LINE, NULL);
            if (*line)
                hm_map_inline_el(m, c, *line);
        }
    }
}

/* A stylesheet floats a line's number into the margin, so the source
 * puts it against the line's last word ("Hofgarten,<span
 * class="lnum">10</span>"). rod has no margin: the number stays (it is
 * the book's, and a reader may cite by it) after an em space, as wide a
 * gap as a table's cells get, and a space after it keeps it off any word
 * that follows; white space already before it goes, so the gap is one. */
void hm_line_number(html_map *m, xmlNode *el, rod_node *parent)
{
    rod_node *last = parent->last;
    if (last && last->kind == ROD_TEXT)
        while (last->len && isspace((unsigned char)last->text[last->len - 1]))
            last->text[--last->len] = '\0';
    if (parent->first)
        hm_add_text(m, parent, "\xe2\x80\x83", 3);
    hm_pend_id(m, rod_xml_attr(el, "id"));
    hm_map_inlines(m, el->children, parent);
    hm_add_text(m, parent, " ", 1);
}

bool hm_has_words(const rod_node *n)
{
    for (const rod_node *c = n->first; c; c = c->next) {
        if (c->kind == ROD_TEXT) {
            for (size_t i = 0; i < c->len; i++)
                if (!isspace((unsigned char)c->text[i]))
                    return true;
        } else if (c->kind == ROD_NOTEREF || c->kind == ROD_IMAGE || hm_has_words(c)) {
            return true;
        }
    }
    return false;
}

static void stanza_from(html_map *m, xmlNode *el, rod_node *poem)
{
    rod_node *stanza = hm_add(m, poem, ROD_STANZA, el);
    if (!stanza)
        return;
    rod_node *line = NULL;
    lines_of(m, el, stanza, &line);
    for (rod_node *l = stanza->first, *next; l; l = next) {
        next = l->next;
        if (!hm_has_words(l))
            rod_node_unlink(l);
    }
    if (!stanza->first)
        rod_node_unlink(stanza);
}

static rod_node *open_poem(html_map *m, blk *b, xmlNode *el)
{
    if (!b->poem) {
        hm_end_para(b);
        b->poem = hm_add(m, hm_dest(b), ROD_POEM, el);
    }
    return b->poem;
}

/* Closes a poem: it must hold a stanza, and a title alone becomes a
 * paragraph. */
void hm_close_poem(blk *b)
{
    rod_node *p = b->poem;
    b->poem = NULL;
    if (!p)
        return;
    if (imp_poem_or_paragraphs(p))
        return;
    /* a cite that is not last moves to the end */
    for (rod_node *c = p->first, *next; c; c = next) {
        next = c->next;
        if (c->kind == ROD_CITE && c != p->last) {
            rod_node_unlink(c);
            rod_node_insert(p, c, NULL);
        }
    }
}

void hm_poem_child(html_map *m, xmlNode *c, blk *b)
{
    char name[32];
    rod_xml_name(c, name);
    int level = hm_heading_level(name);
    if (level || !strcmp(name, "hgroup") || (!strcmp(name, "header") && hm_group_level(c)) ||
        hm_has_class(c, "poem-title")) {
        rod_node *d = hm_dest(b);
        if (d->kind == ROD_SECTION && hm_section_is_empty(d) && !b->poem) {
            hm_heading(m, c, level ? level : hm_group_level(c), b);
            return;
        }
        if (b->poem && b->poem->first)
            hm_close_poem(b);
        rod_node *poem = open_poem(m, b, NULL);
        rod_node *title = poem ? hm_add(m, poem, ROD_TITLE, c) : NULL;
        bool first = true;
        if (title) {
            if (level || !strcmp(name, "p"))
                hm_map_inlines(m, c->children, title);
            else
                hm_title_from(m, c, title, &first);
        }
        return;
    }
    if (hm_has_class(c, "cite") || !strcmp(name, "footer") || !strcmp(name, "cite") ||
        hm_has_class(c, "attribution") || hm_has_class(c, "signature")) {
        rod_node *poem = open_poem(m, b, NULL);
        rod_node *cite = poem ? hm_add(m, poem, ROD_CITE, c) : NULL;
        if (cite)
            hm_map_inlines(m, c->children, cite);
        hm_close_poem(b);
        return;
    }
    if (hm_is_note(c)) {
        hm_map_note(m, c);
        return;
    }
    if (!strcmp(name, "hr")) {
        hm_close_poem(b);
        return;
    }
    if (!strcmp(name, "p") || hm_has_class(c, "stanza") || !hm_has_block_child(c) ||
        !strcmp(name, "span")) {
        rod_node *poem = open_poem(m, b, NULL);
        if (poem)
            stanza_from(m, c, poem);
        return;
    }
    /* a division holding stanzas */
    hm_pend_id(m, rod_xml_attr(c, "id"));
    for (xmlNode *g = c->children; g; g = g->next)
        if (g->type == XML_ELEMENT_NODE && !hm_is_skipped(m, g, rod_xml_name(g, name)))
            hm_poem_child(m, g, b);
}

void hm_map_poem(html_map *m, xmlNode *el, blk *b)
{
    hm_end_para(b);
    char name[32];
    rod_xml_name(el, name);
    blk inner = {.container = NULL};
    blk *use = b;
    if ((!strcmp(name, "section") || !strcmp(name, "article")) && hm_takes_sections(hm_dest(b))) {
        inner.container = hm_add(m, hm_dest(b), ROD_SECTION, el);
        if (!inner.container)
            return;
        use = &inner;
    } else {
        hm_close_poem(b);
        b->poem = hm_add(m, hm_dest(b), ROD_POEM, el);
    }
    for (xmlNode *c = el->children; c && !m->failed; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && !hm_is_skipped(m, c, rod_xml_name(c, name)))
            hm_poem_child(m, c, use);
    }
    hm_close_poem(use);
}
