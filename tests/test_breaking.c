/* test_breaking.c — the line breakers against naive models of themselves.
 *
 * Knuth–Plass claims the breaking with the least total demerits among all
 * breakings whose lines stay within the tolerance, with no more than two
 * hyphenated lines in a row. Here a brute-force search tries every subset
 * of breakpoints of short random paragraphs, scores each with its own
 * (independently written) demerits, and must find exactly the same
 * minimum, or find none when the breaker finds none. First fit is checked
 * for what it promises: every line fits, and no line could have taken the
 * next word.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_font.h"
#include "rod_buf.h"
#include "layout_internal.h"
#include "tap.h"

static unsigned long rng = 12345;

static unsigned rnd(unsigned n)
{
    rng = rng * 6364136223846793005ul + 1442695040888963407ul;
    return (unsigned)((rng >> 33) % n);
}

/* A paragraph of words 1..8 chars (10 px a char), spaces (10, 5, 3), some
 * long words with a flagged hyphen penalty (width 10, value 50) inside. */
static size_t make_para(item *it, size_t words)
{
    size_t n = 0;
    for (size_t w = 0; w < words; w++) {
        int len = 1 + (int)rnd(8);
        if (len >= 6 && rnd(2)) {
            int a = 2 + (int)rnd((unsigned)len - 4);
            it[n++] = (item){IT_BOX, false, 0, a * 10, 0, 0, 0, 0, 0, NULL};
            it[n++] = (item){IT_PENALTY, true, 0, 10, 0, 0, 50, 0, 0, NULL};
            it[n++] = (item){IT_BOX, false, 0, (len - a) * 10, 0, 0, 0, 0, 0, NULL};
        } else {
            it[n++] = (item){IT_BOX, false, 0, len * 10, 0, 0, 0, 0, 0, NULL};
        }
        if (w + 1 < words)
            it[n++] = (item){IT_GLUE, false, 0, 10, 5, 3, 0, 0, 0, NULL};
    }
    it[n++] = (item){IT_GLUE, false, 0, 0, 1 << 20, 0, 0, 0, 0, NULL};
    it[n++] = (item){IT_PENALTY, false, 0, 0, 0, 0, -PENALTY_INF, 0, 0, NULL};
    return n;
}

/* ---- the naive model ---- */

typedef struct model {
    const item *it;
    size_t n;
    int first, rest;
    kp_params p;
    size_t legal[64];
    size_t nlegal;
    double best;
    bool found;
} model;

static int fitness_of(double r)
{
    return r < -0.5 ? 3 : r <= 0.5 ? 2 : r <= 1 ? 1 : 0;
}

/* Demerits of the breaking (break indices b[0..k)), or -1 if infeasible. */
static double score(const model *m, const size_t *b, size_t k)
{
    double total = 0;
    int prev_fit = 2, run = 0;
    size_t start = 0;
    for (size_t l = 0; l < k; l++) {
        size_t e = b[l];
        long w = 0, y = 0, z = 0;
        for (size_t i = start; i < e; i++) {
            if (m->it[i].type == IT_PENALTY)
                continue;
            w += m->it[i].width;
            if (m->it[i].type == IT_GLUE) {
                y += m->it[i].stretch;
                z += m->it[i].shrink;
            }
        }
        const item *br = &m->it[e];
        if (br->type == IT_PENALTY)
            w += br->width;
        long lw = l == 0 ? m->first : m->rest;
        double r = w < lw ? (y ? (double)(lw - w) / y : 1e9) : w > lw ? (z ? (double)(lw - w) / z : -1e9) : 0;
        if (r < -1 || r > m->p.tolerance)
            return -1;
        double bad = fmin(round(100 * pow(fabs(r), 3)), 10000);
        double d = pow(m->p.line_penalty + bad, 2);
        bool flagged = br->type == IT_PENALTY && br->flagged;
        if (br->type == IT_PENALTY && br->penalty >= 0)
            d += pow(br->penalty, 2);
        else if (br->type == IT_PENALTY && br->penalty > -PENALTY_INF)
            d -= pow(br->penalty, 2);
        if (flagged && run > 0)
            d += m->p.flagged_demerits;
        int fit = fitness_of(r);
        if (abs(fit - prev_fit) > 1)
            d += m->p.fitness_demerits;
        run = flagged ? run + 1 : 0;
        if (run > m->p.max_hyphen_run)
            return -1;
        prev_fit = fit;
        total += d;
        /* the next line starts at the first box after the break */
        start = e + 1;
        if (br->type == IT_GLUE)
            start = e;
        while (start < m->n && m->it[start].type != IT_BOX)
            start++;
    }
    return total;
}

