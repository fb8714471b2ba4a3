/* render.c — a laid-out page drawn onto an SDL surface.
 *
 * Everything about where things go was decided by the layout engine; this
 * file only paints: each run's text through rod_fonts (which handles
 * fallback faces and small capitals), strike-through lines, links in the
 * palette's link colour, ornaments in the faint colour, images scaled
 * into their boxes. It is the one file that uses SDL2_image, for the
 * book's images, decoded on first use and kept.
 *
 * The Terok Nor theme is dim amber on near-black: low light, warm, for
 * reading late (the Cardassians liked their station dark).
 */
#include "rod_render.h"

#include <SDL.h>
#include <SDL_image.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *name;
    rod_palette palette;
} themes[ROD_THEME_COUNT] = {
    [ROD_THEME_DAY] = {"day", {0xFBFAF7, 0x1E1E1E, 0x8A8A8A, 0x1F4E8C}},
    [ROD_THEME_SEPIA] = {"sepia", {0xF4ECD8, 0x3B2F22, 0x9A8670, 0x7A3E12}},
    [ROD_THEME_NIGHT] = {"night", {0x141518, 0xC9CCD1, 0x6B6F76, 0x7FA7D9}},
    [ROD_THEME_TEROK_NOR] = {"terok-nor", {0x0E0B08, 0xC8892F, 0x6E4D22, 0xE0A94F}},
};

bool rod_theme_from_name(const char *name, rod_theme *out)
{
    for (int t = 0; t < ROD_THEME_COUNT; t++)
        if (strcasecmp(name, themes[t].name) == 0) {
            *out = (rod_theme)t;
            return true;
        }
    if (strcasecmp(name, "teroknor") == 0 || strcasecmp(name, "terok nor") == 0) {
        *out = ROD_THEME_TEROK_NOR;
        return true;
    }
    return false;
}

const char *rod_theme_name(rod_theme theme)
{
    return theme < ROD_THEME_COUNT ? themes[theme].name : "day";
}

rod_palette rod_theme_palette(rod_theme theme)
{
    return themes[theme < ROD_THEME_COUNT ? theme : ROD_THEME_DAY].palette;
}

typedef struct image_slot {
    const rod_node *binary;
    SDL_Surface *surface;       /* NULL: does not decode */
} image_slot;

struct rod_images {
    const rod_doc *doc;
    image_slot *slots;
    size_t n, cap;
};

rod_images *rod_images_new(const rod_doc *doc)
{
    rod_images *im = calloc(1, sizeof *im);
    if (im)
        im->doc = doc;
    return im;
}

void rod_images_free(rod_images *im)
{
    if (!im)
        return;
    for (size_t i = 0; i < im->n; i++)
        SDL_FreeSurface(im->slots[i].surface);
    free(im->slots);
    free(im);
}

static SDL_Surface *decoded(rod_images *im, const rod_node *binary)
{
    for (size_t i = 0; i < im->n; i++)
        if (im->slots[i].binary == binary)
            return im->slots[i].surface;
    SDL_Surface *s = NULL;
    if (binary->text && binary->len > 0 && binary->len < INT32_MAX) {
        SDL_RWops *rw = SDL_RWFromConstMem(binary->text, (int)binary->len);
        if (rw)
            s = IMG_Load_RW(rw, 1);
    }
    if (im->n == im->cap) {
        size_t cap = im->cap ? im->cap * 2 : 8;
        image_slot *v = realloc(im->slots, cap * sizeof *v);
        if (!v) {
            SDL_FreeSurface(s);     /* cannot remember it: draw a placeholder */
            return NULL;
        }
        im->slots = v;
        im->cap = cap;
    }
    im->slots[im->n++] = (image_slot){binary, s};
    return s;
}

