/* rod_buf.h — a growable byte buffer, the output side of every writer.
 *
 * A rod_buf is a value the caller owns (usually on the stack); initialise it
 * with ROD_BUF_INIT and release its memory with rod_buf_free(). The data is
 * always NUL-terminated after any successful append, so it can be used as a
 * C string when it holds no NUL bytes.
 *
 * Errors: appends return false when memory runs out; the buffer then keeps
 * what it had and stays valid, and `failed` is set so a writer can append
 * many pieces and check once at the end.
 *
 * Sharp edge: appending may move `data`; never keep a pointer into a buffer
 * across an append.
 */
#ifndef ROD_BUF_H
#define ROD_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct rod_buf {
    char *data;
    size_t len;
    size_t cap;
    bool failed;
} rod_buf;

#define ROD_BUF_INIT {NULL, 0, 0, false}

void rod_buf_free(rod_buf *buf);
void rod_buf_clear(rod_buf *buf);
bool rod_buf_reserve(rod_buf *buf, size_t extra);
bool rod_buf_add(rod_buf *buf, const void *data, size_t len);
bool rod_buf_adds(rod_buf *buf, const char *s);
bool rod_buf_addc(rod_buf *buf, char c);
bool rod_buf_printf(rod_buf *buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* n copies of c. */
bool rod_buf_fill(rod_buf *buf, char c, size_t n);

/* Appends s[0..n) escaped for XML or HTML: & < > always; in attribute
 * values (attr) also " and the white space an attribute would fold
 * (LF, TAB, CR) as character references. */
bool rod_buf_add_xml(rod_buf *buf, const char *s, size_t n, bool attr);

/* Hands the buffer's memory to the caller (free() it); the buffer is empty
 * afterwards. Returns NULL if nothing was ever appended. */
char *rod_buf_steal(rod_buf *buf, size_t *len);

#endif
