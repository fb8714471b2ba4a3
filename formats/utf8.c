/* utf8.c — the one place that knows UTF-8's bit patterns.
 *
 * Importers meet arbitrary bytes, so the decoder is strict (no overlongs, no
 * surrogates) and total (every byte makes progress). ASCII is the common
 * case in books and takes a one-comparison fast path in the counters.
 */
#include "rod_utf8.h"

size_t rod_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2; v = c & 0x1F; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3; v = c & 0x0F; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4; v = c & 0x07; min = 0x10000;
    } else {
        *cp = ROD_REPLACEMENT;
        return 1;
    }
    if (n < len) {
        *cp = ROD_REPLACEMENT;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = ROD_REPLACEMENT;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = ROD_REPLACEMENT;
        return 1;
    }
    *cp = v;
    return len;
}

size_t rod_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
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

/* 0x80..0x9F in Windows-1252; the rest of the upper half equals Latin-1. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
    0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

void rod_cp1252_to_utf8(const char *s, size_t n, rod_buf *out)
{
    rod_buf_reserve(out, n + n / 8);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80)
            rod_buf_addc(out, (char)c);
        else if (c < 0xA0)
            rod_buf_add_cp(out, cp1252_high[c - 0x80]);
        else
            rod_buf_add_cp(out, c);
    }
}
