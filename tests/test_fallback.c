/* test_fallback.c — characters the book face lacks, set in the face made
 * for their script, at the same size and on the same baseline.
 *
 * With the real fonts (scripts/install-deps.sh installs them): Japanese
 * text in EB Garamond, which has no kana or kanji, set in a Japanese book
 * (rod_fonts_set_lang "ja") must be drawn pixel for pixel as the same
 * text set in IPA Mincho itself, and measure the same: every glyph from
 * the one Japanese face, at the book's size, on its baseline. Chinese in
 * a Chinese book likewise from WenQuanYi Zen Hei, Hebrew from Ezra SIL,
 * Arabic from Amiri (letters only: spaces and Latin punctuation are the
 * book face's own). Nothing is reported missing. A face not installed
 * is a skip, not a failure. And the Japanese fixture laid out in the real
 * fonts, justified, has every line but a paragraph's last flush at both
 * margins. (tests/test_fallback.sh checks the notice when no face can
 * show a script.)
 */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "layout_internal.h"
#include "rod_fonts.h"
#include "tap.h"

enum { W = 700, H = 60, SIZE = 28, BASE = 40 };

/* text drawn at size SIZE on a white surface: the pixels, malloc'd */
static uint32_t *draw(rod_fonts *fonts, const char *lang, unsigned style, const char *text, int *width)
{
    rod_fonts_set_lang(fonts, lang);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_RGB888);
    if (!s)
        return NULL;
    SDL_FillRect(s, NULL, 0xFFFFFF);
    rod_font_spec spec = {ROD_FAMILY_BOOK, (uint8_t)style, SIZE};
    rod_measure m = rod_fonts_measure(fonts);
    *width = m.width(m.ctx, spec, text, strlen(text));
    rod_fonts_draw(fonts, spec, text, strlen(text), s, 10, BASE, 0x000000);
    uint32_t *px = malloc((size_t)W * H * 4);
    for (int y = 0; px && y < H; y++)
        memcpy(px + (size_t)y * W, (uint8_t *)s->pixels + y * s->pitch, (size_t)W * 4);
    SDL_FreeSurface(s);
    return px;
}

static size_t inked(const uint32_t *px)
{
    size_t n = 0;
    for (size_t i = 0; i < (size_t)W * H; i++)
        n += (px[i] & 0xFFFFFF) != 0xFFFFFF;
    return n;
}

/* The fixture in the real fonts at `width` px: justified lines not flush
 * at both margins (out of *lines). */
static int ragged_lines(rod_fonts *fonts, const char *dir, int width, int *lines)
{
    char *path = fixture_path(dir, "cjk/ja.html");
    rod_doc *doc = NULL;
    rod_diag diag = ROD_DIAG_INIT(path);
    rod_read_file(path, NULL, &diag, &doc);
    rod_diag_free(&diag);
    free(path);
    if (!doc)
        return -1;
    rod_fonts_set_lang(fonts, "ja");
    rod_layout_opts o = rod_layout_defaults();
    o.width = width;
    o.margin_x = 40;
    rod_layout *lay = rod_layout_new(doc, rod_fonts_measure(fonts), &o);
    int bad = 0;
    for (size_t p = 0; p < rod_layout_page_count(lay); p++) {
        const rod_page *pg = rod_layout_page(lay, p);
        for (size_t i = 0; i < pg->nlines; i++) {
            const rod_line *l = &pg->lines[i];
            if (!l->justified || !l->nruns)
                continue;
            int lo = l->runs[0].x, hi = 0;
            for (size_t r = 0; r < l->nruns; r++) {
                lo = l->runs[r].x < lo ? l->runs[r].x : lo;
                hi = l->runs[r].x + l->runs[r].w > hi ? l->runs[r].x + l->runs[r].w : hi;
            }
            (*lines)++;
            if ((l->start.offset != 0 && lo != o.margin_x) || abs(hi - (width - o.margin_x)) > 1)
                bad++;
        }
    }
    rod_layout_free(lay);
    rod_doc_free(doc);
    return bad;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "tests/fixtures";
    static const struct {
        const char *lang, *text, *family, *what;
        unsigned style;
    } cases[] = {
        {"ja", "日本語の文章、漢字とかなとカタカナ。", "IPAMincho", "Japanese", 0},
        {"zh-CN", "中文的文字，简体汉字和标点。", "WenQuanYi Zen Hei", "Chinese", 0},
        {"he", "בראשיתשלום", "Ezra SIL", "Hebrew", ROD_FONT_RTL},
        {"ar", "بالعالمالكتاب", "Amiri", "Arabic", ROD_FONT_RTL},
    };
    char err[256];
    rod_fonts *book = rod_fonts_new(NULL, NULL, err, sizeof err);
    if (!CHECK(book != NULL, "the default fonts are found")) {
        printf("# %s\n", err);
        return tap_done();
    }
    printf("# book face: %s\n", rod_fonts_family(book, ROD_FAMILY_BOOK));
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char what[200];
        rod_fonts *own = rod_fonts_new(cases[i].family, NULL, err, sizeof err);
        if (!own) {
            snprintf(what, sizeof what, "%s set in %s", cases[i].what, cases[i].family);
            tap_skip(what, "the face is not installed (scripts/install-deps.sh)");
            continue;
        }
        int w_book = 0, w_own = 0;
        uint32_t *a = draw(book, cases[i].lang, cases[i].style, cases[i].text, &w_book);
        rod_fonts_gap gap;
        size_t missing = rod_fonts_missing(book, &gap, 1);
        uint32_t *b = draw(own, cases[i].lang, cases[i].style, cases[i].text, &w_own);
        size_t differ = 0;
        for (size_t k = 0; a && b && k < (size_t)W * H; k++)
            differ += a[k] != b[k];
        snprintf(what, sizeof what,
                 "%s in a %s book is drawn as in %s itself: same size and baseline (%zu of %zu inked pixels differ)",
                 cases[i].what, cases[i].lang, cases[i].family, differ, a ? inked(a) : 0);
        CHECK(a && b && inked(a) > 500 && differ == 0, what);
        snprintf(what, sizeof what, "%s measures as in %s (%d px, %d px)", cases[i].what, cases[i].family, w_book,
                 w_own);
        CHECK(w_book > 0 && w_book == w_own, what);
        snprintf(what, sizeof what, "%s: nothing is reported missing (%zu scripts)", cases[i].what, missing);
        CHECK(missing == 0, what);
        free(a);
        free(b);
        rod_fonts_free(own);
    }
    /* Han in a Japanese book and in a Chinese one: different faces */
    int w;
    uint32_t *ja = draw(book, "ja", 0, "直骨", &w), *zh = draw(book, "zh", 0, "直骨", &w);
    size_t differ = 0;
    for (size_t k = 0; ja && zh && k < (size_t)W * H; k++)
        differ += ja[k] != zh[k];
    CHECK(differ > 100, "the same ideographs are drawn in a Japanese face in a Japanese book, a Chinese one in a "
                        "Chinese book");
    free(ja);
    free(zh);
    int lines = 0, bad = 0;
    for (int width = 360; width <= 900; width += 60)
        bad += ragged_lines(book, dir, width, &lines);
    char what[160];
    snprintf(what, sizeof what, "Japanese in the real fonts, 360-900 px: every justified line of %d flush at both "
             "margins (%d not)", lines, bad);
    CHECK(lines > 40 && bad == 0, what);
    rod_fonts_free(book);
    return tap_done();
}
