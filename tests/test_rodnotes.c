/* test_rodnotes.c — the .rodnotes exchange file (every field out and
 * back, hostile files refused or cleaned with a message) and what text
 * from outside may hold (control characters, C1, bidi overrides and bytes
 * that are not UTF-8 found and named before a note or a name is kept).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "rod_annot.h"
#include "rod_clean.h"
#include "tap.h"

/* ---- what text from outside may hold ---- */

static void test_clean(void)
{
    size_t at = 0;
    uint32_t cp = 0;
    CHECK(rod_clean_find("\x1b[41mBG", 8, ROD_FIELD_NAME, &at, &cp) && at == 0 && cp == 0x1B,
          "a name with ESC is refused, naming U+001B at byte 0");
    const char *c1 = "A\xC2\x9B" "31m";
    CHECK(rod_clean_find(c1, strlen(c1), ROD_FIELD_TEXT, &at, &cp) && at == 1 && cp == 0x9B,
          "U+009B (a C1 CSI) is refused in a note");
    CHECK(rod_clean_find("x\xC2\x85y", 4, ROD_FIELD_QUOTE, &at, &cp) && cp == 0x85,
          "U+0085 is refused even in a quote");
    const char *rlo = "Kira \xE2\x80\xAE" "ariK";
    CHECK(rod_clean_find(rlo, strlen(rlo), ROD_FIELD_NAME, &at, &cp) && cp == 0x202E,
          "a bidi override (U+202E) is refused in a name");
    CHECK(!rod_clean_find(rlo, strlen(rlo), ROD_FIELD_QUOTE, NULL, NULL),
          "but kept in a book's words, where right-to-left text needs it");
    CHECK(!rod_clean_find("one\ttwo\nthree", 13, ROD_FIELD_TEXT, NULL, NULL) &&
          rod_clean_find("one\ttwo", 7, ROD_FIELD_NAME, NULL, NULL),
          "tab and line feed are kept in a note, refused in a name");
    CHECK(rod_clean_find("ok\xFF", 3, ROD_FIELD_TEXT, &at, &cp) && at == 2 && cp == ROD_CLEAN_BAD_BYTE,
          "a byte that is not UTF-8 is refused");
    CHECK(!rod_clean_find("Elim Garak — Кардасия", strlen("Elim Garak — Кардасия"), ROD_FIELD_NAME, NULL, NULL),
          "ordinary letters and punctuation pass");
    char *s = strdup("\x1b]0;T\x07 note");
    size_t n = 0;
    CHECK(rod_clean_field(&s, ROD_FIELD_TEXT, &n) && n == 2 && strcmp(s, "\xEF\xBF\xBD]0;T\xEF\xBF\xBD note") == 0,
          "cleaning replaces ESC and BEL with U+FFFD and counts them");
    free(s);
    rod_buf b = ROD_BUF_INIT;
    const char *raw = "\x1b[41mBG\x07 \xC2\x9B \xE2\x80\xAE x\ny\xFF";
    rod_clean_term(&b, raw, strlen(raw));
    CHECK_STR(b.data, "\\x1b[41mBG\\x07 \\u009b \\u202e x y\\xff",
              "on a terminal every control, bidi control and stray byte is a visible escape");
    rod_buf_free(&b);

    char t[21];
    CHECK(rod_annot_time_norm("2369-05-01T20:15:00Z", t) && strcmp(t, "2369-05-01T20:15:00Z") == 0,
          "a UTC time is kept as it is");
    CHECK(rod_annot_time_norm("2024-03-01T01:30:00.250+02:00", t) && strcmp(t, "2024-02-29T23:30:00Z") == 0,
          "a fraction is dropped and an offset turned into UTC (across a leap day)");
    CHECK(rod_annot_time_norm("2023-12-31t20:00:00-0500", t) && strcmp(t, "2024-01-01T01:00:00Z") == 0,
          "an offset without a colon, across a year");
    const char *bad[] = {"<img src='", "", "2024-02-30T00:00:00Z", "2024-01-01T24:00:00Z",
                         "2024-01-01T00:00:00", "2024-01-01T00:00:00Zjunk", "2024-1-01T00:00:00Z"};
    bool all = true;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        all = all && !rod_annot_time_norm(bad[i], t) && t[0] == '\0';
    CHECK(all, "markup, a day that does not exist, an hour 24, a missing zone and trailing junk are not times");
    /* an offset cut short at the end of the string (found by fuzz_rodsync:
     * the colon was looked for past the end); heap copies, so ASan sees
     * any read past them */
    const char *cut[] = {"2026-12-02T05:14:21+", "2026-12-02T05:14:21-0", "2026-12-02T05:14:21+02",
                         "2026-12-02T05:14:21+02:"};
    all = true;
    for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++) {
        char *c = strdup(cut[i]);
        all = all && c && !rod_annot_time_norm(c, t);
        free(c);
    }
    CHECK(all, "an offset cut short is not a time, and nothing past the string is read");
}

