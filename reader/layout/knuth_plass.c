/* knuth_plass.c — total-fit line breaking (Knuth & Plass, "Breaking
 * Paragraphs into Lines", 1981).
 *
 * Every legal breakpoint is tried against every active node; a node
 * stays active while a line from it could still be stretched to fit. For
 * each breakpoint the cheapest way to reach it is kept per (fitness class,
 * run of hyphenated lines), which makes the result exactly optimal under
 * our demerits *and* lets "no more than two hyphenated lines in a row" be
 * a hard rule rather than a cost. Demerits: (line penalty + badness)^2,
 * plus the break's penalty squared, plus extra for consecutive hyphens and
 * for fitness classes more than one apart. Badness is rounded to a whole
 * number, as TeX's is, so demerits are whole numbers and every total is
 * exact in a double: which of two breakings is cheaper never depends on
 * the order the sums were made in or where they started, and a breaking
 * resumed from a node in the middle (pieces.c) makes the choices the
 * whole pass makes, ties included.
 *
 * The first pass keeps lines within the tolerance; if no breaking does,
 * the tolerance is raised and, last, lifted (a loose line is better than
 * text past the margin). Only a box wider than the line defeats that (a
 * glyph wider than the measure: items.c cuts everything else between
 * characters); first fit then sets the paragraph, the box on a line of its
 * own, so a paragraph is never lost. The tests check this against a brute-force search
 * of every breaking on short paragraphs.
 */
#include "layout_internal.h"

#include <math.h>
#include <stdlib.h>

enum { MAX_RUN = 3 };               /* hyph_run slots: 0..MAX_RUN */
#define RATIO_INF 1e9

kp_params kp_defaults(void)
{
    return (kp_params){.tolerance = 2.0, .line_penalty = 10, .flagged_demerits = 3000,
                       .fitness_demerits = 3000, .max_hyphen_run = 2};
}

void breaks_free(break_list *b)
{
    free(b->at);
    free(b->ratio);
    b->at = NULL;
    b->ratio = NULL;
    b->n = 0;
}

int kp_fitness(double r)
{
    if (r < -0.5)
        return 3;
    if (r <= 0.5)
        return 2;
    if (r <= 1.0)
        return 1;
    return 0;
}

typedef struct kp_node {
    size_t pos;                 /* item index of the break */
    size_t line;                /* lines before this break, this one included */
    int fitness, run;
    double total, ratio;
    long w, y, z;               /* sums up to the first item after the break */
    size_t prev;                /* index in the pool; SIZE_MAX for the start */
} kp_node;

typedef struct pool {
    kp_node *v;
    size_t n, cap;
} pool;

static bool pool_add(pool *p, kp_node node, size_t *at)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 256;
        kp_node *v = realloc(p->v, cap * sizeof *v);
        if (!v)
            return false;
        p->v = v;
        p->cap = cap;
    }
    p->v[p->n] = node;
    *at = p->n++;
    return true;
}

/* Sums from b up to the first item a line after b would start with. */
static void after_break(const item *items, size_t n, const long *sw, const long *sy, const long *sz,
                        size_t b, long *w, long *y, long *z)
{
    long tw = sw[b], ty = sy[b], tz = sz[b];
    for (size_t i = b; i < n; i++) {
        const item *it = &items[i];
        if (it->type == IT_BOX)
            break;
        if (it->type == IT_GLUE) {
            tw += it->width;
            ty += it->stretch;
            tz += it->shrink;
        } else if (it->penalty <= -PENALTY_INF && i > b) {
            break;
        }
    }
    *w = tw;
    *y = ty;
    *z = tz;
}

/* The deepest node every active node descends from (the start at worst):
 * the lines up to it are those of every breaking the pass can still end
 * in, whatever follows. Depth is a node's line count. */
static size_t shared_ancestor(const pool *nodes, const size_t *active, size_t nactive)
{
    size_t c = active[0];
    for (size_t k = 1; k < nactive; k++) {
        size_t x = active[k];
        while (x != c) {
            if (nodes->v[x].line >= nodes->v[c].line)
                x = nodes->v[x].prev;
            else
                c = nodes->v[c].prev;
        }
    }
    return c;
}

/* Forced progress when the active nodes share nothing past the start: the
 * last line end reached (the cheapest node there), less its last three
 * lines, which the text after the window would most likely change. */
