/* app_widgets.c — the small parts panels are built of: a panel's text
 * size and card, a list's selected row and scrolling, text cut to a
 * width, a text field's backspace.
 *
 * Every panel (app_panels.c, app_link.c, app_annots.c, app_library.c)
 * draws and moves through the same lists and cards, so the rules (a
 * selected row is always visible, the wheel never scrolls past the end,
 * an ellipsis ends a cut line on a whole character) live here once. This
 * file is no panel: it knows only the app struct's geometry and the text
 * drawing of app_draw.c, never which panel is open, so the panel files
 * can share it without knowing each other.
 */
#include <math.h>
#include <string.h>

#include "app.h"

int panel_px(app *a)
{
    return (int)fmax(13 * a->scale, a->font_px * 0.8);
}

bool panel_swallows(const SDL_Event *ev)
{
    return ev->type == SDL_TEXTINPUT || ev->type == SDL_MOUSEBUTTONUP || ev->type == SDL_MOUSEMOTION;
}

void list_clamp(int *sel, int *scroll, int n, int rows)
{
    if (*sel >= n)
        *sel = n - 1;
    if (*sel < 0)
        *sel = 0;
    if (*sel < *scroll)
        *scroll = *sel;
    if (*sel >= *scroll + rows)
        *scroll = *sel - rows + 1;
    /* never scrolled past the end: rows left empty below the last while
     * rows above are hidden (the selection stays shown: sel < n) */
    if (*scroll > n - rows)
        *scroll = n - rows;
    if (*scroll < 0)
        *scroll = 0;
}

void list_scroll(int *scroll, int up, int n, int rows)
{
    *scroll -= up;
    if (*scroll > n - rows)
        *scroll = n - rows;
    if (*scroll < 0)
        *scroll = 0;
}

bool list_move(SDL_Keycode k, int *sel, int *scroll, int n, int rows)
{
    switch (k) {
    case SDLK_UP:
        (*sel)--;
        break;
    case SDLK_DOWN:
        (*sel)++;
        break;
    case SDLK_PAGEUP:
        *sel -= rows;
        break;
    case SDLK_PAGEDOWN:
        *sel += rows;
        break;
    case SDLK_HOME:
        *sel = 0;
        break;
    case SDLK_END:
        *sel = n - 1;
        break;
    default:
        return false;
    }
    list_clamp(sel, scroll, n, rows);
    return true;
}

void delete_last_char(char *s)
{
    size_t n = strlen(s);
    while (n > 0) {
        n--;
        if (((unsigned char)s[n] & 0xC0) != 0x80)
            break;
    }
    s[n] = '\0';
}

void panel_card(SDL_Surface *dst, SDL_Rect r, rod_palette pal)
{
    SDL_FillRect(dst, &r, app_rgb(dst, app_mix(pal.page, pal.faint, 0.10)));
    Uint32 edge = app_rgb(dst, app_mix(pal.page, pal.faint, 0.55));
    SDL_Rect e[4] = {{r.x, r.y, r.w, 1}, {r.x, r.y + r.h - 1, r.w, 1}, {r.x, r.y, 1, r.h}, {r.x + r.w - 1, r.y, 1, r.h}};
    SDL_FillRects(dst, e, 4, edge);
}

/* Text cut to fit width, with an ellipsis. */
void fit_text(app *a, char *s, int px, unsigned style, int width)
{
    if (text_width(a, s, px, style) <= width)
        return;
    size_t n = strlen(s);
    while (n > 0) {
        do
            n--;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80);
        memcpy(s + n, "…", sizeof "…");
        if (text_width(a, s, px, style) <= width)
            return;
    }
}

void page_label(app *a, rod_pos pos, char *out, size_t n)
{
    size_t page;
    if (nav_pos_page(a, pos, &page))
        snprintf(out, n, "%zu", page);
    else
        snprintf(out, n, "…");
}
