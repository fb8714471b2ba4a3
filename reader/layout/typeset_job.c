/* typeset_job.c — a chapter set at once or in steps: the job that walks
 * a chapter's blocks (typeset.c's ts_walk) a slice of text at a time, so
 * a long chapter is set between frames, and fixes the lines' run and
 * marker pointers once the chapter's arrays stop growing. Stepping gives
 * exactly the lines setting at once gives.
 */
#include "typeset_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
    chapter_out keep = *out;
    memset(out, 0, sizeof *out);
    out->runs_limited = keep.runs_limited;
    out->run_from = keep.run_from;
    out->run_to = keep.run_to;
    out->run_budget = keep.run_budget;
    out->run_must = keep.run_must;
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
        ts_set_title_page(s, c);
    for (int i = 0; i < src->nlead && s->ok; i++) {
        /* the openings of the sections this chapter begins: a run up to
         * the next section, or a section of titles only */
        const rod_node *stop = src->lead[i];
        if (stop->kind == ROD_SECTION)
            stop = stop->next;
        else
            while (stop && stop->kind != ROD_SECTION)
                stop = stop->next;
        box_ctx lead = *c;
        lead.depth = src->lead_depth[i];
        ts_walk(s, &lead, src->lead[i], stop);
    }
    if (src->whole) {
        ts_walk(s, c, doc->body->first, NULL);
        if (doc->notes && doc->notes->first) {
            s->pending_flags |= opts->section_pages ? PG_NEW_PAGE : 0;
            c->depth = 1;
            ts_walk(s, c, doc->notes->first, NULL);
        }
    } else if (src->section) {
        c->depth = src->depth ? src->depth : 1;
        j->next = src->section->first;
    } else if (src->notes) {
        static const char heading[] = "Notes";
        rod_font_spec f = {ROD_FAMILY_BOOK, 0, (uint16_t)lround(opts->font_size * ts_heading_scale(1))};
        rod_pos at = {src->first_block, 0};
        ts_set_label(s, c, heading, strlen(heading), f, 0, at, ts_line_h(s) * 2, PG_KEEP_SPACE);
        s->pending_space += ts_line_h(s);
        s->pending_flags |= PG_NO_BREAK_BEFORE;
        c->depth = 1;
        ts_walk(s, c, src->from, src->to);
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
        ts_walk(s, &j->c, j->next, j->next->next);
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
    free(s->refs);
    free(j);
    if (!ok) {
        chapter_out_free(out);
        return false;
    }
    for (size_t i = 0; i < out->nlines; i++)
        out->lines[i].runs = out->runs ? out->runs + (uintptr_t)out->lines[i].runs : NULL;
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
