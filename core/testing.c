/* testing.c: `lede test`, the runner for plugin tests written in Lua. A
 * test file calls test(name, fn); inside, eq/ok/raises/contains assert and
 * lede.test makes articles from strings or files, loads plugins, and
 * renders an article for an outlet the way a build would. */
#include "editions.h"
#include "engine.h"

#include "lua_value.h"
#include "output.h"

#include <errno.h>
#include <lauxlib.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char default_config[] =
    "site: {title: Test site, base_url: 'https://example.org', language: en}\n"
    "outlets:\n"
    "  web: {format: html, path: '{lang}/{section}/{slug}/'}\n";

typedef struct {
	lede_engine *e;
	lede_extract_ctx *x;
	lede_article **made; /* released after each test */
	size_t nmade;
	bool load_failed; /* lede.test.plugin met a plugin that cannot load */
	bool scanned;     /* the site's editions looked for (site_editions) */
} tstate;

static tstate *ts(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, "lede.test.state");
	tstate *t = lua_touserdata(L, -1);
	lua_pop(L, 1);
	return t;
}

static void track(tstate *t, lede_article *a)
{
	t->made = lede_xrealloc(t->made, (t->nmade + 1) * sizeof *t->made);
	t->made[t->nmade++] = a;
}

static int push_parsed(lua_State *L, const char *path, const char *text, size_t len)
{
	tstate *t = ts(L);
	lede_article_opts o = {
	    .default_lang = t->e->cfg->language,
	    .markdown = {.allow_raw_html = t->e->cfg->allow_raw_html},
	    .unicode_slugs = t->e->cfg->unicode_slugs,
	    .extract = t->x,
	    .max_bytes = t->e->cfg->article_bytes,
	};
	lede_error err;
	lede_error_clear(&err);
	lede_article *a = lede_article_parse(path, text, len, &o, &err);
	if (!a) {
		return lede_error_raise(L, &err);
	}
	track(t, a);
	lede_article_push(L, a);
	return 1;
}

/* lede.test.article(text [, path]): an article from a whole file's text */
static int t_article(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	const char *path = luaL_optstring(L, 2, "test.md");
	return push_parsed(L, path, s, n);
}

/* lede.test.file(path): an article from a file (relative to the site, or
 * absolute: an article of a content folder given as an absolute path,
 * named so in a build and in the site's editions) */
static int t_file(lua_State *L)
{
	tstate *t = ts(L);
	const char *path = luaL_checkstring(L, 1);
	char full[4096];
	if (path[0] == '/')
		snprintf(full, sizeof full, "%s", path);
	else
		snprintf(full, sizeof full, "%s/%s", t->e->root, path);
	size_t n;
	char *text = lede_read_file(full, &n);
	if (!text)
		return luaL_error(L, "lede.test.file: cannot read %s", path);
	/* An absolute path in the site folder, with a content folder given
	 * relative to it: the article is named from the site folder, as a
	 * build names it (and its editions know it). */
	char root[PATH_MAX];
	size_t rl;
	if (path[0] == '/' && t->e->cfg->content_dir[0] != '/' && realpath(t->e->root, root) &&
	    (rl = strlen(root)) && !strncmp(path, root, rl) && path[rl] == '/' && path[rl + 1])
		path += rl + 1;
	lua_pushlstring(L, text, n);
	free(text);
	return push_parsed(L, path, lua_tostring(L, -1), n);
}

/* lede.test.render(a, outlet) -> text, url | nil, why: the article through
 * the outlet's filter, transforms, node filters and format, as a build
 * does (nothing is written). */
/* The site's editions, found once as a build finds them before it
 * starts: an article of the content folder (lede.test.file, or
 * lede.test.article given its path) then has a.translations, and the html
 * format its language switcher. Quiet where the site has no content
 * folder (most plugin tests make their articles from strings). */
