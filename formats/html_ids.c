/* html_ids.c — ids and links of the HTML walk (html_map_internal.h).
 *
 * Every node made for the source goes through made(): it takes the ids of
 * the transparent elements seen just before it (an <a id> before a
 * paragraph, a <span id> alone) and its element's own, and records each as
 * "file#id" so a link from any chapter finds it. Ids are made unique across
 * the whole book by imp_ids (amortised constant time, import_common.c);
 * links are only recorded during the walk and resolved by html_map_links()
 * after the last file, when every target is known: one pass over the links
 * with hash lookups, never a search per link.
 */
#include "html_map_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "xml_tree.h"

static bool name_char(unsigned char c, bool first)
{
    return isalpha(c) || c == '_' || c >= 0x80 || (!first && (isdigit(c) || c == '-' || c == '.'));
}

/* A unique id for the book, as close to `want` as XML allows; `source`
 * tells an id of the source, whose renaming is counted for the warning,
 * from one rod makes up. */
static const char *unique_id(html_map *m, const char *want, rod_node *node, bool source)
{
    rod_buf b = ROD_BUF_INIT;
    /* "8" and "12" (HTML 4 anchors' names) may not start an XML name:
     * "_8" and "_12", not "_" and "_2", which would take each other's */
    if (*want && !name_char((unsigned char)*want, true) && name_char((unsigned char)*want, false))
        rod_buf_addc(&b, '_');
    for (const unsigned char *p = (const unsigned char *)want; *p; p++)
        rod_buf_addc(&b, name_char(*p, b.len == 0) ? (char)*p : '_');
    if (!b.data)
        rod_buf_printf(&b, "id%lu", ++m->serial);
    const char *id = NULL;
    if (!b.failed) {
        bool taken = imp_ids_owner(&m->ids, b.data) != NULL;
        id = imp_ids_unique(&m->ids, m->doc, b.data, node);
        m->renamed += taken && source;
    }
    rod_buf_free(&b);
    if (!id)
        m->failed = true;
    return id;
}

const char *hm_unique_id(html_map *m, const char *want, rod_node *node)
{
    return unique_id(m, want, node, true);
}

const char *hm_made_id(html_map *m, const char *want, rod_node *node)
{
    return unique_id(m, want, node, false);
}

static void target_put(html_map *m, const char *frag, rod_node *node)
{
    rod_buf key = ROD_BUF_INIT;
    rod_buf_adds(&key, m->file);
    if (frag) {
        rod_buf_addc(&key, '#');
        rod_buf_adds(&key, frag);
    }
    if (key.failed || (!rod_strmap_get(&m->targets, key.data) &&
                       !rod_strmap_put(&m->targets, key.data, node)))
        m->failed = true;
    rod_buf_free(&key);
}

/* Gives node the source id `id` (or, when it has one, makes `id` another
 * name for it). */
void hm_give_id(html_map *m, rod_node *node, const char *id)
{
    if (!id || !*id)
        return;
    if (!node->id)
        node->id = hm_unique_id(m, id, node);
    target_put(m, id, node);
}

const char *hm_anchor_name(xmlNode *el)
{
    return rod_xml_is(el, "a") ? rod_xml_attr(el, "name") : NULL;
}

void hm_file_start(html_map *m, rod_node *start)
{
    if (!start)
        start = m->first_node;      /* nothing left at the top: notes only */
    if (start)
        target_put(m, NULL, start);
}

void hm_pend_id(html_map *m, const char *id)
{
    if (!id || !*id)
        return;
    if (m->npending == m->cappending) {
        size_t cap = m->cappending ? m->cappending * 2 : 8;
        const char **p = realloc(m->pending, cap * sizeof *p);
        if (!p) {
            m->failed = true;
            return;
        }
        m->pending = p;
        m->cappending = cap;
    }
    m->pending[m->npending++] = id;
}

/* Every node made for the source goes through here. */
static rod_node *made(html_map *m, rod_node *node, xmlNode *el)
{
    if (!node) {
        m->failed = true;
        return NULL;
    }
    if (el)
        node->line = (unsigned)xmlGetLineNo(el) > 0 ? (unsigned)xmlGetLineNo(el) : 0;
    if (!m->first_node)
        m->first_node = node;
    m->last_node = node;
    for (size_t i = 0; i < m->npending; i++)
        hm_give_id(m, node, m->pending[i]);
    m->npending = 0;
    if (el) {
        hm_give_id(m, node, rod_xml_attr(el, "id"));
        hm_give_id(m, node, hm_anchor_name(el));
        const char *lang = rod_xml_attr_any(el, "lang");
        if (lang && *lang && !node->lang)
            node->lang = rod_doc_str(m->doc, lang);
        if (node->dir == ROD_DIR_NONE)
            node->dir = rod_dir_from_name(rod_xml_attr(el, "dir"));
    }
    return node;
}

rod_node *hm_add(html_map *m, rod_node *parent, rod_kind kind, xmlNode *el)
{
    return made(m, rod_node_add(m->doc, parent, kind), el);
}

