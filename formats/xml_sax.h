/* xml_sax.h — libxml2's SAX2 parser with every door to the outside shut,
 * shared by each reader of an XML format (.rod, .rodnotes). Not a public
 * interface: only formats/ includes libxml2.
 *
 * Usage: embed a rod_sax as the FIRST member of the reader's own state, so
 * the handlers' `ctx` is both:
 *
 *   typedef struct my_reader { rod_sax sax; ... } my_reader;
 *   my_reader r = {.sax.diag = diag};
 *   rod_err err = rod_sax_parse(&r.sax, data, len, on_start, on_end, on_text);
 *
 * The parse never substitutes entities, never loads a DTD or anything from
 * the network, and stops at the first entity declaration with an error (so
 * billion laughs and external entities never expand). Parser errors go to
 * the diag with line and column.
 *
 * Errors: ROD_ERR_INPUT when the document is not well-formed, declares an
 * entity, or a handler reported an error to the diag; ROD_ERR_NOMEM when
 * a handler called rod_sax_nomem(); ROD_OK otherwise.
 */
#ifndef ROD_XML_SAX_H
#define ROD_XML_SAX_H

#include <libxml/parser.h>
#include <stdbool.h>

#include "rod_diag.h"

typedef struct rod_sax {
    rod_diag *diag;             /* set by the caller; may be NULL */
    const char *doctype_note;   /* warning for a harmless DOCTYPE, or NULL */
    xmlParserCtxtPtr ctxt;      /* valid only during rod_sax_parse */
    bool refused;               /* an entity declaration stopped the parse */
    bool failed;                /* out of memory */
} rod_sax;

rod_err rod_sax_parse(rod_sax *sax, const char *data, size_t len,
                      startElementNsSAX2Func start, endElementNsSAX2Func end,
                      charactersSAXFunc text);

/* True once the parse has been stopped for any reason: handlers return at
 * once when it is. */
bool rod_sax_stopped(const rod_sax *sax);
/* Stops the parse: memory ran out. */
void rod_sax_nomem(rod_sax *sax);
/* Where the parser is, for messages. */
unsigned rod_sax_line(const rod_sax *sax);
unsigned rod_sax_col(const rod_sax *sax);
/* The value of one SAX2 attribute (its five pointers: local name, prefix,
 * URI, value start, value end) as the XML means it: "&amp;" is "&", as
 * in the tree API (libxml2 leaves it "&#38;" under SAX). Writes at most
 * (attr[4] - attr[3]) bytes and a NUL to out; returns the length. */
size_t rod_sax_value(const xmlChar **attr, char *out);
/* The value of attribute `name` (no namespace) among SAX2's attributes,
 * decoded as rod_sax_value does into a malloc'd string, or NULL when
 * absent (or out of memory: then the parse is stopped). */
char *rod_sax_attr(rod_sax *sax, int nb_attrs, const xmlChar **attrs, const char *name);

#endif
