/* html_read.c — one HTML or XHTML file (a Gutenberg HTML book, a page
 * saved from the web, rod's own HTML export) as a book.
 *
 * XHTML is read as XML so namespaced attributes (epub:type) keep their
 * meaning; anything that is not well-formed goes to libxml2's HTML parser.
 * Before mapping, Project Gutenberg's licence header and footer are cut at
 * their "*** START OF" and "*** END OF" lines, as the text importer does,
 * so the same book read from .txt and .html holds the same words. The
 * head comes from <title>, <meta> and, for rod's own export, the <header>
 * it writes; a book whose body is one section titled like the book is
 * unwrapped, since that heading is the book's title, not a chapter.
 * Images are data: URIs or files beside the HTML file, in its folder or
 * below (realpath() must agree: a symbolic link out is not followed);
 * nothing is fetched from a network.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html_map.h"
#include "import_internal.h"
#include "rod_base64.h"
#include "rod_format.h"
#include "rod_img.h"
#include "rod_strmap.h"
#include "xml_tree.h"

static bool contains(const char *s, const char *needle)
{
    return s && strstr(s, needle) != NULL;
}

/* Removes node and everything before (or after) it in document order. */
static void cut_around(xmlNode *node, bool before)
{
    for (xmlNode *n = node; n && n->type != XML_DOCUMENT_NODE; n = n->parent) {
        xmlNode *sib = before ? n->prev : n->next;
        while (sib) {
            xmlNode *next = before ? sib->prev : sib->next;
            if (!rod_xml_is(sib, "head")) {
                xmlUnlinkNode(sib);
                xmlFreeNode(sib);
            }
            sib = next;
        }
        if (rod_xml_is(n->parent, "body"))
            break;
    }
    xmlUnlinkNode(node);
    xmlFreeNode(node);
}

/* The deepest element whose own text holds `marker`. */
static xmlNode *find_marker(xmlNode *n, const char *marker)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE && contains((const char *)n->content, marker))
            return n->parent;
        if (n->type == XML_ELEMENT_NODE) {
            xmlNode *hit = find_marker(n->children, marker);
            if (hit)
                return hit;
        }
    }
    return NULL;
}

/* Whether n lies inside <body>, below it: the only place a licence
 * marker can be cut around without taking the document's root with it. */
static bool below_body(const xmlNode *n)
{
    for (const xmlNode *p = n ? n->parent : NULL; p; p = p->parent)
        if (rod_xml_is(p, "body"))
            return true;
    return false;
}

static size_t gutenberg_prune(xmlDocPtr x)
{
    xmlNode *root = xmlDocGetRootElement(x);
    size_t cut = 0;
    xmlNode *start = find_marker(root, "*** START OF TH");
    if (!start)
        start = find_marker(root, "***START OF TH");
    if (below_body(start)) {
        cut_around(start, true);
        cut++;
    }
    xmlNode *end = find_marker(root, "*** END OF TH");
    if (!end)
        end = find_marker(root, "***END OF TH");
    if (below_body(end)) {
        cut_around(end, false);
        cut++;
    }
    /* the licence sections of newer Gutenberg files */
    for (xmlNode *n = root; n;) {
        const char *id = n->type == XML_ELEMENT_NODE ? rod_xml_attr(n, "id") : NULL;
        const char *cls = n->type == XML_ELEMENT_NODE ? rod_xml_attr(n, "class") : NULL;
        if ((id && (!strcmp(id, "pg-header") || !strcmp(id, "pg-footer"))) ||
            rod_xml_has_word(cls, "pg-boilerplate")) {
            xmlNode *next = n->next ? n->next : n->parent;
            xmlUnlinkNode(n);
            xmlFreeNode(n);
            cut++;
            n = next;
            continue;
        }
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next)
            n = n->parent;
        n = n && n != root ? n->next : NULL;
    }
    return cut;
}

