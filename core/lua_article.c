/* lua_article.c: the article as Lua userdata ("lede.article"). Everything
 * lives in the C article. tags, authors, meta, links and quotes are handed
 * to a hook as plain Lua tables made from the C data on first use (kept in
 * the userdata's user value while the hook runs, so a plugin can hold and
 * change them like any table); when the hook returns, lede_article_sync
 * writes them back into the article's arena and drops them. Between hooks
 * nothing of the article lives in Lua, so any Lua state can take it up. A
 * handle whose article has been freed is closed and raises instead of
 * touching freed memory. */
#include "engine.h"

#include "lua_value.h"

#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

#define META "lede.article"
static const char REGISTRY[] = "lede.articles";

typedef struct {
	lede_article *a;
} handle;

static const char *const fields[] = {
	"title", "summary", "slug", "lang", "section", "date", "draft", "tags", "authors", "meta",
	"body", "links", "quotes", "path", "url", "file", "outlet", "html", "text", "words", "fragment",
	"translations",
};

lede_article *lede_article_check(lua_State *L, int i)
{
	handle *h = luaL_checkudata(L, i, META);
	if (!h->a)
		luaL_error(L, "attempt to use an article after it was released (keep data, not the "
		              "article, beyond its hook)");
	/* A sandboxed plugin's hook may change only its own article: what it
	 * leaves there is checked when the hook ends (lua_engine.c), which an
	 * article kept from an earlier hook would escape. */
	void *ud = NULL;
	lua_getallocf(L, &ud);
	lede_engine *e = ud;
	if (e && e->sbx_active && e->cur_article && h->a != e->cur_article)
		luaL_error(L, "a sandboxed plugin may use only the article its hook was given, not %s",
		           h->a->path);
	return h->a;
}

lede_article *lede_article_test(lua_State *L, int i)
{
	handle *h = luaL_testudata(L, i, META);
	return h ? h->a : NULL;
}

static void registry(lua_State *L)
{
	if (lua_getfield(L, LUA_REGISTRYINDEX, REGISTRY) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_pushvalue(L, -1);
		lua_setfield(L, LUA_REGISTRYINDEX, REGISTRY);
	}
}

void lede_article_push(lua_State *L, lede_article *a)
{
	registry(L);
	if (lua_rawgetp(L, -1, a) == LUA_TUSERDATA) {
		lua_remove(L, -2);
		return;
	}
	lua_pop(L, 1);
	handle *h = lua_newuserdatauv(L, sizeof *h, 1);
	h->a = a;
	luaL_setmetatable(L, META);
	/* What a sandboxed plugin makes in the article's arena counts against
	 * its memory budget. */
	void *ud = NULL;
	lua_getallocf(L, &ud);
	if (ud)
		lede_arena_meter(a->arena, &((lede_engine *)ud)->sbx_c_bytes,
		                 &((lede_engine *)ud)->sbx_active);
	lua_newtable(L);
	lua_setiuservalue(L, -2, 1);
	lua_pushvalue(L, -1);
	lua_rawsetp(L, -3, a);
	lua_remove(L, -2);
}

void lede_article_detach(lua_State *L, lede_article *a)
{
	registry(L);
	if (lua_rawgetp(L, -1, a) == LUA_TUSERDATA) {
		handle *h = lua_touserdata(L, -1);
		h->a = NULL;
		lua_pushnil(L);
		lua_setiuservalue(L, -2, 1);
	}
	lua_pop(L, 1);
	lua_pushnil(L);
	lua_rawsetp(L, -2, a);
	lua_pop(L, 1);
}

void lede_article_release(lua_State *L, lede_article *a)
{
	lede_article_detach(L, a);
	lede_article_free(a);
}

/* Pushes the cached table `field` of the article at idx, building it on
 * first use with build(). */
static void cached(lua_State *L, int idx, lede_article *a, const char *field,
                   void (*build)(lua_State *, lede_article *))
{
	idx = lua_absindex(L, idx);
	lua_getiuservalue(L, idx, 1);
	if (lua_getfield(L, -1, field) == LUA_TNIL) {
		lua_pop(L, 1);
		build(L, a);
		lua_pushvalue(L, -1);
		lua_setfield(L, -3, field);
	}
	lua_remove(L, -2);
}

static void build_tags(lua_State *L, lede_article *a) { lede_value_push(L, a->tags); }

