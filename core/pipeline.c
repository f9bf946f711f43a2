/* pipeline.c: the build. Articles stream: N workers, each an engine with
 * its own Lua state holding the same plugins, take the articles in path
 * order; a worker parses one, runs its article hooks, publishes it to
 * every outlet (filter, copy, transform, node filters, render, page,
 * fragment) and frees it, leaving only a small record per outlet for the
 * collections. Messages are kept per article and printed by the main
 * thread in path order, so output and messages are the same for every -j.
 * Then the main state writes the outlets a `limit` restricts, the
 * collections (index pages, tag pages, feeds) and runs the finish hooks. */
#include "bridge.h"
#include "collect.h"
#include "editions.h"
#include "engine.h"
#include "escape.h"
#include "linkcheck.h"
#include "output.h"
#include "reuse.h"
#include "shard.h"
#include "state.h"

#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* How far past the slot it waits for the main thread asks to be woken. */
#define AWAIT_AHEAD 64

typedef struct {
	lede_buf msgs; /* what the article's worker printed */
	atomic_bool done;
	atomic_int refs; /* the worker, and each `limit` outlet keeping it */
	lede_article *a;
	/* incremental builds */
	bool reuse;   /* unchanged: its files and records are kept */
	bool stat_ok; /* st holds the file's stat, taken before it was read */
	struct stat st;
	const lede_source *same;          /* the state's entry, when the file's stat is
	                                   * the one recorded (and trusted: see plan_reuse) */
	const lede_source *src;           /* reuse: the state's entry (decide_reuse) */
	lede_collection_entry **reserved; /* reuse: its page's entry per outlet, or NULL */
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
	size_t awaited;   /* under lock: the slot the main thread waits for */
	bool incremental; /* articles are traced and their entries recorded */
	bool rebuild_all; /* ...but none is reused (plan_reuse) */
	char site_key[LEDE_DIGEST_HEX];
	long long checked;      /* wall clock when the files were stat'ed */
	int root_fd;            /* the site's folder while they are (-1: none) */
	atomic_size_t reused;   /* articles reused from the build state */
	double t0;              /* when the build started (lede_clock) */
	double t_workers;       /* --profile: the workers' time, summed */
	int nworkers;           /* workers that ran */
	lede_shard_picks picks; /* --shard: the `limit` outlets' newest of the shard */
	const char **pages;     /* plan_reuse: article i's page in outlet k at
	                         * [i * noutlets + k], as decide_reuse found it */
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
	lede_buf names = LEDE_BUF_INIT, held = LEDE_BUF_INIT;
	const char *when = NULL, *why = NULL;
	for (size_t k = 0; k < w->noutlets; k++) {
		if (!colls[k])
			continue;
		/* (the file read once an outlet, by keep_last, not again here) */
		const char *held_why;
		const char *s = lede_keep_last_held(w, &w->outlets[k], colls[k], path, &held_why);
		if (held_why) {
			why = held_why;
			lede_buf_printf(&held, "%s%s", held.len ? ", " : "",
			                w->outlets[k].cfg->name);
		}
		if (!s)
			continue;
		lede_buf_printf(&names, "%s%s", names.len ? ", " : "", w->outlets[k].cfg->name);
		if (!when || strcmp(s, when) > 0)
			when = s;
	}
	if (when)
		lede_reportf(
		    w, true, path, 0, 0,
		    "kept the version published on %s (outlets %s), as this build failed for it",
		    when, lede_buf_cstr(&names));
	if (held.len)
		lede_reportf(w, true, path, 0, 0,
		             "the version published is not kept (outlets %s), as this build failed "
		             "for it: its front matter holds it back now (%s), so its pages there "
		             "are removed until it builds again",
		             lede_buf_cstr(&held), why);
	lede_buf_free(&names);
	lede_buf_free(&held);
}

static bool has_name(char *const *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], name))
			return true;
	return false;
}

/* A file of a reused article (lede_state_reuse): the link check has its
 * links as the last build kept them. */
typedef struct {
	lede_engine *w;
	const char *path;
	int order;
} reused_page;

static void on_reused(void *ud, const char *rel)
{
	reused_page *rp = ud;
	lede_links_reuse(rp->w, rel, rp->path, rp->order);
}

static void add_name(char ***v, size_t *n, const char *name)
{
	*v = lede_xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = (char *)name; /* borrowed: the entry is copied */
}

/* The article at i is unchanged since the build that recorded its entry
 * (plan_reuse): every outlet keeps its files and its record, as that
 * build left them; an outlet with a `limit` whose filters took it is
 * offered a stand-in (a record-like article with its path and date), in
 * case it is among the newest (publish_limited). */
