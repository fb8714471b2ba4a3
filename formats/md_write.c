/* md_write.c — a book as Markdown, in the dialect pandoc reads: a YAML
 * title block, ATX headings, footnotes ([^id]), line blocks for verse,
 * ^sup^, ~sub~, ~~del~~ and [text]{.smallcaps}, headings with their
 * section's {#id} so links inside the book lead somewhere. Characters
 * that Markdown would read as markup are escaped (also a block starting
 * like a list item), a quote has a blank line before it and code a fence
 * longer than any backticks it holds, so converting back gives the same
 * words in the same blocks; images are embedded as data: URIs. Direction
 * is pandoc's: `dir` in the title block for the book, a fenced div
 * (::: {dir="rtl"}) around a block, an attribute on a bracketed span
 * inline.
 *
 * Emphasis, links and the other delimited runs never begin or end with
 * white space inside their markers: CommonMark does not take "*word *" for
 * emphasis, so those spaces are written outside ("*word* "), which keeps
 * the words and their spacing.
 */
#include <string.h>

#include "rod_base64.h"
#include "rod_format.h"
#include "rod_link.h"
#include "write_internal.h"

typedef struct mdw {
    const rod_doc *doc;
    rod_buf *out;
    const char *prefix;     /* "> " inside quotes, indentation in lists */
    bool one_line;          /* in a heading: forced breaks become spaces */
} mdw;

static void esc_text(rod_buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (strchr("\\`*_[]<>#~^|$", c))
            rod_buf_addc(out, '\\');
        rod_buf_addc(out, c);
    }
}

static void md_inlines(mdw *w, const rod_node *n);

/* Length of the white space (space, tab, line feed, no-break space) at
 * the start of s[0..n), or at its end when `end`. */
static size_t edge_space(const char *s, size_t n, bool end)
{
    size_t k = 0;
    while (k < n) {
        const char *at = end ? s + n - k : s + k;
        if (end ? (at[-1] == ' ' || at[-1] == '\t' || at[-1] == '\n')
                : (at[0] == ' ' || at[0] == '\t' || at[0] == '\n'))
            k++;
        else if (n - k >= 2 && (end ? !memcmp(at - 2, "\xc2\xa0", 2) : !memcmp(at, "\xc2\xa0", 2)))
            k += 2;
        else
            break;
    }
    return k;
}

/* open, n's content, close — with the content's outer white space moved
 * outside the markers (see the opening comment); nothing but that white
 * space when the content is empty. The content is written in place and
 * the markers moved around it, not built in a buffer of its own: runs
 * nest as deep as a book does (ROD_MAX_DEPTH), and a copy per level
 * would hold the text that many times. */
static void wrap(mdw *w, const rod_node *n, const char *open, const char *close)
{
    rod_buf *out = w->out;
    size_t at = out->len, o = strlen(open), c = strlen(close);
    rod_buf_adds(out, open);
    md_inlines(w, n);
    if (out->failed || !out->data)
        return;
    size_t body = at + o, end = out->len;
    size_t lead = edge_space(out->data + body, end - body, false);
    if (lead == end - body) {
        /* only white space: no markers at all */
        memmove(out->data + at, out->data + body, lead);
        out->len = at + lead;
        out->data[out->len] = '\0';
        return;
    }
    /* [open][lead] → [lead][open] */
    memmove(out->data + at, out->data + body, lead);
    memcpy(out->data + at + lead, open, o);
    size_t rest = at + lead + o;    /* the content, its lead gone */
    size_t trail = edge_space(out->data + rest, end - rest, true);
    /* [trail] + close → [close][trail] */
    if (!rod_buf_reserve(out, c))
        return;
    memmove(out->data + end - trail + c, out->data + end - trail, trail);
    memcpy(out->data + end - trail, close, c);
    out->len = end + c;
    out->data[out->len] = '\0';
}

