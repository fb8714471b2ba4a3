/* bidi.c — right-to-left and mixed-direction lines (UAX #9), the one file
 * using ICU's ubidi.
 *
 * A paragraph is broken into lines in logical order, as any other; only
 * then is each line's runs put in visual order. bidi_open resolves the
 * embedding levels of the whole paragraph once (ubidi_setPara, the base
 * direction from the block's dir, else its first strong character), and
 * keeps a map from byte offsets of the UTF-8 text to ICU's UTF-16 ones.
 * typeset.c cuts every word at level changes (bidi_level_end), so a run
 * has one level, and bidi_reorder_line reorders a set line: its runs and
 * the gaps between them (the spaces, at the level ICU gave the space) are
 * ordered by ubidi_reorderVisual (rule L2 on those levels) and given x
 * from the line's start, which for a right-to-left paragraph is at the
 * right margin. Runs keep their logical text; only x (and the RTL bit of
 * their font, which makes the shaper set them right to left and mirror
 * parentheses) changes. The window's own lines (running heads, the
 * contents, search results) go through the same bidi_reorder_line, cut
 * into words by rod_layout_label.
 *
 * Workload: books in Latin or Cyrillic letters must pay nothing. A byte
 * scan (bidi_may_be_rtl) finds the paragraphs that might hold a
 * right-to-left character or control; ICU sees only those, and those it
 * finds all left to right (ubidi_getDirection) are set as before.
 * Reordering runs with ICU's own L2 rather than by hand keeps one
 * implementation of the algorithm.
 */
#include "bidi.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ubidi.h>
#include <unicode/ustring.h>

bool bidi_may_be_rtl(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len; i++) {
        /* eight ASCII bytes at a time: most of a Latin book */
        uint64_t w;
        while (i + 8 <= len && (memcpy(&w, s + i, 8), (w & 0x8080808080808080u) == 0))
            i += 8;
        if (i >= len)
            break;
        unsigned c = s[i];
        if (c < 0xD6)
            continue;
        if (c <= 0xDF)
            return true;        /* U+0590..U+07FF: Hebrew .. N'Ko */
        if (i + 2 < len && c == 0xE0 && s[i + 1] >= 0xA0 && s[i + 1] <= 0xA3)
            return true;        /* U+0800..U+08FF: Samaritan, Arabic ext. */
        if (i + 2 < len && c == 0xE2 &&
            ((s[i + 1] == 0x80 && (s[i + 2] == 0x8F || s[i + 2] == 0xAB || s[i + 2] == 0xAE)) ||
             (s[i + 1] == 0x81 && s[i + 2] == 0xA7)))
            return true;        /* RLM, RLE, RLO, RLI */
        if (i + 1 < len && c == 0xEF && s[i + 1] >= 0xAC && s[i + 1] <= 0xBB)
            return true;        /* presentation forms */
        if (i + 1 < len && c == 0xF0 && (s[i + 1] == 0x90 || s[i + 1] == 0x9E))
            return true;        /* historic RTL scripts, Adlam */
    }
    return false;
}

