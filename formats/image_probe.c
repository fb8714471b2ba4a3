/* image_probe.c — the real size of an image, read from its bytes the way
 * its decoder will read them, before anything is decoded (see rod_img.h).
 *
 * Each walker follows its decoder rather than the format's specification
 * where the two part: the GIF walk skips stray bytes between blocks as
 * SDL2_image's reader does, and the JPEG walk finds markers as libjpeg's
 * next_marker does (fill bytes, stuffed zeros, segment lengths), so the
 * frame measured is the frame that will be allocated. Where a decoder
 * would go on in a way no walk can follow — SDL2_image reading on inside
 * the data of a GIF frame it could not allocate, libjpeg meeting a second
 * frame header — the image is DAMAGED and never decoded.
 *
 * The turned-down alternative was to ask the decoders (libpng's and
 * libjpeg's header calls, giflib): three libraries, each with its own
 * error handling, and SDL2_image would still decode on its own terms
 * afterwards. A walk over the headers is a few hundred bytes of reading.
 */
#include "rod_img.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sides past this are clamped: no decoder rod uses takes more. */
#define MAX_SIDE 0x7FFFFFFFu
/* The size CSS gives a replaced element that states none. */
#define DEFAULT_W 300
#define DEFAULT_H 150

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

/* Records a canvas a decoder allocates; the largest one is kept. */
static void canvas(rod_img_info *in, unsigned w, unsigned h, unsigned frame)
{
    if ((unsigned long long)w * h > (unsigned long long)in->big_w * in->big_h ||
        (!in->big_w && !in->big_h)) {
        in->big_w = w;
        in->big_h = h;
        in->big_frame = frame;
    }
}

/* ---- PNG ---------------------------------------------------------------- */

static rod_img_status png(const unsigned char *d, size_t n, rod_img_info *in)
{
    /* libpng insists that IHDR, 13 bytes long, comes first */
    if (n < 33 || be32(d + 8) != 13 || memcmp(d + 12, "IHDR", 4) != 0)
        return ROD_IMG_DAMAGED;
    unsigned long w = be32(d + 16), h = be32(d + 20);
    if (!w || !h || w > MAX_SIDE || h > MAX_SIDE)
        return ROD_IMG_DAMAGED;
    in->w = (unsigned)w;
    in->h = (unsigned)h;
    canvas(in, in->w, in->h, 0);
    /* SDL2_image asks libpng for at most 8 bits a channel, 4 channels */
    in->bytes = (unsigned long long)w * h * 4;
    return ROD_IMG_OK;
}

/* ---- JPEG --------------------------------------------------------------- */

