/* html_map.c — walks an HTML or XHTML tree and builds the book's blocks.
 *
 * Two modes of walking mirror the two kinds of content in the model: a
 * block walk (map_blocks) over the children of a block container, and an
 * inline walk (map_inlines) over the content of a paragraph, title or line.
 * HTML lets each appear inside the other, so the block walk gathers stray
 * text and inline elements into an implicit paragraph, and the inline walk
 * flattens block elements it meets (with a space, so words never run
 * together).
 *
 * Sections come from two sources: sectioning elements (section, article,
 * and divisions that name themselves chapters) and loose headings, which
 * open a section that runs until the next heading of the same or a higher
 * level — how most Gutenberg HTML is built. Notes (epub:type footnote and
 * endnote, role doc-endnote, class footnote) are lifted out of the text
 * into the book's notes wherever they stand; their back-links are dropped.
 *
 * Invariant: every node made for an element goes through `made()`, which
 * hands it the ids of transparent elements seen just before it, so a link
 * to any element of the source lands on the node that shows its text.
 */
#include "html_map.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rod_utf8.h"
#include "xml_tree.h"

/* What the block walk appends to. */
typedef struct blk {
    rod_node *container;
    rod_node *loose[7];     /* sections opened by loose headings, by level */
    rod_node *para;         /* implicit paragraph for stray inline content */
    rod_node *poem;         /* poem receiving stanzas (poem mode) */
    bool poem_mode;
} blk;

static void map_blocks(html_map *m, xmlNode *first, blk *b);
static void map_note(html_map *m, xmlNode *el);
static void map_inlines(html_map *m, xmlNode *first, rod_node *parent);
static void map_inline_el(html_map *m, xmlNode *el, rod_node *parent);

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

/* ---- ids ---------------------------------------------------------------- */

static bool name_char(unsigned char c, bool first)
{
    return isalpha(c) || c == '_' || c >= 0x80 || (!first && (isdigit(c) || c == '-' || c == '.'));
}

/* A unique id for the book, as close to `want` as XML allows. */
static const char *unique_id(html_map *m, const char *want, rod_node *node)
{
    rod_buf b = ROD_BUF_INIT;
    for (const unsigned char *p = (const unsigned char *)want; *p; p++)
        rod_buf_addc(&b, name_char(*p, b.len == 0) ? (char)*p : '_');
    if (!b.data)
        rod_buf_printf(&b, "id%lu", ++m->serial);
    const char *id = NULL;
    if (!b.failed) {
        bool taken = imp_ids_owner(&m->ids, b.data) != NULL;
        id = imp_ids_unique(&m->ids, m->doc, b.data, node);
        m->renamed += taken;
    }
    rod_buf_free(&b);
    if (!id)
        m->failed = true;
    return id;
}

static void target_put(html_map *m, const char *frag, rod_node *node)
{
    rod_buf key = ROD_BUF_INIT;
    rod_buf_adds(&key, m->file);
    if (frag) {
        rod_buf_addc(&key, '#');
        rod_buf_adds(&key, frag);
    }
    if (key.failed || (!rod_strmap_get(&m->targets, key.data) &&
                       !rod_strmap_put(&m->targets, key.data, node)))
        m->failed = true;
    rod_buf_free(&key);
}

/* Gives node the source id `id` (or, when it has one, makes `id` another
 * name for it). */
static void give_id(html_map *m, rod_node *node, const char *id)
{
    if (!id || !*id)
        return;
    if (!node->id)
        node->id = unique_id(m, id, node);
    target_put(m, id, node);
}

static void pend_id(html_map *m, const char *id)
{
    if (!id || !*id)
        return;
    if (m->npending == m->cappending) {
        size_t cap = m->cappending ? m->cappending * 2 : 8;
        const char **p = realloc(m->pending, cap * sizeof *p);
        if (!p) {
            m->failed = true;
            return;
        }
        m->pending = p;
        m->cappending = cap;
    }
    m->pending[m->npending++] = id;
}

/* Every node made for the source goes through here. */
static rod_node *made(html_map *m, rod_node *node, xmlNode *el)
{
    if (!node) {
        m->failed = true;
        return NULL;
    }
    if (el)
        node->line = (unsigned)xmlGetLineNo(el) > 0 ? (unsigned)xmlGetLineNo(el) : 0;
    if (!m->first_node) {
        m->first_node = node;
        target_put(m, NULL, node);
    }
    m->last_node = node;
    for (size_t i = 0; i < m->npending; i++)
        give_id(m, node, m->pending[i]);
    m->npending = 0;
    if (el) {
        give_id(m, node, rod_xml_attr(el, "id"));
        const char *lang = rod_xml_attr_any(el, "lang");
        if (lang && *lang && !node->lang)
            node->lang = rod_doc_str(m->doc, lang);
    }
    return node;
}

