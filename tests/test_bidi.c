/* test_bidi.c — right-to-left and mixed lines against ICU's reference.
 *
 * Each case is a paragraph of Hebrew or Arabic with English, numbers,
 * parentheses, quotes, embeddings and isolates, laid out in the fake font
 * (every character 10 px) at 20 characters a line, so many of them break,
 * some inside a right-to-left run of a left-to-right paragraph. For each
 * line rod sets, the test resolves the same line itself with ubidi
 * (setPara on the block's text, setLine on the line's range, the logical
 * to visual map) and checks: each run's characters are one contiguous
 * stretch of the visual line, the runs sorted by x come in exactly the
 * order ICU puts their characters, they do not overlap, and a line of a
 * right-to-left paragraph ends at the right margin (justified: starts at
 * the left one too; ragged: its ragged edge is on the left).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubidi.h>
#include <unicode/ustring.h>

#include "bidi.h"
#include "fake_font.h"
#include "helpers.h"
#include "layout_internal.h"
#include "tap.h"

enum { MEASURE = 200, MARGIN = 10 };

typedef struct bidi_case {
    const char *dir;            /* the p's dir, or NULL */
    const char *text;
} bidi_case;

static const bidi_case CASES[] = {
    {NULL, "hello שלום עולם world"},
    {"rtl", "שלום עולם hello world ספר"},
    {NULL, "פרק 1234 ראשון"},
    {NULL, "המחיר 3.14 שקל"},
    {NULL, "התאריך 2026-12-01 היום"},
    {NULL, "אני (קורא) ספר"},
    {NULL, "I read (ספר טוב) today"},
    {NULL, "he said “שלום עולם” and left"},
    {NULL, "הוא אמר “hello world” והלך"},
    {NULL, "שלום \u202Aabc \u202Bדוד\u202C def\u202C עולם"},
    {NULL, "abc \u202Bשלום world\u202C def"},
    {NULL, "abc \u2067שלום world\u2069 def"},
    {"rtl", "שלום \u2066abc דוד\u2069 עולם"},
    {NULL, "abc \u2068שלום\u2069 def"},
    {NULL, "The words שלום עולם ספר פרק ראשון בית מים ילד קורא אני are Hebrew."},
    {"rtl", "אני קורא ספר the quick brown fox jumps over the lazy dog בבית"},
    {"rtl", "مرحبا بالعالم"},
    {NULL, "الفصل 12 من الكتاب"},
    {NULL, "I love كتاب في البيت very much"},
    {NULL, "שלום עולם!"},
    {NULL, "hello עולם!"},
    {NULL, "abc שלום, עולם."},
    {"rtl", "שלום, world."},
    {NULL, "מחיר -5 עד +10%"},
    {"rtl", "1234 5678"},
    {NULL, "(1) פרק"},
    {NULL, "שלום مرحبا hello"},
    {"ltr", "שלום עולם"},
    {NULL, "abc 123 שלום 456 def"},
    {NULL, "אני [abc (דוד) def] עולם"},
    {NULL, "abcשלוםdef"},
    {"rtl", "שלוםabc123"},
    {"rtl", "אני קורא ספר טוב בבית שלי כל יום בבוקר ובערב עם כוס קפה חם ועוגה"},
    {NULL, "see www.example.com/שלום now"},
    {NULL, "one two שלום עולם three four five six seven ספר פרק eight nine"},
    {"rtl", "פרק א׳: 3.14 (pi) ו־2026-12-01 “תאריך” [ראשון]"},
    {NULL, "الفصل الأول من كتاب 2026 (جديد) في البيت الكبير"},
};