static void reuse(lede_engine *w, job *j, size_t i)
{
	lede_state *s = j->main->state;
	const char *path = j->paths[i];
	const lede_source *src = j->slots[i].src;
	slot *sl = &j->slots[i];
	lede_article *stand_in = NULL;
	bool damaged = false;
	/* what its build printed, printed again (a full build would); its
	 * warnings no more than its lines (state.c), the sum held below
	 * INT_MAX whatever a manifest edited by hand says */
	if (src->messages && w->sink) {
		lede_buf_puts(w->sink, src->messages);
		w->nwarnings =
		    src->warnings > INT_MAX - w->nwarnings ? INT_MAX : w->nwarnings + src->warnings;
	}
	for (size_t k = 0; k < w->noutlets; k++) {
		lede_collection *c = j->colls[k];
		const char *name = w->outlets[k].cfg->name;
		if (!c)
			continue;
		if (lede_collection_limited(c)) {
			if (!has_name(src->taken, src->ntaken, name))
				continue;
			if (!stand_in) {
				lede_arena *ar = lede_arena_new();
				stand_in = lede_arena_alloc(ar, sizeof *stand_in);
				memset(stand_in, 0, sizeof *stand_in);
				stand_in->arena = ar;
				stand_in->record = true;
				stand_in->path = lede_arena_strdup(ar, path);
				stand_in->date = src->date;
				stand_in->index = (int)i;
				atomic_store(&sl->refs, 1);
			}
			atomic_fetch_add(&sl->refs, 1);
			bool kept;
			lede_article *out = lede_collection_offer(c, stand_in, &kept);
			if (!kept)
				atomic_fetch_sub(&sl->refs, 1);
			if (out)
				unref(j, out);
			continue;
		}
		reused_page rp = {w, path, (int)i};
		lede_state_reuse(s, name, path, j->main->links ? on_reused : NULL, &rp);
		char digest[LEDE_DIGEST_HEX];
		bool unread;
		if (!w->state_window)
			w->state_window = lede_state_window_new(s);
		lede_article *rec =
		    lede_state_reuse_record(s, lede_records_arena(w), LEDE_RECORD_LAZY, name, path,
		                            NULL, digest, &unread, w->state_window);
		if (unread) {
			/* the last manifest changed under the build: an error, as
			 * the article is missing from the collections */
			lede_reportf(
			    w, false, path, 0, 0,
			    "its record in the build state for outlet '%s' could not be read "
			    "back (was the output folder changed during the build?): it is "
			    "left out of that outlet's collections this time; build again",
			    name);
			damaged = true;
		} else if (!rec && lede_state_had_record(s, name, path)) {
			/* a damaged manifest's: not shown as it is, and not
			 * carried over (the next build builds the article) */
			lede_reportf(
			    w, true, path, 0, 0,
			    "its record in the build state for outlet '%s' is damaged: it "
			    "is left out of that outlet's collections this time, and built "
			    "again by the next build (--full builds it now)",
			    name);
			damaged = true;
		}
		lede_collection_entry *en = sl->reserved ? sl->reserved[k] : NULL;
		if (en)
			lede_collection_fill(c, en, rec, digest);
		else if (rec)
			lede_collection_reuse(c, rec, digest);
	}
	for (size_t c = 0; c < src->nclaims; c++)
		lede_state_claim(s, src->claims[c]);
	/* Carried over, with the file's stat as taken now (its bytes were
	 * hashed the same: a file only touched is trusted again next time)
	 * and its front matter as the editions scan read it. */
	lede_source now = *src;
	const char *edition = lede_editions_text(j->main->editions, i);
	if (edition)
		now.edition = (char *)edition;
	if (sl->stat_ok && !sl->same) {
		now.size = (long long)sl->st.st_size;
		now.mtime_s = (long long)sl->st.st_mtim.tv_sec;
		now.mtime_ns = (long long)sl->st.st_mtim.tv_nsec;
		now.ino = (long long)sl->st.st_ino;
		now.checked = j->checked;
	}
	if (!damaged)
		lede_state_carry_source(s, path, &now);
	atomic_fetch_add(&j->ready, 1);
	atomic_fetch_add(&j->reused, 1);
	if (stand_in)
		unref(j, stand_in);
}

/* How the site's articles are loaded, with x (NULL: no extraction). */
static lede_article_opts article_opts(const lede_engine *m, lede_extract_ctx *x)
{
	return (lede_article_opts){
	    .default_lang = m->cfg->language,
	    .markdown = {.allow_raw_html = m->cfg->allow_raw_html},
	    .unicode_slugs = m->cfg->unicode_slugs,
	    .extract = x,
	    .max_bytes = m->cfg->article_bytes,
	};
}

/* One article, on worker w: parse, article hooks, every outlet. In an
 * incremental build, what it went through is traced, and when nothing
 * escaped its inputs (no message, no clock, no file of the site's) the
 * state records its entry for the next build to reuse. */
static void process(lede_engine *w, job *j, size_t i)
{
	if (j->slots[i].reuse) {
		TIMED(w, "reuse (articles)", NULL, reuse(w, j, i));
		return;
	}
	lede_engine *m = j->main;
	lede_extract_ctx *x = w->extract_ctx;
	lede_article_opts opts = article_opts(m, x);
	lede_error err;
	lede_error_clear(&err);
	lede_trace tr = {0};
	if (j->incremental)
		w->trace = &tr;
	lede_source src = {0};
	int errors = w->nerrors, warnings = w->nwarnings;
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
		w->trace = NULL;
		lede_trace_clear(&tr);
		lede_report(w, &err, false);
		keep_everywhere(w, j->colls, j->paths[i]);
		return;
	}
	if (j->incremental) { /* the bytes parsed, not the file as it is now */
		lede_digest_of(a->source, a->source_len, src.digest);
		/* what the editions scan read of them, for the next one (the
		 * scan read the file before this worker: the same bytes
		 * while its stat is) */
		src.edition = (char *)lede_editions_text(m->editions, i);
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
			add_name(&src.outlets, &src.noutlets, o->cfg->name);
			if (!lede_collection_limited(c)) {
				lede_outlet_publish(w, o, c, a, false);
				continue;
			}
			int taken = lede_outlet_take(w, o, c, a);
			if (taken < 0)
				lede_keep_last(w, o, c, a->path, false);
			if (taken <= 0)
				continue;
			add_name(&src.taken, &src.ntaken, o->cfg->name);
			atomic_fetch_add(&j->slots[i].refs, 1);
			bool kept;
			lede_article *out = lede_collection_offer(c, a, &kept);
			if (!kept)
				atomic_fetch_sub(&j->slots[i].refs, 1);
			if (out)
				unref(j, out);
		}
	}
	w->trace = NULL;
	const struct stat *st = &j->slots[i].st;
	src.images = tr.images;
	src.nimages = tr.nimages;
	src.claims = tr.claims;
	src.nclaims = tr.nclaims;
	/* Reused next time while nothing it went through changes: recorded
	 * when nothing escaped its inputs. Otherwise, when its pages show
	 * renditions, recorded kept (never reused): should it fail next
	 * time, the renditions stay with its kept pages. What it printed
	 * (warnings, no error) is recorded with it, and printed again when
	 * it is reused, unless its text holds what its inputs do not (the
	 * build time, other articles' paths). */
	lede_buf *said = &j->slots[i].msgs;
	bool said_well =
	    !said->len || (said->len <= LEDE_MESSAGES_KEPT &&
	                   lede_utf8_valid_prefix(said->data, said->len) == said->len &&
	                   !memchr(said->data, 0, said->len));
	bool reusable = !tr.clock && !tr.outside && j->slots[i].stat_ok &&
	                (!said->len || (w->nerrors == errors && !tr.unrepeatable && said_well));
	if (reusable && said->len) {
		src.messages = (char *)lede_buf_cstr(said);
		src.warnings = w->nwarnings - warnings;
	}
	/* (a plugin's info, shown or hidden by -q: reused by a build that
	 * shows or hides it alike) */
	src.info = tr.info_hidden ? 2 : tr.info_shown ? 1 : 0;
	if (j->incremental && hooks > 0 && !w->stop && (reusable || tr.nclaims)) {
		src.kept = !reusable;
		lede_reuse_key(j->site_key, a->path, src.digest, m->editions, src.key);
		src.size = (long long)st->st_size;
		src.mtime_s = (long long)st->st_mtim.tv_sec;
		src.mtime_ns = (long long)st->st_mtim.tv_nsec;
		src.ino = (long long)st->st_ino;
		src.checked = j->checked;
		src.date = lede_article_released(a);
		src.times = tr.times;
		src.later = tr.later;
		src.ntimes = tr.ntimes;
		lede_state_set_source(m->state, a->path, &src);
	}
	free(src.outlets); /* the names are the configuration's */
	free(src.taken);
	lede_trace_clear(&tr);
	bridge_detach(w, a);
	unref(j, a);
}

