/* txt_read.c — plain text to a structured book.
 *
 * Pipeline: decode (txt_decode.c) → split lines → cut Gutenberg or archive
 * wrappers (txt_front.c) → group lines into chunks (paragraph candidates)
 * → classify each chunk as paragraph, verse, heading or scene break →
 * clean up (a run of headings with nothing between is a table of contents;
 * breaks never start or end a section) → build sections by heading level.
 *
 * How lines group into paragraphs depends on the text, decided once for
 * the whole book from its line statistics:
 *   - unwrapped text (long lines): every line is a paragraph;
 *   - blank-line separated: runs of non-blank lines;
 *   - indented: a deeper indent starts a paragraph;
 *   - otherwise a line ends its paragraph when the next line's first word
 *     would still have fit on it (so the line was not wrapped).
 * Within a blank-separated chunk the same "would it have fit" test tells
 * verse (lines broken by the poet) from prose wrapped by a program, and a
 * numeral line a sentence runs on into ("in the spring of" / "2022.") from
 * a heading. A title over an underline ("=====") is one heading chunk, not
 * a paragraph and a scene break.
 */
#include <stdlib.h>
#include <string.h>

#include "rod_utf8.h"
#include "txt_internal.h"

typedef enum chunk_kind { CH_PARA, CH_VERSE, CH_HEADING, CH_BREAK } chunk_kind;

typedef struct chunk {
    size_t first, n;        /* lines */
    unsigned blank_before;  /* blank lines before it */
    chunk_kind kind;
    int cls;                /* heading class (txt_heading_class) */
    bool bare;              /* heading is keyword + number only */
    bool has_subtitle;      /* the next chunk is this heading's subtitle */
    char underline;         /* a title over its underline: the underline's character */
} chunk;

typedef struct importer {
    txt_text t;
    chunk *chunks;
    size_t nchunks, cap;
    unsigned wrap;          /* the width the text was wrapped at (columns) */
    rod_doc *doc;
    rod_diag *diag;
    rod_buf scratch;
    unsigned char *heading; /* per line: 0 not yet classified, else 1 + 2*class + bare */
} importer;

static unsigned count_chars(const char *s, size_t n)
{
    return (unsigned)rod_utf8_count(s, n);
}

/* txt_heading_class() of line l, asked several times per line and so
 * remembered. */
static int line_heading(const importer *im, const txt_line *l, bool *bare)
{
    size_t i = (size_t)(l - im->t.lines);
    if (!im->heading[i]) {
        bool b;
        int cls = txt_heading_class(l->s, l->len, &b);
        im->heading[i] = (unsigned char)(1 + 2 * cls + b);
    }
    *bare = (im->heading[i] - 1) & 1;
    return (im->heading[i] - 1) >> 1;
}

/* Blank lines kept in a row: nothing after the split tells more than
 * three from three (the gap statistics saturate there), and keeping every
 * one made a file of newlines cost 32 bytes a byte. */
#define MAX_BLANK_RUN 3
/* Lines kept at most: a million, or one for every 16 bytes of text (a
 * line costs 32 bytes here, and a paragraph or more of the book's model);
 * War and Peace has 65,000, while a file of 64 MB can hold 32 million. */
#define MIN_MAX_LINES ((size_t)1000000)
#define BYTES_PER_LINE 16

static rod_err split_lines(importer *im, const char *s, size_t n)
{
    size_t k = 0, cap = 0, blank_run = 0, no = 0;
    size_t max_lines = n / BYTES_PER_LINE > MIN_MAX_LINES ? n / BYTES_PER_LINE : MIN_MAX_LINES;
    for (size_t i = 0; i <= n;) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - s) : n;
        size_t a = i;
        unsigned indent = 0;
        while (a < end && (s[a] == ' ' || s[a] == '\t')) {
            indent += s[a] == '\t' ? 4 : 1;
            a++;
        }
        size_t b = end;
        while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
            b--;
        i = end + 1;
        blank_run = b > a ? 0 : blank_run + 1;
        if (blank_run <= MAX_BLANK_RUN) {
            if (k == max_lines) {
                rod_error(im->diag, 0, 0, "the text has more than %zu lines (not counting runs "
                          "of blank ones), rod's limit for its size (one for every %d bytes, at "
                          "least %zu)", max_lines, BYTES_PER_LINE, MIN_MAX_LINES);
                return ROD_ERR_INPUT;
            }
            if (k == cap) {
                cap = cap ? cap * 2 : 1024;
                txt_line *more = realloc(im->t.lines, cap * sizeof *more);
                if (!more)
                    return ROD_ERR_NOMEM;
                im->t.lines = more;
            }
            txt_line *l = &im->t.lines[k++];
            l->s = s + a;
            l->len = b - a;
            l->indent = l->len ? indent : 0;
            l->chars = count_chars(l->s, l->len);
            l->no = no;
        }
        no++;
        if (!nl)
            break;
    }
    im->heading = calloc(k ? k : 1, 1);
    if (!im->heading)
        return ROD_ERR_NOMEM;
    im->t.n = k;
    return ROD_OK;
}

