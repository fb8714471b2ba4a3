/* cmd_sync.c — `rod sync`: one exchange with each sync folder, and what
 * came and went in words for people ("from Garak's laptop: 3 notes, 1
 * deleted; your place in War and Peace from 2 hours ago").
 *
 * The work is library/sync.c's (rod_lib_sync_exchange_shared); this file
 * finds the folders (--folder DIR, kept in the library with what it
 * carries, --share; without it every folder kept, and the settings'
 * `sync = DIR`), names the device (--name, kept likewise), keeps and
 * forgets folders (--folders, --forget) and prints the reports.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "rod_clean.h"
#include "rod_library.h"
#include "rod_sync.h"
#include "settings.h"

static const char help[] =
    "usage: rod sync [--folder DIR [--share WHAT]] [--name NAME] [--library PATH] [-q]\n"
    "       rod sync --folders | --forget DIR\n"
    "\n"
    "Keeps notes, deletions and reading places in step with your other\n"
    "devices through a folder that a file-sync engine (Syncthing, Nextcloud,\n"
    "Dropbox, a git repository, rsync) carries between them. rod writes one\n"
    "file there for this device, NAME-ID.rodsync, and reads every other\n"
    "device's; the newest version of each note wins, a deletion wins over\n"
    "older edits, and each book gets the latest place read anywhere.\n"
    "\n"
    "Several folders can be kept, each carrying what you choose: a private\n"
    "one for your own devices (everything), a book club's shared with other\n"
    "readers (your own notes only, no reading places). Everyone's notes that\n"
    "arrive are shown with their reader's name, in the window's discussions\n"
    "and in `rod annotations list --reader NAME`. Without --folder, rod\n"
    "syncs with every folder kept.\n"
    "\n"
    "Options:\n"
    "  --folder DIR     sync with this folder only, and keep it for the next\n"
    "                   `rod sync` (the window syncs with `sync = DIR` of the\n"
    "                   settings file, else the folder named last)\n"
    "  --share WHAT     what DIR carries, both ways: a comma list of notes\n"
    "                   (every note in the library), my-notes (only notes\n"
    "                   signed with your name go out; everyone's come in),\n"
    "                   places (reading places), or none. A new folder\n"
    "                   carries notes,places; a book club: --share my-notes\n"
    "  --folders        list the folders kept and what each carries\n"
    "  --forget DIR     stop syncing with DIR (its files stay)\n"
    "  --name NAME      this device's name as others see it (remembered;\n"
    "                   the host name at first)\n"
    "  --reader NAME    the reader's name put in the file\n"
    "  --library PATH   use this library file (see `rod library --help`)\n"
    "  -q, --quiet      print only warnings\n"
    "  -h, --help       this help\n";

/* "2 hours ago" for an ISO 8601 UTC time. */
static void ago(const char *iso, char *out, size_t n)
{
    struct tm tm = {0};
    if (sscanf(iso, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec) != 6) {
        snprintf(out, n, "at an unknown time");
        return;
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    double s = difftime(time(NULL), timegm(&tm));
    struct { double size; const char *unit; } units[] = {
        {86400, "day"}, {3600, "hour"}, {60, "minute"},
    };
    if (s < 0) {
        snprintf(out, n, "at %s (a clock ahead of this one)", iso);
        return;
    }
    for (size_t i = 0; i < 3; i++) {
        if (s >= units[i].size) {
            long k = (long)(s / units[i].size);
            if (i == 0 && k > 60)
                break;
            snprintf(out, n, "from %ld %s%s ago", k, units[i].unit, k == 1 ? "" : "s");
            return;
        }
    }
    if (s < 60)
        snprintf(out, n, "from just now");
    else
        snprintf(out, n, "from %.10s", iso);
}

static void print_report(const rod_sync_report *rep)
{
    for (size_t i = 0; i < rep->nfrom; i++) {
        const rod_sync_from *f = &rep->from[i];
        fputs("from ", stdout);
        rod_clean_puts(stdout, f->name);
        fputc(':', stdout);
        const char *sep = " ";
        if (f->notes) {
            printf("%s%zu note%s", sep, f->notes, f->notes == 1 ? "" : "s");
            sep = ", ";
        }
        if (f->deleted) {
            printf("%s%zu deleted", sep, f->deleted);
            sep = ", ";
        }
        if (f->notes || f->deleted)
            sep = "; ";
        for (size_t j = 0; j < f->places; j++) {
            char when[64];
            ago(f->place_times[j], when, sizeof when);
            printf("%syour place in ", sep);
            rod_clean_puts(stdout, f->place_titles[j]);
            printf(" %s", when);
            sep = "; ";
        }
        printf("\n");
    }
    if (!rep->nfrom)
        printf("nothing new came (%zu file%s unchanged)\n", rep->unchanged,
               rep->unchanged == 1 ? "" : "s");
    if (rep->wrote)
        printf("went: %zu note%s, %zu deletion%s and %zu place%s in %zu book%s, to %s\n",
               rep->sent_notes, rep->sent_notes == 1 ? "" : "s", rep->sent_deleted,
               rep->sent_deleted == 1 ? "" : "s", rep->sent_places, rep->sent_places == 1 ? "" : "s",
               rep->sent_books, rep->sent_books == 1 ? "" : "s", rep->own);
    /* own is a path the user chose; printed as is */
}

void cli_sync_quietly(struct rod_lib *lib, struct rod_sync_report *rep)
{
    memset(rep, 0, sizeof *rep);
    rod_sync_dir *dirs = NULL;
    size_t n = 0;
    if (rod_sync_folders_all(lib, &dirs, &n) != ROD_OK || !n) {
        rod_sync_folders_free(dirs, n);
        return;
    }
    char reader[128];
    rod_reader_name(NULL, reader, sizeof reader);
    rod_diag diag = ROD_DIAG_INIT("sync");
    /* the report a caller reads is the first folder that carries places */
    bool have = false;
    for (size_t i = 0; i < n; i++) {
        rod_sync_report one = {0};
        if (rod_lib_sync_exchange_shared(lib, dirs[i].path, reader, &dirs[i].share, &diag, &one) != ROD_OK)
            cli_error("warning: sync: %s", rod_lib_message(lib));
        if (!have && dirs[i].share.places) {
            *rep = one;
            have = true;
        } else {
            rod_sync_report_free(&one);
        }
    }
    for (size_t i = 0; i < diag.n; i++)
        cli_error("warning: %s", diag.items[i].text);
    rod_diag_free(&diag);
    rod_sync_folders_free(dirs, n);
}

void cli_sync_place_note(const struct rod_sync_report *rep, const char *fp)
{
    for (size_t i = 0; i < rep->nfrom; i++)
        for (size_t j = 0; j < rep->from[i].places; j++) {
            if (strcmp(rep->from[i].place_fps[j], fp) != 0)
                continue;
            char when[64];
            ago(rep->from[i].place_times[j], when, sizeof when);
            fputs("  the reading place came from ", stdout);
            rod_clean_puts(stdout, rep->from[i].name);
            printf(", read there %s\n", when + (strncmp(when, "from ", 5) == 0 ? 5 : 0));
        }
}

static int list_folders(rod_lib *lib)
{
    rod_sync_dir *dirs = NULL;
    size_t n = 0;
    rod_err err = rod_sync_folders_all(lib, &dirs, &n);
    if (err != ROD_OK) {
        cli_error("sync: %s", err == ROD_ERR_NOMEM ? "out of memory" : rod_lib_message(lib));
        return cli_exit_code(err);
    }
    for (size_t i = 0; i < n; i++) {
        char what[64];
        rod_sync_share_name(&dirs[i].share, what, sizeof what);
        printf("%s  carries %s\n", dirs[i].path, what);
    }
    if (!n)
        printf("no sync folders yet: `rod sync --folder DIR` keeps one\n");
    rod_sync_folders_free(dirs, n);
    return EXIT_OK;
}

static int forget_folder(rod_lib *lib, const char *dir)
{
    char *abs = realpath(dir, NULL);
    const char *path = abs ? abs : dir;
    bool found = false;
    char last[4096] = "";
    bool is_last = false;
    rod_err err = rod_lib_sync_folder_forget(lib, path, &found);
    if (err == ROD_OK)
        err = rod_lib_meta_get(lib, "sync_folder", last, sizeof last, &is_last);
    if (err == ROD_OK && is_last && strcmp(last, path) == 0) {
        err = rod_lib_meta_set(lib, "sync_folder", "");
        found = true;
    }
    int code = EXIT_OK;
    if (err != ROD_OK) {
        cli_error("sync: %s", rod_lib_message(lib));
        code = cli_exit_code(err);
    } else if (!found) {
        code = cli_usage_error("sync", "%s is not a folder rod syncs with (`rod sync --folders` lists them)", path);
    } else {
        printf("no longer syncing with %s (its files stay there)\n", path);
    }
    free(abs);
    return code;
}

int cmd_sync(int argc, char **argv)
{
    const char *libpath = NULL;
    if (cli_library_args(&argc, argv, &libpath)) {
        fputs(help, stdout);
        return EXIT_OK;
    }
    static const struct option opts[] = {
        {"folder", required_argument, NULL, 'f'}, {"name", required_argument, NULL, 'n'},
        {"reader", required_argument, NULL, 'r'}, {"quiet", no_argument, NULL, 'q'},
        {"share", required_argument, NULL, 's'}, {"folders", no_argument, NULL, 'l'},
        {"forget", required_argument, NULL, 'F'}, {"help", no_argument, NULL, 'h'}, {0},
    };
    const char *folder = NULL, *name = NULL, *reader_arg = NULL, *share_arg = NULL, *forget = NULL;
    bool quiet = false, list = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
        switch (c) {
        case 'f': folder = optarg; break;
        case 'n': name = optarg; break;
        case 'r': reader_arg = optarg; break;
        case 'q': quiet = true; break;
        case 's': share_arg = optarg; break;
        case 'l': list = true; break;
        case 'F': forget = optarg; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_usage_error("sync", "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage_error("sync", "unexpected argument '%s'", argv[optind]);
    rod_sync_share share = ROD_SYNC_SHARE_ALL;
    if (share_arg && !folder)
        return cli_usage_error("sync", "--share says what a folder carries: name it with --folder DIR");
    if (share_arg && !rod_sync_share_parse(share_arg, &share))
        return cli_usage_error("sync", "--share takes a comma list of notes, my-notes, places or none, not '%s'",
                               share_arg);
    if ((list || forget) && (folder || name))
        return cli_usage_error("sync", "--folders and --forget stand alone");
    rod_lib *lib = NULL;
    int code = cli_library_open(libpath, &lib);
    if (code >= 0)
        return code;
    if (list || forget) {
        code = list ? list_folders(lib) : forget_folder(lib, forget);
        rod_lib_close(lib);
        return code;
    }
    rod_err err = ROD_OK;
    struct stat st;
    if (folder && (stat(folder, &st) != 0 || !S_ISDIR(st.st_mode))) {
        cli_error("sync: %s is not a folder", folder);
        rod_lib_close(lib);
        return EXIT_IO;
    }
    rod_sync_dir *dirs = NULL;
    size_t ndirs = 0;
    if (folder) {
        /* this folder only, kept with what it carries (a new one:
         * everything; a kept one keeps its setting unless --share) */
        char *abs = realpath(folder, NULL);
        bool kept = false;
        rod_sync_share was;
        if (!abs)
            err = ROD_ERR_NOMEM;
        if (err == ROD_OK)
            err = rod_lib_sync_folder_get(lib, abs, &was, &kept);
        if (err == ROD_OK && kept && !share_arg)
            share = was;
        if (err == ROD_OK)
            err = rod_lib_sync_folder_set(lib, abs, &share);
        if (err == ROD_OK)
            err = rod_lib_meta_set(lib, "sync_folder", abs);
        if (err == ROD_OK && (dirs = calloc(1, sizeof *dirs))) {
            dirs[0].path = abs;
            dirs[0].share = share;
            ndirs = 1;
            abs = NULL;
        } else if (err == ROD_OK) {
            err = ROD_ERR_NOMEM;
        }
        free(abs);
    } else if ((err = rod_sync_folders_all(lib, &dirs, &ndirs)) == ROD_OK && !ndirs) {
        rod_lib_close(lib);
        return cli_usage_error("sync", "no sync folder yet: name one with --folder DIR "
                                       "or `sync = DIR` in the settings");
    }
    if (err == ROD_OK && name)
        err = rod_lib_meta_set(lib, "device_name", name);
    char reader[128];
    rod_reader_name(reader_arg, reader, sizeof reader);
    for (size_t i = 0; i < ndirs && err == ROD_OK; i++) {
        rod_diag diag = ROD_DIAG_INIT("sync");
        rod_sync_report rep = {0};
        err = rod_lib_sync_exchange_shared(lib, dirs[i].path, reader, &dirs[i].share, &diag, &rep);
        for (size_t k = 0; k < diag.n; k++)
            cli_error("warning: %s", diag.items[k].text);
        if (err == ROD_OK && !quiet) {
            if (ndirs > 1) {
                char what[64];
                rod_sync_share_name(&dirs[i].share, what, sizeof what);
                printf("%s%s (carries %s):\n", i ? "\n" : "", dirs[i].path, what);
            }
            print_report(&rep);
        }
        rod_sync_report_free(&rep);
        rod_diag_free(&diag);
    }
    if (err != ROD_OK)
        cli_error("sync: %s", err == ROD_ERR_NOMEM ? "out of memory" : rod_lib_message(lib));
    rod_sync_folders_free(dirs, ndirs);
    rod_lib_close(lib);
    return err == ROD_OK ? EXIT_OK : cli_exit_code(err);
}
