/* lua_re.c: lede.re, PCRE2 regular expressions for plugins, shaped like
 * Lua's string.find/match/gmatch/gsub, with named groups, flags, a bounded
 * per-state cache of JIT-compiled patterns and match limits. */
#include "engine.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <lauxlib.h>
#include <stdint.h>
#include <string.h>

#define REGEX   "lede.regex"
#define RESTATE "lede.re.state"

/* Distinct (pattern, flags) pairs kept compiled per Lua state; the least
 * recently used is dropped beyond this, so a plugin that builds patterns
 * from article text cannot grow memory without bound. */
#define CACHE_MAX 128
/* Enough for any sane pattern over megabytes of text; a catastrophic one
 * such as (a+)+$ reaches it in well under a second and raises. */
#define MATCH_LIMIT     10000000
#define DEPTH_LIMIT     1000000
#define JIT_STACK_START (32 * 1024)
#define JIT_STACK_MAX   (8 * 1024 * 1024)

/* Every lede.re function and regex method has these two upvalues. */
#define UP_STATE lua_upvalueindex(1)
#define UP_CACHE lua_upvalueindex(2)

/* Per lua_State (so per worker thread): what pcre2_match needs besides the
 * pattern, and the cache bookkeeping. */
typedef struct {
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
	lua_Integer clock; /* LRU stamps */
	int count;         /* entries in the cache table */
} restate;

/* A compiled pattern. Its user value 1 is the pattern string, which keeps
 * pat valid for messages. */
typedef struct {
	pcre2_code *code;
	pcre2_match_data *md; /* sized from the pattern */
	const char *pat;
	uint32_t ncap;
	uint32_t nnames, entry_size;
	PCRE2_SPTR names; /* PCRE2's name table, inside code */
	lua_Integer used; /* LRU stamp */
	char flags[8];
} regex;

static const struct {
	char c;
	uint32_t opt;
} flag_table[] = {
    {'i', PCRE2_CASELESS},
    {'m', PCRE2_MULTILINE},
    {'s', PCRE2_DOTALL},
    {'x', PCRE2_EXTENDED},
    {'u', 0},
};

/* --- compiling and the cache ------------------------------------------------ */

/* Reads the flags string at index i into PCRE2 options and a canonical
 * spelling (so "mi" and "im" share a cache entry). */
static uint32_t parse_flags(lua_State *L, int i, char canon[8])
{
	const char *f = luaL_optstring(L, i, "");
	bool seen[sizeof flag_table / sizeof *flag_table] = {false};
	uint32_t opts = 0;
	for (; *f; f++) {
		size_t k = 0;
		while (k < sizeof flag_table / sizeof *flag_table && flag_table[k].c != *f)
			k++;
		if (k == sizeof flag_table / sizeof *flag_table)
			luaL_argerror(L, i,
			              lua_pushfstring(L,
			                              "unknown flag '%c' (flags are letters among "
			                              "i, m, s, x, u)",
			                              *f));
		seen[k] = true;
		opts |= flag_table[k].opt;
	}
	size_t n = 0;
	for (size_t k = 0; k < sizeof flag_table / sizeof *flag_table; k++)
		if (seen[k] && flag_table[k].opt)
			canon[n++] = flag_table[k].c;
	canon[n] = '\0';
	return opts;
}

static int regex_gc(lua_State *L)
{
	regex *r = luaL_checkudata(L, 1, REGEX);
	pcre2_match_data_free(r->md);
	pcre2_code_free(r->code);
	r->md = NULL;
	r->code = NULL;
	return 0;
}

/* Pushes a new regex for the pattern string at index pi. The userdata owns
 * the PCRE2 objects before anything can raise, so nothing leaks. */