static void md_inlines(mdw *w, const rod_node *n)
{
    for (const rod_node *c = n->first; c; c = c->next) {
        switch (c->kind) {
        case ROD_TEXT:
            esc_text(w->out, c->text, c->len);
            break;
        case ROD_BR:
            if (w->one_line) {
                rod_buf_addc(w->out, ' ');
                break;
            }
            rod_buf_adds(w->out, "\\\n");
            rod_buf_adds(w->out, w->prefix);
            break;
        case ROD_EM: wrap(w, c, "*", "*"); break;
        case ROD_STRONG: wrap(w, c, "**", "**"); break;
        case ROD_DEL: wrap(w, c, "~~", "~~"); break;
        case ROD_SUP: wrap(w, c, "^", "^"); break;
        case ROD_SUB: wrap(w, c, "~", "~"); break;
        case ROD_SC: wrap(w, c, "[", "]{.smallcaps}"); break;
        case ROD_CODE: {
            rod_buf text = ROD_BUF_INIT;
            rod_node_plain_text(c, &text);
            bool tick = text.data && strchr(text.data, '`');
            rod_buf_adds(w->out, tick ? "`` " : "`");
            rod_buf_add(w->out, text.data, text.len);
            rod_buf_adds(w->out, tick ? " ``" : "`");
            rod_buf_free(&text);
            break;
        }
        case ROD_SPAN:
            if (c->lang || c->dir) {
                rod_buf attrs = ROD_BUF_INIT;
                rod_buf_addc(&attrs, ']');
                rod_buf_addc(&attrs, '{');
                if (c->lang)
                    rod_buf_printf(&attrs, "lang=%s", c->lang);
                if (c->dir)
                    rod_buf_printf(&attrs, "%sdir=%s", c->lang ? " " : "",
                                   rod_dir_name((rod_dir)c->dir));
                rod_buf_addc(&attrs, '}');
                wrap(w, c, "[", attrs.data ? attrs.data : "]");
                rod_buf_free(&attrs);
            } else {
                md_inlines(w, c);
            }
            break;
        case ROD_A:
            if (!rod_link_ok(c->ref)) {
                /* never an address rod would not open (rod_link.h) */
                md_inlines(w, c);
                break;
            }
            /* a judged link has no space or <>; parentheses would end a
             * bare destination early, so those go in angle brackets */
            rod_buf dest = ROD_BUF_INIT;
            rod_buf_printf(&dest, strpbrk(c->ref, "()") ? "](<%s>)" : "](%s)", c->ref);
            wrap(w, c, "[", dest.data ? dest.data : "]()");
            rod_buf_free(&dest);
            break;
        case ROD_NOTEREF:
            if (!rod_link_inside(c->ref)) {
                md_inlines(w, c);
                break;
            }
            rod_buf_printf(w->out, "[^%s]", c->ref + 1);
            break;
        default:
            md_inlines(w, c);
            break;
        }
    }
}

/* The inline content of a text block the fenced div cannot reach (a verse
 * line, a list item), in a span that carries its dir. */
static void md_text_of(mdw *w, const rod_node *n)
{
    const char *dir = rod_dir_name((rod_dir)n->dir);
    if (!dir) {
        md_inlines(w, n);
        return;
    }
    char close[32];
    snprintf(close, sizeof close, "]{dir=%s}", dir);
    wrap(w, n, "[", close);
}

size_t rod_md_lost_dirs(const rod_doc *doc)
{
    size_t n = 0;
    for (const rod_node *c = doc->root; c; c = rod_node_next_in(c, doc->root)) {
        if (!c->dir || c == doc->root || c == doc->body)
            continue;
        bool in_head = false;
        for (const rod_node *p = c; p && !in_head; p = p->parent)
            in_head = p == doc->head;
        n += in_head || c->kind == ROD_NOTES || c->kind == ROD_NOTE || c->kind == ROD_BINARY ||
             (c->kind == ROD_ITEM && !rod_node_has_inline_content(c));
    }
    return n;
}

/* Whether the last line written is blank in the current nesting: empty
 * or nothing but quote markers and indentation. */
static bool at_blank(const mdw *w)
{
    const rod_buf *o = w->out;
    if (!o->len)
        return true;
    if (o->data[o->len - 1] != '\n')
        return false;
    for (size_t i = o->len - 1; i-- > 0 && o->data[i] != '\n';)
        if (o->data[i] != ' ' && o->data[i] != '>')
            return false;
    return o->len >= 2;
}

/* One blank line between blocks, carrying the prefix. */
static void blank_before(mdw *w, const char *prefix)
{
    if (w->out->len && !at_blank(w)) {
        rod_buf_adds(w->out, prefix);
        rod_buf_addc(w->out, '\n');
    }
}

static void para_start(mdw *w)
{
    blank_before(w, w->prefix);
    rod_buf_adds(w->out, w->prefix);
}

/* Text at the start of a block that Markdown would read as a list marker
 * ("- ", "+ ", "12. ", "3) ") is escaped: the block stays a paragraph. */
