/* utf8.c — UTF-8 for the whole of formats/: decoding, counting, repair.
 *
 * Importers meet arbitrary bytes, so the decoder is strict (no overlongs, no
 * surrogates) and total (every byte makes progress). The bit patterns are
 * ICU's (U8_NEXT and U8_APPEND_UNSAFE, macros that inline); what is rod's
 * is the rule that an invalid sequence costs one byte and one U+FFFD, and
 * what XML allows. ASCII is the common case in books and takes a
 * one-comparison fast path in the counters.
 */
#include "rod_utf8.h"

#include <unicode/utf8.h>

size_t rod_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
    const uint8_t *s = (const uint8_t *)str;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    int32_t at = 0, left = n > 4 ? 4 : (int32_t)n;
    UChar32 c;
    U8_NEXT(s, at, left, c);
    if (c < 0) {
        /* ICU steps over the longest malformed prefix; rod's rule is one
         * byte, so every bad byte counts (and costs) one character */
        *cp = ROD_REPLACEMENT;
        return 1;
    }
    *cp = (uint32_t)c;
    return (size_t)at;
}

size_t rod_utf8_encode(uint32_t cp, char out[4])
{
    size_t k = 0;
    U8_APPEND_UNSAFE(out, k, cp);
    return k;
}

bool rod_buf_add_cp(rod_buf *buf, uint32_t cp)
{
    char tmp[4];
    return rod_buf_add(buf, tmp, rod_utf8_encode(cp, tmp));
}

bool rod_utf8_valid(const char *s, size_t n, size_t *bad)
{
    size_t i = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t len = rod_utf8_decode(s + i, n - i, &cp);
        if (cp == ROD_REPLACEMENT && len == 1) {
            if (bad)
                *bad = i;
            return false;
        }
        i += len;
    }
    return true;
}

size_t rod_utf8_count(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += ((unsigned char)s[i] & 0xC0) != 0x80;
    return count;
}

size_t rod_utf8_byte_at(const char *s, size_t n, size_t offset)
{
    size_t i = 0;
    while (i < n && offset > 0) {
        uint32_t cp;
        i += rod_utf8_decode(s + i, n - i, &cp);
        offset--;
    }
    return i;
}

bool rod_xml_char_ok(uint32_t cp)
{
    if (cp < 0x20)
        return cp == 0x9 || cp == 0xA || cp == 0xD;
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return false;
    return cp != 0xFFFE && cp != 0xFFFF && cp <= 0x10FFFF;
}

/* Bytes at the start of s[0..n) that are valid UTF-8 of XML characters. */
static size_t clean_prefix(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t len = rod_utf8_decode(s + i, n - i, &cp);
        /* invalid input decodes as U+FFFD from one byte; a real one takes three */
        if ((cp == ROD_REPLACEMENT && len == 1) || !rod_xml_char_ok(cp))
            break;
        i += len;
    }
    return i;
}

bool rod_utf8_xml_clean(const char *s, size_t n)
{
    return clean_prefix(s, n) == n;
}

size_t rod_utf8_clean_len(const char *s, size_t n)
{
    return clean_prefix(s, n);
}

size_t rod_utf8_repair(const char *s, size_t n, rod_buf *out)
{
    size_t fixed = 0, run = 0, i = 0;
    rod_buf_reserve(out, n);
    while ((i += clean_prefix(s + i, n - i)) < n) {
        uint32_t cp;
        size_t len = rod_utf8_decode(s + i, n - i, &cp);
        rod_buf_add(out, s + run, i - run);
        if (cp == ROD_REPLACEMENT && len == 1)
            rod_buf_add_cp(out, ROD_REPLACEMENT);
        fixed++;
        i += len;
        run = i;
    }
    rod_buf_add(out, s + run, n - run);
    return fixed;
}
