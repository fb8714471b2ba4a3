/* lookup.c — a word looked up in the dictionaries for a book's language.
 *
 * Which dictionaries: an English book gets every dictd dictionary in the
 * directory that is not a freedict one (Debian's gcide and wn, and any
 * other monolingual English one installed); a book in another language
 * XXX (ISO 639-2/T, as freedict names its files) gets freedict-XXX-YYY,
 * YYY the reader's language, else freedict-XXX-eng. None found is an
 * error naming the Debian package that would be.
 *
 * What is shown, in order: the entries of the word itself (case, accents
 * folded), then those of its stems (hunspell), then one level of
 * cross-references. A reference is followed only out of a short entry
 * (under SHORT_ENTRY bytes) and only where the entry says "See {X}",
 * "see also {X}" or "Same as {X}": gcide braces every inflection and
 * every etymon ("{Houses}", "See {Hide}" in the etymology of House) and
 * wn every synonym, so following every brace would bury the entry under
 * its neighbours, while a short entry that points elsewhere ("Colour:
 * See {Color}") says nothing without its target. Each entry is shown once
 * (the loop guard: a reference back to an entry already shown adds
 * nothing), and braces are taken out of the text shown.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lookup_internal.h"
#include "rod_lookup.h"

enum {
    MAX_DICTS = 16,
    HITS_PER_WORD = 12,         /* entries of one word in one dictionary */
    MAX_DEFS = 24,
    SHORT_ENTRY = 400,
    MAX_REFS = 4,
};

struct rod_lookup {
    rod_dict *dict[MAX_DICTS];
    size_t ndict;
    lookup_stemmer *stem;
    char names[1024];
    char warnings[2048];
};

/* ISO 639-2/T code of a language tag or locale ("fr-FR", "de_DE.UTF-8",
 * "ger"); "eng" for none. */
static void lang3(const char *tag, char out[4])
{
    static const char *const pairs[][2] = {
        {"en", "eng"}, {"de", "deu"}, {"fr", "fra"}, {"nl", "nld"}, {"ru", "rus"}, {"es", "spa"},
        {"it", "ita"}, {"pt", "por"}, {"sv", "swe"}, {"pl", "pol"}, {"cs", "ces"}, {"da", "dan"},
        {"fi", "fin"}, {"el", "ell"}, {"hu", "hun"}, {"la", "lat"}, {"tr", "tur"}, {"ja", "jpn"},
        {"ar", "ara"}, {"ga", "gle"}, {"cy", "cym"}, {"hr", "hrv"}, {"sk", "slk"}, {"sl", "slv"},
        {"sr", "srp"}, {"is", "isl"}, {"af", "afr"}, {"eo", "epo"}, {"lt", "lit"}, {"sw", "swh"},
        {"ger", "deu"}, {"fre", "fra"}, {"dut", "nld"}, {"cze", "ces"}, {"gre", "ell"}, {"wel", "cym"},
    };
    strcpy(out, "eng");
    if (!tag || !tag[0] || strcmp(tag, "und") == 0 || strcmp(tag, "C") == 0 || strcmp(tag, "POSIX") == 0)
        return;
    char code[4];
    size_t n = strcspn(tag, "-_.@");
    if (n < 2 || n > 3)
        return;
    for (size_t i = 0; i < n; i++)
        code[i] = (char)(tag[i] | 0x20);
    code[n] = '\0';
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if (strcmp(code, pairs[i][0]) == 0) {
            strcpy(out, pairs[i][1]);
            return;
        }
    if (n == 3)
        strcpy(out, code);
}

static void warn(rod_lookup *l, const char *msg)
{
    size_t used = strlen(l->warnings);
    snprintf(l->warnings + used, sizeof l->warnings - used, "%s%s", used ? "\n" : "", msg);
}

