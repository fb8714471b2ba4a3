/* html_map_internal.h — the stages of html_map.c's walk, shared between
 * its files; not used outside them. One walk turns an HTML or XHTML tree
 * into the book's blocks:
 *   html_map.c       the entry points: init, free, one document's body
 *   html_ids.c       ids and links: every node made goes through hm_add or
 *                    hm_made, which give it the source ids waiting for it
 *   html_classify.c  what an element is: notes, poems, headings, scene
 *                    breaks, skipped parts, the small-caps rules of CSS
 *   html_inline.c    the inline walk over a paragraph's content
 *   html_blocks.c    the block walk: sections and loose headings, quotes,
 *                    lists, tables, images
 *   html_poem.c      verse: stanzas and lines, from markup or line breaks
 *   html_notes.c     notes lifted out of the text into the book's notes
 * Ownership is html_map.h's: nodes go into the document's arena, the map
 * owns its tables. Out of memory sets m->failed; the walk then stops.
 */
#ifndef ROD_HTML_MAP_INTERNAL_H
#define ROD_HTML_MAP_INTERNAL_H

#include "html_map.h"

/* What the block walk appends to. */
typedef struct blk {
    rod_node *container;
    rod_node *loose[7];     /* sections opened by loose headings, by level */
    rod_node *para;         /* implicit paragraph for stray inline content */
    rod_node *poem;         /* poem receiving stanzas (poem mode) */
    bool poem_mode;
} blk;

/* ---- ids and links (html_ids.c) ---- */
/* A unique id for the book, as close to `want` as XML allows; NULL when
 * memory runs out. */
const char *hm_unique_id(html_map *m, const char *want, rod_node *node);
/* The same for an id rod makes up (a note's, a file's start): taking
 * another name when `want` is taken is no renaming of the source's. */
const char *hm_made_id(html_map *m, const char *want, rod_node *node);
/* Gives node the source id `id` (or, when it has one, makes `id` another
 * name for it). NULL or "" does nothing. */
void hm_give_id(html_map *m, rod_node *node, const char *id);
/* The name of an <a name="…"> anchor (HTML 4's link target), else NULL. */
const char *hm_anchor_name(xmlNode *el);
/* Makes start (the first node the file left at the top, or NULL) the
 * target of links to the file being mapped, with no fragment. */
void hm_file_start(html_map *m, rod_node *start);
/* Keeps `id` (borrowed from the tree) for the next node made. */
void hm_pend_id(html_map *m, const char *id);
/* A new node of `kind` under parent for element el (may be NULL), given
 * its line, language and waiting ids; NULL when memory runs out. */
rod_node *hm_add(html_map *m, rod_node *parent, rod_kind kind, xmlNode *el);
/* Records a link or note reference to resolve in html_map_links; an
 * absolute href is kept for rod_links_clean to judge. */
void hm_record_link(html_map *m, rod_node *node, const char *href);

/* ---- classification (html_classify.c) ---- */
bool hm_has_type(xmlNode *el, const char *word);
bool hm_has_class(xmlNode *el, const char *word);
bool hm_is_noteref(xmlNode *el);
/* A verse line's number (class lnum, linenum, line-number). */
bool hm_is_line_number(xmlNode *el);
/* 1-6 for h1-h6, else 0. */
int hm_heading_level(const char *name);
bool hm_is_note(xmlNode *el);
bool hm_is_poem(xmlNode *el);
bool hm_is_cite_el(xmlNode *el, const char *name);
/* Parts never shown: head, script, style, navigation, page numbers... */
bool hm_is_skipped(html_map *m, xmlNode *el, const char *name);
/* Whether a CSS rule the map learnt sets small caps on el. */
bool hm_small_caps(html_map *m, xmlNode *el, const char *name);
bool hm_is_space_text(const char *s);
bool hm_has_block_child(xmlNode *el);
bool hm_is_scene_break(xmlNode *el);
/* The heading level a grouping element (hgroup, header) gives, or 0. */
int hm_group_level(xmlNode *el);
bool hm_section_is_empty(const rod_node *s);
/* A section marked epub:type="titlepage", mapped: its text blocks that
 * only restate the head's title and creators go, with a warning
 * (html_front.c). */
void hm_title_page(html_map *m, rod_node *sec);
/* The image <img> (or <svg>'s <image>) names, from src, added to parent
 * when the hook gives its binary; NULL (nothing added) otherwise. An
 * image added inside text is made a block where it stands by
 * imp_finish (inline_images.c). */
rod_node *hm_image(html_map *m, xmlNode *img, rod_node *parent, const char *src);
/* The only image inside el, or NULL. */
xmlNode *hm_lone_image(xmlNode *el);
/* The href of an <svg> that only wraps an <image>, or NULL. */
const char *hm_svg_image_href(xmlNode *svg);

/* ---- inline walk (html_inline.c) ---- */
void hm_add_text(html_map *m, rod_node *parent, const char *s, size_t n);
void hm_add_entity(html_map *m, rod_node *parent, xmlNode *ref);
void hm_map_inline_el(html_map *m, xmlNode *el, rod_node *parent);
void hm_map_inlines(html_map *m, xmlNode *first, rod_node *parent);

/* ---- block walk (html_blocks.c) ---- */
/* Where blocks go now: the innermost open section or the container. */
rod_node *hm_dest(blk *b);
bool hm_takes_sections(const rod_node *n);
/* Ends the implicit paragraph, if one is open. */
void hm_end_para(blk *b);
/* A title's content from a heading element; *first tells whether the
 * title is still empty. el's own id is not given here: the caller made a
 * node for el (hm_add), which holds it; ids of elements inside el name
 * the title. */
void hm_title_from(html_map *m, xmlNode *el, rod_node *title, bool *first);
void hm_heading(html_map *m, xmlNode *el, int level, blk *b);
void hm_map_blocks(html_map *m, xmlNode *first, blk *b);

/* ---- verse (html_poem.c) ---- */
void hm_map_poem(html_map *m, xmlNode *el, blk *b);
void hm_poem_child(html_map *m, xmlNode *c, blk *b);
void hm_close_poem(blk *b);
bool hm_has_words(const rod_node *n);
/* A verse line's number inside parent's text, set apart from the words
 * around it. */
void hm_line_number(html_map *m, xmlNode *el, rod_node *parent);

/* ---- notes (html_notes.c) ---- */
void hm_map_note(html_map *m, xmlNode *el);

#endif
