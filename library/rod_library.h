/* rod_library.h — the reader's library: a catalog of books, the last
 * reading position of each, annotations, and full-text search, kept in
 * one SQLite database.
 *
 *   rod_lib *lib = NULL;
 *   if (rod_lib_open(NULL, &lib) != ROD_OK) {   // NULL: the default place
 *       fprintf(stderr, "%s\n", rod_lib_message(lib));
 *       rod_lib_close(lib);
 *       return;
 *   }
 *   rod_lib_position_save(lib, fingerprint, pos, 0.42);
 *   rod_lib_close(lib);
 *
 * Where: --library PATH, else $ROD_LIBRARY, else
 * $XDG_DATA_HOME/rod/library.db (~/.local/share/rod/library.db).
 *
 * Identity: a book's text is known by its fingerprint (spec §2), a file by
 * its path. Positions and annotations belong to the fingerprint, so they
 * follow a book that is moved, renamed or converted with the same text;
 * when the file at a known path changes its text (a new edition), adding
 * it again moves its annotations to the new text and re-anchors them
 * (rod_anchor.h), orphaned ones included. Texts of one book that differ
 * (a .rod and the plain text saved from it: same title, the same
 * paragraphs in other blocks) are kept in step: adding or re-adding one
 * brings over, re-anchored, the notes it lacks, newer versions of those
 * it has, and the reading place when it was saved later elsewhere.
 *
 * Durability: the database runs in WAL mode with synchronous=FULL; every
 * change is one transaction, so a process killed at any moment leaves
 * every committed change in place. A busy timeout lets two rod processes
 * share the file.
 *
 * Errors: every call returns a rod_err. ROD_ERR_IO means the database
 * could not be opened, read or written (the reason, naming the file, is in
 * rod_lib_message()); a damaged database is never changed: the message
 * says so and points at `rod library check`. ROD_ERR_USAGE is a request
 * that cannot be met (an unknown book or annotation id). ROD_ERR_NOMEM
 * when memory runs out.
 *
 * Ownership: the caller owns the rod_lib and frees it with rod_lib_close()
 * (NULL allowed); lists come back malloc'd with a matching _free call.
 * Strings passed in are borrowed.
 */
#ifndef ROD_LIBRARY_H
#define ROD_LIBRARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rod_annot.h"
#include "rod_buf.h"
#include "rod_diag.h"
#include "rod_doc.h"

typedef struct rod_lib rod_lib;

/* The database version this build writes; older ones are migrated. */
enum { ROD_LIB_SCHEMA = 7 };

/* The default database path, in out (size n). false if none can be made
 * (no $HOME). */
bool rod_lib_default_path(char *out, size_t n);

/* Opens (and on first use creates, with its folder) the library at path,
 * or the default one when path is NULL. On failure *out may still hold a
 * handle carrying the message; close it either way. */
rod_err rod_lib_open(const char *path, rod_lib **out);
void rod_lib_close(rod_lib *lib);
/* The last error's explanation, or "" (lib may be NULL). */
const char *rod_lib_message(const rod_lib *lib);
const char *rod_lib_path(const rod_lib *lib);

/* ---- catalog ---- */

typedef struct rod_lib_book {
    int64_t id;
    char *path, *fingerprint, *format, *title, *authors, *language;
    char *series;           /* "Name 2" (its number after the name), or "" */
    char *subjects;         /* the head's subjects, "; " between them, or "" */
    char *contributors;     /* other creators by role: "translated by A, B; edited by C" */
    size_t blocks, words;
    char *added;            /* ISO 8601 UTC */
    char *last_read;        /* NULL if never opened */
    double progress;        /* 0..1 through the text */
    size_t annotations;
} rod_lib_book;

typedef enum rod_lib_added {
    ROD_LIB_NEW,            /* a book the library did not have */
    ROD_LIB_SAME,           /* already there, unchanged */
    ROD_LIB_COPY,           /* a new file with a text the library knows */
    ROD_LIB_MOVED,          /* a known text whose old file is gone: path updated */
    ROD_LIB_EDITION,        /* the file at a known path has a new text */
} rod_lib_added;

