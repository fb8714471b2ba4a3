/* fuzzy.c — approximate search: where in a text does a pattern occur with
 * the fewest edits? The matcher behind anchoring rule 3.
 *
 * The plain dynamic programme fills an (m+1) x (n+1) table of edit
 * distances; for a 300-byte quote with context in War and Peace that is a
 * billion cells. Myers' bit-vector method keeps one column of the table
 * as vertical deltas packed 64 rows to a machine word and advances a
 * whole word per text byte with a handful of logical operations; longer
 * patterns are split into 64-row blocks that pass the horizontal delta at
 * their bottom edge down to the next block (Hyyrö's block formulation).
 * Cost O(n * ceil(m / 64)), memory O(256 * ceil(m / 64)) words.
 *
 * It works on bytes, not characters: UTF-8 keeps every character's bytes
 * together, so a distance in bytes is still a fair measure of how much
 * text changed, and the caller rounds the ends to character boundaries.
 * tests/test_library.c checks it against the plain table on random texts.
 */
#include <stdint.h>
#include <stdlib.h>

#include "rod_anchor.h"

typedef uint64_t word;

static size_t distance_to(size_t a, size_t b)
{
    return a > b ? a - b : b - a;
}

rod_err rod_fuzzy_search(const unsigned char *text, size_t n, const unsigned char *pat,
                         size_t m, size_t near, size_t *distance, size_t *end)
{
    if (m == 0) {
        *distance = 0;
        *end = near < n ? near : n;
        return ROD_OK;
    }
    size_t blocks = (m + 63) / 64;
    word *peq = calloc(256 * blocks, sizeof *peq);
    word *pv = malloc(blocks * sizeof *pv);
    word *mv = calloc(blocks, sizeof *mv);
    if (!peq || !pv || !mv) {
        free(peq);
        free(pv);
        free(mv);
        return ROD_ERR_NOMEM;
    }
    for (size_t i = 0; i < m; i++)
        peq[pat[i] * blocks + i / 64] |= (word)1 << (i % 64);
    for (size_t b = 0; b < blocks; b++)
        pv[b] = ~(word)0;   /* column 0: D[i][0] = i, every step +1 */

    unsigned last_bit = (unsigned)((m - 1) % 64);
    size_t score = m;       /* D[m][0] */
    size_t best = m, best_end = 0;
    for (size_t j = 0; j < n; j++) {
        const word *eq_col = peq + (size_t)text[j] * blocks;
        int hin = 0;        /* the top row is all zero: a match may start anywhere */
        for (size_t b = 0; b < blocks; b++) {
            word v_plus = pv[b], v_minus = mv[b], eq = eq_col[b];
            word x_v = eq | v_minus;
            if (hin < 0)
                eq |= 1;    /* a -1 coming in from above acts like a match in row 0 */
            word x_h = (((eq & v_plus) + v_plus) ^ v_plus) | eq;
            word h_plus = v_minus | ~(x_h | v_plus);
            word h_minus = v_plus & x_h;
            unsigned bit = b + 1 == blocks ? last_bit : 63;
            int hout = (h_plus >> bit & 1) ? 1 : (h_minus >> bit & 1) ? -1 : 0;
            h_plus <<= 1;
            h_minus <<= 1;
            if (hin < 0)
                h_minus |= 1;
            else if (hin > 0)
                h_plus |= 1;
            pv[b] = h_minus | ~(x_v | h_plus);
            mv[b] = h_plus & x_v;
            hin = hout;
        }
        score = (size_t)((long long)score + hin);
        size_t e = j + 1;
        if (score < best || (score == best && distance_to(e, near) < distance_to(best_end, near))) {
            best = score;
            best_end = e;
        }
    }
    free(peq);
    free(pv);
    free(mv);
    *distance = best;
    *end = best_end;
    return ROD_OK;
}
