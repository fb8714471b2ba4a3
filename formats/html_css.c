/* html_css.c — the two small things the HTML mapping needs from the world
 * around a chapter: which CSS selectors mean small capitals, and where a
 * relative link leads.
 *
 * CSS is not interpreted: a rule counts when its declarations hold
 * `font-variant: small-caps` (or font-variant-caps), and only the last
 * compound selector of each of its selectors is kept ("p span.sc" keeps
 * "span.sc"), unless it is a bare element name under a context
 * ("section.colophon a" is dropped, not widened to every "a"). That is
 * how books mark small capitals in practice; a full cascade would be a
 * browser's job and was turned down.
 */
#include <ctype.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "html_map.h"
#include "xml_tree.h"

static bool sets_small_caps(const char *decl, size_t n)
{
    for (size_t i = 0; i + 10 <= n; i++) {
        if (strncmp(decl + i, "small-caps", 10) != 0)
            continue;
        /* the property before it must be font-variant(-caps) or font */
        size_t j = i;
        while (j > 0 && decl[j - 1] != ';' && decl[j - 1] != '{')
            j--;
        while (j < i && isspace((unsigned char)decl[j]))
            j++;
        if (strncmp(decl + j, "font", 4) == 0)
            return true;
    }
    return false;
}

static void add_selector(html_map *m, const char *s, size_t n)
{
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    size_t start = n;
    while (start > 0 && !isspace((unsigned char)s[start - 1]) && s[start - 1] != '>' &&
           s[start - 1] != '+' && s[start - 1] != '~')
        start--;
    if (start == n || n - start > 120)
        return;
    /* under a context ("section[epub|type~=colophon] a"), a bare element
     * name kept alone would match that element everywhere: every link of
     * a Standard Ebooks book became small capitals, and no link */
    bool context = false;
    for (size_t k = 0; k < start && !context; k++)
        context = !isspace((unsigned char)s[k]);
    if (context && !memchr(s + start, '.', n - start) && !memchr(s + start, '[', n - start) &&
        !memchr(s + start, '#', n - start))
        return;
    char **caps = realloc(m->caps, (m->ncaps + 1) * sizeof *caps);
    if (!caps) {
        m->failed = true;
        return;
    }
    m->caps = caps;
    char *sel = strndup(s + start, n - start);
    if (!sel) {
        m->failed = true;
        return;
    }
    /* pseudo-classes and pseudo-elements cannot match a mapped element */
    char *colon = strchr(sel, ':');
    if (colon && !(colon > sel && colon[-1] == '\\') && !strchr(sel, '[')) {
        free(sel);
        return;
    }
    m->caps[m->ncaps++] = sel;
}

void html_map_css(html_map *m, const char *css, size_t len)
{
    size_t i = 0;
    while (i < len) {
        /* skip comments */
        if (i + 1 < len && css[i] == '/' && css[i + 1] == '*') {
            const char *end = NULL;
            for (size_t j = i + 2; j + 1 < len; j++)
                if (css[j] == '*' && css[j + 1] == '/') {
                    end = css + j;
                    break;
                }
            i = end ? (size_t)(end - css) + 2 : len;
            continue;
        }
        size_t sel = i;
        while (sel < len && isspace((unsigned char)css[sel]))
            sel++;
        /* a statement (@namespace, @import, @charset) ends at its ';', and
         * the rule after it is a rule of its own, not a part of it */
        if (sel < len && css[sel] == '@') {
            size_t k = sel;
            while (k < len && css[k] != ';' && css[k] != '{' && css[k] != '}')
                k++;
            if (k < len && css[k] == ';') {
                i = k + 1;
                continue;
            }
        }
        i = sel;
        while (i < len && css[i] != '{' && css[i] != '}')
            i++;
        if (i >= len)
            break;
        if (css[i] == '}') {
            i++;
            continue;
        }
        size_t sel_end = i++;
        /* @media and friends: step inside */
        const char *at = memchr(css + sel, '@', sel_end - sel);
        if (at) {
            continue;
        }
        size_t decl = i;
        while (i < len && css[i] != '}')
            i++;
        if (sets_small_caps(css + decl, i - decl)) {
            size_t a = sel;
            for (size_t j = sel; j <= sel_end; j++)
                if (j == sel_end || css[j] == ',') {
                    /* drop a comment left before the selector */
                    size_t k = a;
                    while (k < j && (isspace((unsigned char)css[k]) || css[k] == '}'))
                        k++;
                    add_selector(m, css + k, j - k);
                    a = j + 1;
                }
        }
        i++;
    }
}

