/* engine.c: creating and freeing an engine (the public C API of
 * include/lede.h), finding lede's bundled plugins, and the one path every
 * message, error and warning of the engine takes (lede_diag). */
#include "engine.h"

#include "output.h"
#include "shard.h"
#include "strindex.h"

#include "lede.h"

#include <lauxlib.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* --- messages: the one path of every error and warning ------------------ */

/* The length of the control character at s[i] (of s[0..n)), 0 when it is
 * none: a byte or pair a terminal would act on rather than show, that is
 * C0 controls but tab and newline, DEL, and C1 controls (U+0080 to
 * U+009F, two bytes in UTF-8). */
static size_t control_at(const char *s, size_t i, size_t n)
{
	unsigned char c = (unsigned char)s[i];
	if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
		return 1;
	if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
	    (unsigned char)s[i + 1] <= 0x9f)
		return 2;
	return 0;
}

/* (keep: a control character let through: the once keys' \4) */
static bool has_controls(const char *s, size_t n, char keep)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != keep && control_at(s, i, n))
			return true;
	return false;
}

/* s[0..n) with each control character but keep replaced by U+FFFD, which
 * takes the one column it took, so a snippet's caret stays in place. */
static void strip_controls(const char *s, size_t n, char keep, lede_buf *out)
{
	for (size_t i = 0; i < n; i++) {
		size_t k = s[i] == keep ? 0 : control_at(s, i, n);
		if (k) {
			lede_buf_puts(out, "\xef\xbf\xbd");
			i += k - 1;
		} else {
			lede_buf_putc(out, s[i]);
		}
	}
}

/* A once key and the article it was for, apart: "KEY\4ARTICLE" (lede_diag
 * makes it so, with no control character in either part). */
#define ONCE_FOR '\4'

/* The hit count of key (taken: freed when it is known already) among the
 * build's once and repeat keys, made at 0 the first time (*first). */
static int *key_hits(lede_engine *e, char *key, bool *first)
{
	size_t *slot = lede_strindex_slot(&e->once_index, e->once, e->nonce, key);
	*first = !*slot;
	if (*slot) {
		free(key);
		return &e->once_hits[*slot - 1];
	}
	e->once = lede_xrealloc(e->once, (e->nonce + 1) * sizeof *e->once);
	e->once_hits = lede_xrealloc(e->once_hits, (e->nonce + 1) * sizeof *e->once_hits);
	e->once_hits[e->nonce] = 0;
	e->once[e->nonce++] = key;
	*slot = e->nonce;
	return &e->once_hits[e->nonce - 1];
}

/* Whether once (a key, maybe "\4ARTICLE" after it) was printed before in
 * this build; its hits counted: one an article (once an occurrence when
 * no article is named). */
static bool once_seen(lede_engine *e, const char *once)
{
	const char *sep = strchr(once, ONCE_FOR);
	bool counts = true;
	if (sep) { /* a pair seen before: the same article again */
		size_t *ps =
		    lede_strindex_slot(&e->once_pairs_index, e->once_pairs, e->nonce_pairs, once);
		if (*ps) {
			counts = false;
		} else {
			e->once_pairs = lede_xrealloc(e->once_pairs,
			                              (e->nonce_pairs + 1) * sizeof *e->once_pairs);
			e->once_pairs[e->nonce_pairs++] = lede_xstrdup(once);
			*ps = e->nonce_pairs;
		}
	}
	bool first;
	int *hits =
	    key_hits(e, lede_xstrndup(once, sep ? (size_t)(sep - once) : strlen(once)), &first);
	*hits += first || counts;
	return !first;
}

/* How many messages of one text about one file are shown at their places:
 * an article that repeats one mistake at 250,000 places (a missing image,
 * a broken link) printed 24 MB of warnings that buried every other
 * message. The rest are counted, still as warnings or errors, and said
 * once before the summary (lede_emit_repeats). */
#define SAME_SHOWN 10

/* Whether a message of repeat key key ("R:FILE: SEVERITY: TEXT", its
 * place left out) was shown SAME_SHOWN times in this build: its
 * occurrences counted. */
