/* bench_convert.c — how fast rod converts, measured, not asserted.
 *
 * On the largest plain text in the corpus (War and Peace, 3.3 MB) it times
 * txt → rod, parsing .rod, rod → txt and rod → html, each in a child
 * process so the peak memory (ru_maxrss) belongs to that stage alone, and
 * reports the best of several runs as MB/s of input. When pandoc is
 * installed it runs the nearest conversions pandoc can do in the same run
 * (pandoc has no plain-text or rod reader: it reads the text as Markdown,
 * and reads rod's own HTML output for the reverse directions) and prints
 * the ratio.
 *
 *   build/bench/bench_convert [CORPUS_DIR] [RUNS]
 */
#include <string.h>

#include "bench_util.h"

#include "rod_format.h"

typedef enum stage { TXT_TO_ROD, ROD_PARSE, ROD_TO_TXT, ROD_TO_HTML } stage;

static const char *stage_name[] = {"txt -> rod", "rod parse", "rod -> txt", "rod -> html"};

static int run_stage(stage s, const char *txt, size_t txt_len, const char *rod, size_t rod_len)
{
    rod_doc *doc = NULL;
    rod_buf out = ROD_BUF_INIT;
    rod_err err;
    switch (s) {
    case TXT_TO_ROD:
        err = rod_read_txt(txt, txt_len, NULL, NULL, &doc, NULL);
        if (err == ROD_OK)
            rod_write_rod(doc, &out);
        break;
    case ROD_PARSE:
        err = rod_read_rod(rod, rod_len, NULL, &doc);
        break;
    case ROD_TO_TXT:
        err = rod_read_rod(rod, rod_len, NULL, &doc);
        if (err == ROD_OK)
            rod_write_txt(doc, NULL, &out);
        break;
    default:
        err = rod_read_rod(rod, rod_len, NULL, &doc);
        if (err == ROD_OK)
            rod_write_html(doc, &out);
        break;
    }
    rod_doc_free(doc);
    rod_buf_free(&out);
    return err == ROD_OK ? 0 : 1;
}

typedef struct stage_arg {
    stage s;
    const char *txt, *rod;
    size_t tl, rl;
} stage_arg;

static int run_arg(void *p)
{
    stage_arg *a = p;
    return run_stage(a->s, a->txt, a->tl, a->rod, a->rl);
}

int main(int argc, char **argv)
{
    const char *corpus = argc > 1 ? argv[1] : "../shared/corpus";
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    char path[1024];
    snprintf(path, sizeof path, "%s/txt/tolstoy-war-and-peace.txt", corpus);
    char *txt;
    size_t txt_len;
    if (rod_load_file(path, &txt, &txt_len, NULL) != ROD_OK) {
        fprintf(stderr, "bench_convert: cannot read %s (is ../shared/corpus there?)\n", path);
        return 1;
    }
    rod_doc *doc = NULL;
    rod_read_txt(txt, txt_len, NULL, NULL, &doc, NULL);
    rod_buf rod = ROD_BUF_INIT, html = ROD_BUF_INIT;
    rod_write_rod(doc, &rod);
    rod_write_html(doc, &html);
    printf("book: %s\ninput: %.2f MB of text, %.2f MB as .rod, %zu blocks, %zu words\n", path,
           txt_len / 1e6, rod.len / 1e6, doc->nblocks, rod_doc_word_count(doc));
    rod_doc_free(doc);

    char dir[] = "/tmp/rod-bench-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char txt_path[256], html_path[256];
    snprintf(txt_path, sizeof txt_path, "%s/book.txt", dir);
    snprintf(html_path, sizeof html_path, "%s/book.html", dir);
    save(txt_path, txt, txt_len);
    save(html_path, html.data, html.len);

    printf("\n%-12s %10s %10s %10s\n", "stage", "best s", "MB/s", "peak MB");
    double best[4];
    for (int s = 0; s < 4; s++) {
        best[s] = 1e9;
        long peak = 0;
        for (int r = 0; r < runs; r++) {
            long rss;
            stage_arg arg = {(stage)s, txt, rod.data, txt_len, rod.len};
            double t = in_child(run_arg, &arg, &rss);
            if (t >= 0 && t < best[s])
                best[s] = t;
            if (rss > peak)
                peak = rss;
        }
        size_t in = s == TXT_TO_ROD ? txt_len : rod.len;
        printf("%-12s %10.4f %10.1f %10.1f\n", stage_name[s], best[s], in / 1e6 / best[s], peak / 1024.0);
    }

    if (have("pandoc")) {
        struct { const char *what; const char *fmt; const char *file; int ours; } peers[] = {
            {"txt -> html (pandoc -f markdown)", "pandoc -f markdown -t html -o /dev/null %s", txt_path, TXT_TO_ROD},
            {"html -> txt (pandoc -f html -t plain)", "pandoc -f html -t plain -o /dev/null %s", html_path, ROD_TO_TXT},
        };
        printf("\npeer: pandoc, one run each, the same book\n");
        for (size_t i = 0; i < 2; i++) {
            char cmd[1024];
            snprintf(cmd, sizeof cmd, peers[i].fmt, peers[i].file);
            long rss;
            double t = time_command(cmd, &rss);
            if (t < 0) {
                printf("%-40s failed\n", peers[i].what);
                continue;
            }
            printf("%-40s %8.3f s %8.1f MB   rod %s is %.0fx faster\n", peers[i].what, t, rss / 1024.0,
                   stage_name[peers[i].ours], t / best[peers[i].ours]);
        }
    } else {
        printf("\npandoc is not installed: no peer figures (apt-get install pandoc)\n");
    }
    unlink(txt_path);
    unlink(html_path);
    rmdir(dir);
    rod_buf_free(&rod);
    rod_buf_free(&html);
    free(txt);
    return 0;
}
