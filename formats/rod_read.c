/* rod_read.c — the .rod reader: libxml2's SAX2 parser straight into the
 * document tree.
 *
 * SAX rather than libxml2's tree API because a book would otherwise live
 * twice in memory (libxml2's tree, then ours) and the walk over the tree
 * costs as much as the parse. The parser (xml_sax.c) runs with every door
 * to the outside shut, so billion laughs and external entities (XXE) never
 * expand. Anything the file gets wrong but that can be understood is a
 * warning: an unknown or misplaced element is dropped but its text kept
 * in the enclosing element.
 *
 * Invariant: `cur` is always the node that receives the next child; each
 * open XML element has one stack frame that remembers whether it made a
 * node (and which `cur` to restore) or was transparent.
 */
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"
#include "rod_base64.h"
#include "rod_format.h"
#include "rod_link.h"
#include "rod_img.h"
#include "rod_svg.h"
#include "xml_sax.h"

#define ROD_NS "urn:isolinear:rod:1"

typedef struct frame {
    rod_node *node;         /* the node this element made, or NULL */
    rod_node *saved;        /* cur before the element opened */
} frame;

typedef struct reader {
    rod_sax sax;            /* first: the SAX handlers' ctx is the reader */
    rod_doc *doc;
    rod_diag *diag;
    rod_node *cur;
    frame *stack;
    size_t depth, cap;
    rod_buf text;           /* character data not yet stored */
    bool seen_root, seen_head, seen_body;
    bool pre_start;         /* a pre just opened: drop one leading LF */
    int in_pre;
} reader;

static unsigned cur_line(reader *r)
{
    return rod_sax_line(&r->sax);
}

static unsigned cur_col(reader *r)
{
    return rod_sax_col(&r->sax);
}

static void fail_nomem(reader *r)
{
    rod_sax_nomem(&r->sax);
}

/* Stops the parse: the file is not a book rod can read. */
static void refuse(reader *r)
{
    r->sax.refused = true;
    xmlStopParser(r->sax.ctxt);
}

/* (rod_node_has_inline_content looks at an item's children so far, so it
 * is asked last: an item of many children would make this quadratic.) */
static bool keeps_text(const rod_node *n)
{
    return rod_kind_is_inline(n->kind) || n->kind == ROD_PRE || n->kind == ROD_BINARY ||
           n->kind == ROD_ITEM || rod_node_has_inline_content(n);
}

/* Stores pending character data as a text child of cur. White space between
 * blocks is dropped here already: it can never be content. */
