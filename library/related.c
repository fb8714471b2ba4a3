/* related.c — keeping a reader's notes and place in step across the
 * texts of one book.
 *
 * Two texts of one book differ when a file is replaced by a new edition
 * at the same path, or when the book is converted to a format that cannot
 * hold all of it (a .rod saved as plain text loses its sections and note
 * markers, so its blocks and fingerprint change). Either way the reader's
 * annotations must reach the other text: each is anchored there again
 * (rod_anchor.h) and stored on it, orphans included with their old
 * positions, so nothing is dropped or silently moved. An edition replaces
 * the old text, so its notes move. Copies live side by side, so whenever
 * one is added or opened it takes from the others what it lacks: a note
 * it does not have, a newer version of one it has (by `modified`, as an
 * import merges), and the reading place when the reader was there later.
 * Deleting a note deletes it from every text (notes_store.c).
 *
 * A text is taken for a copy of a known book only when the titles agree,
 * the authors do not disagree, and its words are found in the known text:
 * a dozen of its paragraphs, spread through the book, are looked up as
 * phrases in the full-text index, and two thirds must be there. Two
 * different books that share a title fail that test.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib_internal.h"
#include "rod_anchor.h"
#include "rod_utf8.h"

enum {
    SAMPLES = 12,           /* paragraphs looked up in the known text */
    SAMPLE_MIN_BYTES = 40,  /* shorter blocks (titles, "CHAPTER I") prove little */
    PHRASE_BYTES = 90,      /* the start of a paragraph looked up */
};

/* The new text's flat text, built only when something must be anchored
 * in it (most adds find nothing to bring). */
typedef struct lazy_text {
    const rod_doc *doc;
    rod_text text;
    bool built;
} lazy_text;

static rod_err text_of(lazy_text *lt, const rod_text **out)
{
    if (!lt->built) {
        rod_err err = rod_text_build(lt->doc, &lt->text);
        if (err != ROD_OK)
            return err;
        lt->built = true;
    }
    *out = &lt->text;
    return ROD_OK;
}

/* ---- the reading position ---- */

/* The text of block `block` of a known text, from the search index
 * (NULL when the index does not have it). */
static rod_err indexed_block(rod_lib *lib, const char *fp, size_t block, char **out)
{
    *out = NULL;
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(lib, "SELECT text FROM book_text WHERE fingerprint = ? AND block = ?", &st);
    if (err != ROD_OK)
        return err;
    sqlite3_bind_text(st, 1, fp, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)block);
    int rc = sqlite3_step(st);
    bool ok = true;
    if (rc == SQLITE_ROW)
        *out = lib_column_str(st, 0, &ok);
    sqlite3_finalize(st);
    if (!ok)
        return ROD_ERR_NOMEM;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? ROD_OK : lib_fail(lib, rc, "cannot read the library");
}

/* Where the old text's position lies in the new one: the words at the old
 * position (from the index) anchored like a bookmark; the start of the
 * same-numbered block when they cannot be found. */
static rod_err map_position(rod_lib *lib, const char *old_fp, rod_pos old, const rod_text *text,
                            rod_pos *out)
{
    const rod_doc *doc = text->doc;
    size_t last = doc->nblocks ? doc->nblocks - 1 : 0;
    *out = (rod_pos){old.block < last ? old.block : last, 0};
    char *block = NULL;
    rod_err err = indexed_block(lib, old_fp, old.block, &block);
    if (err != ROD_OK || !block)
        return err;
    size_t len = strlen(block);
    size_t at = rod_utf8_byte_at(block, len, old.offset);
    size_t from = rod_utf8_byte_at(block, len, old.offset > 32 ? old.offset - 32 : 0);
    size_t to = rod_utf8_byte_at(block, len, old.offset + 64);
    rod_annot probe = {.start = old, .end = old};
    probe.prefix = strndup(block + from, at - from);
    probe.quote = strndup(block + at, to - at);
    probe.suffix = strdup("");
    free(block);
    if (!probe.prefix || !probe.quote || !probe.suffix) {
        rod_annot_clear(&probe);
        return ROD_ERR_NOMEM;
    }
    rod_anchor where;
    if (probe.quote[0] && (err = rod_anchor_find(text, &probe, &where)) == ROD_OK &&
        where.status != ROD_ANCHOR_ORPHANED)
        *out = where.start;
    rod_annot_clear(&probe);
    return err;
}

/* The new text takes the old one's reading position, mapped into it,
 * when it has none or the old one was saved later: by the order of saves
 * (seq, db.c), which is exact where a time to the second ties. The place
 * carried keeps the old one's seq, so neither is newer than the other
 * until the reader moves again. */
