/* dictzip.c — random access into a dictd dictionary's text (.dict.dz).
 *
 * A .dict.dz is one gzip member whose header carries dictzip's table in
 * an extra subfield 'R','A': version (1), the uncompressed length of a
 * chunk, the number of chunks, then each chunk's compressed size (all
 * 16-bit little-endian). The compressor flushed the deflate stream fully
 * (Z_FULL_FLUSH) after every chunk, so chunk i starts at a byte boundary
 * with no history behind it and inflates alone: to read bytes
 * [offset, offset+len) we inflate only the chunks that hold them. The
 * last chunk inflated is kept, since neighbouring entries share chunks.
 * zlib does the inflating; the table is ours to read because zlib's gzip
 * interface (gzseek) can only seek by inflating from the start, which for
 * a 40 MB dictionary is what dictzip exists to avoid.
 *
 * Every number in the header is a claim to check: the table must fit in
 * the subfield, the chunks in the file, each chunk must inflate to
 * exactly the chunk length (the last one to at most that), and a request
 * must lie inside chunk count x chunk length. A file that is not gzip at
 * all is read as a plain .dict.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "lookup_internal.h"
#include "rod_lookup.h"

struct rod_dictzip {
    FILE *f;
    char *path;
    bool plain;
    uint64_t size;              /* the file's */
    /* dictzip only */
    unsigned chunk_len, nchunks;
    uint64_t *start;            /* nchunks + 1 file offsets */
    unsigned char *in;          /* one compressed chunk */
    unsigned char *out;         /* the chunk inflated last */
    long cached;                /* its number, -1 none */
    size_t cached_len;
};


static unsigned le16(const unsigned char *p)
{
    return p[0] | (unsigned)p[1] << 8;
}

/* Reads the gzip header and the RA table; leaves dz->start filled. */
static rod_lookup_err read_header(rod_dictzip *dz, char *err, size_t n)
{
    unsigned char h[10];
    if (fread(h, 1, 10, dz->f) != 10 || h[0] != 0x1f || h[1] != 0x8b) {
        dz->plain = true;
        return ROD_LOOKUP_OK;
    }
    if (h[2] != 8)
        return lookup_fail(err, n, ROD_LOOKUP_FORMAT, "%s: gzip method %u is not deflate", dz->path, h[2]);
    unsigned flags = h[3];
    if (!(flags & 4))
        return lookup_fail(err, n, ROD_LOOKUP_FORMAT,
                    "%s: gzip without dictzip's chunk table (made by gzip, not dictzip?)", dz->path);
    unsigned char xl[2];
    if (fread(xl, 1, 2, dz->f) != 2)
        return lookup_fail(err, n, ROD_LOOKUP_FORMAT, "%s: the gzip header ends early", dz->path);
    unsigned xlen = le16(xl);
    unsigned char extra[65536];
    if (fread(extra, 1, xlen, dz->f) != xlen)
        return lookup_fail(err, n, ROD_LOOKUP_FORMAT, "%s: the gzip extra field (%u bytes) passes the end", dz->path,
                    xlen);
    const unsigned char *ra = NULL;
    unsigned ralen = 0;
    for (unsigned p = 0; p + 4 <= xlen;) {
        unsigned len = le16(extra + p + 2);
        if (p + 4 + len > xlen)
            return lookup_fail(err, n, ROD_LOOKUP_FORMAT, "%s: a gzip extra subfield of %u bytes passes its field",
                        dz->path, len);
        if (extra[p] == 'R' && extra[p + 1] == 'A') {
            ra = extra + p + 4;
            ralen = len;
            break;
        }
        p += 4 + len;
    }
    if (!ra)
        return lookup_fail(err, n, ROD_LOOKUP_FORMAT, "%s: no dictzip 'RA' table in the gzip header", dz->path);
    if (ralen < 6)
        return lookup_fail(err, n, ROD_LOOKUP_FORMAT, "%s: the dictzip table is %u bytes, too short", dz->path, ralen);
    if (le16(ra) != 1)
        return lookup_fail(err, n, ROD_LOOKUP_FORMAT, "%s: dictzip version %u (only 1 is known)", dz->path, le16(ra));
    dz->chunk_len = le16(ra + 2);
    dz->nchunks = le16(ra + 4);
    if (dz->chunk_len == 0 || dz->nchunks == 0)
        return lookup_fail(err, n, ROD_LOOKUP_FORMAT, "%s: dictzip table with chunk length %u and %u chunks", dz->path,
                    dz->chunk_len, dz->nchunks);
    if (6 + 2 * (size_t)dz->nchunks > ralen)
        return lookup_fail(err, n, ROD_LOOKUP_FORMAT, "%s: the dictzip table claims %u chunks but holds %u", dz->path,
                    dz->nchunks, (ralen - 6) / 2);
    /* the optional name, comment and header CRC come before the data */
    for (unsigned bit = 8; bit <= 16; bit <<= 1) {
        if (!(flags & bit))
            continue;
        int c;
        while ((c = fgetc(dz->f)) != 0)
            if (c == EOF)
                return lookup_fail(err, n, ROD_LOOKUP_FORMAT, "%s: the gzip header's name or comment is unended",
                            dz->path);
    }
    if ((flags & 2) && fseek(dz->f, 2, SEEK_CUR) != 0)
        return lookup_fail(err, n, ROD_LOOKUP_FORMAT, "%s: the gzip header ends early", dz->path);
    long data = ftell(dz->f);
    if (data < 0)
        return lookup_fail(err, n, ROD_LOOKUP_IO, "%s: %s", dz->path, strerror(errno));
    dz->start = malloc(((size_t)dz->nchunks + 1) * sizeof *dz->start);
    dz->in = malloc(65535);
    dz->out = malloc((size_t)dz->chunk_len + 1);
    if (!dz->start || !dz->in || !dz->out)
        return lookup_fail(err, n, ROD_LOOKUP_NOMEM, "%s: out of memory", dz->path);
    dz->start[0] = (uint64_t)data;
    for (unsigned i = 0; i < dz->nchunks; i++)
        dz->start[i + 1] = dz->start[i] + le16(ra + 6 + 2 * i);
    if (dz->start[dz->nchunks] > dz->size)
        return lookup_fail(err, n, ROD_LOOKUP_FORMAT, "%s: the dictzip chunks end at byte %llu, past the file's %llu",
                    dz->path, (unsigned long long)dz->start[dz->nchunks], (unsigned long long)dz->size);
    return ROD_LOOKUP_OK;
}

