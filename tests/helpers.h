/* helpers.h — small things several test programs need: reading a book
 * from a string, writing it to a string, and finding the fixtures folder
 * (passed as argv[1] by meson). */
#ifndef ROD_TEST_HELPERS_H
#define ROD_TEST_HELPERS_H

#include <stdlib.h>
#include <string.h>

#include "rod_format.h"

static inline rod_doc *read_rod_str(const char *s, rod_diag *diag)
{
    rod_doc *doc = NULL;
    rod_read_rod(s, strlen(s), diag, &doc);
    return doc;
}

static inline rod_doc *read_txt_str(const char *s, bool smart, rod_txt_stats *stats)
{
    rod_doc *doc = NULL;
    rod_read_opts opts = {.format = ROD_FMT_TXT, .smart = smart};
    rod_read_txt(s, strlen(s), &opts, NULL, &doc, stats);
    return doc;
}

/* The document written in `format`; free() the result. */
static inline char *write_str(const rod_doc *doc, rod_format format, unsigned width, bool body_only)
{
    rod_buf out = ROD_BUF_INIT;
    rod_write_opts opts = {.format = format, .width = width, .body_only = body_only};
    rod_write_memory(doc, &opts, &out);
    if (!out.data)
        rod_buf_adds(&out, "");
    return rod_buf_steal(&out, NULL);
}

static inline char *fixture_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static inline char *load(const char *path, size_t *len)
{
    char *data = NULL;
    size_t n = 0;
    if (rod_load_file(path, &data, &n, NULL) != ROD_OK)
        return NULL;
    if (len)
        *len = n;
    return data;
}

/* src with the first `what` replaced by `with`; NULL when src lacks it.
 * free() the result. */
static inline char *replace_once(const char *src, const char *what, const char *with)
{
    const char *at = strstr(src, what);
    if (!at)
        return NULL;
    rod_buf out = ROD_BUF_INIT;
    rod_buf_add(&out, src, (size_t)(at - src));
    rod_buf_adds(&out, with);
    rod_buf_adds(&out, at + strlen(what));
    return rod_buf_steal(&out, NULL);
}

#define ROD_OPEN "<rod xmlns=\"urn:isolinear:rod:1\" version=\"1\">"

#endif
