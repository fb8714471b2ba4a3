/* test_rod.c — the .rod reader, writer and validator: canonical round
 * trips, warnings for unknown elements, and hostile files (entity bombs,
 * external entities naming a local file, broken XML, invalid UTF-8, empty
 * and huge inputs, binary garbage), each of which must end in a clear
 * message with a line and column and never with content from outside. */
#include <stdint.h>
#include <unistd.h>

#include "helpers.h"
#include "tap.h"

static bool has_message(const rod_diag *d, const char *needle, bool need_line)
{
    for (size_t i = 0; i < d->n; i++)
        if (strstr(d->items[i].text, needle) && (!need_line || d->items[i].line > 0))
            return true;
    return false;
}

static void test_round_trip(const char *dir)
{
    char *path = fixture_path(dir, "../../docs/the-archivist-of-lakat.rod");
    size_t len;
    char *orig = load(path, &len);
    rod_doc *doc = NULL;
    CHECK(orig && rod_read_rod(orig, len, NULL, &doc) == ROD_OK, "sample reads");
    char *w1 = write_str(doc, ROD_FMT_ROD, 0, false);
    CHECK(strcmp(w1, orig) == 0, "the shipped sample is already canonical: writing it gives the same bytes");
    rod_doc *doc2 = read_rod_str(w1, NULL);
    char *w2 = write_str(doc2, ROD_FMT_ROD, 0, false);
    CHECK(doc2 && strcmp(w1, w2) == 0, "read, write, read, write is byte-identical");
    rod_diag diag = ROD_DIAG_INIT("sample");
    CHECK(rod_validate(w1, strlen(w1), &diag) == ROD_OK && diag.n == 0, "the sample validates against rod.rng");
    rod_diag_free(&diag);
    CHECK(doc2 && doc2->notes && rod_doc_find_id(doc2, "cover") && rod_doc_find_id(doc2, "cover")->len > 100,
          "binaries survive the round trip decoded");
    free(w1);
    free(w2);
    free(orig);
    free(path);
    rod_doc_free(doc);
    rod_doc_free(doc2);
}

static void test_unknown(void)
{
    rod_diag diag = ROD_DIAG_INIT("u.rod");
    rod_doc *doc = read_rod_str(ROD_OPEN "<head><title>T</title></head><body>"
                                "<p>before <blink>kept text</blink> after</p>"
                                "<table><tr><td>cell text</td></tr></table></body></rod>", &diag);
    CHECK(doc != NULL, "a book with unknown elements still reads");
    CHECK(has_message(&diag, "unknown element <blink>", true), "an unknown element is a warning with its place");
    CHECK(doc && strcmp(doc->blocks[1].text, "before kept text after") == 0, "an unknown inline element's text is kept");
    CHECK(doc && doc->nblocks == 3 && strcmp(doc->blocks[2].text, "cell text") == 0,
          "an unknown block's text is kept in a paragraph");
    char *out = doc ? write_str(doc, ROD_FMT_ROD, 0, false) : NULL;
    rod_diag v = ROD_DIAG_INIT("out");
    CHECK(out && rod_validate(out, strlen(out), &v) == ROD_OK, "the repaired book writes a valid file");
    rod_diag_free(&v);
    free(out);
    rod_doc_free(doc);
    rod_diag_free(&diag);
}

static rod_err read_hostile(const char *src, size_t len, rod_diag *diag, rod_doc **doc)
{
    *doc = NULL;
    return rod_read_rod(src, len, diag, doc);
}