static void build_authors(lua_State *L, lede_article *a) { lede_value_push(L, a->authors); }

static void build_meta(lua_State *L, lede_article *a) { lede_value_push(L, a->meta); }

static void build_links(lua_State *L, lede_article *a)
{
	lede_value_push(L, lede_article_links(a));
}

static void build_quotes(lua_State *L, lede_article *a)
{
	lede_value_push(L, lede_article_quotes(a));
}

/* A collection record has no body, links or quotes: say what to do
 * instead of returning nil that would fail further away. */
static int record_only(lua_State *L, const char *what)
{
	return luaL_error(L,
	                  "%s is not available in an 'index' hook, which sees the article's "
	                  "collection record (the article itself is freed once its pages are "
	                  "written): compute what you need in the format's 'fragment' hook and "
	                  "read it as a.fragment (docs/plugins.md, fragment)",
	                  what);
}

static void render_opts(lua_State *L, lede_render_opts *o, int width)
{
	lede_engine *e = lede_lua_engine(L);
	memset(o, 0, sizeof *o);
	o->allow_unsafe = e && e->cfg && e->cfg->allow_raw_html;
	o->width = width;
	o->references = true;
}

static int a_html(lua_State *L)
{
	lede_article *a = lede_article_check(L, 1);
	if (a->record)
		return record_only(L, "a:html()");
	lede_render_opts o;
	render_opts(L, &o, 0);
	lede_buf b = LEDE_BUF_INIT;
	if (a->body && lede_render_html(a->body, &o, &b) != 0) {
		lede_buf_free(&b);
		return luaL_error(L, "a:html(): the body is nested deeper than %d levels",
		                  LEDE_MAX_DEPTH);
	}
	lede_sandbox_push_buf(L, &b);
	return 1;
}

/* a:text{width = 72, references = true} */
static int a_text(lua_State *L)
{
	lede_article *a = lede_article_check(L, 1);
	if (a->record)
		return record_only(L, "a:text()");
	int width = 72;
	bool refs = true;
	if (!lua_isnoneornil(L, 2)) {
		luaL_checktype(L, 2, LUA_TTABLE);
		if (lua_getfield(L, 2, "width") != LUA_TNIL)
			width = (int)luaL_checkinteger(L, -1);
		if (lua_getfield(L, 2, "references") != LUA_TNIL)
			refs = lua_toboolean(L, -1);
		lua_pop(L, 2);
	}
	lede_render_opts o;
	render_opts(L, &o, width);
	o.references = refs;
	lede_buf b = LEDE_BUF_INIT;
	if (a->body && lede_render_text(a->body, &o, &b) != 0) {
		lede_buf_free(&b);
		return luaL_error(L, "a:text(): the body is nested deeper than %d levels",
		                  LEDE_MAX_DEPTH);
	}
	lede_sandbox_push_buf(L, &b);
	return 1;
}

static int a_words(lua_State *L)
{
	lede_article *a = lede_article_check(L, 1);
	if (a->record)
		return record_only(L, "a:words()");
	lede_buf b = LEDE_BUF_INIT;
	if (a->body)
		lede_node_text(a->body, &b);
	lua_Integer n = 0;
	bool in = false;
	for (size_t i = 0; i < b.len; i++) {
		unsigned char c = (unsigned char)b.data[i];
		bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
		if (!space && !in)
			n++;
		in = !space;
	}
	lede_buf_free(&b);
	lua_pushinteger(L, n);
	return 1;
}

