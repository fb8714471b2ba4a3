/* fonts.c — the font set: faces opened, measured, drawn.
 *
 * The one file that talks to SDL2_ttf, which now only opens faces and
 * answers which characters a face has and its ascent and descent. Text is
 * cut into runs that one face can draw: the style's face, or a fallback
 * face found through fontconfig for characters the style's face lacks
 * (remembered per code point), and, in small capitals, lower-case letters
 * set as capitals at 78% size.
 *
 * A text is measured and drawn from one shaping per run (shape.c, which
 * shapes exactly as SDL2_ttf does): its width, and the widths of its
 * prefixes at the points the layout engine asks for, are pen positions in
 * 1/64 px rounded to pixels, and drawing puts every glyph at its own pen
 * position, to the quarter pixel (shape.c renders and keeps the glyphs,
 * this file blends them onto the surface). So what is measured is what is
 * drawn, and a word cut into pieces at hyphenation points, measured as the
 * differences of its prefixes, is drawn whole as one run.
 *
 * SDL2_ttf's own drawing was turned down twice over. With light hinting
 * it put each glyph at the whole pixel left of its position, so the gaps
 * between letters jumped by up to a pixel ("sa tisfied" at 21 px in EB
 * Garamond 12: the t at 15.16 px lost 0.16, the a before it at 6.78 lost
 * 0.78). With TTF_HINTING_LIGHT_SUBPIXEL it draws them in place but keeps
 * one rendering per glyph, so nearly every glyph was rendered anew and a
 * page took seven times as long to draw. And its TTF_SizeUTF8 gives the
 * ink's box (an italic f's overhang, a J's hook widen it), not where the
 * next text starts.
 *
 * A character the book face lacks is drawn from the face scripts.c
 * prefers for its script (one Japanese face for a Japanese book's kanji
 * and kana), opened at the same size in pixels and drawn on the same
 * baseline; one no installed face has is drawn as the book face's empty
 * box, and its script is noted for rod_fonts_missing, so the reader can
 * be told which package would show it.
 *
 * Faces are opened lazily per (file, size, synthesized style) and kept
 * until the set is freed: a book uses a handful of sizes. A style whose
 * file is missing is synthesized from the nearest file fontconfig gave
 * (slanted or emboldened by shape.c when drawn, advances unchanged, as
 * SDL2_ttf did), never silently drawn upright.
 */
#include "rod_fonts.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "fonts_internal.h"

typedef struct open_face {
    const rod_font_file *file;
    uint16_t size;
    uint8_t synth;              /* TTF_STYLE_* applied on top of the file */
    TTF_Font *font;
    shaper *shape;              /* the same face, for positions */
} open_face;

enum { MAX_FALLBACK = 32, CP_SLOTS = 4096, MAX_MISSING = 16 };

typedef struct cp_slot {
    uint32_t cp;                /* 0: empty */
    int16_t face;               /* -1 none, else index into fallback */
} cp_slot;

struct rod_fonts {
    rod_font_file files[ROD_FAMILY_COUNT][4];   /* by style bits italic|bold */
    rod_font_file fallback[MAX_FALLBACK];
    size_t nfallback;
    cp_slot cps[CP_SLOTS];      /* code point -> fallback face, per book face */
    size_t ncps;
    open_face **open;           /* each its own allocation: pointers stay */
    size_t nopen, capopen;
    width_cache *widths;
    shape_lib *shaping;
    char *scratch;              /* NUL-terminated copies for SDL2_ttf */
    size_t scratch_cap;
    size_t *map;                /* scratch byte -> text byte, per run */
    size_t map_cap;
    size_t measured, hits;
    char lang[32];              /* the book's language, "" unknown */
    struct {
        int script;
        uint32_t example;
    } missing[MAX_MISSING];     /* scripts no face has, in the order met */
    size_t nmissing;
};

static const char *default_family[ROD_FAMILY_COUNT][2] = {
    {"EB Garamond", "serif"},
    {"DejaVu Sans Mono", "monospace"},
};

/* Does the file fontconfig chose belong to the family asked for? */
static bool family_matches(const char *asked, const rod_font_file *f)
{
    if (strchr(asked, '/'))
        return true;
    size_t n = strlen(asked);
    return strncasecmp(f->family, asked, n) == 0;
}

