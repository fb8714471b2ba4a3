/* link.c — the one rule for the links a book keeps (rod_link.h).
 *
 * Readers hand every href they find to rod_links_clean() just before the
 * book is finished, and writers check rod_link_ok() before writing one, so
 * the rule lives here alone. It is an allow-list, not a block-list: an
 * outside link is kept only when it is http, https or mailto, because a
 * block-list of dangerous schemes (javascript:, vbscript:, data:, file:)
 * is always one spelling short. The spellings a browser would still
 * follow are closed the same way: the scheme must be the RFC 3986 one at
 * the very start (so "java\tscript:", "%6Aavascript:" and "\x01javascript:"
 * have none and are refused), case does not matter ("JaVaScRiPt:" is
 * javascript), and entities were decoded by the parser before we see the
 * text.
 *
 * "Valid" is what `rod validate` says: libxml2's XML Schema anyURI check,
 * the same code its RELAX NG validator runs for rod.rng, so a link kept
 * here never makes a .rod fail validation ("http://http://example.org/"
 * has an empty port and fails, so it is refused). On top of it a URI is
 * parsed to see that http and https have a host and mailto an address.
 * Printable characters a URI may not hold (space, quotes, braces...) are
 * percent-encoded rather than refused, as browsers do; non-ASCII letters
 * are kept as written (IRIs are common in books).
 */
#include "rod_link.h"

#include <libxml/uri.h>
#include <libxml/xmlschemastypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t types_once = PTHREAD_ONCE_INIT;

static void init_types(void)
{
    xmlSchemaInitTypes();
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Printable ASCII that anyURI maps away and HTML would encode. */
static bool needs_escape(unsigned char c)
{
    return c == ' ' || c == '<' || c == '>' || c == '"' || c == '\'' || c == '{' || c == '}' ||
           c == '|' || c == '\\' || c == '^' || c == '`';
}

/* Length of the scheme at s (before its ':'), or 0 when there is none. */
static size_t scheme_len(const char *s, size_t n)
{
    if (n == 0 || !is_alpha(s[0]))
        return 0;
    for (size_t i = 1; i < n; i++) {
        char c = s[i];
        if (c == ':')
            return i;
        if (!is_alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.')
            return 0;
    }
    return 0;
}

static bool scheme_is(const char *s, size_t n, const char *want)
{
    if (strlen(want) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((s[i] | 0x20) != want[i])
            return false;
    return true;
}

/* Does the libxml2 URI parser see the parts the scheme needs? Non-ASCII
 * bytes are percent-encoded for it, since it knows only RFC 3986. */
static bool has_parts(const char *uri, bool mailto)
{
    rod_buf ascii = ROD_BUF_INIT;
    for (const unsigned char *p = (const unsigned char *)uri; *p; p++) {
        if (*p >= 0x80)
            rod_buf_printf(&ascii, "%%%02X", *p);
        else
            rod_buf_addc(&ascii, (char)*p);
    }
    xmlURIPtr u = ascii.failed ? NULL : xmlParseURI(ascii.data);
    bool ok = u && (mailto ? u->path && u->path[0] : u->server && u->server[0]);
    xmlFreeURI(u);
    rod_buf_free(&ascii);
    return ok;
}

bool rod_link_any_uri(const char *s)
{
    if (!s)
        return false;
    pthread_once(&types_once, init_types);
    xmlSchemaTypePtr any = xmlSchemaGetBuiltInType(XML_SCHEMAS_ANYURI);
    return any && xmlSchemaValidatePredefinedType(any, (const xmlChar *)s, NULL) == 0;
}

rod_link_verdict rod_link_judge(const char *href, rod_buf *clean)
{
    if (clean)
        rod_buf_clear(clean);
    if (!href)
        return ROD_LINK_INVALID;
    while (is_space(*href))
        href++;
    size_t n = strlen(href);
    while (n && is_space(href[n - 1]))
        n--;
    if (n == 0)
        return ROD_LINK_INVALID;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)href[i] < 0x20 || href[i] == 0x7f)
            return ROD_LINK_INVALID;
    if (href[0] == '#') {
        if (n == 1)
            return ROD_LINK_INVALID;
        if (clean)
            rod_buf_add(clean, href, n);
        return ROD_LINK_INSIDE;
    }
    size_t s = scheme_len(href, n);
    if (s == 0)
        return ROD_LINK_RELATIVE;
    bool mailto = scheme_is(href, s, "mailto");
    if (!mailto && !scheme_is(href, s, "http") && !scheme_is(href, s, "https"))
        return ROD_LINK_SCHEME;

    rod_buf out = ROD_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)href[i];
        if (i < s)
            rod_buf_addc(&out, (char)(c | 0x20));
        else if (needs_escape(c))
            rod_buf_printf(&out, "%%%02X", c);
        else
            rod_buf_addc(&out, (char)c);
    }
    rod_link_verdict v = ROD_LINK_INVALID;
    if (!out.failed && out.data && rod_link_any_uri(out.data) && has_parts(out.data, mailto))
        v = ROD_LINK_OUTSIDE;
    if (v == ROD_LINK_OUTSIDE && clean)
        rod_buf_add(clean, out.data, out.len);
    rod_buf_free(&out);
    return v;
}

