/* app_select.c — selecting text with the mouse, and finding positions on
 * the page.
 *
 * A drag selects whole words, from the start of the word under the press
 * to the end of the one under the pointer (ICU word boundaries, as
 * everywhere here); a double click selects a word (ICU word boundaries, so "don't"
 * and "Élève" are one word each), a triple click the paragraph; a
 * shift-click moves the selection's far end, also after turning pages, and
 * a drag held at the window's edge turns the page and keeps selecting, so
 * a selection can run across pages. The selection is two positions
 * (anchor and head), never screen coordinates, so it survives page turns
 * and relayouts.
 *
 * A plain click on a word is also how pages turn, and a click on a
 * highlight opens it: both wait the double-click time, so that a double
 * click can select the word instead. Clicks beside the text turn at once.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "app.h"
#include "rod_buf.h"

enum {
    DOUBLE_CLICK_MS = 300,          /* also SDL's, set in app.c */
    EDGE_TURN_MS = 600,             /* a drag held at the edge turns the page */
    EDGE_PX = 28,                   /* CSS pixels of the window's edge */
};

/* The block a run's text lies in and the run's byte offset there; false
 * for runs that are not the book's text (hyphens, markers, images). */
static bool run_place(const rod_doc *doc, const rod_line *line, const rod_run *r, size_t *blk, size_t *byte)
{
    if (!r->text || r->len == 0 || (r->flags & (ROD_RUN_IMAGE | ROD_RUN_ORNAMENT | ROD_RUN_MARKER)))
        return false;
    size_t last = line->end.block < doc->nblocks ? line->end.block : doc->nblocks - 1;
    for (size_t b = line->start.block; b <= last; b++) {
        const rod_block *bl = &doc->blocks[b];
        if (r->text >= bl->text && r->text + r->len <= bl->text + bl->len) {
            *blk = b;
            *byte = (size_t)(r->text - bl->text);
            return true;
        }
    }
    return false;
}

