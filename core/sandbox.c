/* sandbox.c: running plugins that are not trusted. A sandboxed plugin gets
 * an _ENV built from an allow-list (no io, os.execute, package, require,
 * debug, load of bytecode), in which reading an undefined global raises;
 * each of its calls runs under an instruction budget, enforced by a count
 * hook that keeps raising once the budget is spent (so the plugin's own
 * pcall cannot swallow it), and a memory budget enforced by the state's
 * counting allocator. Modelled on Redis's script sandbox.
 * Also the wall-clock limit of every hook call, trusted or not: a per-engine
 * POSIX timer ticks a few times per limit on the Lua thread, and its signal
 * handler sets a one-instruction hook on the running Lua thread, which
 * checks the clock; so code runs without any hook in between (a count hook
 * on all trusted code measured 6% more instructions on the sample site). */
#define _GNU_SOURCE /* SIGEV_THREAD_ID */
#include "engine.h"
#include "luapattern.h"

#include <lauxlib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

/* How often the guard hook runs inside a sandbox, in VM instructions (the
 * instruction budget's granularity). */
#define HOOK_EVERY 1000
/* The watchdog's signal: a real-time one, so it cannot clash with
 * SIGALRM users in a program that embeds lede. */
#define TICK_SIGNAL (SIGRTMIN + 4)

static void note_where(lede_engine *e, lua_State *L);

void *lede_lua_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	lede_engine *e = ud;
	if (nsize == 0) {
		if (ptr)
			e->mem_used -= osize;
		/* A sandbox's budget is growth from the least its heap held in
		 * the call: garbage of earlier calls collected now is no room
		 * for this one (how much there is depends on the worker, and
		 * the same article would fit the budget on one and not on
		 * another). */
		if (e->sbx_active && e->mem_used < e->sbx_mem_base)
			e->sbx_mem_base = e->mem_used;
		return lede_lua_pool_realloc(&e->lua_pool, ptr, osize, 0);
	}
	size_t old = ptr ? osize : 0;
	/* Only growth counts against a sandbox's budget; C memory made for
	 * the sandbox (nodes, strings in arenas) counts too. */
	if (e->sbx_active && nsize > old && e->sbx_mem_limit &&
	    e->mem_used + e->sbx_c_bytes + (nsize - old) > e->sbx_mem_base + e->sbx_mem_limit) {
		e->sbx_mem_exceeded = true;
		note_where(e, e->L);
		return NULL;
	}
	void *q = lede_lua_pool_realloc(&e->lua_pool, ptr, osize, nsize);
	if (q)
		e->mem_used = e->mem_used - old + nsize;
	if (e->sbx_active && e->mem_used < e->sbx_mem_base) /* (shrunk: as above) */
		e->sbx_mem_base = e->mem_used;
	return q;
}

/* The engine of any lede state, without a registry lookup: it is the
 * allocator's user data. */
static lede_engine *engine_of(lua_State *L)
{
	/* (NULL for a state lede's engine did not make: a template rendered
	 * with a plain one, as the tests do) */
	void *ud = NULL;
	return lua_getallocf(L, &ud) == lede_lua_alloc ? ud : NULL;
}

/* Notes the running line of a sandboxed plugin the first time a budget is
 * found spent, so the message says where ("plugins/x.lua:10: memory
 * budget ... exceeded") even when the call ends with Lua's bare memory
 * error, which runs no message handler. Reads the stack only (no
 * allocation), so it is safe inside the allocator. */
static void note_where(lede_engine *e, lua_State *L)
{
	if (e->sbx_where[0] || !L)
		return;
	lua_Debug ar;
	for (int level = 0; lua_getstack(L, level, &ar); level++) {
		if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0 &&
		    strncmp(ar.source, "=[lede]", 7) != 0) {
			snprintf(e->sbx_where, sizeof e->sbx_where, "%s:%d: ", ar.short_src,
			         ar.currentline);
			return;
		}
	}
}

