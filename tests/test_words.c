/* test_words.c — a word is drawn where it is measured, whole and in one
 * piece, at every size and scale the window uses.
 *
 * Three checks, with the installed book face, over the words of a corpus
 * chapter (Sherlock Holmes, the Blue Carbuncle) or, without the corpus, the
 * sample fixture:
 *  1. Pages laid out at 16–28 px and scales 1, 1.25, 1.5, 2 are drawn
 *     through rod_render_page, the window's and `rod render`'s path, one
 *     word at a time; each word's pixels equal the word drawn whole on its
 *     own at the same place (a word cut at hyphenation points or style
 *     bounds and drawn in pieces would not).
 *  2. Inside a word each letter is drawn at its pen position from the
 *     shaping the measuring uses (shape.c, in 1/64 px: the advance of the
 *     prefix ending with the letter less the letter's own): the ink the
 *     letter adds to the prefix before it has its centre where the letter
 *     drawn alone has it, moved by that position, within 0.3 px (the
 *     antialiasing of a glyph drawn at a fraction of a pixel). SDL2_ttf's
 *     light hinting put every glyph at the whole pixel left of its
 *     position, up to a pixel off ("sa tisfied" at 21 px).
 *  3. The widths of a word's prefixes at its hyphenation points, from the
 *     one shaping of the word, equal the prefixes shaped alone, to the
 *     pixel: shape.c takes out the kerning across the cut and shapes alone
 *     a prefix that ends in a ligature or a contextual form (the short f
 *     of "of|fer"), which differed by up to 3 px. The word's width from
 *     widths() is its width().
 * Words are sampled deterministically (every k-th) to keep the run short
 * under AddressSanitizer.
 */
#include <SDL.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fonts_internal.h"
#include "helpers.h"
#include "layout_internal.h"
#include "rod_fonts.h"
#include "rod_layout.h"
#include "rod_render.h"
#include "tap.h"

static const rod_palette PAL = {0xFFFFFF, 0x000000, 0x808080, 0x000000};

static SDL_Surface *blank(int w, int h)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGB888);
    SDL_FillRect(s, NULL, 0xFFFFFF);
    return s;
}

static bool same_pixels(SDL_Surface *a, SDL_Surface *b)
{
    for (int y = 0; y < a->h; y++)
        if (memcmp((Uint8 *)a->pixels + y * a->pitch, (Uint8 *)b->pixels + y * b->pitch, (size_t)a->w * 4))
            return false;
    return true;
}

static int dark(SDL_Surface *s, int x, int y)
{
    return 255 - (int)((((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x] >> 16) & 0xFF);
}

typedef struct tally {
    size_t words, differ, multi;
    size_t glyphs, off, skipped;
    double worst;
    size_t prefixes, prefix_off;
    int prefix_worst;
    char example[160];
} tally;

/* Check 1 for the word made of runs [k0, k1) of line: drawn through the
 * page path alone, and whole with rod_fonts_draw. */
static void check_word(rod_fonts *fonts, const rod_line *line, size_t k0, size_t k1, tally *t)
{
    const rod_run *first = &line->runs[k0], *last = &line->runs[k1 - 1];
    bool one_style = true;
    for (size_t k = k0 + 1; k < k1; k++)
        one_style &= memcmp(&line->runs[k].font, &first->font, sizeof first->font) == 0 &&
                     line->runs[k].dy == first->dy;
    if (!one_style) {
        t->multi++;
        return;
    }
    int pad = first->font.size * 2;
    int w = last->x + last->w - first->x + 2 * pad, h = line->height + 2 * pad;
    rod_line one = *line;
    one.runs = first;
    one.nruns = k1 - k0;
    one.y = pad + line->ascent;
    rod_page page = {line->start, line->end, 0, &one, 1};
    SDL_Surface *a = blank(w, h), *b = blank(w, h);
    rod_render_page(a, pad - first->x, &page, fonts, NULL, PAL);
    size_t n = (size_t)(last->text + last->len - first->text);
    rod_fonts_draw(fonts, first->font, first->text, n, b, pad, one.y - first->dy, 0);
    t->words++;
    if (!same_pixels(a, b)) {
        if (!t->differ)
            snprintf(t->example, sizeof t->example, "'%.*s' at %d px", (int)n, first->text, first->font.size);
        t->differ++;
    }
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
}

static bool plain_letters(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
            return false;
    return n >= 2;
}

/* Horizontal centre of the ink in s, weighted by darkness; 0 with none. */
static double centre(SDL_Surface *s, double *mass)
{
    double sx = 0, sm = 0;
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++) {
            int d = dark(s, x, y);
            sx += (double)x * d;
            sm += d;
        }
    *mass = sm;
    return sm > 0 ? sx / sm : 0;
}

