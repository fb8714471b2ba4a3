/* html_write.c — a book as one standalone HTML5 file.
 *
 * Semantic elements (section, h1–h6, blockquote, figure, ol/ul), a small
 * built-in stylesheet for a readable page in any browser, notes gathered
 * as endnotes with links both ways (role doc-noteref / doc-backlink), and
 * images inlined as data: URIs so the file stands alone. Small capitals,
 * verse lines and scene breaks become classes the stylesheet sets.
 */
#include <string.h>

#include "rod_base64.h"
#include "rod_format.h"
#include "rod_link.h"
#include "write_internal.h"

static const char stylesheet[] =
    "body{max-width:36em;margin:2em auto;padding:0 1em;font-family:Georgia,"
    "'EB Garamond',serif;line-height:1.5;color:#222;background:#fdfcf8}\n"
    "header{text-align:center;margin-bottom:3em}\n"
    "h1,h2,h3,h4,h5,h6{font-weight:normal;text-align:center;line-height:1.2}\n"
    "p{margin:0;text-indent:1.5em;text-align:justify;hyphens:auto}\n"
    "h1+p,h2+p,h3+p,h4+p,h5+p,h6+p,hr+p,blockquote p,li p,.first{text-indent:0}\n"
    "hr.break{border:0;text-align:center;margin:1em 0}\n"
    "hr.break::after{content:'\\2042'}\n"
    "blockquote{margin:1em 2em}\n"
    "blockquote.epigraph{margin-left:40%;font-style:italic}\n"
    ".cite{text-align:right;font-style:normal;text-indent:0}\n"
    ".poem{margin:1em 2em}.stanza{margin:0 0 1em}\n"
    ".line{text-indent:-1.5em;margin-left:1.5em;text-align:left}\n"
    ".sc{font-variant:small-caps}\n"
    "pre{white-space:pre-wrap;font-size:.9em}\n"
    "figure{text-align:center;margin:1em 0}figure img{max-width:100%}\n"
    "a.noteref{text-decoration:none}\n"
    ".endnotes{margin-top:3em;border-top:1px solid #ccc;font-size:.9em}\n"
    ".endnotes p{text-indent:0}\n";

typedef html_out htmlw;

static void escs(rod_buf *out, const char *s)
{
    rod_buf_add_xml(out, s, strlen(s), true);
}

void html_dir_attr(rod_buf *out, const rod_node *n)
{
    const char *dir = n ? rod_dir_name((rod_dir)n->dir) : NULL;
    if (dir)
        rod_buf_printf(out, " dir=\"%s\"", dir);
}

/* lang and dir, which every element may carry. */
static void lang_dir_attrs(htmlw *w, const rod_node *n)
{
    if (n->lang) {
        rod_buf_adds(w->out, w->xhtml ? " xml:lang=\"" : " lang=\"");
        escs(w->out, n->lang);
        rod_buf_addc(w->out, '"');
        if (w->xhtml) {
            rod_buf_adds(w->out, " lang=\"");
            escs(w->out, n->lang);
            rod_buf_addc(w->out, '"');
        }
    }
    html_dir_attr(w->out, n);
}

/* The attributes every element may carry: id, lang and dir. */
static void common_attrs(htmlw *w, const rod_node *n)
{
    if (n->id) {
        rod_buf_adds(w->out, " id=\"");
        escs(w->out, n->id);
        rod_buf_addc(w->out, '"');
    }
    lang_dir_attrs(w, n);
}

static void open_el(htmlw *w, const char *tag, const rod_node *n, const char *cls)
{
    rod_buf_addc(w->out, '<');
    rod_buf_adds(w->out, tag);
    if (n)
        common_attrs(w, n);
    if (cls) {
        rod_buf_adds(w->out, " class=\"");
        rod_buf_adds(w->out, cls);
        rod_buf_addc(w->out, '"');
    }
    rod_buf_addc(w->out, '>');
}

static void close_el(htmlw *w, const char *tag)
{
    rod_buf_adds(w->out, "</");
    rod_buf_adds(w->out, tag);
    rod_buf_adds(w->out, ">");
}

