/* app_toc.c — the contents panel (T): the book's headings as a tree.
 *
 * The headings (book->toc, in reading order with a depth each) are shown
 * as a tree that opens and closes an entry at a time: it opens collapsed
 * to the top levels, with the path to the current chapter opened, the
 * current chapter highlighted and scrolled into view. Each row shows its
 * page under the current layout once that is known, and "…" until then:
 * the book is laid out in the background (app_idle.c), which redraws the
 * window as chapters finish, so the numbers fill in while the panel is
 * open. Nothing here is stored: the tree's state lives while the panel
 * is open, and pages come from positions (nav_pos_page).
 *
 * Working state: toc_entry.open (whether an entry shows its children)
 * and a->rows / a->nrows, the entries shown, rebuilt after every opening
 * or closing; a->sel and a->scroll index a->rows. The tree could have
 * been drawn from a recursive walk on every frame instead; the flat list
 * of rows is what the list widgets (app_widgets.c) and clicks need.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

typedef struct toc_box {
    SDL_Rect r;
    int px, row_h, first_y, rows;
} toc_box;

static toc_box box_of(app *a)
{
    toc_box p = {.px = panel_px(a)};
    p.row_h = (int)(p.px * 1.75);
    int w = (int)fmin(a->w * 0.5, 620 * a->scale);
    p.r = (SDL_Rect){0, 0, w < 200 ? a->w : w, a->h};
    if (nav_rtl(a))
        p.r.x = a->w - p.r.w;   /* a right-to-left book's contents open from the right */
    p.first_y = 3 * p.px;
    p.rows = (a->h - p.first_y - p.px) / p.row_h;
    if (p.rows < 1)
        p.rows = 1;
    return p;
}

static bool has_children(const book *b, size_t i)
{
    return i + 1 < b->ntoc && b->toc[i + 1].depth > b->toc[i].depth;
}

static long parent_of(const book *b, size_t i)
{
    for (size_t k = i; k-- > 0;)
        if (b->toc[k].depth < b->toc[i].depth)
            return (long)k;
    return -1;
}

/* a->rows: every entry whose ancestors are all open. */
static void build_rows(app *a)
{
    book *b = a->book;
    free(a->rows);
    a->nrows = 0;
    a->rows = malloc((b->ntoc + 1) * sizeof *a->rows);
    if (!a->rows)
        return;
    int hide_below = -1;    /* entries deeper than this are inside a closed one */
    for (size_t i = 0; i < b->ntoc; i++) {
        if (hide_below >= 0 && b->toc[i].depth > hide_below)
            continue;
        hide_below = -1;
        a->rows[a->nrows++] = i;
        if (!b->toc[i].open && has_children(b, i))
            hide_below = b->toc[i].depth;
    }
}

static int row_of_entry(const app *a, size_t entry)
{
    for (size_t r = 0; r < a->nrows; r++)
        if (a->rows[r] == entry)
            return (int)r;
    return -1;
}

static void keep_visible(app *a)
{
    list_clamp(&a->sel, &a->scroll, (int)a->nrows, box_of(a).rows);
}

static void toc_open(app *a)
{
    book *b = a->book;
    SDL_StopTextInput();
    for (size_t i = 0; i < b->ntoc; i++)
        b->toc[i].open = false;
    /* the top levels: a level opens while the list stays short enough to
     * take in (a book wrapped in one heading, its title, opens that one;
     * parts that hold 380 chapters stay closed) */
    build_rows(a);
    for (int d = 0; d < 8; d++) {
        size_t more = 0;
        for (size_t r = 0; r < a->nrows; r++)
            for (size_t i = a->rows[r] + 1; i < b->ntoc && b->toc[i].depth > b->toc[a->rows[r]].depth; i++)
                more += b->toc[i].depth == d + 1 && b->toc[a->rows[r]].depth == d;
        if (more == 0 || a->nrows + more > 40)
            break;
        for (size_t i = 0; i < b->ntoc; i++)
            if (b->toc[i].depth == d)
                b->toc[i].open = true;
        build_rows(a);
    }
    /* the current chapter: its ancestors opened, selected, a third down */
    long cur = book_toc_at(b, b->anchor.block);
    for (long k = cur; k >= 0; k = parent_of(b, (size_t)k))
        if (k != cur)
            b->toc[k].open = true;
    build_rows(a);
    a->sel = cur >= 0 ? row_of_entry(a, (size_t)cur) : 0;
    if (a->sel < 0)
        a->sel = 0;
    a->scroll = a->sel - box_of(a).rows / 3;
    keep_visible(a);
}

static void toc_close(app *a)
{
    free(a->rows);
    a->rows = NULL;
    a->nrows = 0;
}