static rod_node *add(html_map *m, rod_node *parent, rod_kind kind, xmlNode *el)
{
    return made(m, rod_node_add(m->doc, parent, kind), el);
}

/* A note's first paragraph that only repeats its label ("1", "[2]", "*")
 * is the label, which the reference already shows. */
static void trim_label(rod_node *note)
{
    rod_node *p = note->first;
    if (!p || p->kind != ROD_P || !p->next)
        return;
    rod_buf t = ROD_BUF_INIT;
    rod_node_plain_text(p, &t);
    size_t visible = 0;
    bool label = true;
    for (size_t i = 0; i < t.len; i++) {
        unsigned char c = (unsigned char)t.data[i];
        if (isspace(c))
            continue;
        visible++;
        label &= isdigit(c) || c == '[' || c == ']' || c == '*' || c == '(' || c == ')' ||
                 c == '.' || c >= 0x80;
    }
    rod_buf_free(&t);
    if (label && visible > 0 && visible <= 6)
        rod_node_unlink(p);
}

/* ---- classification ------------------------------------------------------ */

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

static bool has_type(xmlNode *el, const char *word)
{
    return rod_xml_has_word(epub_type(el), word) || rod_xml_has_word(rod_xml_attr(el, "role"), word);
}

static bool has_class(xmlNode *el, const char *word)
{
    return rod_xml_has_word(rod_xml_attr(el, "class"), word);
}

static int heading_level(const char *name)
{
    if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2])
        return name[1] - '0';
    return 0;
}

static bool in_notes_section(xmlNode *el)
{
    xmlNode *p = el->parent;
    if (rod_xml_is(p, "ol") || rod_xml_is(p, "ul"))
        p = p->parent;
    return p && p->type == XML_ELEMENT_NODE &&
           (rod_xml_has_word(rod_xml_attr(p, "role"), "doc-endnotes") ||
            rod_xml_has_word(rod_xml_attr(p, "class"), "endnotes") ||
            rod_xml_has_word(rod_xml_attr(p, "class"), "footnotes"));
}

static bool is_note(xmlNode *el)
{
    if ((rod_xml_is(el, "aside") || rod_xml_is(el, "li")) && rod_xml_attr(el, "id") &&
        in_notes_section(el))
        return true;
    return has_type(el, "footnote") || has_type(el, "endnote") || has_type(el, "rearnote") ||
           has_type(el, "doc-footnote") || has_type(el, "doc-endnote") ||
           (!rod_xml_is(el, "a") && !rod_xml_is(el, "span") &&
            (has_class(el, "footnote") || has_class(el, "endnote")));
}

static bool is_poem(xmlNode *el)
{
    return has_type(el, "z3998:poem") || has_type(el, "z3998:verse") ||
           has_type(el, "z3998:song") || has_type(el, "z3998:hymn") || has_class(el, "poem") ||
           has_class(el, "verse");
}

