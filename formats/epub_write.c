/* epub_write.c — a book as an EPUB 3 that epubcheck accepts without a
 * warning, readable by EPUB 2 readers too (an NCX beside the nav).
 *
 * One XHTML file per top-level section (and one for the blocks before the
 * first), written by the HTML writer's block code in its XHTML mode, so the
 * two exports cannot drift apart; notes go to notes.xhtml as EPUB 3
 * footnotes (aside epub:type="footnote") with back-links. Links between
 * files are rewritten from "#id" to "file.xhtml#id" through a table of
 * which file holds each id. The archive is built in memory with libzip:
 * mimetype first and stored, every timestamp fixed, so the same book gives
 * the same bytes.
 *
 * Reading the result back (epub_read.c) gives the same text blocks of the
 * same kinds — the fingerprint survives — which the tests check.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#include "rod_format.h"
#include "rod_strmap.h"
#include "write_internal.h"

static const char css[] =
    "body{margin:0 5%;line-height:1.45}\n"
    "h1,h2,h3,h4,h5,h6{font-weight:normal;text-align:center;hyphens:none}\n"
    "p{margin:0;text-indent:1.5em;text-align:justify}\n"
    "h1+p,h2+p,h3+p,h4+p,h5+p,h6+p,hr+p,blockquote p,li p,aside p{text-indent:0}\n"
    "hr.break{border:0;text-align:center;margin:1em 0}\n"
    "hr.break:after{content:'\\2042'}\n"
    "blockquote{margin:1em 2em}\nblockquote.epigraph{margin-left:35%;font-style:italic}\n"
    ".cite{text-align:right;text-indent:0}\n"
    ".poem{margin:1em 2em}.stanza{margin:0 0 1em}\n"
    ".line{text-indent:-1.5em;margin-left:1.5em;text-align:left}\n"
    ".poem-title{font-weight:bold;text-indent:0}\n"
    ".sc{font-variant:small-caps}\npre{white-space:pre-wrap}\n"
    "figure{text-align:center;margin:1em 0}img{max-width:100%}\n"
    "a.noteref{text-decoration:none;vertical-align:super;font-size:.75em}\n";

typedef struct part {
    char name[32];          /* "text/ch-003.xhtml" */
    const rod_node *first;  /* first top-level node in it */
    const rod_node *end;    /* the node after its last (NULL at the end) */
} part;

/* A top-level node and the part that holds it, for finding the part of
 * a note's reference by bisection. */
typedef struct top_part {
    const rod_node *node;
    size_t part;
} top_part;

typedef struct epubw {
    const rod_doc *doc;
    rod_strmap where;       /* id → part name */
    part *parts;
    size_t nparts;
    top_part *tops;         /* the body's children, sorted by address */
    size_t ntops;
    const char *current;    /* the part being written */
    zip_t *za;
    bool failed;
    char stamp[32];         /* dcterms:modified */
} epubw;

static bool map_ids(epubw *e, const rod_node *n, const char *file)
{
    for (; n; n = n->next) {
        if (n->id && !rod_strmap_put(&e->where, n->id, (void *)file))
            return false;
        if (!map_ids(e, n->first, file))
            return false;
    }
    return true;
}

static bool rewrite(void *ctx, const char *ref, rod_buf *out)
{
    epubw *e = ctx;
    const char *file = rod_strmap_get(&e->where, ref + 1);
    if (!file)
        return false;
    const char *slash = strrchr(file, '/');
    if (e->current && !strcmp(file, e->current)) {
        rod_buf_adds(out, ref);
        return true;
    }
    /* every part lives in text/, so a bare name is relative to it */
    rod_buf_adds(out, slash ? slash + 1 : file);
    rod_buf_adds(out, ref);
    return true;
}

static const char *ext_of(const char *type)
{
    if (type && !strcmp(type, "image/png"))
        return "png";
    if (type && !strcmp(type, "image/gif"))
        return "gif";
    if (type && !strcmp(type, "image/svg+xml"))
        return "svg";
    return "jpg";
}

