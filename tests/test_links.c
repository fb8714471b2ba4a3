/* test_links.c — links rod keeps and links it refuses (rod_link.h), through
 * the public calls only: every reader (HTML, XHTML, EPUB, FictionBook,
 * .rod) keeps http, https and mailto links and turns every other spelling
 * into plain text with a warning — javascript: in any case, with white
 * space, control characters, entities or percent-encoding in front or
 * inside, vbscript:, data:, file:, and URIs the schema's anyURI check
 * refuses ("http://http://example.org/", "http://[bad/", "%zz"); every
 * writer leaves out such a link even when a document built in code holds
 * one; every .rod written validates; and `rod validate` names the real
 * cause of a schema error with its line, not the enclosing section's
 * "Expecting element epigraph".
 */
#include <ctype.h>
#include <zip.h>

#include "helpers.h"
#include "tap.h"
#include "zip_make.h"

/* Each href as an attribute value that every markup here can hold (XML
 * escapes; the parsers decode them), and what rod keeps: NULL refused. */
static const struct {
    const char *attr, *kept;
} hrefs[] = {
    {"javascript:alert(1)", NULL},
    {"JaVaScRiPt:alert(2)", NULL},
    {" &#9;javascript:alert(3)", NULL},
    {"java&#9;script:alert(4)", NULL},
    {"java&#10;script:alert(5)", NULL},
    {"&#106;avascript:alert(6)", NULL},
    {"javascript&#58;alert(7)", NULL},
    {"%6Aavascript:alert(8)", NULL},
    {"vbscript:msgbox(9)", NULL},
    {"data:text/html,&lt;script&gt;alert(10)&lt;/script&gt;", NULL},
    {"file:///etc/passwd", NULL},
    {"FILE:///etc/passwd", NULL},
    {"http://http://example.org/", NULL},
    {"http://[bad/", NULL},
    {"http://example.org/%zz", NULL},
    {"https:///etc/passwd", NULL},
    {"mailto:", NULL},
    {"ftp://example.org/file", NULL},
    {"https://example.org/ok", "https://example.org/ok"},
    {"  http://example.org/with space  ", "http://example.org/with%20space"},
    {"HTTP://Example.org/Case", "http://Example.org/Case"},
    {"mailto:garak@example.org", "mailto:garak@example.org"},
};
enum { NHREFS = sizeof hrefs / sizeof hrefs[0] };

static bool has_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; hay && *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && tolower((unsigned char)hay[i]) == needle[i])
            i++;
        if (i == n)
            return true;
    }
    return false;
}

/* The paragraphs of links, one word "wN" in each link. */
static void link_paragraph(rod_buf *b, const char *p_open, const char *p_close, const char *a_open,
                           const char *a_close)
{
    rod_buf_adds(b, p_open);
    for (size_t i = 0; i < NHREFS; i++)
        rod_buf_printf(b, "%s%s'>w%zu%s ", a_open, hrefs[i].attr, i, a_close);
    rod_buf_adds(b, p_close);
}

static const rod_node *link_with_word(const rod_doc *doc, size_t i, bool *text_kept)
{
    char word[16];
    snprintf(word, sizeof word, "w%zu", i);
    *text_kept = false;
    for (const rod_node *n = doc->root; n; n = rod_node_next_in(n, doc->root)) {
        if (n->kind != ROD_TEXT || !n->text || n->len != strlen(word) || memcmp(n->text, word, n->len))
            continue;
        *text_kept = true;
        for (const rod_node *p = n->parent; p; p = p->parent)
            if (p->kind == ROD_A)
                return p;
        return NULL;
    }
    return NULL;
}

static bool validates(const rod_doc *doc, const char *what)
{
    char *rod = write_str(doc, ROD_FMT_ROD, 0, false);
    rod_diag v = ROD_DIAG_INIT(what);
    bool ok = rod_validate(rod, strlen(rod), &v) == ROD_OK;
    if (!ok)
        rod_diag_print(&v, stdout);
    rod_diag_free(&v);
    free(rod);
    return ok;
}