static bool is_skipped(html_map *m, xmlNode *el, const char *name)
{
    if (!strcmp(name, "script") || !strcmp(name, "style") || !strcmp(name, "head") ||
        !strcmp(name, "template") || !strcmp(name, "title") || !strcmp(name, "rp") ||
        !strcmp(name, "object") || !strcmp(name, "iframe") || !strcmp(name, "noscript"))
        return true;
    if (rod_xml_attr(el, "hidden"))
        return true;
    if (has_type(el, "pagebreak") || has_type(el, "doc-pagebreak") || has_class(el, "pagenum") ||
        has_class(el, "pageno") || has_class(el, "page-num") || has_class(el, "pagenumber")) {
        pend_id(m, rod_xml_attr(el, "id"));
        return true;
    }
    if (has_type(el, "backlink") || has_type(el, "doc-backlink") || has_class(el, "backlink") ||
        has_class(el, "fnarrow"))
        return true;
    if (!strcmp(name, "nav") && (has_type(el, "landmarks") || has_type(el, "page-list")))
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
            if (!has_class(el, cls))
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

static bool small_caps(html_map *m, xmlNode *el, const char *name)
{
    for (size_t i = 0; i < m->ncaps; i++)
        if (selector_matches(m->caps[i], el, name))
            return true;
    return false;
}

static bool is_space_text(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

static bool has_block_child(xmlNode *el)
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
static bool is_scene_break(xmlNode *el)
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

/* ---- inline content ------------------------------------------------------ */

static void add_text(html_map *m, rod_node *parent, const char *s, size_t n)
{
    if (!rod_node_add_text(m->doc, parent, s, n))
        m->failed = true;
}

static void add_entity(html_map *m, rod_node *parent, xmlNode *ref)
{
    unsigned cp = rod_xml_html_entity((const char *)ref->name);
    if (!cp) {
        rod_warn(m->diag, (unsigned)(xmlGetLineNo(ref) > 0 ? xmlGetLineNo(ref) : 0), 0,
                 "unknown entity '&%s;' kept as text", (const char *)ref->name);
        rod_buf b = ROD_BUF_INIT;
        rod_buf_printf(&b, "&%s;", (const char *)ref->name);
        add_text(m, parent, b.data, b.len);
        rod_buf_free(&b);
        return;
    }
    char u[4];
    add_text(m, parent, u, rod_utf8_encode(cp, u));
}

static void record_link(html_map *m, rod_node *node, const char *href)
{
    rod_buf t = ROD_BUF_INIT;
    if (!html_resolve(m->file, href, &t)) {
        rod_buf_free(&t);
        node->ref = rod_doc_str(m->doc, href);     /* judged later (rod_links_clean) */
        return;
    }
    if (m->nlinks == m->caplinks) {
        size_t cap = m->caplinks ? m->caplinks * 2 : 64;
        html_link *l = realloc(m->links, cap * sizeof *l);
        if (!l) {
            m->failed = true;
            rod_buf_free(&t);
            return;
        }
        m->links = l;
        m->caplinks = cap;
    }
    m->links[m->nlinks++] = (html_link){node, rod_buf_steal(&t, NULL)};
}

static bool is_noteref(xmlNode *el)
{
    return has_type(el, "noteref") || has_type(el, "doc-noteref") || has_class(el, "noteref") ||
           has_class(el, "fnanchor") || has_class(el, "footnote-ref") ||
           has_class(el, "footnote-reference") || has_class(el, "footnoteref");
}

static void inline_image(html_map *m, xmlNode *el, rod_node *parent)
{
    const char *alt = rod_xml_attr(el, "alt");
    if (alt && !is_space_text(alt))
        add_text(m, parent, alt, strlen(alt));
}

static void map_inline_el(html_map *m, xmlNode *el, rod_node *parent)
{
    char name[32];
    rod_xml_name(el, name);
    if (is_skipped(m, el, name))
        return;
    if (is_note(el) && rod_xml_attr(el, "id")) {
        /* a footnote inside a paragraph: lifted out into the notes */
        map_note(m, el);
        return;
    }
    rod_kind kind = ROD_KIND_COUNT;     /* transparent */
    if (small_caps(m, el, name))
        kind = ROD_SC;
    else if (!strcmp(name, "br")) {
        add(m, parent, ROD_BR, el);
        return;
    } else if (!strcmp(name, "img")) {
        pend_id(m, rod_xml_attr(el, "id"));
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
            rod_node *a = add(m, parent, is_noteref(el) ? ROD_NOTEREF : ROD_A, el);
            if (!a)
                return;
            record_link(m, a, href);
            map_inlines(m, el->children, a);
            return;
        }
        if (!el->children) {
            pend_id(m, rod_xml_attr(el, "id"));
            return;
        }
        kind = rod_xml_attr(el, "id") ? ROD_SPAN : ROD_KIND_COUNT;
    } else if (!strcmp(name, "q")) {
        add_text(m, parent, "\xe2\x80\x9c", 3);
        map_inlines(m, el->children, parent);
        add_text(m, parent, "\xe2\x80\x9d", 3);
        return;
    } else if (!strcmp(name, "span") || !strcmp(name, "abbr") || !strcmp(name, "acronym") ||
               !strcmp(name, "bdi") || !strcmp(name, "bdo") || !strcmp(name, "time") ||
               !strcmp(name, "mark") || !strcmp(name, "small") || !strcmp(name, "big") ||
               !strcmp(name, "font") || !strcmp(name, "ins") || !strcmp(name, "data")) {
        if (rod_xml_attr_any(el, "lang") || rod_xml_attr(el, "id"))
            kind = ROD_SPAN;
    } else if (html_is_block_name(name)) {
        /* a block inside inline content: keep the words apart */
        if (parent->last)
            add_text(m, parent, " ", 1);
    }
    if (kind == ROD_KIND_COUNT) {
        pend_id(m, rod_xml_attr(el, "id"));
        map_inlines(m, el->children, parent);
        return;
    }
    rod_node *n = add(m, parent, kind, el);
    if (n)
        map_inlines(m, el->children, n);
}

static void map_inlines(html_map *m, xmlNode *first, rod_node *parent)
{
    for (xmlNode *c = first; c && !m->failed; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
            add_text(m, parent, (const char *)c->content, strlen((const char *)c->content));
        else if (c->type == XML_ENTITY_REF_NODE)
            add_entity(m, parent, c);
        else if (c->type == XML_ELEMENT_NODE)
            map_inline_el(m, c, parent);
    }
}

/* ---- blocks --------------------------------------------------------------- */

static rod_node *dest(blk *b)
{
    for (int l = 6; l >= 1; l--)
        if (b->loose[l])
            return b->loose[l];
    return b->container;
}

static bool takes_sections(const rod_node *n)
{
    return n->kind == ROD_BODY || n->kind == ROD_SECTION;
}

static void end_para(blk *b)
{
    b->para = NULL;
}

static rod_node *para(html_map *m, blk *b)
{
    if (!b->para)
        b->para = add(m, dest(b), ROD_P, NULL);
    return b->para;
}

/* A title made of one or more headings (hgroup), joined by line breaks. */
static void title_from(html_map *m, xmlNode *el, rod_node *title, bool *first)
{
    char name[32];
    rod_xml_name(el, name);
    if (heading_level(name) || (!strcmp(name, "p") && title->parent)) {
        if (!*first)
            add(m, title, ROD_BR, NULL);
        *first = false;
        pend_id(m, rod_xml_attr(el, "id"));
        map_inlines(m, el->children, title);
        return;
    }
    for (xmlNode *c = el->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE) {
            char cn[32];
            if (!is_skipped(m, c, rod_xml_name(c, cn)))
                title_from(m, c, title, first);
        }
}

static int group_level(xmlNode *el)
{
    int best = 0;
    char name[32];
    for (xmlNode *c = el->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE) {
            int l = heading_level(rod_xml_name(c, name));
            if (!l)
                l = group_level(c);
            if (l && (!best || l < best))
                best = l;
        }
    return best;
}

static bool section_is_empty(const rod_node *s)
{
    return !s->first;
}

static void heading(html_map *m, xmlNode *el, int level, blk *b)
{
    end_para(b);
    rod_node *d = dest(b);
    rod_node *title = NULL;
    if (d->kind == ROD_SECTION && section_is_empty(d)) {
        title = add(m, d, ROD_TITLE, el);
    } else if (takes_sections(b->container)) {
        for (int l = level; l <= 6; l++)
            b->loose[l] = NULL;
        rod_node *sec = add(m, dest(b), ROD_SECTION, el);
        if (!sec)
            return;
        b->loose[level] = sec;
        title = add(m, sec, ROD_TITLE, NULL);
    } else if (b->container->kind == ROD_POEM && !b->container->first) {
        title = add(m, b->container, ROD_TITLE, el);
    } else {
        /* a heading inside a quote, a note or a list: a bold paragraph */
        rod_node *p = add(m, d, ROD_P, el);
        title = p ? rod_node_add(m->doc, p, ROD_STRONG) : NULL;
    }
    if (!title)
        return;
    bool first = true;
    title_from(m, el, title, &first);
}

static void map_quote(html_map *m, xmlNode *el, blk *b, rod_kind kind)
{
    end_para(b);
    rod_node *q = add(m, dest(b), kind, el);
    if (!q)
        return;
    blk inner = {.container = q};
    map_blocks(m, el->children, &inner);
    /* only a last attribution is a cite; earlier ones are paragraphs */
    for (rod_node *k = q->first; k; k = k->next)
        if (k->kind == ROD_CITE && k != q->last)
            k->kind = ROD_P;
    if (!q->first)
        rod_node_unlink(q);
}

/* Lines of a stanza: text runs split at <br>, and one line per block
 * child. */
static void lines_of(html_map *m, xmlNode *el, rod_node *stanza, rod_node **line)
{
    char name[32];
    for (xmlNode *c = el->children; c && !m->failed; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            const char *s = (const char *)c->content;
            if (!*line && is_space_text(s))
                continue;
            if (!*line)
                *line = add(m, stanza, ROD_LINE, NULL);
            if (*line)
                add_text(m, *line, s, strlen(s));
        } else if (c->type == XML_ENTITY_REF_NODE) {
            if (!*line)
                *line = add(m, stanza, ROD_LINE, NULL);
            if (*line)
                add_entity(m, *line, c);
        } else if (c->type == XML_ELEMENT_NODE) {
            rod_xml_name(c, name);
            if (is_skipped(m, c, name))
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
                pend_id(m, rod_xml_attr(c, "id"));
                lines_of(m, c, stanza, line);
                if (block)
                    *line = NULL;
                continue;
            }
            if (!*line)
                *line = add(m, stanza, ROD_LINE, NULL);
            if (*line)
                map_inline_el(m, c, *line);
        }
    }
}

