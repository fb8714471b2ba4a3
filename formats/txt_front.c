/* txt_front.c — finds where the story starts and ends in a plain-text book.
 *
 * Project Gutenberg wraps every text in a header (title, author, language,
 * "*** START OF ...") and a licence footer ("*** END OF ..." and several
 * hundred lines of legal text); story archives put a "Work Header" block of
 * tags and statistics before "Work Text:". Neither is part of the book. This
 * file narrows the text to the story and lifts the metadata into the head.
 *
 * Text is cut only at a real marker: the START line (looked for in the
 * first 1200 lines), a licence line ("*** END OF ... GUTENBERG", "*** START:
 * FULL LICENSE") anywhere after it, and the "End of the Project Gutenberg"
 * line only where the licence or the end of the file follows it — so a
 * novel that quotes that line, or several copies of a story each ending
 * with it, keep every word. Every cut is counted in the stats and named in
 * a warning with its lines and words. An earlier version looked for the
 * footer in the last third of the file and cut at the first footer line it
 * met there, which silently dropped the fourth of four copies of a story.
 */
#include "txt_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "rod_utf8.h"

/* Letters and digits make a token a word: ASCII ones, and anything beyond
 * Latin-1's symbols except general punctuation (dashes, ornaments), so
 * "—————" is no word and "Война" is one. */
static bool wordish(uint32_t cp)
{
    if (cp < 0x80)
        return isalnum((int)cp);
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7)
        return false;
    return !(cp >= 0x2000 && cp <= 0x2BFF) && cp != 0xFFFD && cp != 0xFFFC;
}

size_t txt_count_words(const char *s, size_t n)
{
    size_t words = 0;
    bool counted = false;
    for (size_t i = 0; i < n;) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
            counted = false;
            i++;
            continue;
        }
        uint32_t cp;
        i += rod_utf8_decode(s + i, n - i, &cp);
        if (!counted && wordish(cp)) {
            words++;
            counted = true;
        }
    }
    return words;
}

static bool starts_with_ci(const txt_line *l, const char *prefix)
{
    size_t n = strlen(prefix);
    return l->len >= n && strncasecmp(l->s, prefix, n) == 0;
}

static bool contains_ci(const txt_line *l, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= l->len; i++)
        if (strncasecmp(l->s + i, needle, n) == 0)
            return true;
    return false;
}

/* What one kind of cut dropped: the lines with text and the words, in
 * `times` places, the first of them the file's lines [from, last]. */
typedef struct cut {
    size_t from, last, lines, words, times;
} cut;

/* Adds lines [from, to) to c and to stats. */
static void cut_lines(const txt_text *t, size_t from, size_t to, cut *c, rod_txt_stats *stats)
{
    size_t lines = 0, words = 0, last = from;
    for (size_t i = from; i < to; i++) {
        if (t->lines[i].len) {
            lines++;
            last = i;
        }
        words += txt_count_words(t->lines[i].s, t->lines[i].len);
    }
    stats->dropped_lines += lines;
    stats->dropped_words += words;
    if (!lines)
        return;
    if (!c->times++) {     /* lines of the file, for the message */
        c->from = t->lines[from].no;
        c->last = t->lines[last].no;
    }
    c->lines += lines;
    c->words += words;
}

/* Says what c dropped in one warning naming its lines (up to the last that
 * holds text): nothing leaves a text without a word about it. */
static void warn_cut(rod_diag *diag, const cut *c, const char *what)
{
    if (!c->times)
        return;
    char where[64];
    if (c->last == c->from)
        snprintf(where, sizeof where, "line %zu", c->from + 1);
    else
        snprintf(where, sizeof where, "lines %zu-%zu", c->from + 1, c->last + 1);
    if (c->times > 1)
        rod_warn(diag, (unsigned)(c->from + 1), 1,
                 "dropped %s %zu times, first at %s: %zu words in %zu lines of text", what,
                 c->times, where, c->words, c->lines);
    else if (c->lines == 1)
        rod_warn(diag, (unsigned)(c->from + 1), 1, "dropped %s, %s: %zu words", what, where,
                 c->words);
    else
        rod_warn(diag, (unsigned)(c->from + 1), 1, "dropped %s, %s: %zu words in %zu lines of text",
                 what, where, c->words, c->lines);
}

static void drop_lines(const txt_text *t, size_t from, size_t to, const char *what,
                       rod_txt_stats *stats, rod_diag *diag)
{
    cut c = {0};
    cut_lines(t, from, to, &c, stats);
    warn_cut(diag, &c, what);
}

