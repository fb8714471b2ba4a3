/* cmd_annotations.c — `rod annotations`: list, add, delete, export and
 * import a book's annotations from the command line.
 *
 * Annotations belong to a book's text (its fingerprint). Every command
 * that names a book reads it, finds its annotations, and anchors each one
 * in the text as it is now (spec §3's four rules), so what is listed or
 * exported is where the words are today; an annotation that cannot be
 * found is listed as orphaned with its quote, never dropped. If the file
 * at a path the library knows has new text, the library is told first, so
 * the annotations move to the new edition.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "rod_anchor.h"
#include "rod_clean.h"
#include "rod_export.h"
#include "rod_format.h"
#include "rod_fonts.h"
#include "rod_layout.h"
#include "rod_library.h"
#include "rod_outfile.h"
#include "settings.h"
#include "rod_render.h"

static const char help[] =
    "usage: rod annotations COMMAND [OPTIONS]\n"
    "\n"
    "Highlights, notes and bookmarks, kept in the library with the text they\n"
    "mark, so they survive a new window size, a new font, a converted copy or\n"
    "a new edition of the book.\n"
    "\n"
    "Commands:\n"
    "  list BOOK [--orphaned] [--reader NAME] [--tag TAG]\n"
    "        every annotation: id, kind, colour, reader, range, how it anchored\n"
    "        (exact, moved, fuzzy or orphaned), the quote, the note, the tags\n"
    "  add BOOK --at B:O[-B:O] [--note TEXT] [--color C] [--tag TAG]...\n"
    "           [--bookmark] [--reader NAME]\n"
    "  add BOOK --reply-to ID --note TEXT [--reader NAME]\n"
    "        mark the text from position B:O to B:O (block:offset, as `rod\n"
    "        info` and `rod paginate` count them); with one position and\n"
    "        --bookmark, a bookmark. C: amber (default), green, blue, rose,\n"
    "        violet, underline. Prints the new annotation's id. --reply-to\n"
    "        answers the note ID (another reader's, say): the reply stands\n"
    "        under it, on its passage, in lists, exports and the window.\n"
    "  delete ID...\n"
    "  export BOOK [--format md|html|json|rodnotes] [-o FILE] [--no-pages]\n"
    "        md and html read as notes for a discussion (chapter, quote, note,\n"
    "        reader, page as rod lays it out by default); json is W3C Web\n"
    "        Annotation; rodnotes is the exchange file other readers import\n"
    "  import FILE.rodnotes [--book BOOK]\n"
    "        merge another reader's annotations by id: new ones are added, a\n"
    "        newer version replaces an older one, the same file twice changes\n"
    "        nothing. --book anchors them in BOOK (another edition, a\n"
    "        converted copy) instead of the text the file names.\n"
    "\n"
    "Options:\n"
    "  --library PATH   use this library file (see `rod library --help`)\n"
    "  -h, --help       this help\n"
    "\n"
    "The reader's name is --reader, else $ROD_READER, else your full name\n"
    "from the system, else your login name.\n";

/* The name annotations are signed with. */
/* A book opened for annotation work. */
typedef struct book_ctx {
    const char *path;
    rod_doc *doc;
    rod_text text;
    char fp[72];
} book_ctx;

static void book_close(book_ctx *b)
{
    rod_text_free(&b->text);
    rod_doc_free(b->doc);
    memset(b, 0, sizeof *b);
}

/* Reads the book and tells the library about it first, as opening it in
 * the window does: a file it does not know joins the catalog, and a new
 * edition at a known path or another text of a known book (a conversion)
 * brings that text's notes with it. */
