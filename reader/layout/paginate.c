/* paginate.c — a chapter's lines cut into pages.
 *
 * The paginator sees only line heights, the space before each line and
 * the flags typeset.c set: PG_NO_BREAK_BEFORE (widows, orphans, headings
 * kept with what follows, ornaments), PG_NEW_PAGE, PG_KEEP_SPACE. It fills
 * a page while lines fit and, when one does not, ends the page before the
 * last line a page may start with. When no line on the page may start the
 * next (a run of kept lines taller than a page, on small pages), it breaks
 * a widow or orphan rule before a heading's or ornament's keep, and only
 * with neither possible where the page is full: a rule broken beats text
 * lost off the page.
 *
 * One keep is weaker than the others: an ornament's with the lines either
 * side (PG_LESSER). When no allowed break leaves the page less than two
 * lines short, the latest lesser break on the page is taken, before any
 * widow or orphan rule is broken: a scene break at the top or the foot of
 * a page still shows the break, which is what the ornament is for (a
 * blank line would be lost there). Kept firmly, a scene break between
 * short paragraphs (a cast list with one between every entry, as
 * FictionBook's empty lines become) left no page break the rules allowed
 * and the paginator broke widow and orphan rules; before a short
 * paragraph and a scene break, pages ended 3 to 5 lines short.
 * Space before a
 * line disappears at the top of a page unless the line keeps it (a
 * chapter title sinks the same on every chapter's first page).
 *
 * Pages then get their start and end positions: a page starts where its
 * first line starts and ends where the next page starts.
 */
#include "layout_internal.h"

#include <stdlib.h>

bool paginate_chapter(chapter_out *out, const rod_layout_opts *opts, size_t chapter, rod_pos next)
{
    int avail = opts->height - 2 * opts->margin_y;
    if (avail < 40)
        avail = 40;
    double body = opts->font_size * opts->spacing;     /* a line of text */
    size_t cap = 16, npages = 0;
    rod_page *pages = malloc(cap * sizeof *pages);
    if (!pages)
        return false;
    size_t i = 0, n = out->nlines;
    while (i < n) {
        size_t first = i, last_ok = SIZE_MAX, last_soft = SIZE_MAX, last_lesser = SIZE_MAX;
        int y = 0, y_ok = 0;
        while (i < n) {
            const line_meta *m = &out->meta[i];
            bool top = i == first;
            if (!top && (m->flags & PG_NEW_PAGE))
                break;
            int space = top && !(m->flags & PG_KEEP_SPACE) ? 0 : m->space_before;
            if (!top && !(m->flags & PG_NO_BREAK_BEFORE)) {
                last_ok = i;
                y_ok = y;
            }
            if (!top && (m->flags & PG_LESSER))
                last_lesser = i;
            if (!top && !(m->flags & PG_KEEP))
                last_soft = i;
            if (!top && y + space + out->lines[i].height > avail) {
                bool too_short = last_ok == SIZE_MAX || avail - y_ok > 2 * body;
                if (last_lesser != SIZE_MAX && too_short && (last_ok == SIZE_MAX || last_lesser > last_ok))
                    i = last_lesser;
                else if (last_ok != SIZE_MAX)
                    i = last_ok;
                else if (last_soft != SIZE_MAX)
                    i = last_soft;
                break;
            }
            y += space;
            out->lines[i].y = opts->margin_y + y + out->lines[i].ascent;
            y += out->lines[i].height;
            i++;
        }
        if (npages == cap) {
            cap *= 2;
            rod_page *grown = realloc(pages, cap * sizeof *grown);
            if (!grown) {
                free(pages);
                return false;
            }
            pages = grown;
        }
        pages[npages++] = (rod_page){out->lines[first].start, {0, 0}, chapter, out->lines + first, i - first};
    }
    for (size_t p = 0; p < npages; p++)
        pages[p].end = p + 1 < npages ? pages[p + 1].start : next;
    free(out->pages);
    out->pages = pages;
    out->npages = npages;
    return true;
}
