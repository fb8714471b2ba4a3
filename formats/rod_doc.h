/* rod_doc.h — the document model every reader fills and every writer reads.
 *
 * A book is a tree of rod_node shaped exactly like the isolinear rod text
 * (../shared/ROD-FORMAT.md §1): a root with head, body, optional notes and
 * binaries; block elements below; inline elements and text at the leaves.
 * Importers of other formats build the same tree, so one writer per format
 * and one layout engine serve every input.
 *
 * Life cycle:
 *   rod_doc *doc = rod_doc_new();          // caller owns doc
 *   rod_node *p = rod_node_add(doc, doc->body, ROD_P);
 *   rod_node_add_text(doc, p, "Hello", 5);
 *   rod_doc_finish(doc, &diag);            // fold white space, number blocks
 *   ... doc->blocks[i] ...
 *   rod_doc_free(doc);                     // frees every node and string
 *
 * Ownership: every node, string and binary belongs to the document's arena
 * and lives until rod_doc_free(). Pointers into a document are borrowed.
 * Text is UTF-8 holding only characters XML 1.0 allows; importers repair
 * their input before it gets here (rod_utf8_repair).
 *
 * rod_doc_finish() is the one step between building and using: it folds
 * white space as spec §1 says, wraps stray inline content of block
 * containers into paragraphs, and numbers the text blocks (spec §2). After
 * it, the tree must not be changed without calling it again.
 */
#ifndef ROD_DOC_H
#define ROD_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "rod_arena.h"
#include "rod_diag.h"

typedef enum rod_kind {
    ROD_TEXT,           /* character data: text, len */
    /* structure */
    ROD_ROOT, ROD_HEAD, ROD_BODY, ROD_NOTES, ROD_NOTE, ROD_BINARY,
    /* head */
    ROD_SUBTITLE, ROD_CREATOR, ROD_IDENTIFIER, ROD_DATE, ROD_PUBLISHER,
    ROD_SUBJECT, ROD_SERIES, ROD_RIGHTS, ROD_DESCRIPTION, ROD_COVER,
    /* blocks */
    ROD_SECTION, ROD_TITLE, ROD_P, ROD_BREAK, ROD_QUOTE, ROD_EPIGRAPH,
    ROD_POEM, ROD_STANZA, ROD_LINE, ROD_CITE, ROD_PRE, ROD_LIST, ROD_ITEM,
    ROD_IMAGE,
    /* inline */
    ROD_EM, ROD_STRONG, ROD_SC, ROD_CODE, ROD_SUP, ROD_SUB, ROD_DEL,
    ROD_SPAN, ROD_A, ROD_NOTEREF, ROD_BR,
    ROD_KIND_COUNT
} rod_kind;

/* A subtree's base direction, ROD-FORMAT §1's @dir. ROD_DIR_NONE: the
 * element has no dir of its own and takes its parent's (the book's
 * default is auto). */
typedef enum rod_dir { ROD_DIR_NONE, ROD_DIR_LTR, ROD_DIR_RTL, ROD_DIR_AUTO } rod_dir;

typedef struct rod_node rod_node;
struct rod_node {
    rod_kind kind;
    int block;              /* text block number (spec §2), -1 if none */
    rod_node *parent, *first, *last, *next, *prev;
    const char *id;         /* @id or NULL */
    const char *lang;       /* @xml:lang or NULL (inherited: rod_node_lang) */
    /* The element's own attribute, by kind:
     *   ref:  a@href, noteref@to, image@src, cover@src ("#id" or a URI)
     *   alt:  image@alt
     *   type: creator@role, identifier@scheme, list@type, binary@type,
     *         date@when, series@index */
    const char *ref, *alt, *type;
    char *text;             /* ROD_TEXT: UTF-8; ROD_BINARY: decoded bytes */
    size_t len;
    unsigned line;          /* line in the source file, 0 if unknown */
    unsigned col : 30;      /* column there, 0 if unknown (a column past
                               2^30 is kept modulo 2^30: messages only) */
    unsigned dir : 2;       /* rod_dir: @dir, ROD_DIR_NONE when absent */
};

