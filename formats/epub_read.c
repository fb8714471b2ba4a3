/* epub_read.c — EPUB 2 and 3 as a book: container → package (OPF) →
 * metadata, manifest and spine → each chapter through the HTML mapping →
 * sections nested as the table of contents (nav or NCX) says.
 *
 * Chapters are mapped one by one into a loose list of top-level nodes per
 * file; only then are they placed. A node the contents names at depth d
 * goes under the last node placed at a depth above d, so parts and their
 * chapters nest even when each lives in its own file (Standard Ebooks puts
 * "Book One" in one file and its chapters in others). Content the contents
 * does not name continues the section before it, as a chapter split over
 * two files should; an unnamed section stands beside it.
 *
 * The spine is a list of files: entries that name the same member (by any
 * spelling of its path, through any manifest item) are one chapter, read
 * once at its first place, with one warning for all of them. Reading it
 * again would put its text in the book twice and pay for it twice.
 * Manifest ids and spine paths are looked up in hash maps, since a
 * spine of 100,000 entries is something a file can say.
 *
 * DRM: an encryption.xml that encrypts anything but fonts (whose
 * "obfuscation" is harmless to text), or an Adobe rights.xml, means the
 * text cannot be read: the book is refused with a message saying so.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "charset.h"
#include "epub_meta.h"
#include "html_map.h"
#include "import_internal.h"
#include "rod_format.h"
#include "xml_tree.h"
#include "zip_in.h"

/* A manifest item. Its strings are its own: the package document's tree
 * is freed once read, since for a book of many chapters it is the
 * largest thing the reader holds (a kilobyte an item). */
typedef struct item {
    char *path;             /* resolved inside the archive */
    char *type;             /* media-type, or NULL */
    char *props;            /* properties, or NULL */
} item;

typedef struct toc_entry {
    char *label;
    char *target;           /* "path#frag" or "path" */
    int depth;              /* 1 for the top level */
} toc_entry;

typedef struct epub {
    rod_zip *zip;
    rod_doc *doc;
    rod_diag *diag;
    xmlDocPtr opf;
    char *opf_path;
    item *items;
    size_t nitems;
    rod_strmap ids;         /* manifest id → item (the first of equal ids) */
    size_t *spine;          /* item indices, each file once */
    size_t nspine;
    rod_strmap spine_at;    /* path → 1 + its place in the spine */
    char *ncx_id;           /* the spine's toc attribute, or NULL */
    toc_entry *toc;
    size_t ntoc, captoc;
    rod_strmap images;      /* path → binary id */
    html_map map;
    bool failed;
} epub;

static char *resolved(const char *base, const char *href)
{
    rod_buf b = ROD_BUF_INIT;
    char *s = html_resolve(base, href, &b) ? rod_buf_steal(&b, NULL) : NULL;
    rod_buf_free(&b);
    return s;
}

static const item *item_by_id(const epub *e, const char *id)
{
    return id ? rod_strmap_get(&e->ids, id) : NULL;
}

/* The place in the spine of the file `path` names ("c1.xhtml#s2" is
 * c1.xhtml), or e->nspine when the spine does not hold it. */
static size_t spine_place(const epub *e, char *path)
{
    char *hash = strchr(path, '#');
    if (hash)
        *hash = '\0';
    size_t at = (size_t)(uintptr_t)rod_strmap_get(&e->spine_at, path);
    if (hash)
        *hash = '#';
    return at ? at - 1 : e->nspine;
}

static rod_err read_xml(epub *e, const char *path, rod_xml_mode mode, xmlDocPtr *out)
{
    char *data;
    size_t len;
    e->diag->part = path;
    rod_err err = rod_zip_read(e->zip, path, &data, &len, e->diag);
    if (err == ROD_OK) {
        err = rod_xml_tree(data, len, mode, e->diag, out);
        free(data);
    }
    return err;
}