bool bidi_open(bidi_para *b, const char *text, size_t len, rod_dir dir)
{
    memset(b, 0, sizeof *b);
    b->text = text;
    b->len = len;
    if (dir != ROD_DIR_RTL && !bidi_may_be_rtl(text, len))
        return true;
    if (len > INT32_MAX / 2)
        return true;            /* too long for ICU: left to right */
    bool ok = false;
    int32_t n16 = 0;
    UErrorCode err = U_ZERO_ERROR;
    u_strFromUTF8Lenient(NULL, 0, &n16, text, (int32_t)len, &err);
    err = U_ZERO_ERROR;
    b->u16 = malloc(((size_t)n16 + 1) * sizeof *b->u16);
    b->at = malloc((len + 1) * sizeof *b->at);
    b->bidi = ubidi_open();
    if (!b->u16 || !b->at || !b->bidi)
        goto cleanup;
    u_strFromUTF8Lenient((UChar *)b->u16, n16 + 1, &n16, text, (int32_t)len, &err);
    if (U_FAILURE(err))
        goto cleanup;
    /* byte offset -> UTF-16 offset, as the lenient conversion counts */
    int32_t u = 0;
    for (size_t i = 0; i < len;) {
        unsigned c = (unsigned char)text[i];
        size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (i + k > len)
            k = len - i;
        for (size_t j = 0; j < k; j++)
            b->at[i + j] = u;
        u += k == 4 ? 2 : 1;
        i += k;
    }
    b->at[len] = u < n16 ? u : n16;
    UBiDiLevel level = dir == ROD_DIR_RTL ? 1 : dir == ROD_DIR_LTR ? 0 : UBIDI_DEFAULT_LTR;
    ubidi_setPara(b->bidi, (const UChar *)b->u16, n16, level, NULL, &err);
    if (U_FAILURE(err))
        goto cleanup;
    b->base = ubidi_getParaLevel(b->bidi);
    b->active = b->base == 1 || ubidi_getDirection(b->bidi) != UBIDI_LTR;
    ok = true;
cleanup:
    if (!ok || !b->active) {
        bool keep = ok;
        bidi_close(b);
        b->text = text;
        b->len = len;
        return keep;
    }
    return true;
}

void bidi_close(bidi_para *b)
{
    if (b->bidi)
        ubidi_close(b->bidi);
    free(b->u16);
    free(b->at);
    memset(b, 0, sizeof *b);
}

uint8_t bidi_level(const bidi_para *b, size_t byte)
{
    if (!b->active)
        return 0;
    if (byte >= b->len)
        return b->base;
    return ubidi_getLevelAt(b->bidi, b->at[byte]);
}

size_t bidi_level_end(const bidi_para *b, size_t from, size_t to)
{
    if (!b->active || from >= to)
        return to;
    uint8_t l = bidi_level(b, from);
    for (size_t i = from + 1; i < to; i++)
        if (((unsigned char)b->text[i] & 0xC0) != 0x80 && bidi_level(b, i) != l)
            return i;
    return to;
}

/* The level of a run: of its first byte when it is the paragraph's text,
 * else (a hyphen, a marker) of the byte before the next. */
static uint8_t run_level(const bidi_para *b, const rod_run *r, const rod_run *prev)
{
    if (r->text >= b->text && r->text < b->text + b->len)
        return bidi_level(b, (size_t)(r->text - b->text));
    if (prev && prev->text >= b->text && prev->text + prev->len <= b->text + b->len && prev->len)
        return bidi_level(b, (size_t)(prev->text + prev->len - 1 - b->text));
    return b->base;
}

bool bidi_reorder_line(const bidi_para *b, rod_run *runs, size_t n, int start)
{
    if (!b->active || n == 0)
        return true;
    /* units: run 0, gap 0, run 1, ..., run n-1 */
    size_t nu = 2 * n - 1;
    UBiDiLevel *levels = malloc(nu * sizeof *levels);
    int32_t *map = malloc(nu * sizeof *map);
    int *w = malloc(nu * sizeof *w);
    bool ok = levels && map && w;
    if (!ok)
        goto cleanup;
    for (size_t i = 0; i < n; i++) {
        levels[2 * i] = run_level(b, &runs[i], i ? &runs[i - 1] : NULL);
        w[2 * i] = runs[i].w;
        if (levels[2 * i] & 1)
            runs[i].font.style |= ROD_FONT_RTL;
        if (i + 1 < n) {
            const rod_run *r = &runs[i];
            size_t after = r->text >= b->text && r->text + r->len <= b->text + b->len
                               ? (size_t)(r->text + r->len - b->text)
                               : b->len;
            /* a gap between two pieces of a word has the lower level of
             * the two around it, a space its own */
            uint8_t lg = bidi_level(b, after);
            w[2 * i + 1] = runs[i + 1].x - (r->x + r->w);
            levels[2 * i + 1] = lg;
        }
    }
    for (size_t i = 0; i + 1 < nu; i += 2)
        if (w[i + 1] == 0) {
            /* no gap: the pieces' levels decide alone */
            UBiDiLevel a = levels[i], c = levels[i + 2];
            levels[i + 1] = a < c ? a : c;
        }
    ubidi_reorderVisual(levels, (int32_t)nu, map);
    long x = start;
    for (size_t v = 0; v < nu; v++) {
        int32_t u = map[v];
        if (!(u & 1))
            runs[u / 2].x = (int)x;
        x += w[u];
    }
cleanup:
    free(levels);
    free(map);
    free(w);
    return ok;
}

