/* app.c — the reader window: set-up, the event loop, keys and mouse, the
 * panels' dispatch, and the orderly end. The opening itself (the book
 * read on a thread while the window and fonts open) is app_start.c's.
 *
 * The loop draws only when something changed, and between events does
 * background work in small slices (app_idle.c); when nothing is left to
 * do it sleeps in SDL_WaitEvent.
 *
 * Panels (contents, go to, search and its results, settings, help, a
 * note's popup, the link question, the annotation panels, a seek on the
 * progress bar) and the library
 * view are app_panel tables (app.h) exported by their files; this file
 * holds the table by panel_kind and is the only one that calls them
 * (panel_open, panel_close, panel_event, panel_draw, panel_name,
 * view_draw), so no panel file knows another and tests/test_layers.py
 * checks that none is called from elsewhere. Keys are listed in the help
 * panel (F1) and in README.md; the mouse turns pages by clicking the right
 * or left part of the page, by the wheel, and by horizontal touchpad
 * swipes; links and note references are followed on click.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

void app_toast(app *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->toast, sizeof a->toast, fmt, ap);
    va_end(ap);
    a->toast_until = SDL_GetTicks() + 2500;
    a->toasts++;
    a->dirty = true;
    if (a->log)
        fprintf(a->log, "toast: %s\n", a->toast);
}

bool app_load_fonts(app *a)
{
    char err[256];
    rod_fonts *f = rod_fonts_new(a->set.font[0] ? a->set.font : NULL, NULL, err, sizeof err);
    if (!f) {
        if (!a->fonts) {
            /* nothing drawn yet: fall back to the defaults */
            fprintf(stderr, "rod: %s; using the default font\n", err);
            a->set.font[0] = '\0';
            f = rod_fonts_new(NULL, NULL, err, sizeof err);
            if (!f) {
                fprintf(stderr, "rod: %s\n", err);
                return false;
            }
        } else {
            app_toast(a, "%s", err);
            snprintf(a->set.font, sizeof a->set.font, "%s", a->font_loaded);
            return false;
        }
    }
    if (a->book) {
        /* the layout measured with the old set */
        rod_layout_free(a->book->layout);
        a->book->layout = NULL;
    }
    rod_fonts_free(a->fonts);
    a->fonts = f;
    if (a->book)
        rod_fonts_set_lang(f, rod_node_lang(a->book->doc->root));
    snprintf(a->font_loaded, sizeof a->font_loaded, "%s", a->set.font);
    return true;
}

static void save_settings(app *a)
{
    char err[512];
    if (a->save_settings && a->settings_path[0] && !rod_settings_save(a->settings_path, &a->set, err, sizeof err))
        app_toast(a, "%s", err);
}

void app_settings_changed(app *a, bool relayout)
{
    rod_settings_clamp(&a->set);
    if (strcmp(a->set.font, a->font_loaded) != 0) {
        app_load_fonts(a);
        relayout = true;
    }
    if (relayout) {
        nav_relayout(a);
    } else {
        a->gen++;
        a->dirty = true;
    }
    save_settings(a);
}

static double display_scale(app *a)
{
    if (a->fixed_scale > 0)
        return a->fixed_scale;
    if (a->pixel_ratio > 1.01)
        return a->pixel_ratio;
    float ddpi = 0, hdpi = 0, vdpi = 0;
    int display = SDL_GetWindowDisplayIndex(a->win);
    if (display < 0 || SDL_GetDisplayDPI(display, &ddpi, &hdpi, &vdpi) != 0 || !(hdpi > 0))
        return 1.0;
    double s = round(hdpi / 96.0 * 4) / 4;
    return s < 1 ? 1 : s > 4 ? 4 : s;
}

void app_resized(app *a)
{
    int w, h, ww, wh;
    SDL_GetWindowSizeInPixels(a->win, &w, &h);
    SDL_GetWindowSize(a->win, &ww, &wh);
    a->pixel_ratio = ww > 0 ? (double)w / ww : 1.0;
    double scale = display_scale(a);
    if (w == a->w && h == a->h && scale == a->scale)
        return;
    a->w = w;
    a->h = h;
    a->scale = scale;
    if (!a->fullscreen) {
        a->set.window_w = ww;
        a->set.window_h = wh;
    }
    nav_relayout(a);
}

/* ---- panels ----
 * The one place that knows every panel: a table by panel_kind, and the
 * library view for the window without a book. The rest of the window
 * opens and closes panels by kind and hands them their input in the app
 * struct (a->note, a->link, a->mark) before panel_open(). */