static bool repeat_over(lede_engine *e, const char *key)
{
	bool first;
	return ++*key_hits(e, lede_xstrdup(key), &first) > SAME_SHOWN;
}

void lede_emit(lede_engine *e, const char *once, const char *s, size_t n)
{
	/* A message quotes articles, lede.yaml and what plugins say: an
	 * escape sequence in them (an article's title setting the terminal's
	 * title, say) must reach the reader's terminal as text, and a \1, \2
	 * or \3 must not pass for the framing of a worker's messages. */
	if (has_controls(s, n, 0) || (once && has_controls(once, strlen(once), ONCE_FOR))) {
		lede_buf clean = LEDE_BUF_INIT, key = LEDE_BUF_INIT;
		strip_controls(s, n, 0, &clean);
		if (once)
			strip_controls(once, strlen(once), ONCE_FOR, &key);
		lede_emit(e, once ? lede_buf_cstr(&key) : NULL, clean.data ? clean.data : "",
		          clean.len);
		lede_buf_free(&clean);
		lede_buf_free(&key);
		return;
	}
	if (e && e->sink) {
		if (once)
			lede_buf_printf(e->sink, "\1%s\2", once);
		lede_buf_put(e->sink, s, n);
		if (once)
			lede_buf_putc(e->sink, '\3');
		return;
	}
	if (once && e && !strncmp(once, "R:", 2)) {
		if (repeat_over(e, once))
			return;
	} else if (once && e) {
		if (once_seen(e, once))
			return;
		/* A once-warning is counted where it is printed: once for the
		 * build, whatever -j (lede_diag leaves it to this). */
		if (!strncmp(once, "W:", 2))
			e->nwarnings++;
	}
	/* The one place messages leave the engine: the embedder's callback
	 * (called on this, the main thread: workers have a sink) or stderr. */
	if (e && e->message)
		e->message(e->message_ud, s, n);
	else
		fwrite(s, 1, n, stderr);
}

void lede_emitf(lede_engine *e, const char *fmt, ...)
{
	lede_buf b = LEDE_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	lede_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	lede_emit(e, NULL, b.data, b.len);
	lede_buf_free(&b);
}

void lede_diag_for(lede_engine *e, enum lede_diag_level level, const char *once,
                   const char *article, const char *text, size_t n)
{
	if (text) {
		lede_buf key = LEDE_BUF_INIT;
		if (once) {
			lede_buf_printf(&key, "%c:", "IWE"[level]);
			strip_controls(once, strlen(once), 0, &key);
			if (article) {
				lede_buf_putc(&key, ONCE_FOR);
				strip_controls(article, strlen(article), 0, &key);
			}
		}
		lede_emit(e, once ? lede_buf_cstr(&key) : NULL, text, n);
		lede_buf_free(&key);
	}
	if (!e)
		return;
	if (level == LEDE_DIAG_WARNING && !once) {
		e->nwarnings++;
	} else if (level == LEDE_DIAG_ERROR) {
		e->nerrors++;
		if (e->strict)
			e->stop = true;
	}
}

void lede_diag(lede_engine *e, enum lede_diag_level level, const char *once, const char *text,
               size_t n)
{
	lede_diag_for(e, level, once, NULL, text, n);
}

void lede_emit_repeats(lede_engine *e)
{
	for (size_t i = 0; i < e->nonce; i++) {
		bool repeat = !strncmp(e->once[i], "R:", 2);
		if (repeat ? e->once_hits[i] <= SAME_SHOWN
		           : strncmp(e->once[i], "E:", 2) != 0 || e->once_hits[i] < 2)
			continue;
		lede_buf b = LEDE_BUF_INIT;
		if (repeat)
			lede_buf_printf(&b, "%s (and at %d more places of that file, not shown)\n",
			                e->once[i] + 2, e->once_hits[i] - SAME_SHOWN);
		else
			lede_buf_printf(
			    &b, "lede: the same error hit %d articles (shown once above): %s\n",
			    e->once_hits[i], e->once[i] + 2);
		lede_emit(e, NULL, b.data, b.len);
		lede_buf_free(&b);
	}
}

