/* xml_tree.c — the one place formats/ builds libxml2 trees: EPUB's parts,
 * FictionBook and HTML are small enough per file, and their mappings look
 * around (a heading's section, a footnote's back-link) more than a SAX
 * stream allows. The .rod reader keeps its SAX parse (xml_sax.c): a book in
 * our own format is the one input that can be huge and needs no context.
 *
 * The tree builder is libxml2's own SAX2 handler with two hooks swapped in:
 * the entity declaration handler stops the parse with an error, and the
 * error handler keeps the first problem for one clear message instead of
 * libxml2 printing to stderr. The bytes reach libxml2 as clean UTF-8
 * (charset.c decodes every declared encoding with replacement), so its own
 * converters, which stop at the first bad byte, never run. No option that loads a DTD or substitutes
 * entities is ever set; undeclared references such as &nbsp; in XHTML stay
 * entity-reference nodes that the mappers resolve from HTML's table.
 */
#include "xml_tree.h"

#include "charset.h"
#include "rod_utf8.h"
#include "xml_attrs.h"

#include <ctype.h>
#include <stdlib.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <string.h>
#include <strings.h>

/* The memory one document's tree may take: three times the document, or
 * 192 MiB if that is more. libxml2 spends about 360 bytes on an element
 * with the text after it (measured: "<p>a</p>", eight bytes, as HTML) and
 * 220 on an attribute with its value: without a bound a 64 MiB chapter
 * made a 2 GB tree. A real chapter takes one to three times its size; an
 * OPF of 100,000 items, dense with attributes, 160 MB. */
#define MIN_TREE_BYTES ((unsigned long long)192 << 20)
#define TREE_PER_BYTE 3
#define ELEMENT_BYTES 360
#define ATTRIBUTE_BYTES 220

typedef struct tree_state {
    rod_diag *diag;
    bool refused;
    unsigned errors;
    unsigned line, col;
    char first[300];
    unsigned long long tree, max_tree;  /* bytes, as estimated above */
    startElementNsSAX2Func start_ns;    /* libxml2's own handlers, wrapped */
    startElementSAXFunc start;
    /* libxml2 stopping for good (nesting past its limit of 256): the rest
     * of the file is lost, which even tag soup must say */
    bool halted;
    unsigned halt_line, halt_col;
    char halt[300];
} tree_state;

/* Counts what the tree is about to hold; past max_tree the parse stops
 * with an error (a refusal, like an entity declaration). */
static bool count_nodes(xmlParserCtxtPtr ctxt, tree_state *st, unsigned long attrs)
{
    st->tree += ELEMENT_BYTES + (unsigned long long)attrs * ATTRIBUTE_BYTES;
    if (st->tree <= st->max_tree || st->refused)
        return !st->refused;
    st->refused = true;
    rod_error(st->diag, (unsigned)xmlSAX2GetLineNumber(ctxt), (unsigned)xmlSAX2GetColumnNumber(ctxt),
              "the document's elements would take more than %llu MiB in memory, rod's limit "
              "for a document of its size (%d times its size, at least %llu MiB)",
              st->max_tree >> 20, TREE_PER_BYTE, MIN_TREE_BYTES >> 20);
    xmlStopParser(ctxt);
    return false;
}

static void on_start_ns(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                        int nb_ns, const xmlChar **ns, int nb_attrs, int nb_defaulted,
                        const xmlChar **attrs)
{
    xmlParserCtxtPtr ctxt = ctx;
    tree_state *st = ctxt->_private;
    if (count_nodes(ctxt, st, (unsigned long)(nb_attrs > 0 ? nb_attrs : 0)))
        st->start_ns(ctx, local, prefix, uri, nb_ns, ns, nb_attrs, nb_defaulted, attrs);
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar **attrs)
{
    xmlParserCtxtPtr ctxt = ctx;
    tree_state *st = ctxt->_private;
    unsigned long n = 0;
    for (const xmlChar **a = attrs; a && *a; a += 2)
        n++;
    if (count_nodes(ctxt, st, n))
        st->start(ctx, name, attrs);
}

static void copy_message(char *to, size_t size, const xmlError *err)
{
    snprintf(to, size, "%s", err->message ? err->message : "XML error");
    size_t n = strlen(to);
    while (n && (to[n - 1] == '\n' || to[n - 1] == ' '))
        to[--n] = '\0';
}

