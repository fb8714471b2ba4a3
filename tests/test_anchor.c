/* test_anchor.c — capturing and re-anchoring annotations (spec §3), the
 * approximate matcher against a plain dynamic programme, and the
 * .rodnotes exchange file.
 *
 * The edited copies are made from the sample book's own source by string
 * edits, so each case knows exactly where every quote must land: inserted
 * paragraphs shift blocks by a known amount, a changed word inside a quote
 * must give a fuzzy match covering the new word, a deleted paragraph must
 * orphan what was in it and nothing else.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "rod_anchor.h"
#include "rod_annot.h"
#include "rod_clean.h"
#include "rod_export.h"
#include "rod_utf8.h"
#include "tap.h"

static uint64_t rng = 0x9E3779B97F4A7C15u;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* ---- the matcher against the full table ---- */

static void naive(const unsigned char *t, size_t n, const unsigned char *p, size_t m,
                  size_t *best, size_t *ends, size_t *nends)
{
    size_t *prev = malloc((m + 1) * sizeof *prev), *cur = malloc((m + 1) * sizeof *cur);
    for (size_t i = 0; i <= m; i++)
        prev[i] = i;
    *best = m;
    *nends = 0;
    ends[(*nends)++] = 0;
    for (size_t j = 1; j <= n; j++) {
        cur[0] = 0;
        for (size_t i = 1; i <= m; i++) {
            size_t v = prev[i - 1] + (p[i - 1] != t[j - 1]);
            if (prev[i] + 1 < v)
                v = prev[i] + 1;
            if (cur[i - 1] + 1 < v)
                v = cur[i - 1] + 1;
            cur[i] = v;
        }
        if (cur[m] < *best) {
            *best = cur[m];
            *nends = 0;
        }
        if (cur[m] == *best)
            ends[(*nends)++] = j;
        size_t *sw = prev;
        prev = cur;
        cur = sw;
    }
    free(prev);
    free(cur);
}

static size_t dist(size_t a, size_t b)
{
    return a > b ? a - b : b - a;
}

static void test_fuzzy_against_naive(void)
{
    static const char *const alphabet[] = {"a", "b", "c", " ", "\xC3\xA9"};
    int bad_distance = 0, bad_end = 0, runs = 0;
    for (int r = 0; r < 300; r++) {
        unsigned char text[700], pat[200];
        size_t n = 0, m = 0, tn = 50 + rnd(600), pm = 1 + rnd(190);
        while (n < tn) {
            const char *s = alphabet[rnd(5)];
            size_t k = strlen(s);
            if (n + k > tn)
                break;
            memcpy(text + n, s, k);
            n += k;
        }
        /* half the patterns are a mutated piece of the text */
        if (r % 2 && n > pm) {
            size_t at = rnd((unsigned)(n - pm));
            memcpy(pat, text + at, pm);
            m = pm;
            for (unsigned e = rnd(6); e > 0; e--)
                pat[rnd((unsigned)m)] = (unsigned char)"abcx "[rnd(5)];
        } else {
            for (m = 0; m < pm; m++)
                pat[m] = (unsigned char)"abc "[rnd(4)];
        }
        size_t near = rnd((unsigned)n + 1);
        size_t want, ends[701], nends;
        naive(text, n, pat, m, &want, ends, &nends);
        size_t got = 0, end = 0;
        rod_fuzzy_search(text, n, pat, m, near, &got, &end);
        size_t nearest = ends[0];
        for (size_t i = 1; i < nends; i++)
            if (dist(ends[i], near) < dist(nearest, near))
                nearest = ends[i];
        bad_distance += got != want;
        bad_end += dist(end, near) != dist(nearest, near);
        runs++;
    }
    CHECK(runs == 300 && bad_distance == 0, "bit-parallel distance equals the full table on 300 random cases (patterns up to 190 bytes, 3 words)");
    CHECK(bad_end == 0, "its end is the optimal end nearest the expected place");
}

/* ---- anchoring ---- */

static rod_doc *doc_from(const char *src)
{
    rod_doc *doc = NULL;
    rod_read_rod(src, strlen(src), NULL, &doc);
    return doc;
}

/* The text between two positions. */
static char *range_text(const rod_text *t, rod_pos a, rod_pos b)
{
    size_t x = rod_text_byte(t, a), y = rod_text_byte(t, b);
    return strndup(t->data + x, y - x);
}

typedef struct sample {
    rod_annot a[60];
    size_t n;
} sample;

/* Random ranges of 2 to 12 words inside paragraphs of the body. */
static void make_annotations(const rod_text *t, sample *s)
{
    const rod_doc *doc = t->doc;
    s->n = 0;
    int guard = 0;
    while (s->n < 60 && guard++ < 10000) {
        size_t b = 1 + rnd((unsigned)doc->nblocks - 1);
        const rod_block *blk = &doc->blocks[b];
        if (blk->node->kind != ROD_P || blk->chars < 80)
            continue;
        size_t from = rnd((unsigned)(blk->chars - 60));
        /* start and end at word boundaries */
        size_t fb = rod_utf8_byte_at(blk->text, blk->len, from);
        while (fb < blk->len && blk->text[fb] != ' ')
            fb++;
        fb++;
        size_t words = 2 + rnd(11), eb = fb;
        for (size_t w = 0; w < words && eb < blk->len; w++) {
            eb++;
            while (eb < blk->len && blk->text[eb] != ' ')
                eb++;
        }
        if (fb >= eb || eb > blk->len)
            continue;
        rod_pos start = {b, rod_utf8_count(blk->text, fb)}, end = {b, rod_utf8_count(blk->text, eb)};
        rod_annot *a = &s->a[s->n];
        memset(a, 0, sizeof *a);
        rod_anchor_capture(t, start, end, a);
        char id[16];
        snprintf(id, sizeof id, "a%zu", s->n);
        rod_annot_set(&a->id, id);
        s->n++;
    }
}

