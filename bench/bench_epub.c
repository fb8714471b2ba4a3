/* bench_epub.c — EPUB import measured beside the tools people already use.
 *
 * On War and Peace (Standard Ebooks' EPUB, 3.1 MB packed) it times
 * EPUB → .rod and EPUB → plain text, both in process (best of RUNS, each
 * in a child so its peak memory is its own) and as whole `rod convert`
 * commands, and in the same run `mutool convert -F text` and
 * `pandoc -t plain` on the same file, printing the ratios against the
 * whole rod command (the fair comparison: every tool pays for starting).
 * Then, for every EPUB in the corpus, the share of words that agree
 * between rod's import and pandoc's plain text (tests/agree.h).
 *
 *   build/bench/bench_epub [CORPUS_DIR] [RUNS] [ROD_BINARY]
 */
#include <dirent.h>
#include <string.h>

#include "../tests/agree.h"
#include "bench_util.h"
#include "rod_format.h"

typedef struct job {
    const char *path;
    rod_format to;
} job;

static int convert(void *p)
{
    job *j = p;
    rod_doc *doc = NULL;
    rod_read_opts ro = {.format = ROD_FMT_EPUB};
    if (rod_read_file(j->path, &ro, NULL, &doc) != ROD_OK)
        return 1;
    rod_buf out = ROD_BUF_INIT;
    rod_write_opts wo = {.format = j->to};
    rod_err err = rod_write_memory(doc, &wo, &out);
    rod_doc_free(doc);
    rod_buf_free(&out);
    return err == ROD_OK ? 0 : 1;
}

static double best_of(int runs, job *j, long *peak)
{
    double best = 1e9;
    *peak = 0;
    for (int r = 0; r < runs; r++) {
        long rss;
        double t = in_child(convert, j, &rss);
        if (t >= 0 && t < best)
            best = t;
        if (rss > *peak)
            *peak = rss;
    }
    return best;
}

static double best_command(int runs, const char *cmd, long *peak)
{
    double best = 1e9;
    *peak = 0;
    for (int r = 0; r < runs; r++) {
        long rss;
        double t = time_command(cmd, &rss);
        if (t < 0)
            return -1;
        if (t < best)
            best = t;
        if (rss > *peak)
            *peak = rss;
    }
    return best;
}

static void fidelity(const char *path, const char *dir)
{
    rod_doc *doc = NULL;
    if (rod_read_file(path, NULL, NULL, &doc) != ROD_OK) {
        printf("%-44s rod cannot read it\n", strrchr(path, '/') + 1);
        return;
    }
    char out[512], cmd[3000];
    snprintf(out, sizeof out, "%s/pandoc.txt", dir);
    snprintf(cmd, sizeof cmd, "pandoc -t plain --wrap=none -o '%s' '%s' 2>/dev/null", out, path);
    long rss;
    double t = time_command(cmd, &rss);
    char *theirs = NULL;
    size_t tl = 0;
    if (t < 0 || rod_load_file(out, &theirs, &tl, NULL) != ROD_OK) {
        printf("%-44s pandoc failed\n", strrchr(path, '/') + 1);
        rod_doc_free(doc);
        return;
    }
    rod_buf ours = ROD_BUF_INIT;
    agree_doc_text(doc, &ours);
    agreement a = agree(ours.data, ours.len, theirs, tl);
    printf("%-44s %8zu %8zu %8.2f %%\n", strrchr(path, '/') + 1, a.words_a, a.words_b, 100 * a.share);
    rod_buf_free(&ours);
    free(theirs);
    unlink(out);
    rod_doc_free(doc);
}

int main(int argc, char **argv)
{
    const char *corpus = argc > 1 ? argv[1] : "../shared/corpus";
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    const char *rod = argc > 3 ? argv[3] : "build/reader/rod";
    char book[1024];
    snprintf(book, sizeof book, "%s/epub/tolstoy-war-and-peace.epub", corpus);
    if (access(book, R_OK) != 0) {
        fprintf(stderr, "bench_epub: cannot read %s (is ../shared/corpus there?)\n", book);
        return 1;
    }
    char dir[] = "/tmp/rod-bench-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    rod_doc *doc = NULL;
    rod_read_file(book, NULL, NULL, &doc);
    printf("book: %s\n%zu blocks, %zu words\n", book, doc ? doc->nblocks : 0,
           doc ? rod_doc_word_count(doc) : 0);
    rod_doc_free(doc);

    printf("\n%-34s %10s %10s\n", "rod, in process (best of runs)", "s", "peak MB");
    long peak;
    job to_rod = {book, ROD_FMT_ROD}, to_txt = {book, ROD_FMT_TXT};
    double t = best_of(runs, &to_rod, &peak);
    printf("%-34s %10.4f %10.1f\n", "epub -> rod", t, peak / 1024.0);
    t = best_of(runs, &to_txt, &peak);
    printf("%-34s %10.4f %10.1f\n", "epub -> txt", t, peak / 1024.0);

    char cmd[2048];
    printf("\n%-34s %10s %10s %s\n", "whole commands (best of runs)", "s", "peak MB", "");
    snprintf(cmd, sizeof cmd, "'%s' convert -q '%s' '%s/wp.rod'", rod, book, dir);
    long rod_peak;
    double rod_rod = best_command(runs, cmd, &rod_peak);
    printf("%-34s %10.4f %10.1f\n", "rod convert epub -> rod", rod_rod, rod_peak / 1024.0);
    snprintf(cmd, sizeof cmd, "'%s' convert -q '%s' '%s/wp.txt'", rod, book, dir);
    double rod_txt = best_command(runs, cmd, &rod_peak);
    printf("%-34s %10.4f %10.1f\n", "rod convert epub -> txt", rod_txt, rod_peak / 1024.0);
    if (rod_txt < 0) {
        fprintf(stderr, "bench_epub: %s did not run (pass the rod binary as the third argument)\n", rod);
        return 1;
    }
    if (have("mutool")) {
        snprintf(cmd, sizeof cmd, "mutool convert -F text -o '%s/mutool.txt' '%s' 2>/dev/null", dir, book);
        double m = best_command(runs > 3 ? 3 : runs, cmd, &peak);
        if (m > 0)
            printf("%-34s %10.4f %10.1f   rod is %.1fx faster\n", "mutool convert -F text", m,
                   peak / 1024.0, m / rod_txt);
    } else {
        printf("mutool is not installed (apt-get install mupdf-tools): no figure\n");
    }
    if (have("pandoc")) {
        snprintf(cmd, sizeof cmd, "pandoc -t plain -o '%s/pandoc.txt' '%s' 2>/dev/null", dir, book);
        double p = best_command(1, cmd, &peak);
        if (p > 0)
            printf("%-34s %10.4f %10.1f   rod is %.0fx faster\n", "pandoc -t plain", p,
                   peak / 1024.0, p / rod_txt);
        printf("\nword agreement, rod's import vs pandoc -t plain:\n%-44s %8s %8s %10s\n", "book",
               "rod", "pandoc", "agree");
        char epubs[1024];
        snprintf(epubs, sizeof epubs, "%s/epub", corpus);
        DIR *d = opendir(epubs);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            size_t n = strlen(e->d_name);
            if (n < 5 || strcmp(e->d_name + n - 5, ".epub") != 0)
                continue;
            char path[2048];
            snprintf(path, sizeof path, "%s/%s", epubs, e->d_name);
            fidelity(path, dir);
        }
        if (d)
            closedir(d);
    } else {
        printf("pandoc is not installed (apt-get install pandoc): no figure\n");
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return 1;
    return 0;
}
