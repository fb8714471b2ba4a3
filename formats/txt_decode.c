/* txt_decode.c — turns the bytes of a plain-text file into clean UTF-8.
 *
 * Plain text carries no declaration of its encoding, so it is guessed:
 * a BOM decides (UTF-8, UTF-16 LE/BE); otherwise charset_guess does
 * (UTF-16 by its zero bytes, UTF-8, else uchardet's statistics, else
 * windows-1252, the superset of Latin-1 that old Gutenberg and Windows
 * texts use). Line ends become LF and characters XML cannot carry
 * are dropped, so the rest of the importer sees only valid text; the
 * converting and repairing is charset.c's, shared with every XML reader,
 * and one warning names the line of the first byte it had to replace.
 */
#include "txt_internal.h"

#include <string.h>

#include "charset.h"
#include "rod_utf8.h"

const char *txt_decode(const char *data, size_t len, rod_buf *out, rod_diag *diag)
{
    const unsigned char *u = (const unsigned char *)data;
    const char *encoding;
    charset_fixes fixes = {0};
    rod_buf repaired = ROD_BUF_INIT;

    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        encoding = "UTF-8";
        charset_repair(data + 3, len - 3, &repaired, &fixes);
    } else if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        encoding = u[0] == 0xFE ? "UTF-16BE" : "UTF-16LE";
        charset_convert(data + 2, len - 2, encoding, &repaired, &fixes);
    } else if (!(encoding = charset_guess(data, len)) ||
               !charset_convert(data, len, encoding, &repaired, &fixes)) {
        /* UTF-8, or (ICU's data missing) the encoding cannot be opened */
        encoding = "UTF-8";
        charset_repair(data, len, &repaired, &fixes);
    }
    charset_warn(diag, repaired.data ? repaired.data : "", repaired.len, &fixes, encoding);

    /* Line ends to LF: CRLF and lone CR both end a line. */
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
    rod_buf_free(&repaired);
    return encoding;
}