static void sample_free(sample *s)
{
    for (size_t i = 0; i < s->n; i++)
        rod_annot_clear(&s->a[i]);
}

static void test_same_text(const rod_text *t, sample *s)
{
    int exact = 0;
    for (size_t i = 0; i < s->n; i++) {
        rod_anchor w;
        rod_anchor_find(t, &s->a[i], &w);
        exact += w.status == ROD_ANCHOR_EXACT && !rod_pos_cmp(w.start, s->a[i].start) &&
                 !rod_pos_cmp(w.end, s->a[i].end);
    }
    CHECK((size_t)exact == s->n && s->n >= 50, "in the same text every annotation anchors exactly where it was (rule 1)");
    /* quote and context as captured */
    const rod_annot *a = &s->a[0];
    char *q = range_text(t, a->start, a->end);
    CHECK(strcmp(q, a->quote) == 0 && rod_utf8_count(a->prefix, strlen(a->prefix)) <= 32 &&
          rod_utf8_count(a->suffix, strlen(a->suffix)) <= 32, "capture: the quote is the range's text, context at most 32 characters a side");
    free(q);
}

static void test_inserted_paragraphs(const char *src, sample *s)
{
    /* three paragraphs before the first one of the body: every block after
     * moves by three */
    const char *body = strstr(src, "<body>");
    const char *p = body ? strstr(body, "<p>") : NULL;
    char *copy = NULL;
    if (p) {
        size_t k = (size_t)(p - src);
        const char *ins = "<p>An editor's word.</p><p>Another.</p><p>And a third, to be sure.</p>";
        copy = malloc(strlen(src) + strlen(ins) + 1);
        memcpy(copy, src, k);
        strcpy(copy + k, ins);
        strcat(copy, p);
    }
    rod_doc *orig = doc_from(src), *doc = copy ? doc_from(copy) : NULL;
    rod_text t0, t;
    rod_text_build(orig, &t0);
    size_t first_p = 0;
    while (first_p < orig->nblocks && orig->blocks[first_p].node->kind != ROD_P)
        first_p++;
    int right = 0, same_text = 0;
    if (doc && rod_text_build(doc, &t) == ROD_OK) {
        for (size_t i = 0; i < s->n; i++) {
            rod_anchor w;
            rod_anchor_find(&t, &s->a[i], &w);
            size_t want = s->a[i].start.block + (s->a[i].start.block >= first_p ? 3 : 0);
            right += w.status == ROD_ANCHOR_MOVED && w.start.block == want &&
                     w.start.offset == s->a[i].start.offset;
            char *q = range_text(&t, w.start, w.end);
            same_text += strcmp(q, s->a[i].quote) == 0;
            free(q);
        }
        rod_text_free(&t);
    }
    CHECK(doc && (size_t)right == s->n, "paragraphs inserted before: every annotation moves by exactly three blocks (rule 2, context chooses among repeats)");
    CHECK((size_t)same_text == s->n, "and covers the same words");
    rod_text_free(&t0);
    rod_doc_free(orig);
    rod_doc_free(doc);
    free(copy);
}

