/* shape.c — a run of text shaped once: its advance and the pen position at
 * any of its byte offsets.
 *
 * The one file that talks to HarfBuzz and FreeType. SDL2_ttf shapes with
 * HarfBuzz too, but tells only a run's ink box (TTF_SizeUTF8: the glyphs'
 * pixels, overhangs included), never where each character's glyphs begin;
 * the layout engine needs both the advance of a word and the advance of
 * each of its prefixes at hyphenation points, and measuring every prefix
 * through SDL2_ttf shaped the word again for each (37% of paginating War
 * and Peace was that). Here a run is shaped once and the pen position at a
 * byte offset is the sum of the advances of the glyphs whose HarfBuzz
 * cluster starts before it.
 *
 * The shaping is SDL2_ttf's own, reproduced: the same file and face index,
 * FT_Set_Char_Size at the same size and 72 dpi, hb_ft with the same load
 * flags (light hinting), direction left to right and script unknown as
 * SDL2_ttf sets them, default features (kerning on). So the positions here
 * are, to the 1/64 pixel, those SDL2_ttf draws the glyphs at (with
 * TTF_HINTING_LIGHT_SUBPIXEL it draws them there exactly). Opening our own
 * FreeType face instead of reaching into SDL2_ttf's private one costs a
 * face per (file, size) in use, a few kilobytes each.
 *
 * The pen position at an offset is that of the text before it drawn
 * alone, as a hyphenated line draws it: the kerning HarfBuzz put on the
 * glyph before the offset, for the pair it makes with the glyph after,
 * is taken out (the glyph's advance from the font instead of the shaped
 * one). What remains of the difference from shaping the prefix alone is
 * nothing: a byte offset inside a cluster (a ligature such as "ffi" cut
 * after the first f), or after a glyph that is not its character's own
 * (EB Garamond draws the first f of "ff" short when it is no ligature),
 * has no pen position of its own, and the caller shapes that prefix
 * alone.
 */
#include "fonts_internal.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ft.h>
#include <hb.h>
#include <stdbool.h>
#include <stdlib.h>

struct shaper {
    FT_Face face;
    hb_font_t *font;
};

struct shape_lib {
    FT_Library ft;
    hb_buffer_t *buf;           /* reused: one allocation for every run */
};

shape_lib *shape_lib_new(void)
{
    shape_lib *lib = calloc(1, sizeof *lib);
    if (!lib)
        return NULL;
    if (FT_Init_FreeType(&lib->ft) != 0) {
        free(lib);
        return NULL;
    }
    lib->buf = hb_buffer_create();
    if (!hb_buffer_allocation_successful(lib->buf)) {
        hb_buffer_destroy(lib->buf);
        FT_Done_FreeType(lib->ft);
        free(lib);
        return NULL;
    }
    return lib;
}

void shape_lib_free(shape_lib *lib)
{
    if (!lib)
        return;
    hb_buffer_destroy(lib->buf);
    FT_Done_FreeType(lib->ft);
    free(lib);
}

shaper *shaper_new(shape_lib *lib, const char *path, int index, unsigned size)
{
    shaper *sh = calloc(1, sizeof *sh);
    if (!sh)
        return NULL;
    if (FT_New_Face(lib->ft, path, index, &sh->face) != 0) {
        free(sh);
        return NULL;
    }
    if (FT_Set_Char_Size(sh->face, 0, (FT_F26Dot6)size * 64, 0, 0) != 0) {
        FT_Done_Face(sh->face);
        free(sh);
        return NULL;
    }
    /* the hb font takes a reference on the face, dropped by hb_font_destroy */
    sh->font = hb_ft_font_create_referenced(sh->face);
    FT_Done_Face(sh->face);
    hb_ft_font_set_load_flags(sh->font, FT_LOAD_DEFAULT | FT_LOAD_TARGET_LIGHT);
    return sh;
}

void shaper_free(shaper *sh)
{
    if (!sh)
        return;
    hb_font_destroy(sh->font);
    free(sh);
}

/* The font's own glyph for the one character s[0..n), or 0. */
static hb_codepoint_t nominal(const shaper *sh, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t cp;
    if (n == 1)
        cp = u[0];
    else if (n == 2)
        cp = (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
    else if (n == 3)
        cp = (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
    else
        cp = (uint32_t)(u[0] & 0x07) << 18 | (uint32_t)(u[1] & 0x3F) << 12 | (uint32_t)(u[2] & 0x3F) << 6 |
             (u[3] & 0x3F);
    hb_codepoint_t g = 0;
    return hb_font_get_nominal_glyph(sh->font, cp, &g) ? g : 0;
}

int32_t shaper_run(shape_lib *lib, shaper *sh, const char *s, size_t n, const size_t *cuts, size_t ncuts,
                   int32_t *at)
{
    hb_buffer_t *buf = lib->buf;
    hb_buffer_clear_contents(buf);
    hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, HB_SCRIPT_UNKNOWN);
    hb_buffer_add_utf8(buf, s, (int)n, 0, (int)n);
    hb_shape(sh->font, buf, NULL, 0);
    unsigned count = 0;
    const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &count);
    const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &count);
    int32_t pen = 0, kern = 0;
    bool plain = true;          /* the cluster before is its character's own glyph */
    size_t c = 0;
    for (unsigned g = 0; g < count; g++) {
        /* the glyphs of one cluster: [cl, next) in bytes */
        uint32_t cl = info[g].cluster;
        unsigned h = g;
        int32_t adv = 0;
        while (h < count && info[h].cluster == cl)
            adv += pos[h++].x_advance;
        size_t next = h < count ? info[h].cluster : n;
        if (next < cl)
            next = n;           /* not left to right after all: no split */
        for (; c < ncuts && cuts[c] <= cl; c++)
            at[c] = plain ? pen - kern : SHAPE_INSIDE;
        for (; c < ncuts && cuts[c] < next; c++)
            at[c] = SHAPE_INSIDE;
        pen += adv;
        /* what kerning with the next cluster added to this one's last
         * glyph: a prefix ending here, drawn alone, has none */
        kern = pos[h - 1].x_advance - hb_font_get_glyph_h_advance(sh->font, info[h - 1].codepoint);
        /* a form chosen for what follows (the first f of "ff" drawn
         * short) is not the glyph the prefix drawn alone ends with */
        plain = h == g + 1 && next > cl && next - cl <= 4 && nominal(sh, s + cl, next - cl) == info[g].codepoint;
        g = h - 1;
    }
    for (; c < ncuts; c++)
        at[c] = pen;
    return pen;
}
