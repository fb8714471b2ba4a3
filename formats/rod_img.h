/* rod_img.h — what an image's own bytes say about it, read before anything
 * decodes it: its type (by signature, never by name or claimed media type),
 * the size it is shown at, and the memory a decoder will take for it.
 *
 *   rod_img_info info;
 *   rod_img_status st = rod_img_probe(data, len, &info);
 *   if (st == ROD_IMG_OK) { ...decode info.kind, which needs info.bytes... }
 *   else { char why[160]; rod_img_why(st, &info, len, why, sizeof why); ... }
 *
 * The importers keep an image only when it probes OK, and the renderer
 * decodes nothing that does not; so the one rule for "too large" is here.
 * What is measured is what a decoder allocates, frame by frame:
 *   PNG   the IHDR canvas (APNG frames lie inside it and are not decoded);
 *   JPEG  the start-of-frame size, plus the coefficient buffers libjpeg
 *         keeps for a whole progressive or multi-scan image;
 *   GIF   the logical screen and every image descriptor (a 1 x 1 screen
 *         may hold a 40000 x 40000 frame, which is what gets allocated);
 *   SVG   the width, height or viewBox of the root element; an SVG is
 *         rasterised at most at ROD_IMG_MAX_PIXELS (raster_w x raster_h),
 *         so it is never too large, only drawn smaller; but one whose
 *         shapes hold too many coordinates is (its rasteriser's time
 *         grows with their square).
 * A file whose size cannot be read the way its decoder would read it (a
 * truncated header, a GIF frame of width 0, a JPEG with no frame before
 * its scan) is DAMAGED: decoders resynchronise on such files in ways a
 * probe cannot follow, so nothing that cannot be measured is decoded.
 *
 * Nothing here allocates. Errors: the status; *info is always filled
 * (zeros where nothing was found).
 */
#ifndef ROD_IMG_H
#define ROD_IMG_H

#include <stddef.h>

/* The largest canvas (image, GIF screen or frame) decoded: 64 megapixels;
 * and the memory one decode may take: 64 megapixels at 4 bytes. */
#define ROD_IMG_MAX_PIXELS ((unsigned long long)64 << 20)
#define ROD_IMG_MAX_BYTES (ROD_IMG_MAX_PIXELS * 4)
/* The largest image file kept. */
#define ROD_IMG_MAX_FILE ((size_t)32 << 20)

typedef enum rod_img_kind {
    ROD_IMG_NONE, ROD_IMG_PNG, ROD_IMG_JPEG, ROD_IMG_GIF, ROD_IMG_SVG
} rod_img_kind;

typedef enum rod_img_status {
    ROD_IMG_OK,
    ROD_IMG_UNKNOWN,        /* not PNG, JPEG, GIF or SVG */
    ROD_IMG_DAMAGED,        /* its size cannot be read */
    ROD_IMG_TOO_LARGE       /* over ROD_IMG_MAX_PIXELS, _BYTES or _FILE */
} rod_img_status;

typedef struct rod_img_info {
    rod_img_kind kind;
    const char *type;           /* "image/png"...; NULL for ROD_IMG_NONE */
    unsigned w, h;              /* the size it is shown at (a GIF's first frame) */
    unsigned big_w, big_h;      /* the largest canvas a decoder allocates */
    unsigned big_frame;         /* 0: the image or screen itself; k: the k-th frame */
    unsigned frames;            /* frames seen (1 but for GIF) */
    unsigned raster_w, raster_h;    /* SVG: the largest size it is rasterised at */
    unsigned long svg_shape;    /* SVG: coordinates in its most complex shape */
    unsigned long svg_numbers;  /* SVG: coordinates in all */
    unsigned long long bytes;   /* memory decoding takes */
} rod_img_info;

rod_img_status rod_img_probe(const void *data, size_t len, rod_img_info *info);

/* A clause for a message about an image that did not probe OK, without a
 * full stop: "40000 x 40000 pixels in frame 1 is 1526 megapixels, over
 * rod's limit of 64". Always NUL-terminates buf. */
void rod_img_why(rod_img_status status, const rod_img_info *info, size_t len, char *buf,
                 size_t size);

#endif