/* One word inside the quote changed, and one word just before a quote. */
static void test_changed_words(void)
{
    const char *src = ROD_OPEN "<head><title>T</title></head><body>"
        "<p>Nothing happens here at all, the clerk said to nobody.</p>"
        "<p>The ledger of the Tarlak Sector grain levy, however, was one line too long; "
        "its index said four hundred and twelve entries.</p>"
        "<p>Count twice and accuse once, said the old regulation of the archive.</p>"
        "</body></rod>";
    rod_doc *doc = doc_from(src);
    rod_text t;
    rod_text_build(doc, &t);
    rod_annot in = {0}, around = {0};
    /* "grain levy, however, was one line too long" */
    const rod_block *b = &doc->blocks[2];
    size_t s0 = rod_utf8_count(b->text, (size_t)(strstr(b->text, "grain") - b->text));
    size_t e0 = rod_utf8_count(b->text, (size_t)(strstr(b->text, "; its") - b->text));
    rod_anchor_capture(&t, (rod_pos){2, s0}, (rod_pos){2, e0}, &in);
    const rod_block *c = &doc->blocks[3];
    size_t s1 = rod_utf8_count(c->text, (size_t)(strstr(c->text, "said the") - c->text));
    rod_anchor_capture(&t, (rod_pos){3, s1}, (rod_pos){3, c->chars}, &around);

    char *e1 = replace_once(src, "was one line too long", "was a single line too long");
    char *e2 = replace_once(e1, "Count twice and accuse", "Count thrice and accuse");
    char *e3 = replace_once(e2, "<p>Nothing happens", "<p>A new first paragraph.</p><p>Nothing happens");
    rod_doc *ed = doc_from(e3);
    rod_text te;
    rod_text_build(ed, &te);
    rod_anchor w;
    rod_anchor_find(&te, &in, &w);
    char *got = range_text(&te, w.start, w.end);
    CHECK(w.status == ROD_ANCHOR_FUZZY && strcmp(got, "grain levy, however, was a single line too long") == 0,
          "a word changed inside the quote: fuzzy match over exactly the new words (rule 3)");
    free(got);
    rod_anchor_find(&te, &around, &w);
    got = range_text(&te, w.start, w.end);
    CHECK(w.status == ROD_ANCHOR_MOVED && w.start.block == 4 && strcmp(got, around.quote) == 0,
          "a word changed just before the quote: found by its exact text (rule 2)");
    free(got);
    /* the whole paragraph rewritten: orphaned, positions kept */
    char *e4 = replace_once(e3, "grain levy, however, was a single line too long",
                       "tithe roll ran longer than its own index claimed");
    rod_doc *ed2 = doc_from(e4);
    rod_text te2;
    rod_text_build(ed2, &te2);
    rod_anchor_find(&te2, &in, &w);
    CHECK(w.status == ROD_ANCHOR_ORPHANED && !rod_pos_cmp(w.start, in.start),
          "a quote rewritten beyond recognition is orphaned with its stored position (rule 4)");
    rod_text_free(&te2);
    rod_doc_free(ed2);
    free(e4);
    rod_text_free(&te);
    rod_doc_free(ed);
    free(e1);
    free(e2);
    free(e3);
    rod_annot_clear(&in);
    rod_annot_clear(&around);
    rod_text_free(&t);
    rod_doc_free(doc);
}

/* Repeated phrases: context decides, then nearness. */
static void test_repeats(void)
{
    const char *src = ROD_OPEN "<head><title>T</title></head><body>"
        "<p>First: the answer is no. Said once.</p>"
        "<p>Second: the answer is no. Said twice.</p>"
        "<p>Third: the answer is no. Said thrice.</p></body></rod>";
    rod_doc *doc = doc_from(src);
    rod_text t;
    rod_text_build(doc, &t);
    rod_annot a = {0};
    rod_anchor_capture(&t, (rod_pos){2, 8}, (rod_pos){2, 25}, &a);
    /* move it: the stored position now points into the third paragraph */
    a.start.block = 3;
    a.end.block = 3;
    a.start.offset = 5;     /* rule 1 must not hold there */
    a.end.offset = 22;
    rod_anchor w;
    rod_anchor_find(&t, &a, &w);
    CHECK(w.status == ROD_ANCHOR_MOVED && w.start.block == 2 && w.start.offset == 8,
          "among equal quotes the one whose prefix and suffix agree wins over the nearer one");
    free(a.prefix);
    free(a.suffix);
    a.prefix = strdup("");
    a.suffix = strdup("");
    rod_anchor_find(&t, &a, &w);
    CHECK(w.status == ROD_ANCHOR_MOVED && w.start.block == 3,
          "without context the nearest occurrence wins");
    rod_annot_clear(&a);
    rod_text_free(&t);
    rod_doc_free(doc);
}

static void test_split_and_delete(const char *src, sample *s)
{
    /* a chapter split in two: a section boundary and a title inserted
     * before a paragraph in the middle of the first chapter */
    rod_doc *orig = doc_from(src);
    const char *mid = NULL;
    for (size_t i = 0; i < orig->nblocks && !mid; i++) {
        const rod_node *n = orig->blocks[i].node;
        if (n->kind == ROD_P && n->parent->kind == ROD_SECTION && n->prev && n->prev->kind == ROD_P &&
            n->next && i > 10) {
            /* find this paragraph's opening text in the source */
            char probe[40];
            snprintf(probe, sizeof probe, "%.30s", orig->blocks[i].text);
            const char *at = strstr(src, probe);
            if (at && strchr(probe, '<') == NULL) {
                while (at > src && strncmp(at, "<p", 2) != 0)
                    at--;
                mid = at;
            }
        }
    }
    char *copy = NULL;
    if (mid) {
        const char *ins = "</section><section><title>The Chapter Split Off</title>";
        size_t k = (size_t)(mid - src);
        copy = malloc(strlen(src) + strlen(ins) + 1);
        memcpy(copy, src, k);
        strcpy(copy + k, ins);
        strcat(copy, mid);
    }
    rod_doc *doc = copy ? doc_from(copy) : NULL;
    int ok = 0;
    if (doc) {
        rod_text t;
        rod_text_build(doc, &t);
        for (size_t i = 0; i < s->n; i++) {
            rod_anchor w;
            rod_anchor_find(&t, &s->a[i], &w);
            char *q = range_text(&t, w.start, w.end);
            ok += w.status != ROD_ANCHOR_ORPHANED && w.status != ROD_ANCHOR_FUZZY &&
                  strcmp(q, s->a[i].quote) == 0;
            free(q);
        }
        rod_text_free(&t);
    }
    CHECK(doc && (size_t)ok == s->n, "a chapter split in two: every annotation found with its exact words");
    rod_doc_free(doc);
    free(copy);

    /* a paragraph deleted: exactly the annotations in it are orphaned */
    const rod_annot *victim = &s->a[0];
    const rod_block *vb = &orig->blocks[victim->start.block];
    char probe[40];
    snprintf(probe, sizeof probe, "%.30s", vb->text);
    const char *at = strstr(src, probe);
    char *del = NULL;
    if (at && !strchr(probe, '<')) {
        const char *open = at;
        while (open > src && strncmp(open, "<p", 2) != 0)
            open--;
        const char *close = strstr(at, "</p>");
        if (close) {
            del = malloc(strlen(src) + 1);
            size_t k = (size_t)(open - src);
            memcpy(del, src, k);
            strcpy(del + k, close + 4);
        }
    }
    rod_doc *dd = del ? doc_from(del) : NULL;
    int orphan_right = 0;
    if (dd) {
        rod_text t;
        rod_text_build(dd, &t);
        for (size_t i = 0; i < s->n; i++) {
            rod_anchor w;
            rod_anchor_find(&t, &s->a[i], &w);
            bool inside = s->a[i].start.block == victim->start.block;
            /* a quote from the deleted paragraph may still occur elsewhere
             * word for word; then it is found there, never invented */
            bool elsewhere = strstr(t.data, s->a[i].quote) != NULL;
            orphan_right += inside ? (w.status == ROD_ANCHOR_ORPHANED || (elsewhere && w.status == ROD_ANCHOR_MOVED))
                                   : w.status != ROD_ANCHOR_ORPHANED;
        }
        rod_text_free(&t);
    }
    CHECK(dd && (size_t)orphan_right == s->n, "a paragraph deleted: its annotations are orphaned, all others found");
    rod_doc_free(dd);
    free(del);
    rod_doc_free(orig);
}