static rod_err carry_position(rod_lib *lib, const char *old_fp, const char *new_fp,
                              lazy_text *lt, rod_lib_add_result *res)
{
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(lib, "SELECT block, offset, progress, updated, seq FROM positions"
                                   " WHERE fingerprint = ?1 AND seq > coalesce("
                                   " (SELECT seq FROM positions WHERE fingerprint = ?2), -1)", &st);
    if (err != ROD_OK)
        return err;
    sqlite3_bind_text(st, 1, old_fp, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, new_fp, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return rc == SQLITE_DONE ? ROD_OK : lib_fail(lib, rc, "cannot read the reading position");
    }
    rod_pos old = {(size_t)sqlite3_column_int64(st, 0), (size_t)sqlite3_column_int64(st, 1)};
    double progress = sqlite3_column_double(st, 2);
    bool ok = true;
    char *updated = lib_column_str(st, 3, &ok);
    sqlite3_int64 seq = sqlite3_column_int64(st, 4);
    sqlite3_finalize(st);
    rod_pos pos;
    const rod_text *text = NULL;
    err = ok ? text_of(lt, &text) : ROD_ERR_NOMEM;
    if (err == ROD_OK)
        err = map_position(lib, old_fp, old, text, &pos);
    if (err == ROD_OK)
        err = lib_prepare(lib, "INSERT OR REPLACE INTO positions(fingerprint, block, offset, progress,"
                               " updated, seq) VALUES (?, ?, ?, ?, ?, ?)", &st);
    if (err == ROD_OK) {
        sqlite3_bind_text(st, 1, new_fp, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)pos.block);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)pos.offset);
        sqlite3_bind_double(st, 4, progress);
        sqlite3_bind_text(st, 5, updated ? updated : "", -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 6, seq);
        err = lib_run(lib, st, "cannot carry the reading position");
    }
    if (err == ROD_OK)
        res->place = true;
    free(updated);
    return err;
}

/* ---- annotations ---- */

/* Whether the text new_fp already holds annotation a as it is or newer. */
static rod_err have_it(rod_lib *lib, const char *new_fp, const rod_annot *a, bool *have)
{
    rod_annot ours;
    bool found = false;
    rod_err err = rod_lib_annot_get(lib, new_fp, a->id, &ours, &found);
    *have = err == ROD_OK && found &&
            strcmp(ours.modified ? ours.modified : "", a->modified ? a->modified : "") >= 0;
    rod_annot_clear(&ours);
    return err;
}

rod_err lib_carry(rod_lib *lib, const char *old_fp, const char *new_fp, const rod_doc *doc,
                  bool keep_old, rod_lib_add_result *res)
{
    rod_notes set = {0};
    lazy_text lt = {.doc = doc};
    rod_err err = rod_lib_annot_list(lib, old_fp, &set);
    for (size_t i = 0; i < set.n && err == ROD_OK; i++) {
        rod_annot *a = &set.items[i];
        bool have = false;
        if ((err = have_it(lib, new_fp, a, &have)) != ROD_OK || have)
            continue;
        const rod_text *text;
        rod_anchor where;
        if ((err = text_of(&lt, &text)) != ROD_OK || (err = rod_anchor_find(text, a, &where)) != ROD_OK)
            break;
        switch (where.status) {
        case ROD_ANCHOR_EXACT: res->anchored++; break;
        case ROD_ANCHOR_MOVED: res->moved++; break;
        case ROD_ANCHOR_FUZZY: res->fuzzy++; break;
        case ROD_ANCHOR_ORPHANED: res->orphaned++; break;
        }
        a->start = where.start;
        a->end = a->has_end ? where.end : where.start;
        err = rod_lib_annot_put(lib, new_fp, a);
    }
    rod_notes_free(&set);
    if (err == ROD_OK)
        err = carry_position(lib, old_fp, new_fp, &lt, res);
    if (lt.built)
        rod_text_free(&lt.text);
    if (err != ROD_OK || keep_old)
        return err;
    /* an edition replaces its text: the old rows go (tags cascade) */
    sqlite3_stmt *st = NULL;
    if ((err = lib_prepare(lib, "DELETE FROM annotations WHERE fingerprint = ?", &st)) != ROD_OK)
        return err;
    sqlite3_bind_text(st, 1, old_fp, -1, SQLITE_STATIC);
    return lib_run(lib, st, "cannot move the annotations");
}

/* ---- finding the other text ---- */

/* The start of a paragraph as one FTS5 phrase, quotes doubled; cut at a
 * character, the last word then matched as a prefix ("words ..." *), so
 * a long word or a text without spaces (Chinese) is still found. */
