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
 * never joined into a string the chapter would have to own.
 */
#include "typeset_internal.h"

#include <math.h>
#include <string.h>

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