static regex *compile(lua_State *L, int pi, const char *canon, uint32_t opts)
{
	size_t plen;
	const char *p = lua_tolstring(L, pi, &plen);
	regex *r = lua_newuserdatauv(L, sizeof *r, 1);
	memset(r, 0, sizeof *r);
	luaL_setmetatable(L, REGEX);
	lua_pushvalue(L, pi);
	r->pat = lua_tostring(L, -1);
	lua_setiuservalue(L, -2, 1);
	snprintf(r->flags, sizeof r->flags, "%s", canon);

	int ec;
	PCRE2_SIZE off;
	r->code =
	    pcre2_compile((PCRE2_SPTR)p, plen,
	                  opts | PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C, &ec, &off, NULL);
	if (!r->code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(ec, msg, sizeof msg);
		luaL_error(L, "lede.re: bad pattern \"%s\" at offset %d: %s", p, (int)off,
		           (const char *)msg);
	}
	/* Without JIT (an unsupported CPU) the interpreter still works.
	 * Valgrind cannot follow JIT code and reports false "uninitialised"
	 * errors in it: build with -DLEDE_RE_NO_JIT to check under valgrind. */
#ifndef LEDE_RE_NO_JIT
	pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE);
#endif
	pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &r->ncap);
	pcre2_pattern_info(r->code, PCRE2_INFO_NAMECOUNT, &r->nnames);
	pcre2_pattern_info(r->code, PCRE2_INFO_NAMEENTRYSIZE, &r->entry_size);
	pcre2_pattern_info(r->code, PCRE2_INFO_NAMETABLE, &r->names);
	r->md = pcre2_match_data_create_from_pattern(r->code, NULL);
	if (!r->md)
		luaL_error(L, "lede.re: out of memory compiling \"%s\"", p);
	return r;
}

/* Drops the least recently used entry of the cache at index cache. */
static void evict(lua_State *L, int cache, restate *st)
{
	lua_pushnil(L); /* the oldest key so far */
	lua_Integer best = LUA_MAXINTEGER;
	lua_pushnil(L);
	while (lua_next(L, cache)) {
		regex *r = lua_touserdata(L, -1);
		if (r->used < best) {
			best = r->used;
			lua_pushvalue(L, -2);
			lua_replace(L, -4);
		}
		lua_pop(L, 1);
	}
	lua_pushnil(L);
	lua_rawset(L, cache);
	st->count--;
}

/* The regex for the argument at pi: a lede.regex as is, or a pattern string
 * (with the flags at fi) compiled through the cache; the argument slot is
 * replaced by the regex so it stays anchored while in use. */
static regex *to_regex(lua_State *L, int pi, int fi)
{
	regex *r = luaL_testudata(L, pi, REGEX);
	if (r) {
		if (!lua_isnoneornil(L, fi))
			luaL_argerror(L, fi,
			              "a compiled pattern already has its flags (give them to "
			              "lede.re.compile)");
		return r;
	}
	luaL_checkstring(L, pi);
	char canon[8];
	uint32_t opts = parse_flags(L, fi, canon);
	restate *st = lua_touserdata(L, UP_STATE);

	luaL_Buffer b;
	luaL_buffinit(L, &b);
	luaL_addstring(&b, canon);
	luaL_addchar(&b, '\0');
	lua_pushvalue(L, pi);
	luaL_addvalue(&b);
	luaL_pushresult(&b);
	int key = lua_gettop(L);
	lua_pushvalue(L, key);
	if (lua_rawget(L, UP_CACHE) == LUA_TUSERDATA) {
		r = lua_touserdata(L, -1);
	} else {
		lua_pop(L, 1);
		r = compile(L, pi, canon, opts);
		if (st->count >= CACHE_MAX) {
			lua_pushvalue(L, UP_CACHE);
			evict(L, lua_gettop(L), st);
			lua_pop(L, 1);
		}
		lua_pushvalue(L, key);
		lua_pushvalue(L, -2);
		lua_rawset(L, UP_CACHE);
		st->count++;
	}
	r->used = ++st->clock;
	lua_replace(L, pi);
	lua_pop(L, 1); /* the key */
	return r;
}

static regex *check_regex(lua_State *L, int i)
{
	regex *r = luaL_checkudata(L, i, REGEX);
	if (!r->code)
		luaL_argerror(L, i, "the regex was not compiled");
	return r;
}

/* --- matching ---------------------------------------------------------------- */

/* One pcre2_match from byte offset start. Returns PCRE2's count (> 0) or 0
 * when there is no match; every other outcome raises, so a limit hit is
 * never mistaken for "no match". */