static int book_open(rod_lib *lib, const char *path, book_ctx *b)
{
    memset(b, 0, sizeof *b);
    b->path = path;
    const char *format;
    int code = cli_read_book(path, &b->doc, &format);
    if (code >= 0)
        return code;
    rod_doc_fingerprint(b->doc, b->fp);
    rod_lib_book known;
    bool found = false;
    rod_err err = rod_lib_find(lib, path, NULL, &known, &found);
    bool changed = found && strcmp(known.fingerprint, b->fp) != 0;
    rod_lib_book_clear(&known);
    if (err == ROD_OK && (changed || !found)) {
        rod_lib_add_result res;
        err = rod_lib_add(lib, path, b->doc, format, &res);
        if (err == ROD_OK && res.what == ROD_LIB_EDITION)
            fprintf(stderr, "%s has new text since it was added; its annotations moved with it: "
                    "%zu in place, %zu moved, %zu changed a little, %zu orphaned\n", path,
                    res.anchored, res.moved, res.fuzzy, res.orphaned);
        else if (err == ROD_OK && res.related && rod_lib_add_notes(&res))
            fprintf(stderr, "%s is another text of a book in the library; annotations came over: "
                    "%zu in place, %zu moved, %zu changed a little, %zu orphaned\n", path,
                    res.anchored, res.moved, res.fuzzy, res.orphaned);
    }
    if (err == ROD_OK)
        err = rod_text_build(b->doc, &b->text);
    if (err != ROD_OK) {
        cli_error("%s", err == ROD_ERR_NOMEM ? "out of memory" : rod_lib_message(lib));
        book_close(b);
        return cli_exit_code(err);
    }
    return -1;
}

static bool has_tag(const rod_annot *a, const char *tag)
{
    for (size_t i = 0; i < a->ntags; i++)
        if (strcmp(a->tags[i], tag) == 0)
            return true;
    return false;
}

/* The first `max` characters of s on one line, escaped for the terminal. */
static void print_quoted(const char *label, const char *s, size_t max)
{
    printf("    %s", label);
    size_t chars = 0, n = 0;
    for (; s[n]; n++)
        if ((s[n] & 0xC0) != 0x80 && ++chars > max)
            break;
    rod_clean_print(stdout, s, n);
    if (s[n])
        fputs("\xE2\x80\xA6", stdout);
    putchar('\n');
}

/* A command-line value the field may not hold: refused, naming it. */
static bool refused(const char *option, const char *value, rod_field kind)
{
    size_t at;
    uint32_t cp;
    if (!rod_clean_find(value, strlen(value), kind, &at, &cp))
        return false;
    if (cp == ROD_CLEAN_BAD_BYTE)
        cli_error("annotations add: %s is not UTF-8 text (byte %zu)", option, at);
    else
        cli_error("annotations add: %s holds U+%04X at byte %zu; %s", option, (unsigned)cp, at,
                  kind == ROD_FIELD_NAME ? "a name or a tag may not hold control characters or "
                  "bidi overrides" : "a note may not hold control characters other than tab "
                  "and line feed");
    return true;
}