/* The line width at the given percentile of non-blank lines (0..100),
 * counted in a histogram: widths past 1023 columns share the last bin,
 * which only ever says "very long". */
static unsigned width_percentile(const importer *im, unsigned pct)
{
    enum { BINS = 1024 };
    size_t hist[BINS] = {0}, n = 0;
    for (size_t i = im->t.first; i < im->t.end; i++) {
        const txt_line *l = &im->t.lines[i];
        if (l->len) {
            size_t w = (size_t)l->chars + l->indent;
            hist[w < BINS ? w : BINS - 1]++;
            n++;
        }
    }
    if (n == 0)
        return 0;
    size_t rank = (n - 1) * pct / 100, seen = 0;
    for (unsigned w = 0; w < BINS; w++) {
        seen += hist[w];
        if (seen > rank)
            return w;
    }
    return BINS - 1;
}

static size_t first_word_chars(const txt_line *l)
{
    size_t i = 0;
    while (i < l->len && l->s[i] != ' ')
        i++;
    return count_chars(l->s, i);
}

/* Would the first word of `next` have fitted on `line`? Then the author,
 * not the wrapping, ended the line. */
static bool would_fit(const importer *im, const txt_line *line, const txt_line *next)
{
    return line->indent + line->chars + 1 + first_word_chars(next) < im->wrap;
}

/* The last character of a line that ends a sentence: . ! ? and closing
 * quotes or brackets. */
static bool ends_with_stop(const txt_line *l)
{
    if (!l->len)
        return false;
    if (memchr(".!?\"')]", l->s[l->len - 1], 7))
        return true;
    size_t i = l->len;
    while (i > 0 && ((unsigned char)l->s[i - 1] & 0xC0) == 0x80)
        i--;
    uint32_t cp = 0;
    if (i > 0)
        rod_utf8_decode(l->s + i - 1, l->len - i + 1, &cp);
    return cp == 0x201D || cp == 0x2019 || cp == 0xBB || cp == 0x2026;
}

/* Does `line` run on into `next`, a wrapped sentence going on? Then next
 * is no heading even if it reads like one ("in the spring of" / "2022."):
 * the line above ended no sentence, and ran to the wrapping width — or,
 * at next's indent, ends in a lower-case word or a comma: a note indented
 * and wrapped narrower than the text ("He died in" / "1409." in
 * Machiavelli's Prince) stops short of the width and still runs on. */
static bool runs_on(const importer *im, const txt_line *line, const txt_line *next)
{
    if (ends_with_stop(line))
        return false;
    char last = line->len ? line->s[line->len - 1] : 0;
    return !would_fit(im, line, next) ||
           (line->indent == next->indent && ((last >= 'a' && last <= 'z') || last == ','));
}

static bool add_chunk(importer *im, size_t first, size_t n, unsigned blank_before)
{
    if (im->nchunks == im->cap) {
        size_t cap = im->cap ? im->cap * 2 : 1024;
        chunk *c = realloc(im->chunks, cap * sizeof *c);
        if (!c)
            return false;
        im->chunks = c;
        im->cap = cap;
    }
    im->chunks[im->nchunks++] = (chunk){first, n, blank_before, CH_PARA, 0, false, false, 0};
    return true;
}

typedef enum mode { MODE_LINES, MODE_BLANK, MODE_INDENT, MODE_FIT } mode;

