/* svg_clean.c — an SVG kept in a book refers to nothing outside it
 * (rod_svg.h). Every importer's SVG passes here before it becomes a
 * binary (imp_binary), and so does every SVG binary of a .rod file read,
 * so the rule holds for what rod draws and for what its EPUB, FictionBook
 * and HTML writers carry out to readers that do fetch (a browser shows an
 * EPUB's <image xlink:href="http://..."> by asking the network).
 *
 * rod's own renderer, SDL2_image's nanosvg, fetches nothing: it parses the
 * bytes it is given, knows no <image>, <use>, <text> or <style>, and reads
 * xlink:href only on gradients, as the id of another gradient in the same
 * drawing. So cleaning here is for the file, not for the screen: what is
 * taken out is what nanosvg ignores anyway, and the drawing looks the same.
 *
 * The drawing is parsed by xml_tree.c (no DTD, no network, entities
 * refused); only when something must go is it written out again, so a
 * clean SVG keeps its bytes. A regex over the text was turned down: XML
 * can spell an attribute in too many ways (entities, namespaces, quotes).
 */
#include "rod_svg.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "xml_tree.h"

typedef struct cleaner {
    rod_svg_report *rep;
    bool refused;
} cleaner;

/* Counts one thing taken out; the first is named: an attribute as
 * name="value", an element as <name>, a processing instruction as <?name?>. */
static void took(cleaner *c, const char *what, const char *value, bool pi)
{
    if (c->rep->removed++)
        return;
    if (value)
        snprintf(c->rep->first, sizeof c->rep->first, "%s=\"%.80s\"", what, value);
    else
        snprintf(c->rep->first, sizeof c->rep->first, pi ? "<?%.80s?>" : "<%.80s>", what);
}

/* True when a CSS text or attribute value loads something from outside:
 * a url() whose target is not "#..." or an @import. */
static bool css_outside(const char *v)
{
    for (const char *p = v; *p; p++) {
        if (*p == '@' && !strncasecmp(p + 1, "import", 6))
            return true;
        if (strncasecmp(p, "url(", 4) != 0)
            continue;
        const char *q = p + 4;
        while (isspace((unsigned char)*q) || *q == '"' || *q == '\'')
            q++;
        if (*q != '#')
            return true;
    }
    return false;
}

/* A data: URI of a PNG, JPEG or GIF: inside the drawing, and holding
 * nothing that could refer further (an SVG inside one could). */
static bool raster_data(const char *s)
{
    static const char *const types[] = {"data:image/png", "data:image/jpeg", "data:image/gif"};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t k = strlen(types[i]);
        if (!strncasecmp(s, types[i], k) && (s[k] == ';' || s[k] == ','))
            return true;
    }
    return false;
}

static const char *attr_value(const xmlAttr *a)
{
    return a->children && a->children->content ? (const char *)a->children->content : "";
}

static void clean_attrs(cleaner *c, xmlNode *el)
{
    for (xmlAttr *a = el->properties, *next; a; a = next) {
        next = a->next;
        const char *name = (const char *)a->name;
        const char *v = attr_value(a);
        bool out;
        if (!strcmp(name, "href")) {
            const char *s = v;
            while (isspace((unsigned char)*s))
                s++;
            out = *s != '#' && !raster_data(s);
        } else {
            out = !strncasecmp(name, "on", 2) || css_outside(v);
        }
        if (!out)
            continue;
        char shown[64];
        snprintf(shown, sizeof shown, "%s%s%s", a->ns && a->ns->prefix ? (const char *)a->ns->prefix : "",
                 a->ns && a->ns->prefix ? ":" : "", name);
        took(c, shown, v, false);
        xmlRemoveProp(a);
    }
}

/* Whether element el goes whole. */
static bool element_out(cleaner *c, xmlNode *el)
{
    const char *name = (const char *)el->name;
    if (!strcmp(name, "script") || !strcmp(name, "foreignObject"))
        return true;
    if (strcmp(name, "style") != 0)
        return false;
    xmlChar *text = xmlNodeGetContent(el);
    bool out = text && css_outside((const char *)text);
    if (!text)
        c->refused = true;      /* out of memory: nothing is kept unchecked */
    xmlFree(text);
    return out;
}

static void clean_tree(cleaner *c, xmlNode *top)
{
    for (xmlNode *n = top, *next; n && !c->refused; n = next) {
        next = rod_xml_next(n, top);
        switch (n->type) {
        case XML_ELEMENT_NODE:
            if (n != top && element_out(c, n)) {
                /* past its subtree: the next node after n that is not in it */
                xmlNode *after = n;
                while (after && after != top && !after->next)
                    after = after->parent;
                next = after && after != top ? after->next : NULL;
                took(c, (const char *)n->name, NULL, false);
                xmlUnlinkNode(n);
                xmlFreeNode(n);
                continue;
            }
            clean_attrs(c, n);
            break;
        case XML_PI_NODE:
            took(c, (const char *)n->name, NULL, true);
            xmlUnlinkNode(n);
            xmlFreeNode(n);
            break;
        case XML_ENTITY_REF_NODE:
            snprintf(c->rep->why, sizeof c->rep->why, "it uses the undeclared entity '&%.40s;'",
                     (const char *)n->name);
            c->refused = true;
            break;
        default:
            break;
        }
    }
}

rod_svg_status rod_svg_clean(const void *data, size_t len, rod_buf *out, rod_svg_report *rep)
{
    memset(rep, 0, sizeof *rep);
    rod_buf_clear(out);
    rod_diag quiet = ROD_DIAG_INIT(NULL);
    xmlDocPtr x = NULL;
    rod_err err = rod_xml_tree(data, len, ROD_XML_STRICT, &quiet, &x);
    if (err != ROD_OK) {
        if (err == ROD_ERR_NOMEM) {
            rod_diag_free(&quiet);
            return ROD_SVG_NOMEM;
        }
        const rod_message *m = quiet.n ? &quiet.items[0] : NULL;
        snprintf(rep->why, sizeof rep->why, "it is not well-formed XML%s%.120s",
                 m ? ": " : "", m ? m->text : "");
        rod_diag_free(&quiet);
        return ROD_SVG_REFUSED;
    }
    rod_diag_free(&quiet);
    cleaner c = {rep, false};
    /* the doctype's DTD: never fetched, but a name of a file outside */
    bool changed = false;
    for (xmlNode *n = x->children, *next; n; n = next) {
        next = n->next;
        if (n->type == XML_DTD_NODE) {
            xmlUnlinkNode(n);
            xmlFreeDtd((xmlDtdPtr)n);
            changed = true;
        } else if (n->type == XML_PI_NODE) {
            took(&c, (const char *)n->name, NULL, true);
            xmlUnlinkNode(n);
            xmlFreeNode(n);
        }
    }
    x->intSubset = x->extSubset = NULL;
    xmlNode *root = xmlDocGetRootElement(x);
    if (root)
        clean_tree(&c, root);
    rod_svg_status st = ROD_SVG_KEPT;
    if (c.refused) {
        if (!rep->why[0])
            snprintf(rep->why, sizeof rep->why, "memory ran out while checking it");
        st = ROD_SVG_REFUSED;
    } else if (rep->removed || changed) {
        xmlChar *mem = NULL;
        int size = 0;
        xmlDocDumpMemoryEnc(x, &mem, &size, "UTF-8");
        if (!mem || size <= 0 || !rod_buf_add(out, mem, (size_t)size))
            st = ROD_SVG_NOMEM;
        else
            st = ROD_SVG_CLEANED;
        xmlFree(mem);
    }
    xmlFreeDoc(x);
    return st;
}
