/* rodnotes_read.c — reads a .rodnotes exchange file (spec §3) into a
 * rod_notes set, through the same shut-door SAX parser as books.
 *
 * The file comes from another reader's machine, so it is treated like any
 * hostile input: no entities, every number checked, unknown elements
 * warned about and skipped. What it must never do is lose an annotation
 * that can be understood: one with a broken field is kept with a warning
 * (a missing id is derived from the content so a second import still
 * matches it; an unknown colour shows as amber), and only an annotation
 * with neither a position nor a quote is dropped, because nothing could
 * ever anchor it. Fields are checked on the way in, so nothing downstream
 * has to trust them: text by rod_clean.h's rule (a control character or a
 * bidi override in a name becomes U+FFFD, with a warning), times by
 * rod_annot_time_norm (a time that is not one is replaced, with a
 * warning), and a highlight without an end covers its quote
 * (rod_annot_fix_extent). Positions cannot be checked here, without the
 * book: rod_anchor_find checks them against it before any use.
 *
 * The sync file (rod_sync_file.h, docs/SYNC-FORMAT.md) is read by the same
 * reader, so another device's annotations meet exactly these rules: its
 * <book> elements each collect annotations as a .rodnotes does, plus a
 * reading place and deletions, checked the same way (a time that is not
 * one, an id with control characters or a place past 2^30 is skipped with
 * a warning). A second reader for it was turned down: the two would drift.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rod_annot.h"
#include "rod_clean.h"
#include "rod_sha256.h"
#include "rod_sync_file.h"
#include "xml_sax.h"

typedef enum collect {
    COLLECT_NONE, COLLECT_IDENTIFIER, COLLECT_QUOTE, COLLECT_P, COLLECT_TAG,
} collect;

typedef struct nreader {
    rod_sax sax;                /* first: the handlers' ctx */
    rod_notes *set;
    bool seen_root, in_annotation, has_start;
    unsigned depth;             /* open elements */
    unsigned skip_depth;        /* >0: inside an unknown element at that depth */
    unsigned annot_line;
    collect what;
    rod_buf text;
    rod_buf body;
    unsigned body_paras;
    rod_annot cur;
    /* a sync file (rod_sync_read): books, each read like a .rodnotes */
    rod_sync_file *sync;
    rod_sync_book book;
    bool in_book;
    unsigned book_line;
} nreader;

static bool is_ours_ns(const nreader *r, const xmlChar *uri)
{
    return uri && strcmp((const char *)uri, r->sync ? ROD_SYNC_NS : ROD_NOTES_NS) == 0;
}
#define is_ours(uri) is_ours_ns(r, (uri))

/* A non-negative decimal attribute; false (with a warning) if malformed. */
static bool number_attr(nreader *r, int n, const xmlChar **attrs, const char *name, size_t *out)
{
    char *v = rod_sax_attr(&r->sax, n, attrs, name);
    if (!v)
        return false;
    char *end = NULL;
    errno = 0;
    unsigned long long x = strtoull(v, &end, 10);
    bool ok = v[0] >= '0' && v[0] <= '9' && *end == '\0' && errno == 0 && x <= (size_t)-1 / 2;
    if (!ok)
        rod_warn(r->sax.diag, rod_sax_line(&r->sax), rod_sax_col(&r->sax),
                 "%s=\"%s\" is not a number; the position is ignored", name, v);
    else
        *out = (size_t)x;
    free(v);
    return ok;
}

static void take_attr(nreader *r, int n, const xmlChar **attrs, const char *name, char **field)
{
    char *v = rod_sax_attr(&r->sax, n, attrs, name);
    if (v) {
        free(*field);
        *field = v;
    }
}

