/* write_common.c — note references and creator lists for the writers.
 *
 * Notes in rod are their own elements, referenced from the text by id;
 * every output format wants the reverse link too (a back-link, a label).
 * The index is built once per write in reading order and searched
 * linearly per note: books have tens to a few hundred notes, and a hash
 * table was not worth its code.
 */
#include "write_internal.h"

#include <stdlib.h>
#include <string.h>

void note_index_build(const rod_doc *doc, note_index *index)
{
    index->refs = NULL;
    index->n = 0;
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
}

void note_index_free(note_index *index)
{
    free(index->refs);
    index->refs = NULL;
    index->n = 0;
}

const note_ref *note_index_first(const note_index *index, const char *note_id)
{
    if (!note_id)
        return NULL;
    for (size_t i = 0; i < index->n; i++)
        if (strcmp(index->refs[i].note_id, note_id) == 0)
            return &index->refs[i];
    return NULL;
}

const note_ref *note_index_of(const note_index *index, const rod_node *ref)
{
    for (size_t i = 0; i < index->n; i++)
        if (index->refs[i].ref == ref)
            return &index->refs[i];
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
