/* outfile.c — the one way rod puts a file in place (rod_outfile.h).
 *
 * The sequence is the classic one, done completely: a temporary in the
 * target's own folder (rename(2) is atomic only within one file system),
 * written, fsync'd, renamed over the target, and the folder fsync'd so the
 * rename itself survives a power cut. What used to go wrong was around
 * it: the temporary was "OUT.tmpPID" opened with O_CREAT|O_TRUNC, so a
 * symbolic link planted at that predictable name made rod write through
 * it and then rename the link into place; the new file came back 0644
 * whatever the old one's mode; nothing was synced; and `rod convert a.txt
 * a.txt` replaced the book being read with its own conversion.
 *
 * The temporary is an O_TMPFILE: an inode with no name, which nothing can
 * be planted at, and which the kernel frees if rod is killed, so an
 * interrupted write leaves no trace. It gets a fresh name (linkat through
 * /proc/self/fd) only at commit, just before the rename. Where the file
 * system cannot make one (or a caller needs a name, as SQLite does), the
 * temporary is ".NAME.rodtmp-PID-XXXXXX" opened with O_CREAT|O_EXCL|
 * O_NOFOLLOW; such a name left by a killed rod is removed by the next rod
 * that writes into that folder (once per folder and process), after
 * checking that the process in the name is gone.
 *
 * Turned down: writing in place with O_TRUNC (a kill leaves half a book)
 * and mkstemp(3) (it cannot make an O_TMPFILE and picks names itself, so
 * the sweep could not recognise its leftovers).
 */
#include "rod_outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#define TMP_MARK ".rodtmp-"

bool rod_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return a && b && stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* ---- leftovers of killed writers ---- */

static pthread_mutex_t swept_lock = PTHREAD_MUTEX_INITIALIZER;
static struct { dev_t dev; ino_t ino; } swept[64];
static size_t nswept;

/* ".NAME.rodtmp-PID-XXXXXX" (and SQLite's -wal, -shm, -journal beside
 * it): the pid, or 0 when the name is not one of ours. */
static pid_t leftover_pid(const char *name)
{
    if (name[0] != '.')
        return 0;
    const char *mark = strstr(name, TMP_MARK);
    if (!mark)
        return 0;
    const char *p = mark + strlen(TMP_MARK);
    long pid = 0;
    while (*p >= '0' && *p <= '9' && pid < 1L << 30)
        pid = pid * 10 + (*p++ - '0');
    if (pid <= 0 || *p++ != '-')
        return 0;
    for (int i = 0; i < 6; i++, p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
            return 0;
    if (*p && strcmp(p, "-wal") && strcmp(p, "-shm") && strcmp(p, "-journal"))
        return 0;
    return (pid_t)pid;
}

static void sweep(int dirfd)
{
    struct stat st;
    if (fstat(dirfd, &st) != 0)
        return;
    pthread_mutex_lock(&swept_lock);
    bool done = false;
    for (size_t i = 0; i < nswept && !done; i++)
        done = swept[i].dev == st.st_dev && swept[i].ino == st.st_ino;
    if (!done && nswept < sizeof swept / sizeof swept[0]) {
        swept[nswept].dev = st.st_dev;
        swept[nswept++].ino = st.st_ino;
    }
    pthread_mutex_unlock(&swept_lock);
    if (done)
        return;
    int fd = dup(dirfd);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return;
    }
    rewinddir(d);
    for (struct dirent *e; (e = readdir(d));) {
        pid_t pid = leftover_pid(e->d_name);
        if (pid > 0 && pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH)
            unlinkat(dirfd, e->d_name, 0);
    }
    closedir(d);
}

/* ---- opening ---- */

static char *dup_n(const char *s, size_t n)
{
    char *r = malloc(n + 1);
    if (r) {
        memcpy(r, s, n);
        r[n] = '\0';
    }
    return r;
}

static const char *base_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* A fresh temporary name for target in its folder: ".BASE.rodtmp-PID-XXXXXX"
 * with BASE cut so the whole stays a legal name. */
static void temp_name(const char *target, char out[NAME_MAX + 1])
{
    static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char r[6];
    if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
        static unsigned counter;
        unsigned x = (unsigned)getpid() * 2654435761u ^ (unsigned)__atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED);
        for (int i = 0; i < 6; i++, x = x * 1103515245u + 12345u)
            r[i] = (unsigned char)(x >> 16);
    }
    char rnd[7];
    for (int i = 0; i < 6; i++)
        rnd[i] = digits[r[i] % 36];
    rnd[6] = '\0';
    snprintf(out, NAME_MAX + 1, ".%.200s" TMP_MARK "%ld-%s", base_of(target), (long)getpid(), rnd);
}

static int open_named(rod_out *o)
{
    char name[NAME_MAX + 1];
    for (int tries = 0; tries < 100; tries++) {
        temp_name(o->target, name);
        int fd = openat(o->dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd >= 0) {
            o->named = strdup(name);
            if (!o->named) {
                unlinkat(o->dirfd, name, 0);
                close(fd);
                errno = ENOMEM;
                return -1;
            }
            return fd;
        }
        if (errno != EEXIST)
            return -1;
    }
    return -1;
}

