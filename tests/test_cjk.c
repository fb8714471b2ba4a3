/* test_cjk.c — Japanese and Chinese set as their readers expect.
 *
 * Two fixture paragraphs (tests/fixtures/cjk/ja.html, zh.html: ideographs,
 * kana, CJK punctuation and brackets, Latin words, and a long link inside
 * each) are laid out justified in a fake font whose ideographs, kana and
 * full-width punctuation are one em wide and every other character half
 * an em, at every measure from 12 to 40 ems, by Knuth–Plass and by first
 * fit. Every line but a paragraph's last must end flush at both margins
 * with no gap wider than an em and a half (the slack spread between the
 * characters, not poured into the one ASCII space: a space stretched to
 * the tolerance, twice its stretch, is an em wide); no line may start with a
 * character Japanese and Chinese keep off a line's start (、。」ー, small
 * kana) nor end with an opening bracket; the long link must be broken
 * inside wherever it is longer than a line. And ICU's strict rules for
 * Japanese, on their own: no break before a small kana or ー in "ja",
 * where the normal rules ("zh", "en") allow one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "layout_internal.h"
#include "tap.h"

enum { SIZE = 20, EM = SIZE, MARGIN = 10 };

/* The code point at s (UTF-8) and its length. */
static uint32_t cp_at(const char *s, size_t n, size_t *len)
{
    unsigned char u = (unsigned char)s[0];
    if (u < 0x80 || n < 2) {
        *len = 1;
        return u;
    }
    if (u < 0xE0) {
        *len = 2;
        return (uint32_t)(u & 0x1F) << 6 | (s[1] & 0x3F);
    }
    if (u < 0xF0 || n < 4) {
        *len = n < 3 ? n : 3;
        return n < 3 ? 0 : (uint32_t)(u & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
    }
    *len = 4;
    return (uint32_t)(u & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 | (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
}

static bool wide(uint32_t c)
{
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xFF00 && c <= 0xFF60) || c == 0x201C || c == 0x201D;
}

/* The fake font: wide characters an em, the rest half an em. */
static int cjk_width(void *ctx, rod_font_spec f, const char *s, size_t n)
{
    (void)ctx;
    int w = 0;
    for (size_t i = 0; i < n;) {
        size_t len;
        uint32_t c = cp_at(s + i, n - i, &len);
        w += wide(c) ? f.size : f.size / 2;
        i += len;
    }
    return w;
}

static void cjk_extent(void *ctx, rod_font_spec f, int *ascent, int *descent)
{
    (void)ctx;
    *ascent = f.size * 4 / 5;
    *descent = f.size / 5;
}

static bool in_set(uint32_t c, const char *set)
{
    size_t n = strlen(set);
    for (size_t i = 0; i < n;) {
        size_t len;
        if (cp_at(set + i, n - i, &len) == c)
            return true;
        i += len;
    }
    return false;
}

/* Kept off a line's start (JIS X 4051's line-start prohibitions, strict),
 * and off its end. */
static const char NO_START[] = "、。，．・：；？！ー」』）〕］｝〉》”ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々ゝゞヽヾ";
static const char NO_END[] = "「『（〔［｛〈《“";

typedef struct verdict {
    int lines, ragged, gappy, bad_start, bad_end;
    int link_long, link_whole;  /* measures where the link exceeds a line; of
                                   them, where no line ends inside it */
    char example[160];
} verdict;

static void note(verdict *v, const char *what, const char *s, size_t n)
{
    if (!v->example[0])
        snprintf(v->example, sizeof v->example, "%s: %.*s", what, (int)(n > 90 ? 90 : n), s);
}

static void check_book(const rod_doc *doc, bool greedy, int ems, verdict *v)
{
    rod_layout_opts o = rod_layout_defaults();
    o.font_size = SIZE;
    o.spacing = 1.5;
    o.margin_x = MARGIN;
    o.margin_y = 10;
    o.width = ems * EM + 2 * MARGIN;
    o.height = 30 * SIZE + 20;
    o.hyphenate = false;
    o.greedy = greedy;
    rod_measure m = {NULL, cjk_width, NULL, cjk_extent};
    rod_layout *lay = rod_layout_new(doc, m, &o);
    int right = MARGIN + ems * EM;
    /* the link: the bytes of the block holding it */
    const rod_node *link = NULL;
    size_t link_block = SIZE_MAX, link_from = SIZE_MAX, link_to = 0;
    size_t ends[512], nends = 0;
    for (size_t p = 0; p < rod_layout_page_count(lay); p++) {
        const rod_page *pg = rod_layout_page(lay, p);
        for (size_t i = 0; i < pg->nlines; i++) {
            const rod_line *l = &pg->lines[i];
            if (l->start.block >= doc->nblocks || !l->nruns || doc->blocks[l->start.block].len == 0)
                continue;
            const rod_block *blk = &doc->blocks[l->start.block];
            size_t s = rod_doc_pos_byte(doc, l->start);
            size_t e = l->end.block == l->start.block ? rod_doc_pos_byte(doc, l->end) : blk->len;
            for (size_t r = 0; r < l->nruns; r++) {
                const rod_run *run = &l->runs[r];
                if (!(run->flags & ROD_RUN_LINK) || !run->node || (link && run->node != link))
                    continue;
                link = run->node;
                link_block = l->start.block;
                size_t at = (size_t)(run->text - blk->text);
                if (at < link_from)
                    link_from = at;
                if (at + run->len > link_to)
                    link_to = at + run->len;
            }
            if (nends < 512)
                ends[nends++] = l->start.block << 32 | e;
            v->lines++;
            while (s < e && blk->text[s] == ' ')
                s++;
            size_t te = e;
            while (te > s && blk->text[te - 1] == ' ')
                te--;
            if (s < te) {
                size_t len;
                if (in_set(cp_at(blk->text + s, te - s, &len), NO_START) && s > 0) {
                    v->bad_start++;
                    note(v, "starts badly", blk->text + s, te - s);
                }
                size_t a = te - 1;
                while (a > s && ((unsigned char)blk->text[a] & 0xC0) == 0x80)
                    a--;
                if (in_set(cp_at(blk->text + a, te - a, &len), NO_END) && te < blk->len) {
                    v->bad_end++;
                    note(v, "ends badly", blk->text + s, te - s);
                }
            }
            if (l->flags & ROD_LINE_LAST)
                continue;
            /* flush at both margins, the slack spread */
            const rod_run *first = &l->runs[0], *last = &l->runs[0];
            for (size_t r = 0; r < l->nruns; r++) {
                if (l->runs[r].x < first->x)
                    first = &l->runs[r];
                if (l->runs[r].x + l->runs[r].w > last->x + last->w)
                    last = &l->runs[r];
            }
            int indent = l->start.offset == 0 ? first->x - MARGIN : 0;
            if (first->x != MARGIN + indent || abs(last->x + last->w - right) > 1) {
                v->ragged++;
                note(v, "not flush", blk->text + s, te - s);
            }
            for (size_t r = 1; r < l->nruns; r++)
                if (l->runs[r].x - (l->runs[r - 1].x + l->runs[r - 1].w) > EM * 3 / 2) {
                    v->gappy++;
                    note(v, "a gap over an em", blk->text + s, te - s);
                    break;
                }
        }
    }
    if (link && cjk_width(NULL, (rod_font_spec){0, 0, SIZE}, doc->blocks[link_block].text + link_from,
                          link_to - link_from) > ems * EM) {
        bool split = false;
        for (size_t k = 0; k < nends; k++)
            split |= ends[k] >> 32 == link_block && (ends[k] & 0xFFFFFFFF) > link_from &&
                     (ends[k] & 0xFFFFFFFF) < link_to;
        v->link_long++;
        v->link_whole += !split;
    }
    rod_layout_free(lay);
}

static void check_fixture(const char *dir, const char *name)
{
    char *path = fixture_path(dir, name);
    rod_doc *doc = NULL;
    rod_diag diag = ROD_DIAG_INIT(path);
    rod_read_file(path, NULL, &diag, &doc);
    rod_diag_free(&diag);
    char what[200];
    snprintf(what, sizeof what, "%s reads", name);
    if (!CHECK(doc != NULL, what)) {
        free(path);
        return;
    }
    for (int greedy = 0; greedy < 2; greedy++) {
        verdict v = {0};
        for (int ems = 12; ems <= 40; ems++)
            check_book(doc, greedy, ems, &v);
        const char *how = greedy ? "first fit" : "Knuth-Plass";
        snprintf(what, sizeof what, "%s, %s, 12-40 em: every justified line of %d flush at both margins (%d not)",
                 name, how, v.lines, v.ragged);
        CHECK(v.lines > 100 && v.ragged == 0, what);
        snprintf(what, sizeof what, "%s, %s: no gap between characters over 1.5 em (%d lines have one)", name, how,
                 v.gappy);
        if (!greedy)    /* first fit leaves a loose line where a long word follows */
            CHECK(v.gappy == 0, what);
        snprintf(what, sizeof what, "%s, %s: no line starts with 、。」ー or a small kana (%d do)", name, how,
                 v.bad_start);
        CHECK(v.bad_start == 0, what);
        snprintf(what, sizeof what, "%s, %s: no line ends with an opening bracket (%d do)", name, how, v.bad_end);
        CHECK(v.bad_end == 0, what);
        snprintf(what, sizeof what, "%s, %s: the link longer than a line is broken inside it (at %d of %d measures "
                 "it is not)", name, how, v.link_whole, v.link_long);
        CHECK(v.link_long > 5 && v.link_whole == 0, what);
        if (v.example[0])
            printf("# first offender: %s\n", v.example);
    }
    rod_doc_free(doc);
    free(path);
}

/* May a line end before byte `at` of text? */
static bool break_before(const char *text, const char *lang, const char *what)
{
    size_t len = strlen(text);
    uint8_t kinds[256];
    const char *p = strstr(text, what);
    if (!p || len >= sizeof kinds || !lb_opportunities(text, len, lang, kinds))
        return true;
    return kinds[p - text] != LB_NONE;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "tests/fixtures";
    /* ICU's strict rules for Japanese: small kana and ー stay with what
     * they follow */
    static const char *const cases[][2] = {
        {"キャッシュ", "ャ"}, {"キャッシュ", "ッ"}, {"ちょっと", "ょ"}, {"コンピューター", "ー"},
        {"ジョッキー", "ッ"}, {"ティーカップ", "ィ"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char what[160];
        snprintf(what, sizeof what, "ja: no break before %s in %s", cases[i][1], cases[i][0]);
        CHECK(!break_before(cases[i][0], "ja", cases[i][1]), what);
        snprintf(what, sizeof what, "ja-JP: no break before %s in %s", cases[i][1], cases[i][0]);
        CHECK(!break_before(cases[i][0], "ja-JP", cases[i][1]), what);
    }
    CHECK(!break_before("日本語。", "ja", "。") && !break_before("中文。", "zh", "。"),
          "no break before 。 in either");
    CHECK(break_before("日本語の本", "ja", "の") && break_before("中文的书", "zh", "的"),
          "a break between ideographs and kana in both");

    check_fixture(dir, "cjk/ja.html");
    check_fixture(dir, "cjk/zh.html");
    return tap_done();
}
