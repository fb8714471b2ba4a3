/* app_annots.c — the three annotation panels: one annotation and its
 * discussion (PANEL_MARK: who, the quote, the note, the replies under it
 * with each reader's name and day, R to reply, and for one's own: colour,
 * edit, delete), the note editor (PANEL_EDIT: SDL text input, so input
 * methods and any script work; it writes a new note, a changed one or a
 * reply) and the list of all annotations (PANEL_ANNOTS), each note
 * followed by its replies, filtered by reader and tag. Which note a reply
 * answers is worked out by annot_thread.c, once per change (app_marks.c).
 *
 * The annotations themselves, their drawing on the page and the actions
 * that make, remove and bring them back are app_marks.c's; these panels
 * use them and the shared widgets (app_widgets.c). Which annotation a
 * panel shows is a->mark (an index in book.notes, -1 for a new note on
 * the selection), set before panel_open().
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "rod_clean.h"

static bool row_shown(app *a, const rod_annot *n)
{
    if (a->filter_reader[0] && (!n->reader || strcmp(n->reader, a->filter_reader)))
        return false;
    if (a->filter_tag[0]) {
        for (size_t t = 0; t < n->ntags; t++)
            if (!strcmp(n->tags[t], a->filter_tag))
                return true;
        return false;
    }
    return true;
}

/* The rows in reading order of their notes, each note followed by its
 * discussion (a reply under the note it answers, wherever its own copy of
 * the passage is), filtered by reader and tag. */
static void build_rows(app *a)
{
    book *b = a->book;
    free(a->rows);
    free(a->row_depth);
    a->rows = malloc((b->notes.n + 1) * sizeof *a->rows);
    a->row_depth = malloc((b->notes.n + 1) * sizeof *a->row_depth);
    a->nrows = 0;
    if (!a->rows || !a->row_depth)
        return;
    for (size_t r = 0; r < b->notes.n; r++) {
        if (annots_parent(b, r) != ROD_THREAD_NONE)
            continue;
        size_t *order;
        unsigned *depth;
        size_t m = annots_thread(b, r, &order, &depth);
        for (size_t k = 0; k < m; k++)
            if (row_shown(a, &b->notes.items[order[k]])) {
                a->row_depth[a->nrows] = depth[k];
                a->rows[a->nrows++] = order[k];
            }
        free(order);
        free(depth);
    }
    if (a->sel >= (int)a->nrows)
        a->sel = (int)a->nrows - 1;
    if (a->sel < 0)
        a->sel = 0;
}

/* The next distinct reader (dir > 0) or tag after cur, "" meaning all. */
static void cycle(app *a, bool tags, char *cur, size_t n)
{
    book *b = a->book;
    const char *best = NULL;
    /* the smallest value greater than cur, else "" (all) */
    for (size_t i = 0; i < b->notes.n; i++) {
        const rod_annot *x = &b->notes.items[i];
        size_t k = tags ? x->ntags : 1;
        for (size_t t = 0; t < k; t++) {
            const char *v = tags ? x->tags[t] : x->reader;
            if (v && *v && strcmp(v, cur) > 0 && (!best || strcmp(v, best) < 0))
                best = v;
        }
    }
    snprintf(cur, n, "%s", best ? best : "");
}

/* The three open here: a->panel is the kind, sel and scroll are 0 and
 * a->mark the annotation (app.c's panel_open). */
static void annots_open(app *a)
{
    panel_kind kind = a->panel;
    long mark = a->mark;
    SDL_StopTextInput();
    if (kind == PANEL_ANNOTS) {
        build_rows(a);
        /* start at the first annotation at or after the reading position */
        for (size_t i = 0; i < a->nrows; i++)
            if (rod_pos_cmp(a->book->notes.items[a->rows[i]].start, a->book->anchor) >= 0) {
                a->sel = (int)i;
                break;
            }
    } else if (kind == PANEL_EDIT) {
        a->edit[0] = a->edit_tags[0] = a->composing[0] = '\0';
        a->edit_field = 0;
        if (mark >= 0) {
            const rod_annot *n = &a->book->notes.items[mark];
            snprintf(a->edit, sizeof a->edit, "%s", n->body ? n->body : "");
            size_t k = 0;
            for (size_t t = 0; t < n->ntags && k + 2 < sizeof a->edit_tags; t++)
                k += (size_t)snprintf(a->edit_tags + k, sizeof a->edit_tags - k, "%s%s", t ? ", " : "", n->tags[t]);
        }
        SDL_StartTextInput();
    }
}

