/* html_classify.c — what an element of HTML is, for the walk
 * (html_map_internal.h): a note or note reference, a poem, a heading, a
 * scene break, a part never shown (head, scripts, navigation, page
 * numbers), an image wrapper, and whether the stylesheets' rules make it
 * small capitals. Questions only: nothing here builds a node, so the
 * rules of recognition can be read (and changed) in one place. The CSS
 * selectors understood are the simple ones books use (tag, .class,
 * tag.class, [epub|type~=…]); a full cascade was turned down — rod uses
 * CSS for nothing but small capitals.
 */
#include "html_map_internal.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "rod_utf8.h"
#include "xml_tree.h"

static const char *epub_type(xmlNode *el)
{
    const char *t = NULL;
    if (el->type != XML_ELEMENT_NODE)
        return NULL;
    for (xmlAttr *a = el->properties; a; a = a->next) {
        const char *name = (const char *)a->name;
        bool ns_type = a->ns && strcmp(name, "type") == 0;
        if ((ns_type || strcasecmp(name, "epub:type") == 0) && a->children)
            t = (const char *)a->children->content;
    }
    return t;
}

bool hm_has_type(xmlNode *el, const char *word)
{
    return rod_xml_has_word(epub_type(el), word) || rod_xml_has_word(rod_xml_attr(el, "role"), word);
}

bool hm_has_class(xmlNode *el, const char *word)
{
    return rod_xml_has_word(rod_xml_attr(el, "class"), word);
}

int hm_heading_level(const char *name)
{
    if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2])
        return name[1] - '0';
    return 0;
}

/* Whether el stands in a section (or division) of notes, directly or in
 * its list: Standard Ebooks' <section epub:type="endnotes"><ol><li>,
 * whose items carry no type of their own, DPUB-ARIA's role
 * doc-endnotes, and the classes endnotes and footnotes (pandoc). */
static bool in_notes_section(xmlNode *el)
{
    xmlNode *p = el->parent;
    if (rod_xml_is(p, "ol") || rod_xml_is(p, "ul"))
        p = p->parent;
    return p && p->type == XML_ELEMENT_NODE &&
           (hm_has_type(p, "endnotes") || hm_has_type(p, "footnotes") ||
            hm_has_type(p, "rearnotes") || hm_has_type(p, "doc-endnotes") ||
            hm_has_class(p, "endnotes") || hm_has_class(p, "footnotes"));
}

/* The id a note in a list of notes is linked by: its own, or (pandoc's
 * <li><div id="note-1">) that of the element it wraps first. */
static const char *note_item_id(xmlNode *el)
{
    const char *id = rod_xml_attr(el, "id");
    if (id)
        return id;
    for (xmlNode *c = el->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE)
            return rod_xml_attr(c, "id");
        if (c->type != XML_TEXT_NODE || !hm_is_space_text((const char *)c->content))
            return NULL;
    }
    return NULL;
}

bool hm_is_note(xmlNode *el)
{
    if ((rod_xml_is(el, "aside") || rod_xml_is(el, "li")) && note_item_id(el) &&
        in_notes_section(el))
        return true;
    return hm_has_type(el, "footnote") || hm_has_type(el, "endnote") || hm_has_type(el, "rearnote") ||
           hm_has_type(el, "doc-footnote") || hm_has_type(el, "doc-endnote") ||
           (!rod_xml_is(el, "a") && !rod_xml_is(el, "span") &&
            (hm_has_class(el, "footnote") || hm_has_class(el, "endnote")));
}

bool hm_is_poem(xmlNode *el)
{
    return hm_has_type(el, "z3998:poem") || hm_has_type(el, "z3998:verse") ||
           hm_has_type(el, "z3998:song") || hm_has_type(el, "z3998:hymn") || hm_has_class(el, "poem") ||
           hm_has_class(el, "verse");
}

bool hm_is_skipped(html_map *m, xmlNode *el, const char *name)
{
    if (!strcmp(name, "script") || !strcmp(name, "style") || !strcmp(name, "head") ||
        !strcmp(name, "template") || !strcmp(name, "title") || !strcmp(name, "rp") ||
        !strcmp(name, "object") || !strcmp(name, "iframe") || !strcmp(name, "noscript"))
        return true;
    if (rod_xml_attr(el, "hidden"))
        return true;
    if (hm_has_type(el, "pagebreak") || hm_has_type(el, "doc-pagebreak") || hm_has_class(el, "pagenum") ||
        hm_has_class(el, "pageno") || hm_has_class(el, "page-num") || hm_has_class(el, "pagenumber")) {
        hm_pend_id(m, rod_xml_attr(el, "id"));
        return true;
    }
    if (hm_has_type(el, "backlink") || hm_has_type(el, "doc-backlink") || hm_has_class(el, "backlink") ||
        hm_has_class(el, "fnarrow"))
        return true;
    if (!strcmp(name, "nav") && (hm_has_type(el, "landmarks") || hm_has_type(el, "page-list")))
        return true;
    return false;
}

