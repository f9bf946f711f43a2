/* state.c: the build state in the output folder: staging, the manifest
 * (one JSON object per line: the files lede wrote, who owns each, its hash,
 * and the articles' collection records), keeping what failed, pruning.
 * See state.h. */
#include "state.h"

#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- a string-keyed hash table ----------------------------------------- */

typedef struct {
	char **keys;
	void **vals;
	size_t cap, n;
} table;

static uint64_t fnv(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 1099511628211ULL;
	return h;
}

static void **table_slot(table *t, const char *key, bool add)
{
	if (add && t->n * 2 >= t->cap) {
		table g = {lede_xcalloc(t->cap ? t->cap * 2 : 64, sizeof(char *)),
		           lede_xcalloc(t->cap ? t->cap * 2 : 64, sizeof(void *)),
		           t->cap ? t->cap * 2 : 64, t->n};
		for (size_t i = 0; i < t->cap; i++)
			if (t->keys[i]) {
				size_t j = fnv(t->keys[i], strlen(t->keys[i])) & (g.cap - 1);
				while (g.keys[j])
					j = (j + 1) & (g.cap - 1);
				g.keys[j] = t->keys[i];
				g.vals[j] = t->vals[i];
			}
		free(t->keys);
		free(t->vals);
		*t = g;
	}
	if (!t->cap)
		return NULL;
	size_t j = fnv(key, strlen(key)) & (t->cap - 1);
	while (t->keys[j]) {
		if (!strcmp(t->keys[j], key))
			return &t->vals[j];
		j = (j + 1) & (t->cap - 1);
	}
	if (!add)
		return NULL;
	t->keys[j] = lede_xstrdup(key);
	t->n++;
	return &t->vals[j];
}

static void *table_get(table *t, const char *key)
{
	void **v = table_slot(t, key, false);
	return v ? *v : NULL;
}

static void table_free(table *t, void (*free_val)(void *))
{
	for (size_t i = 0; i < t->cap; i++)
		if (t->keys[i]) {
			free(t->keys[i]);
			if (free_val)
				free_val(t->vals[i]);
		}
	free(t->keys);
	free(t->vals);
	memset(t, 0, sizeof *t);
}

/* --- state --------------------------------------------------------------- */

typedef struct file {
	char *rel, *outlet, *article, *since;
	uint64_t hash;
	size_t size;
	char *staged; /* the stage's file to rename into place, or NULL */
	bool made;    /* this build made it (else: kept from the last one) */
	bool fresh;   /* claimed (lede_state_claim), and new since the last build */
} file;

/* A record for the manifest: JSON kept from the last build, or this
 * build's record itself (serialised only when the manifest is written, so
 * a build does not hold every record twice). */
typedef struct record {
	char *json, *since;
	const lede_article *rec; /* owned by the build, alive until the commit */
} record;

struct lede_state {
	char *outdir, *stage, *now;
	pthread_mutex_t lock;
	table old_files;   /* rel -> file (the last manifest) */
	table old_records; /* "outlet\tarticle" -> record */
	table files;       /* rel -> file (this build: made or kept) */
	table records;     /* "outlet\tarticle" -> record (this build) */
	size_t next_stage;
	size_t kept;
	bool stage_made;
};

static void file_free(void *p)
{
	file *f = p;
	if (!f)
		return;
	if (f->staged)
		unlink(f->staged);
	free(f->rel);
	free(f->outlet);
	free(f->article);
	free(f->since);
	free(f->staged);
	free(f);
}

static void record_free(void *p)
{
	record *r = p;
	if (!r)
		return;
	free(r->json);
	free(r->since);
	free(r);
}

static char *opt_dup(const char *s) { return s ? lede_xstrdup(s) : NULL; }

