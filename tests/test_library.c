/* test_library.c — the library database: catalog identity (same, copy,
 * moved, new edition, another text of a known book), positions, annotations and their merge rules,
 * full-text search, refusing newer and damaged databases, and the
 * recovery copy. The kill test (a writer killed with SIGKILL over and
 * over) is test_kill.c's.
 *
 * Every database lives in a fresh temporary folder.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"
#include "rod_anchor.h"
#include "rod_library.h"
#include "rod_sync.h"
#include "tap.h"

static char dir[256];

static char *tmp_path(const char *name)
{
    static char paths[16][512];
    static int next;
    char *p = paths[next++ % 16];
    snprintf(p, 512, "%s/%s", dir, name);
    return p;
}

static bool write_file(const char *path, const char *data)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    fputs(data, f);
    return fclose(f) == 0;
}

static rod_doc *read_book(const char *path)
{
    rod_doc *doc = NULL;
    rod_read_file(path, &(rod_read_opts){0}, NULL, &doc);
    return doc;
}

static const char book_v1[] = ROD_OPEN "<head><title>The Never Ending Sacrifice</title>"
    "<creator>Ulan Corac</creator></head><body><section><title>One</title>"
    "<p>The family is the state in small, said the Legate, and the state is a family that never forgives.</p>"
    "<p>Seven generations served in the Obsidian Order; none of them wrote a single honest report.</p>"
    "<p>Tain read the r\xC3\xA9sum\xC3\xA9 twice and burned it once.</p>"
    "</section></body></rod>";

static void annot(rod_annot *a, const char *id, const char *reader, const char *modified)
{
    memset(a, 0, sizeof *a);
    rod_annot_set(&a->id, id);
    rod_annot_set(&a->reader, reader);
    rod_annot_set(&a->color, "green");
    rod_annot_set(&a->created, "2369-01-01T00:00:00Z");
    rod_annot_set(&a->modified, modified);
    a->type = ROD_ANNOT_NOTE;
    rod_annot_set(&a->body, "A note.");
}

/* Garak's note on "family is the state in small" (3:4-3:30) of doc. */
static void note_on(const rod_doc *doc, rod_annot *n, const char *id)
{
    rod_text t;
    rod_text_build(doc, &t);
    annot(n, id, "Elim Garak", "2369-01-01T00:00:00Z");
    rod_anchor_capture(&t, (rod_pos){3, 4}, (rod_pos){3, 30}, n);
    rod_text_free(&t);
}

/* book_v1 with two changes, written to path and read back. */
static rod_doc *variant(const char *path, const char *from1, const char *to1, const char *from2,
                        const char *to2)
{
    char *once = replace_once(book_v1, from1, to1);
    char *twice = replace_once(once, from2, to2);
    write_file(path, twice);
    free(once);
    free(twice);
    return read_book(path);
}