/* How deep a finished book nests: no element lies more than ROD_MAX_DEPTH
 * levels below the root (body is level 1, a chapter in it level 2). Every
 * reader's tree is held to it by rod_doc_finish, which flattens anything
 * deeper with one warning (depth.c), so every walk over a finished book
 * recurses at most this far. 250 stays below libxml2's own limit (257
 * nested elements without XML_PARSE_HUGE) with room for the wrappers the
 * HTML, EPUB and FictionBook writers add (html, body, main; a note
 * reference's sup), so whatever rod writes, rod reads back whole. */
#define ROD_MAX_DEPTH 250

/* A text block: spec §2's unit of position. */
typedef struct rod_block {
    rod_node *node;         /* title, p, line, cite, pre, item or image */
    const char *text;       /* plain text, UTF-8, NUL-terminated; may be the
                               text of the block's only text node itself */
    size_t len;             /* bytes */
    size_t chars;           /* scalar values: the largest valid offset */
} rod_block;

typedef struct rod_pos {
    size_t block;
    size_t offset;          /* scalar values into the block's plain text */
} rod_pos;

typedef struct rod_id_entry rod_id_entry;

typedef struct rod_doc {
    rod_arena *arena;
    rod_node *root, *head, *body, *notes;
    rod_node *title;        /* head's title */
    rod_block *blocks;      /* after rod_doc_finish */
    size_t nblocks;
    size_t nodes;           /* made so far (rod_node_new) */
    size_t max_nodes;       /* 0: ROD_DOC_MIN_NODES; see rod_doc_budget */
    bool over_limit;        /* a node was refused at max_nodes */
    rod_id_entry *ids;      /* after rod_doc_finish: every id, sorted */
    size_t nids;
    bool indexed;           /* ids is up to date */
} rod_doc;

/* The nodes (elements and runs of text) a book may hold: at least
 * ROD_DOC_MIN_NODES, and one for every ROD_DOC_BYTES_PER_NODE bytes of
 * the file it was read from. A node is 112 bytes, so the model stays
 * within about four times its file; real books spend 35 to 80 bytes a
 * node and hold 30,000 to 50,000 (War and Peace), while "<p>a</p>" spends
 * four, which made a 64 MB file a book of 2 GB. */
#define ROD_DOC_MIN_NODES ((size_t)1000000)
#define ROD_DOC_BYTES_PER_NODE 32

/* Sets doc's node limit for a book read from `input_len` bytes. */
void rod_doc_budget(rod_doc *doc, size_t input_len);

/* For a reader that got ROD_ERR_NOMEM while building doc: when the cause
 * was ROD_DOC_MAX_NODES, says so in diag and returns ROD_ERR_INPUT (the
 * book is over a stated limit, not the machine out of memory); else
 * returns err unchanged. doc may be NULL. */
rod_err rod_doc_limit_err(const rod_doc *doc, rod_diag *diag, rod_err err);

/* A new book with root, head (with an empty title) and body. NULL when
 * memory runs out. */
rod_doc *rod_doc_new(void);
void rod_doc_free(rod_doc *doc);

/* Appends a child of `kind` to `parent`; NULL when memory runs out. */
rod_node *rod_node_add(rod_doc *doc, rod_node *parent, rod_kind kind);
/* Appends text to parent, merging with a text node that is already last. */
rod_node *rod_node_add_text(rod_doc *doc, rod_node *parent, const char *s, size_t n);
/* Inserts an unattached node before `before` (a child of `parent`) or at
 * the end when before is NULL. */
void rod_node_insert(rod_node *parent, rod_node *node, rod_node *before);
void rod_node_unlink(rod_node *node);
/* An unattached node. */
rod_node *rod_node_new(rod_doc *doc, rod_kind kind);
/* Arena copy of a string (NULL in, NULL out). */
const char *rod_doc_str(rod_doc *doc, const char *s);

/* The head's notes container, made on first use. */
rod_node *rod_doc_notes(rod_doc *doc);

/* The element name for a kind ("p", "noteref"...), and back; the lookup
 * returns ROD_KIND_COUNT for names the format does not define. */
