/* app_library.c — the library view: the window's face when no book is
 * open. Books come from the catalog (rod_library.h) in the order the
 * reader chose (last read, title, author, added, progress; Tab cycles it),
 * as a list or as a grid of covers (Ctrl+G), both kept in the settings.
 * Each book shows its cover at a size one can read, its title, its
 * authors and the other creators by role, its series, its progress and
 * when it was last read. Typing searches as you type: the books shown are
 * those whose title, authors, creators, series or subjects hold every
 * word typed, case and accents aside. Enter or a click opens one at its
 * saved position; arrows, Page Up/Down, Home/End and the wheel move. A
 * book dropped on the window opens too (app.c) and joins the catalog.
 *
 * The view is an app_panel (app.h), library_view, but not one of the
 * panel_kind panels: those open over the page or over this view (help
 * and settings may open without a book) and take events first, while
 * this one is what the window is when a->book is NULL. app.c alone uses
 * it: open reads the catalog afresh (at start and on L), event and draw
 * run while no book is open, close frees the rows and covers at the end.
 * Plain keys are the search's; commands take Ctrl (Ctrl+G, Ctrl+S the
 * settings, Ctrl+Q, Ctrl+1..4 the themes) or are keys that type nothing
 * (Tab, F1, Esc: clears the search, then quits).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf8.h>

#include "app.h"

static int row_px(app *a)
{
    return (int)fmax(14 * a->scale, a->font_px * 0.85);
}

/* ---- geometry: the list's rows and the grid's cells ---- */

static int first_y(app *a)
{
    return row_px(a) * 8;
}

static int margin(app *a)
{
    return (int)fmax(a->margin_x, 40 * a->scale);
}

static int row_h(app *a)
{
    return row_px(a) * 6;
}

static int cell_w(app *a)
{
    return row_px(a) * 9;
}

static int cell_h(app *a)
{
    return cell_w(a) * 3 / 2 + row_px(a) * 4;
}

static int columns(app *a)
{
    int gap = row_px(a) * 2, n = (a->w - 2 * margin(a) + gap) / (cell_w(a) + gap);
    return n < 1 ? 1 : n;
}

/* Rows of the list, or rows of cells in the grid, that fit the window. */
static int lines_shown(app *a)
{
    int top = first_y(a) - row_px(a) * 2;
    int n = (a->h - top) / (a->set.library_grid ? cell_h(a) : row_h(a));
    return n < 1 ? 1 : n;
}

/* ---- the catalog, its covers and the filter ---- */

static void free_thumbs(app *a)
{
    for (size_t i = 0; a->thumbs && i < a->nbooks; i++)
        SDL_FreeSurface(a->thumbs[i]);
    free(a->thumbs);
    free(a->thumb_tried);
    a->thumbs = NULL;
    a->thumb_tried = NULL;
}

static void alloc_thumbs(app *a)
{
    if (!a->nbooks)
        return;
    a->thumbs = calloc(a->nbooks, sizeof *a->thumbs);
    a->thumb_tried = calloc(a->nbooks, sizeof *a->thumb_tried);
    if (!a->thumbs || !a->thumb_tried)
        free_thumbs(a);
}

static void library_free(app *a)
{
    free_thumbs(a);
    rod_lib_books_free(a->books, a->nbooks);
    free(a->shown);
    a->books = NULL;
    a->shown = NULL;
    a->nbooks = a->nshown = 0;
}

/* The cover of book i scaled into w × h, decoded the first time it is
 * drawn at that size (a library of hundreds decodes only what is shown;
 * SVG covers too, through rod_image_thumbnail). */