static void test_catalog(void)
{
    rod_lib *lib = NULL;
    char *db = tmp_path("sub/dir/library.db");
    CHECK(rod_lib_open(db, &lib) == ROD_OK, "a new library is created with its folders");
    struct stat st;
    CHECK(stat(db, &st) == 0, "the database file exists");

    char *a = tmp_path("a.rod"), *b = tmp_path("b.rod"), *c = tmp_path("c.rod");
    write_file(a, book_v1);
    rod_doc *doc = read_book(a);
    char fp[72];
    rod_doc_fingerprint(doc, fp);
    rod_lib_add_result r;
    CHECK(rod_lib_add(lib, a, doc, "rod", &r) == ROD_OK && r.what == ROD_LIB_NEW, "a book is added");
    int64_t id = r.id;
    CHECK(rod_lib_add(lib, a, doc, "rod", &r) == ROD_OK && r.what == ROD_LIB_SAME && r.id == id,
          "adding it again changes nothing");

    /* a note and a position on the text */
    rod_annot n;
    note_on(doc, &n, "note-1");
    rod_annot_add_tag(&n, "family");
    rod_annot_add_tag(&n, "order");
    CHECK(rod_lib_annot_put(lib, fp, &n) == ROD_OK, "an annotation is stored");
    CHECK(rod_lib_position_save(lib, fp, (rod_pos){4, 10}, 0.5) == ROD_OK, "a reading position is stored");

    /* renamed on disk: found again by its text */
    rename(a, b);
    CHECK(rod_lib_add(lib, b, doc, "rod", &r) == ROD_OK && r.what == ROD_LIB_MOVED && r.id == id,
          "a renamed file is found again by its fingerprint (same id)");
    /* a copy */
    write_file(c, book_v1);
    CHECK(rod_lib_add(lib, c, doc, "rod", &r) == ROD_OK && r.what == ROD_LIB_COPY && r.id != id,
          "a copy with the same text is a second entry");
    rod_lib_book *books = NULL;
    size_t nb = 0;
    rod_lib_list(lib, ROD_LIB_BY_TITLE, &books, &nb);
    CHECK(nb == 2 && books[0].annotations == 1 && books[1].annotations == 1 &&
          books[0].progress == 0.5 && books[0].last_read != NULL,
          "both copies show the note, the progress and the last read time");
    rod_lib_books_free(books, nb);
    rod_pos pos;
    bool found;
    CHECK(rod_lib_position_get(lib, fp, &pos, &found) == ROD_OK && found && pos.block == 4 &&
          pos.offset == 10, "the position is a (block, offset), as saved");

    /* search: case and accents do not matter; the hit's position is right */
    rod_lib_hit *hits = NULL;
    size_t nh = 0;
    CHECK(rod_lib_search(lib, "RESUME burned", 10, &hits, &nh) == ROD_OK && nh == 1 &&
          hits[0].pos.block == 4 && hits[0].pos.offset == 14 && strstr(hits[0].snippet, "[r\xC3\xA9sum\xC3\xA9]"),
          "search ignores case and accents and finds the word's position (4:14)");
    rod_lib_hits_free(hits, nh);
    CHECK(rod_lib_search(lib, "\"honest report\" -: OR", 10, &hits, &nh) == ROD_OK && nh == 0,
          "FTS operators in a query are words, not syntax errors");
    rod_lib_hits_free(hits, nh);
    CHECK(rod_lib_search(lib, "\"single honest report\"", 10, &hits, &nh) == ROD_OK && nh == 1 &&
          hits[0].pos.block == 3, "a quoted phrase is found");
    rod_lib_hits_free(hits, nh);

    /* a new edition at the same path: the note follows and re-anchors */
    char *v2 = replace_once(book_v1, "<section><title>One</title>",
                                "<section><title>One</title><p>A foreword added in the second printing.</p>");
    write_file(b, v2);
    rod_doc *doc2 = read_book(b);
    char fp2[72];
    rod_doc_fingerprint(doc2, fp2);
    CHECK(rod_lib_add(lib, b, doc2, "rod", &r) == ROD_OK && r.what == ROD_LIB_EDITION && r.moved == 1 &&
          r.orphaned == 0, "a new text at a known path is a new edition; the note moved with it");
    rod_notes set = {0};
    rod_lib_annot_list(lib, fp2, &set);
    CHECK(set.n == 1 && set.items[0].start.block == 4 && set.items[0].start.offset == 4 &&
          set.items[0].ntags == 2 && strcmp(set.items[0].tags[0], "family") == 0,
          "the note is stored under the new text at its new position, tags in order");
    rod_notes_free(&set);
    CHECK(rod_lib_position_get(lib, fp2, &pos, &found) == ROD_OK && found && pos.block == 5 &&
          pos.offset == 10, "the reading position followed to the same words (4:10 is 5:10 now)");
    free(v2);
    CHECK(rod_lib_remove(lib, id) == ROD_OK, "a book is removed");
    rod_lib_list(lib, ROD_LIB_BY_TITLE, &books, &nb);
    CHECK(nb == 1, "and is gone from the list");
    rod_lib_books_free(books, nb);
    CHECK(rod_lib_remove(lib, 999) == ROD_ERR_USAGE, "removing an unknown id is a usage error");
    rod_annot_clear(&n);
    rod_doc_free(doc);
    rod_doc_free(doc2);
    rod_lib_close(lib);
}

/* Another text of a known book, as a conversion to plain text makes it:
 * notes and the place are brought over and re-anchored whenever either
 * text is added again, both ways, newer edits winning; a different book
 * that only shares the title, or has another author, gets nothing. */
