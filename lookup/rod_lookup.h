/* rod_lookup.h — looking a word up in the dictionaries on the machine.
 *
 * The dictionaries are dictd's files, read directly (no server): an
 * index, `NAME.index`, of lines "headword TAB offset TAB length" (numbers
 * in dictd's base-64 digits), and the entries, `NAME.dict.dz` (gzip with
 * dictzip's random-access table) or `NAME.dict` (plain). Inflected forms
 * are found through hunspell's stemmer ("walked" -> "walk"); case and
 * accents are folded ("House", "élève" / "eleve"); an entry that only
 * points elsewhere ("Colour: See {Color}") brings the entry it names.
 *
 * Usage:
 *     rod_lookup_opts o = {.book_lang = "en"};
 *     rod_lookup *l;  char err[256];
 *     if (rod_lookup_open(&o, &l, err, sizeof err) != ROD_LOOKUP_OK) ...err...
 *     rod_definitions defs = {0};
 *     rod_lookup_define(l, "walked", &defs, err, sizeof err);
 *     for (size_t i = 0; i < defs.n; i++) defs.v[i].dict, .headword, .text
 *     rod_definitions_clear(&defs);
 *     rod_lookup_free(l);
 *
 * Ownership: rod_lookup_open() and rod_dict_open() give the caller the
 * object (rod_lookup_free(), rod_dict_free(); both accept NULL). A
 * rod_definitions is the caller's value, filled by rod_lookup_define() and
 * emptied by rod_definitions_clear(); its strings are its own.
 *
 * Errors: every function returns a rod_lookup_err and writes a message
 * naming the file into err (when err is not NULL). A hostile or broken
 * dictionary (a lying chunk table, an offset past the end, a huge length)
 * is ROD_LOOKUP_FORMAT, never a crash; a broken dictionary among good ones
 * is skipped by rod_lookup_open() (its message kept as a warning).
 * Not thread-safe: one rod_lookup per thread.
 */
#ifndef ROD_LOOKUP_H
#define ROD_LOOKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum rod_lookup_err {
    ROD_LOOKUP_OK = 0,
    ROD_LOOKUP_NOMEM,           /* memory ran out */
    ROD_LOOKUP_IO,              /* a file could not be opened or read */
    ROD_LOOKUP_FORMAT,          /* a file is not what it says (hostile, broken) */
    ROD_LOOKUP_NO_DICT,         /* no dictionary for the language: err names
                                   the Debian package to install */
} rod_lookup_err;

enum {
    ROD_DICT_ENTRY_MAX = 1 << 20,   /* longest entry read, bytes */
    ROD_DICT_INDEX_MAX = 256 << 20, /* largest index read, bytes */
};

/* ---- numbers: dictd's base 64 (A-Z a-z 0-9 + /, most significant
 * first) ---- */
/* The number in s[0..len); false when a digit is not of the alphabet,
 * len is 0 or the value passes 2^48. */
bool rod_dict_number(const char *s, size_t len, uint64_t *out);

/* ---- dictzip: random access into a .dict.dz (or a plain .dict) ---- */
typedef struct rod_dictzip rod_dictzip;
/* Opens path; a file that is not gzip is read as plain text (.dict). */
rod_lookup_err rod_dictzip_open(const char *path, rod_dictzip **out, char *err, size_t n);
/* The len bytes at offset of the uncompressed text into a new string
 * (NUL-terminated, *out_len its length; free() it). An offset or length
 * past the end, or len > ROD_DICT_ENTRY_MAX, is ROD_LOOKUP_FORMAT. */
rod_lookup_err rod_dictzip_read(rod_dictzip *dz, uint64_t offset, uint64_t len, char **out, size_t *out_len,
                                char *err, size_t n);
void rod_dictzip_free(rod_dictzip *dz);

/* ---- one dictionary ---- */
typedef struct rod_dict rod_dict;
/* Opens index_path and its data file (index_path without ".index", plus
 * ".dict.dz" or ".dict"). The name is the file's name without ".index". */
rod_lookup_err rod_dict_open(const char *index_path, rod_dict **out, char *err, size_t n);
void rod_dict_free(rod_dict *d);
/* "wn", "freedict-fra-eng"; borrowed, lives as long as d. */
const char *rod_dict_name(const rod_dict *d);

