/* bench_util.h — what the benchmark programs share: a monotonic clock, a
 * function timed in a child process (so its peak memory is its own), an
 * outside command timed the same way, and small file helpers. */
#ifndef ROD_BENCH_UTIL_H
#define ROD_BENCH_UTIL_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static inline double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Runs fn(arg) in a child, which times itself (so fork and exit are not
 * counted) and sends the seconds back through a pipe; returns them and
 * stores the child's peak RSS (KiB), or returns -1 when fn failed. */
static inline double in_child(int (*fn)(void *), void *arg, long *rss)
{
    int fd[2];
    *rss = 0;
    if (pipe(fd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        double t0 = now();
        int rc = fn(arg);
        double t = now() - t0;
        ssize_t w = write(fd[1], &t, sizeof t);
        _exit(rc == 0 && w == (ssize_t)sizeof t ? 0 : 1);
    }
    close(fd[1]);
    double t = -1;
    if (read(fd[0], &t, sizeof t) != (ssize_t)sizeof t)
        t = -1;
    close(fd[0]);
    int status;
    struct rusage ru;
    wait4(pid, &status, 0, &ru);
    *rss = ru.ru_maxrss;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? t : -1;
}

/* Wall time of a shell command, with its peak RSS (KiB); -1 on failure. */
static inline double time_command(const char *cmd, long *rss)
{
    double t0 = now();
    pid_t pid = fork();
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    int status;
    struct rusage ru;
    wait4(pid, &status, 0, &ru);
    *rss = ru.ru_maxrss;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? now() - t0 : -1;
}

static inline bool have(const char *prog)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", prog);
    return system(cmd) == 0;
}

static inline bool save(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

#endif
