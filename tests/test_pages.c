/* test_pages.c — what a page holds: headings with what they head, and
 * pages full but for what the rules require.
 *
 * A long section is laid out part by part; its title (and epigraph) must
 * then lead the first part's chapter, never make a page of their own, at
 * every level of a volume holding books holding chapters (on pages of 10
 * lines and more; below, the chain of kept headings may not fit a page
 * and test_layout.c's small pages apply). A page ends
 * early only when the widow, orphan and keep rules move lines on: with
 * the fake font (30 px lines) the room left at a page's foot holds at
 * most two lines of text unless a heading or an ornament (kept with what
 * follows) is among the lines moved, and a scene break's keep with its
 * neighbours gives way first, before a widow or orphan rule. The notes at the end are listed
 * under their labels. A name on the title page wider than the measure is
 * set in even centred lines within the margins. When ../shared/corpus is there, no
 * page of any corpus EPUB at 600×800, 18 px, holds only headings (else a
 * SKIP line).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_font.h"
#include "helpers.h"
#include "layout_internal.h"
#include "rod_buf.h"
#include "tap.h"

static rod_layout_opts opts_for(int measure, int lines_per_page)
{
    rod_layout_opts o = rod_layout_defaults();
    o.font_size = 20;
    o.spacing = 1.5;            /* 30 px lines */
    o.margin_x = 10;
    o.margin_y = 10;
    o.width = measure + 20;
    o.height = lines_per_page * 30 + 20;
    return o;
}

static int lay_lpp;           /* for messages: lines a page */

static bool is_heading_line(const rod_doc *doc, const rod_line *l)
{
    return l->nruns && l->start.block != 0 && l->start.block < doc->nblocks &&
           doc->blocks[l->start.block].node->kind == ROD_TITLE;
}

static bool is_ornament(const rod_line *l)
{
    return l->nruns == 1 && (l->runs[0].flags & ROD_RUN_ORNAMENT);
}

/* Pages whose every line is a heading's. */
static int heading_only_pages(rod_layout *lay, const rod_doc *doc, const char *what)
{
    int bad = 0;
    size_t total = rod_layout_page_count(lay);
    for (size_t p = 0; p < total; p++) {
        const rod_page *pg = rod_layout_page(lay, p);
        size_t headings = 0;
        for (size_t i = 0; i < pg->nlines; i++)
            headings += is_heading_line(doc, &pg->lines[i]);
        if (pg->nlines && headings == pg->nlines) {
            if (bad++ < 3) {
                const rod_line *l = &pg->lines[0];
                printf("# %s (%d lines a page): page %zu holds only headings, \"%.*s\"\n", what, lay_lpp, p + 1,
                       (int)doc->blocks[l->start.block].len, doc->blocks[l->start.block].text);
            }
        }
    }
    return bad;
}

static void add_paras(rod_buf *src, int n)
{
    for (int p = 0; p < n; p++) {
        rod_buf_adds(src, "<p>");
        for (int w = 0; w < 40; w++)
            rod_buf_adds(src, "aaaa bbbbb ");
        rod_buf_adds(src, "</p>");
    }
}

/* "A Scandal in Bohemia" in parts I, II, III, long enough to be laid out
 * part by part; nested, a volume of books of chapters. */
static rod_doc *story_in_parts(bool nested)
{
    rod_buf src = ROD_BUF_INIT;
    rod_buf_adds(&src, ROD_OPEN "<head><title>Adventures</title></head><body>");
    rod_buf_adds(&src, "<section><title>A Scandal in Bohemia</title>");
    if (nested) {
        rod_buf_adds(&src, "<epigraph><p>To the woman.</p></epigraph>");
        for (int b = 0; b < 2; b++) {
            rod_buf_printf(&src, "<section><title>Book %d</title>", b + 1);
            for (int c = 0; c < 4; c++) {
                rod_buf_printf(&src, "<section><title>Chapter %d</title>", c + 1);
                add_paras(&src, 12);
                rod_buf_adds(&src, "</section>");
            }
            rod_buf_adds(&src, "</section>");
        }
    } else {
        for (int part = 0; part < 3; part++) {
            rod_buf_printf(&src, "<section><title>%s</title>", part == 0 ? "I" : part == 1 ? "II" : "III");
            add_paras(&src, 16);
            rod_buf_adds(&src, "</section>");
        }
    }
    rod_buf_adds(&src, "</section><section><title>The Red-Headed League</title>");
    add_paras(&src, 3);
    rod_buf_adds(&src, "</section></body></rod>");
    rod_doc *doc = read_rod_str(src.data, NULL);
    rod_buf_free(&src);
    return doc;
}

