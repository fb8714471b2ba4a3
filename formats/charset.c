/* charset.c — every document's bytes decoded to clean UTF-8 in one place,
 * before libxml2 parses them (see charset.h).
 *
 * libxml2 converts declared encodings itself, through iconv, but stops at
 * the first byte the converter refuses: a windows-1251 FictionBook with one
 * 0x98 (unassigned there) kept its first eleven paragraphs of a thousand,
 * and printed iconv's complaints to stderr. Here ICU's converters (ucnv)
 * are driven by hand, told to stop at every byte they refuse: it becomes
 * U+FFFD, is counted for the one warning, and the conversion goes on
 * after it. The parser is then told to ignore the declaration
 * (XML_PARSE_IGNORE_ENC), since the text it gets is UTF-8. ICU rather than
 * iconv because ICU's tables are the ones the rest of rod's text handling
 * uses, they are the same on every system, and ICU names what uchardet
 * detects (charset_detect.c).
 *
 * The common case costs one scan: UTF-8 that is already clean is handed
 * back as it is, with no copy (a 64 MB .rod is not duplicated).
 */
#include "charset.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucnv.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "rod_utf8.h"

bool charset_mostly_utf8(const char *s, size_t n)
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

static bool space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool charset_blank(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        bool le = u[0] == 0xFF;
        if (n % 2)
            return false;
        for (size_t i = 2; i < n; i += 2)
            if (u[i + le] != 0 || !space(u[i + !le]))
                return false;
        return true;
    }
    for (size_t i = 0; i < n;) {
        if (i + 3 <= n && u[i] == 0xEF && u[i + 1] == 0xBB && u[i + 2] == 0xBF)
            i += 3;
        else if (space(u[i]))
            i++;
        else
            return false;
    }
    return true;
}

static void note(charset_fixes *fixes, size_t at, size_t count)
{
    if (!count)
        return;
    if (!fixes->count || at < fixes->first)
        fixes->first = at;
    fixes->count += count;
}

void charset_repair(const char *data, size_t len, rod_buf *out, charset_fixes *fixes)
{
    size_t clean = rod_utf8_clean_len(data, len);
    size_t at = out->len + clean;
    if (clean == len) {
        rod_buf_add(out, data, len);
        return;
    }
    note(fixes, at, rod_utf8_repair(data, len, out));
}

/* Appends n UTF-16 units to out as UTF-8 (ICU's converters never give a
 * lone surrogate: a refused one arrives as the U+FFFD put in below). */
static void add_utf16(rod_buf *out, const UChar *u, int32_t n)
{
    if (n <= 0 || !rod_buf_reserve(out, 3 * (size_t)n + 1))
        return;
    UErrorCode err = U_ZERO_ERROR;
    int32_t len = 0;
    u_strToUTF8WithSub(out->data + out->len, (int32_t)(out->cap - out->len - 1), &len, u, n,
                       (UChar32)ROD_REPLACEMENT, NULL, &err);
    if (U_SUCCESS(err) || err == U_STRING_NOT_TERMINATED_WARNING)
        out->len += (size_t)len;
    else
        out->failed = true;
}

/* add_utf16, but from a legacy encoding a C1 control (U+0080..U+009F) is
 * a byte the encoding leaves unassigned: ICU maps those to C1 as Windows
 * does (0x98 in windows-1251 is U+0098), iconv refuses them, and no real
 * text holds them. Each becomes U+FFFD, counted. */
static void add_units(rod_buf *out, const UChar *u, int32_t n, bool legacy, charset_fixes *fixes)
{
    int32_t from = 0;
    for (int32_t i = 0; legacy && i < n; i++) {
        if (u[i] < 0x80 || u[i] > 0x9F)
            continue;
        add_utf16(out, u + from, i - from);
        note(fixes, out->len, 1);
        rod_buf_add_cp(out, ROD_REPLACEMENT);
        from = i + 1;
    }
    add_utf16(out, u + from, n - from);
}

/* False for the Unicode encodings (UTF-8, -16, -32 and kin). */
static bool is_legacy(const UConverter *cv)
{
    switch (ucnv_getType(cv)) {
    case UCNV_UTF8: case UCNV_UTF16_BigEndian: case UCNV_UTF16_LittleEndian:
    case UCNV_UTF32_BigEndian: case UCNV_UTF32_LittleEndian: case UCNV_UTF7: case UCNV_UTF16:
    case UCNV_UTF32: case UCNV_CESU8: case UCNV_SCSU: case UCNV_BOCU1: case UCNV_IMAP_MAILBOX:
        return false;
    default:
        return true;
    }
}

