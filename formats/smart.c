/* smart.c — typographer's punctuation: curly quotes by language, em dashes
 * and ellipses, for texts typed on a typewriter keyboard.
 *
 * Works block by block on the finished tree, carrying the previous
 * character across inline elements so `"<em>Yes</em>"` still gets an
 * opening and a closing quote. Text inside pre and code is left alone:
 * there a straight quote is syntax. Whether a quote opens or closes is
 * decided by what precedes it (start, space, bracket or dash: opening),
 * the rule every word processor uses; the alternative of pairing quotes
 * across a paragraph fails on the many texts whose dialogue paragraphs
 * omit the closing quote.
 */
#include <string.h>

#include "rod_format.h"
#include "rod_utf8.h"

typedef struct quotes {
    uint32_t dopen, dclose, sopen, sclose;
    bool french_space;      /* no-break space inside guillemets */
} quotes;

static quotes quotes_for(const char *lang)
{
    if (strncmp(lang, "de", 2) == 0)
        return (quotes){0x201E, 0x201C, 0x201A, 0x2018, false};
    if (strncmp(lang, "fr", 2) == 0)
        return (quotes){0x00AB, 0x00BB, 0x2039, 0x203A, true};
    if (strncmp(lang, "ru", 2) == 0)
        return (quotes){0x00AB, 0x00BB, 0x201E, 0x201C, false};
    return (quotes){0x201C, 0x201D, 0x2018, 0x2019, false};
}

static bool is_letter_or_digit(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c >= 0xC0 && c != 0xD7 && c != 0xF7 && c < 0x2000);
}

static bool opens_after(uint32_t prev)
{
    return prev == 0 || prev == ' ' || prev == '(' || prev == '[' || prev == '{' ||
           prev == 0x2014 || prev == 0x2013 || prev == 0xA0 || prev == '\n' ||
           prev == 0x201C || prev == 0x2018 || prev == 0xAB || prev == 0x201E;
}

typedef struct smartener {
    rod_doc *doc;
    rod_buf out;
    uint32_t prev;
    bool skip_space;
} smartener;

static uint32_t last_cp(const rod_buf *b)
{
    if (!b->len)
        return 0;
    size_t i = b->len - 1;
    while (i > 0 && ((unsigned char)b->data[i] & 0xC0) == 0x80)
        i--;
    uint32_t cp;
    rod_utf8_decode(b->data + i, b->len - i, &cp);
    return cp;
}

static void emit(smartener *sm, uint32_t cp)
{
    rod_buf_add_cp(&sm->out, cp);
    sm->prev = cp;
}

static void smart_text(smartener *sm, rod_node *t, const quotes *q)
{
    rod_buf_clear(&sm->out);
    const char *s = t->text;
    size_t n = t->len;
    for (size_t i = 0; i < n;) {
        uint32_t c;
        size_t len = rod_utf8_decode(s + i, n - i, &c);
        uint32_t next = 0;
        if (i + len < n)
            rod_utf8_decode(s + i + len, n - i - len, &next);
        if (sm->skip_space) {
            sm->skip_space = false;
            if (c == ' ') {
                i += len;
                continue;
            }
        }
        if (c == '.' && i + 2 < n && s[i + 1] == '.' && s[i + 2] == '.') {
            emit(sm, 0x2026);
            i += 3;
            continue;
        }
        if (c == '-' && next == '-') {
            emit(sm, 0x2014);
            i += 2;
            while (i < n && s[i] == '-')
                i++;
            continue;
        }
        if (c == '"') {
            /* a quote before the end, punctuation or (outside French,
             * where an opening guillemet is spaced) a space closes */
            bool before_gap = next == 0 || (next == ' ' && !q->french_space) ||
                              (next < 128 && strchr(".,;:!?)]", (int)next));
            if (opens_after(sm->prev) && !(before_gap && sm->prev != 0)) {
                emit(sm, q->dopen);
                if (q->french_space) {
                    emit(sm, 0xA0);
                    sm->skip_space = true;
                }
            } else {
                if (q->french_space) {
                    if (last_cp(&sm->out) == ' ')
                        sm->out.len--;
                    emit(sm, 0xA0);
                }
                emit(sm, q->dclose);
            }
            i += len;
            continue;
        }
        if (c == '\'') {
            if (is_letter_or_digit(sm->prev) && is_letter_or_digit(next))
                emit(sm, 0x2019);                /* an apostrophe */
            else if (opens_after(sm->prev))
                emit(sm, q->sopen);
            else
                emit(sm, q->sclose);
            i += len;
            continue;
        }
        rod_buf_add(&sm->out, s + i, len);
        sm->prev = c;
        i += len;
    }
    if (sm->out.len == n && memcmp(sm->out.data ? sm->out.data : "", s, n) == 0)
        return;
    char *copy = rod_arena_strndup(sm->doc->arena, sm->out.data, sm->out.len);
    if (copy) {
        t->text = copy;
        t->len = sm->out.len;
    }
}

static bool inside_code(const rod_node *n, const rod_node *block)
{
    for (; n && n != block; n = n->parent)
        if (n->kind == ROD_CODE)
            return true;
    return false;
}

rod_err rod_smarten(rod_doc *doc)
{
    smartener sm = {doc, ROD_BUF_INIT, 0, false};
    for (size_t b = 0; b < doc->nblocks; b++) {
        rod_node *block = doc->blocks[b].node;
        if (block->kind == ROD_PRE || block->kind == ROD_IMAGE)
            continue;
        quotes q = quotes_for(rod_node_lang(block));
        sm.prev = 0;
        sm.skip_space = false;
        for (rod_node *n = block->first; n; n = rod_node_next_in(n, block)) {
            if (n->kind == ROD_BR)
                sm.prev = '\n';
            if (n->kind != ROD_TEXT || inside_code(n, block))
                continue;
            smart_text(&sm, n, &q);
        }
    }
    bool failed = sm.out.failed;
    rod_buf_free(&sm.out);
    if (failed)
        return ROD_ERR_NOMEM;
    return rod_doc_finish(doc, NULL);
}
