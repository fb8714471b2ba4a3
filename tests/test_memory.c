/* test_memory.c — the layout engine's bounded memory changes no page.
 *
 * layout.c holds the lines and runs of a few chapters only, and of a
 * window of pages in a chapter too long to hold whole; a chapter let go is
 * set again when a page of it is asked for. Here a book is laid out once
 * keeping everything (as the engine did before it let anything go) and
 * once with the smallest cache (one chapter, no runs kept while a chapter
 * is first set, one page of runs either side), its pages visited in a
 * random order so chapters are let go and set again, part by part in the
 * long ones; every page's start and end, every line and every run (text,
 * x, font, ...) must be the same, and so must the line statistics. Then
 * what a page pointer promises (rod_layout.h): its lines stay valid while
 * its chapter is among the last eight asked for. Then the bound itself:
 * the heap a whole-book pagination leaves held does not grow with the
 * book (a book four times as long holds about as much).
 *
 * Books: the sample (docs/the-archivist-of-lakat.rod), a generated one
 * with long chapters, lists and ornaments, one holding a single paragraph
 * of many pages, and the sample in one flow (one chapter). The fake font
 * of fake_font.h makes every run's x known without a real face.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
/* from ASan's runtime (its header, sanitizer/allocator_interface.h, is
 * not always installed) */
size_t __sanitizer_get_current_allocated_bytes(void);
#endif

#include "fake_font.h"
#include "helpers.h"
#include "layout_internal.h"
#include "rod_buf.h"
#include "tap.h"

#define EN_OPEN "<rod xmlns=\"urn:isolinear:rod:1\" version=\"1\" xml:lang=\"en\">"

/* Bytes the heap holds now. */
static size_t heap_used(void)
{
#if defined(__SANITIZE_ADDRESS__)
    return __sanitizer_get_current_allocated_bytes();
#else
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
#endif
}

static rod_layout_opts small_opts(void)
{
    rod_layout_opts o = rod_layout_defaults();
    o.font_size = 20;
    o.spacing = 1.5;
    o.margin_x = 10;
    o.margin_y = 10;
    o.width = 420;
    o.height = 12 * 30 + 20;
    return o;
}

/* Everything drawn from page p, as text, for comparing. */
static void describe(rod_buf *b, const rod_page *p)
{
    rod_buf_printf(b, "page %zu:%zu-%zu:%zu ch %zu lines %zu\n", p->start.block, p->start.offset, p->end.block,
                   p->end.offset, p->chapter, p->nlines);
    for (size_t i = 0; i < p->nlines; i++) {
        const rod_line *l = &p->lines[i];
        rod_buf_printf(b, " line %zu:%zu-%zu:%zu y %d h %d a %d r %.9g f %d j %d runs %zu\n", l->start.block,
                       l->start.offset, l->end.block, l->end.offset, l->y, l->height, l->ascent, l->ratio, l->flags,
                       l->justified, l->nruns);
        for (size_t r = 0; r < l->nruns; r++) {
            const rod_run *u = &l->runs[r];
            rod_buf_printf(b, "  run x %d dy %d w %d h %d font %d/%d/%d f %d node %p '%.*s'\n", u->x, u->dy, u->w,
                           u->h, u->font.family, u->font.style, u->font.size, u->flags, (const void *)u->node,
                           (int)u->len, u->text);
        }
    }
}

static char *page_text(const rod_page *p)
{
    rod_buf b = ROD_BUF_INIT;
    if (p)
        describe(&b, p);
    else
        rod_buf_adds(&b, "(no page)");
    return rod_buf_steal(&b, NULL);
}

static unsigned long rng = 12345;
static size_t random_below(size_t n)
{
    rng = rng * 6364136223846793005ul + 1442695040888963407ul;
    return (size_t)((rng >> 33) % n);
}

/* The book laid out keeping everything and with the smallest cache,
 * pages visited in a random order, must give the same pages. */