static double monotonic(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void guard_hook(lua_State *L, lua_Debug *ar);

/* The watchdog's tick (a signal handler, on the Lua thread): the running
 * Lua thread stops at its next instruction in guard_hook, which checks the
 * clock. lua_sethook may be called from a signal handler (lua.c's SIGINT
 * handling does the same). */
static void on_tick(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	lede_engine *e = si->si_value.sival_ptr;
	if (!e || e->deadline <= 0 || !e->L)
		return;
	e->ticked = 1;
	lua_sethook(e->running ? e->running : e->L, guard_hook, LUA_MASKCOUNT, 1);
}

typedef struct {
	timer_t id;
	bool live;
} watchdog;

static int watchdog_gc(lua_State *L)
{
	watchdog *w = lua_touserdata(L, 1);
	if (w->live)
		timer_delete(w->id);
	w->live = false;
	return 0;
}

/* Starts the engine's watchdog on first use; it lives as long as the Lua
 * state (its userdata in the registry deletes the timer at lua_close). */
static void watchdog_start(lede_engine *e)
{
	lua_State *L = e->L;
	if (lua_getfield(L, LUA_REGISTRYINDEX, "lede.watchdog") != LUA_TNIL) {
		lua_pop(L, 1);
		return;
	}
	lua_pop(L, 1);
	watchdog *w = lua_newuserdatauv(L, sizeof *w, 0);
	w->live = false;
	lua_newtable(L);
	lua_pushcfunction(L, watchdog_gc);
	lua_setfield(L, -2, "__gc");
	lua_setmetatable(L, -2);
	lua_setfield(L, LUA_REGISTRYINDEX, "lede.watchdog");
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_tick;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(TICK_SIGNAL, &sa, NULL) != 0)
		return;
	struct sigevent sev;
	memset(&sev, 0, sizeof sev);
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = TICK_SIGNAL;
	sev.sigev_value.sival_ptr = e;
	sev.sigev_notify_thread_id = (pid_t)syscall(SYS_gettid);
	if (timer_create(CLOCK_MONOTONIC, &sev, &w->id) != 0)
		return;
	w->live = true;
	/* Four ticks per limit, at most one a second: the limit is kept to
	 * within a quarter of it, and an idle tick costs nothing. */
	double every = e->hook_seconds / 4 < 1 ? e->hook_seconds / 4 : 1;
	if (every < 0.01)
		every = 0.01;
	struct itimerspec its;
	its.it_interval.tv_sec = (time_t)every;
	its.it_interval.tv_nsec = (long)((every - (double)(time_t)every) * 1e9);
	its.it_value = its.it_interval;
	timer_settime(w->id, 0, &its, NULL);
}

/* Whether the build was canceled (lede_options.cancel); then the call's
 * deadline counts as passed. */
static bool canceled(lede_engine *e)
{
	if (e->cancel && atomic_load(e->cancel))
		e->canceled = e->deadline_hit = true;
	return e->canceled;
}

void lede_deadline_set(lede_engine *e, double seconds)
{
	e->deadline = seconds > 0 ? monotonic() + seconds : 0;
	e->deadline_hit = e->canceled = false;
	if (seconds > 0) {
		watchdog_start(e);
		canceled(e); /* (then the call stops at its first instruction) */
	}
}

bool lede_deadline_passed(lede_engine *e)
{
	if (e->deadline_hit)
		return true;
	if (e->deadline > 0 && (monotonic() >= e->deadline || canceled(e)))
		e->deadline_hit = true;
	return e->deadline_hit;
}

static bool mem_over(const lede_engine *e, size_t more)
{
	if (!e->sbx_active || !e->sbx_mem_limit)
		return false;
	/* (more may be a bound as large as SIZE_MAX: compared, not added) */
	size_t used = e->mem_used + e->sbx_c_bytes, cap = e->sbx_mem_base + e->sbx_mem_limit;
	return used > cap || more > cap - used;
}

static bool stuck(const lede_engine *e)
{
	return e->sbx_exceeded || e->sbx_mem_exceeded || e->deadline_hit;
}

void lede_guard_arm(lede_engine *e)
{
	if (stuck(e))
		/* Raise at every instruction: a pcall in the plugin catches one
		 * error, the next instruction raises again. */
		lua_sethook(e->L, guard_hook, LUA_MASKCOUNT, 1);
	else if (e->sbx_active)
		lua_sethook(e->L, guard_hook, LUA_MASKCOUNT, HOOK_EVERY);
	else
		lua_sethook(e->L, NULL, 0, 0);
}

/* Raises what stopped the call; the flags stay set until the call that
 * armed them ends. Called from the hook, the message names the line that
 * was running (level 0), not its caller. */
