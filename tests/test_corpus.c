/* test_corpus.c — every plain-text book in ../shared/corpus converts to a
 * .rod file that validates, and back to text with every word kept: the
 * words of the input, less those in the Gutenberg wrapper the importer
 * reports dropping, equal the words of the output. Skipped where the
 * corpus is absent (a user's clone). */
#include <dirent.h>

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
    return tap_done();
}
