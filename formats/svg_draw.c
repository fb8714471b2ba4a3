/* svg_draw.c — an SVG made ready for the rasteriser rod draws with
 * (rod_svg.h: rod_svg_drawable).
 *
 * SDL2_image rasterises SVG with nanosvg, which knows shapes, paths,
 * gradients and the style attribute; of a <style> sheet, Debian's 2.6
 * applies class rules (".title-box") but not those naming an element
 * ("path { fill: #fff }", measured: tests/test_render.c), and it draws no
 * <image>. Standard Ebooks' covers need both: a painting as a JPEG data:
 * URI in an <image>, and "path { fill: #fff }" for the title's letters.
 * Drawn as nanosvg reads them, the cover was a dark box with black letters
 * on nothing. So before drawing:
 *   - each rule of a <style> sheet whose selectors are simple (`path`,
 *     `.title-box`, `rect.x`, `#id`, `*`, lists of them) is written into
 *     the style attribute of each element it selects, in order of
 *     specificity then of the sheet, before the element's own style (which
 *     still wins, as in CSS); rules with other selectors are left out;
 *   - each <image> holding a PNG, JPEG or GIF data: URI, with no transform
 *     on it or above it, is handed to the renderer with its box in the
 *     drawing's coordinates, to be drawn under the shapes (the renderer's
 *     limit: an image drawn after shapes would cover them in a browser).
 * The book's bytes do not change: this is done for each drawing, on a
 * copy. Nothing is fetched; the SVG was cleaned on import (svg_clean.c).
 */
#include "rod_svg.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rod_base64.h"
#include "xml_tree.h"

typedef struct css_rule {
    char *selector;         /* one simple selector */
    const char *decls;      /* borrowed from the sheet copy */
    int specificity;        /* 0 *, 1 tag, 10 class, 11 tag.class, 100 id */
    size_t order;
} css_rule;

typedef struct sheet {
    css_rule *rules;
    size_t n, cap;
    char **texts;           /* the sheets' text, owned */
    size_t ntexts;
    bool failed;
} sheet;

static char *trimmed(const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    char *r = malloc(n + 1);
    if (r) {
        memcpy(r, s, n);
        r[n] = '\0';
    }
    return r;
}