static void site_editions(tstate *t)
{
	lede_engine *e = t->e;
	if (t->scanned || e->editions)
		return;
	t->scanned = true;
	lede_buf dir = LEDE_BUF_INIT;
	if (e->cfg->content_dir[0] == '/')
		lede_buf_puts(&dir, e->cfg->content_dir);
	else
		lede_buf_join(&dir, e->root, '/', e->cfg->content_dir);
	struct stat st;
	bool there = stat(lede_buf_cstr(&dir), &st) == 0 && S_ISDIR(st.st_mode);
	lede_buf_free(&dir);
	size_t n = 0;
	char **paths = there ? lede_content_paths(e, &n) : NULL;
	if (paths && n)
		e->editions = lede_editions_scan(e->root, paths, n, e->cfg->language, &e->now, 1,
		                                 e->cfg->article_bytes, e->cfg->unicode_slugs);
	for (size_t i = 0; paths && i < n; i++)
		free(paths[i]);
	free(paths);
}

static int t_render(lua_State *L)
{
	tstate *t = ts(L);
	lede_article *src = lede_article_check(L, 1);
	site_editions(t);
	return lede_render_push(t->e, lede_outlet_check(L, t->e, 2), src);
}

/* lede.test.record(a [, fragment]) -> the collection record of a, as an
 * index hook sees it in a build (no body; a.fragment is fragment). */
static int t_record(lua_State *L)
{
	tstate *t = ts(L);
	lede_article *a = lede_article_check(L, 1);
	lede_buf msg = LEDE_BUF_INIT;
	lede_value *frag = NULL;
	if (!lua_isnoneornil(L, 2)) {
		frag = lede_value_from_lua(L, 2, lede_records_arena(t->e), "the fragment", &msg);
		if (!frag) {
			lua_pushstring(L, lede_buf_cstr(&msg));
			lede_buf_free(&msg);
			return lua_error(L);
		}
	}
	lede_buf_free(&msg);
	/* A script may have changed a outside a hook: the record takes what
	 * the article holds now. */
	lede_buf why = LEDE_BUF_INIT;
	if (lede_article_sync(L, a, &why) != 0) {
		lua_pushstring(L, lede_buf_cstr(&why));
		lede_buf_free(&why);
		return lua_error(L);
	}
	lede_buf_free(&why);
	lede_article_push(L, lede_article_record(lede_records_arena(t->e), a, frag));
	return 1;
}

/* lede.test.outlet(name) -> the outlet table hooks receive */
static int t_outlet(lua_State *L)
{
	tstate *t = ts(L);
	lede_outlet_push(t->e, lede_outlet_check(L, t->e, 1));
	return 1;
}

/* lede.test.plugin(name [, opts]) -> its hooks table, after setup */
static int t_plugin(lua_State *L)
{
	tstate *t = ts(L);
	const char *name = luaL_checkstring(L, 1);
	bool format = !strncmp(name, "formats/", 8);
	/* A plugin that loads with an error reported (a hook that is not a
	 * function) would not load in a build either: the run's exit status is
	 * then 2, as for a plugin of lede.yaml, even when a test caught the
	 * error. */
	int before = t->e->nerrors;
	lede_buf_reset(&t->e->last_error);
	lede_plugin *p = lede_plugin_load(t->e, format ? name + 8 : name, format, 0, 0);
	if (!p || t->e->nerrors > before) {
		t->load_failed = true;
		/* An error its file raised was captured, not printed. */
		lede_buf *why = &t->e->last_error;
		while (why->len && why->data[why->len - 1] == '\n')
			why->len--;
		if (why->len)
			return luaL_error(L, "lede.test.plugin: cannot load '%s': %s", name,
			                  lede_buf_cstr(why));
		return luaL_error(L, "lede.test.plugin: cannot load '%s' (see above)", name);
	}
	if (p->has[LEDE_HOOK_SETUP]) {
		lede_plugin_push_hook(t->e, p, LEDE_HOOK_SETUP);
		lede_site_push(t->e, NULL);
		if (lua_istable(L, 2))
			lua_pushvalue(L, 2);
		else
			lua_newtable(L);
		lua_call(L, 2, 0);
	}
	lua_rawgeti(L, LUA_REGISTRYINDEX, p->ref);
	return 1;
}

/* --- assertions ------------------------------------------------------------ */

static void show(lua_State *L, int i, lede_buf *b)
{
	if (lua_type(L, i) == LUA_TSTRING) {
		lede_buf_printf(b, "\"%s\"", lua_tostring(L, i));
		return;
	}
	if (lua_istable(L, i)) {
		lede_json_encode(L, i, b, 0);
		return;
	}
	size_t n;
	const char *s = luaL_tolstring(L, i, &n);
	lede_buf_put(b, s, n);
	lua_pop(L, 1);
}

