/* shard.c: a build split into shards and their merge (shard.h,
 * docs/scaling.md). The shard file is JSON lines: a header (the shard,
 * the inputs' digest, the build time), then per outlet entry one line
 * (article, date, page claimed, digest) followed by its record on a line
 * of its own (lede_record_encode), the `limit` picks, the files, and a
 * trailer with the counts (a file without it was cut short). */
#include "shard.h"

#include "linkcheck.h"
#include "output.h"
#include "profile.h"
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SHARD_FORMAT 1

/* --- which shard ---------------------------------------------------------- */

int lede_shard_of(const lede_engine *e, const char *path, int n)
{
	const char *dir = e->cfg->content_dir;
	size_t len = strlen(dir);
	const char *rel = path;
	if (!strncmp(path, dir, len) && path[len] == '/')
		rel = path + len + 1;
	uint64_t h = lede_hash(rel, strlen(rel)); /* the same for every lede: shards stay */
	return n > 0 ? (int)(h % (uint64_t)n) : 0;
}

void lede_shard_select(lede_engine *e, char **paths, size_t *n, char key[LEDE_DIGEST_HEX])
{
	lede_reuse_inputs_key(e, paths, *n, key);
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++) {
		if (lede_shard_of(e, paths[i], e->shard_n) == e->shard_i)
			paths[kept++] = paths[i];
		else
			free(paths[i]);
	}
	*n = kept;
}

void lede_shard_forget(lede_engine *e)
{
	lede_buf path = LEDE_BUF_INIT;
	lede_buf_printf(&path, "%s/%s", e->outdir, LEDE_SHARD_FILE);
	if (unlink(lede_buf_cstr(&path)) != 0 && errno != ENOENT)
		lede_reportf(e, false, lede_buf_cstr(&path), 0, 0,
		             "cannot remove the last build's shard file: %s", strerror(errno));
	lede_buf_free(&path);
}

bool lede_shard_fail(lede_engine *e, const char *outlet, const char *path)
{
	lede_shard_fails *f = e->parent ? e->parent->shard_fails : e->shard_fails;
	if (!f)
		return false;
	lede_buf k = LEDE_BUF_INIT;
	lede_buf_printf(&k, "%s\t%s", outlet, path);
	pthread_mutex_lock(&f->lock);
	f->v = lede_xrealloc(f->v, (f->n + 1) * sizeof *f->v);
	f->v[f->n++] = lede_buf_detach(&k, NULL);
	pthread_mutex_unlock(&f->lock);
	return true;
}

void lede_shard_fails_clear(lede_shard_fails *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i]);
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

void lede_shard_pick_add(lede_shard_picks *p, size_t outlet, const lede_article *a)
{
	p->v = lede_xrealloc(p->v, (p->n + 1) * sizeof *p->v);
	p->v[p->n++] = (lede_shard_pick){outlet, lede_xstrdup(a->path), lede_article_released(a)};
}

void lede_shard_picks_free(lede_shard_picks *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].path);
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

/* --- dates as JSON: every field, so a date comes back as it was ----------- */

static json_t *date_json(const lede_date *d)
{
	return json_pack("[iiiiiiiibb]", d->year, d->month, d->day, d->hour, d->min, d->sec,
	                 d->nsec, d->offset, d->has_time, d->has_zone);
}

static bool json_date(json_t *a, lede_date *d)
{
	if (!json_is_array(a) || json_array_size(a) != 10)
		return false;
	int f[8];
	for (int i = 0; i < 8; i++) {
		json_t *x = json_array_get(a, (size_t)i);
		if (!json_is_integer(x))
			return false;
		f[i] = (int)json_integer_value(x);
	}
	json_t *t = json_array_get(a, 8), *z = json_array_get(a, 9);
	if (!json_is_boolean(t) || !json_is_boolean(z))
		return false;
	*d = (lede_date){f[0],           f[1], f[2], f[3], f[4], f[5], f[6], f[7], json_is_true(t),
	                 json_is_true(z)};
	return true;
}

static bool same_date(const lede_date *a, const lede_date *b)
{
	return a->year == b->year && a->month == b->month && a->day == b->day &&
	       a->hour == b->hour && a->min == b->min && a->sec == b->sec && a->nsec == b->nsec &&
	       a->offset == b->offset && a->has_time == b->has_time && a->has_zone == b->has_zone;
}

