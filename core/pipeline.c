/* pipeline.c: the build. Articles stream: N workers, each an engine with
 * its own Lua state holding the same plugins, take the articles in path
 * order; a worker parses one, runs its article hooks, publishes it to
 * every outlet (filter, copy, transform, node filters, render, page,
 * fragment) and frees it, leaving only a small record per outlet for the
 * collections. Messages are kept per article and printed by the main
 * thread in path order, so output and messages are the same for every -j.
 * Then the main state writes the outlets a `limit` restricts, the
 * collections (index pages, tag pages, feeds) and runs the finish hooks. */
#include "collect.h"
#include "editions.h"
#include "engine.h"
#include "state.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct {
	lede_buf msgs;  /* what the article's worker printed */
	atomic_bool done;
	atomic_int refs; /* the worker, and each `limit` outlet keeping it */
	lede_article *a;
} slot;

typedef struct {
	lede_engine *main;
	char **paths;
	size_t n;
	slot *slots;
	lede_collection **colls; /* by outlet; NULL for outlets not built */
	atomic_size_t next;      /* the next article to take */
	atomic_size_t ready;     /* articles that passed their article hooks */
	atomic_bool stop;        /* --strict and an error, or a worker failed */
	atomic_int running;      /* workers still taking articles */
	pthread_mutex_t lock;    /* with cond: a slot is done */
	pthread_cond_t cond;
	double t0;        /* when the build started (lede_clock) */
	double t_workers; /* --profile: the workers' time, summed */
	int nworkers;     /* workers that ran */
} job;

/* Drops a reference to an article; the last one frees it. */
static void unref(job *j, lede_article *a)
{
	if (atomic_fetch_sub(&j->slots[a->index].refs, 1) == 1)
		lede_article_free(a);
}

/* The article at path failed before any outlet (its parse, an article
 * hook): every outlet keeps what the last good build published of it. */
static void keep_everywhere(lede_engine *w, lede_collection **colls, const char *path)
{
	lede_buf names = LEDE_BUF_INIT;
	const char *when = NULL;
	for (size_t k = 0; k < w->noutlets; k++) {
		if (!colls[k])
			continue;
		const char *s = lede_keep_last(w, &w->outlets[k], colls[k], path, true);
		if (!s)
			continue;
		lede_buf_printf(&names, "%s%s", names.len ? ", " : "", w->outlets[k].cfg->name);
		if (!when || strcmp(s, when) > 0)
			when = s;
	}
	if (when)
		lede_reportf(w, true, path, 0, 0,
		             "kept the version published on %s (outlets %s), as this build failed for it",
		             when, lede_buf_cstr(&names));
	lede_buf_free(&names);
}

/* One article, on worker w: parse, article hooks, every outlet. */
static void process(lede_engine *w, job *j, size_t i)
{
	lede_engine *m = j->main;
	lede_extract_ctx *x = w->extract_ctx;
	lede_article_opts opts = {
	    .default_lang = m->cfg->language,
	    .markdown = {.allow_raw_html = m->cfg->allow_raw_html},
	    .extract = x,
	};
	lede_error err;
	lede_error_clear(&err);
	double times[3] = {0, 0, 0}, t0 = 0;
	if (w->prof) {
		opts.times = times;
		t0 = lede_clock();
	}
	lede_article *a = lede_article_load(m->root, j->paths[i], &opts, &err);
	if (w->prof) {
		lede_profile_add(w->prof, "parse", NULL, NULL, lede_clock() - t0);
		lede_profile_add(w->prof, "parse", "front matter", NULL, times[0]);
		lede_profile_add(w->prof, "parse", "markdown", NULL, times[1]);
		lede_profile_add(w->prof, "parse", "extraction", NULL, times[2]);
	}
	if (!a) {
		lede_report(w, &err, false);
		keep_everywhere(w, j->colls, j->paths[i]);
		return;
	}
	a->index = (int)i;
	atomic_store(&j->slots[i].refs, 1);
	lede_article_checks(w, a);
	int hooks = lede_article_hooks(w, a);
	if (hooks < 0)
		keep_everywhere(w, j->colls, a->path);
	if (hooks > 0) {
		atomic_fetch_add(&j->ready, 1);
		for (size_t k = 0; k < w->noutlets && !w->stop; k++) {
			lede_outlet_rt *o = &w->outlets[k];
			lede_collection *c = j->colls[k];
			if (!c)
				continue;
			if (!lede_collection_limited(c)) {
				lede_outlet_publish(w, o, c, a, false);
				continue;
			}
			int taken = lede_outlet_take(w, o, a);
			if (taken < 0)
				lede_keep_last(w, o, c, a->path, false);
			if (taken <= 0)
				continue;
			atomic_fetch_add(&j->slots[i].refs, 1);
			bool kept;
			lede_article *out = lede_collection_offer(c, a, &kept);
			if (!kept)
				atomic_fetch_sub(&j->slots[i].refs, 1);
			if (out)
				unref(j, out);
		}
	}
	lede_article_detach(w->L, a);
	unref(j, a);
}

