/* app_book.c — a book opened in the window: its document, contents,
 * counts for progress and time left, and its saved reading position.
 *
 * Opening is the path to the first page, so it does only what the first
 * page needs: read the file, fingerprint the text (to find the saved
 * position), build the contents and two prefix sums (bytes and words per
 * block, for the progress bar and the time left). Adding the book to the
 * catalog and indexing it for search happen after the first frame, on the
 * library worker's thread.
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "rod_buf.h"
#include "rod_format.h"

/* Words: a byte that is not a space after one that is (or at the start).
 * Written without branches so the compiler can count 16 bytes at a time;
 * opening War and Peace waits for its 3.3 MB. */
static size_t count_words(const char *s, size_t n)
{
    size_t words = 0;
    unsigned prev_space = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned space = (c == ' ') | (c == '\n') | (c == '\t');
        words += prev_space & (space ^ 1);
        prev_space = space;
    }
    return words;
}

size_t book_node_block(const book *b, const rod_node *node)
{
    for (const rod_node *n = node; n; n = rod_node_next_in(n, b->doc->root))
        if (n->block >= 0)
            return (size_t)n->block;
    return b->doc->nblocks ? b->doc->nblocks - 1 : 0;
}

/* The title's text on one line: "Chapter I\nThe Ledger" → "Chapter I: The Ledger". */
static char *one_line(const rod_node *title)
{
    rod_buf buf = ROD_BUF_INIT;
    rod_node_plain_text(title, &buf);
    if (buf.failed || !buf.data) {
        rod_buf_free(&buf);
        return NULL;
    }
    char *out = malloc(2 * buf.len + 1);
    size_t k = 0;
    if (out) {
        for (size_t i = 0; i < buf.len; i++) {
            if (buf.data[i] == '\n') {
                while (k > 0 && out[k - 1] == ' ')
                    k--;
                if (k > 0 && out[k - 1] != ':' && out[k - 1] != '.')
                    out[k++] = ':';
                out[k++] = ' ';
            } else {
                out[k++] = buf.data[i];
            }
        }
        out[k] = '\0';
    }
    rod_buf_free(&buf);
    return out;
}

static bool toc_push(book *b, size_t *cap, toc_entry e)
{
    if (b->ntoc == *cap) {
        size_t n = *cap ? *cap * 2 : 32;
        toc_entry *v = realloc(b->toc, n * sizeof *v);
        if (!v)
            return false;
        b->toc = v;
        *cap = n;
    }
    b->toc[b->ntoc++] = e;
    return true;
}

static void build_toc(book *b)
{
    size_t cap = 0;
    const rod_doc *doc = b->doc;
    for (rod_node *n = doc->body; n; n = rod_node_next_in(n, doc->body)) {
        if (n->kind != ROD_SECTION)
            continue;
        rod_node *title = rod_node_child(n, ROD_TITLE);
        if (!title)
            continue;
        int depth = 0;
        for (rod_node *p = n->parent; p && p != doc->body; p = p->parent)
            depth += p->kind == ROD_SECTION;
        char *text = one_line(title);
        if (!text)
            continue;
        if (!*text || !toc_push(b, &cap, (toc_entry){.title = text, .block = book_node_block(b, n), .depth = depth}))
            free(text);
    }
    if (doc->notes && doc->notes->first) {
        size_t blk = book_node_block(b, doc->notes);
        char *text = strdup("Notes");
        if (text && !toc_push(b, &cap, (toc_entry){.title = text, .block = blk}))
            free(text);
    }
}

static bool build_counts(book *b)
{
    const rod_doc *doc = b->doc;
    b->bytes_before = malloc((doc->nblocks + 1) * sizeof *b->bytes_before);
    b->words_before = malloc((doc->nblocks + 1) * sizeof *b->words_before);
    if (!b->bytes_before || !b->words_before)
        return false;
    b->bytes_before[0] = b->words_before[0] = 0;
    for (size_t i = 0; i < doc->nblocks; i++) {
        b->bytes_before[i + 1] = b->bytes_before[i] + doc->blocks[i].len + 1;
        b->words_before[i + 1] = b->words_before[i] + count_words(doc->blocks[i].text, doc->blocks[i].len);
    }
    return true;
}

double book_progress(const book *b, rod_pos pos)
{
    size_t total = b->bytes_before[b->doc->nblocks];
    if (total == 0 || pos.block >= b->doc->nblocks)
        return pos.block >= b->doc->nblocks ? 1.0 : 0.0;
    size_t at = b->bytes_before[pos.block] + rod_doc_pos_byte(b->doc, pos);
    return (double)at / (double)total;
}

