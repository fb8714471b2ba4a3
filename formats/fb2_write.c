/* fb2_write.c — a book as FictionBook 2.1.
 *
 * FictionBook has no lists, no preformatted text, no line breaks inside a
 * paragraph and no small capitals. Rather than lose them, they are
 * written with FictionBook's one open-ended device, <style name="...">:
 * "pre", "li"/"li-number", "br" and "sc"; other readers show plain
 * paragraphs, and rod's reader (fb2_read.c) turns them back into the
 * model's own elements, so rod → fb2 → rod keeps every text block and its
 * kind. A list item that holds blocks becomes a <cite> (indented, as an
 * item is, in any reader) whose first paragraph is all "li" style — empty
 * when the item does not open with a paragraph. A scene break is the
 * customary <subtitle>* * *</subtitle>: an <empty-line/> is spacing to
 * FictionBook readers, rod's included, wherever it does not stand between
 * two paragraphs.
 *
 * A FictionBook body holds sections only, so blocks beside the sections of
 * the body are wrapped in a section with neither title nor id, which
 * fb2_read.c reads back as blocks of the body; an untitled section of the
 * book's own at that level, which would read back the same way, is given
 * an id (rod-sec-N) so that it stays a section. Notes go to a second body
 * named "notes". FictionBook gives no inline element an id, so the id of
 * an inline element (an <a id> heading anchor, a span) is written on its
 * block, unless that has one of its own, and every link to it goes to that
 * block's id: the link still lands on the words it named.
 * FictionBook has no base direction: dir is lost, except
 * the book's right-to-left one, which its language gives back
 * (rod_fb2_lost_dirs counts what is lost, for rod_write_file to say).
 */
#include <stdio.h>
#include <string.h>

#include "rod_base64.h"
#include "rod_format.h"
#include "rod_link.h"
#include "rod_strmap.h"
#include "write_internal.h"

typedef struct fb2w {
    const rod_doc *doc;
    rod_buf *out;
    int indent;
    unsigned long serial;   /* ids given to untitled sections */
    rod_strmap block_ids;   /* "%p" of a block without an id → the first
                               id of an inline element in it */
} fb2w;

static void esc(rod_buf *o, const char *s, size_t n)
{
    rod_buf_add_xml(o, s, n, false);
}

static void attr(rod_buf *o, const char *name, const char *value)
{
    if (!value)
        return;
    rod_buf_printf(o, " %s=\"", name);
    rod_buf_add_xml(o, value, strlen(value), true);
    rod_buf_addc(o, '"');
}

/* The block an inline node stands in. */
static const rod_node *block_of(const rod_node *n)
{
    while (n && rod_kind_is_inline(n->kind))
        n = n->parent;
    return n;
}

static void block_key(const rod_node *n, char key[32])
{
    snprintf(key, 32, "%p", (const void *)n);
}

/* One walk: each block without an id that holds an inline id takes the
 * first of them (see the opening comment). */
static void collect_block_ids(fb2w *w)
{
    const rod_node *top = w->doc->root;
    for (const rod_node *n = top; n; n = rod_node_next_in(n, top)) {
        if (!n->id || !rod_kind_is_inline(n->kind))
            continue;
        const rod_node *b = block_of(n);
        char key[32];
        block_key(b, key);
        if (b && !b->id && !rod_strmap_get(&w->block_ids, key))
            rod_strmap_put(&w->block_ids, key, (void *)n->id);
    }
}

/* The id a block is written with. */
static const char *fb2_id(const fb2w *w, const rod_node *n)
{
    if (n->id)
        return n->id;
    char key[32];
    block_key(n, key);
    return rod_strmap_get(&w->block_ids, key);
}

/* Writes a link's l:href: an inline target's becomes its block's id. */
static void link_href(fb2w *w, const char *ref)
{
    const rod_node *t = ref && ref[0] == '#' ? rod_doc_find_id(w->doc, ref + 1) : NULL;
    const char *id = t && rod_kind_is_inline(t->kind) ? fb2_id(w, block_of(t)) : NULL;
    if (!id) {
        attr(w->out, "l:href", ref);
        return;
    }
    rod_buf_adds(w->out, " l:href=\"#");
    rod_buf_add_xml(w->out, id, strlen(id), true);
    rod_buf_addc(w->out, '"');
}