static void phrase_of(const rod_block *b, rod_buf *out)
{
    size_t n = b->len;
    if (n > PHRASE_BYTES) {
        n = PHRASE_BYTES;
        while (n > 0 && ((unsigned char)b->text[n] & 0xC0) == 0x80)
            n--;
    }
    rod_buf_addc(out, '"');
    for (size_t i = 0; i < n; i++) {
        if (b->text[i] == '"')
            rod_buf_addc(out, '"');
        rod_buf_addc(out, b->text[i]);
    }
    rod_buf_adds(out, n < b->len ? "\" *" : "\"");
    rod_buf_addc(out, '\0');
}

/* Whether most of doc's paragraphs occur in the indexed text `fp`. */
static rod_err shares_text(rod_lib *lib, const rod_doc *doc, const char *fp, bool *same)
{
    *same = false;
    size_t long_blocks = 0;
    for (size_t i = 1; i < doc->nblocks; i++)
        long_blocks += doc->blocks[i].len >= SAMPLE_MIN_BYTES;
    if (long_blocks == 0)
        return ROD_OK;
    size_t step = long_blocks > SAMPLES ? long_blocks / SAMPLES : 1;
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(lib, "SELECT 1 FROM book_text WHERE book_text MATCH ?"
                                   " AND fingerprint = ? LIMIT 1", &st);
    if (err != ROD_OK)
        return err;
    size_t tried = 0, found = 0, seen = 0;
    rod_buf phrase = ROD_BUF_INIT;
    for (size_t i = 1; i < doc->nblocks && tried < SAMPLES && err == ROD_OK; i++) {
        if (doc->blocks[i].len < SAMPLE_MIN_BYTES || seen++ % step)
            continue;
        phrase.len = 0;
        phrase_of(&doc->blocks[i], &phrase);
        if (phrase.failed) {
            err = ROD_ERR_NOMEM;
            break;
        }
        sqlite3_bind_text(st, 1, phrase.data, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, fp, -1, SQLITE_STATIC);
        /* a phrase FTS5 cannot take counts as not found */
        found += sqlite3_step(st) == SQLITE_ROW;
        sqlite3_reset(st);
        tried++;
    }
    sqlite3_finalize(st);
    rod_buf_free(&phrase);
    *same = err == ROD_OK && tried > 0 && found * 3 >= tried * 2;
    return err;
}

static bool authors_agree(const char *known, const char *mine)
{
    return !known || !known[0] || !mine[0] || strcasecmp(known, mine) == 0;
}

/* The fingerprints of other catalogued texts titled like doc, whose
 * authors do not disagree, that hold notes or a reading place. */
static rod_err candidates(rod_lib *lib, const rod_doc *doc, const char *fp, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    rod_buf authors = ROD_BUF_INIT;
    lib_authors_of(doc, &authors);
    if (authors.failed)
        return ROD_ERR_NOMEM;
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(
        lib,
        "SELECT b.fingerprint, max(b.authors) FROM books b"
        " WHERE b.title = ?1 COLLATE NOCASE AND b.fingerprint != ?2"
        " AND (EXISTS (SELECT 1 FROM annotations a WHERE a.fingerprint = b.fingerprint)"
        "   OR EXISTS (SELECT 1 FROM positions p WHERE p.fingerprint = b.fingerprint))"
        " GROUP BY b.fingerprint",
        &st);
    if (err != ROD_OK) {
        rod_buf_free(&authors);
        return err;
    }
    sqlite3_bind_text(st, 1, doc->blocks[0].text, (int)doc->blocks[0].len, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, fp, -1, SQLITE_STATIC);
    int rc = SQLITE_DONE;
    bool ok = true;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!authors_agree((const char *)sqlite3_column_text(st, 1), authors.data))
            continue;
        char **grown = realloc(*out, (*n + 1) * sizeof **out);
        if (!grown) {
            ok = false;
            break;
        }
        *out = grown;
        if (((*out)[*n] = lib_column_str(st, 0, &ok)))
            (*n)++;
    }
    if (!ok)
        err = ROD_ERR_NOMEM;
    else if (rc != SQLITE_DONE)
        err = lib_fail(lib, rc, "cannot read the library");
    sqlite3_finalize(st);
    rod_buf_free(&authors);
    return err;
}

rod_err lib_sync_related(rod_lib *lib, const rod_doc *doc, const char *fp, rod_lib_add_result *res)
{
    char **fps = NULL;
    size_t n = 0;
    rod_err err = candidates(lib, doc, fp, &fps, &n);
    for (size_t i = 0; i < n && err == ROD_OK; i++) {
        bool same = false;
        if ((err = shares_text(lib, doc, fps[i], &same)) == ROD_OK && same) {
            res->related++;
            err = lib_carry(lib, fps[i], fp, doc, true, res);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(fps[i]);
    free(fps);
    return err;
}
