/* app_annots.c — highlights, notes and bookmarks in the window.
 *
 * The book's annotations come from the library when it opens (and again
 * once the library has cataloged it, which may re-anchor a new edition's),
 * each found in the text by the anchoring rules (rod_anchor.h). They are
 * painted behind the words when a page image is made: the reader's own in
 * the colour chosen, other readers' underlined in a colour of their own
 * with their name in the margin, so two readers' notes on the same text
 * read as a conversation. Every change is written by the library worker
 * at once (lib_worker.h) and kept here in reading order.
 *
 * Three panels live here: one annotation (PANEL_MARK: who, the quote, the
 * note, and for one's own: colour, edit, delete), the note editor
 * (PANEL_EDIT: SDL text input, so input methods and any script work) and
 * the list of all annotations (PANEL_ANNOTS), filtered by reader and tag.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "rod_clean.h"

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

static bool mine(const app *a, const rod_annot *n)
{
    return n->reader && !strcmp(n->reader, a->reader);
}

static bool ensure_text(book *b)
{
    if (!b->has_text)
        b->has_text = rod_text_build(b->doc, &b->text) == ROD_OK;
    return b->has_text;
}

static void changed(app *a)
{
    a->gen++;
    a->dirty = true;
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
            changed(a);
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
        changed(a);
}

/* Takes *n into the set in reading order (n is zeroed); its index or -1. */
static long insert(book *b, rod_annot *n)
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

static void remove_at(app *a, size_t i)
{
    book *b = a->book;
    lib_worker_annot_delete(a->worker, b->notes.items[i].id);
    rod_annot_clear(&a->undo);
    a->undo = b->notes.items[i];
    memmove(&b->notes.items[i], &b->notes.items[i + 1], (b->notes.n - i - 1) * sizeof *b->notes.items);
    memmove(&b->status[i], &b->status[i + 1], (b->notes.n - i - 1) * sizeof *b->status);
    b->notes.n--;
    changed(a);
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
    insert(b, &a->undo);
    memset(&a->undo, 0, sizeof a->undo);
    app_toast(a, "Brought back");
    changed(a);
}

/* A new annotation of ours on [s, e) (a bookmark when !has_end). */
static bool make(app *a, rod_pos s, rod_pos e, bool bookmark, const char *color, const char *body, rod_annot *out)
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
        annots_panel_open(a, PANEL_EDIT, -1);
        return;
    }
    rod_annot n = {0};
    if (!make(a, s, e, false, color, NULL, &n))
        return;
    lib_worker_annot_put(a->worker, a->book->fp, &n);
    insert(a->book, &n);
    rod_annot_clear(&n);
    sel_clear(a);
    changed(a);
}

