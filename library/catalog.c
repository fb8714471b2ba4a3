/* catalog.c — the books the library knows, and the full-text index of
 * their text.
 *
 * A row per file (path unique) carrying the fingerprint of its text.
 * Adding a file decides what it is: the same book again, a copy of a text
 * already known, a known text whose file moved (its old path no longer
 * exists, so the row follows it), a new edition at a known path (the
 * annotations of the old text move to the new one and are re-anchored),
 * and, whatever it is, other texts of the same book (a conversion to plain
 * text) share their notes and place with it (related.c).
 * The search index holds each distinct text once (FTS5, one row per text
 * block, tokenizer unicode61 with diacritics removed), so ten copies of a
 * book cost one index; it goes when the last copy leaves.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib_internal.h"
#include "rod_anchor.h"
#include "rod_utf8.h"

void rod_lib_book_clear(rod_lib_book *b)
{
    free(b->path);
    free(b->fingerprint);
    free(b->format);
    free(b->title);
    free(b->authors);
    free(b->language);
    free(b->series);
    free(b->subjects);
    free(b->contributors);
    free(b->added);
    free(b->last_read);
    memset(b, 0, sizeof *b);
}

void rod_lib_books_free(rod_lib_book *books, size_t n)
{
    for (size_t i = 0; i < n; i++)
        rod_lib_book_clear(&books[i]);
    free(books);
}

void lib_authors_of(const rod_doc *doc, rod_buf *out)
{
    size_t n = 0;
    for (const rod_node *c = doc->head->first; c; c = c->next) {
        if (c->kind != ROD_CREATOR || (c->type && strcmp(c->type, "author") != 0))
            continue;
        if (n++)
            rod_buf_adds(out, "; ");
        rod_node_plain_text(c, out);
    }
    rod_buf_addc(out, '\0');
}

/* The creators who are not authors, grouped by role in the order the
 * head gives them, as a title page names them: "translated by A, B". */
static void contributors_of(const rod_doc *doc, rod_buf *out)
{
    static const struct { const char *role, *says; } roles[] = {
        {"translator", "translated by"}, {"editor", "edited by"},
        {"illustrator", "illustrated by"}, {"contributor", "with"},
    };
    size_t groups = 0;
    for (size_t r = 0; r < sizeof roles / sizeof roles[0]; r++) {
        size_t n = 0;
        for (const rod_node *c = doc->head->first; c; c = c->next) {
            if (c->kind != ROD_CREATOR || !c->type || strcmp(c->type, roles[r].role) != 0)
                continue;
            if (n++ == 0)
                rod_buf_printf(out, "%s%s ", groups++ ? "; " : "", roles[r].says);
            else
                rod_buf_adds(out, ", ");
            rod_node_plain_text(c, out);
        }
    }
    rod_buf_addc(out, '\0');
}

/* The series with its number, and the subjects joined by "; ". */
static void series_and_subjects(const rod_doc *doc, rod_buf *series, rod_buf *subjects)
{
    size_t n = 0;
    for (const rod_node *c = doc->head->first; c; c = c->next) {
        if (c->kind == ROD_SERIES && !series->len) {
            rod_node_plain_text(c, series);
            if (c->type && *c->type)
                rod_buf_printf(series, " %s", c->type);
        } else if (c->kind == ROD_SUBJECT) {
            if (n++)
                rod_buf_adds(subjects, "; ");
            rod_node_plain_text(c, subjects);
        }
    }
    rod_buf_addc(series, '\0');
    rod_buf_addc(subjects, '\0');
}

