/* test_render.c — pages drawn with real fonts, checked as images.
 *
 * A page of the sample book is laid out with the installed book face and
 * drawn into an off-screen surface, as `rod render` does: ink where the
 * text block is, none in the margins; each theme's page and ink are as
 * light or dark as its name says (their luminance and contrast). The fonts layer is checked for
 * what the layout relies on: styles exist (synthesized when missing),
 * widths are cached, and a character the book face lacks still gets a
 * face (fallback) when one is installed. A book's front: an SVG cover
 * drawn alone on the first page, the title page naming its translator.
 */
#include <SDL.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "helpers.h"
#include "rod_base64.h"
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

/* Pixels of s close to the colour rgb. */
static size_t near_colour(SDL_Surface *s, Uint32 rgb)
{
    size_t n = 0;
    SDL_LockSurface(s);
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++) {
            Uint8 r, g, b;
            SDL_GetRGB(((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x], s->format, &r, &g, &b);
            int dr = r - (int)(rgb >> 16), dg = g - (int)((rgb >> 8) & 0xFF), db = b - (int)(rgb & 0xFF);
            n += dr * dr + dg * dg + db * db < 40 * 40;
        }
    SDL_UnlockSurface(s);
    return n;
}

/* The front of a book: its SVG cover drawn on the first page, then the
 * title page naming the translator. */
static void test_front(rod_fonts *fonts, const char *fixtures)
{
    char *path = fixture_path(fixtures, "images/mark.svg");
    size_t len;
    char *svg = load(path, &len);
    free(path);
    rod_buf b64 = ROD_BUF_INIT, book = ROD_BUF_INIT;
    rod_base64_encode(svg ? svg : "", svg ? len : 0, 76, &b64);
    rod_buf_printf(&book, "<?xml version='1.0' encoding='UTF-8'?>\n<rod xmlns='urn:isolinear:rod:1' "
                   "version='1'><head><title>War and Peace</title><creator>Leo Tolstoy</creator>"
                   "<creator role='translator'>Louise Maude</creator><cover src='#c'/></head>"
                   "<body><section><title>One</title><p>Well, Prince.</p></section></body>"
                   "<binary id='c' type='image/svg+xml'>%s</binary></rod>\n", b64.data ? b64.data : "");
    rod_doc *doc = NULL;
    rod_read_rod(book.data, book.len, NULL, &doc);
    if (!CHECK(doc != NULL, "a book with an SVG cover loads"))
        goto cleanup;
    rod_images *images = rod_images_new(doc);
    rod_layout_opts o = rod_layout_defaults();
    o.width = 400;
    o.height = 600;
    o.image_size = rod_images_size;
    o.image_ctx = images;
    rod_layout *lay = rod_layout_new(doc, rod_fonts_measure(fonts), &o);
    const rod_page *first = rod_layout_page(lay, 0);
    bool cover = first && first->nlines == 1 && first->lines[0].nruns == 1 &&
                 (first->lines[0].runs[0].flags & ROD_RUN_IMAGE) &&
                 first->lines[0].runs[0].node->kind == ROD_COVER;
    CHECK(cover, "the first page is the cover, alone");
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, o.width, o.height, 32, SDL_PIXELFORMAT_RGB888);
    rod_palette day = rod_theme_palette(ROD_THEME_DAY);
    SDL_FillRect(s, NULL, SDL_MapRGB(s->format, day.page >> 16, (day.page >> 8) & 0xFF, day.page & 0xFF));
    rod_render_page(s, 0, first, fonts, images, day);
    size_t red = near_colour(s, 0xC00000), black = near_colour(s, 0x000000);
    printf("# cover page: %zu red, %zu black pixels\n", red, black);
    CHECK(red > 15000 && black > 15000, "the SVG cover is drawn, its red and black bars as wide as the page's text (60 x 30 scaled to 256 x 128)");
    const rod_page *title = rod_layout_page(lay, 1);
    bool by = false, name = false;
    for (size_t i = 0; title && i < title->nlines; i++)
        for (size_t k = 0; k < title->lines[i].nruns; k++) {
            const rod_run *r = &title->lines[i].runs[k];
            by |= r->len == 13 && !memcmp(r->text, "Translated by", 13);
            name |= r->len == 12 && !memcmp(r->text, "Louise Maude", 12);
        }
    CHECK(by && name, "the title page, second, names the translator under 'Translated by'");
    SDL_FreeSurface(s);
    rod_layout_free(lay);
    rod_images_free(images);
