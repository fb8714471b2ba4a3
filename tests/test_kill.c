/* test_kill.c — the library under a writer killed with SIGKILL over and
 * over, at random moments: it never loses an annotation whose commit
 * returned, never leaves half a transaction, and stays whole
 * (integrity_check). The moments come from a seed printed at the start;
 * ROD_KILL_SEED=N runs the same moments again.
 *
 * The database lives in a fresh temporary folder.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rod_library.h"
#include "tap.h"

static char dir[256];

static char *tmp_path(const char *name)
{
    static char paths[4][512];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, 512, "%s/%s", dir, name);
    return p;
}

static void annot(rod_annot *a, const char *id, const char *reader, const char *modified)
{
    memset(a, 0, sizeof *a);
    rod_annot_set(&a->id, id);
    rod_annot_set(&a->reader, reader);
    rod_annot_set(&a->color, "green");
    rod_annot_set(&a->created, "2369-01-01T00:00:00Z");
    rod_annot_set(&a->modified, modified);
    a->type = ROD_ANNOT_NOTE;
    rod_annot_set(&a->body, "A note.");
}

/* ---- the kill test ---- */

enum { ROUNDS = 25, BATCH = 5 };

/* The child: writes batches of BATCH annotations, one transaction each,
 * and reports each batch number after its commit returned. */
static void writer(const char *db, int round, int fd)
{
    rod_lib *lib = NULL;
    if (rod_lib_open(db, &lib) != ROD_OK)
        _exit(2);
    rod_notes set = {0};
    for (int batch = 0;; batch++) {
        for (int i = 0; i < BATCH; i++) {
            rod_annot a;
            char id[48];
            snprintf(id, sizeof id, "r%02d-b%05d-%d", round, batch, i);
            annot(&a, id, "Garak", "2369-01-01T00:00:00Z");
            rod_annot_set(&a.quote, "Lies are like latinum: they lose their value if you spend them carelessly.");
            rod_notes_push(&set, &a);
        }
        rod_lib_merge st;
        if (rod_lib_annot_merge(lib, "sha256:kill", &set, &st) != ROD_OK)
            _exit(3);
        for (size_t i = 0; i < set.n; i++)
            rod_annot_clear(&set.items[i]);
        set.n = 0;
        char line[32];
        int n = snprintf(line, sizeof line, "%d\n", batch);
        if (write(fd, line, (size_t)n) != n)
            _exit(4);
    }
}

static void test_kill(void)
{
    char *db = tmp_path("kill.db");
    int committed[ROUNDS];
    int kills = 0;
    /* the kill moments are random; the seed is printed so a failing run
     * can be repeated exactly: ROD_KILL_SEED=N */
    const char *given = getenv("ROD_KILL_SEED");
    unsigned seed = given ? (unsigned)strtoul(given, NULL, 10) : (unsigned)time(NULL) ^ (unsigned)getpid();
    printf("# kill moments from seed %u (run again with ROD_KILL_SEED=%u)\n", seed, seed);
    srand(seed);
    for (int round = 0; round < ROUNDS; round++) {
        int p[2];
        if (pipe(p) != 0)
            return;
        pid_t pid = fork();
        if (pid == 0) {
            close(p[0]);
            writer(db, round, p[1]);
        }
        close(p[1]);
        /* wait for the first commit, so a slow start on a loaded machine
         * cannot leave a round without one; then kill at a random moment */
        committed[round] = -1;
        char buf[4096];
        ssize_t n;
        int value = 0;
        char c = 0;
        while (read(p[0], &c, 1) == 1 && c != '\n')
            value = value * 10 + (c - '0');
        if (c == '\n')
            committed[round] = value;
        value = 0;
        struct timespec ts = {0, (long)(5 + rand() % 60) * 1000000L};
        nanosleep(&ts, NULL);
        kills += kill(pid, SIGKILL) == 0;
        waitpid(pid, NULL, 0);
        /* every batch the child said it committed */
        while ((n = read(p[0], buf, sizeof buf)) > 0) {
            for (ssize_t i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    committed[round] = value;
                    value = 0;
                } else {
                    value = value * 10 + (buf[i] - '0');
                }
            }
        }
        close(p[0]);
    }
    rod_lib *lib = NULL;
    rod_err err = rod_lib_open(db, &lib);
    rod_notes set = {0};
    if (err == ROD_OK)
        rod_lib_annot_list(lib, "sha256:kill", &set);
    rod_lib_close(lib);
    /* count per (round, batch) */
    int lost = 0, partial = 0, total_committed = 0;
    static unsigned char seen[ROUNDS][100000];
    memset(seen, 0, sizeof seen);
    for (size_t i = 0; i < set.n; i++) {
        int r, b, k;
        if (sscanf(set.items[i].id, "r%d-b%d-%d", &r, &b, &k) == 3 && r < ROUNDS && b < 100000)
            seen[r][b]++;
    }
    for (int r = 0; r < ROUNDS; r++) {
        for (int b = 0; b <= committed[r]; b++) {
            total_committed++;
            lost += seen[r][b] != BATCH;
        }
        for (int b = 0; b < 100000; b++)
            partial += seen[r][b] != 0 && seen[r][b] != BATCH;
    }
    printf("# %d writers killed with SIGKILL; %d batches reported committed, %zu annotations on disk\n",
           kills, total_committed, set.n);
    CHECK(err == ROD_OK && kills == ROUNDS && total_committed >= ROUNDS, "the writer was killed mid-work every round and had committed batches");
    CHECK(lost == 0, "every committed annotation is there");
    CHECK(partial == 0, "no transaction is half there");
    rod_buf report = ROD_BUF_INIT;
    rod_lib_check_result res;
    CHECK(rod_lib_check(db, &report, &res) == ROD_OK && res.ok, "PRAGMA integrity_check passes");
    rod_buf_free(&report);
    free(res.recovered);
    rod_notes_free(&set);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/rod-test-kill-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    unsetenv("ROD_LIBRARY");
    test_kill();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return tap_done();
}