static const app_panel *const panels[PANEL_COUNT] = {
    [PANEL_TOC] = &panel_toc,         [PANEL_GOTO] = &panel_goto,         [PANEL_SEARCH] = &panel_search,
    [PANEL_RESULTS] = &panel_results, [PANEL_SETTINGS] = &panel_settings, [PANEL_HELP] = &panel_help,
    [PANEL_NOTE] = &panel_note,       [PANEL_LINK] = &panel_link,         [PANEL_ANNOTS] = &panel_annots,
    [PANEL_MARK] = &panel_mark,       [PANEL_EDIT] = &panel_edit,         [PANEL_SEEK] = &panel_seek,
    [PANEL_FONTS] = &panel_fonts, [PANEL_DEFINE] = &panel_define, [PANEL_STATS] = &panel_stats,
};

static const app_panel *panel_of(panel_kind k)
{
    return k > PANEL_NONE && k < PANEL_COUNT ? panels[k] : NULL;
}

const char *panel_name(panel_kind k)
{
    const app_panel *p = panel_of(k);
    return k == PANEL_NONE ? "none" : p ? p->name : "?";
}

void panel_open(app *a, panel_kind kind)
{
    const app_panel *p = panel_of(kind);
    if (!p || (!a->book && !p->bookless))
        return;
    a->panel = kind;
    a->sel = a->scroll = 0;
    if (p->open)
        p->open(a);
    a->dirty = true;
}

void panel_close(app *a)
{
    const app_panel *p = panel_of(a->panel);
    if (p && p->close)
        p->close(a);
    a->panel = PANEL_NONE;
    a->note = NULL;
    a->dirty = true;
}

bool panel_event(app *a, const SDL_Event *ev)
{
    const app_panel *p = panel_of(a->panel);
    return p && p->event(a, ev);
}

bool panel_row(app *a, int i, char *out, size_t n)
{
    const app_panel *p = panel_of(a->panel);
    return p && p->row && p->row(a, i, out, n);
}

void panel_draw(app *a, SDL_Surface *dst)
{
    const app_panel *p = panel_of(a->panel);
    a->text_part = "panel";
    if (p)
        p->draw(a, dst);
    a->text_part = NULL;
}

void view_draw(app *a, SDL_Surface *dst)
{
    a->text_part = "library";
    if (!a->book)
        library_view.draw(a, dst);
    a->text_part = NULL;
}

/* ---- input ---- */

static void set_theme(app *a, rod_theme t)
{
    a->set.theme = t;
    app_settings_changed(a, false);
}

