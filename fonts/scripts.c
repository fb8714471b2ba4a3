/* scripts.c — what rod knows of the world's scripts, for fallback faces.
 *
 * When the book face lacks a character, fonts.c asks for a face by the
 * character's script, not character by character: one Japanese face for
 * all of a Japanese book's kanji and kana, one Hebrew face for its
 * Hebrew, so a line is not a patchwork of whichever faces fontconfig
 * happens to sort first (left to itself it sets Japanese in the Chinese
 * sans WenQuanYi Zen Hei, and Hebrew and Arabic in DejaVu Sans, beside a
 * serif book face). This file holds the three tables that takes: the book
 * faces to prefer for a script, in order (serif text faces first, the
 * sans ones Debian ships as a last resort before fontconfig's own
 * choice); the language to tell fontconfig when none of them is
 * installed; and the Debian package that would add a face, for the
 * notice when nothing installed can show a character.
 *
 * Han characters are shared by Chinese, Japanese and Korean and drawn
 * differently in each (骨, 直 differ between a Chinese and a Japanese
 * face), so for Han the book's language decides; a book that does not
 * say gets the Chinese faces. The CJK punctuation and full-width forms
 * (、。「」（）), which Unicode counts as common to all scripts, go with
 * Han, so they match the ideographs around them.
 */
#include "fonts_internal.h"

#include <string.h>
#include <strings.h>
#include <unicode/uscript.h>

typedef struct script_faces {
    int script;                 /* UScriptCode; -1 ends the table */
    const char *lang;           /* for fontconfig; NULL: none */
    const char *package;        /* Debian 12 package with a face */
    const char *families[6];    /* NULL-terminated */
} script_faces;

static const script_faces TABLE[] = {
    {USCRIPT_HIRAGANA, "ja", "fonts-ipafont-mincho",
     {"IPAMincho", "IPAPMincho", "Noto Serif CJK JP", "IPAGothic", "Noto Sans CJK JP", NULL}},
    {USCRIPT_KATAKANA, "ja", "fonts-ipafont-mincho",
     {"IPAMincho", "IPAPMincho", "Noto Serif CJK JP", "IPAGothic", "Noto Sans CJK JP", NULL}},
    {USCRIPT_HANGUL, "ko", "fonts-nanum",
     {"Noto Serif CJK KR", "NanumMyeongjo", "UnBatang", "Noto Sans CJK KR", "NanumGothic", NULL}},
    {USCRIPT_HEBREW, "he", "fonts-sil-ezra",
     {"Ezra SIL", "Noto Serif Hebrew", "Frank Ruehl CLM", "David CLM", "Noto Sans Hebrew", NULL}},
    {USCRIPT_ARABIC, "ar", "fonts-hosny-amiri",
     {"Amiri", "Noto Naskh Arabic", "Scheherazade New", "Noto Sans Arabic", NULL}},
    {USCRIPT_THAI, "th", "fonts-thai-tlwg", {"Noto Serif Thai", "Norasi", "Garuda", "Noto Sans Thai", NULL}},
    {-1, NULL, NULL, {NULL}},
};

/* Han by the book's language: Japanese, Korean, traditional or
 * simplified Chinese. */
static const script_faces HAN_JA = {USCRIPT_HAN, "ja", "fonts-ipafont-mincho",
                                    {"IPAMincho", "IPAPMincho", "Noto Serif CJK JP", "IPAGothic",
                                     "Noto Sans CJK JP", NULL}};
static const script_faces HAN_KO = {USCRIPT_HAN, "ko", "fonts-noto-cjk",
                                    {"Noto Serif CJK KR", "Noto Sans CJK KR", "UnBatang", NULL}};
static const script_faces HAN_TW = {USCRIPT_HAN, "zh-tw", "fonts-wqy-zenhei",
                                    {"Noto Serif CJK TC", "AR PL UMing TW", "WenQuanYi Zen Hei",
                                     "Noto Sans CJK TC", NULL}};
static const script_faces HAN_CN = {USCRIPT_HAN, "zh-cn", "fonts-wqy-zenhei",
                                    {"Noto Serif CJK SC", "AR PL UMing CN", "WenQuanYi Zen Hei",
                                     "Noto Sans CJK SC", NULL}};
static const script_faces OTHER = {USCRIPT_COMMON, NULL, "fonts-noto-core", {NULL}};
static const script_faces SYMBOLS = {USCRIPT_COMMON, NULL, "fonts-symbola", {NULL}};

static bool lang_is(const char *lang, const char *primary)
{
    size_t n = strlen(primary);
    return lang && strncasecmp(lang, primary, n) == 0 && (lang[n] == '\0' || lang[n] == '-' || lang[n] == '_');
}

int font_script_of(uint32_t cp)
{
    /* CJK symbols and punctuation, kana-adjacent marks, full-width forms */
    if ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x2E80 && cp <= 0x2FFF) ||
        cp == 0x30FC)
        return USCRIPT_HAN;
    UErrorCode err = U_ZERO_ERROR;
    int s = (int)uscript_getScript((UChar32)cp, &err);
    if (U_FAILURE(err) || s == USCRIPT_INHERITED || s == USCRIPT_UNKNOWN)
        return USCRIPT_COMMON;
    return s;
}

static const script_faces *faces_of(int script, const char *lang)
{
    if (script == USCRIPT_HAN) {
        if (lang_is(lang, "ja"))
            return &HAN_JA;
        if (lang_is(lang, "ko"))
            return &HAN_KO;
        if (lang_is(lang, "zh") && (strcasestr(lang, "tw") || strcasestr(lang, "hk") || strcasestr(lang, "hant")))
            return &HAN_TW;
        return &HAN_CN;
    }
    for (const script_faces *t = TABLE; t->script >= 0; t++)
        if (t->script == script)
            return t;
    return script == USCRIPT_COMMON ? &SYMBOLS : &OTHER;
}

const char *const *font_script_families(int script, const char *lang)
{
    return faces_of(script, lang)->families;
}

const char *font_script_lang(int script, const char *lang)
{
    return faces_of(script, lang)->lang;
}

const char *font_script_package(int script, const char *lang)
{
    return faces_of(script, lang)->package;
}

const char *font_script_name(int script)
{
    if (script == USCRIPT_COMMON)
        return "symbols";
    const char *name = uscript_getName((UScriptCode)script);
    return name ? name : "unknown";
}
