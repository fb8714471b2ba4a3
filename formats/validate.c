/* validate.c — `rod validate`: is this file an isolinear rod text?
 *
 * Three layers, each reporting with line and column: the safe reader
 * (well-formed, no entities, the right root), the RELAX NG schema
 * formats/rod.rng compiled into the binary (structure and attribute
 * values), and the rules no schema states: ids unique, every "#id"
 * reference resolving to the right kind of target. Validation parses the
 * file a second time with libxml2's tree API because RELAX NG works on a
 * tree; it runs only on request, never when a book is opened.
 */
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <stdlib.h>
#include <string.h>

#include "rod_format.h"
#include "xml_attrs.h"

extern const char rod_rng[];
extern const size_t rod_rng_len;

typedef struct checker {
    rod_diag *diag;
    const char *data;
    size_t len;
    size_t *lines;          /* offset of each line's start, made on first use */
    size_t nlines;
    bool no_lines;          /* the table could not be made */
} checker;

static bool index_lines(checker *c)
{
    size_t n = 1;
    for (const char *p = c->data, *end = c->data + c->len;
         (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        n++;
    c->lines = malloc(n * sizeof *c->lines);
    if (!c->lines) {
        c->no_lines = true;
        return false;
    }
    c->lines[0] = 0;
    c->nlines = 1;
    for (size_t i = 0; i < c->len; i++)
        if (c->data[i] == '\n')
            c->lines[c->nlines++] = i + 1;
    return true;
}

/* libxml2 keeps no column for nodes; find the start tag on its line. The
 * line starts are found once, so a file with many problems is not read
 * again from its start for each. */
static unsigned column_of(checker *c, unsigned line, const char *name)
{
    if (!line || c->no_lines || (!c->lines && !index_lines(c)) || line > c->nlines)
        return 1;
    const char *p = c->data + c->lines[line - 1], *end = c->data + c->len;
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol)
        eol = end;
    size_t n = name ? strlen(name) : 0;
    for (const char *q = p; n && q + n + 1 <= eol; q++)
        if (q[0] == '<' && memcmp(q + 1, name, n) == 0)
            return (unsigned)(q - p) + 1;
    return 1;
}

static void on_schema_error(void *data, xmlErrorPtr err)
{
    checker *c = data;
    char msg[400];
    snprintf(msg, sizeof msg, "%s", err->message ? err->message : "schema error");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    xmlNodePtr node = err->node;
    unsigned line = err->line > 0 ? (unsigned)err->line : node ? (unsigned)xmlGetLineNo(node) : 0;
    const char *name = node && node->name ? (const char *)node->name : NULL;
    rod_error(c->diag, line, line ? column_of(c, line, name) : 0, "%s", msg);
}

/* Whether an element nests deeper than a book may (ROD_MAX_DEPTH below
 * <rod>, by the rule the readers flatten with: an element needs room for
 * its own content); reports the first. */
static bool too_deep(checker *c, xmlDocPtr doc)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    size_t d = 0;
    for (xmlNode *n = root; n;) {
        if (n->type == XML_ELEMENT_NODE && d > 0) {
            rod_kind k = rod_kind_from_name((const char *)n->name);
            int room = k == ROD_KIND_COUNT ? 0 : rod_kind_room(k);
            if (d + (size_t)room > ROD_MAX_DEPTH) {
                unsigned line = (unsigned)xmlGetLineNo(n);
                rod_error(c->diag, line, column_of(c, line, (const char *)n->name),
                          "<%s> nests %zu levels deep; a book nests at most %d (rod flattens what "
                          "lies deeper)", (const char *)n->name, d + (size_t)room, ROD_MAX_DEPTH);
                return true;
            }
        }
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            d++;
            continue;
        }
        while (n && n != root && !n->next) {
            n = n->parent;
            d--;
        }
        n = n && n != root ? n->next : NULL;
    }
    return false;
}

static rod_err check_schema(checker *c)
{
    rod_err err = ROD_ERR_NOMEM;
    xmlParserCtxtPtr pctx = NULL;
    xmlRelaxNGParserCtxtPtr pctxt = xmlRelaxNGNewMemParserCtxt(rod_rng, (int)rod_rng_len);
    xmlRelaxNGPtr schema = pctxt ? xmlRelaxNGParse(pctxt) : NULL;
    xmlRelaxNGValidCtxtPtr vctxt = schema ? xmlRelaxNGNewValidCtxt(schema) : NULL;
    xmlDocPtr doc = NULL;
    if (!vctxt)
        goto cleanup;
    pctx = xmlNewParserCtxt();
    if (!pctx)
        goto cleanup;
    doc = xmlCtxtReadMemory(pctx, c->data, (int)c->len, c->diag ? c->diag->file : NULL, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        /* the safe reader took the file, libxml2's tree parser did not
         * (nesting past its limit, a text node past 10 MB): say why */
        xmlErrorPtr e = &pctx->lastError;
        char msg[400];
        snprintf(msg, sizeof msg, "%s", e->message ? e->message : "the file cannot be parsed");
        size_t n = strlen(msg);
        while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
            msg[--n] = '\0';
        rod_error(c->diag, e->line > 0 ? (unsigned)e->line : 0, e->int2 > 0 ? (unsigned)e->int2 : 0,
                  "the schema cannot be checked: %s", msg);
        err = ROD_ERR_INPUT;
        goto cleanup;
    }
    bool deep = too_deep(c, doc);
    xmlRelaxNGSetValidStructuredErrors(vctxt, on_schema_error, c);
    err = xmlRelaxNGValidateDoc(vctxt, doc) == 0 && !deep ? ROD_OK : ROD_ERR_INPUT;
cleanup:
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(pctx);
    xmlRelaxNGFreeValidCtxt(vctxt);
    xmlRelaxNGFree(schema);
    xmlRelaxNGFreeParserCtxt(pctxt);
    return err;
}

