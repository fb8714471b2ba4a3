/* write_internal.h — what the text, HTML and Markdown writers share: an
 * index of note references, so notes can be labelled and linked back to
 * the place that cites them. Not a public interface.
 */
#ifndef ROD_WRITE_INTERNAL_H
#define ROD_WRITE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "rod_buf.h"
#include "rod_doc.h"

/* Indentation stops growing at this many levels (two spaces each), so a
 * book nested as deep as it may be (ROD_MAX_DEPTH) does not spend most of
 * its bytes on spaces: the file stays linear in the book. */
enum { WRITE_MAX_INDENT = 32 };

/* Two spaces per level of depth, up to WRITE_MAX_INDENT levels. */
void write_indent(rod_buf *out, size_t depth);

typedef struct note_ref {
    const rod_node *ref;    /* the noteref */
    const char *note_id;    /* its target without '#' */
    size_t number;          /* 1, 2, ... in reading order */
} note_ref;

typedef struct note_index {
    note_ref *refs;         /* in reading order */
    size_t n;
    const note_ref **by_node, **by_note;  /* sorted, for the lookups below */
} note_index;

/* Collects every noteref of the body in reading order. On allocation
 * failure the index is empty (notes then lose their back-links only). */
void note_index_build(const rod_doc *doc, note_index *index);
void note_index_free(note_index *index);
/* The first reference to the note with this id, or NULL. O(log n). */
const note_ref *note_index_first(const note_index *index, const char *note_id);
/* The entry for a noteref node, or NULL. O(log n). */
const note_ref *note_index_of(const note_index *index, const rod_node *ref);

/* A note's label: the text of its first reference, else its position. */
void note_label(const note_index *index, const rod_node *note, size_t ordinal, rod_buf *out);

/* Every creator with the given role ("author" also matches no role),
 * joined by ", " into out. Returns how many. */
size_t creators_joined(const rod_doc *doc, const char *role, rod_buf *out);

/* The HTML writer's body, shared with the EPUB writer. `xhtml` closes
 * empty elements XML's way and adds xml:lang and epub:type; `href` (may be
 * NULL) rewrites an internal "#id" link into out (e.g. "ch2.xhtml#id") and
 * returns true when it did; `image` (may be NULL) appends the src of a
 * binary to out instead of a data: URI. */
typedef struct html_out {
    const rod_doc *doc;
    rod_buf *out;
    note_index notes;
    bool xhtml;
    bool (*href)(void *ctx, const char *ref, rod_buf *out);
    void (*image)(void *ctx, const rod_node *binary, rod_buf *out);
    void *ctx;
    unsigned long serial;   /* ids made for untitled targets */
} html_out;

/* Writes the block children of container; depth is the heading level of
 * a section's title inside it (1 for the body). */
void html_out_blocks(html_out *w, const rod_node *container, int depth);
/* Writes one block (a section with everything in it). */
void html_out_block(html_out *w, const rod_node *node, int depth);
/* Writes inline content. */
void html_out_inlines(html_out *w, const rod_node *node);
/* Appends ` dir="…"` for n's own dir (nothing when it has none; n may
 * be NULL). */
void html_dir_attr(rod_buf *out, const rod_node *n);
/* The binary an image or cover names, or NULL. */
const rod_node *html_find_binary(const rod_doc *doc, const char *ref);

#endif