static int raise_stuck(lua_State *L, lede_engine *e)
{
	if (L != e->L)
		lua_sethook(L, guard_hook, LUA_MASKCOUNT, 1); /* a coroutine */
	lede_guard_arm(e);
	char msg[300];
	if (e->sbx_mem_exceeded)
		snprintf(msg, sizeof msg, "memory budget of %lld bytes exceeded (sandbox)",
		         (long long)e->sbx_mem_limit);
	else if (e->sbx_exceeded)
		snprintf(msg, sizeof msg,
		         "instruction budget of %lld instructions exceeded (sandbox)",
		         e->sbx_limit);
	else if (e->canceled)
		snprintf(msg, sizeof msg, "stopped: the build was canceled");
	else
		snprintf(
		    msg, sizeof msg,
		    "still running after %g s, the limit for one hook call; look for an endless "
		    "loop, or raise 'limits: {hook_seconds: N}' in lede.yaml",
		    e->hook_seconds);
	/* Where: the running line, skipping lede's own Lua helpers (the
	 * coroutine.wrap shim). */
	lua_Debug ar;
	bool where = false;
	for (int level = 0; !where && lua_getstack(L, level, &ar); level++) {
		if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0 &&
		    strncmp(ar.source, "=[lede]", 7) != 0) {
			lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
			where = true;
		}
	}
	if (!where)
		lua_pushliteral(L, "");
	lua_pushstring(L, msg);
	lua_concat(L, 2);
	return lua_error(L);
}

static void guard_hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	lede_engine *e = engine_of(L);
	if (!e)
		return;
	/* A watchdog tick is not 1,000 instructions. */
	bool tick = e->ticked;
	e->ticked = 0;
	if (!stuck(e) && e->sbx_active && !tick) {
		e->sbx_count += HOOK_EVERY;
		if (e->sbx_count > e->sbx_limit)
			e->sbx_exceeded = true;
		else if (mem_over(e, 0))
			e->sbx_mem_exceeded = true;
		if (stuck(e))
			note_where(e, L);
	}
	if (stuck(e) || lede_deadline_passed(e)) {
		raise_stuck(L, e);
		return;
	}
	/* Back to what this thread should run with (after a tick, or a hook
	 * left on a coroutine by an earlier call): the sandbox's count, or
	 * nothing. */
	if (e->sbx_active)
		lua_sethook(L, guard_hook, LUA_MASKCOUNT, HOOK_EVERY);
	else
		lua_sethook(L, NULL, 0, 0);
}

void lede_sandbox_check_mem(lua_State *L, size_t more)
{
	lede_engine *e = engine_of(L);
	if (!e || !e->sbx_active)
		return;
	if (mem_over(e, more))
		e->sbx_mem_exceeded = true;
	if (e->sbx_mem_exceeded) {
		note_where(e, L);
		raise_stuck(L, e);
	}
}

bool lede_sandbox_active(lua_State *L)
{
	lede_engine *e = engine_of(L);
	return e && e->sbx_active;
}

void lede_guard_poll(lua_State *L, size_t held)
{
	lede_engine *e = engine_of(L);
	if (!e)
		return;
	if (!stuck(e) && mem_over(e, held)) {
		e->sbx_mem_exceeded = true;
		note_where(e, L);
	}
	if (stuck(e) || lede_deadline_passed(e))
		raise_stuck(L, e);
}

void lede_sandbox_push_buf(lua_State *L, lede_buf *b)
{
	lede_engine *e = engine_of(L);
	if (e && e->sbx_active && mem_over(e, b->len)) {
		lede_buf_free(b);
		e->sbx_mem_exceeded = true;
		note_where(e, L);
		raise_stuck(L, e);
	}
	lua_pushlstring(L, lede_buf_cstr(b), b->len);
	lede_buf_free(b);
}

bool lede_sandbox_raw_allowed(lua_State *L)
{
	lede_engine *e = engine_of(L);
	if (!e || !e->sbx_active || !e->sbx_plugin)
		return true;
	return e->sbx_plugin->raw_html || (e->cfg && e->cfg->allow_raw_html);
}

/* String patterns match in C where the count hook never fires: the matcher
 * charges its steps here, one instruction each (luapattern.c). */