static const char *jstr(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static char *record_key(const char *outlet, const char *article)
{
	lede_buf b = LEDE_BUF_INIT;
	lede_buf_printf(&b, "%s\t%s", outlet ? outlet : "", article ? article : "");
	return lede_buf_detach(&b, NULL);
}

/* Removes a folder and what is in it (the stage of a killed build). */
static void remove_tree(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return;
	struct dirent *ent;
	while ((ent = readdir(d))) {
		if (!strcmp(ent->d_name, ".") || !strcmp(ent->d_name, ".."))
			continue;
		lede_buf p = LEDE_BUF_INIT;
		lede_buf_printf(&p, "%s/%s", path, ent->d_name);
		unlink(lede_buf_cstr(&p));
		lede_buf_free(&p);
	}
	closedir(d);
	rmdir(path);
}

static int read_manifest(lede_state *s, lede_error *err)
{
	lede_buf path = LEDE_BUF_INIT;
	lede_buf_printf(&path, "%s/%s", s->outdir, LEDE_MANIFEST);
	FILE *f = fopen(lede_buf_cstr(&path), "r");
	if (!f) {
		int rc = errno == ENOENT ? 0 : -1;
		if (rc)
			lede_error_set(err, lede_buf_cstr(&path), 0, 0, "cannot read the build state: %s",
			               strerror(errno));
		lede_buf_free(&path);
		return rc;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0, rc = 0;
	while ((n = getline(&line, &cap, f)) > 0) {
		lineno++;
		json_error_t je;
		json_t *o = json_loadb(line, (size_t)n, 0, &je);
		if (!o || !json_is_object(o) || (lineno == 1 && !json_object_get(o, "lede-manifest"))) {
			lede_error_set(err, lede_buf_cstr(&path), lineno, 0,
			               "not a lede build state (%s); remove it and build again",
			               o ? "unexpected line" : je.text);
			json_decref(o);
			rc = -1;
			break;
		}
		const char *rel = jstr(o, "file");
		json_t *rec = json_object_get(o, "record");
		if (rel) {
			file *fe = lede_xcalloc(1, sizeof *fe);
			fe->rel = lede_xstrdup(rel);
			fe->outlet = opt_dup(jstr(o, "outlet"));
			fe->article = opt_dup(jstr(o, "article"));
			fe->since = opt_dup(jstr(o, "since"));
			const char *h = jstr(o, "hash");
			fe->hash = h ? strtoull(h, NULL, 16) : 0;
			fe->size = (size_t)json_integer_value(json_object_get(o, "size"));
			void **slot = table_slot(&s->old_files, rel, true);
			file_free(*slot);
			*slot = fe;
		} else if (rec) {
			record *r = lede_xcalloc(1, sizeof *r);
			r->json = json_dumps(rec, JSON_COMPACT);
			r->since = opt_dup(jstr(o, "since"));
			char *key = record_key(jstr(o, "outlet"), jstr(o, "article"));
			void **slot = table_slot(&s->old_records, key, true);
			record_free(*slot);
			*slot = r;
			free(key);
		}
		json_decref(o);
	}
	free(line);
	fclose(f);
	lede_buf_free(&path);
	return rc;
}

lede_state *lede_state_open(const char *outdir, const char *now, lede_error *err)
{
	lede_state *s = lede_xcalloc(1, sizeof *s);
	s->outdir = lede_xstrdup(outdir);
	s->now = lede_xstrdup(now);
	pthread_mutex_init(&s->lock, NULL);
	lede_buf b = LEDE_BUF_INIT;
	lede_buf_printf(&b, "%s/%s", outdir, LEDE_STAGE);
	s->stage = lede_buf_detach(&b, NULL);
	remove_tree(s->stage); /* a killed build's */
	if (read_manifest(s, err) != 0) {
		lede_state_free(s);
		return NULL;
	}
	return s;
}

void lede_state_free(lede_state *s)
{
	if (!s)
		return;
	table_free(&s->old_files, file_free);
	table_free(&s->old_records, record_free);
	table_free(&s->files, file_free);
	table_free(&s->records, record_free);
	if (s->stage_made)
		remove_tree(s->stage);
	pthread_mutex_destroy(&s->lock);
	free(s->outdir);
	free(s->stage);
	free(s->now);
	free(s);
}

int lede_state_write(lede_state *s, const char *rel, const void *data, size_t len,
                     const char *outlet, const char *article, bool *changed, lede_error *err)
{
	*changed = false;
	if (!lede_path_is_contained(rel) || !strncmp(rel, LEDE_STAGE, strlen(LEDE_STAGE)) ||
	    !strcmp(rel, LEDE_MANIFEST)) {
		lede_error_set(err, rel, 0, 0,
		               "refusing to write outside the output directory (or over lede's own "
		               "state); use a relative path without '..'");
		return -1;
	}
	/* Refused now, not at commit: the error costs only this file. */
	if (lede_check_folders(s->outdir, rel, err) != 0)
		return -1;
	lede_buf full = LEDE_BUF_INIT;
	lede_buf_printf(&full, "%s/%s", s->outdir, rel);
	bool same = lede_same_content(lede_buf_cstr(&full), data, len);
	lede_buf_free(&full);
	char *staged = NULL;
	if (!same) {
		/* Staged under a name of its own, renamed into place at commit:
		 * until then the output folder holds the last build's files. */
		pthread_mutex_lock(&s->lock);
		size_t id = s->next_stage++;
		if (!s->stage_made) {
			if (lede_mkdirs(s->outdir) == 0 && (mkdir(s->stage, 0777) == 0 || errno == EEXIST))
				s->stage_made = true;
		}
		pthread_mutex_unlock(&s->lock);
		/* A name of its own in the stage: written once, by this call
		 * alone, so no temporary name and rename of its own. */
		lede_buf stp = LEDE_BUF_INIT;
		lede_buf_printf(&stp, "%s/%zu", s->stage, id);
		int fd = open(lede_buf_cstr(&stp), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		int e = fd < 0 ? errno : 0;
		for (size_t off = 0; !e && off < len;) {
			ssize_t w = write(fd, (const char *)data + off, len - off);
			if (w < 0 && errno != EINTR)
				e = errno;
			else if (w > 0)
				off += (size_t)w;
		}
		/* the umask may have narrowed it: published files are for all */
		if (!e && fchmod(fd, 0644) != 0)
			e = errno;
		if (fd >= 0 && close(fd) != 0 && !e)
			e = errno;
		if (e) {
			if (fd >= 0)
				unlink(lede_buf_cstr(&stp));
			lede_error_set(err, rel, 0, 0, "cannot stage the file in %s: %s", s->stage,
			               strerror(e));
			lede_buf_free(&stp);
			return -1;
		}
		staged = lede_buf_detach(&stp, NULL);
	}
	file *fe = lede_xcalloc(1, sizeof *fe);
	fe->rel = lede_xstrdup(rel);
	fe->outlet = opt_dup(outlet);
	fe->article = opt_dup(article);
	fe->hash = fnv(data, len);
	fe->size = len;
	fe->staged = staged;
	fe->made = true;
	pthread_mutex_lock(&s->lock);
	/* Unchanged since the last build: it keeps its date of publication. */
	file *old = table_get(&s->old_files, rel);
	fe->since = lede_xstrdup(same && old && old->since ? old->since : s->now);
	void **slot = table_slot(&s->files, rel, true);
	file_free(*slot); /* written twice: the last one wins */
	*slot = fe;
	pthread_mutex_unlock(&s->lock);
	*changed = !same;
	return 0;
}

void lede_state_claim(lede_state *s, const char *rel)
{
	lede_buf full = LEDE_BUF_INIT;
	lede_buf_printf(&full, "%s/%s", s->outdir, rel);
	struct stat st;
	bool there = lstat(lede_buf_cstr(&full), &st) == 0 && S_ISREG(st.st_mode);
	lede_buf_free(&full);
	if (!there)
		return;
	pthread_mutex_lock(&s->lock);
	void **slot = table_slot(&s->files, rel, true);
	if (!*slot) {
		file *fe = lede_xcalloc(1, sizeof *fe);
		fe->rel = lede_xstrdup(rel);
		fe->size = (size_t)st.st_size;
		fe->made = true;
		file *old = table_get(&s->old_files, rel);
		fe->since = lede_xstrdup(old && old->since ? old->since : s->now);
		fe->fresh = !old;
		*slot = fe;
	}
	pthread_mutex_unlock(&s->lock);
}

bool lede_state_has(lede_state *s, const char *rel)
{
	pthread_mutex_lock(&s->lock);
	bool has = table_get(&s->files, rel) != NULL;
	pthread_mutex_unlock(&s->lock);
	return has;
}

bool lede_state_had(lede_state *s, const char *rel) { return table_get(&s->old_files, rel) != NULL; }

static bool same_owner(const char *a, const char *b) { return a ? b && !strcmp(a, b) : !b; }

/* Keeps old file fe in this build's list (not if this build made it). */
static bool keep_file(lede_state *s, const file *fe)
{
	void **slot = table_slot(&s->files, fe->rel, true);
	if (*slot)
		return false;
	file *k = lede_xcalloc(1, sizeof *k);
	k->rel = lede_xstrdup(fe->rel);
	k->outlet = opt_dup(fe->outlet);
	k->article = opt_dup(fe->article);
	k->since = opt_dup(fe->since);
	k->hash = fe->hash;
	k->size = fe->size;
	*slot = k;
	s->kept++;
	return true;
}

size_t lede_state_keep(lede_state *s, const char *outlet, const char *article, const char **since)
{
	size_t n = 0;
	const char *when = NULL;
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < s->old_files.cap; i++) {
		file *fe = s->old_files.vals[i];
		if (!s->old_files.keys[i] || !same_owner(fe->outlet, outlet) ||
		    !same_owner(fe->article, article))
			continue;
		if (keep_file(s, fe))
			n++;
		if (fe->since && (!when || strcmp(fe->since, when) > 0))
			when = fe->since;
	}
	pthread_mutex_unlock(&s->lock);
	if (since)
		*since = when;
	return n;
}

void lede_state_keep_unbuilt(lede_state *s, const char *const *built, size_t nbuilt,
                             bool static_copied)
{
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < s->old_files.cap; i++) {
		file *fe = s->old_files.vals[i];
		if (!s->old_files.keys[i])
			continue;
		bool mine = !fe->outlet && static_copied;
		for (size_t k = 0; k < nbuilt && fe->outlet && !mine; k++)
			mine = !strcmp(fe->outlet, built[k]);
		if (!mine)
			keep_file(s, fe);
	}
	for (size_t i = 0; i < s->old_records.cap; i++) {
		if (!s->old_records.keys[i])
			continue;
		const char *key = s->old_records.keys[i];
		const char *tab = strchr(key, '\t');
		bool mine = false;
		for (size_t k = 0; k < nbuilt && tab && !mine; k++)
			mine = strlen(built[k]) == (size_t)(tab - key) && !strncmp(key, built[k], (size_t)(tab - key));
		if (mine)
			continue;
		record *r = s->old_records.vals[i];
		void **slot = table_slot(&s->records, key, true);
		if (!*slot) {
			record *c = lede_xcalloc(1, sizeof *c);
			c->json = lede_xstrdup(r->json);
			c->since = opt_dup(r->since);
			*slot = c;
		}
	}
	pthread_mutex_unlock(&s->lock);
}

/* --- records as JSON ------------------------------------------------------ */

static json_t *value_json(const lede_value *v);

static json_t *date_json(const lede_date *d)
{
	json_t *a = json_pack("[iiiiiiiibb]", d->year, d->month, d->day, d->hour, d->min, d->sec,
	                      d->nsec, d->offset, d->has_time, d->has_zone);
	return json_pack("{so}", "$date", a);
}

static json_t *value_json(const lede_value *v)
{
	if (!v)
		return json_null();
	switch (v->type) {
	case LEDE_NULL: return json_null();
	case LEDE_BOOL: return json_boolean(v->u.b);
	case LEDE_INT: return json_integer((json_int_t)v->u.i);
	case LEDE_FLOAT: return json_real(v->u.f);
	case LEDE_STRING: return json_stringn_nocheck(v->u.str.s, v->u.str.len);
	case LEDE_TIMESTAMP: return date_json(&v->u.ts);
	case LEDE_SEQ: {
		json_t *a = json_array();
		for (size_t i = 0; i < v->u.list.n; i++)
			json_array_append_new(a, value_json(v->u.list.items[i]));
		return a;
	}
	case LEDE_MAP: {
		/* Keys in order; a map is an array of [key, value] pairs so that
		 * a key named "$date" cannot be mistaken for a date. */
		json_t *a = json_array();
		for (size_t i = 0; i < v->u.list.n; i++)
			json_array_append_new(a, json_pack("[so]", v->u.list.keys[i],
			                                   value_json(v->u.list.items[i])));
		return json_pack("{so}", "$map", a);
	}
	}
	return json_null();
}

static bool json_date(json_t *j, lede_date *d)
{
	json_t *a = json_object_get(j, "$date");
	if (!json_is_array(a) || json_array_size(a) != 10)
		return false;
	int f[8];
	for (int i = 0; i < 8; i++)
		f[i] = (int)json_integer_value(json_array_get(a, (size_t)i));
	*d = (lede_date){f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7],
	                 json_is_true(json_array_get(a, 8)), json_is_true(json_array_get(a, 9))};
	return true;
}

