/* app_idle.c — the window's work between events, in small slices.
 *
 * When no event is waiting, app.c's loop calls app_idle() once per turn:
 * first a library worker's message becomes a toast; then, once per book,
 * its annotations are read (after the first frame, so opening is not
 * slowed by them) and it is handed to the catalog; once cataloged, the
 * annotations are read again (a new edition's may have been re-anchored)
 * and the place read last elsewhere is taken up; then the next and
 * previous pages are drawn ahead into the page cache, and the rest of the
 * book is laid out one chapter at a time, nearest chapters first, so page
 * numbers and totals appear while the reader reads and a page turn finds
 * its page already drawn. A chapter next to the page shown that is not
 * laid out yet is laid out a slice at a time too, never at once: each
 * call returns within a few milliseconds, so a key press is never kept
 * waiting by a long book. app_idle() returns false when nothing is left,
 * and the loop then sleeps in SDL_WaitEvent.
 *
 * Syncing with other devices is asked for here too: an exchange is queued
 * on the library worker (it has its own connection, so the window never
 * waits for the folder) when a book has been cataloged after opening, a
 * moment after the folder watcher saw another device's file change
 * (sync_watch.c), and every minute while a book is open and something was
 * written (a->sync_every; $ROD_SYNC_EVERY_MS shortens it for tests);
 * app_close_book() asks for one when a book closes, and the window's end
 * waits for it. What came is shown here, once the worker has
 * it: a toast, the book's annotations read again, and a newer place taken
 * as the place from another copy is (below).
 */
#include <stdio.h>
#include <string.h>

#include "app.h"

void app_sync(app *a)
{
    if (a->sync_off || !a->worker)
        return;
    lib_worker_sync(a->worker, NULL, a->reader);
    a->sync_pending = true;
    a->synced_at = SDL_GetTicks();
}

/* Goes to the place the library has for the book when it is not the one
 * `than`, unless the reader has moved since the book opened (then the
 * reader's place stands, and it goes out with the next exchange); true
 * when it went. */
static bool take_place(app *a, rod_pos than)
{
    book *b = a->book;
    rod_pos place;
    bool found = false;
    if (a->lib && !b->start_given && rod_pos_cmp(b->anchor, b->opened) == 0 &&
        rod_lib_position_get(a->lib, b->fp, &place, &found) == ROD_OK && found &&
        rod_pos_cmp(place, than) != 0 && rod_doc_pos_valid(b->doc, place)) {
        /* the library keeps the place as it came (its device and time):
         * saved again here at the page's start and this second, it would
         * be a newer place of this device's, sent back to the others */
        b->place_taken = true;
        nav_jump(a, place, false);
        b->place_taken = false;
        b->opened = b->anchor;
        return true;
    }
    return false;
}

/* The last exchange's news, when the worker has it. */
static void sync_news(app *a)
{
    lib_sync_news n;
    if (!lib_worker_take_sync(a->worker, &n))
        return;
    a->sync_pending = false;
    /* the folder used is watched (it may have changed: rod sync --folder) */
    if (!n.folder[0] || (a->watch && strcmp(sync_watch_folder(a->watch), n.folder) != 0)) {
        sync_watch_stop(a->watch);
        a->watch = NULL;
    }
    if (n.folder[0] && !a->watch && a->sync_event && !n.failed) {
        char err[600];
        a->watch = sync_watch_start(n.folder, a->sync_event, err, sizeof err);
        if (!a->watch)
            fprintf(stderr, "rod: %s; syncing when books open and close\n", err);
    }
    if (n.own[0])
        sync_watch_ignore(a->watch, n.own);
    book *b = a->book;
    bool here = false;
    if (b && !n.failed && b->notes_fresh) {
        if (n.notes || n.deleted) {
            if (a->panel < PANEL_ANNOTS)    /* its rows index the old set */
                annots_load(a);
            else
                b->synced_notes = true;
        }
        for (size_t i = 0; i < n.places; i++)
            if (i >= LIB_SYNC_PLACES || !strcmp(n.place_fps[i], b->fp))
                here = true;
    }
    bool moved = here && (b->start_given || rod_pos_cmp(b->anchor, b->opened) != 0);
    if (here && !take_place(a, b->anchor) && moved && n.text[0]) {
        app_toast(a, "%.*s (not taken: you have read on here)", (int)(strlen(n.text) - 1), n.text);
        return;
    }
    if (n.text[0])
        app_toast(a, "%s", n.text);
}

