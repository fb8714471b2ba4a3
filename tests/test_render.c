/* test_render.c — pages drawn with real fonts, checked as images.
 *
 * A page of the sample book is laid out with the installed book face and
 * drawn into an off-screen surface, as `rod render` does: ink where the
 * text block is, none in the margins; each theme's page and ink are as
 * light or dark as its name says (their luminance and contrast). The fonts layer is checked for
 * what the layout relies on: styles exist (synthesized when missing),
 * widths are cached, and a character the book face lacks still gets a
 * face (fallback) when one is installed.
 */
#include <SDL.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "helpers.h"
#include "rod_fonts.h"
#include "rod_layout.h"
#include "rod_render.h"
#include "tap.h"

static size_t ink_in(SDL_Surface *s, SDL_Rect r, Uint32 page)
{
    size_t n = 0;
    SDL_LockSurface(s);
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++) {
            Uint32 px = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
            if ((px & 0xFFFFFF) != (page & 0xFFFFFF))
                n++;
        }
    SDL_UnlockSurface(s);
    return n;
}

/* Relative luminance of an sRGB colour 0xRRGGBB (WCAG 2). */
static double luminance(uint32_t rgb)
{
    double sum = 0;
    static const double weight[3] = {0.2126, 0.7152, 0.0722};
    for (int i = 0; i < 3; i++) {
        double c = ((rgb >> (16 - 8 * i)) & 0xFF) / 255.0;
        c = c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
        sum += weight[i] * c;
    }
    return sum;
}

static double contrast(uint32_t a, uint32_t b)
{
    double x = luminance(a), y = luminance(b);
    return x > y ? (x + 0.05) / (y + 0.05) : (y + 0.05) / (x + 0.05);
}

