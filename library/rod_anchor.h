/* rod_anchor.h — finding an annotation's text in a book again
 * (../shared/ROD-FORMAT.md §3, "Anchoring rules").
 *
 * A book's text blocks joined by U+000A (the same string the fingerprint
 * hashes) form one flat text; an annotation's range is a byte range in it.
 * Capturing an annotation records the exact quote and up to 32 characters
 * on each side; anchoring looks for it again in this or another edition:
 *
 *   1. the stored positions, if the text there equals the quote;
 *   2. otherwise every exact occurrence of the quote: the one whose
 *      surroundings agree longest with the stored prefix and suffix, and
 *      among equals the nearest to the stored position;
 *   3. otherwise the closest approximate match of prefix + quote + suffix
 *      (edit distance, bit-parallel), accepted when the whole pattern is at
 *      least ROD_ANCHOR_MIN_SIMILARITY similar and the quote part on its
 *      own at least ROD_ANCHOR_MIN_QUOTE_SIMILARITY;
 *   4. otherwise orphaned: the caller keeps it and lists it as such.
 *
 *   rod_text t;
 *   if (rod_text_build(doc, &t) == ROD_OK) {
 *       rod_anchor where;
 *       rod_anchor_find(&t, &annot, &where);
 *       rod_text_free(&t);
 *   }
 *
 * Ownership: a rod_text borrows the document (which must outlive it) and
 * owns its flat copy; rod_text_free() releases it. Errors: ROD_ERR_NOMEM
 * only.
 */
#ifndef ROD_ANCHOR_H
#define ROD_ANCHOR_H

#include <stddef.h>
#include <stdint.h>

#include "rod_annot.h"
#include "rod_doc.h"

#define ROD_ANCHOR_MIN_SIMILARITY 0.75
#define ROD_ANCHOR_MIN_QUOTE_SIMILARITY 0.70

typedef struct rod_text {
    const rod_doc *doc;
    char *data;             /* blocks joined by '\n', NUL-terminated */
    size_t len;
    size_t *block_start;    /* byte where each block starts; [nblocks] = len + 1 */
    size_t *char_start;     /* the same in characters */
} rod_text;

rod_err rod_text_build(const rod_doc *doc, rod_text *out);
void rod_text_free(rod_text *text);
/* Byte index in data of a valid position. */
size_t rod_text_byte(const rod_text *text, rod_pos pos);
/* Characters of the flat text before a valid position (W3C
 * TextPositionSelector counts these). */
size_t rod_text_char_index(const rod_text *text, rod_pos pos);
/* The position of a byte index (rounded down to a character start; the
 * separator after a block counts as that block's end). */
rod_pos rod_text_pos(const rod_text *text, size_t byte);

/* Fills a->quote, prefix and suffix from the text between start and end
 * (both valid, start <= end) and sets a->start/end/has_end. */
rod_err rod_anchor_capture(const rod_text *text, rod_pos start, rod_pos end, rod_annot *a);
/* For a bookmark: the quote is the first words after pos (up to 64
 * characters, cut at a word's end); has_end is false. */
rod_err rod_anchor_capture_bookmark(const rod_text *text, rod_pos pos, rod_annot *a);

typedef enum rod_anchor_status {
    ROD_ANCHOR_EXACT,       /* rule 1: where it was stored */
    ROD_ANCHOR_MOVED,       /* rule 2: the same text elsewhere */
    ROD_ANCHOR_FUZZY,       /* rule 3: similar text */
    ROD_ANCHOR_ORPHANED,    /* rule 4 */
} rod_anchor_status;

typedef struct rod_anchor {
    rod_anchor_status status;
    /* where it is now: unless orphaned, both are valid positions of the
     * text and start <= end, whatever the annotation held (it may come from
     * any file); if orphaned, the stored ones, which must not be used to
     * index the text */
    rod_pos start, end;
    double similarity;      /* 1 for exact and moved */
} rod_anchor;

const char *rod_anchor_status_name(rod_anchor_status status);
rod_err rod_anchor_find(const rod_text *text, const rod_annot *a, rod_anchor *out);

/* The approximate matcher behind rule 3, exposed for tests: the smallest
 * edit distance between pat[0..m) and any substring of text[0..n), and
 * the end (exclusive) of the matching substring that lies nearest to
 * `near`. Bit-parallel (Myers/Hyyrö), O(n * ceil(m / 64)). Returns
 * ROD_ERR_NOMEM or ROD_OK; with m == 0 the distance is 0 and the end is
 * `near` clamped to n. */
rod_err rod_fuzzy_search(const unsigned char *text, size_t n, const unsigned char *pat,
                         size_t m, size_t near, size_t *distance, size_t *end);

#endif