/* The same words in the same order: letters and digits compared, what
 * lies between them (spaces, line breaks, punctuation) not. */
static bool same_words(const char *a, const char *b)
{
    for (;;) {
        while (*a && !isalnum((unsigned char)*a) && (unsigned char)*a < 0x80)
            a++;
        while (*b && !isalnum((unsigned char)*b) && (unsigned char)*b < 0x80)
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        while ((isalnum((unsigned char)*a) || (unsigned char)*a >= 0x80) &&
               (isalnum((unsigned char)*b) || (unsigned char)*b >= 0x80)) {
            if (*a != *b)
                return false;
            a++, b++;
        }
        if (isalnum((unsigned char)*a) || (unsigned char)*a >= 0x80 || isalnum((unsigned char)*b) ||
            (unsigned char)*b >= 0x80)
            return false;   /* one word goes on where the other ends */
    }
}

/* rod -> plain text -> back: positions change, words stay. */
static void test_converted(const char *src, sample *s)
{
    rod_doc *orig = doc_from(src);
    char *txt = write_str(orig, ROD_FMT_TXT, 0, false);
    rod_doc *back = read_txt_str(txt, false, NULL);
    int found = 0, right = 0;
    if (back) {
        rod_text t;
        rod_text_build(back, &t);
        for (size_t i = 0; i < s->n; i++) {
            rod_anchor w;
            rod_anchor_find(&t, &s->a[i], &w);
            if (w.status == ROD_ANCHOR_ORPHANED)
                continue;
            found++;
            char *q = range_text(&t, w.start, w.end);
            /* exact or fuzzy, the range found holds the quote's words */
            if (same_words(q, s->a[i].quote))
                right++;
            else
                printf("# %s match \"%s\" for \"%s\"\n", w.status == ROD_ANCHOR_FUZZY ? "a fuzzy" : "a",
                       q, s->a[i].quote);
            free(q);
        }
        rod_text_free(&t);
    }
    printf("# converted to text and back: %d of %zu re-anchored\n", found, s->n);
    CHECK(back && (size_t)found == s->n && found == right,
          "converted to plain text and imported again: every annotation re-anchored on its own words");
    rod_doc_free(back);
    free(txt);
    rod_doc_free(orig);
}

static void test_bookmark(const rod_text *t)
{
    rod_annot a = {0};
    size_t b = 1;
    while (b < t->doc->nblocks && t->doc->blocks[b].chars < 100)
        b++;
    rod_anchor_capture_bookmark(t, (rod_pos){b, 0}, &a);
    size_t chars = rod_utf8_count(a.quote, strlen(a.quote));
    CHECK(!a.has_end && chars > 10 && chars <= 64 && a.quote[strlen(a.quote) - 1] != ' ' &&
          strncmp(t->doc->blocks[b].text, a.quote, strlen(a.quote)) == 0 &&
          (t->doc->blocks[b].text[strlen(a.quote)] == ' '),
          "a bookmark's quote is the first whole words after it, at most 64 characters");
    a.type = ROD_ANNOT_BOOKMARK;
    rod_anchor w;
    rod_anchor_find(t, &a, &w);
    CHECK(w.status == ROD_ANCHOR_EXACT, "and anchors where it was");
    rod_annot_clear(&a);
}

/* ---- positions from outside ---- */