int lede_sandbox_pattern_charge(lua_State *L, void *ud, unsigned long steps)
{
	lede_engine *e = ud;
	if (!e)
		return 0;
	if (e->sbx_active) {
		e->sbx_count += (long long)steps;
		if (e->sbx_count > e->sbx_limit) {
			e->sbx_exceeded = true;
			note_where(e, L);
		}
	}
	/* A sandbox past its budget, or any plugin past its time limit: the
	 * matcher holds nothing, so raising from inside it is safe. */
	if (stuck(e) || lede_deadline_passed(e))
		raise_stuck(L, e);
	return 0;
}

void lede_sandbox_begin(lede_engine *e, const lede_plugin *p)
{
	e->sbx_active = true;
	e->sbx_plugin = p;
	e->sbx_count = 0;
	e->sbx_limit = p->instructions;
	e->sbx_exceeded = false;
	e->sbx_mem_base = e->mem_used;
	e->sbx_mem_limit = p->memory;
	e->sbx_mem_exceeded = false;
	e->sbx_c_bytes = 0;
	e->sbx_where[0] = '\0';
	lede_guard_arm(e);
}

bool lede_sandbox_end(lede_engine *e, char *why, size_t n)
{
	if (!e->sbx_exceeded && mem_over(e, 0))
		e->sbx_mem_exceeded = true;
	bool over = e->sbx_exceeded || e->sbx_mem_exceeded;
	if (e->sbx_mem_exceeded)
		snprintf(why, n, "%smemory budget of %lld bytes exceeded (sandbox)", e->sbx_where,
		         (long long)e->sbx_mem_limit);
	else if (e->sbx_exceeded)
		snprintf(why, n, "%sinstruction budget of %lld instructions exceeded (sandbox)",
		         e->sbx_where, e->sbx_limit);
	e->sbx_where[0] = '\0';
	e->sbx_active = false;
	e->sbx_plugin = NULL;
	e->sbx_exceeded = e->sbx_mem_exceeded = false;
	e->sbx_c_bytes = 0;
	lede_guard_arm(e);
	return over;
}

/* What a sandboxed plugin leaves behind must be data: a function or a
 * foreign userdata would later run, or be touched, outside its budgets (a
 * Mustache lambda, a metamethod). Checked by walking what it left. */
typedef struct {
	lede_buf path;
	int memo; /* stack index of the table of tables already seen */
} walk;

static bool lede_userdata(lua_State *L, int i)
{
	static const char *const ok[] = {"lede.article", "lede.node", "lede.date"};
	for (size_t k = 0; k < sizeof ok / sizeof *ok; k++)
		if (luaL_testudata(L, i, ok[k]))
			return true;
	return false;
}

static int refuse(lua_State *L, walk *w, const char *what)
{
	return luaL_error(L,
	                  "%s %s; a sandboxed plugin may only leave data (strings, numbers, "
	                  "booleans, tables)",
	                  lede_buf_cstr(&w->path), what);
}

static void check_value(lua_State *L, walk *w, int i, int depth);

/* Appends the string key at stack index i to the path: .name or ["key"]. */
static void path_key(lua_State *L, walk *w, int i)
{
	size_t n;
	if (lua_type(L, i) == LUA_TSTRING) {
		const char *s = lua_tolstring(L, i, &n);
		bool ident = n > 0 && n < 64 && !(s[0] >= '0' && s[0] <= '9');
		for (size_t k = 0; ident && k < n; k++)
			ident = s[k] == '_' || (s[k] >= 'a' && s[k] <= 'z') ||
			        (s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= '0' && s[k] <= '9');
		if (ident)
			lede_buf_printf(&w->path, ".%s", s);
		else
			lede_buf_printf(&w->path, "[\"%.40s\"]", s);
	} else {
		lede_buf_printf(&w->path, "[%s]", luaL_typename(L, i));
	}
}