/* Opens or closes the entry of row; the selection stays on it. */
static void set_open(app *a, int row, bool open)
{
    book *b = a->book;
    size_t e = a->rows[row];
    if (!has_children(b, e) || b->toc[e].open == open)
        return;
    b->toc[e].open = open;
    build_rows(a);
    a->sel = row_of_entry(a, e);
    keep_visible(a);
}

/* Left, -: closes the entry, or goes to the one holding it. */
static void close_level(app *a)
{
    book *b = a->book;
    size_t e = a->rows[a->sel];
    if (b->toc[e].open && has_children(b, e)) {
        set_open(a, a->sel, false);
        return;
    }
    long p = parent_of(b, e);
    if (p >= 0) {
        a->sel = row_of_entry(a, (size_t)p);
        keep_visible(a);
    }
}

/* Right, +: opens the entry, or goes to its first child when open. */
static void open_level(app *a)
{
    book *b = a->book;
    size_t e = a->rows[a->sel];
    if (!has_children(b, e))
        return;
    if (!b->toc[e].open)
        set_open(a, a->sel, true);
    else if (a->sel + 1 < (int)a->nrows) {
        a->sel++;
        keep_visible(a);
    }
}

static void jump(app *a, int row)
{
    size_t block = a->book->toc[a->rows[row]].block;
    panel_close(a);
    nav_jump(a, (rod_pos){block, 0}, true);
}

/* Where an entry's triangle and title begin, window pixels, counted
 * from the card's left edge (the right one in a right-to-left book: see
 * flip). */
static int row_indent(const toc_box *p, const toc_entry *e)
{
    return p->r.x + p->px + e->depth * (int)(1.4 * p->px);
}

/* x of something w wide at x in the card, mirrored in a right-to-left
 * book: the tree grows from the right edge, titles end there. */
static int flip(app *a, const toc_box *p, int x, int w)
{
    return nav_rtl(a) ? 2 * p->r.x + p->r.w - x - w : x;
}

static bool toc_event(app *a, const SDL_Event *ev)
{
    toc_box p = box_of(a);
    int n = (int)a->nrows;
    if (ev->type == SDL_MOUSEWHEEL) {
        list_scroll(&a->scroll, ev->wheel.y * 3, n, p.rows);
        a->dirty = true;
        return true;
    }
    if (ev->type == SDL_MOUSEBUTTONDOWN) {
        int x = (int)(ev->button.x * a->pixel_ratio), y = (int)(ev->button.y * a->pixel_ratio);
        if (x >= p.r.x + p.r.w || x < p.r.x) {
            panel_close(a);
            return true;
        }
        int top = p.first_y - p.row_h * 2 / 3;
        int row = y >= top ? a->scroll + (y - top) / p.row_h : -1;
        if (row >= 0 && row < n && row < a->scroll + p.rows) {
            a->sel = row;
            const toc_entry *e = &a->book->toc[a->rows[row]];
            int indent = row_indent(&p, e);
            int tri_w = (int)(1.2 * p.px), tri_x = flip(a, &p, indent, tri_w);
            bool on_tri = nav_rtl(a) ? x >= tri_x : x < indent + tri_w;
            if (on_tri && has_children(a->book, a->rows[row]))
                set_open(a, row, !e->open);
            else
                jump(a, row);
        }
        a->dirty = true;
        return true;
    }
    if (ev->type != SDL_KEYDOWN)
        return panel_swallows(ev);
    SDL_Keycode k = ev->key.keysym.sym;
    a->dirty = true;
    if (k == SDLK_ESCAPE || k == SDLK_t) {
        panel_close(a);
        return true;
    }
    if (n == 0 || list_move(k, &a->sel, &a->scroll, n, p.rows))
        return true;
    /* the tree of a right-to-left book grows to the left: Left opens */
    if (nav_rtl(a) && (k == SDLK_LEFT || k == SDLK_RIGHT))
        k = k == SDLK_LEFT ? SDLK_RIGHT : SDLK_LEFT;
    switch (k) {
    case SDLK_LEFT:
    case SDLK_MINUS:
    case SDLK_KP_MINUS:
        close_level(a);
        break;
    case SDLK_RIGHT:
    case SDLK_PLUS:
    case SDLK_EQUALS:
    case SDLK_KP_PLUS:
        open_level(a);
        break;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
    case SDLK_SPACE:
        jump(a, a->sel);
        break;
    default:
        break;
    }
    return true;
}

/* The page an entry starts on, or "…" while it is not known. */
static void entry_page(app *a, const toc_entry *e, char *out, size_t n)
{
    page_label(a, (rod_pos){e->block, 0}, out, n);
}

/* A small filled triangle in a px square at (x, y top): pointing right
 * (closed) or down (open). Drawn, not a glyph: not every book face has
 * the geometric shapes. */
