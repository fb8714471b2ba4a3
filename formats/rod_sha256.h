/* rod_sha256.h — SHA-256 (FIPS 180-4), for book fingerprints (spec §2).
 *
 * Streaming: init, update any number of times, final. No allocation, no
 * errors. Written here rather than taken from a crypto library because the
 * fingerprint is the only hash rod needs and it is not a security boundary.
 * On x86 processors with the SHA extensions init picks the instructions
 * (a book hashes about five times faster, which opening a book waits for);
 * elsewhere the portable rounds run. Both give the same digest.
 */
#ifndef ROD_SHA256_H
#define ROD_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct rod_sha256 {
    uint32_t state[8];
    uint64_t length;        /* bytes hashed so far */
    unsigned char block[64];
    size_t fill;            /* bytes waiting in block */
    bool ni;                /* the SHA extensions do the rounds */
} rod_sha256;

void rod_sha256_init(rod_sha256 *ctx);
/* After init: the portable rounds even where the SHA extensions exist
 * (the tests compare the two). */
void rod_sha256_portable(rod_sha256 *ctx);
void rod_sha256_update(rod_sha256 *ctx, const void *data, size_t len);
void rod_sha256_final(rod_sha256 *ctx, unsigned char digest[32]);

/* Lower-case hex of a digest: 64 characters and a NUL. */
void rod_sha256_hex(const unsigned char digest[32], char hex[65]);

#endif
