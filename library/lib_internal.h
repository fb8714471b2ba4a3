/* lib_internal.h — what the library's files share: the handle, statement
 * helpers that turn SQLite's result codes into rod_err with a message, and
 * the transaction calls. Not a public interface.
 */
#ifndef ROD_LIB_INTERNAL_H
#define ROD_LIB_INTERNAL_H

#include <limits.h>
#include <sqlite3.h>

#include "rod_library.h"

/* The one sentence every message about a damaged library ends with (db.c,
 * health.c): what the reader can do about it. */
#define LIB_DAMAGE_HINT "Run `rod library check` to make a recovery copy."

struct rod_lib {
    sqlite3 *db;
    char *path;
    char message[PATH_MAX + 1024];
    bool readonly;              /* opened read-only: every write is refused */
    char readonly_why[128];
    int health;                 /* 0 not checked yet, 1 fit to write, -1 damaged */
    bool index_checked;         /* the search index was checked too */
};

/* Records why something failed ("what: SQLite's reason") and returns the
 * matching rod_err (ROD_ERR_NOMEM for SQLITE_NOMEM, else ROD_ERR_IO). */
rod_err lib_fail(rod_lib *lib, int rc, const char *what);
/* sqlite3_prepare_v2 with lib_fail on error. */
rod_err lib_prepare(rod_lib *lib, const char *sql, sqlite3_stmt **stmt);
/* Steps a prepared statement once and finalizes it; lib_fail(what) when
 * the step fails. */
rod_err lib_run(rod_lib *lib, sqlite3_stmt *st, const char *what);
/* Runs SQL with no results (several statements allowed). */
rod_err lib_exec(rod_lib *lib, const char *sql);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Rollback never fails visibly. */
rod_err lib_begin(rod_lib *lib);
rod_err lib_commit(rod_lib *lib);
void lib_rollback(rod_lib *lib);
/* A write that may run inside a caller's transaction (an edition's move,
 * an exchange): begin opens one only when none is open, and says so in
 * *own; end commits it on ROD_OK and rolls it back otherwise, and with
 * none of its own passes err through for the caller's transaction. */
rod_err lib_begin_nested(rod_lib *lib, bool *own);
rod_err lib_end_nested(rod_lib *lib, bool own, rod_err err);

/* A malloc'd copy of a text column (NULL when the column is NULL; an
 * empty string never becomes NULL). *ok turns false when memory runs out. */
char *lib_column_str(sqlite3_stmt *stmt, int col, bool *ok);
/* Binds a string or NULL. */
int lib_bind_str(sqlite3_stmt *stmt, int idx, const char *s);

/* The doc's authors joined by "; ", NUL-terminated, as the catalog keeps
 * them (catalog.c). */
void lib_authors_of(const rod_doc *doc, rod_buf *out);

/* Anchors in doc (whose fingerprint is new_fp) every annotation of the
 * text old_fp that new_fp lacks or holds in an older version, and stores
 * it there, orphans included; gives new_fp the old reading place, mapped
 * into doc, when it has none or an older one. keep_old false deletes the
 * old text's annotations (a new edition replaced it). Counts go to res
 * (related.c). */
rod_err lib_carry(rod_lib *lib, const char *old_fp, const char *new_fp, const rod_doc *doc,
                  bool keep_old, rod_lib_add_result *res);
/* Brings to the text fp (the document doc) what other catalogued texts of
 * the same book (same title, no disagreeing authors, most of doc's
 * paragraphs in their words) hold that it lacks: lib_carry from each. */
rod_err lib_sync_related(rod_lib *lib, const rod_doc *doc, const char *fp, rod_lib_add_result *res);

/* Before a write (health.c): ROD_OK when the library may be written —
 * checked once per handle (its header and quick_check, see health.c);
 * else ROD_ERR_IO with the message saying it is damaged or read-only.
 * lib_begin calls it; a write outside a transaction must call it first. */
rod_err lib_writable(rod_lib *lib);
/* lib_writable, plus the search index's tables, before a write that
 * changes the index. */
rod_err lib_index_writable(rod_lib *lib);
/* Whether the file's 100-byte header is one SQLite wrote (true for a
 * missing or empty file); why gets what is wrong. */
bool lib_header_ok(const char *path, char *why, size_t n);
/* Whether path-wal holds frames not yet copied into the file. */
bool lib_wal_pending(const char *path);

/* Stores one annotation (row and tags) on the text; the caller holds a
 * transaction (notes_store.c). */
rod_err lib_annot_put_locked(rod_lib *lib, const char *fingerprint, const rod_annot *a);
/* The same with its statements kept in c between calls (a merge of
 * thousands; preparing them each time was most of its cost); free c with
 * lib_put_stmts_free before the transaction ends. */
typedef struct lib_put_stmts {
    sqlite3_stmt *row, *untag, *tag;
} lib_put_stmts;
rod_err lib_annot_put_cached(rod_lib *lib, lib_put_stmts *c, const char *fingerprint,
                             const rod_annot *a);
void lib_put_stmts_free(lib_put_stmts *c);
/* "SELECT <every annotation column> FROM annotations a ": append WHERE and
 * ORDER BY, step, and read each row with lib_read_annot (false: no memory;
 * *a is to be cleared either way). */
extern const char lib_annot_columns[];
bool lib_read_annot(sqlite3_stmt *st, rod_annot *a);

/* A reading place of the text fp beyond the end of doc (one from another
 * device's sync file is only numbers until the book is there) is moved to
 * the nearest place inside it; *fitted says so (sync_store.c). The
 * caller's transaction. */
rod_err lib_position_fit(rod_lib *lib, const char *fp, const rod_doc *doc, bool *fitted);

/* Keeps the book's first identifier (scheme and value) for the sync file,
 * so another device can find the book by it (sync_store.c). */
rod_err lib_sync_book_meta(rod_lib *lib, const char *fp, const rod_doc *doc);

/* Applies the migrations up to ROD_LIB_SCHEMA (db.c). */
rod_err lib_migrate(rod_lib *lib);

#endif
