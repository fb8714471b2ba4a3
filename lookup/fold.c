/* fold.c — the form in which a word and a headword are compared.
 *
 * A reader double-clicks "House" at the start of a sentence, or "Élève"
 * in a heading, and the dictionary spells them "house", "élève"; a typed
 * "eleve" should find "élève" too. So both sides are compared folded:
 * ICU's full case folding, then canonical decomposition with the
 * combining marks dropped (the accents), then only letters, digits and
 * spaces kept (dictd's default ordering ignores the rest, so an index may
 * hold "co-operate" where the book has "cooperate"). Only the comparison
 * is folded: dict.c searches the index in dictd's order, so an accent
 * the book has can be folded away, one the book lacks cannot be found. ICU rather than
 * hand-made tables: it knows every script's case pairs and every
 * precomposed letter.
 */
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "lookup_internal.h"
#include "rod_lookup.h"

char *rod_lookup_fold(const char *word)
{
    UErrorCode st = U_ZERO_ERROR;
    size_t len = strlen(word);
    if (len > 4096)
        return NULL;
    int32_t cap = (int32_t)len * 3 + 16;
    UChar *u = malloc((size_t)cap * sizeof *u), *f = malloc((size_t)cap * sizeof *f),
          *d = malloc((size_t)cap * 2 * sizeof *d);
    char *out = NULL;
    if (!u || !f || !d)
        goto cleanup;
    int32_t ulen = 0;
    u_strFromUTF8(u, cap, &ulen, word, (int32_t)len, &st);
    if (U_FAILURE(st))
        goto cleanup;
    int32_t flen = u_strFoldCase(f, cap, u, ulen, U_FOLD_CASE_DEFAULT, &st);
    if (U_FAILURE(st))
        goto cleanup;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&st);
    if (U_FAILURE(st))
        goto cleanup;
    int32_t dlen = unorm2_normalize(nfd, f, flen, d, cap * 2, &st);
    if (U_FAILURE(st))
        goto cleanup;
    /* keep letters, digits and spaces; the kept text is never longer */
    int32_t k = 0;
    for (int32_t i = 0; i < dlen;) {
        UChar32 c;
        int32_t at = i;
        U16_NEXT(d, i, dlen, c);
        if (u_charType(c) == U_NON_SPACING_MARK || u_charType(c) == U_ENCLOSING_MARK)
            continue;
        if (u_isspace(c)) {
            if (k > 0 && d[k - 1] != ' ')
                d[k++] = ' ';
            continue;
        }
        if (!u_isalnum(c))
            continue;
        for (int32_t j = at; j < i; j++)
            d[k++] = d[j];
    }
    while (k > 0 && d[k - 1] == ' ')
        k--;
    int32_t olen = 0;
    out = malloc((size_t)k * 3 + 1);
    if (!out)
        goto cleanup;
    u_strToUTF8(out, k * 3 + 1, &olen, d, k, &st);
    if (U_FAILURE(st)) {
        free(out);
        out = NULL;
    }
cleanup:
    free(u);
    free(f);
    free(d);
    return out;
}

char *lookup_recase(const char *word, bool title)
{
    UErrorCode st = U_ZERO_ERROR;
    size_t len = strlen(word);
    if (len > 4096)
        return NULL;
    int32_t cap = (int32_t)len * 3 + 16;
    UChar *u = malloc((size_t)cap * sizeof *u), *c = malloc((size_t)cap * sizeof *c);
    char *out = NULL;
    if (!u || !c)
        goto cleanup;
    int32_t ulen = 0, clen;
    u_strFromUTF8(u, cap, &ulen, word, (int32_t)len, &st);
    if (U_FAILURE(st))
        goto cleanup;
    if (title)
        clen = u_strToTitle(c, cap, u, ulen, NULL, "", &st);
    else
        clen = u_strToLower(c, cap, u, ulen, "", &st);
    if (U_FAILURE(st))
        goto cleanup;
    int32_t olen = 0;
    out = malloc((size_t)clen * 3 + 1);
    if (!out)
        goto cleanup;
    u_strToUTF8(out, clen * 3 + 1, &olen, c, clen, &st);
    if (U_FAILURE(st)) {
        free(out);
        out = NULL;
    }
cleanup:
    free(u);
    free(c);
    return out;
}
