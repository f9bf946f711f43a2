/* lua_value.c: the bridge from value trees and dates to Lua: tables for
 * front matter, the lede.date userdata with its methods and comparisons. */
#include "lua_value.h"

#include "buf.h"
#include "engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DATE_MT  "lede.date"
#define NULL_KEY "lede.null"

/* Its address is the sentinel's identity; it is never written. */
static const char null_sentinel = 0;

void lede_value_null(lua_State *L)
{
	if (lua_getfield(L, LUA_REGISTRYINDEX, NULL_KEY) == LUA_TLIGHTUSERDATA)
		return;
	lua_pop(L, 1);
	lua_pushlightuserdata(L, (void *)&null_sentinel);
	lua_pushvalue(L, -1);
	lua_setfield(L, LUA_REGISTRYINDEX, NULL_KEY);
}

bool lede_value_is_null(lua_State *L, int i)
{
	return lua_touserdata(L, i) == (void *)&null_sentinel && lua_islightuserdata(L, i);
}

void lede_value_push(lua_State *L, const lede_value *v)
{
	luaL_checkstack(L, 4, "front matter nested too deeply");
	if (!v) {
		lua_pushnil(L);
		return;
	}
	switch (v->type) {
	case LEDE_NULL: lua_pushnil(L); break;
	case LEDE_BOOL: lua_pushboolean(L, v->u.b); break;
	case LEDE_INT: lua_pushinteger(L, (lua_Integer)v->u.i); break;
	case LEDE_FLOAT: lua_pushnumber(L, (lua_Number)v->u.f); break;
	case LEDE_STRING: lua_pushlstring(L, v->u.str.s, v->u.str.len); break;
	case LEDE_TIMESTAMP: lede_date_push(L, &v->u.ts); break;
	case LEDE_SEQ:
		lua_createtable(L, (int)v->u.list.n, 0);
		for (size_t i = 0; i < v->u.list.n; i++) {
			const lede_value *item = v->u.list.items[i];
			if (!item || item->type == LEDE_NULL)
				lede_value_null(L);
			else
				lede_value_push(L, item);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		break;
	case LEDE_MAP:
		lua_createtable(L, 0, (int)v->u.list.n);
		for (size_t i = 0; i < v->u.list.n; i++) {
			const lede_value *item = v->u.list.items[i];
			if (!item || item->type == LEDE_NULL)
				continue;
			lede_value_push(L, item);
			lua_setfield(L, -2, v->u.list.keys[i]);
		}
		break;
	}
}

/* ---- lede.date ---- */

/* The engine whose state L is (the allocator's data), or NULL. */
static lede_engine *engine_of(lua_State *L)
{
	void *ud = NULL;
	lua_getallocf(L, &ud);
	return ud;
}

void *lede_udata_with_mt(lua_State *L, int i, const void *mt)
{
	if (lua_type(L, i) != LUA_TUSERDATA || !lua_getmetatable(L, i))
		return NULL;
	bool same = lua_topointer(L, -1) == mt;
	lua_pop(L, 1);
	return same ? lua_touserdata(L, i) : NULL;
}

/* The date at i, or NULL; by its metatable's address in an engine's
 * state (see lede_udata_with_mt): a date method call checked twice, its
 * lookup and the call. */
static lede_date *test_date(lua_State *L, int i)
{
	const lede_engine *e = engine_of(L);
	if (!e || !e->date_mt)
		return luaL_testudata(L, i, DATE_MT);
	return lede_udata_with_mt(L, i, e->date_mt);
}

lede_date *lede_date_check(lua_State *L, int i)
{
	lede_date *d = test_date(L, i);
	if (!d) /* raises, naming what it is */
		d = luaL_checkudata(L, i, DATE_MT);
	/* The build time, used: whoever registered "lede.on_now" is told
	 * (incremental builds rebuild what depends on it). */
	if (lua_getiuservalue(L, i, 1) == LUA_TBOOLEAN) {
		if (lua_getfield(L, LUA_REGISTRYINDEX, "lede.on_now") == LUA_TFUNCTION)
			lua_call(L, 0, 0);
		else
			lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return d;
}

static int push_buf(lua_State *L, lede_buf *b)
{
	lua_pushlstring(L, b->data ? b->data : "", b->len);
	lede_buf_free(b);
	return 1;
}

static int date_format(lua_State *L)
{
	lede_date *d = lede_date_check(L, 1);
	const char *fmt = luaL_checkstring(L, 2);
	const char *lang = luaL_optstring(L, 3, NULL);
	lede_buf b = LEDE_BUF_INIT;
	lede_date_format(d, fmt, lang, &b);
	return push_buf(L, &b);
}

static int date_rfc3339(lua_State *L)
{
	lede_buf b = LEDE_BUF_INIT;
	lede_date_rfc3339(lede_date_check(L, 1), &b);
	return push_buf(L, &b);
}

static int date_rfc822(lua_State *L)
{
	lede_buf b = LEDE_BUF_INIT;
	lede_date_rfc822(lede_date_check(L, 1), &b);
	return push_buf(L, &b);
}

static int date_iso(lua_State *L)
{
	lede_buf b = LEDE_BUF_INIT;
	lede_date_iso(lede_date_check(L, 1), &b);
	return push_buf(L, &b);
}

static int date_localized(lua_State *L)
{
	lede_date *d = lede_date_check(L, 1);
	const char *lang = luaL_optstring(L, 2, NULL);
	lede_buf b = LEDE_BUF_INIT;
	lede_date_localized(d, lang, &b);
	return push_buf(L, &b);
}

static int date_epoch(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)lede_date_epoch(lede_date_check(L, 1)));
	return 1;
}

