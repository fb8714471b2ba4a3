/* typeset.c — a chapter's blocks set into lines.
 *
 * The block typography lives here and only here: which blocks are
 * indented, centred, hung or set in the monospace face, the sizes of
 * headings, the space between blocks, and the flags the paginator obeys
 * (widows, orphans, headings kept with what follows, ornaments kept with
 * the lines either side, less firmly). For each text block it gathers the styled spans of
 * the block's plain text (the very text positions count in, so a line's
 * start and end are exact positions), has them broken into lines
 * (pieces.c: items, then Knuth–Plass, or first fit for `pre` and when
 * asked, a window of a long paragraph at a time) and places each line's
 * runs at their final x, justified, ragged, centred or flush right; a
 * block with right-to-left text has each line's runs put in visual order
 * (bidi.c) and, when its base direction is right to left, set from the
 * right margin.
 *
 * Lines hold indices into the chapter's run array while it grows, and
 * list markers' runs offsets into the chapter's marker text (a list has
 * any number of items: "1000." is made, not looked up); the pointers are
 * fixed once at the end, so a realloc never leaves one pointing at freed
 * memory.
 */
#include "typeset_internal.h"

#include "bidi.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static const char ORNAMENT[] = "\u2042";    /* ⁂ */
static const char BULLET[] = "\u2022";      /* • */

/* A list marker's text, kept in the chapter (runs borrow their text, and
 * a list may have any number of items): its offset in out->marks, which
 * typeset_finish turns into the run's pointer. */
static uint32_t add_mark(setter *s, const char *text, size_t len)
{
    chapter_out *out = s->out;
    if (out->nmarks + len > s->cap_marks) {
        size_t cap = s->cap_marks ? s->cap_marks * 2 : 256;
        while (cap < out->nmarks + len)
            cap *= 2;
        char *v = realloc(out->marks, cap);
        if (!v) {
            s->ok = false;
            return 0;
        }
        out->marks = v;
        s->cap_marks = cap;
    }
    memcpy(out->marks + out->nmarks, text, len);
    out->nmarks += len;
    return (uint32_t)(out->nmarks - len);
}

void chapter_out_free(chapter_out *out)
{
    free(out->lines);
    free(out->meta);
    free(out->runs);
    free(out->marks);
    free(out->styles);
    free(out->pages);
    memset(out, 0, sizeof *out);
}

static int content_width(const rod_layout_opts *o)
{
    int w = o->width - 2 * o->margin_x;
    return w > 40 ? w : 40;
}

int ts_content_height(const rod_layout_opts *o)
{
    int h = o->height - 2 * o->margin_y;
    return h > 40 ? h : 40;
}

static int em(const setter *s, const box_ctx *c)
{
    return (int)lround(s->o->font_size * c->scale);
}

static uint32_t add_style(setter *s, run_style st)
{
    chapter_out *out = s->out;
    if (!st.node)
        for (size_t i = out->nstyles; i-- > 0 && i + 16 >= out->nstyles;)
            if (!out->styles[i].node && memcmp(&out->styles[i].font, &st.font, sizeof st.font) == 0 &&
                out->styles[i].dy == st.dy && out->styles[i].flags == st.flags)
                return (uint32_t)i;
    if (out->nstyles == s->cap_styles) {
        size_t cap = s->cap_styles ? s->cap_styles * 2 : 64;
        run_style *v = realloc(out->styles, cap * sizeof *v);
        if (!v) {
            s->ok = false;
            return 0;
        }
        out->styles = v;
        s->cap_styles = cap;
    }
    out->styles[out->nstyles] = st;
    return (uint32_t)out->nstyles++;
}