static void escape_marker(rod_buf *out, size_t at)
{
    const char *s = out->data + at, *end = out->data + out->len;
    size_t digits = 0;
    while (s + digits < end && s[digits] >= '0' && s[digits] <= '9')
        digits++;
    size_t mark = digits ? digits : 0;
    bool marker = digits ? digits < 10 && s + digits < end && (s[digits] == '.' || s[digits] == ')')
                         : s < end && (*s == '-' || *s == '+');
    if (!marker || (s + mark + 1 < end && s[mark + 1] != ' ' && s[mark + 1] != '\n'))
        return;
    rod_buf_addc(out, '\0');   /* room for the backslash */
    char *p = out->data + at + mark;
    memmove(p + 1, p, (size_t)(out->data + out->len - 1 - p));
    *p = '\\';
}

static void text_block(mdw *w, const rod_node *n, const char *lead)
{
    para_start(w);
    rod_buf_adds(w->out, lead);
    size_t at = w->out->len;
    if (n->kind == ROD_ITEM)
        md_text_of(w, n);
    else
        md_inlines(w, n);
    escape_marker(w->out, at);
    rod_buf_addc(w->out, '\n');
}

static void md_blocks(mdw *w, const rod_node *container, int depth);

/* A container's first block starts on a fresh, prefixed line after a blank
 * one; a list marker or a footnote label wants it on its own line instead,
 * so the white space written since `mark` is taken out again. */
static void pull_up(rod_buf *out, size_t mark)
{
    size_t skip = 0;
    while (mark + skip < out->len && (out->data[mark + skip] == ' ' || out->data[mark + skip] == '\n'))
        skip++;
    memmove(out->data + mark, out->data + mark + skip, out->len - mark - skip);
    out->len -= skip;
    if (out->data)
        out->data[out->len] = '\0';
}

static void with_prefix(mdw *w, const char *add, const rod_node *container, int depth)
{
    const char *saved = w->prefix;
    char prefix[256];
    snprintf(prefix, sizeof prefix, "%s%s", saved, add);
    w->prefix = prefix;
    md_blocks(w, container, depth);
    w->prefix = saved;
}

static void md_block_of(mdw *w, const rod_node *n, int depth);

/* A block with a dir of its own goes in a fenced div saying it. */
static void md_block(mdw *w, const rod_node *n, int depth)
{
    const char *dir = rod_dir_name((rod_dir)n->dir);
    if (!dir || n->kind == ROD_TEXT) {
        md_block_of(w, n, depth);
        return;
    }
    para_start(w);
    rod_buf_printf(w->out, "::: {dir=\"%s\"}\n", dir);
    md_block_of(w, n, depth);
    para_start(w);
    rod_buf_adds(w->out, ":::\n");
}