/* ---- DRM ----------------------------------------------------------------- */

static rod_err check_drm(epub *e)
{
    if (rod_zip_has(e->zip, "META-INF/rights.xml")) {
        rod_error(e->diag, 0, 0, "the EPUB is protected by DRM (META-INF/rights.xml); rod can "
                  "only read books without DRM");
        return ROD_ERR_INPUT;
    }
    if (!rod_zip_has(e->zip, "META-INF/encryption.xml"))
        return ROD_OK;
    xmlDocPtr x = NULL;
    rod_err err = read_xml(e, "META-INF/encryption.xml", ROD_XML_RECOVER, &x);
    e->diag->part = NULL;
    if (err != ROD_OK)
        return err;
    size_t encrypted = 0;
    xmlNode *root = xmlDocGetRootElement(x);
    for (xmlNode *n = root; n; n = rod_xml_next(n, root)) {
        if (rod_xml_is(n, "EncryptionMethod")) {
            const char *alg = rod_xml_attr(n, "Algorithm");
            bool font = alg && (!strcmp(alg, "http://www.idpf.org/2008/embedding") ||
                                !strcmp(alg, "http://ns.adobe.com/pdf/enc#RC"));
            encrypted += !font;
        }
    }
    xmlFreeDoc(x);
    if (encrypted) {
        rod_error(e->diag, 0, 0, "the EPUB is encrypted (DRM: %zu encrypted parts named in "
                  "META-INF/encryption.xml); rod can only read books without DRM", encrypted);
        return ROD_ERR_INPUT;
    }
    return ROD_OK;
}

/* ---- the package ----------------------------------------------------------- */

static rod_err find_opf(epub *e)
{
    xmlDocPtr x = NULL;
    rod_err err = read_xml(e, "META-INF/container.xml", ROD_XML_RECOVER, &x);
    e->diag->part = NULL;
    if (err != ROD_OK) {
        rod_error(e->diag, 0, 0, "not an EPUB: META-INF/container.xml cannot be read");
        return err;
    }
    xmlNode *root = xmlDocGetRootElement(x);
    for (xmlNode *n = root; n && !e->opf_path; n = rod_xml_next(n, root)) {
        if (rod_xml_is(n, "rootfile")) {
            const char *p = rod_xml_attr(n, "full-path");
            const char *t = rod_xml_attr(n, "media-type");
            if (p && (!t || !strcmp(t, "application/oebps-package+xml")))
                e->opf_path = resolved("", p);
        }
    }
    xmlFreeDoc(x);
    if (!e->opf_path) {
        rod_error(e->diag, 0, 0, "not an EPUB: container.xml names no package document");
        return ROD_ERR_INPUT;
    }
    return ROD_OK;
}

/* The metadata (epub_meta.c), then the cover: EPUB 3's property, else
 * EPUB 2's meta. */
static void read_metadata(epub *e, xmlNode *md)
{
    rod_doc *doc = e->doc;
    const char *cover_id = epub_read_metadata(doc, md);
    const item *cover = NULL;
    for (size_t i = 0; i < e->nitems && !cover; i++)
        if (rod_xml_has_word(e->items[i].props, "cover-image"))
            cover = &e->items[i];
    if (!cover)
        cover = item_by_id(e, cover_id);
    if (cover) {
        const char *bin = e->map.image(e, cover->path, "cover");
        rod_node *c = bin ? rod_node_add(doc, doc->head, ROD_COVER) : NULL;
        if (c) {
            rod_buf r = ROD_BUF_INIT;
            rod_buf_printf(&r, "#%s", bin);
            c->ref = rod_doc_str(doc, r.data);
            rod_buf_free(&r);
        }
    }
}

/* A copy of an attribute's value in *out (NULL stays NULL); false when
 * memory runs out. */
static bool own(const char *s, char **out)
{
    *out = s ? strdup(s) : NULL;
    return !s || *out;
}

