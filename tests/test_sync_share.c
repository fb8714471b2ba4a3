/* test_sync_share.c — discussing with friends is sharing a folder (issue
 * 21 item 6): several sync folders, each carrying what its setting names.
 *
 * Four libraries play the case the issue names: Kira's laptop and tablet
 * share a private folder (everything); the laptop, Garak and Odo share a
 * book club's folder where each puts only their own notes and no reading
 * places. Each check reads the folder's files or the libraries after the
 * exchanges, so it fails if a folder carries what its setting leaves out
 * (another reader's notes passed on to the club, a place moved by a club
 * member), if what a club brings is not kept with its readers' names and
 * replies, or if two folders' files of one name are taken for one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rod_sync.h"
#include "tap.h"

static char dir[256];
static const char *fp = "sha256:clubbook";

static char *path_in(const char *name)
{
    static char paths[8][512];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, 512, "%s/%s", dir, name);
    return p;
}

static rod_lib *open_lib(const char *name, const char *device)
{
    rod_lib *lib = NULL;
    if (rod_lib_open(path_in(name), &lib) != ROD_OK) {
        rod_lib_close(lib);
        return NULL;
    }
    rod_lib_meta_set(lib, "device_name", device);
    return lib;
}

static void put_note(rod_lib *lib, const char *id, const char *reader, const char *reply_to, const char *body)
{
    rod_annot a = {0};
    rod_annot_set(&a.id, id);
    a.type = ROD_ANNOT_NOTE;
    rod_annot_set(&a.reader, reader);
    rod_annot_set(&a.color, "amber");
    rod_annot_set(&a.created, "2370-01-01T00:00:00Z");
    rod_annot_set(&a.modified, "2370-01-01T00:00:00Z");
    rod_annot_set(&a.quote, "the words");
    rod_annot_set(&a.body, body);
    rod_annot_set(&a.reply_to, reply_to);
    a.start = (rod_pos){1, 0};
    a.end = (rod_pos){1, 9};
    a.has_end = true;
    rod_lib_annot_put(lib, fp, &a);
    rod_annot_clear(&a);
}

/* Whether lib holds note id signed by reader (and answering reply_to). */
static bool has_note(rod_lib *lib, const char *id, const char *reader, const char *reply_to)
{
    rod_annot a = {0};
    bool found = false;
    rod_lib_annot_get(lib, fp, id, &a, &found);
    bool ok = found && a.reader && !strcmp(a.reader, reader) &&
              (!reply_to || (a.reply_to && !strcmp(a.reply_to, reply_to)));
    rod_annot_clear(&a);
    return ok;
}

static rod_err sync_with(rod_lib *lib, const char *folder, const char *reader, const char *share,
                         rod_sync_report *rep)
{
    rod_sync_share sh;
    rod_sync_share_parse(share, &sh);
    rod_diag diag = ROD_DIAG_INIT("sync");
    rod_sync_report_free(rep);
    rod_err err = rod_lib_sync_exchange_shared(lib, folder, reader, &sh, &diag, rep);
    for (size_t i = 0; i < diag.n; i++)
        printf("#   warning: %s\n", diag.items[i].text);
    rod_diag_free(&diag);
    return err;
}

/* The notes (by reader) and places in the device file at path. */
static void file_holds(const char *path, char *readers, size_t n, int *places)
{
    readers[0] = '\0';
    *places = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    static char data[1 << 16];
    size_t len = fread(data, 1, sizeof data, f);
    fclose(f);
    rod_sync_file s = {0};
    if (rod_sync_read(data, len, NULL, &s) != ROD_OK)
        return;
    size_t k = 0;
    for (size_t b = 0; b < s.n; b++) {
        *places += s.books[b].place.has;
        for (size_t i = 0; i < s.books[b].notes.n && k + 40 < n; i++)
            k += (size_t)snprintf(readers + k, n - k, "%s ", s.books[b].notes.items[i].reader);
    }
    rod_sync_free(&s);
}

static void test_setting_words(void)
{
    rod_sync_share sh;
    char back[64];
    const char *ok[] = {"notes,places", "my-notes", "places", "none", "notes"};
    bool all = true;
    for (size_t i = 0; i < 5; i++) {
        all = all && rod_sync_share_parse(ok[i], &sh);
        rod_sync_share_name(&sh, back, sizeof back);
        all = all && !strcmp(back, ok[i]);
    }
    CHECK(all, "each setting reads and writes back the same: notes,places, my-notes, places, none, notes");
    CHECK(!rod_sync_share_parse("notes,bogus", &sh) && !rod_sync_share_parse("", &sh),
          "an unknown word or nothing is not a setting");
    CHECK(rod_sync_share_parse("my-notes, places", &sh) && sh.notes == ROD_SHARE_MINE && sh.places,
          "my-notes, places: the reader's own notes and the places");
}

