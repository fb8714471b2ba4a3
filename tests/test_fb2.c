/* test_fb2.c — the FictionBook importer on books written here: a
 * windows-1251 book with every part the mapping keeps (title, authors,
 * translator, series, cover, epigraph, poem, notes body, links), the same
 * book zipped, recovered when broken and refused when it declares
 * entities, binaries written by careless tools (padding, stray
 * characters) decoded as Python's base64 would, and words standing where
 * FictionBook has no place for them (a poem's epigraph, text loose in a
 * section) kept.
 */
#include "import_check.h"
#include "zip_make.h"

/* ---- FictionBook ---------------------------------------------------------------------- */

static const char fb2_book[] =
    "<?xml version='1.0' encoding='windows-1251'?>\n"
    "<FictionBook xmlns='http://www.gribuser.ru/xml/fictionbook/2.0' xmlns:l='http://www.w3.org/1999/xlink'>\n"
    "<description><title-info><genre>prose_classic</genre>"
    "<author><first-name>\xcb\xe5\xe2</first-name><last-name>\xd2\xee\xeb\xf1\xf2\xee\xe9</last-name></author>"
    "<book-title>\xc0\xed\xed\xe0 \xca\xe0\xf0\xe5\xed\xe8\xed\xe0</book-title>"
    "<annotation><p>A novel.</p></annotation><date value='1877-01-01'>1877</date>"
    "<coverpage><image l:href='#cover.png'/></coverpage><lang>ru</lang>"
    "<translator><first-name>Constance</first-name><last-name>Garnett</last-name></translator>"
    "<sequence name='Novels' number='2'/></title-info></description>\n"
    "<body><title><p>\xc0\xed\xed\xe0</p><p>\xca\xe0\xf0\xe5\xed\xe8\xed\xe0</p></title>"
    "<epigraph><p>Vengeance is mine.</p><text-author>Romans</text-author></epigraph>"
    "<section id='p1'><title><p>Part One</p></title>"
    "<section><title><p>I</p></title><p>Happy families are all alike<a l:href='#n1' type='note'>1</a>.</p>"
    "<empty-line/><p>Everything was <emphasis>upset</emphasis> in the <strong>house</strong>.</p>"
    "<subtitle>* * *</subtitle><poem><title><p>A song</p></title><stanza><v>line one</v><v>line two</v></stanza>"
    "<text-author>Anon</text-author></poem><cite><p>A cited passage.</p><text-author>Someone</text-author></cite>"
    "<image l:href='#cover.png'/><p><a l:href='#p1'>Back to the part</a></p></section></section></body>\n"
    "<body name='notes'><title><p>Notes</p></title><section id='n1'><title><p>1</p></title>"
    "<p>Tolstoy's opening line.</p></section></body>\n"
    "<binary id='cover.png' content-type='image/png'>"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4DwQACfsD/eNV8pwAAAAASUVORK5CYII=</binary>\n"
    "</FictionBook>\n";

