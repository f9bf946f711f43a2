/* digest.c: see digest.h. */
#include "digest.h"

#include "buf.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

struct lede_digest {
	XXH3_state_t *st;
	bool wide; /* 128 bits (lede_digest_new), else 64 */
};

static void hex_of(XXH128_hash_t h, char hex[LEDE_DIGEST_HEX])
{
	snprintf(hex, LEDE_DIGEST_HEX, "%016llx%016llx", (unsigned long long)h.high64,
	         (unsigned long long)h.low64);
}

void lede_digest_of(const void *data, size_t n, char hex[LEDE_DIGEST_HEX])
{
	hex_of(XXH3_128bits(n ? data : "", n), hex);
}

static lede_digest *digest_new(bool wide)
{
	lede_digest *d = lede_xmalloc(sizeof *d);
	d->st = XXH3_createState();
	if (!d->st) {
		fprintf(stderr, "lede: out of memory (a digest's state)\n");
		abort();
	}
	d->wide = wide;
	if (wide)
		XXH3_128bits_reset(d->st);
	else
		XXH3_64bits_reset(d->st);
	return d;
}

lede_digest *lede_digest_new(void) { return digest_new(true); }

lede_digest *lede_digest64_new(void) { return digest_new(false); }

void lede_digest_bytes(lede_digest *d, const void *p, size_t n)
{
	if (!n)
		return;
	if (d->wide)
		XXH3_128bits_update(d->st, p, n);
	else
		XXH3_64bits_update(d->st, p, n);
}

unsigned long long lede_digest64_end(lede_digest *d)
{
	unsigned long long h = (unsigned long long)XXH3_64bits_digest(d->st);
	XXH3_freeState(d->st);
	free(d);
	return h;
}

void lede_digest_put(lede_digest *d, const void *p, size_t n)
{
	uint64_t len = n;
	lede_digest_bytes(d, &len, sizeof len);
	lede_digest_bytes(d, p, n);
}

void lede_digest_put_str(lede_digest *d, const char *s)
{
	if (s)
		lede_digest_put(d, s, strlen(s));
	else
		lede_digest_put(d, "\1", 1); /* NULL: a string a field cannot hold */
}

void lede_digest_put_date(lede_digest *d, const lede_date *date)
{
	const int f[] = {date->year, date->month, date->day,    date->hour,     date->min,
	                 date->sec,  date->nsec,  date->offset, date->has_time, date->has_zone};
	lede_digest_put(d, f, sizeof f);
}

void lede_digest_end(lede_digest *d, char hex[LEDE_DIGEST_HEX])
{
	hex_of(XXH3_128bits_digest(d->st), hex);
	XXH3_freeState(d->st);
	free(d);
}

unsigned long long lede_digest64(const void *data, size_t n)
{
	return (unsigned long long)XXH3_64bits(n ? data : "", n);
}