const char *rod_kind_name(rod_kind kind);
rod_kind rod_kind_from_name(const char *name);

bool rod_kind_is_inline(rod_kind kind);   /* em ... br, and text */
/* Elements whose content is inline: title, p, line, cite, head's text
 * fields; item when it holds no blocks. */
bool rod_node_has_inline_content(const rod_node *node);

/* The xml:lang in force at node, or "und". */
const char *rod_node_lang(const rod_node *node);

/* The dir in force at node: its own or its nearest ancestor's, else
 * ROD_DIR_AUTO (spec §1). NULL gives ROD_DIR_AUTO. */
rod_dir rod_node_dir(const rod_node *node);
/* "ltr", "rtl", "auto"; NULL for ROD_DIR_NONE. */
const char *rod_dir_name(rod_dir dir);
/* The value of a dir attribute, matched without regard to ASCII case and
 * surrounding white space as HTML does; ROD_DIR_NONE for anything else
 * (NULL included). */
rod_dir rod_dir_from_name(const char *value);
/* The base direction of text in a language (BCP 47): ROD_DIR_RTL for the
 * languages written right to left (ar, he, fa, ur, yi...; a script subtag
 * such as -Latn overrides), else ROD_DIR_NONE. NULL gives ROD_DIR_NONE. */
rod_dir rod_lang_dir(const char *lang);

/* Depth-first successor of node inside `top` (pre-order), or NULL. */
rod_node *rod_node_next_in(const rod_node *node, const rod_node *top);

/* Flattens everything deeper than ROD_MAX_DEPTH, folds white space, wraps
 * stray inline content, numbers text blocks, computes their plain text and
 * indexes the ids. Warnings go to diag (may be NULL).
 * Returns ROD_ERR_NOMEM or ROD_OK. */
rod_err rod_doc_finish(rod_doc *doc, rod_diag *diag);
/* The first step of rod_doc_finish, on its own for tests: elements that
 * lie deeper than ROD_MAX_DEPTH give way to their content (see depth.c),
 * with one warning at the first. ROD_ERR_NOMEM or ROD_OK. */
rod_err rod_doc_flatten(rod_doc *doc, rod_diag *diag);
/* The levels an element of this kind needs below it for its content (a
 * poem two, for stanza and line; a section one; a paragraph none): it
 * fits at depth d when d + rod_kind_room(kind) <= ROD_MAX_DEPTH. */
int rod_kind_room(rod_kind kind);

/* The plain text of node's inline content (spec §2 rules: br as LF,
 * noteref as its label), appended to out. */
struct rod_buf;
void rod_node_plain_text(const rod_node *node, struct rod_buf *out);

/* "sha256:" + 64 hex digits of the book's text blocks (spec §2). */
void rod_doc_fingerprint(const rod_doc *doc, char out[72]);

/* Whitespace-separated words in every text block. */
size_t rod_doc_word_count(const rod_doc *doc);

/* Orders positions: negative, zero or positive as a is before, at or
 * after b. */
int rod_pos_cmp(rod_pos a, rod_pos b);
/* True when pos names a place in the book (offset may equal the length). */
bool rod_doc_pos_valid(const rod_doc *doc, rod_pos pos);
/* Byte index in blocks[pos.block].text for pos (which must be valid). */
size_t rod_doc_pos_byte(const rod_doc *doc, rod_pos pos);

/* The first child of `parent` of the given kind, or NULL. */
rod_node *rod_node_child(const rod_node *parent, rod_kind kind);
/* The node whose @id equals id (without '#'), or NULL; the first in
 * document order when several share it. A binary search in the index
 * rod_doc_finish builds; a walk over the whole tree before that. */
rod_node *rod_doc_find_id(const rod_doc *doc, const char *id);
/* The first node of `kind` whose @id equals id, or NULL. */
rod_node *rod_doc_find_id_of(const rod_doc *doc, const char *id, rod_kind kind);
/* (Re)builds the id index; rod_doc_finish calls it last. ROD_ERR_NOMEM
 * (the index is then absent and lookups walk the tree) or ROD_OK. */
rod_err rod_doc_index_ids(rod_doc *doc);

#endif
