/* items.c — a paragraph as boxes, glue and penalties (Knuth & Plass 1981).
 *
 * Input: a text block's plain text, cut into styled spans. Output: the
 * item list both line breakers read. Where a line may end comes from ICU
 * (linebreak.c); inside words, from libhyphen (hyphenate.c) and soft
 * hyphens. Words are measured whole and hyphen pieces as differences of
 * prefixes measured in the same shaping of the whole word (rod_measure's
 * widths), so a word's pieces add up to exactly the word and each piece
 * begins where, drawn whole, the word's glyphs there begin (kerning inside
 * a word is never lost to the cut).
 *
 * Justified text: a space is glue (w, w/2, w/3). Ragged, centred and verse
 * lines use Knuth's ragged-right construction (glue(0,+S) penalty
 * glue(w,-S)): each line's slack goes to its end, so the breaker still
 * evens out the rag. Every box is at most the measure wide: a sequence of
 * boxes with no break between them that would overflow is cut between
 * characters (a costly break, the last resort), so the breakers always
 * find a breaking that stays inside the margins.
 *
 * Chinese and Japanese have no spaces: a line may end between almost any
 * two ideographs or kana, and a justified line is spread by the space
 * between them. Each break opportunity next to an ideograph, a kana or
 * CJK punctuation is therefore glue of no width that stretches by an
 * eighth of an em (inter-character glue, JIS X 4051's inter-letter
 * spacing), not a bare penalty: the breakers see the stretch, Knuth–Plass
 * evens it out over the paragraph, and a line without an ASCII space is
 * still set flush at both margins instead of pouring its slack into its
 * one space. It does not shrink: glyphs of a full em would touch. Between
 * characters where no break is allowed (before 。 or a small kana) there
 * is no glue; that is one character's gap in twenty, and such a pair is
 * one box, as a Latin word is.
 */
#include "layout_internal.h"

#include <stdlib.h>
#include <string.h>

enum {
    HYPHEN_PENALTY = 50,
    EXPLICIT_HYPHEN_PENALTY = 50,
    SPLIT_PENALTY = 5000,
    INF_STRETCH = 1 << 20,
};

bool items_push(item_list *list, item it)
{
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 64;
        item *v = realloc(list->v, cap * sizeof *v);
        if (!v)
            return false;
        list->v = v;
        list->cap = cap;
    }
    list->v[list->n++] = it;
    return true;
}

bool item_is_break(const item *items, size_t b)
{
    if (items[b].type == IT_GLUE)
        return b > 0 && items[b - 1].type == IT_BOX;
    return items[b].type == IT_PENALTY && items[b].penalty < PENALTY_INF;
}

size_t items_line_start(const item *items, size_t n, size_t b)
{
    size_t i = b + 1;
    while (i < n && items[i].type != IT_BOX && !(items[i].type == IT_PENALTY && items[i].penalty <= -PENALTY_INF))
        i++;
    return i;
}

void items_free(item_list *list)
{
    free(list->v);
    list->v = NULL;
    list->n = list->cap = 0;
}

typedef struct builder {
    const para_in *in;
    const rod_measure *m;
    item_list *out;
    bool ok;
} builder;

static void push(builder *b, item it)
{
    if (b->ok && !items_push(b->out, it))
        b->ok = false;
}

static int width(const builder *b, uint32_t style, const char *s, size_t n)
{
    return n ? b->m->width(b->m->ctx, b->in->styles[style].font, s, n) : 0;
}

/* The style in force at byte i (spans are sorted and cover the text). */
static size_t span_at(const para_in *in, size_t from, uint32_t i)
{
    while (from + 1 < in->nspans && in->spans[from].end <= i)
        from++;
    return from;
}

static bool ragged(set_mode mode)
{
    return mode != SET_JUSTIFY;
}

/* A break with no space: ragged modes need the line-end stretch around it. */
static void add_break(builder *b, uint32_t at, int penalty, bool flagged, int w, uint32_t style)
{
    int s = b->in->styles[0].font.size * 3;
    if (ragged(b->in->mode))
        push(b, (item){IT_GLUE, false, 0, 0, s, 0, 0, at, at, NULL});
    push(b, (item){IT_PENALTY, flagged, style, w, 0, 0, penalty, at, at, NULL});
    if (ragged(b->in->mode))
        push(b, (item){IT_GLUE, false, 0, 0, -s, 0, 0, at, at, NULL});
}

