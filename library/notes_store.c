/* notes_store.c — reading positions and annotations in the database.
 *
 * Both belong to a text (its fingerprint), never to a file or a page. An
 * annotation is one row per text it was applied to (key: id and
 * fingerprint), so the same note imported into a converted copy of a book
 * keeps its id there as well, plus its tags; storing one replaces the row and
 * its tags together in one transaction, and a merge of a whole exchange
 * file is a single transaction, so an import interrupted half way leaves
 * the library exactly as it was before it.
 *
 * What comes back out is held to the rules a file's annotation is held to
 * on import (rows written by an older rod, or by another program, may not
 * keep them): text fields by rod_clean.h, a highlight's range by
 * rod_annot_fix_extent. Positions are only numbers here; rod_anchor_find
 * checks them against the book before anything uses them.
 */
#include <stdlib.h>
#include <string.h>

#include "lib_internal.h"
#include "rod_clean.h"

rod_err rod_lib_position_save(rod_lib *lib, const char *fingerprint, rod_pos pos,
                              double progress)
{
    char now[21];
    rod_annot_now(now);
    sqlite3_stmt *st = NULL;
    rod_err err = lib_writable(lib);
    if (err != ROD_OK)
        return err;
    err = lib_prepare(lib,
        "INSERT INTO positions(fingerprint, block, offset, progress, updated)"
        " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(fingerprint) DO UPDATE SET"
        " block = ?2, offset = ?3, progress = ?4, updated = ?5", &st);
    if (err != ROD_OK)
        return err;
    sqlite3_bind_text(st, 1, fingerprint, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)pos.block);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)pos.offset);
    sqlite3_bind_double(st, 4, progress < 0 ? 0 : progress > 1 ? 1 : progress);
    sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? ROD_OK : lib_fail(lib, rc, "cannot save the reading position");
}

