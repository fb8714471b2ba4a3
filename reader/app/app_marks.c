/* app_marks.c — highlights, notes and bookmarks on the page, and the
 * actions that make them.
 *
 * The book's annotations come from the library when it opens (and again
 * once the library has cataloged it, which may re-anchor a new edition's),
 * each found in the text by the anchoring rules (rod_anchor.h). They are
 * painted behind the words when a page image is made: the reader's own in
 * the colour chosen, other readers' underlined in a colour of their own
 * with their name in the margin, so two readers' notes on the same text
 * read as a conversation. Every change is written by the library worker
 * at once (lib_worker.h) and kept here in reading order, in book.notes
 * with book.status beside it: insert and remove keep the two in step.
 *
 * This file is no panel. The page's drawing (app_draw.c) and the mouse
 * (app_select.c) use it, and so do the annotation panels (app_annots.c),
 * which show and edit one annotation or list them all; a note written on
 * a selection opens the editor through panel_open() with a->mark = -1.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

const char *const annot_colors[6] = {"amber", "green", "blue", "rose", "violet", "underline"};

uint32_t color_rgb(const char *color)
{
    static const uint32_t rgb[6] = {0xE8B020, 0x6CC070, 0x5AA0E6, 0xE87A9A, 0xA98BE0, 0xC0392B};
    for (int i = 0; i < 6; i++)
        if (color && !strcmp(color, annot_colors[i]))
            return rgb[i];
    return rgb[0];
}

uint32_t reader_rgb(const char *reader, bool dark)
{
    static const uint32_t light[6] = {0x1F8A7E, 0xC8621A, 0x7A4FB8, 0xB83245, 0x5E7D1E, 0x2F6DAA};
    static const uint32_t night[6] = {0x5CC8B8, 0xF0A060, 0xB89AF0, 0xF08090, 0xA8CC60, 0x80B4F0};
    uint32_t h = 2166136261u;
    for (const char *s = reader ? reader : ""; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return dark ? night[h % 6] : light[h % 6];
}

bool annots_mine(const app *a, const rod_annot *n)
{
    return n->reader && !strcmp(n->reader, a->reader);
}

static bool ensure_text(book *b)
{
    if (!b->has_text)
        b->has_text = rod_text_build(b->doc, &b->text) == ROD_OK;
    return b->has_text;
}

/* Replies are worked out once per change, for the page (a reply is not
 * painted again on its note's passage), the click (which opens the
 * discussion at its note) and the panels. */
static void rethread(book *b)
{
    rod_threads_free(&b->threads);
    rod_threads_of(&b->notes, &b->threads);     /* on failure: zeroed, no replies */
}

void annots_changed(app *a)
{
    a->gen++;
    a->dirty = true;
    if (a->book)
        rethread(a->book);
}

size_t annots_parent(const book *b, size_t i)
{
    /* a set changed without annots_changed yet has no replies */
    if (!b->threads.parent || b->threads.n != b->notes.n || i >= b->notes.n)
        return ROD_THREAD_NONE;
    return b->threads.parent[i];
}

size_t annots_root(const book *b, size_t i)
{
    for (size_t p; (p = annots_parent(b, i)) != ROD_THREAD_NONE;)
        i = p;      /* a forest: every chain ends (rod_threads_build) */
    return i;
}

size_t annots_thread(const book *b, size_t root, size_t **order, unsigned **depth)
{
    size_t n = b->notes.n;
    *order = malloc((n + 1) * sizeof **order);
    *depth = malloc((n + 1) * sizeof **depth);
    size_t *stack = malloc((2 * n + 1) * sizeof *stack);
    size_t m = 0;
    if (*order && *depth && stack && root < n) {
        if (b->threads.parent && b->threads.n == n) {
            m = rod_threads_walk(&b->threads, root, stack, *order, *depth);
        } else {
            (*order)[0] = root;
            (*depth)[0] = 0;
            m = 1;
        }
    }
    free(stack);
    return m;
}

/* ---- the book's set ---- */

void annots_load(app *a)
{
    book *b = a->book;
    if (!b)
        return;
    /* pages drawn ahead stay valid unless there were or are notes on them */
    bool had = b->notes.n > 0;
    for (size_t i = 0; i < b->notes.n; i++)
        rod_annot_clear(&b->notes.items[i]);
    b->notes.n = 0;
    free(b->status);
    b->status = NULL;
    if (!a->lib || rod_lib_annot_list(a->lib, b->fp, &b->notes) != ROD_OK) {
        if (had)
            annots_changed(a);
        return;
    }
    b->status = calloc(b->notes.n + 1, sizeof *b->status);
    if (!b->status || (b->notes.n && !ensure_text(b)))
        return;
    for (size_t i = 0; i < b->notes.n; i++) {
        rod_anchor where;
        if (rod_anchor_find(&b->text, &b->notes.items[i], &where) != ROD_OK)
            continue;
        b->status[i] = where.status;
        if (where.status != ROD_ANCHOR_ORPHANED) {
            b->notes.items[i].start = where.start;
            b->notes.items[i].end = b->notes.items[i].has_end ? where.end : where.start;
        }
    }
    if (had || b->notes.n)
        annots_changed(a);
    else
        rethread(b);
}

