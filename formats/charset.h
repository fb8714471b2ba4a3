/* charset.h — a document's bytes as clean UTF-8 before any parser sees
 * them, whatever encoding they were in. Not a public interface.
 *
 *   rod_buf utf8 = ROD_BUF_INIT;
 *   const char *text; size_t n;
 *   if (charset_document(data, len, CHARSET_XML, &utf8, &text, &n, diag) == ROD_OK)
 *       parse(text, n);               // UTF-8 without a BOM; ignore its declaration
 *   rod_buf_free(&utf8);
 *
 * The encoding comes from a byte-order mark, else the XML declaration,
 * else (HTML) a <meta> charset, else it is UTF-8 — for HTML, whatever
 * charset_guess finds, as browsers guess. Bytes that
 * are not valid in that encoding become U+FFFD and characters XML forbids
 * are dropped: one bad byte costs one character, never the rest of the
 * book (libxml2's own converters stop at it). One warning names the line
 * and column of the first and how many there were.
 *
 * Conversion is ICU's (ucnv), which knows every encoding libxml2 would
 * have asked iconv for, under the same names; a name it does not know is
 * read as UTF-8 with a warning.
 *
 * Ownership: *text is either data itself (already clean UTF-8, the common
 * case: nothing is copied) or out's contents; out belongs to the caller.
 * Errors: ROD_ERR_NOMEM only.
 */
#ifndef ROD_CHARSET_H
#define ROD_CHARSET_H

#include <stdbool.h>
#include <stddef.h>

#include "rod_buf.h"
#include "rod_diag.h"

typedef enum charset_kind { CHARSET_XML, CHARSET_HTML } charset_kind;

rod_err charset_document(const char *data, size_t len, charset_kind kind, rod_buf *out,
                         const char **text, size_t *n, rod_diag *diag);

/* What a conversion had to fix. */
typedef struct charset_fixes {
    size_t count;           /* bytes replaced and characters dropped */
    size_t first;           /* offset in the output of the first, if count */
} charset_fixes;

/* Appends data, in `encoding` (any name ICU knows), to out as clean UTF-8,
 * adding to *fixes: each sequence the converter refuses is one U+FFFD.
 * False, with nothing appended, when ICU does not know the encoding;
 * out->failed when memory ran out. */
bool charset_convert(const char *data, size_t len, const char *encoding, rod_buf *out,
                     charset_fixes *fixes);

/* Appends UTF-8 that may be damaged to out, repaired (rod_utf8_repair),
 * adding to *fixes. */
void charset_repair(const char *data, size_t len, rod_buf *out, charset_fixes *fixes);

/* The one warning for *fixes, at the line and column of the first in
 * text[0..n) (the converted text): "N characters that are not valid
 * ENCODING text were replaced or dropped (the first here)". */
void charset_warn(rod_diag *diag, const char *text, size_t n, const charset_fixes *fixes,
                  const char *encoding);

/* True when s[0..n) holds nothing but white space and byte-order marks
 * (UTF-8's, or UTF-16's followed by UTF-16 white space): an empty
 * document, whatever its format. */
bool charset_blank(const char *s, size_t n);

/* The encoding of s[0..n), which declares none (plain text, HTML without
 * a charset; a byte-order mark has been looked for already): NULL for
 * UTF-8, else a static name ICU converts. UTF-16 without a mark is told by
 * its zero bytes, UTF-8 by charset_mostly_utf8, the rest by uchardet
 * (windows-1251, KOI8-R, windows-1255, Shift_JIS, GB18030, EUC-KR,
 * ISO-8859-2...); windows-1252 when none of them knows. Never fails. */
const char *charset_guess(const char *s, size_t n);

/* True when text with high bytes is mostly valid UTF-8 (a few damaged
 * sequences leave it UTF-8; many mean a single-byte encoding). */
bool charset_mostly_utf8(const char *s, size_t n);

#endif