static int date_eq(lua_State *L)
{
	lua_pushboolean(L, lede_date_compare(lede_date_check(L, 1), lede_date_check(L, 2)) == 0);
	return 1;
}

static int date_lt(lua_State *L)
{
	lua_pushboolean(L, lede_date_compare(lede_date_check(L, 1), lede_date_check(L, 2)) < 0);
	return 1;
}

static int date_le(lua_State *L)
{
	lua_pushboolean(L, lede_date_compare(lede_date_check(L, 1), lede_date_check(L, 2)) <= 0);
	return 1;
}

static const luaL_Reg date_methods[] = {
    {"format", date_format},
    {"rfc3339", date_rfc3339},
    {"rfc822", date_rfc822},
    {"iso", date_iso},
    {"localized", date_localized},
    {"epoch", date_epoch},
    {NULL, NULL},
};

/* Methods (upvalue 1), then fields; anything else is a typo worth an
 * error rather than a silent nil. The methods come first: templates and
 * feeds call a.date:iso() and friends for every item of every page,
 * and the fields are matched on their first letter. */
static int date_index(lua_State *L)
{
	lede_date *d = lede_date_check(L, 1);
	size_t len;
	const char *k = luaL_checklstring(L, 2, &len);
	/* the key is a string already: no need to make it again */
	lua_pushvalue(L, 2);
	if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)
		return 1;
	lua_pop(L, 1);
	const int *v = NULL;
	switch (len ? k[0] : 0) {
	case 'y': v = !strcmp(k, "year") ? &d->year : NULL; break;
	case 'm': v = !strcmp(k, "month") ? &d->month : !strcmp(k, "min") ? &d->min : NULL; break;
	case 'd': v = !strcmp(k, "day") ? &d->day : NULL; break;
	case 'h':
		if (!strcmp(k, "has_time") || !strcmp(k, "has_zone")) {
			lua_pushboolean(L, k[4] == 't' ? d->has_time : d->has_zone);
			return 1;
		}
		v = !strcmp(k, "hour") ? &d->hour : NULL;
		break;
	case 's': v = !strcmp(k, "sec") ? &d->sec : NULL; break;
	case 'o': v = !strcmp(k, "offset") ? &d->offset : NULL; break;
	case 'n': v = !strcmp(k, "nsec") ? &d->nsec : NULL; break;
	default: break;
	}
	if (!v)
		return luaL_error(L, "lede.date has no field '%s'", k);
	lua_pushinteger(L, *v);
	return 1;
}