static void search(model *m, size_t from, size_t *b, size_t k)
{
    for (size_t j = from; j < m->nlegal; j++) {
        b[k] = m->legal[j];
        if (j == m->nlegal - 1) {
            double s = score(m, b, k + 1);
            if (s >= 0 && (!m->found || s < m->best)) {
                m->best = s;
                m->found = true;
            }
        } else {
            search(m, j + 1, b, k + 1);
        }
    }
}

static bool is_legal(const item *it, size_t i)
{
    if (it[i].type == IT_GLUE)
        return i > 0 && it[i - 1].type == IT_BOX;
    return it[i].type == IT_PENALTY && it[i].penalty < PENALTY_INF;
}


/* Widest line of a breaking: natural widths (glue at its width). */
static long widest_line(const item *it, size_t n, const break_list *br)
{
    long widest = 0;
    size_t from = 0;
    for (size_t l = 0; l < br->n; l++) {
        long w = 0;
        for (size_t i = from; i < br->at[l]; i++)
            if (it[i].type != IT_PENALTY)
                w += it[i].width;
        if (it[br->at[l]].type == IT_PENALTY)
            w += it[br->at[l]].width;
        if (w > widest)
            widest = w;
        from = items_line_start(it, n, br->at[l]);
    }
    return widest;
}

/* A paragraph of one-character styled spans with nothing breakable
 * between them (adjacent noterefs): items_build must give a break between
 * every two of them, so Knuth–Plass finds lines inside the measure. */
static void one_char_spans(void)
{
    enum { N = 3000 };
    static char text[N + 1];
    static span spans[N];
    static run_style styles[N];
    for (size_t i = 0; i < N; i++) {
        text[i] = (char)('0' + i % 10);
        spans[i] = (span){(uint32_t)i, (uint32_t)i + 1, (uint32_t)i};
        styles[i] = (run_style){{0, 0, 20}, 0, 0, NULL};
    }
    rod_measure m = fake_measure();
    for (int mode = 0; mode < 2; mode++) {
        para_in in = {text, N, spans, N, styles, "en", mode ? SET_RAGGED : SET_JUSTIFY, true, 0, 100};
        item_list items = {0};
        bool built = items_build(&in, &m, &items);
        kp_params p = kp_defaults();
        break_list br = {0};
        bool got = built && kp_break(items.v, items.n, 100, 100, &p, &br);
        long widest = got ? widest_line(items.v, items.n, &br) : -1;
        CHECK(got && widest <= 100 && br.n >= N / 10,
              mode ? "3,000 one-character spans, ragged: broken between them, every line inside the measure"
                   : "3,000 one-character spans, justified: broken between them, every line inside the measure");
        breaks_free(&br);
        items_free(&items);
    }
}

/* A box wider than the line (a glyph wider than the measure) defeats
 * every tolerance; the paragraph is still set, first fit, the box alone
 * on its line, instead of being lost. */
