/* xml_attrs.h — how many attributes an element may bring into libxml2.
 * Not a public interface: the XML parsers of formats/ (xml_sax.c,
 * xml_tree.c, validate.c) call it on their input before parsing.
 *
 *   char *capped = NULL;
 *   rod_xml_cap_attributes(data, len, false, diag, &capped);
 *   parse(capped ? capped : data, len);        // same length, same lines
 *   free(capped);
 *
 * libxml2 2.9 checks each attribute of a start tag against every one
 * before it (and appends each to a list it walks from the start), so one
 * element with 200,000 attributes costs minutes. Attributes past the
 * ROD_MAX_ATTRIBUTES-th of a start tag are therefore blanked out with
 * spaces before libxml2 sees the bytes — line feeds stay, so every line
 * and column libxml2 reports is still the file's — and one warning per
 * such element names it.
 *
 * Ownership: *out is NULL when nothing had to change (the common case:
 * nothing is copied), else a malloc'd copy of len bytes the caller frees.
 * Errors: ROD_ERR_NOMEM when the copy cannot be made; ROD_OK otherwise.
 * An input in an encoding that is not ASCII-compatible (UTF-16) is not
 * looked into.
 */
#ifndef ROD_XML_ATTRS_H
#define ROD_XML_ATTRS_H

#include <stdbool.h>
#include <stddef.h>

#include "rod_diag.h"

/* Far more than any element of a book needs (rod's own have at most four),
 * few enough that libxml2's quadratic checks cost nothing. */
enum { ROD_MAX_ATTRIBUTES = 64 };

/* `html`: HTML's rules (unquoted values; script and style hold raw text). */
rod_err rod_xml_cap_attributes(const char *data, size_t len, bool html, rod_diag *diag,
                               char **out);

#endif
