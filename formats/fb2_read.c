/* fb2_read.c — FictionBook 2 (and .fb2.zip) as a book.
 *
 * FictionBook is close kin of the model: sections, titles, epigraphs,
 * poems with stanzas, cites with their author, notes in a second body and
 * images as base64 binaries. The mapping is therefore nearly one to one;
 * what needs care is the description (authors as name parts, genres,
 * sequence, translators, the cover) and the details the model spells
 * differently: a title's paragraphs become one title with line breaks,
 * text-author becomes the cite of its quote or poem, a subtitle a
 * paragraph in bold, empty-line between paragraphs a scene break.
 *
 * What FictionBook lacks is read back as rod's writer (fb2_write.c)
 * spells it: <style name="li"> paragraphs are list items, a <cite> opened
 * by one is an item of blocks, a subtitle of asterisks ("* * *", "⁂") is
 * a scene break, and a section of the main body with neither title nor id
 * and no section inside holds the body's own blocks (a body may hold
 * sections only; this is the one way to put text beside them).
 *
 * Encodings come from the XML declaration (windows-1251 is common) and
 * libxml2 converts them. Files that are not well-formed — many FB2 files
 * in the wild — are read in libxml2's recovery mode with a warning, since
 * losing a whole book to one stray ampersand helps nobody; entity
 * declarations are still refused.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fb2_internal.h"
#include "import_internal.h"
#include "rod_base64.h"
#include "rod_format.h"
#include "rod_strmap.h"
#include "rod_utf8.h"
#include "xml_tree.h"
#include "zip_in.h"


static void block(fb2 *f, xmlNode *c, rod_node *into);
static void inlines(fb2 *f, xmlNode *first, rod_node *into);
static void image_block(fb2 *f, xmlNode *el, rod_node *into);
static const char *stand_in(fb2 *f, xmlNode *el, const char *href);
static void quote(fb2 *f, xmlNode *el, rod_node *into, rod_kind kind);


/* An XML NCName for a FictionBook id ("1" → "id-1"). */
static const char *ncname(fb2 *f, const char *id)
{
    if (!id || !*id)
        return NULL;
    rod_buf b = ROD_BUF_INIT;
    unsigned char c0 = (unsigned char)id[0];
    if (!(isalpha(c0) || c0 == '_' || c0 >= 0x80))
        rod_buf_adds(&b, "id-");
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        rod_buf_addc(&b, isalnum(*p) || *p == '_' || *p == '-' || *p == '.' || *p >= 0x80
                             ? (char)*p : '_');
    const char *s = b.failed ? NULL : rod_doc_str(f->doc, b.data);
    rod_buf_free(&b);
    return s;
}

static rod_node *add(fb2 *f, rod_node *parent, rod_kind kind, xmlNode *el)
{
    rod_node *n = rod_node_add(f->doc, parent, kind);
    if (!n) {
        f->failed = true;
        return NULL;
    }
    if (el) {
        long line = xmlGetLineNo(el);
        n->line = line > 0 ? (unsigned)line : 0;
        n->id = ncname(f, rod_xml_attr(el, "id"));
        const char *lang = rod_xml_attr_any(el, "lang");
        if (lang && *lang)
            n->lang = rod_doc_str(f->doc, lang);
    }
    return n;
}

/* ---- inline ----------------------------------------------------------------- */

static const char *href_of(xmlNode *el)
{
    return rod_xml_attr_any(el, "href");
}

/* FictionBook's styles and the model's kinds for them; <style>, <a> and
 * <image> are inline too, each read in its own way by inline_el. */
static const struct {
    const char *name;
    rod_kind kind;
} fb2_styles[] = {
    {"strong", ROD_STRONG}, {"emphasis", ROD_EM}, {"strikethrough", ROD_DEL},
    {"sub", ROD_SUB},       {"sup", ROD_SUP},     {"code", ROD_CODE},
};

/* The model's kind for the style element `name`, ROD_KIND_COUNT if none. */
static rod_kind style_kind(const char *name)
{
    for (size_t i = 0; i < sizeof fb2_styles / sizeof *fb2_styles; i++)
        if (!strcmp(name, fb2_styles[i].name))
            return fb2_styles[i].kind;
    return ROD_KIND_COUNT;
}

