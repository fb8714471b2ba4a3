/* test_txt.c — plain-text import: encodings, line ends, paragraphs by blank
 * lines, by indentation and by line length, scene breaks, chapter headings
 * and their nesting, tables of contents, Gutenberg and story-archive
 * wrappers, verse, and --smart punctuation per language. */
#include "helpers.h"
#include "tap.h"

static const char *block(const rod_doc *doc, size_t i)
{
    return doc && i < doc->nblocks ? doc->blocks[i].text : "(no such block)";
}

size_t txt_count_words(const char *s, size_t n);

/* Words in the book's body: every block but the title. */
static size_t doc_words(const rod_doc *doc)
{
    size_t n = 0;
    for (size_t i = 1; doc && i < doc->nblocks; i++)
        n += txt_count_words(doc->blocks[i].text, strlen(doc->blocks[i].text));
    return n;
}

static bool diag_has(const rod_diag *d, unsigned line, const char *a, const char *b)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].severity == ROD_WARNING && (!line || d->items[i].line == line) &&
            strstr(d->items[i].text, a) && (!b || strstr(d->items[i].text, b)))
            return true;
    return false;
}

static size_t count_kind(const rod_doc *doc, rod_kind kind)
{
    size_t n = 0;
    for (const rod_node *x = doc->root; x; x = rod_node_next_in(x, doc->root))
        n += x->kind == kind;
    return n;
}

static void test_paragraphs(void)
{
    rod_doc *doc = read_txt_str("\xef\xbb\xbfThe first paragraph is\r\nwrapped over two lines.\r\n\r\n"
                                "The second one.\r\n", false, NULL);
    CHECK_STR(block(doc, 1), "The first paragraph is wrapped over two lines.", "BOM and CRLF go, wrapped lines join");
    CHECK_STR(block(doc, 2), "The second one.", "blank lines separate paragraphs");
    CHECK(doc && doc->nblocks == 3, "nothing else is made");
    rod_doc_free(doc);

    doc = read_txt_str("caf\xe9 au lait, \x93quoted\x94 and\nmore text here.\n", false, NULL);
    CHECK_STR(block(doc, 1), "caf\xc3\xa9 au lait, \xe2\x80\x9cquoted\xe2\x80\x9d and more text here.",
              "Windows-1252 text is detected and converted");
    rod_doc_free(doc);

    /* no blank lines: paragraphs start with an indent */
    rod_buf src = ROD_BUF_INIT;
    for (int i = 0; i < 12; i++)
        rod_buf_printf(&src, "    Paragraph %d begins here with an indent and runs on to\n"
                             "a second line that ends it.\n", i);
    doc = read_txt_str(src.data, false, NULL);
    CHECK(doc && doc->nblocks == 13, "indentation starts paragraphs when there are no blank lines");
    CHECK_STR(block(doc, 1), "Paragraph 0 begins here with an indent and runs on to a second line that ends it.",
              "and the wrapped line joins its paragraph");
    rod_doc_free(doc);
    rod_buf_free(&src);

    /* one paragraph per long line, the Russian War and Peace layout */
    rod_buf_clear(&src);
    for (int i = 0; i < 5; i++) {
        rod_buf_printf(&src, "Line %d ", i);
        for (int k = 0; k < 30; k++)
            rod_buf_adds(&src, "long words ");
        rod_buf_adds(&src, "\n");
    }
    doc = read_txt_str(src.data, false, NULL);
    CHECK(doc && doc->nblocks == 6, "unwrapped text: every line is a paragraph");
    rod_doc_free(doc);
    rod_buf_free(&src);
}

