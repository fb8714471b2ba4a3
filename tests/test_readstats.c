/* test_readstats.c — reading statistics in the library (readstats.c):
 * sessions stored and replaced as a sitting grows, a book's totals and
 * pages an hour, time per UTC day with a session across midnight shared
 * between the days, books finished (the first time counts) with their
 * titles, a library of schema 5 migrated, and the recovery copy of a
 * damaged library keeping the sessions.
 *
 * Every database lives in a fresh temporary folder.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "rod_library.h"
#include "tap.h"

static char dir[256];

static char *tmp_path(const char *name)
{
    static char paths[8][512];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, 512, "%s/%s", dir, name);
    return p;
}

enum { DAY = 86400 };
/* 2025-12-02T00:00:00Z */
static const int64_t midnight = 1764633600;

static rod_lib_session session(int64_t started, int64_t seconds, int64_t pages)
{
    return (rod_lib_session){started, seconds, pages, {1, 0}, {(size_t)pages + 1, 0}};
}

static void test_book_totals(void)
{
    rod_lib *lib = NULL;
    CHECK(rod_lib_open(tmp_path("totals.db"), &lib) == ROD_OK, "a new library opens");
    rod_lib_book_stats s;
    CHECK(rod_lib_book_stats_get(lib, "sha256:kira", &s) == ROD_OK && s.seconds == 0 && s.pages == 0 &&
          s.sessions == 0 && s.finished == 0, "a book never read has no time, pages or sessions");
    CHECK(rod_lib_pages_per_hour(0, 0) == 0.0, "no time read: 0 pages an hour, not a division by zero");

    rod_lib_session a = session(midnight + 3600, 600, 20);
    CHECK(rod_lib_session_put(lib, "sha256:kira", &a) == ROD_OK, "a session is stored");
    a.seconds = 900;
    a.pages = 30;
    CHECK(rod_lib_session_put(lib, "sha256:kira", &a) == ROD_OK, "the same sitting is saved again as it grows");
    rod_lib_book_stats_get(lib, "sha256:kira", &s);
    CHECK(s.sessions == 1 && s.seconds == 900 && s.pages == 30,
          "saving a sitting again replaces it: one session of 900 s and 30 pages");
    rod_lib_session b = session(midnight + DAY + 60, 300, 10);
    rod_lib_session_put(lib, "sha256:kira", &b);
    rod_lib_session other = session(midnight + 7200, 5000, 99);
    rod_lib_session_put(lib, "sha256:odo", &other);
    rod_lib_book_stats_get(lib, "sha256:kira", &s);
    CHECK(s.sessions == 2 && s.seconds == 1200 && s.pages == 40,
          "a book's totals sum its sessions only (2 sessions, 1200 s, 40 pages)");
    CHECK(s.first == midnight + 3600 && s.last == midnight + DAY + 60, "first and last session times");
    double pph = rod_lib_pages_per_hour(s.pages, s.seconds);
    CHECK(pph > 119.99 && pph < 120.01, "40 pages in 20 minutes are 120 pages an hour");
    if (!(pph > 119.99 && pph < 120.01))
        printf("# pages an hour: %f\n", pph);

    rod_lib_session bad = session(midnight, -5, 1);
    CHECK(rod_lib_session_put(lib, "sha256:kira", &bad) == ROD_ERR_USAGE,
          "a session with negative time is refused");
    bad = session(midnight, 5, -1);
    CHECK(rod_lib_session_put(lib, "sha256:kira", &bad) == ROD_ERR_USAGE,
          "a session with negative pages is refused");
    rod_lib_close(lib);
}

