/* app_library.c — the library view: the window's face when no book is
 * open. Books come from the catalog (rod_library.h), most recently read
 * first, each with its authors, progress and when it was last read; Enter
 * or a click opens one at its saved position. A book dropped on the window
 * opens too (app.c) and joins the catalog.
 *
 * The view is an app_panel (app.h), library_view, but not one of the
 * panel_kind panels: those open over the page or over this view (help
 * and settings may open without a book) and take events first, while
 * this one is what the window is when a->book is NULL. app.c alone uses
 * it: open reads the catalog afresh (at start and on L), event and draw
 * run while no book is open, close frees the rows and covers at the end.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

static int row_px(app *a)
{
    return (int)fmax(14 * a->scale, a->font_px * 0.85);
}

static int row_h(app *a)
{
    return row_px(a) * 3;
}

static int first_y(app *a)
{
    return (int)(row_px(a) * 5.5);
}

static int rows_shown(app *a)
{
    int n = (a->h - first_y(a)) / row_h(a);
    return n < 1 ? 1 : n;
}

static void free_thumbs(app *a)
{
    for (size_t i = 0; a->thumbs && i < a->nbooks; i++)
        SDL_FreeSurface(a->thumbs[i]);
    free(a->thumbs);
    free(a->thumb_tried);
    a->thumbs = NULL;
    a->thumb_tried = NULL;
}

static void library_free(app *a)
{
    free_thumbs(a);
    rod_lib_books_free(a->books, a->nbooks);
    a->books = NULL;
    a->nbooks = 0;
}

/* The cover of row `row` scaled to the row, decoded the first time it is
 * drawn (a library of hundreds of books decodes only what is shown). */
static SDL_Surface *thumb(app *a, int row, int w, int h)
{
    if (!a->thumbs || (size_t)row >= a->nbooks)
        return NULL;
    if (!a->thumb_tried[row]) {
        a->thumb_tried[row] = true;
        void *data = NULL;
        size_t len = 0;
        if (a->lib && a->books[row].fingerprint &&
            rod_lib_cover(a->lib, a->books[row].fingerprint, &data, &len) == ROD_OK && data)
            a->thumbs[row] = rod_image_thumbnail(data, len, w, h);
        free(data);
    }
    return a->thumbs[row];
}

static void library_refresh(app *a)
{
    free_thumbs(a);
    rod_lib_books_free(a->books, a->nbooks);
    a->books = NULL;
    a->nbooks = 0;
    if (a->lib && rod_lib_list(a->lib, ROD_LIB_BY_READ, &a->books, &a->nbooks) != ROD_OK)
        app_toast(a, "%s", rod_lib_message(a->lib));
    if (a->nbooks) {
        a->thumbs = calloc(a->nbooks, sizeof *a->thumbs);
        a->thumb_tried = calloc(a->nbooks, sizeof *a->thumb_tried);
        if (!a->thumbs || !a->thumb_tried)
            free_thumbs(a);
    }
    a->sel = a->scroll = 0;
    a->dirty = true;
}

static void open_row(app *a, int row)
{
    if (row < 0 || (size_t)row >= a->nbooks)
        return;
    char path[4096];
    snprintf(path, sizeof path, "%s", a->books[row].path);
    app_open_book(a, path);
}

static bool library_event(app *a, const SDL_Event *ev)
{
    int n = (int)a->nbooks;
    if (ev->type == SDL_MOUSEBUTTONDOWN && ev->button.button == SDL_BUTTON_LEFT) {
        int y = (int)(ev->button.y * a->pixel_ratio) - (first_y(a) - row_px(a) * 3 / 2);
        if (y >= 0) {
            int row = a->scroll + y / row_h(a);
            if (row < n) {
                a->sel = row;
                open_row(a, row);
            }
        }
        return true;
    }
    if (ev->type == SDL_MOUSEWHEEL) {
        list_scroll(&a->scroll, ev->wheel.y, n, rows_shown(a));
        a->dirty = true;
        return true;
    }
    if (ev->type != SDL_KEYDOWN)
        return false;
    SDL_Keycode k = ev->key.keysym.sym;
    if (!list_move(k, &a->sel, &a->scroll, n, rows_shown(a))) {
        switch (k) {
        case SDLK_RETURN:
        case SDLK_KP_ENTER:
            open_row(a, a->sel);
            return true;
        case SDLK_ESCAPE:
            a->quit = true;
            return true;
        default:
            return false;
        }
    }
    a->dirty = true;
    return true;
}