bool rod_link_inside(const char *ref)
{
    return ref && ref[0] == '#' && ref[1];
}

bool rod_link_ok(const char *ref)
{
    if (!ref)
        return false;
    rod_buf clean = ROD_BUF_INIT;
    rod_link_verdict v = rod_link_judge(ref, &clean);
    bool ok = (v == ROD_LINK_INSIDE || v == ROD_LINK_OUTSIDE) && clean.data &&
              strcmp(clean.data, ref) == 0;
    rod_buf_free(&clean);
    return ok;
}

const char *rod_link_why(rod_link_verdict v)
{
    switch (v) {
    case ROD_LINK_SCHEME: return "rod opens only http, https and mailto links";
    case ROD_LINK_RELATIVE: return "it leads to a file outside the book";
    case ROD_LINK_INVALID: return "it is not a valid absolute URI";
    default: return "";
    }
}

/* ---- the pass over a book ---- */

enum { SHOWN_ONE_BY_ONE = 5 };

typedef struct cleaner {
    rod_doc *doc;
    rod_diag *diag;
    rod_buf clean;
    size_t refused;
} cleaner;

/* The address as a message may show it: control characters as \xNN (a
 * terminal must not get them), cut at about 80 bytes on a character. */
static void shown(const char *s, rod_buf *out)
{
    rod_buf_clear(out);
    size_t i = 0;
    for (; s[i] && out->len < 80; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            rod_buf_printf(out, "\\x%02x", c);
        else
            rod_buf_addc(out, (char)c);
    }
    while (s[i] && ((unsigned char)s[i] & 0xC0) == 0x80)
        rod_buf_addc(out, s[i++]);
    if (s[i])
        rod_buf_adds(out, "...");
    if (!out->data)
        rod_buf_adds(out, "");
}

static void refuse(cleaner *c, const rod_node *n, const char *what, const char *why)
{
    if (c->refused++ >= SHOWN_ONE_BY_ONE)
        return;
    rod_buf s = ROD_BUF_INIT;
    shown(n->ref ? n->ref : "", &s);
    rod_warn(c->diag, n->line, 0, "%s '%s' is not kept: %s", what, s.data ? s.data : "", why);
    rod_buf_free(&s);
}

static void clean_node(cleaner *c, rod_node *n)
{
    rod_link_verdict v = rod_link_judge(n->ref, &c->clean);
    if (n->kind == ROD_A) {
        if (v == ROD_LINK_INSIDE || v == ROD_LINK_OUTSIDE) {
            if (c->clean.data && strcmp(c->clean.data, n->ref) != 0)
                n->ref = rod_doc_str(c->doc, c->clean.data);
            return;
        }
        refuse(c, n, "the link to", n->ref ? rod_link_why(v) : "it has no address");
        n->kind = ROD_SPAN;
        n->ref = NULL;
        return;
    }
    if (v == ROD_LINK_INSIDE) {
        if (c->clean.data && strcmp(c->clean.data, n->ref) != 0)
            n->ref = rod_doc_str(c->doc, c->clean.data);
        return;
    }
    if (n->kind == ROD_NOTEREF) {
        refuse(c, n, "the note reference to", "a note is in the book (\"#id\")");
        n->kind = ROD_SPAN;
        n->ref = NULL;
        return;
    }
    refuse(c, n, n->kind == ROD_COVER ? "the cover" : "the image",
           "an image must be one of the book's binaries (\"#id\"); it is left out");
    rod_node_unlink(n);
}

void rod_links_clean(rod_doc *doc, rod_diag *diag)
{
    cleaner c = {doc, diag, ROD_BUF_INIT, 0};
    for (rod_node *n = doc->root, *next; n; n = next) {
        next = rod_node_next_in(n, doc->root);
        if (n->kind == ROD_A || n->kind == ROD_NOTEREF || n->kind == ROD_IMAGE ||
            n->kind == ROD_COVER)
            clean_node(&c, n);
    }
    if (c.refused > SHOWN_ONE_BY_ONE)
        rod_warn(diag, 0, 0, "%zu links and images were not kept in all",
                 c.refused);
    rod_buf_free(&c.clean);
}