static mode choose_mode(importer *im, unsigned *base_indent)
{
    size_t blank = 0, nonblank = 0, deeper = 0;
    unsigned indent_hist[9] = {0};
    for (size_t i = im->t.first; i < im->t.end; i++) {
        const txt_line *l = &im->t.lines[i];
        if (!l->len)
            blank++;
        else {
            nonblank++;
            indent_hist[l->indent < 8 ? l->indent : 8]++;
        }
    }
    unsigned base = 0;
    for (unsigned k = 1; k < 9; k++)
        if (indent_hist[k] > indent_hist[base])
            base = k;
    *base_indent = base;
    for (size_t i = im->t.first; i < im->t.end; i++)
        if (im->t.lines[i].len && im->t.lines[i].indent > base)
            deeper++;
    if (width_percentile(im, 90) > 120)
        return MODE_LINES;
    if (nonblank == 0 || blank * 20 >= nonblank)
        return MODE_BLANK;
    if (deeper * 20 >= nonblank)
        return MODE_INDENT;
    return MODE_FIT;
}

static bool make_chunks(importer *im)
{
    unsigned base;
    mode m = choose_mode(im, &base);
    size_t i = im->t.first;
    while (i < im->t.end) {
        unsigned blank = 0;
        while (i < im->t.end && im->t.lines[i].len == 0) {
            blank++;
            i++;
        }
        if (i == im->t.end)
            break;
        size_t start = i++;
        while (i < im->t.end && im->t.lines[i].len) {
            const txt_line *prev = &im->t.lines[i - 1], *l = &im->t.lines[i];
            bool split = false;
            /* A title and its underline are one chunk in any mode; the
             * line after the underline starts the next (it is an ornament
             * line, below). */
            if (i - 1 == start && txt_underline(prev, l)) {
                i++;
                continue;
            }
            if (m == MODE_LINES)
                split = true;
            else if (m == MODE_INDENT)
                split = l->indent > base;
            else if (m == MODE_FIT)
                split = would_fit(im, prev, l);
            /* A heading or ornament line stands alone in any mode, unless
             * the sentence above runs on into it. */
            bool bare;
            if (!split && (txt_is_break_line(l->s, l->len) ||
                           (line_heading(im, l, &bare) && bare && !runs_on(im, prev, l))))
                split = true;
            if (!split && txt_is_break_line(prev->s, prev->len))
                split = true;
            if (split) {
                if (!add_chunk(im, start, i - start, blank))
                    return false;
                blank = 0;
                start = i;
            }
            i++;
        }
        if (!add_chunk(im, start, i - start, blank))
            return false;
    }
    return true;
}

static size_t chunk_chars(const importer *im, const chunk *c)
{
    size_t total = 0;
    for (size_t k = 0; k < c->n; k++)
        total += im->t.lines[c->first + k].chars + 1;
    return total;
}

/* Verse: most lines end where the next word would still have fitted, and
 * the lines are clearly shorter than the text's measure (a prose paragraph
 * wrapped by hand at a varying width passes the first test now and then,
 * never the second). */
static bool is_verse(const importer *im, const chunk *c)
{
    if (c->n < 2)
        return false;
    size_t fits = 0, total = 0;
    for (size_t k = 0; k < c->n; k++) {
        const txt_line *l = &im->t.lines[c->first + k];
        total += l->chars + l->indent;
        if (k + 1 < c->n && would_fit(im, l, &im->t.lines[c->first + k + 1]))
            fits++;
    }
    return fits * 5 >= (c->n - 1) * 3 && total * 4 <= (size_t)im->wrap * 3 * c->n;
}

/* Underlined titles take their level from the underline's character:
 * the highest the book uses, in the order Texinfo gives them (* chapter,
 * = section, - subsection; setext's = over - agrees), makes a part, any
 * lower one a chapter. One character throughout makes parts alone. */
static void classify_underlined(importer *im)
{
    static const char order[] = "*=-~";
    size_t top = sizeof order - 1;
    for (size_t i = 0; i < im->nchunks; i++) {
        chunk *c = &im->chunks[i];
        if (c->n != 2)
            continue;
        c->underline = txt_underline(&im->t.lines[c->first], &im->t.lines[c->first + 1]);
        size_t rank = c->underline ? (size_t)(strchr(order, c->underline) - order) : top;
        if (rank < top)
            top = rank;
    }
    for (size_t i = 0; i < im->nchunks; i++) {
        chunk *c = &im->chunks[i];
        if (c->underline) {
            c->kind = CH_HEADING;
            c->cls = c->underline == order[top] ? 1 : 2;
        }
    }
}

static void classify(importer *im)
{
    classify_underlined(im);
    for (size_t i = 0; i < im->nchunks; i++) {
        chunk *c = &im->chunks[i];
        const txt_line *l = &im->t.lines[c->first];
        if (c->underline)
            continue;
        if (c->n == 1 && txt_is_break_line(l->s, l->len)) {
            c->kind = CH_BREAK;
            continue;
        }
        bool bare;
        int cls = line_heading(im, l, &bare);
        if (cls && c->n <= 3 && chunk_chars(im, c) <= 200) {
            c->kind = CH_HEADING;
            c->cls = cls;
            c->bare = bare && c->n == 1;
            continue;
        }
        c->kind = is_verse(im, c) ? CH_VERSE : CH_PARA;
    }
}

