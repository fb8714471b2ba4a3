/* xml_sax.c — the one safe way formats/ parses XML: libxml2's SAX2 push
 * parser, fed in 1 MB pieces, with entity handling turned off at every
 * level.
 *
 * libxml2 on its own would load external DTDs on request, substitute
 * entities when asked and, even without substitution, keep declared
 * entities in a DTD it builds behind a SAX parse. Here the entity
 * declaration handler stops the parse with an error, getEntity answers
 * NULL, and the DTD libxml2 assembles is freed afterwards. SAX rather
 * than the tree API because a book would otherwise live twice in memory;
 * pieces rather than one chunk because libxml2 refuses to look ahead
 * further than 10 MB without XML_PARSE_HUGE, which would lift its other
 * limits too. The bytes are clean UTF-8 by the time libxml2 sees them
 * (charset.c), so one bad byte costs one character, not the rest.
 * Attributes past ROD_MAX_ATTRIBUTES on one element are blanked before the
 * parse (xml_attrs.c): libxml2's checks of them are quadratic.
 */
#include "xml_sax.h"

#include "xml_attrs.h"

#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"

bool rod_sax_stopped(const rod_sax *sax)
{
    return sax->failed || sax->refused;
}

void rod_sax_nomem(rod_sax *sax)
{
    sax->failed = true;
    if (sax->ctxt)
        xmlStopParser(sax->ctxt);
}

unsigned rod_sax_line(const rod_sax *sax)
{
    return sax->ctxt ? (unsigned)xmlSAX2GetLineNumber(sax->ctxt) : 0;
}

unsigned rod_sax_col(const rod_sax *sax)
{
    return sax->ctxt ? (unsigned)xmlSAX2GetColumnNumber(sax->ctxt) : 0;
}

size_t rod_sax_value(const xmlChar **attr, char *out)
{
    /* Without entity substitution (which stays off: xml_sax.h), libxml2
     * hands over an attribute value already normalised (white space made
     * spaces, character references and &lt; &gt; &quot; &apos; decoded)
     * except that every '&' it decoded, from &amp; or &#38;, is written
     * back as "&#38;" for a later substitution that never comes. A raw '&'
     * cannot reach the value otherwise (it would not be well-formed), so
     * undoing exactly that spelling gives the value the XML means. */
    const char *v = (const char *)attr[3], *end = (const char *)attr[4];
    static const char amp[] = "&#38;";
    const size_t amp_len = sizeof amp - 1;
    size_t n = 0;
    while (v < end) {
        const char *hit = memchr(v, '&', (size_t)(end - v));
        size_t plain = (size_t)((hit ? hit : end) - v);
        memcpy(out + n, v, plain);
        n += plain;
        v += plain;
        if (!hit)
            break;
        out[n++] = '&';
        v += (size_t)(end - v) >= amp_len && memcmp(v, amp, amp_len) == 0 ? amp_len : 1;
    }
    out[n] = '\0';
    return n;
}

char *rod_sax_attr(rod_sax *sax, int nb_attrs, const xmlChar **attrs, const char *name)
{
    /* SAX2 gives five pointers per attribute: local name, prefix, URI,
     * value start, value end. */
    for (int i = 0; i < nb_attrs; i++) {
        const xmlChar **a = attrs + 5 * i;
        if (a[2] || strcmp((const char *)a[0], name) != 0)
            continue;
        char *v = malloc((size_t)(a[4] - a[3]) + 1);
        if (!v) {
            rod_sax_nomem(sax);
            return NULL;
        }
        rod_sax_value(a, v);
        return v;
    }
    return NULL;
}

static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                           const xmlChar *system_id, xmlChar *content)
{
    (void)type; (void)public_id; (void)content;
    rod_sax *s = ctx;
    if (s->refused)
        return;
    rod_error(s->diag, rod_sax_line(s), rod_sax_col(s),
              "the document declares the entity '%s'%s; rod refuses entity declarations "
              "(they can expand without bound or read files from outside the document)",
              (const char *)name, system_id ? " naming an external file" : "");
    s->refused = true;
    xmlStopParser(s->ctxt);
}

