/* app_panels.c — what opens over the page: go to (G), search (Ctrl+F or
 * /) and its results, the settings (S), the keys (F1) and a note's popup
 * (the contents are app_toc.c's).
 *
 * Each is an app_panel (app.h) exported at the end of the file and called
 * by app.c alone; they share one open, event and draw here, which tell
 * them apart by a->panel. Geometry is computed in one place (panel_box)
 * so drawing and clicking agree. Text fields use SDL text input, so any
 * keyboard layout and input method can type in them; text input is on
 * only while such a field is open (go to's and search's close ends it).
 * The note's popup shows a->note, set by the link that was followed
 * (app_nav.c). The lists, cards and cut text are app_widgets.c's. The
 * keys' panel wraps and scrolls in a window too small for it (help_layout).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "rod_buf.h"

enum { SET_FONT, SET_SIZE, SET_SPACING, SET_MARGIN, SET_JUSTIFY, SET_HYPHEN, SET_THEME, SET_SPREAD, SET_ROWS };

static const char *theme_label[ROD_THEME_COUNT] = {"Day", "Sepia", "Night", "Terok Nor"};
static const char *spread_label[SPREAD_COUNT] = {"One or two, by window", "One page", "Two pages"};

static const char *help_rows[][2] = {
    {"Right, Space, PgDn, click right", "next page"},
    {"Left, Shift+Space, PgUp, click left", "previous page"},
    {"Home, End", "start, end of the book"},
    {"Alt+Left, Alt+Right", "back, forward after a jump"},
    {"T", "contents (Left, Right: close, open)"},
    {"click, drag the bar at the bottom", "go to that place in the book"},
    {"G", "go to a page, a percentage or a position"},
    {"Ctrl+F or /", "search the book"},
    {"F3, Shift+F3", "next, previous match"},
    {"Ctrl+=, Ctrl+-, Ctrl+0", "larger, smaller, default text"},
    {"1 2 3 4", "Day, Sepia, Night, Terok Nor"},
    {"J, H, D", "justify, hyphenation, one or two pages"},
    {"S", "settings (Enter on Font: the faces)"},
    {"drag, double/triple click, Shift+click", "select text (across pages too)"},
    {"1-6 or the bar, N (with a selection)", "highlight in a colour, write a note"},
    {"click a highlight", "its note: recolour, edit, delete"},
    {"double click a word, W (with a selection)", "look it up in the dictionaries"},
    {"B, A, Ctrl+Z", "bookmark, all annotations, undo a delete"},
    {"I", "reading statistics: time, pages an hour, finished"},
    {"L", "the library"},
    {"in the library: type, Tab, Ctrl+G", "search as you type, sort, list or covers"},
    {"F11", "full screen"},
    {"Esc", "close a panel"},
    {"Q, Ctrl+Q", "quit (the page is remembered)"},
};

static int note_text(app *a, SDL_Surface *dst, int x0, int y, int width, int bottom, uint32_t ink);

/* The keys' panel as lines: two columns (the keys right-aligned against
 * their meanings) when the widest of each fit side by side, else each
 * key on its own lines in bold with its meaning wrapped under it, so a
 * small window wraps the panel instead of cutting it; the lines that do
 * not fit in the window scroll (Up, Down, PgUp, PgDn, Home, End, the
 * wheel). */
enum { HELP_MAX = 128 };
typedef struct help_line {
    char key[96], desc[96];     /* either or both; "" none */
} help_line;
typedef struct help_layout {
    help_line line[HELP_MAX];
    int n;
    bool columns;
    int key_w, gap;             /* columns: the keys' width and the gap after */
    int indent;                 /* stacked: the meanings' indent */
} help_layout;

/* s broken at spaces into lines of at most width (a word longer than a
 * line is cut with an ellipsis), appended to h as keys or meanings. */
