/* base64.c — RFC 4648 base64 through nettle, with a small filter in front
 * of its decoder.
 *
 * nettle's decoder is strict: a character outside the alphabet, an `=`
 * before the last group, or a missing `=` is an error, and the whole
 * binary would be lost for one stray byte. Books are not so clean, and
 * the decoders people use forgive (Python's b64decode skips what is not
 * base64, GNU base64 -d -i likewise), so rod forgives the same way (see
 * rod_base64.h). The filter is three rules, applied a character at a time
 * before nettle's base64_decode_single sees it:
 *   - white space is skipped, and so is an `=` that stands where a group
 *     begins or after its first character (no padding can stand there);
 *     an `=` that nettle refuses later in a group (the bits before it are
 *     not zero, as a careless encoder leaves them) ends the data too;
 *   - a character nettle refuses is skipped and counted; after the padding
 *     that ends the data nettle refuses every base64 character, so the
 *     rest is ignored, as Python ignores it;
 *   - at the end, bits that make no whole byte are dropped: a missing `=`
 *     loses nothing, since padding carries no data.
 * nettle itself packs the bits; rod keeps no alphabet table of its own.
 * The turned-down alternative was stripping first and padding after, into
 * a copy of the text: one more pass and one more allocation per image.
 */
#include "rod_base64.h"

#include <string.h>

#include <nettle/base64.h>

bool rod_base64_encode(const void *data, size_t n, size_t line, rod_buf *out)
{
    size_t chars = BASE64_ENCODE_RAW_LENGTH(n);
    size_t breaks = line && chars ? (chars - 1) / line : 0;
    if (!rod_buf_reserve(out, chars + breaks + 1))
        return false;
    char *at = out->data + out->len;
    base64_encode_raw(at, n, data);
    /* spread the lines out from the back, so nothing is overwritten
     * before it has moved */
    for (size_t k = breaks; k > 0; k--) {
        size_t from = k * line, len = (k == breaks ? chars : from + line) - from;
        memmove(at + from + k, at + from, len);
        at[from + k - 1] = '\n';
    }
    out->len += chars + breaks;
    out->data[out->len] = '\0';
    return true;
}

size_t rod_base64_max(size_t n)
{
    return n / 4 * 3 + 3;
}

static bool space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

size_t rod_base64_decode(const char *s, size_t n, unsigned char *out, size_t *len)
{
    struct base64_decode_ctx ctx;
    base64_decode_init(&ctx);
    size_t o = 0, stray = 0, i = 0;
    unsigned group = 0;             /* characters of the current group taken */
    for (; i < n; i++) {
        char c = s[i];
        if (space(c) || (c == '=' && group < 2))
            continue;
        if (c == '-')
            c = '+';
        else if (c == '_')
            c = '/';
        int r = base64_decode_single(&ctx, out + o, c);
        if (r < 0 && c == '=')
            break;                  /* padding after bits that are not zero: the end */
        if (r < 0) {
            stray++;
            continue;
        }
        o += (size_t)r;
        group = (group + 1) & 3;
    }
    for (; i < n; i++)
        stray += !space(s[i]) && s[i] != '=';
    *len = o;
    return stray;
}
