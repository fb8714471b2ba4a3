/* check.c — `rod library check`: is the database whole, and if not, a
 * recovery copy of everything that can still be read.
 *
 * The damaged file is opened read-only and never changed, so nothing the
 * reader had is lost by checking. Salvage copies table by table in rowid
 * order into a fresh database with the current schema; when a damaged
 * page stops a scan, it starts again past the last row it could read, so
 * one bad page costs the rows on it and not the rest of the table. The
 * search index is not copied: it is made from the books again by
 * `rod library add`. A copy is offered in place of the damaged file only
 * when it holds every row the damaged file still gave up and at least
 * one: with a damaged header nothing can be read, and an empty copy
 * swapped in would lose everything the file may still hold, so then the
 * copy is removed and the report says so.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib_internal.h"
#include "rod_outfile.h"

/* Whether a scan of rd (rowid >= ?) from x gets past the damage: its
 * first step gives a row or the end. */
static bool readable_from(sqlite3_stmt *rd, sqlite3_int64 x)
{
    sqlite3_reset(rd);
    sqlite3_bind_int64(rd, 1, x);
    int rc = sqlite3_step(rd);
    return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

/* A scan from `start` met a damaged page: the least x past it from which
 * a scan reads again, by probes at growing steps and then halving, so the
 * damage costs the rows on the bad pages and none after them (a fixed
 * skip loses the readable rows it jumps over). A few dozen seeks. The
 * scan seeks rowid >= x: a seek past x (rowid > x) starts at x's page,
 * which may be the bad one, and would lose the row just after it. */
static sqlite3_int64 past_damage(sqlite3_stmt *rd, sqlite3_int64 start)
{
    sqlite3_int64 bad = start, good, step = 1;
    for (;;) {
        good = bad <= INT64_MAX - step ? bad + step : INT64_MAX;
        if (good == INT64_MAX || readable_from(rd, good))
            break;
        bad = good;
        step = step <= INT64_MAX / 2 ? step * 2 : step;
    }
    while (good - bad > 1) {
        sqlite3_int64 mid = bad + (good - bad) / 2;
        if (readable_from(rd, mid))
            good = mid;
        else
            bad = mid;
    }
    return good;
}

static const char *const tables[] = {"books", "positions", "annotations", "annotation_tags",
                                     "editions", "covers", "tombstones", "meta", "sync_books",
                                     "reading_sessions", "finished"};
/* tables[] from here on came with schema 5 (sync) or 6 (reading
 * statistics): an older library has none to copy, which is no loss. The deletions matter most: without them
 * an older copy of a note in a sync folder would come back. */
enum { SINCE_SCHEMA_4 = 6 };

/* Whether an older library simply lacks the table (nothing to salvage). */
static bool table_missing(sqlite3 *db, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT 1 FROM \"%s\" LIMIT 0", table);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    bool missing = rc != SQLITE_OK && strstr(sqlite3_errmsg(db), "no such table") != NULL;
    sqlite3_finalize(st);
    return missing;
}

/* Copies the rows of one table that can be read. */
static void salvage_table(sqlite3 *from, sqlite3 *to, const char *table, size_t *saved,
                          size_t *lost, size_t *unwritten)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT rowid, * FROM \"%s\" WHERE rowid >= ? ORDER BY rowid", table);
    sqlite3_stmt *rd = NULL;
    if (sqlite3_prepare_v2(from, sql, -1, &rd, NULL) != SQLITE_OK) {
        (*lost)++;
        return;
    }
    /* the columns by name: a library of an older schema has fewer (a
     * column added since takes its default in the copy) */
    int cols = sqlite3_column_count(rd) - 1;
    char ins[2048];
    int n = snprintf(ins, sizeof ins, "INSERT OR IGNORE INTO \"%s\" (", table);
    for (int i = 0; i < cols && n < (int)sizeof ins - 80; i++)
        n += snprintf(ins + n, sizeof ins - (size_t)n, "%s\"%.60s\"", i ? ", " : "",
                      sqlite3_column_name(rd, i + 1));
    n += snprintf(ins + n, sizeof ins - (size_t)n, ") VALUES (");
    for (int i = 0; i < cols && n < (int)sizeof ins - 4; i++)
        n += snprintf(ins + n, sizeof ins - (size_t)n, i ? ", ?" : "?");
    snprintf(ins + n, sizeof ins - (size_t)n, ")");
    sqlite3_stmt *wr = NULL;
    if (sqlite3_prepare_v2(to, ins, -1, &wr, NULL) != SQLITE_OK) {
        sqlite3_finalize(rd);
        (*lost)++;
        return;
    }
    sqlite3_int64 last = -1;
    int failures = 0;
    while (failures < 1000) {
        sqlite3_reset(rd);
        sqlite3_bind_int64(rd, 1, last + 1);
        int rc;
        while ((rc = sqlite3_step(rd)) == SQLITE_ROW) {
            last = sqlite3_column_int64(rd, 0);
            for (int i = 0; i < cols; i++)
                sqlite3_bind_value(wr, i + 1, sqlite3_column_value(rd, i + 1));
            if (sqlite3_step(wr) == SQLITE_DONE)
                (*saved)++;
            else
                (*unwritten)++;
            sqlite3_reset(wr);
        }
        if (rc == SQLITE_DONE)
            break;
        /* a damaged page: go on from the first row past it */
        (*lost)++;
        failures++;
        last = past_damage(rd, last + 1) - 1;
    }
    sqlite3_finalize(rd);
    sqlite3_finalize(wr);
}