static size_t likely_node(const pool *nodes, const size_t *active, size_t nactive, size_t start)
{
    size_t best = active[0];
    for (size_t k = 1; k < nactive; k++) {
        const kp_node *a = &nodes->v[active[k]], *b = &nodes->v[best];
        if (a->pos > b->pos || (a->pos == b->pos && a->total < b->total))
            best = active[k];
    }
    size_t lines = nodes->v[best].line - nodes->v[start].line;
    for (size_t back = lines > 3 ? 3 : lines ? lines - 1 : 0; back > 0; back--)
        best = nodes->v[best].prev;
    return best;
}

static bool run_pass(const item *items, size_t n, int first, int rest, const kp_params *p, double tolerance,
                     const break_from *from, bool open, bool force, break_list *out, break_from *next)
{
    bool ok = false;
    long *sw = malloc((n + 1) * sizeof *sw), *sy = malloc((n + 1) * sizeof *sy),
         *sz = malloc((n + 1) * sizeof *sz);
    size_t *active = NULL, nactive = 0, capactive = 0;
    pool nodes = {0};
    if (!sw || !sy || !sz)
        goto cleanup;
    sw[0] = sy[0] = sz[0] = 0;
    for (size_t i = 0; i < n; i++) {
        const item *it = &items[i];
        bool counts = it->type != IT_PENALTY;
        sw[i + 1] = sw[i] + (counts ? it->width : 0);
        sy[i + 1] = sy[i] + (it->type == IT_GLUE ? it->stretch : 0);
        sz[i + 1] = sz[i] + (it->type == IT_GLUE ? it->shrink : 0);
    }
    /* the start: the paragraph's first item, or just after a break taken
     * in an earlier window (its line, fitness class and hyphen run go on) */
    kp_node first_node = {0, from->line, from->fitness, from->run, 0, 0, 0, 0, 0, SIZE_MAX};
    if (from->resume) {
        first_node.pos = from->at;
        after_break(items, n, sw, sy, sz, from->at, &first_node.w, &first_node.y, &first_node.z);
    }
    size_t start;
    if (!pool_add(&nodes, first_node, &start))
        goto cleanup;
    capactive = 64;
    active = malloc(capactive * sizeof *active);
    if (!active)
        goto cleanup;
    active[nactive++] = start;
    int runs = p->max_hyphen_run < MAX_RUN ? p->max_hyphen_run : MAX_RUN;

    for (size_t b = from->resume ? from->at + 1 : 0; b < n && nactive; b++) {
        if (!item_is_break(items, b))
            continue;
        const item *it = &items[b];
        bool is_pen = it->type == IT_PENALTY;
        bool forced = is_pen && it->penalty <= -PENALTY_INF;
        bool flagged = is_pen && it->flagged;
        struct { double total, ratio; size_t prev; bool set; } best[4][MAX_RUN + 1] = {0};
        size_t keep = 0;
        for (size_t k = 0; k < nactive; k++) {
            const kp_node *a = &nodes.v[active[k]];
            long L = sw[b] - a->w + (is_pen ? it->width : 0);
            long lw = a->line == 0 ? first : rest;
            double r;
            if (L < lw) {
                long Y = sy[b] - a->y;
                r = Y > 0 ? (double)(lw - L) / (double)Y : RATIO_INF;
            } else if (L > lw) {
                long Z = sz[b] - a->z;
                r = Z > 0 ? (double)(lw - L) / (double)Z : -RATIO_INF;
            } else {
                r = 0;
            }
            if (r >= -1 && r <= tolerance) {
                double bad = fmin(round(100 * fabs(r) * r * r), 10000);
                double d = (p->line_penalty + bad) * (p->line_penalty + bad);
                if (is_pen && it->penalty >= 0)
                    d += (double)it->penalty * it->penalty;
                else if (is_pen && !forced)
                    d -= (double)it->penalty * it->penalty;
                if (flagged && a->run > 0)
                    d += p->flagged_demerits;
                int fit = kp_fitness(r);
                if (abs(fit - a->fitness) > 1)
                    d += p->fitness_demerits;
                int run = flagged ? a->run + 1 : 0;
                if (run <= runs) {
                    double total = a->total + d;
                    if (!best[fit][run].set || total < best[fit][run].total) {
                        best[fit][run].total = total;
                        best[fit][run].ratio = r;
                        best[fit][run].prev = active[k];
                        best[fit][run].set = true;
                    }
                }
            }
            if (!(r < -1 || forced))
                active[keep++] = active[k];
        }
        nactive = keep;
        long aw, ay, az;
        after_break(items, n, sw, sy, sz, b, &aw, &ay, &az);
        for (int f = 0; f < 4; f++)
            for (int run = 0; run <= runs; run++) {
                if (!best[f][run].set)
                    continue;
                kp_node node = {b, nodes.v[best[f][run].prev].line + 1, f, run, best[f][run].total,
                                best[f][run].ratio, aw, ay, az, best[f][run].prev};
                size_t at;
                if (!pool_add(&nodes, node, &at))
                    goto cleanup;
                if (nactive == capactive) {
                    capactive *= 2;
                    size_t *grown = realloc(active, capactive * sizeof *active);
                    if (!grown)
                        goto cleanup;
                    active = grown;
                }
                active[nactive++] = at;
            }
    }
    size_t best_node = SIZE_MAX;
    if (open) {
        /* the window ends inside the paragraph: the lines every way on
         * shares, or with force, the likely ones */
        if (nactive == 0)
            goto cleanup;
        best_node = shared_ancestor(&nodes, active, nactive);
        if (best_node == start && force)
            best_node = likely_node(&nodes, active, nactive, start);
    } else {
        /* the best node at the last item (a forced break ends every list) */
        for (size_t k = 0; k < nactive; k++) {
            const kp_node *a = &nodes.v[active[k]];
            if (a->pos == n - 1 && active[k] != start &&
                (best_node == SIZE_MAX || a->total < nodes.v[best_node].total))
                best_node = active[k];
        }
        if (best_node == SIZE_MAX)
            goto cleanup;
    }
    size_t lines = nodes.v[best_node].line - from->line;
    out->at = malloc((lines ? lines : 1) * sizeof *out->at);
    out->ratio = malloc((lines ? lines : 1) * sizeof *out->ratio);
    if (!out->at || !out->ratio) {
        breaks_free(out);
        goto cleanup;
    }
    out->n = lines;
    out->demerits = nodes.v[best_node].total;
    for (size_t k = best_node, i = lines; k != start; k = nodes.v[k].prev) {
        i--;
        out->at[i] = nodes.v[k].pos;
        out->ratio[i] = nodes.v[k].ratio;
    }
    const kp_node *last = &nodes.v[best_node];
    *next = lines ? (break_from){true, last->pos, last->line, last->fitness, last->run} : *from;
    ok = true;
cleanup:
    free(sw);
    free(sy);
    free(sz);
    free(active);
    free(nodes.v);
    return ok;
}

