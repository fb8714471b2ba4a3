/* app_expect.c — the checks of a script (`expect WHAT ARGS`): what the
 * window shows, judged from the same state it draws from.
 *
 * A check reads the pages shown (the words, a word's run and side, what
 * part of a word is painted behind), the texts of the last frame
 * (draw_text keeps each with its box while a script runs: the order of a
 * running head's words, the side a panel's title is drawn on), pixels of
 * the window, the panel, the selection and the annotations. None changes
 * anything. Moved out of app_script.c, which turns commands into events:
 * the checks are the half that grows with every feature, so they live
 * apart; tests/test_window.sh judges the same screens again from
 * screenshots, sharing nothing with these.
 */
#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

bool script_find_run_as(app *a, const char *text, bool exact, int edge, int *x, int *y)
{
    book *b = a->book;
    if (!b)
        return false;
    size_t n = strlen(text);
    page_ref refs[2] = {b->page, b->page};
    int pages = a->two_pages && nav_next_ref(a, b->page, &refs[1]) ? 2 : 1;
    for (int p = 0; p < pages; p++) {
        const rod_page *page = nav_page(a, refs[p]);
        for (size_t i = 0; page && i < page->nlines; i++) {
            const rod_line *line = &page->lines[i];
            for (size_t k = 0; k < line->nruns; k++) {
                const rod_run *r = &line->runs[k];
                if ((exact ? r->len == n : r->len >= n) && memcmp(r->text, text, n) == 0) {
                    int at = edge < 0 ? r->x + 1 : edge > 0 ? r->x + r->w - 1 : r->x + r->w / 2;
                    *x = (int)((nav_page_x(a, p) + at) / a->pixel_ratio);
                    *y = (int)((line->y - line->ascent + line->height / 2) / a->pixel_ratio);
                    return true;
                }
            }
        }
    }
    return false;
}

bool script_find_run(app *a, const char *text, int *x, int *y)
{
    return script_find_run_as(a, text, true, 0, x, y) || script_find_run_as(a, text, false, 0, x, y);
}

/* Is the reading position on a page shown? */
static bool anchor_shown(app *a)
{
    rod_pos start, end;
    return nav_shown(a, &start, &end) && rod_pos_cmp(start, a->book->anchor) <= 0 &&
           rod_pos_cmp(a->book->anchor, end) < 0;
}