static rod_err read_package(epub *e)
{
    rod_err err = read_xml(e, e->opf_path, ROD_XML_RECOVER, &e->opf);
    if (err != ROD_OK)
        return err;
    xmlNode *pkg = xmlDocGetRootElement(e->opf);
    xmlNode *md = NULL, *manifest = NULL, *spine = NULL;
    for (xmlNode *n = pkg->children; n; n = n->next) {
        if (rod_xml_is(n, "metadata"))
            md = n;
        else if (rod_xml_is(n, "manifest"))
            manifest = n;
        else if (rod_xml_is(n, "spine"))
            spine = n;
    }
    if (!manifest || !spine) {
        rod_error(e->diag, 0, 0, "the package document has no %s", manifest ? "spine" : "manifest");
        return ROD_ERR_INPUT;
    }
    size_t n = 0;
    for (xmlNode *c = manifest->children; c; c = c->next)
        n += rod_xml_is(c, "item");
    e->items = calloc(n + 1, sizeof *e->items);
    if (!e->items)
        return ROD_ERR_NOMEM;
    for (xmlNode *c = manifest->children; c; c = c->next) {
        const char *href = rod_xml_is(c, "item") ? rod_xml_attr(c, "href") : NULL;
        char *path = href ? resolved(e->opf_path, href) : NULL;
        if (!path) {
            if (href)
                rod_warn(e->diag, (unsigned)xmlGetLineNo(c), 0, "the manifest item '%s' points "
                         "outside the book; ignored", href);
            continue;
        }
        char *hash = strchr(path, '#');
        if (hash)
            *hash = '\0';
        item *it = &e->items[e->nitems++];
        *it = (item){path, NULL, NULL};
        const char *id = rod_xml_attr(c, "id");
        if (!own(rod_xml_attr(c, "media-type"), &it->type) ||
            !own(rod_xml_attr(c, "properties"), &it->props) ||
            (id && !rod_strmap_get(&e->ids, id) && !rod_strmap_put(&e->ids, id, it)))
            return ROD_ERR_NOMEM;
    }
    if (!own(rod_xml_attr(spine, "toc"), &e->ncx_id))
        return ROD_ERR_NOMEM;
    /* the pages' progression is the book's direction (ROD-FORMAT §1);
     * "default" says nothing */
    rod_dir ppd = rod_dir_from_name(rod_xml_attr(spine, "page-progression-direction"));
    if (ppd == ROD_DIR_RTL || ppd == ROD_DIR_LTR)
        e->doc->root->dir = ppd;
    n = 0;
    for (xmlNode *c = spine->children; c; c = c->next)
        n += rod_xml_is(c, "itemref");
    e->spine = calloc(n + 1, sizeof *e->spine);
    if (!e->spine)
        return ROD_ERR_NOMEM;
    size_t again = 0;
    bool others = false;        /* files besides the first repeated one repeat */
    unsigned again_line = 0;
    const char *again_path = NULL;
    for (xmlNode *c = spine->children; c; c = c->next) {
        if (!rod_xml_is(c, "itemref"))
            continue;
        const char *idref = rod_xml_attr(c, "idref");
        const item *it = item_by_id(e, idref);
        if (!it) {
            rod_warn(e->diag, (unsigned)xmlGetLineNo(c), 0, "the spine names '%s', which the "
                     "manifest does not list; skipped", idref ? idref : "");
            continue;
        }
        if (rod_strmap_get(&e->spine_at, it->path)) {
            if (again++ == 0) {
                again_line = (unsigned)xmlGetLineNo(c);
                again_path = it->path;
            }
            others |= strcmp(again_path, it->path) != 0;
            continue;
        }
        if (!rod_zip_has(e->zip, it->path)) {
            rod_warn(e->diag, (unsigned)xmlGetLineNo(c), 0, "the chapter '%s' is missing from "
                     "the archive; skipped", it->path);
            continue;
        }
        e->spine[e->nspine++] = (size_t)(it - e->items);
        if (!rod_strmap_put(&e->spine_at, it->path, (void *)(uintptr_t)e->nspine))
            return ROD_ERR_NOMEM;
    }
    if (again)
        rod_warn(e->diag, again_line, 0, "the spine names '%s' again%s; each file is read once, "
                 "at its first place in the spine (%zu repeated %s ignored)", again_path,
                 others ? ", and other files too" : "", again, again > 1 ? "entries" : "entry");
    e->diag->part = e->opf_path;
    if (md)
        read_metadata(e, md);
    e->diag->part = NULL;
    xmlFreeDoc(e->opf);
    e->opf = NULL;
    if (!e->nspine) {
        rod_error(e->diag, 0, 0, "the EPUB has no readable chapters");
        return ROD_ERR_INPUT;
    }
    return ROD_OK;
}

