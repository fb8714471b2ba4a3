/* readstats.c — reading statistics: the sittings with each text, the
 * texts finished, and the totals the window's panel and `rod library
 * stats` show.
 *
 * The window measures; the library only keeps and sums. A session row
 * holds how long a sitting read and how many pages it turned, keyed by
 * (text, start), so saving a growing sitting every few minutes rewrites
 * one row and a crash loses at most the minutes since the last save.
 * Times are Unix seconds in UTC, not ISO strings as elsewhere in the
 * library, because everything done with them is arithmetic: the time on
 * a day is the overlap of [started, started + seconds) with the day. A
 * session is thereby treated as read without a break from its start —
 * the window ends a sitting at UTC midnight, so its own sessions never
 * straddle one and the sharing only matters for imported rows. Keeping
 * every page turn as a row instead was turned down: thousands of rows a
 * book for figures that only ever need sums.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib_internal.h"

enum { DAY = 86400 };

rod_err rod_lib_session_put(rod_lib *lib, const char *fingerprint, const rod_lib_session *s)
{
    if (s->seconds < 0 || s->pages < 0) {
        snprintf(lib->message, sizeof lib->message,
                 "a reading session cannot have negative time or pages");
        return ROD_ERR_USAGE;
    }
    rod_err err = lib_writable(lib);
    if (err != ROD_OK)
        return err;
    sqlite3_stmt *st = NULL;
    err = lib_prepare(lib,
        "INSERT INTO reading_sessions(fingerprint, started, seconds, pages, start_block,"
        " start_offset, end_block, end_offset) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        " ON CONFLICT(fingerprint, started) DO UPDATE SET seconds = ?3, pages = ?4,"
        " start_block = ?5, start_offset = ?6, end_block = ?7, end_offset = ?8", &st);
    if (err != ROD_OK)
        return err;
    sqlite3_bind_text(st, 1, fingerprint, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, s->started);
    sqlite3_bind_int64(st, 3, s->seconds);
    sqlite3_bind_int64(st, 4, s->pages);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)s->start.block);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)s->start.offset);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)s->end.block);
    sqlite3_bind_int64(st, 8, (sqlite3_int64)s->end.offset);
    return lib_run(lib, st, "cannot save the reading session");
}

rod_err rod_lib_finished_mark(rod_lib *lib, const char *fingerprint, int64_t at)
{
    rod_err err = lib_writable(lib);
    if (err != ROD_OK)
        return err;
    sqlite3_stmt *st = NULL;
    err = lib_prepare(lib, "INSERT OR IGNORE INTO finished(fingerprint, at) VALUES (?1, ?2)", &st);
    if (err != ROD_OK)
        return err;
    sqlite3_bind_text(st, 1, fingerprint, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, at);
    return lib_run(lib, st, "cannot mark the book finished");
}

rod_err rod_lib_book_stats_get(rod_lib *lib, const char *fingerprint, rod_lib_book_stats *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(lib,
        "SELECT coalesce(sum(seconds), 0), coalesce(sum(pages), 0), count(*),"
        " coalesce(min(started), 0), coalesce(max(started), 0),"
        " coalesce((SELECT at FROM finished WHERE fingerprint = ?1), 0)"
        " FROM reading_sessions WHERE fingerprint = ?1", &st);
    if (err != ROD_OK)
        return err;
    sqlite3_bind_text(st, 1, fingerprint, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->seconds = sqlite3_column_int64(st, 0);
        out->pages = sqlite3_column_int64(st, 1);
        out->sessions = (size_t)sqlite3_column_int64(st, 2);
        out->first = sqlite3_column_int64(st, 3);
        out->last = sqlite3_column_int64(st, 4);
        out->finished = sqlite3_column_int64(st, 5);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? ROD_OK : lib_fail(lib, rc, "cannot read the reading statistics");
}

double rod_lib_pages_per_hour(int64_t pages, int64_t seconds)
{
    return seconds > 0 ? (double)pages * 3600.0 / (double)seconds : 0.0;
}

void rod_lib_duration_text(int64_t seconds, char *out, size_t n)
{
    if (seconds < 0)
        seconds = 0;
    if (seconds < 60)
        snprintf(out, n, "%lld s", (long long)seconds);
    else if (seconds < 3600)
        snprintf(out, n, "%lld min", (long long)(seconds / 60));
    else
        snprintf(out, n, "%lld h %02lld min", (long long)(seconds / 3600),
                 (long long)(seconds % 3600 / 60));
}

void rod_lib_date_text(int64_t t, char *out, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || !strftime(out, n, "%Y-%m-%d", &tm))
        snprintf(out, n, "?");
}

rod_err rod_lib_days_read(rod_lib *lib, int64_t now, size_t days, int64_t *out)
{
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(lib,
        "SELECT coalesce(sum(min(started + seconds, ?2) - max(started, ?1)), 0)"
        " FROM reading_sessions WHERE started < ?2 AND started + seconds > ?1", &st);
    if (err != ROD_OK)
        return err;
    /* floor division: a day starts at a multiple of DAY, before 1970 too */
    int64_t today = now / DAY * DAY;
    if (now < 0 && now % DAY)
        today -= DAY;
    for (size_t i = 0; i < days; i++) {
        int64_t from = today - (int64_t)i * DAY;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, from);
        sqlite3_bind_int64(st, 2, from + DAY);
        int rc = sqlite3_step(st);
        if (rc != SQLITE_ROW) {
            sqlite3_finalize(st);
            return lib_fail(lib, rc, "cannot read the reading statistics");
        }
        out[i] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return ROD_OK;
}

rod_err rod_lib_finished_list(rod_lib *lib, rod_lib_finished **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(lib,
        "SELECT f.fingerprint, coalesce((SELECT title FROM books b WHERE b.fingerprint ="
        " f.fingerprint ORDER BY b.id LIMIT 1), (SELECT title FROM sync_books s WHERE"
        " s.fingerprint = f.fingerprint), f.fingerprint), f.at FROM finished f"
        " ORDER BY f.at DESC, f.fingerprint", &st);
    if (err != ROD_OK)
        return err;
    rod_lib_finished *list = NULL;
    size_t len = 0, cap = 0;
    bool ok = true;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            rod_lib_finished *grown = realloc(list, ncap * sizeof *grown);
            if (!grown) {
                ok = false;
                break;
            }
            list = grown;
            cap = ncap;
        }
        rod_lib_finished *f = &list[len++];
        f->fingerprint = lib_column_str(st, 0, &ok);
        f->title = lib_column_str(st, 1, &ok);
        f->at = sqlite3_column_int64(st, 2);
        if (!ok)
            break;
    }
    sqlite3_finalize(st);
    if (!ok) {
        rod_lib_finished_free(list, len);
        return ROD_ERR_NOMEM;
    }
    if (rc != SQLITE_DONE) {
        rod_lib_finished_free(list, len);
        return lib_fail(lib, rc, "cannot read the finished books");
    }
    *out = list;
    *n = len;
    return ROD_OK;
}

void rod_lib_finished_free(rod_lib_finished *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(list[i].fingerprint);
        free(list[i].title);
    }
    free(list);
}
