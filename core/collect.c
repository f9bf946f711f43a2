/* collect.c: the collections of an outlet, kept as records while workers
 * publish the articles, then written through the format's index hook:
 * the index (paginated), the tag pages, the section fronts and, for
 * collection-only formats,
 * the feed. Also decides, whatever the workers' order, which article owns
 * a page two of them would write, and which articles a `limit` keeps. */
#include "collect.h"

#include "bridge.h"
#include "digest.h"
#include "escape.h"
#include "linkcheck.h"
#include "output.h"
#include "reuse.h"
#include "state.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define NSTRIPES 16

/* A date as lede_date_compare orders it, worked out once: sorting and
 * `limit` compare each date many times. */
typedef struct {
	int64_t s;
	int ns;
} when;

static when when_of(const lede_date *d) { return (when){lede_date_epoch(d), d->nsec}; }

/* newer() on dates worked out (lede_date_compare's order: epoch
 * seconds, then nanoseconds) */
static int newer_when(when a, const char *pa, when b, const char *pb)
{
	if (a.s != b.s)
		return a.s > b.s ? -1 : 1;
	if (a.ns != b.ns)
		return a.ns > b.ns ? -1 : 1;
	return strcmp(pa, pb);
}

/* Newest first, then by path: the order collections and `limit` use. */
static int newer(lede_date da, const char *pa, lede_date db, const char *pb)
{
	return newer_when(when_of(&da), pa, when_of(&db), pb);
}

typedef struct lede_collection_entry {
	lede_article *rec;
	lede_date date;   /* the source's release (lede_article_released), as the
	                   * article hooks left it: what the collections order by */
	const char *path; /* the source's: its record's, or a copy of its own
	                   * (own_path) when there is no record */
	bool own_path;
	const char *file;             /* the page it claimed (its claim's), or NULL */
	bool dropped;                 /* another article took its page */
	bool kept;                    /* kept from the last build (lede_collection_keep) */
	char digest[LEDE_DIGEST_HEX]; /* the record's (lede_record_digest), made with it */
} entry;

/* The records' digests, by record: what a collection page is made from. */
typedef struct {
	const lede_article *rec;
	const char *digest;
} digest_of;

struct writer;

/* What a collection's pages are made with: the records' digests, and the
 * writer that writes them. */
typedef struct {
	digest_of *v;
	size_t n;
	const char *site_key; /* NULL: pages are not reused */
	struct writer *wr;
} digests;

static int cmp_digest_of(const void *x, const void *y)
{
	const lede_article *a = ((const digest_of *)x)->rec, *b = ((const digest_of *)y)->rec;
	return a < b ? -1 : a > b;
}

static const char *digest_for(const digests *d, const lede_article *rec)
{
	digest_of k = {rec, NULL};
	const digest_of *f = bsearch(&k, d->v, d->n, sizeof *d->v, cmp_digest_of);
	return f ? f->digest : "";
}

typedef struct {
	char *file;
	entry *owner;
} claim;

typedef struct {
	char *file, *winner, *loser;
} dup;

struct lede_collection {
	lede_outlet_rt *o;
	pthread_mutex_t lock; /* guards entries, candidates, dups */
	entry **v;
	size_t n, cap;
	long long limit; /* 0: none */
	lede_article **cand;
	when *cand_when; /* each candidate's date */
	size_t ncand;
	dup *dups;
	size_t ndups;
	/* articles the last build published here that lede.yaml's filter
	 * or a plugin's filter hook no longer takes (lede_collection_filtered) */
	struct turned {
		char *path, *lang, *section;
		char *by; /* the plugin; NULL: lede.yaml's filter */
	} * filtered;
	size_t nfiltered;
	struct stripe {
		pthread_mutex_t lock; /* a page is claimed and written under its stripe */
		claim *tab;
		size_t cap, n;
	} stripes[NSTRIPES];
};

static uint64_t key_hash(const char *s) { return lede_digest64(s, strlen(s)); }

lede_collection *lede_collection_new(lede_outlet_rt *o)
{
	lede_collection *c = lede_xcalloc(1, sizeof *c);
	c->o = o;
	pthread_mutex_init(&c->lock, NULL);
	for (int i = 0; i < NSTRIPES; i++)
		pthread_mutex_init(&c->stripes[i].lock, NULL);
	c->limit = o->cfg->limit;
	return c;
}

void lede_collection_free(lede_collection *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		if (c->v[i]->own_path)
			free((char *)c->v[i]->path);
		free(c->v[i]);
	}
	free(c->v);
	free(c->cand);
	free(c->cand_when);
	for (size_t i = 0; i < c->ndups; i++) {
		free(c->dups[i].file);
		free(c->dups[i].winner);
		free(c->dups[i].loser);
	}
	free(c->dups);
	for (size_t i = 0; i < c->nfiltered; i++) {
		free(c->filtered[i].path);
		free(c->filtered[i].lang);
		free(c->filtered[i].section);
		free(c->filtered[i].by);
	}
	free(c->filtered);
	for (int i = 0; i < NSTRIPES; i++) {
		for (size_t k = 0; k < c->stripes[i].cap; k++)
			free(c->stripes[i].tab[k].file);
		free(c->stripes[i].tab);
		pthread_mutex_destroy(&c->stripes[i].lock);
	}
	pthread_mutex_destroy(&c->lock);
	free(c);
}

bool lede_collection_limited(const lede_collection *c) { return c->limit > 0; }

void lede_collection_filtered(lede_collection *c, const char *path, const char *lang,
                              const char *section, const char *by)
{
	struct turned t = {lede_xstrdup(path), lede_xstrdup(lang ? lang : ""),
	                   lede_xstrdup(section ? section : ""), by ? lede_xstrdup(by) : NULL};
	pthread_mutex_lock(&c->lock);
	c->filtered = lede_xrealloc(c->filtered, (c->nfiltered + 1) * sizeof *c->filtered);
	c->filtered[c->nfiltered++] = t;
	pthread_mutex_unlock(&c->lock);
}

lede_article *lede_collection_offer(lede_collection *c, lede_article *src, bool *kept)
{
	lede_article *out = NULL;
	*kept = false;
	lede_date released = lede_article_released(src);
	when w = when_of(&released);
	pthread_mutex_lock(&c->lock);
	if ((long long)c->ncand < c->limit) {
		c->cand = lede_xrealloc(c->cand, (c->ncand + 1) * sizeof *c->cand);
		c->cand_when = lede_xrealloc(c->cand_when, (c->ncand + 1) * sizeof *c->cand_when);
		c->cand_when[c->ncand] = w;
		c->cand[c->ncand++] = src;
		*kept = true;
	} else {
		/* The oldest kept one gives way to a newer article. */
		size_t old = 0;
		for (size_t i = 1; i < c->ncand; i++)
			if (newer_when(c->cand_when[i], c->cand[i]->path, c->cand_when[old],
			               c->cand[old]->path) > 0)
				old = i;
		if (newer_when(w, src->path, c->cand_when[old], c->cand[old]->path) < 0) {
			out = c->cand[old];
			c->cand[old] = src;
			c->cand_when[old] = w;
			*kept = true;
		}
	}
	pthread_mutex_unlock(&c->lock);
	return out;
}

static int cmp_cand(const void *x, const void *y)
{
	const lede_article *a = *(lede_article *const *)x, *b = *(lede_article *const *)y;
	return newer(lede_article_released(a), a->path, lede_article_released(b), b->path);
}

lede_article **lede_collection_take(lede_collection *c, size_t *n)
{
	lede_article **v = c->cand;
	*n = c->ncand;
	if (*n)
		qsort(v, *n, sizeof *v, cmp_cand);
	c->cand = NULL;
	free(c->cand_when);
	c->cand_when = NULL;
	c->ncand = 0;
	return v;
}

size_t lede_collection_within_limit(lede_collection *c, lede_article *const *v, size_t n)
{
	/* the kept records' dates, newest first */
	when *kept = lede_xcalloc(c->n + 1, sizeof *kept);
	const char **kpath = lede_xcalloc(c->n + 1, sizeof *kpath);
	size_t nk = 0;
	pthread_mutex_lock(&c->lock);
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i]->kept && !c->v[i]->dropped) {
			kept[nk] = when_of(&c->v[i]->date);
			kpath[nk++] = c->v[i]->path;
		}
	pthread_mutex_unlock(&c->lock);
	/* v is newest first: walk both lists as one, newest first, until
	 * `limit` places are taken */
	size_t taken = 0, i = 0;
	bool *used = lede_xcalloc(nk + 1, sizeof *used);
	while (i < n && (long long)taken < c->limit) {
		lede_date released = lede_article_released(v[i]);
		when w = when_of(&released);
		size_t best = nk;
		for (size_t k = 0; k < nk; k++) /* (a few: those that failed this build) */
			if (!used[k] && newer_when(kept[k], kpath[k], w, v[i]->path) < 0 &&
			    (best == nk ||
			     newer_when(kept[k], kpath[k], kept[best], kpath[best]) < 0))
				best = k;
		if (best < nk)
			used[best] = true; /* a kept one newer: it holds this place */
		else
			i++;
		taken++;
	}
	free(used);
	free(kept);
	free(kpath);
	return i;
}

/* The claim of file in stripe s, made (owner NULL) when there is none. */
static claim *stripe_claim(struct stripe *s, const char *file)
{
	if (s->n * 2 >= s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		claim *t = lede_xcalloc(cap, sizeof *t);
		for (size_t i = 0; i < s->cap; i++)
			if (s->tab[i].file) {
				size_t j = key_hash(s->tab[i].file) & (cap - 1);
				while (t[j].file)
					j = (j + 1) & (cap - 1);
				t[j] = s->tab[i];
			}
		free(s->tab);
		s->tab = t;
		s->cap = cap;
	}
	size_t j = key_hash(file) & (s->cap - 1);
	while (s->tab[j].file) {
		if (!strcmp(s->tab[j].file, file))
			return &s->tab[j];
		j = (j + 1) & (s->cap - 1);
	}
	s->tab[j].file = lede_xstrdup(file);
	s->n++;
	return &s->tab[j];
}

