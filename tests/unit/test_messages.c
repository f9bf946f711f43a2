/* Unit tests for the messages' one path (core/engine.c): an error shown
 * once and counted by the articles it hit, on the main engine and through
 * a worker's sink. */
#include "engine.h"
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void collect(void *ud, const char *text, size_t len) { lede_buf_put(ud, text, len); }

/* An engine on a site with no lede.yaml (a default one), its messages
 * into *out. */
static lede_engine *engine(lede_buf *out, char *dir)
{
	CHECK(mkdtemp(dir) != NULL);
	lede_options o = {.root = dir,
	                  .default_config = "site: {title: T}\noutlets: {web: {format: html}}\n",
	                  .message = collect,
	                  .message_ud = out,
	                  .jobs = 1};
	lede_error err;
	lede_error_clear(&err);
	lede_engine *e = lede_engine_new(&o, &err);
	if (!e) {
		fprintf(stderr, "  %s: %s\n", err.file, err.msg);
		abort();
	}
	return e;
}

static void done(lede_engine *e, lede_buf *out, char *dir)
{
	lede_engine_free(e);
	lede_buf_free(out);
	rmdir(dir);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void counted_by_article(void)
{
	lede_buf out = LEDE_BUF_INIT;
	char dir[] = "/tmp/lede-msgs-XXXXXX";
	lede_engine *e = engine(&out, dir);
	/* one article failing in three outlets, another in one */
	lede_diag_for(e, LEDE_DIAG_ERROR, "p.lua:1: boom", "a.md", "p.lua:1: boom for a\n", 20);
	lede_diag_for(e, LEDE_DIAG_ERROR, "p.lua:1: boom", "a.md", "p.lua:1: boom for a\n", 20);
	lede_diag_for(e, LEDE_DIAG_ERROR, "p.lua:1: boom", "a.md", "p.lua:1: boom for a\n", 20);
	lede_diag_for(e, LEDE_DIAG_ERROR, "p.lua:1: boom", "b.md", "p.lua:1: boom for b\n", 20);
	/* one article, twice: no line about repeats */
	lede_diag_for(e, LEDE_DIAG_ERROR, "q.lua:2: once", "c.md", "q.lua:2: once for c\n", 20);
	lede_diag_for(e, LEDE_DIAG_ERROR, "q.lua:2: once", "c.md", "q.lua:2: once for c\n", 20);
	/* no article named: each occurrence counts */
	lede_diag(e, LEDE_DIAG_ERROR, "r.lua:3: site", "r.lua:3: site\n", 14);
	lede_diag(e, LEDE_DIAG_ERROR, "r.lua:3: site", "r.lua:3: site\n", 14);
	lede_emit_repeats(e);
	const char *s = lede_buf_cstr(&out);
	CHECK_INT(count(s, "boom for a"), 1);
	CHECK_INT(count(s, "boom for b"), 0);
	CHECK(strstr(s, "the same error hit 2 articles (shown once above): p.lua:1: boom\n") !=
	      NULL);
	CHECK(strstr(s, "q.lua:2: once\n") == NULL);
	CHECK(strstr(s, "the same error hit 2 articles (shown once above): r.lua:3: site\n") !=
	      NULL);
	CHECK_INT(lede_engine_errors(e), 8); /* the summary counts every error */
	done(e, &out, dir);
}

/* A key or an article holding the separator of the two (a control
 * character from a plugin's message) is not taken for another pair. */
static void separator_in_text(void)
{
	lede_buf out = LEDE_BUF_INIT;
	char dir[] = "/tmp/lede-msgs-XXXXXX";
	lede_engine *e = engine(&out, dir);
	lede_diag_for(e, LEDE_DIAG_ERROR, "k\4x", "y", "first\n", 6);
	lede_diag_for(e, LEDE_DIAG_ERROR, "k", "x\4y", "second\n", 7);
	const char *s = lede_buf_cstr(&out);
	CHECK(strstr(s, "first\n") != NULL);
	CHECK(strstr(s, "second\n") != NULL);
	done(e, &out, dir);
}

/* Through workers' sinks, flushed by the main engine in path order: the
 * same counts as on one engine. */
static void through_sinks(void)
{
	lede_buf out = LEDE_BUF_INIT;
	char dir[] = "/tmp/lede-msgs-XXXXXX";
	lede_engine *e = engine(&out, dir);
	lede_buf sink[3] = {LEDE_BUF_INIT, LEDE_BUF_INIT, LEDE_BUF_INIT};
	const char *art[3] = {"a.md", "a.md", "b.md"};
	for (int i = 0; i < 3; i++) {
		e->sink = &sink[i];
		lede_diag_for(e, LEDE_DIAG_ERROR, "p.lua:1: boom", art[i], "boom\n", 5);
		e->sink = NULL;
	}
	for (int i = 0; i < 3; i++) {
		lede_flush(e, &sink[i]);
		lede_buf_free(&sink[i]);
	}
	lede_emit_repeats(e);
	const char *s = lede_buf_cstr(&out);
	CHECK_INT(count(s, "boom\n"), 2); /* the message, and the repeats line */
	CHECK(strstr(s, "the same error hit 2 articles (shown once above): p.lua:1: boom\n") !=
	      NULL);
	done(e, &out, dir);
}

/* Many distinct errors (a plugin's message naming each article): each
 * shown, none counted as another's. */
static void many_distinct(void)
{
	lede_buf out = LEDE_BUF_INIT;
	char dir[] = "/tmp/lede-msgs-XXXXXX";
	lede_engine *e = engine(&out, dir);
	char key[64], art[32];
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 5000; i++) {
			snprintf(key, sizeof key, "p.lua:1: no good: story-%d", i);
			snprintf(art, sizeof art, "s%d-%d.md", i, round);
			lede_diag_for(e, LEDE_DIAG_ERROR, key, art, "shown\n", 6);
		}
	lede_emit_repeats(e);
	const char *s = lede_buf_cstr(&out);
	CHECK_INT(count(s, "shown\n"), 5000);
	CHECK_INT(count(s, "the same error hit 2 articles"), 5000);
	CHECK(strstr(s, "hit 2 articles (shown once above): p.lua:1: no good: story-4999\n") !=
	      NULL);
	done(e, &out, dir);
}

int main(void)
{
	RUN(counted_by_article);
	RUN(separator_in_text);
	RUN(through_sinks);
	RUN(many_distinct);
	DONE();
}