static rod_line *new_line(setter *s, line_meta meta)
{
    chapter_out *out = s->out;
    if (out->nlines == s->cap_lines) {
        size_t cap = s->cap_lines ? s->cap_lines * 2 : 256;
        rod_line *l = realloc(out->lines, cap * sizeof *l);
        if (l)
            out->lines = l;
        line_meta *m = realloc(out->meta, cap * sizeof *m);
        if (m)
            out->meta = m;
        if (!l || !m) {
            s->ok = false;
            return NULL;
        }
        s->cap_lines = cap;
    }
    meta.space_before += s->pending_space;
    /* a keep is lesser only when each keep on the line is: an ornament
     * under a heading is held as firmly as the heading's text */
    uint8_t own = meta.flags, pend = s->pending_flags;
    bool lesser = (own | pend) & PG_NO_BREAK_BEFORE && (!(own & PG_NO_BREAK_BEFORE) || own & PG_LESSER) &&
                  (!(pend & PG_NO_BREAK_BEFORE) || pend & PG_LESSER);
    meta.flags = (uint8_t)(((own | pend) & ~PG_LESSER) | (lesser ? PG_LESSER : 0));
    if (s->chapter_top && !(meta.flags & PG_KEEP_SPACE))
        meta.space_before = 0;
    s->pending_space = 0;
    s->pending_flags = 0;
    s->chapter_top = false;
    out->meta[out->nlines] = meta;
    rod_line *line = &out->lines[out->nlines++];
    memset(line, 0, sizeof *line);
    line->runs = (const rod_run *)(uintptr_t)out->nruns;    /* an index until the end */
    return line;
}

static void add_run(setter *s, rod_line *line, rod_run run)
{
    chapter_out *out = s->out;
    if (run.x + run.w > s->o->width - s->o->margin_x + 1)
        line->flags |= ROD_LINE_OVERFULL;
    if (out->runs_limited) {
        /* only the lines asked for keep their runs (see chapter_out) */
        size_t at = (size_t)(line - out->lines);
        if (at < out->run_from || at >= out->run_to)
            return;
        if (out->nruns >= out->run_budget && at >= out->run_must) {
            out->run_to = at;
            out->nruns -= line->nruns;   /* this line's runs are dropped too */
            line->nruns = 0;
            return;
        }
    }
    if (out->nruns == s->cap_runs) {
        size_t cap = s->cap_runs ? s->cap_runs * 2 : 1024;
        rod_run *v = realloc(out->runs, cap * sizeof *v);
        if (!v) {
            s->ok = false;
            return;
        }
        out->runs = v;
        s->cap_runs = cap;
    }
    /* pieces of one word in one style join into one run */
    if (line->nruns) {
        rod_run *last = &out->runs[out->nruns - 1];
        if (last->flags == run.flags && !(run.flags & (ROD_RUN_IMAGE | ROD_RUN_MARKER)) &&
            last->text + last->len == run.text && last->x + last->w == run.x &&
            memcmp(&last->font, &run.font, sizeof run.font) == 0 && last->dy == run.dy && last->node == run.node &&
            !(s->bidi && s->bidi->active && run.text >= s->bidi->text && run.text < s->bidi->text + s->bidi->len &&
              bidi_level(s->bidi, (size_t)(run.text - s->bidi->text)) !=
                  bidi_level(s->bidi, (size_t)(last->text - s->bidi->text)))) {
            last->len += run.len;
            last->w += run.w;
            return;
        }
    }
    out->runs[out->nruns++] = run;
    line->nruns++;
}

static void line_metrics(setter *s, rod_line *line, rod_font_spec font, double spacing)
{
    int asc, desc;
    s->m->extent(s->m->ctx, font, &asc, &desc);
    int h = (int)lround(font.size * spacing);
    if (h < asc + desc)
        h = asc + desc;
    line->height = h;
    line->ascent = asc + (h - asc - desc) / 2;
}

/* ---- spans of a block's text ---- */

static bool push_span(setter *s, uint32_t start, uint32_t end, uint32_t style)
{
    if (end <= start)
        return true;
    if (s->nspans == s->capspans) {
        size_t cap = s->capspans ? s->capspans * 2 : 32;
        span *v = realloc(s->spans, cap * sizeof *v);
        if (!v)
            return s->ok = false;
        s->spans = v;
        s->capspans = cap;
    }
    s->spans[s->nspans++] = (span){start, end, style};
    return true;
}