static void test_structure(void)
{
    const char *text =
        "CONTENTS\n\nBOOK ONE\n\nCHAPTER I\n\nCHAPTER II\n\nBOOK TWO\n\nCHAPTER I\n\n\n\n"
        "BOOK ONE\n\nCHAPTER I\n\nThe story starts here and goes on for a while.\n\n"
        "* * *\n\nAfter the break.\n\nCHAPTER II\nThe Second Night\n\nMore story.\n\n\n\n"
        "Scene two, after a wide gap.\n\n"
        "BOOK TWO\n\nCHAPTER I.\n\nThe end.\n";
    rod_doc *doc = read_txt_str(text, false, NULL);
    CHECK(doc != NULL, "a structured text reads");
    if (!doc)
        return;
    const rod_node *b1 = doc->body->first;
    while (b1 && b1->kind != ROD_SECTION)
        b1 = b1->next;
    CHECK(b1 && strcmp(b1->first->first->text, "BOOK ONE") == 0, "a BOOK heading opens a top-level section");
    CHECK(b1 && b1->first->next && b1->first->next->kind == ROD_SECTION, "its chapters nest inside it");
    CHECK(count_kind(doc, ROD_SECTION) == 5, "five sections: two books, three chapters");
    size_t contents_paras = 0;
    for (const rod_node *c = doc->body->first; c && c->kind == ROD_P; c = c->next)
        contents_paras++;
    CHECK(contents_paras == 6, "the table of contents stays as six paragraphs");
    CHECK(count_kind(doc, ROD_BREAK) == 2, "an asterism and a wide gap are scene breaks");
    bool subtitle = false;
    for (size_t i = 0; i < doc->nblocks; i++)
        subtitle |= strcmp(doc->blocks[i].text, "CHAPTER II\nThe Second Night") == 0;
    CHECK(subtitle, "a chapter's name on the next line joins its title");
    rod_doc_free(doc);

    doc = read_txt_str("Chapter 1\n\nFirst.\n\nChapter 2\n\nSecond.\n\nIV.\n\nFourth.\n\n"
                       "Part of the crew was ashore.\n", false, NULL);
    CHECK(doc && count_kind(doc, ROD_SECTION) == 3, "numbered chapters and a roman numeral alone are headings");
    CHECK_STR(block(doc, doc ? doc->nblocks - 1 : 0), "Part of the crew was ashore.",
              "a sentence starting with a keyword is not a heading");
    rod_doc_free(doc);
}

/* Structure lines that the old rules misread: a keyword parted from its
 * number by a no-break space, a year a wrapped sentence ends on, and
 * titles over an underline. */
