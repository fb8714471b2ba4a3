/* epub_meta.h — the package metadata of an EPUB into a book's head
 * (epub_meta.c). Not a public interface.
 *
 * epub_read_metadata adds to doc's head what `metadata` (the OPF's
 * <metadata> element) says, and returns the manifest id of the cover
 * EPUB 2's <meta name="cover"> names, borrowed from the tree, or NULL.
 * Nothing is fetched; memory that runs out leaves fields out (the
 * document's own budget reports it).
 */
#ifndef ROD_EPUB_META_H
#define ROD_EPUB_META_H

#include "rod_doc.h"
#include "xml_tree.h"

const char *epub_read_metadata(rod_doc *doc, xmlNode *metadata);

#endif
