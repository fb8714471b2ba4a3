/* zip_make.h — archives built in memory with libzip for the tests that
 * read EPUBs: each member spelt out next to its check. */
#ifndef ROD_TEST_ZIP_MAKE_H
#define ROD_TEST_ZIP_MAKE_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

typedef struct member {
    const char *name;
    const char *data;
    size_t len;             /* 0: strlen(data) */
    bool store;
} member;

static inline char *zip_of(const member *m, size_t n, size_t *out_len)
{
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
    zip_source_keep(src);
    for (size_t i = 0; i < n; i++) {
        size_t len = m[i].len ? m[i].len : strlen(m[i].data);
        zip_source_t *s = zip_source_buffer(za, m[i].data, len, 0);
        zip_int64_t idx = zip_file_add(za, m[i].name, s, ZIP_FL_ENC_UTF_8);
        if (m[i].store)
            zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    }
    zip_close(za);
    zip_source_open(src);
    zip_source_seek(src, 0, SEEK_END);
    zip_int64_t size = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    char *data = malloc((size_t)size + 1);
    zip_source_read(src, data, (zip_uint64_t)size);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&err);
    *out_len = (size_t)size;
    return data;
}

#endif
