/* import_common.c — the pieces every importer of a foreign format needs:
 * head fields from metadata strings, image binaries checked before they
 * are kept, and a last pass over ids.
 *
 * Images are checked by their own bytes, not by the name or media type the
 * container claims: the signature decides the type, and the header's width
 * and height decide whether decoding it could exhaust memory (a 60000 ×
 * 60000 PNG is a few kilobytes packed and 14 GB unpacked). Such images are
 * not kept; the book shows their alt text instead.
 */
#include "import_internal.h"

#include "rod_format.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rod_buf.h"
#include "rod_strmap.h"
#include "rod_utf8.h"
#include "xml_tree.h"

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

const char *imp_image_type(const unsigned char *d, size_t n)
{
    if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "image/png";
    if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
        return "image/jpeg";
    if (n >= 6 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0))
        return "image/gif";
    return NULL;
}

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

bool imp_image_size(const unsigned char *d, size_t n, unsigned *w, unsigned *h)
{
    const char *type = imp_image_type(d, n);
    if (!type)
        return false;
    if (type[6] == 'p') {           /* PNG: IHDR comes first */
        if (n < 24)
            return false;
        unsigned long pw = be32(d + 16), ph = be32(d + 20);
        *w = pw > 0xFFFFFFu ? 0xFFFFFFu : (unsigned)pw;
        *h = ph > 0xFFFFFFu ? 0xFFFFFFu : (unsigned)ph;
        return true;
    }
    if (type[6] == 'g') {           /* GIF: logical screen size */
        if (n < 10)
            return false;
        *w = (unsigned)(d[6] | d[7] << 8);
        *h = (unsigned)(d[8] | d[9] << 8);
        return true;
    }
    /* JPEG: walk the segments to a start-of-frame marker */
    size_t i = 2;
    while (i + 9 < n) {
        if (d[i] != 0xFF) {
            i++;
            continue;
        }
        unsigned char marker = d[i + 1];
        if (marker == 0xFF) {
            i++;
            continue;
        }
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            i += 2;
            continue;
        }
        unsigned seg = be16(d + i + 2);
        bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
                   marker != 0xCC;
        if (sof) {
            *h = be16(d + i + 5);
            *w = be16(d + i + 7);
            return true;
        }
        if (seg < 2)
            return false;
        i += 2 + seg;
    }
    return false;
}