static void inline_el(fb2 *f, xmlNode *el, rod_node *into)
{
    const char *name = (const char *)el->name;
    rod_kind kind = style_kind(name);
    if (kind == ROD_KIND_COUNT && !strcmp(name, "style")) {
        /* rod's own spellings of what FictionBook lacks (fb2_write.c) */
        const char *style = rod_xml_attr(el, "name");
        if (style && !strcmp(style, "br")) {
            add(f, into, ROD_BR, NULL);
            return;
        }
        if (style && !strcmp(style, "sc"))
            kind = ROD_SC;
        else if (rod_xml_attr_any(el, "lang"))
            kind = ROD_SPAN;
    }
    else if (!strcmp(name, "image")) {
        /* kept where it stands; imp_finish makes it a block image there */
        const char *href = href_of(el);
        if (href && href[0] == '#' && rod_strmap_get(&f->bins, href + 1)) {
            image_block(f, el, into);
            return;
        }
        const char *shown = stand_in(f, el, href);
        rod_node_add_text(f->doc, into, shown, strlen(shown));
        return;
    } else if (!strcmp(name, "a")) {
        const char *href = href_of(el);
        if (href && *href) {
            bool note = (rod_xml_attr(el, "type") && !strcmp(rod_xml_attr(el, "type"), "note")) ||
                        (href[0] == '#' && rod_strmap_get(&f->notes, href + 1));
            rod_node *a = add(f, into, note ? ROD_NOTEREF : ROD_A, el);
            if (!a)
                return;
            if (href[0] == '#') {
                rod_buf r = ROD_BUF_INIT;
                rod_buf_printf(&r, "#%s", ncname(f, href + 1));
                a->ref = rod_doc_str(f->doc, r.data);
                rod_buf_free(&r);
            } else {
                /* judged with every other link (rod_links_clean) */
                a->ref = rod_doc_str(f->doc, href);
            }
            inlines(f, el->children, a);
            return;
        }
    }
    if (kind == ROD_KIND_COUNT) {
        inlines(f, el->children, into);
        return;
    }
    rod_node *n = add(f, into, kind, el);
    if (n)
        inlines(f, el->children, n);
}

/* The inline nodes from `first` up to (not including) `stop`, NULL for all
 * its following siblings, appended to `into`. */
static void inlines_until(fb2 *f, xmlNode *first, xmlNode *stop, rod_node *into)
{
    for (xmlNode *c = first; c && c != stop && !f->failed; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            const char *s = (const char *)c->content;
            if (!rod_node_add_text(f->doc, into, s, strlen(s)))
                f->failed = true;
        } else if (c->type == XML_ENTITY_REF_NODE) {
            unsigned cp = rod_xml_html_entity((const char *)c->name);
            char u[4];
            size_t n = 0;
            if (cp)
                n = rod_utf8_encode(cp, u);
            if (n)
                rod_node_add_text(f->doc, into, u, n);
        } else if (c->type == XML_ELEMENT_NODE) {
            if (is(c, "p") || is(c, "v")) {
                /* a block inside inline content (tag soup): keep words apart */
                if (into->last)
                    rod_node_add_text(f->doc, into, " ", 1);
            }
            inline_el(f, c, into);
        }
    }
}

static void inlines(fb2 *f, xmlNode *first, rod_node *into)
{
    inlines_until(f, first, NULL, into);
}

/* ---- blocks ----------------------------------------------------------------- */

static void title(fb2 *f, xmlNode *el, rod_node *into)
{
    rod_node *t = add(f, into, ROD_TITLE, el);
    if (!t)
        return;
    bool first = true;
    for (xmlNode *c = el->children; c; c = c->next) {
        if (is(c, "p")) {
            if (!first)
                add(f, t, ROD_BR, NULL);
            first = false;
            inlines(f, c->children, t);
        }
    }
    if (first)
        inlines(f, el->children, t);
}

static void cite_of(fb2 *f, xmlNode *el, rod_node *into)
{
    rod_node *c = add(f, into, ROD_CITE, el);
    if (c)
        inlines(f, el->children, c);
}