/* Ideographs, kana, CJK punctuation and full-width forms: the letters
 * set without spaces (Hangul, set with spaces, is not among them). */
bool items_is_cjk(uint32_t c)
{
    return (c >= 0x2E80 && c <= 0x9FFF && !(c >= 0x3130 && c <= 0x318F)) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF);
}

/* The code point that ends at byte e (e > 0) and the one that starts at
 * e (e < len): is either CJK? Only the lead bytes are read, so ASCII on
 * both sides costs two compares. */
static bool cjk_around(const char *t, size_t len, size_t e)
{
    if (e < len && (unsigned char)t[e] >= 0xE2) {
        uint32_t c = 0;
        unsigned char u = (unsigned char)t[e];
        if (u < 0xF0 && e + 2 < len)
            c = (uint32_t)(u & 0x0F) << 12 | (uint32_t)(t[e + 1] & 0x3F) << 6 | (uint32_t)(t[e + 2] & 0x3F);
        else if (u >= 0xF0 && e + 3 < len)
            c = (uint32_t)(u & 0x07) << 18 | (uint32_t)(t[e + 1] & 0x3F) << 12 | (uint32_t)(t[e + 2] & 0x3F) << 6 |
                (uint32_t)(t[e + 3] & 0x3F);
        if (items_is_cjk(c))
            return true;
    }
    if (e > 0 && (unsigned char)t[e - 1] >= 0x80) {
        size_t a = e - 1;
        while (a > 0 && e - a < 4 && ((unsigned char)t[a] & 0xC0) == 0x80)
            a--;
        unsigned char u = (unsigned char)t[a];
        uint32_t c = 0;
        if (u >= 0xE0 && u < 0xF0 && e - a == 3)
            c = (uint32_t)(u & 0x0F) << 12 | (uint32_t)(t[a + 1] & 0x3F) << 6 | (uint32_t)(t[a + 2] & 0x3F);
        else if (u >= 0xF0 && e - a == 4)
            c = (uint32_t)(u & 0x07) << 18 | (uint32_t)(t[a + 1] & 0x3F) << 12 | (uint32_t)(t[a + 2] & 0x3F) << 6 |
                (uint32_t)(t[a + 3] & 0x3F);
        if (items_is_cjk(c))
            return true;
    }
    return false;
}

static void add_space(builder *b, uint32_t start, uint32_t end, uint32_t style)
{
    const para_in *in = b->in;
    int w;
    if (in->mode == SET_PRE)
        w = width(b, style, in->text + start, end - start);
    else
        w = width(b, style, " ", 1);
    if (!ragged(in->mode)) {
        push(b, (item){IT_GLUE, false, 0, w, w / 2, w / 3, 0, start, end, NULL});
        return;
    }
    int s = in->styles[0].font.size * 3;
    push(b, (item){IT_GLUE, false, 0, 0, s, 0, 0, start, start, NULL});
    push(b, (item){IT_PENALTY, false, style, 0, 0, 0, 0, start, start, NULL});
    push(b, (item){IT_GLUE, false, 0, w, -s, 0, 0, start, end, NULL});
}

static bool is_letter_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* A word set in capitals only is an acronym or a heading: not hyphenated. */
static bool all_caps(const char *s, size_t n)
{
    bool upper = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'a' && c <= 'z')
            return false;
        if (c >= 'A' && c <= 'Z')
            upper = true;
    }
    return upper;
}

