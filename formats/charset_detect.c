/* charset_detect.c — the encoding of text that declares none: plain text,
 * and HTML without a byte-order mark, an XML declaration or a <meta>
 * charset (see charset_guess in charset.h).
 *
 * Three questions, cheapest first:
 *   1. UTF-16 without a mark. Every other encoding a book comes in has no
 *      NUL bytes in its text, but UTF-16 has one in the high byte of every
 *      ASCII-range character, and its spaces and line ends say the byte
 *      order (see utf16_pattern). uchardet does not look for this, so it
 *      is asked here first.
 *   2. UTF-8, when the high bytes are mostly valid sequences (a few
 *      damaged ones leave it UTF-8: they become U+FFFD).
 *   3. uchardet, Mozilla's statistical detector: byte-pair frequencies
 *      tell windows-1251 from KOI8-R, Shift_JIS from EUC-JP, and so on.
 *      It sees the lines holding bytes outside ASCII, 8 kB of them from
 *      the first megabyte (a licence header in English, or a Dutch text
 *      with an accent every few lines, tells it nothing, and it reads
 *      only 2 to 3 MB/s). It drops a candidate at the first byte that
 *      candidate leaves unassigned, so one stray 0xFF made a Hebrew
 *      windows-1255 text windows-1251; so the sample is cut into pieces
 *      of 1 kB or more that vote, and a strict
 *      majority of the pieces holding 64 bytes outside ASCII or more is
 *      the answer (a stray byte spoils only its own piece). Pieces with
 *      fewer do not vote (a Dutch Latin-1 text with an accent every 200
 *      bytes gave one random answer per piece); without a majority
 *      uchardet is asked about the whole sample. Text under 2 kB is one
 *      piece, and stays at uchardet's mercy.
 *      Its answer is named as ICU names it, since ICU converts it
 *      (charset.c); ISO-8859-1 is read as its superset windows-1252, as
 *      browsers do, since C1 controls never stand in real text. When it
 *      has no answer, or names something ICU cannot convert, the text is
 *      windows-1252, rod's guess before uchardet.
 * This is the one file that calls uchardet. Guessing from a list of
 * candidate encodings by hand (rod's way before) was turned down: it
 * knew UTF-8 and windows-1252 only, and read every Russian, Hebrew or
 * Japanese text that was not UTF-8 as Western European mojibake.
 */
#include "charset.h"

#include <string.h>

#include "rod_buf.h"

#include <unicode/ucnv.h>
#include <uchardet/uchardet.h>

enum {
    PATTERN_SPAN = 64 * 1024,       /* bytes looked at for UTF-16's zeros */
    DETECT_SPAN = 8 * 1024,         /* bytes uchardet sees (2 kB already
                                     * tell every encoding rod's tests name) */
    SCAN_SPAN = 1024 * 1024,        /* bytes looked through for those lines */
    PIECE_MIN = 1024,               /* each piece votes: see charset_guess */
    PIECES = DETECT_SPAN / PIECE_MIN,
    PIECE_VOTES = 64,               /* bytes outside ASCII a voting piece holds */
};

/* "UTF-16LE", "UTF-16BE" or NULL, from the white space: a tab, line end
 * or space is a zero byte beside 09, 0A, 0D or 20, after it in
 * little-endian, before it in big-endian. Zero bytes alone do not tell the
 * order (U+4E00, a common Chinese character, is 00 4E in little-endian),
 * but white space in the other order would be U+0A00 or U+2000, which text
 * never holds. */
static bool blank(unsigned char c)
{
    return c == 0x09 || c == 0x0A || c == 0x0D || c == 0x20;
}

static const char *utf16_pattern(const unsigned char *u, size_t n)
{
    size_t m = (n < PATTERN_SPAN ? n : PATTERN_SPAN) & ~(size_t)1;
    size_t le = 0, be = 0;
    for (size_t i = 0; i < m; i += 2) {
        le += u[i + 1] == 0 && blank(u[i]);
        be += u[i] == 0 && blank(u[i + 1]);
    }
    /* one unit in 256 is white space even in Chinese, with its lines */
    size_t units = m / 2;
    if (le >= 2 && le * 256 >= units && be * 4 <= le)
        return "UTF-16LE";
    if (be >= 2 && be * 256 >= units && le * 4 <= be)
        return "UTF-16BE";
    return NULL;
}

/* The name ICU's alias table spells as `name` (a static string, so the
 * guess outlives the detector), or NULL when ICU cannot convert it. */
