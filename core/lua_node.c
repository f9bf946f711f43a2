/* lua_node.c: document nodes as Lua userdata ("lede.node"), their
 * operations, the lede.node constructors, and Pandoc-style node filters.
 * A handle keeps its owner (an article or the scratch fragment) in its user
 * value; once the article is released every use raises. Nodes never move
 * between arenas: inserting a node from elsewhere inserts a copy, which the
 * insert call returns. */
#include "engine.h"

#include <lauxlib.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define META     "lede.node"
#define FRAGMENT "lede.fragment"

typedef struct {
	lede_node *n;
} handle;

typedef struct {
	lede_arena *arena;
} fragment;

static int frag_gc(lua_State *L)
{
	fragment *f = luaL_checkudata(L, 1, FRAGMENT);
	lede_arena_free(f->arena);
	f->arena = NULL;
	return 0;
}

/* Pushes the owner for new nodes: the article being processed, else the
 * state's scratch fragment. Returns its arena. */
static lede_arena *push_owner(lua_State *L)
{
	lede_engine *e = lede_lua_engine(L);
	if (e && e->cur_article) {
		lede_article_push(L, e->cur_article);
		return e->cur_article->arena;
	}
	if (lua_getfield(L, LUA_REGISTRYINDEX, "lede.scratch") != LUA_TUSERDATA) {
		lua_pop(L, 1);
		fragment *f = lua_newuserdatauv(L, sizeof *f, 0);
		f->arena = lede_arena_new();
		if (e)
			lede_arena_meter(f->arena, &e->sbx_c_bytes, &e->sbx_active);
		luaL_setmetatable(L, FRAGMENT);
		lua_pushvalue(L, -1);
		lua_setfield(L, LUA_REGISTRYINDEX, "lede.scratch");
	}
	return ((fragment *)lua_touserdata(L, -1))->arena;
}

void lede_node_fresh_scratch(lua_State *L)
{
	lua_pushnil(L);
	lua_setfield(L, LUA_REGISTRYINDEX, "lede.scratch");
}

void lede_node_push(lua_State *L, lede_node *n, int owner_idx)
{
	owner_idx = lua_absindex(L, owner_idx);
	handle *h = lua_newuserdatauv(L, sizeof *h, 1);
	h->n = n;
	luaL_setmetatable(L, META);
	lua_pushvalue(L, owner_idx);
	lua_setiuservalue(L, -2, 1);
}

/* Pushes the owner of the node at i. */
static void owner_of(lua_State *L, int i) { lua_getiuservalue(L, i, 1); }

/* Whether the owner at i (an article or a fragment) still holds its
 * memory. */
static bool owner_alive(lua_State *L, int i)
{
	return luaL_testudata(L, i, FRAGMENT) != NULL || lede_article_test(L, i) != NULL;
}

/* Whether the owner of the node at i still holds its memory. */
static bool alive(lua_State *L, int i)
{
	owner_of(L, i);
	bool ok = owner_alive(L, -1);
	lua_pop(L, 1);
	return ok;
}

lede_node *lede_node_check(lua_State *L, int i)
{
	handle *h = luaL_checkudata(L, i, META);
	owner_of(L, i);
	lede_article *a = NULL;
	bool ok = luaL_testudata(L, -1, FRAGMENT) != NULL || (a = lede_article_test(L, -1)) != NULL;
	lua_pop(L, 1);
	if (!ok)
		luaL_error(L, "attempt to use a node of an article that was released");
	/* A sandboxed plugin's hook may change only its own article (as
	 * lede_article_check says): a node kept from an earlier article's
	 * hook (a plugin with parallel = false sees them all) would change
	 * that article's page. */
	void *ud = NULL;
	lua_getallocf(L, &ud);
	const lede_engine *e = ud;
	if (a && e && e->sbx_active && e->cur_article && a != e->cur_article)
		luaL_error(L,
		           "a sandboxed plugin may use only the article its hook was given, not a "
		           "node of %s",
		           a->path);
	return h->n;
}

/* Pushes a handle for n with the same owner as the node at i. */
static void push_sibling(lua_State *L, lede_node *n, int i)
{
	if (!n) {
		lua_pushnil(L);
		return;
	}
	owner_of(L, i);
	lede_node_push(L, n, -1);
	lua_remove(L, -2);
}

/* The node at i ready to be attached under target's arena: itself when
 * the arenas match, else a copy. Pushes the handle of what is attached. */
static lede_node *attachable(lua_State *L, int i, lede_node *target, int target_idx)
{
	lede_node *n = lede_node_check(L, i);
	if (n->arena == target->arena) {
		lua_pushvalue(L, i);
		return n;
	}
	lede_node *c = lede_node_copy(target->arena, n);
	push_sibling(L, c, target_idx);
	lede_sandbox_check_mem(L, 0);
	return c;
}

static void check_fits(lua_State *L, const lede_node *parent, const lede_node *child)
{
	if (parent && !lede_node_can_contain(parent, child->type))
		luaL_error(L, "a %s cannot contain a %s", lede_node_type_name(parent->type),
		           lede_node_type_name(child->type));
}

static int n_append(lua_State *L)
{
	lede_node *p = lede_node_check(L, 1);
	lede_node *c = attachable(L, 2, p, 1);
	check_fits(L, p, c);
	if (lede_node_append(p, c) != 0)
		return luaL_error(L, "cannot append a node to itself or to its own descendant");
	return 1;
}

static int n_prepend(lua_State *L)
{
	lede_node *p = lede_node_check(L, 1);
	lede_node *c = attachable(L, 2, p, 1);
	check_fits(L, p, c);
	if (lede_node_prepend(p, c) != 0)
		return luaL_error(L, "cannot prepend a node to itself or to its own descendant");
	return 1;
}

static int insert(lua_State *L, bool before)
{
	lede_node *at = lede_node_check(L, 1);
	if (!at->parent)
		return luaL_error(L, "cannot insert beside a node that has no parent");
	lede_node *c = attachable(L, 2, at, 1);
	check_fits(L, at->parent, c);
	if ((before ? lede_node_insert_before(at, c) : lede_node_insert_after(at, c)) != 0)
		return luaL_error(L,
		                  "cannot insert a node beside itself or inside its own subtree");
	return 1;
}

static int n_insert_before(lua_State *L) { return insert(L, true); }
static int n_insert_after(lua_State *L) { return insert(L, false); }

static int n_replace(lua_State *L)
{
	lede_node *at = lede_node_check(L, 1);
	if (!at->parent)
		return luaL_error(L, "cannot replace a node that has no parent");
	lede_node *c = attachable(L, 2, at, 1);
	if (c == at)
		return 1;
	check_fits(L, at->parent, c);
	if (lede_node_insert_before(at, c) != 0)
		return luaL_error(L, "cannot replace a node with one of its ancestors");
	lede_node_unlink(at);
	return 1;
}

static int n_unlink(lua_State *L)
{
	lede_node *n = lede_node_check(L, 1);
	lede_node_unlink(n);
	lua_settop(L, 1);
	return 1;
}

static int n_clone(lua_State *L)
{
	lede_node *n = lede_node_check(L, 1);
	push_sibling(L, lede_node_copy(n->arena, n), 1);
	lede_sandbox_check_mem(L, 0);
	return 1;
}

static void render_opts(lua_State *L, lede_render_opts *o)
{
	lede_engine *e = lede_lua_engine(L);
	memset(o, 0, sizeof *o);
	o->allow_unsafe = e && e->cfg && e->cfg->allow_raw_html;
	o->references = true;
}

static int n_html(lua_State *L)
{
	lede_node *n = lede_node_check(L, 1);
	lede_render_opts o;
	render_opts(L, &o);
	lede_buf b = LEDE_BUF_INIT;
	if (lede_render_html(n, &o, &b) != 0) {
		lede_buf_free(&b);
		return luaL_error(L, "node:html(): the %s is nested deeper than %d levels",
		                  lede_node_type_name(n->type), LEDE_MAX_DEPTH);
	}
	lede_sandbox_push_buf(L, &b);
	return 1;
}

static int n_text(lua_State *L)
{
	lede_node *n = lede_node_check(L, 1);
	lede_buf b = LEDE_BUF_INIT;
	lede_node_text(n, &b);
	lede_sandbox_push_buf(L, &b);
	return 1;
}

static void push_list(lua_State *L, int narr);

static int n_children(lua_State *L)
{
	lede_node *n = lede_node_check(L, 1);
	push_list(L, 0);
	lua_Integer i = 1;
	for (lede_node *c = n->first; c; c = c->next) {
		push_sibling(L, c, 1);
		lua_rawseti(L, -2, i++);
	}
	return 1;
}

/* n and its descendants in document order, along the parent links (no
 * recursion: a plugin's tree may be deeper than the C stack). */
static void collect(lua_State *L, lede_node *n, int owner, int list, lua_Integer *i)
{
	lede_node *s = n;
	while (s) {
		lede_node_push(L, s, owner);
		lua_rawseti(L, list, (*i)++);
		if (s->first) {
			s = s->first;
			continue;
		}
		while (s != n && !s->next)
			s = s->parent;
		s = s == n ? NULL : s->next;
	}
}

static int walk_next(lua_State *L)
{
	lua_Integer i = lua_tointeger(L, lua_upvalueindex(2)) + 1;
	lua_pushinteger(L, i);
	lua_replace(L, lua_upvalueindex(2));
	lua_rawgeti(L, lua_upvalueindex(1), i);
	return 1;
}

static int apply_filters(lua_State *L, lede_node *root, int root_idx, int filters, int extra1,
                         int extra2);

/* node:walk() iterates over the node and its descendants in document
 * order (a snapshot: edits during the loop do not derail it);
 * node:walk(filters) applies a table of node filters as the `nodes` hook
 * does. */
