/* annot_thread.c — a set of annotations seen as discussions: which note
 * each reply answers, and each note's replies in the order they were made.
 *
 * Every list of notes a person reads (the exports, `rod annotations list`,
 * the window's notes under a passage) shows a reply under the note it
 * answers, wherever that note is anchored, not at the reply's own copy of
 * the passage. This file is the one place that works the threads out, so
 * they read the same everywhere.
 *
 * The ids come from other readers' files, so nothing about them can be
 * trusted: a reply may answer a note that has not arrived (it stands on
 * its own until it does), two notes may answer each other, a chain of
 * replies may be 100,000 long. The invariant: `parent` is a forest — every
 * chain of parents ends at a root within n steps, so a walk down from the
 * roots reaches every item exactly once. A cycle is cut where the walk up
 * first meets itself: that item becomes a root. Parents are found by a
 * binary search over the ids sorted once, the cycle cut by one walk that
 * colours each item once, and the replies of one note are a contiguous run
 * of one sorted array: O(n log n) time and O(n) memory, no recursion. A
 * hash table was turned down: n is a book's notes, and a sort keeps the
 * replies' order (time, then id) stable across runs and machines.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rod_annot.h"

static const char *str_or(const char *s)
{
    return s ? s : "";
}

/* qsort's comparators take no context: the array being sorted is set here
 * for the time of one build (the exports and lists run on one thread). */
typedef struct sort_ctx {
    const rod_annot *const *a;
    const size_t *parent;
} sort_ctx;
static _Thread_local const sort_ctx *sort_with;

static int by_id(const void *x, const void *y)
{
    const rod_annot *const *a = sort_with->a;
    size_t i = *(const size_t *)x, j = *(const size_t *)y;
    int c = strcmp(str_or(a[i]->id), str_or(a[j]->id));
    return c ? c : (i > j) - (i < j);
}

/* replies grouped by parent, each group by time, then id, then place */
static int by_parent_time(const void *x, const void *y)
{
    const rod_annot *const *a = sort_with->a;
    const size_t *parent = sort_with->parent;
    size_t i = *(const size_t *)x, j = *(const size_t *)y;
    if (parent[i] != parent[j])
        return (parent[i] > parent[j]) - (parent[i] < parent[j]);
    int c = strcmp(str_or(a[i]->created), str_or(a[j]->created));
    if (!c)
        c = strcmp(str_or(a[i]->id), str_or(a[j]->id));
    return c ? c : (i > j) - (i < j);
}

/* The index of the item with this id, or ROD_THREAD_NONE; of several
 * items with one id (a set should not hold them), the first in place. */
static size_t find_id(const rod_annot *const *a, const size_t *sorted, size_t n, const char *id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(str_or(a[sorted[mid]]->id), id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && strcmp(str_or(a[sorted[lo]]->id), id) == 0 ? sorted[lo] : ROD_THREAD_NONE;
}

void rod_threads_free(rod_threads *t)
{
    if (!t)
        return;
    free(t->parent);
    free(t->first);
    free(t->kids);
    memset(t, 0, sizeof *t);
}

rod_err rod_threads_build(const rod_annot *const *a, size_t n, rod_threads *t)
{
    memset(t, 0, sizeof *t);
    size_t *sorted = NULL;
    unsigned char *state = NULL;
    rod_err err = ROD_ERR_NOMEM;
    t->n = n;
    t->parent = malloc((n + 1) * sizeof *t->parent);
    t->first = calloc(n + 2, sizeof *t->first);
    t->kids = malloc((n + 1) * sizeof *t->kids);
    sorted = malloc((n + 1) * sizeof *sorted);
    state = calloc(n + 1, 1);
    if (!t->parent || !t->first || !t->kids || !sorted || !state)
        goto cleanup;

    sort_ctx ctx = {a, t->parent};
    sort_with = &ctx;
    for (size_t i = 0; i < n; i++)
        sorted[i] = i;
    qsort(sorted, n, sizeof *sorted, by_id);
    for (size_t i = 0; i < n; i++) {
        const char *to = a[i]->reply_to;
        size_t p = to && to[0] ? find_id(a, sorted, n, to) : ROD_THREAD_NONE;
        t->parent[i] = p == i ? ROD_THREAD_NONE : p;
    }

    /* cut cycles: walk up from each item not yet placed; 1 = on this
     * walk, 2 = known to reach a root */
    for (size_t i = 0; i < n; i++) {
        size_t k = i;
        while (k != ROD_THREAD_NONE && state[k] == 0) {
            state[k] = 1;
            size_t p = t->parent[k];
            if (p != ROD_THREAD_NONE && state[p] == 1) {
                t->parent[k] = ROD_THREAD_NONE;     /* the walk met itself */
                break;
            }
            k = p;
        }
        for (k = i; k != ROD_THREAD_NONE && state[k] == 1; k = t->parent[k])
            state[k] = 2;
    }

    /* each note's replies: one run of kids[], from first[p] to first[p+1] */
    size_t nk = 0;
    for (size_t i = 0; i < n; i++)
        if (t->parent[i] != ROD_THREAD_NONE)
            t->kids[nk++] = i;
    qsort(t->kids, nk, sizeof *t->kids, by_parent_time);
    for (size_t k = 0; k < nk; k++)
        t->first[t->parent[t->kids[k]] + 1]++;
    for (size_t i = 0; i < n; i++)
        t->first[i + 1] += t->first[i];
    sort_with = NULL;
    err = ROD_OK;

cleanup:
    free(sorted);
    free(state);
    if (err != ROD_OK)
        rod_threads_free(t);
    return err;
}

rod_err rod_threads_of(const rod_notes *set, rod_threads *t)
{
    const rod_annot **p = malloc((set->n + 1) * sizeof *p);
    if (!p) {
        memset(t, 0, sizeof *t);
        return ROD_ERR_NOMEM;
    }
    for (size_t i = 0; i < set->n; i++)
        p[i] = &set->items[i];
    rod_err err = rod_threads_build(p, set->n, t);
    free(p);
    return err;
}

size_t rod_threads_walk(const rod_threads *t, size_t root, size_t *stack, size_t *out, unsigned *depth)
{
    /* a depth-first walk kept on an explicit stack of (item, next reply):
     * a chain of replies as long as the set needs no call stack */
    size_t top = 0, m = 0;
    size_t *next = stack + t->n;       /* the second half: the next reply to visit */
    stack[top] = root;
    next[top] = t->first[root];
    top = 1;
    out[m] = root;
    depth[m++] = 0;
    while (top) {
        size_t item = stack[top - 1];
        if (next[top - 1] == t->first[item + 1]) {
            top--;
            continue;
        }
        size_t kid = t->kids[next[top - 1]++];
        out[m] = kid;
        depth[m++] = (unsigned)top;
        stack[top] = kid;
        next[top] = t->first[kid];
        top++;
    }
    return m;
}