static int do_list(rod_lib *lib, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"orphaned", no_argument, NULL, 'o'},
        {"reader", required_argument, NULL, 'r'},
        {"tag", required_argument, NULL, 't'},
        {NULL, 0, NULL, 0},
    };
    bool orphaned_only = false;
    const char *reader = NULL, *tag = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': orphaned_only = true; break;
        case 'r': reader = optarg; break;
        case 't': tag = optarg; break;
        default: return cli_usage_error("annotations", "list: unknown option");
        }
    }
    if (optind != argc - 1)
        return cli_usage_error("annotations", "list: name one book");
    book_ctx b;
    int code = book_open(lib, argv[optind], &b);
    if (code >= 0)
        return code;
    rod_notes set = {0};
    rod_err err = rod_lib_annot_list(lib, b.fp, &set);
    size_t shown = 0, orphans = 0;
    rod_anchor *where = NULL;
    size_t *stack = NULL, *order = NULL;
    unsigned *depth = NULL;
    rod_threads t = {0};
    if (err == ROD_OK && (!(where = calloc(set.n + 1, sizeof *where)) ||
                          !(stack = calloc(2 * set.n + 1, sizeof *stack)) ||
                          !(order = calloc(set.n + 1, sizeof *order)) || !(depth = calloc(set.n + 1, sizeof *depth))))
        err = ROD_ERR_NOMEM;
    for (size_t i = 0; i < set.n && err == ROD_OK; i++)
        err = rod_anchor_find(&b.text, &set.items[i], &where[i]);
    if (err == ROD_OK)
        err = rod_threads_of(&set, &t);
    /* in reading order, each note followed by its replies (indented, on
     * the passage of the note they answer, wherever that is now) */
    for (size_t r = 0; r < set.n && err == ROD_OK; r++) {
        if (t.parent[r] != ROD_THREAD_NONE)
            continue;
        size_t m = rod_threads_walk(&t, r, stack, order, depth);
        for (size_t k = 0; k < m; k++) {
            const rod_annot *a = &set.items[order[k]];
            const rod_anchor *w = &where[r];
            orphans += w->status == ROD_ANCHOR_ORPHANED;
            if ((orphaned_only && w->status != ROD_ANCHOR_ORPHANED) ||
                (reader && strcmp(a->reader ? a->reader : "", reader) != 0) || (tag && !has_tag(a, tag)))
                continue;
            shown++;
            unsigned d = depth[k] < 6 ? depth[k] : 6;
            for (unsigned j = 0; j < d; j++)
                fputs("  ", stdout);
            if (d)
                fputs("\xE2\x86\xB3 ", stdout);     /* ↳ */
            rod_clean_puts(stdout, a->id);
            printf("  %s  ", depth[k] ? "reply" : rod_annot_type_name(a->type));
            rod_clean_puts(stdout, a->type == ROD_ANNOT_BOOKMARK || depth[k] ? "-" : a->color);
            fputs("  ", stdout);
            rod_clean_puts(stdout, a->reader ? a->reader : "-");
            printf("  %zu:%zu", w->start.block, w->start.offset);
            if (set.items[r].has_end)
                printf("-%zu:%zu", w->end.block, w->end.offset);
            printf("  %s", rod_anchor_status_name(w->status));
            if (w->status == ROD_ANCHOR_FUZZY)
                printf(" (%.0f%% alike)", w->similarity * 100);
            if (depth[k]) {
                fputs("  to ", stdout);
                rod_clean_puts(stdout, set.items[t.parent[order[k]]].id);
            }
            putchar('\n');
            if (!depth[k])
                print_quoted("\xE2\x80\x9C", a->quote, 100);
            if (a->body)
                print_quoted("note: ", a->body, 200);
            for (size_t tg = 0; tg < a->ntags; tg++) {
                fputs(tg ? ", " : "    tags: ", stdout);
                rod_clean_puts(stdout, a->tags[tg]);
            }
            if (a->ntags)
                putchar('\n');
        }
    }
    rod_threads_free(&t);
    free(where);
    free(stack);
    free(order);
    free(depth);
    if (err == ROD_OK)
        fprintf(stderr, "%zu annotation%s", shown, shown == 1 ? "" : "s");
    if (err == ROD_OK && orphans)
        fprintf(stderr, " (%zu of the book's are orphaned: their text was not found)", orphans);
    if (err == ROD_OK)
        fputc('\n', stderr);
    else
        cli_error("%s", err == ROD_ERR_NOMEM ? "out of memory" : rod_lib_message(lib));
    rod_notes_free(&set);
    book_close(&b);
    return cli_exit_code(err);
}

/* A reply's passage is a copy of the note it answers (rod_annot.h), so a
 * reader that knows no replies still shows it there: the note is looked
 * up on this text, where it is anchored now. -1 when found. */
static int reply_passage(rod_lib *lib, book_ctx *b, const char *id, rod_annot *a)
{
    rod_annot parent = {0};
    bool found = false;
    rod_err err = rod_lib_annot_get(lib, b->fp, id, &parent, &found);
    int code = -1;
    rod_anchor where;
    if (err != ROD_OK) {
        cli_error("%s", err == ROD_ERR_NOMEM ? "out of memory" : rod_lib_message(lib));
        code = cli_exit_code(err);
    } else if (!found) {
        cli_error("annotations add: %s has no annotation %s (`rod annotations list %s` shows their ids)",
                  b->path, id, b->path);
        code = EXIT_USAGE;
    } else if ((err = rod_anchor_find(&b->text, &parent, &where)) != ROD_OK) {
        code = cli_exit_code(err);
    } else {
        if (where.status != ROD_ANCHOR_ORPHANED) {
            parent.start = where.start;
            parent.end = where.end;
        }
        a->start = parent.start;
        a->end = parent.end;
        a->has_end = parent.has_end;
        if (!rod_annot_set(&a->quote, parent.quote) || !rod_annot_set(&a->prefix, parent.prefix) ||
            !rod_annot_set(&a->suffix, parent.suffix) || !rod_annot_set(&a->reply_to, parent.id))
            code = EXIT_IO;
    }
    rod_annot_clear(&parent);
    return code;
}

