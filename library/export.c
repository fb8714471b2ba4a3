/* export.c — annotations as Markdown and HTML for a discussion, and as
 * W3C Web Annotation JSON.
 *
 * The two documents for people read like a reader's notebook: the book
 * and who annotated it, then chapter by chapter each quote with the
 * reader's name, the page under the current settings, the colour and
 * tags, and the note. Pages are a courtesy for the discussion; positions
 * stay what the annotations are anchored by (JSON carries both a quote and
 * a character position selector). Chapters are the titles of the sections
 * that hold each quote, outermost first.
 *
 * Every string that did not come from this file (a quote, a note, a tag,
 * a reader's name, a time, a title: all of them could come from another
 * reader's file) goes out through text_out or json_str, which escape it
 * for the format: HTML text with & < > " ' as references, Markdown with
 * every character that could start markup (raw HTML, emphasis, links,
 * code, a list or heading at the start of a line) behind a backslash, JSON
 * as a string literal. Bytes that are not UTF-8 become U+FFFD in all
 * three, so an export always parses. Nothing else is written unescaped
 * but rod's own markup and numbers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rod_export.h"
#include "rod_utf8.h"

typedef struct exporter {
    const rod_text *text;
    const rod_doc *doc;
    rod_buf *out;
    rod_export_format format;
} exporter;

/* "Book One › Chapter I" for the block, or "" outside any section. */
static void chapter_of(const rod_doc *doc, size_t block, rod_buf *out)
{
    const rod_node *titles[16];
    size_t n = 0;
    for (const rod_node *p = doc->blocks[block].node; p; p = p->parent) {
        if (p->kind != ROD_SECTION)
            continue;
        const rod_node *t = rod_node_child(p, ROD_TITLE);
        if (t && t->block >= 0 && doc->blocks[t->block].len && n < 16)
            titles[n++] = t;
    }
    for (size_t i = n; i-- > 0;) {
        if (i + 1 < n)
            rod_buf_adds(out, " \xE2\x80\xBA ");
        /* a title's plain text may hold line breaks ("Part One" / "The
         * Long Ledger"): one line here, joined by a colon */
        const rod_block *b = &doc->blocks[titles[i]->block];
        for (size_t k = 0; k < b->len; k++) {
            if (b->text[k] != '\n')
                rod_buf_addc(out, b->text[k]);
            else
                rod_buf_adds(out, k && strchr(".:;!?", b->text[k - 1]) ? " " : ": ");
        }
    }
}

/* s[0..n) as HTML text, safe in an attribute too. */
static void html_text(rod_buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = rod_utf8_decode(s + i, n - i, &cp);
        switch (cp) {
        case '&': rod_buf_adds(out, "&amp;"); break;
        case '<': rod_buf_adds(out, "&lt;"); break;
        case '>': rod_buf_adds(out, "&gt;"); break;
        case '"': rod_buf_adds(out, "&quot;"); break;
        case '\'': rod_buf_adds(out, "&#39;"); break;
        default:
            if (cp == ROD_REPLACEMENT && len == 1)
                rod_buf_add_cp(out, ROD_REPLACEMENT);
            else
                rod_buf_add(out, s + i, len);
        }
        i += len;
    }
}

/* s[0..n) as Markdown text that renders as itself (CommonMark): every
 * ASCII punctuation mark that can open markup is escaped, line breaks
 * become spaces, and at the start of a line (line_start) blanks are
 * dropped and a list or heading marker is escaped too. */