static void pad(fb2w *w)
{
    write_indent(w->out, (size_t)w->indent);
}

static void inlines(fb2w *w, const rod_node *n)
{
    rod_buf *o = w->out;
    for (const rod_node *c = n->first; c; c = c->next) {
        const char *tag = NULL;
        switch (c->kind) {
        case ROD_TEXT:
            esc(o, c->text, c->len);
            continue;
        case ROD_BR:
            rod_buf_adds(o, "<style name=\"br\"/>");
            continue;
        case ROD_NOTEREF:
        case ROD_A:
            if (c->kind == ROD_A ? !rod_link_ok(c->ref) : !rod_link_inside(c->ref)) {
                /* never an address rod would not open (rod_link.h) */
                inlines(w, c);
                continue;
            }
            rod_buf_adds(o, "<a");
            link_href(w, c->ref);
            if (c->kind == ROD_NOTEREF)
                rod_buf_adds(o, " type=\"note\"");
            rod_buf_addc(o, '>');
            inlines(w, c);
            rod_buf_adds(o, "</a>");
            continue;
        case ROD_EM: tag = "emphasis"; break;
        case ROD_STRONG: tag = "strong"; break;
        case ROD_DEL: tag = "strikethrough"; break;
        case ROD_SUP: tag = "sup"; break;
        case ROD_SUB: tag = "sub"; break;
        case ROD_CODE: tag = "code"; break;
        case ROD_SC:
            rod_buf_adds(o, "<style name=\"sc\">");
            inlines(w, c);
            rod_buf_adds(o, "</style>");
            continue;
        default:
            if (c->lang) {
                rod_buf_adds(o, "<style name=\"lang\"");
                attr(o, "xml:lang", c->lang);
                rod_buf_addc(o, '>');
                inlines(w, c);
                rod_buf_adds(o, "</style>");
            } else {
                inlines(w, c);
            }
            continue;
        }
        rod_buf_printf(o, "<%s>", tag);
        inlines(w, c);
        rod_buf_printf(o, "</%s>", tag);
    }
}

static void text_el(fb2w *w, const char *tag, const rod_node *n)
{
    pad(w);
    rod_buf_printf(w->out, "<%s", tag);
    attr(w->out, "id", fb2_id(w, n));
    attr(w->out, "xml:lang", n->lang);
    rod_buf_addc(w->out, '>');
    inlines(w, n);
    rod_buf_printf(w->out, "</%s>\n", tag);
}

/* A title: one <p> per line of the model's title. */
static void title(fb2w *w, const rod_node *t)
{
    pad(w);
    rod_buf_adds(w->out, "<title");
    attr(w->out, "id", fb2_id(w, t));
    rod_buf_adds(w->out, "><p>");
    for (const rod_node *c = t->first; c; c = c->next) {
        if (c->kind == ROD_BR) {
            rod_buf_adds(w->out, "</p><p>");
            continue;
        }
        rod_node one = *c;
        one.next = NULL;
        rod_node shell = {.kind = ROD_TITLE, .first = &one};
        one.parent = &shell;
        inlines(w, &shell);
    }
    rod_buf_adds(w->out, "</p></title>\n");
}

static void blocks(fb2w *w, const rod_node *container);

static void open_el(fb2w *w, const char *tag, const rod_node *n)
{
    pad(w);
    rod_buf_printf(w->out, "<%s", tag);
    attr(w->out, "id", n->id);
    attr(w->out, "xml:lang", n->lang);
    rod_buf_adds(w->out, ">\n");
    w->indent++;
}

static void close_el(fb2w *w, const char *tag)
{
    w->indent--;
    pad(w);
    rod_buf_printf(w->out, "</%s>\n", tag);
}

