/* format.c — the one table of formats: names, extensions, sniffing, and the
 * dispatch from rod_read_memory/rod_write_memory to each reader and writer.
 * File I/O lives here too, so that every tool reads with the same size
 * limit and writes with the same crash-safe rename.
 */
#include "rod_format.h"
#include "rod_outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "charset.h"

static const struct {
    const char *name;
    rod_format format;
} names[] = {
    {"rod", ROD_FMT_ROD}, {"txt", ROD_FMT_TXT}, {"text", ROD_FMT_TXT},
    {"html", ROD_FMT_HTML}, {"htm", ROD_FMT_HTML}, {"xhtml", ROD_FMT_HTML},
    {"md", ROD_FMT_MD}, {"markdown", ROD_FMT_MD}, {"epub", ROD_FMT_EPUB},
    {"fb2", ROD_FMT_FB2},
};

rod_format rod_format_from_name(const char *name)
{
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(name, names[i].name) == 0)
            return names[i].format;
    return ROD_FMT_UNKNOWN;
}

rod_format rod_format_from_path(const char *path)
{
    size_t n = strlen(path);
    if (n > 8 && strcasecmp(path + n - 8, ".fb2.zip") == 0)
        return ROD_FMT_FB2;
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return ROD_FMT_UNKNOWN;
    return rod_format_from_name(dot + 1);
}

const char *rod_format_name(rod_format format)
{
    switch (format) {
    case ROD_FMT_ROD: return "rod";
    case ROD_FMT_TXT: return "txt";
    case ROD_FMT_HTML: return "html";
    case ROD_FMT_MD: return "md";
    case ROD_FMT_EPUB: return "epub";
    case ROD_FMT_FB2: return "fb2";
    default: return "unknown";
    }
}

bool rod_format_can_read(rod_format format)
{
    return format == ROD_FMT_ROD || format == ROD_FMT_TXT || format == ROD_FMT_HTML ||
           format == ROD_FMT_EPUB || format == ROD_FMT_FB2;
}

bool rod_format_can_write(rod_format format)
{
    return format == ROD_FMT_ROD || format == ROD_FMT_TXT || format == ROD_FMT_HTML ||
           format == ROD_FMT_MD || format == ROD_FMT_EPUB || format == ROD_FMT_FB2;
}

static bool has(const char *data, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(data + i, needle, n) == 0)
            return true;
    return false;
}

rod_format rod_format_sniff(const char *data, size_t len)
{
    size_t head = len < 2048 ? len : 2048;
    if (len >= 4 && memcmp(data, "PK\3\4", 4) == 0)
        return ROD_FMT_EPUB;
    if (has(data, head, "urn:isolinear:rod:1"))
        return ROD_FMT_ROD;
    if (has(data, head, "<FictionBook"))
        return ROD_FMT_FB2;
    if (has(data, head, "<html") || has(data, head, "<HTML") || has(data, head, "<!DOCTYPE html"))
        return ROD_FMT_HTML;
    return ROD_FMT_TXT;
}

rod_err rod_load_file(const char *path, char **data, size_t *len, rod_diag *diag)
{
    *data = NULL;
    *len = 0;
    bool is_stdin = strcmp(path, "-") == 0;
    /* O_NONBLOCK: opening a FIFO no one writes to would wait forever */
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        rod_error(diag, 0, 0, "cannot open: %s", strerror(errno));
        return ROD_ERR_IO;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        rod_error(diag, 0, 0, "cannot open: %s", strerror(errno));
        if (!is_stdin)
            close(fd);
        return ROD_ERR_IO;
    }
    if (!is_stdin && !S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) {
        /* a directory, a device (/dev/zero never ends), a socket */
        rod_error(diag, 0, 0, "%s", S_ISDIR(st.st_mode) ? "is a directory"
                  : "is not a file but a device or socket; rod reads books from files");
        close(fd);
        return ROD_ERR_IO;
    }
    /* A named pipe stays non-blocking: read() says 0 at once while no one
     * has it open for writing, so a writer gets a second to come before
     * the pipe counts as empty, instead of rod waiting for ever. */
    bool fifo = !is_stdin && S_ISFIFO(st.st_mode);
    bool waited = false;
    if (S_ISREG(st.st_mode) && (size_t)st.st_size > ROD_MAX_INPUT) {
        rod_error(diag, 0, 0, "the file is too large (%lld MiB; rod reads at most %zu MiB)",
                  (long long)st.st_size >> 20, ROD_MAX_INPUT >> 20);
        if (!is_stdin)
            close(fd);
        return ROD_ERR_INPUT;
    }
    rod_buf buf = ROD_BUF_INIT;
    if (S_ISREG(st.st_mode))
        rod_buf_reserve(&buf, (size_t)st.st_size);
    rod_err err = ROD_OK;
    for (;;) {
        if (!rod_buf_reserve(&buf, 65536)) {
            err = ROD_ERR_NOMEM;
            break;
        }
        ssize_t got = read(fd, buf.data + buf.len, buf.cap - buf.len - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (fifo && ((got < 0 && errno == EAGAIN) || (got == 0 && !buf.len && !waited))) {
            /* EAGAIN: a writer is there, its data is not yet; 0: none yet */
            struct pollfd p = {fd, POLLIN, 0};
            waited |= got == 0;
            if (poll(&p, 1, got == 0 ? 1000 : -1) > 0 || got < 0)
                continue;
            break;
        }
        if (got < 0) {
            rod_error(diag, 0, 0, "cannot read: %s", strerror(errno));
            err = ROD_ERR_IO;
            break;
        }
        if (got == 0)
            break;
        buf.len += (size_t)got;
        buf.data[buf.len] = '\0';
        if (buf.len > ROD_MAX_INPUT) {
            rod_error(diag, 0, 0, "the input is too large (rod reads at most %zu MiB)",
                      ROD_MAX_INPUT >> 20);
            err = ROD_ERR_INPUT;
            break;
        }
    }
    if (!is_stdin)
        close(fd);
    if (err != ROD_OK) {
        rod_buf_free(&buf);
        return err;
    }
    if (!buf.data)
        rod_buf_reserve(&buf, 1);
    *data = rod_buf_steal(&buf, len);
    return *data ? ROD_OK : ROD_ERR_NOMEM;
}

