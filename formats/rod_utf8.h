/* rod_utf8.h — UTF-8 decoding, counting and repair.
 *
 * Positions in a book count Unicode scalar values (spec §2), so every module
 * that turns a byte index into an offset goes through here. Nothing here
 * allocates except the functions that append to a rod_buf.
 *
 * Errors: decoding never fails; an invalid sequence decodes as U+FFFD and
 * consumes one byte, so a loop over hostile bytes always advances.
 */
#ifndef ROD_UTF8_H
#define ROD_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rod_buf.h"

#define ROD_REPLACEMENT 0xFFFDu

/* Decodes the scalar value at s[0..n), n > 0. Stores it in *cp and returns
 * the bytes used (1..4). Overlong forms, surrogates and values past U+10FFFF
 * are invalid: *cp = U+FFFD and the return is 1. */
size_t rod_utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Writes cp as UTF-8 to out and returns the length (1..4). cp must be a
 * scalar value. */
size_t rod_utf8_encode(uint32_t cp, char out[4]);
bool rod_buf_add_cp(rod_buf *buf, uint32_t cp);

/* True when s[0..n) is entirely valid UTF-8; otherwise *bad (if not NULL)
 * gets the byte index of the first invalid sequence. */
bool rod_utf8_valid(const char *s, size_t n, size_t *bad);

/* Number of scalar values in s[0..n) (invalid bytes count one each). */
size_t rod_utf8_count(const char *s, size_t n);

/* Byte index of the code point with index `offset`; n if offset >= count. */
size_t rod_utf8_byte_at(const char *s, size_t n, size_t offset);

/* True for characters XML 1.0 allows in a document. */
bool rod_xml_char_ok(uint32_t cp);

/* True when s[0..n) is valid UTF-8 holding only XML characters, i.e.
 * when rod_utf8_repair would change nothing. */
bool rod_utf8_xml_clean(const char *s, size_t n);
/* The bytes at the start of s[0..n) that are clean in that sense: n when
 * all are, else the index of the first thing rod_utf8_repair would fix. */
size_t rod_utf8_clean_len(const char *s, size_t n);

/* Appends s[0..n) to out as valid UTF-8 holding only XML characters:
 * invalid sequences become U+FFFD, disallowed control characters are
 * dropped. Returns how many were replaced or dropped. */
size_t rod_utf8_repair(const char *s, size_t n, rod_buf *out);

#endif