static void check_fb2(rod_doc *doc, const char *how)
{
    char buf[200], label[160];
    snprintf(label, sizeof label, "%s: windows-1251 title decoded", how);
    CHECK_STR(head_text(doc, ROD_TITLE, NULL, buf), "\xd0\x90\xd0\xbd\xd0\xbd\xd0\xb0 "
              "\xd0\x9a\xd0\xb0\xd1\x80\xd0\xb5\xd0\xbd\xd0\xb8\xd0\xbd\xd0\xb0", label);
    snprintf(label, sizeof label, "%s: author from name parts", how);
    CHECK_STR(head_text(doc, ROD_CREATOR, "author", buf), "\xd0\x9b\xd0\xb5\xd0\xb2 "
              "\xd0\xa2\xd0\xbe\xd0\xbb\xd1\x81\xd1\x82\xd0\xbe\xd0\xb9", label);
    snprintf(label, sizeof label, "%s: translator, genre, series, language, cover, annotation", how);
    const rod_node *series = rod_node_child(doc->head, ROD_SERIES);
    CHECK(head_text(doc, ROD_CREATOR, "translator", buf) && !strcmp(buf, "Constance Garnett") &&
          head_text(doc, ROD_SUBJECT, NULL, buf) && series && series->type &&
          !strcmp(series->type, "2") && !strcmp(rod_node_lang(doc->root), "ru") &&
          rod_node_child(doc->head, ROD_COVER) && rod_node_child(doc->head, ROD_DESCRIPTION), label);
    const rod_node *open = doc->body->first;
    const rod_node *t = open ? open->first : NULL;
    snprintf(label, sizeof label, "%s: the body's two-line title and epigraph open the book", how);
    CHECK(t && t->kind == ROD_TITLE && find_kind(t, ROD_BR, 0) && t->next &&
          t->next->kind == ROD_EPIGRAPH && t->next->last->kind == ROD_CITE, label);
    const rod_node *poem = find_kind(doc->body, ROD_POEM, 0);
    snprintf(label, sizeof label, "%s: poem with title, two lines and its author as cite", how);
    CHECK(poem && poem->first->kind == ROD_TITLE && count_kind(poem, ROD_LINE) == 2 &&
          poem->last->kind == ROD_CITE, label);
    const rod_node *ref = find_kind(doc->body, ROD_NOTEREF, 0);
    const rod_node *note = ref ? rod_doc_find_id(doc, ref->ref + 1) : NULL;
    char *nt = note ? plain(note->first) : NULL;
    snprintf(label, sizeof label, "%s: the notes body becomes notes, without the label title", how);
    CHECK(nt && !strcmp(nt, "Tolstoy's opening line.") && note->first == note->last, label);
    free(nt);
    snprintf(label, sizeof label, "%s: cite with text-author, image, emphasis, strong, break", how);
    const rod_node *q = find_kind(doc->body, ROD_QUOTE, 0);
    CHECK(q && q->last->kind == ROD_CITE && find_kind(doc->body, ROD_IMAGE, 0) &&
          find_kind(doc->body, ROD_EM, 0) && find_kind(doc->body, ROD_STRONG, 0) &&
          find_kind(doc->body, ROD_BREAK, 0), label);
    const rod_node *a = find_kind(doc->body, ROD_A, 0);
    snprintf(label, sizeof label, "%s: an internal link keeps its target", how);
    CHECK(a && a->ref && rod_doc_find_id(doc, a->ref + 1) &&
          rod_doc_find_id(doc, a->ref + 1)->kind == ROD_SECTION, label);
}

static void test_fb2(void)
{
    rod_diag d = ROD_DIAG_INIT("t.fb2");
    rod_doc *doc = read_as(fb2_book, strlen(fb2_book), ROD_FMT_FB2, &d);
    CHECK(doc && d.n == 0, "a FictionBook in windows-1251 opens without a warning");
    if (doc)
        check_fb2(doc, "fb2");
    rod_diag_free(&d);
    rod_doc_free(doc);

    member m[] = {{"book.fb2", fb2_book, 0, false}};
    size_t len;
    char *zipped = zip_of(m, 1, &len);
    doc = read_as(zipped, len, ROD_FMT_FB2, NULL);
    CHECK(doc != NULL, ".fb2.zip opens");
    if (doc)
        check_fb2(doc, "fb2.zip");
    rod_doc_free(doc);
    free(zipped);

    /* broken FictionBook: read in recovery mode with a warning */
    char *broken = replace_once(fb2_book, "</emphasis>", "</emphasi>");
    rod_diag d2 = ROD_DIAG_INIT("broken.fb2");
    doc = read_as(broken, strlen(broken), ROD_FMT_FB2, &d2);
    CHECK(doc && d2.errors == 0 && diag_has(&d2, "not well-formed"),
          "a FictionBook with a mismatched tag is recovered with a warning");
    rod_diag_free(&d2);
    rod_doc_free(doc);
    free(broken);

    char *bomb = replace_once(fb2_book, "<FictionBook", "<!DOCTYPE FictionBook [<!ENTITY a 'aaaa'>"
                              "<!ENTITY b '&a;&a;&a;&a;&a;'>]><FictionBook");
    rod_diag d3 = ROD_DIAG_INIT("bomb.fb2");
    doc = read_as(bomb, strlen(bomb), ROD_FMT_FB2, &d3);
    CHECK(!doc && diag_has(&d3, "refuses entity"), "a FictionBook declaring entities is refused");
    rod_diag_free(&d3);
    free(bomb);
}

/* Binaries as careless tools write them (issue 14, item 12): extra padding,
 * stray characters, '=' where a group begins. Each decodes as Python's
 * base64.b64decode would (the same 68 bytes), and the stray characters are
 * named. The first part is 60 characters, so the '=' after it stands where
 * a group begins. */