static int do_add(rod_lib *lib, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"at", required_argument, NULL, 'a'},
        {"note", required_argument, NULL, 'n'},
        {"color", required_argument, NULL, 'c'},
        {"colour", required_argument, NULL, 'c'},
        {"tag", required_argument, NULL, 't'},
        {"bookmark", no_argument, NULL, 'b'},
        {"reader", required_argument, NULL, 'r'},
        {"reply-to", required_argument, NULL, 'R'},
        {NULL, 0, NULL, 0},
    };
    const char *at = NULL, *note = NULL, *color = "amber", *reader = NULL, *reply_to = NULL;
    bool bookmark = false;
    rod_annot a = {0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'a': at = optarg; break;
        case 'n': note = optarg; break;
        case 'c': color = optarg; break;
        case 'b': bookmark = true; break;
        case 'r': reader = optarg; break;
        case 'R': reply_to = optarg; break;
        case 't':
            if (optarg[0] && !rod_annot_add_tag(&a, optarg)) {
                rod_annot_clear(&a);
                return EXIT_IO;
            }
            break;
        default:
            rod_annot_clear(&a);
            return cli_usage_error("annotations", "add: unknown option");
        }
    }
    int code = -1;
    rod_pos start = {0}, end = {0};
    char first[64];
    const char *dash = at ? strchr(at, '-') : NULL;
    if (optind != argc - 1)
        code = cli_usage_error("annotations", "add: name one book");
    else if (reply_to && (at || bookmark))
        code = cli_usage_error("annotations", "add: a reply stands on the passage of the note it answers: "
                               "--reply-to takes no --at or --bookmark");
    else if (reply_to && (!note || !note[0]))
        code = cli_usage_error("annotations", "add: a reply needs its words (--note TEXT)");
    else if (reply_to && refused("--reply-to", reply_to, ROD_FIELD_NAME))
        code = EXIT_USAGE;
    else if (reply_to)
        ;   /* the passage comes from the note answered, once the book is open */
    else if (!at)
        code = cli_usage_error("annotations", "add: --at BLOCK:OFFSET-BLOCK:OFFSET says what to mark");
    else if (!rod_annot_color_valid(color))
        code = cli_usage_error("annotations", "add: unknown colour '%s' (amber, green, blue, rose, "
                               "violet, underline)", color);
    else if ((size_t)(dash ? dash - at : (ptrdiff_t)strlen(at)) >= sizeof first)
        code = cli_usage_error("annotations", "add: --at '%s' is not a position", at);
    else if ((reader && refused("--reader", reader, ROD_FIELD_NAME)) ||
             (note && refused("--note", note, ROD_FIELD_TEXT)))
        code = EXIT_USAGE;
    for (size_t t = 0; code < 0 && t < a.ntags; t++)
        if (refused("--tag", a.tags[t], ROD_FIELD_NAME))
            code = EXIT_USAGE;
    if (code < 0 && at) {
        size_t n = dash ? (size_t)(dash - at) : strlen(at);
        memcpy(first, at, n);
        first[n] = '\0';
        if (!cli_parse_pos(first, &start) || (dash && !cli_parse_pos(dash + 1, &end)))
            code = cli_usage_error("annotations", "add: --at takes BLOCK:OFFSET or "
                                   "BLOCK:OFFSET-BLOCK:OFFSET, not '%s'", at);
        else if (!dash && !bookmark)
            code = cli_usage_error("annotations", "add: a highlight needs an end "
                                   "(--at B:O-B:O); one position makes a --bookmark");
    }
    if (!dash)
        end = start;
    book_ctx b = {0};
    if (code < 0)
        code = book_open(lib, argv[optind], &b);
    if (code < 0 && reply_to)
        code = reply_passage(lib, &b, reply_to, &a);
    else if (code < 0 && (!rod_doc_pos_valid(b.doc, start) || !rod_doc_pos_valid(b.doc, end))) {
        cli_error("annotations add: %s is not a position in %s (it has %zu blocks)", at, b.path,
                  b.doc->nblocks);
        code = EXIT_USAGE;
    }
    if (code < 0 && !reply_to && rod_pos_cmp(end, start) < 0) {
        rod_pos t = start;
        start = end;
        end = t;
    }
    if (code < 0 && !reply_to && !bookmark && rod_pos_cmp(start, end) == 0) {
        cli_error("annotations add: the range %s is empty", at);
        code = EXIT_USAGE;
    }
    if (code < 0) {
        char id[37], now[21], name[256];
        rod_annot_new_id(id);
        rod_annot_now(now);
        rod_reader_name(reader, name, sizeof name);
        a.type = bookmark ? ROD_ANNOT_BOOKMARK : note ? ROD_ANNOT_NOTE : ROD_ANNOT_HIGHLIGHT;
        rod_err err = reply_to ? ROD_OK
                    : bookmark && !dash ? rod_anchor_capture_bookmark(&b.text, start, &a)
                                        : rod_anchor_capture(&b.text, start, end, &a);
        if (err == ROD_OK && !(rod_annot_set(&a.id, id) && rod_annot_set(&a.reader, name) &&
                               rod_annot_set(&a.color, color) && rod_annot_set(&a.created, now) &&
                               rod_annot_set(&a.modified, now) && rod_annot_set(&a.body, note)))
            err = ROD_ERR_NOMEM;
        if (err == ROD_OK)
            err = rod_lib_annot_put(lib, b.fp, &a);
        if (err == ROD_OK) {
            printf("%s\n", a.id);
            code = EXIT_OK;
        } else {
            cli_error("%s", err == ROD_ERR_NOMEM ? "out of memory" : rod_lib_message(lib));
            code = cli_exit_code(err);
        }
    }
    rod_annot_clear(&a);
    book_close(&b);
    return code;
}

