/* txt_heading.c — recognising the structure lines of a plain-text book:
 * chapter and part headings, underlined titles, scene-break ornaments, and
 * the language.
 *
 * A heading is recognised by its first word and what follows it: a keyword
 * (CHAPTER, BOOK, Kapitel, ЧАСТЬ...) needs a number after it (digits, a
 * roman numeral or a number word), so "Part of the crew was ashore" stays a
 * sentence. A numeral alone on a line ("IV.", "12", "[ 3 ]") is a chapter.
 * Case matters only for ASCII letters; Cyrillic keywords are listed in both
 * cases. Words are parted by any Unicode space, the no-break one included.
 * Whether a numeral line is a heading or the end of a wrapped sentence
 * ("in the spring of" / "2022.") is the caller's question: it needs the
 * line above. An underline (a title over "=====") is recognised here too,
 * its level decided by the caller from the characters the whole book uses.
 * The alternative, a list of regular expressions, was turned down: POSIX
 * regex has no Unicode classes and would be slower per line.
 */
#include "txt_internal.h"

#include <ctype.h>
#include <string.h>

#include "rod_utf8.h"

static const char *const part_words[] = {
    "book", "part", "volume", "teil", "buch", "band", "livre", "partie", "tome",
    "libro", "parte", "deel", "boek",
    "КНИГА", "Книга", "ЧАСТЬ", "Часть", "ТОМ", "Том", NULL,
};
static const char *const chapter_words[] = {
    "chapter", "chap.", "kapitel", "chapitre", "capitulo", "capítulo", "capitolo",
    "hoofdstuk", "letter", "canto", "stave", "scene", "act",
    "ГЛАВА", "Глава", NULL,
};
static const char *const matter_words[] = {
    "preface", "introduction", "prologue", "epilogue", "afterword", "foreword",
    "conclusion", "postscript", "vorwort", "einleitung", "nachwort", "préface",
    "prologue", "épilogue", "ЭПИЛОГ", "Эпилог", "ПРЕДИСЛОВИЕ", "Предисловие", NULL,
};
static const char *const number_words[] = {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty",
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
    "ninth", "tenth", "eleventh", "twelfth", "last", "final",
    "erstes", "zweites", "drittes", "viertes", "fünftes", "erster", "zweiter",
    "dritter", "premier", "première", "deuxième", "troisième", "quatrième",
    "ПЕРВАЯ", "ВТОРАЯ", "ТРЕТЬЯ", "ЧЕТВЕРТАЯ", "ЧЕТВЁРТАЯ", "ПЯТАЯ", "Первая",
    "Вторая", "Третья", "Четвертая", "Пятая", "ПЕРВЫЙ", "ВТОРОЙ", "ТРЕТИЙ",
    "Первый", "Второй", "Третий", NULL,
};

/* Bytes of the white space character at s (before end): ASCII space and
 * tab, and the Unicode spaces a text puts between a keyword and its number
 * ("Chapter\u00a01."): no-break U+00A0, U+2000-U+200A, narrow no-break
 * U+202F, U+205F and U+3000. 0 for anything else. */
static size_t space_len(const char *s, const char *end)
{
    if (s >= end)
        return 0;
    if (*s == ' ' || *s == '\t')
        return 1;
    if ((unsigned char)*s < 0xC2)
        return 0;
    uint32_t cp;
    size_t k = rod_utf8_decode(s, (size_t)(end - s), &cp);
    bool space = cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
                 cp == 0x3000;
    return space ? k : 0;
}

/* Length of the word at s (up to white space or , : ; .). */
static size_t word_len(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && !space_len(s + i, s + n) && s[i] != ',' && s[i] != ':' && s[i] != ';' &&
           !(s[i] == '.' && i > 0))
        i++;
    return i;
}

/* Every line of a book passes through here, so the first byte is compared
 * before anything else; the keywords are all shorter than 24 bytes. */
static bool word_in(const char *w, size_t n, const char *const *list)
{
    if (n == 0 || n > 24)
        return false;
    int first = tolower((unsigned char)w[0]);
    for (size_t i = 0; list[i]; i++)
        if (tolower((unsigned char)list[i][0]) == first && strncasecmp(w, list[i], n) == 0 &&
            list[i][n] == '\0')
            return true;
    return false;
}

