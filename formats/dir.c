/* dir.c — base direction (ROD-FORMAT §1's @dir): its names, the direction
 * in force at a node, and the languages written right to left.
 *
 * The model keeps direction as a two-bit field on every node rather than a
 * string, so a reader can accept only the three values the format defines
 * and a writer can never emit a fourth. Inheritance is a walk to the root,
 * as rod_node_lang does for xml:lang: books set dir on few elements.
 *
 * rod_lang_dir serves the importers of formats that have a language but
 * no direction (FictionBook's <lang>): the primary subtags of the living
 * right-to-left scripts' main languages (Arabic, Hebrew and their kin in
 * those scripts, Thaana, Syriac, N'Ko). A script subtag wins over the
 * language ("az-Arab" is right to left, "ku-Latn" is not), as in CLDR's
 * likely-subtags data; pulling in ICU's uloc for this was turned down,
 * since formats/ knows nothing of ICU and the list changes once a decade.
 */
#include "rod_doc.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

rod_dir rod_node_dir(const rod_node *node)
{
    for (; node; node = node->parent)
        if (node->dir != ROD_DIR_NONE)
            return (rod_dir)node->dir;
    return ROD_DIR_AUTO;
}

const char *rod_dir_name(rod_dir dir)
{
    switch (dir) {
    case ROD_DIR_LTR: return "ltr";
    case ROD_DIR_RTL: return "rtl";
    case ROD_DIR_AUTO: return "auto";
    default: return NULL;
    }
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

rod_dir rod_dir_from_name(const char *value)
{
    if (!value)
        return ROD_DIR_NONE;
    while (is_space(*value))
        value++;
    size_t n = strlen(value);
    while (n && is_space(value[n - 1]))
        n--;
    static const rod_dir dirs[] = {ROD_DIR_LTR, ROD_DIR_RTL, ROD_DIR_AUTO};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        const char *name = rod_dir_name(dirs[i]);
        if (n == strlen(name) && strncasecmp(value, name, n) == 0)
            return dirs[i];
    }
    return ROD_DIR_NONE;
}

/* Does the subtag s[0..n) equal word, ignoring ASCII case? */
static bool subtag_is(const char *s, size_t n, const char *word)
{
    return n == strlen(word) && strncasecmp(s, word, n) == 0;
}

rod_dir rod_lang_dir(const char *lang)
{
    static const char *const rtl_langs[] = {
        "ar", "arc", "arz", "ckb", "dv", "fa", "he", "iw", "ji", "khw", "ks",
        "lrc", "mzn", "nqo", "pnb", "ps", "sd", "syr", "ug", "ur", "yi", NULL,
    };
    static const char *const rtl_scripts[] = {
        "Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Mand", "Samr", "Rohg", NULL,
    };
    if (!lang)
        return ROD_DIR_NONE;
    while (is_space(*lang))
        lang++;
    size_t n = strcspn(lang, "-_ \t\r\n");
    if (n == 0)
        return ROD_DIR_NONE;
    const char *rest = lang + n;
    /* a script subtag (four letters) anywhere after the language decides */
    while (*rest == '-' || *rest == '_') {
        rest++;
        size_t m = strcspn(rest, "-_ \t\r\n");
        if (m == 4 && isalpha((unsigned char)rest[0])) {
            for (size_t i = 0; rtl_scripts[i]; i++)
                if (subtag_is(rest, m, rtl_scripts[i]))
                    return ROD_DIR_RTL;
            return ROD_DIR_NONE;
        }
        rest += m;
    }
    for (size_t i = 0; rtl_langs[i]; i++)
        if (subtag_is(lang, n, rtl_langs[i]))
            return ROD_DIR_RTL;
    return ROD_DIR_NONE;
}
