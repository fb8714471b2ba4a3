/* rod_sync.h — keeping notes and places in step between devices through a
 * shared folder that any file-sync engine carries (Syncthing, Nextcloud,
 * Dropbox, git, rsync).
 *
 * Two parts. The merge (sync_merge.c) is a pure function on sync files
 * (formats/rod_sync_file.h) in memory: no disk, no clock, so it is tested
 * directly. The exchange (sync.c, sync_store.c) reads the folder, merges
 * every file into this library's state, stores what came and writes this
 * device's own file.
 *
 *   rod_sync_file mine = {0};                // this library's state
 *   rod_lib_sync_state(lib, &mine);
 *   rod_sync_normalize(&mine);
 *   rod_sync_merge(&mine, &theirs, &delta);  // theirs normalised too
 *
 * The merge rule, per annotation id in a book: the newest version wins (an
 * annotation's `modified`, a deletion's time); a deletion wins a tie with
 * an edit; two different versions with the same time are ordered by their
 * content, the same way on every device. Per book, the place with the
 * latest time wins (ties by position). Taking the maximum of a total
 * order is commutative, associative and idempotent, so files arriving in
 * any order, twice, late, or as stale copies give every device the same
 * state.
 *
 * Ownership: every function works on caller-owned rod_sync_file structs;
 * merge copies what it takes from `from`. Errors: ROD_ERR_NOMEM only; on
 * it `into` is left canonical but may lack part of `from`.
 */
#ifndef ROD_SYNC_H
#define ROD_SYNC_H

#include "rod_library.h"
#include "rod_sync_file.h"

/* What a merge changed in `into`. */
typedef struct rod_sync_delta {
    size_t notes;       /* annotations new to it or newer than its own */
    size_t deleted;     /* its annotations removed by a newer deletion */
    size_t places;      /* books whose reading place came */
} rod_sync_delta;

/* The total order on versions of one annotation: <0 when a loses to b.
 * A NULL is a missing annotation; ids are not compared. */
int rod_sync_annot_cmp(const rod_annot *a, const rod_annot *b);

/* Puts f in canonical form: books sorted by fingerprint (duplicates
 * merged), annotations and deletions sorted by id, one entry per id (the
 * winner). A merge wants both sides canonical. */
rod_err rod_sync_normalize(rod_sync_file *f);

/* Merges `from` into `into` (both canonical; into stays so). delta may be
 * NULL. The device, name and reader of `into` are left alone. */
rod_err rod_sync_merge(rod_sync_file *into, const rod_sync_file *from, rod_sync_delta *delta);

/* ---- the library's state (sync_store.c) ---- */

/* Every annotation, deletion and reading place in the library, one book
 * per fingerprint (books the catalog lacks included), canonical. Titles
 * from the catalog, else from the file that brought the book. out must be
 * zeroed; the caller frees it with rod_sync_free (also on error). */
rod_err rod_lib_sync_state(rod_lib *lib, rod_sync_file *out);
/* Stores, in one transaction, what `merged` holds that `local` (the state
 * it was merged from) lacks: new and newer annotations, deletions (the
 * annotation goes, its tombstone stays), newer places. */
rod_err rod_lib_sync_store(rod_lib *lib, const rod_sync_file *merged, const rod_sync_file *local);

/* Small records kept in the library: the device id ("device"), its name
 * ("device_name"), the sync folder ("sync_folder"). out gets "" when the
 * key is not there. */
rod_err rod_lib_meta_get(rod_lib *lib, const char *key, char *out, size_t n, bool *found);
rod_err rod_lib_meta_set(rod_lib *lib, const char *key, const char *value);
/* A number that grows with every change to annotations, deletions or
 * places. */
rod_err rod_lib_sync_changes(rod_lib *lib, int64_t *n);

/* What a file of the folder was when last read; `name` is the file's
 * path (folder/file), so two folders' files of one name are apart. */
typedef struct rod_lib_seen {
    int64_t size, mtime;        /* mtime in nanoseconds */
    char hash[72];              /* sha256 of its bytes, hex */
} rod_lib_seen;
rod_err rod_lib_sync_seen(rod_lib *lib, const char *name, rod_lib_seen *seen, bool *found);
rod_err rod_lib_sync_saw(rod_lib *lib, const char *name, const rod_lib_seen *seen);