static void titles_lead(void)
{
    for (int nested = 0; nested < 2; nested++) {
        rod_doc *doc = story_in_parts(nested);
        if (!CHECK(doc != NULL, nested ? "a volume of books of chapters loads" : "a story in three parts loads"))
            continue;
        int bad = 0;
        size_t chapters = 0;
        for (int lpp = 10; lpp <= 30; lpp += 2) {
            rod_layout_opts o = opts_for(300, lpp);
            lay_lpp = lpp;
            rod_layout *lay = rod_layout_new(doc, fake_measure(), &o);
            chapters = rod_layout_chapter_count(lay);
            bad += heading_only_pages(lay, doc, nested ? "volume" : "story");
            rod_layout_free(lay);
        }
        if (nested) {
            CHECK(bad == 0, "a volume's title, epigraph and first book's title start the page of its first chapter");
            CHECK(chapters >= 8, "the volume is still laid out chapter by chapter");
        } else {
            CHECK(bad == 0, "a story's title starts the page of its first part, never a page of its own");
            CHECK(chapters >= 4, "the long story is still laid out part by part");
        }
        /* the story's first page: its title, then part I's title and text */
        rod_layout_opts o = opts_for(300, 20);
        rod_layout *lay = rod_layout_new(doc, fake_measure(), &o);
        size_t c, i, n;
        bool found = rod_layout_locate(lay, (rod_pos){1, 0}, &c, &i, &n);
        const rod_page *pg = found ? rod_layout_page(lay, n) : NULL;
        bool text = false;
        for (size_t k = 0; pg && k < pg->nlines; k++)
            text |= pg->lines[k].nruns && !is_heading_line(doc, &pg->lines[k]);
        CHECK(pg && pg->nlines && pg->lines[0].start.block == 1 && text,
              nested ? "the volume's first page holds its title and the first chapter's text"
                     : "the story's first page holds its title and part I's text");
        rod_layout_free(lay);
        rod_doc_free(doc);
    }
}

/* A book flattened as converters flatten FictionBook and HTML: "Book I"
 * a section of its title only, "1805" beside it, then its chapters as
 * sections of their own; title-only sections three in a row. Each title
 * must start the page of the text it heads. */
static void flat_titles(void)
{
    rod_buf src = ROD_BUF_INIT;
    rod_buf_adds(&src, ROD_OPEN "<head><title>F</title></head><body>");
    for (int b = 0; b < 3; b++) {
        rod_buf_printf(&src, "<section><title>Book %d</title></section><p>180%d</p>", b + 1, b + 5);
        if (b == 2)
            rod_buf_adds(&src, "<section><title>Part</title></section><section><title>Chapter</title></section>");
        for (int c = 0; c < 2; c++) {
            rod_buf_printf(&src, "<section><title>%d</title>", c + 1);
            add_paras(&src, 4);
            rod_buf_adds(&src, "</section>");
        }
    }
    rod_buf_adds(&src, "</body></rod>");
    rod_doc *doc = read_rod_str(src.data, NULL);
    rod_buf_free(&src);
    if (!CHECK(doc != NULL, "a flattened book loads"))
        return;
    int bad = 0;
    for (int lpp = 18; lpp <= 33; lpp += 3) {    /* five kept headings fill 15 lines */
        rod_layout_opts o = opts_for(300, lpp);
        lay_lpp = lpp;
        rod_layout *lay = rod_layout_new(doc, fake_measure(), &o);
        bad += heading_only_pages(lay, doc, "flattened book");
        size_t total = rod_layout_page_count(lay);
        for (size_t p = 1; p < total; p++) {     /* after the title page */
            const rod_page *pg = rod_layout_page(lay, p);
            bool body = false;
            for (size_t i = 0; i < pg->nlines; i++)
                body |= pg->lines[i].nruns && !is_heading_line(doc, &pg->lines[i]) &&
                        pg->lines[i].runs[0].len > 4;    /* more than "1805" */
            if (!body && pg->nlines && bad++ < 3)
                printf("# %d lines a page: page %zu holds no text but headings and a date\n", lpp, p + 1);
        }
        rod_layout_free(lay);
    }
    CHECK(bad == 0, "title-only sections and the date under them start the page of the text they head");
    rod_doc_free(doc);
}

