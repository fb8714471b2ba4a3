/* rod_export.h — annotations written out for people and other programs:
 * Markdown and HTML to take to a discussion of the book, JSON as W3C Web
 * Annotations. (The .rodnotes exchange file is formats/rod_annot.h.)
 *
 *   rod_export_item items[n];   // each annotation, where it anchored, its page
 *   rod_export(&book, items, n, ROD_EXPORT_MD, &out);
 *
 * The caller anchors each annotation in the book (rod_anchor_find) and
 * supplies page numbers, which only the layout engine knows: the library
 * never lays out pages. Orphaned annotations are listed at the end under
 * their own heading, with their quote, never left out.
 *
 * Ownership: everything is borrowed; output is appended to `out`.
 */
#ifndef ROD_EXPORT_H
#define ROD_EXPORT_H

#include "rod_anchor.h"
#include "rod_annot.h"
#include "rod_buf.h"

typedef enum rod_export_format {
    ROD_EXPORT_MD,
    ROD_EXPORT_HTML,
    ROD_EXPORT_JSON,
} rod_export_format;

typedef struct rod_export_item {
    const rod_annot *annot;
    rod_anchor where;
    unsigned page;          /* 1-based under the reader's settings; 0: unknown */
} rod_export_item;

/* Items must be in reading order (orphans anywhere). `date` is the export
 * day printed in the heading ("2026-11-24"). */
void rod_export(const rod_text *text, const rod_export_item *items, size_t n,
                rod_export_format format, const char *date, rod_buf *out);

#endif