static void read_head(rod_doc *doc, xmlNode *root)
{
    xmlNode *head = NULL;
    for (xmlNode *c = root->children; c; c = c->next)
        if (rod_xml_is(c, "head"))
            head = c;
    const char *lang = rod_xml_attr_any(root, "lang");
    if (lang && *lang)
        doc->root->lang = rod_doc_str(doc, lang);
    doc->root->dir = rod_dir_from_name(rod_xml_attr(root, "dir"));
    if (!head)
        return;
    bool author = false;
    for (xmlNode *c = head->children; c; c = c->next) {
        if (rod_xml_is(c, "meta")) {
            const char *name = rod_xml_attr(c, "name");
            const char *content = rod_xml_attr(c, "content");
            if (!name || !content)
                continue;
            if (!strcasecmp(name, "author") || !strcasecmp(name, "dc.creator") ||
                !strcasecmp(name, "dcterms.creator")) {
                author |= imp_head(doc, ROD_CREATOR, content, NULL) != NULL;
            } else if (!strcasecmp(name, "dc.title") || !strcasecmp(name, "dcterms.title")) {
                imp_title(doc, content);
            } else if (!strcasecmp(name, "keywords") || !strcasecmp(name, "dc.subject")) {
                char *copy = strdup(content);
                for (char *tok = copy ? strtok(copy, ",;") : NULL; tok; tok = strtok(NULL, ",;"))
                    imp_head(doc, ROD_SUBJECT, tok, NULL);
                free(copy);
            } else if (!strcasecmp(name, "dc.language") && !doc->root->lang) {
                doc->root->lang = rod_doc_str(doc, content);
            } else if (!strcasecmp(name, "description") || !strcasecmp(name, "dc.description")) {
                rod_node *d = rod_node_add(doc, doc->head, ROD_DESCRIPTION);
                rod_node *p = d ? rod_node_add(doc, d, ROD_P) : NULL;
                if (p)
                    rod_node_add_text(doc, p, content, strlen(content));
            }
        }
    }
    for (xmlNode *c = head->children; c; c = c->next) {
        if (!rod_xml_is(c, "title") || !imp_title_empty(doc))
            continue;
        char *t = rod_xml_text(c, true);
        if (!t)
            continue;
        char *s = t;
        static const char *const prefixes[] = {"The Project Gutenberg eBook of ",
                                               "The Project Gutenberg EBook of ",
                                               "Project Gutenberg's "};
        for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
            if (!strncasecmp(s, prefixes[i], strlen(prefixes[i])))
                s += strlen(prefixes[i]);
        /* "Pride and Prejudice, by Jane Austen" */
        char *by = strstr(s, ", by ");
        if (by) {
            *by = '\0';
            if (!author)
                author = imp_head(doc, ROD_CREATOR, by + 5, NULL) != NULL;
        }
        imp_title(doc, s);
        free(t);
    }
}

/* rod's own export: <header> with h1.book-title, p.subtitle, p.author. */
static void read_rod_header(rod_doc *doc, xmlNode *body)
{
    for (xmlNode *c = body ? body->children : NULL; c; c = c->next) {
        if (!rod_xml_is(c, "header"))
            continue;
        bool ours = false;
        for (xmlNode *h = c->children; h; h = h->next)
            ours |= rod_xml_has_word(rod_xml_attr(h, "class"), "book-title");
        if (!ours)
            return;
        for (xmlNode *h = c->children; h; h = h->next) {
            const char *cls = rod_xml_attr(h, "class");
            char *t = h->type == XML_ELEMENT_NODE ? rod_xml_text(h, true) : NULL;
            if (rod_xml_has_word(cls, "book-title")) {
                rod_node *old = doc->title;
                while (old->first)
                    rod_node_unlink(old->first);
                imp_title(doc, t);
            } else if (rod_xml_has_word(cls, "subtitle")) {
                imp_head(doc, ROD_SUBTITLE, t, NULL);
            }
            free(t);
        }
        xmlUnlinkNode(c);
        xmlFreeNode(c);
        return;
    }
}