typedef struct rod_lib_add_result {
    rod_lib_added what;
    int64_t id;
    /* annotations that came to this text from another: for an edition,
     * from the text it replaced; for any file, from other texts of the
     * same book (`related` of them), such as a conversion to plain text.
     * How they re-anchored here: */
    size_t anchored, moved, fuzzy, orphaned;
    size_t related;         /* other texts of this book it was brought in step with */
    bool place;             /* the reading place came from another text */
    bool place_fitted;      /* the place kept (from another device's sync
                             * file) lay beyond the book: moved inside it */
} rod_lib_add_result;

/* How many annotations came to the text in that add, however they
 * re-anchored. */
size_t rod_lib_add_notes(const rod_lib_add_result *res);

/* Adds or refreshes the book at path (an absolute path is stored) whose
 * finished document is doc, read as `format`. Indexes its text for search
 * unless a book with the same fingerprint already is. */
rod_err rod_lib_add(rod_lib *lib, const char *path, const rod_doc *doc, const char *format,
                    rod_lib_add_result *res);

typedef enum rod_lib_sort {
    ROD_LIB_BY_TITLE, ROD_LIB_BY_AUTHOR, ROD_LIB_BY_ADDED, ROD_LIB_BY_READ,
    ROD_LIB_BY_PROGRESS,
} rod_lib_sort;

rod_err rod_lib_list(rod_lib *lib, rod_lib_sort sort, rod_lib_book **out, size_t *n);
/* The book stored at path (made absolute), or else the first with this
 * fingerprint (fingerprint may be NULL). *found false when neither. */
rod_err rod_lib_find(rod_lib *lib, const char *path, const char *fingerprint,
                     rod_lib_book *out, bool *found);
void rod_lib_book_clear(rod_lib_book *b);
/* The cover image's bytes (PNG, JPEG or GIF) stored for a text when it was
 * added; *data is NULL when the book has none. The caller frees *data. */
rod_err rod_lib_cover(rod_lib *lib, const char *fingerprint, void **data, size_t *len);
void rod_lib_books_free(rod_lib_book *books, size_t n);
/* Removes a book from the catalog. Its positions and annotations stay
 * (they belong to the text and come back when it is added again); the
 * search index of its text goes when no other copy needs it. */
rod_err rod_lib_remove(rod_lib *lib, int64_t id);

typedef struct rod_lib_hit {
    int64_t book;
    char *title, *path;
    rod_pos pos;            /* where the first matching word starts */
    char *snippet;          /* a few words around it, matches in [brackets] */
} rod_lib_hit;

/* Full-text search (FTS5, case- and diacritic-insensitive) over every
 * book's text. The query is words (all must occur in one block) and
 * "quoted phrases"; FTS5 operators are not interpreted. The best `limit`
 * hits by bm25, among the first 2,000 matching blocks in the index (every
 * match, for a query with fewer): the cost stays that of what is shown. */
rod_err rod_lib_search(rod_lib *lib, const char *query, size_t limit,
                       rod_lib_hit **out, size_t *n);
/* How many blocks match the query, every one counted (it visits them all). */
rod_err rod_lib_search_count(rod_lib *lib, const char *query, size_t *count);
void rod_lib_hits_free(rod_lib_hit *hits, size_t n);

/* ---- positions ---- */

rod_err rod_lib_position_save(rod_lib *lib, const char *fingerprint, rod_pos pos,
                              double progress);
rod_err rod_lib_position_get(rod_lib *lib, const char *fingerprint, rod_pos *pos,
                             bool *found);

/* ---- annotations ---- */

/* Stores an annotation on a text, or replaces the one with the same id
 * there. The same id may live on several texts (a note imported into a
 * converted copy); each is its own row. */
rod_err rod_lib_annot_put(rod_lib *lib, const char *fingerprint, const rod_annot *a);
/* Every annotation of a text (in reading order) into set->items; set's
 * other fields are left alone. */
