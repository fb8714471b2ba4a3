/* book_search.c — case- and diacritic-insensitive search in a book with
 * ICU's usearch.
 *
 * One searcher is set up for the query at primary collation strength
 * (letters only: no case, no accents), then pointed at each block's text in
 * UTF-16 in turn. Matches come back as UTF-16 indices and are turned into
 * positions in scalar values, the unit of rod_pos.
 */
#include "book_search.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ucol.h>
#include <unicode/usearch.h>
#include <unicode/ustring.h>

static bool push(rod_hits *h, rod_hit hit)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 64;
        rod_hit *v = realloc(h->v, cap * sizeof *v);
        if (!v)
            return false;
        h->v = v;
        h->cap = cap;
    }
    h->v[h->n++] = hit;
    return true;
}

void rod_hits_free(rod_hits *h)
{
    free(h->v);
    memset(h, 0, sizeof *h);
}

/* UTF-8 to a malloc'd UTF-16 buffer; NULL on failure. */
static UChar *to_utf16(const char *s, size_t n, int32_t *len)
{
    UErrorCode st = U_ZERO_ERROR;
    if (n > INT32_MAX / 2)
        return NULL;
    UChar *buf = malloc((n + 1) * sizeof *buf);
    if (!buf)
        return NULL;
    u_strFromUTF8WithSub(buf, (int32_t)n + 1, len, s, (int32_t)n, 0xFFFD, NULL, &st);
    if (U_FAILURE(st)) {
        free(buf);
        return NULL;
    }
    return buf;
}

bool rod_book_search(const rod_doc *doc, const char *query, const char *lang, size_t limit, rod_hits *out)
{
    out->truncated = false;
    int32_t qlen = 0;
    UChar *q = to_utf16(query, strlen(query), &qlen);
    if (!q)
        return false;
    if (qlen == 0) {
        free(q);
        return true;
    }
    static const UChar dummy[] = {' ', 0};
    UErrorCode st = U_ZERO_ERROR;
    UStringSearch *srch = usearch_open(q, qlen, dummy, 1, lang && *lang ? lang : "", NULL, &st);
    if (U_FAILURE(st)) {
        free(q);
        return false;
    }
    UCollator *coll = usearch_getCollator(srch);
    ucol_setStrength(coll, UCOL_PRIMARY);
    usearch_reset(srch);
    bool ok = true;
    UChar *buf = NULL;
    size_t bufcap = 0;
    for (size_t b = 0; b < doc->nblocks && ok && !out->truncated; b++) {
        const rod_block *blk = &doc->blocks[b];
        if (blk->len == 0)
            continue;
        if (blk->len + 1 > bufcap) {
            size_t cap = blk->len + 1 > 2 * bufcap ? blk->len + 1 : 2 * bufcap;
            UChar *v = realloc(buf, cap * sizeof *v);
            if (!v) {
                ok = false;
                break;
            }
            buf = v;
            bufcap = cap;
        }
        int32_t tlen = 0;
        st = U_ZERO_ERROR;
        u_strFromUTF8WithSub(buf, (int32_t)bufcap, &tlen, blk->text, (int32_t)blk->len, 0xFFFD, NULL, &st);
        if (U_FAILURE(st) || tlen == 0)
            continue;
        usearch_setText(srch, buf, tlen, &st);
        if (U_FAILURE(st))
            continue;
        /* offsets grow, so count code points incrementally */
        int32_t at16 = 0;
        size_t at32 = 0;
        for (int32_t i = usearch_first(srch, &st); i != USEARCH_DONE && U_SUCCESS(st);
             i = usearch_next(srch, &st)) {
            int32_t mlen = usearch_getMatchedLength(srch);
            at32 += (size_t)u_countChar32(buf + at16, i - at16);
            at16 = i;
            size_t n32 = (size_t)u_countChar32(buf + i, mlen);
            if (limit && out->n == limit) {
                out->truncated = true;
                break;
            }
            if (!push(out, (rod_hit){{b, at32}, {b, at32 + n32}})) {
                ok = false;
                break;
            }
        }
    }
    free(buf);
    usearch_close(srch);
    free(q);
    return ok;
}
