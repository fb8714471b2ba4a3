/* rodnotes_write.c — the .rodnotes exchange file (spec §3), written in one
 * canonical form: two-space indentation, attributes in a fixed order,
 * annotations in the order of the set. Writing what was read gives the
 * same bytes, so a file passed between readers only changes where the
 * annotations did.
 *
 * Whatever the strings hold (a row of an old library may keep a control
 * character), only characters XML carries are written: the rest go
 * through rod_utf8_repair, so rod's own reader always reads the file back.
 */
#include <inttypes.h>
#include <string.h>

#include "rod_annot.h"
#include "rod_utf8.h"

/* Escaped XML text or attribute value, with nothing XML cannot hold. */
static void xml_text(rod_buf *out, const char *s, size_t n, bool attr)
{
    if (rod_utf8_xml_clean(s, n)) {
        rod_buf_add_xml(out, s, n, attr);
        return;
    }
    rod_buf fixed = ROD_BUF_INIT;
    rod_utf8_repair(s, n, &fixed);
    if (fixed.failed)
        out->failed = true;
    else if (fixed.len)
        rod_buf_add_xml(out, fixed.data, fixed.len, attr);
    rod_buf_free(&fixed);
}

static void attr(rod_buf *out, const char *name, const char *value)
{
    if (!value)
        return;
    rod_buf_printf(out, " %s=\"", name);
    xml_text(out, value, strlen(value), true);
    rod_buf_addc(out, '"');
}

static void pos_el(rod_buf *out, const char *name, rod_pos pos)
{
    rod_buf_printf(out, "      <%s block=\"%zu\" offset=\"%zu\"/>\n", name, pos.block, pos.offset);
}

static void text_el(rod_buf *out, const char *indent, const char *name, const char *text)
{
    rod_buf_printf(out, "%s<%s>", indent, name);
    xml_text(out, text, strlen(text), false);
    rod_buf_printf(out, "</%s>\n", name);
}

static void annotation(rod_buf *out, const rod_annot *a)
{
    rod_buf_adds(out, "  <annotation");
    attr(out, "id", a->id);
    attr(out, "type", rod_annot_type_name(a->type));
    attr(out, "reader", a->reader);
    attr(out, "color", a->color);
    attr(out, "created", a->created);
    attr(out, "modified", a->modified);
    rod_buf_adds(out, ">\n    <target>\n");
    pos_el(out, "start", a->start);
    if (a->has_end)
        pos_el(out, "end", a->end);
    if (a->quote && (a->quote[0] || a->type != ROD_ANNOT_BOOKMARK)) {
        rod_buf_adds(out, "      <quote");
        attr(out, "prefix", a->prefix ? a->prefix : "");
        attr(out, "suffix", a->suffix ? a->suffix : "");
        rod_buf_addc(out, '>');
        xml_text(out, a->quote, strlen(a->quote), false);
        rod_buf_adds(out, "</quote>\n");
    }
    rod_buf_adds(out, "    </target>\n");
    if (a->body && a->body[0]) {
        rod_buf_adds(out, "    <body>");
        const char *p = a->body;
        for (;;) {
            const char *nl = strchr(p, '\n');
            size_t n = nl ? (size_t)(nl - p) : strlen(p);
            rod_buf_adds(out, "<p>");
            xml_text(out, p, n, false);
            rod_buf_adds(out, "</p>");
            if (!nl)
                break;
            p = nl + 1;
        }
        rod_buf_adds(out, "</body>\n");
    }
    for (size_t i = 0; i < a->ntags; i++)
        text_el(out, "    ", "tag", a->tags[i]);
    rod_buf_adds(out, "  </annotation>\n");
}

void rod_notes_write(const rod_notes *set, rod_buf *out)
{
    rod_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    rod_buf_adds(out, "<annotations xmlns=\"" ROD_NOTES_NS "\" version=\"1\">\n");
    rod_buf_adds(out, "  <book");
    attr(out, "fingerprint", set->fingerprint ? set->fingerprint : "");
    attr(out, "title", set->title);
    if (set->identifier) {
        rod_buf_adds(out, ">\n    <identifier");
        attr(out, "scheme", set->id_scheme);
        rod_buf_addc(out, '>');
        xml_text(out, set->identifier, strlen(set->identifier), false);
        rod_buf_adds(out, "</identifier>\n  </book>\n");
    } else {
        rod_buf_adds(out, "/>\n");
    }
    for (size_t i = 0; i < set->n; i++)
        annotation(out, &set->items[i]);
    rod_buf_adds(out, "</annotations>\n");
}
