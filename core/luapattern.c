/* luapattern.c: Lua 5.4's string patterns, matched by a backtracking matcher
 * of lede's own that counts its steps and asks a budget callback whether to
 * go on, so a pathological pattern stops instead of hanging the build; and
 * string.find/match/gmatch/gsub on top of it, installed for every plugin. */
#define _GNU_SOURCE /* memmem */
#include "luapattern.h"

#include <ctype.h>
#include <lauxlib.h>
#include <lua.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Nesting of the matcher's recursion (captures, quantifiers), as Lua's. */
#define MAX_DEPTH 200

typedef struct matcher {
	const char *s0, *se; /* subject */
	const char *pe;      /* end of pattern */
	int level;           /* captures opened so far */
	struct {
		const char *at;
		ptrdiff_t len;
	} cap[LEDE_LPAT_MAXCAPTURES];
	int depth;    /* recursion left */
	long left;    /* steps before the budget is asked again */
	lede_lpat *m; /* for the budget and the error message */
	jmp_buf out;
	int why; /* LEDE_LPAT_ERROR or LEDE_LPAT_BUDGET, for the longjmp */
} matcher;

static _Noreturn void fail(matcher *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->m->err, sizeof t->m->err, fmt, ap);
	va_end(ap);
	t->why = LEDE_LPAT_ERROR;
	longjmp(t->out, 1);
}

/* Hands the steps spent since the last call to the budget. */
static void settle(matcher *t)
{
	unsigned long spent = (unsigned long)(LEDE_LPAT_CHECK_EVERY - t->left);
	t->left = LEDE_LPAT_CHECK_EVERY;
	t->m->steps += spent;
	if (t->m->budget && spent && t->m->budget(t->m->budget_ud, spent)) {
		t->why = LEDE_LPAT_BUDGET;
		longjmp(t->out, 1);
	}
}

static inline void step(matcher *t, size_t k)
{
	t->left -= (long)k;
	if (t->left <= 0)
		settle(t);
}

/* Does c belong to the class named by the letter after '%'? Any other
 * character stands for itself. */
static int in_class(unsigned char c, unsigned char k)
{
	int r;
	switch (tolower(k)) {
	case 'a': r = isalpha(c); break;
	case 'c': r = iscntrl(c); break;
	case 'd': r = isdigit(c); break;
	case 'g': r = isgraph(c); break;
	case 'l': r = islower(c); break;
	case 'p': r = ispunct(c); break;
	case 's': r = isspace(c); break;
	case 'u': r = isupper(c); break;
	case 'w': r = isalnum(c); break;
	case 'x': r = isxdigit(c); break;
	case 'z': r = c == 0; break; /* deprecated, still in Lua 5.4 */
	default: return k == c;
	}
	r = r != 0;
	return isupper(k) ? !r : r;
}

/* Does c belong to the set from `[` at p to its closing `]` at close? */
static int in_set(unsigned char c, const char *p, const char *close)
{
	int want = 1;
	p++;
	if (*p == '^') {
		want = 0;
		p++;
	}
	/* The first character is always a member, even ']' (so "[]]"). */
	for (; p < close; p++) {
		unsigned char a = (unsigned char)*p;
		if (a == '%') {
			p++;
			if (in_class(c, (unsigned char)*p))
				return want;
		} else if (p + 2 < close && p[1] == '-') {
			if (a <= c && c <= (unsigned char)p[2])
				return want;
			p += 2;
		} else if (a == c) {
			return want;
		}
	}
	return !want;
}

/* The end of the single-character item at p (a character, '.', '%x' or a
 * set); errors for a pattern that stops inside one. */
static const char *item_end(matcher *t, const char *p)
{
	if (*p == '%') {
		if (p + 1 >= t->pe)
			fail(t, "malformed pattern (ends with '%%')");
		return p + 2;
	}
	if (*p != '[')
		return p + 1;
	const char *q = p + 1;
	if (q < t->pe && *q == '^')
		q++;
	do {
		if (q >= t->pe)
			fail(t, "malformed pattern (missing ']')");
		if (*q++ == '%' && q < t->pe)
			q++;
	} while (q >= t->pe || *q != ']');
	return q + 1;
}

