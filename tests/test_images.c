/* test_images.c — images and the front of a book, on small books made
 * here: SVG images and covers kept as image/svg+xml binaries by every
 * importer and carried out by every writer, an SVG that names files
 * outside itself kept with those references taken out (nothing fetched),
 * images inside a paragraph kept as images, a single HTML file's images
 * beside it embedded (none from outside its folder), and translators read
 * from EPUB and FictionBook metadata.
 *   test_images FIXTURES
 */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "rod_base64.h"
#include "tap.h"
#include "zip_make.h"

static const char *fixtures = ".";

static char *fixture(const char *name, size_t *len)
{
    char *p = fixture_path(fixtures, name);
    char *data = load(p, len);
    free(p);
    if (!data) {
        fprintf(stderr, "cannot read fixture %s\n", name);
        exit(2);
    }
    return data;
}

/* Reads a book made here; the .rod written from it must validate. */
static rod_doc *read_as(const char *data, size_t len, rod_format f, rod_diag *diag)
{
    rod_doc *doc = NULL;
    rod_read_opts opts = {.format = f};
    rod_read_memory(data, len, &opts, diag, &doc);
    if (doc) {
        char *rod = write_str(doc, ROD_FMT_ROD, 0, false);
        rod_diag v = ROD_DIAG_INIT("written.rod");
        char label[96];
        snprintf(label, sizeof label, "the .rod written from this %s book validates",
                 rod_format_name(f));
        if (!CHECK(rod_validate(rod, strlen(rod), &v) == ROD_OK, label))
            rod_diag_print(&v, stdout);
        rod_diag_free(&v);
        free(rod);
    }
    return doc;
}

static bool diag_has(const rod_diag *d, const char *needle)
{
    for (size_t i = 0; i < d->n; i++)
        if (strstr(d->items[i].text, needle))
            return true;
    return false;
}

static size_t count_kind(const rod_node *top, rod_kind k)
{
    size_t n = 0;
    for (const rod_node *c = top; c; c = rod_node_next_in(c, top))
        n += c->kind == k;
    return n;
}

static size_t count_svg(const rod_doc *doc)
{
    size_t n = 0;
    for (const rod_node *c = doc->root->first; c; c = c->next)
        n += c->kind == ROD_BINARY && c->type && !strcmp(c->type, "image/svg+xml");
    return n;
}

/* The bytes of the binary an image or cover names. */
static const rod_node *binary_of(const rod_doc *doc, const rod_node *n)
{
    if (!n || !n->ref || n->ref[0] != '#')
        return NULL;
    return rod_doc_find_id_of(doc, n->ref + 1, ROD_BINARY);
}

static bool holds(const rod_node *bin, const char *s)
{
    return bin && memmem(bin->text, bin->len, s, strlen(s)) != NULL;
}

static char *b64(const char *data, size_t len)
{
    rod_buf b = ROD_BUF_INIT;
    rod_base64_encode(data, len, 76, &b);
    return rod_buf_steal(&b, NULL);
}

/* ---- FictionBook -------------------------------------------------------- */

/* A FictionBook whose cover and one block image are SVG (as the Standard
 * Ebooks FB2 files are), with the SVG given. */
static char *fb2_with_svg(const char *svg, size_t svg_len)
{
    char *enc = b64(svg, svg_len);
    rod_buf b = ROD_BUF_INIT;
    rod_buf_printf(&b,
        "<?xml version='1.0' encoding='utf-8'?>\n"
        "<FictionBook xmlns='http://www.gribuser.ru/xml/fictionbook/2.0' "
        "xmlns:l='http://www.w3.org/1999/xlink'><description><title-info>"
        "<author><first-name>Leo</first-name><last-name>Tolstoy</last-name></author>"
        "<book-title>War and Peace</book-title><coverpage><image l:href='#cover.svg'/></coverpage>"
        "<lang>en</lang><translator><first-name>Louise</first-name><last-name>Maude</last-name>"
        "</translator></title-info></description>\n"
        "<body><section><title><p>One</p></title><p>Well, Prince.</p>"
        "<image l:href='#cover.svg'/><p>So Genoa and Lucca.</p></section></body>\n"
        "<binary id='cover.svg' content-type='image/svg+xml'>%s</binary>\n</FictionBook>\n", enc);
    free(enc);
    return rod_buf_steal(&b, NULL);
}

