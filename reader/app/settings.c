/* settings.c — reading and writing the reader's settings file.
 *
 * The format is deliberately the plainest possible (key = value), so a
 * person can edit it with any editor; values are checked and clamped on
 * the way in, and a file is replaced atomically on the way out. Names
 * (the font, the reader's name that signs annotations) are held to
 * rod_clean.h's rule for names: one with a control character or a bidi
 * override is refused with a warning, whoever wrote the file.
 *
 * `sync = DIR` is the sync folder shared with other devices. It takes
 * precedence over the folder the library remembers from `rod sync
 * --folder DIR`, for the window and for `rod sync` without --folder
 * (rod_sync_folder); a folder given with --folder wins over both. Like a
 * name it is taken whole (a '#' in it is no comment).
 */
#include "settings.h"
#include "rod_clean.h"
#include "rod_utf8.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rod_outfile.h"
#include "rod_sync.h"

static const char *spread_names[SPREAD_COUNT] = {"auto", "one", "two"};

/* by rod_lib_sort: title, author, added, read, progress */
static const char *sort_names[] = {"title", "author", "added", "read", "progress"};
enum { SORTS = sizeof sort_names / sizeof sort_names[0] };

const char *rod_library_sort_name(int sort)
{
    return sort >= 0 && sort < SORTS ? sort_names[sort] : "read";
}

const char *rod_spread_name(spread_mode m)
{
    return m < SPREAD_COUNT ? spread_names[m] : "auto";
}

rod_settings rod_settings_defaults(void)
{
    return (rod_settings){
        .font = "",
        .size = 20,
        .spacing = 1.45,
        .margin = 56,
        .justify = true,
        .hyphenate = true,
        .theme = ROD_THEME_DAY,
        .spread = SPREAD_AUTO,
        .library_sort = 3,      /* last read first */
        .wpm = 250,
        .window_w = 900,
        .window_h = 1000,
    };
}

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

void rod_settings_clamp(rod_settings *s)
{
    s->size = clampi(s->size, 10, 48);
    if (!(s->spacing >= 1.0))
        s->spacing = 1.0;
    if (s->spacing > 2.5)
        s->spacing = 2.5;
    s->margin = clampi(s->margin, 8, 240);
    if (s->theme >= ROD_THEME_COUNT)
        s->theme = ROD_THEME_DAY;
    if (s->spread >= SPREAD_COUNT)
        s->spread = SPREAD_AUTO;
    if (s->library_sort < 0 || s->library_sort >= SORTS)
        s->library_sort = 3;
    if (!(s->wpm >= 60) || s->wpm > 2000)
        s->wpm = 250;
    s->window_w = clampi(s->window_w, 320, 16384);
    s->window_h = clampi(s->window_h, 240, 16384);
    /* any place is accepted (the window is brought onto a display when it
     * opens, app_window.c), within what a desktop can hold */
    s->window_x = clampi(s->window_x, -65536, 65536);
    s->window_y = clampi(s->window_y, -65536, 65536);
}

bool rod_settings_path(char *out, size_t n)
{
    const char *env = getenv("ROD_CONFIG");
    if (env && *env)
        return (size_t)snprintf(out, n, "%s", env) < n;
    const char *xdg = getenv("XDG_CONFIG_HOME");
    if (xdg && *xdg == '/')
        return (size_t)snprintf(out, n, "%s/rod/settings.conf", xdg) < n;
    const char *home = getenv("HOME");
    if (!home || !*home)
        return false;
    return (size_t)snprintf(out, n, "%s/.config/rod/settings.conf", home) < n;
}

static void warnf(char *warn, size_t n, unsigned line, const char *msg, const char *key)
{
    if (!warn || n == 0)
        return;
    size_t used = strlen(warn);
    rod_buf shown = ROD_BUF_INIT;
    rod_clean_term(&shown, key, strlen(key));
    if (used < n)
        snprintf(warn + used, n - used, "%u: %s '%s'\n", line, msg, shown.data ? shown.data : "");
    rod_buf_free(&shown);
}