static void toggle_fullscreen(app *a)
{
    a->fullscreen = !a->fullscreen;
    SDL_SetWindowFullscreen(a->win, a->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
    app_resized(a);
}

static void book_key(app *a, const SDL_KeyboardEvent *k)
{
    SDL_Keycode sym = k->keysym.sym;
    Uint16 mod = k->keysym.mod;
    bool ctrl = mod & KMOD_CTRL, shift = mod & KMOD_SHIFT, alt = mod & KMOD_ALT;
    book *b = a->book;
    if (alt) {
        if (sym == SDLK_LEFT)
            nav_back(a);
        else if (sym == SDLK_RIGHT)
            nav_forward(a);
        return;
    }
    if (ctrl) {
        switch (sym) {
        case SDLK_EQUALS:
        case SDLK_PLUS:
        case SDLK_KP_PLUS:
            a->set.size++;
            app_settings_changed(a, true);
            break;
        case SDLK_MINUS:
        case SDLK_KP_MINUS:
            a->set.size--;
            app_settings_changed(a, true);
            break;
        case SDLK_0:
            a->set.size = rod_settings_defaults().size;
            app_settings_changed(a, true);
            break;
        case SDLK_f:
            panel_open(a, PANEL_SEARCH);
            break;
        case SDLK_g:
            search_step(a, shift ? -1 : 1);
            break;
        case SDLK_COMMA:
            panel_open(a, PANEL_SETTINGS);
            break;
        case SDLK_c:
            sel_copy(a);
            break;
        case SDLK_z:
            annots_undo(a);
            break;
        case SDLK_a:
            if (b->doc->nblocks)
                sel_set(a, (rod_pos){0, 0}, (rod_pos){b->doc->nblocks - 1, b->doc->blocks[b->doc->nblocks - 1].chars});
            break;
        case SDLK_q:
        case SDLK_w:
            a->quit = true;
            break;
        default:
            break;
        }
        return;
    }
    rod_pos s, e;
    if (sel_range(a, &s, &e)) {
        /* with text selected: 1-6 mark it in a colour, N writes a note */
        if (sym >= SDLK_1 && sym <= SDLK_6) {
            annots_mark_selection(a, annot_colors[sym - SDLK_1], false);
            return;
        }
        if (sym == SDLK_n || sym == SDLK_RETURN || sym == SDLK_KP_ENTER) {
            annots_mark_selection(a, a->color[0] ? a->color : "amber", sym == SDLK_n);
            return;
        }
        if (sym == SDLK_ESCAPE) {
            sel_clear(a);
            return;
        }
        if (sym == SDLK_w) {
            panel_open(a, PANEL_DEFINE);
            return;
        }
    }
    switch (sym) {
    case SDLK_a:
        a->mark = -1;
        panel_open(a, PANEL_ANNOTS);
        break;
    case SDLK_b:
        annots_bookmark(a);
        break;
    case SDLK_RIGHT:
        nav_rtl(a) ? nav_prev(a) : nav_next(a);     /* right to left: Right turns back */
        break;
    case SDLK_PAGEDOWN:
    case SDLK_DOWN:
        nav_next(a);
        break;
    case SDLK_SPACE:
        shift ? nav_prev(a) : nav_next(a);
        break;
    case SDLK_LEFT:
        nav_rtl(a) ? nav_next(a) : nav_prev(a);
        break;
    case SDLK_PAGEUP:
    case SDLK_UP:
    case SDLK_BACKSPACE:
        nav_prev(a);
        break;
    case SDLK_HOME:
        nav_first(a);
        break;
    case SDLK_END:
        nav_last(a);
        break;
    case SDLK_t:
        panel_open(a, PANEL_TOC);
        break;
    case SDLK_i:
        panel_open(a, PANEL_STATS);
        break;
    case SDLK_g:
        panel_open(a, PANEL_GOTO);
        break;
    case SDLK_SLASH:
        panel_open(a, shift ? PANEL_HELP : PANEL_SEARCH);
        break;
    case SDLK_F1:
        panel_open(a, PANEL_HELP);
        break;
    case SDLK_F3:
        search_step(a, shift ? -1 : 1);
        break;
    case SDLK_s:
        panel_open(a, PANEL_SETTINGS);
        break;
    case SDLK_1:
    case SDLK_2:
    case SDLK_3:
    case SDLK_4:
        set_theme(a, (rod_theme)(sym - SDLK_1));
        break;
    case SDLK_j:
        a->set.justify = !a->set.justify;
        app_settings_changed(a, true);
        app_toast(a, a->set.justify ? "Justified" : "Ragged right");
        break;
    case SDLK_h:
        a->set.hyphenate = !a->set.hyphenate;
        app_settings_changed(a, true);
        app_toast(a, a->set.hyphenate ? "Hyphenation on" : "Hyphenation off");
        break;
    case SDLK_d:
        a->set.spread = (spread_mode)((a->set.spread + 1) % SPREAD_COUNT);
        app_settings_changed(a, true);
        app_toast(a, "Pages: %s", rod_spread_name(a->set.spread));
        break;
    case SDLK_l:
        app_close_book(a);
        library_view.open(a);
        window_title(a, NULL);
        break;
    case SDLK_ESCAPE:
        if (b->show_hit) {
            b->show_hit = false;
            a->gen++;
            a->dirty = true;
        } else if (a->fullscreen) {
            toggle_fullscreen(a);
        }
        break;
    case SDLK_q:
        a->quit = true;
        break;
    default:
        break;
    }
}

static void key(app *a, const SDL_KeyboardEvent *k)
{
    SDL_Keycode sym = k->keysym.sym;
    if (sym == SDLK_F11) {
        toggle_fullscreen(a);
        return;
    }
    if (!a->book) {
        if (sym == SDLK_q || ((k->keysym.mod & KMOD_CTRL) && sym == SDLK_q))
            a->quit = true;
        else if (sym == SDLK_F1 || (sym == SDLK_SLASH && (k->keysym.mod & KMOD_SHIFT)))
            panel_open(a, PANEL_HELP);
        else if (sym >= SDLK_1 && sym <= SDLK_4)
            set_theme(a, (rod_theme)(sym - SDLK_1));
        return;
    }
    book_key(a, k);
}

/* A left press in the progress bar's band seeks (app_seek.c). */
static bool on_progress_bar(app *a, const SDL_MouseButtonEvent *m)
{
    SDL_Rect track, band;
    int x = (int)(m->x * a->pixel_ratio), y = (int)(m->y * a->pixel_ratio);
    progress_bar_rect(a, &track, &band);
    return m->button == SDL_BUTTON_LEFT && x >= band.x && x < band.x + band.w && y >= band.y && y < band.y + band.h;
}

static void click(app *a, const SDL_MouseButtonEvent *m)
{
    int x = (int)(m->x * a->pixel_ratio), y = (int)(m->y * a->pixel_ratio);
    if (m->button == SDL_BUTTON_X1) {
        nav_back(a);
        return;
    }
    if (m->button == SDL_BUTTON_X2) {
        nav_forward(a);
        return;
    }
    if (m->button != SDL_BUTTON_LEFT)
        return;
    const rod_run *run = page_link_at(a, x, y);
    if (run) {
        nav_follow(a, run->node);
        return;
    }
    if (x >= a->w * 2 / 5 && x < a->w * 3 / 5 && !a->two_pages)
        return;     /* the middle of a single page: a place to rest the hand */
    if ((x >= a->w / 2) != nav_rtl(a))
        nav_next(a);
    else
        nav_prev(a);
}

static void wheel(app *a, const SDL_MouseWheelEvent *w)
{
    static float acc_x, acc_y;
    acc_y += w->preciseY;
    acc_x += w->preciseX;
    /* a notch turns a page; a touchpad swipe sideways does too */
    while (acc_y >= 1) {
        nav_prev(a);
        acc_y -= 1;
    }
    while (acc_y <= -1) {
        nav_next(a);
        acc_y += 1;
    }
    /* sideways, mirrored in a right-to-left book */
    while (acc_x >= 3) {
        nav_rtl(a) ? nav_prev(a) : nav_next(a);
        acc_x = 0;
    }
    while (acc_x <= -3) {
        nav_rtl(a) ? nav_next(a) : nav_prev(a);
        acc_x = 0;
    }
}

static void hover(app *a, int x, int y)
{
    static SDL_Cursor *hand, *arrow;
    if (!hand) {
        hand = SDL_CreateSystemCursor(SDL_SYSTEM_CURSOR_HAND);
        arrow = SDL_CreateSystemCursor(SDL_SYSTEM_CURSOR_ARROW);
    }
    const rod_run *run = a->panel == PANEL_NONE ? page_link_at(a, x, y) : NULL;
    SDL_Cursor *want = run ? hand : arrow;
    if (want && SDL_GetCursor() != want)
        SDL_SetCursor(want);
}

void app_event(app *a, const SDL_Event *ev)
{
    if (a->sync_event && ev->type == a->sync_event) {
        /* another device's file came: sync once the burst is over */
        if (!a->sync_due)
            a->sync_due = SDL_GetTicks() + 300;
        return;
    }
    switch (ev->type) {
    case SDL_QUIT:
        a->quit = true;
        return;
    case SDL_WINDOWEVENT:
        window_refit(a);
        if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED || ev->window.event == SDL_WINDOWEVENT_DISPLAY_CHANGED)
            app_resized(a);
        if (ev->window.event == SDL_WINDOWEVENT_MOVED)
            window_moved(a);
        a->dirty = true;
        return;
    case SDL_DROPFILE: {
        char *file = ev->drop.file;
        if (file && app_open_book(a, file))
            a->book->cataloged = false;
        SDL_free(file);
        return;
    }
    default:
        break;
    }
    if (panel_event(a, ev))
        return;
    if (!a->book && library_view.event(a, ev))
        return;
    switch (ev->type) {
    case SDL_KEYDOWN:
        key(a, &ev->key);
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (a->book && on_progress_bar(a, &ev->button)) {
            a->seek_x = (int)(ev->button.x * a->pixel_ratio);
            panel_open(a, PANEL_SEEK);
        } else if (a->book && !sel_event(a, ev)) {
            click(a, &ev->button);
        }
        break;
    case SDL_MOUSEBUTTONUP:
        if (a->book)
            sel_event(a, ev);
        break;
    case SDL_MOUSEWHEEL:
        if (a->book)
            wheel(a, &ev->wheel);
        break;
    case SDL_MOUSEMOTION:
        if (a->book && !sel_event(a, ev))
            hover(a, (int)(ev->motion.x * a->pixel_ratio), (int)(ev->motion.y * a->pixel_ratio));
        break;
    default:
        break;
    }
}