static int do_delete(rod_lib *lib, int argc, char **argv)
{
    /* argv[0] is "delete" */
    if (argc < 2)
        return cli_usage_error("annotations", "delete: name annotation ids");
    int code = EXIT_OK;
    for (int i = 1; i < argc; i++) {
        bool found = false;
        rod_err err = rod_lib_annot_delete(lib, argv[i], &found);
        if (err != ROD_OK) {
            cli_error("%s", rod_lib_message(lib));
            return cli_exit_code(err);
        }
        if (!found) {
            cli_error("no annotation with the id %s", argv[i]);
            code = cli_worse(code, EXIT_USAGE);
        }
    }
    return code;
}

/* Page numbers under the default layout, for a discussion ("page 112").
 * Without fonts they are left out (0). */
static void pages_for(const rod_doc *doc, rod_export_item *items, size_t n)
{
    char msg[256];
    rod_fonts *fonts = rod_fonts_new(NULL, NULL, msg, sizeof msg);
    rod_images *images = fonts ? rod_images_new(doc) : NULL;
    rod_layout_opts opts = rod_layout_defaults();
    opts.image_size = rod_images_size;
    opts.image_ctx = images;
    rod_layout *lay = images ? rod_layout_new(doc, rod_fonts_measure(fonts), &opts) : NULL;
    if (!lay)
        fprintf(stderr, "rod: page numbers left out: %s\n", fonts ? "out of memory" : msg);
    for (size_t i = 0; lay && i < n; i++) {
        size_t chapter, index, page;
        if (items[i].where.status != ROD_ANCHOR_ORPHANED &&
            rod_layout_locate(lay, items[i].where.start, &chapter, &index, &page))
            items[i].page = (unsigned)page + 1;
    }
    rod_layout_free(lay);
    rod_images_free(images);
    rod_fonts_free(fonts);
}

