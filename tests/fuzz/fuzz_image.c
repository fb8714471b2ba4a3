/* fuzz_image.c — a libFuzzer target for rod_img_probe, the one measure of
 * an image before anything decodes it (formats/rod_img.h). Whatever the
 * bytes, the probe must end without reading outside them, and what it
 * calls OK must keep its promises: a size, a decode within the limit, and
 * an SVG raster within the pixel limit.
 *
 *   ninja -C build-fuzz tests/fuzz/fuzz_image
 *   build-fuzz/tests/fuzz/fuzz_image -max_total_time=600 CORPUS_DIR SEED_DIR...
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rod_img.h"

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
    free(copy);
    return 0;
}
