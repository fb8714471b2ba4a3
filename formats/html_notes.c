/* html_notes.c — notes lifted out of the HTML text into the book's notes
 * (html_map_internal.h). A note keeps the source's id, so references and
 * links resolved later (html_map_links) find it; ids that were waiting
 * for the next node belong to the text after the note, not to the note.
 * A first paragraph that only repeats the note's label is dropped, since
 * the reference already shows it.
 */
#include "html_map_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "xml_tree.h"

/* A note's first paragraph that only repeats its label ("1", "[2]", "*")
 * is the label, which the reference already shows. */
static void trim_label(rod_node *note)
{
    rod_node *p = note->first;
    if (!p || p->kind != ROD_P || !p->next)
        return;
    rod_buf t = ROD_BUF_INIT;
    rod_node_plain_text(p, &t);
    size_t visible = 0;
    bool label = true;
    for (size_t i = 0; i < t.len; i++) {
        unsigned char c = (unsigned char)t.data[i];
        if (isspace(c))
            continue;
        visible++;
        label &= isdigit(c) || c == '[' || c == ']' || c == '*' || c == '(' || c == ')' ||
                 c == '.' || c >= 0x80;
    }
    rod_buf_free(&t);
    if (label && visible > 0 && visible <= 6)
        rod_node_unlink(p);
}

void hm_map_note(html_map *m, xmlNode *el)
{
    /* ids seen before the note belong to the text, not to the note */
    const char **saved = NULL;
    size_t nsaved = m->npending;
    if (nsaved) {
        saved = malloc(nsaved * sizeof *saved);
        if (saved)
            memcpy(saved, m->pending, nsaved * sizeof *saved);
        m->npending = 0;
    }
    rod_node *note = hm_add(m, rod_doc_notes(m->doc), ROD_NOTE, el);
    if (note) {
        if (!note->id) {
            char id[32];
            snprintf(id, sizeof id, "note-%lu", ++m->serial);
            note->id = hm_made_id(m, id, note);
        }
        blk nb = {.container = note};
        hm_map_blocks(m, el->children, &nb);
        hm_close_poem(&nb);
        trim_label(note);
    }
    if (saved) {
        for (size_t i = 0; i < nsaved; i++)
            hm_pend_id(m, saved[i]);
        free(saved);
    }
}
