/* test_lua_pool.c: the Lua state's small-block pool (core/lua_pool.c):
 * blocks keep their bytes through every resize, a freed block is handed
 * out again, shrinking never fails or moves a small block, and a real
 * Lua state runs on it (a garbage-heavy script, then lua_close). Under
 * ASan the pool poisons free blocks, so a misuse here is caught too. */
#include "harness.h"
#include "lua_pool.h"

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdint.h>
#include <stdlib.h>

static void fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 7);
}

static int same(const unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)(seed + i * 7))
			return 0;
	return 1;
}

/* Every size from 1 to past the largest class, grown and shrunk across
 * the classes and across the pool's limit, keeps its bytes. */
static void resizes_keep_the_bytes(void)
{
	lede_lua_pool p = {0};
	size_t sizes[] = {1, 8, 16, 17, 100, 511, 512, 513, 4000, 300, 20, 70000, 5, 512};
	size_t n = sizeof sizes / sizeof *sizes;
	int bad = 0;
	for (unsigned seed = 0; seed < 40; seed++) {
		unsigned char *b = lede_lua_pool_realloc(&p, NULL, 5 /* LUA_TTABLE */, sizes[0]);
		fill(b, sizes[0], seed);
		for (size_t i = 1; i < n; i++) {
			size_t keep = sizes[i - 1] < sizes[i] ? sizes[i - 1] : sizes[i];
			b = lede_lua_pool_realloc(&p, b, sizes[i - 1], sizes[i]);
			if (!b || !same(b, keep, seed))
				bad++;
			if (b)
				fill(b, sizes[i], seed);
		}
		CHECK(lede_lua_pool_realloc(&p, b, sizes[n - 1], 0) == NULL);
	}
	CHECK_INT(bad, 0);
	lede_lua_pool_release(&p);
	CHECK(p.chunks == NULL && p.chunk_bytes == 0);
}

/* A freed small block comes back for the next block of its class, and
 * a shrink within the pool's sizes keeps the block where it is. */
static void freed_blocks_come_back(void)
{
	lede_lua_pool p = {0};
	void *a = lede_lua_pool_realloc(&p, NULL, 0, 40);
	void *b = lede_lua_pool_realloc(&p, NULL, 0, 40);
	CHECK(a && b && a != b);
	CHECK((uintptr_t)a % 16 == 0 && (uintptr_t)b % 16 == 0);
	lede_lua_pool_realloc(&p, a, 40, 0);
	CHECK(lede_lua_pool_realloc(&p, NULL, 0, 33) == a); /* same class: 33..48 */
	void *c = lede_lua_pool_realloc(&p, NULL, 0, 300);
	CHECK(lede_lua_pool_realloc(&p, c, 300, 20) == c); /* shrunk: stays */
	/* freed as its new size says: the 20-byte class gets it */
	lede_lua_pool_realloc(&p, c, 20, 0);
	CHECK(lede_lua_pool_realloc(&p, NULL, 0, 17) == c);
	size_t chunks = p.chunk_bytes;
	/* a million blocks made and freed in turn take no more chunks */
	for (int i = 0; i < 1000000; i++)
		lede_lua_pool_realloc(&p, lede_lua_pool_realloc(&p, NULL, 0, 1 + i % 512),
		                      1 + i % 512, 0);
	CHECK(p.chunk_bytes - chunks <= 64 * 1024);
	lede_lua_pool_release(&p);
}

static void *state_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	return lede_lua_pool_realloc(ud, ptr, osize, nsize);
}

/* A Lua state on the pool: strings, tables and closures made and
 * collected by the hundred thousand give the right answer. */
static void a_lua_state_runs_on_it(void)
{
	lede_lua_pool p = {0};
	lua_State *L = lua_newstate(state_alloc, &p);
	CHECK(L != NULL);
	if (!L)
		return;
	luaL_openlibs(L);
	const char *script = "local t, n = {}, 0\n"
	                     "for i = 1, 200000 do\n"
	                     "  local s = ('x'):rep(i % 700) .. i\n"
	                     "  t[i % 1000] = { s = s, f = function() return #s end }\n"
	                     "  n = n + t[i % 1000].f()\n"
	                     "end\n"
	                     "collectgarbage()\n"
	                     "return n\n";
	CHECK_INT(luaL_dostring(L, script), LUA_OK);
	long long want = 0;
	for (long long i = 1; i <= 200000; i++) {
		long long digits = 0;
		for (long long k = i; k; k /= 10)
			digits++;
		want += i % 700 + digits;
	}
	CHECK_INT(lua_tointeger(L, -1), want);
	lua_close(L);
	lede_lua_pool_release(&p);
}

int main(void)
{
	RUN(resizes_keep_the_bytes);
	RUN(freed_blocks_come_back);
	RUN(a_lua_state_runs_on_it);
	DONE();
}
