/* conform.c — the schema's rules that a reader's tree may break, made
 * true while rod_doc_finish walks the book, so every .rod rod writes
 * passes `rod validate`.
 *
 * The readers build what their input says, and the inputs break rules the
 * schema (formats/rod.rng) states: a careless .rod puts a title after a
 * section's first paragraph, a cite before a quote's end, a poem with no
 * stanza, two subtitles in the head, xml:lang="en_US"; an HTML page has
 * two descriptions. Each such thing is repaired the least lossy way, with
 * the text blocks of the book kept: a misplaced title or cite becomes a
 * paragraph (in a poem, a verse line of its own stanza), a poem without a
 * stanza a quotation, a second head field of a kind joins the first, an
 * attribute value the schema refuses goes (a language spelt with '_' is
 * respelt first). Only a stanza without lines and a list without items
 * are taken out, since they hold no text; their ids are handed on
 * (doc_internal.h). One warning per kind of repair, with the count.
 *
 * Turned down: refusing such files. Each of these is a slip of a
 * converter, not a reason to lose a book; and checking each writer's
 * output instead would repair the same thing six times.
 */
#include "doc_internal.h"

#include <string.h>

#include "rod_buf.h"

static bool space_only(const rod_node *t)
{
    for (size_t i = 0; i < t->len; i++)
        if (!(t->text[i] == ' ' || t->text[i] == '\t' || t->text[i] == '\n' || t->text[i] == '\r'))
            return false;
    return true;
}

/* Inline content that wrapping (finish.c) would turn into a block. */
static bool has_visible_inline(const rod_node *n)
{
    for (const rod_node *c = n->first; c; c = c->next)
        if (rod_kind_is_inline(c->kind) && (c->kind != ROD_TEXT || !space_only(c)))
            return true;
    return false;
}

static bool has_child(const rod_node *n, rod_kind kind)
{
    for (const rod_node *c = n->first; c; c = c->next)
        if (c->kind == kind)
            return true;
    return false;
}

/* Takes n out, handing its id to its parent, which stays. */
static void take_out(conform *c, rod_node *n)
{
    id_moves_hand(&c->moves, n->id, n->parent);
    rod_node_unlink(n);
    c->empty++;
}

/* n (a title, cite or other text block in a poem) becomes the one line of
 * a new stanza in its place. */
static void into_stanza(conform *c, rod_node *n)
{
    rod_node *stanza = rod_node_new(c->doc, ROD_STANZA);
    if (!stanza) {
        c->failed = true;
        return;
    }
    rod_node_insert(n->parent, stanza, n);
    rod_node_unlink(n);
    n->kind = ROD_LINE;
    rod_node_insert(stanza, n, NULL);
    c->misplaced++;
}

static void poem_children(conform *c, rod_node *poem)
{
    for (rod_node *k = poem->first, *next; k; k = next) {
        next = k->next;
        bool first = k == poem->first, last = !k->next;
        if ((k->kind == ROD_TITLE && !first) || (k->kind == ROD_CITE && !last) ||
            k->kind == ROD_P || k->kind == ROD_LINE)
            into_stanza(c, k);
    }
}

void conform_children(conform *c, rod_node *container)
{
    /* nothing to show: a stanza without lines, a list without items */
    for (rod_node *k = container->first, *next; k; k = next) {
        next = k->next;
        if ((k->kind == ROD_STANZA && !has_child(k, ROD_LINE) && !has_visible_inline(k)) ||
            (k->kind == ROD_LIST && !has_child(k, ROD_ITEM) && !has_visible_inline(k)))
            take_out(c, k);
    }
    if (container->kind == ROD_POEM && !has_child(container, ROD_STANZA)) {
        container->kind = ROD_QUOTE;    /* its title and cite are read as text */
        c->poems++;
    }
    switch (container->kind) {
    case ROD_POEM:
        poem_children(c, container);
        return;
    case ROD_STANZA:
        for (rod_node *k = container->first; k; k = k->next)
            if (k->kind == ROD_TITLE || k->kind == ROD_CITE || k->kind == ROD_P) {
                k->kind = ROD_LINE;
                c->misplaced++;
            }
        return;
    case ROD_LIST: case ROD_NOTES:
        return;
    default:
        break;
    }
    /* block content: a title only first in a section, a cite only last in
     * a quote or epigraph */
    bool titled = container->kind == ROD_SECTION;
    bool cited = container->kind == ROD_QUOTE || container->kind == ROD_EPIGRAPH;
    for (rod_node *k = container->first; k; k = k->next) {
        if ((k->kind == ROD_TITLE && !(titled && k == container->first)) ||
            (k->kind == ROD_CITE && !(cited && !k->next)) || k->kind == ROD_LINE) {
            k->kind = ROD_P;
            c->misplaced++;
        }
    }
}

/* ---- the head ------------------------------------------------------------- */

static bool once_only(rod_kind k)
{
    switch (k) {
    case ROD_SUBTITLE: case ROD_DATE: case ROD_PUBLISHER: case ROD_SERIES: case ROD_RIGHTS:
    case ROD_DESCRIPTION: case ROD_COVER:
        return true;
    default:
        return false;
    }
}

