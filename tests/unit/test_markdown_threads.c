/* test_markdown_threads.c: Markdown parsed on several threads at once gives
 * each thread the tree it would get alone. cmark-gfm keeps the inline
 * parser's special characters ('~' for strikethrough) in one process-wide
 * table that every parse switches on and off: lede must keep that from
 * losing another thread's strikethrough. */
#include "arena.h"
#include "harness.h"
#include "node.h"

#include <pthread.h>
#include <string.h>

enum { ROUNDS = 3000 };

static int count(const lede_node *n, lede_node_type t)
{
	int c = n->type == t;
	for (const lede_node *k = n->first; k; k = k->next)
		c += count(k, t);
	return c;
}

static void *tables(void *arg)
{
	(void)arg;
	const char *src = "| a | b |\n| --- | --- |\n| 1 | 2 |\n| 3 | 4 |\n| 5 | 6 |\n| 7 | 8 |\n";
	lede_markdown_opts mo = {0};
	for (int i = 0; i < ROUNDS; i++) {
		lede_arena *a = lede_arena_new();
		lede_markdown_parse(a, src, strlen(src), 1, &mo, NULL);
		lede_arena_free(a);
	}
	return NULL;
}

static void *strikes(void *arg)
{
	int *bad = arg;
	const char *src = "~~gone~~ and ~~also~~, see https://example.org/x and ~~more~~\n\n"
	                  "~~one~~ ~~two~~ ~~three~~ www.example.com\n";
	lede_markdown_opts mo = {0};
	for (int i = 0; i < ROUNDS; i++) {
		lede_arena *a = lede_arena_new();
		lede_node *doc = lede_markdown_parse(a, src, strlen(src), 1, &mo, NULL);
		if (!doc || count(doc, LEDE_NODE_STRIKETHROUGH) != 6)
			(*bad)++;
		lede_arena_free(a);
	}
	return NULL;
}

static void parallel_parses_agree(void)
{
	lede_markdown_init();
	int bad = 0;
	pthread_t t1, t2, t3;
	CHECK(pthread_create(&t1, NULL, tables, NULL) == 0);
	CHECK(pthread_create(&t2, NULL, tables, NULL) == 0);
	CHECK(pthread_create(&t3, NULL, strikes, &bad) == 0);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	pthread_join(t3, NULL);
	CHECK_INT(bad, 0);
}

int main(void)
{
	RUN(parallel_parses_agree);
	DONE();
}