static bool open_family(rod_fonts *fonts, rod_family fam, const char *asked, bool generic_ok,
                        char *err, size_t errlen)
{
    for (unsigned style = 0; style < 4; style++) {
        rod_font_file *f = &fonts->files[fam][style];
        if (!rod_font_find(asked, style, f)) {
            snprintf(err, errlen, "no font found for '%s'", asked);
            return false;
        }
        if (!generic_ok && !family_matches(asked, f)) {
            snprintf(err, errlen, "font family '%s' is not installed (fc-list : family lists those that are)",
                     asked);
            return false;
        }
    }
    return true;
}

rod_fonts *rod_fonts_new(const char *book, const char *mono, char *err, size_t errlen)
{
    if (!TTF_WasInit() && TTF_Init() != 0) {
        snprintf(err, errlen, "cannot start SDL2_ttf: %s", TTF_GetError());
        return NULL;
    }
    rod_fonts *fonts = calloc(1, sizeof *fonts);
    if (!fonts) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    fonts->widths = width_cache_new();
    fonts->shaping = shape_lib_new();
    if (!fonts->shaping) {
        snprintf(err, errlen, "cannot start FreeType");
        free(fonts);
        return NULL;
    }
    const char *asked[ROD_FAMILY_COUNT] = {book, mono};
    for (int fam = 0; fam < ROD_FAMILY_COUNT; fam++) {
        bool ok;
        if (asked[fam]) {
            ok = open_family(fonts, fam, asked[fam], false, err, errlen);
        } else {
            ok = open_family(fonts, fam, default_family[fam][0], false, err, errlen);
            if (!ok) {
                for (unsigned s = 0; s < 4; s++)
                    rod_font_file_free(&fonts->files[fam][s]);
                ok = open_family(fonts, fam, default_family[fam][1], true, err, errlen);
            }
        }
        if (!ok) {
            rod_fonts_free(fonts);
            return NULL;
        }
    }
    return fonts;
}

void rod_fonts_free(rod_fonts *fonts)
{
    if (!fonts)
        return;
    for (size_t i = 0; i < fonts->nopen; i++) {
        TTF_CloseFont(fonts->open[i]->font);
        shaper_free(fonts->open[i]->shape);
        free(fonts->open[i]);
    }
    free(fonts->open);
    shape_lib_free(fonts->shaping);
    free(fonts->map);
    for (int fam = 0; fam < ROD_FAMILY_COUNT; fam++)
        for (int s = 0; s < 4; s++)
            rod_font_file_free(&fonts->files[fam][s]);
    for (size_t i = 0; i < fonts->nfallback; i++)
        rod_font_file_free(&fonts->fallback[i]);
    width_cache_free(fonts->widths);
    free(fonts->scratch);
    free(fonts);
}

const char *rod_fonts_family(const rod_fonts *fonts, rod_family family)
{
    return fonts->files[family][0].family;
}

size_t rod_fonts_fallback_count(const rod_fonts *fonts)
{
    return fonts->nfallback;
}

void rod_fonts_cache_stats(const rod_fonts *fonts, size_t *measured, size_t *hits)
{
    *measured = fonts->measured;
    *hits = fonts->hits;
}

static open_face *face(rod_fonts *fonts, const rod_font_file *file, unsigned want_style, unsigned size)
{
    if (size < 1)
        size = 1;
    unsigned missing = want_style & ~file->style;
    uint8_t synth = (uint8_t)((missing & ROD_FONT_BOLD ? TTF_STYLE_BOLD : 0) |
                              (missing & ROD_FONT_ITALIC ? TTF_STYLE_ITALIC : 0));
    for (size_t i = 0; i < fonts->nopen; i++) {
        open_face *o = fonts->open[i];
        if (o->file == file && o->size == size && o->synth == synth)
            return o;
    }
    if (fonts->nopen == fonts->capopen) {
        size_t cap = fonts->capopen ? fonts->capopen * 2 : 16;
        open_face **open = realloc(fonts->open, cap * sizeof *open);
        if (!open)
            return NULL;
        fonts->open = open;
        fonts->capopen = cap;
    }
    open_face *o = malloc(sizeof *o);
    TTF_Font *font = o ? TTF_OpenFontIndex(file->path, (int)size, file->index) : NULL;
    shaper *sh = font ? shaper_new(fonts->shaping, file->path, file->index, size,
                                   (missing & ROD_FONT_BOLD ? SHAPE_BOLD : 0u) |
                                       (missing & ROD_FONT_ITALIC ? SHAPE_ITALIC : 0u))
                      : NULL;
    if (!sh) {
        if (font)
            TTF_CloseFont(font);
        free(o);
        return NULL;
    }
    TTF_SetFontKerning(font, 1);
    TTF_SetFontHinting(font, TTF_HINTING_LIGHT);
    TTF_SetFontStyle(font, synth);
    *o = (open_face){file, (uint16_t)size, synth, font, sh};
    fonts->open[fonts->nopen++] = o;
    return o;
}