static rod_err index_text(rod_lib *lib, const char *fp, const rod_doc *doc)
{
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(lib, "SELECT 1 FROM indexed WHERE fingerprint = ?", &st);
    if (err != ROD_OK)
        return err;
    sqlite3_bind_text(st, 1, fp, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW)
        return ROD_OK;      /* this text is already indexed */
    if (rc != SQLITE_DONE)
        return lib_fail(lib, rc, "cannot read the library");
    /* the index's own pages are checked before its first change */
    if ((err = lib_index_writable(lib)) != ROD_OK ||
        (err = lib_prepare(lib, "INSERT INTO indexed(fingerprint) VALUES (?)", &st)) != ROD_OK)
        return err;
    sqlite3_bind_text(st, 1, fp, -1, SQLITE_STATIC);
    if ((err = lib_run(lib, st, "cannot index the book")) != ROD_OK)
        return err;
    if ((err = lib_prepare(lib, "INSERT INTO book_text(text, fingerprint, block) VALUES (?, ?, ?)",
                           &st)) != ROD_OK)
        return err;
    for (size_t i = 0; i < doc->nblocks && err == ROD_OK; i++) {
        if (doc->blocks[i].len == 0)
            continue;
        sqlite3_bind_text(st, 1, doc->blocks[i].text, (int)doc->blocks[i].len, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, fp, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)i);
        rc = sqlite3_step(st);
        if (rc != SQLITE_DONE)
            err = lib_fail(lib, rc, "cannot index the book");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return err;
}

/* Drops the index of a text no book in the catalog has any more. */
static rod_err unindex_if_unused(rod_lib *lib, const char *fp)
{
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(lib, "SELECT 1 FROM books WHERE fingerprint = ?", &st);
    if (err != ROD_OK)
        return err;
    sqlite3_bind_text(st, 1, fp, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW)
        return ROD_OK;
    if (rc != SQLITE_DONE)
        return lib_fail(lib, rc, "cannot read the library");
    if ((err = lib_index_writable(lib)) != ROD_OK ||
        (err = lib_prepare(lib, "DELETE FROM book_text WHERE fingerprint = ?", &st)) != ROD_OK)
        return err;
    sqlite3_bind_text(st, 1, fp, -1, SQLITE_STATIC);
    if ((err = lib_run(lib, st, "cannot update the search index")) != ROD_OK)
        return err;
    if ((err = lib_prepare(lib, "DELETE FROM indexed WHERE fingerprint = ?", &st)) != ROD_OK)
        return err;
    sqlite3_bind_text(st, 1, fp, -1, SQLITE_STATIC);
    return lib_run(lib, st, "cannot update the search index");
}

static rod_err write_book(rod_lib *lib, int64_t id, const char *path, const char *fp,
                          const rod_doc *doc, const char *format, int64_t *new_id)
{
    rod_buf authors = ROD_BUF_INIT, series = ROD_BUF_INIT, subjects = ROD_BUF_INIT,
            contributors = ROD_BUF_INIT;
    lib_authors_of(doc, &authors);
    series_and_subjects(doc, &series, &subjects);
    contributors_of(doc, &contributors);
    char now[21];
    rod_annot_now(now);
    sqlite3_stmt *st = NULL;
    const char *sql = id
        ? "UPDATE books SET path = ?1, fingerprint = ?2, format = ?3, title = ?4, authors = ?5,"
          " language = ?6, blocks = ?7, words = ?8, series = ?11, subjects = ?12,"
          " contributors = ?13 WHERE id = ?10"
        : "INSERT INTO books(path, fingerprint, format, title, authors, language, blocks, words,"
          " added, series, subjects, contributors)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?11, ?12, ?13)";
    bool failed = authors.failed || series.failed || subjects.failed || contributors.failed;
    rod_err err = failed ? ROD_ERR_NOMEM : lib_prepare(lib, sql, &st);
    if (err == ROD_OK) {
        sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, fp, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, format, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, doc->blocks[0].text, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, authors.data, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, rod_node_lang(doc->root), -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 7, (sqlite3_int64)doc->nblocks);
        sqlite3_bind_int64(st, 8, (sqlite3_int64)rod_doc_word_count(doc));
        if (!id)
            sqlite3_bind_text(st, 9, now, -1, SQLITE_STATIC);
        else
            sqlite3_bind_int64(st, 10, id);
        sqlite3_bind_text(st, 11, series.data, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 12, subjects.data, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 13, contributors.data, -1, SQLITE_STATIC);
        err = lib_run(lib, st, "cannot add the book");
    }
    if (err == ROD_OK)
        *new_id = id ? id : sqlite3_last_insert_rowid(lib->db);
    rod_buf_free(&authors);
    rod_buf_free(&series);
    rod_buf_free(&subjects);
    rod_buf_free(&contributors);
    return err;
}

