/* cmd_library.c — `rod library`: add books to the catalog, list them,
 * remove them, search their text, and check the database.
 *
 * The catalog lives in SQLite (library/); this file only turns command
 * lines into library calls and results into lines for people. Adding a
 * folder walks it for every file rod can read; a progress bar is drawn
 * when stderr is a terminal, and a file that cannot be read is reported
 * and skipped, never the end of the batch. Titles, authors, paths and
 * snippets come from books and file names, so they are printed through
 * rod_clean_term: a title cannot drive the terminal it is listed on.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "rod_clean.h"
#include "rod_format.h"
#include "rod_library.h"
#include "rod_sync.h"

static const char help[] =
    "usage: rod library COMMAND [OPTIONS]\n"
    "\n"
    "The library remembers your books, where you stopped reading each, and\n"
    "your annotations. It is one SQLite file: --library PATH, else\n"
    "$ROD_LIBRARY, else $XDG_DATA_HOME/rod/library.db\n"
    "(~/.local/share/rod/library.db).\n"
    "\n"
    "Commands:\n"
    "  add PATH...             add books, or every book in folders (recursively)\n"
    "  list [--sort KEY]       the books: id, title, authors, format, progress,\n"
    "                          last read; KEY is title (default), author,\n"
    "                          added, read or progress\n"
    "  remove ID|PATH...       forget books (their annotations are kept with\n"
    "                          their text and return if the book is added again)\n"
    "  search WORDS...         find words in every book (case and accents do\n"
    "                          not matter; \"quoted words\" are a phrase);\n"
    "                          --limit N results (default 20); --open N\n"
    "                          opens the reader at the Nth result; --count\n"
    "                          also counts every matching paragraph\n"
    "  stats [BOOK]            reading statistics: time read today and each of\n"
    "                          the last 7 days, books finished; for BOOK (an\n"
    "                          id, a path or a fingerprint) its time read,\n"
    "                          pages, pages an hour, sessions, when finished\n"
    "  check                   check the database; if it is damaged, make a\n"
    "                          recovery copy beside it (the original is kept)\n"
    "  path                    print where the library is\n"
    "\n"
    "Options:\n"
    "  --library PATH          use this library file\n"
    "  -h, --help              this help\n"
    "\n"
    "A book is known by its text: a file that moved or was renamed is found\n"
    "again, a converted copy with the same text shares its notes, and a new\n"
    "edition at the same path takes the notes along, re-anchored.\n";

int cli_library_open(const char *path, rod_lib **out)
{
    rod_err err = rod_lib_open(path, out);
    if (err == ROD_OK)
        return -1;
    cli_error("%s", rod_lib_message(*out));
    rod_lib_close(*out);
    *out = NULL;
    return cli_exit_code(err);
}

bool cli_library_args(int *argc, char **argv, const char **path)
{
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--library") == 0 && i + 1 < *argc)
            *path = argv[++i];
        else if (strncmp(argv[i], "--library=", 10) == 0)
            *path = argv[i] + 10;
        else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return true;
        else
            argv[out++] = argv[i];
    }
    *argc = out;
    return false;
}

int cli_read_book(const char *path, rod_doc **doc, const char **format)
{
    rod_read_opts opts = {0};
    rod_diag diag = ROD_DIAG_INIT(path);
    rod_err err = rod_read_file(path, &opts, &diag, doc);
    rod_diag_print(&diag, stderr);
    rod_diag_free(&diag);
    rod_format f = rod_format_from_path(path);
    *format = rod_format_name(f ? f : ROD_FMT_TXT);
    return err == ROD_OK ? -1 : cli_exit_code(err);
}

typedef struct file_list {
    char **paths;
    size_t n, cap;
} file_list;

static bool list_push(file_list *l, const char *path)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        char **grown = realloc(l->paths, cap * sizeof *grown);
        if (!grown)
            return false;
        l->paths = grown;
        l->cap = cap;
    }
    return (l->paths[l->n] = strdup(path)) && ++l->n;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every readable book below dir, in name order; depth-limited so a
 * symlink loop ends. */
static void walk(const char *dir, file_list *l, int depth)
{
    if (depth > 32)
        return;
    DIR *d = opendir(dir);
    if (!d) {
        cli_error("%s: cannot read the folder", dir);
        return;
    }
    file_list here = {0};
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path)
            continue;
        list_push(&here, path);
    }
    closedir(d);
    qsort(here.paths, here.n, sizeof *here.paths, cmp_str);
    for (size_t i = 0; i < here.n; i++) {
        struct stat st;
        if (stat(here.paths[i], &st) == 0 && S_ISDIR(st.st_mode))
            walk(here.paths[i], l, depth + 1);
        else if (rod_format_can_read(rod_format_from_path(here.paths[i])))
            list_push(l, here.paths[i]);
        free(here.paths[i]);
    }
    free(here.paths);
}

