/* test_luapattern.c: the Lua-pattern matcher's core: matches, captures,
 * anchors, errors, and the step budget that stops pathological patterns
 * (tests/lua/luapattern_test.lua compares it with Lua's own at length). */
#include "harness.h"
#include "luapattern.h"

#include <stdlib.h>

static int search(lede_lpat *m, const char *s, const char *p, size_t init, int flags)
{
	memset(m, 0, sizeof *m);
	m->s = s;
	m->n = strlen(s);
	m->p = p;
	m->pn = strlen(p);
	return lede_lpat_search(m, init, flags, (size_t)-1);
}

static void finds_and_captures(void)
{
	lede_lpat m;
	CHECK_INT(search(&m, "hello world", "o w", 0, LEDE_LPAT_ANCHOR), LEDE_LPAT_MATCH);
	CHECK_INT(m.start, 4);
	CHECK_INT(m.end, 7);
	CHECK_INT(m.ncap, 0);
	CHECK_INT(search(&m, "key = value", "(%w+)%s*=%s*(%w+)", 0, LEDE_LPAT_ANCHOR), 1);
	CHECK_INT(m.ncap, 2);
	CHECK_INT(m.cap[0].pos, 0);
	CHECK_INT(m.cap[0].len, 3);
	CHECK_INT(m.cap[1].pos, 6);
	CHECK_INT(m.cap[1].len, 5);
	CHECK_INT(search(&m, "abc", "()b()", 0, LEDE_LPAT_ANCHOR), 1);
	CHECK_INT(m.cap[0].len, LEDE_LPAT_CAP_POSITION);
	CHECK_INT(m.cap[0].pos, 1);
	CHECK_INT(m.cap[1].pos, 2);
	CHECK_INT(search(&m, "abc", "z", 0, LEDE_LPAT_ANCHOR), LEDE_LPAT_NOMATCH);
	CHECK_INT(search(&m, "abc", "b", 4, LEDE_LPAT_ANCHOR), LEDE_LPAT_NOMATCH);
}

static void items_quantifiers_and_anchors(void)
{
	lede_lpat m;
	/* greedy and lazy */
	CHECK_INT(search(&m, "<a><b>", "<.*>", 0, 0), 1);
	CHECK_INT(m.end, 6);
	CHECK_INT(search(&m, "<a><b>", "<.->", 0, 0), 1);
	CHECK_INT(m.end, 3);
	CHECK_INT(search(&m, "color colour", "colou?r", 1, 0), 1);
	CHECK_INT(m.start, 6);
	/* '^' anchors only with LEDE_LPAT_ANCHOR; else it is a character */
	CHECK_INT(search(&m, "ab", "^b", 0, LEDE_LPAT_ANCHOR), LEDE_LPAT_NOMATCH);
	CHECK_INT(search(&m, "a^b", "^b", 0, 0), 1);
	CHECK_INT(m.start, 1);
	/* '$' at the end only */
	CHECK_INT(search(&m, "a$b", "$b", 0, LEDE_LPAT_ANCHOR), 1);
	CHECK_INT(search(&m, "ab", "a$", 0, LEDE_LPAT_ANCHOR), LEDE_LPAT_NOMATCH);
	/* sets, balance, frontier, back-reference */
	CHECK_INT(search(&m, "x]y", "[]]", 0, 0), 1);
	CHECK_INT(m.start, 1);
	CHECK_INT(search(&m, "f(a(b)c)d", "%b()", 0, 0), 1);
	CHECK_INT(m.start, 1);
	CHECK_INT(m.end, 8);
	CHECK_INT(search(&m, "THE (quick) fox", "%f[%a]%a+", 4, 0), 1);
	CHECK_INT(m.start, 5);
	CHECK_INT(search(&m, "say \"hi\" or 'yo'", "([\"'])(.-)%1", 0, 0), 1);
	CHECK_INT(m.start, 4);
	CHECK_INT(m.end, 8);
	/* a match ending at skip_end is passed over, as gmatch needs */
	memset(&m, 0, sizeof m);
	m.s = "abc";
	m.n = 3;
	m.p = "x*";
	m.pn = 2;
	CHECK_INT(lede_lpat_search(&m, 0, 0, 0), 1);
	CHECK_INT(m.start, 1);
}