static void test_fb2_svg(void)
{
    size_t len;
    char *svg = fixture("images/mark.svg", &len);
    char *book = fb2_with_svg(svg, len);
    rod_diag d = ROD_DIAG_INIT("svg.fb2");
    rod_doc *doc = read_as(book, strlen(book), ROD_FMT_FB2, &d);
    CHECK(doc && count_svg(doc) == 1, "fb2: an image/svg+xml binary is kept as one");
    CHECK(doc && count_kind(doc->body, ROD_IMAGE) == 1, "fb2: the SVG block image is kept");
    const rod_node *cover = doc ? rod_node_child(doc->head, ROD_COVER) : NULL;
    const rod_node *bin = doc ? binary_of(doc, cover) : NULL;
    CHECK(bin && bin->len == len && !memcmp(bin->text, svg, len),
          "fb2: the SVG cover is kept, byte for byte");
    CHECK(!diag_has(&d, "not PNG"), "fb2: no warning that the SVG is not kept");
    rod_diag_free(&d);
    rod_doc_free(doc);
    free(book);
    free(svg);
}

/* An SVG naming files outside itself: kept, with each reference taken out
 * and one warning; the references to its own parts stay. */
static void check_outside(const rod_doc *doc, const rod_diag *d, const char *how)
{
    /* the cover's binary: each book here has the SVG as its cover */
    const rod_node *bin = doc ? binary_of(doc, rod_node_child(doc->head, ROD_COVER)) : NULL;
    char what[160];
    snprintf(what, sizeof what, "%s: the SVG that names outside files is kept", how);
    CHECK(bin && bin->type && !strcmp(bin->type, "image/svg+xml"), what);
    static const char *const gone[] = {"example.org", "/etc/passwd", "other.svg", "<script",
                                       "foreignObject", "onload", "xml-stylesheet", "DOCTYPE",
                                       "@import"};
    bool clean = bin != NULL;
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
        if (holds(bin, gone[i])) {
            printf("# still holds %s\n", gone[i]);
            clean = false;
        }
    snprintf(what, sizeof what, "%s: nothing in it leads outside (href, url(), @import, "
             "script, stylesheet, DTD)", how);
    CHECK(clean, what);
    snprintf(what, sizeof what, "%s: its own references stay (url(#g), the gradient, the shapes)",
             how);
    CHECK(holds(bin, "url(#g)") && holds(bin, "linearGradient") && holds(bin, "<rect"), what);
    snprintf(what, sizeof what, "%s: a warning says what was taken out", how);
    CHECK(diag_has(d, "taken out, nothing was fetched"), what);
}

static void test_svg_outside(void)
{
    size_t len;
    char *svg = fixture("images/outside.svg", &len);
    char *book = fb2_with_svg(svg, len);
    rod_diag d = ROD_DIAG_INIT("outside.fb2");
    rod_doc *doc = read_as(book, strlen(book), ROD_FMT_FB2, &d);
    check_outside(doc, &d, "fb2");
    rod_diag_free(&d);
    /* a .rod holding such an SVG (written by hand) is read the same way */
    char *enc = b64(svg, len);
    rod_buf r = ROD_BUF_INIT;
    rod_buf_printf(&r, "<?xml version='1.0' encoding='UTF-8'?>\n<rod xmlns='urn:isolinear:rod:1' "
                   "version='1'><head><title>T</title><cover src='#c'/></head><body><p>x</p>"
                   "</body><binary id='c' type='image/svg+xml'>%s</binary></rod>\n", enc);
    rod_diag d2 = ROD_DIAG_INIT("outside.rod");
    rod_doc *doc2 = read_rod_str(r.data, &d2);
    check_outside(doc2, &d2, "rod");
    rod_diag_free(&d2);
    rod_doc_free(doc2);
    rod_buf_free(&r);
    free(enc);
    rod_doc_free(doc);
    free(book);
    free(svg);
}