static const struct { const char *name, *code; } languages[] = {
    {"English", "en"}, {"French", "fr"}, {"German", "de"}, {"Russian", "ru"},
    {"Dutch", "nl"}, {"Spanish", "es"}, {"Italian", "it"}, {"Portuguese", "pt"},
    {"Latin", "la"}, {"Finnish", "fi"}, {"Swedish", "sv"}, {"Danish", "da"},
    {"Norwegian", "no"}, {"Polish", "pl"}, {"Greek", "el"}, {"Chinese", "zh"},
    {"Japanese", "ja"}, {"Hungarian", "hu"}, {"Czech", "cs"}, {"Esperanto", "eo"},
    {"Ukrainian", "uk"}, {"Catalan", "ca"}, {"Welsh", "cy"}, {"Irish", "ga"},
};

static const char *language_code(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof languages / sizeof languages[0]; i++) {
        size_t k = strlen(languages[i].name);
        if (n >= k && strncasecmp(s, languages[i].name, k) == 0)
            return languages[i].code;
    }
    return NULL;
}

/* "Key: value" at the start of a line: stores the value. */
static bool field(const txt_line *l, const char *key, const char **value, size_t *len)
{
    size_t k = strlen(key);
    if (l->len <= k + 1 || strncasecmp(l->s, key, k) != 0 || l->s[k] != ':')
        return false;
    const char *v = l->s + k + 1;
    size_t n = l->len - k - 1;
    while (n && *v == ' ') {
        v++;
        n--;
    }
    if (!n)
        return false;
    *value = v;
    *len = n;
    return true;
}

/* "... EBook of TITLE, by AUTHOR" (Gutenberg's first line and its footer). */
static void title_from_ebook_line(const txt_line *l, txt_meta *meta)
{
    static const char marker[] = "ebook of ";
    for (size_t i = 0; i + sizeof marker - 1 < l->len; i++) {
        if (strncasecmp(l->s + i, marker, sizeof marker - 1) != 0)
            continue;
        const char *title = l->s + i + sizeof marker - 1;
        size_t rest = l->len - (size_t)(title - l->s);
        for (size_t j = 0; j + 5 <= rest; j++) {
            if (strncmp(title + j, ", by ", 5) == 0) {
                if (!meta->title) {
                    meta->title = title;
                    meta->title_len = j;
                }
                if (!meta->author && rest > j + 5) {
                    meta->author = title + j + 5;
                    meta->author_len = rest - j - 5;
                }
                return;
            }
        }
        if (!meta->title) {
            meta->title = title;
            meta->title_len = rest;
        }
        return;
    }
}

static bool is_start_marker(const txt_line *l)
{
    return (starts_with_ci(l, "*** START OF") || starts_with_ci(l, "***START OF") ||
            starts_with_ci(l, "*END*THE SMALL PRINT")) &&
           (contains_ci(l, "GUTENBERG") || contains_ci(l, "SMALL PRINT"));
}

/* The lines that open the licence and nothing else: "*** END OF THE
 * PROJECT GUTENBERG EBOOK ..." and the licence's own heading. */
static bool is_end_marker(const txt_line *l)
{
    return ((starts_with_ci(l, "*** END OF") || starts_with_ci(l, "***END OF")) &&
            contains_ci(l, "GUTENBERG")) ||
           starts_with_ci(l, "*** START: FULL LICENSE");
}

/* "End of the Project Gutenberg EBook of TITLE, by AUTHOR": the footer's
 * first line, but a story can quote it, so it ends the story only where
 * the licence or the end of the file comes right after it. */
static bool is_end_line(const txt_line *l)
{
    return starts_with_ci(l, "End of the Project Gutenberg") ||
           starts_with_ci(l, "End of Project Gutenberg");
}

enum { FOOTER_LINES = 3 };  /* "End of ..." wraps over two lines at most, then the author */

/* The footer's first line for a licence marker at `marker`: the "End of
 * the Project Gutenberg" line among the few lines right above it, or the
 * marker itself. The search stops at a blank line and at `from`, so the
 * story's last lines, even with no blank line before the footer, stay. */
static size_t footer_above(const txt_text *t, size_t from, size_t marker)
{
    size_t j = marker;
    while (j > from && t->lines[j - 1].len == 0)
        j--;
    for (size_t k = j; k > from && j - k < FOOTER_LINES && t->lines[k - 1].len; k--)
        if (is_end_line(&t->lines[k - 1]))
            return k - 1;
    return marker;
}