static bool has_words(const rod_node *n)
{
    for (const rod_node *c = n->first; c; c = c->next) {
        if (c->kind == ROD_TEXT) {
            for (size_t i = 0; i < c->len; i++)
                if (!isspace((unsigned char)c->text[i]))
                    return true;
        } else if (c->kind == ROD_NOTEREF || has_words(c)) {
            return true;
        }
    }
    return false;
}

static void stanza_from(html_map *m, xmlNode *el, rod_node *poem)
{
    rod_node *stanza = add(m, poem, ROD_STANZA, el);
    if (!stanza)
        return;
    rod_node *line = NULL;
    lines_of(m, el, stanza, &line);
    for (rod_node *l = stanza->first, *next; l; l = next) {
        next = l->next;
        if (!has_words(l))
            rod_node_unlink(l);
    }
    if (!stanza->first)
        rod_node_unlink(stanza);
}

static rod_node *open_poem(html_map *m, blk *b, xmlNode *el)
{
    if (!b->poem) {
        end_para(b);
        b->poem = add(m, dest(b), ROD_POEM, el);
    }
    return b->poem;
}

/* Closes a poem: it must hold a stanza, and a title alone becomes a
 * paragraph. */
static void close_poem(blk *b)
{
    rod_node *p = b->poem;
    b->poem = NULL;
    if (!p)
        return;
    bool stanza = false;
    for (rod_node *c = p->first; c; c = c->next)
        stanza |= c->kind == ROD_STANZA;
    if (stanza) {
        /* a cite that is not last moves to the end */
        for (rod_node *c = p->first, *next; c; c = next) {
            next = c->next;
            if (c->kind == ROD_CITE && c != p->last) {
                rod_node_unlink(c);
                rod_node_insert(p, c, NULL);
            }
        }
        return;
    }
    rod_node *parent = p->parent;
    for (rod_node *c = p->first, *next; c; c = next) {
        next = c->next;
        rod_node_unlink(c);
        c->kind = ROD_P;
        rod_node_insert(parent, c, p);
    }
    rod_node_unlink(p);
}