/* Paragraphs of 1 to 7 lines, with headings and scene breaks between. */
static rod_doc *mixed_book(int seed)
{
    rod_buf src = ROD_BUF_INIT;
    rod_buf_adds(&src, ROD_OPEN "<head><title>M</title></head><body><section><title>Start</title>");
    unsigned r = (unsigned)seed * 2654435761u + 1;
    for (int p = 0; p < 60; p++) {
        r = r * 1103515245u + 12345u;
        int lines = 1 + (int)((r >> 16) % 7);
        if ((r >> 8) % 11 == 0)
            rod_buf_printf(&src, "<section><title>Part %d</title>", p);
        else if ((r >> 8) % 13 == 1)
            rod_buf_adds(&src, "<break/>");
        rod_buf_adds(&src, "<p>");
        /* 10 characters per word and space, 10 words per 100 px line */
        for (int w = 0; w < lines * 10 - 1; w++)
            rod_buf_adds(&src, w ? " bbbbbbbbb" : "aaaaaaaaa");
        rod_buf_adds(&src, "</p>");
        if ((r >> 8) % 11 == 0)
            rod_buf_adds(&src, "</section>");
    }
    rod_buf_adds(&src, "</section></body></rod>");
    rod_doc *doc = read_rod_str(src.data, NULL);
    rod_buf_free(&src);
    return doc;
}

static void full_pages(void)
{
    int bad = 0, early = 0, pages = 0;
    for (int seed = 0; seed < 6; seed++) {
        rod_doc *doc = mixed_book(seed);
        if (!doc) {
            bad++;
            continue;
        }
        for (int lpp = 9; lpp <= 27; lpp++) {
            for (int flow = 0; flow < 2; flow++) {
                rod_layout_opts o = opts_for(1000, lpp);
                o.section_pages = !flow;
                rod_layout *lay = rod_layout_new(doc, fake_measure(), &o);
                size_t total = rod_layout_page_count(lay);
                for (size_t p = 0; p + 1 < total; p++) {
                    const rod_page *a = rod_layout_page(lay, p), *b = rod_layout_page(lay, p + 1);
                    if (!a->nlines || !b->nlines || a->chapter != b->chapter)
                        continue;
                    pages++;
                    const rod_line *foot = &a->lines[a->nlines - 1];
                    int room = o.height - o.margin_y - (foot->y - foot->ascent + foot->height);
                    int fit = room / 30;
                    if (fit > 0)
                        early++;
                    if (fit <= 2)
                        continue;
                    bool kept = false;
                    for (size_t k = 0; k < b->nlines && (int)k <= fit; k++)
                        kept |= is_heading_line(doc, &b->lines[k]);
                    if (!kept && bad++ < 3)
                        printf("# seed %d, %d lines a page%s: page %zu ends %d lines early\n", seed, lpp,
                               flow ? ", one flow" : "", p + 1, fit);
                }
                rod_layout_free(lay);
            }
        }
        rod_doc_free(doc);
    }
    printf("# %d page breaks, %d of them a line or more early\n", pages, early);
    CHECK(bad == 0 && early > 0, "a page ends at most two lines early unless a heading is kept with what follows");
}

/* A cast list as FictionBook books have it: entries of one and two lines
 * with a scene break between every two (an <empty-line/> each). Kept
 * firmly with both neighbours, the ornaments left no break the rules
 * allowed, and the paginator broke widow and orphan rules instead. */