static bool ends_sentence(const txt_line *l)
{
    if (!l->len)
        return false;
    char last = l->s[l->len - 1];
    return strchr(".?!,;:\"'", last) != NULL || (unsigned char)last >= 0x80;
}

static bool all_upper_ascii(const txt_line *l)
{
    bool letters = false;
    for (size_t i = 0; i < l->len; i++) {
        if (l->s[i] >= 'a' && l->s[i] <= 'z')
            return false;
        letters |= l->s[i] >= 'A' && l->s[i] <= 'Z';
    }
    return letters;
}

/* Parts and front or back matter sit at the top, chapters below. */
static int heading_level(const chunk *c)
{
    return c->cls == 2 ? 2 : 1;
}

/* Tables of contents, subtitles and stray breaks. */
static void tidy(importer *im)
{
    /* Three or more headings in a row with nothing between them are a
     * table of contents: keep them as paragraphs. The real headings that
     * follow a contents list directly ("BOOK ONE", "CHAPTER I") end the
     * run; they are its last entries of strictly deepening level. */
    size_t i = 0;
    while (i < im->nchunks) {
        size_t j = i;
        while (j < im->nchunks && im->chunks[j].kind == CH_HEADING)
            j++;
        if (j - i >= 3) {
            size_t keep = j - 1;
            while (keep > i && heading_level(&im->chunks[keep - 1]) < heading_level(&im->chunks[keep]))
                keep--;
            for (size_t k = i; k < keep; k++)
                im->chunks[k].kind = CH_PARA;
        }
        i = j > i ? j : i + 1;
    }
    /* A short line right after a bare heading, followed by more text, is
     * the chapter's name: "CHAPTER I" / "The Beginning". */
    for (i = 0; i + 2 < im->nchunks; i++) {
        chunk *h = &im->chunks[i], *s = &im->chunks[i + 1];
        if (h->kind != CH_HEADING || !h->bare || s->kind != CH_PARA || s->n != 1)
            continue;
        const txt_line *l = &im->t.lines[s->first];
        if (l->chars <= 70 && (!ends_sentence(l) || all_upper_ascii(l)) &&
            im->chunks[i + 2].kind != CH_HEADING && l->s[0] != '"' && l->s[0] != '\'')
            h->has_subtitle = true;
    }
}

static void add_joined(importer *im, rod_node *parent, const chunk *c, size_t from, size_t to)
{
    rod_buf_clear(&im->scratch);
    for (size_t k = from; k < to; k++) {
        const txt_line *l = &im->t.lines[c->first + k];
        if (k > from)
            rod_buf_addc(&im->scratch, ' ');
        rod_buf_add(&im->scratch, l->s, l->len);
    }
    rod_node_add_text(im->doc, parent, im->scratch.data ? im->scratch.data : "", im->scratch.len);
}

static void add_lines_br(importer *im, rod_node *p, const chunk *c)
{
    for (size_t k = 0; k < c->n; k++) {
        if (k)
            rod_node_add(im->doc, p, ROD_BR);
        const txt_line *l = &im->t.lines[c->first + k];
        rod_node_add_text(im->doc, p, l->s, l->len);
    }
}

static bool first_line_bare(const importer *im, const chunk *c)
{
    const txt_line *l = &im->t.lines[c->first];
    bool bare = false;
    return line_heading(im, l, &bare) && bare;
}

/* A footnote set as its own paragraph: "* text", "*(2) text", "[1] text". */
static bool is_footnote_para(const importer *im, const chunk *c)
{
    const txt_line *l = &im->t.lines[c->first];
    return c->kind != CH_HEADING && l->len > 2 && (l->s[0] == '*' || l->s[0] == '[');
}

/* Two or more blank lines, more than the text's usual gap, between two
 * paragraphs of a story (not in the front matter, not around a heading or
 * the footnotes Gutenberg texts set off with extra space) mark a scene
 * break. */
static bool gap_is_break(const importer *im, size_t i, unsigned usual, bool in_story)
{
    const chunk *c = &im->chunks[i];
    if (!in_story || c->blank_before < 2 || c->blank_before <= usual)
        return false;
    if (c->kind == CH_HEADING || im->chunks[i - 1].kind == CH_HEADING)
        return false;
    return !is_footnote_para(im, c) && !is_footnote_para(im, &im->chunks[i - 1]);
}