/* Walks inline content as rod_node_plain_text does, so byte offsets line
 * up with the block text. */
static void collect(setter *s, const rod_node *parent, run_style st, uint32_t *off, int base_size)
{
    for (const rod_node *n = parent->first; n; n = n->next) {
        run_style inner = st;
        switch (n->kind) {
        case ROD_TEXT:
            push_span(s, *off, *off + (uint32_t)n->len, add_style(s, st));
            *off += (uint32_t)n->len;
            continue;
        case ROD_BR:
            push_span(s, *off, *off + 1, add_style(s, st));
            *off += 1;
            continue;
        case ROD_IMAGE:
            push_span(s, *off, *off + 3, add_style(s, st));
            *off += 3;
            continue;
        case ROD_EM: inner.font.style ^= ROD_FONT_ITALIC; break;
        case ROD_STRONG: inner.font.style |= ROD_FONT_BOLD; break;
        case ROD_SC: inner.font.style |= ROD_FONT_SMALLCAPS; break;
        case ROD_CODE:
            /* a monospace face looks a size larger than a book face */
            inner.font.family = ROD_FAMILY_MONO;
            inner.font.size = (uint16_t)lround(st.font.size * 0.85);
            break;
        case ROD_DEL: inner.flags |= ROD_RUN_STRIKE; break;
        case ROD_SUP:
        case ROD_NOTEREF:
            inner.font.size = (uint16_t)lround(st.font.size * 0.7);
            inner.dy = st.dy + (int)lround(base_size * 0.35);
            if (n->kind == ROD_NOTEREF) {
                inner.flags |= ROD_RUN_LINK;
                inner.node = n;
            }
            break;
        case ROD_SUB:
            inner.font.size = (uint16_t)lround(st.font.size * 0.7);
            inner.dy = st.dy - (int)lround(base_size * 0.15);
            break;
        case ROD_A:
            inner.flags |= ROD_RUN_LINK;
            inner.node = n;
            break;
        default:
            break;
        }
        collect(s, n, inner, off, base_size);
    }
}

/* ---- one text block ---- */


static void position(size_t block, const char *text, uint32_t byte, uint32_t *last_byte, size_t *last_cp,
                     rod_pos *pos)
{
    /* offsets only grow inside a block: count from the last one */
    if (byte < *last_byte) {
        *last_byte = 0;
        *last_cp = 0;
    }
    for (uint32_t i = *last_byte; i < byte; i++)
        *last_cp += ((unsigned char)text[i] & 0xC0) != 0x80;
    *last_byte = byte;
    pos->block = block;
    pos->offset = *last_cp;
}

/* A block's lines as para_break hands them over. */
typedef struct block_lines {
    setter *s;
    const block_fmt *fmt;
    const rod_block *blk;
    size_t bi;
    const run_style *st;
    int measure, left;
    size_t k;                   /* lines set so far */
    uint32_t last_byte;         /* where the last line's position was counted */
    size_t last_cp;
    /* the setter as the block found it, for a rewind */
    size_t nlines, nruns;
    int pending_space;
    uint8_t pending_flags;
    bool chapter_top;
    const char *marker;
    bidi_para bidi;             /* the block's levels */
} block_lines;

/* The block is broken again, looser: its lines are taken back. */
static void rewind_lines(void *ctx)
{
    block_lines *bl = ctx;
    setter *s = bl->s;
    s->out->nlines = bl->nlines;
    s->out->nruns = bl->nruns;
    s->pending_space = bl->pending_space;
    s->pending_flags = bl->pending_flags;
    s->chapter_top = bl->chapter_top;
    s->marker = bl->marker;
    bl->k = 0;
    bl->last_byte = 0;
    bl->last_cp = 0;
}

/* A word's run cut where its embedding level changes, so each run has
 * one level (and odd ones are shaped right to left); the pieces' widths
 * add up to the word's. */