/* ICU's converter for a declared name. ISO-8859-1 and ASCII are read as
 * windows-1252, their superset, as browsers read them (WHATWG's Encoding
 * standard): 0x80..0x9F in such a file are 1252's quotes and dashes. */
static UConverter *open_converter(const char *encoding)
{
    UErrorCode err = U_ZERO_ERROR;
    const char *canonical = ucnv_getAlias(encoding, 0, &err);
    if (U_SUCCESS(err) && canonical &&
        (!strcmp(canonical, "ISO-8859-1") || !strcmp(canonical, "US-ASCII")))
        encoding = "windows-1252";
    err = U_ZERO_ERROR;
    UConverter *cv = ucnv_open(encoding, &err);
    return U_SUCCESS(err) ? cv : NULL;
}

bool charset_convert(const char *data, size_t len, const char *encoding, rod_buf *out,
                     charset_fixes *fixes)
{
    UConverter *cv = open_converter(encoding);
    if (!cv)
        return false;
    UErrorCode err = U_ZERO_ERROR;
    bool legacy = is_legacy(cv);
    /* stop at every byte the converter refuses, so that the U+FFFD for it
     * is put in here, counted and placed */
    ucnv_setToUCallBack(cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
    size_t start = out->len;
    charset_fixes mine = {0};
    const char *in = data, *end = data + len, *stuck = NULL;
    enum { CHUNK = 8192 };
    UChar units[CHUNK];
    int32_t carried = 0;            /* a lead surrogate waiting for its trail */
    rod_buf_reserve(out, len + len / 2 + 16);
    while (!out->failed && U_SUCCESS(err)) {
        UChar *t = units + carried;
        err = U_ZERO_ERROR;
        ucnv_toUnicode(cv, &t, units + CHUNK, &in, end, NULL, true, &err);
        int32_t got = (int32_t)(t - units);
        carried = got > 0 && err == U_BUFFER_OVERFLOW_ERROR && U16_IS_LEAD(units[got - 1]);
        add_units(out, units, got - carried, legacy, &mine);
        if (carried)
            units[0] = units[got - 1];
        if (err == U_BUFFER_OVERFLOW_ERROR) {
            err = U_ZERO_ERROR;
            continue;
        }
        if (err == U_INVALID_CHAR_FOUND || err == U_ILLEGAL_CHAR_FOUND ||
            err == U_TRUNCATED_CHAR_FOUND) {
            /* one U+FFFD for the sequence ICU refused (a byte in the
             * single-byte encodings, a code unit in UTF-16) */
            note(&mine, out->len, 1);
            rod_buf_add_cp(out, ROD_REPLACEMENT);
            err = U_ZERO_ERROR;
            if (in == stuck)
                break;              /* refused twice at one place: ICU gives up */
            stuck = in;
            continue;
        }
        break;                      /* done, or ICU failed: keep what came */
    }
    ucnv_close(cv);
    if (out->failed)
        return true;
    out->data[out->len] = '\0';
    /* the converted text is valid UTF-8, but may hold characters XML forbids */
    size_t n = out->len - start;
    if (rod_utf8_clean_len(out->data + start, n) < n) {
        rod_buf tmp = ROD_BUF_INIT;
        rod_buf_add(&tmp, out->data + start, n);
        out->len = start;
        if (!tmp.failed)
            charset_repair(tmp.data, tmp.len, out, &mine);
        else
            out->failed = true;
        rod_buf_free(&tmp);
    }
    note(fixes, mine.first, mine.count);
    return true;
}

void charset_warn(rod_diag *diag, const char *text, size_t n, const charset_fixes *fixes,
                  const char *encoding)
{
    if (!fixes->count)
        return;
    unsigned line = 1, col = 1;
    size_t end = fixes->first < n ? fixes->first : n;
    for (size_t i = 0; i < end; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= end || text[i + 1] != '\n'))) {
            line++;
            col = 1;
        } else if ((c & 0xC0) != 0x80) {
            col++;
        }
    }
    rod_warn(diag, line, col, "%zu %s not valid %s text %s replaced or dropped (the first "
             "here)", fixes->count, fixes->count == 1 ? "character that is" : "characters that are",
             encoding, fixes->count == 1 ? "was" : "were");
}

