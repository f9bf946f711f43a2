/* bridge.c: every Lua stack manipulation the build steps need (bridge.h):
 * the site and outlet tables, the hooks of an article's way through an
 * outlet, filter.lua, and the Lua-facing helpers scripts and tests use to
 * render one article. */
#include "bridge.h"

#include "lua_value.h"

#include <lauxlib.h>
#include <stdint.h>
#include <string.h>

/* --- the tables plugins get --------------------------------------------- */

void lede_site_push(lede_engine *e, const lede_value *override)
{
	lua_State *L = e->L;
	if (e->cfg->site)
		lede_value_push(L, e->cfg->site);
	else
		lua_newtable(L);
	if (override && override->type == LEDE_MAP)
		for (size_t i = 0; i < override->u.list.n; i++) {
			lede_value_push(L, override->u.list.items[i]);
			lua_setfield(L, -2, override->u.list.keys[i]);
		}
	static const char *const defaults[][2] = {
	    {"title", ""}, {"base_url", ""}, {"language", "en"}};
	for (size_t i = 0; i < 3; i++) {
		if (lua_getfield(L, -1, defaults[i][0]) == LUA_TNIL) {
			lua_pushstring(L, i == 2 ? e->cfg->language : defaults[i][1]);
			lua_setfield(L, -3, defaults[i][0]);
		}
		lua_pop(L, 1);
	}
	lede_date_push_now(L, &e->now);
	lua_setfield(L, -2, "now");
	lua_pushstring(L, LEDE_VERSION_STRING);
	lua_setfield(L, -2, "generator");
}

void lede_outlet_push(lede_engine *e, const lede_outlet_rt *o)
{
	lua_State *L = e->L;
	lua_newtable(L);
	lua_pushstring(L, o->cfg->name);
	lua_setfield(L, -2, "name");
	lua_pushstring(L, o->cfg->format);
	lua_setfield(L, -2, "format");
	lua_pushstring(L, o->cfg->path);
	lua_setfield(L, -2, "path");
	if (o->cfg->template) {
		lua_pushstring(L, o->cfg->template);
		lua_setfield(L, -2, "template");
	}
	lede_value_push(L, o->cfg->cfg);
	lua_setfield(L, -2, "config");
	/* The outlets whose entries link here (feeds of a web outlet), so
	 * pages can announce them. */
	lua_newtable(L);
	lua_Integer k = 1;
	for (size_t i = 0; i < e->cfg->noutlets; i++) {
		const lede_outlet *x = &e->cfg->outlets[i];
		if (!lede_outlet_links_to(x, o->cfg->name))
			continue;
		lua_createtable(L, 0, 3);
		lua_pushstring(L, x->name);
		lua_setfield(L, -2, "name");
		lua_pushstring(L, x->format);
		lua_setfield(L, -2, "format");
		lua_pushstring(L, x->index_path ? x->index_path : x->path);
		lua_setfield(L, -2, "path");
		lua_rawseti(L, -2, k++);
	}
	lua_setfield(L, -2, "linked");
	/* The other editions' indexes: outlets of the same format with an
	 * index, in another language (docs/config.md "Editions"). */
	lua_newtable(L);
	k = 1;
	const char *mine = o->cfg->language ? o->cfg->language : e->cfg->language;
	for (size_t i = 0; i < e->cfg->noutlets && o->cfg->index_path && mine; i++) {
		const lede_outlet *x = &e->cfg->outlets[i];
		const char *lang = x->language;
		if (x == o->cfg || !x->index_path || strcmp(x->format, o->cfg->format) || !lang ||
		    !strcmp(lang, mine))
			continue;
		lua_createtable(L, 0, 4);
		lua_pushstring(L, lang);
		lua_setfield(L, -2, "lang");
		lede_buf u = LEDE_BUF_INIT;
		lede_buf_puts(&u, x->index_path);
		if (u.len >= 10 && !strcmp(u.data + u.len - 10, "index.html"))
			u.len -= 10, u.data[u.len] = '\0';
		lua_pushstring(L, lede_buf_cstr(&u));
		lede_buf_free(&u);
		lua_setfield(L, -2, "url");
		lua_pushstring(L, x->title ? x->title : e->cfg->title ? e->cfg->title : "");
		lua_setfield(L, -2, "title");
		lua_pushstring(L, x->name);
		lua_setfield(L, -2, "name");
		lua_rawseti(L, -2, k++);
	}
	lua_setfield(L, -2, "editions");
	lede_site_push(e, o->cfg->site);
	lua_setfield(L, -2, "site");
}

