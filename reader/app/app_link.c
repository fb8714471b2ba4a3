/* app_link.c — the question before a link leaves the book.
 *
 * A click on a link to an address outside the book opens nothing by
 * itself: a small panel shows the address rod would hand to the system,
 * with Open and Cancel (Enter and Esc). Its input is a->link, which only
 * nav_follow() (app_nav.c) sets, to what rod_link_judge() keeps (http,
 * https, mailto; a link rod does not open gets a toast and no question),
 * before it opens PANEL_LINK. Only Open calls open_url(), the one place
 * the window hands an address to the desktop, so even a document that
 * did not come through a reader cannot make the window run something. A
 * book is content from anywhere, and a single click used to be enough
 * for it to start a program (xdg-open file:///etc/passwd).
 *
 * Under a script (tests, --bench) nothing goes to the desktop: the address
 * is recorded in a->opened, which `expect opened` checks.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app.h"

enum { ADDRESS_LINES = 4 };

typedef struct link_box {
    SDL_Rect card, open, cancel;
    int px, first_y, line_h;
} link_box;

static link_box link_box_of(app *a)
{
    link_box b = {.px = panel_px(a)};
    int px = b.px;
    b.line_h = (int)(px * 1.45);
    int w = (int)fmin(a->w - 40, 640 * a->scale);
    int h = 3 * px + ADDRESS_LINES * b.line_h + 4 * px;
    b.card = (SDL_Rect){(a->w - w) / 2, (a->h - h) / 2, w, h};
    b.first_y = b.card.y + 3 * px + b.line_h;
    int bw = (int)(px * 6.5), bh = (int)(px * 2.2);
    int by = b.card.y + b.card.h - bh - px;
    b.open = (SDL_Rect){b.card.x + b.card.w - px - bw, by, bw, bh};
    b.cancel = (SDL_Rect){b.open.x - px - bw, by, bw, bh};
    return b;
}

/* Hands url to the desktop (SDL_OpenURL), and records it in a->opened;
 * under a script (headless) it only records. Called only from the
 * question's Open. */
static void open_url(app *a, const char *url)
{
    snprintf(a->opened, sizeof a->opened, "%s", url);
    a->opened_count++;
    if (!a->headless && SDL_OpenURL(url) != 0) {
        app_toast(a, "Cannot open %s: %s", url, SDL_GetError());
        return;
    }
    app_toast(a, "Opening %s", url);
}

static void answer(app *a, bool open)
{
    char url[sizeof a->link];
    snprintf(url, sizeof url, "%s", a->link);
    a->link[0] = '\0';
    panel_close(a);
    if (open)
        open_url(a, url);
}

static bool in_rect(SDL_Rect r, int x, int y)
{
    return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

static bool link_event(app *a, const SDL_Event *ev)
{
    if (ev->type == SDL_KEYDOWN) {
        SDL_Keycode k = ev->key.keysym.sym;
        if (k == SDLK_RETURN || k == SDLK_KP_ENTER)
            answer(a, true);
        else if (k == SDLK_ESCAPE)
            answer(a, false);
        return true;
    }
    if (ev->type == SDL_MOUSEBUTTONDOWN) {
        link_box b = link_box_of(a);
        int x = (int)(ev->button.x * a->pixel_ratio), y = (int)(ev->button.y * a->pixel_ratio);
        if (in_rect(b.open, x, y))
            answer(a, true);
        else if (in_rect(b.cancel, x, y) || !in_rect(b.card, x, y))
            answer(a, false);
        return true;
    }
    return true;    /* nothing reaches the page while the question is open */
}

/* The longest start of s (whole characters) at most width wide. */
static size_t fitting(app *a, const char *s, int px, int width)
{
    size_t lo = 0, hi = strlen(s);
    char buf[APP_LINK_MAX];
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        while (mid > lo && ((unsigned char)s[mid] & 0xC0) == 0x80)
            mid--;
        if (mid == lo)
            break;
        memcpy(buf, s, mid);
        buf[mid] = '\0';
        if (text_width(a, buf, px, 0) <= width)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

static void link_draw(app *a, SDL_Surface *dst)
{
    rod_palette pal = rod_theme_palette(a->set.theme);
    link_box b = link_box_of(a);
    int px = b.px, width = b.card.w - 2 * px;
    panel_card(dst, b.card, pal);
    draw_text(a, dst, "Open this address outside rod?", b.card.x + px, b.card.y + 2 * px, px, ROD_FONT_BOLD,
              pal.ink, 0);
    /* the address as it will be opened, broken anywhere to fit */
    const char *s = a->link;
    for (int line = 0; line < ADDRESS_LINES && *s; line++) {
        char text[sizeof a->link + 4];
        size_t n = fitting(a, s, px, width);
        if (n == 0)
            n = 1;
        while (s[n] && ((unsigned char)s[n] & 0xC0) == 0x80)
            n++;
        snprintf(text, sizeof text, "%.*s", (int)n, s);
        if (line == ADDRESS_LINES - 1 && s[n]) {
            snprintf(text, sizeof text, "%s", s);
            fit_text(a, text, px, 0, width);
        }
        draw_text(a, dst, text, b.card.x + px, b.first_y + line * b.line_h, px, 0, pal.link, 0);
        s += n;
    }
    SDL_Rect buttons[2] = {b.cancel, b.open};
    const char *labels[2] = {"Cancel", "Open"};
    for (int i = 0; i < 2; i++) {
        SDL_FillRect(dst, &buttons[i], app_rgb(dst, app_mix(pal.page, i ? pal.link : pal.faint, i ? 0.22 : 0.12)));
        draw_text(a, dst, labels[i], buttons[i].x + buttons[i].w / 2, buttons[i].y + buttons[i].h * 2 / 3, px,
                  i ? ROD_FONT_BOLD : 0, pal.ink, 1);
    }
    draw_text(a, dst, "Enter opens, Esc cancels", b.card.x + px, b.open.y + b.open.h * 2 / 3, (int)(px * 0.8),
              ROD_FONT_ITALIC, pal.faint, 0);
}

static void link_open(app *a)
{
    (void)a;
    SDL_StopTextInput();
}

const app_panel panel_link = {"link", false, link_open, link_event, link_draw, NULL, NULL};