/* The specificity of a simple selector, or -1 when it is not one. */
static int simple(const char *sel)
{
    if (!strcmp(sel, "*"))
        return 0;
    if (sel[0] == '#')
        return strspn(sel + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") ==
                       strlen(sel + 1) && sel[1] ? 100 : -1;
    const char *dot = strchr(sel, '.');
    static const char name[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
    size_t tag = strspn(sel, name);
    if (dot && (size_t)(dot - sel) == tag && dot[1] && strspn(dot + 1, name) == strlen(dot + 1))
        return tag ? 11 : 10;
    return !dot && tag && tag == strlen(sel) ? 1 : -1;
}

/* Adds the rules of one sheet's text (comments stripped, @-rules left out). */
static void parse_sheet(sheet *sh, char *text)
{
    for (char *c = strstr(text, "/*"); c; c = strstr(c, "/*")) {
        char *e = strstr(c + 2, "*/");
        size_t n = e ? (size_t)(e + 2 - c) : strlen(c);
        memset(c, ' ', n);
    }
    for (char *p = text; *p && !sh->failed;) {
        char *open = strchr(p, '{');
        char *close = open ? strchr(open, '}') : NULL;
        if (!open || !close)
            break;
        *open = *close = '\0';
        const char *decls = open + 1;
        bool at_rule = strchr(p, '@') != NULL;
        for (char *sel = p; !at_rule && sel;) {
            char *comma = strchr(sel, ',');
            char *one = trimmed(sel, comma ? (size_t)(comma - sel) : strlen(sel));
            int spec = one ? simple(one) : -1;
            if (spec >= 0 && sh->n == sh->cap) {
                size_t cap = sh->cap ? sh->cap * 2 : 16;
                css_rule *v = realloc(sh->rules, cap * sizeof *v);
                if (!v) {
                    sh->failed = true;
                    spec = -1;
                } else {
                    sh->rules = v;
                    sh->cap = cap;
                }
            }
            if (spec >= 0) {
                sh->rules[sh->n] = (css_rule){one, decls, spec, sh->n};
                sh->n++;
            } else {
                free(one);
            }
            sel = comma ? comma + 1 : NULL;
        }
        p = close + 1;
    }
}

static bool selects(const css_rule *r, const xmlNode *el)
{
    const char *sel = r->selector;
    if (r->specificity == 0)
        return true;
    if (r->specificity == 100) {
        const char *id = rod_xml_attr(el, "id");
        return id && !strcmp(id, sel + 1);
    }
    const char *dot = strchr(sel, '.');
    size_t tag = dot ? (size_t)(dot - sel) : strlen(sel);
    if (tag && (strlen((const char *)el->name) != tag || strncmp((const char *)el->name, sel, tag)))
        return false;
    return !dot || rod_xml_has_word(rod_xml_attr(el, "class"), dot + 1);
}

static int by_weight(const void *a, const void *b)
{
    const css_rule *x = *(css_rule *const *)a, *y = *(css_rule *const *)b;
    if (x->specificity != y->specificity)
        return x->specificity < y->specificity ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Writes the rules selecting el into its style attribute, before its own. */
static void apply(sheet *sh, xmlNode *el, css_rule **match)
{
    size_t k = 0;
    for (size_t i = 0; i < sh->n; i++)
        if (selects(&sh->rules[i], el))
            match[k++] = &sh->rules[i];
    if (!k)
        return;
    qsort(match, k, sizeof *match, by_weight);
    rod_buf style = ROD_BUF_INIT;
    for (size_t i = 0; i < k; i++) {
        rod_buf_adds(&style, match[i]->decls);
        rod_buf_adds(&style, ";");
    }
    const char *own = rod_xml_attr(el, "style");
    if (own)
        rod_buf_adds(&style, own);
    if (style.failed) {
        sh->failed = true;
    } else {
        /* last among the attributes: nanosvg reads them in order */
        xmlAttr *old = xmlHasProp(el, (const xmlChar *)"style");
        if (old)
            xmlRemoveProp(old);
        if (!xmlNewProp(el, (const xmlChar *)"style", (const xmlChar *)style.data))
            sh->failed = true;
    }
    rod_buf_free(&style);
}

static double number(const xmlNode *el, const char *name)
{
    const char *v = rod_xml_attr(el, name);
    char *end;
    double x = v ? strtod(v, &end) : 0;
    return v && end != v && (!*end || !strcmp(end, "px")) ? x : 0;
}

static bool transformed(const xmlNode *el)
{
    for (; el && el->type == XML_ELEMENT_NODE; el = el->parent)
        if (rod_xml_attr(el, "transform"))
            return true;
    return false;
}

/* An <image>'s raster, when it holds one rod can place. */
static void add_raster(rod_svg_drawn *out, const xmlNode *el, bool *failed)
{
    const char *href = rod_xml_attr_any(el, "href");
    const char *comma = href ? strchr(href, ',') : NULL;
    double w = number(el, "width"), h = number(el, "height");
    if (!comma || strncasecmp(href, "data:image/", 11) != 0 ||
        !memmem(href, (size_t)(comma - href), ";base64", 7) || w <= 0 || h <= 0 || transformed(el))
        return;
    size_t n = strlen(comma + 1), len = 0;
    unsigned char *bytes = malloc(rod_base64_max(n) + 1);
    rod_svg_raster *v = bytes ? realloc(out->rasters, (out->nrasters + 1) * sizeof *v) : NULL;
    if (v)
        out->rasters = v;   /* the old block is gone: keep the new one */
    if (v)  /* skips what is not base64, as every caller does (rod_base64.h) */
        rod_base64_decode(comma + 1, n, bytes, &len);
    if (!v || len == 0) {
        *failed = !v;
        free(bytes);
        return;
    }
    out->rasters[out->nrasters++] = (rod_svg_raster){number(el, "x"), number(el, "y"), w, h, bytes, len};
}

rod_svg_status rod_svg_drawable(const void *data, size_t len, rod_svg_drawn *out)
{
    memset(out, 0, sizeof *out);
    rod_diag quiet = ROD_DIAG_INIT(NULL);
    xmlDocPtr x = NULL;
    rod_err err = rod_xml_tree(data, len, ROD_XML_STRICT, &quiet, &x);
    rod_diag_free(&quiet);
    if (err != ROD_OK)
        return err == ROD_ERR_NOMEM ? ROD_SVG_NOMEM : ROD_SVG_REFUSED;
    xmlNode *root = xmlDocGetRootElement(x);
    sheet sh = {0};
    bool failed = false;
    for (xmlNode *n = root; n && !sh.failed; n = rod_xml_next(n, root)) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!strcmp((const char *)n->name, "style")) {
            char *t = (char *)xmlNodeGetContent(n);
            char **v = t ? realloc(sh.texts, (sh.ntexts + 1) * sizeof *v) : NULL;
            if (!v) {
                xmlFree(t);
                sh.failed = true;
                break;
            }
            sh.texts = v;
            sh.texts[sh.ntexts++] = t;
            parse_sheet(&sh, t);
        } else if (!strcmp((const char *)n->name, "image")) {
            add_raster(out, n, &failed);
        }
    }
    css_rule **match = sh.n ? malloc(sh.n * sizeof *match) : NULL;
    for (xmlNode *n = root; n && match && !sh.failed; n = rod_xml_next(n, root))
        if (n->type == XML_ELEMENT_NODE)
            apply(&sh, n, match);
    free(match);
    const char *vb = root ? rod_xml_attr(root, "viewBox") : NULL;
    double box[4] = {0, 0, root ? number(root, "width") : 0, root ? number(root, "height") : 0};
    if (vb) {
        char *p = (char *)vb;
        for (int k = 0; k < 4; k++) {
            while (*p == ',' || isspace((unsigned char)*p))
                p++;
            box[k] = strtod(p, &p);
        }
    }
    out->vb_x = box[0];
    out->vb_y = box[1];
    out->vb_w = box[2];
    out->vb_h = box[3];
    rod_svg_status st = ROD_SVG_KEPT;
    if (sh.failed || failed) {
        st = ROD_SVG_NOMEM;
    } else if (sh.n) {
        xmlChar *mem = NULL;
        int size = 0;
        xmlDocDumpMemoryEnc(x, &mem, &size, "UTF-8");
        st = mem && size > 0 && rod_buf_add(&out->svg, mem, (size_t)size) ? ROD_SVG_CLEANED
                                                                            : ROD_SVG_NOMEM;
        xmlFree(mem);
    }
    for (size_t i = 0; i < sh.n; i++)
        free(sh.rules[i].selector);
    free(sh.rules);
    for (size_t i = 0; i < sh.ntexts; i++)
        xmlFree(sh.texts[i]);
    free(sh.texts);
    xmlFreeDoc(x);
    if (st == ROD_SVG_NOMEM)
        rod_svg_drawn_free(out);
    return st;
}

void rod_svg_drawn_free(rod_svg_drawn *d)
{
    for (size_t i = 0; i < d->nrasters; i++)
        free(d->rasters[i].data);
    free(d->rasters);
    rod_buf_free(&d->svg);
    memset(d, 0, sizeof *d);
}
