/* app_draw.c — the frame: pages, running heads, footer, progress bar.
 *
 * A page is drawn once into an image of the window's pixel format and
 * kept in a small cache keyed by (page, generation); the generation
 * changes whenever what a page looks like changes (layout, theme, a
 * highlighted search hit). A page turn therefore costs a blit of a page
 * that was prepared while the reader was reading the one before
 * (app_idle draws the neighbours ahead of time), plus the few words of
 * the heads and the footer.
 *
 * The heads are quiet: the book's title and the chapter's (a part's
 * after the story's, "A Scandal in Bohemia · I"), in small capitals and
 * italic, in the theme's faint colour. The footer gives the page, the
 * percentage and the time left in the chapter and the book at the
 * reader's own pace, its figures lining (APP_TEXT_FIGURES); under it a
 * hairline progress bar carries a tick at every chapter. In a narrow
 * window the footer's items give way by priority (footer_fit): the
 * percentage first, then the time left is shortened and goes, the page
 * last, so no text is drawn over another.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

Uint32 app_rgb(SDL_Surface *s, uint32_t rgb)
{
    return SDL_MapRGB(s->format, (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb);
}

uint32_t app_mix(uint32_t a, uint32_t b, double t)
{
    uint32_t out = 0;
    for (int shift = 0; shift <= 16; shift += 8) {
        double x = ((a >> shift) & 0xFF) * (1 - t) + ((b >> shift) & 0xFF) * t;
        out |= (uint32_t)lround(x) << shift;
    }
    return out;
}

bool palette_dark(rod_palette p)
{
    return ((p.page >> 16) & 0xFF) + ((p.page >> 8) & 0xFF) + (p.page & 0xFF) < 3 * 128;
}

/* The face text in style is drawn in: the UI face for figures. */
static rod_fonts *fonts_for(app *a, unsigned style)
{
    if (!(style & APP_TEXT_FIGURES))
        return a->fonts;
    if (!a->ui_tried) {
        char err[256];
        a->ui_tried = true;
        a->ui_fonts = rod_fonts_new("DejaVu Sans", NULL, err, sizeof err);
    }
    return a->ui_fonts ? a->ui_fonts : a->fonts;
}

/* DejaVu Sans's x-height is a fifth taller than EB Garamond's: figures
 * set a size smaller sit with the words around them. */
static int px_for(app *a, unsigned style, int px)
{
    return fonts_for(a, style) != a->fonts ? (int)lround(px * 0.82) : px;
}

/* The font spec text in style is measured and drawn with at px. */
static rod_font_spec spec_for(app *a, unsigned style, int px)
{
    return (rod_font_spec){ROD_FAMILY_BOOK, (uint8_t)style, (uint16_t)px_for(a, style, px)};
}

/* s in visual order (rod_layout_label) when it holds right-to-left
 * text: *n runs, the caller frees *runs; 0 runs for text drawn as it is
 * (all Latin text, after one byte scan) or when memory runs out. */
static void label_runs(app *a, const char *s, unsigned style, int px, rod_run **runs, size_t *n, int *w)
{
    rod_measure m = rod_fonts_measure(fonts_for(a, style));
    /* Hebrew and Arabic words upright: no oblique of a Latin face suits them */
    unsigned drop = ROD_FONT_ITALIC | ROD_FONT_SMALLCAPS;
    if (!rod_layout_label(s, strlen(s), a->text_dir, m, spec_for(a, style, px), drop, NULL, 0, runs, n, w)) {
        *runs = NULL;
        *n = 0;
    }
}

int text_width(app *a, const char *s, int px, unsigned style)
{
    rod_run *runs;
    size_t n;
    int w;
    label_runs(a, s, style, px, &runs, &n, &w);
    free(runs);
    if (n)
        return w;
    rod_measure m = rod_fonts_measure(fonts_for(a, style));
    return m.width(m.ctx, spec_for(a, style, px), s, strlen(s));
}

/* For scripts: where a text went, the line's box from the baseline. */
static void log_text(app *a, const char *s, size_t len, int x, int y, int px, int adv)
{
    if (!a->log || !len)
        return;
    if (a->ntexts < sizeof a->texts / sizeof a->texts[0]) {
        struct drawn_text *t = &a->texts[a->ntexts];
        t->box = (SDL_Rect){x, y - px, adv, px + px / 4 + 1};
        t->part = a->text_part ? a->text_part : "window";
        snprintf(t->text, sizeof t->text, "%.*s", (int)len, s);
    }
    a->ntexts++;
}