static void add_levels(setter *s, const block_lines *bl, rod_line *line, rod_run run)
{
    const char *text = bl->blk->text;
    size_t from = (size_t)(run.text - text), to = from + run.len;
    int x = run.x, left = run.w;
    for (size_t p = from; p < to;) {
        size_t e = bidi_level_end(&bl->bidi, p, to);
        rod_run piece = run;
        if (bidi_level(&bl->bidi, p) & 1)
            piece.font.style |= ROD_FONT_RTL;
        piece.x = x;
        piece.text = text + p;
        piece.len = (uint32_t)(e - p);
        piece.w = e == to ? left : s->m->width(s->m->ctx, piece.font, piece.text, piece.len);
        add_run(s, line, piece);
        x += piece.w;
        left -= piece.w;
        p = e;
    }
}

static bool set_line(void *ctx, const item *it, size_t n, size_t from, size_t b, double r)
{
    block_lines *bl = ctx;
    setter *s = bl->s;
    const block_fmt *fmt = bl->fmt;
    const rod_block *blk = bl->blk;
    size_t k = bl->k++;
    int measure = bl->measure, left = bl->left, rest = measure - fmt->hang, base = bl->st->font.size;
    /* block_lines is known at the block's end (ts_set_block) */
    line_meta meta = {k == 0 ? fmt->space_before : 0, k == 0 ? fmt->flags : 0, bl->bi, 0, (uint32_t)k};
    rod_line *line = new_line(s, meta);
    if (!line)
        return false;
    line_metrics(s, line, bl->st->font, fmt->spacing);
    uint32_t start_byte = k == 0 ? 0 : (from < n ? it[from].start : (uint32_t)blk->len);
    position(bl->bi, blk->text, start_byte, &bl->last_byte, &bl->last_cp, &line->start);
    line->ratio = fmt->mode == SET_JUSTIFY ? r : 0;
    line->justified = fmt->mode == SET_JUSTIFY && !(it[b].type == IT_PENALTY && it[b].penalty <= -PENALTY_INF);

    /* natural width, for centred and flush-right lines */
    long natural = 0;
    for (size_t i = from; i < b; i++)
        if (it[i].type != IT_PENALTY)
            natural += it[i].width;
    if (it[b].type == IT_PENALTY)
        natural += it[b].width;
    int avail = k == 0 ? measure : rest;
    double x = left + (k > 0 ? fmt->hang : 0);
    if (fmt->mode == SET_CENTER)
        x += (avail - natural) / 2.0;
    else if (fmt->mode == SET_RIGHT)
        x += avail - natural;
    bool adjust = fmt->mode == SET_JUSTIFY && fabs(r) < 1e8;
    if (k == 0 && s->marker) {
        run_style ms = *bl->st;
        size_t len = strlen(s->marker);
        int mw = s->m->width(s->m->ctx, ms.font, s->marker, len);
        uint32_t at = add_mark(s, s->marker, len);
        add_run(s, line, (rod_run){left - mw - base / 3, 0, mw, 0, ms.font, ROD_RUN_MARKER,
                                   (const char *)(uintptr_t)at, (uint32_t)len, NULL});
        s->marker = NULL;
    }
    for (size_t i = from; i < b; i++) {
        const item *t = &it[i];
        if (t->type == IT_BOX) {
            if (t->width > 0 && (t->text == NULL || t->text[0])) {
                const run_style *rs = &s->out->styles[t->style];
                rod_run run = {(int)lround(x), rs->dy, t->width, 0, rs->font, rs->flags,
                               t->text ? t->text : blk->text + t->start,
                               t->text ? (uint32_t)strlen(t->text) : t->end - t->start, rs->node};
                if (bl->bidi.active && !t->text)
                    add_levels(s, bl, line, run);
                else
                    add_run(s, line, run);
            }
            x += t->width;
        } else if (t->type == IT_GLUE) {
            x += t->width;
            if (adjust)
                x += r > 0 ? r * t->stretch : r * t->shrink;
        }
    }
    if (it[b].type == IT_PENALTY && it[b].flagged && it[b].width > 0) {
        const run_style *rs = &s->out->styles[it[b].style];
        add_run(s, line, (rod_run){(int)lround(x), rs->dy, it[b].width, 0, rs->font, rs->flags, "-", 1,
                                   rs->node});
        line->flags |= ROD_LINE_HYPHEN;
    }
    if (bl->bidi.active && line->nruns &&
        !bidi_set_line(&bl->bidi, s->out->runs + (uintptr_t)line->runs, line->nruns, bl->left, bl->measure,
                       k > 0 ? fmt->hang : 0, fmt->mode))
        s->ok = false;
    return s->ok;
}