/* ---- finding the encoding ------------------------------------------------ */

/* Copies an encoding name starting at p (after optional quotes). */
static bool name_at(const char *p, const char *end, char name[64])
{
    while (p < end && (*p == '=' || isspace((unsigned char)*p)))
        p++;
    if (p < end && (*p == '"' || *p == '\''))
        p++;
    size_t k = 0;
    while (p < end && k < 63 && *p && (isalnum((unsigned char)*p) || strchr("-_.:()", *p)))
        name[k++] = *p++;
    name[k] = '\0';
    return k > 0;
}

/* The encoding the XML declaration names, if it names one. */
static bool xml_declared(const char *s, size_t n, char name[64])
{
    if (n < 6 || memcmp(s, "<?xml", 5) != 0)
        return false;
    const char *end = memchr(s, '>', n < 512 ? n : 512);
    if (!end)
        return false;
    for (const char *p = s + 5; p + 8 < end; p++)
        if (!memcmp(p, "encoding", 8))
            return name_at(p + 8, end, name);
    return false;
}

/* The charset a <meta> in the first kilobyte names (HTML's prescan). */
static bool meta_declared(const char *s, size_t n, char name[64])
{
    size_t head = n < 1024 ? n : 1024;
    for (size_t i = 0; i + 5 < head; i++) {
        if (s[i] != '<' || strncasecmp(s + i + 1, "meta", 4) != 0)
            continue;
        const char *end = memchr(s + i, '>', head - i);
        if (!end)
            return false;
        for (const char *p = s + i + 5; p + 7 < end; p++)
            if (!strncasecmp(p, "charset", 7))
                return name_at(p + 7, end, name);
    }
    return false;
}

rod_err charset_document(const char *data, size_t len, charset_kind kind, rod_buf *out,
                         const char **text, size_t *n, rod_diag *diag)
{
    const unsigned char *u = (const unsigned char *)data;
    const char *body = data;
    size_t blen = len;
    const char *encoding = NULL;        /* NULL: UTF-8 */
    char declared[64] = "";
    /* a byte-order mark, or UTF-16 betrayed by "<?" (XML 1.0, appendix F) */
    static const struct { const char *bytes; size_t n, bom; const char *encoding; } marks[] = {
        {"\xEF\xBB\xBF", 3, 3, NULL}, {"\xFF\xFE\0\0", 4, 4, "UTF-32LE"},
        {"\0\0\xFE\xFF", 4, 4, "UTF-32BE"}, {"\xFF\xFE", 2, 2, "UTF-16LE"},
        {"\xFE\xFF", 2, 2, "UTF-16BE"}, {"<\0?\0", 4, 0, "UTF-16LE"}, {"\0<\0?", 4, 0, "UTF-16BE"},
    };
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (len >= marks[i].n && !memcmp(u, marks[i].bytes, marks[i].n)) {
            body += marks[i].bom;
            blen -= marks[i].bom;
            encoding = marks[i].encoding;
            break;
        }
    if (!encoding && (xml_declared(body, blen, declared) ||
                      (kind == CHARSET_HTML && meta_declared(body, blen, declared)))) {
        if (!strncasecmp(declared, "UTF-16", 6) || !strncasecmp(declared, "UTF-32", 6) ||
            !strncasecmp(declared, "UCS-", 4)) {
            rod_warn(diag, 1, 1, "the document says it is %s, but its bytes are not; read as "
                     "UTF-8", declared);
        } else if (strcasecmp(declared, "UTF-8") != 0 && strcasecmp(declared, "UTF8") != 0) {
            encoding = declared;
        }
    }
    if (!encoding && kind == CHARSET_HTML && !declared[0])
        encoding = charset_guess(body, blen);
    charset_fixes fixes = {0};
    if (encoding) {
        if (charset_convert(body, blen, encoding, out, &fixes))
            goto done;
        rod_warn(diag, 1, 1, "the document is in the encoding '%s', which rod does not know; "
                 "read as UTF-8", encoding);
        encoding = NULL;
    }
    if (rod_utf8_clean_len(body, blen) == blen) {
        *text = body;
        *n = blen;
        return ROD_OK;
    }
    charset_repair(body, blen, out, &fixes);
done:
    if (out->failed)
        return ROD_ERR_NOMEM;
    *text = out->data ? out->data : "";
    *n = out->len;
    charset_warn(diag, *text, *n, &fixes, encoding ? encoding : "UTF-8");
    return ROD_OK;
}