int draw_text(app *a, SDL_Surface *dst, const char *s, int x, int y, int px, unsigned style, uint32_t rgb,
              int align)
{
    rod_run *runs;
    size_t n;
    int w;
    label_runs(a, s, style, px, &runs, &n, &w);
    if (!n)
        w = align ? text_width(a, s, px, style) : 0;
    if (align == 1)
        x -= w / 2;
    else if (align == 2)
        x -= w;
    rod_fonts *f = fonts_for(a, style);
    rod_font_spec spec = spec_for(a, style, px);
    px = spec.size;
    if (n) {
        /* right-to-left text: each word where the bidi order puts it, shaped
         * in its direction; scripts see the words one by one */
        for (size_t i = 0; i < n; i++) {
            const rod_run *r = &runs[i];
            int adv = rod_fonts_draw(f, r->font, r->text, r->len, dst, x + r->x, y, rgb);
            log_text(a, r->text, r->len, x + r->x, y, px, adv);
        }
        free(runs);
        return w;
    }
    int adv = rod_fonts_draw(f, spec, s, strlen(s), dst, x, y, rgb);
    log_text(a, s, strlen(s), x, y, px, adv);
    return adv;
}

static int by_x(const void *p, const void *q)
{
    const rod_run *const *a = p, *const *b = q;
    return ((*a)->x > (*b)->x) - ((*a)->x < (*b)->x);
}

int draw_text_marked(app *a, SDL_Surface *dst, const char *s, size_t from, size_t to, int x, int y, int width,
                     int px, uint32_t rgb, uint32_t mark_rgb)
{
    size_t len = strlen(s);
    rod_fonts *f = fonts_for(a, 0);
    rod_measure m = rod_fonts_measure(f);
    rod_font_spec plain = spec_for(a, 0, px), bold = spec_for(a, ROD_FONT_BOLD, px);
    size_t cuts[2] = {from, to};
    rod_run *runs = NULL;
    size_t n = 0;
    int w = 0;
    if (!rod_layout_label(s, len, a->text_dir, m, plain, ROD_FONT_ITALIC, cuts, 2, &runs, &n, &w))
        n = 0;
    const rod_run **order = n ? malloc(n * sizeof *order) : NULL;
    if (!order) {
        /* left to right: before, the match in bold, after */
        free(runs);
        size_t at[4] = {0, from, to, len};
        int pen = x;
        for (int i = 0; i < 3; i++) {
            rod_font_spec sp = i == 1 ? bold : plain;
            int adv = rod_fonts_draw(f, sp, s + at[i], at[i + 1] - at[i], dst, pen, y, i == 1 ? mark_rgb : rgb);
            log_text(a, s + at[i], at[i + 1] - at[i], pen, y, px, adv);
            pen += adv;
        }
        return pen - x;
    }
    /* the match's pieces are bolder: what lies right of them moves over */
    for (size_t i = 0; i < n; i++)
        order[i] = &runs[i];
    qsort(order, n, sizeof *order, by_x);
    int shift = 0;
    for (size_t i = 0; i < n; i++) {
        rod_run *r = (rod_run *)order[i];
        size_t at = (size_t)(r->text - s);
        r->x += shift;
        if (at >= from && at < to) {
            r->font.style |= ROD_FONT_BOLD;
            int nw = m.width(m.ctx, r->font, r->text, r->len);
            shift += nw - r->w;
            r->w = nw;
        }
    }
    w += shift;
    int x0 = rod_layout_label_rtl(s, len, a->text_dir) ? x + width - w : x;
    for (size_t i = 0; i < n; i++) {
        const rod_run *r = &runs[i];
        size_t at = (size_t)(r->text - s);
        int adv = rod_fonts_draw(f, r->font, r->text, r->len, dst, x0 + r->x, y,
                                 at >= from && at < to ? mark_rgb : rgb);
        log_text(a, r->text, r->len, x0 + r->x, y, px, adv);
    }
    free(order);
    free(runs);
    return w;
}