static lede_value *json_value(lede_arena *ar, json_t *j, int depth)
{
	lede_value *v = lede_arena_alloc(ar, sizeof *v);
	memset(v, 0, sizeof *v);
	if (depth > 200)
		return v; /* lede wrote it, so this is a damaged file: null */
	switch (json_typeof(j)) {
	case JSON_NULL: v->type = LEDE_NULL; break;
	case JSON_TRUE:
	case JSON_FALSE:
		v->type = LEDE_BOOL;
		v->u.b = json_is_true(j);
		break;
	case JSON_INTEGER:
		v->type = LEDE_INT;
		v->u.i = (int64_t)json_integer_value(j);
		break;
	case JSON_REAL:
		v->type = LEDE_FLOAT;
		v->u.f = json_real_value(j);
		break;
	case JSON_STRING:
		v->type = LEDE_STRING;
		v->u.str.len = json_string_length(j);
		v->u.str.s = lede_arena_strndup(ar, json_string_value(j), v->u.str.len);
		break;
	case JSON_ARRAY: {
		size_t n = json_array_size(j);
		v->type = LEDE_SEQ;
		v->u.list.items = lede_arena_alloc(ar, (n ? n : 1) * sizeof *v->u.list.items);
		for (size_t i = 0; i < n; i++)
			v->u.list.items[v->u.list.n++] = json_value(ar, json_array_get(j, i), depth + 1);
		break;
	}
	case JSON_OBJECT: {
		if (json_date(j, &v->u.ts)) {
			v->type = LEDE_TIMESTAMP;
			break;
		}
		json_t *pairs = json_object_get(j, "$map");
		size_t n = json_array_size(pairs);
		v->type = LEDE_MAP;
		v->u.list.items = lede_arena_alloc(ar, (n ? n : 1) * sizeof *v->u.list.items);
		v->u.list.keys = lede_arena_alloc(ar, (n ? n : 1) * sizeof *v->u.list.keys);
		for (size_t i = 0; i < n; i++) {
			json_t *p = json_array_get(pairs, i);
			const char *k = json_string_value(json_array_get(p, 0));
			if (!k)
				continue;
			v->u.list.keys[v->u.list.n] = lede_arena_strdup(ar, k);
			v->u.list.items[v->u.list.n++] = json_value(ar, json_array_get(p, 1), depth + 1);
		}
		break;
	}
	}
	return v;
}

