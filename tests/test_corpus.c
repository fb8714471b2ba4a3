/* test_corpus.c — every book in ../shared/corpus converts to a .rod file
 * that validates. Plain texts go back to text with every word kept: the
 * words of the story, found and counted here from the file itself (not
 * from what the importer says it dropped, which would hide a cut the
 * importer also counted), equal the words of the output. EPUB, FictionBook and
 * HTML books open without an error, and rod → epub → rod and rod → fb2 →
 * rod keep their fingerprint; books that exist in several formats of one
 * edition agree on at least 99.5 % of their words; the books in rtl/
 * write a .rod that validates too. Skipped where the
 * corpus is absent (a user's clone). */
#include <ctype.h>
#include <dirent.h>

#include "agree.h"
#include "helpers.h"
#include "tap.h"

/* ---- an independent count of a plain text's story words ---- */

/* One code point of UTF-8 at s (n > 0 bytes); *len its bytes, 0 when the
 * bytes are not UTF-8. */
static uint32_t utf8_at(const unsigned char *s, size_t n, size_t *len)
{
    size_t need = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3
                : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    *len = 0;
    if (!need || need > n)
        return 0;
    uint32_t cp = need == 1 ? s[0] : s[0] & (0x7F >> need);
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    *len = need;
    return cp;
}

/* The file as UTF-8: as it is when it is UTF-8 (less a BOM), else each
 * byte read as Latin-1 (the corpus' other encoding); CR LF as LF. */
static char *as_utf8(const char *data, size_t len, size_t *out_len)
{
    const unsigned char *s = (const unsigned char *)data;
    bool utf8 = true;
    for (size_t i = 0, k; i < len && utf8; i += k) {
        utf8_at(s + i, len - i, &k);
        utf8 = k != 0;
    }
    rod_buf out = ROD_BUF_INIT;
    size_t i = utf8 && len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3) ? 3 : 0;
    for (; i < len; i++) {
        if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
            continue;
        if (utf8 || s[i] < 0x80) {
            rod_buf_addc(&out, (char)s[i]);
        } else {
            rod_buf_addc(&out, (char)(0xC0 | s[i] >> 6));
            rod_buf_addc(&out, (char)(0x80 | (s[i] & 0x3F)));
        }
    }
    if (!out.data)
        rod_buf_adds(&out, "");
    return rod_buf_steal(&out, out_len);
}

/* Tokens between spaces, tabs and line breaks holding a letter or digit
 * (ASCII ones, and any code point past Latin-1's symbols other than
 * general punctuation: "—" and "* * *" are no words, "Война" is one). */
static size_t count_words(const char *text, size_t n)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t words = 0;
    bool counted = false;
    for (size_t i = 0, k; i < n; i += k ? k : 1) {
        uint32_t cp = utf8_at(s + i, n - i, &k);
        if (cp == ' ' || cp == '\t' || cp == '\n') {
            counted = false;
            continue;
        }
        bool letter = cp < 0x80 ? isalnum((int)cp) != 0
                                : cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && !(cp >= 0x2000 && cp <= 0x2BFF) &&
                                      cp != 0xFFFC && cp != 0xFFFD;
        if (letter && !counted) {
            words++;
            counted = true;
        }
    }
    return words;
}

static bool line_starts(const char *l, const char *end, const char *prefix)
{
    size_t n = strlen(prefix);
    return (size_t)(end - l) >= n && !memcmp(l, prefix, n);
}

/* The words of the story in a Gutenberg text: after the "*** START OF"
 * line (less the "Produced by" credit that may open it) and before the
 * "End of (the) Project Gutenberg" or "*** END OF" line, looked for in
 * the last 1000 lines; the whole text where a marker is missing. */
static size_t story_words(const char *text, size_t len)
{
    const char *end = text + len, *from = text, *to = end;
    size_t nlines = 0;
    for (const char *p = text; p < end; p++)
        nlines += *p == '\n';
    size_t lineno = 0;
    for (const char *l = text; l < end; lineno++) {
        const char *nl = memchr(l, '\n', (size_t)(end - l));
        const char *e = nl ? nl : end;
        if (from == text && (line_starts(l, e, "*** START OF") || line_starts(l, e, "***START OF")))
            from = nl ? nl + 1 : end;
        if (lineno + 1000 >= nlines && to == end && l >= from &&
            (line_starts(l, e, "*** END OF") || line_starts(l, e, "***END OF") ||
             line_starts(l, e, "End of the Project Gutenberg") || line_starts(l, e, "End of Project Gutenberg")))
            to = l;
        l = nl ? nl + 1 : end;
    }
    /* the credit: the first paragraph after the marker, when it is one */
    const char *p = from;
    while (p < to && (*p == '\n' || *p == ' '))
        p++;
    if (from != text && line_starts(p, to, "Produced by")) {
        const char *blank = strstr(p, "\n\n");
        from = blank && blank < to ? blank : to;
    }
    return count_words(from, (size_t)(to - from));
}

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
    size_t ulen;
    char *utf8 = as_utf8(data, len, &ulen);
    size_t want = story_words(utf8, ulen), out_words = count_words(txt, strlen(txt));
    free(utf8);
    snprintf(label, sizeof label, "%s keeps every story word (%zu in the story, counted from the file; %zu out; "
             "the importer says it dropped %zu)", name, want, out_words, stats.dropped_words);
    CHECK(out_words == want, label);
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