static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                           const xmlChar *system_id, xmlChar *content)
{
    (void)type; (void)public_id; (void)content;
    xmlParserCtxtPtr ctxt = ctx;
    tree_state *st = ctxt->_private;
    if (st->refused)
        return;
    st->refused = true;
    rod_error(st->diag, (unsigned)xmlSAX2GetLineNumber(ctxt), (unsigned)xmlSAX2GetColumnNumber(ctxt),
              "the document declares the entity '%s'%s; rod refuses entity declarations "
              "(they can expand without bound or read files from outside the document)",
              (const char *)name, system_id ? " naming an external file" : "");
    xmlStopParser(ctxt);
}

static void on_error(void *ctx, xmlErrorPtr err)
{
    xmlParserCtxtPtr ctxt = ctx;
    tree_state *st = ctxt ? ctxt->_private : NULL;
    if (!st || !err || err->level == XML_ERR_WARNING || st->refused)
        return;
    if (err->domain == XML_FROM_PARSER && err->code == XML_ERR_INTERNAL_ERROR && !st->halted) {
        st->halted = true;
        copy_message(st->halt, sizeof st->halt, err);
        st->halt_line = err->line > 0 ? (unsigned)err->line : 0;
        st->halt_col = err->int2 > 0 ? (unsigned)err->int2 : 0;
    }
    if (st->errors++ == 0) {
        copy_message(st->first, sizeof st->first, err);
        st->line = err->line > 0 ? (unsigned)err->line : 0;
        st->col = err->int2 > 0 ? (unsigned)err->int2 : 0;
    }
}

static rod_err finish_parse(xmlParserCtxtPtr ctxt, tree_state *st, rod_xml_mode mode,
                            xmlDocPtr *out)
{
    xmlDocPtr doc = ctxt->myDoc;
    ctxt->myDoc = NULL;
    bool ok = ctxt->wellFormed || mode != ROD_XML_STRICT;
    xmlFreeParserCtxt(ctxt);
    if (st->refused || !ok || !doc || !xmlDocGetRootElement(doc)) {
        if (!st->refused) {
            if (st->errors)
                rod_error(st->diag, st->line, st->col, "%s", st->first);
            else
                rod_error(st->diag, 0, 0, "the document is empty");
        }
        if (doc)
            xmlFreeDoc(doc);
        return ROD_ERR_INPUT;
    }
    bool halt_said = false;
    if (st->errors && mode == ROD_XML_RECOVER) {
        halt_said = st->halted && st->errors == 1;
        rod_warn(st->diag, st->line, st->col, "not well-formed: %s%s; kept what could be read",
                 st->first, st->errors > 1 ? " (and more problems after it)" : "");
    }
    if (st->halted && !halt_said)
        rod_warn(st->diag, st->halt_line, st->halt_col,
                 "libxml2 stops reading here (%s); the rest of the file is left out",
                 st->halt);
    *out = doc;
    return ROD_OK;
}

static rod_err parse(const char *data, size_t len, rod_xml_mode mode, rod_diag *diag,
                     xmlDocPtr *out, bool *refused);
static void decode_attributes(xmlDocPtr doc);

static rod_err tree_of(const char *data, size_t len, rod_xml_mode mode, rod_diag *diag,
                       xmlDocPtr *out);
static rod_err parse_modes(const char *data, size_t len, rod_xml_mode mode, rod_diag *diag,
                           xmlDocPtr *out);

rod_err rod_xml_tree(const char *data, size_t len, rod_xml_mode mode, rod_diag *diag,
                     xmlDocPtr *out)
{
    /* decoded once, whatever the parse tries: the warning for bad bytes
     * is given once, to the caller's diag */
    *out = NULL;
    if (charset_blank(data, len)) {
        rod_error(diag, 0, 0, "the document is empty");
        return ROD_ERR_INPUT;
    }
    rod_buf utf8 = ROD_BUF_INIT;
    const char *text;
    size_t n;
    rod_err err = charset_document(data, len, mode == ROD_XML_HTML || mode == ROD_XML_XHTML
                                   ? CHARSET_HTML : CHARSET_XML, &utf8, &text, &n, diag);
    if (err == ROD_OK)
        err = tree_of(text, n, mode, diag, out);
    rod_buf_free(&utf8);
    return err;
}

static rod_err tree_of(const char *data, size_t len, rod_xml_mode mode, rod_diag *diag,
                       xmlDocPtr *out)
{
    /* attributes past ROD_MAX_ATTRIBUTES blanked first (xml_attrs.c) */
    char *capped = NULL;
    if (rod_xml_cap_attributes(data, len, mode == ROD_XML_HTML, diag, &capped) != ROD_OK)
        return ROD_ERR_NOMEM;
    rod_err err = parse_modes(capped ? capped : data, len, mode, diag, out);
    free(capped);
    return err;
}