/* Checks every line of block 1; returns how many lines failed. */
static int check_case(const bidi_case *c, size_t ci)
{
    char src[4096];
    snprintf(src, sizeof src, ROD_OPEN "<head><title>T</title></head><body><p%s%s%s>%s</p></body></rod>",
             c->dir ? " dir=\"" : "", c->dir ? c->dir : "", c->dir ? "\"" : "", c->text);
    rod_doc *doc = read_rod_str(src, NULL);
    if (!doc) {
        CHECK(0, "case reads");
        return 1;
    }
    rod_layout_opts o = rod_layout_defaults();
    o.font_size = 20;
    o.spacing = 1.5;
    o.margin_x = MARGIN;
    o.margin_y = 10;
    o.width = MEASURE + 2 * MARGIN;
    o.height = 20 * 30 + 20;
    o.hyphenate = false;
    rod_layout *lay = rod_layout_new(doc, fake_measure(), &o);
    const rod_block *blk = &doc->blocks[1];

    /* the reference: ICU on the block's text, as a reader would resolve it */
    UErrorCode err = U_ZERO_ERROR;
    int32_t n16 = 0;
    UChar u16[2048];
    int32_t at[4096];           /* UTF-16 offset of each byte */
    u_strFromUTF8(u16, 2048, &n16, blk->text, (int32_t)blk->len, &err);
    int32_t u = 0;
    for (size_t i = 0; i <= blk->len; i++) {
        at[i] = u;
        if (i < blk->len && ((unsigned char)blk->text[i] & 0xC0) != 0x80)
            u += ((unsigned char)blk->text[i] >= 0xF0) ? 2 : 1;
    }
    for (size_t i = 0; i < blk->len; i++)   /* continuation bytes: their character's */
        if (((unsigned char)blk->text[i] & 0xC0) == 0x80)
            at[i] = at[i - 1];
    UBiDi *para = ubidi_open(), *line = ubidi_open();
    UBiDiLevel level = !c->dir ? UBIDI_DEFAULT_LTR : strcmp(c->dir, "rtl") == 0 ? 1 : 0;
    ubidi_setPara(para, u16, n16, level, NULL, &err);
    bool rtl = ubidi_getParaLevel(para) & 1;

    int bad = 0;
    size_t nlines = 0;
    for (size_t p = 0; p < rod_layout_page_count(lay); p++) {
        const rod_page *pg = rod_layout_page(lay, p);
        for (size_t li = 0; li < pg->nlines; li++) {
            const rod_line *l = &pg->lines[li];
            if (l->start.block != 1 || l->nruns == 0)
                continue;
            nlines++;
            size_t s = rod_doc_pos_byte(doc, l->start);
            size_t e = l->end.block == 1 ? rod_doc_pos_byte(doc, l->end) : blk->len;
            ubidi_setLine(para, at[s], at[e], line, &err);
            int32_t len16 = at[e] - at[s];
            int32_t vis[2048];
            ubidi_getLogicalMap(line, vis, &err);
            /* each run: the first visual index of its characters */
            size_t nr = l->nruns;
            int32_t key[256];
            bool ok = U_SUCCESS(err) && nr <= 256;
            for (size_t r = 0; ok && r < nr; r++) {
                const rod_run *run = &l->runs[r];
                size_t rb = (size_t)(run->text - blk->text);
                if (run->text < blk->text || rb + run->len > blk->len || at[rb] < at[s] ||
                    at[rb + run->len] > at[e]) {
                    ok = false;
                    break;
                }
                int32_t lo = INT32_MAX, hi = -1;
                for (int32_t k = at[rb]; k < at[rb + run->len]; k++) {
                    int32_t v = vis[k - at[s]];
                    lo = v < lo ? v : lo;
                    hi = v > hi ? v : hi;
                }
                key[r] = lo;
                if (hi - lo + 1 != at[rb + run->len] - at[rb])
                    ok = false;     /* its characters not together on the line */
            }
            /* rod's order (by x) must be ICU's (by key) */
            size_t byx[256], bykey[256];
            for (size_t r = 0; r < nr; r++)
                byx[r] = bykey[r] = r;
            for (size_t i = 1; ok && i < nr; i++)
                for (size_t j = i; j > 0; j--) {
                    if (l->runs[byx[j]].x < l->runs[byx[j - 1]].x) {
                        size_t t = byx[j]; byx[j] = byx[j - 1]; byx[j - 1] = t;
                    }
                    if (key[bykey[j]] < key[bykey[j - 1]]) {
                        size_t t = bykey[j]; bykey[j] = bykey[j - 1]; bykey[j - 1] = t;
                    }
                }
            for (size_t r = 0; ok && r < nr; r++)
                if (byx[r] != bykey[r])
                    ok = false;
            for (size_t r = 0; ok && r + 1 < nr; r++)
                if (l->runs[byx[r]].x + l->runs[byx[r]].w > l->runs[byx[r + 1]].x)
                    ok = false;     /* overlap */
            if (ok && rtl) {
                int x0 = l->runs[byx[0]].x, x1 = l->runs[byx[nr - 1]].x + l->runs[byx[nr - 1]].w;
                if (x1 < MARGIN + MEASURE - 1 || x1 > MARGIN + MEASURE + 1)
                    ok = false;     /* not at the right margin */
                if (l->justified && (x0 < MARGIN - 1 || x0 > MARGIN + 1))
                    ok = false;     /* justified, not flush left too */
            }
            (void)len16;
            if (!ok) {
                bad++;
                fprintf(stderr, "# case %zu line %zu: rod order", ci, nlines);
                for (size_t r = 0; r < nr; r++)
                    fprintf(stderr, " [%.*s@%d]", (int)l->runs[byx[r]].len, l->runs[byx[r]].text,
                            l->runs[byx[r]].x);
                fprintf(stderr, "\n");
            }
        }
    }
    if (nlines == 0)
        bad++;
    ubidi_close(line);
    ubidi_close(para);
    rod_layout_free(lay);
    rod_doc_free(doc);
    return bad;
}