/* Takes *n into the set in reading order (n is zeroed); its index or -1. */
long annots_insert(book *b, rod_annot *n)
{
    rod_anchor_status *st = realloc(b->status, (b->notes.n + 1) * sizeof *st);
    if (!st)
        return -1;
    b->status = st;
    if (!rod_notes_push(&b->notes, n))
        return -1;
    size_t i = b->notes.n - 1;
    b->status[i] = ROD_ANCHOR_EXACT;
    rod_annot *v = b->notes.items;
    while (i > 0 && rod_pos_cmp(v[i].start, v[i - 1].start) < 0) {
        rod_annot t = v[i];
        v[i] = v[i - 1];
        v[i - 1] = t;
        rod_anchor_status s = b->status[i];
        b->status[i] = b->status[i - 1];
        b->status[i - 1] = s;
        i--;
    }
    return (long)i;
}

void annots_remove(app *a, size_t i)
{
    book *b = a->book;
    lib_worker_annot_delete(a->worker, b->notes.items[i].id);
    rod_annot_clear(&a->undo);
    a->undo = b->notes.items[i];
    memmove(&b->notes.items[i], &b->notes.items[i + 1], (b->notes.n - i - 1) * sizeof *b->notes.items);
    memmove(&b->status[i], &b->status[i + 1], (b->notes.n - i - 1) * sizeof *b->status);
    b->notes.n--;
    annots_changed(a);
}

void annots_undo(app *a)
{
    book *b = a->book;
    if (!b || !a->undo.id)
        return;
    char now[21];
    rod_annot_now(now);
    rod_annot_set(&a->undo.modified, now);
    lib_worker_annot_put(a->worker, b->fp, &a->undo);
    annots_insert(b, &a->undo);
    memset(&a->undo, 0, sizeof a->undo);
    app_toast(a, "Brought back");
    annots_changed(a);
}

/* A new annotation of ours on [s, e) (a bookmark when !has_end). */
bool annots_make(app *a, rod_pos s, rod_pos e, bool bookmark, const char *color, const char *body, rod_annot *out)
{
    book *b = a->book;
    if (!ensure_text(b))
        return false;
    rod_err err = bookmark ? rod_anchor_capture_bookmark(&b->text, s, out) : rod_anchor_capture(&b->text, s, e, out);
    char id[37], now[21];
    rod_annot_new_id(id);
    rod_annot_now(now);
    out->type = bookmark ? ROD_ANNOT_BOOKMARK : body && *body ? ROD_ANNOT_NOTE : ROD_ANNOT_HIGHLIGHT;
    if (err != ROD_OK || !rod_annot_set(&out->id, id) || !rod_annot_set(&out->reader, a->reader) ||
        !rod_annot_set(&out->color, color) || !rod_annot_set(&out->created, now) ||
        !rod_annot_set(&out->modified, now) || !rod_annot_set(&out->body, body && *body ? body : NULL)) {
        rod_annot_clear(out);
        app_toast(a, "Out of memory: the annotation was not made");
        return false;
    }
    return true;
}

void annots_mark_selection(app *a, const char *color, bool note)
{
    rod_pos s, e;
    if (!sel_range(a, &s, &e))
        return;
    snprintf(a->color, sizeof a->color, "%s", color);
    if (note) {
        a->mark = -1;
        panel_open(a, PANEL_EDIT);
        return;
    }
    rod_annot n = {0};
    if (!annots_make(a, s, e, false, color, NULL, &n))
        return;
    lib_worker_annot_put(a->worker, a->book->fp, &n);
    annots_insert(a->book, &n);
    rod_annot_clear(&n);
    sel_clear(a);
    annots_changed(a);
}

void annots_bookmark(app *a)
{
    book *b = a->book;
    rod_pos s, e;
    if (!nav_shown(a, &s, &e))
        return;
    for (size_t i = 0; i < b->notes.n; i++) {
        rod_annot *n = &b->notes.items[i];
        if (n->type == ROD_ANNOT_BOOKMARK && annots_mine(a, n) && rod_pos_cmp(n->start, s) >= 0 &&
            rod_pos_cmp(n->start, e) < 0) {
            annots_remove(a, i);
            app_toast(a, "Bookmark removed (Ctrl+Z brings it back)");
            return;
        }
    }
    rod_annot n = {0};
    if (!annots_make(a, s, s, true, "amber", NULL, &n))
        return;
    lib_worker_annot_put(a->worker, b->fp, &n);
    annots_insert(b, &n);
    rod_annot_clear(&n);
    app_toast(a, "Bookmarked");
    annots_changed(a);
}