static int a_index(lua_State *L)
{
	lede_article *a = lede_article_check(L, 1);
	const char *k = luaL_checkstring(L, 2);
	switch (k[0]) {
	case 'a':
		if (!strcmp(k, "authors")) {
			cached(L, 1, a, "authors", build_authors);
			return 1;
		}
		break;
	case 'b':
		if (!strcmp(k, "body")) {
			if (a->record)
				return record_only(L, "a.body");
			if (!a->body)
				return 0;
			lede_node_push(L, a->body, 1);
			return 1;
		}
		break;
	case 'd':
		if (!strcmp(k, "date")) {
			lede_date_push(L, &a->date);
			return 1;
		}
		if (!strcmp(k, "draft")) {
			lua_pushboolean(L, a->draft);
			return 1;
		}
		break;
	case 'f':
		if (!strcmp(k, "fragment")) {
			if (!a->fragment)
				return 0;
			lede_value_push(L, a->fragment);
			return 1;
		}
		if (!strcmp(k, "file")) {
			if (!a->file)
				return 0;
			lua_pushstring(L, a->file);
			return 1;
		}
		break;
	case 'h':
		if (!strcmp(k, "html")) {
			lua_pushcfunction(L, a_html);
			return 1;
		}
		break;
	case 'l':
		if (!strcmp(k, "lang")) {
			lua_pushstring(L, a->lang);
			return 1;
		}
		if (!strcmp(k, "links")) {
			if (a->record)
				return record_only(L, "a.links");
			cached(L, 1, a, "links", build_links);
			return 1;
		}
		break;
	case 'm':
		if (!strcmp(k, "meta")) {
			cached(L, 1, a, "meta", build_meta);
			return 1;
		}
		break;
	case 'o':
		if (!strcmp(k, "outlet")) {
			if (!a->outlet)
				return 0;
			lua_pushstring(L, a->outlet);
			return 1;
		}
		break;
	case 'p':
		if (!strcmp(k, "path")) {
			lua_pushstring(L, a->path);
			return 1;
		}
		break;
	case 'q':
		if (!strcmp(k, "quotes")) {
			if (a->record)
				return record_only(L, "a.quotes");
			cached(L, 1, a, "quotes", build_quotes);
			return 1;
		}
		break;
	case 's':
		if (!strcmp(k, "slug")) {
			lua_pushstring(L, a->slug);
			return 1;
		}
		if (!strcmp(k, "section")) {
			if (!a->section)
				return 0;
			lua_pushstring(L, a->section);
			return 1;
		}
		if (!strcmp(k, "summary")) {
			lua_pushstring(L, lede_article_summary(a));
			return 1;
		}
		break;
	case 't':
		if (!strcmp(k, "title")) {
			lua_pushstring(L, a->title);
			return 1;
		}
		if (!strcmp(k, "tags")) {
			cached(L, 1, a, "tags", build_tags);
			return 1;
		}
		if (!strcmp(k, "text")) {
			lua_pushcfunction(L, a_text);
			return 1;
		}
		if (!strcmp(k, "translations")) {
			/* The outlet copy's other editions (build.c), a fresh list
			 * each time: changing it changes nothing. */
			if (a->translations)
				lede_value_push(L, a->translations);
			else
				lua_newtable(L);
			return 1;
		}
		break;
	case 'u':
		if (!strcmp(k, "url")) {
			if (!a->url)
				return 0;
			lua_pushstring(L, a->url);
			return 1;
		}
		break;
	case 'w':
		if (!strcmp(k, "words")) {
			lua_pushcfunction(L, a_words);
			return 1;
		}
		break;
	}
	/* Templates look names up through every context level, so a miss
	 * there is normal; elsewhere it is most likely a typo. */
	lede_engine *e = lede_lua_engine(L);
	if (e && !e->in_template) {
		const char *near = lede_nearest(k, fields, sizeof fields / sizeof *fields);
		lua_Debug ar;
		char where[300] = "";
		if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar) && ar.currentline > 0)
			snprintf(where, sizeof where, "%s:%d: ", ar.short_src, ar.currentline);
		/* Once per place and field: a hook runs for every article. */
		luaL_getsubtable(L, LUA_REGISTRYINDEX, "lede.warned");
		lua_pushfstring(L, "%s|%s", where, k);
		if (lua_rawget(L, -2) == LUA_TNIL) {
			lua_pushfstring(L, "%s|%s", where, k);
			lua_pushboolean(L, 1);
			lua_rawset(L, -4);
			lede_buf b = LEDE_BUF_INIT, key = LEDE_BUF_INIT;
			lede_buf_printf(&b,
			                "%swarning: unknown article field '%s'%s%s%s (front matter keys are in "
			                "a.meta)\n",
			                where, k, near ? "; did you mean '" : "", near ? near : "",
			                near ? "'?" : "");
			/* A worker's copy is printed (and counted) once for the
			 * whole build, by the main thread. */
			lede_buf_printf(&key, "W:%s|%s", where, k);
			lede_emit(e, lede_buf_cstr(&key), b.data, b.len);
			lede_buf_free(&b);
			lede_buf_free(&key);
		}
		lua_pop(L, 2);
	}
	return 0;
}