static void help_wrap(app *a, help_layout *h, const char *s, int px, unsigned style, int width, bool key)
{
    char line[96] = "";
    while (*s && h->n < HELP_MAX) {
        while (*s == ' ')
            s++;
        size_t len = strcspn(s, " ");
        char trial[192];
        snprintf(trial, sizeof trial, "%s%s%.*s", line, *line ? " " : "", (int)len, s);
        if (*line && text_width(a, trial, px, style) > width) {
            snprintf(key ? h->line[h->n].key : h->line[h->n].desc, 96, "%s", line);
            h->n++;
            line[0] = '\0';
            continue;
        }
        snprintf(line, sizeof line, "%.*s", (int)sizeof line - 1, trial);
        fit_text(a, line, px, style, width);
        s += len;
    }
    if (*line && h->n < HELP_MAX) {
        snprintf(key ? h->line[h->n].key : h->line[h->n].desc, 96, "%s", line);
        h->n++;
    }
}

static void help_layout_of(app *a, int width, help_layout *h)
{
    int px = panel_px(a);
    int n = (int)(sizeof help_rows / sizeof help_rows[0]);
    memset(h, 0, sizeof *h);
    h->gap = px * 3 / 2;
    int desc_w = 0;
    for (int i = 0; i < n; i++) {
        int kw = text_width(a, help_rows[i][0], px, ROD_FONT_BOLD), dw = text_width(a, help_rows[i][1], px, 0);
        h->key_w = kw > h->key_w ? kw : h->key_w;
        desc_w = dw > desc_w ? dw : desc_w;
    }
    if (h->key_w + h->gap + desc_w <= width) {
        h->columns = true;
        for (int i = 0; i < n; i++) {
            snprintf(h->line[i].key, sizeof h->line[i].key, "%s", help_rows[i][0]);
            snprintf(h->line[i].desc, sizeof h->line[i].desc, "%s", help_rows[i][1]);
        }
        h->n = n;
        return;
    }
    h->indent = px;
    for (int i = 0; i < n; i++) {
        help_wrap(a, h, help_rows[i][0], px, ROD_FONT_BOLD, width, true);
        help_wrap(a, h, help_rows[i][1], px, 0, width - h->indent, false);
    }
}

typedef struct panel_box {
    SDL_Rect r;
    int row_h, first_y, rows;   /* list geometry */
    int lines;                  /* help: its lines (rows of them shown) */
} panel_box;

static panel_box panel_box_of(app *a)
{
    int px = panel_px(a);
    panel_box p = {.row_h = (int)(px * 1.75)};
    switch (a->panel) {
    case PANEL_GOTO:
    case PANEL_SEARCH:
    case PANEL_RESULTS: {
        int w = (int)fmin(a->w - 40, 860 * a->scale);
        int h = a->panel == PANEL_RESULTS ? a->h - 4 * px : 4 * px;
        p.r = (SDL_Rect){(a->w - w) / 2, 2 * px, w, h};
        p.first_y = p.r.y + 4 * px;
        break;
    }
    case PANEL_SETTINGS: {
        int w = (int)fmin(a->w - 40, 620 * a->scale);
        int h = (SET_ROWS + 3) * p.row_h;
        p.r = (SDL_Rect){(a->w - w) / 2, (a->h - h) / 2, w, h};
        p.first_y = p.r.y + 2 * p.row_h;
        break;
    }
    case PANEL_HELP: {
        /* as tall as its lines, up to the window less a little; the
         * lines then scroll, with a hint line at the bottom */
        int side = a->w < 600 ? 8 : 20;
        int w = (int)fmin(a->w - 2 * side, 760 * a->scale);
        help_layout *hl = malloc(sizeof *hl);
        int n = (int)(sizeof help_rows / sizeof help_rows[0]);
        if (hl) {
            help_layout_of(a, w - 2 * px, hl);
            n = hl->n;
            free(hl);
        }
        int h = (n + 3) * p.row_h, room = a->h - 2 * (a->h < 500 ? 4 : 20);
        p.r = (SDL_Rect){(a->w - w) / 2, 0, w, h < room ? h : room};
        p.r.y = (a->h - p.r.h) / 2;
        p.first_y = p.r.y + 2 * p.row_h;
        p.lines = n;
        break;
    }
    case PANEL_NOTE: {
        /* as tall as the note, up to half the window, above the footer */
        int w = (int)fmin(a->w - 40, 700 * a->scale);
        int lines = note_text(a, NULL, 0, 0, w - 2 * px, 0, 0);
        int h = (int)fmin(a->h * 0.5, (lines + 1) * (int)(px * 1.45) + 2 * px);
        p.r = (SDL_Rect){(a->w - w) / 2, a->h - h - a->margin_y, w, h};
        p.first_y = p.r.y + 2 * px;
        break;
    }
    default:
        break;
    }
    p.rows = p.row_h > 0 ? (p.r.y + p.r.h - p.first_y - px) / p.row_h : 0;
    if (a->panel == PANEL_HELP && p.rows < p.lines)
        p.rows--;   /* the hint line under them */
    if (p.rows < 1)
        p.rows = 1;
    return p;
}