static void md_text(rod_buf *out, const char *s, size_t n, bool line_start)
{
    size_t i = 0;
    if (line_start) {
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        size_t d = i;
        while (d < n && s[d] >= '0' && s[d] <= '9')
            d++;
        if (i < n && (s[i] == '-' || s[i] == '+' || s[i] == '=')) {
            rod_buf_addc(out, '\\');
        } else if (d > i && d < n && (s[d] == '.' || s[d] == ')')) {
            rod_buf_add(out, s + i, d - i);
            rod_buf_addc(out, '\\');
            i = d;
        }
    }
    for (; i < n;) {
        uint32_t cp;
        size_t len = rod_utf8_decode(s + i, n - i, &cp);
        if (cp == ROD_REPLACEMENT && len == 1) {
            rod_buf_add_cp(out, ROD_REPLACEMENT);
        } else if (cp == '\n' || cp == '\r') {
            rod_buf_addc(out, ' ');
        } else if (cp < 0x80 && strchr("\\`*_[]<>#&|~!{}()", (int)cp) && cp) {
            rod_buf_addc(out, '\\');
            rod_buf_addc(out, (char)cp);
        } else {
            rod_buf_add(out, s + i, len);
        }
        i += len;
    }
}

/* A field in the export's format (Markdown inline: not at a line start). */
static void text_out(const exporter *e, const char *s, size_t n)
{
    if (e->format == ROD_EXPORT_HTML)
        html_text(e->out, s, n);
    else
        md_text(e->out, s, n, false);
}

static void readers_line(const exporter *e, const rod_export_item *items, size_t n)
{
    const char *seen[64];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *r = items[i].annot->reader ? items[i].annot->reader : "an unnamed reader";
        bool dup = false;
        for (size_t j = 0; j < k && !dup; j++)
            dup = strcmp(seen[j], r) == 0;
        if (!dup && k < 64)
            seen[k++] = r;
    }
    for (size_t j = 0; j < k; j++) {
        if (j)
            rod_buf_adds(e->out, j + 1 == k ? " and " : ", ");
        text_out(e, seen[j], strlen(seen[j]));
    }
}

/* U+FFFC, an image's place in the text */
static bool is_object(const char *p)
{
    return memcmp(p, "\xEF\xBF\xBC", 3) == 0;
}

/* The quote as a blockquote (HTML) or "> " lines (Markdown): its
 * paragraph breaks kept, an image's place shown as [image], the words
 * between escaped. */
static void quote_out(const exporter *e, const char *q)
{
    bool html = e->format == ROD_EXPORT_HTML;
    rod_buf_adds(e->out, html ? "<blockquote>" : "> ");
    bool line_start = true;
    const char *run = q;
    for (const char *p = q;; p++) {
        bool obj = *p && is_object(p);
        if (*p && *p != '\n' && !obj)
            continue;
        if (html)
            html_text(e->out, run, (size_t)(p - run));
        else
            md_text(e->out, run, (size_t)(p - run), line_start && p > run);
        if (p > run)
            line_start = false;
        if (!*p)
            break;
        if (obj) {
            rod_buf_adds(e->out, html ? "[image]" : "\\[image\\]");
            line_start = false;
            p += 2;
        } else {
            rod_buf_adds(e->out, html ? "<br>" : "\n>\n> ");
            line_start = true;
        }
        run = p + 1;
    }
    rod_buf_adds(e->out, html ? "</blockquote>\n" : "\n\n");
}

/* The line under a quote: who, page, kind, colour, day, tags. A reply's
 * says "replied" in place of the page, kind and colour: it stands under
 * the note it answers, and its own copy of the passage is not shown. */