static void box_wider_than_line(void)
{
    item it[] = {
        {IT_BOX, false, 0, 30, 0, 0, 0, 0, 0, NULL},
        {IT_GLUE, false, 0, 10, 5, 3, 0, 0, 0, NULL},
        {IT_BOX, false, 0, 500, 0, 0, 0, 0, 0, NULL},
        {IT_GLUE, false, 0, 10, 5, 3, 0, 0, 0, NULL},
        {IT_BOX, false, 0, 30, 0, 0, 0, 0, 0, NULL},
        {IT_GLUE, false, 0, 0, 1 << 20, 0, 0, 0, 0, NULL},
        {IT_PENALTY, false, 0, 0, 0, 0, -PENALTY_INF, 0, 0, NULL},
    };
    size_t n = sizeof it / sizeof it[0];
    kp_params p = kp_defaults();
    break_list br = {0};
    bool got = kp_break(it, n, 100, 100, &p, &br);
    CHECK(got && br.n == 3 && br.at[0] == 1 && br.at[1] == 3,
          "a box wider than the line: the paragraph is set, the box on a line of its own");
    breaks_free(&br);
}

/* ---- a long paragraph broken window by window (pieces.c) ---- */

typedef struct line_rec {
    uint32_t start, brk_start, brk_end;
    uint8_t brk_type;
    bool flagged;
    double ratio;
} line_rec;

typedef struct line_log {
    line_rec *v;
    size_t n, cap;
    size_t max_window;          /* most items handed over at once */
    int rewinds;
} line_log;


static void log_rewind(void *ctx)
{
    line_log *log = ctx;
    log->n = 0;
    log->rewinds++;
}

static bool log_line(void *ctx, const item *it, size_t n, size_t from, size_t b, double r)
{
    line_log *log = ctx;
    if (log->n == log->cap) {
        log->cap = log->cap ? log->cap * 2 : 256;
        log->v = realloc(log->v, log->cap * sizeof *log->v);
    }
    if (n > log->max_window)
        log->max_window = n;
    log->v[log->n++] = (line_rec){from < n ? it[from].start : UINT32_MAX, it[b].start, it[b].end,
                                  it[b].type, it[b].flagged, r};
    return true;
}
static bool log_break(const para_in *in, const rod_measure *m, const para_how *how, line_log *log)
{
    para_sink sink = {log_line, log_rewind, log};
    return para_break(in, m, how, &sink);
}

/* A paragraph of some 40 kB: words of 1 to 14 letters (the long ones
 * hyphenate), commas, soft hyphens, em dashes, no-break spaces and a few
 * forced breaks (br), in three styles that change between words and
 * inside them; with `runs`, also runs of 150 letters with no break in
 * them, which no line within the tolerance can hold. */
static char *long_text(size_t bytes, bool runs, span **spans_out, size_t *nspans)
{
    static const char *words[] = {"a", "of", "the", "and", "ledger", "archivist", "hyphenation",
                                  "extraordinary", "considerable", "remembrance", "Lakat", "records"};
    rod_buf t = ROD_BUF_INIT;
    size_t cap = 1024, n = 0;
    span *sp = malloc(cap * sizeof *sp);
    uint32_t style = 0, since = 0;
    while (t.len < bytes) {
        unsigned k = rnd(100);
        if (k < 2)
            rod_buf_adds(&t, "\u00a0");
        else if (k < 3)
            rod_buf_adds(&t, "\n");
        else if (k < 5)
            rod_buf_adds(&t, "\u2014");
        else if (t.len && t.data[t.len - 1] != '\n')
            rod_buf_adds(&t, " ");
        if (runs && rnd(40) == 0) {
            for (int i = 0; i < 150; i++)
                rod_buf_add(&t, "xyz" + i % 3, 1);
        } else {
            const char *w = words[rnd(sizeof words / sizeof *words)];
            size_t wl = strlen(w);
            if (wl > 6 && rnd(5) == 0) {
                rod_buf_add(&t, w, 3);
                rod_buf_adds(&t, "\u00ad");
                rod_buf_adds(&t, w + 3);
            } else {
                rod_buf_adds(&t, w);
            }
        }
        if (rnd(6) == 0)
            rod_buf_adds(&t, ",");
        if (rnd(4) == 0 && t.len > since) {
            /* a style change, at the word's end or two letters back */
            uint32_t at = (uint32_t)t.len - (rnd(3) == 0 && t.len - since > 3 ? 2 : 0);
            while (at > since && ((unsigned char)t.data[at] & 0xC0) == 0x80)
                at--;
            if (at > since) {
                if (n + 1 >= cap)
                    sp = realloc(sp, (cap *= 2) * sizeof *sp);
                sp[n++] = (span){since, at, style};
                since = at;
                style = rnd(3);
            }
        }
    }
    if (n + 1 >= cap)
        sp = realloc(sp, (cap + 1) * sizeof *sp);
    sp[n++] = (span){since, (uint32_t)t.len, style};
    *spans_out = sp;
    *nspans = n;
    return rod_buf_steal(&t, NULL);
}