static void add_dup(lede_collection *c, const char *file, const char *winner, const char *loser)
{
	pthread_mutex_lock(&c->lock);
	c->dups = lede_xrealloc(c->dups, (c->ndups + 1) * sizeof *c->dups);
	c->dups[c->ndups++] = (dup){lede_xstrdup(file), lede_xstrdup(winner), lede_xstrdup(loser)};
	pthread_mutex_unlock(&c->lock);
}

/* Appends en to c's entries. */
static void append(lede_collection *c, entry *en)
{
	pthread_mutex_lock(&c->lock);
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->v = lede_xrealloc(c->v, c->cap * sizeof *c->v);
	}
	c->v[c->n++] = en;
	pthread_mutex_unlock(&c->lock);
}

/* Claims page file for en: of two entries that want one page, the newer
 * (then the first by path) has it, the other is dropped and the pair
 * reported. When en wins and write is set, e writes data under the
 * stripe's lock, and en owns the page only once it is written. Returns
 * the write's result (0 without one). */
static int claim_page(lede_engine *e, lede_collection *c, const char *file, entry *en, bool write,
                      const char *data, size_t len)
{
	struct stripe *s = &c->stripes[key_hash(file) % NSTRIPES];
	pthread_mutex_lock(&s->lock);
	claim *cl = stripe_claim(s, file);
	en->file = cl->file;
	int rc = 0;
	if (cl->owner && newer(en->date, en->path, cl->owner->date, cl->owner->path) > 0) {
		add_dup(c, file, cl->owner->path, en->path);
		en->dropped = true;
	} else {
		if (cl->owner) {
			add_dup(c, file, en->path, cl->owner->path);
			cl->owner->dropped = true;
		}
		if (write)
			rc = lede_write_out(e, file, data, len, c->o->cfg->name, en->path);
		if (rc == 0)
			cl->owner = en;
	}
	pthread_mutex_unlock(&s->lock);
	return rc;
}

int lede_collection_add(lede_engine *e, lede_collection *c, const lede_article *src,
                        lede_article *rec, const char *digest, const char *file, const char *data,
                        size_t len)
{
	entry *en = lede_xcalloc(1, sizeof *en);
	en->rec = rec;
	en->date = lede_article_released(src);
	/* the source is freed first; the record lives as long as the entry */
	en->own_path = !rec || !rec->path || strcmp(rec->path, src->path) != 0;
	en->path = en->own_path ? lede_xstrdup(src->path) : rec->path;
	if (rec)
		memcpy(en->digest, digest, sizeof en->digest);
	if (file) {
		int rc = claim_page(e, c, file, en, true, data, len);
		if (rc != 0) {
			if (en->own_path)
				free((char *)en->path);
			free(en);
			return rc;
		}
		/* a dropped entry stays too: its claim points at it */
	}
	append(c, en);
	return 0;
}

lede_collection_entry *lede_collection_reserve(lede_collection *c, const char *path, lede_date date,
                                               const char *file)
{
	entry *en = lede_xcalloc(1, sizeof *en);
	en->date = date;
	en->path = lede_xstrdup(path);
	en->own_path = true;
	claim_page(NULL, c, file, en, false, NULL, 0);
	append(c, en);
	return en;
}

void lede_collection_fill(lede_collection *c, lede_collection_entry *en, lede_article *rec,
                          const char *known)
{
	char digest[LEDE_DIGEST_HEX] = "";
	if (rec && known && strlen(known) == LEDE_DIGEST_HEX - 1)
		memcpy(digest, known, sizeof digest);
	else if (rec)
		lede_record_digest(rec, digest);
	pthread_mutex_lock(&c->lock);
	en->rec = rec;
	memcpy(en->digest, digest, sizeof digest);
	pthread_mutex_unlock(&c->lock);
}

void lede_collection_keep(lede_collection *c, lede_article *rec)
{
	lede_collection_reuse(c, rec, NULL);
	pthread_mutex_lock(&c->lock);
	c->v[c->n - 1]->kept = true; /* (the entry reuse appended last) */
	pthread_mutex_unlock(&c->lock);
}

void lede_collection_reuse(lede_collection *c, lede_article *rec, const char *known)
{
	entry *en = lede_xcalloc(1, sizeof *en);
	en->rec = rec;
	en->date = lede_article_released(rec);
	en->path = rec->path;
	if (known && strlen(known) == LEDE_DIGEST_HEX - 1)
		memcpy(en->digest, known, sizeof en->digest);
	else
		lede_record_digest(rec, en->digest);
	append(c, en);
}

void lede_collection_each(const lede_collection *c, lede_collection_fn fn, void *ud)
{
	for (size_t i = 0; i < c->n; i++) {
		const entry *en = c->v[i];
		lede_collection_item it = {en->rec, en->path, en->date, en->file, en->digest};
		fn(ud, &it);
	}
}

bool lede_collection_dropped(const lede_collection_entry *en) { return en->dropped; }

/* A record with its release (lede_article_released) worked out, for
 * sorting: a story written on the 3rd and released from embargo on the
 * 10th is listed among the 10th's, as the feeds date it. */
typedef struct {
	when w;
	lede_article *a;
} dated;

static int cmp_newest(const void *x, const void *y)
{
	const dated *a = x, *b = y;
	return newer_when(a->w, a->a->path, b->w, b->a->path);
}

static int cmp_oldest(const void *x, const void *y) { return -cmp_newest(x, y); }

static int cmp_title(const void *x, const void *y)
{
	int c = strcmp(((const dated *)x)->a->title, ((const dated *)y)->a->title);
	return c ? c : cmp_newest(x, y);
}

/* Sorts list[0..n) with cmp (on dated records). */
static void sort_records(lede_article **list, size_t n, int (*cmp)(const void *, const void *))
{
	dated *v = lede_xcalloc(n + 1, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		lede_date released = lede_article_released(list[i]);
		v[i] = (dated){when_of(&released), list[i]};
	}
	qsort(v, n, sizeof *v, cmp);
	for (size_t i = 0; i < n; i++)
		list[i] = v[i].a;
	free(v);
}

/* The page's file: page 1 is the index path, page n sits beside it in
 * page/n/. */
static void page_file(const char *index_path, int page, lede_buf *out)
{
	if (page == 1) {
		lede_buf_puts(out, index_path);
		return;
	}
	/* page/K/ beside the index, under the index's own file name: a
	 * text digest's or a sitemap's page 2 named index.html would be
	 * served as HTML, its titles (plain text, or JSON strings) read as
	 * markup. */
	const char *slash = strrchr(index_path, '/');
	const char *name = slash ? slash + 1 : index_path;
	lede_buf_put(out, index_path, (size_t)(name - index_path));
	lede_buf_printf(out, "page/%d/%s", page, name);
}

static void page_url(const char *index_path, int page, lede_buf *out)
{
	lede_buf f = LEDE_BUF_INIT;
	page_file(index_path, page, &f);
	const char *s = lede_buf_cstr(&f);
	size_t n = f.len;
	if (n >= 10 && !strcmp(s + n - 10, "index.html"))
		n -= 10;
	lede_buf_put(out, s, n);
	lede_buf_free(&f);
}

/* The digest of what a collection page is made from: the site's inputs
 * (templates, plugins, lede.yaml), the outlet, the page (file, number,
 * total, tag, section) and its records' digests, in order. */
static void page_key(const digests *dg, const lede_outlet_rt *o, lede_article **items, size_t n,
                     const char *file, int pg, int pages, const char *tag, const char *section,
                     char key[LEDE_DIGEST_HEX])
{
	lede_buf b = LEDE_BUF_INIT;
	lede_buf_printf(&b, "%s\n%s\n%s\n%d/%d\n%s%s\n%s%s\n", dg->site_key, o->cfg->name, file, pg,
	                pages, tag ? "t:" : "", tag ? tag : "", section ? "s:" : "",
	                section ? section : "");
	for (size_t i = 0; i < n; i++) {
		lede_buf_puts(&b, digest_for(dg, items[i]));
		lede_buf_putc(&b, '\n');
	}
	lede_digest_of(b.data, b.len, key);
	lede_buf_free(&b);
}

/* --- the page writer ---------------------------------------------------- */

/* A collection page is made on the main state (the format's index hook)
 * and then written (staged, hashed, scanned for links): a thread of its
 * own writes the pages, in the order they were made, while the main state
 * makes the next ones, so the two halves of a page's time overlap. What
 * failed is reported, in that order, when the outlet's collections are
 * done; --strict writes each page at once, to stop at the first error. */
#define WRITER_QUEUE 32
#define WRITER_BATCH 8

typedef struct wjob {
	struct wjob *next;
	char *file, *text;
	size_t len;
	char *maker;               /* the template that made it (the link check), or NULL */
	char key[LEDE_DIGEST_HEX]; /* kept for reuse under this key; "": not kept */
	lede_trace tr;             /* ...with the images it used */
	lede_error err;
} wjob;

typedef struct writer {
	lede_engine *e;
	const char *outlet;
	bool started; /* the thread runs (else each page is written at once) */
	pthread_t th;
	pthread_mutex_t lock;
	/* The writer waits on work (pages queued, or closing), woken once
	 * WRITER_BATCH pages wait rather than for each: a page is made in
	 * about the time the writer takes to write several, and a wake is a
	 * system call on the main thread. The main thread waits on idle
	 * (room in the queue, or every page written), woken once a batch
	 * has room rather than for each page written, for the same reason. */
	pthread_cond_t work, idle;
	bool sleeping;     /* the writer waits on work */
	int waiting;       /* ...and how many threads wait on idle */
	wjob *head, *tail; /* queued */
	size_t queued;
	bool busy; /* writing one */
	bool closing;
	wjob *failed, *failed_tail; /* written and failed, in order */
	/* the thread's own until it is joined */
	lede_profile *prof;
	int written, changed;
} writer;

