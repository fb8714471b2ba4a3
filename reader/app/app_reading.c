/* app_reading.c — the reading statistics the window records: how long
 * the reader reads each book, how many pages, and when a book is read to
 * its end.
 *
 * Time is counted at page turns only: the gap since the page before
 * appeared is time read when it is at most READ_GAP_MS (five minutes);
 * a longer gap is a reader who put the book down, and counts nothing —
 * neither its time nor its page — and ends the sitting. A sitting is a
 * rod_lib_session (library/readstats.c), begun at the first counted turn
 * from the moment its page appeared; it is handed to the library worker
 * every SAVE_EVERY_MS of reading, when it ends, at UTC midnight (so a
 * session's time all lies in one day) and when the book closes. The
 * worker replaces a queued copy of the same sitting, so saving often
 * costs one write. Counting time while a page is merely shown was turned
 * down: a window left open overnight would read all night.
 *
 * Two clocks: a monotonic one in milliseconds for the gaps (a change of
 * the wall clock must not read for hours) and the wall clock for when a
 * sitting began. Scripts move both forward with `wait` (a->clock_shift_ms),
 * so a test can read for minutes in no time, and set the wall clock alone
 * with `clock` (a->wall_shift), to read across a midnight.
 */
#include <time.h>

#include "app.h"

enum { READ_GAP_MS = 5 * 60 * 1000, SAVE_EVERY_MS = 3 * 60 * 1000, DAY = 86400 };

static int64_t clock_ms(const app *a)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + a->clock_shift_ms;
}

int64_t reading_wall(const app *a)
{
    return (int64_t)time(NULL) + a->clock_shift_ms / 1000 + a->wall_shift;
}

void reading_begin(app *a)
{
    book *b = a->book;
    if (!b)
        return;
    reading *r = &b->reading;
    *r = (reading){0};
    r->last_ms = clock_ms(a);
    r->last_wall = reading_wall(a);
    r->last_pos = b->anchor;
}

void reading_save(app *a)
{
    book *b = a->book;
    if (!b || !b->reading.on)
        return;
    b->reading.saved_ms = clock_ms(a);
    lib_worker_session(a->worker, b->fp, &b->reading.s);
}

/* Whether the last page of the book is shown (the right page of a spread
 * counts). */
static bool at_end(app *a)
{
    page_ref last = a->book->page, next;
    if (a->two_pages && nav_next_ref(a, last, &next))
        last = next;
    return !nav_next_ref(a, last, &next);
}

void reading_turned(app *a)
{
    book *b = a->book;
    if (!b)
        return;
    reading *r = &b->reading;
    int64_t now = clock_ms(a), wall = reading_wall(a), gap = now - r->last_ms;
    if (gap >= 0 && gap <= READ_GAP_MS) {
        if (r->on && wall / DAY != r->s.started / DAY) {
            /* the part of the gap before midnight ends the old day's
             * sitting; the new one begins at midnight with the rest */
            int64_t midnight = wall / DAY * DAY, before = (midnight - r->last_wall) * 1000;
            before = before < 0 ? 0 : before > gap ? gap : before;
            r->read_ms += before;
            r->s.seconds = r->read_ms / 1000;
            gap -= before;
            reading_save(a);
            r->on = false;
            r->last_wall = midnight;
        }
        if (!r->on) {
            r->on = true;
            r->read_ms = 0;
            r->saved_ms = now;
            r->s = (rod_lib_session){.started = r->last_wall, .start = r->last_pos};
            /* a sitting begun just before midnight starts the new day */
            if (r->s.started / DAY != wall / DAY)
                r->s.started = wall / DAY * DAY;
        }
        r->read_ms += gap;
        r->s.seconds = r->read_ms / 1000;
        r->s.pages++;
        r->s.end = b->anchor;
        if (now - r->saved_ms >= SAVE_EVERY_MS)
            reading_save(a);
    } else if (r->on) {
        reading_save(a);
        r->on = false;
    }
    r->last_ms = now;
    r->last_wall = wall;
    r->last_pos = b->anchor;
    if (!r->finished && (book_progress(b, b->anchor) >= 0.99 || at_end(a))) {
        r->finished = true;
        lib_worker_finished(a->worker, b->fp, wall);
    }
}