static void test_related(void)
{
    rod_lib *lib = NULL;
    CHECK(rod_lib_open(tmp_path("related.db"), &lib) == ROD_OK, "a library for related texts");
    char *a = tmp_path("sacrifice.rod");
    write_file(a, book_v1);
    rod_doc *doc = read_book(a);
    char fp[72];
    rod_doc_fingerprint(doc, fp);
    rod_lib_add_result r;
    rod_lib_add(lib, a, doc, "rod", &r);

    /* the same words as plain text: no section, the heading a paragraph;
     * added before any note exists */
    char *txt = tmp_path("sacrifice.txt");
    write_file(txt, "The Never Ending Sacrifice\nby Ulan Corac\n\nOne\n\n"
               "The family is the state in small, said the Legate, and the state is a family that "
               "never forgives.\n\nSeven generations served in the Obsidian Order; none of them "
               "wrote a single honest report.\n\nTain read the r\xC3\xA9sum\xC3\xA9 twice and burned "
               "it once.\n");
    rod_doc *copy = read_book(txt);
    char fpc[72];
    rod_doc_fingerprint(copy, fpc);
    CHECK(copy && strcmp(fp, fpc) != 0, "the plain-text copy has another fingerprint");
    CHECK(rod_lib_add(lib, txt, copy, "txt", &r) == ROD_OK && r.what == ROD_LIB_NEW && r.related == 0,
          "added while the book has no notes, it is just a new entry");

    /* notes and a place on the .rod, then the copy is opened again */
    rod_annot n;
    note_on(doc, &n, "note-r");
    rod_lib_annot_put(lib, fp, &n);
    rod_lib_position_save(lib, fp, (rod_pos){4, 10}, 0.9);
    CHECK(rod_lib_add(lib, txt, copy, "txt", &r) == ROD_OK && r.what == ROD_LIB_SAME && r.related == 1 &&
          r.anchored + r.moved == 1 && r.orphaned == 0 && r.place,
          "added again, the copy takes the book's note (re-anchored) and its place");
    rod_notes set = {0};
    rod_lib_annot_list(lib, fpc, &set);
    rod_text tc;
    rod_text_build(copy, &tc);
    bool same_words = false;
    if (set.n == 1) {
        size_t from = rod_text_byte(&tc, set.items[0].start), to = rod_text_byte(&tc, set.items[0].end);
        same_words = to - from == strlen(set.items[0].quote) &&
                     memcmp(tc.data + from, set.items[0].quote, to - from) == 0;
    }
    CHECK(same_words && strcmp(set.items[0].id, "note-r") == 0 && strcmp(set.items[0].body, "A note.") == 0,
          "the copy's note marks the same words and keeps its id and text");
    rod_notes_free(&set);
    rod_lib_annot_list(lib, fp, &set);
    CHECK(set.n == 1, "the original keeps its note (a copy, not a move)");
    rod_notes_free(&set);
    rod_pos pos;
    bool found = false;
    rod_lib_position_get(lib, fpc, &pos, &found);
    rod_pos want = {0};
    const char *tain = strstr(tc.data, "Tain read");
    if (tain)
        want = rod_text_pos(&tc, (size_t)(tain - tc.data) + 10);
    CHECK(found && tain && rod_pos_cmp(pos, want) == 0, "the reading position is at the same words in the copy");
    CHECK(rod_lib_add(lib, txt, copy, "txt", &r) == ROD_OK && r.anchored + r.moved + r.fuzzy == 0 && !r.place,
          "added a third time, nothing is left to bring");

    /* the note edited and the place moved in the copy: the .rod catches up */
    rod_annot_clear(&n);
    rod_lib_annot_get(lib, fpc, "note-r", &n, &found);
    rod_annot_set(&n.body, "Edited in the copy.");
    rod_annot_set(&n.modified, "2369-02-01T00:00:00Z");
    rod_lib_annot_put(lib, fpc, &n);
    rod_pos seven = {0};
    const char *sev = strstr(tc.data, "Seven");
    if (sev)
        seven = rod_text_pos(&tc, (size_t)(sev - tc.data));
    rod_lib_position_save(lib, fpc, seven, 0.5);    /* within the second of the .rod's */
    CHECK(rod_lib_add(lib, a, doc, "rod", &r) == ROD_OK && r.what == ROD_LIB_SAME && r.related == 1 &&
          r.anchored + r.moved == 1 && r.place, "the .rod takes the newer note and place back");
    rod_lib_annot_list(lib, fp, &set);
    rod_lib_position_get(lib, fp, &pos, &found);
    CHECK(set.n == 1 && strcmp(set.items[0].body, "Edited in the copy.") == 0 && found && pos.block == 3 &&
          pos.offset == 0, "its note reads as edited and its place is the same words (3:0)");
    rod_notes_free(&set);
    rod_text_free(&tc);

    /* places saved in quick succession (far inside one second) are
     * ordered exactly: each time, the text read last gives its place to
     * the other when that one is added */
    int newer_won = 0;
    for (int i = 0; i < 20; i++) {
        bool copy_last = i % 2 == 0;
        rod_lib_position_save(lib, copy_last ? fp : fpc, copy_last ? (rod_pos){4, 10} : seven, 0.25);
        rod_lib_position_save(lib, copy_last ? fpc : fp, copy_last ? seven : (rod_pos){4, 10}, 0.5);
        newer_won += rod_lib_add(lib, copy_last ? a : txt, copy_last ? doc : copy, copy_last ? "rod" : "txt", &r) ==
                         ROD_OK && r.place;
    }
    printf("# %d of 20 adds took the place read last\n", newer_won);
    CHECK(newer_won == 20, "two copies read within one second: the one read last always gives its place");
    CHECK(rod_lib_add(lib, txt, copy, "txt", &r) == ROD_OK && !r.place,
          "and a place carried is not carried back (neither is newer then)");

    /* the same title, other words; the same words, another author */
    char *other = tmp_path("other.rod"), *stranger = tmp_path("stranger.rod");
    rod_doc *odoc = variant(other, "<p>The family is the state", "<p>Nothing here is the state",
                            "<p>Seven generations served", "<p>Nine generations failed");
    CHECK(rod_lib_add(lib, other, odoc, "rod", &r) == ROD_OK && r.what == ROD_LIB_NEW,
          "a book sharing only its title is a new book");
    rod_doc *sdoc = variant(stranger, "Ulan Corac", "Enabran Tain", "Tain read", "Garak read");
    CHECK(rod_lib_add(lib, stranger, sdoc, "rod", &r) == ROD_OK && r.what == ROD_LIB_NEW,
          "the same words under another author are not taken for a copy");
    char fpo[72];
    rod_doc_fingerprint(odoc, fpo);
    rod_lib_annot_list(lib, fpo, &set);
    CHECK(set.n == 0, "and get no notes");
    rod_notes_free(&set);
    rod_doc_free(odoc);
    rod_doc_free(sdoc);

    /* a text without spaces (Chinese): its paragraphs are found by prefix */
    static const char zh_para[] = "\xE6\x98\xA5\xE7\x9C\xA0\xE4\xB8\x8D\xE8\xA7\x89\xE6\x99\x93"
                                  "\xE5\xA4\x84\xE5\xA4\x84\xE9\x97\xBB\xE5\x95\xBC\xE9\xB8\x9F";
    rod_buf zr = ROD_BUF_INIT, zt = ROD_BUF_INIT;
    rod_buf_adds(&zr, ROD_OPEN "<head><title>Chun Xiao</title></head><body>");
    rod_buf_adds(&zt, "Chun Xiao\n\n");
    for (int i = 0; i < 3; i++) {
        rod_buf_printf(&zr, "<p>%d%s%s%s%s</p>", i, zh_para, zh_para, zh_para, zh_para);
        rod_buf_printf(&zt, "%d%s%s%s%s\n\n", i, zh_para, zh_para, zh_para, zh_para);
    }
    rod_buf_adds(&zr, "<section><title>Coda</title><p>End.</p></section></body></rod>");
    rod_buf_adds(&zt, "Coda\n\nEnd.\n");
    char *zrod = tmp_path("zh.rod"), *ztxt = tmp_path("zh.txt");
    write_file(zrod, zr.data);
    write_file(ztxt, zt.data);
    rod_doc *zd = read_book(zrod), *zc = read_book(ztxt);
    char zfp[72];
    rod_doc_fingerprint(zd, zfp);
    rod_lib_add(lib, zrod, zd, "rod", &r);
    rod_lib_position_save(lib, zfp, (rod_pos){2, 5}, 0.5);
    CHECK(zc && rod_lib_add(lib, ztxt, zc, "txt", &r) == ROD_OK && r.related == 1 && r.place,
          "a Chinese text's plain-text copy is known as the same book");
    rod_buf_free(&zr);
    rod_buf_free(&zt);
    rod_doc_free(zd);
    rod_doc_free(zc);

    rod_annot_clear(&n);
    rod_doc_free(doc);
    rod_doc_free(copy);
    rod_lib_close(lib);
}