bool bidi_set_line(const bidi_para *b, rod_run *runs, size_t n, int left, int measure, int hang, set_mode mode)
{
    while (n && (runs[0].flags & ROD_RUN_MARKER)) {
        /* a list marker hangs in the right margin instead */
        if (b->base & 1)
            runs[0].x = 2 * left + measure - runs[0].x - runs[0].w;
        runs++;
        n--;
    }
    if (!n)
        return true;
    int lead = runs[0].x - (left + hang);
    int total = runs[n - 1].x + runs[n - 1].w - runs[0].x;
    int start = runs[0].x;
    if ((b->base & 1) && mode != SET_CENTER)
        start = mode == SET_RIGHT ? left : left + measure - hang - lead - total;
    return bidi_reorder_line(b, runs, n, start);
}

/* The window's own lines (rod_layout_label): cut as typeset.c cuts a
 * paragraph's words, so a label is ordered by the same bidi_reorder_line
 * as a page's line, never by a second copy of rule L2. */
bool rod_layout_label(const char *s, size_t len, rod_dir dir, rod_measure m, rod_font_spec font,
                      unsigned rtl_drop, const size_t *cuts, size_t ncuts, rod_run **out, size_t *nout,
                      int *width)
{
    *out = NULL;
    *nout = 0;
    *width = 0;
    if (dir != ROD_DIR_RTL && !bidi_may_be_rtl(s, len))
        return true;
    bidi_para b;
    if (!bidi_open(&b, s, len, dir))
        return false;
    if (!b.active) {
        bidi_close(&b);
        return true;
    }
    bool ok = false;
    size_t n = 0, cap = 8;
    rod_run *runs = malloc(cap * sizeof *runs);
    int space = m.width(m.ctx, font, " ", 1);
    long x = 0;
    if (!runs)
        goto cleanup;
    for (size_t i = 0; i < len;) {
        if (s[i] == ' ') {
            x += space;
            i++;
            continue;
        }
        size_t e = i;
        while (e < len && s[e] != ' ')
            e++;
        for (size_t p = i; p < e;) {
            size_t q = bidi_level_end(&b, p, e);
            for (size_t c = 0; c < ncuts; c++)
                if (cuts[c] > p && cuts[c] < q)
                    q = cuts[c];
            if (n == cap) {
                rod_run *grown = realloc(runs, 2 * cap * sizeof *runs);
                if (!grown)
                    goto cleanup;
                runs = grown;
                cap *= 2;
            }
            rod_run *r = &runs[n++];
            memset(r, 0, sizeof *r);
            r->font = font;
            if (bidi_level(&b, p) & 1)
                r->font.style = (uint8_t)((r->font.style & ~rtl_drop) | ROD_FONT_RTL);
            r->text = s + p;
            r->len = (uint32_t)(q - p);
            r->x = (int)x;
            r->w = m.width(m.ctx, r->font, r->text, r->len);
            x += r->w;
            p = q;
        }
        i = e;
    }
    if (!bidi_reorder_line(&b, runs, n, 0))
        goto cleanup;
    ok = true;
    if (n == 0)
        goto cleanup;   /* nothing but spaces: nothing to draw */
    *width = (int)x;
    *out = runs;
    *nout = n;
    runs = NULL;
cleanup:
    free(runs);
    bidi_close(&b);
    return ok;
}

bool rod_layout_label_rtl(const char *s, size_t len, rod_dir dir)
{
    if (dir == ROD_DIR_RTL)
        return true;
    if (dir == ROD_DIR_LTR || !bidi_may_be_rtl(s, len))
        return false;
    bidi_para b;
    if (!bidi_open(&b, s, len, dir))
        return false;
    bool rtl = b.active && (b.base & 1);
    bidi_close(&b);
    return rtl;
}
