/* base64.c — RFC 4648 base64. Decoding is lenient about white space (XML
 * binaries are wrapped) and strict about everything else, so a damaged
 * image is reported rather than decoded into garbage.
 */
#include "rod_base64.h"

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool rod_base64_encode(const void *data, size_t n, size_t line, rod_buf *out)
{
    const unsigned char *p = data;
    size_t col = 0;
    rod_buf_reserve(out, (n + 2) / 3 * 4 + (line ? n / line + 1 : 0));
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)p[i + 1] << 8;
        if (i + 2 < n)
            v |= p[i + 2];
        char q[4] = {
            alphabet[(v >> 18) & 63], alphabet[(v >> 12) & 63],
            i + 1 < n ? alphabet[(v >> 6) & 63] : '=',
            i + 2 < n ? alphabet[v & 63] : '=',
        };
        for (int k = 0; k < 4; k++) {
            if (line && col == line) {
                rod_buf_addc(out, '\n');
                col = 0;
            }
            rod_buf_addc(out, q[k]);
            col++;
        }
    }
    return !out->failed;
}

size_t rod_base64_max(size_t n)
{
    return n / 4 * 3 + 3;
}

static int value_of(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
}

bool rod_base64_decode(const char *s, size_t n, unsigned char *out, size_t *len)
{
    unsigned acc = 0;
    int bits = 0, pads = 0;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        if (c == '=') {
            pads++;
            continue;
        }
        int v = value_of(c);
        if (v < 0 || pads)
            return false;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)(acc >> bits);
        }
    }
    if (pads > 2)
        return false;
    *len = o;
    return true;
}