void annots_bookmark(app *a)
{
    book *b = a->book;
    rod_pos s, e;
    if (!nav_shown(a, &s, &e))
        return;
    for (size_t i = 0; i < b->notes.n; i++) {
        rod_annot *n = &b->notes.items[i];
        if (n->type == ROD_ANNOT_BOOKMARK && mine(a, n) && rod_pos_cmp(n->start, s) >= 0 &&
            rod_pos_cmp(n->start, e) < 0) {
            remove_at(a, i);
            app_toast(a, "Bookmark removed (Ctrl+Z brings it back)");
            return;
        }
    }
    rod_annot n = {0};
    if (!make(a, s, s, true, "amber", NULL, &n))
        return;
    lib_worker_annot_put(a->worker, b->fp, &n);
    insert(b, &n);
    rod_annot_clear(&n);
    app_toast(a, "Bookmarked");
    changed(a);
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
        if (n->type == ROD_ANNOT_BOOKMARK || (b->status && b->status[i] == ROD_ANCHOR_ORPHANED))
            continue;
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
            if (n->type == ROD_ANNOT_BOOKMARK || (b->status && b->status[i] == ROD_ANCHOR_ORPHANED))
                continue;
            if (rod_pos_cmp(n->start, page->end) >= 0)
                break;
            bool own = mine(a, n), under = own && n->color && !strcmp(n->color, "underline");
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
        if (mine(a, n) && !n->body)
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
        uint32_t c = mine(a, n) ? app_mix(pal.page, color_rgb(n->color), 0.9) : reader_rgb(n->reader, dark);
        /* the longest of "Name ✎", "Name", "✎" that fits the margin */
        char label[64];
        int room = a->margin_x - 2 * gap, w = 0;
        unsigned style = mine(a, n) ? 0 : ROD_FONT_SMALLCAPS;
        const char *name = mine(a, n) ? "" : n->reader ? n->reader : "?";
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
        draw_text(a, dst, label, x, y, px, mine(a, n) ? 0 : ROD_FONT_SMALLCAPS, c, 0);
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
            x0 = k * a->page_w;
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

/* ---- panels ---- */

static bool row_shown(app *a, const rod_annot *n)
{
    if (a->filter_reader[0] && (!n->reader || strcmp(n->reader, a->filter_reader)))
        return false;
    if (a->filter_tag[0]) {
        for (size_t t = 0; t < n->ntags; t++)
            if (!strcmp(n->tags[t], a->filter_tag))
                return true;
        return false;
    }
    return true;
}

static void build_rows(app *a)
{
    book *b = a->book;
    free(a->rows);
    a->rows = malloc((b->notes.n + 1) * sizeof *a->rows);
    a->nrows = 0;
    if (!a->rows)
        return;
    for (size_t i = 0; i < b->notes.n; i++)
        if (row_shown(a, &b->notes.items[i]))
            a->rows[a->nrows++] = i;
    if (a->sel >= (int)a->nrows)
        a->sel = (int)a->nrows - 1;
    if (a->sel < 0)
        a->sel = 0;
}

/* The next distinct reader (dir > 0) or tag after cur, "" meaning all. */
static void cycle(app *a, bool tags, char *cur, size_t n)
{
    book *b = a->book;
    const char *best = NULL;
    /* the smallest value greater than cur, else "" (all) */
    for (size_t i = 0; i < b->notes.n; i++) {
        const rod_annot *x = &b->notes.items[i];
        size_t k = tags ? x->ntags : 1;
        for (size_t t = 0; t < k; t++) {
            const char *v = tags ? x->tags[t] : x->reader;
            if (v && *v && strcmp(v, cur) > 0 && (!best || strcmp(v, best) < 0))
                best = v;
        }
    }
    snprintf(cur, n, "%s", best ? best : "");
}

void annots_panel_open(app *a, panel_kind kind, long mark)
{
    if (!a->book)
        return;
    panel_open(a, PANEL_NONE);
    a->panel = kind;
    a->mark = mark;
    a->sel = a->scroll = 0;
    SDL_StopTextInput();
    if (kind == PANEL_ANNOTS) {
        build_rows(a);
        /* start at the first annotation at or after the reading position */
        for (size_t i = 0; i < a->nrows; i++)
            if (rod_pos_cmp(a->book->notes.items[a->rows[i]].start, a->book->anchor) >= 0) {
                a->sel = (int)i;
                break;
            }
    } else if (kind == PANEL_EDIT) {
        a->edit[0] = a->edit_tags[0] = a->composing[0] = '\0';
        a->edit_field = 0;
        if (mark >= 0) {
            const rod_annot *n = &a->book->notes.items[mark];
            snprintf(a->edit, sizeof a->edit, "%s", n->body ? n->body : "");
            size_t k = 0;
            for (size_t t = 0; t < n->ntags && k + 2 < sizeof a->edit_tags; t++)
                k += (size_t)snprintf(a->edit_tags + k, sizeof a->edit_tags - k, "%s%s", t ? ", " : "", n->tags[t]);
        }
        SDL_StartTextInput();
    }
    a->dirty = true;
}

static void append(char *dst, size_t cap, const char *s)
{
    size_t have = strlen(dst), add = strlen(s);
    if (have + add < cap)
        memcpy(dst + have, s, add + 1);
}

/* The editor's tags field into n's tags. */
static bool set_tags(rod_annot *n, const char *text)
{
    for (size_t t = 0; t < n->ntags; t++)
        free(n->tags[t]);
    free(n->tags);
    n->tags = NULL;
    n->ntags = 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", text);
    for (char *save = NULL, *tok = strtok_r(buf, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
        while (*tok == '#')
            tok++;
        if (*tok && !rod_annot_add_tag(n, tok))
            return false;
    }
    return true;
}

/* What the editor typed or pasted, held to rod_clean.h's rules before it
 * is kept: a control character (a pasted ESC) or a bidi override in a tag
 * becomes U+FFFD. */
static bool clean_note(rod_annot *n)
{
    bool ok = rod_clean_field(&n->body, ROD_FIELD_TEXT, NULL);
    for (size_t t = 0; ok && t < n->ntags; t++)
        ok = rod_clean_field(&n->tags[t], ROD_FIELD_NAME, NULL);
    return ok;
}

static void edit_save(app *a)
{
    book *b = a->book;
    char body[sizeof a->edit];
    snprintf(body, sizeof body, "%s", a->edit);
    size_t len = strlen(body);
    while (len > 0 && (body[len - 1] == ' ' || body[len - 1] == '\n'))
        body[--len] = '\0';
    char now[21];
    rod_annot_now(now);
    rod_annot n = {0};
    if (a->mark >= 0) {
        const rod_annot *old = &b->notes.items[a->mark];
        if (rod_annot_copy(&n, old) != ROD_OK)
            return;
        if (n.type != ROD_ANNOT_BOOKMARK)
            n.type = *body ? ROD_ANNOT_NOTE : ROD_ANNOT_HIGHLIGHT;
        bool ok = rod_annot_set(&n.body, *body ? body : NULL) && rod_annot_set(&n.modified, now) &&
                  set_tags(&n, a->edit_tags) && clean_note(&n);
        if (!ok) {
            rod_annot_clear(&n);
            return;
        }
        lib_worker_annot_put(a->worker, b->fp, &n);
        rod_annot_clear(&b->notes.items[a->mark]);
        b->notes.items[a->mark] = n;
    } else {
        rod_pos s, e;
        if (!sel_range(a, &s, &e) || !make(a, s, e, false, a->color[0] ? a->color : "amber", body, &n))
            return;
        if (!set_tags(&n, a->edit_tags) || !clean_note(&n)) {
            rod_annot_clear(&n);
            return;
        }
        lib_worker_annot_put(a->worker, b->fp, &n);
        insert(b, &n);
        rod_annot_clear(&n);
        sel_clear(a);
    }
    app_toast(a, *body ? "Note saved" : "Highlight saved");
    changed(a);
}

static void mark_recolor(app *a, const char *color)
{
    book *b = a->book;
    rod_annot *n = &b->notes.items[a->mark];
    char now[21];
    rod_annot_now(now);
    if (rod_annot_set(&n->color, color) && rod_annot_set(&n->modified, now))
        lib_worker_annot_put(a->worker, b->fp, n);
    changed(a);
}

bool annots_panel_event(app *a, const SDL_Event *ev)
{
    book *b = a->book;
    if (!b) {
        panel_close(a);
        return false;
    }
    if (a->panel == PANEL_EDIT) {
        char *field = a->edit_field ? a->edit_tags : a->edit;
        size_t cap = a->edit_field ? sizeof a->edit_tags : sizeof a->edit;
        if (ev->type == SDL_TEXTINPUT) {
            append(field, cap, ev->text.text);
            a->composing[0] = '\0';
        } else if (ev->type == SDL_TEXTEDITING) {
            snprintf(a->composing, sizeof a->composing, "%s", ev->edit.text);
        } else if (ev->type == SDL_KEYDOWN) {
            SDL_Keycode k = ev->key.keysym.sym;
            bool shift = ev->key.keysym.mod & KMOD_SHIFT, ctrl = ev->key.keysym.mod & KMOD_CTRL;
            if (k == SDLK_ESCAPE) {
                panel_close(a);
            } else if ((k == SDLK_RETURN || k == SDLK_KP_ENTER) && shift && !a->edit_field) {
                append(field, cap, "\n");
            } else if (k == SDLK_RETURN || k == SDLK_KP_ENTER) {
                edit_save(a);
                panel_close(a);
            } else if (k == SDLK_BACKSPACE) {
                delete_last_char(field);
            } else if (k == SDLK_TAB) {
                a->edit_field = !a->edit_field;
            } else if (ctrl && k == SDLK_v && SDL_HasClipboardText()) {
                char *clip = SDL_GetClipboardText();
                if (clip)
                    append(field, cap, clip);
                SDL_free(clip);
            }
        } else if (ev->type == SDL_MOUSEBUTTONDOWN) {
            return true;    /* the editor stays until Enter or Esc */
        }
        a->dirty = true;
        return true;
    }
    if (a->panel == PANEL_MARK) {
        if (a->mark < 0 || (size_t)a->mark >= b->notes.n) {
            panel_close(a);
            return true;
        }
        rod_annot *n = &b->notes.items[a->mark];
        if (ev->type == SDL_MOUSEBUTTONDOWN) {
            panel_close(a);
            return true;
        }
        if (ev->type != SDL_KEYDOWN)
            return ev->type == SDL_MOUSEBUTTONUP || ev->type == SDL_MOUSEMOTION || ev->type == SDL_TEXTINPUT;
        SDL_Keycode k = ev->key.keysym.sym;
        a->dirty = true;
        if (k == SDLK_ESCAPE || k == SDLK_RETURN) {
            panel_close(a);
        } else if (k == SDLK_c) {
            SDL_SetClipboardText(n->quote ? n->quote : "");
            app_toast(a, "Quote copied");
        } else if (!mine(a, n)) {
            app_toast(a, "%s's note: only %s can change it", n->reader ? n->reader : "Another reader",
                      n->reader ? n->reader : "they");
        } else if (k >= SDLK_1 && k <= SDLK_6 && n->type != ROD_ANNOT_BOOKMARK) {
            mark_recolor(a, annot_colors[k - SDLK_1]);
        } else if (k == SDLK_n || k == SDLK_e) {
            annots_panel_open(a, PANEL_EDIT, a->mark);
        } else if (k == SDLK_DELETE || k == SDLK_BACKSPACE) {
            remove_at(a, (size_t)a->mark);
            panel_close(a);
            app_toast(a, "Deleted (Ctrl+Z brings it back)");
        }
        return true;
    }
    /* PANEL_ANNOTS */
    int px = panel_px(a);
    int row_h = (int)(px * 3.1);
    int top = 4 * px;
    int rows = (a->h - top - px) / row_h;
    if (rows < 1)
        rows = 1;
    if (ev->type == SDL_MOUSEWHEEL) {
        list_scroll(&a->scroll, ev->wheel.y * 2, (int)a->nrows, rows);
        a->dirty = true;
        return true;
    }
    if (ev->type == SDL_MOUSEBUTTONDOWN) {
        int x = (int)(ev->button.x * a->pixel_ratio), y = (int)(ev->button.y * a->pixel_ratio);
        int w = (int)fmin(a->w, 760 * a->scale);
        int x0 = (a->w - w) / 2;
        if (x < x0 || x >= x0 + w) {
            panel_close(a);
            return true;
        }
        int row = a->scroll + (y - top) / row_h;
        if (y >= top && row < (int)a->nrows) {
            a->sel = row;
            const rod_annot *n = &b->notes.items[a->rows[row]];
            panel_close(a);
            nav_jump(a, n->start, true);
        }
        a->dirty = true;
        return true;
    }
    if (ev->type != SDL_KEYDOWN)
        return ev->type == SDL_MOUSEBUTTONUP || ev->type == SDL_MOUSEMOTION || ev->type == SDL_TEXTINPUT;
    SDL_Keycode k = ev->key.keysym.sym;
    a->dirty = true;
    if (list_move(k, &a->sel, &a->scroll, (int)a->nrows, rows))
        return true;
    switch (k) {
    case SDLK_ESCAPE:
    case SDLK_a:
        panel_close(a);
        return true;
    case SDLK_r:
        cycle(a, false, a->filter_reader, sizeof a->filter_reader);
        build_rows(a);
        break;
    case SDLK_TAB:
        cycle(a, true, a->filter_tag, sizeof a->filter_tag);
        build_rows(a);
        break;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
        if (a->nrows > 0) {
            const rod_annot *n = &b->notes.items[a->rows[a->sel]];
            bool orphan = b->status && b->status[a->rows[a->sel]] == ROD_ANCHOR_ORPHANED;
            panel_close(a);
            if (orphan)
                app_toast(a, "This annotation's text is no longer in the book");
            else
                nav_jump(a, n->start, true);
        }
        return true;
    case SDLK_DELETE:
        if (a->nrows > 0 && mine(a, &b->notes.items[a->rows[a->sel]])) {
            remove_at(a, a->rows[a->sel]);
            build_rows(a);
            app_toast(a, "Deleted (Ctrl+Z brings it back)");
        }
        break;
    default:
        break;
    }
    list_clamp(&a->sel, &a->scroll, (int)a->nrows, rows);
    return true;
}

/* s on one line (newlines become spaces), cut to width. */
static void one_line(app *a, const char *s, char *out, size_t n, int px, unsigned style, int width)
{
    snprintf(out, n, "%s", s ? s : "");
    for (char *c = out; *c; c++)
        if (*c == '\n')
            *c = ' ';
    fit_text(a, out, px, style, width);
}

static const char *kind_label(const rod_annot *n)
{
    return n->type == ROD_ANNOT_BOOKMARK ? "Bookmark" : n->type == ROD_ANNOT_NOTE ? "Note" : "Highlight";
}

static void draw_list(app *a, SDL_Surface *dst, rod_palette pal)
{
    book *b = a->book;
    int px = panel_px(a);
    int w = (int)fmin(a->w, 760 * a->scale);
    SDL_Rect r = {(a->w - w) / 2, 0, w, a->h};
    panel_card(dst, r, pal);
    char head[400];
    snprintf(head, sizeof head, "Annotations \u00B7 %zu of %zu \u00B7 reader: %s (R) \u00B7 tag: %s (Tab)", a->nrows,
             b->notes.n, a->filter_reader[0] ? a->filter_reader : "all", a->filter_tag[0] ? a->filter_tag : "all");
    draw_text(a, dst, head, r.x + px, 2 * px, px, ROD_FONT_SMALLCAPS, pal.faint, 0);
    int row_h = (int)(px * 3.1), top = 4 * px;
    int rows = (a->h - top - px) / row_h;
    bool dark = palette_dark(rod_theme_palette(a->set.theme));
    if (a->nrows == 0)
        draw_text(a, dst, b->notes.n ? "None with this reader and tag." : "No annotations yet: select text with the mouse.",
                  r.x + px, top + px, px, ROD_FONT_ITALIC, pal.faint, 0);
    for (int i = 0; i < rows && a->scroll + i < (int)a->nrows; i++) {
        size_t idx = a->rows[a->scroll + i];
        const rod_annot *n = &b->notes.items[idx];
        int y = top + i * row_h;
        if (a->scroll + i == a->sel)
            SDL_FillRect(dst, &(SDL_Rect){r.x + 1, y, r.w - 2, row_h}, app_rgb(dst, app_mix(pal.page, pal.link, 0.14)));
        /* a reply: another reader on the text the row before marks */
        bool reply = false;
        if (a->scroll + i > 0) {
            const rod_annot *p = &b->notes.items[a->rows[a->scroll + i - 1]];
            reply = p->reader && n->reader && strcmp(p->reader, n->reader) && rod_pos_cmp(n->start, p->end) < 0 &&
                    rod_pos_cmp(p->start, n->end) < 0;
        }
        int x = r.x + px + (reply ? 2 * px : 0);
        uint32_t c = mine(a, n) ? color_rgb(n->color) : reader_rgb(n->reader, dark);
        SDL_FillRect(dst, &(SDL_Rect){x, y + px / 3, (int)(4 * a->scale), row_h - 2 * px / 3}, app_rgb(dst, c));
        x += px;
        int width = r.x + r.w - px - x;
        char line[600], q[400];
        bool orphan = b->status && b->status[idx] == ROD_ANCHOR_ORPHANED;
        snprintf(q, sizeof q, "%s%s\u201C%s\u201D", reply ? "\u21B3 " : "", orphan ? "(orphaned) " : "",
                 n->quote ? n->quote : "");
        one_line(a, q, line, sizeof line, px, ROD_FONT_ITALIC, width);
        draw_text(a, dst, line, x, y + (int)(px * 1.25), px, ROD_FONT_ITALIC, orphan ? pal.faint : pal.ink, 0);
        char pct[16];
        snprintf(pct, sizeof pct, "%.0f%%", 100 * book_progress(b, n->start));
        snprintf(q, sizeof q, "%s \u00B7 %s \u00B7 %s%s%s", n->reader ? n->reader : "?", pct, kind_label(n),
                 n->body ? ": " : "", n->body ? n->body : "");
        one_line(a, q, line, sizeof line, px, 0, width);
        draw_text(a, dst, line, x, y + (int)(px * 2.55), px, 0, mine(a, n) ? pal.faint : reader_rgb(n->reader, dark), 0);
    }
    draw_text(a, dst, "Enter go \u00B7 Del delete \u00B7 R reader \u00B7 Tab tag \u00B7 Esc close", r.x + r.w - px,
              a->h - px / 2, (int)(px * 0.8), ROD_FONT_ITALIC, pal.faint, 2);
}

static void draw_mark(app *a, SDL_Surface *dst, rod_palette pal)
{
    book *b = a->book;
    if (a->mark < 0 || (size_t)a->mark >= b->notes.n)
        return;
    const rod_annot *n = &b->notes.items[a->mark];
    int px = panel_px(a);
    int w = (int)fmin(a->w - 40, 700 * a->scale);
    int inner = w - 2 * px;
    int lh = (int)(px * 1.45);
    int ql = wrap_text(a, NULL, n->quote ? n->quote : "", 0, 0, inner, 0, px, ROD_FONT_ITALIC, 0);
    if (ql > 4)
        ql = 4;
    int nl = n->body ? wrap_text(a, NULL, n->body, 0, 0, inner, 0, px, 0, 0) : 0;
    int h = (int)fmin(a->h * 0.6, (ql + nl + 3) * lh + 2 * px);
    SDL_Rect r = {(a->w - w) / 2, a->h - h - a->margin_y, w, h};
    panel_card(dst, r, pal);
    bool dark = palette_dark(rod_theme_palette(a->set.theme));
    uint32_t c = mine(a, n) ? color_rgb(n->color) : reader_rgb(n->reader, dark);
    SDL_FillRect(dst, &(SDL_Rect){r.x, r.y, (int)(4 * a->scale), r.h}, app_rgb(dst, c));
    char head[300];
    snprintf(head, sizeof head, "%s \u00B7 %s \u00B7 %.10s", n->reader ? n->reader : "?", kind_label(n),
             n->modified ? n->modified : "");
    draw_text(a, dst, head, r.x + px, r.y + 2 * px, px, ROD_FONT_SMALLCAPS, mine(a, n) ? pal.faint : c, 0);
    int y = r.y + 2 * px + lh;
    wrap_text(a, dst, n->quote ? n->quote : "", r.x + px, y, inner, y + 3 * lh, px, ROD_FONT_ITALIC, pal.faint);
    y += ql * lh + lh / 2;
    if (n->body)
        wrap_text(a, dst, n->body, r.x + px, y, inner, r.y + r.h - 2 * px, px, 0, pal.ink);
    char tags[300] = "";
    size_t k = 0;
    for (size_t t = 0; t < n->ntags && k + 2 < sizeof tags; t++)
        k += (size_t)snprintf(tags + k, sizeof tags - k, "#%s ", n->tags[t]);
    draw_text(a, dst, tags, r.x + px, r.y + r.h - px / 2, (int)(px * 0.8), 0, pal.link, 0);
    draw_text(a, dst,
              mine(a, n) ? "1\u20136 colour \u00B7 N note \u00B7 Del delete \u00B7 C copy \u00B7 Esc"
                         : "C copy the quote \u00B7 Esc",
              r.x + r.w - px, r.y + r.h - px / 2, (int)(px * 0.8), ROD_FONT_ITALIC, pal.faint, 2);
}

static void draw_edit(app *a, SDL_Surface *dst, rod_palette pal)
{
    book *b = a->book;
    int px = panel_px(a);
    int w = (int)fmin(a->w - 40, 700 * a->scale);
    int inner = w - 2 * px;
    int lh = (int)(px * 1.45);
    char text[sizeof a->edit + 80];
    snprintf(text, sizeof text, "%s%s%s", a->edit, a->edit_field ? "" : a->composing, a->edit_field ? "" : "\u258F");
    int lines = wrap_text(a, NULL, text, 0, 0, inner, 0, px, 0, 0);
    if (lines < 3)
        lines = 3;
    int h = (int)fmin(a->h * 0.7, (lines + 5) * lh + 2 * px);
    SDL_Rect r = {(a->w - w) / 2, (a->h - h) / 2, w, h};
    panel_card(dst, r, pal);
    const char *quote = "";
    rod_pos s, e;
    char qbuf[300] = "";
    if (a->mark >= 0 && (size_t)a->mark < b->notes.n) {
        quote = b->notes.items[a->mark].quote;
    } else if (sel_range(a, &s, &e)) {
        const rod_block *bl = &b->doc->blocks[s.block];
        size_t from = rod_doc_pos_byte(b->doc, s);
        size_t to = s.block == e.block ? rod_doc_pos_byte(b->doc, e) : bl->len;
        snprintf(qbuf, sizeof qbuf, "%.*s", (int)(to - from < 280 ? to - from : 280), bl->text + from);
        quote = qbuf;
    }
    char head[400], line[400];
    snprintf(head, sizeof head, "Note on \u201C%s\u201D", quote ? quote : "");
    one_line(a, head, line, sizeof line, px, ROD_FONT_ITALIC, inner);
    draw_text(a, dst, line, r.x + px, r.y + 2 * px, px, ROD_FONT_ITALIC, pal.faint, 0);
    int y = r.y + 2 * px + (int)(lh * 1.4);
    SDL_Rect field = {r.x + px / 2, y - px - px / 3, r.w - px, lines * lh + px / 2};
    SDL_FillRect(dst, &field, app_rgb(dst, app_mix(pal.page, a->edit_field ? pal.faint : pal.link, 0.06)));
    wrap_text(a, dst, text, r.x + px, y, inner, r.y + r.h - 3 * lh, px, 0, pal.ink);
    SDL_SetTextInputRect(&(SDL_Rect){(int)(r.x / a->pixel_ratio), (int)(y / a->pixel_ratio), (int)(inner / a->pixel_ratio),
                                     (int)(lh / a->pixel_ratio)});
    char tags[400];
    snprintf(tags, sizeof tags, "Tags: %s%s%s", a->edit_tags, a->edit_field ? a->composing : "",
             a->edit_field ? "\u258F" : "");
    draw_text(a, dst, tags, r.x + px, r.y + r.h - (int)(1.9 * lh), px, 0, a->edit_field ? pal.ink : pal.faint, 0);
    draw_text(a, dst, "Enter saves \u00B7 Shift+Enter new line \u00B7 Tab tags \u00B7 Esc cancels", r.x + r.w - px,
              r.y + r.h - px / 2, (int)(px * 0.8), ROD_FONT_ITALIC, pal.faint, 2);
}

void annots_panel_draw(app *a, SDL_Surface *dst)
{
    rod_palette pal = rod_theme_palette(a->set.theme);
    if (a->panel == PANEL_ANNOTS)
        draw_list(a, dst, pal);
    else if (a->panel == PANEL_MARK)
        draw_mark(a, dst, pal);
    else if (a->panel == PANEL_EDIT)
        draw_edit(a, dst, pal);
}