static void wjob_free(wjob *j)
{
	free(j->file);
	free(j->text);
	free(j->maker);
	lede_trace_clear(&j->tr);
	free(j);
}

/* Writes j's page; false when that failed (j->err). */
static bool write_job(writer *w, wjob *j)
{
	bool changed;
	lede_error_clear(&j->err);
	if (lede_write_page(w->e, j->file, j->text, j->len, w->outlet, NULL, j->maker, NULL,
	                    w->prof, &changed, &j->err) != 0)
		return false;
	w->written++;
	w->changed += changed;
	if (j->key[0] && w->e->state)
		lede_state_set_page_key(w->e->state, j->file, j->key, j->tr.images, j->tr.nimages,
		                        j->tr.claims, j->tr.nclaims);
	return true;
}

static void *writer_main(void *ud)
{
	writer *w = ud;
	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->head && !w->closing) {
			w->sleeping = true;
			pthread_cond_wait(&w->work, &w->lock);
			w->sleeping = false;
		}
		wjob *j = w->head;
		if (!j)
			break;
		w->head = j->next;
		if (!w->head)
			w->tail = NULL;
		w->queued--;
		w->busy = true;
		if (w->waiting && w->queued <= WRITER_QUEUE - WRITER_BATCH)
			pthread_cond_broadcast(&w->idle); /* room for a batch */
		pthread_mutex_unlock(&w->lock);
		bool ok = write_job(w, j);
		pthread_mutex_lock(&w->lock);
		w->busy = false;
		if (w->waiting && !w->head)
			pthread_cond_broadcast(&w->idle); /* every page written */
		if (ok) {
			wjob_free(j);
		} else {
			j->next = NULL;
			if (w->failed_tail)
				w->failed_tail->next = j;
			else
				w->failed = j;
			w->failed_tail = j;
		}
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

static void writer_start(writer *w, lede_engine *e, const char *outlet)
{
	*w = (writer){.e = e, .outlet = outlet};
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->work, NULL);
	pthread_cond_init(&w->idle, NULL);
	if (e->prof)
		w->prof = lede_profile_new();
	w->started = !e->strict && pthread_create(&w->th, NULL, writer_main, w) == 0;
}

/* Writes file (text[0..len), taken) for the outlet, made by maker (taken);
 * key (or NULL) and tr (taken) as lede_state_set_page_key wants them. */
static void writer_put(writer *w, char *file, char *text, size_t len, char *maker, const char *key,
                       lede_trace *tr)
{
	wjob *j = lede_xcalloc(1, sizeof *j);
	j->file = file;
	j->text = text;
	j->len = len;
	j->maker = maker;
	if (key)
		snprintf(j->key, sizeof j->key, "%s", key);
	j->tr = *tr;
	memset(tr, 0, sizeof *tr);
	if (!w->started) {
		if (!write_job(w, j))
			lede_report(w->e, &j->err, false);
		wjob_free(j);
		return;
	}
	pthread_mutex_lock(&w->lock);
	while (w->queued >= WRITER_QUEUE) {
		w->waiting++;
		pthread_cond_wait(&w->idle, &w->lock);
		w->waiting--;
	}
	if (w->tail)
		w->tail->next = j;
	else
		w->head = j;
	w->tail = j;
	w->queued++;
	if (w->sleeping && w->queued >= WRITER_BATCH)
		pthread_cond_signal(&w->work);
	pthread_mutex_unlock(&w->lock);
}

void lede_page_writer_wait(writer *w)
{
	if (!w->started)
		return;
	pthread_mutex_lock(&w->lock);
	pthread_cond_signal(&w->work); /* fewer than a batch may wait */
	while (w->head || w->busy) {
		w->waiting++;
		pthread_cond_wait(&w->idle, &w->lock);
		w->waiting--;
	}
	pthread_mutex_unlock(&w->lock);
}

/* Waits for every page, then reports what failed and counts the rest. */
static void writer_finish(writer *w)
{
	if (w->started) {
		pthread_mutex_lock(&w->lock);
		w->closing = true;
		pthread_cond_signal(&w->work);
		pthread_mutex_unlock(&w->lock);
		pthread_join(w->th, NULL);
	}
	for (wjob *j = w->failed, *next; j; j = next) {
		next = j->next;
		lede_report(w->e, &j->err, false);
		wjob_free(j);
	}
	w->e->nwritten += w->written;
	w->e->nchanged += w->changed;
	if (w->prof) {
		lede_profile_merge(w->e->prof, w->prof);
		lede_profile_free(w->prof);
	}
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->work);
	pthread_cond_destroy(&w->idle);
}

/* --- making the pages ------------------------------------------------------
 * An outlet's pages are planned first, in order (index, tag pages, section
 * fronts): each page's key, and whether the last build's page is kept.
 * Then the pages to make are made in that order on the main state (and a
 * second one: "pages on two states" below), while a thread replays the
 * kept pages' links for the link check. A thin record (this build's past
 * --records-memory, and those reused from the last build: state.h) is
 * shown through a copy of its own for the page, which reads its authors,
 * meta and fragment back only if the hook asks. */

/* A page to make: its records, where it goes, its key ("": none), and
 * while it is made, the copies of its thin records shown. */
typedef struct {
	lede_article **v;
	size_t k;
	const char *index_path; /* the collection's, "…/index.html" */
	char *file;
	int pg, pages;
	const char *tag, *section;
	char key[LEDE_DIGEST_HEX];
	/* shown[0..k) in ar (NULL: every record is shown as it is) */
	lede_arena *ar;
	lede_article **shown;
} page_job;

typedef struct {
	page_job *v;
	size_t n, cap;
	char **paths; /* the collections' index paths */
	size_t npaths;
	/* the pages kept as they are: their links, replayed for the link
	 * check on a thread of their own while the others are made; err[i]
	 * the errno of one whose links could not be read back, else 0 */
	char **kept;
	int *err;
	size_t nkept, capkept;
	lede_engine *e;
} page_plan;

/* The records job's page shows: a thin one through a copy in an arena of
 * the job's (lede_record_shown), freed with it once the page is made. */
static void show_job(page_job *j)
{
	size_t i = 0;
	while (i < j->k && !j->v[i]->thin)
		i++;
	if (i < j->k) {
		j->ar = lede_arena_new();
		j->shown = lede_xcalloc(j->k + 1, sizeof *j->shown);
		for (i = 0; i < j->k; i++)
			j->shown[i] = lede_record_shown(j->ar, j->v[i]);
	}
}

/* ...and frees them. */
static void unshow_job(page_job *j)
{
	lede_arena_free(j->ar);
	free(j->shown);
	j->ar = NULL;
	j->shown = NULL;
}

/* The index path of a collection at path ("…/" gets index.html), kept in
 * pl. */
static const char *plan_path(page_plan *pl, const char *path)
{
	lede_buf b = LEDE_BUF_INIT;
	lede_buf_puts(&b, path);
	if (!b.len || b.data[b.len - 1] == '/')
		lede_buf_puts(&b, "index.html");
	pl->paths = lede_xrealloc(pl->paths, (pl->npaths + 1) * sizeof *pl->paths);
	return pl->paths[pl->npaths++] = lede_buf_detach(&b, NULL);
}

/* Plans the pages of the collection list[0..n) at index_path: a page
 * made from the same inputs as last time is kept, the others are to make. */
static void plan_collection(lede_engine *e, lede_outlet_rt *o, const digests *dg, page_plan *pl,
                            lede_article **list, size_t n, const char *index_path, const char *tag,
                            const char *section)
{
	index_path = plan_path(pl, index_path);
	int per = o->cfg->per_page > 0 ? o->cfg->per_page : (int)(n ? n : 1);
	int pages = n ? (int)((n + (size_t)per - 1) / (size_t)per) : 1;
	for (int pg = 1; pg <= pages && !e->stop; pg++) {
		size_t from = (size_t)(pg - 1) * (size_t)per;
		size_t k = from < n ? (n - from < (size_t)per ? n - from : (size_t)per) : 0;
		char key[LEDE_DIGEST_HEX] = "";
		lede_buf file = LEDE_BUF_INIT;
		page_file(index_path, pg, &file);
		if (dg->site_key) {
			/* Made from the same inputs as last time: kept. */
			page_key(dg, o, list + from, k, lede_buf_cstr(&file), pg, pages, tag,
			         section, key);
			if (lede_state_reuse_page(e->state, e->root, lede_buf_cstr(&file),
			                          o->cfg->name, key)) {
				/* its links, replayed while the pages are made */
				if (pl->nkept == pl->capkept) {
					pl->capkept = pl->capkept ? 2 * pl->capkept : 64;
					pl->kept =
					    lede_xrealloc(pl->kept, pl->capkept * sizeof *pl->kept);
				}
				pl->kept[pl->nkept++] = lede_buf_detach(&file, NULL);
				continue;
			}
		}
		if (pl->n == pl->cap) {
			pl->cap = pl->cap ? 2 * pl->cap : 64;
			pl->v = lede_xrealloc(pl->v, pl->cap * sizeof *pl->v);
		}
		page_job *j = &pl->v[pl->n++];
		*j = (page_job){.v = list + from,
		                .k = k,
		                .index_path = index_path,
		                .file = lede_buf_detach(&file, NULL),
		                .pg = pg,
		                .pages = pages,
		                .tag = tag,
		                .section = section};
		memcpy(j->key, key, sizeof key);
	}
}

/* A page made, until it is handed to the writer: the page (NULL: none),
 * the template that made it, what it used, and whether it is kept under
 * its key; with parallel pages, what making it said (printed in page
 * order). */
typedef struct {
	char *text;
	size_t len;
	char *maker;
	lede_trace tr;
	bool keyed;
	lede_buf msgs;
	bool done;
} page_out;

/* Makes job's page through the format's index hook on engine e (o: its
 * outlet), into out. */
