/* test_notes.c — notes, verse line numbers, ids and links of the HTML
 * mapping (formats/html_*.c), on small books written here in the shapes
 * real ones have: Standard Ebooks' endnotes (a list of items in a section
 * of type endnotes, each item with an id and a back-link, but no type of
 * its own) in an EPUB and in pandoc's single HTML file of one; the IDPF
 * Waste Land's line numbers ("Hofgarten,<span class="lnum">10</span>");
 * a heading's id given once (calibre's manual); and the links of Debian's
 * live-manual: to HTML 4 <a name> anchors, to a chapter whose first block
 * comes before its heading, and to a place really missing. Each check
 * names the rule; every book read here must also write a .rod that
 * validates.
 */

#include "helpers.h"
#include "tap.h"
#include "zip_make.h"

static rod_doc *read_as(const char *data, size_t len, rod_format f, rod_diag *diag)
{
    rod_doc *doc = NULL;
    rod_read_opts opts = {.format = f};
    rod_read_memory(data, len, &opts, diag, &doc);
    if (doc) {
        char *rod = write_str(doc, ROD_FMT_ROD, 0, false);
        rod_diag v = ROD_DIAG_INIT("written.rod");
        if (!CHECK(rod_validate(rod, strlen(rod), &v) == ROD_OK, "the .rod written validates"))
            rod_diag_print(&v, stdout);
        rod_diag_free(&v);
        free(rod);
    } else {
        rod_diag_print(diag, stdout);
    }
    return doc;
}

/* How many messages hold needle (each counted once however repeated). */
static size_t diag_count(const rod_diag *d, const char *needle)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        n += strstr(d->items[i].text, needle) ? d->items[i].count : 0;
    return n;
}

static char *plain(const rod_node *n)
{
    rod_buf b = ROD_BUF_INIT;
    if (n)
        rod_node_plain_text(n, &b);
    rod_buf_adds(&b, "");
    return rod_buf_steal(&b, NULL);
}

static const rod_node *find_kind(const rod_node *top, rod_kind k, int nth)
{
    for (const rod_node *n = top; n; n = rod_node_next_in(n, top))
        if (n->kind == k && nth-- == 0)
            return n;
    return NULL;
}

static size_t count_kind(const rod_node *top, rod_kind k)
{
    size_t c = 0;
    for (const rod_node *n = top; n; n = rod_node_next_in(n, top))
        c += n->kind == k;
    return c;
}

/* The node a link or reference points at, or NULL. */
static const rod_node *target_of(const rod_doc *doc, const rod_node *a)
{
    return a && a->ref && a->ref[0] == '#' ? rod_doc_find_id(doc, a->ref + 1) : NULL;
}

/* Whether some block's plain text holds needle. */
static bool text_has(const rod_doc *doc, const char *needle)
{
    for (size_t i = 0; i < doc->nblocks; i++)
        if (strstr(doc->blocks[i].text, needle))
            return true;
    return false;
}

#define XHTML_OPEN "<?xml version='1.0' encoding='utf-8'?><html xmlns='http://www.w3.org/1999/xhtml' " \
                   "xmlns:epub='http://www.idpf.org/2007/ops'><head><title>x</title></head>"

static const char container[] =
    "<?xml version='1.0'?><container version='1.0' "
    "xmlns='urn:oasis:names:tc:opendocument:xmlns:container'><rootfiles>"
    "<rootfile full-path='epub/content.opf' media-type='application/oebps-package+xml'/>"
    "</rootfiles></container>";