static bool parse_bool(const char *v, bool *out)
{
    if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcmp(v, "1") || !strcasecmp(v, "on"))
        *out = true;
    else if (!strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcmp(v, "0") || !strcasecmp(v, "off"))
        *out = false;
    else
        return false;
    return true;
}

static bool parse_int(const char *v, int *out)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || end == v || *end || x < -1000000 || x > 1000000)
        return false;
    *out = (int)x;
    return true;
}

static bool parse_double(const char *v, double *out)
{
    char *end;
    double x = strtod(v, &end);
    if (end == v || *end || !(x > -1e9 && x < 1e9))
        return false;
    *out = x;
    return true;
}

/* One key = value; false when the key is unknown or the value bad. */
static bool apply(rod_settings *s, const char *key, const char *v, bool *known)
{
    *known = true;
    if (!strcmp(key, "font")) {
        if (strlen(v) >= sizeof s->font || rod_clean_find(v, strlen(v), ROD_FIELD_NAME, NULL, NULL))
            return false;
        strcpy(s->font, v);
        return true;
    }
    if (!strcmp(key, "size"))
        return parse_int(v, &s->size);
    if (!strcmp(key, "spacing"))
        return parse_double(v, &s->spacing);
    if (!strcmp(key, "margin"))
        return parse_int(v, &s->margin);
    if (!strcmp(key, "justify"))
        return parse_bool(v, &s->justify);
    if (!strcmp(key, "hyphenate"))
        return parse_bool(v, &s->hyphenate);
    if (!strcmp(key, "theme"))
        return rod_theme_from_name(v, &s->theme);
    if (!strcmp(key, "spread")) {
        for (int m = 0; m < SPREAD_COUNT; m++)
            if (!strcasecmp(v, spread_names[m])) {
                s->spread = (spread_mode)m;
                return true;
            }
        return false;
    }
    if (!strcmp(key, "library_sort")) {
        for (int m = 0; m < SORTS; m++)
            if (!strcasecmp(v, sort_names[m])) {
                s->library_sort = m;
                return true;
            }
        return false;
    }
    if (!strcmp(key, "library_view")) {
        if (strcasecmp(v, "grid") && strcasecmp(v, "list"))
            return false;
        s->library_grid = !strcasecmp(v, "grid");
        return true;
    }
    if (!strcmp(key, "reader")) {
        if (strlen(v) >= sizeof s->reader || rod_clean_find(v, strlen(v), ROD_FIELD_NAME, NULL, NULL))
            return false;
        strcpy(s->reader, v);
        return true;
    }
    if (!strcmp(key, "sync")) {
        if (strlen(v) >= sizeof s->sync || rod_clean_find(v, strlen(v), ROD_FIELD_NAME, NULL, NULL))
            return false;
        strcpy(s->sync, v);
        return true;
    }
    if (!strcmp(key, "pace"))
        return parse_double(v, &s->wpm);
    if (!strcmp(key, "window")) {
        int w, h;
        char tail;
        if (sscanf(v, "%dx%d%c", &w, &h, &tail) != 2)
            return false;
        s->window_w = w;
        s->window_h = h;
        return true;
    }
    if (!strcmp(key, "window_at")) {
        int x, y;
        char tail;
        if (sscanf(v, "%d,%d%c", &x, &y, &tail) != 2)
            return false;
        s->window_x = x;
        s->window_y = y;
        s->window_placed = true;
        return true;
    }
    *known = false;
    return false;
}

static char *trim(char *a, char *b)
{
    while (a < b && (*a == ' ' || *a == '\t'))
        a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r'))
        b--;
    *b = '\0';
    return a;
}