rod_lookup_err rod_dictzip_open(const char *path, rod_dictzip **out, char *err, size_t n)
{
    *out = NULL;
    rod_dictzip *dz = calloc(1, sizeof *dz);
    if (!dz || !(dz->path = strdup(path))) {
        free(dz);
        return lookup_fail(err, n, ROD_LOOKUP_NOMEM, "%s: out of memory", path);
    }
    dz->cached = -1;
    rod_lookup_err e = ROD_LOOKUP_OK;
    dz->f = fopen(path, "rb");
    if (!dz->f) {
        e = lookup_fail(err, n, ROD_LOOKUP_IO, "%s: %s", path, strerror(errno));
        goto cleanup;
    }
    if (fseek(dz->f, 0, SEEK_END) != 0 || ftell(dz->f) < 0) {
        e = lookup_fail(err, n, ROD_LOOKUP_IO, "%s: cannot seek: %s", path, strerror(errno));
        goto cleanup;
    }
    dz->size = (uint64_t)ftell(dz->f);
    rewind(dz->f);
    e = read_header(dz, err, n);
cleanup:
    if (e != ROD_LOOKUP_OK) {
        rod_dictzip_free(dz);
        return e;
    }
    *out = dz;
    return ROD_LOOKUP_OK;
}

void rod_dictzip_free(rod_dictzip *dz)
{
    if (!dz)
        return;
    if (dz->f)
        fclose(dz->f);
    free(dz->path);
    free(dz->start);
    free(dz->in);
    free(dz->out);
    free(dz);
}

