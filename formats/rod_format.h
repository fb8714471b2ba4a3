/* rod_format.h — reading and writing books in every supported format.
 *
 * The command line, the reader app and the library all go through these
 * calls and never through a format's own functions, so a new format is one
 * entry in format.c.
 *
 *   rod_diag diag = ROD_DIAG_INIT(path);
 *   rod_doc *doc = NULL;
 *   rod_err err = rod_read_file(path, &opts, &diag, &doc);
 *   rod_diag_print(&diag, stderr);        // warnings even on success
 *   if (err == ROD_OK) { ...; rod_doc_free(doc); }
 *   rod_diag_free(&diag);
 *
 * Ownership: on ROD_OK the caller owns *out and frees it with
 * rod_doc_free(); on an error *out is NULL. Output buffers are the caller's.
 * Errors: ROD_ERR_INPUT for content that cannot be read (with a message in
 * diag naming line and column), ROD_ERR_IO for files that cannot be opened
 * or written, ROD_ERR_USAGE for a format that cannot do what is asked
 * (e.g. writing EPUB before that writer exists).
 */
#ifndef ROD_FORMAT_H
#define ROD_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "rod_buf.h"
#include "rod_diag.h"
#include "rod_doc.h"

typedef enum rod_format {
    ROD_FMT_UNKNOWN = 0,
    ROD_FMT_ROD,
    ROD_FMT_TXT,
    ROD_FMT_HTML,
    ROD_FMT_MD,
    ROD_FMT_EPUB,
    ROD_FMT_FB2,
} rod_format;

/* Largest input file rod reads: anything bigger is refused with a message
 * rather than exhausting memory. */
#define ROD_MAX_INPUT ((size_t)512 * 1024 * 1024)

/* "rod", "txt"/"text", "html"/"htm"/"xhtml", "md"/"markdown", "epub", "fb2"
 * (case-insensitive); ROD_FMT_UNKNOWN otherwise. */
rod_format rod_format_from_name(const char *name);
/* From a file name's extension (".fb2.zip" counts as fb2). */
rod_format rod_format_from_path(const char *path);
/* From the first bytes of the content. */
rod_format rod_format_sniff(const char *data, size_t len);
const char *rod_format_name(rod_format format);
bool rod_format_can_read(rod_format format);
bool rod_format_can_write(rod_format format);

typedef struct rod_read_opts {
    rod_format format;      /* ROD_FMT_UNKNOWN: from the name, then sniffed */
    bool smart;             /* curly quotes, dashes, ellipses (rod_smarten) */
    const char *lang;       /* language when the input does not say, or NULL */
    const char *title;      /* title when the input has none, or NULL */
    const char *path;       /* the file read (rod_read_file sets it): an HTML
                               file's images beside it are taken from its
                               folder and below; NULL: none are */
} rod_read_opts;

typedef struct rod_write_opts {
    rod_format format;      /* ROD_FMT_UNKNOWN: from the output name */
    unsigned width;         /* plain text: wrap at this many columns; 0 = no */
    bool body_only;         /* plain text: leave out the title page */
    const char *input;      /* the file the book was read from: never
                               overwritten (rod_outfile.h); may be NULL */
} rod_write_opts;

/* Reads a whole file ("-" is standard input) into a malloc'd buffer. */
rod_err rod_load_file(const char *path, char **data, size_t *len, rod_diag *diag);

rod_err rod_read_memory(const char *data, size_t len, const rod_read_opts *opts,
                        rod_diag *diag, rod_doc **out);
rod_err rod_read_file(const char *path, const rod_read_opts *opts,
                      rod_diag *diag, rod_doc **out);

rod_err rod_write_memory(const rod_doc *doc, const rod_write_opts *opts, rod_buf *out);
/* Writes to path ("-" is standard output) through rod_out_file()
 * (rod_outfile.h): a temporary synced and renamed into place, so after an
 * interruption or a power cut the file is the old book or the new one,
 * whole. ROD_ERR_USAGE when path is opts->input (the same file). */
rod_err rod_write_file(const rod_doc *doc, const char *path,
                       const rod_write_opts *opts, rod_diag *diag);

/* The readers and writers behind the calls above. Each reader returns a
 * finished document. */
rod_err rod_read_rod(const char *data, size_t len, rod_diag *diag, rod_doc **out);
/* The same with the ids and links as the file spells them: ids not
 * repaired by imp_fix_ids() (duplicates renamed, references that lead
 * nowhere dropped) and links not judged by rod_links_clean() (rod_link.h):
 * for the validator, which reports them. */
rod_err rod_read_rod_as_written(const char *data, size_t len, rod_diag *diag, rod_doc **out);
typedef struct rod_txt_stats {
    size_t dropped_lines;   /* Gutenberg header/footer, archive headers */
    size_t dropped_words;   /* words in those lines */
} rod_txt_stats;
rod_err rod_read_txt(const char *data, size_t len, const rod_read_opts *opts,
                     rod_diag *diag, rod_doc **out, rod_txt_stats *stats);

/* HTML and XHTML (one file), EPUB 2 and 3, FictionBook 2 (also zipped). */
rod_err rod_read_html(const char *data, size_t len, const rod_read_opts *opts,
                      rod_diag *diag, rod_doc **out);
rod_err rod_read_epub(const char *data, size_t len, const rod_read_opts *opts,
                      rod_diag *diag, rod_doc **out);
rod_err rod_read_fb2(const char *data, size_t len, const rod_read_opts *opts,
                     rod_diag *diag, rod_doc **out);

void rod_write_rod(const rod_doc *doc, rod_buf *out);
void rod_write_txt(const rod_doc *doc, const rod_write_opts *opts, rod_buf *out);
void rod_write_html(const rod_doc *doc, rod_buf *out);
void rod_write_md(const rod_doc *doc, rod_buf *out);
/* EPUB 3 (with an NCX for EPUB 2 readers) and FictionBook 2.1. */
void rod_write_epub(const rod_doc *doc, rod_buf *out);
void rod_write_fb2(const rod_doc *doc, rod_buf *out);
/* The elements whose dir FictionBook cannot keep (it has none; a book's
 * right-to-left dir comes back from its language). */
size_t rod_fb2_lost_dirs(const rod_doc *doc);
/* The same for Markdown, which keeps dir on the book, its body, blocks,
 * verse lines, list items of text and inline spans (pandoc's attributes)
 * but not on the head, notes, binaries or items of blocks. */
size_t rod_md_lost_dirs(const rod_doc *doc);

/* Checks a .rod file against formats/rod.rng and the rules the schema
 * cannot state (unique ids, references that resolve). Every problem goes
 * to diag; ROD_OK only when there are none. */
rod_err rod_validate(const char *data, size_t len, rod_diag *diag);

/* Turns straight quotes into curly ones by each block's language, "--" into
 * an em dash and "..." into an ellipsis, outside pre and code. The document
 * must be finished; it is finished again afterwards. */
rod_err rod_smarten(rod_doc *doc);

#endif
