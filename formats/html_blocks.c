/* html_blocks.c — the block walk of the HTML mapping
 * (html_map_internal.h): the children of a block container become
 * sections, paragraphs, quotes, epigraphs, lists, tables (as paragraphs),
 * images and scene breaks. Stray text and inline elements between blocks
 * gather into an implicit paragraph (blk.para); a loose heading opens a
 * section that runs to the next heading of its level or higher
 * (blk.loose), which is how most Gutenberg HTML is built. Verse is handed
 * to html_poem.c, notes to html_notes.c.
 */
#include "html_map_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xml_tree.h"

rod_node *hm_dest(blk *b)
{
    for (int l = 6; l >= 1; l--)
        if (b->loose[l])
            return b->loose[l];
    return b->container;
}

bool hm_takes_sections(const rod_node *n)
{
    return n->kind == ROD_BODY || n->kind == ROD_SECTION;
}

void hm_end_para(blk *b)
{
    b->para = NULL;
}

/* Does n or anything in it carry an id (a link may lead there)? */
static bool holds_id(const rod_node *n)
{
    for (const rod_node *k = n; k; k = rod_node_next_in(k, n))
        if (k->id)
            return true;
    return false;
}

static rod_node *para(html_map *m, blk *b)
{
    if (!b->para)
        b->para = hm_add(m, hm_dest(b), ROD_P, NULL);
    return b->para;
}

/* A title made of one or more headings (hgroup), joined by line breaks.
 * `top` is the element the caller made a node for, which holds its id
 * already; the ids of headings inside it name the title too. Queueing
 * them for the next node made (as once done) gave the top element's id
 * twice: to the section and again to the paragraph after the title, as
 * "X-2", with a false warning of ids used more than once. */
static void title_walk(html_map *m, xmlNode *el, rod_node *title, bool *first, bool top)
{
    char name[32];
    rod_xml_name(el, name);
    if (!top) {
        /* a strong standing for a title (a heading in a quote) names its
         * paragraph */
        rod_node *holder = title->kind == ROD_STRONG && title->parent ? title->parent : title;
        hm_give_id(m, holder, rod_xml_attr(el, "id"));
    }
    if (hm_heading_level(name) || (!strcmp(name, "p") && title->parent)) {
        if (!*first)
            hm_add(m, title, ROD_BR, NULL);
        *first = false;
        hm_map_inlines(m, el->children, title);
        return;
    }
    for (xmlNode *c = el->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE) {
            char cn[32];
            if (hm_is_skipped(m, c, rod_xml_name(c, cn)))
                continue;
            if (!strcmp(cn, "img"))     /* a logo in a <header>: after the title */
                hm_image(m, c, title, rod_xml_attr(c, "src"));
            else
                title_walk(m, c, title, first, false);
        }
}

void hm_title_from(html_map *m, xmlNode *el, rod_node *title, bool *first)
{
    title_walk(m, el, title, first, true);
}

int hm_group_level(xmlNode *el)
{
    int best = 0;
    char name[32];
    for (xmlNode *c = el->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE) {
            int l = hm_heading_level(rod_xml_name(c, name));
            if (!l)
                l = hm_group_level(c);
            if (l && (!best || l < best))
                best = l;
        }
    return best;
}

bool hm_section_is_empty(const rod_node *s)
{
    return !s->first;
}

void hm_heading(html_map *m, xmlNode *el, int level, blk *b)
{
    hm_end_para(b);
    rod_node *d = hm_dest(b);
    rod_node *title = NULL;
    if (d->kind == ROD_SECTION && hm_section_is_empty(d)) {
        title = hm_add(m, d, ROD_TITLE, el);
    } else if (hm_takes_sections(b->container)) {
        for (int l = level; l <= 6; l++)
            b->loose[l] = NULL;
        rod_node *sec = hm_add(m, hm_dest(b), ROD_SECTION, el);
        if (!sec)
            return;
        b->loose[level] = sec;
        title = hm_add(m, sec, ROD_TITLE, NULL);
    } else if (b->container->kind == ROD_POEM && !b->container->first) {
        title = hm_add(m, b->container, ROD_TITLE, el);
    } else {
        /* a heading inside a quote, a note or a list: a bold paragraph */
        rod_node *p = hm_add(m, d, ROD_P, el);
        title = p ? rod_node_add(m->doc, p, ROD_STRONG) : NULL;
    }
    if (!title)
        return;
    bool first = true;
    hm_title_from(m, el, title, &first);
}