void rod_settings_parse(rod_settings *s, const char *text, char *warn, size_t n)
{
    if (warn && n)
        warn[0] = '\0';
    unsigned lineno = 0;
    while (*text) {
        lineno++;
        const char *eol = strchr(text, '\n');
        size_t len = eol ? (size_t)(eol - text) : strlen(text);
        char line[512];
        if (len >= sizeof line) {
            warnf(warn, n, lineno, "line too long, skipped:", "...");
        } else {
            memcpy(line, text, len);
            line[len] = '\0';
            char *first = line + strspn(line, " \t");
            if (*first == '#')
                *first = '\0';         /* a comment line */
            char *eq = strchr(line, '=');
            char *key = trim(line, eq ? eq : line + strlen(line));
            if (*key) {
                bool known;
                if (!eq)
                    warnf(warn, n, lineno, "expected key = value, got", key);
                else {
                    /* a comment may follow a number or a word after a
                     * blank; names (font, reader) are taken whole, so any
                     * name rod writes reads back the same */
                    char *value = eq + 1;
                    if (strcmp(key, "font") != 0 && strcmp(key, "reader") != 0 && strcmp(key, "sync") != 0) {
                        for (char *h = strchr(value, '#'); h; h = strchr(h + 1, '#'))
                            if (h[-1] == ' ' || h[-1] == '\t') {
                                *h = '\0';
                                break;
                            }
                    }
                    char *v = trim(value, value + strlen(value));
                    if (!apply(s, key, v, &known))
                        warnf(warn, n, lineno, known ? "bad value for" : "unknown setting", key);
                }
            }
        }
        text += len + (eol ? 1 : 0);
    }
    rod_settings_clamp(s);
}

bool rod_settings_format(const rod_settings *s, char *out, size_t n)
{
    int k = snprintf(out, n,
                     "# rod reader settings; lengths in CSS pixels (1/96 inch)\n"
                     "font = %s\n"
                     "size = %d\n"
                     "spacing = %.2f\n"
                     "margin = %d\n"
                     "justify = %s\n"
                     "hyphenate = %s\n"
                     "theme = %s\n"
                     "spread = %s\n"
                     "library_sort = %s\n"
                     "library_view = %s\n"
                     "pace = %.0f\n"
                     "window = %dx%d\n"
                     "# your name on annotations; empty: your name on this computer\n"
                     "reader = %s\n"
                     "# the folder shared with your other devices (rod sync); empty: none\n"
                     "sync = %s\n",
                     s->font, s->size, s->spacing, s->margin, s->justify ? "true" : "false",
                     s->hyphenate ? "true" : "false", rod_theme_name(s->theme), rod_spread_name(s->spread),
                     rod_library_sort_name(s->library_sort), s->library_grid ? "grid" : "list",
                     s->wpm, s->window_w, s->window_h, s->reader, s->sync);
    if (k > 0 && (size_t)k < n && s->window_placed)
        k += snprintf(out + k, n - (size_t)k, "# where the window was, X,Y on the desktop\nwindow_at = %d,%d\n",
                      s->window_x, s->window_y);
    return k > 0 && (size_t)k < n;
}

bool rod_settings_load(const char *path, rod_settings *s, char *err, size_t n)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT)
            return true;
        snprintf(err, n, "cannot read %s: %s", path, strerror(errno));
        return false;
    }
    char text[8192];
    size_t got = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[got] = '\0';
    char warn[1024];
    rod_settings_parse(s, text, warn, sizeof warn);
    if (warn[0]) {
        /* first problem only: the rest follow the same advice */
        char *nl = strchr(warn, '\n');
        if (nl)
            *nl = '\0';
        snprintf(err, n, "%s:%s (skipped)", path, warn);
        return false;
    }
    return true;
}

static bool make_parent(char *path)
{
    char *slash = strrchr(path, '/');
    if (!slash || slash == path)
        return true;
    *slash = '\0';
    bool ok = true;
    if (mkdir(path, 0700) != 0 && errno != EEXIST) {
        if (errno == ENOENT && make_parent(path))
            ok = mkdir(path, 0700) == 0 || errno == EEXIST;
        else
            ok = false;
    }
    *slash = '/';
    return ok;
}

bool rod_settings_save(const char *path, const rod_settings *s, char *err, size_t n)
{
    char text[4096], dir[4096];
    if (!rod_settings_format(s, text, sizeof text) || snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir) {
        snprintf(err, n, "settings path too long");
        return false;
    }
    if (!make_parent(dir)) {
        snprintf(err, n, "cannot make the folder for %s: %s", path, strerror(errno));
        return false;
    }
    /* synced and renamed into place, as every file rod writes */
    rod_diag d = ROD_DIAG_INIT(path);
    bool ok = rod_out_file(path, text, strlen(text), NULL, 0, &d) == ROD_OK;
    if (!ok)
        snprintf(err, n, "%s", d.n ? d.items[0].text : "cannot write the settings");
    rod_diag_free(&d);
    return ok;
}