/* ---- the exchange file ---- */

static bool diag_has(const rod_diag *d, rod_severity sev, const char *text)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].severity == sev && strstr(d->items[i].text, text))
            return true;
    return false;
}

static void fill(rod_annot *a, const char *id, rod_annot_type type)
{
    memset(a, 0, sizeof *a);
    rod_annot_set(&a->id, id);
    a->type = type;
    rod_annot_set(&a->reader, "Elim Garak");
    rod_annot_set(&a->color, "violet");
    rod_annot_set(&a->created, "2369-05-01T20:15:00Z");
    rod_annot_set(&a->modified, "2369-05-01T20:16:00Z");
    a->start = (rod_pos){112, 35};
    a->end = (rod_pos){113, 12};
    a->has_end = type != ROD_ANNOT_BOOKMARK;
    if (!a->has_end)
        a->end = a->start;
    rod_annot_set(&a->quote, "the \"exact\" text <&>\nacross a break, Кардасия");
    rod_annot_set(&a->prefix, "  up to 32\nbefore\t");   /* a block's end, a tab */
    rod_annot_set(&a->suffix, "after ");
}

static bool str_same(const char *what, const char *a, const char *b)
{
    if ((!a && !b) || (a && b && strcmp(a, b) == 0))
        return true;
    printf("# %s: \"%s\" against \"%s\"\n", what, a ? a : "(none)", b ? b : "(none)");
    return false;
}

/* Every field of two annotations, one by one (not rod_annot_equal, which
 * is the code under test too); the first that differs is printed. */
static bool same_fields(const rod_annot *a, const rod_annot *b)
{
    bool ok = str_same("id", a->id, b->id) && str_same("reader", a->reader, b->reader) &&
              str_same("color", a->color, b->color) && str_same("created", a->created, b->created) &&
              str_same("modified", a->modified, b->modified) && str_same("quote", a->quote, b->quote) &&
              str_same("prefix", a->prefix, b->prefix) && str_same("suffix", a->suffix, b->suffix) &&
              str_same("body", a->body, b->body);
    if (ok && (a->type != b->type || a->has_end != b->has_end || a->start.block != b->start.block ||
               a->start.offset != b->start.offset || a->end.block != b->end.block ||
               a->end.offset != b->end.offset)) {
        printf("# %s: type %d/%d, end %d/%d, %zu:%zu-%zu:%zu against %zu:%zu-%zu:%zu\n", a->id, a->type, b->type,
               a->has_end, b->has_end, a->start.block, a->start.offset, a->end.block, a->end.offset,
               b->start.block, b->start.offset, b->end.block, b->end.offset);
        ok = false;
    }
    ok = ok && a->ntags == b->ntags;
    for (size_t i = 0; ok && i < a->ntags; i++)
        ok = str_same("tag", a->tags[i], b->tags[i]);
    return ok;
}

