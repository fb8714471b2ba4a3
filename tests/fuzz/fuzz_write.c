/* fuzz_write.c — a libFuzzer target for the writers. Whatever the bytes
 * and whichever format they sniff as, a book that is read is written in
 * every format rod writes, to memory; none may crash, leak or take time
 * or memory out of proportion (libFuzzer's -timeout and -rss_limit_mb
 * catch those), and the .rod written must pass `rod validate`'s checks
 * (schema, unique ids, references that resolve) and read back with the
 * same text blocks. It finds what the readers' targets cannot: trees the
 * readers accept but the writers cannot express (too deep, duplicate ids,
 * references to the wrong kind of element).
 *
 *   CC=clang meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false
 *   ninja -C build-fuzz tests/fuzz/fuzz_write
 *   build-fuzz/tests/fuzz/fuzz_write -max_total_time=600 CORPUS_DIR SEED_DIR...
 *
 * A failed check prints the validator's messages before trapping, so a
 * crash file comes with the reason.
 */
#include <stdint.h>
#include <stdio.h>

#include "rod_format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const rod_format outputs[] = {ROD_FMT_TXT, ROD_FMT_HTML, ROD_FMT_MD, ROD_FMT_EPUB,
                                     ROD_FMT_FB2};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rod_read_opts opts = {.format = ROD_FMT_UNKNOWN};
    rod_diag diag = ROD_DIAG_INIT("fuzz");
    rod_doc *doc = NULL;
    if (rod_read_memory((const char *)data, size, &opts, &diag, &doc) != ROD_OK) {
        rod_diag_free(&diag);
        return 0;
    }
    for (size_t i = 0; i < sizeof outputs / sizeof outputs[0]; i++) {
        rod_write_opts w = {.format = outputs[i], .width = i == 0 ? 40 : 0};
        rod_buf out = ROD_BUF_INIT;
        rod_write_memory(doc, &w, &out);
        rod_buf_free(&out);
    }
    rod_buf rod = ROD_BUF_INIT;
    rod_write_rod(doc, &rod);
    rod_diag check = ROD_DIAG_INIT("written.rod");
    if (rod_validate(rod.data ? rod.data : "", rod.len, &check) != ROD_OK) {
        rod_diag_print(&check, stderr);
        fprintf(stderr, "---- the .rod written:\n%.*s\n", (int)(rod.len < 4000 ? rod.len : 4000),
                rod.data ? rod.data : "");
        __builtin_trap();   /* every .rod rod writes validates */
    }
    rod_doc *again = NULL;
    if (rod_read_rod(rod.data, rod.len, NULL, &again) != ROD_OK || again->nblocks != doc->nblocks)
        __builtin_trap();   /* and reads back with the same text blocks */
    rod_doc_free(again);
    rod_diag_free(&check);
    rod_buf_free(&rod);
    rod_doc_free(doc);
    rod_diag_free(&diag);
    return 0;
}
