/* app_script.c — the window driven by a script (tests) or by a benchmark.
 *
 * A script is a text file of commands, one per line, that become the same
 * SDL events a person makes (keys, text, clicks, the wheel, resizes,
 * dropped files) and checks of what is on screen: the first words of the
 * page from the layout, the page number, the panel, pixels of the window.
 * It runs under any SDL video driver, including the headless `offscreen`
 * one the test suite uses. `rod read --script - BOOK < script`; see
 * `rod read --help` for the commands. The benchmark is app_bench.c.
 */
#include <SDL_image.h>
#include <ctype.h>
#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>

#include "app.h"

static void pump(app *a)
{
    SDL_Event ev;
    while (SDL_PollEvent(&ev))
        app_event(a, &ev);
}

static bool parse_key(const char *spec, SDL_Keycode *sym, Uint16 *mod)
{
    *mod = 0;
    for (;;) {
        if (!strncasecmp(spec, "ctrl+", 5) && spec[5]) {
            *mod |= KMOD_LCTRL;
            spec += 5;
        } else if (!strncasecmp(spec, "shift+", 6) && spec[6]) {
            *mod |= KMOD_LSHIFT;
            spec += 6;
        } else if (!strncasecmp(spec, "alt+", 4) && spec[4]) {
            *mod |= KMOD_LALT;
            spec += 4;
        } else {
            break;
        }
    }
    *sym = SDL_GetKeyFromName(spec);
    return *sym != SDLK_UNKNOWN;
}

static void send_key(app *a, SDL_Keycode sym, Uint16 mod)
{
    SDL_Event ev = {0};
    ev.type = SDL_KEYDOWN;
    ev.key.state = SDL_PRESSED;
    ev.key.keysym.sym = sym;
    ev.key.keysym.scancode = SDL_GetScancodeFromKey(sym);
    ev.key.keysym.mod = mod;
    bool text = SDL_IsTextInputActive() && !(mod & (KMOD_CTRL | KMOD_ALT)) && sym >= 32 && sym < 127;
    app_event(a, &ev);
    /* as SDL does: a printable key also types its character into a field
     * that was open when it was pressed */
    if (text) {
        SDL_Event t = {0};
        t.type = SDL_TEXTINPUT;
        char c = (char)sym;
        if (mod & KMOD_SHIFT)
            c = (char)toupper((unsigned char)c);
        t.text.text[0] = c;
        app_event(a, &t);
    }
    ev.type = SDL_KEYUP;
    ev.key.state = SDL_RELEASED;
    app_event(a, &ev);
}

static void send_text(app *a, const char *s)
{
    while (*s) {
        SDL_Event t = {0};
        t.type = SDL_TEXTINPUT;
        size_t n = strlen(s);
        if (n >= sizeof t.text.text)
            n = sizeof t.text.text - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;    /* whole characters only */
        if (n == 0)
            break;
        memcpy(t.text.text, s, n);
        app_event(a, &t);
        s += n;
    }
}

/* A press and release at (x, y), as the clicks-th click in a row, with
 * Shift held when shift is true. */
static void send_click_n(app *a, int x, int y, Uint8 button, Uint8 clicks, bool shift)
{
    SDL_Keymod was = SDL_GetModState();
    if (shift)
        SDL_SetModState(was | KMOD_LSHIFT);
    SDL_Event ev = {0};
    ev.type = SDL_MOUSEBUTTONDOWN;
    ev.button.button = button;
    ev.button.state = SDL_PRESSED;
    ev.button.clicks = clicks;
    ev.button.x = x;
    ev.button.y = y;
    app_event(a, &ev);
    ev.type = SDL_MOUSEBUTTONUP;
    ev.button.state = SDL_RELEASED;
    app_event(a, &ev);
    SDL_SetModState(was);
}

static void send_click(app *a, int x, int y, Uint8 button)
{
    send_click_n(a, x, y, button, 1, false);
}

/* Press at (x1, y1), move to (x2, y2) in steps, release. */
/* One mouse event of a drag done by hand: press, move (button held) or
 * release, at x, y. */