static void test_structure_lines(void)
{
    rod_doc *doc = read_txt_str("Chapter\xc2\xa0" "1.\n\nFirst.\n\nChapter\xc2\xa0" "2.\n\nSecond.\n\n"
                                "CHAPTER\xe2\x80\xaf" "III\n\nThird.\n", false, NULL);
    CHECK(doc && count_kind(doc, ROD_SECTION) == 3,
          "a keyword and its number parted by a no-break space are a heading");
    CHECK_STR(block(doc, 1), "Chapter\xc2\xa0" "1.", "and the heading keeps its no-break space");
    rod_doc_free(doc);

    rod_buf src = ROD_BUF_INIT;
    for (int i = 0; i < 4; i++)
        rod_buf_adds(&src, "The survey of the river quarter was begun when the old maps were\n"
                           "lost, and it went on for longer than anyone had planned for it.\n\n");
    rod_buf_adds(&src, "The survey of the river quarter was finished in the spring of the\n"
                       "2022.\n\nAfter it came the long work of drawing the new maps.\n");
    doc = read_txt_str(src.data, false, NULL);
    CHECK(doc && count_kind(doc, ROD_SECTION) == 0, "a year ending a wrapped sentence is no heading");
    CHECK_STR(block(doc, 5), "The survey of the river quarter was finished in the spring of the 2022.",
              "it stays in its paragraph");
    rod_doc_free(doc);
    /* the same numeral after a line that ends a sentence is a heading */
    rod_buf_clear(&src);
    for (int i = 0; i < 4; i++)
        rod_buf_adds(&src, "The survey of the river quarter was begun when the old maps were\n"
                           "lost, and it went on for longer than anyone had planned for it.\n\n");
    rod_buf_adds(&src, "The survey of the river quarter was finished, and that was that.\n"
                       "II.\nAfter it came the long work of drawing the new maps.\n");
    doc = read_txt_str(src.data, false, NULL);
    CHECK(doc && count_kind(doc, ROD_SECTION) == 1, "a numeral after a finished sentence is still a heading");
    rod_doc_free(doc);
    /* a note indented and wrapped narrower than the text, its sentence
     * ending on a year (Machiavelli's Prince: "He died in" / "1409.") */
    rod_buf_clear(&src);
    for (int i = 0; i < 4; i++)
        rod_buf_adds(&src, "The survey of the river quarter was begun when the old maps were\n"
                           "lost, and it went on for longer than anyone had planned for it.\n\n");
    rod_buf_adds(&src, "     (*) Alberigo da Conio, the leader of the famous company,\n"
                       "     composed of Italian soldiers. He died in\n"
                       "     1409.\n\nAfter it came the long work of drawing the new maps.\n");
    doc = read_txt_str(src.data, false, NULL);
    CHECK(doc && count_kind(doc, ROD_SECTION) == 0, "a year ending a sentence in an indented note is no heading");
    rod_doc_free(doc);
    rod_buf_free(&src);

    const char *setext =
        "The Ledger Stories\n==================\n\n"
        "The first\n---------\n\nIt was a plain shop.\n\n"
        "The second\n----------\nThe shop had a back room.\n\n"
        "* * *\n\nAnd that was all.\n";
    doc = read_txt_str(setext, false, NULL);
    CHECK(doc && count_kind(doc, ROD_SECTION) == 3 && count_kind(doc, ROD_BREAK) == 1,
          "setext underlines (=== over ---) are headings, the asterism stays the only break");
    const rod_node *top = doc ? doc->body->first : NULL;
    while (top && top->kind != ROD_SECTION)
        top = top->next;
    CHECK(top && top->first && top->first->kind == ROD_TITLE &&
              strcmp(top->first->first->text, "The Ledger Stories") == 0,
          "the title over === opens the top section, without its underline");
    size_t nested = 0;
    for (const rod_node *x = top ? top->first : NULL; x; x = x->next)
        nested += x->kind == ROD_SECTION;
    CHECK(nested == 2, "the titles over --- are its chapters");
    CHECK_STR(block(doc, 5), "The shop had a back room.", "text right under an underline is a paragraph");
    rod_doc_free(doc);

    const char *texinfo =
        "1 Overview\n**********\n\nThe program reads books.\n\n"
        "1.1 Reading\n===========\n\nIt reads them one page at a time.\n\n"
        "2 Writing\n*********\n\nIt writes them back.\n\n"
        "Notes\n~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n\nA rule much longer than its line is no underline.\n";
    doc = read_txt_str(texinfo, false, NULL);
    CHECK(doc && count_kind(doc, ROD_SECTION) == 3 && count_kind(doc, ROD_BREAK) == 1,
          "Texinfo underlines (*** over ===) are headings; a rule far longer than its line is a break");
    rod_doc_free(doc);
}

static const char *head_text(const rod_doc *doc, rod_kind kind)
{
    const rod_node *n = doc ? rod_node_child(doc->head, kind) : NULL;
    return n && n->first && n->first->text ? n->first->text : "(none)";
}