/* Pushes the outlet's table, made once per Lua state and reused for every
 * article (hooks see the same table, as they always did within a build). */
static void push_outlet(lede_engine *e, lede_outlet_rt *o)
{
	if (!o->table_ref) {
		lede_outlet_push(e, o);
		o->table_ref = luaL_ref(e->L, LUA_REGISTRYINDEX);
	}
	lua_rawgeti(e->L, LUA_REGISTRYINDEX, o->table_ref);
}

/* --- setup and finish ----------------------------------------------------- */

void bridge_setup(lede_engine *e)
{
	lua_State *L = e->L;
	for (size_t i = 0; i < e->nplugins && !e->stop; i++) {
		lede_plugin *p = e->plugins[i];
		if (!p->has[LEDE_HOOK_SETUP])
			continue;
		const lede_value *opts = p->options;
		lede_plugin_push_hook(e, p, LEDE_HOOK_SETUP);
		lede_site_push(e, NULL);
		if (opts)
			lede_value_push(L, opts);
		else
			lua_newtable(L);
		if (lede_lua_call(e, 2, 0, p, "setup", NULL) != 0)
			p->failed = true;
	}
}

void bridge_finish(lede_engine *e)
{
	for (size_t i = 0; i < e->nplugins && !e->stop; i++) {
		lede_plugin *p = e->plugins[i];
		if (p->failed || !p->has[LEDE_HOOK_FINISH])
			continue;
		lede_plugin_push_hook(e, p, LEDE_HOOK_FINISH);
		lede_site_push(e, NULL);
		lede_lua_call(e, 1, 0, p, "finish", NULL);
	}
}

/* --- article hooks -------------------------------------------------------- */

/* After a hook: what it did to a.tags, a.meta... goes back into the C
 * article. Data that is not data (a function in a.meta) fails the article
 * here, naming the plugin and the hook that put it there. */
int bridge_sync(lede_engine *e, const lede_plugin *p, enum lede_hook h, lede_article *a)
{
	lede_buf msg = LEDE_BUF_INIT;
	int rc = lede_article_sync(e->L, a, &msg);
	if (rc != 0)
		lede_reportf(e, false, p ? p->chunk : "lede", 0, 0, "in hook '%s' for %s: %s",
		             lede_hook_names[h], a->path, lede_buf_cstr(&msg));
	lede_buf_free(&msg);
	return rc;
}

/* Runs hook h of every plugin of the list on the article at idx (and the
 * outlet at oidx, 0 for none). Returns 1 kept, 0 dropped by a plugin
 * returning false (*dropper, when not NULL: that plugin), -1 error. */
static int run_hooks(lede_engine *e, lede_plugin **ps, size_t n, enum lede_hook h, lede_article *a,
                     int idx, int oidx, const lede_plugin **dropper)
{
	lua_State *L = e->L;
	for (size_t i = 0; i < n; i++) {
		lede_plugin *p = ps[i];
		if (p->failed || !p->has[h])
			continue;
		if (h == LEDE_HOOK_NODES) {
			if (lede_node_filters(e, p, a, idx, oidx) != 0 ||
			    bridge_sync(e, p, h, a) != 0)
				return -1;
			continue;
		}
		lede_plugin_push_hook(e, p, h);
		lua_pushvalue(L, idx);
		int nargs = 1;
		if (oidx) {
			lua_pushvalue(L, oidx);
			nargs++;
		}
		if (lede_lua_call(e, nargs, 1, p, lede_hook_names[h], a) != 0)
			return -1;
		bool drop = lua_type(L, -1) == LUA_TBOOLEAN && !lua_toboolean(L, -1);
		lua_pop(L, 1);
		if (bridge_sync(e, p, h, a) != 0)
			return -1;
		if (drop) {
			if (dropper)
				*dropper = p;
			return 0;
		}
	}
	return 1;
}

int bridge_run_hook(lede_engine *e, enum lede_hook h, lede_article *a, lede_outlet_rt *o)
{
	return bridge_run_hook_by(e, h, a, o, NULL);
}

