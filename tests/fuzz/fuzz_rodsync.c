/* fuzz_rodsync.c — a libFuzzer target for the sync file (rod_sync_file.h),
 * which every other device of a sync folder writes and this one reads:
 * hostile input. Whatever the bytes, reading ends in a state or an error,
 * never a crash, a leak or undefined behaviour; a state that is read is
 * normalised, merged with itself and with an empty state (both must give
 * back the same bytes: the merge is idempotent), written, and read again
 * with as many books, annotations and deletions.
 *
 *   ninja -C build-fuzz tests/fuzz/fuzz_rodsync
 *   build-fuzz/tests/fuzz/fuzz_rodsync -dict=tests/fuzz/rodsync.dict CORPUS_DIR SEED_DIR...
 */
#include <stdint.h>
#include <string.h>

#include "rod_sync.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t count(const rod_sync_file *f, size_t *tombs)
{
    size_t n = 0;
    *tombs = 0;
    for (size_t i = 0; i < f->n; i++) {
        n += f->books[i].notes.n;
        *tombs += f->books[i].ntombs;
    }
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rod_diag diag = ROD_DIAG_INIT("fuzz.rodsync");
    rod_sync_file f = {0};
    if (rod_sync_read((const char *)data, size, &diag, &f) == ROD_OK &&
        rod_sync_normalize(&f) == ROD_OK) {
        rod_sync_file once = {0}, twice = {0};
        rod_sync_merge(&once, &f, NULL);
        rod_sync_merge(&twice, &f, NULL);
        rod_sync_merge(&twice, &f, NULL);
        rod_buf a = ROD_BUF_INIT, b = ROD_BUF_INIT;
        once.device = twice.device = f.device;      /* borrowed for writing */
        rod_sync_write(&once, &a);
        rod_sync_write(&twice, &b);
        once.device = twice.device = NULL;
        if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0)
            __builtin_trap();   /* merging a state twice must change nothing */
        rod_sync_file again = {0};
        size_t t1 = 0, t2 = 0;
        if (rod_sync_read(a.data, a.len, NULL, &again) != ROD_OK || again.n != once.n ||
            count(&again, &t2) != count(&once, &t1) || t1 != t2)
            __builtin_trap();   /* rod must read back what it writes */
        rod_sync_free(&again);
        rod_sync_free(&once);
        rod_sync_free(&twice);
        rod_buf_free(&a);
        rod_buf_free(&b);
    }
    rod_sync_free(&f);
    rod_diag_free(&diag);
    return 0;
}
