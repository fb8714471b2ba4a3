/* agree.h — how many words two texts of one book share, the fidelity
 * figure of issue "real-world books": each text is cut at white space,
 * every word keeps only its letters and digits (lower-cased), so curly
 * and straight quotes or "--" and "—" do not count as differences, and
 * the agreement is the size of the common multiset of words over the
 * larger word count. Order is not compared: a multiset is linear in the
 * book's length, where a word-level diff of two 560,000-word texts is
 * quadratic in the worst case. Shared by test_corpus and bench_convert.
 */
#ifndef ROD_TEST_AGREE_H
#define ROD_TEST_AGREE_H

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rod_buf.h"
#include "rod_doc.h"
#include "rod_strmap.h"

typedef struct agreement {
    size_t words_a, words_b, common;
    double share;               /* common / max(words_a, words_b) */
} agreement;

/* Adds each normalised word of s to counts; returns the number of words. */
static inline size_t agree_count(const char *s, size_t n, rod_strmap *counts)
{
    size_t words = 0;
    rod_buf w = ROD_BUF_INIT;
    for (size_t i = 0; i <= n; i++) {
        unsigned char c = i < n ? (unsigned char)s[i] : ' ';
        if (isspace(c)) {
            if (w.len) {
                intptr_t k = (intptr_t)rod_strmap_get(counts, w.data);
                rod_strmap_put(counts, w.data, (void *)(k + 1));
                words++;
                rod_buf_clear(&w);
            }
            continue;
        }
        if (isalnum(c))
            rod_buf_addc(&w, (char)tolower(c));
        else if (c >= 0x80) {
            /* keep letters outside ASCII; drop the punctuation that
             * editions spell differently: quotes, dashes, ellipsis, nbsp */
            static const char *const punct[] = {"\xe2\x80\x98", "\xe2\x80\x99", "\xe2\x80\x9c",
                                                "\xe2\x80\x9d", "\xe2\x80\x94", "\xe2\x80\x93",
                                                "\xe2\x80\xa6", "\xc2\xa0", "\xc2\xab", "\xc2\xbb",
                                                "\xe2\x80\x8b", "\xc2\xad", "\xe2\x81\xa0"};
            size_t skip = 0;
            for (size_t p = 0; p < sizeof punct / sizeof punct[0] && !skip; p++)
                if (!strncmp(s + i, punct[p], strlen(punct[p])))
                    skip = strlen(punct[p]);
            if (skip)
                i += skip - 1;
            else
                rod_buf_addc(&w, (char)c);
        }
    }
    rod_buf_free(&w);
    return words;
}

static inline void agree_doc_text(const rod_doc *doc, rod_buf *out)
{
    for (size_t i = 0; i < doc->nblocks; i++) {
        rod_buf_add(out, doc->blocks[i].text, doc->blocks[i].len);
        rod_buf_addc(out, '\n');
    }
}

static inline agreement agree(const char *a, size_t an, const char *b, size_t bn)
{
    rod_strmap ca = ROD_STRMAP_INIT, cb = ROD_STRMAP_INIT;
    agreement r = {agree_count(a, an, &ca), agree_count(b, bn, &cb), 0, 0};
    for (size_t i = 0; i < ca.cap; i++) {
        if (!ca.slots[i].key)
            continue;
        intptr_t x = (intptr_t)ca.slots[i].value;
        intptr_t y = (intptr_t)rod_strmap_get(&cb, ca.slots[i].key);
        r.common += (size_t)(x < y ? x : y);
    }
    size_t most = r.words_a > r.words_b ? r.words_a : r.words_b;
    r.share = most ? (double)r.common / (double)most : 1.0;
    rod_strmap_free(&ca);
    rod_strmap_free(&cb);
    return r;
}

#endif
