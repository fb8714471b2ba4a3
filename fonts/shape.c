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
 * A byte offset inside a cluster (a ligature such as "ffi" cut after the
 * first f) takes the cluster's advance in proportion to the characters
 * before it, as a browser's caret does; a hyphenated line draws that
 * prefix shaped alone, so such a cut can differ from the drawn prefix by
 * the ligature's spacing, well under a pixel.
 */
#include "fonts_internal.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ft.h>
#include <hb.h>
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

static size_t chars_in(const char *s, size_t a, size_t b)
{
    size_t k = 0;
    for (size_t i = a; i < b; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
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
    int32_t pen = 0;
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
            at[c] = pen;
        for (; c < ncuts && cuts[c] < next; c++) {
            size_t all = chars_in(s, cl, next);
            at[c] = pen + (all ? (int32_t)((int64_t)adv * (int64_t)chars_in(s, cl, cuts[c]) / (int64_t)all) : 0);
        }
        pen += adv;
        g = h - 1;
    }
    for (; c < ncuts; c++)
        at[c] = pen;
    return pen;
}
