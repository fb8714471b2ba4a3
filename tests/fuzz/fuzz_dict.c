/* fuzz_dict.c — a libFuzzer target for a dictd dictionary: its index and
 * its dictzip text (lookup/). The input is a 2-byte little-endian length
 * L, then L bytes of index, then the .dict.dz (or plain .dict) file.
 * Whatever the bytes (lying chunk tables, offsets past the end, huge
 * lengths, unsorted or broken index lines), opening, finding words and
 * reading their entries end in entries or an error, never a crash, a
 * leak or undefined behaviour; and an entry read is as long as its index
 * line says.
 *
 *   ninja -C build-fuzz tests/fuzz/fuzz_dict
 *   build-fuzz/tests/fuzz/fuzz_dict -max_total_time=600 CORPUS_DIR SEED_DIR...
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rod_lookup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void put(const char *name, const uint8_t *p, size_t n)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(p, 1, n, f);
    fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/rod-fuzz-dict-%d", (int)getpid());
        mkdir(dir, 0700);
    }
    if (size < 2)
        return 0;
    size_t il = data[0] | (size_t)data[1] << 8;
    if (il > size - 2)
        il = size - 2;
    put("d.index", data + 2, il);
    put("d.dict.dz", data + 2 + il, size - 2 - il);
    char path[128], err[512];
    snprintf(path, sizeof path, "%s/d.index", dir);
    rod_dict *d = NULL;
    if (rod_dict_open(path, &d, err, sizeof err) != ROD_LOOKUP_OK)
        return 0;
    /* the first headword of the index, and a few words */
    char first[64] = "a";
    size_t fl = 0;
    while (fl < il && data[2 + fl] != '\t' && data[2 + fl] != '\n' && data[2 + fl] != '\0')
        fl++;
    if (fl > 0 && fl < sizeof first)
        snprintf(first, sizeof first, "%.*s", (int)fl, (const char *)data + 2);
    const char *words[] = {first, "house", "Élève", "a"};
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        rod_dict_hit *hits = NULL;
        size_t n = 0, cap = 0;
        rod_dict_find(d, words[w], &hits, &n, &cap, 8, err, sizeof err);
        for (size_t i = 0; i < n; i++) {
            char *text = NULL;
            if (rod_dict_entry(d, &hits[i], &text, err, sizeof err) == ROD_LOOKUP_OK &&
                strlen(text) > hits[i].length)
                __builtin_trap();   /* an entry is no longer than its index says */
            free(text);
            free(hits[i].headword);
        }
        free(hits);
    }
    rod_dict_free(d);
    return 0;
}