static void same_pages(const rod_doc *doc, const rod_layout_opts *o, const char *what)
{
    char name[160];
    rod_layout *all = rod_layout_new(doc, fake_measure(), o);
    rod_layout *few = rod_layout_new(doc, fake_measure(), o);
    layout_set_memory(all, SIZE_MAX, SIZE_MAX, SIZE_MAX);
    layout_set_memory(few, 1, 0, 1);
    size_t total = rod_layout_page_count(all);
    char **want = calloc(total ? total : 1, sizeof *want);
    for (size_t p = 0; p < total; p++)
        want[p] = page_text(rod_layout_page(all, p));
    /* a random order, each page twice, so chapters are let go and set again */
    size_t visits = total * 2, differ = 0, first_bad = SIZE_MAX;
    char *bad = NULL;
    for (size_t v = 0; v < visits; v++) {
        size_t p = v < total ? random_below(total) : visits - 1 - v;
        char *got = page_text(rod_layout_page(few, p));
        if (strcmp(got, want[p]) != 0) {
            if (!differ++) {
                first_bad = p;
                bad = got;
                got = NULL;
            }
        }
        free(got);
    }
    snprintf(name, sizeof name, "%s: %zu pages, each the same with the smallest cache, visited at random", what,
             total);
    CHECK(total > 0 && differ == 0, name);
    if (differ) {
        printf("# %zu visits differ; first page %zu\n# got:\n%s# want:\n%s", differ, first_bad, bad, want[first_bad]);
    }
    free(bad);
    CHECK(rod_layout_page_count(few) == total, "the same page count");
    /* by chapter and index too, and every page found by its start */
    size_t mismatch = 0;
    for (size_t c = rod_layout_chapter_count(few); c-- > 0;) {
        size_t before;
        rod_layout_pages_known(all, c, &before);
        for (size_t i = rod_layout_chapter_pages(few, c); i-- > 0;) {
            char *got = page_text(rod_layout_chapter_page(few, c, i));
            mismatch += strcmp(got, want[before + i]) != 0;
            free(got);
            size_t fc, fi, fp;
            const rod_page *pg = rod_layout_chapter_page(few, c, i);
            mismatch += !rod_layout_locate(few, pg->start, &fc, &fi, &fp) ||
                        rod_pos_cmp(rod_layout_page(few, fp)->start, pg->start) != 0;
        }
    }
    snprintf(name, sizeof name, "%s: chapter pages from last to first the same, each located", what);
    CHECK(mismatch == 0, name);
    rod_layout_stats a, b;
    rod_layout_stats_get(all, &a);
    rod_layout_stats_get(few, &b);
    snprintf(name, sizeof name, "%s: the same line statistics (%zu lines, %zu justified, %zu overfull)", what,
             a.lines, a.justified_lines, a.overfull);
    CHECK(a.lines == b.lines && a.justified_lines == b.justified_lines && a.loose_lines == b.loose_lines &&
              a.hyphenated == b.hyphenated && a.widows == b.widows && a.orphans == b.orphans &&
              a.overfull == b.overfull && a.max_ratio == b.max_ratio &&
              a.mean_ratio - b.mean_ratio < 1e-9 && b.mean_ratio - a.mean_ratio < 1e-9,
          name);
    for (size_t p = 0; p < total; p++)
        free(want[p]);
    free(want);
    rod_layout_free(all);
    rod_layout_free(few);
}

/* Long chapters: lists (their markers' text is the chapter's own),
 * ornaments, emphasis, paragraphs of several pages. */
static rod_doc *long_book(int chapters, int paras)
{
    rod_buf src = ROD_BUF_INIT;
    rod_buf_adds(&src, EN_OPEN "<head><title>Long</title></head><body>");
    for (int c = 0; c < chapters; c++) {
        rod_buf_printf(&src, "<section><title>Chapter %d</title>", c + 1);
        for (int p = 0; p < paras; p++) {
            if (p % 9 == 4)
                rod_buf_adds(&src, "<break/>");
            if (p % 11 == 6) {
                rod_buf_adds(&src, "<list type=\"number\">");
                for (int k = 0; k < 12; k++)
                    rod_buf_printf(&src, "<item>item %d of list %d, somewhat longer than a line is wide here</item>",
                                   k, p);
                rod_buf_adds(&src, "</list>");
            }
            rod_buf_adds(&src, "<p>");
            int words = 20 + (p * 37 + c * 11) % (p % 13 == 0 ? 900 : 120);
            for (int w = 0; w < words; w++)
                rod_buf_printf(&src, w % 17 == 5 ? "<em>word%d</em> " : "extraordinarily%d ", w);
            rod_buf_adds(&src, "end.</p>");
        }
        rod_buf_adds(&src, "</section>");
    }
    rod_buf_adds(&src, "</body></rod>");
    rod_doc *doc = read_rod_str(src.data, NULL);
    rod_buf_free(&src);
    return doc;
}

/* One paragraph of `words` words, in one chapter. */
static rod_doc *giant_paragraph(int words)
{
    rod_buf src = ROD_BUF_INIT;
    rod_buf_adds(&src, EN_OPEN "<head><title>P</title></head><body><section><title>C</title><p>");
    for (int w = 0; w < words; w++)
        rod_buf_printf(&src, "w%d extraordinary ", w);
    rod_buf_adds(&src, "end.</p></section></body></rod>");
    rod_doc *doc = read_rod_str(src.data, NULL);
    rod_buf_free(&src);
    return doc;
}

