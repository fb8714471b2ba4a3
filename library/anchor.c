/* anchor.c — capturing an annotation's quote and finding it again in a
 * book, by the four rules of spec §3 (see rod_anchor.h).
 *
 * Everything works on the flat text (blocks joined by '\n'), so a quote
 * that spans paragraphs is one string and a search is one memmem or one
 * pass of the bit-parallel matcher over the whole book. Rule 2 prefers
 * agreement of the surroundings over nearness because an edition that
 * inserts paragraphs moves every position, while the words around a quote
 * rarely change; nearness only breaks ties (and is all there is for
 * common phrases with no context recorded).
 *
 * Invariant: every byte index handed back as a position is rounded to a
 * character boundary, so a fuzzy match that ends inside a multi-byte
 * character never yields an offset that splits it.
 *
 * Positions stored in a file, the database or another text are numbers
 * anyone could have written; rod_anchor_find is the gate they pass before
 * anything indexes a text with them (settle): an anchored range always
 * lies in this text with its start before its end, and whatever cannot be
 * placed there is orphaned, keeping the stored numbers only to be shown.
 */
#include <stdlib.h>
#include <string.h>

#include "rod_anchor.h"
#include "rod_utf8.h"

static const char *const status_names[] = {"exact", "moved", "fuzzy", "orphaned"};

const char *rod_anchor_status_name(rod_anchor_status status)
{
    return (unsigned)status < 4 ? status_names[status] : "orphaned";
}

rod_err rod_text_build(const rod_doc *doc, rod_text *out)
{
    memset(out, 0, sizeof *out);
    out->doc = doc;
    size_t total = 0;
    for (size_t i = 0; i < doc->nblocks; i++)
        total += doc->blocks[i].len + 1;
    out->data = malloc(total + 1);
    out->block_start = malloc((doc->nblocks + 1) * sizeof *out->block_start);
    out->char_start = malloc((doc->nblocks + 1) * sizeof *out->char_start);
    if (!out->data || !out->block_start || !out->char_start) {
        rod_text_free(out);
        return ROD_ERR_NOMEM;
    }
    size_t at = 0, chars = 0;
    for (size_t i = 0; i < doc->nblocks; i++) {
        out->block_start[i] = at;
        out->char_start[i] = chars;
        chars += doc->blocks[i].chars + 1;
        memcpy(out->data + at, doc->blocks[i].text, doc->blocks[i].len);
        at += doc->blocks[i].len;
        if (i + 1 < doc->nblocks)
            out->data[at++] = '\n';
    }
    out->data[at] = '\0';
    out->len = at;
    out->block_start[doc->nblocks] = at + 1;
    out->char_start[doc->nblocks] = chars;
    return ROD_OK;
}

void rod_text_free(rod_text *text)
{
    free(text->data);
    free(text->block_start);
    free(text->char_start);
    memset(text, 0, sizeof *text);
}

size_t rod_text_byte(const rod_text *text, rod_pos pos)
{
    return text->block_start[pos.block] + rod_doc_pos_byte(text->doc, pos);
}

size_t rod_text_char_index(const rod_text *text, rod_pos pos)
{
    return text->char_start[pos.block] + pos.offset;
}

static bool is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* Rounds a byte index down to the start of a character. */
static size_t char_floor(const rod_text *t, size_t byte)
{
    if (byte > t->len)
        byte = t->len;
    while (byte > 0 && byte < t->len && is_cont((unsigned char)t->data[byte]))
        byte--;
    return byte;
}

static size_t char_ceil(const rod_text *t, size_t byte)
{
    while (byte < t->len && is_cont((unsigned char)t->data[byte]))
        byte++;
    return byte < t->len ? byte : t->len;
}