static void flush_text(reader *r)
{
    if (r->text.len == 0)
        return;
    const char *s = r->text.data;
    size_t n = r->text.len;
    if (r->pre_start && s[0] == '\n') {
        s++;
        n--;
    }
    r->pre_start = false;
    bool keep = keeps_text(r->cur);
    if (!keep) {
        for (size_t i = 0; i < n && !keep; i++)
            keep = !(s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r');
    }
    if (keep && n) {
        rod_node *t = rod_node_add_text(r->doc, r->cur, s, n);
        if (!t)
            fail_nomem(r);
        else if (!t->line)
            t->line = cur_line(r);
    }
    rod_buf_clear(&r->text);
}

static bool is_block(rod_kind k)
{
    switch (k) {
    case ROD_SECTION: case ROD_P: case ROD_BREAK: case ROD_QUOTE:
    case ROD_EPIGRAPH: case ROD_POEM: case ROD_PRE: case ROD_LIST:
    case ROD_IMAGE:
        return true;
    default:
        return false;
    }
}

static bool is_head_field(rod_kind k)
{
    return k >= ROD_SUBTITLE && k <= ROD_COVER;
}

/* May an element of kind `child` stand inside `parent`? */
static bool allowed(const rod_node *parent, rod_kind child)
{
    rod_kind p = parent->kind;
    if (child == ROD_TITLE)
        return p == ROD_HEAD || p == ROD_SECTION || p == ROD_POEM;
    if (child == ROD_CITE)
        return p == ROD_QUOTE || p == ROD_EPIGRAPH || p == ROD_POEM;
    if (child == ROD_STANZA)
        return p == ROD_POEM;
    if (child == ROD_LINE)
        return p == ROD_STANZA;
    if (child == ROD_ITEM)
        return p == ROD_LIST;
    if (child == ROD_NOTE)
        return p == ROD_NOTES;
    if (child == ROD_HEAD || child == ROD_BODY || child == ROD_NOTES || child == ROD_BINARY)
        return p == ROD_ROOT;
    if (is_head_field(child))
        return p == ROD_HEAD;
    if (rod_kind_is_inline(child))
        return p != ROD_PRE && p != ROD_BR && p != ROD_ROOT && p != ROD_HEAD &&
               (rod_kind_is_inline(p) || p == ROD_ITEM || rod_node_has_inline_content(parent));
    if (is_block(child)) {
        if (child == ROD_SECTION)
            return p == ROD_BODY || p == ROD_SECTION;
        return p == ROD_BODY || p == ROD_SECTION || p == ROD_NOTE || p == ROD_QUOTE ||
               p == ROD_EPIGRAPH || p == ROD_ITEM || p == ROD_DESCRIPTION;
    }
    return false;
}

static const char *attr_dup(reader *r, const xmlChar **a)
{
    char *v = rod_arena_alloc(r->doc->arena, (size_t)(a[4] - a[3]) + 1);
    if (v)
        rod_sax_value(a, v);
    return v;
}

/* @dir: only the format's three values (rod_dir), else a warning. */
static void set_dir(reader *r, rod_node *node, const xmlChar **a)
{
    char small[16];
    size_t n = (size_t)(a[4] - a[3]);
    rod_dir dir = ROD_DIR_NONE;
    if (n < sizeof small) {
        rod_sax_value(a, small);
        dir = strcmp(small, "ltr") == 0 ? ROD_DIR_LTR : strcmp(small, "rtl") == 0 ? ROD_DIR_RTL
            : strcmp(small, "auto") == 0 ? ROD_DIR_AUTO : ROD_DIR_NONE;
    }
    if (dir == ROD_DIR_NONE)
        rod_warn(r->diag, cur_line(r), cur_col(r), "dir on <%s> is not ltr, rtl or auto; ignored",
                 rod_kind_name(node->kind));
    node->dir = dir;
}

static void set_attributes(reader *r, rod_node *node, int nb, const xmlChar **attrs)
{
    for (int i = 0; i < nb; i++) {
        const xmlChar **a = attrs + 5 * i;
        const char *name = (const char *)a[0], *uri = (const char *)a[2];
        const char **slot = NULL;
        if (uri && strcmp(uri, (const char *)XML_XML_NAMESPACE) == 0) {
            if (strcmp(name, "lang") == 0)
                slot = &node->lang;
        } else if (uri) {
            continue;   /* other vocabularies' attributes are not ours */
        } else if (strcmp(name, "id") == 0) {
            slot = &node->id;
        } else if (strcmp(name, "dir") == 0) {
            set_dir(r, node, a);
            continue;
        } else {
            switch (node->kind) {
            case ROD_A:
                if (strcmp(name, "href") == 0) slot = &node->ref;
                break;
            case ROD_NOTEREF:
                if (strcmp(name, "to") == 0) slot = &node->ref;
                break;
            case ROD_IMAGE:
                if (strcmp(name, "src") == 0) slot = &node->ref;
                else if (strcmp(name, "alt") == 0) slot = &node->alt;
                break;
            case ROD_COVER:
                if (strcmp(name, "src") == 0) slot = &node->ref;
                break;
            case ROD_CREATOR:
                if (strcmp(name, "role") == 0) slot = &node->type;
                break;
            case ROD_IDENTIFIER:
                if (strcmp(name, "scheme") == 0) slot = &node->type;
                break;
            case ROD_LIST: case ROD_BINARY:
                if (strcmp(name, "type") == 0) slot = &node->type;
                break;
            case ROD_DATE:
                if (strcmp(name, "when") == 0) slot = &node->type;
                break;
            case ROD_SERIES:
                if (strcmp(name, "index") == 0) slot = &node->type;
                break;
            case ROD_ROOT:
                if (strcmp(name, "version") == 0) slot = &node->type;
                break;
            default:
                break;
            }
        }
        if (!slot) {
            rod_warn(r->diag, cur_line(r), cur_col(r), "attribute %s on <%s> is not part of the format; ignored",
                     name, rod_kind_name(node->kind));
            continue;
        }
        *slot = attr_dup(r, a);
        if (!*slot)
            fail_nomem(r);
    }
}

static bool push(reader *r, rod_node *node)
{
    if (r->depth == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        frame *stack = realloc(r->stack, cap * sizeof *stack);
        if (!stack) {
            fail_nomem(r);
            return false;
        }
        r->stack = stack;
        r->cap = cap;
    }
    r->stack[r->depth++] = (frame){node, r->cur};
    if (node)
        r->cur = node;
    return true;
}

static void start_root(reader *r, const char *name, const char *uri, int nb,
                       const xmlChar **attrs)
{
    r->seen_root = true;
    if (strcmp(name, "rod") != 0 || !uri || strcmp(uri, ROD_NS) != 0) {
        rod_error(r->diag, cur_line(r), cur_col(r),
                  "not an isolinear rod text: the root element is <%s>%s%s, not <rod> in namespace %s",
                  name, uri ? " in namespace " : " without a namespace", uri ? uri : "", ROD_NS);
        refuse(r);
        return;
    }
    rod_node *root = r->doc->root;
    set_attributes(r, root, nb, attrs);
    if (!root->type)
        rod_warn(r->diag, cur_line(r), cur_col(r), "<rod> has no version attribute; reading it as version 1");
    else if (strcmp(root->type, "1") != 0) {
        rod_error(r->diag, cur_line(r), cur_col(r),
                  "this is an isolinear rod text of version %s; rod reads version 1", root->type);
        refuse(r);
        return;
    }
    root->type = NULL;
    push(r, root);
}

/* Reuses the nodes rod_doc_new made for head, its title and body. */
static rod_node *node_for(reader *r, rod_kind kind)
{
    rod_doc *doc = r->doc;
    if (kind == ROD_HEAD && r->cur == doc->root && !r->seen_head) {
        r->seen_head = true;
        return doc->head;
    }
    if (kind == ROD_BODY && r->cur == doc->root && !r->seen_body) {
        r->seen_body = true;
        return doc->body;
    }
    if (kind == ROD_TITLE && r->cur == doc->head) {
        if (doc->title->first || doc->title->line) {
            rod_warn(r->diag, cur_line(r), cur_col(r), "a second <title> in <head>; its text is kept as a subtitle");
            return rod_node_add(doc, doc->head, ROD_SUBTITLE);
        }
        doc->title->line = cur_line(r);
        return doc->title;
    }
    if (kind == ROD_NOTES && r->cur == doc->root) {
        if (doc->notes)
            return doc->notes;  /* a second <notes> continues the first */
        return rod_doc_notes(doc);
    }
    if ((kind == ROD_HEAD || kind == ROD_BODY) && r->cur == doc->root) {
        rod_warn(r->diag, cur_line(r), cur_col(r), "a second <%s>; its content joins the first",
                 rod_kind_name(kind));
        return kind == ROD_HEAD ? doc->head : doc->body;
    }
    rod_node *node = rod_node_add(doc, r->cur, kind);
    if (node) {
        node->line = cur_line(r);
        node->col = cur_col(r);
    }
    return node;
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri, int nb_ns, const xmlChar **ns, int nb_attrs,
                     int nb_defaulted, const xmlChar **attrs)
{
    (void)prefix; (void)nb_ns; (void)ns; (void)nb_defaulted;
    reader *r = ctx;
    const char *name = (const char *)localname;
    if (rod_sax_stopped(&r->sax))
        return;
    flush_text(r);
    if (!r->seen_root) {
        start_root(r, name, (const char *)uri, nb_attrs, attrs);
        return;
    }
    bool ours = uri && strcmp((const char *)uri, ROD_NS) == 0;
    rod_kind kind = ours ? rod_kind_from_name(name) : ROD_KIND_COUNT;
    if (kind == ROD_KIND_COUNT || kind == ROD_ROOT || kind == ROD_TEXT) {
        rod_warn(r->diag, cur_line(r), cur_col(r),
                 "unknown element <%s%s%s>; its text is kept", prefix ? (const char *)prefix : "",
                 prefix ? ":" : "", name);
        push(r, NULL);
        return;
    }
    if (!allowed(r->cur, kind)) {
        rod_warn(r->diag, cur_line(r), cur_col(r), "<%s> is not allowed inside <%s>; its text is kept",
                 name, rod_kind_name(r->cur->kind));
        push(r, NULL);
        return;
    }
    if (kind == ROD_BODY && !r->seen_head)
        rod_warn(r->diag, cur_line(r), cur_col(r), "<body> comes before <head>");
    rod_node *node = node_for(r, kind);
    if (!node) {
        fail_nomem(r);
        return;
    }
    set_attributes(r, node, nb_attrs, attrs);
    if (kind == ROD_PRE) {
        r->in_pre++;
        r->pre_start = true;
    }
    push(r, node);
}

/* An SVG binary refers to nothing outside itself (ROD-FORMAT §1): a file
 * that breaks the rule is read with what leads outside taken out, one
 * that cannot be checked without it. False when bin was left out. */
static bool keep_svg(reader *r, rod_node *bin)
{
    rod_buf clean = ROD_BUF_INIT;
    rod_svg_report rep;
    rod_svg_status st = rod_svg_clean(bin->text, bin->len, &clean, &rep);
    bool kept = true;
    if (st == ROD_SVG_CLEANED) {
        char *t = rod_arena_alloc(r->doc->arena, clean.len);
        if (t) {
            memcpy(t, clean.data, clean.len);
            bin->text = t;
            bin->len = clean.len;
            if (rep.removed)
                rod_warn(r->diag, bin->line, bin->col, "<binary id=\"%s\"> is an SVG that "
                         "refers to what is outside it or could run (%zu times, first %s); "
                         "that was taken out, nothing was fetched", bin->id, rep.removed,
                         rep.first);
        } else {
            fail_nomem(r);
            kept = false;
        }
    } else if (st == ROD_SVG_NOMEM) {
        fail_nomem(r);
        kept = false;
    } else if (st == ROD_SVG_REFUSED) {
        rod_warn(r->diag, bin->line, bin->col, "<binary id=\"%s\"> is an SVG rod cannot "
                 "check: %s; it is left out", bin->id, rep.why);
        kept = false;
    }
    rod_buf_free(&clean);
    if (!kept)
        rod_node_unlink(bin);
    return kept;
}

static void finish_binary(reader *r, rod_node *bin)
{
    const char *b64 = "";
    size_t n = 0;
    if (bin->first && bin->first->kind == ROD_TEXT) {
        b64 = bin->first->text;
        n = bin->first->len;
    }
    unsigned char *data = rod_arena_alloc(r->doc->arena, rod_base64_max(n) + 1);
    size_t len = 0;
    if (!data) {
        fail_nomem(r);
        return;
    }
    bin->first = bin->last = NULL;
    size_t stray = rod_base64_decode(b64, n, data, &len);
    if (stray)
        rod_warn(r->diag, bin->line, 0, "<binary id=\"%s\"> holds %zu %s that %s not base64 "
                 "data; skipped", bin->id ? bin->id : "", stray,
                 stray == 1 ? "character" : "characters", stray == 1 ? "is" : "are");
    bin->text = (char *)data;
    bin->len = len;
    /* the bytes say what they are (rod_img.h): a binary that is no image
     * rod knows, or that nothing can name, is not kept; one too large to
     * draw is kept as it is (the book is the user's), but never decoded */
    rod_img_info info;
    rod_img_status st = rod_img_probe(data, len, &info);
    if (!bin->id || !info.type) {
        rod_warn(r->diag, bin->line, bin->col, "<binary%s%s%s> %s; it is left out",
                 bin->id ? " id=\"" : "", bin->id ? bin->id : "", bin->id ? "\"" : "",
                 bin->id ? "is not a PNG, JPEG, GIF or SVG image" : "has no id");
        rod_node_unlink(bin);
        return;
    }
    if (!bin->type || strcmp(bin->type, info.type) != 0)
        bin->type = info.type;
    if (info.kind == ROD_IMG_SVG && !keep_svg(r, bin))
        return;
    if (st != ROD_IMG_OK) {
        char why[200];
        rod_img_why(st, &info, len, why, sizeof why);
        rod_warn(r->diag, bin->line, bin->col, "<binary id=\"%s\"> is not drawn: %s", bin->id, why);
    }
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                   const xmlChar *uri)
{
    (void)localname; (void)prefix; (void)uri;
    reader *r = ctx;
    if (rod_sax_stopped(&r->sax) || r->depth == 0)
        return;
    flush_text(r);
    frame f = r->stack[--r->depth];
    if (f.node) {
        if (f.node->kind == ROD_PRE)
            r->in_pre--;
        else if (f.node->kind == ROD_BINARY)
            finish_binary(r, f.node);
        r->cur = f.saved;
    }
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
    reader *r = ctx;
    if (rod_sax_stopped(&r->sax) || r->depth == 0)
        return;
    if (!rod_buf_add(&r->text, ch, (size_t)len))
        fail_nomem(r);
}

static rod_err read_rod(const char *data, size_t len, rod_diag *diag, bool as_read,
                        rod_doc **out)
{
    *out = NULL;
    reader r = {0};
    r.sax.diag = diag;
    r.sax.doctype_note = "DOCTYPE ignored: an isolinear rod text has no DTD";
    r.diag = diag;
    r.doc = rod_doc_new();
    if (!r.doc)
        return ROD_ERR_NOMEM;
    rod_doc_budget(r.doc, len);
    rod_err err = rod_sax_parse(&r.sax, data, len, on_start, on_end, on_text);
    if (err != ROD_OK)
        goto cleanup;
    if (!r.seen_root) {
        rod_error(diag, 1, 1, "the file is empty: no root element");
        err = ROD_ERR_INPUT;
        goto cleanup;
    }
    if (!r.seen_head || !r.seen_body)
        rod_warn(diag, 0, 0, "the book has no <%s>", r.seen_head ? "body" : "head");
    if (!r.doc->title->first)
        rod_warn(diag, 0, 0, "the book has no title");
    /* a careless file's ids (unique, and leading where they must) and
     * links (rod_link.h), unless the validator wants them as written */
    if (as_read) {
        imp_fix_ids(r.doc, diag);
        rod_links_clean(r.doc, diag);
    }
    err = rod_doc_finish(r.doc, diag);

cleanup:
    err = rod_doc_limit_err(r.doc, diag, err);
    free(r.stack);
    rod_buf_free(&r.text);
    if (err != ROD_OK)
        rod_doc_free(r.doc);
    else
        *out = r.doc;
    return err;
}

rod_err rod_read_rod(const char *data, size_t len, rod_diag *diag, rod_doc **out)
{
    return read_rod(data, len, diag, true, out);
}

rod_err rod_read_rod_as_written(const char *data, size_t len, rod_diag *diag, rod_doc **out)
{
    return read_rod(data, len, diag, false, out);
}
