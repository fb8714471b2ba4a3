/* discover.c — finding font files through fontconfig.
 *
 * The only file that includes fontconfig. It answers three questions: which
 * file holds family F in style S, which installed face has a character the
 * book face lacks (the faces scripts.c prefers for its script first), and
 * which families exist (for the settings panel).
 * fontconfig always answers a match with *something*; we check what it
 * returned (the family name, the weight and slant) and report whether the
 * style is the real one, so the caller can synthesize the rest instead of
 * silently drawing bold text with a regular face. A file path is accepted
 * in place of a family so users can try a face they have not installed.
 */
#include "rod_fonts.h"

#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "fonts_internal.h"

static bool fc_ready(void)
{
    static int ready = -1;
    if (ready < 0)
        ready = FcInit() ? 1 : 0;
    return ready == 1;
}

static bool is_path(const char *family)
{
    return strchr(family, '/') && access(family, R_OK) == 0;
}

static void take(FcPattern *font, rod_font_file *out)
{
    FcChar8 *file = NULL, *fam = NULL;
    int index = 0;
    FcPatternGetString(font, FC_FILE, 0, &file);
    FcPatternGetString(font, FC_FAMILY, 0, &fam);
    FcPatternGetInteger(font, FC_INDEX, 0, &index);
    out->path = file ? strdup((const char *)file) : NULL;
    out->family = strdup(fam ? (const char *)fam : "");
    out->index = index;
}

/* fontconfig's own match for a family in regular roman: the face every
 * other style is chosen to go with. */
static FcPattern *match_regular(const char *family)
{
    FcPattern *pat = FcPatternCreate();
    if (!pat)
        return NULL;
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcPatternAddInteger(pat, FC_WEIGHT, FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pat, FC_SLANT, FC_SLANT_ROMAN);
    FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult result;
    FcPattern *font = FcFontMatch(NULL, pat, &result);
    FcPatternDestroy(pat);
    return font;
}

static size_t common_prefix(const char *a, const char *b)
{
    size_t n = 0;
    while (a[n] && a[n] == b[n])
        n++;
    return n;
}

/* The second family name of a face ("EB Garamond 12" beside "EB
 * Garamond"), which families cut in optical sizes use to tell the sizes
 * apart; "" when it has none. Borrowed from the pattern. */
static const char *sub_family(FcPattern *f)
{
    FcChar8 *name = NULL;
    return FcPatternGetString(f, FC_FAMILY, 1, &name) == FcResultMatch && name ? (const char *)name : "";
}

/* Of a family cut in optical sizes, the size to set text in: the one asked
 * for by name ("EB Garamond 08"), else the one with the most faces, which
 * is the text size (EB Garamond 12 has regular, italic and bold; the 08
 * caption size has two faces, and its italic lacks Cyrillic), else the
 * regular face's own. Borrowed from the set or the pattern. */
static const char *text_size(const char *asked, FcPattern *regular, FcFontSet *set)
{
    const char *mine = sub_family(regular);
    if (strcasecmp(mine, asked) == 0)
        return mine;
    const char *best = mine;
    int best_n = 0;
    for (int i = 0; set && i < set->nfont; i++) {
        const char *name = sub_family(set->fonts[i]);
        int n = 0;
        for (int j = 0; j < set->nfont; j++)
            n += strcmp(sub_family(set->fonts[j]), name) == 0;
        if (n > best_n || (n == best_n && strcmp(name, mine) == 0)) {
            best = name;
            best_n = n;
        }
    }
    return best;
}

/* Styles are chosen by us, not by FcFontMatch: it reports the weight it
 * was asked for rather than the face's own, and it has been seen to pick
 * a regular face over the family's real bold. We list the family's faces
 * and take the nearest weight and slant in the optical size for text
 * (text_size), breaking ties by the file name closest to the regular
 * face's (EBGaramond12-Bold goes with EBGaramond12-Regular). */
