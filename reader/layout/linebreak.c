/* linebreak.c — where a line may end: Unicode line breaking (UAX #14).
 *
 * The one file that uses ICU's break iterator. ICU knows the rules we want
 * and would otherwise write by hand: no break before closing punctuation
 * or at a no-break space, a break after an em dash, a zero-width space or
 * a soft hyphen, a forced break after a line feed (our br). The iterator
 * reads the UTF-8 text in place through a UText, so offsets come back as
 * byte offsets and nothing is converted to UTF-16. A long paragraph is
 * read a range at a time (lb_range), each range from a boundary on, so
 * the memory and the time are the range's.
 *
 * Japanese is broken by ICU's strict rules (the locale keyword lb=strict,
 * CSS's line-break: strict): besides the closing brackets and the
 * ideographic comma and full stop every mode keeps off a line's start,
 * small kana (ァ, っ, ょ), the prolonged sound mark ー and the iteration
 * marks never begin a line either, as Japanese typesetting (kinsoku
 * shori, JIS X 4051) asks; opening brackets never end one in any mode.
 * Chinese keeps ICU's normal rules, which are already those of Chinese
 * books (small kana and ー do not occur).
 *
 * Iterators are opened per language and kept (ubrk_open parses rules and
 * is the expensive part), one cache per thread because an iterator holds
 * its text.
 */
#include "layout_internal.h"

#include <stdio.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

enum { LB_CACHE = 8 };

typedef struct lb_slot {
    char lang[32];
    UBreakIterator *it;
} lb_slot;

static _Thread_local lb_slot cache[LB_CACHE];
static _Thread_local unsigned next_victim;

static UBreakIterator *iterator(const char *lang)
{
    char key[32];
    snprintf(key, sizeof key, "%s", lang && strcmp(lang, "und") != 0 ? lang : "");
    /* ja, ja-JP, ja_JP: the strict rules */
    if ((key[0] == 'j' || key[0] == 'J') && (key[1] == 'a' || key[1] == 'A') &&
        (key[2] == '\0' || key[2] == '-' || key[2] == '_'))
        snprintf(key + strlen(key), sizeof key - strlen(key), "@lb=strict");
    for (int i = 0; i < LB_CACHE; i++)
        if (cache[i].it && strcmp(cache[i].lang, key) == 0)
            return cache[i].it;
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *it = ubrk_open(UBRK_LINE, key, NULL, 0, &status);
    if (U_FAILURE(status))
        return NULL;
    lb_slot *slot = &cache[next_victim++ % LB_CACHE];
    if (slot->it)
        ubrk_close(slot->it);
    snprintf(slot->lang, sizeof slot->lang, "%s", key);
    slot->it = it;
    return it;
}

bool lb_range(const char *text, size_t len, const char *lang, size_t from, size_t to, uint8_t *kinds)
{
    memset(kinds, LB_NONE, to - from + 1);
    if (len - from == 0 || len - from > INT32_MAX)
        return len - from == 0;
    UBreakIterator *it = iterator(lang);
    if (!it)
        return false;
    /* The text is read from `from` on, as if it began there: ICU's rules
     * start afresh at every boundary (its own cache of boundaries works
     * so), so past a boundary the verdicts are the whole text's. Asking
     * the iterator about an offset far into a long text instead costs
     * time in proportion to the offset (a UTF-8 UText is walked from its
     * start), which made a long paragraph quadratic. */
    const char *t = text + from;
    size_t n = len - from;
    UErrorCode status = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, t, (int64_t)n, &status);
    if (U_FAILURE(status))
        return false;
    ubrk_setUText(it, ut, &status);
    if (U_FAILURE(status)) {
        utext_close(ut);
        return false;
    }
    for (int32_t at = ubrk_next(it); at != UBRK_DONE && (size_t)at <= to - from; at = ubrk_next(it)) {
        if (at <= 0)
            continue;
        int32_t rule = ubrk_getRuleStatus(it);
        kinds[at] = rule >= UBRK_LINE_HARD && rule < UBRK_LINE_HARD_LIMIT ? LB_FORCED : LB_ALLOWED;
    }
    /* The iterator keeps a pointer to the UText: point it at nothing. */
    ubrk_setText(it, NULL, 0, &status);
    utext_close(ut);
    /* Our one tailoring: UAX #14 allows a break before an em dash too;
     * books break after it, so a line never starts with one (unless a
     * space precedes it). */
    for (size_t i = from > 1 ? from : 1; i <= to && i + 2 < len; i++)
        if (kinds[i - from] == LB_ALLOWED && (unsigned char)text[i] == 0xE2 && (unsigned char)text[i + 1] == 0x80 &&
            (unsigned char)text[i + 2] == 0x94 && text[i - 1] != ' ')
            kinds[i - from] = LB_NONE;
    return true;
}

bool lb_opportunities(const char *text, size_t len, const char *lang, uint8_t *kinds)
{
    return lb_range(text, len, lang, 0, len, kinds);
}