static int run(lua_State *L, regex *r, const char *s, size_t len, size_t start, uint32_t opts)
{
	restate *st = lua_touserdata(L, UP_STATE);
	int rc = pcre2_match(r->code, (PCRE2_SPTR)s, len, start, opts, r->md, st->mctx);
	if (rc > 0)
		return rc;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	const char *what = NULL;
	switch (rc) {
	case PCRE2_ERROR_MATCHLIMIT: what = "match limit"; break;
	case PCRE2_ERROR_DEPTHLIMIT: what = "depth limit"; break;
	case PCRE2_ERROR_HEAPLIMIT: what = "heap limit"; break;
	case PCRE2_ERROR_JIT_STACKLIMIT: what = "JIT stack limit"; break;
	}
	if (what)
		return luaL_error(
		    L,
		    "lede.re: %s exceeded for pattern \"%s\" (it backtracks too much: "
		    "avoid nested quantifiers such as (a+)+, or anchor it)",
		    what, r->pat);
	PCRE2_UCHAR msg[256];
	pcre2_get_error_message(rc, msg, sizeof msg);
	if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21) {
		size_t at = pcre2_get_startchar(r->md);
		return luaL_error(
		    L, "lede.re: invalid UTF-8 in the subject at byte %d (offset %d): %s",
		    (int)at + 1, (int)at, (const char *)msg);
	}
	if (rc == PCRE2_ERROR_BADUTFOFFSET)
		return luaL_error(L, "lede.re: position %d is inside a UTF-8 character",
		                  (int)start + 1);
	return luaL_error(L, "lede.re: matching \"%s\" failed: %s", r->pat, (const char *)msg);
}

/* The start and end offsets of the whole match, checked: \K can report a
 * match ending before it starts. */
static void whole(lua_State *L, regex *r, size_t from, size_t *ms, size_t *me)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
	if (ov[1] < ov[0] || ov[0] < from)
		luaL_error(L,
		           "lede.re: pattern \"%s\" reported a match outside the subject (\\K in a "
		           "lookaround?)",
		           r->pat);
	*ms = ov[0];
	*me = ov[1];
}

/* Pushes group i of the last match: its text, or false when it did not
 * take part (so lists of captures keep their positions). */
static void push_group(lua_State *L, regex *r, const char *s, int rc, uint32_t i)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
	if ((int)i >= rc || ov[2 * i] == PCRE2_UNSET || ov[2 * i + 1] < ov[2 * i])
		lua_pushboolean(L, 0);
	else
		lua_pushlstring(L, s + ov[2 * i], ov[2 * i + 1] - ov[2 * i]);
}

/* Pushes the captures, or the whole match when the pattern has none, as
 * string.match does; returns how many. */
static int push_captures(lua_State *L, regex *r, const char *s, int rc)
{
	if (r->ncap == 0) {
		push_group(L, r, s, rc, 0);
		return 1;
	}
	luaL_checkstack(L, (int)r->ncap, "too many captures");
	for (uint32_t i = 1; i <= r->ncap; i++)
		push_group(L, r, s, rc, i);
	return (int)r->ncap;
}

/* The group number of a name entry in PCRE2's name table. */
static uint32_t entry_group(regex *r, uint32_t k)
{
	PCRE2_SPTR e = r->names + (size_t)k * r->entry_size;
	return (uint32_t)e[0] << 8 | e[1];
}

static const char *entry_name(regex *r, uint32_t k)
{
	return (const char *)r->names + (size_t)k * r->entry_size + 2;
}

/* Sets t[name] for every named group into the table on top. With (?J) a
 * name can have several groups: the first that matched wins. */
static void set_names(lua_State *L, regex *r, const char *s, int rc)
{
	for (uint32_t k = 0; k < r->nnames; k++) {
		const char *name = entry_name(r, k);
		if (lua_getfield(L, -1, name) == LUA_TSTRING) {
			lua_pop(L, 1);
			continue;
		}
		lua_pop(L, 1);
		push_group(L, r, s, rc, entry_group(r, k));
		lua_setfield(L, -2, name);
	}
}

