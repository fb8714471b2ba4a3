/* test_corpus.c — every book in ../shared/corpus converts to a .rod file
 * that validates. Plain texts go back to text with every word kept: the
 * words of the input, less those in the Gutenberg wrapper the importer
 * reports dropping, equal the words of the output. EPUB, FictionBook and
 * HTML books open without an error, and rod → epub → rod and rod → fb2 →
 * rod keep their fingerprint; books that exist in several formats of one
 * edition agree on at least 99.5 % of their words; the books in rtl/
 * write a .rod that validates too. Skipped where the
 * corpus is absent (a user's clone). */
#include <dirent.h>

#include "agree.h"
#include "helpers.h"
#include "tap.h"

size_t txt_count_words(const char *s, size_t n);

static void check_book(const char *dir, const char *name)
{
    char *path = fixture_path(dir, name);
    size_t len;
    char *data = load(path, &len);
    rod_doc *doc = NULL;
    rod_txt_stats stats;
    rod_diag diag = ROD_DIAG_INIT(path);
    char label[256];
    snprintf(label, sizeof label, "%s converts", name);
    if (!CHECK(data && rod_read_txt(data, len, NULL, &diag, &doc, &stats) == ROD_OK, label))
        goto cleanup;
    char *rod = write_str(doc, ROD_FMT_ROD, 0, false);
    rod_diag v = ROD_DIAG_INIT(name);
    snprintf(label, sizeof label, "%s writes a .rod that validates", name);
    if (!CHECK(rod_validate(rod, strlen(rod), &v) == ROD_OK, label))
        rod_diag_print(&v, stdout);
    rod_diag_free(&v);

    /* txt -> rod -> txt through the file format, not just the model */
    rod_doc *back = read_rod_str(rod, NULL);
    char *txt = back ? write_str(back, ROD_FMT_TXT, 0, true) : strdup("");
    /* The input is decoded the same way the importer decodes it. */
    rod_doc *raw = NULL;
    size_t in_words = 0;
    {
        rod_buf decoded = ROD_BUF_INIT;
        extern const char *txt_decode(const char *, size_t, rod_buf *, rod_diag *);
        txt_decode(data, len, &decoded, NULL);
        in_words = txt_count_words(decoded.data ? decoded.data : "", decoded.len);
        rod_buf_free(&decoded);
    }
    size_t out_words = txt_count_words(txt, strlen(txt));
    snprintf(label, sizeof label, "%s keeps every word (%zu in, %zu dropped wrapper, %zu out)", name,
             in_words, stats.dropped_words, out_words);
    CHECK(out_words == in_words - stats.dropped_words, label);
    rod_doc_free(raw);
    rod_doc_free(back);
    free(txt);
    free(rod);
cleanup:
    rod_doc_free(doc);
    rod_diag_free(&diag);
    free(data);
    free(path);
}

static rod_doc *open_book(const char *corpus, const char *rel, rod_diag *diag)
{
    char *path = fixture_path(corpus, rel);
    rod_doc *doc = NULL;
    rod_read_file(path, NULL, diag, &doc);
    free(path);
    return doc;
}

static void fingerprint_after(const rod_doc *doc, rod_format f, char out[72])
{
    rod_buf buf = ROD_BUF_INIT;
    rod_write_opts wo = {.format = f};
    rod_write_memory(doc, &wo, &buf);
    rod_read_opts ro = {.format = f};
    rod_doc *back = NULL;
    strcpy(out, "(unreadable)");
    if (rod_read_memory(buf.data, buf.len, &ro, NULL, &back) == ROD_OK)
        rod_doc_fingerprint(back, out);
    rod_doc_free(back);
    rod_buf_free(&buf);
}

static void check_foreign(const char *corpus, const char *sub, const char *name)
{
    char rel[512], label[600];
    snprintf(rel, sizeof rel, "%s/%s", sub, name);
    rod_diag diag = ROD_DIAG_INIT(name);
    rod_doc *doc = open_book(corpus, rel, &diag);
    snprintf(label, sizeof label, "%s opens without an error (%zu blocks, %zu words)", rel,
             doc ? doc->nblocks : 0, doc ? rod_doc_word_count(doc) : 0);
    if (!CHECK(doc && diag.errors == 0, label))
        rod_diag_print(&diag, stdout);
    rod_diag_free(&diag);
    if (!doc)
        return;
    char *rod = write_str(doc, ROD_FMT_ROD, 0, false);
    rod_diag v = ROD_DIAG_INIT(name);
    snprintf(label, sizeof label, "%s writes a .rod that validates", rel);
    if (!CHECK(rod_validate(rod, strlen(rod), &v) == ROD_OK, label))
        rod_diag_print(&v, stdout);
    rod_diag_free(&v);
    free(rod);
    char want[72], got[72];
    rod_doc_fingerprint(doc, want);
    fingerprint_after(doc, ROD_FMT_EPUB, got);
    snprintf(label, sizeof label, "%s: rod -> epub -> rod keeps the fingerprint", rel);
    CHECK_STR(got, want, label);
    fingerprint_after(doc, ROD_FMT_FB2, got);
    snprintf(label, sizeof label, "%s: rod -> fb2 -> rod keeps the fingerprint", rel);
    CHECK_STR(got, want, label);
    rod_doc_free(doc);
}