/* A case as a window's label (rod_layout_label): its runs sorted by x
 * come in ICU's visual order of the whole text, touch nothing, fill
 * exactly the text's width, and right-to-left ones lose the style bits
 * asked. Returns true when all holds. */
static bool check_label(const bidi_case *c)
{
    const char *t = c->text;
    size_t len = strlen(t);
    rod_dir dir = !c->dir ? ROD_DIR_AUTO : strcmp(c->dir, "rtl") == 0 ? ROD_DIR_RTL : ROD_DIR_LTR;
    rod_font_spec f = {ROD_FAMILY_BOOK, ROD_FONT_ITALIC, 20};
    rod_run *runs = NULL;
    size_t nr = 0;
    int w = 0;
    if (!rod_layout_label(t, len, dir, fake_measure(), f, ROD_FONT_ITALIC, NULL, 0, &runs, &nr, &w))
        return false;
    UErrorCode err = U_ZERO_ERROR;
    UChar u16[2048];
    int32_t n16 = 0, at[4096], vis[2048];
    u_strFromUTF8(u16, 2048, &n16, t, (int32_t)len, &err);
    int32_t u = 0;
    for (size_t i = 0; i <= len; i++) {
        at[i] = u;
        if (i < len && ((unsigned char)t[i] & 0xC0) != 0x80)
            u += (unsigned char)t[i] >= 0xF0 ? 2 : 1;
    }
    UBiDi *para = ubidi_open();
    ubidi_setPara(para, u16, n16, dir == ROD_DIR_RTL ? 1 : dir == ROD_DIR_LTR ? 0 : UBIDI_DEFAULT_LTR, NULL, &err);
    ubidi_getLogicalMap(para, vis, &err);
    bool ok = U_SUCCESS(err) && nr > 0 && nr <= 256 && w == fake_width(NULL, f, t, len);
    int32_t key[256];
    for (size_t r = 0; ok && r < nr; r++) {
        size_t rb = (size_t)(runs[r].text - t);
        int32_t lo = INT32_MAX;
        for (int32_t k = at[rb]; k < at[rb + runs[r].len]; k++)
            lo = vis[k] < lo ? vis[k] : lo;
        key[r] = lo;
        bool rtl = (runs[r].font.style & ROD_FONT_RTL) != 0;
        if (rtl == ((runs[r].font.style & ROD_FONT_ITALIC) != 0))
            ok = false;     /* right to left: upright; else still italic */
    }
    /* sorted by x and by ICU's visual index alike, apart, inside [0, w) */
    for (size_t i = 0; ok && i < nr; i++)
        for (size_t j = 0; ok && j < nr; j++)
            if (i != j && (runs[i].x < runs[j].x) != (key[i] < key[j]))
                ok = false;
    for (size_t i = 0; ok && i < nr; i++) {
        if (runs[i].x < 0 || runs[i].x + runs[i].w > w)
            ok = false;
        for (size_t j = 0; j < nr; j++)
            if (i != j && runs[i].x < runs[j].x + runs[j].w && runs[j].x < runs[i].x + runs[i].w)
                ok = false;
    }
    ubidi_close(para);
    free(runs);
    return ok;
}

