/* sandbox.c: running plugins that are not trusted. A sandboxed plugin gets
 * an _ENV built from an allow-list (no io, os.execute, package, require,
 * debug, load of bytecode), in which reading an undefined global raises;
 * each of its calls runs under an instruction budget, enforced by a count
 * hook that keeps raising once the budget is spent (so the plugin's own
 * pcall cannot swallow it), and a memory budget enforced by the state's
 * counting allocator. Modelled on Redis's script sandbox. */
#include "engine.h"
#include "luapattern.h"

#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How often the count hook runs, in VM instructions. */
#define HOOK_EVERY 1000

void *lede_lua_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	lede_engine *e = ud;
	if (nsize == 0) {
		free(ptr);
		if (ptr)
			e->mem_used -= osize;
		return NULL;
	}
	size_t old = ptr ? osize : 0;
	/* Only growth counts against a sandbox's budget. */
	if (e->sbx_active && nsize > old && e->sbx_mem_limit &&
	    e->mem_used + (nsize - old) > e->sbx_mem_base + e->sbx_mem_limit) {
		e->sbx_mem_exceeded = true;
		return NULL;
	}
	void *q = realloc(ptr, nsize);
	if (q)
		e->mem_used = e->mem_used - old + nsize;
	return q;
}

static void count_hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	lede_engine *e = lede_lua_engine(L);
	if (!e || !e->sbx_active)
		return;
	e->sbx_count += e->sbx_exceeded ? 1 : HOOK_EVERY;
	if (e->sbx_count <= e->sbx_limit && !e->sbx_exceeded)
		return;
	if (!e->sbx_exceeded) {
		e->sbx_exceeded = true;
		/* From now on raise at every instruction: a pcall in the plugin
		 * catches one error, the next instruction raises again. */
		lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
	}
	luaL_error(L, "instruction budget of %I instructions exceeded", (lua_Integer)e->sbx_limit);
}

/* String patterns match in C where the count hook never fires: the matcher
 * charges its steps here, one instruction each (luapattern.c). */
int lede_sandbox_pattern_charge(lua_State *L, void *ud, unsigned long steps)
{
	lede_engine *e = ud;
	if (!e || !e->sbx_active)
		return 0;
	e->sbx_count += (long long)steps;
	if (e->sbx_count <= e->sbx_limit && !e->sbx_exceeded)
		return 0;
	if (!e->sbx_exceeded) {
		e->sbx_exceeded = true;
		lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
	}
	return 1;
}

void lede_sandbox_begin(lede_engine *e, const lede_plugin *p)
{
	e->sbx_active = true;
	e->sbx_count = 0;
	e->sbx_limit = p->instructions;
	e->sbx_exceeded = false;
	e->sbx_mem_base = e->mem_used;
	e->sbx_mem_limit = p->memory;
	e->sbx_mem_exceeded = false;
	lua_sethook(e->L, count_hook, LUA_MASKCOUNT, HOOK_EVERY);
}

const char *lede_sandbox_end(lede_engine *e)
{
	lua_sethook(e->L, NULL, 0, 0);
	e->sbx_active = false;
	if (e->sbx_exceeded)
		return "instruction budget exceeded";
	if (e->sbx_mem_exceeded)
		return "memory budget exceeded";
	return NULL;
}

/* Reading a global the sandbox does not have is an error, not a nil. */
static int env_index(lua_State *L)
{
	return luaL_error(L, "'%s' is not available in a sandboxed plugin",
	                  lua_tostring(L, 2) ? lua_tostring(L, 2) : "?");
}

/* load() inside the sandbox: text only, in the sandbox's environment. */
static int sandbox_load(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	const char *name = luaL_optstring(L, 2, "=(load)");
	if (luaL_loadbufferx(L, s, n, name, "t") != LUA_OK) {
		lua_pushnil(L);
		lua_insert(L, -2);
		return 2;
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_setupvalue(L, -2, 1);
	return 1;
}

/* A copy of the table at the top of the stack holding only `names`
 * (NULL: every key), so the sandbox cannot change what others share. */
static void copy_lib(lua_State *L, const char *const *names)
{
	int src = lua_gettop(L);
	lua_newtable(L);
	if (names) {
		for (; *names; names++) {
			lua_getfield(L, src, *names);
			lua_setfield(L, -2, *names);
		}
	} else {
		lua_pushnil(L);
		while (lua_next(L, src)) {
			lua_pushvalue(L, -2);
			lua_insert(L, -2);
			if (lua_istable(L, -1))
				copy_lib(L, NULL); /* replaces the table with its copy */
			lua_rawset(L, -4);
		}
	}
	lua_remove(L, src);
}

void lede_sandbox_env(lua_State *L)
{
	static const char *const base[] = {"assert", "error",  "ipairs", "next",   "pairs",
	                                   "pcall",  "rawequal", "rawget", "rawlen", "rawset",
	                                   "select", "setmetatable", "getmetatable", "tonumber",
	                                   "tostring", "type", "xpcall", "print", "_VERSION", NULL};
	static const char *const os_safe[] = {"time", "date", "clock", "difftime", NULL};
	static const char *const string_safe[] = {"byte",  "char",   "find",    "format", "gmatch",
	                                          "gsub",  "len",    "lower",   "match",  "rep",
	                                          "reverse", "sub",  "upper",   "pack",   "packsize",
	                                          "unpack", NULL};
	lua_newtable(L);
	int env = lua_gettop(L);
	for (const char *const *b = base; *b; b++) {
		lua_getglobal(L, *b);
		lua_setfield(L, env, *b);
	}
	static const struct {
		const char *name;
		const char *const *keep;
	} libs[] = {{"string", string_safe}, {"table", NULL}, {"math", NULL},
	            {"utf8", NULL},          {"os", os_safe}, {"coroutine", NULL}};
	for (size_t i = 0; i < sizeof libs / sizeof *libs; i++) {
		lua_getglobal(L, libs[i].name);
		copy_lib(L, libs[i].keep);
		lua_setfield(L, env, libs[i].name);
	}
	/* lede, without writing files or loading libraries */
	lua_getglobal(L, "lede");
	copy_lib(L, NULL);
	lua_pushnil(L);
	lua_setfield(L, -2, "write");
	/* a library would run with the real globals */
	lua_pushnil(L);
	lua_setfield(L, -2, "require");
	lua_setfield(L, env, "lede");
	lua_pushvalue(L, env);
	lua_pushcclosure(L, sandbox_load, 1);
	lua_setfield(L, env, "load");
	lua_pushvalue(L, env);
	lua_setfield(L, env, "_G");
	lua_newtable(L);
	lua_pushcfunction(L, env_index);
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, env);
}

void lede_sandbox_lock(lua_State *L)
{
	/* Shared metatables must not be reachable for change: the string
	 * library through getmetatable(""), and lede's own types. */
	static const char *const types[] = {"lede.article", "lede.node", "lede.date", "lede.regex",
	                                    "lede.fragment", "lede.buf"};
	lua_pushliteral(L, "");
	if (lua_getmetatable(L, -1)) {
		lua_pushliteral(L, "locked");
		lua_setfield(L, -2, "__metatable");
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
		if (luaL_getmetatable(L, types[i]) == LUA_TTABLE) {
			lua_pushstring(L, types[i]);
			lua_setfield(L, -2, "__metatable");
		}
		lua_pop(L, 1);
	}
}