static void test_kept_folders(rod_lib *lib)
{
    rod_sync_share club = {ROD_SHARE_MINE, false}, all = ROD_SYNC_SHARE_ALL, got;
    bool found = false;
    rod_lib_sync_folder_set(lib, "/srv/private", &all);
    rod_lib_sync_folder_set(lib, "/srv/club", &club);
    rod_sync_dir *d = NULL;
    size_t n = 0;
    rod_lib_sync_folders(lib, &d, &n);
    CHECK(n == 2 && !strcmp(d[0].path, "/srv/club") && d[0].share.notes == ROD_SHARE_MINE && !d[0].share.places &&
              !strcmp(d[1].path, "/srv/private") && d[1].share.places,
          "two folders kept, each with its own setting");
    rod_sync_folders_free(d, n);
    rod_lib_sync_folder_forget(lib, "/srv/club", &found);
    rod_lib_sync_folders(lib, &d, &n);
    CHECK(found && n == 1 && !strcmp(d[0].path, "/srv/private") &&
              rod_lib_sync_folder_get(lib, "/srv/club", &got, &found) == ROD_OK && !found,
          "a folder forgotten is no longer kept; the other stays");
    rod_sync_folders_free(d, n);
    rod_lib_sync_folder_forget(lib, "/srv/private", &found);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/rod-test-share-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    test_setting_words();
    char *private = strdup(path_in("private")), *club = strdup(path_in("club"));
    mkdir(private, 0700);
    mkdir(club, 0700);
    rod_lib *laptop = open_lib("laptop.db", "Kira's laptop"), *tablet = open_lib("tablet.db", "Kira's tablet");
    rod_lib *garak = open_lib("garak.db", "Garak's padd"), *odo = open_lib("odo.db", "Odo's desk");
    test_kept_folders(laptop);

    put_note(laptop, "kira-1", "Kira", NULL, "Kira's own note");
    put_note(laptop, "bashir-1", "Bashir", NULL, "a note Bashir sent Kira privately");
    put_note(garak, "garak-1", "Garak", NULL, "Garak's note");
    put_note(odo, "odo-1", "Odo", "garak-1", "Odo's reply to Garak");
    rod_lib_position_save(garak, fp, (rod_pos){7, 3}, 0.5);
    sleep(1);   /* Kira's place is the later one: a folder carrying places would move Garak's */
    rod_lib_position_save(laptop, fp, (rod_pos){1, 1}, 0.1);

    rod_sync_report rep = {0};
    sync_with(garak, club, "Garak", "my-notes", &rep);
    sync_with(odo, club, "Odo", "my-notes", &rep);
    CHECK(sync_with(laptop, club, "Kira", "my-notes", &rep) == ROD_OK && rep.wrote, "Kira's laptop writes its club file");
    char own_club[4096];
    snprintf(own_club, sizeof own_club, "%s", rep.own);
    CHECK(sync_with(laptop, private, "Kira", "notes,places", &rep) == ROD_OK && rep.wrote &&
              strcmp(strrchr(rep.own, '/'), strrchr(own_club, '/')) == 0,
          "and its private file, of the same name in the other folder: both written");
    char readers[400];
    int places = 0;
    file_holds(own_club, readers, sizeof readers, &places);
    CHECK(!strcmp(readers, "Kira ") && places == 0,
          "the club's file from Kira holds only Kira's note, no place (not Bashir's, Garak's or Odo's)");
    if (strcmp(readers, "Kira ") || places)
        printf("#   it holds notes by: %s and %d places\n", readers, places);
    file_holds(rep.own, readers, sizeof readers, &places);
    CHECK(strstr(readers, "Bashir") && strstr(readers, "Garak") && strstr(readers, "Odo") && places == 1,
          "the private file holds every note (Bashir's, and Garak's and Odo's from the club) and the place");
    CHECK(has_note(laptop, "garak-1", "Garak", NULL) && has_note(laptop, "odo-1", "Odo", "garak-1"),
          "Kira's laptop has the club's notes, each with its reader, and Odo's reply to Garak");
    rod_pos pos = {0};
    bool found = false;
    rod_lib_position_get(laptop, fp, &pos, &found);
    CHECK(found && pos.block == 1 && pos.offset == 1, "Kira's place is her own: the club moved it nowhere");

    sync_with(garak, club, "Garak", "my-notes", &rep);
    CHECK(has_note(garak, "kira-1", "Kira", NULL) && has_note(garak, "odo-1", "Odo", "garak-1") &&
              !has_note(garak, "bashir-1", "Bashir", NULL),
          "Garak gets Kira's and Odo's notes through the club, not the note Bashir sent Kira");
    rod_lib_position_get(garak, fp, &pos, &found);
    CHECK(found && pos.block == 7 && pos.offset == 3, "and keeps his own place, though Kira's is later");

    sync_with(tablet, private, "Kira", "notes,places", &rep);
    rod_lib_position_get(tablet, fp, &pos, &found);
    CHECK(has_note(tablet, "bashir-1", "Bashir", NULL) && has_note(tablet, "odo-1", "Odo", "garak-1") && found &&
              pos.block == 1,
          "Kira's tablet, on the private folder, gets everything and her place");

    /* a folder carrying nothing: nothing goes, nothing comes */
    char *none = path_in("none");
    mkdir(none, 0700);
    sync_with(odo, none, "Odo", "notes,places", &rep);
    sync_with(tablet, none, "Kira", "none", &rep);
    file_holds(rep.own, readers, sizeof readers, &places);
    CHECK(!readers[0] && places == 0 && !has_note(tablet, "odo-only", "Odo", NULL),
          "a folder set to none: Kira's file there holds no note and no place");
    put_note(odo, "odo-only", "Odo", NULL, "only in the none folder");
    sync_with(odo, none, "Odo", "notes,places", &rep);
    sync_with(tablet, none, "Kira", "none", &rep);
    CHECK(!has_note(tablet, "odo-only", "Odo", NULL), "and takes none of what another device put there");

    rod_sync_report_free(&rep);
    rod_lib_close(laptop);
    rod_lib_close(tablet);
    rod_lib_close(garak);
    rod_lib_close(odo);
    free(private);
    free(club);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", dir);
    return tap_done();
}