static void cast_list(void)
{
    rod_buf src = ROD_BUF_INIT;
    rod_buf_adds(&src, ROD_OPEN "<head><title>C</title></head><body><section><title>Cast</title>");
    for (int e = 0; e < 60; e++) {
        if (e)
            rod_buf_adds(&src, "<break/>");
        rod_buf_adds(&src, "<p>");
        /* 10 words of 9 letters and a space to a 100 px line */
        for (int w = 0; w < (e % 3 ? 19 : 9); w++)
            rod_buf_adds(&src, w ? " bbbbbbbbb" : "aaaaaaaaa");
        rod_buf_adds(&src, "</p>");
    }
    rod_buf_adds(&src, "</section></body></rod>");
    rod_doc *doc = read_rod_str(src.data, NULL);
    rod_buf_free(&src);
    if (!CHECK(doc != NULL, "a cast list loads"))
        return;
    int broken = 0, last = 0, pages = 0;
    for (int lpp = 6; lpp <= 30; lpp++) {
        rod_layout_opts o = opts_for(1000, lpp);
        rod_layout *lay = rod_layout_new(doc, fake_measure(), &o);
        size_t total = rod_layout_page_count(lay);
        for (size_t p = 0; p < total; p++) {
            const rod_page *pg = rod_layout_page(lay, p);
            if (!pg->nlines)
                continue;
            pages++;
            const rod_line *a = &pg->lines[0], *z = &pg->lines[pg->nlines - 1];
            /* a two-line entry cut at a page break: its last line alone
             * on top (a widow) or its first alone at the foot (an orphan) */
            bool widow = p > 0 && !is_ornament(a) && a->start.offset > 0;
            bool orphan = p + 1 < total && !is_ornament(z) && !(z->flags & ROD_LINE_LAST);
            if ((widow || orphan) && broken++ < 3)
                printf("# %d lines a page: page %zu %s\n", lpp, p + 1, widow ? "starts with a widow" : "ends with an orphan");
            last += p + 1 < total && is_ornament(z);
        }
        rod_layout_free(lay);
    }
    printf("# %d pages, %d ending with a scene break\n", pages, last);
    CHECK(broken == 0, "a cast list with a scene break between its entries breaks no widow or orphan rule");
    rod_doc_free(doc);
}

/* The notes at the end, each under its label: the noteref's text, or
 * the note's number when the label is too wide or nothing points at it. */
static void note_labels(void)
{
    rod_doc *doc = read_rod_str(ROD_OPEN "<head><title>N</title></head><body><section><title>S</title>"
                                "<p>One<noteref to='#a'>1</noteref> two<noteref to='#b'>*</noteref>"
                                " three<noteref to='#c'>\u0441\u043d\u043e\u0441\u043a\u0430 3</noteref>"
                                " again<noteref to='#a'>1</noteref>.</p></section></body>"
                                "<notes><note id='a'><p>First note.</p><p>Its second paragraph.</p></note>"
                                "<note id='b'><p>Second.</p></note><note id='c'><p>Third.</p></note>"
                                "<note id='d'><p>Fourth, pointed at by nothing.</p></note></notes></rod>",
                                NULL);
    if (!CHECK(doc != NULL, "a book with four notes loads"))
        return;
    rod_layout_opts o = opts_for(400, 20);
    rod_layout *lay = rod_layout_new(doc, fake_measure(), &o);
    size_t last = rod_layout_chapter_count(lay) - 1;
    rod_buf marks = ROD_BUF_INIT;
    int left_of_text = 0, markers = 0;
    for (size_t p = 0; p < rod_layout_chapter_pages(lay, last); p++) {
        const rod_page *pg = rod_layout_chapter_page(lay, last, p);
        for (size_t i = 0; i < pg->nlines; i++) {
            const rod_line *l = &pg->lines[i];
            for (size_t r = 0; r < l->nruns; r++) {
                if (!(l->runs[r].flags & ROD_RUN_MARKER))
                    continue;
                markers++;
                rod_buf_printf(&marks, "%s%.*s", marks.len ? "|" : "", (int)l->runs[r].len, l->runs[r].text);
                left_of_text += r + 1 < l->nruns && l->runs[r].x + l->runs[r].w < l->runs[r + 1].x &&
                                l->runs[r].x >= o.margin_x;
            }
        }
    }
    CHECK_STR(marks.data ? marks.data : "", "1|*|3|4",
              "the notes section lists each note under its label: the noteref's, else its number");
    CHECK(markers == 4 && left_of_text == 4, "each label hangs before its note's first line, inside the page");
    rod_buf_free(&marks);
    rod_layout_free(lay);
    rod_doc_free(doc);
}

/* The title page's names are centred lines of their own; one wider than
 * the measure (the Gribov demo's translator, a sentence, ran 16 px past
 * the margins at 600x800) is set in centred lines broken at its spaces,
 * made even, and a word wider than the measure is cut between characters
 * — no line of the title page passes the margins. */
