/* typeset_front.c — the front of a book as the reader shows it: the cover
 * on a page of its own when the head names one, then the title page made
 * from the head (title, subtitle, authors, and after them those who
 * translated, edited or illustrated it), then the front matter.
 *
 * Neither page is a text block of its own: the cover's line and the
 * title page's labels sit at the book's first position (the head's title
 * is block 0, ROD-FORMAT §2), so opening a book at its start shows its
 * cover, and no position, annotation or fingerprint changes with it. The
 * cover is drawn the size of the page's content box, kept to its shape.
 *
 * Each name is a line of its own under "Translated by" (or "Edited by",
 * "Illustrated by"): lines borrow their text from the book, so names are
 * never joined into a string the chapter would have to own. A name wider
 * than the measure (the Gribov demo's translator is a sentence) is set in
 * centred lines broken at its spaces and made even, as a title page is
 * set by hand; a word wider than the measure is cut between characters.
 * Scaling such a line down to fit was turned down: one name would stand
 * in a smaller face than the others, and a long enough one becomes
 * unreadable.
 */
#include "typeset_internal.h"

#include <math.h>
#include <string.h>

static int piece_width(const rod_measure *m, rod_font_spec font, const char *text, size_t from, size_t to)
{
    return m->width(m->ctx, font, text + from, to - from);
}

/* Lines of at most w px, first fit, from text[0, len) (no spaces at its
 * ends): the count, with *cut set when a word had to be cut. */
static size_t fill(const rod_measure *m, rod_font_spec font, const char *text, size_t len, int w,
                   label_piece *out, bool *cut)
{
    size_t n = 0, p = 0;
    *cut = false;
    while (p < len) {
        size_t end = p;
        if (n == LABEL_LINES - 1) {
            end = len;          /* the last line takes what is left */
        } else {
            /* the furthest word end that fits */
            for (size_t q = p; q < len;) {
                size_t e = q;
                while (e < len && text[e] != ' ')
                    e++;
                if (piece_width(m, font, text, p, e) > w)
                    break;
                end = e;
                while (e < len && text[e] == ' ')
                    e++;
                q = e;
            }
        }
        if (end == p) {
            /* the first word alone is too wide: as many characters as fit,
             * one at least */
            *cut = true;
            for (size_t k = p; k < len && text[k] != ' ';) {
                size_t next = k + 1;
                while (next < len && ((unsigned char)text[next] & 0xC0) == 0x80)
                    next++;
                if (end > p && piece_width(m, font, text, p, next) > w)
                    break;
                end = k = next;
            }
        }
        out[n++] = (label_piece){(uint32_t)p, (uint32_t)(end - p)};
        p = end;
        while (p < len && text[p] == ' ')
            p++;
    }
    return n;
}

enum { EVEN_WORDS = 64 };

/* The n lines first fit found, made even: of the ways to set the words in
 * n lines within the measure, the one with the least sum of squared room
 * left (Knuth–Plass's cost, every line counted, the last too: a centred
 * line has no last-line rag to forgive). A name of more than EVEN_WORDS
 * words keeps first fit. */
static void even(const rod_measure *m, rod_font_spec font, const char *text, size_t len, int measure, size_t n,
                 label_piece *out)
{
    size_t start[EVEN_WORDS + 1], end[EVEN_WORDS], nw = 0;
    for (size_t p = 0; p < len;) {
        if (nw == EVEN_WORDS)
            return;
        start[nw] = p;
        while (p < len && text[p] != ' ')
            p++;
        end[nw++] = p;
        while (p < len && text[p] == ' ')
            p++;
    }
    /* cost[k][j]: words [0, j) in k lines; from[k][j]: where its last
     * line starts */
    static const long long NONE = -1;
    long long cost[LABEL_LINES + 1][EVEN_WORDS + 1];
    uint8_t from[LABEL_LINES + 1][EVEN_WORDS + 1];
    for (size_t k = 0; k <= n; k++)
        for (size_t j = 0; j <= nw; j++)
            cost[k][j] = NONE;
    cost[0][0] = 0;
    for (size_t i = 0; i < nw; i++) {
        for (size_t j = i + 1; j <= nw; j++) {
            int w = piece_width(m, font, text, start[i], end[j - 1]);
            if (w > measure)
                break;
            long long room = measure - w, c = room * room;
            for (size_t k = 0; k < n; k++)
                if (cost[k][i] != NONE && (cost[k + 1][j] == NONE || cost[k][i] + c < cost[k + 1][j])) {
                    cost[k + 1][j] = cost[k][i] + c;
                    from[k + 1][j] = (uint8_t)i;
                }
        }
    }
    if (cost[n][nw] == NONE)
        return;                 /* cannot happen: first fit found n lines */
    for (size_t k = n, j = nw; k > 0; k--) {
        size_t i = from[k][j];
        out[k - 1] = (label_piece){(uint32_t)start[i], (uint32_t)(end[j - 1] - start[i])};
        j = i;
    }
}