long annots_at(app *a, int x, int y)
{
    book *b = a->book;
    rod_pos pos;
    bool on = false;
    if (!b || !page_pos_at(a, x, y, &pos, &on) || !on)
        return -1;
    long best = -1;
    for (size_t i = 0; i < b->notes.n; i++) {
        const rod_annot *n = &b->notes.items[i];
        if (n->type == ROD_ANNOT_BOOKMARK || (b->status && b->status[i] == ROD_ANCHOR_ORPHANED) ||
            annots_parent(b, i) != ROD_THREAD_NONE)
            continue;   /* a reply opens with its note's discussion */
        if (rod_pos_cmp(n->start, pos) <= 0 && rod_pos_cmp(pos, n->end) < 0)
            best = (long)i;     /* the innermost: the one starting last */
    }
    return best;
}

/* ---- on the page ---- */

void annots_paint(app *a, SDL_Surface *dst, const rod_page *page)
{
    book *b = a->book;
    rod_palette pal = rod_theme_palette(a->set.theme);
    bool dark = palette_dark(rod_theme_palette(a->set.theme));
    /* three layers, so that none hides another: other readers' faint
     * tints, then our highlights, then every underline */
    for (int layer = 0; layer < 3; layer++) {
        for (size_t i = 0; i < b->notes.n; i++) {
            const rod_annot *n = &b->notes.items[i];
            if (n->type == ROD_ANNOT_BOOKMARK || (b->status && b->status[i] == ROD_ANCHOR_ORPHANED) ||
                annots_parent(b, i) != ROD_THREAD_NONE)
                continue;   /* a reply stands on its note's passage, painted once */
            if (rod_pos_cmp(n->start, page->end) >= 0)
                break;
            bool own = annots_mine(a, n), under = own && n->color && !strcmp(n->color, "underline");
            if (layer == 0 && !own)
                paint_range(a, dst, page, n->start, n->end, app_mix(pal.page, reader_rgb(n->reader, dark), 0.10), false);
            else if (layer == 1 && own && !under)
                paint_range(a, dst, page, n->start, n->end, app_mix(pal.page, color_rgb(n->color), dark ? 0.32 : 0.40),
                            false);
            else if (layer == 2 && under)
                paint_range(a, dst, page, n->start, n->end, app_mix(pal.page, 0xC0392B, dark ? 0.8 : 0.9), true);
            else if (layer == 2 && !own)
                paint_range(a, dst, page, n->start, n->end, reader_rgb(n->reader, dark), true);
        }
    }
    rod_pos s, e;
    if (sel_range(a, &s, &e))
        paint_range(a, dst, page, s, e, app_mix(pal.page, 0x3D7BE0, dark ? 0.45 : 0.30), false);
}

void annots_decorate(app *a, SDL_Surface *dst, const rod_page *page, bool right_page)
{
    book *b = a->book;
    rod_palette pal = rod_theme_palette(a->set.theme);
    bool dark = palette_dark(rod_theme_palette(a->set.theme));
    int px = (int)fmax(10 * a->scale, a->font_px * 0.58);
    int gap = (int)(8 * a->scale);
    bool left_margin = a->two_pages && !right_page;
    bool ribbon = false;
    int last_y = -1000;
    for (size_t i = 0; i < b->notes.n; i++) {
        const rod_annot *n = &b->notes.items[i];
        if (b->status && b->status[i] == ROD_ANCHOR_ORPHANED)
            continue;
        if (rod_pos_cmp(n->start, page->end) >= 0)
            break;
        if (rod_pos_cmp(n->start, page->start) < 0)
            continue;
        if (n->type == ROD_ANNOT_BOOKMARK) {
            ribbon = true;
            continue;
        }
        if (annots_mine(a, n) && !n->body)
            continue;
        /* in the margin beside the first line: the note's mark, and for
         * another reader their name */
        int top = page_line_top(page, n->start);
        if (top < 0)
            continue;
        int y = top + a->font_px;
        if (y < last_y + px)
            y = last_y + px + 2;
        last_y = y;
        uint32_t c = annots_mine(a, n) ? app_mix(pal.page, color_rgb(n->color), 0.9) : reader_rgb(n->reader, dark);
        /* the longest of "Name ✎", "Name", "✎" that fits the margin */
        char label[64];
        int room = a->margin_x - 2 * gap, w = 0;
        unsigned style = annots_mine(a, n) ? 0 : ROD_FONT_SMALLCAPS;
        const char *name = annots_mine(a, n) ? "" : n->reader ? n->reader : "?";
        const char *pen = n->body ? (*name ? " \u270E" : "\u270E") : "";
        bool fits = false;
        for (int t = 0; t < 3 && !fits; t++) {
            snprintf(label, sizeof label, "%s%s", t == 2 ? "" : name, t == 1 ? "" : pen);
            if (t == 2 && *pen)
                snprintf(label, sizeof label, "\u270E");
            w = *label ? text_width(a, label, px, style) : 0;
            fits = *label && w <= room;
        }
        if (!fits)
            continue;
        int x = left_margin ? a->margin_x - gap - w : a->page_w - a->margin_x + gap;
        draw_text(a, dst, label, x, y, px, annots_mine(a, n) ? 0 : ROD_FONT_SMALLCAPS, c, 0);
    }
    if (ribbon) {
        /* a ribbon hanging from the top edge, notched at its end */
        int rw = (int)(12 * a->scale), rh = (int)(34 * a->scale);
        int x = a->page_w - a->margin_x / 2 - rw / 2;
        Uint32 c = app_rgb(dst, app_mix(pal.page, 0xC0392B, dark ? 0.7 : 0.85));
        SDL_FillRect(dst, &(SDL_Rect){x, 0, rw, rh - rw / 2}, c);
        for (int k = 0; k < rw / 2; k++) {
            SDL_FillRect(dst, &(SDL_Rect){x, rh - rw / 2 + k, rw / 2 - k, 1}, c);
            SDL_FillRect(dst, &(SDL_Rect){x + rw / 2 + k, rh - rw / 2 + k, rw / 2 - k, 1}, c);
        }
    }
}