static size_t chars_in(const char *s, size_t bytes)
{
    size_t n = 0;
    for (size_t i = 0; i < bytes; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static rod_pos pos_of_byte(const rod_doc *doc, size_t blk, size_t byte)
{
    return (rod_pos){blk, chars_in(doc->blocks[blk].text, byte)};
}

/* The position at run r's left or right edge: its start or its end, as
 * its direction has it (a right-to-left run ends on its left). */
static rod_pos run_edge(const rod_doc *doc, const rod_line *line, const rod_run *r, bool right)
{
    size_t blk = 0, byte = 0;
    run_place(doc, line, r, &blk, &byte);
    bool at_end = right != ((r->font.style & ROD_FONT_RTL) != 0);
    return pos_of_byte(doc, blk, byte + (at_end ? r->len : 0));
}

/* The byte in run r (from its start) whose left edge is nearest px. */
static size_t byte_at_x(app *a, const rod_run *r, int px)
{
    rod_measure m = rod_fonts_measure(a->fonts);
    /* character starts, then a binary search on their x */
    size_t lo = 0, hi = r->len;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        while (mid > lo && ((unsigned char)r->text[mid] & 0xC0) == 0x80)
            mid--;
        if (mid == lo)
            break;
        if (m.width(m.ctx, r->font, r->text, mid) <= px)
            lo = mid;
        else
            hi = mid;
    }
    /* lo starts the character under px; past its middle means after it */
    size_t next = lo + 1;
    while (next < r->len && ((unsigned char)r->text[next] & 0xC0) == 0x80)
        next++;
    int xl = m.width(m.ctx, r->font, r->text, lo), xr = m.width(m.ctx, r->font, r->text, next);
    return px - xl > xr - px ? next : lo;
}

bool page_pos_at(app *a, int x, int y, rod_pos *out, bool *on_text)
{
    book *b = a->book;
    if (on_text)
        *on_text = false;
    if (!b)
        return false;
    int x0;
    const rod_page *p = page_under(a, x, &x0);
    if (!p || p->nlines == 0)
        return false;
    x -= x0;
    /* the line under y, else the nearest one */
    const rod_line *best = NULL;
    int best_d = 1 << 30;
    for (size_t i = 0; i < p->nlines; i++) {
        const rod_line *line = &p->lines[i];
        int top = line->y - line->ascent, bottom = top + line->height;
        int d = y < top ? top - y : y >= bottom ? y - bottom + 1 : 0;
        bool has_text = false;
        for (size_t k = 0; k < line->nruns && !has_text; k++) {
            size_t blk, byte;
            has_text = run_place(b->doc, line, &line->runs[k], &blk, &byte);
        }
        if (has_text && d < best_d) {
            best_d = d;
            best = line;
        }
    }
    if (!best)
        return false;
    /* the run under x, else the nearest end of the line's text */
    for (size_t k = 0; k < best->nruns; k++) {
        const rod_run *run = &best->runs[k];
        size_t blk, byte;
        if (!run_place(b->doc, best, run, &blk, &byte))
            continue;
        if (x >= run->x && x < run->x + run->w) {
            /* a right-to-left run's text starts at its right end */
            int dx = run->font.style & ROD_FONT_RTL ? run->x + run->w - 1 - x : x - run->x;
            size_t at = byte + byte_at_x(a, run, dx);
            *out = pos_of_byte(b->doc, blk, at);
            if (on_text)
                *on_text = best_d == 0;
            return true;
        }
    }
    /* beside the text: the edge of the run nearest x, as its direction
     * puts the logical start and end (best holds text: lm and rm are set) */
    const rod_run *lm = NULL, *rm = NULL, *ln = NULL, *rn = NULL;
    for (size_t k = 0; k < best->nruns; k++) {
        const rod_run *run = &best->runs[k];
        size_t bk, bt;
        if (!run_place(b->doc, best, run, &bk, &bt))
            continue;
        if (!lm || run->x < lm->x)
            lm = run;
        if (!rm || run->x + run->w > rm->x + rm->w)
            rm = run;
        if (run->x + run->w <= x && (!ln || run->x + run->w > ln->x + ln->w))
            ln = run;   /* the nearest on the left */
        if (run->x > x && (!rn || run->x < rn->x))
            rn = run;   /* and on the right */
    }
    if (x < lm->x)
        *out = run_edge(b->doc, best, lm, false);
    else if (x >= rm->x + rm->w || !rn)
        *out = run_edge(b->doc, best, ln ? ln : rm, true);
    else if (!ln)
        *out = run_edge(b->doc, best, rn, false);
    else    /* between two runs: after the one that comes first in the text */
        *out = ln < rn ? run_edge(b->doc, best, ln, true) : run_edge(b->doc, best, rn, false);
    return true;
}

bool sel_range(const app *a, rod_pos *start, rod_pos *end)
{
    if (!a->sel_on || !a->book)
        return false;
    int c = rod_pos_cmp(a->sel_anchor, a->sel_head);
    *start = c <= 0 ? a->sel_anchor : a->sel_head;
    *end = c <= 0 ? a->sel_head : a->sel_anchor;
    return c != 0;
}

void sel_clear(app *a)
{
    if (a->sel_on) {
        a->gen++;
        a->dirty = true;
    }
    a->sel_on = a->dragging = a->pressing = false;
    a->nbar = 0;
}

void sel_set(app *a, rod_pos anchor, rod_pos head)
{
    a->sel_on = true;
    a->sel_anchor = anchor;
    a->sel_head = head;
    a->gen++;
    a->dirty = true;
}

/* The word holding pos (ICU word boundaries, the block's language): its
 * bytes [from, to) in the block; false when pos is in no word (in spaces
 * or punctuation), or when ICU fails. A position at a word's start is in
 * it, at its end is not. */
static bool word_around(const rod_doc *doc, rod_pos pos, size_t *from, size_t *to)
{
    const rod_block *bl = &doc->blocks[pos.block];
    size_t at = rod_doc_pos_byte(doc, pos);
    *from = *to = at;
    UErrorCode st = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, bl->text, (int64_t)bl->len, &st);
    UBreakIterator *bi = ubrk_open(UBRK_WORD, rod_node_lang(bl->node), NULL, 0, &st);
    bool word = false;
    if (U_SUCCESS(st) && at < bl->len) {
        ubrk_setUText(bi, ut, &st);
        int32_t e = ubrk_following(bi, (int32_t)at);
        int32_t status = ubrk_getRuleStatus(bi);    /* of the text before e */
        int32_t s = ubrk_preceding(bi, e == UBRK_DONE ? (int32_t)bl->len : e);
        if (U_SUCCESS(st) && s != UBRK_DONE && e != UBRK_DONE && e > s) {
            *from = (size_t)s;
            *to = (size_t)e;
            word = status != UBRK_WORD_NONE;
        }
    }
    ubrk_close(bi);
    utext_close(ut);
    return word;
}