static void add_dict(rod_lookup *l, const char *dir, const char *file)
{
    if (l->ndict == MAX_DICTS)
        return;
    char path[4096], err[512];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    rod_dict *d;
    if (rod_dict_open(path, &d, err, sizeof err) != ROD_LOOKUP_OK) {
        warn(l, err);
        return;
    }
    l->dict[l->ndict++] = d;
    size_t used = strlen(l->names);
    snprintf(l->names + used, sizeof l->names - used, "%s%s", used ? ", " : "", rod_dict_name(d));
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

rod_lookup_err rod_lookup_open(const rod_lookup_opts *o, rod_lookup **out, char *err, size_t n)
{
    *out = NULL;
    const char *dir = o->dict_dir ? o->dict_dir : "/usr/share/dictd";
    const char *hdir = o->hunspell_dir ? o->hunspell_dir : "/usr/share/hunspell";
    char book[4], reader[4];
    lang3(o->book_lang, book);
    const char *rl = o->reader_lang;
    for (const char *const *v = (const char *const[]){"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", NULL};
         !rl && *v; v++)
        if (getenv(*v) && getenv(*v)[0])
            rl = getenv(*v);
    lang3(rl, reader);
    rod_lookup *l = calloc(1, sizeof *l);
    if (!l)
        return lookup_fail(err, n, ROD_LOOKUP_NOMEM, "out of memory");
    /* the index files, in name order so the output does not depend on
     * the directory's */
    char *files[256];
    size_t nf = 0;
    DIR *dd = opendir(dir);
    struct dirent *de;
    while (dd && (de = readdir(dd)) && nf < 256) {
        size_t len = strlen(de->d_name);
        if (len > 6 && strcmp(de->d_name + len - 6, ".index") == 0 && (files[nf] = strdup(de->d_name)))
            nf++;
    }
    if (dd)
        closedir(dd);
    qsort(files, nf, sizeof *files, by_name);
    char want[64] = "";
    if (strcmp(book, "eng") == 0) {
        for (size_t i = 0; i < nf; i++)
            if (strncmp(files[i], "freedict-", 9) != 0)
                add_dict(l, dir, files[i]);
    } else {
        const char *to[2] = {reader, "eng"};
        for (int k = 0; k < 2 && l->ndict == 0; k++) {
            char name[64];
            snprintf(name, sizeof name, "freedict-%s-%s.index", book, to[k]);
            for (size_t i = 0; i < nf; i++)
                if (strcmp(files[i], name) == 0)
                    add_dict(l, dir, files[i]);
        }
        snprintf(want, sizeof want, "dict-freedict-%s-%s", book, strcmp(reader, book) ? reader : "eng");
    }
    for (size_t i = 0; i < nf; i++)
        free(files[i]);
    if (l->ndict == 0) {
        if (want[0])
            lookup_fail(err, n, ROD_LOOKUP_NO_DICT,
                 "no dictionary for %s into %s in %s: the Debian package would be %s%s%s", book,
                 strcmp(reader, book) ? reader : "eng", dir, want, l->warnings[0] ? "\n" : "", l->warnings);
        else
            lookup_fail(err, n, ROD_LOOKUP_NO_DICT, "no English dictionary in %s: install dict-gcide and dict-wn%s%s",
                 dir, l->warnings[0] ? "\n" : "", l->warnings);
        rod_lookup_free(l);
        return ROD_LOOKUP_NO_DICT;
    }
    l->stem = lookup_stemmer_open(hdir, book);
    *out = l;
    return ROD_LOOKUP_OK;
}

void rod_lookup_free(rod_lookup *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->ndict; i++)
        rod_dict_free(l->dict[i]);
    lookup_stemmer_free(l->stem);
    free(l);
}

const char *rod_lookup_dicts(const rod_lookup *l)
{
    return l->names;
}

bool rod_lookup_has_stems(const rod_lookup *l)
{
    return l->stem != NULL;
}

const char *rod_lookup_warnings(const rod_lookup *l)
{
    return l->warnings;
}

void rod_definitions_clear(rod_definitions *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].dict);
        free(d->v[i].headword);
        free(d->v[i].text);
    }
    free(d->v);
    *d = (rod_definitions){0};
}

/* ---- the text shown ---- */

/* Length of the valid UTF-8 sequence at s (0: not valid). */
static size_t utf8_len(const unsigned char *s, size_t left)
{
    if (s[0] < 0x80)
        return 1;
    size_t n = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 && s[0] < 0xE0 ? 2 : 0;
    if (n == 0 || n > left)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if (n == 3 && ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0)))
        return 0;
    if (n == 4 && ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90)))
        return 0;
    return n;
}

/* The entry as shown, in place: braces out, bytes that are not UTF-8
 * (or are control characters but tab and newline) become '?', trailing
 * blank lines and spaces trimmed. */
static void clean(char *s)
{
    size_t len = strlen(s), k = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c == '{' || c == '}') {
            i++;
            continue;
        }
        size_t m = utf8_len((const unsigned char *)s + i, len - i);
        if (m == 0 || (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
            s[k++] = '?';
            i++;
            continue;
        }
        memmove(s + k, s + i, m);
        k += m;
        i += m;
    }
    while (k > 0 && (s[k - 1] == '\n' || s[k - 1] == ' ' || s[k - 1] == '\t' || s[k - 1] == '\r'))
        k--;
    s[k] = '\0';
}

/* ---- looking up ---- */

typedef struct shown {
    size_t dict;
    uint64_t offset, length;
} shown;

typedef struct job {
    rod_lookup *l;
    rod_definitions *out;
    shown seen[MAX_DEFS];
    size_t nseen;
    char *refs[MAX_REFS];
    size_t nrefs;
    char *err;
    size_t en;
} job;

