/* clean.c — what characters text from outside may keep coming in, and how
 * text is shown on a terminal going out (rod_clean.h).
 *
 * Both rules live here so every door uses the same one: the command line's
 * --reader, --note and --tag, a .rodnotes import, the settings file's
 * reader name and the window's note editor all ask rod_clean_find or
 * rod_clean_field, and every command that prints a book's or a reader's
 * text prints it through rod_clean_term. Coming in, a character that is
 * not allowed becomes U+FFFD rather than vanishing, so a reader can see
 * that something was there; the door decides whether to refuse (the
 * command line, where the reader can retype) or to replace with a warning
 * (a file, where the annotation must not be lost). Turned down: stripping
 * escape sequences as a whole (ESC [ … m) — a parser of every terminal's
 * sequences is a guess, while refusing the control characters that start
 * them is exact.
 */
#include <stdlib.h>
#include <string.h>

#include "rod_clean.h"
#include "rod_utf8.h"

static bool is_bidi_control(uint32_t cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

static bool is_control(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

static bool allowed(uint32_t cp, rod_field kind)
{
    if (cp == '\t' || cp == '\n')
        return kind != ROD_FIELD_NAME;
    if (is_control(cp) || cp == 0xFFFE || cp == 0xFFFF)
        return false;
    return !is_bidi_control(cp) || kind == ROD_FIELD_QUOTE;
}

/* Decodes one character; *bad when the byte is not UTF-8. */
static size_t next(const char *s, size_t n, uint32_t *cp, bool *bad)
{
    size_t len = rod_utf8_decode(s, n, cp);
    *bad = *cp == ROD_REPLACEMENT && len == 1;
    return len;
}

bool rod_clean_find(const char *s, size_t n, rod_field kind, size_t *at, uint32_t *cp)
{
    for (size_t i = 0; i < n;) {
        uint32_t c;
        bool bad;
        size_t len = next(s + i, n - i, &c, &bad);
        if (bad || !allowed(c, kind)) {
            if (at)
                *at = i;
            if (cp)
                *cp = bad ? ROD_CLEAN_BAD_BYTE : c;
            return true;
        }
        i += len;
    }
    return false;
}

bool rod_clean_field(char **s, rod_field kind, size_t *replaced)
{
    if (replaced)
        *replaced = 0;
    if (!*s)
        return true;
    size_t n = strlen(*s);
    if (!rod_clean_find(*s, n, kind, NULL, NULL))
        return true;
    rod_buf out = ROD_BUF_INIT;
    size_t count = 0;
    for (size_t i = 0; i < n;) {
        uint32_t c;
        bool bad;
        size_t len = next(*s + i, n - i, &c, &bad);
        if (bad || !allowed(c, kind)) {
            rod_buf_add_cp(&out, ROD_REPLACEMENT);
            count++;
        } else {
            rod_buf_add(&out, *s + i, len);
        }
        i += len;
    }
    if (out.failed) {
        rod_buf_free(&out);
        return false;
    }
    free(*s);
    *s = rod_buf_steal(&out, NULL);
    if (replaced)
        *replaced = count;
    return *s != NULL;
}

void rod_clean_term(rod_buf *out, const char *s, size_t n)
{
    size_t run = 0, i = 0;
    while (i < n) {
        uint32_t c;
        bool bad;
        size_t len = next(s + i, n - i, &c, &bad);
        bool plain = !bad && !is_control(c) && !is_bidi_control(c);
        if (!plain) {
            rod_buf_add(out, s + run, i - run);
            if (c == '\t' || c == '\n')
                rod_buf_addc(out, ' ');
            else if (bad || c < 0x80)
                rod_buf_printf(out, "\\x%02x", (unsigned char)s[i]);
            else
                rod_buf_printf(out, "\\u%04x", (unsigned)c);
            run = i + len;
        }
        i += len;
    }
    rod_buf_add(out, s + run, n - run);
}

void rod_clean_print(FILE *f, const char *s, size_t n)
{
    if (!s)
        return;
    rod_buf out = ROD_BUF_INIT;
    rod_clean_term(&out, s, n);
    if (!out.failed && out.len)
        fwrite(out.data, 1, out.len, f);
    rod_buf_free(&out);
}

void rod_clean_puts(FILE *f, const char *s)
{
    rod_clean_print(f, s, s ? strlen(s) : 0);
}