/* The first row of a (id, text) query for key. With prefer_gone the text
 * is a path, and a row whose file no longer exists wins: that book moved. */
static rod_err lookup(rod_lib *lib, const char *sql, const char *key, bool prefer_gone,
                      int64_t *id, char **other)
{
    *id = 0;
    *other = NULL;
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(lib, sql, &st);
    if (err != ROD_OK)
        return err;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc;
    bool ok = true;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *col = (const char *)sqlite3_column_text(st, 1);
        /* by fingerprint: prefer a row whose file is gone (it moved) */
        bool gone = prefer_gone && col && access(col, F_OK) != 0;
        if (*id && !gone)
            continue;
        free(*other);
        *id = sqlite3_column_int64(st, 0);
        *other = lib_column_str(st, 1, &ok);
        if (gone || !prefer_gone)
            break;
    }
    sqlite3_finalize(st);
    if (!ok)
        return ROD_ERR_NOMEM;
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? ROD_OK : lib_fail(lib, rc, "cannot read the library");
}

/* The cover's bytes, kept so the library view can show it without opening
 * the book. Covers over 4 MiB are not kept (a thumbnail needs far less). */
static rod_err store_cover(rod_lib *lib, const char *fp, const rod_doc *doc)
{
    const rod_node *cover = rod_node_child(doc->head, ROD_COVER);
    const rod_node *bin = cover && cover->ref && cover->ref[0] == '#'
                              ? rod_doc_find_id(doc, cover->ref + 1) : NULL;
    if (!bin || bin->kind != ROD_BINARY || !bin->len || bin->len > ((size_t)4 << 20))
        return ROD_OK;
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(lib, "INSERT OR REPLACE INTO covers(fingerprint, type, data)"
                                   " VALUES (?, ?, ?)", &st);
    if (err != ROD_OK)
        return err;
    sqlite3_bind_text(st, 1, fp, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, bin->type ? bin->type : "image/jpeg", -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 3, bin->text, (int)bin->len, SQLITE_STATIC);
    return lib_run(lib, st, "cannot store the cover");
}

static rod_err index_and_cover(rod_lib *lib, const char *fp, const rod_doc *doc)
{
    rod_err err = index_text(lib, fp, doc);
    return err == ROD_OK ? store_cover(lib, fp, doc) : err;
}

rod_err rod_lib_cover(rod_lib *lib, const char *fingerprint, void **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(lib, "SELECT data FROM covers WHERE fingerprint = ?", &st);
    if (err != ROD_OK)
        return err;
    sqlite3_bind_text(st, 1, fingerprint, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        int n = sqlite3_column_bytes(st, 0);
        const void *blob = sqlite3_column_blob(st, 0);
        if (n > 0 && blob) {
            *data = malloc((size_t)n);
            if (*data) {
                memcpy(*data, blob, (size_t)n);
                *len = (size_t)n;
            } else {
                err = ROD_ERR_NOMEM;
            }
        }
    } else if (rc != SQLITE_DONE) {
        err = lib_fail(lib, rc, "cannot read the cover");
    }
    sqlite3_finalize(st);
    return err;
}

