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
#include <stdlib.h>

#include "fake_font.h"
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
        double bad = fmin(100 * pow(fabs(r), 3), 10000);
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

int main(void)
{
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
            for (int limit = 3; limit >= 2; limit--) {
                kp_params p = kp_defaults();
                p.max_hyphen_run = limit;
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
                if (limit == 3 && worst > free_worst)
                    free_worst = worst;
                if (limit == 2) {
                    measures++;
                    if (worst > limited_worst)
                        limited_worst = worst;
                }
                breaks_free(&out);
            }
        }
        printf("# longest run of hyphenated lines: %d allowed 3, %d allowed 2 (%d measures)\n", free_worst,
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
