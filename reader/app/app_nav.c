/* app_nav.c — where the reader is: the page shown, page turns, jumps and
 * history, and setting the layout to the window.
 *
 * The current page is a (chapter, index) of the layout; the reading
 * position is the anchor, the first word of that page. A page turn moves
 * the page and takes its first word as the new anchor; a relayout keeps
 * the anchor and finds its page again, so the first word stays on screen
 * through any change of font, size or window. Jumps (contents, go to,
 * search, links, Home/End) push the anchor on a back stack like a
 * browser's. A link inside the book jumps, a note reference opens the
 * note's popup (a->note) and a link out of the book is judged here
 * (rod_link.h) and only asked about (a->link, app_link.c's question):
 * the panels get their input through the app struct, not a call. Which
 * link a click falls on is found here too (page_link_at): a link's
 * target spans it whole on each line, a note reference's reaches half an
 * em beyond the superscript.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "rod_link.h"

void nav_clear_cache(app *a)
{
    for (int i = 0; i < PAGE_SLOTS; i++) {
        SDL_FreeSurface(a->cache[i].surface);
        a->cache[i] = (page_slot){0};
    }
    a->gen++;
}

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

void nav_relayout(app *a)
{
    book *b = a->book;
    const rod_settings *s = &a->set;
    int W = a->w, H = a->h;
    double sc = a->scale;
    bool two = s->spread == SPREAD_TWO ||
               (s->spread == SPREAD_AUTO && W >= 1.25 * H && W >= 960 * sc);
    a->two_pages = two && W >= 400;
    a->page_w = a->two_pages ? W / 2 : W;
    a->page_h = H;
    a->font_px = clampi((int)lround(s->size * sc), 6, 400);
    int line = (int)lround(a->font_px * s->spacing);
    /* a comfortable measure: no more than about 70 characters a line */
    int maxcol = 32 * a->font_px;
    int mx = (int)lround(s->margin * sc);
    if (a->page_w - 2 * mx > maxcol)
        mx = (a->page_w - maxcol) / 2;
    if (a->page_w - 2 * mx < 6 * a->font_px)
        mx = clampi((a->page_w - 6 * a->font_px) / 2, 2, a->page_w / 4);
    int my = (int)lround(fmax(46 * sc, 2.6 * a->font_px));
    if (a->page_h - 2 * my < 3 * line)
        my = clampi((a->page_h - 3 * line) / 2, 2, a->page_h / 4);
    a->margin_x = mx;
    a->margin_y = my;
    nav_clear_cache(a);
    a->dirty = true;
    if (!b)
        return;
    rod_layout_opts o = rod_layout_defaults();
    o.width = a->page_w;
    o.height = a->page_h;
    o.margin_x = mx;
    o.margin_y = my;
    o.font_size = a->font_px;
    o.spacing = s->spacing;
    o.ragged = !s->justify;
    o.hyphenate = s->hyphenate;
    o.section_pages = true;
    o.image_size = rod_images_size;
    o.image_ctx = b->images;
    if (!b->layout)
        b->layout = rod_layout_new(b->doc, rod_fonts_measure(a->fonts), &o);
    else if (!rod_layout_set_opts(b->layout, &o)) {
        rod_layout_free(b->layout);
        b->layout = rod_layout_new(b->doc, rod_fonts_measure(a->fonts), &o);
    }
    if (!b->layout)
        return;
    size_t c, i;
    if (b->front)
        b->page = (page_ref){0, 0};
    else if (rod_layout_locate(b->layout, b->anchor, &c, &i, NULL))
        b->page = (page_ref){c, i};
    else
        b->page = (page_ref){0, 0};
}

bool nav_rtl(const app *a)
{
    return a->book && a->book->doc->root->dir == ROD_DIR_RTL;
}

int nav_page_x(const app *a, int k)
{
    if (!a->two_pages)
        return 0;
    return (nav_rtl(a) ? 1 - k : k) * a->page_w;
}

const rod_page *nav_page(app *a, page_ref r)
{
    if (!a->book || !a->book->layout)
        return NULL;
    return rod_layout_chapter_page(a->book->layout, r.chapter, r.index);
}

bool nav_next_ref(app *a, page_ref r, page_ref *out)
{
    rod_layout *lay = a->book->layout;
    if (r.index + 1 < rod_layout_chapter_pages(lay, r.chapter)) {
        *out = (page_ref){r.chapter, r.index + 1};
        return true;
    }
    for (size_t c = r.chapter + 1; c < rod_layout_chapter_count(lay); c++)
        if (rod_layout_chapter_pages(lay, c) > 0) {
            *out = (page_ref){c, 0};
            return true;
        }
    return false;
}

bool nav_shown(app *a, rod_pos *start, rod_pos *end)
{
    book *b = a->book;
    const rod_page *p = b ? nav_page(a, b->page) : NULL;
    if (!p)
        return false;
    *start = p->start;
    *end = p->end;
    page_ref r;
    const rod_page *q;
    if (a->two_pages && nav_next_ref(a, b->page, &r) && (q = nav_page(a, r)))
        *end = q->end;
    return true;
}