int bridge_run_hook_by(lede_engine *e, enum lede_hook h, lede_article *a, lede_outlet_rt *o,
                       const lede_plugin **dropper)
{
	lede_plugin **ps = o ? o->plugins : e->global;
	size_t n = o ? o->nplugins : e->nglobal;
	/* Nothing to call: the article need not meet Lua at all. */
	size_t k = 0;
	while (k < n && (ps[k]->failed || !ps[k]->has[h]))
		k++;
	if (k == n)
		return 1;
	lua_State *L = e->L;
	int top = lua_gettop(L);
	lede_article_push(L, a);
	int aidx = lua_gettop(L), oidx = 0;
	if (o) {
		push_outlet(e, o);
		oidx = lua_gettop(L);
	}
	e->cur_article = a;
	int rc = run_hooks(e, ps, n, h, a, aidx, oidx, dropper);
	e->cur_article = NULL;
	lua_settop(L, top);
	return rc;
}

/* --- filter.lua ------------------------------------------------------------ */

/* filter: {lua: EXPR} becomes function(a, outlet) return (EXPR) end,
 * compiled once with the config file and line as its chunk name. */
int bridge_filter_compile(lede_engine *e, lede_outlet_rt *o)
{
	const lede_outlet_filter *f = &o->cfg->filter;
	if (!f->lua)
		return 0;
	lua_State *L = e->L;
	lede_buf src = LEDE_BUF_INIT, name = LEDE_BUF_INIT;
	lede_buf_printf(&src, "return function(a, outlet) return (%s) end", f->lua);
	lede_buf_printf(&name, "=%s:%d: outlet '%s' filter.lua", e->cfg->file, f->lua_line,
	                o->cfg->name);
	int rc = luaL_loadbufferx(L, src.data, src.len, name.data, "t");
	lede_buf_free(&src);
	lede_buf_free(&name);
	if (rc != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK) {
		lede_reportf(e, false, e->cfg->file, f->lua_line, f->lua_column,
		             "outlet '%s': bad filter.lua expression: %s", o->cfg->name,
		             lua_tostring(L, -1));
		lua_pop(L, 1);
		return -1;
	}
	o->filter_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	return 0;
}

int bridge_filter_lua(lede_engine *e, const lede_outlet_rt *o, lede_article *a)
{
	if (!o->filter_ref)
		return 1;
	lua_State *L = e->L;
	lua_rawgeti(L, LUA_REGISTRYINDEX, o->filter_ref);
	lede_article_push(L, a);
	lede_outlet_push(e, o);
	if (lede_lua_call(e, 2, 1, NULL, "filter", a) != 0)
		return -1;
	bool keep = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return keep;
}

/* --- the format ------------------------------------------------------------ */

int bridge_render(lede_engine *e, lede_outlet_rt *o, lede_article *a, lede_buf *out,
                  bool *has_output)
{
	*has_output = false;
	if (!o->format || o->format->failed || !o->format->has[LEDE_HOOK_RENDER])
		return 0;
	lua_State *L = e->L;
	int top = lua_gettop(L);
	int rc = 0;
	lede_plugin_push_hook(e, o->format, LEDE_HOOK_RENDER);
	lede_article_push(L, a);
	push_outlet(e, o);
	e->cur_article = a;
	if (lede_lua_call(e, 2, 1, o->format, "render", a) != 0) {
		rc = -1;
	} else if (lua_type(L, -1) == LUA_TSTRING) {
		size_t len;
		const char *s = lua_tolstring(L, -1, &len);
		lede_buf_put(out, s, len);
		*has_output = true;
	} else if (!lua_isnil(L, -1)) {
		lede_reportf(e, false, o->format->chunk, 0, 0,
		             "hook 'render' must return a string or nil, not a %s (for %s)",
		             luaL_typename(L, -1), a->path);
		rc = -1;
	}
	e->cur_article = NULL;
	lua_settop(L, top);
	return rc;
}

int bridge_fragment(lede_engine *e, lede_outlet_rt *o, lede_article *a, lede_value **frag)
{
	*frag = NULL;
	if (!o->format || o->format->failed || !o->format->has[LEDE_HOOK_FRAGMENT])
		return 0;
	lua_State *L = e->L;
	int top = lua_gettop(L);
	lede_plugin_push_hook(e, o->format, LEDE_HOOK_FRAGMENT);
	lede_article_push(L, a);
	push_outlet(e, o);
	e->cur_article = a;
	int rc = lede_lua_call(e, 2, 1, o->format, "fragment", a);
	e->cur_article = NULL;
	if (rc == 0 && !lua_isnil(L, -1)) {
		lede_buf msg = LEDE_BUF_INIT;
		*frag = lede_value_from_lua(L, -1, a->arena, "the fragment", &msg);
		if (!*frag) {
			lede_reportf(e, false, o->format->chunk, 0, 0,
			             "in hook 'fragment' for %s: %s", a->path, lede_buf_cstr(&msg));
			rc = -1;
		}
		lede_buf_free(&msg);
	}
	lua_settop(L, top);
	return rc;
}