static void test_hostile(void)
{
    rod_diag d = ROD_DIAG_INIT("h.rod");
    rod_doc *doc;

    const char *laughs =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rod [\n <!ENTITY a \"lol\">\n"
        " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
        " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
        " <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
        " <!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n <!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">\n]>\n"
        ROD_OPEN "<head><title>&i;</title></head><body/></rod>";
    CHECK(read_hostile(laughs, strlen(laughs), &d, &doc) == ROD_ERR_INPUT && !doc, "billion laughs is refused");
    CHECK(has_message(&d, "declares the entity 'a'", true) && d.items[d.n - 1].line == 3,
          "the refusal names the entity and its line");
    rod_diag_free(&d);

    char secret[] = "/tmp/rod-test-secretXXXXXX";
    int fd = mkstemp(secret);
    if (fd >= 0) {
        (void)!write(fd, "TOP-SECRET-OBSIDIAN", 19);
        close(fd);
    }
    char xxe[1024];
    snprintf(xxe, sizeof xxe,
             "<?xml version=\"1.0\"?>\n<!DOCTYPE rod [<!ENTITY x SYSTEM \"file://%s\">]>\n"
             ROD_OPEN "<head><title>&x;</title></head><body><p>&x;</p></body></rod>", secret);
    d = (rod_diag)ROD_DIAG_INIT("xxe.rod");
    CHECK(read_hostile(xxe, strlen(xxe), &d, &doc) == ROD_ERR_INPUT && !doc, "an external entity is refused");
    bool leaked = false;
    for (size_t i = 0; i < d.n; i++)
        leaked |= strstr(d.items[i].text, "TOP-SECRET") != NULL;
    CHECK(!leaked && has_message(&d, "naming an external file", true), "nothing of the named file appears");
    rod_diag_free(&d);
    unlink(secret);

    const char *plain_dtd = "<!DOCTYPE rod>\n" ROD_OPEN "<head><title>T</title></head><body/></rod>";
    d = (rod_diag)ROD_DIAG_INIT("dtd.rod");
    CHECK(read_hostile(plain_dtd, strlen(plain_dtd), &d, &doc) == ROD_OK, "a DOCTYPE without declarations reads");
    CHECK(has_message(&d, "DOCTYPE ignored", true), "and is warned about");
    rod_doc_free(doc);
    rod_diag_free(&d);

    const char *undeclared = ROD_OPEN "<head><title>&nbsp;</title></head><body/></rod>";
    d = (rod_diag)ROD_DIAG_INIT("u.rod");
    CHECK(read_hostile(undeclared, strlen(undeclared), &d, &doc) == ROD_ERR_INPUT,
          "an undeclared entity is an error");
    CHECK(d.n && d.items[0].line == 1 && d.items[0].col > 0, "with line and column");
    rod_diag_free(&d);

    const char *broken = ROD_OPEN "\n<head><title>T</title></head>\n<body><p>x</q></body></rod>";
    d = (rod_diag)ROD_DIAG_INIT("b.rod");
    CHECK(read_hostile(broken, strlen(broken), &d, &doc) == ROD_ERR_INPUT, "mismatched tags are an error");
    CHECK(d.n && d.items[0].line == 3, "reported on the right line");
    rod_diag_free(&d);

    /* one bad byte costs one character: U+FFFD and a warning at its place */
    const char *bad_utf8 = ROD_OPEN "<head><title>caf\xe9</title></head><body><p>kept</p></body></rod>";
    d = (rod_diag)ROD_DIAG_INIT("u8.rod");
    CHECK(read_hostile(bad_utf8, strlen(bad_utf8), &d, &doc) == ROD_OK && doc &&
          doc->nblocks == 2 && !strcmp(doc->blocks[0].text, "caf\xEF\xBF\xBD") &&
          !strcmp(doc->blocks[1].text, "kept"),
          "invalid UTF-8 becomes U+FFFD and the rest is kept");
    CHECK(d.n == 1 && d.items[0].severity == ROD_WARNING && d.items[0].line == 1 &&
          d.items[0].col > 0 && has_message(&d, "not valid UTF-8", true),
          "with one warning naming its line and column");
    rod_doc_free(doc);
    rod_diag_free(&d);

    d = (rod_diag)ROD_DIAG_INIT("empty.rod");
    CHECK(read_hostile("", 0, &d, &doc) == ROD_ERR_INPUT && d.n, "an empty file is an error");
    rod_diag_free(&d);

    const char *wrong_root = "<html><body>hi</body></html>";
    d = (rod_diag)ROD_DIAG_INIT("w.rod");
    CHECK(read_hostile(wrong_root, strlen(wrong_root), &d, &doc) == ROD_ERR_INPUT &&
          has_message(&d, "not an isolinear rod text", true), "another vocabulary is refused by name");
    rod_diag_free(&d);

    const char *v2 = "<rod xmlns=\"urn:isolinear:rod:1\" version=\"2\"><head><title>T</title></head><body/></rod>";
    d = (rod_diag)ROD_DIAG_INIT("v2.rod");
    CHECK(read_hostile(v2, strlen(v2), &d, &doc) == ROD_ERR_INPUT && has_message(&d, "version 2", false),
          "a future version is refused");
    rod_diag_free(&d);

    /* binary garbage: a fixed pseudo-random sequence */
    size_t n = 1 << 20;
    char *garbage = malloc(n);
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        garbage[i] = (char)x;
    }
    d = (rod_diag)ROD_DIAG_INIT("garbage.rod");
    CHECK(read_hostile(garbage, n, &d, &doc) == ROD_ERR_INPUT && d.n, "binary garbage is an error, not a crash");
    rod_diag_free(&d);
    free(garbage);

    /* 100 MB: a well-formed book of many paragraphs reads */
    const char *para = "    <p>The ledger of the Tarlak Sector grain levy was one line too long.</p>\n";
    size_t plen = strlen(para);
    rod_buf big = ROD_BUF_INIT;
    rod_buf_adds(&big, ROD_OPEN "<head><title>Big</title></head><body>\n");
    while (big.len < (size_t)100 << 20)
        rod_buf_add(&big, para, plen);
    rod_buf_adds(&big, "</body></rod>\n");
    d = (rod_diag)ROD_DIAG_INIT("big.rod");
    rod_err err = read_hostile(big.data, big.len, &d, &doc);
    CHECK(err == ROD_OK && doc && doc->nblocks > 1000000, "a 100 MB book reads");
    rod_doc_free(doc);
    rod_diag_free(&d);
    /* the same, cut off in the middle of a tag */
    d = (rod_diag)ROD_DIAG_INIT("cut.rod");
    CHECK(read_hostile(big.data, big.len / 2 + 7, &d, &doc) == ROD_ERR_INPUT && d.n && d.items[0].line > 1000,
          "a truncated 50 MB book is an error at its end");
    rod_diag_free(&d);
    rod_buf_free(&big);
}