static void start_annotation(nreader *r, int n, const xmlChar **attrs)
{
    rod_annot_clear(&r->cur);
    r->in_annotation = true;
    r->has_start = false;
    r->annot_line = rod_sax_line(&r->sax);
    rod_buf_clear(&r->body);
    r->body_paras = 0;
    rod_annot *a = &r->cur;
    take_attr(r, n, attrs, "id", &a->id);
    take_attr(r, n, attrs, "reader", &a->reader);
    take_attr(r, n, attrs, "color", &a->color);
    take_attr(r, n, attrs, "created", &a->created);
    take_attr(r, n, attrs, "modified", &a->modified);
    take_attr(r, n, attrs, "reply-to", &a->reply_to);
    char *type = rod_sax_attr(&r->sax, n, attrs, "type");
    a->type = ROD_ANNOT_HIGHLIGHT;
    if (type && !rod_annot_type_from_name(type, &a->type))
        rod_warn(r->sax.diag, r->annot_line, rod_sax_col(&r->sax),
                 "unknown annotation type '%s'; read as a highlight", type);
    free(type);
}

/* ---- the sync file (rod_sync_file.h): books read like .rodnotes ---- */

static void sync_root(nreader *r, int n, const xmlChar **attrs, const char *name,
                      const xmlChar *uri)
{
    r->seen_root = true;
    if (strcmp(name, "sync") != 0 || !is_ours(uri)) {
        rod_error(r->sax.diag, rod_sax_line(&r->sax), rod_sax_col(&r->sax),
                  "not a sync file: the root is <%s>, not <sync xmlns=\"%s\">", name, ROD_SYNC_NS);
        r->sax.refused = true;
        xmlStopParser(r->sax.ctxt);
        return;
    }
    char *version = rod_sax_attr(&r->sax, n, attrs, "version");
    char *end = NULL;
    unsigned long v = version ? strtoul(version, &end, 10) : 0;
    if (!version || end == version || *end || v == 0) {
        rod_warn(r->sax.diag, rod_sax_line(&r->sax), rod_sax_col(&r->sax),
                 "sync file without a version number; read as version %d", ROD_SYNC_VERSION);
        v = ROD_SYNC_VERSION;
    }
    free(version);
    r->sync->version = v > 1000 ? 1000 : (unsigned)v;
    if (v > ROD_SYNC_VERSION) {
        rod_error(r->sax.diag, rod_sax_line(&r->sax), rod_sax_col(&r->sax),
                  "written by a newer rod (sync file version %lu; this rod reads %d); left for it",
                  v, ROD_SYNC_VERSION);
        r->sync->newer = true;
        r->sax.refused = true;
        xmlStopParser(r->sax.ctxt);
        return;
    }
    take_attr(r, n, attrs, "device", &r->sync->device);
    take_attr(r, n, attrs, "name", &r->sync->name);
    take_attr(r, n, attrs, "reader", &r->sync->reader);
}

static void sync_book_start(nreader *r, int n, const xmlChar **attrs)
{
    rod_sync_book_free(&r->book);
    r->in_book = true;
    r->book_line = rod_sax_line(&r->sax);
    r->set = &r->book.notes;
    take_attr(r, n, attrs, "fingerprint", &r->book.notes.fingerprint);
    take_attr(r, n, attrs, "title", &r->book.notes.title);
}

/* A time attribute as rod keeps it; false (with a warning) when absent or
 * not a time. */
static bool time_attr(nreader *r, int n, const xmlChar **attrs, const char *what, char out[21])
{
    char *v = rod_sax_attr(&r->sax, n, attrs, "time");
    bool ok = v && rod_annot_time_norm(v, out);
    if (!ok)
        rod_warn(r->sax.diag, rod_sax_line(&r->sax), rod_sax_col(&r->sax),
                 "%s without a time (or not an ISO 8601 one); skipped", what);
    free(v);
    return ok;
}

/* Places farther than this are absurd in any book (the anchoring checks
 * real ones against the book before use). */
enum { SYNC_POS_MAX = 1u << 30 };