void ts_set_block(setter *s, const box_ctx *c, const rod_node *node, const block_fmt *fmt)
{
    if (!s->ok || node->block < 0)
        return;
    const rod_doc *doc = s->doc;
    size_t bi = (size_t)node->block;
    const rod_block *blk = &doc->blocks[bi];
    s->work += blk->len + 1;
    int base = em(s, c);
    run_style st = {{c->family, c->style, (uint16_t)base}, 0, 0, NULL};
    uint32_t main_style = add_style(s, st);
    s->nspans = 0;
    uint32_t off = 0;
    collect(s, node, st, &off, base);
    if (off != blk->len || s->nspans == 0) {
        s->nspans = 0;
        push_span(s, 0, (uint32_t)blk->len, main_style);
    }
    if (!s->ok)
        return;

    int measure = content_width(s->o) - c->left - c->right;
    if (measure < base * 4)
        measure = base * 4;
    /* a right-to-left block's box indents (lists, quotes) are mirrored */
    bidi_para bidi;
    if (!bidi_open(&bidi, blk->text, blk->len, rod_node_dir(node))) {
        s->ok = false;
        return;
    }
    int left = s->o->margin_x + (bidi.base & 1 ? c->right : c->left);
    size_t first_line = s->out->nlines;

    if (blk->len == 0) {
        bidi_close(&bidi);
        rod_line *line = new_line(s, (line_meta){fmt->space_before, fmt->flags, bi, 1, 0});
        if (!line)
            return;
        line_metrics(s, line, st.font, fmt->spacing);
        line->start = line->end = (rod_pos){bi, 0};
        line->flags |= ROD_LINE_LAST;
        return;
    }

    para_in in = {blk->text, blk->len, s->spans, s->nspans, s->out->styles,
                  rod_node_lang(node), fmt->mode,
                  s->o->hyphenate && !fmt->heading && fmt->mode != SET_PRE && fmt->mode != SET_VERSE,
                  fmt->indent, measure - fmt->hang};
    para_how how = {s->o->greedy || fmt->mode == SET_PRE, kp_defaults(), measure, measure - fmt->hang, 0};
    if (fmt->mode != SET_JUSTIFY)
        how.kp.tolerance = 3;
    block_lines bl = {s, fmt, blk, bi, &st, measure, left, 0, 0, 0, s->out->nlines, s->out->nruns,
                      s->pending_space, s->pending_flags, s->chapter_top, s->marker, {0}};
    bl.bidi = bidi;
    s->bidi = &bl.bidi;
    para_sink sink = {set_line, rewind_lines, &bl};
    if (s->ok && !para_break(&in, s->m, &how, &sink))
        s->ok = false;
    s->bidi = NULL;
    bidi_close(&bl.bidi);
    if (!s->ok)
        return;
    /* ends: each line ends where the next begins; the last at the end */
    chapter_out *out = s->out;
    for (size_t i = first_line; i < out->nlines; i++) {
        out->lines[i].end = i + 1 < out->nlines ? out->lines[i + 1].start : (rod_pos){bi, blk->chars};
        out->meta[i].block_lines = (uint32_t)(out->nlines - first_line);
    }
    out->lines[out->nlines - 1].flags |= ROD_LINE_LAST;
    out->lines[out->nlines - 1].end = (rod_pos){bi, blk->chars};
    /* widows and orphans: two lines at least on each side of a page break */
    size_t k = out->nlines - first_line;
    if (k >= 2) {
        out->meta[first_line + 1].flags |= PG_NO_BREAK_BEFORE;
        out->meta[out->nlines - 1].flags |= PG_NO_BREAK_BEFORE;
    }
    if (fmt->heading) {
        for (size_t i = first_line + 1; i < out->nlines; i++)
            out->meta[i].flags |= PG_NO_BREAK_BEFORE | PG_KEEP;
        s->pending_flags |= PG_NO_BREAK_BEFORE | PG_KEEP;
    }
}

