/* fuzz_rodnotes.c — a libFuzzer target for the annotation exchange file
 * (.rodnotes, spec §3), the one file rod reads that another reader sends.
 * Whatever the bytes, reading ends in a set of annotations or an error,
 * never a crash, a leak or undefined behaviour; a set that is read is
 * written back and must read again with as many annotations.
 *
 *   ninja -C build-fuzz tests/fuzz/fuzz_rodnotes
 *   build-fuzz/tests/fuzz/fuzz_rodnotes -max_total_time=600 CORPUS_DIR SEED_DIR...
 */
#include <stdint.h>

#include "rod_annot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rod_diag diag = ROD_DIAG_INIT("fuzz.rodnotes");
    rod_notes set = {0};
    if (rod_notes_read((const char *)data, size, &diag, &set) == ROD_OK) {
        rod_buf out = ROD_BUF_INIT;
        rod_notes_write(&set, &out);
        rod_notes again = {0};
        if (rod_notes_read(out.data, out.len, NULL, &again) != ROD_OK || again.n != set.n)
            __builtin_trap();   /* rod must read back what it writes */
        rod_notes_free(&again);
        rod_buf_free(&out);
    }
    rod_notes_free(&set);
    rod_diag_free(&diag);
    return 0;
}