void rod_fonts_set_lang(rod_fonts *fonts, const char *lang)
{
    snprintf(fonts->lang, sizeof fonts->lang, "%s", lang && strcmp(lang, "und") != 0 ? lang : "");
    memset(fonts->cps, 0, sizeof fonts->cps);
    fonts->ncps = 0;
    fonts->nmissing = 0;
    /* widths measured with the faces chosen before; and each_run, which
     * notes what is missing, sees every text again */
    width_cache *fresh = width_cache_new();
    if (fresh) {
        width_cache_free(fonts->widths);
        fonts->widths = fresh;
    }
}

size_t rod_fonts_missing(const rod_fonts *fonts, rod_fonts_gap *out, size_t max)
{
    const char *lang = fonts->lang[0] ? fonts->lang : NULL;
    for (size_t i = 0; i < fonts->nmissing && i < max; i++)
        out[i] = (rod_fonts_gap){font_script_name(fonts->missing[i].script),
                                 font_script_package(fonts->missing[i].script, lang), fonts->missing[i].example};
    return fonts->nmissing;
}

/* cp has no face: its script is noted, once. */
static void note_missing(rod_fonts *fonts, uint32_t cp)
{
    /* marks that draw nothing (bidi controls, joiners, variation
     * selectors) and spaces are not missing when no face has them */
    if (u_hasBinaryProperty((UChar32)cp, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) || u_isUWhiteSpace((UChar32)cp) ||
        u_iscntrl((UChar32)cp))
        return;
    int script = font_script_of(cp);
    for (size_t i = 0; i < fonts->nmissing; i++)
        if (fonts->missing[i].script == script)
            return;
    if (fonts->nmissing < MAX_MISSING) {
        fonts->missing[fonts->nmissing].script = script;
        fonts->missing[fonts->nmissing++].example = cp;
    }
}

/* The fallback face for cp, or -1; found once, then remembered. */
static int fallback_for(rod_fonts *fonts, rod_family fam, uint32_t cp)
{
    size_t i = (cp * 2654435761u) & (CP_SLOTS - 1);
    while (fonts->cps[i].cp) {
        if (fonts->cps[i].cp == cp) {
            if (fonts->cps[i].face < 0)
                note_missing(fonts, cp);
            return fonts->cps[i].face;
        }
        i = (i + 1) & (CP_SLOTS - 1);
    }
    int found = -1;
    rod_font_file f;
    if (rod_font_find_for_char(fonts->files[fam][0].family, cp, fonts->lang[0] ? fonts->lang : NULL, &f)) {
        for (size_t k = 0; k < fonts->nfallback && found < 0; k++)
            if (strcmp(fonts->fallback[k].path, f.path) == 0 && fonts->fallback[k].index == f.index)
                found = (int)k;
        if (found < 0 && fonts->nfallback < MAX_FALLBACK) {
            f.style = 0;
            fonts->fallback[fonts->nfallback] = f;
            found = (int)fonts->nfallback++;
            f.path = f.family = NULL;
        }
        rod_font_file_free(&f);
    }
    if (fonts->ncps < CP_SLOTS / 2) {   /* a full table simply stops remembering */
        fonts->cps[i] = (cp_slot){cp, (int16_t)found};
        fonts->ncps++;
    }
    if (found < 0)
        note_missing(fonts, cp);
    return found;
}

/* The code point at s[0..n), n > 0, and its length in bytes, by ICU's
 * U8_NEXT: a malformed sequence is U+FFFD (the text is clean UTF-8 from
 * formats/, so that is a guard, not a path). */