rod_pos rod_text_pos(const rod_text *text, size_t byte)
{
    size_t nb = text->doc->nblocks;
    if (nb == 0)
        return (rod_pos){0, 0};
    byte = char_floor(text, byte);
    size_t lo = 0, hi = nb;     /* the last block starting at or before byte */
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (text->block_start[mid] <= byte)
            lo = mid;
        else
            hi = mid;
    }
    const rod_block *b = &text->doc->blocks[lo];
    size_t in = byte - text->block_start[lo];
    if (in > b->len)
        in = b->len;
    return (rod_pos){lo, rod_utf8_count(b->text, in)};
}

/* Byte index `chars` characters before (dir < 0) or after byte. */
static size_t step_chars(const rod_text *t, size_t byte, size_t chars, int dir)
{
    while (chars--) {
        if (dir < 0) {
            if (byte == 0)
                break;
            byte--;
            while (byte > 0 && is_cont((unsigned char)t->data[byte]))
                byte--;
        } else {
            if (byte >= t->len)
                break;
            byte++;
            byte = char_ceil(t, byte);
        }
    }
    return byte;
}

static bool set_slice(char **field, const char *s, size_t n)
{
    char *copy = malloc(n + 1);
    if (!copy)
        return false;
    memcpy(copy, s, n);
    copy[n] = '\0';
    free(*field);
    *field = copy;
    return true;
}

static rod_err capture_bytes(const rod_text *t, size_t from, size_t to, rod_annot *a)
{
    size_t pre = step_chars(t, from, ROD_ANNOT_CONTEXT, -1);
    size_t post = step_chars(t, to, ROD_ANNOT_CONTEXT, +1);
    if (!set_slice(&a->quote, t->data + from, to - from) ||
        !set_slice(&a->prefix, t->data + pre, from - pre) ||
        !set_slice(&a->suffix, t->data + to, post - to))
        return ROD_ERR_NOMEM;
    return ROD_OK;
}

rod_err rod_anchor_capture(const rod_text *text, rod_pos start, rod_pos end, rod_annot *a)
{
    a->start = start;
    a->end = end;
    a->has_end = true;
    return capture_bytes(text, rod_text_byte(text, start), rod_text_byte(text, end), a);
}

rod_err rod_anchor_capture_bookmark(const rod_text *text, rod_pos pos, rod_annot *a)
{
    a->start = a->end = pos;
    a->has_end = false;
    size_t at = rod_text_byte(text, pos), from = at;
    /* skip to the next block when the position ends one */
    while (from < text->len && text->data[from] == '\n')
        from++;
    size_t limit = step_chars(text, from, 64, +1), to = limit;
    const char *nl = memchr(text->data + from, '\n', limit - from);
    if (nl)
        to = (size_t)(nl - text->data);
    else if (limit < text->len && text->data[limit] != ' ') {
        /* cut after the last whole word */
        size_t cut = to;
        while (cut > from && text->data[cut - 1] != ' ')
            cut--;
        if (cut > from)
            to = cut - 1;
    }
    size_t pre = step_chars(text, at, ROD_ANNOT_CONTEXT, -1);
    size_t post = step_chars(text, to, ROD_ANNOT_CONTEXT, +1);
    if (!set_slice(&a->quote, text->data + from, to - from) ||
        !set_slice(&a->prefix, text->data + pre, at - pre) ||
        !set_slice(&a->suffix, text->data + to, post - to))
        return ROD_ERR_NOMEM;
    return ROD_OK;
}

/* Rule 1: the stored range still holds the quote. */
static bool at_stored(const rod_text *t, const rod_annot *a)
{
    if (!rod_doc_pos_valid(t->doc, a->start) || (a->has_end && !rod_doc_pos_valid(t->doc, a->end)))
        return false;
    size_t from = rod_text_byte(t, a->start);
    size_t qlen = strlen(a->quote);
    if (a->type == ROD_ANNOT_BOOKMARK || !a->has_end) {
        while (from < t->len && t->data[from] == '\n' && qlen && a->quote[0] != '\n')
            from++;
        return from + qlen <= t->len && memcmp(t->data + from, a->quote, qlen) == 0;
    }
    if (rod_pos_cmp(a->end, a->start) < 0)
        return false;
    size_t to = rod_text_byte(t, a->end);
    return to - from == qlen && memcmp(t->data + from, a->quote, qlen) == 0;
}

