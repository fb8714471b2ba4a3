/* app.h — the reader window: its state and the parts that act on it.
 *
 * The window is one `app`. Its parts are files by purpose:
 *   app.c          window, event loop, keys and mouse, lifecycle, and the
 *                  one dispatch to the panels (below)
 *   app_start.c    the opening: the book read on a thread while SDL, the
 *                  window, the fonts and the library open
 *   app_window.c   the window on the desktop: size and place fitted to
 *                  the display, title, icon
 *   app_idle.c     work between events: pages drawn ahead, layout slices
 *   app_book.c     opening and closing a book: document, contents, counts
 *   app_nav.c      pages, page turns, jumps and history, relayout, links
 *   app_draw.c     the frame: page images (cached), running heads,
 *                  footer, progress bar
 *   app_select.c   selecting text with the mouse, positions under it
 *   app_marks.c    highlights, notes and bookmarks: loaded, drawn on the
 *                  page, made, removed and brought back
 *   app_widgets.c  what panels are built of: lists, cards, cut text
 *   app_script.c   scripted events (tests)
 *   app_expect.c   and the scripts' checks of what is shown
 *   app_bench.c    --bench: launch, page turns, jumps, layout slices timed
 *   app_reading.c  reading statistics recorded: time read, pages, finished
 *   sync_watch.c   the sync folder watched (inotify) for other devices' files
 * and the panel files, each exporting app_panel tables:
 *   app_panels.c   go to, search, results, settings, help, note
 *   app_toc.c      the contents, a tree
 *   app_seek.c     a click or drag on the progress bar
 *   app_fonts.c    the faces to choose from, for the settings
 *   app_link.c     the question before an outside link is opened
 *   app_annots.c   one annotation, the note editor, the annotations list
 *   app_library.c  the library view shown without a book
 *   app_define.c   a word looked up in the dictionaries (double click, W)
 *   app_stats.c    the reading statistics (I)
 * Everything runs on the main thread except the library writes
 * (lib_worker.h). Drawing goes to the window's surface in software: the
 * same rod_render_page() the command line uses, so `rod render` and the
 * window show the same page.
 *
 * Panels. A panel opens over the page (a few over the library view too),
 * takes the keyboard and mouse first and is drawn last. Each is an
 * app_panel: four functions, a name, and for scripts the text of a row
 * of its list. app.c holds the table by
 * panel_kind and is the only file that calls a panel file; everyone else
 * opens one by kind with panel_open() and closes it with panel_close().
 * A panel's input is a field of the app struct set before panel_open():
 * a->note (PANEL_NOTE), a->link (PANEL_LINK), a->mark (PANEL_MARK,
 * PANEL_EDIT; -1 a new note on the selection). Their working state (sel,
 * scroll, input, edit, rows, ...) belongs to the open panel; panels share
 * nothing else, and use app_widgets.c, app_marks.c and the other files
 * that are not panels. tests/test_layers.py fails when a file other than
 * app.c calls into a panel file.
 *
 * Positions, never page numbers: the reading position is `anchor`, the
 * first word of the page shown; after any relayout (font, size, window)
 * the page holding the anchor is shown, so that word stays on screen.
 *
 * Ownership: app_run() owns everything it makes; a book owns its document,
 * images, layout and tables.
 */
#ifndef ROD_APP_H
#define ROD_APP_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "book_search.h"
#include "rod_buf.h"
#include "rod_anchor.h"
#include "lib_worker.h"
#include "rod_fonts.h"
#include "rod_layout.h"
#include "rod_library.h"
#include "rod_render.h"
#include "settings.h"
#include "sync_watch.h"

typedef enum panel_kind {
    PANEL_NONE, PANEL_TOC, PANEL_GOTO, PANEL_SEARCH, PANEL_RESULTS,
    PANEL_SETTINGS, PANEL_HELP, PANEL_NOTE,
    PANEL_LINK,                 /* open an outside address? (app_link.c) */
    PANEL_ANNOTS,               /* every annotation of the book (A) */
    PANEL_MARK,                 /* one annotation: its note, who, actions */
    PANEL_EDIT,                 /* writing a note */
    PANEL_SEEK,                 /* a press on the progress bar, until released */
    PANEL_FONTS,                /* the settings' list of faces */
    PANEL_DEFINE,               /* a word looked up (app_define.c) */
    PANEL_STATS,                /* reading statistics (app_stats.c) */
    PANEL_COUNT
} panel_kind;