static void sync_place(nreader *r, int n, const xmlChar **attrs)
{
    rod_sync_place p = {0};
    char *prog = rod_sax_attr(&r->sax, n, attrs, "progress");
    char *end = NULL;
    p.progress = prog ? strtod(prog, &end) : 0;
    if (prog && (end == prog || *end || !(p.progress >= 0 && p.progress <= 1)))
        p.progress = 0;
    free(prog);
    if (!number_attr(r, n, attrs, "block", &p.pos.block) ||
        !number_attr(r, n, attrs, "offset", &p.pos.offset) ||
        p.pos.block > SYNC_POS_MAX || p.pos.offset > SYNC_POS_MAX) {
        rod_warn(r->sax.diag, rod_sax_line(&r->sax), rod_sax_col(&r->sax),
                 "a reading place with no usable block and offset; skipped");
        return;
    }
    if (!time_attr(r, n, attrs, "a reading place", p.time))
        return;
    p.has = true;
    /* two places for one book: the later one, as a merge would take */
    if (!r->book.place.has || strcmp(p.time, r->book.place.time) > 0)
        r->book.place = p;
}

static void sync_deleted(nreader *r, int n, const xmlChar **attrs)
{
    char time[21];
    char *id = rod_sax_attr(&r->sax, n, attrs, "id");
    size_t bad = 0;
    if (!id || !id[0] || !rod_clean_field(&id, ROD_FIELD_NAME, &bad) || bad) {
        if (!rod_sax_stopped(&r->sax))
            rod_warn(r->sax.diag, rod_sax_line(&r->sax), rod_sax_col(&r->sax),
                     "a deletion without a usable id; skipped");
    } else if (time_attr(r, n, attrs, "a deletion", time) && !rod_sync_tomb_add(&r->book, id, time)) {
        rod_sax_nomem(&r->sax);
    }
    free(id);
}