/* The title page of a text without a header. */
static void test_title_page(const char *fixtures)
{
    /* Russian order: the author's name over the work's title */
    rod_doc *doc = read_txt_str("\xd0\x90\xd0\xbd\xd0\xbd\xd0\xb0 \xd0\xa1\xd0\xb5\xd1\x80\xd0\xb3\xd0\xb5\xd0\xb5\xd0\xb2\xd0\xbd\xd0\xb0 "
                                "\xd0\x9b\xd0\xb5\xd0\xb1\xd0\xb5\xd0\xb4\xd0\xb5\xd0\xb2\xd0\xb0\n"  /* Анна Сергеевна Лебедева */
                                "\xd0\xa2\xd0\xb8\xd1\x85\xd0\xb0\xd1\x8f \xd1\x80\xd0\xb5\xd0\xba\xd0\xb0. "
                                "\xd0\x9a\xd0\xbd\xd0\xb8\xd0\xb3\xd0\xb0 1\n\n"  /* Тихая река. Книга 1 */
                                "\xd0\x93\xd0\x9b\xd0\x90\xd0\x92\xd0\x90 1\n\n"  /* ГЛАВА 1 */
                                "\xd0\xa0\xd0\xb5\xd0\xba\xd0\xb0 \xd1\x82\xd0\xb5\xd0\xba\xd0\xbb\xd0\xb0.\n",
                                false, NULL);
    CHECK_STR(block(doc, 0), "\xd0\xa2\xd0\xb8\xd1\x85\xd0\xb0\xd1\x8f \xd1\x80\xd0\xb5\xd0\xba\xd0\xb0",
              "a name over a title: the title is the work's, not the author's name");
    CHECK_STR(head_text(doc, ROD_CREATOR),
              "\xd0\x90\xd0\xbd\xd0\xbd\xd0\xb0 \xd0\xa1\xd0\xb5\xd1\x80\xd0\xb3\xd0\xb5\xd0\xb5\xd0\xb2\xd0\xbd\xd0\xb0 "
              "\xd0\x9b\xd0\xb5\xd0\xb1\xd0\xb5\xd0\xb4\xd0\xb5\xd0\xb2\xd0\xb0",
              "the name is the author");
    CHECK_STR(head_text(doc, ROD_SUBTITLE), "\xd0\x9a\xd0\xbd\xd0\xb8\xd0\xb3\xd0\xb0 1",
              "the volume after the title is the subtitle");
    rod_doc_free(doc);

    /* what must not change: title over "by", two titles, a sentence */
    doc = read_txt_str("The Quiet River\nby Anna Lebedeva\n\nIt ran.\n", false, NULL);
    CHECK(strcmp(block(doc, 0), "The Quiet River") == 0 &&
              strcmp(head_text(doc, ROD_CREATOR), "Anna Lebedeva") == 0,
          "a title over 'by NAME' is kept as it was");
    rod_doc_free(doc);
    doc = read_txt_str("Great Expectations\nCharles Dickens\n\nIt ran.\n", false, NULL);
    CHECK_STR(block(doc, 0), "Great Expectations", "two lines that both read as names: the first is the title");
    rod_doc_free(doc);
    doc = read_txt_str("Mary Smith\nwas born in a small town by the river.\n\nIt ran.\n", false, NULL);
    CHECK(strcmp(block(doc, 0), "Mary Smith") == 0 && strcmp(head_text(doc, ROD_CREATOR), "(none)") == 0,
          "a story opening with a name takes no author from it");
    rod_doc_free(doc);

    /* the corpus book, when ../shared is there */
    char *path = fixture_path(fixtures, "../../../shared/corpus/txt/tolstoy-voyna-i-mir-ru-truncated.txt");
    size_t len;
    char *data = load(path, &len);
    if (data) {
        doc = NULL;
        rod_read_txt(data, len, NULL, NULL, &doc, NULL);
        CHECK_STR(block(doc, 0), "\xd0\x92\xd0\xbe\xd0\xb9\xd0\xbd\xd0\xb0 \xd0\xb8 \xd0\xbc\xd0\xb8\xd1\x80",
                  "tolstoy-voyna-i-mir-ru-truncated.txt is titled \"\xd0\x92\xd0\xbe\xd0\xb9\xd0\xbd\xd0\xb0 \xd0\xb8 \xd0\xbc\xd0\xb8\xd1\x80\"");
        rod_doc_free(doc);
        free(data);
    } else {
        tap_skip("tolstoy-voyna-i-mir-ru-truncated.txt is titled by its work", "the corpus is absent");
    }
    free(path);
}

