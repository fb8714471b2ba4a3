/* fuzz_read.c — a libFuzzer target for one reader (FUZZ_FORMAT), built
 * five times by tests/fuzz/meson.build. Whatever the bytes, reading must
 * end in a book or an error, never a crash, a leak or undefined
 * behaviour; a book that is read is also written back as .rod and read
 * again, so the writer and the finished tree are fuzzed too.
 *
 *   CC=clang meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false
 *   ninja -C build-fuzz tests/fuzz/fuzz_epub
 *   build-fuzz/tests/fuzz/fuzz_epub -max_total_time=600 CORPUS_DIR SEED_DIR...
 */
#include <stdint.h>

#include "rod_format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rod_read_opts opts = {.format = FUZZ_FORMAT};
    rod_diag diag = ROD_DIAG_INIT("fuzz");
    rod_doc *doc = NULL;
    if (rod_read_memory((const char *)data, size, &opts, &diag, &doc) == ROD_OK) {
        rod_buf out = ROD_BUF_INIT;
        rod_write_rod(doc, &out);
        rod_doc *again = NULL;
        if (rod_read_rod(out.data, out.len, NULL, &again) != ROD_OK)
            __builtin_trap();   /* rod must read what it writes */
        rod_doc_free(again);
        rod_buf_free(&out);
        rod_doc_free(doc);
    }
    rod_diag_free(&diag);
    return 0;
}
