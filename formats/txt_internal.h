/* txt_internal.h — the pieces of the plain-text importer, shared between its
 * files (txt_read.c drives; txt_decode.c, txt_front.c and txt_heading.c do
 * one job each). Not a public interface.
 */
#ifndef ROD_TXT_INTERNAL_H
#define ROD_TXT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "rod_buf.h"
#include "rod_diag.h"
#include "rod_doc.h"
#include "rod_format.h"

/* One line of the decoded text, without its line feed. `s` points past the
 * leading white space (`indent` columns, a tab counting 4) and `len`
 * excludes trailing white space; an empty line has len 0. */
typedef struct txt_line {
    const char *s;
    size_t len;
    unsigned indent;
    unsigned chars;         /* code points in s[0..len) */
    size_t no;              /* its line in the file, from 0 (runs of blank
                             * lines are kept short, so not its index) */
} txt_line;

typedef struct txt_text {
    txt_line *lines;
    size_t n;
    size_t first, end;      /* the story: lines [first, end) */
} txt_text;

/* Decodes data to UTF-8 with LF line ends (appended to out); returns the
 * name of the encoding it found. */
const char *txt_decode(const char *data, size_t len, rod_buf *out, rod_diag *diag);

/* Metadata found around the story. Strings point into the text. */
typedef struct txt_meta {
    const char *title; size_t title_len;
    const char *subtitle; size_t subtitle_len;
    const char *author; size_t author_len;
    const char *translator; size_t translator_len;
    const char *lang;       /* static string, or NULL */
    const char *summary_first; size_t summary_lines;  /* archive summary */
} txt_meta;

/* Finds a Project Gutenberg header and licence footer, or a story-archive
 * export's header, narrows t->first/t->end to the story, fills meta and
 * counts what it dropped in stats, with a warning for each cut. */
void txt_strip_front_back(txt_text *t, txt_meta *meta, rod_txt_stats *stats, rod_diag *diag);

/* The title page of a text with no header: the first short line of the
 * story is the title, and a "by NAME" line under it the author — unless the
 * first line reads as a person's name and the second does not, as Russian
 * title pages set them ("Лев Николаевич Толстой" / "Война и мир. Книга 1"):
 * then the name is the author and the second line the title. A volume
 * after the title ("Книга 1", "Book Two") becomes the subtitle. Fills
 * page's title, subtitle and author (pointing into the text); false when
 * the story does not open with a line of 80 characters or fewer. */
bool txt_title_page(const txt_text *t, txt_meta *page);

/* Words (tokens holding a letter or digit) in s[0..n). */
size_t txt_count_words(const char *s, size_t n);

/* Heading classes: 0 none, 1 a part (BOOK, PART, VOLUME...), 2 a chapter
 * (CHAPTER, roman or arabic numeral alone...), 3 front or back matter
 * (PREFACE, EPILOGUE...), which sits at the top level. `bare` is set when
 * the line is only the keyword and its number, so a subtitle may follow. */
int txt_heading_class(const char *s, size_t n, bool *bare);

/* The character `under` repeats when it underlines `title` (setext,
 * reStructuredText, Texinfo's plain-text output): three or more of one of
 * = - * ~ and nothing else, about as long as the title (half to twice its
 * length), under a line that is not itself an ornament. 0 when it is no
 * underline: a rule much longer or shorter than the line above is one. */
char txt_underline(const txt_line *title, const txt_line *under);

/* True for a line that is only an ornament: "* * *", "#", "~~~", "———". */
bool txt_is_break_line(const char *s, size_t n);

/* A language guess ("en", "de", "fr", "ru", ...) from common words, or NULL. */
const char *txt_guess_lang(const char *s, size_t n);
/* True when most letters of s[0, n) are in a right-to-left script
 * (Hebrew, Arabic and their neighbours, U+0590..U+08FF): the book's
 * direction, which plain text cannot state (ROD-FORMAT §1). */
bool txt_mostly_rtl(const char *s, size_t n);

#endif