/* Inflates chunk i into dz->out (kept as the cache). */
static rod_lookup_err load_chunk(rod_dictzip *dz, unsigned i, char *err, size_t n)
{
    if (dz->cached == (long)i)
        return ROD_LOOKUP_OK;
    dz->cached = -1;
    size_t clen = (size_t)(dz->start[i + 1] - dz->start[i]);
    if (fseek(dz->f, (long)dz->start[i], SEEK_SET) != 0 || fread(dz->in, 1, clen, dz->f) != clen)
        return lookup_fail(err, n, ROD_LOOKUP_FORMAT, "%s: chunk %u cannot be read", dz->path, i);
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, -15) != Z_OK)
        return lookup_fail(err, n, ROD_LOOKUP_NOMEM, "%s: zlib cannot start", dz->path);
    z.next_in = dz->in;
    z.avail_in = (uInt)clen;
    z.next_out = dz->out;
    /* one byte more than a chunk holds: a chunk that inflates to more
     * than the table's chunk length fills it and is caught */
    z.avail_out = dz->chunk_len + 1;
    int r = inflate(&z, Z_SYNC_FLUSH);
    size_t got = dz->chunk_len + 1 - z.avail_out;
    const char *msg = z.msg ? z.msg : "zlib error";
    inflateEnd(&z);
    if (r != Z_OK && r != Z_STREAM_END)
        return lookup_fail(err, n, ROD_LOOKUP_FORMAT, "%s: chunk %u does not inflate (%s)", dz->path, i, msg);
    if (got > dz->chunk_len)
        return lookup_fail(err, n, ROD_LOOKUP_FORMAT, "%s: chunk %u inflates to more than the chunk length %u",
                    dz->path, i, dz->chunk_len);
    if (i + 1 < dz->nchunks && got != dz->chunk_len)
        return lookup_fail(err, n, ROD_LOOKUP_FORMAT, "%s: chunk %u inflates to %zu bytes, not the chunk length %u",
                    dz->path, i, got, dz->chunk_len);
    dz->cached = (long)i;
    dz->cached_len = got;
    return ROD_LOOKUP_OK;
}

rod_lookup_err rod_dictzip_read(rod_dictzip *dz, uint64_t offset, uint64_t len, char **out, size_t *out_len,
                                char *err, size_t n)
{
    *out = NULL;
    if (out_len)
        *out_len = 0;
    if (len > ROD_DICT_ENTRY_MAX)
        return lookup_fail(err, n, ROD_LOOKUP_FORMAT, "%s: an entry of %llu bytes is longer than %d", dz->path,
                    (unsigned long long)len, ROD_DICT_ENTRY_MAX);
    uint64_t total = dz->plain ? dz->size : (uint64_t)dz->chunk_len * dz->nchunks;
    if (offset > total || len > total - offset)
        return lookup_fail(err, n, ROD_LOOKUP_FORMAT, "%s: bytes %llu-%llu are past the end (%llu)", dz->path,
                    (unsigned long long)offset, (unsigned long long)(offset + len), (unsigned long long)total);
    char *s = malloc((size_t)len + 1);
    if (!s)
        return lookup_fail(err, n, ROD_LOOKUP_NOMEM, "%s: out of memory", dz->path);
    if (dz->plain) {
        if (fseek(dz->f, (long)offset, SEEK_SET) != 0 || fread(s, 1, (size_t)len, dz->f) != len) {
            free(s);
            return lookup_fail(err, n, ROD_LOOKUP_IO, "%s: cannot read bytes %llu-%llu", dz->path,
                        (unsigned long long)offset, (unsigned long long)(offset + len));
        }
    } else {
        size_t done = 0;
        while (done < len) {
            uint64_t at = offset + done;
            unsigned i = (unsigned)(at / dz->chunk_len);
            size_t within = (size_t)(at % dz->chunk_len);
            rod_lookup_err e = load_chunk(dz, i, err, n);
            if (e != ROD_LOOKUP_OK) {
                free(s);
                return e;
            }
            if (within >= dz->cached_len) {
                free(s);
                return lookup_fail(err, n, ROD_LOOKUP_FORMAT, "%s: byte %llu is past the end of the text", dz->path,
                            (unsigned long long)at);
            }
            size_t take = dz->cached_len - within;
            if (take > len - done)
                take = (size_t)(len - done);
            memcpy(s + done, dz->out + within, take);
            done += take;
        }
    }
    s[len] = '\0';
    *out = s;
    if (out_len)
        *out_len = (size_t)len;
    return ROD_LOOKUP_OK;
}
