/* cmd_convert.c — `rod convert`: one book from IN to OUT, or many books
 * into a folder with worker threads.
 *
 * Each book is read into its own document and written through a temporary
 * file renamed into place (rod_write_file), so a failed or interrupted
 * conversion never leaves half a file under the output name. The outputs
 * are planned before any work (rod_out_plan): one that is an input, or
 * two inputs meeting in one output name, refuse the whole command. In batch mode
 * workers take the next file from a shared counter; messages are printed
 * under a lock, one book's block at a time, and a progress bar is drawn on
 * stderr only when it is a terminal.
 */
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "rod_format.h"
#include "rod_outfile.h"

static const char help[] =
    "usage: rod convert [OPTIONS] IN OUT\n"
    "       rod convert [OPTIONS] --to FMT -o DIR FILE...\n"
    "\n"
    "Converts a book. Formats follow the file names (.rod, .txt, .html, .md,\n"
    ".epub, .fb2, .fb2.zip); '-' reads standard input or writes standard output.\n"
    "Reads: rod, txt, html/xhtml, epub (2 and 3, without DRM), fb2, fb2.zip.\n"
    "Writes: rod, txt, html, md, epub (EPUB 3, epubcheck-clean), fb2.\n"
    "\n"
    "  --from FMT      read the input as FMT whatever its name\n"
    "  --to FMT        write FMT whatever the output's name (needed for '-')\n"
    "  -o, --output-dir DIR\n"
    "                  convert every FILE into DIR, named after it with the\n"
    "                  new extension\n"
    "  -j, --jobs N    convert N files at once in batch mode (default: cores)\n"
    "  --smart         curly quotes by language, -- to an em dash, ... to an\n"
    "                  ellipsis; without it the text is kept as written\n"
    "  --width N       wrap plain-text output at N columns\n"
    "  --lang TAG      language of the text when the input does not say\n"
    "  --title TEXT    title when the input has none\n"
    "  -q, --quiet     do not print warnings\n"
    "  -h, --help      this help\n"
    "\n"
    "Examples:\n"
    "  rod convert moby-dick.txt moby-dick.rod\n"
    "  rod convert --smart pg2600.txt war-and-peace.rod\n"
    "  rod convert book.rod - --to txt --width 72 | less\n"
    "  rod convert --to rod -o library/ -j 4 texts/*.txt\n"
    "  rod convert war-and-peace.epub war-and-peace.fb2\n";

typedef struct job {
    rod_read_opts read;
    rod_write_opts write;
    bool quiet;
    char **inputs;
    char **outputs;         /* batch: each input's output, planned ahead */
    size_t count;
    const char *dir;
    atomic_size_t next;
    atomic_size_t done;
    int status;             /* worst exit code, under `lock` */
    pthread_mutex_t lock;
    bool progress;
} job;

static int convert_one(job *j, const char *in, const char *out)
{
    rod_diag diag = ROD_DIAG_INIT(in);
    rod_doc *doc = NULL;
    rod_err err = rod_read_file(in, &j->read, &diag, &doc);
    if (err == ROD_OK) {
        rod_diag out_diag = ROD_DIAG_INIT(out);
        rod_write_opts w = j->write;
        w.input = in;
        err = rod_write_file(doc, out, &w, &out_diag);
        pthread_mutex_lock(&j->lock);
        if (!j->quiet || err != ROD_OK)
            rod_diag_print(&diag, stderr);
        rod_diag_print(&out_diag, stderr);
        pthread_mutex_unlock(&j->lock);
        rod_diag_free(&out_diag);
    } else {
        pthread_mutex_lock(&j->lock);
        rod_diag_print(&diag, stderr);
        pthread_mutex_unlock(&j->lock);
    }
    rod_doc_free(doc);
    rod_diag_free(&diag);
    return cli_exit_code(err);
}

static char *output_name(const char *dir, const char *in, rod_format to)
{
    const char *base = strrchr(in, '/');
    base = base ? base + 1 : in;
    size_t stem = strlen(base);
    size_t n = strlen(base);
    if (n > 8 && strcmp(base + n - 8, ".fb2.zip") == 0)
        stem = n - 8;
    else {
        const char *dot = strrchr(base, '.');
        if (dot && dot != base)
            stem = (size_t)(dot - base);
    }
    const char *ext = rod_format_name(to);
    size_t len = strlen(dir) + 1 + stem + 1 + strlen(ext) + 1;
    char *out = malloc(len);
    if (out)
        snprintf(out, len, "%s/%.*s.%s", dir, (int)stem, base, ext);
    return out;
}

static void *worker(void *arg)
{
    job *j = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&j->next, 1);
        if (i >= j->count)
            break;
        const char *in = j->inputs[i];
        int code = convert_one(j, in, j->outputs[i]);
        size_t done = atomic_fetch_add(&j->done, 1) + 1;
        pthread_mutex_lock(&j->lock);
        j->status = cli_worse(j->status, code);
        if (j->progress)
            cli_progress(done, j->count, in);
        pthread_mutex_unlock(&j->lock);
    }
    return NULL;
}

