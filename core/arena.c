/* arena.c: chunked bump allocator; big requests get a chunk of their own so
 * the current chunk's tail is not wasted. */
#include "arena.h"

#include "buf.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_SIZE 16384

struct chunk {
	struct chunk *next;
	size_t used, size;
	alignas(max_align_t) unsigned char mem[];
};

struct lede_arena {
	struct chunk *head;
	size_t total;
	size_t *meter; /* lede_arena_meter */
	const bool *meter_on;
};

static struct chunk *chunk_new(size_t size)
{
	struct chunk *c = lede_xmalloc(sizeof *c + size);
	c->next = NULL;
	c->used = 0;
	c->size = size;
	return c;
}

lede_arena *lede_arena_new(void)
{
	lede_arena *a = lede_xcalloc(1, sizeof *a);
	return a;
}

/* n bytes at an offset that is a multiple of align (a power of two, at
 * most max_align_t's), zeroed when zero is set: strings ask for 1, so they
 * take only their bytes, and are not zeroed, as they are written whole. */
static void *alloc_as(lede_arena *a, size_t n, size_t align, bool zero)
{
	if (n == 0)
		n = 1;
	if (a->meter && *a->meter_on)
		*a->meter += n;
	struct chunk *c = a->head;
	size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
	if (!c || at > c->size || c->size - at < n) {
		if (n > CHUNK_SIZE / 4) {
			/* A dedicated chunk, linked behind the current one. */
			struct chunk *big = chunk_new(n);
			if (c) {
				big->next = c->next;
				c->next = big;
			} else {
				a->head = big;
			}
			big->used = n;
			a->total += n;
			if (zero)
				memset(big->mem, 0, n);
			return big->mem;
		}
		c = chunk_new(CHUNK_SIZE);
		c->next = a->head;
		a->head = c;
		at = 0;
	}
	void *p = c->mem + at;
	c->used = at + n;
	a->total += n;
	if (zero)
		memset(p, 0, n);
	return p;
}

static void *alloc(lede_arena *a, size_t n, size_t align) { return alloc_as(a, n, align, true); }

void *lede_arena_alloc(lede_arena *a, size_t n) { return alloc(a, n, alignof(max_align_t)); }

void *lede_arena_alloc_aligned(lede_arena *a, size_t n, size_t align)
{
	return alloc(a, n, align && align < alignof(max_align_t) ? align : alignof(max_align_t));
}

char *lede_arena_strndup(lede_arena *a, const char *s, size_t n)
{
	char *d = alloc_as(a, n + 1, 1, false);
	if (n)
		memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *lede_arena_strdup(lede_arena *a, const char *s)
{
	return lede_arena_strndup(a, s, strlen(s));
}

size_t lede_arena_used(const lede_arena *a) { return a->total; }

void lede_arena_meter(lede_arena *a, size_t *counter, const bool *on)
{
	a->meter = counter;
	a->meter_on = on;
}

void lede_arena_reset(lede_arena *a)
{
	/* one chunk of the usual size is kept, not a big request's */
	struct chunk *keep = NULL;
	for (struct chunk *c = a->head; c;) {
		struct chunk *next = c->next;
		if (!keep && c->size == CHUNK_SIZE)
			keep = c;
		else
			free(c);
		c = next;
	}
	if (keep) {
		keep->next = NULL;
		keep->used = 0;
	}
	a->head = keep;
	a->total = 0;
}

void lede_arena_free(lede_arena *a)
{
	if (!a)
		return;
	struct chunk *c = a->head;
	while (c) {
		struct chunk *next = c->next;
		free(c);
		c = next;
	}
	free(a);
}