static json_t *opt_json(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *record_json(const lede_article *a)
{
	json_t *o = json_object();
	json_object_set_new(o, "path", opt_json(a->path));
	json_object_set_new(o, "title", opt_json(a->title));
	json_object_set_new(o, "summary", opt_json(a->summary));
	json_object_set_new(o, "slug", opt_json(a->slug));
	json_object_set_new(o, "lang", opt_json(a->lang));
	json_object_set_new(o, "section", opt_json(a->section));
	json_object_set_new(o, "date", date_json(&a->date));
	json_object_set_new(o, "draft", json_boolean(a->draft));
	json_object_set_new(o, "outlet", opt_json(a->outlet));
	json_object_set_new(o, "url", opt_json(a->url));
	json_object_set_new(o, "file", opt_json(a->file));
	json_object_set_new(o, "index", json_integer(a->index));
	json_object_set_new(o, "tags", value_json(a->tags));
	json_object_set_new(o, "authors", value_json(a->authors));
	json_object_set_new(o, "meta", value_json(a->meta));
	if (a->fragment)
		json_object_set_new(o, "fragment", value_json(a->fragment));
	return o;
}

void lede_state_record(lede_state *s, const char *outlet, const lede_article *a)
{
	record *r = lede_xcalloc(1, sizeof *r);
	r->rec = a;
	char *key = record_key(outlet, a->path);
	pthread_mutex_lock(&s->lock);
	r->since = lede_xstrdup(s->now);
	void **slot = table_slot(&s->records, key, true);
	record_free(*slot);
	*slot = r;
	pthread_mutex_unlock(&s->lock);
	free(key);
}

static const char *arena_str(lede_arena *ar, json_t *o, const char *k)
{
	const char *s = jstr(o, k);
	return s ? lede_arena_strdup(ar, s) : NULL;
}

lede_article *lede_state_last(lede_state *s, lede_arena *ar, const char *outlet,
                              const char *article, const char **since)
{
	char *key = record_key(outlet, article);
	pthread_mutex_lock(&s->lock);
	record *r = table_get(&s->old_records, key);
	json_t *o = r ? json_loads(r->json, 0, NULL) : NULL;
	if (o) {
		/* kept for the next build too */
		void **slot = table_slot(&s->records, key, true);
		if (!*slot) {
			record *c = lede_xcalloc(1, sizeof *c);
			c->json = lede_xstrdup(r->json);
			c->since = opt_dup(r->since);
			*slot = c;
		}
	}
	if (since)
		*since = r ? r->since : NULL;
	pthread_mutex_unlock(&s->lock);
	free(key);
	if (!o)
		return NULL;
	lede_article *a = lede_arena_alloc(ar, sizeof *a);
	memset(a, 0, sizeof *a);
	a->arena = ar;
	a->record = true;
	a->path = arena_str(ar, o, "path");
	a->title = arena_str(ar, o, "title");
	a->summary = arena_str(ar, o, "summary");
	a->slug = arena_str(ar, o, "slug");
	a->lang = arena_str(ar, o, "lang");
	a->section = arena_str(ar, o, "section");
	json_date(json_object_get(o, "date"), &a->date);
	a->draft = json_is_true(json_object_get(o, "draft"));
	a->outlet = arena_str(ar, o, "outlet");
	a->url = arena_str(ar, o, "url");
	a->file = arena_str(ar, o, "file");
	a->index = (int)json_integer_value(json_object_get(o, "index"));
	a->tags = json_value(ar, json_object_get(o, "tags"), 0);
	a->authors = json_value(ar, json_object_get(o, "authors"), 0);
	a->meta = json_value(ar, json_object_get(o, "meta"), 0);
	json_t *frag = json_object_get(o, "fragment");
	a->fragment = frag ? json_value(ar, frag, 0) : NULL;
	json_decref(o);
	if (!a->path || !a->title || !a->slug || !a->lang || a->meta->type != LEDE_MAP ||
	    a->tags->type != LEDE_SEQ || a->authors->type != LEDE_SEQ)
		return NULL; /* a damaged record: as if there were none */
	return a;
}

/* --- commit --------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The keys of t, sorted (so the manifest reads the same for the same build). */
static char **sorted_keys(const table *t, size_t *n)
{
	char **v = lede_xcalloc(t->n + 1, sizeof *v);
	*n = 0;
	for (size_t i = 0; i < t->cap; i++)
		if (t->keys[i])
			v[(*n)++] = t->keys[i];
	qsort(v, *n, sizeof *v, cmp_str);
	return v;
}

/* Removes the folders under outdir that rel's removal left empty. */
static void remove_empty_parents(const char *outdir, const char *rel)
{
	lede_buf p = LEDE_BUF_INIT;
	lede_buf_puts(&p, rel);
	char *s = p.data;
	for (char *slash = strrchr(s, '/'); slash; slash = strrchr(s, '/')) {
		*slash = '\0';
		lede_buf dir = LEDE_BUF_INIT;
		lede_buf_printf(&dir, "%s/%s", outdir, s);
		int rc = rmdir(lede_buf_cstr(&dir)); /* fails when not empty */
		lede_buf_free(&dir);
		if (rc != 0)
			break;
	}
	lede_buf_free(&p);
}

/* One JSON line of the manifest; false when it could not be written. */
static bool put_line(FILE *f, json_t *o)
{
	bool ok = json_dumpf(o, f, JSON_COMPACT) == 0 && fputc('\n', f) != EOF;
	json_decref(o);
	return ok;
}

/* The manifest, written line by line to a temporary file (lede's own
 * ".NAME.tmp-XXXXXX", which a killed build's successor removes) and renamed
 * over the last one: never held whole in memory. */
static int write_manifest(lede_state *s, lede_error *err)
{
	lede_buf path = LEDE_BUF_INIT, tmp = LEDE_BUF_INIT;
	lede_buf_printf(&path, "%s/%s", s->outdir, LEDE_MANIFEST);
	lede_buf_printf(&tmp, "%s/%s.tmp-XXXXXX", s->outdir, LEDE_MANIFEST);
	int fd = lede_mkdirs(s->outdir) == 0 ? mkstemp(tmp.data) : -1;
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		lede_error_set(err, lede_buf_cstr(&path), 0, 0, "cannot write the build state: %s",
		               strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp.data);
		}
		lede_buf_free(&path);
		lede_buf_free(&tmp);
		return -1;
	}
	bool ok = put_line(f, json_pack("{sisssi}", "lede-manifest", 1, "built", s->now, "files",
	                                (int)s->files.n));
	size_t n;
	char **keys = sorted_keys(&s->files, &n);
	for (size_t i = 0; ok && i < n; i++) {
		file *fe = table_get(&s->files, keys[i]);
		char hash[17];
		snprintf(hash, sizeof hash, "%016llx", (unsigned long long)fe->hash);
		ok = put_line(f, json_pack("{sssssIsososs?}", "file", fe->rel, "hash", hash, "size",
		                           (json_int_t)fe->size, "outlet", opt_json(fe->outlet),
		                           "article", opt_json(fe->article), "since", fe->since));
	}
	free(keys);
	keys = sorted_keys(&s->records, &n);
	for (size_t i = 0; ok && i < n; i++) {
		record *r = table_get(&s->records, keys[i]);
		const char *tab = strchr(keys[i], '\t');
		json_t *rec = r->rec ? record_json(r->rec) : json_loads(r->json, 0, NULL);
		ok = put_line(f, json_pack("{s:s%,s:s,s:o,s:s?}", "outlet", keys[i],
		                           (size_t)(tab - keys[i]), "article", tab + 1, "record",
		                           rec ? rec : json_null(), "since", r->since));
	}
	free(keys);
	ok = fflush(f) == 0 && fchmod(fileno(f), 0644) == 0 && ok;
	ok = fclose(f) == 0 && ok;
	if (ok && rename(tmp.data, lede_buf_cstr(&path)) != 0)
		ok = false;
	if (!ok) {
		lede_error_set(err, lede_buf_cstr(&path), 0, 0, "cannot write the build state: %s",
		               strerror(errno));
		unlink(tmp.data);
	}
	lede_buf_free(&path);
	lede_buf_free(&tmp);
	return ok ? 0 : -1;
}

