/* app_define.c — the look-up popup: a word's entries in the dictionaries.
 *
 * A double click on a word selects it (app_select.c) and opens this panel;
 * W does the same for any selection. Its input is the selection: the
 * word is its text, the language that of the word's block (rod_node_lang),
 * so a French quotation in an English book is looked up in the French
 * dictionary. lookup/ (rod_lookup.h) does the looking up, here on the main
 * thread: it bisects indexes already on disk and inflates a chunk or two,
 * about 0.1 s with gcide and wn opened afresh each time; nothing is kept
 * between looks, so the panel owns nothing once closed.
 *
 * The entries are reflowed for the popup: dictd's text is wrapped at 72
 * columns with indentation, so lines are joined into paragraphs again, a
 * new one at a blank line or a numbered sense ("2.", "n 1:"). The popup
 * scrolls (Up, Down, PgUp, PgDn, the wheel). It sits in the half of the
 * window away from the click, and it does not keep the reader from
 * going on with the selection: any other key or a click outside it
 * closes it and goes on to the page, so "double click, 2" still
 * highlights the word in green. When nothing is found it says so and
 * Enter searches the book for the word (the search panel, filled in).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "rod_lookup.h"

enum { WORD_MAX = 120, TEXT_MAX = 6000 };

struct define_view {
    char word[WORD_MAX + 1];
    char lang[32];
    char *title;                /* "house — gcide, wn" */
    char **para;                /* per entry: a label line, then the text */
    unsigned *style;
    size_t n;
    char *empty;                /* nothing found: why, or NULL */
    int measured_w, lines;      /* total lines at that width */
    int *para_lines;
};

typedef struct define_box {
    SDL_Rect card, text;
    int px, lh;
} define_box;

static void measure(app *a, struct define_view *v, int width, int px);

/* The card: as tall as its text, at most under half the window. */
static define_box box_of(app *a, struct define_view *v)
{
    define_box b = {.px = panel_px(a)};
    b.lh = (int)(b.px * 1.45);
    int w = (int)fmin(a->w - 40, 600 * a->scale);
    measure(a, v, w - 2 * b.px, b.px);
    int chrome = 2 * b.px + 2 * b.lh + b.px / 2;
    int h = (int)fmin(fmin(a->h * 0.46, 26 * b.lh + 4 * b.px), chrome + (v->lines + 1) * b.lh);
    int y = a->press_y < a->h / 2 ? a->h - h - 2 * b.px : 2 * b.px;
    b.card = (SDL_Rect){(a->w - w) / 2, y, w, h};
    b.text = (SDL_Rect){b.card.x + b.px, b.card.y + b.px + b.lh + b.px / 2, w - 2 * b.px,
                        h - 2 * b.px - b.lh - b.lh};
    return b;
}

/* A sense starts a paragraph: "2.", "n 1:", "adj 3:", "1:" */
static bool sense_start(const char *s)
{
    const char *p = s;
    while (*p >= 'a' && *p <= 'z')
        p++;
    if (p > s && *p == ' ')
        p++;
    const char *d = p;
    while (*p >= '0' && *p <= '9')
        p++;
    return p > d && (*p == '.' || *p == ':');
}

/* gcide's line naming the source of a sense, "[1913 Webster]", "[PJC]":
 * a line of its own after every sense, which in a small popup takes a
 * third of the room (`rod define` keeps it). */
static bool source_line(const char *t, const char *e)
{
    if (e - t < 3 || t[0] != '[' || e[-1] != ']' || memchr(t + 1, '[', (size_t)(e - t - 1)))
        return false;
    for (const char *p = t; p < e; p++)
        if ((e - p >= 7 && !memcmp(p, "Webster", 7)) || (e - p >= 3 && !memcmp(p, "PJC", 3)))
            return true;
    return false;
}

/* dictd's hard-wrapped text as paragraphs separated by '\n'. */
static char *reflow(const char *text)
{
    size_t len = strlen(text);
    if (len > TEXT_MAX)
        len = TEXT_MAX;
    char *out = malloc(len + 8);
    if (!out)
        return NULL;
    size_t k = 0;
    bool blank = false;
    for (const char *s = text; s < text + len;) {
        const char *e = memchr(s, '\n', (size_t)(text + len - s));
        if (!e)
            e = text + len;
        const char *t = s;
        while (t < e && (*t == ' ' || *t == '\t'))
            t++;
        if (t == e) {
            blank = k > 0;
        } else if (source_line(t, e)) {
            /* left out */
        } else {
            if (k > 0)
                out[k++] = blank || sense_start(t) ? '\n' : ' ';
            memcpy(out + k, t, (size_t)(e - t));
            k += (size_t)(e - t);
            blank = false;
        }
        s = e + 1;
    }
    if (strlen(text) > TEXT_MAX)
        memcpy(out + k, " \xe2\x80\xa6", 4), k += 4;
    out[k] = '\0';
    return out;
}

