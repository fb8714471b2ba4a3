/* app_window.c — the window on the desktop: where it opens and how big,
 * its title and its icon.
 *
 * A window opens at the size and place it had last time (900×1000,
 * centred, the first time), fitted to the usable part of the display it
 * falls on (SDL_GetDisplayUsableBounds: the screen less panels and docks),
 * so the whole window — running head and footer included — is on screen:
 * a size remembered from a larger screen shrinks, and a place off every
 * screen (a monitor since unplugged) comes back onto the nearest one. Once
 * the window exists the desktop's frame around it is known and the fit is
 * made again with it. A size given with --size is kept as asked (the
 * tests rely on exact sizes) but still placed on screen. The alternative,
 * letting the window manager place it, was turned down: SDL centres a new
 * window itself, and a window taller than the screen then starts above it
 * (y = −116 for 1000 pixels on a 768-pixel screen).
 *
 * The title is handed to SDL in UTF-8. SDL's X11 code converts it to the
 * C library's locale for WM_NAME and sets _NET_WM_NAME only when that
 * conversion worked, so in the C locale a title with a dash or a Cyrillic
 * letter left _NET_WM_NAME at "rod" and WM_NAME held raw UTF-8 bytes
 * typed as Latin-1. window_locale() makes the process's character type
 * UTF-8 before SDL starts; everything else in rod reads UTF-8 itself and
 * does not depend on LC_CTYPE (its ctype calls see the same bytes as
 * characters in the C locale and in a UTF-8 one). SDL still writes
 * WM_NAME as the locale's bytes under the locale's name ("UTF-8", which
 * is no type ICCCM knows, so xdotool and older window lists find no
 * name), so on X11 this file writes WM_NAME again through Xlib as ICCCM
 * asks: STRING when the title is all Latin-1, else COMPOUND_TEXT. That is
 * the one place rod talks to Xlib.
 *
 * The icon is data/rod.svg, carried inside the program (scripts/embed.py
 * makes rod_icon_svg.c from it at build time) and drawn by SDL_image, so a
 * build that is not installed shows it too.
 */
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <SDL_image.h>
#ifdef ROD_HAVE_X11
#include <SDL_syswm.h>
#include <X11/Xutil.h>
#endif

#include "app.h"

extern const char rod_icon_svg[];
extern const size_t rod_icon_svg_len;