static void check_read(const char *what, const char *data, size_t len, rod_format f)
{
    rod_diag d = ROD_DIAG_INIT(what);
    rod_doc *doc = NULL;
    rod_read_opts o = {.format = f};
    char label[200];
    snprintf(label, sizeof label, "%s: the book with hostile links opens", what);
    if (!CHECK(rod_read_memory(data, len, &o, &d, &doc) == ROD_OK && doc, label)) {
        rod_diag_print(&d, stdout);
        rod_diag_free(&d);
        return;
    }
    size_t wrong = 0, lost = 0;
    for (size_t i = 0; i < NHREFS; i++) {
        bool text;
        const rod_node *a = link_with_word(doc, i, &text);
        const char *got = a ? a->ref : NULL;
        bool ok = hrefs[i].kept ? got && !strcmp(got, hrefs[i].kept) : got == NULL;
        if (!ok) {
            wrong++;
            printf("# %s: '%s' became %s\n", what, hrefs[i].attr, got ? got : "(no link)");
        }
        lost += !text;
    }
    snprintf(label, sizeof label, "%s: only http, https and mailto links are kept, cleaned", what);
    CHECK(wrong == 0, label);
    snprintf(label, sizeof label, "%s: the text of every refused link stays", what);
    CHECK(lost == 0, label);
    bool warned = false;
    for (size_t i = 0; i < d.n; i++)
        warned |= strstr(d.items[i].text, "javascript:alert(1)' is not kept") != NULL;
    snprintf(label, sizeof label, "%s: a refused link is a warning naming it", what);
    CHECK(warned, label);
    snprintf(label, sizeof label, "%s: the .rod written from it validates", what);
    CHECK(validates(doc, what), label);
    rod_doc_free(doc);
    rod_diag_free(&d);
}

/* Every member of an archive, one after the other. */
static char *unzip_all(const char *data, size_t len)
{
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &err);
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &err);
    rod_buf out = ROD_BUF_INIT;
    for (zip_int64_t i = 0; za && i < zip_get_num_entries(za, 0); i++) {
        zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)i, 0);
        char buf[4096];
        zip_int64_t n;
        while (f && (n = zip_fread(f, buf, sizeof buf)) > 0)
            rod_buf_add(&out, buf, (size_t)n);
        if (f)
            zip_fclose(f);
    }
    if (za)
        zip_discard(za);
    else
        zip_source_free(src);
    zip_error_fini(&err);
    rod_buf_adds(&out, "");
    return rod_buf_steal(&out, NULL);
}