/* An EPUB of the chapters named (files in epub/text/), in that order. */
static char *epub_of(const char *const *names, const char *const *bodies, size_t n, size_t *len)
{
    rod_buf opf = ROD_BUF_INIT;
    rod_buf_adds(&opf, "<?xml version='1.0' encoding='utf-8'?><package xmlns='http://www.idpf.org/2007/opf' "
                 "version='3.0' unique-identifier='uid'><metadata xmlns:dc='http://purl.org/dc/elements/1.1/'>"
                 "<dc:identifier id='uid'>urn:uuid:8e1f5c2a-0000-4000-8000-000000000014</dc:identifier>"
                 "<dc:title>Notes and links</dc:title><dc:language>en</dc:language></metadata><manifest>");
    for (size_t i = 0; i < n; i++)
        rod_buf_printf(&opf, "<item id='i%zu' href='text/%s' media-type='application/xhtml+xml'/>", i,
                       names[i]);
    rod_buf_adds(&opf, "</manifest><spine>");
    for (size_t i = 0; i < n; i++)
        rod_buf_printf(&opf, "<itemref idref='i%zu'/>", i);
    rod_buf_adds(&opf, "</spine></package>");
    member m[16] = {{.name = "mimetype", .data = "application/epub+zip"},
                    {.name = "META-INF/container.xml", .data = container},
                    {.name = "epub/content.opf", .data = opf.data}};
    char paths[13][64];
    for (size_t i = 0; i < n && i < 13; i++) {
        snprintf(paths[i], sizeof paths[i], "epub/text/%s", names[i]);
        m[3 + i] = (member){.name = paths[i], .data = bodies[i]};
    }
    char *zip = zip_of(m, 3 + (n < 13 ? n : 13), len);
    rod_buf_free(&opf);
    return zip;
}

/* ---- item 10: Standard Ebooks' endnotes ---------------------------------------- */

/* with the rules of Standard Ebooks' se.css and core.css that set small
 * capitals (the first once made every link small capitals, and no link) */
static const char se_chapter[] = "<?xml version='1.0' encoding='utf-8'?><html "
    "xmlns='http://www.w3.org/1999/xhtml' xmlns:epub='http://www.idpf.org/2007/ops'><head>"
    "<title>x</title><style>@namespace epub \"http://www.idpf.org/2007/ops\";\n"
    "section[epub|type~=\"colophon\"] a{ font-variant: small-caps; }\n"
    "#chapter-4-2-9 blockquote > header{ font-variant: small-caps; }\n"
    "b, strong{ font-variant: small-caps; }\na.see{ font-variant: small-caps; }</style></head>"
    "<body><section id='chapter-1' epub:type='chapter'>"
    "<h2 epub:type='title'>I</h2>"
    "<p>The most fascinating woman<a href='endnotes.xhtml#note-1' id='noteref-1' "
    "epub:type='noteref'>1</a> said nothing.</p>"
    "<p>Hollow<a href='endnotes.xhtml#note-2' id='noteref-2' epub:type='noteref'>2</a>.</p>"
    "<p><b>Bold</b> small capitals, <a class='see' href='#chapter-1'>a link</a>.</p>"
    "</section></body></html>";

/* as Standard Ebooks write them: the items have an id and no type */
static const char se_endnotes[] = XHTML_OPEN "<body epub:type='backmatter'>"
    "<section id='endnotes' epub:type='endnotes'><h2 epub:type='title'>Endnotes</h2><ol>"
    "<li id='note-1'><p>The most fascinating woman in Petersburg. "
    "<a href='chapter-1.xhtml#noteref-1' epub:type='backlink'>\xe2\x86\xa9</a></p></li>"
    "<li id='note-2'><p>First paragraph.</p><p>Second paragraph. "
    "<a href='chapter-1.xhtml#noteref-2' epub:type='backlink'>\xe2\x86\xa9</a></p></li>"
    "</ol></section></body></html>";