int main(int argc, char **argv)
{
    const char *fixtures = argc > 1 ? argv[1] : "tests/fixtures";
    char err[256];
    rod_fonts *fonts = rod_fonts_new(NULL, NULL, err, sizeof err);
    if (!CHECK(fonts != NULL, "the default fonts are found")) {
        printf("# %s\n", err);
        return tap_done();
    }
    printf("# book face: %s, monospace: %s\n", rod_fonts_family(fonts, ROD_FAMILY_BOOK),
           rod_fonts_family(fonts, ROD_FAMILY_MONO));
    rod_measure m = rod_fonts_measure(fonts);
    rod_font_spec regular = {ROD_FAMILY_BOOK, 0, 20}, bold = {ROD_FAMILY_BOOK, ROD_FONT_BOLD, 20},
                  mono = {ROD_FAMILY_MONO, 0, 20};
    int w_reg = m.width(m.ctx, regular, "Ledger of Lakat", 15);
    int w_bold = m.width(m.ctx, bold, "Ledger of Lakat", 15);
    CHECK(w_reg > 60 && w_reg < 300, "text has a plausible width");
    CHECK(w_bold > w_reg, "bold is wider than regular");
    CHECK(m.width(m.ctx, mono, "iiii", 4) == m.width(m.ctx, mono, "MMMM", 4), "the monospace face is monospaced");
    CHECK(m.width(m.ctx, regular, "AV", 2) < m.width(m.ctx, regular, "A", 1) + m.width(m.ctx, regular, "V", 1),
          "kerning: AV is narrower than A and V apart");
    size_t measured, hits;
    rod_fonts_cache_stats(fonts, &measured, &hits);
    m.width(m.ctx, regular, "Ledger of Lakat", 15);
    size_t measured2, hits2;
    rod_fonts_cache_stats(fonts, &measured2, &hits2);
    CHECK(measured2 == measured && hits2 == hits + 1, "a string measured twice is shaped once");
    /* a character from another script: CJK when a CJK face exists, else
     * a symbol DejaVu has */
    size_t before = rod_fonts_fallback_count(fonts);
    int w_sym = m.width(m.ctx, regular, "\u2603", 3);
    CHECK(w_sym > 0 && rod_fonts_fallback_count(fonts) == before + 1,
          "a character the book face lacks (U+2603) is set in a fallback face");
    m.width(m.ctx, regular, "Lakat", 5);
    CHECK(rod_fonts_fallback_count(fonts) == before + 1, "text the book face has needs no fallback");

    /* every Cyrillic letter in italic is drawn, each its own shape: the
     * caption size of EB Garamond maps them to empty glyphs, so the text
     * size must be the one chosen */
    static const char *const letters[] = {"\xD0\x90", "\xD0\x93", "\xD0\x94", "\xD0\x95", "\xD0\x9E",
                                          "\xD0\xB0", "\xD0\xB2", "\xD0\xB3", "\xD0\xB5", "\xD0\xBE",
                                          "\xD1\x81", "\xD1\x8F"};
    enum { NL = sizeof letters / sizeof *letters };
    SDL_Surface *cell = SDL_CreateRGBSurfaceWithFormat(0, 48, 48, 32, SDL_PIXELFORMAT_RGB888);
    uint64_t shape[NL];
    bool inked = cell != NULL, distinct = true;
    rod_font_spec italic = {ROD_FAMILY_BOOK, ROD_FONT_ITALIC, 32};
    for (size_t i = 0; inked && i < NL; i++) {
        SDL_FillRect(cell, NULL, 0xFFFFFF);
        rod_fonts_draw(fonts, italic, letters[i], 2, cell, 8, 36, 0x000000);
        inked = ink_in(cell, (SDL_Rect){0, 0, 48, 48}, 0xFFFFFF) > 20;
        uint64_t h = 1469598103934665603ull;    /* FNV-1a of the pixels */
        SDL_LockSurface(cell);
        for (int y = 0; y < 48; y++)
            for (int x = 0; x < 48; x++)
                h = (h ^ (((Uint32 *)((Uint8 *)cell->pixels + y * cell->pitch))[x] & 0xFFFFFF)) * 1099511628211ull;
        SDL_UnlockSurface(cell);
        shape[i] = h;
        for (size_t j = 0; j < i; j++)
            distinct &= shape[j] != h;
    }
    SDL_FreeSurface(cell);
    CHECK(inked && distinct, "Cyrillic in the italic book face: every letter inked, no two alike (no empty or box glyphs)");

    char *path = fixture_path(fixtures, "../../docs/the-archivist-of-lakat.rod");
    size_t len;
    char *data = load(path, &len);
    rod_doc *doc = NULL;
    if (data)
        rod_read_rod(data, len, NULL, &doc);
    if (!CHECK(doc != NULL, "the sample book loads"))
        return tap_done();
    rod_images *images = rod_images_new(doc);
    rod_layout_opts o = rod_layout_defaults();
    o.width = 600;
    o.height = 800;
    o.margin_x = 50;
    o.margin_y = 50;
    o.image_size = rod_images_size;
    o.image_ctx = images;
    rod_layout *lay = rod_layout_new(doc, m, &o);
    const rod_page *page = rod_layout_page(lay, 2);
    CHECK(page && page->nlines > 5, "page 3 has lines");

    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, o.width, o.height, 32, SDL_PIXELFORMAT_RGB888);
    rod_palette day = rod_theme_palette(ROD_THEME_DAY);
    Uint32 bg = SDL_MapRGB(s->format, day.page >> 16, (day.page >> 8) & 0xFF, day.page & 0xFF);
    SDL_FillRect(s, NULL, bg);
    rod_render_page(s, 0, page, fonts, images, day);
    SDL_Rect text = {o.margin_x, o.margin_y, o.width - 2 * o.margin_x, o.height - 2 * o.margin_y};
    SDL_Rect left = {0, 0, o.margin_x - 4, o.height}, right = {o.width - o.margin_x + 4, 0, o.margin_x - 4, o.height};
    size_t ink = ink_in(s, text, bg);
    CHECK(ink > 5000, "there is ink where the text is");
    CHECK(ink_in(s, left, bg) == 0 && ink_in(s, right, bg) == 0, "and none in the side margins");

    /* (`rod render` saving the page as a PNG is checked in test_cli.sh) */

    /* the themes by what a reader sees: the relative luminance of page
     * and ink (WCAG 2), not merely that two colours differ */
    rod_theme t;
    CHECK(rod_theme_from_name("terok-nor", &t) && t == ROD_THEME_TEROK_NOR, "the Terok Nor theme exists");
    rod_palette sepia = rod_theme_palette(ROD_THEME_SEPIA), night = rod_theme_palette(ROD_THEME_NIGHT),
                tn = rod_theme_palette(ROD_THEME_TEROK_NOR);
    printf("# luminance, page / ink: day %.3f / %.3f, sepia %.3f / %.3f, night %.3f / %.3f, Terok Nor %.3f / %.3f\n",
           luminance(day.page), luminance(day.ink), luminance(sepia.page), luminance(sepia.ink),
           luminance(night.page), luminance(night.ink), luminance(tn.page), luminance(tn.ink));
    CHECK(luminance(day.page) > 0.8 && luminance(sepia.page) > 0.6 && contrast(day.page, day.ink) >= 7 &&
              contrast(sepia.page, sepia.ink) >= 7,
          "day and sepia are dark ink on a light page, contrast 7:1 at least");
    CHECK(luminance(night.page) < 0.05 && luminance(night.ink) > luminance(night.page) &&
              contrast(night.page, night.ink) >= 7,
          "night is dark: a page of luminance under 0.05, light ink at 7:1 at least");
    CHECK(luminance(tn.page) < 0.05 && contrast(tn.page, tn.ink) >= 4.5 && (tn.ink >> 16) > (tn.ink & 0xFF) + 0x40 &&
              ((tn.ink >> 8) & 0xFF) > (tn.ink & 0xFF),
          "Terok Nor is amber on near-black (red over green over blue), contrast 4.5:1 at least");

    SDL_FreeSurface(s);
    rod_layout_free(lay);
    rod_images_free(images);
    rod_doc_free(doc);
    free(data);
    free(path);
    rod_fonts_free(fonts);
    return tap_done();
}