static void view_free(struct define_view *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++)
        free(v->para[i]);
    free(v->para);
    free(v->style);
    free(v->para_lines);
    free(v->title);
    free(v->empty);
    free(v);
}

static bool add_para(struct define_view *v, char *text, unsigned style)
{
    if (!text)
        return false;
    char **p = realloc(v->para, (v->n + 1) * sizeof *p);
    unsigned *s = p ? realloc(v->style, (v->n + 1) * sizeof *s) : NULL;
    if (p)
        v->para = p;
    if (s)
        v->style = s;
    if (!p || !s) {
        free(text);
        return false;
    }
    v->para[v->n] = text;
    v->style[v->n++] = style;
    return true;
}

/* The word of the selection: its text, spaces at the ends trimmed. */
static bool selected_word(app *a, char *out, size_t n, rod_pos *at)
{
    rod_pos s, e;
    rod_buf t = ROD_BUF_INIT;
    if (!sel_range(a, &s, &e) || !sel_text(a, &t) || !t.data) {
        rod_buf_free(&t);
        return false;
    }
    const char *p = t.data;
    while (*p == ' ' || *p == '\n' || *p == '\t')
        p++;
    size_t len = strlen(p);
    while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\n' || p[len - 1] == '\t'))
        len--;
    bool ok = len > 0 && len < n;
    if (ok)
        snprintf(out, n, "%.*s", (int)len, p);
    rod_buf_free(&t);
    *at = s;
    return ok;
}

static void define_open(app *a)
{
    SDL_StopTextInput();
    view_free(a->define);
    a->define = NULL;
    a->define_text[0] = '\0';
    struct define_view *v = calloc(1, sizeof *v);
    rod_pos at;
    if (!v || !selected_word(a, v->word, sizeof v->word, &at)) {
        free(v);
        app_toast(a, "Select a word to look it up");
        panel_close(a);
        return;
    }
    a->define = v;
    snprintf(v->lang, sizeof v->lang, "%s", rod_node_lang(a->book->doc->blocks[at.block].node));
    rod_lookup_opts o = {.book_lang = v->lang, .dict_dir = getenv("ROD_DICT_DIR"),
                         .hunspell_dir = getenv("ROD_HUNSPELL_DIR")};
    rod_lookup *l = NULL;
    char err[1024];
    rod_lookup_err e = rod_lookup_open(&o, &l, err, sizeof err);
    rod_definitions defs = {0};
    if (e == ROD_LOOKUP_OK)
        e = rod_lookup_define(l, v->word, &defs, err, sizeof err);
    size_t tl = strlen(v->word) + 64 + (l ? strlen(rod_lookup_dicts(l)) : 0);
    v->title = malloc(tl);
    if (v->title)
        snprintf(v->title, tl, "%s \xe2\x80\x94 %s", v->word, l ? rod_lookup_dicts(l) : "no dictionary");
    if (e != ROD_LOOKUP_OK) {
        v->empty = strdup(err);
    } else if (defs.n == 0) {
        size_t m = strlen(v->word) + strlen(rod_lookup_dicts(l)) + 64;
        if ((v->empty = malloc(m)))
            snprintf(v->empty, m, "No entry for \xe2\x80\x9c%s\xe2\x80\x9d in %s.", v->word, rod_lookup_dicts(l));
    }
    for (size_t i = 0; i < defs.n; i++) {
        const rod_definition *d = &defs.v[i];
        size_t m = strlen(d->dict) + strlen(d->headword) + strlen(v->word) + 64;
        char *label = malloc(m);
        if (label)
            snprintf(label, m, "%s: %s%s%s%s", d->dict, d->headword,
                     d->via == ROD_VIA_STEM ? " (the stem of \xe2\x80\x9c" : d->via == ROD_VIA_REF ? " (referred to)" : "",
                     d->via == ROD_VIA_STEM ? v->word : "", d->via == ROD_VIA_STEM ? "\xe2\x80\x9d)" : "");
        if (!add_para(v, label, ROD_FONT_ITALIC) || !add_para(v, reflow(d->text), 0))
            break;
    }
    /* what a script can check: the start of what is shown */
    const char *first = v->empty ? v->empty : v->n > 1 ? v->para[1] : "";
    snprintf(a->define_text, sizeof a->define_text, "%s", first);
    rod_definitions_clear(&defs);
    rod_lookup_free(l);
}

static void define_close(app *a)
{
    view_free(a->define);
    a->define = NULL;
}

static void measure(app *a, struct define_view *v, int width, int px)
{
    if (v->measured_w == width && v->para_lines)
        return;
    free(v->para_lines);
    v->para_lines = calloc(v->n + 1, sizeof *v->para_lines);
    v->lines = 0;
    for (size_t i = 0; v->para_lines && i < v->n; i++) {
        v->para_lines[i] = wrap_text(a, NULL, v->para[i], 0, 0, width, 0, px, v->style[i], 0);
        v->lines += v->para_lines[i] + (i % 2 == 1);    /* a gap after each entry */
    }
    if (v->empty)
        v->lines += wrap_text(a, NULL, v->empty, 0, 0, width, 0, px, 0, 0);
    v->measured_w = width;
}