/* The "See {X}" targets of a short entry, added to j->refs. */
static void collect_refs(job *j, const char *text, const char *self)
{
    if (strlen(text) >= SHORT_ENTRY)
        return;
    static const char *const leads[] = {"See also", "see also", "See", "see", "Same as", "same as"};
    for (const char *p = text; *p && j->nrefs < MAX_REFS; p++) {
        for (size_t k = 0; k < sizeof leads / sizeof leads[0]; k++) {
            size_t ll = strlen(leads[k]);
            if (strncmp(p, leads[k], ll) != 0 || (p > text && ((p[-1] | 0x20) >= 'a' && (p[-1] | 0x20) <= 'z')))
                continue;
            const char *q = p + ll;
            while (*q == ' ' || *q == '\n' || *q == '\t')
                q++;
            if (*q != '{')
                continue;
            const char *e = strchr(q + 1, '}');
            if (!e || e - q - 1 > 100 || e == q + 1)
                break;
            char *ref = strndup(q + 1, (size_t)(e - q - 1));
            if (!ref)
                return;
            for (char *c = ref; *c; c++)
                if (*c == '\n' || *c == '\t')
                    *c = ' ';
            bool again = strcmp(ref, self) == 0;
            for (size_t i = 0; i < j->nrefs; i++)
                again |= strcmp(j->refs[i], ref) == 0;
            if (again)
                free(ref);
            else
                j->refs[j->nrefs++] = ref;
            p = e;
            break;
        }
    }
}

/* Every entry of word in every dictionary, appended as via. */
static rod_lookup_err define_word(job *j, const char *word, rod_def_via via)
{
    rod_lookup *l = j->l;
    for (size_t di = 0; di < l->ndict && j->nseen < MAX_DEFS; di++) {
        rod_dict_hit *hits = NULL;
        size_t nh = 0, cap = 0;
        char msg[512];
        rod_lookup_err r = rod_dict_find(l->dict[di], word, &hits, &nh, &cap, HITS_PER_WORD, msg, sizeof msg);
        if (r == ROD_LOOKUP_NOMEM) {
            for (size_t i = 0; i < nh; i++)
                free(hits[i].headword);
            free(hits);
            return lookup_fail(j->err, j->en, r, "%s", msg);
        }
        if (r != ROD_LOOKUP_OK)
            warn(l, msg);
        for (size_t i = 0; i < nh; i++) {
            bool again = false;
            for (size_t s = 0; s < j->nseen; s++)
                again |= j->seen[s].dict == di && j->seen[s].offset == hits[i].offset &&
                         j->seen[s].length == hits[i].length;
            char *text = NULL;
            if (!again && j->nseen < MAX_DEFS &&
                (r = rod_dict_entry(l->dict[di], &hits[i], &text, msg, sizeof msg)) != ROD_LOOKUP_OK) {
                warn(l, msg);
                if (r == ROD_LOOKUP_NOMEM) {
                    for (size_t k = i; k < nh; k++)
                        free(hits[k].headword);
                    free(hits);
                    return lookup_fail(j->err, j->en, r, "%s", msg);
                }
            }
            if (text) {
                rod_definitions *o = j->out;
                if (o->n == o->cap) {
                    size_t nc = o->cap ? o->cap * 2 : 8;
                    rod_definition *v = realloc(o->v, nc * sizeof *v);
                    if (!v) {
                        free(text);
                        text = NULL;
                    } else {
                        o->v = v;
                        o->cap = nc;
                    }
                }
                if (text) {
                    if (via != ROD_VIA_REF)
                        collect_refs(j, text, word);
                    clean(text);
                    o->v[o->n++] = (rod_definition){strdup(rod_dict_name(l->dict[di])), hits[i].headword, text, via};
                    hits[i].headword = NULL;
                    j->seen[j->nseen++] = (shown){di, hits[i].offset, hits[i].length};
                }
            }
            free(hits[i].headword);
        }
        free(hits);
    }
    return ROD_LOOKUP_OK;
}

rod_lookup_err rod_lookup_define(rod_lookup *l, const char *word, rod_definitions *out, char *err, size_t n)
{
    job j = {.l = l, .out = out, .err = err, .en = n};
    rod_lookup_err r = define_word(&j, word, ROD_VIA_WORD);
    if (r == ROD_LOOKUP_OK && l->stem) {
        /* hunspell is case-sensitive: "Walked" at a sentence's start is
         * asked about as "walked" too */
        char *low = lookup_recase(word, false);
        const char *forms[2] = {word, low};
        for (int f = 0; f < 2 && r == ROD_LOOKUP_OK; f++) {
            if (!forms[f] || (f == 1 && strcmp(forms[1], word) == 0))
                continue;
            char **stems;
            size_t ns = lookup_stems(l->stem, forms[f], &stems);
            for (size_t i = 0; i < ns; i++) {
                if (r == ROD_LOOKUP_OK)
                    r = define_word(&j, stems[i], ROD_VIA_STEM);
                free(stems[i]);
            }
            free(stems);
        }
        free(low);
    }
    for (size_t i = 0; i < j.nrefs; i++) {
        if (r == ROD_LOOKUP_OK)
            r = define_word(&j, j.refs[i], ROD_VIA_REF);
        free(j.refs[i]);
    }
    return r;
}
