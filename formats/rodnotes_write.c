/* rodnotes_write.c — the .rodnotes exchange file (spec §3), written in one
 * canonical form: two-space indentation, attributes in a fixed order,
 * annotations in the order of the set. Writing what was read gives the
 * same bytes, so a file passed between readers only changes where the
 * annotations did.
 *
 * The sync file (rod_sync_file.h) is written here too, each book's
 * annotations exactly as a .rodnotes holds them.
 *
 * Whatever the strings hold (a row of an old library may keep a control
 * character), only characters XML carries are written: the rest go
 * through rod_utf8_repair, so rod's own reader always reads the file back.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rod_annot.h"
#include "rod_sync_file.h"
#include "rod_utf8.h"

/* Escaped XML text or attribute value, with nothing XML cannot hold. */
static void xml_text(rod_buf *out, const char *s, size_t n, bool attr)
{
    if (rod_utf8_xml_clean(s, n)) {
        rod_buf_add_xml(out, s, n, attr);
        return;
    }
    rod_buf fixed = ROD_BUF_INIT;
    rod_utf8_repair(s, n, &fixed);
    if (fixed.failed)
        out->failed = true;
    else if (fixed.len)
        rod_buf_add_xml(out, fixed.data, fixed.len, attr);
    rod_buf_free(&fixed);
}

static void attr(rod_buf *out, const char *name, const char *value)
{
    if (!value)
        return;
    rod_buf_printf(out, " %s=\"", name);
    xml_text(out, value, strlen(value), true);
    rod_buf_addc(out, '"');
}

static void pos_el(rod_buf *out, const char *name, rod_pos pos)
{
    rod_buf_printf(out, "      <%s block=\"%zu\" offset=\"%zu\"/>\n", name, pos.block, pos.offset);
}

static void text_el(rod_buf *out, const char *indent, const char *name, const char *text)
{
    rod_buf_printf(out, "%s<%s>", indent, name);
    xml_text(out, text, strlen(text), false);
    rod_buf_printf(out, "</%s>\n", name);
}

static void annotation(rod_buf *out, const rod_annot *a)
{
    rod_buf_adds(out, "  <annotation");
    attr(out, "id", a->id);
    attr(out, "type", rod_annot_type_name(a->type));
    attr(out, "reader", a->reader);
    attr(out, "color", a->color);
    attr(out, "created", a->created);
    attr(out, "modified", a->modified);
    attr(out, "reply-to", a->reply_to && a->reply_to[0] ? a->reply_to : NULL);
    rod_buf_adds(out, ">\n    <target>\n");
    pos_el(out, "start", a->start);
    if (a->has_end)
        pos_el(out, "end", a->end);
    if (a->quote && (a->quote[0] || a->type != ROD_ANNOT_BOOKMARK)) {
        rod_buf_adds(out, "      <quote");
        attr(out, "prefix", a->prefix ? a->prefix : "");
        attr(out, "suffix", a->suffix ? a->suffix : "");
        rod_buf_addc(out, '>');
        xml_text(out, a->quote, strlen(a->quote), false);
        rod_buf_adds(out, "</quote>\n");
    }
    rod_buf_adds(out, "    </target>\n");
    if (a->body && a->body[0]) {
        rod_buf_adds(out, "    <body>");
        const char *p = a->body;
        for (;;) {
            const char *nl = strchr(p, '\n');
            size_t n = nl ? (size_t)(nl - p) : strlen(p);
            rod_buf_adds(out, "<p>");
            xml_text(out, p, n, false);
            rod_buf_adds(out, "</p>");
            if (!nl)
                break;
            p = nl + 1;
        }
        rod_buf_adds(out, "</body>\n");
    }
    for (size_t i = 0; i < a->ntags; i++)
        text_el(out, "    ", "tag", a->tags[i]);
    rod_buf_adds(out, "  </annotation>\n");
}

/* <book ...> with its identifier; open leaves the element open. */
static void book_el(rod_buf *out, const rod_notes *set, bool open)
{
    rod_buf_adds(out, "  <book");
    attr(out, "fingerprint", set->fingerprint ? set->fingerprint : "");
    attr(out, "title", set->title);
    if (set->identifier) {
        rod_buf_adds(out, ">\n    <identifier");
        attr(out, "scheme", set->id_scheme);
        rod_buf_addc(out, '>');
        xml_text(out, set->identifier, strlen(set->identifier), false);
        rod_buf_adds(out, "</identifier>\n");
        if (!open)
            rod_buf_adds(out, "  </book>\n");
    } else {
        rod_buf_adds(out, open ? ">\n" : "/>\n");
    }
}