typedef struct rod_dict_hit {
    char *headword;             /* as the index spells it */
    uint64_t offset, length;    /* in the uncompressed text */
} rod_dict_hit;

/* Every index line whose headword is word with case, accents and the
 * punctuation dictd's ordering ignores folded; appended to *hits (*n of
 * them, *cap allocated; free each headword and the array). At most max
 * are added. Sharp edge: the index is searched in dictd's order, which
 * sorts an accented letter by its bytes, so an accented word finds an
 * unaccented headword ("naïve" -> "naive") and any spelling of case finds
 * its headword, but a word typed without its accents does not find an
 * accented headword ("eleve" misses "élève"; a book spells its words). A
 * line that is not "headword TAB offset TAB length" in base 64 is
 * ROD_LOOKUP_FORMAT naming file and line; the hits found before it stay. */
rod_lookup_err rod_dict_find(rod_dict *d, const char *word, rod_dict_hit **hits, size_t *n, size_t *cap,
                             size_t max, char *err, size_t en);
/* The entry of a hit as a new string (free()). */
rod_lookup_err rod_dict_entry(rod_dict *d, const rod_dict_hit *hit, char **out, char *err, size_t n);

/* ---- folding ---- */
/* word case-folded, accents removed and every character but letters,
 * digits and spaces dropped, into a new string (NULL: no memory or not
 * UTF-8). "Élève-Maître" -> "elevemaitre". */
char *rod_lookup_fold(const char *word);

/* ---- the whole look-up ---- */
typedef struct rod_lookup_opts {
    const char *dict_dir;       /* NULL: /usr/share/dictd */
    const char *hunspell_dir;   /* NULL: /usr/share/hunspell */
    const char *book_lang;      /* BCP 47 or ISO 639-2/3 ("en", "fr-FR",
                                   "deu"); NULL or "und": English */
    const char *reader_lang;    /* the reader's ("en_GB.UTF-8" too); NULL:
                                   from $LANGUAGE, $LC_ALL, $LC_MESSAGES,
                                   $LANG, else English */
} rod_lookup_opts;

typedef enum rod_def_via {
    ROD_VIA_WORD,               /* the word itself, case and accents folded */
    ROD_VIA_STEM,               /* a stem hunspell gave ("walk" for "walked") */
    ROD_VIA_REF,                /* named by an entry that points elsewhere */
} rod_def_via;

typedef struct rod_definition {
    char *dict;                 /* the dictionary's name */
    char *headword;
    char *text;                 /* the entry, valid UTF-8, braces taken out,
                                   trailing blank lines trimmed */
    rod_def_via via;
} rod_definition;

typedef struct rod_definitions {
    rod_definition *v;
    size_t n, cap;
} rod_definitions;

typedef struct rod_lookup rod_lookup;
/* Finds the dictionaries for the book's language (English: every
 * dictionary that is not freedict's; another language XXX:
 * freedict-XXX-YYY with YYY the reader's, or English) and the hunspell
 * dictionary of the book's language (none is no error: no stems).
 * ROD_LOOKUP_NO_DICT when there is no dictionary; err names the package. */
rod_lookup_err rod_lookup_open(const rod_lookup_opts *o, rod_lookup **out, char *err, size_t n);
void rod_lookup_free(rod_lookup *l);
/* The dictionaries' names joined by ", " (borrowed). */
const char *rod_lookup_dicts(const rod_lookup *l);
/* Whether a hunspell dictionary was found (stems are looked up). */
bool rod_lookup_has_stems(const rod_lookup *l);
/* Warnings of rod_lookup_open (dictionaries skipped), "" when none. */
const char *rod_lookup_warnings(const rod_lookup *l);
/* The entries for word appended to *out: the word's own, then its stems',
 * then those the short pointing entries name (one level, each entry once).
 * Nothing found is ROD_LOOKUP_OK with out->n unchanged. */
rod_lookup_err rod_lookup_define(rod_lookup *l, const char *word, rod_definitions *out, char *err, size_t n);
void rod_definitions_clear(rod_definitions *d);

#endif