/* An identifier or date holds text only: its markup goes, its text stays. */
static void text_only(conform *c, rod_node *field)
{
    bool markup = false;
    for (const rod_node *k = field->first; k && !markup; k = k->next)
        markup = k->kind != ROD_TEXT;
    if (!markup)
        return;
    rod_buf t = ROD_BUF_INIT;
    rod_node_plain_text(field, &t);
    for (rod_node *n = field->first; n; n = rod_node_next_in(n, field))
        id_moves_hand(&c->moves, n->id, field);
    while (field->first)
        rod_node_unlink(field->first);
    if (t.failed || (t.len && !rod_node_add_text(c->doc, field, t.data, t.len)))
        c->failed = true;
    rod_buf_free(&t);
    c->head++;
}

/* A second field of a kind that may appear once joins the first. */
static void join(conform *c, rod_node *first, rod_node *again)
{
    if (again->kind != ROD_DATE && again->kind != ROD_COVER && again->first) {
        if (again->kind != ROD_DESCRIPTION && first->first &&
            !rod_node_add_text(c->doc, first, "; ", 2))
            c->failed = true;
        while (again->first) {
            rod_node *k = again->first;
            rod_node_unlink(k);
            rod_node_insert(first, k, NULL);
        }
    }
    id_moves_hand(&c->moves, again->id, first);
    rod_node_unlink(again);
    c->head++;
}

void conform_head(conform *c)
{
    rod_node *head = c->doc->head;
    rod_node *seen[ROD_KIND_COUNT] = {0};
    for (rod_node *k = head->first, *next; k && !c->failed; k = next) {
        next = k->next;
        if (k->kind == ROD_TEXT) {
            if (!space_only(k))
                c->head++;      /* text straight in head: no field holds it */
            rod_node_unlink(k);
            continue;
        }
        if (k->kind == ROD_IDENTIFIER || k->kind == ROD_DATE)
            text_only(c, k);
        if (!once_only(k->kind))
            continue;
        if (seen[k->kind])
            join(c, seen[k->kind], k);
        else
            seen[k->kind] = k;
    }
}

/* ---- attribute values ----------------------------------------------------- */

static bool is_alpha(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* XML Schema's language: [a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})* */
static bool is_language(const char *s)
{
    size_t run = 0;
    bool first = true;
    for (;; s++) {
        if (*s == '-' || !*s) {
            if (run < 1 || run > 8)
                return false;
            if (!*s)
                return true;
            run = 0;
            first = false;
        } else if (is_alpha(*s) || (!first && is_digit(*s))) {
            run++;
        } else {
            return false;
        }
    }
}

static const char *language(conform *c, const char *lang)
{
    if (!lang || is_language(lang))
        return lang;
    c->values++;
    if (!strchr(lang, '_'))
        return NULL;
    char *fixed = rod_arena_strdup(c->doc->arena, lang);
    if (!fixed) {
        c->failed = true;
        return NULL;
    }
    for (char *p = fixed; *p; p++)
        if (*p == '_')
            *p = '-';
    return is_language(fixed) ? fixed : NULL;
}

static bool one_of(const char *v, const char *const *allowed)
{
    for (; *allowed; allowed++)
        if (!strcmp(v, *allowed))
            return true;
    return false;
}

/* XML Schema's decimal: an optional sign, digits, an optional fraction. */
static bool is_decimal(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    size_t digits = 0;
    for (; is_digit(*s); s++)
        digits++;
    if (*s == '.')
        for (s++; is_digit(*s); s++)
            digits++;
    return digits > 0 && !*s;
}

static bool value_ok(const rod_node *n)
{
    static const char *const roles[] = {"author", "translator", "editor", "illustrator", NULL};
    static const char *const schemes[] = {"uuid", "isbn", "uri", "other", NULL};
    static const char *const lists[] = {"bullet", "number", NULL};
    switch (n->kind) {
    case ROD_CREATOR: return one_of(n->type, roles);
    case ROD_IDENTIFIER: return one_of(n->type, schemes);
    case ROD_LIST: return one_of(n->type, lists);
    case ROD_SERIES: return is_decimal(n->type);
    default: return true;
    }
}

void conform_values(conform *c)
{
    rod_doc *doc = c->doc;
    for (rod_node *n = doc->root; n && !c->failed; n = rod_node_next_in(n, doc->root)) {
        if (n->kind == ROD_TEXT)
            continue;
        n->lang = language(c, n->lang);
        if (n->type && n->kind != ROD_BINARY && !value_ok(n)) {
            n->type = NULL;
            c->values++;
        }
    }
}

rod_err conform_finish(conform *c, rod_diag *diag)
{
    if (c->misplaced)
        rod_warn(diag, 0, 0, "%zu titles, cites or verse lines out of their place were kept as "
                 "paragraphs or lines of their own", c->misplaced);
    if (c->poems)
        rod_warn(diag, 0, 0, "%zu poems without a stanza were kept as quotations", c->poems);
    if (c->empty)
        rod_warn(diag, 0, 0, "%zu stanzas without lines or lists without items were left out",
                 c->empty);
    if (c->head)
        rod_warn(diag, 0, 0, "%zu repairs to the head: a field given twice joins the first, "
                 "markup in an identifier or date and text outside any field go", c->head);
    if (c->values)
        rod_warn(diag, 0, 0, "%zu attribute values the format does not allow (a language, role, "
                 "scheme, list type or series number) were left out or respelt", c->values);
    rod_err err = id_moves_finish(&c->moves, c->doc);
    return c->failed ? ROD_ERR_NOMEM : err;
}