void html_map_css_of(html_map *m, xmlDocPtr x)
{
    xmlNode *root = xmlDocGetRootElement(x);
    for (xmlNode *n = root; n; n = rod_xml_next(n, root)) {
        if (n->type == XML_ELEMENT_NODE && n->name &&
            strcasecmp((const char *)n->name, "style") == 0) {
            xmlChar *css = xmlNodeGetContent(n);
            if (css) {
                html_map_css(m, (const char *)css, strlen((const char *)css));
                xmlFree(css);
            }
        }
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool html_resolve(const char *base, const char *href, rod_buf *out)
{
    rod_buf_clear(out);
    while (*href && isspace((unsigned char)*href))
        href++;
    /* a scheme: letters, digits, + - . then ':' before any '/' */
    for (const char *p = href; *p && *p != '/' && *p != '#' && *p != '?'; p++)
        if (*p == ':')
            return false;
    rod_buf path = ROD_BUF_INIT;
    const char *hash = strchr(href, '#');
    size_t href_path = hash ? (size_t)(hash - href) : strlen(href);
    const char *q = memchr(href, '?', href_path);
    if (q)
        href_path = (size_t)(q - href);
    if (href_path == 0) {
        rod_buf_adds(&path, base);
    } else if (href[0] == '/') {
        rod_buf_add(&path, href + 1, href_path - 1);
    } else {
        const char *slash = strrchr(base, '/');
        if (slash)
            rod_buf_add(&path, base, (size_t)(slash - base) + 1);
        rod_buf_add(&path, href, href_path);
    }
    if (path.failed || !path.data) {
        rod_buf_free(&path);
        return false;
    }
    /* decode %XX, then fold . and .. segments */
    char *s = path.data;
    size_t w = 0;
    for (size_t r = 0; r < path.len; r++) {
        if (s[r] == '%' && r + 2 < path.len && hexval(s[r + 1]) >= 0 && hexval(s[r + 2]) >= 0) {
            s[w++] = (char)(hexval(s[r + 1]) * 16 + hexval(s[r + 2]));
            r += 2;
        } else {
            s[w++] = s[r];
        }
    }
    s[w] = '\0';
    /* fold the segments on a stack of (start, length) pairs */
    bool ok = true;
    size_t nseg = 0, capseg = 16;
    size_t (*segs)[2] = malloc(capseg * sizeof *segs);
    ok = segs != NULL;
    for (size_t i = 0; ok && i <= w;) {
        size_t j = i;
        while (j < w && s[j] != '/')
            j++;
        size_t n = j - i;
        if (n == 2 && s[i] == '.' && s[i + 1] == '.') {
            if (nseg == 0)
                ok = false;
            else
                nseg--;
        } else if (n > 0 && !(n == 1 && s[i] == '.')) {
            if (nseg == capseg) {
                void *more = realloc(segs, 2 * capseg * sizeof *segs);
                if (!more) {
                    ok = false;
                    break;
                }
                segs = more;
                capseg *= 2;
            }
            segs[nseg][0] = i;
            segs[nseg][1] = n;
            nseg++;
        }
        i = j + 1;
    }
    size_t len = 0;
    for (size_t k = 0; ok && k < nseg; k++) {
        if (k)
            s[len++] = '/';
        memmove(s + len, s + segs[k][0], segs[k][1]);
        len += segs[k][1];
    }
    free(segs);
    s[ok ? len : 0] = '\0';
    if (ok) {
        rod_buf_adds(out, s);
        if (hash)
            rod_buf_adds(out, hash);
    }
    rod_buf_free(&path);
    return ok && !out->failed;
}

bool html_is_block_name(const char *name)
{
    static const char *const names[] = {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li",
        "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
        "tfoot", "th", "thead", "tr", "ul",
    };
    size_t lo = 0, hi = sizeof names / sizeof names[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(name, names[mid]);
        if (c == 0)
            return true;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}