/* --- the shard's side ----------------------------------------------------- */

typedef struct {
	FILE *f;
	const char *outlet;
	lede_buf rec;
	bool failed;
} writer;

/* Writes o as one line (o is consumed). */
static void put_line(writer *w, json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	json_decref(o);
	if (!s || fputs(s, w->f) == EOF || fputc('\n', w->f) == EOF)
		w->failed = true;
	free(s);
}

static json_t *opt_str(const char *s) { return s ? json_string(s) : json_null(); }

/* The entries in path order, so that a shard's file is the same at
 * every -j. */
typedef struct {
	lede_collection_item *v;
	size_t n;
} items;

static void gather(void *ud, const lede_collection_item *it)
{
	items *l = ud;
	l->v = lede_xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n++] = *it;
}

static int cmp_item(const void *x, const void *y)
{
	const lede_collection_item *a = x, *b = y;
	return strcmp(a->path, b->path);
}

typedef struct {
	char *rel;
	const char *outlet, *article;
} file_line;

typedef struct {
	file_line *v;
	size_t n;
} file_lines;

static void gather_file(void *ud, const char *rel, const char *outlet, const char *article)
{
	file_lines *l = ud;
	l->v = lede_xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n++] = (file_line){lede_xstrdup(rel), outlet, article};
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static int cmp_file_line(const void *x, const void *y)
{
	return strcmp(((const file_line *)x)->rel, ((const file_line *)y)->rel);
}

int lede_shard_write(lede_engine *e, lede_collection **colls, const lede_shard_picks *picks,
                     const char *key, size_t articles, size_t ready)
{
	lede_buf path = LEDE_BUF_INIT, tmp = LEDE_BUF_INIT, now = LEDE_BUF_INIT;
	lede_buf_printf(&path, "%s/%s", e->outdir, LEDE_SHARD_FILE);
	lede_buf_printf(&tmp, "%s/%s.tmp", e->outdir, LEDE_SHARD_FILE);
	lede_date_rfc3339(&e->now, &now);
	writer w = {.rec = LEDE_BUF_INIT};
	if (lede_mkdirs(e->outdir) == 0)
		w.f = fopen(lede_buf_cstr(&tmp), "w");
	int rc = 0;
	if (!w.f) {
		lede_reportf(e, false, lede_buf_cstr(&tmp), 0, 0, "cannot write the shard file: %s",
		             strerror(errno));
		rc = -1;
		goto out;
	}
	put_line(&w, json_pack("{sisssisissssso}", "lede_shard", SHARD_FORMAT, "version",
	                       LEDE_VERSION_STRING, "shard", e->shard_i, "of", e->shard_n, "inputs",
	                       key, "now", lede_buf_cstr(&now), "time", date_json(&e->now)));
	for (size_t k = 0; k < e->noutlets; k++) {
		if (!colls[k])
			continue;
		items l = {0};
		lede_collection_each(colls[k], gather, &l);
		if (l.n)
			qsort(l.v, l.n, sizeof *l.v, cmp_item);
		const char *name = e->outlets[k].cfg->name;
		for (size_t i = 0; i < l.n && !w.failed; i++) {
			const lede_collection_item *it = &l.v[i];
			put_line(&w,
			         json_pack("{sssssosososb}", "outlet", name, "article", it->path,
			                   "date", date_json(&it->date), "page", opt_str(it->file),
			                   "digest", json_string(it->rec ? it->digest : ""),
			                   "record", it->rec != NULL));
			if (it->rec) {
				w.rec.len = 0;
				lede_record_encode(it->rec, &w.rec);
				lede_buf_putc(&w.rec, '\n');
				if (fwrite(w.rec.data, 1, w.rec.len, w.f) != w.rec.len)
					w.failed = true;
			}
		}
		free(l.v);
	}
	for (size_t i = 0; i < picks->n; i++)
		put_line(&w, json_pack("{ssssso}", "limit",
		                       e->outlets[picks->v[i].outlet].cfg->name, "article",
		                       picks->v[i].path, "date", date_json(&picks->v[i].date)));
	lede_shard_fails *fails = e->shard_fails;
	if (fails && fails->n)
		qsort(fails->v, fails->n, sizeof *fails->v, cmp_str);
	for (size_t i = 0; fails && i < fails->n; i++) {
		const char *tab = strchr(fails->v[i], '\t');
		if (i && !strcmp(fails->v[i], fails->v[i - 1]))
			continue;
		put_line(&w, json_pack("{ss#ss}", "failed", fails->v[i], (int)(tab - fails->v[i]),
		                       "article", tab + 1));
	}
	file_lines fl = {0};
	if (e->state)
		lede_state_each(e->state, gather_file, &fl);
	if (fl.n)
		qsort(fl.v, fl.n, sizeof *fl.v, cmp_file_line);
	for (size_t i = 0; i < fl.n; i++) {
		put_line(&w,
		         json_pack("{sssoso}", "file", fl.v[i].rel, "outlet",
		                   opt_str(fl.v[i].outlet), "article", opt_str(fl.v[i].article)));
		free(fl.v[i].rel);
	}
	free(fl.v);
	put_line(&w, json_pack("{sbsIsIsisi}", "end", 1, "articles", (json_int_t)articles, "ready",
	                       (json_int_t)ready, "errors", e->nerrors, "warnings", e->nwarnings));
	if (fclose(w.f) != 0)
		w.failed = true;
	if (w.failed || rename(lede_buf_cstr(&tmp), lede_buf_cstr(&path)) != 0) {
		lede_reportf(e, false, lede_buf_cstr(&path), 0, 0,
		             "cannot write the shard file: %s", strerror(errno ? errno : EIO));
		unlink(lede_buf_cstr(&tmp));
		rc = -1;
	}
out:
	lede_buf_free(&w.rec);
	lede_buf_free(&path);
	lede_buf_free(&tmp);
	lede_buf_free(&now);
	return rc;
}