/* A line that is no text block (an ornament, the authors on the title
 * page, the notes heading): it sits at the position `at`. */
void ts_set_label(setter *s, const box_ctx *c, const char *text, size_t len, rod_font_spec font,
                      uint8_t run_flags, rod_pos at, int space_before, uint8_t flags)
{
    int measure = content_width(s->o) - c->left - c->right;
    label_piece pieces[LABEL_LINES];
    size_t n = ts_label_lines(s->m, font, text, len, measure, pieces);
    for (size_t i = 0; i < n; i++) {
        /* the lines after the first are kept with it */
        rod_line *line = new_line(s, i == 0 ? (line_meta){space_before, flags, SIZE_MAX, 1, 0}
                                            : (line_meta){0, PG_NO_BREAK_BEFORE, SIZE_MAX, 1, 0});
        if (!line)
            return;
        line_metrics(s, line, font, s->o->spacing);
        const char *t = text + pieces[i].off;
        int w = s->m->width(s->m->ctx, font, t, pieces[i].len);
        int x = s->o->margin_x + c->left + (measure - w) / 2;
        add_run(s, line, (rod_run){x, 0, w, 0, font, run_flags, t, pieces[i].len, NULL});
        line->start = line->end = at;
        line->flags |= ROD_LINE_LAST;
    }
}

/* The position where the next block starts: for labels. */
rod_pos ts_next_pos(const setter *s)
{
    const chapter_out *out = s->out;
    return out->nlines ? out->lines[out->nlines - 1].end : (rod_pos){0, 0};
}

static void set_image(setter *s, const box_ctx *c, const rod_node *node)
{
    if (node->block < 0)
        return;
    size_t bi = (size_t)node->block;
    /* a picture kept with the heading above it is set smaller, so the
     * two fit a page and the heading is not left alone on one */
    int share = s->pending_flags & PG_NO_BREAK_BEFORE ? 6 : 9;
    ts_set_picture(s, c, node, (rod_pos){bi, 0}, (rod_pos){bi, s->doc->blocks[bi].chars}, bi,
                   ts_content_height(s->o) * share / 10, false);
    s->no_indent = true;
}

void ts_set_picture(setter *s, const box_ctx *c, const rod_node *node, rod_pos start, rod_pos end,
                    size_t bi, int maxh, bool grow)
{
    int measure = content_width(s->o) - c->left - c->right;
    int w = 0, h = 0;
    const rod_node *bin = NULL;
    if (node->ref && node->ref[0] == '#')
        bin = rod_doc_find_id(s->doc, node->ref + 1);
    if (!bin || !s->o->image_size || !s->o->image_size(s->o->image_ctx, bin, &w, &h) || w <= 0 || h <= 0) {
        w = measure / 2;        /* unknown: a placeholder frame */
        h = w * 3 / 4;
    }
    if (grow && w < measure && h < maxh) {
        h = (int)((long)h * measure / w);
        w = measure;
    }
    if (w > measure) {
        h = (int)((long)h * measure / w);
        w = measure;
    }
    if (h > maxh) {
        w = (int)((long)w * maxh / h);
        h = maxh;
    }
    if (w < 1)
        w = 1;
    if (h < 1)
        h = 1;
    int lh = ts_line_h(s);
    rod_line *line = new_line(s, (line_meta){lh / 2, 0, bi, 1, 0});
    if (!line)
        return;
    line->height = h + lh / 2;
    line->ascent = h;
    line->start = start;
    line->end = end;
    line->flags |= ROD_LINE_LAST;
    int x = s->o->margin_x + c->left + (measure - w) / 2;
    rod_font_spec f = {c->family, c->style, (uint16_t)em(s, c)};
    const char *alt = node->kind == ROD_IMAGE && node->alt ? node->alt : "";
    add_run(s, line, (rod_run){x, 0, w, h, f, ROD_RUN_IMAGE, alt, (uint32_t)strlen(alt), node});
}

