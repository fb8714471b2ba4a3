/* lib_worker.c — a thread that owns a library connection and writes what
 * the window asks, in order.
 *
 * Jobs are a singly linked FIFO under one mutex. A position job for a text
 * that already has one queued replaces its values in place, so a reader
 * flicking through fifty pages causes one write, not fifty. The thread
 * sleeps on a condition variable when the queue is empty; wait() sleeps on
 * another until the queue is empty and no job is running. An exchange
 * with the sync folder is one more job, so it is ordered with the writes:
 * what the window wrote before asking is in what goes out.
 */
#include "lib_worker.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rod_library.h"
#include "rod_sync.h"
#include "settings.h"

/* tries of a position's save; each waits up to SQLite's busy timeout (5 s) */
enum { SAVE_ATTEMPTS = 4 };

typedef enum job_kind { JOB_POSITION, JOB_ADD, JOB_PUT, JOB_DELETE, JOB_SESSION, JOB_FINISHED, JOB_SYNC } job_kind;

typedef struct job {
    job_kind kind;
    struct job *next;
    char fingerprint[72];
    rod_pos pos;
    double progress;
    char *path, *format;        /* JOB_ADD; JOB_SYNC: the folder, the reader */
    const rod_doc *doc;
    rod_annot annot;            /* JOB_PUT; JOB_DELETE uses annot.id */
    rod_lib_session session;    /* JOB_SESSION; JOB_FINISHED uses session.started */
} job;

struct lib_worker {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t work, idle;
    job *head, *tail;
    bool busy, stopping;
    char *path;
    char message[512];          /* "" when nothing to show */
    lib_sync_news news;         /* the last exchange's */
    bool has_news;
    bool changed;               /* written since the last exchange began */
};

static void job_free(job *j)
{
    free(j->path);
    free(j->format);
    rod_annot_clear(&j->annot);
    free(j);
}

static void note_error(lib_worker *w, rod_lib *lib, const char *what)
{
    pthread_mutex_lock(&w->mu);
    if (!w->message[0])
        snprintf(w->message, sizeof w->message, "%s: %s", what, rod_lib_message(lib));
    pthread_mutex_unlock(&w->mu);
}

/* Tells the reader what came from another text of the book: "From
 * another copy of this book: 5 notes (1 not found: see orphaned) and the
 * place you read last.", or from the text a new edition replaced. */
static void note_news(lib_worker *w, const rod_lib_add_result *res)
{
    size_t notes = rod_lib_add_notes(res);
    char what[160] = "", lost[64] = "";
    if (res->orphaned)
        snprintf(lost, sizeof lost, " (%zu not found: see orphaned)", res->orphaned);
    if (notes)
        snprintf(what, sizeof what, "%zu note%s%s%s", notes, notes == 1 ? "" : "s", lost,
                 res->place ? " and the place you read last" : "");
    else
        snprintf(what, sizeof what, "the place you read last");
    pthread_mutex_lock(&w->mu);
    if (!w->message[0]) {
        if (res->what == ROD_LIB_EDITION)
            snprintf(w->message, sizeof w->message, "This file has new text; %s came with it.", what);
        else
            snprintf(w->message, sizeof w->message, "From another copy of this book: %s.", what);
    }
    pthread_mutex_unlock(&w->mu);
}

/* "2 notes, 1 deleted and your place in Title" into out. */
static void sync_words(const rod_sync_report *rep, const lib_sync_news *n, char *out, size_t size)
{
    char notes[96] = "", place[160] = "";
    if (n->notes && n->deleted)
        snprintf(notes, sizeof notes, "%zu note%s, %zu deleted", n->notes, n->notes == 1 ? "" : "s",
                 n->deleted);
    else if (n->notes)
        snprintf(notes, sizeof notes, "%zu note%s", n->notes, n->notes == 1 ? "" : "s");
    else if (n->deleted)
        snprintf(notes, sizeof notes, "%zu deleted", n->deleted);
    const char *title = NULL;
    for (size_t i = 0; i < rep->nfrom && !title; i++)
        if (rep->from[i].places)
            title = rep->from[i].place_titles[0];
    if (n->places == 1 && title)
        snprintf(place, sizeof place, "your place in %.120s", title);
    else if (n->places)
        snprintf(place, sizeof place, "your places in %zu books", n->places);
    const char *who = rep->nfrom == 1 ? rep->from[0].name : NULL;
    char whom[96] = "";
    if (who)
        snprintf(whom, sizeof whom, " (%.80s)", who);
    snprintf(out, size, "From another device: %s%s%s%s.", notes, notes[0] && place[0] ? " and " : "", place,
             whom);
}

