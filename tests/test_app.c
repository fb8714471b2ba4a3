/* test_app.c — the reader window's parts that need no window: the settings
 * file (defaults, round trip, bad values reported and clamped, a save cut
 * short leaving the old file whole),
 * search in the book (checked against a plain byte scan, and for the case
 * and accent folding the scan cannot do), and the book's index (contents,
 * progress, words left in the chapter and the book, the running head, a
 * note's text), the figures of the window's own words (lining, as tall
 * as capitals, where the book face's are old-style), and the window's
 * rectangle fitted to a display (window_fit). */
#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app.h"
#include "book_search.h"
#include "helpers.h"
#include "settings.h"
#include "tap.h"

static void test_settings_round_trip(void)
{
    rod_settings s = rod_settings_defaults();
    char text[2048], again[2048], warn[512] = "";
    CHECK(rod_settings_format(&s, text, sizeof text), "the defaults format");
    rod_settings t = rod_settings_defaults();
    t.size = 40;
    t.theme = ROD_THEME_NIGHT;
    rod_settings_parse(&t, text, warn, sizeof warn);
    CHECK(t.size == s.size && t.theme == s.theme && t.justify == s.justify, "parsing the defaults' text gives the defaults");
    CHECK_STR(warn, "", "the defaults' text parses without warnings");

    s.size = 27;
    s.spacing = 1.65;
    s.margin = 90;
    s.justify = false;
    s.hyphenate = false;
    s.theme = ROD_THEME_TEROK_NOR;
    s.spread = SPREAD_TWO;
    s.wpm = 312.5;
    s.window_w = 1400;
    s.window_h = 900;
    snprintf(s.font, sizeof s.font, "DejaVu Serif");
    CHECK(rod_settings_format(&s, text, sizeof text), "changed settings format");
    t = rod_settings_defaults();
    rod_settings_parse(&t, text, warn, sizeof warn);
    CHECK(rod_settings_format(&t, again, sizeof again), "and format again");
    CHECK_STR(again, text, "format → parse → format keeps every setting");
    CHECK(t.theme == ROD_THEME_TEROK_NOR && t.spread == SPREAD_TWO && !t.justify && !t.hyphenate,
          "theme, spread, alignment and hyphenation come back");
    CHECK_STR(t.font, "DejaVu Serif", "a font name with a space comes back");
}

static void test_settings_bad_values(void)
{
    rod_settings s = rod_settings_defaults();
    char warn[512] = "";
    rod_settings_parse(&s,
                       "# a comment\n"
                       "size = 400\n"
                       "theme = plaid\n"
                       "colour = red\n"
                       "spacing = 0.2\n"
                       "justify = no\n"
                       "no equals sign here\n",
                       warn, sizeof warn);
    CHECK(s.size == 48, "a size beyond the range is clamped to 48");
    CHECK(s.spacing >= 1.0 && s.spacing <= 1.0001, "a spacing below the range is clamped to 1.0");
    CHECK(s.theme == rod_settings_defaults().theme, "an unknown theme keeps the default");
    CHECK(!s.justify, "the good lines still apply");
    CHECK(strstr(warn, "4:") != NULL, "the unknown key is reported with its line");
    CHECK(strstr(warn, "3:") != NULL, "the unknown theme is reported with its line");
    CHECK(strstr(warn, "7:") != NULL, "a line without '=' is reported");
    CHECK(strstr(warn, "1:") == NULL, "a comment is not a problem");

    /* a comment may follow a number; a name is taken whole, '#' and all,
     * so what rod writes reads back (found by fuzz_settings) */
    rod_settings c = rod_settings_defaults();
    rod_settings_parse(&c, "size = 24  # larger\nfont = # ro dreade\nreader = Kira #1\n", warn, sizeof warn);
    CHECK(c.size == 24 && warn[0] == '\0', "a comment after a value is a comment");
    CHECK_STR(c.font, "# ro dreade", "a font name starting with '#' is a name");
    CHECK_STR(c.reader, "Kira #1", "a reader's name with ' #' is kept whole");
    char once[2048], twice[2048];
    rod_settings_format(&c, once, sizeof once);
    rod_settings d = rod_settings_defaults();
    rod_settings_parse(&d, once, NULL, 0);
    rod_settings_format(&d, twice, sizeof twice);
    CHECK_STR(twice, once, "and they are written and read back the same");
}

