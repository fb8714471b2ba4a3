/* cmd_paginate.c — `rod paginate BOOK`: the page count and where every
 * page starts, and with --stats how well the lines were broken.
 *
 * Output is for people and scripts alike: `pages: N`, then one line per
 * page, `N BLOCK:OFFSET`, the position the page starts at (positions, not
 * page numbers, are what rod stores: this is how to map one to the other).
 */
#include <stdio.h>
#include <time.h>

#include "cli.h"
#include "layout_args.h"

static const char help[] =
    "usage: rod paginate [OPTIONS] BOOK\n"
    "\n"
    "Lays BOOK out as the reader would and prints `pages: N`, then each\n"
    "page's number and start position `N BLOCK:OFFSET`.\n"
    "\n"
    "  --stats          also print line-breaking quality: lines, mean and\n"
    "                   largest adjustment ratio, lines looser than 1.0,\n"
    "                   hyphenated lines, widows, orphans, overfull lines\n"
    "  --width, --height, --font, --size, --spacing, --margins, --ragged,\n"
    "  --no-hyphens, --greedy, --flow, --from: as for `rod render`\n"
    "  -h, --help       this help\n";

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int cmd_paginate(int argc, char **argv)
{
    layout_args a;
    int rc = layout_args_parse("paginate", help, argc, argv, &a);
    if (rc >= 0)
        return rc;
    layout_session s;
    rc = layout_session_open("paginate", &a, &s);
    if (rc >= 0)
        return rc;
    double t0 = now();
    size_t first = rod_layout_chapter_pages(s.layout, 0);
    double t_first = now() - t0;
    size_t total = rod_layout_page_count(s.layout);
    double t_all = now() - t0;
    if (total == 0 && s.doc->nblocks > 0) {
        cli_error("paginate: out of memory");
        layout_session_close(&s);
        return EXIT_IO;
    }
    (void)first;
    printf("pages: %zu\n", total);
    for (size_t i = 0; i < total; i++) {
        rod_pos start, end;
        rod_layout_page_bounds(s.layout, i, &start, &end);
        printf("%zu %zu:%zu\n", i + 1, start.block, start.offset);
    }
    if (a.stats) {
        rod_layout_stats st;
        rod_layout_stats_get(s.layout, &st);
        printf("lines: %zu\n", st.lines);
        printf("justified lines: %zu\n", st.justified_lines);
        printf("mean adjustment ratio: %.3f\n", st.mean_ratio);
        printf("max adjustment ratio: %.3f\n", st.max_ratio);
        printf("looser than 1.0: %zu (%.2f%%)\n", st.loose_lines,
               st.justified_lines ? 100.0 * st.loose_lines / st.justified_lines : 0.0);
        printf("hyphenated lines: %zu\n", st.hyphenated);
        printf("widows: %zu\norphans: %zu\noverfull lines: %zu\n", st.widows, st.orphans, st.overfull);
        printf("first chapter: %.1f ms\nwhole book: %.1f ms\n", t_first * 1e3, t_all * 1e3);
    }
    layout_session_close(&s);
    return EXIT_OK;
}