void window_locale(void)
{
    /* the user's own locale when it is UTF-8, else C.UTF-8 (glibc has it
     * built in); the character type alone, so numbers and messages are
     * untouched. Called before any thread starts: setlocale is not
     * thread-safe. */
    const char *got = setlocale(LC_CTYPE, "");
    if (!got || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
        setlocale(LC_CTYPE, "C.UTF-8");
}

SDL_Rect window_fit(SDL_Rect want, bool placed, bool keep_size, SDL_Rect area, const int frame[4])
{
    int top = frame ? frame[0] : 0, left = frame ? frame[1] : 0;
    int bottom = frame ? frame[2] : 0, right = frame ? frame[3] : 0;
    /* the room the window's own area (inside the frame) may take */
    SDL_Rect room = {area.x + left, area.y + top, area.w - left - right, area.h - top - bottom};
    if (room.w < 1)
        room.w = 1;
    if (room.h < 1)
        room.h = 1;
    SDL_Rect r = want;
    if (!keep_size) {
        if (r.w > room.w)
            r.w = room.w;
        if (r.h > room.h)
            r.h = room.h;
    }
    if (!placed) {
        r.x = room.x + (room.w - r.w) / 2;
        r.y = room.y + (room.h - r.h) / 2;
    }
    /* the far edges in first, then the near ones: a window larger than
     * the room (a --size) keeps its top left, and its title bar, on screen */
    if (r.x + r.w > room.x + room.w)
        r.x = room.x + room.w - r.w;
    if (r.y + r.h > room.y + room.h)
        r.y = room.y + room.h - r.h;
    if (r.x < room.x)
        r.x = room.x;
    if (r.y < room.y)
        r.y = room.y;
    return r;
}

/* The usable area of the display the rectangle falls on (the nearest one
 * when it is on none), or of the first display; false when SDL knows no
 * display's bounds. */
static bool usable_area(const SDL_Rect *want, bool placed, SDL_Rect *area)
{
    int display = placed ? SDL_GetRectDisplayIndex(want) : 0;
    if (display < 0)
        display = 0;
    return SDL_GetDisplayUsableBounds(display, area) == 0 || SDL_GetDisplayBounds(display, area) == 0;
}

static void set_icon(SDL_Window *win)
{
    SDL_RWops *rw = SDL_RWFromConstMem(rod_icon_svg, (int)rod_icon_svg_len);
    SDL_Surface *icon = rw ? IMG_LoadSizedSVG_RW(rw, 128, 128) : NULL;
    if (rw)
        SDL_RWclose(rw);
    if (!icon) {
        /* a window without its icon is still a window: say so once */
        fprintf(stderr, "rod: the window's icon could not be drawn: %s\n", IMG_GetError());
        return;
    }
    SDL_SetWindowIcon(win, icon);
    SDL_FreeSurface(icon);
}

bool window_open(app *a, const app_opts *o, Uint32 flags)
{
    const rod_settings *s = &a->set;
    SDL_Rect want = {s->window_x, s->window_y, s->window_w, s->window_h};
    bool placed = s->window_placed, keep = o->width > 0 && o->height > 0;
    SDL_Rect area, r = want;
    bool fitted = usable_area(&want, placed, &area);
    if (fitted)
        r = window_fit(want, placed, keep, area, NULL);
    else
        r.x = r.y = (int)SDL_WINDOWPOS_CENTERED;
    a->win = SDL_CreateWindow("rod", r.x, r.y, r.w, r.h, flags);
    if (!a->win)
        return false;
    /* the desktop's frame is known only once the window manager has
     * framed the window, a little after it is shown (never without a
     * window manager): the title bar and the frame's bottom edge must be
     * on screen too, so the fit is made again then (window_refit) */
    a->fit_area = area;
    a->fit_keep = keep;
    a->fit_pending = fitted && !(flags & SDL_WINDOW_FULLSCREEN_DESKTOP);
    a->fit_until = SDL_GetTicks() + 3000;
    window_refit(a);
    set_icon(a->win);
    return true;
}

void window_refit(app *a)
{
    if (!a->fit_pending || !a->win)
        return;
    if (SDL_TICKS_PASSED(SDL_GetTicks(), a->fit_until) || a->fullscreen) {
        a->fit_pending = false;     /* no frame came: nothing to allow for */
        return;
    }
    int fr[4];
    if (SDL_GetWindowBordersSize(a->win, &fr[0], &fr[1], &fr[2], &fr[3]) != 0 || !(fr[0] | fr[1] | fr[2] | fr[3]))
        return;
    a->fit_pending = false;
    SDL_Rect r;
    SDL_GetWindowPosition(a->win, &r.x, &r.y);
    SDL_GetWindowSize(a->win, &r.w, &r.h);
    SDL_Rect again = window_fit(r, true, a->fit_keep, a->fit_area, fr);
    if (again.w != r.w || again.h != r.h)
        SDL_SetWindowSize(a->win, again.w, again.h);
    if (again.x != r.x || again.y != r.y)
        SDL_SetWindowPosition(a->win, again.x, again.y);
}

void window_moved(app *a)
{
    if (a->fullscreen || !a->win || (SDL_GetWindowFlags(a->win) & (SDL_WINDOW_MAXIMIZED | SDL_WINDOW_MINIMIZED)))
        return;
    SDL_GetWindowPosition(a->win, &a->set.window_x, &a->set.window_y);
    a->set.window_placed = true;
}

/* WM_NAME in ICCCM's types (above); nothing off X11. */
static void legacy_name(SDL_Window *win, const char *title)
{
#ifdef ROD_HAVE_X11
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (!SDL_GetWindowWMInfo(win, &info) || info.subsystem != SDL_SYSWM_X11)
        return;
    Display *dpy = info.info.x11.display;
    XTextProperty prop;
    char *list[1] = {(char *)title};
    /* a character no ICCCM charset holds becomes Xlib's default string;
     * _NET_WM_NAME, which desktops read first, keeps it */
    if (Xutf8TextListToTextProperty(dpy, list, 1, XStdICCTextStyle, &prop) < 0)
        return;
    XSetWMName(dpy, info.info.x11.window, &prop);
    XFree(prop.value);
    XFlush(dpy);
#else
    (void)win;
    (void)title;
#endif
}

void window_title(app *a, const char *title)
{
    /* "Title — rod", the title cut between characters to a length any
     * window list can show */
    enum { MAX = 400 };
    char t[MAX + 16];
    size_t n = title ? strlen(title) : 0;
    if (n > MAX) {
        n = MAX;
        while (n > 0 && ((unsigned char)title[n] & 0xC0) == 0x80)
            n--;
    }
    if (n)
        snprintf(t, sizeof t, "%.*s%s — rod", (int)n, title, n < strlen(title) ? "…" : "");
    else
        snprintf(t, sizeof t, "Library — rod");
    SDL_SetWindowTitle(a->win, t);
    legacy_name(a->win, t);
}