/* ---- life ---- */

static void app_free(app *a)
{
    if (a->panel != PANEL_NONE)
        panel_close(a);     /* what the open panel holds (app_fonts.c's faces) */
    if (a->book)
        app_close_book(a);      /* and the exchange of closing, which stop finishes */
    sync_watch_stop(a->watch);
    a->watch = NULL;
    lib_worker_stop(a->worker);
    rod_lib_close(a->lib);
    nav_clear_cache(a);
    library_view.close(a);
    free(a->rows);
    free(a->row_depth);
    rod_annot_clear(&a->undo);
    rod_font_families_free(a->families, a->nfamilies);
    rod_fonts_free(a->fonts);
    rod_fonts_free(a->ui_fonts);
    if (a->win)
        SDL_DestroyWindow(a->win);
}

static void loop(app *a)
{
    bool work = true;
    while (!a->quit) {
        if (a->dirty)
            app_draw(a);
        SDL_Event ev;
        if (a->turn_at && SDL_TICKS_PASSED(SDL_GetTicks(), a->turn_at)) {
            sel_turn_due(a);    /* a click on a word that was not a double click */
            continue;
        }
        bool toast = !SDL_TICKS_PASSED(SDL_GetTicks(), a->toast_until);
        int wait = toast ? 250 : 2000;
        if (a->sync_pending)
            wait = 50;          /* what the exchange brings shows at once */
        if (a->sync_due)
            wait = (int)(a->sync_due - SDL_GetTicks()) > 0 ? (int)(a->sync_due - SDL_GetTicks()) : 1;
        if (a->turn_at)
            wait = (int)(a->turn_at - SDL_GetTicks()) > 0 ? (int)(a->turn_at - SDL_GetTicks()) : 1;
        bool got = work ? SDL_PollEvent(&ev) : SDL_WaitEventTimeout(&ev, wait);
        if (got) {
            app_event(a, &ev);
            work = true;
            continue;
        }
        if (toast && SDL_TICKS_PASSED(SDL_GetTicks(), a->toast_until))
            a->dirty = true;    /* take it off the screen */
        work = app_idle(a);     /* also after a timeout: the worker may have news */
    }
}