cleanup:
    rod_doc_free(doc);
    rod_buf_free(&b64);
    rod_buf_free(&book);
    free(svg);
}

/* The first page of a book whose cover is the SVG `name` (a fixture),
 * drawn: counts of red, black and green pixels. */
static bool cover_colours(rod_fonts *fonts, const char *fixtures, const char *name, size_t *red,
                          size_t *black, size_t *green)
{
    char *path = fixture_path(fixtures, name);
    size_t len;
    char *svg = load(path, &len);
    free(path);
    rod_buf b64 = ROD_BUF_INIT, book = ROD_BUF_INIT;
    rod_base64_encode(svg ? svg : "", svg ? len : 0, 76, &b64);
    rod_buf_printf(&book, "<?xml version='1.0' encoding='UTF-8'?>\n<rod xmlns='urn:isolinear:rod:1' "
                   "version='1'><head><title>T</title><cover src='#c'/></head><body><p>x</p></body>"
                   "<binary id='c' type='image/svg+xml'>%s</binary></rod>\n", b64.data ? b64.data : "");
    rod_doc *doc = NULL;
    rod_read_rod(book.data, book.len, NULL, &doc);
    bool ok = false;
    if (doc) {
        rod_images *images = rod_images_new(doc);
        rod_layout_opts o = rod_layout_defaults();
        o.width = 400;
        o.height = 600;
        o.image_size = rod_images_size;
        o.image_ctx = images;
        rod_layout *lay = rod_layout_new(doc, rod_fonts_measure(fonts), &o);
        SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, o.width, o.height, 32, SDL_PIXELFORMAT_RGB888);
        SDL_FillRect(s, NULL, SDL_MapRGB(s->format, 255, 255, 255));
        rod_render_page(s, 0, rod_layout_page(lay, 0), fonts, images, rod_theme_palette(ROD_THEME_DAY));
        *red = near_colour(s, 0xC00000);
        *black = near_colour(s, 0x000000);
        *green = near_colour(s, 0x00A000);
        ok = true;
        SDL_FreeSurface(s);
        rod_layout_free(lay);
        rod_images_free(images);
        rod_doc_free(doc);
    }
    rod_buf_free(&b64);
    rod_buf_free(&book);
    free(svg);
    return ok;
}

/* A cover as Standard Ebooks makes them: a picture in an <image> under
 * shapes a <style> rule naming the element colours (nanosvg alone draws
 * neither: the bar came out black, the picture not at all). */
static void test_styled_cover(rod_fonts *fonts, const char *fixtures)
{
    size_t red = 0, black = 0, green = 0;
    bool ok = cover_colours(fonts, fixtures, "images/styled.svg", &red, &black, &green);
    printf("# styled cover: %zu red, %zu black, %zu green pixels\n", red, black, green);
    CHECK(ok && red > 15000 && black < 100, "an SVG's <style> sheet colours its shapes (red, not black)");
    CHECK(ok && green > 15000, "an SVG's embedded PNG picture is drawn under its shapes");
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
    const rod_page *page = rod_layout_page(lay, 3);     /* after the cover */
    CHECK(page && page->nlines > 5, "page 4 has lines");

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
    test_front(fonts, fixtures);
    test_styled_cover(fonts, fixtures);
    free(data);
    free(path);
    rod_fonts_free(fonts);
    return tap_done();
}
