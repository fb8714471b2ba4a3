/* test_model.c — the document model and spec §2: UTF-8, SHA-256, base64,
 * white-space folding, text-block numbering, plain text, positions and the
 * fingerprint. Expected digests were computed outside rod (sha256sum, and
 * scripts/fingerprint.py for the sample book). */
#include "charset.h"
#include "helpers.h"
#include "rod_base64.h"
#include "rod_sha256.h"
#include "rod_utf8.h"
#include "tap.h"

static void hex_of(const char *s, size_t n, char out[65])
{
    rod_sha256 ctx;
    unsigned char d[32];
    rod_sha256_init(&ctx);
    /* feed in uneven pieces to exercise the block buffering */
    size_t i = 0, step = 1;
    while (i < n) {
        size_t k = n - i < step ? n - i : step;
        rod_sha256_update(&ctx, s + i, k);
        i += k;
        step = step * 3 + 1;
    }
    rod_sha256_final(&ctx, d);
    rod_sha256_hex(d, out);
}

static void test_sha256(void)
{
    char hex[65];
    hex_of("", 0, hex);
    CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "sha256 of empty");
    hex_of("abc", 3, hex);
    CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "sha256 of abc");
    char million[1000];
    memset(million, 'a', sizeof million);
    rod_sha256 ctx;
    unsigned char d[32];
    rod_sha256_init(&ctx);
    for (int i = 0; i < 1000; i++)
        rod_sha256_update(&ctx, million, sizeof million);
    rod_sha256_final(&ctx, d);
    rod_sha256_hex(d, hex);
    CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", "sha256 of a million a");

    /* FIPS 180-2's two-block message, fed in uneven pieces across the edge */
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    hex_of(two, strlen(two), hex);
    CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
              "sha256 of the 448-bit FIPS message");
}

static void test_utf8(void)
{
    uint32_t cp;
    CHECK(rod_utf8_decode("\xc3\xa9", 2, &cp) == 2 && cp == 0xE9, "decodes a two-byte character");
    CHECK(rod_utf8_decode("\xf0\x9f\x93\x9a", 4, &cp) == 4 && cp == 0x1F4DA, "decodes a four-byte character");
    CHECK(rod_utf8_decode("\xc0\xaf", 2, &cp) == 1 && cp == ROD_REPLACEMENT, "refuses an overlong form");
    CHECK(rod_utf8_decode("\xed\xa0\x80", 3, &cp) == 1 && cp == ROD_REPLACEMENT, "refuses a surrogate");
    CHECK(rod_utf8_decode("\xe2\x82", 2, &cp) == 1, "a truncated sequence consumes one byte");
    CHECK(rod_utf8_count("a\xc3\xa9\xf0\x9f\x93\x9a", 7) == 3, "counts scalar values, not bytes");
    CHECK(rod_utf8_byte_at("a\xc3\xa9z", 4, 2) == 3, "offset 2 is byte 3");
    size_t bad = 0;
    CHECK(!rod_utf8_valid("ok\xff", 3, &bad) && bad == 2, "finds the first invalid byte");
    rod_buf out = ROD_BUF_INIT;
    size_t fixed = rod_utf8_repair("a\x01" "b\xff" "c", 5, &out);
    CHECK(fixed == 2 && strcmp(out.data, "ab\xef\xbf\xbd" "c") == 0, "repair drops controls and replaces bad bytes");
    rod_buf_free(&out);
    charset_fixes fixes = {0};
    charset_convert("\x93hi\x94 caf\xe9\x81", 10, "windows-1252", &out, &fixes);
    CHECK_STR(out.data, "\xe2\x80\x9chi\xe2\x80\x9d caf\xc3\xa9\xef\xbf\xbd",
              "Windows-1252 quotes and Latin-1 letters convert; its unassigned 0x81 is U+FFFD");
    rod_buf_free(&out);
}