static void test_readers(void)
{
    rod_buf b = ROD_BUF_INIT;
    rod_buf_adds(&b, "<html><head><title>Links</title></head><body><section><h1>One</h1>");
    link_paragraph(&b, "<p>", "</p>", "<a href='", "</a>");
    rod_buf_adds(&b, "</section></body></html>");
    check_read("tag-soup HTML", b.data, b.len, ROD_FMT_HTML);

    rod_buf_clear(&b);
    rod_buf_adds(&b, "<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'><head>"
                     "<title>Links</title></head><body>");
    link_paragraph(&b, "<p>", "</p>", "<a href='", "</a>");
    rod_buf_adds(&b, "</body></html>");
    check_read("XHTML", b.data, b.len, ROD_FMT_HTML);

    rod_buf chapter = ROD_BUF_INIT;
    rod_buf_adds(&chapter, "<?xml version='1.0' encoding='utf-8'?><html xmlns='http://www.w3.org/1999/xhtml'>"
                           "<head><title>c</title></head><body>");
    link_paragraph(&chapter, "<p>", "</p>", "<a href='", "</a>");
    rod_buf_adds(&chapter, "</body></html>");
    const member parts[] = {
        {"mimetype", "application/epub+zip", 0, true},
        {.name = "META-INF/container.xml",
         .data = "<?xml version='1.0'?><container version='1.0' xmlns='urn:oasis:names:tc:opendocument:xmlns:container'>"
         "<rootfiles><rootfile full-path='content.opf' media-type='application/oebps-package+xml'/>"
         "</rootfiles></container>"},
        {.name = "content.opf",
         .data = "<?xml version='1.0'?><package xmlns='http://www.idpf.org/2007/opf' version='3.0' unique-identifier='u'>"
         "<metadata xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:identifier id='u'>x</dc:identifier>"
         "<dc:title>Links</dc:title><dc:language>en</dc:language></metadata><manifest>"
         "<item id='c' href='c.xhtml' media-type='application/xhtml+xml'/></manifest>"
         "<spine><itemref idref='c'/></spine></package>"},
        {.name = "c.xhtml", .data = chapter.data},
    };
    size_t elen;
    char *epub = zip_of(parts, sizeof parts / sizeof *parts, &elen);
    check_read("EPUB", epub, elen, ROD_FMT_EPUB);
    free(epub);
    rod_buf_free(&chapter);

    rod_buf_clear(&b);
    rod_buf_adds(&b, "<?xml version='1.0' encoding='utf-8'?><FictionBook "
                     "xmlns='http://www.gribuser.ru/xml/fictionbook/2.0' xmlns:l='http://www.w3.org/1999/xlink'>"
                     "<description><title-info><book-title>Links</book-title><lang>en</lang></title-info>"
                     "</description><body><section>");
    link_paragraph(&b, "<p>", "</p>", "<a l:href='", "</a>");
    rod_buf_adds(&b, "</section></body></FictionBook>");
    check_read("FictionBook", b.data, b.len, ROD_FMT_FB2);

    rod_buf_clear(&b);
    rod_buf_adds(&b, "<?xml version='1.0' encoding='UTF-8'?>" ROD_OPEN "<head><title>Links</title></head>"
                     "<body><section><title>One</title>");
    link_paragraph(&b, "<p>", "</p>", "<a href='", "</a>");
    rod_buf_adds(&b, "</section></body></rod>");
    check_read(".rod", b.data, b.len, ROD_FMT_ROD);
    rod_buf_free(&b);
}

/* A document built in code may hold any string; no writer lets one out. */
static void test_writers(void)
{
    static const struct {
        const char *ref, *probe;    /* what must not appear in the output */
    } bad[] = {
        {"javascript:alert(1)", "javascript:"}, {"JaVaScRiPt:alert(1)", "javascript:"},
        {" javascript:alert(1)", "javascript:"}, {"vbscript:msgbox(1)", "vbscript:"},
        {"data:text/html,x", "data:text"}, {"file:///etc/passwd", "file:"},
        {"http://http://example.org/", "http://http:"}, {"http://[bad/", "[bad"},
        {"relative.html", "relative.html"},
    };
    rod_doc *doc = read_rod_str(ROD_OPEN "<head><title>T</title></head><body><p>See "
                                "<a href='https://example.org/x'>wordlink</a> and "
                                "<a href='https://example.org/y'>otherlink</a>.</p></body></rod>", NULL);
    if (!CHECK(doc, "a book with two links reads"))
        return;
    rod_node *a = NULL, *b = NULL;
    for (rod_node *n = doc->root; n; n = rod_node_next_in(n, doc->root))
        if (n->kind == ROD_A && !a)
            a = n;
        else if (n->kind == ROD_A)
            b = n;
    static const rod_format formats[] = {ROD_FMT_ROD, ROD_FMT_HTML, ROD_FMT_MD, ROD_FMT_FB2, ROD_FMT_EPUB,
                                         ROD_FMT_TXT};
    for (size_t f = 0; f < sizeof formats / sizeof *formats; f++) {
        size_t leaked = 0, lost = 0, good = 0;
        bool valid = true;
        for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
            a->ref = bad[i].ref;
            rod_buf out = ROD_BUF_INIT;
            rod_write_opts o = {.format = formats[f]};
            rod_write_memory(doc, &o, &out);
            rod_buf_adds(&out, "");
            char *text = formats[f] == ROD_FMT_EPUB ? unzip_all(out.data, out.len) : strdup(out.data);
            if (has_ci(text, bad[i].probe)) {
                leaked++;
                printf("# %s writes '%s'\n", rod_format_name(formats[f]), bad[i].ref);
            }
            lost += !strstr(text, "wordlink");
            good += formats[f] == ROD_FMT_TXT || strstr(text, "https://example.org/y") != NULL;
            if (formats[f] == ROD_FMT_ROD)
                valid &= validates(doc, "built in code");
            free(text);
            rod_buf_free(&out);
        }
        char label[160];
        snprintf(label, sizeof label, "%s: no unsafe or invalid href is written from a document built in code",
                 rod_format_name(formats[f]));
        CHECK(leaked == 0, label);
        snprintf(label, sizeof label, "%s: the link's text is written, the good link kept",
                 rod_format_name(formats[f]));
        CHECK(lost == 0 && good == sizeof bad / sizeof *bad, label);
        if (formats[f] == ROD_FMT_ROD)
            CHECK(valid, "rod: and the .rod validates");
    }
    a->ref = "#nowhere-in-particular";
    b->ref = "https://example.org/y";
    rod_doc_free(doc);
}