void annots_bar_draw(app *a, SDL_Surface *dst)
{
    a->nbar = 0;
    rod_pos s, e;
    if (a->panel != PANEL_NONE || a->dragging || !sel_range(a, &s, &e))
        return;
    book *b = a->book;
    rod_palette pal = rod_theme_palette(a->set.theme);
    /* above the selection's first line on screen, else below its last */
    int x0 = 0, top = -1, bottom = -1;
    page_ref refs[2] = {b->page, b->page};
    int n = 1;
    if (a->two_pages && nav_next_ref(a, b->page, &refs[1]))
        n = 2;
    for (int k = 0; k < n; k++) {
        const rod_page *p = nav_page(a, refs[k]);
        if (!p || rod_pos_cmp(e, p->start) <= 0 || rod_pos_cmp(s, p->end) >= 0)
            continue;
        rod_pos from = rod_pos_cmp(s, p->start) > 0 ? s : p->start;
        int t = page_line_top(p, from);
        if (t < 0)
            continue;
        if (top < 0) {
            top = t;
            x0 = nav_page_x(a, k);
        }
        for (size_t i = 0; i < p->nlines; i++)
            if (rod_pos_cmp(p->lines[i].start, e) < 0)
                bottom = p->lines[i].y - p->lines[i].ascent + p->lines[i].height;
    }
    if (top < 0)
        return;
    int px = panel_px(a);
    int sw = (int)(px * 1.6), pad = px / 2;
    int wn = text_width(a, "Note", px, 0) + 2 * pad, wc = text_width(a, "Copy", px, 0) + 2 * pad;
    int w = 6 * (sw + pad) + wn + wc + 3 * pad, h = sw + 2 * pad;
    int x = x0 + (a->page_w - w) / 2, y = top - h - pad;
    if (y < 0)
        y = bottom + pad;
    if (y + h > a->h)
        y = a->h - h;
    SDL_Rect box = {x, y, w, h};
    SDL_FillRect(dst, &box, app_rgb(dst, app_mix(pal.page, pal.ink, 0.86)));
    uint32_t label = pal.page;
    int cx = x + pad;
    for (int i = 0; i < 6; i++) {
        SDL_Rect r = {cx, y + pad, sw, sw};
        if (i < 5) {
            SDL_FillRect(dst, &r, app_rgb(dst, color_rgb(annot_colors[i])));
        } else {
            SDL_FillRect(dst, &(SDL_Rect){cx + 2, y + pad + sw - 4, sw - 4, 3}, app_rgb(dst, 0xE05040));
            draw_text(a, dst, "U", cx + sw / 2, y + pad + sw - 6, px, 0, label, 1);
        }
        a->bar[a->nbar++] = r;
        cx += sw + pad;
    }
    cx += pad;
    draw_text(a, dst, "Note", cx + pad, y + pad + sw - sw / 4, px, 0, label, 0);
    a->bar[a->nbar++] = (SDL_Rect){cx, y, wn, h};
    cx += wn;
    draw_text(a, dst, "Copy", cx + pad, y + pad + sw - sw / 4, px, 0, label, 0);
    a->bar[a->nbar++] = (SDL_Rect){cx, y, wc, h};
}
