/* sync_folders.c — the sync folders a library keeps, and what each one
 * carries (rod_sync.h: rod_sync_share).
 *
 * A reader's own devices share one folder with everything in it; a book
 * club shares another, where each member puts only their own notes and no
 * reading places (the club has no business moving your place to theirs).
 * So each folder has its own setting, and an exchange with it sends and
 * takes only what that setting names (sync.c applies it).
 *
 * The folders live in the library's `meta` table, one row a folder under
 * the key "sync_share<TAB>PATH" with the setting as its value
 * ("notes,places", "my-notes", "places", "none"): no new table, so no
 * schema change, and an older rod simply does not see them (it keeps
 * using its one "sync_folder"). A tab cannot be typed into a path by
 * accident, and realpath() gives the path, so one folder has one key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib_internal.h"
#include "rod_sync.h"

#define SHARE_KEY "sync_share\t"

bool rod_sync_share_parse(const char *s, rod_sync_share *out)
{
    rod_sync_share sh = {ROD_SHARE_NONE, false};
    char buf[128];
    if (!s || strlen(s) >= sizeof buf)
        return false;
    snprintf(buf, sizeof buf, "%s", s);
    bool any = false;
    for (char *save = NULL, *w = strtok_r(buf, ", ", &save); w; w = strtok_r(NULL, ", ", &save)) {
        any = true;
        if (!strcmp(w, "notes"))
            sh.notes = ROD_SHARE_ALL;
        else if (!strcmp(w, "my-notes"))
            sh.notes = sh.notes == ROD_SHARE_ALL ? ROD_SHARE_ALL : ROD_SHARE_MINE;
        else if (!strcmp(w, "places"))
            sh.places = true;
        else if (strcmp(w, "none") != 0)
            return false;
    }
    if (!any)
        return false;
    *out = sh;
    return true;
}

void rod_sync_share_name(const rod_sync_share *sh, char *out, size_t n)
{
    const char *notes = sh->notes == ROD_SHARE_ALL ? "notes" : sh->notes == ROD_SHARE_MINE ? "my-notes" : "";
    if (*notes && sh->places)
        snprintf(out, n, "%s,places", notes);
    else if (*notes)
        snprintf(out, n, "%s", notes);
    else
        snprintf(out, n, "%s", sh->places ? "places" : "none");
}

rod_err rod_lib_sync_folder_set(rod_lib *lib, const char *path, const rod_sync_share *share)
{
    char key[4200], value[64];
    if (snprintf(key, sizeof key, SHARE_KEY "%s", path) >= (int)sizeof key) {
        snprintf(lib->message, sizeof lib->message, "the folder's path is too long");
        return ROD_ERR_USAGE;
    }
    rod_sync_share_name(share, value, sizeof value);
    return rod_lib_meta_set(lib, key, value);
}

rod_err rod_lib_sync_folder_get(rod_lib *lib, const char *path, rod_sync_share *share, bool *found)
{
    char key[4200], value[64];
    *found = false;
    if (snprintf(key, sizeof key, SHARE_KEY "%s", path) >= (int)sizeof key)
        return ROD_OK;
    rod_err err = rod_lib_meta_get(lib, key, value, sizeof value, found);
    if (err == ROD_OK && *found && !rod_sync_share_parse(value, share))
        *found = false;     /* a value this rod cannot read: as if unknown */
    return err;
}

rod_err rod_lib_sync_folder_forget(rod_lib *lib, const char *path, bool *found)
{
    char key[4200];
    *found = false;
    if (snprintf(key, sizeof key, SHARE_KEY "%s", path) >= (int)sizeof key)
        return ROD_OK;
    rod_err err = lib_writable(lib);
    sqlite3_stmt *st = NULL;
    if (err == ROD_OK)
        err = lib_prepare(lib, "DELETE FROM meta WHERE key = ?", &st);
    if (err != ROD_OK)
        return err;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    err = lib_run(lib, st, "cannot save to the library");
    if (err == ROD_OK)
        *found = sqlite3_changes(lib->db) > 0;
    return err;
}

void rod_sync_folders_free(rod_sync_dir *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(f[i].path);
    free(f);
}

rod_err rod_lib_sync_folders(rod_lib *lib, rod_sync_dir **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = NULL;
    /* the keys between "sync_share\t" and the next byte up: a range the
     * primary key's index answers, and no LIKE wildcards in paths */
    rod_err err = lib_prepare(lib, "SELECT substr(key, 12), value FROM meta WHERE key >= 'sync_share' || char(9)"
                                   " AND key < 'sync_share' || char(10) ORDER BY key", &st);
    if (err != ROD_OK)
        return err;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        rod_sync_share sh;
        const char *path = (const char *)sqlite3_column_text(st, 0);
        if (!path || !rod_sync_share_parse((const char *)sqlite3_column_text(st, 1), &sh))
            continue;
        rod_sync_dir *more = realloc(*out, (*n + 1) * sizeof *more);
        if (!more || !(more[*n].path = strdup(path))) {
            if (more)
                *out = more;
            err = ROD_ERR_NOMEM;
            break;
        }
        *out = more;
        more[*n].share = sh;
        (*n)++;
    }
    sqlite3_finalize(st);
    if (err == ROD_OK && rc != SQLITE_DONE)
        err = lib_fail(lib, rc, "cannot read the library");
    if (err != ROD_OK) {
        rod_sync_folders_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return err;
}
