/* rod_svg.h — an SVG image made to refer to nothing outside itself, as
 * ROD-FORMAT §1 asks of every SVG binary: no external images, fonts,
 * stylesheets, scripts or entities.
 *
 *   rod_buf clean = ROD_BUF_INIT;
 *   rod_svg_report rep;
 *   rod_svg_status st = rod_svg_clean(data, len, &clean, &rep);
 *   ROD_SVG_KEPT: keep data as it is (clean is empty)
 *   ROD_SVG_CLEANED: keep clean.data instead; rep says what was taken out
 *   ROD_SVG_REFUSED: keep nothing; rep.why says why
 *   rod_buf_free(&clean);
 *
 * What is taken out: every href (xlink:href, href) that is not a fragment
 * of the drawing itself ("#id") or a data: URI of a PNG, JPEG or GIF,
 * with an <image>, <use>, <feImage> or
 * <a>'s target; url(...) values that lead outside, in attributes, style
 * attributes and <style> (a <style> that does is dropped whole, @import
 * too); <script>, <foreignObject>, on* event attributes and processing
 * instructions (<?xml-stylesheet?>). A DOCTYPE (its DTD is never fetched,
 * but it names a file outside) is dropped without being reported. Data that
 * is not well-formed XML, declares entities or uses undeclared ones is
 * refused: it cannot be shown without guessing.
 *
 * Nothing is fetched or expanded at any time (xml_tree.h). Errors: the
 * status; ROD_SVG_NOMEM when memory runs out. *rep is always filled.
 */
#ifndef ROD_SVG_H
#define ROD_SVG_H

#include <stddef.h>

#include "rod_buf.h"

typedef enum rod_svg_status {
    ROD_SVG_KEPT, ROD_SVG_CLEANED, ROD_SVG_REFUSED, ROD_SVG_NOMEM
} rod_svg_status;

typedef struct rod_svg_report {
    size_t removed;         /* references, elements and attributes taken out */
    char first[120];        /* the first of them, e.g. "xlink:href=\"http://x/a.png\"" */
    char why[160];          /* ROD_SVG_REFUSED: why, without a full stop */
} rod_svg_report;

rod_svg_status rod_svg_clean(const void *data, size_t len, rod_buf *out, rod_svg_report *rep);

/* An SVG as the renderer draws it (svg_draw.c): nanosvg draws no <image>
 * and of a <style> sheet only class rules, so the sheet's simple rules
 * are written into the style attributes of a copy (svg; empty when there was no sheet: draw
 * the bytes as they are), and the PNG, JPEG and GIF data: images that can
 * be placed are given decoded, with their box in the drawing's user units,
 * to be drawn under its shapes; vb_* is the viewBox (or 0 0 width height).
 * ROD_SVG_KEPT or _CLEANED: *out filled, free it with rod_svg_drawn_free;
 * _REFUSED (not well-formed) or _NOMEM: *out empty. The rasters are not
 * measured: the caller probes each (rod_img.h) before decoding it. */
typedef struct rod_svg_raster {
    double x, y, w, h;
    unsigned char *data;    /* the image file's bytes, malloc'd */
    size_t len;
} rod_svg_raster;

typedef struct rod_svg_drawn {
    rod_buf svg;
    double vb_x, vb_y, vb_w, vb_h;
    rod_svg_raster *rasters;
    size_t nrasters;
} rod_svg_drawn;

rod_svg_status rod_svg_drawable(const void *data, size_t len, rod_svg_drawn *out);
void rod_svg_drawn_free(rod_svg_drawn *drawn);

#endif