static void letters_of(const char *s, rod_buf *out)
{
    for (; *s; s++)
        if (isalnum((unsigned char)*s))
            rod_buf_addc(out, (char)tolower((unsigned char)*s));
        else if ((unsigned char)*s >= 0x80)
            rod_buf_addc(out, *s);
}

/* A body that is one section titled like the book loses that wrapper. */
static void unwrap_title_section(rod_doc *doc)
{
    rod_node *sec = NULL;
    for (rod_node *c = doc->body->first; c; c = c->next) {
        if (c->kind != ROD_SECTION)
            continue;
        if (sec)
            return;
        sec = c;
    }
    if (!sec || !sec->first || sec->first->kind != ROD_TITLE)
        return;
    rod_buf a = ROD_BUF_INIT, b = ROD_BUF_INIT, ta = ROD_BUF_INIT, tb = ROD_BUF_INIT;
    rod_node_plain_text(sec->first, &ta);
    rod_node_plain_text(doc->title, &tb);
    if (ta.data)
        letters_of(ta.data, &a);
    if (tb.data)
        letters_of(tb.data, &b);
    bool same = a.data && (!b.data || strcmp(a.data, b.data) == 0 ||
                           strstr(b.data, a.data) == b.data);
    if (same) {
        rod_node *title = sec->first;
        rod_node *heir = title->next;
        if (sec->id && heir && !heir->id)
            heir->id = sec->id;
        rod_node_unlink(title);
        if (imp_title_empty(doc)) {
            while (title->first) {
                rod_node *k = title->first;
                rod_node_unlink(k);
                rod_node_insert(doc->title, k, NULL);
            }
        }
        while (sec->first) {
            rod_node *k = sec->first;
            rod_node_unlink(k);
            rod_node_insert(doc->body, k, sec);
        }
        rod_node_unlink(sec);
    }
    rod_buf_free(&a);
    rod_buf_free(&b);
    rod_buf_free(&ta);
    rod_buf_free(&tb);
}

typedef struct html_reader {
    html_map m;
    const char *path;       /* the file read, or NULL (rod_read_opts) */
    rod_strmap images;      /* relative path → binary id, each file once */
} html_reader;

static const char *data_uri_image(html_reader *r, const char *src)
{
    const char *comma = strncmp(src, "data:", 5) ? NULL : strchr(src, ',');
    if (!comma || !memmem(src, (size_t)(comma - src), ";base64", 7))
        return NULL;
    size_t n = strlen(comma + 1), len = 0;
    unsigned char *bytes = malloc(rod_base64_max(n) + 1);
    const char *id = NULL;
    if (bytes && rod_base64_decode(comma + 1, n, bytes, &len))
        rod_warn(r->m.diag, 0, 0, "a data: URI holds characters that are not base64 data; skipped");
    if (bytes)
        id = imp_binary(r->m.doc, r->m.diag, &r->m.ids, "image", bytes, len, "data: URI");
    free(bytes);
    return id;
}

/* An image file beside the HTML file: rel is the src resolved and folded
 * (html_resolve: no scheme, nothing above the file's folder), and the
 * file it names, symbolic links followed, must still be in that folder or
 * below. Read once however often it is shown. */
