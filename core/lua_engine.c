/* lua_engine.c: the Lua state, plugin loading and the one protected call
 * every hook goes through (a message handler adds the traceback, and the
 * error is reported naming the plugin, the hook and the article). */
#include "engine.h"

#include "luapattern.h"
#include "output.h"

#include <dirent.h>
#include <lauxlib.h>
#include <lualib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *const lede_hook_names[LEDE_HOOK__COUNT] = {
    "setup", "article", "filter", "transform", "nodes", "render", "fragment", "index", "finish",
};

static const char ENGINE_KEY[] = "lede.engine";

int lede_error_raise(lua_State *L, const lede_error *err)
{
	lede_buf b = LEDE_BUF_INIT;
	lede_error_format(err, "error", &b);
	/* without the final newline: Lua adds its own layout */
	lua_pushlstring(L, lede_buf_cstr(&b), b.len > 0 ? b.len - 1 : 0);
	lede_buf_free(&b);
	return lua_error(L);
}

lede_engine *lede_lua_engine(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, ENGINE_KEY);
	lede_engine *e = lua_touserdata(L, -1);
	lua_pop(L, 1);
	return e;
}

static int panic(lua_State *L)
{
	const char *msg = lua_tostring(L, -1);
	fprintf(stderr, "lede: unprotected error in Lua: %s\n", msg ? msg : "(not a string)");
	return 0; /* Lua aborts */
}

void lede_trace_clock(lede_engine *e)
{
	if (e && e->trace)
		e->trace->clock++;
}

void lede_trace_add(char ***v, size_t *n, const char *s)
{
	*v = lede_xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = lede_xstrdup(s);
}

void lede_trace_clear(lede_trace *t)
{
	for (size_t i = 0; i < t->nimages; i++)
		free(t->images[i]);
	for (size_t i = 0; i < t->nclaims; i++)
		free(t->claims[i]);
	free(t->images);
	free(t->claims);
	free(t->times);
	free(t->later);
	memset(t, 0, sizeof *t);
}

/* os.time(), os.date(), os.clock() and os.getenv() as Lua has them,
 * noting (for incremental builds) when they read the clock or the
 * environment, which no input of the build holds: an article whose hooks
 * did is built again every time. Upvalues: the real function, its name. */
static int on_now(lua_State *L)
{
	lede_trace_clock(lede_lua_engine(L));
	return 0;
}

static int os_clock_read(lua_State *L)
{
	int n = lua_gettop(L);
	const char *name = lua_tostring(L, lua_upvalueindex(2));
	if (!strcmp(name, "clock") || !strcmp(name, "getenv") ||
	    (!strcmp(name, "time") && lua_isnoneornil(L, 1)) ||
	    (!strcmp(name, "date") && lua_isnoneornil(L, 2)))
		lede_trace_clock(lede_lua_engine(L));
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, n, LUA_MULTRET);
	return lua_gettop(L);
}

/* os.exit in a hook would end the process with no message, no other
 * article written and no finish hooks; scripts (no plugin running) keep
 * it. Upvalue 1: the real os.exit. */
static int os_exit(lua_State *L)
{
	lede_engine *e = lede_lua_engine(L);
	/* `lede test` runs each test as a hook named "test" (testing.c): there
	 * it would end the run before its summary, hiding what failed. */
	if (e && !e->cur_plugin && e->cur_hook && !strcmp(e->cur_hook, "test"))
		return luaL_error(L, "os.exit is not available in a test: it would end lede test "
		                     "before its summary; fail the test with error() instead");
	if (e && (e->cur_plugin || e->cur_hook))
		return luaL_error(
		    L, "os.exit is not available to plugins: raise an error with error() "
		       "instead (the other articles still publish)");
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return lua_gettop(L);
}

/* coroutine.resume as Lua's (upvalue 1), remembering which thread runs:
 * the watchdog's tick must stop the coroutine, not the thread waiting in
 * resume. */
static int co_resume(lua_State *L)
{
	lede_engine *e = lede_lua_engine(L);
	lua_State *co = lua_tothread(L, 1);
	lua_State *saved = e->running;
	if (co)
		e->running = co;
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	int rc = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
	e->running = saved;
	if (rc != LUA_OK)
		return lua_error(L);
	return lua_gettop(L);
}

/* coroutine.wrap on top of that resume (Lua's own resumes in C, out of
 * reach). */
static const char WRAP[] = "local create, resume, error = ...\n"
                           "local function pass(ok, ...)\n"
                           "  if ok then return ... end\n"
                           "  error((...), 0)\n"
                           "end\n"
                           "return function(f)\n"
                           "  local co = create(f)\n"
                           "  return function(...) return pass(resume(co, ...)) end\n"
                           "end\n";

