/* rod_write.c — the canonical .rod writer.
 *
 * Canonical means one spelling per book: two-space indentation for block
 * containers (up to WRITE_MAX_INDENT levels, then flat), each text block on one line with its inline markup, attributes
 * in a fixed order (id, the element's own, xml:lang, dir), base64 binaries wrapped
 * at 76 columns. Because the tree is already folded (finish.c), reading the
 * output and writing it again gives the same bytes, which the tests check.
 * Pretty-printing inside text blocks was turned down: the added line breaks
 * would be white space that a reader has to fold back. The writer
 * recurses once per level, which a finished book bounds (ROD_MAX_DEPTH).
 */
#include <string.h>

#include "rod_base64.h"
#include "rod_format.h"
#include "rod_link.h"
#include "rod_utf8.h"
#include "write_internal.h"

static void attr(rod_buf *out, const char *name, const char *value)
{
    if (!value)
        return;
    rod_buf_addc(out, ' ');
    rod_buf_adds(out, name);
    rod_buf_adds(out, "=\"");
    rod_buf_add_xml(out, value, strlen(value), true);
    rod_buf_addc(out, '"');
}

static const char *type_attr_name(rod_kind kind)
{
    switch (kind) {
    case ROD_CREATOR: return "role";
    case ROD_IDENTIFIER: return "scheme";
    case ROD_LIST: case ROD_BINARY: return "type";
    case ROD_DATE: return "when";
    case ROD_SERIES: return "index";
    default: return NULL;
    }
}

static const char *ref_attr_name(rod_kind kind)
{
    switch (kind) {
    case ROD_A: return "href";
    case ROD_NOTEREF: return "to";
    case ROD_IMAGE: case ROD_COVER: return "src";
    default: return NULL;
    }
}

/* A link rod would not keep (rod_link.h), as a document built in code may
 * hold one, is written as a span with its text. */
static bool link_dropped(const rod_node *n)
{
    return (n->kind == ROD_A && !rod_link_ok(n->ref)) ||
           (n->kind == ROD_NOTEREF && !rod_link_inside(n->ref));
}

static const char *tag_name(const rod_node *n, bool dropped)
{
    return dropped ? "span" : rod_kind_name(n->kind);
}

static void open_tag(rod_buf *out, const rod_node *n, bool dropped)
{
    rod_buf_addc(out, '<');
    rod_buf_adds(out, tag_name(n, dropped));
    attr(out, "id", n->id);
    const char *ref = dropped ? NULL : ref_attr_name(n->kind);
    if (ref)
        attr(out, ref, n->ref);
    if (n->kind == ROD_IMAGE)
        attr(out, "alt", n->alt);
    const char *type = type_attr_name(n->kind);
    if (type)
        attr(out, type, n->type);
    attr(out, "xml:lang", n->lang);
    attr(out, "dir", rod_dir_name((rod_dir)n->dir));
}

static void close_tag(rod_buf *out, const rod_node *n, bool dropped)
{
    rod_buf_adds(out, "</");
    rod_buf_adds(out, tag_name(n, dropped));
    rod_buf_addc(out, '>');
}

static void write_inline(rod_buf *out, const rod_node *n)
{
    for (const rod_node *c = n->first; c; c = c->next) {
        if (c->kind == ROD_TEXT) {
            rod_buf_add_xml(out, c->text, c->len, false);
            continue;
        }
        bool dropped = link_dropped(c);
        open_tag(out, c, dropped);
        if (!c->first) {
            rod_buf_adds(out, "/>");
            continue;
        }
        rod_buf_addc(out, '>');
        write_inline(out, c);
        close_tag(out, c, dropped);
    }
}

static void write_node(rod_buf *out, const rod_node *n, size_t depth)
{
    write_indent(out, depth);
    open_tag(out, n, false);
    if (n->kind == ROD_BINARY) {
        rod_buf_adds(out, ">\n");
        rod_base64_encode(n->text, n->len, 76, out);
        rod_buf_addc(out, '\n');
        write_indent(out, depth);
        close_tag(out, n, false);
    } else if (!n->first) {
        rod_buf_adds(out, "/>");
    } else if (n->kind == ROD_PRE) {
        rod_buf_addc(out, '>');
        /* a reader drops one line feed after <pre>; protect a real one */
        if (n->first->kind == ROD_TEXT && n->first->len && n->first->text[0] == '\n')
            rod_buf_addc(out, '\n');
        for (const rod_node *c = n->first; c; c = c->next)
            if (c->kind == ROD_TEXT)
                rod_buf_add_xml(out, c->text, c->len, false);
        close_tag(out, n, false);
    } else if (rod_node_has_inline_content(n)) {
        rod_buf_addc(out, '>');
        write_inline(out, n);
        close_tag(out, n, false);
    } else {
        rod_buf_adds(out, ">\n");
        for (const rod_node *c = n->first; c; c = c->next)
            if (c->kind != ROD_TEXT)
                write_node(out, c, depth + 1);
        write_indent(out, depth);
        close_tag(out, n, false);
    }
    rod_buf_addc(out, '\n');
}

void rod_write_rod(const rod_doc *doc, rod_buf *out)
{
    rod_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<rod xmlns=\"urn:isolinear:rod:1\" version=\"1\"");
    attr(out, "xml:lang", doc->root->lang);
    attr(out, "dir", rod_dir_name((rod_dir)doc->root->dir));
    rod_buf_adds(out, ">\n");
    write_node(out, doc->head, 1);
    write_node(out, doc->body, 1);
    if (doc->notes && doc->notes->first)
        write_node(out, doc->notes, 1);
    for (const rod_node *c = doc->root->first; c; c = c->next)
        if (c->kind == ROD_BINARY)
            write_node(out, c, 1);
    rod_buf_adds(out, "</rod>\n");
}
