/* test_markdown_cost.c: lede_markdown_cost is an upper bound of what
 * cmark-gfm takes to parse a text, checked before the parse because cmark's
 * allocator cannot stop one half-way. Each text here, dense markup of one
 * kind repeated (the worst a hostile article or plugin can write), is parsed
 * by lede's cmark-gfm parser (lede_markdown_parser) with an allocator that
 * counts; the peak must stay under the bound. A parse refused by the
 * bound fails before cmark is called, with the article's place. */
#include "arena.h"
#include "error.h"
#include "harness.h"
#include "node.h"

#include <cmark-gfm.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* (the counting allocator of this test program, one parse at a time) */
static size_t now, peak;

typedef union {
	size_t n;
	max_align_t align;
} head;

static void *count_calloc(size_t k, size_t size)
{
	head *h = calloc(1, sizeof *h + k * size);
	if (!h)
		abort();
	h->n = k * size;
	now += h->n;
	peak = now > peak ? now : peak;
	return h + 1;
}

static void *count_realloc(void *p, size_t n)
{
	head *h = p ? (head *)p - 1 : NULL;
	size_t old = h ? h->n : 0;
	h = realloc(h, sizeof *h + n);
	if (!h)
		abort();
	h->n = n;
	now = now - old + n;
	peak = now > peak ? now : peak;
	return h + 1;
}

static void count_free(void *p)
{
	if (!p)
		return;
	head *h = (head *)p - 1;
	now -= h->n;
	free(h);
}

/* The peak bytes cmark-gfm takes to parse text with markdown.c's parser. */
static size_t parse_peak(const char *text, size_t len)
{
	cmark_mem mem = {count_calloc, count_realloc, count_free};
	now = peak = 0;
	cmark_parser *p = lede_markdown_parser(CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES, &mem);
	cmark_parser_feed(p, text, len);
	cmark_node *doc = cmark_parser_finish(p);
	cmark_node_free(doc);
	cmark_parser_free(p);
	return peak;
}

static char *repeat(const char *unit, size_t times, size_t *len)
{
	size_t n = strlen(unit);
	char *s = malloc(n * times + 1);
	for (size_t i = 0; i < times; i++)
		memcpy(s + i * n, unit, n);
	s[n * times] = '\0';
	*len = n * times;
	return s;
}

static void bound_holds_on_dense_markup(void)
{
	lede_markdown_init();
	/* one of each kind of node, and the densest spellings found */
	static const char *const units[] = {
	    "- a\n",
	    "a\n\n",
	    "*a* ",
	    "a*b*",
	    "_a_ ",
	    "**a** ",
	    "> ",
	    "`a` ",
	    "[a]: b\n",
	    "a\n",
	    "|a|b|\n|-|-|\n",
	    "[^1] ",
	    "1. \n",
	    "1) ",
	    "<a>",
	    "&amp;",
	    "a&#1; ",
	    "~~a~~ ",
	    "a~b~ ",
	    "- [ ] \n",
	    "-\n",
	    "#\n",
	    "***\n",
	    "a  \n",
	    "a\\\n",
	    "a[b](c) ",
	    "![a](b) ",
	    "[a] ",
	    "<http://a> ",
	    "| a |\n",
	    "- - - - - a\n",
	    "* * * a\n",
	    "1. 1. 1. a\n",
	    "- > - > a\n",
	    "> > > > a\n",
	    "```\na\n```\n",
	    "[^a]\n\n[^a]: b\n",
	    "www.a.b ",
	    "a@b.c ",
	    "<!-- -->",
	    "Plain words of an ordinary sentence, with a comma.\n",
	};
	for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
		size_t len;
		char *text = repeat(units[i], 20000, &len);
		size_t got = parse_peak(text, len), bound = lede_markdown_cost(text, len);
		if (got > bound)
			fprintf(stderr,
			        "  \"%s\" x 20000: cmark took %zu bytes, the bound is %zu\n",
			        units[i], got, bound);
		CHECK(got <= bound);
		free(text);
	}
}

static void refused_before_the_parse(void)
{
	size_t len;
	char *text = repeat("*a* ", 1000, &len);
	lede_arena *a = lede_arena_new();
	lede_error err;
	lede_error_clear(&err);
	lede_markdown_opts mo = {.max_cost = lede_markdown_cost(text, len) - 1};
	CHECK(lede_markdown_parse(a, text, len, 7, &mo, &err) == NULL);
	CHECK_INT(err.line, 7);
	CHECK(strstr(err.msg, "so much markup") != NULL);
	CHECK(strstr(err.msg, "split it") != NULL);
	/* at the bound, it parses */
	mo.max_cost++;
	lede_error_clear(&err);
	lede_node *doc = lede_markdown_parse(a, text, len, 7, &mo, &err);
	CHECK(doc != NULL && doc->first != NULL);
	/* prose counts about 41 bytes a byte: a file of article_mb passes */
	const char *prose = "The council met on Tuesday, and the mayor said the plan would go "
	                    "ahead next year. Residents were not convinced.\n\n";
	CHECK(lede_markdown_cost(prose, strlen(prose)) < strlen(prose) * 48);
	lede_arena_free(a);
	free(text);
}

int main(void)
{
	RUN(bound_holds_on_dense_markup);
	RUN(refused_before_the_parse);
	DONE();
}