void sel_word(app *a, rod_pos pos)
{
    const rod_doc *doc = a->book->doc;
    size_t from, to;
    word_around(doc, pos, &from, &to);
    if (to > from)
        sel_set(a, pos_of_byte(doc, pos.block, from), pos_of_byte(doc, pos.block, to));
}

/* pos moved to the start (or, with to_end, the end) of the word it is
 * in; pos itself when it is in none. */
static rod_pos word_edge(const app *a, rod_pos pos, bool to_end)
{
    const rod_doc *doc = a->book->doc;
    size_t from, to;
    if (pos.block >= doc->nblocks || !word_around(doc, pos, &from, &to))
        return pos;
    return pos_of_byte(doc, pos.block, to_end ? to : from);
}

/* A drag from the press to head selects whole words, as every reader
 * does: from the start of the word pressed in to the end of the word
 * under the pointer (backwards, from the pressed word's end). */
static void sel_drag(app *a, rod_pos head, bool words_at_head)
{
    bool forward = rod_pos_cmp(a->press_pos, head) <= 0;
    rod_pos anchor = word_edge(a, a->press_pos, !forward);
    if (words_at_head)
        head = word_edge(a, head, forward);
    if (!a->sel_on || rod_pos_cmp(anchor, a->sel_anchor) || rod_pos_cmp(head, a->sel_head))
        sel_set(a, anchor, head);
}

void sel_block(app *a, rod_pos pos)
{
    const rod_block *bl = &a->book->doc->blocks[pos.block];
    sel_set(a, (rod_pos){pos.block, 0}, (rod_pos){pos.block, bl->chars});
}

bool sel_text(const app *a, rod_buf *out)
{
    rod_pos s, e;
    if (!sel_range(a, &s, &e))
        return false;
    const rod_doc *doc = a->book->doc;
    for (size_t blk = s.block; blk <= e.block && blk < doc->nblocks; blk++) {
        const rod_block *bl = &doc->blocks[blk];
        size_t from = blk == s.block ? rod_doc_pos_byte(doc, s) : 0;
        size_t to = blk == e.block ? rod_doc_pos_byte(doc, e) : bl->len;
        if (blk > s.block)
            rod_buf_adds(out, "\n\n");
        if (to > from)
            rod_buf_add(out, bl->text + from, to - from);
    }
    return !out->failed;
}

void sel_copy(app *a)
{
    rod_buf out = ROD_BUF_INIT;
    if (sel_text(a, &out) && out.data) {
        SDL_SetClipboardText(out.data);
        app_toast(a, "Copied %zu characters", chars_in(out.data, out.len));
    }
    rod_buf_free(&out);
}

/* A run's share of a range on screen: [l, r) in page pixels, and
 * whether it reaches the run's own left and right edges. */
typedef struct span {
    int l, r;
    bool to_left, to_right;
    int size;
} span;

static int span_cmp(const void *p, const void *q)
{
    const span *a = p, *b = q;
    return (a->l > b->l) - (a->l < b->l);
}

