/* app_start.c — the window's opening: the book read on a thread while
 * SDL, the window, the fonts and the library open on the main one.
 *
 * A big book takes longer to read (document, fingerprint, contents, word
 * counts, hyphenation dictionaries) than a fast display takes to show a
 * window, so the two are done side by side: book_read(), book_index() and
 * rod_layout_prepare() on a second thread, which touches no SDL and no
 * part of the app struct, and on the main thread SDL, the window in the
 * page's colour, the faces, the library and its worker, and then the
 * common glyphs drawn once so they are rasterized before the first frame.
 * The invariant: the loading thread hands over only through its loader
 * (under its mutex), and app_start() joins it before it returns, so the
 * rest of the window never sees a second thread here. Reading the book
 * first and then opening the window was turned down: the window would
 * appear a whole book's reading later.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

/* What the loading thread hands over: the book read (NULL, with err, when
 * it could not be) and whether it is done. */
typedef struct loader {
    const char *path;
    book *book;                 /* NULL when it could not be read */
    char err[600];
    bool done;
    pthread_mutex_t mu;
} loader;

static void *load_thread(void *arg)
{
    loader *l = arg;
    book *b = book_read(l->path, l->err, sizeof l->err);
    if (b && !book_index(b)) {
        snprintf(l->err, sizeof l->err, "out of memory opening %s", l->path);
        book_free(b);
        b = NULL;
    }
    if (b)
        rod_layout_prepare(b->doc);     /* the document is only read here */
    pthread_mutex_lock(&l->mu);
    l->book = b;
    l->done = true;
    pthread_mutex_unlock(&l->mu);
    return NULL;
}

static bool load_done(loader *l)
{
    pthread_mutex_lock(&l->mu);
    bool done = l->done;
    pthread_mutex_unlock(&l->mu);
    return done;
}

/* Draws the common letters in the styles and sizes of a page and its
 * heads, so that the glyphs are rasterized while the book is still loading
 * on the other thread rather than during the first frame; stops as soon
 * as the book is there (load NULL: a book read on this thread, or none). */
static void warm_glyphs(app *a, loader *load)
{
    static const char sample[] = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 "
                                 ".,;:!?'\"()-\u2014\u2013\u201c\u201d\u2018\u2019\u2026";
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 64, 64, 32, SDL_PIXELFORMAT_RGB888);
    if (!s)
        return;
    int small = (int)fmax(11 * a->scale, a->font_px * 0.66);
    const struct {
        int px;
        unsigned style;
    } sets[] = {{a->font_px, 0}, {a->font_px, ROD_FONT_ITALIC}, {small, 0}, {small, ROD_FONT_ITALIC},
                {small, ROD_FONT_SMALLCAPS}};
    for (size_t i = 0; i < sizeof sets / sizeof sets[0] && !(load && load_done(load)); i++)
        rod_fonts_draw(a->fonts, (rod_font_spec){ROD_FAMILY_BOOK, (uint8_t)sets[i].style, (uint16_t)sets[i].px},
                       sample, strlen(sample), s, 0, 40, 0);
    SDL_FreeSurface(s);
}

/* SDL, the window and its surface, the fonts and the library; false
 * (with a message on stderr) when there can be no window. */
static bool open_window(app *a, const app_opts *o)
{
    /* pages are drawn in software; a GL texture behind the window surface
     * (llvmpipe on Xvfb and headless machines) only adds a copy */
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    /* a click on a word waits this long before turning the page (app_select.c) */
    SDL_SetHint(SDL_HINT_MOUSE_DOUBLE_CLICK_TIME, "300");
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "rod: no display to open the window on (%s)\n", SDL_GetError());
        fprintf(stderr, "rod: without a display, `rod render BOOK` draws pages to PNG files;"
                        " `rod --help` lists the other commands\n");
        return false;
    }
    /* with no display SDL falls back on its offscreen driver by itself,
     * and the window would wait unseen for keys no one can press; that
     * driver is for those who ask for it (SDL_VIDEODRIVER=offscreen, the
     * tests) */
    const char *driver = SDL_GetCurrentVideoDriver(), *asked = SDL_GetHint(SDL_HINT_VIDEODRIVER);
    if (driver && (!strcmp(driver, "offscreen") || !strcmp(driver, "dummy")) && !(asked && *asked)) {
        fprintf(stderr, "rod: no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set)\n");
        fprintf(stderr, "rod: without a display, `rod render BOOK` draws pages to PNG files;"
                        " `rod --help` lists the other commands\n");
        return false;
    }
    SDL_StopTextInput();
    SDL_EventState(SDL_DROPFILE, SDL_ENABLE);
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    if (o->fullscreen)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    a->fullscreen = o->fullscreen;
    if (!window_open(a, o, flags)) {
        fprintf(stderr, "rod: cannot open a window: %s\n", SDL_GetError());
        return false;
    }
    SDL_SetWindowMinimumSize(a->win, 320, 240);
    if (!app_load_fonts(a))
        return false;
    if (rod_lib_open(a->library_path, &a->lib) != ROD_OK) {
        fprintf(stderr, "rod: %s\n", rod_lib_message(a->lib));
        fprintf(stderr, "rod: reading without the library: positions and notes are not saved\n");
        rod_lib_close(a->lib);
        a->lib = NULL;
    } else {
        a->worker = lib_worker_start(rod_lib_path(a->lib));
    }
    a->sync_off = o->bench || !a->worker;
    a->sync_every = 60000;
    const char *every = getenv("ROD_SYNC_EVERY_MS");
    if (every && atol(every) >= 100 && atol(every) <= 3600000)
        a->sync_every = (uint32_t)atol(every);
    a->sync_event = SDL_RegisterEvents(1);
    if (a->sync_event == (Uint32)-1)
        a->sync_event = 0;
    app_resized(a);
    /* the surface is made and shown in the page's colour now, while the
     * book loads: the window appears at once, and the first frame of text
     * does not pay for the display's first copy */
    SDL_Surface *surface = SDL_GetWindowSurface(a->win);
    if (surface) {
        SDL_FillRect(surface, NULL, app_rgb(surface, rod_theme_palette(a->set.theme).page));
        SDL_UpdateWindowSurface(a->win);
    }
    return true;
}

bool app_start(app *a, const app_opts *o, book **out, char *err, size_t n)
{
    *out = NULL;
    loader load = {.path = o->book};
    pthread_mutex_init(&load.mu, NULL);
    pthread_t loading;
    bool threaded = o->book && pthread_create(&loading, NULL, load_thread, &load) == 0;
    bool ok = open_window(a, o);
    if (ok && o->book)
        warm_glyphs(a, threaded ? &load : NULL);
    if (threaded)
        pthread_join(loading, NULL);
    else if (o->book && ok)
        load.book = book_load(o->book, load.err, sizeof load.err);
    pthread_mutex_destroy(&load.mu);
    if (!ok) {
        /* no window: the book is not shown, as a book that cannot be read */
        book_free(load.book);
        return false;
    }
    *out = load.book;
    if (!load.book && o->book && n)
        snprintf(err, n, "%s", load.err);
    return true;
}