static void href_attr(htmlw *w, const char *ref)
{
    rod_buf_adds(w->out, " href=\"");
    rod_buf link = ROD_BUF_INIT;
    if (ref && ref[0] == '#' && w->href && w->href(w->ctx, ref, &link) && link.data)
        escs(w->out, link.data);
    else
        escs(w->out, ref ? ref : "#");
    rod_buf_free(&link);
    rod_buf_addc(w->out, '"');
}

static void inlines(htmlw *w, const rod_node *n)
{
    for (const rod_node *c = n->first; c; c = c->next) {
        const char *tag = NULL, *cls = NULL;
        switch (c->kind) {
        case ROD_TEXT:
            rod_buf_add_xml(w->out, c->text, c->len, false);
            continue;
        case ROD_BR:
            rod_buf_adds(w->out, w->xhtml ? "<br/>" : "<br>");
            continue;
        case ROD_NOTEREF: {
            if (!rod_link_inside(c->ref)) {
                open_el(w, "span", c, NULL);
                inlines(w, c);
                close_el(w, "span");
                continue;
            }
            const note_ref *r = note_index_of(&w->notes, c);
            rod_buf_adds(w->out, w->xhtml ? "<a class=\"noteref\" epub:type=\"noteref\" "
                                            "role=\"doc-noteref\""
                                          : "<a class=\"noteref\" role=\"doc-noteref\"");
            href_attr(w, c->ref);
            if (r)
                rod_buf_printf(w->out, " id=\"noteref-%zu\"", r->number);
            rod_buf_adds(w->out, "><sup>");
            inlines(w, c);
            rod_buf_adds(w->out, "</sup></a>");
            continue;
        }
        case ROD_A:
            if (!rod_link_ok(c->ref)) {
                /* never an address rod would not open (rod_link.h) */
                open_el(w, "span", c, NULL);
                inlines(w, c);
                close_el(w, "span");
                continue;
            }
            rod_buf_adds(w->out, "<a");
            href_attr(w, c->ref);
            common_attrs(w, c);
            rod_buf_addc(w->out, '>');
            inlines(w, c);
            rod_buf_adds(w->out, "</a>");
            continue;
        case ROD_EM: tag = "em"; break;
        case ROD_STRONG: tag = "strong"; break;
        case ROD_CODE: tag = "code"; break;
        case ROD_SUP: tag = "sup"; break;
        case ROD_SUB: tag = "sub"; break;
        case ROD_DEL: tag = "del"; break;
        case ROD_SC: tag = "span"; cls = "sc"; break;
        default: tag = "span"; break;
        }
        open_el(w, tag, c, cls);
        inlines(w, c);
        close_el(w, tag);
    }
}

static void text_el(htmlw *w, const char *tag, const rod_node *n, const char *cls)
{
    open_el(w, tag, n, cls);
    inlines(w, n);
    close_el(w, tag);
    rod_buf_addc(w->out, '\n');
}

const rod_node *html_find_binary(const rod_doc *doc, const char *ref)
{
    if (!ref || ref[0] != '#')
        return NULL;
    return rod_doc_find_id_of(doc, ref + 1, ROD_BINARY);
}

static void image(htmlw *w, const rod_node *n)
{
    const rod_node *bin = html_find_binary(w->doc, n->ref);
    open_el(w, "figure", n, NULL);
    if (bin) {
        rod_buf_adds(w->out, "<img src=\"");
        if (w->image) {
            w->image(w->ctx, bin, w->out);
        } else {
            rod_buf_adds(w->out, "data:");
            escs(w->out, bin->type ? bin->type : "application/octet-stream");
            rod_buf_adds(w->out, ";base64,");
            rod_base64_encode(bin->text, bin->len, 0, w->out);
        }
        rod_buf_adds(w->out, "\" alt=\"");
        escs(w->out, n->alt ? n->alt : "");
        rod_buf_adds(w->out, w->xhtml ? "\"/>" : "\">");
    } else {
        rod_buf_adds(w->out, "<figcaption>[image");
        if (n->alt && *n->alt) {
            rod_buf_adds(w->out, ": ");
            escs(w->out, n->alt);
        }
        rod_buf_adds(w->out, "]</figcaption>");
    }
    rod_buf_adds(w->out, "</figure>\n");
}