/* --- the merge ------------------------------------------------------------ */

typedef struct {
	char *rel, *outlet, *article; /* outlet, article: NULL for the site's own */
} mfile;

typedef struct {
	const char *dir;
	char *file; /* DIR/.lede-shard */
	int i, n;
	char inputs[LEDE_DIGEST_HEX];
	char *now_text;
	lede_date now;
	long long articles, ready, errors, warnings;
	mfile *files;
	size_t nfiles;
	int fd; /* the file, open for thin records to be read back from; -1: none */
} shard_in;

typedef struct {
	size_t outlet;
	char *path;
	lede_date date;
	char *page; /* the page it claimed, or NULL */
	char digest[LEDE_DIGEST_HEX];
	lede_article *rec;
	lede_collection_entry *en;
	bool skip; /* not among the newest of its `limit` outlet */
} mentry;

typedef struct {
	lede_engine *e;
	shard_in *sh;
	size_t nsh;
	mentry *v;
	size_t n;
	lede_shard_pick *picks;
	size_t npicks;
	lede_shard_pick *fails; /* what failed in the shards (no date) */
	size_t nfails;
} merge;

static void bad(lede_engine *e, const char *file, int line, const char *why)
{
	lede_reportf(e, false, file, line, 0,
	             "%s; this is not the shard file of a finished `lede build --shard I/N`: "
	             "build the shard again",
	             why);
}

static int selected_outlet(const lede_engine *e, const char *name)
{
	for (size_t k = 0; name && k < e->noutlets; k++)
		if (e->outlets[k].selected && !strcmp(e->outlets[k].cfg->name, name))
			return (int)k;
	return -1;
}

