/* bench_hostile.c — hostile inputs at 100,000, timed, not asserted.
 *
 * Each row is one input made in memory at scale N (default 100,000): the
 * shapes that once made rod quadratic or blew its stack (HTML with N
 * paragraphs sharing one id, FictionBook with N sections sharing one id
 * and N binaries sharing one, one element with N attributes in .rod, HTML
 * and FictionBook, N links to N targets, N notes, N images, N chapters,
 * sections and inline elements nested N deep). For every row it reads the
 * input and writes each output format, each in a child process so the
 * peak memory (ru_maxrss) is that conversion's own, and prints the
 * seconds of the best of RUNS runs. The goal is every figure under 2 s.
 * tests/hostile/30-linear.sh and 20-depth.sh check smaller sizes of the
 * same shapes under a time limit.
 *
 *   build/bench/bench_hostile [N] [RUNS]
 */
#include <string.h>

#include "bench_util.h"

#include "rod_buf.h"
#include "rod_format.h"

/* A 1 x 1 PNG, base64. */
static const char png[] =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP4//8/AwAI/AL+p5qgoAAAAABJRU5ErkJggg==";

#define ROD_OPEN "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
                 "<rod xmlns=\"urn:isolinear:rod:1\" version=\"1\"><head><title>Bench</title></head>"
#define FB2_OPEN "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<FictionBook " \
                 "xmlns=\"http://www.gribuser.ru/xml/fictionbook/2.0\" " \
                 "xmlns:l=\"http://www.w3.org/1999/xlink\"><description><title-info>" \
                 "<book-title>Bench</book-title></title-info></description>"

typedef struct input {
    const char *name;
    rod_format format;
    void (*make)(rod_buf *b, size_t n);
} input;

static void html_ids(rod_buf *b, size_t n)
{
    rod_buf_adds(b, "<html><head><title>Bench</title></head><body>\n");
    for (size_t i = 0; i < n; i++)
        rod_buf_printf(b, "<p id=\"a\">paragraph %zu</p>\n", i);
    rod_buf_adds(b, "<p><a href=\"#a\">the first</a></p></body></html>\n");
}

static void fb2_ids(rod_buf *b, size_t n)
{
    rod_buf_adds(b, FB2_OPEN "<body>\n");
    for (size_t i = 0; i < n; i++)
        rod_buf_printf(b, "<section id=\"s\"><p>section %zu</p></section>\n", i);
    rod_buf_adds(b, "</body></FictionBook>\n");
}

static void fb2_binaries(rod_buf *b, size_t n)
{
    rod_buf_adds(b, FB2_OPEN "<body><section>\n");
    for (size_t i = 0; i < n; i++)
        rod_buf_adds(b, "<image l:href=\"#b\"/>\n");
    rod_buf_adds(b, "</section></body>\n");
    for (size_t i = 0; i < n; i++)
        rod_buf_printf(b, "<binary id=\"b\" content-type=\"image/png\">%s</binary>\n", png);
    rod_buf_adds(b, "</FictionBook>\n");
}

static void attributes(rod_buf *b, size_t n, const char *open, const char *close)
{
    rod_buf_adds(b, open);
    for (size_t i = 0; i < n; i++)
        rod_buf_printf(b, " a%zu=\"v\"", i);
    rod_buf_adds(b, close);
}

static void rod_attributes(rod_buf *b, size_t n)
{
    attributes(b, n, ROD_OPEN "<body><p", ">text</p></body></rod>\n");
}

static void html_attributes(rod_buf *b, size_t n)
{
    attributes(b, n, "<html><head><title>Bench</title></head><body><p", ">text</p></body></html>\n");
}

static void fb2_attributes(rod_buf *b, size_t n)
{
    attributes(b, n, FB2_OPEN "<body><section><p", ">text</p></section></body></FictionBook>\n");
}

static void html_links(rod_buf *b, size_t n)
{
    rod_buf_adds(b, "<html><head><title>Bench</title></head><body>\n");
    for (size_t i = 0; i < n; i++)
        rod_buf_printf(b, "<p id=\"t%zu\">to <a href=\"#t%zu\">the next</a></p>\n", i, (i + 1) % n);
    rod_buf_adds(b, "</body></html>\n");
}

static void rod_notes(rod_buf *b, size_t n)
{
    rod_buf_adds(b, ROD_OPEN "<body>\n");
    for (size_t i = 0; i < n; i++)
        rod_buf_printf(b, "<p>text<noteref to=\"#n%zu\">%zu</noteref></p>\n", i, i + 1);
    rod_buf_adds(b, "</body><notes>\n");
    for (size_t i = 0; i < n; i++)
        rod_buf_printf(b, "<note id=\"n%zu\"><p>note %zu</p></note>\n", i, i + 1);
    rod_buf_adds(b, "</notes></rod>\n");
}

static void rod_images(rod_buf *b, size_t n)
{
    rod_buf_adds(b, ROD_OPEN "<body>\n");
    for (size_t i = 0; i < n; i++)
        rod_buf_printf(b, "<image src=\"#i%zu\" alt=\"%zu\"/>\n", i, i);
    rod_buf_adds(b, "</body>\n");
    for (size_t i = 0; i < n; i++)
        rod_buf_printf(b, "<binary id=\"i%zu\" type=\"image/png\">%s</binary>\n", i, png);
    rod_buf_adds(b, "</rod>\n");
}