/* How many bytes of the stored prefix agree with the text just before
 * byte `at` (compared backwards), and of the suffix just after `end`. */
static size_t context_agreement(const rod_text *t, const rod_annot *a, size_t at, size_t end)
{
    size_t n = 0, pl = strlen(a->prefix), sl = strlen(a->suffix);
    while (n < pl && n < at && a->prefix[pl - 1 - n] == t->data[at - 1 - n])
        n++;
    size_t k = 0;
    while (k < sl && end + k < t->len && a->suffix[k] == t->data[end + k])
        k++;
    return n + k;
}

/* The byte where the stored position says the quote should start, clamped
 * into this text: the place nearness is measured from. */
static size_t expected_byte(const rod_text *t, const rod_annot *a)
{
    size_t nb = t->doc->nblocks;
    if (nb == 0)
        return 0;
    rod_pos p = a->start;
    if (p.block >= nb)
        return t->len;
    if (p.offset > t->doc->blocks[p.block].chars)
        p.offset = t->doc->blocks[p.block].chars;
    return rod_text_byte(t, p);
}

static size_t diff(size_t a, size_t b)
{
    return a > b ? a - b : b - a;
}

/* Rule 2. */
static bool exact_elsewhere(const rod_text *t, const rod_annot *a, size_t *from, size_t *to)
{
    size_t qlen = strlen(a->quote);
    if (qlen == 0)
        return false;
    size_t near = expected_byte(t, a);
    bool found = false;
    size_t best_ctx = 0, best_at = 0;
    const char *p = t->data, *end = t->data + t->len;
    while ((p = memmem(p, (size_t)(end - p), a->quote, qlen)) != NULL) {
        size_t at = (size_t)(p - t->data);
        size_t ctx = context_agreement(t, a, at, at + qlen);
        if (!found || ctx > best_ctx || (ctx == best_ctx && diff(at, near) < diff(best_at, near))) {
            found = true;
            best_ctx = ctx;
            best_at = at;
        }
        p++;
    }
    *from = best_at;
    *to = best_at + qlen;
    return found;
}

/* Plain Levenshtein distance with two rows, for the quote part of a fuzzy
 * match (short strings only). */
static size_t edit_distance(const char *a, size_t n, const char *b, size_t m, rod_err *err)
{
    size_t *row = malloc((m + 1) * sizeof *row);
    if (!row) {
        *err = ROD_ERR_NOMEM;
        return (size_t)-1;
    }
    for (size_t j = 0; j <= m; j++)
        row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    size_t d = row[m];
    free(row);
    return d;
}

/* Aligns pat to the text ending at byte `end` (the matcher's answer) and
 * reports where pattern bytes [q0, q1) landed. A full table with
 * traceback, over a window only a little longer than the pattern. */