static void block(fb2w *w, const rod_node *n)
{
    rod_buf *o = w->out;
    switch (n->kind) {
    case ROD_SECTION:
        open_el(w, "section", n);
        blocks(w, n);
        close_el(w, "section");
        break;
    case ROD_TITLE:
        title(w, n);
        break;
    case ROD_P:
        text_el(w, "p", n);
        break;
    case ROD_CITE:
        text_el(w, "text-author", n);
        break;
    case ROD_BREAK:
        pad(w);
        rod_buf_adds(o, "<subtitle>* * *</subtitle>\n");
        break;
    case ROD_QUOTE:
    case ROD_EPIGRAPH: {
        const char *tag = n->kind == ROD_QUOTE ? "cite" : "epigraph";
        open_el(w, tag, n);
        blocks(w, n);
        close_el(w, tag);
        break;
    }
    case ROD_POEM:
        open_el(w, "poem", n);
        blocks(w, n);
        close_el(w, "poem");
        break;
    case ROD_STANZA:
        open_el(w, "stanza", n);
        blocks(w, n);
        close_el(w, "stanza");
        break;
    case ROD_LINE:
        text_el(w, "v", n);
        break;
    case ROD_PRE:
        pad(w);
        rod_buf_adds(o, "<p");
        attr(o, "id", n->id);
        rod_buf_adds(o, "><style name=\"pre\">");
        for (const rod_node *t = n->first; t; t = t->next)
            if (t->kind == ROD_TEXT)
                rod_buf_add_xml(o, t->text, t->len, true);   /* keeps LF as &#10; */
        rod_buf_adds(o, "</style></p>\n");
        break;
    case ROD_LIST: {
        bool number = n->type && !strcmp(n->type, "number");
        const char *style = number ? "li-number" : "li";
        for (const rod_node *item = n->first; item; item = item->next) {
            if (rod_node_has_inline_content(item)) {
                pad(w);
                rod_buf_adds(o, "<p");
                attr(o, "id", fb2_id(w, item));
                rod_buf_printf(o, "><style name=\"%s\">", style);
                inlines(w, item);
                rod_buf_adds(o, "</style></p>\n");
                continue;
            }
            /* an item of blocks: a cite opened by its marked paragraph */
            open_el(w, "cite", item);
            const rod_node *first = item->first;
            pad(w);
            if (first && first->kind == ROD_P) {
                rod_buf_adds(o, "<p");
                attr(o, "id", fb2_id(w, first));
                attr(o, "xml:lang", first->lang);
                rod_buf_printf(o, "><style name=\"%s\">", style);
                inlines(w, first);
                rod_buf_adds(o, "</style></p>\n");
                first = first->next;
            } else {
                rod_buf_printf(o, "<p><style name=\"%s\"/></p>\n", style);
            }
            for (; first; first = first->next)
                block(w, first);
            close_el(w, "cite");
        }
        break;
    }
    case ROD_IMAGE:
        pad(w);
        rod_buf_adds(o, "<image");
        attr(o, "l:href", n->ref);
        attr(o, "alt", n->alt);
        attr(o, "id", n->id);
        rod_buf_adds(o, "/>\n");
        break;
    default:
        break;
    }
}

static void blocks(fb2w *w, const rod_node *container)
{
    for (const rod_node *c = container->first; c; c = c->next)
        block(w, c);
}

/* Would fb2_read.c take this top-level section for the wrapper of loose
 * blocks? Untitled, no id, no section inside. */
static bool reads_as_loose(const rod_node *s)
{
    if (s->id || (s->first && s->first->kind == ROD_TITLE))
        return false;
    for (const rod_node *c = s->first; c; c = c->next)
        if (c->kind == ROD_SECTION)
            return false;
    return true;
}

static void top_section(fb2w *w, const rod_node *s)
{
    if (!reads_as_loose(s)) {
        block(w, s);
        return;
    }
    char id[32];
    do
        snprintf(id, sizeof id, "rod-sec-%lu", ++w->serial);
    while (rod_doc_find_id(w->doc, id));
    pad(w);
    rod_buf_printf(w->out, "<section id=\"%s\"", id);
    attr(w->out, "xml:lang", s->lang);
    rod_buf_adds(w->out, ">\n");
    w->indent++;
    blocks(w, s);
    close_el(w, "section");
}