/* Lua's rule for init: negative counts from the end, 0 is 1. Returns false
 * when init is past the end (no match possible). */
static bool start_at(lua_State *L, int i, size_t len, size_t *start)
{
	lua_Integer init = luaL_optinteger(L, i, 1);
	if (init > 0) {
		if ((lua_Unsigned)init - 1 > len)
			return false;
		*start = (size_t)init - 1;
	} else if (init == 0 || (lua_Unsigned)-init > len) {
		*start = 0;
	} else {
		*start = len - (size_t)-init;
	}
	return true;
}

enum mode { M_FIND, M_MATCH, M_EXEC };

/* find/match/exec on the regex r with the subject at si and init at ii. */
static int do_match(lua_State *L, regex *r, int si, int ii, enum mode mode)
{
	size_t len, start;
	const char *s = luaL_checklstring(L, si, &len);
	if (!start_at(L, ii, len, &start)) {
		lua_pushnil(L);
		return 1;
	}
	int rc = run(L, r, s, len, start, 0);
	if (rc == 0) {
		lua_pushnil(L);
		return 1;
	}
	size_t ms, me;
	whole(L, r, start, &ms, &me);
	switch (mode) {
	case M_FIND:
		lua_pushinteger(L, (lua_Integer)ms + 1);
		lua_pushinteger(L, (lua_Integer)me);
		if (r->ncap == 0)
			return 2;
		return 2 + push_captures(L, r, s, rc);
	case M_MATCH: return push_captures(L, r, s, rc);
	case M_EXEC:
		lua_createtable(L, (int)r->ncap, (int)r->nnames + 3);
		for (uint32_t i = 0; i <= r->ncap; i++) {
			push_group(L, r, s, rc, i);
			lua_rawseti(L, -2, i);
		}
		set_names(L, r, s, rc);
		/* Set last: a group named "start" or "end" does not hide them. */
		lua_pushinteger(L, (lua_Integer)ms + 1);
		lua_setfield(L, -2, "start");
		lua_pushinteger(L, (lua_Integer)me);
		lua_setfield(L, -2, "end");
		return 1;
	}
	return 0;
}

/* The iterator gmatch returns. Upvalues: state, cache, regex, subject, next
 * offset, end of the last match (-1: none yet, the first call also checks
 * the subject's UTF-8). */
static int gmatch_next(lua_State *L)
{
	regex *r = lua_touserdata(L, lua_upvalueindex(3));
	size_t len;
	const char *s = lua_tolstring(L, lua_upvalueindex(4), &len);
	lua_Integer pos = lua_tointeger(L, lua_upvalueindex(5));
	lua_Integer last = lua_tointeger(L, lua_upvalueindex(6));
	if (pos > (lua_Integer)len)
		return 0;
	uint32_t opts = last < 0 ? 0 : PCRE2_NO_UTF_CHECK;
	if (pos == last)
		opts |= PCRE2_NOTEMPTY_ATSTART; /* Lua 5.4: no empty match right after a match */
	int rc = run(L, r, s, len, (size_t)pos, opts);
	if (rc == 0) {
		lua_pushinteger(L, (lua_Integer)len + 1);
		lua_replace(L, lua_upvalueindex(5));
		return 0;
	}
	size_t ms, me;
	whole(L, r, (size_t)pos, &ms, &me);
	lua_pushinteger(L, (lua_Integer)me);
	lua_replace(L, lua_upvalueindex(5));
	lua_pushinteger(L, (lua_Integer)me);
	lua_replace(L, lua_upvalueindex(6));
	return push_captures(L, r, s, rc);
}

static int do_gmatch(lua_State *L, int ri, int si)
{
	luaL_checkstring(L, si);
	lua_pushvalue(L, UP_STATE);
	lua_pushvalue(L, UP_CACHE);
	lua_pushvalue(L, ri);
	lua_pushvalue(L, si);
	lua_pushinteger(L, 0);
	lua_pushinteger(L, -1);
	lua_pushcclosure(L, gmatch_next, 6);
	return 1;
}

/* --- gsub -------------------------------------------------------------------- */

