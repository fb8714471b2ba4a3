/* stem.c — inflected forms to dictionary forms, through hunspell.
 *
 * A dictionary lists "walk" and "mouse", a book prints "walked" and
 * "mice". Hunspell's stemmer knows the affix rules (and the irregular
 * forms its dictionary lists) of each language, so it is asked for the
 * stems; they are looked up after the word itself. The hunspell
 * dictionary is LANG.aff/.dic or LANG_REGION.aff/.dic under the directory
 * (en_US before other English ones, since Debian's set-up installs it).
 * This file is the only one that talks to libhunspell. Every Debian
 * hunspell dictionary rod installs is UTF-8; one in another encoding is
 * not used (no stems) rather than fed bytes it would misread.
 */
#include <dirent.h>
#include <hunspell.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lookup_internal.h"

struct lookup_stemmer {
    Hunhandle *h;
};

/* lang's two-letter code for hunspell's file names ("deu" -> "de") */
static void short_lang(const char *lang, char out[4])
{
    static const char *const pairs[][2] = {
        {"eng", "en"}, {"deu", "de"}, {"ger", "de"}, {"fra", "fr"}, {"fre", "fr"}, {"nld", "nl"},
        {"dut", "nl"}, {"rus", "ru"}, {"spa", "es"}, {"ita", "it"}, {"por", "pt"}, {"swe", "sv"},
        {"pol", "pl"}, {"ces", "cs"}, {"cze", "cs"}, {"dan", "da"}, {"fin", "fi"}, {"hun", "hu"},
    };
    size_t n = strcspn(lang, "-_.");
    if (n == 3) {
        for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
            if (strncmp(lang, pairs[i][0], 3) == 0) {
                strcpy(out, pairs[i][1]);
                return;
            }
    }
    if (n > 3)
        n = 3;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)(lang[i] | 0x20);
    out[n] = '\0';
}

static bool exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f)
        fclose(f);
    return f != NULL;
}

lookup_stemmer *lookup_stemmer_open(const char *dir, const char *lang)
{
    char code[4];
    short_lang(lang && lang[0] ? lang : "en", code);
    if (!code[0])
        return NULL;
    char aff[4096], dic[4096], best[256] = "";
    /* the preferred names first, then any LANG_* in the directory */
    const char *pref = strcmp(code, "en") == 0 ? "en_US" : strcmp(code, "de") == 0 ? "de_DE" : code;
    snprintf(aff, sizeof aff, "%s/%s.aff", dir, pref);
    if (exists(aff)) {
        snprintf(best, sizeof best, "%s", pref);
    } else {
        snprintf(aff, sizeof aff, "%s/%s.aff", dir, code);
        if (exists(aff))
            snprintf(best, sizeof best, "%s", code);
    }
    if (!best[0]) {
        DIR *dd = opendir(dir);
        struct dirent *de;
        size_t cl = strlen(code);
        while (dd && (de = readdir(dd))) {
            size_t l = strlen(de->d_name);
            if (strncmp(de->d_name, code, cl) == 0 && de->d_name[cl] == '_' && l > 4 &&
                strcmp(de->d_name + l - 4, ".aff") == 0 && l - 4 < sizeof best &&
                (!best[0] || strcmp(de->d_name, best) < 0))
                snprintf(best, sizeof best, "%.*s", (int)(l - 4), de->d_name);
        }
        if (dd)
            closedir(dd);
    }
    if (!best[0])
        return NULL;
    snprintf(aff, sizeof aff, "%s/%s.aff", dir, best);
    snprintf(dic, sizeof dic, "%s/%s.dic", dir, best);
    if (!exists(aff) || !exists(dic))
        return NULL;
    lookup_stemmer *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->h = Hunspell_create(aff, dic);
    const char *enc = s->h ? Hunspell_get_dic_encoding(s->h) : NULL;
    if (!enc || strcmp(enc, "UTF-8") != 0) {
        lookup_stemmer_free(s);
        return NULL;
    }
    return s;
}

void lookup_stemmer_free(lookup_stemmer *s)
{
    if (!s)
        return;
    if (s->h)
        Hunspell_destroy(s->h);
    free(s);
}

size_t lookup_stems(lookup_stemmer *s, const char *word, char ***stems)
{
    *stems = NULL;
    if (!s || strlen(word) > 200)
        return 0;
    char **list = NULL;
    int n = Hunspell_stem(s->h, &list, word);
    char **out = n > 0 ? calloc((size_t)n, sizeof *out) : NULL;
    size_t k = 0;
    for (int i = 0; out && i < n; i++) {
        if (strcmp(list[i], word) == 0)
            continue;
        bool again = false;
        for (size_t j = 0; j < k; j++)
            again |= strcmp(out[j], list[i]) == 0;
        if (again)
            continue;
        char *c = strdup(list[i]);
        if (c)
            out[k++] = c;
    }
    if (list)
        Hunspell_free_list(s->h, &list, n);
    if (k == 0) {
        free(out);
        return 0;
    }
    *stems = out;
    return k;
}