static void test_merge(void)
{
    rod_lib *lib = NULL;
    rod_lib_open(tmp_path("merge.db"), &lib);
    const char *fp = "sha256:feed";
    rod_annot mine;
    annot(&mine, "x1", "Elim Garak", "2369-01-02T00:00:00Z");
    rod_lib_annot_put(lib, fp, &mine);

    rod_notes in = {0};
    rod_annot a;
    annot(&a, "x1", "Elim Garak", "2369-01-01T00:00:00Z");     /* older than ours */
    rod_annot_set(&a.body, "An older draft.");
    rod_notes_push(&in, &a);
    annot(&a, "y1", "Julian Bashir", "2369-03-01T00:00:00Z");  /* new */
    rod_notes_push(&in, &a);
    rod_lib_merge st;
    CHECK(rod_lib_annot_merge(lib, fp, &in, &st) == ROD_OK && st.added == 1 && st.kept == 1 && st.updated == 0,
          "merge: a new id is added, an older version of ours is not taken");
    CHECK(rod_lib_annot_merge(lib, fp, &in, &st) == ROD_OK && st.added == 0 && st.updated == 0,
          "importing the same annotations twice changes nothing");
    rod_annot got;
    bool found;
    rod_lib_annot_get(lib, fp, "y1", &got, &found);
    CHECK(found && strcmp(got.reader, "Julian Bashir") == 0, "another reader's annotation keeps its reader's name");
    rod_annot_clear(&got);
    rod_annot_set(&in.items[1].modified, "2369-04-01T00:00:00Z");
    rod_annot_set(&in.items[1].body, "Revised after the discussion.");
    CHECK(rod_lib_annot_merge(lib, fp, &in, &st) == ROD_OK && st.updated == 1,
          "a newer `modified` wins");
    rod_lib_annot_get(lib, fp, "y1", &got, &found);
    CHECK(found && strcmp(got.body, "Revised after the discussion.") == 0, "and its body replaces the old one");
    rod_annot_clear(&got);
    rod_lib_annot_delete(lib, "x1", &found);
    rod_lib_annot_get(lib, fp, "x1", &got, &found);
    CHECK(!found, "an annotation is deleted");
    rod_notes_free(&in);
    rod_annot_clear(&mine);
    rod_lib_close(lib);
}

