/* doc.c — building the document tree: nodes, links, element names.
 *
 * Nodes are doubly linked siblings with first/last child pointers so that
 * readers append in O(1) and the finishing pass can wrap a run of children
 * in a new paragraph without copying. All memory comes from the book's
 * arena (rod_arena.h); nothing here frees a node, unlinking only detaches.
 */
#include "rod_doc.h"
#include "doc_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[ROD_KIND_COUNT] = {
    [ROD_TEXT] = "#text",
    [ROD_ROOT] = "rod", [ROD_HEAD] = "head", [ROD_BODY] = "body",
    [ROD_NOTES] = "notes", [ROD_NOTE] = "note", [ROD_BINARY] = "binary",
    [ROD_SUBTITLE] = "subtitle", [ROD_CREATOR] = "creator",
    [ROD_IDENTIFIER] = "identifier", [ROD_DATE] = "date",
    [ROD_PUBLISHER] = "publisher", [ROD_SUBJECT] = "subject",
    [ROD_SERIES] = "series", [ROD_RIGHTS] = "rights",
    [ROD_DESCRIPTION] = "description", [ROD_COVER] = "cover",
    [ROD_SECTION] = "section", [ROD_TITLE] = "title", [ROD_P] = "p",
    [ROD_BREAK] = "break", [ROD_QUOTE] = "quote", [ROD_EPIGRAPH] = "epigraph",
    [ROD_POEM] = "poem", [ROD_STANZA] = "stanza", [ROD_LINE] = "line",
    [ROD_CITE] = "cite", [ROD_PRE] = "pre", [ROD_LIST] = "list",
    [ROD_ITEM] = "item", [ROD_IMAGE] = "image",
    [ROD_EM] = "em", [ROD_STRONG] = "strong", [ROD_SC] = "sc",
    [ROD_CODE] = "code", [ROD_SUP] = "sup", [ROD_SUB] = "sub",
    [ROD_DEL] = "del", [ROD_SPAN] = "span", [ROD_A] = "a",
    [ROD_NOTEREF] = "noteref", [ROD_BR] = "br",
};

const char *rod_kind_name(rod_kind kind)
{
    return kind < ROD_KIND_COUNT ? kind_names[kind] : "?";
}

/* Names sorted once for binary search; element lookup runs once per start
 * tag, so it sits on the parser's hot path. */
static rod_kind sorted[ROD_KIND_COUNT];
static size_t nsorted;

static int cmp_kind(const void *a, const void *b)
{
    return strcmp(kind_names[*(const rod_kind *)a], kind_names[*(const rod_kind *)b]);
}

static void sort_names(void)
{
    size_t n = 0;
    for (int k = ROD_ROOT; k < ROD_KIND_COUNT; k++)
        sorted[n++] = (rod_kind)k;
    qsort(sorted, n, sizeof sorted[0], cmp_kind);
    nsorted = n;
}

rod_kind rod_kind_from_name(const char *name)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sort_names);   /* batch conversion runs threads */
    size_t lo = 0, hi = nsorted;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(name, kind_names[sorted[mid]]);
        if (c == 0)
            return sorted[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return ROD_KIND_COUNT;
}

bool rod_kind_is_inline(rod_kind kind)
{
    return kind == ROD_TEXT || (kind >= ROD_EM && kind <= ROD_BR);
}

bool rod_node_has_inline_content(const rod_node *node)
{
    switch (node->kind) {
    case ROD_TITLE: case ROD_P: case ROD_LINE: case ROD_CITE:
    case ROD_SUBTITLE: case ROD_CREATOR: case ROD_IDENTIFIER: case ROD_DATE:
    case ROD_PUBLISHER: case ROD_SUBJECT: case ROD_SERIES: case ROD_RIGHTS:
        return true;
    case ROD_ITEM:
        for (const rod_node *c = node->first; c; c = c->next)
            if (!rod_kind_is_inline(c->kind))
                return false;
        return true;
    default:
        return false;
    }
}

rod_node *rod_node_new(rod_doc *doc, rod_kind kind)
{
    if (doc->nodes >= (doc->max_nodes ? doc->max_nodes : ROD_DOC_MIN_NODES)) {
        doc->over_limit = true;
        return NULL;
    }
    doc->nodes++;
    rod_node *node = rod_arena_alloc(doc->arena, sizeof *node);
    if (!node)
        return NULL;
    node->kind = kind;
    node->block = -1;
    return node;
}