static void on_internal_subset(void *ctx, const xmlChar *name, const xmlChar *ext_id,
                               const xmlChar *system_id)
{
    (void)name; (void)ext_id; (void)system_id;
    rod_sax *s = ctx;
    if (s->doctype_note)
        rod_warn(s->diag, rod_sax_line(s), rod_sax_col(s), "%s", s->doctype_note);
}

static xmlEntityPtr on_get_entity(void *ctx, const xmlChar *name)
{
    (void)ctx; (void)name;
    return NULL;
}

static void on_error(void *ctx, xmlErrorPtr err)
{
    rod_sax *s = ctx;
    if (!err || s->refused)
        return;
    char msg[400];
    snprintf(msg, sizeof msg, "%s", err->message ? err->message : "XML error");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    rod_severity sev = err->level == XML_ERR_WARNING ? ROD_WARNING : ROD_ERROR;
    rod_diag_add(s->diag, sev, (unsigned)(err->line > 0 ? err->line : 0),
                 (unsigned)(err->int2 > 0 ? err->int2 : 0), "%s", msg);
}

static rod_err sax_parse(rod_sax *s, const char *data, size_t len,
                         startElementNsSAX2Func start, endElementNsSAX2Func end,
                         charactersSAXFunc text);

rod_err rod_sax_parse(rod_sax *s, const char *data, size_t len,
                      startElementNsSAX2Func start, endElementNsSAX2Func end,
                      charactersSAXFunc text)
{
    if (len > (size_t)INT32_MAX) {
        rod_error(s->diag, 0, 0, "the document is larger than 2 GB");
        return ROD_ERR_INPUT;
    }
    /* clean UTF-8 (the norm) is parsed where it lies; anything else is
     * decoded with replacement first (charset.c) */
    rod_buf utf8 = ROD_BUF_INIT;
    const char *doc;
    size_t n;
    rod_err err = charset_document(data, len, CHARSET_XML, &utf8, &doc, &n, s->diag);
    if (err == ROD_OK)
        err = sax_parse(s, doc, n, start, end, text);
    rod_buf_free(&utf8);
    return err;
}

static rod_err sax_parse(rod_sax *s, const char *data, size_t len,
                         startElementNsSAX2Func start, endElementNsSAX2Func end,
                         charactersSAXFunc text)
{
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = start;
    sax.endElementNs = end;
    sax.characters = text;
    sax.cdataBlock = text;
    sax.entityDecl = on_entity_decl;
    sax.internalSubset = on_internal_subset;
    sax.getEntity = on_get_entity;
    sax.getParameterEntity = on_get_entity;
    sax.serror = on_error;

    char *capped = NULL;
    if (rod_xml_cap_attributes(data, len, false, s->diag, &capped) != ROD_OK)
        return ROD_ERR_NOMEM;
    if (capped)
        data = capped;
    s->refused = s->failed = false;
    s->ctxt = xmlCreatePushParserCtxt(&sax, s, NULL, 0,
                                      s->diag && s->diag->file ? s->diag->file : NULL);
    if (!s->ctxt) {
        free(capped);
        return ROD_ERR_NOMEM;
    }
    xmlCtxtUseOptions(s->ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOWARNING |
                               XML_PARSE_IGNORE_ENC);
    const size_t piece = 1 << 20;
    size_t at = 0;
    do {
        size_t n = len - at < piece ? len - at : piece;
        xmlParseChunk(s->ctxt, data + at, (int)n, at + n == len);
        at += n;
    } while (at < len && !rod_sax_stopped(s) && s->ctxt->wellFormed);

    rod_err err = ROD_OK;
    if (s->failed)
        err = ROD_ERR_NOMEM;
    else if (s->refused || !s->ctxt->wellFormed || (s->diag && s->diag->errors))
        err = ROD_ERR_INPUT;
    /* libxml2 makes a document to hold a DTD it met, even under SAX */
    if (s->ctxt->myDoc)
        xmlFreeDoc(s->ctxt->myDoc);
    xmlFreeParserCtxt(s->ctxt);
    s->ctxt = NULL;
    free(capped);
    return err;
}
