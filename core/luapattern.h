/* luapattern.h: Lua's string patterns, matched by lede's own backtracking
 * matcher that counts its steps, so that string.find/match/gmatch/gsub stop
 * within a budget instead of running unbounded in C where no Lua hook fires.
 * The semantics are Lua 5.4's (docs/internals.md, "Lua patterns"). */
#ifndef LEDE_LUAPATTERN_H
#define LEDE_LUAPATTERN_H

#include <stddef.h>

typedef struct lua_State lua_State;

#define LEDE_LPAT_MAXCAPTURES  32
#define LEDE_LPAT_CAP_OPEN     (-1) /* a capture never closed */
#define LEDE_LPAT_CAP_POSITION (-2) /* a position capture, `()` */
/* The matcher calls its budget callback after at most this many steps. */
#define LEDE_LPAT_CHECK_EVERY 1024

/* Flags for lede_lpat_search. */
#define LEDE_LPAT_ANCHOR 1 /* a leading '^' anchors (find, match, gsub; not gmatch) */

enum { LEDE_LPAT_BUDGET = -2, LEDE_LPAT_ERROR = -1, LEDE_LPAT_NOMATCH = 0, LEDE_LPAT_MATCH = 1 };

/* Called with the steps spent since the last call, at least every
 * LEDE_LPAT_CHECK_EVERY steps and once at the end of each search. Return 0
 * to go on, non-zero to stop the search with LEDE_LPAT_BUDGET. */
typedef int (*lede_lpat_budget_fn)(void *ud, unsigned long steps);

/* One search: fill the inputs, call lede_lpat_search, read the outputs.
 * Nothing is allocated; the subject and pattern stay the caller's. */
typedef struct lede_lpat {
	/* in */
	const char *s; /* subject */
	size_t n;
	const char *p; /* pattern */
	size_t pn;
	lede_lpat_budget_fn budget; /* NULL: no limit */
	void *budget_ud;
	/* out, after LEDE_LPAT_MATCH: the match is s[start, end) */
	size_t start, end;
	int ncap;
	struct {
		size_t pos;
		ptrdiff_t len; /* or LEDE_LPAT_CAP_OPEN, LEDE_LPAT_CAP_POSITION */
	} cap[LEDE_LPAT_MAXCAPTURES];
	unsigned long steps; /* spent by the last search */
	char err[96];        /* after LEDE_LPAT_ERROR: Lua's message */
} lede_lpat;

/* Finds the first position from `init` (0-based, <= n) where the pattern
 * matches, as string.find does, skipping a match that ends at `skip_end`
 * (pass (size_t)-1 for none; gmatch and gsub use it not to match an empty
 * string right where the previous match ended). Returns LEDE_LPAT_MATCH,
 * LEDE_LPAT_NOMATCH, LEDE_LPAT_ERROR (a malformed pattern: m->err) or
 * LEDE_LPAT_BUDGET (the budget callback said stop). */
int lede_lpat_search(lede_lpat *m, size_t init, int flags, size_t skip_end);

/* The engine's budget for pattern matching in Lua: returns 0 to go on, or
 * non-zero to stop (the caller raises "pattern matching budget exceeded");
 * it may also raise a Lua error itself, the matcher holds no resources. */
typedef int (*lede_lpat_charge_fn)(lua_State *L, void *ud, unsigned long steps);

/* Replaces find, match, gmatch and gsub in the global `string` table (so in
 * the strings' metatable too) with budgeted ones calling charge(L, ud, steps)
 * (charge may be NULL: no limit). Lua's own functions are kept in the
 * registry under "lede.luapattern.lua", for tests. Pushes nothing. */
void lede_luapattern_open(lua_State *L, lede_lpat_charge_fn charge, void *ud);

/* The engine's charge (sandbox.c): counts steps as instructions against the
 * running sandbox's budget; ud is the lede_engine. */
int lede_sandbox_pattern_charge(lua_State *L, void *ud, unsigned long steps);

#endif