void lede_report(lede_engine *e, const lede_error *err, bool warning)
{
	lede_buf b = LEDE_BUF_INIT;
	const char *severity = warning ? "warning" : "error";
	lede_error_format(err, severity, &b);
	enum lede_diag_level level = warning ? LEDE_DIAG_WARNING : LEDE_DIAG_ERROR;
	if (err->file[0] && err->line > 0) {
		/* at a place: shown SAME_SHOWN times a file and text, then
		 * counted (every one counts as a warning or an error) */
		lede_buf key = LEDE_BUF_INIT;
		lede_buf_puts(&key, "R:");
		lede_error_put_file(&key, err->file); /* (as the message shows it) */
		lede_buf_printf(&key, ": %s: ", severity);
		strip_controls(err->msg, strlen(err->msg), 0, &key);
		lede_emit(e, lede_buf_cstr(&key), b.data, b.len);
		lede_buf_free(&key);
		lede_diag(e, level, NULL, NULL, 0);
	} else {
		lede_diag(e, level, NULL, b.data, b.len);
	}
	lede_buf_free(&b);
}

void lede_reportf(lede_engine *e, bool warning, const char *file, int line, int col,
                  const char *fmt, ...)
{
	lede_error err;
	lede_error_clear(&err);
	snprintf(err.file, sizeof err.file, "%s", file ? file : "");
	err.line = line;
	err.column = col;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err.msg, sizeof err.msg, fmt, ap);
	va_end(ap);
	lede_report(e, &err, warning);
}

/* --- the engine ------------------------------------------------------------ */

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* lede's own plugins/: lede_options.plugins, else $LEDE_PLUGINS, else where `./build.sh install`
 * puts them relative to the executable's real path (PREFIX/bin/lede ->
 * PREFIX/share/lede/plugins, so a relocated prefix works), else beside it
 * in a source tree (build/lede -> ../plugins, build/asan/lede ->
 * ../../plugins), else the configured install location. */
static char *find_bundled(const char *opt)
{
	if (opt && opt[0])
		return lede_xstrdup(opt);
	const char *env = getenv("LEDE_PLUGINS");
	if (env && env[0])
		return lede_xstrdup(env);
	char exe[PATH_MAX];
	char cand[PATH_MAX + 64];
	if (realpath("/proc/self/exe", exe)) {
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(cand, sizeof cand, "%s/../share/lede/plugins/formats", exe);
			if (is_dir(cand)) {
				snprintf(cand, sizeof cand, "%s/../share/lede/plugins", exe);
				char real[PATH_MAX];
				return lede_xstrdup(realpath(cand, real) ? real : cand);
			}
			*slash = '/';
		}
		for (int up = 1; up <= 3; up++) {
			slash = strrchr(exe, '/');
			if (!slash)
				break;
			*slash = '\0';
			snprintf(cand, sizeof cand, "%s/plugins/formats", exe);
			if (is_dir(cand)) {
				snprintf(cand, sizeof cand, "%s/plugins", exe);
				return lede_xstrdup(cand);
			}
		}
	}
	return lede_xstrdup(LEDE_DATADIR "/plugins");
}

/* The build time: $LEDE_NOW (so tests are reproducible), else the clock. */
static int build_time(lede_date *now, lede_error *err)
{
	const char *env = getenv("LEDE_NOW");
	if (env && env[0]) {
		size_t col;
		const char *why;
		if (lede_date_parse(env, strlen(env), now, &col, &why) != 0) {
			lede_error_set(err, "LEDE_NOW", 0, 0, "bad date '%s': %s", env, why);
			return -1;
		}
		return 0;
	}
	*now = lede_date_from_epoch((int64_t)time(NULL), 0);
	return 0;
}

lede_arena *lede_records_arena(lede_engine *e)
{
	if (!e->records) {
		e->records = lede_arena_new();
		lede_value_pool_clear(&e->record_strs);
		e->record_strs.ar = e->records;
	}
	return e->records;
}

/* Each mistake in lede.yaml but the last, which lede_engine_new's caller
 * reports: printed as that caller would, in the file's order. */
