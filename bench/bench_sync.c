/* bench_sync.c — what a sync exchange costs (issue 21, item 9): 10,000
 * annotations from 5 devices (2,000 each, over 40 books, with places and
 * deletions) merged into a fresh library — the exchange at the first start
 * — and then an exchange with nothing new, which must skip every file by
 * its size and time. Prints both in milliseconds (the best of several runs
 * for the second).
 *
 * The wall time includes the disk syncs the library's durability asks
 * for (synchronous=FULL: one at the commit, two for the own file's
 * rename, one for the record after it), so it is printed beside the CPU
 * time; TMPDIR on a RAM disk (/dev/shm) shows the cost without the disk.
 *
 *   bench_sync [ANNOTATIONS_PER_DEVICE]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "bench_util.h"
#include "rod_library.h"
#include "rod_sync.h"

enum { DEVICES = 5, BOOKS = 40 };

static void stamp(unsigned s, char out[21])
{
    time_t t = (time_t)1700000000 + s;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* One device's file: per annotations over the books, every tenth one
 * deleted, a place in each book. */
static bool device_file(const char *folder, int d, unsigned per)
{
    rod_sync_file f = {0};
    char name[64], id[64], t[21], fp[80];
    snprintf(name, sizeof name, "device %d", d);
    snprintf(id, sizeof id, "00000000-0000-4000-8000-00000000000%d", d);
    f.device = strdup(id);
    f.name = strdup(name);
    for (int b = 0; b < BOOKS; b++) {
        rod_sync_book bk = {0};
        snprintf(fp, sizeof fp, "sha256:%064d", b);
        rod_annot_set(&bk.notes.fingerprint, fp);
        rod_annot_set(&bk.notes.title, "A Book of Some Length");
        for (unsigned i = (unsigned)b; i < per; i += BOOKS) {
            rod_annot a = {0};
            char aid[64];
            snprintf(aid, sizeof aid, "d%d-%06u", d, i);
            stamp(i * 7 + (unsigned)d, t);
            rod_annot_set(&a.id, aid);
            a.type = i % 3 ? ROD_ANNOT_NOTE : ROD_ANNOT_HIGHLIGHT;
            rod_annot_set(&a.color, "amber");
            rod_annot_set(&a.reader, "A Reader");
            rod_annot_set(&a.created, t);
            rod_annot_set(&a.modified, t);
            a.start = (rod_pos){i, 10};
            a.end = (rod_pos){i, 60};
            a.has_end = true;
            rod_annot_set(&a.quote, "the fifty characters of the passage that was marked");
            rod_annot_set(&a.prefix, "thirty-two characters before it");
            rod_annot_set(&a.suffix, "and thirty-two characters after.");
            if (i % 3)
                rod_annot_set(&a.body, "A note of a sentence or two about the passage, as people write.");
            if (i % 10 == 9)
                rod_sync_tomb_add(&bk, aid, t);
            else
                rod_notes_push(&bk.notes, &a);
            rod_annot_clear(&a);
        }
        bk.place.has = true;
        bk.place.pos = (rod_pos){(size_t)d * 10, 0};
        stamp(100000 + (unsigned)(d * BOOKS + b), bk.place.time);
        rod_sync_book_push(&f, &bk);
    }
    rod_buf out = ROD_BUF_INIT;
    rod_sync_write(&f, &out);
    char path[800];
    snprintf(path, sizeof path, "%s/device-%d.rodsync", folder, d);
    FILE *fh = fopen(path, "wb");
    bool ok = fh && fwrite(out.data, 1, out.len, fh) == out.len;
    if (fh)
        fclose(fh);
    rod_buf_free(&out);
    rod_sync_free(&f);
    return ok;
}

/* This process's CPU time so far, user and system, in seconds. */
static double cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

int main(int argc, char **argv)
{
    unsigned per = argc > 1 ? (unsigned)atoi(argv[1]) : 2000;
    const char *tmpdir = getenv("TMPDIR");
    char dir[512];
    snprintf(dir, sizeof dir, "%s/rod-bench-sync-XXXXXX", tmpdir && tmpdir[0] ? tmpdir : "/tmp");
    if (!mkdtemp(dir))
        return 1;
    char folder[700], db[700];
    snprintf(folder, sizeof folder, "%s/folder", dir);
    snprintf(db, sizeof db, "%s/library.db", dir);
    mkdir(folder, 0700);
    for (int d = 0; d < DEVICES; d++)
        if (!device_file(folder, d, per))
            return 1;
    rod_lib *lib = NULL;
    if (rod_lib_open(db, &lib) != ROD_OK) {
        fprintf(stderr, "%s\n", rod_lib_message(lib));
        return 1;
    }
    rod_diag diag = ROD_DIAG_INIT("sync");
    rod_sync_report rep = {0};
    double c0 = cpu();
    double t0 = now();
    rod_err err = rod_lib_sync_exchange(lib, folder, "A Reader", &diag, &rep);
    double first = now() - t0, first_cpu = cpu() - c0;
    size_t notes = 0;
    for (size_t i = 0; i < rep.nfrom; i++)
        notes += rep.from[i].notes;
    size_t sent = rep.sent_notes, deleted = rep.sent_deleted;
    rod_sync_report_free(&rep);
    double best = 1e9;
    for (int r = 0; err == ROD_OK && r < 20; r++) {
        t0 = now();
        err = rod_lib_sync_exchange(lib, folder, "A Reader", &diag, &rep);
        double t = now() - t0;
        if (rep.read || rep.wrote)
            fprintf(stderr, "an exchange with nothing new read %zu files\n", rep.read);
        rod_sync_report_free(&rep);
        if (t < best)
            best = t;
    }
    if (err != ROD_OK)
        fprintf(stderr, "%s\n", rod_lib_message(lib));
    printf("first exchange: %u annotations from %d devices (%zu came, %zu kept, %zu deletions) "
           "merged into a fresh library in %.1f ms (CPU %.1f ms)\n", per * DEVICES, DEVICES, notes,
           sent, deleted, first * 1000, first_cpu * 1000);
    printf("exchange with nothing new: %.2f ms (best of 20)\n", best * 1000);
    rod_diag_free(&diag);
    rod_lib_close(lib);
    char cmd[800];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (getenv("ROD_BENCH_KEEP")) printf("kept %s\n", dir); else if (system(cmd) != 0) return 1;
    return err == ROD_OK ? 0 : 1;
}