static rod_err align(const rod_text *t, size_t end, const char *pat, size_t m, size_t k,
                     size_t q0, size_t q1, size_t *from, size_t *to)
{
    size_t w = m + k < end ? m + k : end;
    const char *txt = t->data + end - w;
    size_t cols = w + 1;
    unsigned *d = malloc((m + 1) * cols * sizeof *d);
    if (!d)
        return ROD_ERR_NOMEM;
#define D(i, j) d[(size_t)(i) * cols + (j)]
    for (size_t j = 0; j <= w; j++)
        D(0, j) = 0;
    for (size_t i = 1; i <= m; i++) {
        D(i, 0) = (unsigned)i;
        for (size_t j = 1; j <= w; j++) {
            unsigned best = D(i - 1, j - 1) + (pat[i - 1] != txt[j - 1]);
            if (D(i - 1, j) + 1 < best)
                best = D(i - 1, j) + 1;
            if (D(i, j - 1) + 1 < best)
                best = D(i, j - 1) + 1;
            D(i, j) = best;
        }
    }
    /* walk back from (m, w), keeping the quote tight: its end is the
     * leftmost column the path visits in row q1, its start the rightmost
     * in row q0, so text inserted next to the quote stays outside it */
    size_t i = m, j = w, qs = 0, qe = w;
    bool seen_start = false;
    while (i > 0) {
        if (i == q1)
            qe = j;
        if (i == q0 && !seen_start) {
            qs = j;
            seen_start = true;
        }
        if (j > 0 && D(i, j) == D(i - 1, j - 1) + (pat[i - 1] != txt[j - 1])) {
            i--;
            j--;
        } else if (D(i, j) == D(i - 1, j) + 1) {
            i--;
        } else {
            j--;
        }
    }
    if (q0 == 0 && !seen_start)
        qs = j;
#undef D
    free(d);
    *from = end - w + qs;
    *to = end - w + qe;
    if (*to < *from)
        *to = *from;
    return ROD_OK;
}

/* Quotes longer than this are matched by their two ends: the alignment
 * table grows with the square of the pattern. */
enum { LONG_QUOTE = 2048, QUOTE_END = 768 };

static rod_err fuzzy(const rod_text *t, const rod_annot *a, rod_anchor *out, bool *found);

/* Rule 3 for a long quote: its opening (with the prefix) and its closing
 * (with the suffix) are anchored on their own; the match stands when they
 * come in order at about the quote's length apart. */
static rod_err fuzzy_long(const rod_text *t, const rod_annot *a, rod_anchor *out, bool *found)
{
    size_t ql = strlen(a->quote);
    size_t head_len = QUOTE_END, tail_at = ql - QUOTE_END;
    while (head_len < ql && is_cont((unsigned char)a->quote[head_len]))
        head_len++;
    while (tail_at < ql && is_cont((unsigned char)a->quote[tail_at]))
        tail_at++;
    char *head = strndup(a->quote, head_len);
    rod_err err = head ? ROD_OK : ROD_ERR_NOMEM;
    rod_anchor h = {0}, tl = {0};
    bool fh = false, ft = false;
    if (err == ROD_OK) {
        rod_annot part = *a;
        part.quote = head;
        part.suffix = "";
        err = fuzzy(t, &part, &h, &fh);
    }
    if (err == ROD_OK && fh) {
        rod_annot part = *a;
        part.quote = a->quote + tail_at;
        part.prefix = "";
        /* measure nearness from where the head was found */
        size_t hb = rod_text_byte(t, h.start) + ql - QUOTE_END;
        part.start = rod_text_pos(t, hb < t->len ? hb : t->len);
        err = fuzzy(t, &part, &tl, &ft);
    }
    free(head);
    if (err != ROD_OK || !fh || !ft)
        return err;
    size_t from = rod_text_byte(t, h.start), to = rod_text_byte(t, tl.end);
    if (to <= from || to - from < ql / 2 || to - from > ql + ql / 2)
        return ROD_OK;
    *found = true;
    out->status = ROD_ANCHOR_FUZZY;
    out->start = h.start;
    out->end = tl.end;
    out->similarity = h.similarity < tl.similarity ? h.similarity : tl.similarity;
    return ROD_OK;
}