static const char *added_word(rod_lib_added what)
{
    switch (what) {
    case ROD_LIB_NEW: return "added";
    case ROD_LIB_SAME: return "unchanged";
    case ROD_LIB_COPY: return "added (a copy of a text already in the library)";
    case ROD_LIB_MOVED: return "found again (moved)";
    case ROD_LIB_EDITION: return "updated (new text)";
    }
    return "added";
}

static int do_add(rod_lib *lib, int argc, char **argv)
{
    if (argc < 1)
        return cli_usage_error("library", "add: name books or folders");
    file_list files = {0};
    int code = EXIT_OK;
    for (int i = 0; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            cli_error("%s: no such file or folder", argv[i]);
            code = cli_worse(code, EXIT_IO);
        } else if (S_ISDIR(st.st_mode)) {
            walk(argv[i], &files, 0);
        } else {
            list_push(&files, argv[i]);
        }
    }
    bool bar = isatty(STDERR_FILENO) && files.n > 1;
    size_t counts[ROD_LIB_EDITION + 1] = {0};
    /* a newer place (and notes) from another device come with the book */
    rod_sync_report sync;
    cli_sync_quietly(lib, &sync);
    for (size_t i = 0; i < files.n; i++) {
        const char *path = files.paths[i];
        if (bar)
            cli_progress(i, files.n, path);
        rod_doc *doc = NULL;
        const char *format;
        int c = cli_read_book(path, &doc, &format);
        if (c >= 0) {
            code = cli_worse(code, c);
            continue;
        }
        rod_lib_add_result res;
        rod_err err = rod_lib_add(lib, path, doc, format, &res);
        char fp[72];
        rod_doc_fingerprint(doc, fp);
        rod_doc_free(doc);
        if (err != ROD_OK) {
            if (bar)
                fputc('\n', stderr);
            cli_error("%s", rod_lib_message(lib));
            code = cli_worse(code, cli_exit_code(err));
            if (err != ROD_ERR_USAGE)
                break;
            continue;
        }
        counts[res.what]++;
        if (!bar) {
            rod_clean_puts(stdout, path);
            printf(": %s\n", added_word(res.what));
            size_t came = rod_lib_add_notes(&res);
            if (res.related && (came || res.place))
                printf("  another text of a book in the library: %zu annotation%s%s came from it\n", came,
                       came == 1 ? "" : "s", res.place ? " and the reading place" : "");
            if (res.what == ROD_LIB_EDITION || came)
                printf("  annotations: %zu in place, %zu moved, %zu changed a little, %zu orphaned\n",
                       res.anchored, res.moved, res.fuzzy, res.orphaned);
            cli_sync_place_note(&sync, fp);
            if (res.place_fitted)
                printf("  the reading place kept lay beyond the end of this text; moved inside it\n");
        }
    }
    if (bar) {
        cli_progress(files.n, files.n, "");
        fprintf(stderr, "\n%zu added, %zu already there, %zu moved, %zu updated\n",
                counts[ROD_LIB_NEW] + counts[ROD_LIB_COPY], counts[ROD_LIB_SAME],
                counts[ROD_LIB_MOVED], counts[ROD_LIB_EDITION]);
    }
    rod_sync_report_free(&sync);
    for (size_t i = 0; i < files.n; i++)
        free(files.paths[i]);
    free(files.paths);
    return code;
}

/* Prints s, escaped for the terminal, in exactly `width` characters (not
 * bytes): cut with an ellipsis or padded with spaces. */
static void cell(const char *raw, size_t width)
{
    rod_buf shown = ROD_BUF_INIT;
    rod_clean_term(&shown, raw, strlen(raw));
    const char *s = shown.data ? shown.data : "";
    size_t chars = 0, total = 0;
    for (const char *p = s; *p; p++)
        total += (*p & 0xC0) != 0x80;
    const char *p = s;
    for (; *p; p++) {
        if ((*p & 0xC0) != 0x80) {
            if (total > width && chars + 1 == width)
                break;
            chars++;
        }
        putchar(*p);
    }
    if (*p) {
        fputs("\xE2\x80\xA6", stdout);
        chars++;
    }
    while (chars++ < width + 1)
        putchar(' ');
    rod_buf_free(&shown);
}