static void test_gutenberg(void)
{
    const char *text =
        "The Project Gutenberg EBook of The Ledger, by Iloja of Prim\n\n"
        "This eBook is for the use of anyone anywhere at no cost.\n\n"
        "Title: The Ledger\n\nAuthor: Iloja of Prim\n\nLanguage: French\n\n"
        "*** START OF THIS PROJECT GUTENBERG EBOOK THE LEDGER ***\n\n"
        "Produced by A Volunteer\n\n\n"
        "Il y avait une ligne de trop.\n\n"
        "*** END OF THIS PROJECT GUTENBERG EBOOK THE LEDGER ***\n\n"
        "Updated editions will replace the previous one.\n";
    rod_txt_stats stats;
    rod_doc *doc = read_txt_str(text, false, &stats);
    CHECK(doc && doc->nblocks == 2, "only the story remains");
    CHECK_STR(block(doc, 0), "The Ledger", "the title comes from the header");
    CHECK_STR(block(doc, 1), "Il y avait une ligne de trop.", "the header, credits and licence are gone");
    CHECK(doc && strcmp(rod_node_lang(doc->root), "fr") == 0, "Language: French becomes xml:lang fr");
    const rod_node *creator = doc ? rod_node_child(doc->head, ROD_CREATOR) : NULL;
    CHECK(creator && creator->first && strcmp(creator->first->text, "Iloja of Prim") == 0, "the author is kept");
    /* 11 + 12 + 3 + 4 + 2 + 8 (START line) + 4 (credits) + 8 (END line) + 7, counted by hand */
    CHECK(stats.dropped_words == 59, "every dropped word is counted");
    rod_doc_free(doc);

    const char *archive =
        "Work Header\n\nRating: General Audiences\nFandom: Star Trek: Deep Space Nine\n"
        "Language: English\nStats:\n    Published: 2024-01-01\n    Words: 7\n\n"
        "The Tailor's Lesson\nby garak_fan\n\nSummary\n\nA plain, simple story.\n\n"
        "Work Text:\n\nChapter Text\n\nIt was a plain and simple shop.\n";
    doc = read_txt_str(archive, false, NULL);
    CHECK(doc && doc->nblocks == 2, "a story-archive header is not story text");
    CHECK_STR(block(doc, 0), "The Tailor's Lesson", "the work's title is taken");
    CHECK_STR(block(doc, 1), "It was a plain and simple shop.", "the Chapter Text marker is dropped");
    CHECK(doc && rod_node_child(doc->head, ROD_DESCRIPTION), "the summary becomes the description");
    rod_doc_free(doc);
}

/* The footer is cut only where it really ends the text, every cut is a
 * warning with its lines and words, and no story word is lost. */
static void test_gutenberg_cuts(const char *fixtures)
{
    char *path = fixture_path(fixtures, "gutenberg-ending.txt");
    size_t len = 0;
    char *data = load(path, &len);
    free(path);
    if (!CHECK(data, "the gutenberg-ending fixture loads"))
        return;
    /* The story: from its title page to the footer line that ends it (the
     * same line quoted in the story's last paragraph must not end it). */
    const char *from = strstr(data, "THE LAMPLIGHTER'S LEDGER\n");
    const char *to = strstr(data, "End of the Project Gutenberg EBook of The Lamplighter");
    size_t story = txt_count_words(from, (size_t)(to - from));
    size_t all = txt_count_words(data, len);
    rod_diag d = ROD_DIAG_INIT("gutenberg-ending.txt");
    rod_doc *doc = NULL;
    rod_txt_stats stats;
    rod_read_txt(data, len, NULL, &d, &doc, &stats);
    CHECK(doc && doc_words(doc) == story, "every word of the story survives the footer cut");
    CHECK(stats.dropped_words == all - story, "the header, credits and licence are all that is dropped");
    const char *last = block(doc, doc ? doc->nblocks - 1 : 0);
    size_t ll = strlen(last);
    static const char tail[] = "These are the last words of the story, and every one of them stays.";
    CHECK(ll >= sizeof tail - 1 && strcmp(last + ll - (sizeof tail - 1), tail) == 0,
          "the story's last line, right above the footer line, ends the book");
    CHECK(diag_has(&d, 1, "the Project Gutenberg header, lines 1-25:", " words in "),
          "the header cut is a warning naming its lines and words");
    CHECK(diag_has(&d, 66, "footer and licence, lines 66-", " words in "),
          "and so is the footer cut, from the footer line on");
    CHECK(d.n == 2, "nothing else is reported");
    rod_doc_free(doc);
    rod_diag_free(&d);

    /* Two books in one file: both stories stay, both wrappers go. */
    rod_buf two = ROD_BUF_INIT;
    rod_buf_add(&two, data, len);
    rod_buf_add(&two, data, len);
    rod_diag d2 = ROD_DIAG_INIT("two.txt");
    doc = NULL;
    rod_read_txt(two.data, two.len, NULL, &d2, &doc, &stats);
    CHECK(doc && doc_words(doc) == 2 * story, "two Gutenberg books in one file: both stories are kept");
    CHECK(stats.dropped_words == 2 * (all - story) && diag_has(&d2, 66, "between two books", NULL),
          "the licence and header between them are dropped with a warning");
    rod_doc_free(doc);
    rod_diag_free(&d2);
    rod_buf_free(&two);
    free(data);

    /* Four copies of a story, each ending with the footer line (the body
     * of a Gutenberg text cut out with its header and licence, copied four
     * times): only the last footer line ends the text. More than 4000
     * lines, where the old search looked at the last third only. */
    rod_buf src = ROD_BUF_INIT;
    for (int copy = 0; copy < 4; copy++) {
        rod_buf_printf(&src, "CHAPTER %d\n\n", copy + 1);
        for (int p = 0; p < 350; p++)
            rod_buf_printf(&src, "Copy %d, paragraph %d, in which the story goes on\nover a second line.\n\n",
                           copy, p);
        rod_buf_adds(&src, "End of the Project Gutenberg EBook of The Copy, by A. Writer\n\n");
    }
    static const char footer[] = "End of the Project Gutenberg EBook of The Copy, by A. Writer";
    size_t in = txt_count_words(src.data, src.len), fw = txt_count_words(footer, sizeof footer - 1);
    rod_diag d4 = ROD_DIAG_INIT("four.txt");
    doc = NULL;
    rod_read_txt(src.data, src.len, NULL, &d4, &doc, &stats);
    CHECK(doc && doc_words(doc) == in - fw, "four copies keep every word but the last footer line");
    CHECK_STR(block(doc, doc ? doc->nblocks - 1 : 0), "Copy 3, paragraph 349, in which the story goes on over a second line.",
              "the fourth copy is there to its end");
    CHECK(d4.n == 1 && diag_has(&d4, 4215, "footer and licence, line 4215: 12 words", NULL),
          "the one cut, the last footer line, is a warning");
    rod_doc_free(doc);
    rod_diag_free(&d4);
    rod_buf_free(&src);
}