size_t rod_fb2_lost_dirs(const rod_doc *doc)
{
    size_t n = 0;
    for (const rod_node *c = doc->root; c; c = rod_node_next_in(c, doc->root))
        if (c->dir != ROD_DIR_NONE &&
            !(c == doc->root && c->dir == ROD_DIR_RTL && rod_lang_dir(rod_node_lang(c)) == ROD_DIR_RTL))
            n++;
    return n;
}

static void person(fb2w *w, const char *tag, const rod_node *creator)
{
    rod_buf name = ROD_BUF_INIT;
    rod_node_plain_text(creator, &name);
    const char *s = name.data ? name.data : "";
    const char *space = strrchr(s, ' ');
    pad(w);
    rod_buf_printf(w->out, "<%s>", tag);
    if (space) {
        rod_buf_adds(w->out, "<first-name>");
        esc(w->out, s, (size_t)(space - s));
        rod_buf_adds(w->out, "</first-name><last-name>");
        esc(w->out, space + 1, strlen(space + 1));
        rod_buf_adds(w->out, "</last-name>");
    } else {
        rod_buf_adds(w->out, "<nickname>");
        esc(w->out, s, strlen(s));
        rod_buf_adds(w->out, "</nickname>");
    }
    rod_buf_printf(w->out, "</%s>\n", tag);
    rod_buf_free(&name);
}

static void head_text(fb2w *w, const char *tag, const rod_node *n)
{
    rod_buf t = ROD_BUF_INIT;
    rod_node_plain_text(n, &t);
    pad(w);
    rod_buf_printf(w->out, "<%s>", tag);
    esc(w->out, t.data ? t.data : "", t.len);
    rod_buf_printf(w->out, "</%s>\n", tag);
    rod_buf_free(&t);
}

static void description(fb2w *w)
{
    const rod_doc *doc = w->doc;
    rod_buf *o = w->out;
    pad(w);
    rod_buf_adds(o, "<description>\n");
    w->indent++;
    pad(w);
    rod_buf_adds(o, "<title-info>\n");
    w->indent++;
    bool genre = false, author = false;
    for (const rod_node *c = doc->head->first; c; c = c->next)
        if (c->kind == ROD_SUBJECT) {
            head_text(w, "genre", c);
            genre = true;
        }
    if (!genre) {
        pad(w);
        rod_buf_adds(o, "<genre>prose</genre>\n");
    }
    for (const rod_node *c = doc->head->first; c; c = c->next)
        if (c->kind == ROD_CREATOR && (!c->type || !strcmp(c->type, "author"))) {
            person(w, "author", c);
            author = true;
        }
    if (!author) {
        /* title-info must name one; an empty name is read as none */
        pad(w);
        rod_buf_adds(o, "<author><nickname/></author>\n");
    }
    head_text(w, "book-title", doc->title);
    const rod_node *d = rod_node_child(doc->head, ROD_DESCRIPTION);
    if (d) {
        open_el(w, "annotation", d);
        blocks(w, d);
        close_el(w, "annotation");
    }
    const rod_node *date = rod_node_child(doc->head, ROD_DATE);
    if (date) {
        pad(w);
        rod_buf_adds(o, "<date");
        attr(o, "value", date->type);
        rod_buf_addc(o, '>');
        rod_node_plain_text(date, o);
        rod_buf_adds(o, "</date>\n");
    }
    const rod_node *cover = rod_node_child(doc->head, ROD_COVER);
    if (cover && cover->ref) {
        pad(w);
        rod_buf_adds(o, "<coverpage><image");
        attr(o, "l:href", cover->ref);
        rod_buf_adds(o, "/></coverpage>\n");
    }
    pad(w);
    rod_buf_adds(o, "<lang>");
    const char *lang = rod_node_lang(doc->root);
    esc(o, lang, strlen(lang));
    rod_buf_adds(o, "</lang>\n");
    for (const rod_node *c = doc->head->first; c; c = c->next)
        if (c->kind == ROD_CREATOR && c->type && !strcmp(c->type, "translator"))
            person(w, "translator", c);
    const rod_node *series = rod_node_child(doc->head, ROD_SERIES);
    if (series) {
        rod_buf name = ROD_BUF_INIT;
        rod_node_plain_text(series, &name);
        pad(w);
        rod_buf_adds(o, "<sequence");
        attr(o, "name", name.data ? name.data : "");
        attr(o, "number", series->type);
        rod_buf_adds(o, "/>\n");
        rod_buf_free(&name);
    }
    w->indent--;
    pad(w);
    rod_buf_adds(o, "</title-info>\n");
    pad(w);
    rod_buf_adds(o, "<document-info>\n");
    w->indent++;
    pad(w);
    rod_buf_adds(o, "<author><nickname>rod</nickname></author>\n");
    pad(w);
    rod_buf_adds(o, "<program-used>rod</program-used>\n");
    char fp[72];
    rod_doc_fingerprint(doc, fp);
    pad(w);
    rod_buf_printf(o, "<id>%s</id>\n", fp);
    pad(w);
    rod_buf_adds(o, "<version>1.0</version>\n");
    w->indent--;
    pad(w);
    rod_buf_adds(o, "</document-info>\n");
    const rod_node *pub = rod_node_child(doc->head, ROD_PUBLISHER);
    const rod_node *isbn = NULL;
    for (const rod_node *c = doc->head->first; c; c = c->next)
        if (c->kind == ROD_IDENTIFIER && c->type && !strcmp(c->type, "isbn"))
            isbn = c;
    if (pub || isbn) {
        pad(w);
        rod_buf_adds(o, "<publish-info>\n");
        w->indent++;
        if (pub)
            head_text(w, "publisher", pub);
        if (isbn)
            head_text(w, "isbn", isbn);
        w->indent--;
        pad(w);
        rod_buf_adds(o, "</publish-info>\n");
    }
    w->indent--;
    pad(w);
    rod_buf_adds(o, "</description>\n");
}