static int do_list(rod_lib *lib, int argc, char **argv)
{
    rod_lib_sort sort = ROD_LIB_BY_TITLE;
    for (int i = 0; i < argc; i++) {
        const char *key = NULL;
        if (strcmp(argv[i], "--sort") == 0 && i + 1 < argc)
            key = argv[++i];
        else if (strncmp(argv[i], "--sort=", 7) == 0)
            key = argv[i] + 7;
        else
            return cli_usage_error("library", "list: unexpected '%s'", argv[i]);
        static const char *const keys[] = {"title", "author", "added", "read", "progress"};
        size_t k = 0;
        while (k < 5 && strcmp(key, keys[k]) != 0)
            k++;
        if (k == 5)
            return cli_usage_error("library", "list: --sort takes title, author, added, read "
                                   "or progress, not '%s'", key);
        sort = (rod_lib_sort)k;
    }
    rod_lib_book *books = NULL;
    size_t n = 0;
    rod_err err = rod_lib_list(lib, sort, &books, &n);
    if (err != ROD_OK) {
        cli_error("%s", rod_lib_message(lib));
        return cli_exit_code(err);
    }
    if (n == 0)
        fprintf(stderr, "The library is empty: add books with `rod library add PATH`.\n");
    else
        printf("%4s  %-36s %-24s %-6s %5s  %-10s %s\n", "id", "title", "authors", "format",
               "read", "last read", "notes");
    for (size_t i = 0; i < n; i++) {
        const rod_lib_book *b = &books[i];
        printf("%4lld  ", (long long)b->id);
        cell(b->title, 36);
        cell(b->authors, 24);
        cell(b->format, 6);
        printf("%4.0f%%  ", b->progress * 100);
        const char *last = b->last_read ? b->last_read : "never";
        size_t day = strnlen(last, 10);     /* the date of an ISO 8601 time */
        rod_clean_print(stdout, last, day);
        printf("%*s %zu\n", (int)(10 - day), "", b->annotations);
    }
    rod_lib_books_free(books, n);
    return EXIT_OK;
}

static int do_remove(rod_lib *lib, int argc, char **argv)
{
    if (argc < 1)
        return cli_usage_error("library", "remove: name book ids or paths");
    int code = EXIT_OK;
    for (int i = 0; i < argc; i++) {
        char *end;
        long long id = strtoll(argv[i], &end, 10);
        if (*end || end == argv[i]) {
            rod_lib_book b;
            bool found = false;
            rod_err err = rod_lib_find(lib, argv[i], NULL, &b, &found);
            id = b.id;
            rod_lib_book_clear(&b);
            if (err != ROD_OK || !found) {
                cli_error("%s is not in the library", argv[i]);
                code = cli_worse(code, err != ROD_OK ? cli_exit_code(err) : EXIT_USAGE);
                continue;
            }
        }
        rod_err err = rod_lib_remove(lib, id);
        if (err != ROD_OK) {
            cli_error("%s", rod_lib_message(lib));
            code = cli_worse(code, cli_exit_code(err));
        } else {
            fputs("removed ", stdout);
            rod_clean_puts(stdout, argv[i]);
            putchar('\n');
        }
    }
    return code;
}