static uint32_t decode(const char *s, size_t n, size_t *len)
{
    int32_t at = 0, left = n > 4 ? 4 : (int32_t)n;
    UChar32 c;
    U8_NEXT((const uint8_t *)s, at, left, c);
    *len = (size_t)at;
    return c < 0 ? 0xFFFD : (uint32_t)c;
}

/* One run of text in one face: what to measure or draw. */
typedef struct run {
    open_face *face;
    const char *text;           /* NUL-terminated (in scratch) */
    size_t len;
    const size_t *map;          /* map[k]: the byte of the text where the
                                   run's byte k comes from, k in 0..len */
    bool rtl;                   /* shaped right to left (ROD_FONT_RTL) */
} run;

/* Called on each run in order; false stops. */
typedef bool (*run_fn)(rod_fonts *fonts, const run *r, void *user);

static bool scratch_fit(rod_fonts *fonts, size_t n)
{
    if (n > fonts->scratch_cap) {
        size_t cap = fonts->scratch_cap ? fonts->scratch_cap : 256;
        while (cap < n)
            cap *= 2;
        char *p = realloc(fonts->scratch, cap);
        if (!p)
            return false;
        fonts->scratch = p;
        fonts->scratch_cap = cap;
    }
    if (n > fonts->map_cap) {
        size_t cap = fonts->map_cap ? fonts->map_cap : 256;
        while (cap < n)
            cap *= 2;
        size_t *p = realloc(fonts->map, cap * sizeof *p);
        if (!p)
            return false;
        fonts->map = p;
        fonts->map_cap = cap;
    }
    return true;
}

/* Cuts s into runs of one face each and calls fn on every run in order.
 * False when no face opens (or memory runs out). */
static bool each_run(rod_fonts *fonts, rod_font_spec spec, const char *s, size_t n, run_fn fn, void *user)
{
    rod_family fam = spec.family < ROD_FAMILY_COUNT ? spec.family : ROD_FAMILY_BOOK;
    unsigned style = spec.style & (ROD_FONT_ITALIC | ROD_FONT_BOLD);
    const rod_font_file *main_file = &fonts->files[fam][style];
    open_face *main_face = face(fonts, main_file, style, spec.size);
    unsigned small_size = (unsigned)(spec.size * 78 + 50) / 100;
    if (!main_face || !scratch_fit(fonts, 4 * n + 8))
        return false;
    TTF_Font *main_font = main_face->font;
    char *out = fonts->scratch;
    size_t *map = fonts->map;
    size_t i = 0;
    while (i < n) {
        /* Decide the face of the run that starts at i. */
        size_t len;
        uint32_t cp = decode(s + i, n - i, &len);
        bool small = (spec.style & ROD_FONT_SMALLCAPS) && u_islower((UChar32)cp);
        int fb = TTF_GlyphIsProvided32(main_font, cp) || cp < 0x21 ? -2 : fallback_for(fonts, fam, cp);
        size_t k = 0;
        while (i < n) {
            cp = decode(s + i, n - i, &len);
            bool cp_small = (spec.style & ROD_FONT_SMALLCAPS) && u_islower((UChar32)cp);
            int cp_fb = TTF_GlyphIsProvided32(main_font, cp) || cp < 0x21 ? -2 : fallback_for(fonts, fam, cp);
            if (cp_small != small || cp_fb != fb)
                break;
            size_t k0 = k;
            if (small)
                U8_APPEND_UNSAFE(out, k, u_toupper((UChar32)cp));
            else {
                memcpy(out + k, s + i, len);
                k += len;
            }
            for (size_t j = k0; j < k; j++)
                map[j] = i;
            i += len;
        }
        out[k] = '\0';
        map[k] = i;
        open_face *f;
        if (fb >= 0)
            f = face(fonts, &fonts->fallback[fb], style, small ? small_size : spec.size);
        else if (small)
            f = face(fonts, main_file, style, small_size);
        else
            f = main_face;
        if (fb == -1 || !f)
            f = main_face;      /* nothing has it: the main face's .notdef */
        run r = {f, out, k, map, (spec.style & ROD_FONT_RTL) != 0};
        if (!fn(fonts, &r, user))
            return false;
    }
    return true;
}

