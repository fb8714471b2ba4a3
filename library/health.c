/* health.c — no write to a damaged library: the check rod runs before
 * the first write after opening one, and the read-only case.
 *
 * A library is damaged by things SQLite never sees (a disk that returns
 * other bytes, a copy cut short, a program that writes into the file).
 * SQLite notices such damage only on the pages a statement happens to
 * read, so a write may go through on top of it and make it worse: a page
 * handed out from a broken free list can overwrite a live one. So before
 * the first write of a handle (lib_writable, called by lib_begin and by
 * every write outside a transaction) rod checks:
 *
 *   - the 100-byte header against the file format: the magic string, a
 *     page size SQLite can have, the fixed payload fractions, zeros where
 *     the format reserves them, no auto-vacuum (rod never sets it, and a
 *     stray byte there would make SQLite write pointer-map pages), free
 *     list and page count inside the file;
 *   - a small library (up to INTEGRITY_CHECK_BYTES, a few milliseconds)
 *     with PRAGMA integrity_check, which also checks that every index
 *     holds exactly its table's rows: quick_check does not, and a write
 *     through an index that lost a row can make a duplicate or miss the
 *     row it was meant to change (a random damage of a 170 KB library did
 *     just that, in test_hostile's 90-library trials);
 *   - else the B-trees with PRAGMA quick_check: the whole file when it is
 *     small enough for that to cost under 50 ms (FULL_CHECK_BYTES; about
 *     3 ms a MiB here), else every table that holds the reader's own data (books,
 *     places, annotations, tags, editions, covers), which stays around a
 *     millisecond however many books there are. The search index is the
 *     bulk of a large library (400 MB of a 500-book one, 1.2 s to check):
 *     it is checked only before a write that changes it (lib_index_writable:
 *     a new text indexed or an old one dropped), once per handle.
 *
 * A damaged file is then refused for the life of the handle, with the
 * message naming `rod library check`; nothing is written. Turned down: a
 * full quick_check on every open (1.2 s for a 500-book library), and
 * trusting SQLite to fail the write (it did not, in 5 of 12 trials of
 * random damage).
 *
 * Read-only: a file that cannot be written (access(2), or a read-only
 * mount, which root cannot write either) is opened read-only — immutable
 * on a read-only file system, where no one can change it under us — and
 * every write is refused as read-only, not as damage.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "lib_internal.h"

enum { FULL_CHECK_BYTES = 12 << 20, INTEGRITY_CHECK_BYTES = 2 << 20 };

/* The tables of the reader's own data, checked before any write. */
static const char *const own_tables[] = {
    "sqlite_schema", "books", "positions", "annotations", "annotation_tags", "editions",
    "indexed", "covers", "tombstones", "meta", "sync_files", "sync_books", "sync_changes",
};
/* The search index's shadow tables (FTS5). */
static const char *const index_tables[] = {
    "book_text_data", "book_text_idx", "book_text_content", "book_text_docsize", "book_text_config",
};

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

bool lib_header_ok(const char *path, char *why, size_t n)
{
    why[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f)
        return true;        /* nothing to check yet (a new library) */
    unsigned char h[100];
    size_t got = fread(h, 1, sizeof h, f);
    struct stat st;
    bool have_size = fstat(fileno(f), &st) == 0;
    fclose(f);
    if (got == 0)
        return true;        /* an empty file: SQLite makes it a database */
    if (got < sizeof h || memcmp(h, "SQLite format 3", 16) != 0) {
        snprintf(why, n, "it is not an SQLite database (its first bytes are not SQLite's)");
        return false;
    }
    unsigned long page = be16(h + 16) == 1 ? 65536 : be16(h + 16);
    bool pow2 = page >= 512 && page <= 65536 && (page & (page - 1)) == 0;
    unsigned long pages = be32(h + 28), trunk = be32(h + 32), free_pages = be32(h + 36);
    bool zeros = true;
    for (int i = 72; i < 92; i++)
        zeros = zeros && h[i] == 0;
    const char *bad = NULL;
    if (!pow2)
        bad = "page size";
    else if ((h[18] != 1 && h[18] != 2) || (h[19] != 1 && h[19] != 2))
        bad = "file format version";
    else if (h[21] != 64 || h[22] != 32 || h[23] != 32)
        bad = "payload fractions";
    else if (be32(h + 44) > 4)     /* 0 in a database with no tables yet */
        bad = "schema format";
    else if (be32(h + 56) > 3)
        bad = "text encoding";
    else if (be32(h + 52) != 0 || be32(h + 64) != 0)
        bad = "auto-vacuum fields";
    else if (!zeros)
        bad = "reserved bytes";
    else if (be32(h + 24) == be32(h + 92) &&
             (trunk > pages || free_pages >= pages ||
              (have_size && (unsigned long long)pages * page > (unsigned long long)st.st_size &&
               !lib_wal_pending(path))))
        bad = "page count or free list";
    if (bad)
        snprintf(why, n, "its header is damaged (%s)", bad);
    return bad == NULL;
}