static bool is_sof(unsigned char m)
{
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

/* libjpeg's whole-image coefficient buffers: 64 coefficients of 2 bytes
 * per 8 x 8 block of every component, at its own sampling. `sof` is the
 * frame header after its length: precision, height, width, Nf, then Nf
 * components of (id, sampling, table). */
static unsigned long long coefficient_bytes(const unsigned char *sof, unsigned w, unsigned h)
{
    unsigned nf = sof[5], hmax = 1, vmax = 1;
    for (unsigned k = 0; k < nf; k++) {
        unsigned hs = sof[7 + 3 * k] >> 4, vs = sof[7 + 3 * k] & 15;
        hmax = hs > hmax ? hs : hmax;
        vmax = vs > vmax ? vs : vmax;
    }
    unsigned long long total = 0;
    for (unsigned k = 0; k < nf; k++) {
        unsigned hs = sof[7 + 3 * k] >> 4, vs = sof[7 + 3 * k] & 15;
        hs = hs ? hs : 1;
        vs = vs ? vs : 1;
        unsigned long long bw = ((unsigned long long)w * hs + 8ull * hmax - 1) / (8ull * hmax);
        unsigned long long bh = ((unsigned long long)h * vs + 8ull * vmax - 1) / (8ull * vmax);
        bw = (bw + hs - 1) / hs * hs;       /* whole MCUs */
        bh = (bh + vs - 1) / vs * vs;
        total += bw * bh * 128;
    }
    return total;
}

static rod_img_status jpeg(const unsigned char *d, size_t n, rod_img_info *in)
{
    const unsigned char *sof = NULL;        /* the frame header, past its length */
    unsigned char sof_marker = 0;
    size_t i = 2;
    for (;;) {
        /* next_marker: skip to 0xFF, past fill bytes; 0xFF 0x00 is data */
        while (i < n && d[i] != 0xFF)
            i++;
        while (i < n && d[i] == 0xFF)
            i++;
        if (i >= n)
            return ROD_IMG_DAMAGED;     /* no scan: libjpeg has no image */
        unsigned char m = d[i++];
        if (m == 0x00 || m == 0x01 || (m >= 0xD0 && m <= 0xD7))
            continue;
        if (m == 0xD8 || m == 0xD9)
            return ROD_IMG_DAMAGED;     /* a second SOI, or EOI before a scan */
        if (i + 2 > n)
            return ROD_IMG_DAMAGED;
        size_t seg = be16(d + i);
        if (seg < 2 || i + seg > n)
            return ROD_IMG_DAMAGED;
        if (m == 0xDA) {                /* start of scan: the header is read */
            if (!sof || seg < 3)
                return ROD_IMG_DAMAGED;
            unsigned nf = sof[5], ns = d[i + 2];
            bool progressive = (sof_marker & 3) == 2;   /* SOF2, 6, 10, 14 */
            in->bytes = (unsigned long long)in->w * in->h * 4;
            if (progressive || ns < nf)
                in->bytes += coefficient_bytes(sof, in->w, in->h);
            return ROD_IMG_OK;
        }
        if (is_sof(m)) {
            if (sof)
                return ROD_IMG_DAMAGED;     /* libjpeg refuses a second frame */
            if (seg < 8)
                return ROD_IMG_DAMAGED;
            unsigned h = be16(d + i + 3), w = be16(d + i + 5), nf = d[i + 7];
            /* height 0 means a DNL marker, which libjpeg does not support */
            if (!w || !h || !nf || nf > 10 || seg != 8 + 3 * nf)
                return ROD_IMG_DAMAGED;
            sof = d + i + 2;
            sof_marker = m;
            in->w = w;
            in->h = h;
            canvas(in, w, h, 0);
        }
        i += seg;
    }
}

/* ---- GIF ---------------------------------------------------------------- */

/* Skips a run of data sub-blocks; false when the file ends inside it. */
static bool sub_blocks(const unsigned char *d, size_t n, size_t *i)
{
    while (*i < n) {
        unsigned count = d[(*i)++];
        if (!count)
            return true;
        *i += count;
    }
    return false;
}

static rod_img_status gif(const unsigned char *d, size_t n, rod_img_info *in)
{
    if (n < 13)
        return ROD_IMG_DAMAGED;
    unsigned sw = (unsigned)(d[6] | d[7] << 8), sh = (unsigned)(d[8] | d[9] << 8);
    canvas(in, sw, sh, 0);
    size_t i = 13;
    if (d[10] & 0x80)
        i += 3u * (2u << (d[10] & 7));
    in->frames = 0;
    while (i < n) {
        unsigned char c = d[i++];
        if (c == ';')
            break;
        if (c == '!') {
            i++;                        /* the label */
            if (!sub_blocks(d, n, &i))
                break;
            continue;
        }
        if (c != ',')
            continue;                   /* SDL2_image skips stray bytes too */
        if (i + 10 > n)
            return in->frames ? ROD_IMG_OK : ROD_IMG_DAMAGED;
        unsigned fw = (unsigned)(d[i + 4] | d[i + 5] << 8), fh = (unsigned)(d[i + 6] | d[i + 7] << 8);
        unsigned char flags = d[i + 8];
        i += 9;
        in->frames++;
        /* a frame SDL2_image cannot allocate (width or height 0) or start
         * (an LZW code size over 12) makes it read on inside the frame's
         * data, as if it were blocks: nothing can say what it finds there */
        if (!fw || !fh)
            return ROD_IMG_DAMAGED;
        if (flags & 0x80)
            i += 3u * (2u << (flags & 7));
        if (i >= n || d[i] > 12)
            return ROD_IMG_DAMAGED;
        i++;
        if (in->frames == 1) {
            in->w = fw;
            in->h = fh;
        }
        canvas(in, fw, fh, in->frames);
        if (!sub_blocks(d, n, &i))
            break;
    }
    if (!in->frames)
        return ROD_IMG_DAMAGED;
    /* SDL2_image makes each frame an 8-bit surface of its own size */
    in->bytes = (unsigned long long)in->big_w * in->big_h;
    return ROD_IMG_OK;
}

/* ---- SVG ---------------------------------------------------------------- */

/* The root element's start tag, when the document is an SVG: its text
 * from the name to before the '>', in [*tag, *end). */
static bool svg_root(const char *s, size_t n, const char **tag, const char **end)
{
    size_t i = 0;
    if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
        i = 3;
    for (;;) {
        while (i < n && isspace((unsigned char)s[i]))
            i++;
        if (i + 1 >= n || s[i] != '<')
            return false;
        const char *close = NULL;
        if (s[i + 1] == '?')
            close = "?>";
        else if (i + 4 <= n && !memcmp(s + i, "<!--", 4))
            close = "-->";
        else if (s[i + 1] == '!')
            close = ">";
        if (!close) {
            const char *name = s + i + 1;
            const char *colon = NULL, *p = name;
            while (p < s + n && (isalnum((unsigned char)*p) || *p == ':' || *p == '-' ||
                                 *p == '_' || *p == '.')) {
                if (*p == ':')
                    colon = p;
                p++;
            }
            const char *local = colon ? colon + 1 : name;
            if (p - local != 3 || memcmp(local, "svg", 3) != 0)
                return false;
            const char *gt = memchr(p, '>', (size_t)(s + n - p));
            if (!gt)
                return false;
            *tag = p;
            *end = gt;
            return true;
        }
        /* past the declaration, comment or doctype (no internal subset:
         * an SVG rod keeps has none) */
        const char *hit = NULL;
        size_t k = strlen(close);
        for (size_t j = i + 2; j + k <= n; j++)
            if (!memcmp(s + j, close, k)) {
                hit = s + j;
                break;
            }
        if (!hit)
            return false;
        i = (size_t)(hit - s) + k;
    }
}

/* The value of attribute `name` in [tag, end), into buf. */
static bool svg_attr(const char *tag, const char *end, const char *name, char *buf, size_t size)
{
    size_t k = strlen(name);
    for (const char *p = tag; p + k + 2 < end; p++) {
        if (!isspace((unsigned char)p[0]) || memcmp(p + 1, name, k) != 0)
            continue;
        const char *q = p + 1 + k;
        while (q < end && isspace((unsigned char)*q))
            q++;
        if (q >= end || *q != '=')
            continue;
        q++;
        while (q < end && isspace((unsigned char)*q))
            q++;
        if (q >= end || (*q != '"' && *q != '\''))
            continue;
        char quote = *q++;
        size_t m = 0;
        while (q < end && *q != quote && m + 1 < size)
            buf[m++] = *q++;
        buf[m] = '\0';
        return true;
    }
    return false;
}

/* A length in CSS pixels (96 a inch), or 0 when it is relative or bad. */
static double svg_length(const char *v)
{
    char *unit;
    double x = strtod(v, &unit);
    if (unit == v || !(x > 0) || !isfinite(x))
        return 0;
    while (isspace((unsigned char)*unit))
        unit++;
    static const struct { const char *unit; double px; } units[] = {
        {"", 1}, {"px", 1}, {"pt", 96.0 / 72}, {"pc", 16}, {"mm", 96 / 25.4},
        {"cm", 96 / 2.54}, {"in", 96}};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (!strcmp(unit, units[i].unit))
            return x * units[i].px;
    return 0;                           /* %, em, ex: relative to what is not known */
}

static unsigned side(double x)
{
    return x >= MAX_SIDE ? MAX_SIDE : x < 1 ? 1 : (unsigned)(x + 0.5);
}

static rod_img_status svg(const char *tag, const char *end, rod_img_info *in)
{
    char v[128];
    double w = svg_attr(tag, end, "width", v, sizeof v) ? svg_length(v) : 0;
    double h = svg_attr(tag, end, "height", v, sizeof v) ? svg_length(v) : 0;
    double vb[4] = {0};
    bool box = false;
    if (svg_attr(tag, end, "viewBox", v, sizeof v)) {
        char *p = v;
        int k = 0;
        for (; k < 4; k++) {
            while (*p == ',' || isspace((unsigned char)*p))
                p++;
            char *q;
            vb[k] = strtod(p, &q);
            if (q == p || !isfinite(vb[k]))
                break;
            p = q;
        }
        box = k == 4 && vb[2] > 0 && vb[3] > 0;
    }
    if (!w && !h && box) {
        w = vb[2];
        h = vb[3];
    } else if (!w && h) {
        w = box ? h * vb[2] / vb[3] : h * 2;
    } else if (w && !h) {
        h = box ? w * vb[3] / vb[2] : w / 2;
    } else if (!w && !h) {
        w = DEFAULT_W;
        h = DEFAULT_H;
    }
    in->w = side(w);
    in->h = side(h);
    canvas(in, in->w, in->h, 0);
    /* rasterised no larger than the limit, keeping the aspect */
    double k = 1;
    if ((double)in->w * in->h > (double)ROD_IMG_MAX_PIXELS)
        k = sqrt((double)ROD_IMG_MAX_PIXELS / ((double)in->w * in->h));
    in->raster_w = side(floor(in->w * k));
    in->raster_h = side(floor(in->h * k));
    /* SDL2_image's nanosvg may round each side up by one pixel */
    while ((unsigned long long)(in->raster_w + 1) * (in->raster_h + 1) > ROD_IMG_MAX_PIXELS) {
        in->raster_w -= in->raster_w > 1;
        in->raster_h -= in->raster_h > 1;
    }
    in->bytes = (unsigned long long)(in->raster_w + 1) * (in->raster_h + 1) * 4;
    return ROD_IMG_OK;
}

/* nanosvg's rasteriser takes time that grows with the square of the
 * edges of one shape (each scanline walks every edge of it), and keeps
 * every point of a flattened curve: a 220 KB path of overlapping curves
 * took more than a minute and 120 MB, 8.8 MB of it 3.8 GB. The numbers in
 * each shape's geometry (d and points attributes) bound both. */
#define SVG_MAX_SHAPE_NUMBERS 4000
#define SVG_MAX_NUMBERS 200000

static bool svg_too_complex(const char *s, size_t n, unsigned long *shape, unsigned long *all)
{
    *shape = *all = 0;
    for (size_t i = 0; i + 3 < n; i++) {
        bool d = (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') &&
                 ((s[i + 1] == 'd' && s[i + 2] == '=') ||
                  (i + 8 < n && !memcmp(s + i + 1, "points=", 7)));
        if (!d)
            continue;
        const char *q = memchr(s + i, '=', n - i) + 1;
        char quote = q < s + n ? *q : 0;
        if (quote != '"' && quote != '\'')
            continue;
        unsigned long count = 0;
        bool in_number = false;
        for (q++; q < s + n && *q != quote; q++) {
            bool digit = isdigit((unsigned char)*q) || *q == '.';
            count += digit && !in_number;
            in_number = digit;
        }
        *all += count;
        if (count > *shape)
            *shape = count;
        i = (size_t)(q - s);
    }
    return *shape > SVG_MAX_SHAPE_NUMBERS || *all > SVG_MAX_NUMBERS;
}

/* ---- the probe ---------------------------------------------------------- */

static bool over_pixels(const rod_img_info *in)
{
    return (unsigned long long)in->big_w * in->big_h > ROD_IMG_MAX_PIXELS;
}

rod_img_status rod_img_probe(const void *data, size_t len, rod_img_info *in)
{
    const unsigned char *d = data;
    memset(in, 0, sizeof *in);
    in->frames = 1;
    rod_img_status st;
    const char *tag, *end;
    if (len >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8)) {
        in->kind = ROD_IMG_PNG;
        in->type = "image/png";
        st = png(d, len, in);
    } else if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) {
        in->kind = ROD_IMG_JPEG;
        in->type = "image/jpeg";
        st = jpeg(d, len, in);
    } else if (len >= 6 && (!memcmp(d, "GIF87a", 6) || !memcmp(d, "GIF89a", 6))) {
        in->kind = ROD_IMG_GIF;
        in->type = "image/gif";
        st = gif(d, len, in);
    } else if (svg_root(data, len, &tag, &end)) {
        in->kind = ROD_IMG_SVG;
        in->type = "image/svg+xml";
        st = svg(tag, end, in);
        if (st == ROD_IMG_OK && svg_too_complex(data, len, &in->svg_shape, &in->svg_numbers))
            st = ROD_IMG_TOO_LARGE;
    } else {
        return ROD_IMG_UNKNOWN;
    }
    if (st == ROD_IMG_OK && (len > ROD_IMG_MAX_FILE || in->bytes > ROD_IMG_MAX_BYTES ||
                             (in->kind != ROD_IMG_SVG && over_pixels(in))))
        st = ROD_IMG_TOO_LARGE;
    return st;
}