static void md_block_of(mdw *w, const rod_node *n, int depth)
{
    switch (n->kind) {
    case ROD_SECTION:
        md_blocks(w, n, depth + 1);
        break;
    case ROD_TITLE: {
        if (n->parent->kind == ROD_POEM) {
            text_block(w, n, "**");
            w->out->len--;
            rod_buf_adds(w->out, "**\n");
            break;
        }
        char hashes[8] = "######";
        hashes[depth < 6 ? depth : 6] = '\0';
        para_start(w);
        rod_buf_adds(w->out, hashes);
        rod_buf_addc(w->out, ' ');
        w->one_line = true;
        md_inlines(w, n);
        w->one_line = false;
        /* the section's id, so links to it lead somewhere */
        if (n->parent->kind == ROD_SECTION && n->parent->id)
            rod_buf_printf(w->out, " {#%s}", n->parent->id);
        rod_buf_addc(w->out, '\n');
        break;
    }
    case ROD_P:
        text_block(w, n, "");
        break;
    case ROD_CITE:
        text_block(w, n, "\xe2\x80\x94 ");
        break;
    case ROD_BREAK:
        para_start(w);
        rod_buf_adds(w->out, "* * *\n");
        break;
    case ROD_QUOTE:
    case ROD_EPIGRAPH:
        /* the blank line before a quote is outside it: pandoc reads a
         * "> " line straight after a paragraph as more of the paragraph */
        blank_before(w, w->prefix);
        with_prefix(w, "> ", n, depth);
        break;
    case ROD_POEM:
        md_blocks(w, n, depth);
        break;
    case ROD_STANZA:
        para_start(w);
        for (const rod_node *l = n->first; l; l = l->next) {
            if (l != n->first)
                rod_buf_adds(w->out, w->prefix);
            rod_buf_adds(w->out, "| ");
            md_text_of(w, l);
            rod_buf_addc(w->out, '\n');
        }
        break;
    case ROD_PRE: {
        rod_buf text = ROD_BUF_INIT;
        for (const rod_node *t = n->first; t; t = t->next)
            if (t->kind == ROD_TEXT)
                rod_buf_add(&text, t->text, t->len);
        const char *s = text.data ? text.data : "";
        /* a fence longer than any run of backticks inside, which would
         * otherwise close it early */
        char fence[64] = "```";
        for (size_t i = 0, run = 0; i < text.len; i++) {
            run = s[i] == '`' ? run + 1 : 0;
            if (run >= strlen(fence) && run + 1 < sizeof fence) {
                memset(fence, '`', run + 1);
                fence[run + 1] = '\0';
            }
        }
        para_start(w);
        rod_buf_adds(w->out, fence);
        rod_buf_addc(w->out, '\n');
        for (size_t i = 0; i <= text.len;) {
            const char *nl = memchr(s + i, '\n', text.len - i);
            size_t end = nl ? (size_t)(nl - s) : text.len;
            rod_buf_adds(w->out, w->prefix);
            rod_buf_add(w->out, s + i, end - i);
            rod_buf_addc(w->out, '\n');
            i = end + 1;
        }
        rod_buf_free(&text);
        rod_buf_adds(w->out, w->prefix);
        rod_buf_adds(w->out, fence);
        rod_buf_addc(w->out, '\n');
        break;
    }
    case ROD_LIST: {
        bool numbered = n->type && strcmp(n->type, "number") == 0;
        size_t k = 0;
        for (const rod_node *item = n->first; item; item = item->next) {
            char marker[32];
            if (numbered)
                snprintf(marker, sizeof marker, "%zu. ", ++k);
            else
                snprintf(marker, sizeof marker, "- ");
            if (rod_node_has_inline_content(item)) {
                text_block(w, item, marker);
            } else {
                para_start(w);
                rod_buf_adds(w->out, marker);
                size_t mark = w->out->len;
                with_prefix(w, "    ", item, depth);
                pull_up(w->out, mark);
            }
        }
        break;
    }
    case ROD_IMAGE: {
        para_start(w);
        rod_buf_adds(w->out, "![");
        if (n->alt)
            esc_text(w->out, n->alt, strlen(n->alt));
        rod_buf_adds(w->out, "](");
        const rod_node *bin = html_find_binary(w->doc, n->ref);
        if (bin) {
            rod_buf_printf(w->out, "data:%s;base64,", bin->type ? bin->type : "image/png");
            rod_base64_encode(bin->text, bin->len, 0, w->out);
        }
        rod_buf_adds(w->out, ")\n");
        break;
    }
    default:
        break;
    }
}

static void md_blocks(mdw *w, const rod_node *container, int depth)
{
    for (const rod_node *c = container->first; c; c = c->next)
        md_block(w, c, depth);
}

static void yaml_string(rod_buf *out, const char *key, const rod_node *n)
{
    rod_buf text = ROD_BUF_INIT;
    rod_node_plain_text(n, &text);
    rod_buf_printf(out, "%s: \"", key);
    for (size_t i = 0; i < text.len; i++) {
        char c = text.data[i];
        if (c == '"' || c == '\\')
            rod_buf_addc(out, '\\');
        rod_buf_addc(out, c == '\n' ? ' ' : c);
    }
    rod_buf_adds(out, "\"\n");
    rod_buf_free(&text);
}

void rod_write_md(const rod_doc *doc, rod_buf *out)
{
    mdw w = {doc, out, "", false};
    rod_buf_adds(out, "---\n");
    yaml_string(out, "title", doc->title);
    for (const rod_node *c = doc->head->first; c; c = c->next) {
        if (c->kind == ROD_SUBTITLE)
            yaml_string(out, "subtitle", c);
        else if (c->kind == ROD_CREATOR && (!c->type || strcmp(c->type, "author") == 0))
            yaml_string(out, "author", c);
    }
    if (doc->root->lang)
        rod_buf_printf(out, "lang: %s\n", doc->root->lang);
    if (doc->root->dir)
        rod_buf_printf(out, "dir: %s\n", rod_dir_name((rod_dir)doc->root->dir));
    rod_buf_adds(out, "---\n");
    const char *dir = rod_dir_name((rod_dir)doc->body->dir);
    if (dir)
        rod_buf_printf(out, "\n::: {dir=\"%s\"}\n", dir);
    md_blocks(&w, doc->body, 0);
    if (dir) {
        para_start(&w);
        rod_buf_adds(out, ":::\n");
    }
    if (doc->notes) {
        for (const rod_node *note = doc->notes->first; note; note = note->next) {
            if (note->kind != ROD_NOTE || !note->id)
                continue;
            para_start(&w);
            rod_buf_printf(out, "[^%s]: ", note->id);
            size_t mark = out->len;
            w.prefix = "    ";
            md_blocks(&w, note, 6);
            w.prefix = "";
            pull_up(out, mark);
        }
    }
}
