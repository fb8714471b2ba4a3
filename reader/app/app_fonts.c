/* app_fonts.c — choosing the book's face: the list the settings' Font row
 * opens (Enter or Right on it, or a click).
 *
 * The list is every installed family that can set the book's language
 * (fontconfig's language sets, rod_font_families), a family cut in
 * optical sizes shown once, with "Default" first; each name is drawn in
 * its own face. Choosing one (Enter, a click) sets it at once: the book
 * is laid out again in it and the reading place — the first word of the
 * page — is kept (app_settings_changed, nav_relayout); the settings file
 * keeps the choice. Esc goes back to the settings.
 *
 * Working state: a->families (the list, read afresh at every opening, so
 * a font installed while the window is open appears), a->sel, a->scroll,
 * and the faces opened to draw the names, a few kept here while the
 * panel is open (opening a face costs a few milliseconds; a list of a
 * hundred families opens only those scrolled into view).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

enum { FACES = 24 };

static struct face {
    char name[128];
    rod_fonts *fonts;   /* NULL: tried and failed, the name is drawn in the book's */
    bool tried;
} faces[FACES];
static int faces_next;

static void faces_free(void)
{
    for (int i = 0; i < FACES; i++) {
        rod_fonts_free(faces[i].fonts);
        faces[i] = (struct face){0};
    }
    faces_next = 0;
}

/* The face to draw family's name in; NULL: the window's own. */
static rod_fonts *face_of(const char *family)
{
    for (int i = 0; i < FACES; i++)
        if (faces[i].tried && !strcmp(faces[i].name, family))
            return faces[i].fonts;
    struct face *f = &faces[faces_next];
    faces_next = (faces_next + 1) % FACES;
    rod_fonts_free(f->fonts);
    char err[256];
    *f = (struct face){.tried = true};
    snprintf(f->name, sizeof f->name, "%s", family);
    f->fonts = rod_fonts_new(family[0] ? family : NULL, NULL, err, sizeof err);
    return f->fonts;
}

typedef struct fonts_box {
    SDL_Rect r;
    int px, row_h, first_y, rows;
} fonts_box;

static fonts_box box_of(app *a)
{
    fonts_box p = {.px = panel_px(a)};
    p.row_h = (int)(p.px * 2.0);
    int w = (int)fmin(a->w - 40, 620 * a->scale);
    int n = (int)a->nfamilies + 1;
    int h = (int)fmin(a->h - 2 * p.px, (n + 3) * p.row_h);
    p.r = (SDL_Rect){(a->w - w) / 2, (a->h - h) / 2, w, h};
    p.first_y = p.r.y + 2 * p.row_h;
    p.rows = (p.r.y + p.r.h - p.first_y - p.row_h / 2) / p.row_h;
    if (p.rows < 1)
        p.rows = 1;
    return p;
}

/* Row 0 is the default face, row i the family i - 1. */
static const char *row_family(app *a, int row)
{
    return row <= 0 ? "" : a->families[row - 1];
}

static rod_fonts *face_of(const char *family);

/* A row's name: the family, or "Default (EB Garamond)". */
static void label(app *a, int row, char *out, size_t n)
{
    rod_fonts *def = row == 0 ? face_of("") : NULL;
    if (row == 0)
        snprintf(out, n, "Default (%s)", def ? rod_fonts_family(def, ROD_FAMILY_BOOK) : "?");
    else
        snprintf(out, n, "%s", row_family(a, row));
}

static void fonts_open(app *a)
{
    SDL_StopTextInput();
    rod_font_families_free(a->families, a->nfamilies);
    a->families = NULL;
    a->nfamilies = 0;
    const char *lang = a->book ? rod_node_lang(a->book->doc->root) : NULL;
    a->families = rod_font_families(lang, &a->nfamilies);
    a->sel = 0;
    for (size_t i = 0; i < a->nfamilies; i++)
        if (!strcmp(a->families[i], a->set.font))
            a->sel = (int)i + 1;
    a->scroll = a->sel - box_of(a).rows / 2;
    list_clamp(&a->sel, &a->scroll, (int)a->nfamilies + 1, box_of(a).rows);
}

static void fonts_close(app *a)
{
    (void)a;
    faces_free();
}

static void choose(app *a, int row)
{
    const char *family = row_family(a, row);
    if (strcmp(family, a->set.font) == 0)
        return;
    snprintf(a->set.font, sizeof a->set.font, "%s", family);
    app_settings_changed(a, true);
}