static int row_count(app *a)
{
    switch (a->panel) {
    case PANEL_RESULTS:
        return a->book ? (int)a->book->hits.n : 0;
    case PANEL_SETTINGS:
        return SET_ROWS;
    default:
        return 0;
    }
}

static void keep_visible(app *a)
{
    list_clamp(&a->sel, &a->scroll, row_count(a), panel_box_of(a).rows);
}

/* Every panel of this file opens here: a->panel is kind, sel and scroll
 * are 0 (app.c's panel_open). */
static void box_open(app *a)
{
    panel_kind kind = a->panel;
    if (kind == PANEL_GOTO || kind == PANEL_SEARCH) {
        a->input[0] = '\0';
        if (kind == PANEL_SEARCH && a->book->query[0])
            snprintf(a->input, sizeof a->input, "%s", a->book->query);
        a->input_fresh = a->input[0] != '\0';
        SDL_StartTextInput();
    } else {
        SDL_StopTextInput();
    }
    if (kind == PANEL_RESULTS) {
        a->sel = (int)a->book->hit;
        keep_visible(a);
    }
}

/* Go to and search: their text field closes with them. */
static void field_close(app *a)
{
    (void)a;
    SDL_StopTextInput();
}

/* ---- actions ---- */

static void go_to(app *a)
{
    book *b = a->book;
    char *s = a->input;
    while (*s == ' ')
        s++;
    size_t len = strlen(s);
    while (len && s[len - 1] == ' ')
        s[--len] = '\0';
    char *end;
    if (len && s[len - 1] == '%') {
        double f = strtod(s, &end);
        if (end != s + len - 1 || !(f >= 0 && f <= 100)) {
            app_toast(a, "Give a percentage from 0 to 100");
            return;
        }
        panel_close(a);
        nav_jump(a, book_pos_at(b, f / 100), true);
        return;
    }
    if (strchr(s, ':')) {
        unsigned long blk, off;
        char tail;
        if (sscanf(s, "%lu:%lu%c", &blk, &off, &tail) != 2 || !rod_doc_pos_valid(b->doc, (rod_pos){blk, off})) {
            app_toast(a, "%s is not a position in this book", s);
            return;
        }
        panel_close(a);
        nav_jump(a, (rod_pos){blk, off}, true);
        return;
    }
    unsigned long n = strtoul(s, &end, 10);
    if (end == s || *end || n == 0) {
        app_toast(a, "Type a page number, a percentage like 40%%, or a position like 12:0");
        return;
    }
    const rod_page *p = rod_layout_page(b->layout, n - 1);
    if (!p) {
        app_toast(a, "The book has %zu pages at these settings", rod_layout_page_count(b->layout));
        return;
    }
    panel_close(a);
    nav_jump(a, p->start, true);
}

static void search_run(app *a)
{
    book *b = a->book;
    snprintf(b->query, sizeof b->query, "%s", a->input);
    rod_hits_free(&b->hits);
    b->show_hit = false;
    uint64_t t0 = SDL_GetPerformanceCounter();
    const char *lang = rod_node_lang(b->doc->root);
    if (!rod_book_search(b->doc, b->query, strcmp(lang, "und") ? lang : NULL, 10000, &b->hits))
        app_toast(a, "Search stopped: out of memory");
    double ms = (double)(SDL_GetPerformanceCounter() - t0) * 1000 / (double)SDL_GetPerformanceFrequency();
    a->gen++;
    if (b->hits.n == 0) {
        app_toast(a, "No matches for “%s”", b->query);
        return;
    }
    /* start at the first match from the reading position on */
    b->hit = 0;
    while (b->hit < b->hits.n && rod_pos_cmp(b->hits.v[b->hit].start, b->anchor) < 0)
        b->hit++;
    if (b->hit == b->hits.n)
        b->hit = 0;
    app_toast(a, "%zu%s match%s in %.0f ms", b->hits.n, b->hits.truncated ? "+" : "",
              b->hits.n == 1 ? "" : "es", ms);
    panel_open(a, PANEL_RESULTS);
}