rod_pos book_pos_at(const book *b, double share)
{
    size_t n = b->doc->nblocks;
    if (n == 0)
        return (rod_pos){0, 0};
    share = share < 0 ? 0 : share > 1 ? 1 : share;
    size_t want = (size_t)(share * (double)b->bytes_before[n]);
    size_t lo = 0, hi = n;
    /* the last block starting at or before want */
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (b->bytes_before[mid] <= want)
            lo = mid;
        else
            hi = mid;
    }
    return (rod_pos){lo, 0};
}

long book_toc_at(const book *b, size_t block)
{
    long lo = -1, hi = (long)b->ntoc;
    /* the last entry starting at or before block (entries are in order) */
    while (hi - lo > 1) {
        long mid = (lo + hi) / 2;
        if (b->toc[mid].block <= block)
            lo = mid;
        else
            hi = mid;
    }
    /* of entries starting at the same block, the deepest is the heading */
    return lo;
}

void book_note_text(const book *b, const rod_node *note, rod_buf *out)
{
    /* block by block: the note's paragraphs are blocks of their own, and
     * a blank line keeps them apart where the popup wraps them */
    for (const rod_node *n = note->first; n; n = rod_node_next_in(n, note)) {
        if (n->block < 0 || (size_t)n->block >= b->doc->nblocks)
            continue;
        const rod_block *blk = &b->doc->blocks[n->block];
        if (out->len)
            rod_buf_adds(out, "\n\n");
        rod_buf_add(out, blk->text, blk->len);
    }
    if (!out->data)
        rod_node_plain_text(note, out);     /* a note of no blocks */
}

void book_running_head(const book *b, size_t block, char *out, size_t n)
{
    long t = book_toc_at(b, block);
    if (n == 0)
        return;
    out[0] = '\0';
    if (t < 0)
        return;
    /* a part ("I") names the story it is a part of: the nearest entry
     * before it one level up */
    const toc_entry *e = &b->toc[t];
    for (long k = t; k-- > 0;)
        if (b->toc[k].depth < e->depth) {
            snprintf(out, n, "%s \u00b7 %s", b->toc[k].title, e->title);
            return;
        }
    snprintf(out, n, "%s", e->title);
}

void book_words_left(const book *b, rod_pos pos, size_t *chapter, size_t *total)
{
    size_t n = b->doc->nblocks;
    size_t blk = pos.block < n ? pos.block : n;
    size_t end = n;
    long t = book_toc_at(b, blk);
    if (t < 0 && b->ntoc > 0)
        end = b->toc[0].block;  /* front matter: up to the first heading */
    else if (t >= 0)
        for (size_t k = (size_t)t + 1; k < b->ntoc; k++)
            if (b->toc[k].depth <= b->toc[t].depth && b->toc[k].block > blk) {
                end = b->toc[k].block;
                break;
            }
    size_t here = b->words_before[blk];
    *chapter = b->words_before[end] > here ? b->words_before[end] - here : 0;
    *total = b->words_before[n] - here;
}

void book_free(book *b)
{
    if (!b)
        return;
    rod_layout_free(b->layout);
    rod_images_free(b->images);
    rod_doc_free(b->doc);
    for (size_t i = 0; i < b->ntoc; i++)
        free(b->toc[i].title);
    free(b->toc);
    free(b->bytes_before);
    free(b->words_before);
    free(b->back.v);
    free(b->forward.v);
    rod_hits_free(&b->hits);
    rod_notes_free(&b->notes);
    free(b->status);
    rod_threads_free(&b->threads);
    if (b->has_text)
        rod_text_free(&b->text);
    free(b->title);
    free(b->path);
    free(b);
}

void app_close_book(app *a)
{
    book *b = a->book;
    if (!b)
        return;
    lib_worker_position(a->worker, b->fp, b->anchor, book_progress(b, b->anchor));
    reading_save(a);
    /* the worker may still be reading the document to catalog it */
    lib_worker_wait(a->worker);
    /* what was read and noted here goes to the other devices; queued after
     * the wait, so closing does not wait for the folder */
    app_sync(a);
    nav_clear_cache(a);
    sel_clear(a);
    a->turn_at = 0;
    a->book = NULL;
    a->panel = PANEL_NONE;
    book_free(b);
}