static void poem_child(html_map *m, xmlNode *c, blk *b)
{
    char name[32];
    rod_xml_name(c, name);
    int level = heading_level(name);
    if (level || !strcmp(name, "hgroup") || (!strcmp(name, "header") && group_level(c)) ||
        has_class(c, "poem-title")) {
        rod_node *d = dest(b);
        if (d->kind == ROD_SECTION && section_is_empty(d) && !b->poem) {
            heading(m, c, level ? level : group_level(c), b);
            return;
        }
        if (b->poem && b->poem->first)
            close_poem(b);
        rod_node *poem = open_poem(m, b, NULL);
        rod_node *title = poem ? add(m, poem, ROD_TITLE, c) : NULL;
        bool first = true;
        if (title) {
            if (level || !strcmp(name, "p"))
                map_inlines(m, c->children, title);
            else
                title_from(m, c, title, &first);
        }
        return;
    }
    if (has_class(c, "cite") || !strcmp(name, "footer") || !strcmp(name, "cite") ||
        has_class(c, "attribution") || has_class(c, "signature")) {
        rod_node *poem = open_poem(m, b, NULL);
        rod_node *cite = poem ? add(m, poem, ROD_CITE, c) : NULL;
        if (cite)
            map_inlines(m, c->children, cite);
        close_poem(b);
        return;
    }
    if (is_note(c)) {
        map_note(m, c);
        return;
    }
    if (!strcmp(name, "hr")) {
        close_poem(b);
        return;
    }
    if (!strcmp(name, "p") || has_class(c, "stanza") || !has_block_child(c) ||
        !strcmp(name, "span")) {
        rod_node *poem = open_poem(m, b, NULL);
        if (poem)
            stanza_from(m, c, poem);
        return;
    }
    /* a division holding stanzas */
    pend_id(m, rod_xml_attr(c, "id"));
    for (xmlNode *g = c->children; g; g = g->next)
        if (g->type == XML_ELEMENT_NODE && !is_skipped(m, g, rod_xml_name(g, name)))
            poem_child(m, g, b);
}