static void show_hit(app *a, size_t i, bool history)
{
    book *b = a->book;
    b->hit = i;
    b->show_hit = true;
    a->gen++;
    nav_jump(a, b->hits.v[i].start, history);
}

void search_step(app *a, int dir)
{
    book *b = a->book;
    if (!b || b->hits.n == 0) {
        app_toast(a, "No search yet: Ctrl+F to search");
        return;
    }
    size_t n = b->hits.n;
    size_t i = b->show_hit ? (b->hit + n + (size_t)(dir > 0 ? 1 : n - 1)) % n : b->hit;
    show_hit(a, i, false);
    app_toast(a, "Match %zu of %zu", i + 1, n);
}

static void settings_change(app *a, int row, int dir)
{
    rod_settings *s = &a->set;
    bool relayout = true;
    switch (row) {
    case SET_FONT:
        /* the list of faces, each drawn in itself (app_fonts.c) */
        panel_open(a, PANEL_FONTS);
        return;
    case SET_SIZE:
        s->size += dir;
        break;
    case SET_SPACING:
        s->spacing = round((s->spacing + 0.05 * dir) * 100) / 100;
        break;
    case SET_MARGIN:
        s->margin += 8 * dir;
        break;
    case SET_JUSTIFY:
        s->justify = !s->justify;
        break;
    case SET_HYPHEN:
        s->hyphenate = !s->hyphenate;
        break;
    case SET_THEME:
        s->theme = (rod_theme)(((int)s->theme + dir + ROD_THEME_COUNT) % ROD_THEME_COUNT);
        relayout = false;
        break;
    case SET_SPREAD:
        s->spread = (spread_mode)(((int)s->spread + dir + SPREAD_COUNT) % SPREAD_COUNT);
        break;
    }
    app_settings_changed(a, relayout);
}

static void activate_row(app *a, int row)
{
    book *b = a->book;
    if (a->panel == PANEL_RESULTS && row >= 0 && (size_t)row < b->hits.n) {
        panel_close(a);
        show_hit(a, (size_t)row, true);
    } else if (a->panel == PANEL_SETTINGS) {
        settings_change(a, row, 1);
    }
}