void rod_write_fb2(const rod_doc *doc, rod_buf *out)
{
    fb2w w = {doc, out, 0, 0, ROD_STRMAP_INIT};
    collect_block_ids(&w);
    rod_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<FictionBook xmlns=\"http://www.gribuser.ru/xml/fictionbook/2.0\" "
                      "xmlns:l=\"http://www.w3.org/1999/xlink\">\n");
    w.indent = 1;
    description(&w);
    pad(&w);
    rod_buf_adds(out, "<body>\n");
    w.indent++;
    const rod_node *c = doc->body->first;
    while (c) {
        if (c->kind == ROD_SECTION) {
            top_section(&w, c);
            c = c->next;
            continue;
        }
        /* a body holds sections only: loose blocks get an untitled one,
         * which fb2_read.c reads back as blocks */
        pad(&w);
        rod_buf_adds(out, "<section>\n");
        w.indent++;
        for (; c && c->kind != ROD_SECTION; c = c->next)
            block(&w, c);
        w.indent--;
        pad(&w);
        rod_buf_adds(out, "</section>\n");
    }
    w.indent--;
    pad(&w);
    rod_buf_adds(out, "</body>\n");
    if (doc->notes && doc->notes->first) {
        pad(&w);
        rod_buf_adds(out, "<body name=\"notes\">\n");
        w.indent++;
        for (const rod_node *note = doc->notes->first; note; note = note->next) {
            if (note->kind != ROD_NOTE)
                continue;
            /* no title: by FictionBook's custom a note's title is its label,
             * which the reference already shows */
            open_el(&w, "section", note);
            blocks(&w, note);
            close_el(&w, "section");
        }
        w.indent--;
        pad(&w);
        rod_buf_adds(out, "</body>\n");
    }
    for (const rod_node *b = doc->root->first; b; b = b->next) {
        if (b->kind != ROD_BINARY)
            continue;
        rod_buf_adds(out, "  <binary");
        attr(out, "id", b->id);
        attr(out, "content-type", b->type ? b->type : "image/jpeg");
        rod_buf_addc(out, '>');
        rod_base64_encode(b->text, b->len, 76, out);
        rod_buf_adds(out, "</binary>\n");
    }
    rod_buf_adds(out, "</FictionBook>\n");
    rod_strmap_free(&w.block_ids);
}