const char *imp_binary(rod_doc *doc, rod_diag *diag, imp_ids *ids, const char *want,
                       const void *data, size_t len, const char *what)
{
    const unsigned char *d = data;
    const char *type = imp_image_type(d, len);
    if (!type) {
        rod_warn(diag, 0, 0, "the image '%s' is not PNG, JPEG or GIF; its alt text is shown "
                 "instead", what);
        return NULL;
    }
    unsigned w = 0, h = 0;
    if (len > IMP_MAX_IMAGE_BYTES ||
        (imp_image_size(d, len, &w, &h) && (unsigned long long)w * h > IMP_MAX_IMAGE_PIXELS)) {
        rod_warn(diag, 0, 0, "the image '%s' is too large (%u x %u pixels, %zu KiB); skipped, "
                 "its alt text is shown instead", what, w, h, len >> 10);
        return NULL;
    }
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
    rod_node *bin = rod_node_add(doc, doc->root, ROD_BINARY);
    const char *result = NULL;
    if (bin && !id.failed) {
        bin->id = imp_ids_unique(ids, doc, id.data, bin);
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

/* ---- ids ------------------------------------------------------------------ */

void imp_ids_free(imp_ids *ids)
{
    rod_strmap_free(&ids->used);
    rod_strmap_free(&ids->next);
}

void *imp_ids_owner(const imp_ids *ids, const char *id)
{
    return rod_strmap_get(&ids->used, id);
}

bool imp_ids_take(imp_ids *ids, const char *id, void *owner)
{
    return rod_strmap_put(&ids->used, id, owner);
}

const char *imp_ids_unique(imp_ids *ids, rod_doc *doc, const char *want, void *owner)
{
    if (!imp_ids_owner(ids, want)) {
        const char *id = rod_doc_str(doc, want);
        return id && imp_ids_take(ids, id, owner) ? id : NULL;
    }
    uintptr_t k = (uintptr_t)rod_strmap_get(&ids->next, want);
    if (k < 2)
        k = 2;
    rod_buf b = ROD_BUF_INIT;
    do {
        rod_buf_clear(&b);
        rod_buf_printf(&b, "%s-%ju", want, (uintmax_t)k++);
    } while (!b.failed && imp_ids_owner(ids, b.data));
    const char *id = b.failed ? NULL : rod_doc_str(doc, b.data);
    if (id && (!imp_ids_take(ids, id, owner) ||
               !rod_strmap_put(&ids->next, want, (void *)k)))
        id = NULL;
    rod_buf_free(&b);
    return id;
}

typedef struct ref_fixes {
    size_t dropped;         /* led nowhere */
    size_t relinked;        /* a note reference to something else: a link */
    size_t images;          /* an image without its binary */
    bool failed;
} ref_fixes;

/* Whether n (an a, noteref, image or cover) may keep its reference, after
 * turning a note reference to a non-note into a link. */
static bool ref_ok(rod_node *n, const imp_ids *ids, ref_fixes *fx)
{
    const rod_node *t = n->ref && n->ref[0] == '#' ? imp_ids_owner(ids, n->ref + 1) : NULL;
    switch (n->kind) {
    case ROD_A:
        return n->ref && (n->ref[0] != '#' || t);
    case ROD_NOTEREF:
        if (t && t->kind == ROD_NOTE)
            return true;
        if (t || (n->ref && n->ref[0] != '#')) {
            n->kind = ROD_A;
            fx->relinked++;
            return true;
        }
        return false;
    default:    /* image, cover: a binary of the book */
        return t && t->kind == ROD_BINARY;
    }
}

/* An image whose binary is not there keeps its place as a text block:
 * a paragraph of U+FFFC, the image's own plain text (spec §2), so the
 * blocks, the positions and the fingerprint stay those of the file. */
static void image_placeholder(rod_doc *doc, rod_node *img, ref_fixes *fx)
{
    while (img->first)
        rod_node_unlink(img->first);
    if (!rod_node_add_text(doc, img, "\xef\xbf\xbc", 3))
        fx->failed = true;
    img->kind = ROD_P;
    img->ref = img->alt = NULL;
    fx->images++;
}

static void fix_refs(rod_doc *doc, const imp_ids *ids, const rod_strmap *respelt,
                     ref_fixes *fx)
{
    for (rod_node *n = doc->root, *next; n && !fx->failed; n = next) {
        next = rod_node_next_in(n, doc->root);
        if (n->kind != ROD_A && n->kind != ROD_NOTEREF && n->kind != ROD_IMAGE &&
            n->kind != ROD_COVER)
            continue;
        const char *now = n->ref && n->ref[0] == '#' ? rod_strmap_get(respelt, n->ref + 1) : NULL;
        if (now) {
            /* the target's id was not a name XML allows: follow it */
            char *r = rod_arena_alloc(doc->arena, strlen(now) + 2);
            if (!r) {
                fx->failed = true;
                return;
            }
            r[0] = '#';
            strcpy(r + 1, now);
            n->ref = r;
        }
        if (ref_ok(n, ids, fx))
            continue;
        if (n->kind == ROD_IMAGE) {
            /* past what the image holds (a careless .rod may give it text) */
            rod_node *after = n;
            while (after && after != doc->root && !after->next)
                after = after->parent;
            next = after && after != doc->root ? after->next : NULL;
            image_placeholder(doc, n, fx);
            continue;
        }
        fx->dropped++;
        if (n->kind == ROD_COVER) {
            rod_node_unlink(n);     /* a leaf of the head */
        } else {
            n->kind = ROD_SPAN;
            n->ref = NULL;
        }
    }
}

/* An id XML allows near s: letters, digits, '_', '.', '-' kept, anything
 * else '_', and "id-" before a first character that cannot start one. */
static const char *ncname_near(rod_doc *doc, const char *s)
{
    rod_buf b = ROD_BUF_INIT;
    unsigned char c0 = (unsigned char)s[0];
    if (!(isalpha(c0) || c0 == '_'))
        rod_buf_adds(&b, "id-");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        rod_buf_addc(&b, isalnum(*p) || *p == '_' || *p == '.' || *p == '-' ? (char)*p : '_');
    const char *r = b.failed ? NULL : rod_doc_str(doc, b.data);
    rod_buf_free(&b);
    return r;
}

void imp_fix_ids(rod_doc *doc, rod_diag *diag)
{
    imp_ids ids = IMP_IDS_INIT;
    rod_strmap respelt = ROD_STRMAP_INIT;  /* an id XML does not allow -> ours */
    size_t renamed = 0, spelt = 0, named = 0;
    bool failed = false;
    /* binaries and notes first: references of their own kind need them */
    for (int pass = 0; pass < 2 && !failed; pass++) {
        for (rod_node *n = doc->root; n && !failed; n = rod_node_next_in(n, doc->root)) {
            bool first_class = n->kind == ROD_BINARY || n->kind == ROD_NOTE;
            if (first_class != (pass == 0))
                continue;
            if (!n->id && n->kind == ROD_NOTE) {
                /* a note is found by its id: one without cannot be referred to */
                n->id = imp_ids_unique(&ids, doc, "note", n);
                failed = !n->id;
                named++;
                continue;
            }
            if (!n->id)
                continue;
            if (!rod_xml_is_ncname(n->id)) {
                const char *near = ncname_near(doc, n->id);
                const char *id = near ? imp_ids_unique(&ids, doc, near, n) : NULL;
                if (!id || (!rod_strmap_get(&respelt, n->id) &&
                            !rod_strmap_put(&respelt, n->id, (void *)id))) {
                    failed = true;
                    continue;
                }
                n->id = id;
                spelt++;
                continue;
            }
            if (!imp_ids_owner(&ids, n->id)) {
                failed = !imp_ids_take(&ids, n->id, n);
                continue;
            }
            const char *id = imp_ids_unique(&ids, doc, n->id, n);
            if (id) {
                n->id = id;
                renamed++;
            } else {
                failed = true;
            }
        }
    }
    ref_fixes fx = {0, 0, 0, false};
    if (!failed)
        fix_refs(doc, &ids, &respelt, &fx);
    if (spelt)
        rod_warn(diag, 0, 0, "%zu ids were not names XML allows; respelt, links follow them",
                 spelt);
    if (named)
        rod_warn(diag, 0, 0, "%zu notes without an id were given one", named);
    if (renamed)
        rod_warn(diag, 0, 0, "%zu duplicate ids were renamed to stay unique", renamed);
    if (fx.dropped)
        rod_warn(diag, 0, 0, "%zu references to ids that are not in the book were dropped",
                 fx.dropped);
    if (fx.images)
        rod_warn(diag, 0, 0, "%zu images name binaries that are not in the book; each is kept "
                 "as U+FFFC in a paragraph (their alt text is left out)", fx.images);
    if (fx.relinked)
        rod_warn(diag, 0, 0, "%zu note references lead to something that is not a note; "
                 "kept as links", fx.relinked);
    imp_ids_free(&ids);
    rod_strmap_free(&respelt);
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
    if (err == ROD_OK) {
        if (imp_title_empty(doc))
            imp_title(doc, opts && opts->title ? opts->title : "Untitled");
        if (!doc->root->lang && opts && opts->lang)
            doc->root->lang = rod_doc_str(doc, opts->lang);
        imp_repair(doc, diag);
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
