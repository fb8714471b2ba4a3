/* hyphenate.c — where a word may take a hyphen, by libhyphen.
 *
 * The one file that uses libhyphen. Dictionaries are Debian's hyphen-*
 * packages in /usr/share/hyphen (hyph_en_US.dic, hyph_de_DE.dic, ...),
 * picked by the language tag: the exact tag with '-' as '_', then the
 * language with its usual country, then any file for the language. A
 * language without a dictionary hyphenates nothing and says nothing: many
 * books are in languages nobody packaged.
 *
 * libhyphen works on the dictionary's encoding (UTF-8 for all Debian's)
 * and on lower-case words; we lower-case ASCII and pass other letters as
 * they are (the patterns hold them in lower case, as books mostly do).
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

#ifndef ROD_HYPHEN_DIR
#define ROD_HYPHEN_DIR "/usr/share/hyphen"
#endif

enum { MAX_DICTS = 16, MAX_WORD = 100 };

typedef struct dict {
    char lang[16];
    HyphenDict *hd;             /* NULL: known to have none */
} dict;

static dict dicts[MAX_DICTS];
static size_t ndicts;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

enum { MEMO_SLOTS = 1 << 15, MEMO_WORD = 48 };

typedef struct memo {
    const HyphenDict *hd;       /* NULL: empty */
    uint8_t len;
    char word[MEMO_WORD];       /* lower-cased, as given to libhyphen */
    uint64_t points;            /* bit i: a hyphen may follow byte i */
} memo;

static memo *memos;             /* MEMO_SLOTS, made on first use */

static memo *memo_slot(const HyphenDict *hd, const char *lower, size_t len)
{
    if (!memos && !(memos = calloc(MEMO_SLOTS, sizeof *memos)))
        return NULL;
    uint64_t h = 1469598103934665603u ^ (uint64_t)(uintptr_t)hd;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)lower[i]) * 1099511628211u;
    return &memos[h & (MEMO_SLOTS - 1)];
}

static HyphenDict *try_load(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/hyph_%s.dic", ROD_HYPHEN_DIR, name);
    if (access(path, R_OK) != 0)
        return NULL;
    return hnj_hyphen_load(path);
}

static HyphenDict *load_for(const char *lang)
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
    HyphenDict *hd = try_load(tag);
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

static HyphenDict *dict_for(const char *lang)
{
    if (!lang || !*lang || strcmp(lang, "und") == 0)
        lang = "en";
    HyphenDict *hd = NULL;
    pthread_mutex_lock(&lock);
    size_t i;
    for (i = 0; i < ndicts; i++)
        if (strcmp(dicts[i].lang, lang) == 0)
            break;
    if (i < ndicts) {
        hd = dicts[i].hd;
    } else {
        hd = load_for(lang);
        if (ndicts < MAX_DICTS) {
            snprintf(dicts[ndicts].lang, sizeof dicts[ndicts].lang, "%s", lang);
            dicts[ndicts++].hd = hd;
        }
    }
    pthread_mutex_unlock(&lock);
    return hd;
}

void hyph_release(void)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < ndicts; i++)
        if (dicts[i].hd)
            hnj_hyphen_free(dicts[i].hd);
    ndicts = 0;
    free(memos);
    memos = NULL;
    pthread_mutex_unlock(&lock);
}

static size_t letters(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += ((unsigned char)s[i] & 0xC0) != 0x80;
    return count;
}

bool hyph_points(const char *lang, const char *word, size_t len, bool *points)
{
    memset(points, 0, len);
    if (len < 5 || len > MAX_WORD)
        return false;
    HyphenDict *hd = dict_for(lang);
    if (!hd)
        return false;
    char lower[MAX_WORD + 1];
    for (size_t i = 0; i < len; i++)
        lower[i] = (char)tolower((unsigned char)word[i]);
    lower[len] = '\0';
    memo *m = NULL;
    if (len <= MEMO_WORD) {
        pthread_mutex_lock(&lock);
        m = memo_slot(hd, lower, len);
        if (m && m->hd == hd && m->len == len && memcmp(m->word, lower, len) == 0) {
            uint64_t bits = m->points;
            pthread_mutex_unlock(&lock);
            for (size_t i = 0; i < len; i++)
                points[i] = (bits >> i) & 1;
            return bits != 0;
        }
        pthread_mutex_unlock(&lock);
    }
    char hyphens[MAX_WORD + 5];
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    int rc = hnj_hyphen_hyphenate2(hd, lower, (int)len, hyphens, NULL, &rep, &pos, &cut);
    /* Replacement rules (non-standard hyphenation, e.g. old German "ck")
     * would change the letters; we take only plain breaks. */
    bool any = false;
    if (rc == 0) {
        for (size_t i = 0; i + 1 < len; i++) {
            if (!(hyphens[i] & 1) || (rep && rep[i]))
                continue;
            /* a hyphen after byte i: only between characters */
            if (((unsigned char)word[i + 1] & 0xC0) == 0x80)
                continue;
            size_t before = letters(word, i + 1), after = letters(word + i + 1, len - i - 1);
            if (before >= 2 && after >= 3) {
                points[i] = true;
                any = true;
            }
        }
    }
    if (rep) {
        for (size_t i = 0; i < len; i++)
            free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
    if (m) {
        uint64_t bits = 0;
        for (size_t i = 0; i < len; i++)
            bits |= (uint64_t)points[i] << i;
        pthread_mutex_lock(&lock);
        m = memo_slot(hd, lower, len);     /* the table may have been released */
        if (m) {
            m->hd = hd;
            m->len = (uint8_t)len;
            memcpy(m->word, lower, len);
            m->points = bits;
        }
        pthread_mutex_unlock(&lock);
    }
    return any;
}
