/* digest.h: the digests incremental builds and shards compare: XXH3, 128
 * bits, in hex (libxxhash). They tell inputs and records apart from their
 * last build's; none guards against an adversary (one who can write the
 * site's files has no use for a collision), so the speed of a
 * non-cryptographic hash is taken (GLib's SHA-256 and MD5 took 3.5% of a
 * full 10k build's thread time, XXH3 takes 0.5%). */
#ifndef LEDE_DIGEST_H
#define LEDE_DIGEST_H

#include "date.h"

#include <stddef.h>

/* hex: 32 hex digits and a NUL. */
#define LEDE_DIGEST_HEX 33

typedef struct lede_digest lede_digest;

/* The digest of data[0..n) in hex. */
void lede_digest_of(const void *data, size_t n, char hex[LEDE_DIGEST_HEX]);
/* A digest made of fields: each is put as its length and its bytes, so
 * that no two lists of fields hash alike. */
lede_digest *lede_digest_new(void);
void lede_digest_put(lede_digest *d, const void *p, size_t n);
/* A string field; NULL is a value no string can take. */
void lede_digest_put_str(lede_digest *d, const char *s);
/* A date field: every part of it, offset and flags included. */
void lede_digest_put_date(lede_digest *d, const lede_date *date);
/* Writes the digest to hex and frees d. */
void lede_digest_end(lede_digest *d, char hex[LEDE_DIGEST_HEX]);
/* A 64-bit hash of data[0..n), for the content of written files: not
 * stable across lede versions (lede_hash, FNV-1a, is the stable one). */
unsigned long long lede_digest64(const void *data, size_t n);
/* The same, of bytes that come a piece at a time: new, then the pieces
 * (raw bytes, no lengths), then end, which frees d. */
lede_digest *lede_digest64_new(void);
void lede_digest_bytes(lede_digest *d, const void *p, size_t n);
unsigned long long lede_digest64_end(lede_digest *d);

#endif