static void sync_book_end(nreader *r)
{
    r->in_book = false;
    r->set = NULL;
    rod_notes *nb = &r->book.notes;
    size_t bad = 0;
    if (!nb->fingerprint || !nb->fingerprint[0]) {
        rod_warn(r->sax.diag, r->book_line, 0, "a book without a fingerprint (%zu annotation%s); "
                 "skipped", nb->n, nb->n == 1 ? "" : "s");
        rod_sync_book_free(&r->book);
        return;
    }
    if (!rod_clean_field(&nb->fingerprint, ROD_FIELD_NAME, &bad) ||
        !rod_clean_field(&nb->title, ROD_FIELD_QUOTE, &bad) ||
        !rod_clean_field(&nb->identifier, ROD_FIELD_NAME, &bad) ||
        !rod_clean_field(&nb->id_scheme, ROD_FIELD_NAME, &bad) ||
        !rod_sync_book_push(r->sync, &r->book)) {
        rod_sax_nomem(&r->sax);
        return;
    }
    if (bad)
        rod_warn(r->sax.diag, r->book_line, 0, "a book's fingerprint, title or identifier held "
                 "control characters; shown as U+FFFD");
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri, int nb_ns, const xmlChar **ns, int nb_attrs,
                     int nb_defaulted, const xmlChar **attrs)
{
    (void)prefix; (void)nb_ns; (void)ns; (void)nb_defaulted;
    nreader *r = ctx;
    const char *name = (const char *)localname;
    if (rod_sax_stopped(&r->sax))
        return;
    r->depth++;
    if (r->skip_depth)
        return;
    if (!r->seen_root && r->sync) {
        sync_root(r, nb_attrs, attrs, name, uri);
        return;
    }
    if (!r->seen_root) {
        r->seen_root = true;
        if (strcmp(name, "annotations") != 0 || !is_ours(uri)) {
            rod_error(r->sax.diag, rod_sax_line(&r->sax), rod_sax_col(&r->sax),
                      "not an annotation file: the root is <%s>, not <annotations xmlns=\"%s\">",
                      name, ROD_NOTES_NS);
            r->sax.refused = true;
            xmlStopParser(r->sax.ctxt);
            return;
        }
        char *version = rod_sax_attr(&r->sax, nb_attrs, attrs, "version");
        /* 2 only adds reply-to (rod_annot.h) */
        if (version && strcmp(version, "1") != 0 && strcmp(version, "2") != 0)
            rod_warn(r->sax.diag, rod_sax_line(&r->sax), rod_sax_col(&r->sax),
                     "annotation file version %s; reading it as version 1", version);
        free(version);
        return;
    }
    rod_notes *set = r->set;
    rod_annot *a = &r->cur;
    if (!is_ours(uri)) {
        r->skip_depth = r->depth;
    } else if (r->sync && !r->in_book) {
        if (strcmp(name, "book") == 0)
            sync_book_start(r, nb_attrs, attrs);
        else
            r->skip_depth = r->depth;
    } else if (r->sync && !r->in_annotation && strcmp(name, "place") == 0) {
        sync_place(r, nb_attrs, attrs);
    } else if (r->sync && !r->in_annotation && strcmp(name, "deleted") == 0) {
        sync_deleted(r, nb_attrs, attrs);
    } else if (r->sync && strcmp(name, "book") == 0) {
        r->skip_depth = r->depth;
    } else if (strcmp(name, "book") == 0 && !r->in_annotation) {
        take_attr(r, nb_attrs, attrs, "fingerprint", &set->fingerprint);
        take_attr(r, nb_attrs, attrs, "title", &set->title);
    } else if (strcmp(name, "identifier") == 0 && !r->in_annotation) {
        take_attr(r, nb_attrs, attrs, "scheme", &set->id_scheme);
        r->what = COLLECT_IDENTIFIER;
    } else if (strcmp(name, "annotation") == 0 && !r->in_annotation) {
        start_annotation(r, nb_attrs, attrs);
    } else if (!r->in_annotation) {
        r->skip_depth = r->depth;
    } else if (strcmp(name, "target") == 0 || strcmp(name, "body") == 0) {
        /* containers */
    } else if (strcmp(name, "start") == 0) {
        r->has_start = number_attr(r, nb_attrs, attrs, "block", &a->start.block) &&
                       number_attr(r, nb_attrs, attrs, "offset", &a->start.offset);
    } else if (strcmp(name, "end") == 0) {
        a->has_end = number_attr(r, nb_attrs, attrs, "block", &a->end.block) &&
                     number_attr(r, nb_attrs, attrs, "offset", &a->end.offset);
    } else if (strcmp(name, "quote") == 0) {
        take_attr(r, nb_attrs, attrs, "prefix", &a->prefix);
        take_attr(r, nb_attrs, attrs, "suffix", &a->suffix);
        r->what = COLLECT_QUOTE;
    } else if (strcmp(name, "p") == 0) {
        if (r->body_paras++)
            rod_buf_addc(&r->body, '\n');
        r->what = COLLECT_P;
    } else if (strcmp(name, "tag") == 0) {
        r->what = COLLECT_TAG;
    } else if (r->what != COLLECT_P) {
        r->skip_depth = r->depth;
    }
    if (r->skip_depth)
        rod_warn(r->sax.diag, rod_sax_line(&r->sax), rod_sax_col(&r->sax),
                 "unknown element <%s> in an annotation file; skipped", name);
    rod_buf_clear(&r->text);
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
    nreader *r = ctx;
    if (rod_sax_stopped(&r->sax) || r->skip_depth || r->what == COLLECT_NONE)
        return;
    rod_buf *dst = r->what == COLLECT_P ? &r->body : &r->text;
    if (r->what == COLLECT_P) {
        /* a paragraph is one line: its own line breaks are only layout */
        for (int i = 0; i < len; i++)
            rod_buf_addc(dst, ch[i] == '\n' || ch[i] == '\r' ? ' ' : (char)ch[i]);
    } else {
        rod_buf_add(dst, ch, (size_t)len);
    }
    if (dst->failed)
        rod_sax_nomem(&r->sax);
}

