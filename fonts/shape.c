/* shape.c — a run of text shaped once: its advance, the pen position at
 * any of its byte offsets, and its glyphs drawn where they stand.
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
 * SDL2_ttf sets them (a right-to-left run: right to left, script guessed), default features (kerning on). So the positions here
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
 *
 * Drawing: each glyph is rendered by FreeType (light hinting, grey
 * antialiasing) moved right by 0, 1/4, 1/2 or 3/4 px, the quarter nearest
 * its position, and kept per (glyph, quarter): a glyph is at most 1/8 px
 * from where it is measured, and a page's glyphs are nearly all in the
 * cache (finer steps would render more and show nothing more at text
 * sizes). Up to 32,768 renderings per face are kept, then forgotten at
 * once, as the width cache does.
 */
#include "fonts_internal.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include <hb-ft.h>
#include <hb.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

/* A glyph drawn at one of four quarter-pixel offsets, as coverage. */
typedef struct glyph_slot {
    uint32_t key;               /* glyph << 2 | quarter, plus 1; 0: empty */
    int left, top, w, h;
    uint8_t *coverage;          /* w * h bytes; NULL for an empty glyph */
} glyph_slot;

enum { GLYPHS_FIRST = 256, GLYPHS_LIMIT = 1 << 15 };

struct shaper {
    FT_Face face;
    hb_font_t *font;
    unsigned synth;             /* SHAPE_BOLD | SHAPE_ITALIC made up */
    unsigned size;
    glyph_slot *glyphs;
    size_t cap, used;
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

shaper *shaper_new(shape_lib *lib, const char *path, int index, unsigned size, unsigned synth)
{
    shaper *sh = calloc(1, sizeof *sh);
    if (!sh)
        return NULL;
    sh->synth = synth;
    sh->size = size;
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

static void glyphs_clear(shaper *sh)
{
    for (size_t i = 0; i < sh->cap; i++)
        free(sh->glyphs[i].coverage);
    if (sh->glyphs)
        memset(sh->glyphs, 0, sh->cap * sizeof *sh->glyphs);
    sh->used = 0;
}

void shaper_free(shaper *sh)
{
    if (!sh)
        return;
    glyphs_clear(sh);
    free(sh->glyphs);
    hb_font_destroy(sh->font);
    free(sh);
}

/* The font's own glyph for s[0..n) when it is one character, or 0 (a
 * cluster of two characters, "fi", has none). */
static hb_codepoint_t nominal(const shaper *sh, const char *s, size_t n)
{
    size_t i = 0;
    UChar32 cp;
    U8_NEXT((const uint8_t *)s, i, n, cp);
    hb_codepoint_t g = 0;
    return cp >= 0 && i == n && hb_font_get_nominal_glyph(sh->font, (hb_codepoint_t)cp, &g) ? g : 0;
}

/* Fills the buffer with s[0..n). Text with no byte of a right-to-left
 * block (bidi.c scans the same way) is shaped as SDL2_ttf shapes it, left
 * to right, script unknown. Other text gets the script its letters have,
 * so Arabic joins and Hebrew marks sit right, and is shaped right to left
 * when asked (rtl) or when it holds a right-to-left letter: the layout
 * measures a word before it knows its level, and the word must measure
 * as it is drawn (Arabic shaped left to right joins otherwise). */
static void fill(hb_buffer_t *buf, const char *s, size_t n, bool rtl)
{
    hb_buffer_clear_contents(buf);
    bool plain = !rtl;
    for (size_t i = 0; i < n && plain; i++)
        plain = (unsigned char)s[i] < 0xD6 || (unsigned char)s[i] > 0xDF;
    for (size_t i = 0; i < n && !plain && !rtl;) {
        UChar32 c;
        U8_NEXT((const uint8_t *)s, i, n, c);
        UCharDirection d = c < 0 ? U_OTHER_NEUTRAL : u_charDirection(c);
        rtl = d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC;
    }
    hb_buffer_set_direction(buf, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, plain ? HB_SCRIPT_UNKNOWN : HB_SCRIPT_INVALID);
    hb_buffer_add_utf8(buf, s, (int)n, 0, (int)n);
    if (!plain)
        hb_buffer_guess_segment_properties(buf);
}

int32_t shaper_run(shape_lib *lib, shaper *sh, const char *s, size_t n, bool rtl, const size_t *cuts,
                   size_t ncuts, int32_t *at)
{
    hb_buffer_t *buf = lib->buf;
    fill(buf, s, n, rtl);
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

static glyph_slot *glyph_find(glyph_slot *slots, size_t cap, uint32_t key)
{
    size_t i = (key * 2654435761u) & (cap - 1);
    while (slots[i].key && slots[i].key != key)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

/* The glyph's slot in the cache, made room for; NULL when memory runs out. */
static glyph_slot *glyph_slot_for(shaper *sh, uint32_t key)
{
    if (sh->used >= GLYPHS_LIMIT)
        glyphs_clear(sh);
    if (!sh->glyphs || (sh->used + 1) * 10 > sh->cap * 7) {
        size_t cap = sh->cap ? sh->cap * 2 : GLYPHS_FIRST;
        glyph_slot *slots = calloc(cap, sizeof *slots);
        if (!slots)
            return NULL;
        for (size_t i = 0; i < sh->cap; i++)
            if (sh->glyphs[i].key)
                *glyph_find(slots, cap, sh->glyphs[i].key) = sh->glyphs[i];
        free(sh->glyphs);
        sh->glyphs = slots;
        sh->cap = cap;
    }
    return glyph_find(sh->glyphs, sh->cap, key);
}

/* Renders glyph g moved right by quarter/4 px into a slot, as coverage. A
 * style the file lacks is made up here as SDL2_ttf makes it: slanted by a
 * shear, emboldened by a twenty-fourth of an em. */
static const glyph_slot *glyph_get(shaper *sh, hb_codepoint_t g, unsigned quarter)
{
    uint32_t key = ((uint32_t)g << 2 | quarter) + 1;
    glyph_slot *slot = glyph_slot_for(sh, key);
    if (!slot)
        return NULL;
    if (slot->key == key)
        return slot;
    glyph_slot made = {key, 0, 0, 0, 0, NULL};
    FT_Face face = sh->face;
    if (FT_Load_Glyph(face, g, FT_LOAD_DEFAULT | FT_LOAD_TARGET_LIGHT) == 0) {
        FT_GlyphSlot gs = face->glyph;
        if (gs->format == FT_GLYPH_FORMAT_OUTLINE) {
            if (sh->synth & SHAPE_BOLD)
                FT_Outline_Embolden(&gs->outline, (FT_Pos)sh->size * 64 / 24);
            if (sh->synth & SHAPE_ITALIC) {
                FT_Matrix shear = {1 << 16, (FT_Fixed)(0.207 * (1 << 16)), 0, 1 << 16};
                FT_Outline_Transform(&gs->outline, &shear);
            }
            FT_Outline_Translate(&gs->outline, (FT_Pos)quarter * 16, 0);
        }
        if (FT_Render_Glyph(gs, FT_RENDER_MODE_NORMAL) == 0) {
            const FT_Bitmap *bm = &gs->bitmap;
            made.left = gs->bitmap_left;
            made.top = gs->bitmap_top;
            made.w = (int)bm->width;
            made.h = (int)bm->rows;
            if (made.w > 0 && made.h > 0 &&
                (bm->pixel_mode == FT_PIXEL_MODE_GRAY || bm->pixel_mode == FT_PIXEL_MODE_MONO))
                made.coverage = malloc((size_t)made.w * (size_t)made.h);
            for (int y = 0; made.coverage && y < made.h; y++) {
                const unsigned char *row = bm->buffer + (ptrdiff_t)y * bm->pitch;
                for (int x = 0; x < made.w; x++)
                    made.coverage[y * made.w + x] = bm->pixel_mode == FT_PIXEL_MODE_GRAY
                                                        ? row[x]
                                                        : ((row[x >> 3] >> (7 - (x & 7))) & 1) * 255;
            }
        }
    }
    *slot = made;
    sh->used++;
    return slot;
}

int32_t shaper_paint(shape_lib *lib, shaper *sh, const char *s, size_t n, bool rtl, int64_t x64, int y,
                     shape_paint_fn fn, void *user)
{
    hb_buffer_t *buf = lib->buf;
    fill(buf, s, n, rtl);
    hb_shape(sh->font, buf, NULL, 0);
    unsigned count = 0;
    const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &count);
    const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &count);
    int64_t pen = 0;
    for (unsigned g = 0; g < count; g++) {
        /* to the nearest quarter pixel: a glyph at most 1/8 px off */
        int64_t at = x64 + pen + pos[g].x_offset + 8;
        int64_t px = at >= 0 ? at / 64 : -((-at + 63) / 64);
        unsigned quarter = (unsigned)((at - px * 64) / 16);
        const glyph_slot *slot = glyph_get(sh, info[g].codepoint, quarter);
        if (slot && slot->coverage) {
            shape_glyph out = {(int)px + slot->left, y - (pos[g].y_offset + 32) / 64 - slot->top, slot->w, slot->h,
                               slot->coverage};
            fn(user, &out);
        }
        pen += pos[g].x_advance;
    }
    return (int32_t)pen;
}