static void test_fb2_base64(void)
{
#define PNG_B64_A "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4"
#define PNG_B64_B "DwQACfsD/eNV8pwAAAAASUVORK5CYII="
    static const char book[] =
        "<?xml version='1.0' encoding='utf-8'?>\n"
        "<FictionBook xmlns='http://www.gribuser.ru/xml/fictionbook/2.0' xmlns:l='http://www.w3.org/1999/xlink'>\n"
        "<description><title-info><book-title>Pictures</book-title><lang>en</lang></title-info></description>\n"
        "<body><section><p>Three pictures.</p><image l:href='#a'/><image l:href='#b'/><image l:href='#c'/>"
        "</section></body>\n"
        "<binary id='a' content-type='image/png'>" PNG_B64_A PNG_B64_B "==</binary>\n"
        "<binary id='b' content-type='image/png'>\n" PNG_B64_A "*\xc2\xa0\n" PNG_B64_B "\n</binary>\n"
        "<binary id='c' content-type='image/png'>=" PNG_B64_A "===\n" PNG_B64_B "</binary>\n"
        "</FictionBook>\n";
    rod_diag d = ROD_DIAG_INIT("pictures.fb2");
    rod_doc *doc = read_as(book, strlen(book), ROD_FMT_FB2, &d);
    int same = 0;
    for (const rod_node *b = doc ? doc->root->first : NULL; b; b = b->next)
        same += b->kind == ROD_BINARY && b->len == sizeof png_1x1 - 1 &&
                !memcmp(b->text, png_1x1, b->len);
    CHECK(doc && same == 3 && count_kind(doc->body, ROD_IMAGE) == 3,
          "FB2 binaries with extra padding, stray characters or '=' inside all decode");
    CHECK(d.n == 1 && diag_has(&d, "the binary 'b' holds 3 characters that are not base64 data"),
          "... and the one with stray characters says how many were skipped");
    rod_diag_free(&d);
    rod_doc_free(doc);
#undef PNG_B64_A
#undef PNG_B64_B
}

/* Words where the model has no place for them are kept, never dropped: a
 * poem's epigraph (the model's poem has none) stands just before the poem
 * with its note reference, and text loose in a section, outside any <p>
 * (pandoc writes it), becomes one paragraph with a warning naming it. */
static void test_fb2_misplaced(void)
{
    static const char book[] =
        "<?xml version='1.0' encoding='utf-8'?>\n"
        "<FictionBook xmlns='http://www.gribuser.ru/xml/fictionbook/2.0' xmlns:l='http://www.w3.org/1999/xlink'>\n"
        "<description><title-info><book-title>Misplaced</book-title><lang>en</lang></title-info></description>\n"
        "<body><section><p>Before the poem.</p>\n"
        "<poem><title><p>Ode</p></title><epigraph><p>Said the raven<a l:href='#n1' type='note'>1</a></p>"
        "<text-author>Poe</text-author></epigraph><stanza><v>first line</v></stanza></poem>\n"
        "<p>Simple block:</p>loose words<p>Next.</p>\n"
        "This is <emphasis>emphasized</emphasis> and <strong>strong</strong>\n"
        "</section></body>\n"
        "<body name='notes'><section id='n1'><p>A note.</p></section></body>\n"
        "</FictionBook>\n";
    rod_diag d = ROD_DIAG_INIT("misplaced.fb2");
    rod_doc *doc = read_as(book, strlen(book), ROD_FMT_FB2, &d);
    const rod_node *poem = doc ? find_kind(doc->body, ROD_POEM, 0) : NULL;
    const rod_node *epi = poem ? poem->prev : NULL;
    char *et = epi && epi->kind == ROD_EPIGRAPH ? plain(epi->first) : NULL;
    CHECK(et && !strcmp(et, "Said the raven1") && epi->last->kind == ROD_CITE &&
          find_kind(epi, ROD_NOTEREF, 0) && poem->first->kind == ROD_TITLE &&
          count_kind(poem, ROD_LINE) == 1,
          "a poem's epigraph stands before the poem, with its note reference and author");
    free(et);
    const rod_node *sec = poem ? poem->parent : NULL; /* a lone section may fold into the body */
    int loose = 0, mixed = 0;
    for (const rod_node *b = sec ? sec->first : NULL; b; b = b->next) {
        char *t = b->kind == ROD_P ? plain(b) : NULL;
        loose += t && !strcmp(t, "loose words");
        mixed += t && !strcmp(t, "This is emphasized and strong") && find_kind(b, ROD_EM, 0) &&
                 find_kind(b, ROD_STRONG, 0);
        free(t);
    }
    CHECK(loose == 1, "text loose between paragraphs is a paragraph of its own");
    CHECK(mixed == 1, "loose text with inline elements beside it is one paragraph, styles kept");
    CHECK(d.n == 1 && diag_has(&d, "text outside any paragraph; kept as a paragraph"),
          "... and the reader is told, once for the section's loose text");
    rod_diag_free(&d);
    rod_doc_free(doc);
}