static void image_src(void *ctx, const rod_node *bin, rod_buf *out)
{
    (void)ctx;
    rod_buf_printf(out, "../images/%s.%s", bin->id, ext_of(bin->type));
}

static void add_file(epubw *e, const char *name, rod_buf *data, bool store)
{
    if (e->failed || data->failed) {
        e->failed = true;
        return;
    }
    size_t len;
    char *bytes = rod_buf_steal(data, &len);
    zip_source_t *src = zip_source_buffer(e->za, bytes ? bytes : "", len, bytes ? 1 : 0);
    if (!src) {
        free(bytes);
        e->failed = true;
        return;
    }
    zip_int64_t idx = zip_file_add(e->za, name, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (idx < 0) {
        zip_source_free(src);
        e->failed = true;
        return;
    }
    zip_set_file_compression(e->za, (zip_uint64_t)idx, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 9);
    zip_file_set_mtime(e->za, (zip_uint64_t)idx, 1262304000 /* 2010-01-01 */, 0);
}

static void xml_text(rod_buf *out, const char *s)
{
    rod_buf_add_xml(out, s, strlen(s), false);
}

static void plain(const rod_node *n, rod_buf *out)
{
    rod_buf t = ROD_BUF_INIT;
    rod_node_plain_text(n, &t);
    bool visible = false;
    for (size_t i = 0; i < t.len; i++) {
        if (t.data[i] == '\n')
            t.data[i] = ' ';
        visible |= t.data[i] != ' ' && (unsigned char)t.data[i] != 0xEF;  /* U+FFFC */
    }
    if (visible)
        rod_buf_add_xml(out, t.data, t.len, false);
    else
        rod_buf_adds(out, "\xc2\xa7");     /* a nav entry needs text: "§" */
    rod_buf_free(&t);
}

/* `dir_of` (may be NULL) gives <html> its dir: the book's root. */
static void xhtml_head(rod_buf *out, const char *lang, const rod_node *dir_of, const char *title)
{
    rod_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
                      "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
                      "xmlns:epub=\"http://www.idpf.org/2007/ops\" "
                      "epub:prefix=\"z3998: http://www.daisy.org/z3998/2012/vocab/structure/#\" "
                      "xml:lang=\"");
    xml_text(out, lang);
    rod_buf_adds(out, "\" lang=\"");
    xml_text(out, lang);
    rod_buf_addc(out, '"');
    html_dir_attr(out, dir_of);
    rod_buf_adds(out, ">\n<head>\n<meta charset=\"utf-8\"/>\n<title>");
    xml_text(out, title);
    rod_buf_adds(out, "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"../style.css\"/>\n"
                      "</head>\n");
}

/* ---- the parts ---------------------------------------------------------- */

static int cmp_top(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const top_part *)a)->node, y = (uintptr_t)((const top_part *)b)->node;
    return x < y ? -1 : x > y;
}