/* Removes a recovery copy that is not offered, with its WAL files. */
static void remove_copy(const char *copy)
{
    char side[4200];
    remove(copy);
    snprintf(side, sizeof side, "%s-wal", copy);
    remove(side);
    snprintf(side, sizeof side, "%s-shm", copy);
    remove(side);
}

static rod_err salvage(const char *path, sqlite3 *from, rod_buf *report, rod_lib_check_result *res)
{
    char stamp[32], copy[4096];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    snprintf(copy, sizeof copy, "%s.recovered-%s.db", path, stamp);
    /* made under a temporary name and renamed into place when whole
     * (rod_outfile.h): a copy that is there is a complete one */
    rod_diag d = ROD_DIAG_INIT(copy);
    rod_out out;
    rod_err err = rod_out_open(&out, copy, ROD_OUT_NAMED, NULL, 0, &d);
    if (err != ROD_OK) {
        rod_buf_printf(report, "cannot make a recovery copy: %s\n", d.n ? d.items[0].text : copy);
        rod_diag_free(&d);
        return err;
    }
    rod_lib *lib = NULL;
    err = rod_lib_open(out.tmp, &lib);
    if (err != ROD_OK) {
        rod_buf_printf(report, "cannot make a recovery copy: %s\n", rod_lib_message(lib));
        rod_lib_close(lib);
        rod_out_abort(&out);
        rod_diag_free(&d);
        return err;
    }
    sqlite3_exec(lib->db, "PRAGMA foreign_keys = OFF; BEGIN", NULL, NULL, NULL);
    size_t unwritten = 0;
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        size_t saved = 0, lost = 0, failed = 0;
        if (i >= SINCE_SCHEMA_4 && table_missing(from, tables[i]))
            continue;
        salvage_table(from, lib->db, tables[i], &saved, &lost, &failed);
        rod_buf_printf(report, "  %-16s %zu rows copied%s%s\n", tables[i], saved,
                       lost ? ", some rows could not be read" : "",
                       failed ? ", some could not be written to the copy" : "");
        res->rows_saved += saved;
        res->rows_lost += lost;
        unwritten += failed;
    }
    int rc = sqlite3_exec(lib->db, "COMMIT", NULL, NULL, NULL);
    rod_lib_close(lib);
    if (rc != SQLITE_OK || unwritten || res->rows_saved == 0) {
        char *tmp = strdup(out.tmp);
        rod_out_abort(&out);
        if (tmp)
            remove_copy(tmp);   /* its -wal and -shm, if SQLite left any */
        free(tmp);
        if (rc != SQLITE_OK || unwritten)
            rod_buf_printf(report, "the recovery copy could not hold every row that was read; "
                           "it was removed.\n");
        else
            rod_buf_printf(report, "No row could be read (%s), so no recovery copy is offered: "
                           "keep the damaged file as it is, and restore a backup if you have one.\n",
                           res->rows_lost ? "every table was unreadable" : "the database is empty or unreadable");
        res->rows_saved = 0;
        rod_diag_free(&d);
        return rc != SQLITE_OK || unwritten ? ROD_ERR_IO : ROD_OK;
    }
    if (rod_out_commit(&out, &d) != ROD_OK) {
        rod_buf_printf(report, "cannot write the recovery copy %s%s%s\n", copy, d.n ? ": " : "",
                       d.n ? d.items[0].text : "");
        rod_diag_free(&d);
        return ROD_ERR_IO;
    }
    rod_diag_free(&d);
    res->recovered = strdup(copy);
    rod_buf_printf(report,
                   "recovery copy: %s\n"
                   "The damaged library is unchanged. To use the copy:\n"
                   "  mv '%s' '%s.damaged' && mv '%s' '%s'\n"
                   "then `rod library add` your books again to rebuild the search index.\n",
                   copy, path, path, copy, path);
    return res->recovered ? ROD_OK : ROD_ERR_NOMEM;
}

rod_err rod_lib_check(const char *path, rod_buf *report, rod_lib_check_result *res)
{
    memset(res, 0, sizeof *res);
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
    if (rc != SQLITE_OK) {
        rod_buf_printf(report, "%s: cannot open: %s\n", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close_v2(db);
        return ROD_ERR_IO;
    }
    sqlite3_stmt *st = NULL;
    size_t problems = 0;
    char why[256];
    if (!lib_header_ok(path, why, sizeof why)) {
        rod_buf_printf(report, "  %s\n", why);
        problems++;
    }
    rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check(20)", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            const char *line = (const char *)sqlite3_column_text(st, 0);
            if (line && strcmp(line, "ok") == 0)
                continue;
            rod_buf_printf(report, "  %s\n", line ? line : "?");
            problems++;
        }
        sqlite3_finalize(st);
    }
    if (rc != SQLITE_DONE) {
        rod_buf_printf(report, "  %s\n", sqlite3_errmsg(db));
        problems++;
    }
    res->ok = problems == 0;
    rod_err err = ROD_OK;
    if (res->ok) {
        rod_buf_printf(report, "%s: ok\n", path);
    } else {
        rod_buf_printf(report, "%s: damaged (%zu problem%s above)\n", path, problems,
                       problems == 1 ? "" : "s");
        err = salvage(path, db, report, res);
    }
    sqlite3_close_v2(db);
    return err;
}