static bool pixel_at(app *a, int x, int y, uint32_t *rgb)
{
    SDL_Surface *s = SDL_GetWindowSurface(a->win);
    if (!s || x < 0 || y < 0 || x >= s->w || y >= s->h)
        return false;
    SDL_LockSurface(s);
    const Uint8 *row = (const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch;
    Uint32 v = 0;
    memcpy(&v, row + (size_t)x * s->format->BytesPerPixel,
           s->format->BytesPerPixel < sizeof v ? s->format->BytesPerPixel : sizeof v);
    SDL_UnlockSurface(s);
    Uint8 r, g, b;
    SDL_GetRGB(v, s->format, &r, &g, &b);
    *rgb = (uint32_t)r << 16 | (uint32_t)g << 8 | b;
    return true;
}

/* How much of WORD's run is painted behind (a selection, a highlight, a
 * search hit): the page colour looked for along the row just under its
 * line's top, over the run's left and right thirds. */
static bool run_marks(app *a, const char *text, bool *left, bool *right)
{
    int mx, my;
    if (!script_find_run(a, text, &mx, &my))
        return false;
    int px = (int)(mx * a->pixel_ratio), py = (int)(my * a->pixel_ratio), x0;
    const rod_run *r = page_run_at(a, px, py);
    const rod_page *p = page_under(a, px, &x0);
    if (!r || !p)
        return false;
    int top = -1;
    for (size_t i = 0; i < p->nlines; i++)
        for (size_t k = 0; k < p->lines[i].nruns; k++)
            if (&p->lines[i].runs[k] == r)
                top = p->lines[i].y - p->lines[i].ascent;
    if (top < 0)
        return false;
    uint32_t page = rod_theme_palette(a->set.theme).page, got;
    int third = r->w / 3;
    *left = *right = true;
    for (int i = 1; i < third; i++) {
        if (pixel_at(a, x0 + r->x + i, top + 1, &got) && got == page)
            *left = false;
        if (pixel_at(a, x0 + r->x + r->w - 1 - i, top + 1, &got) && got == page)
            *right = false;
    }
    return true;
}

/* The x where word starts among the texts of the last frame drawn in
 * part: a text of its own, else inside one, measured from the text's
 * start as a left-to-right text is drawn. False when none holds it. */
static bool text_x(app *a, const char *part, const char *word, int *x)
{
    size_t kept = a->ntexts < sizeof a->texts / sizeof a->texts[0] ? a->ntexts : sizeof a->texts / sizeof a->texts[0];
    for (int whole = 1; whole >= 0; whole--)
        for (size_t i = 0; i < kept; i++) {
            const struct drawn_text *t = &a->texts[i];
            const char *at = strstr(t->text, word);
            if (strcmp(t->part, part) || !at || (whole && strcmp(t->text, word)))
                continue;
            char before[96];
            snprintf(before, sizeof before, "%.*s", (int)(at - t->text), t->text);
            int size = t->box.h * 4 / 5;    /* the px the box was made for */
            *x = t->box.x + (at > t->text ? text_width(a, before, size, 0) : 0);
            return true;
        }
    return false;
}

bool script_expect(app *a, char *what, char *arg, char *msg, size_t n)
{
    book *b = a->book;
    if (!strcmp(what, "words")) {
        char words[400];
        page_first_words(a, words, sizeof words, 40);
        if (strncmp(words, arg, strlen(arg)) == 0)
            return true;
        snprintf(msg, n, "the page starts \"%.80s\"", words);
        return false;
    }
    if (!strcmp(what, "selection")) {
        /* the selected text, "\n" written as \n; "none" for no selection */
        rod_buf t = ROD_BUF_INIT;
        bool have = sel_text(a, &t);
        rod_buf shown = ROD_BUF_INIT;
        for (size_t i = 0; have && i < t.len; i++)
            t.data[i] == '\n' ? rod_buf_adds(&shown, "\\n") : rod_buf_add(&shown, &t.data[i], 1);
        const char *got = have ? (shown.data ? shown.data : "") : "none";
        bool ok = !strcmp(got, arg);
        if (!ok)
            snprintf(msg, n, "the selection is \"%.200s\"", got);
        rod_buf_free(&t);
        rod_buf_free(&shown);
        return ok;
    }
    if (!strcmp(what, "selection-blocks")) {
        /* the blocks the selection starts and ends in */
        unsigned long s1, s2;
        rod_pos s, e;
        if (sscanf(arg, "%lu %lu", &s1, &s2) != 2) {
            snprintf(msg, n, "usage: expect selection-blocks FIRST LAST");
            return false;
        }
        if (!sel_range(a, &s, &e)) {
            snprintf(msg, n, "nothing is selected");
            return false;
        }
        if (s.block == s1 && e.block == s2)
            return true;
        snprintf(msg, n, "it runs from %zu:%zu to %zu:%zu", s.block, s.offset, e.block, e.offset);
        return false;
    }
    if (!strcmp(what, "rows")) {
        /* rows in the annotations panel, after its filters, or shown in
         * the contents */
        unsigned long want = strtoul(arg, NULL, 10);
        if ((a->panel == PANEL_ANNOTS || a->panel == PANEL_TOC) && a->nrows == want)
            return true;
        snprintf(msg, n, "the panel is %s with %zu rows", panel_name(a->panel), a->nrows);
        return false;
    }
    if (!strcmp(what, "row")) {
        /* row N TEXT: the open panel's row N reads TEXT, a shell pattern
         * (fnmatch: * any text, ? one character) */
        char *text;
        long i = strtol(arg, &text, 10);
        char got[600];
        if (text == arg || *text++ != ' ') {
            snprintf(msg, n, "usage: expect row N TEXT");
            return false;
        }
        if (!panel_row(a, (int)i, got, sizeof got)) {
            snprintf(msg, n, "the panel %s has no row %ld", panel_name(a->panel), i);
            return false;
        }
        bool ok = fnmatch(text, got, 0) == 0;
        if (!ok)
            snprintf(msg, n, "it reads \"%.250s\"", got);
        return ok;
    }
    if (!strcmp(what, "annots")) {
        /* annots N [READER [TYPE [COLOR]]]: how many there are of those */
        unsigned long want = 0;
        char reader[128] = "", type[32] = "", color[32] = "";
        if (!b || sscanf(arg, "%lu %127s %31s %31s", &want, reader, type, color) < 1) {
            snprintf(msg, n, "usage: expect annots N [READER [TYPE [COLOR]]] with a book");
            return false;
        }
        size_t have = 0;
        for (size_t i = 0; i < b->notes.n; i++) {
            const rod_annot *x = &b->notes.items[i];
            if ((!reader[0] || !strcmp(reader, "*") || (x->reader && !strcmp(x->reader, reader))) &&
                (!type[0] || !strcmp(type, rod_annot_type_name(x->type))) &&
                (!color[0] || (x->color && !strcmp(color, x->color))))
                have++;
        }
        if (have != want)
            snprintf(msg, n, "there are %zu", have);
        return have == want;
    }
    if (!strcmp(what, "page")) {
        size_t num;
        if (b && nav_page_number(a, b->page, &num) && num + 1 == strtoul(arg, NULL, 10))
            return true;
        snprintf(msg, n, "page %zu", b && nav_page_number(a, b->page, &num) ? num + 1 : 0);
        return false;
    }
    if (!strcmp(what, "pos")) {
        char have[48];
        snprintf(have, sizeof have, "%zu:%zu", b ? b->anchor.block : 0, b ? b->anchor.offset : 0);
        if (!strcmp(have, arg))
            return true;
        snprintf(msg, n, "position %s", have);
        return false;
    }
    if (!strcmp(what, "shows")) {
        int x, y;
        if (script_find_run(a, arg, &x, &y))
            return true;
        snprintf(msg, n, "no \"%s\" on the pages shown", arg);
        return false;
    }
    if (!strcmp(what, "side")) {
        /* side left|right WORD: WORD is on that half of the window */
        char *word = arg + strcspn(arg, " ");
        int x, y;
        if (*word)
            *word++ = '\0';
        if (!*word || !script_find_run(a, word, &x, &y)) {
            snprintf(msg, n, "no \"%s\" on the pages shown", word);
            return false;
        }
        const char *got = x * a->pixel_ratio >= a->w / 2 ? "right" : "left";
        if (!strcmp(got, arg))
            return true;
        snprintf(msg, n, "it is on the %s", got);
        return false;
    }
    if (!strcmp(what, "order")) {
        /* order PART WORD...: the words are drawn in this order from left
         * to right in that part of the window (head, footer, panel, ...) */
        char words[600];
        snprintf(words, sizeof words, "%s", arg);
        char *save = NULL, *part = strtok_r(words, " ", &save);
        int last = INT32_MIN;
        const char *prev = "";
        for (char *w = strtok_r(NULL, " ", &save); part && w; w = strtok_r(NULL, " ", &save)) {
            int x;
            if (!text_x(a, part, w, &x)) {
                snprintf(msg, n, "no \"%s\" drawn in the %s", w, part);
                return false;
            }
            if (x <= last) {
                snprintf(msg, n, "\"%s\" is drawn at x %d, left of \"%s\" at %d", w, x, prev, last);
                return false;
            }
            last = x;
            prev = w;
        }
        if (part && last != INT32_MIN)
            return true;
        snprintf(msg, n, "usage: expect order PART WORD...");
        return false;
    }
    if (!strcmp(what, "text-side")) {
        /* text-side PART left|right WORD: WORD is drawn in that part on
         * that half of the window (its start's x) */
        char part[32], side[16], word[128];
        int x;
        if (sscanf(arg, "%31s %15s %127s", part, side, word) != 3) {
            snprintf(msg, n, "usage: expect text-side PART left|right WORD");
            return false;
        }
        if (!text_x(a, part, word, &x)) {
            snprintf(msg, n, "no \"%s\" drawn in the %s", word, part);
            return false;
        }
        const char *got = x >= a->w / 2 ? "right" : "left";
        if (!strcmp(got, side))
            return true;
        snprintf(msg, n, "it is drawn on the %s, at x %d", got, x);
        return false;
    }
    if (!strcmp(what, "marked")) {
        /* marked WORD all|none|left|right: what part of WORD is painted */
        char word[128], want[16];
        bool l, r;
        if (sscanf(arg, "%127s %15s", word, want) != 2 || !run_marks(a, word, &l, &r)) {
            snprintf(msg, n, "usage: expect marked WORD all|none|left|right, WORD on the pages shown");
            return false;
        }
        const char *got = l && r ? "all" : l ? "left" : r ? "right" : "none";
        if (!strcmp(got, want))
            return true;
        snprintf(msg, n, "\"%s\" is marked: %s", word, got);
        return false;
    }
    if (!strcmp(what, "font")) {
        if (a->font_px == atoi(arg))
            return true;
        snprintf(msg, n, "font %d px", a->font_px);
        return false;
    }
    if (!strcmp(what, "anchor-shown")) {
        if (anchor_shown(a))
            return true;
        snprintf(msg, n, "the reading position %zu:%zu is not on the pages shown", b ? b->anchor.block : 0,
                 b ? b->anchor.offset : 0);
        return false;
    }
    if (!strcmp(what, "inked")) {
        /* some pixel in the rectangle differs from the page colour */
        int x, y, w, h;
        if (sscanf(arg, "%d %d %d %d", &x, &y, &w, &h) != 4) {
            snprintf(msg, n, "usage: expect inked X Y W H");
            return false;
        }
        uint32_t page = rod_theme_palette(a->set.theme).page, got;
        for (int j = y; j < y + h; j++)
            for (int i = x; i < x + w; i++)
                if (pixel_at(a, i, j, &got) && got != page)
                    return true;
        snprintf(msg, n, "the rectangle is blank");
        return false;
    }
    if (!strcmp(what, "theme")) {
        if (!strcmp(rod_theme_name(a->set.theme), arg))
            return true;
        snprintf(msg, n, "theme %s", rod_theme_name(a->set.theme));
        return false;
    }
    if (!strcmp(what, "define")) {
        /* the look-up popup shows this (a part of its first entry) */
        if (a->panel == PANEL_DEFINE && strstr(a->define_text, arg))
            return true;
        snprintf(msg, n, "panel %s shows \"%.200s\"", panel_name(a->panel), a->define_text);
        return false;
    }
    if (!strcmp(what, "panel")) {
        if (!strcmp(panel_name(a->panel), arg))
            return true;
        snprintf(msg, n, "panel %s", panel_name(a->panel));
        return false;
    }
    if (!strcmp(what, "two")) {
        if (a->two_pages == (atoi(arg) != 0))
            return true;
        snprintf(msg, n, "two=%d", a->two_pages);
        return false;
    }
    if (!strcmp(what, "opened")) {
        /* the last address handed to the desktop, or "none" */
        bool ok = !strcmp(arg, "none") ? a->opened_count == 0 : a->opened_count && !strcmp(a->opened, arg);
        if (!ok)
            snprintf(msg, n, "%u opened, the last \"%.200s\"", a->opened_count, a->opened);
        return ok;
    }
    if (!strcmp(what, "asking")) {
        /* the question before an outside link shows this address */
        if (a->panel == PANEL_LINK && !strcmp(a->link, arg))
            return true;
        snprintf(msg, n, "panel %s, address \"%.200s\"", panel_name(a->panel), a->link);
        return false;
    }
    if (!strcmp(what, "toast")) {
        if (strstr(a->toast, arg))
            return true;
        snprintf(msg, n, "toast \"%s\"", a->toast);
        return false;
    }
    if (!strcmp(what, "books")) {   /* the books the library view shows */
        if (!b && a->nshown == strtoul(arg, NULL, 10))
            return true;
        snprintf(msg, n, "%s%zu books shown", b ? "a book open, " : "", a->nshown);
        return false;
    }
    if (!strcmp(what, "first-book")) {  /* the title the library view shows first */
        const char *t = !b && a->nshown ? a->books[a->shown[0]].title : NULL;
        if (t && !strcmp(t, arg))
            return true;
        snprintf(msg, n, "first book \"%s\"", t ? t : "(none)");
        return false;
    }
    if (!strcmp(what, "pixel")) {
        int x, y, tol = 0;
        unsigned want;
        if (sscanf(arg, "%d %d %x %d", &x, &y, &want, &tol) < 3) {
            snprintf(msg, n, "usage: expect pixel X Y RRGGBB [TOLERANCE]");
            return false;
        }
        uint32_t got;
        if (!pixel_at(a, x, y, &got)) {
            snprintf(msg, n, "no pixel at %d,%d", x, y);
            return false;
        }
        int d = 0;
        for (int s = 0; s <= 16; s += 8)
            d = fmax(d, abs((int)((got >> s) & 0xFF) - (int)((want >> s) & 0xFF)));
        if (d <= tol)
            return true;
        snprintf(msg, n, "pixel %d,%d is %06X", x, y, got);
        return false;
    }
    snprintf(msg, n, "unknown check '%s'", what);
    return false;
}