void hm_record_link(html_map *m, rod_node *node, const char *href)
{
    rod_buf t = ROD_BUF_INIT;
    if (!html_resolve(m->file, href, &t)) {
        rod_buf_free(&t);
        node->ref = rod_doc_str(m->doc, href);     /* judged later (rod_links_clean) */
        return;
    }
    if (m->nlinks == m->caplinks) {
        size_t cap = m->caplinks ? m->caplinks * 2 : 64;
        html_link *l = realloc(m->links, cap * sizeof *l);
        if (!l) {
            m->failed = true;
            rod_buf_free(&t);
            return;
        }
        m->links = l;
        m->caplinks = cap;
    }
    m->links[m->nlinks++] = (html_link){node, rod_buf_steal(&t, NULL), m->file};
}

/* An id for the start of a file that a link names (only files' starts are
 * targets without one), made from the file's name: "OEBPS/intro.xhtml"
 * gives "intro". Made when a link needs it, so a book nothing links into
 * keeps the ids it had. */
static const char *start_id(html_map *m, const char *target, rod_node *node)
{
    const char *name = strrchr(target, '/');
    name = name ? name + 1 : target;
    size_t n = strcspn(name, ".#");
    rod_buf want = ROD_BUF_INIT;
    rod_buf_add(&want, name, n);
    const char *id = hm_made_id(m, want.data ? want.data : "start", node);
    rod_buf_free(&want);
    return id;
}

rod_node *html_map_target(const html_map *m, const char *target)
{
    return rod_strmap_get(&m->targets, target);
}

/* Names the part of the book the next warnings come from; a reader
 * called without messages (diag NULL) has none to name. */
static void set_part(html_map *m, const char *part)
{
    if (m->diag)
        m->diag->part = part;
}

/* Whether target, inside note, is the note's own start: the note itself,
 * or a place that only its label comes before ("1", "[12]", "*": at most
 * six characters besides white space, none a word of three letters). A
 * place further in (Hugo's Dutch "Les Misérables" lists its corrections
 * by page, and a page number may lead into the middle of a footnote) is a
 * cross-reference, as it is in the text: a note reference there would show
 * the page number as the note's label. */
static bool at_note_start(const rod_node *note, const rod_node *target)
{
    size_t chars = 0, run = 0;
    for (const rod_node *n = note; n && n != target; n = rod_node_next_in(n, note)) {
        if (n->kind != ROD_TEXT)
            continue;
        for (size_t i = 0; i < n->len; i++) {
            unsigned char c = (unsigned char)n->text[i];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || (c & 0xC0) == 0x80)
                continue;
            run = isalpha(c) ? run + 1 : 0;
            if (++chars > 6 || run >= 3)
                return false;
        }
    }
    return true;
}

void html_map_links(html_map *m)
{
    size_t broken = 0, moved = 0;
    for (size_t i = 0; i < m->nlinks; i++) {
        html_link *l = &m->links[i];
        rod_node *t = rod_strmap_get(&m->targets, l->target);
        char *hash = strchr(l->target, '#');
        if (!t && hash && hash != l->target) {
            /* "chapter.xhtml#missing": the chapter's start stands in, with
             * a warning; not so in a single HTML file (target "#missing"),
             * whose start is the book's */
            *hash = '\0';
            t = rod_strmap_get(&m->targets, l->target);
            if (t && moved++ < 5) {
                set_part(m, *l->from ? l->from : NULL);
                rod_warn(m->diag, l->node->line, 0, "the link to '%s#%s' names a place that is "
                         "not in the file; it leads to the file's start", l->target, hash + 1);
                set_part(m, NULL);
            }
            *hash = '#';
        }
        if (t && !t->id)
            t->id = start_id(m, l->target, t);
        if (!t || !t->id) {
            if (broken++ < 5) {
                set_part(m, *l->from ? l->from : NULL);
                rod_warn(m->diag, l->node->line, 0, "the link to '%s' leads nowhere in the book; "
                         "kept as plain text", l->target);
                set_part(m, NULL);
            }
            l->node->kind = ROD_SPAN;
            l->node->ref = NULL;
            continue;
        }
        /* a link into a note's start is a note reference to the note (a
         * link marked as one, anywhere in it); one into the middle of a
         * note's text stays a link; a link from a note back into the text
         * is its back-link, kept as text */
        rod_node *note = NULL, *from = NULL;
        for (rod_node *p = t; p && !note; p = p->parent)
            if (p->kind == ROD_NOTE)
                note = p;
        for (rod_node *p = l->node; p && !from; p = p->parent)
            if (p->kind == ROD_NOTE)
                from = p;
        if (note && !from && l->node->kind != ROD_NOTEREF && !at_note_start(note, t))
            note = NULL;
        if (from && !note) {
            l->node->kind = ROD_SPAN;
            l->node->ref = NULL;
            continue;
        }
        if (note && !from) {
            t = note;
            l->node->kind = ROD_NOTEREF;
        } else if (l->node->kind == ROD_NOTEREF) {
            l->node->kind = ROD_A;
        }
        rod_buf ref = ROD_BUF_INIT;
        rod_buf_printf(&ref, "#%s", t->id);
        l->node->ref = rod_doc_str(m->doc, ref.data);
        rod_buf_free(&ref);
    }
    if (broken > 5)
        rod_warn(m->diag, 0, 0, "%zu links lead nowhere in the book in all", broken);
    if (moved > 5)
        rod_warn(m->diag, 0, 0, "%zu links name places not in their files in all; each leads "
                 "to its file's start", moved);
    if (m->renamed)
        rod_warn(m->diag, 0, 0, "%zu ids were used more than once (across chapters); "
                 "renamed to stay unique, links follow them", m->renamed);
}
