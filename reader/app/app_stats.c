/* app_stats.c — the reading statistics panel (I): this book's time read,
 * pages, pages an hour and sessions; the time read today and in the last
 * seven days over all books; the books finished, with their dates.
 *
 * The figures are the library's (library/readstats.c), read on the main
 * thread's handle when the panel opens, after the sitting in progress is
 * handed to the worker and written (lib_worker_wait): adding the unsaved
 * sitting to the library's sums here instead would count it twice once
 * an earlier save of it had landed. The wait is one small write, or the
 * rest of a catalog add, on a key the reader pressed to see figures.
 * The panel keeps its lines from open to close, so `expect row` in
 * scripts reads exactly what is drawn; Up, Down, PgUp, PgDn, Home, End
 * and the wheel scroll a long list of finished books.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

enum { STATS_LINES = 64, WEEK = 7 };

typedef struct stats_view {
    char line[STATS_LINES][160];
    bool head[STATS_LINES];     /* a heading, drawn bold */
    int n;
} stats_view;

static void add(stats_view *v, bool head, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add(stats_view *v, bool head, const char *fmt, ...)
{
    if (v->n >= STATS_LINES)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->line[v->n], sizeof v->line[v->n], fmt, ap);
    va_end(ap);
    v->head[v->n++] = head;
}

static void fill(app *a, stats_view *v)
{
    book *b = a->book;
    char dur[32], d1[16], d2[16];
    rod_lib_book_stats s = {0};
    int64_t days[WEEK] = {0}, week = 0;
    rod_lib_finished *fin = NULL;
    size_t nfin = 0;
    if (!a->lib || rod_lib_book_stats_get(a->lib, b->fp, &s) != ROD_OK ||
        rod_lib_days_read(a->lib, reading_wall(a), WEEK, days) != ROD_OK ||
        rod_lib_finished_list(a->lib, &fin, &nfin) != ROD_OK) {
        add(v, false, "The library cannot be read: %s", a->lib ? rod_lib_message(a->lib) : "none is open");
        return;
    }
    add(v, true, "This book");
    rod_lib_duration_text(s.seconds, dur, sizeof dur);
    add(v, false, "%s read, %lld pages, %.0f pages an hour", dur, (long long)s.pages,
        rod_lib_pages_per_hour(s.pages, s.seconds));
    if (s.sessions) {
        rod_lib_date_text(s.first, d1, sizeof d1);
        rod_lib_date_text(s.last, d2, sizeof d2);
        add(v, false, "%zu session%s, first %s, last %s", s.sessions, s.sessions == 1 ? "" : "s", d1, d2);
    } else {
        add(v, false, "No sessions yet");
    }
    if (s.finished) {
        rod_lib_date_text(s.finished, d1, sizeof d1);
        add(v, false, "Finished %s", d1);
    } else {
        add(v, false, "Not finished (%.0f%% read)", floor(book_progress(b, b->anchor) * 100));
    }
    add(v, true, "All books");
    for (int i = 0; i < WEEK; i++)
        week += days[i];
    rod_lib_duration_text(days[0], dur, sizeof dur);
    add(v, false, "Today: %s", dur);
    rod_lib_duration_text(week, dur, sizeof dur);
    add(v, false, "Last 7 days: %s", dur);
    add(v, true, "Finished: %zu book%s", nfin, nfin == 1 ? "" : "s");
    for (size_t i = 0; i < nfin; i++) {
        rod_lib_date_text(fin[i].at, d1, sizeof d1);
        add(v, false, "%s  %s", d1, fin[i].title);
    }
    rod_lib_finished_free(fin, nfin);
}

static void stats_open(app *a)
{
    SDL_StopTextInput();
    free(a->stats);
    a->stats = calloc(1, sizeof *a->stats);
    if (!a->stats) {
        app_toast(a, "out of memory");
        panel_close(a);
        return;
    }
    reading_save(a);
    lib_worker_wait(a->worker);
    fill(a, a->stats);
}

static void stats_close(app *a)
{
    free(a->stats);
    a->stats = NULL;
}