void footer_fit(const int widths[FOOT_ITEMS][FOOT_FORMS], int left, int right, int centre, int gap,
                int form[FOOT_ITEMS], SDL_Rect box[FOOT_ITEMS])
{
    /* at most 4 × 4 × 4 choices, tried in the order of preference: the
     * first that fits is the answer (the last, all dropped, always does) */
    for (int p = 0; p < FOOT_FORMS; p++)
        for (int t = 0; t < FOOT_FORMS; t++)
            for (int c = 0; c < FOOT_FORMS; c++) {
                int f[FOOT_ITEMS] = {[FOOT_PAGE] = p, [FOOT_PERCENT] = c, [FOOT_LEFT] = t};
                bool ok = true;
                for (int i = 0; i < FOOT_ITEMS; i++) {
                    if (f[i] > 0 && widths[i][f[i] - 1] == 0)
                        ok = false;     /* past the item's last form */
                    int w = widths[i][f[i]];
                    box[i].w = w;
                    box[i].x = i == FOOT_PAGE ? left : i == FOOT_PERCENT ? centre - w / 2 : right - w;
                }
                /* left to right: page, percent, time; each shown box
                 * inside [left, right] and gap from the one before */
                int edge = left - gap;
                const int order[FOOT_ITEMS] = {FOOT_PAGE, FOOT_PERCENT, FOOT_LEFT};
                for (int k = 0; k < FOOT_ITEMS && ok; k++) {
                    const SDL_Rect *b = &box[order[k]];
                    if (b->w == 0)
                        continue;
                    if (b->x < edge + gap || b->x < left || b->x + b->w > right)
                        ok = false;
                    edge = b->x + b->w;
                }
                if (ok) {
                    memcpy(form, f, sizeof f);
                    return;
                }
            }
    /* unreachable: all dropped fits */
    for (int i = 0; i < FOOT_ITEMS; i++) {
        form[i] = FOOT_FORMS - 1;
        box[i].w = 0;
    }
}

/* wrap_text's line being filled, and where the finished ones go. */
typedef struct wrapper {
    app *a;
    SDL_Surface *dst;
    int x, y, lh, bottom, px;
    unsigned style;
    uint32_t rgb;
    char line[1024];
    size_t ln;
    bool open;              /* a line has begun */
    int lines;
    int width;
    bool rtl;               /* the text's base is right to left: its lines
                               are set from the right, in that base */
} wrapper;

/* Ends the current line: drawn when it fits above bottom, always counted. */
static void wrap_flush(wrapper *w)
{
    w->line[w->ln] = '\0';
    int at = w->y + w->lines * w->lh;
    if (w->dst && at <= w->bottom) {
        rod_dir was = w->a->text_dir;
        if (w->rtl)
            w->a->text_dir = ROD_DIR_RTL;
        draw_text(w->a, w->dst, w->line, w->rtl ? w->x + w->width : w->x, at, w->px, w->style, w->rgb,
                  w->rtl ? 2 : 0);
        w->a->text_dir = was;
    }
    w->lines++;
    w->ln = 0;
    w->open = false;
}

int wrap_text(app *a, SDL_Surface *dst, const char *s, int x, int y, int width, int bottom, int px,
              unsigned style, uint32_t rgb)
{
    wrapper w = {a, dst, x, y, (int)(px * 1.45), bottom, px, style, rgb, "", 0, false, 0, width, false};
    w.rtl = dst && rod_layout_label_rtl(s, strlen(s), a->text_dir);
    while (*s) {
        const char *word = s;
        while (*word == ' ')
            word++;
        const char *e = word;
        while (*e && *e != ' ' && *e != '\n')
            e++;
        char trial[1024];
        int k = snprintf(trial, sizeof trial, "%.*s%s%.*s", (int)w.ln, w.line, w.ln ? " " : "",
                         (int)(e - word), word);
        bool too_long = k < 0 || (size_t)k >= sizeof trial;
        if (too_long || (w.ln > 0 && text_width(a, trial, px, style) > width)) {
            wrap_flush(&w);
            if (too_long)
                s = e;      /* a word longer than a line: cut */
            continue;
        }
        memcpy(w.line, trial, (size_t)k);
        w.ln = (size_t)k;
        w.open = true;
        s = e;
        if (*s == '\n') {
            wrap_flush(&w);
            s++;
        }
    }
    if (w.open)
        wrap_flush(&w);
    return w.lines;
}

