/* cmd_validate.c — `rod validate FILE...`: does each file follow the rod
 * format? Problems go to stderr as FILE:LINE:COL: error: message; each
 * valid file gets a line on stdout, so a script can tell which passed.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "rod_format.h"

static const char help[] =
    "usage: rod validate FILE.rod...\n"
    "\n"
    "Checks each file against the isolinear rod text format: well-formed\n"
    "XML with no entity declarations, the structure of formats/rod.rng,\n"
    "unique ids and references that resolve. Prints `FILE: valid` for each\n"
    "good file and FILE:LINE:COL messages for each problem.\n"
    "Exit status: 0 all valid, 1 some file is not, 3 a file could not be read.\n";

int cmd_validate(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(help, stdout);
            return EXIT_OK;
        }
        return cli_usage_error("validate", "unknown option");
    }
    if (optind == argc)
        return cli_usage_error("validate", "name at least one file");
    int status = EXIT_OK;
    for (int i = optind; i < argc; i++) {
        rod_diag diag = ROD_DIAG_INIT(argv[i]);
        char *data;
        size_t len;
        rod_err err = rod_load_file(argv[i], &data, &len, &diag);
        if (err == ROD_OK) {
            err = rod_validate(data, len, &diag);
            free(data);
        }
        rod_diag_print(&diag, stderr);
        rod_diag_free(&diag);
        if (err == ROD_OK)
            printf("%s: valid\n", argv[i]);
        status = cli_worse(status, cli_exit_code(err));
    }
    return status;
}
