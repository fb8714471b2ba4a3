/* rod_base64.h — base64 (RFC 4648) for <binary> content and data URIs.
 *
 * Errors: rod_base64_decode returns false on a character outside the
 * alphabet or bad padding; white space anywhere is skipped, as XML
 * pretty-printing puts line breaks into binary elements.
 */
#ifndef ROD_BASE64_H
#define ROD_BASE64_H

#include <stdbool.h>
#include <stddef.h>

#include "rod_buf.h"

/* Appends the encoding of data[0..n); with line > 0 a line feed is put after
 * every `line` output characters (and none after the last). */
bool rod_base64_encode(const void *data, size_t n, size_t line, rod_buf *out);

/* Decodes s[0..n) into out[] which must hold rod_base64_max(n) bytes;
 * stores the decoded length in *len. */
bool rod_base64_decode(const char *s, size_t n, unsigned char *out, size_t *len);
size_t rod_base64_max(size_t n);

#endif