static void long_names(void)
{
    rod_doc *doc = read_rod_str(ROD_OPEN "<head><title>T</title><creator>Ann Bell</creator>"
                                "<creator role='translator'>aaaa bbbb cccc dddd eeee ffff gggg</creator>"
                                "<creator role='editor'>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</creator>"
                                "</head><body><p>Text.</p></body></rod>", NULL);
    if (!CHECK(doc != NULL, "a book with a long translator's name loads"))
        return;
    /* 200 px: 20 characters of the fake font's 10 px (names at 1.1 em:
     * 11 px, 18 characters) */
    rod_layout_opts o = opts_for(200, 30);
    rod_layout *lay = rod_layout_new(doc, fake_measure(), &o);
    int over = 0, uncentred = 0, translator = 0, editor = 0, longest = 0, shortest = 1 << 20;
    rod_buf cut = ROD_BUF_INIT;
    for (size_t p = 0; p < rod_layout_chapter_pages(lay, 0); p++) {
        const rod_page *pg = rod_layout_chapter_page(lay, 0, p);
        for (size_t i = 0; pg && i < pg->nlines; i++) {
            const rod_line *l = &pg->lines[i];
            if (l->start.block != 0)
                continue;       /* the title page's lines sit at the title */
            for (size_t r = 0; r < l->nruns; r++) {
                const rod_run *run = &l->runs[r];
                over += run->x < o.margin_x || run->x + run->w > o.width - o.margin_x;
                int left = run->x - o.margin_x, right = o.width - o.margin_x - run->x - run->w;
                uncentred += abs(left - right) > 1;
                if (run->len && run->text[0] >= 'a' && run->text[0] <= 'g') {
                    translator++;
                    longest = run->w > longest ? run->w : longest;
                    shortest = run->w < shortest ? run->w : shortest;
                }
                if (run->len && run->text[0] == 'x') {
                    editor++;
                    rod_buf_printf(&cut, "%s%u", cut.len ? "+" : "", (unsigned)run->len);
                }
            }
        }
    }
    printf("# translator in %d lines (%d to %d px), editor in pieces of %s characters\n", translator, shortest,
           longest, cut.data ? cut.data : "-");
    CHECK(over == 0 && uncentred == 0, "no line of the title page passes the margins, each is centred");
    CHECK(translator == 3 && longest - shortest <= 55,
          "a name of 7 words wider than the measure is set in 3 centred lines, made even (3, 2 and 2 words, "
          "not 3, 3 and 1)");
    CHECK(editor == 3 && cut.data && !strcmp(cut.data, "18+18+14"),
          "a word of 50 letters is cut between characters into lines that fill the measure");
    rod_layout_stats st;
    rod_layout_page_count(lay);
    rod_layout_stats_get(lay, &st);
    CHECK(st.overfull == 0, "and the layout's figures count no overfull line");
    rod_buf_free(&cut);
    rod_layout_free(lay);
    rod_doc_free(doc);
}

static void corpus_epubs(const char *dir)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/epub", dir);
    DIR *d = opendir(path);
    const char *name = "no page of a corpus EPUB at 600x800, 18 px, holds only headings";
    if (!d) {
        char why[1200];
        snprintf(why, sizeof why, "no corpus in %s", path);
        tap_skip(name, why);
        return;
    }
    int bad = 0, books = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 5, ".epub"))
            continue;
        char file[2048];
        snprintf(file, sizeof file, "%s/%s", path, e->d_name);
        rod_doc *doc = NULL;
        rod_read_opts ro = {0};
        if (rod_read_file(file, &ro, NULL, &doc) != ROD_OK || !doc) {
            rod_doc_free(doc);
            continue;
        }
        rod_layout_opts o = rod_layout_defaults();
        o.width = 600;
        o.height = 800;
        o.font_size = 18;
        lay_lpp = (o.height - 2 * o.margin_y) / (int)(o.font_size * o.spacing);
        rod_layout *lay = rod_layout_new(doc, fake_measure(), &o);
        bad += heading_only_pages(lay, doc, e->d_name);
        rod_layout_free(lay);
        rod_doc_free(doc);
        books++;
    }
    closedir(d);
    printf("# %d corpus EPUBs\n", books);
    CHECK(bad == 0 && books > 0, name);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    titles_lead();
    flat_titles();
    full_pages();
    cast_list();
    note_labels();
    long_names();
    corpus_epubs(argc > 2 ? argv[2] : "../shared/corpus");
    hyph_release();
    return tap_done();
}