static int n_walk(lua_State *L)
{
	lede_node *n = lede_node_check(L, 1);
	if (lua_istable(L, 2)) {
		lua_settop(L, 2);
		apply_filters(L, n, 1, 2, 0, 0);
		lua_settop(L, 1);
		return 1;
	}
	lua_newtable(L);
	int list = lua_gettop(L);
	owner_of(L, 1);
	int owner = lua_gettop(L);
	lua_Integer i = 1;
	collect(L, n, owner, list, &i);
	lua_settop(L, list);
	lua_pushinteger(L, 0);
	lua_pushcclosure(L, walk_next, 2);
	return 1;
}

/* ---- Attr: id, classes, attributes (Pandoc's), as live proxies ---- */

#define CLASSES    "lede.node.classes"
#define ATTRIBUTES "lede.node.attributes"

/* The node a proxy at i stands for; raises once its article is released. */
static lede_node *proxy_node(lua_State *L, int i, const char *meta)
{
	luaL_checkudata(L, i, meta);
	lua_getiuservalue(L, i, 1);
	lede_node *n = lede_node_check(L, -1);
	lua_pop(L, 1);
	return n;
}

/* Pushes a proxy of kind meta for the node at node_idx. */
static void push_proxy(lua_State *L, int node_idx, const char *meta)
{
	node_idx = lua_absindex(L, node_idx);
	lua_newuserdatauv(L, 1, 1);
	luaL_setmetatable(L, meta);
	lua_pushvalue(L, node_idx);
	lua_setiuservalue(L, -2, 1);
}

typedef struct {
	const char *s;
	size_t len;
} piece;

/* Div and Span keep their classes in info, space-separated (the "class"
 * field); the other nodes in their Attr. Fills out[0..cap) and returns the
 * count. */
static size_t classes_of(const lede_node *n, piece *out, size_t cap)
{
	size_t k = 0;
	if (n->type == LEDE_NODE_DIV || n->type == LEDE_NODE_SPAN) {
		const char *c = n->info ? n->info : "";
		while (*c) {
			while (*c == ' ')
				c++;
			if (!*c)
				break;
			size_t l = strcspn(c, " ");
			if (k < cap)
				out[k] = (piece){c, l};
			k++;
			c += l;
		}
		return k;
	}
	for (; n->attr && k < n->attr->nclasses; k++)
		if (k < cap)
			out[k] = (piece){n->attr->classes[k], strlen(n->attr->classes[k])};
	return k;
}

static void set_classes(lua_State *L, lede_node *n, const piece *p, size_t cnt)
{
	size_t total = 0;
	for (size_t i = 0; i < cnt; i++) {
		if (!p[i].len || memchr(p[i].s, ' ', p[i].len) || memchr(p[i].s, '\t', p[i].len) ||
		    memchr(p[i].s, '\n', p[i].len))
			luaL_error(L, "a class is one word, not '%s'", p[i].s);
		total += p[i].len + 1;
	}
	lede_sandbox_check_mem(L, total + cnt * sizeof(char *));
	if (n->type == LEDE_NODE_DIV || n->type == LEDE_NODE_SPAN) {
		char *s = cnt ? lede_arena_alloc(n->arena, total) : NULL;
		size_t at = 0;
		for (size_t i = 0; i < cnt; i++) {
			if (i)
				s[at++] = ' ';
			memcpy(s + at, p[i].s, p[i].len);
			at += p[i].len;
		}
		if (s)
			s[at] = '\0';
		n->info = s;
		return;
	}
	lede_attr *a = lede_node_attr(n);
	const char **v = cnt ? lede_arena_alloc(n->arena, cnt * sizeof *v) : NULL;
	for (size_t i = 0; i < cnt; i++)
		v[i] = lede_arena_strndup(n->arena, p[i].s, p[i].len);
	a->classes = v;
	a->nclasses = cnt;
}

/* A scratch array of pieces, collected if an error unwinds. */
static piece *pieces(lua_State *L, size_t n)
{
	return lua_newuserdatauv(L, (n + 1) * sizeof(piece), 0);
}

/* Pandoc's List methods, on the tables node:children() returns and on a
 * node's classes (a filter ported from Pandoc writes
 * el.classes:includes("x") and el.content:map(f)). They read and write
 * through lua_geti/lua_seti, so a classes proxy takes them as a table
 * does; map, filter and clone make plain tables with these methods. */
#define LIST "lede.List"

static lua_Integer list_from(lua_State *L, int arg, lua_Integer len)
{
	lua_Integer init = luaL_optinteger(L, arg, 1);
	if (init < 0)
		init = len + init + 1;
	return init < 1 ? 1 : init;
}

static void push_list(lua_State *L, int narr)
{
	lua_createtable(L, narr, 0);
	luaL_setmetatable(L, LIST);
}

static int list_find_at(lua_State *L, bool pred)
{
	lua_Integer len = luaL_len(L, 1);
	if (pred)
		luaL_checktype(L, 2, LUA_TFUNCTION);
	for (lua_Integer i = list_from(L, 3, len); i <= len; i++) {
		lua_geti(L, 1, i);
		bool hit;
		if (pred) {
			lua_pushvalue(L, 2);
			lua_pushvalue(L, -2);
			lua_pushinteger(L, i);
			lua_call(L, 2, 1);
			hit = lua_toboolean(L, -1);
			lua_pop(L, 1);
		} else {
			hit = lua_compare(L, -1, 2, LUA_OPEQ);
		}
		if (hit) {
			lua_pushinteger(L, i);
			return 2;
		}
		lua_pop(L, 1);
	}
	return 0;
}

/* list:includes(x [, init]): whether x is in the list */
static int list_includes(lua_State *L)
{
	luaL_checkany(L, 2);
	lua_pushboolean(L, list_find_at(L, false) > 0);
	return 1;
}

/* list:find(x [, init]): x and its index, or nil */
static int list_find(lua_State *L)
{
	luaL_checkany(L, 2);
	return list_find_at(L, false);
}

/* list:find_if(pred [, init]): the first item pred(item, i) holds for, and
 * its index, or nil */
static int list_find_if(lua_State *L) { return list_find_at(L, true); }

/* list:map(fn): a new list of fn(item, i) */
static int list_map(lua_State *L)
{
	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_Integer len = luaL_len(L, 1);
	push_list(L, (int)(len > 0 && len < INT_MAX ? len : 0));
	for (lua_Integer i = 1; i <= len; i++) {
		lua_pushvalue(L, 2);
		lua_geti(L, 1, i);
		lua_pushinteger(L, i);
		lua_call(L, 2, 1);
		lua_seti(L, -2, i);
	}
	return 1;
}

/* list:filter(pred): a new list of the items pred(item, i) holds for */
static int list_filter(lua_State *L)
{
	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_Integer len = luaL_len(L, 1), k = 0;
	push_list(L, 0);
	for (lua_Integer i = 1; i <= len; i++) {
		lua_geti(L, 1, i);
		lua_pushvalue(L, 2);
		lua_pushvalue(L, -2);
		lua_pushinteger(L, i);
		lua_call(L, 2, 1);
		bool keep = lua_toboolean(L, -1);
		lua_pop(L, 1);
		if (keep)
			lua_seti(L, -2, ++k);
		else
			lua_pop(L, 1);
	}
	return 1;
}

/* list:insert([pos,] x), as table.insert */
static int list_insert(lua_State *L)
{
	lua_Integer len = luaL_len(L, 1), pos = len + 1;
	if (lua_gettop(L) >= 3) {
		pos = luaL_checkinteger(L, 2);
		luaL_argcheck(L, pos >= 1 && pos <= len + 1, 2, "position out of bounds");
		lua_settop(L, 3);
	} else {
		luaL_checkany(L, 2);
		lua_settop(L, 2);
	}
	for (lua_Integer i = len; i >= pos; i--) {
		lua_geti(L, 1, i);
		lua_seti(L, 1, i + 1);
	}
	lua_seti(L, 1, pos);
	return 0;
}

/* list:remove([pos]), as table.remove (lua's ltablib.c tremove): the
 * item taken out; pos may be #list + 1 (nil, nothing moved) */
static int list_remove(lua_State *L)
{
	lua_Integer len = luaL_len(L, 1), pos = luaL_optinteger(L, 2, len);
	if (pos != len)
		luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)len, 2,
		              "position out of bounds");
	lua_geti(L, 1, pos);
	for (; pos < len; pos++) {
		lua_geti(L, 1, pos + 1);
		lua_seti(L, 1, pos);
	}
	lua_pushnil(L);
	lua_seti(L, 1, pos);
	return 1;
}

/* list:extend(other): other's items appended; the list */
static int list_extend(lua_State *L)
{
	/* A list: a table, or a node's classes (anything with a length) */
	if (lua_type(L, 2) != LUA_TTABLE && luaL_getmetafield(L, 2, "__len") == LUA_TNIL)
		luaL_typeerror(L, 2, "table");
	lua_settop(L, 2);
	lua_Integer len = luaL_len(L, 1), n = luaL_len(L, 2);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_geti(L, 2, i);
		lua_seti(L, 1, len + i);
	}
	lua_settop(L, 1);
	return 1;
}

/* list:clone(): a shallow copy, a plain list */
static int list_clone(lua_State *L)
{
	lua_Integer len = luaL_len(L, 1);
	push_list(L, (int)(len > 0 && len < INT_MAX ? len : 0));
	for (lua_Integer i = 1; i <= len; i++) {
		lua_geti(L, 1, i);
		lua_seti(L, -2, i);
	}
	return 1;
}

/* list:at(i [, default]): item i, counted from the end when negative */
static int list_at(lua_State *L)
{
	lua_Integer len = luaL_len(L, 1), i = luaL_checkinteger(L, 2);
	if (i < 0)
		i = len + i + 1;
	if (i >= 1 && i <= len)
		lua_geti(L, 1, i);
	else
		lua_settop(L, 3);
	return 1;
}

