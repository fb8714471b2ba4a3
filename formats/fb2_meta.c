/* fb2_meta.c — a FictionBook's <description> as the book's head.
 *
 * title-info gives the title, the authors as name parts joined in the
 * order a reader says them, the translators, genres, the language, the
 * sequence, the annotation (as blocks, through fb2_blocks) and the cover
 * (a binary fb2_read.c has already named); publish-info the publisher,
 * ISBN and year; document-info only what title-info left empty. Kept apart
 * from fb2_read.c, which maps the bodies, so each file holds one stage.
 */
#include <stdlib.h>
#include <string.h>

#include "fb2_internal.h"
#include "rod_buf.h"
#include "xml_tree.h"

static const char *href_of(xmlNode *el)
{
    return rod_xml_attr_any(el, "href");
}

static char *person(xmlNode *el)
{
    rod_buf b = ROD_BUF_INIT;
    const char *parts[] = {"first-name", "middle-name", "last-name"};
    for (size_t i = 0; i < 3; i++)
        for (xmlNode *c = el->children; c; c = c->next)
            if (is(c, parts[i])) {
                char *t = rod_xml_text(c, false);
                if (t && *t) {
                    if (b.len)
                        rod_buf_addc(&b, ' ');
                    rod_buf_adds(&b, t);
                }
                free(t);
            }
    if (!b.len)
        for (xmlNode *c = el->children; c; c = c->next)
            if (is(c, "nickname")) {
                char *t = rod_xml_text(c, false);
                if (t)
                    rod_buf_adds(&b, t);
                free(t);
            }
    return rod_buf_steal(&b, NULL);
}

static void title_info(fb2 *f, xmlNode *ti, bool *have_lang)
{
    rod_doc *doc = f->doc;
    for (xmlNode *c = ti->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        char *t = NULL;
        if (is(c, "author") || is(c, "translator")) {
            t = person(c);
            imp_head(doc, ROD_CREATOR, t, is(c, "translator") ? "translator" : NULL);
        } else if (is(c, "book-title")) {
            t = rod_xml_text(c, false);
            imp_title(doc, t);
        } else if (is(c, "genre")) {
            t = rod_xml_text(c, false);
            imp_head(doc, ROD_SUBJECT, t, NULL);
        } else if (is(c, "keywords")) {
            t = rod_xml_text(c, false);
            for (char *tok = t ? strtok(t, ",;") : NULL; tok; tok = strtok(NULL, ",;"))
                imp_head(doc, ROD_SUBJECT, tok, NULL);
        } else if (is(c, "date") && !rod_node_child(doc->head, ROD_DATE)) {
            t = rod_xml_text(c, false);
            rod_node *d = imp_head(doc, ROD_DATE, t, NULL);
            const char *when = rod_xml_attr(c, "value");
            if (d && when && *when)
                d->type = rod_doc_str(doc, when);
        } else if (is(c, "lang") && !*have_lang) {
            t = rod_xml_text(c, false);
            if (t && *t) {
                doc->root->lang = rod_doc_str(doc, t);
                *have_lang = true;
            }
        } else if (is(c, "sequence") && !rod_node_child(doc->head, ROD_SERIES)) {
            rod_node *s = imp_head(doc, ROD_SERIES, rod_xml_attr(c, "name"), NULL);
            const char *num = rod_xml_attr(c, "number");
            if (s && num && *num && strspn(num, "0123456789.") == strlen(num))
                s->type = rod_doc_str(doc, num);
        } else if (is(c, "annotation") && !rod_node_child(doc->head, ROD_DESCRIPTION)) {
            rod_node *d = rod_node_add(doc, doc->head, ROD_DESCRIPTION);
            if (d)
                fb2_blocks(f, c->children, d);
        } else if (is(c, "coverpage")) {
            for (xmlNode *img = c->children; img; img = img->next) {
                const char *href = is(img, "image") ? href_of(img) : NULL;
                const char *bin = href && href[0] == '#' ? rod_strmap_get(&f->bins, href + 1) : NULL;
                if (bin && !rod_node_child(doc->head, ROD_COVER)) {
                    rod_node *cv = rod_node_add(doc, doc->head, ROD_COVER);
                    rod_buf r = ROD_BUF_INIT;
                    rod_buf_printf(&r, "#%s", bin);
                    if (cv)
                        cv->ref = rod_doc_str(doc, r.data);
                    rod_buf_free(&r);
                }
            }
        }
        free(t);
    }
}

void fb2_description(fb2 *f, xmlNode *d)
{
    bool have_lang = false;
    for (xmlNode *c = d->children; c; c = c->next)
        if (is(c, "title-info"))
            title_info(f, c, &have_lang);
    for (xmlNode *c = d->children; c; c = c->next) {
        if (is(c, "publish-info")) {
            for (xmlNode *k = c->children; k; k = k->next) {
                char *t = k->type == XML_ELEMENT_NODE ? rod_xml_text(k, false) : NULL;
                if (is(k, "publisher") && !rod_node_child(f->doc->head, ROD_PUBLISHER))
                    imp_head(f->doc, ROD_PUBLISHER, t, NULL);
                else if (is(k, "isbn"))
                    imp_head(f->doc, ROD_IDENTIFIER, t, "isbn");
                else if (is(k, "year") && !rod_node_child(f->doc->head, ROD_DATE))
                    imp_head(f->doc, ROD_DATE, t, NULL);
                free(t);
            }
        } else if (is(c, "document-info")) {
            for (xmlNode *k = c->children; k; k = k->next)
                if (is(k, "id")) {
                    char *t = rod_xml_text(k, false);
                    imp_head(f->doc, ROD_IDENTIFIER, t, "other");
                    free(t);
                }
        }
    }
}

