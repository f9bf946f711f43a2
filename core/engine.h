/* engine.h: the engine's internals shared by the pipeline and the Lua
 * bridge. One lede_engine owns the configuration, the Lua state, the loaded
 * plugins, the template cache and the counters; nothing is global. */
#ifndef LEDE_ENGINE_H
#define LEDE_ENGINE_H

#include "article.h"
#include "date.h"
#include "extract.h"
#include "lua_load.h"
#include "lua_pool.h"
#include "profile.h"
#include "site.h"
#include "state.h"
#include "strindex.h"
#include "template.h"

#include "lede.h"

#include <lua.h>
#include <signal.h>
#include <stdbool.h>

enum lede_hook {
	LEDE_HOOK_SETUP,
	LEDE_HOOK_ARTICLE,
	LEDE_HOOK_FILTER,
	LEDE_HOOK_TRANSFORM,
	LEDE_HOOK_NODES,
	LEDE_HOOK_RENDER,
	LEDE_HOOK_FRAGMENT,
	LEDE_HOOK_INDEX,
	LEDE_HOOK_FINISH,
	LEDE_HOOK__COUNT
};
extern const char *const lede_hook_names[LEDE_HOOK__COUNT];

typedef struct lede_plugin {
	char *name;  /* as configured */
	char *chunk; /* the file as messages name it: "plugins/x.lua" */
	int ref;     /* registry reference to the hooks table */
	bool has[LEDE_HOOK__COUNT];
	bool failed;               /* setup failed: its hooks are not run */
	bool serial;               /* `parallel = false`: every hook on the main state, in order */
	bool lists_withheld;       /* a format's `withheld = true`: it lists a withheld story
	                            * marked so, without the story (ninjs) */
	char media_type[64];       /* a format's `media_type = "text/plain"`: what its files
	                            * hold; "": HTML, or not said */
	bool pages_parallel;       /* a format's `parallel = true`: its index pages may be
	                            * made on two states at once (collect.c) */
	const lede_value *options; /* handed to setup; NULL: none */
	bool sandbox;              /* restricted _ENV and budgets */
	long long instructions;    /* sandbox: per call */
	size_t memory;             /* sandbox: growth per call, bytes */
	bool raw_html;             /* sandbox: may make raw HTML nodes (plugin entry raw_html) */
} lede_plugin;

typedef struct lede_outlet_rt {
	const lede_outlet *cfg;
	lede_plugin *format;
	lede_plugin **plugins; /* the global plugins, then the outlet's own */
	size_t nplugins;
	int filter_ref; /* registry reference to filter.lua's predicate, or 0 */
	int table_ref;  /* registry reference to the outlet's Lua table, or 0 */
	bool selected;
} lede_outlet_rt;

typedef struct lede_template_entry {
	char *name;
	lede_template *t; /* NULL: no such file, or it does not parse (err) */
	lede_error *err;  /* why it does not parse: told again, not parsed again */
	char *near;       /* no such file: the nearest template's name, or NULL */
	bool near_known;  /* ...looked for */
} lede_template_entry;

typedef struct lede_collection lede_collection; /* collect.h */

/* What an article's build did beyond its inputs (see reuse.h): read the
 * clock or the build time, wrote where the build state cannot keep it
 * for the article, or compared an embargo with the build time. */
typedef struct lede_trace {
	int clock;   /* site.now, lede.date.now(), os.time(), os.date(), os.clock() */
	int outside; /* lede.write */
	/* image renditions made: the source (from the site root) and the copy
	 * of it in the output named by its content, pairs in images; every
	 * file made, in claims */
	char **images;
	size_t nimages;
	char **claims;
	size_t nclaims;
	/* messages a reuse could not print as a build would make them: the
	 * build time, or other articles' names, in their text */
	int unrepeatable;
	/* a plugin's info message: printed, or hidden (-q hides them) */
	int info_shown, info_hidden;
	lede_date *times; /* embargoes compared with the build time... */
	bool *later;      /* ...and whether each was later */
	size_t ntimes;
} lede_trace;
/* Notes on e's trace (if any) that the clock was read. */
void lede_trace_clock(lede_engine *e);
/* Adds a copy of s to a trace's list. */
void lede_trace_add(char ***v, size_t *n, const char *s);
/* Frees what a trace holds. */
void lede_trace_clear(lede_trace *t);

