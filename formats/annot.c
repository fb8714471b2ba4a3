/* annot.c — annotations in memory: copying, comparing, ids and times.
 *
 * Every string is its own malloc'd block rather than living in an arena
 * because annotations are edited one at a time (a note rewritten, a tag
 * added) and move between sets on import; an arena would only grow.
 */
#include "rod_annot.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

static const char *const type_names[] = {"highlight", "note", "bookmark"};
static const char *const colors[] = {"amber", "green", "blue", "rose", "violet", "underline"};

const char *rod_annot_type_name(rod_annot_type type)
{
    return (unsigned)type < 3 ? type_names[type] : "highlight";
}

bool rod_annot_type_from_name(const char *name, rod_annot_type *out)
{
    for (unsigned i = 0; i < 3; i++) {
        if (name && strcmp(name, type_names[i]) == 0) {
            *out = (rod_annot_type)i;
            return true;
        }
    }
    return false;
}

bool rod_annot_color_valid(const char *color)
{
    for (size_t i = 0; color && i < sizeof colors / sizeof colors[0]; i++)
        if (strcmp(color, colors[i]) == 0)
            return true;
    return false;
}

void rod_annot_clear(rod_annot *a)
{
    free(a->id);
    free(a->reader);
    free(a->color);
    free(a->created);
    free(a->modified);
    free(a->quote);
    free(a->prefix);
    free(a->suffix);
    free(a->body);
    free(a->reply_to);
    for (size_t i = 0; i < a->ntags; i++)
        free(a->tags[i]);
    free(a->tags);
    memset(a, 0, sizeof *a);
}

bool rod_annot_set(char **field, const char *s)
{
    char *copy = NULL;
    if (s && !(copy = strdup(s)))
        return false;
    free(*field);
    *field = copy;
    return true;
}

bool rod_annot_add_tag(rod_annot *a, const char *tag)
{
    for (size_t i = 0; i < a->ntags; i++)
        if (strcmp(a->tags[i], tag) == 0)
            return true;
    char **tags = realloc(a->tags, (a->ntags + 1) * sizeof *tags);
    if (!tags)
        return false;
    a->tags = tags;
    if (!(tags[a->ntags] = strdup(tag)))
        return false;
    a->ntags++;
    return true;
}

rod_err rod_annot_copy(rod_annot *dst, const rod_annot *src)
{
    rod_annot c = {0};
    c.type = src->type;
    c.start = src->start;
    c.end = src->end;
    c.has_end = src->has_end;
    bool ok = rod_annot_set(&c.id, src->id) && rod_annot_set(&c.reader, src->reader) &&
              rod_annot_set(&c.color, src->color) && rod_annot_set(&c.created, src->created) &&
              rod_annot_set(&c.modified, src->modified) && rod_annot_set(&c.quote, src->quote) &&
              rod_annot_set(&c.prefix, src->prefix) && rod_annot_set(&c.suffix, src->suffix) &&
              rod_annot_set(&c.body, src->body) && rod_annot_set(&c.reply_to, src->reply_to);
    for (size_t i = 0; ok && i < src->ntags; i++)
        ok = rod_annot_add_tag(&c, src->tags[i]);
    if (!ok) {
        rod_annot_clear(&c);
        return ROD_ERR_NOMEM;
    }
    *dst = c;
    return ROD_OK;
}