/* The selectors a stylesheet set small caps for, matched simply. */
static bool selector_matches(const char *sel, xmlNode *el, const char *name)
{
    const char *p = sel;
    size_t n = strcspn(p, ".[#");
    if (n && !(n == 1 && p[0] == '*') && (n != strlen(name) || strncasecmp(p, name, n) != 0))
        return false;
    p += n;
    while (*p) {
        if (*p == '.') {
            p++;
            size_t k = strcspn(p, ".[#");
            char cls[80];
            if (k >= sizeof cls)
                return false;
            memcpy(cls, p, k);
            cls[k] = '\0';
            if (!hm_has_class(el, cls))
                return false;
            p += k;
        } else if (*p == '[') {
            /* [epub|type~="z3998:roman"] */
            const char *end = strchr(p, ']');
            if (!end)
                return false;
            const char *q1 = memchr(p, '"', (size_t)(end - p));
            if (!q1 || !strstr(p, "type"))
                return false;
            const char *q2 = memchr(q1 + 1, '"', (size_t)(end - q1 - 1));
            if (!q2)
                return false;
            char word[80];
            size_t k = (size_t)(q2 - q1 - 1);
            if (k >= sizeof word)
                return false;
            memcpy(word, q1 + 1, k);
            word[k] = '\0';
            if (!rod_xml_has_word(epub_type(el), word))
                return false;
            p = end + 1;
        } else if (*p == '#') {
            const char *id = rod_xml_attr(el, "id");
            if (!id || strcmp(id, p + 1) != 0)
                return false;
            return true;
        } else {
            return false;
        }
    }
    return true;
}

bool hm_small_caps(html_map *m, xmlNode *el, const char *name)
{
    for (size_t i = 0; i < m->ncaps; i++)
        if (selector_matches(m->caps[i], el, name))
            return true;
    return false;
}

bool hm_is_space_text(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

bool hm_has_block_child(xmlNode *el)
{
    char name[32];
    for (xmlNode *c = el->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE &&
            (html_is_block_name(rod_xml_name(c, name)) || !strcmp(name, "img") ||
             !strcmp(name, "svg")))
            return true;
    return false;
}

/* "* * *", "⁂", "***", "•  •  •": a paragraph that stands for a break. */
bool hm_is_scene_break(xmlNode *el)
{
    char *t = rod_xml_text(el, false);
    size_t len = t ? strlen(t) : 0;
    size_t any = 0, bullets = 0;
    bool ok = t && len < 40;
    for (size_t i = 0; ok && i < len;) {
        uint32_t cp;
        size_t n = rod_utf8_decode(t + i, len - i, &cp);
        if (cp == '*' || cp == 0x2042 || cp == 0x2217 || cp == 0x2731 || cp == 0x2234 ||
            cp == 0x2235 || cp == '#' || cp == '~' || cp == 0x2766 || cp == 0x2767)
            any++;
        else if (cp == 0x2022 || cp == 0x00B7)
            bullets++;      /* "• • •" is a break; one bullet is a list's remains */
        else if (!(cp == ' ' || cp == 0xA0 || cp == '\t' || cp == '\n' || cp == '\r' ||
                   cp == '.'))
            ok = false;
        i += n ? n : 1;
    }
    free(t);
    return ok && (any || bullets >= 2);
}

/* A verse line's number, set in the margin by the stylesheet
 * (<span class="lnum">10</span> in the IDPF's Waste Land; linenum and
 * line-number elsewhere). */
bool hm_is_line_number(xmlNode *el)
{
    return hm_has_class(el, "lnum") || hm_has_class(el, "linenum") || hm_has_class(el, "line-number") ||
           hm_has_class(el, "linenumber") || hm_has_type(el, "z3998:line-number");
}

bool hm_is_noteref(xmlNode *el)
{
    return hm_has_type(el, "noteref") || hm_has_type(el, "doc-noteref") || hm_has_class(el, "noteref") ||
           hm_has_class(el, "fnanchor") || hm_has_class(el, "footnote-ref") ||
           hm_has_class(el, "footnote-reference") || hm_has_class(el, "footnoteref");
}

/* An img alone in its element (p, div, figure), or NULL. */
xmlNode *hm_lone_image(xmlNode *el)
{
    xmlNode *img = NULL;
    for (xmlNode *c = el->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE && hm_is_space_text((const char *)c->content))
            continue;
        if (c->type != XML_ELEMENT_NODE || img)
            return NULL;
        if (rod_xml_is(c, "img"))
            img = c;
        else if (rod_xml_is(c, "a") || rod_xml_is(c, "span"))
            img = hm_lone_image(c);
        else
            return NULL;
        if (!img)
            return NULL;
    }
    return img;
}

const char *hm_svg_image_href(xmlNode *svg)
{
    for (xmlNode *c = svg->children; c; c = c->next) {
        if (rod_xml_is(c, "image")) {
            const char *h = rod_xml_attr_any(c, "href");
            if (h)
                return h;
        }
        if (c->type == XML_ELEMENT_NODE) {
            const char *h = hm_svg_image_href(c);
            if (h)
                return h;
        }
    }
    return NULL;
}

bool hm_is_cite_el(xmlNode *el, const char *name)
{
    return hm_has_class(el, "cite") || hm_has_class(el, "attribution") || !strcmp(name, "cite") ||
           (!strcmp(name, "footer")) || hm_has_type(el, "z3998:signature");
}
