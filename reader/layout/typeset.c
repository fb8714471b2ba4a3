/* typeset.c — a chapter's blocks set into lines: the walk and its
 * typography.
 *
 * The block typography lives here and only here: which blocks are
 * indented, centred, hung or set in the monospace face, the sizes of
 * headings, the space between blocks, and the flags the paginator obeys
 * between blocks (headings kept with what follows, ornaments never first
 * or last on a page, a stanza's widows and orphans counted in verse
 * lines). The walk goes through a chapter's nodes and gives each text
 * block a block_fmt; typeset_block.c sets it into lines. A chapter is
 * set as a typeset_job, in steps of about a given number of bytes of
 * text, so the window can lay out a big book a slice at a time; the
 * result is the same as setting it at once (typeset_chapter).
 */
#include "typeset_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char ORNAMENT[] = "\u2042";    /* ⁂ */
static const char BULLET[] = "\u2022";      /* • */

/* ---- the walk ---- */

static double heading_scale(int depth)
{
    static const double scale[] = {2.0, 1.6, 1.35, 1.2, 1.1, 1.05, 1.0};
    return scale[depth < 0 ? 0 : depth > 6 ? 6 : depth];
}

static void walk(setter *s, const box_ctx *c, const rod_node *first, const rod_node *stop);

static int line_h(const setter *s)
{
    return (int)lround(s->o->font_size * s->o->spacing);
}

static void set_heading(setter *s, const box_ctx *c, const rod_node *title, int depth)
{
    box_ctx h = *c;
    h.scale = c->scale * heading_scale(depth);
    block_fmt f = {SET_CENTER, 0, 0, 1.25, 0, 0, true};
    if (s->chapter_top) {
        f.space_before = line_h(s) * 2;     /* a chapter's title sits lower */
        f.flags |= PG_KEEP_SPACE;
    } else {
        f.space_before = line_h(s) * 3 / 2;
    }
    set_block(s, &h, title, &f);
    s->pending_space += line_h(s) * 3 / 4;
    s->no_indent = true;
}

static void set_para(setter *s, const box_ctx *c, const rod_node *p, set_mode mode)
{
    bool indent = !s->no_indent && (mode == SET_JUSTIFY || mode == SET_RAGGED);
    block_fmt f = {mode, indent ? em(s, c) * 3 / 2 : 0, 0,
                   s->o->spacing, 0, 0, false};
    set_block(s, c, p, &f);
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
            set_block(s, &in, item, &f);
        } else {
            s->no_indent = true;
            walk(s, &in, item->first, NULL);
        }
        s->marker = NULL;
    }
    s->pending_space += line_h(s) / 3;
    s->no_indent = true;
}