static rod_annot annot_at(rod_pos start, rod_pos end, const char *quote)
{
    rod_annot a = {0};
    rod_annot_set(&a.id, "p");
    rod_annot_set(&a.quote, quote);
    rod_annot_set(&a.prefix, "");
    rod_annot_set(&a.suffix, "");
    a.start = start;
    a.end = end;
    a.has_end = true;
    return a;
}

/* Positions a file or a database could hold are checked against the book
 * before anything indexes the text with them. */
static void test_positions_checked(const rod_text *t)
{
    size_t nb = t->doc->nblocks;
    struct { rod_pos start, end; const char *what; } bad[] = {
        {{48, 0}, {99999999, 0}, "an end far past the last block"},
        {{48, 0}, {48, 99999999}, "an end far past its block's last character"},
        {{99999999, 0}, {99999999, 5}, "a start past the last block"},
        {{48, 5}, {48, 0}, "an end before the start"},
        {{(size_t)-1, (size_t)-1}, {(size_t)-1, (size_t)-1}, "a negative number read from the database"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        /* without a quote nothing can re-anchor it: orphaned, never exact */
        rod_annot a = annot_at(bad[i].start, bad[i].end, "");
        rod_anchor w;
        rod_anchor_find(t, &a, &w);
        char name[160];
        snprintf(name, sizeof name, "%s, without a quote, is orphaned", bad[i].what);
        CHECK(w.status == ROD_ANCHOR_ORPHANED, name);
        /* exporting it as JSON must not index the text with it (ASan) */
        rod_export_item it = {&a, w, 0};
        rod_buf out = ROD_BUF_INIT;
        rod_export(t, &it, 1, ROD_EXPORT_JSON, "2026-01-01", &out);
        snprintf(name, sizeof name, "%s: the JSON export has no position selector", bad[i].what);
        CHECK(out.data && !strstr(out.data, "TextPositionSelector"), name);
        rod_buf_free(&out);
        rod_annot_clear(&a);
        /* with a quote: re-anchored where the quote is, inside the text */
        a = annot_at(bad[i].start, bad[i].end, "one line too long");
        rod_anchor_find(t, &a, &w);
        snprintf(name, sizeof name, "%s, with a quote, is re-anchored by the quote", bad[i].what);
        CHECK(w.status == ROD_ANCHOR_MOVED && w.start.block < nb && w.end.block < nb &&
              w.start.block == 8 && w.start.offset == 57 && w.end.offset == 74, name);
        rod_annot_clear(&a);
    }
    /* a quote but no positions, as a .rodnotes file may carry it */
    const char *file = "<annotations xmlns=\"urn:isolinear:rod:annotations:1\" version=\"1\">"
        "<annotation id=\"q\" type=\"highlight\" created=\"2024-01-01T00:00:00Z\">"
        "<target><quote prefix=\"\" suffix=\"\">one line too long</quote></target></annotation>"
        "<annotation id=\"r\" type=\"note\" created=\"2024-01-01T00:00:00Z\">"
        "<target><start block=\"8\" offset=\"57\"/><quote>one line too long</quote></target>"
        "<body><p>n</p></body></annotation></annotations>";
    rod_notes set = {0};
    rod_notes_read(file, strlen(file), NULL, &set);
    for (size_t i = 0; i < set.n; i++) {
        rod_anchor w;
        rod_anchor_find(t, &set.items[i], &w);
        CHECK(set.n == 2 && set.items[i].has_end && w.status != ROD_ANCHOR_ORPHANED &&
              w.start.block == 8 && w.start.offset == 57 && w.end.block == 8 && w.end.offset == 74,
              i == 0 ? "a highlight with a quote and no positions keeps its quote's whole extent"
                     : "a note with a start and no end keeps its quote's whole extent");
    }
    rod_notes_free(&set);
}

/* ---- what text from outside may hold ---- */

static void test_clean(void)
{
    size_t at = 0;
    uint32_t cp = 0;
    CHECK(rod_clean_find("\x1b[41mBG", 8, ROD_FIELD_NAME, &at, &cp) && at == 0 && cp == 0x1B,
          "a name with ESC is refused, naming U+001B at byte 0");
    const char *c1 = "A\xC2\x9B" "31m";
    CHECK(rod_clean_find(c1, strlen(c1), ROD_FIELD_TEXT, &at, &cp) && at == 1 && cp == 0x9B,
          "U+009B (a C1 CSI) is refused in a note");
    CHECK(rod_clean_find("x\xC2\x85y", 4, ROD_FIELD_QUOTE, &at, &cp) && cp == 0x85,
          "U+0085 is refused even in a quote");
    const char *rlo = "Kira \xE2\x80\xAE" "ariK";
    CHECK(rod_clean_find(rlo, strlen(rlo), ROD_FIELD_NAME, &at, &cp) && cp == 0x202E,
          "a bidi override (U+202E) is refused in a name");
    CHECK(!rod_clean_find(rlo, strlen(rlo), ROD_FIELD_QUOTE, NULL, NULL),
          "but kept in a book's words, where right-to-left text needs it");
    CHECK(!rod_clean_find("one\ttwo\nthree", 13, ROD_FIELD_TEXT, NULL, NULL) &&
          rod_clean_find("one\ttwo", 7, ROD_FIELD_NAME, NULL, NULL),
          "tab and line feed are kept in a note, refused in a name");
    CHECK(rod_clean_find("ok\xFF", 3, ROD_FIELD_TEXT, &at, &cp) && at == 2 && cp == ROD_CLEAN_BAD_BYTE,
          "a byte that is not UTF-8 is refused");
    CHECK(!rod_clean_find("Elim Garak — Кардасия", strlen("Elim Garak — Кардасия"), ROD_FIELD_NAME, NULL, NULL),
          "ordinary letters and punctuation pass");
    char *s = strdup("\x1b]0;T\x07 note");
    size_t n = 0;
    CHECK(rod_clean_field(&s, ROD_FIELD_TEXT, &n) && n == 2 && strcmp(s, "\xEF\xBF\xBD]0;T\xEF\xBF\xBD note") == 0,
          "cleaning replaces ESC and BEL with U+FFFD and counts them");
    free(s);
    rod_buf b = ROD_BUF_INIT;
    const char *raw = "\x1b[41mBG\x07 \xC2\x9B \xE2\x80\xAE x\ny\xFF";
    rod_clean_term(&b, raw, strlen(raw));
    CHECK_STR(b.data, "\\x1b[41mBG\\x07 \\u009b \\u202e x y\\xff",
              "on a terminal every control, bidi control and stray byte is a visible escape");
    rod_buf_free(&b);

    char t[21];
    CHECK(rod_annot_time_norm("2369-05-01T20:15:00Z", t) && strcmp(t, "2369-05-01T20:15:00Z") == 0,
          "a UTC time is kept as it is");
    CHECK(rod_annot_time_norm("2024-03-01T01:30:00.250+02:00", t) && strcmp(t, "2024-02-29T23:30:00Z") == 0,
          "a fraction is dropped and an offset turned into UTC (across a leap day)");
    CHECK(rod_annot_time_norm("2023-12-31t20:00:00-0500", t) && strcmp(t, "2024-01-01T01:00:00Z") == 0,
          "an offset without a colon, across a year");
    const char *bad[] = {"<img src='", "", "2024-02-30T00:00:00Z", "2024-01-01T24:00:00Z",
                         "2024-01-01T00:00:00", "2024-01-01T00:00:00Zjunk", "2024-1-01T00:00:00Z"};
    bool all = true;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        all = all && !rod_annot_time_norm(bad[i], t) && t[0] == '\0';
    CHECK(all, "markup, a day that does not exist, an hour 24, a missing zone and trailing junk are not times");
    /* an offset cut short at the end of the string (found by fuzz_rodsync:
     * the colon was looked for past the end); heap copies, so ASan sees
     * any read past them */
    const char *cut[] = {"2026-12-02T05:14:21+", "2026-12-02T05:14:21-0", "2026-12-02T05:14:21+02",
                         "2026-12-02T05:14:21+02:"};
    all = true;
    for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++) {
        char *c = strdup(cut[i]);
        all = all && c && !rod_annot_time_norm(c, t);
        free(c);
    }
    CHECK(all, "an offset cut short is not a time, and nothing past the string is read");
}