/* Does the item p..ep match the subject character at s? */
static inline int item_matches(const matcher *t, const char *s, const char *p, const char *ep)
{
	if (s >= t->se)
		return 0;
	unsigned char c = (unsigned char)*s;
	switch (*p) {
	case '.': return 1;
	case '%': return in_class(c, (unsigned char)p[1]);
	case '[': return in_set(c, p, ep - 1);
	default: return (unsigned char)*p == c;
	}
}

static const char *match(matcher *t, const char *s, const char *p);

/* item* and item+: take as many as match, then give back one at a time. */
static const char *greedy(matcher *t, const char *s, const char *p, const char *ep)
{
	size_t n = 0;
	while (item_matches(t, s + n, p, ep))
		n++;
	step(t, n);
	for (;;) {
		const char *r = match(t, s + n, ep + 1);
		if (r || n == 0)
			return r;
		n--;
	}
}

/* item-: take as few as the rest of the pattern allows. */
static const char *lazy(matcher *t, const char *s, const char *p, const char *ep)
{
	for (;;) {
		const char *r = match(t, s, ep + 1);
		if (r)
			return r;
		if (!item_matches(t, s, p, ep))
			return NULL;
		s++;
	}
}

/* %bxy at s: x, then anything balanced, then the matching y. */
static const char *balanced(matcher *t, const char *s, const char *p)
{
	if (p + 1 >= t->pe)
		fail(t, "malformed pattern (missing arguments to '%%b')");
	if (s >= t->se || *s != p[0])
		return NULL;
	char open = p[0], close = p[1];
	int depth = 1;
	for (const char *q = s + 1; q < t->se; q++) {
		if (*q == close) {
			if (--depth == 0) {
				step(t, (size_t)(q - s));
				return q + 1;
			}
		} else if (*q == open) {
			depth++;
		}
	}
	step(t, (size_t)(t->se - s));
	return NULL;
}

/* The capture a back-reference %1..%9 names; errors for one not closed. */
static int capture_index(matcher *t, char d)
{
	int i = d - '1';
	if (i < 0 || i >= t->level || t->cap[i].len == LEDE_LPAT_CAP_OPEN)
		fail(t, "invalid capture index %%%d", i + 1);
	return i;
}

static const char *backref(matcher *t, const char *s, char d)
{
	int i = capture_index(t, d);
	ptrdiff_t len = t->cap[i].len;
	/* A position capture holds no text: it never matches, as in Lua. */
	if (len < 0 || t->se - s < len)
		return NULL;
	step(t, (size_t)len);
	return memcmp(t->cap[i].at, s, (size_t)len) == 0 ? s + len : NULL;
}

static const char *open_capture(matcher *t, const char *s, const char *p, ptrdiff_t what)
{
	if (t->level >= LEDE_LPAT_MAXCAPTURES)
		fail(t, "too many captures");
	int i = t->level++;
	t->cap[i].at = s;
	t->cap[i].len = what;
	const char *r = match(t, s, p);
	if (!r)
		t->level--;
	return r;
}

static const char *close_capture(matcher *t, const char *s, const char *p)
{
	int i = t->level - 1;
	while (i >= 0 && t->cap[i].len != LEDE_LPAT_CAP_OPEN)
		i--;
	if (i < 0)
		fail(t, "invalid pattern capture");
	t->cap[i].len = s - t->cap[i].at;
	const char *r = match(t, s, p);
	if (!r)
		t->cap[i].len = LEDE_LPAT_CAP_OPEN;
	return r;
}

/* Matches the pattern from p against the subject from s: the end of the
 * match, or NULL. Single items without a quantifier loop here; everything
 * that may have to backtrack recurses. */
