/* rod_clean.h — the characters text from outside may hold: one rule for
 * what a name, a note or a quote may keep when it comes in, and one for
 * how any text is shown on a terminal.
 *
 * Text that a reader typed, another reader's .rodnotes file, a settings
 * file or a book brings in can hold bytes that are not UTF-8, control
 * characters (C0, DEL, C1) that a terminal obeys (ESC [ 41 m paints it,
 * ESC ] 0 ; … BEL retitles it, U+009B is a CSI of its own) and bidi
 * overrides that make a name read backwards. Coming in, a field keeps
 * only what it means:
 *
 *   ROD_FIELD_NAME   a reader's name, a tag, an id: no control character
 *                    at all, no bidi embedding, override or isolate
 *                    (U+202A–U+202E, U+2066–U+2069)
 *   ROD_FIELD_TEXT   a note: tab and line feed (its paragraph break) too
 *   ROD_FIELD_QUOTE  words of a book: tab, line feed and bidi controls
 *                    (right-to-left text uses them)
 *
 * and nothing XML 1.0 cannot carry (U+FFFE, U+FFFF), so whatever rod
 * keeps it can write to a .rodnotes file and read back.
 *
 * Going out to a terminal, rod_clean_term shows every control character,
 * every bidi control and every byte that is not UTF-8 as a visible escape
 * (\x1b, \u009b, \u202e, \xff); a tab or line feed becomes a space, so a
 * field stays on its line.
 *
 *   size_t at; uint32_t cp;
 *   if (rod_clean_find(name, strlen(name), ROD_FIELD_NAME, &at, &cp))
 *       refuse("U+%04X at byte %zu", cp, at);
 *   rod_clean_print(stdout, title, strlen(title));
 *
 * Ownership: everything is borrowed; rod_clean_field replaces *s with a
 * malloc'd string. Errors: rod_clean_field returns false only when memory
 * runs out (then *s is unchanged).
 */
#ifndef ROD_CLEAN_H
#define ROD_CLEAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rod_buf.h"

typedef enum rod_field {
    ROD_FIELD_NAME,
    ROD_FIELD_TEXT,
    ROD_FIELD_QUOTE,
} rod_field;

/* The code point value reported for a byte that is not UTF-8. */
#define ROD_CLEAN_BAD_BYTE 0xFFFFFFFFu

/* True when s[0..n) holds a character the field may not keep: its byte
 * index goes to *at and its code point to *cp (ROD_CLEAN_BAD_BYTE for a
 * byte that is not UTF-8). Either pointer may be NULL. */
bool rod_clean_find(const char *s, size_t n, rod_field kind, size_t *at, uint32_t *cp);

/* Replaces in *s (NUL-terminated, may be NULL) each character the field
 * may not keep with U+FFFD; *replaced (may be NULL) gets how many. */
bool rod_clean_field(char **s, rod_field kind, size_t *replaced);

/* Appends s[0..n) to out as it may be shown on a terminal (see above). */
void rod_clean_term(rod_buf *out, const char *s, size_t n);
/* rod_clean_term straight to a stream; s may be NULL (prints nothing). */
void rod_clean_print(FILE *f, const char *s, size_t n);
/* rod_clean_print of a NUL-terminated string. */
void rod_clean_puts(FILE *f, const char *s);

#endif