typedef struct lede_engine {
	/* settings */
	char *root; /* the site folder */
	char *config_file;
	char *outdir;  /* where output goes (absolute or relative to cwd) */
	char *bundled; /* lede's own plugins/ folder */
	bool strict, quiet, check_only, drafts;
	bool werror; /* --warnings-as-errors or strict: true in lede.yaml */
	int jobs;
	lede_date now;
	char **only; /* --outlet names; none: every outlet */
	size_t nonly;
	/* state */
	lede_config *cfg;
	lua_State *L;
	lede_extractor *extractor;
	lede_extract_ctx *extract_ctx; /* a worker's own (extraction is per thread) */
	lede_plugin **plugins;         /* every loaded plugin instance */
	size_t nplugins;
	lede_plugin **global; /* the config's top-level plugins */
	size_t nglobal;
	lede_outlet_rt *outlets;
	size_t noutlets;
	lede_template_entry *templates;
	size_t ntemplates;
	uint32_t template_names; /* lede_template_check: its templates' names in the state */
	lede_article **arts;     /* after lede_engine_load: by path, NULL for failed */
	char **art_paths;        /* after lede_engine_load: every article's path */
	bool *art_failed;        /* ... and whether it failed (parse or article hook) */
	size_t narts;
	bool static_copied;
	bool prepared; /* lede_engine_prepare ran (and succeeded) */
	/* lede_engine_prepare: why nothing can be published, said by
	 * lede_engine_unprepared. An outlet cannot be built (its format is
	 * none, or has hooks that never run in a format, or its link_to names
	 * an outlet of no pages); lede.yaml lists a plugin that does not exist
	 * or never runs where it is listed, or a filter that does not compile;
	 * a plugin failed to load (cannot be read, does not compile, raised,
	 * returned no table of hooks). A plugin whose setup failed is marked
	 * failed itself. */
	bool outlets_unbuildable, config_unusable, plugin_unloadable;
	bool published; /* a script published something: finish hooks run */
	int nerrors, nwarnings, nwritten, nchanged;
	struct lede_state *state; /* the build state (state.c); a worker's is its parent's */
	lede_commit commit;       /* what the build's end did to the output folder */
	bool committed;
	bool no_prune;            /* --no-prune */
	bool allow_empty;         /* --allow-empty */
	bool full;                /* --full: no article is reused from the build state */
	long long records_memory; /* bytes of records kept in memory (lede_options) */
	bool records_on_disk;     /* past records_memory: this build's records are thin,
	                           * their text on disk (state.h); a worker's is its
	                           * parent's */
	int shard_i, shard_n;     /* --shard I/N (shard_n 0: none); see shard.h */
	struct lede_shard_fails *shard_fails; /* --shard: what failed (main engine) */
	char **merge;                         /* --merge DIR...: the shards' folders */
	size_t nmerge;
	/* incremental builds: while an article is built (pipeline.c), what it
	 * did that its key does not cover; NULL when not traced */
	struct lede_trace *trace;
	size_t nreused;    /* articles reused from the build state */
	bool setup_clock;  /* a plugin's code at load or its setup read the clock or the
	                    * environment: what its hooks make may change with no input
	                    * changing, so the build reuses nothing */
	bool stop;         /* --strict and an error happened */
	bool ran;          /* lede_engine_run was called: an engine builds once */
	bool config_error; /* exit 2: the configuration or a plugin could not load */
	bool capture;      /* `lede test`: hook errors go to last_error, not stderr */
	/* memory and sandbox budgets (sandbox.c) */
	size_t mem_used;
	lede_lua_pool lua_pool; /* its Lua state's small blocks (lede_lua_alloc) */
	const void *article_mt; /* its Lua state's article metatable (lua_article.c) */
	const void *date_mt;    /* and its lede.date metatable (lua_value.c), */
	int date_mt_ref;        /* held in the registry at this index (0: not yet) */
	bool sbx_active, sbx_exceeded, sbx_mem_exceeded;
	long long sbx_count, sbx_limit;
	size_t sbx_mem_base, sbx_mem_limit;
	size_t sbx_c_bytes; /* C memory (arena nodes, strings) made during the call */
	size_t scratch_kb;  /* lede.markdown's own arenas made since the last full collection */
	const lede_plugin *sbx_plugin; /* the sandboxed plugin running, or NULL */
	char sbx_where[256];           /* "chunk:line: " where the budget ran out, or "" */
	bool sandbox_locked;
	/* wall-clock limit of one hook call (sandbox.c): the monotonic time it
	 * ends at, 0 when no hook runs; one field, for every check */
	double deadline;
	bool deadline_hit;
	bool canceled;                /* ...hit as the build was canceled (cancel) */
	const atomic_int *cancel;     /* lede_options.cancel: the main engine's, its workers' */
	volatile sig_atomic_t ticked; /* the watchdog stopped the running thread */
	lua_State *running;           /* the coroutine running (coroutine.resume), or NULL: L */
	double hook_seconds;          /* limits.hook_seconds; 0: no limit */
	lede_buf last_error;
	/* --profile: where this engine's time went (a worker's is summed into
	 * its parent's when it ends); NULL: not profiled, one branch per step */
	lede_profile *prof;
	/* workers (pipeline.c): a worker is an engine of its own (its Lua
	 * state, plugins, templates) borrowing its parent's configuration and
	 * extractor. Its messages go to sink (the article's, printed by the
	 * main thread in path order) when set. */
	struct lede_engine *parent;
	lede_buf *sink;
	/* lede serve: the images lede.image.renditions was asked for (paths
	 * from the site root, made or not: one that fails is watched too),
	 * the main engine's, which workers add to through their parent; NULL:
	 * not noted (lede_engine_note_images) */
	struct lede_images_read *images_read;
	lede_arena *records;         /* the collection records this engine made */
	lede_value_pool record_strs; /* their shared strings (thin records), in records */
	struct lede_state_window *state_window; /* a worker's, on the last manifest */
	struct lede_editions
	    *editions;            /* the main engine's (pipeline.c); workers read their parent's */
	lede_arena **old_records; /* workers' record arenas, kept to the end */
	size_t nold_records;
	lede_message_fn *message; /* the embedder's, or NULL: stderr (lede.h) */
	void *message_ud;
	char **once; /* keys of lede_emit's once-messages already printed */
	size_t nonce;
	int *once_hits;           /* how many articles each of once[] was emitted for */
	lede_strindex once_index; /* of once[] */
	char **once_pairs;        /* "KEY\4ARTICLE" of the once keys emitted for an article */
	size_t nonce_pairs;
	lede_strindex once_pairs_index;
	int in_template; /* > 0 while a template renders: lookups may miss */
	/* what is running, for messages and node constructors */
	const lede_plugin *cur_plugin;
	const char *cur_hook;
	lede_article *cur_article;
	int cur_line;              /* > 0: the article line a node filter is working on */
	const char *cur_node_type; /* the node type a filter is working on */
	/* the link check (linkcheck.c): the main engine's, which workers use
	 * through their parent; NULL when off */
	struct lede_linkcheck *links;
	bool no_link_check;          /* --no-link-check */
	bool external_links;         /* lede check --links */
	double link_timeout;         /* --link-timeout seconds; 0: the default */
	const lede_article *writing; /* the article whose page is being written */
	const char *cur_template;    /* the first template rendered for the page being made */
	/* the links the outlet copy being published gave other articles'
	 * pages (build.c link_articles): pairs, as written then as the page
	 * holds them (in the copy's arena), for the link check to place */
	const char **rewrites;
	size_t nrewrites, caprewrites;
	/* the outlet whose collections are being written: what lede.write
	 * writes then is that outlet's (kept with its pages when it is not
	 * built or its collections fail), or NULL: the site's */
	const char *cur_outlet;
	/* ...and the thread writing their pages (collect.c), which a write of
	 * the main thread's (lede.write) waits for: the same file written
	 * twice gets the later write, as when pages were written at once */
	struct writer *page_writer;
} lede_engine;