static void render_page(lede_engine *e, lede_outlet_rt *o, page_job *j, page_out *out)
{
	const char *index_path = j->index_path;
	int pg = j->pg, pages = j->pages;
	lede_buf url = LEDE_BUF_INIT, prev = LEDE_BUF_INIT, next = LEDE_BUF_INIT;
	lede_buf text = LEDE_BUF_INIT;
	page_url(index_path, pg, &url);
	if (pg > 1)
		page_url(index_path, pg - 1, &prev);
	if (pg < pages)
		page_url(index_path, pg + 1, &next);
	bridge_page page = {pg,
	                    pages,
	                    j->tag,
	                    j->section,
	                    lede_buf_cstr(&url),
	                    pg > 1 ? lede_buf_cstr(&prev) : NULL,
	                    pg < pages ? lede_buf_cstr(&next) : NULL};
	lede_trace tr = {0};
	lede_article **shown = j->shown ? j->shown : j->v;
	e->trace = j->key[0] ? &tr : NULL;
	int rc = bridge_index(e, o, shown, j->k, &page, &text);
	e->trace = NULL;
	/* The page's records go from the Lua state with the call (a record
	 * is on several pages, each pushes it anew): the state holds a
	 * page's worth of them, not the whole archive. */
	for (size_t i = 0; i < j->k; i++)
		bridge_detach(e, shown[i]);
	/* what read the clock or wrote elsewhere is made again next time */
	out->keyed = j->key[0] && !tr.clock && !tr.outside && !tr.ntimes;
	out->maker = e->cur_template ? lede_xstrdup(e->cur_template) : NULL;
	e->cur_template = NULL; /* the next page starts afresh */
	out->tr = tr;
	if (rc > 0)
		out->text = lede_buf_detach(&text, &out->len);
	lede_buf_free(&text);
	lede_buf_free(&url);
	lede_buf_free(&prev);
	lede_buf_free(&next);
}

/* Hands job's page (out, taken) to the writer. */
static void deliver_page(const digests *dg, page_job *j, page_out *out)
{
	if (out->text) {
		writer_put(dg->wr, j->file, out->text, out->len, out->maker,
		           out->keyed ? j->key : NULL, &out->tr);
		j->file = NULL;
		out->text = NULL;
		out->maker = NULL;
	}
	free(out->maker);
	out->maker = NULL;
	lede_trace_clear(&out->tr);
}

static void make_page(lede_engine *e, lede_outlet_rt *o, const digests *dg, page_job *j)
{
	page_out out = {0};
	render_page(e, o, j, &out);
	deliver_page(dg, j, &out);
}

static void *replay_kept(void *ud)
{
	page_plan *pl = ud;
	for (size_t i = 0; i < pl->nkept; i++)
		pl->err[i] = lede_links_replay(pl->e, pl->kept[i], NULL, 0) ? errno : 0;
	return NULL;
}

/* --- pages on two states ---------------------------------------------------
 * A format that says `parallel = true` keeps nothing across its index
 * hook's calls, so its pages can be made on a helper state as well as on
 * the main one. Both take the next page in plan order; the main thread
 * hands the pages to the writer, and prints what making them said, in that
 * order, so the output and the messages are those of one state. The
 * records are shared: read-only in Lua (lua_article.c), and a thin one is
 * shown through each page's own copy. */

/* How far the helper may run ahead of the pages handed over (each waits,
 * made, in memory). */
#define CREW_AHEAD 32

typedef struct {
	lede_engine *m;    /* the main engine */
	lede_outlet_rt *o; /* ...and the outlet, its */
	page_plan *pl;
	page_out *out;      /* out[i]: page i, made (done) or not yet */
	atomic_size_t next; /* the next page to take */
	pthread_mutex_t lock;
	pthread_cond_t cond; /* pages handed over, or stopping: the helper waits */
	size_t handed;       /* pages handed to the writer, in order */
	bool waiting;        /* the helper waits on cond */
	bool stopping;
	/* the helper's, read once it is joined */
	int errors, warnings;
	lede_profile *prof;
} crew;

/* Makes page i on e (o: e's outlet) for the crew. */
static void crew_make(crew *c, lede_engine *e, lede_outlet_rt *o, size_t i)
{
	page_job *j = &c->pl->v[i];
	page_out *out = &c->out[i];
	show_job(j);
	e->sink = &out->msgs;
	render_page(e, o, j, out);
	e->sink = NULL;
	unshow_job(j);
	pthread_mutex_lock(&c->lock); /* (no one waits for it: crew_hand takes what is done) */
	out->done = true;
	pthread_mutex_unlock(&c->lock);
}

/* The helper: its own engine (made on this thread, as a sandbox's watchdog
 * signals the thread that made it) with the same plugins, taking pages
 * until none is left. One whose plugins do not set up takes none: the
 * main state makes them all, as without a helper. */
static void *crew_helper(void *arg)
{
	crew *c = arg;
	lede_engine *w = lede_engine_worker(c->m);
	if (c->m->prof)
		w->prof = lede_profile_new();
	lede_buf log = LEDE_BUF_INIT;
	w->sink = &log; /* the main state said it already */
	int rc = lede_engine_prepare(w);
	w->sink = NULL;
	lede_buf_free(&log);
	w->nerrors = w->nwarnings = 0;
	lede_outlet_rt *o = &w->outlets[c->o - c->m->outlets];
	if (rc == 0 && o->format && !o->format->failed) {
		pthread_mutex_lock(&c->lock);
		for (;;) {
			while (!c->stopping && atomic_load(&c->next) >= c->handed + CREW_AHEAD) {
				c->waiting = true;
				pthread_cond_wait(&c->cond, &c->lock);
				c->waiting = false;
			}
			if (c->stopping)
				break;
			size_t i = atomic_fetch_add(&c->next, 1);
			if (i >= c->pl->n)
				break;
			pthread_mutex_unlock(&c->lock);
			double t0 = w->prof ? lede_clock() : 0;
			crew_make(c, w, o, i);
			if (w->prof)
				lede_profile_add(w->prof, "pages on a second state", o->cfg->name,
				                 NULL, lede_clock() - t0);
			pthread_mutex_lock(&c->lock);
		}
		pthread_mutex_unlock(&c->lock);
	}
	c->errors = w->nerrors;
	c->warnings = w->nwarnings;
	c->prof = w->prof;
	w->prof = NULL;
	lede_engine_free(w);
	return NULL;
}

/* Hands the pages made so far to the writer, in order, with what making
 * them said. */