static void poem(fb2 *f, xmlNode *el, rod_node *into)
{
    rod_node *p = add(f, into, ROD_POEM, el);
    if (!p)
        return;
    rod_node *cite = NULL;
    for (xmlNode *c = el->children; c && !f->failed; c = c->next) {
        if (is(c, "title") && !p->first) {
            title(f, c, p);
        } else if (is(c, "stanza")) {
            rod_node *s = add(f, p, ROD_STANZA, c);
            for (xmlNode *v = c ? c->children : NULL; s && v; v = v->next) {
                if (is(v, "v") || is(v, "subtitle") || is(v, "title")) {
                    rod_node *l = add(f, s, ROD_LINE, v);
                    if (l && is(v, "title")) {
                        for (xmlNode *tp = v->children; tp; tp = tp->next)
                            if (is(tp, "p"))
                                inlines(f, tp->children, l);
                    } else if (l) {
                        inlines(f, v->children, l);
                    }
                }
            }
            if (s && !s->first)
                rod_node_unlink(s);
        } else if (is(c, "epigraph")) {
            /* a poem has no epigraph in the model: it stands just before
             * the poem, so its words and note references stay */
            rod_node *last = into->last;
            quote(f, c, into, ROD_EPIGRAPH);
            if (into->last != last) {
                rod_node *e = into->last;
                rod_node_unlink(e);
                rod_node_insert(into, e, p);
            }
        } else if (is(c, "text-author") || is(c, "date")) {
            if (!cite) {
                cite = add(f, p, ROD_CITE, c);
                if (cite)
                    inlines(f, c->children, cite);
            } else {
                rod_node_add_text(f->doc, cite, ", ", 2);
                inlines(f, c->children, cite);
            }
        }
    }
    if (cite && cite != p->last) {
        rod_node_unlink(cite);
        rod_node_insert(p, cite, NULL);
    }
    imp_poem_or_paragraphs(p);      /* an empty poem: its title and cite stay */
}

static void quote(fb2 *f, xmlNode *el, rod_node *into, rod_kind kind)
{
    rod_node *q = add(f, into, kind, el);
    if (!q)
        return;
    xmlNode *author = NULL;
    for (xmlNode *c = el->children; c; c = c->next)
        if (is(c, "text-author"))
            author = c;
    /* everything but the last text-author is content */
    for (xmlNode *c = el->children; c && !f->failed; c = c->next) {
        if (c == author)
            continue;
        if (is(c, "text-author")) {
            rod_node *p = add(f, q, ROD_P, c);
            if (p)
                inlines(f, c->children, p);
            continue;
        }
        if (c->type == XML_ELEMENT_NODE)
            block(f, c, q);
    }
    if (author)
        cite_of(f, author, q);
    if (!q->first)
        rod_node_unlink(q);
}

/* The text in place of an image whose binary is missing or is no picture
 * (binaries() has then warned already): its alt text, or "[image]"
 * (imp_image_stand_in). FictionBook test books hold damaged images on
 * purpose, under a caption saying so; leaving them out without a trace
 * made that caption point at nothing. */
static const char *stand_in(fb2 *f, xmlNode *el, const char *href)
{
    const char *alt = rod_xml_attr(el, "alt");
    const char *shown = imp_image_stand_in(alt);
    if (!href || href[0] != '#' || !rod_strmap_get(&f->broken, href + 1))
        rod_warn(f->diag, (unsigned)xmlGetLineNo(el), 0, "the image '%s' is not among the "
                 "book's binaries; %s is shown in its place", href ? href : "",
                 shown == alt ? "its alt text" : "[image]");
    return shown;
}

static void image_block(fb2 *f, xmlNode *el, rod_node *into)
{
    const char *href = href_of(el);
    const char *bin = href && href[0] == '#' ? rod_strmap_get(&f->bins, href + 1) : NULL;
    const char *alt = rod_xml_attr(el, "alt");
    if (!bin) {
        const char *shown = stand_in(f, el, href);
        rod_node *p = add(f, into, ROD_P, el);
        if (p)
            rod_node_add_text(f->doc, p, shown, strlen(shown));
        return;
    }
    rod_node *img = add(f, into, ROD_IMAGE, el);
    if (!img)
        return;
    rod_buf r = ROD_BUF_INIT;
    rod_buf_printf(&r, "#%s", bin);
    img->ref = rod_doc_str(f->doc, r.data);
    img->alt = alt ? rod_doc_str(f->doc, alt) : NULL;
    rod_buf_free(&r);
}

