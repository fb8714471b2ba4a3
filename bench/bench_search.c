/* bench_search.c — library search at 500 books, measured (issue 19).
 *
 * Makes a library of 500 books in a temporary folder, each 1,500
 * paragraphs of real English prose cut from the corpus's plain texts at
 * a place chosen by a seeded generator (so every run builds the same
 * library, about 200 MB of text), then times, best of RUNS:
 *   - `rod library search the` as rod does it: bm25 over the ranking pool;
 *   - the same query ranked over every match, as rod did before (FTS5's
 *     ORDER BY rank over all of them, asked of the database directly);
 *   - counting every match (`--count`);
 *   - a word in few paragraphs ("harpooneer"), ranked exactly either way.
 * Each row prints the old way beside it and the ratio.
 *
 *   build/bench/bench_search [CORPUS_DIR] [RUNS]
 */
#include <sqlite3.h>
#include <string.h>

#include "bench_util.h"
#include "rod_format.h"
#include "rod_library.h"

enum { BOOKS = 500, PARAS = 1500 };

static const char *texts[] = {"barrie-peter-pan.txt", "dickens-great-expectations.txt",
                              "joyce-ulysses.txt", "machiavelli-the-prince.txt",
                              "melville-moby-dick.txt", "tolstoy-war-and-peace.txt"};

/* The paragraphs of every text, in order: pointers into one buffer. */
static char **paragraphs(const char *corpus, size_t *n, char **keep)
{
    rod_buf all = ROD_BUF_INIT;
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/txt/%s", corpus, texts[i]);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        char chunk[65536];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
            rod_buf_add(&all, chunk, got);
        fclose(f);
        rod_buf_adds(&all, "\n\n");
    }
    char *s = rod_buf_steal(&all, NULL);
    *keep = s;
    size_t cap = 1 << 16;
    char **out = malloc(cap * sizeof *out);
    *n = 0;
    for (char *p = s; p && *p;) {
        char *end = strstr(p, "\n\n");
        if (end)
            *end = '\0';
        if (p[strspn(p, " \r\n")]) {
            if (*n == cap)
                out = realloc(out, (cap *= 2) * sizeof *out);
            out[(*n)++] = p;
        }
        p = end ? end + 2 : NULL;
    }
    return out;
}

static uint64_t rng = 7;
static size_t rnd(size_t n)
{
    rng = rng * 6364136223846793005u + 1442695040888963407u;
    return (size_t)(rng >> 33) % n;
}

static double best_search(rod_lib *lib, const char *q, int runs, size_t *hits)
{
    double best = 1e9;
    for (int r = 0; r < runs; r++) {
        rod_lib_hit *h = NULL;
        double t0 = now();
        rod_lib_search(lib, q, 20, &h, hits);
        double t = now() - t0;
        rod_lib_hits_free(h, *hits);
        best = t < best ? t : best;
    }
    return best;
}

static double best_count(rod_lib *lib, const char *q, int runs, size_t *count)
{
    double best = 1e9;
    for (int r = 0; r < runs; r++) {
        double t0 = now();
        rod_lib_search_count(lib, q, count);
        double t = now() - t0;
        best = t < best ? t : best;
    }
    return best;
}

/* Every match ranked, as rod searched before: the same SQL without the pool. */
static double best_full(const char *db, const char *q, int runs)
{
    sqlite3 *h = NULL;
    sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL);
    double best = 1e9;
    for (int r = 0; r < runs; r++) {
        sqlite3_stmt *st = NULL;
        double t0 = now();
        sqlite3_prepare_v2(h, "SELECT b.id, b.title, b.path, t.block, t.text,"
            "  snippet(book_text, 0, char(2), char(3), '\xE2\x80\xA6', 14)"
            " FROM book_text t"
            " JOIN (SELECT fingerprint, min(id) AS id FROM books GROUP BY fingerprint) f"
            "   ON f.fingerprint = t.fingerprint"
            " JOIN books b ON b.id = f.id"
            " WHERE book_text MATCH ?1 ORDER BY rank LIMIT 20", -1, &st, NULL);
        sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW)
            ;
        sqlite3_finalize(st);
        double t = now() - t0;
        best = t < best ? t : best;
    }
    sqlite3_close(h);
    return best;
}

int main(int argc, char **argv)
{
    const char *corpus = argc > 1 ? argv[1] : "../shared/corpus";
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    char *keep = NULL;
    size_t np = 0;
    char **paras = paragraphs(corpus, &np, &keep);
    if (np < PARAS * 2) {
        fprintf(stderr, "bench_search: too few paragraphs in %s/txt\n", corpus);
        return 1;
    }
    char dir[] = "/tmp/rod-bench-search-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char db[512];
    snprintf(db, sizeof db, "%s/library.db", dir);
    rod_lib *lib = NULL;
    if (rod_lib_open(db, &lib) != ROD_OK)
        return 1;
    double t0 = now();
    size_t bytes = 0;
    for (int b = 0; b < BOOKS; b++) {
        rod_buf s = ROD_BUF_INIT;
        rod_buf_printf(&s, "Book number %d\n\n", b);
        size_t start = rnd(np - PARAS);
        for (size_t p = start; p < start + PARAS; p++) {
            rod_buf_adds(&s, paras[p]);
            rod_buf_adds(&s, "\n\n");
        }
        bytes += s.len;
        char path[600];
        snprintf(path, sizeof path, "%s/book%03d.txt", dir, b);
        save(path, s.data, s.len);
        rod_doc *doc = NULL;
        rod_read_opts opts = {.format = ROD_FMT_TXT};
        rod_read_memory(s.data, s.len, &opts, NULL, &doc);
        rod_lib_add_result r;
        if (doc)
            rod_lib_add(lib, path, doc, "txt", &r);
        rod_doc_free(doc);
        rod_buf_free(&s);
    }
    printf("library: %d books, %.0f MB of text, made in %.1f s\n\n", BOOKS, bytes / 1e6, now() - t0);

    size_t hits = 0, count = 0;
    printf("%-44s %10s %14s %8s\n", "work", "rod ms", "every match ms", "ratio");
    double full = best_full(db, "\"the\"", runs);
    double ours = best_search(lib, "the", runs, &hits);
    best_count(lib, "the", 1, &count);
    printf("%-44s %10.1f %14.1f %7.1fx   (%zu hits of %zu matching paragraphs; goal <= 30 ms)\n",
           "library search the, 20 shown", ours * 1e3, full * 1e3, full / ours, hits, count);
    double counted = best_count(lib, "the", runs, &count);
    printf("%-44s %10.1f %14s %8s\n", "library search --count the", counted * 1e3, "", "");
    full = best_full(db, "\"harpooneer\"", runs);
    ours = best_search(lib, "harpooneer", runs, &hits);
    best_count(lib, "harpooneer", 1, &count);
    printf("%-44s %10.1f %14.1f %7.1fx   (%zu hits of %zu)\n", "library search harpooneer",
           ours * 1e3, full * 1e3, full / ours, hits, count);

    rod_lib_close(lib);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_search: could not remove %s\n", dir);
    free(paras);
    free(keep);
    return 0;
}