static bool box_event(app *a, const SDL_Event *ev)
{
    panel_box p = panel_box_of(a);
    int n = row_count(a);
    if (ev->type == SDL_TEXTINPUT && (a->panel == PANEL_GOTO || a->panel == PANEL_SEARCH)) {
        if (a->input_fresh)
            a->input[0] = '\0';
        a->input_fresh = false;
        size_t have = strlen(a->input), add = strlen(ev->text.text);
        if (have + add < sizeof a->input)
            memcpy(a->input + have, ev->text.text, add + 1);
        a->dirty = true;
        return true;
    }
    if (a->panel == PANEL_HELP && (ev->type == SDL_MOUSEWHEEL || ev->type == SDL_KEYDOWN)) {
        /* the keys scroll when they do not fit; any other key closes */
        int step = 0;
        if (ev->type == SDL_MOUSEWHEEL) {
            step = -ev->wheel.y * 3;
        } else {
            switch (ev->key.keysym.sym) {
            case SDLK_DOWN: step = 1; break;
            case SDLK_UP: step = -1; break;
            case SDLK_PAGEDOWN: case SDLK_SPACE: step = p.rows > 1 ? p.rows - 1 : 1; break;
            case SDLK_PAGEUP: step = p.rows > 1 ? 1 - p.rows : -1; break;
            case SDLK_HOME: step = -p.lines; break;
            case SDLK_END: step = p.lines; break;
            default:
                panel_close(a);
                return true;
            }
        }
        list_scroll(&a->scroll, -step, p.lines, p.rows);
        a->dirty = true;
        return true;
    }
    if (ev->type == SDL_MOUSEWHEEL && n > 0) {
        list_scroll(&a->scroll, ev->wheel.y * 3, n, p.rows);
        a->dirty = true;
        return true;
    }
    if (ev->type == SDL_MOUSEBUTTONDOWN) {
        int x = (int)(ev->button.x * a->pixel_ratio), y = (int)(ev->button.y * a->pixel_ratio);
        bool inside = x >= p.r.x && x < p.r.x + p.r.w && y >= p.r.y && y < p.r.y + p.r.h;
        if (!inside || a->panel == PANEL_HELP || a->panel == PANEL_NOTE) {
            panel_close(a);
            return true;
        }
        if (n > 0 && y >= p.first_y - p.row_h * 2 / 3) {
            int row = a->scroll + (y - (p.first_y - p.row_h * 2 / 3)) / p.row_h;
            if (row < n) {
                a->sel = row;
                if (a->panel == PANEL_SETTINGS)
                    settings_change(a, row, x < p.r.x + p.r.w / 2 ? -1 : 1);
                else
                    activate_row(a, row);
            }
        }
        a->dirty = true;
        return true;
    }
    if (ev->type != SDL_KEYDOWN)
        return panel_swallows(ev);
    SDL_Keycode k = ev->key.keysym.sym;
    a->dirty = true;
    if (k == SDLK_ESCAPE || (a->panel == PANEL_HELP) || (a->panel == PANEL_NOTE && k == SDLK_RETURN)) {
        panel_close(a);
        return true;
    }
    if (a->panel == PANEL_SETTINGS && k == SDLK_s) {
        panel_close(a);
        return true;
    }
    if (a->panel == PANEL_GOTO || a->panel == PANEL_SEARCH) {
        if (k == SDLK_BACKSPACE)
            delete_last_char(a->input);
        if (k != SDLK_RETURN && k != SDLK_KP_ENTER)
            a->input_fresh = false;     /* editing the old text instead */
        else if (k == SDLK_RETURN || k == SDLK_KP_ENTER)
            a->panel == PANEL_GOTO ? go_to(a) : search_run(a);
        return true;
    }
    if (a->panel == PANEL_RESULTS && (k == SDLK_BACKSPACE || k == SDLK_SLASH || k == SDLK_f)) {
        panel_open(a, PANEL_SEARCH);
        return true;
    }
    if (list_move(k, &a->sel, &a->scroll, n, p.rows))
        return true;
    switch (k) {
    case SDLK_LEFT:
    case SDLK_RIGHT:
        if (a->panel == PANEL_SETTINGS)
            settings_change(a, a->sel, k == SDLK_LEFT ? -1 : 1);
        break;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
    case SDLK_SPACE:
        activate_row(a, a->sel);
        return true;
    default:
        break;
    }
    keep_visible(a);
    return true;
}

/* ---- drawing ---- */

static void select_bar(SDL_Surface *dst, panel_box *p, int y, rod_palette pal)
{
    SDL_Rect bar = {p->r.x + 1, y - p->row_h * 2 / 3, p->r.w - 2, p->row_h};
    SDL_FillRect(dst, &bar, app_rgb(dst, app_mix(pal.page, pal.link, 0.16)));
}

static void draw_input(app *a, SDL_Surface *dst, panel_box *p, rod_palette pal, const char *prompt)
{
    int px = panel_px(a);
    int y = p->r.y + (int)(2.4 * px);
    int x = p->r.x + px;
    x += draw_text(a, dst, prompt, x, y, px, ROD_FONT_SMALLCAPS, pal.faint, 0);
    x += px / 2;
    x += draw_text(a, dst, a->input, x, y, px, 0, pal.ink, 0);
    if (a->panel != PANEL_RESULTS) {
        SDL_Rect caret = {x + 2, y - px, a->scale >= 2 ? 2 : 1, px + px / 4};
        SDL_FillRect(dst, &caret, app_rgb(dst, pal.ink));
    }
}