static void crew_hand(crew *c, const digests *dg)
{
	pthread_mutex_lock(&c->lock);
	while (c->handed < c->pl->n && c->out[c->handed].done) {
		size_t i = c->handed;
		pthread_mutex_unlock(&c->lock);
		page_out *out = &c->out[i];
		if (out->msgs.len)
			lede_flush(c->m, &out->msgs);
		lede_buf_free(&out->msgs);
		deliver_page(dg, &c->pl->v[i], out);
		pthread_mutex_lock(&c->lock);
		c->handed = i + 1;
	}
	/* once for what was handed, not for each page */
	if (c->waiting)
		pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

/* Makes the planned pages on the main state and a helper: true, or false
 * (nothing made) when the helper cannot start. */
static bool crew_pages(lede_engine *e, lede_outlet_rt *o, const digests *dg, page_plan *pl)
{
	crew c = {.m = e, .o = o, .pl = pl};
	c.out = lede_xcalloc(pl->n + 1, sizeof *c.out);
	atomic_init(&c.next, 0);
	pthread_mutex_init(&c.lock, NULL);
	pthread_cond_init(&c.cond, NULL);
	pthread_t helper;
	if (pthread_create(&helper, NULL, crew_helper, &c) != 0) {
		pthread_mutex_destroy(&c.lock);
		pthread_cond_destroy(&c.cond);
		free(c.out);
		return false;
	}
	while (!e->stop) {
		size_t i = atomic_fetch_add(&c.next, 1);
		if (i >= pl->n)
			break;
		crew_make(&c, e, o, i);
		crew_hand(&c, dg);
	}
	pthread_mutex_lock(&c.lock);
	c.stopping = true;
	pthread_cond_broadcast(&c.cond);
	pthread_mutex_unlock(&c.lock);
	pthread_join(helper, NULL);
	/* every page taken is made: those left, in order (after a stop,
	 * those never taken are not) */
	crew_hand(&c, dg);
	for (size_t i = c.handed; i < pl->n; i++) {
		lede_buf_free(&c.out[i].msgs);
		free(c.out[i].text);
		free(c.out[i].maker);
		lede_trace_clear(&c.out[i].tr);
	}
	e->nerrors += c.errors;
	e->nwarnings += c.warnings;
	if (c.prof) {
		lede_profile_merge(e->prof, c.prof);
		lede_profile_free(c.prof);
	}
	pthread_mutex_destroy(&c.lock);
	pthread_cond_destroy(&c.cond);
	free(c.out);
	return true;
}

/* Whether o's pages are made on two states: the format says it may
 * (`parallel = true`), the build has two cores for it, a writer thread
 * writes pages as they come (none under --strict, which stops at the
 * first error), and there are enough pages to be worth a second state's
 * setup. */
static bool crew_wanted(const lede_engine *e, const lede_outlet_rt *o, const digests *dg,
                        const page_plan *pl)
{
	return o->format && o->format->pages_parallel && e->jobs > 1 && dg->wr && dg->wr->started &&
	       pl->n >= 2 * CREW_AHEAD;
}

/* Makes the planned pages, in order, while the kept pages' links are
 * replayed. */
static void make_pages(lede_engine *e, lede_outlet_rt *o, const digests *dg, page_plan *pl)
{
	pl->e = e;
	pl->err = lede_xcalloc(pl->nkept + 1, sizeof *pl->err);
	pthread_t replay;
	bool replaying = pl->nkept && pthread_create(&replay, NULL, replay_kept, pl) == 0;
	if (!replaying)
		replay_kept(pl);
	bool crewed = crew_wanted(e, o, dg, pl) && crew_pages(e, o, dg, pl);
	for (size_t i = 0; i < pl->n && !e->stop && !crewed; i++) {
		page_job *j = &pl->v[i];
		show_job(j);
		make_page(e, o, dg, j);
		unshow_job(j);
	}
	if (replaying)
		pthread_join(replay, NULL);
	for (size_t i = 0; i < pl->nkept; i++)
		if (pl->err[i])
			lede_links_unread(e, pl->kept[i], pl->err[i]);
}

static void plan_free(page_plan *pl)
{
	for (size_t i = 0; i < pl->n; i++) {
		free(pl->v[i].file);
		lede_arena_free(pl->v[i].ar);
		free(pl->v[i].shown);
	}
	free(pl->v);
	for (size_t i = 0; i < pl->npaths; i++)
		free(pl->paths[i]);
	free(pl->paths);
	for (size_t i = 0; i < pl->nkept; i++)
		free(pl->kept[i]);
	free(pl->kept);
	free(pl->err);
}

/* One tag or section: its name, its slug, and its articles. */
typedef struct {
	char *name, *slug;
	lede_article **list;
	size_t n;
} tag_group;

/* Tags (or sections) by slug: the groups in the order met, and an open
 * addressing index of them (a site has thousands of tags). */
typedef struct {
	tag_group *g;
	size_t n, cap;
	size_t *idx; /* 0: empty, else the group's index + 1 */
	size_t icap;
	/* the spellings met, each with its group's index + 1 (open
	 * addressing, NULL names empty): a tag spelt as before is not
	 * slugged again. Valid until the groups are sorted. */
	struct spelt {
		char *name;
		size_t g;
	} * sp;
	size_t nsp, spcap;
	bool unicode; /* slugs: unicode */
	/* the names with no page that a Unicode slug would give one (ASCII
	 * slugs): how many, and the first few, for the warning */
	size_t nopage;
	char *nopage_names[4];
} groups;

/* The group of name's slug, made (named name) when it is new; NULL when
 * name slugs to nothing. Names that slug the same ("Open data",
 * "open-data") share a group, named after the first spelling met. */
static tag_group *group_by_slug(groups *gs, const char *name);

static tag_group *group_of(groups *gs, const char *name)
{
	if (!name)
		return NULL;
	if (gs->spcap) {
		size_t h = key_hash(name) & (gs->spcap - 1);
		while (gs->sp[h].name && strcmp(gs->sp[h].name, name) != 0)
			h = (h + 1) & (gs->spcap - 1);
		if (gs->sp[h].name)
			return gs->sp[h].g ? &gs->g[gs->sp[h].g - 1] : NULL;
	}
	tag_group *g = group_by_slug(gs, name);
	if (!g && !gs->unicode) {
		/* a name in another script (Москва, 東京): no page with ASCII
		 * slugs, one with Unicode slugs (an emoji has none either way) */
		lede_buf u = LEDE_BUF_INIT;
		lede_slugify_as(name, strlen(name), true, &u);
		bool named = u.len > 0;
		if (named && gs->nopage < sizeof gs->nopage_names / sizeof *gs->nopage_names) {
			/* (a name of any length: its first 60 bytes shown) */
			size_t len = strlen(name), cut = lede_utf8_cut(name, len, 60);
			lede_buf_reset(&u);
			lede_buf_put(&u, name, cut);
			if (cut < len)
				lede_buf_puts(&u, "...");
			gs->nopage_names[gs->nopage] = lede_buf_detach(&u, NULL);
		}
		gs->nopage += named;
		lede_buf_free(&u);
	}
	if ((gs->nsp + 1) * 2 > gs->spcap) {
		size_t cap = gs->spcap ? gs->spcap * 2 : 256;
		struct spelt *sp = lede_xcalloc(cap, sizeof *sp);
		for (size_t i = 0; i < gs->spcap; i++)
			if (gs->sp[i].name) {
				size_t h = key_hash(gs->sp[i].name) & (cap - 1);
				while (sp[h].name)
					h = (h + 1) & (cap - 1);
				sp[h] = gs->sp[i];
			}
		free(gs->sp);
		gs->sp = sp;
		gs->spcap = cap;
	}
	size_t h = key_hash(name) & (gs->spcap - 1);
	while (gs->sp[h].name)
		h = (h + 1) & (gs->spcap - 1);
	/* (a name with no page too: 0, not slugged again) */
	gs->sp[h] = (struct spelt){lede_xstrdup(name), g ? (size_t)(g - gs->g) + 1 : 0};
	gs->nsp++;
	return g;
}

static tag_group *group_by_slug(groups *gs, const char *name)
{
	lede_buf slug = LEDE_BUF_INIT;
	if (name)
		lede_slugify_as(name, strlen(name), gs->unicode, &slug);
	if (!slug.len) {
		lede_buf_free(&slug);
		return NULL;
	}
	if (gs->n * 2 >= gs->icap) {
		free(gs->idx);
		gs->icap = gs->icap ? gs->icap * 2 : 256;
		gs->idx = lede_xcalloc(gs->icap, sizeof *gs->idx);
		for (size_t x = 0; x < gs->n; x++) {
			size_t h = key_hash(gs->g[x].slug) & (gs->icap - 1);
			while (gs->idx[h])
				h = (h + 1) & (gs->icap - 1);
			gs->idx[h] = x + 1;
		}
	}
	size_t h = key_hash(slug.data) & (gs->icap - 1);
	while (gs->idx[h] && strcmp(gs->g[gs->idx[h] - 1].slug, slug.data) != 0)
		h = (h + 1) & (gs->icap - 1);
	if (gs->idx[h]) {
		lede_buf_free(&slug);
		return &gs->g[gs->idx[h] - 1];
	}
	if (gs->n == gs->cap) {
		gs->cap = gs->cap ? gs->cap * 2 : 64;
		gs->g = lede_xrealloc(gs->g, gs->cap * sizeof *gs->g);
	}
	/* a list from the start (capacity 1), so an empty group has one too */
	gs->g[gs->n] = (tag_group){lede_xstrdup(name), lede_buf_detach(&slug, NULL),
	                           lede_xcalloc(1, sizeof *gs->g->list), 0};
	gs->idx[h] = ++gs->n;
	return &gs->g[gs->n - 1];
}

/* Appends a to g's list, grown as it fills (its capacity is the power of
 * two at or above n): a tag's list holds its own articles, not room for
 * the whole archive. */
static void group_push(tag_group *g, lede_article *a)
{
	if ((g->n & (g->n - 1)) == 0)
		g->list = lede_xrealloc(g->list, (g->n ? 2 * g->n : 1) * sizeof *g->list);
	g->list[g->n++] = a;
}

static int cmp_tag(const void *x, const void *y)
{
	const tag_group *a = x, *b = y;
	int c = strcmp(a->slug, b->slug);
	return c ? c : strcmp(a->name, b->name);
}

/* Plans a collection per group, by slug, at pattern with its slug for
 * placeholder ("{tag}" or "{section}"). */
static void plan_groups(lede_engine *e, lede_outlet_rt *o, const digests *dg, page_plan *pl,
                        groups *gs, const char *pattern, const char *placeholder, bool tags)
{
	size_t plen = strlen(placeholder);
	if (gs->n)
		qsort(gs->g, gs->n, sizeof *gs->g, cmp_tag);
	for (size_t j = 0; j < gs->n && !e->stop; j++) {
		tag_group *g = &gs->g[j];
		lede_buf path = LEDE_BUF_INIT;
		for (const char *p = pattern; *p; p++) {
			if (!strncmp(p, placeholder, plen)) {
				lede_buf_puts(&path, g->slug);
				p += plen - 1;
			} else {
				lede_buf_putc(&path, *p);
			}
		}
		plan_collection(e, o, dg, pl, g->list, g->n, lede_buf_cstr(&path),
		                tags ? g->name : NULL, tags ? NULL : g->name);
		lede_buf_free(&path);
	}
}

static void groups_free(groups *gs)
{
	for (size_t j = 0; j < gs->n; j++) {
		free(gs->g[j].name);
		free(gs->g[j].slug);
		free(gs->g[j].list);
	}
	free(gs->g);
	free(gs->idx);
	for (size_t i = 0; i < gs->spcap; i++)
		free(gs->sp[i].name);
	free(gs->sp);
	for (size_t i = 0; i < gs->nopage && i < sizeof gs->nopage_names / sizeof *gs->nopage_names;
	     i++)
		free(gs->nopage_names[i]);
}

/* tags: {path: "tags/{tag}/"}: a collection per tag, in the order of the
 * outlet's list. Tags that slug the same share a page. */
static void tag_groups(lede_article **list, size_t n, groups *gs)
{
	for (size_t i = 0; i < n; i++) {
		const lede_value *tags = list[i]->tags;
		size_t len = tags && tags->type == LEDE_SEQ ? tags->u.list.n : 0;
		for (size_t k = 0; k < len; k++) {
			tag_group *g = group_of(gs, lede_value_str(tags->u.list.items[k]));
			if (g && (!g->n || g->list[g->n - 1] != list[i]))
				group_push(g, list[i]);
		}
	}
}

/* sections: {path: "{section}/", list: [...]}: a collection per section
 * (a section front), in the outlet's sort order, made for every section
 * its articles have (those of `list` with none too, so the navigation
 * never leads nowhere). Sections that slug the same share a front, named
 * after the first spelling in list order, then path order. */
static void section_groups(lede_engine *e, const lede_outlet_rt *o, lede_article **list, size_t n,
                           groups *gs)
{
	const lede_strs *names = &o->cfg->sections_list;
	for (size_t i = 0; i < names->n; i++)
		group_of(gs, names->v[i]);
	size_t listed = gs->n; /* (names that slug the same share one) */
	for (size_t i = 0; i < n; i++) {
		tag_group *g = group_of(gs, list[i]->section);
		if (g)
			group_push(g, list[i]);
	}
	/* A name of the list that no article has, near a section that
	 * articles have and the list does not name (`Feature` for
	 * `Features`): a typo, whose navigation leads to an empty front
	 * while the articles' front is in no navigation. (A section with
	 * no article yet, and no near one, is as planned.) */
	size_t ncands = gs->n - listed;
	const char **cands = lede_xcalloc(ncands + 1, sizeof *cands);
	for (size_t k = 0; k < ncands; k++)
		cands[k] = gs->g[listed + k].name;
	for (size_t i = 0; ncands && i < names->n; i++) {
		tag_group *g = group_of(gs, names->v[i]);
		const char *near = g && !g->n ? lede_nearest(names->v[i], cands, ncands) : NULL;
		/* (the section's articles: cands[k] names group listed + k) */
		size_t had = 0;
		for (size_t k = 0; near && k < ncands; k++)
			if (cands[k] == near)
				had = gs->g[listed + k].n;
		if (near)
			lede_reportf(
			    e, true, e->cfg->file, o->cfg->sections_line, o->cfg->sections_column,
			    "outlet '%s': sections: list names '%s', which no article has, and "
			    "not '%s', which %zu article%s: did you mean '%s'?",
			    o->cfg->name, names->v[i], near, had, had == 1 ? " has" : "s have",
			    near);
	}
	free(cands);
}

/* The warning for the names of gs (what: "tag", "section") that have no
 * page (pattern) with ASCII slugs and would have one with Unicode slugs. */
static void no_page(lede_engine *e, const lede_outlet_rt *o, const groups *gs, const char *what,
                    const char *pattern)
{
	if (!gs->nopage)
		return;
	lede_buf names = LEDE_BUF_INIT;
	size_t shown = sizeof gs->nopage_names / sizeof *gs->nopage_names;
	for (size_t i = 0; i < gs->nopage && i < shown; i++)
		lede_buf_printf(&names, "%s'%s'", i ? ", " : "", gs->nopage_names[i]);
	if (gs->nopage > shown)
		lede_buf_printf(&names, " and %zu more", gs->nopage - shown);
	lede_reportf(e, true, e->cfg->file, o->cfg->line, o->cfg->column,
	             "outlet '%s': %zu %s%s %s no page (%s): %s; slugs are ASCII, and %s no "
	             "Latin letter or digit. Set 'slugs: unicode' in lede.yaml to give %s",
	             o->cfg->name, gs->nopage, what, gs->nopage == 1 ? "" : "s",
	             gs->nopage == 1 ? "has" : "have", pattern, lede_buf_cstr(&names),
	             gs->nopage == 1 ? "it has" : "they have",
	             gs->nopage == 1 ? "it a page in its script" : "them pages in their script");
	lede_buf_free(&names);
}

static void build_index(lede_engine *e, lede_outlet_rt *o, const digests *dg, lede_article **list,
                        size_t n)
{
	if (!o->format || !o->format->has[LEDE_HOOK_INDEX])
		return;
	/* A collection-only outlet (a feed: no render hook) with a plain
	 * path writes its collection there. */
	const char *index_path = o->cfg->index_path;
	if (!index_path && !o->format->has[LEDE_HOOK_RENDER] && !strchr(o->cfg->path, '{'))
		index_path = o->cfg->path;
	page_plan pl = {0};
	groups tags = {.unicode = e->cfg->unicode_slugs},
	       sections = {.unicode = e->cfg->unicode_slugs};
	if (index_path)
		plan_collection(e, o, dg, &pl, list, n, index_path, NULL, NULL);
	if (o->cfg->tags_path) {
		tag_groups(list, n, &tags);
		plan_groups(e, o, dg, &pl, &tags, o->cfg->tags_path, "{tag}", true);
	}
	if (o->cfg->sections_path) {
		section_groups(e, o, list, n, &sections);
		plan_groups(e, o, dg, &pl, &sections, o->cfg->sections_path, "{section}", false);
	}
	no_page(e, o, &tags, "tag", o->cfg->tags_path);
	no_page(e, o, &sections, "section", o->cfg->sections_path);
	make_pages(e, o, dg, &pl);
	plan_free(&pl);
	groups_free(&tags);
	groups_free(&sections);
}

/* Whether two paths differ in their bytes but not as read: the same
 * letters, composed in one (NFC) and decomposed in the other (NFD). */
static bool same_seen(const char *a, const char *b)
{
	if (!strcmp(a, b))
		return false;
	char *na = (char *)utf8proc_NFC((const utf8proc_uint8_t *)a);
	char *nb = (char *)utf8proc_NFC((const utf8proc_uint8_t *)b);
	bool same = na && nb && !strcmp(na, nb);
	free(na);
	free(nb);
	return same;
}

static int cmp_dup(const void *x, const void *y)
{
	const dup *a = x, *b = y;
	int c = strcmp(a->loser, b->loser);
	return c ? c : strcmp(a->file, b->file);
}

typedef struct {
	lede_engine *e;
	lede_outlet_rt *o;
	lede_collection *c;
	size_t n;
} emptied_keep;

static int cmp_cstr(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* (bsearch's key: a path; qsort's: two entries) */
static int cmp_turned_path(const void *key, const void *x)
{
	return strcmp(*(char *const *)key, ((const struct turned *)x)->path);
}

static int cmp_turned(const void *x, const void *y)
{
	return strcmp(((const struct turned *)x)->path, ((const struct turned *)y)->path);
}

/* Whether the article's file holds the bytes the last build read (its
 * entry there), or no entry says. */
static bool unchanged(lede_engine *e, const char *article)
{
	const lede_source *src = lede_state_source(e->state, article);
	if (!src)
		return true;
	lede_buf full = LEDE_BUF_INIT;
	lede_article_file(e, article, &full);
	size_t len;
	char *data = lede_read_file(lede_buf_cstr(&full), &len);
	lede_buf_free(&full);
	char digest[LEDE_DIGEST_HEX] = "";
	if (data)
		lede_digest_of(data, len, digest);
	bool same = data && !strcmp(digest, src->digest);
	free(data);
	return same;
}

/* Strings, each once, sorted (by strset_done). */
typedef struct {
	const char **v;
	size_t n, cap;
} strset;

static void strset_add(strset *s, const char *x)
{
	if (!x || !*x)
		return;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = lede_xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = x;
}

static void strset_done(strset *s)
{
	if (s->n)
		qsort(s->v, s->n, sizeof *s->v, cmp_cstr);
	size_t u = 0;
	for (size_t i = 0; i < s->n; i++)
		if (!u || strcmp(s->v[u - 1], s->v[i]))
			s->v[u++] = s->v[i];
	s->n = u;
}

/* Whether article is still live, only no longer taken by c's outlet o:
 * another outlet of this build publishes it, or o's filter in lede.yaml
 * turned it away (c->filtered, sorted: a site of one outlet has no other
 * to tell a filter's typo from articles withdrawn); and its file is as it
 * was (an article edited out of o, its lang changed, leaves it). */
static bool live_elsewhere(lede_engine *e, const lede_collection *c, const char *article)
{
	bool live = c->nfiltered && bsearch(&article, c->filtered, c->nfiltered,
	                                    sizeof *c->filtered, cmp_turned_path);
	for (size_t i = 0; i < e->noutlets && !live; i++)
		live = &e->outlets[i] != c->o &&
		       lede_state_has_record(e->state, e->outlets[i].cfg->name, article);
	return live && unchanged(e, article);
}

static void keep_listed(void *ud, const char *article)
{
	emptied_keep *k = ud;
	if (!live_elsewhere(k->e, k->c, article))
		return;
	/* Built again next time: its source says the outlet did not take
	 * it, and a reuse would keep these pages for good. (Dropped first:
	 * the last one, marked kept, then keeps its renditions.) */
	lede_state_forget_source(k->e->state, article);
	if (lede_keep_last(k->e, k->o, k->c, article, true))
		k->n++;
}

/* Outlet o takes no article in this build. When the last build published
 * some there that are still live (published by other outlets, or turned
 * away by o's filter: one that matches none now, `lang: fra`; not articles
 * withdrawn, removed or back to draft), in
 * a whole site's build without --allow-empty: an error, and what it
 * published of each of those stays, as for articles that failed: true. */
static bool emptied(lede_engine *e, lede_outlet_rt *o, lede_collection *c)
{
	if (!e->state || e->allow_empty || e->shard_n)
		return false;
	if (c->nfiltered)
		qsort(c->filtered, c->nfiltered, sizeof *c->filtered, cmp_turned);
	emptied_keep k = {e, o, c, 0};
	lede_state_outlet_articles(e->state, o->cfg->name, keep_listed, &k);
	if (!k.n)
		return false;
	/* (a language no other outlet nor the site has: a likely typo) */
	const lede_outlet_filter *f = &o->cfg->filter;
	const char *near = NULL;
	if (f->lang.set && f->lang.n == 1) {
		const char **langs = lede_xcalloc(e->noutlets + c->nfiltered + 2, sizeof *langs);
		size_t n = 0;
		if (e->cfg->language && strcmp(e->cfg->language, f->lang.v[0]))
			langs[n++] = e->cfg->language;
		for (size_t i = 0; i < e->noutlets; i++)
			if (e->outlets[i].cfg->language &&
			    strcmp(e->outlets[i].cfg->language, f->lang.v[0]))
				langs[n++] = e->outlets[i].cfg->language;
		/* ...nor the articles it turned away */
		for (size_t i = 0; i < c->nfiltered; i++)
			if (*c->filtered[i].lang && strcmp(c->filtered[i].lang, f->lang.v[0]))
				langs[n++] = c->filtered[i].lang;
		near = lede_nearest(f->lang.v[0], langs, n);
		free(langs);
	}
	lede_buf hint = LEDE_BUF_INIT;
	/* (turned away by one plugin's filter hook alone: named) */
	const char *plugin = NULL;
	for (size_t i = 0; i < c->nfiltered; i++) {
		plugin = c->filtered[i].by;
		if (!plugin || (i && strcmp(plugin, c->filtered[0].by))) {
			plugin = NULL;
			break;
		}
	}
	if (plugin)
		lede_buf_printf(&hint, " (the filter hook of plugin '%s' turns them away)", plugin);
	else if (near)
		lede_buf_printf(&hint, " (its filter's lang '%s': did you mean '%s'?)",
		                f->lang.v[0], near);
	/* (a section no article it turned away has, near one they have:
	 * `section: [news]` for News) */
	for (size_t v = 0; !near && !plugin && f->section.set && v < f->section.n; v++) {
		const char *want = f->section.v[v];
		const char **secs = lede_xcalloc(c->nfiltered + 1, sizeof *secs);
		size_t n = 0;
		bool has = false;
		for (size_t i = 0; i < c->nfiltered && !has; i++) {
			has = !strcmp(c->filtered[i].section, want);
			if (*c->filtered[i].section)
				secs[n++] = c->filtered[i].section;
		}
		near = has ? NULL : lede_nearest(want, secs, n);
		if (near)
			lede_buf_printf(&hint, " (its filter's section '%s': did you mean '%s'?)",
			                want, near);
		free(secs);
	}
	/* (a tag none of the articles it turned away had, near one they had:
	 * `tags: [newsleter]`; their tags from the records the last build
	 * published here, read only now) */
	const lede_strs *want_tags[] = {&f->tags, &f->tags_any, &f->tags_all};
	if (!near && !plugin && (f->tags.n || f->tags_any.n || f->tags_all.n)) {
		lede_arena *ar = lede_arena_new();
		strset have = {0}; /* each tag once: 100k articles share some hundred */
		for (size_t i = 0; i < c->nfiltered; i++) {
			const lede_article *rec = lede_state_last(e->state, ar, true, o->cfg->name,
			                                          c->filtered[i].path, NULL);
			const lede_value *tags = rec ? rec->tags : NULL;
			for (size_t t = 0; tags && tags->type == LEDE_SEQ && t < tags->u.list.n;
			     t++)
				strset_add(&have, lede_value_str(tags->u.list.items[t]));
		}
		strset_done(&have);
		for (size_t l = 0; !near && l < 3; l++) {
			for (size_t v = 0; !near && v < want_tags[l]->n; v++) {
				const char *want = want_tags[l]->v[v];
				bool has = have.n && bsearch(&want, have.v, have.n, sizeof *have.v,
				                             cmp_cstr) != NULL;
				near = has ? NULL : lede_nearest(want, have.v, have.n);
				if (near)
					lede_buf_printf(
					    &hint, " (its filter's tag '%s': did you mean '%s'?)",
					    want, near);
			}
		}
		free(have.v);
		lede_arena_free(ar);
	}
	lede_reportf(e, false, e->cfg->file, o->cfg->line, o->cfg->column,
	             "outlet '%s' takes no article now%s, where the last build published %zu; "
	             "what it published stays. To empty it, build with --allow-empty",
	             o->cfg->name, lede_buf_cstr(&hint), k.n);
	lede_buf_free(&hint);
	return true;
}

static void had_any(void *ud, const char *article)
{
	(void)article;
	*(bool *)ud = true;
}

/* A value of an outlet's filter that no article has, near one that some
 * have: a warning that names both. true when one was found. */
static bool filter_typo(lede_engine *e, const lede_outlet_rt *o, const char *what,
                        const lede_strs *want, const strset *have)
{
	bool found = false;
	for (size_t v = 0; v < want->n; v++) {
		const char *w = want->v[v];
		if (have->n && bsearch(&w, have->v, have->n, sizeof *have->v, cmp_cstr))
			continue;
		const char *near = lede_nearest(w, have->v, have->n);
		if (!near)
			continue;
		lede_reportf(e, true, e->cfg->file, o->cfg->line, o->cfg->column,
		             "outlet '%s' takes no article: its filter's %s '%s' is no "
		             "article's; did you mean '%s'?",
		             o->cfg->name, what, w, near);
		found = true;
	}
	return found;
}

void lede_collections_check(lede_engine *e, lede_collection **colls, size_t n)
{
	if (e->shard_n || e->allow_empty)
		return;
	bool want = false;
	for (size_t k = 0; k < n; k++) {
		if (!colls[k])
			continue;
		const lede_outlet_filter *f = &colls[k]->o->cfg->filter;
		if (!colls[k]->n && (f->section.n || f->tags.n || f->tags_any.n || f->tags_all.n))
			want = true;
	}
	if (!want)
		return;
	/* what the articles have: their sections and tags as the outlets'
	 * records hold them (not a language: an edition planned, with no
	 * article yet, is not a typo of the site's) */
	strset sections = {0}, tags = {0};
	for (size_t k = 0; k < n; k++) {
		for (size_t i = 0; colls[k] && i < colls[k]->n; i++) {
			const lede_article *rec = colls[k]->v[i]->rec;
			if (!rec)
				continue;
			strset_add(&sections, rec->section);
			for (size_t t = 0;
			     rec->tags && rec->tags->type == LEDE_SEQ && t < rec->tags->u.list.n;
			     t++)
				strset_add(&tags, lede_value_str(rec->tags->u.list.items[t]));
		}
	}
	strset_done(&sections);
	strset_done(&tags);
	/* Each empty outlet the last build published nothing in (one it
	 * published in and no longer does is lede_collection_write's error). */
	for (size_t k = 0; k < n; k++) {
		if (!colls[k])
			continue;
		bool here = false;
		if (e->state)
			lede_state_outlet_articles(e->state, colls[k]->o->cfg->name, had_any,
			                           &here);
		if (colls[k]->n || here)
			continue;
		const lede_outlet_rt *o = colls[k]->o;
		const lede_outlet_filter *f = &o->cfg->filter;
		if (!filter_typo(e, o, "section", &f->section, &sections) &&
		    !filter_typo(e, o, "tag", &f->tags, &tags) &&
		    !filter_typo(e, o, "tag", &f->tags_any, &tags))
			filter_typo(e, o, "tag", &f->tags_all, &tags);
	}
	free(sections.v);
	free(tags.v);
}

/* Articles an outlet linking to another's pages left out, the page
 * missing there: how many, and the first by path (its language). */
typedef struct {
	size_t n;
	const char *first, *lang;
} link_missing;

/* The warnings for what outlet o left out (miss: by outlet linked to,
 * [2k] those whose language its filter does not take, [2k + 1] the
 * others). Each names one of them (the first by path) and says what to
 * do: a reader of the warning alone cannot tell which article, nor
 * whether to change the filter or the link. The outlets not built this
 * time are one warning naming each (a sitemap of every edition: 'web'
 * alone would leave the Spanish ones out still); the others one for each
 * outlet and cause, in the link_to list's order. */
static void report_missing(lede_engine *e, const lede_outlet_rt *o, const link_missing *miss)
{
	bool list = !o->cfg->link_tos.one;
	/* the outlets of the link_to list, in its order */
	size_t nk = 0;
	size_t *ks = lede_xcalloc(o->cfg->link_tos.n + 1, sizeof *ks);
	for (size_t n = 0; n < o->cfg->link_tos.n; n++)
		for (size_t k = 0; k < e->noutlets; k++)
			if (!strcmp(e->outlets[k].cfg->name, o->cfg->link_tos.v[n]))
				ks[nk++] = k;
	/* not built: one warning */
	lede_buf names = LEDE_BUF_INIT, opts = LEDE_BUF_INIT;
	size_t nnames = 0, total = 0, un = 0;
	const char *first = NULL;
	const lede_outlet_rt *first_at = NULL;
	for (size_t i = 0; i < nk; i++)
		total +=
		    !e->outlets[ks[i]].selected && (miss[2 * ks[i]].n || miss[2 * ks[i] + 1].n);
	for (size_t i = 0; i < nk; i++) {
		const lede_outlet_rt *t = &e->outlets[ks[i]];
		const link_missing *a = &miss[2 * ks[i]], *b = a + 1;
		if (t->selected || !(a->n || b->n))
			continue;
		un += a->n + b->n;
		for (int h = 0; h < 2; h++)
			if (a[h].first && (!first || strcmp(a[h].first, first) < 0))
				first = a[h].first, first_at = t;
		nnames++;
		lede_buf_printf(&names, "%s'%s'",
		                nnames == 1       ? ""
		                : nnames == total ? " and "
		                                  : ", ",
		                t->cfg->name);
		lede_buf_printf(&opts, " --outlet %s", t->cfg->name);
	}
	char more[64] = "";
	if (un > 1)
		snprintf(more, sizeof more, " and %zu more", un - 1);
	if (nnames > 1)
		lede_reportf(e, true, e->cfg->file, o->cfg->line, o->cfg->column,
		             "outlet '%s': %zu articles left out (%s%s): their pages in "
		             "outlets %s do not exist (not built by this build, nor by "
		             "the last one); build outlets %s too (%s)",
		             o->cfg->name, un, first, more, lede_buf_cstr(&names),
		             lede_buf_cstr(&names), lede_buf_cstr(&opts) + 1);
	else if (nnames)
		lede_reportf(e, true, e->cfg->file, o->cfg->line, o->cfg->column,
		             "outlet '%s': %zu article%s left out (%s%s): %s page in "
		             "outlet '%s' does not exist (not built by this build, nor "
		             "by the last one); build outlet '%s' too (--outlet %s)",
		             o->cfg->name, un, un == 1 ? "" : "s", first, more,
		             un == 1 ? "its" : "their", first_at->cfg->name, first_at->cfg->name,
		             first_at->cfg->name);
	lede_buf_free(&names);
	lede_buf_free(&opts);
	/* built: one for each outlet (and, for a list, cause) */
	for (size_t i = 0; i < nk; i++) {
		const lede_outlet_rt *t = &e->outlets[ks[i]];
		const link_missing *g = &miss[2 * ks[i]];
		if (!t->selected)
			continue;
		for (int h = 1; h >= 0; h--) {
			link_missing m = g[h];
			if (!list) { /* (one outlet: one warning, whatever the language) */
				if (!h)
					continue;
				m.n += g[0].n;
				if (g[0].first && (!m.first || strcmp(g[0].first, m.first) < 0))
					m.first = g[0].first, m.lang = g[0].lang;
			}
			if (!m.n)
				continue;
			size_t n = m.n;
			char more1[64] = "";
			if (n > 1)
				snprintf(more1, sizeof more1, " and %zu more", n - 1);
			const char *its = n == 1 ? "its" : "their", *it = n == 1 ? "it" : "them";
			if (list && !h)
				/* a sitemap of every edition none of whose outlets
				 * takes the language by its filter: the first listed
				 * stood in, and the filter is what to fix (`lang: de`
				 * for es) */
				lede_reportf(
				    e, true, e->cfg->file, o->cfg->line, o->cfg->column,
				    "outlet '%s': %zu article%s left out (%s%s): no outlet of "
				    "its link_to list takes %s language, '%s', by its filter: "
				    "{lang}, and %s page in '%s', the first listed, does not "
				    "exist; give the outlet of that edition the filter: {lang: "
				    "%s} (a typo there?), or give '%s' a filter: that leaves %s "
				    "out, without this warning",
				    o->cfg->name, n, n == 1 ? "" : "s", m.first, more1,
				    n == 1 ? "its" : "the first's", m.lang, its, t->cfg->name,
				    m.lang, o->cfg->name, it);
			else if (list)
				/* a sitemap of every edition: the outlet of the
				 * article's language in its list left it out */
				lede_reportf(
				    e, true, e->cfg->file, o->cfg->line, o->cfg->column,
				    "outlet '%s': %zu article%s left out (%s%s): %s page in "
				    "outlet '%s', the one of %s language in its link_to list, "
				    "does not exist (filtered out there, or failed: see its "
				    "error above); to list %s, publish %s in '%s', or give '%s' "
				    "a filter: that leaves %s out, without this warning",
				    o->cfg->name, n, n == 1 ? "" : "s", m.first, more1, its,
				    t->cfg->name, n == 1 ? "its" : "their", it, it, t->cfg->name,
				    o->cfg->name, it);
			else
				lede_reportf(
				    e, true, e->cfg->file, o->cfg->line, o->cfg->column,
				    "outlet '%s': %zu article%s left out (%s%s): %s page in "
				    "outlet '%s' does not exist (filtered out there, or "
				    "failed: see its error above); to list %s, link '%s' to an "
				    "outlet that publishes %s (link_to:), or give '%s' the "
				    "filter: of '%s' to leave %s out without this warning",
				    o->cfg->name, n, n == 1 ? "" : "s", m.first, more1, its,
				    t->cfg->name, it, o->cfg->name, it, o->cfg->name, t->cfg->name,
				    it);
		}
	}
	free(ks);
}

void lede_collection_write(lede_engine *e, lede_collection *c)
{
	lede_outlet_rt *o = c->o;
	/* Nothing taken where the last build published articles: what it
	 * published stays (the kept records listed below), with an error. */
	if (!c->n)
		emptied(e, o, c);
	/* Three articles or more wanting one page meet in the order the
	 * workers came: each loser is told of the page's last owner, the one
	 * a build on one thread names too. */
	for (size_t i = 0; i < c->ndups; i++) {
		struct stripe *st = &c->stripes[key_hash(c->dups[i].file) % NSTRIPES];
		const claim *cl = stripe_claim(st, c->dups[i].file);
		if (cl->owner && strcmp(cl->owner->path, c->dups[i].winner)) {
			free(c->dups[i].winner);
			c->dups[i].winner = lede_xstrdup(cl->owner->path);
		}
	}
	if (c->ndups)
		qsort(c->dups, c->ndups, sizeof *c->dups, cmp_dup);
	for (size_t i = 0; i < c->ndups && e->state; i++) {
		/* Two articles wanting one page are built again next time, so
		 * that the same one wins as in a full build. */
		lede_state_forget_source(e->state, c->dups[i].loser);
		lede_state_forget_source(e->state, c->dups[i].winner);
	}
	/* (a path without {slug}: another slug would not help) */
	bool slugged = o->cfg->path && strstr(o->cfg->path, "{slug}");
	for (size_t i = 0; i < c->ndups; i++)
		if (slugged)
			lede_reportf(
			    e, false, c->dups[i].loser, 0, 0,
			    "outlet '%s': %s would overwrite the page of %s; give one of "
			    "them another slug (slug: in its front matter)%s",
			    o->cfg->name, c->dups[i].file, c->dups[i].winner,
			    same_seen(c->dups[i].loser, c->dups[i].winner)
			        ? ". The two file names look the same: they differ only in "
			          "how their accented letters are written in Unicode (NFC "
			          "and NFD, as macOS and others save them); remove or rename "
			          "one"
			        : "");
		else
			lede_reportf(
			    e, false, c->dups[i].loser, 0, 0,
			    "outlet '%s': %s would overwrite the page of %s, as the "
			    "outlet's path '%s' has no {slug}; put {slug} in it (lede.yaml) "
			    "to give each article a page of its own",
			    o->cfg->name, c->dups[i].file, c->dups[i].winner, o->cfg->path);
	lede_article **list = lede_xcalloc(c->n + 1, sizeof *list);
	size_t count = 0;
	/* An outlet whose entries link to another's pages lists an article
	 * only if its page there exists after this build (written, or kept
	 * from the last good one), or, when that outlet was not built this
	 * time, if the last build published it. */
	/* ...what is left out, by outlet linked to and whether that one's
	 * filter takes the article's language (a sitemap of every edition
	 * falls back to the first listed when none does): each group its
	 * own warning, naming its first by path (stable) */
	link_missing *miss = lede_xcalloc(2 * e->noutlets + 1, sizeof *miss);
	for (size_t i = 0; i < c->n; i++) {
		lede_article *rec = c->v[i]->rec;
		if (c->v[i]->dropped || !rec)
			continue;
		/* (a sitemap of every edition links each article to the
		 * outlet of its language) */
		const lede_outlet *to = lede_config_link_for(e->cfg, o->cfg, rec->lang);
		const lede_outlet_rt *target = NULL;
		for (size_t k = 0; to && k < e->noutlets; k++)
			if (e->outlets[k].cfg == to)
				target = &e->outlets[k];
		/* A kept record whose page another article's took this build
		 * (one that lost the slug to it before, or a new one on its
		 * slug): listing both would give two entries one page. The
		 * page is the other's, whichever ran first: a full build would
		 * not have the failed article at all. */
		bool kept_here = c->v[i]->kept && !target;
		if ((kept_here || target) && e->state && rec->url) {
			lede_buf f = LEDE_BUF_INIT;
			lede_url_file(rec->url, &f);
			const char *file = lede_buf_cstr(&f);
			const char *owner =
			    kept_here ? lede_state_page_owner(e->state, file) : NULL;
			/* its own page: a file there that another article's
			 * page took (two on one slug) is not (a record always
			 * has its path: record_of_text requires it) */
			bool there = target ? lede_state_has_page(e->state, file, rec->path,
			                                          !target->selected)
			                    : !owner || !strcmp(owner, rec->path);
			if (!there && !target)
				lede_reportf(
				    e, false, rec->path, 0, 0,
				    "outlet '%s': the page kept from the last build, %s, is now "
				    "%s's (the same slug): this article is left out of the "
				    "outlet until it builds again; give one of them another "
				    "slug (slug: in its front matter)",
				    o->cfg->name, file, owner);
			lede_buf_free(&f);
			if (!there) {
				if (target) {
					link_missing *m =
					    &miss[2 * (size_t)(target - e->outlets) +
					          lede_outlet_takes_lang(target->cfg, rec->lang)];
					m->n++;
					if (!m->first || strcmp(rec->path, m->first) < 0)
						m->first = rec->path, m->lang = rec->lang;
				}
				continue;
			}
		}
		list[count++] = rec;
	}
	report_missing(e, o, miss);
	free(miss);
	/* `limit`: the newest N, whether published now or kept from the last
	 * good build. */
	if (c->limit && (long long)count > c->limit) {
		sort_records(list, count, cmp_newest);
		count = (size_t)c->limit;
	}
	const char *sort = o->cfg->sort;
	sort_records(list, count,
	             !sort || !strcmp(sort, "-date") ? cmp_newest
	             : !strcmp(sort, "date")         ? cmp_oldest
	                                             : cmp_title);
	writer wr;
	digests dg = {lede_xcalloc(c->n + 1, sizeof *dg.v), 0,
	              e->state ? lede_state_site_key(e->state) : NULL, &wr};
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i]->rec && !c->v[i]->dropped)
			dg.v[dg.n++] = (digest_of){c->v[i]->rec, c->v[i]->digest};
	qsort(dg.v, dg.n, sizeof *dg.v, cmp_digest_of);
	if (!e->stop) {
		int shared = bridge_outlet_begin(e, o);
		int errors = e->nerrors;
		e->cur_outlet = o->cfg->name;
		writer_start(&wr, e, o->cfg->name);
		e->page_writer = &wr;
		build_index(e, o, &dg, list, count);
		e->page_writer = NULL;
		writer_finish(&wr);
		e->cur_outlet = NULL;
		bridge_outlet_end(e, o, shared);
		/* A format or template that fails keeps the outlet's collections
		 * as the last good build left them: never an empty index. */
		if (e->nerrors > errors && e->state &&
		    lede_state_keep(e->state, o->cfg->name, NULL, NULL))
			lede_reportf(
			    e, true, e->cfg->file, o->cfg->line, o->cfg->column,
			    "outlet '%s': its collections failed; the pages of the last good "
			    "build stay",
			    o->cfg->name);
	}
	free(dg.v);
	free(list);
}