/* ---- images inside text ------------------------------------------------- */

static const char png_b64[] =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4DwQACfsD/eNV8pwAAAAASUVORK5CYII=";

/* The kinds of body's blocks in order, "p image p ...", with each text. */
static void blocks_of(const rod_node *top, rod_buf *out)
{
    for (const rod_node *c = top->first; c; c = c->next) {
        if (c->kind == ROD_SECTION) {
            blocks_of(c, out);
            continue;
        }
        rod_buf_printf(out, "%s%s", out->len ? " " : "", rod_kind_name(c->kind));
        if (c->kind == ROD_P || c->kind == ROD_TITLE) {
            rod_buf_adds(out, "(");
            for (const rod_node *t = c->first; t; t = rod_node_next_in(t, c))
                if (t->kind == ROD_TEXT)
                    rod_buf_add(out, t->text, t->len);
            rod_buf_adds(out, ")");
        }
    }
}

static void check_blocks(const rod_doc *doc, const char *want, const char *what)
{
    rod_buf b = ROD_BUF_INIT;
    if (doc)
        blocks_of(doc->body, &b);
    CHECK_STR(b.data ? b.data : "", want, what);
    rod_buf_free(&b);
}

static void test_inline_fb2(void)
{
    rod_buf b = ROD_BUF_INIT;
    rod_buf_printf(&b,
        "<?xml version='1.0' encoding='utf-8'?>\n"
        "<FictionBook xmlns='http://www.gribuser.ru/xml/fictionbook/2.0' "
        "xmlns:l='http://www.w3.org/1999/xlink'><description><title-info>"
        "<book-title>Icons</book-title><lang>en</lang></title-info></description>\n"
        "<body><section><title><p>One</p></title>"
        "<p>Press <image l:href='#k.png' alt='the key'/> to go.</p>"
        "<p><strong><image l:href='#k.png'/></strong></p>"
        "<subtitle><image l:href='#k.png'/></subtitle>"
        "<p>End.</p></section></body>\n"
        "<binary id='k.png' content-type='image/png'>%s</binary>\n</FictionBook>\n", png_b64);
    rod_diag d = ROD_DIAG_INIT("inline.fb2");
    rod_doc *doc = read_as(b.data, b.len, ROD_FMT_FB2, &d);
    check_blocks(doc, "title(One) p(Press) image p(to go.) image image p(End.)",
                 "fb2: an image inside a paragraph splits it there; one alone in a paragraph or "
                 "a subtitle is the block");
    const rod_node *img = doc ? rod_node_next_in(doc->body, doc->body) : NULL;
    while (img && img->kind != ROD_IMAGE)
        img = rod_node_next_in(img, doc->body);
    CHECK(img && img->alt && !strcmp(img->alt, "the key"), "fb2: the image keeps its alt text");
    rod_diag_free(&d);
    rod_doc_free(doc);
    rod_buf_free(&b);
}

static void test_inline_html(void)
{
    rod_buf b = ROD_BUF_INIT;
    rod_buf_printf(&b,
        "<!DOCTYPE html><html><head><title>Icons</title></head><body>"
        "<header><h1>Imprint</h1><img alt='A logo.' src='data:image/png;base64,%s'/></header>"
        "<p>Press <img alt='the key' src='data:image/png;base64,%s'/> to go.</p>"
        "<ol><li>Item <img alt='' src='data:image/png;base64,%s'/></li></ol>"
        "</body></html>", png_b64, png_b64, png_b64);
    rod_diag d = ROD_DIAG_INIT("inline.html");
    rod_doc *doc = read_as(b.data, b.len, ROD_FMT_HTML, &d);
    check_blocks(doc, "title(Imprint) image p(Press) image p(to go.) list",
                 "html: a logo in a <header> follows the title; an image inside a paragraph "
                 "splits it there");
    const rod_node *item = doc ? rod_node_next_in(doc->body, doc->body) : NULL;
    while (item && item->kind != ROD_ITEM)
        item = rod_node_next_in(item, doc->body);
    CHECK(item && item->first && item->first->kind == ROD_P && item->first->next &&
          item->first->next->kind == ROD_IMAGE, "html: an image in a list item: the item holds a "
          "paragraph, then the image");
    CHECK(doc && count_kind(doc->body, ROD_IMAGE) == 3, "html: all three images are kept");
    rod_diag_free(&d);
    rod_doc_free(doc);
    rod_buf_free(&b);
}