int main(void)
{
    size_t n = sizeof CASES / sizeof CASES[0];
    CHECK(n >= 30, "at least 30 mixed cases");
    for (size_t i = 0; i < n; i++) {
        char name[160];
        snprintf(name, sizeof name, "case %zu: lines in ICU's visual order%s: %.60s", i,
                 CASES[i].dir && strcmp(CASES[i].dir, "rtl") == 0 ? ", right aligned" : "", CASES[i].text);
        CHECK(check_case(&CASES[i], i) == 0, name);
    }
    size_t labels_ok = 0;
    for (size_t i = 0; i < n; i++) {
        if (check_label(&CASES[i]))
            labels_ok++;
        else
            fprintf(stderr, "# label case %zu: %s\n", i, CASES[i].text);
    }
    CHECK(labels_ok == n, "every case as a window label (rod_layout_label): words in ICU's visual order, "
                          "apart, as wide as the text, right-to-left words upright");
    {
        rod_run *runs = (rod_run *)1;
        size_t nr = 1;
        int w = 1;
        const char *latin = "Chapter One — “Война и мир”";
        CHECK(rod_layout_label(latin, strlen(latin), ROD_DIR_AUTO, fake_measure(),
                               (rod_font_spec){ROD_FAMILY_BOOK, 0, 20}, 0, NULL, 0, &runs, &nr, &w) &&
                  !runs && nr == 0,
              "a label with no right-to-left letter needs no reordering: no runs");
        const char *he = "פרק ראשון";
        size_t cut = strlen("פרק ר");
        bool ok = rod_layout_label(he, strlen(he), ROD_DIR_AUTO, fake_measure(),
                                   (rod_font_spec){ROD_FAMILY_BOOK, 0, 20}, 0, &cut, 1, &runs, &nr, &w);
        /* "ראשון" cut after its first letter: three runs, right to left */
        CHECK(ok && nr == 3 && runs[0].x == 60 && runs[1].x == 40 && runs[2].x == 0 && w == 90,
              "a Hebrew label reads from the right: פרק at 60, ר at 40 (a cut asked for), אשון at 0");
        free(runs);
    }
    /* the fast path: a paragraph with no right-to-left character is left
     * alone, and the scan finds none in Latin, Greek or Cyrillic text with
     * typographic quotes and dashes */
    CHECK(!bidi_may_be_rtl("“Well, Prince” — Война и мир — Ὅμηρος…", strlen("“Well, Prince” — Война и мир — Ὅμηρος…")),
          "no RTL scan hit in Latin, Cyrillic, Greek, quotes, dashes");
    CHECK(bidi_may_be_rtl("abc ש", strlen("abc ש")), "scan finds Hebrew");
    for (size_t k = 0; k < 20; k++) {
        char t[64];
        snprintf(t, sizeof t, "%.*sא tail", (int)k, "abcdefghijklmnopqrstuvwxyz");
        if (!bidi_may_be_rtl(t, strlen(t))) {
            CHECK(0, "scan finds Hebrew after any run of ASCII");
            break;
        }
        if (k == 19)
            CHECK(1, "scan finds Hebrew after any run of ASCII");
    }
    CHECK(bidi_may_be_rtl("abc \u202B", strlen("abc \u202B")), "scan finds RLE");
    CHECK(bidi_may_be_rtl("abc \u2067", strlen("abc \u2067")), "scan finds RLI");
    return tap_done();
}