bool rod_font_find(const char *family, unsigned style, rod_font_file *out)
{
    memset(out, 0, sizeof *out);
    if (is_path(family)) {
        out->path = strdup(family);
        const char *base = strrchr(family, '/');
        out->family = strdup(base ? base + 1 : family);
        out->exact = style == 0;
        out->style = 0;
        return out->path && out->family;
    }
    if (!fc_ready())
        return false;
    FcPattern *regular = match_regular(family);
    if (!regular)
        return false;
    take(regular, out);
    FcChar8 *reg_file = NULL, *reg_family = NULL;
    FcPatternGetString(regular, FC_FILE, 0, &reg_file);
    FcPatternGetString(regular, FC_FAMILY, 0, &reg_family);
    out->exact = style == 0;
    out->style = 0;

    FcPattern *pat = FcPatternCreate();
    FcObjectSet *os = FcObjectSetBuild(FC_FILE, FC_INDEX, FC_FAMILY, FC_WEIGHT, FC_SLANT, (char *)NULL);
    FcFontSet *set = NULL;
    if (pat && os && reg_family) {
        FcPatternAddString(pat, FC_FAMILY, reg_family);
        set = FcFontList(NULL, pat, os);
    }
    int want_weight = style & ROD_FONT_BOLD ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR;
    bool want_italic = style & ROD_FONT_ITALIC;
    const char *size = text_size(family, regular, set);
    long best_score = -1;
    for (int i = 0; set && i < set->nfont; i++) {
        FcPattern *f = set->fonts[i];
        int weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN;
        FcChar8 *file = NULL;
        if (FcPatternGetString(f, FC_FILE, 0, &file) != FcResultMatch)
            continue;
        FcPatternGetInteger(f, FC_WEIGHT, 0, &weight);
        FcPatternGetInteger(f, FC_SLANT, 0, &slant);
        bool italic = slant != FC_SLANT_ROMAN;
        long score = 100000 - 1000L * (italic != want_italic) - 10L * abs(weight - want_weight) +
                     (strcmp(sub_family(f), size) == 0 ? 500 : 0) +
                     (long)common_prefix((const char *)file, reg_file ? (const char *)reg_file : "");
        if (score > best_score) {
            best_score = score;
            rod_font_file_free(out);
            take(f, out);
            bool bold = weight >= FC_WEIGHT_DEMIBOLD;
            out->style = (bold ? ROD_FONT_BOLD : 0) | (italic ? ROD_FONT_ITALIC : 0);
            out->exact = bold == !!(style & ROD_FONT_BOLD) && italic == want_italic;
        }
    }
    if (set)
        FcFontSetDestroy(set);
    if (os)
        FcObjectSetDestroy(os);
    if (pat)
        FcPatternDestroy(pat);
    FcPatternDestroy(regular);
    if (!out->path) {
        rod_font_file_free(out);
        return false;
    }
    return true;
}

/* The regular face of an installed family that has cp; false when the
 * family is not installed or lacks it. */
static bool family_with(const char *family, uint32_t cp, rod_font_file *out)
{
    FcPattern *pat = FcPatternCreate();
    FcCharSet *want = FcCharSetCreate();
    FcObjectSet *os = FcObjectSetBuild(FC_FILE, FC_INDEX, FC_FAMILY, FC_WEIGHT, FC_SLANT, (char *)NULL);
    FcFontSet *set = NULL;
    bool found = false;
    if (pat && want && os) {
        FcCharSetAddChar(want, cp);
        FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
        FcPatternAddCharSet(pat, FC_CHARSET, want);
        FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
        set = FcFontList(NULL, pat, os);
    }
    /* the regular upright face when there is one, else the first */
    int best = -1;
    for (int i = 0; set && i < set->nfont; i++) {
        int weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN;
        FcPatternGetInteger(set->fonts[i], FC_WEIGHT, 0, &weight);
        FcPatternGetInteger(set->fonts[i], FC_SLANT, 0, &slant);
        if (best < 0 || (slant == FC_SLANT_ROMAN && weight <= FC_WEIGHT_MEDIUM && weight >= FC_WEIGHT_BOOK))
            best = i;
    }
    if (best >= 0) {
        take(set->fonts[best], out);
        out->exact = true;
        found = out->path != NULL;
    }
    if (set)
        FcFontSetDestroy(set);
    if (os)
        FcObjectSetDestroy(os);
    if (want)
        FcCharSetDestroy(want);
    if (pat)
        FcPatternDestroy(pat);
    return found;
}