static void test_verse(void)
{
    rod_buf src = ROD_BUF_INIT;
    for (int i = 0; i < 6; i++)
        rod_buf_adds(&src, "This is a line of prose that runs on until the wrapping width of the\n"
                           "text, and only then does it break to the next line like this one.\n\n");
    rod_buf_adds(&src, "What is written has been done,\nwhat is done has been allowed,\n"
                       "what is allowed was always so,\nand what was always so is law.\n\n"
                       "Keep the line and keep the count,\nkeep the ink from every eye.\n"
                       "Read it twice and find the lie,\nwrite it once and let it lie.\n");
    rod_doc *doc = read_txt_str(src.data, false, NULL);
    CHECK(doc && count_kind(doc, ROD_POEM) == 1 && count_kind(doc, ROD_STANZA) == 2,
          "short lines the next word would have fitted on are verse: one poem, two stanzas");
    CHECK(doc && count_kind(doc, ROD_P) == 6, "wrapped prose stays prose");
    rod_doc_free(doc);
    rod_buf_free(&src);
}

/* A book's direction: plain text in Hebrew or Arabic letters, and HTML
 * with only a right-to-left language, progress right to left. */
static void test_direction(void)
{
    rod_doc *doc = NULL;
    const char *he = "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d, the 2026.\n";
    rod_read_txt(he, strlen(he), NULL, NULL, &doc, NULL);
    CHECK(doc && doc->root->dir == ROD_DIR_RTL, "plain text in Hebrew letters: the book is dir=rtl");
    rod_doc_free(doc);
    doc = NULL;
    const char *en = "Shalom is \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d in Hebrew.\n";
    rod_read_txt(en, strlen(en), NULL, NULL, &doc, NULL);
    CHECK(doc && doc->root->dir == ROD_DIR_NONE, "English with a Hebrew word: no direction set");
    rod_doc_free(doc);
    doc = NULL;
    const char *html = "<html lang=\"ar\"><body><p>\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85</p></body></html>";
    rod_read_html(html, strlen(html), NULL, NULL, &doc);
    CHECK(doc && doc->root->dir == ROD_DIR_RTL, "HTML with lang=ar and no dir: the book is dir=rtl");
    rod_doc_free(doc);
}