static int free_outputs(job *j, int code)
{
    for (size_t i = 0; j->outputs && i < j->count; i++)
        free(j->outputs[i]);
    free(j->outputs);
    j->outputs = NULL;
    return code;
}

/* rod_out_plan's verdict, its message printed. */
static bool plan_ok(char *const *outs, char *const *ins, size_t n)
{
    rod_diag d = ROD_DIAG_INIT("rod convert");
    bool ok = rod_out_plan((const char *const *)outs, (const char *const *)ins, n, &d) == ROD_OK;
    rod_diag_print(&d, stderr);
    rod_diag_free(&d);
    return ok;
}

static int run_batch(job *j, unsigned jobs)
{
    /* every name first: an output that is an input, or two inputs
     * written to one name, refuse the whole batch before any work */
    j->outputs = calloc(j->count, sizeof *j->outputs);
    for (size_t i = 0; j->outputs && i < j->count; i++)
        if (!(j->outputs[i] = output_name(j->dir, j->inputs[i], j->write.format)))
            return free_outputs(j, EXIT_IO);
    if (!j->outputs)
        return EXIT_IO;
    if (!plan_ok(j->outputs, j->inputs, j->count))
        return free_outputs(j, EXIT_USAGE);
    struct stat st;
    if (stat(j->dir, &st) != 0) {
        if (mkdir(j->dir, 0755) != 0) {
            cli_error("cannot create the folder %s", j->dir);
            return free_outputs(j, EXIT_IO);
        }
    } else if (!S_ISDIR(st.st_mode)) {
        cli_error("%s is not a folder", j->dir);
        return free_outputs(j, EXIT_IO);
    }
    if (jobs > j->count)
        jobs = (unsigned)j->count;
    pthread_t *threads = calloc(jobs, sizeof *threads);
    if (!threads)
        return free_outputs(j, EXIT_IO);
    unsigned started = 0;
    for (; started < jobs; started++)
        if (pthread_create(&threads[started], NULL, worker, j) != 0)
            break;
    if (started == 0)
        worker(j);
    for (unsigned i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    if (j->progress)
        fputc('\n', stderr);
    return free_outputs(j, j->status);
}

int cmd_convert(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},
        {"output-dir", required_argument, NULL, 'o'},
        {"jobs", required_argument, NULL, 'j'},
        {"smart", no_argument, NULL, 's'},
        {"width", required_argument, NULL, 'w'},
        {"lang", required_argument, NULL, 'l'},
        {"title", required_argument, NULL, 'T'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    job j = {0};
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned jobs = cores > 0 ? (unsigned)cores : 1;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:j:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            j.read.format = rod_format_from_name(optarg);
            if (!rod_format_can_read(j.read.format))
                return cli_usage_error("convert", "cannot read the format '%s' (rod reads rod and txt)", optarg);
            break;
        case 't':
            j.write.format = rod_format_from_name(optarg);
            if (!rod_format_can_write(j.write.format))
                return cli_usage_error("convert", "cannot write the format '%s' (rod writes rod, txt, html, md, epub and fb2)", optarg);
            break;
        case 'o':
            j.dir = optarg;
            break;
        case 'j':
            if (!cli_parse_uint("convert", "--jobs", optarg, 256, &jobs))
                return EXIT_USAGE;
            break;
        case 's':
            j.read.smart = true;
            break;
        case 'w':
            if (!cli_parse_uint("convert", "--width", optarg, 10000, &j.write.width))
                return EXIT_USAGE;
            break;
        case 'l':
            j.read.lang = optarg;
            break;
        case 'T':
            j.read.title = optarg;
            break;
        case 'q':
            j.quiet = true;
            break;
        case 'h':
            fputs(help, stdout);
            return EXIT_OK;
        default:
            return cli_usage_error("convert", "unknown option");
        }
    }
    pthread_mutex_init(&j.lock, NULL);
    int status;
    if (j.dir) {
        if (optind == argc)
            return cli_usage_error("convert", "name the files to convert into %s", j.dir);
        if (j.write.format == ROD_FMT_UNKNOWN)
            j.write.format = ROD_FMT_ROD;
        j.inputs = argv + optind;
        j.count = (size_t)(argc - optind);
        j.progress = isatty(STDERR_FILENO);
        status = run_batch(&j, jobs);
    } else {
        if (argc - optind != 2)
            return cli_usage_error("convert", "give an input and an output (or -o DIR for many files)");
        const char *in = argv[optind], *out = argv[optind + 1];
        if (j.write.format == ROD_FMT_UNKNOWN) {
            if (strcmp(out, "-") == 0)
                return cli_usage_error("convert", "say which format to write to standard output with --to");
            j.write.format = rod_format_from_path(out);
            if (!rod_format_can_write(j.write.format))
                return cli_usage_error("convert", "cannot tell the output format from '%s'; use --to", out);
        }
        char *pair_out[1] = {(char *)out}, *pair_in[1] = {(char *)in};
        status = plan_ok(pair_out, pair_in, 1) ? convert_one(&j, in, out) : EXIT_USAGE;
    }
    pthread_mutex_destroy(&j.lock);
    return status;
}
