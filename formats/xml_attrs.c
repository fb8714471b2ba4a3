/* xml_attrs.c — blanks the attributes past ROD_MAX_ATTRIBUTES of each
 * start tag before libxml2 parses the bytes (see xml_attrs.h for why).
 *
 * One forward pass over the input with a small tokenizer that knows only
 * what can hide a '<' that is not a tag: comments, CDATA sections,
 * processing instructions, declarations, and in HTML the raw text of
 * script and style. Inside a start tag it counts attributes the way both
 * of libxml2's parsers split them (a name, optionally '=' and a quoted
 * value, or in HTML an unquoted one). Nothing is copied until a tag is
 * found with too many, so a book pays one scan, which costs little next
 * to the parse itself. Where this tokenizer and libxml2 could disagree —
 * broken markup — the only effect is which bytes of an over-long tag are
 * blanked; an attribute that holds '<' is never blanked, so no markup can
 * be taken out with it.
 *
 * Turned down: checking in a SAX callback (libxml2 has spent the time
 * before the callback runs) and XML_PARSE_HUGE-style options (libxml2 2.9
 * has none that bounds attributes).
 */
#include "xml_attrs.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct scan {
    const char *data;
    size_t len;
    bool html;
    rod_diag *diag;
    char *copy;             /* made on the first tag with too many */
    bool failed;
    size_t line_at;         /* position counted up to, and its line */
    unsigned line;
} scan;

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool name_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
}

/* Position of `what` at or after i, or len. */
static size_t find(const scan *s, size_t i, const char *what)
{
    /* memchr and a compare rather than memmem: AddressSanitizer's memmem
     * checks the whole rest of the document on every call, which made
     * this scan quadratic in sanitizer builds */
    size_t n = strlen(what);
    while (i + n <= s->len) {
        const char *hit = memchr(s->data + i, what[0], s->len - i - n + 1);
        if (!hit)
            break;
        i = (size_t)(hit - s->data);
        if (memcmp(hit, what, n) == 0)
            return i;
        i++;
    }
    return s->len;
}

/* The end of HTML raw text: the "</name" that closes it, or len. */
static size_t raw_text_end(const scan *s, size_t i, const char *name)
{
    size_t n = strlen(name);
    for (;;) {
        i = find(s, i, "</");
        if (i + 2 + n > s->len)
            return s->len;
        if (!strncasecmp(s->data + i + 2, name, n))
            return i;
        i += 2;
    }
}

static void where(scan *s, size_t at, unsigned *line, unsigned *col)
{
    if (!s->line) {
        s->line = 1;
        s->line_at = 0;
    }
    for (size_t i = s->line_at; i < at; i++)
        if (s->data[i] == '\n')
            s->line++;
    s->line_at = at;
    size_t start = at;
    while (start > 0 && s->data[start - 1] != '\n')
        start--;
    *line = s->line;
    *col = (unsigned)(at - start) + 1;
}

static void blank(scan *s, size_t from, size_t to)
{
    if (!s->copy) {
        s->copy = malloc(s->len ? s->len : 1);
        if (!s->copy) {
            s->failed = true;
            return;
        }
        memcpy(s->copy, s->data, s->len);
    }
    for (size_t i = from; i < to; i++)
        if (s->copy[i] != '\n' && s->copy[i] != '\r')
            s->copy[i] = ' ';
}

/* A start tag at i ('<' then a name); returns the position after it. */
static size_t start_tag(scan *s, size_t i, bool *raw, char name_out[8])
{
    size_t tag = i++;
    size_t name = i;
    while (i < s->len && !is_space(s->data[i]) && s->data[i] != '>' && s->data[i] != '/')
        i++;
    size_t name_len = i - name;
    name_out[0] = '\0';
    if (name_len < 8) {
        memcpy(name_out, s->data + name, name_len);
        name_out[name_len] = '\0';
    }
    *raw = s->html && (!strcasecmp(name_out, "script") || !strcasecmp(name_out, "style"));
    size_t count = 0;
    while (i < s->len) {
        char c = s->data[i];
        if (is_space(c)) {
            i++;
            continue;
        }
        if (c == '>')
            break;
        if (c == '/' && i + 1 < s->len && s->data[i + 1] == '>')
            break;
        if (c == '<' && !s->html)
            break;          /* broken XML: libxml2 ends the tag here too */
        size_t attr = i;
        while (i < s->len && !is_space(s->data[i]) && s->data[i] != '=' && s->data[i] != '>' &&
               !(s->data[i] == '/' && i + 1 < s->len && s->data[i + 1] == '>'))
            i++;
        if (i == attr) {
            i++;            /* a stray '=' or '/': not an attribute */
            continue;
        }
        size_t j = i;
        while (j < s->len && is_space(s->data[j]))
            j++;
        if (j < s->len && s->data[j] == '=') {
            j++;
            while (j < s->len && is_space(s->data[j]))
                j++;
            if (j < s->len && (s->data[j] == '"' || s->data[j] == '\'')) {
                const char *q = memchr(s->data + j + 1, s->data[j], s->len - j - 1);
                j = q ? (size_t)(q - s->data) + 1 : s->len;
            } else {
                while (j < s->len && !is_space(s->data[j]) && s->data[j] != '>')
                    j++;
            }
            i = j;
        }
        if (++count > ROD_MAX_ATTRIBUTES && !memchr(s->data + attr, '<', i - attr))
            blank(s, attr, i);
    }
    if (count > ROD_MAX_ATTRIBUTES) {
        unsigned line, col;
        where(s, tag, &line, &col);
        rod_warn(s->diag, line, col, "<%.*s> has %zu attributes; rod reads the first %d and "
                 "leaves out the rest", (int)(name_len < 40 ? name_len : 40), s->data + name, count,
                 ROD_MAX_ATTRIBUTES);
    }
    return i < s->len ? i + 1 : s->len;
}

rod_err rod_xml_cap_attributes(const char *data, size_t len, bool html, rod_diag *diag,
                               char **out)
{
    *out = NULL;
    scan s = {.data = data, .len = len, .html = html, .diag = diag};
    size_t i = 0;
    while (i < len && !s.failed) {
        const char *lt = memchr(data + i, '<', len - i);
        if (!lt)
            break;
        i = (size_t)(lt - data);
        const char *p = data + i;
        size_t left = len - i;
        if (left >= 4 && !memcmp(p, "<!--", 4)) {
            i = find(&s, i + 4, "-->") + 3;
        } else if (left >= 9 && !memcmp(p, "<![CDATA[", 9)) {
            i = find(&s, i + 9, "]]>") + 3;
        } else if (left >= 2 && p[1] == '?') {
            i = find(&s, i + 2, "?>") + 2;
        } else if (left >= 2 && (p[1] == '!' || p[1] == '/')) {
            i = find(&s, i + 2, ">") + 1;
        } else if (left >= 2 && name_start((unsigned char)p[1])) {
            bool raw;
            char name[8];
            i = start_tag(&s, i, &raw, name);
            if (raw)
                i = raw_text_end(&s, i, name);
        } else {
            i++;            /* a '<' in HTML text */
        }
    }
    if (s.failed) {
        free(s.copy);
        return ROD_ERR_NOMEM;
    }
    *out = s.copy;
    return ROD_OK;
}