/* An id for an annotation that came without one: the same content always
 * gets the same id, so importing the file twice still merges. */
static bool derive_id(rod_annot *a)
{
    rod_sha256 h;
    rod_sha256_init(&h);
    const char *parts[] = {a->reader, a->created, a->quote, a->prefix, a->body};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        const char *p = parts[i] ? parts[i] : "";
        rod_sha256_update(&h, p, strlen(p) + 1);
    }
    size_t pos[2] = {a->start.block, a->start.offset};
    rod_sha256_update(&h, pos, sizeof pos);
    unsigned char digest[32];
    char hex[65];
    rod_sha256_final(&h, digest);
    rod_sha256_hex(digest, hex);
    hex[32] = '\0';
    char id[80];
    snprintf(id, sizeof id, "derived-%s", hex);
    return rod_annot_set(&a->id, id);
}

/* Cleans one text field, warning when something was replaced. */
static bool clean(nreader *r, unsigned line, const char *id, const char *what, char **field,
                  rod_field kind)
{
    size_t n = 0;
    if (!rod_clean_field(field, kind, &n))
        return false;
    if (n)
        rod_warn(r->sax.diag, line, 0, "annotation %s: %s held %zu character%s that cannot be "
                 "kept (control characters%s); shown as U+FFFD", id ? id : "without an id", what,
                 n, n == 1 ? "" : "s", kind == ROD_FIELD_NAME ? " or bidi overrides" : "");
    return true;
}

static bool clean_fields(nreader *r, unsigned line)
{
    rod_annot *a = &r->cur;
    if (!clean(r, line, NULL, "its id", &a->id, ROD_FIELD_NAME))
        return false;
    const char *id = a->id;
    bool ok = clean(r, line, id, "the reader's name", &a->reader, ROD_FIELD_NAME) &&
              clean(r, line, id, "the id it replies to", &a->reply_to, ROD_FIELD_NAME) &&
              clean(r, line, id, "the note", &a->body, ROD_FIELD_TEXT) &&
              clean(r, line, id, "the quote", &a->quote, ROD_FIELD_QUOTE) &&
              clean(r, line, id, "the quote's prefix", &a->prefix, ROD_FIELD_QUOTE) &&
              clean(r, line, id, "the quote's suffix", &a->suffix, ROD_FIELD_QUOTE);
    for (size_t i = 0; ok && i < a->ntags; i++)
        ok = clean(r, line, id, "a tag", &a->tags[i], ROD_FIELD_NAME);
    return ok;
}

/* created and modified as rod keeps them: a time that is not one is
 * replaced by the other, else by the epoch, so a merge never takes a
 * broken time for a newer one. */
static bool check_times(nreader *r, unsigned line)
{
    rod_annot *a = &r->cur;
    char created[21] = "", modified[21] = "";
    bool has_c = a->created != NULL, has_m = a->modified != NULL;
    bool ok_c = has_c && rod_annot_time_norm(a->created, created);
    bool ok_m = has_m && rod_annot_time_norm(a->modified, modified);
    if (has_c && !ok_c)
        rod_warn(r->sax.diag, line, 0, "annotation %s: created is not an ISO 8601 time; "
                 "replaced", a->id);
    if (has_m && !ok_m)
        rod_warn(r->sax.diag, line, 0, "annotation %s: modified is not an ISO 8601 time; "
                 "replaced", a->id);
    if (ok_c && strcmp(created, a->created) != 0)
        rod_warn(r->sax.diag, line, 0, "annotation %s: created %s is read as %s (UTC)", a->id,
                 a->created, created);
    if (ok_m && strcmp(modified, a->modified) != 0)
        rod_warn(r->sax.diag, line, 0, "annotation %s: modified %s is read as %s (UTC)", a->id,
                 a->modified, modified);
    if (!has_c)
        rod_warn(r->sax.diag, line, 0, "annotation %s has no creation time", a->id);
    const char *epoch = "1970-01-01T00:00:00Z";
    const char *c = ok_c ? created : ok_m ? modified : epoch;
    const char *m = ok_m ? modified : c;
    return rod_annot_set(&a->created, c) && rod_annot_set(&a->modified, m);
}

