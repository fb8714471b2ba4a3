/* rod_base64.h — base64 (RFC 4648) for <binary> content and data URIs.
 *
 * Encoding is strict RFC 4648 with padding. Decoding reads what books
 * really hold the way common decoders do (GNU `base64 -d -i`, Python's
 * `base64.b64decode`): white space anywhere is skipped, as XML
 * pretty-printing wraps binaries; so is any other character outside the
 * alphabet, and an `=` where no padding can stand; padding that completes
 * the last group ends the data; missing padding is supplied. The URL-safe
 * `-` and `_` are read as `+` and `/`. Decoding never fails: it says how
 * many characters it skipped, so the caller can warn.
 *
 * Errors: encoding returns false when memory ran out (out->failed).
 */
#ifndef ROD_BASE64_H
#define ROD_BASE64_H

#include <stdbool.h>
#include <stddef.h>

#include "rod_buf.h"

/* Appends the encoding of data[0..n); with line > 0 a line feed is put after
 * every `line` output characters (and none after the last). */
bool rod_base64_encode(const void *data, size_t n, size_t line, rod_buf *out);

/* Decodes s[0..n) into out[], which must hold rod_base64_max(n) bytes, and
 * stores the decoded length in *len. Returns how many characters were
 * skipped that were neither white space nor `=` (stray characters, and
 * base64 after the padding that ended the data): 0 for clean base64. */
size_t rod_base64_decode(const char *s, size_t n, unsigned char *out, size_t *len);
size_t rod_base64_max(size_t n);

#endif