bool rod_font_find_for_char(const char *family, uint32_t cp, const char *lang, rod_font_file *out)
{
    memset(out, 0, sizeof *out);
    if (!fc_ready())
        return false;
    int script = font_script_of(cp);
    for (const char *const *f = font_script_families(script, lang); *f; f++)
        if (family_with(*f, cp, out))
            return true;
    rod_font_file_free(out);
    const char *fc_lang = font_script_lang(script, lang);
    FcPattern *pat = FcPatternCreate();
    FcCharSet *want = FcCharSetCreate();
    bool found = false;
    if (!pat || !want)
        goto cleanup;
    FcCharSetAddChar(want, cp);
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcPatternAddCharSet(pat, FC_CHARSET, want);
    FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
    if (fc_lang) {
        FcLangSet *ls = FcLangSetCreate();
        if (ls && FcLangSetAdd(ls, (const FcChar8 *)fc_lang))
            FcPatternAddLangSet(pat, FC_LANG, ls);
        if (ls)
            FcLangSetDestroy(ls);
    }
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult result;
    FcFontSet *set = FcFontSort(NULL, pat, FcFalse, NULL, &result);
    if (!set)
        goto cleanup;
    for (int i = 0; i < set->nfont && !found; i++) {
        FcCharSet *cs = NULL;
        if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &cs) == FcResultMatch &&
            FcCharSetHasChar(cs, cp)) {
            take(set->fonts[i], out);
            out->exact = true;
            found = out->path != NULL;
        }
    }
    FcFontSetDestroy(set);
cleanup:
    if (want)
        FcCharSetDestroy(want);
    if (pat)
        FcPatternDestroy(pat);
    return found;
}

void rod_font_file_free(rod_font_file *file)
{
    if (!file)
        return;
    free(file->path);
    free(file->family);
    file->path = file->family = NULL;
}

static int cmp_str(const void *a, const void *b)
{
    return strcasecmp(*(char *const *)a, *(char *const *)b);
}

/* The language fontconfig is asked about: the tag lowercased, cut to its
 * primary subtag ("en-US" is "en", which fontconfig's orthographies
 * name) except for Chinese, whose orthographies are by region ("zh-tw"). */
static void fc_lang(const char *lang, char *out, size_t n)
{
    size_t k = 0;
    bool keep_region = strncasecmp(lang, "zh", 2) == 0;
    for (; lang[k] && k + 1 < n; k++) {
        char c = lang[k] == '_' ? '-' : lang[k];
        if (c == '-' && !keep_region)
            break;
        out[k] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    out[k] = '\0';
}

/* The first family name is the one optical sizes and widths share: fc-list
 * prints "EB Garamond,EB Garamond 12" and "EB Garamond,EB Garamond 08",
 * "DejaVu Sans,DejaVu Sans Condensed", so listing by it alone merges them. */
char **rod_font_families(const char *lang, size_t *count)
{
    *count = 0;
    if (!fc_ready())
        return NULL;
    FcPattern *pat = FcPatternCreate();
    if (pat)
        FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
    if (pat && lang && *lang && strcasecmp(lang, "und") != 0) {
        char want[32];
        fc_lang(lang, want, sizeof want);
        FcLangSet *ls = FcLangSetCreate();
        if (ls && want[0] && FcLangSetAdd(ls, (const FcChar8 *)want))
            FcPatternAddLangSet(pat, FC_LANG, ls);
        if (ls)
            FcLangSetDestroy(ls);
    }
    FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, (char *)NULL);
    FcFontSet *set = pat && os ? FcFontList(NULL, pat, os) : NULL;
    char **names = set ? calloc((size_t)set->nfont + 1, sizeof *names) : NULL;
    size_t n = 0;
    for (int i = 0; names && i < set->nfont; i++) {
        FcChar8 *fam = NULL;
        if (FcPatternGetString(set->fonts[i], FC_FAMILY, 0, &fam) == FcResultMatch && fam) {
            char *copy = strdup((const char *)fam);
            if (copy)
                names[n++] = copy;
        }
    }
    if (names) {
        qsort(names, n, sizeof *names, cmp_str);
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (k && strcasecmp(names[k - 1], names[i]) == 0)
                free(names[i]);
            else
                names[k++] = names[i];
        }
        n = k;
    }
    if (set)
        FcFontSetDestroy(set);
    if (os)
        FcObjectSetDestroy(os);
    if (pat)
        FcPatternDestroy(pat);
    *count = n;
    return names;
}

void rod_font_families_free(char **families, size_t count)
{
    for (size_t i = 0; families && i < count; i++)
        free(families[i]);
    free(families);
}
