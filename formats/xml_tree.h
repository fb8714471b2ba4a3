/* xml_tree.h — libxml2 trees for the importers of HTML, EPUB and FB2, with
 * the same doors shut as xml_sax.h. Not a public interface: only formats/
 * includes libxml2.
 *
 *   xmlDocPtr x = NULL;
 *   rod_err err = rod_xml_tree(data, len, ROD_XML_RECOVER, diag, &x);
 *   if (err == ROD_OK) { ... walk x ...; xmlFreeDoc(x); }
 *
 * Modes: STRICT fails on the first well-formedness error; RECOVER keeps
 * what libxml2 can make of a broken file and reports the first problem
 * (with the number of further ones) as a warning; HTML uses libxml2's HTML
 * parser, which accepts tag soup and knows HTML's named entities; XHTML
 * tries XML first and falls back to HTML's parser, never after a refusal.
 *
 * Whatever the mode, nothing is loaded from outside the data (no DTD, no
 * network) and an XML document that declares an entity is refused with an
 * error at the declaration: billion laughs and XXE never expand.
 *
 * Attribute values come back decoded: the XML parser's stored "&#38;" is
 * turned into "&" once, after the parse.
 *
 * Ownership: on ROD_OK the caller owns *out (xmlFreeDoc); on an error *out
 * is NULL. Errors: ROD_ERR_INPUT (with a message in diag), ROD_ERR_NOMEM.
 */
#ifndef ROD_XML_TREE_H
#define ROD_XML_TREE_H

#include <libxml/tree.h>
#include <stdbool.h>

#include "rod_diag.h"

typedef enum rod_xml_mode {
    ROD_XML_STRICT, ROD_XML_RECOVER, ROD_XML_HTML,
    ROD_XML_XHTML           /* STRICT, else (with a warning) HTML */
} rod_xml_mode;

rod_err rod_xml_tree(const char *data, size_t len, rod_xml_mode mode, rod_diag *diag,
                     xmlDocPtr *out);

/* Attribute `name` in no namespace, or NULL. Borrowed from the tree. */
const char *rod_xml_attr(const xmlNode *node, const char *name);
/* Attribute `local` in any namespace, or spelt "prefix:local" by the HTML
 * parser (epub:type, xml:lang, xlink:href, l:href), or NULL. */
const char *rod_xml_attr_any(const xmlNode *node, const char *local);
/* The element's local name lower-cased into buf (HTML parsers keep case). */
const char *rod_xml_name(const xmlNode *node, char buf[32]);
/* True when node is an element named `name` (case-insensitive). */
bool rod_xml_is(const xmlNode *node, const char *name);
/* True when the space-separated list `list` holds `word`; a word with a
 * prefix ("z3998:poem") also matches on its part after the colon when
 * `word` has none. */
bool rod_xml_has_word(const char *list, const char *word);
/* The text content of n in a malloc'd string (free it), with runs of XML
 * white space folded to one space and trimmed when fold is set; NULL when
 * memory runs out. */
char *rod_xml_text(const xmlNode *n, bool fold);
/* The node after n in a depth-first walk of top's subtree, or NULL. */
xmlNode *rod_xml_next(const xmlNode *n, const xmlNode *top);
/* True when s is an XML NCName by libxml2's rules, the ones `rod
 * validate` checks ids with. */
bool rod_xml_is_ncname(const char *s);
/* The Unicode value of an HTML named entity ("nbsp"), or 0. */
unsigned rod_xml_html_entity(const char *name);

#endif
