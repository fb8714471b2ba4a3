/* cmd_paginate.c — `rod paginate BOOK`: the page count and where every
 * page starts, with --stats how well the lines were broken, and with
 * --text the pages' lines as plain text.
 *
 * Output is for people and scripts alike: `pages: N`, then one line per
 * page, `N BLOCK:OFFSET`, the position the page starts at (positions, not
 * page numbers, are what rod stores: this is how to map one to the other).
 *
 * --text lets anyone check a layout without looking at pixels, as
 * `mutool draw -F txt` does for a PDF: each laid-out line on a line of its
 * own, with the hyphen the breaker added, and a form feed between pages.
 * A line's runs are printed in the order the line holds them; a space
 * goes between two runs wherever the layout skipped text between them
 * (the glue between words is no run of its own), none between two parts
 * of a word set in different styles. Images print nothing.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "layout_args.h"

static const char help[] =
    "usage: rod paginate [OPTIONS] BOOK\n"
    "\n"
    "Lays BOOK out as the reader would and prints `pages: N`, then each\n"
    "page's number and start position `N BLOCK:OFFSET`.\n"
    "\n"
    "  --text           print the pages' text instead: each line as laid out,\n"
    "                   with the hyphens the breaker added, a form feed\n"
    "                   between pages; with --page N or --at B:O only that page\n"
    "  --page N, --at B:O  with --text: the page to print\n"
    "  --stats          also print line-breaking quality: lines, lines that\n"
    "                   cannot be justified (no space to stretch; left out of\n"
    "                   the ratios), mean and largest adjustment ratio, lines\n"
    "                   looser than 1.0, hyphenated lines and runs of 3 or\n"
    "                   more, widows, orphans, pages holding only headings,\n"
    "                   pages ending over 2 lines early (and those no widow,\n"
    "                   orphan or keep rule explains), gaps inside words,\n"
    "                   overfull lines\n"
    "  --width, --height, --font, --size, --spacing, --margins, --ragged,\n"
    "  --no-hyphens, --greedy, --flow, --from: as for `rod render`\n"
    "  -h, --help       this help\n";

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void print_line(const rod_line *l)
{
    const rod_run *prev = NULL;
    for (size_t r = 0; r < l->nruns; r++) {
        const rod_run *run = &l->runs[r];
        if (run->flags & ROD_RUN_IMAGE)
            continue;
        bool hyphen = (l->flags & ROD_LINE_HYPHEN) && r + 1 == l->nruns;
        if (prev && !hyphen && prev->text + prev->len != run->text)
            putchar(' ');
        fwrite(run->text, 1, run->len, stdout);
        prev = run;
    }
    putchar('\n');
}

static void print_page(const rod_page *p)
{
    for (size_t i = 0; i < p->nlines; i++)
        print_line(&p->lines[i]);
}

static int print_text(const layout_args *a, layout_session *s)
{
    if (a->has_at) {
        size_t chapter, index;
        if (!rod_layout_locate(s->layout, a->at, &chapter, &index, NULL))
            return cli_usage_error("paginate", "%zu:%zu is not a position in this book", a->at.block,
                                   a->at.offset);
        print_page(rod_layout_chapter_page(s->layout, chapter, index));
        return EXIT_OK;
    }
    if (a->page) {
        const rod_page *p = rod_layout_page(s->layout, a->page - 1);
        if (!p)
            return cli_usage_error("paginate", "page %u is past the end: the book has %zu pages at these settings",
                                   a->page, rod_layout_page_count(s->layout));
        print_page(p);
        return EXIT_OK;
    }
    size_t total = rod_layout_page_count(s->layout);
    if (total == 0 && s->doc->nblocks > 0) {
        cli_error("paginate: out of memory");
        return EXIT_IO;
    }
    for (size_t i = 0; i < total; i++) {
        if (i > 0)
            putchar('\f');
        print_page(rod_layout_page(s->layout, i));
    }
    return EXIT_OK;
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
    if (a.text) {
        rc = print_text(&a, &s);
        layout_session_close(&s);
        return rc;
    }
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
        size_t with_ratio = st.justified_lines - st.unjustifiable;
        printf("justified lines: %zu\n", st.justified_lines);
        printf("lines that cannot be justified: %zu\n", st.unjustifiable);
        printf("mean adjustment ratio: %.3f\n", st.mean_ratio);
        printf("max adjustment ratio: %.3f\n", st.max_ratio);
        printf("looser than 1.0: %zu (%.2f%%)\n", st.loose_lines,
               with_ratio ? 100.0 * st.loose_lines / with_ratio : 0.0);
        printf("hyphenated lines: %zu\n", st.hyphenated);
        printf("runs of 3+ hyphenated lines: %zu\n", st.hyphen_runs);
        printf("widows: %zu\norphans: %zu\n", st.widows, st.orphans);
        printf("pages holding only headings: %zu\n", st.heading_pages);
        printf("pages ending early: %zu (%zu lines short in all, at most %zu)\n", st.early_pages,
               st.early_lines, st.early_max);
        printf("pages ending early where no rule asks: %zu\n", st.early_needless);
        printf("gaps inside words: %zu\n", st.word_gaps);
        printf("overfull lines: %zu\n", st.overfull);
        printf("first chapter: %.1f ms\nwhole book: %.1f ms\n", t_first * 1e3, t_all * 1e3);
    }
    layout_session_close(&s);
    return EXIT_OK;
}