static void run_sync(lib_worker *w, rod_lib *lib, job *j)
{
    lib_sync_news n = {0};
    pthread_mutex_lock(&w->mu);
    w->changed = false;
    pthread_mutex_unlock(&w->mu);
    /* the folder named, else every folder kept (each with what it
     * carries), the watched one (rod_sync_folder's) first */
    rod_sync_dir *dirs = NULL;
    size_t ndirs = 0;
    rod_err err = ROD_OK;
    char first[4096] = "";
    if (j->path && j->path[0]) {
        rod_sync_share sh = ROD_SYNC_SHARE_ALL;
        bool kept = false;
        err = rod_lib_sync_folder_get(lib, j->path, &sh, &kept);
        if (err == ROD_OK && (dirs = calloc(1, sizeof *dirs)) && (dirs[0].path = strdup(j->path))) {
            dirs[0].share = sh;
            ndirs = 1;
        } else if (err == ROD_OK) {
            err = ROD_ERR_NOMEM;
        }
    } else {
        err = rod_sync_folders_all(lib, &dirs, &ndirs);
        rod_sync_folder(lib, first, sizeof first);
    }
    if (err == ROD_OK && !ndirs) {
        /* no folder: nothing to do, nothing to say but that it is done */
        pthread_mutex_lock(&w->mu);
        if (!w->has_news)
            w->news = n;
        w->has_news = true;
        pthread_mutex_unlock(&w->mu);
        rod_sync_folders_free(dirs, ndirs);
        return;
    }
    size_t watched = 0;
    for (size_t i = 0; i < ndirs; i++)
        if (first[0] && !strcmp(dirs[i].path, first))
            watched = i;
    /* every folder, one a line, the watched one first: the window
     * watches them all (sync_watch.h) */
    size_t used = (size_t)snprintf(n.folder, sizeof n.folder, "%s", ndirs ? dirs[watched].path : "");
    for (size_t i = 0; i < ndirs; i++)
        if (i != watched && used + strlen(dirs[i].path) + 2 < sizeof n.folder)
            used += (size_t)snprintf(n.folder + used, sizeof n.folder - used, "\n%s", dirs[i].path);
    rod_diag diag = ROD_DIAG_INIT("sync");
    rod_sync_report rep = {0};
    for (size_t i = 0; i < ndirs && err == ROD_OK; i++) {
        size_t d = i == 0 ? watched : i == watched ? 0 : i;
        rod_sync_report one = {0};
        err = rod_lib_sync_exchange_shared(lib, dirs[d].path, j->format[0] ? j->format : NULL, &dirs[d].share,
                                           &diag, &one);
        if (i == 0) {
            rep = one;      /* the watched folder's: its own file's name */
            continue;
        }
        /* the others' news is added to the first's (a folder with no
         * news has no array at all) */
        if (!one.nfrom) {
            rod_sync_report_free(&one);
            continue;
        }
        rod_sync_from *more = realloc(rep.from, (rep.nfrom + one.nfrom + 1) * sizeof *more);
        if (!more) {
            rod_sync_report_free(&one);
            err = ROD_ERR_NOMEM;
            break;
        }
        rep.from = more;
        memcpy(rep.from + rep.nfrom, one.from, one.nfrom * sizeof *more);
        rep.nfrom += one.nfrom;
        free(one.from);
    }
    rod_sync_folders_free(dirs, ndirs);
    if (err != ROD_OK) {
        n.failed = true;
        snprintf(n.text, sizeof n.text, "Cannot sync: %s",
                 err == ROD_ERR_NOMEM ? "out of memory" : rod_lib_message(lib));
    } else {
        for (size_t i = 0; i < rep.nfrom; i++) {
            const rod_sync_from *f = &rep.from[i];
            n.notes += f->notes;
            n.deleted += f->deleted;
            for (size_t k = 0; k < f->places; k++) {
                if (n.places < LIB_SYNC_PLACES)
                    snprintf(n.place_fps[n.places], sizeof n.place_fps[0], "%s", f->place_fps[k]);
                n.places++;
            }
        }
        if (n.notes || n.deleted || n.places)
            sync_words(&rep, &n, n.text, sizeof n.text);
        else if (diag.n)
            snprintf(n.text, sizeof n.text, "Sync: %.200s", diag.items[0].text);
        const char *slash = strrchr(rep.own, '/');
        snprintf(n.own, sizeof n.own, "%.*s", (int)sizeof n.own - 1, slash ? slash + 1 : rep.own);
    }
    rod_sync_report_free(&rep);
    rod_diag_free(&diag);
    pthread_mutex_lock(&w->mu);
    /* news not yet taken is added to, not lost */
    if (w->has_news && !w->news.failed && !n.failed) {
        n.notes += w->news.notes;
        n.deleted += w->news.deleted;
        for (size_t k = 0; k < w->news.places && k < LIB_SYNC_PLACES && n.places < LIB_SYNC_PLACES; k++)
            snprintf(n.place_fps[n.places++], sizeof n.place_fps[0], "%s", w->news.place_fps[k]);
        if (!n.text[0])
            snprintf(n.text, sizeof n.text, "%s", w->news.text);
    }
    w->news = n;
    w->has_news = true;
    pthread_mutex_unlock(&w->mu);
}