static void rod_chapters(rod_buf *b, size_t n)
{
    rod_buf_adds(b, ROD_OPEN "<body>\n");
    for (size_t i = 0; i < n; i++)
        rod_buf_printf(b, "<section id=\"c%zu\"><title>Chapter %zu</title><p>text<noteref "
                          "to=\"#n%zu\">1</noteref></p></section>\n", i, i + 1, i);
    rod_buf_adds(b, "</body><notes>\n");
    for (size_t i = 0; i < n; i++)
        rod_buf_printf(b, "<note id=\"n%zu\"><p>note</p></note>\n", i);
    rod_buf_adds(b, "</notes></rod>\n");
}

static void nested(rod_buf *b, size_t n, const char *open, const char *core, const char *close,
                   const char *head, const char *tail)
{
    rod_buf_adds(b, head);
    for (size_t i = 0; i < n; i++)
        rod_buf_adds(b, open);
    rod_buf_adds(b, core);
    for (size_t i = 0; i < n; i++)
        rod_buf_adds(b, close);
    rod_buf_adds(b, tail);
}

static void rod_deep_sections(rod_buf *b, size_t n)
{
    nested(b, n, "<section><p>x</p>", "<p>core</p>", "</section>", ROD_OPEN "<body>",
           "</body></rod>\n");
}

static void rod_deep_em(rod_buf *b, size_t n)
{
    nested(b, n, "<em>", "core", "</em>", ROD_OPEN "<body><p>", "</p></body></rod>\n");
}

static void rod_deep_lists(rod_buf *b, size_t n)
{
    nested(b, n, "<list><item><p>i</p>", "<p>core</p>", "</item></list>", ROD_OPEN "<body>",
           "</body></rod>\n");
}

static const input inputs[] = {
    {"HTML, N <p id=\"a\">", ROD_FMT_HTML, html_ids},
    {"FB2, N sections id=\"s\"", ROD_FMT_FB2, fb2_ids},
    {"FB2, N binaries id=\"b\"", ROD_FMT_FB2, fb2_binaries},
    {".rod, N attributes", ROD_FMT_ROD, rod_attributes},
    {"HTML, N attributes", ROD_FMT_HTML, html_attributes},
    {"FB2, N attributes", ROD_FMT_FB2, fb2_attributes},
    {"HTML, N links", ROD_FMT_HTML, html_links},
    {".rod, N notes", ROD_FMT_ROD, rod_notes},
    {".rod, N images", ROD_FMT_ROD, rod_images},
    {".rod, N chapters", ROD_FMT_ROD, rod_chapters},
    {".rod, N deep sections", ROD_FMT_ROD, rod_deep_sections},
    {".rod, N deep <em>", ROD_FMT_ROD, rod_deep_em},
    {".rod, N deep lists", ROD_FMT_ROD, rod_deep_lists},
};

static const rod_format outputs[] = {ROD_FMT_ROD, ROD_FMT_TXT, ROD_FMT_HTML, ROD_FMT_MD,
                                     ROD_FMT_EPUB, ROD_FMT_FB2};

typedef struct job {
    const rod_buf *in;
    rod_format from, to;
} job;

static int convert(void *p)
{
    const job *j = p;
    rod_read_opts ro = {.format = j->from};
    rod_doc *doc = NULL;
    if (rod_read_memory(j->in->data, j->in->len, &ro, NULL, &doc) != ROD_OK)
        return 1;
    rod_write_opts wo = {.format = j->to};
    rod_buf out = ROD_BUF_INIT;
    rod_err err = rod_write_memory(doc, &wo, &out);
    rod_buf_free(&out);
    rod_doc_free(doc);
    return err == ROD_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 100000;
    int runs = argc > 2 ? atoi(argv[2]) : 1;
    printf("hostile inputs at N = %zu, best of %d, seconds to read and write each format "
           "(peak MB: the largest of the row)\n\n%-26s %8s", n, runs, "input", "MB");
    for (size_t o = 0; o < sizeof outputs / sizeof outputs[0]; o++)
        printf(" %7s", rod_format_name(outputs[o]));
    printf(" %8s\n", "peak MB");
    double worst = 0;
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        rod_buf in = ROD_BUF_INIT;
        inputs[i].make(&in, n);
        printf("%-26s %8.1f", inputs[i].name, in.len / 1e6);
        fflush(stdout);
        long peak = 0;
        for (size_t o = 0; o < sizeof outputs / sizeof outputs[0]; o++) {
            job j = {&in, inputs[i].format, outputs[o]};
            double best = -1;
            for (int r = 0; r < runs; r++) {
                long rss;
                double t = in_child(convert, &j, &rss);
                if (t >= 0 && (best < 0 || t < best))
                    best = t;
                if (rss > peak)
                    peak = rss;
            }
            if (best < 0)
                printf(" %7s", "failed");
            else
                printf(" %7.3f", best);
            if (best > worst)
                worst = best;
            fflush(stdout);
        }
        printf(" %8.1f\n", peak / 1024.0);
        rod_buf_free(&in);
    }
    printf("\nslowest: %.3f s (goal: under 2 s)\n", worst);
    return 0;
}