/* ---- an EPUB in the manner of Standard Ebooks ---------------------------- */

static const char se_container[] =
    "<?xml version='1.0'?><container version='1.0' "
    "xmlns='urn:oasis:names:tc:opendocument:xmlns:container'><rootfiles>"
    "<rootfile full-path='epub/content.opf' media-type='application/oebps-package+xml'/>"
    "</rootfiles></container>";

/* Translators as Standard Ebooks gives them: "ann" before "trl". */
static const char se_opf[] =
    "<?xml version='1.0' encoding='utf-8'?>\n"
    "<package xmlns='http://www.idpf.org/2007/opf' version='3.0' unique-identifier='uid'>\n"
    "<metadata xmlns:dc='http://purl.org/dc/elements/1.1/'>\n"
    "<dc:identifier id='uid'>url:https://standardebooks.org/ebooks/x</dc:identifier>\n"
    "<dc:title id='title'>War and Peace</dc:title><dc:language>en-US</dc:language>\n"
    "<dc:contributor id='type-designer'>The League of Moveable Type</dc:contributor>\n"
    "<meta property='role' refines='#type-designer' scheme='marc:relators'>tyd</meta>\n"
    "<dc:creator id='author'>Leo Tolstoy</dc:creator>\n"
    "<meta property='role' refines='#author' scheme='marc:relators'>aut</meta>\n"
    "<dc:contributor id='translator-1'>Louise Maude</dc:contributor>\n"
    "<meta property='role' refines='#translator-1' scheme='marc:relators'>ann</meta>\n"
    "<meta property='role' refines='#translator-1' scheme='marc:relators'>trl</meta>\n"
    "<dc:contributor id='translator-2'>Aylmer Maude</dc:contributor>\n"
    "<meta property='role' refines='#translator-2' scheme='marc:relators'>trl</meta>\n"
    "</metadata>\n<manifest>\n"
    "<item id='cover.svg' href='images/cover.svg' media-type='image/svg+xml' properties='cover-image'/>\n"
    "<item id='titlepage.svg' href='images/titlepage.svg' media-type='image/svg+xml'/>\n"
    "<item id='titlepage.xhtml' href='text/titlepage.xhtml' media-type='application/xhtml+xml' properties='svg'/>\n"
    "<item id='chapter-1.xhtml' href='text/chapter-1.xhtml' media-type='application/xhtml+xml'/>\n"
    "</manifest>\n<spine><itemref idref='titlepage.xhtml'/><itemref idref='chapter-1.xhtml'/>"
    "</spine>\n</package>\n";

#define SE_OPEN "<?xml version='1.0' encoding='utf-8'?><html xmlns='http://www.w3.org/1999/xhtml' " \
                "xmlns:epub='http://www.idpf.org/2007/ops'><head><title>x</title></head>"

static const char se_titlepage[] = SE_OPEN "<body epub:type='frontmatter'>"
    "<section id='titlepage' epub:type='titlepage'><h1 epub:type='title'>War and Peace</h1>"
    "<p>By <b epub:type='z3998:author z3998:personal-name'>Leo Tolstoy</b>.</p>"
    "<p>Translated by <b epub:type='z3998:personal-name z3998:translator'>Louise Maude</b> and "
    "<b epub:type='z3998:personal-name z3998:translator'>Aylmer Maude</b>.</p>"
    "<img alt='' src='../images/titlepage.svg' epub:type='se:image.color-depth.black-on-transparent'/>"
    "<p>Printed for the Society of Friends of Long Novels.</p>"
    "</section></body></html>";