static void triangle(SDL_Surface *dst, int x, int y, int px, bool open, bool rtl, Uint32 colour)
{
    int s = px * 5 / 12;
    if (s < 3)
        s = 3;
    int cx = x + px / 2, cy = y + px / 2;
    for (int i = 0; i <= s; i++) {
        int half = s - i;
        SDL_Rect line = open ? (SDL_Rect){cx - half, cy - s / 2 + i, 2 * half + 1, 1}
                             : (SDL_Rect){rtl ? cx + s / 2 - i : cx - s / 2 + i, cy - half, 1, 2 * half + 1};
        SDL_FillRect(dst, &line, colour);
    }
}

static void toc_draw(app *a, SDL_Surface *dst)
{
    book *b = a->book;
    rod_palette pal = rod_theme_palette(a->set.theme);
    toc_box p = box_of(a);
    int px = p.px;
    panel_card(dst, p.r, pal);
    bool rtl = nav_rtl(a);
    draw_text(a, dst, "Contents", rtl ? p.r.x + p.r.w - px : p.r.x + px, (int)(1.8 * px), px,
              ROD_FONT_SMALLCAPS, pal.faint, rtl ? 2 : 0);
    draw_text(a, dst, rtl ? "Right, Left: close, open · Enter: go" : "Left, Right: close, open · Enter: go",
              rtl ? p.r.x + px : p.r.x + p.r.w - px,
              (int)(1.8 * px), (int)(px * 0.8), ROD_FONT_ITALIC, pal.faint, rtl ? 0 : 2);
    long cur = book_toc_at(b, b->anchor.block);
    for (int i = 0; i < p.rows && a->scroll + i < (int)a->nrows; i++) {
        int row = a->scroll + i;
        size_t idx = a->rows[row];
        const toc_entry *e = &b->toc[idx];
        int y = p.first_y + i * p.row_h;
        SDL_Rect band = {p.r.x + 1, y - p.row_h * 2 / 3, p.r.w - 2, p.row_h};
        if (row == a->sel)
            SDL_FillRect(dst, &band, app_rgb(dst, app_mix(pal.page, pal.link, 0.16)));
        bool here = (long)idx == cur;
        if (here) {
            SDL_Rect mark = {band.x, band.y, (int)fmax(3, 3 * a->scale), band.h};
            mark.x = flip(a, &p, mark.x, mark.w);
            SDL_FillRect(dst, &mark, app_rgb(dst, pal.link));
        }
        int indent = row_indent(&p, e);
        if (has_children(b, idx))
            triangle(dst, flip(a, &p, indent, px * 3 / 4), y - px * 3 / 4, px * 3 / 4, e->open, rtl,
                     app_rgb(dst, pal.faint));
        int tx = indent + (int)(1.2 * px);
        int right = p.r.x + p.r.w - px;
        char page[32], title[512];
        entry_page(a, e, page, sizeof page);
        unsigned style = here ? ROD_FONT_BOLD : 0;
        snprintf(title, sizeof title, "%s", e->title);
        fit_text(a, title, px, style, right - tx - 3 * px);
        /* the book's words in its direction; the page at the far end */
        a->text_dir = rtl ? ROD_DIR_RTL : ROD_DIR_AUTO;
        draw_text(a, dst, title, flip(a, &p, tx, 0), y, px, style, here ? pal.link : pal.ink, rtl ? 2 : 0);
        a->text_dir = ROD_DIR_AUTO;
        draw_text(a, dst, page, flip(a, &p, right, 0), y, px, APP_TEXT_FIGURES, pal.faint, rtl ? 0 : 2);
    }
    if (b->ntoc == 0)
        draw_text(a, dst, "This book has no chapters with titles.", flip(a, &p, p.r.x + px, 0), p.first_y, px,
                  ROD_FONT_ITALIC, pal.faint, rtl ? 2 : 0);
}

/* For scripts: "+ Title | 12" (+ closed, - open, . no children), then
 * " (current)" for the reader's chapter and " (selected)", or
 * " (off screen)" when the row is scrolled away. */
static bool toc_row(app *a, int row, char *out, size_t n)
{
    if (row < 0 || row >= (int)a->nrows)
        return false;
    book *b = a->book;
    size_t idx = a->rows[row];
    const toc_entry *e = &b->toc[idx];
    char page[32];
    entry_page(a, e, page, sizeof page);
    int shown = box_of(a).rows;
    snprintf(out, n, "%s %s | %s%s%s%s", has_children(b, idx) ? (e->open ? "-" : "+") : ".", e->title, page,
             (long)idx == book_toc_at(b, b->anchor.block) ? " (current)" : "", row == a->sel ? " (selected)" : "",
             row < a->scroll || row >= a->scroll + shown ? " (off screen)" : "");
    return true;
}

const app_panel panel_toc = {"contents", false, toc_open, toc_event, toc_draw, toc_close, toc_row};
