/* lib_internal.h — what the library's files share: the handle, statement
 * helpers that turn SQLite's result codes into rod_err with a message, and
 * the transaction calls. Not a public interface.
 */
#ifndef ROD_LIB_INTERNAL_H
#define ROD_LIB_INTERNAL_H

#include <limits.h>
#include <sqlite3.h>

#include "rod_library.h"

struct rod_lib {
    sqlite3 *db;
    char *path;
    char message[PATH_MAX + 1024];
};

/* Records why something failed ("what: SQLite's reason") and returns the
 * matching rod_err (ROD_ERR_NOMEM for SQLITE_NOMEM, else ROD_ERR_IO). */
rod_err lib_fail(rod_lib *lib, int rc, const char *what);
/* sqlite3_prepare_v2 with lib_fail on error. */
rod_err lib_prepare(rod_lib *lib, const char *sql, sqlite3_stmt **stmt);
/* Runs SQL with no results (several statements allowed). */
rod_err lib_exec(rod_lib *lib, const char *sql);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Rollback never fails visibly. */
rod_err lib_begin(rod_lib *lib);
rod_err lib_commit(rod_lib *lib);
void lib_rollback(rod_lib *lib);

/* A malloc'd copy of a text column (NULL when the column is NULL; an
 * empty string never becomes NULL). *ok turns false when memory runs out. */
char *lib_column_str(sqlite3_stmt *stmt, int col, bool *ok);
/* Binds a string or NULL. */
int lib_bind_str(sqlite3_stmt *stmt, int idx, const char *s);

/* Applies the migrations up to ROD_LIB_SCHEMA (db.c). */
rod_err lib_migrate(rod_lib *lib);

#endif