static int date_newindex(lua_State *L)
{
	lede_date_check(L, 1);
	return luaL_error(L, "lede.date is read-only (cannot set '%s')", luaL_checkstring(L, 2));
}

void lede_date_open(lua_State *L)
{
	if (luaL_newmetatable(L, DATE_MT)) {
		luaL_newlib(L, date_methods);
		lua_pushcclosure(L, date_index, 1);
		lua_setfield(L, -2, "__index");
		lua_pushcfunction(L, date_newindex);
		lua_setfield(L, -2, "__newindex");
		lua_pushcfunction(L, date_iso);
		lua_setfield(L, -2, "__tostring");
		lua_pushcfunction(L, date_eq);
		lua_setfield(L, -2, "__eq");
		lua_pushcfunction(L, date_lt);
		lua_setfield(L, -2, "__lt");
		lua_pushcfunction(L, date_le);
		lua_setfield(L, -2, "__le");
		lua_pushliteral(L, DATE_MT);
		lua_setfield(L, -2, "__name");
		/* The names __index answers (see lua_article.c). */
		static const char *const names[] = {"year",     "month",   "day",    "hour",
		                                    "min",      "sec",     "offset", "nsec",
		                                    "has_time", "has_zone"};
		lua_newtable(L);
		lua_Integer k = 1;
		for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
			lua_pushstring(L, names[i]);
			lua_rawseti(L, -2, k++);
		}
		for (const luaL_Reg *m = date_methods; m->name; m++) {
			lua_pushstring(L, m->name);
			lua_rawseti(L, -2, k++);
		}
		lua_setfield(L, -2, "__fields");
		lede_engine *e = engine_of(L);
		if (e) {
			e->date_mt = lua_topointer(L, -1);
			lua_pushvalue(L, -1);
			e->date_mt_ref = luaL_ref(L, LUA_REGISTRYINDEX);
		}
	}
	lua_pop(L, 1);
}

/* Gives the new date on top of the stack its metatable: from the
 * engine's registry slot when there is one (no lookup by name). */
static void set_date_mt(lua_State *L)
{
	const lede_engine *e = engine_of(L);
	if (e && e->date_mt_ref) {
		lua_rawgeti(L, LUA_REGISTRYINDEX, e->date_mt_ref);
		lua_setmetatable(L, -2);
		return;
	}
	lede_date_open(L);
	luaL_setmetatable(L, DATE_MT);
}

void lede_date_push(lua_State *L, const lede_date *d)
{
	lede_date *u = lua_newuserdatauv(L, sizeof *u, 0);
	*u = *d;
	set_date_mt(L);
}

void lede_date_push_now(lua_State *L, const lede_date *d)
{
	lede_date *u = lua_newuserdatauv(L, sizeof *u, 1);
	*u = *d;
	lua_pushboolean(L, 1);
	lua_setiuservalue(L, -2, 1);
	set_date_mt(L);
}

int lede_date_parse_lua(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	lede_date d;
	size_t col = 0;
	const char *why = NULL;
	if (lede_date_parse(s, n, &d, &col, &why)) {
		lua_pushnil(L);
		lua_pushfstring(L, "bad date '%s' at character %d: %s", s, (int)col + 1, why);
		return 2;
	}
	lede_date_push(L, &d);
	return 1;
}

/* The dates date.parse reads, hence the front matter: years 0001 to 9999
 * as written (at the offset) and in UTC, zones -12:00 to +14:00 (the
 * zones in use). Past them are no xsd:dateTime (Atom) nor RFC 822 date
 * (RSS) every reader and validator takes: a feed holding one is invalid.
 * Seconds given in milliseconds are the usual way there. */
#define ZONE_WEST (12 * 60)
#define ZONE_EAST (14 * 60)