/* `sync = DIR`: taken whole, written back, and used by rod_sync_folder
 * before the library's remembered folder (none here: lib NULL). */
static void test_settings_sync(void)
{
    rod_settings s = rod_settings_defaults();
    char warn[512] = "", text[2048];
    rod_settings_parse(&s, "sync = /srv/My Sync #2\n", warn, sizeof warn);
    CHECK_STR(s.sync, "/srv/My Sync #2", "sync = DIR is taken whole, ' #' and all");
    CHECK_STR(warn, "", "and without a warning");
    CHECK(rod_settings_format(&s, text, sizeof text) && strstr(text, "\nsync = /srv/My Sync #2\n"),
          "the settings file keeps the sync folder");
    char path[] = "/tmp/rod-test-settings-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0, "a settings file for the test");
    if (fd < 0)
        return;
    FILE *f = fdopen(fd, "w");
    fputs("size = 400\nsync = ~/Sync/rod\n", f);      /* a bad line too */
    fclose(f);
    char *old_config = getenv("ROD_CONFIG") ? strdup(getenv("ROD_CONFIG")) : NULL;
    char *old_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
    setenv("ROD_CONFIG", path, 1);
    setenv("HOME", "/home/kira", 1);
    char got[4096];
    CHECK(rod_sync_folder(NULL, got, sizeof got), "rod_sync_folder finds the settings' folder");
    CHECK_STR(got, "/home/kira/Sync/rod", "~/ in it is the home folder, a bad line elsewhere notwithstanding");
    f = fopen(path, "w");
    fputs("size = 20\n", f);
    fclose(f);
    CHECK(!rod_sync_folder(NULL, got, sizeof got) && got[0] == '\0', "no folder anywhere: none");
    unlink(path);
    if (old_config)
        setenv("ROD_CONFIG", old_config, 1);
    else
        unsetenv("ROD_CONFIG");
    if (old_home)
        setenv("HOME", old_home, 1);
    else
        unsetenv("HOME");
    free(old_config);
    free(old_home);
}

/* Entries in a folder, . and .. aside. */
static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d)
        closedir(d);
    return d ? n : -1;
}

static void test_settings_files(void)
{
    char dir[] = "/tmp/rod-test-app-XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0, "a scratch folder");
        return;
    }
    char path[256], err[256] = "";
    snprintf(path, sizeof path, "%s/sub/settings.conf", dir);
    rod_settings s = rod_settings_defaults();
    s.size = 33;
    CHECK(rod_settings_load(path, &s, err, sizeof err), "a settings file that does not exist yet loads");
    CHECK(s.size == 33, "and changes nothing");
    s.theme = ROD_THEME_SEPIA;
    CHECK(rod_settings_save(path, &s, err, sizeof err), "saving creates the folder and the file");
    rod_settings t = rod_settings_defaults();
    CHECK(rod_settings_load(path, &t, err, sizeof err) && t.size == 33 && t.theme == ROD_THEME_SEPIA,
          "what was saved loads again");
    char sub[300];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    CHECK(count_entries(sub) == 1, "nothing but the settings file is left in its folder");

    /* a save cut short (here by a file-size limit far below the text, so
     * the write fails part way) leaves the old file whole, byte for byte;
     * a save that wrote the file in place would leave it cut */
    size_t old_len = 0;
    char *old = load(path, &old_len);
    rod_settings u = t;
    u.size = 41;
    u.theme = ROD_THEME_NIGHT;
    snprintf(u.font, sizeof u.font, "A font name long enough that the settings file grows");
    int status = -1;
    pid_t pid = fork();
    if (pid == 0) {
        struct rlimit lim = {40, 40};
        signal(SIGXFSZ, SIG_IGN);   /* write(2) returns EFBIG instead */
        char e[256];
        _exit(setrlimit(RLIMIT_FSIZE, &lim) == 0 && !rod_settings_save(path, &u, e, sizeof e) ? 0 : 1);
    }
    if (pid > 0)
        waitpid(pid, &status, 0);
    size_t now_len = 0;
    char *now = load(path, &now_len);
    CHECK(pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 && old && old_len > 40,
          "a save cut short by a write error says it failed");
    CHECK(now && now_len == old_len && !memcmp(now, old, old_len),
          "and the settings file is the old one, whole");
    CHECK(count_entries(sub) == 1, "and no temporary is left beside it");
    rod_settings v = rod_settings_defaults();
    CHECK(rod_settings_load(path, &v, err, sizeof err) && v.size == 33, "the old settings still load");
    free(old);
    free(now);

    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", dir);
}

