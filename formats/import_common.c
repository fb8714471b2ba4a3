/* import_common.c — the pieces every importer of a foreign format needs:
 * head fields from metadata strings, image binaries checked before they
 * are kept, and a last pass over ids.
 *
 * Images are checked by their own bytes, not by the name or media type the
 * container claims: rod_img_probe reads the type from the signature and
 * the size of every frame the way the decoder will (a 60000 × 60000 PNG
 * is a few kilobytes packed and 14 GB unpacked; a GIF's 1 × 1 screen may
 * hold a 40000 × 40000 frame). Images it refuses are not kept; the book
 * shows their alt text instead.
 */
#include "import_internal.h"

#include "rod_format.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "rod_buf.h"
#include "rod_link.h"
#include "rod_img.h"
#include "rod_strmap.h"
#include "rod_utf8.h"

rod_node *imp_head(rod_doc *doc, rod_kind kind, const char *text, const char *type)
{
    if (!text)
        return NULL;
    while (isspace((unsigned char)*text))
        text++;
    if (!*text)
        return NULL;
    rod_node *n = rod_node_add(doc, doc->head, kind);
    if (!n)
        return NULL;
    rod_node_add_text(doc, n, text, strlen(text));
    if (type)
        n->type = rod_doc_str(doc, type);
    return n;
}

bool imp_title_empty(const rod_doc *doc)
{
    for (const rod_node *c = doc->title->first; c; c = c->next)
        if (c->kind != ROD_TEXT || c->len)
            return false;
    return true;
}

void imp_title(rod_doc *doc, const char *text)
{
    if (!text || !imp_title_empty(doc))
        return;
    while (isspace((unsigned char)*text))
        text++;
    if (*text)
        rod_node_add_text(doc, doc->title, text, strlen(text));
}

const char *imp_binary(rod_doc *doc, rod_diag *diag, const char *want, const void *data,
                       size_t len, const char *what)
{
    rod_img_info info;
    rod_img_status st = rod_img_probe(data, len, &info);
    /* SVG is kept only in rod's own files (whose rule that it refers to
     * nothing outside itself an importer does not check) */
    if (st == ROD_IMG_UNKNOWN || info.kind == ROD_IMG_SVG) {
        rod_warn(diag, 0, 0, "the image '%s' is not PNG, JPEG or GIF; its alt text is shown "
                 "instead", what);
        return NULL;
    }
    if (st != ROD_IMG_OK) {
        char why[200];
        rod_img_why(st, &info, len, why, sizeof why);
        rod_warn(diag, 0, 0, "the image '%s' is %s: %s; its alt text is shown instead", what,
                 st == ROD_IMG_TOO_LARGE ? "too large to keep" : "not kept", why);
        return NULL;
    }
    const char *type = info.type;
    /* a unique NCName near the wanted id */
    rod_buf id = ROD_BUF_INIT;
    for (const char *p = want; *p; p++) {
        unsigned char c = (unsigned char)*p;
        bool ok = isalnum(c) || c == '_' || c == '-' || c == '.';
        if (id.len == 0 && !(isalpha(c) || c == '_'))
            rod_buf_adds(&id, "img-");
        rod_buf_addc(&id, ok ? (char)c : '-');
    }
    if (!id.data)
        rod_buf_adds(&id, "image");
    size_t base = id.len;
    for (unsigned k = 2; rod_doc_find_id(doc, id.data); k++) {
        id.len = base;
        rod_buf_printf(&id, "-%u", k);
    }
    rod_node *bin = rod_node_add(doc, doc->root, ROD_BINARY);
    const char *result = NULL;
    if (bin && !id.failed) {
        bin->id = rod_doc_str(doc, id.data);
        bin->type = type;
        bin->text = rod_arena_alloc(doc->arena, len ? len : 1);
        if (bin->text && bin->id) {
            memcpy(bin->text, data, len);
            bin->len = len;
            result = bin->id;
        } else {
            rod_node_unlink(bin);
        }
    }
    rod_buf_free(&id);
    return result;
}

static void collect(rod_node *n, rod_node ***out, size_t *count, size_t *cap)
{
    for (; n; n = n->next) {
        if (n->id) {
            if (*count == *cap) {
                size_t c = *cap ? *cap * 2 : 256;
                rod_node **more = realloc(*out, c * sizeof *more);
                if (!more)
                    return;
                *out = more;
                *cap = c;
            }
            (*out)[(*count)++] = n;
        }
        collect(n->first, out, count, cap);
    }
}