static const char *icu_name(const char *name)
{
    if (!strcmp(name, "UHC"))
        name = "windows-949";       /* uchardet's name for Korean's Windows code page */
    UErrorCode err = U_ZERO_ERROR;
    const char *canonical = ucnv_getAlias(name, 0, &err);
    if (U_FAILURE(err) || !canonical)
        return NULL;
    uint16_t count = ucnv_countAliases(canonical, &err);
    for (uint16_t i = 0; U_SUCCESS(err) && i < count; i++) {
        const char *alias = ucnv_getAlias(canonical, i, &err);
        if (U_SUCCESS(err) && alias && !ucnv_compareNames(alias, name))
            return alias;
    }
    return canonical;
}

static const char *fallback(void)
{
    const char *name = icu_name("windows-1252");
    return name ? name : "windows-1252";
}

/* uchardet's answer for one piece, as ICU names it; NULL for none (or
 * ASCII, UTF-8 and ISO-8859-1, which the caller reads its own way). */
static const char *detect_piece(uchardet_t ud, const char *s, size_t n)
{
    uchardet_reset(ud);
    if (uchardet_handle_data(ud, s, n) != 0)
        return NULL;
    uchardet_data_end(ud);
    const char *name = uchardet_get_charset(ud);
    if (!name || !*name || !strcmp(name, "ASCII") || !strcmp(name, "UTF-8") ||
        !strcmp(name, "ISO-8859-1"))
        return NULL;
    return icu_name(name);
}


static size_t high_bytes(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += (unsigned char)s[i] >= 0x80;
    return k;
}

/* Where s[0..n) may be cut: after a byte below 0x40 (a space, a digit,
 * punctuation), which is never the second byte of a character in the
 * multi-byte encodings uchardet knows, nor any byte of one in the others.
 * The first such place at or after `from`, else n. */
static size_t cut_after(const char *s, size_t n, size_t from)
{
    while (from < n && (unsigned char)s[from] >= 0x40)
        from++;
    return from < n ? from + 1 : n;
}

/* The lines of s[0..n) that hold a byte outside ASCII, DETECT_SPAN of them
 * from the first SCAN_SPAN bytes, into sample: the evidence, without the
 * English around it (a line longer than what is left is cut where
 * cut_after may). */
static void gather(const char *s, size_t n, rod_buf *sample)
{
    size_t end = n < SCAN_SPAN ? n : SCAN_SPAN;
    for (size_t at = 0; at < end && sample->len < DETECT_SPAN && !sample->failed;) {
        const char *lf = memchr(s + at, '\n', end - at);
        size_t next = lf ? (size_t)(lf - s) + 1 : end;
        if (high_bytes(s + at, next - at)) {
            size_t take = next - at, room = DETECT_SPAN - sample->len;
            if (take > room) {
                take = 0;
                for (size_t c = cut_after(s + at, room, 0); c < room; c = cut_after(s + at, room, c))
                    take = c;
                if (!take)
                    break;
            }
            rod_buf_add(sample, s + at, take);
        }
        at = next;
    }
}

const char *charset_guess(const char *s, size_t n)
{
    const char *utf16 = utf16_pattern((const unsigned char *)s, n);
    if (utf16)
        return utf16;
    if (charset_mostly_utf8(s, n))
        return NULL;
    rod_buf sample = ROD_BUF_INIT;
    gather(s, n, &sample);
    uchardet_t ud = sample.failed ? NULL : uchardet_new();
    if (!ud) {
        rod_buf_free(&sample);
        return fallback();
    }
    const char *t = sample.data;
    size_t end = sample.len;
    /* the pieces; only those with enough letters outside ASCII to tell an
     * encoding vote */
    const char *votes[PIECES];
    size_t count[PIECES], kinds = 0, voters = 0;
    for (size_t at = 0; at < end && kinds < PIECES;) {
        size_t cut = end - at <= 2 * PIECE_MIN ? end : cut_after(t, end, at + PIECE_MIN);
        if (cut + PIECE_MIN / 2 >= end)
            cut = end;
        const char *name = cut - at < end && high_bytes(t + at, cut - at) >= PIECE_VOTES
                           ? detect_piece(ud, t + at, cut - at) : NULL;
        at = cut;
        if (!name)
            continue;
        voters++;
        size_t k = 0;
        while (k < kinds && votes[k] != name)
            k++;
        if (k == kinds) {
            votes[kinds] = name;
            count[kinds++] = 0;
        }
        count[k]++;
    }
    const char *found = NULL;
    for (size_t k = 0; k < kinds; k++)
        if (voters >= 2 && 2 * count[k] > voters)
            found = votes[k];           /* a strict majority needs no more */
    if (!found && end)
        found = detect_piece(ud, t, end);
    uchardet_delete(ud);
    rod_buf_free(&sample);
    return found ? found : fallback();
}
