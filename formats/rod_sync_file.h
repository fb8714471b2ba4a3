/* rod_sync_file.h — the sync file: one device's annotations, deletions and
 * reading places for every book, as one XML document (ROD-FORMAT.md §4).
 *
 * A sync folder (kept in step by Syncthing, Nextcloud, Dropbox, git, ...)
 * holds one such file per device; each device writes only its own and
 * reads everyone's. This module holds a file in memory and reads and
 * writes it; merging is library/rod_sync.h's.
 *
 *   rod_sync_file f = {0};
 *   if (rod_sync_read(data, len, &diag, &f) == ROD_OK) ... f.books[i] ...
 *   rod_sync_free(&f);
 *
 * Ownership: every string and array is malloc'd and owned by the struct
 * holding it; rod_sync_free() releases all (a zeroed struct is fine).
 * rod_sync_book_push() moves a book in (the source is zeroed).
 *
 * Errors: reading returns ROD_ERR_INPUT for a file that is not well-formed
 * XML (a half-written or truncated copy), declares entities, is not a sync
 * file, names no device, is larger than ROD_SYNC_MAX_BYTES, or comes from
 * a newer rod (then `newer` is set, so the caller can leave it for later);
 * the messages, with line and column, are in the diag. A broken
 * annotation, deletion or place is a warning and only that one is skipped
 * or mended (annotations by .rodnotes' rules, rod_annot.h). ROD_ERR_NOMEM
 * when memory runs out. On any error *out is freed (only `newer` and
 * `version` stay set).
 */
#ifndef ROD_SYNC_FILE_H
#define ROD_SYNC_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "rod_annot.h"

#define ROD_SYNC_NS "urn:isolinear:rod:sync:1"
/* The newest version this rod reads and writes. Version 2 adds replies
 * (an annotation's reply-to="ID"); a file is written as version 1 when it
 * holds none. A version 1 rod leaves a version 2 file for later with one
 * warning ("written by a newer rod"): it never sees a reply stripped of
 * its parent, and nothing is lost — it reads the file once updated. */
enum { ROD_SYNC_VERSION = 2 };
/* A file larger than this is refused unread (100,000 annotations fit). */
enum { ROD_SYNC_MAX_BYTES = 64 << 20 };

typedef struct rod_sync_tomb {
    char *id;                   /* the annotation deleted */
    char time[21];              /* when, UTC ISO 8601 */
} rod_sync_tomb;

typedef struct rod_sync_place {
    bool has;
    rod_pos pos;
    double progress;            /* 0..1 */
    char time[21];              /* when the reader was there */
} rod_sync_place;

typedef struct rod_sync_book {
    rod_notes notes;            /* fingerprint, title, identifier, annotations */
    rod_sync_tomb *tombs;
    size_t ntombs, tcap;
    rod_sync_place place;
} rod_sync_book;

typedef struct rod_sync_file {
    char *device;               /* the writing device's id (UUID text) */
    char *name;                 /* its readable name: "Garak's laptop" */
    char *reader;               /* the reader's name, or NULL */
    unsigned version;           /* as read; ROD_SYNC_VERSION when written */
    bool newer;                 /* read: refused because a newer rod wrote it */
    rod_sync_book *books;
    size_t n, cap;
} rod_sync_file;

void rod_sync_book_free(rod_sync_book *b);
void rod_sync_free(rod_sync_file *f);
/* Moves *b into f (zeroing *b). false: out of memory, *b untouched. */
bool rod_sync_book_push(rod_sync_file *f, rod_sync_book *b);
/* Appends a tombstone (copying id). false: out of memory. */
bool rod_sync_tomb_add(rod_sync_book *b, const char *id, const char *time);

rod_err rod_sync_read(const char *data, size_t len, rod_diag *diag, rod_sync_file *out);
/* Writes f in one canonical form (books, annotations and deletions in the
 * order of f), so the same state always gives the same bytes. */
void rod_sync_write(const rod_sync_file *f, rod_buf *out);

#endif
