/* rod_render.h — drawing laid-out pages with SDL2.
 *
 * One function draws a page into any SDL surface: the window's (the
 * reader) or an off-screen one saved as PNG (`rod render`), so what the
 * command line renders is exactly what the window shows. Images come from
 * the book's binaries, measured by rod_img_probe (formats/rod_img.h) and
 * refused past its limits, then decoded by SDL2_image and kept in a
 * rod_images cache of at most 256 MiB (the least recently drawn are
 * dropped and decoded again when needed). The cache also answers the
 * layout engine's question "how big is this image" (rod_images_size fits
 * rod_layout_opts.image_size) from the probe, without decoding.
 *
 * Ownership: rod_images_new() borrows the document (it must outlive the
 * cache) and gives the caller the cache; rod_images_free() accepts NULL.
 * Errors: an image that cannot be decoded is drawn as a framed
 * placeholder with its alt text; drawing itself never fails.
 */
#ifndef ROD_RENDER_H
#define ROD_RENDER_H

#include <stdbool.h>
#include <stdint.h>

#include "rod_fonts.h"
#include "rod_layout.h"

struct SDL_Surface;

typedef enum rod_theme {
    ROD_THEME_DAY, ROD_THEME_SEPIA, ROD_THEME_NIGHT, ROD_THEME_TEROK_NOR, ROD_THEME_COUNT
} rod_theme;

typedef struct rod_palette {
    uint32_t page, ink, faint, link;    /* 0xRRGGBB */
} rod_palette;

/* "day", "sepia", "night", "terok-nor" (also "teroknor", "terok nor"). */
bool rod_theme_from_name(const char *name, rod_theme *out);
const char *rod_theme_name(rod_theme theme);
rod_palette rod_theme_palette(rod_theme theme);

typedef struct rod_images rod_images;

rod_images *rod_images_new(const rod_doc *doc);
void rod_images_free(rod_images *images);
/* Pixel size of a binary's image, from its header; false when the probe
 * refuses it (not an image, damaged, over rod's limits). */
bool rod_images_size(void *images, const rod_node *binary, int *w, int *h);

/* An image (PNG, JPEG, GIF, SVG) decoded and scaled to fit max_w x max_h,
 * keeping its shape: a new surface the caller frees with SDL_FreeSurface,
 * or NULL when the bytes do not probe OK or do not decode. For covers in
 * the library view. */
struct SDL_Surface *rod_image_thumbnail(const void *data, size_t len, int max_w, int max_h);

/* An SVG rasterised at w x h (render_svg.c): its <style> sheet applied and
 * its embedded PNG, JPEG and GIF pictures drawn under its shapes (nanosvg
 * alone draws no <image> and ignores rules naming an element). A new surface, or NULL when it does not
 * decode. The caller has probed data (rod_img.h) and chosen w x h. */
struct SDL_Surface *rod_render_svg(const void *data, size_t len, int w, int h);

/* Draws page at horizontal offset x0 (for two-page spreads) onto dst,
 * which the caller has filled with the palette's page colour. */
void rod_render_page(struct SDL_Surface *dst, int x0, const rod_page *page, rod_fonts *fonts,
                     rod_images *images, rod_palette palette);

#endif