/* The book face's regular file shaped at size px, as fonts.c shapes it. */
typedef struct exact {
    shape_lib *lib;
    shaper *sh[64];
    rod_font_file file;
} exact;

static double pen_of(exact *x, unsigned px, const char *s, size_t k)
{
    if (px >= 64)
        return NAN;
    if (!x->sh[px])
        x->sh[px] = shaper_new(x->lib, x->file.path, x->file.index, px, 0);
    if (!x->sh[px])
        return NAN;
    int32_t with = shaper_run(x->lib, x->sh[px], s, k + 1, false, NULL, 0, NULL);
    int32_t alone = shaper_run(x->lib, x->sh[px], s + k, 1, false, NULL, 0, NULL);
    return (with - alone) / 64.0;
}

/* Check 2 for a word of plain letters at font f (regular). */
static void check_glyphs(rod_fonts *fonts, exact *x, rod_font_spec f, const char *s, size_t n, tally *t)
{
    int W = (int)n * f.size + 4 * f.size, H = 3 * f.size, x0 = f.size, y0 = 2 * f.size;
    for (size_t k = 1; k < n; k++) {
        /* ligatures (fi, fl, ff, Th) and letters hooking under their
         * neighbour do not add ink of their own */
        char c = s[k], p = s[k - 1];
        if (c == 'f' || p == 'f' || (p == 'T' && c == 'h') || c == 'j' || c == 'J') {
            t->skipped++;
            continue;
        }
        double at = pen_of(x, f.size, s, k);
        if (isnan(at)) {
            t->skipped++;
            continue;
        }
        SDL_Surface *pre = blank(W, H), *with = blank(W, H), *alone = blank(W, H), *added = blank(W, H);
        rod_fonts_draw(fonts, f, s, k, pre, x0, y0, 0);
        rod_fonts_draw(fonts, f, s, k + 1, with, x0, y0, 0);
        rod_fonts_draw(fonts, f, s + k, 1, alone, x0, y0, 0);
        bool overlap = false;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                int d = dark(with, x, y) - dark(pre, x, y);
                if (d > 0 && dark(pre, x, y) > 0)
                    overlap = true;
                Uint32 v = (Uint32)(255 - (d > 0 ? d : 0));
                ((Uint32 *)((Uint8 *)added->pixels + y * added->pitch))[x] = v << 16 | v << 8 | v;
            }
        double ma, mb;
        double ca = centre(added, &ma), cb = centre(alone, &mb);
        if (overlap || ma < 0.5 * mb || ma > 1.5 * mb) {
            t->skipped++;   /* the letters touch: the added ink is not the letter */
        } else {
            double err = fabs(ca - cb - at);
            t->glyphs++;
            if (err > t->worst)
                t->worst = err;
            if (err > 0.3) {
                if (!t->off)
                    snprintf(t->example, sizeof t->example, "'%.*s' letter %zu at %d px: %.2f px off", (int)n, s,
                             k, f.size, ca - cb - at);
                t->off++;
            }
        }
        SDL_FreeSurface(pre);
        SDL_FreeSurface(with);
        SDL_FreeSurface(alone);
        SDL_FreeSurface(added);
    }
}

/* Check 3 for a word at font f. */
static void check_prefixes(rod_fonts *fonts, rod_font_spec f, const char *s, size_t n, tally *t)
{
    bool points[64];
    if (n < 5 || n > sizeof points || !hyph_points("en", s, n, points))
        return;
    rod_measure m = rod_fonts_measure(fonts);
    size_t cuts[64];
    int at[64];
    size_t nc = 0;
    for (size_t i = 0; i < n; i++)
        if (points[i])
            cuts[nc++] = i + 1;
    int whole = m.widths(m.ctx, f, s, n, cuts, nc, at);
    if (whole != m.width(m.ctx, f, s, n)) {
        t->prefix_off++;
        t->prefix_worst = 99;
    }
    for (size_t c = 0; c < nc; c++) {
        int d = abs(at[c] - m.width(m.ctx, f, s, cuts[c]));
        t->prefixes++;
        if (d > t->prefix_worst)
            t->prefix_worst = d;
        if (d > 0) {
            if (getenv("WORDS_VERBOSE"))
                printf("# %.*s | %.*s at %d px: %d in the word, %d alone\n", (int)cuts[c], s, (int)(n - cuts[c]),
                       s + cuts[c], f.size, at[c], m.width(m.ctx, f, s, cuts[c]));
            t->prefix_off++;
        }
    }
}