/* Whether the images src's renditions were made from are the same (see
 * lede_deps). */
static bool images_same(lede_engine *e, const lede_source *src)
{
	lede_deps d = {src->images, src->nimages, src->claims, src->nclaims};
	return lede_state_deps_same(e->state, e->root, &d);
}

void lede_article_file(const lede_engine *e, const char *path, lede_buf *full)
{
	if (path[0] != '/' && strcmp(e->root, "."))
		lede_buf_join(full, e->root, '/', path);
	else
		lede_buf_puts(full, path);
}

/* Before the editions scan: each article's stat, and whether it is the
 * one the state recorded. A file whose size, time and inode are those
 * recorded, and that was older than the recording build by two seconds,
 * is trusted to hold the same bytes (not read again). */
static void stat_source(lede_engine *e, job *j, size_t i)
{
	slot *sl = &j->slots[i];
	const char *path = j->paths[i];
	/* (relative to the site's folder: the kernel walks fewer names) */
	if (path[0] != '/' && j->root_fd >= 0) {
		sl->stat_ok = fstatat(j->root_fd, path, &sl->st, 0) == 0;
	} else {
		lede_buf full = LEDE_BUF_INIT;
		lede_article_file(e, path, &full);
		sl->stat_ok = stat(lede_buf_cstr(&full), &sl->st) == 0;
		lede_buf_free(&full);
	}
	sl->stat_ok = sl->stat_ok && S_ISREG(sl->st.st_mode);
	const lede_source *src = sl->stat_ok && !e->full ? lede_state_source(e->state, path) : NULL;
	if (src && src->size == (long long)sl->st.st_size &&
	    src->mtime_s == (long long)sl->st.st_mtim.tv_sec &&
	    src->mtime_ns == (long long)sl->st.st_mtim.tv_nsec &&
	    src->ino == (long long)sl->st.st_ino && src->mtime_s < src->checked - 1)
		sl->same = src;
}

/* fn for every article, on up to e->jobs threads (the caller's among
 * them), in runs of SPLIT_RUN: fn reads only what no other call writes,
 * and writes only its own slot. */
#define SPLIT_RUN 64

typedef struct {
	lede_engine *e;
	job *j;
	void (*fn)(lede_engine *, job *, size_t);
	atomic_size_t next;
} split;

static void *split_run(void *arg)
{
	split *sp = arg;
	for (;;) {
		size_t i = atomic_fetch_add(&sp->next, SPLIT_RUN);
		if (i >= sp->j->n)
			break;
		size_t end = i + SPLIT_RUN < sp->j->n ? i + SPLIT_RUN : sp->j->n;
		for (; i < end; i++)
			sp->fn(sp->e, sp->j, i);
	}
	return NULL;
}

