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
 * written.
 *
 * Ownership: lib_worker_start() gives the caller the worker;
 * lib_worker_stop() finishes the queue, joins the thread and frees it
 * (NULL allowed). A document given to lib_worker_add() is borrowed until
 * lib_worker_wait() or lib_worker_stop() returns. Annotations are copied.
 * Errors: a failed write is kept as a message for the window to show
 * (lib_worker_take_message); the queue goes on. News the reader should
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
/* True when nothing is queued or being written (never blocks). */
bool lib_worker_idle(lib_worker *w);
/* Blocks until everything queued so far is written. */
void lib_worker_wait(lib_worker *w);
/* The oldest error not yet shown, copied into out; false when none. */
bool lib_worker_take_message(lib_worker *w, char *out, size_t n);

#endif