static SDL_Surface *thumb(app *a, size_t i, int w, int h)
{
    if (w != a->thumb_w || h != a->thumb_h) {
        free_thumbs(a);
        alloc_thumbs(a);
        a->thumb_w = w;
        a->thumb_h = h;
    }
    if (!a->thumbs || i >= a->nbooks)
        return NULL;
    if (!a->thumb_tried[i]) {
        a->thumb_tried[i] = true;
        void *data = NULL;
        size_t len = 0;
        if (a->lib && a->books[i].fingerprint &&
            rod_lib_cover(a->lib, a->books[i].fingerprint, &data, &len) == ROD_OK && data)
            a->thumbs[i] = rod_image_thumbnail(data, len, w, h);
        free(data);
    }
    return a->thumbs[i];
}

/* s folded for matching into out: lower case (full case folding), each
 * letter without its accents (the first character of its canonical
 * decomposition), so "Dostoevskii" is not needed to find "Dostoevskiĭ". */
static void fold(const char *s, char *out, size_t n)
{
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&err);
    size_t k = 0;
    int32_t i = 0, len = (int32_t)strlen(s);
    while (i < len && k + 5 < n) {
        UChar32 c;
        U8_NEXT(s, i, len, c);
        if (c < 0)
            continue;
        UChar d[8];
        UErrorCode e = U_ZERO_ERROR;
        if (U_SUCCESS(err) && unorm2_getDecomposition(nfd, c, d, 8, &e) > 0 && U_SUCCESS(e) &&
            !U16_IS_SURROGATE(d[0]))
            c = d[0];
        c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
        U8_APPEND_UNSAFE(out, k, c);
    }
    out[k] = '\0';
}

/* Whether book b holds every word of the folded filter in one of the
 * fields a reader searches by (the file's name too). */
static bool passes(const rod_lib_book *b, const char *filter)
{
    char hay[2048], field[1024];
    size_t k = 0;
    const char *fields[] = {b->title, b->authors, b->contributors, b->series, b->subjects, b->path};
    for (size_t f = 0; f < sizeof fields / sizeof *fields && k + 1 < sizeof hay; f++) {
        if (!fields[f])
            continue;
        fold(fields[f], field, sizeof field);
        int w = snprintf(hay + k, sizeof hay - k, "%s\n", field);
        k = w < 0 || (size_t)w >= sizeof hay - k ? sizeof hay - 1 : k + (size_t)w;
    }
    char words[sizeof ((app *)0)->lib_filter * 2];
    snprintf(words, sizeof words, "%s", filter);
    for (char *save = NULL, *w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save))
        if (!strstr(hay, w))
            return false;
    return true;
}

/* The books that pass the filter, in the catalog's order. */
static void apply_filter(app *a)
{
    free(a->shown);
    a->shown = a->nbooks ? malloc(a->nbooks * sizeof *a->shown) : NULL;
    a->nshown = 0;
    char folded[sizeof a->lib_filter * 2];
    fold(a->lib_filter, folded, sizeof folded);
    for (size_t i = 0; a->shown && i < a->nbooks; i++)
        if (passes(&a->books[i], folded))
            a->shown[a->nshown++] = (int)i;
    a->sel = a->scroll = 0;
    a->dirty = true;
}

static void library_refresh(app *a)
{
    free_thumbs(a);
    rod_lib_books_free(a->books, a->nbooks);
    a->books = NULL;
    a->nbooks = 0;
    if (a->lib && rod_lib_list(a->lib, (rod_lib_sort)a->set.library_sort, &a->books, &a->nbooks) != ROD_OK)
        app_toast(a, "%s", rod_lib_message(a->lib));
    alloc_thumbs(a);
    apply_filter(a);
    SDL_StartTextInput();
}

static void open_shown(app *a, int k)
{
    if (k < 0 || (size_t)k >= a->nshown)
        return;
    char path[4096];
    snprintf(path, sizeof path, "%s", a->books[a->shown[k]].path);
    app_open_book(a, path);
}

/* ---- events ---- */