int app_run(const app_opts *o)
{
    app a = {0};
    window_locale();
    a.library_path = o->library;
    a.fixed_scale = o->scale;
    a.save_settings = !o->keep_settings;
    a.set = rod_settings_defaults();
    a.headless = o->script || o->bench;
    a.log = o->script ? stdout : NULL;
    a.mark = -1;
    a.replying = -1;
    snprintf(a.color, sizeof a.color, "amber");
    if (rod_settings_path(a.settings_path, sizeof a.settings_path)) {
        char err[600];
        if (!rod_settings_load(a.settings_path, &a.set, err, sizeof err))
            fprintf(stderr, "rod: %s\n", err);
    }
    rod_reader_name(NULL, a.reader, sizeof a.reader);
    if (o->width > 0 && o->height > 0) {
        a.set.window_w = o->width;
        a.set.window_h = o->height;
    }
    uint64_t t0 = SDL_GetPerformanceCounter();
    book *opened;
    char err[600] = "";
    if (!app_start(&a, o, &opened, err, sizeof err)) {
        /* no window: the book was not read, as a book that cannot be (1) */
        app_free(&a);
        SDL_Quit();
        return 1;
    }
    int code = 0;
    if (o->book) {
        if (opened && o->has_at) {
            opened->anchor = o->at;
            opened->start_given = true;
        }
        if (!opened || !app_show_book(&a, opened)) {
            fprintf(stderr, "rod: %s\n", opened ? a.toast : err);
            app_free(&a);
            SDL_Quit();
            return 1;
        }
    } else {
        library_view.open(&a);
        window_title(&a, NULL);
    }
    double open_ms = (double)(SDL_GetPerformanceCounter() - t0) * 1000 / (double)SDL_GetPerformanceFrequency();
    a.dirty = true;
    if (o->bench) {
        code = app_bench(&a, o, open_ms);
    } else if (o->script) {
        FILE *f = strcmp(o->script, "-") ? fopen(o->script, "r") : stdin;
        if (!f) {
            fprintf(stderr, "rod: cannot read the script %s\n", o->script);
            code = 2;
        } else {
            code = app_script(&a, f, o->script);
            if (f != stdin)
                fclose(f);
        }
    } else {
        loop(&a);
    }
    save_settings(&a);
    app_free(&a);
    SDL_Quit();
    return code;
}