static void run(lib_worker *w, rod_lib *lib, job *j)
{
    rod_err err = ROD_OK;
    bool found;
    switch (j->kind) {
    case JOB_POSITION:
        /* a place is never dropped quietly: a library busy past SQLite's
         * wait (another rod writing, a checkpoint on a loaded machine) is
         * tried again, and what still fails is told (a toast, or on
         * stderr when the window closes: lib_worker_stop) */
        for (int attempt = 1;; attempt++) {
            err = rod_lib_position_save(lib, j->fingerprint, j->pos, j->progress);
            if (err == ROD_OK || err == ROD_ERR_NOMEM || attempt == SAVE_ATTEMPTS)
                break;
            nanosleep(&(struct timespec){.tv_nsec = 250 * 1000 * 1000}, NULL);
        }
        if (err != ROD_OK)
            note_error(w, lib, "cannot save the reading position");
        break;
    case JOB_SYNC:
        run_sync(w, lib, j);
        break;
    case JOB_ADD: {
        rod_lib_add_result res;
        err = rod_lib_add(lib, j->path, j->doc, j->format, &res);
        if (err != ROD_OK)
            note_error(w, lib, "cannot add the book to the library");
        else if ((res.related || res.what == ROD_LIB_EDITION) &&
                 (res.place || rod_lib_add_notes(&res) > 0))
            note_news(w, &res);
        break;
    }
    case JOB_PUT:
        err = rod_lib_annot_put(lib, j->fingerprint, &j->annot);
        if (err != ROD_OK)
            note_error(w, lib, "cannot save the annotation");
        break;
    case JOB_DELETE:
        err = rod_lib_annot_delete(lib, j->annot.id, &found);
        if (err != ROD_OK)
            note_error(w, lib, "cannot delete the annotation");
        break;
    case JOB_SESSION:
        err = rod_lib_session_put(lib, j->fingerprint, &j->session);
        if (err != ROD_OK)
            note_error(w, lib, "cannot save the reading time");
        break;
    case JOB_FINISHED:
        err = rod_lib_finished_mark(lib, j->fingerprint, j->session.started);
        if (err != ROD_OK)
            note_error(w, lib, "cannot mark the book finished");
        break;
    }
    /* what a sync carries changed (reading statistics stay here) */
    if ((j->kind == JOB_POSITION || j->kind == JOB_PUT || j->kind == JOB_DELETE) && err == ROD_OK) {
        pthread_mutex_lock(&w->mu);
        w->changed = true;
        pthread_mutex_unlock(&w->mu);
    }
}

