/* rod_outfile.h — writing an output file so that the old one survives
 * anything but success.
 *
 * Every file rod writes for the user goes through here: converted books
 * (rod_write_file), batch conversion, annotation exports, rendered pages,
 * the settings file and the library's recovery copy. The new content goes
 * into a temporary in the target's folder, made so nothing can be planted
 * in its place (O_TMPFILE, or a fresh name opened with O_EXCL|O_NOFOLLOW);
 * it is synced, put in place by rename(2) and the folder synced, so after
 * a crash, a kill or a power cut the output is the old file or the new
 * one, whole. An existing output keeps its permissions; one that is a
 * symbolic link stays one (the file it leads to is replaced). An output
 * that is one of the inputs (the same file by device and inode, through
 * any link) is refused before anything is written.
 *
 *   rod_out out;
 *   if (rod_out_open(&out, path, 0, &input, 1, diag) == ROD_OK) {
 *       err = rod_out_write(&out, data, len, diag);
 *       err = err == ROD_OK ? rod_out_commit(&out, diag) : (rod_out_abort(&out), err);
 *   }
 *
 * Ownership: rod_out_open() fills a caller's rod_out; exactly one of
 * rod_out_commit() and rod_out_abort() must follow, and both release it
 * (abort accepts one that failed to open). Messages go to diag, which may
 * be NULL. Errors: ROD_ERR_USAGE when the output is an input or a folder,
 * ROD_ERR_IO when the folder cannot be written, ROD_ERR_NOMEM.
 *
 * "-" is standard output, written straight. So is an output that exists
 * and is not a regular file (/dev/null, a pipe): it cannot be replaced.
 * A kill leaves nothing behind with O_TMPFILE; where the file system has
 * none, a named temporary ".NAME.rodtmp-PID-XXXXXX" may stay, and the next
 * output rod writes in that folder removes those whose process is gone.
 */
#ifndef ROD_OUTFILE_H
#define ROD_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "rod_diag.h"

enum {
    /* The temporary must have a name (rod_out.tmp) for another library to
     * open, e.g. SQLite; it is made with O_EXCL|O_NOFOLLOW. */
    ROD_OUT_NAMED = 1,
};

typedef struct rod_out {
    int fd;                 /* write the new content here */
    const char *tmp;        /* the temporary's path with ROD_OUT_NAMED, else NULL */
    /* private */
    char *target;           /* the file replaced: the path, or where its link leads */
    char *named;            /* the temporary's name, when it has one */
    int dirfd;              /* the target's folder; -1 when written straight */
    bool direct;            /* standard output or a device: no temporary */
} rod_out;

rod_err rod_out_open(rod_out *o, const char *path, unsigned flags, const char *const *inputs,
                     size_t ninputs, rod_diag *diag);
/* All of data to o->fd (retrying short writes). */
rod_err rod_out_write(rod_out *o, const void *data, size_t len, rod_diag *diag);
/* Syncs the temporary, puts it in place of the target, syncs the folder. */
rod_err rod_out_commit(rod_out *o, rod_diag *diag);
/* Drops the temporary; the target is untouched. */
void rod_out_abort(rod_out *o);

/* open, write, commit in one call. */
rod_err rod_out_file(const char *path, const void *data, size_t len, const char *const *inputs,
                     size_t ninputs, rod_diag *diag);

/* True when a and b both exist and are one file (device and inode, links
 * followed). */
bool rod_same_file(const char *a, const char *b);

/* Before a batch writes outs[i] from ins[i] (i < n): refuses
 * (ROD_ERR_USAGE, with a message) when an output is one of the inputs or
 * two inputs would be written to the same output. NULL entries and "-"
 * are skipped. */
rod_err rod_out_plan(const char *const *outs, const char *const *ins, size_t n, rod_diag *diag);

#endif
