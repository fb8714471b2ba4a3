/* cmd_stats.c — `rod library stats [BOOK]`: the reading statistics the
 * window's panel shows, on the command line.
 *
 * Without a book: the time read today and on each of the last seven UTC
 * days (all books), and the books finished with their dates. With one (an
 * id from `rod library list`, a path or a fingerprint): its time read,
 * pages, pages an hour, sessions and when it was finished. Seconds are
 * printed beside the readable times so scripts and tests can compare
 * exact figures. A thin file over readstats.c; nothing is computed here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "rod_clean.h"
#include "rod_library.h"

enum { WEEK = 7 };

/* "12 min (734 s)": the readable time, with the exact seconds for scripts. */
static void put_time(int64_t seconds)
{
    char dur[32];
    rod_lib_duration_text(seconds, dur, sizeof dur);
    if (seconds >= 60)
        printf("%s (%lld s)", dur, (long long)seconds);
    else
        fputs(dur, stdout);
}

/* The book named by an id, a path or a fingerprint. */
static rod_err find_book(rod_lib *lib, const char *arg, rod_lib_book *out, bool *found)
{
    *found = false;
    char *end;
    long long id = strtoll(arg, &end, 10);
    if (*arg && !*end) {
        rod_lib_book *books = NULL;
        size_t n = 0;
        rod_err err = rod_lib_list(lib, ROD_LIB_BY_TITLE, &books, &n);
        if (err != ROD_OK)
            return err;
        for (size_t i = 0; i < n && !*found; i++)
            if (books[i].id == id) {
                *out = books[i];
                memset(&books[i], 0, sizeof books[i]);
                *found = true;
            }
        rod_lib_books_free(books, n);
        return ROD_OK;
    }
    return rod_lib_find(lib, arg, arg, out, found);
}

static int book_stats(rod_lib *lib, const char *arg)
{
    rod_lib_book b;
    bool found = false;
    rod_err err = find_book(lib, arg, &b, &found);
    if (err != ROD_OK) {
        cli_error("%s", rod_lib_message(lib));
        return cli_exit_code(err);
    }
    if (!found) {
        cli_error("%s is not in the library", arg);
        return EXIT_USAGE;
    }
    rod_lib_book_stats s;
    err = rod_lib_book_stats_get(lib, b.fingerprint, &s);
    if (err != ROD_OK) {
        cli_error("%s", rod_lib_message(lib));
        rod_lib_book_clear(&b);
        return cli_exit_code(err);
    }
    char first[16], last[16], fin[16];
    rod_clean_puts(stdout, b.title);
    fputs("\n  time read       ", stdout);
    put_time(s.seconds);
    putchar('\n');
    printf("  pages turned    %lld\n", (long long)s.pages);
    printf("  pages an hour   %.1f\n", rod_lib_pages_per_hour(s.pages, s.seconds));
    printf("  progress        %.0f%%\n", b.progress * 100.0);
    if (s.sessions) {
        rod_lib_date_text(s.first, first, sizeof first);
        rod_lib_date_text(s.last, last, sizeof last);
        printf("  sessions        %zu (first %s, last %s)\n", s.sessions, first, last);
    } else {
        printf("  sessions        0\n");
    }
    if (s.finished) {
        rod_lib_date_text(s.finished, fin, sizeof fin);
        printf("  finished        %s\n", fin);
    } else {
        printf("  finished        no\n");
    }
    rod_lib_book_clear(&b);
    return EXIT_OK;
}

static int all_stats(rod_lib *lib)
{
    int64_t now = (int64_t)time(NULL), days[WEEK], week = 0;
    rod_err err = rod_lib_days_read(lib, now, WEEK, days);
    rod_lib_finished *fin = NULL;
    size_t nfin = 0;
    if (err == ROD_OK)
        err = rod_lib_finished_list(lib, &fin, &nfin);
    if (err != ROD_OK) {
        cli_error("%s", rod_lib_message(lib));
        return cli_exit_code(err);
    }
    for (size_t i = 0; i < WEEK; i++)
        week += days[i];
    char date[16];
    fputs("today          ", stdout);
    put_time(days[0]);
    fputs("\nlast 7 days    ", stdout);
    put_time(week);
    putchar('\n');
    for (size_t i = 0; i < WEEK; i++) {
        rod_lib_date_text(now - (int64_t)i * 86400, date, sizeof date);
        printf("  %s   ", date);
        put_time(days[i]);
        putchar('\n');
    }
    printf("finished       %zu book%s\n", nfin, nfin == 1 ? "" : "s");
    for (size_t i = 0; i < nfin; i++) {
        rod_lib_date_text(fin[i].at, date, sizeof date);
        printf("  %s   ", date);
        rod_clean_puts(stdout, fin[i].title);
        putchar('\n');
    }
    rod_lib_finished_free(fin, nfin);
    return EXIT_OK;
}

int cli_library_stats(rod_lib *lib, int argc, char **argv)
{
    if (argc > 1)
        return cli_usage_error("library", "stats: name one book at most");
    return argc == 1 ? book_stats(lib, argv[0]) : all_stats(lib);
}