static void test_days(void)
{
    rod_lib *lib = NULL;
    rod_lib_open(tmp_path("days.db"), &lib);
    /* 23:50 on the 1st for 20 minutes: 600 s on the 1st, 600 on the 2nd */
    rod_lib_session late = session(midnight - 600, 1200, 12);
    rod_lib_session_put(lib, "sha256:garak", &late);
    rod_lib_session noon = session(midnight + 12 * 3600, 1000, 8);
    rod_lib_session_put(lib, "sha256:bashir", &noon);
    rod_lib_session old = session(midnight - 3 * DAY + 100, 77, 1);
    rod_lib_session_put(lib, "sha256:garak", &old);
    rod_lib_session older = session(midnight - 9 * DAY, 5000, 1);
    rod_lib_session_put(lib, "sha256:garak", &older);
    rod_lib_session future = session(midnight + DAY + 10, 400, 1);
    rod_lib_session_put(lib, "sha256:garak", &future);

    int64_t days[7] = {0};
    rod_err err = rod_lib_days_read(lib, midnight + 13 * 3600, 7, days);
    CHECK(err == ROD_OK, "the days are read");
    CHECK(days[0] == 1600, "today: 600 s after midnight of the session begun the day before, and 1000 s at noon");
    CHECK(days[1] == 600, "yesterday: the 600 s before midnight");
    CHECK(days[2] == 0 && days[3] == 77 && days[4] == 0 && days[5] == 0 && days[6] == 0,
          "three days ago 77 s; the other days nothing (the session 9 days ago is not in the week)");
    for (int i = 0; i < 7; i++)
        printf("# day -%d: %lld s\n", i, (long long)days[i]);
    rod_lib_days_read(lib, midnight, 1, days);
    CHECK(days[0] == 1600, "a moment at midnight itself belongs to the day it begins");
    rod_lib_days_read(lib, midnight - 1, 1, days);
    CHECK(days[0] == 600, "a second before midnight is the day before");
    rod_lib_close(lib);
}

static const char book[] = ROD_OPEN "<head><title>The Never Ending Sacrifice</title>"
    "<creator>Ulan Corac</creator></head><body><section><title>One</title>"
    "<p>The family is the state in small, said the Legate, and the state is a family that never forgives.</p>"
    "</section></body></rod>";

static void test_finished(void)
{
    rod_lib *lib = NULL;
    rod_lib_open(tmp_path("finished.db"), &lib);
    rod_doc *doc = read_rod_str(book, NULL);
    char *path = tmp_path("corac.rod");
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(book, f);
        fclose(f);
    }
    rod_lib_add_result res;
    CHECK(doc && rod_lib_add(lib, path, doc, "rod", &res) == ROD_OK, "a book is added");
    char fp[72] = "";
    if (doc)
        rod_doc_fingerprint(doc, fp);

    size_t n = 99;
    rod_lib_finished *list = NULL;
    CHECK(rod_lib_finished_list(lib, &list, &n) == ROD_OK && n == 0, "nothing is finished at first");
    rod_lib_finished_free(list, n);

    CHECK(rod_lib_finished_mark(lib, fp, midnight + 100) == ROD_OK, "a book is marked finished");
    CHECK(rod_lib_finished_mark(lib, fp, midnight + 5 * DAY) == ROD_OK, "reaching its end again is no error");
    rod_lib_finished_mark(lib, "sha256:unknown", midnight + 2 * DAY);
    rod_lib_book_stats s;
    rod_lib_book_stats_get(lib, fp, &s);
    CHECK(s.finished == midnight + 100, "the first time the end was reached is kept");
    CHECK(rod_lib_finished_list(lib, &list, &n) == ROD_OK && n == 2, "two books finished");
    if (n == 2) {
        CHECK(!strcmp(list[0].fingerprint, "sha256:unknown") && !strcmp(list[0].title, "sha256:unknown"),
              "the latest first; a text not in the catalog is named by its fingerprint");
        CHECK_STR(list[1].title, "The Never Ending Sacrifice", "a catalogued book by its title");
        CHECK(list[1].at == midnight + 100, "with the time it was finished");
    }
    rod_lib_finished_free(list, n);
    char date[16], dur[32];
    rod_lib_date_text(midnight + 100, date, sizeof date);
    CHECK_STR(date, "2025-12-02", "the date of a time is its UTC date");
    rod_lib_duration_text(45, dur, sizeof dur);
    CHECK_STR(dur, "45 s", "under a minute in seconds");
    rod_lib_duration_text(12 * 60 + 59, dur, sizeof dur);
    CHECK_STR(dur, "12 min", "under an hour in whole minutes");
    rod_lib_duration_text(3 * 3600 + 5 * 60 + 3, dur, sizeof dur);
    CHECK_STR(dur, "3 h 05 min", "hours and minutes");
    rod_doc_free(doc);
    rod_lib_close(lib);
}