static void check_two_notes(const rod_doc *doc, const char *how)
{
    char name[160];
    snprintf(name, sizeof name, "%s: both endnotes become notes", how);
    CHECK(count_kind(doc->notes, ROD_NOTE) == 2, name);
    const rod_node *r1 = find_kind(doc->body, ROD_NOTEREF, 0);
    const rod_node *r2 = find_kind(doc->body, ROD_NOTEREF, 1);
    const rod_node *n1 = target_of(doc, r1), *n2 = target_of(doc, r2);
    snprintf(name, sizeof name, "%s: each reference is a noteref to its note", how);
    CHECK(n1 && n1->kind == ROD_NOTE && n2 && n2->kind == ROD_NOTE && n1 != n2, name);
    char *t = plain(n1);
    snprintf(name, sizeof name, "%s: the note's text, without its back-link", how);
    CHECK_STR(t, "The most fascinating woman in Petersburg.", name);
    free(t);
    snprintf(name, sizeof name, "%s: a note of two paragraphs keeps both, no back-link", how);
    t = plain(n2);
    CHECK(n2 && count_kind(n2, ROD_P) == 2 && !strstr(t, "\xe2\x86\xa9"), name);
    free(t);
    snprintf(name, sizeof name, "%s: the label is the noteref's, not a digit in the text", how);
    t = plain(r1);
    CHECK(!strcmp(t, "1") && r1->parent->kind == ROD_P, name);
    free(t);
    snprintf(name, sizeof name, "%s: the endnotes section leaves the text with its notes", how);
    CHECK(!text_has(doc, "Endnotes"), name);
}

static void test_se_endnotes(void)
{
    const char *names[] = {"chapter-1.xhtml", "endnotes.xhtml"};
    const char *bodies[] = {se_chapter, se_endnotes};
    size_t len;
    char *zip = epub_of(names, bodies, 2, &len);
    rod_diag d = ROD_DIAG_INIT("se.epub");
    rod_doc *doc = read_as(zip, len, ROD_FMT_EPUB, &d);
    if (CHECK(doc != NULL, "a Standard Ebooks-style EPUB opens")) {
        check_two_notes(doc, "SE EPUB");
        CHECK(count_kind(doc->body, ROD_SC) == 1, "small capitals where a rule names the element "
              "(b), not where a rule names it only in a context (links in a colophon)");
        const rod_node *see = find_kind(doc->body, ROD_A, 0);
        CHECK(see && see->ref && target_of(doc, see), "a link a rule sets in small capitals stays a link");
    }
    CHECK(diag_count(&d, "leads nowhere") == 0, "SE EPUB: no link is said to lead nowhere");
    rod_doc_free(doc);
    rod_diag_free(&d);
    free(zip);

    /* pandoc's single HTML file of a Standard Ebooks book: each note's id
     * on a division inside an item without one, ids holding the old file
     * names, classes instead of types */
    static const char html[] = "<!DOCTYPE html><html><head><title>x</title></head><body>"
        "<p><span id='chapter-1.xhtml'></span></p>"
        "<section id='chapter-1.xhtml#chapter-1'><h2>I</h2>"
        "<p>The most fascinating woman<a href='#endnotes.xhtml#note-1' "
        "id='chapter-1.xhtml#noteref-1' class='noteref'>1</a> said nothing.</p>"
        "<p>Hollow<a href='#endnotes.xhtml#note-2' id='chapter-1.xhtml#noteref-2' "
        "class='noteref'>2</a>.</p></section>"
        "<section id='endnotes.xhtml#endnotes' class='endnotes'><h2>Endnotes</h2><ol>"
        "<li><div id='endnotes.xhtml#note-1'>\n<p>The most fascinating woman in Petersburg. "
        "<a href='#chapter-1.xhtml#noteref-1' class='backlink'>\xe2\x86\xa9\xef\xb8\x8e</a></p>"
        "</div></li>"
        "<li><div id='endnotes.xhtml#note-2'><p>First paragraph.</p><p>Second paragraph. "
        "<a href='#chapter-1.xhtml#noteref-2' class='backlink'>\xe2\x86\xa9\xef\xb8\x8e</a></p>"
        "</div></li></ol></section></body></html>";
    rod_diag h = ROD_DIAG_INIT("se.html");
    doc = read_as(html, strlen(html), ROD_FMT_HTML, &h);
    if (CHECK(doc != NULL, "pandoc's HTML of a Standard Ebooks book opens"))
        check_two_notes(doc, "SE HTML");
    CHECK(diag_count(&h, "leads nowhere") == 0, "SE HTML: no link is said to lead nowhere");
    rod_doc_free(doc);
    rod_diag_free(&h);
}

/* ---- item 10: verse line numbers ------------------------------------------------ */