/* One result: "…words before MATCH words after…" with the match bold. */
static void draw_result(app *a, SDL_Surface *dst, int x, int y, int width, const rod_hit *h, rod_palette pal)
{
    book *b = a->book;
    const rod_block *blk = &b->doc->blocks[h->start.block];
    size_t hs = rod_doc_pos_byte(b->doc, h->start), he = rod_doc_pos_byte(b->doc, h->end);
    int px = panel_px(a);
    char page[32];
    page_label(a, h->start, page, sizeof page);
    draw_text(a, dst, page, x + 3 * px, y, px, APP_TEXT_FIGURES, pal.faint, 2);
    x += 4 * px;
    width -= 4 * px;
    size_t from = hs > 70 ? hs - 70 : 0;
    while (from > 0 && from < hs && ((unsigned char)blk->text[from] & 0xC0) == 0x80)
        from++;
    while (from > 0 && from < hs && blk->text[from - 1] != ' ')
        from++;
    char before[160], match[160], after[200];
    snprintf(before, sizeof before, "%s%.*s", from > 0 ? "…" : "", (int)(hs - from), blk->text + from);
    snprintf(match, sizeof match, "%.*s", (int)(he - hs < 150 ? he - hs : 150), blk->text + hs);
    size_t rest = blk->len - he;
    snprintf(after, sizeof after, "%.*s", (int)(rest < 150 ? rest : 150), blk->text + he);
    for (char *c = before; *c; c++)
        if (*c == '\n')
            *c = ' ';
    for (char *c = after; *c; c++)
        if (*c == '\n')
            *c = ' ';
    /* keep the match in view: drop words from the front while too long */
    int wm = text_width(a, match, px, ROD_FONT_BOLD);
    while (text_width(a, before, px, 0) + wm > width * 2 / 3) {
        char *sp = strchr(before + (before[0] == '\xe2' ? 3 : 0), ' ');
        if (!sp)
            break;
        memmove(before + 3, sp + 1, strlen(sp + 1) + 1);
        memcpy(before, "…", 3);
    }
    /* the row in the paragraph's direction, cut to the width at its
     * logical end; the match kept in view above */
    char row[520];
    size_t mf = strlen(before), mt = mf + strlen(match);
    snprintf(row, sizeof row, "%s%s%s", before, match, after);
    fit_text(a, row, px, 0, width);
    if (mt > strlen(row))
        mt = strlen(row);
    if (mf > mt)
        mf = mt;
    rod_dir dir = rod_node_dir(blk->node);
    if (dir != ROD_DIR_RTL && dir != ROD_DIR_LTR)
        dir = rod_layout_label_rtl(blk->text, blk->len, ROD_DIR_AUTO) ? ROD_DIR_RTL : ROD_DIR_LTR;
    a->text_dir = dir;
    draw_text_marked(a, dst, row, mf, mt, x, y, width, px, pal.ink, pal.link);
    a->text_dir = ROD_DIR_AUTO;
}

static void draw_settings(app *a, SDL_Surface *dst, panel_box *p, rod_palette pal)
{
    int px = panel_px(a);
    const rod_settings *s = &a->set;
    draw_text(a, dst, "Settings", p->r.x + px, p->r.y + p->row_h, px, ROD_FONT_SMALLCAPS, pal.faint, 0);
    for (int row = 0; row < SET_ROWS; row++) {
        int y = p->first_y + row * p->row_h;
        if (row == a->sel)
            select_bar(dst, p, y, pal);
        static const char *names[SET_ROWS] = {"Font", "Size", "Line spacing", "Margins", "Alignment",
                                              "Hyphenation", "Theme", "Pages"};
        char value[160];
        switch (row) {
        case SET_FONT:
            snprintf(value, sizeof value, "%s", s->font[0] ? s->font : rod_fonts_family(a->fonts, ROD_FAMILY_BOOK));
            if (!s->font[0])
                strncat(value, " (default)", sizeof value - strlen(value) - 1);
            break;
        case SET_SIZE:
            snprintf(value, sizeof value, "%d px", s->size);
            break;
        case SET_SPACING:
            snprintf(value, sizeof value, "%.2f", s->spacing);
            break;
        case SET_MARGIN:
            snprintf(value, sizeof value, "%d px", s->margin);
            break;
        case SET_JUSTIFY:
            snprintf(value, sizeof value, "%s", s->justify ? "Justified" : "Ragged right");
            break;
        case SET_HYPHEN:
            snprintf(value, sizeof value, "%s", s->hyphenate ? "On" : "Off");
            break;
        case SET_THEME:
            snprintf(value, sizeof value, "%s", theme_label[s->theme]);
            break;
        default:
            snprintf(value, sizeof value, "%s", spread_label[s->spread]);
            break;
        }
        draw_text(a, dst, names[row], p->r.x + px, y, px, 0, pal.faint, 0);
        char shown[200];
        /* the font opens a list (app_fonts.c); the rest step left, right */
        snprintf(shown, sizeof shown, row == SET_FONT ? "%s  ›" : "‹  %s  ›", value);
        draw_text(a, dst, shown, p->r.x + p->r.w - px, y, px, 0, pal.ink, 2);
    }
    draw_text(a, dst, "Up, Down to choose; Left, Right to change; Esc to close", p->r.x + p->r.w / 2,
              p->r.y + p->r.h - p->row_h / 2, (int)(px * 0.85), ROD_FONT_ITALIC, pal.faint, 1);
}

