/* test_outfile.c — rod_outfile.h, the one way rod writes a user's file:
 * the content arrives whole; an existing file keeps its mode and a link
 * stays a link; an output that is an input (by name, symbolic or hard
 * link) is refused and left as it was; a batch plan with such an output
 * or two inputs meeting in one output name is refused; a writer killed
 * mid-write (SIGKILL, in a child) leaves the old file byte for byte and
 * nothing behind once the next write has run. Works in a fresh folder
 * under $TMPDIR.
 */
#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "rod_outfile.h"
#include "tap.h"

static char dir[256];

static char *at(const char *name)
{
    return fixture_path(dir, name);
}

static void put(const char *name, const char *text)
{
    char *p = at(name);
    FILE *f = fopen(p, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    free(p);
}

static bool holds(const char *name, const char *text)
{
    char *p = at(name);
    char *got = load(p, NULL);
    bool ok = got && strcmp(got, text) == 0;
    free(got);
    free(p);
    return ok;
}

/* Entries of folder d other than . and .. */
static size_t entries(const char *d, char *first, size_t n)
{
    DIR *dd = opendir(d);
    size_t count = 0;
    for (struct dirent *e; dd && (e = readdir(dd));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (!count && first)
            snprintf(first, n, "%s", e->d_name);
        count++;
    }
    if (dd)
        closedir(dd);
    return count;
}

static void test_basics(void)
{
    char *p = at("new.txt");
    CHECK(rod_out_file(p, "hello\n", 6, NULL, 0, NULL) == ROD_OK && holds("new.txt", "hello\n"),
          "a new file gets the content");
    mode_t mask = umask(022);
    umask(mask);
    struct stat st;
    CHECK(stat(p, &st) == 0 && (st.st_mode & 0777) == (0666 & ~mask), "a new file's mode follows the umask");
    chmod(p, 0600);
    rod_out_file(p, "again\n", 6, NULL, 0, NULL);
    CHECK(stat(p, &st) == 0 && (st.st_mode & 0777) == 0600 && holds("new.txt", "again\n"),
          "an existing 0600 file is replaced and stays 0600");

    char *link = at("link.txt");
    symlink("new.txt", link);
    rod_out_file(link, "through\n", 8, NULL, 0, NULL);
    CHECK(lstat(link, &st) == 0 && S_ISLNK(st.st_mode) && holds("new.txt", "through\n"),
          "an output that is a symbolic link stays one; the file it leads to is replaced");

    rod_out o;
    CHECK(rod_out_open(&o, p, 0, NULL, 0, NULL) == ROD_OK && rod_out_write(&o, "half", 4, NULL) == ROD_OK,
          "a write can begin");
    rod_out_abort(&o);
    CHECK(holds("new.txt", "through\n") && entries(dir, NULL, 0) == 2, "abort leaves the old file and no temporary");

    rod_diag d = ROD_DIAG_INIT("x");
    CHECK(rod_out_file(dir, "x", 1, NULL, 0, &d) == ROD_ERR_USAGE, "a folder as the output is refused");
    rod_diag_free(&d);
    CHECK(rod_out_file("/dev/null", "x", 1, NULL, 0, NULL) == ROD_OK, "a device is written straight");
    free(link);
    free(p);
}

static void test_same_file(void)
{
    put("book.txt", "the book\n");
    char *book = at("book.txt"), *sym = at("sym.txt"), *hard = at("hard.txt"), *other = at("other.txt");
    symlink("book.txt", sym);
    link(book, hard);
    const char *in[] = {book};
    const char *outs[] = {book, sym, hard};
    const char *how[] = {"the same name", "a symbolic link to it", "a hard link to it"};
    for (int i = 0; i < 3; i++) {
        rod_diag d = ROD_DIAG_INIT(outs[i]);
        char label[160];
        snprintf(label, sizeof label, "an output that is the input through %s is refused (usage) and "
                 "the input kept", how[i]);
        CHECK(rod_out_file(outs[i], "clobbered", 9, in, 1, &d) == ROD_ERR_USAGE && holds("book.txt", "the book\n") &&
                  d.n == 1 && strstr(d.items[0].text, "nothing was written"),
              label);
        rod_diag_free(&d);
    }
    CHECK(rod_same_file(book, hard) && !rod_same_file(book, other), "rod_same_file by device and inode");

    const char *plan_in[] = {"a/x.txt", "b/x.txt", "c/y.txt"};
    const char *plan_out[] = {"out/x.rod", "out/x.rod", "out/y.rod"};
    rod_diag d = ROD_DIAG_INIT("plan");
    CHECK(rod_out_plan(plan_out, plan_in, 3, &d) == ROD_ERR_USAGE && d.n == 1 &&
              strstr(d.items[0].text, "a/x.txt and b/x.txt would both be written to out/x.rod"),
          "a batch where two inputs meet in one output is refused, naming both");
    rod_diag_free(&d);
    const char *self_in[] = {other, book};
    const char *self_out[] = {sym, other};
    rod_diag d2 = ROD_DIAG_INIT("plan");
    put("other.txt", "other\n");
    CHECK(rod_out_plan(self_out, self_in, 2, &d2) == ROD_ERR_USAGE, "a batch output that is another input is refused");
    rod_diag_free(&d2);
    const char *ok_out[] = {"out/x.rod", "out/y.rod", "-"};
    CHECK(rod_out_plan(ok_out, plan_in, 3, NULL) == ROD_OK, "distinct outputs pass the plan");
    free(book);
    free(sym);
    free(hard);
    free(other);
}

/* A child starts writing the file, is killed halfway; the old content
 * stays whole, and after one more write in the folder nothing else is. */
static void test_killed(unsigned flags, const char *how)
{
    char sub[300];
    snprintf(sub, sizeof sub, "%s/killed-%u", dir, flags);
    mkdir(sub, 0700);
    char *path = fixture_path(sub, "book.rod");
    FILE *f = fopen(path, "w");
    fputs("the old book, whole\n", f);
    fclose(f);
    pid_t pid = fork();
    if (pid == 0) {
        rod_out o;
        if (rod_out_open(&o, path, flags, NULL, 0, NULL) == ROD_OK)
            rod_out_write(&o, "the new bo", 10, NULL);
        raise(SIGKILL);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    char label[200], first[256] = "";
    char *old = load(path, NULL);
    snprintf(label, sizeof label, "%s: killed mid-write (signal %d), the old file is byte-identical", how,
             WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    CHECK(WIFSIGNALED(status) && old && !strcmp(old, "the old book, whole\n"), label);
    free(old);
    size_t left = entries(sub, first, sizeof first);
    printf("# %s: %zu entries after the kill (the first: %s)\n", how, left, first);
    char *other = fixture_path(sub, "next.txt");
    rod_out_file(other, "next\n", 5, NULL, 0, NULL);
    snprintf(label, sizeof label, "%s: after the next write in the folder no temporary is left", how);
    CHECK(entries(sub, NULL, 0) == 2, label);
    free(other);
    free(path);
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/rod-outfile-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        CHECK(false, "a scratch folder");
        return tap_done();
    }
    test_basics();
    test_same_file();
    test_killed(0, "nameless temporary");
    test_killed(ROD_OUT_NAMED, "named temporary");
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", dir);
    return tap_done();
}