rod_err rod_lib_annot_list(rod_lib *lib, const char *fingerprint, rod_notes *set);
/* The annotation `id` as applied to the text `fingerprint`. */
rod_err rod_lib_annot_get(rod_lib *lib, const char *fingerprint, const char *id, rod_annot *out,
                          bool *found);
/* Deletes the annotation from every text it was applied to, keeping the
 * deletion (its time) for sync, so an older copy cannot bring it back. */
rod_err rod_lib_annot_delete(rod_lib *lib, const char *id, bool *found);

typedef struct rod_lib_merge {
    size_t added, updated, unchanged, kept;     /* kept: ours was newer */
} rod_lib_merge;

/* Merges annotations by id into the text `fingerprint`, in one
 * transaction: a new id is added, a known one replaced when the incoming
 * `modified` is later, else kept. Readers' names are kept as they come. */
rod_err rod_lib_annot_merge(rod_lib *lib, const char *fingerprint, const rod_notes *in,
                            rod_lib_merge *stats);

/* ---- reading statistics (readstats.c) ---- */

/* One sitting with a text. Times are Unix seconds (UTC). `seconds` is the
 * time read: the window counts only the gaps between page turns short
 * enough to be reading, so idle time is not in it. */
typedef struct rod_lib_session {
    int64_t started;
    int64_t seconds;
    int64_t pages;          /* pages turned */
    rod_pos start, end;     /* where the sitting began and ended */
} rod_lib_session;

/* Stores a session of the text fingerprint, or replaces the one of that
 * text with the same `started` (a sitting is saved again as it grows).
 * ROD_ERR_USAGE for negative seconds or pages. */
rod_err rod_lib_session_put(rod_lib *lib, const char *fingerprint, const rod_lib_session *s);
/* Keeps `at` as the time the text was finished unless it already has one
 * (the first reading to the end counts). */
rod_err rod_lib_finished_mark(rod_lib *lib, const char *fingerprint, int64_t at);

typedef struct rod_lib_book_stats {
    int64_t seconds, pages;
    size_t sessions;
    int64_t first, last;    /* when the first and the last session began; 0 if none */
    int64_t finished;       /* when it was finished, 0 if not */
} rod_lib_book_stats;

/* The totals of one text (all zero for one never read). */
rod_err rod_lib_book_stats_get(rod_lib *lib, const char *fingerprint, rod_lib_book_stats *out);
/* Pages an hour over the time read; 0 when no time was read. */
double rod_lib_pages_per_hour(int64_t pages, int64_t seconds);

/* A time read for people: "45 s", "12 min", "3 h 05 min", into out (size
 * n), as the panel and `rod library stats` show it. */
void rod_lib_duration_text(int64_t seconds, char *out, size_t n);
/* The UTC date of a time, "2026-12-02", into out (11 bytes at least). */
void rod_lib_date_text(int64_t t, char *out, size_t n);

/* Seconds read, all books, on each of the `days` UTC days ending with
 * the day of `now`: out[0] is that day, out[1] the day before, and so on.
 * A session running past midnight is shared between the days as if read
 * without a break from its start. */
rod_err rod_lib_days_read(rod_lib *lib, int64_t now, size_t days, int64_t *out);

typedef struct rod_lib_finished {
    char *fingerprint;
    char *title;            /* the catalog's title, or the fingerprint when none */
    int64_t at;
} rod_lib_finished;

/* Every finished text, the most recently finished first. Free with
 * rod_lib_finished_free. */
rod_err rod_lib_finished_list(rod_lib *lib, rod_lib_finished **out, size_t *n);
void rod_lib_finished_free(rod_lib_finished *list, size_t n);

/* ---- health ---- */

typedef struct rod_lib_check_result {
    bool ok;                /* integrity_check said "ok" */
    char *recovered;        /* path of the recovery copy made, or NULL */
    size_t rows_saved, rows_lost;
} rod_lib_check_result;

/* Checks the database at path without changing it. When it is damaged,
 * copies every row that can still be read into a new database beside it
 * (the result names it). Findings go to report. */
rod_err rod_lib_check(const char *path, rod_buf *report, rod_lib_check_result *res);

#endif