static void draw_help(app *a, SDL_Surface *dst, panel_box *p, rod_palette pal)
{
    int px = panel_px(a);
    help_layout *h = malloc(sizeof *h);
    if (!h)
        return;
    help_layout_of(a, p->r.w - 2 * px, h);
    draw_text(a, dst, "Keys", p->r.x + px, p->r.y + p->row_h, px, ROD_FONT_SMALLCAPS, pal.faint, 0);
    /* the two columns centred in the panel, or the lines at its left */
    int desc_w = 0;
    for (int i = 0; i < h->n && h->columns; i++) {
        int w = text_width(a, h->line[i].desc, px, 0);
        desc_w = w > desc_w ? w : desc_w;
    }
    int x0 = h->columns ? p->r.x + (p->r.w - h->key_w - h->gap - desc_w) / 2 : p->r.x + px;
    list_scroll(&a->scroll, 0, h->n, p->rows);     /* within the lines (the window may have grown) */
    for (int i = 0; i < p->rows && a->scroll + i < h->n; i++) {
        const help_line *l = &h->line[a->scroll + i];
        int y = p->first_y + i * p->row_h;
        if (h->columns) {
            draw_text(a, dst, l->key, x0 + h->key_w, y, px, ROD_FONT_BOLD, pal.ink, 2);
            draw_text(a, dst, l->desc, x0 + h->key_w + h->gap, y, px, 0, pal.ink, 0);
        } else if (l->key[0]) {
            draw_text(a, dst, l->key, x0, y, px, ROD_FONT_BOLD, pal.ink, 0);
        } else {
            draw_text(a, dst, l->desc, x0 + h->indent, y, px, 0, pal.ink, 0);
        }
    }
    if (p->rows < h->n) {
        /* more than the window holds: a scroll bar and how to move */
        int top = p->first_y - p->row_h * 2 / 3, track = p->rows * p->row_h;
        int thumb = track * p->rows / h->n, at = top + track * a->scroll / h->n;
        int x = p->r.x + p->r.w - px / 2 - 2;
        SDL_FillRect(dst, &(SDL_Rect){x, top, 2, track}, app_rgb(dst, app_mix(pal.page, pal.faint, 0.3)));
        SDL_FillRect(dst, &(SDL_Rect){x - 1, at, 4, thumb > 8 ? thumb : 8}, app_rgb(dst, pal.faint));
        char hint[96] = "Up, Down, PgUp, PgDn to scroll; Esc closes";
        fit_text(a, hint, (int)(px * 0.8), ROD_FONT_ITALIC, p->r.w - 2 * px);
        draw_text(a, dst, hint, p->r.x + p->r.w / 2, p->first_y + p->rows * p->row_h, (int)(px * 0.8),
                  ROD_FONT_ITALIC, pal.faint, 1);
    }
    free(h);
}

/* The note's text wrapped to width: drawn from baseline y when dst is
 * not NULL; returns the number of lines. */
