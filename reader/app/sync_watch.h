/* sync_watch.h — the window told when another device's file arrives in
 * the sync folder.
 *
 * A small thread waits on inotify for files of the folder being written,
 * renamed into it or removed, and pushes one SDL event of the type given
 * for each burst; the main thread then asks the library worker for an
 * exchange (app_idle.c). Only names a sync exchange reads count (ending in
 * .rodsync, not starting with '.' or '~'), and not this device's own file
 * (sync_watch_ignore), so the exchange's own write does not start another.
 *
 * Ownership: sync_watch_start() gives the caller the watcher;
 * sync_watch_stop() ends the thread and frees it (NULL allowed).
 * Errors: start returns NULL with a message in err when the folder cannot
 * be watched (the window then syncs only when books open and close and
 * every minute).
 */
#ifndef ROD_SYNC_WATCH_H
#define ROD_SYNC_WATCH_H

#include <stddef.h>
#include <stdint.h>

typedef struct sync_watch sync_watch;

/* folder: one folder, or several, one a line (all on one watcher). */
sync_watch *sync_watch_start(const char *folder, uint32_t event_type, char *err, size_t n);
/* The folder watched. */
const char *sync_watch_folder(const sync_watch *w);
/* A file name (no folder) whose changes are not reported. */
void sync_watch_ignore(sync_watch *w, const char *name);
void sync_watch_stop(sync_watch *w);

#endif
