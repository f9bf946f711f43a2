/* lede.h: the public C API, for embedding lede's publishing pipeline in
 * another program. This header is complete: it needs nothing of lede's
 * source tree. Link with `pkg-config --cflags --libs lede` (installed by
 * `./build.sh install`).
 *
 * The engine is opaque; everything it allocates it frees in
 * lede_engine_free. An engine is used by one thread at a time (it starts
 * its own worker threads while building). Create the first engine before
 * starting threads of your own that use lede: lede_engine_new registers
 * cmark-gfm's extensions (tables, strikethrough...) the first time. */
#ifndef LEDE_H
#define LEDE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#define LEDE_VERSION_STRING "0.1.0"
#ifndef LEDE_DATADIR
#define LEDE_DATADIR "/usr/local/share/lede"
#endif

typedef struct lede_engine lede_engine;

/* What went wrong, where, and what to do. Fill-in by the callee; the
 * caller owns it (usually on the stack: `lede_error err;`). */
typedef struct lede_error {
	char file[512];    /* "" when not about a file */
	int line, column;  /* 1-based; 0 when unknown */
	char msg[1024];    /* what went wrong, and what to do */
	char snippet[512]; /* the offending source line, "" when none */
} lede_error;

/* Receives every message the engine prints (errors, warnings, plugins'
 * lede.log, the build's summary line), each a whole number of lines
 * ending in '\n', not NUL-terminated: text[0..len), with no control
 * character but tab and newline (others, as what messages quote may
 * hold them, are replaced by U+FFFD). text is valid only
 * during the call. It is called on the thread that called
 * lede_engine_run, never from lede's worker threads (their messages are
 * handed to the calling thread and passed on in article order), so it
 * needs no locking. */
typedef void lede_message_fn(void *ud, const char *text, size_t len);

typedef struct lede_options {
	const char *root;           /* the site folder; NULL: "." */
	const char *config;         /* relative to root; NULL: "lede.yaml" */
	const char *output;         /* NULL: the config's output (default "public") under root */
	const char *const *outlets; /* build only these; NULL/0: all */
	size_t noutlets;
	int jobs;                   /* parser threads; 0: one per core */
	bool strict;                /* stop at the first error */
	bool warnings_as_errors;    /* any warning makes the exit status 1 */
	bool no_prune;              /* keep files the last build wrote and this one did not */
	bool quiet;                 /* no summary line, no info messages */
	bool check_only;            /* validate everything, write nothing */
	bool drafts;                /* publish drafts too */
	bool full;                  /* build every article again, ignoring the build state */
	const char *default_config; /* YAML used when the config file does not exist */
	/* lede's bundled plugins folder (formats/, templates/, static/...);
	 * NULL: $LEDE_PLUGINS, else found from the running program's path
	 * (PREFIX/bin -> PREFIX/share/lede/plugins), else LEDE_DATADIR
	 * "/plugins". The string is copied. */
	const char *plugins;
	/* NULL: messages go to stderr. Otherwise every message goes to
	 * message(message_ud, ...) and none to stderr. */
	lede_message_fn *message;
	void *message_ud;
	/* The link check (docs/cli.md): no_link_check turns the build's off
	 * (as check_links: false in lede.yaml does); external_links makes a
	 * check_only run also ask every external link over HTTP, waiting at
	 * most link_timeout seconds for each (0: 10). */
	bool no_link_check;
	bool external_links;
	double link_timeout;
	/* Beyond one machine (docs/scaling.md). shard_count > 0: build only
	 * the articles of shard shard_index (0 <= shard_index < shard_count,
	 * by a hash of their path below the content folder) and write their
	 * collection records to .lede-shard in the output folder instead of
	 * the collections. nmerge > 0: build nothing but read the shards in
	 * the folders merge[0..nmerge) (every one of 0..N-1 once), copy their
	 * files and write the collections, as one build would have. */
	int shard_index, shard_count;
	const char *const *merge;
	size_t nmerge;
	/* How many MiB the collection records (what index pages and feeds
	 * show of each article) may take in memory: a site whose records
	 * would take more keeps them on disk in the output folder until a
	 * page shows them, at some cost in time. 0: 64; negative: none in
	 * memory. */
	int records_memory;
	/* A content folder with no article where the last build into the
	 * output folder published some is an error (exit status 2, nothing
	 * built: a checkout without its articles); allow_empty builds it,
	 * removing what they published (--allow-empty). */
	bool allow_empty;
	/* Set (to non-zero, from any thread) to stop the build early, as lede
	 * serve does when a plugin is saved during a build stuck in it: the
	 * plugin call running stops (within a second) with an error, as at
	 * its hook_seconds limit, and every later one at once. NULL: never. */
	const atomic_int *cancel;
} lede_options;

/* Reads the configuration and prepares a Lua state. NULL with err filled
 * (file:line:col) when the configuration is unusable; err may be NULL.
 * When lede.yaml holds several mistakes, every one but the last is passed
 * to o->message (stderr without one) first, in the file's order, and the
 * last is left in err.
 * o is read during the call only (strings are copied). Free with
 * lede_engine_free. */
lede_engine *lede_engine_new(const lede_options *o, lede_error *err);
/* Builds the site. Errors are reported through the message callback (or
 * stderr) as they happen; returns 0 when everything was published, 1 when
 * some articles or plugins failed (the rest was written), 2 when a plugin
 * could not load or set up (nothing was published). An engine builds
 * once: a second call reports an error and returns 2, doing nothing (make
 * a new engine for each build, as `lede serve` does); NULL returns 2. */
int lede_engine_run(lede_engine *e);
/* How many errors the engine has reported so far (0 for NULL). */
int lede_engine_errors(const lede_engine *e);
/* Frees e and everything it allocated; NULL is allowed. */
void lede_engine_free(lede_engine *e);

#endif
