/* db.c — opening the library database: the one file that opens SQLite.
 *
 * The settings chosen here carry the library's promise never to lose a
 * note. WAL journaling keeps readers and one writer out of each other's
 * way and makes each commit one append; synchronous=FULL syncs the WAL at
 * every commit, so even a power cut keeps what was committed (NORMAL would
 * only survive a process crash). A five-second busy timeout lets the
 * reader window and a `rod library add` in a terminal share the file.
 *
 * The schema is versioned in PRAGMA user_version; each migration runs in
 * its own transaction together with the version bump, so a crash during an
 * upgrade leaves the old version whole. A database from a newer rod is
 * refused rather than guessed at. A file that is not a database or is
 * damaged is never written: the message says so and names `rod library
 * check`, which makes a recovery copy beside it (check.c).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "lib_internal.h"

/* Migration n takes user_version n-1 to n. */
static const char *const migrations[] = {
    /* 1: the first schema */
    "CREATE TABLE books("
    "  id INTEGER PRIMARY KEY,"
    "  path TEXT NOT NULL UNIQUE,"
    "  fingerprint TEXT NOT NULL,"
    "  format TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  authors TEXT NOT NULL DEFAULT '',"
    "  language TEXT NOT NULL DEFAULT '',"
    "  blocks INTEGER NOT NULL,"
    "  words INTEGER NOT NULL,"
    "  added TEXT NOT NULL);"
    "CREATE INDEX books_fingerprint ON books(fingerprint);"
    "CREATE TABLE positions("
    "  fingerprint TEXT PRIMARY KEY,"
    "  block INTEGER NOT NULL,"
    "  offset INTEGER NOT NULL,"
    "  progress REAL NOT NULL DEFAULT 0,"
    "  updated TEXT NOT NULL);"
    "CREATE TABLE annotations("
    "  id TEXT NOT NULL,"
    "  fingerprint TEXT NOT NULL,"
    "  type TEXT NOT NULL CHECK (type IN ('highlight', 'note', 'bookmark')),"
    "  reader TEXT,"
    "  color TEXT NOT NULL,"
    "  created TEXT NOT NULL,"
    "  modified TEXT NOT NULL,"
    "  start_block INTEGER NOT NULL,"
    "  start_offset INTEGER NOT NULL,"
    "  end_block INTEGER,"
    "  end_offset INTEGER,"
    "  quote TEXT NOT NULL,"
    "  prefix TEXT NOT NULL,"
    "  suffix TEXT NOT NULL,"
    "  body TEXT,"
    "  PRIMARY KEY (id, fingerprint));"
    "CREATE INDEX annotations_fingerprint ON annotations(fingerprint);"
    "CREATE TABLE annotation_tags("
    "  annotation TEXT NOT NULL,"
    "  fingerprint TEXT NOT NULL,"
    "  tag TEXT NOT NULL,"
    "  position INTEGER NOT NULL,"
    "  PRIMARY KEY (annotation, fingerprint, tag),"
    "  FOREIGN KEY (annotation, fingerprint) REFERENCES annotations(id, fingerprint)"
    "    ON DELETE CASCADE);"
    "CREATE TABLE editions("
    "  old_fingerprint TEXT NOT NULL,"
    "  new_fingerprint TEXT NOT NULL,"
    "  path TEXT NOT NULL,"
    "  changed TEXT NOT NULL);"
    "CREATE TABLE indexed(fingerprint TEXT PRIMARY KEY);"
    "CREATE VIRTUAL TABLE book_text USING fts5("
    "  text, fingerprint UNINDEXED, block UNINDEXED,"
    "  tokenize = 'unicode61 remove_diacritics 2');",
    /* 2: covers, for the library view */
    "CREATE TABLE covers("
    "  fingerprint TEXT PRIMARY KEY,"
    "  type TEXT NOT NULL,"
    "  data BLOB NOT NULL);",
    /* 3: the order reading positions were saved in, exactly. `updated` is
     * to the second, so two copies of a book read within one second tied
     * and the newer place was not carried (related.c). Every save takes
     * the next number whoever writes it (the triggers); a row inserted
     * with its own (a carried place, a recovery copy) keeps it. Existing
     * rows are numbered by `updated`. */
    "ALTER TABLE positions ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;"
    "UPDATE positions SET seq = (SELECT count(*) FROM positions p WHERE p.updated < positions.updated"
    "  OR (p.updated = positions.updated AND p.rowid <= positions.rowid));"
    "CREATE TRIGGER positions_seq_insert AFTER INSERT ON positions WHEN NEW.seq = 0 BEGIN"
    "  UPDATE positions SET seq = (SELECT max(seq) FROM positions) + 1 WHERE rowid = NEW.rowid; END;"
    "CREATE TRIGGER positions_seq_update AFTER UPDATE OF block, offset, progress, updated ON positions BEGIN"
    "  UPDATE positions SET seq = (SELECT max(seq) FROM positions) + 1 WHERE rowid = NEW.rowid; END;",
    /* 4: what the library view shows and searches beside title and
     * authors: the series with its number, the subjects (tags) and the
     * other creators with their roles. Books added before are filled in
     * when they are next added. */
    "ALTER TABLE books ADD COLUMN series TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE books ADD COLUMN subjects TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE books ADD COLUMN contributors TEXT NOT NULL DEFAULT '';",
    /* 5: sync between devices (sync.c). Deletions are kept as tombstones,
     * so an older copy of a note cannot come back; the device's id and
     * name and the sync folder live in `meta`; what each file of the folder
     * was when last read (size, time, hash) in `sync_files`, so an exchange
     * with nothing new reads nothing; the title of a book known only from
     * another device's file in `sync_books`; and `sync_changes` counts every
     * change to notes and places, so rod knows whether its own file is
     * out of date without reading the library. (IF NOT EXISTS: a copy
     * whose version was set back by hand, as the tests do, keeps them.) */
    "CREATE TABLE IF NOT EXISTS tombstones("
    "  id TEXT NOT NULL,"
    "  fingerprint TEXT NOT NULL,"
    "  deleted TEXT NOT NULL,"
    "  PRIMARY KEY (id, fingerprint));"
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS sync_files("
    "  name TEXT PRIMARY KEY,"
    "  size INTEGER NOT NULL,"
    "  mtime INTEGER NOT NULL,"
    "  hash TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS sync_books("
    "  fingerprint TEXT PRIMARY KEY,"
    "  title TEXT,"
    "  id_scheme TEXT,"
    "  identifier TEXT);"
    "CREATE TABLE IF NOT EXISTS sync_changes(n INTEGER NOT NULL);"
    "INSERT INTO sync_changes SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM sync_changes);"
    "CREATE TRIGGER IF NOT EXISTS sync_annot_insert AFTER INSERT ON annotations BEGIN"
    "  UPDATE sync_changes SET n = n + 1; END;"
    "CREATE TRIGGER IF NOT EXISTS sync_annot_update AFTER UPDATE ON annotations BEGIN"
    "  UPDATE sync_changes SET n = n + 1; END;"
    "CREATE TRIGGER IF NOT EXISTS sync_annot_delete AFTER DELETE ON annotations BEGIN"
    "  UPDATE sync_changes SET n = n + 1; END;"
    "CREATE TRIGGER IF NOT EXISTS sync_tomb_insert AFTER INSERT ON tombstones BEGIN"
    "  UPDATE sync_changes SET n = n + 1; END;"
    "CREATE TRIGGER IF NOT EXISTS sync_place_insert AFTER INSERT ON positions BEGIN"
    "  UPDATE sync_changes SET n = n + 1; END;"
    "CREATE TRIGGER IF NOT EXISTS sync_place_update AFTER UPDATE ON positions BEGIN"
    "  UPDATE sync_changes SET n = n + 1; END;",
    /* 6: reading statistics (readstats.c). A session is one sitting with
     * a text, keyed by when it began (Unix seconds, UTC), rewritten as it
     * grows; `seconds` counts only time between page turns close enough
     * together to be reading. `finished` keeps the first time a text's
     * end was reached. (IF NOT EXISTS, as for 5.) */
    "CREATE TABLE IF NOT EXISTS reading_sessions("
    "  fingerprint TEXT NOT NULL,"
    "  started INTEGER NOT NULL,"
    "  seconds INTEGER NOT NULL CHECK (seconds >= 0),"
    "  pages INTEGER NOT NULL CHECK (pages >= 0),"
    "  start_block INTEGER NOT NULL,"
    "  start_offset INTEGER NOT NULL,"
    "  end_block INTEGER NOT NULL,"
    "  end_offset INTEGER NOT NULL,"
    "  PRIMARY KEY (fingerprint, started));"
    "CREATE INDEX IF NOT EXISTS reading_sessions_started ON reading_sessions(started);"
    "CREATE TABLE IF NOT EXISTS finished("
    "  fingerprint TEXT PRIMARY KEY,"
    "  at INTEGER NOT NULL);",
    /* 7: replies (rod_annot.h): the id of the note an annotation answers,
     * NULL for one that answers none. */
    "ALTER TABLE annotations ADD COLUMN reply_to TEXT;",
};

enum { MIGRATIONS = sizeof migrations / sizeof migrations[0] };
_Static_assert((int)MIGRATIONS == (int)ROD_LIB_SCHEMA, "one migration per schema version");

rod_err lib_fail(rod_lib *lib, int rc, const char *what)
{
    const char *why = lib->db ? sqlite3_errmsg(lib->db) : sqlite3_errstr(rc);
    int base = rc & 0xff;
    if (base == SQLITE_READONLY)
        snprintf(lib->message, sizeof lib->message,
                 "%s: %s: the library is read-only (%s); nothing was changed",
                 lib->path ? lib->path : "library", what, why);
    else if (base == SQLITE_CORRUPT || base == SQLITE_NOTADB)
        snprintf(lib->message, sizeof lib->message,
                 "%s: %s: %s. The library database is damaged; rod has not changed it. "
                 LIB_DAMAGE_HINT,
                 lib->path ? lib->path : "library", what, why);
    else if (base == SQLITE_BUSY || base == SQLITE_LOCKED)
        snprintf(lib->message, sizeof lib->message,
                 "%s: %s: the library is busy (another rod is writing to it); try again",
                 lib->path ? lib->path : "library", what);
    else
        snprintf(lib->message, sizeof lib->message, "%s: %s: %s",
                 lib->path ? lib->path : "library", what, why);
    return base == SQLITE_NOMEM ? ROD_ERR_NOMEM : ROD_ERR_IO;
}

rod_err lib_prepare(rod_lib *lib, const char *sql, sqlite3_stmt **stmt)
{
    int rc = sqlite3_prepare_v2(lib->db, sql, -1, stmt, NULL);
    return rc == SQLITE_OK ? ROD_OK : lib_fail(lib, rc, "cannot read the library");
}

rod_err lib_run(rod_lib *lib, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? ROD_OK : lib_fail(lib, rc, what);
}

rod_err lib_exec(rod_lib *lib, const char *sql)
{
    int rc = sqlite3_exec(lib->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? ROD_OK : lib_fail(lib, rc, "cannot update the library");
}

rod_err lib_begin(rod_lib *lib)
{
    rod_err err = lib_writable(lib);
    return err == ROD_OK ? lib_exec(lib, "BEGIN IMMEDIATE") : err;
}

rod_err lib_commit(rod_lib *lib)
{
    int rc = sqlite3_exec(lib->db, "COMMIT", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        return ROD_OK;
    rod_err err = lib_fail(lib, rc, "cannot save to the library");
    lib_rollback(lib);
    return err;
}

rod_err lib_begin_nested(rod_lib *lib, bool *own)
{
    *own = sqlite3_get_autocommit(lib->db);
    return *own ? lib_begin(lib) : ROD_OK;
}

rod_err lib_end_nested(rod_lib *lib, bool own, rod_err err)
{
    if (!own)
        return err;
    if (err != ROD_OK) {
        lib_rollback(lib);
        return err;
    }
    return lib_commit(lib);
}

void lib_rollback(rod_lib *lib)
{
    if (!sqlite3_get_autocommit(lib->db))
        sqlite3_exec(lib->db, "ROLLBACK", NULL, NULL, NULL);
}

char *lib_column_str(sqlite3_stmt *stmt, int col, bool *ok)
{
    const unsigned char *s = sqlite3_column_text(stmt, col);
    if (!s)
        return NULL;
    char *copy = strdup((const char *)s);
    if (!copy)
        *ok = false;
    return copy;
}

int lib_bind_str(sqlite3_stmt *stmt, int idx, const char *s)
{
    return s ? sqlite3_bind_text(stmt, idx, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(stmt, idx);
}

bool rod_lib_default_path(char *out, size_t n)
{
    const char *env = getenv("ROD_LIBRARY");
    if (env && env[0])
        return (size_t)snprintf(out, n, "%s", env) < n;
    const char *xdg = getenv("XDG_DATA_HOME");
    if (xdg && xdg[0] == '/')
        return (size_t)snprintf(out, n, "%s/rod/library.db", xdg) < n;
    const char *home = getenv("HOME");
    if (!home || !home[0])
        return false;
    return (size_t)snprintf(out, n, "%s/.local/share/rod/library.db", home) < n;
}

/* mkdir -p of the folder holding path. */
static bool make_parent(const char *path)
{
    char dir[PATH_MAX];
    if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir)
        return false;
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return true;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            return false;
        *p = '/';
    }
    return mkdir(dir, 0700) == 0 || errno == EEXIST;
}

rod_err lib_migrate(rod_lib *lib)
{
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(lib, "PRAGMA user_version", &st);
    if (err != ROD_OK)
        return err;
    int rc = sqlite3_step(st);
    int version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return lib_fail(lib, rc, "cannot read the library's version");
    if (version > ROD_LIB_SCHEMA) {
        snprintf(lib->message, sizeof lib->message,
                 "%s: the library was made by a newer rod (schema %d; this rod knows up to %d); "
                 "it is left as it is", lib->path, version, ROD_LIB_SCHEMA);
        return ROD_ERR_IO;
    }
    for (int v = version; v < ROD_LIB_SCHEMA; v++) {
        if ((err = lib_begin(lib)) != ROD_OK)
            return err;
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA user_version = %d", v + 1);
        if ((err = lib_exec(lib, migrations[v])) != ROD_OK || (err = lib_exec(lib, bump)) != ROD_OK) {
            lib_rollback(lib);
            return err;
        }
        if ((err = lib_commit(lib)) != ROD_OK)
            return err;
    }
    return ROD_OK;
}

/* Whether rod may write the library at path (an existing file): the file
 * and its folder (for the WAL and its index) writable, and the file
 * system not mounted read-only — root passes access(2) there too. */
static bool writable(const char *path, bool *ro_fs)
{
    struct statvfs vfs;
    *ro_fs = statvfs(path, &vfs) == 0 && (vfs.f_flag & ST_RDONLY);
    if (*ro_fs || access(path, W_OK) != 0)
        return false;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
    return access(dir, W_OK) == 0;
}

/* True when the file's header says WAL (bytes 18 and 19 are 2). */
static bool in_wal_mode(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char h[20];
    bool wal = f && fread(h, 1, sizeof h, f) == sizeof h && h[18] == 2 && h[19] == 2;
    if (f)
        fclose(f);
    return wal;
}

/* A library that cannot be written, opened for reading: immutable on a
 * read-only file system (no WAL index can be made there, and nothing can
 * change the file), else read-only beside a writer that may be running. */
static rod_err open_readonly(rod_lib *lib, bool ro_fs)
{
    char *uri = sqlite3_mprintf("file:%s?%s", lib->path, ro_fs ? "immutable=1" : "mode=ro");
    if (!uri)
        return ROD_ERR_NOMEM;
    int rc = sqlite3_open_v2(uri, &lib->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    sqlite3_free(uri);
    if (rc != SQLITE_OK)
        return lib_fail(lib, rc, "cannot open the library");
    sqlite3_busy_timeout(lib->db, 5000);
    sqlite3_extended_result_codes(lib->db, 1);
    char why[256];
    if (!lib_header_ok(lib->path, why, sizeof why)) {
        snprintf(lib->message, sizeof lib->message,
                 "%s: the library database is damaged: %s. " LIB_DAMAGE_HINT, lib->path, why);
        return ROD_ERR_IO;
    }
    /* an older schema cannot be migrated here; reading it is still safe */
    return lib_exec(lib, "PRAGMA query_only = 1");
}

rod_err rod_lib_open(const char *path, rod_lib **out)
{
    *out = NULL;
    rod_lib *lib = calloc(1, sizeof *lib);
    if (!lib)
        return ROD_ERR_NOMEM;
    *out = lib;
    char def[PATH_MAX];
    if (!path) {
        if (!rod_lib_default_path(def, sizeof def)) {
            snprintf(lib->message, sizeof lib->message,
                     "no place for the library: set ROD_LIBRARY, XDG_DATA_HOME or HOME");
            return ROD_ERR_IO;
        }
        path = def;
    }
    if (!(lib->path = strdup(path)))
        return ROD_ERR_NOMEM;
    if (!make_parent(path)) {
        snprintf(lib->message, sizeof lib->message, "%s: cannot make its folder: %s", path,
                 strerror(errno));
        return ROD_ERR_IO;
    }
    bool ro_fs = false;
    if (access(path, F_OK) == 0 && !writable(path, &ro_fs)) {
        lib->readonly = true;
        snprintf(lib->readonly_why, sizeof lib->readonly_why, "%s",
                 ro_fs ? "it is on a read-only file system" : "the file or its folder cannot be written");
        return open_readonly(lib, ro_fs);
    }
    int rc = sqlite3_open_v2(path, &lib->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK)
        return lib_fail(lib, rc, "cannot open the library");
    sqlite3_busy_timeout(lib->db, 5000);
    sqlite3_extended_result_codes(lib->db, 1);
    /* A library rod made is in WAL mode already, and asking again writes
     * nothing; a file in another mode is only switched (a write) once it
     * has passed the check before writes. */
    char why[256];
    if (!lib_header_ok(path, why, sizeof why)) {
        rod_err err = lib_writable(lib);    /* says it is damaged */
        return err == ROD_OK ? ROD_ERR_IO : err;
    }
    if (!in_wal_mode(path)) {
        rod_err err = lib_writable(lib);
        if (err != ROD_OK)
            return err;
    }
    /* journal_mode answers with the mode it ended in */
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(lib, "PRAGMA journal_mode = WAL", &st);
    if (err != ROD_OK)
        return err;
    rc = sqlite3_step(st);
    bool wal = rc == SQLITE_ROW && sqlite3_column_text(st, 0) &&
               strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return lib_fail(lib, rc, "cannot open the library");
    if (!wal) {
        snprintf(lib->message, sizeof lib->message,
                 "%s: the library cannot use write-ahead logging here (a network file system?)",
                 path);
        return ROD_ERR_IO;
    }
    if ((err = lib_exec(lib, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON")) != ROD_OK)
        return err;
    return lib_migrate(lib);
}

void rod_lib_close(rod_lib *lib)
{
    if (!lib)
        return;
    sqlite3_close_v2(lib->db);
    free(lib->path);
    free(lib);
}

const char *rod_lib_message(const rod_lib *lib)
{
    return lib ? lib->message : "out of memory";
}

const char *rod_lib_path(const rod_lib *lib)
{
    return lib->path;
}
