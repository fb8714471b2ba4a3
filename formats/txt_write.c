/* txt_write.c — a book as plain text.
 *
 * Paragraphs are separated by blank lines and either kept on one line (the
 * default, best for other programs) or wrapped at --width columns; quotes
 * and verse are indented, list items hang after their marker ("1. ",
 * "- "); note references appear as [1] and the notes follow the text
 * under NOTES. Widths count code points, not display
 * cells: rod does not know the terminal's font, and for the Latin, Greek
 * and Cyrillic books it converts the two agree.
 */
#include <string.h>

#include "rod_format.h"
#include "rod_utf8.h"
#include "write_internal.h"

typedef struct txtw {
    rod_buf *out;
    unsigned width;
    note_index notes;
    rod_buf para;
} txtw;

static void inline_text(txtw *w, const rod_node *n, rod_buf *b)
{
    for (const rod_node *c = n->first; c; c = c->next) {
        switch (c->kind) {
        case ROD_TEXT:
            rod_buf_add(b, c->text, c->len);
            break;
        case ROD_BR:
            rod_buf_addc(b, '\n');
            break;
        case ROD_NOTEREF:
            rod_buf_addc(b, '[');
            inline_text(w, c, b);
            rod_buf_addc(b, ']');
            break;
        default:
            inline_text(w, c, b);
            break;
        }
    }
}

static void blank_line(txtw *w)
{
    if (w->out->len >= 2 && !(w->out->data[w->out->len - 1] == '\n' &&
                              w->out->data[w->out->len - 2] == '\n'))
        rod_buf_addc(w->out, '\n');
}

/* One line of text (no LF), wrapped greedily at spaces when a width is
 * set; a word longer than the line stands alone on its line. *prefix is
 * written before the first output line, then becomes `rest`. */
static void emit_line(txtw *w, const char *text, size_t end, const char **prefix, const char *rest)
{
    size_t pos = 0;
    do {
        size_t plen = rod_utf8_count(*prefix, strlen(*prefix));
        size_t avail = w->width > plen ? w->width - plen : 1;
        size_t cut = end;
        if (w->width) {
            size_t last_space = 0, cols = 0, k = pos;
            while (k < end && cols <= avail) {
                if (text[k] == ' ')
                    last_space = k;
                uint32_t cp;
                k += rod_utf8_decode(text + k, end - k, &cp);
                cols++;
            }
            if (k < end || cols > avail) {
                if (last_space > pos) {
                    cut = last_space;
                } else {
                    cut = k;
                    while (cut < end && text[cut] != ' ')
                        cut++;
                }
            }
        }
        rod_buf_adds(w->out, *prefix);
        rod_buf_add(w->out, text + pos, cut - pos);
        rod_buf_addc(w->out, '\n');
        *prefix = rest;
        pos = cut;
        while (pos < end && text[pos] == ' ')
            pos++;
    } while (pos < end);
}

/* Writes text (lines split at LF) with `first` before the first line and
 * `rest` before the others, wrapped at the width if one is set. */
static void emit(txtw *w, const char *text, size_t len, const char *first, const char *rest)
{
    const char *prefix = first;
    size_t i = 0;
    for (;;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        emit_line(w, text + i, end - i, &prefix, rest);
        if (!nl)
            break;
        i = end + 1;
    }
}

static void inline_block(txtw *w, const rod_node *n, const char *first, const char *rest)
{
    rod_buf_clear(&w->para);
    inline_text(w, n, &w->para);
    emit(w, w->para.data ? w->para.data : "", w->para.len, first, rest);
}

static void blocks(txtw *w, const rod_node *container, const char *indent, int depth);