typedef struct {
	job *j;
	lede_engine *w;
	bool failed;  /* its plugins did not load or set up */
	lede_buf log; /* what loading them said */
	double secs;  /* --profile: how long it ran */
} worker_arg;

/* A worker: its engine is made and its plugins set up on its own thread
 * (a sandbox's watchdog timer signals the thread that made it), then it
 * takes articles until there are none left. */
static void *worker(void *arg)
{
	worker_arg *wa = arg;
	job *j = wa->j;
	double t0 = j->main->prof ? lede_clock() : 0;
	lede_engine *w = wa->w = lede_engine_worker(j->main);
	if (j->main->prof)
		w->prof = lede_profile_new();
	/* The main state loaded the same plugins and reported what was wrong
	 * with them; a worker's copies of those messages are kept only in
	 * case its setup fails where the main one did not. */
	w->sink = &wa->log;
	int rc = lede_engine_prepare(w);
	w->sink = NULL;
	if (rc != 0) {
		wa->failed = true;
		atomic_store(&j->stop, true);
	}
	w->nerrors = w->nwarnings = 0;
	while (!wa->failed) {
		if (atomic_load(&j->stop))
			break;
		size_t i = atomic_fetch_add(&j->next, 1);
		if (i >= j->n)
			break;
		w->sink = &j->slots[i].msgs;
		int errors = w->nerrors;
		process(w, j, i);
		w->sink = NULL;
		if (w->strict && w->nerrors > errors)
			atomic_store(&j->stop, true);
		pthread_mutex_lock(&j->lock);
		atomic_store(&j->slots[i].done, true);
		pthread_cond_broadcast(&j->cond);
		pthread_mutex_unlock(&j->lock);
	}
	if (w->prof)
		wa->secs = lede_clock() - t0;
	pthread_mutex_lock(&j->lock);
	atomic_fetch_sub(&j->running, 1);
	pthread_cond_broadcast(&j->cond);
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

/* Prints a slot's messages: plain text, and "once" messages framed as
 * \1KEY\2TEXT\3 that only their first occurrence in path order prints. */
static void flush(lede_engine *m, const lede_buf *b)
{
	const char *s = b->data, *end = s + b->len;
	while (s && s < end) {
		const char *mark = memchr(s, '\1', (size_t)(end - s));
		if (!mark) {
			lede_emit(m, NULL, s, (size_t)(end - s));
			break;
		}
		lede_emit(m, NULL, s, (size_t)(mark - s));
		const char *key = mark + 1;
		const char *text = memchr(key, '\2', (size_t)(end - key));
		const char *stop = text ? memchr(text, '\3', (size_t)(end - text)) : NULL;
		if (!stop)
			break;
		lede_buf k = LEDE_BUF_INIT;
		lede_buf_put(&k, key, (size_t)(text - key));
		lede_emit(m, lede_buf_cstr(&k), text + 1, (size_t)(stop - text - 1)); /* m->sink: NULL */
		lede_buf_free(&k);
		s = stop + 1;
	}
}

/* The progress line, on a terminal and without -q: once the build has run
 * for a second, "publishing: N/M articles, R/s", redrawn at most ten times
 * a second over itself, cleared before any message and at the end. */
typedef struct {
	bool on, shown;
	double start, phase, next; /* the build's start, the workers', the next redraw */
} progress;

static void progress_show(progress *p, size_t done, size_t total)
{
	if (!p->on)
		return;
	double now = lede_clock();
	if (now - p->start < 1 || now < p->next)
		return;
	p->next = now + 0.1;
	double rate = now > p->phase ? (double)done / (now - p->phase) : 0;
	fprintf(stderr, "\rpublishing: %zu/%zu articles, %.*f/s\033[K", done, total,
	        rate < 10 ? 1 : 0, rate);
	p->shown = true;
}

static void progress_clear(progress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);
	p->shown = false;
}