static int cmp_node_id(const void *a, const void *b)
{
    const rod_node *x = *(rod_node *const *)a, *y = *(rod_node *const *)b;
    return strcmp(x->id, y->id);
}

static const rod_node *find_sorted(rod_node **nodes, size_t n, const char *id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(id, nodes[mid]->id);
        if (c == 0)
            return nodes[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

static void check_ref(checker *c, rod_node **ids, size_t n, const rod_node *node,
                      const char *attr, rod_kind want)
{
    const char *ref = node->ref;
    if (!ref || ref[0] != '#') {
        if (want != ROD_KIND_COUNT && ref)
            rod_error(c->diag, node->line, column_of(c, node->line, rod_kind_name(node->kind)),
                      "<%s %s=\"%s\"> must name an element of this book (\"#id\")",
                      rod_kind_name(node->kind), attr, ref);
        return;
    }
    const rod_node *target = find_sorted(ids, n, ref + 1);
    unsigned col = column_of(c, node->line, rod_kind_name(node->kind));
    if (!target)
        rod_error(c->diag, node->line, col, "<%s %s=\"%s\">: no element has the id \"%s\"",
                  rod_kind_name(node->kind), attr, ref, ref + 1);
    else if (want != ROD_KIND_COUNT && target->kind != want)
        rod_error(c->diag, node->line, col, "<%s %s=\"%s\"> must point to a <%s>, not a <%s>",
                  rod_kind_name(node->kind), attr, ref, rod_kind_name(want),
                  rod_kind_name(target->kind));
}

static rod_err check_ids(checker *c, const rod_doc *doc)
{
    size_t n = 0, cap = 256;
    rod_node **ids = malloc(cap * sizeof *ids);
    if (!ids)
        return ROD_ERR_NOMEM;
    for (rod_node *node = doc->root; node; node = rod_node_next_in(node, doc->root)) {
        if (!node->id)
            continue;
        if (n == cap) {
            rod_node **more = realloc(ids, 2 * cap * sizeof *ids);
            if (!more) {
                free(ids);
                return ROD_ERR_NOMEM;
            }
            ids = more;
            cap *= 2;
        }
        ids[n++] = node;
    }
    qsort(ids, n, sizeof *ids, cmp_node_id);
    size_t before = c->diag ? c->diag->errors : 0;
    for (size_t i = 1; i < n; i++)
        if (strcmp(ids[i - 1]->id, ids[i]->id) == 0)
            rod_error(c->diag, ids[i]->line, column_of(c, ids[i]->line, rod_kind_name(ids[i]->kind)),
                      "the id \"%s\" is used more than once", ids[i]->id);
    for (rod_node *node = doc->root; node; node = rod_node_next_in(node, doc->root)) {
        switch (node->kind) {
        case ROD_NOTEREF: check_ref(c, ids, n, node, "to", ROD_NOTE); break;
        case ROD_IMAGE: check_ref(c, ids, n, node, "src", ROD_BINARY); break;
        case ROD_COVER: check_ref(c, ids, n, node, "src", ROD_BINARY); break;
        case ROD_A: check_ref(c, ids, n, node, "href", ROD_KIND_COUNT); break;
        default: break;
        }
    }
    free(ids);
    return (c->diag ? c->diag->errors : 0) > before ? ROD_ERR_INPUT : ROD_OK;
}

rod_err rod_validate(const char *data, size_t len, rod_diag *diag)
{
    /* blanked once here, so the reader and the schema parse see the same
     * bytes (with the same lines and columns) and warn once */
    char *capped = NULL;
    if (rod_xml_cap_attributes(data, len, false, diag, &capped) != ROD_OK)
        return ROD_ERR_NOMEM;
    if (capped)
        data = capped;
    checker c = {diag, data, len, NULL, 0, false};
    rod_doc *doc = NULL;
    rod_err err = rod_read_rod_as_written(data, len, diag, &doc);
    if (err != ROD_OK) {
        free(capped);
        return err;
    }
    rod_err schema = check_schema(&c);
    rod_err ids = check_ids(&c, doc);
    rod_doc_free(doc);
    free(c.lines);
    free(capped);
    if (schema == ROD_ERR_NOMEM || ids == ROD_ERR_NOMEM)
        return ROD_ERR_NOMEM;
    return schema != ROD_OK || ids != ROD_OK ? ROD_ERR_INPUT : ROD_OK;
}