/* The current search hit, painted behind its words. */
static void draw_hit(app *a, SDL_Surface *dst, const rod_page *page, rod_palette pal)
{
    book *b = a->book;
    if (!b->show_hit || b->hit >= b->hits.n)
        return;
    rod_hit h = b->hits.v[b->hit];
    if (rod_pos_cmp(h.end, page->start) <= 0 || rod_pos_cmp(h.start, page->end) >= 0)
        return;
    /* as a selection is painted: a mixed line's hit in one or more pieces */
    paint_range(a, dst, page, h.start, h.end, app_mix(pal.page, 0xE8B020, palette_dark(pal) ? 0.30 : 0.42), false);
}

page_slot *page_cached(app *a, page_ref r)
{
    for (int i = 0; i < PAGE_SLOTS; i++) {
        page_slot *s = &a->cache[i];
        if (s->gen == a->gen && s->surface && s->ref.chapter == r.chapter && s->ref.index == r.index)
            return s;
    }
    return NULL;
}

SDL_Surface *page_image(app *a, page_ref r)
{
    page_slot *hit = page_cached(a, r);
    if (hit) {
        hit->used = ++a->clock;
        return hit->surface;
    }
    page_slot *victim = &a->cache[0];
    for (int i = 0; i < PAGE_SLOTS; i++)
        if (a->cache[i].used < victim->used)
            victim = &a->cache[i];
    const rod_page *page = nav_page(a, r);
    if (!page)
        return NULL;
    SDL_Surface *win = SDL_GetWindowSurface(a->win);
    Uint32 format = win ? win->format->format : SDL_PIXELFORMAT_RGB888;
    if (!victim->surface || victim->surface->w != a->page_w || victim->surface->h != a->page_h ||
        victim->surface->format->format != format) {
        SDL_FreeSurface(victim->surface);
        victim->surface = SDL_CreateRGBSurfaceWithFormat(0, a->page_w, a->page_h, 32, format);
        if (!victim->surface) {
            victim->gen = 0;
            return NULL;
        }
    }
    rod_palette pal = rod_theme_palette(a->set.theme);
    SDL_FillRect(victim->surface, NULL, app_rgb(victim->surface, pal.page));
    bool second = r.chapter != a->book->page.chapter || r.index != a->book->page.index;
    bool right = a->two_pages && second != nav_rtl(a);     /* drawn on the right of the spread */
    annots_paint(a, victim->surface, page);
    draw_hit(a, victim->surface, page, pal);
    rod_render_page(victim->surface, 0, page, a->fonts, a->book->images, pal);
    annots_decorate(a, victim->surface, page, right);
    victim->gen = a->gen;
    victim->ref = r;
    victim->used = ++a->clock;
    return victim->surface;
}

void progress_bar_rect(app *a, SDL_Rect *track, SDL_Rect *band)
{
    int text_l = a->margin_x;
    int text_r = (a->two_pages ? a->w : a->page_w) - a->margin_x;
    int bar_y = a->h - (int)fmax(6 * a->scale, a->margin_y * 0.16);
    int thick = a->scale >= 2 ? 2 : 1;
    *track = (SDL_Rect){text_l, bar_y, text_r - text_l, thick};
    /* a hairline is hard to hit: the band reaches from just above the
     * footer's text line's bottom to the window's edge */
    int reach = (int)fmax(7 * a->scale, 4);
    *band = (SDL_Rect){text_l - reach, bar_y - reach, text_r - text_l + 2 * reach, a->h - (bar_y - reach)};
}

static void format_duration(double minutes, char *out, size_t n)
{
    if (minutes < 1)
        snprintf(out, n, "under a minute");
    else if (minutes < 60)
        snprintf(out, n, "%d min", (int)lround(minutes));
    else if (minutes < 600)
        snprintf(out, n, "%d h %d min", (int)(minutes / 60), (int)fmod(minutes, 60));
    else
        snprintf(out, n, "%d h", (int)lround(minutes / 60));
}