static int do_search(rod_lib *lib, int argc, char **argv)
{
    unsigned limit = 20, open = 0;
    bool count = false;
    rod_buf query = ROD_BUF_INIT;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--count") == 0) {
            count = true;
            continue;
        }
        if (strcmp(argv[i], "--open") == 0 && i + 1 < argc) {
            if (!cli_parse_uint("library", "--open", argv[++i], 10000, &open))
                return EXIT_USAGE;
            continue;
        }
        if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
            if (!cli_parse_uint("library", "--limit", argv[++i], 10000, &limit))
                return EXIT_USAGE;
            continue;
        }
        if (query.len)
            rod_buf_addc(&query, ' ');
        /* keep a phrase the shell already split off as a phrase */
        bool phrase = strchr(argv[i], ' ') != NULL && argv[i][0] != '"';
        if (phrase)
            rod_buf_addc(&query, '"');
        rod_buf_adds(&query, argv[i]);
        if (phrase)
            rod_buf_addc(&query, '"');
    }
    if (!query.len)
        return cli_usage_error("library", "search: what words?");
    rod_lib_hit *hits = NULL;
    size_t n = 0;
    size_t matches = 0;
    rod_err err = rod_lib_search(lib, query.data, limit, &hits, &n);
    if (err == ROD_OK && count)
        err = rod_lib_search_count(lib, query.data, &matches);
    rod_buf_free(&query);
    if (err != ROD_OK) {
        cli_error("%s", rod_lib_message(lib));
        rod_lib_hits_free(hits, n);
        return cli_exit_code(err);
    }
    for (size_t i = 0; i < n; i++) {
        printf("%zu. ", i + 1);
        rod_clean_puts(stdout, hits[i].title);
        printf("  %zu:%zu  ", hits[i].pos.block, hits[i].pos.offset);
        rod_clean_puts(stdout, hits[i].path);
        fputs("\n    ", stdout);
        rod_clean_puts(stdout, hits[i].snippet);
        putchar('\n');
    }
    if (count)
        printf("%zu matching paragraph%s\n", matches, matches == 1 ? "" : "s");
    if (n == 0)
        fprintf(stderr, "nothing found\n");
    else if (!open)
        fprintf(stderr, "%zu hit%s; `--open N` opens the reader at one\n", n, n == 1 ? "" : "s");
    if (open > n && n > 0) {
        cli_error("library search: --open %u, but there %s only %zu", open, n == 1 ? "is" : "are", n);
        rod_lib_hits_free(hits, n);
        return EXIT_USAGE;
    }
    if (open > 0 && n > 0) {
        /* the reader, as `rod read --at B:O --library LIB BOOK` */
        char at[64], self[4096];
        snprintf(at, sizeof at, "%zu:%zu", hits[open - 1].pos.block, hits[open - 1].pos.offset);
        char *book = strdup(hits[open - 1].path), *libpath = strdup(rod_lib_path(lib));
        rod_lib_hits_free(hits, n);
        ssize_t k = readlink("/proc/self/exe", self, sizeof self - 1);
        if (!book || !libpath || k <= 0) {
            cli_error("cannot start the reader");
            free(book);
            free(libpath);
            return EXIT_IO;
        }
        self[k] = '\0';
        fflush(stdout);
        rod_lib_close(lib);
        execl(self, "rod", "read", "--library", libpath, "--at", at, book, (char *)NULL);
        cli_error("cannot start the reader: %s", strerror(errno));
        exit(EXIT_IO);
    }
    rod_lib_hits_free(hits, n);
    return n ? EXIT_OK : EXIT_INPUT;
}

static int do_check(const char *path)
{
    char def[4096];
    if (!path) {
        if (!rod_lib_default_path(def, sizeof def)) {
            cli_error("no library path: set ROD_LIBRARY, XDG_DATA_HOME or HOME");
            return EXIT_IO;
        }
        path = def;
    }
    if (access(path, F_OK) != 0) {
        cli_error("%s: there is no library yet", path);
        return EXIT_IO;
    }
    rod_buf report = ROD_BUF_INIT;
    rod_lib_check_result res;
    rod_err err = rod_lib_check(path, &report, &res);
    fputs(report.data ? report.data : "", stdout);
    rod_buf_free(&report);
    free(res.recovered);
    if (err != ROD_OK)
        return cli_exit_code(err);
    return res.ok ? EXIT_OK : EXIT_INPUT;
}

int cmd_library(int argc, char **argv)
{
    const char *path = NULL;
    if (cli_library_args(&argc, argv, &path)) {
        fputs(help, stdout);
        return EXIT_OK;
    }
    if (argc < 2)
        return cli_usage_error("library", "which command? add, list, remove, search, stats, check or path");
    const char *sub = argv[1];
    if (strcmp(sub, "check") == 0)
        return argc == 2 ? do_check(path) : cli_usage_error("library", "check takes no arguments");
    if (strcmp(sub, "path") == 0) {
        char def[4096];
        if (!path && !rod_lib_default_path(def, sizeof def))
            return EXIT_IO;
        printf("%s\n", path ? path : def);
        return EXIT_OK;
    }
    int (*fn)(rod_lib *, int, char **) =
        strcmp(sub, "add") == 0 ? do_add : strcmp(sub, "list") == 0 ? do_list
        : strcmp(sub, "remove") == 0 ? do_remove : strcmp(sub, "search") == 0 ? do_search
        : strcmp(sub, "stats") == 0 ? cli_library_stats : NULL;
    if (!fn)
        return cli_usage_error("library", "'%s' is not a library command", sub);
    rod_lib *lib = NULL;
    int code = cli_library_open(path, &lib);
    if (code >= 0)
        return code;
    code = fn(lib, argc - 2, argv + 2);
    rod_lib_close(lib);
    return code;
}
