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
 * - gaps inside words: two runs of a line that are consecutive stretches
 *   of the block's text (no byte between them, so no space), with a letter
 *   or digit on both sides of the joint, drawn more than 1 px apart or
 *   overlapping by more than 1 px;
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

static bool wordish(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static size_t word_gaps(const rod_line *l)
{
    size_t gaps = 0;
    for (size_t r = 1; r < l->nruns; r++) {
        const rod_run *a = &l->runs[r - 1], *b = &l->runs[r];
        if ((a->flags | b->flags) & (ROD_RUN_IMAGE | ROD_RUN_MARKER) || a->len == 0 || b->len == 0 ||
            a->text + a->len != b->text)
            continue;
        /* a joint inside a multi-byte character counts as inside a word */
        if (!wordish((unsigned char)a->text[a->len - 1]) || !wordish((unsigned char)b->text[0]))
            continue;
        int d = b->x - (a->x + a->w);
        if (d > 1 || d < -1)
            gaps++;
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
