/* rod_annot.h — annotations and the .rodnotes exchange file
 * (../shared/ROD-FORMAT.md §3).
 *
 * An annotation is a highlight, a note (a highlight with a body) or a
 * bookmark on a range of a book, carried with the exact text it covers
 * and up to 32 characters on each side, so it can be found again in an
 * edited copy. The library stores them; this module only holds them in
 * memory and reads and writes the exchange file.
 *
 *   rod_notes set = {0};
 *   rod_err err = rod_notes_read(data, len, &diag, &set);
 *   for (size_t i = 0; i < set.n; i++) ... set.items[i] ...
 *   rod_notes_free(&set);
 *
 * Ownership: every string in a rod_annot and a rod_notes is malloc'd and
 * owned by the struct that holds it; rod_annot_clear() and rod_notes_free()
 * release them (both accept zeroed structs). rod_notes_push() moves an
 * annotation into a set: the source is zeroed and must not be cleared.
 * Strings are UTF-8. quote, prefix and suffix are never NULL once read.
 *
 * Errors: reading returns ROD_ERR_INPUT for a file that is not XML, declares
 * entities, or is not an annotation file (messages with line and column in
 * the diag); a single broken annotation is a warning and is kept as well as
 * it can be (a missing id gets one derived from its content, so importing
 * the same file twice still changes nothing). ROD_ERR_NOMEM when memory
 * runs out.
 */
#ifndef ROD_ANNOT_H
#define ROD_ANNOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rod_buf.h"
#include "rod_diag.h"
#include "rod_doc.h"

#define ROD_NOTES_NS "urn:isolinear:rod:annotations:1"
/* Characters of context kept on each side of a quote. */
enum { ROD_ANNOT_CONTEXT = 32 };

typedef enum rod_annot_type {
    ROD_ANNOT_HIGHLIGHT,
    ROD_ANNOT_NOTE,
    ROD_ANNOT_BOOKMARK,
} rod_annot_type;

typedef struct rod_annot {
    char *id;                   /* stable across export and import */
    rod_annot_type type;
    char *reader;               /* who made it */
    char *color;                /* amber, green, blue, rose, violet, underline */
    char *created, *modified;   /* UTC, ISO 8601: 2369-05-01T20:15:00Z */
    rod_pos start, end;         /* end exclusive; end == start when !has_end */
    bool has_end;
    char *quote, *prefix, *suffix;
    char *body;                 /* paragraphs separated by '\n'; NULL: none */
    char **tags;
    size_t ntags;
    /* The id of the note this one answers (W3C Web Annotation motivation
     * "replying", its target the parent); NULL: not a reply. A reply is
     * shown under its parent, wherever the parent is anchored; its own
     * quote and positions are a copy of the parent's, kept so a reader
     * that knows no replies still places it by the passage. */
    char *reply_to;
} rod_annot;

typedef struct rod_notes {
    char *fingerprint;          /* "sha256:..." of the book they belong to */
    char *title;                /* the book's title, for people */
    char *id_scheme, *identifier;   /* the book's identifier, or NULL */
    rod_annot *items;
    size_t n, cap;
} rod_notes;

const char *rod_annot_type_name(rod_annot_type type);
/* false for a name the format does not define. */
bool rod_annot_type_from_name(const char *name, rod_annot_type *out);
/* True for the six colours of spec §3. */
bool rod_annot_color_valid(const char *color);

void rod_annot_clear(rod_annot *a);
/* Deep copy; dst must be zeroed or cleared. */
rod_err rod_annot_copy(rod_annot *dst, const rod_annot *src);
/* Replaces *field with a copy of s (NULL allowed). false: out of memory,
 * *field unchanged. */
bool rod_annot_set(char **field, const char *s);
bool rod_annot_add_tag(rod_annot *a, const char *tag);
/* True when every field of a and b is equal. */
bool rod_annot_equal(const rod_annot *a, const rod_annot *b);

/* A fresh random id (UUID version 4 text, 36 characters). */
void rod_annot_new_id(char out[37]);
/* The current time as UTC ISO 8601 with seconds and Z. */
void rod_annot_now(char out[21]);
/* A time from outside as rod keeps it: "2369-05-01T20:15:00Z". Accepts
 * that form, a fraction of a second (dropped), a lower-case t or z, and an
 * offset (+02:00, -0500), turned into UTC. false when s is not such a
 * time (a date that does not exist included); out is then "". */
bool rod_annot_time_norm(const char *s, char out[21]);
/* A highlight or a note always covers a range: one that came without an
 * end (or without positions) gets has_end with end = start, so anchoring
 * finds the whole extent of its quote instead of a point. Bookmarks and
 * annotations without a quote are left alone. */
void rod_annot_fix_extent(rod_annot *a);

/* ---- discussions (annot_thread.c) ----
 * A set's replies worked out once, for every list a person reads:
 *
 *   rod_threads t;
 *   rod_threads_build(ptrs, n, &t);     // ptrs[i]: the i-th annotation
 *   for each i with t.parent[i] == ROD_THREAD_NONE (a root, in your order):
 *       m = rod_threads_walk(&t, i, stack, order, depth);
 *       // order[0..m): i, then its replies depth first, each note's
 *       // replies by time; depth[k]: 0 for i, 1 for a reply to it, ...
 *   rod_threads_free(&t);
 *
 * parent[i] is the index of the note item i answers, or ROD_THREAD_NONE
 * when it answers none, answers a note not in the set (it has not arrived:
 * it stands on its own until it does) or closes a cycle of replies (cut
 * there, so every item is reached from exactly one root). The replies of
 * p are kids[first[p] .. first[p+1]), by created time, then id.
 * Ownership: the arrays are the struct's, freed by rod_threads_free
 * (NULL and a zeroed struct accepted); the annotations are borrowed for
 * the build only. Errors: ROD_ERR_NOMEM, with *t zeroed. */
#define ROD_THREAD_NONE SIZE_MAX
typedef struct rod_threads {
    size_t n;
    size_t *parent;
    size_t *first;      /* n + 1 offsets into kids */
    size_t *kids;
} rod_threads;

rod_err rod_threads_build(const rod_annot *const *annots, size_t n, rod_threads *t);
/* The same for every annotation of a set, t's indices those of set->items. */
rod_err rod_threads_of(const rod_notes *set, rod_threads *t);
void rod_threads_free(rod_threads *t);
/* Writes root and every reply under it into out[] and depth[] (each with
 * room for t->n items), using stack[] (room for 2 * t->n) as scratch;
 * returns how many it wrote. No recursion: any depth is safe. */
size_t rod_threads_walk(const rod_threads *t, size_t root, size_t *stack, size_t *out, unsigned *depth);

void rod_notes_free(rod_notes *set);
/* Moves *a into the set (zeroing *a). false: out of memory, *a untouched. */
bool rod_notes_push(rod_notes *set, rod_annot *a);

rod_err rod_notes_read(const char *data, size_t len, rod_diag *diag, rod_notes *out);
/* Writes the set as a canonical .rodnotes document: version="1" unless an
 * annotation is a reply (reply-to="ID"), then version="2". An older rod
 * reads a version 2 file with a warning, as version 1, and ignores the
 * reply-to attribute: the reply arrives as a plain note on its parent's
 * passage (its quote and positions are the parent's). */
void rod_notes_write(const rod_notes *set, rod_buf *out);

#endif
