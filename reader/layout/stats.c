/* stats.c — how well a laid-out chapter is set, in numbers, for
 * `rod paginate --stats` and the tests: a chapter_out in, counts added to
 * a rod_layout_stats out. Nothing here changes a layout.
 *
 * What is counted, exactly (each figure a quality problem but the first
 * few, so each should stay 0 on a good layout):
 * - adjustment ratios over justified lines that can be justified: a line
 *   with no stretchable space (one long word, a URL) has no finite ratio
 *   (the breakers give it ±1e9) and is counted apart as `unjustifiable`,
 *   never in the mean or maximum, which one such line would swamp;
 * - hyphenated lines, and runs of 3 or more of them in a row (within a
 *   chapter), one count per run;
 * - widows and orphans of blocks of 2 lines or more at page breaks;
 * - heading pages: pages whose every line belongs to a heading (a
 *   section's title block) — a heading cut off from its text — in a
 *   chapter that holds text (a book of titles only, pandoc's test of
 *   titles, has nothing to keep its headings with: layout.c's chapters
 *   then put them together, and a page of them is no fault);
 * - pages ending early: a page that is not its chapter's last, whose next
 *   page does not start by a forced page break, and whose last line's
 *   bottom is more than 2 body lines (font size × spacing) above the
 *   bottom of the text area; the lines short are the gap in whole body
 *   lines, summed and their maximum kept; and, of those, the pages that
 *   ended where no rule asked for it (`early_needless`): one or more of
 *   the next page's first lines would have fitted in the gap, with a page
 *   break allowed after them (the line after them not kept with what
 *   comes before, PG_NO_BREAK_BEFORE). The paginator fills a page while
 *   lines fit, so this stays 0 unless it goes wrong; the others are the
 *   widow, orphan and keep rules at work;
 * - gaps inside words: the runs of a line that are consecutive stretches
 *   of the block's text (no byte between them, so no space), with a letter
 *   or digit on both sides of each joint, make a word; taken in x order
 *   (right to left text is drawn in visual order, its runs kept in
 *   logical order), two neighbours drawn more than 1 px apart or
 *   overlapping by more than 1 px are a gap;
 * - overfull lines: a run past the right margin (ROD_LINE_OVERFULL, set
 *   as the runs are placed, so it is counted for lines whose runs were
 *   not kept; gaps inside words are counted only on lines that kept their
 *   runs: all of them but in a paragraph too long to hold whole).
 *
 * A chapter is counted once, when layout.c first sets it, and its counts
 * are kept after its lines are let go.
 */
#include "layout_internal.h"

#include <math.h>

/* The code point starting at t (of n bytes), or one ending at t + n when
 * back: lenient, as the block text may hold anything; -1 for none. */
static uint32_t code_point(const char *t, size_t n, bool back)
{
    const unsigned char *u = (const unsigned char *)t;
    size_t at = 0;
    if (back) {
        at = n - 1;
        while (at > 0 && n - at < 4 && (u[at] & 0xC0) == 0x80)
            at--;
    }
    unsigned c = u[at];
    size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (k == 0 || at + k > n)
        return (uint32_t)-1;
    uint32_t v = k == 1 ? c : c & (0x7F >> k);
    for (size_t i = 1; i < k; i++)
        v = v << 6 | (u[at + i] & 0x3F);
    return v;
}

/* Whether runs a and b (a before b in the line's logical order) are two
 * stretches of one word: no byte between them, and a letter, digit or
 * mark on both sides of the joint ("„" before "The" joins no word). Not
 * between two characters of which one is an ideograph or kana: a line
 * may end there, and the glue between them stretches in a justified line
 * (items.c), as a space does. */
static bool joined(const rod_run *a, const rod_run *b)
{
    if ((a->flags | b->flags) & (ROD_RUN_IMAGE | ROD_RUN_MARKER) || a->len == 0 || b->len == 0 ||
        a->text + a->len != b->text)
        return false;
    uint32_t x = code_point(a->text, a->len, true), y = code_point(b->text, b->len, false);
    if (x == (uint32_t)-1 || y == (uint32_t)-1)
        return true;    /* a joint inside a multi-byte character is inside a word */
    return hyph_word_char(x) && hyph_word_char(y) && !items_is_cjk(x) && !items_is_cjk(y);
}

/* A line's runs are in logical order and only their x is visual (bidi.c),
 * so a word's pieces lie left to right only in a left-to-right run: in a
 * right-to-left one the next piece is drawn to the left, and a number in a
 * Hebrew word ("ב־3.14") to the left of the letters as a whole. A word is
 * drawn whole when its pieces, taken in x order, tile a stretch of the
 * line: each gap counted is two neighbours in x more than 1 px apart or
 * overlapping by more than 1 px. */