void paint_range(app *a, SDL_Surface *dst, const rod_page *page, rod_pos start, rod_pos end, uint32_t rgb,
                 bool underline)
{
    if (rod_pos_cmp(end, page->start) <= 0 || rod_pos_cmp(start, page->end) >= 0 || rod_pos_cmp(start, end) >= 0)
        return;
    const rod_doc *doc = a->book->doc;
    rod_measure m = rod_fonts_measure(a->fonts);
    Uint32 color = app_rgb(dst, rgb);
    size_t sb = rod_doc_pos_byte(doc, start);
    size_t eb = end.block < doc->nblocks ? rod_doc_pos_byte(doc, end) : 0;
    span stack[64], *sp = stack;
    size_t cap = sizeof stack / sizeof stack[0];
    for (size_t i = 0; i < page->nlines; i++) {
        const rod_line *line = &page->lines[i];
        if (rod_pos_cmp(line->end, start) <= 0)
            continue;
        if (rod_pos_cmp(line->start, end) >= 0)
            break;
        if (line->nruns > cap) {
            span *grown = sp == stack ? malloc(line->nruns * sizeof *grown)
                                      : realloc(sp, line->nruns * sizeof *grown);
            if (!grown)
                continue;
            sp = grown;
            cap = line->nruns;
        }
        /* every text run of the line, its covered share (maybe none): a
         * logical range on a mixed line is one or more visual pieces,
         * joined only where covered runs meet with nothing between */
        size_t n = 0;
        for (size_t k = 0; k < line->nruns; k++) {
            const rod_run *r = &line->runs[k];
            size_t blk, rs;
            if (!run_place(doc, line, r, &blk, &rs))
                continue;
            span *o = &sp[n++];
            *o = (span){r->x, r->x, false, false, r->font.size};
            if (blk < start.block || blk > end.block)
                continue;
            size_t re = rs + r->len;
            size_t from = blk == start.block ? sb : 0, to = blk == end.block ? eb : doc->blocks[blk].len;
            if (from < rs)
                from = rs;
            if (to > re)
                to = re;
            if (from >= to)
                continue;
            int l = from == rs ? 0 : m.width(m.ctx, r->font, r->text, from - rs);
            int rr = to == re ? r->w : m.width(m.ctx, r->font, r->text, to - rs);
            if (r->font.style & ROD_FONT_RTL) {
                /* right to left: the text before `from` is on the right */
                int ll = r->w - rr;
                rr = r->w - l;
                l = ll;
            }
            *o = (span){r->x + l, r->x + rr, l <= 0, rr >= r->w, r->font.size};
        }
        qsort(sp, n, sizeof *sp, span_cmp);
        for (size_t k = 0; k < n;) {
            if (sp[k].l >= sp[k].r) {
                k++;
                continue;
            }
            int x1 = sp[k].l, x2 = sp[k].r, size = sp[k].size;
            size_t e = k + 1;
            while (e < n && sp[e - 1].to_right && sp[e].to_left && sp[e].l < sp[e].r) {
                x2 = sp[e].r;
                if (sp[e].size > size)
                    size = sp[e].size;
                e++;
            }
            k = e;
            if (underline) {
                int t = size >= 24 ? 2 : 1;
                SDL_FillRect(dst, &(SDL_Rect){x1, line->y + (size + 7) / 8, x2 - x1, t}, color);
            } else {
                SDL_FillRect(dst, &(SDL_Rect){x1 - 1, line->y - line->ascent, x2 - x1 + 2, line->height}, color);
            }
        }
    }
    if (sp != stack)
        free(sp);
}

int page_line_top(const rod_page *page, rod_pos pos)
{
    for (size_t i = 0; i < page->nlines; i++) {
        const rod_line *line = &page->lines[i];
        /* the line holding pos, or the first after it (pos between pages) */
        if (rod_pos_cmp(line->end, pos) > 0)
            return line->y - line->ascent;
    }
    return -1;
}

/* The page turn a click at x asks for: +1, -1, or 0 (the middle of a
 * single page, a place to rest the hand). */
static int click_dir(app *a, int x)
{
    if (x >= a->w * 2 / 5 && x < a->w * 3 / 5 && !a->two_pages)
        return 0;
    return (x >= a->w / 2) != nav_rtl(a) ? 1 : -1;
}

static bool bar_click(app *a, int x, int y)
{
    for (int i = 0; i < a->nbar; i++) {
        SDL_Rect r = a->bar[i];
        if (x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h) {
            if (i < 6)
                annots_mark_selection(a, annot_colors[i], false);
            else if (i == 6)
                annots_mark_selection(a, a->color, true);
            else
                sel_copy(a);
            return true;
        }
    }
    return false;
}

/* Where a drag is: +1 at the bottom edge of the window or the side
 * pages turn forward to (the right, the left in a right-to-left book),
 * -1 at the top or the other side, 0 inside. */
static int edge_at(const app *a, int x, int y)
{
    int edge = (int)(EDGE_PX * a->scale);
    int side = nav_rtl(a) ? -1 : 1;
    if (y >= a->h - edge)
        return 1;
    if (y < edge)
        return -1;
    if (x >= a->w - edge)
        return side;
    if (x < edge)
        return -side;
    return 0;
}

