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

/* Appends a head field (creator, subject...) holding text with its white
 * space folded; `type` is its attribute (role, scheme...) or NULL. Empty
 * text adds nothing and returns NULL. */
rod_node *imp_head(rod_doc *doc, rod_kind kind, const char *text, const char *type);
/* Sets the head's title when it is still empty. */
void imp_title(rod_doc *doc, const char *text);
/* True when the head's title has no text yet. */
bool imp_title_empty(const rod_doc *doc);

/* Adds a binary with a unique id near `want`, copying the bytes, after
 * rod_img_probe (rod_img.h) has found a PNG, JPEG or GIF whose every frame
 * is within rod's limits; on a refusal warns (naming `what`) and returns
 * NULL. */
const char *imp_binary(rod_doc *doc, rod_diag *diag, const char *want, const void *data,
                       size_t len, const char *what);

/* Makes every id in the book unique (keeping the first of equal ids) and
 * drops references to ids that are not there; warns for each kind. */
void imp_fix_ids(rod_doc *doc, rod_diag *diag);

/* Replaces invalid UTF-8 and characters XML forbids in every text and
 * attribute of the book (a recovering parser lets them through); warns
 * with the count. */
void imp_repair(rod_doc *doc, rod_diag *diag);

/* The last steps every importer shares: a title ("Untitled" or the
 * caller's) and language when the input had none, repair, unique ids,
 * rod_doc_finish, --smart. Takes doc (freed on an error) and the
 * importer's own result so far; on ROD_OK hands the book to *out. */
struct rod_read_opts;
rod_err imp_finish(rod_doc *doc, const struct rod_read_opts *opts, rod_diag *diag, rod_err err,
                   rod_doc **out);

#endif
