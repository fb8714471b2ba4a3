/* txt_decode.c — turns the bytes of a plain-text file into clean UTF-8.
 *
 * Plain text carries no declaration of its encoding, so it is guessed:
 * a BOM decides (UTF-8, UTF-16 LE/BE); otherwise text that is valid UTF-8
 * is UTF-8, and anything else is read as Windows-1252, the superset of
 * Latin-1 that old Gutenberg and Windows texts use. Bytes 0x80–0x9F are C1
 * controls in Latin-1 and never appear in real text, so reading Latin-1 as
 * 1252 loses nothing. Line ends become LF and characters XML cannot carry
 * are dropped, so the rest of the importer sees only valid text.
 */
#include "txt_internal.h"

#include <string.h>

#include "rod_utf8.h"

static void utf16_to_utf8(const unsigned char *s, size_t n, bool big_endian, rod_buf *out)
{
    for (size_t i = 0; i + 1 < n; i += 2) {
        uint32_t u = big_endian ? (uint32_t)(s[i] << 8 | s[i + 1]) : (uint32_t)(s[i + 1] << 8 | s[i]);
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
            uint32_t lo = big_endian ? (uint32_t)(s[i + 2] << 8 | s[i + 3])
                                     : (uint32_t)(s[i + 3] << 8 | s[i + 2]);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            } else {
                u = ROD_REPLACEMENT;
            }
        } else if (u >= 0xD800 && u <= 0xDFFF) {
            u = ROD_REPLACEMENT;
        }
        rod_buf_add_cp(out, u);
    }
}

/* UTF-8 with a few damaged bytes stays UTF-8 (they get repaired); text
 * where broken sequences are common is a single-byte encoding. */
static bool mostly_utf8(const char *s, size_t n)
{
    size_t good = 0, bad = 0;
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t len = rod_utf8_decode(s + i, n - i, &cp);
        if (len == 1)
            bad++;
        else
            good++;
        i += len;
    }
    return bad == 0 || good >= 8 * bad;
}

const char *txt_decode(const char *data, size_t len, rod_buf *out, rod_diag *diag)
{
    const unsigned char *u = (const unsigned char *)data;
    rod_buf raw = ROD_BUF_INIT;
    const char *encoding;
    const char *src = data;
    size_t n = len;

    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        src += 3;
        n -= 3;
        encoding = "UTF-8";
    } else if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        utf16_to_utf8(u + 2, len - 2, u[0] == 0xFE, &raw);
        src = raw.data ? raw.data : "";
        n = raw.len;
        encoding = u[0] == 0xFE ? "UTF-16BE" : "UTF-16LE";
    } else if (mostly_utf8(data, len)) {
        encoding = "UTF-8";
    } else {
        rod_cp1252_to_utf8(data, len, &raw);
        src = raw.data ? raw.data : "";
        n = raw.len;
        encoding = "Windows-1252";
    }

    /* Line ends to LF while repairing: CRLF and lone CR both end a line. */
    rod_buf repaired = ROD_BUF_INIT;
    size_t fixed = rod_utf8_repair(src, n, &repaired);
    if (out->len == 0 && repaired.data && !repaired.failed && !memchr(repaired.data, '\r', repaired.len)) {
        /* no CR at all (the common case): hand the buffer over */
        rod_buf_free(out);
        *out = repaired;
        repaired = (rod_buf)ROD_BUF_INIT;
    }
    rod_buf_reserve(out, repaired.len);
    const char *s = repaired.data ? repaired.data : "";
    for (size_t i = 0; i < repaired.len; i++) {
        if (s[i] == '\r') {
            rod_buf_addc(out, '\n');
            if (i + 1 < repaired.len && s[i + 1] == '\n')
                i++;
        } else {
            /* copy a run up to the next CR at once */
            const char *cr = memchr(s + i, '\r', repaired.len - i);
            size_t end = cr ? (size_t)(cr - s) : repaired.len;
            rod_buf_add(out, s + i, end - i);
            i = end - 1;
        }
    }
    if (fixed)
        rod_warn(diag, 0, 0, "%zu characters that are not valid %s text were replaced or dropped",
                 fixed, encoding);
    rod_buf_free(&repaired);
    rod_buf_free(&raw);
    return encoding;
}