static void malformed_patterns(void)
{
	static const struct {
		const char *p, *err;
	} cases[] = {
	    {"a%", "malformed pattern (ends with '%')"},
	    {"[a", "malformed pattern (missing ']')"},
	    {"%fa", "missing '[' after '%f' in pattern"},
	    {"%b", "malformed pattern (missing arguments to '%b')"},
	    {"(a)%2", "invalid capture index %2"},
	    {"(a%1)", "invalid capture index %1"},
	    {"a)", "invalid pattern capture"},
	};
	lede_lpat m;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		CHECK_INT(search(&m, "abc", cases[i].p, 0, LEDE_LPAT_ANCHOR), LEDE_LPAT_ERROR);
		CHECK_STR(m.err, cases[i].err);
	}
	/* as in Lua, only the part of a pattern that is reached is checked */
	CHECK_INT(search(&m, "abc", "x%", 0, LEDE_LPAT_ANCHOR), LEDE_LPAT_NOMATCH);
	char many[200] = "";
	for (int i = 0; i < 33; i++)
		strcat(many, "()");
	CHECK_INT(search(&m, "abc", many, 0, LEDE_LPAT_ANCHOR), LEDE_LPAT_ERROR);
	CHECK_STR(m.err, "too many captures");
}

/* A budget that allows `limit` steps and records what it was charged. */
typedef struct budget {
	unsigned long limit, charged;
	int calls;
} budget;

static int charge(void *ud, unsigned long steps)
{
	budget *b = ud;
	b->calls++;
	b->charged += steps;
	return b->charged > b->limit;
}

static void budget_stops_pathological_patterns(void)
{
	size_t n = 30000;
	char *s = malloc(n + 1);
	memset(s, 'a', n);
	s[n] = '\0';
	budget b = {1000000, 0, 0};
	lede_lpat m;
	memset(&m, 0, sizeof m);
	m.s = s;
	m.n = n;
	m.p = ".-.-.-.-b";
	m.pn = strlen(m.p);
	m.budget = charge;
	m.budget_ud = &b;
	CHECK_INT(lede_lpat_search(&m, 0, LEDE_LPAT_ANCHOR, (size_t)-1), LEDE_LPAT_BUDGET);
	/* stopped soon after the limit: asked at least every CHECK_EVERY steps */
	CHECK(b.charged > b.limit);
	CHECK(b.charged <= b.limit + 2 * LEDE_LPAT_CHECK_EVERY);
	CHECK(b.calls >= (int)(b.limit / LEDE_LPAT_CHECK_EVERY));
	/* an ordinary search is charged once, at its end, with what it spent */
	budget small = {1000000, 0, 0};
	m.p = "a+";
	m.pn = 2;
	m.budget_ud = &small;
	CHECK_INT(lede_lpat_search(&m, 0, LEDE_LPAT_ANCHOR, (size_t)-1), LEDE_LPAT_MATCH);
	CHECK_INT(m.end, n);
	CHECK(small.calls >= 1);
	CHECK_INT(small.charged, m.steps);
	CHECK(m.steps >= n);
	/* and a budget that says stop stops even a cheap search */
	budget none = {0, 0, 0};
	m.p = "b";
	m.pn = 1;
	m.budget_ud = &none;
	CHECK_INT(lede_lpat_search(&m, 0, LEDE_LPAT_ANCHOR, (size_t)-1), LEDE_LPAT_BUDGET);
	free(s);
}

int main(void)
{
	RUN(finds_and_captures);
	RUN(items_quantifiers_and_anchors);
	RUN(malformed_patterns);
	RUN(budget_stops_pathological_patterns);
	DONE();
}