static bool same_lines(const line_log *a, const line_log *b)
{
    for (size_t i = 0; i < a->n || i < b->n; i++) {
        if (i == a->n || i == b->n) {
            printf("# %zu lines against %zu\n", a->n, b->n);
            return false;
        }
        const line_rec *x = &a->v[i], *y = &b->v[i];
        if (x->start != y->start || x->brk_start != y->brk_start || x->brk_end != y->brk_end ||
            x->brk_type != y->brk_type || x->ratio != y->ratio) {
            printf("# line %zu differs: %u..%u (%.4f) against %u..%u (%.4f)\n", i, x->start, x->brk_start,
                   x->ratio, y->start, y->brk_start, y->ratio);
            return false;
        }
    }
    return true;
}

/* Lines of the paragraph broken whole (para_break with no bound), checked
 * against kp_break or greedy_break on all its items; false when they
 * differ. *tight: the whole paragraph keeps within the tolerance. */
static bool break_whole(const para_in *in, const rod_measure *m, const para_how *how, line_log *whole,
                        size_t *nitems, bool *tight)
{
    para_how h = *how;
    h.piece = SIZE_MAX;
    bool ok = log_break(in, m, &h, whole);
    item_list items = {0};
    break_list br = {0}, exact = {0};
    ok = ok && items_build(in, m, &items) &&
         (how->greedy ? greedy_break(items.v, items.n, how->first, how->rest, &br)
                      : kp_break(items.v, items.n, how->first, how->rest, &how->kp, &br));
    ok = ok && br.n == whole->n;
    for (size_t i = 0; ok && i < br.n; i++)
        ok = items.v[br.at[i]].start == whole->v[i].brk_start && br.ratio[i] == whole->v[i].ratio;
    *tight = kp_break_exact(items.v, items.n, how->first, how->rest, &how->kp, &exact);
    *nitems = items.n;
    breaks_free(&exact);
    breaks_free(&br);
    items_free(&items);
    return ok;
}

/* The piece mechanism against breaking whole: with pieces of 256, 1000
 * and 5000 bytes (hundreds of windows down to a handful, each a small
 * part of the paragraph's items), the lines are exactly those of the
 * whole paragraph, also where it needs a looser tolerance (measure 200:
 * the pieces take their lines back and go again, as kp_break does). */