static bool deep_eq(lua_State *L, int a, int b, int depth)
{
	a = lua_absindex(L, a);
	b = lua_absindex(L, b);
	if (lua_type(L, a) != LUA_TTABLE || lua_type(L, b) != LUA_TTABLE)
		return lua_compare(L, a, b, LUA_OPEQ) &&
		       (lua_type(L, a) != LUA_TNUMBER ||
		        lua_isinteger(L, a) == lua_isinteger(L, b) ||
		        lua_tonumber(L, a) == lua_tonumber(L, b));
	if (depth > 50)
		return false;
	luaL_checkstack(L, 6, "eq: tables nested too deep");
	for (int pass = 0; pass < 2; pass++) {
		int x = pass ? b : a, y = pass ? a : b;
		lua_pushnil(L);
		while (lua_next(L, x)) {
			lua_pushvalue(L, -2);
			lua_gettable(L, y);
			bool same = deep_eq(L, -2, -1, depth + 1);
			lua_pop(L, 2);
			if (!same) {
				lua_pop(L, 1);
				return false;
			}
		}
	}
	return true;
}

static int a_eq(lua_State *L)
{
	luaL_checkany(L, 2);
	if (deep_eq(L, 1, 2, 0))
		return 0;
	lede_buf *b = lede_buf_box(L);
	if (lua_isstring(L, 3))
		lede_buf_printf(b, "%s: ", lua_tostring(L, 3));
	lede_buf_puts(b, "expected ");
	show(L, 2, b);
	lede_buf_puts(b, ", got ");
	show(L, 1, b);
	lua_pushlstring(L, b->data, b->len);
	luaL_where(L, 1);
	lua_insert(L, -2);
	lua_concat(L, 2);
	return lua_error(L);
}

static int a_ok(lua_State *L)
{
	if (lua_toboolean(L, 1))
		return 0;
	luaL_where(L, 1);
	lua_pushstring(L, luaL_optstring(L, 2, "expected a true value"));
	lua_concat(L, 2);
	return lua_error(L);
}

static int a_contains(lua_State *L)
{
	size_t n, m;
	const char *h = luaL_checklstring(L, 1, &n);
	const char *s = luaL_checklstring(L, 2, &m);
	for (size_t i = 0; m <= n && i + m <= n; i++)
		if (!memcmp(h + i, s, m))
			return 0;
	luaL_where(L, 1);
	lua_pushfstring(L, "expected to find \"%s\" in \"%s\"", s, h);
	lua_concat(L, 2);
	return lua_error(L);
}

/* raises(fn, text): fn must raise an error whose message contains text;
 * returns the message. */
static int a_raises(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TFUNCTION);
	const char *want = luaL_optstring(L, 2, NULL);
	lua_pushvalue(L, 1);
	if (lua_pcall(L, 0, 0, 0) == LUA_OK) {
		luaL_where(L, 1);
		lua_pushliteral(L, "expected an error, but none was raised");
		lua_concat(L, 2);
		return lua_error(L);
	}
	const char *msg = lua_tostring(L, -1);
	if (!msg)
		msg = "(not a string)";
	if (want && !strstr(msg, want)) {
		luaL_where(L, 1);
		lua_pushfstring(L, "expected an error containing \"%s\", got \"%s\"", want, msg);
		lua_concat(L, 2);
		return lua_error(L);
	}
	lua_pushstring(L, msg);
	return 1;
}