static void config_error(void *ud, const lede_error *err)
{
	lede_engine *e = ud;
	lede_buf b = LEDE_BUF_INIT;
	lede_error_format(err, "error", &b);
	lede_emit(e, NULL, b.data ? b.data : "", b.len);
	lede_buf_free(&b);
}

/* The output folder is none of the site's own folders, nor inside the
 * static, templates or plugins folder: the next build would read its
 * pages as articles, static files, templates or plugins (and publish
 * them again, stale or not). */
static int check_outdir(const lede_engine *e, lede_error *err)
{
	const char *names[] = {"content", "static", "templates", "plugins"};
	const char *dirs[] = {e->cfg->content_dir, e->cfg->static_dir, e->cfg->templates_dir,
	                      "plugins"};
	char *out = lede_realpath_to_be(e->outdir);
	int rc = 0;
	for (size_t i = 0; out && !rc && i < sizeof dirs / sizeof *dirs; i++) {
		lede_buf d = LEDE_BUF_INIT;
		if (dirs[i][0] == '/')
			lede_buf_puts(&d, dirs[i]);
		else
			lede_buf_join(&d, e->root, '/', dirs[i]);
		char *real = realpath(lede_buf_cstr(&d), NULL);
		lede_buf_free(&d);
		/* (inside the content folder is fine: its walk leaves the
		 * output folder out, as for content: . with public/ in it) */
		bool same = real && !strcmp(out, real);
		if (same || (i != 0 && real && lede_path_within(out, real))) {
			lede_error_set(err, NULL, 0, 0,
			               "the output folder '%s' is %sthe site's %s folder '%s': the "
			               "next build would take its pages for the site's own files; "
			               "build into a folder of its own (-o public)",
			               e->outdir, same ? "" : "inside ", names[i], dirs[i]);
			rc = -1;
		}
		free(real);
	}
	free(out);
	return rc;
}

lede_engine *lede_engine_new(const lede_options *o, lede_error *err)
{
	if (!o) {
		lede_error_set(err, NULL, 0, 0,
		               "lede_engine_new: no options (give a lede_options)");
		return NULL;
	}
	/* Tables, strikethrough...: once per process, before any parsing. */
	lede_markdown_init();
	lede_engine *e = lede_xcalloc(1, sizeof *e);
	e->message = o->message;
	e->message_ud = o->message_ud;
	e->root = lede_xstrdup(o->root && o->root[0] ? o->root : ".");
	e->config_file = lede_xstrdup(o->config && o->config[0] ? o->config : "lede.yaml");
	e->strict = o->strict;
	e->werror = o->warnings_as_errors;
	e->no_prune = o->no_prune;
	e->allow_empty = o->allow_empty;
	e->no_link_check = o->no_link_check;
	e->external_links = o->external_links;
	e->link_timeout = o->link_timeout;
	e->quiet = o->quiet;
	e->check_only = o->check_only;
	e->drafts = o->drafts;
	e->full = o->full;
	e->cancel = o->cancel;
	e->records_memory = o->records_memory < 0   ? 0
	                    : o->records_memory > 0 ? (long long)o->records_memory << 20
	                                            : 64LL << 20;
	e->shard_i = o->shard_index;
	e->shard_n = o->shard_count;
	for (size_t i = 0; i < o->nmerge; i++) {
		e->merge = lede_xrealloc(e->merge, (e->nmerge + 1) * sizeof *e->merge);
		e->merge[e->nmerge++] = lede_xstrdup(o->merge[i]);
	}
	e->jobs = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (e->jobs < 1)
		e->jobs = 1;
	e->bundled = find_bundled(o->plugins);
	for (size_t i = 0; i < o->noutlets; i++) {
		e->only = lede_xrealloc(e->only, (e->nonly + 1) * sizeof *e->only);
		e->only[e->nonly++] = lede_xstrdup(o->outlets[i]);
	}
	if (build_time(&e->now, err) != 0)
		goto fail;
	char cfgpath[4096];
	snprintf(cfgpath, sizeof cfgpath, "%s/%s", e->root, e->config_file);
	if (o->default_config && access(cfgpath, F_OK) != 0)
		e->cfg = lede_config_parse("(default configuration)", o->default_config,
		                           strlen(o->default_config), err);
	else
		e->cfg = lede_config_load_each(e->root, e->config_file, err, config_error, e);
	if (!e->cfg)
		goto fail;
	if (e->cfg->strict)
		e->werror = true;
	if (!lede_config_check_outlets(e->cfg, e->config_file, (const char *const *)e->only,
	                               e->nonly, err))
		goto fail;
	if (o->output && o->output[0])
		e->outdir = lede_xstrdup(o->output);
	else if (e->cfg->output_dir[0] == '/' || !strcmp(e->root, "."))
		e->outdir = lede_xstrdup(e->cfg->output_dir);
	else {
		lede_buf b = LEDE_BUF_INIT;
		lede_buf_printf(&b, "%s/%s", e->root, e->cfg->output_dir);
		e->outdir = lede_buf_detach(&b, NULL);
	}
	if (!e->check_only && check_outdir(e, err) != 0)
		goto fail;
	e->extractor = lede_extractor_new_with(e->cfg->quote_words, e->cfg->nquote_words, err);
	if (!e->extractor)
		goto fail;
	e->L = lede_lua_new(e);
	if (!e->L) {
		lede_error_set(err, NULL, 0, 0, "cannot create a Lua state (out of memory)");
		goto fail;
	}
	return e;
fail:
	lede_engine_free(e);
	return NULL;
}