static bool build(importer *im)
{
    rod_doc *doc = im->doc;
    bool has_parts = false, has_headings = false, seen_heading = false;
    for (size_t i = 0; i < im->nchunks; i++) {
        if (im->chunks[i].kind == CH_HEADING && im->chunks[i].cls == 1)
            has_parts = true;
        has_headings |= im->chunks[i].kind == CH_HEADING;
    }

    /* the break threshold: blank runs longer than the usual gap */
    size_t hist[4] = {0};
    for (size_t i = 1; i < im->nchunks; i++)
        hist[im->chunks[i].blank_before < 3 ? im->chunks[i].blank_before : 3]++;
    unsigned usual = hist[1] >= hist[0] ? 1 : 0;
    if (hist[2] > hist[1] && hist[2] > hist[0])
        usual = 2;

    rod_node *part = NULL, *chapter = NULL;   /* open sections */
    rod_node *poem = NULL;          /* open poem for consecutive stanzas */
    bool pending_break = false;

    for (size_t i = 0; i < im->nchunks; i++) {
        chunk *c = &im->chunks[i];
        rod_node *into = chapter ? chapter : part ? part : doc->body;
        if (c->kind == CH_BREAK || (i > 0 && gap_is_break(im, i, usual, seen_heading || !has_headings))) {
            /* A break only between two blocks of the same section. */
            pending_break = into->last && into->last->kind != ROD_TITLE;
            if (c->kind == CH_BREAK)
                continue;
        }
        if (c->kind == CH_HEADING) {
            seen_heading = true;
            bool is_chapter = c->cls == 2 && has_parts;
            rod_node *sec = rod_node_add(doc, is_chapter && part ? part : doc->body, ROD_SECTION);
            rod_node *title = sec ? rod_node_add(doc, sec, ROD_TITLE) : NULL;
            if (!title)
                return false;
            if (c->underline) {
                add_joined(im, title, c, 0, 1);
            } else if (c->n > 1 && first_line_bare(im, c)) {
                /* "CHAPTER II" / "The Second Night": the name on its own line */
                add_joined(im, title, c, 0, 1);
                rod_node_add(doc, title, ROD_BR);
                add_joined(im, title, c, 1, c->n);
            } else {
                add_joined(im, title, c, 0, c->n);
            }
            if (c->has_subtitle) {
                chunk *sub = &im->chunks[++i];
                rod_node_add(doc, title, ROD_BR);
                add_joined(im, title, sub, 0, sub->n);
            }
            if (is_chapter) {
                chapter = sec;
            } else {
                part = sec;
                chapter = NULL;
            }
            poem = NULL;
            pending_break = false;
            continue;
        }
        if (pending_break) {
            rod_node_add(doc, into, ROD_BREAK);
            pending_break = false;
            poem = NULL;
        }
        if (c->kind == CH_VERSE && c->n >= 4) {
            if (!poem || into->last != poem) {
                poem = rod_node_add(doc, into, ROD_POEM);
                if (!poem)
                    return false;
            }
            rod_node *stanza = rod_node_add(doc, poem, ROD_STANZA);
            for (size_t k = 0; stanza && k < c->n; k++) {
                rod_node *line = rod_node_add(doc, stanza, ROD_LINE);
                if (!line)
                    return false;
                add_joined(im, line, c, k, k + 1);
            }
            continue;
        }
        poem = NULL;
        rod_node *p = rod_node_add(doc, into, ROD_P);
        if (!p)
            return false;
        if (c->kind == CH_VERSE)
            add_lines_br(im, p, c);
        else
            add_joined(im, p, c, 0, c->n);
    }
    return !im->scratch.failed;
}

static void set_text(rod_doc *doc, rod_node *node, const char *s, size_t n)
{
    rod_node_add_text(doc, node, s, n);
}

