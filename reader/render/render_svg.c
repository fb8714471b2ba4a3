/* render_svg.c — an SVG drawn the way a book's SVG expects to be seen.
 *
 * SDL2_image rasterises SVG with nanosvg, which draws shapes but no
 * <image>, and of a <style> sheet only its class rules: Standard Ebooks'
 * covers are a painting (a JPEG in an <image>) under a title a sheet's
 * "path { fill: #fff }" makes white, and came out as black letters on a
 * dark box on nothing. rod_svg_drawable
 * (formats/svg_draw.c) writes the sheet into style attributes and hands
 * over the embedded pictures; here each picture is probed (rod_img.h: the
 * limits of any image), decoded, scaled into its box, and the shapes are
 * drawn over them. Pictures go under the shapes whatever their place in
 * the drawing: that is how covers are made, and a picture drawn after
 * shapes would cover them where a browser shows it on top.
 * Nothing is fetched: the drawing was cleaned when the book was read.
 */
#include <SDL.h>
#include <SDL_image.h>
#include <math.h>

#include "rod_img.h"
#include "rod_render.h"
#include "rod_svg.h"

static SDL_Surface *vector(const void *data, size_t len, int w, int h)
{
    if (len >= INT32_MAX)
        return NULL;
    SDL_RWops *rw = SDL_RWFromConstMem(data, (int)len);
    SDL_Surface *s = rw ? IMG_LoadSizedSVG_RW(rw, w, h) : NULL;
    if (rw)
        SDL_RWclose(rw);
    return s;
}

static SDL_Surface *raster(const rod_svg_raster *r)
{
    rod_img_info info;
    if (r->len >= INT32_MAX || rod_img_probe(r->data, r->len, &info) != ROD_IMG_OK)
        return NULL;
    SDL_RWops *rw = SDL_RWFromConstMem(r->data, (int)r->len);
    if (!rw)
        return NULL;
    SDL_Surface *s = NULL;
    switch (info.kind) {
    case ROD_IMG_PNG: s = IMG_LoadPNG_RW(rw); break;
    case ROD_IMG_JPEG: s = IMG_LoadJPG_RW(rw); break;
    case ROD_IMG_GIF: s = IMG_LoadGIF_RW(rw); break;
    default: break;     /* an SVG in an SVG is not drawn */
    }
    SDL_RWclose(rw);
    return s;
}

SDL_Surface *rod_render_svg(const void *data, size_t len, int w, int h)
{
    rod_svg_drawn d;
    rod_svg_status st = rod_svg_drawable(data, len, &d);
    if (st != ROD_SVG_KEPT && st != ROD_SVG_CLEANED)
        return vector(data, len, w, h);
    SDL_Surface *vec = st == ROD_SVG_CLEANED ? vector(d.svg.data, d.svg.len, w, h)
                                             : vector(data, len, w, h);
    SDL_Surface *out = NULL;
    if (vec && d.nrasters && d.vb_w > 0 && d.vb_h > 0)
        out = SDL_CreateRGBSurfaceWithFormat(0, vec->w, vec->h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!out) {
        rod_svg_drawn_free(&d);
        return vec;
    }
    SDL_FillRect(out, NULL, SDL_MapRGBA(out->format, 0, 0, 0, 0));
    /* the viewBox fitted to the surface, centred (preserveAspectRatio's
     * default, xMidYMid meet) */
    double k = fmin(vec->w / d.vb_w, vec->h / d.vb_h);
    double ox = (vec->w - d.vb_w * k) / 2, oy = (vec->h - d.vb_h * k) / 2;
    for (size_t i = 0; i < d.nrasters; i++) {
        const rod_svg_raster *r = &d.rasters[i];
        SDL_Surface *pic = raster(r);
        if (!pic)
            continue;
        SDL_Rect box = {(int)lround(ox + (r->x - d.vb_x) * k), (int)lround(oy + (r->y - d.vb_y) * k),
                        (int)lround(r->w * k), (int)lround(r->h * k)};
        if (box.w > 0 && box.h > 0)
            SDL_BlitScaled(pic, NULL, out, &box);
        SDL_FreeSurface(pic);
    }
    SDL_SetSurfaceBlendMode(vec, SDL_BLENDMODE_BLEND);
    SDL_BlitSurface(vec, NULL, out, NULL);
    SDL_FreeSurface(vec);
    rod_svg_drawn_free(&d);
    return out;
}