/* A page's lines stay valid while its chapter is among the last eight
 * asked for, whatever else is counted, located or laid out meanwhile. */
static void pointers_kept(const rod_doc *doc)
{
    rod_layout_opts o = small_opts();
    rod_layout *lay = rod_layout_new(doc, fake_measure(), &o);
    size_t nch = rod_layout_chapter_count(lay);
    const rod_page *p0 = rod_layout_chapter_page(lay, 1, 0);
    char *before = page_text(p0);
    /* every other chapter's pages (fewer than eight), then all counted */
    for (size_t c = 0; c < nch && c < 8; c++)
        if (c != 1)
            rod_layout_chapter_page(lay, c, c % 2);
    rod_layout_page_count(lay);
    bool finished;
    while (rod_layout_work(lay, 0, &finished))
        ;
    char *after = page_text(p0);
    CHECK_STR(after, before, "a page asked for stays whole while its chapter is among the last eight");
    free(before);
    free(after);
    rod_layout_free(lay);
}

/* Heap held after a whole-book pagination, and at its peak page. */
static size_t held_after_count(const rod_doc *doc)
{
    rod_layout_opts o = small_opts();
    size_t at = heap_used();
    rod_layout *lay = rod_layout_new(doc, fake_measure(), &o);
    rod_layout_page_count(lay);
    size_t held = heap_used() - at;
    rod_layout_free(lay);
    return held;
}

static void bounded(void)
{
    rod_doc *one = long_book(20, 40), *four = long_book(80, 40);
    size_t a = held_after_count(one), b = held_after_count(four);
    char name[200];
    snprintf(name, sizeof name, "a book 4x as long holds about as much laid out: %zu KB, 4x: %zu KB", a / 1024,
             b / 1024);
    CHECK(b < a + a / 2, name);
    rod_doc_free(one);
    rod_doc_free(four);

    /* one paragraph of many pages, its runs over the budget (scaled down
     * here from the engine's 2^19): a page of it holds a window of runs,
     * where keeping everything holds them all */
    rod_doc *giant = giant_paragraph(60000);
    size_t held[2], runs = 0, total = 0;
    bool shown = true;
    for (int k = 0; k < 2; k++) {
        rod_layout_opts o = small_opts();
        size_t at = heap_used();
        rod_layout *lay = rod_layout_new(giant, fake_measure(), &o);
        if (k == 0)
            layout_set_memory(lay, SIZE_MAX, SIZE_MAX, SIZE_MAX);
        else
            layout_set_memory(lay, 4, 10000, 48);
        total = rod_layout_page_count(lay);
        const rod_page *p = rod_layout_page(lay, total / 2);
        held[k] = heap_used() - at;
        shown &= p && p->nlines && p->lines[0].nruns;
        for (size_t i = 0; k == 0 && i < total; i++) {
            const rod_page *q = rod_layout_page(lay, i);
            for (size_t l = 0; l < q->nlines; l++)
                runs += q->lines[l].nruns;
        }
        rod_layout_free(lay);
    }
    size_t run_bytes = runs * sizeof(rod_run);
    snprintf(name, sizeof name,
             "one paragraph of %zu pages: with page %zu shown it holds %zu KB, keeping all %zu KB (runs: %zu KB)",
             total, total / 2, held[1] / 1024, held[0] / 1024, run_bytes / 1024);
    CHECK(shown && held[1] + run_bytes * 4 / 5 < held[0], name);
    rod_doc_free(giant);
}

int main(int argc, char **argv)
{
    const char *fixtures = argc > 1 ? argv[1] : "tests/fixtures";
    char *path = fixture_path(fixtures, "../../docs/the-archivist-of-lakat.rod");
    size_t len;
    char *data = load(path, &len);
    rod_doc *sample = NULL;
    if (data)
        rod_read_rod(data, len, NULL, &sample);
    CHECK(sample != NULL, "the sample book loads");
    rod_layout_opts o = small_opts();
    if (sample) {
        same_pages(sample, &o, "sample book");
        rod_layout_opts flow = o;
        flow.section_pages = false;
        same_pages(sample, &flow, "sample book in one flow");
    }
    rod_doc *lb = long_book(5, 14);
    same_pages(lb, &o, "long chapters");
    rod_layout_opts ragged = o;
    ragged.ragged = true;
    ragged.hyphenate = false;
    same_pages(lb, &ragged, "long chapters, ragged");
    rod_doc *gp = giant_paragraph(2500);
    same_pages(gp, &o, "one paragraph of 2,500 words");
    pointers_kept(lb);
    bounded();
    rod_doc_free(gp);
    rod_doc_free(lb);
    rod_doc_free(sample);
    free(data);
    free(path);
    hyph_release();
    return tap_done();
}
