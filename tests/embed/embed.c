/* tests/embed/embed.c: a program that embeds lede, built only against the
 * installed header and library (`pkg-config --cflags --libs lede`), as
 * tests/cli/embed.sh does. It builds a site and collects every message
 * through the callback instead of stderr.
 *
 *   embed SITE OUTPUT PLUGINS  -> prints the collected messages on stdout,
 *   then "status N, errors E, messages M"; exit status that of the build.
 *   embed --misuse SITE OUTPUT PLUGINS -> the API misused: no options, a
 *   second run of one engine, NULL engines; prints what each gives. */
#include <lede.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	char *text;
	size_t len;
	int calls;
} collected;

static void on_message(void *ud, const char *text, size_t len)
{
	collected *c = ud;
	char *grown = realloc(c->text, c->len + len + 1);
	if (!grown)
		abort();
	c->text = grown;
	memcpy(c->text + c->len, text, len);
	c->len += len;
	c->text[c->len] = '\0';
	c->calls++;
}

/* The API misused: each misuse reported, nothing crashes, and a second
 * run of an engine leaves the output folder as the first left it. */
static int misuse(char **argv)
{
	lede_error err;
	lede_engine *none = lede_engine_new(NULL, &err);
	printf("no options: %s (%s)\n", none ? "an engine" : "NULL", err.msg);
	collected c = {0};
	lede_options o = {.root = argv[0],
	                  .output = argv[1],
	                  .plugins = argv[2],
	                  .jobs = 2,
	                  .quiet = 1,
	                  .message = on_message,
	                  .message_ud = &c};
	lede_engine *e = lede_engine_new(&o, &err);
	if (!e)
		return 2;
	int first = lede_engine_run(e);
	int second = lede_engine_run(e);
	printf("first run %d, second run %d, errors %d\n", first, second, lede_engine_errors(e));
	fwrite(c.text ? c.text : "", 1, c.len, stdout);
	free(c.text);
	lede_engine_free(e);
	printf("NULL engine: run %d, errors %d\n", lede_engine_run(NULL), lede_engine_errors(NULL));
	lede_engine_free(NULL);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "--misuse"))
		return misuse(argv + 2);
	if (argc != 4) {
		fprintf(stderr, "usage: embed SITE OUTPUT PLUGINS\n");
		return 2;
	}
	collected c = {0};
	lede_options o = {
	    .root = argv[1],
	    .output = argv[2],
	    .plugins = argv[3],
	    .jobs = 2,
	    .message = on_message,
	    .message_ud = &c,
	};
	lede_error err; /* complete in the public header */
	lede_engine *e = lede_engine_new(&o, &err);
	if (!e) {
		/* every mistake of lede.yaml but the last came through the
		 * callback; the last is in err */
		fwrite(c.text ? c.text : "", 1, c.len, stdout);
		free(c.text);
		fprintf(stderr, "%s:%d:%d: error: %s\n", err.file, err.line, err.column, err.msg);
		return 2;
	}
	int status = lede_engine_run(e);
	int errors = lede_engine_errors(e);
	lede_engine_free(e);
	fwrite(c.text ? c.text : "", 1, c.len, stdout);
	printf("status %d, errors %d, messages %d\n", status, errors, c.calls);
	free(c.text);
	return status;
}