static rod_err add_locked(rod_lib *lib, const char *path, const rod_doc *doc, const char *fp,
                          const char *format, rod_lib_add_result *res)
{
    int64_t id = 0;
    char *other = NULL;
    rod_err err = lookup(lib, "SELECT id, fingerprint FROM books WHERE path = ?", path, false, &id, &other);
    if (err != ROD_OK)
        return err;
    if (id) {
        bool same = strcmp(other, fp) == 0;
        res->what = same ? ROD_LIB_SAME : ROD_LIB_EDITION;
        if (!same) {
            sqlite3_stmt *st = NULL;
            char now[21];
            rod_annot_now(now);
            err = lib_prepare(lib, "INSERT INTO editions(old_fingerprint, new_fingerprint, path, changed)"
                                   " VALUES (?, ?, ?, ?)", &st);
            if (err == ROD_OK) {
                sqlite3_bind_text(st, 1, other, -1, SQLITE_STATIC);
                sqlite3_bind_text(st, 2, fp, -1, SQLITE_STATIC);
                sqlite3_bind_text(st, 3, path, -1, SQLITE_STATIC);
                sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
                err = lib_run(lib, st, "cannot record the new edition");
            }
            if (err == ROD_OK)
                err = lib_carry(lib, other, fp, doc, false, res);
        }
        if (err == ROD_OK)
            err = write_book(lib, id, path, fp, doc, format, &res->id);
        if (err == ROD_OK && !same)
            err = unindex_if_unused(lib, other);
        free(other);
        return err == ROD_OK ? index_and_cover(lib, fp, doc) : err;
    }
    err = lookup(lib, "SELECT id, path FROM books WHERE fingerprint = ?", fp, true, &id, &other);
    if (err != ROD_OK)
        return err;
    bool moved = id && access(other, F_OK) != 0;
    free(other);
    res->what = moved ? ROD_LIB_MOVED : id ? ROD_LIB_COPY : ROD_LIB_NEW;
    err = write_book(lib, moved ? id : 0, path, fp, doc, format, &res->id);
    return err == ROD_OK ? index_and_cover(lib, fp, doc) : err;
}

size_t rod_lib_add_notes(const rod_lib_add_result *res)
{
    return res->anchored + res->moved + res->fuzzy + res->orphaned;
}

static rod_err add_and_sync(rod_lib *lib, const char *path, const rod_doc *doc, const char *format,
                            rod_lib_add_result *res)
{
    char fp[72];
    rod_doc_fingerprint(doc, fp);
    rod_err err = add_locked(lib, path, doc, fp, format, res);
    if (err == ROD_OK)
        err = lib_sync_related(lib, doc, fp, res);
    if (err == ROD_OK)
        err = lib_sync_book_meta(lib, fp, doc);
    return err == ROD_OK ? lib_position_fit(lib, fp, doc, &res->place_fitted) : err;
}

rod_err rod_lib_add(rod_lib *lib, const char *path, const rod_doc *doc, const char *format,
                    rod_lib_add_result *res)
{
    memset(res, 0, sizeof *res);
    char abs[PATH_MAX];
    if (!realpath(path, abs)) {
        snprintf(lib->message, sizeof lib->message, "%s: cannot find the file", path);
        return ROD_ERR_IO;
    }
    rod_err err = lib_begin(lib);
    if (err != ROD_OK)
        return err;
    err = add_and_sync(lib, abs, doc, format, res);
    if (err != ROD_OK) {
        lib_rollback(lib);
        return err;
    }
    return lib_commit(lib);
}

static const char book_columns[] =
    "SELECT b.id, b.path, b.fingerprint, b.format, b.title, b.authors, b.language, b.blocks,"
    " b.words, b.added, p.updated, coalesce(p.progress, 0),"
    " (SELECT count(*) FROM annotations a WHERE a.fingerprint = b.fingerprint),"
    " b.series, b.subjects, b.contributors"
    " FROM books b LEFT JOIN positions p ON p.fingerprint = b.fingerprint ";

static bool read_book(sqlite3_stmt *st, rod_lib_book *b)
{
    bool ok = true;
    b->id = sqlite3_column_int64(st, 0);
    b->path = lib_column_str(st, 1, &ok);
    b->fingerprint = lib_column_str(st, 2, &ok);
    b->format = lib_column_str(st, 3, &ok);
    b->title = lib_column_str(st, 4, &ok);
    b->authors = lib_column_str(st, 5, &ok);
    b->language = lib_column_str(st, 6, &ok);
    b->blocks = (size_t)sqlite3_column_int64(st, 7);
    b->words = (size_t)sqlite3_column_int64(st, 8);
    b->added = lib_column_str(st, 9, &ok);
    b->last_read = lib_column_str(st, 10, &ok);
    b->progress = sqlite3_column_double(st, 11);
    b->annotations = (size_t)sqlite3_column_int64(st, 12);
    b->series = lib_column_str(st, 13, &ok);
    b->subjects = lib_column_str(st, 14, &ok);
    b->contributors = lib_column_str(st, 15, &ok);
    return ok;
}

