/* test_threads.c — discussions (issue 21 item 5): which note a reply
 * answers, the order of replies, and the exports that print them.
 *
 * rod_threads_build is checked on hand-made cases (a reply waiting for its
 * note, a cycle of replies, a chain 100,000 long) and against properties
 * every set must keep, on random sets of notes whose reply-to ids point at
 * each other, at themselves, at ids that appear twice and at ids that are
 * not there: every item is reached exactly once from the roots, a parent
 * is always the note the reply names, a link is cut only where the names
 * go round in a cycle, and each note's replies come in time order. The
 * exports are read as a person reads them: a reply stands under the note
 * it answers, not at its own copy of the passage, one level deeper for an
 * answer to an answer, and an orphaned note keeps its replies.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "rod_anchor.h"
#include "rod_annot.h"
#include "rod_export.h"
#include "tap.h"

static uint64_t rng = 0x2545F4914F6CDD1Du;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static void note(rod_annot *a, const char *id, const char *reply_to, const char *created)
{
    memset(a, 0, sizeof *a);
    rod_annot_set(&a->id, id);
    rod_annot_set(&a->reply_to, reply_to);
    rod_annot_set(&a->created, created);
    a->type = ROD_ANNOT_NOTE;
}

/* The walk from every root, concatenated; returns how many items. */
static size_t walk_all(const rod_threads *t, size_t *out, unsigned *depth)
{
    size_t *stack = malloc((2 * t->n + 1) * sizeof *stack);
    size_t m = 0;
    for (size_t i = 0; i < t->n; i++)
        if (t->parent[i] == ROD_THREAD_NONE)
            m += rod_threads_walk(t, i, stack, out + m, depth + m);
    free(stack);
    return m;
}

static void test_cases(void)
{
    rod_annot a[6];
    note(&a[0], "p", NULL, "2370-01-01T00:00:00Z");
    note(&a[1], "r-late", "p", "2370-01-03T00:00:00Z");
    note(&a[2], "r-early", "p", "2370-01-02T00:00:00Z");
    note(&a[3], "rr", "r-late", "2370-01-04T00:00:00Z");
    note(&a[4], "waiting", "not-here-yet", "2370-01-05T00:00:00Z");
    note(&a[5], "self", "self", "2370-01-06T00:00:00Z");
    const rod_annot *ptrs[6];
    for (int i = 0; i < 6; i++)
        ptrs[i] = &a[i];
    rod_threads t;
    CHECK(rod_threads_build(ptrs, 6, &t) == ROD_OK, "threads build");
    CHECK(t.parent[1] == 0 && t.parent[2] == 0 && t.parent[3] == 1, "each reply's parent is the note it names");
    CHECK(t.parent[4] == ROD_THREAD_NONE, "a reply to a note that has not arrived stands on its own");
    CHECK(t.parent[5] == ROD_THREAD_NONE && t.parent[0] == ROD_THREAD_NONE, "a note answering itself is a root");
    size_t out[6];
    unsigned depth[6];
    size_t stack[12];
    size_t m = rod_threads_walk(&t, 0, stack, out, depth);
    CHECK(m == 4 && out[0] == 0 && out[1] == 2 && out[2] == 1 && out[3] == 3 && depth[0] == 0 && depth[1] == 1 &&
              depth[2] == 1 && depth[3] == 2,
          "the walk: the note, its replies by time (the earlier first, though listed second), an answer to an "
          "answer one level deeper under it");
    rod_threads_free(&t);
    rod_threads_free(&t);   /* a freed struct frees again */

    /* the note arrives: the waiting reply goes under it */
    rod_annot late;
    note(&late, "not-here-yet", NULL, "2370-01-01T00:00:00Z");
    const rod_annot *ptrs2[7] = {ptrs[0], ptrs[1], ptrs[2], ptrs[3], ptrs[4], ptrs[5], &late};
    rod_threads_build(ptrs2, 7, &t);
    CHECK(t.parent[4] == 6, "once its note arrives, the waiting reply stands under it");
    rod_threads_free(&t);
    rod_annot_clear(&late);
    for (int i = 0; i < 6; i++)
        rod_annot_clear(&a[i]);

    /* a cycle of three and one more answering into it */
    rod_annot c[4];
    note(&c[0], "a", "b", "2370-01-01T00:00:00Z");
    note(&c[1], "b", "c", "2370-01-01T00:00:00Z");
    note(&c[2], "c", "a", "2370-01-01T00:00:00Z");
    note(&c[3], "d", "a", "2370-01-01T00:00:00Z");
    const rod_annot *cp[4] = {&c[0], &c[1], &c[2], &c[3]};
    rod_threads_build(cp, 4, &t);
    int roots = 0;
    for (int i = 0; i < 4; i++)
        roots += t.parent[i] == ROD_THREAD_NONE;
    size_t all[4];
    unsigned dep[4];
    size_t got = walk_all(&t, all, dep);
    CHECK(roots == 1 && got == 4 && t.parent[3] == 0, "a cycle of replies is cut once: all four reached from one root");
    rod_threads_free(&t);
    for (int i = 0; i < 4; i++)
        rod_annot_clear(&c[i]);
}

