/* settings.h — the reader's settings: what they are, where they live, and
 * how they are read and written.
 *
 * Settings are a small text file, one `key = value` per line, `#` for
 * comments, at $XDG_CONFIG_HOME/rod/settings.conf (else
 * ~/.config/rod/settings.conf; $ROD_CONFIG names another file). Lengths are
 * in CSS pixels (1/96 inch); the window multiplies them by the display's
 * pixel density. Unknown keys and bad values are reported and skipped, so
 * a newer file never stops an older rod. Saving writes a temporary file
 * and renames it over the old one, so a crash never leaves half a file.
 *
 * The sync folder. `sync = DIR` names the folder shared with other
 * devices (rod_sync.h). The window and `rod sync` use it; when it is set
 * it takes precedence over the folder the library remembers from the last
 * `rod sync --folder DIR` (rod_sync_folder() below applies the rule);
 * `--folder` given on the command line wins over both.
 *
 * Ownership: plain values, no allocation.
 * Errors: load/save return false with a one-line message in err; a file
 * that does not exist yet loads as the defaults.
 */
#ifndef ROD_SETTINGS_H
#define ROD_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "rod_render.h"
#include "rod_sync.h"

typedef enum spread_mode { SPREAD_AUTO, SPREAD_ONE, SPREAD_TWO, SPREAD_COUNT } spread_mode;

typedef struct rod_settings {
    char font[128];             /* book face family or file; "" default */
    int size;                   /* body text, CSS px (10..48) */
    double spacing;             /* line height / size (1.0..2.5) */
    int margin;                 /* side margins, CSS px (8..240) */
    bool justify, hyphenate;
    rod_theme theme;
    spread_mode spread;
    double wpm;                 /* the reader's own pace, words a minute */
    int window_w, window_h;     /* last window size, in window coordinates */
    bool window_placed;         /* window_x, window_y hold the last place */
    int window_x, window_y;     /* its top left on the desktop, window coordinates */
    char reader[128];           /* name on annotations; "" from the system */
    int library_sort;           /* rod_lib_sort of the library view */
    bool library_grid;          /* covers in a grid instead of a list */
    char sync[512];             /* the sync folder (`sync = DIR`); "" none */
} rod_settings;

rod_settings rod_settings_defaults(void);
/* Brings every value into its range. */
void rod_settings_clamp(rod_settings *s);

/* The settings file's path in out (size n); false when there is no home. */
bool rod_settings_path(char *out, size_t n);

/* Applies `key = value` lines of text on top of s. Each problem is one
 * "LINE: message" line appended to warn (size n, may be NULL). */
void rod_settings_parse(rod_settings *s, const char *text, char *warn, size_t n);
/* The file's text for s (size n); false when it does not fit. */
bool rod_settings_format(const rod_settings *s, char *out, size_t n);

bool rod_settings_load(const char *path, rod_settings *s, char *err, size_t n);
bool rod_settings_save(const char *path, const rod_settings *s, char *err, size_t n);

const char *rod_spread_name(spread_mode m);
/* The library view's orders by name ("read", "title", "author", "added",
 * "progress"), indexed by rod_lib_sort. */
const char *rod_library_sort_name(int sort);

/* Whose annotations these are: given (e.g. --reader), else $ROD_READER,
 * else the settings file's `reader`, else the full name from the system
 * account, else the login name; held to rod_clean.h's rule for names
 * (what a name may not hold becomes U+FFFD) and cut between characters
 * to fit n. */
void rod_reader_name(const char *given, char *out, size_t n);

struct rod_lib;
/* The sync folder to use: the settings file's `sync`, else the one lib
 * remembers ("sync_folder" in its meta table; lib may be NULL). false,
 * with out "", when there is none. */
bool rod_sync_folder(struct rod_lib *lib, char *out, size_t n);
/* Every folder to sync with when none is named: the folders the library
 * keeps (rod_sync.h), and rod_sync_folder's when it is not among them,
 * carrying everything. The caller frees *dirs with rod_sync_folders_free.
 * Errors: the library's, or ROD_ERR_NOMEM. */
rod_err rod_sync_folders_all(struct rod_lib *lib, rod_sync_dir **dirs, size_t *n);

#endif