static void test_validate(void)
{
    const char *src = ROD_OPEN "\n<head><title>T</title></head>\n<body>\n"
                      "<p>x<noteref to=\"#missing\">1</noteref></p>\n"
                      "<p id=\"a\">y</p><p id=\"a\">z</p>\n"
                      "<section><p>ok</p><title>late</title></section>\n"
                      "<image src=\"#a\"/>\n</body></rod>";
    rod_diag d = ROD_DIAG_INIT("v.rod");
    CHECK(rod_validate(src, strlen(src), &d) == ROD_ERR_INPUT, "an invalid book fails validation");
    CHECK(has_message(&d, "no element has the id \"missing\"", true), "a dangling noteref is reported");
    CHECK(has_message(&d, "used more than once", true), "a duplicate id is reported");
    CHECK(has_message(&d, "must point to a <binary>", true), "an image pointing at a paragraph is reported");
    bool schema_line = false;
    for (size_t i = 0; i < d.n; i++)
        schema_line |= d.items[i].line == 6 && d.items[i].col > 0;
    CHECK(schema_line, "the schema error for the misplaced title names line 6 and a column");
    rod_diag_free(&d);
}

/* The book read from src, written as .rod, passes rod validate. */
static bool rewrites_valid(const rod_doc *doc)
{
    char *rod = write_str(doc, ROD_FMT_ROD, 0, false);
    rod_diag d = ROD_DIAG_INIT("written");
    bool ok = rod_validate(rod, strlen(rod), &d) == ROD_OK;
    if (!ok)
        rod_diag_print(&d, stdout);
    rod_diag_free(&d);
    free(rod);
    return ok;
}

static const rod_node *block_node(const rod_doc *doc, const char *text)
{
    for (size_t i = 0; doc && i < doc->nblocks; i++)
        if (strcmp(doc->blocks[i].text, text) == 0)
            return doc->blocks[i].node;
    return NULL;
}

/* What the schema refuses, read from a careless .rod, comes out valid with
 * its text blocks kept (conform.c, imp_fix_ids). */