/* Runs the workers and prints their messages in path order as they come.
 * False when a worker's plugins failed to set up. */
static bool run_workers(lede_engine *m, job *j, int n)
{
	worker_arg *args = lede_xcalloc((size_t)n, sizeof *args);
	pthread_t *t = lede_xcalloc((size_t)n, sizeof *t);
	int started = 0;
	progress prog = {.on = !m->quiet && isatty(2), .start = j->t0, .phase = lede_clock()};
	atomic_store(&j->running, n);
	for (int i = 0; i < n; i++) {
		args[i].j = j;
		if (pthread_create(&t[i], NULL, worker, &args[i]) != 0)
			break;
		started++;
	}
	if (started < n) {
		atomic_fetch_sub(&j->running, n - started - (started == 0));
		if (!started) {
			worker(&args[0]); /* no thread could start: do it here */
			started = 0;
		}
	}
	for (size_t i = 0; i < j->n; i++) {
		pthread_mutex_lock(&j->lock);
		while (!atomic_load(&j->slots[i].done) && atomic_load(&j->running) > 0)
			pthread_cond_wait(&j->cond, &j->lock);
		pthread_mutex_unlock(&j->lock);
		if (!atomic_load(&j->slots[i].done))
			break; /* stopped before this article */
		if (j->slots[i].msgs.len)
			progress_clear(&prog);
		flush(m, &j->slots[i].msgs);
		lede_buf_free(&j->slots[i].msgs);
		progress_show(&prog, i + 1, j->n);
	}
	progress_clear(&prog);
	for (int i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	/* What stopped early may have left messages behind: print them too,
	 * in order. */
	for (size_t i = 0; i < j->n; i++)
		if (j->slots[i].msgs.len) {
			flush(m, &j->slots[i].msgs);
			lede_buf_free(&j->slots[i].msgs);
		}
	bool ok = true;
	int made = started ? started : 1;
	for (int i = 0; i < made; i++) {
		lede_engine *w = args[i].w;
		if (args[i].failed && ok) {
			lede_emit(m, NULL, args[i].log.data ? args[i].log.data : "", args[i].log.len);
			ok = false;
		}
		lede_buf_free(&args[i].log);
		if (!w)
			continue;
		m->nerrors += w->nerrors;
		m->nwarnings += w->nwarnings;
		m->nwritten += w->nwritten;
		if (w->prof) {
			lede_profile_merge(m->prof, w->prof);
			lede_profile_free(w->prof);
			w->prof = NULL;
			j->t_workers += args[i].secs;
			j->nworkers++;
		}
		if (w->records) {
			m->old_records =
			    lede_xrealloc(m->old_records, (m->nold_records + 1) * sizeof *m->old_records);
			m->old_records[m->nold_records++] = w->records;
			w->records = NULL;
		}
		lede_engine_free(w);
	}
	free(args);
	free(t);
	return ok;
}

/* The outlets a `limit` restricts: their newest articles (which the
 * workers chose and kept) through the rest of the outlet, on the main
 * state, newest first. */
static void publish_limited(lede_engine *m, job *j)
{
	for (size_t k = 0; k < m->noutlets; k++) {
		lede_collection *c = j->colls[k];
		if (!c || !lede_collection_limited(c))
			continue;
		size_t n;
		lede_article **v = lede_collection_take(c, &n);
		for (size_t i = 0; i < n; i++) {
			if (!m->stop)
				lede_outlet_publish(m, &m->outlets[k], c, v[i], true);
			lede_article_detach(m->L, v[i]);
			unref(j, v[i]);
		}
		free(v);
	}
}

/* The build time as the state records it. */
static void now_text(lede_engine *e, lede_buf *out) { lede_date_rfc3339(&e->now, out); }

/* Ends the build in the output folder: what changed goes into place,
 * what no longer belongs there goes, the manifest is written. With
 * --strict, an error means nothing changes at all. */
static void commit(lede_engine *e)
{
	if (!e->state)
		return;
	const char **built = lede_xcalloc(e->noutlets + 1, sizeof *built);
	size_t nbuilt = 0;
	for (size_t k = 0; k < e->noutlets; k++)
		if (e->outlets[k].selected)
			built[nbuilt++] = e->outlets[k].cfg->name;
	lede_state_keep_unbuilt(e->state, built, nbuilt, e->static_copied);
	free(built);
	bool discard = e->strict && e->nerrors > 0;
	lede_error err;
	lede_error_clear(&err);
	if (lede_state_commit(e->state, discard, !e->no_prune, &e->commit, &err) != 0)
		lede_report(e, &err, false);
	if (discard)
		lede_emitf(e, "lede: --strict and %d error%s: nothing in the output folder was changed\n",
		        e->nerrors, e->nerrors == 1 ? "" : "s");
	lede_state_free(e->state);
	e->state = NULL;
}

static void summary(lede_engine *e, size_t ok, size_t total)
{
	lede_emit_repeats(e);
	if (!e->quiet) {
		lede_buf b = LEDE_BUF_INIT;
		/* After a commit, distinct files; else every write (or check). */
		size_t files = e->committed ? e->commit.written : (size_t)e->nwritten;
		lede_buf_printf(&b, "lede: %zu of %zu articles ready, %zu file%s %s", ok, total, files,
		                files == 1 ? "" : "s", e->check_only ? "checked" : "written");
		if (!e->check_only && e->committed)
			lede_buf_printf(&b, " (%zu changed)", e->commit.changed);
		if (e->commit.kept)
			lede_buf_printf(&b, ", %zu kept from the last build", e->commit.kept);
		if (e->commit.removed)
			lede_buf_printf(&b, ", %zu removed", e->commit.removed);
		lede_buf_printf(&b, ", %d error%s, %d warning%s\n", e->nerrors,
		                e->nerrors == 1 ? "" : "s", e->nwarnings, e->nwarnings == 1 ? "" : "s");
		lede_emit(e, NULL, b.data, b.len);
		lede_buf_free(&b);
	}
	if (e->werror && e->nwarnings && !e->nerrors)
		lede_emitf(e, "lede: %d warning%s treated as error%s (%s)\n", e->nwarnings,
		        e->nwarnings == 1 ? "" : "s", e->nwarnings == 1 ? "" : "s",
		        e->cfg->strict ? "strict: true in lede.yaml" : "--warnings-as-errors");
}

static double cpu_time(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Times one step of the main engine under "what name" (--profile). */
#define TIMED(e, what, name, step)                                                                 \
	do {                                                                                       \
		double t_ = (e)->prof ? lede_clock() : 0;                                          \
		step;                                                                              \
		if ((e)->prof)                                                                     \
			lede_profile_add((e)->prof, what, name, NULL, lede_clock() - t_);          \
	} while (0)

/* --profile: the table, after the summary. span: how long the workers ran
 * (the main thread waited for them). */
static void print_profile(lede_engine *e, const job *j, double span, double cpu0)
{
	if (!e->prof)
		return;
	double wall = lede_clock() - j->t0;
	lede_profile_times t = {.jobs = e->jobs,
	                        .workers = j->nworkers,
	                        .wall = wall,
	                        .cpu = cpu_time() - cpu0,
	                        .main = wall - span,
	                        .threads = j->t_workers};
	lede_buf b = LEDE_BUF_INIT;
	lede_profile_format(e->prof, &t, &b);
	fwrite(b.data, 1, b.len, stderr);
	lede_buf_free(&b);
}

int lede_engine_build(lede_engine *e)
{
	double t0 = lede_clock(), cpu0 = e->prof ? cpu_time() : 0, span = 0;
	size_t n = 0;
	char **paths = lede_content_paths(e, &n);
	/* A plugin that cannot load or set up stops the build: publishing
	 * without it (a filter that holds back embargoed news, say) could put
	 * out what should not be. */
	if (lede_engine_prepare(e) != 0) {
		lede_emitf(e, "lede: a plugin failed to load or set up; nothing was published\n");
		e->stop = true;
		e->config_error = true;
	} else if (!paths) {
		e->stop = true;
		e->config_error = true;
	}
	if (!e->stop && !e->check_only) {
		lede_buf now = LEDE_BUF_INIT;
		now_text(e, &now);
		lede_error err;
		lede_error_clear(&err);
		e->state = lede_state_open(e->outdir, lede_buf_cstr(&now), &err);
		lede_buf_free(&now);
		if (!e->state) {
			lede_report(e, &err, false);
			e->stop = true;
			e->config_error = true;
		}
	}
	/* The editions map: read before any worker needs it (core/editions.h). */
	if (!e->stop && paths)
		e->editions = lede_editions_scan(e->root, paths, n, e->cfg->language, &e->now);
	job j = {.main = e, .paths = paths, .n = n, .t0 = t0};
	j.slots = lede_xcalloc(n + 1, sizeof *j.slots);
	j.colls = lede_xcalloc(e->noutlets + 1, sizeof *j.colls);
	pthread_mutex_init(&j.lock, NULL);
	pthread_cond_init(&j.cond, NULL);
	for (size_t k = 0; k < e->noutlets; k++)
		if (e->outlets[k].selected)
			j.colls[k] = lede_collection_new(&e->outlets[k]);
	bool serial = e->strict;
	for (size_t i = 0; i < e->nplugins; i++)
		serial |= e->plugins[i]->serial;
	size_t ready = 0, total = n;
	if (!e->stop && serial) {
		/* A plugin keeps state across articles (`parallel = false`), or
		 * --strict must stop at the first error: the build as a script
		 * runs it, on the main state: every article parsed and through
		 * its article hooks first, then each outlet in turn. */
		int rc;
		TIMED(e, "load", "(parse + article hooks)", rc = lede_engine_load(e));
		for (size_t i = 0; i < e->narts; i++)
			ready += e->arts[i] != NULL;
		total = e->narts;
		TIMED(e, "static files", NULL, lede_engine_copy_static(e));
		for (size_t k = 0; k < e->noutlets && !e->stop && rc == 0; k++)
			if (e->outlets[k].selected)
				lede_engine_publish(e, &e->outlets[k]);
		lede_engine_finish(e);
		lede_engine_release(e);
	} else if (!e->stop) {
		TIMED(e, "static files", NULL, lede_engine_copy_static(e));
		int workers = e->jobs > 0 ? e->jobs : 1;
		if ((size_t)workers > n)
			workers = (int)n;
		span = lede_clock();
		bool ran = !workers || run_workers(e, &j, workers);
		span = lede_clock() - span;
		if (!ran) {
			lede_emitf(e, "lede: a plugin failed to set up on a worker; nothing more was "
			              "published\n");
			e->config_error = true;
		}
		if (atomic_load(&j.stop) || e->config_error)
			e->stop = true;
		publish_limited(e, &j);
		for (size_t k = 0; k < e->noutlets; k++)
			if (j.colls[k] && !e->stop)
				TIMED(e, "collections", e->outlets[k].cfg->name,
				      lede_collection_write(e, j.colls[k]));
		lede_engine_finish(e);
		ready = atomic_load(&j.ready);
	}
	if (e->state && !e->config_error) {
		e->committed = true;
		TIMED(e, "commit", "(rename, prune, manifest)", commit(e));
	} else if (e->state) {
		lede_state_free(e->state); /* nothing changes */
		e->state = NULL;
	}
	for (size_t k = 0; k < e->noutlets; k++)
		lede_collection_free(j.colls[k]);
	free(j.colls);
	for (size_t i = 0; i < n; i++) {
		lede_buf_free(&j.slots[i].msgs);
		free(paths[i]);
	}
	free(paths);
	free(j.slots);
	pthread_mutex_destroy(&j.lock);
	pthread_cond_destroy(&j.cond);
	lede_editions_free(e->editions);
	e->editions = NULL;
	summary(e, ready, total);
	print_profile(e, &j, span, cpu0);
	return e->config_error ? 2 : e->nerrors || (e->werror && e->nwarnings) ? 1 : 0;
}

void lede_engine_publish(lede_engine *e, lede_outlet_rt *o)
{
	if (e->stop)
		return;
	lede_collection *c = lede_collection_new(o);
	for (size_t i = 0; e->art_failed && i < e->narts; i++)
		if (e->art_failed[i])
			lede_keep_last(e, o, c, e->art_paths[i], false);
	if (lede_collection_limited(c)) {
		for (size_t i = 0; i < e->narts; i++) {
			bool kept;
			if (e->arts[i] && lede_outlet_take(e, o, e->arts[i]) > 0)
				lede_collection_offer(c, e->arts[i], &kept);
		}
		size_t n;
		lede_article **v = lede_collection_take(c, &n);
		for (size_t i = 0; i < n && !e->stop; i++)
			lede_outlet_publish(e, o, c, v[i], true);
		free(v);
	} else {
		for (size_t i = 0; i < e->narts && !e->stop; i++)
			if (e->arts[i])
				lede_outlet_publish(e, o, c, e->arts[i], false);
	}
	if (!e->stop)
		TIMED(e, "collections", o->cfg->name, lede_collection_write(e, c));
	lede_collection_free(c);
}
