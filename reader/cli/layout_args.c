/* layout_args.c — parsing the page options of `rod render` and
 * `rod paginate`, so both commands accept exactly the same spellings and
 * lay out the same page for the same arguments.
 */
#include "layout_args.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int layout_args_parse(const char *command, const char *help, int argc, char **argv, layout_args *a)
{
    enum { O_WIDTH = 256, O_HEIGHT, O_FONT, O_SIZE, O_SPACING, O_MARGINS, O_RAGGED, O_NOHYPH, O_THEME,
           O_PAGE, O_AT, O_STATS, O_TEXT, O_GREEDY, O_FLOW, O_FROM };
    static const struct option longopts[] = {
        {"width", required_argument, NULL, O_WIDTH},
        {"height", required_argument, NULL, O_HEIGHT},
        {"font", required_argument, NULL, O_FONT},
        {"size", required_argument, NULL, O_SIZE},
        {"spacing", required_argument, NULL, O_SPACING},
        {"margins", required_argument, NULL, O_MARGINS},
        {"ragged", no_argument, NULL, O_RAGGED},
        {"no-hyphens", no_argument, NULL, O_NOHYPH},
        {"theme", required_argument, NULL, O_THEME},
        {"page", required_argument, NULL, O_PAGE},
        {"at", required_argument, NULL, O_AT},
        {"stats", no_argument, NULL, O_STATS},
        {"text", no_argument, NULL, O_TEXT},
        {"greedy", no_argument, NULL, O_GREEDY},
        {"flow", no_argument, NULL, O_FLOW},
        {"from", required_argument, NULL, O_FROM},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(a, 0, sizeof *a);
    a->opts = rod_layout_defaults();
    a->theme = ROD_THEME_DAY;
    int c;
    unsigned v;
    optind = 1;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (c) {
        case O_WIDTH:
            if (!cli_parse_uint(command, "--width", optarg, 20000, &v) || v < 100)
                return cli_usage_error(command, "--width takes pixels, 100 to 20000");
            a->opts.width = (int)v;
            break;
        case O_HEIGHT:
            if (!cli_parse_uint(command, "--height", optarg, 20000, &v) || v < 100)
                return cli_usage_error(command, "--height takes pixels, 100 to 20000");
            a->opts.height = (int)v;
            break;
        case O_FONT:
            a->font = optarg;
            break;
        case O_SIZE:
            if (!cli_parse_uint(command, "--size", optarg, 400, &v) || v < 4)
                return cli_usage_error(command, "--size takes pixels, 4 to 400");
            a->opts.font_size = (int)v;
            break;
        case O_SPACING: {
            char *end;
            double s = strtod(optarg, &end);
            if (end == optarg || *end || !(s >= 0.8 && s <= 4.0))
                return cli_usage_error(command, "--spacing takes a line height from 0.8 to 4.0, like 1.4");
            a->opts.spacing = s;
            break;
        }
        case O_MARGINS: {
            unsigned x, y;
            char tail;
            int k = sscanf(optarg, "%u,%u%c", &x, &y, &tail);
            if (k == 1)
                y = x;
            if ((k != 1 && k != 2) || x > 2000 || y > 2000)
                return cli_usage_error(command, "--margins takes pixels: N, or X,Y");
            a->opts.margin_x = (int)x;
            a->opts.margin_y = (int)y;
            break;
        }
        case O_RAGGED:
            a->opts.ragged = true;
            break;
        case O_NOHYPH:
            a->opts.hyphenate = false;
            break;
        case O_GREEDY:
            a->opts.greedy = true;
            break;
        case O_FLOW:
            a->opts.section_pages = false;
            break;
        case O_THEME:
            if (!rod_theme_from_name(optarg, &a->theme))
                return cli_usage_error(command, "unknown theme '%s' (day, sepia, night, terok-nor)", optarg);
            break;
        case O_PAGE:
            if (!cli_parse_uint(command, "--page", optarg, 100000000, &v) || v < 1)
                return cli_usage_error(command, "--page takes a page number from 1");
            a->page = v;
            break;
        case O_AT:
            if (!cli_parse_pos(optarg, &a->at))
                return cli_usage_error(command, "--at takes a position BLOCK:OFFSET, like 12:0");
            a->has_at = true;
            break;
        case O_STATS:
            a->stats = true;
            break;
        case O_TEXT:
            a->text = true;
            break;
        case O_FROM:
            a->read.format = rod_format_from_name(optarg);
            if (!rod_format_can_read(a->read.format))
                return cli_usage_error(command, "cannot read the format '%s'", optarg);
            break;
        case 'o':
            a->output = optarg;
            break;
        case 'h':
            fputs(help, stdout);
            return EXIT_OK;
        default:
            return cli_usage_error(command, "unknown option");
        }
    }
    if (optind != argc - 1)
        return cli_usage_error(command, "name one book");
    if (a->page && a->has_at)
        return cli_usage_error(command, "give --page or --at, not both");
    if (a->text && strcmp(command, "paginate") != 0)
        return cli_usage_error(command, "--text is an option of rod paginate");
    if (a->text && a->stats)
        return cli_usage_error(command, "give --text or --stats, not both");
    if (2 * a->opts.margin_x + 4 * a->opts.font_size > a->opts.width ||
        2 * a->opts.margin_y + 2 * a->opts.font_size > a->opts.height)
        return cli_usage_error(command, "the margins leave no room for text on a %dx%d page", a->opts.width,
                               a->opts.height);
    a->book = argv[optind];
    return -1;
}