/* Where the story after `from` ends: at the first licence marker (and the
 * "End of" line above it), else at an "End of the Project Gutenberg" line
 * that only blank lines follow; t->n when there is no footer. */
static size_t footer_at(const txt_text *t, size_t from, size_t *marker)
{
    for (size_t i = from; i < t->n; i++) {
        if (is_end_marker(&t->lines[i])) {
            *marker = i;
            return footer_above(t, from, i);
        }
    }
    *marker = t->n;
    size_t last = t->n;
    while (last > from && t->lines[last - 1].len == 0)
        last--;
    for (size_t k = last; k > from && last - k < FOOTER_LINES && t->lines[k - 1].len; k--)
        if (is_end_line(&t->lines[k - 1]))
            return k - 1;
    return t->n;
}

/* The first line of the story after the START marker at `marker`:
 * production credits directly after the marker are not the book. */
static size_t story_after(const txt_text *t, size_t marker)
{
    size_t i = marker + 1;
    while (i < t->n && t->lines[i].len == 0)
        i++;
    if (i < t->n && (starts_with_ci(&t->lines[i], "Produced by") ||
                     starts_with_ci(&t->lines[i], "E-text prepared by") ||
                     starts_with_ci(&t->lines[i], "This etext was produced by") ||
                     starts_with_ci(&t->lines[i], "Transcribed from"))) {
        while (i < t->n && t->lines[i].len)
            i++;
        return i;
    }
    return marker + 1;
}

static void read_header(const txt_text *t, size_t header_end, txt_meta *meta)
{
    for (size_t i = 0; i < header_end; i++) {
        const txt_line *l = &t->lines[i];
        const char *v;
        size_t n;
        if (field(l, "Title", &v, &n)) {
            meta->title = v;
            meta->title_len = n;
            /* An indented line right below continues it: an alternative
             * title, kept as the subtitle. */
            if (i + 1 < header_end && t->lines[i + 1].len && t->lines[i + 1].indent >= 4) {
                meta->subtitle = t->lines[i + 1].s;
                meta->subtitle_len = t->lines[i + 1].len;
            }
        } else if (field(l, "Author", &v, &n)) {
            meta->author = v;
            meta->author_len = n;
        } else if (field(l, "Translator", &v, &n)) {
            meta->translator = v;
            meta->translator_len = n;
        } else if (field(l, "Language", &v, &n)) {
            meta->lang = language_code(v, n);
        }
    }
}

/* A Project Gutenberg text: the header ends at the START marker, looked
 * for only near the top; the story runs to the licence marker or the
 * footer line, looked for everywhere after it but trusted only as
 * is_end_line() says. When another START marker follows the licence, the
 * file is several books one after another: the licence and header between
 * them are blanked (and reported) and the next book's story is kept. */
static bool strip_gutenberg(txt_text *t, txt_meta *meta, rod_txt_stats *stats, rod_diag *diag)
{
    size_t head_limit = t->n < 1200 ? t->n : 1200;
    size_t start = t->n;
    for (size_t i = 0; i < head_limit; i++) {
        if (is_start_marker(&t->lines[i])) {
            start = i;
            break;
        }
    }
    size_t first = start == t->n ? 0 : story_after(t, start);
    size_t marker, end = footer_at(t, first, &marker);
    cut between = {0};
    while (marker < t->n) {
        size_t next = marker + 1;
        while (next < t->n && !is_start_marker(&t->lines[next]))
            next++;
        if (next == t->n)
            break;
        size_t resume = story_after(t, next);
        cut_lines(t, end, resume, &between, stats);
        for (size_t i = end; i < resume; i++)
            t->lines[i].len = 0;
        end = footer_at(t, resume, &marker);
    }
    if (start == t->n && end == t->n)
        return false;

    read_header(t, start == t->n ? 0 : start, meta);
    if (start > 0 && start < t->n && !meta->title)
        title_from_ebook_line(&t->lines[0], meta);
    if (end < t->n && !meta->title)
        title_from_ebook_line(&t->lines[end], meta);

    drop_lines(t, 0, first, "the Project Gutenberg header", stats, diag);
    warn_cut(diag, &between, "the Project Gutenberg licence and header between two books");
    drop_lines(t, end, t->n, "the Project Gutenberg footer and licence", stats, diag);
    t->first = first;
    t->end = end;
    return true;
}