static int date_from_epoch(lua_State *L)
{
	lua_Integer t = luaL_checkinteger(L, 1);
	lua_Integer off = luaL_optinteger(L, 2, 0);
	luaL_argcheck(L, off >= -ZONE_WEST && off <= ZONE_EAST, 2,
	              "offset in minutes must be -720 to 840 (-12:00 to +14:00, the zones in "
	              "use, as in a date lede.date.parse reads)");
	/* The date as shown and its UTC instant, both of the years 0001 to
	 * 9999, as lede.date.parse takes them (compared before adding, which
	 * could overflow) */
	lua_Integer shift = off * 60;
	if (t > LEDE_EPOCH_LAST - (shift > 0 ? shift : 0))
		return luaL_argerror(L, 1,
		                     lua_pushfstring(L,
		                                     "%I seconds after 1970 is after 9999-12-31, "
		                                     "the last date lede writes (milliseconds? "
		                                     "divide by 1000)",
		                                     t));
	if (t < LEDE_EPOCH_FIRST - (shift < 0 ? shift : 0))
		return luaL_argerror(L, 1,
		                     lua_pushfstring(L,
		                                     "%I seconds after 1970 is before 0001-01-01, "
		                                     "the first date lede writes",
		                                     t));
	lede_date d = lede_date_from_epoch((int64_t)t, (int)off);
	lede_date_push(L, &d);
	return 1;
}

const luaL_Reg lede_date_lib[] = {
    {"parse", lede_date_parse_lua},
    {"from_epoch", date_from_epoch},
    {NULL, NULL},
};

int lede_date_open_lib(lua_State *L)
{
	lede_date_open(L);
	lua_newtable(L);
	luaL_setfuncs(L, lede_date_lib, 0);
	return 1;
}

/* ---- Lua -> lede_value ---- */

/* The key path so far ("a.meta.people[2]"): the name, then a key or an
 * index a level, written out only for a message (where_of). */
typedef struct {
	const char *key; /* NULL: a list's item, at index */
	size_t index;
} from_step;

typedef struct {
	lede_arena *ar;
	const char *name;
	from_step path[LEDE_DATA_DEPTH + 2];
	int depth;
	lede_buf *msg;
	lede_buf full, shown; /* where_of's */
} from_ctx;

