/* test_profile.c: the --profile counters (rows by name, merging a
 * worker's into the main one) and the table they print. */
#include "harness.h"
#include "profile.h"

#include <stdlib.h>

static void rows_count_calls_and_time(void)
{
	lede_profile *p = lede_profile_new();
	lede_profile_add(p, "hook", "smartquotes", "transform", 0.5);
	lede_profile_add(p, "hook", "smartquotes", "transform", 0.25);
	lede_profile_add(p, "outlet", "web", NULL, 2);
	lede_profile_add(p, "write", NULL, NULL, 0.125);
	double s;
	CHECK_INT(lede_profile_calls(p, "hook smartquotes.transform", &s), 2);
	CHECK(s == 0.75);
	CHECK_INT(lede_profile_calls(p, "outlet web", &s), 1);
	CHECK(s == 2);
	CHECK_INT(lede_profile_calls(p, "write", &s), 1);
	CHECK(s == 0.125);
	/* same words, other parts: other rows */
	CHECK_INT(lede_profile_calls(p, "hook smartquotes", &s), 0);
	CHECK(s == 0);
	lede_profile_free(p);
	lede_profile_free(NULL);
}

static void many_rows_all_found(void)
{
	lede_profile *p = lede_profile_new();
	char name[32];
	for (int round = 0; round < 3; round++)
		for (int i = 0; i < 500; i++) {
			snprintf(name, sizeof name, "p%d", i);
			lede_profile_add(p, "hook", name, "render", i);
		}
	int bad = 0;
	for (int i = 0; i < 500; i++) {
		char label[48];
		double s;
		snprintf(label, sizeof label, "hook p%d.render", i);
		if (lede_profile_calls(p, label, &s) != 3 || s != 3.0 * i)
			bad++;
	}
	CHECK_INT(bad, 0);
	lede_profile_free(p);
}

static void merge_sums_rows(void)
{
	lede_profile *m = lede_profile_new(), *w1 = lede_profile_new(), *w2 = lede_profile_new();
	lede_profile_add(m, "hook", "html", "index", 1);
	lede_profile_add(w1, "hook", "html", "render", 0.5);
	lede_profile_add(w1, "parse", NULL, NULL, 0.25);
	lede_profile_add(w2, "hook", "html", "render", 0.5);
	lede_profile_add(w2, "parse", "markdown", NULL, 0.125);
	lede_profile_merge(m, w1);
	lede_profile_merge(m, w2);
	lede_profile_merge(m, NULL);
	double s;
	CHECK_INT(lede_profile_calls(m, "hook html.render", &s), 2);
	CHECK(s == 1);
	CHECK_INT(lede_profile_calls(m, "hook html.index", &s), 1);
	CHECK_INT(lede_profile_calls(m, "parse", &s), 1);
	CHECK(s == 0.25);
	CHECK_INT(lede_profile_calls(m, "parse markdown", &s), 1);
	/* a merged row is found again by its parts */
	lede_profile_add(m, "parse", "markdown", NULL, 0.125);
	CHECK_INT(lede_profile_calls(m, "parse markdown", &s), 2);
	CHECK(s == 0.25);
	lede_profile_free(m);
	lede_profile_free(w1);
	lede_profile_free(w2);
}

static void table_longest_first_with_total(void)
{
	lede_profile *p = lede_profile_new();
	lede_profile_add(p, "write", NULL, NULL, 0.0005);
	lede_profile_add(p, "write", NULL, NULL, 0.0005);
	lede_profile_add(p, "outlet", "web", NULL, 1.5);
	lede_profile_add(p, "hook", "smartquotes", "transform", 0.02);
	lede_profile_add(p, "hook", "smartquotes", "transform", 0.02);
	lede_profile_add(p, "hook", "smartquotes", "transform", 0.02);
	lede_profile_add(p, "hook", "a", "article", 0.02);
	lede_profile_times t = {
	    .jobs = 2, .workers = 2, .wall = 1.25, .cpu = 2.25, .main = 0.5, .threads = 1.5};
	lede_buf b = LEDE_BUF_INIT;
	lede_profile_format(p, &t, &b);
	CHECK_STR(
	    lede_buf_cstr(&b),
	    "lede: profile (-j 2): wall 1.250 s, CPU 2.250 s\n"
	    "  thread time 2.000 s: main thread 500.00 ms + 2 workers 1.500 s\n"
	    "  (workers run at once: with two or more, the thread time exceeds the wall time)\n"
	    "  total: summed over the threads; share: of the thread time; rows nest (an "
	    "outlet's time\n"
	    "  includes its hooks and writes, a render hook's its templates), so shares add up "
	    "to more than 100%\n"
	    "  what                            calls       total        mean   share\n"
	    "  outlet web                          1     1.500 s     1.500 s   75.0%\n"
	    "  hook smartquotes.transform          3    60.00 ms    20.00 ms    3.0%\n"
	    "  hook a.article                      1    20.00 ms    20.00 ms    1.0%\n"
	    "  write                               2     1.00 ms    500.0 us    0.1%\n"
	    "  thread time                               2.000 s              100.0%\n");
	lede_buf_free(&b);
	lede_profile_free(p);
}

/* The memory line: the peak, and where the records were kept. */
static void memory_line(void)
{
	lede_profile_times t = {.jobs = 1, .wall = 1, .cpu = 1, .main = 1, .peak_mib = 372.75};
	const char *want[] = {
	    "  peak memory 372.8 MiB\n",
	    "  peak memory 372.8 MiB; collection records in memory (within --records-memory 64 "
	    "MiB)\n",
	    "  peak memory 372.8 MiB; collection records on disk (over --records-memory 64 MiB)\n"};
	for (int r = 0; r < 3; r++) {
		t.records = r;
		t.records_memory = 64LL << 20;
		lede_buf b = LEDE_BUF_INIT;
		lede_profile_format(NULL, &t, &b);
		const char *nl = strchr(lede_buf_cstr(&b), '\n');
		CHECK(nl && !strncmp(nl + 1, want[r], strlen(want[r])));
		lede_buf_free(&b);
	}
}

int main(void)
{
	RUN(memory_line);
	RUN(rows_count_calls_and_time);
	RUN(many_rows_all_found);
	RUN(merge_sums_rows);
	RUN(table_longest_first_with_total);
	DONE();
}