book *book_read(const char *path, char *err, size_t n)
{
    book *b = calloc(1, sizeof *b);
    if (!b) {
        snprintf(err, n, "out of memory opening %s", path);
        return NULL;
    }
    rod_read_opts ro = {0};
    rod_diag diag = ROD_DIAG_INIT(path);
    rod_err e = rod_read_file(path, &ro, &diag, &b->doc);
    rod_diag_print(&diag, stderr);
    if (e != ROD_OK) {
        const rod_message *m = diag.n ? &diag.items[diag.n - 1] : NULL;
        if (m && m->line)
            snprintf(err, n, "%s:%u:%u: %s", path, m->line, m->col, m->text);
        else
            snprintf(err, n, "%s: %s", path, m ? m->text : "cannot be read");
        rod_diag_free(&diag);
        book_free(b);
        return NULL;
    }
    rod_diag_free(&diag);
    rod_format f = rod_format_from_path(path);
    b->format = rod_format_name(f ? f : ROD_FMT_TXT);
    b->path = realpath(path, NULL);
    if (!b->path)
        b->path = strdup(path);
    if (!b->path) {
        snprintf(err, n, "out of memory opening %s", path);
        book_free(b);
        return NULL;
    }
    return b;
}

bool book_index(book *b)
{
    rod_doc_fingerprint(b->doc, b->fp);
    b->title = b->doc->title ? one_line(b->doc->title) : NULL;
    if (!b->title || !*b->title) {
        free(b->title);
        const char *slash = strrchr(b->path, '/');
        b->title = strdup(slash ? slash + 1 : b->path);
    }
    build_toc(b);
    return b->title && build_counts(b);
}

book *book_load(const char *path, char *err, size_t n)
{
    book *b = book_read(path, err, n);
    if (!b)
        return NULL;
    if (!book_index(b)) {
        snprintf(err, n, "out of memory opening %s", path);
        book_free(b);
        return NULL;
    }
    rod_layout_prepare(b->doc);
    return b;
}

bool app_show_book(app *a, book *b)
{
    b->images = rod_images_new(b->doc);
    if (!b->images) {
        app_toast(a, "out of memory opening %s", b->path);
        book_free(b);
        return false;
    }
    bool found = b->start_given;
    if (!found && a->lib && rod_lib_position_get(a->lib, b->fp, &b->anchor, &found) != ROD_OK) {
        /* said, not taken for "never opened": the place is still there */
        app_toast(a, "%s", rod_lib_message(a->lib));
        fprintf(stderr, "rod: %s\n", rod_lib_message(a->lib));
        found = false;
    }
    b->stored = found ? b->anchor : (rod_pos){0, 0};
    if (!found || !rod_doc_pos_valid(b->doc, b->anchor)) {
        if (b->start_given)
            app_toast(a, "%zu:%zu is not a position in this book", b->anchor.block, b->anchor.offset);
        b->anchor = (rod_pos){0, 0};
        b->front = true;
    }
    if (a->book)
        app_close_book(a);
    a->book = b;
    a->panel = PANEL_NONE;
    /* a new book: its language picks the faces of shared characters, and
     * what no font shows is told afresh */
    rod_fonts_set_lang(a->fonts, rod_node_lang(b->doc->root));
    b->gaps_told = 0;
    nav_relayout(a);
    if (!b->layout) {
        app_toast(a, "out of memory laying out %s", b->path);
        a->book = NULL;
        book_free(b);
        return false;
    }
    b->opened = b->anchor;
    a->shown_at = SDL_GetTicks();
    reading_begin(a);
    window_title(a, b->title);
    return true;
}

void app_fonts_notice(app *a)
{
    if (!a->book || !a->fonts)
        return;
    rod_fonts_gap gaps[8];
    size_t n = rod_fonts_missing(a->fonts, gaps, 8);
    n = n < 8 ? n : 8;
    if (n <= a->book->gaps_told)
        return;
    /* the scripts not told yet, by the package that would show them:
     * "Han, Hiragana (fonts-ipafont-mincho); Hebrew (fonts-sil-ezra)" */
    char text[200] = "";
    size_t len = 0;
    bool done[8] = {false};
    for (size_t i = a->book->gaps_told; i < n; i++) {
        if (done[i])
            continue;
        for (size_t j = i; j < n; j++) {
            if (done[j] || strcmp(gaps[j].package, gaps[i].package) != 0)
                continue;
            done[j] = true;
            int w = snprintf(text + len, sizeof text - len, "%s%s", j == i ? (len ? "; " : "") : ", ",
                             gaps[j].script);
            if (w > 0 && (size_t)w < sizeof text - len)
                len += (size_t)w;
        }
        int w = snprintf(text + len, sizeof text - len, " (install %s)", gaps[i].package);
        if (w > 0 && (size_t)w < sizeof text - len)
            len += (size_t)w;
    }
    app_toast(a, "No installed font shows %s", text);
    a->book->gaps_told = n;
}

bool app_open_book(app *a, const char *path)
{
    char err[600];
    book *b = book_load(path, err, sizeof err);
    if (!b) {
        app_toast(a, "%s", err);
        return false;
    }
    return app_show_book(a, b);
}