/* src[0..len) into out as a name: what a name may not hold becomes
 * U+FFFD, and a cut to fit falls between characters. */
static void name_into(char *out, size_t n, const char *src, size_t len)
{
    char *copy = strndup(src, len);
    if (!copy || !rod_clean_field(&copy, ROD_FIELD_NAME, NULL)) {
        snprintf(out, n, "reader");
        free(copy);
        return;
    }
    size_t k = strlen(copy);
    if (k >= n) {
        k = n - 1;
        while (k > 0 && ((unsigned char)copy[k] & 0xC0) == 0x80)
            k--;
    }
    memcpy(out, copy, k);
    out[k] = '\0';
    free(copy);
}

void rod_reader_name(const char *given, char *out, size_t n)
{
    const char *env = getenv("ROD_READER");
    if (given && given[0]) {
        name_into(out, n, given, strlen(given));
        return;
    }
    if (env && env[0]) {
        name_into(out, n, env, strlen(env));
        return;
    }
    char path[4096];
    rod_settings s = rod_settings_defaults();
    if (rod_settings_path(path, sizeof path) && rod_settings_load(path, &s, NULL, 0) && s.reader[0]) {
        name_into(out, n, s.reader, strlen(s.reader));
        return;
    }
    struct passwd *pw = getpwuid(getuid());
    if (pw && pw->pw_gecos && pw->pw_gecos[0] && pw->pw_gecos[0] != ',') {
        name_into(out, n, pw->pw_gecos, strcspn(pw->pw_gecos, ","));
        return;
    }
    const char *login = pw && pw->pw_name ? pw->pw_name : "reader";
    name_into(out, n, login, strlen(login));
}

bool rod_sync_folder(struct rod_lib *lib, char *out, size_t n)
{
    char path[4096];
    rod_settings s = rod_settings_defaults();
    if (n)
        out[0] = '\0';
    /* a problem elsewhere in the file does not lose the folder */
    if (rod_settings_path(path, sizeof path))
        rod_settings_load(path, &s, NULL, 0);
    const char *home = getenv("HOME");
    if (s.sync[0] == '~' && s.sync[1] == '/' && home && *home)
        return (size_t)snprintf(out, n, "%s%s", home, s.sync + 1) < n;
    if (s.sync[0])
        return (size_t)snprintf(out, n, "%s", s.sync) < n;
    bool found = false;
    /* "" is a folder forgotten (rod sync --forget) */
    if (!lib || rod_lib_meta_get(lib, "sync_folder", out, n, &found) != ROD_OK || !found || !out[0]) {
        if (n)
            out[0] = '\0';
        return false;
    }
    return true;
}

/* The folders to sync with when none is named: every one kept, and the
 * settings' `sync = DIR` (or the folder named last) when it is not among
 * them, carrying everything. */
rod_err rod_sync_folders_all(struct rod_lib *lib, rod_sync_dir **dirs, size_t *n)
{
    rod_err err = rod_lib_sync_folders(lib, dirs, n);
    char one[4096];
    if (err != ROD_OK || !rod_sync_folder(lib, one, sizeof one))
        return err;
    char *abs = realpath(one, NULL);
    const char *path = abs ? abs : one;
    bool kept = false;
    for (size_t i = 0; i < *n && !kept; i++)
        kept = strcmp((*dirs)[i].path, path) == 0;
    if (!kept) {
        rod_sync_dir *more = realloc(*dirs, (*n + 1) * sizeof *more);
        if (!more || !(more[*n].path = strdup(path))) {
            if (more)
                *dirs = more;
            free(abs);
            return ROD_ERR_NOMEM;
        }
        *dirs = more;
        more[*n].share = ROD_SYNC_SHARE_ALL;
        (*n)++;
    }
    free(abs);
    return ROD_OK;
}