/* A chain of 100,000 answers: no recursion, every one reached, in order. */
static void test_chain(void)
{
    enum { N = 100000 };
    rod_annot *a = calloc(N, sizeof *a);
    const rod_annot **p = calloc(N, sizeof *p);
    char id[32], to[32];
    for (size_t i = 0; i < N; i++) {
        snprintf(id, sizeof id, "n%zu", i);
        snprintf(to, sizeof to, "n%zu", i - 1);
        note(&a[i], id, i ? to : NULL, "2370-01-01T00:00:00Z");
        p[i] = &a[i];
    }
    rod_threads t;
    rod_threads_build(p, N, &t);
    size_t *out = malloc(N * sizeof *out), *stack = malloc(2 * N * sizeof *stack);
    unsigned *depth = malloc(N * sizeof *depth);
    size_t m = rod_threads_walk(&t, 0, stack, out, depth);
    CHECK(m == N && out[N - 1] == N - 1 && depth[N - 1] == N - 1, "a chain of 100,000 replies is walked whole");
    rod_threads_free(&t);
    for (size_t i = 0; i < N; i++)
        rod_annot_clear(&a[i]);
    free(a);
    free(p);
    free(out);
    free(stack);
    free(depth);
}

/* The first item whose id is `id`, by a plain scan; -1 when none. */
static long naive_find(rod_annot *a, size_t n, const char *id)
{
    for (size_t i = 0; id && i < n; i++)
        if (!strcmp(a[i].id, id))
            return (long)i;
    return -1;
}