bool nav_prev_ref(app *a, page_ref r, page_ref *out)
{
    rod_layout *lay = a->book->layout;
    if (r.index > 0) {
        *out = (page_ref){r.chapter, r.index - 1};
        return true;
    }
    for (size_t c = r.chapter; c-- > 0;) {
        size_t n = rod_layout_chapter_pages(lay, c);
        if (n > 0) {
            *out = (page_ref){c, n - 1};
            return true;
        }
    }
    return false;
}

/* Learns the reader's pace from how long the page just left was shown. */
static void learn_pace(app *a)
{
    book *b = a->book;
    const rod_page *p = nav_page(a, b->page);
    uint32_t now = SDL_GetTicks();
    double secs = (now - a->shown_at) / 1000.0;
    if (!p || secs < 4 || secs > 600)
        return;
    page_ref last = b->page;
    if (a->two_pages)
        nav_next_ref(a, b->page, &last);
    const rod_page *q = nav_page(a, last);
    rod_pos end = q ? q->end : p->end;
    size_t words = b->words_before[end.block < b->doc->nblocks ? end.block : b->doc->nblocks] -
                   b->words_before[p->start.block];
    if (words < 30)
        return;
    double wpm = words / (secs / 60);
    if (wpm < 60 || wpm > 2000)
        return;
    a->set.wpm = 0.9 * a->set.wpm + 0.1 * wpm;
}

/* The page r is now shown: its first word is the reading position. */
static void show(app *a, page_ref r)
{
    book *b = a->book;
    const rod_page *p = nav_page(a, r);
    if (!p)
        return;
    b->page = r;
    b->front = r.chapter == 0 && r.index == 0;
    b->anchor = p->start;
    a->shown_at = SDL_GetTicks();
    a->dirty = true;
    if (!b->place_taken)
        lib_worker_position(a->worker, b->fp, b->anchor, book_progress(b, b->anchor));
}

void nav_next(app *a)
{
    if (!a->book || !a->book->layout)
        return;
    page_ref r = a->book->page, n;
    int step = a->two_pages ? 2 : 1;
    for (int k = 0; k < step; k++) {
        if (!nav_next_ref(a, r, &n))
            break;
        r = n;
    }
    if (r.chapter == a->book->page.chapter && r.index == a->book->page.index)
        return;
    learn_pace(a);
    show(a, r);
    reading_turned(a);
}

void nav_prev(app *a)
{
    if (!a->book || !a->book->layout)
        return;
    page_ref r = a->book->page, p;
    int step = a->two_pages ? 2 : 1;
    for (int k = 0; k < step; k++) {
        if (!nav_prev_ref(a, r, &p))
            break;
        r = p;
    }
    if (r.chapter != a->book->page.chapter || r.index != a->book->page.index) {
        show(a, r);
        reading_turned(a);
    }
}

static bool stack_push(pos_stack *s, rod_pos p)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        rod_pos *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return false;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = p;
    return true;
}

static void go(app *a, rod_pos pos)
{
    book *b = a->book;
    size_t c, i;
    if (!b->layout || !rod_layout_locate(b->layout, pos, &c, &i, NULL))
        return;
    show(a, (page_ref){c, i});
}

void nav_jump(app *a, rod_pos pos, bool history)
{
    book *b = a->book;
    if (!b)
        return;
    if (history) {
        stack_push(&b->back, b->anchor);
        b->forward.n = 0;
    }
    go(a, pos);
}

/* Home: the book's first page, the cover when it has one. A cover holds
 * no place of its own (it ends where it starts), so 0:0 locates the title
 * page after it; the first page is shown by its number instead. */
void nav_first(app *a)
{
    book *b = a->book;
    if (!b || !b->layout || !rod_layout_chapter_page(b->layout, 0, 0))
        return;
    stack_push(&b->back, b->anchor);
    b->forward.n = 0;
    show(a, (page_ref){0, 0});
}

void nav_last(app *a)
{
    book *b = a->book;
    if (!b || !b->layout)
        return;
    for (size_t c = rod_layout_chapter_count(b->layout); c-- > 0;) {
        size_t n = rod_layout_chapter_pages(b->layout, c);
        if (n > 0) {
            const rod_page *p = rod_layout_chapter_page(b->layout, c, a->two_pages && n > 1 ? n - 2 : n - 1);
            if (p)
                nav_jump(a, p->start, true);
            return;
        }
    }
}

void nav_back(app *a)
{
    book *b = a->book;
    if (!b || b->back.n == 0) {
        app_toast(a, "Nothing to go back to");
        return;
    }
    stack_push(&b->forward, b->anchor);
    go(a, b->back.v[--b->back.n]);
}

void nav_forward(app *a)
{
    book *b = a->book;
    if (!b || b->forward.n == 0) {
        app_toast(a, "Nothing to go forward to");
        return;
    }
    stack_push(&b->back, b->anchor);
    go(a, b->forward.v[--b->forward.n]);
}

