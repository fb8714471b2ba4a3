/* cli.c — helpers every subcommand uses: exit codes and message format.
 * Keeping them in one place keeps the promise the README makes about exit
 * codes (0 ok, 1 bad input, 2 usage, 3 I/O) true for every subcommand.
 */
#include "cli.h"
#include "rod_clean.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_exit_code(rod_err err)
{
    switch (err) {
    case ROD_OK: return EXIT_OK;
    case ROD_ERR_INPUT: return EXIT_INPUT;
    case ROD_ERR_USAGE: return EXIT_USAGE;
    case ROD_ERR_IO: return EXIT_IO;
    case ROD_ERR_NOMEM: return EXIT_IO;
    }
    return EXIT_IO;
}

static int rank(int code)
{
    switch (code) {
    case EXIT_OK: return 0;
    case EXIT_INPUT: return 1;
    case EXIT_USAGE: return 2;
    default: return 3;
    }
}

int cli_worse(int a, int b)
{
    return rank(a) >= rank(b) ? a : b;
}

void cli_error(const char *fmt, ...)
{
    /* a message quotes paths and a library's words: shown escaped, so
     * neither can drive the terminal (rod_clean.h) */
    char msg[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fputs("rod: ", stderr);
    rod_clean_puts(stderr, msg);
    fputc('\n', stderr);
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "rod %s: ", command);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry 'rod %s --help'.\n", command);
    va_end(ap);
    return EXIT_USAGE;
}

bool cli_parse_uint(const char *command, const char *option, const char *value,
                    unsigned max, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(value, &end, 10);
    if (errno || *end || end == value || v == 0 || v > max || value[0] == '-') {
        cli_usage_error(command, "%s wants a whole number from 1 to %u, not '%s'", option, max, value);
        return false;
    }
    *out = (unsigned)v;
    return true;
}

bool cli_parse_pos(const char *s, rod_pos *pos)
{
    char *end;
    if (s[0] < '0' || s[0] > '9')
        return false;
    errno = 0;
    unsigned long long b = strtoull(s, &end, 10);
    if (*end != ':' || errno)
        return false;
    const char *o = end + 1;
    if (o[0] < '0' || o[0] > '9')
        return false;
    unsigned long long off = strtoull(o, &end, 10);
    if (*end || errno)
        return false;
    pos->block = (size_t)b;
    pos->offset = (size_t)off;
    return true;
}

void cli_progress(size_t done, size_t total, const char *name)
{
    enum { WIDTH = 30 };
    size_t fill = total ? done * WIDTH / total : WIDTH;
    char bar[WIDTH + 1];
    memset(bar, '#', fill);
    memset(bar + fill, '.', WIDTH - fill);
    bar[WIDTH] = '\0';
    const char *base = name ? strrchr(name, '/') : NULL;
    fprintf(stderr, "\r[%s] %zu/%zu %-40.40s", bar, done, total,
            base ? base + 1 : name ? name : "");
    fflush(stderr);
}