/* Reads a reference after '$' in a replacement string at t[*i]: $N, ${N}
 * or ${name}. Returns the group number, or -1 for "$$"; raises on anything
 * else. After a match (rc > 0), ${name} is the first group so named that
 * took part. */
static int reference(lua_State *L, regex *r, const char *t, size_t tlen, size_t *i, int rc)
{
	size_t k = *i;
	if (k < tlen && t[k] == '$') {
		*i = k + 1;
		return -1;
	}
	if (k < tlen && t[k] >= '0' && t[k] <= '9') {
		uint32_t g = (uint32_t)(t[k] - '0');
		if (g > r->ncap)
			luaL_error(
			    L,
			    "lede.re: invalid group $%d in the replacement string (the pattern "
			    "has %d)",
			    (int)g, (int)r->ncap);
		*i = k + 1;
		return (int)g;
	}
	if (k < tlen && t[k] == '{') {
		size_t e = k + 1;
		while (e < tlen && t[e] != '}')
			e++;
		if (e >= tlen || e == k + 1)
			luaL_error(L, "lede.re: unclosed or empty ${ in the replacement string");
		const char *name = t + k + 1;
		size_t n = e - k - 1;
		*i = e + 1;
		if (name[0] >= '0' && name[0] <= '9') {
			uint32_t g = 0;
			for (size_t j = 0; j < n; j++) {
				if (name[j] < '0' || name[j] > '9' || g > r->ncap)
					luaL_error(
					    L,
					    "lede.re: invalid group ${%s in the replacement string",
					    lua_pushlstring(L, name, n + 1));
				g = g * 10 + (uint32_t)(name[j] - '0');
			}
			if (g > r->ncap)
				luaL_error(
				    L,
				    "lede.re: invalid group ${%d} in the replacement string (the "
				    "pattern has %d)",
				    (int)g, (int)r->ncap);
			return (int)g;
		}
		int found = -2;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
		for (uint32_t j = 0; j < r->nnames; j++) {
			const char *en = entry_name(r, j);
			if (strlen(en) != n || memcmp(en, name, n))
				continue;
			uint32_t g = entry_group(r, j);
			if (found == -2)
				found = (int)g;
			if (rc > 0 && (int)g < rc && ov[2 * g] != PCRE2_UNSET) {
				found = (int)g;
				break;
			}
		}
		if (found == -2)
			luaL_error(
			    L, "lede.re: no group named '%s' in the pattern (replacement string)",
			    lua_pushlstring(L, name, n));
		return found;
	}
	return luaL_error(L,
	                  "lede.re: invalid use of '$' in the replacement string (write $$ for a "
	                  "dollar sign)");
}

/* Raises now on a bad replacement string, so an error does not depend on
 * whether the subject happens to match. */
static void check_template(lua_State *L, regex *r, const char *t, size_t tlen)
{
	for (size_t i = 0; i < tlen;) {
		if (t[i++] == '$')
			reference(L, r, t, tlen, &i, 0);
	}
}

static void add_template(lua_State *L, luaL_Buffer *b, regex *r, const char *s, int rc,
                         const char *t, size_t tlen)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
	size_t i = 0;
	while (i < tlen) {
		const char *d = memchr(t + i, '$', tlen - i);
		size_t lit = d ? (size_t)(d - (t + i)) : tlen - i;
		luaL_addlstring(b, t + i, lit);
		i += lit;
		if (i >= tlen)
			break;
		i++;
		int g = reference(L, r, t, tlen, &i, rc);
		if (g < 0)
			luaL_addchar(b, '$');
		else if (g < rc && ov[2 * g] != PCRE2_UNSET && ov[2 * g + 1] >= ov[2 * g])
			luaL_addlstring(b, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
	}
}

/* Adds the replacement for the current match [ms, me) to b; the
 * replacement is at index ai. A table or function result of false or nil
 * keeps the match. */