static void pieces_equal_whole(void)
{
    span *spans;
    size_t nspans;
    char *text = long_text(40000, false, &spans, &nspans);
    size_t len = strlen(text);
    run_style styles[3] = {{{0, 0, 20}, 0, 0, NULL}, {{0, ROD_FONT_ITALIC, 20}, 0, 0, NULL},
                           {{0, 0, 14}, 5, 0, NULL}};
    rod_measure m = fake_measure();
    static const struct { set_mode mode; bool greedy; const char *name; } modes[] = {
        {SET_JUSTIFY, false, "justified"}, {SET_RAGGED, false, "ragged"}, {SET_JUSTIFY, true, "first fit"}};
    static const size_t pieces[] = {256, 1000, 5000};
    static const int measures[] = {200, 350, 500};
    for (size_t k = 0; k < sizeof modes / sizeof *modes; k++) {
        for (size_t mi = 0; mi < sizeof measures / sizeof *measures; mi++) {
            int measure = measures[mi];
            para_in in = {text, len, spans, nspans, styles, "en", modes[k].mode, true, 30, measure};
            para_how how = {modes[k].greedy, kp_defaults(), measure, measure, 0};
            if (modes[k].mode != SET_JUSTIFY)
                how.kp.tolerance = 3;
            line_log whole = {0};
            size_t nitems;
            bool tight;
            bool ok = break_whole(&in, &m, &how, &whole, &nitems, &tight);
            int rewinds = 0;
            for (size_t p = 0; p < sizeof pieces / sizeof *pieces && ok; p++) {
                line_log part = {0};
                how.piece = pieces[p];
                ok = log_break(&in, &m, &how, &part) && part.max_window < nitems / 4 && same_lines(&whole, &part);
                rewinds += part.rewinds;
                if (!ok)
                    printf("# %s, measure %d, pieces of %zu bytes: %zu lines against %zu, windows up to %zu items "
                           "of %zu\n", modes[k].name, measure, pieces[p], part.n, whole.n, part.max_window, nitems);
                free(part.v);
            }
            char name[300];
            snprintf(name, sizeof name,
                     "a %zu-byte paragraph, %s, measure %d%s: broken in pieces of 256, 1000 and 5000 bytes, "
                     "the lines are those of breaking it whole (%zu lines, %d rewinds)", len, modes[k].name,
                     measure, tight || modes[k].greedy ? "" : " (too narrow for the tolerance)", whole.n, rewinds);
            CHECK(ok && whole.n > 50 && (tight || modes[k].greedy || rewinds > 0), name);
            free(whole.v);
        }
    }
    free(text);
    free(spans);
}

/* Do the lines of a plain text (one style, no hyphens: 10 px a
 * character, spaces shrinking to 7) follow each other from its start to
 * its end, each inside the measure? */
static bool lines_sound(const char *text, size_t len, const line_log *log, int measure)
{
    uint32_t at = 0;
    for (size_t i = 0; i < log->n; i++) {
        const line_rec *l = &log->v[i];
        uint32_t s = i == 0 ? 0 : l->start;
        /* this line starts at the last one's break, after its spaces */
        while (at < s && text[at] == ' ')
            at++;
        long w = 0;
        for (uint32_t c = s; c < l->brk_start; c++)
            w += text[c] == ' ' ? 10 - 3 : 10;
        if (l->flagged)
            w += 10;    /* a hyphen */
        if (s != at || l->brk_start < s || w > measure) {
            printf("# line %zu: %u..%u, expected a start at %u\n", i, s, l->brk_start, at);
            return false;
        }
        at = l->brk_end;
    }
    return log->n > 0 && log->v[log->n - 1].brk_end == len;
}

/* Pieces smaller than an unbreakable run: the run is cut at the piece
 * end; every character is still set once, in order, and no line is wider
 * than the measure. */
static void pieces_cut_runs(void)
{
    char text[20001];
    for (int i = 0; i < 20000; i++)
        text[i] = i % 1000 < 900 ? (char)('a' + i % 26) : (i % 7 ? 'b' : ' ');
    text[20000] = 0;
    span sp = {0, 20000, 0};
    run_style st = {{0, 0, 20}, 0, 0, NULL};
    rod_measure m = fake_measure();
    bool ok = true;
    for (int greedy = 0; greedy < 2; greedy++) {
        para_in in = {text, 20000, &sp, 1, &st, "en", SET_JUSTIFY, true, 0, 300};
        para_how how = {greedy, kp_defaults(), 300, 300, 128};
        line_log log = {0};
        ok = ok && log_break(&in, &m, &how, &log) && lines_sound(text, 20000, &log, 300);
        free(log.v);
    }
    CHECK(ok, "pieces of 128 bytes cut 900-letter runs: each character once, in order, no line past the measure");
}

/* A periodic text ("aaaa bbbbb" over and over) in a fixed-width font
 * keeps several breakings in a dead heat for thousands of lines, so the
 * active nodes share no line within the window's bound and lines are
 * forced: the one case the pieces may differ from breaking whole. Then
 * too every word is set once, in order, inside the measure, and the
 * windows stay bounded. */