/* The editor's text input ends with it, and so does a reply's target. */
static void edit_close(app *a)
{
    a->replying = -1;
    SDL_StopTextInput();
}

static void append(char *dst, size_t cap, const char *s)
{
    size_t have = strlen(dst), add = strlen(s);
    if (have + add < cap)
        memcpy(dst + have, s, add + 1);
}

/* The editor's tags field into n's tags. */
static bool set_tags(rod_annot *n, const char *text)
{
    for (size_t t = 0; t < n->ntags; t++)
        free(n->tags[t]);
    free(n->tags);
    n->tags = NULL;
    n->ntags = 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", text);
    for (char *save = NULL, *tok = strtok_r(buf, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
        while (*tok == '#')
            tok++;
        if (*tok && !rod_annot_add_tag(n, tok))
            return false;
    }
    return true;
}

/* What the editor typed or pasted, held to rod_clean.h's rules before it
 * is kept: a control character (a pasted ESC) or a bidi override in a tag
 * becomes U+FFFD. */
static bool clean_note(rod_annot *n)
{
    bool ok = rod_clean_field(&n->body, ROD_FIELD_TEXT, NULL);
    for (size_t t = 0; ok && t < n->ntags; t++)
        ok = rod_clean_field(&n->tags[t], ROD_FIELD_NAME, NULL);
    return ok;
}

/* A reply of ours to *to: a note on its passage (a copy of its quote and
 * positions, so a reader that knows no replies still shows it there). */
static bool reply_make(app *a, const rod_annot *to, const char *body, rod_annot *n)
{
    char id[37], now[21];
    rod_annot_new_id(id);
    rod_annot_now(now);
    n->type = ROD_ANNOT_NOTE;
    n->start = to->start;
    n->end = to->end;
    n->has_end = to->has_end;
    return rod_annot_set(&n->id, id) && rod_annot_set(&n->reader, a->reader) && rod_annot_set(&n->color, "amber") &&
           rod_annot_set(&n->created, now) && rod_annot_set(&n->modified, now) && rod_annot_set(&n->body, body) &&
           rod_annot_set(&n->quote, to->quote) && rod_annot_set(&n->prefix, to->prefix) &&
           rod_annot_set(&n->suffix, to->suffix) && rod_annot_set(&n->reply_to, to->id);
}

static void edit_save(app *a)
{
    book *b = a->book;
    char body[sizeof a->edit];
    snprintf(body, sizeof body, "%s", a->edit);
    size_t len = strlen(body);
    while (len > 0 && (body[len - 1] == ' ' || body[len - 1] == '\n'))
        body[--len] = '\0';
    char now[21];
    rod_annot_now(now);
    rod_annot n = {0};
    if (a->mark < 0 && a->replying >= 0 && (size_t)a->replying < b->notes.n) {
        if (!*body) {
            app_toast(a, "A reply needs words: nothing was kept");
            return;
        }
        if (!reply_make(a, &b->notes.items[a->replying], body, &n) || !set_tags(&n, a->edit_tags) ||
            !clean_note(&n)) {
            rod_annot_clear(&n);
            app_toast(a, "Out of memory: the reply was not kept");
            return;
        }
        lib_worker_annot_put(a->worker, b->fp, &n);
        annots_insert(b, &n);
        rod_annot_clear(&n);
        app_toast(a, "Reply saved");
        annots_changed(a);
        return;
    }
    if (a->mark >= 0) {
        const rod_annot *old = &b->notes.items[a->mark];
        if (rod_annot_copy(&n, old) != ROD_OK)
            return;
        if (n.type != ROD_ANNOT_BOOKMARK)
            n.type = *body ? ROD_ANNOT_NOTE : ROD_ANNOT_HIGHLIGHT;
        bool ok = rod_annot_set(&n.body, *body ? body : NULL) && rod_annot_set(&n.modified, now) &&
                  set_tags(&n, a->edit_tags) && clean_note(&n);
        if (!ok) {
            rod_annot_clear(&n);
            return;
        }
        lib_worker_annot_put(a->worker, b->fp, &n);
        rod_annot_clear(&b->notes.items[a->mark]);
        b->notes.items[a->mark] = n;
    } else {
        rod_pos s, e;
        if (!sel_range(a, &s, &e) || !annots_make(a, s, e, false, a->color[0] ? a->color : "amber", body, &n))
            return;
        if (!set_tags(&n, a->edit_tags) || !clean_note(&n)) {
            rod_annot_clear(&n);
            return;
        }
        lib_worker_annot_put(a->worker, b->fp, &n);
        annots_insert(b, &n);
        rod_annot_clear(&n);
        sel_clear(a);
    }
    app_toast(a, *body ? "Note saved" : "Highlight saved");
    annots_changed(a);
}

static void mark_recolor(app *a, const char *color)
{
    book *b = a->book;
    rod_annot *n = &b->notes.items[a->mark];
    char now[21];
    rod_annot_now(now);
    if (rod_annot_set(&n->color, color) && rod_annot_set(&n->modified, now))
        lib_worker_annot_put(a->worker, b->fp, n);
    annots_changed(a);
}

static bool annots_event(app *a, const SDL_Event *ev)
{
    book *b = a->book;
    if (!b) {
        panel_close(a);
        return false;
    }
    if (a->panel == PANEL_EDIT) {
        char *field = a->edit_field ? a->edit_tags : a->edit;
        size_t cap = a->edit_field ? sizeof a->edit_tags : sizeof a->edit;
        if (ev->type == SDL_TEXTINPUT) {
            append(field, cap, ev->text.text);
            a->composing[0] = '\0';
        } else if (ev->type == SDL_TEXTEDITING) {
            snprintf(a->composing, sizeof a->composing, "%s", ev->edit.text);
        } else if (ev->type == SDL_KEYDOWN) {
            SDL_Keycode k = ev->key.keysym.sym;
            bool shift = ev->key.keysym.mod & KMOD_SHIFT, ctrl = ev->key.keysym.mod & KMOD_CTRL;
            if (k == SDLK_ESCAPE) {
                panel_close(a);
            } else if ((k == SDLK_RETURN || k == SDLK_KP_ENTER) && shift && !a->edit_field) {
                append(field, cap, "\n");
            } else if (k == SDLK_RETURN || k == SDLK_KP_ENTER) {
                edit_save(a);
                panel_close(a);
            } else if (k == SDLK_BACKSPACE) {
                delete_last_char(field);
            } else if (k == SDLK_TAB) {
                a->edit_field = !a->edit_field;
            } else if (ctrl && k == SDLK_v && SDL_HasClipboardText()) {
                char *clip = SDL_GetClipboardText();
                if (clip)
                    append(field, cap, clip);
                SDL_free(clip);
            }
        } else if (ev->type == SDL_MOUSEBUTTONDOWN) {
            return true;    /* the editor stays until Enter or Esc */
        }
        a->dirty = true;
        return true;
    }
    if (a->panel == PANEL_MARK) {
        if (a->mark < 0 || (size_t)a->mark >= b->notes.n) {
            panel_close(a);
            return true;
        }
        rod_annot *n = &b->notes.items[a->mark];
        if (ev->type == SDL_MOUSEBUTTONDOWN) {
            panel_close(a);
            return true;
        }
        if (ev->type != SDL_KEYDOWN)
            return panel_swallows(ev);
        SDL_Keycode k = ev->key.keysym.sym;
        a->dirty = true;
        if (k == SDLK_ESCAPE || k == SDLK_RETURN) {
            panel_close(a);
        } else if (k == SDLK_c) {
            SDL_SetClipboardText(n->quote ? n->quote : "");
            app_toast(a, "Quote copied");
        } else if (k == SDLK_r && n->type != ROD_ANNOT_BOOKMARK) {
            /* answer the discussion: a reply to the note it opened on */
            long to = a->mark;
            a->mark = -1;
            panel_open(a, PANEL_EDIT);
            a->replying = to;
        } else if (!annots_mine(a, n)) {
            app_toast(a, "%s's note: only %s can change it", n->reader ? n->reader : "Another reader",
                      n->reader ? n->reader : "they");
        } else if (k >= SDLK_1 && k <= SDLK_6 && n->type != ROD_ANNOT_BOOKMARK) {
            mark_recolor(a, annot_colors[k - SDLK_1]);
        } else if (k == SDLK_n || k == SDLK_e) {
            panel_open(a, PANEL_EDIT);
        } else if (k == SDLK_DELETE || k == SDLK_BACKSPACE) {
            annots_remove(a, (size_t)a->mark);
            panel_close(a);
            app_toast(a, "Deleted (Ctrl+Z brings it back)");
        }
        return true;
    }
    /* PANEL_ANNOTS */
    int px = panel_px(a);
    int row_h = (int)(px * 3.1);
    int top = 4 * px;
    int rows = (a->h - top - px) / row_h;
    if (rows < 1)
        rows = 1;
    if (ev->type == SDL_MOUSEWHEEL) {
        list_scroll(&a->scroll, ev->wheel.y * 2, (int)a->nrows, rows);
        a->dirty = true;
        return true;
    }
    if (ev->type == SDL_MOUSEBUTTONDOWN) {
        int x = (int)(ev->button.x * a->pixel_ratio), y = (int)(ev->button.y * a->pixel_ratio);
        int w = (int)fmin(a->w, 760 * a->scale);
        int x0 = (a->w - w) / 2;
        if (x < x0 || x >= x0 + w) {
            panel_close(a);
            return true;
        }
        int row = a->scroll + (y - top) / row_h;
        if (y >= top && row < (int)a->nrows) {
            a->sel = row;
            const rod_annot *n = &b->notes.items[a->rows[row]];
            panel_close(a);
            nav_jump(a, n->start, true);
        }
        a->dirty = true;
        return true;
    }
    if (ev->type != SDL_KEYDOWN)
        return panel_swallows(ev);
    SDL_Keycode k = ev->key.keysym.sym;
    a->dirty = true;
    if (list_move(k, &a->sel, &a->scroll, (int)a->nrows, rows))
        return true;
    switch (k) {
    case SDLK_ESCAPE:
    case SDLK_a:
        panel_close(a);
        return true;
    case SDLK_r:
        cycle(a, false, a->filter_reader, sizeof a->filter_reader);
        build_rows(a);
        break;
    case SDLK_TAB:
        cycle(a, true, a->filter_tag, sizeof a->filter_tag);
        build_rows(a);
        break;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
        if (a->nrows > 0) {
            const rod_annot *n = &b->notes.items[a->rows[a->sel]];
            bool orphan = b->status && b->status[a->rows[a->sel]] == ROD_ANCHOR_ORPHANED;
            panel_close(a);
            if (orphan)
                app_toast(a, "This annotation's text is no longer in the book");
            else
                nav_jump(a, n->start, true);
        }
        return true;
    case SDLK_DELETE:
        if (a->nrows > 0 && annots_mine(a, &b->notes.items[a->rows[a->sel]])) {
            annots_remove(a, a->rows[a->sel]);
            build_rows(a);
            app_toast(a, "Deleted (Ctrl+Z brings it back)");
        }
        break;
    default:
        break;
    }
    list_clamp(&a->sel, &a->scroll, (int)a->nrows, rows);
    return true;
}

/* s on one line (newlines become spaces), cut to width. */
static void one_line(app *a, const char *s, char *out, size_t n, int px, unsigned style, int width)
{
    snprintf(out, n, "%s", s ? s : "");
    for (char *c = out; *c; c++)
        if (*c == '\n')
            *c = ' ';
    fit_text(a, out, px, style, width);
}

static const char *kind_label(const rod_annot *n)
{
    return n->type == ROD_ANNOT_BOOKMARK ? "Bookmark" : n->type == ROD_ANNOT_NOTE ? "Note" : "Highlight";
}

static void draw_list(app *a, SDL_Surface *dst, rod_palette pal)
{
    book *b = a->book;
    int px = panel_px(a);
    int w = (int)fmin(a->w, 760 * a->scale);
    SDL_Rect r = {(a->w - w) / 2, 0, w, a->h};
    panel_card(dst, r, pal);
    char head[400];
    snprintf(head, sizeof head, "Annotations \u00B7 %zu of %zu \u00B7 reader: %s (R) \u00B7 tag: %s (Tab)", a->nrows,
             b->notes.n, a->filter_reader[0] ? a->filter_reader : "all", a->filter_tag[0] ? a->filter_tag : "all");
    draw_text(a, dst, head, r.x + px, 2 * px, px, ROD_FONT_SMALLCAPS, pal.faint, 0);
    int row_h = (int)(px * 3.1), top = 4 * px;
    int rows = (a->h - top - px) / row_h;
    bool dark = palette_dark(rod_theme_palette(a->set.theme));
    if (a->nrows == 0)
        draw_text(a, dst, b->notes.n ? "None with this reader and tag." : "No annotations yet: select text with the mouse.",
                  r.x + px, top + px, px, ROD_FONT_ITALIC, pal.faint, 0);
    for (int i = 0; i < rows && a->scroll + i < (int)a->nrows; i++) {
        size_t idx = a->rows[a->scroll + i];
        const rod_annot *n = &b->notes.items[idx];
        int y = top + i * row_h;
        if (a->scroll + i == a->sel)
            SDL_FillRect(dst, &(SDL_Rect){r.x + 1, y, r.w - 2, row_h}, app_rgb(dst, app_mix(pal.page, pal.link, 0.14)));
        /* a reply: under the note it answers, one step in per level */
        unsigned depth = a->row_depth ? a->row_depth[a->scroll + i] : 0;
        bool reply = depth > 0;
        int x = r.x + px + 2 * px * (int)(depth < 4 ? depth : 4);
        uint32_t c = annots_mine(a, n) ? color_rgb(n->color) : reader_rgb(n->reader, dark);
        SDL_FillRect(dst, &(SDL_Rect){x, y + px / 3, (int)(4 * a->scale), row_h - 2 * px / 3}, app_rgb(dst, c));
        x += px;
        int width = r.x + r.w - px - x;
        char line[600], q[400];
        bool orphan = b->status && b->status[idx] == ROD_ANCHOR_ORPHANED;
        if (reply)
            snprintf(q, sizeof q, "\u21B3 %s", n->body ? n->body : "");
        else
            snprintf(q, sizeof q, "%s\u201C%s\u201D", orphan ? "(orphaned) " : "", n->quote ? n->quote : "");
        one_line(a, q, line, sizeof line, px, ROD_FONT_ITALIC, width);
        draw_text(a, dst, line, x, y + (int)(px * 1.25), px, ROD_FONT_ITALIC, orphan ? pal.faint : pal.ink, 0);
        char page[32];
        page_label(a, n->start, page, sizeof page);
        if (reply)
            snprintf(q, sizeof q, "%s \u00B7 p. %s \u00B7 Reply \u00B7 %.10s", n->reader ? n->reader : "?", page,
                     n->created ? n->created : "");
        else
            snprintf(q, sizeof q, "%s \u00B7 p. %s \u00B7 %s%s%s", n->reader ? n->reader : "?", page, kind_label(n),
                     n->body ? ": " : "", n->body ? n->body : "");
        one_line(a, q, line, sizeof line, px, 0, width);
        draw_text(a, dst, line, x, y + (int)(px * 2.55), px, 0, annots_mine(a, n) ? pal.faint : reader_rgb(n->reader, dark), 0);
    }
    draw_text(a, dst, "Enter go \u00B7 Del delete \u00B7 R reader \u00B7 Tab tag \u00B7 Esc close", r.x + r.w - px,
              a->h - px / 2, (int)(px * 0.8), ROD_FONT_ITALIC, pal.faint, 2);
}

/* One annotation and its discussion: the note (who, kind, day, the
 * quote, the words), then each reply under it, indented by its depth,
 * with its reader's name in their colour and the day; what does not fit
 * the card is counted at its foot. */
static void draw_mark(app *a, SDL_Surface *dst, rod_palette pal)
{
    book *b = a->book;
    if (a->mark < 0 || (size_t)a->mark >= b->notes.n)
        return;
    const rod_annot *n = &b->notes.items[a->mark];
    size_t *order;
    unsigned *depth;
    size_t m = annots_thread(b, (size_t)a->mark, &order, &depth);
    int px = panel_px(a);
    int w = (int)fmin(a->w - 40, 700 * a->scale);
    int inner = w - 2 * px;
    int lh = (int)(px * 1.45);
    int ql = wrap_text(a, NULL, n->quote ? n->quote : "", 0, 0, inner, 0, px, ROD_FONT_ITALIC, 0);
    if (ql > 4)
        ql = 4;
    int nl = n->body ? wrap_text(a, NULL, n->body, 0, 0, inner, 0, px, 0, 0) : 0;
    int rl = 0;     /* the replies' lines: a name line and the words, each */
    for (size_t k = 1; k < m; k++) {
        const rod_annot *r = &b->notes.items[order[k]];
        int in = px * 2 * (int)(depth[k] < 4 ? depth[k] : 4);
        rl += 1 + (r->body ? wrap_text(a, NULL, r->body, 0, 0, inner - in, 0, px, 0, 0) : 0);
    }
    int h = (int)fmin(a->h * (m > 1 ? 0.8 : 0.6), (ql + nl + rl + 3) * lh + (m > 1 ? lh : 0) + 2 * px);
    SDL_Rect r = {(a->w - w) / 2, a->h - h - a->margin_y, w, h};
    if (r.y < a->margin_y / 2)
        r.y = a->margin_y / 2;
    panel_card(dst, r, pal);
    bool dark = palette_dark(rod_theme_palette(a->set.theme));
    uint32_t c = annots_mine(a, n) ? color_rgb(n->color) : reader_rgb(n->reader, dark);
    SDL_FillRect(dst, &(SDL_Rect){r.x, r.y, (int)(4 * a->scale), r.h}, app_rgb(dst, c));
    char head[300];
    snprintf(head, sizeof head, "%s \u00B7 %s \u00B7 %.10s", n->reader ? n->reader : "?", kind_label(n),
             n->modified ? n->modified : "");
    draw_text(a, dst, head, r.x + px, r.y + 2 * px, px, ROD_FONT_SMALLCAPS, annots_mine(a, n) ? pal.faint : c, 0);
    int y = r.y + 2 * px + lh;
    int foot = r.y + r.h - (int)(1.6 * px);    /* the keys' line and the tags */
    wrap_text(a, dst, n->quote ? n->quote : "", r.x + px, y, inner, y + 3 * lh, px, ROD_FONT_ITALIC, pal.faint);
    y += ql * lh + lh / 2;
    if (n->body)
        wrap_text(a, dst, n->body, r.x + px, y, inner, foot, px, 0, pal.ink);
    y += nl * lh + lh / 2;
    size_t shown = 1;
    for (size_t k = 1; k < m && y + lh <= foot; k++, shown++) {
        const rod_annot *rp = &b->notes.items[order[k]];
        int in = px * 2 * (int)(depth[k] < 4 ? depth[k] : 4);
        uint32_t rc = annots_mine(a, rp) ? pal.faint : reader_rgb(rp->reader, dark);
        snprintf(head, sizeof head, "\u21B3 %s \u00B7 %.10s", rp->reader ? rp->reader : "?",
                 rp->created ? rp->created : "");
        draw_text(a, dst, head, r.x + in, y, px, ROD_FONT_SMALLCAPS, rc, 0);
        y += lh;
        if (rp->body) {
            int lines = wrap_text(a, NULL, rp->body, 0, 0, inner - in, 0, px, 0, 0);
            wrap_text(a, dst, rp->body, r.x + in + px, y, inner - in, foot, px, 0, pal.ink);
            y += lines * lh;
        }
    }
    char tags[300] = "";
    size_t k = 0;
    for (size_t t = 0; t < n->ntags && k + 2 < sizeof tags; t++)
        k += (size_t)snprintf(tags + k, sizeof tags - k, "#%s ", n->tags[t]);
    if (shown < m)
        snprintf(tags + k, sizeof tags - k, "%s%zu more repl%s in the list (A)", k ? "\u00B7 " : "", m - shown,
                 m - shown == 1 ? "y" : "ies");
    draw_text(a, dst, tags, r.x + px, r.y + r.h - px / 2, (int)(px * 0.8), 0, pal.link, 0);
    draw_text(a, dst,
              annots_mine(a, n) ? "R reply \u00B7 1\u20136 colour \u00B7 N note \u00B7 Del delete \u00B7 C copy \u00B7 Esc"
                         : "R reply \u00B7 C copy the quote \u00B7 Esc",
              r.x + r.w - px, r.y + r.h - px / 2, (int)(px * 0.8), ROD_FONT_ITALIC, pal.faint, 2);
    free(order);
    free(depth);
}

static void draw_edit(app *a, SDL_Surface *dst, rod_palette pal)
{
    book *b = a->book;
    int px = panel_px(a);
    int w = (int)fmin(a->w - 40, 700 * a->scale);
    int inner = w - 2 * px;
    int lh = (int)(px * 1.45);
    char text[sizeof a->edit + 80];
    snprintf(text, sizeof text, "%s%s%s", a->edit, a->edit_field ? "" : a->composing, a->edit_field ? "" : "\u258F");
    int lines = wrap_text(a, NULL, text, 0, 0, inner, 0, px, 0, 0);
    if (lines < 3)
        lines = 3;
    int h = (int)fmin(a->h * 0.7, (lines + 5) * lh + 2 * px);
    SDL_Rect r = {(a->w - w) / 2, (a->h - h) / 2, w, h};
    panel_card(dst, r, pal);
    const char *quote = "";
    rod_pos s, e;
    char qbuf[300] = "";
    if (a->mark >= 0 && (size_t)a->mark < b->notes.n) {
        quote = b->notes.items[a->mark].quote;
    } else if (sel_range(a, &s, &e)) {
        const rod_block *bl = &b->doc->blocks[s.block];
        size_t from = rod_doc_pos_byte(b->doc, s);
        size_t to = s.block == e.block ? rod_doc_pos_byte(b->doc, e) : bl->len;
        snprintf(qbuf, sizeof qbuf, "%.*s", (int)(to - from < 280 ? to - from : 280), bl->text + from);
        quote = qbuf;
    }
    char head[400], line[400];
    if (a->mark < 0 && a->replying >= 0 && (size_t)a->replying < b->notes.n) {
        const rod_annot *to = &b->notes.items[a->replying];
        snprintf(head, sizeof head, "Reply to %s: \u201C%s\u201D", to->reader ? to->reader : "?",
                 to->body ? to->body : to->quote ? to->quote : "");
    } else {
        snprintf(head, sizeof head, "Note on \u201C%s\u201D", quote ? quote : "");
    }
    one_line(a, head, line, sizeof line, px, ROD_FONT_ITALIC, inner);
    draw_text(a, dst, line, r.x + px, r.y + 2 * px, px, ROD_FONT_ITALIC, pal.faint, 0);
    int y = r.y + 2 * px + (int)(lh * 1.4);
    SDL_Rect field = {r.x + px / 2, y - px - px / 3, r.w - px, lines * lh + px / 2};
    SDL_FillRect(dst, &field, app_rgb(dst, app_mix(pal.page, a->edit_field ? pal.faint : pal.link, 0.06)));
    wrap_text(a, dst, text, r.x + px, y, inner, r.y + r.h - 3 * lh, px, 0, pal.ink);
    SDL_SetTextInputRect(&(SDL_Rect){(int)(r.x / a->pixel_ratio), (int)(y / a->pixel_ratio), (int)(inner / a->pixel_ratio),
                                     (int)(lh / a->pixel_ratio)});
    char tags[400];
    snprintf(tags, sizeof tags, "Tags: %s%s%s", a->edit_tags, a->edit_field ? a->composing : "",
             a->edit_field ? "\u258F" : "");
    draw_text(a, dst, tags, r.x + px, r.y + r.h - (int)(1.9 * lh), px, 0, a->edit_field ? pal.ink : pal.faint, 0);
    draw_text(a, dst, "Enter saves \u00B7 Shift+Enter new line \u00B7 Tab tags \u00B7 Esc cancels", r.x + r.w - px,
              r.y + r.h - px / 2, (int)(px * 0.8), ROD_FONT_ITALIC, pal.faint, 2);
}

static void annots_draw(app *a, SDL_Surface *dst)
{
    rod_palette pal = rod_theme_palette(a->set.theme);
    if (a->panel == PANEL_ANNOTS)
        draw_list(a, dst, pal);
    else if (a->panel == PANEL_MARK)
        draw_mark(a, dst, pal);
    else if (a->panel == PANEL_EDIT)
        draw_edit(a, dst, pal);
}

/* For scripts: "p. 12 · reader · Highlight · quote" (the page "…" while
 * it is not known). */
static bool annots_row(app *a, int i, char *out, size_t n)
{
    if (a->panel != PANEL_ANNOTS || i < 0 || (size_t)i >= a->nrows)
        return false;
    const rod_annot *x = &a->book->notes.items[a->rows[i]];
    char page[32];
    page_label(a, x->start, page, sizeof page);
    unsigned d = a->row_depth ? a->row_depth[i] : 0;
    if (d)      /* a reply: "↳ p. 3 · Odo · Reply · its words", a ↳ a level */
        snprintf(out, n, "%s%sp. %s \u00B7 %s \u00B7 Reply \u00B7 %s", "\u21B3 ", d > 1 ? "\u21B3 " : "", page,
                 x->reader ? x->reader : "?", x->body ? x->body : "");
    else
        snprintf(out, n, "p. %s \u00B7 %s \u00B7 %s \u00B7 %s", page, x->reader ? x->reader : "?", kind_label(x),
                 x->quote ? x->quote : "");
    return true;
}

const app_panel panel_annots = {"annotations", false, annots_open, annots_event, annots_draw, NULL, annots_row};
/* For scripts: the discussion the annotation panel shows, row 0 the note
 * ("Kira · Note · words"), then each reply ("↳ Odo · Reply · words",
 * one ↳ per level). */
static bool mark_row(app *a, int i, char *out, size_t n)
{
    book *b = a->book;
    if (a->panel != PANEL_MARK || !b || a->mark < 0 || (size_t)a->mark >= b->notes.n || i < 0)
        return false;
    size_t *order;
    unsigned *depth;
    size_t m = annots_thread(b, (size_t)a->mark, &order, &depth);
    bool ok = (size_t)i < m;
    if (ok) {
        const rod_annot *x = &b->notes.items[order[i]];
        size_t k = 0;
        out[0] = '\0';
        for (unsigned d = 0; d < depth[i] && k + 4 < n; d++)
            k += (size_t)snprintf(out + k, n - k, "\u21B3 ");
        snprintf(out + k, n - k, "%s \u00B7 %s \u00B7 %s", x->reader ? x->reader : "?", i ? "Reply" : kind_label(x),
                 x->body ? x->body : "");
    }
    free(order);
    free(depth);
    return ok;
}

const app_panel panel_mark = {"annotation", false, annots_open, annots_event, annots_draw, NULL, mark_row};
const app_panel panel_edit = {"edit", false, annots_open, annots_event, annots_draw, edit_close, NULL};