int layout_session_open(const char *command, layout_args *a, layout_session *s)
{
    memset(s, 0, sizeof *s);
    rod_diag diag = ROD_DIAG_INIT(a->book);
    rod_err err = rod_read_file(a->book, &a->read, &diag, &s->doc);
    rod_diag_print(&diag, stderr);
    rod_diag_free(&diag);
    if (err != ROD_OK)
        return cli_exit_code(err);
    char msg[256];
    s->fonts = rod_fonts_new(a->font, NULL, msg, sizeof msg);
    if (!s->fonts) {
        cli_error("%s: %s", command, msg);
        layout_session_close(s);
        return a->font ? EXIT_USAGE : EXIT_IO;
    }
    s->book = a->book;
    /* the book's language picks the faces of shared characters (Han) */
    rod_fonts_set_lang(s->fonts, rod_node_lang(s->doc->root));
    s->images = rod_images_new(s->doc);
    a->opts.image_size = rod_images_size;
    a->opts.image_ctx = s->images;
    s->layout = rod_layout_new(s->doc, rod_fonts_measure(s->fonts), &a->opts);
    if (!s->images || !s->layout) {
        cli_error("%s: out of memory", command);
        layout_session_close(s);
        return EXIT_IO;
    }
    return -1;
}

void layout_session_close(layout_session *s)
{
    /* one line per package: "Han, Hiragana and Katakana" need one face */
    rod_fonts_gap gaps[16];
    size_t n = s->fonts ? rod_fonts_missing(s->fonts, gaps, 16) : 0;
    n = n < 16 ? n : 16;
    bool told[16] = {false};
    for (size_t i = 0; i < n; i++) {
        if (told[i])
            continue;
        char scripts[256] = "";
        size_t len = 0, k = 0, count = 0;
        for (size_t j = i; j < n; j++)
            count += !told[j] && strcmp(gaps[j].package, gaps[i].package) == 0;
        for (size_t j = i; j < n; j++) {
            if (told[j] || strcmp(gaps[j].package, gaps[i].package) != 0)
                continue;
            told[j] = true;
            k++;
            const char *sep = k == 1 ? "" : k == count ? " and " : ", ";
            int w = snprintf(scripts + len, sizeof scripts - len, "%s%s", sep, gaps[j].script);
            if (w > 0 && (size_t)w < sizeof scripts - len)
                len += (size_t)w;
        }
        cli_error("warning: %s: no installed font has %s characters (such as U+%04X); they show as empty boxes: "
                  "install %s to see them",
                  s->book ? s->book : "the book", scripts, (unsigned)gaps[i].example, gaps[i].package);
    }
    rod_layout_free(s->layout);
    rod_images_free(s->images);
    rod_fonts_free(s->fonts);
    rod_doc_free(s->doc);
    memset(s, 0, sizeof *s);
}
