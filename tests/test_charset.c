/* test_charset.c — the encoding of text that declares none, guessed and
 * converted (formats/charset_detect.c, formats/charset.c).
 *
 * Every sample is made here: a UTF-8 text, from tests/fixtures/charset/
 * (short paragraphs written for this test, so it runs without ../shared)
 * and, when the corpus is there, from its Russian, Hebrew, Japanese and
 * Chinese books, is put into each encoding by glibc's iconv, then read
 * back by rod as plain text and as HTML without a charset. Each must name
 * the encoding and give back what glibc's iconv decodes from those bytes
 * (the reference, for characters the encoding could not hold are left
 * out of the sample). UTF-16 without a mark is told by its zero bytes.
 *
 *   test_charset FIXTURES [CORPUS]
 */
#include <errno.h>
#include <iconv.h>
#include <strings.h>

#include "charset.h"
#include "helpers.h"
#include "rod_utf8.h"
#include "tap.h"

const char *txt_decode(const char *data, size_t len, rod_buf *out, rod_diag *diag);

/* s (UTF-8) in `to`: characters the target cannot hold are left out, and
 * *kept (when not NULL) gets s without them, the text the sample holds.
 * NULL when iconv cannot. */
static char *recode(const char *s, size_t n, const char *to, size_t *out_n, rod_buf *kept)
{
    iconv_t cd = iconv_open(to, "UTF-8");
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = 4 * n + 16, left = cap, in_left = n;
    char *out = malloc(cap + 1), *o = out, *in = (char *)s, *run = in;
    while (out && in_left && iconv(cd, &in, &in_left, &o, &left) == (size_t)-1) {
        if (errno != EILSEQ && errno != EINVAL)
            break;
        if (kept)
            rod_buf_add(kept, run, (size_t)(in - run));
        /* step over the whole UTF-8 character the target lacks */
        do {
            in++;
            in_left--;
        } while (in_left && ((unsigned char)*in & 0xC0) == 0x80);
        run = in;
    }
    if (kept)
        rod_buf_add(kept, run, (size_t)(s + n - run));
    iconv_close(cd);
    *out_n = out ? (size_t)(o - out) : 0;
    if (out)
        out[*out_n] = '\0';
    return out;
}

/* The story's text from an XML book: the characters between tags, with
 * entities left as they are (they are ASCII; the guess does not care). */
static char *text_of_xml(const char *s)
{
    rod_buf b = ROD_BUF_INIT;
    bool in_tag = false;
    for (; *s; s++) {
        if (*s == '<')
            in_tag = true;
        else if (*s == '>')
            in_tag = false;
        else if (!in_tag)
            rod_buf_addc(&b, *s);
    }
    return b.data;
}

/* Are a and b two names of one encoding? ("windows-1251" and
 * "WINDOWS-1251", "Shift_JIS" and "SHIFT_JIS") */
static bool same_name(const char *a, const char *b)
{
    for (;; a++, b++) {
        while (*a == '-' || *a == '_')
            a++;
        while (*b == '-' || *b == '_')
            b++;
        if ((*a | 0x20) != (*b | 0x20))
            return false;
        if (!*a)
            return true;
    }
}

typedef struct target {
    const char *iconv;          /* glibc's name, to make the sample */
    const char *names[2];       /* what rod may call it (a superset decodes the same) */
} target;