int bridge_index(lede_engine *e, lede_outlet_rt *o, lede_article **list, size_t n,
                 const bridge_page *page, lede_buf *out)
{
	lua_State *L = e->L;
	int top = lua_gettop(L);
	lede_plugin_push_hook(e, o->format, LEDE_HOOK_INDEX);
	lua_createtable(L, n > INT32_MAX ? 0 : (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		lede_article_push(L, list[i]);
		lua_rawseti(L, -2, (lua_Integer)(i + 1));
	}
	push_outlet(e, o);
	lua_newtable(L); /* page */
	lua_pushinteger(L, page->number);
	lua_setfield(L, -2, "number");
	lua_pushinteger(L, page->total);
	lua_setfield(L, -2, "total");
	if (page->tag) {
		lua_pushstring(L, page->tag);
		lua_setfield(L, -2, "tag");
	}
	if (page->section) {
		lua_pushstring(L, page->section);
		lua_setfield(L, -2, "section");
	}
	lua_pushstring(L, page->url);
	lua_setfield(L, -2, "url");
	if (page->prev_url) {
		lua_pushstring(L, page->prev_url);
		lua_setfield(L, -2, "prev_url");
	}
	if (page->next_url) {
		lua_pushstring(L, page->next_url);
		lua_setfield(L, -2, "next_url");
	}
	int rc = -1;
	if (lede_lua_call(e, 3, 1, o->format, "index", NULL) == 0) {
		rc = 0;
		if (lua_type(L, -1) == LUA_TSTRING) {
			size_t len;
			const char *s = lua_tolstring(L, -1, &len);
			lede_buf_put(out, s, len);
			rc = 1;
		} else if (!lua_isnil(L, -1)) {
			lede_reportf(e, false, o->format->chunk, 0, 0,
			             "hook 'index' must return a string or nil, not a %s",
			             luaL_typename(L, -1));
			rc = -1;
		}
	}
	lua_settop(L, top);
	return rc;
}

int bridge_outlet_begin(lede_engine *e, lede_outlet_rt *o)
{
	int shared = o->table_ref;
	lede_outlet_push(e, o);
	o->table_ref = luaL_ref(e->L, LUA_REGISTRYINDEX);
	return shared;
}

void bridge_outlet_end(lede_engine *e, lede_outlet_rt *o, int shared)
{
	luaL_unref(e->L, LUA_REGISTRYINDEX, o->table_ref);
	o->table_ref = shared;
}

/* --- handles ------------------------------------------------------------------ */

void bridge_release(lede_engine *e, lede_article *a) { lede_article_release(e->L, a); }

void bridge_detach(lede_engine *e, lede_article *a) { lede_article_detach(e->L, a); }

/* --- for Lua callers (site:render, lede.test.render) -------------------------- */

lede_outlet_rt *lede_outlet_check(lua_State *L, lede_engine *e, int i)
{
	const char *name = luaL_checkstring(L, i);
	for (size_t k = 0; k < e->noutlets; k++)
		if (!strcmp(e->outlets[k].cfg->name, name))
			return &e->outlets[k];
	const char *near = lede_config_nearest_outlet(e->cfg, name);
	if (near)
		luaL_error(L, "no outlet '%s' in %s; did you mean '%s'?", name, e->cfg->file, near);
	luaL_error(L, "no outlet '%s' in %s", name, e->cfg->file);
	return NULL;
}

int lede_render_push(lede_engine *e, lede_outlet_rt *o, lede_article *a)
{
	lua_State *L = e->L;
	int shared = bridge_outlet_begin(e, o);
	lede_article *copy;
	lede_buf *out = lede_buf_box(L);
	bool has;
	lede_buf_reset(&e->last_error);
	int rc = lede_outlet_article(e, o, a, &copy, out, &has);
	bridge_outlet_end(e, o, shared);
	if (rc <= 0) {
		lua_pushnil(L);
		if (rc == 0)
			lua_pushliteral(L, "filtered out");
		else if (e->capture)
			lua_pushlstring(L, lede_buf_cstr(&e->last_error), e->last_error.len);
		else
			lua_pushliteral(L, "failed (see the error above)");
		return 2;
	}
	if (has)
		lua_pushlstring(L, lede_buf_cstr(out), out->len);
	else
		lua_pushnil(L);
	lua_pushstring(L, copy->url);
	lede_article_release(L, copy);
	return 2;
}