/* A canonical roman numeral up to 399: parsed, written back and compared,
 * so words made of roman letters ("MIX", "DIM", "CIVIL") are refused. */
static bool is_roman(const char *s, size_t n)
{
    static const struct { const char *sym; int value; } digits[] = {
        {"CCC", 300}, {"CC", 200}, {"C", 100}, {"XC", 90}, {"LXXX", 80},
        {"LXX", 70}, {"LX", 60}, {"L", 50}, {"XL", 40}, {"XXX", 30}, {"XX", 20},
        {"X", 10}, {"IX", 9}, {"VIII", 8}, {"VII", 7}, {"VI", 6}, {"V", 5},
        {"IV", 4}, {"III", 3}, {"II", 2}, {"I", 1},
    };
    if (n == 0 || n > 12 || !memchr("IVXLC", s[0], 5))
        return false;
    /* Greedy reading in canonical order: hundreds, tens, units, each once. */
    size_t i = 0;
    int last_place = 1000;
    for (size_t d = 0; d < sizeof digits / sizeof digits[0] && i < n; d++) {
        size_t k = strlen(digits[d].sym);
        int place = digits[d].value >= 100 ? 100 : digits[d].value >= 10 ? 10 : 1;
        if (place >= last_place)
            continue;
        if (i + k <= n && strncmp(s + i, digits[d].sym, k) == 0) {
            i += k;
            last_place = place;
        }
    }
    return i == n;
}

static bool is_number(const char *s, size_t n)
{
    if (n == 0)
        return false;
    size_t digits = 0;
    while (digits < n && isdigit((unsigned char)s[digits]))
        digits++;
    if (digits == n && n <= 4)
        return true;
    return is_roman(s, n) || word_in(s, n, number_words);
}

static const char *skip_space(const char *s, const char *end)
{
    size_t k;
    while ((k = space_len(s, end)))
        s += k;
    return s;
}

/* Does what follows a number make a bare heading ("CHAPTER IV." or "IV")? */
static bool rest_is_bare(const char *s, const char *end)
{
    for (;;) {
        s = skip_space(s, end);
        if (s < end && (*s == '.' || *s == ':'))
            s++;
        else
            return s == end;
    }
}

int txt_heading_class(const char *s, size_t n, bool *bare)
{
    *bare = false;
    const char *end = s + n;
    s = skip_space(s, end);
    n = (size_t)(end - s);
    if (n == 0 || n > 160)
        return 0;

    /* "[ 12 ]" */
    if (s[0] == '[' && s[n - 1] == ']') {
        const char *p = skip_space(s + 1, end - 1);
        size_t w = word_len(p, (size_t)(end - 1 - p));
        if (w && is_number(p, w) && skip_space(p + w, end - 1) == end - 1) {
            *bare = true;
            return 2;
        }
        return 0;
    }

    size_t w = word_len(s, n);
    /* A numeral alone: "IV", "IV.", "12", "12." */
    if (is_number(s, w) && rest_is_bare(s + w, end) && !word_in(s, w, number_words)) {
        /* a lone "I" is more often the pronoun in verse than a chapter */
        if (w == 1 && s[0] == 'I' && n == 1)
            return 0;
        *bare = true;
        return 2;
    }

    int cls = 0;
    const char *p = s;
    /* "FIRST EPILOGUE", "SECOND PART" */
    if (word_in(s, w, number_words)) {
        const char *q = skip_space(s + w, end);
        size_t w2 = word_len(q, (size_t)(end - q));
        if (word_in(q, w2, part_words) || word_in(q, w2, matter_words)) {
            *bare = rest_is_bare(q + w2, end);
            return word_in(q, w2, part_words) ? 1 : 3;
        }
        return 0;
    }
    if (word_in(s, w, part_words))
        cls = 1;
    else if (word_in(s, w, chapter_words))
        cls = 2;
    else if (word_in(s, w, matter_words)) {
        /* "PREFACE" alone, or "EPILOGUE: 1813", but not "Prologue to a
         * longer story told later" */
        const char *q = s + w;
        if (rest_is_bare(q, end) || *q == ':' || *q == '.')
            return *bare = rest_is_bare(q, end), 3;
        return 0;
    } else
        return 0;

    /* The keyword must be followed by a number. Headings are short. */
    p = skip_space(s + w, end);
    if (p == s + w || p == end)
        return 0;
    size_t nw = word_len(p, (size_t)(end - p));
    if (!is_number(p, nw))
        return 0;
    if (n > 100 && cls != 2)
        return 0;
    *bare = rest_is_bare(p + nw, end);
    return cls;
}