/* The plain scan: every non-overlapping ASCII-case-insensitive match of
 * q in each block, as (block, byte) pairs. */
typedef struct byte_hit {
    size_t block, byte;
} byte_hit;

static size_t naive_search(const rod_doc *doc, const char *q, byte_hit *out, size_t cap)
{
    size_t n = 0, qn = strlen(q);
    for (size_t b = 0; b < doc->nblocks; b++) {
        const char *t = doc->blocks[b].text;
        size_t len = doc->blocks[b].len;
        for (size_t i = 0; i + qn <= len;) {
            if (strncasecmp(t + i, q, qn) == 0) {
                if (n < cap)
                    out[n] = (byte_hit){b, i};
                n++;
                i += qn;
            } else {
                i++;
            }
        }
    }
    return n;
}

static bool ascii_span(const rod_doc *doc, rod_hit h)
{
    size_t a = rod_doc_pos_byte(doc, h.start), b = rod_doc_pos_byte(doc, (rod_pos){h.start.block, h.end.offset});
    const char *t = doc->blocks[h.start.block].text;
    for (size_t i = a; i < b; i++)
        if ((unsigned char)t[i] >= 0x80)
            return false;
    return true;
}

static void test_search_against_scan(const char *fixtures)
{
    char *path = fixture_path(fixtures, "../../docs/the-archivist-of-lakat.rod");
    size_t len = 0;
    char *src = load(path, &len);
    free(path);
    rod_diag diag = ROD_DIAG_INIT("sample");
    rod_doc *doc = NULL;
    if (!src || rod_read_rod(src, len, &diag, &doc) != ROD_OK) {
        CHECK(0, "the sample book loads");
        free(src);
        rod_diag_free(&diag);
        return;
    }
    static const char *queries[] = {"ledger", "LEDGER", "the", "Vorn", "grain levy", "a", "xyzzy", "ng"};
    static byte_hit want[4096];
    for (size_t k = 0; k < sizeof queries / sizeof *queries; k++) {
        const char *q = queries[k];
        size_t nwant = naive_search(doc, q, want, 4096);
        rod_hits hits = {0};
        bool ok = rod_book_search(doc, q, "en", 100000, &hits);
        /* every plain match is found, at the same place; the only extra
         * hits ICU may find are where folding matters (non-ASCII text) */
        size_t j = 0, extra_ascii = 0, missed = 0;
        for (size_t i = 0; i < hits.n; i++) {
            size_t byte = rod_doc_pos_byte(doc, hits.v[i].start);
            while (j < nwant && (want[j].block < hits.v[i].start.block ||
                                 (want[j].block == hits.v[i].start.block && want[j].byte < byte))) {
                missed++;
                j++;
            }
            if (j < nwant && want[j].block == hits.v[i].start.block && want[j].byte == byte)
                j++;
            else if (ascii_span(doc, hits.v[i]))
                extra_ascii++;
        }
        missed += nwant - j;
        char name[160];
        snprintf(name, sizeof name, "search for \"%s\" finds the %zu matches a plain scan finds, no others in ASCII text",
                 q, nwant);
        CHECK(ok && missed == 0 && extra_ascii == 0 && !hits.truncated, name);
        if (missed || extra_ascii)
            printf("#   ICU %zu hits, scan %zu, missed %zu, extra %zu\n", hits.n, nwant, missed, extra_ascii);
        rod_hits_free(&hits);
    }
    rod_hits hits = {0};
    rod_book_search(doc, "the", "en", 5, &hits);
    CHECK(hits.n == 5 && hits.truncated, "the limit stops the search and says so");
    rod_hits_free(&hits);
    rod_book_search(doc, "", "en", 10, &hits);
    CHECK(hits.n == 0, "an empty query finds nothing");
    rod_hits_free(&hits);
    rod_doc_free(doc);
    rod_diag_free(&diag);
    free(src);
}