static void draw_chrome(app *a, SDL_Surface *dst, rod_palette pal, const rod_page *left, page_ref right_ref,
                        bool has_right)
{
    book *b = a->book;
    a->text_part = "head";
    /* the book's own words, in a right-to-left book set in its direction */
    a->text_dir = nav_rtl(a) ? ROD_DIR_RTL : ROD_DIR_AUTO;
    int small = (int)fmax(11 * a->scale, a->font_px * 0.66);
    int head_y = (int)(a->margin_y * 0.52);
    int foot_y = a->h - (int)(a->margin_y * 0.42);
    int text_l = a->margin_x;
    int text_r = (a->two_pages ? a->w : a->page_w) - a->margin_x;
    char chapter[512], right_head[512];
    book_running_head(b, b->anchor.block, chapter, sizeof chapter);
    if (a->two_pages) {
        /* the right page's head names the chapter it starts in */
        const rod_page *rp = has_right ? nav_page(a, right_ref) : NULL;
        draw_text(a, dst, b->title, nav_page_x(a, 0) + a->page_w / 2, head_y, small, ROD_FONT_SMALLCAPS, pal.faint,
                  1);
        if (rp) {
            book_running_head(b, rp->start.block, right_head, sizeof right_head);
            draw_text(a, dst, right_head, nav_page_x(a, 1) + a->page_w / 2, head_y, small, ROD_FONT_ITALIC,
                      pal.faint, 1);
        }
    } else {
        /* one page: title on the left, chapter on the right, if both fit */
        int wt = text_width(a, b->title, small, ROD_FONT_SMALLCAPS);
        int wc = text_width(a, chapter, small, ROD_FONT_ITALIC);
        if (wt + wc + 4 * small < text_r - text_l) {
            /* a right-to-left book's title on the right */
            bool rtl = nav_rtl(a);
            draw_text(a, dst, b->title, rtl ? text_r : text_l, head_y, small, ROD_FONT_SMALLCAPS, pal.faint,
                      rtl ? 2 : 0);
            draw_text(a, dst, chapter, rtl ? text_l : text_r, head_y, small, ROD_FONT_ITALIC, pal.faint,
                      rtl ? 0 : 2);
        } else {
            draw_text(a, dst, *chapter ? chapter : b->title, a->w / 2, head_y, small,
                      *chapter ? ROD_FONT_ITALIC : ROD_FONT_SMALLCAPS, pal.faint, 1);
        }
    }
    /* footer: page, percent, time left, each in its longest form that
     * leaves room for the others (footer_fit), so on a small window none
     * is drawn over another: the percentage goes first, then the time
     * left is shortened and goes, then the page */
    a->text_part = "footer";
    a->text_dir = ROD_DIR_AUTO;
    char forms[FOOT_ITEMS][FOOT_FORMS][160];
    memset(forms, 0, sizeof forms);
    size_t n, total;
    if (left && nav_page_number(a, b->page, &n)) {
        size_t n2;
        bool known_total = rod_layout_pages_known(b->layout, rod_layout_chapter_count(b->layout), &total);
        char (*pg)[160] = forms[FOOT_PAGE];
        if (has_right && nav_page_number(a, right_ref, &n2)) {
            snprintf(pg[0], sizeof pg[0], known_total ? "Pages %zu–%zu of %zu" : "Pages %zu–%zu", n + 1, n2 + 1,
                     total);
            snprintf(pg[1], sizeof pg[1], known_total ? "%zu–%zu / %zu" : "%zu–%zu", n + 1, n2 + 1, total);
            snprintf(pg[2], sizeof pg[2], "%zu–%zu", n + 1, n2 + 1);
        } else {
            snprintf(pg[0], sizeof pg[0], known_total ? "Page %zu of %zu" : "Page %zu", n + 1, total);
            snprintf(pg[1], sizeof pg[1], known_total ? "%zu / %zu" : "%zu", n + 1, total);
            snprintf(pg[2], sizeof pg[2], "%zu", n + 1);
        }
    }
    double progress = book_progress(b, b->anchor);
    snprintf(forms[FOOT_PERCENT][0], sizeof forms[0][0], "%d%%", (int)floor(progress * 100));
    size_t wch, wbook;
    book_words_left(b, b->anchor, &wch, &wbook);
    char d1[32], d2[32];
    format_duration(wch / a->set.wpm, d1, sizeof d1);
    format_duration(wbook / a->set.wpm, d2, sizeof d2);
    snprintf(forms[FOOT_LEFT][0], sizeof forms[0][0], "%s left in chapter · %s in book", d1, d2);
    snprintf(forms[FOOT_LEFT][1], sizeof forms[0][0], "%s left in chapter", d1);
    snprintf(forms[FOOT_LEFT][2], sizeof forms[0][0], "%s left", d1);
    int widths[FOOT_ITEMS][FOOT_FORMS] = {{0}}, form[FOOT_ITEMS];
    SDL_Rect box[FOOT_ITEMS];
    for (int i = 0; i < FOOT_ITEMS; i++) {
        /* the forms up to the first empty one, then 0: dropped */
        for (int k = 0; k < FOOT_FORMS - 1 && forms[i][k][0]; k++)
            widths[i][k] = text_width(a, forms[i][k], small, APP_TEXT_FIGURES);
    }
    footer_fit((const int (*)[FOOT_FORMS])widths, text_l, text_r, a->w / 2, small, form, box);
    for (int i = 0; i < FOOT_ITEMS; i++)
        if (nav_rtl(a))
            box[i].x = text_l + text_r - box[i].x - box[i].w;   /* mirrored: the page on the right */
    for (int i = 0; i < FOOT_ITEMS; i++)
        if (box[i].w > 0)
            draw_text(a, dst, forms[i][form[i]], box[i].x, foot_y, small, APP_TEXT_FIGURES, pal.faint, 0);
    a->text_part = NULL;
    /* hairline progress bar with chapter ticks */
    SDL_Rect track, band;
    progress_bar_rect(a, &track, &band);
    int bar_y = track.y, thick = track.h, bw = track.w;
    SDL_FillRect(dst, &track, app_rgb(dst, app_mix(pal.page, pal.faint, 0.45)));
    /* a right-to-left book's bar fills from the right */
    bool rtl = nav_rtl(a);
    int filled = (int)lround(bw * progress);
    SDL_Rect done = {rtl ? text_l + bw - filled : text_l, bar_y - (thick > 1 ? 1 : 0), filled,
                     thick + (thick > 1 ? 2 : 1)};
    SDL_FillRect(dst, &done, app_rgb(dst, pal.faint));
    int last_x = -100;
    for (size_t k = 0; k < b->ntoc; k++) {
        if (b->toc[k].depth > 1)
            continue;
        int at = (int)lround(bw * book_progress(b, (rod_pos){b->toc[k].block, 0}));
        int x = rtl ? text_l + bw - at : text_l + at;
        if (abs(x - last_x) < 3 * thick)
            continue;
        last_x = x;
        int th = (b->toc[k].depth == 0 ? 4 : 2) * thick;
        SDL_Rect tick = {x, bar_y - th, thick, th};
        SDL_FillRect(dst, &tick, app_rgb(dst, pal.faint));
    }
}