typedef struct toc_entry {
    char *title;                /* one line */
    size_t block;               /* first block of the section */
    int depth;                  /* 0: top level */
    bool open;                  /* the contents panel shows its children
                                   (that panel's working state) */
} toc_entry;

enum { APP_LINK_MAX = 2048 };  /* longest outside address the window opens */

typedef struct page_ref {
    size_t chapter, index;      /* a layout chapter and a page in it */
} page_ref;

typedef struct page_slot {
    unsigned gen;               /* 0: empty */
    page_ref ref;
    SDL_Surface *surface;
    unsigned used;
} page_slot;

enum { PAGE_SLOTS = 8 };

typedef struct pos_stack {
    rod_pos *v;
    size_t n, cap;
} pos_stack;

/* The sitting being recorded for the book open (app_reading.c). */
typedef struct reading {
    bool on;                    /* a session has begun (s holds it) */
    rod_lib_session s;
    int64_t read_ms;            /* s's time read, to the millisecond */
    int64_t last_ms;            /* when the page shown appeared (reading clock) */
    int64_t last_wall;          /* and on the wall clock, Unix seconds */
    rod_pos last_pos;           /* the reading position then */
    int64_t saved_ms;           /* when s was last handed to the worker */
    bool finished;              /* its end was reached (told the library) */
} reading;

typedef struct book {
    char *path;
    const char *format;         /* format name, static */
    rod_doc *doc;
    char fp[72];
    char *title;
    rod_images *images;
    rod_layout *layout;
    size_t *bytes_before;       /* nblocks + 1: text bytes before each block */
    size_t *words_before;       /* nblocks + 1 */
    toc_entry *toc;
    size_t ntoc;
    rod_pos anchor;             /* the reading position */
    page_ref page;              /* the page shown (the left one of a spread) */
    pos_stack back, forward;
    rod_hits hits;              /* search results */
    size_t hit;                 /* the current one */
    bool show_hit;
    char query[256];
    bool cataloged;             /* handed to the library worker */
    bool notes_loaded;          /* read from the library (after the first frame) */
    bool notes_fresh;           /* and again once cataloged (a new edition's) */
    rod_notes notes;            /* annotations of this text, reading order */
    rod_anchor_status *status;  /* per note: how it anchored here */
    rod_threads threads;        /* per note: the note it answers (rod_annot.h),
                                   worked out again by annots_changed */
    rod_text text;              /* flat text for quotes (built on first use) */
    bool has_text;
    bool start_given;           /* open at anchor, not the saved place */
    rod_pos stored;             /* the place the library had at opening (0:0: none) */
    bool front;                 /* the first page is shown: a book opened with no
                                 * place kept opens there, at its cover */
    rod_pos opened;             /* the reading position the book opened at (or
                                 * a place from another device was taken at) */
    size_t gaps_told;           /* scripts no font shows, told so far
                                 * (app_fonts_notice) */
    bool place_taken;           /* a jump to a place the library has: not saved
                                 * again as this device's newer one (show()) */
    bool synced_notes;          /* notes came from another device while a
                                 * panel indexing the set was open: load them */
    reading reading;
} book;

