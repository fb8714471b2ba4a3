/* cmd_render.c — `rod render BOOK`: one page drawn to a PNG, headless.
 *
 * The page is laid out and drawn by the same code the reader window uses
 * (rod_layout, rod_render_page) into an off-screen SDL surface, then saved
 * with SDL2_image through rod_out (rod_outfile.h), so an existing PNG is
 * replaced whole or not at all and the book is never written over. No
 * display is needed. --at finds the page holding a
 * position, laying out only that chapter.
 */
#include <SDL.h>
#include <SDL_image.h>
#include <stdio.h>

#include "cli.h"
#include "layout_args.h"
#include "rod_outfile.h"

static const char help[] =
    "usage: rod render [OPTIONS] BOOK [-o PAGE.png]\n"
    "\n"
    "Draws one page of BOOK as the reader shows it and saves it as PNG\n"
    "(default: page-N.png). No display is needed.\n"
    "\n"
    "  --page N         the page to draw, from 1 (default 1)\n"
    "  --at B:O         the page holding position B:O (block, offset)\n"
    "  -o, --output F   the PNG to write\n"
    "  --width W        page width in pixels (default 800)\n"
    "  --height H       page height in pixels (default 1100)\n"
    "  --font FAMILY    the book face: an installed family or a font file\n"
    "                   (default EB Garamond, else the system's serif)\n"
    "  --size PX        body text size in pixels (default 22)\n"
    "  --spacing F      line height as a multiple of the size (default 1.4)\n"
    "  --margins N|X,Y  margins in pixels (default 72,64)\n"
    "  --ragged         ragged right instead of justified\n"
    "  --no-hyphens     no hyphenation\n"
    "  --greedy         first-fit line breaking instead of Knuth-Plass\n"
    "  --flow           do not start top-level sections on a new page\n"
    "  --theme T        day, sepia, night or terok-nor (default day)\n"
    "  --from FMT       read BOOK as FMT whatever its name says\n"
    "  -h, --help       this help\n"
    "\n"
    "Example:\n"
    "  rod render war-and-peace.rod --page 12 --theme sepia -o p12.png\n";

/* SDL_image writes through an SDL_RWops; this one writes to the
 * temporary of a rod_out (rod_outfile.h). */
static size_t rw_write(SDL_RWops *rw, const void *data, size_t size, size_t n)
{
    rod_out *o = rw->hidden.unknown.data1;
    return rod_out_write(o, data, size * n, NULL) == ROD_OK ? n : 0;
}

static int rw_close(SDL_RWops *rw)
{
    SDL_FreeRW(rw);
    return 0;
}

/* The page as a PNG at path, put in place atomically, never over the book. */
static int save_png(SDL_Surface *surface, const char *path, const char *book)
{
    rod_diag d = ROD_DIAG_INIT(path);
    rod_out o;
    rod_err err = rod_out_open(&o, path, 0, &book, 1, &d);
    SDL_RWops *rw = err == ROD_OK ? SDL_AllocRW() : NULL;
    if (rw) {
        rw->type = SDL_RWOPS_UNKNOWN;
        rw->write = rw_write;
        rw->close = rw_close;
        rw->hidden.unknown.data1 = &o;
        if (IMG_SavePNG_RW(surface, rw, 1) != 0) {
            rod_error(&d, 0, 0, "cannot write the page: %s", IMG_GetError());
            err = ROD_ERR_IO;
        }
    } else if (err == ROD_OK) {
        err = ROD_ERR_NOMEM;
    }
    if (err == ROD_OK)
        err = rod_out_commit(&o, &d);
    else
        rod_out_abort(&o);      /* also safe after a failed open */
    rod_diag_print(&d, stderr);
    rod_diag_free(&d);
    return cli_exit_code(err);
}

int cmd_render(int argc, char **argv)
{
    layout_args a;
    int rc = layout_args_parse("render", help, argc, argv, &a);
    if (rc >= 0)
        return rc;
    layout_session s;
    rc = layout_session_open("render", &a, &s);
    if (rc >= 0)
        return rc;
    const rod_page *page = NULL;
    size_t number = a.page ? a.page - 1 : 0;
    if (a.has_at) {
        size_t chapter, index;
        /* the book's page number is only needed to name the file */
        if (!rod_layout_locate(s.layout, a.at, &chapter, &index, a.output ? NULL : &number)) {
            layout_session_close(&s);
            return cli_usage_error("render", "%zu:%zu is not a position in this book", a.at.block,
                                   a.at.offset);
        }
        page = rod_layout_chapter_page(s.layout, chapter, index);
    } else {
        page = rod_layout_page(s.layout, number);
        if (!page) {
            size_t total = rod_layout_page_count(s.layout);
            layout_session_close(&s);
            return cli_usage_error("render", "page %u is past the end: the book has %zu pages at these settings",
                                   a.page, total);
        }
    }
    char name[64];
    const char *out = a.output;
    if (!out) {
        snprintf(name, sizeof name, "page-%zu.png", number + 1);
        out = name;
    }
    SDL_Surface *surface = SDL_CreateRGBSurfaceWithFormat(0, a.opts.width, a.opts.height, 32,
                                                          SDL_PIXELFORMAT_RGB888);
    if (!surface) {
        cli_error("render: cannot make a %dx%d image: %s", a.opts.width, a.opts.height, SDL_GetError());
        layout_session_close(&s);
        return EXIT_IO;
    }
    rod_palette pal = rod_theme_palette(a.theme);
    SDL_FillRect(surface, NULL, SDL_MapRGB(surface->format, pal.page >> 16, (pal.page >> 8) & 0xFF, pal.page & 0xFF));
    rod_render_page(surface, 0, page, s.fonts, s.images, pal);
    rc = save_png(surface, out, a.book);
    if (rc == EXIT_OK && !a.output)
        fprintf(stderr, "rod: wrote %s\n", out);
    SDL_FreeSurface(surface);
    layout_session_close(&s);
    return rc;
}
