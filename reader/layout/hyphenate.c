/* hyphenate.c — where a word may take a hyphen, by libhyphen.
 *
 * The one file that uses libhyphen. Dictionaries are Debian's hyphen-*
 * packages in /usr/share/hyphen (hyph_en_US.dic, hyph_de_DE.dic, ...),
 * picked by the language tag: the exact tag with '-' as '_', then the
 * language with its usual country, then any file for the language. A
 * language without a dictionary hyphenates nothing and says nothing: many
 * books are in languages nobody packaged.
 *
 * The sharp edge is encodings. Each dictionary is in the encoding its
 * first line names — UTF-8 for English and French, but ISO8859-1 for
 * German and Dutch and KOI8-R for Russian — and libhyphen matches bytes,
 * so a word is lower-cased (ICU, by code point: Cyrillic and accented
 * capitals too) and converted to the dictionary's encoding first; a word
 * with a letter the encoding lacks is not hyphenated. libhyphen answers
 * with one digit per character of what it was given (for a UTF-8
 * dictionary too, not per byte), so the points are mapped back to the
 * book's UTF-8 by characters, never by bytes. Taking the answer by bytes
 * was the old bug: every Russian break came out a letter off
 * (челов-еку), and French ones after an accent. scripts/liang.py is an
 * independent implementation of the pattern algorithm that tests/
 * test_hyphen.sh holds rod to.
 *
 * A run given to hyph_points may hold non-letters (items.c cuts words at
 * ASCII only: quotes and dashes come along); each run of letters (and
 * combining marks) in it is hyphenated as a word of its own.
 *
 * Loaded dictionaries are kept for the life of the program; the set is
 * small (one per language met). A book repeats its words, and libhyphen
 * is the slowest step of setting a paragraph, so the points of each word
 * are remembered in a direct-mapped table (a clash simply replaces).
 */
#include "layout_internal.h"

#include <ctype.h>
#include <dirent.h>
#include <hyphen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/utf8.h>

#ifndef ROD_HYPHEN_DIR
#define ROD_HYPHEN_DIR "/usr/share/hyphen"
#endif

enum { MAX_DICTS = 16, WORD_CHARS = 63 };

typedef struct cp_byte {
    uint32_t cp;                /* first: rev_cmp compares it */
    uint8_t byte;
} cp_byte;

/* A loaded dictionary and how to write a word in its encoding. */
typedef struct hdict {
    HyphenDict *hd;
    bool utf8;
    int lmin, rmin;             /* letters before and after a hyphen, at
                                   least: rod's 2 and 3, or the file's
                                   LEFTHYPHENMIN/RIGHTHYPHENMIN when more */
    size_t nrev;                /* single-byte encodings: */
    cp_byte rev[256];           /* each code point's byte, sorted by cp */
} hdict;

typedef struct dict {
    char lang[16];
    hdict *d;                   /* NULL: known to have none */
} dict;

static dict dicts[MAX_DICTS];
static size_t ndicts;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

enum { MEMO_SLOTS = 1 << 15, MEMO_WORD = 48 };

typedef struct memo {
    const hdict *d;             /* NULL: empty */
    uint8_t len;
    char word[MEMO_WORD];       /* lower-cased, encoded, as given to libhyphen */
    uint64_t points;            /* bit k: a hyphen may follow character k */
} memo;

static memo *memos;             /* MEMO_SLOTS, made on first use */

static memo *memo_slot(const hdict *d, const char *lower, size_t len)
{
    if (!memos && !(memos = calloc(MEMO_SLOTS, sizeof *memos)))
        return NULL;
    uint64_t h = 1469598103934665603u ^ (uint64_t)(uintptr_t)d;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)lower[i]) * 1099511628211u;
    return &memos[h & (MEMO_SLOTS - 1)];
}

static int rev_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The code point of every byte of a single-byte encoding, by ICU's
 * converter (it knows ISO8859-1 and KOI8-R by the names the files use).
 * False when ICU does not know the encoding. */
