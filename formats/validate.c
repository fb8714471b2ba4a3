/* validate.c — `rod validate`: is this file an isolinear rod text?
 *
 * Three layers, each reporting with line and column: the safe reader
 * (well-formed, no entities, the right root), the RELAX NG schema
 * formats/rod.rng compiled into the binary (structure and attribute
 * values), and the rules no schema states: ids unique, every "#id"
 * reference resolving to the right kind of target, every other href an
 * absolute URI (one of a scheme rod does not keep, rod_link.h, is a
 * warning: the file is valid, but reading it keeps only the link's text).
 * Validation parses the file a second time with libxml2's tree API
 * because RELAX NG works on a tree; it runs only on request, never when a
 * book is opened. libxml2 reports a failure inside an element once more
 * for each enclosing pattern it tried (pick_causes), so only the
 * innermost messages, the causes, are passed on.
 */
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <stdlib.h>
#include <string.h>

#include "rod_format.h"
#include "rod_link.h"
#include "xml_attrs.h"

extern const char rod_rng[];
extern const size_t rod_rng_len;

typedef struct checker {
    rod_diag *diag;
    const char *data;
    size_t len;
    size_t refused_links;   /* hrefs rod does not keep, beyond the first few shown */
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

/* One message of libxml2's RELAX NG validator, kept until it is known
 * whether it is the cause or an echo of one. */
typedef struct schema_msg {
    int code;               /* xmlRelaxNGValidErr */
    xmlNodePtr node;        /* may be NULL */
    xmlNodePtr where;       /* the element the message is about (below) */
    unsigned line;
    char name[64];          /* the element a message without a node names */
    char text[400];
    bool shown;
} schema_msg;

typedef struct schema_msgs {
    schema_msg *v;
    size_t n, cap;
    bool failed;
    xmlNodePtr root;        /* where a message without a node is looked for
                             * when no message before it had one */
} schema_msgs;

static void on_schema_error(void *data, xmlErrorPtr err)
{
    schema_msgs *m = data;
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 32;
        schema_msg *more = cap <= 100000 ? realloc(m->v, cap * sizeof *more) : NULL;
        if (!more) {
            m->failed = true;
            return;
        }
        m->v = more;
        m->cap = cap;
    }
    schema_msg *s = &m->v[m->n++];
    *s = (schema_msg){.code = err->code, .node = err->node};
    if (err->str1)
        snprintf(s->name, sizeof s->name, "%s", err->str1);
    snprintf(s->text, sizeof s->text, "%s", err->message ? err->message : "schema error");
    size_t n = strlen(s->text);
    while (n && (s->text[n - 1] == '\n' || s->text[n - 1] == ' '))
        s->text[--n] = '\0';
    xmlNodePtr node = err->node;
    s->line = err->line > 0 ? (unsigned)err->line : node ? (unsigned)xmlGetLineNo(node) : 0;
    /* "Element section has extra content: title" is said of the title but
     * is about the section */
    s->where = node && err->code == XML_RELAXNG_ERR_EXTRACONTENT ? node->parent : node;
}

static bool inside(xmlNodePtr inner, xmlNodePtr outer)
{
    for (xmlNodePtr p = inner ? inner->parent : NULL; p; p = p->parent)
        if (p == outer)
            return true;
    return false;
}

/* The first element named name inside top (top itself when none is). */
static xmlNodePtr named_in(xmlNodePtr top, const char *name)
{
    for (xmlNodePtr c = name[0] ? top->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (c->name && strcmp((const char *)c->name, name) == 0)
            return c;
        xmlNodePtr in = named_in(c, name);
        if (in != c)
            return in;
    }
    return top;
}

/* Which messages name a cause. When the content of an element fails,
 * libxml2 tries the other ways its pattern could have matched and reports
 * each failed attempt on the enclosing element too: a bad href three
 * levels down comes with "Expecting element epigraph, got title" on its
 * section. So a message about an element is an echo when another message
 * is about an element inside it; a message without a node (libxml2 gives
 * none for a missing attribute) is taken to be inside the element of the
 * message before it, where the validator was. Of several messages about
 * one element, "failed to validate attributes" only sums up the others. */