/* ---- table of contents ------------------------------------------------------ */

static void toc_add(epub *e, char *label, char *target, int depth)
{
    if (!target || e->ntoc == e->captoc) {
        size_t cap = e->captoc ? e->captoc * 2 : 64;
        toc_entry *t = target ? realloc(e->toc, cap * sizeof *t) : NULL;
        if (!t) {
            free(label);
            free(target);
            return;
        }
        e->toc = t;
        e->captoc = cap;
    }
    e->toc[e->ntoc++] = (toc_entry){label, target, depth};
}

static void nav_list(epub *e, xmlNode *ol, const char *base, int depth)
{
    for (xmlNode *li = ol->children; li; li = li->next) {
        if (!rod_xml_is(li, "li"))
            continue;
        for (xmlNode *c = li->children; c; c = c->next) {
            if (rod_xml_is(c, "a")) {
                const char *href = rod_xml_attr(c, "href");
                if (href)
                    toc_add(e, rod_xml_text(c, true), resolved(base, href), depth);
            } else if (rod_xml_is(c, "ol")) {
                nav_list(e, c, base, depth + 1);
            }
        }
    }
}

static xmlNode *find_nav(xmlNode *n)
{
    for (; n; n = n->next) {
        if (rod_xml_is(n, "nav")) {
            const char *t = rod_xml_attr_any(n, "type");
            if (rod_xml_has_word(t, "toc"))
                return n;
        }
        xmlNode *hit = n->type == XML_ELEMENT_NODE ? find_nav(n->children) : NULL;
        if (hit)
            return hit;
    }
    return NULL;
}

static void ncx_points(epub *e, xmlNode *parent, const char *base, int depth)
{
    for (xmlNode *p = parent->children; p; p = p->next) {
        if (!rod_xml_is(p, "navPoint"))
            continue;
        char *label = NULL;
        const char *src = NULL;
        for (xmlNode *c = p->children; c; c = c->next) {
            if (rod_xml_is(c, "navLabel") && !label)
                label = rod_xml_text(c, true);
            else if (rod_xml_is(c, "content"))
                src = rod_xml_attr(c, "src");
        }
        if (src)
            toc_add(e, label, resolved(base, src), depth);
        else
            free(label);
        ncx_points(e, p, base, depth + 1);
    }
}

