/* lua_pool.h: small blocks for one Lua state. A Lua state allocates and
 * frees small objects (strings, tables, closures) by the million; glibc's
 * malloc, shared with the article arenas and the collection records that
 * live across the whole build, gets slower as its heap fills (at 100k
 * articles a Lua allocation cost twice what it did at 10k). The pool keeps
 * freed blocks of each size on a list of their own and hands them out
 * again; larger blocks go to malloc. Lua tells the allocator the size of
 * every block it frees or resizes, so a block needs no header.
 * Not thread-safe: one pool per Lua state, as a state has one thread. */
#ifndef LEDE_LUA_POOL_H
#define LEDE_LUA_POOL_H

#include <stddef.h>

#define LEDE_LUA_POOL_STEP    16 /* block sizes: 16, 32, ..., LEDE_LUA_POOL_MAX */
#define LEDE_LUA_POOL_MAX     512
#define LEDE_LUA_POOL_CLASSES (LEDE_LUA_POOL_MAX / LEDE_LUA_POOL_STEP)

typedef struct lede_lua_pool {
	void *free[LEDE_LUA_POOL_CLASSES]; /* freed blocks, each holding the next */
	char *next, *end;                  /* the current chunk's bytes not yet handed out */
	void *chunks;                      /* every chunk, each holding the one made before */
	size_t chunk_bytes;                /* what the chunks hold in all */
} lede_lua_pool;

/* Lua's allocator contract (lua_Alloc) for pool p: ptr of old size osize
 * (ignored when ptr is NULL) resized to nsize; nsize 0 frees it and
 * returns NULL. Never fails when nsize <= osize. A zeroed pool is empty
 * and ready. */
void *lede_lua_pool_realloc(lede_lua_pool *p, void *ptr, size_t osize, size_t nsize);

/* Frees every chunk; call it after lua_close, which returns the blocks.
 * The pool is empty and ready again. */
void lede_lua_pool_release(lede_lua_pool *p);

#endif