/* ---- exports of hostile notes (fields as an old library or a bug could
 * hold them, past the checks on the way in) ---- */

static void test_export_escaped(const rod_text *t)
{
    rod_annot a = annot_at((rod_pos){8, 57}, (rod_pos){8, 74}, "one line too long");
    a.type = ROD_ANNOT_NOTE;
    rod_annot_set(&a.reader, "<script>alert(1)</script>");
    rod_annot_set(&a.color, "amber\"><img src=x onerror=alert(2)>");
    rod_annot_set(&a.created, "<img src='");
    rod_annot_set(&a.modified, "\"},{\"x\":1");
    rod_annot_set(&a.body, "<b onclick='x'>*bold* [link](javascript:alert(3))\n- item\n1. one\n# head");
    rod_annot_add_tag(&a, "' onerror='alert(document.domain)' ");
    rod_annot_set(&a.id, "\",\"evil\":\"");
    rod_export_item it = {&a, {ROD_ANCHOR_EXACT, {8, 57}, {8, 74}, 1}, 3};
    rod_buf html = ROD_BUF_INIT, md = ROD_BUF_INIT, json = ROD_BUF_INIT;
    rod_export(t, &it, 1, ROD_EXPORT_HTML, "2026-01-01", &html);
    rod_export(t, &it, 1, ROD_EXPORT_MD, "2026-01-01", &md);
    rod_export(t, &it, 1, ROD_EXPORT_JSON, "2026-01-01", &json);
    CHECK(html.data && !strstr(html.data, "<img") && !strstr(html.data, "<script") &&
          !strstr(html.data, "<b ") && !strstr(html.data, "onerror='") &&
          strstr(html.data, "&lt;img src=&#39;") && strstr(html.data, "#&#39; onerror=&#39;"),
          "HTML: the time, the tag, the name, the colour and the note are escaped, quotes too");
    bool bare_lt = false;     /* a '<' that is not escaped */
    for (const char *p = md.data ? md.data : ""; *p; p++)
        bare_lt = bare_lt || (*p == '<' && (p == md.data || p[-1] != '\\'));
    CHECK(md.data && !bare_lt && strstr(md.data, "\\<img src='") &&
          strstr(md.data, "\\*bold\\*") && strstr(md.data, "\\[link\\]") &&
          strstr(md.data, "\n\\- item") && strstr(md.data, "\n1\\. one") && strstr(md.data, "\n\\# head"),
          "Markdown: raw HTML, emphasis, links, list and heading markers are escaped");
    CHECK(json.data && !strstr(json.data, "\"evil\"") && !strchr(json.data, '<') &&
          strstr(json.data, "\\u003cimg src='"),
          "JSON: every field is a string literal (the id too), < written as \\u003c");
    rod_buf_free(&html);
    rod_buf_free(&md);
    rod_buf_free(&json);
    rod_annot_clear(&a);
}