static void test_random_sets(void)
{
    int bad_reach = 0, bad_parent = 0, bad_cut = 0, bad_order = 0;
    for (int seed = 0; seed < 300; seed++) {
        size_t n = 1 + rnd(40);
        rod_annot a[40];
        const rod_annot *p[40];
        char id[16], to[16], when[32];
        for (size_t i = 0; i < n; i++) {
            snprintf(id, sizeof id, "i%u", rnd((unsigned)n + 2));    /* ids may repeat */
            snprintf(to, sizeof to, "i%u", rnd((unsigned)n + 4));    /* or name no one */
            snprintf(when, sizeof when, "2370-01-%02uT00:00:00Z", 1 + rnd(5));
            note(&a[i], id, rnd(4) ? to : NULL, when);
            p[i] = &a[i];
        }
        rod_threads t;
        rod_threads_build(p, n, &t);
        size_t all[40];
        unsigned depth[40];
        size_t m = walk_all(&t, all, depth);
        int seen[40] = {0};
        for (size_t k = 0; k < m; k++)
            seen[all[k]]++;
        for (size_t i = 0; i < n; i++)
            bad_reach += seen[i] != 1;
        bad_reach += m != n;
        for (size_t i = 0; i < n; i++) {
            long named = naive_find(a, n, a[i].reply_to);
            if (t.parent[i] != ROD_THREAD_NONE) {
                bad_parent += (long)t.parent[i] != named;
                continue;
            }
            /* a root: it names no one, no one here, itself, or its names
             * go round: following them from it comes back to it */
            if (named < 0 || named == (long)i)
                continue;
            long k = named;
            size_t steps = 0;
            while (k >= 0 && k != (long)i && steps++ <= n)
                k = naive_find(a, n, a[k].reply_to);
            bad_cut += k != (long)i;
        }
        for (size_t q = 0; q < n; q++)
            for (size_t k = t.first[q]; k + 1 < t.first[q + 1]; k++)
                bad_order += strcmp(a[t.kids[k]].created, a[t.kids[k + 1]].created) > 0;
        rod_threads_free(&t);
        for (size_t i = 0; i < n; i++)
            rod_annot_clear(&a[i]);
    }
    CHECK(bad_reach == 0, "300 random sets: every note reached exactly once from the roots");
    CHECK(bad_parent == 0, "300 random sets: a parent is always the first note with the id the reply names");
    CHECK(bad_cut == 0, "300 random sets: a reply is cut from the note it names only inside a cycle of names");
    CHECK(bad_order == 0, "300 random sets: each note's replies in time order");
}

/* ---- exports ---- */

static const char *after(const char *s, const char *what)
{
    const char *p = s ? strstr(s, what) : NULL;
    return p ? p + strlen(what) : NULL;
}

/* True when the strings occur in this order. */
static bool in_order(const char *s, const char *const *parts, size_t n)
{
    for (size_t i = 0; i < n && s; i++)
        s = after(s, parts[i]);
    return s != NULL;
}