static void read_toc(epub *e)
{
    const item *nav = NULL;
    for (size_t i = 0; i < e->nitems && !nav; i++)
        if (rod_xml_has_word(e->items[i].props, "nav"))
            nav = &e->items[i];
    xmlDocPtr x = NULL;
    if (nav && rod_zip_has(e->zip, nav->path) &&
        read_xml(e, nav->path, ROD_XML_XHTML, &x) == ROD_OK) {
        xmlNode *n = find_nav(xmlDocGetRootElement(x));
        for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
            if (rod_xml_is(c, "ol"))
                nav_list(e, c, nav->path, 1);
        xmlFreeDoc(x);
    }
    const item *ncx = item_by_id(e, e->ncx_id);
    for (size_t i = 0; i < e->nitems && !ncx; i++)
        if (e->items[i].type && !strcmp(e->items[i].type, "application/x-dtbncx+xml"))
            ncx = &e->items[i];
    if (!e->ntoc && ncx && rod_zip_has(e->zip, ncx->path) &&
        read_xml(e, ncx->path, ROD_XML_RECOVER, &x) == ROD_OK) {
        for (xmlNode *c = xmlDocGetRootElement(x)->children; c; c = c->next)
            if (rod_xml_is(c, "navMap"))
                ncx_points(e, c, ncx->path, 1);
        xmlFreeDoc(x);
    }
    e->diag->part = NULL;
}

/* ---- images ------------------------------------------------------------------ */

static const char *image_hook(void *user, const char *path, const char *alt)
{
    (void)alt;
    epub *e = user;
    const char *known = rod_strmap_get(&e->images, path);
    if (known)
        return *known ? known : NULL;
    const char *bin = NULL;
    if (!rod_zip_has(e->zip, path)) {
        rod_warn(e->diag, 0, 0, "the image '%s' is missing from the archive", path);
    } else {
        const char *saved = e->diag->part;
        char *data;
        size_t len;
        e->diag->part = NULL;
        if (rod_zip_read(e->zip, path, &data, &len, e->diag) == ROD_OK) {
            const char *slash = strrchr(path, '/');
            bin = imp_binary(e->doc, e->diag, &e->map.ids, slash ? slash + 1 : path, data,
                             len, path);
            free(data);
        }
        e->diag->part = saved;
    }
    rod_strmap_put(&e->images, path, (void *)(bin ? bin : ""));
    return bin;
}

/* ---- assembling ----------------------------------------------------------------- */

/* The child of `top` that holds node. */
static rod_node *top_of(rod_node *node, const rod_node *top)
{
    while (node && node->parent != top)
        node = node->parent;
    return node;
}

typedef struct placed {
    rod_node *node;
    int depth;
} placed;

static void wrap_loose(epub *e, rod_node *top, const char *label)
{
    /* loose blocks before the first section become a section of their own */
    if (!top->first || top->first->kind == ROD_SECTION)
        return;
    rod_node *sec = rod_node_new(e->doc, ROD_SECTION);
    if (!sec)
        return;
    rod_node *title = rod_node_new(e->doc, ROD_TITLE);
    if (title && label) {
        rod_node_add_text(e->doc, title, label, strlen(label));
        rod_node_insert(sec, title, NULL);
    }
    while (top->first && top->first->kind != ROD_SECTION) {
        rod_node *k = top->first;
        rod_node_unlink(k);
        rod_node_insert(sec, k, NULL);
    }
    rod_node_insert(top, sec, top->first);
}

static void give_title(epub *e, rod_node *sec, const char *label)
{
    if (!label || !*label || sec->kind != ROD_SECTION ||
        (sec->first && sec->first->kind == ROD_TITLE))
        return;
    rod_node *title = rod_node_new(e->doc, ROD_TITLE);
    if (title) {
        rod_node_add_text(e->doc, title, label, strlen(label));
        rod_node_insert(sec, title, sec->first);
    }
}

