/* fuzz_settings.c — a libFuzzer target for the settings file parser. A
 * settings file is edited by hand and may be anything: parsing must never
 * crash or read past a line, every value must end in its range, and the
 * file rod writes for the result must read back to the same settings
 * (writing twice gives the same text).
 *
 *   ninja -C build-fuzz tests/fuzz/fuzz_settings
 *   build-fuzz/tests/fuzz/fuzz_settings -max_total_time=600 CORPUS_DIR
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "settings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    rod_settings s = rod_settings_defaults();
    char warn[512];
    rod_settings_parse(&s, text, warn, sizeof warn);
    free(text);
    rod_settings clamped = s;
    rod_settings_clamp(&clamped);
    char once[4096], twice[4096], in_range[4096];
    if (rod_settings_format(&s, once, sizeof once)) {
        if (!rod_settings_format(&clamped, in_range, sizeof in_range) || strcmp(once, in_range) != 0)
            __builtin_trap();   /* parsing leaves every value in range */
        rod_settings again = rod_settings_defaults();
        rod_settings_parse(&again, once, NULL, 0);
        if (!rod_settings_format(&again, twice, sizeof twice) || strcmp(once, twice) != 0)
            __builtin_trap();   /* what rod writes reads back the same */
    }
    return 0;
}
