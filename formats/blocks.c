/* blocks.c — what spec §2 defines on a finished book: plain text, positions,
 * the fingerprint, word counts.
 *
 * Other programs check these values, so the rules are followed literally:
 * br is U+000A, a noteref is its label, an image is U+FFFC, blocks are
 * joined by U+000A for the fingerprint, and offsets count scalar values,
 * not bytes or UTF-16 units.
 */
#include "rod_doc.h"

#include <string.h>

#include "rod_buf.h"
#include "rod_sha256.h"
#include "rod_utf8.h"

void rod_node_plain_text(const rod_node *node, rod_buf *out)
{
    for (const rod_node *n = node->first; n; n = rod_node_next_in(n, node)) {
        if (n->kind == ROD_TEXT)
            rod_buf_add(out, n->text, n->len);
        else if (n->kind == ROD_BR)
            rod_buf_addc(out, '\n');
        else if (n->kind == ROD_IMAGE)
            rod_buf_add_cp(out, 0xFFFC);
    }
}

void rod_doc_fingerprint(const rod_doc *doc, char out[72])
{
    rod_sha256 ctx;
    rod_sha256_init(&ctx);
    for (size_t i = 0; i < doc->nblocks; i++) {
        if (i)
            rod_sha256_update(&ctx, "\n", 1);
        rod_sha256_update(&ctx, doc->blocks[i].text, doc->blocks[i].len);
    }
    unsigned char digest[32];
    rod_sha256_final(&ctx, digest);
    memcpy(out, "sha256:", 7);
    rod_sha256_hex(digest, out + 7);
}

size_t rod_doc_word_count(const rod_doc *doc)
{
    size_t words = 0;
    for (size_t i = 0; i < doc->nblocks; i++) {
        const char *s = doc->blocks[i].text;
        bool in_word = false;
        for (size_t j = 0; j < doc->blocks[i].len; j++) {
            char c = s[j];
            bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' ||
                         c == '\v' || c == '\f';
            if (!space && !in_word)
                words++;
            in_word = !space;
        }
    }
    return words;
}

bool rod_doc_pos_valid(const rod_doc *doc, rod_pos pos)
{
    return pos.block < doc->nblocks && pos.offset <= doc->blocks[pos.block].chars;
}

size_t rod_doc_pos_byte(const rod_doc *doc, rod_pos pos)
{
    const rod_block *b = &doc->blocks[pos.block];
    return rod_utf8_byte_at(b->text, b->len, pos.offset);
}

int rod_pos_cmp(rod_pos a, rod_pos b)
{
    if (a.block != b.block)
        return a.block < b.block ? -1 : 1;
    if (a.offset != b.offset)
        return a.offset < b.offset ? -1 : 1;
    return 0;
}