/* Rule 3. */
static rod_err fuzzy(const rod_text *t, const rod_annot *a, rod_anchor *out, bool *found)
{
    *found = false;
    size_t pl = strlen(a->prefix), ql = strlen(a->quote), sl = strlen(a->suffix);
    if (ql > LONG_QUOTE)
        return fuzzy_long(t, a, out, found);
    size_t m = pl + ql + sl;
    if (ql == 0 || m == 0)
        return ROD_OK;
    char *pat = malloc(m);
    if (!pat)
        return ROD_ERR_NOMEM;
    memcpy(pat, a->prefix, pl);
    memcpy(pat + pl, a->quote, ql);
    memcpy(pat + pl + ql, a->suffix, sl);
    size_t k = 0, end = 0;
    size_t near = expected_byte(t, a) + ql + sl;
    rod_err err = rod_fuzzy_search((const unsigned char *)t->data, t->len,
                                   (const unsigned char *)pat, m, near, &k, &end);
    double sim = 1.0 - (double)k / (double)m;
    size_t from = 0, to = 0;
    if (err == ROD_OK && sim >= ROD_ANCHOR_MIN_SIMILARITY)
        err = align(t, end, pat, m, k, pl, pl + ql, &from, &to);
    if (err == ROD_OK && sim >= ROD_ANCHOR_MIN_SIMILARITY) {
        from = char_ceil(t, from);
        to = char_ceil(t, to);
        if (to < from)
            to = from;
        size_t qd = edit_distance(a->quote, ql, t->data + from, to - from, &err);
        size_t longer = ql > to - from ? ql : to - from;
        double qsim = 1.0 - (double)qd / (double)longer;
        if (err == ROD_OK && qsim >= ROD_ANCHOR_MIN_QUOTE_SIMILARITY) {
            *found = true;
            out->status = ROD_ANCHOR_FUZZY;
            out->start = rod_text_pos(t, from);
            out->end = rod_text_pos(t, to);
            out->similarity = sim < qsim ? sim : qsim;
        }
    }
    free(pat);
    return err;
}

static rod_err find(const rod_text *t, const rod_annot *a, rod_anchor *out)
{
    out->status = ROD_ANCHOR_ORPHANED;
    out->start = a->start;
    out->end = a->has_end ? a->end : a->start;
    out->similarity = 0;
    const char *quote = a->quote ? a->quote : "";
    if (!quote[0]) {
        /* nothing to compare: a bookmark without words holds if its
         * position exists */
        if (rod_doc_pos_valid(t->doc, a->start) &&
            (!a->has_end || (rod_doc_pos_valid(t->doc, a->end) && rod_pos_cmp(a->start, a->end) <= 0))) {
            out->status = ROD_ANCHOR_EXACT;
            out->similarity = 1;
        }
        return ROD_OK;
    }
    rod_annot view = *a;
    view.quote = (char *)quote;
    view.prefix = a->prefix ? a->prefix : "";
    view.suffix = a->suffix ? a->suffix : "";
    if (at_stored(t, &view)) {
        out->status = ROD_ANCHOR_EXACT;
        out->similarity = 1;
        return ROD_OK;
    }
    size_t from, to;
    if (exact_elsewhere(t, &view, &from, &to)) {
        out->status = ROD_ANCHOR_MOVED;
        out->similarity = 1;
        out->start = rod_text_pos(t, from);
        out->end = a->has_end ? rod_text_pos(t, to) : out->start;
        return ROD_OK;
    }
    bool found = false;
    rod_err err = fuzzy(t, &view, out, &found);
    if (found && !a->has_end)
        out->end = out->start;
    return err;
}

/* The gate: a range that does not lie in this text, start first, is
 * orphaned whatever rule produced it. */
static void settle(const rod_text *t, const rod_annot *a, rod_anchor *out)
{
    if (out->status == ROD_ANCHOR_ORPHANED)
        return;
    if (rod_doc_pos_valid(t->doc, out->start) && rod_doc_pos_valid(t->doc, out->end) &&
        rod_pos_cmp(out->start, out->end) <= 0)
        return;
    out->status = ROD_ANCHOR_ORPHANED;
    out->start = a->start;
    out->end = a->has_end ? a->end : a->start;
    out->similarity = 0;
}

rod_err rod_anchor_find(const rod_text *t, const rod_annot *a, rod_anchor *out)
{
    rod_err err = find(t, a, out);
    settle(t, a, out);
    return err;
}