/* The part holding the top-level node `top`, or NULL. */
static const part *part_of(const epubw *e, const rod_node *top)
{
    size_t lo = 0, hi = e->ntops;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uintptr_t at = (uintptr_t)e->tops[mid].node;
        if (at == (uintptr_t)top)
            return &e->parts[e->tops[mid].part];
        if (at < (uintptr_t)top)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static bool split_parts(epubw *e)
{
    size_t cap = 8;
    e->parts = calloc(cap, sizeof *e->parts);
    if (!e->parts)
        return false;
    const rod_node *n = e->doc->body->first;
    while (n) {
        if (e->nparts == cap) {
            part *more = realloc(e->parts, 2 * cap * sizeof *more);
            if (!more)
                return false;
            e->parts = more;
            cap *= 2;
        }
        part *p = &e->parts[e->nparts];
        snprintf(p->name, sizeof p->name, "text/part-%04zu.xhtml", e->nparts + 1);
        p->first = n;
        if (n->kind == ROD_SECTION) {
            n = n->next;
        } else {
            while (n && n->kind != ROD_SECTION)
                n = n->next;
        }
        p->end = n;
        e->nparts++;
    }
    if (e->nparts == 0) {
        /* an empty book still needs one document in its spine */
        snprintf(e->parts[0].name, sizeof e->parts[0].name, "text/part-0001.xhtml");
        e->nparts = 1;
    }
    size_t ntops = 0;
    for (const rod_node *k = e->doc->body->first; k; k = k->next)
        ntops++;
    e->tops = malloc((ntops ? ntops : 1) * sizeof *e->tops);
    if (!e->tops)
        return false;
    for (size_t i = 0; i < e->nparts; i++)
        for (const rod_node *k = e->parts[i].first; k != e->parts[i].end; k = k->next) {
            e->tops[e->ntops++] = (top_part){k, i};
            if (k->id && !rod_strmap_put(&e->where, k->id, e->parts[i].name))
                return false;
            if (!map_ids(e, k->first, e->parts[i].name))
                return false;
        }
    qsort(e->tops, e->ntops, sizeof *e->tops, cmp_top);
    if (e->doc->notes && !map_ids(e, e->doc->notes->first, "text/notes.xhtml"))
        return false;
    return true;
}

static void write_parts(epubw *e, html_out *w, const char *lang)
{
    rod_buf title = ROD_BUF_INIT;
    rod_node_plain_text(e->doc->title, &title);
    for (size_t i = 0; i < e->nparts && !e->failed; i++) {
        part *p = &e->parts[i];
        rod_buf out = ROD_BUF_INIT;
        w->out = &out;
        e->current = p->name;
        xhtml_head(&out, lang, e->doc->root, title.data ? title.data : "");
        rod_buf_adds(&out, "<body");
        html_dir_attr(&out, e->doc->body);
        rod_buf_adds(&out, ">\n");
        for (const rod_node *k = p->first; k != p->end; k = k->next)
            html_out_block(w, k, 1);
        rod_buf_adds(&out, "</body>\n</html>\n");
        char full[48];
        snprintf(full, sizeof full, "OEBPS/%s", p->name);
        add_file(e, full, &out, false);
        rod_buf_free(&out);
    }
    rod_buf_free(&title);
}

static void write_notes(epubw *e, html_out *w, const char *lang)
{
    if (!e->doc->notes || !e->doc->notes->first)
        return;
    rod_buf out = ROD_BUF_INIT;
    w->out = &out;
    e->current = "text/notes.xhtml";
    xhtml_head(&out, lang, e->doc->root, "Notes");
    rod_buf_adds(&out, "<body>\n<section epub:type=\"footnotes\"");
    html_dir_attr(&out, e->doc->notes);
    rod_buf_adds(&out, ">\n");
    for (const rod_node *note = e->doc->notes->first; note; note = note->next) {
        if (note->kind != ROD_NOTE)
            continue;
        rod_buf_adds(&out, "<aside epub:type=\"footnote\" id=\"");
        rod_buf_add_xml(&out, note->id, strlen(note->id), true);
        rod_buf_addc(&out, '"');
        html_dir_attr(&out, note);
        rod_buf_adds(&out, ">\n");
        html_out_blocks(w, note, 2);
        const note_ref *r = note_index_first(&w->notes, note->id);
        if (r) {
            /* back to the first reference; its id is noteref-N */
            const rod_node *top = r->ref;
            while (top->parent && top->parent != e->doc->body)
                top = top->parent;
            const part *p = part_of(e, top);
            if (p)
                rod_buf_printf(&out, "<p><a epub:type=\"backlink\" role=\"doc-backlink\" "
                                     "href=\"%s#noteref-%zu\">\xe2\x86\xa9</a></p>\n",
                               p->name + 5, r->number);
        }
        rod_buf_adds(&out, "</aside>\n");
    }
    rod_buf_adds(&out, "</section>\n</body>\n</html>\n");
    add_file(e, "OEBPS/text/notes.xhtml", &out, false);
    rod_buf_free(&out);
}

/* ---- navigation ------------------------------------------------------------ */

typedef struct navw {
    epubw *e;
    rod_buf *nav, *ncx;
    unsigned long serial;   /* matches html_write's ids for untitled ones */
    unsigned play;
    int depth, max_depth;
} navw;

/* Entries for the titled sections in container; an untitled section's
 * titled children join the list of its level (`open`: that list's <ol>
 * has been written). */
static void nav_sections(navw *n, const rod_node *container, const char *file, int depth,
                         bool *open)
{
    for (const rod_node *s = container->first; s; s = s->next) {
        if (s->kind != ROD_SECTION)
            continue;
        const char *f = file;
        if (!f) {
            const part *p = part_of(n->e, s);
            f = p ? p->name : "";
        }
        bool titled = s->first && s->first->kind == ROD_TITLE;
        if (!titled) {
            nav_sections(n, s, f, depth, open);
            continue;
        }
        char gen[32];
        const char *id = s->id;
        if (!id) {
            snprintf(gen, sizeof gen, "rod-sec-%lu", ++n->serial);
            id = gen;
        }
        if (!*open) {
            rod_buf_adds(n->nav, "<ol>\n");
            *open = true;
        }
        rod_buf_printf(n->nav, "<li><a href=\"%s#", f);
        rod_buf_add_xml(n->nav, id, strlen(id), true);
        rod_buf_adds(n->nav, "\">");
        plain(s->first, n->nav);
        rod_buf_adds(n->nav, "</a>");
        n->play++;
        rod_buf_printf(n->ncx, "<navPoint id=\"np-%u\" playOrder=\"%u\"><navLabel><text>", n->play,
                       n->play);
        plain(s->first, n->ncx);
        rod_buf_printf(n->ncx, "</text></navLabel><content src=\"%s#", f);
        rod_buf_add_xml(n->ncx, id, strlen(id), true);
        rod_buf_adds(n->ncx, "\"/>\n");
        if (depth > n->max_depth)
            n->max_depth = depth;
        bool sub = false;
        nav_sections(n, s, f, depth + 1, &sub);
        if (sub)
            rod_buf_adds(n->nav, "</ol>\n");
        rod_buf_adds(n->ncx, "</navPoint>\n");
        rod_buf_adds(n->nav, "</li>\n");
    }
}

static void write_nav(epubw *e, const char *lang, const char *uid)
{
    rod_buf nav = ROD_BUF_INIT, points = ROD_BUF_INIT;
    navw n = {.e = e, .nav = &nav, .ncx = &points};
    rod_buf title = ROD_BUF_INIT;
    rod_node_plain_text(e->doc->title, &title);
    rod_buf_adds(&nav, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
                       "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
                       "xmlns:epub=\"http://www.idpf.org/2007/ops\" xml:lang=\"");
    xml_text(&nav, lang);
    rod_buf_adds(&nav, "\" lang=\"");
    xml_text(&nav, lang);
    rod_buf_addc(&nav, '"');
    html_dir_attr(&nav, e->doc->root);
    rod_buf_adds(&nav, ">\n<head>\n<meta charset=\"utf-8\"/>\n<title>Contents</title>\n</head>\n"
                       "<body>\n<nav epub:type=\"toc\" id=\"toc\">\n<h1>Contents</h1>\n");
    size_t before = nav.len;
    bool open = false;
    nav_sections(&n, e->doc->body, NULL, 1, &open);
    if (open)
        rod_buf_adds(&nav, "</ol>\n");
    if (nav.len == before && e->nparts) {
        /* a book without titled sections still needs one entry */
        rod_buf_printf(&nav, "<ol>\n<li><a href=\"%s\">", e->parts[0].name);
        rod_buf_add_xml(&nav, title.data ? title.data : "", title.len, false);
        rod_buf_adds(&nav, "</a></li>\n</ol>\n");
        rod_buf_printf(&points, "<navPoint id=\"np-1\" playOrder=\"1\"><navLabel><text>");
        rod_buf_add_xml(&points, title.data ? title.data : "", title.len, false);
        rod_buf_printf(&points, "</text></navLabel><content src=\"%s\"/>\n</navPoint>\n",
                       e->parts[0].name);
    }
    rod_buf_adds(&nav, "</nav>\n</body>\n</html>\n");
    add_file(e, "OEBPS/nav.xhtml", &nav, false);

    rod_buf ncx = ROD_BUF_INIT;
    rod_buf_adds(&ncx, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\">\n"
                       "<head>\n<meta name=\"dtb:uid\" content=\"");
    rod_buf_add_xml(&ncx, uid, strlen(uid), true);
    rod_buf_printf(&ncx, "\"/>\n<meta name=\"dtb:depth\" content=\"%d\"/>\n"
                         "<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n"
                         "<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n<docTitle><text>",
                   n.max_depth ? n.max_depth : 1);
    rod_buf_add_xml(&ncx, title.data ? title.data : "", title.len, false);
    rod_buf_adds(&ncx, "</text></docTitle>\n<navMap>\n");
    rod_buf_add(&ncx, points.data ? points.data : "", points.len);
    rod_buf_adds(&ncx, "</navMap>\n</ncx>\n");
    add_file(e, "OEBPS/toc.ncx", &ncx, false);
    rod_buf_free(&nav);
    rod_buf_free(&ncx);
    rod_buf_free(&points);
    rod_buf_free(&title);
}

/* ---- the package ------------------------------------------------------------- */

static void meta_el(rod_buf *o, const char *el, const rod_node *n, const char *id)
{
    rod_buf_printf(o, "<%s", el);
    if (id)
        rod_buf_printf(o, " id=\"%s\"", id);
    rod_buf_addc(o, '>');
    plain(n, o);
    rod_buf_printf(o, "</%s>\n", el);
}

static void write_opf(epubw *e, const char *lang, const char *uid)
{
    const rod_doc *doc = e->doc;
    rod_buf o = ROD_BUF_INIT;
    rod_buf_adds(&o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
                     "unique-identifier=\"uid\" xml:lang=\"");
    xml_text(&o, lang);
    rod_buf_adds(&o, "\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                     "<dc:identifier id=\"uid\">");
    xml_text(&o, uid);
    rod_buf_adds(&o, "</dc:identifier>\n");
    meta_el(&o, "dc:title", doc->title, "title");
    rod_buf_adds(&o, "<dc:language>");
    xml_text(&o, lang);
    rod_buf_adds(&o, "</dc:language>\n");
    unsigned k = 0;
    const rod_node *cover = NULL;
    bool have_date = false;
    for (const rod_node *c = doc->head->first; c; c = c->next) {
        char id[24];
        switch (c->kind) {
        case ROD_SUBTITLE:
            snprintf(id, sizeof id, "subtitle-%u", ++k);
            meta_el(&o, "dc:title", c, id);
            rod_buf_printf(&o, "<meta refines=\"#%s\" property=\"title-type\">subtitle</meta>\n", id);
            break;
        case ROD_CREATOR: {
            snprintf(id, sizeof id, "creator-%u", ++k);
            const char *role = c->type ? c->type : "author";
            bool author = !strcmp(role, "author");
            meta_el(&o, author ? "dc:creator" : "dc:contributor", c, id);
            const char *marc = !strcmp(role, "translator") ? "trl" : !strcmp(role, "editor") ? "edt"
                             : !strcmp(role, "illustrator") ? "ill" : "aut";
            rod_buf_printf(&o, "<meta refines=\"#%s\" property=\"role\" scheme=\"marc:relators\">%s"
                               "</meta>\n", id, marc);
            break;
        }
        case ROD_IDENTIFIER:
            if (c->type && !strcmp(c->type, "isbn")) {
                rod_buf_adds(&o, "<dc:source>urn:isbn:");
                plain(c, &o);
                rod_buf_adds(&o, "</dc:source>\n");
            }
            break;
        case ROD_DATE:
            if (!have_date && c->type && strlen(c->type) >= 4) {
                rod_buf_adds(&o, "<dc:date>");
                xml_text(&o, c->type);
                rod_buf_adds(&o, "</dc:date>\n");
                have_date = true;
            }
            break;
        case ROD_PUBLISHER: meta_el(&o, "dc:publisher", c, NULL); break;
        case ROD_SUBJECT: meta_el(&o, "dc:subject", c, NULL); break;
        case ROD_RIGHTS: meta_el(&o, "dc:rights", c, NULL); break;
        case ROD_DESCRIPTION: {
            rod_buf_adds(&o, "<dc:description>");
            bool first = true;
            for (const rod_node *p = c->first; p; p = p->next) {
                if (!first)
                    rod_buf_addc(&o, ' ');
                first = false;
                plain(p, &o);
            }
            rod_buf_adds(&o, "</dc:description>\n");
            break;
        }
        case ROD_SERIES:
            rod_buf_adds(&o, "<meta property=\"belongs-to-collection\" id=\"series\">");
            plain(c, &o);
            rod_buf_adds(&o, "</meta>\n<meta refines=\"#series\" property=\"collection-type\">"
                             "series</meta>\n");
            if (c->type)
                rod_buf_printf(&o, "<meta refines=\"#series\" property=\"group-position\">%s</meta>\n",
                               c->type);
            break;
        case ROD_COVER:
            cover = html_find_binary(doc, c->ref);
            break;
        default:
            break;
        }
    }
    rod_buf_printf(&o, "<meta property=\"dcterms:modified\">%s</meta>\n", e->stamp);
    if (cover)
        rod_buf_printf(&o, "<meta name=\"cover\" content=\"img-%s\"/>\n", cover->id);
    rod_buf_adds(&o, "</metadata>\n<manifest>\n"
                     "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" "
                     "properties=\"nav\"/>\n"
                     "<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n"
                     "<item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n");
    for (size_t i = 0; i < e->nparts; i++)
        rod_buf_printf(&o, "<item id=\"part-%zu\" href=\"%s\" media-type=\"application/xhtml+xml\"/>\n",
                       i + 1, e->parts[i].name);
    bool notes = doc->notes && doc->notes->first;
    if (notes)
        rod_buf_adds(&o, "<item id=\"notes\" href=\"text/notes.xhtml\" "
                         "media-type=\"application/xhtml+xml\"/>\n");
    for (const rod_node *b = doc->root->first; b; b = b->next)
        if (b->kind == ROD_BINARY && b->id)
            rod_buf_printf(&o, "<item id=\"img-%s\" href=\"images/%s.%s\" media-type=\"%s\"%s/>\n",
                           b->id, b->id, ext_of(b->type), b->type ? b->type : "image/jpeg",
                           b == cover ? " properties=\"cover-image\"" : "");
    /* the book's own dir turns its pages (ROD-FORMAT §1); auto says nothing */
    rod_buf_adds(&o, "</manifest>\n<spine toc=\"ncx\"");
    if (doc->root->dir == ROD_DIR_RTL || doc->root->dir == ROD_DIR_LTR)
        rod_buf_printf(&o, " page-progression-direction=\"%s\"",
                       rod_dir_name((rod_dir)doc->root->dir));
    rod_buf_adds(&o, ">\n");
    for (size_t i = 0; i < e->nparts; i++)
        rod_buf_printf(&o, "<itemref idref=\"part-%zu\"/>\n", i + 1);
    if (notes)
        rod_buf_adds(&o, "<itemref idref=\"notes\"/>\n");
    rod_buf_adds(&o, "</spine>\n</package>\n");
    add_file(e, "OEBPS/content.opf", &o, false);
    rod_buf_free(&o);
}

static void identifier(const rod_doc *doc, rod_buf *uid)
{
    for (const rod_node *c = doc->head->first; c; c = c->next)
        if (c->kind == ROD_IDENTIFIER && c->type && !strcmp(c->type, "uuid")) {
            rod_buf_adds(uid, "urn:uuid:");
            rod_node_plain_text(c, uid);
            return;
        }
    /* a stable name from the text itself */
    char fp[72];
    rod_doc_fingerprint(doc, fp);
    rod_buf_printf(uid, "urn:rod:%s", fp + 7);
}

void rod_write_epub(const rod_doc *doc, rod_buf *out)
{
    epubw e = {.doc = doc};
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    time_t now = epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(e.stamp, sizeof e.stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    /* "und" is a language tag as any other (BCP 47's "undetermined"):
     * epubcheck takes it, and it reads back as the book's own */
    const char *lang = rod_node_lang(doc->root);
    rod_buf uid = ROD_BUF_INIT;
    identifier(doc, &uid);

    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &zerr);
    e.za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &zerr) : NULL;
    if (!e.za) {
        if (src)
            zip_source_free(src);
        out->failed = true;
        goto cleanup;
    }
    zip_source_keep(src);
    rod_buf b = ROD_BUF_INIT;
    rod_buf_adds(&b, "application/epub+zip");
    add_file(&e, "mimetype", &b, true);
    rod_buf_adds(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
                     "<rootfiles><rootfile full-path=\"OEBPS/content.opf\" "
                     "media-type=\"application/oebps-package+xml\"/></rootfiles>\n</container>\n");
    add_file(&e, "META-INF/container.xml", &b, false);
    rod_buf_adds(&b, css);
    add_file(&e, "OEBPS/style.css", &b, false);
    if (!split_parts(&e))
        e.failed = true;
    html_out w = {.doc = doc, .xhtml = true, .href = rewrite, .image = image_src, .ctx = &e};
    note_index_build(doc, &w.notes);
    write_opf(&e, lang, uid.data);
    write_parts(&e, &w, lang);
    write_notes(&e, &w, lang);
    write_nav(&e, lang, uid.data);
    for (const rod_node *bin = doc->root->first; bin; bin = bin->next) {
        if (bin->kind != ROD_BINARY || !bin->id)
            continue;
        char name[300];
        snprintf(name, sizeof name, "OEBPS/images/%s.%s", bin->id, ext_of(bin->type));
        rod_buf_add(&b, bin->text, bin->len);
        add_file(&e, name, &b, true);
    }
    note_index_free(&w.notes);
    rod_buf_free(&b);
    if (zip_close(e.za) != 0) {
        zip_discard(e.za);
        e.failed = true;
    }
    if (!e.failed && zip_source_open(src) == 0) {
        zip_source_seek(src, 0, SEEK_END);
        zip_int64_t size = zip_source_tell(src);
        zip_source_seek(src, 0, SEEK_SET);
        if (size > 0 && rod_buf_reserve(out, (size_t)size)) {
            zip_int64_t got = zip_source_read(src, out->data + out->len, (zip_uint64_t)size);
            if (got == size)
                out->len += (size_t)got;
            else
                out->failed = true;
        } else {
            out->failed = true;
        }
        zip_source_close(src);
    } else {
        out->failed = true;
    }
    zip_source_free(src);
cleanup:
    zip_error_fini(&zerr);
    rod_buf_free(&uid);
    rod_strmap_free(&e.where);
    free(e.parts);
    free(e.tops);
}