static void finish_annotation(nreader *r)
{
    rod_annot *a = &r->cur;
    rod_diag *d = r->sax.diag;
    unsigned line = r->annot_line;
    r->in_annotation = false;
    if (r->body.len && !rod_annot_set(&a->body, r->body.data))
        goto nomem;
    if (!a->quote && !rod_annot_set(&a->quote, ""))
        goto nomem;
    if ((!a->prefix && !rod_annot_set(&a->prefix, "")) ||
        (!a->suffix && !rod_annot_set(&a->suffix, "")))
        goto nomem;
    if (!r->has_start && !a->quote[0]) {
        rod_warn(d, line, 0, "an annotation with neither a position nor a quote "
                 "cannot be placed in any book; skipped");
        rod_annot_clear(a);
        return;
    }
    if (!r->has_start) {
        rod_warn(d, line, 0, "annotation without a <start> position; it will be "
                 "found by its quote");
        a->start = (rod_pos){0, 0};
        a->has_end = false;
    }
    if (!a->has_end)
        a->end = a->start;
    else if (rod_pos_cmp(a->end, a->start) < 0) {
        rod_warn(d, line, 0, "annotation ends before it starts; the two positions are swapped");
        rod_pos t = a->start;
        a->start = a->end;
        a->end = t;
    }
    if (a->type == ROD_ANNOT_HIGHLIGHT && a->body)
        a->type = ROD_ANNOT_NOTE;
    rod_annot_fix_extent(a);
    if (!a->id || !a->id[0]) {
        rod_warn(d, line, 0, "annotation without an id; it gets one made from its content");
        if (!derive_id(a))
            goto nomem;
    }
    if (a->color && !rod_annot_color_valid(a->color)) {
        rod_warn(d, line, 0, "unknown colour '%s'; shown as amber", a->color);
        if (!rod_annot_set(&a->color, "amber"))
            goto nomem;
    }
    if (!a->color && !rod_annot_set(&a->color, "amber"))
        goto nomem;
    if (a->reply_to && (!a->reply_to[0] || strcmp(a->reply_to, a->id) == 0)) {
        rod_warn(d, line, 0, "annotation %s replies to %s; read as a note of its own", a->id,
                 a->reply_to[0] ? "itself" : "an empty id");
        free(a->reply_to);
        a->reply_to = NULL;
    }
    if (!clean_fields(r, line) || !check_times(r, line))
        goto nomem;
    if (!rod_notes_push(r->set, a))
        goto nomem;
    return;
nomem:
    rod_sax_nomem(&r->sax);
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                   const xmlChar *uri)
{
    (void)prefix; (void)uri;
    nreader *r = ctx;
    const char *name = (const char *)localname;
    if (rod_sax_stopped(&r->sax))
        return;
    unsigned depth = r->depth--;
    if (r->skip_depth) {
        if (depth == r->skip_depth)
            r->skip_depth = 0;
        return;
    }
    rod_annot *a = &r->cur;
    const char *text = r->text.data ? r->text.data : "";
    bool ok = true;
    if (strcmp(name, "identifier") == 0 && r->what == COLLECT_IDENTIFIER) {
        ok = rod_annot_set(&r->set->identifier, text);
        r->what = COLLECT_NONE;
    } else if (strcmp(name, "quote") == 0 && r->what == COLLECT_QUOTE) {
        ok = rod_annot_set(&a->quote, text);
        r->what = COLLECT_NONE;
    } else if (strcmp(name, "p") == 0 && r->what == COLLECT_P) {
        r->what = COLLECT_NONE;
    } else if (strcmp(name, "tag") == 0 && r->what == COLLECT_TAG) {
        ok = !text[0] || rod_annot_add_tag(a, text);
        r->what = COLLECT_NONE;
    } else if (strcmp(name, "annotation") == 0 && r->in_annotation) {
        finish_annotation(r);
    } else if (strcmp(name, "book") == 0 && r->in_book) {
        sync_book_end(r);
    }
    rod_buf_clear(&r->text);
    if (!ok)
        rod_sax_nomem(&r->sax);
}