static void fill_head(importer *im, const txt_meta *meta, const rod_read_opts *opts,
                      const char *text, size_t len)
{
    rod_doc *doc = im->doc;
    const char *author = meta->author, *subtitle = meta->subtitle;
    size_t author_len = meta->author_len, subtitle_len = meta->subtitle_len;
    if (meta->title)
        set_text(doc, doc->title, meta->title, meta->title_len);
    else if (opts && opts->title)
        set_text(doc, doc->title, opts->title, strlen(opts->title));
    else {
        /* the story's own title page (txt_front.c) */
        txt_meta page = {0};
        if (txt_title_page(&im->t, &page)) {
            set_text(doc, doc->title, page.title, page.title_len);
            if (!author && page.author) {
                author = page.author;
                author_len = page.author_len;
            }
            if (page.subtitle) {
                subtitle = page.subtitle;
                subtitle_len = page.subtitle_len;
            }
        }
        if (!doc->title->first)
            set_text(doc, doc->title, "Untitled", 8);
    }
    if (subtitle)
        set_text(doc, rod_node_add(doc, doc->head, ROD_SUBTITLE), subtitle, subtitle_len);
    if (author)
        set_text(doc, rod_node_add(doc, doc->head, ROD_CREATOR), author, author_len);
    if (meta->translator) {
        rod_node *c = rod_node_add(doc, doc->head, ROD_CREATOR);
        c->type = "translator";
        set_text(doc, c, meta->translator, meta->translator_len);
    }
    if (meta->summary_first) {
        rod_node *d = rod_node_add(doc, doc->head, ROD_DESCRIPTION);
        const char *s = meta->summary_first;
        /* summary lines are consecutive in the decoded text */
        size_t k = 0;
        const char *p = s;
        while (k < meta->summary_lines && p < text + len) {
            const char *nl = memchr(p, '\n', (size_t)(text + len - p));
            if (!nl)
                nl = text + len;
            if (nl > p) {
                rod_node *para = rod_node_add(doc, d, ROD_P);
                set_text(doc, para, p, (size_t)(nl - p));
            }
            p = nl + 1;
            k++;
        }
    }
    const char *lang = meta->lang;
    if (!lang && opts && opts->lang)
        lang = opts->lang;
    if (!lang && im->t.end > im->t.first) {
        const char *from = im->t.lines[im->t.first].s;
        const txt_line *last = &im->t.lines[im->t.end - 1];
        lang = txt_guess_lang(from, (size_t)(last->s + last->len - from));
    }
    if (lang)
        doc->root->lang = rod_doc_str(doc, lang);
    /* the book's direction, which makes its pages progress right to left */
    if (rod_lang_dir(lang) == ROD_DIR_RTL ||
        (im->t.end > im->t.first &&
         txt_mostly_rtl(im->t.lines[im->t.first].s, (size_t)(im->t.lines[im->t.end - 1].s +
                                                            im->t.lines[im->t.end - 1].len -
                                                            im->t.lines[im->t.first].s))))
        doc->root->dir = ROD_DIR_RTL;
}

rod_err rod_read_txt(const char *data, size_t len, const rod_read_opts *opts,
                     rod_diag *diag, rod_doc **out, rod_txt_stats *stats)
{
    *out = NULL;
    rod_txt_stats local = {0};
    if (!stats)
        stats = &local;
    *stats = (rod_txt_stats){0};
    importer im = {0};
    im.diag = diag;
    rod_buf text = ROD_BUF_INIT;
    rod_err err = ROD_ERR_NOMEM;

    txt_decode(data, len, &text, diag);
    if (text.failed)
        goto cleanup;
    const char *s = text.data ? text.data : "";
    err = split_lines(&im, s, text.len);
    if (err != ROD_OK)
        goto cleanup;
    err = ROD_ERR_NOMEM;
    txt_meta meta = {0};
    txt_strip_front_back(&im.t, &meta, stats, diag);
    im.wrap = width_percentile(&im, 95) + 1;
    if (!make_chunks(&im))
        goto cleanup;
    classify(&im);
    tidy(&im);

    im.doc = rod_doc_new();
    if (!im.doc)
        goto cleanup;
    rod_doc_budget(im.doc, len);
    fill_head(&im, &meta, opts, s, text.len);
    if (!build(&im))
        goto cleanup;
    err = rod_doc_finish(im.doc, diag);
    if (err == ROD_OK && opts && opts->smart)
        err = rod_smarten(im.doc);
    if (err == ROD_OK && im.doc->nblocks <= 1)
        rod_warn(diag, 0, 0, "the text is empty");

cleanup:
    err = rod_doc_limit_err(im.doc, diag, err);
    if (err == ROD_OK) {
        *out = im.doc;
    } else {
        rod_doc_free(im.doc);
    }
    free(im.t.lines);
    free(im.heading);
    free(im.chunks);
    rod_buf_free(&im.scratch);
    rod_buf_free(&text);
    return err;
}