void rod_img_why(rod_img_status st, const rod_img_info *in, size_t len, char *buf, size_t size)
{
    if (!size)
        return;
    const char *what = in->type ? in->type + 6 : "";    /* "png", "jpeg"... */
    char frame[32] = "";
    if (in->big_frame)
        snprintf(frame, sizeof frame, " in frame %u", in->big_frame);
    else if (in->kind == ROD_IMG_GIF)
        snprintf(frame, sizeof frame, " in its screen");
    switch (st) {
    case ROD_IMG_OK:
        snprintf(buf, size, "%s, %u x %u pixels", what, in->w, in->h);
        break;
    case ROD_IMG_UNKNOWN:
        snprintf(buf, size, "it is not PNG, JPEG, GIF or SVG");
        break;
    case ROD_IMG_DAMAGED:
        snprintf(buf, size, "it is a damaged %s whose size cannot be read", what);
        break;
    case ROD_IMG_TOO_LARGE:
        if (len > ROD_IMG_MAX_FILE)
            snprintf(buf, size, "the file is %zu MiB, over rod's limit of %zu MiB", len >> 20,
                     ROD_IMG_MAX_FILE >> 20);
        else if (in->kind == ROD_IMG_SVG && in->svg_shape > SVG_MAX_SHAPE_NUMBERS)
            snprintf(buf, size, "one shape of the drawing has %lu coordinates, over rod's "
                     "limit of %d", in->svg_shape, SVG_MAX_SHAPE_NUMBERS);
        else if (in->kind == ROD_IMG_SVG && in->svg_numbers > SVG_MAX_NUMBERS)
            snprintf(buf, size, "the drawing has %lu coordinates, over rod's limit of %d",
                     in->svg_numbers, SVG_MAX_NUMBERS);
        else if (in->kind != ROD_IMG_SVG && over_pixels(in))
            snprintf(buf, size, "%u x %u pixels%s is %llu megapixels, over rod's limit of %llu",
                     in->big_w, in->big_h, frame,
                     ((unsigned long long)in->big_w * in->big_h + (1u << 20) - 1) >> 20,
                     ROD_IMG_MAX_PIXELS >> 20);
        else
            snprintf(buf, size, "%u x %u pixels%s would take %llu MiB to decode, over rod's "
                     "limit of %llu MiB", in->big_w, in->big_h, frame,
                     (in->bytes + (1u << 20) - 1) >> 20, ROD_IMG_MAX_BYTES >> 20);
        break;
    }
}
