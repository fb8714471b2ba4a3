/* test_writers.c — the text, HTML and Markdown writers: golden files for
 * the sample book (checked in under fixtures/, reviewed by eye when they
 * change), wrapping that never passes the width, the links notes need,
 * and SVG images carried out by the EPUB, FictionBook and HTML writers.
 * To refresh a golden file after an intended change:
 *   build/reader/rod convert docs/the-archivist-of-lakat.rod tests/fixtures/sample.html
 */
#include "helpers.h"
#include "rod_base64.h"
#include "rod_utf8.h"
#include "tap.h"

static void golden(const rod_doc *doc, const char *dir, const char *name, rod_format format)
{
    char *path = fixture_path(dir, name);
    char *want = load(path, NULL);
    char *got = write_str(doc, format, 0, false);
    char label[128];
    snprintf(label, sizeof label, "the sample book as %s matches fixtures/%s", rod_format_name(format), name);
    if (!CHECK(want && strcmp(got, want) == 0, label) && want) {
        size_t i = 0;
        while (got[i] && got[i] == want[i])
            i++;
        printf("# first difference at byte %zu: got \"%.40s\"\n", i, got + i);
    }
    free(got);
    free(want);
    free(path);
}

static void test_wrap(const rod_doc *doc)
{
    char *out = write_str(doc, ROD_FMT_TXT, 40, false);
    size_t long_words = 0, over = 0;
    bool pre_line = false;
    for (char *line = out; *line;) {
        char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        size_t chars = rod_utf8_count(line, n);
        if (chars > 40 && !memchr(line, ' ', n))
            long_words++;
        else if (chars > 40) {
            over++;
            pre_line = memmem(line, n, "archivist noticed,    2,369", 27) != NULL;
        }
        line += n + (nl != NULL);
    }
    CHECK(over == 1 && pre_line,
          "--width 40: only the preformatted line is longer than 40 (pre is never rewrapped)");
    CHECK(long_words == 0, "the sample has no word longer than 40 to overflow");
    free(out);

    rod_doc *tiny = read_rod_str(ROD_OPEN "<head><title>T</title></head><body><p>aaaa bbbb "
                                 "cccccccccccccccccccc dd</p></body></rod>", NULL);
    out = write_str(tiny, ROD_FMT_TXT, 10, true);
    CHECK_STR(out, "aaaa bbbb\ncccccccccccccccccccc\ndd\n", "a word wider than the line stands alone");
    free(out);
    rod_doc_free(tiny);
}

static void test_links(const rod_doc *doc)
{
    char *html = write_str(doc, ROD_FMT_HTML, 0, false);
    CHECK(strstr(html, "href=\"#n-years\" id=\"noteref-2\"") != NULL, "HTML note references link to the note");
    CHECK(strstr(html, "<aside id=\"n-years\">") && strstr(html, "href=\"#noteref-2\""),
          "and each note links back");
    CHECK(strstr(html, "<img src=\"data:image/png;base64,iVBORw0KGgo") != NULL, "images are inline data URIs");
    CHECK(strstr(html, "<p lang=\"fr\">") != NULL, "xml:lang becomes lang");
    free(html);
    char *md = write_str(doc, ROD_FMT_MD, 0, false);
    CHECK(strstr(md, "[^n-years]") && strstr(md, "\n[^n-years]: Years are given"), "Markdown footnotes");
    CHECK(strstr(md, "| What is written has been done,") != NULL, "verse becomes a line block");
    free(md);
}

/* A book whose cover and one image are SVG: every writer that carries
 * images carries them out as image/svg+xml, and reading back keeps them. */
static void test_svg_out(const char *dir)
{
    char *path = fixture_path(dir, "images/mark.svg");
    size_t len;
    char *svg = load(path, &len);
    free(path);
    rod_buf b64 = ROD_BUF_INIT, book = ROD_BUF_INIT;
    rod_base64_encode(svg ? svg : "", svg ? len : 0, 76, &b64);
    rod_buf_printf(&book, ROD_OPEN "<head><title>Marks</title><cover src='#c'/></head><body>"
                   "<section><title>One</title><p>Before.</p><image src='#c' alt='a mark'/>"
                   "<p>After.</p></section></body><binary id='c' type='image/svg+xml'>%s</binary></rod>\n",
                   b64.data ? b64.data : "");
    rod_doc *doc = read_rod_str(book.data, NULL);
    CHECK(doc != NULL, "a book with an SVG cover and image reads");
    static const rod_format formats[] = {ROD_FMT_EPUB, ROD_FMT_FB2, ROD_FMT_HTML};
    for (size_t i = 0; doc && i < sizeof formats / sizeof formats[0]; i++) {
        rod_buf out = ROD_BUF_INIT;
        rod_write_opts wo = {.format = formats[i]};
        rod_write_memory(doc, &wo, &out);
        rod_doc *back = NULL;
        rod_read_opts ro = {.format = formats[i]};
        if (out.data)
            rod_read_memory(out.data, out.len, &ro, NULL, &back);
        const rod_node *bin = NULL;
        size_t images = 0;
        for (const rod_node *c = back ? back->root->first : NULL; c; c = c->next)
            if (c->kind == ROD_BINARY)
                bin = c;
        for (const rod_node *c = back ? back->body : NULL; c; c = rod_node_next_in(c, back->body))
            images += c->kind == ROD_IMAGE;
        char label[160];
        snprintf(label, sizeof label, "%s: the SVG is carried out and read back as image/svg+xml, "
                 "byte for byte, with its image", rod_format_name(formats[i]));
        CHECK(bin && bin->type && !strcmp(bin->type, "image/svg+xml") && bin->len == len &&
              !memcmp(bin->text, svg, len) && images == 1, label);
        if (formats[i] == ROD_FMT_HTML)
            CHECK(memmem(out.data, out.len, "src=\"data:image/svg+xml;base64,", 31) != NULL,
                  "html: the SVG is a data: URI of type image/svg+xml");
        rod_doc_free(back);
        rod_buf_free(&out);
    }
    rod_doc_free(doc);
    rod_buf_free(&b64);
    rod_buf_free(&book);
    free(svg);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "tests/fixtures";
    char *path = fixture_path(dir, "../../docs/the-archivist-of-lakat.rod");
    rod_doc *doc = NULL;
    CHECK(rod_read_file(path, NULL, NULL, &doc) == ROD_OK, "the sample book reads");
    free(path);
    if (!doc)
        return tap_done();
    golden(doc, dir, "sample.txt", ROD_FMT_TXT);
    golden(doc, dir, "sample.html", ROD_FMT_HTML);
    golden(doc, dir, "sample.md", ROD_FMT_MD);
    test_wrap(doc);
    test_links(doc);
    test_svg_out(dir);
    rod_doc_free(doc);
    return tap_done();
}