static void add_value(lua_State *L, luaL_Buffer *b, regex *r, const char *s, int rc, size_t ms,
                      size_t me, int ai)
{
	switch (lua_type(L, ai)) {
	case LUA_TFUNCTION: {
		lua_pushvalue(L, ai);
		int n = push_captures(L, r, s, rc);
		if (r->nnames) {
			lua_createtable(L, 0, (int)r->nnames);
			set_names(L, r, s, rc);
			n++;
		}
		lua_call(L, n, 1); /* the match data may be reused inside: ms, me are saved */
		break;
	}
	case LUA_TTABLE:
		push_group(L, r, s, rc, r->ncap ? 1 : 0);
		lua_gettable(L, ai);
		break;
	default: {
		size_t tlen;
		const char *t = lua_tolstring(L, ai, &tlen);
		add_template(L, b, r, s, rc, t, tlen);
		return;
	}
	}
	if (!lua_toboolean(L, -1)) {
		lua_pop(L, 1);
		luaL_addlstring(b, s + ms, me - ms);
	} else if (!lua_isstring(L, -1)) {
		luaL_error(L, "lede.re.gsub: invalid replacement value (a %s)",
		           luaL_typename(L, -1));
	} else {
		luaL_addvalue(b);
	}
}

/* gsub on the regex r: subject at si, replacement at ai, max count at ai+1. */
static int do_gsub(lua_State *L, regex *r, int si, int ai)
{
	size_t len;
	const char *s = luaL_checklstring(L, si, &len);
	int rt = lua_type(L, ai);
	luaL_argexpected(
	    L, rt == LUA_TNUMBER || rt == LUA_TSTRING || rt == LUA_TFUNCTION || rt == LUA_TTABLE,
	    ai, "string/function/table");
	lua_Integer max = luaL_optinteger(L, ai + 1, LUA_MAXINTEGER);
	if (rt == LUA_TNUMBER || rt == LUA_TSTRING) {
		size_t tlen;
		const char *t = lua_tolstring(L, ai, &tlen);
		check_template(L, r, t, tlen);
	}
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	size_t pos = 0, last = SIZE_MAX;
	uint32_t check = 0; /* the first match checks the whole subject's UTF-8 */
	lua_Integer n = 0;
	while (n < max) {
		uint32_t opts = check | (pos == last ? PCRE2_NOTEMPTY_ATSTART : 0);
		int rc = run(L, r, s, len, pos, opts);
		check = PCRE2_NO_UTF_CHECK;
		if (rc == 0)
			break;
		size_t ms, me;
		whole(L, r, pos, &ms, &me);
		n++;
		luaL_addlstring(&b, s + pos, ms - pos);
		add_value(L, &b, r, s, rc, ms, me, ai);
		pos = last = me;
	}
	luaL_addlstring(&b, s + pos, len - pos);
	luaL_pushresult(&b);
	lua_pushinteger(L, n);
	return 2;
}

/* --- the Lua functions ------------------------------------------------------- */

/* lede.re.find(s, pattern [, init [, flags]]) -> start, end, captures... | nil */
static int re_find(lua_State *L) { return do_match(L, to_regex(L, 2, 4), 1, 3, M_FIND); }

/* lede.re.match(s, pattern [, init [, flags]]) -> captures... | whole | nil */
static int re_match(lua_State *L) { return do_match(L, to_regex(L, 2, 4), 1, 3, M_MATCH); }

/* lede.re.exec(s, pattern [, init [, flags]]) -> {[0]=whole, captures...,
 * name=capture..., start=, end=} | nil */
static int re_exec(lua_State *L) { return do_match(L, to_regex(L, 2, 4), 1, 3, M_EXEC); }

/* lede.re.gmatch(s, pattern [, flags]) -> iterator */
static int re_gmatch(lua_State *L)
{
	to_regex(L, 2, 3);
	return do_gmatch(L, 2, 1);
}

/* lede.re.gsub(s, pattern, repl [, n [, flags]]) -> result, count */
static int re_gsub(lua_State *L) { return do_gsub(L, to_regex(L, 2, 5), 1, 3); }

/* lede.re.compile(pattern [, flags]) -> lede.regex (shared with the cache:
 * compiling the same pattern and flags again returns the same object) */
