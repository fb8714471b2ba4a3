/* app_bench.c — `rod read --bench`: the window measured without a person.
 *
 * It measures what a reader feels: the time from launch to the first page
 * on screen, page turns (with the next page drawn ahead in the 0.1 s a
 * page is read at the least), jumps to pages never drawn, and the longest
 * slice of background layout (the worst wait a key press can see), and
 * prints percentiles. (Moved out of app_script.c, which drives scripts.)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "app.h"

static double now_ms(void)
{
    return (double)SDL_GetPerformanceCounter() * 1000.0 / (double)SDL_GetPerformanceFrequency();
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

static void report(const char *what, double *v, size_t n)
{
    if (n == 0) {
        printf("%-34s none\n", what);
        return;
    }
    qsort(v, n, sizeof *v, cmp_double);
    printf("%-34s n=%-5zu p50 %6.2f ms  p90 %6.2f  p99 %6.2f  max %6.2f\n", what, n, v[n / 2], v[n * 9 / 10],
           v[n * 99 / 100 < n ? n * 99 / 100 : n - 1], v[n - 1]);
}

/* Keeps one slice's time, growing the array; false when memory ran out. */
static bool add_slice(double **v, size_t *n, size_t *cap, double ms)
{
    if (*n == *cap) {
        double *grown = realloc(*v, 2 * *cap * sizeof *grown);
        if (!grown)
            return false;
        *v = grown;
        *cap *= 2;
    }
    (*v)[(*n)++] = ms;
    return true;
}

int app_bench(app *a, const app_opts *o, double open_ms)
{
    book *b = a->book;
    if (!b) {
        fprintf(stderr, "rod: --bench needs a book\n");
        return 2;
    }
    double t = now_ms();
    app_draw(a);
    double first_draw = now_ms() - t;
    printf("book: %s (%zu blocks, %zu words)\n", b->title, b->doc->nblocks, b->words_before[b->doc->nblocks]);
    printf("window: %dx%d px, %s, font %d px, video driver %s\n", a->w, a->h, a->two_pages ? "two pages" : "one page",
           a->font_px, SDL_GetCurrentVideoDriver());
    printf("first page on screen: %.1f ms after launch (start-up %.1f, open and lay out %.1f, first frame %.1f)\n",
           o->launch_ms + open_ms + first_draw, o->launch_ms, open_ms, first_draw);
    int pages = o->bench_pages > 0 ? o->bench_pages : 200;
    int jumps = o->bench_jumps > 0 ? o->bench_jumps : 50;
    double *turn = calloc((size_t)pages, sizeof *turn);
    double *jump = calloc((size_t)jumps, sizeof *jump);
    size_t slices_cap = 4096, nslices = 0;
    double *slices = calloc(slices_cap, sizeof *slices);
    if (!turn || !jump || !slices) {
        free(turn);
        free(jump);
        free(slices);
        return 3;
    }
    int nturn = 0;
    /* reading: the next page is drawn ahead while the reader reads, who
     * is taken to spend a tenth of a second on a page (anyone reading
     * spends far longer) */
    for (int i = 0; i < pages; i++) {
        double reading = now_ms();
        while (now_ms() - reading < 100) {
            double s = now_ms();
            bool more = app_idle(a);
            if (!add_slice(&slices, &nslices, &slices_cap, now_ms() - s) || !more)
                break;
        }
        page_ref before = b->page;
        double s = now_ms();
        nav_next(a);
        app_draw(a);
        if (before.chapter == b->page.chapter && before.index == b->page.index)
            break;
        turn[nturn++] = now_ms() - s;
    }
    /* whatever is left of the book laid out in the background */
    for (;;) {
        double s = now_ms();
        bool more = app_idle(a);
        if (!add_slice(&slices, &nslices, &slices_cap, now_ms() - s) || !more)
            break;
    }
    double bg_ms = 0;
    for (size_t i = 0; i < nslices; i++)
        bg_ms += slices[i];
    size_t total = 0;
    rod_layout_pages_known(b->layout, rod_layout_chapter_count(b->layout), &total);
    /* jumps to pages never drawn: nothing prepared */
    srand(12345);
    for (int i = 0; i < jumps; i++) {
        size_t blk = (size_t)rand() % (b->doc->nblocks ? b->doc->nblocks : 1);
        double s = now_ms();
        nav_jump(a, (rod_pos){blk, 0}, false);
        nav_clear_cache(a);
        app_draw(a);
        jump[i] = now_ms() - s;
    }
    report("page turn (next page drawn ahead)", turn, (size_t)nturn);
    report("jump to an undrawn page", jump, (size_t)jumps);
    report("background slice (layout, drawing)", slices, nslices);
    printf("background work in all (the whole book laid out, pages drawn ahead): %.0f ms in %zu slices; "
           "%zu pages at these settings\n", bg_ms, nslices, total);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak memory: %.1f MB\n", ru.ru_maxrss / 1024.0);
    free(turn);
    free(jump);
    free(slices);
    return 0;
}