static void each_article(lede_engine *e, job *j, void (*fn)(lede_engine *, job *, size_t))
{
	split sp = {.e = e, .j = j, .fn = fn};
	atomic_init(&sp.next, 0);
	int n = e->jobs > 1 ? e->jobs - 1 : 0;
	if ((size_t)n > j->n / (4 * SPLIT_RUN))
		n = (int)(j->n / (4 * SPLIT_RUN)); /* not worth a thread */
	pthread_t *t = lede_xcalloc((size_t)n + 1, sizeof *t);
	int started = 0;
	while (started < n && pthread_create(&t[started], NULL, split_run, &sp) == 0)
		started++;
	split_run(&sp);
	for (int i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	free(t);
}

static void stat_sources(lede_engine *e, job *j)
{
	j->checked = (long long)time(NULL);
	j->root_fd = open(e->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	each_article(e, j, stat_source);
	if (j->root_fd >= 0)
		close(j->root_fd);
	j->root_fd = -1;
}

/* The editions scan's: what the last scan read of an unchanged file. */
static bool known_edition(void *ud, size_t i, const char **text)
{
	const job *j = ud;
	const lede_source *src = j->slots[i].same;
	*text = src ? src->edition : NULL;
	return *text != NULL;
}

/* Whether the article at i is unchanged since the build that recorded its
 * entry in the state (its key, the outlets built, the embargoes decided the
 * same way at this build's time, its pages still there). A file
 * stat_sources trusts is not read again. */
static void decide_reuse(lede_engine *e, job *j, size_t i)
{
	slot *sl = &j->slots[i];
	const char *path = j->paths[i];
	lede_buf full = LEDE_BUF_INIT;
	lede_article_file(e, path, &full);
	const lede_source *src =
	    sl->stat_ok && !j->rebuild_all ? lede_state_source(e->state, path) : NULL;
	if (src && src->kept)
		src = NULL; /* (what it published was kept: it is built again) */
	char digest[LEDE_DIGEST_HEX] = "", key[LEDE_DIGEST_HEX];
	if (src && sl->same) {
		memcpy(digest, src->digest, sizeof digest);
	} else if (src) {
		size_t len;
		char *data = lede_read_file(lede_buf_cstr(&full), &len);
		if (data)
			lede_digest_of(data, len, digest);
		free(data);
	}
	lede_buf_free(&full);
	if (!src || !digest[0])
		return;
	lede_reuse_key(j->site_key, path, digest, e->editions, key);
	bool ok = !strcmp(key, src->key);
	size_t selected = 0;
	for (size_t k = 0; ok && k < e->noutlets; k++)
		if (e->outlets[k].selected) {
			ok = has_name(src->outlets, src->noutlets, e->outlets[k].cfg->name);
			selected++;
		}
	/* what it printed was said for every outlet it was built for: a
	 * build of some of them (--outlet) would not say all of it */
	ok = ok && (!src->messages || selected == src->noutlets);
	ok = ok && (!src->info || (src->info == 2) == e->quiet);
	for (size_t t = 0; ok && t < src->ntimes; t++)
		ok = (lede_date_compare(&src->times[t], &e->now) > 0) == src->later[t];
	ok = ok && images_same(e, src);
	/* its pages must still be there (a file deleted by hand) */
	for (size_t k = 0; ok && k < e->noutlets; k++) {
		bool recorded = false;
		const char *page =
		    j->colls[k] && !lede_collection_limited(j->colls[k])
		        ? lede_state_page_of(e->state, e->outlets[k].cfg->name, path, &recorded)
		        : NULL;
		j->pages[i * e->noutlets + k] = page;
		/* ...and its record, which the collections list it by (a
		 * manifest edited by hand may have lost it: built again, not
		 * left out of them) */
		ok = !page || (recorded && lede_state_exists(e->state, page));
	}
	sl->reuse = ok;
	sl->src = ok ? src : NULL;
}

/* Before the workers: which articles are unchanged (decide_reuse, on
 * every core), and for those, their pages claimed in the collections (so
 * that an article published now that wants one of them gets it or not as
 * a full build decides). */
static void plan_reuse(lede_engine *e, job *j)
{
	j->incremental = true;
	/* The link check reads every page's links as the page is made; a
	 * reused page gives it the links the last build recorded of it, so
	 * that build must have checked links too. */
	j->rebuild_all = e->full || e->setup_clock || (e->links && !lede_state_had_links(e->state));
	lede_reuse_site_key(e, j->site_key);
	lede_state_set_site_key(e->state, j->site_key, !j->rebuild_all);
	j->pages = lede_xcalloc(j->n * e->noutlets + 1, sizeof *j->pages);
	each_article(e, j, decide_reuse);
	/* in path order, as a full build offers them */
	for (size_t i = 0; i < j->n; i++) {
		slot *sl = &j->slots[i];
		const char *path = j->paths[i];
		const lede_source *src = sl->src;
		if (!src)
			continue;
		for (size_t k = 0; k < e->noutlets; k++) {
			lede_collection *c = j->colls[k];
			/* reused: decide_reuse looked every page up */
			const char *page = j->pages[i * e->noutlets + k];
			if (!page)
				continue;
			if (!sl->reserved)
				sl->reserved = lede_xcalloc(e->noutlets, sizeof *sl->reserved);
			sl->reserved[k] = lede_collection_reserve(c, path, src->date, page);
		}
	}
}

typedef struct {
	job *j;
	lede_engine *w;
	bool failed;                  /* its plugins did not load or set up */
	lede_buf log;                 /* what loading them said */
	int log_errors, log_warnings; /* ... and how many errors and warnings */
	double secs;                  /* --profile: how long it ran */
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
	wa->log_errors = w->nerrors;
	wa->log_warnings = w->nwarnings;
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
		/* The main thread prints messages in path order: it needs
		 * waking only for the slot it waits for (it takes those after
		 * it that are done by then without waiting). */
		pthread_mutex_lock(&j->lock);
		atomic_store(&j->slots[i].done, true);
		if (i == j->awaited)
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
void lede_flush(lede_engine *m, const lede_buf *b)
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
		lede_emit(m, lede_buf_cstr(&k), text + 1,
		          (size_t)(stop - text - 1)); /* m->sink: NULL */
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
	if (now - p->start < 1 || (now < p->next && done < total))
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
		/* Woken when a slot some way on is done, not for each one: a
		 * wake-up an article (10,000 of them when articles are reused
		 * in some microseconds each) takes a core from the workers.
		 * The progress line, though, moves on at least every tenth of
		 * a second. */
		pthread_mutex_lock(&j->lock);
		j->awaited = i + AWAIT_AHEAD < j->n ? i + AWAIT_AHEAD : j->n - 1;
		while (!atomic_load(&j->slots[i].done) && atomic_load(&j->running) > 0) {
			if (atomic_load(&j->slots[j->awaited].done))
				j->awaited = i; /* the one after it is done: this one, then */
			if (!prog.on) {
				pthread_cond_wait(&j->cond, &j->lock);
				continue;
			}
			struct timespec until;
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_nsec += 100000000;
			if (until.tv_nsec >= 1000000000) {
				until.tv_sec++;
				until.tv_nsec -= 1000000000;
			}
			if (pthread_cond_timedwait(&j->cond, &j->lock, &until) != 0) {
				pthread_mutex_unlock(&j->lock);
				progress_show(&prog, i, j->n);
				pthread_mutex_lock(&j->lock);
			}
		}
		pthread_mutex_unlock(&j->lock);
		if (!atomic_load(&j->slots[i].done))
			break; /* stopped before this article */
		if (j->slots[i].msgs.len)
			progress_clear(&prog);
		lede_flush(m, &j->slots[i].msgs);
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
			lede_flush(m, &j->slots[i].msgs);
			lede_buf_free(&j->slots[i].msgs);
		}
	bool ok = true;
	int made = started ? started : 1;
	for (int i = 0; i < made; i++) {
		lede_engine *w = args[i].w;
		if (args[i].failed && ok) {
			/* Printed, so counted, like every other message. */
			lede_flush(m, &args[i].log);
			m->nerrors += args[i].log_errors;
			m->nwarnings += args[i].log_warnings;
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
			m->old_records = lede_xrealloc(m->old_records, (m->nold_records + 1) *
			                                                   sizeof *m->old_records);
			m->old_records[m->nold_records++] = w->records;
			w->records = NULL;
			lede_value_pool_clear(&w->record_strs);
		}
		lede_engine_free(w);
	}
	free(args);
	free(t);
	return ok;
}

/* A reused article that a `limit` outlet chose (stand_in): its record
 * of the last build when there is one and the outlet writes no pages (a
 * feed); else (it was not among the newest last time, or its page is to
 * be claimed) it is built here, for that outlet, as a worker would. */
static void publish_stand_in(lede_engine *m, lede_outlet_rt *o, lede_collection *c,
                             const lede_article *stand_in)
{
	bool pages = o->format && o->format->has[LEDE_HOOK_RENDER];
	if (!pages && lede_state_had_record(m->state, o->cfg->name, stand_in->path)) {
		lede_keep_record(m, o, c, stand_in->path);
		return;
	}
	lede_extract_ctx *x = m->extractor ? lede_extract_ctx_new(m->extractor) : NULL;
	lede_article_opts opts = article_opts(m, x);
	lede_error err;
	lede_error_clear(&err);
	lede_article *a = lede_article_load(m->root, stand_in->path, &opts, &err);
	if (!a) {
		lede_report(m, &err, false);
		lede_keep_last(m, o, c, stand_in->path, false);
	} else {
		a->index = stand_in->index;
		if (lede_article_hooks(m, a) > 0)
			lede_outlet_publish(m, o, c, a, true);
		lede_article_release(m->L, a);
	}
	lede_extract_ctx_free(x);
}

/* The outlets a `limit` restricts: their newest articles (which the
 * workers chose and kept) through the rest of the outlet, on the main
 * state, newest first. Traced as the workers' part is: an article whose
 * part here escaped its inputs is built again next time. */
static void publish_limited(lede_engine *m, job *j)
{
	for (size_t k = 0; k < m->noutlets; k++) {
		lede_collection *c = j->colls[k];
		if (!c || !lede_collection_limited(c))
			continue;
		size_t n;
		lede_article **v = lede_collection_take(c, &n);
		for (size_t i = 0; m->shard_n && i < n; i++)
			lede_shard_pick_add(&j->picks, k, v[i]);
		size_t within = lede_collection_within_limit(c, v, n);
		for (size_t i = 0; i < n; i++) {
			lede_trace tr = {0};
			int said = m->nerrors + m->nwarnings;
			m->trace = j->incremental ? &tr : NULL;
			/* (past `within`: pushed out by a kept one, not published
			 * here; offered again next time, as a full build would) */
			if (i < within && !m->stop && v[i]->record)
				publish_stand_in(m, &m->outlets[k], c, v[i]);
			else if (i < within && !m->stop)
				lede_outlet_publish(m, &m->outlets[k], c, v[i], true);
			m->trace = NULL;
			/* (an embargo it compared was compared by its filter on the
			 * worker already, with the same outcome) */
			if (j->incremental && (tr.clock || tr.outside || tr.nclaims ||
			                       m->nerrors + m->nwarnings > said))
				lede_state_forget_source(m->state, v[i]->path);
			lede_trace_clear(&tr);
			if (!v[i]->record)
				bridge_detach(m, v[i]);
			unref(j, v[i]);
		}
		free(v);
	}
}

/* About what the records of n articles would take in memory: some 2 KB
 * for each in each outlet with collections and no `limit` (a `limit`
 * outlet keeps that many). */
static long long records_bytes(const lede_engine *e, size_t n)
{
	long long each = 0;
	for (size_t k = 0; k < e->noutlets; k++) {
		const lede_outlet_rt *o = &e->outlets[k];
		if (o->selected && o->format && o->format->has[LEDE_HOOK_INDEX])
			each += o->cfg->limit > 0 && (size_t)o->cfg->limit < n ? o->cfg->limit
			                                                       : (long long)n;
	}
	return each * 2048;
}

/* The build time as the state records it. */
static void now_text(lede_engine *e, lede_buf *out) { lede_date_rfc3339(&e->now, out); }

/* Ends the build in the output folder: what changed goes into place,
 * what no longer belongs there goes, the manifest is written. With
 * --strict, an error means nothing changes at all. */
void lede_build_commit(lede_engine *e)
{
	if (!e->state)
		return;
	const char **unbuilt = lede_xcalloc(e->noutlets + 1, sizeof *unbuilt);
	size_t n = 0;
	for (size_t k = 0; k < e->noutlets; k++)
		if (!e->outlets[k].selected)
			unbuilt[n++] = e->outlets[k].cfg->name;
	lede_state_keep_unbuilt(e->state, unbuilt, n, e->static_copied);
	free(unbuilt);
	lede_links_settle(e);
	/* Files two writers wrote: one error a file, in the order of the
	 * files (and counted before --strict decides). */
	size_t nc = lede_state_contests(e->state), lost;
	lede_state_forget_contested(e->state);
	for (size_t i = 0; i < nc; i += lost) {
		lede_buf loser = LEDE_BUF_INIT, winner = LEDE_BUF_INIT, p = LEDE_BUF_INIT;
		bool pages, statics;
		const char *rel =
		    lede_state_contest(e->state, i, &loser, &winner, &lost, &pages, &statics);
		if (statics) {
			lede_buf_reset(&loser);
			lede_buf_printf(&loser, "the static file %s/%s", e->cfg->static_dir, rel);
		}
		lede_buf_join(&p, e->outdir, '/', rel);
		char others[64] = "";
		if (lost > 1)
			snprintf(others, sizeof others, " (and %zu other write%s)", lost - 1,
			         lost == 2 ? "" : "s");
		lede_reportf(e, false, lede_buf_cstr(&p), 0, 0,
		             "written by %s and by %s%s; a file has one writer in a build, so it "
		             "holds what the first named wrote: %s",
		             lede_buf_cstr(&winner), lede_buf_cstr(&loser), others,
		             statics ? "remove the file from the static folder, or give what "
		                       "lede makes there a path of its own"
		             : pages ? "give the outlets' paths (path, index, tags, sections in "
		                       "lede.yaml) patterns that cannot give the same file"
		                     : "give the other write a path of its own (a file for the "
		                       "whole site is written once, from a finish hook)");
		lede_buf_free(&loser);
		lede_buf_free(&winner);
		lede_buf_free(&p);
	}
	/* A file where another needs a folder: one error a file, in the
	 * order of the files (and counted before --strict decides). */
	size_t nclash = lede_state_clashes(e->state);
	for (size_t i = 0; i < nclash; i++) {
		lede_buf fw = LEDE_BUF_INIT, uw = LEDE_BUF_INIT, p = LEDE_BUF_INIT;
		const char *under;
		size_t more;
		bool pages;
		const char *rel = lede_state_clash(e->state, i, &fw, &uw, &under, &more, &pages);
		lede_buf_join(&p, e->outdir, '/', under);
		char others[96] = "";
		if (more)
			snprintf(others, sizeof others, " (nor %zu other file%s under %s/)", more,
			         more == 1 ? "" : "s", rel);
		lede_reportf(e, false, lede_buf_cstr(&p), 0, 0,
		             "%s needs the folder %s/, where %s writes a file (it stands); "
		             "this one is not written%s: %s",
		             lede_buf_cstr(&uw), rel, lede_buf_cstr(&fw), others,
		             pages ? "give the outlets' paths (path, index, tags, sections in "
		                     "lede.yaml) patterns that cannot make a file where another "
		                     "needs a folder (a path ending in '/' makes a folder)"
		                   : "give the file or the write a path of its own");
		lede_buf_free(&fw);
		lede_buf_free(&uw);
		lede_buf_free(&p);
	}
	bool discard = e->strict && e->nerrors > 0;
	lede_error err;
	lede_error_clear(&err);
	if (lede_state_commit(e->state, discard, !e->no_prune, &e->commit, &err) != 0) {
		lede_report(e, &err, false);
		const lede_error *more;
		for (size_t i = 0; (more = lede_state_place_error(e->state, i)); i++)
			lede_report(e, more, false);
	}
	const char *rel;
	for (size_t i = 0; (rel = lede_state_spared(e->state, i)); i++) {
		lede_buf p = LEDE_BUF_INIT;
		lede_buf_join(&p, e->outdir, '/', rel);
		lede_reportf(e, true, lede_buf_cstr(&p), 0, 0,
		             "not removed: it is not the file lede wrote there (changed since, or "
		             "not lede's); remove it by hand if it should go");
		lede_buf_free(&p);
	}
	if (discard)
		lede_emitf(
		    e, "lede: --strict and %d error%s: nothing in the output folder was changed\n",
		    e->nerrors, e->nerrors == 1 ? "" : "s");
}

void lede_build_summary(lede_engine *e, size_t ok, size_t total)
{
	lede_emit_repeats(e);
	if (!e->quiet) {
		lede_buf b = LEDE_BUF_INIT;
		/* After a commit, distinct files; else every write (or check),
		 * none of which reached the output folder when a plugin
		 * failed to load or set up (on a worker, after the static
		 * files were copied). */
		size_t files = e->committed      ? e->commit.written
		               : e->config_error ? 0
		                                 : (size_t)e->nwritten;
		lede_buf_puts(&b, "lede: ");
		/* shards' logs are read side by side */
		if (e->shard_n)
			lede_buf_printf(&b, "shard %d/%d: ", e->shard_i, e->shard_n);
		else if (e->nmerge)
			lede_buf_printf(&b, "%zu shard%s merged: ", e->nmerge,
			                e->nmerge == 1 ? "" : "s");
		lede_buf_printf(&b, "%zu of %zu articles ready", ok, total);
		if (e->nreused)
			lede_buf_printf(&b, " (%zu unchanged)", e->nreused);
		lede_buf_printf(&b, ", %zu file%s %s", files, files == 1 ? "" : "s",
		                e->check_only ? "checked" : "written");
		if (!e->check_only && e->committed)
			lede_buf_printf(&b, " (%zu changed)", e->commit.changed);
		if (e->commit.kept)
			lede_buf_printf(&b, ", %zu kept from the last build", e->commit.kept);
		if (e->commit.removed)
			lede_buf_printf(&b, ", %zu removed", e->commit.removed);
		lede_buf_printf(&b, ", %d error%s, %d warning%s\n", e->nerrors,
		                e->nerrors == 1 ? "" : "s", e->nwarnings,
		                e->nwarnings == 1 ? "" : "s");
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
	                        .threads = j->t_workers,
	                        .records = e->check_only        ? 0
	                                   : e->records_on_disk ? 2
	                                                        : 1,
	                        .records_memory = e->records_memory,
	                        .peak_mib = lede_peak_mib()};
	lede_buf b = LEDE_BUF_INIT;
	lede_profile_format(e->prof, &t, &b);
	fwrite(b.data, 1, b.len, stderr);
	lede_buf_free(&b);
}

/* The last build state, read on a thread of its own while the build finds
 * its articles and loads its plugins. */
typedef struct {
	const char *outdir;
	lede_buf now;
	lede_state *s;
	lede_error err;
	double secs;
} state_reader;

static void *read_state(void *arg)
{
	state_reader *r = arg;
	double t0 = lede_clock();
	r->s = lede_state_read(r->outdir, lede_buf_cstr(&r->now), &r->err);
	r->secs = lede_clock() - t0;
	return NULL;
}

/* No article in the content folder where the last build published had
 * pages of articles: a checkout without its articles, not a site to empty
 * (building it would remove every page). An error, nothing built; lede
 * check says the same of the build. */
static void emptied(lede_engine *e, size_t had, bool check)
{
	lede_reportf(e, false, e->cfg->content_dir, 0, 0,
	             "no article in the content folder, where the last build into %s published "
	             "%zu page%s of articles; %s (a checkout without its articles?). To remove "
	             "them all, build with --allow-empty",
	             e->outdir, had, had == 1 ? "" : "s",
	             check ? "a build would build nothing" : "nothing was built");
	e->stop = true;
	e->config_error = true;
}

int lede_engine_build(lede_engine *e)
{
	double t0 = lede_clock(), cpu0 = e->prof ? cpu_time() : 0, span = 0;
	size_t n = 0;
	state_reader sr = {.outdir = e->outdir, .now = LEDE_BUF_INIT};
	pthread_t reader;
	bool reading = false;
	/* (lede check reads it too, changing nothing: an emptied content
	 * folder is its error as it is the build's) */
	{
		now_text(e, &sr.now);
		lede_error_clear(&sr.err);
		reading = pthread_create(&reader, NULL, read_state, &sr) == 0;
		if (!reading)
			read_state(&sr);
	}
	lede_content_unlisted unlisted = {0};
	char **paths = lede_content_find(e, &n, &unlisted);
	/* A plugin that cannot load or set up stops the build: publishing
	 * without it (a filter that holds back embargoed news, say) could put
	 * out what should not be. */
	if (lede_engine_prepare(e) != 0) {
		lede_engine_unprepared(e);
		e->stop = true;
		e->config_error = true;
	} else if (!paths) {
		e->stop = true;
		e->config_error = true;
	}
	if (e->check_only) {
		if (reading)
			pthread_join(reader, NULL);
		lede_buf_free(&sr.now);
		size_t had = sr.s && !e->stop && paths && !n && !e->allow_empty
		                 ? lede_state_article_pages(sr.s)
		                 : 0;
		if (had)
			emptied(e, had, true);
		lede_state_free(sr.s);
	} else {
		if (reading)
			pthread_join(reader, NULL);
		lede_buf_free(&sr.now);
		if (e->prof)
			lede_profile_add(e->prof, "state (read)", NULL, NULL, sr.secs);
		/* A folder of articles that cannot be listed: those the
		 * last build published from it are loaded (and fail to
		 * read, keeping their last version), not withdrawn. */
		if (!e->stop && !e->shard_n)
			lede_content_unlisted_add(sr.s, &unlisted, &paths, &n);
		/* No article where the last build published some: a checkout
		 * without its articles (a git submodule not fetched), not a
		 * site to empty; building it would remove every page. */
		size_t had = sr.s && !e->stop && paths && !n && !e->allow_empty && !e->shard_n
		                 ? lede_state_article_pages(sr.s)
		                 : 0;
		if (had)
			emptied(e, had, false);
		if (e->stop) { /* read, and left as it was */
			lede_state_free(sr.s);
		} else if (!sr.s) {
			lede_report(e, &sr.err, false);
			e->stop = true;
			e->config_error = true;
		} else {
			e->state = sr.s;
			lede_state_begin(e->state);
		}
	}
	/* A shard's file is written last: until then, none (a shard killed
	 * midway must not leave the last run's to be merged). */
	/* A shard writes its part only, and removes what its folder's last
	 * build made and it did not: in a whole site's folder (the live
	 * one), the rest of the site. */
	if (e->shard_n && e->state && lede_state_had_site(e->state)) {
		lede_reportf(e, false, e->outdir, 0, 0,
		             "holds a whole site's build (its .lede-manifest), and a shard would "
		             "remove every page of the other shards from it; give each shard a "
		             "folder of its own (-o shards/%d) and --merge them into this one",
		             e->shard_i);
		e->stop = true;
		e->config_error = true;
	}
	if (e->shard_n && e->state && !e->stop) {
		lede_state_set_shard(e->state);
		lede_shard_forget(e);
	}
	/* A shard cannot see the other shards' pages: the merge checks the
	 * links of them all. */
	if (!e->stop && !e->shard_n)
		lede_links_start(e);
	/* The editions map: read before any worker needs it (core/editions.h),
	 * from every article, a shard's too (its pages link to the others);
	 * a build that is not a shard reads it below, once it knows which
	 * files are unchanged. */
	if (!e->stop && paths && e->shard_n)
		e->editions =
		    lede_editions_scan(e->root, paths, n, e->cfg->language, &e->now, e->jobs,
		                       e->cfg->article_bytes, e->cfg->unicode_slugs);
	char shard_key[LEDE_DIGEST_HEX] = "";
	lede_shard_fails fails = {.n = 0};
	if (e->shard_n && paths) {
		lede_shard_select(e, paths, &n, shard_key);
		pthread_mutex_init(&fails.lock, NULL);
		e->shard_fails = &fails;
	}
	if (e->state && !e->stop)
		e->records_on_disk = records_bytes(e, n) > e->records_memory;
	job j = {.main = e, .paths = paths, .n = n, .t0 = t0, .root_fd = -1};
	j.slots = lede_xcalloc(n + 1, sizeof *j.slots);
	j.colls = lede_xcalloc(e->noutlets + 1, sizeof *j.colls);
	pthread_mutex_init(&j.lock, NULL);
	pthread_cond_init(&j.cond, NULL);
	for (size_t k = 0; k < e->noutlets; k++)
		if (e->outlets[k].selected)
			j.colls[k] = lede_collection_new(&e->outlets[k]);
	bool serial = e->strict;
	for (size_t i = 0; i < e->nplugins; i++) {
		serial |= e->plugins[i]->serial;
		if (e->plugins[i]->serial && e->shard_n && !e->stop) {
			lede_reportf(e, false, e->plugins[i]->chunk, 0, 0,
			             "plugin '%s' keeps state across articles (parallel = false), "
			             "which a shard that sees only some of them cannot; build this "
			             "site without --shard",
			             e->plugins[i]->name);
			e->stop = true;
			e->config_error = true;
		}
	}
	/* Incremental: the streaming build only (a build on one state is
	 * one where a plugin sees every article); a shard is always built
	 * whole. */
	bool incremental = !e->stop && !serial && e->state && !e->shard_n;
	if (incremental)
		TIMED(e, "reuse (stat)", NULL, stat_sources(e, &j));
	/* (not a shard) an unchanged file's front matter as the state
	 * recorded it */
	if (!e->stop && paths && !e->shard_n)
		TIMED(e, "editions", NULL,
		      e->editions =
		          lede_editions_scan_known(e->root, paths, n, e->cfg->language, &e->now,
		                                   e->jobs, incremental ? known_edition : NULL, &j,
		                                   e->cfg->article_bytes, e->cfg->unicode_slugs));
	if (incremental)
		TIMED(e, "reuse (keys)", NULL, plan_reuse(e, &j));
	size_t ready = 0, total = n;
	if (!e->stop && serial) {
		/* A plugin keeps state across articles (`parallel = false`), or
		 * --strict must stop at the first error: the build as a script
		 * runs it, on the main state: every article parsed and through
		 * its article hooks first, then each outlet in turn. */
		int rc;
		TIMED(e, "load", "(parse + article hooks)",
		      rc = lede_engine_load_paths(e, paths, n));
		paths = NULL; /* the engine's now, found once */
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
		/* static files: the merge's. A shard owns every file of the
		 * site it makes (lede.write, images): those the last build in
		 * its folder made and this one did not go, as static files go
		 * from a build that copies them. */
		if (!e->shard_n)
			TIMED(e, "static files", NULL, lede_engine_copy_static(e));
		else
			e->static_copied = true;
		int workers = e->jobs > 0 ? e->jobs : 1;
		if ((size_t)workers > n)
			workers = (int)n;
		span = lede_clock();
		bool ran = !workers || run_workers(e, &j, workers);
		span = lede_clock() - span;
		if (!ran) {
			lede_emitf(e,
			           "lede: a plugin failed to set up on a worker; nothing more was "
			           "published\n");
			e->config_error = true;
		}
		if (atomic_load(&j.stop) || e->config_error)
			e->stop = true;
		publish_limited(e, &j);
		/* Every article is published: the editions map (some 300 bytes
		 * an article, each source's share copied into the state) is
		 * not needed by the collections. */
		lede_editions_free(e->editions);
		e->editions = NULL;
		/* ...nor the articles' slots (some 230 bytes each) */
		for (size_t i = 0; i < n; i++) {
			lede_buf_free(&j.slots[i].msgs);
			free(j.slots[i].reserved);
		}
		free(j.slots);
		j.slots = NULL;
		free(j.pages);
		j.pages = NULL;
		/* The records and sources are all in: the manifest's part
		 * that holds them is written while the collections are made. */
		if (e->state && !e->stop && !e->config_error && !e->shard_n)
			lede_state_write_ahead(e->state);
		if (!e->stop)
			lede_collections_check(e, j.colls, e->noutlets);
		/* a shard's collections and finish hooks are the merge's */
		for (size_t k = 0; k < e->noutlets && !e->shard_n; k++)
			if (j.colls[k] && !e->stop)
				TIMED(e, "collections", e->outlets[k].cfg->name,
				      lede_collection_write(e, j.colls[k]));
		if (!e->shard_n)
			lede_engine_finish(e);
		ready = atomic_load(&j.ready);
		e->nreused = atomic_load(&j.reused);
	}
	if (e->state && !e->config_error) {
		e->committed = true;
		TIMED(e, "commit", "(rename, prune, manifest)", lede_build_commit(e));
	}
	/* The shard file, last: its list of files is the committed one, its
	 * counts the build's. */
	if (e->shard_n && e->state && e->committed && !e->stop)
		lede_shard_write(e, j.colls, &j.picks, shard_key, n, ready);
	/* Every file is known now (and in place): the broken links. */
	if (e->links)
		TIMED(e, "link check", NULL, lede_links_finish(e));
	if (e->state) {
		lede_state_free(e->state);
		e->state = NULL;
	}
	for (size_t k = 0; k < e->noutlets; k++)
		lede_collection_free(j.colls[k]);
	free(j.colls);
	for (size_t i = 0; j.slots && i < n; i++) {
		lede_buf_free(&j.slots[i].msgs);
		free(j.slots[i].reserved);
	}
	free(j.slots);
	free(j.pages);
	for (size_t i = 0; paths && i < n; i++)
		free(paths[i]);
	free(paths);
	lede_content_unlisted_free(&unlisted);
	lede_shard_picks_free(&j.picks);
	if (e->shard_fails) {
		lede_shard_fails_clear(&fails);
		pthread_mutex_destroy(&fails.lock);
		e->shard_fails = NULL;
	}
	pthread_mutex_destroy(&j.lock);
	pthread_cond_destroy(&j.cond);
	lede_editions_free(e->editions);
	e->editions = NULL;
	lede_build_summary(e, ready, total);
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
			if (e->arts[i] && lede_outlet_take(e, o, c, e->arts[i]) > 0)
				lede_collection_offer(c, e->arts[i], &kept);
		}
		size_t n;
		lede_article **v = lede_collection_take(c, &n);
		n = lede_collection_within_limit(c, v, n);
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