static size_t word_gaps(const rod_line *l)
{
    size_t gaps = 0;
    for (size_t from = 0; from < l->nruns;) {
        size_t to = from + 1;
        while (to < l->nruns && joined(&l->runs[to - 1], &l->runs[to]))
            to++;
        if (to - from > 1) {
            /* the word's pieces sorted by x (a word has a few pieces) */
            int xs[16], ws[16];
            size_t n = 0;
            for (size_t r = from; r < to; r++) {
                if (n == 16) {
                    /* more pieces than kept: the rest start a new word */
                    to = r;
                    break;
                }
                size_t k = n++;
                for (; k > 0 && xs[k - 1] > l->runs[r].x; k--) {
                    xs[k] = xs[k - 1];
                    ws[k] = ws[k - 1];
                }
                xs[k] = l->runs[r].x;
                ws[k] = l->runs[r].w;
            }
            for (size_t k = 1; k < n; k++) {
                int d = xs[k] - (xs[k - 1] + ws[k - 1]);
                if (d > 1 || d < -1)
                    gaps++;
            }
        }
        from = to;
    }
    return gaps;
}

/* Whether the first lines of page `next` would have fitted in `gap`
 * pixels at the foot of the page before it, with a page break allowed
 * after them (the line after them not kept with the lines before it, or
 * the start of the page after next). Space before a line counts, as on a
 * page that goes on. */
static bool could_hold_more(const chapter_out *ch, const rod_page *next, int gap)
{
    size_t from = (size_t)(next->lines - ch->lines), end = from + next->nlines;
    int y = 0;
    for (size_t k = from; k < end; k++) {
        y += ch->meta[k].space_before + ch->lines[k].height;
        if (y > gap)
            return false;
        if (k + 1 == end || !(ch->meta[k + 1].flags & PG_NO_BREAK_BEFORE))
            return true;
    }
    return false;
}

/* A section's title; the book's own title (in the head) is the title
 * page's, not a heading. */
static bool is_heading(const rod_doc *doc, const line_meta *m)
{
    if (m->block == SIZE_MAX || m->block >= doc->nblocks || !doc->blocks[m->block].node)
        return false;
    const rod_node *n = doc->blocks[m->block].node;
    return n->kind == ROD_TITLE && n->parent && n->parent->kind == ROD_SECTION;
}

void chapter_stats(const chapter_out *ch, const rod_doc *doc, const rod_layout_opts *o, rod_layout_stats *st,
                   double *ratio_sum)
{
    size_t run = 0;
    for (size_t i = 0; i < ch->nlines; i++) {
        const rod_line *l = &ch->lines[i];
        st->lines++;
        if (l->flags & ROD_LINE_HYPHEN) {
            st->hyphenated++;
            if (++run == 3)
                st->hyphen_runs++;
        } else {
            run = 0;
        }
        st->overfull += (l->flags & ROD_LINE_OVERFULL) != 0;
        st->word_gaps += word_gaps(l);
        if (!l->justified)
            continue;
        st->justified_lines++;
        double r = fabs(l->ratio);
        if (r >= 1e8) {
            st->unjustifiable++;
            continue;
        }
        *ratio_sum += r;
        if (r > st->max_ratio)
            st->max_ratio = r;
        if (l->ratio > 1.0)
            st->loose_lines++;
    }
    bool text = false;
    for (size_t i = 0; i < ch->nlines && !text; i++)
        text = !is_heading(doc, &ch->meta[i]);
    double body = o->font_size * o->spacing;
    int bottom = o->height - o->margin_y;
    for (size_t p = 0; p < ch->npages; p++) {
        const rod_page *pg = &ch->pages[p];
        if (pg->nlines == 0)
            continue;
        size_t first = (size_t)(pg->lines - ch->lines);
        const line_meta *top = &ch->meta[first];
        const line_meta *end = &ch->meta[first + pg->nlines - 1];
        if (p > 0 && top->block != SIZE_MAX && top->block_lines >= 2 && top->index == top->block_lines - 1)
            st->widows++;
        if (p + 1 < ch->npages && end->block != SIZE_MAX && end->block_lines >= 2 && end->index == 0)
            st->orphans++;
        bool headings = true;
        for (size_t i = 0; i < pg->nlines && headings; i++)
            headings = is_heading(doc, &ch->meta[first + i]);
        st->heading_pages += headings && text;
        const rod_page *next = p + 1 < ch->npages ? &ch->pages[p + 1] : NULL;
        if (next && next->nlines > 0 && !(ch->meta[next->lines - ch->lines].flags & PG_NEW_PAGE)) {
            const rod_line *last = &pg->lines[pg->nlines - 1];
            int gap = bottom - (last->y - last->ascent + last->height);
            if (gap > 2 * body) {
                size_t short_by = (size_t)floor(gap / body);
                st->early_pages++;
                st->early_lines += short_by;
                if (short_by > st->early_max)
                    st->early_max = short_by;
                st->early_needless += could_hold_more(ch, next, gap);
            }
        }
    }
}
