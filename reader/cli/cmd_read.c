/* cmd_read.c — `rod read [BOOK]` (and `rod BOOK`, and `rod` alone): the
 * reader window.
 *
 * Parses the options and hands over to app_run(). Without a book the
 * window opens on the library view. --script and --bench drive the same
 * window without a person, for the tests and the benchmark.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "cli.h"

static const char help[] =
    "usage: rod read [OPTIONS] [BOOK]\n"
    "       rod BOOK\n"
    "\n"
    "Opens BOOK in the reader window at the place you left it, or the\n"
    "library when no book is named. Drop a book on the window to open it.\n"
    "Press F1 in the window for the keys; the main ones:\n"
    "  Right/Left, Space, PgDn/PgUp, clicks on the page's sides   turn pages\n"
    "  T contents   G go to   Ctrl+F or / search   F3 next match\n"
    "  Alt+Left/Alt+Right back/forward   Ctrl+= / Ctrl+- text size\n"
    "  1 2 3 4 themes Day, Sepia, Night, Terok Nor   S settings\n"
    "  D one or two pages   F11 full screen   L library   Q quit\n"
    "  select text with the mouse, then 1-6 highlight or N note   B bookmark\n"
    "  A all annotations, yours and other readers'   Ctrl+Z undo a delete\n"
    "  I reading statistics: time read, pages an hour, books finished\n"
    "\n"
    "Options:\n"
    "  --library PATH   the library database (default $ROD_LIBRARY, else\n"
    "                   $XDG_DATA_HOME/rod/library.db)\n"
    "  --at B:O         open at position B:O (block, offset)\n"
    "  --size WxH       window size in pixels\n"
    "  --scale F        pixels per CSS pixel (default: from the display)\n"
    "  --fullscreen     start full screen\n"
    "  --bench          turn pages and jump without a person and print\n"
    "                   frame-time percentiles and the time to the first page\n"
    "  --pages N        pages to turn in --bench (default 200)\n"
    "  --script FILE    run window commands from FILE (- for stdin): key NAME,\n"
    "                   type TEXT, click X Y, click-on WORD, click-beside WORD\n"
    "                   DX (px beyond its right edge, left when DX < 0),\n"
    "                   drag X1 Y1 X2 Y2, drag-on FIRST|LAST (from FIRST's\n"
    "                   first letter to LAST's last, in reading order),\n"
    "                   press|move|release X Y (or WORD [DX]), wheel DY [DX],\n"
    "                   resize W H, drop PATH, idle, print, print texts,\n"
    "                   shot FILE.png, advance SECONDS (the reading clocks\n"
    "                   move on), clock YYYY-MM-DDTHH:MM:SSZ (the wall clock\n"
    "                   alone), wait SECONDS (the window runs),\n"
    "                   wait-toast SECONDS TEXT (it runs until a new toast\n"
    "                   holds TEXT, at most SECONDS),\n"
    "                   quit, and expect words|shows|page|pos|anchor-shown|\n"
    "                   font|theme|panel|two|toast|books|first-book|pixel|inked|\n"
    "                   row N PATTERN (a panel's row as shown, a shell pattern)|\n"
    "                   order PART WORD... (drawn left to right in the head,\n"
    "                   footer, panel...)|text-side PART left|right WORD|\n"
    "                   marked WORD all|none|left|right (painted behind)|\n"
    "                   asking URL|opened URL (opened none: nothing yet;\n"
    "                   under a script an address is recorded, not opened)\n"
    "  --keep-settings  do not write the settings file\n"
    "  -h, --help       this help\n"
    "\n"
    "Settings (font, size, spacing, margins, theme, ...) are kept in\n"
    "$XDG_CONFIG_HOME/rod/settings.conf; reading positions in the library.\n"
    "Without a display (SSH, CI) the window cannot open: rod says so and exits\n"
    "with status 1; use SDL_VIDEODRIVER=offscreen with --script, or `rod render`.\n";

int cmd_read(int argc, char **argv, double launch_ms)
{
    enum { O_LIBRARY = 256, O_AT, O_SIZE, O_SCALE, O_FULL, O_BENCH, O_PAGES, O_SCRIPT, O_KEEP };
    static const struct option longopts[] = {
        {"library", required_argument, NULL, O_LIBRARY}, {"at", required_argument, NULL, O_AT},
        {"size", required_argument, NULL, O_SIZE},       {"scale", required_argument, NULL, O_SCALE},
        {"fullscreen", no_argument, NULL, O_FULL},       {"bench", no_argument, NULL, O_BENCH},
        {"pages", required_argument, NULL, O_PAGES},     {"script", required_argument, NULL, O_SCRIPT},
        {"keep-settings", no_argument, NULL, O_KEEP},    {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    app_opts o = {.launch_ms = launch_ms};
    optind = 1;
    int c;
    unsigned v;
    while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        switch (c) {
        case O_LIBRARY:
            o.library = optarg;
            break;
        case O_AT:
            if (!cli_parse_pos(optarg, &o.at))
                return cli_usage_error("read", "--at takes a position BLOCK:OFFSET, like 12:0");
            o.has_at = true;
            break;
        case O_SIZE: {
            char tail;
            if (sscanf(optarg, "%dx%d%c", &o.width, &o.height, &tail) != 2 || o.width < 320 || o.height < 240 ||
                o.width > 16384 || o.height > 16384)
                return cli_usage_error("read", "--size takes WIDTHxHEIGHT, at least 320x240");
            break;
        }
        case O_SCALE: {
            char *end;
            o.scale = strtod(optarg, &end);
            if (*end || !(o.scale >= 0.5 && o.scale <= 4))
                return cli_usage_error("read", "--scale takes a number from 0.5 to 4");
            break;
        }
        case O_FULL:
            o.fullscreen = true;
            break;
        case O_BENCH:
            o.bench = true;
            break;
        case O_PAGES:
            if (!cli_parse_uint("read", "--pages", optarg, 100000, &v))
                return EXIT_USAGE;
            o.bench_pages = (int)v;
            break;
        case O_SCRIPT:
            o.script = optarg;
            break;
        case O_KEEP:
            o.keep_settings = true;
            break;
        case 'h':
            fputs(help, stdout);
            return EXIT_OK;
        default:
            return cli_usage_error("read", "unknown option");
        }
    }
    if (argc - optind > 1)
        return cli_usage_error("read", "name one book");
    o.book = optind < argc ? argv[optind] : NULL;
    if (o.book && access(o.book, R_OK) != 0) {
        cli_error("cannot open %s: %s", o.book, strerror(errno));
        return EXIT_IO;
    }
    if (o.bench && !o.book)
        return cli_usage_error("read", "--bench needs a book");
    if (o.bench && o.script)
        return cli_usage_error("read", "give --bench or --script, not both");
    if (o.bench)
        o.keep_settings = true;
    return app_run(&o);
}