static bool read_charset(hdict *d, const char *cset)
{
    UErrorCode err = U_ZERO_ERROR;
    UConverter *cv = ucnv_open(cset, &err);
    if (U_FAILURE(err))
        return false;
    d->nrev = 0;
    for (int b = 1; b < 256; b++) {
        char in = (char)b;
        UChar out[4];
        err = U_ZERO_ERROR;
        ucnv_reset(cv);
        int32_t n = ucnv_toUChars(cv, out, 4, &in, 1, &err);
        if (U_FAILURE(err) || n != 1 || out[0] == 0xFFFD || out[0] == 0x1A)
            continue;
        d->rev[d->nrev].cp = out[0];
        d->rev[d->nrev++].byte = (uint8_t)b;
    }
    ucnv_close(cv);
    qsort(d->rev, d->nrev, sizeof d->rev[0], rev_cmp);
    return true;
}

static hdict *try_load(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/hyph_%s.dic", ROD_HYPHEN_DIR, name);
    if (access(path, R_OK) != 0)
        return NULL;
    hdict *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    size_t len = 0;
    char *text = hyph_prepare(path, &len);
    FILE *f = text ? fmemopen(text, len, "r") : NULL;
    if (f) {
        d->hd = hnj_hyphen_load_file(f);
        fclose(f);
    }
    free(text);
    if (!d->hd) {
        free(d);
        return NULL;
    }
    d->utf8 = d->hd->utf8 != 0;
    d->lmin = d->hd->lhmin > 2 ? d->hd->lhmin : 2;
    d->rmin = d->hd->rhmin > 3 ? d->hd->rhmin : 3;
    /* an encoding ICU cannot read is a dictionary we cannot use */
    if (!d->utf8 && !read_charset(d, d->hd->cset)) {
        hnj_hyphen_free(d->hd);
        free(d);
        return NULL;
    }
    return d;
}

static hdict *load_for(const char *lang)
{
    static const char *usual[][2] = {
        {"en", "en_US"}, {"de", "de_DE"}, {"fr", "fr_FR"}, {"ru", "ru_RU"},
        {"es", "es_ES"}, {"it", "it_IT"}, {"pt", "pt_PT"}, {"nl", "nl_NL"},
    };
    char tag[16], base[8];
    snprintf(tag, sizeof tag, "%s", lang);
    for (char *p = tag; *p; p++)
        if (*p == '-')
            *p = '_';
    size_t n = strcspn(tag, "_");
    snprintf(base, sizeof base, "%.*s", (int)(n < 7 ? n : 7), tag);
    hdict *hd = try_load(tag);
    for (size_t i = 0; !hd && i < sizeof usual / sizeof usual[0]; i++)
        if (strcmp(base, usual[i][0]) == 0)
            hd = try_load(usual[i][1]);
    if (!hd)
        hd = try_load(base);
    if (!hd) {
        /* any hyph_<base>_*.dic */
        DIR *d = opendir(ROD_HYPHEN_DIR);
        struct dirent *e;
        size_t bl = strlen(base);
        while (d && !hd && (e = readdir(d))) {
            if (strncmp(e->d_name, "hyph_", 5) == 0 && strncmp(e->d_name + 5, base, bl) == 0 &&
                e->d_name[5 + bl] == '_') {
                char name[64];
                snprintf(name, sizeof name, "%.*s", (int)(strlen(e->d_name) - 9), e->d_name + 5);
                hd = try_load(name);
            }
        }
        if (d)
            closedir(d);
    }
    return hd;
}

static hdict *dict_for(const char *lang)
{
    if (!lang || !*lang || strcmp(lang, "und") == 0)
        lang = "en";
    hdict *hd = NULL;
    pthread_mutex_lock(&lock);
    size_t i;
    for (i = 0; i < ndicts; i++)
        if (strcmp(dicts[i].lang, lang) == 0)
            break;
    if (i < ndicts) {
        hd = dicts[i].d;
    } else {
        hd = load_for(lang);
        if (ndicts < MAX_DICTS) {
            snprintf(dicts[ndicts].lang, sizeof dicts[ndicts].lang, "%s", lang);
            dicts[ndicts++].d = hd;
        }
    }
    pthread_mutex_unlock(&lock);
    return hd;
}

void hyph_release(void)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < ndicts; i++)
        if (dicts[i].d) {
            hnj_hyphen_free(dicts[i].d->hd);
            free(dicts[i].d);
        }
    ndicts = 0;
    free(memos);
    memos = NULL;
    pthread_mutex_unlock(&lock);
}