/* Letter case for the scripts title pages are set in: 1 upper, -1 lower,
 * 0 not a letter or a script this does not know. formats/ does not link
 * ICU, and towupper() follows the process locale, which a library must not
 * depend on; Latin-1, Latin Extended-A, Greek and Cyrillic are enough to
 * tell a name ("Лев Толстой") from a title ("Война и мир"). */
static int letter_case(uint32_t cp)
{
    if (cp < 0x80)
        return isupper((int)cp) ? 1 : islower((int)cp) ? -1 : 0;
    if (cp >= 0xC0 && cp <= 0xFF && cp != 0xD7 && cp != 0xF7)
        return cp <= 0xDE ? 1 : -1;
    if (cp >= 0x100 && cp <= 0x17F) {
        if (cp == 0x138 || cp == 0x149 || cp == 0x17F)
            return -1;
        if (cp == 0x178)
            return 1;
        bool odd_upper = (cp >= 0x139 && cp <= 0x148) || cp >= 0x179;
        return (cp & 1) == odd_upper ? 1 : -1;
    }
    if (cp >= 0x391 && cp <= 0x3A9)
        return 1;
    if (cp >= 0x3AC && cp <= 0x3CE)
        return -1;
    if (cp >= 0x400 && cp <= 0x42F)
        return 1;
    if (cp >= 0x430 && cp <= 0x45F)
        return -1;
    return 0;
}

/* One word of a person's name: "Tolstoy", "Jean-Paul", "O'Brien", an
 * initial or initials ("L.", "Л.Н."). Lower-case particles are counted
 * apart by the caller. */
static bool name_word(const char *w, size_t n)
{
    size_t i = 0;
    bool initials = true;
    /* initials: an upper-case letter and a dot, once or more */
    while (i < n) {
        uint32_t cp;
        size_t k = rod_utf8_decode(w + i, n - i, &cp);
        if (letter_case(cp) != 1 || i + k >= n || w[i + k] != '.') {
            initials = false;
            break;
        }
        i += k + 1;
    }
    if (initials && n)
        return true;
    /* a capitalised word, its parts joined by - or ' each capitalised */
    i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = rod_utf8_decode(w + i, n - i, &cp);
        if (letter_case(cp) != 1)
            return false;
        i += k;
        size_t lower = 0;
        while (i < n) {
            k = rod_utf8_decode(w + i, n - i, &cp);
            if (letter_case(cp) != -1)
                break;
            i += k;
            lower++;
        }
        if (!lower && i < n)
            return false;
        if (i == n)
            return lower > 0;
        if (w[i] == '-' || w[i] == '\'')
            i++;
        else
            return false;
    }
    return false;
}

/* A line that reads as a person's name: two to four capitalised words or
 * initials, with at most two particles (von, de, ...) between them. */
static bool looks_like_name(const txt_line *l)
{
    static const char *const particles[] = {
        "von", "van", "de", "du", "da", "di", "del", "der", "den", "la", "le", "ten", "ter",
        "zu", "y", "bin", "ibn", NULL,
    };
    size_t words = 0, parts = 0;
    bool last_particle = false;
    for (size_t i = 0; i < l->len;) {
        while (i < l->len && l->s[i] == ' ')
            i++;
        size_t from = i;
        while (i < l->len && l->s[i] != ' ')
            i++;
        size_t n = i - from;
        if (!n)
            continue;
        bool particle = false;
        for (size_t k = 0; particles[k]; k++)
            particle |= n == strlen(particles[k]) && memcmp(l->s + from, particles[k], n) == 0;
        if (particle) {
            if (!words || ++parts > 2)
                return false;
        } else if (!name_word(l->s + from, n)) {
            return false;
        } else {
            words++;
        }
        last_particle = particle;
    }
    return words >= 2 && words <= 4 && !last_particle;
}

/* "Война и мир. Книга 1": the volume after the work's title, split off as
 * the subtitle when it reads as a part heading (txt_heading_class). */
static void split_volume(txt_meta *page)
{
    static const char *const seps[] = {". ", ", ", ": ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", " - ", NULL};
    const char *s = page->title;
    size_t n = page->title_len;
    for (size_t i = n; i-- > 1;) {
        for (size_t k = 0; seps[k]; k++) {
            size_t m = strlen(seps[k]);
            if (i + m > n || memcmp(s + i, seps[k], m) != 0)
                continue;
            bool bare;
            if (txt_heading_class(s + i + m, n - i - m, &bare) != 1 || !bare)
                continue;
            page->subtitle = s + i + m;
            page->subtitle_len = n - i - m;
            page->title_len = i;
            return;
        }
    }
}