static void library_draw(app *a, SDL_Surface *dst)
{
    rod_palette pal = rod_theme_palette(a->set.theme);
    int px = row_px(a);
    int x = (int)fmax(a->margin_x, 40 * a->scale);
    int right = a->w - x;
    draw_text(a, dst, "Library", x, px * 3, (int)(px * 1.6), ROD_FONT_SMALLCAPS, pal.ink, 0);
    if (a->nbooks == 0) {
        draw_text(a, dst, "No books yet. Drop a book on this window, or add a folder of them:", x, first_y(a), px,
                  ROD_FONT_ITALIC, pal.faint, 0);
        rod_font_spec mono = {ROD_FAMILY_MONO, 0, (uint16_t)px};
        const char *cmd = "rod library add ~/Books";
        rod_fonts_draw(a->fonts, mono, cmd, strlen(cmd), dst, x + 2 * px, first_y(a) + 2 * px, pal.ink);
        return;
    }
    char count[64];
    snprintf(count, sizeof count, "%zu book%s", a->nbooks, a->nbooks == 1 ? "" : "s");
    draw_text(a, dst, count, right, px * 3, px, 0, pal.faint, 2);
    for (int i = 0; i < rows_shown(a) && a->scroll + i < (int)a->nbooks; i++) {
        int row = a->scroll + i;
        const rod_lib_book *bk = &a->books[row];
        int y = first_y(a) + i * row_h(a);
        if (row == a->sel) {
            SDL_Rect bar = {x - px / 2, y - px * 3 / 2, right - x + px, row_h(a) - px / 3};
            SDL_FillRect(dst, &bar, app_rgb(dst, app_mix(pal.page, pal.link, 0.12)));
        }
        /* the cover, in a slot of book shape at the left of the row */
        int th = row_h(a) - px, tw = th * 2 / 3;
        SDL_Surface *cover = thumb(a, row, tw, th);
        int tx = x;
        if (cover) {
            SDL_Rect at = {x + (tw - cover->w) / 2, y - px * 3 / 2 + px / 3 + (th - cover->h) / 2,
                           cover->w, cover->h};
            SDL_BlitSurface(cover, NULL, dst, &at);
        } else {
            SDL_Rect frame = {x, y - px * 3 / 2 + px / 3, tw, th};
            SDL_FillRect(dst, &frame, app_rgb(dst, app_mix(pal.page, pal.faint, 0.18)));
        }
        tx = x + tw + px;
        int w = draw_text(a, dst, bk->title && *bk->title ? bk->title : bk->path, tx, y, px, ROD_FONT_BOLD, pal.ink, 0);
        if (bk->authors && *bk->authors) {
            char by[300];
            snprintf(by, sizeof by, "  %s", bk->authors);
            /* never into the progress column */
            fit_text(a, by, px, ROD_FONT_ITALIC, right - 7 * px - (tx + w));
            draw_text(a, dst, by, tx + w, y, px, ROD_FONT_ITALIC, pal.ink, 0);
        }
        char info[300];
        char when[32] = "not yet opened";
        if (bk->last_read)
            snprintf(when, sizeof when, "read %.10s", bk->last_read);
        snprintf(info, sizeof info, "%s · %zu words · %s%s", bk->format ? bk->format : "", bk->words, when,
                 bk->annotations ? " · with notes" : "");
        draw_text(a, dst, info, tx, y + (int)(px * 1.3), (int)(px * 0.82), 0, pal.faint, 0);
        char pct[16];
        snprintf(pct, sizeof pct, "%d%%", (int)(bk->progress * 100));
        draw_text(a, dst, pct, right, y, px, 0, pal.faint, 2);
        int bw = (int)(6 * px);
        SDL_Rect track = {right - bw, y + px, bw, 1};
        SDL_FillRect(dst, &track, app_rgb(dst, pal.faint));
        SDL_Rect done = {right - bw, y + px - 1, (int)(bw * bk->progress), 3};
        SDL_FillRect(dst, &done, app_rgb(dst, pal.ink));
    }
}

const app_panel library_view = {"library", true, library_refresh, library_event, library_draw, library_free, NULL};