bool txt_is_break_line(const char *s, size_t n)
{
    if (n == 0 || n > 60)
        return false;
    size_t marks = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += rod_utf8_decode(s + i, n - i, &cp);
        switch (cp) {
        case ' ': case '\t': case 0xA0:
            break;
        case '*': case '#': case '~': case '-': case '=': case '_': case '+':
        case 0x2013: case 0x2014: case 0x2015: case 0x2022: case 0x00B7:
        case 0x2042: case 0x2043: case 0x25C7: case 0x25C6: case 0x2726:
            marks++;
            break;
        default:
            return false;
        }
    }
    return marks > 0;
}

char txt_underline(const txt_line *title, const txt_line *under)
{
    if (under->len < 3 || !strchr("=-*~", under->s[0]) || title->len == 0 || title->chars > 100)
        return 0;
    for (size_t i = 1; i < under->len; i++)
        if (under->s[i] != under->s[0])
            return 0;
    if (under->len * 2 < title->chars || under->len > (size_t)title->chars * 2 + 3 ||
        txt_is_break_line(title->s, title->len))
        return 0;
    return under->s[0];
}

const char *txt_guess_lang(const char *s, size_t n)
{
    static const struct { const char *lang; const char *words[8]; } table[] = {
        {"en", {"the", "and", "of", "to", "was", "that", "with", "his"}},
        {"de", {"und", "der", "die", "das", "nicht", "ich", "sich", "ist"}},
        {"fr", {"le", "la", "les", "et", "est", "une", "dans", "qui"}},
        {"nl", {"de", "het", "een", "en", "van", "niet", "zijn", "dat"}},
        {"es", {"el", "los", "las", "que", "por", "una", "con", "del"}},
        {"it", {"il", "che", "della", "non", "per", "una", "con", "gli"}},
    };
    enum { NLANG = sizeof table / sizeof table[0] };
    size_t score[NLANG] = {0};
    size_t cyrillic = 0, letters = 0;
    if (n > 200000)
        n = 200000;
    size_t i = 0;
    while (i < n) {
        while (i < n && !isalpha((unsigned char)s[i]) && (unsigned char)s[i] < 0x80)
            i++;
        size_t start = i;
        while (i < n && (isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)) {
            if ((unsigned char)s[i] == 0xD0 || (unsigned char)s[i] == 0xD1)
                cyrillic++;
            i++;
        }
        size_t w = i - start;
        letters += w;
        if (w == 0 || w > 6)
            continue;
        for (int l = 0; l < NLANG; l++)
            for (int k = 0; k < 8; k++)
                if (strlen(table[l].words[k]) == w && strncasecmp(s + start, table[l].words[k], w) == 0)
                    score[l]++;
    }
    if (letters && cyrillic * 4 > letters / 2)
        return "ru";
    size_t best = 0;
    for (int l = 1; l < NLANG; l++)
        if (score[l] > score[best])
            best = (size_t)l;
    return score[best] >= 20 ? table[best].lang : NULL;
}

bool txt_mostly_rtl(const char *s, size_t n)
{
    /* a lead byte per letter: ASCII letters and U+0080..U+058F are left to
     * right, U+0590..U+08FF (lead bytes D6..DF, E0 A0..A3) right to left;
     * other scripts do not vote. A byte count, not ICU: formats/ knows
     * nothing of ICU, and the direction of a whole book is all it asks. */
    size_t ltr = 0, rtl = 0;
    if (n > 200000)
        n = 200000;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80)
            ltr += isalpha(c) != 0;
        else if (c >= 0xC3 && c <= 0xD5)
            ltr++;
        else if (c >= 0xD6 && c <= 0xDF)
            rtl++;
        else if (c == 0xE0 && i + 1 < n && (unsigned char)s[i + 1] >= 0xA0 && (unsigned char)s[i + 1] <= 0xA3)
            rtl++;
    }
    return rtl > ltr;
}
