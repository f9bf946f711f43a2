/* lede.h: the public C API, for embedding lede's publishing pipeline in
 * another program. The engine is opaque; everything it allocates it frees
 * in lede_engine_free. An engine is used by one thread at a time (it
 * starts its own worker threads while building). */
#ifndef LEDE_H
#define LEDE_H

#include <stdbool.h>
#include <stddef.h>

#define LEDE_VERSION_STRING "0.1.0"
#ifndef LEDE_DATADIR
#define LEDE_DATADIR "/usr/local/share/lede"
#endif

typedef struct lede_engine lede_engine;
typedef struct lede_error lede_error; /* see core/error.h: file, line, column, msg */

typedef struct lede_options {
	const char *root;    /* the site folder; NULL: "." */
	const char *config;  /* relative to root; NULL: "lede.yaml" */
	const char *output;  /* NULL: the config's output (default "public") under root */
	const char *const *outlets; /* build only these; NULL/0: all */
	size_t noutlets;
	int jobs;            /* parser threads; 0: one per core */
	bool strict;         /* stop at the first error */
	bool warnings_as_errors; /* any warning makes the exit status 1 */
	bool no_prune;       /* keep files the last build wrote and this one did not */
	bool quiet;          /* no summary line, no info messages */
	bool check_only;     /* validate everything, write nothing */
	bool drafts;         /* publish drafts too */
	const char *default_config; /* YAML used when the config file does not exist */
} lede_options;

/* Reads the configuration and prepares a Lua state. NULL with err filled
 * (file:line:col) when the configuration is unusable. Free with
 * lede_engine_free. */
lede_engine *lede_engine_new(const lede_options *o, lede_error *err);
/* Builds the site. Errors are reported on stderr as they happen; returns 0
 * when everything was published, 1 when some articles or plugins failed
 * (the rest was written). */
int lede_engine_run(lede_engine *e);
/* How many errors the engine has reported so far. */
int lede_engine_errors(const lede_engine *e);
void lede_engine_free(lede_engine *e);

#endif
