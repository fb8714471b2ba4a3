/* app_script.c — the window driven by a script (tests) or by a benchmark.
 *
 * A script is a text file of commands, one per line, that become the same
 * SDL events a person makes (keys, text, clicks, the wheel, resizes,
 * dropped files) and checks of what is on screen: the first words of the
 * page from the layout, the page number, the panel, pixels of the window.
 * It runs under any SDL video driver, including the headless `offscreen`
 * one the test suite uses. `rod read --script - BOOK < script`; see
 * `rod read --help` for the commands. The checks (`expect`) are
 * app_expect.c's; the benchmark is app_bench.c.
 */
#include <SDL_image.h>
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

/* script_find_run_as with the edge in reading order: -1 the word's first letter,
 * +1 its last, which a right-to-left run has on its left. */
static bool find_run_read(app *a, const char *text, int edge, int *x, int *y)
{
    int mx, my;
    if (!script_find_run(a, text, &mx, &my))
        return false;
    const rod_run *r = page_run_at(a, (int)(mx * a->pixel_ratio), (int)(my * a->pixel_ratio));
    if (r && (r->font.style & ROD_FONT_RTL))
        edge = -edge;
    return script_find_run_as(a, text, true, edge, x, y) || script_find_run_as(a, text, false, edge, x, y);
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
            if (!script_find_run(a, arg, &x, &y)) {
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
            if (sscanf(arg, "%127s %d", word, &dx) != 2 || !script_find_run_as(a, word, true, dx < 0 ? -1 : 1, &x, &y)) {
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
            if (!at && (k < 1 || !(k == 1 ? script_find_run(a, word, &x, &y)
                                          : script_find_run_as(a, word, true, dx < 0 ? -1 : 1, &x, &y)))) {
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
            if (script_expect(a, what, rest, msg, sizeof msg)) {
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
