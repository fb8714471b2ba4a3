/* bench_layout.c — how fast a book opens and lays out, measured.
 *
 * On War and Peace (converted from the corpus text) with the real fonts:
 * the time to the first page (one chapter), to the page of a position in
 * the middle of the book (one chapter), and to the whole book's page
 * count, with Knuth–Plass and with first fit; pages per second; peak
 * memory; and the width cache's hit rate. Each figure in a fresh child
 * process so caches from one do not flatter the next.
 *
 *   build/bench/bench_layout [CORPUS_DIR]
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rod_fonts.h"
#include "rod_format.h"
#include "rod_layout.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef enum job { FIRST_PAGE, MIDDLE_PAGE, WHOLE_KP, WHOLE_GREEDY } job;
static const char *job_name[] = {"first page", "page at 50%", "whole book, Knuth-Plass",
                                 "whole book, first fit"};

static void run(job j, const rod_doc *doc)
{
    char err[256];
    double t0 = now();
    rod_fonts *fonts = rod_fonts_new(NULL, NULL, err, sizeof err);
    if (!fonts) {
        fprintf(stderr, "%s\n", err);
        _exit(1);
    }
    rod_layout_opts o = rod_layout_defaults();
    o.greedy = j == WHOLE_GREEDY;
    rod_layout *lay = rod_layout_new(doc, rod_fonts_measure(fonts), &o);
    size_t pages = 0;
    if (j == FIRST_PAGE) {
        pages = rod_layout_page(lay, 0) ? 1 : 0;
    } else if (j == MIDDLE_PAGE) {
        size_t c, i;
        rod_pos mid = {doc->nblocks / 2, 0};
        pages = rod_layout_locate(lay, mid, &c, &i, NULL) ? 1 : 0;
    } else {
        pages = rod_layout_page_count(lay);
    }
    double t = now() - t0;
    rod_layout_stats st;
    rod_layout_stats_get(lay, &st);
    size_t measured, hits;
    rod_fonts_cache_stats(fonts, &measured, &hits);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%-26s %9.1f ms %8zu pages %8zu lines %7.1f MB  cache %zu shaped, %.1f%% hits\n", job_name[j],
           t * 1e3, pages, st.lines, ru.ru_maxrss / 1024.0, measured,
           measured + hits ? 100.0 * hits / (measured + hits) : 0.0);
    if (j >= WHOLE_KP)
        printf("%-26s %9.0f pages/s, mean ratio %.2f, looser than 1.0: %.1f%%, hyphenated %zu\n", "", pages / t,
               st.mean_ratio, st.justified_lines ? 100.0 * st.loose_lines / st.justified_lines : 0.0,
               st.hyphenated);
    fflush(stdout);
    rod_layout_free(lay);
    rod_fonts_free(fonts);
}

int main(int argc, char **argv)
{
    const char *corpus = argc > 1 ? argv[1] : "../shared/corpus";
    char path[1024];
    snprintf(path, sizeof path, "%s/txt/tolstoy-war-and-peace.txt", corpus);
    rod_doc *doc = NULL;
    if (rod_read_file(path, NULL, NULL, &doc) != ROD_OK) {
        fprintf(stderr, "bench_layout: cannot read %s (is ../shared/corpus there?)\n", path);
        return 1;
    }
    printf("book: %s, %zu blocks; page 800x1100, 22 px EB Garamond, fonts opened in each time\n\n", path,
           doc->nblocks);
    fflush(stdout);     /* or every child prints the header again */
    for (int j = FIRST_PAGE; j <= WHOLE_GREEDY; j++) {
        pid_t pid = fork();
        if (pid == 0) {
            run((job)j, doc);
            _exit(0);
        }
        int status;
        waitpid(pid, &status, 0);
    }
    rod_doc_free(doc);
    return 0;
}