static void test_rodnotes(void)
{
    rod_notes set = {0};
    set.fingerprint = strdup("sha256:0123");
    set.title = strdup("The Never Ending Sacrifice");
    set.id_scheme = strdup("uuid");
    set.identifier = strdup("6f1c2a9e");
    rod_annot a;
    fill(&a, "n-1", ROD_ANNOT_NOTE);
    rod_annot_set(&a.body, "First paragraph of the note.\nSecond, with <markup> & \"quotes\".");
    rod_annot_add_tag(&a, "politics");
    rod_annot_add_tag(&a, "ethics");
    rod_notes_push(&set, &a);
    fill(&a, "h-2", ROD_ANNOT_HIGHLIGHT);
    rod_notes_push(&set, &a);
    fill(&a, "b-3", ROD_ANNOT_BOOKMARK);
    rod_notes_push(&set, &a);

    rod_buf out = ROD_BUF_INIT;
    rod_notes_write(&set, &out);
    rod_notes back = {0};
    rod_diag diag = ROD_DIAG_INIT("notes");
    rod_err err = rod_notes_read(out.data, out.len, &diag, &back);
    bool same = err == ROD_OK && back.n == 3 && diag.n == 0;
    for (size_t i = 0; same && i < 3; i++)
        same = same_fields(&set.items[i], &back.items[i]);
    same = same && strcmp(back.fingerprint, set.fingerprint) == 0 &&
           strcmp(back.title, set.title) == 0 && strcmp(back.identifier, "6f1c2a9e") == 0 &&
           strcmp(back.id_scheme, "uuid") == 0;
    CHECK(same, "write -> read keeps every field (body paragraphs, tags, quote with markup characters and a line break, a line break and a tab in the prefix, bookmark without end)");
    rod_buf again = ROD_BUF_INIT;
    rod_notes_write(&back, &again);
    CHECK(again.len == out.len && memcmp(again.data, out.data, out.len) == 0, "read -> write gives the same bytes");
    rod_buf_free(&again);
    rod_notes_free(&back);
    rod_diag_free(&diag);
    rod_buf_free(&out);
    rod_notes_free(&set);

    /* hostile and broken files */
    const char *bomb = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"xxxxxxxx\"><!ENTITY y \"&x;&x;&x;\">]>"
                       "<annotations xmlns=\"urn:isolinear:rod:annotations:1\" version=\"1\">&y;</annotations>";
    rod_diag d1 = ROD_DIAG_INIT("bomb.rodnotes");
    err = rod_notes_read(bomb, strlen(bomb), &d1, &back);
    CHECK(err == ROD_ERR_INPUT && d1.errors == 1 && diag_has(&d1, ROD_ERROR, "declares the entity"), "an entity declaration is refused");
    rod_diag_free(&d1);
    const char *xxe = "<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><annotations xmlns=\"urn:isolinear:rod:annotations:1\">&e;</annotations>";
    rod_diag d2 = ROD_DIAG_INIT("xxe.rodnotes");
    err = rod_notes_read(xxe, strlen(xxe), &d2, &back);
    CHECK(err == ROD_ERR_INPUT && diag_has(&d2, ROD_ERROR, "external"), "an external entity is refused, nothing read from outside");
    rod_diag_free(&d2);
    const char *wrong = "<rod xmlns=\"urn:isolinear:rod:1\"/>";
    rod_diag d3 = ROD_DIAG_INIT("book.rod");
    err = rod_notes_read(wrong, strlen(wrong), &d3, &back);
    CHECK(err == ROD_ERR_INPUT && d3.items[0].line == 1 && d3.items[0].col > 0, "a book is not an annotation file: an error with line and column");
    rod_diag_free(&d3);

    const char *odd = "<annotations xmlns=\"urn:isolinear:rod:annotations:1\" version=\"1\">"
        "<book fingerprint=\"sha256:ab\"/>"
        "<annotation reader=\"Ziyal\" color=\"chartreuse\" created=\"2370-01-01T00:00:00Z\">"
        "<target><start block=\"3\" offset=\"x\"/><quote prefix=\"p\" suffix=\"s\">words</quote></target>"
        "<unknown>ignored</unknown><tag>art</tag></annotation>"
        "<annotation id=\"z\"><target/></annotation>"
        "</annotations>";
    rod_notes o1 = {0}, o2 = {0};
    rod_diag d4 = ROD_DIAG_INIT("odd.rodnotes");
    err = rod_notes_read(odd, strlen(odd), &d4, &o1);
    rod_notes_read(odd, strlen(odd), NULL, &o2);
    CHECK(err == ROD_OK && o1.n == 1 && strncmp(o1.items[0].id, "derived-", 8) == 0 &&
          strcmp(o1.items[0].id, o2.items[0].id) == 0,
          "an annotation without id gets one made from its content, the same on every read");
    CHECK(o1.n == 1 && strcmp(o1.items[0].color, "amber") == 0 && strcmp(o1.items[0].reader, "Ziyal") == 0 &&
          strcmp(o1.items[0].modified, o1.items[0].created) == 0 && o1.items[0].ntags == 1,
          "an unknown colour shows as amber; the reader's name and tags are kept");
    /* each repair is named, not merely counted */
    static const char *const repairs[] = {"offset=\"x\" is not a number", "unknown colour 'chartreuse'",
                                          "without an id", "unknown element <unknown>", "cannot be placed"};
    size_t named = 0;
    for (size_t i = 0; i < sizeof repairs / sizeof *repairs; i++) {
        if (diag_has(&d4, ROD_WARNING, repairs[i]))
            named++;
        else
            printf("# no warning \"%s\"\n", repairs[i]);
    }
    CHECK(named == sizeof repairs / sizeof *repairs,
          "and each repair is a warning (number, colour, id, unknown element, unplaceable annotation)");
    rod_diag_free(&d4);
    rod_notes_free(&o1);
    rod_notes_free(&o2);
}