static void draw_toast(app *a, SDL_Surface *dst, rod_palette pal)
{
    if (!a->toast[0])
        return;
    if (SDL_TICKS_PASSED(SDL_GetTicks(), a->toast_until))
        return;     /* kept for scripts to check, no longer shown */
    int px = (int)fmax(12 * a->scale, a->font_px * 0.72);
    int w = text_width(a, a->toast, px, 0) + 2 * px;
    if (w > a->w - 20)
        w = a->w - 20;
    SDL_Rect box = {(a->w - w) / 2, a->h - a->margin_y - 3 * px, w, 2 * px};
    SDL_FillRect(dst, &box, app_rgb(dst, pal.ink));
    a->text_part = "toast";
    draw_text(a, dst, a->toast, a->w / 2, box.y + px + px / 3, px, 0, pal.page, 1);
    a->text_part = NULL;
}

void app_draw(app *a)
{
    uint64_t t0 = SDL_GetPerformanceCounter();
    SDL_Surface *dst = SDL_GetWindowSurface(a->win);
    if (!dst)
        return;
    rod_palette pal = rod_theme_palette(a->set.theme);
    Uint32 paper = app_rgb(dst, pal.page);
    a->ntexts = 0;
    a->text_part = NULL;
    a->text_dir = ROD_DIR_AUTO;
    if (!a->book) {
        SDL_FillRect(dst, NULL, paper);
        view_draw(a, dst);
    } else {
        book *b = a->book;
        const rod_page *left = nav_page(a, b->page);
        page_ref right = {0, 0};
        bool has_right = false;
        /* the page images (page_w by page_h each) cover most of the
         * window: only the rest is painted, since a full-window fill costs
         * as much as a page turn's copy */
        SDL_Surface *img = left ? page_image(a, b->page) : NULL, *img2 = NULL;
        if (img)
            SDL_BlitSurface(img, NULL, dst, &(SDL_Rect){nav_page_x(a, 0), 0, img->w, img->h});
        else
            SDL_FillRect(dst, NULL, paper);
        if (a->two_pages && left && nav_next_ref(a, b->page, &right)) {
            has_right = true;
            img2 = page_image(a, right);
            if (img2)
                SDL_BlitSurface(img2, NULL, dst, &(SDL_Rect){nav_page_x(a, 1), 0, img2->w, img2->h});
        }
        if (img) {
            int covered = img->w + (img2 ? img2->w : 0);
            SDL_FillRect(dst, &(SDL_Rect){covered, 0, dst->w - covered, dst->h}, paper);
            SDL_FillRect(dst, &(SDL_Rect){0, img->h, covered, dst->h - img->h}, paper);
        }
        if (a->two_pages) {
            /* the fold: a faint shadow down the middle */
            for (int i = 0; i < 3; i++) {
                SDL_Rect fold = {a->page_w - 1 + i, a->margin_y / 2, 1, a->h - a->margin_y};
                SDL_FillRect(dst, &fold, app_rgb(dst, app_mix(pal.page, pal.faint, i == 1 ? 0.28 : 0.12)));
            }
        }
        if (left)
            draw_chrome(a, dst, pal, left, right, has_right);
    }
    if (a->book)
        annots_bar_draw(a, dst);
    panel_draw(a, dst);
    app_fonts_notice(a);
    draw_toast(a, dst, pal);
    SDL_UpdateWindowSurface(a->win);
    a->dirty = false;
    a->frames++;
    a->last_frame_ms = (double)(SDL_GetPerformanceCounter() - t0) * 1000.0 / (double)SDL_GetPerformanceFrequency();
}