bool lib_wal_pending(const char *path)
{
    char wal[PATH_MAX + 8];
    snprintf(wal, sizeof wal, "%s-wal", path);
    struct stat st;
    return stat(wal, &st) == 0 && st.st_size > 0;
}

/* quick_check of one table (NULL: the whole file; "*": integrity_check of
 * the whole file); false with the first finding in why when it is not
 * "ok". */
static rod_err quick_check(rod_lib *lib, const char *table, bool *ok, char *why, size_t n)
{
    char sql[128];
    if (table && strcmp(table, "*") == 0)
        snprintf(sql, sizeof sql, "PRAGMA integrity_check(1)");
    else if (table)
        snprintf(sql, sizeof sql, "PRAGMA quick_check(\"%s\")", table);
    else
        snprintf(sql, sizeof sql, "PRAGMA quick_check(1)");
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(lib->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK && table && strcmp(table, "*") != 0 &&
        strstr(sqlite3_errmsg(lib->db), "no such table")) {
        *ok = true;     /* an older schema, before its migration: nothing to check */
        return ROD_OK;
    }
    *ok = rc == SQLITE_OK;
    if (rc == SQLITE_OK) {
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            const char *line = (const char *)sqlite3_column_text(st, 0);
            if (!line || strcmp(line, "ok") != 0) {
                *ok = false;
                snprintf(why, n, "%s", line ? line : "?");
            }
        }
        *ok = *ok && rc == SQLITE_DONE;
    }
    if (rc != SQLITE_DONE && rc != SQLITE_OK)
        snprintf(why, n, "%s", sqlite3_errmsg(lib->db));
    sqlite3_finalize(st);
    int base = rc & 0xff;
    if (base == SQLITE_NOMEM)
        return ROD_ERR_NOMEM;
    return ROD_OK;
}

static rod_err refuse_damaged(rod_lib *lib, const char *why)
{
    lib->health = -1;
    snprintf(lib->message, sizeof lib->message,
             "%s: the library database is damaged: %s. rod has not changed it. " LIB_DAMAGE_HINT,
             lib->path, why);
    return ROD_ERR_IO;
}

static rod_err refuse_readonly(rod_lib *lib)
{
    snprintf(lib->message, sizeof lib->message,
             "%s: the library is read-only (%s); nothing was changed", lib->path,
             lib->readonly_why[0] ? lib->readonly_why : "it cannot be written");
    return ROD_ERR_IO;
}

static rod_err check_tables(rod_lib *lib, const char *const *tables, size_t n)
{
    char why[512] = "";
    for (size_t i = 0; i < n; i++) {
        bool ok = false;
        rod_err err = quick_check(lib, tables[i], &ok, why, sizeof why);
        if (err != ROD_OK)
            return err;
        if (!ok)
            return refuse_damaged(lib, why);
    }
    return ROD_OK;
}

rod_err lib_writable(rod_lib *lib)
{
    if (lib->readonly)
        return refuse_readonly(lib);
    if (lib->health < 0)
        return ROD_ERR_IO;      /* the message is still the first refusal's */
    if (lib->health > 0)
        return ROD_OK;
    char why[512];
    if (!lib_header_ok(lib->path, why, sizeof why))
        return refuse_damaged(lib, why);
    struct stat st;
    rod_err err;
    if (stat(lib->path, &st) == 0 && st.st_size <= FULL_CHECK_BYTES) {
        bool ok = false;
        const char *what = st.st_size <= INTEGRITY_CHECK_BYTES ? "*" : NULL;
        if ((err = quick_check(lib, what, &ok, why, sizeof why)) != ROD_OK)
            return err;
        if (!ok)
            return refuse_damaged(lib, why);
        lib->index_checked = true;
    } else if ((err = check_tables(lib, own_tables, sizeof own_tables / sizeof *own_tables)) !=
               ROD_OK) {
        return err;
    }
    lib->health = 1;
    return ROD_OK;
}

rod_err lib_index_writable(rod_lib *lib)
{
    rod_err err = lib_writable(lib);
    if (err != ROD_OK || lib->index_checked)
        return err;
    if ((err = check_tables(lib, index_tables, sizeof index_tables / sizeof *index_tables)) != ROD_OK)
        return err;
    lib->index_checked = true;
    return ROD_OK;
}