static void *loop(void *arg)
{
    lib_worker *w = arg;
    rod_lib *lib = NULL;
    bool open_ok = rod_lib_open(w->path, &lib) == ROD_OK;
    if (!open_ok)
        note_error(w, lib, "the library cannot be opened");
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->head && !w->stopping)
            pthread_cond_wait(&w->work, &w->mu);
        if (!w->head)
            break;
        job *j = w->head;
        w->head = j->next;
        if (!w->head)
            w->tail = NULL;
        w->busy = true;
        pthread_mutex_unlock(&w->mu);
        if (open_ok) {
            run(w, lib, j);
        } else if (j->kind == JOB_SYNC) {
            /* said once, when the library would not open; the window
             * waits for news of each exchange it asked for */
            pthread_mutex_lock(&w->mu);
            w->news = (lib_sync_news){.failed = true};
            w->has_news = true;
            pthread_mutex_unlock(&w->mu);
        }
        job_free(j);
        pthread_mutex_lock(&w->mu);
        w->busy = false;
        if (!w->head)
            pthread_cond_broadcast(&w->idle);
    }
    pthread_cond_broadcast(&w->idle);
    pthread_mutex_unlock(&w->mu);
    rod_lib_close(lib);
    return NULL;
}

lib_worker *lib_worker_start(const char *path)
{
    lib_worker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    if (path && !(w->path = strdup(path))) {
        free(w);
        return NULL;
    }
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->work, NULL);
    pthread_cond_init(&w->idle, NULL);
    if (pthread_create(&w->thread, NULL, loop, w) != 0) {
        pthread_mutex_destroy(&w->mu);
        pthread_cond_destroy(&w->work);
        pthread_cond_destroy(&w->idle);
        free(w->path);
        free(w);
        return NULL;
    }
    return w;
}

void lib_worker_stop(lib_worker *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->stopping = true;
    pthread_cond_signal(&w->work);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    /* a failure the window had no time to show (the last place saved as
     * it closed) is told all the same */
    if (w->message[0])
        fprintf(stderr, "rod: %s\n", w->message);
    while (w->head) {
        job *j = w->head;
        w->head = j->next;
        job_free(j);
    }
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->work);
    pthread_cond_destroy(&w->idle);
    free(w->path);
    free(w);
}

static void enqueue(lib_worker *w, job *j)
{
    pthread_mutex_lock(&w->mu);
    if (w->tail)
        w->tail->next = j;
    else
        w->head = j;
    w->tail = j;
    pthread_cond_signal(&w->work);
    pthread_mutex_unlock(&w->mu);
}

static job *job_new(job_kind kind, const char *fingerprint)
{
    job *j = calloc(1, sizeof *j);
    if (j) {
        j->kind = kind;
        if (fingerprint)
            snprintf(j->fingerprint, sizeof j->fingerprint, "%s", fingerprint);
    }
    return j;
}

void lib_worker_position(lib_worker *w, const char *fingerprint, rod_pos pos, double progress)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    for (job *j = w->head; j; j = j->next)
        if (j->kind == JOB_POSITION && !strcmp(j->fingerprint, fingerprint)) {
            j->pos = pos;
            j->progress = progress;
            pthread_mutex_unlock(&w->mu);
            return;
        }
    pthread_mutex_unlock(&w->mu);
    job *j = job_new(JOB_POSITION, fingerprint);
    if (!j)
        return;
    j->pos = pos;
    j->progress = progress;
    enqueue(w, j);
}