static void map_quote(html_map *m, xmlNode *el, blk *b, rod_kind kind)
{
    hm_end_para(b);
    rod_node *q = hm_add(m, hm_dest(b), kind, el);
    if (!q)
        return;
    blk inner = {.container = q};
    hm_map_blocks(m, el->children, &inner);
    /* only a last attribution is a cite; earlier ones are paragraphs */
    for (rod_node *k = q->first; k; k = k->next)
        if (k->kind == ROD_CITE && k != q->last)
            k->kind = ROD_P;
    if (!q->first)
        rod_node_unlink(q);
}

static void map_list(html_map *m, xmlNode *el, blk *b, bool numbered)
{
    hm_end_para(b);
    rod_node *list = NULL;
    char name[32];
    for (xmlNode *c = el->children; c && !m->failed; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || hm_is_skipped(m, c, rod_xml_name(c, name)))
            continue;
        if (hm_is_note(c)) {
            hm_map_note(m, c);
            continue;
        }
        if (!list) {
            list = hm_add(m, hm_dest(b), ROD_LIST, el);
            if (!list)
                return;
            if (numbered)
                list->type = "number";
        }
        if (strcmp(name, "li") != 0) {
            /* tag soup: a stray element in a list is an item of its own */
            hm_pend_id(m, NULL);
        }
        rod_node *item = hm_add(m, list, ROD_ITEM, c);
        if (!item)
            return;
        if (hm_has_block_child(c)) {
            blk ib = {.container = item};
            hm_map_blocks(m, c->children, &ib);
        } else {
            hm_map_inlines(m, c->children, item);
        }
    }
}

static void map_table(html_map *m, xmlNode *el, blk *b)
{
    char name[32];
    for (xmlNode *c = el->children; c && !m->failed; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        rod_xml_name(c, name);
        if (!strcmp(name, "tr")) {
            hm_end_para(b);
            rod_node *p = hm_add(m, hm_dest(b), ROD_P, c);
            bool first = true;
            for (xmlNode *cell = c->children; cell && p; cell = cell->next) {
                if (cell->type != XML_ELEMENT_NODE)
                    continue;
                if (!first)
                    hm_add_text(m, p, "\xe2\x80\x83", 3);   /* em space between cells */
                first = false;
                hm_pend_id(m, rod_xml_attr(cell, "id"));
                hm_map_inlines(m, cell->children, p);
            }
            if (p && !hm_has_words(p) && !holds_id(p))
                rod_node_unlink(p);
        } else if (!strcmp(name, "caption")) {
            hm_end_para(b);
            rod_node *p = hm_add(m, hm_dest(b), ROD_P, c);
            if (p)
                hm_map_inlines(m, c->children, p);
        } else {
            map_table(m, c, b);
        }
    }
}

rod_node *hm_image(html_map *m, xmlNode *img, rod_node *parent, const char *src)
{
    const char *alt = rod_xml_attr(img, "alt");
    rod_buf path = ROD_BUF_INIT;
    const char *bin = NULL;
    if (src && m->image && !strncmp(src, "data:", 5)) {
        bin = m->image(m->user, src, alt);     /* the hook decodes data: URIs */
    } else if (src && m->image && html_resolve(m->file, src, &path)) {
        char *hash = strchr(path.data, '#');
        if (hash)
            *hash = '\0';
        bin = m->image(m->user, path.data, alt);
    } else if (src && *src && m->image) {
        rod_warn(m->diag, (unsigned)(xmlGetLineNo(img) > 0 ? xmlGetLineNo(img) : 0), 0,
                 "the image '%.200s' is outside the book (an address, or above its folder): "
                 "nothing is fetched, %s is shown", src,
                 imp_image_stand_in(alt) == alt ? "its alt text" : "[image]");
    }
    rod_buf_free(&path);
    rod_node *image = bin ? hm_add(m, parent, ROD_IMAGE, img) : NULL;
    if (image) {
        rod_buf ref = ROD_BUF_INIT;
        rod_buf_printf(&ref, "#%s", bin);
        image->ref = rod_doc_str(m->doc, ref.data);
        image->alt = alt ? rod_doc_str(m->doc, alt) : NULL;
        rod_buf_free(&ref);
    }
    return image;
}