static void list_open(lua_State *L)
{
	static const luaL_Reg methods[] = {{"includes", list_includes},
	                                   {"find", list_find},
	                                   {"find_if", list_find_if},
	                                   {"map", list_map},
	                                   {"filter", list_filter},
	                                   {"insert", list_insert},
	                                   {"remove", list_remove},
	                                   {"extend", list_extend},
	                                   {"clone", list_clone},
	                                   {"at", list_at},
	                                   {NULL, NULL}};
	luaL_newmetatable(L, LIST);
	luaL_newlib(L, methods);
	lua_setfield(L, -2, "__index");
	lua_pop(L, 1);
}

/* A List method for a classes proxy, or nothing. */
static int list_method(lua_State *L, int key)
{
	luaL_getmetatable(L, LIST);
	lua_getfield(L, -1, "__index");
	lua_pushvalue(L, key);
	lua_rawget(L, -2);
	return 1;
}

static int cls_index(lua_State *L)
{
	lede_node *n = proxy_node(L, 1, CLASSES);
	if (lua_type(L, 2) == LUA_TSTRING)
		return list_method(L, 2);
	if (!lua_isinteger(L, 2))
		return 0;
	lua_Integer i = lua_tointeger(L, 2);
	size_t cnt = classes_of(n, NULL, 0);
	if (i < 1 || (size_t)i > cnt)
		return 0;
	piece *p = pieces(L, cnt);
	classes_of(n, p, cnt);
	lua_pushlstring(L, p[i - 1].s, p[i - 1].len);
	return 1;
}

/* classes[i] = "x" sets or appends (i = #classes + 1); = nil removes it */
static int cls_newindex(lua_State *L)
{
	lede_node *n = proxy_node(L, 1, CLASSES);
	lua_Integer i = luaL_checkinteger(L, 2);
	size_t cnt = classes_of(n, NULL, 0);
	luaL_argcheck(L, i >= 1 && (size_t)i <= cnt + 1, 2, "a class index is 1 to #classes + 1");
	piece *p = pieces(L, cnt + 1);
	classes_of(n, p, cnt);
	if (lua_isnil(L, 3)) {
		if ((size_t)i <= cnt) {
			memmove(p + i - 1, p + i, (cnt - (size_t)i) * sizeof *p);
			cnt--;
		}
	} else {
		size_t len;
		const char *s = luaL_checklstring(L, 3, &len);
		p[i - 1] = (piece){s, len};
		if ((size_t)i == cnt + 1)
			cnt++;
	}
	set_classes(L, n, p, cnt);
	return 0;
}

static int cls_len(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)classes_of(proxy_node(L, 1, CLASSES), NULL, 0));
	return 1;
}

/* node.classes = other.classes, node.attributes = other.attributes (and
 * Heading(l, c, {classes = h.classes})): the value is a proxy, not a
 * table, and raised "bad argument #3 to '?' (table expected, got
 * lede.node.classes)". Returns the index of a plain table of the proxy's
 * classes or attributes, pushed, or t as it was. */