static const char *match(matcher *t, const char *s, const char *p)
{
	if (--t->depth == 0)
		fail(t, "pattern too complex");
	const char *r = NULL;
	while (p < t->pe) {
		step(t, 1);
		switch (*p) {
		case '(':
			if (p + 1 < t->pe && p[1] == ')')
				r = open_capture(t, s, p + 2, LEDE_LPAT_CAP_POSITION);
			else
				r = open_capture(t, s, p + 1, LEDE_LPAT_CAP_OPEN);
			goto done;
		case ')': r = close_capture(t, s, p + 1); goto done;
		case '$':
			if (p + 1 == t->pe) {
				r = s == t->se ? s : NULL;
				goto done;
			}
			break; /* a '$' inside the pattern is a character */
		case '%':
			if (p + 1 >= t->pe)
				break; /* item_end reports it */
			if (p[1] == 'b') {
				s = balanced(t, s, p + 2);
				if (!s)
					goto done;
				p += 4;
				continue;
			}
			if (p[1] == 'f') {
				p += 2;
				if (p >= t->pe || *p != '[')
					fail(t, "missing '[' after '%%f' in pattern");
				const char *ep = item_end(t, p);
				unsigned char before = s > t->s0 ? (unsigned char)s[-1] : 0;
				unsigned char here = s < t->se ? (unsigned char)*s : 0;
				if (in_set(before, p, ep - 1) || !in_set(here, p, ep - 1))
					goto done;
				p = ep;
				continue;
			}
			if (isdigit((unsigned char)p[1])) {
				s = backref(t, s, p[1]);
				if (!s)
					goto done;
				p += 2;
				continue;
			}
			break;
		default: break;
		}
		const char *ep = item_end(t, p);
		int ok = item_matches(t, s, p, ep);
		switch (ep < t->pe ? *ep : '\0') {
		case '?':
			if (ok && (r = match(t, s + 1, ep + 1)) != NULL)
				goto done;
			p = ep + 1;
			continue;
		case '+': r = ok ? greedy(t, s + 1, p, ep) : NULL; goto done;
		case '*': r = greedy(t, s, p, ep); goto done;
		case '-': r = lazy(t, s, p, ep); goto done;
		default:
			if (!ok)
				goto done;
			s++;
			p = ep;
			continue;
		}
	}
	r = s;
done:
	t->depth++;
	return r;
}

static int scan(matcher *t, const char *s, const char *p, int anchored, size_t skip_end)
{
	lede_lpat *m = t->m;
	for (;;) {
		t->level = 0;
		t->depth = MAX_DEPTH;
		const char *e = match(t, s, p);
		if (e && (size_t)(e - t->s0) != skip_end) {
			m->start = (size_t)(s - t->s0);
			m->end = (size_t)(e - t->s0);
			m->ncap = t->level;
			for (int i = 0; i < t->level; i++) {
				m->cap[i].pos = (size_t)(t->cap[i].at - t->s0);
				m->cap[i].len = t->cap[i].len;
			}
			return LEDE_LPAT_MATCH;
		}
		if (anchored || s >= t->se)
			return LEDE_LPAT_NOMATCH;
		s++;
	}
}

/* Only this frame calls setjmp, and it changes no local after it. */
static int run(matcher *t, const char *s, const char *p, int anchored, size_t skip_end)
{
	if (setjmp(t->out))
		return t->why;
	int r = scan(t, s, p, anchored, skip_end);
	settle(t);
	return r;
}

int lede_lpat_search(lede_lpat *m, size_t init, int flags, size_t skip_end)
{
	m->err[0] = '\0';
	m->ncap = 0;
	m->steps = 0;
	if (init > m->n)
		return LEDE_LPAT_NOMATCH;
	matcher t;
	t.s0 = m->s;
	t.se = m->s + m->n;
	t.pe = m->p + m->pn;
	t.level = 0;
	t.left = LEDE_LPAT_CHECK_EVERY;
	t.m = m;
	t.why = 0;
	const char *p = m->p;
	int anchored = (flags & LEDE_LPAT_ANCHOR) && m->pn > 0 && *p == '^';
	if (anchored)
		p++;
	return run(&t, m->s + init, p, anchored, skip_end);
}

/* ---- string.find, match, gmatch and gsub ---- */

typedef struct charge {
	lede_lpat_charge_fn fn;
	void *ud;
	lua_State *L;
} charge;

static int charge_budget(void *ud, unsigned long steps)
{
	charge *c = ud;
	return c->fn ? c->fn(c->L, c->ud, steps) : 0;
}

/* A search on arguments 1 (subject) and 2 (pattern), budgeted by the
 * charge in upvalue 1. */
static void prepare(lua_State *L, lede_lpat *m, charge *c, int up)
{
	m->s = luaL_checklstring(L, 1, &m->n);
	m->p = luaL_checklstring(L, 2, &m->pn);
	*c = *(charge *)lua_touserdata(L, lua_upvalueindex(up));
	c->L = L;
	m->budget = charge_budget;
	m->budget_ud = c;
}

static void check(lua_State *L, lede_lpat *m, int r)
{
	if (r == LEDE_LPAT_ERROR)
		luaL_error(L, "%s", m->err);
	if (r == LEDE_LPAT_BUDGET)
		luaL_error(L, "pattern matching budget exceeded");
}