size_t ts_label_lines(const rod_measure *m, rod_font_spec font, const char *text, size_t len, int measure,
                      label_piece *out)
{
    size_t from = 0;
    while (from < len && text[from] == ' ')
        from++;
    while (len > from && text[len - 1] == ' ')
        len--;
    if (len == from || piece_width(m, font, text, from, len) <= measure) {
        out[0] = (label_piece){(uint32_t)from, (uint32_t)(len - from)};
        return 1;
    }
    bool cut;
    size_t n = fill(m, font, text + from, len - from, measure, out, &cut);
    if (!cut && n > 1)
        even(m, font, text + from, len - from, measure, n, out);
    for (size_t i = 0; i < n; i++)
        out[i].off += (uint32_t)from;
    return n;
}

static void set_cover(setter *s, const box_ctx *c)
{
    const rod_node *cover = rod_node_child(s->doc->head, ROD_COVER);
    if (!cover || !cover->ref || cover->ref[0] != '#' ||
        !rod_doc_find_id_of(s->doc, cover->ref + 1, ROD_BINARY))
        return;
    rod_pos at = {0, 0};
    int maxh = ts_content_height(s->o) - ts_line_h(s);
    ts_set_picture(s, c, cover, at, at, SIZE_MAX, maxh > 1 ? maxh : 1, true);
    s->pending_flags |= PG_NEW_PAGE;
}

static bool is_role(const rod_node *n, const char *role)
{
    return n->kind == ROD_CREATOR && !strcmp(n->type ? n->type : "author", role);
}

/* A centred line for each text of the head's creators in `role`, or of its
 * subtitles when role is NULL. */
static void names(setter *s, const box_ctx *c, const char *role, rod_font_spec font, rod_pos at,
                  int *gap)
{
    for (const rod_node *n = s->doc->head->first; n && s->ok; n = n->next) {
        if (role ? !is_role(n, role) : n->kind != ROD_SUBTITLE)
            continue;
        for (const rod_node *tx = n->first; tx; tx = tx->next) {
            if (tx->kind != ROD_TEXT || tx->len == 0)
                continue;
            ts_set_label(s, c, tx->text, tx->len, font, 0, at, *gap, PG_NO_BREAK_BEFORE);
            *gap = ts_line_h(s) / 2;
        }
    }
}

void ts_set_title_page(setter *s, const box_ctx *c)
{
    const rod_doc *doc = s->doc;
    set_cover(s, c);
    box_ctx t = *c;
    t.scale = 2.0;
    block_fmt f = {SET_CENTER, 0, 0, 1.2, PG_KEEP_SPACE, ts_content_height(s->o) / 4, true};
    ts_set_block(s, &t, doc->title, &f);
    rod_pos at = ts_next_pos(s);
    int gap = ts_line_h(s) * 2;
    uint16_t size = s->o->font_size;
    names(s, c, NULL, (rod_font_spec){c->family, ROD_FONT_ITALIC, (uint16_t)lround(size * 1.3)}, at,
          &gap);
    names(s, c, "author", (rod_font_spec){c->family, 0, (uint16_t)lround(size * 1.15)}, at, &gap);
    static const struct { const char *role, *by; } others[] = {
        {"translator", "Translated by"}, {"editor", "Edited by"}, {"illustrator", "Illustrated by"}};
    for (size_t i = 0; i < sizeof others / sizeof others[0] && s->ok; i++) {
        bool any = false;
        for (const rod_node *n = doc->head->first; n && !any; n = n->next)
            any = is_role(n, others[i].role);
        if (!any)
            continue;
        rod_font_spec by = {c->family, ROD_FONT_ITALIC, size};
        ts_set_label(s, c, others[i].by, strlen(others[i].by), by, 0, at, ts_line_h(s) * 3 / 2,
                     PG_NO_BREAK_BEFORE);
        gap = ts_line_h(s) / 3;
        names(s, c, others[i].role, (rod_font_spec){c->family, 0, (uint16_t)lround(size * 1.1)}, at,
              &gap);
    }
    s->pending_flags |= PG_NEW_PAGE;
    s->no_indent = true;
}
