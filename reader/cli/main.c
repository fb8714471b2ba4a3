/* main.c — the `rod` command: finds the subcommand and hands over.
 *
 * One binary for everything (convert, info, validate, render, paginate,
 * the library and annotations, and later the reader window) so a user
 * installs one program and learns one `--help`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"

static const char usage[] =
    "usage: rod COMMAND [OPTIONS] [ARGS]\n"
    "       rod [BOOK]              the reader window: BOOK, or the library\n"
    "\n"
    "rod reads and converts books. Its own format is the isolinear rod text\n"
    "(.rod); it also reads EPUB, FictionBook, HTML and plain text, and writes\n"
    "EPUB, FictionBook, HTML, Markdown and plain text.\n"
    "\n"
    "Commands:\n"
    "  read [BOOK]               the reader window (also: rod BOOK); without a\n"
    "                            book (also: rod alone), the library\n"
    "  convert IN OUT            convert one book; formats follow the file names\n"
    "  convert --to FMT -o DIR FILE...\n"
    "                            convert many books into DIR, in parallel\n"
    "  info BOOK                 title, authors, language, counts, fingerprint\n"
    "  validate FILE.rod...      check files against the rod format\n"
    "  render BOOK [--page N]    draw a page as the reader shows it, to PNG\n"
    "  paginate BOOK [--stats]   page count, page starts, line quality\n"
    "  hyphenate [--lang TAG] WORD...\n"
    "                            where the layout may hyphenate each word\n"
    "  library add|list|remove|search|stats|check\n"
    "                            your books, reading positions, full-text search\n"
    "  annotations list|add|delete|export|import\n"
    "                            highlights, notes and bookmarks; export them for\n"
    "                            a discussion, exchange them with other readers\n"
    "  define WORD [--lang TAG]  a word's entries in the installed dictionaries\n"
    "  sync [--folder DIR]       notes and places in step with your other devices,\n"
    "                            through a folder Syncthing, git or rsync carries\n"
    "  help [COMMAND]            this text, or a command's own help\n"
    "\n"
    "Options:\n"
    "  -h, --help                show help (also after any command)\n"
    "  -V, --version             show the version\n"
    "\n"
    "Exit status: 0 success, 1 a book could not be read (malformed or hostile)\n"
    "or there is no display for the window, 2 the command line was wrong, 3 a\n"
    "file could not be opened or written.\n";

static double ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* When the process was started: now, or the CLOCK_MONOTONIC nanoseconds
 * a launcher wrote in ROD_LAUNCH_NS just before it ran rod (bench_launch
 * does, so `rod read --bench` counts loading the program and its
 * libraries as part of opening a book). */
static struct timespec launch_time(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    const char *env = getenv("ROD_LAUNCH_NS");
    char *end;
    unsigned long long ns = env ? strtoull(env, &end, 10) : 0;
    if (ns && *end == '\0' && ns <= (unsigned long long)t.tv_sec * 1000000000ull + (unsigned long long)t.tv_nsec) {
        t.tv_sec = (time_t)(ns / 1000000000ull);
        t.tv_nsec = (long)(ns % 1000000000ull);
    }
    return t;
}

int main(int argc, char **argv)
{
    struct timespec start = launch_time();
    /* libzip turns each member's DOS time into local time with mktime, and
     * glibc's mktime stats /etc/localtime on every call while TZ is unset;
     * naming that zone once spares a system call per member (an EPUB of
     * 100,000 chapters made 200,000). Set only when the user has not. */
    setenv("TZ", ":/etc/localtime", 0);
    /* `rod` alone: the library window, as `rod read` without a book */
    if (argc < 2)
        return cmd_read(argc, argv, ms_since(&start));
    const char *cmd = argv[1];
    struct stat st;
    /* `rod BOOK`: a file that is not a command name opens in the window */
    if (cmd[0] != '-' && stat(cmd, &st) == 0 && S_ISREG(st.st_mode) && strcmp(cmd, "read") != 0)
        return cmd_read(argc, argv, ms_since(&start));
    char *help_argv[3] = {NULL, "--help", NULL};
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
        fputs(usage, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("rod %s\n", ROD_VERSION);
        return EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0) {
        if (argc < 3) {
            fputs(usage, stdout);
            return EXIT_OK;
        }
        help_argv[0] = argv[2];
        argc = 2;
        argv = help_argv;
        cmd = argv[0];
    } else {
        argc--;
        argv++;
    }
    if (strcmp(cmd, "read") == 0)
        return cmd_read(argc, argv, ms_since(&start));
    if (strcmp(cmd, "convert") == 0)
        return cmd_convert(argc, argv);
    if (strcmp(cmd, "info") == 0)
        return cmd_info(argc, argv);
    if (strcmp(cmd, "validate") == 0)
        return cmd_validate(argc, argv);
    if (strcmp(cmd, "render") == 0)
        return cmd_render(argc, argv);
    if (strcmp(cmd, "paginate") == 0)
        return cmd_paginate(argc, argv);
    if (strcmp(cmd, "hyphenate") == 0)
        return cmd_hyphenate(argc, argv);
    if (strcmp(cmd, "library") == 0)
        return cmd_library(argc, argv);
    if (strcmp(cmd, "annotations") == 0 || strcmp(cmd, "notes") == 0)
        return cmd_annotations(argc, argv);
    if (strcmp(cmd, "define") == 0)
        return cmd_define(argc, argv);
    if (strcmp(cmd, "sync") == 0)
        return cmd_sync(argc, argv);
    fprintf(stderr, "rod: '%s' is not a rod command.\n\n%s", cmd, usage);
    return EXIT_USAGE;
}