/* One sample: text (UTF-8) in t, read as plain text and as HTML. */
static void check_one(const char *label, const char *text, size_t n, const target *t)
{
    size_t bn;
    rod_buf kept = ROD_BUF_INIT;
    char *bytes = recode(text, n, t->iconv, &bn, &kept);
    char *want = kept.data;
    size_t rn = kept.len;
    char what[200];
    if (!bytes) {
        snprintf(what, sizeof what, "%s: iconv makes a %s sample # SKIP iconv lacks it", label,
                 t->iconv);
        CHECK(1, what);
        rod_buf_free(&kept);
        return;
    }
    rod_buf out = ROD_BUF_INIT;
    rod_diag diag = ROD_DIAG_INIT("sample.txt");
    const char *name = txt_decode(bytes, bn, &out, &diag);
    bool named = name && (same_name(name, t->names[0]) || (t->names[1] && same_name(name, t->names[1])));
    snprintf(what, sizeof what, "%s in %s: plain text detected as %s", label, t->iconv, t->names[0]);
    if (!CHECK(named, what))
        printf("#   rod said: %s\n", name ? name : "(null)");
    snprintf(what, sizeof what, "%s in %s: plain text decodes as iconv decodes it, with no "
             "warning", label, t->iconv);
    CHECK(out.len == rn && !memcmp(out.data, want, rn) && diag.n == 0, what);
    rod_buf_free(&out);
    rod_diag_free(&diag);

    /* HTML without a charset: the same guess */
    rod_buf html = ROD_BUF_INIT, html_want = ROD_BUF_INIT;
    char *open = NULL, *close = NULL;
    size_t on, cn;
    const char *o = "<!DOCTYPE html>\n<html><head><title>t</title></head><body><p>";
    const char *c = "</p></body></html>\n";
    open = recode(o, strlen(o), t->iconv, &on, NULL);
    close = recode(c, strlen(c), t->iconv, &cn, NULL);
    if (open && close) {
        rod_buf_add(&html, open, on);
        rod_buf_add(&html, bytes, bn);
        rod_buf_add(&html, close, cn);
        rod_buf_adds(&html_want, o);
        rod_buf_add(&html_want, want, rn);
        rod_buf_adds(&html_want, c);
        rod_buf conv = ROD_BUF_INIT;
        rod_diag d2 = ROD_DIAG_INIT("sample.html");
        const char *got;
        size_t gn;
        rod_err err = charset_document(html.data, html.len, CHARSET_HTML, &conv, &got, &gn, &d2);
        snprintf(what, sizeof what, "%s in %s: HTML without a charset decodes as iconv "
                 "decodes it", label, t->iconv);
        CHECK(err == ROD_OK && gn == html_want.len && !memcmp(got, html_want.data, gn) &&
              d2.n == 0, what);
        rod_buf_free(&conv);
        rod_diag_free(&d2);
    }
    free(open);
    free(close);
    rod_buf_free(&html);
    rod_buf_free(&html_want);
    free(bytes);
    rod_buf_free(&kept);
}

static const target cp1251 = {"WINDOWS-1251", {"windows-1251", NULL}};
static const target koi8r = {"KOI8-R", {"KOI8-R", NULL}};
static const target cp1255 = {"WINDOWS-1255", {"windows-1255", NULL}};
static const target sjis = {"SHIFT_JIS", {"Shift_JIS", NULL}};
static const target gb18030 = {"GB18030", {"GB18030", NULL}};
/* uchardet names Korean text UHC, the Windows code page that extends
 * EUC-KR: it decodes EUC-KR alike */
static const target euckr = {"EUC-KR", {"EUC-KR", "windows-949"}};
static const target latin2 = {"ISO-8859-2", {"ISO-8859-2", NULL}};
static const target utf16le = {"UTF-16LE", {"UTF-16LE", NULL}};
static const target utf16be = {"UTF-16BE", {"UTF-16BE", NULL}};

static void check_fixture(const char *fixtures, const char *file, const target *const *ts)
{
    char rel[64];
    snprintf(rel, sizeof rel, "charset/%s", file);
    char *path = fixture_path(fixtures, rel);
    size_t n = 0;
    char *text = load(path, &n);
    char what[120];
    snprintf(what, sizeof what, "fixture %s is there", rel);
    if (CHECK(text != NULL, what))
        for (; *ts; ts++)
            check_one(rel, text, n, *ts);
    free(text);
    free(path);
}

