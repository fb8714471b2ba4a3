/* diag.c — collects warnings and errors with their place in the file.
 *
 * Readers report as they go; the command line prints at the end. Identical
 * messages are folded into one with a count because a damaged file tends to
 * repeat the same fault thousands of times, and the user needs the first
 * place and the total, not a screenful.
 */
#include "rod_diag.h"
#include "rod_clean.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void rod_diag_free(rod_diag *diag)
{
    for (size_t i = 0; i < diag->n; i++) {
        free(diag->items[i].text);
        free(diag->items[i].part);
    }
    free(diag->items);
    diag->items = NULL;
    diag->n = diag->cap = diag->dropped = diag->errors = 0;
}

void rod_diag_add(rod_diag *diag, rod_severity sev, unsigned line, unsigned col,
                  const char *fmt, ...)
{
    if (!diag)
        return;
    if (sev == ROD_ERROR)
        diag->errors++;
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);

    for (size_t i = 0; i < diag->n; i++) {
        rod_message *m = &diag->items[i];
        bool same_part = (!m->part && !diag->part) ||
                         (m->part && diag->part && strcmp(m->part, diag->part) == 0);
        if (m->severity == sev && same_part && strcmp(m->text, text) == 0) {
            m->count++;
            return;
        }
    }
    if (diag->n == ROD_DIAG_MAX) {
        diag->dropped++;
        return;
    }
    if (diag->n == diag->cap) {
        size_t cap = diag->cap ? diag->cap * 2 : 8;
        rod_message *items = realloc(diag->items, cap * sizeof *items);
        if (!items) {
            diag->dropped++;
            return;
        }
        diag->items = items;
        diag->cap = cap;
    }
    char *copy = strdup(text);
    char *part = diag->part ? strdup(diag->part) : NULL;
    if (!copy || (diag->part && !part)) {
        free(copy);
        free(part);
        diag->dropped++;
        return;
    }
    diag->items[diag->n++] = (rod_message){sev, line, col, 1, copy, part};
}

void rod_diag_print(const rod_diag *diag, FILE *out)
{
    const char *file = diag->file ? diag->file : "-";
    for (size_t i = 0; i < diag->n; i++) {
        const rod_message *m = &diag->items[i];
        const char *sev = m->severity == ROD_ERROR ? "error" : "warning";
        /* messages quote the file's own words: escaped (rod_clean.h) */
        rod_clean_puts(out, file);
        if (m->part) {
            fputc('(', out);
            rod_clean_puts(out, m->part);
            fputc(')', out);
        }
        if (m->line)
            fprintf(out, ":%u:%u: %s: ", m->line, m->col, sev);
        else
            fprintf(out, ": %s: ", sev);
        rod_clean_puts(out, m->text);
        if (m->count > 1)
            fprintf(out, " (%u times)", m->count);
        fputc('\n', out);
    }
    if (diag->dropped) {
        rod_clean_puts(out, file);
        fprintf(out, ": %zu more messages not shown\n", diag->dropped);
    }
}

const char *rod_err_str(rod_err err)
{
    switch (err) {
    case ROD_OK: return "success";
    case ROD_ERR_INPUT: return "malformed input";
    case ROD_ERR_USAGE: return "usage error";
    case ROD_ERR_IO: return "input/output error";
    case ROD_ERR_NOMEM: return "out of memory";
    }
    return "unknown error";
}