/* The shown book under window pixel (x, y), or -1. */
static int book_at(app *a, int x, int y)
{
    int top = first_y(a) - row_px(a) * 2;
    if (y < top)
        return -1;
    if (!a->set.library_grid) {
        int k = a->scroll + (y - top) / row_h(a);
        return k < (int)a->nshown ? k : -1;
    }
    int gap = row_px(a) * 2, col = (x - margin(a)) / (cell_w(a) + gap);
    if (x < margin(a) || col >= columns(a) || (x - margin(a)) % (cell_w(a) + gap) > cell_w(a))
        return -1;
    int k = (a->scroll + (y - top) / cell_h(a)) * columns(a) + col;
    return k < (int)a->nshown ? k : -1;
}

/* Moves the selection by a key, in rows of the list or cells of the grid;
 * scroll counts rows of cells in the grid. */
static bool move(app *a, SDL_Keycode k)
{
    int n = (int)a->nshown, cols = a->set.library_grid ? columns(a) : 1;
    int lines = (n + cols - 1) / cols, shown = lines_shown(a);
    int sel = a->sel;
    switch (k) {
    case SDLK_LEFT:
        if (cols == 1)
            return false;
        sel--;
        break;
    case SDLK_RIGHT:
        if (cols == 1)
            return false;
        sel++;
        break;
    case SDLK_UP: sel -= cols; break;
    case SDLK_DOWN: sel += cols; break;
    case SDLK_PAGEUP: sel -= cols * shown; break;
    case SDLK_PAGEDOWN: sel += cols * shown; break;
    case SDLK_HOME: sel = 0; break;
    case SDLK_END: sel = n - 1; break;
    default: return false;
    }
    a->sel = sel < 0 ? 0 : sel >= n ? n - 1 : sel;
    if (a->sel < 0)
        a->sel = 0;
    int line = a->sel / cols;
    if (line < a->scroll)
        a->scroll = line;
    if (line >= a->scroll + shown)
        a->scroll = line - shown + 1;
    if (a->scroll > lines - shown)
        a->scroll = lines - shown > 0 ? lines - shown : 0;
    a->dirty = true;
    return true;
}

static void set_sort(app *a, int step)
{
    /* the order Tab goes through: last read, title, author, added, progress */
    static const rod_lib_sort cycle[] = {ROD_LIB_BY_READ, ROD_LIB_BY_TITLE, ROD_LIB_BY_AUTHOR,
                                         ROD_LIB_BY_ADDED, ROD_LIB_BY_PROGRESS};
    int at = 0;
    for (int i = 0; i < 5; i++)
        if ((int)cycle[i] == a->set.library_sort)
            at = i;
    a->set.library_sort = (int)cycle[(at + step + 5) % 5];
    app_settings_changed(a, false);
    library_refresh(a);
    app_toast(a, "Sorted by %s", a->set.library_sort == ROD_LIB_BY_READ ? "last read"
                                 : rod_library_sort_name(a->set.library_sort));
}