static int cmp_items(const void *x, const void *y)
{
    const rod_export_item *a = x, *b = y;
    bool oa = a->where.status == ROD_ANCHOR_ORPHANED, ob = b->where.status == ROD_ANCHOR_ORPHANED;
    if (oa != ob)
        return oa ? 1 : -1;
    int c = rod_pos_cmp(a->where.start, b->where.start);
    return c ? c : strcmp(a->annot->created ? a->annot->created : "",
                          b->annot->created ? b->annot->created : "");
}

static int do_export(rod_lib *lib, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"no-pages", no_argument, NULL, 'p'},
        {NULL, 0, NULL, 0},
    };
    const char *format = "md", *output = "-";
    bool pages = true;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': format = optarg; break;
        case 'o': output = optarg; break;
        case 'p': pages = false; break;
        default: return cli_usage_error("annotations", "export: unknown option");
        }
    }
    static const char *const names[] = {"md", "html", "json", "rodnotes"};
    size_t fmt = 0;
    while (fmt < 4 && strcmp(format, names[fmt]) != 0)
        fmt++;
    if (fmt == 4)
        return cli_usage_error("annotations", "export: --format takes md, html, json or rodnotes");
    if (optind != argc - 1)
        return cli_usage_error("annotations", "export: name one book");
    book_ctx b;
    int code = book_open(lib, argv[optind], &b);
    if (code >= 0)
        return code;
    rod_notes set = {0};
    rod_buf out = ROD_BUF_INIT;
    rod_export_item *items = NULL;
    rod_err err = rod_lib_annot_list(lib, b.fp, &set);
    if (err == ROD_OK && !(items = calloc(set.n + 1, sizeof *items)))
        err = ROD_ERR_NOMEM;
    for (size_t i = 0; err == ROD_OK && i < set.n; i++) {
        items[i].annot = &set.items[i];
        err = rod_anchor_find(&b.text, &set.items[i], &items[i].where);
    }
    if (err == ROD_OK && fmt == 3) {
        /* the exchange file carries positions in this text */
        set.fingerprint = strdup(b.fp);
        set.title = strdup(b.doc->blocks[0].text);
        const rod_node *ident = rod_node_child(b.doc->head, ROD_IDENTIFIER);
        if (ident) {
            rod_buf t = ROD_BUF_INIT;
            rod_node_plain_text(ident, &t);
            set.identifier = rod_buf_steal(&t, NULL);
            set.id_scheme = ident->type ? strdup(ident->type) : NULL;
        }
        for (size_t i = 0; i < set.n; i++) {
            if (items[i].where.status == ROD_ANCHOR_ORPHANED)
                continue;
            set.items[i].start = items[i].where.start;
            if (set.items[i].has_end)
                set.items[i].end = items[i].where.end;
        }
        rod_notes_write(&set, &out);
    } else if (err == ROD_OK) {
        if (pages && fmt != 2)
            pages_for(b.doc, items, set.n);
        qsort(items, set.n, sizeof *items, cmp_items);
        char date[11];
        time_t t = time(NULL);
        struct tm tm;
        localtime_r(&t, &tm);
        strftime(date, sizeof date, "%Y-%m-%d", &tm);
        rod_export(&b.text, items, set.n, (rod_export_format)fmt, date, &out);
    }
    if (err == ROD_OK && out.failed)
        err = ROD_ERR_NOMEM;
    if (err == ROD_OK) {
        /* never over the book itself (rod_outfile.h) */
        rod_diag d = ROD_DIAG_INIT(output);
        const char *book_path = argv[optind];
        err = rod_out_file(output, out.data ? out.data : "", out.len, &book_path, 1, &d);
        rod_diag_print(&d, stderr);
        rod_diag_free(&d);
        code = cli_exit_code(err);
    } else {
        cli_error("%s", err == ROD_ERR_NOMEM ? "out of memory" : rod_lib_message(lib));
        code = cli_exit_code(err);
    }
    free(items);
    rod_buf_free(&out);
    rod_notes_free(&set);
    book_close(&b);
    return code;
}