rod_err rod_lib_list(rod_lib *lib, rod_lib_sort sort, rod_lib_book **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    static const char *const orders[] = {
        "ORDER BY b.title COLLATE NOCASE, b.id",
        "ORDER BY b.authors COLLATE NOCASE, b.title COLLATE NOCASE, b.id",
        "ORDER BY b.added DESC, b.id DESC",
        "ORDER BY p.seq IS NULL, p.seq DESC, b.title COLLATE NOCASE",
        "ORDER BY coalesce(p.progress, 0) DESC, b.title COLLATE NOCASE",
    };
    char sql[1024];
    snprintf(sql, sizeof sql, "%s%s", book_columns, orders[(unsigned)sort < 5 ? sort : 0]);
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(lib, sql, &st);
    if (err != ROD_OK)
        return err;
    size_t cap = 0;
    int rc;
    while (err == ROD_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            rod_lib_book *grown = realloc(*out, cap * sizeof *grown);
            if (!grown) {
                err = ROD_ERR_NOMEM;
                break;
            }
            *out = grown;
        }
        memset(&(*out)[*n], 0, sizeof **out);
        if (!read_book(st, &(*out)[(*n)++]))
            err = ROD_ERR_NOMEM;
    }
    if (err == ROD_OK && rc != SQLITE_DONE)
        err = lib_fail(lib, rc, "cannot read the library");
    sqlite3_finalize(st);
    if (err != ROD_OK) {
        rod_lib_books_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return err;
}

rod_err rod_lib_find(rod_lib *lib, const char *path, const char *fingerprint,
                     rod_lib_book *out, bool *found)
{
    memset(out, 0, sizeof *out);
    *found = false;
    char abs[PATH_MAX];
    if (path && !realpath(path, abs))
        snprintf(abs, sizeof abs, "%s", path);
    char sql[1024];
    snprintf(sql, sizeof sql, "%s WHERE b.path = ?1 OR b.fingerprint = ?2 "
             "ORDER BY b.path = ?1 DESC, b.id LIMIT 1", book_columns);
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(lib, sql, &st);
    if (err != ROD_OK)
        return err;
    lib_bind_str(st, 1, path ? abs : NULL);
    lib_bind_str(st, 2, fingerprint);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *found = true;
        if (!read_book(st, out))
            err = ROD_ERR_NOMEM;
    } else if (rc != SQLITE_DONE) {
        err = lib_fail(lib, rc, "cannot read the library");
    }
    sqlite3_finalize(st);
    return err;
}

rod_err rod_lib_remove(rod_lib *lib, int64_t id)
{
    rod_err err = lib_begin(lib);
    if (err != ROD_OK)
        return err;
    sqlite3_stmt *st = NULL;
    char *fp = NULL;
    bool ok = true;
    if ((err = lib_prepare(lib, "SELECT fingerprint FROM books WHERE id = ?", &st)) != ROD_OK)
        goto cleanup;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW)
        fp = lib_column_str(st, 0, &ok);
    sqlite3_finalize(st);
    if (!ok) {
        err = ROD_ERR_NOMEM;
        goto cleanup;
    }
    if (!fp) {
        snprintf(lib->message, sizeof lib->message, "no book with id %lld in the library",
                 (long long)id);
        err = ROD_ERR_USAGE;
        goto cleanup;
    }
    if ((err = lib_prepare(lib, "DELETE FROM books WHERE id = ?", &st)) != ROD_OK)
        goto cleanup;
    sqlite3_bind_int64(st, 1, id);
    if ((err = lib_run(lib, st, "cannot remove the book")) != ROD_OK)
        goto cleanup;
    err = unindex_if_unused(lib, fp);
cleanup:
    free(fp);
    if (err != ROD_OK) {
        lib_rollback(lib);
        return err;
    }
    return lib_commit(lib);
}