static const char *set_string(lua_State *L, lede_article *a, bool nil_ok)
{
	if (nil_ok && lua_isnil(L, 3))
		return NULL;
	size_t n;
	const char *s = luaL_checklstring(L, 3, &n);
	lede_sandbox_check_mem(L, n); /* before: the copy goes to the arena */
	return lede_arena_strndup(a->arena, s, n);
}

static int a_newindex(lua_State *L)
{
	lede_article *a = lede_article_check(L, 1);
	const char *k = luaL_checkstring(L, 2);
	if (!strcmp(k, "title"))
		a->title = set_string(L, a, false);
	else if (!strcmp(k, "summary"))
		a->summary = set_string(L, a, true);
	else if (!strcmp(k, "section"))
		a->section = set_string(L, a, true);
	else if (!strcmp(k, "lang"))
		a->lang = set_string(L, a, false);
	else if (!strcmp(k, "url"))
		a->url = set_string(L, a, true);
	else if (!strcmp(k, "slug")) {
		lede_buf b = LEDE_BUF_INIT;
		size_t n;
		const char *s = luaL_checklstring(L, 3, &n);
		lede_slugify(s, n, &b);
		if (!b.len)
			return luaL_error(L, "slug '%s' has no letters or digits", s);
		a->slug = lede_arena_strndup(a->arena, b.data, b.len);
		lede_buf_free(&b);
		lede_sandbox_check_mem(L, 0);
	} else if (!strcmp(k, "date")) {
		if (lua_type(L, 3) == LUA_TSTRING) {
			size_t n, col;
			const char *why;
			const char *s = lua_tolstring(L, 3, &n);
			if (lede_date_parse(s, n, &a->date, &col, &why) != 0)
				return luaL_error(L, "bad date '%s': %s", s, why);
		} else {
			a->date = *lede_date_check(L, 3);
		}
	} else if (!strcmp(k, "tags") || !strcmp(k, "authors") || !strcmp(k, "meta")) {
		luaL_checktype(L, 3, LUA_TTABLE);
		lua_getiuservalue(L, 1, 1);
		lua_pushvalue(L, 3);
		lua_setfield(L, -2, k);
	} else {
		for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
			if (!strcmp(fields[i], k))
				return luaL_error(L, "article field '%s' is read-only", k);
		const char *near = lede_nearest(k, fields, sizeof fields / sizeof *fields);
		if (near)
			return luaL_error(L, "cannot set article field '%s'; did you mean '%s'? (other "
			                     "values go in a.meta.%s)",
			                  k, near, k);
		return luaL_error(L, "cannot set article field '%s'; put your own values in a.meta.%s", k,
		                  k);
	}
	return 0;
}

static int a_tostring(lua_State *L)
{
	handle *h = luaL_checkudata(L, 1, META);
	if (!h->a)
		lua_pushliteral(L, "lede.article (released)");
	else
		lua_pushfstring(L, "lede.article (%s)", h->a->path);
	return 1;
}

/* The tables a hook may have changed, with what each must hold. */
static const struct {
	const char *field;
	bool strings; /* a list of strings (numbers become text) */
} synced[] = {{"tags", true}, {"authors", true}, {"meta", false}, {"links", false},
              {"quotes", false}};

static lede_value **synced_slot(lede_article *a, size_t i)
{
	switch (i) {
	case 0: return &a->tags;
	case 1: return &a->authors;
	case 2: return &a->meta;
	case 3: return &a->links;
	default: return &a->quotes;
	}
}

/* a.tags and a.authors are lists of strings; numbers count as their text,
 * lede.null and nil items are left out, anything else is an error. */
static lede_value *strings_only(lede_article *a, lede_value *v, const char *name, lede_buf *msg)
{
	if (v->type != LEDE_SEQ) {
		lede_buf_printf(msg, "%s must be a list of strings, not a table with keys", name);
		return NULL;
	}
	size_t w = 0;
	for (size_t i = 0; i < v->u.list.n; i++) {
		lede_value *it = v->u.list.items[i];
		if (it->type == LEDE_NULL)
			continue;
		if (it->type == LEDE_INT || it->type == LEDE_FLOAT) {
			/* as Lua's tostring writes them */
			char num[64];
			if (it->type == LEDE_INT)
				snprintf(num, sizeof num, "%lld", (long long)it->u.i);
			else if (it->u.f == (double)(long long)it->u.f)
				snprintf(num, sizeof num, "%.1f", it->u.f);
			else
				snprintf(num, sizeof num, "%.14g", it->u.f);
			it->type = LEDE_STRING;
			it->u.str.len = strlen(num);
			it->u.str.s = lede_arena_strndup(a->arena, num, it->u.str.len);
		}
		if (it->type != LEDE_STRING) {
			lede_buf_printf(msg, "%s[%zu] is a %s; %s holds strings", name, i + 1,
			                lede_value_type_name(it->type), name);
			return NULL;
		}
		v->u.list.items[w++] = it;
	}
	v->u.list.n = w;
	return v;
}