static void check_corpus(const char *corpus)
{
    static const struct {
        const char *rel;
        bool xml;
        const target *ts[4];
    } books[] = {
        {"txt/tolstoy-voyna-i-mir-ru-truncated.txt", false, {&cp1251, &koi8r, &utf16le, NULL}},
        {"rtl/he-luidor-regei-hayim-vamavet.txt", false, {&cp1255, &utf16be, NULL}},
        {"fb2/fbreaderj-minihelp-ja-malformed.fb2", true, {&sjis, NULL}},
        {"fb2/crengine-help-zh_cn.fb2", true, {&gb18030, NULL}},
    };
    for (size_t i = 0; i < sizeof books / sizeof books[0]; i++) {
        char *path = fixture_path(corpus, books[i].rel);
        size_t n = 0;
        char *data = load(path, &n);
        free(path);
        if (!data) {
            char what[160];
            snprintf(what, sizeof what, "corpus %s # SKIP ../shared/corpus is absent", books[i].rel);
            CHECK(1, what);
            continue;
        }
        char *text = books[i].xml ? text_of_xml(data) : data;
        for (const target *const *t = books[i].ts; *t; t++)
            check_one(books[i].rel, text, strlen(text), *t);
        if (text != data)
            free(text);
        free(data);
    }
    /* Dutch in Latin-1 with an accent every few lines: too little for
     * uchardet in any one stretch of the file (it said MAC-CENTRALEUROPE) */
    char *path = fixture_path(corpus, "tei/hugo-de-ellendigen-1-nl-sgml-latin1.tei");
    size_t n = 0;
    char *data = load(path, &n);
    free(path);
    if (data) {
        rod_buf out = ROD_BUF_INIT;
        const char *name = txt_decode(data, n, &out, NULL);
        CHECK(name && same_name(name, "windows-1252") && memmem(out.data, out.len, "Les mis\xc3\xa9rables", 15),
              "a Dutch Latin-1 text with few accents is windows-1252");
        rod_buf_free(&out);
        free(data);
    } else {
        CHECK(1, "a Dutch Latin-1 text # SKIP ../shared/corpus is absent");
    }
}

/* The fixture `file` sixteen times over (5 kB, four pieces for the
 * detector's vote) in `encoding`, with the byte `bad` put in after the
 * middle line feed; *kept the text it holds. */
static char *damaged_sample(const char *fixtures, const char *file, const char *encoding,
                            char bad, size_t *n, rod_buf *kept)
{
    char rel[64];
    snprintf(rel, sizeof rel, "charset/%s", file);
    char *path = fixture_path(fixtures, rel);
    size_t tn = 0;
    char *text = load(path, &tn);
    free(path);
    rod_buf many = ROD_BUF_INIT;
    for (int i = 0; text && i < 16; i++)
        rod_buf_add(&many, text, tn);
    free(text);
    size_t bn;
    char *bytes = many.data ? recode(many.data, many.len, encoding, &bn, kept) : NULL;
    rod_buf_free(&many);
    if (!bytes)
        return NULL;
    const char *lf = memchr(bytes + bn / 2, '\n', bn - bn / 2);
    size_t at = lf ? (size_t)(lf - bytes) + 1 : bn;
    char *out = malloc(bn + 2);
    memcpy(out, bytes, at);
    out[at] = bad;
    memcpy(out + at + 1, bytes + at, bn - at);
    out[bn + 1] = '\0';
    *n = bn + 1;
    free(bytes);
    return out;
}

static size_t count_fffd(const char *s)
{
    size_t k = 0;
    for (const char *p = s; p && (p = strstr(p, "\xef\xbf\xbd")); p += 3)
        k++;
    return k;
}

