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

/* A unique id for the book, as close to `want` as XML allows. */
const char *hm_unique_id(html_map *m, const char *want, rod_node *node)
{
    rod_buf b = ROD_BUF_INIT;
    for (const unsigned char *p = (const unsigned char *)want; *p; p++)
        rod_buf_addc(&b, name_char(*p, b.len == 0) ? (char)*p : '_');
    if (!b.data)
        rod_buf_printf(&b, "id%lu", ++m->serial);
    const char *id = NULL;
    if (!b.failed) {
        bool taken = imp_ids_owner(&m->ids, b.data) != NULL;
        id = imp_ids_unique(&m->ids, m->doc, b.data, node);
        m->renamed += taken;
    }
    rod_buf_free(&b);
    if (!id)
        m->failed = true;
    return id;
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
    if (!m->first_node) {
        m->first_node = node;
        target_put(m, NULL, node);
    }
    m->last_node = node;
    for (size_t i = 0; i < m->npending; i++)
        hm_give_id(m, node, m->pending[i]);
    m->npending = 0;
    if (el) {
        hm_give_id(m, node, rod_xml_attr(el, "id"));
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
    m->links[m->nlinks++] = (html_link){node, rod_buf_steal(&t, NULL)};
}

rod_node *html_map_target(const html_map *m, const char *target)
{
    return rod_strmap_get(&m->targets, target);
}

void html_map_links(html_map *m)
{
    size_t broken = 0;
    for (size_t i = 0; i < m->nlinks; i++) {
        html_link *l = &m->links[i];
        rod_node *t = rod_strmap_get(&m->targets, l->target);
        if (!t) {
            /* "file#missing": the file itself will do */
            char *hash = strchr(l->target, '#');
            if (hash) {
                *hash = '\0';
                t = rod_strmap_get(&m->targets, l->target);
                *hash = '#';
            }
        }
        if (!t || !t->id) {
            if (broken++ < 5)
                rod_warn(m->diag, l->node->line, 0, "the link to '%s' leads nowhere in the book; "
                         "kept as plain text", l->target);
            l->node->kind = ROD_SPAN;
            l->node->ref = NULL;
            continue;
        }
        /* a link into a note is a note reference to the note; a link from
         * a note back into the text is its back-link, kept as text */
        rod_node *note = NULL, *from = NULL;
        for (rod_node *p = t; p && !note; p = p->parent)
            if (p->kind == ROD_NOTE)
                note = p;
        for (rod_node *p = l->node; p && !from; p = p->parent)
            if (p->kind == ROD_NOTE)
                from = p;
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
    if (m->renamed)
        rod_warn(m->diag, 0, 0, "%zu ids were used more than once (across chapters); "
                 "renamed to stay unique, links follow them", m->renamed);
}