rod_err rod_notes_read(const char *data, size_t len, rod_diag *diag, rod_notes *out)
{
    memset(out, 0, sizeof *out);
    nreader r = {0};
    r.sax.diag = diag;
    r.sax.doctype_note = "DOCTYPE ignored: an annotation file has no DTD";
    r.set = out;
    rod_err err = rod_sax_parse(&r.sax, data, len, on_start, on_end, on_text);
    if (err == ROD_OK && !r.seen_root) {
        rod_error(diag, 1, 1, "the file is empty: no <annotations> element");
        err = ROD_ERR_INPUT;
    }
    if (err == ROD_OK && !out->fingerprint)
        rod_warn(diag, 0, 0, "the file names no book (<book fingerprint=\"...\">)");
    size_t n[4] = {0};
    if (err == ROD_OK && !(rod_clean_field(&out->fingerprint, ROD_FIELD_NAME, &n[0]) &&
                           rod_clean_field(&out->title, ROD_FIELD_QUOTE, &n[1]) &&
                           rod_clean_field(&out->identifier, ROD_FIELD_NAME, &n[2]) &&
                           rod_clean_field(&out->id_scheme, ROD_FIELD_NAME, &n[3])))
        err = ROD_ERR_NOMEM;
    if (err == ROD_OK && n[0] + n[1] + n[2] + n[3])
        rod_warn(diag, 0, 0, "the book's fingerprint, title or identifier held control "
                 "characters; shown as U+FFFD");
    rod_annot_clear(&r.cur);
    rod_buf_free(&r.text);
    rod_buf_free(&r.body);
    if (err != ROD_OK)
        rod_notes_free(out);
    return err;
}

rod_err rod_sync_read(const char *data, size_t len, rod_diag *diag, rod_sync_file *out)
{
    memset(out, 0, sizeof *out);
    if (len > ROD_SYNC_MAX_BYTES) {
        rod_error(diag, 0, 0, "the sync file is %zu MB, more than the %d MB a sync file may be; "
                  "not read", len >> 20, ROD_SYNC_MAX_BYTES >> 20);
        return ROD_ERR_INPUT;
    }
    nreader r = {0};
    r.sax.diag = diag;
    r.sax.doctype_note = "DOCTYPE ignored: a sync file has no DTD";
    r.sync = out;
    rod_err err = rod_sax_parse(&r.sax, data, len, on_start, on_end, on_text);
    if (err == ROD_OK && !r.seen_root) {
        rod_error(diag, 1, 1, "the file is empty: no <sync> element");
        err = ROD_ERR_INPUT;
    }
    if (err == ROD_OK && (!out->device || !out->device[0])) {
        rod_error(diag, 1, 1, "the sync file names no device (<sync device=\"...\">)");
        err = ROD_ERR_INPUT;
    }
    size_t bad = 0;
    if (err == ROD_OK && !(rod_clean_field(&out->device, ROD_FIELD_NAME, &bad) &&
                           rod_clean_field(&out->name, ROD_FIELD_NAME, &bad) &&
                           rod_clean_field(&out->reader, ROD_FIELD_NAME, &bad)))
        err = ROD_ERR_NOMEM;
    rod_annot_clear(&r.cur);
    rod_sync_book_free(&r.book);
    rod_buf_free(&r.text);
    rod_buf_free(&r.body);
    if (err != ROD_OK) {
        bool newer = out->newer;
        unsigned version = out->version;
        rod_sync_free(out);
        out->newer = newer;
        out->version = version;
    }
    return err;
}
