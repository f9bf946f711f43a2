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
#include "engine.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
} job;

/* Drops a reference to an article; the last one frees it. */
static void unref(job *j, lede_article *a)
{
	if (atomic_fetch_sub(&j->slots[a->index].refs, 1) == 1)
		lede_article_free(a);
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
	lede_article *a = lede_article_load(m->root, j->paths[i], &opts, &err);
	if (!a) {
		lede_report(w, &err, false);
		return;
	}
	a->index = (int)i;
	atomic_store(&j->slots[i].refs, 1);
	lede_article_checks(w, a);
	if (lede_article_hooks(w, a) > 0) {
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
			if (lede_outlet_take(w, o, a) <= 0)
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
} worker_arg;

/* A worker: its engine is made and its plugins set up on its own thread
 * (a sandbox's watchdog timer signals the thread that made it), then it
 * takes articles until there are none left. */
static void *worker(void *arg)
{
	worker_arg *wa = arg;
	job *j = wa->j;
	lede_engine *w = wa->w = lede_engine_worker(j->main);
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

/* Runs the workers and prints their messages in path order as they come.
 * False when a worker's plugins failed to set up. */
static bool run_workers(lede_engine *m, job *j, int n)
{
	worker_arg *args = lede_xcalloc((size_t)n, sizeof *args);
	pthread_t *t = lede_xcalloc((size_t)n, sizeof *t);
	int started = 0;
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
		flush(m, &j->slots[i].msgs);
		lede_buf_free(&j->slots[i].msgs);
	}
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

static void summary(lede_engine *e, size_t ok, size_t total)
{
	lede_emit_repeats(e);
	if (!e->quiet)
		lede_emitf(e, "lede: %zu of %zu articles ready, %d file%s %s, %d error%s, %d warning%s\n",
		        ok, total, e->nwritten, e->nwritten == 1 ? "" : "s",
		        e->check_only ? "checked" : "written", e->nerrors,
		        e->nerrors == 1 ? "" : "s", e->nwarnings, e->nwarnings == 1 ? "" : "s");
	if (e->werror && e->nwarnings && !e->nerrors)
		lede_emitf(e, "lede: %d warning%s treated as error%s (%s)\n", e->nwarnings,
		        e->nwarnings == 1 ? "" : "s", e->nwarnings == 1 ? "" : "s",
		        e->cfg->strict ? "strict: true in lede.yaml" : "--warnings-as-errors");
}

int lede_engine_build(lede_engine *e)
{
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
	job j = {.main = e, .paths = paths, .n = n};
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
	if (!e->stop && serial) {
		/* A plugin keeps state across articles (`parallel = false`), or
		 * --strict must stop at the first error: the build as a script
		 * runs it, on the main state: every article parsed and through
		 * its article hooks first, then each outlet in turn. */
		for (size_t i = 0; i < n; i++)
			free(paths[i]);
		free(paths);
		paths = NULL;
		n = 0;
		int rc = lede_engine_load(e);
		size_t ready = 0;
		for (size_t i = 0; i < e->narts; i++)
			ready += e->arts[i] != NULL;
		lede_engine_copy_static(e);
		for (size_t k = 0; k < e->noutlets && !e->stop && rc == 0; k++)
			if (e->outlets[k].selected)
				lede_engine_publish(e, &e->outlets[k]);
		lede_engine_finish(e);
		size_t total = e->narts;
		lede_engine_release(e);
		for (size_t k = 0; k < e->noutlets; k++)
			lede_collection_free(j.colls[k]);
		free(j.colls);
		free(j.slots);
		pthread_mutex_destroy(&j.lock);
		pthread_cond_destroy(&j.cond);
		summary(e, ready, total);
		return e->config_error ? 2 : e->nerrors || (e->werror && e->nwarnings) ? 1 : 0;
	} else if (!e->stop) {
		lede_engine_copy_static(e);
		int workers = e->jobs > 0 ? e->jobs : 1;
		if ((size_t)workers > n)
			workers = (int)n;
		if (workers && !run_workers(e, &j, workers)) {
			lede_emitf(e, "lede: a plugin failed to set up on a worker; nothing more was "
			              "published\n");
			e->config_error = true;
		}
		if (atomic_load(&j.stop) || e->config_error)
			e->stop = true;
	}
	publish_limited(e, &j);
	for (size_t k = 0; k < e->noutlets; k++)
		if (j.colls[k] && !e->stop)
			lede_collection_write(e, j.colls[k]);
	lede_engine_finish(e);
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
	summary(e, atomic_load(&j.ready), n);
	return e->config_error ? 2 : e->nerrors || (e->werror && e->nwarnings) ? 1 : 0;
}

void lede_engine_publish(lede_engine *e, lede_outlet_rt *o)
{
	if (e->stop)
		return;
	lede_collection *c = lede_collection_new(o);
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
		lede_collection_write(e, c);
	lede_collection_free(c);
}