void rod_node_insert(rod_node *parent, rod_node *node, rod_node *before)
{
    node->parent = parent;
    node->next = before;
    node->prev = before ? before->prev : parent->last;
    if (node->prev)
        node->prev->next = node;
    else
        parent->first = node;
    if (before)
        before->prev = node;
    else
        parent->last = node;
}

void rod_node_unlink(rod_node *node)
{
    rod_node *parent = node->parent;
    if (!parent)
        return;
    if (node->prev)
        node->prev->next = node->next;
    else
        parent->first = node->next;
    if (node->next)
        node->next->prev = node->prev;
    else
        parent->last = node->prev;
    node->parent = node->next = node->prev = NULL;
}

rod_node *rod_node_add(rod_doc *doc, rod_node *parent, rod_kind kind)
{
    rod_node *node = rod_node_new(doc, kind);
    if (node)
        rod_node_insert(parent, node, NULL);
    return node;
}

rod_node *rod_node_add_text(rod_doc *doc, rod_node *parent, const char *s, size_t n)
{
    rod_node *last = parent->last;
    if (last && last->kind == ROD_TEXT) {
        /* Merging keeps one node per run of character data, which the
         * white-space folding and the writers rely on for speed, not for
         * correctness. Text split by markup the importers drop (HTML's
         * <abbr>, <span>) arrives in many pieces: grow in place when the
         * text is the arena's newest string, so a paragraph is not copied
         * once per piece. */
        if (rod_arena_extend(doc->arena, last->text, last->len + 1, last->len + n + 1)) {
            memcpy(last->text + last->len, s, n);
            last->len += n;
            last->text[last->len] = '\0';
            return last;
        }
        char *joined = rod_arena_alloc(doc->arena, last->len + n + 1);
        if (!joined)
            return NULL;
        memcpy(joined, last->text, last->len);
        memcpy(joined + last->len, s, n);
        last->text = joined;
        last->len += n;
        return last;
    }
    rod_node *node = rod_node_add(doc, parent, ROD_TEXT);
    if (!node)
        return NULL;
    node->text = rod_arena_strndup(doc->arena, s, n);
    if (!node->text)
        return NULL;
    node->len = n;
    return node;
}

const char *rod_doc_str(rod_doc *doc, const char *s)
{
    return s ? rod_arena_strdup(doc->arena, s) : NULL;
}

void rod_doc_budget(rod_doc *doc, size_t input_len)
{
    size_t n = input_len / ROD_DOC_BYTES_PER_NODE;
    doc->max_nodes = n > ROD_DOC_MIN_NODES ? n : ROD_DOC_MIN_NODES;
}

rod_err rod_doc_limit_err(const rod_doc *doc, rod_diag *diag, rod_err err)
{
    if (err != ROD_ERR_NOMEM || !doc || !doc->over_limit)
        return err;
    rod_error(diag, 0, 0, "the book holds more than %zu elements and runs of text, rod's limit "
              "for a file of its size (one for every %d bytes, at least %zu)",
              doc->max_nodes ? doc->max_nodes : ROD_DOC_MIN_NODES, ROD_DOC_BYTES_PER_NODE,
              ROD_DOC_MIN_NODES);
    return ROD_ERR_INPUT;
}

rod_doc *rod_doc_new(void)
{
    rod_doc *doc = calloc(1, sizeof *doc);
    if (!doc)
        return NULL;
    doc->arena = rod_arena_new();
    if (!doc->arena)
        goto fail;
    doc->root = rod_node_new(doc, ROD_ROOT);
    if (!doc->root)
        goto fail;
    doc->head = rod_node_add(doc, doc->root, ROD_HEAD);
    doc->body = doc->head ? rod_node_add(doc, doc->root, ROD_BODY) : NULL;
    doc->title = doc->body ? rod_node_add(doc, doc->head, ROD_TITLE) : NULL;
    if (!doc->title)
        goto fail;
    return doc;
fail:
    rod_doc_free(doc);
    return NULL;
}

void rod_doc_free(rod_doc *doc)
{
    if (!doc)
        return;
    rod_arena_free(doc->arena);
    free(doc->blocks);
    free(doc->ids);
    free(doc);
}