static int proxy_as_table(lua_State *L, int t)
{
	t = lua_absindex(L, t);
	bool cls = luaL_testudata(L, t, CLASSES) != NULL;
	if (!cls && !luaL_testudata(L, t, ATTRIBUTES))
		return t;
	lede_node *src = proxy_node(L, t, cls ? CLASSES : ATTRIBUTES);
	if (cls) {
		size_t cnt = classes_of(src, NULL, 0);
		piece *p = pieces(L, cnt);
		classes_of(src, p, cnt);
		lua_createtable(L, (int)cnt, 0);
		for (size_t i = 0; i < cnt; i++) {
			lua_pushlstring(L, p[i].s, p[i].len);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		lua_remove(L, -2);
	} else {
		lua_newtable(L);
		for (size_t i = 0; src->attr && i < src->attr->nattrs; i++) {
			lua_pushstring(L, src->attr->values[i]);
			lua_setfield(L, -2, src->attr->keys[i]);
		}
	}
	return lua_gettop(L);
}

/* node.classes = { ... } */
static void set_classes_table(lua_State *L, lede_node *n, int t)
{
	t = proxy_as_table(L, t);
	luaL_checktype(L, t, LUA_TTABLE);
	size_t cnt = (size_t)lua_rawlen(L, t);
	piece *p = pieces(L, cnt);
	for (size_t i = 0; i < cnt; i++) {
		lua_rawgeti(L, t, (lua_Integer)i + 1);
		if (lua_type(L, -1) != LUA_TSTRING)
			luaL_error(L, "classes[%d] is a %s, not a string", (int)i + 1,
			           luaL_typename(L, -1));
		p[i].s = lua_tolstring(L, -1, &p[i].len); /* anchored by the table */
		lua_pop(L, 1);
	}
	set_classes(L, n, p, cnt);
	lua_pop(L, 1);
}

static size_t attr_find(const lede_attr *a, const char *k)
{
	for (size_t i = 0; a && i < a->nattrs; i++)
		if (!strcmp(a->keys[i], k))
			return i;
	return (size_t)-1;
}

static int attrs_index(lua_State *L)
{
	lede_node *n = proxy_node(L, 1, ATTRIBUTES);
	if (lua_type(L, 2) != LUA_TSTRING)
		return 0;
	size_t i = attr_find(n->attr, lua_tostring(L, 2));
	if (i == (size_t)-1)
		return 0;
	lua_pushstring(L, n->attr->values[i]);
	return 1;
}

/* Sets key to the string at v (nil: removes it), in the order first set. */
static void attr_set(lua_State *L, lede_node *n, const char *k, int v)
{
	const char *why = lede_attr_refused(n->type, k);
	if (why)
		luaL_error(L, "node attribute '%s': %s", k, why);
	lede_attr *a = lede_node_attr(n);
	size_t i = attr_find(a, k);
	if (lua_isnil(L, v)) {
		if (i != (size_t)-1) {
			memmove(a->keys + i, a->keys + i + 1,
			        (a->nattrs - i - 1) * sizeof *a->keys);
			memmove(a->values + i, a->values + i + 1,
			        (a->nattrs - i - 1) * sizeof *a->values);
			a->nattrs--;
		}
		return;
	}
	if (lua_type(L, v) != LUA_TSTRING && lua_type(L, v) != LUA_TNUMBER)
		luaL_error(L, "node attribute '%s' must be a string, not %s", k,
		           luaL_typename(L, v));
	size_t len;
	const char *s = lua_tolstring(L, v, &len);
	lede_sandbox_check_mem(L, len + strlen(k) + 2 * sizeof(char *) * (a->nattrs + 1));
	const char *value = lede_arena_strndup(n->arena, s, len);
	if (i != (size_t)-1) {
		a->values[i] = value;
		return;
	}
	const char **keys = lede_arena_alloc(n->arena, (a->nattrs + 1) * sizeof *keys);
	const char **values = lede_arena_alloc(n->arena, (a->nattrs + 1) * sizeof *values);
	if (a->nattrs) {
		memcpy(keys, a->keys, a->nattrs * sizeof *keys);
		memcpy(values, a->values, a->nattrs * sizeof *values);
	}
	keys[a->nattrs] = lede_arena_strdup(n->arena, k);
	values[a->nattrs] = value;
	a->keys = keys;
	a->values = values;
	a->nattrs++;
}

static int attrs_newindex(lua_State *L)
{
	lede_node *n = proxy_node(L, 1, ATTRIBUTES);
	attr_set(L, n, luaL_checkstring(L, 2), 3);
	return 0;
}

static int attrs_len(lua_State *L)
{
	lede_node *n = proxy_node(L, 1, ATTRIBUTES);
	lua_pushinteger(L, n->attr ? (lua_Integer)n->attr->nattrs : 0);
	return 1;
}

/* pairs(node.attributes): in the order the attributes were set */
static int attrs_next(lua_State *L)
{
	lede_node *n = proxy_node(L, 1, ATTRIBUTES);
	size_t i = 0;
	if (!lua_isnil(L, 2)) {
		i = attr_find(n->attr, luaL_checkstring(L, 2));
		if (i == (size_t)-1)
			return luaL_error(L, "node attributes changed while iterated");
		i++;
	}
	if (!n->attr || i >= n->attr->nattrs)
		return 0;
	lua_pushstring(L, n->attr->keys[i]);
	lua_pushstring(L, n->attr->values[i]);
	return 2;
}

static int attrs_pairs(lua_State *L)
{
	proxy_node(L, 1, ATTRIBUTES);
	lua_pushcfunction(L, attrs_next);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* node.attributes = { key = value, ... }: replaces them, keys sorted (in
 * C: table.sort is the plugins' to replace). Every pair is checked before
 * the node changes, so a refused one leaves the attributes as they were. */
static void set_attrs_table(lua_State *L, lede_node *n, int t)
{
	t = proxy_as_table(L, t);
	luaL_checktype(L, t, LUA_TTABLE);
	t = lua_absindex(L, t);
	size_t cnt = 0;
	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING)
			luaL_error(L, "node attributes have string keys, not %s",
			           luaL_typename(L, -1));
		cnt++;
	}
	/* (the keys are strings of t, which holds them while this runs) */
	const char **keys = lua_newuserdatauv(L, (cnt ? cnt : 1) * sizeof *keys, 0);
	size_t k = 0;
	lua_pushnil(L);
	while (lua_next(L, t)) {
		const char *key = lua_tostring(L, -2);
		const char *why = lede_attr_refused(n->type, key);
		if (why)
			luaL_error(L, "node attribute '%s': %s", key, why);
		if (lua_type(L, -1) != LUA_TSTRING && lua_type(L, -1) != LUA_TNUMBER)
			luaL_error(L, "node attribute '%s' must be a string, not %s", key,
			           luaL_typename(L, -1));
		if (k < cnt)
			keys[k++] = key;
		lua_pop(L, 1);
	}
	qsort(keys, k, sizeof *keys, cmp_key);
	if (n->attr)
		n->attr->nattrs = 0;
	for (size_t i = 0; i < k; i++) {
		lua_pushstring(L, keys[i]);
		lua_rawget(L, t);
		attr_set(L, n, keys[i], lua_gettop(L));
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

static void attr_open(lua_State *L)
{
	static const luaL_Reg cls[] = {
	    {"__index", cls_index}, {"__newindex", cls_newindex}, {"__len", cls_len}, {NULL, NULL}};
	static const luaL_Reg atr[] = {{"__index", attrs_index},
	                               {"__newindex", attrs_newindex},
	                               {"__len", attrs_len},
	                               {"__pairs", attrs_pairs},
	                               {NULL, NULL}};
	luaL_newmetatable(L, CLASSES);
	luaL_setfuncs(L, cls, 0);
	lua_pop(L, 1);
	luaL_newmetatable(L, ATTRIBUTES);
	luaL_setfuncs(L, atr, 0);
	lua_pop(L, 1);
	list_open(L);
}

static const char *const fieldnames[] = {
    "type",         "literal", "url",     "title",    "level",   "line",       "column",
    "info",         "format",  "class",   "id",       "classes", "attributes", "ordered",
    "start",        "tight",   "checked", "number",   "parent",  "next",       "prev",
    "first",        "last",    "walk",    "children", "append",  "prepend",    "insert_before",
    "insert_after", "replace", "unlink",  "clone",    "html",    "text",
};

static const luaL_Reg methods[] = {
    {"walk", n_walk},
    {"children", n_children},
    {"append", n_append},
    {"prepend", n_prepend},
    {"insert_before", n_insert_before},
    {"insert_after", n_insert_after},
    {"replace", n_replace},
    {"unlink", n_unlink},
    {"clone", n_clone},
    {"html", n_html},
    {"text", n_text},
    {NULL, NULL},
};

static void push_opt(lua_State *L, const char *s)
{
	if (s)
		lua_pushstring(L, s);
	else
		lua_pushnil(L);
}

static bool is_footnote(lede_node_type t)
{
	return t == LEDE_NODE_FOOTNOTE_REFERENCE || t == LEDE_NODE_FOOTNOTE_DEFINITION;
}

/* Pandoc's field names, for a filter ported from Pandoc, with lede's: the
 * nearest spelling would mislead ('t': did you mean 'id'?). */
static const char *pandoc_field(const char *k)
{
	static const char *const fields[][2] = {
	    {"t", "node.type"},
	    {"tag", "node.type"},
	    {"content", "node:children() (a list; node:append(n) adds one)"},
	    {"target", "node.url"},
	    {"src", "node.url"},
	    {"identifier", "node.id"},
	    {"attr", "node.id, node.classes and node.attributes"},
	    {"caption", "the Image's children (its alt text)"},
	};
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		if (!strcmp(k, fields[i][0]))
			return fields[i][1];
	return NULL;
}

static int n_index(lua_State *L)
{
	lede_node *n = lede_node_check(L, 1);
	const char *k = luaL_checkstring(L, 2);
	if (!strcmp(k, "type"))
		lua_pushstring(L, lede_node_type_name(n->type));
	else if (!strcmp(k, "literal"))
		push_opt(L, n->literal);
	else if (!strcmp(k, "url"))
		push_opt(L, n->url);
	else if (!strcmp(k, "title"))
		push_opt(L, n->title);
	else if (!strcmp(k, "info") || !strcmp(k, "format") || !strcmp(k, "class"))
		push_opt(L, n->info);
	else if (!strcmp(k, "level"))
		n->type == LEDE_NODE_HEADING ? lua_pushinteger(L, n->level) : lua_pushnil(L);
	else if (!strcmp(k, "id"))
		push_opt(L, n->attr ? n->attr->id : NULL);
	else if (!strcmp(k, "classes") || !strcmp(k, "attributes"))
		lede_node_has_attr(n->type) ? push_proxy(L, 1, k[0] == 'c' ? CLASSES : ATTRIBUTES)
		                            : lua_pushnil(L);
	else if (!strcmp(k, "line"))
		n->line ? lua_pushinteger(L, n->line) : lua_pushnil(L);
	else if (!strcmp(k, "column"))
		n->line ? lua_pushinteger(L, n->column) : lua_pushnil(L);
	else if (!strcmp(k, "ordered"))
		lua_pushboolean(L, n->ordered);
	else if (!strcmp(k, "start"))
		lua_pushinteger(L, n->start);
	else if (!strcmp(k, "tight"))
		lua_pushboolean(L, n->tight);
	else if (!strcmp(k, "checked"))
		n->task ? lua_pushboolean(L, n->checked) : lua_pushnil(L);
	else if (!strcmp(k, "number"))
		is_footnote(n->type) ? lua_pushinteger(L, n->number) : lua_pushnil(L);
	else if (!strcmp(k, "parent"))
		push_sibling(L, n->parent, 1);
	else if (!strcmp(k, "next"))
		push_sibling(L, n->next, 1);
	else if (!strcmp(k, "prev"))
		push_sibling(L, n->prev, 1);
	else if (!strcmp(k, "first"))
		push_sibling(L, n->first, 1);
	else if (!strcmp(k, "last"))
		push_sibling(L, n->last, 1);
	else {
		for (const luaL_Reg *m = methods; m->name; m++)
			if (!strcmp(m->name, k)) {
				lua_pushcfunction(L, m->func);
				return 1;
			}
		const char *pandoc = pandoc_field(k);
		if (pandoc)
			return luaL_error(L, "no node field '%s'; Pandoc's el.%s is lede's %s", k,
			                  k, pandoc);
		const char *near =
		    lede_nearest(k, fieldnames, sizeof fieldnames / sizeof *fieldnames);
		if (near)
			return luaL_error(L, "no node field '%s'; did you mean '%s'?", k, near);
		return luaL_error(L, "no node field '%s'", k);
	}
	return 1;
}

static bool has_literal(lede_node_type t)
{
	switch (t) {
	case LEDE_NODE_TEXT:
	case LEDE_NODE_CODE:
	case LEDE_NODE_CODE_BLOCK:
	case LEDE_NODE_HTML_BLOCK:
	case LEDE_NODE_HTML_INLINE:
	case LEDE_NODE_RAW_BLOCK:
	case LEDE_NODE_RAW_INLINE: return true;
	default: return false;
	}
}

/* Whether a raw node of this format is printed by the HTML renderer. */
static bool raw_html(const char *format) { return format && !strcmp(format, "html"); }

static int raw_refused(lua_State *L, const char *type)
{
	return luaL_error(L,
	                  "a sandboxed plugin may not make raw HTML (a %s with format 'html'): "
	                  "the site has 'allow_raw_html: false'; grant this plugin raw HTML "
	                  "with 'raw_html: true' in its plugin entry in lede.yaml, or build the "
	                  "markup from nodes",
	                  type);
}

/* Footnote numbers are ids in the page (fn-N): positive, int-sized. */
static int footnote_number(lua_State *L, int arg)
{
	lua_Integer v = luaL_checkinteger(L, arg);
	luaL_argcheck(L, v >= 1 && v <= 1000000, arg, "footnote number must be 1 to 1000000");
	return (int)v;
}

/* As Markdown's (at most nine digits): the text format numbers the items
 * from it, in an int. */
static int list_start(lua_State *L, int idx)
{
	lua_Integer v = luaL_checkinteger(L, idx);
	if (v < 0 || v > 999999999)
		luaL_error(L, "a list's start is 0 to 999999999 (as in Markdown), not %I", v);
	return (int)v;
}

static int n_newindex(lua_State *L)
{
	lede_node *n = lede_node_check(L, 1);
	const char *k = luaL_checkstring(L, 2);
	lede_node_type t = n->type;
	const char **slot = NULL;
	bool fits = true;
	if (!strcmp(k, "literal")) {
		slot = &n->literal;
		fits = has_literal(t);
	} else if (!strcmp(k, "url") || !strcmp(k, "title")) {
		slot = k[0] == 'u' ? &n->url : &n->title;
		fits = t == LEDE_NODE_LINK || t == LEDE_NODE_IMAGE;
	} else if (!strcmp(k, "info") || !strcmp(k, "format") || !strcmp(k, "class")) {
		slot = &n->info;
		fits = t == LEDE_NODE_CODE_BLOCK || t == LEDE_NODE_RAW_BLOCK ||
		       t == LEDE_NODE_RAW_INLINE || t == LEDE_NODE_DIV || t == LEDE_NODE_SPAN;
	} else if (!strcmp(k, "level")) {
		fits = t == LEDE_NODE_HEADING;
	} else if (!strcmp(k, "id") || !strcmp(k, "classes") || !strcmp(k, "attributes")) {
		fits = lede_node_has_attr(t);
	} else if (!strcmp(k, "ordered") || !strcmp(k, "tight") || !strcmp(k, "start")) {
		fits = t == LEDE_NODE_LIST;
	} else if (!strcmp(k, "checked")) {
		fits = t == LEDE_NODE_ITEM;
	} else if (!strcmp(k, "number")) {
		fits = is_footnote(t);
	} else {
		const char *pandoc = pandoc_field(k);
		if (pandoc)
			return luaL_error(L,
			                  "cannot set node field '%s'; Pandoc's el.%s is lede's %s",
			                  k, k, pandoc);
		return luaL_error(L, "cannot set node field '%s'", k);
	}
	if (!fits)
		return luaL_error(L, "a %s has no field '%s'", lede_node_type_name(t), k);
	if (slot) {
		if (lua_isnil(L, 3)) {
			*slot = NULL;
		} else {
			size_t len;
			const char *s = luaL_checklstring(L, 3, &len);
			if ((t == LEDE_NODE_RAW_BLOCK || t == LEDE_NODE_RAW_INLINE) &&
			    raw_html(k[0] == 'l' ? n->info : s) && !lede_sandbox_raw_allowed(L))
				return raw_refused(L, lede_node_type_name(t));
			lede_sandbox_check_mem(L, len);
			*slot = lede_arena_strndup(n->arena, s, len);
		}
	} else if (!strcmp(k, "id")) {
		if (lua_isnil(L, 3)) {
			if (n->attr)
				n->attr->id = NULL;
		} else {
			size_t len;
			const char *s = luaL_checklstring(L, 3, &len);
			luaL_argcheck(L, len && !strpbrk(s, " \t\n\f\r"), 3,
			              "an id is one word (no spaces), not empty");
			lede_sandbox_check_mem(L, len);
			lede_node_attr(n)->id = lede_arena_strndup(n->arena, s, len);
		}
	} else if (!strcmp(k, "classes")) {
		set_classes_table(L, n, 3);
	} else if (!strcmp(k, "attributes")) {
		set_attrs_table(L, n, 3);
	} else if (!strcmp(k, "level")) {
		lua_Integer l = luaL_checkinteger(L, 3);
		luaL_argcheck(L, l >= 1 && l <= 6, 3, "heading level must be 1 to 6");
		n->level = (int)l;
	} else if (!strcmp(k, "ordered")) {
		n->ordered = lua_toboolean(L, 3);
	} else if (!strcmp(k, "tight")) {
		n->tight = lua_toboolean(L, 3);
	} else if (!strcmp(k, "start")) {
		n->start = list_start(L, 3);
	} else if (!strcmp(k, "number")) {
		n->number = footnote_number(L, 3);
	} else {
		n->task = true;
		n->checked = lua_toboolean(L, 3);
	}
	return 0;
}

static int n_eq(lua_State *L)
{
	handle *a = luaL_testudata(L, 1, META), *b = luaL_testudata(L, 2, META);
	lua_pushboolean(L, a && b && a->n == b->n);
	return 1;
}

static int n_tostring(lua_State *L)
{
	handle *h = luaL_checkudata(L, 1, META);
	/* tostring() must not raise (print, error messages), nor read a
	 * released article's memory (found by tests/fuzz/fuzz_node.c). */
	if (!alive(L, 1))
		lua_pushliteral(L, "lede.node (released)");
	else
		lua_pushfstring(L, "lede.node (%s)", lede_node_type_name(h->n->type));
	return 1;
}

/* --- constructors ------------------------------------------------------ */

/* Adds the children given at index i (a string, a node, or a list of
 * those) to parent; owner is at owner_idx. Lists may hold lists, down to
 * LEDE_MAX_DEPTH of them: each level holds one slot of the Lua stack,
 * which must be asked for (pushing past it overwrote the heap), and a
 * list holding itself would recurse until the C stack ran out. */
static void add_children_at(lua_State *L, lede_node *parent, int i, int owner_idx, int depth)
{
	i = lua_absindex(L, i);
	if (lua_isnoneornil(L, i))
		return;
	if (lua_type(L, i) == LUA_TSTRING) {
		lede_node *t = lede_node_new(parent->arena, LEDE_NODE_TEXT);
		size_t n;
		const char *s = lua_tolstring(L, i, &n);
		t->literal = lede_arena_strndup(parent->arena, s, n);
		if (lede_node_is_block(parent->type) &&
		    !lede_node_can_contain(parent, LEDE_NODE_TEXT)) {
			lede_node *p = lede_node_new(parent->arena, LEDE_NODE_PARAGRAPH);
			lede_node_append(p, t);
			t = p;
		}
		lede_node_append(parent, t);
		return;
	}
	if (luaL_testudata(L, i, META)) {
		lede_node *c = lede_node_check(L, i);
		if (c->arena != parent->arena) {
			c = lede_node_copy(parent->arena, c);
			lede_sandbox_check_mem(L, 0);
		}
		check_fits(L, parent, c);
		if (lede_node_append(parent, c) != 0)
			luaL_error(L, "cannot make a node its own descendant");
		return;
	}
	if (lua_istable(L, i)) {
		if (depth >= LEDE_MAX_DEPTH)
			luaL_error(L,
			           "content nested deeper than %d lists (a list holding itself?); "
			           "give a string, a node or a list of them",
			           LEDE_MAX_DEPTH);
		luaL_checkstack(L, 2, "content nested too deep");
		lua_Integer n = luaL_len(L, i);
		for (lua_Integer k = 1; k <= n; k++) {
			lua_rawgeti(L, i, k);
			add_children_at(L, parent, -1, owner_idx, depth + 1);
			lua_pop(L, 1);
		}
		return;
	}
	luaL_typeerror(L, i, "string, lede.node or list of them");
}

static void add_children(lua_State *L, lede_node *parent, int i, int owner_idx)
{
	add_children_at(L, parent, i, owner_idx, 0);
}

/* nargs: how many arguments the constructor takes; the owner goes after
 * them so argument indices stay put whatever the caller passed. */
static lede_node *make(lua_State *L, lede_node_type t, int nargs, int *owner_idx)
{
	lua_settop(L, nargs);
	lede_arena *a = push_owner(L);
	*owner_idx = lua_gettop(L);
	return lede_node_new(a, t);
}

static int finish(lua_State *L, lede_node *n, int owner_idx)
{
	lede_sandbox_check_mem(L, 0);
	lede_node_push(L, n, owner_idx);
	return 1;
}

static const char *arena_str(lua_State *L, lede_node *n, int i)
{
	size_t len;
	const char *s = luaL_checklstring(L, i, &len);
	lede_sandbox_check_mem(L, len); /* before the copy is made */
	return lede_arena_strndup(n->arena, s, len);
}

static const char *arena_optstr(lua_State *L, lede_node *n, int i)
{
	return lua_isnoneornil(L, i) ? NULL : arena_str(L, n, i);
}

/* Containers whose only argument is their content. */
static int container(lua_State *L, lede_node_type t)
{
	int owner;
	lede_node *n = make(L, t, 1, &owner);
	add_children(L, n, 1, owner);
	return finish(L, n, owner);
}

#define CONTAINER(fn, type)                                                                        \
	static int fn(lua_State *L) { return container(L, type); }
CONTAINER(c_document, LEDE_NODE_DOCUMENT)
CONTAINER(c_paragraph, LEDE_NODE_PARAGRAPH)
CONTAINER(c_blockquote, LEDE_NODE_BLOCKQUOTE)
CONTAINER(c_item, LEDE_NODE_ITEM)
CONTAINER(c_emph, LEDE_NODE_EMPH)
CONTAINER(c_strong, LEDE_NODE_STRONG)
CONTAINER(c_strike, LEDE_NODE_STRIKETHROUGH)
CONTAINER(c_row, LEDE_NODE_TABLE_ROW)
CONTAINER(c_cell, LEDE_NODE_TABLE_CELL)
CONTAINER(c_table, LEDE_NODE_TABLE)

static int leaf(lua_State *L, lede_node_type t, bool has_literal)
{
	int owner;
	lede_node *n = make(L, t, 1, &owner);
	if (has_literal)
		n->literal = arena_str(L, n, 1);
	return finish(L, n, owner);
}

static int c_text(lua_State *L) { return leaf(L, LEDE_NODE_TEXT, true); }
static int c_code(lua_State *L) { return leaf(L, LEDE_NODE_CODE, true); }
static int c_softbreak(lua_State *L) { return leaf(L, LEDE_NODE_SOFTBREAK, false); }
static int c_linebreak(lua_State *L) { return leaf(L, LEDE_NODE_LINEBREAK, false); }
static int c_hr(lua_State *L) { return leaf(L, LEDE_NODE_THEMATIC_BREAK, false); }

/* CodeBlock(text [, info]) */
static int c_codeblock(lua_State *L)
{
	int owner;
	if (lua_istable(L, 2))
		luaL_argerror(
		    L, 2,
		    "the info is a string, the language ('lua'): lede.node.CodeBlock(text [, "
		    "info]); Pandoc's pandoc.CodeBlock(text, attr) with class 'lua' is "
		    "CodeBlock(text, 'lua')");
	lede_node *n = make(L, LEDE_NODE_CODE_BLOCK, 2, &owner);
	n->literal = arena_str(L, n, 1);
	n->info = arena_optstr(L, n, 2);
	return finish(L, n, owner);
}

/* RawBlock(format, text), RawInline(format, text): trusted markup written
 * by the plugin, emitted only by the renderer of that format. */
static int raw(lua_State *L, lede_node_type t)
{
	if (raw_html(luaL_checkstring(L, 1)) && !lede_sandbox_raw_allowed(L))
		return raw_refused(L, t == LEDE_NODE_RAW_BLOCK ? "RawBlock" : "RawInline");
	int owner;
	lede_node *n = make(L, t, 2, &owner);
	n->info = arena_str(L, n, 1);
	n->literal = arena_str(L, n, 2);
	return finish(L, n, owner);
}
static int c_rawblock(lua_State *L) { return raw(L, LEDE_NODE_RAW_BLOCK); }
static int c_rawinline(lua_State *L) { return raw(L, LEDE_NODE_RAW_INLINE); }

/* The last argument of Heading, Div and Span: nil, or Pandoc's attr as
 * lede's fields, {id = "x", classes = {...}, attributes = {...}}, each
 * set as node.id = ... would be (its checks and messages). It was read as
 * nothing: pandoc.Header(2, c, attr) ported as Heading(2, c, attr) lost
 * the id without a word. The node is at the top of the stack. */
static void set_attr(lua_State *L, int arg)
{
	int node = lua_gettop(L);
	if (lua_isnil(L, arg))
		return;
	if (!lua_istable(L, arg))
		luaL_typeerror(L, arg,
		               "table {id = ..., classes = {...}, attributes = {...}} or nil");
	lua_pushnil(L);
	while (lua_next(L, arg)) {
		const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
		if (!k || (strcmp(k, "id") && strcmp(k, "classes") && strcmp(k, "attributes")))
			luaL_argerror(
			    L, arg,
			    lua_pushfstring(
			        L,
			        "the attribute table's keys are id, classes and attributes, "
			        "not %s%s%s%s",
			        k ? "'" : "", k ? k : luaL_typename(L, -2), k ? "'" : "",
			        k && !strcmp(k, "identifier") ? " (Pandoc's identifier is id)"
			                                      : ""));
		lua_pushvalue(L, -2);
		lua_pushvalue(L, -2);
		lua_settable(L, node);
		lua_pop(L, 1);
	}
}

/* Pandoc's constructors take the content first: pandoc.Span(content,
 * attr), pandoc.Link(content, target). A table or a node where lede wants
 * a string said only "string expected, got table". */
static void check_not_content(lua_State *L, int arg, const char *what, const char *usage,
                              const char *pandoc)
{
	if (lua_istable(L, arg) || luaL_testudata(L, arg, META))
		luaL_argerror(L, arg,
		              lua_pushfstring(L, "%s comes first: lede.node.%s; Pandoc's %s", what,
		                              usage, pandoc));
}

/* Heading(level, content [, attr]) */
static int c_heading(lua_State *L)
{
	lua_Integer l = luaL_checkinteger(L, 1);
	luaL_argcheck(L, l >= 1 && l <= 6, 1, "heading level must be 1 to 6");
	int owner;
	lede_node *n = make(L, LEDE_NODE_HEADING, 3, &owner);
	n->level = (int)l;
	add_children(L, n, 2, owner);
	int r = finish(L, n, owner);
	set_attr(L, 3);
	return r;
}

/* Link(url, content [, title]), Image(url, alt [, title]) */
static int link(lua_State *L, lede_node_type t)
{
	if (t == LEDE_NODE_LINK)
		check_not_content(
		    L, 1, "the URL", "Link(url, content [, title])",
		    "pandoc.Link(content, target, title) is Link(target, content, title)");
	else
		check_not_content(
		    L, 1, "the URL", "Image(url, alt [, title])",
		    "pandoc.Image(caption, src, title) is Image(src, caption, title)");
	int owner;
	lede_node *n = make(L, t, 3, &owner);
	n->url = arena_str(L, n, 1);
	n->title = arena_optstr(L, n, 3);
	add_children(L, n, 2, owner);
	return finish(L, n, owner);
}
static int c_link(lua_State *L) { return link(L, LEDE_NODE_LINK); }
static int c_image(lua_State *L) { return link(L, LEDE_NODE_IMAGE); }

/* List(items [, {ordered = true, start = 1, tight = true}]); items are
 * Item nodes or contents that get wrapped in one. */
static int c_list(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	int owner;
	lede_node *n = make(L, LEDE_NODE_LIST, 2, &owner);
	n->tight = true;
	n->start = 1;
	if (lua_istable(L, 2)) {
		if (lua_getfield(L, 2, "ordered") != LUA_TNIL)
			n->ordered = lua_toboolean(L, -1);
		if (lua_getfield(L, 2, "tight") != LUA_TNIL)
			n->tight = lua_toboolean(L, -1);
		if (lua_getfield(L, 2, "start") != LUA_TNIL)
			n->start = list_start(L, -1);
		lua_pop(L, 3);
	}
	lua_Integer len = luaL_len(L, 1);
	for (lua_Integer k = 1; k <= len; k++) {
		lua_rawgeti(L, 1, k);
		handle *h = luaL_testudata(L, -1, META);
		if (h && lede_node_check(L, -1)->type == LEDE_NODE_ITEM) {
			add_children(L, n, -1, owner);
		} else {
			lede_node *it = lede_node_new(n->arena, LEDE_NODE_ITEM);
			add_children(L, it, -1, owner);
			lede_node_append(n, it);
		}
		lua_pop(L, 1);
	}
	return finish(L, n, owner);
}

/* FootnoteReference(number), FootnoteDefinition(number, content): the
 * HTML renderer links them by number. */
static int c_fnref(lua_State *L)
{
	int number = footnote_number(L, 1);
	int owner;
	lede_node *n = make(L, LEDE_NODE_FOOTNOTE_REFERENCE, 1, &owner);
	n->number = number;
	return finish(L, n, owner);
}

static int c_fndef(lua_State *L)
{
	int number = footnote_number(L, 1);
	int owner;
	lede_node *n = make(L, LEDE_NODE_FOOTNOTE_DEFINITION, 2, &owner);
	n->number = number;
	add_children(L, n, 2, owner);
	return finish(L, n, owner);
}

/* Div(class, content [, attr]), Span(class, content [, attr]) */
static int classed(lua_State *L, lede_node_type t)
{
	if (t == LEDE_NODE_DIV)
		check_not_content(L, 1, "the class (or nil)", "Div(class, content [, attr])",
		                  "pandoc.Div(content, attr) is Div(nil, content, attr)");
	else
		check_not_content(L, 1, "the class (or nil)", "Span(class, content [, attr])",
		                  "pandoc.Span(content, attr) is Span(nil, content, attr)");
	int owner;
	lede_node *n = make(L, t, 3, &owner);
	n->info = arena_optstr(L, n, 1);
	add_children(L, n, 2, owner);
	int r = finish(L, n, owner);
	set_attr(L, 3);
	return r;
}
static int c_div(lua_State *L) { return classed(L, LEDE_NODE_DIV); }
static int c_span(lua_State *L) { return classed(L, LEDE_NODE_SPAN); }

static const luaL_Reg constructors[] = {
    {"Document", c_document},
    {"Paragraph", c_paragraph},
    {"BlockQuote", c_blockquote},
    {"List", c_list},
    {"Item", c_item},
    {"CodeBlock", c_codeblock},
    {"Heading", c_heading},
    {"ThematicBreak", c_hr},
    {"Table", c_table},
    {"TableRow", c_row},
    {"TableCell", c_cell},
    {"RawBlock", c_rawblock},
    {"Div", c_div},
    {"Text", c_text},
    {"SoftBreak", c_softbreak},
    {"LineBreak", c_linebreak},
    {"Code", c_code},
    {"Emph", c_emph},
    {"Strong", c_strong},
    {"Strikethrough", c_strike},
    {"Link", c_link},
    {"Image", c_image},
    {"RawInline", c_rawinline},
    {"Span", c_span},
    {"FootnoteReference", c_fnref},
    {"FootnoteDefinition", c_fndef},
    {NULL, NULL},
};

/* --- node filters --------------------------------------------------------
 * Pandoc's contract: the function for a node's type gets (node, extra1,
 * extra2); nil keeps the node, a node replaces it, a list of nodes is
 * spliced in its place, an empty list deletes it. Children are filtered
 * before their parent (bottom-up, as Pandoc does), and what a filter
 * returns is not filtered again. */

/* Where a filtered node stood, taken before its filter ran: the filter may
 * move the node itself (wrapping it in a Span, say). */
typedef struct {
	lede_node *parent, *prev, *next;
	int fn; /* the filter function's stack index, for messages */
} slot;

/* Raises a message about what a filter returned, at the filter function's
 * file and line: the error is raised after the function returned, so Lua
 * would name no place, and the report read 'plugins/x.lua: in hook ...'
 * with no line to look at. */
static int result_error(lua_State *L, const slot *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *msg = lua_pushvfstring(L, fmt, ap);
	va_end(ap);
	lua_Debug ar;
	if (at->fn) {
		lua_pushvalue(L, at->fn);
		if (lua_getinfo(L, ">S", &ar) && ar.linedefined > 0) {
			lua_pushfstring(L, "%s:%d: %s (the filter starting on that line)",
			                ar.short_src, ar.linedefined, msg);
			return lua_error(L);
		}
	}
	return lua_error(L);
}

/* Puts c where the filtered node stood, after what was put there before
 * (*anchor). */
static void place(lua_State *L, const slot *at, lede_node **anchor, lede_node *c, lede_node *n)
{
	lede_node *p = at->parent;
	if (c->arena != p->arena) {
		c = lede_node_copy(p->arena, c);
		lede_sandbox_check_mem(L, 0);
	}
	if (!lede_node_can_contain(p, c->type))
		result_error(L, at, "a node filter returned a %s where a %s stood, inside a %s",
		             lede_node_type_name(c->type), lede_node_type_name(n->type),
		             lede_node_type_name(p->type));
	int rc;
	if (*anchor && (*anchor)->parent == p)
		rc = lede_node_insert_after(*anchor, c);
	else if (at->next && at->next->parent == p && at->next != c)
		rc = lede_node_insert_before(at->next, c);
	else
		rc = lede_node_append(p, c);
	if (rc != 0 && (c == *anchor || c->parent == p))
		result_error(L, at,
		             "a node filter returned the same node twice; a node stands in one "
		             "place: return n:clone() for the second");
	if (rc != 0)
		result_error(L, at, "a node filter returned an ancestor of the node");
	*anchor = c;
}

/* Applies what a filter returned (at the top of the stack) to n, whose
 * place was at. *first and *last get the nodes that stand in n's place
 * afterwards, in order (NULL when the node was deleted). */
static int filter_result(lua_State *L, lede_node *n, const slot *at, lede_node **first,
                         lede_node **last)
{
	int r = lua_gettop(L);
	*first = *last = n;
	if (lua_isnil(L, r))
		return 0;
	bool single = luaL_testudata(L, r, META) != NULL;
	if (!single && !lua_istable(L, r))
		return result_error(
		    L, at,
		    "a node filter must return nil, a lede.node or a list of nodes, "
		    "not a %s",
		    luaL_typename(L, r));
	if (single && lede_node_check(L, r) == n)
		return 0;
	*first = *last = NULL;
	lua_Integer len = single ? 1 : luaL_len(L, r);
	/* A table with other keys ({link = n}) is not a list: taken as one,
	 * it would delete the node without a word. */
	if (!single) {
		lua_pushnil(L);
		while (lua_next(L, r)) {
			lua_pop(L, 1);
			lua_Integer k = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0;
			if (k < 1 || k > len) {
				const char *key =
				    lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
				return result_error(
				    L, at,
				    "a node filter returned a table that is not a list (its key "
				    "%s%s%s); "
				    "return nil, a lede.node, a list of nodes {n1, n2}, or {} to "
				    "delete the node",
				    key ? "'" : "", key ? key : luaL_typename(L, -1),
				    key ? "'" : "");
			}
		}
	}
	for (lua_Integer k = 1; k <= len && !single; k++) {
		lua_rawgeti(L, r, k);
		if (!luaL_testudata(L, -1, META))
			return result_error(
			    L, at,
			    "item %d of the list a node filter returned is a %s, not a "
			    "lede.node",
			    (int)k, luaL_typename(L, -1));
		lede_node_check(L, -1);
		lua_pop(L, 1);
	}
	/* Check every result fits before touching the tree, so a bad result
	 * leaves the document as it was. */
	for (lua_Integer k = 1; k <= len; k++) {
		if (single)
			lua_pushvalue(L, r);
		else
			lua_rawgeti(L, r, k);
		lede_node *c = lede_node_check(L, -1);
		lua_pop(L, 1);
		if (!lede_node_can_contain(at->parent, c->type))
			return result_error(
			    L, at, "a node filter returned a %s where a %s stood, inside a %s",
			    lede_node_type_name(c->type), lede_node_type_name(n->type),
			    lede_node_type_name(at->parent->type));
		for (const lede_node *q = at->parent; q; q = q->parent)
			if (q == c)
				return result_error(
				    L, at, "a node filter returned an ancestor of the node");
	}
	/* Take the node out (unless the filter already moved it), then put
	 * the results in its place, in order. */
	if (n->parent == at->parent)
		lede_node_unlink(n);
	lede_node *anchor = at->prev;
	for (lua_Integer k = 1; k <= len; k++) {
		if (single)
			lua_pushvalue(L, r);
		else
			lua_rawgeti(L, r, k);
		place(L, at, &anchor, lede_node_check(L, -1), n);
		lua_pop(L, 1);
		if (k == 1)
			*first = anchor;
		*last = anchor;
	}
	return 0;
}

/* Pushes the state's list of the node types' names as Lua strings (made
 * once per state): a walk looks every node's type up in the filter table,
 * and lua_getfield would make the name's string again each time. */
#define TYPE_NAMES "lede.node.type_names"

static void push_type_names(lua_State *L)
{
	if (lua_getfield(L, LUA_REGISTRYINDEX, TYPE_NAMES) == LUA_TTABLE)
		return;
	lua_pop(L, 1);
	lua_createtable(L, LEDE_NODE__COUNT, 0);
	for (int t = 0; t < LEDE_NODE__COUNT; t++) {
		lua_pushstring(L, lede_node_type_name((lede_node_type)t));
		lua_rawseti(L, -2, t + 1);
	}
	lua_pushvalue(L, -1);
	lua_setfield(L, LUA_REGISTRYINDEX, TYPE_NAMES);
}

/* The node after n in a post-order walk of root's subtree, or NULL. */
static lede_node *post_next(const lede_node *root, const lede_node *n)
{
	if (n == root)
		return NULL;
	if (!n->next)
		return n->parent;
	lede_node *next = n->next;
	while (next->first)
		next = next->first;
	return next;
}

/* Whether n is (still) a descendant of root. */
static bool inside(const lede_node *root, const lede_node *n)
{
	for (const lede_node *q = n->parent; q; q = q->parent)
		if (q == root)
			return true;
	return false;
}

/* Calls the filter for n's type, if the table `filters` has one, and
 * applies its result; the stack is left as found. *first and *last get the
 * nodes in n's place afterwards (n itself when there was no function or it
 * kept the node; NULL when it deleted it, or when n is no longer in root's
 * subtree and has a function, which is then not called). Returns false when the filter
 * returned false as its second value (topdown: do not descend). */
static bool call_filter(lua_State *L, const lede_node *root, lede_node *n, int filters, int names,
                        int owner, int extra1, int extra2, int nresults, lede_node **first,
                        lede_node **last)
{
	int top = lua_gettop(L);
	bool descend = true;
	*first = *last = n;
	/* (t[name], as lua_getfield would: a metatable is heeded, a filter
	 * table changed by a filter is read as it is now); a function found
	 * by the caller is at the top */
	if ((lua_type(L, -1) == LUA_TFUNCTION ||
	     (lua_rawgeti(L, names, (lua_Integer)n->type + 1) == LUA_TSTRING &&
	      lua_gettable(L, filters) == LUA_TFUNCTION)) &&
	    !inside(root, n)) {
		/* taken out of the tree by an earlier filter: not walked */
		*first = *last = NULL;
	} else if (lua_type(L, -1) == LUA_TFUNCTION) {
		lede_engine *e = lede_lua_engine(L);
		int fn_idx = lua_gettop(L);
		slot at = {n->parent, n->prev, n->next, fn_idx};
		if (e) {
			e->cur_line = n->line;
			e->cur_node_type = lede_node_type_name(n->type);
		}
		lede_node_push(L, n, owner);
		lua_pushvalue(L, fn_idx);
		lua_pushvalue(L, fn_idx + 1);
		if (extra1)
			lua_pushvalue(L, extra1);
		if (extra2)
			lua_pushvalue(L, extra2);
		lua_call(L, 1 + (extra1 != 0) + (extra2 != 0), nresults);
		/* The filter may have released the article being walked
		 * (found by tests/fuzz/fuzz_node.c): n, at and the nodes left
		 * to walk are its memory, gone. */
		if (!owner_alive(L, owner))
			luaL_error(L, "a node filter released the article being walked");
		if (nresults == 2) {
			descend = !(lua_isboolean(L, -1) && !lua_toboolean(L, -1));
			lua_pop(L, 1);
		}
		filter_result(L, n, &at, first, last);
		if (e) {
			e->cur_line = 0;
			e->cur_node_type = NULL;
		}
	}
	lua_settop(L, top);
	return descend;
}

/* What a topdown walk knows of a node (a Lua table keyed by the node's
 * address): its filter ran, or a filter returned it (results are not
 * filtered); its children were pushed; a filter returned it with false. */
enum { SEEN_FILTERED = 1, SEEN_WALKED = 2, SEEN_STOPPED = 3 };

static int seen_get(lua_State *L, int seen, const lede_node *n)
{
	lua_rawgetp(L, seen, n);
	int v = (int)lua_tointeger(L, -1);
	lua_pop(L, 1);
	return v;
}

static void seen_set(lua_State *L, int seen, const lede_node *n, int v)
{
	lua_pushinteger(L, v);
	lua_rawsetp(L, seen, n);
}

/* Pushes n's children on the walk's stack, the first on top, each with
 * the parent it had when pushed. */
static void push_children(lua_State *L, int stack, lua_Integer *depth, lede_node *n)
{
	for (lede_node *c = n->last; c; c = c->prev) {
		lua_pushlightuserdata(L, c);
		lua_rawseti(L, stack, ++*depth);
		lua_pushlightuserdata(L, n);
		lua_rawseti(L, stack, ++*depth);
	}
}

/* Pandoc's traverse = 'topdown': a node's filter runs before its
 * children's, on the nodes it leaves in its place (what it returned, or
 * itself), whose children are then walked, unless it returned false as a
 * second value. Each node is walked from an explicit stack (a Lua table of
 * light userdata), not by recursion: a tree may be deeper than C's stack.
 * A filter may move nodes still to be walked (a sibling into what it
 * returns): each node is filtered once and its children walked once, and
 * a node moved under one returned with false is not walked. */
static void walk_topdown(lua_State *L, lede_node *root, int filters, int names, int owner,
                         int extra1, int extra2)
{
	lua_newtable(L);
	int stack = lua_gettop(L);
	lua_newtable(L);
	int seen = lua_gettop(L);
	lua_Integer depth = 0;
	push_children(L, stack, &depth, root);
	while (depth > 0) {
		lua_rawgeti(L, stack, depth);
		lede_node *parent = lua_touserdata(L, -1);
		lua_rawgeti(L, stack, depth - 1);
		lede_node *n = lua_touserdata(L, -1);
		lua_pop(L, 2);
		lua_pushnil(L);
		lua_rawseti(L, stack, depth--);
		lua_pushnil(L);
		lua_rawseti(L, stack, depth--);
		int mark = seen_get(L, seen, n);
		if (mark >= SEEN_WALKED)
			continue;
		if (mark == 0 && n->parent != parent) {
			/* moved since it was pushed: not walked under a stop */
			bool stopped = false;
			for (const lede_node *q = n->parent; q && q != root && !stopped;
			     q = q->parent)
				stopped = seen_get(L, seen, q) == SEEN_STOPPED;
			if (stopped)
				continue;
		}
		lede_node *first = n, *last = n;
		bool descend = true;
		if (mark == 0) {
			descend = call_filter(L, root, n, filters, names, owner, extra1, extra2, 2,
			                      &first, &last);
			seen_set(L, seen, n, SEEN_FILTERED);
			if (!first)
				continue;
		}
		/* The run first..last, from the last: the first child on top. */
		for (lede_node *m = last;; m = m->prev) {
			if (!descend)
				seen_set(L, seen, m, SEEN_STOPPED);
			else if (seen_get(L, seen, m) < SEEN_WALKED) {
				seen_set(L, seen, m, SEEN_WALKED);
				push_children(L, stack, &depth, m);
			}
			if (m == first || !m->prev)
				break;
		}
	}
	lua_pop(L, 2);
}

/* The walk order a filter table asks for: Pandoc's `traverse` key, nil or
 * 'typewise' (children first, lede's order) or 'topdown'. */
static bool wants_topdown(lua_State *L, int filters)
{
	int t = lua_getfield(L, filters, "traverse");
	bool topdown = false;
	if (t == LUA_TSTRING && !strcmp(lua_tostring(L, -1), "topdown"))
		topdown = true;
	else if (t != LUA_TNIL && !(t == LUA_TSTRING && !strcmp(lua_tostring(L, -1), "typewise")))
		luaL_error(L, "a filter table's 'traverse' is 'topdown' or 'typewise', not %s%s%s",
		           t == LUA_TSTRING ? "'" : "",
		           t == LUA_TSTRING ? lua_tostring(L, -1) : luaL_typename(L, -1),
		           t == LUA_TSTRING ? "'" : "");
	lua_pop(L, 1);
	return topdown;
}

/* The registry key of the list a walk of filters keeps for the next. */
#define WALK_LIST "lede.node.walk_list"

/* Runs inside Lua (called from node:walk, where errors propagate). */
static int apply_filters(lua_State *L, lede_node *root, int root_idx, int filters, int extra1,
                         int extra2)
{
	owner_of(L, root_idx);
	int owner = lua_gettop(L);
	push_type_names(L);
	int names = lua_gettop(L);
	if (wants_topdown(L, filters)) {
		walk_topdown(L, root, filters, names, owner, extra1, extra2);
		lua_settop(L, owner - 1);
		return 0;
	}
	/* The nodes as they stand when the walk starts, in post-order, with
	 * their types (a userdata, so an error in a filter frees it): a
	 * filter may edit the tree anywhere (unlink its next sibling, its
	 * parent), and a walk that found the next node from the edited tree
	 * lost the rest of the document without a word. A node still filtered
	 * must still be in root's subtree; one moved within it is filtered
	 * once, where it is then. The list is made in one pass over the tree,
	 * types included: a large tree is out of the cache, and each pass
	 * over its nodes costs. */
	typedef struct {
		lede_node *node;
		int type;
	} step;
	/* The state keeps the last walk's list for the next (taken out of the
	 * registry while in use: a filter may walk too, and gets its own). */
	size_t cap = 0, count = 0;
	step *order = NULL;
	if (lua_getfield(L, LUA_REGISTRYINDEX, WALK_LIST) == LUA_TUSERDATA) {
		order = lua_touserdata(L, -1);
		cap = lua_rawlen(L, -1) / sizeof *order;
		lua_pushnil(L);
		lua_setfield(L, LUA_REGISTRYINDEX, WALK_LIST);
	} else {
		lua_pop(L, 1);
		cap = 256;
		order = lua_newuserdatauv(L, cap * sizeof *order, 0);
	}
	int order_idx = lua_gettop(L);
	lede_node *n = root;
	while (n->first)
		n = n->first;
	for (; n; n = post_next(root, n)) {
		if (count == cap) {
			step *bigger = lua_newuserdatauv(L, 2 * cap * sizeof *order, 0);
			memcpy(bigger, order, count * sizeof *order);
			lua_replace(L, order_idx);
			order = bigger;
			cap *= 2;
		}
		order[count++] = (step){n, (int)n->type};
	}
	for (size_t k = 0; k < count; k++) {
		/* (t[name], as lua_getfield would: a metatable is heeded, a
		 * filter table changed by a filter is read as it is now) */
		lua_rawgeti(L, names, (lua_Integer)order[k].type + 1);
		if (lua_gettable(L, filters) != LUA_TFUNCTION || order[k].node == root) {
			lua_pop(L, 1);
			continue;
		}
		lede_node *a, *b;
		call_filter(L, root, order[k].node, filters, names, owner, extra1, extra2, 1, &a,
		            &b);
		lua_pop(L, 1);
	}
	lua_pushvalue(L, order_idx);
	lua_setfield(L, LUA_REGISTRYINDEX, WALK_LIST);
	lua_settop(L, owner - 1);
	return 0;
}

/* Protected body of lede_node_filters: (body, filters, article, outlet). */
static int run_filters(lua_State *L)
{
	lede_node *root = lede_node_check(L, 1);
	return apply_filters(L, root, 1, 2, 3, 4);
}

int lede_node_filters(lede_engine *e, const lede_plugin *p, lede_article *a, int article_idx,
                      int outlet_idx)
{
	lua_State *L = e->L;
	if (!a->body)
		return 0;
	article_idx = lua_absindex(L, article_idx);
	outlet_idx = outlet_idx ? lua_absindex(L, outlet_idx) : 0;
	lua_pushcfunction(L, run_filters);
	lede_node_push(L, a->body, article_idx);
	lede_plugin_push_hook(e, p, LEDE_HOOK_NODES);
	lua_pushvalue(L, article_idx);
	if (outlet_idx)
		lua_pushvalue(L, outlet_idx);
	else
		lua_pushnil(L);
	int rc = lede_lua_call(e, 4, 0, p, "nodes", a);
	e->cur_line = 0;
	e->cur_node_type = NULL;
	return rc;
}

void lede_node_open(lua_State *L)
{
	static const luaL_Reg meta[] = {
	    {"__index", n_index}, {"__newindex", n_newindex},
	    {"__eq", n_eq},       {"__tostring", n_tostring},
	    {NULL, NULL},
	};
	luaL_newmetatable(L, META);
	luaL_setfuncs(L, meta, 0);
	/* The names __index answers, for tools and the type definitions'
	 * drift test (plugins/types/lede.lua). */
	lua_createtable(L, (int)(sizeof fieldnames / sizeof *fieldnames), 0);
	for (size_t i = 0; i < sizeof fieldnames / sizeof *fieldnames; i++) {
		lua_pushstring(L, fieldnames[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "__fields");
	lua_pop(L, 1);
	luaL_newmetatable(L, FRAGMENT);
	lua_pushcfunction(L, frag_gc);
	lua_setfield(L, -2, "__gc");
	lua_pop(L, 1);
	attr_open(L);
}

/* Pandoc's element names that are not lede's, with what to use instead:
 * a filter ported from Pandoc gets the way forward, not the nearest
 * spelling ('Note' is not 'Code'). */
static const char *const pandoc_names[][2] = {
    {"Str", "is lede's Text (one Text holds words and the spaces between them)"},
    {"Space", "has no node in lede: spaces are inside Text nodes"},
    {"Para", "is lede's Paragraph"},
    {"Plain", "is lede's Paragraph"},
    {"Header", "is lede's Heading"},
    {"HorizontalRule", "is lede's ThematicBreak"},
    {"BulletList", "is lede's List (with ordered = false)"},
    {"OrderedList", "is lede's List (with ordered = true)"},
    {"Strikeout", "is lede's Strikethrough"},
    {"Note", "is lede's FootnoteReference (its text: a FootnoteDefinition)"},
    {"Pandoc", "is a.body: change it in a 'transform' hook"},
    {"Doc", "is a.body: change it in a 'transform' hook"},
    {"Meta", "is a.meta: read or change it in a 'transform' hook"},
    {"Inlines", "has no lede filter: lede calls filters per node; filter the "
                "container (Paragraph, Heading...) and read its :children()"},
    {"Blocks", "has no lede filter: lede calls filters per node; filter the "
               "container (Document blocks: a.body in a 'transform' hook)"},
    {"Figure", "has no node in lede: an image alone in a paragraph is an Image in "
               "a Paragraph"},
    {"SmallCaps", "has no node in lede: make a Span with a class"},
    {"Underline", "has no node in lede: make a Span with a class"},
    {"Superscript", "has no node in lede: lede's Markdown makes none"},
    {"Subscript", "has no node in lede: lede's Markdown makes none"},
    {"Quoted", "has no node in lede: quotation marks are in the Text"},
    {"Cite", "has no node in lede: lede's Markdown makes none"},
    {"Math", "has no node in lede: lede's Markdown makes none"},
    {"DisplayMath", "has no node in lede: lede's Markdown makes none"},
    {"InlineMath", "has no node in lede: lede's Markdown makes none"},
    {"LineBlock", "has no node in lede: lede's Markdown makes none"},
    {"DefinitionList", "has no node in lede: lede's Markdown makes none"},
};

const char *lede_pandoc_node_hint(const char *name)
{
	for (size_t j = 0; j < sizeof pandoc_names / sizeof *pandoc_names; j++)
		if (!strcmp(name, pandoc_names[j][0]))
			return pandoc_names[j][1];
	return NULL;
}

/* lede.node.Str(...) from a filter ported from Pandoc: "attempt to call a
 * nil value (field 'Str')" said nothing of Text. Any other missing name
 * reads nil, as before (a plugin may test for a constructor). */
static int node_lib_index(lua_State *L)
{
	const char *k = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : NULL;
	const char *hint = k ? lede_pandoc_node_hint(k) : NULL;
	if (hint)
		return luaL_error(L, "no lede.node.%s: Pandoc's %s %s", k, k, hint);
	return 0;
}

void lede_node_constructors(lua_State *L)
{
	luaL_setfuncs(L, constructors, 0);
	lua_createtable(L, 0, 2);
	lua_pushcfunction(L, node_lib_index);
	lua_setfield(L, -2, "__index");
	lua_pushboolean(L, false); /* getmetatable(lede.node): not to be changed */
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
}