static void send_mouse(app *a, Uint32 type, int x, int y)
{
    SDL_Event ev = {0};
    ev.type = type;
    if (type == SDL_MOUSEMOTION) {
        ev.motion.state = SDL_BUTTON_LMASK;
        ev.motion.x = x;
        ev.motion.y = y;
    } else {
        ev.button.button = SDL_BUTTON_LEFT;
        ev.button.clicks = 1;
        ev.button.x = x;
        ev.button.y = y;
    }
    app_event(a, &ev);
}

static void send_drag(app *a, int x1, int y1, int x2, int y2)
{
    send_mouse(a, SDL_MOUSEBUTTONDOWN, x1, y1);
    for (int i = 1; i <= 4; i++)
        send_mouse(a, SDL_MOUSEMOTION, x1 + (x2 - x1) * i / 4, y1 + (y2 - y1) * i / 4);
    send_mouse(a, SDL_MOUSEBUTTONUP, x2, y2);
}

/* Window coordinates of the middle of the first run on the pages shown
 * whose text is text (exact is true) or starts with it — its left edge when
 * edge < 0, its right edge when edge > 0; false when there is none. */
static bool find_run_as(app *a, const char *text, bool exact, int edge, int *x, int *y)
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

static bool find_run(app *a, const char *text, int *x, int *y)
{
    return find_run_as(a, text, true, 0, x, y) || find_run_as(a, text, false, 0, x, y);
}

/* find_run_as with the edge in reading order: -1 the word's first letter,
 * +1 its last, which a right-to-left run has on its left. */