static const char *str_of(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static char *opt_dup(json_t *o, const char *k)
{
	const char *s = str_of(o, k);
	return s ? lede_xstrdup(s) : NULL;
}

/* The header of sh's file; why says what is wrong with it. */
static const char *read_header(shard_in *sh, json_t *o)
{
	json_t *fmt = json_object_get(o, "lede_shard");
	if (!json_is_integer(fmt))
		return "not a shard file (its first line has no \"lede_shard\")";
	if (json_integer_value(fmt) != SHARD_FORMAT)
		return "a shard file of another format (made by another version of lede)";
	json_t *i = json_object_get(o, "shard"), *n = json_object_get(o, "of");
	const char *inputs = str_of(o, "inputs"), *now = str_of(o, "now");
	if (!json_is_integer(i) || !json_is_integer(n) || json_integer_value(n) < 1 ||
	    json_integer_value(n) > 65536 || json_integer_value(i) < 0 ||
	    json_integer_value(i) >= json_integer_value(n) || !inputs ||
	    strlen(inputs) != LEDE_DIGEST_HEX - 1 || !now ||
	    !json_date(json_object_get(o, "time"), &sh->now))
		return "a damaged header";
	sh->i = (int)json_integer_value(i);
	sh->n = (int)json_integer_value(n);
	memcpy(sh->inputs, inputs, LEDE_DIGEST_HEX);
	free(sh->now_text); /* read again with the rest */
	sh->now_text = lede_xstrdup(now);
	return NULL;
}

/* One line after the header: an entry (and its record, the next line), a
 * `limit` pick, a file, or the end. */
static const char *read_line(merge *m, shard_in *sh, json_t *o, FILE *f, int *ln, bool *end,
                             char **buf, size_t *cap)
{
	lede_engine *e = m->e;
	const char *name;
	if ((name = str_of(o, "outlet")) && str_of(o, "article") && !json_object_get(o, "file")) {
		int k = selected_outlet(e, name);
		if (k < 0)
			return "an entry of an outlet this merge does not build";
		mentry me = {.outlet = (size_t)k};
		const char *digest = str_of(o, "digest");
		json_t *page = json_object_get(o, "page");
		if (!json_date(json_object_get(o, "date"), &me.date) || !digest ||
		    strlen(digest) >= sizeof me.digest ||
		    (!json_is_string(page) && !json_is_null(page)))
			return "a damaged entry";
		if (json_is_true(json_object_get(o, "record"))) {
			off_t at = ftello(f);
			ssize_t len = getline(buf, cap, f);
			++*ln;
			if (len <= 1 || (*buf)[len - 1] != '\n')
				return "an entry without its record";
			lede_arena *ar = lede_records_arena(e);
			if (e->records_on_disk && sh->fd >= 0 && at >= 0) {
				/* the record stays in the file until a page shows it */
				me.rec = lede_record_thin_text(ar, *buf, (size_t)len - 1);
				if (me.rec) {
					me.rec->packed = NULL;
					me.rec->packed_fd = sh->fd;
					me.rec->packed_at = (long long)at;
				}
			} else {
				me.rec = lede_record_decode(ar, *buf, (size_t)len - 1);
			}
			if (!me.rec)
				return "a damaged record";
		}
		memcpy(me.digest, digest, strlen(digest) + 1);
		if (me.rec && !me.digest[0])
			lede_record_digest(me.rec, me.digest);
		me.path = opt_dup(o, "article");
		me.page = opt_dup(o, "page");
		m->v = lede_xrealloc(m->v, (m->n + 1) * sizeof *m->v);
		m->v[m->n++] = me;
	} else if ((name = str_of(o, "limit"))) {
		int k = selected_outlet(e, name);
		lede_date d;
		if (k < 0)
			return "a pick of an outlet this merge does not build";
		if (!str_of(o, "article") || !json_date(json_object_get(o, "date"), &d))
			return "a damaged pick";
		m->picks = lede_xrealloc(m->picks, (m->npicks + 1) * sizeof *m->picks);
		m->picks[m->npicks++] = (lede_shard_pick){(size_t)k, opt_dup(o, "article"), d};
	} else if ((name = str_of(o, "failed"))) {
		int k = selected_outlet(e, name);
		if (k < 0 || !str_of(o, "article"))
			return "a damaged line of what failed";
		m->fails = lede_xrealloc(m->fails, (m->nfails + 1) * sizeof *m->fails);
		m->fails[m->nfails++] = (lede_shard_pick){(size_t)k, opt_dup(o, "article"), {0}};
	} else if ((name = str_of(o, "file"))) {
		/* a path below the shard's folder, as the shard wrote it: "../x"
		 * or "/x" (an edit) would be read from outside it */
		if (!lede_path_is_contained(name))
			return "a file outside the shard's folder";
		sh->files = lede_xrealloc(sh->files, (sh->nfiles + 1) * sizeof *sh->files);
		sh->files[sh->nfiles++] =
		    (mfile){opt_dup(o, "file"), opt_dup(o, "outlet"), opt_dup(o, "article")};
	} else if (json_is_true(json_object_get(o, "end"))) {
		json_t *v[4] = {json_object_get(o, "articles"), json_object_get(o, "ready"),
		                json_object_get(o, "errors"), json_object_get(o, "warnings")};
		for (int i = 0; i < 4; i++)
			if (!json_is_integer(v[i]) || json_integer_value(v[i]) < 0)
				return "a damaged end line";
		sh->articles = json_integer_value(v[0]);
		sh->ready = json_integer_value(v[1]);
		sh->errors = json_integer_value(v[2]);
		sh->warnings = json_integer_value(v[3]);
		*end = true;
	} else {
		return "a line lede does not know";
	}
	return NULL;
}

/* Reads sh's shard file: its header alone, or all of it. False when it
 * cannot (reported). */
static bool read_shard(merge *m, shard_in *sh, bool all)
{
	lede_engine *e = m->e;
	FILE *f = fopen(sh->file, "r");
	if (!f) {
		lede_reportf(e, false, sh->dir, 0, 0,
		             "no shard here (%s: %s); build it with `lede build --shard I/N -o %s`",
		             sh->file, strerror(errno), sh->dir);
		return false;
	}
	char *buf = NULL;
	size_t cap = 0;
	int ln = 0;
	bool end = false;
	const char *why = NULL;
	ssize_t len;
	while (!why && (len = getline(&buf, &cap, f)) > 0) {
		ln++;
		if (end) {
			why = "a line after the end line";
			break;
		}
		json_t *o = buf[len - 1] == '\n' ? json_loadb(buf, (size_t)len - 1, 0, NULL) : NULL;
		if (!json_is_object(o))
			why = ln == 1 ? "not a shard file" : "not a line of a shard file";
		else if (ln == 1)
			why = read_header(sh, o);
		else
			why = read_line(m, sh, o, f, &ln, &end, &buf, &cap);
		json_decref(o);
		if (ln == 1 && !all)
			break;
	}
	if (!why && ln == 0)
		why = "an empty file";
	else if (!why && all && !end)
		why = "cut short (no end line)";
	free(buf);
	fclose(f);
	if (why)
		bad(e, sh->file, ln, why);
	return !why;
}

/* The shards given are every shard of one build, each once, all made
 * at one build time. */
static bool check_set(merge *m)
{
	lede_engine *e = m->e;
	int n = m->sh[0].n;
	bool ok = true;
	for (size_t s = 1; s < m->nsh; s++)
		if (m->sh[s].n != n) {
			lede_reportf(e, false, m->sh[s].dir, 0, 0,
			             "shard %d/%d, but %s is shard %d/%d: these are not the shards "
			             "of one build",
			             m->sh[s].i, m->sh[s].n, m->sh[0].dir, m->sh[0].i, n);
			return false;
		}
	const shard_in **by = lede_xcalloc((size_t)n, sizeof *by);
	for (size_t s = 0; s < m->nsh; s++) {
		const shard_in *sh = &m->sh[s];
		if (by[sh->i]) {
			lede_reportf(e, false, sh->dir, 0, 0,
			             "shard %d/%d is given twice: %s and %s; give each shard once",
			             sh->i, n, by[sh->i]->dir, sh->dir);
			ok = false;
		} else {
			by[sh->i] = sh;
		}
	}
	lede_buf missing = LEDE_BUF_INIT;
	int nmissing = 0;
	for (int i = 0; i < n; i++)
		if (!by[i]) {
			if (nmissing++ < 10)
				lede_buf_printf(&missing, "%s%d/%d", nmissing > 1 ? ", " : "", i,
				                n);
			else if (nmissing == 11)
				lede_buf_puts(&missing, ", ...");
		}
	free(by);
	if (nmissing) {
		lede_reportf(e, false, "--merge", 0, 0,
		             "shard%s %s missing: a merge needs every shard from 0/%d to %d/%d",
		             nmissing > 1 ? "s" : "", lede_buf_cstr(&missing), n, n - 1, n);
		ok = false;
	}
	lede_buf_free(&missing);
	for (size_t s = 1; ok && s < m->nsh; s++)
		if (!same_date(&m->sh[s].now, &m->sh[0].now)) {
			lede_reportf(
			    e, false, m->sh[s].dir, 0, 0,
			    "built at %s, but %s at %s: the shards of one build need one "
			    "build time; give them all the same LEDE_NOW (docs/scaling.md)",
			    m->sh[s].now_text, m->sh[0].dir, m->sh[0].now_text);
			ok = false;
		}
	return ok;
}

/* Newest first, then by path (collect.c's order for `limit`). */
static int cmp_pick(const void *x, const void *y)
{
	const lede_shard_pick *a = x, *b = y;
	if (a->outlet != b->outlet)
		return a->outlet < b->outlet ? -1 : 1;
	int c = lede_date_compare(&b->date, &a->date);
	return c ? c : strcmp(a->path, b->path);
}

static char *pair_key(const char *a, const char *b, const char *c)
{
	lede_buf k = LEDE_BUF_INIT;
	lede_buf_printf(&k, "%s\t%s\t%s", a ? a : "", b ? b : "", c ? c : "");
	return lede_buf_detach(&k, NULL);
}

/* The entries into the collections: a `limit` outlet's only when among
 * the newest of every shard's picks; a page claimed again, so that of
 * two articles of different shards that want one page the same one wins
 * as in one build. */
static void collect_entries(merge *m, lede_collection **colls, GHashTable *skip)
{
	lede_engine *e = m->e;
	if (m->npicks)
		qsort(m->picks, m->npicks, sizeof *m->picks, cmp_pick);
	GHashTable *chosen = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
	for (size_t i = 0, rank = 0; i < m->npicks; i++) {
		rank = i > 0 && m->picks[i].outlet == m->picks[i - 1].outlet ? rank + 1 : 0;
		long long limit = e->outlets[m->picks[i].outlet].cfg->limit;
		if ((long long)rank < limit)
			g_hash_table_add(chosen, pair_key(e->outlets[m->picks[i].outlet].cfg->name,
			                                  m->picks[i].path, NULL));
	}
	for (size_t i = 0; i < m->n; i++) {
		mentry *me = &m->v[i];
		lede_collection *c = colls[me->outlet];
		const char *name = e->outlets[me->outlet].cfg->name;
		if (lede_collection_limited(c)) {
			char *key = pair_key(name, me->path, NULL);
			me->skip = !g_hash_table_contains(chosen, key);
			free(key);
			if (me->skip) {
				g_hash_table_add(skip, pair_key(name, me->path, NULL));
				continue;
			}
		}
		if (me->page) {
			me->en = lede_collection_reserve(c, me->path, me->date, me->page);
			lede_collection_fill(c, me->en, me->rec, me->digest[0] ? me->digest : NULL);
		} else if (me->rec) {
			/* a record without a page (a feed's): added as the shard's
			 * worker added it, with its source's path and date */
			lede_article src = {.path = me->path, .date = me->date};
			lede_collection_add(e, c, &src, me->rec, me->digest, NULL, NULL, 0);
		}
	}
	/* every claim is made: the pages their articles lost */
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].en && lede_collection_dropped(m->v[i].en))
			g_hash_table_add(skip, pair_key(e->outlets[m->v[i].outlet].cfg->name,
			                                m->v[i].path, m->v[i].page));
	g_hash_table_destroy(chosen);
}