/* Lua 5.4's reading of a start position: negative counts from the end,
 * out of range clamps to the start. Returns a 1-based position. */
static size_t start_pos(lua_Integer pos, size_t len)
{
	if (pos > 0)
		return (size_t)pos;
	if (pos == 0 || pos < -(lua_Integer)len)
		return 1;
	return len + (size_t)pos + 1;
}

/* Pushes capture i (the whole match when there is none and i is 0). */
static void push_capture(lua_State *L, const lede_lpat *m, int i)
{
	if (i >= m->ncap) {
		if (i != 0)
			luaL_error(L, "invalid capture index %%%d", i + 1);
		lua_pushlstring(L, m->s + m->start, m->end - m->start);
		return;
	}
	ptrdiff_t len = m->cap[i].len;
	if (len == LEDE_LPAT_CAP_OPEN)
		luaL_error(L, "unfinished capture");
	if (len == LEDE_LPAT_CAP_POSITION)
		lua_pushinteger(L, (lua_Integer)m->cap[i].pos + 1);
	else
		lua_pushlstring(L, m->s + m->cap[i].pos, (size_t)len);
}

/* Pushes every capture, or the whole match if `whole` and there is none. */
static int push_captures(lua_State *L, const lede_lpat *m, int whole)
{
	int n = m->ncap == 0 && whole ? 1 : m->ncap;
	luaL_checkstack(L, n, "too many captures");
	for (int i = 0; i < n; i++)
		push_capture(L, m, i);
	return n;
}

/* Does the pattern have none of the characters that make it a pattern? */
static int is_plain(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] && strchr("^$*+?.([%-", p[i]))
			return 0;
	return 1;
}

static int find_or_match(lua_State *L, int find)
{
	lede_lpat m;
	charge c;
	prepare(L, &m, &c, 1);
	size_t init = start_pos(luaL_optinteger(L, 3, 1), m.n) - 1;
	if (init > m.n) {
		lua_pushnil(L);
		return 1;
	}
	if (find && (lua_toboolean(L, 4) || is_plain(m.p, m.pn))) {
		/* memmem is linear in glibc: no budget needed */
		const char *at = m.pn ? memmem(m.s + init, m.n - init, m.p, m.pn) : m.s + init;
		if (!at) {
			lua_pushnil(L);
			return 1;
		}
		lua_pushinteger(L, (lua_Integer)(at - m.s) + 1);
		lua_pushinteger(L, (lua_Integer)(at - m.s + (ptrdiff_t)m.pn));
		return 2;
	}
	int r = lede_lpat_search(&m, init, LEDE_LPAT_ANCHOR, (size_t)-1);
	check(L, &m, r);
	if (r == LEDE_LPAT_NOMATCH) {
		lua_pushnil(L);
		return 1;
	}
	if (!find)
		return push_captures(L, &m, 1);
	lua_pushinteger(L, (lua_Integer)m.start + 1);
	lua_pushinteger(L, (lua_Integer)m.end);
	return push_captures(L, &m, 0) + 2;
}

static int str_find(lua_State *L) { return find_or_match(L, 1); }

static int str_match(lua_State *L) { return find_or_match(L, 0); }

/* gmatch's iterator: upvalues subject, pattern, the charge, the state. */
typedef struct gm_state {
	size_t at;   /* where the next search starts */
	size_t last; /* where the last match ended, or (size_t)-1 */
} gm_state;

static int gmatch_next(lua_State *L)
{
	lede_lpat m;
	charge c;
	m.s = lua_tolstring(L, lua_upvalueindex(1), &m.n);
	m.p = lua_tolstring(L, lua_upvalueindex(2), &m.pn);
	c = *(charge *)lua_touserdata(L, lua_upvalueindex(3));
	c.L = L;
	m.budget = charge_budget;
	m.budget_ud = &c;
	gm_state *g = lua_touserdata(L, lua_upvalueindex(4));
	/* As in Lua 5.4, a '^' does not anchor here: the iteration would stop. */
	int r = lede_lpat_search(&m, g->at, 0, g->last);
	check(L, &m, r);
	if (r == LEDE_LPAT_NOMATCH)
		return 0;
	g->at = g->last = m.end;
	return push_captures(L, &m, 1);
}