static bool find_run_read(app *a, const char *text, int edge, int *x, int *y)
{
    int mx, my;
    if (!find_run(a, text, &mx, &my))
        return false;
    const rod_run *r = page_run_at(a, (int)(mx * a->pixel_ratio), (int)(my * a->pixel_ratio));
    if (r && (r->font.style & ROD_FONT_RTL))
        edge = -edge;
    return find_run_as(a, text, true, edge, x, y) || find_run_as(a, text, false, edge, x, y);
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
    if (!find_run(a, text, &mx, &my))
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

static void state_line(app *a, char *out, size_t n)
{
    book *b = a->book;
    if (!b) {
        snprintf(out, n, "library books=%zu of %zu sort=%s view=%s filter=\"%s\" theme=%s panel=%s size=%dx%d",
                 a->nshown, a->nbooks, rod_library_sort_name(a->set.library_sort),
                 a->set.library_grid ? "grid" : "list", a->lib_filter, rod_theme_name(a->set.theme),
                 panel_name(a->panel), a->w, a->h);
        return;
    }
    char words[160];
    page_first_words(a, words, sizeof words, 6);
    size_t num = 0, total = 0;
    char page[48] = "?";
    if (nav_page_number(a, b->page, &num)) {
        if (rod_layout_pages_known(b->layout, rod_layout_chapter_count(b->layout), &total))
            snprintf(page, sizeof page, "%zu/%zu", num + 1, total);
        else
            snprintf(page, sizeof page, "%zu/?", num + 1);
    }
    snprintf(out, n, "page=%s pos=%zu:%zu theme=%s font=%d two=%d panel=%s size=%dx%d words=\"%s\"", page,
             b->anchor.block, b->anchor.offset, rod_theme_name(a->set.theme), a->font_px, a->two_pages,
             panel_name(a->panel), a->w, a->h, words);
}

static void finish_work(app *a)
{
    while (app_idle(a))
        ;
    lib_worker_wait(a->worker);
    /* and what the window does once the library has caught up (notes
     * brought from another copy, the worker's news) */
    while (app_idle(a))
        ;
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

/* One `expect`; false with a message when it does not hold. */
static bool expect(app *a, char *what, char *arg, char *msg, size_t n)
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
        if (find_run(a, arg, &x, &y))
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
        if (!*word || !find_run(a, word, &x, &y)) {
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

int app_script(app *a, FILE *f, const char *name)
{
    char line[1024];
    unsigned lineno = 0, failed = 0;
    app_draw(a);
    while (!a->quit && fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        char *cmd = line;
        while (*cmd == ' ' || *cmd == '\t')
            cmd++;
        if (!*cmd || *cmd == '#')
            continue;
        char *arg = cmd + strcspn(cmd, " ");
        if (*arg)
            *arg++ = '\0';
        pump(a);
        /* a click on a word turns the page unless a double click follows:
         * in a script, unless this command is one; a drag held at the edge
         * turns it when time passes: at `idle` */
        if (strcmp(cmd, "double-click-on") && strcmp(cmd, "triple-click-on") &&
            (!a->drag_edge || !strcmp(cmd, "idle")))
            sel_turn_due(a);
        if (!strcmp(cmd, "key")) {
            SDL_Keycode sym;
            Uint16 mod;
            for (char *k = strtok(arg, " "); k; k = strtok(NULL, " ")) {
                if (!parse_key(k, &sym, &mod)) {
                    fprintf(stdout, "FAIL %s:%u: unknown key '%s'\n", name, lineno, k);
                    failed++;
                    break;
                }
                send_key(a, sym, mod);
            }
        } else if (!strcmp(cmd, "type")) {
            send_text(a, arg);
        } else if (!strcmp(cmd, "click")) {
            int x, y;
            char which[16] = "left";
            if (sscanf(arg, "%d %d %15s", &x, &y, which) < 2) {
                fprintf(stdout, "FAIL %s:%u: usage: click X Y [left|right|back|forward]\n", name, lineno);
                failed++;
                continue;
            }
            Uint8 button = !strcmp(which, "right") ? SDL_BUTTON_RIGHT
                         : !strcmp(which, "back") ? SDL_BUTTON_X1
                         : !strcmp(which, "forward") ? SDL_BUTTON_X2 : SDL_BUTTON_LEFT;
            send_click(a, x, y, button);
        } else if (!strcmp(cmd, "click-on") || !strcmp(cmd, "double-click-on") || !strcmp(cmd, "triple-click-on") ||
                   !strcmp(cmd, "shift-click-on")) {
            int x, y;
            if (!find_run(a, arg, &x, &y)) {
                fprintf(stdout, "FAIL %s:%u: no \"%s\" on the pages shown\n", name, lineno, arg);
                failed++;
                continue;
            }
            Uint8 clicks = cmd[0] == 'd' ? 2 : cmd[0] == 't' ? 3 : 1;
            if (clicks > 1)
                send_click_n(a, x, y, SDL_BUTTON_LEFT, 1, false);   /* the clicks before */
            if (clicks > 2)
                send_click_n(a, x, y, SDL_BUTTON_LEFT, 2, false);
            send_click_n(a, x, y, SDL_BUTTON_LEFT, clicks, cmd[0] == 's');
        } else if (!strcmp(cmd, "click-beside")) {
            /* DX px right of WORD's right edge (left of its left edge
             * when DX < 0), on its line: for targets that reach beyond
             * the ink, and for gaps between runs */
            char word[128];
            int dx, x, y;
            if (sscanf(arg, "%127s %d", word, &dx) != 2 || !find_run_as(a, word, true, dx < 0 ? -1 : 1, &x, &y)) {
                fprintf(stdout, "FAIL %s:%u: usage: click-beside WORD DX, with WORD on the pages shown\n", name,
                        lineno);
                failed++;
                continue;
            }
            send_click(a, x + dx + (dx < 0 ? -1 : 1), y, SDL_BUTTON_LEFT);
        } else if (!strcmp(cmd, "drag")) {
            int x1, y1, x2, y2;
            if (sscanf(arg, "%d %d %d %d", &x1, &y1, &x2, &y2) != 4) {
                fprintf(stdout, "FAIL %s:%u: usage: drag X1 Y1 X2 Y2\n", name, lineno);
                failed++;
                continue;
            }
            send_drag(a, x1, y1, x2, y2);
        } else if (!strcmp(cmd, "press") || !strcmp(cmd, "move") || !strcmp(cmd, "release")) {
            /* at X Y, or on WORD (its middle), or DX px beside it */
            int x, y, dx = 0;
            char word[128];
            bool at = sscanf(arg, "%d %d", &x, &y) == 2;
            int k = at ? 0 : sscanf(arg, "%127s %d", word, &dx);
            if (!at && (k < 1 || !(k == 1 ? find_run(a, word, &x, &y)
                                          : find_run_as(a, word, true, dx < 0 ? -1 : 1, &x, &y)))) {
                fprintf(stdout, "FAIL %s:%u: usage: %s X Y, or WORD [DX] with WORD on the pages shown\n", name,
                        lineno, cmd);
                failed++;
                continue;
            }
            x += dx;
            send_mouse(a, !strcmp(cmd, "press") ? SDL_MOUSEBUTTONDOWN
                          : !strcmp(cmd, "move") ? SDL_MOUSEMOTION : SDL_MOUSEBUTTONUP, x, y);
        } else if (!strcmp(cmd, "drag-on") || !strcmp(cmd, "drag-within")) {
            /* drag-on FIRST|LAST: from FIRST's first letter to LAST's
             * last; drag-within: from the middle of one to the other's */
            char *bar = strchr(arg, '|');
            int x1, y1, x2, y2, in = cmd[5] == 'w' ? 0 : 1;
            if (bar)
                *bar++ = '\0';
            if (!bar || !find_run_read(a, arg, -in, &x1, &y1) || !find_run_read(a, bar, in, &x2, &y2)) {
                fprintf(stdout, "FAIL %s:%u: usage: %s FIRST|LAST, both words on the pages shown\n", name, lineno,
                        cmd);
                failed++;
                continue;
            }
            send_drag(a, x1, y1, x2, y2);
        } else if (!strcmp(cmd, "wheel")) {
            SDL_Event ev = {0};
            ev.type = SDL_MOUSEWHEEL;
            float dy = 0, dx = 0;
            sscanf(arg, "%f %f", &dy, &dx);
            ev.wheel.preciseY = dy;
            ev.wheel.preciseX = dx;
            ev.wheel.y = (Sint32)dy;
            ev.wheel.x = (Sint32)dx;
            app_event(a, &ev);
        } else if (!strcmp(cmd, "resize")) {
            int w, h;
            if (sscanf(arg, "%d %d", &w, &h) != 2) {
                fprintf(stdout, "FAIL %s:%u: usage: resize W H\n", name, lineno);
                failed++;
                continue;
            }
            SDL_SetWindowSize(a->win, w, h);
            pump(a);
            app_resized(a);
        } else if (!strcmp(cmd, "drop")) {
            SDL_Event ev = {0};
            ev.type = SDL_DROPFILE;
            ev.drop.file = SDL_strdup(arg);
            app_event(a, &ev);
        } else if (!strcmp(cmd, "idle")) {
            finish_work(a);
        } else if (!strcmp(cmd, "advance")) {
            /* advance SECONDS: the reading clocks move on SECONDS, as if the
             * reader read that long (nothing runs meanwhile) */
            a->clock_shift_ms += (int64_t)(atof(arg) * 1000);
        } else if (!strcmp(cmd, "clock")) {
            /* the wall clock the statistics see reads TIME (UTC) now */
            struct tm tm = {0};
            const char *end = strptime(arg, "%Y-%m-%dT%H:%M:%SZ", &tm);
            if (end && !*end) {
                a->wall_shift += (int64_t)timegm(&tm) - reading_wall(a);
            } else {
                fprintf(stdout, "FAIL %s:%u: clock takes YYYY-MM-DDTHH:MM:SSZ, not '%s'\n", name, lineno, arg);
                failed++;
            }
        } else if (!strcmp(cmd, "wait")) {
            /* wait SECONDS: the window runs as it does between events */
            double secs = strtod(arg, NULL);
            uint32_t until = SDL_GetTicks() + (uint32_t)(secs > 0 && secs <= 600 ? secs * 1000 : 0);
            while (!SDL_TICKS_PASSED(SDL_GetTicks(), until)) {
                pump(a);
                if (!app_idle(a))
                    SDL_Delay(10);
            }
        } else if (!strcmp(cmd, "wait-toast")) {
            /* wait-toast SECONDS TEXT: the window runs as it does between
             * events (the worker, the sync folder's watcher) until a toast
             * shown after this command began holds TEXT */
            char *text = arg + strcspn(arg, " ");
            if (*text)
                *text++ = '\0';
            char *end;
            double secs = strtod(arg, &end);
            if (end == arg || *end || !(secs > 0 && secs <= 600) || !*text) {
                fprintf(stdout, "FAIL %s:%u: usage: wait-toast SECONDS TEXT\n", name, lineno);
                failed++;
            } else {
                unsigned seen = a->toasts;
                uint32_t until = SDL_GetTicks() + (uint32_t)(secs * 1000);
                bool got = false;
                while (!got && !SDL_TICKS_PASSED(SDL_GetTicks(), until)) {
                    pump(a);
                    bool more = app_idle(a);
                    got = a->toasts != seen && strstr(a->toast, text);
                    if (!more && !got)
                        SDL_Delay(10);
                }
                if (got) {
                    fprintf(stdout, "pass %s:%u: wait-toast %s\n", name, lineno, text);
                } else {
                    fprintf(stdout, "FAIL %s:%u: no toast \"%s\" within %g s, but \"%s\"\n", name, lineno, text,
                            secs, a->toast);
                    failed++;
                }
            }
        } else if (!strcmp(cmd, "print") && !strcmp(arg, "texts")) {
            /* every text of the frame: its part, box and words, for a
             * test to judge (tests/test_window.sh: nothing overlaps) */
            if (a->dirty)
                app_draw(a);
            size_t kept = a->ntexts < sizeof a->texts / sizeof a->texts[0] ? a->ntexts
                                                                             : sizeof a->texts / sizeof a->texts[0];
            fprintf(stdout, "texts %zu in %dx%d%s\n", a->ntexts, a->w, a->h, kept < a->ntexts ? " (not all kept)" : "");
            for (size_t i = 0; i < kept; i++) {
                const struct drawn_text *t = &a->texts[i];
                fprintf(stdout, "text %s %d %d %d %d %s\n", t->part, t->box.x, t->box.y, t->box.w, t->box.h, t->text);
            }
        } else if (!strcmp(cmd, "print")) {
            char s[600];
            state_line(a, s, sizeof s);
            fprintf(stdout, "%s\n", s);
        } else if (!strcmp(cmd, "expect")) {
            char *what = arg;
            char *rest = what + strcspn(what, " ");
            if (*rest)
                *rest++ = '\0';
            if (a->dirty)
                app_draw(a);
            char msg[300];
            if (expect(a, what, rest, msg, sizeof msg)) {
                fprintf(stdout, "pass %s:%u: %s %s\n", name, lineno, what, rest);
            } else {
                fprintf(stdout, "FAIL %s:%u: expected %s %s, but %s\n", name, lineno, what, rest, msg);
                failed++;
            }
        } else if (!strcmp(cmd, "shot")) {
            if (a->dirty)
                app_draw(a);
            SDL_Surface *s = SDL_GetWindowSurface(a->win);
            if (!s || IMG_SavePNG(s, arg) != 0) {
                fprintf(stdout, "FAIL %s:%u: cannot save %s: %s\n", name, lineno, arg, IMG_GetError());
                failed++;
            }
        } else if (!strcmp(cmd, "quit")) {
            a->quit = true;
        } else {
            fprintf(stdout, "FAIL %s:%u: unknown command '%s'\n", name, lineno, cmd);
            failed++;
        }
        fflush(stdout);
        if (a->dirty)
            app_draw(a);
    }
    finish_work(a);
    fprintf(stdout, "script %s: %u failed\n", name, failed);
    return failed ? 1 : 0;
}
