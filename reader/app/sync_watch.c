/* sync_watch.c — inotify on the sync folders, on a thread of its own.
 *
 * One inotify descriptor watches every folder the library syncs with (a
 * private one and a book club's, say); the own file has one name in all.
 * inotify rather than polling the folder's files every few seconds: a
 * change is seen at once, and a window left open all day does no work
 * while nothing changes. The thread sleeps in poll() on the inotify
 * descriptor and on a pipe that sync_watch_stop() writes to, so stopping
 * never waits for a change. Events come in bursts (an engine writes a
 * temporary file and renames it, git checks out several files): one SDL
 * event is pushed per read() of the descriptor, and the main thread waits
 * a moment for the burst to end before it syncs (app_idle.c).
 */
#include "sync_watch.h"

#include <SDL.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

struct sync_watch {
    pthread_t thread;
    int fd, stop[2];
    uint32_t type;
    pthread_mutex_t mu;
    char ignore[256];           /* the own file's name */
    char folder[4096];
};

/* A name an exchange reads (library/sync.c's rule) and not our own. */
static bool counts(sync_watch *w, const char *name)
{
    size_t len = strlen(name);
    const char *ext = ".rodsync";
    if (name[0] == '.' || name[0] == '~' || len <= strlen(ext) || strcmp(name + len - strlen(ext), ext) != 0)
        return false;
    pthread_mutex_lock(&w->mu);
    bool own = !strcmp(name, w->ignore);
    pthread_mutex_unlock(&w->mu);
    return !own;
}

static void *loop(void *arg)
{
    sync_watch *w = arg;
    /* aligned as inotify_event wants */
    char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
    for (;;) {
        struct pollfd p[2] = {{.fd = w->fd, .events = POLLIN}, {.fd = w->stop[0], .events = POLLIN}};
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (p[1].revents)
            break;
        if (!(p[0].revents & POLLIN))
            continue;
        ssize_t got = read(w->fd, buf, sizeof buf);
        if (got <= 0) {
            if (got < 0 && (errno == EINTR || errno == EAGAIN))
                continue;
            break;
        }
        bool changed = false;
        for (ssize_t at = 0; at < got;) {
            const struct inotify_event *e = (const struct inotify_event *)(buf + at);
            if (e->mask & IN_Q_OVERFLOW)
                changed = true;     /* events were lost: anything may have */
            else if (e->len && counts(w, e->name))
                changed = true;
            at += (ssize_t)(sizeof *e + e->len);
        }
        if (changed) {
            SDL_Event ev = {0};
            ev.type = w->type;
            SDL_PushEvent(&ev);     /* thread-safe; a full queue drops it, the minute's sync follows */
        }
    }
    return NULL;
}

sync_watch *sync_watch_start(const char *folder, uint32_t event_type, char *err, size_t n)
{
    sync_watch *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, n, "out of memory");
        return NULL;
    }
    w->type = event_type;
    w->stop[0] = w->stop[1] = -1;
    snprintf(w->folder, sizeof w->folder, "%s", folder);
    w->fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_ONLYDIR;
    if (w->fd < 0 || pipe(w->stop) != 0) {
        snprintf(err, n, "cannot watch %s: %s", folder, strerror(errno));
        goto fail;
    }
    /* each folder of the list, one a line; those that cannot be watched
     * are synced when books open and close, told once */
    size_t watched = 0;
    char one[4096];
    for (const char *p = folder; *p;) {
        size_t len = strcspn(p, "\n");
        snprintf(one, sizeof one, "%.*s", (int)(len < sizeof one ? len : sizeof one - 1), p);
        if (inotify_add_watch(w->fd, one, mask) >= 0)
            watched++;
        else
            snprintf(err, n, "cannot watch %s: %s", one, strerror(errno));
        p += len + (p[len] == '\n');
    }
    if (!watched)
        goto fail;
    pthread_mutex_init(&w->mu, NULL);
    if (pthread_create(&w->thread, NULL, loop, w) != 0) {
        snprintf(err, n, "cannot watch %s: no thread", folder);
        pthread_mutex_destroy(&w->mu);
        goto fail;
    }
    return w;
fail:
    if (w->fd >= 0)
        close(w->fd);
    if (w->stop[0] >= 0) {
        close(w->stop[0]);
        close(w->stop[1]);
    }
    free(w);
    return NULL;
}

const char *sync_watch_folder(const sync_watch *w)
{
    return w->folder;
}

void sync_watch_ignore(sync_watch *w, const char *name)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    snprintf(w->ignore, sizeof w->ignore, "%s", name);
    pthread_mutex_unlock(&w->mu);
}

void sync_watch_stop(sync_watch *w)
{
    if (!w)
        return;
    char c = 1;
    while (write(w->stop[1], &c, 1) < 0 && errno == EINTR)
        ;
    pthread_join(w->thread, NULL);
    close(w->fd);
    close(w->stop[0]);
    close(w->stop[1]);
    pthread_mutex_destroy(&w->mu);
    free(w);
}
