/* cmd_define.c — `rod define WORD [--lang TAG]`: a word's entries in the
 * dictionaries on the machine, as the window's look-up popup shows them.
 *
 * A thin file over lookup/ (rod_lookup.h): it picks the dictionaries by
 * the language given (English by default), prints each entry under a line
 * naming its dictionary and headword, and says how the entry was reached
 * when it is not the word itself (a stem hunspell gave, a reference).
 * Nothing found exits 1 naming the dictionaries searched; no dictionary
 * for the language exits 1 naming the Debian package to install. The
 * directories can be moved (--dict-dir, --hunspell-dir) for tests.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "rod_clean.h"
#include "rod_lookup.h"

static const char help[] =
    "usage: rod define WORD [--lang TAG]\n"
    "\n"
    "Prints WORD's entries in the dictd dictionaries installed on the\n"
    "machine (read from /usr/share/dictd directly, no server): for English\n"
    "Debian's dict-gcide and dict-wn, for a language XXX the bilingual\n"
    "freedict-XXX-YYY, YYY your language ($LANG) or English. Case and\n"
    "accents are folded; inflected forms are found through hunspell's stems\n"
    "(/usr/share/hunspell); a short entry that points elsewhere (\"See\n"
    "{Color}\") brings the entry it names.\n"
    "\n"
    "  --lang TAG          the word's language (en, fr, de, nl, ...; default en)\n"
    "  --dict-dir DIR      dictionaries in DIR instead\n"
    "  --hunspell-dir DIR  hunspell dictionaries in DIR instead\n"
    "  -h, --help          this help\n"
    "\n"
    "Exit status: 0 entries printed; 1 none found, or no dictionary for the\n"
    "language (the message names the package); 2 usage; 3 a dictionary\n"
    "could not be read.\n";

int cmd_define(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"lang", required_argument, NULL, 'l'},
        {"dict-dir", required_argument, NULL, 'd'},
        {"hunspell-dir", required_argument, NULL, 'u'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    rod_lookup_opts o = {0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'l': o.book_lang = optarg; break;
        case 'd': o.dict_dir = optarg; break;
        case 'u': o.hunspell_dir = optarg; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_usage_error("define", "unknown option");
        }
    }
    if (optind + 1 != argc)
        return cli_usage_error("define", optind == argc ? "a word is needed" : "one word only (quote a phrase)");
    const char *word = argv[optind];
    char err[1024];
    rod_lookup *l;
    rod_lookup_err e = rod_lookup_open(&o, &l, err, sizeof err);
    if (e != ROD_LOOKUP_OK) {
        cli_error("%s", err);
        return e == ROD_LOOKUP_NO_DICT ? EXIT_INPUT : EXIT_IO;
    }
    rod_definitions defs = {0};
    e = rod_lookup_define(l, word, &defs, err, sizeof err);
    int code = EXIT_OK;
    if (rod_lookup_warnings(l)[0])
        cli_error("warning: %s", rod_lookup_warnings(l));
    if (e != ROD_LOOKUP_OK) {
        cli_error("%s", err);
        code = EXIT_IO;
    } else if (defs.n == 0) {
        cli_error("no entry for '%s' in %s", word, rod_lookup_dicts(l));
        code = EXIT_INPUT;
    }
    for (size_t i = 0; i < defs.n; i++) {
        const rod_definition *d = &defs.v[i];
        printf("%s-- %s: ", i ? "\n" : "", d->dict);
        rod_clean_puts(stdout, d->headword);
        if (d->via == ROD_VIA_STEM) {
            fputs(" (the stem of '", stdout);
            rod_clean_puts(stdout, word);
            fputs("')", stdout);
        } else if (d->via == ROD_VIA_REF) {
            fputs(" (referred to)", stdout);
        }
        printf("\n%s\n", d->text);
    }
    rod_definitions_clear(&defs);
    rod_lookup_free(l);
    return code;
}