typedef struct app {
    SDL_Window *win;
    int w, h;                   /* window size in pixels */
    double pixel_ratio;         /* pixels per window coordinate */
    double scale;               /* pixels per CSS pixel */
    rod_settings set;
    char settings_path[4096];
    bool save_settings;         /* write them back (not in tests) */
    rod_fonts *fonts;
    rod_fonts *ui_fonts;        /* figures in the window's own words, or NULL */
    bool ui_tried;              /* ui_fonts asked for once */
    char font_loaded[128];      /* the settings' font the set was made for */
    double fixed_scale;         /* --scale; 0: from the display */
    char **families;            /* PANEL_FONTS's: the families it lists */
    size_t nfamilies;
    book *book;                 /* NULL: the library view */
    const char *library_path;   /* NULL: the default */
    rod_lib *lib;               /* reads on this thread; writes go to worker */
    lib_worker *worker;
    /* geometry of the current layout */
    bool two_pages;
    int page_w, page_h, margin_x, margin_y, font_px;
    /* page images */
    page_slot cache[PAGE_SLOTS];
    unsigned gen, clock;
    /* panels: the open one (PANEL_NONE: none) and the working state that
     * belongs to it while it is open (sel, scroll, input; the editor's
     * and the list's below); the library view uses sel and scroll too */
    panel_kind panel;
    int sel, scroll;            /* selected row, first row shown */
    char input[256];            /* the text field of go to and search */
    bool input_fresh;           /* the next character typed replaces it */
    const rod_node *note;       /* PANEL_NOTE's input: the note shown (NULL
                                   again whenever a panel closes) */
    char link[APP_LINK_MAX];    /* PANEL_LINK's input: the address asked
                                   about, as rod_link_judge() cleaned it */
    char opened[APP_LINK_MAX];  /* the last address handed to the desktop */
    unsigned opened_count;      /* how many were */
    char toast[256];
    uint32_t toast_until;
    unsigned toasts;            /* how many were shown (scripts wait for the next) */
    /* the sync folder (app_idle.c): the watcher, its event, an exchange
     * asked for and not yet reported, when one is due after the folder
     * changed (0: none), and when the last was asked for */
    sync_watch *watch;
    uint32_t sync_event;
    bool sync_off, sync_pending;
    uint32_t sync_due, synced_at;
    uint32_t sync_every;        /* ms between exchanges while a book is open
                                   and something was written (a minute;
                                   $ROD_SYNC_EVERY_MS for tests) */
    /* selection: from anchor to head, in either order */
    bool sel_on, pressing, dragging;
    rod_pos sel_anchor, sel_head;
    rod_pos press_pos;          /* where a drag began, before words snap it */
    int press_x, press_y;
    uint32_t turn_at;           /* a click on a word acts then, unless it was
                                   the first of a double click (0: none) */
    int turn_dir;               /* +1, -1: turn the page; 0: open turn_mark */
    int drag_edge;              /* a drag held at the page's edge: +1 the
                                   right or bottom, -1 the left or top; the
                                   page turns at turn_at and again while held */
    long turn_mark;
    SDL_Rect bar[8];            /* the selection's toolbar: 6 colours, note, copy */
    int nbar;
    /* annotations */
    char reader[128];           /* whose new annotations are */
    char color[16];             /* the last colour used */
    long mark;                  /* PANEL_MARK / PANEL_EDIT's input: index in
                                   notes, -1 a new note on the selection */
    long replying;              /* PANEL_EDIT's input: the note a new reply
                                   answers (index in notes), -1 none */
    char edit[4096], edit_tags[256], composing[64];    /* PANEL_EDIT's */
    int edit_field;             /* 0 the note, 1 the tags */
    char filter_reader[128], filter_tag[64];    /* PANEL_ANNOTS's; "" all */
    size_t *rows;               /* PANEL_ANNOTS: the notes shown; PANEL_TOC:
                                   the contents entries shown */
    size_t nrows;
    unsigned *row_depth;        /* PANEL_ANNOTS: each row's depth in its
                                   discussion (0 a note, 1 a reply, ...) */
    rod_annot undo;             /* the last deleted, for Ctrl+Z */
    int seek_x;                 /* PANEL_SEEK's: the pointer's x, pixels */
    struct define_view *define; /* PANEL_DEFINE's working state (its input
                                   is the selection) */
    char define_text[512];      /* the start of what it shows, for scripts */
    /* library view */
    rod_lib_book *books;        /* library_view's, from open to close */
    size_t nbooks;
    SDL_Surface **thumbs;       /* library view: each book's cover, made on first draw */
    bool *thumb_tried;
    int thumb_w, thumb_h;       /* the size the thumbs were made for */
    char lib_filter[128];       /* typed: words every book shown holds */
    int *shown;                 /* indices into books that pass the filter */
    size_t nshown;
    /* pace: when the current page appeared */
    uint32_t shown_at;
    int64_t clock_shift_ms;     /* scripts' `wait`: added to the reading clocks */
    int64_t wall_shift;         /* scripts' `clock`: added to the wall clock, s */
    struct stats_view *stats;   /* PANEL_STATS's working state */
    /* the window's fit to its display, made again once the desktop's
     * frame around it is known (app_window.c) */
    SDL_Rect fit_area;
    bool fit_pending, fit_keep;
    uint32_t fit_until;
    /* state */
    bool dirty, quit, fullscreen, headless;
    FILE *log;                  /* script output */
    /* scripts: the texts drawn in the last frame, each with its box and
     * the part of the window it belongs to (draw_text keeps them while
     * a->log is set; `print texts` lists them) */
    struct drawn_text {
        SDL_Rect box;
        const char *part;       /* "head", "footer", "panel", ... (static) */
        char text[96];
    } texts[256];
    size_t ntexts;              /* may pass 256: those are not kept */
    const char *text_part;
    /* the base direction draw_text gives what it draws (ROD_DIR_AUTO, the
     * first strong character's, unless a book's words in a right-to-left
     * book are being drawn); set back to AUTO at every frame */
    rod_dir text_dir;
    uint64_t frames;
    double last_frame_ms;
} app;