/* e's record arena, made on first use (its string pool with it). */
lede_arena *lede_records_arena(lede_engine *e);

/* Returns once every page handed to w is written (collect.c). */
void lede_page_writer_wait(struct writer *w);

/* engine.c: messages. Every error and warning goes through lede_diag
 * (lede_report and lede_reportf format a lede_error and call it); plain
 * output (summary lines, info) goes through lede_emit. The rule:
 * - an error counts every time it happens, on the engine where it happens
 *   (a worker's counts are summed into the build's), and stops the build
 *   under --strict;
 * - a warning counts where it is printed: at once, or, with a once key,
 *   on the main thread at its first occurrence in path order, so that it
 *   counts once per build whatever -j;
 * - once (NULL: none) prints the message only the first time in the build
 *   in path order: the same hook error in many articles is shown once and
 *   counted (lede_emit_repeats says how many articles it hit at the end).
 * text NULL: already shown elsewhere (`lede test` captures hook errors in
 * e->last_error), counted only. e may be NULL: printed, not counted. */
enum lede_diag_level { LEDE_DIAG_INFO, LEDE_DIAG_WARNING, LEDE_DIAG_ERROR };
void lede_diag(lede_engine *e, enum lede_diag_level level, const char *once, const char *text,
               size_t n);
/* lede_diag for an article (NULL: none): a once message's repeats are
 * counted one an article, not one an occurrence (an article failing in
 * two outlets is one article the error hit). */