static rod_err parse_modes(const char *data, size_t len, rod_xml_mode mode, rod_diag *diag,
                           xmlDocPtr *out)
{
    bool refused = false;
    if (mode != ROD_XML_XHTML)
        return parse(data, len, mode, diag, out, &refused);
    rod_diag quiet = ROD_DIAG_INIT(NULL);
    rod_err err = parse(data, len, ROD_XML_STRICT, &quiet, out, &refused);
    if (err == ROD_ERR_INPUT && !refused) {
        const rod_message *why = quiet.n ? &quiet.items[0] : NULL;
        err = parse(data, len, ROD_XML_HTML, diag, out, &refused);
        if (err == ROD_OK && why)
            rod_warn(diag, why->line, why->col, "not well-formed XHTML (%s); read as HTML",
                     why->text);
    } else if (err != ROD_OK) {
        for (size_t i = 0; i < quiet.n; i++)
            rod_diag_add(diag, quiet.items[i].severity, quiet.items[i].line, quiet.items[i].col,
                         "%s", quiet.items[i].text);
    }
    rod_diag_free(&quiet);
    return err;
}

static rod_err parse(const char *data, size_t len, rod_xml_mode mode, rod_diag *diag,
                     xmlDocPtr *out, bool *refused)
{
    *out = NULL;
    if (len > (size_t)INT32_MAX) {
        rod_error(diag, 0, 0, "the document is larger than 2 GB");
        return ROD_ERR_INPUT;
    }
    unsigned long long room = (unsigned long long)len * TREE_PER_BYTE;
    tree_state st = {.diag = diag, .max_tree = room > MIN_TREE_BYTES ? room : MIN_TREE_BYTES};
    xmlParserCtxtPtr ctxt;
    if (mode == ROD_XML_HTML) {
        ctxt = htmlCreateMemoryParserCtxt(data, (int)len);
        if (!ctxt)
            return ROD_ERR_NOMEM;
        ctxt->_private = &st;
        ctxt->sax->serror = on_error;
        ctxt->sax->initialized = XML_SAX2_MAGIC;
        st.start = ctxt->sax->startElement;
        ctxt->sax->startElement = on_start;
        /* the text is UTF-8 (charset.c): no <meta> may switch it, and no
         * guess at the first high byte */
        htmlCtxtUseOptions(ctxt, HTML_PARSE_NONET | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
                                 HTML_PARSE_NOIMPLIED | HTML_PARSE_IGNORE_ENC);
        xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
        htmlParseDocument(ctxt);
        /* tag soup is HTML's normal state: no warning for it (a halt is
         * still reported) */
        st.errors = 0;
        return finish_parse(ctxt, &st, mode, out);
    }
    rod_err err;
    ctxt = xmlCreateMemoryParserCtxt(data, (int)len);
    if (!ctxt)
        return ROD_ERR_NOMEM;
    ctxt->_private = &st;
    ctxt->sax->entityDecl = on_entity_decl;
    ctxt->sax->serror = on_error;
    ctxt->sax->initialized = XML_SAX2_MAGIC;
    st.start_ns = ctxt->sax->startElementNs;
    ctxt->sax->startElementNs = on_start_ns;
    int opts = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOWARNING | XML_PARSE_COMPACT |
               XML_PARSE_IGNORE_ENC;    /* the text is UTF-8 already (charset.c) */
    if (mode == ROD_XML_RECOVER)
        opts |= XML_PARSE_RECOVER;
    xmlCtxtUseOptions(ctxt, opts);
    xmlParseDocument(ctxt);
    err = finish_parse(ctxt, &st, mode, out);
    *refused = st.refused;
    if (err == ROD_OK)
        decode_attributes(*out);
    return err;
}

/* Without entity substitution libxml2's XML parser keeps an attribute's
 * "&" as the reference "&#38;" in the value it stores (its HTML parser
 * does not). Every such value is decoded in place once, right after the
 * parse (decoding only shrinks it); the tree is the caller's own. */