static const char *local_image(html_reader *r, const char *rel)
{
    const char *known = rod_strmap_get(&r->images, rel);
    if (known)
        return known;
    if (!r->path || !*rel)
        return NULL;
    const char *slash = strrchr(r->path, '/');
    rod_buf want = ROD_BUF_INIT;
    if (slash)
        rod_buf_add(&want, r->path, (size_t)(slash - r->path) + 1);
    else
        rod_buf_adds(&want, "./");
    char *dir = want.data ? realpath(want.data, NULL) : NULL;
    rod_buf_adds(&want, rel);
    char *real = want.data ? realpath(want.data, NULL) : NULL;
    const char *id = NULL;
    size_t n = dir ? strlen(dir) : 0;
    if (!real) {
        rod_warn(r->m.diag, 0, 0, "the image '%s' is not beside the book; its alt text is shown",
                 rel);
    } else if (!dir || strncmp(real, dir, n) != 0 || (real[n] != '/' && strcmp(dir, "/") != 0)) {
        rod_warn(r->m.diag, 0, 0, "the image '%s' leads outside the book's folder; it is not "
                 "read, its alt text is shown", rel);
    } else {
        char *data = NULL;
        size_t len = 0;
        rod_diag quiet = ROD_DIAG_INIT(NULL);
        if (rod_load_file(real, &data, &len, &quiet) == ROD_OK && len <= ROD_IMG_MAX_FILE)
            id = imp_binary(r->m.doc, r->m.diag, &r->m.ids, rel, data, len, rel);
        else
            rod_warn(r->m.diag, 0, 0, "the image '%s' cannot be read%s; its alt text is shown",
                     rel, len > ROD_IMG_MAX_FILE ? " (too large)" : "");
        rod_diag_free(&quiet);
        free(data);
        if (id && !rod_strmap_put(&r->images, rel, (void *)id))
            r->m.failed = true;
    }
    free(real);
    free(dir);
    rod_buf_free(&want);
    return id;
}

/* A single HTML file's images: data: URIs, and files in its folder. */
static const char *html_image(void *user, const char *src, const char *alt)
{
    (void)alt;
    html_reader *r = user;
    return !strncmp(src, "data:", 5) ? data_uri_image(r, src) : local_image(r, src);
}

static bool looks_xhtml(const char *data, size_t len)
{
    size_t head = len < 1024 ? len : 1024;
    for (size_t i = 0; i + 5 <= head; i++)
        if (!memcmp(data + i, "<?xml", 5) || (i + 28 <= head && !memcmp(data + i, "http://www.w3.org/1999/xhtml", 28)))
            return true;
    return false;
}

rod_err rod_read_html(const char *data, size_t len, const rod_read_opts *opts, rod_diag *diag,
                      rod_doc **out)
{
    *out = NULL;
    xmlDocPtr x = NULL;
    rod_err err = rod_xml_tree(data, len, looks_xhtml(data, len) ? ROD_XML_XHTML : ROD_XML_HTML,
                               diag, &x);
    if (err != ROD_OK)
        return err;
    rod_doc *doc = rod_doc_new();
    if (doc)
        rod_doc_budget(doc, len);
    if (!doc) {
        xmlFreeDoc(x);
        return ROD_ERR_NOMEM;
    }
    gutenberg_prune(x);
    xmlNode *root = xmlDocGetRootElement(x);
    read_head(doc, root);
    xmlNode *body = NULL;
    for (xmlNode *c = root->children; c; c = c->next)
        if (rod_xml_is(c, "body"))
            body = c;
    read_rod_header(doc, body);
    html_reader r = {.path = opts ? opts->path : NULL, .images = ROD_STRMAP_INIT};
    html_map_init(&r.m, doc, diag);
    r.m.image = html_image;
    r.m.user = &r;
    html_map_css_of(&r.m, x);
    err = html_map_body(&r.m, x, "", doc->body);
    if (doc->body->dir == doc->root->dir)
        doc->body->dir = ROD_DIR_NONE;      /* <html dir> alone: the book's */
    if (err == ROD_OK) {
        html_map_links(&r.m);
        err = r.m.failed ? ROD_ERR_NOMEM : ROD_OK;
    }
    html_map_free(&r.m);
    rod_strmap_free(&r.images);
    xmlFreeDoc(x);
    if (err == ROD_OK)
        unwrap_title_section(doc);
    return imp_finish(doc, opts, diag, err, out);
}