static int cmp_keys(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static lede_value *from_lua(lua_State *L, int idx, from_ctx *c, int depth);

/* The place so far, for a message: a table that holds itself makes it
 * a hundred levels long ("a.meta.x.self.self..."), so past 100 bytes only
 * its start and its end are shown. */
static const char *where_of(from_ctx *c)
{
	lede_buf *w = &c->full;
	lede_buf_reset(w);
	lede_buf_puts(w, c->name);
	for (int i = 0; i < c->depth; i++) {
		if (c->path[i].key)
			lede_buf_printf(w, ".%s", c->path[i].key);
		else
			lede_buf_printf(w, "[%zu]", c->path[i].index);
	}
	if (w->len <= 100)
		return lede_buf_cstr(w);
	/* cut where a key starts ('.' or '['), else between characters */
	size_t head = 60, tail = w->len - 30;
	for (size_t h = head; h > 20; h--)
		if (w->data[h] == '.' || w->data[h] == '[') {
			head = h;
			break;
		}
	for (size_t t = tail; t < w->len - 5; t++)
		if (w->data[t] == '.' || w->data[t] == '[') {
			tail = t;
			break;
		}
	while (head > 0 && ((unsigned char)w->data[head] & 0xC0) == 0x80)
		head--;
	while (tail < w->len && ((unsigned char)w->data[tail] & 0xC0) == 0x80)
		tail++;
	lede_buf_reset(&c->shown);
	lede_buf_put(&c->shown, w->data, head);
	lede_buf_puts(&c->shown, "[...]");
	lede_buf_put(&c->shown, w->data + tail, w->len - tail);
	return lede_buf_cstr(&c->shown);
}

/* The table at idx as a sequence (keys exactly 1..n) or a map (string or
 * integer keys, the latter written as decimal strings), keys sorted so the
 * same table always gives the same tree. */
static lede_value *from_table(lua_State *L, int idx, from_ctx *c, int depth, lede_value *v)
{
	size_t n = (size_t)lua_rawlen(L, idx), count = 0;
	bool keys_ok = true;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		count++;
		int kt = lua_type(L, -1);
		if (kt != LUA_TSTRING && !(kt == LUA_TNUMBER && lua_isinteger(L, -1)))
			keys_ok = false;
	}
	if (count == n) {
		v->type = LEDE_SEQ;
		v->u.list.n = n;
		v->u.list.items = lede_arena_alloc(c->ar, (n ? n : 1) * sizeof *v->u.list.items);
		for (size_t i = 0; i < n; i++) {
			lua_rawgeti(L, idx, (lua_Integer)i + 1);
			c->path[c->depth++] = (from_step){NULL, i + 1};
			v->u.list.items[i] = from_lua(L, lua_gettop(L), c, depth + 1);
			c->depth--;
			lua_pop(L, 1);
			if (!v->u.list.items[i])
				return NULL;
		}
		return v;
	}
	if (!keys_ok) {
		lede_buf_printf(c->msg, "%s has a key that is not a string or a whole number",
		                where_of(c));
		return NULL;
	}
	const char **keys = lede_arena_alloc(c->ar, count * sizeof *keys);
	size_t k = 0;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		lua_pushvalue(L, -1); /* lua_tolstring would confuse lua_next */
		size_t len;
		const char *s = lua_tolstring(L, -1, &len);
		keys[k++] = lede_arena_strndup(c->ar, s, len);
		lua_pop(L, 1);
	}
	qsort(keys, count, sizeof *keys, cmp_keys);
	v->type = LEDE_MAP;
	v->u.list.n = 0;
	v->u.list.keys = keys;
	v->u.list.items = lede_arena_alloc(c->ar, count * sizeof *v->u.list.items);
	v->u.list.key_nodes = NULL;
	for (size_t i = 0; i < count; i++) {
		lua_pushstring(L, keys[i]);
		if (lua_rawget(L, idx) == LUA_TNIL) { /* an integer key */
			lua_pop(L, 1);
			lua_Integer ik;
			sscanf(keys[i], "%lld", (long long *)&ik);
			lua_rawgeti(L, idx, ik);
		}
		c->path[c->depth++] = (from_step){keys[i], 0};
		lede_value *item = from_lua(L, lua_gettop(L), c, depth + 1);
		c->depth--;
		lua_pop(L, 1);
		if (!item)
			return NULL;
		v->u.list.items[v->u.list.n++] = item;
	}
	return v;
}

static lede_value *from_lua(lua_State *L, int idx, from_ctx *c, int depth)
{
	if (depth > LEDE_DATA_DEPTH) {
		lede_buf_printf(c->msg, "%s is nested deeper than %d levels (or holds itself)",
		                where_of(c), LEDE_DATA_DEPTH);
		return NULL;
	}
	luaL_checkstack(L, 6, "article data nested too deeply");
	lede_value *v = lede_arena_alloc(c->ar, sizeof *v);
	memset(v, 0, sizeof *v);
	switch (lua_type(L, idx)) {
	case LUA_TNIL: v->type = LEDE_NULL; return v;
	case LUA_TBOOLEAN:
		v->type = LEDE_BOOL;
		v->u.b = lua_toboolean(L, idx);
		return v;
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx)) {
			v->type = LEDE_INT;
			v->u.i = (int64_t)lua_tointeger(L, idx);
		} else {
			v->type = LEDE_FLOAT;
			v->u.f = (double)lua_tonumber(L, idx);
		}
		return v;
	case LUA_TSTRING: {
		size_t n;
		const char *s = lua_tolstring(L, idx, &n);
		v->type = LEDE_STRING;
		v->u.str.s = lede_arena_strndup(c->ar, s, n);
		v->u.str.len = n;
		return v;
	}
	case LUA_TLIGHTUSERDATA:
		if (lede_value_is_null(L, idx)) {
			v->type = LEDE_NULL;
			return v;
		}
		break;
	case LUA_TUSERDATA:
		if (luaL_testudata(L, idx, DATE_MT)) {
			v->type = LEDE_TIMESTAMP;
			v->u.ts = *lede_date_check(L, idx);
			return v;
		}
		break;
	case LUA_TTABLE: return from_table(L, lua_absindex(L, idx), c, depth, v);
	default: break;
	}
	lede_buf_printf(c->msg,
	                "%s is a %s; article data must be strings, numbers, booleans, dates "
	                "(lede.date), lede.null or tables of them",
	                where_of(c), luaL_typename(L, idx));
	return NULL;
}

