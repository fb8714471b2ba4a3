/* rod_diag.h — error codes and the messages readers collect.
 *
 * Every function that can fail returns a rod_err and writes its results
 * through out-parameters. Messages about a file's content go into a
 * rod_diag: warnings for content that was recovered (an unknown element, a
 * broken image) and errors for a file that cannot be read at all. Each
 * carries the file name, line and column so the command line can print the
 * conventional `FILE:LINE:COL: error: message`.
 *
 * Ownership: a rod_diag is a value owned by the caller; ROD_DIAG_INIT sets
 * it up, rod_diag_free() releases the messages. `file` is borrowed and must
 * outlive the diag. A warning repeated with the same text is stored once
 * (with a count), and at most ROD_DIAG_MAX distinct messages are kept, so a
 * hostile file cannot fill memory with warnings. Every function taking a
 * rod_diag accepts NULL and then reports nothing.
 */
#ifndef ROD_DIAG_H
#define ROD_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum rod_err {
    ROD_OK = 0,
    ROD_ERR_INPUT,      /* the content is malformed or hostile: exit 1 */
    ROD_ERR_USAGE,      /* the caller asked for something impossible: exit 2 */
    ROD_ERR_IO,         /* a file could not be read or written: exit 3 */
    ROD_ERR_NOMEM,      /* out of memory: exit 3 */
} rod_err;

typedef enum rod_severity { ROD_WARNING, ROD_ERROR } rod_severity;

typedef struct rod_message {
    rod_severity severity;
    unsigned line, col;     /* 0 when unknown */
    unsigned count;         /* how many times it was reported */
    char *text;
    char *part;             /* member of a container file (EPUB), or NULL */
} rod_message;

enum { ROD_DIAG_MAX = 200 };

typedef struct rod_diag {
    const char *file;       /* borrowed; "-" for standard input */
    rod_message *items;
    size_t n, cap;
    size_t dropped;         /* messages past ROD_DIAG_MAX */
    size_t errors;
    /* Borrowed: the member of a container file (an EPUB's chapter) that
     * messages are about now, or NULL. Printed as `book.epub(part):L:C:`,
     * the convention of ar archives, and copied into each message. */
    const char *part;
} rod_diag;

#define ROD_DIAG_INIT(file_) {(file_), NULL, 0, 0, 0, 0, NULL}

void rod_diag_free(rod_diag *diag);

void rod_diag_add(rod_diag *diag, rod_severity sev, unsigned line, unsigned col,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
#define rod_warn(d, line, col, ...) rod_diag_add((d), ROD_WARNING, (line), (col), __VA_ARGS__)
#define rod_error(d, line, col, ...) rod_diag_add((d), ROD_ERROR, (line), (col), __VA_ARGS__)

/* Prints every message as `file:line:col: severity: text`, one a line. */
void rod_diag_print(const rod_diag *diag, FILE *out);

/* A short English phrase for an error code. */
const char *rod_err_str(rod_err err);

#endif
