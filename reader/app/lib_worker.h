/* lib_worker.h — the reader window's writes to the library, off the
 * drawing thread.
 *
 * Saving a position after every page turn, adding a just-opened book to
 * the catalog (indexing War and Peace for search takes a quarter second)
 * and storing annotations must never make a page turn wait. A worker
 * thread with its own SQLite connection does them in order; each is its
 * own committed transaction, so a crash or kill loses at most what was
 * still queued — the last page turn. Positions and reading sessions are
 * coalesced: only the newest queued one of a text (of a sitting) is
 * written. An exchange with the sync folder (rod_sync.h) is a job too, in
 * order with the writes; its news is kept for the window to take
 * (lib_worker_take_sync).
 *
 * Ownership: lib_worker_start() gives the caller the worker;
 * lib_worker_stop() finishes the queue, joins the thread and frees it
 * (NULL allowed). A document given to lib_worker_add() is borrowed until
 * lib_worker_wait() or lib_worker_stop() returns. Annotations are copied.
 * Errors: a failed write is kept as a message for the window to show
 * (lib_worker_take_message); the queue goes on. A position's save is
 * tried again a few times before it counts as failed (a library busy past
 * SQLite's wait), and a message not taken when the worker stops is
 * printed on stderr, so a place is never lost without a word. News the reader should
 * hear (a book's notes brought over from another text of it) comes the
 * same way.
 */
#ifndef ROD_LIB_WORKER_H
#define ROD_LIB_WORKER_H

#include <stdbool.h>
#include <stddef.h>

#include "rod_annot.h"
#include "rod_doc.h"
#include "rod_library.h"

typedef struct lib_worker lib_worker;

/* path: the library database, NULL for the default. NULL when no thread
 * can be started. */
lib_worker *lib_worker_start(const char *path);
void lib_worker_stop(lib_worker *w);

void lib_worker_position(lib_worker *w, const char *fingerprint, rod_pos pos, double progress);
void lib_worker_add(lib_worker *w, const char *path, const rod_doc *doc, const char *format);
void lib_worker_annot_put(lib_worker *w, const char *fingerprint, const rod_annot *a);
void lib_worker_annot_delete(lib_worker *w, const char *id);
/* A reading session of the text (rod_lib_session_put); a queued one of
 * the same text and start is replaced, as positions are. */
void lib_worker_session(lib_worker *w, const char *fingerprint, const rod_lib_session *s);
/* The text was read to its end at `at` (rod_lib_finished_mark). */
void lib_worker_finished(lib_worker *w, const char *fingerprint, int64_t at);
/* What one exchange with the sync folder brought (lib_worker_sync). */
enum { LIB_SYNC_PLACES = 8 };
typedef struct lib_sync_news {
    bool failed;                /* the exchange failed: text says why */
    size_t notes, deleted;      /* annotations that came or went, all books */
    size_t places;              /* books whose reading place came */
    char place_fps[LIB_SYNC_PLACES][72];    /* the first of them */
    char text[256];             /* "From another device: ..." ("" nothing came) */
    char folder[4096];          /* the folders used, one a line */
    char own[256];              /* this device's file's name in it */
} lib_sync_news;

/* Queues one exchange with the sync folder (rod_sync.h): folder, or when
 * it is "" or NULL the settings' or library's (rod_sync_folder); nothing
 * happens when there is none. An exchange already queued and not started
 * is not queued twice. reader signs this device's file. */
void lib_worker_sync(lib_worker *w, const char *folder, const char *reader);
/* The news of the last exchange finished and not yet taken, into out;
 * false when there is none. */
bool lib_worker_take_sync(lib_worker *w, lib_sync_news *out);
/* Whether positions or annotations were written since the last exchange
 * began. */
bool lib_worker_changed(lib_worker *w);
/* True when nothing is queued or being written (never blocks). */
bool lib_worker_idle(lib_worker *w);
/* Blocks until everything queued so far is written. */
void lib_worker_wait(lib_worker *w);
/* The oldest error not yet shown, copied into out; false when none. */
bool lib_worker_take_message(lib_worker *w, char *out, size_t n);

#endif