rod_err rod_lib_position_get(rod_lib *lib, const char *fingerprint, rod_pos *pos, bool *found)
{
    *found = false;
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(lib, "SELECT block, offset FROM positions WHERE fingerprint = ?", &st);
    if (err != ROD_OK)
        return err;
    sqlite3_bind_text(st, 1, fingerprint, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *found = true;
        pos->block = (size_t)sqlite3_column_int64(st, 0);
        pos->offset = (size_t)sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? ROD_OK
                                                 : lib_fail(lib, rc, "cannot read the reading position");
}

void lib_put_stmts_free(lib_put_stmts *c)
{
    sqlite3_finalize(c->row);
    sqlite3_finalize(c->untag);
    sqlite3_finalize(c->tag);
    memset(c, 0, sizeof *c);
}

/* Steps a cached statement once and readies it for the next use. */
static int step_reset(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

rod_err lib_annot_put_cached(rod_lib *lib, lib_put_stmts *c, const char *fingerprint,
                             const rod_annot *a)
{
    rod_err err;
    if (!c->row && (err = lib_prepare(lib,
        "INSERT INTO annotations(id, fingerprint, type, reader, color, created, modified,"
        " start_block, start_offset, end_block, end_offset, quote, prefix, suffix, body, reply_to)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
        " ON CONFLICT(id, fingerprint) DO UPDATE SET type = ?3, reader = ?4, color = ?5,"
        " created = ?6, modified = ?7, start_block = ?8, start_offset = ?9, end_block = ?10,"
        " end_offset = ?11, quote = ?12, prefix = ?13, suffix = ?14, body = ?15, reply_to = ?16", &c->row)) != ROD_OK)
        return err;
    if (!c->untag && (err = lib_prepare(lib, "DELETE FROM annotation_tags WHERE annotation = ?"
                                             " AND fingerprint = ?", &c->untag)) != ROD_OK)
        return err;
    if (!c->tag && (err = lib_prepare(lib, "INSERT OR IGNORE INTO annotation_tags(annotation,"
                                           " fingerprint, tag, position) VALUES (?, ?, ?, ?)",
                                      &c->tag)) != ROD_OK)
        return err;
    sqlite3_stmt *st = c->row;
    sqlite3_bind_text(st, 1, a->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, fingerprint, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, rod_annot_type_name(a->type), -1, SQLITE_STATIC);
    lib_bind_str(st, 4, a->reader);
    sqlite3_bind_text(st, 5, a->color ? a->color : "amber", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, a->created ? a->created : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, a->modified ? a->modified : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, (sqlite3_int64)a->start.block);
    sqlite3_bind_int64(st, 9, (sqlite3_int64)a->start.offset);
    if (a->has_end) {
        sqlite3_bind_int64(st, 10, (sqlite3_int64)a->end.block);
        sqlite3_bind_int64(st, 11, (sqlite3_int64)a->end.offset);
    }
    sqlite3_bind_text(st, 12, a->quote ? a->quote : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 13, a->prefix ? a->prefix : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 14, a->suffix ? a->suffix : "", -1, SQLITE_STATIC);
    lib_bind_str(st, 15, a->body && a->body[0] ? a->body : NULL);
    lib_bind_str(st, 16, a->reply_to && a->reply_to[0] ? a->reply_to : NULL);
    int rc = step_reset(st);
    if (rc != SQLITE_DONE)
        return lib_fail(lib, rc, "cannot save the annotation");
    sqlite3_bind_text(c->untag, 1, a->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(c->untag, 2, fingerprint, -1, SQLITE_STATIC);
    if ((rc = step_reset(c->untag)) != SQLITE_DONE)
        return lib_fail(lib, rc, "cannot save the annotation's tags");
    for (size_t i = 0; i < a->ntags && rc == SQLITE_DONE; i++) {
        sqlite3_bind_text(c->tag, 1, a->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(c->tag, 2, fingerprint, -1, SQLITE_STATIC);
        sqlite3_bind_text(c->tag, 3, a->tags[i], -1, SQLITE_STATIC);
        sqlite3_bind_int64(c->tag, 4, (sqlite3_int64)i);
        rc = step_reset(c->tag);
    }
    return rc == SQLITE_DONE ? ROD_OK : lib_fail(lib, rc, "cannot save the annotation's tags");
}

rod_err lib_annot_put_locked(rod_lib *lib, const char *fingerprint, const rod_annot *a)
{
    lib_put_stmts c = {0};
    rod_err err = lib_annot_put_cached(lib, &c, fingerprint, a);
    lib_put_stmts_free(&c);
    return err;
}

rod_err rod_lib_annot_put(rod_lib *lib, const char *fingerprint, const rod_annot *a)
{
    /* inside a caller's transaction (an edition's move) no new one opens */
    bool own;
    rod_err err = lib_begin_nested(lib, &own);
    if (err != ROD_OK)
        return err;
    return lib_end_nested(lib, own, lib_annot_put_locked(lib, fingerprint, a));
}

const char lib_annot_columns[] =
    "SELECT id, type, reader, color, created, modified, start_block, start_offset,"
    " end_block, end_offset, quote, prefix, suffix, body,"
    " (SELECT group_concat(tag, char(31)) FROM"
    "   (SELECT tag FROM annotation_tags t WHERE t.annotation = a.id"
    "    AND t.fingerprint = a.fingerprint ORDER BY position)),"
    " fingerprint, reply_to FROM annotations a ";

bool lib_read_annot(sqlite3_stmt *st, rod_annot *a)
{
    bool ok = true;
    memset(a, 0, sizeof *a);
    a->id = lib_column_str(st, 0, &ok);
    const char *type = (const char *)sqlite3_column_text(st, 1);
    if (!rod_annot_type_from_name(type, &a->type))
        a->type = ROD_ANNOT_HIGHLIGHT;
    a->reader = lib_column_str(st, 2, &ok);
    a->color = lib_column_str(st, 3, &ok);
    a->created = lib_column_str(st, 4, &ok);
    a->modified = lib_column_str(st, 5, &ok);
    a->start.block = (size_t)sqlite3_column_int64(st, 6);
    a->start.offset = (size_t)sqlite3_column_int64(st, 7);
    a->has_end = sqlite3_column_type(st, 8) != SQLITE_NULL;
    a->end = a->has_end ? (rod_pos){(size_t)sqlite3_column_int64(st, 8),
                                    (size_t)sqlite3_column_int64(st, 9)}
                        : a->start;
    a->quote = lib_column_str(st, 10, &ok);
    a->prefix = lib_column_str(st, 11, &ok);
    a->suffix = lib_column_str(st, 12, &ok);
    a->body = lib_column_str(st, 13, &ok);
    a->reply_to = lib_column_str(st, 16, &ok);
    const char *tags = (const char *)sqlite3_column_text(st, 14);
    while (ok && tags && *tags) {
        const char *sep = strchr(tags, '\x1f');
        size_t n = sep ? (size_t)(sep - tags) : strlen(tags);
        char *tag = strndup(tags, n);
        ok = tag && rod_annot_add_tag(a, tag);
        free(tag);
        tags = sep ? sep + 1 : tags + n;
    }
    /* the id and the times are keys (a row is found and merged by them)
     * and stay as stored: printing and exporting escape them */
    ok = ok && rod_clean_field(&a->reader, ROD_FIELD_NAME, NULL) &&
         rod_clean_field(&a->color, ROD_FIELD_NAME, NULL) &&
         rod_clean_field(&a->quote, ROD_FIELD_QUOTE, NULL) &&
         rod_clean_field(&a->prefix, ROD_FIELD_QUOTE, NULL) &&
         rod_clean_field(&a->suffix, ROD_FIELD_QUOTE, NULL) &&
         rod_clean_field(&a->body, ROD_FIELD_TEXT, NULL) &&
         rod_clean_field(&a->reply_to, ROD_FIELD_NAME, NULL);
    for (size_t i = 0; ok && i < a->ntags; i++)
        ok = rod_clean_field(&a->tags[i], ROD_FIELD_NAME, NULL);
    rod_annot_fix_extent(a);
    return ok;
}

rod_err rod_lib_annot_list(rod_lib *lib, const char *fingerprint, rod_notes *set)
{
    char sql[1024];
    snprintf(sql, sizeof sql, "%s WHERE fingerprint = ? ORDER BY start_block, start_offset,"
             " created, id", lib_annot_columns);
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(lib, sql, &st);
    if (err != ROD_OK)
        return err;
    sqlite3_bind_text(st, 1, fingerprint, -1, SQLITE_STATIC);
    int rc;
    while (err == ROD_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        rod_annot a;
        if (!lib_read_annot(st, &a) || !rod_notes_push(set, &a)) {
            rod_annot_clear(&a);
            err = ROD_ERR_NOMEM;
        }
    }
    if (err == ROD_OK && rc != SQLITE_DONE)
        err = lib_fail(lib, rc, "cannot read the annotations");
    sqlite3_finalize(st);
    return err;
}

rod_err rod_lib_annot_get(rod_lib *lib, const char *fingerprint, const char *id, rod_annot *out,
                          bool *found)
{
    *found = false;
    memset(out, 0, sizeof *out);
    char sql[1024];
    snprintf(sql, sizeof sql, "%s WHERE id = ? AND fingerprint = ?", lib_annot_columns);
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(lib, sql, &st);
    if (err != ROD_OK)
        return err;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, fingerprint, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        bool ok = lib_read_annot(st, out);
        *found = true;
        if (!ok)
            err = ROD_ERR_NOMEM;
    } else if (rc != SQLITE_DONE) {
        err = lib_fail(lib, rc, "cannot read the annotation");
    }
    sqlite3_finalize(st);
    return err;
}

rod_err rod_lib_annot_delete(rod_lib *lib, const char *id, bool *found)
{
    *found = false;
    sqlite3_stmt *st = NULL;
    rod_err err = lib_writable(lib);
    if (err != ROD_OK)
        return err;
    /* the deletion is kept (a tombstone per text), so a sync folder's
     * older copies of the note cannot bring it back (sync.c) */
    char now[21];
    rod_annot_now(now);
    if ((err = lib_begin(lib)) != ROD_OK)
        return err;
    err = lib_prepare(lib, "INSERT OR REPLACE INTO tombstones(id, fingerprint, deleted)"
                           " SELECT id, fingerprint, max(?2, modified) FROM annotations WHERE id = ?1", &st);
    if (err != ROD_OK)
        goto fail;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
    if ((err = lib_run(lib, st, "cannot delete the annotation")) != ROD_OK)
        goto fail;
    if ((err = lib_prepare(lib, "DELETE FROM annotations WHERE id = ?", &st)) != ROD_OK)
        goto fail;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    *found = sqlite3_changes(lib->db) > 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        err = lib_fail(lib, rc, "cannot delete the annotation");
        goto fail;
    }
    return lib_commit(lib);
fail:
    lib_rollback(lib);
    return err;
}

rod_err rod_lib_annot_merge(rod_lib *lib, const char *fingerprint, const rod_notes *in,
                            rod_lib_merge *stats)
{
    memset(stats, 0, sizeof *stats);
    rod_err err = lib_begin(lib);
    if (err != ROD_OK)
        return err;
    for (size_t i = 0; i < in->n && err == ROD_OK; i++) {
        const rod_annot *a = &in->items[i];
        rod_annot ours;
        bool found = false;
        if ((err = rod_lib_annot_get(lib, fingerprint, a->id, &ours, &found)) != ROD_OK)
            break;
        if (!found) {
            err = lib_annot_put_locked(lib, fingerprint, a);
            stats->added++;
        } else if (rod_annot_equal(&ours, a)) {
            stats->unchanged++;
        } else if (strcmp(a->modified ? a->modified : "", ours.modified ? ours.modified : "") > 0) {
            err = lib_annot_put_locked(lib, fingerprint, a);
            stats->updated++;
        } else {
            stats->kept++;
        }
        rod_annot_clear(&ours);
    }
    if (err != ROD_OK) {
        lib_rollback(lib);
        return err;
    }
    return lib_commit(lib);
}