static void track_coroutines(lua_State *L)
{
	lua_getglobal(L, "coroutine");
	lua_getfield(L, -1, "resume");
	lua_pushcclosure(L, co_resume, 1);
	lua_setfield(L, -2, "resume");
	if (luaL_loadbufferx(L, WRAP, sizeof WRAP - 1, "=[lede]/coroutine", "t") == LUA_OK) {
		lua_getfield(L, -2, "create");
		lua_getfield(L, -3, "resume");
		lua_getglobal(L, "error");
		lua_call(L, 3, 1);
		lua_setfield(L, -2, "wrap");
	} else {
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

lua_State *lede_lua_new(lede_engine *e)
{
	/* Made anew with the state (lede_date_open) */
	e->date_mt = NULL;
	e->date_mt_ref = 0;
	/* Lua's allocator, counting: sandboxes have memory budgets. */
	lua_State *L = lua_newstate(lede_lua_alloc, e);
	if (!L)
		return NULL;
	lua_atpanic(L, panic);
	/* Generational: a hook's garbage (an article's tables, a page's
	 * context) dies young, and the plugins' own tables live for the
	 * build; minor collections leave those alone (a full 10k build's
	 * wall 0.95x to 0.97x, the same peak memory). */
	lua_gc(L, LUA_GCGEN, 0, 0);
	luaL_openlibs(L);
	lede_luapattern_open(L, lede_sandbox_pattern_charge, e);
	lua_getglobal(L, "os");
	lua_getfield(L, -1, "exit");
	lua_pushcclosure(L, os_exit, 1);
	lua_setfield(L, -2, "exit");
	lua_pushcfunction(L, on_now);
	lua_setfield(L, LUA_REGISTRYINDEX, "lede.on_now");
	static const char *const clock_fns[] = {"time", "date", "clock", "getenv"};
	for (size_t i = 0; i < 4; i++) {
		lua_getfield(L, -1, clock_fns[i]);
		lua_pushstring(L, clock_fns[i]);
		lua_pushcclosure(L, os_clock_read, 2);
		lua_setfield(L, -2, clock_fns[i]);
	}
	lua_pop(L, 1);
	track_coroutines(L);
	e->hook_seconds = e->cfg ? e->cfg->hook_seconds : 60;
	lua_pushlightuserdata(L, e);
	lua_setfield(L, LUA_REGISTRYINDEX, ENGINE_KEY);
	lede_article_open(L);
	lede_node_open(L);
	lede_lib_open(L);
	return L;
}

/* Length of a "chunk:line:" prefix at the start of msg, or 0. */
static size_t location_prefix(const char *msg)
{
	const char *nl = strchr(msg, '\n');
	size_t lim = nl ? (size_t)(nl - msg) : strlen(msg);
	for (size_t i = 0; i + 2 < lim; i++) {
		if (msg[i] == ':' && msg[i + 1] >= '0' && msg[i + 1] <= '9') {
			size_t j = i + 1;
			while (j < lim && msg[j] >= '0' && msg[j] <= '9')
				j++;
			if (j < lim && msg[j] == ':')
				return j + 1;
		}
		if (msg[i] == ' ')
			return 0;
	}
	return 0;
}

/* "chunk:N:" of the first line of msg's traceback in chunk
 * ("\n\tchunk:N:"; chunk NULL: in any chunk but lede's own and C's, a
 * script's), appended to out; false when there is none. */
static bool traceback_place(const char *msg, const char *chunk, lede_buf *out)
{
	for (const char *t = strstr(msg, "\n\t"); t; t = strstr(t + 1, "\n\t")) {
		const char *src = t + 2, *colon = src;
		if (chunk) {
			size_t cl = strlen(chunk);
			if (strncmp(src, chunk, cl) || src[cl] != ':')
				continue;
			colon = src + cl;
		} else {
			if (*src == '[' || *src == '\n')
				continue;
			while (*colon && *colon != ':' && *colon != '\n')
				colon++;
			if (*colon != ':')
				continue;
		}
		const char *d = colon + 1, *e = d;
		while (*e >= '0' && *e <= '9')
			e++;
		if (e > d && *e == ':') {
			lede_buf_put(out, src, (size_t)(e + 1 - src));
			return true;
		}
	}
	return false;
}

/* Where msg's traceback starts when it says nothing the message does not:
 * error() called from a chunk's main body ("[C]: in function 'error'",
 * then "x.lua:25: in main chunk"), as a script's usage error; else
 * strlen(msg), all of it kept. */
static size_t bare_traceback(const char *msg)
{
	const char *tb = strstr(msg, "\nstack traceback:\n");
	if (!tb)
		return strlen(msg);
	bool chunk = false;
	for (const char *l = tb + 18; *l;) {
		const char *end = strchr(l, '\n');
		size_t n = end ? (size_t)(end - l) : strlen(l);
		while (n && (*l == '\t' || *l == ' '))
			l++, n--;
		static const char main_chunk[] = ": in main chunk";
		size_t m = sizeof main_chunk - 1;
		if (n >= m && !memcmp(l + n - m, main_chunk, m))
			chunk = true;
		else if (!(n == 24 && !memcmp(l, "[C]: in function 'error'", 24)) &&
		         !(n == 9 && !memcmp(l, "[C]: in ?", 9)))
			return strlen(msg);
		l += n + (end != NULL);
		if (!end)
			break;
	}
	return chunk ? (size_t)(tb - msg) : strlen(msg);
}

/* Length of the first line of msg when it is an error lede formatted
 * itself ("file:line:col: error: ..."), as a template's, or 0. Such an
 * error already names its place; a Lua traceback into the plugin that
 * called lede would only hide it. */
static size_t lede_error_line(const char *msg)
{
	size_t pre = location_prefix(msg);
	if (!pre)
		return 0;
	const char *p = msg + pre;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (strncmp(p, ": error: ", 9) != 0)
		return 0;
	const char *nl = strchr(msg, '\n');
	return nl ? (size_t)(nl - msg) : strlen(msg);
}

/* Reports an error lede formatted (see lede_error_line) once per build: a
 * broken template fails every article, and the same message a thousand
 * times would bury everything else. Later ones are counted, not printed. */
static void report_lede_error(lede_engine *e, const char *msg, size_t first, const char *hook,
                              const lede_plugin *p, const lede_article *a)
{
	const char *tb = strstr(msg, "\nstack traceback:");
	size_t len = tb ? (size_t)(tb - msg) : strlen(msg);
	lede_buf b = LEDE_BUF_INIT;
	lede_buf_put(&b, msg, len);
	lede_buf_printf(&b, "\n  in hook '%s' of %s", hook ? hook : "?", p ? p->chunk : "lede");
	if (a)
		lede_buf_printf(&b, " for %s", a->path);
	lede_buf_puts(&b, "; other articles that fail on it are counted, not shown again\n");
	lede_buf key = LEDE_BUF_INIT;
	lede_buf_put(&key, msg, first);
	lede_diag_for(e, LEDE_DIAG_ERROR, lede_buf_cstr(&key), a ? a->path : NULL, b.data, b.len);
	lede_buf_free(&key);
	lede_buf_free(&b);
}

/* After a sandboxed call: what it returned and what it left on its
 * article must be data. False with why when not. */
static bool left_data(lede_engine *e, int nres, const char *hook, const lede_article *a, char *why,
                      size_t n)
{
	lua_State *L = e->L;
	int top = lua_gettop(L);
	for (int i = 0; hook && i < nres; i++) {
		char name[64];
		snprintf(name, sizeof name, "the value returned%s",
		         nres > 1 ? " (one of them)" : "");
		if (!lede_sandbox_check_data(e, top - nres + 1 + i, name, why, n))
			return false;
	}
	if (!a)
		return true;
	/* tags, authors, meta, links and quotes live in the userdata's user
	 * value; what the plugin did not touch was never made. */
	lede_article_push(L, (lede_article *)a);
	lua_getiuservalue(L, -1, 1);
	bool ok = true;
	if (lua_istable(L, -1)) {
		static const char *const keep[] = {"tags", "authors", "meta", "links", "quotes"};
		for (size_t i = 0; ok && i < sizeof keep / sizeof *keep; i++) {
			char name[16];
			snprintf(name, sizeof name, "a.%s", keep[i]);
			lua_getfield(L, -1, keep[i]);
			ok = lede_sandbox_check_data(e, -1, name, why, n);
			lua_pop(L, 1);
		}
	}
	lua_settop(L, top);
	/* Tables the plugin kept (a.meta in a global) cannot reach the article
	 * after this check: when the hook returns, lede_article_sync writes
	 * them into the article and drops them (bridge.c, bridge_sync). */
	return ok;
}

/* --profile: a hook's time under "hook PLUGIN.HOOK"; a plugin's file run
 * at load under "hook PLUGIN.(load)"; filter.lua of lede.yaml under "hook
 * filter.lua". A script's own body is the whole run: not a row. */
static void profile_call(lede_engine *e, const lede_plugin *p, const char *hook, double secs)
{
	if (p)
		lede_profile_add(e->prof, "hook", p->name, hook ? hook : "(load)", secs);
	else if (hook)
		lede_profile_add(e->prof, "hook", !strcmp(hook, "filter") ? "filter.lua" : "lede",
		                 strcmp(hook, "filter") ? hook : NULL, secs);
}

int lede_lua_call(lede_engine *e, int nargs, int nres, const lede_plugin *p, const char *hook,
                  const lede_article *a)
{
	lua_State *L = e->L;
	int base = lua_gettop(L) - nargs;
	lua_pushcfunction(L, lede_lua_traceback);
	lua_insert(L, base);
	const lede_plugin *saved_p = e->cur_plugin;
	const char *saved_h = e->cur_hook;
	e->cur_plugin = p;
	e->cur_hook = hook;
	/* The outermost plugin call sets the wall-clock limit; what it calls
	 * (site:render running other hooks) shares it. A script's own body
	 * (no plugin, no hook) has none. */
	bool timed = (p || hook) && e->deadline <= 0 && e->hook_seconds > 0;
	if (timed) {
		lede_deadline_set(e, e->hook_seconds);
		e->running = NULL;
	}
	bool sandboxed = p && p->sandbox && !e->sbx_active;
	/* Tables handed to a sandbox (the outlet, the site, options) may be
	 * shared with later hooks and templates: it gets its own copies, so
	 * what it writes there cannot reach them. */
	for (int i = 1; sandboxed && i <= nargs; i++)
		lede_table_copy(L, base + 1 + i);
	if (sandboxed)
		lede_sandbox_begin(e, p);
	else
		lede_guard_arm(e);
	double t0 = e->prof ? lede_clock() : 0;
	int rc = lua_pcall(L, nargs, nres, base);
	if (e->prof)
		profile_call(e, p, hook, lede_clock() - t0);
	/* The budgets end with the call, before lede uses the state again: an
	 * allocation refused now, outside the pcall, would abort lede. */
	char budget[600];
	bool over = sandboxed && lede_sandbox_end(e, budget, sizeof budget);
	/* Nodes the call made outside any article belong to it alone. */
	lede_node_fresh_scratch(L);
	if (sandboxed && rc == LUA_OK && !over &&
	    !left_data(e, nres, hook, a, budget, sizeof budget)) {
		/* The hook ran within its budgets but left a value that would run
		 * (or be touched) outside them later. */
		over = true;
	}
	if (timed) {
		lede_deadline_set(e, 0);
		e->running = NULL;
		lede_guard_arm(e);
	}
	e->cur_plugin = saved_p;
	e->cur_hook = saved_h;
	lua_remove(L, base);
	if (rc == LUA_OK && !over)
		return 0;
	if (over) {
		/* Whatever the plugin did with the first error, the budget is
		 * what stopped it. */
		if (rc == LUA_OK)
			lua_pop(L, nres);
		else
			lua_pop(L, 1);
		lua_pushstring(L, budget);
	}
	const char *msg = lua_tostring(L, -1);
	if (!msg)
		msg = "(no message)";
	/* (a traceback naming only the main chunk's error call, when the
	 * message names its place: left out) */
	size_t kept = bare_traceback(msg);
	if (kept < strlen(msg) && location_prefix(msg)) {
		lua_pushlstring(L, msg, kept);
		lua_replace(L, -2);
		msg = lua_tostring(L, -1);
	}
	size_t first = over || e->capture ? 0 : lede_error_line(msg);
	if (first) {
		report_lede_error(e, msg, first, hook, p, a);
		lua_pop(L, 1);
		return -1;
	}
	lede_buf b = LEDE_BUF_INIT;
	size_t pre = location_prefix(msg);
	/* No place in the message (an error object, or one from C): the
	 * plugin's line (a script's) that the traceback names first */
	bool placed = false;
	if (pre)
		lede_buf_put(&b, msg, pre);
	else if (!(placed = traceback_place(msg, p ? p->chunk : NULL, &b)))
		lede_buf_printf(&b, "%s:", p ? p->chunk : "lede");
	/* The node a filter was working on is known only inside `nodes`. */
	bool in_nodes = hook && !strcmp(hook, "nodes");
	if (in_nodes && e->cur_node_type)
		lede_buf_printf(&b, " in hook '%s.%s'", hook, e->cur_node_type);
	else if (hook)
		lede_buf_printf(&b, " in hook '%s'", hook);
	if (a)
		lede_buf_printf(&b, " for %s", a->path);
	if (a && in_nodes && e->cur_line > 0)
		lede_buf_printf(&b, ":%d", e->cur_line);
	const char *rest = msg + pre + (pre && msg[pre] == ' ');
	if ((pre || placed) && !hook && !a)
		lede_buf_printf(&b, " %s\n", rest); /* "chunk:line: msg" as Lua wrote it */
	else
		lede_buf_printf(&b, ": %s\n", rest);
	if (e->capture) {
		lede_buf_reset(&e->last_error);
		lede_buf_put(&e->last_error, b.data, b.len);
		lede_diag(e, LEDE_DIAG_ERROR, NULL, NULL, 0); /* shown by the test */
	} else {
		/* The same error in many articles (a typo in a node filter) is
		 * shown once, traceback included, and counted: the key is the
		 * message without the article. */
		lede_buf key = LEDE_BUF_INIT;
		if (pre)
			lede_buf_put(&key, msg, pre);
		else
			lede_buf_printf(&key, "%s:", p ? p->chunk : "lede");
		if (in_nodes && e->cur_node_type)
			lede_buf_printf(&key, " in hook '%s.%s'", hook, e->cur_node_type);
		else if (hook)
			lede_buf_printf(&key, " in hook '%s'", hook);
		const char *nl = strchr(rest, '\n');
		lede_buf_puts(&key, ": ");
		lede_buf_put(&key, rest, nl ? (size_t)(nl - rest) : strlen(rest));
		lede_diag_for(e, LEDE_DIAG_ERROR, a ? lede_buf_cstr(&key) : NULL,
		              a ? a->path : NULL, b.data, b.len);
		lede_buf_free(&key);
	}
	lede_buf_free(&b);
	lua_pop(L, 1);
	return -1;
}

static bool file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

size_t lede_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 30 || lb > 30 || (la > lb ? la - lb : lb - la) > 2)
		return 99;
	size_t d[32][32];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < c)
				c = d[i - 2][j - 2] + 1;
			d[i][j] = c;
		}
	return d[la][lb];
}