/* The shards' files into the build state, in shard order, each once
 * (the first shard's when two made one file: an image both used), but
 * for the pages their articles lost and the files of articles a `limit`
 * outlet did not keep. A file that cannot be read is an error. */
static void copy_files(merge *m, GHashTable *skip)
{
	lede_engine *e = m->e;
	GHashTable *done = g_hash_table_new(g_str_hash, g_str_equal);
	for (size_t s = 0; s < m->nsh && !e->stop; s++) {
		shard_in *sh = &m->sh[s];
		for (size_t i = 0; i < sh->nfiles; i++) {
			mfile *f = &sh->files[i];
			if (g_hash_table_contains(done, f->rel))
				continue;
			if (f->outlet && f->article) {
				char *k1 = pair_key(f->outlet, f->article, NULL);
				char *k2 = pair_key(f->outlet, f->article, f->rel);
				bool skipped = g_hash_table_contains(skip, k1) ||
				               g_hash_table_contains(skip, k2);
				free(k1);
				free(k2);
				if (skipped)
					continue;
			}
			g_hash_table_add(done, f->rel);
			lede_buf full = LEDE_BUF_INIT;
			lede_buf_printf(&full, "%s/%s", sh->dir, f->rel);
			size_t len = 0;
			char *data = lede_read_file(lede_buf_cstr(&full), &len);
			if (!data)
				lede_reportf(
				    e, false, lede_buf_cstr(&full), 0, 0,
				    "listed in %s but cannot be read (%s); build the shard "
				    "again",
				    sh->file, strerror(errno));
			else
				lede_write_out(e, f->rel, data, len, f->outlet, f->article);
			free(data);
			lede_buf_free(&full);
		}
	}
	g_hash_table_destroy(done);
}