static int str_gmatch(lua_State *L)
{
	size_t n;
	luaL_checklstring(L, 1, &n);
	luaL_checkstring(L, 2);
	size_t init = start_pos(luaL_optinteger(L, 3, 1), n) - 1;
	lua_settop(L, 2);
	lua_pushvalue(L, lua_upvalueindex(1));
	gm_state *g = lua_newuserdatauv(L, sizeof *g, 0);
	g->at = init > n ? n + 1 : init;
	g->last = (size_t)-1;
	lua_pushcclosure(L, gmatch_next, 4);
	return 1;
}

/* Appends the replacement for the match in m to b; the replacement is
 * argument 3 (string, number, table or function). */
static void add_replacement(lua_State *L, luaL_Buffer *b, const lede_lpat *m, int kind)
{
	if (kind == LUA_TSTRING || kind == LUA_TNUMBER) {
		size_t n;
		const char *r = lua_tolstring(L, 3, &n);
		const char *end = r + n, *pct;
		while ((pct = memchr(r, '%', (size_t)(end - r))) != NULL) {
			luaL_addlstring(b, r, (size_t)(pct - r));
			char d = pct + 1 < end ? pct[1] : '\0';
			if (d == '%') {
				luaL_addchar(b, '%');
			} else if (d == '0') {
				luaL_addlstring(b, m->s + m->start, m->end - m->start);
			} else if (isdigit((unsigned char)d)) {
				push_capture(L, m, d - '1');
				luaL_tolstring(L, -1, NULL);
				lua_remove(L, -2);
				luaL_addvalue(b);
			} else {
				luaL_error(L, "invalid use of '%%' in replacement string");
			}
			r = pct + 2;
		}
		luaL_addlstring(b, r, (size_t)(end - r));
		return;
	}
	if (kind == LUA_TFUNCTION) {
		lua_pushvalue(L, 3);
		int n = push_captures(L, m, 1);
		lua_call(L, n, 1);
	} else {
		push_capture(L, m, 0);
		lua_gettable(L, 3);
	}
	if (!lua_toboolean(L, -1)) {
		/* nil or false: keep the original text */
		lua_pop(L, 1);
		luaL_addlstring(b, m->s + m->start, m->end - m->start);
	} else if (!lua_isstring(L, -1)) {
		luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
	} else {
		luaL_addvalue(b);
	}
}

static int str_gsub(lua_State *L)
{
	lede_lpat m;
	charge c;
	prepare(L, &m, &c, 1);
	int kind = lua_type(L, 3);
	lua_Integer max = luaL_optinteger(L, 4, (lua_Integer)m.n + 1);
	luaL_argexpected(L,
	                 kind == LUA_TNUMBER || kind == LUA_TSTRING || kind == LUA_TFUNCTION ||
	                     kind == LUA_TTABLE,
	                 3, "string/function/table");
	int anchored = m.pn > 0 && m.p[0] == '^';
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	size_t at = 0, last = (size_t)-1;
	lua_Integer count = 0;
	while (count < max) {
		int r = lede_lpat_search(&m, at, LEDE_LPAT_ANCHOR, last);
		check(L, &m, r);
		if (r == LEDE_LPAT_NOMATCH)
			break;
		count++;
		luaL_addlstring(&b, m.s + at, m.start - at);
		add_replacement(L, &b, &m, kind);
		at = last = m.end;
		if (anchored)
			break;
	}
	luaL_addlstring(&b, m.s + at, m.n - at);
	luaL_pushresult(&b);
	lua_pushinteger(L, count);
	return 2;
}

void lede_luapattern_open(lua_State *L, lede_lpat_charge_fn fn, void *ud)
{
	static const luaL_Reg funcs[] = {{"find", str_find},
	                                 {"match", str_match},
	                                 {"gmatch", str_gmatch},
	                                 {"gsub", str_gsub},
	                                 {NULL, NULL}};
	lua_getglobal(L, "string");
	/* Lua's own, for the tests that compare the two */
	lua_newtable(L);
	for (const luaL_Reg *f = funcs; f->name; f++) {
		lua_getfield(L, -2, f->name);
		lua_setfield(L, -2, f->name);
	}
	lua_setfield(L, LUA_REGISTRYINDEX, "lede.luapattern.lua");
	charge *c = lua_newuserdatauv(L, sizeof *c, 0);
	c->fn = fn;
	c->ud = ud;
	c->L = NULL;
	luaL_setfuncs(L, funcs, 1);
	lua_pop(L, 1);
}
