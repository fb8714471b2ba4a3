/* import_check.h — what the importer tests share: reading a book made in
 * the test (every import so read must write a .rod that validates, and
 * that is checked), finding nodes and head fields, and the one PNG every
 * fixture book carries. Static functions, so each test program that
 * includes it has its own copy and nothing is linked.
 */
#ifndef ROD_TEST_IMPORT_CHECK_H
#define ROD_TEST_IMPORT_CHECK_H

#include <stdio.h>

#include "helpers.h"
#include "tap.h"

/* Reads a book made here; whatever opens must write a .rod that
 * validates (every import in this file is checked so). */
static inline rod_doc *read_as(const char *data, size_t len, rod_format f, rod_diag *diag)
{
    rod_doc *doc = NULL;
    rod_read_opts opts = {.format = f};
    rod_read_memory(data, len, &opts, diag, &doc);
    if (doc) {
        char *rod = write_str(doc, ROD_FMT_ROD, 0, false);
        rod_diag v = ROD_DIAG_INIT("written.rod");
        char label[96];
        snprintf(label, sizeof label, "the .rod written from this %s book validates", rod_format_name(f));
        if (!CHECK(rod_validate(rod, strlen(rod), &v) == ROD_OK, label))
            rod_diag_print(&v, stdout);
        rod_diag_free(&v);
        free(rod);
    }
    return doc;
}

static inline bool diag_has(const rod_diag *d, const char *needle)
{
    for (size_t i = 0; i < d->n; i++)
        if (strstr(d->items[i].text, needle))
            return true;
    return false;
}

static inline char *plain(const rod_node *n)
{
    rod_buf b = ROD_BUF_INIT;
    rod_node_plain_text(n, &b);
    rod_buf_adds(&b, "");
    return rod_buf_steal(&b, NULL);
}

static inline const rod_node *find_kind(const rod_node *top, rod_kind k, int nth)
{
    for (const rod_node *n = top; n; n = rod_node_next_in(n, top))
        if (n->kind == k && nth-- == 0)
            return n;
    return NULL;
}

static inline size_t titled_sections(const rod_node *top)
{
    size_t c = 0;
    for (const rod_node *n = top; n; n = rod_node_next_in(n, top))
        c += n->kind == ROD_SECTION && n->first && n->first->kind == ROD_TITLE;
    return c;
}

static inline size_t count_kind(const rod_node *top, rod_kind k)
{
    size_t c = 0;
    for (const rod_node *n = top; n; n = rod_node_next_in(n, top))
        c += n->kind == k;
    return c;
}

static inline const char *head_text(const rod_doc *doc, rod_kind k, const char *role, char buf[200])
{
    for (const rod_node *c = doc->head->first; c; c = c->next)
        if (c->kind == k && (!role || (c->type && !strcmp(c->type, role)) ||
                             (!strcmp(role, "author") && !c->type))) {
            char *t = plain(c);
            snprintf(buf, 200, "%s", t);
            free(t);
            return buf;
        }
    return NULL;
}

/* a 1×1 PNG, 68 bytes */
static const char png_1x1[] =
    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x06\0\0\0\x1f\x15\xc4\x89"
    "\0\0\0\rIDATx\x9c\x63\xf8\x0f\x04\0\x09\xfb\x03\xfd\xe3U\xf2\x9c\0\0\0\0IEND\xae\x42\x60\x82";

#endif