static void fix_refs(rod_node *n, const rod_strmap *ids, size_t *dropped)
{
    for (rod_node *next; n; n = next) {
        next = n->next;
        if ((n->kind == ROD_A || n->kind == ROD_NOTEREF || n->kind == ROD_IMAGE ||
             n->kind == ROD_COVER) && n->ref && n->ref[0] == '#' &&
            !rod_strmap_get(ids, n->ref + 1)) {
            (*dropped)++;
            if (n->kind == ROD_A || n->kind == ROD_NOTEREF) {
                n->kind = ROD_SPAN;
                n->ref = NULL;
            } else {
                rod_node_unlink(n);
                continue;
            }
        }
        fix_refs(n->first, ids, dropped);
    }
}

void imp_fix_ids(rod_doc *doc, rod_diag *diag)
{
    rod_node **nodes = NULL;
    size_t count = 0, cap = 0, renamed = 0, dropped = 0;
    collect(doc->root, &nodes, &count, &cap);
    rod_strmap ids = ROD_STRMAP_INIT;
    rod_buf b = ROD_BUF_INIT;
    for (size_t i = 0; i < count; i++) {
        rod_node *n = nodes[i];
        if (rod_strmap_get(&ids, n->id)) {
            size_t k = 2;
            do {
                rod_buf_clear(&b);
                rod_buf_printf(&b, "%s-%zu", n->id, k++);
            } while (rod_strmap_get(&ids, b.data));
            n->id = rod_doc_str(doc, b.data);
            renamed++;
        }
        if (n->id)
            rod_strmap_put(&ids, n->id, n);
    }
    fix_refs(doc->root, &ids, &dropped);
    if (renamed)
        rod_warn(diag, 0, 0, "%zu duplicate ids were renamed to stay unique", renamed);
    if (dropped)
        rod_warn(diag, 0, 0, "%zu references to ids that are not in the book were dropped",
                 dropped);
    rod_buf_free(&b);
    rod_strmap_free(&ids);
    free(nodes);
}

static const char *repaired(rod_doc *doc, const char *s, size_t *fixes)
{
    if (!s || rod_utf8_xml_clean(s, strlen(s)))
        return s;
    rod_buf b = ROD_BUF_INIT;
    *fixes += rod_utf8_repair(s, strlen(s), &b);
    const char *r = b.failed ? s : rod_doc_str(doc, b.data ? b.data : "");
    rod_buf_free(&b);
    return r;
}

void imp_repair(rod_doc *doc, rod_diag *diag)
{
    size_t fixes = 0;
    for (rod_node *n = doc->root; n; n = rod_node_next_in(n, doc->root)) {
        if (n->kind == ROD_TEXT && n->text && !rod_utf8_xml_clean(n->text, n->len)) {
            rod_buf b = ROD_BUF_INIT;
            fixes += rod_utf8_repair(n->text, n->len, &b);
            char *t = b.failed ? NULL : rod_arena_strndup(doc->arena, b.data ? b.data : "", b.len);
            if (t) {
                n->text = t;
                n->len = b.len;
            }
            rod_buf_free(&b);
        }
        if (n->kind == ROD_BINARY)
            continue;
        n->id = repaired(doc, n->id, &fixes);
        n->lang = repaired(doc, n->lang, &fixes);
        n->ref = repaired(doc, n->ref, &fixes);
        n->alt = repaired(doc, n->alt, &fixes);
        n->type = repaired(doc, n->type, &fixes);
    }
    if (fixes)
        rod_warn(diag, 0, 0, "%zu invalid UTF-8 sequences or control characters were replaced", fixes);
}

rod_err imp_finish(rod_doc *doc, const rod_read_opts *opts, rod_diag *diag, rod_err err,
                   rod_doc **out)
{
    *out = NULL;
    err = rod_doc_limit_err(doc, diag, err);
    if (err == ROD_OK) {
        if (imp_title_empty(doc))
            imp_title(doc, opts && opts->title ? opts->title : "Untitled");
        if (!doc->root->lang && opts && opts->lang)
            doc->root->lang = rod_doc_str(doc, opts->lang);
        imp_repair(doc, diag);
        rod_links_clean(doc, diag);
        imp_fix_ids(doc, diag);
        err = rod_doc_finish(doc, diag);
    }
    if (err == ROD_OK && opts && opts->smart)
        err = rod_smarten(doc);
    if (err != ROD_OK) {
        rod_doc_free(doc);
        return err;
    }
    *out = doc;
    return ROD_OK;
}
