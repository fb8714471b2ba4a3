/* html_front.c — a book's own title page (html_map_internal.h), the
 * section EPUB's structural semantics mark epub:type="titlepage".
 *
 * rod's reader makes a title page from the head (title, subtitle,
 * authors, translators, editors, illustrators: reader/typeset_front.c).
 * A book's own title page says the same in its text — Standard Ebooks'
 * "War and Peace" / "By Leo Tolstoy." / "Translated by Louise Maude and
 * Aylmer Maude." (their CSS moves these off the screen, for screen readers
 * only, and shows an SVG of the title page) — and kept as text it became a
 * second title page, a heading and two left-aligned paragraphs. So a text
 * block of such a section that only restates the head goes, with a
 * warning: it names the title or a creator and has at most three words
 * besides ("By", "Translated by ... and ..."). Anything else on the page
 * (an epigraph, a publisher's line, its images) stays where it was, and so
 * does a block that carries an id (something may link to it).
 * Turned down: leaving rod's own title page out when the book has one
 * (the head's translators would then show only if the book's page names
 * them), and dropping the whole section (its images are the book's).
 */
#include "html_map_internal.h"

#include <ctype.h>
#include <string.h>

/* The words of n's text, lower-cased, each followed by one space, into b. */
static void words_of(const rod_node *n, rod_buf *b)
{
    bool in_word = false;
    for (const rod_node *t = n; t; t = rod_node_next_in(t, n)) {
        if (t->kind != ROD_TEXT)
            continue;
        for (size_t i = 0; i < t->len; i++) {
            unsigned char ch = (unsigned char)t->text[i];
            bool nbsp = ch == 0xC2 && i + 1 < t->len && (unsigned char)t->text[i + 1] == 0xA0;
            bool word = !nbsp && (ch >= 0x80 || isalnum(ch));
            if (word)
                rod_buf_addc(b, (char)(ch < 0x80 ? tolower(ch) : ch));
            else if (in_word)
                rod_buf_addc(b, ' ');
            in_word = word;
            i += nbsp;
        }
        if (in_word)
            rod_buf_addc(b, ' ');
        in_word = false;
    }
}

/* Whether block restates the head, whose words are in head (" a b c "). */
static bool restates(const rod_node *block, const char *head)
{
    rod_buf w = ROD_BUF_INIT;
    words_of(block, &w);
    size_t named = 0, other = 0;
    rod_buf one = ROD_BUF_INIT;
    for (const char *p = w.data; p && *p;) {
        const char *sp = strchr(p, ' ');
        rod_buf_clear(&one);
        rod_buf_addc(&one, ' ');
        rod_buf_add(&one, p, (size_t)(sp - p) + 1);
        if (one.data && strstr(head, one.data))
            named++;
        else
            other++;
        p = sp + 1;
    }
    bool failed = w.failed || one.failed;
    rod_buf_free(&w);
    rod_buf_free(&one);
    return !failed && named > 0 && other <= 3;
}

void hm_title_page(html_map *m, rod_node *sec)
{
    rod_buf head = ROD_BUF_INIT;
    rod_buf_addc(&head, ' ');
    words_of(m->doc->title, &head);
    for (const rod_node *n = m->doc->head->first; n; n = n->next)
        if (n->kind == ROD_CREATOR || n->kind == ROD_SUBTITLE)
            words_of(n, &head);
    size_t dropped = 0;
    for (rod_node *c = sec->first, *next; c && !head.failed; c = next) {
        next = c->next;
        if ((c->kind != ROD_TITLE && c->kind != ROD_P) || c->id || !restates(c, head.data))
            continue;
        rod_node_unlink(c);
        dropped++;
    }
    if (dropped)
        rod_warn(m->diag, sec->line, 0, "the book's own title page restates its title and "
                 "creators; its %zu text block%s left out, rod's title page shows them", dropped,
                 dropped == 1 ? " is" : "s are");
    rod_buf_free(&head);
}
