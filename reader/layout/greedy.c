/* greedy.c — first-fit line breaking, kept beside Knuth–Plass.
 *
 * What most readers do: fill each line with as many items as fit (using
 * the glue's shrink), break at the last legal breakpoint that fits, start
 * again. It looks at one line at a time, so it cannot trade a loose line
 * now for better lines later; it is here as the baseline `--greedy`
 * compares against, and it sets preformatted text, where nothing
 * stretches and total fit has nothing to optimise.
 */
#include "layout_internal.h"

#include <stdlib.h>

typedef struct sums {
    long w, y, z;
} sums;

/* The line from `from` (first item of the line) to break b. */
static void line_sums(const item *items, size_t from, size_t b, sums *s)
{
    *s = (sums){0, 0, 0};
    for (size_t i = from; i < b; i++) {
        if (items[i].type == IT_PENALTY)
            continue;
        s->w += items[i].width;
        if (items[i].type == IT_GLUE) {
            s->y += items[i].stretch;
            s->z += items[i].shrink;
        }
    }
    if (items[b].type == IT_PENALTY)
        s->w += items[b].width;
}

static double ratio(const sums *s, long lw)
{
    if (s->w < lw)
        return s->y > 0 ? (double)(lw - s->w) / (double)s->y : 0;
    if (s->w > lw)
        return s->z > 0 ? (double)(lw - s->w) / (double)s->z : -1;
    return 0;
}

static bool push(break_list *out, size_t *cap, size_t at, double r)
{
    if (out->n == *cap) {
        size_t c = *cap ? *cap * 2 : 16;
        size_t *a = realloc(out->at, c * sizeof *a);
        if (!a)
            return false;
        out->at = a;
        double *q = realloc(out->ratio, c * sizeof *q);
        if (!q)
            return false;
        out->ratio = q;
        *cap = c;
    }
    out->at[out->n] = at;
    out->ratio[out->n++] = r;
    return true;
}

bool greedy_break_window(const item *items, size_t n, int first, int rest, const break_from *start, bool open,
                         bool force, break_list *out, break_from *next)
{
    out->at = NULL;
    out->ratio = NULL;
    out->n = 0;
    out->demerits = 0;
    size_t cap = 0, last_fit = SIZE_MAX, last_break = SIZE_MAX;
    size_t from = start->resume ? items_line_start(items, n, start->at) : 0;
    for (size_t b = from; b < n; b++) {
        if (!item_is_break(items, b))
            continue;
        last_break = b;
        long lw = start->line + out->n == 0 ? first : rest;
        sums s;
        line_sums(items, from, b, &s);
        bool fits = s.w - s.z <= lw;
        bool forced = items[b].type == IT_PENALTY && items[b].penalty <= -PENALTY_INF;
        if (!fits && last_fit != SIZE_MAX) {
            /* end the line at the last break that fitted; look at b again */
            sums f;
            line_sums(items, from, last_fit, &f);
            if (!push(out, &cap, last_fit, ratio(&f, lw)))
                goto fail;
            from = items_line_start(items, n, last_fit);
            last_fit = SIZE_MAX;
            b = from - 1;   /* from > last_fit >= 0: look at `from` next */
            continue;
        }
        if (forced || !fits) {
            /* forced, or nothing fitted: break here */
            double r = ratio(&s, lw);
            if (forced && r > 0)
                r = 0;
            if (!push(out, &cap, b, r))
                goto fail;
            from = items_line_start(items, n, b);
            last_fit = SIZE_MAX;
            continue;
        }
        last_fit = b;
    }
    /* A window that ends inside the paragraph: every line pushed is final
     * (each was ended by what came after it); with force and none, the
     * line ends at the last break that fitted, or at the last break. */
    if (open && force && out->n == 0 && (last_fit != SIZE_MAX || last_break != SIZE_MAX)) {
        size_t b = last_fit != SIZE_MAX ? last_fit : last_break;
        sums f;
        line_sums(items, from, b, &f);
        if (!push(out, &cap, b, ratio(&f, start->line == 0 ? first : rest)))
            goto fail;
    }
    if (out->n == 0) {
        *next = *start;
        return open;
    }
    *next = (break_from){true, out->at[out->n - 1], start->line + out->n, 2, 0};
    return true;
fail:
    breaks_free(out);
    return false;
}

bool greedy_break(const item *items, size_t n, int first, int rest, break_list *out)
{
    static const break_from para_start = {false, 0, 0, 2, 0};
    break_from next;
    return greedy_break_window(items, n, first, rest, &para_start, false, false, out, &next);
}