typedef struct app_opts {
    const char *book;           /* NULL: the library view */
    const char *library;        /* NULL: the default database */
    const char *script;         /* run these commands ("-": stdin) */
    bool bench;
    int bench_pages, bench_jumps;
    int width, height;          /* window size; 0: from the settings */
    double scale;               /* 0: from the display */
    bool fullscreen;
    bool has_at;
    rod_pos at;
    bool keep_settings;         /* do not write the settings file */
    double launch_ms;           /* process start until app_run */
} app_opts;

/* A panel, or the library view. The functions are called by app.c
 * alone (panel_open() and the rest, below), always on the main thread:
 *   open   after a->panel is the panel's kind and a->sel, a->scroll are
 *          0; prepares the panel from the app struct (its input field),
 *          starts or stops SDL text input. NULL: nothing to prepare.
 *   event  an event while the panel is open; true when it took it (the
 *          page and the library view then do not see it). It may close
 *          the panel or open another.
 *   draw   over the frame, into dst (the window's surface).
 *   close  before a->panel becomes PANEL_NONE; ends text input. NULL:
 *          nothing to undo.
 *   row    the text of row i of the panel's list as shown (scripts'
 *          `expect row`); false past the end. NULL: the panel has none.
 * For the library view open is "show it" (the catalog read afresh),
 * event and draw run while a->book is NULL and close frees its rows. */
typedef struct app_panel {
    const char *name;           /* the panel for scripts (`expect panel`) */
    bool bookless;              /* may open without a book */
    void (*open)(app *a);
    bool (*event)(app *a, const SDL_Event *ev);
    void (*draw)(app *a, SDL_Surface *dst);
    void (*close)(app *a);
    bool (*row)(app *a, int i, char *out, size_t n);
} app_panel;

/* The whole window's life; returns the process exit code. */
int app_run(const app_opts *o);