static void test_smart(void)
{
    const char *src = "\"Don't,\" she said -- 'twice' ... then \"left\".";
    rod_doc *doc = read_txt_str(src, false, NULL);
    CHECK_STR(block(doc, 1), src, "without --smart the text is kept as written");
    rod_doc_free(doc);
    doc = read_txt_str(src, true, NULL);
    CHECK_STR(block(doc, 1), "\xe2\x80\x9c" "Don\xe2\x80\x99t,\xe2\x80\x9d she said \xe2\x80\x94 "
              "\xe2\x80\x98twice\xe2\x80\x99 \xe2\x80\xa6 then \xe2\x80\x9c" "left\xe2\x80\x9d.",
              "English: curly quotes, apostrophe, em dash, ellipsis");
    rod_doc_free(doc);

    rod_read_opts opts = {.format = ROD_FMT_TXT, .smart = true, .lang = "de"};
    const char *de = "Er sagte: \"Nein.\"";
    doc = NULL;
    rod_read_txt(de, strlen(de), &opts, NULL, &doc, NULL);
    CHECK_STR(block(doc, 1), "Er sagte: \xe2\x80\x9eNein.\xe2\x80\x9c", "German: low-high quotes");
    rod_doc_free(doc);

    opts.lang = "fr";
    const char *fr = "Il dit : \"Non\" et \" oui \".";
    doc = NULL;
    rod_read_txt(fr, strlen(fr), &opts, NULL, &doc, NULL);
    CHECK_STR(block(doc, 1), "Il dit : \xc2\xab\xc2\xa0Non\xc2\xa0\xc2\xbb et \xc2\xab\xc2\xa0oui\xc2\xa0\xc2\xbb.",
              "French: guillemets with no-break spaces inside");
    rod_doc_free(doc);

    opts.lang = "ru";
    const char *ru = "\xd0\x9e\xd0\xbd \"\xd0\xb4\xd0\xb0\"";
    doc = NULL;
    rod_read_txt(ru, strlen(ru), &opts, NULL, &doc, NULL);
    CHECK_STR(block(doc, 1), "\xd0\x9e\xd0\xbd \xc2\xab\xd0\xb4\xd0\xb0\xc2\xbb", "Russian: guillemets");
    rod_doc_free(doc);
}

static void test_hostile(void)
{
    rod_diag d = ROD_DIAG_INIT("h.txt");
    rod_doc *doc = NULL;
    const char bytes[] = "ok\0then\x01\x02 nul and controls\n";
    CHECK(rod_read_txt(bytes, sizeof bytes - 1, NULL, &d, &doc, NULL) == ROD_OK,
          "NUL and control bytes do not stop the import");
    CHECK(doc && strcmp(block(doc, 1), "okthen nul and controls") == 0 && d.n == 1,
          "they are dropped, with one warning");
    rod_doc_free(doc);
    rod_diag_free(&d);
    doc = NULL;
    CHECK(rod_read_txt("", 0, NULL, NULL, &doc, NULL) == ROD_OK && doc && doc->nblocks == 1,
          "an empty text gives an empty book");
    rod_doc_free(doc);
    rod_buf big = ROD_BUF_INIT;
    while (big.len < (size_t)100 << 20)
        rod_buf_adds(&big, "A paragraph of a very large text file, wrapped\nonce, then a blank line.\n\n");
    doc = NULL;
    CHECK(rod_read_txt(big.data, big.len, NULL, NULL, &doc, NULL) == ROD_OK && doc && doc->nblocks > 1000000,
          "a 100 MB text imports");
    rod_doc_free(doc);
    rod_buf_free(&big);
}

int main(int argc, char **argv)
{
    const char *fixtures = argc > 1 ? argv[1] : "tests/fixtures";
    test_paragraphs();
    test_structure();
    test_structure_lines();
    test_gutenberg();
    test_gutenberg_cuts(fixtures);
    test_title_page(fixtures);
    test_verse();
    test_smart();
    test_direction();
    test_hostile();
    return tap_done();
}