static void pieces_forced(void)
{
    enum { LEN = 400000 };
    char *text = malloc(LEN + 1);
    size_t n = 0;
    for (unsigned w = 1; n + 40 < LEN; w++)
        n += (size_t)sprintf(text + n, "w%u extraordinary ", w);
    memset(text + n, 'c', LEN - n);
    text[LEN] = 0;
    span sp = {0, LEN, 0};
    run_style st = {{0, 0, 20}, 0, 0, NULL};
    rod_measure m = fake_measure();
    para_in in = {text, LEN, &sp, 1, &st, "en", SET_JUSTIFY, true, 0, 300};
    para_how how = {false, kp_defaults(), 300, 300, 4096};
    line_log log = {0}, whole = {0};
    bool ok = log_break(&in, &m, &how, &log) && lines_sound(text, LEN, &log, 300);
    how.piece = SIZE_MAX;
    log_break(&in, &m, &how, &whole);
    size_t same = 0;
    while (same < log.n && same < whole.n && log.v[same].brk_start == whole.v[same].brk_start)
        same++;
    /* a window is at most FORCE_BYTES (64 kB) and a piece */
    printf("# %zu lines (%zu broken whole), the first %zu the same; windows up to %zu items\n", log.n, whole.n, same,
           log.max_window);
    CHECK(ok && log.max_window < 50000,
          "a 400 kB periodic paragraph, lines forced: its words set once, in order, inside the measure, in windows "
          "of 64 kB at most");
    free(whole.v);
    free(log.v);
    free(text);
}

/* Forced progress: an open window whose active nodes share no line (a
 * window of one line and a bit) still gives at least one line with force,
 * inside the measure, and none without. */
static void forced_window(void)
{
    item it[40];
    size_t n = 0;
    for (int w = 0; w < 6; w++) {
        it[n++] = (item){IT_BOX, false, 0, 30, 0, 0, 0, 0, 0, NULL};
        it[n++] = (item){IT_GLUE, false, 0, 10, 10, 3, 0, 0, 0, NULL};
    }
    static const break_from start = {false, 0, 0, 2, 0};
    kp_params p = kp_defaults();
    break_list br = {0};
    break_from next;
    bool got = kp_break_window(it, n, 150, 150, &p, &start, true, false, &br, &next);
    size_t unforced = br.n;
    breaks_free(&br);
    bool forced = kp_break_window(it, n, 150, 150, &p, &start, true, true, &br, &next);
    long widest = forced && br.n ? widest_line(it, n, &br) : -1;
    printf("# open window: %d, %zu lines; forced: %d, %zu lines, widest %ld\n", got, unforced, forced, br.n, widest);
    CHECK(got && unforced == 0 && forced && br.n >= 1 && widest <= 150 && next.resume && next.at == br.at[br.n - 1],
          "an open window whose nodes share no line: none settled, and with force at least one, inside the measure");
    breaks_free(&br);
    bool g = greedy_break_window(it, n, 150, 150, &start, true, false, &br, &next);
    CHECK(g && br.n == 1 && widest_line(it, n, &br) <= 150,
          "first fit in an open window: the lines it ended, the last one left open");
    breaks_free(&br);
}

/* ICU judges the text from any of its break opportunities on as it
 * judges the whole text there. */