static bool has_text(const rod_node *n)
{
    for (const rod_node *c = n->first; c; c = c->next) {
        if (c->kind == ROD_IMAGE)
            return true;    /* an image inside text (imp_lift_images) */
        if (c->kind == ROD_TEXT) {
            for (size_t i = 0; i < c->len; i++)
                if (!isspace((unsigned char)c->text[i]))
                    return true;
        } else if (has_text(c)) {
            return true;
        }
    }
    return false;
}

static bool is_para(const xmlNode *n)
{
    return is(n, "p");
}

/* A paragraph's children that are elements or text other than blanks:
 * their number in *n and the last of them in *only; the name of the
 * <style> the paragraph is all of, or NULL. */
static const char *only_style(const xmlNode *p, xmlNode **only, size_t *n)
{
    *only = NULL;
    *n = 0;
    for (xmlNode *k = p->children; k; k = k->next)
        if (k->type == XML_ELEMENT_NODE || (k->type == XML_TEXT_NODE && k->content &&
                                            strspn((const char *)k->content, " \t\r\n") !=
                                                strlen((const char *)k->content))) {
            *only = k;
            (*n)++;
        }
    return *n == 1 && is(*only, "style") ? rod_xml_attr(*only, "name") : NULL;
}

/* The list style ("li", "li-number") of a paragraph that is all one
 * <style>, or NULL. */
static const char *list_style(const xmlNode *p, xmlNode **only_out)
{
    if (!is(p, "p"))
        return NULL;
    xmlNode *only;
    size_t n;
    const char *style = only_style(p, &only, &n);
    if (!style || (strcmp(style, "li") != 0 && strcmp(style, "li-number") != 0))
        return NULL;
    if (only_out)
        *only_out = only;
    return style;
}

/* The list an item of this style joins: the one just before in `into`,
 * or a new one. */
static rod_node *list_for(fb2 *f, rod_node *into, const char *style)
{
    bool number = style[2] == '-';
    rod_node *list = into->last;
    if (!list || list->kind != ROD_LIST || (number != (list->type && !strcmp(list->type, "number")))) {
        list = add(f, into, ROD_LIST, NULL);
        if (list && number)
            list->type = "number";
    }
    return list;
}