/* 1/64 px to whole pixels, to the nearest. */
static int to_px(int64_t v)
{
    return (int)(v >= 0 ? (v + 32) / 64 : -((-v + 32) / 64));
}

/* A text measured: its pen so far (1/64 px) and the prefixes asked for. */
typedef struct measuring {
    int64_t pen;
    const size_t *cuts;         /* byte offsets in the text, ascending */
    size_t ncuts, next;         /* cuts[next] is the first not yet placed */
    int32_t *at;                /* 1/64 px, ncuts */
} measuring;

enum { CUTS_MAX = 64 };

static bool add_run(rod_fonts *fonts, const run *r, void *user)
{
    measuring *m = user;
    /* the cuts that fall in this run, as offsets in its own bytes */
    size_t local[CUTS_MAX] = {0};
    size_t first = m->next, k = 0, nloc = 0;
    while (m->next < m->ncuts && m->cuts[m->next] < r->map[r->len]) {
        while (k < r->len && r->map[k] < m->cuts[m->next])
            k++;
        local[nloc++] = k;
        m->next++;
    }
    int32_t at[CUTS_MAX];
    int32_t adv = shaper_run(fonts->shaping, r->face->shape, r->text, r->len, r->rtl, local, nloc, at);
    for (size_t c = 0; c < nloc; c++)
        m->at[first + c] = at[c] == SHAPE_INSIDE ? SHAPE_INSIDE : (int32_t)(m->pen + at[c]);
    m->pen += adv;
    return true;
}

static uint32_t pack(rod_font_spec f)
{
    return (uint32_t)f.family << 24 | (uint32_t)f.style << 16 | f.size;
}

static int measure_widths(void *ctx, rod_font_spec spec, const char *s, size_t n, const size_t *cuts, size_t ncuts,
                          int *at)
{
    rod_fonts *fonts = ctx;
    int w = 0;
    if (n == 0 || ncuts > CUTS_MAX) {
        /* nothing to shape, or more cuts than a word has: one by one */
        for (size_t c = 0; c < ncuts; c++)
            at[c] = cuts[c] >= n ? measure_widths(ctx, spec, s, n, NULL, 0, NULL)
                                 : measure_widths(ctx, spec, s, cuts[c], NULL, 0, NULL);
        return n ? measure_widths(ctx, spec, s, n, NULL, 0, NULL) : 0;
    }
    if (width_cache_get(fonts->widths, pack(spec), s, n, cuts, ncuts, &w, at)) {
        fonts->hits++;
        return w;
    }
    int32_t pos[CUTS_MAX];
    measuring m = {0, cuts, ncuts, 0, pos};
    each_run(fonts, spec, s, n, add_run, &m);
    for (size_t c = m.next; c < ncuts; c++)
        pos[c] = (int32_t)m.pen;        /* cuts at n */
    w = to_px(m.pen);
    for (size_t c = 0; c < ncuts; c++)
        at[c] = pos[c] == SHAPE_INSIDE ? measure_widths(ctx, spec, s, cuts[c], NULL, 0, NULL) : to_px(pos[c]);
    width_cache_put(fonts->widths, pack(spec), s, n, cuts, ncuts, at, w);
    fonts->measured++;
    return w;
}

static int measure_width(void *ctx, rod_font_spec spec, const char *s, size_t n)
{
    return measure_widths(ctx, spec, s, n, NULL, 0, NULL);
}

static void measure_extent(void *ctx, rod_font_spec spec, int *ascent, int *descent)
{
    rod_fonts *fonts = ctx;
    rod_family fam = spec.family < ROD_FAMILY_COUNT ? spec.family : ROD_FAMILY_BOOK;
    unsigned style = spec.style & (ROD_FONT_ITALIC | ROD_FONT_BOLD);
    open_face *f = face(fonts, &fonts->files[fam][style], style, spec.size);
    *ascent = f ? TTF_FontAscent(f->font) : spec.size * 4 / 5;
    *descent = f ? -TTF_FontDescent(f->font) : spec.size / 5;
}

rod_measure rod_fonts_measure(rod_fonts *fonts)
{
    return (rod_measure){fonts, measure_width, measure_widths, measure_extent};
}