/* A run drawn right to left (ROD_FONT_RTL, as bidi.c marks runs at odd
 * levels): "(" mirrored, so its ink leans the other way; Hebrew letters
 * in visual order, the first at the right; an Arabic word as wide drawn
 * right to left as measured before its level is known. */
static void check_rtl(rod_fonts *fonts)
{
    rod_font_spec ltr = {ROD_FAMILY_BOOK, 0, 40}, rtl = {ROD_FAMILY_BOOK, ROD_FONT_RTL, 40};
    double m1, m2;
    SDL_Surface *a = blank(120, 80), *b = blank(120, 80);
    rod_fonts_draw(fonts, ltr, "(", 1, a, 40, 60, 0);
    rod_fonts_draw(fonts, rtl, "(", 1, b, 40, 60, 0);
    double ca = centre(a, &m1), cb = centre(b, &m2);
    CHECK(m1 > 0 && m2 > 0 && cb > ca + 1, "'(' in a right-to-left run is drawn mirrored");
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
    /* three alefs then three vavs, and the other way round: the first
     * three are at the right end each time */
    const char *he[2] = {"\u05D0\u05D0\u05D0\u05D5\u05D5\u05D5", "\u05D5\u05D5\u05D5\u05D0\u05D0\u05D0"};
    long lean[2] = {0, 0};      /* ink at the right end less ink at the left */
    for (int h = 0; h < 2; h++) {
        a = blank(400, 80);
        int w = rod_fonts_draw(fonts, rtl, he[h], strlen(he[h]), a, 20, 60, 0);
        for (int y = 0; y < 80 && w > 50; y++)
            for (int k = 0; k < 25; k++)
                lean[h] += dark(a, 20 + w - 1 - k, y) - dark(a, 20 + k, y);
        SDL_FreeSurface(a);
    }
    CHECK(lean[0] > 0 && lean[1] < 0, "Hebrew drawn right to left: the first letters at the right");
    rod_measure m = rod_fonts_measure(fonts);
    const char *ar = "\u0634\u0639\u0631";     /* shin ain ra */
    int wl = m.width(m.ctx, ltr, ar, strlen(ar)), wr = m.width(m.ctx, rtl, ar, strlen(ar));
    CHECK(wl > 0 && wl == wr, "an Arabic word measures as it is drawn");
}