static void decode_value(char *s)
{
    if (!s || !strchr(s, '&'))
        return;
    size_t w = 0;
    for (size_t r = 0; s[r];) {
        if (s[r] == '&') {
            const char *semi = strchr(s + r, ';');
            unsigned long cp = 0;
            if (semi && s[r + 1] == '#') {
                char *end;
                cp = s[r + 2] == 'x' || s[r + 2] == 'X' ? strtoul(s + r + 3, &end, 16)
                                                       : strtoul(s + r + 2, &end, 10);
                if (end != semi)
                    cp = 0;
            } else if (semi) {
                static const struct { const char *name; char c; } named[] = {
                    {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
                for (size_t i = 0; i < 5; i++)
                    if ((size_t)(semi - s - r - 1) == strlen(named[i].name) &&
                        !strncmp(s + r + 1, named[i].name, strlen(named[i].name)))
                        cp = (unsigned char)named[i].c;
            }
            if (cp > 0 && cp <= 0x10FFFF && (size_t)(semi - s) + 1 - r >= 4) {
                r = (size_t)(semi - s) + 1;
                char u[4];
                size_t k = rod_utf8_encode((uint32_t)cp, u);
                memcpy(s + w, u, k);
                w += k;
                continue;
            }
        }
        s[w++] = s[r++];
    }
    s[w] = '\0';
}

static void decode_attributes(xmlDocPtr doc)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    for (xmlNode *n = root; n; n = rod_xml_next(n, root))
        if (n->type == XML_ELEMENT_NODE)
            for (xmlAttr *a = n->properties; a; a = a->next)
                if (a->children && a->children->type == XML_TEXT_NODE)
                    decode_value((char *)a->children->content);
}

const char *rod_xml_attr(const xmlNode *node, const char *name)
{
    /* only elements have attributes; with XML_PARSE_COMPACT a text node
     * keeps its characters where an element keeps its attributes */
    if (!node || node->type != XML_ELEMENT_NODE)
        return NULL;
    for (const xmlAttr *a = node->properties; a; a = a->next)
        if (!a->ns && strcasecmp((const char *)a->name, name) == 0 && a->children &&
            a->children->type == XML_TEXT_NODE)
            return (const char *)a->children->content;
    return NULL;
}

const char *rod_xml_attr_any(const xmlNode *node, const char *local)
{
    if (!node || node->type != XML_ELEMENT_NODE)
        return NULL;
    for (const xmlAttr *a = node->properties; a; a = a->next) {
        const char *name = (const char *)a->name;
        const char *colon = strchr(name, ':');
        bool match = strcasecmp(name, local) == 0 || (colon && strcasecmp(colon + 1, local) == 0);
        if (match && a->children && a->children->type == XML_TEXT_NODE)
            return (const char *)a->children->content;
    }
    return NULL;
}

const char *rod_xml_name(const xmlNode *node, char buf[32])
{
    size_t i = 0;
    const char *s = node->name ? (const char *)node->name : "";
    for (; s[i] && i < 31; i++)
        buf[i] = (char)tolower((unsigned char)s[i]);
    buf[i] = '\0';
    return buf;
}

bool rod_xml_is(const xmlNode *node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE && node->name &&
           strcasecmp((const char *)node->name, name) == 0;
}

bool rod_xml_has_word(const char *list, const char *word)
{
    if (!list)
        return false;
    size_t n = strlen(word);
    bool bare = strchr(word, ':') == NULL;
    const char *p = list;
    while (*p) {
        while (*p && isspace((unsigned char)*p))
            p++;
        const char *start = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        size_t len = (size_t)(p - start);
        if (len == n && strncasecmp(start, word, n) == 0)
            return true;
        if (bare) {
            const char *colon = memchr(start, ':', len);
            if (colon && (size_t)(p - colon - 1) == n && strncasecmp(colon + 1, word, n) == 0)
                return true;
        }
    }
    return false;
}

bool rod_xml_is_ncname(const char *s)
{
    return s && xmlValidateNCName((const xmlChar *)s, 0) == 0;
}

unsigned rod_xml_html_entity(const char *name)
{
    const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
    return e ? e->value : 0;
}

xmlNode *rod_xml_next(const xmlNode *n, const xmlNode *top)
{
    if (n->children && n->type == XML_ELEMENT_NODE)
        return n->children;
    while (n && n != top && !n->next)
        n = n->parent;
    return n && n != top ? n->next : NULL;
}

char *rod_xml_text(const xmlNode *n, bool fold)
{
    xmlChar *c = xmlNodeGetContent(n);
    char *s = c ? strdup((const char *)c) : NULL;
    if (c)
        xmlFree(c);
    if (!s || !fold)
        return s;
    size_t w = 0;
    bool space = true;          /* drops leading white space */
    for (size_t r = 0; s[r]; r++) {
        bool is = s[r] == ' ' || s[r] == '\n' || s[r] == '\t' || s[r] == '\r';
        if (is && space)
            continue;
        s[w++] = is ? ' ' : s[r];
        space = is;
    }
    while (w && s[w - 1] == ' ')
        w--;
    s[w] = '\0';
    return s;
}