/* ---- the exchange file ---- */

static bool diag_has(const rod_diag *d, rod_severity sev, const char *text)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].severity == sev && strstr(d->items[i].text, text))
            return true;
    return false;
}

static void fill(rod_annot *a, const char *id, rod_annot_type type)
{
    memset(a, 0, sizeof *a);
    rod_annot_set(&a->id, id);
    a->type = type;
    rod_annot_set(&a->reader, "Elim Garak");
    rod_annot_set(&a->color, "violet");
    rod_annot_set(&a->created, "2369-05-01T20:15:00Z");
    rod_annot_set(&a->modified, "2369-05-01T20:16:00Z");
    a->start = (rod_pos){112, 35};
    a->end = (rod_pos){113, 12};
    a->has_end = type != ROD_ANNOT_BOOKMARK;
    if (!a->has_end)
        a->end = a->start;
    rod_annot_set(&a->quote, "the \"exact\" text <&>\nacross a break, Кардасия");
    rod_annot_set(&a->prefix, "  up to 32\nbefore\t");   /* a block's end, a tab */
    rod_annot_set(&a->suffix, "after ");
}

static bool str_same(const char *what, const char *a, const char *b)
{
    if ((!a && !b) || (a && b && strcmp(a, b) == 0))
        return true;
    printf("# %s: \"%s\" against \"%s\"\n", what, a ? a : "(none)", b ? b : "(none)");
    return false;
}

/* Every field of two annotations, one by one (not rod_annot_equal, which
 * is the code under test too); the first that differs is printed. */
static bool same_fields(const rod_annot *a, const rod_annot *b)
{
    bool ok = str_same("id", a->id, b->id) && str_same("reader", a->reader, b->reader) &&
              str_same("color", a->color, b->color) && str_same("created", a->created, b->created) &&
              str_same("modified", a->modified, b->modified) && str_same("quote", a->quote, b->quote) &&
              str_same("prefix", a->prefix, b->prefix) && str_same("suffix", a->suffix, b->suffix) &&
              str_same("body", a->body, b->body);
    if (ok && (a->type != b->type || a->has_end != b->has_end || a->start.block != b->start.block ||
               a->start.offset != b->start.offset || a->end.block != b->end.block ||
               a->end.offset != b->end.offset)) {
        printf("# %s: type %d/%d, end %d/%d, %zu:%zu-%zu:%zu against %zu:%zu-%zu:%zu\n", a->id, a->type, b->type,
               a->has_end, b->has_end, a->start.block, a->start.offset, a->end.block, a->end.offset,
               b->start.block, b->start.offset, b->end.block, b->end.offset);
        ok = false;
    }
    ok = ok && a->ntags == b->ntags;
    for (size_t i = 0; ok && i < a->ntags; i++)
        ok = str_same("tag", a->tags[i], b->tags[i]);
    return ok;
}