void lib_worker_add(lib_worker *w, const char *path, const rod_doc *doc, const char *format)
{
    if (!w)
        return;
    job *j = job_new(JOB_ADD, NULL);
    if (!j)
        return;
    j->path = strdup(path);
    j->format = strdup(format);
    j->doc = doc;
    if (!j->path || !j->format) {
        job_free(j);
        return;
    }
    enqueue(w, j);
}

void lib_worker_annot_put(lib_worker *w, const char *fingerprint, const rod_annot *a)
{
    if (!w)
        return;
    job *j = job_new(JOB_PUT, fingerprint);
    if (!j)
        return;
    if (rod_annot_copy(&j->annot, a) != ROD_OK) {
        job_free(j);
        return;
    }
    enqueue(w, j);
}

void lib_worker_annot_delete(lib_worker *w, const char *id)
{
    if (!w)
        return;
    job *j = job_new(JOB_DELETE, NULL);
    if (!j || !(j->annot.id = strdup(id))) {
        if (j)
            job_free(j);
        return;
    }
    enqueue(w, j);
}

void lib_worker_session(lib_worker *w, const char *fingerprint, const rod_lib_session *s)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    for (job *j = w->head; j; j = j->next)
        if (j->kind == JOB_SESSION && j->session.started == s->started &&
            !strcmp(j->fingerprint, fingerprint)) {
            j->session = *s;
            pthread_mutex_unlock(&w->mu);
            return;
        }
    pthread_mutex_unlock(&w->mu);
    job *j = job_new(JOB_SESSION, fingerprint);
    if (!j)
        return;
    j->session = *s;
    enqueue(w, j);
}

void lib_worker_finished(lib_worker *w, const char *fingerprint, int64_t at)
{
    if (!w)
        return;
    job *j = job_new(JOB_FINISHED, fingerprint);
    if (!j)
        return;
    j->session.started = at;
    enqueue(w, j);
}

void lib_worker_sync(lib_worker *w, const char *folder, const char *reader)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    for (job *j = w->head; j; j = j->next)
        if (j->kind == JOB_SYNC) {
            pthread_mutex_unlock(&w->mu);
            return;
        }
    pthread_mutex_unlock(&w->mu);
    job *j = job_new(JOB_SYNC, NULL);
    if (!j)
        return;
    j->path = strdup(folder ? folder : "");
    j->format = strdup(reader ? reader : "");
    if (!j->path || !j->format) {
        job_free(j);
        return;
    }
    enqueue(w, j);
}

bool lib_worker_take_sync(lib_worker *w, lib_sync_news *out)
{
    if (!w)
        return false;
    pthread_mutex_lock(&w->mu);
    bool any = w->has_news;
    if (any) {
        *out = w->news;
        w->has_news = false;
    }
    pthread_mutex_unlock(&w->mu);
    return any;
}

bool lib_worker_changed(lib_worker *w)
{
    if (!w)
        return false;
    pthread_mutex_lock(&w->mu);
    bool changed = w->changed;
    pthread_mutex_unlock(&w->mu);
    return changed;
}

bool lib_worker_idle(lib_worker *w)
{
    if (!w)
        return true;
    pthread_mutex_lock(&w->mu);
    bool idle = !w->head && !w->busy;
    pthread_mutex_unlock(&w->mu);
    return idle;
}

void lib_worker_wait(lib_worker *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    while ((w->head || w->busy) && !w->stopping)
        pthread_cond_wait(&w->idle, &w->mu);
    pthread_mutex_unlock(&w->mu);
}

bool lib_worker_take_message(lib_worker *w, char *out, size_t n)
{
    if (!w)
        return false;
    pthread_mutex_lock(&w->mu);
    bool any = w->message[0] != '\0';
    if (any) {
        snprintf(out, n, "%s", w->message);
        w->message[0] = '\0';
    }
    pthread_mutex_unlock(&w->mu);
    return any;
}
