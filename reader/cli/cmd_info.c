/* cmd_info.c — `rod info BOOK`: what a book is, as `key: value` lines.
 *
 * The keys are stable (scripts and tests read them); a key whose value the
 * book lacks is printed empty rather than left out, so every book answers
 * the same questions: title, authors, language, blocks, words, fingerprint.
 * Values come from the book, so they are printed through rod_clean_term:
 * a title's control characters are shown escaped, never sent to the
 * terminal, and its line breaks keep to its line.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "rod_buf.h"
#include "rod_clean.h"
#include "rod_format.h"

static const char help[] =
    "usage: rod info [--from FMT] BOOK\n"
    "\n"
    "Prints what BOOK is, one `key: value` line each: title, subtitle,\n"
    "authors, translators, language, identifiers, date, publisher, subjects,\n"
    "series, sections, blocks (text blocks, the unit of positions), words,\n"
    "notes, images, and the fingerprint (sha256 of the text, as the rod\n"
    "format defines it; equal for two files with the same text).\n"
    "\n"
    "  --from FMT    read BOOK as FMT (rod, txt, html, epub, fb2) whatever\n                its name says\n"
    "  -h, --help    this help\n";

static void value_line(const char *key, const char *value)
{
    printf("%s: ", key);
    rod_clean_puts(stdout, value);
    putchar('\n');
}

static void field_list(const rod_doc *doc, const char *key, rod_kind kind, const char *role)
{
    rod_buf out = ROD_BUF_INIT;
    size_t n = 0;
    for (const rod_node *c = doc->head->first; c; c = c->next) {
        if (c->kind != kind)
            continue;
        if (role && strcmp(c->type ? c->type : "author", role) != 0)
            continue;
        if (n++)
            rod_buf_adds(&out, "; ");
        if (kind == ROD_IDENTIFIER && c->type)
            rod_buf_printf(&out, "%s:", c->type);
        rod_node_plain_text(c, &out);
    }
    value_line(key, out.data ? out.data : "");
    rod_buf_free(&out);
}

int cmd_info(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"from", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    rod_read_opts opts = {0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            opts.format = rod_format_from_name(optarg);
            if (!rod_format_can_read(opts.format))
                return cli_usage_error("info", "cannot read the format '%s'", optarg);
            break;
        case 'h':
            fputs(help, stdout);
            return EXIT_OK;
        default:
            return cli_usage_error("info", "unknown option");
        }
    }
    if (optind != argc - 1)
        return cli_usage_error("info", "name one book");
    const char *path = argv[optind];

    rod_diag diag = ROD_DIAG_INIT(path);
    rod_doc *doc = NULL;
    rod_err err = rod_read_file(path, &opts, &diag, &doc);
    rod_diag_print(&diag, stderr);
    rod_diag_free(&diag);
    if (err != ROD_OK)
        return cli_exit_code(err);

    rod_format format = opts.format ? opts.format : rod_format_from_path(path);
    value_line("file", path);
    printf("format: %s\n", rod_format_name(format ? format : ROD_FMT_TXT));
    value_line("title", doc->blocks[0].text);
    field_list(doc, "subtitle", ROD_SUBTITLE, NULL);
    field_list(doc, "authors", ROD_CREATOR, "author");
    field_list(doc, "translators", ROD_CREATOR, "translator");
    value_line("language", rod_node_lang(doc->root));
    field_list(doc, "identifiers", ROD_IDENTIFIER, NULL);
    field_list(doc, "date", ROD_DATE, NULL);
    field_list(doc, "publisher", ROD_PUBLISHER, NULL);
    field_list(doc, "subjects", ROD_SUBJECT, NULL);
    field_list(doc, "series", ROD_SERIES, NULL);

    size_t sections = 0, notes = 0, images = 0;
    for (const rod_node *n = doc->root; n; n = rod_node_next_in(n, doc->root)) {
        sections += n->kind == ROD_SECTION;
        notes += n->kind == ROD_NOTE;
        images += n->kind == ROD_IMAGE;
    }
    printf("sections: %zu\n", sections);
    printf("blocks: %zu\n", doc->nblocks);
    printf("words: %zu\n", rod_doc_word_count(doc));
    printf("notes: %zu\n", notes);
    printf("images: %zu\n", images);
    char fp[72];
    rod_doc_fingerprint(doc, fp);
    printf("fingerprint: %s\n", fp);
    rod_doc_free(doc);
    return EXIT_OK;
}
