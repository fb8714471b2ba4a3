/* pieces.c — a paragraph of any length broken into lines in bounded work.
 *
 * Between items.c (a paragraph as boxes, glue and penalties) and the
 * breakers sits this driver, so that the work for one paragraph is the
 * work for a piece of it: items, prefix sums, Knuth–Plass's nodes and the
 * break opportunities are held for a window of about PARA_PIECE bytes of
 * text, never for the whole paragraph. A book whose one paragraph is
 * 100 MB (a text file without blank lines, a careless conversion) used
 * 60 bytes and more per byte of text for these alone.
 *
 * A window is broken with the paragraph going on past it ("open"). Every
 * breaking Knuth–Plass can still finish descends from its active nodes,
 * so the lines up to the deepest node they all descend from are the lines
 * of the whole paragraph's breaking, whatever text follows: those lines
 * are set, the items before that break are dropped, and the next window
 * — what is left and a piece more — is broken from that break, with its
 * line count, fitness class and hyphen run. The result is the breaking of
 * the whole paragraph at once, line for line. A window in which no
 * breaking keeps within the tolerance means the whole paragraph has none
 * (the windows keep every node of the whole pass that can still matter),
 * so the lines given so far are taken back (the sink's rewind) and the
 * paragraph is broken again at the next tolerance, as kp_break does.
 * One exception, checked by tests/test_breaking.c: when the active nodes
 * share no line over FORCE_PIECES pieces (or FORCE_BYTES, for small
 * pieces), the likeliest lines are set (kp_break_window's force), so the
 * window stays bounded. The shared node is some 2 to 200 lines back in
 * prose (Moby-Dick and Ulysses set as one paragraph each never force),
 * but a periodic text ("w1 extraordinary w2 extraordinary ...") keeps
 * two breakings in a dead heat for thousands of lines; forced, the lines
 * are sound but need not be the whole pass's (13,846 lines instead of
 * 13,845 in the test).
 * A run of a whole piece without a break opportunity is cut at the piece
 * end, like a run wider than the line (items_append).
 *
 * First fit needs no such care: each line it ends is final once the next
 * break is seen, so its windows just go on where the last line ended.
 *
 * Turned down: breaking each piece closed (as a paragraph of its own) and
 * keeping all but its last few lines. It is simpler but never exact, and
 * cannot say when it is not; the shared ancestor says exactly which lines
 * are settled.
 */
#include "layout_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum {
    PARA_PIECE = 65536,     /* text read per window, bytes (some 1,000 lines) */
    FORCE_PIECES = 4,       /* a window this many pieces long sets lines, */
    FORCE_BYTES = 65536,    /* or this long, whichever is longer */
};

/* One breaking of the whole paragraph, window by window: first fit, or
 * Knuth–Plass within how->kp.tolerance exactly. *loose: it failed for
 * want of a looser tolerance (not for memory, nor a sink's false). */
static bool break_windows(const para_in *in, const rod_measure *m, const para_how *how, bool greedy,
                          const para_sink *sink, bool *loose)
{
    size_t piece = how->piece ? how->piece : PARA_PIECE;
    size_t force_at = piece > SIZE_MAX / FORCE_PIECES ? SIZE_MAX : FORCE_PIECES * piece;
    if (force_at < FORCE_BYTES)
        force_at = FORCE_BYTES;
    item_list win = {0};
    break_from from = {false, 0, 0, 2, 0};
    items_pos read = {0, false};
    bool all_read = false, ok = false;
    *loose = false;
    while (true) {
        /* the window: what is left of the last one, and a piece more */
        if (!all_read) {
            if (!items_append(in, m, &read, piece, &win))
                goto cleanup;
            all_read = read.at == in->len;
        }
        size_t win_start = win.n ? win.v[0].start : read.at;
        bool force = read.at - win_start >= force_at;
        bool open = !all_read;
        break_list br = {0};
        break_from next;
        bool got = greedy ? greedy_break_window(win.v, win.n, how->first, how->rest, &from, open, force, &br, &next)
                          : kp_break_window(win.v, win.n, how->first, how->rest, &how->kp, &from, open, force, &br,
                                            &next);
        if (!got) {
            *loose = !greedy;
            goto cleanup;
        }
        size_t at = from.resume ? items_line_start(win.v, win.n, from.at) : 0;
        for (size_t k = 0; k < br.n; k++) {
            if (!sink->line(sink->ctx, win.v, win.n, at, br.at[k], br.ratio[k])) {
                breaks_free(&br);
                goto cleanup;
            }
            at = items_line_start(win.v, win.n, br.at[k]);
        }
        size_t set = br.n;
        breaks_free(&br);
        if (!open)
            break;
        if (set == 0)
            continue;   /* nothing settled yet: a longer window */
        /* the lines set are done with: keep the items from their last
         * break on, which the next window's breaking starts after */
        memmove(win.v, win.v + next.at, (win.n - next.at) * sizeof *win.v);
        win.n -= next.at;
        next.at = 0;
        from = next;
    }
    ok = true;
cleanup:
    items_free(&win);
    return ok;
}

bool para_break(const para_in *in, const rod_measure *m, const para_how *how, const para_sink *sink)
{
    if (how->greedy) {
        bool loose;
        return break_windows(in, m, how, true, sink, &loose);
    }
    /* as kp_break: each tolerance in turn over the whole paragraph, then
     * (a box wider than the line) first fit */
    para_how h = *how;
    for (int step = 0; !isnan(h.kp.tolerance = kp_tolerance(&how->kp, step)); step++) {
        bool loose;
        if (break_windows(in, m, &h, false, sink, &loose))
            return true;
        if (!loose)
            return false;
        sink->rewind(sink->ctx);
    }
    bool loose;
    return break_windows(in, m, how, true, sink, &loose);
}