static void blocks(htmlw *w, const rod_node *container, int depth);

static void block(htmlw *w, const rod_node *n, int depth)
{
    switch (n->kind) {
    case ROD_SECTION:
        if (w->xhtml && !n->id && n->first && n->first->kind == ROD_TITLE) {
            rod_buf_printf(w->out, "<section id=\"rod-sec-%lu\"", ++w->serial);
            lang_dir_attrs(w, n);
            rod_buf_addc(w->out, '>');
        } else {
            open_el(w, "section", n, NULL);
        }
        rod_buf_addc(w->out, '\n');
        blocks(w, n, depth + 1);
        rod_buf_adds(w->out, "</section>\n");
        break;
    case ROD_TITLE: {
        if (n->parent->kind == ROD_POEM) {
            text_el(w, "p", n, "poem-title");
            break;
        }
        /* a top-level section's title (depth 2: the body is 1) is h2,
         * under the book's h1, and a level is never skipped */
        char tag[3] = {'h', (char)('0' + (depth < 6 ? depth : 6)), 0};
        text_el(w, tag, n, NULL);
        break;
    }
    case ROD_P:
        text_el(w, "p", n, NULL);
        break;
    case ROD_CITE:
        text_el(w, "p", n, "cite");
        break;
    case ROD_BREAK:
        rod_buf_adds(w->out, w->xhtml ? "<hr class=\"break\"/>\n" : "<hr class=\"break\">\n");
        break;
    case ROD_QUOTE:
    case ROD_EPIGRAPH:
        open_el(w, "blockquote", n, n->kind == ROD_EPIGRAPH ? "epigraph" : NULL);
        rod_buf_addc(w->out, '\n');
        blocks(w, n, depth);
        rod_buf_adds(w->out, "</blockquote>\n");
        break;
    case ROD_POEM:
        if (w->xhtml) {
            rod_buf_adds(w->out, "<div epub:type=\"z3998:poem\"");
            common_attrs(w, n);
            rod_buf_adds(w->out, " class=\"poem\">");
        } else {
            open_el(w, "div", n, "poem");
        }
        rod_buf_addc(w->out, '\n');
        blocks(w, n, depth);
        rod_buf_adds(w->out, "</div>\n");
        break;
    case ROD_STANZA:
        open_el(w, "div", n, "stanza");
        rod_buf_addc(w->out, '\n');
        blocks(w, n, depth);
        rod_buf_adds(w->out, "</div>\n");
        break;
    case ROD_LINE:
        text_el(w, "p", n, "line");
        break;
    case ROD_PRE: {
        open_el(w, "pre", n, NULL);
        const rod_node *t = n->first;
        if (t && t->kind == ROD_TEXT && t->len && t->text[0] == '\n')
            rod_buf_addc(w->out, '\n');   /* HTML drops one leading LF too */
        for (; t; t = t->next)
            if (t->kind == ROD_TEXT)
                rod_buf_add_xml(w->out, t->text, t->len, false);
        rod_buf_adds(w->out, "</pre>\n");
        break;
    }
    case ROD_LIST: {
        const char *tag = n->type && strcmp(n->type, "number") == 0 ? "ol" : "ul";
        open_el(w, tag, n, NULL);
        rod_buf_addc(w->out, '\n');
        for (const rod_node *item = n->first; item; item = item->next) {
            open_el(w, "li", item, NULL);
            if (rod_node_has_inline_content(item))
                inlines(w, item);
            else
                blocks(w, item, depth);
            rod_buf_adds(w->out, "</li>\n");
        }
        close_el(w, tag);
        rod_buf_addc(w->out, '\n');
        break;
    }
    case ROD_IMAGE:
        image(w, n);
        break;
    default:
        break;
    }
}

static void blocks(htmlw *w, const rod_node *container, int depth)
{
    for (const rod_node *c = container->first; c; c = c->next)
        block(w, c, depth);
}

