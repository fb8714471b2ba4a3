/* doc_internal.h — what the model's own passes (depth.c, conform.c,
 * finish.c) share. Not a public interface.
 *
 * When a pass takes out an element that has an id, the id must not
 * vanish from under the links that name it: id_moves_hand() gives it to
 * the element that takes the removed one's place (the heir keeps it when
 * it has none of its own, else the id is recorded as moved to the heir's),
 * and id_moves_finish() rewrites every "#moved" reference once at the end
 * of the pass. Heirs must outlive the pass (they are never removed by it).
 *
 *   id_moves mv = ID_MOVES_INIT;
 *   id_moves_hand(&mv, gone->id, heir);
 *   ...
 *   if (id_moves_finish(&mv, doc) != ROD_OK) ...   // also frees the record
 */
#ifndef ROD_DOC_INTERNAL_H
#define ROD_DOC_INTERNAL_H

#include "rod_doc.h"
#include "rod_strmap.h"

typedef struct id_moves {
    rod_strmap moved;       /* id that went -> id that stands for it */
    bool failed;
} id_moves;
#define ID_MOVES_INIT {ROD_STRMAP_INIT, false}

/* `id` (may be NULL) is going; heir takes its place. */
void id_moves_hand(id_moves *mv, const char *id, rod_node *heir);
/* Rewrites the references to moved ids and frees the record.
 * ROD_ERR_NOMEM when memory ran out here or in id_moves_hand. */
rod_err id_moves_finish(id_moves *mv, rod_doc *doc);

/* The schema's rules that the readers' trees may break, made true while
 * rod_doc_finish walks the book (conform.c): each call repairs what it
 * names and counts the repairs for one warning per kind at the end. */
typedef struct conform {
    rod_doc *doc;
    id_moves moves;
    size_t misplaced;       /* title or cite out of its place: a paragraph or line */
    size_t poems;           /* a poem without a stanza: a quotation */
    size_t empty;           /* a stanza without lines, a list without items */
    size_t head;            /* a second head field of a kind, text in head */
    size_t values;          /* attribute values the schema does not allow */
    bool failed;
} conform;

/* The head: one of each field that may appear once, text-only fields
 * without markup. */
void conform_head(conform *c);
/* The children of a block container (after stray inline content has been
 * wrapped): titles first, cites last, poems with stanzas, no empty
 * stanzas or lists. May change the container's own kind (a poem without
 * stanzas becomes a quote). */
void conform_children(conform *c, rod_node *container);
/* Attribute values of every element: languages, roles, schemes, list
 * types, series numbers. */
void conform_values(conform *c);
/* Warns once per kind of repair, rewrites moved ids. */
rod_err conform_finish(conform *c, rod_diag *diag);

#endif
