/* bench_codec.c — the small codecs every book passes through, measured:
 * the fingerprint (SHA-256), base64 both ways, guessing and converting a
 * plain text's encoding, and scanning UTF-8.
 *
 * Opening a book waits for its fingerprint (War and Peace's must stay
 * under 5 ms), every FB2 image is base64, and every document's bytes are
 * checked or converted to clean UTF-8 before parsing, so these are worth
 * timing on their own rather than inside a whole import. Each figure is
 * the best of RUNS in this process (no child: the work is too short for a
 * fork to be noise-free, and it allocates little); the text samples in
 * other encodings are made here from the corpus's UTF-8 texts with glibc's
 * iconv, so the numbers do not depend on rod's own converter.
 *
 *   build/bench/bench_codec [CORPUS_DIR] [RUNS]
 */
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "bench_util.h"
#include "rod_base64.h"
#include "rod_format.h"
#include "rod_sha256.h"
#include "rod_utf8.h"

/* internal to formats/ (txt_internal.h), as tests/test_corpus.c uses it */
extern const char *txt_decode(const char *data, size_t len, rod_buf *out, rod_diag *diag);

typedef struct sample {
    const char *s;
    size_t n;
    rod_doc *doc;
    const char *encoding;
} sample;

typedef void (*work_fn)(const sample *in);

static double best(int runs, work_fn fn, const sample *in)
{
    double b = 1e9;
    for (int r = 0; r < runs; r++) {
        double t0 = now();
        fn(in);
        double t = now() - t0;
        if (t < b)
            b = t;
    }
    return b;
}

static volatile size_t sink;    /* keeps the compiler from dropping the work */

static void do_fingerprint(const sample *in)
{
    char fp[72];
    rod_doc_fingerprint(in->doc, fp);
    sink += (unsigned char)fp[10];
}

static void do_sha256(const sample *in)
{
    rod_sha256 ctx;
    unsigned char d[32];
    rod_sha256_init(&ctx);
    rod_sha256_update(&ctx, in->s, in->n);
    rod_sha256_final(&ctx, d);
    sink += d[0];
}

static void do_b64_encode(const sample *in)
{
    rod_buf out = ROD_BUF_INIT;
    rod_base64_encode(in->s, in->n, 76, &out);
    sink += out.len;
    rod_buf_free(&out);
}

static void do_b64_decode(const sample *in)
{
    unsigned char *out = malloc(rod_base64_max(in->n));
    size_t len = 0;
    if (out)
        rod_base64_decode(in->s, in->n, out, &len);
    sink += len;
    free(out);
}

static void do_txt_decode(const sample *in)
{
    rod_buf out = ROD_BUF_INIT;
    txt_decode(in->s, in->n, &out, NULL);
    sink += out.len;
    rod_buf_free(&out);
}

static void do_utf8_scan(const sample *in)
{
    sink += rod_utf8_clean_len(in->s, in->n);
    sink += rod_utf8_byte_at(in->s, in->n, in->n / 4);
}

/* text (UTF-8) in `encoding`, by glibc's iconv; NULL when it cannot say it */
static char *recode(const char *text, size_t n, const char *encoding, size_t *out_n)
{
    iconv_t cd = iconv_open(encoding, "UTF-8");
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = 4 * n + 16, left = cap;
    char *out = malloc(cap), *o = out, *in = (char *)text;
    size_t in_left = n;
    while (out && in_left && iconv(cd, &in, &in_left, &o, &left) == (size_t)-1) {
        if (errno != EILSEQ)
            break;
        in++;           /* a character the encoding lacks: leave it out */
        in_left--;
    }
    iconv_close(cd);
    *out_n = (size_t)(o - out);
    return out;
}

static bool load(const char *corpus, const char *name, char **s, size_t *n)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", corpus, name);
    if (rod_load_file(path, s, n, NULL) == ROD_OK)
        return true;
    fprintf(stderr, "bench_codec: cannot read %s (is ../shared/corpus there?)\n", path);
    return false;
}

static void row(const char *what, double t, size_t bytes)
{
    printf("%-34s %10.3f %10.1f\n", what, t * 1e3, bytes / 1e6 / t);
}

int main(int argc, char **argv)
{
    const char *corpus = argc > 1 ? argv[1] : "../shared/corpus";
    int runs = argc > 2 ? atoi(argv[2]) : 20;
    char *epub, *en, *ru;
    size_t epub_n, en_n, ru_n;
    if (!load(corpus, "epub/tolstoy-war-and-peace.epub", &epub, &epub_n) ||
        !load(corpus, "txt/tolstoy-war-and-peace.txt", &en, &en_n) ||
        !load(corpus, "txt/tolstoy-voyna-i-mir-ru-truncated.txt", &ru, &ru_n))
        return 1;
    rod_read_opts ro = {.format = ROD_FMT_EPUB};
    rod_doc *doc = NULL;
    if (rod_read_memory(epub, epub_n, &ro, NULL, &doc) != ROD_OK)
        return 1;
    size_t text_bytes = 0;
    for (size_t i = 0; i < doc->nblocks; i++)
        text_bytes += doc->blocks[i].len + 1;

    /* 16 MB of bytes that do not repeat soon, as an image's would not */
    size_t bin_n = 16u << 20;
    char *bin = malloc(bin_n);
    uint32_t x = 2463534242u;
    for (size_t i = 0; bin && i < bin_n; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        bin[i] = (char)x;
    }
    rod_buf b64 = ROD_BUF_INIT;
    rod_base64_encode(bin, bin_n, 76, &b64);

    printf("%-34s %10s %10s\n", "work", "best ms", "MB/s");
    sample s = {.doc = doc};
    row("fingerprint, War and Peace (EPUB)", best(runs, do_fingerprint, &s), text_bytes);
    s = (sample){bin, bin_n, NULL, NULL};
    row("sha256, 16 MB", best(runs, do_sha256, &s), bin_n);
    row("base64 encode, 16 MB", best(runs, do_b64_encode, &s), bin_n);
    s = (sample){b64.data, b64.len, NULL, NULL};
    row("base64 decode, 16 MB (wrapped)", best(runs, do_b64_decode, &s), b64.len);
    s = (sample){en, en_n, NULL, NULL};
    row("txt decode, UTF-8 (English)", best(runs, do_txt_decode, &s), en_n);
    s = (sample){ru, ru_n, NULL, NULL};
    row("txt decode, UTF-8 (Russian)", best(runs, do_txt_decode, &s), ru_n);
    row("utf8 clean scan (Russian)", best(runs, do_utf8_scan, &s), ru_n);

    /* the same Russian (or English) text in each single- and multi-byte
     * encoding the detector must name */
    static const struct { const char *encoding; int russian; } encs[] = {
        {"WINDOWS-1251", 1}, {"KOI8-R", 1}, {"UTF-16LE", 1}, {"WINDOWS-1252", 0},
    };
    for (size_t i = 0; i < sizeof encs / sizeof encs[0]; i++) {
        size_t n;
        char *t = recode(encs[i].russian ? ru : en, encs[i].russian ? ru_n : en_n,
                         encs[i].encoding, &n);
        if (!t)
            continue;
        char what[64];
        snprintf(what, sizeof what, "txt decode, %s", encs[i].encoding);
        s = (sample){t, n, NULL, NULL};
        row(what, best(runs, do_txt_decode, &s), n);
        free(t);
    }
    rod_doc_free(doc);
    rod_buf_free(&b64);
    free(bin);
    free(epub);
    free(en);
    free(ru);
    return 0;
}
