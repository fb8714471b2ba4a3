/* cli.h — shared parts of the `rod` command line: exit codes, the
 * subcommands' entry points, and small helpers for printing messages.
 *
 * Every subcommand is `int cmd_NAME(int argc, char **argv)` with argv[0]
 * being the subcommand's name; it returns the process exit code. Messages
 * for people go to stderr; results (converted text, `info` lines) go to
 * stdout, so `rod convert book.rod - --to txt | less` works.
 */
#ifndef ROD_CLI_H
#define ROD_CLI_H

#include <stdbool.h>

#include "rod_diag.h"
#include "rod_doc.h"

enum {
    EXIT_OK = 0,
    EXIT_INPUT = 1,     /* a book could not be read: malformed or hostile */
    EXIT_USAGE = 2,     /* the command line was wrong */
    EXIT_IO = 3,        /* a file could not be opened, read or written */
};

int cmd_convert(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_paginate(int argc, char **argv);
int cmd_hyphenate(int argc, char **argv);

/* The exit code for an error from the formats layer. */
int cli_exit_code(rod_err err);
/* Combines two exit codes: the more serious one wins (IO > INPUT > OK). */
int cli_worse(int a, int b);

/* "rod: " + message on stderr, escaped for the terminal (rod_clean.h). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a usage error and a hint, returns EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Parses a positive integer option value; false (with a message) if bad. */
bool cli_parse_uint(const char *command, const char *option, const char *value,
                    unsigned max, unsigned *out);

/* "BLOCK:OFFSET" (decimal) into pos; false if malformed. */
bool cli_parse_pos(const char *s, rod_pos *pos);

/* Draws "[####....] done/total name" over the current stderr line. */
void cli_progress(size_t done, size_t total, const char *name);

struct rod_lib;
int cmd_library(int argc, char **argv);
/* Opens the library (path NULL: the default place); prints why not and
 * returns the exit code on failure, -1 on success. */
int cli_library_open(const char *path, struct rod_lib **out);
/* `rod library stats [BOOK]` on an open library (cmd_stats.c); an exit code. */
int cli_library_stats(struct rod_lib *lib, int argc, char **argv);
/* Takes --library PATH (anywhere on the line) out of argv into *path;
 * true when -h/--help was asked for instead. */
bool cli_library_args(int *argc, char **argv, const char **path);
/* Reads a book for the library commands, printing its warnings; -1 on
 * success or the exit code. *format gets the format's name. */
int cli_read_book(const char *path, rod_doc **doc, const char **format);
int cmd_annotations(int argc, char **argv);
/* `rod sync`: one exchange with the sync folder (cmd_sync.c). */
int cmd_sync(int argc, char **argv);
/* An exchange with the sync folder kept in the library, if there is one,
 * its warnings on stderr; rep (zeroed when there is none) is the caller's
 * to free with rod_sync_report_free. `rod library add` runs it first, so
 * a newer place from another device comes with the book. */
struct rod_sync_report;
void cli_sync_quietly(struct rod_lib *lib, struct rod_sync_report *rep);
/* Prints where the reading place of the text fp came from, if rep brought it. */
void cli_sync_place_note(const struct rod_sync_report *rep, const char *fp);
/* The reader window; launch_ms: time from the start of main(). */
int cmd_read(int argc, char **argv, double launch_ms);
/* `rod define WORD`: a word's entries in the installed dictionaries. */
int cmd_define(int argc, char **argv);

#endif