rod_node *rod_doc_notes(rod_doc *doc)
{
    if (!doc->notes) {
        doc->notes = rod_node_new(doc, ROD_NOTES);
        if (doc->notes)
            rod_node_insert(doc->root, doc->notes, doc->body->next);
    }
    return doc->notes;
}

const char *rod_node_lang(const rod_node *node)
{
    for (; node; node = node->parent)
        if (node->lang)
            return node->lang;
    return "und";
}

rod_node *rod_node_next_in(const rod_node *node, const rod_node *top)
{
    if (node->first)
        return node->first;
    while (node && node != top) {
        if (node->next)
            return node->next;
        node = node->parent;
    }
    return NULL;
}

rod_node *rod_node_child(const rod_node *parent, rod_kind kind)
{
    for (rod_node *c = parent->first; c; c = c->next)
        if (c->kind == kind)
            return c;
    return NULL;
}

/* The id index: every node with an id, sorted by id and, among equal
 * ids, by document order, so a lookup is a binary search for the first.
 * A sorted array rather than a hash table: one allocation, no copies of
 * the keys, and equal ids stay together for rod_doc_find_id_of. */
struct rod_id_entry {
    rod_node *node;
    size_t order;
};

static int cmp_entry(const void *a, const void *b)
{
    const rod_id_entry *x = a, *y = b;
    int c = strcmp(x->node->id, y->node->id);
    if (c)
        return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

rod_err rod_doc_index_ids(rod_doc *doc)
{
    free(doc->ids);
    doc->ids = NULL;
    doc->nids = 0;
    doc->indexed = false;
    size_t n = 0, cap = 0;
    rod_id_entry *v = NULL;
    for (rod_node *k = doc->root; k; k = rod_node_next_in(k, doc->root)) {
        if (!k->id)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            rod_id_entry *more = realloc(v, cap * sizeof *more);
            if (!more) {
                free(v);
                return ROD_ERR_NOMEM;
            }
            v = more;
        }
        v[n] = (rod_id_entry){k, n};
        n++;
    }
    if (n)
        qsort(v, n, sizeof *v, cmp_entry);
    doc->ids = v;
    doc->nids = n;
    doc->indexed = true;
    return ROD_OK;
}

rod_node *rod_doc_find_id_of(const rod_doc *doc, const char *id, rod_kind kind)
{
    if (!id)
        return NULL;
    if (!doc->indexed) {
        for (rod_node *n = doc->root; n; n = rod_node_next_in(n, doc->root))
            if (n->id && strcmp(n->id, id) == 0 && (kind == ROD_KIND_COUNT || n->kind == kind))
                return n;
        return NULL;
    }
    size_t lo = 0, hi = doc->nids;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(doc->ids[mid].node->id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < doc->nids && strcmp(doc->ids[lo].node->id, id) == 0; lo++)
        if (kind == ROD_KIND_COUNT || doc->ids[lo].node->kind == kind)
            return doc->ids[lo].node;
    return NULL;
}

rod_node *rod_doc_find_id(const rod_doc *doc, const char *id)
{
    return rod_doc_find_id_of(doc, id, ROD_KIND_COUNT);
}

/* ---- ids of removed elements ------------------------------------------------ */

void id_moves_hand(id_moves *mv, const char *id, rod_node *heir)
{
    if (!id)
        return;
    if (!heir->id) {
        heir->id = id;
        return;
    }
    if (!rod_strmap_put(&mv->moved, id, (void *)heir->id))
        mv->failed = true;
}

rod_err id_moves_finish(id_moves *mv, rod_doc *doc)
{
    for (rod_node *n = doc->root; n && mv->moved.n && !mv->failed;
         n = rod_node_next_in(n, doc->root)) {
        if (!n->ref || n->ref[0] != '#')
            continue;
        const char *to = rod_strmap_get(&mv->moved, n->ref + 1);
        if (!to)
            continue;
        size_t len = strlen(to) + 2;
        char *r = rod_arena_alloc(doc->arena, len);
        if (!r) {
            mv->failed = true;
            break;
        }
        r[0] = '#';
        memcpy(r + 1, to, len - 1);
        n->ref = r;
    }
    rod_strmap_free(&mv->moved);
    return mv->failed ? ROD_ERR_NOMEM : ROD_OK;
}
