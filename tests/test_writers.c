/* test_writers.c — the text, HTML and Markdown writers: golden files for
 * the sample book (checked in under fixtures/, reviewed by eye when they
 * change), wrapping that never passes the width, and the links notes need.
 * To refresh a golden file after an intended change:
 *   build/reader/rod convert docs/the-archivist-of-lakat.rod tests/fixtures/sample.html
 */
#include "helpers.h"
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
    rod_doc_free(doc);
    return tap_done();
}