static void map_poem(html_map *m, xmlNode *el, blk *b)
{
    end_para(b);
    char name[32];
    rod_xml_name(el, name);
    blk inner = {.container = NULL};
    blk *use = b;
    if ((!strcmp(name, "section") || !strcmp(name, "article")) && takes_sections(dest(b))) {
        inner.container = add(m, dest(b), ROD_SECTION, el);
        if (!inner.container)
            return;
        use = &inner;
    } else {
        close_poem(b);
        b->poem = add(m, dest(b), ROD_POEM, el);
    }
    for (xmlNode *c = el->children; c && !m->failed; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && !is_skipped(m, c, rod_xml_name(c, name)))
            poem_child(m, c, use);
    }
    close_poem(use);
}

static void map_list(html_map *m, xmlNode *el, blk *b, bool numbered)
{
    end_para(b);
    rod_node *list = NULL;
    char name[32];
    for (xmlNode *c = el->children; c && !m->failed; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || is_skipped(m, c, rod_xml_name(c, name)))
            continue;
        if (is_note(c)) {
            map_note(m, c);
            continue;
        }
        if (!list) {
            list = add(m, dest(b), ROD_LIST, el);
            if (!list)
                return;
            if (numbered)
                list->type = "number";
        }
        if (strcmp(name, "li") != 0) {
            /* tag soup: a stray element in a list is an item of its own */
            pend_id(m, NULL);
        }
        rod_node *item = add(m, list, ROD_ITEM, c);
        if (!item)
            return;
        if (has_block_child(c)) {
            blk ib = {.container = item};
            map_blocks(m, c->children, &ib);
        } else {
            map_inlines(m, c->children, item);
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
            end_para(b);
            rod_node *p = add(m, dest(b), ROD_P, c);
            bool first = true;
            for (xmlNode *cell = c->children; cell && p; cell = cell->next) {
                if (cell->type != XML_ELEMENT_NODE)
                    continue;
                if (!first)
                    add_text(m, p, "\xe2\x80\x83", 3);   /* em space between cells */
                first = false;
                pend_id(m, rod_xml_attr(cell, "id"));
                map_inlines(m, cell->children, p);
            }
            if (p && !has_words(p))
                rod_node_unlink(p);
        } else if (!strcmp(name, "caption")) {
            end_para(b);
            rod_node *p = add(m, dest(b), ROD_P, c);
            if (p)
                map_inlines(m, c->children, p);
        } else {
            map_table(m, c, b);
        }
    }
}

static void block_image(html_map *m, xmlNode *img, blk *b, const char *src)
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
    }
    rod_buf_free(&path);
    end_para(b);
    if (bin) {
        rod_node *image = add(m, dest(b), ROD_IMAGE, img);
        if (image) {
            rod_buf ref = ROD_BUF_INIT;
            rod_buf_printf(&ref, "#%s", bin);
            image->ref = rod_doc_str(m->doc, ref.data);
            image->alt = alt ? rod_doc_str(m->doc, alt) : NULL;
            rod_buf_free(&ref);
        }
        return;
    }
    if (alt && !is_space_text(alt)) {
        rod_node *p = add(m, dest(b), ROD_P, img);
        if (p)
            add_text(m, p, alt, strlen(alt));
    } else {
        pend_id(m, rod_xml_attr(img, "id"));
    }
}

/* An img alone in its element (p, div, figure), or NULL. */
static xmlNode *lone_image(xmlNode *el)
{
    xmlNode *img = NULL;
    for (xmlNode *c = el->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE && is_space_text((const char *)c->content))
            continue;
        if (c->type != XML_ELEMENT_NODE || img)
            return NULL;
        if (rod_xml_is(c, "img"))
            img = c;
        else if (rod_xml_is(c, "a") || rod_xml_is(c, "span"))
            img = lone_image(c);
        else
            return NULL;
        if (!img)
            return NULL;
    }
    return img;
}

static const char *svg_image_href(xmlNode *svg)
{
    for (xmlNode *c = svg->children; c; c = c->next) {
        if (rod_xml_is(c, "image")) {
            const char *h = rod_xml_attr_any(c, "href");
            if (h)
                return h;
        }
        if (c->type == XML_ELEMENT_NODE) {
            const char *h = svg_image_href(c);
            if (h)
                return h;
        }
    }
    return NULL;
}

static bool is_cite_el(xmlNode *el, const char *name)
{
    return has_class(el, "cite") || has_class(el, "attribution") || !strcmp(name, "cite") ||
           (!strcmp(name, "footer")) || has_type(el, "z3998:signature");
}