static bool same_file(const char *path, const char *data, size_t len)
{
    size_t n = 0;
    char *now = load(path, &n);
    bool same = now && n == len && memcmp(now, data, len) == 0;
    free(now);
    return same;
}

/* Overwrites the middle leaf page of a table in the database file at
 * path; the rows that were on it (SQLite's dbstat counts them), 0 when
 * the table has fewer than three leaves. */
static int damage_leaf(const char *path, const char *table)
{
    long page = 0, page_size = 0;
    int on_page = 0;
    sqlite3 *sdb = NULL;
    sqlite3_stmt *q = NULL;
    if (sqlite3_open_v2(path, &sdb, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(sdb, "SELECT pageno, ncell, (SELECT page_size FROM pragma_page_size) FROM dbstat"
                           " WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno", -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC);
        long pages[64], cells[64];
        int leaves = 0;
        while (sqlite3_step(q) == SQLITE_ROW && leaves < 64) {
            pages[leaves] = sqlite3_column_int64(q, 0);
            cells[leaves] = sqlite3_column_int64(q, 1);
            page_size = sqlite3_column_int64(q, 2);
            leaves++;
        }
        if (leaves >= 3) {
            page = pages[leaves / 2];
            on_page = (int)cells[leaves / 2];
        }
        printf("# the %s table has %d leaf pages; page %ld (%d rows) is damaged\n", table, leaves, page, on_page);
    }
    sqlite3_finalize(q);
    sqlite3_close(sdb);
    size_t len = 0;
    char *data = load(path, &len);
    if (!data || page <= 0 || (size_t)(page * page_size) > len) {
        free(data);
        return 0;
    }
    memset(data + (page - 1) * page_size, 0xA5, (size_t)page_size);
    FILE *f = fopen(path, "w");
    bool ok = f && fwrite(data, 1, len, f) == len;
    if (f)
        ok = fclose(f) == 0 && ok;
    free(data);
    return ok ? on_page : 0;
}

static void test_refusals(void)
{
    /* a database from a newer rod */
    char *newer = tmp_path("newer.db");
    sqlite3 *db = NULL;
    sqlite3_open(newer, &db);
    sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
    sqlite3_close(db);
    rod_lib *lib = NULL;
    CHECK(rod_lib_open(newer, &lib) == ROD_ERR_IO && strstr(rod_lib_message(lib), "newer rod"),
          "a library from a newer rod is refused, not guessed at");
    rod_lib_close(lib);

    /* not a database at all */
    char *junk = tmp_path("junk.db");
    char garbage[8192];
    for (size_t i = 0; i < sizeof garbage; i++)
        garbage[i] = (char)(i * 7 + 3);
    FILE *f = fopen(junk, "w");
    fwrite(garbage, 1, sizeof garbage, f);
    fclose(f);
    lib = NULL;
    CHECK(rod_lib_open(junk, &lib) == ROD_ERR_IO && strstr(rod_lib_message(lib), "rod library check"),
          "a file that is not a database: a clear error pointing at `rod library check`");
    rod_lib_close(lib);
    CHECK(same_file(junk, garbage, sizeof garbage), "and the file is left exactly as it was");

    /* a damaged database: pages overwritten in the middle */
    char *dmg = tmp_path("damaged.db");
    lib = NULL;
    rod_lib_open(dmg, &lib);
    for (int i = 0; i < 300; i++) {
        rod_annot a;
        char id[32];
        snprintf(id, sizeof id, "d%03d", i);
        annot(&a, id, "Odo", "2369-01-01T00:00:00Z");
        rod_annot_set(&a.quote, "Justice, Odo said, is the only thing I have ever wanted to keep.");
        rod_lib_annot_put(lib, "sha256:dd", &a);
        rod_annot_clear(&a);
    }
    /* and five deleted ones: their tombstones must survive a recovery too */
    for (int i = 0; i < 5; i++) {
        rod_annot a;
        char id[32];
        bool gone = false;
        snprintf(id, sizeof id, "x%d", i);
        annot(&a, id, "Odo", "2369-01-01T00:00:00Z");
        rod_lib_annot_put(lib, "sha256:dd", &a);
        rod_lib_annot_delete(lib, id, &gone);
        rod_annot_clear(&a);
    }
    rod_lib_close(lib);     /* checkpoints the WAL into the file */
    /* one leaf page of the annotations table, from the middle, is
     * overwritten whole: the rows on it are what the damage costs, and no
     * others */
    int on_page = damage_leaf(dmg, "annotations");
    size_t len = 0;
    char *data = load(dmg, &len);
    rod_buf report = ROD_BUF_INIT;
    rod_lib_check_result res;
    rod_err err = rod_lib_check(dmg, &report, &res);
    for (const char *l = report.data ? report.data : ""; *l;) {
        size_t k = strcspn(l, "\n");
        printf("# %.*s\n", (int)k, l);
        l += k + (l[k] == '\n');
    }
    CHECK(err == ROD_OK && !res.ok && res.recovered, "check finds the damage and makes a recovery copy");
    CHECK(same_file(dmg, data, len), "the damaged file is not changed by the check");
    rod_lib *rec = NULL;
    bool opened = res.recovered && rod_lib_open(res.recovered, &rec) == ROD_OK;
    rod_notes set = {0};
    if (opened)
        rod_lib_annot_list(rec, "sha256:dd", &set);
    size_t intact = 0;
    for (size_t i = 0; i < set.n; i++)
        intact += !strncmp(set.items[i].id, "d", 1) &&
                  !strcmp(set.items[i].quote, "Justice, Odo said, is the only thing I have ever wanted to keep.");
    printf("# recovered %zu of 300 annotations, %zu intact; %d were on the damaged page\n", set.n, intact, on_page);
    CHECK(opened && on_page > 0 && set.n == (size_t)(300 - on_page) && intact == set.n,
          "the recovery copy opens as a library and holds every annotation not on the damaged page, intact");
    rod_sync_file state = {0};
    size_t tombs = 0;
    if (opened && rod_lib_sync_state(rec, &state) == ROD_OK)
        for (size_t i = 0; i < state.n; i++)
            tombs += state.books[i].ntombs;
    rod_sync_free(&state);
    CHECK(tombs == 5, "and the deletions, so a sync folder's older copies cannot bring them back");
    rod_notes_free(&set);
    rod_lib_close(rec);
    rod_buf_free(&report);
    free(res.recovered);

    /* every write to the damaged file is refused before it starts */
    lib = NULL;
    err = rod_lib_open(dmg, &lib);
    rod_annot w;
    annot(&w, "new-one", "Odo", "2369-02-01T00:00:00Z");
    rod_err put = err == ROD_OK ? rod_lib_annot_put(lib, "sha256:dd", &w) : err;
    bool says = strstr(rod_lib_message(lib), "damaged") && strstr(rod_lib_message(lib), "rod library check");
    rod_err pos = err == ROD_OK ? rod_lib_position_save(lib, "sha256:dd", (rod_pos){1, 0}, 0.5) : err;
    bool found = true;
    rod_err del = err == ROD_OK ? rod_lib_annot_delete(lib, "d001", &found) : err;
    rod_lib_close(lib);
    rod_annot_clear(&w);
    CHECK(put == ROD_ERR_IO && pos == ROD_ERR_IO && del == ROD_ERR_IO && !found && says,
          "a damaged library refuses every write (put, place, delete), naming `rod library check`");
    CHECK(same_file(dmg, data, len), "and its bytes are unchanged");
    free(data);

    /* a damaged header: nothing can be read, so no copy is offered */
    char *hdr = tmp_path("header.db");
    lib = NULL;
    rod_lib_open(hdr, &lib);
    rod_annot h;
    annot(&h, "h1", "Odo", "2369-01-01T00:00:00Z");
    rod_lib_annot_put(lib, "sha256:hh", &h);
    rod_annot_clear(&h);
    rod_lib_close(lib);
    data = load(hdr, &len);
    memset(data + 16, 0xA5, 8);     /* page size, versions, fractions */
    f = fopen(hdr, "w");
    fwrite(data, 1, len, f);
    fclose(f);
    rod_buf r2 = ROD_BUF_INIT;
    rod_lib_check(hdr, &r2, &res);
    CHECK(!res.ok && !res.recovered && r2.data && !strstr(r2.data, "mv '"),
          "a damaged header: check finds it and offers no empty recovery copy");
    lib = NULL;
    CHECK(rod_lib_open(hdr, &lib) == ROD_ERR_IO && strstr(rod_lib_message(lib), "header is damaged") &&
          same_file(hdr, data, len), "and opening it says the header is damaged, changing nothing");
    rod_lib_close(lib);
    rod_buf_free(&r2);
    free(res.recovered);
    free(data);
}

/* A library of schema 2 (positions stamped to the second only) is
 * migrated: its places are numbered in the order of their stamps, and a
 * place saved afterwards is newer than all of them. */
static void test_position_order(void)
{
    char *path = tmp_path("order.db");
    rod_lib *lib = NULL;
    CHECK(rod_lib_open(path, &lib) == ROD_OK, "a library for the order of places");
    rod_lib_close(lib);
    sqlite3 *db = NULL;
    sqlite3_open(path, &db);
    int rc = sqlite3_exec(db, "DROP TRIGGER positions_seq_insert; DROP TRIGGER positions_seq_update;"
                          "ALTER TABLE positions DROP COLUMN seq; ALTER TABLE annotations DROP COLUMN reply_to; PRAGMA user_version = 2;"
                          "ALTER TABLE books DROP COLUMN series; ALTER TABLE books DROP COLUMN subjects;"
                          "ALTER TABLE books DROP COLUMN contributors;"
                          "INSERT INTO positions VALUES ('sha256:b', 1, 0, 0.1, '2369-01-02T00:00:00Z');"
                          "INSERT INTO positions VALUES ('sha256:a', 1, 0, 0.1, '2369-01-03T00:00:00Z');"
                          "INSERT INTO positions VALUES ('sha256:c', 1, 0, 0.1, '2369-01-01T00:00:00Z');",
                          NULL, NULL, NULL);
    sqlite3_close(db);
    lib = NULL;
    CHECK(rc == SQLITE_OK && rod_lib_open(path, &lib) == ROD_OK, "a library of schema 2 with three places opens");
    rod_lib_position_save(lib, "sha256:d", (rod_pos){2, 0}, 0.5);
    rod_lib_close(lib);
    char order[64] = "";
    db = NULL;
    sqlite3_stmt *st = NULL;
    sqlite3_open(path, &db);
    if (sqlite3_prepare_v2(db, "SELECT substr(fingerprint, 8) FROM positions ORDER BY seq", -1, &st, NULL) ==
        SQLITE_OK)
        while (sqlite3_step(st) == SQLITE_ROW && strlen(order) < 32)
            strcat(order, (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    CHECK_STR(order, "cbad", "migrated places are in the order of their stamps, a new one after them");

    /* a damaged library of schema 2: the recovery copy (of this schema)
     * holds its places, numbered by their stamps */
    path = tmp_path("old-damaged.db");
    lib = NULL;
    rod_lib_open(path, &lib);
    for (int i = 0; i < 300; i++) {
        rod_annot a;
        char id[32];
        snprintf(id, sizeof id, "o%03d", i);
        annot(&a, id, "Odo", "2369-01-01T00:00:00Z");
        rod_annot_set(&a.quote, "The law is the law, Odo said, and order is order.");
        rod_lib_annot_put(lib, "sha256:oo", &a);
        rod_annot_clear(&a);
    }
    rod_lib_close(lib);
    db = NULL;
    sqlite3_open(path, &db);
    rc = sqlite3_exec(db, "DROP TRIGGER positions_seq_insert; DROP TRIGGER positions_seq_update;"
                      "ALTER TABLE positions DROP COLUMN seq; ALTER TABLE annotations DROP COLUMN reply_to; PRAGMA user_version = 2;"
                      "ALTER TABLE books DROP COLUMN series; ALTER TABLE books DROP COLUMN subjects;"
                      "ALTER TABLE books DROP COLUMN contributors;"
                      "INSERT INTO positions VALUES ('sha256:b', 1, 0, 0.1, '2369-01-02T00:00:00Z');"
                      "INSERT INTO positions VALUES ('sha256:a', 1, 0, 0.1, '2369-01-03T00:00:00Z');",
                      NULL, NULL, NULL);
    sqlite3_close(db);
    int lost = rc == SQLITE_OK ? damage_leaf(path, "annotations") : 0;
    rod_buf report = ROD_BUF_INIT;
    rod_lib_check_result res;
    rod_lib_check(path, &report, &res);
    order[0] = '\0';
    db = NULL;
    if (res.recovered && sqlite3_open(res.recovered, &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT substr(fingerprint, 8) FROM positions ORDER BY seq", -1, &st, NULL) ==
            SQLITE_OK)
        while (sqlite3_step(st) == SQLITE_ROW && strlen(order) < 32)
            strcat(order, (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    CHECK(lost > 0 && !res.ok && res.recovered && !strcmp(order, "ba"),
          "a damaged library of schema 2: the recovery copy keeps its places, in order");
    if (strcmp(order, "ba"))
        printf("# places in the copy: \"%s\"\n", order);
    rod_buf_free(&report);
    free(res.recovered);
}

/* A book's cover is kept with the catalog for the library view. */
static void test_covers(void)
{
    rod_lib *lib = NULL;
    rod_lib_open(tmp_path("covers.db"), &lib);
    static const char png[] = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4DwQACfsD/eNV8pwAAAAASUVORK5CYII=";
    char with[2048];
    snprintf(with, sizeof with, ROD_OPEN "<head><title>Covered</title><cover src=\"#c\"/></head>"
             "<body><p>Text under a cover.</p></body><binary id=\"c\" type=\"image/png\">%s</binary></rod>", png);
    char *a = tmp_path("covered.rod"), *b = tmp_path("bare.rod");
    write_file(a, with);
    write_file(b, book_v1);
    rod_doc *da = read_book(a), *db = read_book(b);
    rod_lib_add_result r;
    CHECK(lib && da && db && rod_lib_add(lib, a, da, "rod", &r) == ROD_OK &&
          rod_lib_add(lib, b, db, "rod", &r) == ROD_OK, "two books added, one with a cover");
    char fa[72], fb[72];
    rod_doc_fingerprint(da, fa);
    rod_doc_fingerprint(db, fb);
    void *data = NULL;
    size_t len = 0;
    CHECK(rod_lib_cover(lib, fa, &data, &len) == ROD_OK && data && len == 68 &&
          memcmp(data, "\x89PNG", 4) == 0, "the cover's PNG bytes come back from the library");
    free(data);
    CHECK(rod_lib_cover(lib, fb, &data, &len) == ROD_OK && !data && len == 0,
          "a book without a cover has none");
    rod_doc_free(da);
    rod_doc_free(db);
    rod_lib_close(lib);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/rod-test-library-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    unsetenv("ROD_LIBRARY");
    test_catalog();
    test_related();
    test_merge();
    test_refusals();
    test_position_order();
    test_covers();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return tap_done();
}