static void test_repairs(void)
{
    static const struct {
        const char *what, *body;
    } cases[] = {
        {"a title after a section's first paragraph, and a second one",
         "<body><section><p>a</p><title>late</title><title>two</title></section></body>"},
        {"cites before a quote's end, two cites in an epigraph",
         "<body><quote><cite>c1</cite><p>a</p><cite>c2</cite></quote>"
         "<epigraph><cite>x</cite><cite>y</cite></epigraph></body>"},
        {"poems without stanzas, a stanza without lines, a list without items",
         "<body><poem></poem><poem><title>only</title></poem><poem><stanza></stanza></poem>"
         "<list></list><p>k</p></body>"},
        {"a title and a cite in the middle of a poem",
         "<body><poem><stanza><line>l</line></stanza><title>late</title><cite>c</cite>"
         "<stanza><line>m</line></stanza></poem></body>"},
        {"ids XML does not allow, and a link to one",
         "<body><p id=\"1a\">a</p><p id=\"a b\">b</p><p><a href=\"#1a\">l</a></p></body>"},
        {"languages, roles, schemes, list types and series numbers the format lacks",
         "<body><p xml:lang=\"en_US\">a</p><p xml:lang=\"toolongtag-x\">b</p>"
         "<list type=\"foo\"><item>i</item></list></body>"},
        {"a note without an id, a noteref to a paragraph, an image without its binary",
         "<body><p id=\"p\">a<noteref to=\"#p\">1</noteref></p><image src=\"#nothing\" alt=\"x\"/>"
         "</body><notes><note><p>x</p></note></notes>"},
        {"a binary that is no image and one without an id",
         "<body><image src=\"#b\"/></body><binary id=\"b\" type=\"image/png\">aGVsbG8=</binary>"
         "<binary type=\"image/png\">iVBORw0KGgo=</binary>"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rod_buf src = ROD_BUF_INIT;
        rod_buf_printf(&src, ROD_OPEN "<head><title>T</title></head>%s</rod>", cases[i].body);
        rod_diag d = ROD_DIAG_INIT("careless.rod");
        rod_doc *doc = read_rod_str(src.data, &d);
        char name[200];
        snprintf(name, sizeof name, "%s: read, with a warning, and written valid", cases[i].what);
        CHECK(doc && d.n > 0 && rewrites_valid(doc), name);
        rod_doc_free(doc);
        rod_diag_free(&d);
        rod_buf_free(&src);
    }
    /* the head: every field that may come once comes once */
    const char *head = ROD_OPEN "<head><title>T</title><title>T2</title><subtitle>S</subtitle>"
                       "<publisher>a</publisher><publisher>b</publisher><date><em>1</em>9</date>"
                       "<creator role=\"x\">c</creator><identifier scheme=\"x\">i</identifier>"
                       "<series index=\"abc\">s</series>"
                       "<description><p>d</p></description><description><p>e</p></description>"
                       "</head><body><p>a</p></body></rod>";
    rod_doc *doc = read_rod_str(head, NULL);
    const rod_node *pub = doc ? rod_node_child(doc->head, ROD_PUBLISHER) : NULL;
    rod_buf t = ROD_BUF_INIT;
    if (pub)
        rod_node_plain_text(pub, &t);
    CHECK(t.data && !strcmp(t.data, "a; b"), "a second publisher joins the first");
    CHECK(doc && rewrites_valid(doc), "a head with fields given twice is written valid");
    rod_buf_free(&t);
    rod_doc_free(doc);
    /* what becomes of the text blocks */
    doc = read_rod_str(ROD_OPEN "<head><title>T</title></head><body><section><p>a</p>"
                       "<title>late</title></section><poem><title>P</title></poem>"
                       "<image src=\"#none\"/></body></rod>", NULL);
    const rod_node *late = block_node(doc, "late"), *p = block_node(doc, "P");
    CHECK(late && late->kind == ROD_P, "a late title is a paragraph");
    CHECK(p && p->kind == ROD_P && p->parent->kind == ROD_QUOTE, "a poem without stanzas is a quotation");
    CHECK(doc && doc->nblocks == 5 && block_node(doc, "\xef\xbf\xbc"),
          "an image without its binary keeps its block, U+FFFC");
    rod_doc_free(doc);
    /* validate still reports what the file says, not what rod made of it */
    const char *dup = ROD_OPEN "<head><title>T</title></head><body><p id=\"a\">x</p>"
                      "<p id=\"a\">y</p></body></rod>";
    rod_diag d = ROD_DIAG_INIT("dup.rod");
    CHECK(rod_validate(dup, strlen(dup), &d) == ROD_ERR_INPUT && has_message(&d, "used more than once", true),
          "rod validate reports a duplicate id the reader would repair");
    rod_diag_free(&d);
}

/* Issue 14 item 5: the SAX reader kept libxml2's spelling of an attribute
 * value, in which every '&' is "&#38;", so each rod → rod pass grew it. */
static void test_attribute_values(void)
{
    const char *src = ROD_OPEN "<head><title>T</title></head><body>"
                      "<image src=\"#b\" alt=\"a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; "
                      "&#x263A;&#10;f&amp;amp;\"/></body>"
                      "<binary id=\"b\" type=\"image/gif\">"
                      "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7</binary></rod>";
    const char *want = "a & b <c> \"d\" 'e' \xe2\x98\xba\nf&amp;";
    rod_doc *d1 = read_rod_str(src, NULL);
    const rod_node *img = d1 ? rod_node_child(d1->body, ROD_IMAGE) : NULL;
    CHECK_STR(img ? img->alt : NULL, want, "an attribute value is decoded: entities, character references");
    char *w1 = d1 ? write_str(d1, ROD_FMT_ROD, 0, false) : NULL;
    rod_doc *d2 = w1 ? read_rod_str(w1, NULL) : NULL;
    char *w2 = d2 ? write_str(d2, ROD_FMT_ROD, 0, false) : NULL;
    rod_doc *d3 = w2 ? read_rod_str(w2, NULL) : NULL;
    char *w3 = d3 ? write_str(d3, ROD_FMT_ROD, 0, false) : NULL;
    img = d3 ? rod_node_child(d3->body, ROD_IMAGE) : NULL;
    CHECK_STR(img ? img->alt : NULL, want, "rod > rod > rod keeps & < > \" ' and a character reference exactly");
    CHECK(w2 && w3 && strcmp(w2, w3) == 0, "and writes the same bytes each time");
    rod_diag v = ROD_DIAG_INIT("w3");
    CHECK(w3 && rod_validate(w3, strlen(w3), &v) == ROD_OK, "the file written validates");
    rod_diag_free(&v);
    free(w1);
    free(w2);
    free(w3);
    rod_doc_free(d1);
    rod_doc_free(d2);
    rod_doc_free(d3);
}

/* Issue 14 item 14: dir (ROD-FORMAT §1) is read, kept, written and
 * validated; a value the format does not define is a warning. */
static void test_dir(void)
{
    const char *src = "<rod xmlns=\"urn:isolinear:rod:1\" version=\"1\" dir=\"rtl\">" "<head><title>T</title></head><body>"
                      "<section dir=\"ltr\"><title>A</title><p>x <span dir=\"auto\">y</span></p>"
                      "<p dir=\"sideways\">z</p></section></body></rod>";
    rod_diag diag = ROD_DIAG_INIT("dir.rod");
    rod_doc *doc = read_rod_str(src, &diag);
    CHECK(doc && doc->root->dir == ROD_DIR_RTL, "dir on <rod> is read");
    const rod_node *sec = doc ? rod_node_child(doc->body, ROD_SECTION) : NULL;
    CHECK(sec && sec->dir == ROD_DIR_LTR && rod_node_dir(sec->first) == ROD_DIR_LTR,
          "dir on a section is read and inherited by its title");
    const rod_node *p = doc ? doc->blocks[2].node : NULL;
    CHECK(p && p->last && p->last->kind == ROD_SPAN && p->last->dir == ROD_DIR_AUTO,
          "dir on an inline span is read");
    CHECK(has_message(&diag, "dir on <p> is not ltr, rtl or auto", true) && doc &&
          doc->blocks[3].node->dir == ROD_DIR_NONE, "an unknown dir value is a warning and is dropped");
    char *out = doc ? write_str(doc, ROD_FMT_ROD, 0, false) : NULL;
    CHECK(out && strstr(out, "version=\"1\" dir=\"rtl\">") && strstr(out, "<section dir=\"ltr\">") &&
          strstr(out, "<span dir=\"auto\">y</span>"), "the writer writes dir back");
    rod_diag v = ROD_DIAG_INIT("out");
    CHECK(out && rod_validate(out, strlen(out), &v) == ROD_OK && v.n == 0, "and the file validates");
    rod_diag_free(&v);
    const char *bad = ROD_OPEN "<head><title>T</title></head><body><p dir=\"up\">x</p></body></rod>";
    rod_diag b = ROD_DIAG_INIT("bad.rod");
    CHECK(rod_validate(bad, strlen(bad), &b) == ROD_ERR_INPUT, "rod validate refuses a dir the format lacks");
    rod_diag_free(&b);
    CHECK(rod_lang_dir("he") == ROD_DIR_RTL && rod_lang_dir("ar-EG") == ROD_DIR_RTL &&
          rod_lang_dir("yi") == ROD_DIR_RTL && rod_lang_dir("fa") == ROD_DIR_RTL &&
          rod_lang_dir("az-Arab") == ROD_DIR_RTL && rod_lang_dir("ur-Latn") == ROD_DIR_NONE &&
          rod_lang_dir("en") == ROD_DIR_NONE && rod_lang_dir("hr") == ROD_DIR_NONE &&
          rod_lang_dir(NULL) == ROD_DIR_NONE, "the languages written right to left");
    free(out);
    rod_doc_free(doc);
    rod_diag_free(&diag);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "tests/fixtures";
    test_round_trip(dir);
    test_unknown();
    test_hostile();
    test_validate();
    test_repairs();
    test_attribute_values();
    test_dir();
    return tap_done();
}
