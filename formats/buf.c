/* buf.c — growable byte buffer used by every writer and by the importers'
 * line assembly. Capacity doubles, so appending n bytes one at a time costs
 * O(n); the trailing NUL is kept in place after every append so callers can
 * print the contents without a copy.
 */
#include "rod_buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rod_mem.h"

void rod_buf_free(rod_buf *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
    buf->failed = false;
}

void rod_buf_clear(rod_buf *buf)
{
    buf->len = 0;
    if (buf->data)
        buf->data[0] = '\0';
}

bool rod_buf_reserve(rod_buf *buf, size_t extra)
{
    if (buf->failed)
        return false;
    if (extra > SIZE_MAX / 2 - buf->len) {
        buf->failed = true;
        return false;
    }
    size_t need = buf->len + extra + 1;
    if (need <= buf->cap)
        return true;
    size_t cap = buf->cap ? buf->cap : 256;
    while (cap < need)
        cap *= 2;
    char *data = realloc(buf->data, cap);
    if (!data) {
        buf->failed = true;
        return false;
    }
    buf->data = data;
    buf->cap = cap;
    rod_mem_large(data, cap);
    buf->data[buf->len] = '\0';   /* the contents are a string from the start */
    return true;
}

bool rod_buf_add(rod_buf *buf, const void *data, size_t len)
{
    if (!rod_buf_reserve(buf, len))
        return false;
    if (len)
        memcpy(buf->data + buf->len, data, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
    return true;
}

bool rod_buf_adds(rod_buf *buf, const char *s)
{
    return rod_buf_add(buf, s, strlen(s));
}

bool rod_buf_addc(rod_buf *buf, char c)
{
    if (buf->len + 1 >= buf->cap && !rod_buf_reserve(buf, 1))
        return false;
    buf->data[buf->len++] = c;
    buf->data[buf->len] = '\0';
    return true;
}

bool rod_buf_fill(rod_buf *buf, char c, size_t n)
{
    if (!rod_buf_reserve(buf, n))
        return false;
    memset(buf->data + buf->len, c, n);
    buf->len += n;
    buf->data[buf->len] = '\0';
    return true;
}

bool rod_buf_printf(rod_buf *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !rod_buf_reserve(buf, (size_t)n))
        return false;
    va_start(ap, fmt);
    vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    buf->len += (size_t)n;
    return true;
}

char *rod_buf_steal(rod_buf *buf, size_t *len)
{
    char *data = buf->data;
    if (len)
        *len = buf->len;
    buf->data = NULL;
    buf->len = buf->cap = 0;
    return data;
}

/* Which bytes need a reference: 1 in text and attributes, 2 only in
 * attributes. */
static const unsigned char special[256] = {
    ['&'] = 1, ['<'] = 1, ['>'] = 1, ['\r'] = 1, ['"'] = 2, ['\n'] = 2, ['\t'] = 2,
};

bool rod_buf_add_xml(rod_buf *out, const char *s, size_t n, bool attr)
{
    unsigned mask = attr ? 3 : 1;
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(special[(unsigned char)s[i]] & mask))
            continue;
        const char *rep;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\n': rep = "&#10;"; break;
        case '\t': rep = "&#9;"; break;
        default: rep = "&#13;"; break;
        }
        rod_buf_add(out, s + run, i - run);
        rod_buf_adds(out, rep);
        run = i + 1;
    }
    return rod_buf_add(out, s + run, n - run);
}