static bool str_eq(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

bool rod_annot_equal(const rod_annot *a, const rod_annot *b)
{
    if (a->type != b->type || a->has_end != b->has_end || rod_pos_cmp(a->start, b->start) ||
        (a->has_end && rod_pos_cmp(a->end, b->end)) || a->ntags != b->ntags)
        return false;
    if (!str_eq(a->id, b->id) || !str_eq(a->reader, b->reader) || !str_eq(a->color, b->color) ||
        !str_eq(a->created, b->created) || !str_eq(a->modified, b->modified) ||
        !str_eq(a->quote, b->quote) || !str_eq(a->prefix, b->prefix) ||
        !str_eq(a->suffix, b->suffix) || !str_eq(a->body, b->body) ||
        !str_eq(a->reply_to, b->reply_to))
        return false;
    for (size_t i = 0; i < a->ntags; i++)
        if (strcmp(a->tags[i], b->tags[i]) != 0)
            return false;
    return true;
}

void rod_annot_new_id(char out[37])
{
    unsigned char r[16];
    if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
        /* No kernel randomness: time and address still make a collision
         * between two readers' notes practically impossible. */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t x = (uint64_t)ts.tv_sec * 1000000007u ^ (uint64_t)ts.tv_nsec ^ (uintptr_t)out;
        for (int i = 0; i < 16; i++) {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            r[i] = (unsigned char)x;
        }
    }
    r[6] = (unsigned char)((r[6] & 0x0f) | 0x40);
    r[8] = (unsigned char)((r[8] & 0x3f) | 0x80);
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[r[i] >> 4];
        out[o++] = hex[r[i] & 15];
    }
    out[o] = '\0';
}

void rod_annot_now(char out[21])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Digits s[0..n) as a number; false unless all are digits. */
static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* Days from 0000-03-01 to y-m-d in the proleptic Gregorian calendar
 * (years counted from March, so the leap day ends a year). */
static long long day_number(int y, int m, int d)
{
    if (m <= 2)
        y--;
    long long era = y / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy;
}

static void civil_of(long long days, int *y, int *m, int *d)
{
    long long era = days / 146097;
    long long doe = days - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

bool rod_annot_time_norm(const char *s, char out[21])
{
    out[0] = '\0';
    int y, mo, d, h, mi, sec;
    if (!s || strlen(s) < 20 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) ||
        s[7] != '-' || !digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') ||
        !digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' ||
        !digits(s + 17, 2, &sec))
        return false;
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo) || h > 23 || mi > 59 ||
        sec > 59)
        return false;
    const char *p = s + 19;
    if (*p == '.') {
        if (p[1] < '0' || p[1] > '9')
            return false;
        for (p++; *p >= '0' && *p <= '9'; p++) {}
    }
    int offset = 0;     /* minutes east of UTC */
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int oh, om;
        /* the hours first: only after two digits is p[3] inside the string */
        if (!digits(p + 1, 2, &oh))
            return false;
        bool colon = p[3] == ':';
        if (!digits(p + (colon ? 4 : 3), 2, &om) || oh > 23 || om > 59)
            return false;
        offset = (oh * 60 + om) * (*p == '-' ? -1 : 1);
        p += colon ? 6 : 5;
    } else {
        return false;
    }
    if (*p)
        return false;
    long long minutes = (day_number(y, mo, d) * 24 + h) * 60 + mi - offset;
    if (minutes < 0)
        return false;
    long long days = minutes / 1440;
    long long in_day = minutes - days * 1440;
    civil_of(days, &y, &mo, &d);
    if (y < 1 || y > 9999)
        return false;
    /* the fields are in range here, so the stamp is 20 characters; the
     * wider buffer only spares the compiler proving it */
    char stamp[64];
    snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, (int)(in_day / 60),
             (int)(in_day % 60), sec);
    memcpy(out, stamp, 20);
    out[20] = '\0';
    return true;
}

void rod_annot_fix_extent(rod_annot *a)
{
    if (a->type == ROD_ANNOT_BOOKMARK || a->has_end || !a->quote || !a->quote[0])
        return;
    a->has_end = true;
    a->end = a->start;
}

void rod_notes_free(rod_notes *set)
{
    for (size_t i = 0; i < set->n; i++)
        rod_annot_clear(&set->items[i]);
    free(set->items);
    free(set->fingerprint);
    free(set->title);
    free(set->id_scheme);
    free(set->identifier);
    memset(set, 0, sizeof *set);
}

bool rod_notes_push(rod_notes *set, rod_annot *a)
{
    if (set->n == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 16;
        rod_annot *items = realloc(set->items, cap * sizeof *items);
        if (!items)
            return false;
        set->items = items;
        set->cap = cap;
    }
    set->items[set->n++] = *a;
    memset(a, 0, sizeof *a);
    return true;
}