static void block(txtw *w, const rod_node *n, const char *indent, int depth)
{
    char deeper[64];
    snprintf(deeper, sizeof deeper, "%s    ", indent);
    switch (n->kind) {
    case ROD_SECTION:
        blank_line(w);
        if (depth > 0)
            rod_buf_addc(w->out, '\n');
        blocks(w, n, indent, depth + 1);
        break;
    case ROD_TITLE:
        blank_line(w);
        inline_block(w, n, indent, indent);
        rod_buf_addc(w->out, '\n');
        break;
    case ROD_P:
    case ROD_CITE:
        blank_line(w);
        inline_block(w, n, indent, indent);
        break;
    case ROD_BREAK: {
        blank_line(w);
        unsigned centre = (w->width ? w->width : 72) / 2;
        rod_buf_fill(w->out, ' ', centre > 3 ? centre - 3 : 0);
        rod_buf_adds(w->out, "*  *  *\n");
        break;
    }
    case ROD_QUOTE:
    case ROD_EPIGRAPH:
        blocks(w, n, deeper, depth);
        break;
    case ROD_POEM:
        blank_line(w);
        for (const rod_node *c = n->first; c; c = c->next) {
            if (c->kind == ROD_STANZA) {
                blank_line(w);
                for (const rod_node *l = c->first; l; l = l->next)
                    if (l->kind == ROD_LINE)
                        inline_block(w, l, deeper, deeper);
            } else {
                block(w, c, deeper, depth);
            }
        }
        break;
    case ROD_PRE: {
        blank_line(w);
        const rod_node *t = n->first;
        rod_buf_clear(&w->para);
        for (; t; t = t->next)
            if (t->kind == ROD_TEXT)
                rod_buf_add(&w->para, t->text, t->len);
        unsigned saved = w->width;
        w->width = 0;
        emit(w, w->para.data ? w->para.data : "", w->para.len, deeper, deeper);
        w->width = saved;
        break;
    }
    case ROD_LIST: {
        blank_line(w);
        size_t k = 0;
        bool numbered = n->type && strcmp(n->type, "number") == 0;
        for (const rod_node *item = n->first; item; item = item->next) {
            char marker[80], hang[80];
            if (numbered)
                snprintf(marker, sizeof marker, "%s%zu. ", indent, ++k);
            else
                snprintf(marker, sizeof marker, "%s- ", indent);
            snprintf(hang, sizeof hang, "%s%*s", indent, (int)(strlen(marker) - strlen(indent)), "");
            if (rod_node_has_inline_content(item)) {
                inline_block(w, item, marker, hang);
            } else {
                bool first = true;
                for (const rod_node *c = item->first; c; c = c->next) {
                    if (first && c->kind == ROD_P) {
                        inline_block(w, c, marker, hang);
                        first = false;
                    } else {
                        block(w, c, hang, depth);
                    }
                }
            }
        }
        break;
    }
    case ROD_IMAGE:
        blank_line(w);
        rod_buf_clear(&w->para);
        rod_buf_printf(&w->para, "[image%s%s]", n->alt && *n->alt ? ": " : "", n->alt ? n->alt : "");
        emit(w, w->para.data, w->para.len, indent, indent);
        break;
    default:
        break;
    }
}

static void blocks(txtw *w, const rod_node *container, const char *indent, int depth)
{
    for (const rod_node *c = container->first; c; c = c->next)
        block(w, c, indent, depth);
}

void rod_write_txt(const rod_doc *doc, const rod_write_opts *opts, rod_buf *out)
{
    txtw w = {out, opts ? opts->width : 0, {0}, ROD_BUF_INIT};
    note_index_build(doc, &w.notes);
    if (!opts || !opts->body_only) {
        inline_block(&w, doc->title, "", "");
        for (const rod_node *c = doc->head->first; c; c = c->next)
            if (c->kind == ROD_SUBTITLE)
                inline_block(&w, c, "", "");
        rod_buf by = ROD_BUF_INIT;
        if (creators_joined(doc, "author", &by)) {
            rod_buf_adds(out, "by ");
            rod_buf_add(out, by.data, by.len);
            rod_buf_addc(out, '\n');
        }
        rod_buf_free(&by);
        rod_buf_addc(out, '\n');
    }
    blocks(&w, doc->body, "", 0);
    if (doc->notes && doc->notes->first) {
        blank_line(&w);
        rod_buf_adds(out, "\nNOTES\n");
        size_t k = 0;
        rod_buf label = ROD_BUF_INIT;
        for (const rod_node *note = doc->notes->first; note; note = note->next) {
            if (note->kind != ROD_NOTE)
                continue;
            rod_buf_clear(&label);
            rod_buf_addc(&label, '[');
            note_label(&w.notes, note, ++k, &label);
            rod_buf_adds(&label, "] ");
            bool first = true;
            for (const rod_node *c = note->first; c; c = c->next) {
                if (first && rod_node_has_inline_content(c)) {
                    blank_line(&w);
                    inline_block(&w, c, label.data, "");
                    first = false;
                } else {
                    block(&w, c, "", 1);
                }
            }
        }
        rod_buf_free(&label);
    }
    note_index_free(&w.notes);
    rod_buf_free(&w.para);
}