/* Writes code point c in the dictionary's encoding at out[*n]; false
 * when the encoding has no such letter. */
static bool encode(const hdict *d, UChar32 c, char *out, size_t cap, size_t *n)
{
    if (d->utf8) {
        if (*n + 4 > cap)
            return false;
        U8_APPEND_UNSAFE(out, *n, c);
        return true;
    }
    uint32_t key = (uint32_t)c;
    const cp_byte *hit = bsearch(&key, d->rev, d->nrev, sizeof d->rev[0], rev_cmp);
    if (!hit || *n + 1 > cap)
        return false;
    out[(*n)++] = (char)hit->byte;
    return true;
}

/* Hyphenation points of one word of letters, word[0, len): bit k of the
 * result says a hyphen may follow character k; ends[k] is the byte after
 * character k. */
static uint64_t word_points(hdict *d, const char *word, size_t len, size_t *ends, size_t *nchars)
{
    char enc[WORD_CHARS * 4 + 1];
    size_t n = 0, k = 0;
    for (size_t i = 0; i < len;) {
        UChar32 c;
        U8_NEXT(word, i, len, c);
        if (c < 0 || k == WORD_CHARS || !encode(d, u_tolower(c), enc, sizeof enc - 1, &n))
            return 0;
        ends[k++] = i;
    }
    *nchars = k;
    if (k < (size_t)(d->lmin + d->rmin))
        return 0;
    enc[n] = '\0';
    memo *m = NULL;
    if (n <= MEMO_WORD) {
        pthread_mutex_lock(&lock);
        m = memo_slot(d, enc, n);
        if (m && m->d == d && m->len == n && memcmp(m->word, enc, n) == 0) {
            uint64_t bits = m->points;
            pthread_mutex_unlock(&lock);
            return bits;
        }
        pthread_mutex_unlock(&lock);
    }
    char hyphens[sizeof enc + 5];
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    uint64_t bits = 0;
    /* one digit per character given (bytes are characters in a
     * single-byte encoding) */
    if (hnj_hyphen_hyphenate2(d->hd, enc, (int)n, hyphens, NULL, &rep, &pos, &cut) == 0) {
        /* Replacement rules (non-standard hyphenation, e.g. old German
         * "ck") would change the letters; we take only plain breaks. */
        for (size_t j = (size_t)d->lmin - 1; j + (size_t)d->rmin < k; j++)
            if ((hyphens[j] & 1) && !(rep && rep[j]))
                bits |= (uint64_t)1 << j;
    }
    if (rep) {
        for (size_t j = 0; j < n; j++)
            free(rep[j]);
        free(rep);
    }
    free(pos);
    free(cut);
    if (m) {
        pthread_mutex_lock(&lock);
        m = memo_slot(d, enc, n);     /* the table may have been released */
        if (m) {
            m->d = d;
            m->len = (uint8_t)n;
            memcpy(m->word, enc, n);
            m->points = bits;
        }
        pthread_mutex_unlock(&lock);
    }
    return bits;
}

static bool in_word(UChar32 c)
{
    return c >= 0 && (u_isalpha(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK));
}

bool hyph_word_char(uint32_t c)
{
    return c <= 0x10FFFF && (in_word((UChar32)c) || u_isdigit((UChar32)c));
}

bool hyph_points(const char *lang, const char *word, size_t len, bool *points)
{
    memset(points, 0, len);
    if (len < 5)
        return false;
    hdict *d = dict_for(lang);
    if (!d)
        return false;
    bool any = false;
    size_t i = 0;
    while (i < len) {
        size_t a = i;
        UChar32 c;
        U8_NEXT(word, i, len, c);
        if (!in_word(c))
            continue;
        size_t e = i;
        while (e < len) {
            size_t j = e;
            U8_NEXT(word, j, len, c);
            if (!in_word(c))
                break;
            e = j;
        }
        size_t ends[WORD_CHARS], nchars = 0;
        uint64_t bits = word_points(d, word + a, e - a, ends, &nchars);
        for (size_t k = 0; k < nchars; k++)
            if ((bits >> k) & 1) {
                points[a + ends[k] - 1] = true;
                any = true;
            }
        i = e;
    }
    return any;
}

bool rod_layout_hyphenate(const char *lang, const char *word, size_t len, bool *points)
{
    return hyph_points(lang, word, len, points);
}