static void test_line_numbers(void)
{
    static const char ch[] = XHTML_OPEN "<body><section id='ch1'><h2>I. THE BURIAL OF THE DEAD</h2>"
        "<div class='linegroup'><div>And went on in sunlight, into the Hofgarten,<span class='lnum'\n"
        "\t>10</span>\n</div><div>So intelligent<span class='lnum'>130</span></div>"
        "<div>Son of man,<a href='#n1' epub:type='noteref'>*</a><span class='lnum'>20</span></div>"
        "</div>"
        "<blockquote epub:type='z3998:poem'><p><span>I will show you fear in a handful of "
        "dust.<span class='line-number'>30</span></span><br/><span>Another line</span></p></blockquote>"
        "<aside id='n1' epub:type='rearnote'><p>A note.</p></aside>"
        "</section></body></html>";
    const char *names[] = {"waste.xhtml"};
    const char *bodies[] = {ch};
    size_t len;
    char *zip = epub_of(names, bodies, 1, &len);
    rod_diag d = ROD_DIAG_INIT("waste.epub");
    rod_doc *doc = read_as(zip, len, ROD_FMT_EPUB, &d);
    if (CHECK(doc != NULL, "a poem with line numbers opens")) {
        CHECK(text_has(doc, "Hofgarten,\xe2\x80\x83" "10") && !text_has(doc, "Hofgarten,10") &&
              !text_has(doc, "10 "), "a line number stays, after an em space, never glued to the word");
        CHECK(text_has(doc, "So intelligent\xe2\x80\x83" "130"),
              "... also where no punctuation stood between them");
        CHECK(text_has(doc, "Son of man,*\xe2\x80\x83" "20"), "... and after a note reference");
        const rod_node *line = find_kind(doc->body, ROD_LINE, 0);
        char *t = plain(line);
        CHECK_STR(t, "I will show you fear in a handful of dust.\xe2\x80\x83" "30",
                  "... and in a verse line of a poem (class line-number)");
        free(t);
    }
    rod_doc_free(doc);
    rod_diag_free(&d);
    free(zip);
}

/* ---- item 8: a heading's id is given once ---------------------------------------- */

static void test_heading_ids(void)
{
    /* calibre's Quick Start: loose headings with ids, a paragraph after */
    static const char html[] = "<html><body><h2 class='center' id='task1'>Task 1</h2>"
        "<p>Organizing.</p><h3 id='task1.1'>One</h3><p>First.</p>"
        "<section id='s2'><h2 id='task2'>Task 2</h2><p>Converting.</p></section>"
        "<hgroup id='g'><h2 id='inner'>Task 3</h2><p>subtitle</p></hgroup><p>Third.</p>"
        "<p><a href='#task1'>1</a> <a href='#task1.1'>1.1</a> <a href='#task2'>2</a> "
        "<a href='#inner'>3</a></p></body></html>";
    rod_diag d = ROD_DIAG_INIT("calibre.html");
    rod_doc *doc = read_as(html, strlen(html), ROD_FMT_HTML, &d);
    if (!CHECK(doc != NULL, "headings with ids open"))
        return;
    CHECK(diag_count(&d, "used more than once") == 0, "no ids are said to be used more than once");
    const rod_node *p = find_kind(doc->body, ROD_P, 0);
    CHECK(p && !p->id, "the paragraph after a heading gets no copy of the heading's id");
    bool copies = false;
    for (const rod_node *n = doc->root; n; n = rod_node_next_in(n, doc->root))
        copies |= n->id && strstr(n->id, "-2") != NULL;
    CHECK(!copies, "no id is made unique with -2: each was given once");
    const char *want[] = {"Task 1", "One", "Task 2", "Task 3"};
    const rod_node *links = find_kind(doc->body, ROD_A, 0);
    links = links ? links->parent : NULL;
    size_t k = 0;
    for (const rod_node *a = links ? links->first : NULL; a; a = a->next) {
        if (a->kind != ROD_A)
            continue;
        const rod_node *t = target_of(doc, a);
        while (t && t->kind == ROD_SECTION)
            t = t->first;
        char *s = plain(t);
        char name[96];
        snprintf(name, sizeof name, "the link to heading %zu lands on its title", k + 1);
        CHECK(k < 4 && !strncmp(s, want[k], strlen(want[k])), name);
        free(s);
        k++;
    }
    CHECK(k == 4, "all four links are kept");
    rod_doc_free(doc);
    rod_diag_free(&d);
}