static bool date_same(const lede_date *a, const lede_date *b)
{
	return a->year == b->year && a->month == b->month && a->day == b->day &&
	       a->hour == b->hour && a->min == b->min && a->sec == b->sec && a->nsec == b->nsec &&
	       a->offset == b->offset && a->has_time == b->has_time && a->has_zone == b->has_zone;
}

/* Whether from_lua would make of the value at idx exactly v. Any doubt is
 * a no: the caller then converts, as it always did. Follows v, so a Lua
 * table that holds itself cannot loop. */
static bool same_lua(lua_State *L, int idx, const lede_value *v, int depth)
{
	if (!v || depth > LEDE_DATA_DEPTH || !lua_checkstack(L, 4))
		return false;
	switch (lua_type(L, idx)) {
	case LUA_TNIL: return v->type == LEDE_NULL;
	case LUA_TBOOLEAN: return v->type == LEDE_BOOL && v->u.b == lua_toboolean(L, idx);
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx))
			return v->type == LEDE_INT && v->u.i == (int64_t)lua_tointeger(L, idx);
		return v->type == LEDE_FLOAT && v->u.f == (double)lua_tonumber(L, idx);
	case LUA_TSTRING: {
		size_t n;
		const char *s = lua_tolstring(L, idx, &n);
		return v->type == LEDE_STRING && v->u.str.len == n && !memcmp(v->u.str.s, s, n);
	}
	case LUA_TLIGHTUSERDATA: return v->type == LEDE_NULL && lede_value_is_null(L, idx);
	case LUA_TUSERDATA: {
		const lede_date *d = luaL_testudata(L, idx, DATE_MT);
		return d && v->type == LEDE_TIMESTAMP && date_same(d, &v->u.ts);
	}
	case LUA_TTABLE: break;
	default: return false;
	}
	if (v->type != LEDE_SEQ && v->type != LEDE_MAP)
		return false;
	idx = lua_absindex(L, idx);
	size_t n = (size_t)lua_rawlen(L, idx), count = 0;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		if (++count > v->u.list.n) {
			lua_pop(L, 1);
			return false;
		}
	}
	if (count != v->u.list.n)
		return false;
	if (v->type == LEDE_SEQ) { /* from_lua makes a list of keys 1..n */
		if (count != n)
			return false;
		for (size_t i = 0; i < n; i++) {
			lua_rawgeti(L, idx, (lua_Integer)i + 1);
			bool same = same_lua(L, lua_gettop(L), v->u.list.items[i], depth + 1);
			lua_pop(L, 1);
			if (!same)
				return false;
		}
		return true;
	}
	/* a map: not what from_lua makes of keys 1..n (a list), and each key's
	 * value the same (as many keys, all found: the same keys) */
	if (count == n)
		return false;
	for (size_t i = 0; i < count; i++) {
		lua_pushstring(L, v->u.list.keys[i]);
		/* (nil: not there, or under a whole number: a no, to be sure) */
		bool same = lua_rawget(L, idx) != LUA_TNIL &&
		            same_lua(L, lua_gettop(L), v->u.list.items[i], depth + 1);
		lua_pop(L, 1);
		if (!same)
			return false;
	}
	return true;
}

bool lede_value_same_lua(lua_State *L, int idx, const lede_value *v)
{
	int top = lua_gettop(L);
	bool same = same_lua(L, lua_absindex(L, idx), v, 0);
	lua_settop(L, top);
	return same;
}

lede_value *lede_value_from_lua(lua_State *L, int idx, lede_arena *ar, const char *name,
                                lede_buf *msg)
{
	from_ctx c = {.ar = ar, .name = name, .msg = msg};
	lede_value *v = from_lua(L, lua_absindex(L, idx), &c, 0);
	lede_buf_free(&c.full);
	lede_buf_free(&c.shown);
	return v;
}
