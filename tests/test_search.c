/* test_search.c — library search ranks what it shows and stops there
 * (issue 19, item 5). Five books of generated paragraphs are added to a
 * library in a temporary folder; the checks compare rod_lib_search with
 * FTS5's own full ranking, asked of the same database directly:
 *   - a word in fewer blocks than the ranking pool gets exactly FTS5's
 *     bm25 order, hit for hit;
 *   - a word in every block (2,500 of them, more than the pool) gets its
 *     hits from the pool only — the first 2,000 matches in the index —
 *     although the full ranking would put later, denser blocks first;
 *   - rod_lib_search_count counts every match.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <unistd.h>

#include "helpers.h"
#include "rod_library.h"
#include "tap.h"

enum { BOOKS = 5, PARAS = 500, RARE = 30 };

static uint64_t rng = 0x2545F4914F6CDD1Du;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static const char *words[] = {"river", "stone", "lantern", "harbour", "winter", "letter", "garden",
                              "silver", "station", "window", "orchard", "candle", "morning", "bridge"};

/* Book b: every paragraph holds "ember"; the last book's are short and
 * hold it four times, so a full bm25 ranking puts them first. `rare`
 * marks the paragraphs that also hold "quill", i+1 times for the i-th. */
static char *make_book(int b, const int *rare_book, const int *rare_para)
{
    rod_buf s = ROD_BUF_INIT;
    rod_buf_printf(&s, "<?xml version='1.0' encoding='UTF-8'?>\n<rod xmlns='urn:isolinear:rod:1' "
                   "version='1' xml:lang='en'><head><title>Book %d</title></head><body><section>", b);
    for (int p = 0; p < PARAS; p++) {
        rod_buf_adds(&s, "<p>");
        if (b == BOOKS - 1)
            rod_buf_adds(&s, "ember ember ember ember");
        else {
            rod_buf_adds(&s, "ember");
            for (int w = 0; w < 12; w++)
                rod_buf_printf(&s, " %s", words[rnd(sizeof words / sizeof *words)]);
        }
        for (int r = 0; r < RARE; r++)
            if (rare_book[r] == b && rare_para[r] == p)
                for (int k = 0; k <= r; k++)
                    rod_buf_adds(&s, " quill");
        rod_buf_adds(&s, ".</p>");
    }
    rod_buf_adds(&s, "</section></body></rod>\n");
    return rod_buf_steal(&s, NULL);
}

/* FTS5's own ranking of a word, every match scored: "book:block " each. */
static void reference(const char *db, const char *word, int limit, rod_buf *out, int64_t *max_rowid)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL);
    sqlite3_prepare_v2(h, "SELECT b.id, t.block, t.rowid FROM book_text t JOIN books b ON "
                       "b.fingerprint = t.fingerprint WHERE book_text MATCH ?1 ORDER BY rank LIMIT ?2",
                       -1, &st, NULL);
    sqlite3_bind_text(st, 1, word, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, limit);
    *max_rowid = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        rod_buf_printf(out, "%lld:%lld ", (long long)sqlite3_column_int64(st, 0),
                       (long long)sqlite3_column_int64(st, 1));
        if (sqlite3_column_int64(st, 2) > *max_rowid)
            *max_rowid = sqlite3_column_int64(st, 2);
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
}

/* The rowid of the 2,000th match of word in the index's order. */
static int64_t pool_end(const char *db, const char *word)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    int64_t last = -1;
    sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL);
    sqlite3_prepare_v2(h, "SELECT rowid FROM book_text WHERE book_text MATCH ?1 ORDER BY rowid "
                       "LIMIT 1 OFFSET 1999", -1, &st, NULL);
    sqlite3_bind_text(st, 1, word, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        last = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return last;
}

int main(void)
{
    char dir[] = "/tmp/rod-search-XXXXXX";
    if (!mkdtemp(dir)) {
        puts("Bail out! no temporary folder");
        return 1;
    }
    char db[600];
    snprintf(db, sizeof db, "%s/library.db", dir);
    rod_lib *lib = NULL;
    if (rod_lib_open(db, &lib) != ROD_OK) {
        puts("Bail out! cannot make a library");
        return 1;
    }

    int rare_book[RARE], rare_para[RARE];
    for (int r = 0; r < RARE; r++) {
        rare_book[r] = (int)rnd(BOOKS - 1);
        rare_para[r] = (int)rnd(PARAS);
        for (int q = 0; q < r; q++)     /* one rare paragraph each */
            if (rare_book[q] == rare_book[r] && rare_para[q] == rare_para[r])
                r--, q = r;
    }
    bool added = true;
    int64_t dense_book = -1;    /* the last book's id: its blocks are after the pool */
    for (int b = 0; b < BOOKS; b++) {
        char path[700];
        snprintf(path, sizeof path, "%s/book%d.rod", dir, b);
        char *src = make_book(b, rare_book, rare_para);
        FILE *f = fopen(path, "w");
        if (f) {
            fputs(src, f);
            fclose(f);
        }
        rod_doc *doc = read_rod_str(src, NULL);
        rod_lib_add_result r;
        added = added && doc && rod_lib_add(lib, path, doc, "rod", &r) == ROD_OK && r.what == ROD_LIB_NEW;
        dense_book = r.id;
        rod_doc_free(doc);
        free(src);
    }
    CHECK(added, "five generated books are added");

    /* a rare word: exactly FTS5's full ranking */
    rod_lib_hit *hits = NULL;
    size_t n = 0;
    rod_buf got = ROD_BUF_INIT, want = ROD_BUF_INIT;
    int64_t max_rowid;
    reference(db, "\"quill\"", 10, &want, &max_rowid);
    CHECK(rod_lib_search(lib, "quill", 10, &hits, &n) == ROD_OK && n == 10, "a rare word gives 10 hits");
    for (size_t i = 0; i < n; i++)
        rod_buf_printf(&got, "%lld:%zu ", (long long)hits[i].book, hits[i].pos.block);
    CHECK_STR(got.data, want.data, "a word in 30 blocks is ranked exactly as FTS5's bm25 ranks every match");
    rod_lib_hits_free(hits, n);

    /* a word in every block: ranked within the pool, and cheap */
    int64_t last = pool_end(db, "\"ember\"");
    rod_buf_free(&want);
    reference(db, "\"ember\"", 20, &want, &max_rowid);
    CHECK(last > 0 && max_rowid > last,
          "(the full ranking of a word in every block puts blocks after the 2,000th match first)");
    CHECK(rod_lib_search(lib, "ember", 20, &hits, &n) == ROD_OK && n == 20, "a common word gives 20 hits");
    bool in_pool = n == 20, all_match = n == 20;
    for (size_t i = 0; i < n; i++) {
        in_pool = in_pool && hits[i].book != dense_book;
        all_match = all_match && strstr(hits[i].snippet, "[ember]") != NULL;
    }
    CHECK(all_match, "... each showing the word");
    CHECK(in_pool, "... all from the first 2,000 matches in the index, not from a ranking of all 2,500");
    rod_lib_hits_free(hits, n);

    size_t count = 0;
    CHECK(rod_lib_search_count(lib, "ember", &count) == ROD_OK && count == BOOKS * PARAS,
          "the count of a common word is every matching block (2,500)");
    CHECK(rod_lib_search_count(lib, "quill", &count) == ROD_OK && count == RARE,
          "the count of a rare word is its 30 blocks");
    CHECK(rod_lib_search_count(lib, "\"", &count) == ROD_OK && count == 0, "an empty query counts nothing");

    rod_buf_free(&got);
    rod_buf_free(&want);
    rod_lib_close(lib);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return tap_done();
}