/* The words of s, lower-cased (ASCII), sorted, each ended by a space. */
static int cmp_word(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sorted_words(const char *s, rod_buf *out)
{
    char *copy = strdup(s ? s : "");
    size_t n = 0, cap = copy ? strlen(copy) / 2 + 1 : 0;
    char **v = copy ? malloc(cap * sizeof *v) : NULL;
    for (char *p = copy; v && *p; p++) {
        unsigned char c = (unsigned char)*p;
        *p = (char)(c >= 0x80 || isalnum(c) ? tolower(c) : ' ');
    }
    char *save = NULL;
    for (char *w = v ? strtok_r(copy, " ", &save) : NULL; w; w = strtok_r(NULL, " ", &save))
        v[n++] = w;     /* a word and the space after it take 2 bytes: cap suffices */
    if (n)
        qsort(v, n, sizeof *v, cmp_word);
    for (size_t i = 0; i < n; i++)
        rod_buf_printf(out, "%s ", v[i]);
    free(v);
    free(copy);
}

/* True when a contents label only repeats the book's title (a book
 * without chapters often has one such entry): the same words in any
 * order and case, since a label is often the title retyped (pandoc's test
 * book "Pandoc EPUB Test" has the one entry "EPUB Pandoc Test", which
 * made the heading of a chapter whose text never says it). */
static bool is_book_title(epub *e, const char *label)
{
    rod_buf t = ROD_BUF_INIT, a = ROD_BUF_INIT, b = ROD_BUF_INIT;
    rod_node_plain_text(e->doc->title, &t);
    sorted_words(label, &a);
    sorted_words(t.data, &b);
    bool same = a.data && b.data && !strcmp(a.data, b.data);
    rod_buf_free(&t);
    rod_buf_free(&a);
    rod_buf_free(&b);
    return same;
}

/* Stylesheets in the manifest, for the classes that mean small caps. */
static void read_css(epub *e)
{
    for (size_t i = 0; i < e->nitems; i++) {
        if (!e->items[i].type || strcmp(e->items[i].type, "text/css") != 0 ||
            !rod_zip_has(e->zip, e->items[i].path))
            continue;
        char *css;
        size_t len;
        e->diag->part = e->items[i].path;
        if (rod_zip_read(e->zip, e->items[i].path, &css, &len, e->diag) == ROD_OK) {
            html_map_css(&e->map, css, len);
            free(css);
        }
    }
    e->diag->part = NULL;
}

/* True when a message says the input was refused as hostile rather than
 * damaged: such a part refuses the whole book. */
static bool hostile(const rod_diag *d)
{
    for (size_t i = 0; i < d->n; i++)
        if (strstr(d->items[i].text, "refuses entity") || strstr(d->items[i].text, "zip bomb"))
            return true;
    return false;
}

/* Each chapter's <html>/<body> dir (html_map_body put it on tops[s]):
 * when every chapter agrees, it is the book's (or the body's, when the
 * spine already gave the book another); otherwise a chapter whose dir
 * differs from the book's keeps it on each node it brings. */
static void chapter_dirs(epub *e, rod_node **tops)
{
    rod_node *root = e->doc->root;
    rod_dir common = e->nspine ? (rod_dir)tops[0]->dir : ROD_DIR_NONE;
    for (size_t s = 1; s < e->nspine && common != ROD_DIR_NONE; s++)
        if (tops[s]->dir != common)
            common = ROD_DIR_NONE;
    if (common != ROD_DIR_NONE) {
        if (root->dir == ROD_DIR_NONE)
            root->dir = common;
        else if (root->dir != common)
            e->doc->body->dir = common;
    }
    rod_dir book = (rod_dir)(e->doc->body->dir != ROD_DIR_NONE ? e->doc->body->dir : root->dir);
    for (size_t s = 0; s < e->nspine; s++)
        if (common != ROD_DIR_NONE || tops[s]->dir == book)
            tops[s]->dir = ROD_DIR_NONE;
}

static rod_err map_chapters(epub *e)
{
    rod_node **tops = calloc(e->nspine, sizeof *tops);
    if (!tops)
        return ROD_ERR_NOMEM;
    rod_err err = ROD_OK;
    for (size_t s = 0; s < e->nspine && err != ROD_ERR_NOMEM; s++) {
        const item *it = &e->items[e->spine[s]];
        tops[s] = rod_node_new(e->doc, ROD_BODY);
        if (!tops[s]) {
            err = ROD_ERR_NOMEM;
            break;
        }
        if (it->type && strcmp(it->type, "application/xhtml+xml") != 0 &&
            strcmp(it->type, "text/html") != 0) {
            rod_warn(e->diag, 0, 0, "the chapter '%s' is %s, not XHTML; skipped", it->path,
                     it->type);
            continue;
        }
        /* a chapter's own messages first go to a diag of its own: a damaged
         * chapter is a warning and a placeholder, a hostile one an error */
        rod_diag *book = e->diag;
        rod_diag mine = ROD_DIAG_INIT(book->file);
        e->diag = &mine;
        e->map.diag = &mine;
        xmlDocPtr x = NULL;
        char *data = NULL;
        size_t len = 0;
        e->diag->part = it->path;
        rod_err r = rod_zip_read(e->zip, it->path, &data, &len, e->diag);
        bool empty = r == ROD_OK && charset_blank(data, len);
        if (empty)
            rod_warn(e->diag, 0, 0, "the chapter is empty");     /* and stays so */
        else if (r == ROD_OK)
            r = rod_xml_tree(data, len, ROD_XML_XHTML, e->diag, &x);
        free(data);
        if (r == ROD_OK && x) {
            html_map_css_of(&e->map, x);
            r = html_map_body(&e->map, x, it->path, tops[s]);
            xmlFreeDoc(x);
        }
        e->diag = book;
        e->map.diag = book;
        bool refuse = r != ROD_OK && r != ROD_ERR_NOMEM && hostile(&mine);
        book->part = it->path;
        for (size_t i = 0; i < mine.n; i++) {
            const rod_message *msg = &mine.items[i];
            rod_severity sev = refuse ? msg->severity : ROD_WARNING;
            for (unsigned k = 0; k < msg->count; k++)
                rod_diag_add(book, sev, msg->line, msg->col, "%s", msg->text);
        }
        book->part = NULL;
        rod_diag_free(&mine);
        if (r == ROD_ERR_NOMEM) {
            err = r;
        } else if (refuse) {
            err = ROD_ERR_INPUT;
            break;
        } else if (r != ROD_OK) {
            rod_node *p = rod_node_add(e->doc, tops[s], ROD_P);
            if (p) {
                rod_buf t = ROD_BUF_INIT;
                rod_buf_printf(&t, "[This chapter (%s) could not be read.]", it->path);
                rod_node_add_text(e->doc, p, t.data, t.len);
                rod_buf_free(&t);
            }
        }
    }
    e->diag->part = NULL;
    if (err != ROD_OK) {
        free(tops);
        return err;
    }
    /* the contents' depth for each top-level node */
    rod_strmap depth = ROD_STRMAP_INIT;     /* key: pointer as text */
    rod_strmap label = ROD_STRMAP_INIT;
    for (size_t t = 0; t < e->ntoc; t++) {
        toc_entry *te = &e->toc[t];
        rod_node *target = html_map_target(&e->map, te->target);
        char *hash = strchr(te->target, '#');
        size_t s = spine_place(e, te->target);
        if (s == e->nspine || !tops[s]->first)
            continue;
        rod_node *top = target ? top_of(target, tops[s]) : NULL;
        bool named = hash && top && top == target;    /* the entry names this section */
        if (!top || top == tops[s]->first) {
            bool loose = tops[s]->first->kind != ROD_SECTION;
            if (loose && is_book_title(e, te->label))
                continue;
            wrap_loose(e, tops[s], te->label);
            top = tops[s]->first;
            named |= loose;
        }
        char key[32];
        snprintf(key, sizeof key, "%p", (void *)top);
        intptr_t old = (intptr_t)rod_strmap_get(&depth, key);
        if (!old || te->depth < old) {
            rod_strmap_put(&depth, key, (void *)(intptr_t)te->depth);
            /* a label titles an untitled section only when the entry names
             * that section (a whole file may hold an untitled one) */
            rod_strmap_put(&label, key, named ? te->label : "");
        }
    }
    chapter_dirs(e, tops);
    placed stack[8];
    size_t nstack = 0;
    for (size_t s = 0; s < e->nspine; s++) {
        while (tops[s]->first) {
            rod_node *k = tops[s]->first;
            rod_node_unlink(k);
            if (k->dir == ROD_DIR_NONE)
                k->dir = tops[s]->dir;      /* what chapter_dirs left */
            char key[32];
            snprintf(key, sizeof key, "%p", (void *)k);
            int d = (int)(intptr_t)rod_strmap_get(&depth, key);
            if (d > 7)
                d = 7;
            rod_node *parent;
            if (d > 0) {
                give_title(e, k, rod_strmap_get(&label, key));
                while (nstack && stack[nstack - 1].depth >= d)
                    nstack--;
            } else if (k->kind == ROD_SECTION && nstack) {
                d = stack[nstack - 1].depth;
                nstack--;
            }
            parent = nstack ? stack[nstack - 1].node : e->doc->body;
            if (parent->kind != ROD_SECTION && parent != e->doc->body)
                parent = e->doc->body;
            rod_node_insert(parent, k, NULL);
            if (d > 0 && k->kind == ROD_SECTION && nstack < 8)
                stack[nstack++] = (placed){k, d};
        }
    }
    rod_strmap_free(&depth);
    rod_strmap_free(&label);
    free(tops);
    return ROD_OK;
}

static void epub_free(epub *e)
{
    for (size_t i = 0; i < e->nitems; i++) {
        free(e->items[i].path);
        free(e->items[i].type);
        free(e->items[i].props);
    }
    free(e->ncx_id);
    free(e->items);
    rod_strmap_free(&e->ids);
    free(e->spine);
    rod_strmap_free(&e->spine_at);
    for (size_t i = 0; i < e->ntoc; i++) {
        free(e->toc[i].label);
        free(e->toc[i].target);
    }
    free(e->toc);
    free(e->opf_path);
    if (e->opf)
        xmlFreeDoc(e->opf);
    rod_strmap_free(&e->images);
    html_map_free(&e->map);
    rod_zip_free(e->zip);
}

rod_err rod_read_epub(const char *data, size_t len, const rod_read_opts *opts, rod_diag *diag,
                      rod_doc **out)
{
    *out = NULL;
    rod_diag quiet = ROD_DIAG_INIT(NULL);
    if (!diag)
        diag = &quiet;      /* the reader names parts in its diag as it goes */
    epub e = {.diag = diag};
    rod_err err = rod_zip_open(data, len, diag, &e.zip);
    if (err != ROD_OK) {
        rod_diag_free(&quiet);
        return err;
    }
    e.doc = rod_doc_new();
    if (e.doc)
        rod_doc_budget(e.doc, len);
    if (!e.doc) {
        epub_free(&e);
        rod_diag_free(&quiet);
        return ROD_ERR_NOMEM;
    }
    html_map_init(&e.map, e.doc, diag);
    e.map.image = image_hook;
    e.map.user = &e;
    if (!rod_zip_has(e.zip, "mimetype"))
        rod_warn(diag, 0, 0, "the archive has no 'mimetype' member; reading it as an EPUB anyway");
    err = check_drm(&e);
    if (err == ROD_OK)
        err = find_opf(&e);
    if (err == ROD_OK)
        err = read_package(&e);
    if (err == ROD_OK) {
        read_toc(&e);
        read_css(&e);
        err = map_chapters(&e);
    }
    if (err == ROD_OK) {
        html_map_links(&e.map);
        if (e.map.failed)
            err = ROD_ERR_NOMEM;
    }
    diag->part = NULL;
    rod_doc *doc = e.doc;
    epub_free(&e);
    err = imp_finish(doc, opts, diag, err, out);
    rod_diag_free(&quiet);
    return err;
}