/* The first position shown (dir < 0) or the end of the last page shown. */
static rod_pos shown_edge(app *a, int dir)
{
    rod_pos start, end;
    if (!nav_shown(a, &start, &end))
        return a->book->anchor;
    return dir < 0 ? start : end;
}

void sel_turn_due(app *a)
{
    if (!a->turn_at)
        return;
    a->turn_at = 0;
    if (a->drag_edge && a->dragging) {
        /* selecting past the page: turn, reach to the far side of the new
         * page, and turn again while the pointer stays at the edge */
        a->drag_edge > 0 ? nav_next(a) : nav_prev(a);
        sel_drag(a, shown_edge(a, a->drag_edge), false);
        a->turn_at = SDL_GetTicks() + EDGE_TURN_MS;
        return;
    }
    if (a->turn_dir == 0) {
        a->mark = a->turn_mark;
        panel_open(a, PANEL_MARK);
    } else {
        a->turn_dir > 0 ? nav_next(a) : nav_prev(a);
    }
}

bool sel_event(app *a, const SDL_Event *ev)
{
    if (!a->book)
        return false;
    if (ev->type == SDL_MOUSEBUTTONDOWN && ev->button.button == SDL_BUTTON_LEFT) {
        int x = (int)(ev->button.x * a->pixel_ratio), y = (int)(ev->button.y * a->pixel_ratio);
        if (a->sel_on && !a->dragging && bar_click(a, x, y))
            return true;
        rod_pos pos;
        bool on = false;
        bool found = page_pos_at(a, x, y, &pos, &on);
        if (found && on && ev->button.clicks >= 2) {
            a->turn_at = 0;     /* the first click's turn, if any, is cancelled */
            a->pressing = false;
            if (ev->button.clicks >= 3)
                sel_block(a, pos);
            else
                sel_word(a, pos);
            if (ev->button.clicks == 2)
                panel_open(a, PANEL_DEFINE);    /* the word looked up */
            return true;
        }
        if (found && a->sel_on && (SDL_GetModState() & KMOD_SHIFT)) {
            sel_set(a, a->sel_anchor, pos);
            return true;
        }
        if (page_link_at(a, x, y))
            return false;       /* links are followed on the press */
        if (found && on) {
            a->pressing = true;
            a->dragging = false;
            a->press_x = x;
            a->press_y = y;
            a->sel_anchor = a->press_pos = pos;
            return true;
        }
        return false;
    }
    if (ev->type == SDL_MOUSEMOTION && a->pressing) {
        int x = (int)(ev->motion.x * a->pixel_ratio), y = (int)(ev->motion.y * a->pixel_ratio);
        double slop = 4 * a->scale;
        if (!a->dragging && hypot(x - a->press_x, y - a->press_y) < slop)
            return true;
        a->dragging = true;
        int edge = edge_at(a, x, y);
        if (edge != a->drag_edge) {
            a->drag_edge = edge;
            a->turn_at = edge ? SDL_GetTicks() + EDGE_TURN_MS : 0;
        }
        if (edge) {
            /* at the edge the selection reaches to the end of what is shown */
            sel_drag(a, shown_edge(a, edge), false);
            return true;
        }
        rod_pos pos;
        if (page_pos_at(a, x, y, &pos, NULL))
            sel_drag(a, pos, true);
        return true;
    }
    if (ev->type == SDL_MOUSEBUTTONUP && ev->button.button == SDL_BUTTON_LEFT && a->pressing) {
        int x = (int)(ev->button.x * a->pixel_ratio), y = (int)(ev->button.y * a->pixel_ratio);
        a->pressing = false;
        if (a->dragging) {
            a->dragging = false;
            a->drag_edge = 0;
            a->turn_at = 0;
            rod_pos s, e;
            if (!sel_range(a, &s, &e))
                sel_clear(a);
            a->dirty = true;
            return true;
        }
        if (ev->button.clicks >= 2)
            return true;
        long mark = annots_at(a, x, y);
        if (a->sel_on && mark < 0) {
            sel_clear(a);
            return true;
        }
        int dir = mark >= 0 ? 0 : click_dir(a, x);
        if (dir == 0 && mark < 0)
            return true;
        a->turn_dir = dir;
        a->turn_mark = mark;
        a->turn_at = SDL_GetTicks() + DOUBLE_CLICK_MS;
        if (a->turn_at == 0)
            a->turn_at = 1;
        return true;
    }
    return false;
}