/* An image whose binary is there but holds no picture (fb2cng's test book
 * has four, under a caption saying "four damaged images below"), or whose
 * binary is missing, is never left out without a trace: it becomes its alt
 * text, or "[image]" when it has none, with one warning for each image
 * (the damaged binary's own, which names the stand-in; no second one
 * calling it "not among the book's binaries"). Its bytes are not kept: a
 * .rod binary is a picture of its type, and these are none. */
static void test_fb2_broken_images(void)
{
    static const char book[] =
        "<?xml version='1.0' encoding='utf-8'?>\n"
        "<FictionBook xmlns='http://www.gribuser.ru/xml/fictionbook/2.0' xmlns:l='http://www.w3.org/1999/xlink'>\n"
        "<description><title-info><book-title>Damaged</book-title><lang>en</lang></title-info></description>\n"
        "<body><section><p>Four damaged images below.</p><image l:href='#bad.jpg'/>"
        "<image l:href='#bad.png' alt='A seal'/><image l:href='#gone.png'/>"
        "<p>Inline <image l:href='#bad.jpg'/> too.</p></section></body>\n"
        "<binary id='bad.jpg' content-type='image/jpeg'>MTJREBQjQVL/2gAIAQEABj8CZZ9ubF9Bz5mm</binary>\n"
        "<binary id='bad.png' content-type='image/png'>KVhIwMZSMFilCLjogltccgfGYjfgKT+Gc5jM</binary>\n"
        "</FictionBook>\n";
    rod_diag d = ROD_DIAG_INIT("damaged.fb2");
    rod_doc *doc = read_as(book, strlen(book), ROD_FMT_FB2, &d);
    int placeholders = 0, alts = 0, inline_one = 0;
    for (const rod_node *b = doc ? doc->body : NULL; b; b = rod_node_next_in(b, doc->body)) {
        char *t = b->kind == ROD_P ? plain(b) : NULL;
        placeholders += t && !strcmp(t, "[image]");
        alts += t && !strcmp(t, "A seal");
        inline_one += t && !strcmp(t, "Inline [image] too.");
        free(t);
    }
    CHECK(doc && placeholders == 2 && alts == 1 && inline_one == 1 &&
          count_kind(doc->body, ROD_IMAGE) == 0,
          "FB2 images of damaged or missing binaries stand as their alt text, or [image]");
    size_t binaries = 0;
    for (const rod_node *b = doc ? doc->root->first : NULL; b; b = b->next)
        binaries += b->kind == ROD_BINARY;
    CHECK(binaries == 0, "... and bytes that are no picture are not kept as a binary");
    CHECK(d.n == 3 && diag_has(&d, "'bad.jpg' is not PNG, JPEG, GIF or SVG") &&
          diag_has(&d, "'#gone.png' is not among the book's binaries; [image] is shown"),
          "... with one warning each for the damaged binaries and one for the missing one");
    if (d.n != 3)
        rod_diag_print(&d, stdout);
    rod_diag_free(&d);
    rod_doc_free(doc);
}

/* The words of a poem with no stanza (a title, its author and date) stay,
 * as paragraphs where the poem stood (imp_poem_or_paragraphs, which the
 * HTML importer shares). */
static void test_fb2_empty_poem(void)
{
    static const char book[] =
        "<?xml version='1.0' encoding='utf-8'?>\n"
        "<FictionBook xmlns='http://www.gribuser.ru/xml/fictionbook/2.0'>\n"
        "<description><title-info><book-title>Empty poem</book-title><lang>en</lang></title-info>"
        "</description>\n<body><section><p>before</p><poem><title><p>Only a title</p></title>"
        "<text-author>Someone</text-author><date>1900</date></poem><p>after</p></section></body>\n"
        "</FictionBook>\n";
    rod_diag d = ROD_DIAG_INIT("empty-poem.fb2");
    rod_doc *doc = read_as(book, strlen(book), ROD_FMT_FB2, &d);
    static const char *want[] = {"before", "Only a title", "Someone, 1900", "after"};
    size_t i = 0;
    bool same = doc && !find_kind(doc->body, ROD_POEM, 0);
    for (const rod_node *b = doc ? find_kind(doc->body, ROD_P, 0) : NULL; same && b; b = b->next, i++) {
        char *t = plain(b);
        same = i < 4 && b->kind == ROD_P && t && !strcmp(t, want[i]);
        free(t);
    }
    CHECK(same && i == 4, "a poem without a stanza gives way to its title and author as paragraphs, in place");
    rod_diag_free(&d);
    rod_doc_free(doc);
}

int main(void)
{
    test_fb2();
    test_fb2_base64();
    test_fb2_misplaced();
    test_fb2_broken_images();
    test_fb2_empty_poem();
    return tap_done();
}