int lede_engine_run(lede_engine *e)
{
	if (!e)
		return 2;
	/* What a build counts, copies and prunes lives in the engine: a second
	 * run would start from the first's (its static files taken as copied,
	 * then pruned as unwritten). One engine, one build. */
	if (e->ran) {
		lede_emitf(e, "lede: this engine has built once; make a new one with "
		              "lede_engine_new for each build (nothing was done)\n");
		e->nerrors++;
		return 2;
	}
	e->ran = true;
	return e->nmerge ? lede_shard_merge(e) : lede_engine_build(e);
}

lede_engine *lede_engine_worker(lede_engine *m)
{
	lede_engine *e = lede_xcalloc(1, sizeof *e);
	e->parent = m;
	/* A worker always emits into a sink (an article's messages, or its
	 * setup log) that the main thread passes on (pipeline.c flush), so
	 * the embedder's callback still runs on the main thread only. */
	e->message = m->message;
	e->message_ud = m->message_ud;
	e->root = lede_xstrdup(m->root);
	e->config_file = lede_xstrdup(m->config_file);
	e->outdir = lede_xstrdup(m->outdir);
	e->bundled = lede_xstrdup(m->bundled);
	e->strict = m->strict;
	e->werror = m->werror;
	e->quiet = m->quiet;
	e->check_only = m->check_only;
	e->drafts = m->drafts;
	e->cancel = m->cancel;
	e->jobs = 1;
	e->now = m->now;
	for (size_t i = 0; i < m->nonly; i++) {
		e->only = lede_xrealloc(e->only, (e->nonly + 1) * sizeof *e->only);
		e->only[e->nonly++] = lede_xstrdup(m->only[i]);
	}
	e->cfg = m->cfg;
	e->state = m->state; /* shared: it has its own lock */
	e->records_on_disk = m->records_on_disk;
	e->extractor = m->extractor;
	e->extract_ctx = m->extractor ? lede_extract_ctx_new(m->extractor) : NULL;
	e->L = lede_lua_new(e);
	if (!e->L) {
		fprintf(stderr, "lede: out of memory (a Lua state)\n");
		exit(1);
	}
	return e;
}

lede_extract_ctx *lede_engine_extract_ctx(lede_engine *e)
{
	if (!e->extract_ctx && e->extractor)
		e->extract_ctx = lede_extract_ctx_new(e->extractor);
	return e->extract_ctx;
}