static void meta_line(const exporter *e, const rod_export_item *it, bool reply)
{
    const rod_annot *a = it->annot;
    bool html = e->format == ROD_EXPORT_HTML;
    const char *reader = a->reader ? a->reader : "an unnamed reader";
    rod_buf_adds(e->out, html ? "<p class=\"meta\"><b>" : "**");
    text_out(e, reader, strlen(reader));
    rod_buf_adds(e->out, html ? "</b>" : "**");
    if (reply)
        rod_buf_adds(e->out, " replied");
    if (it->page && !reply)
        rod_buf_printf(e->out, " \xC2\xB7 page %u", it->page);
    if (!reply)
        rod_buf_printf(e->out, " \xC2\xB7 %s", rod_annot_type_name(a->type));
    if (!reply && a->type != ROD_ANNOT_BOOKMARK && a->color) {
        rod_buf_adds(e->out, " (");
        text_out(e, a->color, strlen(a->color));
        rod_buf_addc(e->out, ')');
    }
    if (a->created) {
        /* the day of the time (its first ten characters) */
        size_t day = 0, chars = 0;
        while (a->created[day] && chars < 10)
            chars += ((a->created[++day] & 0xC0) != 0x80);
        rod_buf_adds(e->out, " \xC2\xB7 ");
        text_out(e, a->created, day);
    }
    for (size_t i = 0; i < a->ntags; i++) {
        rod_buf_adds(e->out, i ? " " : " \xC2\xB7 ");
        rod_buf_adds(e->out, html ? "<span class=\"tag\">#" : "#");
        text_out(e, a->tags[i], strlen(a->tags[i]));
        if (html)
            rod_buf_adds(e->out, "</span>");
    }
    if (!reply && it->where.status == ROD_ANCHOR_FUZZY)
        rod_buf_printf(e->out, " \xC2\xB7 the text here has changed a little (%.0f%% alike)",
                       it->where.similarity * 100);
    rod_buf_adds(e->out, html ? "</p>\n" : "\n\n");
}

/* The note's paragraphs; in Markdown each line starts `indent` spaces in
 * (a reply's paragraphs stand inside its list item). */
static void body_out(const exporter *e, const char *body, size_t indent)
{
    if (!body || !body[0])
        return;
    const char *p = body;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (e->format == ROD_EXPORT_HTML) {
            rod_buf_adds(e->out, "<p class=\"note\">");
            html_text(e->out, p, n);
            rod_buf_adds(e->out, "</p>\n");
        } else if (n) {
            rod_buf_fill(e->out, ' ', indent);
            md_text(e->out, p, n, true);
            rod_buf_adds(e->out, "\n\n");
        }
        if (!nl)
            break;
        p = nl + 1;
    }
}

static void item_out(const exporter *e, const rod_export_item *it)
{
    const rod_annot *a = it->annot;
    const char *q = a->quote ? a->quote : "";
    if (e->format == ROD_EXPORT_HTML) {
        rod_buf_printf(e->out, "<div class=\"annotation %s\">\n",
                       a->color && rod_annot_color_valid(a->color) ? a->color : "amber");
        quote_out(e, q);
        meta_line(e, it, false);
        body_out(e, a->body, 0);
        rod_buf_adds(e->out, "</div>\n");
    } else {
        quote_out(e, q[0] ? q : "(no text)");
        meta_line(e, it, false);
        body_out(e, a->body, 0);
    }
}

/* Deeper replies are indented no further than this: a chain of a
 * thousand answers stays readable and its Markdown a list. */
enum { REPLY_INDENT_MAX = 6 };

/* A reply under the note it answers, `depth` 1 for a direct answer: in
 * HTML a box indented by its depth, in Markdown an item of a list nested
 * by its depth. */
static void reply_out(const exporter *e, const rod_export_item *it, unsigned depth)
{
    unsigned d = depth < REPLY_INDENT_MAX ? depth : REPLY_INDENT_MAX;
    if (e->format == ROD_EXPORT_HTML) {
        rod_buf_printf(e->out, "<div class=\"reply\" style=\"margin-left: %.1fem\">\n", 1.5 * d);
        meta_line(e, it, true);
        body_out(e, it->annot->body, 0);
        rod_buf_adds(e->out, "</div>\n");
    } else {
        size_t indent = 2 * (size_t)(d - 1);
        rod_buf_fill(e->out, ' ', indent);
        rod_buf_adds(e->out, "- ");
        meta_line(e, it, true);
        body_out(e, it->annot->body, indent + 2);
    }
}

/* A note and, under it, its replies in the order of the discussion. */
static void thread_out(const exporter *e, const rod_export_item *items, const rod_threads *t, size_t root,
                       size_t *scratch, unsigned *depth)
{
    size_t *order = scratch + 2 * t->n;
    size_t m = rod_threads_walk(t, root, scratch, order, depth);
    item_out(e, &items[root]);
    for (size_t k = 1; k < m; k++)
        reply_out(e, &items[order[k]], depth[k]);
}

