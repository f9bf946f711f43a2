/* script.c: `lede run SCRIPT.lua [ARGS]`, publish scripts. The site is
 * loaded as a build loads it (articles parsed, article hooks run); the
 * script gets `arg` and lede.site(), whose queries are written in Lua
 * (plugins/lib/site.lua) over the primitives this file provides: the
 * articles, publishing an outlet, rendering one article, whether one is
 * held back. */
#include "engine.h"

#include "output.h"

#include <errno.h>
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static lede_engine *engine(lua_State *L)
{
	lede_engine *e = lede_lua_engine(L);
	if (!e || !e->arts)
		luaL_error(L, "the site is not loaded");
	return e;
}

/* _articles() -> every loaded article, newest first */
static int s_articles(lua_State *L)
{
	lede_engine *e = engine(L);
	lua_newtable(L);
	lua_Integer k = 1;
	for (size_t i = 0; i < e->narts; i++)
		if (e->arts[i]) {
			lede_article_push(L, e->arts[i]);
			lua_rawseti(L, -2, k++);
		}
	return 1;
}

/* _publish(name): one outlet, pages and collections */
static int s_publish(lua_State *L)
{
	lede_engine *e = engine(L);
	lede_outlet_rt *o = lede_outlet_check(L, e, 1);
	int before = e->nwritten, errors = e->nerrors;
	lede_engine_copy_static(e);
	lede_engine_publish(e, o);
	e->published = true;
	lua_pushinteger(L, e->nwritten - before);
	lua_pushinteger(L, e->nerrors - errors);
	return 2;
}

/* _render(a, name) -> text, url | nil, why */
static int s_render(lua_State *L)
{
	lede_engine *e = engine(L);
	lede_article *a = lede_article_check(L, 1);
	return lede_render_push(e, lede_outlet_check(L, e, 2), a);
}

/* _outlets() -> names in config order */
static int s_outlets(lua_State *L)
{
	lede_engine *e = engine(L);
	lua_createtable(L, (int)e->noutlets, 0);
	for (size_t i = 0; i < e->noutlets; i++) {
		lua_pushstring(L, e->outlets[i].cfg->name);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

/* _held(a) -> why the article is held back (lede_article_held), or nil */
static int s_held(lua_State *L)
{
	lede_engine *e = engine(L);
	const char *why = lede_article_held(e, lede_article_check(L, 1));
	if (why)
		lua_pushstring(L, why);
	else
		lua_pushnil(L);
	return 1;
}

static int s_config(lua_State *L)
{
	lede_site_push(engine(L), NULL);
	return 1;
}

/* Loads plugins/lib/NAME.lua from lede's bundled plugins (a library for
 * scripts, not a plugin). Pushes what it returns. */
static int load_lib(lua_State *L, lede_engine *e, const char *name)
{
	int top = lua_gettop(L);
	const char *path = lua_pushfstring(L, "%s/lib/%s.lua", e->bundled, name);
	const char *chunk = lua_pushfstring(L, "[lede]/lib/%s.lua", name);
	int rc = lede_lua_loadfile(L, path, chunk);
	if (rc == LUA_ERRFILE)
		lede_reportf(e, false, path, 0, 0, "cannot read lede's script library");
	else if (rc != LUA_OK)
		fprintf(stderr, "%s\n", lua_tostring(L, -1));
	if (rc != LUA_OK) {
		lua_settop(L, top);
		return -1;
	}
	lua_replace(L, top + 1); /* the chunk, over the path and name */
	lua_settop(L, top + 1);
	return lede_lua_call(e, 0, 1, NULL, NULL, NULL);
}

int lede_script_main(const lede_options *o, const char *script, int argc, char **argv)
{
	lede_error err;
	lede_error_clear(&err);
	lede_engine *e = lede_engine_new(o, &err);
	if (!e) {
		lede_report(NULL, &err, false);
		return 2;
	}
	int status = 1;
	lua_State *L = e->L;
	if (lede_engine_load(e) != 0 && e->config_error) {
		status = 2;
		goto out;
	}
	/* lede.site() builds its object from the primitives. */
	static const luaL_Reg prims[] = {
	    {"articles", s_articles},
	    {"publish", s_publish},
	    {"render", s_render},
	    {"outlets", s_outlets},
	    {"config", s_config},
	    {"held", s_held},
	    {NULL, NULL},
	};
	if (load_lib(L, e, "site") != 0)
		goto out;
	if (!lua_isfunction(L, -1)) {
		lede_reportf(e, false, "[lede]/lib/site.lua", 0, 0, "must return a function");
		goto out;
	}
	lua_newtable(L);
	luaL_setfuncs(L, prims, 0);
	if (lede_lua_call(e, 1, 1, NULL, NULL, NULL) != 0)
		goto out;
	lua_getglobal(L, "lede");
	lua_insert(L, -2);
	lua_setfield(L, -2, "site"); /* lede.site = the function site.lua made */
	lua_pop(L, 1);

	/* arg, as the lua command sets it: arg[0] the script, arg[1..] ARGS */
	lua_createtable(L, argc, 1);
	lua_pushstring(L, script);
	lua_rawseti(L, -2, 0);
	for (int i = 0; i < argc; i++) {
		lua_pushstring(L, argv[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setglobal(L, "arg");

	int rc = lede_lua_loadfile(L, script, NULL);
	if (rc == LUA_ERRFILE) {
		int why = errno;
		/* The path is the shell's, not the site's: with -C, the usual
		 * mistake is a script named from the site folder. */
		const char *there = o->root && script[0] != '/'
		                        ? lua_pushfstring(L, "%s/%s", o->root, script)
		                        : NULL;
		if (why == ENOENT && there && access(there, R_OK) == 0)
			fprintf(
			    stderr,
			    "lede: cannot read %s: %s; a script's path is read from the current "
			    "folder, not from -C: give it as %s\n",
			    script, strerror(why), there);
		else
			fprintf(stderr, "lede: cannot read %s: %s\n", script, strerror(why));
		status = 2;
		goto out;
	}
	if (rc != LUA_OK) {
		fprintf(stderr, "%s\n", lua_tostring(L, -1));
		goto out;
	}
	for (int i = 0; i < argc; i++)
		lua_pushstring(L, argv[i]);
	if (lede_lua_call(e, argc, 0, NULL, NULL, NULL) == 0 && e->published)
		lede_engine_finish(e);
	status = e->nerrors ? 1 : 0;
out:
	lede_engine_release(e);
	lede_engine_free(e);
	return status;
}