typedef struct draw_state {
    SDL_Surface *dst;
    int x, y;
    int64_t pen;                /* 1/64 px from x, where the run begins */
    uint8_t rgb[3];
} draw_state;

/* Blends a glyph's coverage in the colour onto the surface, clipped. */
static void blend(void *user, const shape_glyph *g)
{
    draw_state *d = user;
    SDL_Surface *dst = d->dst;
    SDL_Rect clip = dst->clip_rect;
    int x0 = g->x > clip.x ? g->x : clip.x, y0 = g->y > clip.y ? g->y : clip.y;
    int x1 = g->x + g->w < clip.x + clip.w ? g->x + g->w : clip.x + clip.w;
    int y1 = g->y + g->h < clip.y + clip.h ? g->y + g->h : clip.y + clip.h;
    if (x0 >= x1 || y0 >= y1)
        return;
    const SDL_PixelFormat *f = dst->format;
    bool fast = f->BytesPerPixel == 4 && f->Rloss == 0 && f->Gloss == 0 && f->Bloss == 0;
    for (int y = y0; y < y1; y++) {
        const uint8_t *cov = g->coverage + (y - g->y) * g->w + (x0 - g->x);
        Uint8 *row = (Uint8 *)dst->pixels + y * dst->pitch;
        for (int x = x0; x < x1; x++) {
            unsigned c = *cov++;
            if (!c)
                continue;
            Uint8 ch[3];
            Uint32 px;
            if (fast) {
                memcpy(&px, row + x * 4, 4);
                ch[0] = (Uint8)(px >> f->Rshift);
                ch[1] = (Uint8)(px >> f->Gshift);
                ch[2] = (Uint8)(px >> f->Bshift);
            } else {
                px = 0;
                memcpy(&px, row + x * f->BytesPerPixel, f->BytesPerPixel);
                SDL_GetRGB(px, f, &ch[0], &ch[1], &ch[2]);
            }
            for (int k = 0; k < 3; k++)
                ch[k] = (Uint8)((ch[k] * (255 - c) + d->rgb[k] * c + 127) / 255);
            if (fast) {
                px = (px & ~(f->Rmask | f->Gmask | f->Bmask)) | (Uint32)ch[0] << f->Rshift |
                     (Uint32)ch[1] << f->Gshift | (Uint32)ch[2] << f->Bshift;
                memcpy(row + x * 4, &px, 4);
            } else {
                px = SDL_MapRGB(f, ch[0], ch[1], ch[2]);
                memcpy(row + x * f->BytesPerPixel, &px, f->BytesPerPixel);
            }
        }
    }
}

/* Each run at the pen position its shaping gives, as measure_widths
 * measures it, every glyph at its own position to the quarter pixel. */
static bool draw_run(rod_fonts *fonts, const run *r, void *user)
{
    draw_state *d = user;
    if (r->rtl) {
        /* right to left: the runs of one face each go leftwards from the
         * end of the text, measured first (rod_fonts_draw) */
        d->pen -= shaper_run(fonts->shaping, r->face->shape, r->text, r->len, true, NULL, 0, NULL);
        shaper_paint(fonts->shaping, r->face->shape, r->text, r->len, true, (int64_t)d->x * 64 + d->pen, d->y,
                     blend, d);
        return true;
    }
    d->pen += shaper_paint(fonts->shaping, r->face->shape, r->text, r->len, false, (int64_t)d->x * 64 + d->pen,
                           d->y, blend, d);
    return true;
}

int rod_fonts_draw(rod_fonts *fonts, rod_font_spec spec, const char *s, size_t n,
                   struct SDL_Surface *dst, int x, int y, uint32_t rgb)
{
    draw_state d = {dst, x, y, 0, {(Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb}};
    if (SDL_MUSTLOCK(dst) && SDL_LockSurface(dst) != 0)
        return 0;
    int64_t total = 0;
    if (spec.style & ROD_FONT_RTL) {
        measuring m = {0, NULL, 0, 0, NULL};
        each_run(fonts, spec, s, n, add_run, &m);
        total = m.pen;
        d.pen = total;
    }
    each_run(fonts, spec, s, n, draw_run, &d);
    if (spec.style & ROD_FONT_RTL)
        d.pen = total;
    if (SDL_MUSTLOCK(dst))
        SDL_UnlockSurface(dst);
    return to_px(d.pen);
}
