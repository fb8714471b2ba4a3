/* bench_launch.c — how long a reader waits for the first page of a book,
 * counted from the moment rod is launched.
 *
 * Runs `rod read --bench` on the book RUNS times per video driver (X11
 * when $DISPLAY names a running server, and SDL's offscreen driver),
 * handing each run the CLOCK_MONOTONIC time just before exec in
 * ROD_LAUNCH_NS, so that loading the program and its eighty libraries is
 * counted too. Prints the median, fastest and slowest time to the first
 * page on screen and the median of its parts (start-up to main, opening
 * the window and the book, the first frame). Settings and the library
 * live in a temporary folder shared by the runs, as a reader's are: the
 * first run catalogs the book, the rest open it as a reader reopens it.
 *
 *   build/bench/bench_launch BUILD/reader/rod BOOK [RUNS]
 */
#include <fcntl.h>
#include <string.h>

#include "bench_util.h"

enum { MAX_RUNS = 101 };

typedef struct sample {
    double total, startup, open, frame;
} sample;

/* One run; false when rod failed or printed no first-page line. */
static bool run_once(const char *rod, const char *book, const char *driver, sample *out)
{
    int fd[2];
    if (pipe(fd) != 0)
        return false;
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        dup2(fd[1], STDOUT_FILENO);
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0)
            dup2(null, STDERR_FILENO);
        setenv("SDL_VIDEODRIVER", driver, 1);
        char ns[32];
        clock_gettime(CLOCK_MONOTONIC, &t);
        snprintf(ns, sizeof ns, "%llu", (unsigned long long)t.tv_sec * 1000000000ull + (unsigned long long)t.tv_nsec);
        setenv("ROD_LAUNCH_NS", ns, 1);
        execl(rod, rod, "read", "--bench", "--pages", "10", "--size", "1920x1080", book, (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    char buf[8192];
    size_t len = 0;
    ssize_t got;
    while (len + 1 < sizeof buf && (got = read(fd[0], buf + len, sizeof buf - 1 - len)) > 0)
        len += (size_t)got;
    buf[len] = '\0';
    close(fd[0]);
    int status;
    waitpid(pid, &status, 0);
    const char *line = strstr(buf, "first page on screen:");
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 && line &&
           sscanf(line, "first page on screen: %lf ms after launch (start-up %lf, open and lay out %lf, "
                        "first frame %lf)", &out->total, &out->startup, &out->open, &out->frame) == 4;
}

static int by_total(const void *x, const void *y)
{
    double a = ((const sample *)x)->total, b = ((const sample *)y)->total;
    return a < b ? -1 : a > b;
}

static double median_of(const sample *s, size_t n, size_t field)
{
    double v[MAX_RUNS];
    for (size_t i = 0; i < n; i++)
        v[i] = field == 0 ? s[i].startup : field == 1 ? s[i].open : s[i].frame;
    for (size_t i = 1; i < n; i++)      /* insertion sort: n is small */
        for (size_t j = i; j > 0 && v[j - 1] > v[j]; j--) {
            double t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return v[n / 2];
}

static void measure(const char *rod, const char *book, const char *driver, int runs)
{
    sample s[MAX_RUNS];
    size_t n = 0;
    for (int i = 0; i < runs; i++)
        if (run_once(rod, book, driver, &s[n]))
            n++;
    if (n == 0) {
        printf("%-10s no run showed a page (is the driver usable here?)\n", driver);
        return;
    }
    qsort(s, n, sizeof *s, by_total);
    printf("%-10s first page %6.1f ms median (fastest %.1f, slowest %.1f; %zu runs) — start-up %.1f, "
           "window and book %.1f, first frame %.1f\n",
           driver, s[n / 2].total, s[0].total, s[n - 1].total, n, median_of(s, n, 0), median_of(s, n, 1),
           median_of(s, n, 2));
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s ROD_BINARY BOOK [RUNS]\n", argv[0]);
        return 2;
    }
    int runs = argc > 3 ? atoi(argv[3]) : 15;
    if (runs < 1 || runs > MAX_RUNS)
        runs = 15;
    char dir[] = "/tmp/rod-bench-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char path[512];
    snprintf(path, sizeof path, "%s/settings.conf", dir);
    setenv("ROD_CONFIG", path, 1);
    snprintf(path, sizeof path, "%s/library.db", dir);
    setenv("ROD_LIBRARY", path, 1);
    setenv("XDG_RUNTIME_DIR", dir, 1);
    printf("%s at 1920x1080, launched %d times per driver\n", argv[2], runs);
    const char *display = getenv("DISPLAY");
    if (display && *display)
        measure(argv[1], argv[2], "x11", runs);
    else
        printf("x11        skipped: no $DISPLAY (run under a desktop, or start Xvfb and set DISPLAY)\n");
    measure(argv[1], argv[2], "offscreen", runs);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : 1;
}