const char *lede_nearest(const char *word, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t bd = 3;
	for (size_t i = 0; i < n; i++) {
		size_t d = lede_edit_distance(word, names[i]);
		if (d < bd) {
			bd = d;
			best = names[i];
		}
	}
	return best;
}

static lede_plugin *load(lede_engine *e, const char *name, bool format, int line, int col,
                         const lede_plugin_spec *sandbox);

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The plugin table's boolean key k (on top of the stack, the table under
 * it): 1 true, 0 false, -1 another value (an error naming it). */
static int flag_key(lede_engine *e, lua_State *L, const char *chunk, const char *k)
{
	lua_pushvalue(L, -1);
	lua_gettable(L, -3);
	int v = lua_isboolean(L, -1) ? lua_toboolean(L, -1) : -1;
	if (v < 0)
		lede_reportf(e, false, chunk, 0, 0, "'%s' must be true or false, not %s", k,
		             luaL_typename(L, -1));
	lua_pop(L, 1);
	return v;
}

/* Pushes a list of the string keys of the table at t, sorted, and returns
 * how many; *others gets the number of keys that are not strings. The
 * messages about a table's keys come in this order: lua_next's order
 * changes from run to run (string hashes are seeded), and so did theirs. */
static size_t push_sorted_keys(lua_State *L, int t, size_t *others)
{
	t = lua_absindex(L, t);
	size_t n = 0, other = 0;
	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) == LUA_TSTRING)
			n++;
		else
			other++;
	}
	/* (the keys are strings of t, which holds them while this runs) */
	const char **keys = lua_newuserdatauv(L, (n ? n : 1) * sizeof *keys, 0);
	size_t k = 0;
	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) == LUA_TSTRING && k < n)
			keys[k++] = lua_tostring(L, -1);
	}
	qsort(keys, k, sizeof *keys, cmp_str);
	lua_createtable(L, (int)k, 0);
	for (size_t i = 0; i < k; i++) {
		lua_pushstring(L, keys[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_remove(L, -2);
	if (others)
		*others = other;
	return k;
}

/* The keys of a plugin's `nodes` table are node types: one that is not
 * would silently never match, so it is a warning with the nearest type,
 * or for a Pandoc name, lede's own. Stack: the hooks table at -2, the key
 * "nodes" at -1; left as found. */
static void check_node_types(lede_engine *e, const char *chunk, lua_State *L)
{
	const char *types[LEDE_NODE__COUNT];
	for (int i = 0; i < LEDE_NODE__COUNT; i++)
		types[i] = lede_node_type_name((lede_node_type)i);
	lua_pushvalue(L, -1);
	lua_gettable(L, -3); /* the nodes table */
	size_t others = 0;
	size_t n = push_sorted_keys(L, -1, &others);
	if (others)
		lede_reportf(e, true, chunk, 0, 0,
		             "%zu key%s of 'nodes' %s not a node type name (a string); %s "
		             "never match%s",
		             others, others == 1 ? "" : "s", others == 1 ? "is" : "are",
		             others == 1 ? "it" : "they", others == 1 ? "es" : "");
	for (size_t i = 1; i <= n; i++) {
		lua_rawgeti(L, -1, (lua_Integer)i);
		const char *k = lua_tostring(L, -1);
		const char *pandoc = lede_pandoc_node_hint(k);
		if (lede_node_type_from_name(k) >= 0) {
			/* a lede type */
		} else if (!strcmp(k, "traverse")) {
			/* Pandoc's walk order: 'topdown' or 'typewise' (lede's) */
			lua_getfield(L, -3, k);
			const char *v = lua_tostring(L, -1);
			if (!lua_isstring(L, -1) ||
			    (strcmp(v, "topdown") != 0 && strcmp(v, "typewise") != 0))
				lede_reportf(e, true, chunk, 0, 0,
				             "'traverse' in 'nodes' is 'topdown' or 'typewise', "
				             "not %s; every walk raises",
				             lua_isstring(L, -1) ? v : luaL_typename(L, -1));
			lua_pop(L, 1);
		} else if (pandoc) {
			lede_reportf(e, true, chunk, 0, 0,
			             "unknown node type '%s' in 'nodes'; it never matches "
			             "(Pandoc's %s %s)",
			             k, k, pandoc);
		} else {
			const char *near = lede_nearest(k, types, LEDE_NODE__COUNT);
			lede_reportf(e, true, chunk, 0, 0,
			             "unknown node type '%s' in 'nodes'; it never matches%s%s%s", k,
			             near ? " (did you mean '" : "", near ? near : "",
			             near ? "'?)" : "");
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 2);
}

lede_plugin *lede_plugin_load(lede_engine *e, const char *name, bool format, int line, int col)
{
	return load(e, name, format, line, col, NULL);
}

lede_plugin *lede_plugin_load_sandboxed(lede_engine *e, const lede_plugin_spec *s)
{
	if (!e->sandbox_locked) {
		lede_sandbox_lock(e->L);
		e->sandbox_locked = true;
	}
	return load(e, s->name, false, s->line, s->column, s);
}

/* A plugin that exists but cannot be loaded (unreadable, does not
 * compile, raises, returns no table): said so at the build's end. */
static lede_plugin *unloadable(lede_engine *e)
{
	e->plugin_unloadable = true;
	return NULL;
}

static lede_plugin *load(lede_engine *e, const char *name, bool format, int line, int col,
                         const lede_plugin_spec *sandbox)
{
	lua_State *L = e->L;
	const char *sub = format ? "formats/" : "";
	char site_path[4096], bundled_path[4096], chunk[4200];
	snprintf(site_path, sizeof site_path, "%s/plugins/%s%s.lua", e->root, sub, name);
	snprintf(bundled_path, sizeof bundled_path, "%s/%s%s.lua", e->bundled, sub, name);
	const char *path;
	if (file_exists(site_path)) {
		path = site_path;
		snprintf(chunk, sizeof chunk, "plugins/%s%s.lua", sub, name);
	} else if (file_exists(bundled_path)) {
		path = bundled_path;
		snprintf(chunk, sizeof chunk, "[lede]/%s%s.lua", sub, name);
	} else {
		/* Suggest the nearest name among the plugins that exist. */
		char names[64][64];
		const char *ptrs[64];
		size_t n = 0;
		char dirs[2][4096];
		snprintf(dirs[0], sizeof dirs[0], "%s/plugins/%s", e->root, sub);
		snprintf(dirs[1], sizeof dirs[1], "%s/%s", e->bundled, sub);
		for (int d = 0; d < 2; d++) {
			DIR *dir = opendir(dirs[d]);
			struct dirent *ent;
			while (dir && (ent = readdir(dir)) && n < 64) {
				size_t l = strlen(ent->d_name);
				if (l > 4 && l < 64 && !strcmp(ent->d_name + l - 4, ".lua")) {
					memcpy(names[n], ent->d_name, l - 4);
					names[n][l - 4] = '\0';
					ptrs[n] = names[n];
					n++;
				}
			}
			if (dir)
				closedir(dir);
		}
		const char *near = lede_nearest(name, ptrs, n);
		/* Every folder searched, the bundled one relative to the current
		 * folder when inside it (stable messages in a source tree). */
		char cwd[4096];
		const char *site_dir = strncmp(dirs[0], "./", 2) ? dirs[0] : dirs[0] + 2;
		const char *lede_dir = dirs[1];
		size_t cl = realpath(".", cwd) ? strlen(cwd) : 0;
		if (cl && !strncmp(lede_dir, cwd, cl) && lede_dir[cl] == '/')
			lede_dir += cl + 1;
		struct stat bst;
		bool missing = stat(e->bundled, &bst) != 0 || !S_ISDIR(bst.st_mode);
		lede_reportf(
		    e, false, e->config_file, line, col,
		    "unknown %s '%s': no %s.lua in %s (the site's) nor in %s (lede's bundled "
		    "plugins%s; set LEDE_PLUGINS to the folder that holds them)%s%s%s",
		    format ? "format" : "plugin", name, name, site_dir, lede_dir,
		    missing ? ", which does not exist" : "", near ? "; did you mean '" : "",
		    near ? near : "", near ? "'?" : "");
		if (format)
			e->outlets_unbuildable = true;
		else
			e->config_unusable = true;
		return NULL;
	}
	int rc = lede_lua_loadfile(L, path, chunk);
	if (rc == LUA_ERRFILE) {
		lede_reportf(e, false, chunk, 0, 0, "cannot read the plugin");
		return unloadable(e);
	}
	if (rc != LUA_OK) {
		/* A syntax error already reads "chunk:line: message"; a
		 * precompiled file's ("attempt to load a binary chunk") names
		 * no file */
		lede_buf b = LEDE_BUF_INIT;
		const char *msg = lua_tostring(L, -1);
		if (msg && strncmp(msg, chunk, strlen(chunk)))
			lede_buf_printf(
			    &b, "%s: %s%s\n", chunk, msg,
			    strstr(msg, "binary chunk")
			        ? "; plugins are Lua source (.lua text), not precompiled"
			        : "");
		else
			lede_buf_printf(&b, "%s\n", msg ? msg : "cannot load the plugin");
		lede_diag(e, LEDE_DIAG_ERROR, NULL, b.data, b.len);
		lede_buf_free(&b);
		lua_pop(L, 1);
		return unloadable(e);
	}
	lede_plugin tmp = {.name = (char *)name, .chunk = chunk};
	if (sandbox) {
		lede_sandbox_env(L);
		lua_setupvalue(L, -2, 1); /* the chunk's _ENV */
		tmp.sandbox = true;
		tmp.instructions = sandbox->instructions;
		tmp.memory = (size_t)sandbox->memory;
		tmp.raw_html = sandbox->raw_html;
	}
	if (lede_lua_call(e, 0, 1, &tmp, NULL, NULL) != 0)
		return unloadable(e);
	if (!lua_istable(L, -1)) {
		lede_reportf(e, false, chunk, 0, 0,
		             "a plugin must return a table of hooks, not %s; end the file with "
		             "'return { article = function(a) ... end }'",
		             luaL_typename(L, -1));
		lua_pop(L, 1);
		return unloadable(e);
	}
	e->plugins = lede_xrealloc(e->plugins, (e->nplugins + 1) * sizeof *e->plugins);
	lede_plugin *p = lede_xcalloc(1, sizeof *p);
	p->name = lede_xstrdup(name);
	p->chunk = lede_xstrdup(chunk);
	p->sandbox = tmp.sandbox;
	p->instructions = tmp.instructions;
	p->memory = tmp.memory;
	p->raw_html = tmp.raw_html;
	/* Check the table once: absent hooks cost nothing later, and a typo in a
	 * hook name is reported instead of silently never running (once per
	 * file, not per instance). */
	bool first = true;
	for (size_t i = 0; i < e->nplugins; i++)
		if (!strcmp(e->plugins[i]->chunk, chunk))
			first = false;
	size_t nkeys = push_sorted_keys(L, -1, NULL);
	lua_insert(L, -2); /* the keys, then the hooks table */
	for (size_t ki = 1; ki <= nkeys; lua_pop(L, 1), ki++) {
		lua_rawgeti(L, -2, (lua_Integer)ki);
		const char *k = lua_tostring(L, -1);
		int h = -1;
		for (int i = 0; i < LEDE_HOOK__COUNT; i++)
			if (!strcmp(k, lede_hook_names[i]))
				h = i;
		if (!strcmp(k, "parallel")) {
			/* `parallel = false`: the plugin keeps state across
			 * articles, so the build runs on one state, in order. */
			int v = flag_key(e, L, chunk, k);
			p->serial = v == 0;
			p->pages_parallel = v == 1;
			continue;
		}
		if (!strcmp(k, "media_type")) {
			/* a format's `media_type = "text/plain"`: what it writes,
			 * so that lede.yaml cannot name its files as HTML pages */
			lua_pushvalue(L, -1);
			lua_gettable(L, -3);
			size_t len = 0;
			const char *v =
			    lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
			const char *slash = v ? strchr(v, '/') : NULL;
			if (!v || !slash || slash == v || !slash[1] ||
			    len >= sizeof p->media_type || strpbrk(v, " ;\t\r\n"))
				lede_reportf(
				    e, false, chunk, 0, 0,
				    "'media_type' must be a media type like \"text/plain\", not %s",
				    v ? v : luaL_typename(L, -1));
			else
				memcpy(p->media_type, v, len + 1);
			lua_pop(L, 1);
			continue;
		}
		if (!strcmp(k, "withheld")) {
			/* a format's `withheld = true`: it lists a withheld story
			 * marked so, without the story (the core gives it one
			 * only then: a format that does not know the mark would
			 * publish what is held back) */
			p->lists_withheld = flag_key(e, L, chunk, k) == 1;
			continue;
		}
		if (h < 0) {
			if (k[0] == '_' || !first)
				continue; /* private fields are the plugin's own business */
			/* at the line of its function, where the typo is: a
			 * plugin's table is no source the message could point
			 * into otherwise */
			int fline = 0;
			lua_pushvalue(L, -1);
			lua_rawget(L, -3); /* (no metamethod of the plugin's runs here) */
			if (lua_type(L, -1) == LUA_TFUNCTION) {
				lua_Debug ar;
				lua_getinfo(L, ">S", &ar); /* pops the function */
				fline = ar.linedefined > 0 ? ar.linedefined : 0;
			} else
				lua_pop(L, 1);
			const char *near = lede_nearest(k, lede_hook_names, LEDE_HOOK__COUNT);
			lede_reportf(e, true, chunk, fline, 0,
			             "unknown hook '%s', which never runs%s%s%s (a key of the "
			             "plugin's own starts with '_')",
			             k, near ? "; did you mean '" : "", near ? near : "",
			             near ? "'?" : "");
			continue;
		}
		lua_pushvalue(L, -1);
		lua_gettable(L, -3);
		bool ok = h == LEDE_HOOK_NODES ? lua_istable(L, -1) : lua_isfunction(L, -1);
		lua_pop(L, 1);
		if (!ok) {
			lede_reportf(e, false, chunk, 0, 0, "hook '%s' must be a %s", k,
			             h == LEDE_HOOK_NODES ? "table of functions by node type"
			                                  : "function");
			p->failed = true;
			continue;
		}
		p->has[h] = true;
		if (h == LEDE_HOOK_NODES && first)
			check_node_types(e, chunk, L);
	}
	lua_remove(L, -2); /* the keys */
	p->ref = luaL_ref(L, LUA_REGISTRYINDEX);
	e->plugins[e->nplugins++] = p;
	return p;
}

void lede_plugin_push_hook(lede_engine *e, const lede_plugin *p, enum lede_hook h)
{
	lua_rawgeti(e->L, LUA_REGISTRYINDEX, p->ref);
	lua_getfield(e->L, -1, lede_hook_names[h]);
	lua_remove(e->L, -2);
}

static const lede_template *partial_cb(void *ud, const char *name, size_t len, lede_error *err)
{
	return lede_template_get(ud, name, len, err);
}

/* A template looked up before: its entry, or NULL. */
static lede_template_entry *template_entry(lede_engine *e, const char *name, size_t len)
{
	for (size_t i = 0; i < e->ntemplates; i++)
		if (strlen(e->templates[i].name) == len && !memcmp(e->templates[i].name, name, len))
			return &e->templates[i];
	return NULL;
}

/* Remembers name's template, or that there is none (t NULL; err: why it
 * does not parse, or NULL when there is no such file): a partial missing
 * or broken is looked for, read and parsed once an engine, not once a
 * page. */
static void template_keep(lede_engine *e, const char *name, size_t len, lede_template *t,
                          const lede_error *err)
{
	e->templates = lede_xrealloc(e->templates, (e->ntemplates + 1) * sizeof *e->templates);
	lede_template_entry *en = &e->templates[e->ntemplates++];
	memset(en, 0, sizeof *en);
	en->name = lede_xstrndup(name, len);
	en->t = t;
	if (err) {
		en->err = lede_xmalloc(sizeof *en->err);
		*en->err = *err;
	}
}

const lede_template *lede_template_get(lede_engine *e, const char *name, size_t len,
                                       lede_error *err)
{
	lede_template_entry *en = template_entry(e, name, len);
	if (en) {
		if (en->err)
			*err = *en->err;
		return en->t;
	}
	char file[512];
	bool has_ext = len > 9 && !memcmp(name + len - 9, ".mustache", 9);
	snprintf(file, sizeof file, "%.*s%s", (int)len, name, has_ext ? "" : ".mustache");
	/* No file: the renderer puts the tag's place ({{>../x}} at its line
	 * and column) before the message. A NUL or a name cut short would
	 * look up another file than the one named. */
	if (len > 255 || memchr(name, '\0', len) || !lede_path_is_contained(file)) {
		lede_error_set(err, "", 0, 0,
		               "bad template name '%.*s'; name a file in %s/ by a relative path "
		               "without '..'",
		               (int)(len > 255 ? 255 : len), name,
		               e->cfg ? e->cfg->templates_dir : "templates");
		return NULL;
	}
	char p1[4096], p2[4096], shown[4200];
	snprintf(p1, sizeof p1, "%s/%s/%s", e->root, e->cfg ? e->cfg->templates_dir : "templates",
	         file);
	snprintf(p2, sizeof p2, "%s/templates/%s", e->bundled, file);
	size_t n;
	char *src = lede_read_file(p1, &n);
	if (src) {
		snprintf(shown, sizeof shown, "%s/%s", e->cfg ? e->cfg->templates_dir : "templates",
		         file);
	} else {
		src = lede_read_file(p2, &n);
		snprintf(shown, sizeof shown, "[lede]/templates/%s", file);
	}
	if (!src) {
		template_keep(e, name, len, NULL, NULL);
		return NULL; /* the spec: a missing partial renders as nothing */
	}
	/* An editor's byte order mark is no part of the page (it would print
	 * as U+FEFF before the doctype, or inside a partial's markup); bytes
	 * that are not UTF-8 would make the page, declared UTF-8, invalid. */
	size_t bom = n >= 3 && !memcmp(src, "\xEF\xBB\xBF", 3) ? 3 : 0;
	lede_template *t = NULL;
	if (lede_error_utf8(err, shown, src + bom, n - bom, 1) == 0)
		t = lede_template_parse(shown, src + bom, n - bom, err);
	else
		lede_error_snippet(err, src + bom, n - bom, err->line);
	free(src);
	if (t)
		lede_template_check(t, &e->template_names);
	template_keep(e, name, len, t, t ? NULL : err);
	return t;
}

/* Adds the names of dir's templates (NAME for NAME.mustache) to *v. */
static void template_names(const char *dir, char ***v, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *ent;
	while (d && (ent = readdir(d)) && *n < 1000) {
		size_t l = strlen(ent->d_name);
		if (l > 9 && !strcmp(ent->d_name + l - 9, ".mustache")) {
			*v = lede_xrealloc(*v, (*n + 1) * sizeof **v);
			(*v)[(*n)++] = lede_xstrndup(ent->d_name, l - 9);
		}
	}
	if (d)
		closedir(d);
}

const char *lede_template_nearest(lede_engine *e, const char *name, size_t len)
{
	lede_template_entry *en = template_entry(e, name, len);
	if (en && en->near_known)
		return en->near;
	char dir[4096], word[256];
	char **v = NULL;
	size_t n = 0;
	snprintf(dir, sizeof dir, "%s/%s", e->root, e->cfg ? e->cfg->templates_dir : "templates");
	template_names(dir, &v, &n);
	snprintf(dir, sizeof dir, "%s/templates", e->bundled);
	template_names(dir, &v, &n);
	/* (readdir's order is the disk's: sorted, the nearest is the first
	 * in byte order whatever the machine) */
	qsort(v, n, sizeof *v, cmp_str);
	bool has_ext = len > 9 && !memcmp(name + len - 9, ".mustache", 9);
	snprintf(word, sizeof word, "%.*s", (int)(len < 255 ? (has_ext ? len - 9 : len) : 255),
	         name);
	const char *near = lede_nearest(word, (const char *const *)v, n);
	char *kept = near ? lede_xstrdup(near) : NULL;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	if (en) {
		en->near = kept;
		en->near_known = true;
	}
	return kept;
}

static const char *nearest_cb(void *ud, const char *name, size_t len)
{
	return lede_template_nearest(ud, name, len);
}

/* A template file's tag that renders as nothing by mistake: warned once
 * per tag for the whole build, by the first page (in path order) that
 * rendered it; the others are counted. Each page's warning is kept with
 * it, so a build that reuses the page says the same. */
static void warn_cb(void *ud, const lede_error *w)
{
	lede_engine *e = ud;
	lede_error m = *w;
	if (e->cur_article) {
		size_t l = strlen(m.msg);
		snprintf(m.msg + l, sizeof m.msg - l, " (rendering %s; said once for the build)",
		         e->cur_article->path);
	}
	lede_buf b = LEDE_BUF_INIT, key = LEDE_BUF_INIT;
	lede_error_format(&m, "warning", &b);
	lede_buf_printf(&key, "tag:%s:%d:%d", w->file, w->line, w->column);
	/* (no article in the key: a build state keeps a page's messages as
	 * text and its once-keys without one) */
	lede_diag(e, LEDE_DIAG_WARNING, lede_buf_cstr(&key), b.data, b.len);
	lede_buf_free(&key);
	lede_buf_free(&b);
}

void lede_template_env_init(lede_engine *e, lede_template_env *env)
{
	memset(env, 0, sizeof *env);
	env->partial = partial_cb;
	env->ud = e;
	env->warn = warn_cb;
	env->nearest = nearest_cb;
}
