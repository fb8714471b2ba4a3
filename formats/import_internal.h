/* import_internal.h — what the HTML, EPUB and FictionBook importers share:
 * filling the head from metadata strings, binaries from image bytes, and
 * the last clean-up before rod_doc_finish. Not a public interface.
 *
 * Every function copies the strings it is given into the document's arena;
 * they return NULL (or false) only when memory runs out.
 */
#ifndef ROD_IMPORT_INTERNAL_H
#define ROD_IMPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "rod_doc.h"
#include "rod_strmap.h"

/* Appends a head field (creator, subject...) holding text with its white
 * space folded; `type` is its attribute (role, scheme...) or NULL. Empty
 * text adds nothing and returns NULL. */
rod_node *imp_head(rod_doc *doc, rod_kind kind, const char *text, const char *type);
/* Sets the head's title when it is still empty. */
void imp_title(rod_doc *doc, const char *text);
/* True when the head's title has no text yet. */
bool imp_title_empty(const rod_doc *doc);

/* A poem that holds no stanza (FictionBook's <poem> of a title alone, an
 * HTML verse container without lines) is no poem: its children (title,
 * cite, date...) take its place as paragraphs and it is unlinked. Returns
 * whether it was; a poem with a stanza is left as it is. */
bool imp_poem_or_paragraphs(rod_node *poem);

/* The ids given out so far, for handing out unique ones in amortized
 * constant time: the wanted id itself when it is free, else the first
 * free of want-2, want-3... The next suffix to try is remembered per
 * wanted id, so a thousand elements that all want "a" cost a thousand
 * probes, not half a million. (Each id that blocks a probe blocks one
 * suffix of one wanted id, so the probes that fail are at most the ids.)
 *   imp_ids ids = IMP_IDS_INIT; ... imp_ids_free(&ids);
 * The set copies its keys; owners are borrowed. */
typedef struct imp_ids {
    rod_strmap used;        /* id -> its owner */
    rod_strmap next;        /* wanted id -> next suffix to try */
} imp_ids;
#define IMP_IDS_INIT {ROD_STRMAP_INIT, ROD_STRMAP_INIT}
void imp_ids_free(imp_ids *ids);
/* The owner of id, or NULL when it is free. */
void *imp_ids_owner(const imp_ids *ids, const char *id);
/* Records id (taken as it is) for owner (not NULL); false when memory
 * runs out. */
bool imp_ids_take(imp_ids *ids, const char *id, void *owner);
/* A free id near want (want itself, or want-N), recorded for owner and
 * copied into doc's arena; NULL when memory runs out. */
const char *imp_ids_unique(imp_ids *ids, rod_doc *doc, const char *want, void *owner);

/* What the text shows for an image rod cannot keep (its file is not in the
 * book, or its data is no picture imp_binary keeps): its alt text, or
 * "[image]" when it has none or only white space, so that no image goes
 * without a trace (a caption "the four damaged images below" must not
 * point at nothing). Returns alt itself or a static string. */
const char *imp_image_stand_in(const char *alt);

/* Adds a binary with an id near `want` that is unique in `ids` (the
 * caller's record of the ids it has given out), copying the bytes, after
 * rod_img_probe (rod_img.h) has found a PNG, JPEG or GIF whose every frame
 * is within rod's limits; on a refusal warns (naming `what`) and returns
 * NULL. */
const char *imp_binary(rod_doc *doc, rod_diag *diag, imp_ids *ids, const char *want,
                       const void *data, size_t len, const char *what);

/* Makes every id in the book unique and every reference lead to the kind
 * of element it must: binaries and notes keep their ids first (an image
 * must find its binary, a note reference its note), then the first of
 * equal ids in document order; the others are renamed. References to ids
 * that are not there are dropped (a link or note reference keeps its text,
 * a cover goes, an image becomes a paragraph of U+FFFC, its plain text, so
 * the text blocks stay as they were), a note reference to something that
 * is not a note becomes a link; warns once for each kind of repair. */
void imp_fix_ids(rod_doc *doc, rod_diag *diag);

/* Replaces invalid UTF-8 and characters XML forbids in every text and
 * attribute of the book (a recovering parser lets them through); warns
 * with the count. */
void imp_repair(rod_doc *doc, rod_diag *diag);

/* Images the importer left inside text (inline_images.c) made block
 * images where they stood, splitting their paragraph. False when memory
 * ran out. */
bool imp_lift_images(rod_doc *doc);

/* The last steps every importer shares: a title ("Untitled" or the
 * caller's) and language when the input had none, the book's direction
 * from its language when it states none, repair, unique ids,
 * rod_doc_finish, --smart. Takes doc (freed on an error) and the
 * importer's own result so far; on ROD_OK hands the book to *out. */
struct rod_read_opts;
rod_err imp_finish(rod_doc *doc, const struct rod_read_opts *opts, rod_diag *diag, rod_err err,
                   rod_doc **out);

#endif