/* ---- item 4: links reach their targets -------------------------------------------- */

static const char lm_a[] = XHTML_OPEN "<body><p>See <a href='b.xhtml#n8'>named</a>, "
    "<a href='b.xhtml#nine'>named with text</a>, <a href='b.xhtml#12'>twelve</a>, "
    "<a href='b.xhtml#32'>thirty-two</a>, <a href='c.xhtml'>a chapter</a>, "
    "<a href='c.xhtml#c'>a place missing</a> and <a href='nofile.xhtml'>no file</a>.</p>"
    "</body></html>";

/* live-manual's HTML 4 anchors, some named by digits only */
static const char lm_b[] = XHTML_OPEN "<body><h1 id='b'>B</h1>"
    "<p class='bold' id='o8'><a name='8'></a>\n<a name='n8' />Eight.</p>"
    "<p><a name='nine'>Nine</a> and more.</p>"
    "<p><a name='12'></a>Twelve.</p><p><a name='32'></a>Thirty-two.</p></body></html>";

/* live-manual's chapters: a paragraph number before the heading */
static const char lm_c[] = XHTML_OPEN "<body lang='en'><div class='content'><div class='substance'>"
    "<label class='ocn'><a href='#o4' class='lnkocn'>4</a></label>"
    "<h1 class='norm' id='o4'>1. About this manual</h1></div>"
    "<div class='substance'><p id='o5'>This manual.</p></div></div></body></html>";

static void check_lands(const rod_doc *doc, const rod_node *p, int nth, const char *want,
                        const char *name)
{
    const rod_node *a = p;
    for (a = p ? p->first : NULL; a; a = a->next)
        if ((a->kind == ROD_A || a->kind == ROD_SPAN) && nth-- == 0)
            break;
    const rod_node *t = a && a->kind == ROD_A ? target_of(doc, a) : NULL;
    char *s = plain(t);
    CHECK(t && !strncmp(s, want, strlen(want)), name);
    if (!t || strncmp(s, want, strlen(want)))
        printf("#   landed on '%s'\n", t ? s : "(nothing)");
    free(s);
}

static void test_link_targets(void)
{
    const char *names[] = {"a.xhtml", "b.xhtml", "c.xhtml"};
    const char *bodies[] = {lm_a, lm_b, lm_c};
    size_t len;
    char *zip = epub_of(names, bodies, 3, &len);
    rod_diag d = ROD_DIAG_INIT("live.epub");
    rod_doc *doc = read_as(zip, len, ROD_FMT_EPUB, &d);
    if (!CHECK(doc != NULL, "live-manual-style EPUB opens")) {
        free(zip);
        return;
    }
    const rod_node *p = find_kind(doc->body, ROD_P, 0);
    check_lands(doc, p, 0, "Eight.", "a link to an empty <a name> lands on its paragraph");
    check_lands(doc, p, 1, "Nine", "a link to an <a name> holding text lands on it");
    check_lands(doc, p, 2, "Twelve.", "a name of digits only (12) is a target");
    check_lands(doc, p, 3, "Thirty-two.", "... and 32 another one, not 12's");
    check_lands(doc, p, 4, "4", "a link to a chapter file lands on its first block, before its heading");
    check_lands(doc, p, 5, "4", "a link to a place missing from a chapter lands on the chapter's start");
    const rod_node *last = NULL;
    for (const rod_node *c = p ? p->first : NULL; c; c = c->next)
        if (c->kind == ROD_A || c->kind == ROD_SPAN)
            last = c;
    CHECK(last && last->kind == ROD_SPAN && !last->ref, "a link to a file not in the book is plain text");
    CHECK(diag_count(&d, "leads nowhere") == 1 && diag_count(&d, "'OEBPS/nofile.xhtml'") +
          diag_count(&d, "'epub/text/nofile.xhtml'") == 1, "... with one warning, naming it");
    CHECK(diag_count(&d, "names a place that is not in the file") == 1 &&
          diag_count(&d, "'epub/text/c.xhtml#c'") == 1, "the missing place is warned about, once");
    CHECK(diag_count(&d, "used more than once") == 0, "no id is said to be used more than once");
    rod_doc_free(doc);
    rod_diag_free(&d);
    free(zip);
}

