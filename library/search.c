/* search.c — full-text search over every book in the library (FTS5).
 *
 * People type words, not FTS5 syntax: each word becomes a quoted token and
 * "a quoted phrase" stays a phrase, so a stray '-' or ':' in a query is
 * text, never an operator or a syntax error. The index stores the text of
 * each block, so a hit's position is found by locating the first
 * highlighted word of FTS5's snippet in that block: the snippet gives the
 * matched word exactly as written, with the words before it to tell apart
 * repeats.
 *
 * Ranking stops at what it shows. FTS5 ranks with bm25, which needs every
 * matching block scored before the first result can be given: "the" in
 * 500 books is 800,000 blocks and half a second. So the blocks ranked are
 * the first RANK_POOL matches in the index's order (found by a walk that
 * scores nothing), and bm25 orders those; a query with fewer matches than
 * that — nearly every query a person types — is ranked exactly, and one
 * with more is a word in nearly every paragraph, for which bm25 says
 * little anyway. Counting every match is asked for on its own
 * (rod_lib_search_count), since it too visits every match.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib_internal.h"
#include "rod_utf8.h"

/* The query as FTS5 phrases: "word" "word" "a phrase". */
static bool fts_query(const char *q, rod_buf *out)
{
    size_t phrases = 0;
    while (*q) {
        while (*q == ' ' || *q == '\t' || *q == '\n')
            q++;
        if (!*q)
            break;
        const char *end;
        if (*q == '"') {
            q++;
            end = strchr(q, '"');
            if (!end)
                end = q + strlen(q);
        } else {
            end = q + strcspn(q, " \t\n\"");
        }
        if (end > q) {
            if (phrases++)
                rod_buf_addc(out, ' ');
            rod_buf_addc(out, '"');
            for (const char *p = q; p < end; p++) {
                if (*p == '"')
                    rod_buf_addc(out, '"');
                rod_buf_addc(out, *p);
            }
            rod_buf_addc(out, '"');
        }
        q = *end == '"' ? end + 1 : end;
    }
    return phrases > 0;
}

void rod_lib_hits_free(rod_lib_hit *hits, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(hits[i].title);
        free(hits[i].path);
        free(hits[i].snippet);
    }
    free(hits);
}

enum { MARK_OPEN = 2, MARK_CLOSE = 3, RANK_POOL = 2000 };

/* Finds where the first marked word of the snippet sits in the block and
 * rewrites the markers as brackets. */
static size_t hit_offset(const char *block, char *snippet)
{
    char *open = strchr(snippet, MARK_OPEN);
    size_t offset = 0;
    if (open) {
        /* the words before the mark, back to an ellipsis, plus the word */
        char *from = snippet;
        const char *ell = NULL;
        for (const char *p = snippet; p < open; p++)
            if (memcmp(p, "\xE2\x80\xA6", 3) == 0)
                ell = p + 3;
        if (ell)
            from = (char *)ell;
        char *close = strchr(open, MARK_CLOSE);
        size_t lead = (size_t)(open - from);
        size_t word = close ? (size_t)(close - open - 1) : 0;
        char *probe = malloc(lead + word + 1);
        if (probe) {
            memcpy(probe, from, lead);
            memcpy(probe + lead, open + 1, word);
            probe[lead + word] = '\0';
            const char *at = probe[0] ? strstr(block, probe) : NULL;
            if (at)
                offset = rod_utf8_count(block, (size_t)(at - block) + lead);
            free(probe);
        }
    }
    for (char *p = snippet; *p; p++) {
        if (*p == MARK_OPEN)
            *p = '[';
        else if (*p == MARK_CLOSE)
            *p = ']';
    }
    return offset;
}

rod_err rod_lib_search(rod_lib *lib, const char *query, size_t limit,
                       rod_lib_hit **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    rod_buf q = ROD_BUF_INIT;
    if (!fts_query(query, &q)) {
        rod_buf_free(&q);
        return ROD_OK;
    }
    if (q.failed) {
        rod_buf_free(&q);
        return ROD_ERR_NOMEM;
    }
    /* the last block of the pool: the RANK_POOL-th match in rowid order */
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(lib,
        "SELECT rowid FROM book_text WHERE book_text MATCH ?1 ORDER BY rowid LIMIT 1 OFFSET ?2", &st);
    if (err != ROD_OK) {
        rod_buf_free(&q);
        return err;
    }
    sqlite3_bind_text(st, 1, q.data, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, RANK_POOL - 1);
    sqlite3_int64 last = INT64_MAX;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        last = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        rod_buf_free(&q);
        return lib_fail(lib, rc, "cannot search the library");
    }
    err = lib_prepare(lib,
        "SELECT b.id, b.title, b.path, t.block, t.text,"
        "  snippet(book_text, 0, char(2), char(3), '\xE2\x80\xA6', 14)"
        " FROM book_text t"
        " JOIN (SELECT fingerprint, min(id) AS id FROM books GROUP BY fingerprint) f"
        "   ON f.fingerprint = t.fingerprint"
        " JOIN books b ON b.id = f.id"
        " WHERE book_text MATCH ?1 AND t.rowid <= ?3 ORDER BY rank LIMIT ?2", &st);
    if (err != ROD_OK) {
        rod_buf_free(&q);
        return err;
    }
    sqlite3_bind_text(st, 1, q.data, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, limit ? (sqlite3_int64)limit : 50);
    sqlite3_bind_int64(st, 3, last);
    size_t cap = 0;
    bool ok = true;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            rod_lib_hit *grown = realloc(*out, cap * sizeof *grown);
            if (!grown) {
                ok = false;
                break;
            }
            *out = grown;
        }
        rod_lib_hit *h = &(*out)[(*n)++];
        memset(h, 0, sizeof *h);
        h->book = sqlite3_column_int64(st, 0);
        h->title = lib_column_str(st, 1, &ok);
        h->path = lib_column_str(st, 2, &ok);
        h->pos.block = (size_t)sqlite3_column_int64(st, 3);
        h->snippet = lib_column_str(st, 5, &ok);
        const char *block = (const char *)sqlite3_column_text(st, 4);
        if (h->snippet && block)
            h->pos.offset = hit_offset(block, h->snippet);
    }
    if (!ok)
        err = ROD_ERR_NOMEM;
    else if (rc != SQLITE_DONE)
        err = lib_fail(lib, rc, "cannot search the library");
    sqlite3_finalize(st);
    rod_buf_free(&q);
    if (err != ROD_OK) {
        rod_lib_hits_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return err;
}

rod_err rod_lib_search_count(rod_lib *lib, const char *query, size_t *count)
{
    *count = 0;
    rod_buf q = ROD_BUF_INIT;
    if (!fts_query(query, &q)) {
        rod_buf_free(&q);
        return ROD_OK;
    }
    if (q.failed) {
        rod_buf_free(&q);
        return ROD_ERR_NOMEM;
    }
    sqlite3_stmt *st = NULL;
    rod_err err = lib_prepare(lib, "SELECT count(*) FROM book_text WHERE book_text MATCH ?1", &st);
    if (err == ROD_OK) {
        sqlite3_bind_text(st, 1, q.data, -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
            *count = (size_t)sqlite3_column_int64(st, 0);
        else
            err = lib_fail(lib, rc, "cannot search the library");
        sqlite3_finalize(st);
    }
    rod_buf_free(&q);
    return err;
}