static void heading(const exporter *e, int level, const char *s, size_t n)
{
    if (e->format == ROD_EXPORT_HTML) {
        rod_buf_printf(e->out, "<h%d>", level);
        html_text(e->out, s, n);
        rod_buf_printf(e->out, "</h%d>\n", level);
    } else {
        rod_buf_fill(e->out, '#', (size_t)level);
        rod_buf_addc(e->out, ' ');
        md_text(e->out, s, n, false);
        rod_buf_adds(e->out, "\n\n");
    }
}

static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>Notes</title>\n<style>\n"
    "body { max-width: 40em; margin: 2em auto; padding: 0 1em; font: 1.05em/1.5 Georgia, serif;"
    " color: #222; background: #fdfcf8; }\n"
    "h1 { font-weight: normal; } h2 { font-size: 1.1em; margin-top: 2em; color: #555; }\n"
    "blockquote { margin: 0; padding: .2em 1em; font-style: italic; border-left: .3em solid; }\n"
    ".amber blockquote { border-color: #e0a030; } .green blockquote { border-color: #5a9a4a; }\n"
    ".blue blockquote { border-color: #4a78c0; } .rose blockquote { border-color: #d06080; }\n"
    ".violet blockquote { border-color: #8a60c0; }\n"
    ".underline blockquote { border: 0; text-decoration: underline; }\n"
    ".annotation { margin: 1.5em 0; } .meta { font-size: .85em; color: #666; margin: .4em 0; }\n"
    ".note { margin: .4em 0 .4em 1em; } .tag { color: #4a78c0; }\n"
    ".reply { border-left: .15em solid #ccc; padding-left: .8em; margin-top: .6em; }\n"
    "</style>\n</head>\n<body>\n";

static void json_str(rod_buf *out, const char *s)
{
    rod_buf_addc(out, '"');
    s = s ? s : "";
    for (size_t i = 0, n = strlen(s); i < n;) {
        uint32_t cp;
        size_t len = rod_utf8_decode(s + i, n - i, &cp);
        switch (cp) {
        case '"': rod_buf_adds(out, "\\\""); break;
        case '\\': rod_buf_adds(out, "\\\\"); break;
        case '\n': rod_buf_adds(out, "\\n"); break;
        case '\t': rod_buf_adds(out, "\\t"); break;
        case '\r': rod_buf_adds(out, "\\r"); break;
        default:
            /* controls, and < > & so the text is safe inside a <script>
             * too; U+2028/9 end a line in JavaScript */
            if (cp < 0x20 || cp == 0x7F || cp == '<' || cp == '>' || cp == '&' ||
                cp == 0x2028 || cp == 0x2029)
                rod_buf_printf(out, "\\u%04x", (unsigned)cp);
            else if (cp == ROD_REPLACEMENT && len == 1)
                rod_buf_add_cp(out, ROD_REPLACEMENT);
            else
                rod_buf_add(out, s + i, len);
        }
        i += len;
    }
    rod_buf_addc(out, '"');
}

static const char *motivation(const rod_annot *a)
{
    if (a->reply_to && a->reply_to[0])
        return "replying";
    switch (a->type) {
    case ROD_ANNOT_NOTE: return "commenting";
    case ROD_ANNOT_BOOKMARK: return "bookmarking";
    default: return "highlighting";
    }
}