static void walk_foreign(const char *corpus, const char *sub, const char *ext)
{
    char *dir = fixture_path(corpus, sub);
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        size_t n = strlen(e->d_name), m = strlen(ext);
        if (n > m && strcmp(e->d_name + n - m, ext) == 0)
            check_foreign(corpus, sub, e->d_name);
    }
    if (d)
        closedir(d);
    free(dir);
}

/* Every book of a folder rod reads writes a .rod that validates (the
 * folders without the round-trip and word checks above: rtl/). */
static void walk_validate(const char *corpus, const char *sub)
{
    char *dir = fixture_path(corpus, sub);
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char rel[512], label[600];
        snprintf(rel, sizeof rel, "%s/%s", sub, e->d_name);
        rod_format f = rod_format_from_path(e->d_name);
        if (e->d_name[0] == '.' || f == ROD_FMT_UNKNOWN || !rod_format_can_read(f))
            continue;
        rod_doc *doc = open_book(corpus, rel, NULL);
        char *rod = doc ? write_str(doc, ROD_FMT_ROD, 0, false) : NULL;
        rod_diag v = ROD_DIAG_INIT(e->d_name);
        snprintf(label, sizeof label, "%s writes a .rod that validates", rel);
        if (!CHECK(rod && rod_validate(rod, strlen(rod), &v) == ROD_OK, label))
            rod_diag_print(&v, stdout);
        rod_diag_free(&v);
        free(rod);
        rod_doc_free(doc);
    }
    if (d)
        closedir(d);
    free(dir);
}

/* Two imports of one edition in different formats. */
static void fidelity(const char *corpus, const char *a, const char *b, bool same_edition)
{
    rod_doc *da = open_book(corpus, a, NULL), *db = open_book(corpus, b, NULL);
    char label[600];
    if (!da || !db) {
        snprintf(label, sizeof label, "%s and %s both open", a, b);
        CHECK(false, label);
    } else {
        rod_buf ta = ROD_BUF_INIT, tb = ROD_BUF_INIT;
        agree_doc_text(da, &ta);
        agree_doc_text(db, &tb);
        agreement r = agree(ta.data, ta.len, tb.data, tb.len);
        snprintf(label, sizeof label, "%s vs %s: %.2f %% of words agree (%zu / %zu words)%s", a, b,
                 100 * r.share, r.words_a, r.words_b,
                 same_edition ? "" : " # different editions: reported, no goal");
        if (same_edition)
            CHECK(r.share >= 0.995, label);
        else
            printf("# %s\n", label);
        rod_buf_free(&ta);
        rod_buf_free(&tb);
    }
    rod_doc_free(da);
    rod_doc_free(db);
}

int main(int argc, char **argv)
{
    const char *corpus = argc > 1 ? argv[1] : "../shared/corpus";
    char *txt_dir = fixture_path(corpus, "txt");
    DIR *d = opendir(txt_dir);
    if (!d) {
        tap_skip("corpus books convert", "../shared/corpus is not present");
        free(txt_dir);
        return tap_done();
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n > 4 && strcmp(e->d_name + n - 4, ".txt") == 0)
            check_book(txt_dir, e->d_name);
    }
    closedir(d);
    free(txt_dir);
    walk_foreign(corpus, "epub", ".epub");
    walk_foreign(corpus, "fb2", ".fb2");
    walk_foreign(corpus, "html", ".html");
    walk_validate(corpus, "rtl");
    fidelity(corpus, "epub/doyle-sherlock-holmes.epub", "fb2/doyle-sherlock-holmes.fb2", true);
    fidelity(corpus, "epub/doyle-sherlock-holmes.epub", "html/doyle-sherlock-holmes.html", true);
    fidelity(corpus, "epub/tolstoy-war-and-peace.epub", "fb2/tolstoy-war-and-peace.fb2", true);
    fidelity(corpus, "epub/whitman-leaves-of-grass.epub", "html/whitman-leaves-of-grass.html", true);
    fidelity(corpus, "html/kafka-die-verwandlung-de.html", "txt/kafka-die-verwandlung-de.txt", true);
    fidelity(corpus, "epub/tolstoy-war-and-peace.epub", "txt/tolstoy-war-and-peace.txt", false);
    return tap_done();
}