/* ---- the walk ---- */

double ts_heading_scale(int depth)
{
    static const double scale[] = {2.0, 1.6, 1.35, 1.2, 1.1, 1.05, 1.0};
    return scale[depth < 0 ? 0 : depth > 6 ? 6 : depth];
}


int ts_line_h(const setter *s)
{
    return (int)lround(s->o->font_size * s->o->spacing);
}

static void set_heading(setter *s, const box_ctx *c, const rod_node *title, int depth)
{
    box_ctx h = *c;
    h.scale = c->scale * ts_heading_scale(depth);
    block_fmt f = {SET_CENTER, 0, 0, 1.25, 0, 0, true};
    if (s->chapter_top) {
        f.space_before = ts_line_h(s) * 2;     /* a chapter's title sits lower */
        f.flags |= PG_KEEP_SPACE;
    } else {
        f.space_before = ts_line_h(s) * 3 / 2;
    }
    ts_set_block(s, &h, title, &f);
    s->pending_space += ts_line_h(s) * 3 / 4;
    s->no_indent = true;
}

static void set_para(setter *s, const box_ctx *c, const rod_node *p, set_mode mode)
{
    bool indent = !s->no_indent && (mode == SET_JUSTIFY || mode == SET_RAGGED);
    block_fmt f = {mode, indent ? em(s, c) * 3 / 2 : 0, 0,
                   s->o->spacing, 0, 0, false};
    ts_set_block(s, c, p, &f);
    s->no_indent = false;
}

static void set_list(setter *s, const box_ctx *c, const rod_node *list)
{
    bool numbered = list->type && strcmp(list->type, "number") == 0;
    box_ctx in = *c;
    int indent = em(s, c) * 2;
    in.left += indent;
    size_t n = 0;
    for (const rod_node *item = list->first; item; item = item->next) {
        if (item->kind != ROD_ITEM)
            continue;
        n++;
        if (numbered)
            snprintf(s->number, sizeof s->number, "%zu.", n);
        s->marker = numbered ? s->number : BULLET;
        if (item->block >= 0) {
            block_fmt f = {s->o->ragged ? SET_RAGGED : SET_JUSTIFY, 0, 0, s->o->spacing, 0, 0, false};
            ts_set_block(s, &in, item, &f);
        } else {
            s->no_indent = true;
            ts_walk(s, &in, item->first, NULL);
        }
        s->marker = NULL;
    }
    s->pending_space += ts_line_h(s) / 3;
    s->no_indent = true;
}

