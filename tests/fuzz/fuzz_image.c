/* fuzz_image.c — a libFuzzer target for rod_img_probe, the one measure of
 * an image before anything decodes it (formats/rod_img.h). Whatever the
 * bytes, the probe must end without reading outside them, and what it
 * calls OK must keep its promises: a size, a decode within the limit, and
 * an SVG raster within the pixel limit. An SVG then goes through what an
 * importer and the renderer do with it (rod_svg.h): cleaned, it is still
 * an SVG; made drawable, its pictures are within the file's size.
 *
 *   ninja -C build-fuzz tests/fuzz/fuzz_image
 *   build-fuzz/tests/fuzz/fuzz_image -max_total_time=600 CORPUS_DIR SEED_DIR...
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rod_img.h"
#include "rod_svg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* a copy of exactly `size` bytes, so ASan sees any read past them */
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    rod_img_info info;
    rod_img_status st = rod_img_probe(copy, size, &info);
    char why[200];
    rod_img_why(st, &info, size, why, sizeof why);
    if (st == ROD_IMG_OK) {
        if (!info.type || !info.w || !info.h || info.bytes > ROD_IMG_MAX_BYTES)
            __builtin_trap();
        if (info.kind != ROD_IMG_SVG &&
            (unsigned long long)info.big_w * info.big_h > ROD_IMG_MAX_PIXELS)
            __builtin_trap();
        if (info.kind == ROD_IMG_SVG &&
            (unsigned long long)info.raster_w * info.raster_h > ROD_IMG_MAX_PIXELS)
            __builtin_trap();
    }
    if (!memchr(why, '\0', sizeof why))
        __builtin_trap();
    if (st == ROD_IMG_OK && info.kind == ROD_IMG_SVG) {
        rod_buf clean = ROD_BUF_INIT;
        rod_svg_report rep;
        rod_svg_status cs = rod_svg_clean(copy, size, &clean, &rep);
        rod_img_info again;
        if (cs == ROD_SVG_CLEANED &&
            (rod_img_probe(clean.data, clean.len, &again) == ROD_IMG_UNKNOWN ||
             again.kind != ROD_IMG_SVG))
            __builtin_trap();
        if (!memchr(rep.first, '\0', sizeof rep.first) || !memchr(rep.why, '\0', sizeof rep.why))
            __builtin_trap();
        rod_buf_free(&clean);
        rod_svg_drawn d;
        if (rod_svg_drawable(copy, size, &d) <= ROD_SVG_CLEANED) {
            for (size_t i = 0; i < d.nrasters; i++)
                if (d.rasters[i].len > size)
                    __builtin_trap();
            rod_svg_drawn_free(&d);
        }
    }
    free(copy);
    return 0;
}