bool txt_title_page(const txt_text *t, txt_meta *page)
{
    size_t i = t->first;
    while (i < t->end && t->lines[i].len == 0)
        i++;
    if (i == t->end || t->lines[i].chars > 80)
        return false;
    const txt_line *first = &t->lines[i];
    page->title = first->s;
    page->title_len = first->len;
    /* the block of short lines under it, up to three */
    size_t n = 1;
    while (n < 4 && i + n < t->end && t->lines[i + n].len && t->lines[i + n].chars <= 80)
        n++;
    bool block_ends = i + n == t->end || t->lines[i + n].len == 0;
    for (size_t j = 1; j < n; j++) {
        const txt_line *by = &t->lines[i + j];
        if (by->len > 3 && (!strncmp(by->s, "by ", 3) || !strncmp(by->s, "By ", 3))) {
            page->author = by->s + 3;
            page->author_len = by->len - 3;
            split_volume(page);
            return true;
        }
    }
    /* Name over title: a short block whose first line is a name and whose
     * second is not, starts with no lower-case letter, is no heading and
     * ends no clause of a sentence running on. */
    if (block_ends && n >= 2 && n <= 3 && looks_like_name(first)) {
        const txt_line *second = &t->lines[i + 1];
        uint32_t cp;
        rod_utf8_decode(second->s, second->len, &cp);
        bool heading, bare;
        heading = txt_heading_class(second->s, second->len, &bare) != 0;
        char last = second->s[second->len - 1];
        if (!looks_like_name(second) && letter_case(cp) != -1 && !heading &&
            !memchr(",;:", last, 3)) {
            page->author = first->s;
            page->author_len = first->len;
            page->title = second->s;
            page->title_len = second->len;
        }
    }
    split_volume(page);
    return true;
}

static bool line_is(const txt_line *l, const char *s)
{
    return l->len == strlen(s) && memcmp(l->s, s, l->len) == 0;
}

static bool strip_archive(txt_text *t, txt_meta *meta, rod_txt_stats *stats, rod_diag *diag)
{
    size_t i = 0;
    while (i < t->n && t->lines[i].len == 0)
        i++;
    if (i == t->n || !line_is(&t->lines[i], "Work Header"))
        return false;
    size_t text_at = t->n;
    for (size_t j = i; j < t->n; j++) {
        if (line_is(&t->lines[j], "Work Text:")) {
            text_at = j;
            break;
        }
    }
    if (text_at == t->n)
        return false;
    for (size_t j = i + 1; j < text_at; j++) {
        const txt_line *l = &t->lines[j];
        const char *v;
        size_t n;
        if (field(l, "Language", &v, &n) && !meta->lang) {
            meta->lang = language_code(v, n);
        } else if (l->len > 3 && strncmp(l->s, "by ", 3) == 0 && j > i + 1 &&
                   t->lines[j - 1].len && !meta->title) {
            meta->title = t->lines[j - 1].s;
            meta->title_len = t->lines[j - 1].len;
            meta->author = l->s + 3;
            meta->author_len = l->len - 3;
        } else if (line_is(l, "Summary") && !meta->summary_first) {
            size_t k = j + 1;
            while (k < text_at && t->lines[k].len == 0)
                k++;
            size_t from = k;
            while (k < text_at && !line_is(&t->lines[k], "Notes") &&
                   !line_is(&t->lines[k], "Work Text:"))
                k++;
            while (k > from && t->lines[k - 1].len == 0)
                k--;
            if (k > from) {
                meta->summary_first = t->lines[from].s;
                meta->summary_lines = k - from;
            }
        }
    }
    drop_lines(t, 0, text_at + 1, "the story archive's work header", stats, diag);
    t->first = text_at + 1;
    /* "Chapter Text" marks where each chapter's story starts: a marker, not
     * words of the story. Blank it so the paragraph logic skips it. */
    cut markers = {0};
    for (size_t j = t->first; j < t->end; j++) {
        if (line_is(&t->lines[j], "Chapter Text")) {
            cut_lines(t, j, j + 1, &markers, stats);
            t->lines[j].len = 0;
        }
    }
    warn_cut(diag, &markers, "the story archive's \"Chapter Text\" marker");
    return true;
}

void txt_strip_front_back(txt_text *t, txt_meta *meta, rod_txt_stats *stats, rod_diag *diag)
{
    t->first = 0;
    t->end = t->n;
    if (!strip_gutenberg(t, meta, stats, diag))
        strip_archive(t, meta, stats, diag);
}