/* Boxes for s[a, e) in one style, with hyphenation points inside words. */
static void add_chunk(builder *b, uint32_t a, uint32_t e, uint32_t style)
{
    const para_in *in = b->in;
    const char *t = in->text;
    bool hyph = in->hyphenate && (in->mode == SET_JUSTIFY || in->mode == SET_RAGGED);
    if (!hyph || e - a < 5) {
        push(b, (item){IT_BOX, false, style, width(b, style, t + a, e - a), 0, 0, 0, a, e, NULL});
        return;
    }
    bool points[128];
    bool any = false;
    size_t n = e - a;
    if (n <= sizeof points) {
        memset(points, 0, n);
        /* hyphenate each run of letters on its own */
        size_t i = 0;
        while (i < n) {
            while (i < n && !is_letter_byte((unsigned char)t[a + i]))
                i++;
            size_t w0 = i;
            while (i < n && is_letter_byte((unsigned char)t[a + i]))
                i++;
            if (i - w0 >= 5 && !all_caps(t + a + w0, i - w0))
                any |= hyph_points(in->lang, t + a + w0, i - w0, points + w0);
        }
    }
    if (!any) {
        push(b, (item){IT_BOX, false, style, width(b, style, t + a, n), 0, 0, 0, a, e, NULL});
        return;
    }
    int hyphen = width(b, style, "-", 1);
    /* every prefix at a point, and the word, from one shaping */
    size_t cuts[128];
    int at[128];
    size_t ncuts = 0;
    for (size_t i = 0; i < n; i++)
        if (points[i])
            cuts[ncuts++] = i + 1;
    const rod_measure *m = b->m;
    int w_all;
    if (m->widths) {
        w_all = m->widths(m->ctx, in->styles[style].font, t + a, n, cuts, ncuts, at);
    } else {
        for (size_t c = 0; c < ncuts; c++)
            at[c] = width(b, style, t + a, cuts[c]);
        w_all = width(b, style, t + a, n);
    }
    int prev_w = 0;
    uint32_t prev = a;
    for (size_t c = 0; c < ncuts; c++) {
        uint32_t cut = a + (uint32_t)cuts[c];
        push(b, (item){IT_BOX, false, style, at[c] - prev_w, 0, 0, 0, prev, cut, NULL});
        push(b, (item){IT_PENALTY, true, style, hyphen, 0, 0, HYPHEN_PENALTY, cut, cut, NULL});
        prev_w = at[c];
        prev = cut;
    }
    push(b, (item){IT_BOX, false, style, w_all - prev_w, 0, 0, 0, prev, e, NULL});
}