/* What charset.c promised before uchardet stays true. */
static void check_guarantees(const char *fixtures)
{
    /* one byte the encoding leaves unassigned, detected text: one U+FFFD,
     * one warning, the rest as it was */
    static const struct { const char *file, *iconv, *name; char bad; } bad[] = {
        {"ru.txt", "WINDOWS-1251", "windows-1251", (char)0x98},
        {"he.txt", "WINDOWS-1255", "windows-1255", (char)0xFF},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t n = 0;
        rod_buf kept = ROD_BUF_INIT, out = ROD_BUF_INIT;
        char *bytes = damaged_sample(fixtures, bad[i].file, bad[i].iconv, bad[i].bad, &n, &kept);
        rod_diag diag = ROD_DIAG_INIT("damaged.txt");
        const char *name = bytes ? txt_decode(bytes, n, &out, &diag) : NULL;
        char what[200], warning[120];
        snprintf(warning, sizeof warning, "1 character that is not valid %s text", bad[i].name);
        snprintf(what, sizeof what, "%s in %s with the unassigned byte %02X: still %s, one U+FFFD, "
                 "one warning, clean UTF-8", bad[i].file, bad[i].iconv, (unsigned char)bad[i].bad,
                 bad[i].name);
        if (!CHECK(name && same_name(name, bad[i].name) && count_fffd(out.data) == 1 &&
                   out.len == kept.len + 3 && diag.n == 1 && strstr(diag.items[0].text, warning) &&
                   rod_utf8_xml_clean(out.data, out.len), what))
            printf("#   rod said %s, %zu U+FFFD, %zu warnings\n", name ? name : "(null)",
                   count_fffd(out.data), diag.n);
        rod_buf_free(&out);
        rod_buf_free(&kept);
        rod_diag_free(&diag);
        free(bytes);
    }

    /* a declared charset wins over the guess */
    char *path = fixture_path(fixtures, "charset/ru.txt");
    size_t tn = 0, bn;
    char *text = load(path, &tn);
    free(path);
    char *bytes = text ? recode(text, tn, "WINDOWS-1251", &bn, NULL) : NULL;
    rod_buf html = ROD_BUF_INIT, conv = ROD_BUF_INIT;
    rod_buf_adds(&html, "<html><head><meta charset=\"KOI8-R\"><title>t</title></head><body><p>");
    if (bytes)
        rod_buf_add(&html, bytes, bn);
    rod_buf_adds(&html, "</p></body></html>");
    const char *got;
    size_t gn;
    charset_document(html.data, html.len, CHARSET_HTML, &conv, &got, &gn, NULL);
    /* "Зимний" in windows-1251 bytes, read as KOI8-R */
    CHECK(bytes && memmem(got, gn, "\xd0\xb3\xd0\xa5\xd0\x9b\xd0\x9c\xd0\xa5\xd0\x98", 12),
          "HTML declaring KOI8-R is read as KOI8-R, whatever its bytes look like");
    rod_buf_free(&html);
    rod_buf_free(&conv);
    free(bytes);
    free(text);

    /* Latin-1 read as its superset, as before */
    const char latin[] = "Voil\xe0 un caf\xe9 cr\xe8me, \x93" "dit-il\x94, \xe0 la fen\xeatre.\n";
    rod_buf out = ROD_BUF_INIT;
    const char *name = txt_decode(latin, sizeof latin - 1, &out, NULL);
    CHECK(name && same_name(name, "windows-1252") && out.data &&
          !strcmp(out.data, "Voil\xc3\xa0 un caf\xc3\xa9 cr\xc3\xa8me, \xe2\x80\x9c" "dit-il"
                  "\xe2\x80\x9d, \xc3\xa0 la fen\xc3\xaatre.\n"),
          "Latin-1 with windows-1252 quotes is windows-1252");
    rod_buf_free(&out);

    /* a long text with one accented line: whatever it is taken for
     * (uchardet names this windows-1250, which agrees with 1252 on these
     * bytes), its quotes, dash and accent are read, never C1 controls */
    rod_buf nl = ROD_BUF_INIT;
    for (int i = 0; i < 40; i++)
        rod_buf_adds(&nl, "Dit is een gewone Nederlandse zin zonder bijzondere tekens.\n");
    rod_buf_adds(&nl, "Hij zei: \x93" "dat is caf\xe9\x94 \x97 en verder niets.\n");
    for (int i = 0; i < 40; i++)
        rod_buf_adds(&nl, "Nog een gewone regel tekst voor de lengte.\n");
    name = txt_decode(nl.data, nl.len, &out, NULL);
    CHECK(name && out.data &&
          strstr(out.data, "\xe2\x80\x9c" "dat is caf\xc3\xa9\xe2\x80\x9d \xe2\x80\x94 en"),
          "a long text with one Latin-1 line keeps its quotes, dash and accent");
    printf("# the long Latin-1 text was read as %s\n", name ? name : "nothing");
    rod_buf_free(&out);
    rod_buf_free(&nl);
}

int main(int argc, char **argv)
{
    const char *fixtures = argc > 1 ? argv[1] : "tests/fixtures";
    const char *corpus = argc > 2 ? argv[2] : "../shared/corpus";
    check_fixture(fixtures, "ru.txt", (const target *const[]){&cp1251, &koi8r, &utf16le, &utf16be, NULL});
    check_fixture(fixtures, "he.txt", (const target *const[]){&cp1255, NULL});
    check_fixture(fixtures, "ja.txt", (const target *const[]){&sjis, &utf16le, NULL});
    check_fixture(fixtures, "zh.txt", (const target *const[]){&gb18030, &utf16be, NULL});
    check_fixture(fixtures, "ko.txt", (const target *const[]){&euckr, NULL});
    check_fixture(fixtures, "cs.txt", (const target *const[]){&latin2, NULL});
    check_fixture(fixtures, "pl.txt", (const target *const[]){&latin2, NULL});
    check_corpus(corpus);
    check_guarantees(fixtures);
    return tap_done();
}
