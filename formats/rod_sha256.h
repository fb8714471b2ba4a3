/* rod_sha256.h — SHA-256 (FIPS 180-4), for book fingerprints (spec §2).
 *
 * Streaming: init, update any number of times, final. No allocation, no
 * errors. The rounds are nettle's (sha256.c is the one file that calls
 * it): Debian builds nettle "fat", so it picks the processor's SHA
 * instructions at run time where they exist (War and Peace hashes in about
 * 3 ms instead of 15), and the portable rounds elsewhere.
 */
#ifndef ROD_SHA256_H
#define ROD_SHA256_H

#include <stddef.h>

#include <nettle/sha2.h>

typedef struct rod_sha256 {
    struct sha256_ctx ctx;
} rod_sha256;

void rod_sha256_init(rod_sha256 *ctx);
void rod_sha256_update(rod_sha256 *ctx, const void *data, size_t len);
/* Writes the digest; ctx is then spent (init it again to reuse it). */
void rod_sha256_final(rod_sha256 *ctx, unsigned char digest[32]);

/* Lower-case hex of a digest: 64 characters and a NUL. */
void rod_sha256_hex(const unsigned char digest[32], char hex[65]);

#endif