static void json_item(const exporter *e, const rod_export_item *it, const char *fp)
{
    const rod_annot *a = it->annot;
    rod_buf *o = e->out;
    rod_buf_adds(o, "    {\n      \"id\": ");
    rod_buf buf = ROD_BUF_INIT;
    rod_buf_printf(&buf, "urn:uuid:%s", a->id ? a->id : "");
    json_str(o, buf.data);
    rod_buf_free(&buf);
    rod_buf_printf(o, ",\n      \"type\": \"Annotation\",\n      \"motivation\": \"%s\"", motivation(a));
    rod_buf_adds(o, ",\n      \"creator\": {\"type\": \"Person\", \"name\": ");
    json_str(o, a->reader);
    rod_buf_adds(o, "},\n      \"created\": ");
    json_str(o, a->created);
    rod_buf_adds(o, ",\n      \"modified\": ");
    json_str(o, a->modified);
    rod_buf_adds(o, ",\n      \"body\": [");
    size_t nb = 0;
    if (a->body && a->body[0]) {
        rod_buf_adds(o, "\n        {\"type\": \"TextualBody\", \"purpose\": \"commenting\", "
                        "\"format\": \"text/plain\", \"value\": ");
        json_str(o, a->body);
        rod_buf_addc(o, '}');
        nb++;
    }
    for (size_t i = 0; i < a->ntags; i++, nb++) {
        rod_buf_adds(o, nb ? ",\n        " : "\n        ");
        rod_buf_adds(o, "{\"type\": \"TextualBody\", \"purpose\": \"tagging\", \"value\": ");
        json_str(o, a->tags[i]);
        rod_buf_addc(o, '}');
    }
    if (a->type != ROD_ANNOT_BOOKMARK && a->color) {
        rod_buf_adds(o, nb ? ",\n        " : "\n        ");
        rod_buf_adds(o, "{\"type\": \"TextualBody\", \"purpose\": \"highlighting\", \"value\": ");
        json_str(o, a->color);
        rod_buf_addc(o, '}');
        nb++;
    }
    rod_buf_adds(o, nb ? "\n      ],\n" : "],\n");
    if (a->reply_to && a->reply_to[0]) {
        /* a reply's target is the note it answers (W3C Web Annotation
         * Model §3.3.5, motivation "replying") */
        rod_buf_adds(o, "      \"target\": ");
        rod_buf_printf(&buf, "urn:uuid:%s", a->reply_to);
        json_str(o, buf.data);
        rod_buf_free(&buf);
        rod_buf_adds(o, "\n    }");
        return;
    }
    rod_buf_adds(o, "      \"target\": {\n        \"source\": ");
    rod_buf_printf(o, "\"urn:rod:%s\"", fp);
    rod_buf_adds(o, ",\n        \"selector\": [\n          {\"type\": \"TextQuoteSelector\", \"exact\": ");
    json_str(o, a->quote);
    rod_buf_adds(o, ", \"prefix\": ");
    json_str(o, a->prefix);
    rod_buf_adds(o, ", \"suffix\": ");
    json_str(o, a->suffix);
    rod_buf_addc(o, '}');
    if (it->where.status != ROD_ANCHOR_ORPHANED) {
        /* characters of the fingerprint text: blocks joined by U+000A */
        size_t start = rod_text_char_index(e->text, it->where.start);
        size_t end = rod_text_char_index(e->text, it->where.end);
        rod_buf_printf(o, ",\n          {\"type\": \"TextPositionSelector\", \"start\": %zu, "
                          "\"end\": %zu}", start, end);
    }
    rod_buf_adds(o, "\n        ]\n      }\n    }");
}

static void export_json(const exporter *e, const rod_export_item *items, size_t n)
{
    char fp[72];
    rod_doc_fingerprint(e->doc, fp);
    rod_buf *o = e->out;
    rod_buf_adds(o, "{\n  \"@context\": \"http://www.w3.org/ns/anno.jsonld\",\n"
                    "  \"type\": \"AnnotationCollection\",\n  \"label\": ");
    json_str(o, e->doc->blocks[0].text);
    rod_buf_printf(o, ",\n  \"total\": %zu,\n  \"first\": {\n  \"type\": \"AnnotationPage\",\n"
                      "  \"items\": [\n", n);
    for (size_t i = 0; i < n; i++) {
        json_item(e, &items[i], fp);
        rod_buf_adds(o, i + 1 < n ? ",\n" : "\n");
    }
    rod_buf_adds(o, "  ]\n  }\n}\n");
}

