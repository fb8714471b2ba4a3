/* sha256.c — SHA-256 for fingerprints, through nettle.
 *
 * Opening a book waits for its fingerprint, so speed matters, and nettle's
 * fat build already chooses between the x86 SHA extensions, ARM's SHA2
 * instructions and portable rounds when the library loads; rod once kept
 * its own rounds and its own SHA-NI path for that, which this replaces.
 * The wrapper stays so that the fingerprint's callers name no outside
 * library, and so the digest's hex form (nettle's base16) is made in one
 * place.
 */
#include "rod_sha256.h"

#include <nettle/base16.h>

void rod_sha256_init(rod_sha256 *ctx)
{
    sha256_init(&ctx->ctx);
}

void rod_sha256_update(rod_sha256 *ctx, const void *data, size_t len)
{
    sha256_update(&ctx->ctx, len, data);
}

void rod_sha256_final(rod_sha256 *ctx, unsigned char digest[32])
{
    sha256_digest(&ctx->ctx, SHA256_DIGEST_SIZE, digest);
}

void rod_sha256_hex(const unsigned char digest[32], char hex[65])
{
    base16_encode_update(hex, 32, digest);      /* nettle writes lower case */
    hex[64] = '\0';
}