static void test_rodnotes(void)
{
    rod_notes set = {0};
    set.fingerprint = strdup("sha256:0123");
    set.title = strdup("The Never Ending Sacrifice");
    set.id_scheme = strdup("uuid");
    set.identifier = strdup("6f1c2a9e");
    rod_annot a;
    fill(&a, "n-1", ROD_ANNOT_NOTE);
    rod_annot_set(&a.body, "First paragraph of the note.\nSecond, with <markup> & \"quotes\".");
    rod_annot_add_tag(&a, "politics");
    rod_annot_add_tag(&a, "ethics");
    rod_notes_push(&set, &a);
    fill(&a, "h-2", ROD_ANNOT_HIGHLIGHT);
    rod_notes_push(&set, &a);
    fill(&a, "b-3", ROD_ANNOT_BOOKMARK);
    rod_notes_push(&set, &a);

    rod_buf out = ROD_BUF_INIT;
    rod_notes_write(&set, &out);
    rod_notes back = {0};
    rod_diag diag = ROD_DIAG_INIT("notes");
    rod_err err = rod_notes_read(out.data, out.len, &diag, &back);
    bool same = err == ROD_OK && back.n == 3 && diag.n == 0;
    for (size_t i = 0; same && i < 3; i++)
        same = same_fields(&set.items[i], &back.items[i]);
    same = same && strcmp(back.fingerprint, set.fingerprint) == 0 &&
           strcmp(back.title, set.title) == 0 && strcmp(back.identifier, "6f1c2a9e") == 0 &&
           strcmp(back.id_scheme, "uuid") == 0;
    CHECK(same, "write -> read keeps every field (body paragraphs, tags, quote with markup characters and a line break, a line break and a tab in the prefix, bookmark without end)");
    rod_buf again = ROD_BUF_INIT;
    rod_notes_write(&back, &again);
    CHECK(again.len == out.len && memcmp(again.data, out.data, out.len) == 0, "read -> write gives the same bytes");
    rod_buf_free(&again);
    rod_notes_free(&back);
    rod_diag_free(&diag);
    rod_buf_free(&out);
    rod_notes_free(&set);

    /* hostile and broken files */
    const char *bomb = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"xxxxxxxx\"><!ENTITY y \"&x;&x;&x;\">]>"
                       "<annotations xmlns=\"urn:isolinear:rod:annotations:1\" version=\"1\">&y;</annotations>";
    rod_diag d1 = ROD_DIAG_INIT("bomb.rodnotes");
    err = rod_notes_read(bomb, strlen(bomb), &d1, &back);
    CHECK(err == ROD_ERR_INPUT && d1.errors == 1 && diag_has(&d1, ROD_ERROR, "declares the entity"), "an entity declaration is refused");
    rod_diag_free(&d1);
    const char *xxe = "<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><annotations xmlns=\"urn:isolinear:rod:annotations:1\">&e;</annotations>";
    rod_diag d2 = ROD_DIAG_INIT("xxe.rodnotes");
    err = rod_notes_read(xxe, strlen(xxe), &d2, &back);
    CHECK(err == ROD_ERR_INPUT && diag_has(&d2, ROD_ERROR, "external"), "an external entity is refused, nothing read from outside");
    rod_diag_free(&d2);
    const char *wrong = "<rod xmlns=\"urn:isolinear:rod:1\"/>";
    rod_diag d3 = ROD_DIAG_INIT("book.rod");
    err = rod_notes_read(wrong, strlen(wrong), &d3, &back);
    CHECK(err == ROD_ERR_INPUT && d3.items[0].line == 1 && d3.items[0].col > 0, "a book is not an annotation file: an error with line and column");
    rod_diag_free(&d3);

    const char *odd = "<annotations xmlns=\"urn:isolinear:rod:annotations:1\" version=\"1\">"
        "<book fingerprint=\"sha256:ab\"/>"
        "<annotation reader=\"Ziyal\" color=\"chartreuse\" created=\"2370-01-01T00:00:00Z\">"
        "<target><start block=\"3\" offset=\"x\"/><quote prefix=\"p\" suffix=\"s\">words</quote></target>"
        "<unknown>ignored</unknown><tag>art</tag></annotation>"
        "<annotation id=\"z\"><target/></annotation>"
        "</annotations>";
    rod_notes o1 = {0}, o2 = {0};
    rod_diag d4 = ROD_DIAG_INIT("odd.rodnotes");
    err = rod_notes_read(odd, strlen(odd), &d4, &o1);
    rod_notes_read(odd, strlen(odd), NULL, &o2);
    CHECK(err == ROD_OK && o1.n == 1 && strncmp(o1.items[0].id, "derived-", 8) == 0 &&
          strcmp(o1.items[0].id, o2.items[0].id) == 0,
          "an annotation without id gets one made from its content, the same on every read");
    CHECK(o1.n == 1 && strcmp(o1.items[0].color, "amber") == 0 && strcmp(o1.items[0].reader, "Ziyal") == 0 &&
          strcmp(o1.items[0].modified, o1.items[0].created) == 0 && o1.items[0].ntags == 1,
          "an unknown colour shows as amber; the reader's name and tags are kept");
    /* each repair is named, not merely counted */
    static const char *const repairs[] = {"offset=\"x\" is not a number", "unknown colour 'chartreuse'",
                                          "without an id", "unknown element <unknown>", "cannot be placed"};
    size_t named = 0;
    for (size_t i = 0; i < sizeof repairs / sizeof *repairs; i++) {
        if (diag_has(&d4, ROD_WARNING, repairs[i]))
            named++;
        else
            printf("# no warning \"%s\"\n", repairs[i]);
    }
    CHECK(named == sizeof repairs / sizeof *repairs,
          "and each repair is a warning (number, colour, id, unknown element, unplaceable annotation)");
    rod_diag_free(&d4);
    rod_notes_free(&o1);
    rod_notes_free(&o2);
}

int main(int argc, char **argv)
{
    const char *fixtures = argc > 1 ? argv[1] : "tests/fixtures";
    test_fuzzy_against_naive();

    char *path = fixture_path(fixtures, "../../docs/the-archivist-of-lakat.rod");
    char *src = load(path, NULL);
    free(path);
    CHECK(src != NULL, "the sample book loads");
    if (src) {
        rod_doc *doc = doc_from(src);
        rod_text t;
        rod_text_build(doc, &t);
        sample s;
        make_annotations(&t, &s);
        test_same_text(&t, &s);
        test_inserted_paragraphs(src, &s);
        test_split_and_delete(src, &s);
        test_converted(src, &s);
        test_bookmark(&t);
        test_positions_checked(&t);
        test_export_escaped(&t);
        sample_free(&s);
        rod_text_free(&t);
        rod_doc_free(doc);
        free(src);
    }
    test_changed_words();
    test_repeats();
    test_rodnotes();
    test_clean();
    return tap_done();
}