static int rows_shown(const define_box *b)
{
    return b->text.h / b->lh;
}

static void search_book(app *a)
{
    char word[WORD_MAX + 1];
    snprintf(word, sizeof word, "%s", a->define->word);
    panel_close(a);
    snprintf(a->book->query, sizeof a->book->query, "%s", word);
    panel_open(a, PANEL_SEARCH);
}

static bool define_event(app *a, const SDL_Event *ev)
{
    struct define_view *v = a->define;
    if (!v)
        return false;
    define_box b = box_of(a, v);
    int rows = rows_shown(&b), max = v->lines - rows > 0 ? v->lines - rows : 0;
    if (ev->type == SDL_KEYDOWN) {
        SDL_Keycode k = ev->key.keysym.sym;
        int step = k == SDLK_DOWN ? 1 : k == SDLK_UP ? -1 : k == SDLK_PAGEDOWN ? rows - 1
                 : k == SDLK_PAGEUP ? -(rows - 1) : 0;
        if (step) {
            a->scroll = a->scroll + step < 0 ? 0 : a->scroll + step > max ? max : a->scroll + step;
            a->dirty = true;
            return true;
        }
        if (k == SDLK_ESCAPE) {
            panel_close(a);
            return true;
        }
        if ((k == SDLK_RETURN || k == SDLK_KP_ENTER) && v->empty) {
            search_book(a);
            return true;
        }
        /* any other key is the page's (1-6 marks the word, N a note) */
        panel_close(a);
        return false;
    }
    if (ev->type == SDL_MOUSEWHEEL) {
        int s = a->scroll - ev->wheel.y * 3;
        a->scroll = s < 0 ? 0 : s > max ? max : s;
        a->dirty = true;
        return true;
    }
    if (ev->type == SDL_MOUSEBUTTONDOWN) {
        int x = (int)(ev->button.x * a->pixel_ratio), y = (int)(ev->button.y * a->pixel_ratio);
        if (x >= b.card.x && x < b.card.x + b.card.w && y >= b.card.y && y < b.card.y + b.card.h) {
            if (v->empty && y >= b.card.y + b.card.h - b.lh - b.px)
                search_book(a);
            return true;
        }
        panel_close(a);
        return false;       /* the click goes on to the page (a third click) */
    }
    if (ev->type == SDL_MOUSEBUTTONUP || ev->type == SDL_TEXTINPUT)
        return false;
    return false;
}

static void define_draw(app *a, SDL_Surface *dst)
{
    struct define_view *v = a->define;
    if (!v)
        return;
    rod_palette pal = rod_theme_palette(a->set.theme);
    define_box b = box_of(a, v);
    panel_card(dst, b.card, pal);
    char title[512];
    snprintf(title, sizeof title, "%s", v->title ? v->title : v->word);
    fit_text(a, title, b.px, ROD_FONT_BOLD, b.card.w - 2 * b.px);
    draw_text(a, dst, title, b.card.x + b.px, b.card.y + b.px + b.lh * 2 / 3, b.px, ROD_FONT_BOLD, pal.ink, 0);
    SDL_Rect clip;
    SDL_GetClipRect(dst, &clip);
    SDL_SetClipRect(dst, &b.text);
    int y = b.text.y + b.lh * 3 / 4 - a->scroll * b.lh, bottom = b.text.y + b.text.h + b.lh;
    if (v->empty) {
        y += b.lh * wrap_text(a, dst, v->empty, b.text.x, y, b.text.w, bottom, b.px, 0, pal.ink);
    }
    for (size_t i = 0; i < v->n && y < bottom; i++) {
        int n = v->para_lines ? v->para_lines[i] : 1;
        if (y + n * b.lh >= b.text.y)
            wrap_text(a, dst, v->para[i], b.text.x, y, b.text.w, bottom, b.px, v->style[i],
                      v->style[i] ? pal.faint : pal.ink);
        y += n * b.lh + (i % 2 == 1 ? b.lh / 2 : 0);
    }
    SDL_SetClipRect(dst, &clip);
    const char *foot = v->empty ? "Enter: search the book for this word \xc2\xb7 Esc closes"
                                : "Up, Down, PgUp, PgDn scroll \xc2\xb7 Esc closes";
    draw_text(a, dst, foot, b.card.x + b.px, b.card.y + b.card.h - b.px, (int)(b.px * 0.8), ROD_FONT_ITALIC,
              v->empty ? pal.link : pal.faint, 0);
}

const app_panel panel_define = {"define", false, define_open, define_event, define_draw, define_close, NULL};
