/* html_inline.c — the inline walk of the HTML mapping
 * (html_map_internal.h): the content of a paragraph, title or verse line
 * becomes text runs and inline elements (em, strong, sc, code, sup, sub,
 * del, a, noteref, br). Block elements met inside are flattened with a
 * space so words never run together; images inside text are kept where
 * they stand (imp_finish makes them blocks), their alt text when their
 * file is not in the book. Links are recorded for html_map_links (html_ids.c).
 */
#include "html_map_internal.h"

#include <string.h>

#include "rod_utf8.h"
#include "xml_tree.h"

void hm_add_text(html_map *m, rod_node *parent, const char *s, size_t n)
{
    if (!rod_node_add_text(m->doc, parent, s, n))
        m->failed = true;
}

void hm_add_entity(html_map *m, rod_node *parent, xmlNode *ref)
{
    unsigned cp = rod_xml_html_entity((const char *)ref->name);
    if (!cp) {
        rod_warn(m->diag, (unsigned)(xmlGetLineNo(ref) > 0 ? xmlGetLineNo(ref) : 0), 0,
                 "unknown entity '&%s;' kept as text", (const char *)ref->name);
        rod_buf b = ROD_BUF_INIT;
        rod_buf_printf(&b, "&%s;", (const char *)ref->name);
        hm_add_text(m, parent, b.data, b.len);
        rod_buf_free(&b);
        return;
    }
    char u[4];
    hm_add_text(m, parent, u, rod_utf8_encode(cp, u));
}

static void inline_image(html_map *m, xmlNode *el, rod_node *parent)
{
    if (hm_image(m, el, parent, rod_xml_attr(el, "src")))
        return;
    hm_pend_id(m, rod_xml_attr(el, "id"));
    /* its alt text, or "[image]": an image is never left out without a
     * trace (an <img> naming nothing has none to leave) */
    const char *src = rod_xml_attr(el, "src");
    const char *shown = imp_image_stand_in(rod_xml_attr(el, "alt"));
    if ((src && *src) || shown == rod_xml_attr(el, "alt"))
        hm_add_text(m, parent, shown, strlen(shown));
}

void hm_map_inline_el(html_map *m, xmlNode *el, rod_node *parent)
{
    char name[32];
    rod_xml_name(el, name);
    if (hm_is_skipped(m, el, name))
        return;
    if (hm_is_note(el) && rod_xml_attr(el, "id")) {
        /* a footnote inside a paragraph: lifted out into the notes */
        hm_map_note(m, el);
        return;
    }
    if (hm_is_line_number(el)) {
        hm_line_number(m, el, parent);
        return;
    }
    rod_kind kind = ROD_KIND_COUNT;     /* transparent */
    /* small capitals are how a thing looks; a link stays a link */
    bool link = !strcmp(name, "a") && (rod_xml_attr(el, "href") || rod_xml_attr_any(el, "href"));
    if (!link && hm_small_caps(m, el, name))
        kind = ROD_SC;
    else if (!strcmp(name, "br")) {
        hm_add(m, parent, ROD_BR, el);
        return;
    } else if (!strcmp(name, "img")) {
        inline_image(m, el, parent);
        return;
    } else if (!strcmp(name, "em") || !strcmp(name, "i") || !strcmp(name, "cite") ||
               !strcmp(name, "dfn") || !strcmp(name, "var") || !strcmp(name, "u"))
        kind = ROD_EM;
    else if (!strcmp(name, "strong") || !strcmp(name, "b"))
        kind = ROD_STRONG;
    else if (!strcmp(name, "code") || !strcmp(name, "kbd") || !strcmp(name, "samp") ||
             !strcmp(name, "tt"))
        kind = ROD_CODE;
    else if (!strcmp(name, "sub"))
        kind = ROD_SUB;
    else if (!strcmp(name, "del") || !strcmp(name, "s") || !strcmp(name, "strike"))
        kind = ROD_DEL;
    else if (!strcmp(name, "sup")) {
        /* <sup><a noteref>1</a></sup>: the note reference is enough */
        xmlNode *only = NULL;
        size_t elements = 0;
        for (xmlNode *c = el->children; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE) {
                only = c;
                elements++;
            }
        kind = (elements == 1 && rod_xml_is(only, "a")) || parent->kind == ROD_NOTEREF
                   ? ROD_KIND_COUNT : ROD_SUP;
    } else if (!strcmp(name, "a")) {
        const char *href = rod_xml_attr(el, "href");
        if (!href)
            href = rod_xml_attr_any(el, "href");
        if (href && *href) {
            rod_node *a = hm_add(m, parent, hm_is_noteref(el) ? ROD_NOTEREF : ROD_A, el);
            if (!a)
                return;
            hm_record_link(m, a, href);
            hm_map_inlines(m, el->children, a);
            return;
        }
        /* an anchor: <a id> or HTML 4's <a name>, a target for links */
        if (!el->children) {
            hm_pend_id(m, rod_xml_attr(el, "id"));
            hm_pend_id(m, hm_anchor_name(el));
            return;
        }
        kind = rod_xml_attr(el, "id") || hm_anchor_name(el) ? ROD_SPAN : ROD_KIND_COUNT;
    } else if (!strcmp(name, "q")) {
        hm_add_text(m, parent, "\xe2\x80\x9c", 3);
        hm_map_inlines(m, el->children, parent);
        hm_add_text(m, parent, "\xe2\x80\x9d", 3);
        return;
    } else if (!strcmp(name, "span") || !strcmp(name, "abbr") || !strcmp(name, "acronym") ||
               !strcmp(name, "bdi") || !strcmp(name, "bdo") || !strcmp(name, "time") ||
               !strcmp(name, "mark") || !strcmp(name, "small") || !strcmp(name, "big") ||
               !strcmp(name, "font") || !strcmp(name, "ins") || !strcmp(name, "data")) {
        if (rod_xml_attr_any(el, "lang") || rod_xml_attr(el, "id") ||
            rod_dir_from_name(rod_xml_attr(el, "dir")) != ROD_DIR_NONE)
            kind = ROD_SPAN;
    } else if (html_is_block_name(name)) {
        /* a block inside inline content: keep the words apart */
        if (parent->last)
            hm_add_text(m, parent, " ", 1);
    }
    if (kind == ROD_KIND_COUNT) {
        hm_pend_id(m, rod_xml_attr(el, "id"));
        hm_map_inlines(m, el->children, parent);
        return;
    }
    rod_node *n = hm_add(m, parent, kind, el);
    if (n)
        hm_map_inlines(m, el->children, n);
}

void hm_map_inlines(html_map *m, xmlNode *first, rod_node *parent)
{
    size_t waiting = m->npending;
    for (xmlNode *c = first; c && !m->failed; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
            hm_add_text(m, parent, (const char *)c->content, strlen((const char *)c->content));
        else if (c->type == XML_ENTITY_REF_NODE)
            hm_add_entity(m, parent, c);
        else if (c->type == XML_ELEMENT_NODE)
            hm_map_inline_el(m, c, parent);
    }
    /* ids met in this content with no node of their own (<a name="8"/>,
     * an <img id>) name the content when it has words; left waiting, they
     * went to the next node made, a later paragraph. Content without
     * words (an anchor alone in its paragraph) leaves them waiting. */
    if (m->npending > waiting && hm_has_words(parent)) {
        for (size_t i = waiting; i < m->npending; i++)
            hm_give_id(m, parent, m->pending[i]);
        m->npending = waiting;
    }
}