static bool library_event(app *a, const SDL_Event *ev)
{
    if (ev->type == SDL_TEXTINPUT) {
        size_t used = strlen(a->lib_filter), add = strlen(ev->text.text);
        if (used + add < sizeof a->lib_filter) {
            memcpy(a->lib_filter + used, ev->text.text, add + 1);
            apply_filter(a);
        }
        return true;
    }
    if (ev->type == SDL_MOUSEBUTTONDOWN && ev->button.button == SDL_BUTTON_LEFT) {
        int k = book_at(a, (int)(ev->button.x * a->pixel_ratio), (int)(ev->button.y * a->pixel_ratio));
        if (k >= 0) {
            a->sel = k;
            open_shown(a, k);
        }
        return true;
    }
    if (ev->type == SDL_MOUSEWHEEL) {
        int cols = a->set.library_grid ? columns(a) : 1;
        list_scroll(&a->scroll, ev->wheel.y, ((int)a->nshown + cols - 1) / cols, lines_shown(a));
        a->dirty = true;
        return true;
    }
    if (ev->type != SDL_KEYDOWN)
        return false;
    SDL_Keycode k = ev->key.keysym.sym;
    SDL_Keymod mod = ev->key.keysym.mod;
    bool ctrl = mod & KMOD_CTRL;
    if (ctrl && k == SDLK_g) {
        a->set.library_grid = !a->set.library_grid;
        app_settings_changed(a, false);
        a->sel = a->scroll = 0;
        a->dirty = true;
        app_toast(a, a->set.library_grid ? "Covers in a grid" : "A list");
        return true;
    }
    if (ctrl && k == SDLK_s) {
        panel_open(a, PANEL_SETTINGS);
        return true;
    }
    if (ctrl || (mod & KMOD_ALT))
        return false;   /* Ctrl+Q, Ctrl+1..4: app.c's */
    if (move(a, k))
        return true;
    switch (k) {
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
        open_shown(a, a->sel);
        return true;
    case SDLK_TAB:
        set_sort(a, mod & KMOD_SHIFT ? -1 : 1);
        return true;
    case SDLK_BACKSPACE:
        delete_last_char(a->lib_filter);
        apply_filter(a);
        return true;
    case SDLK_ESCAPE:
        if (a->lib_filter[0]) {
            a->lib_filter[0] = '\0';
            apply_filter(a);
        } else {
            a->quit = true;
        }
        return true;
    default:
        /* a key that types (its text comes as SDL_TEXTINPUT) is the
         * search's; F-keys and the rest go on to app.c */
        return (k & SDLK_SCANCODE_MASK) == 0 && k >= SDLK_SPACE && k != SDLK_DELETE;
    }
}

/* ---- drawing ---- */

/* "read 3 hours ago", "read yesterday", "read 2026-11-02" from ISO time. */
static void when_read(const char *iso, char *out, size_t n)
{
    if (!iso) {
        snprintf(out, n, "not yet opened");
        return;
    }
    struct tm tm = {0};
    if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec) < 3) {
        snprintf(out, n, "read %.10s", iso);
        return;
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    double ago = difftime(time(NULL), timegm(&tm));
    if (ago < 0)
        snprintf(out, n, "read %.10s", iso);
    else if (ago < 90)
        snprintf(out, n, "read just now");
    else if (ago < 3600 * 1.5)
        snprintf(out, n, "read %d minutes ago", (int)(ago / 60 + 0.5));
    else if (ago < 86400)
        snprintf(out, n, "read %d hours ago", (int)(ago / 3600 + 0.5));
    else if (ago < 2 * 86400)
        snprintf(out, n, "read yesterday");
    else if (ago < 14 * 86400)
        snprintf(out, n, "read %d days ago", (int)(ago / 86400));
    else
        snprintf(out, n, "read %.10s", iso);
}

static void draw_cover(app *a, SDL_Surface *dst, size_t i, SDL_Rect slot, rod_palette pal)
{
    SDL_Surface *cover = thumb(a, i, slot.w, slot.h);
    if (cover) {
        SDL_Rect at = {slot.x + (slot.w - cover->w) / 2, slot.y + (slot.h - cover->h), cover->w, cover->h};
        SDL_BlitSurface(cover, NULL, dst, &at);
        return;
    }
    /* no cover: a plain one with the title on it, as a shelf shows */
    SDL_FillRect(dst, &slot, app_rgb(dst, app_mix(pal.page, pal.faint, 0.22)));
    const rod_lib_book *bk = &a->books[i];
    int px = slot.w / 8 > 8 ? slot.w / 8 : 8;
    wrap_text(a, dst, bk->title && *bk->title ? bk->title : "?", slot.x + px / 2, slot.y + px * 2,
              slot.w - px, slot.y + slot.h - px / 2, px, ROD_FONT_BOLD, pal.ink);
}