typedef struct stats_box {
    SDL_Rect card;
    int px, line_h, first_y, rows;
} stats_box;

static stats_box box_of(app *a)
{
    stats_box b = {.px = panel_px(a)};
    b.line_h = (int)(b.px * 1.6);
    int n = a->stats ? a->stats->n : 1;
    int w = (int)fmin(a->w - 40, 620 * a->scale);
    int room = (a->h - 40 - 5 * b.px) / b.line_h;
    b.rows = n < room ? n : room > 1 ? room : 1;
    int h = 5 * b.px + b.rows * b.line_h;
    b.card = (SDL_Rect){(a->w - w) / 2, (a->h - h) / 2, w, h};
    b.first_y = b.card.y + 3 * b.px + b.line_h;
    return b;
}

static bool stats_event(app *a, const SDL_Event *ev)
{
    stats_box b = box_of(a);
    int n = a->stats ? a->stats->n : 0;
    if (ev->type == SDL_KEYDOWN) {
        SDL_Keycode k = ev->key.keysym.sym;
        if (k == SDLK_ESCAPE || k == SDLK_i || k == SDLK_RETURN || k == SDLK_KP_ENTER) {
            panel_close(a);
        } else {
            int most = n > b.rows ? n - b.rows : 0;
            a->scroll += k == SDLK_DOWN ? 1 : k == SDLK_UP ? -1 : k == SDLK_PAGEDOWN ? b.rows
                       : k == SDLK_PAGEUP ? -b.rows : k == SDLK_END ? n : k == SDLK_HOME ? -n : 0;
            a->scroll = a->scroll < 0 ? 0 : a->scroll > most ? most : a->scroll;
        }
        a->dirty = true;
        return true;
    }
    if (ev->type == SDL_MOUSEWHEEL) {
        list_scroll(&a->scroll, ev->wheel.y, n, b.rows);
        a->dirty = true;
        return true;
    }
    if (ev->type == SDL_MOUSEBUTTONDOWN) {
        int x = (int)(ev->button.x * a->pixel_ratio), y = (int)(ev->button.y * a->pixel_ratio);
        if (x < b.card.x || x >= b.card.x + b.card.w || y < b.card.y || y >= b.card.y + b.card.h)
            panel_close(a);
        return true;
    }
    return false;
}

static void stats_draw(app *a, SDL_Surface *dst)
{
    stats_view *v = a->stats;
    if (!v)
        return;
    rod_palette pal = rod_theme_palette(a->set.theme);
    stats_box b = box_of(a);
    int px = b.px, width = b.card.w - 2 * px;
    panel_card(dst, b.card, pal);
    draw_text(a, dst, "Reading statistics", b.card.x + px, b.card.y + 2 * px, px, ROD_FONT_BOLD, pal.ink, 0);
    for (int i = 0; i < b.rows && a->scroll + i < v->n; i++) {
        int k = a->scroll + i;
        char text[sizeof v->line[0]];
        snprintf(text, sizeof text, "%s", v->line[k]);
        unsigned style = (v->head[k] ? ROD_FONT_BOLD : 0) | APP_TEXT_FIGURES;
        int indent = v->head[k] ? 0 : px;
        fit_text(a, text, px, style, width - indent);
        draw_text(a, dst, text, b.card.x + px + indent, b.first_y + i * b.line_h, px, style,
                  v->head[k] ? pal.ink : app_mix(pal.ink, pal.page, 0.15), 0);
    }
    draw_text(a, dst, "Esc or I closes", b.card.x + b.card.w - px, b.card.y + b.card.h - px, (int)(px * 0.8),
              ROD_FONT_ITALIC, pal.faint, 2);
}

static bool stats_row(app *a, int i, char *out, size_t n)
{
    if (!a->stats || i < 0 || i >= a->stats->n)
        return false;
    snprintf(out, n, "%s", a->stats->line[i]);
    return true;
}

const app_panel panel_stats = {"stats", false, stats_open, stats_event, stats_draw, stats_close, stats_row};
