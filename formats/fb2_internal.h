/* fb2_internal.h — what the FictionBook reader's files share: the reader's
 * state, borrowed by every function for the length of one rod_read_fb2()
 * (fb2_read.c owns it and frees its maps), and the two entry points each
 * file gives the other. Not a public interface.
 */
#ifndef ROD_FB2_INTERNAL_H
#define ROD_FB2_INTERNAL_H

#include <stdbool.h>
#include <string.h>
#include <libxml/tree.h>

#include "import_internal.h"
#include "rod_doc.h"
#include "rod_strmap.h"

typedef struct fb2 {
    rod_doc *doc;
    rod_diag *diag;
    rod_strmap bins;        /* FictionBook binary id → ours */
    rod_strmap broken;      /* ids of binaries that are no picture rod keeps */
    rod_strmap notes;       /* ids of note sections */
    imp_ids ids;            /* binary ids given out */
    bool failed;
} fb2;

/* Whether n is the element name. */
static inline bool is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* The blocks from first on into into (fb2_read.c). */
void fb2_blocks(fb2 *f, xmlNode *first, rod_node *into);

/* The <description>: title-info, publish-info and document-info into the
 * book's head, the cover among them (fb2_meta.c). */
void fb2_description(fb2 *f, xmlNode *d);

#endif