static void draw_progress(SDL_Surface *dst, int x, int y, int w, double done, rod_palette pal)
{
    SDL_Rect track = {x, y, w, 1};
    SDL_FillRect(dst, &track, app_rgb(dst, pal.faint));
    SDL_Rect bar = {x, y - 1, (int)(w * done), 3};
    SDL_FillRect(dst, &bar, app_rgb(dst, pal.ink));
}

static void draw_row(app *a, SDL_Surface *dst, int k, int y, rod_palette pal)
{
    int px = row_px(a), x = margin(a), right = a->w - x;
    size_t i = (size_t)a->shown[k];
    const rod_lib_book *bk = &a->books[i];
    int top = y - px * 2;
    if (k == a->sel) {
        SDL_Rect bar = {x - px / 2, top, right - x + px, row_h(a) - px / 3};
        SDL_FillRect(dst, &bar, app_rgb(dst, app_mix(pal.page, pal.link, 0.12)));
    }
    int th = row_h(a) - px, tw = th * 2 / 3;
    draw_cover(a, dst, i, (SDL_Rect){x, top + px / 3, tw, th}, pal);
    int tx = x + tw + px, width = right - 8 * px - tx;
    char line[400];
    snprintf(line, sizeof line, "%s", bk->title && *bk->title ? bk->title : bk->path);
    fit_text(a, line, (int)(px * 1.15), ROD_FONT_BOLD, width);
    draw_text(a, dst, line, tx, y, (int)(px * 1.15), ROD_FONT_BOLD, pal.ink, 0);
    int ly = y + (int)(px * 1.35);
    if ((bk->authors && *bk->authors) || (bk->contributors && *bk->contributors)) {
        snprintf(line, sizeof line, "%s%s%s", bk->authors ? bk->authors : "",
                 bk->authors && *bk->authors && bk->contributors && *bk->contributors ? "; " : "",
                 bk->contributors ? bk->contributors : "");
        fit_text(a, line, px, ROD_FONT_ITALIC, width);
        draw_text(a, dst, line, tx, ly, px, ROD_FONT_ITALIC, pal.ink, 0);
        ly += (int)(px * 1.3);
    }
    if (bk->series && *bk->series) {
        snprintf(line, sizeof line, "%s", bk->series);
        fit_text(a, line, px, 0, width);
        draw_text(a, dst, line, tx, ly, px, 0, pal.ink, 0);
        ly += (int)(px * 1.3);
    }
    char when[48];
    when_read(bk->last_read, when, sizeof when);
    snprintf(line, sizeof line, "%s · %zu words · %s%s%s%s", bk->format ? bk->format : "", bk->words, when,
             bk->annotations ? " · with notes" : "", bk->subjects && *bk->subjects ? " · " : "",
             bk->subjects ? bk->subjects : "");
    fit_text(a, line, (int)(px * 0.82), APP_TEXT_FIGURES, width);
    draw_text(a, dst, line, tx, ly, (int)(px * 0.82), APP_TEXT_FIGURES, pal.faint, 0);
    char pct[16];
    snprintf(pct, sizeof pct, "%d%%", (int)(bk->progress * 100));
    draw_text(a, dst, pct, right, y, px, APP_TEXT_FIGURES, pal.faint, 2);
    draw_progress(dst, right - 6 * px, y + px, 6 * px, bk->progress, pal);
}

