/* book_search.h — finding words in the open book, as a reader types them.
 *
 * Matching ignores case and diacritics ("eleve" finds "Élève", "STRASSE"
 * finds "Straße") through ICU's collation-based string search at primary
 * strength, in the book's language's tailoring. Every text block is
 * searched; a hit never spans two blocks.
 *
 * Ownership: the caller owns the hits and frees them with
 * rod_hits_free(). Errors: false when memory runs out or ICU cannot start
 * (the hits found so far stay in out); an empty query finds nothing.
 */
#ifndef ROD_BOOK_SEARCH_H
#define ROD_BOOK_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "rod_doc.h"

typedef struct rod_hit {
    rod_pos start, end;         /* end: just past the match */
} rod_hit;

typedef struct rod_hits {
    rod_hit *v;
    size_t n, cap;
    bool truncated;             /* stopped at the limit */
} rod_hits;

bool rod_book_search(const rod_doc *doc, const char *query, const char *lang, size_t limit, rod_hits *out);
void rod_hits_free(rod_hits *hits);

#endif
