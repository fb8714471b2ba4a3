/* test_rules.c — layout rules that only the corpus used to exercise,
 * checked on small books made for them, so a clone without ../shared
 * still tests each one.
 *
 * Set in the fake fixed-width font (fake_font.h): poems whose stanzas a
 * page break must leave with two lines at least on each side (the widow
 * and orphan rule counted in verse lines, which are blocks of one line
 * each, so the paragraph rule alone never sees them), and a text of long
 * words at a narrow measure, hyphenated at the layout's own defaults,
 * where runs of two hyphenated lines are everywhere and a third would
 * follow if the rule let it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_font.h"
#include "helpers.h"
#include "rod_buf.h"
#include "rod_layout.h"
#include "tap.h"

/* Geometry only; every other option is the layout's default. */
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

/* Poems of stanzas of 2 to 7 short lines (one verse line is one layout
 * line), at page heights of 8 to 24 lines: a stanza broken by a page
 * leaves two lines at least on each side, as a paragraph does. (Below 8
 * lines the sunk chapter heading, kept with a stanza, no longer fits a
 * page, and the paginator rightly breaks a rule rather than lose text.) */
static void stanza_rules(void)
{
    rod_buf src = ROD_BUF_INIT;
    rod_buf_adds(&src, ROD_OPEN "<head><title>Verse</title></head><body><section><title>Poems</title>");
    for (int poem = 0; poem < 12; poem++) {
        rod_buf_adds(&src, "<poem>");
        for (int st = 0; st < 5; st++) {
            rod_buf_adds(&src, "<stanza>");
            for (int l = 0; l < 2 + (poem + st * 3) % 6; l++)
                rod_buf_printf(&src, "<line>ab cd %d</line>", l);
            rod_buf_adds(&src, "</stanza>");
        }
        rod_buf_adds(&src, "</poem><p>aaaa bbbbb aaaa bbbbb aaaa bbbbb aaaa bbbbb</p>");
    }
    rod_buf_adds(&src, "</section></body></rod>");
    rod_doc *doc = read_rod_str(src.data, NULL);
    rod_buf_free(&src);
    if (!CHECK(doc != NULL, "a book of poems loads"))
        return;
    int bad = 0, split = 0;
    for (int lpp = 8; lpp <= 24; lpp++) {
        rod_layout_opts o = opts_for(300, lpp);
        rod_layout *lay = rod_layout_new(doc, fake_measure(), &o);
        size_t total = rod_layout_page_count(lay);
        for (size_t p = 0; p + 1 < total; p++) {
            const rod_page *a = rod_layout_page(lay, p), *b = rod_layout_page(lay, p + 1);
            if (!a->nlines || !b->nlines)
                continue;
            const rod_node *st = doc->blocks[a->lines[a->nlines - 1].start.block].node->parent;
            if (!st || st->kind != ROD_STANZA || doc->blocks[b->lines[0].start.block].node->parent != st)
                continue;
            size_t before = 0, after = 0;
            for (size_t i = a->nlines; i-- > 0 && doc->blocks[a->lines[i].start.block].node->parent == st;)
                before++;
            for (size_t i = 0; i < b->nlines && doc->blocks[b->lines[i].start.block].node->parent == st; i++)
                after++;
            split++;
            if (before < 2 || after < 2) {
                bad++;

                printf("# a stanza split %zu / %zu at page %zu (%d lines a page)\n", before, after, p, lpp);
            }
        }
        rod_layout_free(lay);
    }
    char name[160];
    snprintf(name, sizeof name, "a stanza a page breaks keeps two lines at least on each side (%d stanzas split)",
             split);
    CHECK(bad == 0 && split > 20, name);
    rod_doc_free(doc);
}

/* Runs of hyphenated lines, at the layout's defaults (no option set
 * here): a text of long words at a narrow measure hyphenates at every
 * other line, so runs of two are everywhere and three would follow if the
 * rule allowed them. */
static void hyphen_runs_by_default(void)
{
    static const char *words[] = {"extraordinary", "international", "representation", "responsibility",
                                  "characteristic", "understanding", "establishment", "communication",
                                  "consideration", "administration", "circumstances", "unquestionably",
                                  "disappointment", "a", "of", "the", "and", "to", "in"};
    rod_buf src = ROD_BUF_INIT;
    rod_buf_adds(&src, ROD_OPEN "<head><title>T</title></head><body><section><title>C</title>");
    unsigned r = 5;
    for (int p = 0; p < 20; p++) {
        rod_buf_adds(&src, "<p>");
        for (int w = 0; w < 60; w++) {
            r = r * 1103515245u + 12345u;
            rod_buf_printf(&src, "%s ", words[(r >> 16) % (sizeof words / sizeof *words)]);
        }
        rod_buf_adds(&src, "end.</p>");
    }
    rod_buf_adds(&src, "</section></body></rod>");
    rod_doc *doc = read_rod_str(src.data, NULL);
    rod_buf_free(&src);
    rod_layout_opts d = rod_layout_defaults();
    rod_layout_opts o = opts_for(250, 30);
    CHECK(d.hyphenate && !d.greedy && !d.ragged, "the defaults justify and hyphenate with Knuth-Plass");
    int run = 0, worst = 0, pairs = 0;
    rod_layout *lay = rod_layout_new(doc, fake_measure(), &o);
    size_t total = rod_layout_page_count(lay);
    for (size_t p = 0; p < total; p++) {
        const rod_page *pg = rod_layout_page(lay, p);
        for (size_t i = 0; i < pg->nlines; i++) {
            run = pg->lines[i].flags & ROD_LINE_HYPHEN ? run + 1 : 0;
            pairs += run == 2;
            if (run > worst)
                worst = run;
        }
    }
    char name[160];
    snprintf(name, sizeof name, "never more than two hyphenated lines in a row by default (%d runs of two, "
             "the longest %d)", pairs, worst);
    CHECK(doc && worst <= 2 && pairs > 50, name);
    rod_layout_free(lay);
    rod_doc_free(doc);
}

int main(void)
{
    stanza_rules();
    hyphen_runs_by_default();
    return tap_done();
}