static void test_search_folding(void)
{
    rod_doc *doc = read_txt_str("Folding\n\nÉlève, eleve et ÉLÈVE.\n\nIn der Straße, STRASSE.\n\nNaïve cafés: NAIVE CAFE.\n", false, NULL);
    if (!doc) {
        CHECK(0, "the folding text reads");
        return;
    }
    struct {
        const char *q, *lang;
        size_t want;
    } cases[] = {
        {"eleve", "fr", 3}, {"ÉLÈVE", "fr", 3}, {"strasse", "de", 2}, {"straße", "de", 2},
        {"naive cafe", "en", 2}, {"CAFÉS", "en", 1}, {"élèves", "fr", 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        rod_hits hits = {0};
        rod_book_search(doc, cases[k].q, cases[k].lang, 100, &hits);
        char name[160];
        snprintf(name, sizeof name, "\"%s\" is found %zu times, whatever the case and accents", cases[k].q,
                 cases[k].want);
        CHECK(hits.n == cases[k].want, name);
        if (hits.n != cases[k].want)
            printf("#   found %zu\n", hits.n);
        rod_hits_free(&hits);
    }
    rod_hits hits = {0};
    rod_book_search(doc, "eleve", "fr", 100, &hits);
    CHECK(hits.n == 3 && hits.v[0].start.offset == 0 && hits.v[0].end.offset == 5 && hits.v[1].start.offset == 7 &&
              hits.v[2].start.offset == 16 && hits.v[2].end.offset == 21,
          "hits are placed in characters, not bytes");
    rod_hits_free(&hits);
    rod_doc_free(doc);
}

static void test_index(void)
{
    const char *src =
        "<?xml version=\"1.0\"?>\n<rod xmlns=\"urn:isolinear:rod:1\" version=\"1\"><head><title>T</title></head><body>"
        "<section><p>front matter has four words</p></section>"
        "<section><title>One</title><p>a b c</p><p>d e</p></section>"
        "<section><title>Two</title><section><title>Two A</title><p>f g h i</p></section></section>"
        "</body></rod>";
    rod_diag diag = ROD_DIAG_INIT("index");
    rod_doc *doc = read_rod_str(src, &diag);
    rod_diag_print(&diag, stdout);
    rod_diag_free(&diag);
    if (!doc) {
        CHECK(0, "the index book reads");
        return;
    }
    book *b = calloc(1, sizeof *b);
    b->doc = doc;
    b->path = strdup("/books/index.rod");
    CHECK(book_index(b), "the book is indexed");
    CHECK(b->ntoc == 3, "contents: the three titled sections");
    if (b->ntoc == 3) {
        CHECK_STR(b->toc[0].title, "One", "the first entry");
        CHECK(b->toc[2].depth == 1 && !strcmp(b->toc[2].title, "Two A"), "a subsection is one level deeper");
    }
    /* blocks: 0 the book's title "T", 1 the front matter (5 words), 2 "One",
     * 3 "a b c", 4 "d e", 5 "Two", 6 "Two A", 7 "f g h i": 19 words */
    CHECK(doc->nblocks == 8 && !strcmp(doc->blocks[1].text, "front matter has four words"), "the blocks are as planned");
    size_t ch = 0, all = 0;
    book_words_left(b, (rod_pos){1, 0}, &ch, &all);
    CHECK(ch == 5 && all == 18, "in the front matter, the chapter ends at the first heading");
    book_words_left(b, (rod_pos){2, 0}, &ch, &all);
    CHECK(ch == 6 && all == 13, "in chapter One, its own words are left");
    book_words_left(b, (rod_pos){7, 0}, &ch, &all);
    CHECK(ch == 4 && all == 4, "in Two A, to the end of the book");
    CHECK(book_progress(b, (rod_pos){0, 0}) == 0.0 && book_progress(b, (rod_pos){doc->nblocks, 0}) == 1.0,
          "progress runs from 0 to 1");
    double mid = book_progress(b, (rod_pos){3, 0});
    CHECK(mid > 0.4 && mid < 0.7, "progress is measured in text, not pages");
    CHECK(book_toc_at(b, 1) == -1 && book_toc_at(b, 3) == 0 && book_toc_at(b, 7) == 2,
          "the contents entry of a block");
    char head[64];
    book_running_head(b, 7, head, sizeof head);
    CHECK_STR(head, "Two \u00b7 Two A", "a part's running head names the section it is part of, then the part");
    book_running_head(b, 3, head, sizeof head);
    CHECK_STR(head, "One", "a top-level section's running head is its title");
    book_running_head(b, 1, head, sizeof head);
    CHECK_STR(head, "", "the front matter has no running head");
    book_free(b);
}

/* A note's popup keeps its paragraphs apart. */
static void test_note_text(void)
{
    rod_doc *doc = read_rod_str(ROD_OPEN "<head><title>T</title></head><body><p>Years<noteref to='#y'>2</noteref>."
                                "</p></body><notes><note id='y'><p>Given in the Federation reckoning throughout.</p>"
                                "<p>In the original they are counted from the founding.</p></note></notes></rod>",
                                NULL);
    if (!CHECK(doc != NULL, "a book with a note of two paragraphs reads"))
        return;
    book b = {0};
    b.doc = doc;
    rod_buf t = ROD_BUF_INIT;
    book_note_text(&b, rod_doc_find_id(doc, "y"), &t);
    CHECK_STR(t.data ? t.data : "",
              "Given in the Federation reckoning throughout.\n\nIn the original they are counted from the founding.",
              "a note's popup text keeps its two paragraphs apart, a blank line between");
    rod_buf_free(&t);
    rod_doc_free(doc);
}

/* Rows from the top of dst to the first inked one. */
static int ink_top(SDL_Surface *dst)
{
    SDL_LockSurface(dst);
    int top = dst->h;
    for (int y = 0; y < dst->h && top == dst->h; y++) {
        const Uint32 *row = (const Uint32 *)((const Uint8 *)dst->pixels + (size_t)y * (size_t)dst->pitch);
        for (int x = 0; x < dst->w; x++)
            if ((row[x] & 0xFFFFFF) != 0xFFFFFF) {
                top = y;
                break;
            }
    }
    SDL_UnlockSurface(dst);
    return top;
}

/* How far above the baseline the ink of s reaches, drawn at 60 px. */
static int ink_height(app *a, const char *s, unsigned style)
{
    SDL_Surface *dst = SDL_CreateRGBSurfaceWithFormat(0, 200, 120, 32, SDL_PIXELFORMAT_XRGB8888);
    if (!dst)
        return -1;
    SDL_FillRect(dst, NULL, 0xFFFFFF);
    draw_text(a, dst, s, 10, 100, 60, style, 0x000000, 0);
    int h = 100 - ink_top(dst);
    SDL_FreeSurface(dst);
    return h;
}

static void test_lining_figures(void)
{
    char err[256];
    app a = {0};
    a.fonts = rod_fonts_new(NULL, NULL, err, sizeof err);
    const char *name = "the footer's, contents' and lists' figures are lining: a 1 as tall as an H";
    if (!a.fonts) {
        tap_skip(name, err);
        return;
    }
    int one = ink_height(&a, "1", 0), cap = ink_height(&a, "H", 0);
    printf("# book face (%s): 1 is %d px tall, H %d px\n", rod_fonts_family(a.fonts, ROD_FAMILY_BOOK), one, cap);
    int fig_one = ink_height(&a, "1", APP_TEXT_FIGURES), fig_cap = ink_height(&a, "H", APP_TEXT_FIGURES);
    printf("# figures (%s): 1 is %d px tall, H %d px\n",
           a.ui_fonts ? rod_fonts_family(a.ui_fonts, ROD_FAMILY_BOOK) : "the book face", fig_one, fig_cap);
    rod_fonts *dejavu = rod_fonts_new("DejaVu Sans", NULL, err, sizeof err);
    if (!dejavu)
        tap_skip(name, "DejaVu Sans is not installed (fonts-dejavu-core)");
    else
        CHECK(fig_cap > 0 && abs(fig_one - fig_cap) <= fig_cap / 20, name);
    rod_fonts_free(dejavu);
    rod_fonts_free(a.ui_fonts);
    rod_fonts_free(a.fonts);
}

/* a check whose name is formatted */
#define CHECKF(cond, ...)                                 \
    do {                                                  \
        char name_[256];                                  \
        snprintf(name_, sizeof name_, __VA_ARGS__);       \
        CHECK(cond, name_);                               \
    } while (0)

static bool inside(SDL_Rect r, SDL_Rect area)
{
    return r.x >= area.x && r.y >= area.y && r.x + r.w <= area.x + area.w && r.y + r.h <= area.y + area.h;
}

/* window_fit (app_window.c): the window's rectangle on the usable area of
 * a display, checked on every combination of sizes and places against
 * what it promises: inside the area unless a kept size is larger, the
 * size cut only as far as the area needs, a place that fits unchanged,
 * an unplaced window centred. */
static void test_window_fit(void)
{
    /* issue 20: 900x1000 on a 1366x768 screen opened at y = -116 */
    SDL_Rect area = {0, 0, 1366, 768};
    SDL_Rect r = window_fit((SDL_Rect){0, 0, 900, 1000}, false, false, area, NULL);
    CHECKF(r.x == 233 && r.y == 0 && r.w == 900 && r.h == 768, "900x1000 on 1366x768: 900x768 at 233,0 (got %dx%d at %d,%d)",
          r.w, r.h, r.x, r.y);
    /* a panel at the top: the usable area starts lower */
    r = window_fit((SDL_Rect){0, 0, 900, 1000}, false, false, (SDL_Rect){0, 27, 1024, 573}, NULL);
    CHECKF(r.y == 27 && r.h == 573 && r.x == 62, "below a 27-pixel panel on 1024x600 (got %dx%d at %d,%d)", r.w, r.h, r.x, r.y);
    /* a frame of 30 on top, 4 elsewhere: the window and its frame fit */
    int frame[4] = {30, 4, 4, 4};
    r = window_fit((SDL_Rect){0, 0, 1366, 768}, true, false, area, frame);
    CHECKF(r.x == 4 && r.y == 30 && r.w == 1358 && r.h == 734, "a window with its frame fits (got %dx%d at %d,%d)", r.w, r.h,
          r.x, r.y);
    /* off the screen to the right and below, on a second display at the left */
    r = window_fit((SDL_Rect){3000, 2000, 800, 600}, true, false, area, NULL);
    CHECKF(r.x == 566 && r.y == 168 && r.w == 800, "a place off the screen comes back (got %d,%d)", r.x, r.y);
    r = window_fit((SDL_Rect){-5000, -40, 800, 600}, true, false, (SDL_Rect){-1920, 0, 1920, 1080}, NULL);
    CHECKF(r.x == -1920 && r.y == 0, "and onto a display left of the first (got %d,%d)", r.x, r.y);
    /* --size kept: larger than the area, its top left on screen */
    r = window_fit((SDL_Rect){0, 0, 900, 1000}, false, true, area, NULL);
    CHECKF(r.w == 900 && r.h == 1000 && r.y == 0, "a kept size stays, its top on screen (got %dx%d at %d,%d)", r.w, r.h, r.x,
          r.y);

    /* every combination against the promises */
    static const int sizes[] = {200, 320, 600, 767, 768, 769, 1000, 1366, 2000, 5000};
    static const int places[] = {-9000, -900, -1, 0, 1, 100, 700, 1365, 1366, 3000};
    unsigned bad = 0, cases = 0;
    for (size_t wi = 0; wi < 10; wi++)
        for (size_t hi = 0; hi < 10; hi++)
            for (size_t xi = 0; xi < 10; xi++)
                for (size_t yi = 0; yi < 10; yi++)
                    for (int mode = 0; mode < 4; mode++) {
                        bool placed = mode & 1, keep = mode & 2;
                        SDL_Rect want = {places[xi], places[yi], sizes[wi], sizes[hi]};
                        SDL_Rect got = window_fit(want, placed, keep, area, NULL);
                        bool fits = want.w <= area.w && want.h <= area.h;
                        bool ok = true;
                        if (!keep || fits)
                            ok = ok && inside(got, area);
                        else
                            ok = ok && got.x >= area.x && got.y >= area.y;
                        /* the size: kept, or cut to the area and no further */
                        int ew = keep || want.w <= area.w ? want.w : area.w;
                        int eh = keep || want.h <= area.h ? want.h : area.h;
                        ok = ok && got.w == ew && got.h == eh;
                        /* a place that already fits is not moved */
                        if (placed && inside((SDL_Rect){want.x, want.y, ew, eh}, area))
                            ok = ok && got.x == want.x && got.y == want.y;
                        if (!placed && ew <= area.w && eh <= area.h)
                            ok = ok && abs(2 * got.x + got.w - area.w) <= 1 && abs(2 * got.y + got.h - area.h) <= 1;
                        bad += !ok;
                        cases++;
                    }
    CHECKF(bad == 0, "window_fit keeps its promises in all %u cases (%u broken)", cases, bad);

    /* the place survives the settings file */
    rod_settings s = rod_settings_defaults();
    char text[2048], warn[256] = "";
    CHECK(rod_settings_format(&s, text, sizeof text) && !strstr(text, "window_at"), "no place is written before there is one");
    s.window_placed = true;
    s.window_x = -1200;
    s.window_y = 34;
    rod_settings t = rod_settings_defaults();
    CHECK(rod_settings_format(&s, text, sizeof text), "a place formats");
    rod_settings_parse(&t, text, warn, sizeof warn);
    CHECK(t.window_placed && t.window_x == -1200 && t.window_y == 34, "window_at = -1200,34 comes back");
    CHECK_STR(warn, "", "and reads without warnings");
}

/* Do the footer's boxes fit: shown ones inside [left, right], page,
 * percent and time in that order, gap apart? The naive statement of what
 * footer_fit promises, to check it against. */
static bool footer_fits(const SDL_Rect box[FOOT_ITEMS], int left, int right, int gap)
{
    const int order[FOOT_ITEMS] = {FOOT_PAGE, FOOT_PERCENT, FOOT_LEFT};
    int edge = INT_MIN / 2;
    for (int k = 0; k < FOOT_ITEMS; k++) {
        const SDL_Rect *b = &box[order[k]];
        if (b->w == 0)
            continue;
        if (b->x < left || b->x + b->w > right || b->x < edge + gap)
            return false;
        edge = b->x + b->w;
    }
    return true;
}

/* footer_fit on random widths and windows: what it picks fits, and no
 * item could have a longer form (by priority: page, time, percent)
 * without a less important one giving way — checked by trying, for each
 * item, its longer forms with the more important ones kept and the rest
 * at any form. */
static void test_footer_fit(void)
{
    unsigned seed = 20, bad_fit = 0, bad_best = 0, cases = 0;
    for (int round = 0; round < 3000; round++) {
        int widths[FOOT_ITEMS][FOOT_FORMS] = {{0}};
        for (int i = 0; i < FOOT_ITEMS; i++) {
            int forms = i == FOOT_PERCENT ? 1 : 3, w = 0;
            for (int k = forms - 1; k >= 0; k--) {
                seed = seed * 1103515245u + 12345u;
                w += 5 + (int)(seed >> 16) % 150;
                widths[i][k] = w;   /* longest first */
            }
        }
        seed = seed * 1103515245u + 12345u;
        int left = 20, right = 20 + 40 + (int)(seed >> 16) % 700, gap = 12, centre = (left + right) / 2;
        int form[FOOT_ITEMS];
        SDL_Rect box[FOOT_ITEMS];
        footer_fit((const int (*)[FOOT_FORMS])widths, left, right, centre, gap, form, box);
        cases++;
        if (!footer_fits(box, left, right, gap))
            bad_fit++;
        /* lexicographic (page, time, percent): nothing better fits */
        const int prio[FOOT_ITEMS] = {FOOT_PAGE, FOOT_LEFT, FOOT_PERCENT};
        for (int p = 0; p < FOOT_FORMS; p++)
            for (int t = 0; t < FOOT_FORMS; t++)
                for (int c = 0; c < FOOT_FORMS; c++) {
                    int f[FOOT_ITEMS] = {[FOOT_PAGE] = p, [FOOT_LEFT] = t, [FOOT_PERCENT] = c};
                    bool real = true;
                    for (int i = 0; i < FOOT_ITEMS; i++)
                        if (f[i] > 0 && widths[i][f[i] - 1] == 0)
                            real = false;
                    if (!real)
                        continue;
                    bool better = false;
                    for (int k = 0; k < FOOT_ITEMS; k++) {
                        int i = prio[k];
                        if (f[i] != form[i]) {
                            better = f[i] < form[i];
                            break;
                        }
                    }
                    if (!better)
                        continue;
                    SDL_Rect b[FOOT_ITEMS];
                    for (int i = 0; i < FOOT_ITEMS; i++) {
                        int w = widths[i][f[i]];
                        b[i] = (SDL_Rect){i == FOOT_PAGE ? left : i == FOOT_PERCENT ? centre - w / 2 : right - w, 0, w, 0};
                    }
                    if (footer_fits(b, left, right, gap))
                        bad_best++;
                }
    }
    CHECKF(bad_fit == 0, "footer_fit: the boxes it picks never overlap nor leave the window (%u cases, %u broken)", cases,
           bad_fit);
    CHECKF(bad_best == 0, "footer_fit: no longer form fits by priority page, time left, percent (%u better found)",
           bad_best);
    /* the window: 500 pixels, "1%" over "under a minute left" */
    int w[FOOT_ITEMS][FOOT_FORMS] = {[FOOT_PAGE] = {90, 50, 20, 0}, [FOOT_PERCENT] = {20, 0}, [FOOT_LEFT] = {250, 160, 100, 0}};
    int form[FOOT_ITEMS];
    SDL_Rect box[FOOT_ITEMS];
    footer_fit((const int (*)[FOOT_FORMS])w, 56, 444, 250, 13, form, box);
    CHECKF(form[FOOT_PAGE] == 0 && form[FOOT_LEFT] == 0 && box[FOOT_PERCENT].w == 0,
           "500 pixels: the whole page and time left, the percentage gives way (page %d, time %d)", form[FOOT_PAGE], form[FOOT_LEFT]);
}

int main(int argc, char **argv)
{
    const char *fixtures = argc > 1 ? argv[1] : "tests/fixtures";
    test_settings_round_trip();
    test_settings_bad_values();
    test_settings_sync();
    test_settings_files();
    test_search_against_scan(fixtures);
    test_search_folding();
    test_index();
    test_note_text();
    test_lining_figures();
    test_window_fit();
    test_footer_fit();
    return tap_done();
}