static bool is_shy(const char *s)
{
    return (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xAD;
}

static bool is_zwsp(const char *s)
{
    return (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x8B;
}

/* Boxes for the visible part [a, e) of a segment, cut at style changes;
 * soft hyphens and zero-width spaces are not drawn. */
static void add_content(builder *b, uint32_t a, uint32_t e, size_t *sp)
{
    const para_in *in = b->in;
    uint32_t i = a;
    while (i < e) {
        *sp = span_at(in, *sp, i);
        uint32_t stop = in->spans[*sp].end < e ? in->spans[*sp].end : e;
        /* invisible characters end a chunk and are skipped */
        uint32_t j = i;
        while (j < stop && !(j + 1 < stop && is_shy(in->text + j)) &&
               !(j + 2 < stop && is_zwsp(in->text + j)))
            j++;
        if (j > i)
            add_chunk(b, i, j, in->spans[*sp].style);
        if (j < stop)
            j += is_shy(in->text + j) ? 2 : 3;
        i = j;
    }
}

static bool ends_with_dash(const char *t, uint32_t a, uint32_t e)
{
    if (e > a && t[e - 1] == '-')
        return true;
    /* ‐ ‑ ‒ – — (U+2010..2014) */
    return e >= a + 3 && (unsigned char)t[e - 3] == 0xE2 && (unsigned char)t[e - 2] == 0x80 &&
           (unsigned char)t[e - 1] >= 0x90 && (unsigned char)t[e - 1] <= 0x94;
}

/* Splits over-wide unbreakable sequences between characters: every box of
 * such a sequence is cut between its characters, and a costly break goes
 * between each character and the next, inside a box and between boxes, so
 * a run of one-character boxes (ten thousand adjacent noterefs, <em>x</em>
 * after <em>x</em>) can be broken too. Only the indent box (which has its
 * own text) stays whole and has no break after it. Works on the items
 * from `from` on; the sequence they start with (cut_before) and the one
 * they end with (cut_after) are cut whatever their width, because they
 * are parts of a run cut where a long paragraph was read in parts. */
static bool split_wide(builder *b, size_t from, bool cut_before, bool cut_after)
{
    item_list *list = b->out;
    int limit = b->in->measure;
    size_t i = from;
    bool changed = false;
    item_list fixed = {0};
    while (i < list->n) {
        /* a sequence of boxes (with no breakable item between) */
        size_t j = i;
        long total = 0;
        while (j < list->n && list->v[j].type == IT_BOX)
            total += list->v[j++].width;
        bool cut = j > i && ((cut_before && i == from) || (cut_after && j == list->n));
        if (total <= limit && !cut) {
            if (changed) {
                for (size_t k = i; k < (j > i ? j : i + 1); k++)
                    if (!items_push(&fixed, list->v[k]))
                        goto fail;
            }
            i = j > i ? j : i + 1;
            continue;
        }
        if (!changed) {
            /* the items before this sequence are kept as they are */
            for (size_t k = from; k < i; k++)
                if (!items_push(&fixed, list->v[k]))
                    goto fail;
            changed = true;
        }
        const char *t = b->in->text;
        for (size_t k = i; k < j; k++) {
            item box = list->v[k];
            if (box.text || box.end <= box.start) {
                if (!items_push(&fixed, box))
                    goto fail;
                continue;
            }
            uint32_t c = box.start;
            while (c < box.end) {
                uint32_t d = c + 1;
                while (d < box.end && ((unsigned char)t[d] & 0xC0) == 0x80)
                    d++;
                item piece = box;
                piece.start = c;
                piece.end = d;
                if (d - c < box.end - box.start)
                    piece.width = width(b, box.style, t + c, d - c);
                if (!items_push(&fixed, piece))
                    goto fail;
                /* a break after each character but the sequence's last */
                if ((d < box.end || k + 1 < j) &&
                    !items_push(&fixed, (item){IT_PENALTY, false, box.style, 0, 0, 0, SPLIT_PENALTY, d, d, NULL}))
                    goto fail;
                c = d;
            }
        }
        i = j;
    }
    if (changed) {
        /* the list keeps [0, from) and takes the fixed items after it */
        list->n = from;
        for (size_t k = 0; k < fixed.n; k++)
            if (!items_push(list, fixed.v[k]))
                goto fail;
    }
    items_free(&fixed);
    return true;
fail:
    items_free(&fixed);
    return false;
}

/* The span holding byte i (spans are sorted and cover the text). */
static size_t span_find(const para_in *in, uint32_t i)
{
    size_t lo = 0, hi = in->nspans;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (in->spans[mid].start <= i)
            lo = mid;
        else
            hi = mid;
    }
    return span_at(in, lo, i);
}

/* Break opportunities of bytes [from, to]: ICU's, else (no verdict) at
 * spaces and line feeds. */
static bool opportunities(const para_in *in, size_t from, size_t to, uint8_t *kinds)
{
    if (lb_range(in->text, in->len, in->lang, from, to, kinds))
        return true;
    memset(kinds, LB_NONE, to - from + 1);
    for (size_t i = from > 1 ? from : 1; i <= to; i++)
        if (in->text[i - 1] == ' ')
            kinds[i - from] = LB_ALLOWED;
        else if (in->text[i - 1] == '\n')
            kinds[i - from] = LB_FORCED;
    return true;
}

bool items_append(const para_in *in, const rod_measure *m, items_pos *pos, size_t max_bytes, item_list *out)
{
    builder b = {in, m, out, true};
    size_t from = pos->at;
    if (in->nspans == 0 || from > in->len)
        return false;
    if (max_bytes < 4)
        max_bytes = 4;  /* a character at least */
    size_t lim = in->len - from <= max_bytes ? in->len : from + max_bytes;
    uint8_t *kinds = malloc(lim - from + 1);
    if (!kinds)
        return false;
    opportunities(in, from, lim, kinds);
    const char *t = in->text;
    /* where this part ends: the text's end, else its last break
     * opportunity, else (a run of max_bytes with none) a character
     * boundary, where the run is cut as one wider than the line is */
    size_t end = lim;
    bool cut_after = false;
    if (lim < in->len) {
        while (end > from && kinds[end - from] == LB_NONE)
            end--;
        if (end == from) {
            cut_after = true;
            end = lim;
            while (end > from + 1 && ((unsigned char)t[end] & 0xC0) == 0x80)
                end--;
        }
    }
    /* a run cut at `from` goes on here: its boxes are cut too */
    bool cut_before = from > 0 && pos->cut;
    size_t first = out->n;
    if (from == 0 && in->indent > 0)
        push(&b, (item){IT_BOX, false, in->spans[0].style, in->indent, 0, 0, 0, 0, 0, ""});

    size_t sp = span_find(in, (uint32_t)from);
    uint32_t seg = (uint32_t)from;
    bool closed = false;        /* a forced break ended the text */
    for (uint32_t i = (uint32_t)from + 1; i <= end && b.ok; i++) {
        if (kinds[i - from] == LB_NONE && i < end)
            continue;
        if (i == end && cut_after) {
            add_content(&b, seg, i, &sp);
            break;
        }
        /* segment [seg, i): content, then spaces, then perhaps a line feed */
        uint32_t e = i;
        bool forced = false;
        if (e > seg && t[e - 1] == '\n') {
            e--;
            forced = true;
        }
        uint32_t ce = e;
        while (ce > seg && t[ce - 1] == ' ')
            ce--;
        /* a line feed may also sit inside when ICU saw it otherwise */
        add_content(&b, seg, ce, &sp);
        sp = span_at(in, sp, ce > seg ? ce - 1 : seg);
        uint32_t style = in->spans[sp].style;
        bool shy = ce >= seg + 2 && is_shy(t + ce - 2);
        if (forced) {
            push(&b, (item){IT_GLUE, false, 0, 0, INF_STRETCH, 0, 0, ce, e, NULL});
            push(&b, (item){IT_PENALTY, false, style, 0, 0, 0, -PENALTY_INF, e, i, NULL});
            closed = i == in->len;
        } else if (i == in->len) {
            /* the end: handled below (a soft hyphen there draws nothing) */
        } else if (ce < e) {
            if (shy)
                add_break(&b, ce, HYPHEN_PENALTY, true, width(&b, style, "-", 1), style);
            /* the space is measured in its own style (after </code> it is
             * the text's space, not the code's) */
            sp = span_at(in, sp, ce);
            add_space(&b, ce, e, in->spans[sp].style);
        } else if (shy) {
            add_break(&b, ce, HYPHEN_PENALTY, true, width(&b, style, "-", 1), style);
        } else if (ends_with_dash(t, seg, ce)) {
            add_break(&b, ce, EXPLICIT_HYPHEN_PENALTY, true, 0, style);
        } else if (!ragged(in->mode) && cjk_around(t, in->len, ce)) {
            /* inter-character glue (the opening paragraph says why) */
            int st = in->styles[style].font.size / 8;
            push(&b, (item){IT_GLUE, false, 0, 0, st > 0 ? st : 1, 0, 0, ce, ce, NULL});
        } else {
            add_break(&b, ce, 0, false, 0, style);
        }
        seg = i;
    }
    free(kinds);
    if (!b.ok || !split_wide(&b, first, cut_before, cut_after))
        return false;
    if (cut_after) {
        /* the cut itself: a costly break, as between any two characters
         * of a run cut */
        sp = span_at(in, sp, (uint32_t)end - 1);
        push(&b, (item){IT_PENALTY, false, in->spans[sp].style, 0, 0, 0, SPLIT_PENALTY, (uint32_t)end,
                        (uint32_t)end, NULL});
    } else if (end == in->len && !closed) {
        /* The paragraph's end: finishing glue and a forced break. */
        uint32_t e = (uint32_t)in->len;
        push(&b, (item){IT_GLUE, false, 0, 0, INF_STRETCH, 0, 0, e, e, NULL});
        push(&b, (item){IT_PENALTY, false, in->spans[in->nspans - 1].style, 0, 0, 0, -PENALTY_INF, e, e, NULL});
    }
    pos->at = end;
    pos->cut = cut_after;
    return b.ok;
}

bool items_build(const para_in *in, const rod_measure *m, item_list *out)
{
    items_pos pos = {0, false};
    out->n = 0;
    return items_append(in, m, &pos, in->len ? in->len : 1, out);
}