static const break_from para_start = {false, 0, 0, 2, 0};

bool kp_break_exact(const item *items, size_t n, int first, int rest, const kp_params *params,
                    break_list *out)
{
    out->at = NULL;
    out->ratio = NULL;
    out->n = 0;
    if (n == 0 || items[n - 1].type != IT_PENALTY || items[n - 1].penalty > -PENALTY_INF)
        return false;
    break_from next;
    return run_pass(items, n, first, rest, params, params->tolerance, &para_start, false, false, out, &next);
}

double kp_tolerance(const kp_params *params, int step)
{
    const double tolerances[] = {params->tolerance, 10, INFINITY};
    int at = 0;
    for (int i = 0; i < 3; i++) {
        if (i > 0 && tolerances[i] <= params->tolerance)
            continue;
        if (at++ == step)
            return tolerances[i];
    }
    return NAN;
}

bool kp_break_window(const item *items, size_t n, int first, int rest, const kp_params *params,
                     const break_from *from, bool open, bool force, break_list *out, break_from *next)
{
    out->at = NULL;
    out->ratio = NULL;
    out->n = 0;
    if (n == 0 || (!open && (items[n - 1].type != IT_PENALTY || items[n - 1].penalty > -PENALTY_INF)))
        return false;
    if (!run_pass(items, n, first, rest, params, params->tolerance, from, open, force, out, next))
        return false;
    if (out->n > 0 || !force)
        return true;
    /* forced on, and not one line ends inside the window: a line wider
     * than the window, which only first fit can end */
    breaks_free(out);
    return greedy_break_window(items, n, first, rest, from, open, force, out, next);
}

bool kp_break(const item *items, size_t n, int first, int rest, const kp_params *params,
              break_list *out)
{
    kp_params p = *params;
    break_from next;
    for (int step = 0; !isnan(p.tolerance = kp_tolerance(params, step)); step++)
        if (kp_break_window(items, n, first, rest, &p, &para_start, false, false, out, &next))
            return true;
    /* Not even without a limit: a box is wider than the line (one glyph
     * wider than the measure). First fit sets it on a line of its own. */
    return greedy_break(items, n, first, rest, out);
}