/* A reader may be asked for no messages at all (diag NULL, as the corpus
 * test and the library do): a link that leads nowhere or to a missing
 * place in an existing file is still turned into text, without a crash
 * (the part of the book was set on the missing messages). */
static void test_links_without_messages(void)
{
    static const char html[] = "<html><body><h1 id=\"top\">T</h1><p>A <a href=\"#gone\">lost</a> link "
                               "and <a href=\"#top\">one home</a>.</p></body></html>";
    rod_doc *doc = NULL;
    rod_read_opts opts = {.format = ROD_FMT_HTML};
    rod_err err = rod_read_memory(html, sizeof html - 1, &opts, NULL, &doc);
    size_t links = 0;
    for (const rod_node *n = doc ? doc->body : NULL; n; n = rod_node_next_in(n, doc->body))
        links += n->kind == ROD_A;
    CHECK(err == ROD_OK && doc && links == 1,
          "without a message list, a link leading nowhere becomes text and the good one stays");
    rod_doc_free(doc);
}

/* A link into the middle of a note's text is a cross-reference, not a
 * note reference: Hugo's Dutch "Les Misérables" lists its corrections by
 * page ("335"), and one of them leads to a corrected comma inside a
 * footnote. A plain link to the note's label, at its start, is still a
 * note reference, and so is one marked noteref wherever it leads. */
static void test_link_into_note(void)
{
    static const char html[] =
        "<html><body><h1>Book</h1>"
        "<p>Text<a href=\"#fn1\">1</a> and more<a class=\"noteref\" href=\"#corr\">2</a>.</p>"
        "<div class=\"footnote\"><p><span class=\"label\"><a id=\"fn1\">1</a></span> "
        "<i>Buvard<span id=\"corr\">,</span> Bavard</i>, in the original.</p></div>"
        "<h2>Corrections</h2><p>Page <a class=\"pageref\" href=\"#corr\">335</a>.</p>"
        "</body></html>";
    rod_diag d = ROD_DIAG_INIT("hugo.html");
    rod_doc *doc = read_as(html, sizeof html - 1, ROD_FMT_HTML, &d);
    if (!CHECK(doc != NULL, "a book with a link into a footnote's middle opens")) {
        rod_diag_free(&d);
        return;
    }
    const rod_node *ref = find_kind(doc->body, ROD_NOTEREF, 0);
    const rod_node *marked = find_kind(doc->body, ROD_NOTEREF, 1);
    const rod_node *page = NULL;
    for (const rod_node *n = doc->body; n; n = rod_node_next_in(n, doc->body)) {
        char *s = n->kind == ROD_A || n->kind == ROD_NOTEREF ? plain(n) : NULL;
        if (s && !strcmp(s, "335"))
            page = n;
        free(s);
    }
    const rod_node *note = doc->notes ? find_kind(doc->notes, ROD_NOTE, 0) : NULL;
    CHECK(ref && note && note->id && ref->ref && !strcmp(ref->ref + 1, note->id),
          "a plain link to the label at a note's start is a note reference to the note");
    CHECK(marked && note && marked->ref && !strcmp(marked->ref + 1, note->id),
          "a link marked noteref is a note reference, even into the note's middle");
    CHECK(page && page->kind == ROD_A && page->ref && !strcmp(page->ref, "#corr"),
          "a plain link into the middle of a note's text stays a link to that place");
    if (page && page->kind != ROD_A)
        printf("#   '335' became a note reference to '%s'\n", page->ref ? page->ref : "");
    rod_doc_free(doc);
    rod_diag_free(&d);
}

int main(void)
{
    test_se_endnotes();
    test_line_numbers();
    test_heading_ids();
    test_link_targets();
    test_links_without_messages();
    test_link_into_note();
    return tap_done();
}