/* An exchange due: after the folder changed, or the minute's. */
static void sync_due(app *a)
{
    uint32_t now = SDL_GetTicks();
    if (a->sync_due && SDL_TICKS_PASSED(now, a->sync_due)) {
        a->sync_due = 0;
        app_sync(a);
    } else if (a->book && a->book->notes_fresh && !a->sync_pending &&
               SDL_TICKS_PASSED(now, a->synced_at + a->sync_every) && lib_worker_changed(a->worker)) {
        app_sync(a);
    }
}

/* Whether the page after (dir > 0) or before r can be found without
 * laying out a chapter; if not, *chapter is the one to lay out. */
static bool neighbour_ready(app *a, page_ref r, int dir, size_t *chapter)
{
    rod_layout *lay = a->book->layout;
    size_t count = rod_layout_chapter_count(lay);
    if (!rod_layout_chapter_ready(lay, r.chapter)) {
        *chapter = r.chapter;
        return false;
    }
    if (dir > 0 ? r.index + 1 < rod_layout_chapter_pages(lay, r.chapter) : r.index > 0)
        return true;
    /* the nearest chapter that way with pages; empty ones are skipped */
    for (size_t c = r.chapter; dir > 0 ? c + 1 < count : c > 0;) {
        c = dir > 0 ? c + 1 : c - 1;
        if (!rod_layout_chapter_ready(lay, c)) {
            *chapter = c;
            return false;
        }
        if (rod_layout_chapter_pages(lay, c) > 0)
            return true;
    }
    return true;
}

/* A few milliseconds of background layout, near chapter `near`. */
static bool layout_slice(app *a, size_t near)
{
    bool finished = false;
    if (!rod_layout_work(a->book->layout, near, &finished))
        return false;
    if (finished)
        a->dirty = true;    /* the footer learns page numbers */
    return true;
}

bool app_idle(app *a)
{
    char msg[512];
    if (lib_worker_take_message(a->worker, msg, sizeof msg))
        app_toast(a, "%s", msg);
    sync_news(a);
    sync_due(a);
    book *b = a->book;
    if (!b || !b->layout)
        return false;
    if (b->synced_notes && a->panel < PANEL_ANNOTS) {
        b->synced_notes = false;
        annots_load(a);
    }
    if (!b->notes_loaded || !b->cataloged) {
        /* one slice: the notes read (a few rows) and the catalog queued */
        if (!b->notes_loaded)
            annots_load(a);
        if (!b->cataloged) {
            lib_worker_add(a->worker, b->path, b->doc, b->format);
            app_sync(a);    /* after the catalog: notes for it can be stored */
        }
        b->notes_loaded = b->cataloged = true;
        return true;
    }
    if (!b->notes_fresh && lib_worker_idle(a->worker)) {
        /* cataloging may have brought an earlier edition's notes here, or
         * another copy's (a conversion), with the place read there last:
         * go there unless the reader has moved since the book opened */
        b->notes_fresh = true;
        if (a->panel < PANEL_ANNOTS)    /* its rows index the old set */
            annots_load(a);
        take_place(a, b->stored);
        return true;
    }
    /* the pages a reader goes to next, drawn ahead; a neighbouring chapter
     * not laid out yet is laid out a slice at a time first, not at once */
    page_ref r = b->page, n;
    size_t unready;
    for (int k = 0; k < (a->two_pages ? 3 : 1); k++) {
        if (!neighbour_ready(a, r, 1, &unready))
            return layout_slice(a, unready);
        if (!nav_next_ref(a, r, &n))
            break;
        r = n;
        if (k < (a->two_pages ? 1 : 0))
            continue;
        if (!page_cached(a, r)) {
            page_image(a, r);
            return true;
        }
    }
    r = b->page;
    for (int k = 0; k < (a->two_pages ? 2 : 1); k++) {
        if (!neighbour_ready(a, r, -1, &unready))
            return layout_slice(a, unready);
        if (!nav_prev_ref(a, r, &n))
            break;
        r = n;
        if (!page_cached(a, r)) {
            page_image(a, r);
            return true;
        }
    }
    return layout_slice(a, b->page.chapter);
}