static void test_exports(const rod_text *t)
{
    rod_annot a[5];
    /* the note, on block 8; replies carrying copies of other passages
     * (block 12's, or none that exists): they must still stand under it */
    rod_pos p8 = {8, 57}, e8 = {8, 74}, p12 = {12, 0}, e12 = {12, 10};
    note(&a[0], "note-1", NULL, "2370-01-01T00:00:00Z");
    rod_anchor_capture(t, p8, e8, &a[0]);
    rod_annot_set(&a[0].reader, "Kira");
    rod_annot_set(&a[0].body, "Why one line?");
    note(&a[1], "reply-late", "note-1", "2370-01-03T00:00:00Z");
    rod_anchor_capture(t, p12, e12, &a[1]);
    rod_annot_set(&a[1].reader, "Quark");
    rod_annot_set(&a[1].body, "Second answer");
    note(&a[2], "reply-early", "note-1", "2370-01-02T00:00:00Z");
    rod_anchor_capture(t, p12, e12, &a[2]);
    rod_annot_set(&a[2].reader, "Odo");
    rod_annot_set(&a[2].body, "First answer");
    note(&a[3], "answer-to-odo", "reply-early", "2370-01-04T00:00:00Z");
    rod_anchor_capture(t, p12, e12, &a[3]);
    rod_annot_set(&a[3].reader, "Kira");
    rod_annot_set(&a[3].body, "Answer to Odo");
    /* an orphaned note: its quote is in no block */
    note(&a[4], "lost", NULL, "2370-01-05T00:00:00Z");
    rod_annot_set(&a[4].quote, "words this book never held at all");
    rod_annot_set(&a[4].body, "Lost note");
    a[4].start = (rod_pos){3, 0};
    a[4].end = (rod_pos){3, 5};
    a[4].has_end = true;
    rod_annot r5;
    note(&r5, "reply-to-lost", "lost", "2370-01-06T00:00:00Z");
    rod_anchor_capture(t, p8, e8, &r5);
    rod_annot_set(&r5.body, "Reply to the lost note");

    const rod_annot *all[6] = {&a[0], &a[1], &a[2], &a[3], &a[4], &r5};
    rod_export_item items[6];
    for (int i = 0; i < 6; i++) {
        items[i].annot = all[i];
        items[i].page = 7;
        rod_anchor_find(t, all[i], &items[i].where);
    }
    CHECK(items[4].where.status == ROD_ANCHOR_ORPHANED && items[1].where.start.block == 12,
          "(the set-up: one note orphaned, the replies' own passages elsewhere)");
    /* reading order, as the command sorts: replies at block 12 after it */
    rod_export_item sorted[6] = {items[0], items[5], items[1], items[2], items[3], items[4]};
    rod_buf md = ROD_BUF_INIT, html = ROD_BUF_INIT;
    rod_export(t, sorted, 6, ROD_EXPORT_MD, "2370-02-01", &md);
    rod_export(t, sorted, 6, ROD_EXPORT_HTML, "2370-02-01", &html);
    rod_buf_addc(&md, '\0');
    rod_buf_addc(&html, '\0');
    const char *md_order[] = {"> one line too long", "Why one line?", "\n- **Odo** replied", "  First answer",
                              "\n  - **Kira** replied", "    Answer to Odo", "\n- **Quark** replied",
                              "  Second answer", "Orphaned", "Lost note", "\n- **an unnamed reader** replied",
                              "Reply to the lost note"};
    CHECK(in_order(md.data, md_order, sizeof md_order / sizeof *md_order),
          "Markdown: each reply under its note as a nested list, by time; an orphaned note keeps its reply");
    if (!in_order(md.data, md_order, sizeof md_order / sizeof *md_order))
        printf("# %s\n", md.data);
    const char *p = strstr(md.data, "Second answer");
    CHECK(p && !strstr(p + 1, "Second answer") && !strstr(md.data, "**Quark** \xC2\xB7 page"),
          "Markdown: a reply is written once, without a page or a passage of its own");
    const char *h_order[] = {"<blockquote>one line too long", "Why one line?",
                             "<div class=\"reply\" style=\"margin-left: 1.5em\">\n<p class=\"meta\"><b>Odo</b> replied",
                             "<div class=\"reply\" style=\"margin-left: 3.0em\">\n<p class=\"meta\"><b>Kira</b> replied",
                             "<div class=\"reply\" style=\"margin-left: 1.5em\">\n<p class=\"meta\"><b>Quark</b> replied",
                             "Orphaned", "Lost note", "Reply to the lost note"};
    CHECK(in_order(html.data, h_order, sizeof h_order / sizeof *h_order),
          "HTML: replies under the note, indented by depth, in time order; the orphan keeps its reply");
    size_t quotes = 0;
    for (const char *q = html.data; (q = strstr(q, "<blockquote>")); q++)
        quotes++;
    CHECK(quotes == 2, "HTML: two passages quoted (the note's and the orphan's), none for the replies");
    rod_buf_free(&md);
    rod_buf_free(&html);
    for (int i = 0; i < 5; i++)
        rod_annot_clear(&a[i]);
    rod_annot_clear(&r5);
}

int main(int argc, char **argv)
{
    const char *fixtures = argc > 1 ? argv[1] : "tests/fixtures";
    test_cases();
    test_chain();
    test_random_sets();
    char *path = fixture_path(fixtures, "../../docs/the-archivist-of-lakat.rod");
    char *src = load(path, NULL);
    free(path);
    CHECK(src != NULL, "the sample book loads");
    if (src) {
        rod_doc *doc = read_rod_str(src, NULL);
        rod_text t;
        rod_text_build(doc, &t);
        test_exports(&t);
        rod_text_free(&t);
        rod_doc_free(doc);
        free(src);
    }
    return tap_done();
}
