/* typeset_notes.c — the label each note is listed under at the book's end.
 *
 * A note holds no label of its own (ROD-FORMAT: the noteref's content is
 * the label shown), so the notes section finds it: the text of the first
 * noteref pointing at the note, hung in the margin before the note's
 * first line as a list's number is ("1", "2", "*"). A label too wide for
 * the margin (FictionBook's "сноска 1") or a note nothing points at gets
 * its number among the notes instead, so every note is listed under a
 * label. The noterefs are gathered once per chapter, sorted by the note
 * they point at and found by binary search: a book of a thousand notes
 * costs one walk of its body, not one per note.
 */
#include "typeset_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rod_buf.h"
#include "rod_utf8.h"

typedef struct note_ref {
    const rod_node *note, *ref;
    size_t order;               /* document order of the ref */
} note_ref;

static int by_note(const void *pa, const void *pb)
{
    const note_ref *a = pa, *b = pb;
    if (a->note != b->note)
        return (uintptr_t)a->note < (uintptr_t)b->note ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

static void gather(setter *s)
{
    const rod_doc *doc = s->doc;
    size_t cap = 0;
    s->refs_gathered = true;
    for (const rod_node *n = doc->root; n; n = rod_node_next_in(n, doc->root)) {
        if (n->kind != ROD_NOTEREF || !n->ref || n->ref[0] != '#')
            continue;
        const rod_node *t = rod_doc_find_id(doc, n->ref + 1);
        if (!t || t->kind != ROD_NOTE)
            continue;
        if (s->nrefs == cap) {
            size_t c = cap ? cap * 2 : 64;
            note_ref *v = realloc(s->refs, c * sizeof *v);
            if (!v)
                return;         /* labels are then numbers: no text lost */
            s->refs = v;
            cap = c;
        }
        ((note_ref *)s->refs)[s->nrefs] = (note_ref){t, n, s->nrefs};
        s->nrefs++;
    }
    if (s->nrefs > 1)
        qsort(s->refs, s->nrefs, sizeof(note_ref), by_note);
}

static const rod_node *first_ref(const setter *s, const rod_node *note)
{
    const note_ref *v = s->refs;
    size_t lo = 0, hi = s->nrefs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if ((uintptr_t)v[mid].note < (uintptr_t)note)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->nrefs && v[lo].note == note ? v[lo].ref : NULL;
}

/* The label of note in font, when it fits room px: the marker of the
 * note's first line. */
static void label(setter *s, const rod_node *note, rod_font_spec font, int room)
{
    if (!s->refs_gathered)
        gather(s);
    s->notes_set++;
    const rod_node *ref = first_ref(s, note);
    s->number[0] = '\0';
    if (ref) {
        rod_buf t = ROD_BUF_INIT;
        rod_node_plain_text(ref, &t);
        if (t.data && t.len > 0 && t.len < sizeof s->number &&
            s->m->width(s->m->ctx, font, t.data, t.len) <= room)
            memcpy(s->number, t.data, t.len + 1);
        rod_buf_free(&t);
    }
    if (!s->number[0])
        snprintf(s->number, sizeof s->number, "%zu", s->notes_set);
    s->marker = s->number;
}

void ts_set_note(setter *s, const box_ctx *c, const rod_node *note)
{
    box_ctx inner = *c;
    inner.scale = c->scale * 0.9;
    int em = (int)lround(s->o->font_size * inner.scale);
    inner.left += em * 2;
    s->pending_space += ts_line_h(s) / 2;
    s->no_indent = true;
    label(s, note, (rod_font_spec){inner.family, inner.style, (uint16_t)em}, em * 2 - em / 3);
    ts_walk(s, &inner, note->first, NULL);
    s->marker = NULL;
}