/* ---- what a folder carries (sync_folders.c) ----
 * Each sync folder the library keeps has its own setting: a private
 * folder for one reader's devices carries every note and the reading
 * places; a book club's carries only the reader's own notes (ROD_SHARE_MINE:
 * those signed with the reader's name) and no places. The setting works
 * both ways: what a folder does not carry is neither written to it nor
 * taken from it (a club member's reading place never moves yours). */
typedef enum rod_share_notes {
    ROD_SHARE_NONE,     /* no notes, no deletions */
    ROD_SHARE_MINE,     /* the reader's own notes out; everyone's in */
    ROD_SHARE_ALL,      /* every note and deletion in the library */
} rod_share_notes;

typedef struct rod_sync_share {
    rod_share_notes notes;
    bool places;
} rod_sync_share;

/* The default of a new folder: everything (a reader's own devices). */
#define ROD_SYNC_SHARE_ALL ((rod_sync_share){ROD_SHARE_ALL, true})

/* "notes,places", "my-notes", "places", "none": a comma list of notes,
 * my-notes, places and none. false for anything else (out untouched). */
bool rod_sync_share_parse(const char *s, rod_sync_share *out);
/* The setting written back in that form, e.g. "my-notes". */
void rod_sync_share_name(const rod_sync_share *share, char *out, size_t n);

typedef struct rod_sync_dir {
    char *path;                 /* absolute (realpath) */
    rod_sync_share share;
} rod_sync_dir;

/* Keeps `path` (absolute) as a sync folder with this setting, or changes
 * its setting. */
rod_err rod_lib_sync_folder_set(rod_lib *lib, const char *path, const rod_sync_share *share);
/* The setting of a kept folder; *found false when it is not kept. */
rod_err rod_lib_sync_folder_get(rod_lib *lib, const char *path, rod_sync_share *share, bool *found);
/* Stops keeping it (its files stay where they are). */
rod_err rod_lib_sync_folder_forget(rod_lib *lib, const char *path, bool *found);
/* Every kept folder, by path; free with rod_sync_folders_free. */
rod_err rod_lib_sync_folders(rod_lib *lib, rod_sync_dir **out, size_t *n);
void rod_sync_folders_free(rod_sync_dir *f, size_t n);

/* ---- the exchange (sync.c) ---- */

/* What came from one device's file (or its conflict copies). */
typedef struct rod_sync_from {
    char *name;                 /* the device's readable name, or its file's */
    size_t notes, deleted;
    /* reading places it brought: books' titles (or fingerprints) and times */
    char **place_titles;
    char **place_fps;           /* the same books' fingerprints */
    char (*place_times)[21];
    size_t places;
} rod_sync_from;

typedef struct rod_sync_report {
    rod_sync_from *from;
    size_t nfrom;
    size_t read, unchanged, skipped;    /* files of the folder */
    bool wrote;                 /* this device's file was written */
    /* what the own file holds: annotations, deletions, places, books */
    size_t sent_notes, sent_deleted, sent_places, sent_books;
    char own[4096];             /* its path */
} rod_sync_report;

void rod_sync_report_free(rod_sync_report *r);

/* One exchange with the sync folder: reads every file there that changed
 * since the last exchange (by size, time and hash), merges it, stores what
 * came, and writes this device's own file when anything changed (or it is
 * missing or not what rod last wrote). reader is the name put in the file
 * (NULL: none). Files that cannot be used (broken, truncated, from a newer
 * rod) get one warning each in diag and are skipped; the others merge.
 * Errors: ROD_ERR_IO when the folder cannot be read or the own file
 * written (message in rod_lib_message), or the library fails. */
rod_err rod_lib_sync_exchange(rod_lib *lib, const char *folder, const char *reader,
                              rod_diag *diag, rod_sync_report *rep);
/* The same, carrying only what `share` names (NULL: everything). */
rod_err rod_lib_sync_exchange_shared(rod_lib *lib, const char *folder, const char *reader,
                                     const rod_sync_share *share, rod_diag *diag, rod_sync_report *rep);

#endif
