/* epub_meta.c — an EPUB package's <metadata> as the book's head: title
 * and subtitle (EPUB 3 title-type refinements), creators and contributors
 * with their roles (opf:role, or EPUB 3 role refinements, of which the
 * first that rod names wins), identifiers with their schemes, language,
 * date, publisher, rights, subjects, the description (often escaped
 * HTML, read through the HTML mapping), and series (EPUB 3 collections or
 * calibre's meta). Split from epub_read.c, which keeps the archive, the
 * manifest, the spine and the cover.
 */
#include "epub_meta.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html_map.h"
#include "import_internal.h"

static const char *role_name(const char *marc)
{
    if (!marc || !strcasecmp(marc, "aut"))
        return "author";
    if (!strcasecmp(marc, "trl"))
        return "translator";
    if (!strcasecmp(marc, "edt"))
        return "editor";
    if (!strcasecmp(marc, "ill"))
        return "illustrator";
    return NULL;
}

/* A <meta refines="#id" property="prop"> value, or NULL. */
static const char *refinement(xmlNode *metadata, const char *id, const char *prop, char **owned)
{
    *owned = NULL;
    if (!id)
        return NULL;
    for (xmlNode *m = metadata->children; m; m = m->next) {
        if (!rod_xml_is(m, "meta"))
            continue;
        const char *r = rod_xml_attr(m, "refines");
        const char *p = rod_xml_attr(m, "property");
        if (r && r[0] == '#' && !strcmp(r + 1, id) && p && !strcmp(p, prop)) {
            *owned = rod_xml_text(m, true);
            return *owned;
        }
    }
    return NULL;
}

/* The first role refining `id` that rod has a name for: Standard Ebooks
 * gives a translator "ann" (annotator) before "trl", and the first alone
 * made them no creator at all. *marc: that role's MARC code, the first
 * one given when rod knows none, NULL when there is none. Without any,
 * the role is author. */
static const char *known_role(xmlNode *metadata, const char *id, const char **marc)
{
    *marc = NULL;
    for (xmlNode *m = id ? metadata->children : NULL; m; m = m->next) {
        if (!rod_xml_is(m, "meta"))
            continue;
        const char *r = rod_xml_attr(m, "refines");
        const char *p = rod_xml_attr(m, "property");
        if (!r || r[0] != '#' || strcmp(r + 1, id) != 0 || !p || strcmp(p, "role") != 0)
            continue;
        const xmlNode *t = m->children;
        const char *code = t && t->type == XML_TEXT_NODE ? (const char *)t->content : NULL;
        if (!code)
            continue;
        while (*code == ' ' || *code == '\t' || *code == '\n' || *code == '\r')
            code++;
        if (!*marc)
            *marc = code;
        for (const char *const *k = (const char *const[]){"aut", "trl", "edt", "ill", NULL}; *k; k++)
            if (!strncasecmp(code, *k, 3) && (!code[3] || code[3] == ' ' || code[3] == '\n' ||
                                               code[3] == '\t' || code[3] == '\r')) {
                *marc = *k;
                return role_name(*k);
            }
    }
    return *marc ? NULL : role_name(NULL);
}