/* A library of schema 5 (before reading statistics) gains the tables. */
static void test_migration(void)
{
    char *path = tmp_path("old.db");
    rod_lib *lib = NULL;
    rod_lib_open(path, &lib);
    rod_lib_close(lib);
    sqlite3 *db = NULL;
    sqlite3_open(path, &db);
    int rc = sqlite3_exec(db, "DROP TABLE reading_sessions; DROP TABLE finished; ALTER TABLE annotations DROP COLUMN reply_to; PRAGMA user_version = 5;",
                          NULL, NULL, NULL);
    sqlite3_close(db);
    lib = NULL;
    CHECK(rc == SQLITE_OK && rod_lib_open(path, &lib) == ROD_OK, "a library of schema 5 opens");
    rod_lib_session a = session(midnight, 60, 2);
    rod_lib_book_stats s = {0};
    CHECK(rod_lib_session_put(lib, "sha256:x", &a) == ROD_OK && rod_lib_finished_mark(lib, "sha256:x", 1) == ROD_OK &&
          rod_lib_book_stats_get(lib, "sha256:x", &s) == ROD_OK && s.seconds == 60 && s.finished == 1,
          "and keeps sessions and finished books after the migration");
    rod_lib_close(lib);
}

/* Overwrites the middle leaf page of a table with junk; the rows it held,
 * 0 when the table has fewer than three leaves. */
static int damage_leaf(const char *path, const char *table)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    long pages[64], page_size = 0;
    int cells[64], leaves = 0;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT pageno, ncell, (SELECT page_size FROM pragma_page_size) FROM dbstat"
                           " WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno", -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC);
        while (sqlite3_step(q) == SQLITE_ROW && leaves < 64) {
            pages[leaves] = sqlite3_column_int64(q, 0);
            cells[leaves] = sqlite3_column_int(q, 1);
            page_size = sqlite3_column_int64(q, 2);
            leaves++;
        }
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    if (leaves < 3)
        return 0;
    FILE *f = fopen(path, "r+b");
    if (!f)
        return 0;
    char junk[512];
    memset(junk, 0xA5, sizeof junk);
    bool ok = fseek(f, (pages[leaves / 2] - 1) * page_size + 8, SEEK_SET) == 0 &&
              fwrite(junk, 1, sizeof junk, f) == sizeof junk;
    return fclose(f) == 0 && ok ? cells[leaves / 2] : 0;
}

static void test_recovery(void)
{
    char *path = tmp_path("damaged.db");
    rod_lib *lib = NULL;
    rod_lib_open(path, &lib);
    for (int i = 0; i < 400; i++) {
        rod_lib_session a = session(midnight + i * 60, 30, 1);
        rod_lib_session_put(lib, i % 2 ? "sha256:quark-quark-quark-quark-quark" : "sha256:rom-rom-rom-rom-rom", &a);
    }
    rod_lib_finished_mark(lib, "sha256:rom-rom-rom-rom-rom", midnight);
    rod_lib_close(lib);
    int lost = damage_leaf(path, "reading_sessions");
    rod_buf report = ROD_BUF_INIT;
    rod_lib_check_result res = {0};
    rod_lib_check(path, &report, &res);
    rod_lib *copy = NULL;
    rod_lib_book_stats s = {0};
    size_t n = 0;
    rod_lib_finished *list = NULL;
    if (res.recovered && rod_lib_open(res.recovered, &copy) == ROD_OK) {
        rod_lib_book_stats q = {0};
        rod_lib_book_stats_get(copy, "sha256:rom-rom-rom-rom-rom", &s);
        rod_lib_book_stats_get(copy, "sha256:quark-quark-quark-quark-quark", &q);
        s.sessions += q.sessions;
        rod_lib_finished_list(copy, &list, &n);
    }
    printf("# %d sessions on the damaged page, %zu in the copy\n", lost, s.sessions);
    CHECK(lost > 0 && !res.ok && res.recovered && s.sessions >= 400 - (size_t)lost && s.sessions < 400,
          "the recovery copy of a damaged library keeps the sessions that could be read");
    CHECK(n == 1 && list && list[0].at == midnight, "and the books finished");
    rod_lib_finished_free(list, n);
    rod_lib_close(copy);
    rod_buf_free(&report);
    free(res.recovered);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/rod-test-readstats-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    unsetenv("ROD_LIBRARY");
    test_book_totals();
    test_days();
    test_finished();
    test_migration();
    test_recovery();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", dir);
    return tap_done();
}