void page_first_words(app *a, char *out, size_t n, int words)
{
    out[0] = '\0';
    book *b = a->book;
    const rod_page *p = b ? nav_page(a, b->page) : NULL;
    if (!p || n == 0)
        return;
    size_t k = 0;
    rod_pos pos = p->start;
    for (size_t blk = pos.block; blk < b->doc->nblocks && words > 0; blk++) {
        const rod_block *bl = &b->doc->blocks[blk];
        size_t i = blk == pos.block ? rod_doc_pos_byte(b->doc, pos) : 0;
        while (i < bl->len && words > 0) {
            while (i < bl->len && (bl->text[i] == ' ' || bl->text[i] == '\n'))
                i++;
            if (i >= bl->len)
                break;
            if (k > 0 && k + 1 < n)
                out[k++] = ' ';
            while (i < bl->len && bl->text[i] != ' ' && bl->text[i] != '\n') {
                if (k + 1 < n)
                    out[k++] = bl->text[i];
                i++;
            }
            words--;
        }
    }
    out[k] = '\0';
}

const rod_page *page_under(app *a, int x, int *x0)
{
    book *b = a->book;
    *x0 = 0;
    if (!b)
        return NULL;
    page_ref r = b->page;
    if (a->two_pages && (x >= a->page_w) != nav_rtl(a)) {
        if (!nav_next_ref(a, b->page, &r))
            return NULL;
        *x0 = nav_page_x(a, 1);
    } else {
        *x0 = nav_page_x(a, 0);
    }
    return nav_page(a, r);
}

const rod_run *page_run_at(app *a, int x, int y)
{
    int x0;
    const rod_page *p = page_under(a, x, &x0);
    if (!p)
        return NULL;
    for (size_t i = 0; i < p->nlines; i++) {
        const rod_line *line = &p->lines[i];
        int top = line->y - line->ascent;
        if (y < top || y >= top + line->height)
            continue;
        for (size_t k = 0; k < line->nruns; k++) {
            const rod_run *run = &line->runs[k];
            if (x >= x0 + run->x && x < x0 + run->x + run->w)
                return run;
        }
    }
    return NULL;
}