void ts_walk(setter *s, const box_ctx *c, const rod_node *first, const rod_node *stop)
{
    set_mode body = s->o->ragged ? SET_RAGGED : SET_JUSTIFY;
    for (const rod_node *n = first; n && n != stop && s->ok; n = n->next) {
        box_ctx inner = *c;
        switch (n->kind) {
        case ROD_SECTION:
            inner.depth = c->depth + 1;
            s->no_indent = true;
            ts_walk(s, &inner, n->first, NULL);
            break;
        case ROD_TITLE:
            if (n->parent && n->parent->kind == ROD_POEM) {
                inner.style |= ROD_FONT_ITALIC;
                block_fmt f = {SET_RAGGED, 0, 0, s->o->spacing, PG_NO_BREAK_BEFORE * 0, ts_line_h(s) / 2, true};
                ts_set_block(s, &inner, n, &f);
                s->pending_flags |= PG_NO_BREAK_BEFORE;
            } else {
                set_heading(s, c, n, c->depth);
            }
            break;
        case ROD_P:
            set_para(s, c, n, body);
            break;
        case ROD_BREAK: {
            rod_font_spec f = {c->family, 0, (uint16_t)em(s, c)};
            /* kept with its neighbours, but less firmly than a heading
             * with its text (PG_LESSER, see paginate.c) */
            ts_set_label(s, c, ORNAMENT, strlen(ORNAMENT), f, ROD_RUN_ORNAMENT, ts_next_pos(s), ts_line_h(s) / 2,
                         PG_NO_BREAK_BEFORE | PG_KEEP | PG_LESSER);
            /* an ornament held firmly (under a heading) holds what follows
             * firmly too: the heading stays with text */
            bool lesser = s->ok && s->out->meta[s->out->nlines - 1].flags & PG_LESSER;
            s->pending_space += ts_line_h(s) / 2;
            s->pending_flags |= PG_NO_BREAK_BEFORE | PG_KEEP | (lesser ? PG_LESSER : 0);
            s->no_indent = true;
            break;
        }
        case ROD_QUOTE:
            inner.left += em(s, c) * 2;
            inner.right += em(s, c) * 2;
            s->pending_space += ts_line_h(s) / 2;
            s->no_indent = true;
            ts_walk(s, &inner, n->first, NULL);
            s->pending_space += ts_line_h(s) / 2;
            s->no_indent = true;
            break;
        case ROD_EPIGRAPH:
            inner.left += content_width(s->o) / 3;
            inner.scale = c->scale * 0.92;
            s->no_indent = true;
            ts_walk(s, &inner, n->first, NULL);
            s->pending_space += ts_line_h(s);
            s->no_indent = true;
            break;
        case ROD_POEM:
            inner.left += em(s, c) * 2;
            s->pending_space += ts_line_h(s) / 2;
            ts_walk(s, &inner, n->first, NULL);
            s->pending_space += ts_line_h(s) / 2;
            s->no_indent = true;
            break;
        case ROD_STANZA: {
            if (n->prev && n->prev->kind == ROD_STANZA)
                s->pending_space += ts_line_h(s) / 2;
            size_t first_line = s->out->nlines;
            for (const rod_node *l = n->first; l && s->ok; l = l->next) {
                if (l->kind == ROD_LINE) {
                    block_fmt f = {SET_VERSE, 0, em(s, c) * 2, s->o->spacing, 0, 0, false};
                    ts_set_block(s, &inner, l, &f);
                } else {
                    ts_walk(s, &inner, l, l->next);
                }
            }
            /* widows and orphans count in verse lines of the stanza */
            size_t k = s->out->nlines - first_line;
            if (s->ok && k >= 2) {
                s->out->meta[first_line + 1].flags |= PG_NO_BREAK_BEFORE;
                s->out->meta[s->out->nlines - 1].flags |= PG_NO_BREAK_BEFORE;
            }
            break;
        }
        case ROD_LINE: {
            block_fmt f = {SET_VERSE, 0, em(s, c) * 2, s->o->spacing, 0, 0, false};
            ts_set_block(s, c, n, &f);
            break;
        }
        case ROD_CITE: {
            inner.style ^= ROD_FONT_ITALIC;
            block_fmt f = {SET_RIGHT, 0, 0, s->o->spacing, PG_NO_BREAK_BEFORE, ts_line_h(s) / 4, false};
            ts_set_block(s, &inner, n, &f);
            break;
        }
        case ROD_PRE: {
            inner.family = ROD_FAMILY_MONO;
            inner.scale = c->scale * 0.85;
            block_fmt f = {SET_PRE, 0, 0, 1.3, 0, ts_line_h(s) / 2, false};
            ts_set_block(s, &inner, n, &f);
            s->pending_space += ts_line_h(s) / 2;
            s->no_indent = true;
            break;
        }
        case ROD_LIST:
            s->pending_space += ts_line_h(s) / 3;
            set_list(s, c, n);
            break;
        case ROD_ITEM:
            ts_walk(s, c, n->first, NULL);
            break;
        case ROD_IMAGE:
            set_image(s, c, n);
            break;
        case ROD_NOTE:
            ts_set_note(s, c, n);
            break;
        default:
            if (n->first && !rod_kind_is_inline(n->kind))
                ts_walk(s, c, n->first, NULL);
            break;
        }
    }
}