static void block_image(html_map *m, xmlNode *img, blk *b, const char *src)
{
    const char *alt = rod_xml_attr(img, "alt");
    hm_end_para(b);
    if (hm_image(m, img, hm_dest(b), src))
        return;
    /* its alt text, or "[image]": an image is never left out without a
     * trace (an <img> naming nothing has none to leave) */
    const char *shown = imp_image_stand_in(alt);
    if ((!src || !*src) && shown != alt) {
        hm_pend_id(m, rod_xml_attr(img, "id"));
        return;
    }
    rod_node *p = hm_add(m, hm_dest(b), ROD_P, img);
    if (p)
        hm_add_text(m, p, shown, strlen(shown));
}

static void map_block_el(html_map *m, xmlNode *el, blk *b)
{
    char name[32];
    rod_xml_name(el, name);
    if (hm_is_skipped(m, el, name))
        return;
    rod_node *c = b->container;
    if (hm_is_note(el)) {
        hm_end_para(b);
        hm_map_note(m, el);
        return;
    }
    if (hm_is_poem(el)) {
        hm_map_poem(m, el, b);
        return;
    }
    if (b->poem_mode) {
        hm_poem_child(m, el, b);
        return;
    }
    int level = hm_heading_level(name);
    if (level) {
        hm_heading(m, el, level, b);
        return;
    }
    if ((!strcmp(name, "hgroup") || !strcmp(name, "header")) && hm_group_level(el)) {
        hm_heading(m, el, hm_group_level(el), b);
        return;
    }
    if ((c->kind == ROD_QUOTE || c->kind == ROD_EPIGRAPH) && hm_is_cite_el(el, name) &&
        (!hm_has_block_child(el) || !strcmp(name, "footer"))) {
        hm_end_para(b);
        rod_node *cite = hm_add(m, c, ROD_CITE, el);
        if (cite)
            hm_map_inlines(m, el->children, cite);
        return;
    }
    if (!strcmp(name, "section") || !strcmp(name, "article") ||
        ((!strcmp(name, "div") || !strcmp(name, "aside")) &&
         (hm_has_type(el, "chapter") || hm_has_type(el, "part") || hm_has_type(el, "division") ||
          hm_has_type(el, "volume") || hm_has_class(el, "chapter")))) {
        bool notes = hm_has_type(el, "endnotes") || hm_has_type(el, "footnotes") ||
                     hm_has_type(el, "rearnotes") || hm_has_type(el, "doc-endnotes") ||
                     hm_has_class(el, "endnotes") || hm_has_class(el, "footnotes");
        if (hm_takes_sections(hm_dest(b))) {
            hm_end_para(b);
            rod_node *sec = hm_add(m, hm_dest(b), ROD_SECTION, el);
            if (!sec)
                return;
            blk inner = {.container = sec};
            hm_map_blocks(m, el->children, &inner);
            hm_close_poem(&inner);
            if (hm_has_type(el, "titlepage"))
                hm_title_page(m, sec);
            /* a notes section whose notes all moved out leaves its title */
            if (notes && (!sec->first || (sec->first->kind == ROD_TITLE && !sec->first->next)))
                rod_node_unlink(sec);
            return;
        }
        hm_pend_id(m, rod_xml_attr(el, "id"));
        hm_map_blocks(m, el->children, b);
        return;
    }
    if (hm_has_type(el, "epigraph") || hm_has_class(el, "epigraph")) {
        map_quote(m, el, b, ROD_EPIGRAPH);
        return;
    }
    if (!strcmp(name, "blockquote")) {
        map_quote(m, el, b, ROD_QUOTE);
        return;
    }
    if (!strcmp(name, "ul") || !strcmp(name, "ol") || !strcmp(name, "menu") ||
        !strcmp(name, "dir")) {
        map_list(m, el, b, !strcmp(name, "ol"));
        return;
    }
    if (!strcmp(name, "table")) {
        map_table(m, el, b);
        return;
    }
    if (!strcmp(name, "hr")) {
        hm_end_para(b);
        hm_add(m, hm_dest(b), ROD_BREAK, el);
        return;
    }
    if (!strcmp(name, "pre")) {
        hm_end_para(b);
        rod_node *pre = hm_add(m, hm_dest(b), ROD_PRE, el);
        xmlChar *text = xmlNodeGetContent(el);
        if (pre && text) {
            const char *s = (const char *)text;
            if (*s == '\n')
                s++;
            if (*s)
                hm_add_text(m, pre, s, strlen(s));
        }
        if (text)
            xmlFree(text);
        if (pre && !pre->first)
            rod_node_unlink(pre);
        return;
    }
    if (!strcmp(name, "img")) {
        block_image(m, el, b, rod_xml_attr(el, "src"));
        return;
    }
    if (!strcmp(name, "svg")) {
        const char *href = hm_svg_image_href(el);
        if (href)
            block_image(m, el, b, href);
        return;
    }
    if (!strcmp(name, "br")) {
        hm_end_para(b);
        return;
    }
    if (!strcmp(name, "p") || !strcmp(name, "dt") || !strcmp(name, "dd") ||
        !strcmp(name, "figcaption") || !strcmp(name, "summary") || !strcmp(name, "caption") ||
        !strcmp(name, "address") || !strcmp(name, "center") || !strcmp(name, "div") ||
        !strcmp(name, "li") || !strcmp(name, "td") || !strcmp(name, "th") ||
        html_is_block_name(name)) {
        xmlNode *img = hm_lone_image(el);
        if (img) {
            hm_pend_id(m, rod_xml_attr(el, "id"));
            block_image(m, img, b, rod_xml_attr(img, "src"));
            return;
        }
        if (hm_has_block_child(el)) {
            /* a division: its children are blocks of ours */
            hm_end_para(b);
            hm_pend_id(m, rod_xml_attr(el, "id"));
            hm_map_blocks(m, el->children, b);
            hm_end_para(b);
            return;
        }
        if (hm_is_scene_break(el)) {
            hm_end_para(b);
            hm_pend_id(m, rod_xml_attr(el, "id"));
            hm_add(m, hm_dest(b), ROD_BREAK, NULL);
            return;
        }
        hm_end_para(b);
        rod_kind kind = (c->kind == ROD_QUOTE || c->kind == ROD_EPIGRAPH) && hm_is_cite_el(el, name)
                            ? ROD_CITE : ROD_P;
        rod_node *p = hm_add(m, hm_dest(b), kind, el);
        if (!p)
            return;
        rod_node *into = p;
        if (!strcmp(name, "dt"))
            into = rod_node_add(m->doc, p, ROD_STRONG);
        if (into)
            hm_map_inlines(m, el->children, into);
        /* only <br>s and spaces is spacing, not a paragraph; one with ids
         * is taken out by drop_blank (html_map.c) once they have
         * somewhere to go */
        if (!hm_has_words(p) && !holds_id(p))
            rod_node_unlink(p);
        return;
    }
    /* inline element in block context: into the implicit paragraph */
    rod_node *p = para(m, b);
    if (p)
        hm_map_inline_el(m, el, p);
}

void hm_map_blocks(html_map *m, xmlNode *first, blk *b)
{
    for (xmlNode *c = first; c && !m->failed; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            const char *s = (const char *)c->content;
            if (!b->para && hm_is_space_text(s))
                continue;
            if (b->poem_mode) {
                continue;
            }
            rod_node *p = para(m, b);
            if (p)
                hm_add_text(m, p, s, strlen(s));
        } else if (c->type == XML_ENTITY_REF_NODE) {
            rod_node *p = para(m, b);
            if (p)
                hm_add_entity(m, p, c);
        } else if (c->type == XML_ELEMENT_NODE) {
            char name[32];
            rod_xml_name(c, name);
            bool inline_el = !html_is_block_name(name) && strcmp(name, "img") != 0 &&
                             strcmp(name, "svg") != 0 && !hm_is_note(c) && !hm_is_poem(c) &&
                             !hm_has_type(c, "epigraph");
            if (!inline_el)
                hm_end_para(b);
            map_block_el(m, c, b);
        }
    }
}