static void ranges_of_breaks(void)
{
    static const char *bits[] = {"word", " ", "  ", "\u00a0", "\u2014", "-", "(", ")", "\"", "3.14", ",", "!",
                                 "\n", "\u00ad", "\u200b", "\u2060", "\u4e2d\u6587", "can't", "e.g.", "http://x.y/z",
                                 "\U0001F1EB\U0001F1F7", "\U0001F1E9", "e\u0301", "\u0301", "\u05d0-", "$", "%",
                                 "\u3002", "\u300c", "\u2026", "\u00bb", "\U0001F468\u200d\U0001F469"};
    rod_buf t = ROD_BUF_INIT;
    for (int i = 0; i < 6000; i++)
        rod_buf_adds(&t, bits[rnd(sizeof bits / sizeof *bits)]);
    uint8_t *whole = malloc(t.len + 1), *part = malloc(t.len + 1);
    bool ok = lb_opportunities(t.data, t.len, "en", whole);
    size_t ranges = 0;
    for (size_t from = 0; ok && from < t.len; ranges++) {
        size_t to = from + 1 + rnd(200);
        if (to > t.len)
            to = t.len;
        /* the next range starts at the last opportunity in this one */
        ok = lb_range(t.data, t.len, "en", from, to, part) && !memcmp(whole + from + 1, part + 1, to - from);
        if (!ok)
            for (size_t i = from + 1; i <= to; i++)
                if (whole[i] != part[i - from]) {
                    printf("# range %zu..%zu differs at %zu: %d against %d, \"%.12s\"\n", from, to, i, whole[i],
                           part[i - from], t.data + (i > 6 ? i - 6 : 0));
                    break;
                }
        size_t next = to;
        while (next > from && whole[next] == LB_NONE && next < t.len)
            next--;
        if (next == from)   /* none in it: the first one after it */
            for (next = to; next < t.len && whole[next] == LB_NONE; next++)
                ;
        from = next;
    }
    CHECK(ok && ranges > 50, "break opportunities read from any opportunity on are those of the whole text");
    free(whole);
    free(part);
    rod_buf_free(&t);
}