static int do_import(rod_lib *lib, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"book", required_argument, NULL, 'b'},
        {NULL, 0, NULL, 0},
    };
    const char *book = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c != 'b')
            return cli_usage_error("annotations", "import: unknown option");
        book = optarg;
    }
    if (optind != argc - 1)
        return cli_usage_error("annotations", "import: name one .rodnotes file");
    const char *file = argv[optind];
    char *data = NULL;
    size_t len = 0;
    rod_diag diag = ROD_DIAG_INIT(file);
    rod_notes set = {0};
    rod_err err = rod_load_file(file, &data, &len, &diag);
    if (err == ROD_OK)
        err = rod_notes_read(data, len, &diag, &set);
    free(data);
    rod_diag_print(&diag, stderr);
    rod_diag_free(&diag);
    if (err != ROD_OK)
        return cli_exit_code(err);

    book_ctx b = {0};
    const char *target = set.fingerprint;
    size_t orphans = 0;
    int code = -1;
    if (book) {
        code = book_open(lib, book, &b);
        target = b.fp;
        for (size_t i = 0; code < 0 && i < set.n; i++) {
            rod_anchor where;
            if ((err = rod_anchor_find(&b.text, &set.items[i], &where)) != ROD_OK) {
                code = cli_exit_code(err);
                break;
            }
            if (where.status == ROD_ANCHOR_ORPHANED) {
                orphans++;
                continue;
            }
            set.items[i].start = where.start;
            set.items[i].end = set.items[i].has_end ? where.end : where.start;
        }
    } else if (!target) {
        cli_error("%s names no book; say which with --book BOOK", file);
        code = EXIT_INPUT;
    } else {
        rod_lib_book known;
        bool found = false;
        if (rod_lib_find(lib, NULL, target, &known, &found) == ROD_OK && !found)
            fprintf(stderr, "no book in the library has the text %s%s%s; the annotations are "
                    "kept for it and appear when you add it (or import with --book BOOK)\n",
                    target, set.title ? ", " : "", set.title ? set.title : "");
        rod_lib_book_clear(&known);
    }
    if (code < 0) {
        rod_lib_merge stats;
        err = rod_lib_annot_merge(lib, target, &set, &stats);
        if (err == ROD_OK) {
            printf("%zu added, %zu updated, %zu unchanged, %zu kept (yours were newer)\n",
                   stats.added, stats.updated, stats.unchanged, stats.kept);
            if (orphans)
                printf("%zu of them are orphaned in %s: their text was not found; they are kept "
                       "and listed with --orphaned\n", orphans, book);
            code = EXIT_OK;
        } else {
            cli_error("%s", rod_lib_message(lib));
            code = cli_exit_code(err);
        }
    }
    rod_notes_free(&set);
    book_close(&b);
    return code;
}

int cmd_annotations(int argc, char **argv)
{
    const char *path = NULL;
    if (cli_library_args(&argc, argv, &path)) {
        fputs(help, stdout);
        return EXIT_OK;
    }
    if (argc < 2)
        return cli_usage_error("annotations", "which command? list, add, delete, export or import");
    const char *sub = argv[1];
    int (*fn)(rod_lib *, int, char **) =
        strcmp(sub, "list") == 0 ? do_list : strcmp(sub, "add") == 0 ? do_add
        : strcmp(sub, "delete") == 0 ? do_delete : strcmp(sub, "export") == 0 ? do_export
        : strcmp(sub, "import") == 0 ? do_import : NULL;
    if (!fn)
        return cli_usage_error("annotations", "'%s' is not an annotations command", sub);
    rod_lib *lib = NULL;
    int code = cli_library_open(path, &lib);
    if (code >= 0)
        return code;
    /* getopt in the subcommands sees the subcommand as argv[0] */
    code = fn(lib, argc - 1, argv + 1);
    rod_lib_close(lib);
    return code;
}