SDL_Surface *rod_image_thumbnail(const void *data, size_t len, int max_w, int max_h)
{
    if (!data || len == 0 || len >= INT32_MAX || max_w < 1 || max_h < 1)
        return NULL;
    SDL_RWops *rw = SDL_RWFromConstMem(data, (int)len);
    SDL_Surface *full = rw ? IMG_Load_RW(rw, 1) : NULL;
    if (!full)
        return NULL;
    double k = fmin((double)max_w / full->w, (double)max_h / full->h);
    int w = (int)fmax(1, full->w * k), h = (int)fmax(1, full->h * k);
    SDL_Surface *argb = SDL_ConvertSurfaceFormat(full, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(full);
    SDL_Surface *thumb = argb ? SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888)
                              : NULL;
    if (thumb && SDL_SoftStretchLinear(argb, NULL, thumb, NULL) != 0 &&
        SDL_BlitScaled(argb, NULL, thumb, NULL) != 0) {
        SDL_FreeSurface(thumb);
        thumb = NULL;
    }
    SDL_FreeSurface(argb);
    return thumb;
}

bool rod_images_size(void *ctx, const rod_node *binary, int *w, int *h)
{
    rod_images *im = ctx;
    if (!im || !binary)
        return false;
    SDL_Surface *s = decoded(im, binary);
    if (!s)
        return false;
    *w = s->w;
    *h = s->h;
    return true;
}

static Uint32 map(SDL_Surface *dst, uint32_t rgb)
{
    return SDL_MapRGB(dst->format, (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb);
}

static void frame(SDL_Surface *dst, SDL_Rect r, uint32_t rgb)
{
    Uint32 c = map(dst, rgb);
    SDL_Rect edges[4] = {{r.x, r.y, r.w, 1}, {r.x, r.y + r.h - 1, r.w, 1}, {r.x, r.y, 1, r.h},
                         {r.x + r.w - 1, r.y, 1, r.h}};
    SDL_FillRects(dst, edges, 4, c);
}

static void draw_image(SDL_Surface *dst, int x0, const rod_line *line, const rod_run *run, rod_fonts *fonts,
                       rod_images *images, rod_palette pal)
{
    SDL_Rect box = {x0 + run->x, line->y - line->ascent, run->w, run->h};
    const rod_node *img = run->node;
    const rod_node *bin = NULL;
    if (img && img->ref && img->ref[0] == '#' && images)
        bin = rod_doc_find_id(images->doc, img->ref + 1);
    SDL_Surface *s = bin ? decoded(images, bin) : NULL;
    if (s) {
        SDL_BlitScaled(s, NULL, dst, &box);
        return;
    }
    frame(dst, box, pal.faint);
    if (run->len) {
        rod_font_spec f = run->font;
        f.style |= ROD_FONT_ITALIC;
        rod_fonts_draw(fonts, f, run->text, run->len, dst, box.x + 8, box.y + box.h / 2, pal.faint);
    }
}

void rod_render_page(SDL_Surface *dst, int x0, const rod_page *page, rod_fonts *fonts, rod_images *images,
                     rod_palette pal)
{
    if (!page)
        return;
    for (size_t i = 0; i < page->nlines; i++) {
        const rod_line *line = &page->lines[i];
        for (size_t k = 0; k < line->nruns; k++) {
            const rod_run *run = &line->runs[k];
            if (run->flags & ROD_RUN_IMAGE) {
                draw_image(dst, x0, line, run, fonts, images, pal);
                continue;
            }
            uint32_t color = run->flags & ROD_RUN_LINK ? pal.link
                           : run->flags & (ROD_RUN_ORNAMENT | ROD_RUN_MARKER) ? pal.faint
                           : pal.ink;
            int y = line->y - run->dy;
            rod_fonts_draw(fonts, run->font, run->text, run->len, dst, x0 + run->x, y, color);
            if (run->flags & ROD_RUN_STRIKE) {
                SDL_Rect r = {x0 + run->x, y - run->font.size * 3 / 10, run->w, run->font.size > 30 ? 2 : 1};
                SDL_FillRect(dst, &r, map(dst, color));
            }
        }
    }
}
