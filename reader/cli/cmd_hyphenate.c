/* cmd_hyphenate.c — `rod hyphenate [--lang TAG] [WORD...]`: where the
 * layout would let each word take a hyphen, printed as "hy-phen-ation".
 *
 * The points are the layout engine's own (rod_layout_hyphenate, the same
 * call items.c makes), so a script can hold them against another
 * implementation of the pattern algorithm (tests/test_hyphen.sh holds
 * them against scripts/liang.py). Words come from the command line, or
 * without any, one per line from standard input; a line longer than the
 * buffer is an error rather than a word cut in two.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rod_layout.h"

static const char help[] =
    "usage: rod hyphenate [--lang TAG] [WORD...]\n"
    "\n"
    "Prints each WORD with a '-' wherever the layout may hyphenate it, as\n"
    "in `hy-phen-ation`, one word a line. Without words, reads one word a\n"
    "line from standard input. Words are UTF-8, in any case; a word with\n"
    "no points prints as it is.\n"
    "\n"
    "  --lang TAG       the language (en, de, fr, ru, nl, ...; default en)\n"
    "  -h, --help       this help\n";

enum { WORD_MAX = 1024 };

static void print_word(const char *lang, const char *w, size_t len)
{
    bool points[WORD_MAX];
    rod_layout_hyphenate(lang, w, len, points);
    for (size_t i = 0; i < len; i++) {
        putchar(w[i]);
        if (points[i])
            putchar('-');
    }
    putchar('\n');
}

int cmd_hyphenate(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"lang", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *lang = "en";
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(help, stdout);
            return EXIT_OK;
        }
        if (c == 'l') {
            lang = optarg;
            continue;
        }
        return cli_usage_error("hyphenate", "unknown option");
    }
    for (int i = optind; i < argc; i++) {
        size_t len = strlen(argv[i]);
        if (len >= WORD_MAX)
            return cli_usage_error("hyphenate", "a word longer than 1023 bytes");
        print_word(lang, argv[i], len);
    }
    if (optind < argc)
        return EXIT_OK;
    char line[WORD_MAX + 2];
    size_t lineno = 0;
    while (fgets(line, sizeof line, stdin)) {
        lineno++;
        size_t len = strcspn(line, "\r\n");
        if (len == strlen(line) && !feof(stdin)) {
            fprintf(stderr, "rod hyphenate: <stdin>:%zu: a line longer than %d bytes\n", lineno, WORD_MAX);
            return EXIT_INPUT;
        }
        if (len >= WORD_MAX) {
            fprintf(stderr, "rod hyphenate: <stdin>:%zu: a line longer than %d bytes\n", lineno, WORD_MAX - 1);
            return EXIT_INPUT;
        }
        print_word(lang, line, len);
    }
    return EXIT_OK;
}
