/* cmd_sync.c — `rod sync`: one exchange with the sync folder, and what
 * came and went in words for people ("from Garak's laptop: 3 notes, 1
 * deleted; your place in War and Peace from 2 hours ago").
 *
 * The work is library/sync.c's (rod_lib_sync_exchange); this file finds
 * the folder (--folder, kept in the library for next time; without it the
 * settings' `sync = DIR`, else the one kept: rod_sync_folder), names the
 * device (--name, kept likewise) and prints the report.
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
    "usage: rod sync [--folder DIR] [--name NAME] [--library PATH] [-q]\n"
    "\n"
    "Keeps notes, deletions and reading places in step with your other\n"
    "devices through a folder that a file-sync engine (Syncthing, Nextcloud,\n"
    "Dropbox, a git repository, rsync) carries between them. rod writes one\n"
    "file there for this device, NAME-ID.rodsync, and reads every other\n"
    "device's; the newest version of each note wins, a deletion wins over\n"
    "older edits, and each book gets the latest place read anywhere.\n"
    "\n"
    "Options:\n"
    "  --folder DIR     the sync folder (remembered for the next `rod sync`;\n"
    "                   `sync = DIR` in the settings file wins over the\n"
    "                   remembered one)\n"
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
    char folder[4096];
    if (!rod_sync_folder(lib, folder, sizeof folder))
        return;
    char reader[128];
    rod_reader_name(NULL, reader, sizeof reader);
    rod_diag diag = ROD_DIAG_INIT("sync");
    if (rod_lib_sync_exchange(lib, folder, reader, &diag, rep) != ROD_OK)
        cli_error("warning: sync: %s", rod_lib_message(lib));
    for (size_t i = 0; i < diag.n; i++)
        cli_error("warning: %s", diag.items[i].text);
    rod_diag_free(&diag);
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
        {"help", no_argument, NULL, 'h'}, {0},
    };
    const char *folder = NULL, *name = NULL, *reader_arg = NULL;
    bool quiet = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
        switch (c) {
        case 'f': folder = optarg; break;
        case 'n': name = optarg; break;
        case 'r': reader_arg = optarg; break;
        case 'q': quiet = true; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_usage_error("sync", "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage_error("sync", "unexpected argument '%s'", argv[optind]);
    rod_lib *lib = NULL;
    int code = cli_library_open(libpath, &lib);
    if (code >= 0)
        return code;
    rod_err err = ROD_OK;
    char kept[4096] = "";
    struct stat st;
    if (folder && (stat(folder, &st) != 0 || !S_ISDIR(st.st_mode))) {
        cli_error("sync: %s is not a folder", folder);
        rod_lib_close(lib);
        return EXIT_IO;
    }
    if (folder) {
        char *abs = realpath(folder, NULL);
        err = abs ? rod_lib_meta_set(lib, "sync_folder", abs) : ROD_ERR_NOMEM;
        snprintf(kept, sizeof kept, "%s", abs ? abs : folder);
        free(abs);
    } else if (!rod_sync_folder(lib, kept, sizeof kept)) {
        /* the settings' `sync = DIR` first, else the one remembered */
        rod_lib_close(lib);
        return cli_usage_error("sync", "no sync folder yet: name one with --folder DIR "
                                       "or `sync = DIR` in the settings");
    }
    if (err == ROD_OK && name)
        err = rod_lib_meta_set(lib, "device_name", name);
    char reader[128];
    rod_reader_name(reader_arg, reader, sizeof reader);
    rod_diag diag = ROD_DIAG_INIT("sync");
    rod_sync_report rep = {0};
    if (err == ROD_OK)
        err = rod_lib_sync_exchange(lib, kept, reader, &diag, &rep);
    for (size_t i = 0; i < diag.n; i++)
        cli_error("warning: %s", diag.items[i].text);
    if (err != ROD_OK)
        cli_error("sync: %s", err == ROD_ERR_NOMEM ? "out of memory" : rod_lib_message(lib));
    else if (!quiet)
        print_report(&rep);
    rod_sync_report_free(&rep);
    rod_diag_free(&diag);
    rod_lib_close(lib);
    return err == ROD_OK ? EXIT_OK : cli_exit_code(err);
}