static bool has_reply(const rod_notes *set)
{
    for (size_t i = 0; i < set->n; i++)
        if (set->items[i].reply_to && set->items[i].reply_to[0])
            return true;
    return false;
}

void rod_notes_write(const rod_notes *set, rod_buf *out)
{
    rod_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    /* the lowest version that holds what the set has (rod_annot.h) */
    rod_buf_printf(out, "<annotations xmlns=\"" ROD_NOTES_NS "\" version=\"%d\">\n",
                   has_reply(set) ? 2 : 1);
    book_el(out, set, false);
    for (size_t i = 0; i < set->n; i++)
        annotation(out, &set->items[i]);
    rod_buf_adds(out, "</annotations>\n");
}

void rod_sync_write(const rod_sync_file *f, rod_buf *out)
{
    rod_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    /* version 1 unless a reply needs 2, so an older rod keeps reading the
     * files of a device that holds no replies (rod_sync_file.h) */
    bool replies = false;
    for (size_t i = 0; i < f->n && !replies; i++)
        replies = has_reply(&f->books[i].notes);
    rod_buf_printf(out, "<sync xmlns=\"" ROD_SYNC_NS "\" version=\"%d\"",
                   replies ? ROD_SYNC_VERSION : 1);
    attr(out, "device", f->device ? f->device : "");
    attr(out, "name", f->name);
    attr(out, "reader", f->reader);
    rod_buf_adds(out, ">\n");
    for (size_t i = 0; i < f->n; i++) {
        const rod_sync_book *b = &f->books[i];
        book_el(out, &b->notes, true);
        if (b->place.has)
            rod_buf_printf(out, "  <place block=\"%zu\" offset=\"%zu\" progress=\"%.4f\" "
                           "time=\"%s\"/>\n", b->place.pos.block, b->place.pos.offset,
                           b->place.progress, b->place.time);
        for (size_t j = 0; j < b->notes.n; j++)
            annotation(out, &b->notes.items[j]);
        for (size_t j = 0; j < b->ntombs; j++) {
            rod_buf_adds(out, "  <deleted");
            attr(out, "id", b->tombs[j].id);
            attr(out, "time", b->tombs[j].time);
            rod_buf_adds(out, "/>\n");
        }
        rod_buf_adds(out, "  </book>\n");
    }
    rod_buf_adds(out, "</sync>\n");
}

void rod_sync_book_free(rod_sync_book *b)
{
    rod_notes_free(&b->notes);
    for (size_t i = 0; i < b->ntombs; i++)
        free(b->tombs[i].id);
    free(b->tombs);
    memset(b, 0, sizeof *b);
}

void rod_sync_free(rod_sync_file *f)
{
    for (size_t i = 0; i < f->n; i++)
        rod_sync_book_free(&f->books[i]);
    free(f->books);
    free(f->device);
    free(f->name);
    free(f->reader);
    memset(f, 0, sizeof *f);
}

bool rod_sync_book_push(rod_sync_file *f, rod_sync_book *b)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 8;
        rod_sync_book *books = realloc(f->books, cap * sizeof *books);
        if (!books)
            return false;
        f->books = books;
        f->cap = cap;
    }
    f->books[f->n++] = *b;
    memset(b, 0, sizeof *b);
    return true;
}

bool rod_sync_tomb_add(rod_sync_book *b, const char *id, const char *time)
{
    if (b->ntombs == b->tcap) {
        size_t cap = b->tcap ? b->tcap * 2 : 8;
        rod_sync_tomb *t = realloc(b->tombs, cap * sizeof *t);
        if (!t)
            return false;
        b->tombs = t;
        b->tcap = cap;
    }
    char *copy = strdup(id);
    if (!copy)
        return false;
    b->tombs[b->ntombs].id = copy;
    snprintf(b->tombs[b->ntombs].time, sizeof b->tombs[b->ntombs].time, "%s", time);
    b->ntombs++;
    return true;
}