static bool fonts_event(app *a, const SDL_Event *ev)
{
    fonts_box p = box_of(a);
    int n = (int)a->nfamilies + 1;
    if (ev->type == SDL_MOUSEWHEEL) {
        list_scroll(&a->scroll, ev->wheel.y * 3, n, p.rows);
        a->dirty = true;
        return true;
    }
    if (ev->type == SDL_MOUSEBUTTONDOWN) {
        int x = (int)(ev->button.x * a->pixel_ratio), y = (int)(ev->button.y * a->pixel_ratio);
        if (x < p.r.x || x >= p.r.x + p.r.w || y < p.r.y || y >= p.r.y + p.r.h) {
            panel_close(a);
            return true;
        }
        int top = p.first_y - p.row_h * 2 / 3;
        int row = y >= top ? a->scroll + (y - top) / p.row_h : -1;
        if (row >= 0 && row < n && row < a->scroll + p.rows) {
            a->sel = row;
            choose(a, row);
        }
        a->dirty = true;
        return true;
    }
    if (ev->type != SDL_KEYDOWN)
        return panel_swallows(ev);
    SDL_Keycode k = ev->key.keysym.sym;
    a->dirty = true;
    if (k == SDLK_ESCAPE || k == SDLK_LEFT || k == SDLK_BACKSPACE) {
        panel_open(a, PANEL_SETTINGS);     /* back to the settings, on their Font row */
        return true;
    }
    if (list_move(k, &a->sel, &a->scroll, n, p.rows))
        return true;
    if (k == SDLK_RETURN || k == SDLK_KP_ENTER || k == SDLK_SPACE)
        choose(a, a->sel);
    return true;
}

static void fonts_draw(app *a, SDL_Surface *dst)
{
    rod_palette pal = rod_theme_palette(a->set.theme);
    fonts_box p = box_of(a);
    int px = p.px;
    panel_card(dst, p.r, pal);
    const char *lang = a->book ? rod_node_lang(a->book->doc->root) : "und";
    char head[160];
    snprintf(head, sizeof head, "Font · %zu famil%s for %s", a->nfamilies, a->nfamilies == 1 ? "y" : "ies",
             strcmp(lang, "und") ? lang : "any language");
    draw_text(a, dst, head, p.r.x + px, p.r.y + p.row_h, px, ROD_FONT_SMALLCAPS, pal.faint, 0);
    int n = (int)a->nfamilies + 1;
    for (int i = 0; i < p.rows && a->scroll + i < n; i++) {
        int row = a->scroll + i;
        int y = p.first_y + i * p.row_h;
        if (row == a->sel)
            SDL_FillRect(dst, &(SDL_Rect){p.r.x + 1, y - p.row_h * 2 / 3, p.r.w - 2, p.row_h},
                         app_rgb(dst, app_mix(pal.page, pal.link, 0.16)));
        const char *family = row_family(a, row);
        bool current = strcmp(family, a->set.font) == 0;
        char name[200];
        rod_fonts *face = face_of(family);
        label(a, row, name, sizeof name);
        int x = p.r.x + 2 * px;
        rod_font_spec spec = {ROD_FAMILY_BOOK, 0, (uint16_t)(px * 1.15)};
        uint32_t ink = current ? pal.link : pal.ink;
        if (face)
            rod_fonts_draw(face, spec, name, strlen(name), dst, x, y, ink);
        else
            draw_text(a, dst, name, x, y, spec.size, 0, ink, 0);
        if (current)
            draw_text(a, dst, "✓", p.r.x + px, y, px, 0, pal.link, 1);
    }
    draw_text(a, dst, "Enter sets it · Esc back to the settings", p.r.x + p.r.w / 2, p.r.y + p.r.h - p.row_h / 3,
              (int)(px * 0.85), ROD_FONT_ITALIC, pal.faint, 1);
}

/* For scripts: the family ("" the default, as "Default (EB Garamond)"),
 * then " (current)" for the one set. */
static bool fonts_row(app *a, int i, char *out, size_t n)
{
    if (i < 0 || i > (int)a->nfamilies)
        return false;
    char name[200];
    label(a, i, name, sizeof name);
    snprintf(out, n, "%s%s", name, strcmp(row_family(a, i), a->set.font) ? "" : " (current)");
    return true;
}

const app_panel panel_fonts = {"fonts", true, fonts_open, fonts_event, fonts_draw, fonts_close, fonts_row};