void lede_engine_free(lede_engine *e)
{
	if (!e)
		return;
	if (e->L)
		lua_close(e->L);
	lede_lua_pool_release(&e->lua_pool); /* after the state gave its blocks back */
	for (size_t i = 0; i < e->nplugins; i++) {
		free(e->plugins[i]->name);
		free(e->plugins[i]->chunk);
		free(e->plugins[i]);
	}
	free(e->plugins);
	free(e->global);
	for (size_t i = 0; i < e->noutlets; i++)
		free(e->outlets[i].plugins);
	free(e->outlets);
	for (size_t i = 0; i < e->ntemplates; i++) {
		free(e->templates[i].name);
		lede_template_free(e->templates[i].t);
		free(e->templates[i].err);
		free(e->templates[i].near);
	}
	free(e->templates);
	for (size_t i = 0; i < e->nonly; i++)
		free(e->only[i]);
	free(e->only);
	for (size_t i = 0; i < e->nmerge; i++)
		free(e->merge[i]);
	free(e->merge);
	lede_extract_ctx_free(e->extract_ctx);
	if (!e->parent) {
		/* a worker borrows these from its parent */
		lede_extractor_free(e->extractor);
		lede_config_free(e->cfg);
	}
	if (e->records)
		lede_arena_free(e->records);
	lede_value_pool_clear(&e->record_strs);
	lede_state_window_free(e->state_window);
	for (size_t i = 0; i < e->nold_records; i++)
		lede_arena_free(e->old_records[i]);
	free(e->old_records);
	free(e->root);
	free(e->config_file);
	free(e->outdir);
	free(e->bundled);
	lede_buf_free(&e->last_error);
	free(e->rewrites);
	for (size_t i = 0; i < e->nonce; i++)
		free(e->once[i]);
	free(e->once);
	free(e->once_hits);
	lede_strindex_free(&e->once_index);
	for (size_t i = 0; i < e->nonce_pairs; i++)
		free(e->once_pairs[i]);
	free(e->once_pairs);
	lede_strindex_free(&e->once_pairs_index);
	if (e->images_read && !e->parent) {
		for (size_t i = 0; i < e->images_read->n; i++)
			free(e->images_read->v[i]);
		free(e->images_read->v);
		pthread_mutex_destroy(&e->images_read->lock);
		free(e->images_read);
	}
	free(e);
}

void lede_engine_note_images(lede_engine *e)
{
	if (e->images_read)
		return;
	e->images_read = lede_xcalloc(1, sizeof *e->images_read);
	pthread_mutex_init(&e->images_read->lock, NULL);
}

void lede_engine_image_read(lede_engine *e, const char *file)
{
	lede_images_read *r = e->parent ? e->parent->images_read : e->images_read;
	if (!r)
		return;
	pthread_mutex_lock(&r->lock);
	/* (one article's lead image, asked for by each outlet in turn) */
	if (!r->n || strcmp(r->v[r->n - 1], file)) {
		r->v = lede_xrealloc(r->v, (r->n + 1) * sizeof *r->v);
		r->v[r->n++] = lede_xstrdup(file);
	}
	pthread_mutex_unlock(&r->lock);
}

void lede_engine_time_later(lede_engine *e, const lede_date *d)
{
	lede_images_read *r = e->parent ? e->parent->images_read : e->images_read;
	if (!r)
		return;
	int64_t t = lede_date_epoch(d);
	pthread_mutex_lock(&r->lock);
	if (!r->later_set || t < r->later)
		r->later = t;
	r->later_set = true;
	pthread_mutex_unlock(&r->lock);
}

bool lede_engine_next_time(lede_engine *e, int64_t *epoch)
{
	lede_images_read *r = e->images_read;
	if (!r || !r->later_set)
		return false;
	*epoch = r->later;
	return true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *const *lede_engine_images_read(lede_engine *e, size_t *n)
{
	lede_images_read *r = e->images_read;
	*n = 0;
	if (!r || !r->n)
		return NULL;
	qsort(r->v, r->n, sizeof *r->v, cmp_str);
	size_t k = 0;
	for (size_t i = 0; i < r->n; i++)
		if (k && !strcmp(r->v[k - 1], r->v[i]))
			free(r->v[i]);
		else
			r->v[k++] = r->v[i];
	r->n = k;
	*n = k;
	return r->v;
}

int lede_engine_errors(const lede_engine *e) { return e ? e->nerrors : 0; }