int main(void)
{
    forced_window();
    ranges_of_breaks();
    pieces_equal_whole();
    pieces_cut_runs();
    pieces_forced();
    one_char_spans();
    box_wider_than_line();

    /* Knuth–Plass against brute force */
    int agree = 0, trials = 0, feasible = 0;
    for (int t = 0; t < 400; t++) {
        item it[200];
        size_t n = make_para(it, 6 + rnd(7));
        model m = {it, n, 80 + (int)rnd(120), 0, kp_defaults(), {0}, 0, 0, false};
        m.rest = rnd(3) == 0 ? m.first - 20 : m.first;
        m.p.tolerance = rnd(2) ? 2.0 : 10.0;
        for (size_t i = 0; i < n; i++)
            if (is_legal(it, i) && m.nlegal < 64)
                m.legal[m.nlegal++] = i;
        if (m.nlegal > 18)
            continue;   /* keep the search small */
        trials++;
        size_t b[64];
        search(&m, 0, b, 0);
        break_list out;
        bool got = kp_break_exact(it, n, m.first, m.rest, &m.p, &out);
        bool same = got == m.found && (!got || fabs(out.demerits - m.best) < 1e-6 * (1 + m.best));
        if (got && same) {
            /* and the breaks it returns score what it says */
            double s = score(&m, out.at, out.n);
            same = fabs(s - out.demerits) < 1e-6 * (1 + s);
        }
        agree += same;
        feasible += m.found;
        if (!same)
            printf("# trial %d: kp %s %.1f, brute %s %.1f\n", t, got ? "found" : "none", got ? out.demerits : 0,
                   m.found ? "found" : "none", m.best);
        if (got)
            breaks_free(&out);
    }
    printf("# %d paragraphs, %d with a feasible breaking\n", trials, feasible);
    CHECK(trials > 200 && feasible > 100, "enough random paragraphs were tried");
    CHECK(agree == trials, "Knuth-Plass finds the brute-force minimum of demerits on every paragraph");

    /* The hyphen-run rule is hard: hyphens are rewarded (penalty -500),
     * so without the rule runs of hyphenated lines appear; with it, never
     * more than the limit, at every measure. */
    {
        item it[400];
        size_t n = 0;
        for (int w = 0; w < 40; w++) {
            it[n++] = (item){IT_BOX, false, 0, 20 + 10 * (w % 3), 0, 0, 0, 0, 0, NULL};
            it[n++] = (item){IT_PENALTY, true, 0, 10, 0, 0, -500, 0, 0, NULL};
            it[n++] = (item){IT_BOX, false, 0, 30, 0, 0, 0, 0, 0, NULL};
            it[n++] = (item){IT_GLUE, false, 0, 10, 5, 3, 0, 0, 0, NULL};
        }
        it[n++] = (item){IT_GLUE, false, 0, 0, 1 << 20, 0, 0, 0, 0, NULL};
        it[n++] = (item){IT_PENALTY, false, 0, 0, 0, 0, -PENALTY_INF, 0, 0, NULL};
        int free_worst = 0, limited_worst = 0, measures = 0;
        for (int lw = 60; lw <= 240; lw += 5) {
            for (int three = 1; three >= 0; three--) {
                /* the default is kp_defaults() untouched; only the
                 * comparison allows three */
                kp_params p = kp_defaults();
                if (three)
                    p.max_hyphen_run = 3;
                break_list out;
                if (!kp_break(it, n, lw, lw, &p, &out))
                    continue;
                int run = 0, worst = 0;
                for (size_t l = 0; l < out.n; l++) {
                    bool f = it[out.at[l]].type == IT_PENALTY && it[out.at[l]].flagged;
                    run = f ? run + 1 : 0;
                    if (run > worst)
                        worst = run;
                }
                if (three && worst > free_worst)
                    free_worst = worst;
                if (!three) {
                    measures++;
                    if (worst > limited_worst)
                        limited_worst = worst;
                }
                breaks_free(&out);
            }
        }
        printf("# longest run of hyphenated lines: %d allowed 3, %d by default (%d measures)\n", free_worst,
               limited_worst, measures);
        CHECK(free_worst == 3, "rewarded hyphens make runs of three when three are allowed");
        CHECK(measures > 30 && limited_worst <= 2, "never more than two hyphenated lines in a row by default");
    }

    /* First fit: every line fits, and the next item would not have. */
    {
        int ok = 1;
        for (int t = 0; t < 200; t++) {
            item it[200];
            size_t n = make_para(it, 10 + rnd(10));
            int lw = 90 + (int)rnd(100);
            break_list out;
            if (!greedy_break(it, n, lw, lw, &out)) {
                ok = 0;
                break;
            }
            size_t start = 0;
            for (size_t l = 0; l < out.n; l++) {
                size_t e = out.at[l];
                long w = 0, z = 0;
                for (size_t i = start; i < e; i++)
                    if (it[i].type != IT_PENALTY) {
                        w += it[i].width;
                        z += it[i].type == IT_GLUE ? it[i].shrink : 0;
                    }
                if (it[e].type == IT_PENALTY)
                    w += it[e].width;
                if (w - z > lw)
                    ok = 0;
                /* the next legal break would not have fitted */
                if (l + 1 < out.n) {
                    size_t nb = e + 1;
                    while (nb < n && !is_legal(it, nb))
                        nb++;
                    long w2 = 0, z2 = 0;
                    for (size_t i = start; i < nb; i++)
                        if (it[i].type != IT_PENALTY) {
                            w2 += it[i].width;
                            z2 += it[i].type == IT_GLUE ? it[i].shrink : 0;
                        }
                    if (it[nb].type == IT_PENALTY)
                        w2 += it[nb].width;
                    if (w2 - z2 <= lw && !(it[e].type == IT_PENALTY && it[e].penalty <= -PENALTY_INF))
                        ok = 0;
                }
                start = it[e].type == IT_GLUE ? e : e + 1;
                while (start < n && it[start].type != IT_BOX)
                    start++;
            }
            breaks_free(&out);
        }
        CHECK(ok, "first fit fills every line and never overfills one");
    }

    CHECK(kp_fitness(1.5) == 0 && kp_fitness(0.7) == 1 && kp_fitness(0) == 2 && kp_fitness(-0.8) == 3,
          "fitness classes: very loose, loose, decent, tight");
    return tap_done();
}
