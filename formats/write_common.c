/* write_common.c — note references and creator lists for the writers.
 *
 * Notes in rod are their own elements, referenced from the text by id;
 * every output format wants the reverse link too (a back-link, a label).
 * The index is built once per write in reading order, with two sorted
 * views (by noteref node, by note id) searched by bisection: writers ask
 * once per reference and once per note, and a book of a hundred thousand
 * notes must not cost ten billion comparisons.
 */
#include "write_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int by_node(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)(*(const note_ref *const *)a)->ref;
    uintptr_t y = (uintptr_t)(*(const note_ref *const *)b)->ref;
    return x < y ? -1 : x > y;
}

static int by_note(const void *a, const void *b)
{
    const note_ref *x = *(const note_ref *const *)a, *y = *(const note_ref *const *)b;
    int c = strcmp(x->note_id, y->note_id);
    return c ? c : x->number < y->number ? -1 : x->number > y->number;
}

void write_indent(rod_buf *out, size_t depth)
{
    rod_buf_fill(out, ' ', 2 * (depth < WRITE_MAX_INDENT ? depth : WRITE_MAX_INDENT));
}

void note_index_build(const rod_doc *doc, note_index *index)
{
    index->refs = NULL;
    index->n = 0;
    index->by_node = index->by_note = NULL;
    size_t cap = 0;
    for (const rod_node *n = doc->body; n; n = rod_node_next_in(n, doc->body)) {
        if (n->kind != ROD_NOTEREF || !n->ref || n->ref[0] != '#')
            continue;
        if (index->n == cap) {
            cap = cap ? cap * 2 : 32;
            note_ref *refs = realloc(index->refs, cap * sizeof *refs);
            if (!refs) {
                note_index_free(index);
                return;
            }
            index->refs = refs;
        }
        index->refs[index->n] = (note_ref){n, n->ref + 1, index->n + 1};
        index->n++;
    }
    if (!index->n)
        return;
    index->by_node = malloc(index->n * sizeof *index->by_node);
    index->by_note = malloc(index->n * sizeof *index->by_note);
    if (!index->by_node || !index->by_note) {
        note_index_free(index);
        return;
    }
    for (size_t i = 0; i < index->n; i++)
        index->by_node[i] = index->by_note[i] = &index->refs[i];
    qsort(index->by_node, index->n, sizeof *index->by_node, by_node);
    qsort(index->by_note, index->n, sizeof *index->by_note, by_note);
}

void note_index_free(note_index *index)
{
    free(index->refs);
    free(index->by_node);
    free(index->by_note);
    index->refs = NULL;
    index->by_node = index->by_note = NULL;
    index->n = 0;
}

const note_ref *note_index_first(const note_index *index, const char *note_id)
{
    if (!note_id || !index->n)
        return NULL;
    size_t lo = 0, hi = index->n;
    while (lo < hi) {       /* the first entry not before note_id */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(index->by_note[mid]->note_id, note_id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < index->n && strcmp(index->by_note[lo]->note_id, note_id) == 0 ? index->by_note[lo]
                                                                              : NULL;
}

const note_ref *note_index_of(const note_index *index, const rod_node *ref)
{
    size_t lo = 0, hi = index->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uintptr_t at = (uintptr_t)index->by_node[mid]->ref;
        if (at == (uintptr_t)ref)
            return index->by_node[mid];
        if (at < (uintptr_t)ref)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

void note_label(const note_index *index, const rod_node *note, size_t ordinal, rod_buf *out)
{
    const note_ref *r = note_index_first(index, note->id);
    size_t before = out->len;
    if (r)
        rod_node_plain_text(r->ref, out);
    if (out->len == before)
        rod_buf_printf(out, "%zu", ordinal);
}

size_t creators_joined(const rod_doc *doc, const char *role, rod_buf *out)
{
    size_t count = 0;
    for (const rod_node *c = doc->head->first; c; c = c->next) {
        if (c->kind != ROD_CREATOR)
            continue;
        const char *r = c->type ? c->type : "author";
        if (strcmp(r, role) != 0)
            continue;
        if (count++)
            rod_buf_adds(out, ", ");
        rod_node_plain_text(c, out);
    }
    return count;
}
