/* app_seek.c — seeking with the progress bar: a press on the bar opens
 * this panel, a drag shows where a release would go (the chapter's name
 * and its page, in a small card over the bar) and the release goes there,
 * recorded in the history so Alt+Left comes back. Esc while dragging
 * cancels.
 *
 * A place on the bar is a share of the book. Once the whole book is laid
 * out (app_idle.c does it in the background) the share is one of pages:
 * the middle of the bar is the page holding about half the book's pages,
 * which is what the footer's "Page N of M" promises. Until then it is a
 * share of the text (book_pos_at), the same measure the bar's filled part
 * and the chapter ticks are drawn by; the two agree to a page or two
 * where the pages are evenly full. The target is found only from pages already laid out: a
 * drag never waits for layout.
 *
 * Working state: a->seek_x, the pointer's x in window pixels (app.c sets
 * it to the press before opening the panel).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app.h"

/* The share of the book at window x on the bar. */
static double share_at(app *a, int x)
{
    SDL_Rect track, band;
    progress_bar_rect(a, &track, &band);
    if (track.w <= 1)
        return 0;
    double f = (double)(x - track.x) / (double)(track.w - 1);
    if (nav_rtl(a))
        f = 1 - f;              /* the bar fills from the right */
    return f < 0 ? 0 : f > 1 ? 1 : f;
}

/* Where a release at x goes; *page is its page number (1: the first) or
 * 0 while it is not known. */
static rod_pos target_at(app *a, int x, size_t *page)
{
    book *b = a->book;
    double f = share_at(a, x);
    size_t total;
    *page = 0;
    if (b->layout && rod_layout_pages_known(b->layout, rod_layout_chapter_count(b->layout), &total) && total > 0) {
        size_t n = (size_t)(f * (double)total);
        if (n >= total)
            n = total - 1;
        const rod_page *p = rod_layout_page(b->layout, n);    /* laid out: no work */
        if (p) {
            *page = n + 1;
            return p->start;
        }
    }
    rod_pos pos = book_pos_at(b, f);
    if (!nav_pos_page(a, pos, page))
        *page = 0;
    return pos;
}

static void seek_open(app *a)
{
    SDL_StopTextInput();
    a->dirty = true;
}

static bool seek_event(app *a, const SDL_Event *ev)
{
    switch (ev->type) {
    case SDL_MOUSEMOTION:
        a->seek_x = (int)(ev->motion.x * a->pixel_ratio);
        a->dirty = true;
        return true;
    case SDL_MOUSEBUTTONUP: {
        if (ev->button.button != SDL_BUTTON_LEFT)
            return true;
        a->seek_x = (int)(ev->button.x * a->pixel_ratio);
        size_t page;
        rod_pos pos = target_at(a, a->seek_x, &page);
        panel_close(a);
        nav_jump(a, pos, true);
        return true;
    }
    case SDL_KEYDOWN:
        if (ev->key.keysym.sym == SDLK_ESCAPE)
            panel_close(a);
        return true;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEWHEEL:
    case SDL_TEXTINPUT:
        return true;
    default:
        return false;
    }
}

/* "Part · chapter" and "Page 412 of 1510" (or "Page … · 27%"). */
static void labels(app *a, char *title, size_t tn, char *page_s, size_t pn)
{
    book *b = a->book;
    size_t page, total;
    rod_pos pos = target_at(a, a->seek_x, &page);
    long t = book_toc_at(b, pos.block);
    /* a chapter named by a number ("XV") is told apart by the part that
     * holds it: "Part III: 1805 · XV" */
    long parent = -1;
    for (long k = t - 1; t > 0 && k >= 0 && b->toc[t].depth > 0; k--)
        if (b->toc[k].depth < b->toc[t].depth) {
            parent = k;
            break;
        }
    if (parent >= 0)
        snprintf(title, tn, "%s · %s", b->toc[parent].title, b->toc[t].title);
    else
        snprintf(title, tn, "%s", t >= 0 ? b->toc[t].title : b->title);
    bool known = b->layout && rod_layout_pages_known(b->layout, rod_layout_chapter_count(b->layout), &total);
    if (page && known)
        snprintf(page_s, pn, "Page %zu of %zu", page, total);
    else if (page)
        snprintf(page_s, pn, "Page %zu", page);
    else
        snprintf(page_s, pn, "Page … · %d%%", (int)floor(share_at(a, a->seek_x) * 100));
}

static void seek_draw(app *a, SDL_Surface *dst)
{
    rod_palette pal = rod_theme_palette(a->set.theme);
    SDL_Rect track, band;
    progress_bar_rect(a, &track, &band);
    double f = share_at(a, a->seek_x);
    int x = track.x + (int)lround((nav_rtl(a) ? 1 - f : f) * (track.w - 1));
    int knob = (int)fmax(4, 4 * a->scale);
    SDL_FillRect(dst, &(SDL_Rect){x - knob / 2, track.y - knob, knob, 2 * knob + track.h}, app_rgb(dst, pal.link));
    char title[300], page_s[80];
    labels(a, title, sizeof title, page_s, sizeof page_s);
    int px = panel_px(a);
    int max_w = (int)fmin(a->w - 2 * px, 520 * a->scale);
    fit_text(a, title, px, ROD_FONT_BOLD, max_w - 2 * px);
    int w = (int)fmax(text_width(a, title, px, ROD_FONT_BOLD), text_width(a, page_s, px, 0)) + 2 * px;
    int h = (int)(3.4 * px);
    SDL_Rect card = {x - w / 2, track.y - knob - px / 2 - h, w, h};
    if (card.x < px / 2)
        card.x = px / 2;
    if (card.x + card.w > a->w - px / 2)
        card.x = a->w - px / 2 - card.w;
    SDL_FillRect(dst, &card, app_rgb(dst, pal.page));
    panel_card(dst, card, pal);
    draw_text(a, dst, title, card.x + px, card.y + (int)(1.35 * px), px, ROD_FONT_BOLD, pal.ink, 0);
    draw_text(a, dst, page_s, card.x + px, card.y + (int)(2.75 * px), px, APP_TEXT_FIGURES, pal.faint, 0);
}

/* For scripts: row 0 is what the card says, "Title | Page 12 of 40". */
static bool seek_row(app *a, int i, char *out, size_t n)
{
    if (i != 0)
        return false;
    char title[300], page_s[80];
    labels(a, title, sizeof title, page_s, sizeof page_s);
    snprintf(out, n, "%s | %s", title, page_s);
    return true;
}

const app_panel panel_seek = {"seek", false, seek_open, seek_event, seek_draw, NULL, seek_row};
