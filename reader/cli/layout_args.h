/* layout_args.h — the options `rod render` and `rod paginate` share: page
 * size, font, size, spacing, margins, justification, hyphenation, theme,
 * and which page (by number or by position).
 *
 * layout_args_parse() fills a layout_args from argv and returns -1 to go
 * on, or an exit code (help printed: EXIT_OK; bad option: EXIT_USAGE).
 * Strings in it are borrowed from argv.
 */
#ifndef ROD_LAYOUT_ARGS_H
#define ROD_LAYOUT_ARGS_H

#include <stdbool.h>

#include "rod_format.h"
#include "rod_layout.h"
#include "rod_render.h"

typedef struct layout_args {
    rod_layout_opts opts;
    const char *font;           /* family or file; NULL: default */
    rod_theme theme;
    unsigned page;              /* 1-based; 0: not given */
    bool has_at;
    rod_pos at;
    const char *output;
    bool stats;
    bool text;                  /* paginate: the pages' text */
    rod_read_opts read;
    const char *book;
} layout_args;

int layout_args_parse(const char *command, const char *help, int argc, char **argv, layout_args *a);

/* A book opened for layout: the document, its fonts, images and layout. */
typedef struct layout_session {
    rod_doc *doc;
    rod_fonts *fonts;
    rod_images *images;
    rod_layout *layout;
    const char *book;           /* borrowed from the layout_args */
} layout_session;

/* Reads the book, finds the fonts and sets up the layout. Returns -1 on
 * success or the exit code after printing why not. */
int layout_session_open(const char *command, layout_args *a, layout_session *s);
/* Frees the session, first warning once for each script of the book's
 * text (as far as it was measured or drawn) that no installed font can
 * show, with the Debian package that would add a face. */
void layout_session_close(layout_session *s);

#endif