/* ---- app.c ---- */
uint32_t app_mix(uint32_t a, uint32_t b, double t);
void app_event(app *a, const SDL_Event *ev);
void app_draw(app *a);
void app_toast(app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void app_settings_changed(app *a, bool relayout);
/* The book faces of a->set.font into a->fonts (the old set freed, the
 * book's layout dropped, since it was measured with them). When the face
 * cannot be had: before any was loaded the defaults are taken (a message
 * on stderr), later a toast says why and the setting goes back to the
 * face loaded; false when no face could be loaded at all or the setting
 * went back. */
bool app_load_fonts(app *a);
/* Reads the window's size and density; relays out when it changed. */
void app_resized(app *a);
/* The panels by kind. panel_open() shows kind over the page, in place
 * of any panel open (which is not closed: its working state is the new
 * one's); a panel that needs a book does not open without one. */
void panel_open(app *a, panel_kind kind);
void panel_close(app *a);
/* The open panel's event; true when it took it (false: none is open). */
bool panel_event(app *a, const SDL_Event *ev);
void panel_draw(app *a, SDL_Surface *dst);
/* The open panel's row i as shown (app_panel.row); false when none. */
bool panel_row(app *a, int i, char *out, size_t n);
/* "none", "contents", ..., "edit"; "?" for no kind. */
const char *panel_name(panel_kind kind);
/* The window's face under the panels when no book is open: the library
 * view (nothing when a book is open). */
void view_draw(app *a, SDL_Surface *dst);

/* ---- app_start.c ---- */
/* Opens SDL, the window (shown in the page's colour), the fonts and the
 * library into a, while o->book (when not NULL) is read and indexed on a
 * second thread, joined before the return. False, with a message on
 * stderr, when there can be no window: nothing is read then, *out is
 * NULL and a still holds what was opened (app_run frees it). True: *out
 * is the book read, owned by the caller (app_show_book() takes it), or
 * NULL with the reason in err (n bytes) when it could not be read or
 * when o->book is NULL. */
bool app_start(app *a, const app_opts *o, book **out, char *err, size_t n);

/* ---- app_window.c ---- */
/* Makes the character type UTF-8 (the user's locale when it is, else
 * C.UTF-8) so SDL gives the desktop the title in UTF-8; call before any
 * thread starts. */
void window_locale(void);
/* The window's rectangle on a display whose usable area is `area`:
 * want's size, cut to the area unless keep_size; at want's place when
 * placed, else centred; then moved inside the area (its top left first
 * when it is larger). frame: the thickness of the desktop's frame around
 * the window, top, left, bottom, right (NULL: none). */
SDL_Rect window_fit(SDL_Rect want, bool placed, bool keep_size, SDL_Rect area, const int frame[4]);
/* Creates a->win with flags at the settings' size and place, fitted to
 * its display (o->width: --size, kept as given), with rod's icon; false
 * (SDL_GetError() says why) when it cannot. */
bool window_open(app *a, const app_opts *o, Uint32 flags);
/* Keeps the window's place in the settings (after it moved). */
void window_moved(app *a);
/* After a window event in the first seconds: once the desktop's frame
 * is known, the window is fitted again so the frame is on screen too. */
void window_refit(app *a);
/* "TITLE — rod" (NULL or "": the library's), given to the desktop. */
void window_title(app *a, const char *title);

/* ---- app_idle.c ---- */
/* One slice of background work; false when there is none left. */
bool app_idle(app *a);
/* Asks the library worker for an exchange with the sync folder (nothing
 * when syncing is off: benchmarks, no library). */
void app_sync(app *a);

/* ---- app_book.c ---- */
/* Opens path as the current book at its saved position; false (with a
 * toast or a message on stderr) when it cannot be read. */
bool app_open_book(app *a, const char *path);
/* The halves of opening. book_load() reads the file and prepares
 * everything on any thread (no SDL, no window): it is book_read() (the
 * document; NULL with err on failure), book_index() (fingerprint, title,
 * contents, counts; false when memory runs out) and rod_layout_prepare(),
 * which app_run() spreads over two threads. app_show_book() takes the
 * book into the window, or frees it when it cannot. */
book *book_load(const char *path, char *err, size_t n);
book *book_read(const char *path, char *err, size_t n);
bool book_index(book *b);
bool app_show_book(app *a, book *b);
/* A toast, once per book and script, when the pages drawn hold
 * characters no installed font can show: which scripts, and the Debian
 * package that would show them (rod_fonts_missing). After drawing. */
void app_fonts_notice(app *a);
void book_free(book *b);
void app_close_book(app *a);
double book_progress(const book *b, rod_pos pos);
/* The start of the block at share (0 to 1) of the book's text. */
rod_pos book_pos_at(const book *b, double share);
/* The contents entry holding block, or -1. */
long book_toc_at(const book *b, size_t block);
/* The text of a note for its popup, appended to out: its paragraphs
 * apart, a blank line ("\n\n") between them. */
void book_note_text(const book *b, const rod_node *note, rod_buf *out);
/* The running head of a page starting at block: its contents entry's
 * title, after the title of the entry it is a part of ("A Scandal in
 * Bohemia · I"); "" in the front matter. Cut to fit n bytes (n > 0). */
void book_running_head(const book *b, size_t block, char *out, size_t n);
/* First block at or after node (for links and contents). */
size_t book_node_block(const book *b, const rod_node *node);
/* Words from pos to the end of its chapter, and of the book. */
void book_words_left(const book *b, rod_pos pos, size_t *chapter, size_t *total);

/* ---- app_nav.c ---- */
/* Does the book open progress right to left (its rod has dir="rtl",
 * ROD-FORMAT §1)? Then the spread's first page is on the right, Left
 * turns forward and a click on the left half too. */
bool nav_rtl(const app *a);
/* The window x where page k (0 the first, 1 the second of a spread)
 * is drawn. */
int nav_page_x(const app *a, int k);
/* Sets the layout to the window and settings and finds the anchor. */
void nav_relayout(app *a);
const rod_page *nav_page(app *a, page_ref r);
bool nav_next_ref(app *a, page_ref r, page_ref *out);
/* What the pages shown hold: from the first page's start to the end of
 * the last page shown (a spread's right page). False when none is. */
bool nav_shown(app *a, rod_pos *start, rod_pos *end);
bool nav_prev_ref(app *a, page_ref r, page_ref *out);
void nav_next(app *a);
void nav_prev(app *a);
void nav_first(app *a);
void nav_last(app *a);
/* Shows the page holding pos; remembers where the reader was (for
 * Alt+Left) when history is true. */
void nav_jump(app *a, rod_pos pos, bool history);
void nav_back(app *a);
void nav_forward(app *a);
/* The book's page number of r when the pages before it are known. */
bool nav_page_number(app *a, page_ref r, size_t *n);
/* The number (1: the first page) of the page holding pos under the
 * current layout, when its chapter and all before it are laid out; false
 * otherwise, and nothing is laid out by asking. */
bool nav_pos_page(app *a, rod_pos pos, size_t *n);
/* Follows a link or note reference node. */
void nav_follow(app *a, const rod_node *node);
void nav_clear_cache(app *a);

/* ---- app_reading.c ---- */
/* The book just shown: its reading clock starts (no sitting yet). */
void reading_begin(app *a);
/* A page was turned: the gap since the last counts as reading when short
 * enough; the end reached marks the book finished. */
void reading_turned(app *a);
/* Hands the sitting so far to the library worker (nothing when none). */
void reading_save(app *a);
/* The wall clock as the statistics see it (scripts may move it), Unix
 * seconds. */
int64_t reading_wall(const app *a);

/* ---- app_draw.c ---- */
/* The footer's items, by priority: FOOT_PAGE, FOOT_LEFT (time left),
 * FOOT_PERCENT. footer_fit() picks a form of each (form[i]: an index
 * into widths[i], which lists its forms' widths longest first and ends
 * with 0, the item dropped): the page at left, the percentage centred
 * on centre, the time left ending at right, each at least gap from the
 * next and all between left and right. Of the choices that fit it takes
 * the page's longest form, then the time's, then the percentage's; the
 * boxes' x and w are written to box (w 0: dropped). */
enum { FOOT_PAGE, FOOT_PERCENT, FOOT_LEFT, FOOT_ITEMS, FOOT_FORMS = 4 };
void footer_fit(const int widths[FOOT_ITEMS][FOOT_FORMS], int left, int right, int centre, int gap,
                int form[FOOT_ITEMS], SDL_Rect box[FOOT_ITEMS]);
Uint32 app_rgb(SDL_Surface *s, uint32_t rgb);
/* Light text on a dark page? */
bool palette_dark(rod_palette p);
/* draw_text's style bit for figures (page numbers, times, percentages):
 * EB Garamond's default figures are old-style, "1 h 11 min" reads
 * "ı h ıı min", and SDL2_ttf cannot ask for its lining ones, so such text
 * is set in the UI face, DejaVu Sans (fontconfig; the book face when it
 * is missing). */
enum { APP_TEXT_FIGURES = 0x100 };
/* Text in the book face at px size (with APP_TEXT_FIGURES, the UI face);
 * returns the advance. align: 0 left at x, 1 centred on x, 2 right edge
 * at x. Text holding right-to-left letters is drawn in visual order, its
 * base direction a->text_dir (rod_layout_label); text_width measures it
 * as drawn. */
int draw_text(app *a, SDL_Surface *dst, const char *s, int x, int y, int px, unsigned style, uint32_t rgb,
              int align);
/* s on one line from x with [from, to) marked (bold, in mark_rgb), as a
 * search result shows its match: in visual order in the base direction
 * a->text_dir (ROD_DIR_AUTO: s's first strong character's), set from
 * x + width when that is right to left. Returns the width drawn. */
int draw_text_marked(app *a, SDL_Surface *dst, const char *s, size_t from, size_t to, int x, int y, int width,
                     int px, uint32_t rgb, uint32_t mark_rgb);
/* s wrapped to width from baseline y (drawn when dst is not NULL, lines
 * below bottom skipped); returns the number of lines. */
int wrap_text(app *a, SDL_Surface *dst, const char *s, int x, int y, int width, int bottom, int px,
              unsigned style, uint32_t rgb);
int text_width(app *a, const char *s, int px, unsigned style);
/* The progress bar's track (thin) and the band a press on it seeks in. */
void progress_bar_rect(app *a, SDL_Rect *track, SDL_Rect *band);
/* The cache's slot holding page r as the current layout draws it, or
 * NULL (marks nothing used). */
page_slot *page_cached(app *a, page_ref r);
/* The page at r drawn (or taken from the cache). */
SDL_Surface *page_image(app *a, page_ref r);
/* The first words of the page shown, for tests and the bench. */
void page_first_words(app *a, char *out, size_t n, int words);
/* The page shown under window pixel column x (the right one of a spread
 * past its middle), and in *x0 where it starts; NULL when none. */
const rod_page *page_under(app *a, int x, int *x0);
/* Under the mouse: the run at window pixel (x, y) and its node, or NULL. */
const rod_run *page_run_at(app *a, int x, int y);
/* app_nav.c: the link run a click at (x, y) follows, or NULL: a link's
 * whole width on its line, a note reference's half an em more each side. */
const rod_run *page_link_at(app *a, int x, int y);

/* ---- the panel files: their tables, for app.c only ---- */
/* app_toc.c */
extern const app_panel panel_toc;
/* app_seek.c */
extern const app_panel panel_seek;
/* app_fonts.c */
extern const app_panel panel_fonts;
/* app_panels.c */
extern const app_panel panel_goto, panel_search, panel_results, panel_settings, panel_help,
    panel_note;
/* F3, Shift+F3 (dir -1): the next match of the last search, shown. */
void search_step(app *a, int dir);
/* app_link.c */
extern const app_panel panel_link;
/* app_annots.c */
extern const app_panel panel_annots, panel_mark, panel_edit;
/* app_library.c */
extern const app_panel library_view;
/* app_define.c */
extern const app_panel panel_define;
/* app_stats.c */
extern const app_panel panel_stats;

/* ---- app_widgets.c ---- */
/* The size of a panel's text, px. */
int panel_px(app *a);
/* s cut in place to fit width, ending in an ellipsis. */
void fit_text(app *a, char *s, int px, unsigned style, int width);
/* A list's selected row after key k (Up, Down, PgUp, PgDn, Home, End),
 * kept among n rows and visible in a window of rows from *scroll; false
 * for other keys. list_clamp() does the keeping alone. */
bool list_move(SDL_Keycode k, int *sel, int *scroll, int n, int rows);
void list_clamp(int *sel, int *scroll, int n, int rows);
/* What a panel does with an event that is no key press: it keeps the
 * mouse's release and motion and typed text from the page (true), and
 * lets the rest through (false). */
bool panel_swallows(const SDL_Event *ev);
/* The wheel: the first row shown moves up by `up` rows, within the list. */
void list_scroll(int *scroll, int up, int n, int rows);
/* A panel's card: a faint fill and a hairline edge. */
void panel_card(SDL_Surface *dst, SDL_Rect r, rod_palette pal);
/* The page pos is on under the current layout, "12", or "…" while it is
 * not known yet (nav_pos_page: nothing is laid out by asking). */
void page_label(app *a, rod_pos pos, char *out, size_t n);
/* Removes the last UTF-8 character of s. */
void delete_last_char(char *s);

/* ---- app_select.c ---- */
/* The position nearest window pixel (x, y) on the page(s) shown; on_text
 * (may be NULL) tells whether the point is on a word. false off the text. */
bool page_pos_at(app *a, int x, int y, rod_pos *out, bool *on_text);
/* The selection in order; false when there is none or it is empty. */
bool sel_range(const app *a, rod_pos *start, rod_pos *end);
void sel_clear(app *a);
void sel_set(app *a, rod_pos anchor, rod_pos head);
/* The word, or the block, around pos. */
void sel_word(app *a, rod_pos pos);
void sel_block(app *a, rod_pos pos);
/* The selected text (paragraphs joined by a blank line) appended to out. */
bool sel_text(const app *a, rod_buf *out);
/* Copies the selected text to the clipboard. */
void sel_copy(app *a);
/* Turns the page a click on a word asked for (the double-click time is
 * over, or a script moves on). */
void sel_turn_due(app *a);
/* Mouse on the page: true when the event was the selection's. */
bool sel_event(app *a, const SDL_Event *ev);
/* Paints [start, end) on page at page-pixel offset 0: filled behind the
 * text, or a line under it. */
void paint_range(app *a, SDL_Surface *dst, const rod_page *page, rod_pos start, rod_pos end, uint32_t rgb,
                 bool underline);
/* The first line of page showing pos: its y (top) in page pixels; -1. */
int page_line_top(const rod_page *page, rod_pos pos);

/* ---- app_marks.c ---- */
/* Loads the book's annotations from the library. */
void annots_load(app *a);
/* Paints the annotations on a page image (behind the text). */
void annots_paint(app *a, SDL_Surface *dst, const rod_page *page);
/* Marks drawn over the text: bookmark ribbons, readers' names. */
void annots_decorate(app *a, SDL_Surface *dst, const rod_page *page, bool right_page);
/* The selection's toolbar, drawn over the frame. */
void annots_bar_draw(app *a, SDL_Surface *dst);
/* Makes an annotation of the selection: a highlight in color, or a note
 * (opens the editor). */
void annots_mark_selection(app *a, const char *color, bool note);
/* Toggles a bookmark on the page shown. */
void annots_bookmark(app *a);
/* The annotation under window pixel (x, y), or -1. */
long annots_at(app *a, int x, int y);
/* Ctrl+Z: brings back the last deleted annotation. */
void annots_undo(app *a);
/* Whether n is the reader's own (only those can be changed). */
bool annots_mine(const app *a, const rod_annot *n);
/* After any change to the book's set: its discussions are worked out
 * again and pages drawn again. */
void annots_changed(app *a);
/* The note notes[i] answers, or ROD_THREAD_NONE (not a reply, or its note
 * is not here); the root of its discussion (i itself for a note). */
size_t annots_parent(const book *b, size_t i);
size_t annots_root(const book *b, size_t i);
/* notes[root] and its replies, depth first, each note's by time: indices
 * into *order and depths into *depth (both malloc'd, the caller frees);
 * the count, 0 when memory runs out. */
size_t annots_thread(const book *b, size_t root, size_t **order, unsigned **depth);
/* A new annotation of ours on [s, e) into *out (a bookmark at s when
 * bookmark; a note when body is not empty); false, with a toast, when
 * it cannot be made. The caller owns *out (rod_annot_clear). */
bool annots_make(app *a, rod_pos s, rod_pos e, bool bookmark, const char *color, const char *body, rod_annot *out);
/* Takes *n into the book's set in reading order (n is zeroed); its index
 * or -1 when memory runs out. */
long annots_insert(book *b, rod_annot *n);
/* Deletes notes[i] (through the worker) and keeps it for annots_undo(). */
void annots_remove(app *a, size_t i);
/* The colour annotations of reader are drawn in when they are not ours. */
uint32_t reader_rgb(const char *reader, bool dark);
/* Highlight colours by name (amber, green, blue, rose, violet, underline). */
uint32_t color_rgb(const char *color);
extern const char *const annot_colors[6];

/* ---- app_expect.c: a script's checks ---- */
/* The run of the pages shown whose text is text (exact), or starts with
 * it: where a click on it goes, window coordinates — its middle (edge
 * 0), just inside its left (-1) or right (+1) edge, on its line's middle.
 * False when no run shows it. script_find_run: exact first, else a
 * prefix, the middle. */
bool script_find_run_as(app *a, const char *text, bool exact, int edge, int *x, int *y);
bool script_find_run(app *a, const char *text, int *x, int *y);
/* `expect WHAT ARG`: true when it holds, else false with the reason in
 * msg (n bytes). arg may be changed. */
bool script_expect(app *a, char *what, char *arg, char *msg, size_t n);

/* ---- app_script.c ---- */
/* Runs commands from f against the window; the exit code. */
int app_script(app *a, FILE *f, const char *name);
/* ---- app_bench.c ---- */
int app_bench(app *a, const app_opts *o, double open_ms);

#endif