static const char se_chapter[] = SE_OPEN "<body epub:type='bodymatter'>"
    "<section id='chapter-1' epub:type='chapter'><h2 epub:type='title'>I</h2>"
    "<p>Well, Prince, so Genoa and Lucca are now just family estates.</p></section></body></html>";

static char *se_epub(size_t *len, const char *cover_svg, size_t cover_len)
{
    size_t mlen;
    char *mark = fixture("images/mark.svg", &mlen);
    member m[] = {
        {"mimetype", "application/epub+zip", 0, true},
        {"META-INF/container.xml", se_container, 0, false},
        {"epub/content.opf", se_opf, 0, false},
        {"epub/images/cover.svg", cover_svg, cover_len, false},
        {"epub/images/titlepage.svg", mark, mlen, false},
        {"epub/text/titlepage.xhtml", se_titlepage, 0, false},
        {"epub/text/chapter-1.xhtml", se_chapter, 0, false},
    };
    char *z = zip_of(m, sizeof m / sizeof m[0], len);
    free(mark);
    return z;
}

static size_t creators(const rod_doc *doc, const char *role, char *names, size_t size)
{
    size_t n = 0;
    names[0] = '\0';
    for (const rod_node *c = doc ? doc->head->first : NULL; c; c = c->next) {
        if (c->kind != ROD_CREATOR || strcmp(c->type ? c->type : "author", role) != 0)
            continue;
        for (const rod_node *t = c->first; t; t = t->next)
            if (t->kind == ROD_TEXT)
                snprintf(names + strlen(names), size - strlen(names), "%s%.*s", n ? ", " : "",
                         (int)t->len, t->text);
        n++;
    }
    return n;
}

static void test_epub_front(void)
{
    size_t clen, len;
    char *cover = fixture("images/mark.svg", &clen);
    char *z = se_epub(&len, cover, clen);
    rod_diag d = ROD_DIAG_INIT("se.epub");
    rod_doc *doc = read_as(z, len, ROD_FMT_EPUB, &d);
    char names[200];
    creators(doc, "translator", names, sizeof names);
    CHECK_STR(names, "Louise Maude, Aylmer Maude",
              "epub: contributors whose roles are ann then trl, or trl, are translators");
    creators(doc, "author", names, sizeof names);
    CHECK_STR(names, "Leo Tolstoy", "epub: the author, and no type designer");
    const rod_node *cv = doc ? rod_node_child(doc->head, ROD_COVER) : NULL;
    const rod_node *bin = doc ? binary_of(doc, cv) : NULL;
    CHECK(bin && bin->type && !strcmp(bin->type, "image/svg+xml") && bin->len == clen,
          "epub: the SVG cover is kept as an image/svg+xml binary");
    CHECK(doc && count_svg(doc) == 2 && count_kind(doc->body, ROD_IMAGE) == 1,
          "epub: the title page's SVG image is kept in the text");
    const rod_node *tp = doc ? rod_doc_find_id(doc, "titlepage") : NULL;
    rod_buf b = ROD_BUF_INIT;
    if (tp)
        blocks_of(tp, &b);
    CHECK_STR(b.data ? b.data : "", "image p(Printed for the Society of Friends of Long Novels.)",
              "epub: the book's title page keeps its image and what the head does not say, not "
              "the heading and lines restating title, author and translators");
    rod_buf_free(&b);
    CHECK(diag_has(&d, "own title page restates"), "epub: and says so");
    rod_diag_free(&d);
    rod_doc_free(doc);
    free(z);
    /* the same with an SVG cover that names files outside itself */
    free(cover);
    cover = fixture("images/outside.svg", &clen);
    z = se_epub(&len, cover, clen);
    rod_diag d2 = ROD_DIAG_INIT("outside.epub");
    doc = read_as(z, len, ROD_FMT_EPUB, &d2);
    check_outside(doc, &d2, "epub");
    rod_diag_free(&d2);
    rod_doc_free(doc);
    free(z);
    free(cover);
}


/* ---- a single HTML file's images beside it -------------------------------- */