static void draw_cell(app *a, SDL_Surface *dst, int k, int x, int top, rod_palette pal)
{
    int px = row_px(a), w = cell_w(a), ch = w * 3 / 2;
    size_t i = (size_t)a->shown[k];
    const rod_lib_book *bk = &a->books[i];
    if (k == a->sel) {
        SDL_Rect bar = {x - px / 2, top - px / 2, w + px, cell_h(a) - px / 2};
        SDL_FillRect(dst, &bar, app_rgb(dst, app_mix(pal.page, pal.link, 0.12)));
    }
    draw_cover(a, dst, i, (SDL_Rect){x, top, w, ch}, pal);
    draw_progress(dst, x, top + ch + px / 2, w, bk->progress, pal);
    char line[400];
    snprintf(line, sizeof line, "%s", bk->title && *bk->title ? bk->title : bk->path);
    fit_text(a, line, px, ROD_FONT_BOLD, w);
    draw_text(a, dst, line, x, top + ch + px * 2, px, ROD_FONT_BOLD, pal.ink, 0);
    snprintf(line, sizeof line, "%s", bk->authors ? bk->authors : "");
    fit_text(a, line, (int)(px * 0.9), ROD_FONT_ITALIC, w);
    draw_text(a, dst, line, x, top + ch + (int)(px * 3.2), (int)(px * 0.9), ROD_FONT_ITALIC, pal.ink, 0);
}

static void library_draw(app *a, SDL_Surface *dst)
{
    rod_palette pal = rod_theme_palette(a->set.theme);
    int px = row_px(a), x = margin(a), right = a->w - x;
    draw_text(a, dst, "Library", x, px * 3, (int)(px * 1.6), ROD_FONT_SMALLCAPS, pal.ink, 0);
    if (a->nbooks == 0) {
        draw_text(a, dst, "No books yet. Drop a book on this window, or add a folder of them:", x, first_y(a), px,
                  ROD_FONT_ITALIC, pal.faint, 0);
        rod_font_spec mono = {ROD_FAMILY_MONO, 0, (uint16_t)px};
        const char *cmd = "rod library add ~/Books";
        rod_fonts_draw(a->fonts, mono, cmd, strlen(cmd), dst, x + 2 * px, first_y(a) + 2 * px, pal.ink);
        return;
    }
    /* the search line and what the view is */
    char line[300];
    if (a->nshown == a->nbooks)
        snprintf(line, sizeof line, "%zu book%s", a->nbooks, a->nbooks == 1 ? "" : "s");
    else
        snprintf(line, sizeof line, "%zu of %zu books", a->nshown, a->nbooks);
    draw_text(a, dst, line, right, px * 3, px, APP_TEXT_FIGURES, pal.faint, 2);
    int sy = (int)(px * 5.2);
    if (a->lib_filter[0]) {
        snprintf(line, sizeof line, "Search: %s▏", a->lib_filter);
        fit_text(a, line, px, 0, right - x);
        draw_text(a, dst, line, x, sy, px, 0, pal.ink, 0);
    } else {
        snprintf(line, sizeof line, "Type to search · Tab: by %s · Ctrl+G: %s · F1: keys",
                 a->set.library_sort == ROD_LIB_BY_READ ? "last read" : rod_library_sort_name(a->set.library_sort),
                 a->set.library_grid ? "list" : "grid");
        fit_text(a, line, (int)(px * 0.85), ROD_FONT_ITALIC, right - x);
        draw_text(a, dst, line, x, sy, (int)(px * 0.85), ROD_FONT_ITALIC, pal.faint, 0);
    }
    if (a->nshown == 0) {
        draw_text(a, dst, "No book matches. Backspace or Esc changes the search.", x, first_y(a), px,
                  ROD_FONT_ITALIC, pal.faint, 0);
        return;
    }
    int top = first_y(a) - px * 2;
    if (!a->set.library_grid) {
        for (int i = 0; i < lines_shown(a) && a->scroll + i < (int)a->nshown; i++)
            draw_row(a, dst, a->scroll + i, first_y(a) + i * row_h(a), pal);
        return;
    }
    int cols = columns(a), gap = px * 2;
    for (int r = 0; r < lines_shown(a); r++)
        for (int c = 0; c < cols; c++) {
            int k = (a->scroll + r) * cols + c;
            if (k >= (int)a->nshown)
                return;
            draw_cell(a, dst, k, x + c * (cell_w(a) + gap), top + r * cell_h(a), pal);
        }
}

const app_panel library_view = {"library", true, library_refresh, library_event, library_draw, library_free, NULL};