static void map_block_el(html_map *m, xmlNode *el, blk *b)
{
    char name[32];
    rod_xml_name(el, name);
    if (is_skipped(m, el, name))
        return;
    rod_node *c = b->container;
    if (is_note(el)) {
        end_para(b);
        map_note(m, el);
        return;
    }
    if (is_poem(el)) {
        map_poem(m, el, b);
        return;
    }
    if (b->poem_mode) {
        poem_child(m, el, b);
        return;
    }
    int level = heading_level(name);
    if (level) {
        heading(m, el, level, b);
        return;
    }
    if ((!strcmp(name, "hgroup") || !strcmp(name, "header")) && group_level(el)) {
        heading(m, el, group_level(el), b);
        return;
    }
    if ((c->kind == ROD_QUOTE || c->kind == ROD_EPIGRAPH) && is_cite_el(el, name) &&
        (!has_block_child(el) || !strcmp(name, "footer"))) {
        end_para(b);
        rod_node *cite = add(m, c, ROD_CITE, el);
        if (cite)
            map_inlines(m, el->children, cite);
        return;
    }
    if (!strcmp(name, "section") || !strcmp(name, "article") ||
        ((!strcmp(name, "div") || !strcmp(name, "aside")) &&
         (has_type(el, "chapter") || has_type(el, "part") || has_type(el, "division") ||
          has_type(el, "volume") || has_class(el, "chapter")))) {
        bool notes = has_type(el, "endnotes") || has_type(el, "footnotes") ||
                     has_type(el, "rearnotes") || has_type(el, "doc-endnotes") ||
                     has_class(el, "endnotes") || has_class(el, "footnotes");
        if (takes_sections(dest(b))) {
            end_para(b);
            rod_node *sec = add(m, dest(b), ROD_SECTION, el);
            if (!sec)
                return;
            blk inner = {.container = sec};
            map_blocks(m, el->children, &inner);
            close_poem(&inner);
            /* a notes section whose notes all moved out leaves its title */
            if (notes && (!sec->first || (sec->first->kind == ROD_TITLE && !sec->first->next)))
                rod_node_unlink(sec);
            return;
        }
        pend_id(m, rod_xml_attr(el, "id"));
        map_blocks(m, el->children, b);
        return;
    }
    if (has_type(el, "epigraph") || has_class(el, "epigraph")) {
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
        end_para(b);
        add(m, dest(b), ROD_BREAK, el);
        return;
    }
    if (!strcmp(name, "pre")) {
        end_para(b);
        rod_node *pre = add(m, dest(b), ROD_PRE, el);
        xmlChar *text = xmlNodeGetContent(el);
        if (pre && text) {
            const char *s = (const char *)text;
            if (*s == '\n')
                s++;
            if (*s)
                add_text(m, pre, s, strlen(s));
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
        const char *href = svg_image_href(el);
        if (href)
            block_image(m, el, b, href);
        return;
    }
    if (!strcmp(name, "br")) {
        end_para(b);
        return;
    }
    if (!strcmp(name, "p") || !strcmp(name, "dt") || !strcmp(name, "dd") ||
        !strcmp(name, "figcaption") || !strcmp(name, "summary") || !strcmp(name, "caption") ||
        !strcmp(name, "address") || !strcmp(name, "center") || !strcmp(name, "div") ||
        !strcmp(name, "li") || !strcmp(name, "td") || !strcmp(name, "th") ||
        html_is_block_name(name)) {
        xmlNode *img = lone_image(el);
        if (img) {
            pend_id(m, rod_xml_attr(el, "id"));
            block_image(m, img, b, rod_xml_attr(img, "src"));
            return;
        }
        if (has_block_child(el)) {
            /* a division: its children are blocks of ours */
            end_para(b);
            pend_id(m, rod_xml_attr(el, "id"));
            map_blocks(m, el->children, b);
            end_para(b);
            return;
        }
        if (is_scene_break(el)) {
            end_para(b);
            pend_id(m, rod_xml_attr(el, "id"));
            add(m, dest(b), ROD_BREAK, NULL);
            return;
        }
        end_para(b);
        rod_kind kind = (c->kind == ROD_QUOTE || c->kind == ROD_EPIGRAPH) && is_cite_el(el, name)
                            ? ROD_CITE : ROD_P;
        rod_node *p = add(m, dest(b), kind, el);
        if (!p)
            return;
        rod_node *into = p;
        if (!strcmp(name, "dt"))
            into = rod_node_add(m->doc, p, ROD_STRONG);
        if (into)
            map_inlines(m, el->children, into);
        /* only <br>s and spaces: spacing, not a paragraph */
        if (!has_words(p))
            rod_node_unlink(p);
        return;
    }
    /* inline element in block context: into the implicit paragraph */
    rod_node *p = para(m, b);
    if (p)
        map_inline_el(m, el, p);
}

static void map_blocks(html_map *m, xmlNode *first, blk *b)
{
    for (xmlNode *c = first; c && !m->failed; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            const char *s = (const char *)c->content;
            if (!b->para && is_space_text(s))
                continue;
            if (b->poem_mode) {
                continue;
            }
            rod_node *p = para(m, b);
            if (p)
                add_text(m, p, s, strlen(s));
        } else if (c->type == XML_ENTITY_REF_NODE) {
            rod_node *p = para(m, b);
            if (p)
                add_entity(m, p, c);
        } else if (c->type == XML_ELEMENT_NODE) {
            char name[32];
            rod_xml_name(c, name);
            bool inline_el = !html_is_block_name(name) && strcmp(name, "img") != 0 &&
                             strcmp(name, "svg") != 0 && !is_note(c) && !is_poem(c) &&
                             !has_type(c, "epigraph");
            if (!inline_el)
                end_para(b);
            map_block_el(m, c, b);
        }
    }
}