void lede_diag_for(lede_engine *e, enum lede_diag_level level, const char *once,
                   const char *article, const char *text, size_t n);
/* Prints a message (the embedder's callback, stderr, or the worker's
 * sink), counting nothing but once-warnings where they are printed.
 * once: NULL, or a key ("E:", "W:" or "I:" then lede_diag's key) under
 * which it is printed only the first time in the build (in path order). */
void lede_emit(lede_engine *e, const char *once, const char *s, size_t n);
/* Prints what a sink holds (a worker's messages for an article, a page's)
 * on m, the main engine: "once" messages (\1KEY\2TEXT\3) only at their
 * first occurrence. */
void lede_flush(lede_engine *m, const lede_buf *b);
/* lede_emit(e, NULL, ...) of a formatted message. */
void lede_emitf(lede_engine *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* At the end of a build: for each error shown once that hit several
 * articles ("E:" once-keys), a line saying how many. */
void lede_emit_repeats(lede_engine *e);

/* Reports an error or warning (file:line:col: severity: msg, and the
 * snippet) through lede_diag; e may be NULL. */
void lede_report(lede_engine *e, const lede_error *err, bool warning);
void lede_reportf(lede_engine *e, bool warning, const char *file, int line, int col,
                  const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* lua_engine.c */
lua_State *lede_lua_new(lede_engine *e);
lede_engine *lede_lua_engine(lua_State *L);
/* Raises err, formatted as "file:line:col: error: ...", as a Lua error. */
int lede_error_raise(lua_State *L, const lede_error *err);
/* Calls the function under its nargs arguments with a traceback handler
 * (lede_lua_traceback, lua_load.h). On error reports "chunk:line: in hook
 * 'H' for ARTICLE: msg" and the traceback, pops everything and returns -1. */
int lede_lua_call(lede_engine *e, int nargs, int nres, const lede_plugin *p, const char *hook,
                  const lede_article *a);
/* Loads a plugin by name (format: from plugins/formats/); returns NULL and
 * reports when it cannot. */
lede_plugin *lede_plugin_load(lede_engine *e, const char *name, bool format, int line, int col);
/* The same for a sandboxed instance (restricted _ENV, budgets). */
lede_plugin *lede_plugin_load_sandboxed(lede_engine *e, const lede_plugin_spec *s);
/* Pushes the hook function of p (or nil). */
void lede_plugin_push_hook(lede_engine *e, const lede_plugin *p, enum lede_hook h);
/* A parsed template by name (site templates/ first, then bundled), cached. */
const lede_template *lede_template_get(lede_engine *e, const char *name, size_t len,
                                       lede_error *err);

/* Edit distance of a and b, a swap of two neighbours one edit ("titel" is
 * one from "title"); more than 2 when it is more (or a name is over 30
 * bytes): for "did you mean" hints. */
size_t lede_edit_distance(const char *a, const char *b);
/* The name in names nearest to word (edit distance <= 2), or NULL. */
const char *lede_nearest(const char *word, const char *const *names, size_t n);
/* The template name nearest to name[0..len) (edit distance <= 2) among
 * the site's templates and lede's, or NULL; for "did you mean". */
const char *lede_template_nearest(lede_engine *e, const char *name, size_t len);
/* The env every template render uses (partials from the same lookup; a
 * template file's tags that render as nothing by mistake warned once per
 * tag for the build). */
void lede_template_env_init(lede_engine *e, lede_template_env *env);

/* sandbox.c */
/* The allocator of every lede lua_State (ud: the engine): counts memory
 * and enforces a running sandbox's memory budget. */
void *lede_lua_alloc(void *ud, void *ptr, size_t osize, size_t nsize);
/* Pushes a fresh restricted environment for a sandboxed plugin. */
void lede_sandbox_env(lua_State *L);
/* Protects shared metatables from sandboxed code (call once). */
void lede_sandbox_lock(lua_State *L);
/* Around every call into a sandboxed plugin; end returns NULL or what was
 * exceeded. */
void lede_sandbox_begin(lede_engine *e, const lede_plugin *p);
/* Returns true when a budget was exceeded, with the message in why. */
bool lede_sandbox_end(lede_engine *e, char *why, size_t n);
/* Raises "memory budget ... exceeded (sandbox)" when a sandbox is running
 * and its Lua memory, the C memory made for it, and `more` bytes would not
 * fit its budget. For C functions that allocate outside Lua. */
void lede_sandbox_check_mem(lua_State *L, size_t more);
/* Whether a sandboxed plugin is running on L (cheap: no registry lookup),
 * for a C function to work out what to charge only then. */
bool lede_sandbox_active(lua_State *L);
/* For C code that runs long on L's behalf (a template render): raises
 * what a Lua instruction would, when a sandbox with `held` more bytes
 * would not fit its memory budget, or the hook call's time is up. Holds
 * nothing of its own: call it where a raise unwinds to a protected call
 * that frees what the caller made. No engine: does nothing. */
void lede_guard_poll(lua_State *L, size_t held);
/* Pushes b as a string and frees it; inside a sandbox, raises (freeing b)
 * when it would not fit the memory budget. */
void lede_sandbox_push_buf(lua_State *L, lede_buf *b);
/* Whether the running code may make raw HTML: trusted code always; a
 * sandboxed plugin when the site allows raw HTML or its entry grants it. */
bool lede_sandbox_raw_allowed(lua_State *L);
/* Whether the value at idx is data (see docs/plugins.md); false with why
 * ("NAME.key.path is a function; ...") when not. Never raises. */
bool lede_sandbox_check_data(lede_engine *e, int idx, const char *name, char *why, size_t n);
/* Starts (seconds > 0) or clears the wall-clock limit of a hook call. */
void lede_deadline_set(lede_engine *e, double seconds);
/* Whether the current hook call's deadline has passed (the pattern
 * matcher and the guard hook ask this). */
bool lede_deadline_passed(lede_engine *e);
/* Sets the state's count hook for what is running: a sandbox, a deadline,
 * an exceeded limit (raise at once), or nothing. */
void lede_guard_arm(lede_engine *e);

/* lua_article.c */
void lede_article_open(lua_State *L);
/* Pushes the userdata for a (creating it once). */
void lede_article_push(lua_State *L, lede_article *a);
/* Marks a's userdata in L closed (every later use raises) and forgets
 * it, without freeing a: the article moves on to another state. */
void lede_article_detach(lua_State *L, lede_article *a);
/* Marks a's userdata closed (every later use raises) and frees a. */
void lede_article_release(lua_State *L, lede_article *a);
lede_article *lede_article_check(lua_State *L, int i);
/* The article at i, or NULL when i is not an article or it was released. */
lede_article *lede_article_test(lua_State *L, int i);
/* Writes the tables a hook was handed (a.tags, a.authors, a.meta, a.links,
 * a.quotes) back into a's arena and drops them, so the C article is the
 * whole truth again. -1 with a message in msg when one holds what is not
 * data (a function, say) or is of the wrong shape; the fields that did
 * convert are kept. Nothing to do (0) when a has no userdata in L. */
int lede_article_sync(lua_State *L, lede_article *a, lede_buf *msg);
/* Replaces the table at idx (if it is one) with a deep copy. */
void lede_table_copy(lua_State *L, int idx);

/* lua_node.c */
void lede_node_open(lua_State *L);
/* Pushes a handle for n, owned by the userdata at owner_idx (an article or a
 * fragment). */
void lede_node_push(lua_State *L, lede_node *n, int owner_idx);
/* Nodes made outside an article go to a scratch arena, owned by a Lua
 * value that every such node keeps alive. This starts a new one for the
 * nodes made from now on: the old one is freed by the collector once no
 * node of it is left (every hook call ends with it, and each
 * lede.markdown() outside an article has its own). */
void lede_node_fresh_scratch(lua_State *L);
lede_node *lede_node_check(lua_State *L, int i);
/* Runs the `nodes` filters of plugin p over a's body. 0 or -1 (reported). */
int lede_node_filters(lede_engine *e, const lede_plugin *p, lede_article *a, int article_idx,
                      int outlet_idx);

/* lua_lib.c */
void lede_lib_open(lua_State *L);
/* lua_re.c: sets lede.re (PCRE2) on the table on top of the stack. */
void lede_re_open(lua_State *L);
/* Fills the table on top of the stack with the lede.node constructors. */
void lede_node_constructors(lua_State *L);
/* What lede calls Pandoc's element `name` (Str, Para, Note...), as a
 * phrase ("is lede's Text ..."), or NULL for a name that is not one. */
const char *lede_pandoc_node_hint(const char *name);
void lede_json_encode(lua_State *L, int idx, lede_buf *out, int depth);
/* A buffer owned by a userdata pushed on the stack (freed by the collector,
 * so a raising function cannot leak it). */
lede_buf *lede_buf_box(lua_State *L);

/* scaffold.c: `lede new plugin NAME` / `lede new article TITLE`. */
int lede_new_main(const char *root, const char *what, const char *name);

/* script.c: `lede run`; returns the exit status. */
int lede_script_main(const lede_options *o, const char *script, int argc, char **argv);

/* testing.c: `lede test`; returns the exit status. */
int lede_test_main(const char *root, const char *const *files, size_t nfiles);

/* build.c */
int lede_engine_build(lede_engine *e);
/* pipeline.c, for the merge (shard.c) too: the end of a build in the
 * output folder (commit, prune, manifest; with --strict and an error,
 * nothing), and its summary line (ok of total articles ready). */
void lede_build_commit(lede_engine *e);
void lede_build_summary(lede_engine *e, size_t ok, size_t total);
/* The build's first half: parse every article (on worker threads), load
 * the plugins, run the article hooks; e->arts holds the survivors (NULL
 * where an article failed or was dropped). -1 when the build must stop. */
int lede_engine_load(lede_engine *e);
/* The same for the articles at paths (of n, sorted; NULL: no content
 * folder), found already: the engine takes them. */
int lede_engine_load_paths(lede_engine *e, char **paths, size_t n);
/* Copies plugins/static then the site's static/ into the output, once. */
void lede_engine_copy_static(lede_engine *e);
/* Publishes one outlet: pages, then collections. */
void lede_engine_publish(lede_engine *e, lede_outlet_rt *o);
/* Runs every plugin's finish hook. */
void lede_engine_finish(lede_engine *e);
/* Releases the loaded articles. */
void lede_engine_release(lede_engine *e);
/* Loads every configured plugin and runs their setup hooks; -1 when one
 * failed (already reported). */
int lede_engine_prepare(lede_engine *e);
/* Says, after a lede_engine_prepare that failed, why nothing was
 * published: an outlet lede.yaml describes that cannot be built, a
 * mistake in lede.yaml, a plugin that failed to load or set up (each that
 * applies). */
void lede_engine_unprepared(lede_engine *e);
/* bridge.c: pushes the site table: lede.yaml's site settings, override's
 * keys on top (an outlet's site:), defaults filled, now and generator added. */
void lede_site_push(lede_engine *e, const lede_value *override);
/* Pushes the outlet's Lua table (name, format, path, config, site). */
void lede_outlet_push(lede_engine *e, const lede_outlet_rt *o);
/* One article through one outlet: filter, copy, transform, node filters,
 * render. Returns 1 with *copy (release it with lede_article_release) and
 * the rendered text appended to rendered (*has_output false when render
 * returned nil or the format has none), 0 when filtered out, -1 on an error
 * (reported). Hooks get the outlet table o->table_ref holds. */
int lede_outlet_article(lede_engine *e, lede_outlet_rt *o, lede_article *src, lede_article **copy,
                        lede_buf *rendered, bool *has_output);
/* Writes rel in the output folder (counted; nothing with lede check),
 * owned by outlet and article (NULL article: the outlet's collections; NULL
 * outlet: the site's own files), through the build's stage when there is
 * one. */
int lede_write_out(lede_engine *e, const char *rel, const char *data, size_t n, const char *outlet,
                   const char *article);
/* The same, neither counted nor reported (0, or -1 with err set; *changed:
 * whether the output folder's file differed), reading nothing of e that
 * its build changes: maker and origin are the page's template and article
 * for the link check (NULL: none), prof where the write's time goes (NULL:
 * nowhere). For a thread writing pages the main one made (collect.c). */
int lede_write_page(lede_engine *e, const char *rel, const char *data, size_t n, const char *outlet,
                    const char *article, const char *maker, const lede_article *origin,
                    lede_profile *prof, bool *changed, lede_error *err);
/* The file a page's URL path is written to ("x/" -> "x/index.html"). */
void lede_url_file(const char *url, lede_buf *out);
/* Whether outlet o takes src (filter settings, filter hooks): 1, 0, -1;
 * c (may be NULL): o's collection, told of an article its lede.yaml
 * filter no longer takes. */
int lede_outlet_take(lede_engine *e, lede_outlet_rt *o, lede_collection *c, lede_article *src);
/* src through outlet o: its filters (unless chosen: a `limit` chose it
 * after they passed), then the copy, transform, node filters, render and
 * fragment; the page written and the record added to c. Errors are
 * reported; the copy is freed; what failed keeps its last good version
 * (lede_keep_last). 1 published, 0 not taken, -1 failed. */
int lede_outlet_publish(lede_engine *e, lede_outlet_rt *o, lede_collection *c, lede_article *src,
                        bool chosen);
/* src failed for outlet o (path: its source; its parse, a hook, a render):
 * what the last good build published of it stays, its files and its
 * record in c (which may be NULL), with a warning saying so unless quiet.
 * Returns when that version was published, or NULL when nothing was. */
const char *lede_keep_last(lede_engine *e, lede_outlet_rt *o, lede_collection *c, const char *path,
                           bool quiet);
/* lede_keep_last, quietly, for an article that failed in every outlet:
 * when the file's front matter holds it back from o now (a kill and a
 * typo in one edit), nothing is kept and *held says why, else NULL. */
const char *lede_keep_last_held(lede_engine *e, lede_outlet_rt *o, lede_collection *c,
                                const char *path, const char **held);
/* The same for an article reused unchanged whose record of the last build
 * a `limit` outlet chose: its record in c, quietly, as it is. */
void lede_keep_record(lede_engine *e, lede_outlet_rt *o, lede_collection *c, const char *path);
/* The article file at path (as listed: relative to the site) as this
 * process opens it, appended to full. */
void lede_article_file(const lede_engine *e, const char *path, lede_buf *full);
/* Runs the top-level plugins' article hooks on a: 1 kept, 0 dropped, -1. */
int lede_article_hooks(lede_engine *e, lede_article *a);
/* After an article parsed: its extraction warnings and the check of its
 * front matter outlets:. */
void lede_article_checks(lede_engine *e, const lede_article *a);
/* Why a is held back from the outlets that do not opt in (embargoed:
 * true, canceled: true) at the build time: "embargoed", "withheld",
 * "canceled" (killed), "error" (a mistake in those front matter keys);
 * NULL when it is publishable. Publish scripts' queries leave them out. */
const char *lede_article_held(const lede_engine *e, const lede_article *a);
/* The article files under the content folder, sorted (NULL and an error
 * reported when the folder does not exist). */
char **lede_content_paths(lede_engine *e, size_t *n);
/* The folders under the content folder that could not be listed. */
typedef struct {
	char **folders; /* as messages name them: "content/news" */
	size_t n;
} lede_content_unlisted;
/* lede_content_paths, and in *unlisted the folders it could not list
 * (each already reported as an error). */
char **lede_content_find(lede_engine *e, size_t *n, lede_content_unlisted *unlisted);
/* Adds to the sorted *paths (of *n) every article under an unlisted folder
 * that the last build (s) published, so that it is loaded, fails to read
 * and keeps its last version, or builds if its file can be read after all
 * (a folder searchable but not readable); then frees *unlisted. */
void lede_content_unlisted_add(const struct lede_state *s, lede_content_unlisted *unlisted,
                               char ***paths, size_t *n);
void lede_content_unlisted_free(lede_content_unlisted *u);
/* engine.c: the images a build is asked for, noted from now on (lede
 * serve watches them); lede_engine_images_read lists them (each once,
 * sorted) until e is freed. So is the earliest time the build compared
 * with its own and found later (an embargo still to lift): lede serve
 * builds again then; lede_engine_next_time gives it, false for none. */
typedef struct lede_images_read {
	pthread_mutex_t lock;
	char **v;
	size_t n;
	bool later_set;
	int64_t later; /* seconds since the epoch */
} lede_images_read;
void lede_engine_note_images(lede_engine *e);
void lede_engine_image_read(lede_engine *e, const char *file);
char *const *lede_engine_images_read(lede_engine *e, size_t *n);
void lede_engine_time_later(lede_engine *e, const lede_date *d);
bool lede_engine_next_time(lede_engine *e, int64_t *epoch);

/* engine.c: a worker engine for parent (its own Lua state; call
 * lede_engine_prepare on it). */
lede_engine *lede_engine_worker(lede_engine *parent);
/* e's extraction context (a worker's own; the main engine's made on first
 * use, for its thread); NULL when e extracts nothing. */
lede_extract_ctx *lede_engine_extract_ctx(lede_engine *e);

/* The outlet named by the string at stack index i, or raises "no outlet
 * 'x' in lede.yaml". */
lede_outlet_rt *lede_outlet_check(lua_State *L, lede_engine *e, int i);
/* The same for Lua callers (site:render, lede.test.render): pushes
 * text (or nil when the format wrote nothing) and the page's URL, or nil
 * and why ("filtered out", or the error). Returns 2. */
int lede_render_push(lede_engine *e, lede_outlet_rt *o, lede_article *a);

#endif
