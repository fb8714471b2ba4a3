/* lookup_internal.h — what the files of lookup/ share and no one else
 * uses. */
#ifndef ROD_LOOKUP_INTERNAL_H
#define ROD_LOOKUP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "rod_lookup.h"

/* Writes the formatted message into err (size n; either may be 0) and
 * returns code: every error of lookup/ is made so (dict.c). */
rod_lookup_err lookup_fail(char *err, size_t n, rod_lookup_err code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* word in lower case (title false) or title case, into a new string;
 * NULL when memory runs out or word is not UTF-8 (fold.c). */
char *lookup_recase(const char *word, bool title);

/* ---- stem.c: hunspell ---- */
typedef struct lookup_stemmer lookup_stemmer;
/* The hunspell dictionary for lang ("en", "fr", "deu"...) under dir, or
 * NULL when there is none (no error: the look-up goes on without stems). */
lookup_stemmer *lookup_stemmer_open(const char *dir, const char *lang);
void lookup_stemmer_free(lookup_stemmer *s);
/* The stems of word that differ from it, into *stems (n of them, each
 * and the array the caller's to free); 0 when there are none. */
size_t lookup_stems(lookup_stemmer *s, const char *word, char ***stems);

#endif