static void write_file(const char *dir, const char *name, const char *data, size_t len)
{
    char *p = fixture_path(dir, name);
    FILE *f = fopen(p, "wb");
    if (f) {
        fwrite(data, 1, len, f);
        fclose(f);
    }
    free(p);
}

static void test_html_beside(void)
{
    char top[] = "/tmp/rod-images-XXXXXX";
    if (!CHECK(mkdtemp(top) != NULL, "html: a folder for the book"))
        return;
    char book[300], outside[300], sub[300];
    snprintf(book, sizeof book, "%s/book", top);
    snprintf(sub, sizeof sub, "%s/book/pictures", top);
    snprintf(outside, sizeof outside, "%s/secret.svg", top);
    mkdir(book, 0700);
    mkdir(sub, 0700);
    size_t len;
    char *svg = fixture("images/mark.svg", &len);
    write_file(book, "mark.svg", svg, len);
    write_file(top, "secret.svg", svg, len);
    size_t plen;
    char *png = (char *)malloc(rod_base64_max(sizeof png_b64) + 1);
    rod_base64_decode(png_b64, strlen(png_b64), (unsigned char *)png, &plen);
    write_file(sub, "dot.png", png, plen);
    char link[320];
    snprintf(link, sizeof link, "%s/link.svg", book);
    CHECK(symlink(outside, link) == 0, "html: a symbolic link out of the book's folder is made");
    static const char page[] =
        "<!DOCTYPE html><html><head><title>Beside</title></head><body><h1>Beside</h1>"
        "<p><img src='mark.svg' alt='the mark'/></p>"
        "<p>A dot: <img src='pictures/dot.png' alt='dot'/> and again <img src='./mark.svg' alt='m'/>.</p>"
        "<p><img src='../secret.svg' alt='above'/></p>"
        "<p><img src='link.svg' alt='linked'/></p>"
        "<p><img src='file:///etc/passwd' alt='file'/><img src='http://example.org/x.png' alt='web'/></p>"
        "<p><img src='missing.png' alt='missing'/></p></body></html>";
    write_file(book, "page.html", page, strlen(page));
    char path[320];
    snprintf(path, sizeof path, "%s/page.html", book);
    rod_diag d = ROD_DIAG_INIT(path);
    rod_doc *doc = NULL;
    rod_read_file(path, NULL, &d, &doc);
    size_t bins = 0;
    for (const rod_node *c = doc ? doc->root->first : NULL; c; c = c->next)
        bins += c->kind == ROD_BINARY;
    CHECK(doc && count_kind(doc->body, ROD_IMAGE) == 3 && bins == 2,
          "html: the images in the file's folder and below are embedded, each file once");
    rod_buf b = ROD_BUF_INIT;
    if (doc)
        blocks_of(doc->body, &b);
    CHECK(b.data && strstr(b.data, "p(above)") && strstr(b.data, "p(linked)") &&
          strstr(b.data, "p(file) p(web)") && strstr(b.data, "p(missing)"),
          "html: those above the folder, through a link out, at an address or missing show "
          "their alt text");
    printf("# %s\n", b.data ? b.data : "");
    rod_buf_free(&b);
    CHECK(diag_has(&d, "'link.svg' leads outside the book's folder") &&
          diag_has(&d, "'../secret.svg' is outside the book") &&
          diag_has(&d, "'http://example.org/x.png' is outside the book") &&
          diag_has(&d, "'missing.png' is not beside the book"), "html: each says why");
    rod_diag_free(&d);
    rod_doc_free(doc);
    unlink(link);
    char p2[320];
    snprintf(p2, sizeof p2, "%s/pictures/dot.png", book);
    unlink(p2);
    rmdir(sub);
    snprintf(p2, sizeof p2, "%s/mark.svg", book);
    unlink(p2);
    unlink(path);
    rmdir(book);
    unlink(outside);
    rmdir(top);
    free(png);
    free(svg);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        fixtures = argv[1];
    test_fb2_svg();
    test_svg_outside();
    test_inline_fb2();
    test_epub_front();
    test_html_beside();
    test_inline_html();
    return tap_done();
}