static int re_compile(lua_State *L)
{
	if (luaL_testudata(L, 1, REGEX) && lua_isnoneornil(L, 2)) {
		lua_settop(L, 1);
		return 1;
	}
	luaL_checkstring(L, 1);
	to_regex(L, 1, 2);
	lua_settop(L, 1);
	return 1;
}

/* lede.re.escape(s) -> s with every ASCII punctuation and space escaped, to
 * match it literally inside a pattern */
static int re_escape(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		            (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
		if (c == '\0') {
			luaL_addstring(&b, "\\x{0}");
			continue;
		}
		if (!word)
			luaL_addchar(&b, '\\');
		luaL_addchar(&b, (char)c);
	}
	luaL_pushresult(&b);
	return 1;
}

/* lede.re.cache_size() -> compiled patterns held by this state's cache */
static int re_cache_size(lua_State *L)
{
	restate *st = lua_touserdata(L, UP_STATE);
	lua_pushinteger(L, st->count);
	return 1;
}

static int m_find(lua_State *L) { return do_match(L, check_regex(L, 1), 2, 3, M_FIND); }

static int m_match(lua_State *L) { return do_match(L, check_regex(L, 1), 2, 3, M_MATCH); }

static int m_exec(lua_State *L) { return do_match(L, check_regex(L, 1), 2, 3, M_EXEC); }

static int m_gmatch(lua_State *L)
{
	check_regex(L, 1);
	return do_gmatch(L, 1, 2);
}

static int m_gsub(lua_State *L) { return do_gsub(L, check_regex(L, 1), 2, 3); }

static int regex_tostring(lua_State *L)
{
	regex *r = luaL_checkudata(L, 1, REGEX);
	lua_pushfstring(L, "lede.regex(\"%s\", \"%s\")", r->pat ? r->pat : "", r->flags);
	return 1;
}

static int state_gc(lua_State *L)
{
	restate *st = luaL_checkudata(L, 1, RESTATE);
	pcre2_match_context_free(st->mctx);
	pcre2_jit_stack_free(st->jit);
	st->mctx = NULL;
	st->jit = NULL;
	return 0;
}

void lede_re_open(lua_State *L)
{
	int lede = lua_gettop(L);
	restate *st = lua_newuserdatauv(L, sizeof *st, 0);
	memset(st, 0, sizeof *st);
	if (luaL_newmetatable(L, RESTATE)) {
		lua_pushcfunction(L, state_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	st->mctx = pcre2_match_context_create(NULL);
	if (!st->mctx)
		luaL_error(L, "lede.re: out of memory");
	pcre2_set_match_limit(st->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(st->mctx, DEPTH_LIMIT);
	st->jit = pcre2_jit_stack_create(JIT_STACK_START, JIT_STACK_MAX, NULL);
	if (st->jit) /* else PCRE2's small default stack */
		pcre2_jit_stack_assign(st->mctx, NULL, st->jit);
	int state = lua_gettop(L);
	lua_newtable(L);
	int cache = lua_gettop(L);

	static const luaL_Reg methods[] = {
	    {"find", m_find},     {"match", m_match}, {"exec", m_exec},
	    {"gmatch", m_gmatch}, {"gsub", m_gsub},   {NULL, NULL},
	};
	luaL_newmetatable(L, REGEX);
	lua_pushcfunction(L, regex_gc);
	lua_setfield(L, -2, "__gc");
	lua_pushcfunction(L, regex_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_newtable(L);
	lua_pushvalue(L, state);
	lua_pushvalue(L, cache);
	luaL_setfuncs(L, methods, 2);
	lua_setfield(L, -2, "__index");
	lua_pop(L, 1);

	static const luaL_Reg fns[] = {
	    {"find", re_find},     {"match", re_match},
	    {"exec", re_exec},     {"gmatch", re_gmatch},
	    {"gsub", re_gsub},     {"compile", re_compile},
	    {"escape", re_escape}, {"cache_size", re_cache_size},
	    {NULL, NULL},
	};
	lua_newtable(L);
	lua_pushvalue(L, state);
	lua_pushvalue(L, cache);
	luaL_setfuncs(L, fns, 2);
	lua_setfield(L, lede, "re");
	lua_settop(L, lede);
}