void rod_export(const rod_text *text, const rod_export_item *items, size_t n,
                rod_export_format format, const char *date, rod_buf *out)
{
    exporter e = {text, text->doc, out, format};
    if (format == ROD_EXPORT_JSON) {
        export_json(&e, items, n);
        return;
    }
    bool html = format == ROD_EXPORT_HTML;
    const rod_doc *doc = text->doc;
    const char *title = doc->blocks[0].text;
    if (html) {
        rod_buf_adds(out, html_head);
        rod_buf_adds(out, "<h1>Notes on <i>");
        html_text(out, title, strlen(title));
        rod_buf_adds(out, "</i></h1>\n<p class=\"meta\">");
    } else {
        rod_buf_adds(out, "# Notes on *");
        md_text(out, title, strlen(title), false);
        rod_buf_adds(out, "*\n\n");
    }
    rod_buf authors = ROD_BUF_INIT;
    for (const rod_node *c = doc->head->first; c; c = c->next) {
        if (c->kind == ROD_CREATOR && (!c->type || strcmp(c->type, "author") == 0)) {
            if (authors.len)
                rod_buf_adds(&authors, ", ");
            rod_node_plain_text(c, &authors);
        }
    }
    if (authors.len) {
        rod_buf_adds(out, "by ");
        text_out(&e, authors.data, authors.len);
        rod_buf_adds(out, " \xC2\xB7 ");
    }
    rod_buf_free(&authors);
    rod_buf_printf(out, "%zu annotation%s", n, n == 1 ? "" : "s");
    if (n) {
        rod_buf_adds(out, " by ");
        readers_line(&e, items, n);
    }
    rod_buf_adds(out, " \xC2\xB7 exported ");
    text_out(&e, date, strlen(date));
    rod_buf_adds(out, html ? "</p>\n" : "\n\n");

    /* replies stand under the notes they answer: a reply whose note is
     * here is written there, not at its own place (threads: scratch for
     * the walk: 2n stack + n order, and n depths) */
    rod_threads t = {0};
    const rod_annot **ptrs = calloc(n + 1, sizeof *ptrs);
    size_t *scratch = calloc(3 * n + 1, sizeof *scratch);
    unsigned *depth = calloc(n + 1, sizeof *depth);
    for (size_t i = 0; ptrs && i < n; i++)
        ptrs[i] = items[i].annot;
    if (!ptrs || !scratch || !depth || rod_threads_build(ptrs, n, &t) != ROD_OK) {
        out->failed = true;
        free(ptrs);
        free(scratch);
        free(depth);
        return;
    }
    rod_buf chapter = ROD_BUF_INIT, last = ROD_BUF_INIT;
    size_t orphans = 0;
    for (size_t i = 0; i < n; i++) {
        if (t.parent[i] != ROD_THREAD_NONE)
            continue;
        if (items[i].where.status == ROD_ANCHOR_ORPHANED) {
            orphans++;
            continue;
        }
        rod_buf_clear(&chapter);
        chapter_of(doc, items[i].where.start.block, &chapter);
        rod_buf_addc(&chapter, '\0');
        if (!last.data || strcmp(chapter.data, last.data) != 0) {
            if (chapter.data[0])
                heading(&e, 2, chapter.data, strlen(chapter.data));
            rod_buf_clear(&last);
            rod_buf_adds(&last, chapter.data);
        }
        thread_out(&e, items, &t, i, scratch, depth);
    }
    if (orphans) {
        static const char h[] = "Orphaned: no longer found in this text";
        heading(&e, 2, h, sizeof h - 1);
        for (size_t i = 0; i < n; i++)
            if (t.parent[i] == ROD_THREAD_NONE && items[i].where.status == ROD_ANCHOR_ORPHANED)
                thread_out(&e, items, &t, i, scratch, depth);
    }
    rod_buf_free(&chapter);
    rod_buf_free(&last);
    rod_threads_free(&t);
    free(ptrs);
    free(scratch);
    free(depth);
    if (html)
        rod_buf_adds(out, "</body>\n</html>\n");
}