/* A <cite> that rod wrote for a list item of blocks (fb2_write.c). */
static void block_item(fb2 *f, xmlNode *cite, xmlNode *first, const char *style, rod_node *into)
{
    rod_node *list = list_for(f, into, style);
    rod_node *item = list ? add(f, list, ROD_ITEM, cite) : NULL;
    if (!item)
        return;
    xmlNode *only = NULL;
    list_style(first, &only);
    if (only->children) {
        rod_node *p = add(f, item, ROD_P, first);
        if (p)
            inlines(f, only->children, p);
    }
    for (xmlNode *c = first->next; c && !f->failed; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            block(f, c, item);
}

/* A subtitle of asterisks alone: FictionBook's customary scene break. */
static bool is_ornament(xmlNode *el)
{
    char *t = rod_xml_text(el, false);
    bool star = false, other = false;
    for (const char *s = t; s && *s && !other; s++) {
        if (*s == '*')
            star = true;
        else if (!strncmp(s, "\xe2\x81\x82", 3)) {     /* ⁂ */
            star = true;
            s += 2;
        } else if (!isspace((unsigned char)*s)) {
            other = true;
        }
    }
    free(t);
    return star && !other;
}

static const xmlNode *first_element(const xmlNode *n)
{
    for (n = n ? n->children : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return n;
    return NULL;
}

static const xmlNode *element_sibling(const xmlNode *n, bool next)
{
    for (n = next ? n->next : n->prev; n; n = next ? n->next : n->prev)
        if (n->type == XML_ELEMENT_NODE)
            return n;
    return NULL;
}

/* One block element `c` appended to `into` (a section, body, quote...). */
static void block(fb2 *f, xmlNode *c, rod_node *into)
{
    const char *name = (const char *)c->name;
    bool sections = into->kind == ROD_BODY || into->kind == ROD_SECTION;
    if (!strcmp(name, "section")) {
        if (!sections) {
            fb2_blocks(f, c->children, into);
            return;
        }
        rod_node *s = add(f, into, ROD_SECTION, c);
        if (s)
            fb2_blocks(f, c->children, s);
    } else if (!strcmp(name, "title")) {
        if (into->kind == ROD_SECTION && !into->first) {
            title(f, c, into);
        } else {
            for (xmlNode *p = c->children; p; p = p->next)
                if (is(p, "p")) {
                    rod_node *para = add(f, into, ROD_P, p);
                    rod_node *b = para ? rod_node_add(f->doc, para, ROD_STRONG) : NULL;
                    if (b)
                        inlines(f, p->children, b);
                }
        }
    } else if (!strcmp(name, "p")) {
        xmlNode *only;
        size_t n;
        const char *style = only_style(c, &only, &n);
        if (style && !strcmp(style, "pre")) {
            rod_node *pre = add(f, into, ROD_PRE, c);
            char *t = rod_xml_text(only, false);
            if (pre && t)
                rod_node_add_text(f->doc, pre, t, strlen(t));
            free(t);
        } else if (style && (!strcmp(style, "li") || !strcmp(style, "li-number"))) {
            rod_node *list = list_for(f, into, style);
            rod_node *item = list ? add(f, list, ROD_ITEM, c) : NULL;
            if (item)
                inlines(f, only->children, item);
        } else if (n > 0) {
            /* an empty <p/> is spacing in FictionBook, not a paragraph */
            rod_node *p = add(f, into, ROD_P, c);
            if (p)
                inlines(f, c->children, p);
            if (p && !has_text(p))
                rod_node_unlink(p);
        }
    } else if (!strcmp(name, "subtitle") && is_ornament(c)) {
        add(f, into, ROD_BREAK, c);
    } else if (!strcmp(name, "subtitle") || !strcmp(name, "text-author")) {
        rod_node *p = add(f, into, ROD_P, c);
        rod_node *b = p && name[0] == 's' ? rod_node_add(f->doc, p, ROD_STRONG) : p;
        if (b)
            inlines(f, c->children, b);
        if (p && !has_text(p))
            rod_node_unlink(p);
    } else if (!strcmp(name, "epigraph")) {
        quote(f, c, into, ROD_EPIGRAPH);
    } else if (!strcmp(name, "cite") && list_style(first_element(c), NULL)) {
        xmlNode *first = (xmlNode *)first_element(c);
        block_item(f, c, first, list_style(first, NULL), into);
    } else if (!strcmp(name, "cite") || !strcmp(name, "annotation")) {
        quote(f, c, into, ROD_QUOTE);
    } else if (!strcmp(name, "poem")) {
        poem(f, c, into);
    } else if (!strcmp(name, "image")) {
        image_block(f, c, into);
    } else if (!strcmp(name, "empty-line")) {
        if (is_para(element_sibling(c, false)) && is_para(element_sibling(c, true)) &&
            into->kind == ROD_SECTION)
            add(f, into, ROD_BREAK, c);
    } else if (!strcmp(name, "table")) {
        for (xmlNode *tr = c->children; tr; tr = tr->next) {
            if (!is(tr, "tr"))
                continue;
            rod_node *p = add(f, into, ROD_P, tr);
            bool first = true;
            for (xmlNode *td = tr->children; p && td; td = td->next) {
                if (td->type != XML_ELEMENT_NODE)
                    continue;
                if (!first)
                    rod_node_add_text(f->doc, p, "\xe2\x80\x83", 3);
                first = false;
                inlines(f, td->children, p);
            }
        }
    } else if (!strcmp(name, "stanza") || !strcmp(name, "v")) {
        rod_node *p = add(f, into, ROD_P, c);
        if (p)
            inlines(f, c->children, p);
    } else {
        /* unknown element: its text as a paragraph, never lost */
        rod_node *p = add(f, into, ROD_P, c);
        if (p)
            inlines(f, c->children, p);
    }
}

/* Text, or an inline element, standing where blocks are expected. */
static bool loose(const xmlNode *c)
{
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE ||
        c->type == XML_ENTITY_REF_NODE)
        return true;
    return c->type == XML_ELEMENT_NODE &&
           (style_kind((const char *)c->name) != ROD_KIND_COUNT || is(c, "style") || is(c, "a"));
}

static bool blank_text(const xmlNode *c)
{
    if (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE)
        return false;
    for (const xmlChar *s = c->content; s && *s; s++)
        if (!isspace(*s))
            return false;
    return true;
}

void fb2_blocks(fb2 *f, xmlNode *first, rod_node *into)
{
    for (xmlNode *c = first; c && !f->failed;) {
        if (!loose(c)) {
            if (c->type == XML_ELEMENT_NODE)
                block(f, c, into);
            c = c->next;
            continue;
        }
        /* text outside any paragraph (not valid FictionBook, but real
         * files have it): the run of loose text and inline elements is
         * one paragraph, so no word is lost */
        xmlNode *end = c;
        bool words = false;
        while (end && loose(end)) {
            words |= !blank_text(end);
            end = end->next;
        }
        if (words) {
            long line = xmlGetLineNo(c);
            rod_warn(f->diag, line > 0 ? (unsigned)line : 0, 0,
                     "text outside any paragraph; kept as a paragraph");
            rod_node *p = add(f, into, ROD_P, NULL);
            if (p) {
                p->line = line > 0 ? (unsigned)line : 0;
                inlines_until(f, c, end, p);
                if (!has_text(p))
                    rod_node_unlink(p);
            }
        }
        c = end;
    }
}

/* ---- the book ---------------------------------------------------------------- */

static void binaries(fb2 *f, xmlNode *root)
{
    for (xmlNode *c = root->children; c; c = c->next) {
        if (!is(c, "binary"))
            continue;
        const char *id = rod_xml_attr(c, "id");
        if (id && rod_strmap_get(&f->bins, id)) {
            /* images name binaries by id: a second one can never be shown */
            rod_warn(f->diag, (unsigned)xmlGetLineNo(c), 0, "a second binary with the id '%s'; "
                     "left out (images show the first)", id);
            continue;
        }
        char *b64 = rod_xml_text(c, false);
        if (!id || !b64) {
            free(b64);
            continue;
        }
        size_t n = strlen(b64), len = 0;
        unsigned char *bytes = malloc(rod_base64_max(n) + 1);
        if (bytes) {
            size_t stray = rod_base64_decode(b64, n, bytes, &len);
            if (stray)
                rod_warn(f->diag, (unsigned)xmlGetLineNo(c), 0, "the binary '%s' holds %zu "
                         "%s that %s not base64 data; skipped", id, stray,
                         stray == 1 ? "character" : "characters", stray == 1 ? "is" : "are");
            const char *ours = imp_binary(f->doc, f->diag, &f->ids, ncname(f, id), bytes, len, id);
            if (ours)
                rod_strmap_put(&f->bins, id, (void *)ours);
            else
                rod_strmap_put(&f->broken, id, (void *)1);
        }
        free(bytes);
        free(b64);
    }
}

static void note_ids(fb2 *f, xmlNode *body)
{
    for (xmlNode *s = body->children; s; s = s->next) {
        const char *id = is(s, "section") ? rod_xml_attr(s, "id") : NULL;
        if (id)
            rod_strmap_put(&f->notes, id, (void *)1);
        if (is(s, "section"))
            note_ids(f, s);
    }
}

static void notes_body(fb2 *f, xmlNode *body)
{
    for (xmlNode *s = body->children; s && !f->failed; s = s->next) {
        if (!is(s, "section"))
            continue;
        if (!rod_xml_attr(s, "id")) {
            /* a group of notes */
            notes_body(f, s);
            continue;
        }
        rod_node *note = add(f, rod_doc_notes(f->doc), ROD_NOTE, s);
        if (!note)
            return;
        for (xmlNode *c = s->children; c; c = c->next) {
            if (is(c, "title")) {
                /* the label ("1", "*") is shown by the reference; a longer
                 * title is kept as a paragraph */
                char *t = rod_xml_text(c, false);
                size_t visible = 0;
                for (char *p = t; p && *p; p++)
                    visible += !isspace((unsigned char)*p);
                if (visible > 6)
                    block(f, c, note);
                free(t);
            } else if (c->type == XML_ELEMENT_NODE) {
                block(f, c, note);
            }
        }
    }
}

/* A section of the main body that only wraps the body's own blocks:
 * neither title nor id, no section inside (see the opening comment). */
static bool holds_loose(const xmlNode *s)
{
    if (rod_xml_attr(s, "id"))
        return false;
    for (const xmlNode *c = s->children; c; c = c->next)
        if (is(c, "title") || is(c, "section"))
            return false;
    return true;
}

static rod_err read_tree(fb2 *f, xmlDocPtr x)
{
    xmlNode *root = xmlDocGetRootElement(x);
    if (!rod_xml_is(root, "FictionBook")) {
        rod_error(f->diag, 0, 0, "not a FictionBook: the root element is <%s>",
                  (const char *)root->name);
        return ROD_ERR_INPUT;
    }
    binaries(f, root);
    xmlNode *main_body = NULL;
    for (xmlNode *c = root->children; c; c = c->next)
        if (is(c, "body")) {
            if (!main_body)
                main_body = c;
            else
                note_ids(f, c);
        }
    for (xmlNode *c = root->children; c; c = c->next)
        if (is(c, "description"))
            fb2_description(f, c);
    /* FictionBook has no direction: the book's language gives it */
    if (f->doc->root->dir == ROD_DIR_NONE && rod_lang_dir(f->doc->root->lang) == ROD_DIR_RTL)
        f->doc->root->dir = ROD_DIR_RTL;
    for (xmlNode *c = root->children; c && !f->failed; c = c->next) {
        if (!is(c, "body"))
            continue;
        if (c != main_body) {
            notes_body(f, c);
            continue;
        }
        /* the body's own title and epigraphs open the book */
        rod_node *opening = NULL;
        for (xmlNode *k = c->children; k && !f->failed; k = k->next) {
            if (is(k, "title") || (is(k, "epigraph") && opening)) {
                if (!opening)
                    opening = add(f, f->doc->body, ROD_SECTION, NULL);
                if (opening)
                    block(f, k, opening);
            } else if (is(k, "section") && holds_loose(k)) {
                fb2_blocks(f, k->children, f->doc->body);
            } else if (k->type == XML_ELEMENT_NODE) {
                block(f, k, f->doc->body);
            }
        }
    }
    return f->failed ? ROD_ERR_NOMEM : ROD_OK;
}

rod_err rod_read_fb2(const char *data, size_t len, const rod_read_opts *opts, rod_diag *diag,
                     rod_doc **out)
{
    *out = NULL;
    char *unzipped = NULL;
    char *part = NULL;      /* the member's name, for messages about it */
    if (len >= 4 && !memcmp(data, "PK\3\4", 4)) {
        rod_zip *z = NULL;
        rod_err err = rod_zip_open(data, len, diag, &z);
        if (err != ROD_OK)
            return err;
        const char *member = NULL;
        for (size_t i = 0; i < rod_zip_count(z) && !member; i++) {
            const char *n = rod_zip_name(z, i);
            size_t nl = n ? strlen(n) : 0;
            if (nl > 4 && !strcasecmp(n + nl - 4, ".fb2"))
                member = n;
        }
        if (!member) {
            rod_error(diag, 0, 0, "the archive holds no .fb2 file");
            rod_zip_free(z);
            return ROD_ERR_INPUT;
        }
        part = strdup(member);
        if (diag)
            diag->part = part;
        err = rod_zip_read(z, member, &unzipped, &len, diag);
        rod_zip_free(z);
        if (err != ROD_OK) {
            if (diag)
                diag->part = NULL;
            free(part);
            return err;
        }
        data = unzipped;
    }
    xmlDocPtr x = NULL;
    rod_err err = rod_xml_tree(data, len, ROD_XML_RECOVER, diag, &x);
    free(unzipped);
    if (diag)
        diag->part = NULL;
    free(part);
    if (err != ROD_OK)
        return err;
    fb2 f = {.diag = diag};
    f.doc = rod_doc_new();
    if (f.doc)
        rod_doc_budget(f.doc, len);
    if (!f.doc) {
        xmlFreeDoc(x);
        return ROD_ERR_NOMEM;
    }
    err = read_tree(&f, x);
    xmlFreeDoc(x);
    rod_strmap_free(&f.bins);
    rod_strmap_free(&f.broken);
    rod_strmap_free(&f.notes);
    imp_ids_free(&f.ids);
    return imp_finish(f.doc, opts, diag, err, out);
}