static void pick_causes(schema_msgs *m)
{
    xmlNodePtr last = NULL;
    for (size_t i = 0; i < m->n; i++) {
        if (m->v[i].where)
            last = m->v[i].where;
        else if ((last || m->root) && !m->v[i].line)
            m->v[i].line = (unsigned)xmlGetLineNo(named_in(last ? last : m->root, m->v[i].name));
    }
    for (size_t i = 0; i < m->n; i++) {
        schema_msg *s = &m->v[i];
        s->shown = true;
        for (size_t j = 0; j < m->n && s->shown; j++) {
            const schema_msg *o = &m->v[j];
            if (j == i)
                continue;
            xmlNodePtr at = o->where;
            if (!at) {
                /* the element the validator was in before o */
                for (size_t k = j; k-- > 0 && !at;)
                    at = m->v[k].where;
                if (at == s->where && s->where) {
                    s->shown = false;       /* o is inside s's element */
                    break;
                }
            }
            if (s->where && at && inside(at, s->where))
                s->shown = false;
            else if (s->where && o->where == s->where && s->code == XML_RELAXNG_ERR_ATTRVALID &&
                     o->code != XML_RELAXNG_ERR_ATTRVALID)
                s->shown = false;
            else if (s->where && o->where == s->where && s->code == XML_RELAXNG_ERR_ELEMNAME &&
                     o->code == XML_RELAXNG_ERR_ELEMWRONG)
                s->shown = false;   /* "expecting X, got Y": one pattern's guess */
        }
    }
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
    schema_msgs msgs = {0};
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
    msgs.root = xmlDocGetRootElement(doc);
    xmlRelaxNGSetValidStructuredErrors(vctxt, on_schema_error, &msgs);
    err = xmlRelaxNGValidateDoc(vctxt, doc) == 0 && !deep ? ROD_OK : ROD_ERR_INPUT;
    pick_causes(&msgs);
    size_t shown = 0;
    for (size_t i = 0; i < msgs.n; i++) {
        const schema_msg *s = &msgs.v[i];
        if (!s->shown)
            continue;
        shown++;
        const char *name = s->node && s->node->name ? (const char *)s->node->name : NULL;
        rod_error(c->diag, s->line, s->line ? column_of(c, s->line, name) : 0, "%s", s->text);
    }
    if (err != ROD_OK && shown == 0 && !deep)
        rod_error(c->diag, 0, 0, "the file does not follow the schema (rod.rng)");
cleanup:
    free(msgs.v);
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
    if (target && (want == ROD_KIND_COUNT || target->kind == want))
        return;     /* the column is looked for only for a message: it scans the file */
    unsigned col = column_of(c, node->line, rod_kind_name(node->kind));
    if (!target)
        rod_error(c->diag, node->line, col, "<%s %s=\"%s\">: no element has the id \"%s\"",
                  rod_kind_name(node->kind), attr, ref, ref + 1);
    else if (want != ROD_KIND_COUNT && target->kind != want)
        rod_error(c->diag, node->line, col, "<%s %s=\"%s\"> must point to a <%s>, not a <%s>",
                  rod_kind_name(node->kind), attr, ref, rod_kind_name(want),
                  rod_kind_name(target->kind));
}

/* An href: a place in the book, or an outside link rod keeps. The schema
 * has already reported a value that is not an anyURI at all. */
static void check_link(checker *c, rod_node **ids, size_t n, const rod_node *node)
{
    rod_link_verdict v = rod_link_judge(node->ref, NULL);
    unsigned line = node->line;
    if (v == ROD_LINK_INSIDE)
        check_ref(c, ids, n, node, "href", ROD_KIND_COUNT);
    else if (v == ROD_LINK_SCHEME) {
        if (c->refused_links++ < 5)
            rod_warn(c->diag, line, column_of(c, line, "a"),
                     "<a href=\"%s\">: %s; reading the book keeps its text only", node->ref, rod_link_why(v));
    } else if (v != ROD_LINK_OUTSIDE && rod_link_any_uri(node->ref))
        rod_error(c->diag, line, column_of(c, line, "a"), "<a href=\"%s\"> is not a link rod keeps: %s",
                  node->ref, rod_link_why(v));
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
        case ROD_A: check_link(c, ids, n, node); break;
        default: break;
        }
    }
    if (c->refused_links > 5)
        rod_warn(c->diag, 0, 0, "%zu links in all are of schemes rod does not keep", c->refused_links);
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
    checker c = {.diag = diag, .data = data, .len = len};
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