int main(int argc, char **argv)
{
    const char *fixtures = argc > 1 ? argv[1] : "tests/fixtures";
    const char *corpus = argc > 2 ? argv[2] : "../shared/corpus";
    char err[256];
    rod_fonts *fonts = rod_fonts_new(NULL, NULL, err, sizeof err);
    if (!CHECK(fonts != NULL, "the default fonts are found")) {
        printf("# %s\n", err);
        return tap_done();
    }
    exact x = {shape_lib_new(), {NULL}, {0}};
    if (!CHECK(x.lib && rod_font_find(rod_fonts_family(fonts, ROD_FAMILY_BOOK), 0, &x.file),
               "the book face's file is found")) {
        rod_fonts_free(fonts);
        return tap_done();
    }
    char *sherlock = fixture_path(corpus, "epub/doyle-sherlock-holmes.epub");
    char *sample = fixture_path(fixtures, "sample.html");
    const char *sources[2] = {sherlock, sample};
    for (int src = 0; src < 2; src++) {
        rod_doc *doc = NULL;
        rod_read_opts ro = {0};
        rod_diag diag = ROD_DIAG_INIT(sources[src]);
        FILE *probe = fopen(sources[src], "rb");
        if (probe)
            fclose(probe);
        if (!probe || rod_read_file(sources[src], &ro, &diag, &doc) != ROD_OK || !doc) {
            rod_diag_free(&diag);
            if (src == 0)
                tap_skip("the corpus chapter", "the corpus book is missing: the fixture only");
            else
                CHECK(false, "the fixture reads");
            continue;
        }
        rod_diag_free(&diag);
        /* Sherlock: the Blue Carbuncle's place of issue 17; the fixture:
         * its first text */
        rod_pos at = src == 0 ? (rod_pos){1290, 352} : (rod_pos){0, 0};
        if (at.block >= doc->nblocks)
            at = (rod_pos){0, 0};
        const double scales[] = {1, 1.25, 1.5, 2};
        tally t1 = {0}, t2 = {0}, t3 = {0};
        size_t sample_no = 0;
        for (int si = 0; si < 4; si++)
            for (int size = 16; size <= 28; size++) {
                double sc = scales[si];
                rod_layout_opts o = rod_layout_defaults();
                o.width = (int)lround(683 * sc);
                o.height = (int)lround(768 * sc);
                o.margin_x = (int)lround(56 * sc);
                o.margin_y = (int)lround(fmax(46 * sc, 2.6 * size * sc));
                o.font_size = (int)lround(size * sc);
                o.spacing = 1.45;
                o.hyphenate = true;
                o.section_pages = true;
                rod_layout *lay = rod_layout_new(doc, rod_fonts_measure(fonts), &o);
                size_t c, i;
                if (!lay || !rod_layout_locate(lay, at, &c, &i, NULL)) {
                    CHECK(false, "the place lays out");
                    rod_layout_free(lay);
                    continue;
                }
                const rod_page *page = rod_layout_chapter_page(lay, c, i);
                for (size_t l = 0; page && l < page->nlines; l++) {
                    const rod_line *line = &page->lines[l];
                    size_t k = 0;
                    while (k < line->nruns) {
                        /* a word: runs that touch, text and place */
                        size_t e = k + 1;
                        while (e < line->nruns && line->runs[e - 1].x + line->runs[e - 1].w == line->runs[e].x &&
                               line->runs[e - 1].text + line->runs[e - 1].len == line->runs[e].text &&
                               !(line->runs[e].flags & ROD_RUN_IMAGE))
                            e++;
                        const rod_run *r = &line->runs[k];
                        if (!(r->flags & (ROD_RUN_IMAGE | ROD_RUN_MARKER))) {
                            /* every other word drawn, every 9th letter by letter */
                            if (sample_no % 2 == 0)
                                check_word(fonts, line, k, e, &t1);
                            size_t n = (size_t)(line->runs[e - 1].text + line->runs[e - 1].len - r->text);
                            if (sample_no++ % 9 == 0 && e == k + 1 && plain_letters(r->text, n) &&
                                r->font.style == 0 && r->font.family == ROD_FAMILY_BOOK)
                                check_glyphs(fonts, &x, r->font, r->text, n, &t2);
                            if (e == k + 1)
                                check_prefixes(fonts, r->font, r->text, n, &t3);
                        }
                        k = e;
                    }
                }
                rod_layout_free(lay);
            }
        const char *name = src == 0 ? "Sherlock Holmes" : "the sample";
        char msg[512];
        snprintf(msg, sizeof msg, "%s: each of %zu words drawn on its page is the word drawn whole "
                 "(%zu differ%s%s; %zu of several styles left out)", name, t1.words, t1.differ,
                 t1.differ ? ", first " : "", t1.differ ? t1.example : "", t1.multi);
        CHECK(t1.words > 100 && t1.differ == 0, msg);
        snprintf(msg, sizeof msg, "%s: each of %zu letters inside a word is drawn at its measured place within "
                 "0.3 px (worst %.2f; %zu off%s%s; %zu touching or ligatures left out)", name, t2.glyphs, t2.worst,
                 t2.off, t2.off ? ", first " : "", t2.off ? t2.example : "", t2.skipped);
        CHECK(t2.glyphs > 30 && t2.off == 0, msg);
        snprintf(msg, sizeof msg, "%s: %zu prefixes at hyphenation points from one shaping are the prefixes "
                 "shaped alone (worst %d px apart), the words their width()", name, t3.prefixes, t3.prefix_worst);
        CHECK(t3.prefixes > 50 && t3.prefix_off == 0, msg);
        rod_doc_free(doc);
    }
    free(sherlock);
    free(sample);
    hyph_release();
    for (int i = 0; i < 64; i++)
        shaper_free(x.sh[i]);
    shape_lib_free(x.lib);
    rod_font_file_free(&x.file);
    check_rtl(fonts);
    rod_fonts_free(fonts);
    return tap_done();
}