static int note_text(app *a, SDL_Surface *dst, int x0, int y, int width, int bottom, uint32_t ink)
{
    rod_buf text = ROD_BUF_INIT;
    book_note_text(a->book, a->note, &text);
    int lines = wrap_text(a, dst, text.data ? text.data : "", x0, y, width, bottom, panel_px(a), 0, ink);
    rod_buf_free(&text);
    return lines;
}

static void draw_note(app *a, SDL_Surface *dst, panel_box *p, rod_palette pal)
{
    int px = panel_px(a);
    note_text(a, dst, p->r.x + px, p->first_y, p->r.w - 2 * px, p->r.y + p->r.h - px / 2, pal.ink);
    draw_text(a, dst, "Esc or a click closes the note", p->r.x + p->r.w - px, p->r.y + p->r.h - px / 2,
              (int)(px * 0.75), ROD_FONT_ITALIC, pal.faint, 2);
}

static void box_draw(app *a, SDL_Surface *dst)
{
    rod_palette pal = rod_theme_palette(a->set.theme);
    panel_box p = panel_box_of(a);
    panel_card(dst, p.r, pal);
    int px = panel_px(a);
    switch (a->panel) {
    case PANEL_GOTO:
        draw_input(a, dst, &p, pal, "Go to");
        draw_text(a, dst, "a page (42), a percentage (40%) or a position (12:0); Enter", p.r.x + p.r.w - px,
                  p.r.y + (int)(3.4 * px), (int)(px * 0.8), ROD_FONT_ITALIC, pal.faint, 2);
        break;
    case PANEL_SEARCH:
        draw_input(a, dst, &p, pal, "Search");
        draw_text(a, dst, "case and accents do not matter; Enter", p.r.x + p.r.w - px, p.r.y + (int)(3.4 * px),
                  (int)(px * 0.8), ROD_FONT_ITALIC, pal.faint, 2);
        break;
    case PANEL_RESULTS: {
        book *b = a->book;
        snprintf(a->input, sizeof a->input, "%s", b->query);
        draw_input(a, dst, &p, pal, "Search");
        for (int i = 0; i < p.rows && a->scroll + i < (int)b->hits.n; i++) {
            int row = a->scroll + i;
            int y = p.first_y + i * p.row_h;
            if (row == a->sel)
                select_bar(dst, &p, y, pal);
            draw_result(a, dst, p.r.x + px / 2, y, p.r.w - px, &b->hits.v[row], pal);
        }
        break;
    }
    case PANEL_SETTINGS:
        draw_settings(a, dst, &p, pal);
        break;
    case PANEL_HELP:
        draw_help(a, dst, &p, pal);
        break;
    case PANEL_NOTE:
        draw_note(a, dst, &p, pal);
        break;
    default:
        break;
    }
}

/* ---- the panels, for app.c ---- */

const app_panel panel_goto = {"goto", false, box_open, box_event, box_draw, field_close, NULL};
const app_panel panel_search = {"search", false, box_open, box_event, box_draw, field_close, NULL};
/* For scripts: a result as "12 | the match" (its page, "…" while it is
 * not known, and the words matched). */
static bool results_row(app *a, int i, char *out, size_t n)
{
    book *b = a->book;
    if (a->panel != PANEL_RESULTS || i < 0 || (size_t)i >= b->hits.n)
        return false;
    const rod_hit *h = &b->hits.v[i];
    const rod_block *blk = &b->doc->blocks[h->start.block];
    size_t hs = rod_doc_pos_byte(b->doc, h->start);
    size_t he = h->end.block == h->start.block ? rod_doc_pos_byte(b->doc, h->end) : blk->len;
    if (he < hs)
        he = hs;
    char page[32];
    page_label(a, h->start, page, sizeof page);
    snprintf(out, n, "%s | %.*s", page, (int)(he - hs < 200 ? he - hs : 200), blk->text + hs);
    return true;
}

const app_panel panel_results = {"results", false, box_open, box_event, box_draw, NULL, results_row};
const app_panel panel_settings = {"settings", true, box_open, box_event, box_draw, NULL, NULL};
const app_panel panel_help = {"help", true, box_open, box_event, box_draw, NULL, NULL};
const app_panel panel_note = {"note", false, box_open, box_event, box_draw, NULL, NULL};