/* Replies (issue 21 item 5): reply-to round-trips, a set holding one is
 * version 2, a set without stays version 1, a reply to itself is not one. */
static void test_replies(void)
{
    rod_notes set = {0};
    set.fingerprint = strdup("sha256:0123");
    rod_annot a;
    fill(&a, "parent-1", ROD_ANNOT_NOTE);
    rod_notes_push(&set, &a);
    rod_buf plain = ROD_BUF_INIT;
    rod_notes_write(&set, &plain);
    CHECK(strstr(plain.data, "version=\"1\"") != NULL, "a set without replies is written as version 1");
    rod_buf_free(&plain);
    fill(&a, "reply-2", ROD_ANNOT_NOTE);
    rod_annot_set(&a.reply_to, "parent-1");
    rod_notes_push(&set, &a);
    rod_buf out = ROD_BUF_INIT;
    rod_notes_write(&set, &out);
    CHECK(strstr(out.data, "version=\"2\"") && strstr(out.data, "reply-to=\"parent-1\""),
          "a set with a reply is version 2 and names the parent's id in reply-to");
    rod_notes back = {0};
    rod_diag d = ROD_DIAG_INIT("replies");
    rod_err err = rod_notes_read(out.data, out.len, &d, &back);
    CHECK(err == ROD_OK && d.n == 0 && back.n == 2 && !back.items[0].reply_to &&
          back.items[1].reply_to && strcmp(back.items[1].reply_to, "parent-1") == 0 &&
          rod_annot_equal(&back.items[1], &set.items[1]),
          "read back without a warning: the reply keeps its parent's id, the parent none");
    rod_annot c = {0};
    CHECK(rod_annot_copy(&c, &back.items[1]) == ROD_OK && c.reply_to && strcmp(c.reply_to, "parent-1") == 0,
          "a copy keeps reply_to");
    rod_annot_clear(&c);
    rod_notes_free(&back);
    rod_diag_free(&d);
    rod_buf_free(&out);
    rod_notes_free(&set);
    const char *self = "<annotations xmlns=\"urn:isolinear:rod:annotations:1\" version=\"2\">"
        "<book fingerprint=\"sha256:ab\"/><annotation id=\"x\" reply-to=\"x\" created=\"2370-01-01T00:00:00Z\">"
        "<target><quote prefix=\"\" suffix=\"\">w</quote></target><body><p>b</p></body></annotation></annotations>";
    rod_diag d2 = ROD_DIAG_INIT("self.rodnotes");
    err = rod_notes_read(self, strlen(self), &d2, &back);
    CHECK(err == ROD_OK && back.n == 1 && !back.items[0].reply_to && diag_has(&d2, ROD_WARNING, "replies to itself"),
          "a note replying to itself is read as a note of its own, with a warning");
    rod_diag_free(&d2);
    rod_notes_free(&back);
}

int main(void)
{
    test_rodnotes();
    test_replies();
    test_clean();
    return tap_done();
}