static void check_table(lua_State *L, walk *w, int t, int depth)
{
	t = lua_absindex(L, t);
	lua_pushvalue(L, t);
	if (lua_rawget(L, w->memo) != LUA_TNIL) {
		lua_pop(L, 1);
		return; /* seen: shared or cyclic */
	}
	lua_pop(L, 1);
	lua_pushvalue(L, t);
	lua_pushboolean(L, 1);
	lua_rawset(L, w->memo);
	if (depth > 200)
		refuse(L, w, "is nested deeper than 200 tables");
	if (lua_getmetatable(L, t)) {
		luaL_getmetatable(L, "lede.json.object");
		bool json = lua_rawequal(L, -1, -2);
		lua_pop(L, 2);
		if (!json)
			refuse(L, w, "has a metatable");
	}
	luaL_checkstack(L, 8, "data nested too deep");
	lua_pushnil(L);
	while (lua_next(L, t)) {
		size_t len = w->path.len;
		int kt = lua_type(L, -2);
		if (kt != LUA_TSTRING && kt != LUA_TNUMBER && kt != LUA_TBOOLEAN) {
			lua_pushfstring(L, "has a %s as a key", luaL_typename(L, -2));
			refuse(L, w, lua_tostring(L, -1));
		}
		if (kt == LUA_TNUMBER) {
			if (lua_isinteger(L, -2))
				lede_buf_printf(&w->path, "[%lld]",
				                (long long)lua_tointeger(L, -2));
			else
				lede_buf_printf(&w->path, "[%g]", (double)lua_tonumber(L, -2));
		} else if (kt == LUA_TBOOLEAN) {
			lede_buf_printf(&w->path, "[%s]", lua_toboolean(L, -2) ? "true" : "false");
		} else {
			path_key(L, w, -2);
		}
		check_value(L, w, lua_gettop(L), depth + 1);
		w->path.len = len;
		if (w->path.data)
			w->path.data[len] = '\0';
		lua_pop(L, 1);
	}
}

static void check_value(lua_State *L, walk *w, int i, int depth)
{
	switch (lua_type(L, i)) {
	case LUA_TNIL:
	case LUA_TBOOLEAN:
	case LUA_TNUMBER:
	case LUA_TSTRING: return;
	case LUA_TTABLE: check_table(L, w, i, depth); return;
	case LUA_TFUNCTION: refuse(L, w, "is a function"); return;
	case LUA_TTHREAD: refuse(L, w, "is a coroutine"); return;
	case LUA_TLIGHTUSERDATA: refuse(L, w, "is a light userdata"); return;
	default:
		if (!lede_userdata(L, i))
			refuse(L, w, "is a userdata");
	}
}

/* Protected: (memo, path buffer box, value, name) -> checks value. */
static int check_protected(lua_State *L)
{
	walk *w = lua_touserdata(L, 1);
	w->memo = 2;
	check_value(L, w, 3, 0);
	return 0;
}

bool lede_sandbox_check_data(lede_engine *e, int idx, const char *name, char *why, size_t n)
{
	lua_State *L = e->L;
	idx = lua_absindex(L, idx);
	walk w = {LEDE_BUF_INIT, 0};
	lede_buf_puts(&w.path, name);
	lua_pushcfunction(L, check_protected);
	lua_pushlightuserdata(L, &w);
	lua_newtable(L);
	lua_pushvalue(L, idx);
	bool ok = lua_pcall(L, 3, 0, 0) == LUA_OK;
	if (!ok) {
		const char *m = lua_tostring(L, -1);
		snprintf(why, n, "%s", m ? m : "what it left is not data");
		lua_pop(L, 1);
	}
	lede_buf_free(&w.path);
	return ok;
}

/* Reading a global the sandbox does not have is an error, not a nil. */
static int env_index(lua_State *L)
{
	return luaL_error(L, "'%s' is not available in a sandboxed plugin",
	                  lua_tostring(L, 2) ? lua_tostring(L, 2) : "?");
}

/* __index of a sandbox's copy of a library (upvalues: its name, the real
 * library): a name the real one has was left out on purpose, and saying so
 * beats "attempt to call a nil value (field 'getenv')". Others are nil. */
static int lib_index(lua_State *L)
{
	lua_pushvalue(L, 2);
	if (lua_type(L, 2) == LUA_TSTRING && lua_rawget(L, lua_upvalueindex(2)) != LUA_TNIL)
		return luaL_error(L, "%s.%s is not available in a sandboxed plugin",
		                  lua_tostring(L, lua_upvalueindex(1)), lua_tostring(L, 2));
	lua_pushnil(L);
	return 1;
}

/* Gives the sandbox's copy of library `name` (at the top of the stack) the
 * metatable above; the real library is at index `real`. */
