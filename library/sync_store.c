/* sync_store.c — the library's side of sync: its whole state of notes,
 * deletions and places as a sync file, storing a merged state back, and
 * the small records an exchange keeps (the device's id and name, the
 * folder, what each file was when last read).
 *
 * Storing is a diff: the merged state is compared with the library's own
 * (both canonical, rod_sync.h) and only what differs is written, in one
 * transaction, so an exchange killed half way changes nothing and one with
 * nothing new writes nothing. Annotations for a book the library does not
 * hold are stored all the same under its fingerprint — they belong to the
 * text, not to a file — and show when the book is added; its title waits
 * in sync_books so this device's own file still names it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib_internal.h"
#include "rod_anchor.h"
#include "rod_sync.h"

/* The book with this fingerprint in f, or NULL (f canonical). */
static rod_sync_book *find_book(const rod_sync_file *f, const char *fp)
{
    size_t lo = 0, hi = f->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(f->books[mid].notes.fingerprint, fp);
        if (c == 0)
            return &f->books[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* The book for fp in f, appended when f lacks it (f is being built in
 * fingerprint order, so the last book is the only candidate). */
static rod_sync_book *book_for(rod_sync_file *f, const char *fp)
{
    if (f->n && strcmp(f->books[f->n - 1].notes.fingerprint, fp) == 0)
        return &f->books[f->n - 1];
    rod_sync_book b = {0};
    if (!rod_annot_set(&b.notes.fingerprint, fp) || !rod_sync_book_push(f, &b)) {
        rod_sync_book_free(&b);
        return NULL;
    }
    return &f->books[f->n - 1];
}

rod_err rod_lib_sync_state(rod_lib *lib, rod_sync_file *out)
{
    rod_err err = ROD_OK;
    sqlite3_stmt *st = NULL;
    char sql[1200];
    int rc = SQLITE_DONE;
    /* every fingerprint that has anything, in order, so books come sorted */
    snprintf(sql, sizeof sql, "%s ORDER BY fingerprint, id", lib_annot_columns);
    if ((err = lib_prepare(lib, sql, &st)) != ROD_OK)
        return err;
    while (err == ROD_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        rod_annot a;
        rod_sync_book *b = book_for(out, (const char *)sqlite3_column_text(st, 15));
        if (!b || !lib_read_annot(st, &a) || !rod_notes_push(&b->notes, &a)) {
            rod_annot_clear(&a);
            err = ROD_ERR_NOMEM;
        }
    }
    if (err == ROD_OK && rc != SQLITE_DONE)
        err = lib_fail(lib, rc, "cannot read the annotations");
    sqlite3_finalize(st);
    if (err != ROD_OK)
        return err;
    /* deletions and places may name books without annotations: appended,
     * and the whole put in order by rod_sync_normalize below */
    if ((err = lib_prepare(lib, "SELECT fingerprint, id, deleted FROM tombstones"
                                " ORDER BY fingerprint, id", &st)) != ROD_OK)
        return err;
    rod_sync_file extra = {0};
    while (err == ROD_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *fp = (const char *)sqlite3_column_text(st, 0);
        rod_sync_book *b = find_book(out, fp);
        if (!b)
            b = book_for(&extra, fp);
        if (!b || !rod_sync_tomb_add(b, (const char *)sqlite3_column_text(st, 1),
                                     (const char *)sqlite3_column_text(st, 2)))
            err = ROD_ERR_NOMEM;
    }
    if (err == ROD_OK && rc != SQLITE_DONE)
        err = lib_fail(lib, rc, "cannot read the deletions");
    sqlite3_finalize(st);
    for (size_t i = 0; err == ROD_OK && i < extra.n; i++)
        if (!rod_sync_book_push(out, &extra.books[i]))
            err = ROD_ERR_NOMEM;
    rod_sync_free(&extra);
    if (err == ROD_OK)
        err = rod_sync_normalize(out);
    if (err != ROD_OK)
        return err;
    if ((err = lib_prepare(lib, "SELECT fingerprint, block, offset, progress, updated FROM positions"
                                " ORDER BY fingerprint", &st)) != ROD_OK)
        return err;
    while (err == ROD_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *fp = (const char *)sqlite3_column_text(st, 0);
        const char *time = (const char *)sqlite3_column_text(st, 4);
        rod_sync_book *b = find_book(out, fp);
        if (!b && !(b = book_for(&extra, fp))) {
            err = ROD_ERR_NOMEM;
            break;
        }
        b->place.has = true;
        b->place.pos = (rod_pos){(size_t)sqlite3_column_int64(st, 1), (size_t)sqlite3_column_int64(st, 2)};
        b->place.progress = sqlite3_column_double(st, 3);
        snprintf(b->place.time, sizeof b->place.time, "%s", time ? time : "");
    }
    if (err == ROD_OK && rc != SQLITE_DONE)
        err = lib_fail(lib, rc, "cannot read the reading places");
    sqlite3_finalize(st);
    for (size_t i = 0; err == ROD_OK && i < extra.n; i++)
        if (!rod_sync_book_push(out, &extra.books[i]))
            err = ROD_ERR_NOMEM;
    rod_sync_free(&extra);
    if (err == ROD_OK)
        err = rod_sync_normalize(out);
    if (err != ROD_OK)
        return err;
    /* titles: the catalog's, else what another device's file said */
    if ((err = lib_prepare(lib, "SELECT f, (SELECT title FROM books WHERE fingerprint = f LIMIT 1),"
                                " s.title, s.id_scheme, s.identifier FROM (SELECT ?1 AS f)"
                                " LEFT JOIN sync_books s ON s.fingerprint = f", &st)) != ROD_OK)
        return err;
    for (size_t i = 0; err == ROD_OK && i < out->n; i++) {
        rod_notes *n = &out->books[i].notes;
        sqlite3_bind_text(st, 1, n->fingerprint, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            const char *t = (const char *)sqlite3_column_text(st, 1);
            if (!t)
                t = (const char *)sqlite3_column_text(st, 2);
            if (!rod_annot_set(&n->title, t) ||
                !rod_annot_set(&n->id_scheme, (const char *)sqlite3_column_text(st, 3)) ||
                !rod_annot_set(&n->identifier, (const char *)sqlite3_column_text(st, 4)))
                err = ROD_ERR_NOMEM;
        }
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return err;
}

static rod_annot *find_annot(const rod_notes *s, const char *id)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(s->items[mid].id, id);
        if (c == 0)
            return &s->items[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static rod_sync_tomb *find_tomb(const rod_sync_book *b, const char *id)
{
    size_t lo = 0, hi = b->ntombs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(b->tombs[mid].id, id);
        if (c == 0)
            return &b->tombs[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static bool str_differs(const char *a, const char *b)
{
    return !a || !b ? a != b : strcmp(a, b) != 0;
}

/* Runs a prepared statement with two or three text parameters, reset for
 * the next use. */
static rod_err step3(rod_lib *lib, sqlite3_stmt *st, const char *a, const char *b, const char *c)
{
    sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
    if (c)
        sqlite3_bind_text(st, 3, c, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? ROD_OK : lib_fail(lib, rc, "cannot store what came from the sync folder");
}

/* Writes what `merged` holds and `local` lacks; the caller's transaction. */
static rod_err store_diff(rod_lib *lib, const rod_sync_file *merged, const rod_sync_file *local)
{
    sqlite3_stmt *del = NULL, *tomb = NULL, *untomb = NULL, *place = NULL, *meta = NULL;
    lib_put_stmts put = {0};
    rod_err err;
    if ((err = lib_prepare(lib, "DELETE FROM annotations WHERE fingerprint = ?1 AND id = ?2", &del)) ||
        (err = lib_prepare(lib, "INSERT OR REPLACE INTO tombstones(fingerprint, id, deleted)"
                                " VALUES (?1, ?2, ?3)", &tomb)) ||
        (err = lib_prepare(lib, "DELETE FROM tombstones WHERE fingerprint = ?1 AND id = ?2", &untomb)) ||
        (err = lib_prepare(lib, "INSERT INTO positions(fingerprint, block, offset, progress, updated)"
                                " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(fingerprint) DO UPDATE SET"
                                " block = ?2, offset = ?3, progress = ?4, updated = ?5", &place)) ||
        (err = lib_prepare(lib, "INSERT INTO sync_books(fingerprint, title, id_scheme, identifier)"
                                " SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS (SELECT 1 FROM books WHERE"
                                " fingerprint = ?1) ON CONFLICT(fingerprint) DO UPDATE SET title = ?2,"
                                " id_scheme = ?3, identifier = ?4", &meta)))
        goto cleanup;
    for (size_t i = 0; err == ROD_OK && i < merged->n; i++) {
        const rod_sync_book *m = &merged->books[i];
        const char *fp = m->notes.fingerprint;
        const rod_sync_book *l = find_book(local, fp);
        for (size_t j = 0; err == ROD_OK && j < m->notes.n; j++) {
            const rod_annot *a = &m->notes.items[j];
            const rod_annot *had = l ? find_annot(&l->notes, a->id) : NULL;
            if (had && rod_sync_annot_cmp(had, a) == 0)
                continue;
            err = lib_annot_put_cached(lib, &put, fp, a);
            if (err == ROD_OK && l && find_tomb(l, a->id))
                err = step3(lib, untomb, fp, a->id, NULL);
        }
        for (size_t j = 0; err == ROD_OK && j < m->ntombs; j++) {
            const rod_sync_tomb *t = &m->tombs[j];
            const rod_sync_tomb *had = l ? find_tomb(l, t->id) : NULL;
            /* always: a row can be there that the state did not show (one
             * imported again from an old .rodnotes loses to its tombstone
             * when the state is made canonical) */
            err = step3(lib, del, fp, t->id, NULL);
            if (err == ROD_OK && (!had || strcmp(had->time, t->time) != 0))
                err = step3(lib, tomb, fp, t->id, t->time);
        }
        if (err == ROD_OK && m->place.has &&
            (!l || !l->place.has || strcmp(l->place.time, m->place.time) != 0 ||
             rod_pos_cmp(l->place.pos, m->place.pos) != 0)) {
            sqlite3_bind_text(place, 1, fp, -1, SQLITE_STATIC);
            sqlite3_bind_int64(place, 2, (sqlite3_int64)m->place.pos.block);
            sqlite3_bind_int64(place, 3, (sqlite3_int64)m->place.pos.offset);
            sqlite3_bind_double(place, 4, m->place.progress);
            sqlite3_bind_text(place, 5, m->place.time, -1, SQLITE_STATIC);
            int rc = sqlite3_step(place);
            sqlite3_reset(place);
            if (rc != SQLITE_DONE)
                err = lib_fail(lib, rc, "cannot store a reading place from the sync folder");
        }
        if (err == ROD_OK && m->notes.title && (!l || str_differs(l->notes.title, m->notes.title))) {
            lib_bind_str(meta, 1, fp);
            lib_bind_str(meta, 2, m->notes.title);
            lib_bind_str(meta, 3, m->notes.id_scheme);
            lib_bind_str(meta, 4, m->notes.identifier);
            int rc = sqlite3_step(meta);
            sqlite3_reset(meta);
            if (rc != SQLITE_DONE)
                err = lib_fail(lib, rc, "cannot store a book's title from the sync folder");
        }
    }
cleanup:
    lib_put_stmts_free(&put);
    sqlite3_finalize(del);
    sqlite3_finalize(tomb);
    sqlite3_finalize(untomb);
    sqlite3_finalize(place);
    sqlite3_finalize(meta);
    return err;
}

rod_err rod_lib_sync_store(rod_lib *lib, const rod_sync_file *merged, const rod_sync_file *local)
{
    /* inside the exchange's transaction no new one opens */
    bool own;
    rod_err err = lib_begin_nested(lib, &own);
    if (err != ROD_OK)
        return err;
    return lib_end_nested(lib, own, store_diff(lib, merged, local));
}

/* ---- the exchange's records ---- */

rod_err rod_lib_meta_get(rod_lib *lib, const char *key, char *out, size_t n, bool *found)
{
    *found = false;
    out[0] = '\0';
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(lib, "SELECT value FROM meta WHERE key = ?", &st);
    if (err != ROD_OK)
        return err;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *found = true;
        snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? ROD_OK : lib_fail(lib, rc, "cannot read the library");
}

rod_err rod_lib_meta_set(rod_lib *lib, const char *key, const char *value)
{
    rod_err err = lib_writable(lib);
    sqlite3_stmt *st = NULL;
    if (err == ROD_OK)
        err = lib_prepare(lib, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", &st);
    if (err != ROD_OK)
        return err;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    return lib_run(lib, st, "cannot save to the library");
}

rod_err rod_lib_sync_changes(rod_lib *lib, int64_t *n)
{
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(lib, "SELECT n FROM sync_changes", &st);
    if (err != ROD_OK)
        return err;
    int rc = sqlite3_step(st);
    *n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? ROD_OK : lib_fail(lib, rc, "cannot read the library");
}

rod_err rod_lib_sync_seen(rod_lib *lib, const char *name, rod_lib_seen *seen, bool *found)
{
    *found = false;
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(lib, "SELECT size, mtime, hash FROM sync_files WHERE name = ?", &st);
    if (err != ROD_OK)
        return err;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *found = true;
        seen->size = sqlite3_column_int64(st, 0);
        seen->mtime = sqlite3_column_int64(st, 1);
        snprintf(seen->hash, sizeof seen->hash, "%s", (const char *)sqlite3_column_text(st, 2));
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? ROD_OK : lib_fail(lib, rc, "cannot read the library");
}

rod_err rod_lib_sync_saw(rod_lib *lib, const char *name, const rod_lib_seen *seen)
{
    rod_err err = lib_writable(lib);
    sqlite3_stmt *st = NULL;
    if (err == ROD_OK)
        err = lib_prepare(lib, "INSERT OR REPLACE INTO sync_files(name, size, mtime, hash)"
                               " VALUES (?, ?, ?, ?)", &st);
    if (err != ROD_OK)
        return err;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, seen->size);
    sqlite3_bind_int64(st, 3, seen->mtime);
    sqlite3_bind_text(st, 4, seen->hash, -1, SQLITE_STATIC);
    return lib_run(lib, st, "cannot save to the library");
}

rod_err lib_position_fit(rod_lib *lib, const char *fp, const rod_doc *doc, bool *fitted)
{
    *fitted = false;
    rod_pos pos;
    bool found = false;
    rod_err err = rod_lib_position_get(lib, fp, &pos, &found);
    if (err != ROD_OK || !found || !doc->nblocks)
        return err;
    rod_text text;
    if ((err = rod_text_build(doc, &text)) != ROD_OK)
        return err;
    rod_pos fit = pos;
    if (fit.block >= doc->nblocks)
        fit = (rod_pos){doc->nblocks - 1, 0};
    /* characters in the block, without the separator after it */
    size_t chars = text.char_start[fit.block + 1] - text.char_start[fit.block] - 1;
    if (fit.offset > chars)
        fit.offset = chars;
    rod_text_free(&text);
    if (rod_pos_cmp(fit, pos) == 0)
        return ROD_OK;
    sqlite3_stmt *st = NULL;
    if ((err = lib_prepare(lib, "UPDATE positions SET block = ?, offset = ? WHERE fingerprint = ?",
                           &st)) != ROD_OK)
        return err;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)fit.block);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)fit.offset);
    sqlite3_bind_text(st, 3, fp, -1, SQLITE_STATIC);
    *fitted = true;
    return lib_run(lib, st, "cannot correct the reading place");
}

rod_err lib_sync_book_meta(rod_lib *lib, const char *fp, const rod_doc *doc)
{
    const rod_node *ident = doc->head ? rod_node_child(doc->head, ROD_IDENTIFIER) : NULL;
    if (!ident)
        return ROD_OK;
    rod_buf t = ROD_BUF_INIT;
    rod_node_plain_text(ident, &t);
    if (t.failed) {
        rod_buf_free(&t);
        return ROD_ERR_NOMEM;
    }
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(lib, "INSERT INTO sync_books(fingerprint, title, id_scheme, identifier)"
                                   " VALUES (?1, NULL, ?2, ?3) ON CONFLICT(fingerprint) DO UPDATE SET"
                                   " id_scheme = ?2, identifier = ?3", &st);
    if (err == ROD_OK) {
        sqlite3_bind_text(st, 1, fp, -1, SQLITE_STATIC);
        lib_bind_str(st, 2, ident->type);
        sqlite3_bind_text(st, 3, t.data ? t.data : "", -1, SQLITE_STATIC);
        err = lib_run(lib, st, "cannot record the book's identifier");
    }
    rod_buf_free(&t);
    return err;
}
