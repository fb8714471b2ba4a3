/* rod_link.h — which links a book may keep.
 *
 * A link in a book is either a place in the same book ("#id") or an
 * address outside it. rod keeps an outside address only when it is an
 * absolute http, https or mailto URI that the schema's anyURI check
 * (libxml2's, the one `rod validate` applies) accepts; javascript:,
 * vbscript:, data:, file: and every other scheme, relative paths and
 * malformed URIs are refused. One function, rod_link_judge(), decides;
 * every reader applies it through rod_links_clean() and every writer asks
 * rod_link_ok() before it writes an href, so neither a hostile file nor a
 * document built in code can put an address rod would not open into its
 * output.
 *
 *   rod_buf clean = ROD_BUF_INIT;
 *   if (rod_link_judge(href, &clean) == ROD_LINK_OUTSIDE)
 *       keep(clean.data);                   // trimmed, scheme lower-cased
 *   rod_buf_free(&clean);
 *
 * Strings are borrowed; NULL is accepted everywhere and refused.
 * Thread-safe (batch conversion judges links on several threads).
 */
#ifndef ROD_LINK_H
#define ROD_LINK_H

#include <stdbool.h>

#include "rod_buf.h"
#include "rod_diag.h"
#include "rod_doc.h"

typedef enum rod_link_verdict {
    ROD_LINK_INSIDE,    /* "#id": a place in this book */
    ROD_LINK_OUTSIDE,   /* an http, https or mailto URI rod keeps */
    ROD_LINK_SCHEME,    /* a URI of a scheme rod never opens (javascript:, file:...) */
    ROD_LINK_RELATIVE,  /* no scheme: a path to a file outside the book */
    ROD_LINK_INVALID,   /* malformed, control characters, no host, no address */
} rod_link_verdict;

/* Judges href. Leading and trailing white space is dropped (as HTML does);
 * control characters anywhere refuse it. For INSIDE and OUTSIDE, `clean`
 * (may be NULL) is set to the link as rod keeps it: for an outside one the
 * scheme in lower case and the printable characters a URI cannot hold
 * (space, < > " ' { } | \ ^ `) percent-encoded; otherwise `clean` is
 * emptied. */
rod_link_verdict rod_link_judge(const char *href, rod_buf *clean);

/* True when ref may be written as it is: "#id", or an outside link
 * already in the form rod_link_judge() gives. */
bool rod_link_ok(const char *ref);

/* True when ref names a place in the book ("#" and at least one more
 * character). */
bool rod_link_inside(const char *ref);

/* True when s passes the schema's anyURI check (what `rod validate`
 * applies to every href and src), whatever its scheme. */
bool rod_link_any_uri(const char *s);

/* A short phrase for why a verdict refuses a link ("" for the two that
 * keep it), for messages. */
const char *rod_link_why(rod_link_verdict verdict);

/* The pass every reader makes before finishing a book: links (<a>) keep
 * their judged form or become plain spans with their text; a note
 * reference must point inside the book; an image or cover must be one of
 * the book's binaries, else it is left out. Each refusal is a warning
 * with the node's line (the first few one by one, then a count). */
void rod_links_clean(rod_doc *doc, rod_diag *diag);

#endif
