/* lua_pool.c: small blocks for one Lua state; see lua_pool.h. */
#include "lua_pool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Under AddressSanitizer, a block on a free list and the chunk's bytes not
 * yet handed out are poisoned: a use after free of a Lua object is caught
 * as it is with malloc. */
#if defined(__SANITIZE_ADDRESS__)
#define POOL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POOL_ASAN 1
#endif
#endif
#ifdef POOL_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n)   ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n)   ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* 64 KB a chunk: some 4,000 of the smallest blocks, one malloc. */
#define CHUNK (64 * 1024)

/* The class of a block of n bytes (1 <= n <= LEDE_LUA_POOL_MAX) and the
 * size of that class's blocks. */
static size_t class_of(size_t n) { return (n - 1) / LEDE_LUA_POOL_STEP; }
static size_t class_size(size_t c) { return (c + 1) * LEDE_LUA_POOL_STEP; }
static int small(size_t n) { return n <= LEDE_LUA_POOL_MAX; }

/* A block of class c: a freed one, or the next of the chunk. */
static void *take(lede_lua_pool *p, size_t c)
{
	size_t size = class_size(c);
	void *b = p->free[c];
	if (b) {
		UNPOISON(b, size);
		memcpy(&p->free[c], b, sizeof(void *));
		return b;
	}
	if ((size_t)(p->end - p->next) < size) {
		/* What is left of the chunk (less than a block of this class)
		 * goes to the free list of the class it fills, so no byte is
		 * lost; then a new chunk. */
		size_t left = (size_t)(p->end - p->next);
		if (left >= LEDE_LUA_POOL_STEP) {
			size_t lc = left / LEDE_LUA_POOL_STEP - 1;
			UNPOISON(p->next, sizeof(void *));
			memcpy(p->next, &p->free[lc], sizeof(void *));
			POISON(p->next, class_size(lc));
			p->free[lc] = p->next;
		}
		char *chunk = malloc(CHUNK);
		if (!chunk)
			return NULL;
		memcpy(chunk, &p->chunks, sizeof(void *));
		p->chunks = chunk;
		p->chunk_bytes += CHUNK;
		/* the link to the chunk before, then blocks aligned as malloc's */
		p->next = chunk + LEDE_LUA_POOL_STEP;
		p->end = chunk + CHUNK;
		POISON(p->next, (size_t)(p->end - p->next));
	}
	b = p->next;
	p->next += size;
	UNPOISON(b, size);
	return b;
}

/* Block b of n bytes is free: a small one joins its class's list (the
 * class its size says: a block kept when Lua shrank it is larger than
 * that, never smaller). */
static void put(lede_lua_pool *p, void *b, size_t n)
{
	if (!small(n)) {
		free(b);
		return;
	}
	size_t c = class_of(n);
	memcpy(b, &p->free[c], sizeof(void *));
	POISON(b, class_size(c));
	p->free[c] = b;
}

void *lede_lua_pool_realloc(lede_lua_pool *p, void *ptr, size_t osize, size_t nsize)
{
	size_t old = ptr ? osize : 0; /* for a new block, osize is the object's type */
	if (nsize == 0) {
		if (ptr)
			put(p, ptr, old);
		return NULL;
	}
	if (ptr && small(old)) {
		/* the block is a pool block: it already holds nsize bytes when
		 * nsize is of its class or below (Lua's shrinking must not fail:
		 * the block stays, and is freed later as its new size says) */
		if (nsize <= class_size(class_of(old)))
			return ptr;
	} else if (ptr && !small(nsize)) {
		return realloc(ptr, nsize); /* malloc's, and stays so */
	}
	void *q = small(nsize) ? take(p, class_of(nsize)) : malloc(nsize);
	if (!q) {
		/* a malloc block shrunk into the pool's sizes when the pool
		 * could not grow: it stays, and is later freed onto a list as
		 * a small one (it is at least that large) */
		return ptr && nsize < old ? ptr : NULL;
	}
	if (ptr) {
		memcpy(q, ptr, old < nsize ? old : nsize);
		put(p, ptr, old);
	}
	return q;
}

void lede_lua_pool_release(lede_lua_pool *p)
{
	void *c = p->chunks;
	while (c) {
		void *before;
		UNPOISON(c, CHUNK);
		memcpy(&before, c, sizeof before);
		free(c);
		c = before;
	}
	memset(p, 0, sizeof *p);
}