static bool diag_says(const rod_diag *d, unsigned line, const char *needle)
{
    for (size_t i = 0; i < d->n; i++)
        if (strstr(d->items[i].text, needle) && (!line || d->items[i].line == line))
            return true;
    return false;
}

/* One section, its title on line 8 and `inner` from line 9. */
static void validate_case(const char *inner, unsigned line, const char *cause, const char *what)
{
    rod_buf b = ROD_BUF_INIT;
    rod_buf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" ROD_OPEN "\n<head>\n<title>T</title>\n"
                       "</head>\n<body>\n<section>\n<title>C</title>\n%s\n</section>\n</body>\n</rod>\n", inner);
    rod_diag d = ROD_DIAG_INIT("v.rod");
    rod_err err = rod_validate(b.data, b.len, &d);
    char label[200];
    snprintf(label, sizeof label, "validate: %s is named with its line %u", what, line);
    bool ok = CHECK(err == ROD_ERR_INPUT && diag_says(&d, line, cause), label);
    snprintf(label, sizeof label, "validate: %s brings no echo on the enclosing section", what);
    ok &= CHECK(!diag_says(&d, 0, "Expecting element epigraph") && !diag_says(&d, 0, "extra content"), label);
    if (!ok)
        rod_diag_print(&d, stdout);
    rod_diag_free(&d);
    rod_buf_free(&b);
}

static void test_validate(void)
{
    validate_case("<p>Text <a href=\"http://http://example.org/\">x</a>.</p>", 9,
                  "anyURI doesn't allow value 'http://http://example.org/'", "an href with an empty port");
    validate_case("<p>ok</p>\n<p>x <a href=\"%zz\">y</a></p>", 10, "anyURI doesn't allow value '%zz'",
                  "a bad percent-escape");
    validate_case("<p>x <foo>y</foo></p>", 9, "element foo", "an unknown element");
    validate_case("<p>x <em><p>y</p></em></p>", 9, "element p", "a block inside inline text");
    validate_case("<p>x</p>\n<image alt=\"no src\"/>", 10, "image", "an image without src");
    validate_case("<p>x <a href=\"relative.html\">y</a></p>", 9, "not a link rod keeps",
                  "a relative href");

    const char *js = ROD_OPEN "<head><title>T</title></head><body><p><a href=\"javascript:alert(1)\">x</a></p>"
                     "</body></rod>";
    rod_diag d = ROD_DIAG_INIT("js.rod");
    CHECK(rod_validate(js, strlen(js), &d) == ROD_OK && d.n == 1 && d.items[0].severity == ROD_WARNING &&
              strstr(d.items[0].text, "http, https and mailto"),
          "validate: a javascript: href is a valid anyURI, with a warning that reading keeps its text only");
    rod_diag_free(&d);
}

int main(void)
{
    test_readers();
    test_writers();
    test_validate();
    return tap_done();
}