int lede_article_sync(lua_State *L, lede_article *a, lede_buf *msg)
{
	registry(L);
	if (lua_rawgetp(L, -1, a) != LUA_TUSERDATA) {
		lua_pop(L, 2);
		return 0;
	}
	int ud = lua_gettop(L);
	lua_getiuservalue(L, ud, 1);
	int cache = lua_gettop(L);
	int rc = 0;
	for (size_t i = 0; i < sizeof synced / sizeof *synced && rc == 0; i++) {
		if (lua_getfield(L, cache, synced[i].field) == LUA_TNIL) {
			lua_pop(L, 1);
			continue;
		}
		char name[16];
		snprintf(name, sizeof name, "a.%s", synced[i].field);
		lede_value *v;
		if (lua_type(L, -1) != LUA_TTABLE) {
			lede_buf_printf(msg, "%s is a %s, not a table", name, luaL_typename(L, -1));
			v = NULL;
		} else {
			v = lede_value_from_lua(L, -1, a->arena, name, msg);
		}
		if (v && synced[i].strings)
			v = strings_only(a, v, name, msg);
		if (v && !synced[i].strings && i == 2 && v->type != LEDE_MAP) {
			if (v->type == LEDE_SEQ && v->u.list.n == 0)
				v->type = LEDE_MAP; /* {}: an empty map */
			else {
				lede_buf_printf(msg, "a.meta must be a table of keys and values, not a list");
				v = NULL;
			}
		}
		if (v)
			*synced_slot(a, i) = v;
		else
			rc = -1;
		lua_pop(L, 1);
	}
	/* The next hook reads the C data afresh. */
	lua_newtable(L);
	lua_setiuservalue(L, ud, 1);
	lua_pop(L, 3);
	return rc;
}

/* Replaces the table on top of the stack with a deep copy (plain data:
 * nested tables are copied, other values shared). memo maps each table
 * already copied to its copy, so shared and cyclic tables are copied once
 * and stay shared: the work is linear in the data, whatever its shape. */
static void deep_copy(lua_State *L, int memo, int depth)
{
	int src = lua_gettop(L);
	lua_pushvalue(L, src);
	if (lua_rawget(L, memo) == LUA_TTABLE) {
		lua_replace(L, src);
		return;
	}
	lua_pop(L, 1);
	luaL_checkstack(L, 6, "meta nested too deep");
	lua_newtable(L);
	lua_pushvalue(L, src);
	lua_pushvalue(L, -2);
	lua_rawset(L, memo);
	if (depth > 100) {
		lua_remove(L, src);
		return;
	}
	lua_pushnil(L);
	while (lua_next(L, src)) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		if (lua_type(L, -1) == LUA_TTABLE)
			deep_copy(L, memo, depth + 1); /* replaces the value with its copy */
		lua_rawset(L, src + 1);
	}
	lua_remove(L, src);
}

void lede_table_copy(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	if (!lua_istable(L, idx))
		return;
	lua_newtable(L);
	int memo = lua_gettop(L);
	lua_pushvalue(L, idx);
	deep_copy(L, memo, 0);
	lua_replace(L, idx);
	lua_pop(L, 1);
}

void lede_article_open(lua_State *L)
{
	static const luaL_Reg meta[] = {
		{"__index", a_index},
		{"__newindex", a_newindex},
		{"__tostring", a_tostring},
		{NULL, NULL},
	};
	luaL_newmetatable(L, META);
	luaL_setfuncs(L, meta, 0);
	/* The names __index answers, for tools and the type definitions'
	 * drift test (plugins/types/lede.lua). */
	lua_createtable(L, (int)(sizeof fields / sizeof *fields), 0);
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
		lua_pushstring(L, fields[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "__fields");
	lua_pop(L, 1);
}