static int a_test(lua_State *L)
{
	luaL_checkstring(L, 1);
	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_getfield(L, LUA_REGISTRYINDEX, "lede.test.list");
	lua_createtable(L, 2, 0);
	lua_pushvalue(L, 1);
	lua_rawseti(L, -2, 1);
	lua_pushvalue(L, 2);
	lua_rawseti(L, -2, 2);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

/* Calls the function on the stack's top (the traceback handler under it)
 * as a build calls a hook: within limits.hook_seconds, so that an endless
 * loop fails its test instead of hanging the run, and with os.exit refused
 * (cur_hook set), since it would end the run with no summary and the exit
 * status it was given, whatever failed before. */
static int call_test(lede_engine *e)
{
	const char *saved = e->cur_hook;
	e->cur_hook = "test";
	bool timed = e->hook_seconds > 0;
	if (timed) {
		lede_deadline_set(e, e->hook_seconds);
		e->running = NULL;
	}
	lede_guard_arm(e);
	int rc = lua_pcall(e->L, 0, 0, -2);
	if (timed) {
		lede_deadline_set(e, 0);
		e->running = NULL;
		lede_guard_arm(e);
	}
	e->cur_hook = saved;
	return rc;
}

static void release_made(lua_State *L, tstate *t)
{
	for (size_t i = 0; i < t->nmade; i++)
		lede_article_release(L, t->made[i]);
	t->nmade = 0;
}

int lede_test_main(const char *root, const char *const *files, size_t nfiles)
{
	lede_options o = {.root = root,
	                  .default_config = default_config,
	                  .quiet = true,
	                  .check_only = true,
	                  .jobs = 1};
	lede_error err;
	lede_error_clear(&err);
	lede_engine *e = lede_engine_new(&o, &err);
	if (!e) {
		lede_report(NULL, &err, false);
		return 2;
	}
	e->capture = true;
	lua_State *L = e->L;
	if (lede_engine_prepare(e) != 0) {
		lede_engine_free(e);
		return 2;
	}
	tstate t = {.e = e, .x = lede_extract_ctx_new(e->extractor)};
	lua_pushlightuserdata(L, &t);
	lua_setfield(L, LUA_REGISTRYINDEX, "lede.test.state");
	static const luaL_Reg lib[] = {
	    {"article", t_article}, {"file", t_file},     {"render", t_render},
	    {"outlet", t_outlet},   {"plugin", t_plugin}, {"record", t_record},
	    {NULL, NULL},
	};
	lua_getglobal(L, "lede");
	lua_newtable(L);
	luaL_setfuncs(L, lib, 0);
	lua_setfield(L, -2, "test");
	lua_pop(L, 1);
	static const luaL_Reg globals[] = {
	    {"test", a_test},         {"eq", a_eq}, {"ok", a_ok}, {"raises", a_raises},
	    {"contains", a_contains}, {NULL, NULL},
	};
	lua_pushglobaltable(L);
	luaL_setfuncs(L, globals, 0);
	lua_pop(L, 1);

	int passed = 0, failed = 0;
	for (size_t f = 0; f < nfiles; f++) {
		lua_newtable(L);
		lua_setfield(L, LUA_REGISTRYINDEX, "lede.test.list");
		lua_pushcfunction(L, lede_lua_traceback);
		int rc = lede_lua_loadfile(L, files[f], NULL);
		if (rc == LUA_ERRFILE) {
			int why = errno;
			printf("not ok - %s: cannot read: %s\n", files[f], strerror(why));
			lua_pop(L, 1);
			failed++;
			continue;
		}
		if (rc == LUA_OK)
			rc = call_test(e);
		if (rc != LUA_OK) {
			printf("not ok - %s\n", files[f]);
			fprintf(stderr, "  %s\n", lua_tostring(L, -1));
			lua_pop(L, 2);
			failed++;
			release_made(L, &t);
			continue;
		}
		lua_pop(L, 1);
		lua_getfield(L, LUA_REGISTRYINDEX, "lede.test.list");
		lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
		for (lua_Integer i = 1; i <= n; i++) {
			lua_rawgeti(L, -1, i);
			lua_rawgeti(L, -1, 1);
			const char *name = lua_tostring(L, -1);
			lua_pushcfunction(L, lede_lua_traceback);
			lua_rawgeti(L, -3, 2);
			if (call_test(e) == LUA_OK) {
				printf("ok - %s: %s\n", files[f], name);
				passed++;
				lua_pop(L, 1);
			} else {
				printf("not ok - %s: %s\n", files[f], name);
				fprintf(stderr, "  %s: %s\n    %s\n", files[f], name,
				        lua_tostring(L, -1));
				failed++;
				lua_pop(L, 2);
			}
			lua_pop(L, 2);
			release_made(L, &t);
			lua_gc(L, LUA_GCCOLLECT);
		}
		lua_pop(L, 1);
	}
	printf("%d passed, %d failed\n", passed, failed);
	free(t.made);
	lede_extract_ctx_free(t.x);
	bool load_failed = t.load_failed;
	lede_editions_free(e->editions);
	e->editions = NULL;
	lede_engine_free(e);
	return load_failed ? 2 : failed ? 1 : 0;
}