bool nav_page_number(app *a, page_ref r, size_t *n)
{
    size_t before;
    if (!a->book->layout || !rod_layout_pages_known(a->book->layout, r.chapter, &before))
        return false;
    *n = before + r.index;
    return true;
}

bool nav_pos_page(app *a, rod_pos pos, size_t *n)
{
    rod_layout *lay = a->book ? a->book->layout : NULL;
    if (!lay || pos.block >= a->book->doc->nblocks)
        return false;
    size_t c = rod_layout_chapter_of(lay, pos.block), before, chapter, index;
    if (!rod_layout_chapter_ready(lay, c) || !rod_layout_pages_known(lay, c, &before) ||
        !rod_layout_locate(lay, pos, &chapter, &index, NULL))
        return false;
    /* a position at a chapter's very start may belong to the page after
     * an empty chapter; count from the chapter it was found in */
    if (chapter != c && (!rod_layout_chapter_ready(lay, chapter) || !rod_layout_pages_known(lay, chapter, &before)))
        return false;
    *n = before + index + 1;
    return true;
}

/* Asks whether to open ref outside rod (app_link.c's question, on
 * a->link); a link rod does not open (rod_link.h) gets a toast instead. */
static void ask_link(app *a, const char *ref)
{
    rod_buf clean = ROD_BUF_INIT;
    rod_link_verdict v = rod_link_judge(ref, &clean);
    if (v != ROD_LINK_OUTSIDE || !clean.data || clean.len >= sizeof a->link) {
        app_toast(a, "rod does not open this link: %s", v == ROD_LINK_OUTSIDE ? "it is too long" : rod_link_why(v));
        rod_buf_free(&clean);
        return;
    }
    memcpy(a->link, clean.data, clean.len + 1);
    rod_buf_free(&clean);
    panel_open(a, PANEL_LINK);
}

/* A link's target on one line: from its first run's left to its last
 * run's right (the pieces of a word, and the words of a link, leave no
 * gaps to fall through), the line's height; a note reference's at least
 * an em wider, half an em (of the line's text) each side, as a
 * superscript is a small thing to hit. */
static void link_span(const rod_line *line, size_t k, int x0, int *l, int *r)
{
    const rod_run *run = &line->runs[k];
    *l = x0 + run->x;
    *r = x0 + run->x + run->w;
    for (size_t j = k + 1; j < line->nruns && line->runs[j].node == run->node; j++)
        if (line->runs[j].flags & ROD_RUN_LINK)
            *r = x0 + line->runs[j].x + line->runs[j].w;
    if (run->node->kind == ROD_NOTEREF) {
        /* half an em of the text around it, not of the superscript */
        int em = 0;
        for (size_t j = 0; j < line->nruns; j++)
            if (line->runs[j].font.size > em)
                em = line->runs[j].font.size;
        *l -= em / 2;
        *r += em / 2;
    }
}

const rod_run *page_link_at(app *a, int x, int y)
{
    const rod_run *exact = page_run_at(a, x, y);
    if (exact && (exact->flags & ROD_RUN_LINK) && exact->node)
        return exact;
    int x0;
    const rod_page *p = page_under(a, x, &x0);
    if (!p)
        return NULL;
    const rod_run *best = NULL;
    int best_d = INT_MAX;
    for (size_t i = 0; i < p->nlines; i++) {
        const rod_line *line = &p->lines[i];
        int top = line->y - line->ascent;
        if (y < top || y >= top + line->height)
            continue;
        for (size_t k = 0; k < line->nruns; k++) {
            const rod_run *run = &line->runs[k];
            if (!(run->flags & ROD_RUN_LINK) || !run->node ||
                (k > 0 && line->runs[k - 1].node == run->node && (line->runs[k - 1].flags & ROD_RUN_LINK)))
                continue;       /* a link's span is taken from its first run */
            int l, rr;
            link_span(line, k, x0, &l, &rr);
            if (x < l || x >= rr)
                continue;
            /* of two targets that overlap, the nearer run's */
            int d = abs(x - (l + rr) / 2);
            if (d < best_d) {
                best = run;
                best_d = d;
            }
        }
    }
    return best;
}

void nav_follow(app *a, const rod_node *node)
{
    book *b = a->book;
    if (!b || !node || !node->ref)
        return;
    const char *ref = node->ref;
    if (ref[0] == '#') {
        const rod_node *target = rod_doc_find_id(b->doc, ref + 1);
        if (!target) {
            app_toast(a, "This link leads nowhere in the book (%s)", ref);
            return;
        }
        if (target->kind == ROD_NOTE) {
            a->note = target;
            panel_open(a, PANEL_NOTE);
            return;
        }
        nav_jump(a, (rod_pos){book_node_block(b, target), 0}, true);
        return;
    }
    /* an outside address: never opened without asking (app_link.c) */
    ask_link(a, ref);
}
