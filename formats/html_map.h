/* html_map.h — HTML and XHTML mapped onto the document model, shared by
 * the HTML importer and the EPUB importer (one call per chapter file).
 * Not a public interface.
 *
 *   html_map m;
 *   html_map_init(&m, doc, diag);
 *   html_map_css(&m, css, css_len);               // small-caps rules
 *   html_map_body(&m, xml, "OEBPS/ch1.xhtml", doc->body);
 *   ...
 *   html_map_links(&m);                           // after the last file
 *   html_map_free(&m);
 *
 * Ids are made unique across files and recorded as "file#id"; links and
 * note references are kept until html_map_links(), which rewrites every
 * href between files to "#id", turns links to notes into note references,
 * and warns about (and unlinks) those that lead nowhere.
 *
 * Images: the caller's `image` hook turns a resolved path into the id of a
 * binary it has added to the book, or NULL (the image then becomes its alt
 * text).
 *
 * Ownership: the map borrows doc and diag; nodes go into doc's arena.
 * html_map_free releases the map's own tables only.
 */
#ifndef ROD_HTML_MAP_H
#define ROD_HTML_MAP_H

#include <libxml/tree.h>
#include <stdbool.h>

#include "import_internal.h"
#include "rod_buf.h"
#include "rod_doc.h"
#include "rod_strmap.h"

typedef struct html_link {
    rod_node *node;         /* a or noteref */
    char *target;           /* "file#frag", malloc'd */
    const char *from;       /* the file it stands in (borrowed, as file) */
} html_link;

typedef struct html_map {
    rod_doc *doc;
    rod_diag *diag;
    const char *file;       /* the file being mapped (borrowed until
                               html_map_links: links name it) */
    rod_strmap targets;     /* "file#id" and "file" → node holding the id */
    imp_ids ids;            /* ids given out → node (binaries' too) */
    html_link *links;
    size_t nlinks, caplinks;
    char **caps;            /* selectors whose rule sets small caps */
    size_t ncaps;
    const char **pending;   /* ids waiting for the next node made */
    size_t npending, cappending;
    rod_node *first_node;   /* first node made for the current file */
    rod_node *last_node;
    unsigned long serial;   /* for ids the input lacked */
    const char *(*image)(void *user, const char *path, const char *alt);
    void *user;
    size_t renamed;         /* ids made unique */
    bool failed;            /* out of memory */
} html_map;

void html_map_init(html_map *m, rod_doc *doc, rod_diag *diag);
void html_map_free(html_map *m);

/* Learns which selectors set font-variant: small-caps from a stylesheet
 * (simple selectors only: tag, .class, tag.class, [epub|type~=...]). */
void html_map_css(html_map *m, const char *css, size_t len);
/* The stylesheets inside <style> elements of a document. */
void html_map_css_of(html_map *m, xmlDocPtr x);

/* Maps the document's body (or the root's content when there is none)
 * as blocks appended to `into`. `file` names the document for links. */
rod_err html_map_body(html_map *m, xmlDocPtr x, const char *file, rod_node *into);

/* Resolves every recorded link; see above. */
void html_map_links(html_map *m);

/* The node a "file#frag" or "file" target names, or NULL. */
rod_node *html_map_target(const html_map *m, const char *target);

/* Resolves href against the file it appears in: "../text/ch2.xhtml#n3"
 * seen in "OEBPS/text/ch1.xhtml" gives "OEBPS/text/ch2.xhtml#n3", with
 * %XX decoded and "." and ".." segments folded. A bare "#n3" gives the
 * base file. Returns false for absolute URIs (with a scheme) and paths
 * that climb above the archive's root. */
bool html_resolve(const char *base, const char *href, rod_buf *out);

/* The HTML names of block-level elements, for the mappers. */
bool html_is_block_name(const char *name);

#endif