static void merge_free(merge *m)
{
	for (size_t s = 0; s < m->nsh; s++) {
		shard_in *sh = &m->sh[s];
		for (size_t i = 0; i < sh->nfiles; i++) {
			free(sh->files[i].rel);
			free(sh->files[i].outlet);
			free(sh->files[i].article);
		}
		free(sh->files);
		free(sh->file);
		free(sh->now_text);
		if (sh->fd >= 0)
			close(sh->fd);
	}
	free(m->sh);
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].path);
		free(m->v[i].page);
	}
	free(m->v);
	for (size_t i = 0; i < m->npicks; i++)
		free(m->picks[i].path);
	free(m->picks);
	for (size_t i = 0; i < m->nfails; i++)
		free(m->fails[i].path);
	free(m->fails);
}

static double cpu_time(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int lede_shard_merge(lede_engine *e)
{
	double t0 = lede_clock(), cpu0 = e->prof ? cpu_time() : 0;
	merge m = {.e = e, .nsh = e->nmerge};
	m.sh = lede_xcalloc(e->nmerge, sizeof *m.sh);
	bool ok = true;
	for (size_t s = 0; s < m.nsh; s++) {
		m.sh[s].fd = -1;
		m.sh[s].dir = e->merge[s];
		lede_buf f = LEDE_BUF_INIT;
		lede_buf_printf(&f, "%s/%s", e->merge[s], LEDE_SHARD_FILE);
		m.sh[s].file = lede_buf_detach(&f, NULL);
		ok &= read_shard(&m, &m.sh[s], false);
		/* the merge's folder is a site's: a shard's folder, its pages
		 * overwritten and its manifest replaced, could not be built
		 * or merged again */
		struct stat a, b;
		if (stat(e->merge[s], &a) == 0 && stat(e->outdir, &b) == 0 &&
		    a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
			lede_reportf(
			    e, false, e->merge[s], 0, 0,
			    "is the merge's output folder: a shard's folder is the shard's "
			    "own; merge into another one (-o public)");
			ok = false;
		}
	}
	ok = ok && check_set(&m);
	/* The shards' build time is the merge's: the collections and the
	 * finish hooks see the time the articles were built at. */
	const char *env = getenv("LEDE_NOW");
	if (ok && env && env[0] && !same_date(&e->now, &m.sh[0].now)) {
		lede_reportf(e, false, "LEDE_NOW", 0, 0,
		             "%s, but the shards were built at %s; give the merge the shards' "
		             "LEDE_NOW, or none",
		             env, m.sh[0].now_text);
		ok = false;
	}
	if (ok)
		e->now = m.sh[0].now;
	size_t npaths = 0;
	char **paths = NULL;
	if (ok && lede_engine_prepare(e) != 0) {
		lede_engine_unprepared(e);
		ok = false;
	}
	if (ok && !(paths = lede_content_paths(e, &npaths)))
		ok = false;
	if (ok) {
		char key[LEDE_DIGEST_HEX];
		lede_reuse_inputs_key(e, paths, npaths, key);
		for (size_t s = 0; ok && s < m.nsh; s++)
			if (strcmp(key, m.sh[s].inputs)) {
				lede_reportf(e, false, m.sh[s].dir, 0, 0,
				             "shard %d/%d was built from other inputs than this "
				             "merge: lede.yaml, "
				             "plugins, templates, static files, the list of "
				             "articles, --drafts, "
				             "--outlet or lede's version differ; build every shard "
				             "and the merge "
				             "from the same site with the same options",
				             m.sh[s].i, m.sh[s].n);
				ok = false;
			}
	}
	for (size_t i = 0; i < npaths; i++)
		free(paths[i]);
	free(paths);
	/* A shard file is mostly its records, as text: one that takes more
	 * than --records-memory would take about as much in memory. */
	long long bytes = 0;
	for (size_t s = 0; ok && s < m.nsh; s++) {
		struct stat st;
		bytes += stat(m.sh[s].file, &st) == 0 ? (long long)st.st_size : 0;
	}
	e->records_on_disk = bytes > e->records_memory;
	for (size_t s = 0; ok && s < m.nsh; s++) {
		if (e->records_on_disk)
			m.sh[s].fd = open(m.sh[s].file, O_RDONLY | O_CLOEXEC);
		TIMED(e, "read shard files", NULL, ok = read_shard(&m, &m.sh[s], true));
	}
	lede_error err;
	lede_error_clear(&err);
	if (ok) {
		lede_buf now = LEDE_BUF_INIT;
		lede_date_rfc3339(&e->now, &now);
		e->state = lede_state_open(e->outdir, lede_buf_cstr(&now), &err);
		lede_buf_free(&now);
		if (!e->state) {
			lede_report(e, &err, false);
			ok = false;
		}
	}
	if (!ok) {
		lede_emitf(e, "lede: --merge: nothing was published\n");
		merge_free(&m);
		return 2;
	}
	/* Collection pages keyed as a full build keys them, for the next
	 * build into this folder. */
	char site_key[LEDE_DIGEST_HEX];
	lede_reuse_site_key(e, site_key);
	lede_state_set_site_key(e->state, site_key, false);
	lede_links_start(e);
	lede_collection **colls = lede_xcalloc(e->noutlets + 1, sizeof *colls);
	for (size_t k = 0; k < e->noutlets; k++)
		if (e->outlets[k].selected)
			colls[k] = lede_collection_new(&e->outlets[k]);
	GHashTable *skip = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
	TIMED(e, "claim pages, limits", NULL, collect_entries(&m, colls, skip));
	/* What failed in a shard keeps what the last build of this folder
	 * published of it, as in a single build. */
	for (size_t i = 0; i < m.nfails; i++)
		lede_keep_last(e, &e->outlets[m.fails[i].outlet], colls[m.fails[i].outlet],
		               m.fails[i].path, false);
	TIMED(e, "static files", NULL, lede_engine_copy_static(e));
	TIMED(e, "copy shards' files", NULL, copy_files(&m, skip));
	g_hash_table_destroy(skip);
	for (size_t i = 0; i < m.n; i++)
		if (!m.v[i].skip && m.v[i].rec)
			lede_state_record(e->state, e->outlets[m.v[i].outlet].cfg->name, m.v[i].rec,
			                  m.v[i].digest);
	for (size_t k = 0; k < e->noutlets && !e->stop; k++)
		if (colls[k])
			TIMED(e, "collections", e->outlets[k].cfg->name,
			      lede_collection_write(e, colls[k]));
	lede_engine_finish(e);
	e->committed = true;
	TIMED(e, "commit", "(rename, prune, manifest)", lede_build_commit(e));
	if (e->links)
		TIMED(e, "link check", NULL, lede_links_finish(e));
	lede_state_free(e->state);
	e->state = NULL;
	for (size_t k = 0; k < e->noutlets; k++)
		lede_collection_free(colls[k]);
	free(colls);
	/* What the shards said is the build's too. */
	size_t ready = 0, total = 0;
	for (size_t s = 0; s < m.nsh; s++) {
		const shard_in *sh = &m.sh[s];
		ready += (size_t)sh->ready;
		total += (size_t)sh->articles;
		if (sh->errors || (e->werror && sh->warnings))
			lede_emitf(
			    e, "lede: shard %d/%d (%s) reported %lld error%s and %lld warning%s\n",
			    sh->i, sh->n, sh->dir, sh->errors, sh->errors == 1 ? "" : "s",
			    sh->warnings, sh->warnings == 1 ? "" : "s");
		e->nerrors += (int)sh->errors;
		e->nwarnings += (int)sh->warnings;
	}
	merge_free(&m);
	lede_build_summary(e, ready, total);
	if (e->prof) {
		/* one thread: no workers */
		double wall = lede_clock() - t0;
		lede_profile_times t = {.jobs = e->jobs,
		                        .wall = wall,
		                        .cpu = cpu_time() - cpu0,
		                        .main = wall,
		                        .records = e->records_on_disk ? 2 : 1,
		                        .records_memory = e->records_memory,
		                        .peak_mib = lede_peak_mib()};
		lede_buf b = LEDE_BUF_INIT;
		lede_profile_format(e->prof, &t, &b);
		fwrite(b.data, 1, b.len, stderr);
		lede_buf_free(&b);
	}
	return e->config_error ? 2 : e->nerrors || (e->werror && e->nwarnings) ? 1 : 0;
}