static void walk(setter *s, const box_ctx *c, const rod_node *first, const rod_node *stop)
{
    set_mode body = s->o->ragged ? SET_RAGGED : SET_JUSTIFY;
    for (const rod_node *n = first; n && n != stop && s->ok; n = n->next) {
        box_ctx inner = *c;
        switch (n->kind) {
        case ROD_SECTION:
            inner.depth = c->depth + 1;
            s->no_indent = true;
            walk(s, &inner, n->first, NULL);
            break;
        case ROD_TITLE:
            if (n->parent && n->parent->kind == ROD_POEM) {
                inner.style |= ROD_FONT_ITALIC;
                block_fmt f = {SET_RAGGED, 0, 0, s->o->spacing, PG_NO_BREAK_BEFORE * 0, line_h(s) / 2, true};
                set_block(s, &inner, n, &f);
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
            set_label(s, c, ORNAMENT, strlen(ORNAMENT), f, ROD_RUN_ORNAMENT, next_pos(s), line_h(s) / 2,
                      PG_NO_BREAK_BEFORE | PG_KEEP);
            s->pending_space += line_h(s) / 2;
            s->pending_flags |= PG_NO_BREAK_BEFORE | PG_KEEP;
            s->no_indent = true;
            break;
        }
        case ROD_QUOTE:
            inner.left += em(s, c) * 2;
            inner.right += em(s, c) * 2;
            s->pending_space += line_h(s) / 2;
            s->no_indent = true;
            walk(s, &inner, n->first, NULL);
            s->pending_space += line_h(s) / 2;
            s->no_indent = true;
            break;
        case ROD_EPIGRAPH:
            inner.left += content_width(s->o) / 3;
            inner.scale = c->scale * 0.92;
            s->no_indent = true;
            walk(s, &inner, n->first, NULL);
            s->pending_space += line_h(s);
            s->no_indent = true;
            break;
        case ROD_POEM:
            inner.left += em(s, c) * 2;
            s->pending_space += line_h(s) / 2;
            walk(s, &inner, n->first, NULL);
            s->pending_space += line_h(s) / 2;
            s->no_indent = true;
            break;
        case ROD_STANZA: {
            if (n->prev && n->prev->kind == ROD_STANZA)
                s->pending_space += line_h(s) / 2;
            size_t first_line = s->out->nlines;
            for (const rod_node *l = n->first; l && s->ok; l = l->next) {
                if (l->kind == ROD_LINE) {
                    block_fmt f = {SET_VERSE, 0, em(s, c) * 2, s->o->spacing, 0, 0, false};
                    set_block(s, &inner, l, &f);
                } else {
                    walk(s, &inner, l, l->next);
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
            set_block(s, c, n, &f);
            break;
        }
        case ROD_CITE: {
            inner.style ^= ROD_FONT_ITALIC;
            block_fmt f = {SET_RIGHT, 0, 0, s->o->spacing, PG_NO_BREAK_BEFORE, line_h(s) / 4, false};
            set_block(s, &inner, n, &f);
            break;
        }
        case ROD_PRE: {
            inner.family = ROD_FAMILY_MONO;
            inner.scale = c->scale * 0.85;
            block_fmt f = {SET_PRE, 0, 0, 1.3, 0, line_h(s) / 2, false};
            set_block(s, &inner, n, &f);
            s->pending_space += line_h(s) / 2;
            s->no_indent = true;
            break;
        }
        case ROD_LIST:
            s->pending_space += line_h(s) / 3;
            set_list(s, c, n);
            break;
        case ROD_ITEM:
            walk(s, c, n->first, NULL);
            break;
        case ROD_IMAGE:
            set_image(s, c, n);
            break;
        case ROD_NOTE:
            inner.scale = c->scale * 0.9;
            s->pending_space += line_h(s) / 2;
            s->no_indent = true;
            walk(s, &inner, n->first, NULL);
            break;
        default:
            if (n->first && !rod_kind_is_inline(n->kind))
                walk(s, c, n->first, NULL);
            break;
        }
    }
}

static void set_title_page(setter *s, const box_ctx *c)
{
    const rod_doc *doc = s->doc;
    box_ctx t = *c;
    t.scale = 2.0;
    block_fmt f = {SET_CENTER, 0, 0, 1.2, PG_KEEP_SPACE, content_height(s->o) / 4, true};
    set_block(s, &t, doc->title, &f);
    rod_pos at = next_pos(s);
    int gap = line_h(s) * 2;
    for (const rod_node *n = doc->head->first; n && s->ok; n = n->next) {
        if (n->kind != ROD_CREATOR && n->kind != ROD_SUBTITLE)
            continue;
        if (n->kind == ROD_CREATOR && n->type && strcmp(n->type, "author") != 0)
            continue;
        for (const rod_node *tx = n->first; tx; tx = tx->next) {
            if (tx->kind != ROD_TEXT || tx->len == 0)
                continue;
            rod_font_spec font = {c->family, n->kind == ROD_SUBTITLE ? ROD_FONT_ITALIC : 0,
                                  (uint16_t)lround(s->o->font_size * (n->kind == ROD_SUBTITLE ? 1.3 : 1.15))};
            set_label(s, c, tx->text, tx->len, font, 0, at, gap, PG_NO_BREAK_BEFORE);
            gap = line_h(s) / 2;
        }
    }
    s->pending_flags |= PG_NEW_PAGE;
    s->no_indent = true;
}

/* A chapter being set: the setter, and for a section or a run of body
 * children, the next child to set (whole books, title pages and the notes
 * are set at once). */
struct typeset_job {
    setter s;
    box_ctx c;
    const rod_node *next, *stop;
};

typeset_job *typeset_begin(const rod_doc *doc, const chapter_src *src, const rod_measure *m,
                           const rod_layout_opts *opts, chapter_out *out)
{
    typeset_job *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    memset(out, 0, sizeof *out);
    setter *s = &j->s;
    s->doc = doc;
    s->m = m;
    s->o = opts;
    s->out = out;
    s->ok = true;
    s->no_indent = true;
    s->chapter_top = true;
    j->c = (box_ctx){0, 0, 0, 1.0, 0, ROD_FAMILY_BOOK};
    box_ctx *c = &j->c;
    if (src->title_page)
        set_title_page(s, c);
    if (src->whole) {
        walk(s, c, doc->body->first, NULL);
        if (doc->notes && doc->notes->first) {
            s->pending_flags |= opts->section_pages ? PG_NEW_PAGE : 0;
            c->depth = 1;
            walk(s, c, doc->notes->first, NULL);
        }
    } else if (src->section) {
        c->depth = src->depth ? src->depth : 1;
        j->next = src->section->first;
    } else if (src->notes) {
        static const char heading[] = "Notes";
        rod_font_spec f = {ROD_FAMILY_BOOK, 0, (uint16_t)lround(opts->font_size * heading_scale(1))};
        rod_pos at = {src->first_block, 0};
        set_label(s, c, heading, strlen(heading), f, 0, at, line_h(s) * 2, PG_KEEP_SPACE);
        s->pending_space += line_h(s);
        s->pending_flags |= PG_NO_BREAK_BEFORE;
        c->depth = 1;
        walk(s, c, src->from, src->to);
    } else if (src->from) {
        c->depth = src->depth;
        j->next = src->from;
        j->stop = src->to;
    }
    return j;
}

bool typeset_step(typeset_job *j, size_t bytes)
{
    setter *s = &j->s;
    size_t from = s->work;
    while (j->next && j->next != j->stop && s->ok && s->work - from < bytes) {
        walk(s, &j->c, j->next, j->next->next);
        j->next = j->next->next;
    }
    return !s->ok || !j->next || j->next == j->stop;
}

bool typeset_finish(typeset_job *j)
{
    setter *s = &j->s;
    chapter_out *out = s->out;
    bool ok = s->ok && (!j->next || j->next == j->stop);
    free(s->spans);
    free(j);
    if (!ok) {
        chapter_out_free(out);
        return false;
    }
    for (size_t i = 0; i < out->nlines; i++)
        out->lines[i].runs = out->runs + (uintptr_t)out->lines[i].runs;
    for (size_t i = 0; i < out->nruns; i++)
        if (out->runs[i].flags & ROD_RUN_MARKER)
            out->runs[i].text = out->marks + (uintptr_t)out->runs[i].text;
    return true;
}

bool typeset_chapter(const rod_doc *doc, const chapter_src *src, const rod_measure *m,
                     const rod_layout_opts *opts, chapter_out *out)
{
    typeset_job *j = typeset_begin(doc, src, m, opts, out);
    if (!j)
        return false;
    typeset_step(j, SIZE_MAX);
    return typeset_finish(j);
}
