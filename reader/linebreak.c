/* linebreak.c — where a line may end: Unicode line breaking (UAX #14).
 *
 * The one file that uses ICU's break iterator. ICU knows the rules we want
 * and would otherwise write by hand: no break before closing punctuation
 * or at a no-break space, a break after an em dash, a zero-width space or
 * a soft hyphen, a forced break after a line feed (our br). The iterator
 * reads the UTF-8 text in place through a UText, so offsets come back as
 * byte offsets and nothing is converted to UTF-16.
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
    char lang[16];
    UBreakIterator *it;
} lb_slot;

static _Thread_local lb_slot cache[LB_CACHE];
static _Thread_local unsigned next_victim;

static UBreakIterator *iterator(const char *lang)
{
    char key[16];
    snprintf(key, sizeof key, "%s", lang && strcmp(lang, "und") != 0 ? lang : "");
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

bool lb_opportunities(const char *text, size_t len, const char *lang, uint8_t *kinds)
{
    memset(kinds, LB_NONE, len + 1);
    if (len == 0 || len > INT32_MAX)
        return len == 0;
    UBreakIterator *it = iterator(lang);
    if (!it)
        return false;
    UErrorCode status = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, text, (int64_t)len, &status);
    if (U_FAILURE(status))
        return false;
    ubrk_setUText(it, ut, &status);
    if (U_FAILURE(status)) {
        utext_close(ut);
        return false;
    }
    for (int32_t at = ubrk_next(it); at != UBRK_DONE; at = ubrk_next(it)) {
        if (at <= 0 || (size_t)at > len)
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
    for (size_t i = 1; i + 2 < len; i++)
        if (kinds[i] == LB_ALLOWED && (unsigned char)text[i] == 0xE2 && (unsigned char)text[i + 1] == 0x80 &&
            (unsigned char)text[i + 2] == 0x94 && text[i - 1] != ' ')
            kinds[i] = LB_NONE;
    return true;
}