static void map_note(html_map *m, xmlNode *el)
{
    /* ids seen before the note belong to the text, not to the note */
    const char **saved = NULL;
    size_t nsaved = m->npending;
    if (nsaved) {
        saved = malloc(nsaved * sizeof *saved);
        if (saved)
            memcpy(saved, m->pending, nsaved * sizeof *saved);
        m->npending = 0;
    }
    rod_node *note = add(m, rod_doc_notes(m->doc), ROD_NOTE, el);
    if (note) {
        if (!note->id) {
            char id[32];
            snprintf(id, sizeof id, "note-%lu", ++m->serial);
            note->id = unique_id(m, id, note);
        }
        blk nb = {.container = note};
        map_blocks(m, el->children, &nb);
        close_poem(&nb);
        trim_label(note);
    }
    if (saved) {
        for (size_t i = 0; i < nsaved; i++)
            pend_id(m, saved[i]);
        free(saved);
    }
}

/* ---- entry points --------------------------------------------------------- */

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
    blk b = {.container = into};
    if (body) {
        pend_id(m, rod_xml_attr(body, "id"));
        if (is_poem(body))
            b.poem_mode = true;
    }
    map_blocks(m, from->children, &b);
    close_poem(&b);
    /* ids at the very end (an anchor after the last paragraph) */
    if (m->npending && m->last_node) {
        for (size_t i = 0; i < m->npending; i++)
            give_id(m, m->last_node, m->pending[i]);
        m->npending = 0;
    }
    return m->failed ? ROD_ERR_NOMEM : ROD_OK;
}

rod_node *html_map_target(const html_map *m, const char *target)
{
    return rod_strmap_get(&m->targets, target);
}

void html_map_links(html_map *m)
{
    size_t broken = 0;
    for (size_t i = 0; i < m->nlinks; i++) {
        html_link *l = &m->links[i];
        rod_node *t = rod_strmap_get(&m->targets, l->target);
        if (!t) {
            /* "file#missing": the file itself will do */
            char *hash = strchr(l->target, '#');
            if (hash) {
                *hash = '\0';
                t = rod_strmap_get(&m->targets, l->target);
                *hash = '#';
            }
        }
        if (!t || !t->id) {
            if (broken++ < 5)
                rod_warn(m->diag, l->node->line, 0, "the link to '%s' leads nowhere in the book; "
                         "kept as plain text", l->target);
            l->node->kind = ROD_SPAN;
            l->node->ref = NULL;
            continue;
        }
        /* a link into a note is a note reference to the note; a link from
         * a note back into the text is its back-link, kept as text */
        rod_node *note = NULL, *from = NULL;
        for (rod_node *p = t; p && !note; p = p->parent)
            if (p->kind == ROD_NOTE)
                note = p;
        for (rod_node *p = l->node; p && !from; p = p->parent)
            if (p->kind == ROD_NOTE)
                from = p;
        if (from && !note) {
            l->node->kind = ROD_SPAN;
            l->node->ref = NULL;
            continue;
        }
        if (note && !from) {
            t = note;
            l->node->kind = ROD_NOTEREF;
        } else if (l->node->kind == ROD_NOTEREF) {
            l->node->kind = ROD_A;
        }
        rod_buf ref = ROD_BUF_INIT;
        rod_buf_printf(&ref, "#%s", t->id);
        l->node->ref = rod_doc_str(m->doc, ref.data);
        rod_buf_free(&ref);
    }
    if (broken > 5)
        rod_warn(m->diag, 0, 0, "%zu links lead nowhere in the book in all", broken);
    if (m->renamed)
        rod_warn(m->diag, 0, 0, "%zu ids were used more than once (across chapters); "
                 "renamed to stay unique, links follow them", m->renamed);
}