int lede_state_commit(lede_state *s, bool discard, bool prune, lede_commit *c, lede_error *err)
{
	memset(c, 0, sizeof *c);
	c->kept = s->kept;
	if (discard) {
		remove_tree(s->stage);
		s->stage_made = false;
		for (size_t i = 0; i < s->files.cap; i++) {
			file *fe = s->files.vals[i];
			if (s->files.keys[i] && fe->staged) {
				free(fe->staged); /* gone with the stage */
				fe->staged = NULL;
			}
		}
		return 0;
	}
	int rc = 0;
	size_t n;
	char **keys = sorted_keys(&s->files, &n);
	for (size_t i = 0; i < n; i++) {
		file *fe = table_get(&s->files, keys[i]);
		if (!fe->staged) {
			c->written += fe->made;
			c->changed += fe->fresh;
			continue;
		}
		lede_buf dst = LEDE_BUF_INIT;
		lede_buf_printf(&dst, "%s/%s", s->outdir, fe->rel);
		const char *slash = strrchr(lede_buf_cstr(&dst), '/');
		lede_buf dir = LEDE_BUF_INIT;
		lede_buf_put(&dir, dst.data, (size_t)(slash - dst.data));
		/* lede_write_file made the stage's copy through the same checks;
		 * the folder on the way is checked again here (a symlink leading
		 * out of the output folder is not written through). */
		lede_error werr;
		lede_error_clear(&werr);
		if (lede_check_folders(s->outdir, fe->rel, &werr) != 0) {
			if (!rc)
				*err = werr;
			rc = -1;
		} else if (lede_mkdirs(lede_buf_cstr(&dir)) != 0 ||
		           rename(fe->staged, lede_buf_cstr(&dst)) != 0) {
			if (!rc)
				lede_error_set(err, fe->rel, 0, 0, "cannot put the file in place: %s",
				               strerror(errno));
			rc = -1;
		} else {
			free(fe->staged);
			fe->staged = NULL;
			c->changed++;
			c->written++;
		}
		lede_buf_free(&dir);
		lede_buf_free(&dst);
	}
	free(keys);
	remove_tree(s->stage);
	s->stage_made = false;
	if (prune) {
		keys = sorted_keys(&s->old_files, &n);
		for (size_t i = 0; i < n; i++) {
			if (table_get(&s->files, keys[i]))
				continue;
			lede_buf p = LEDE_BUF_INIT;
			lede_buf_printf(&p, "%s/%s", s->outdir, keys[i]);
			struct stat st;
			lede_error ignored;
			lede_error_clear(&ignored);
			/* Only a file lede wrote (a symlink or folder there now is
			 * the user's), only inside the output folder, and never
			 * through a folder that is a symlink leading out of it (the
			 * manifest is a file anyone can edit). */
			if (lede_path_is_contained(keys[i]) &&
			    lede_check_folders(s->outdir, keys[i], &ignored) == 0 &&
			    lstat(lede_buf_cstr(&p), &st) == 0 && S_ISREG(st.st_mode) &&
			    unlink(lede_buf_cstr(&p)) == 0) {
				c->removed++;
				remove_empty_parents(s->outdir, keys[i]);
			}
			lede_buf_free(&p);
		}
		free(keys);
	} else {
		/* Not pruned: still lede's, listed so a later build prunes them. */
		for (size_t i = 0; i < s->old_files.cap; i++)
			if (s->old_files.keys[i])
				keep_file(s, s->old_files.vals[i]);
	}
	if (write_manifest(s, err) != 0)
		rc = -1;
	return rc;
}