const char *epub_read_metadata(rod_doc *doc, xmlNode *md)
{
    bool have_title = false, have_lang = false, have_date = false, have_series = false;
    const char *cover_id = NULL;
    for (xmlNode *n = md->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)n->name;
        const char *id = rod_xml_attr(n, "id");
        char *text = rod_xml_text(n, true);
        char *ref = NULL;
        if (!text)
            continue;
        if (!strcmp(name, "title")) {
            const char *kind = refinement(md, id, "title-type", &ref);
            if (kind && !strcmp(kind, "subtitle"))
                imp_head(doc, ROD_SUBTITLE, text, NULL);
            else if (!have_title) {
                imp_title(doc, text);
                have_title = true;
            }
        } else if (!strcmp(name, "creator") || !strcmp(name, "contributor")) {
            const char *marc = rod_xml_attr_any(n, "role");
            const char *role = marc ? role_name(marc) : known_role(md, id, &marc);
            if (!strcmp(name, "contributor") && (!marc || !strcasecmp(marc, "aut")))
                role = NULL;
            if (role)
                imp_head(doc, ROD_CREATOR, text, strcmp(role, "author") ? role : NULL);
        } else if (!strcmp(name, "identifier")) {
            const char *scheme = rod_xml_attr_any(n, "scheme");
            const char *v = text;
            const char *s = "other";
            if (!strncasecmp(v, "urn:uuid:", 9)) {
                v += 9;
                s = "uuid";
            } else if (!strncasecmp(v, "urn:isbn:", 9)) {
                v += 9;
                s = "isbn";
            } else if (scheme && !strcasecmp(scheme, "isbn")) {
                s = "isbn";
            } else if (scheme && !strcasecmp(scheme, "uuid")) {
                s = "uuid";
            } else if (!strncasecmp(v, "http://", 7) || !strncasecmp(v, "https://", 8) ||
                       !strncasecmp(v, "urn:", 4)) {
                s = "uri";
            }
            imp_head(doc, ROD_IDENTIFIER, v, s);
        } else if (!strcmp(name, "language") && !have_lang) {
            doc->root->lang = rod_doc_str(doc, text);
            have_lang = true;
        } else if (!strcmp(name, "date") && !have_date) {
            rod_node *d = imp_head(doc, ROD_DATE, text, NULL);
            if (d && strlen(text) >= 4 && text[0] >= '0' && text[0] <= '9')
                d->type = rod_doc_str(doc, text);
            have_date = d != NULL;
        } else if (!strcmp(name, "publisher") || !strcmp(name, "rights") ||
                   !strcmp(name, "subject")) {
            rod_kind k = name[0] == 'p' ? ROD_PUBLISHER : name[0] == 'r' ? ROD_RIGHTS : ROD_SUBJECT;
            if (k == ROD_SUBJECT || !rod_node_child(doc->head, k))
                imp_head(doc, k, text, NULL);
        } else if (!strcmp(name, "description") && !rod_node_child(doc->head, ROD_DESCRIPTION)) {
            /* often escaped HTML: read it as such */
            rod_node *d = rod_node_add(doc, doc->head, ROD_DESCRIPTION);
            xmlDocPtr x = NULL;
            rod_diag quiet = ROD_DIAG_INIT(NULL);
            if (d && strchr(text, '<') &&
                rod_xml_tree(text, strlen(text), ROD_XML_HTML, &quiet, &x) == ROD_OK) {
                html_map m;
                html_map_init(&m, doc, NULL);
                html_map_body(&m, x, "", d);
                html_map_free(&m);
                xmlFreeDoc(x);
                /* descriptions hold blocks only: no sections */
                for (rod_node *c = d->first, *next; c; c = next) {
                    next = c->next;
                    if (c->kind == ROD_SECTION)
                        rod_node_unlink(c);
                }
            } else if (d) {
                rod_node *p = rod_node_add(doc, d, ROD_P);
                if (p)
                    rod_node_add_text(doc, p, text, strlen(text));
            }
            rod_diag_free(&quiet);
            if (d && !d->first)
                rod_node_unlink(d);
        } else if (!strcmp(name, "meta")) {
            const char *prop = rod_xml_attr(n, "property");
            const char *mname = rod_xml_attr(n, "name");
            const char *content = rod_xml_attr(n, "content");
            if (mname && content && !strcmp(mname, "cover"))
                cover_id = content;
            if (!have_series && prop && !strcmp(prop, "belongs-to-collection")) {
                const char *type = refinement(md, id, "collection-type", &ref);
                if (!type || !strcmp(type, "series")) {
                    free(ref);
                    ref = NULL;
                    rod_node *s = imp_head(doc, ROD_SERIES, text, NULL);
                    const char *pos = refinement(md, id, "group-position", &ref);
                    if (s && pos && strspn(pos, "0123456789.") == strlen(pos) && *pos)
                        s->type = rod_doc_str(doc, pos);
                    have_series = s != NULL;
                }
            }
            if (!have_series && mname && content && !strcmp(mname, "calibre:series")) {
                rod_node *s = imp_head(doc, ROD_SERIES, content, NULL);
                for (xmlNode *k = md->children; s && k; k = k->next) {
                    const char *kn = rod_xml_is(k, "meta") ? rod_xml_attr(k, "name") : NULL;
                    const char *kc = kn ? rod_xml_attr(k, "content") : NULL;
                    if (kn && kc && !strcmp(kn, "calibre:series_index") && *kc &&
                        strspn(kc, "0123456789.") == strlen(kc))
                        s->type = rod_doc_str(doc, kc);
                }
                have_series = s != NULL;
            }
        }
        free(ref);
        free(text);
    }
    return cover_id;
}