rod_err rod_out_open(rod_out *o, const char *path, unsigned flags, const char *const *inputs,
                     size_t ninputs, rod_diag *diag)
{
    *o = (rod_out){.fd = -1, .dirfd = -1};
    if (strcmp(path, "-") == 0) {
        o->fd = STDOUT_FILENO;
        o->direct = true;
        return ROD_OK;
    }
    for (size_t i = 0; i < ninputs; i++) {
        if (inputs[i] && strcmp(inputs[i], "-") != 0 && rod_same_file(path, inputs[i])) {
            rod_error(diag, 0, 0, "%s is the input %s: rod does not write over what it reads; "
                      "nothing was written", path, inputs[i]);
            return ROD_ERR_USAGE;
        }
    }
    rod_err err = ROD_ERR_IO;
    struct stat st;
    bool exists = stat(path, &st) == 0;
    struct stat lst;
    if (exists && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
        o->target = realpath(path, NULL);     /* the link stays; what it leads to is replaced */
    else
        o->target = strdup(path);
    if (!o->target) {
        err = errno == ENOMEM ? ROD_ERR_NOMEM : ROD_ERR_IO;
        rod_error(diag, 0, 0, "cannot write %s: %s", path, strerror(errno));
        goto fail;
    }
    if (exists && S_ISDIR(st.st_mode)) {
        rod_error(diag, 0, 0, "cannot write %s: it is a folder", path);
        err = ROD_ERR_USAGE;
        goto fail;
    }
    if (exists && !S_ISREG(st.st_mode)) {
        /* a device or a pipe cannot be replaced, only written */
        o->fd = open(o->target, O_WRONLY | O_CLOEXEC | O_NOCTTY);
        if (o->fd < 0) {
            rod_error(diag, 0, 0, "cannot write %s: %s", path, strerror(errno));
            goto fail;
        }
        o->direct = true;
        return ROD_OK;
    }
    const char *base = base_of(o->target);
    char *dir = base == o->target ? strdup(".")
              : base - o->target == 1 ? strdup("/") : dup_n(o->target, (size_t)(base - o->target - 1));
    if (!dir) {
        err = ROD_ERR_NOMEM;
        goto fail;
    }
    o->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (o->dirfd < 0) {
        rod_error(diag, 0, 0, "cannot write %s: the folder %s: %s", path, dir, strerror(errno));
        free(dir);
        goto fail;
    }
    sweep(o->dirfd);
    if (!(flags & ROD_OUT_NAMED) && access("/proc/self/fd", X_OK) == 0)
        o->fd = openat(o->dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    if (o->fd < 0)
        o->fd = open_named(o);
    if (o->fd < 0) {
        rod_error(diag, 0, 0, "cannot write %s: %s", path, strerror(errno));
        free(dir);
        goto fail;
    }
    if ((flags & ROD_OUT_NAMED) && o->named) {
        size_t n = strlen(dir) + strlen(o->named) + 2;
        char *full = malloc(n);
        if (!full) {
            free(dir);
            err = ROD_ERR_NOMEM;
            goto fail;
        }
        snprintf(full, n, "%s/%s", dir, o->named);
        o->tmp = full;
    }
    free(dir);
    if (exists) {
        /* the new file is the old one's: owner (where allowed) and mode */
        if (st.st_uid != geteuid() || st.st_gid != getegid())
            (void)!fchown(o->fd, st.st_uid, st.st_gid);
        if (fchmod(o->fd, st.st_mode & 07777) != 0) {
            rod_error(diag, 0, 0, "cannot write %s: %s", path, strerror(errno));
            goto fail;
        }
    }
    return ROD_OK;
fail:
    rod_out_abort(o);
    return err;
}

rod_err rod_out_write(rod_out *o, const void *data, size_t len, rod_diag *diag)
{
    const char *p = data;
    while (len) {
        ssize_t n = write(o->fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rod_error(diag, 0, 0, "cannot write %s: %s", o->target ? o->target : "standard output",
                      n < 0 ? strerror(errno) : "nothing was written");
            return ROD_ERR_IO;
        }
        p += n;
        len -= (size_t)n;
    }
    return ROD_OK;
}

static void release(rod_out *o)
{
    if (o->fd >= 0 && o->fd != STDOUT_FILENO)
        close(o->fd);
    if (o->dirfd >= 0)
        close(o->dirfd);
    free(o->target);
    free(o->named);
    free((char *)o->tmp);
    *o = (rod_out){.fd = -1, .dirfd = -1};
}

void rod_out_abort(rod_out *o)
{
    if (o->named && o->dirfd >= 0)
        unlinkat(o->dirfd, o->named, 0);
    release(o);
}

rod_err rod_out_commit(rod_out *o, rod_diag *diag)
{
    const char *what = o->target ? o->target : "standard output";
    if (o->direct) {
        bool ok = o->fd == STDOUT_FILENO || close(o->fd) == 0;
        int saved = errno;
        o->fd = -1;
        release(o);
        if (!ok) {
            rod_error(diag, 0, 0, "cannot write %s: %s", what, strerror(saved));
            return ROD_ERR_IO;
        }
        return ROD_OK;
    }
    const char *step = "sync";
    if (fsync(o->fd) != 0)
        goto fail;
    if (!o->named) {
        /* the nameless temporary gets a name only now, just before the rename */
        char proc[64], name[NAME_MAX + 1];
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", o->fd);
        step = "name the temporary";
        int rc = -1;
        for (int tries = 0; tries < 100 && rc != 0; tries++) {
            temp_name(o->target, name);
            rc = linkat(AT_FDCWD, proc, o->dirfd, name, AT_SYMLINK_FOLLOW);
            if (rc != 0 && errno != EEXIST)
                break;
        }
        if (rc != 0)
            goto fail;
        if (!(o->named = strdup(name))) {
            unlinkat(o->dirfd, name, 0);
            errno = ENOMEM;
            goto fail;
        }
    }
    step = "close";
    int fd = o->fd;
    o->fd = -1;
    if (close(fd) != 0)
        goto fail;
    step = "rename";
    if (renameat(o->dirfd, o->named, o->dirfd, base_of(o->target)) != 0)
        goto fail;
    free(o->named);
    o->named = NULL;
    step = "sync the folder of";
    if (fsync(o->dirfd) != 0)
        goto fail;
    release(o);
    return ROD_OK;
fail:
    rod_error(diag, 0, 0, "cannot %s %s: %s", step, what, strerror(errno));
    rod_out_abort(o);
    return ROD_ERR_IO;
}

rod_err rod_out_file(const char *path, const void *data, size_t len, const char *const *inputs,
                     size_t ninputs, rod_diag *diag)
{
    rod_out o;
    rod_err err = rod_out_open(&o, path, 0, inputs, ninputs, diag);
    if (err != ROD_OK)
        return err;
    err = rod_out_write(&o, data, len, diag);
    if (err != ROD_OK) {
        rod_out_abort(&o);
        return err;
    }
    return rod_out_commit(&o, diag);
}

/* ---- a batch's plan ---- */

typedef struct file_key {
    dev_t dev;
    ino_t ino;
    size_t index;
} file_key;

static int cmp_key(const void *a, const void *b)
{
    const file_key *x = a, *y = b;
    if (x->dev != y->dev)
        return x->dev < y->dev ? -1 : 1;
    if (x->ino != y->ino)
        return x->ino < y->ino ? -1 : 1;
    return 0;
}

static int cmp_out(const void *a, const void *b, void *outs)
{
    const char *const *o = outs;
    return strcmp(o[*(const size_t *)a], o[*(const size_t *)b]);
}

static bool skipped(const char *s)
{
    return !s || strcmp(s, "-") == 0;
}

rod_err rod_out_plan(const char *const *outs, const char *const *ins, size_t n, rod_diag *diag)
{
    file_key *keys = calloc(n ? n : 1, sizeof *keys);
    size_t *order = calloc(n ? n : 1, sizeof *order);
    rod_err err = keys && order ? ROD_OK : ROD_ERR_NOMEM;
    size_t nkeys = 0, norder = 0;
    for (size_t i = 0; err == ROD_OK && i < n; i++) {
        struct stat st;
        if (!skipped(ins[i]) && stat(ins[i], &st) == 0)
            keys[nkeys++] = (file_key){st.st_dev, st.st_ino, i};
        if (!skipped(outs[i]))
            order[norder++] = i;
    }
    if (err == ROD_OK)
        qsort(keys, nkeys, sizeof *keys, cmp_key);
    for (size_t k = 0; err == ROD_OK && k < norder; k++) {
        struct stat st;
        size_t i = order[k];
        if (stat(outs[i], &st) != 0)
            continue;
        file_key want = {st.st_dev, st.st_ino, 0};
        const file_key *hit = bsearch(&want, keys, nkeys, sizeof *keys, cmp_key);
        if (hit) {
            rod_error(diag, 0, 0, "%s is the input %s: rod does not write over what it reads; "
                      "nothing was written", outs[i], ins[hit->index]);
            err = ROD_ERR_USAGE;
        }
    }
    if (err == ROD_OK) {
        qsort_r(order, norder, sizeof *order, cmp_out, (void *)outs);
        for (size_t k = 1; k < norder; k++) {
            size_t a = order[k - 1], b = order[k];
            if (strcmp(outs[a], outs[b]) == 0) {
                rod_error(diag, 0, 0, "%s and %s would both be written to %s; nothing was written",
                          ins[a < b ? a : b], ins[a < b ? b : a], outs[a]);
                err = ROD_ERR_USAGE;
                break;
            }
        }
    }
    free(keys);
    free(order);
    return err;
}