void html_out_block(html_out *w, const rod_node *node, int depth)
{
    block(w, node, depth);
}

void html_out_blocks(html_out *w, const rod_node *container, int depth)
{
    blocks(w, container, depth);
}

void html_out_inlines(html_out *w, const rod_node *node)
{
    inlines(w, node);
}

static void head_meta(htmlw *w, const char *name, const rod_node *n)
{
    rod_buf text = ROD_BUF_INIT;
    rod_node_plain_text(n, &text);
    rod_buf_printf(w->out, "<meta name=\"%s\" content=\"", name);
    rod_buf_add_xml(w->out, text.data ? text.data : "", text.len, true);
    rod_buf_adds(w->out, "\">\n");
    rod_buf_free(&text);
}

static void endnotes(htmlw *w)
{
    rod_buf_adds(w->out, "<section class=\"endnotes\" role=\"doc-endnotes\">\n<h2>Notes</h2>\n");
    size_t k = 0;
    rod_buf label = ROD_BUF_INIT;
    for (const rod_node *note = w->doc->notes->first; note; note = note->next) {
        if (note->kind != ROD_NOTE)
            continue;
        rod_buf_clear(&label);
        note_label(&w->notes, note, ++k, &label);
        open_el(w, "aside", note, NULL);
        rod_buf_adds(w->out, "<p class=\"first\"><b>");
        rod_buf_add_xml(w->out, label.data, label.len, false);
        rod_buf_adds(w->out, "</b></p>\n");
        blocks(w, note, 2);
        const note_ref *r = note_index_first(&w->notes, note->id);
        if (r)
            rod_buf_printf(w->out, "<p><a role=\"doc-backlink\" href=\"#noteref-%zu\">\xe2\x86\xa9</a></p>\n",
                           r->number);
        rod_buf_adds(w->out, "</aside>\n");
    }
    rod_buf_free(&label);
    rod_buf_adds(w->out, "</section>\n");
}

void rod_write_html(const rod_doc *doc, rod_buf *out)
{
    htmlw w = {.doc = doc, .out = out};
    note_index_build(doc, &w.notes);
    const char *lang = rod_node_lang(doc->root);
    rod_buf_adds(out, "<!DOCTYPE html>\n<html lang=\"");
    escs(out, lang);
    rod_buf_addc(out, '"');
    html_dir_attr(out, doc->root);
    rod_buf_adds(out, ">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<title>");
    rod_buf_add_xml(out, doc->blocks[0].text, doc->blocks[0].len, false);
    rod_buf_adds(out, "</title>\n");
    for (const rod_node *c = doc->head->first; c; c = c->next) {
        if (c->kind == ROD_CREATOR && (!c->type || strcmp(c->type, "author") == 0))
            head_meta(&w, "author", c);
        else if (c->kind == ROD_SUBJECT)
            head_meta(&w, "keywords", c);
    }
    rod_buf_adds(out, "<meta name=\"generator\" content=\"rod\">\n<style>\n");
    rod_buf_adds(out, stylesheet);
    rod_buf_adds(out, "</style>\n</head>\n<body");
    lang_dir_attrs(&w, doc->body);
    rod_buf_adds(out, ">\n<header>\n");
    text_el(&w, "h1", doc->title, "book-title");
    for (const rod_node *c = doc->head->first; c; c = c->next)
        if (c->kind == ROD_SUBTITLE)
            text_el(&w, "p", c, "subtitle");
    rod_buf by = ROD_BUF_INIT;
    if (creators_joined(doc, "author", &by)) {
        rod_buf_adds(out, "<p class=\"author\">");
        rod_buf_add_xml(out, by.data, by.len, false);
        rod_buf_adds(out, "</p>\n");
    }
    rod_buf_free(&by);
    rod_buf_adds(out, "</header>\n<main>\n");
    blocks(&w, doc->body, 1);
    rod_buf_adds(out, "</main>\n");
    if (doc->notes && doc->notes->first)
        endnotes(&w);
    rod_buf_adds(out, "</body>\n</html>\n");
    note_index_free(&w.notes);
}
