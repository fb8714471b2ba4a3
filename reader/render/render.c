/* render.c — a laid-out page drawn onto an SDL surface.
 *
 * Everything about where things go was decided by the layout engine; this
 * file only paints: each run's text through rod_fonts (which handles
 * fallback faces and small capitals), strike-through lines, links in the
 * palette's link colour, ornaments in the faint colour, images scaled
 * into their boxes. It is the one file that uses SDL2_image, for the
 * book's images, decoded on first use and kept within a budget. Nothing
 * is decoded that rod_img_probe has not measured: the probe's limits are
 * the renderer's, whatever format the book came from (a .rod's binaries
 * are checked here, not only at import).
 *
 * The Terok Nor theme is dim amber on near-black: low light, warm, for
 * reading late (the Cardassians liked their station dark).
 */
#include "rod_render.h"

#include "rod_img.h"

#include <SDL.h>
#include <SDL_image.h>
#include <math.h>
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

/* Decoded images are kept, but never more than this many bytes of them:
 * a book of a hundred 60-megapixel images would otherwise keep 25 GB as
 * its pages go by. The least recently drawn go first. */
#define IMAGES_BUDGET ((unsigned long long)256 << 20)

typedef struct image_slot {
    const rod_node *binary;
    SDL_Surface *surface;       /* NULL: refused, failed, or given up for room */
    unsigned long long bytes;   /* what the surface holds */
    unsigned long long used;    /* the tick it was last drawn at */
    bool failed;                /* does not decode: never tried again */
    int want_w, want_h;         /* SVG: the box it was rasterised for */
} image_slot;

struct rod_images {
    const rod_doc *doc;
    image_slot *slots;
    size_t n, cap;
    unsigned long long kept, tick;
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

/* Decodes what the probe measured, with the decoder for the type it found
 * (IMG_Load_RW would pick one by the bytes itself, any of a dozen). An SVG
 * is rasterised at the probe's raster size, which caps its pixels. */
static SDL_Surface *decode(const void *data, size_t len, const rod_img_info *info)
{
    if (len >= INT32_MAX)
        return NULL;
    SDL_RWops *rw = SDL_RWFromConstMem(data, (int)len);
    if (!rw)
        return NULL;
    SDL_Surface *s = NULL;
    switch (info->kind) {
    case ROD_IMG_PNG: s = IMG_LoadPNG_RW(rw); break;
    case ROD_IMG_JPEG: s = IMG_LoadJPG_RW(rw); break;
    case ROD_IMG_GIF: s = IMG_LoadGIF_RW(rw); break;
    case ROD_IMG_SVG:
        s = rod_render_svg(data, len, (int)info->raster_w, (int)info->raster_h);
        break;
    default: break;
    }
    SDL_RWclose(rw);
    return s;
}

/* Frees the least recently drawn surfaces until `want` more bytes fit. */
static void make_room(rod_images *im, unsigned long long want)
{
    while (im->kept + want > IMAGES_BUDGET) {
        image_slot *old = NULL;
        for (size_t i = 0; i < im->n; i++)
            if (im->slots[i].surface && (!old || im->slots[i].used < old->used))
                old = &im->slots[i];
        if (!old)
            return;
        SDL_FreeSurface(old->surface);
        old->surface = NULL;
        im->kept -= old->bytes;
        old->bytes = 0;
    }
}

/* The binary's image, decoded; an SVG is rasterised for the box it is
 * drawn in (w x h), not at its own size and then scaled. */
static SDL_Surface *decoded(rod_images *im, const rod_node *binary, int w, int h)
{
    image_slot *slot = NULL;
    for (size_t i = 0; i < im->n && !slot; i++)
        if (im->slots[i].binary == binary)
            slot = &im->slots[i];
    if (!slot) {
        if (im->n == im->cap) {
            size_t cap = im->cap ? im->cap * 2 : 8;
            image_slot *v = realloc(im->slots, cap * sizeof *v);
            if (!v)
                return NULL;        /* cannot remember it: draw a placeholder */
            im->slots = v;
            im->cap = cap;
        }
        slot = &im->slots[im->n++];
        *slot = (image_slot){.binary = binary};
    }
    slot->used = ++im->tick;
    if (slot->failed)
        return NULL;
    rod_img_info info;
    if (!binary->text || rod_img_probe(binary->text, binary->len, &info) != ROD_IMG_OK) {
        slot->failed = true;
        return NULL;
    }
    if (info.kind == ROD_IMG_SVG && w > 0 && h > 0) {
        if ((unsigned long long)w * h < (unsigned long long)info.raster_w * info.raster_h) {
            info.raster_w = (unsigned)w;
            info.raster_h = (unsigned)h;
            info.bytes = (unsigned long long)(w + 1) * (h + 1) * 4;
        }
        if (slot->surface && (slot->want_w != w || slot->want_h != h)) {
            SDL_FreeSurface(slot->surface);
            slot->surface = NULL;
            im->kept -= slot->bytes;
            slot->bytes = 0;
        }
        slot->want_w = w;
        slot->want_h = h;
    }
    if (slot->surface)
        return slot->surface;
    make_room(im, info.bytes);
    SDL_Surface *s = decode(binary->text, binary->len, &info);
    if (!s) {
        slot->failed = true;
        return NULL;
    }
    slot->surface = s;
    slot->bytes = (unsigned long long)s->pitch * (unsigned)s->h;
    im->kept += slot->bytes;
    return s;
}

SDL_Surface *rod_image_thumbnail(const void *data, size_t len, int max_w, int max_h)
{
    rod_img_info info;
    if (!data || max_w < 1 || max_h < 1 || rod_img_probe(data, len, &info) != ROD_IMG_OK)
        return NULL;
    if (info.kind == ROD_IMG_SVG) {
        /* drawn at the thumbnail's size straight away */
        info.raster_w = (unsigned)max_w;
        info.raster_h = (unsigned)max_h;
    }
    SDL_Surface *full = decode(data, len, &info);
    if (!full)
        return NULL;
    double k = fmin((double)max_w / full->w, (double)max_h / full->h);
    int w = (int)fmax(1, full->w * k), h = (int)fmax(1, full->h * k);
    /* a large image is first taken down to four times the thumbnail by
     * nearest pixel (which converts its format on the way) rather than
     * converted whole: a second copy of 64 megapixels is 256 MB */
    int mw = full->w, mh = full->h;
    if ((long long)mw * mh > 16LL * w * h) {
        mw = w * 4 < full->w ? w * 4 : full->w;
        mh = h * 4 < full->h ? h * 4 : full->h;
    }
    SDL_Surface *argb = SDL_CreateRGBSurfaceWithFormat(0, mw, mh, 32, SDL_PIXELFORMAT_ARGB8888);
    if (argb && SDL_BlitScaled(full, NULL, argb, NULL) != 0) {
        SDL_FreeSurface(argb);
        argb = NULL;
    }
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
    /* the probe, not a decode: laying out a chapter measures every image
     * in it, and decoding each to learn its size kept them all */
    rod_img_info info;
    if (!ctx || !binary || !binary->text ||
        rod_img_probe(binary->text, binary->len, &info) != ROD_IMG_OK ||
        info.w > INT32_MAX || info.h > INT32_MAX)
        return false;
    *w = (int)info.w;
    *h = (int)info.h;
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
    SDL_Surface *s = bin ? decoded(images, bin, box.w, box.h) : NULL;
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