rod_err rod_read_memory(const char *data, size_t len, const rod_read_opts *opts,
                        rod_diag *diag, rod_doc **out)
{
    *out = NULL;
    rod_format format = opts ? opts->format : ROD_FMT_UNKNOWN;
    /* one rule for every format: nothing but white space is no book */
    if (charset_blank(data, len)) {
        rod_error(diag, 0, 0, len ? "empty (nothing but white space)" : "empty");
        return ROD_ERR_INPUT;
    }
    if (format == ROD_FMT_UNKNOWN)
        format = rod_format_sniff(data, len);
    switch (format) {
    case ROD_FMT_ROD: {
        rod_err err = rod_read_rod(data, len, diag, out);
        if (err == ROD_OK && opts && opts->smart)
            err = rod_smarten(*out);
        return err;
    }
    case ROD_FMT_TXT:
        return rod_read_txt(data, len, opts, diag, out, NULL);
    case ROD_FMT_HTML:
        return rod_read_html(data, len, opts, diag, out);
    case ROD_FMT_EPUB:
        return rod_read_epub(data, len, opts, diag, out);
    case ROD_FMT_FB2:
        return rod_read_fb2(data, len, opts, diag, out);
    default:
        rod_error(diag, 0, 0, "reading %s is not supported yet", rod_format_name(format));
        return ROD_ERR_USAGE;
    }
}

rod_err rod_read_file(const char *path, const rod_read_opts *opts, rod_diag *diag, rod_doc **out)
{
    *out = NULL;
    rod_read_opts o = opts ? *opts : (rod_read_opts){0};
    if (o.format == ROD_FMT_UNKNOWN && strcmp(path, "-") != 0)
        o.format = rod_format_from_path(path);
    if (!o.path && strcmp(path, "-") != 0)
        o.path = path;
    if (o.format == ROD_FMT_EPUB) {
        /* An archive is read through libzip by offsets, never as a string:
         * map it instead of copying it (the copy and the zeroed pages it
         * needs were a tenth of the time of a large EPUB). */
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        struct stat st;
        if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
            (size_t)st.st_size <= ROD_MAX_INPUT) {
            void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
            close(fd);
            if (map != MAP_FAILED) {
                rod_err err = rod_read_memory(map, (size_t)st.st_size, &o, diag, out);
                munmap(map, (size_t)st.st_size);
                return err;
            }
        } else if (fd >= 0) {
            close(fd);
        }
    }
    char *data;
    size_t len;
    rod_err err = rod_load_file(path, &data, &len, diag);
    if (err != ROD_OK)
        return err;
    err = rod_read_memory(data, len, &o, diag, out);
    free(data);
    return err;
}

rod_err rod_write_memory(const rod_doc *doc, const rod_write_opts *opts, rod_buf *out)
{
    switch (opts ? opts->format : ROD_FMT_ROD) {
    case ROD_FMT_ROD: rod_write_rod(doc, out); break;
    case ROD_FMT_TXT: rod_write_txt(doc, opts, out); break;
    case ROD_FMT_HTML: rod_write_html(doc, out); break;
    case ROD_FMT_MD: rod_write_md(doc, out); break;
    case ROD_FMT_EPUB: rod_write_epub(doc, out); break;
    case ROD_FMT_FB2: rod_write_fb2(doc, out); break;
    default: return ROD_ERR_USAGE;
    }
    return out->failed ? ROD_ERR_NOMEM : ROD_OK;
}

rod_err rod_write_file(const rod_doc *doc, const char *path, const rod_write_opts *opts,
                       rod_diag *diag)
{
    rod_write_opts o = opts ? *opts : (rod_write_opts){0};
    if (o.format == ROD_FMT_UNKNOWN)
        o.format = strcmp(path, "-") == 0 ? ROD_FMT_ROD : rod_format_from_path(path);
    if (!rod_format_can_write(o.format)) {
        rod_error(diag, 0, 0, "writing %s is not supported yet", rod_format_name(o.format));
        return ROD_ERR_USAGE;
    }
    /* refused before the work, not after */
    if (o.input && strcmp(path, "-") != 0 && rod_same_file(path, o.input)) {
        rod_error(diag, 0, 0, "%s is the input %s: rod does not write over what it reads; "
                  "nothing was written", path, o.input);
        return ROD_ERR_USAGE;
    }
    size_t lost = o.format == ROD_FMT_FB2 ? rod_fb2_lost_dirs(doc)
                : o.format == ROD_FMT_MD ? rod_md_lost_dirs(doc) : 0;
    if (lost)
        rod_warn(diag, 0, 0, "%s: dir on %zu element%s is not kept",
                 o.format == ROD_FMT_FB2 ? "FictionBook has no text direction"
                                         : "Markdown has no place for a direction there",
                 lost, lost == 1 ? "" : "s");
    rod_buf buf = ROD_BUF_INIT;
    rod_err err = rod_write_memory(doc, &o, &buf);
    if (err == ROD_OK)
        err = rod_out_file(path, buf.data ? buf.data : "", buf.len, &o.input, o.input ? 1 : 0, diag);
    rod_buf_free(&buf);
    return err;
}