static void explain_missing(lua_State *L, const char *name, int real)
{
	real = lua_absindex(L, real);
	lua_createtable(L, 0, 2);
	lua_pushstring(L, name);
	lua_pushvalue(L, real);
	lua_pushcclosure(L, lib_index, 2);
	lua_setfield(L, -2, "__index");
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
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

/* setmetatable() inside the sandbox: no finalizers. A __gc metamethod
 * runs whenever the collector gets to it (in a later hook, in a trusted
 * plugin, at lua_close), outside every budget, so it is refused outright
 * rather than policed: Lua only registers an object for finalization when
 * its metatable has __gc at setmetatable time, so checking here closes it. */
static int sandbox_setmetatable(lua_State *L)
{
	lua_pushliteral(L, "__gc");
	if (lua_type(L, 2) == LUA_TTABLE && lua_rawget(L, 2) != LUA_TNIL)
		return luaL_error(
		    L, "a sandboxed plugin cannot set a __gc metamethod (finalizers would "
		       "run outside its budgets)");
	lua_settop(L, 2);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, 2, 1);
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
		/* (lede.node's: a protected one, answering Pandoc's names) */
		if (lua_getmetatable(L, src))
			lua_setmetatable(L, -2);
	}
	lua_remove(L, src);
}

void lede_sandbox_env(lua_State *L)
{
	static const char *const base[] = {"assert",       "error",    "ipairs",   "next",
	                                   "pairs",        "pcall",    "rawequal", "rawget",
	                                   "rawlen",       "rawset",   "select",   "setmetatable",
	                                   "getmetatable", "tonumber", "tostring", "type",
	                                   "xpcall",       "print",    "_VERSION", NULL};
	static const char *const os_safe[] = {"time", "date", "clock", "difftime", NULL};
	static const char *const string_safe[] = {
	    "byte", "char",    "find", "format", "gmatch", "gsub",     "len",    "lower", "match",
	    "rep",  "reverse", "sub",  "upper",  "pack",   "packsize", "unpack", NULL};
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
		if (libs[i].keep) {
			lua_pushvalue(L, -1);
			copy_lib(L, libs[i].keep);
			explain_missing(L, libs[i].name, -2);
			lua_remove(L, -2);
		} else {
			copy_lib(L, NULL);
		}
		lua_setfield(L, env, libs[i].name);
	}
	/* lede, without writing files or loading libraries */
	lua_getglobal(L, "lede");
	lua_pushvalue(L, -1);
	copy_lib(L, NULL);
	lua_pushnil(L);
	lua_setfield(L, -2, "write");
	/* a library would run with the real globals */
	lua_pushnil(L);
	lua_setfield(L, -2, "require");
	explain_missing(L, "lede", -2);
	lua_remove(L, -2);
	lua_setfield(L, env, "lede");
	lua_getglobal(L, "setmetatable");
	lua_pushcclosure(L, sandbox_setmetatable, 1);
	lua_setfield(L, env, "setmetatable");
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
	static const char *const types[] = {"lede.article",
	                                    "lede.node",
	                                    "lede.date",
	                                    "lede.regex",
	                                    "lede.fragment",
	                                    "lede.buf",
	                                    "lede.re.state",
	                                    "lede.json.doc",
	                                    "lede.json.object",
	                                    "lede.node.classes",
	                                    "lede.node.attributes",
	                                    "lede.List"};
	/* lede.json.object is made on first use; make it now so it is locked. */
	if (luaL_newmetatable(L, "lede.json.object")) {
		lua_pushliteral(L, "object");
		lua_setfield(L, -2, "__jsontype");
	}
	lua_pop(L, 1);
	lua_pushliteral(L, "");
	if (lua_getmetatable(L, -1)) {
		lua_pushliteral(L, "locked");
		lua_setfield(L, -2, "__metatable");
		/* Methods on strings ("x":upper()) come from this __index, shared
		 * by every plugin: a copy without string.dump, which the sandbox
		 * must not reach through ("").dump. Trusted code keeps
		 * string.dump itself. */
		lua_getfield(L, -1, "__index");
		if (lua_istable(L, -1)) {
			copy_lib(L, NULL);
			lua_pushnil(L);
			lua_setfield(L, -2, "dump");
			lua_setfield(L, -2, "__index");
		} else {
			lua_pop(L, 1);
		}
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