static void test_base64(void)
{
    const char *samples[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    const char *want[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    int ok = 1;
    for (int i = 0; i < 7; i++) {
        rod_buf out = ROD_BUF_INIT;
        rod_base64_encode(samples[i], strlen(samples[i]), 0, &out);
        ok &= strcmp(out.data ? out.data : "", want[i]) == 0;
        unsigned char back[16];
        size_t n = 0;
        ok &= rod_base64_decode(want[i], strlen(want[i]), back, &n) == 0 && n == strlen(samples[i]) &&
              memcmp(back, samples[i], n) == 0;
        rod_buf_free(&out);
    }
    CHECK(ok, "base64 matches RFC 4648 test vectors both ways");
    unsigned char back[32];
    size_t n;
    CHECK(rod_base64_decode("Zm9v\n YmFy", 10, back, &n) == 0 && n == 6, "base64 skips white space");
    /* what Python's base64.b64decode (validate=False) gives for each, and
     * how many characters rod says it skipped (neither space nor '=') */
    static const struct { const char *in, *out; size_t stray; } lenient[] = {
        {"Zm9vYg===", "foob", 0},       /* extra padding */
        {"Zm9vYg", "foob", 0},          /* missing padding (Python refuses; rod always took it) */
        {"Zm9v=YmFy", "foobar", 0},     /* '=' where a group begins */
        {"Zm9v====YmFy", "foobar", 0},
        {"=Zm9v", "foo", 0},
        {"Zm!9v*YmFy", "foobar", 2},    /* stray characters */
        {"Zm9v\x01YmFy\xc2\xa0", "foobar", 3},
        {"Zm9vYg==Zm9v", "foob", 4},    /* padding ends the data */
        {"Zm9vYmE=Zm9v", "fooba", 4},
        {"Zh==", "f", 0},               /* bits left over that are not zero */
        {"Zm9vYmE", "fooba", 0},
        {"Zm9vY", "foo", 0},            /* six bits make no byte */
        {"-_-_", "\xfb\xff\xbf", 0},    /* the URL-safe alphabet */
    };
    bool all = true;
    for (size_t i = 0; i < sizeof lenient / sizeof lenient[0]; i++) {
        size_t stray = rod_base64_decode(lenient[i].in, strlen(lenient[i].in), back, &n);
        bool same = stray == lenient[i].stray && n == strlen(lenient[i].out) &&
                    memcmp(back, lenient[i].out, n) == 0;
        if (!same)
            printf("# base64 '%s': %zu bytes, %zu skipped\n", lenient[i].in, n, stray);
        all &= same;
    }
    CHECK(all, "base64 decodes extra or missing padding and stray characters as Python does");

    /* line breaks against a naive model: the unwrapped text with a line
     * feed put in by hand after every `line` characters */
    unsigned char bytes[300];
    for (size_t i = 0; i < sizeof bytes; i++)
        bytes[i] = (unsigned char)(i * 37 + 11);
    bool wrapped = true;
    for (size_t len = 0; len <= sizeof bytes && wrapped; len++) {
        for (size_t line = 1; line <= 80 && wrapped; line += line < 8 ? 1 : 17) {
            rod_buf flat = ROD_BUF_INIT, lines = ROD_BUF_INIT, model = ROD_BUF_INIT;
            rod_base64_encode(bytes, len, 0, &flat);
            rod_base64_encode(bytes, len, line, &lines);
            for (size_t k = 0; k < flat.len; k++) {
                if (k && k % line == 0)
                    rod_buf_addc(&model, '\n');
                rod_buf_addc(&model, flat.data[k]);
            }
            unsigned char *dec = malloc(rod_base64_max(lines.len) + 1);
            size_t dn = 0;
            wrapped = lines.len == model.len && (!model.len || !memcmp(lines.data, model.data, model.len)) &&
                      dec && rod_base64_decode(lines.data ? lines.data : "", lines.len, dec, &dn) == 0 &&
                      dn == len && !memcmp(dec, bytes, len);
            if (!wrapped)
                printf("# base64 wrap: %zu bytes, lines of %zu\n", len, line);
            free(dec);
            rod_buf_free(&flat);
            rod_buf_free(&lines);
            rod_buf_free(&model);
        }
    }
    CHECK(wrapped, "base64 lines break where a naive model breaks them, and decode back");
}

static void test_folding(void)
{
    rod_doc *doc = read_rod_str(ROD_OPEN "<head><title>  T  </title></head><body>"
                                "<p>\n  a \t <em> b </em>  c<noteref to=\"#n\"> 1 </noteref>  </p>"
                                "<p>x  <br/>  y</p><pre>\n  keep   this\n</pre></body></rod>", NULL);
    CHECK(doc != NULL, "a small book reads");
    if (!doc)
        return;
    CHECK_STR(doc->blocks[0].text, "T", "head title is trimmed");
    CHECK_STR(doc->blocks[1].text, "a b c 1", "runs of white space fold to one space across inline elements");
    CHECK_STR(doc->blocks[2].text, "x\ny", "spaces next to br are dropped and br is a line feed");
    CHECK_STR(doc->blocks[3].text, "  keep   this\n", "pre keeps white space but drops the first line feed");
    char *once = write_str(doc, ROD_FMT_ROD, 0, false);
    rod_doc *again = read_rod_str(once, NULL);
    char *twice = write_str(again, ROD_FMT_ROD, 0, false);
    CHECK_STR(twice, once, "folding is stable: write, read, write gives the same bytes");
    free(once);
    free(twice);
    rod_doc_free(again);
    rod_doc_free(doc);
}

static void test_blocks(void)
{
    /* Block order per spec §2: head title; then body and notes in document
     * order: title, p, line, cite, pre, inline-only item, image. */
    const char *src = ROD_OPEN "<head><title>T</title><subtitle>not a block</subtitle>"
                      "<description><p>not a block either</p></description></head><body>"
                      "<section><title>x <em>y</em></title><p>q</p>"
                      "<list><item>r</item></list>"
                      "<image src=\"#i\"/>"
                      "<list><item><p>in a block item</p></item></list>"
                      "<break/></section></body>"
                      "<notes><note id=\"n\"><p>label</p></note></notes></rod>";
    rod_diag diag = ROD_DIAG_INIT("blocks");
    rod_doc *doc = read_rod_str(src, &diag);
    CHECK(doc && doc->nblocks == 7, "seven text blocks are numbered");
    if (doc && doc->nblocks == 7) {
        CHECK_STR(doc->blocks[1].text, "x y", "a section title is block 1");
        CHECK_STR(doc->blocks[3].text, "r", "an inline-only item is one block");
        CHECK_STR(doc->blocks[4].text, "\xef\xbf\xbc", "an image's plain text is U+FFFC");
        CHECK_STR(doc->blocks[5].text, "in a block item", "a block item is not a block; its paragraph is");
        CHECK(doc->blocks[6].node->parent->kind == ROD_NOTE, "notes come after the body");
        CHECK(doc->blocks[4].chars == 1 && doc->blocks[1].chars == 3, "lengths count scalar values");
        rod_pos pos = {1, 3};
        CHECK(rod_doc_pos_valid(doc, pos), "the end of a block is a valid position");
        pos.offset = 4;
        CHECK(!rod_doc_pos_valid(doc, pos), "past the end is not");
        char fp[72];
        rod_doc_fingerprint(doc, fp);
        /* the book's text, joined by hand */
        rod_sha256 ctx;
        unsigned char d[32];
        char hex[65];
        const char *joined = "T\nx y\nq\nr\n\xef\xbf\xbc\nin a block item\nlabel";
        rod_sha256_init(&ctx);
        rod_sha256_update(&ctx, joined, strlen(joined));
        rod_sha256_final(&ctx, d);
        rod_sha256_hex(d, hex);
        CHECK(strncmp(fp, "sha256:", 7) == 0 && strcmp(fp + 7, hex) == 0,
              "the fingerprint hashes block texts joined by line feeds");
    }
    rod_doc_free(doc);
    rod_diag_free(&diag);

    rod_doc *tiny = read_rod_str(ROD_OPEN "<head><title>A</title></head><body><p>b</p></body></rod>", NULL);
    char fp[72];
    rod_doc_fingerprint(tiny, fp);
    CHECK_STR(fp, "sha256:ab9b7a24409e006c096ee24a61d4b572ab40bd83b4e5cba9250f0f88c1f588c3",
              "fingerprint of a two-block book equals sha256sum of \"A\\nb\"");
    rod_doc_free(tiny);
}

static void test_sample(const char *dir)
{
    char *path = fixture_path(dir, "../../docs/the-archivist-of-lakat.rod");
    rod_doc *doc = NULL;
    rod_err err = rod_read_file(path, NULL, NULL, &doc);
    CHECK(err == ROD_OK, "the sample book reads");
    if (doc) {
        char fp[72];
        rod_doc_fingerprint(doc, fp);
        /* computed by scripts/fingerprint.py, which shares no code with rod */
        CHECK_STR(fp, "sha256:1e25d4521e6ae9290ef243c224e424e3e7d1f6f4e531b63f8a0a24f695aa3225",
                  "the sample book's fingerprint matches the independent computation");
        CHECK(doc->nblocks == 49, "the sample book has 49 text blocks");
        CHECK(rod_doc_word_count(doc) == 864, "the sample book has 864 words");
    }
    rod_doc_free(doc);
    free(path);
}

static void test_tree(void)
{
    rod_doc *doc = rod_doc_new();
    rod_node_add_text(doc, doc->title, "Built", 5);
    rod_node *body_text = rod_node_add_text(doc, doc->body, "stray text", 10);
    rod_node *poem = rod_node_add(doc, doc->body, ROD_POEM);
    rod_node_add_text(doc, poem, "a verse", 7);
    rod_diag diag = ROD_DIAG_INIT("tree");
    CHECK(rod_doc_finish(doc, &diag) == ROD_OK, "finishing a built tree succeeds");
    CHECK(body_text->parent->kind == ROD_P, "stray text in the body gets a paragraph");
    CHECK(poem->first->kind == ROD_STANZA && poem->first->first->kind == ROD_LINE,
          "stray text in a poem gets a stanza and a line");
    CHECK(diag.n == 2, "each repair is reported");
    CHECK(doc->nblocks == 3, "the repaired blocks are numbered");
    CHECK(rod_kind_from_name("noteref") == ROD_NOTEREF && rod_kind_from_name("nope") == ROD_KIND_COUNT,
          "element names map to kinds and back");
    rod_diag_free(&diag);
    rod_doc_free(doc);
}

/* ---- depth (depth.c) ------------------------------------------------------ */

static size_t deepest(const rod_doc *doc)
{
    size_t max = 0, d = 0;
    const rod_node *n = doc->root;
    while (n) {
        if (n->kind != ROD_TEXT && d > max)
            max = d;
        if (n->first) {
            n = n->first;
            d++;
            continue;
        }
        while (n && !n->next) {
            n = n->parent;
            d--;
        }
        if (n)
            n = n->next;
    }
    return max;
}

/* head + N times open + core + N times close + tail, as a .rod */
static char *nested(size_t n, const char *open, const char *core, const char *close,
                    const char *after_body)
{
    rod_buf b = ROD_BUF_INIT;
    rod_buf_adds(&b, ROD_OPEN "<head><title>D</title></head><body>");
    for (size_t i = 0; i < n; i++)
        rod_buf_printf(&b, open, i);
    rod_buf_adds(&b, core);
    for (size_t i = 0; i < n; i++)
        rod_buf_adds(&b, close);
    rod_buf_adds(&b, "</body>");
    rod_buf_adds(&b, after_body);
    rod_buf_adds(&b, "</rod>");
    return rod_buf_steal(&b, NULL);
}

/* The book written as .rod passes rod validate. */
static bool writes_valid(const rod_doc *doc)
{
    char *rod = write_str(doc, ROD_FMT_ROD, 0, false);
    rod_diag d = ROD_DIAG_INIT("written");
    bool ok = rod_validate(rod, strlen(rod), &d) == ROD_OK;
    if (!ok)
        rod_diag_print(&d, stdout);
    rod_diag_free(&d);
    free(rod);
    return ok;
}

static const rod_block *block_with(const rod_doc *doc, const char *text)
{
    for (size_t i = 0; i < doc->nblocks; i++)
        if (strcmp(doc->blocks[i].text, text) == 0)
            return &doc->blocks[i];
    return NULL;
}

static void test_depth(void)
{
    /* 300 sections, each with a title and a paragraph */
    char *src = nested(300, "<section id=\"s%zu\"><title>t</title><p>x</p>", "<p>core</p>",
                       "</section>", "");
    rod_diag diag = ROD_DIAG_INIT("deep.rod");
    rod_doc *doc = read_rod_str(src, &diag);
    CHECK(doc && deepest(doc) <= ROD_MAX_DEPTH, "300 nested sections: nothing lies deeper than the limit");
    size_t ps = 0, titles = 0;
    for (size_t i = 0; doc && i < doc->nblocks; i++) {
        ps += strcmp(doc->blocks[i].text, "x") == 0;
        titles += strcmp(doc->blocks[i].text, "t") == 0;
    }
    CHECK(doc && ps == 300 && titles == 300 && block_with(doc, "core"),
          "300 nested sections: every title and paragraph is kept");
    const rod_block *last_title = NULL;
    for (size_t i = 0; doc && i < doc->nblocks; i++)
        if (strcmp(doc->blocks[i].text, "t") == 0)
            last_title = &doc->blocks[i];
    CHECK(last_title && last_title->node->kind == ROD_P,
          "a title that could not keep its section becomes a paragraph");
    CHECK(diag.n == 1 && diag.items[0].line == 1 && diag.items[0].col > 0 &&
              strstr(diag.items[0].text, "deep"),
          "one warning, with line and column");
    CHECK(doc && rod_doc_find_id(doc, "s299"), "the id of a flattened section is kept");
    CHECK(doc && writes_valid(doc), "300 nested sections: the .rod written validates");
    char *once = doc ? write_str(doc, ROD_FMT_ROD, 0, false) : NULL;
    CHECK(doc && rod_doc_finish(doc, NULL) == ROD_OK, "finishing again succeeds");
    char *twice = doc ? write_str(doc, ROD_FMT_ROD, 0, false) : NULL;
    CHECK(once && twice && strcmp(once, twice) == 0, "flattening a flattened book changes nothing");
    free(once);
    free(twice);
    rod_doc_free(doc);
    rod_diag_free(&diag);
    free(src);

    /* inline: 300 em, a br deep inside, a link to an id that goes */
    src = nested(300, "<em>", "a<br/>b<span id=\"deep\">c</span>", "</em>",
                 "");
    char *linked = replace_once(src, "<body>", "<body><p><a href=\"#deep\">to c</a></p><p>");
    char *closed = linked ? replace_once(linked, "</body>", "</p></body>") : NULL;
    doc = closed ? read_rod_str(closed, NULL) : NULL;
    const rod_block *abc = doc ? block_with(doc, "a bc") : NULL;
    CHECK(abc, "300 nested em: the text is kept, a br becomes a space");
    const rod_node *a = doc && doc->nblocks > 1 ? doc->blocks[1].node->first : NULL;
    CHECK(a && a->kind == ROD_A && a->ref && rod_doc_find_id(doc, a->ref + 1),
          "a link to an element that went leads to the one that took its text");
    CHECK(doc && writes_valid(doc), "300 nested em: the .rod written validates");
    rod_doc_free(doc);
    free(src);
    free(linked);
    free(closed);

    /* languages and quotes: a lifted paragraph keeps its language */
    src = nested(260, "<quote>", "<quote xml:lang=\"fr\"><list><item>oui</item></list></quote>",
                 "</quote>", "");
    doc = read_rod_str(src, NULL);
    const rod_block *oui = doc ? block_with(doc, "oui") : NULL;
    CHECK(oui && oui->node->kind == ROD_P && strcmp(rod_node_lang(oui->node), "fr") == 0,
          "an item lifted out of its list is a paragraph in the language it had");
    CHECK(doc && writes_valid(doc), "260 nested quotes: the .rod written validates");
    rod_doc_free(doc);
    free(src);

    /* just at the limit: a poem needs two levels below it */
    src = nested(ROD_MAX_DEPTH - 4, "<quote>",
                 "<poem><title>P</title><stanza><line>l1</line><line>l2</line></stanza></poem>",
                 "</quote>", "");
    doc = read_rod_str(src, NULL);
    const rod_block *l1 = doc ? block_with(doc, "l1") : NULL;
    CHECK(l1 && l1->node->kind == ROD_LINE, "a poem that fits stays a poem");
    rod_doc_free(doc);
    free(src);
    src = nested(ROD_MAX_DEPTH - 1, "<quote>",
                 "<poem><title>P</title><stanza><line>l1</line><line>l2</line></stanza></poem>",
                 "</quote>", "");
    doc = read_rod_str(src, NULL);
    l1 = doc ? block_with(doc, "l1") : NULL;
    CHECK(l1 && l1->node->kind == ROD_P && block_with(doc, "l2") && block_with(doc, "P"),
          "a poem one level too deep becomes paragraphs, every line kept");
    CHECK(doc && deepest(doc) <= ROD_MAX_DEPTH && writes_valid(doc),
          "and the book stays within the limit and valid");
    rod_doc_free(doc);
    free(src);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "tests/fixtures";
    test_sha256();
    test_utf8();
    test_base64();
    test_folding();
    test_blocks();
    test_sample(dir);
    test_tree();
    test_depth();
    return tap_done();
}
