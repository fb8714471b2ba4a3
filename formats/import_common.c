/* import_common.c — the pieces every importer of a foreign format needs:
 * head fields from metadata strings, image binaries checked before they
 * are kept, and a last pass over ids.
 *
 * Images are checked by their own bytes, not by the name or media type the
 * container claims: rod_img_probe reads the type from the signature and
 * the size of every frame the way the decoder will (a 60000 × 60000 PNG
 * is a few kilobytes packed and 14 GB unpacked; a GIF's 1 × 1 screen may
 * hold a 40000 × 40000 frame). Images it refuses are not kept; the book
 * shows their alt text instead. An SVG is kept once rod_svg_clean has
 * taken out whatever in it leads outside the book (ROD-FORMAT §1).
 */
#include "import_internal.h"

#include "rod_format.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rod_buf.h"
#include "rod_link.h"
#include "rod_img.h"
#include "rod_strmap.h"
#include "rod_svg.h"
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

const char *imp_image_stand_in(const char *alt)
{
    for (const char *p = alt; p && *p; p++)
        if (!strchr(" \t\r\n", *p))
            return alt;
    return "[image]";
}

bool imp_poem_or_paragraphs(rod_node *poem)
{
    for (rod_node *c = poem->first; c; c = c->next)
        if (c->kind == ROD_STANZA)
            return false;
    for (rod_node *c = poem->first, *next; c; c = next) {
        next = c->next;
        rod_node_unlink(c);
        c->kind = ROD_P;
        rod_node_insert(poem->parent, c, poem);
    }
    rod_node_unlink(poem);
    return true;
}

const char *imp_binary(rod_doc *doc, rod_diag *diag, imp_ids *ids, const char *want,
                       const void *data, size_t len, const char *what)
{
    rod_img_info info;
    rod_img_status st = rod_img_probe(data, len, &info);
    if (st == ROD_IMG_UNKNOWN) {
        rod_warn(diag, 0, 0, "the image '%s' is not PNG, JPEG, GIF or SVG; its alt text "
                 "(or [image]) is shown instead", what);
        return NULL;
    }
    if (st != ROD_IMG_OK) {
        char why[200];
        rod_img_why(st, &info, len, why, sizeof why);
        rod_warn(diag, 0, 0, "the image '%s' is %s: %s; its alt text (or [image]) is shown "
                 "instead", what,
                 st == ROD_IMG_TOO_LARGE ? "too large to keep" : "not kept", why);
        return NULL;
    }
    /* an SVG refers to nothing outside itself (ROD-FORMAT §1) */
    rod_buf svg = ROD_BUF_INIT;
    if (info.kind == ROD_IMG_SVG) {
        rod_svg_report rep;
        rod_svg_status sst = rod_svg_clean(data, len, &svg, &rep);
        if (sst == ROD_SVG_REFUSED || sst == ROD_SVG_NOMEM) {
            if (sst == ROD_SVG_REFUSED)
                rod_warn(diag, 0, 0, "the SVG image '%s' is not kept: %s; its alt text "
                         "(or [image]) is shown instead", what, rep.why);
            rod_buf_free(&svg);
            return NULL;
        }
        if (sst == ROD_SVG_CLEANED) {
            if (rep.removed)
                rod_warn(diag, 0, 0, "the SVG image '%s' referred to what is outside it or "
                         "could run (%zu times, first %s); that was taken out, nothing was "
                         "fetched", what, rep.removed, rep.first);
            data = svg.data;
            len = svg.len;
        }
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
    rod_buf_free(&svg);
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
    err = rod_doc_limit_err(doc, diag, err);
    if (err == ROD_OK) {
        if (imp_title_empty(doc))
            imp_title(doc, opts && opts->title ? opts->title : "Untitled");
        if (!doc->root->lang && opts && opts->lang)
            doc->root->lang = rod_doc_str(doc, opts->lang);
        /* a book in a right-to-left language that states no direction
         * progresses right to left (ROD-FORMAT §1: dir on rod) */
        if (doc->root->dir == ROD_DIR_NONE && doc->root->lang && rod_lang_dir(doc->root->lang) == ROD_DIR_RTL)
            doc->root->dir = ROD_DIR_RTL;
        imp_repair(doc, diag);
        bool lifted = imp_lift_images(doc);
        rod_links_clean(doc, diag);
        imp_fix_ids(doc, diag);
        err = lifted ? rod_doc_finish(doc, diag) : ROD_ERR_NOMEM;
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
