/* state.c: the build state in the output folder: staging, the manifest
 * (one JSON object per line: the files lede wrote, who owns each, its hash,
 * and the articles' collection records), keeping what failed, pruning.
 * See state.h. */
#include "state.h"

#include "escape.h"
#include "json.h"
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* The manifest's format: its first line's "lede-manifest". */
#define MANIFEST_VERSION 3
/* ...and the oldest one it reads: version 2 has the clean mark on its first
 * line, the files before the records, and no last line. */
#define MANIFEST_OLDEST 2

/* --- a string-keyed hash table ----------------------------------------- */

/* A slot: its key's hash (compared before the key, kept when the table
 * grows), the key and the value side by side, so that a probe reads one
 * cache line, not three arrays'. */
typedef struct {
	uint64_t hash;
	char *key;
	void *val;
} table_entry;

typedef struct {
	table_entry *e;
	size_t cap, n;
	lede_arena *ar; /* the keys' (the state's: freed with it, not one by one) */
} table;

/* t with room for cap slots (a power of two above twice its keys). */
static void table_grow(table *t, size_t cap)
{
	table g = {lede_xcalloc(cap, sizeof(table_entry)), cap, t->n, t->ar};
	for (size_t i = 0; i < t->cap; i++)
		if (t->e[i].key) {
			size_t j = t->e[i].hash & (g.cap - 1);
			while (g.e[j].key)
				j = (j + 1) & (g.cap - 1);
			g.e[j] = t->e[i];
		}
	free(t->e);
	*t = g;
}

/* Room for n keys: a table about to get about as many keys as another
 * (this build's files, the last one's) grows once, not a dozen times
 * under the lock the workers wait on. */
static void table_reserve(table *t, size_t n)
{
	size_t cap = t->cap ? t->cap : 64;
	while (n * 2 >= cap)
		cap *= 2;
	if (cap > t->cap)
		table_grow(t, cap);
}

/* The slot of key in t (add: made if missing, the key copied into t's
 * arena, or taken as it is when stable: a key of another of the state's
 * tables, alive as long as t), or NULL. */
static void **table_slot_of(table *t, const char *key, bool add, bool stable)
{
	if (add && t->n * 2 >= t->cap)
		table_grow(t, t->cap ? t->cap * 2 : 64);
	if (!t->cap)
		return NULL;
	uint64_t h = lede_digest64(key, strlen(key)); /* XXH3: a few times FNV's speed on paths */
	size_t j = h & (t->cap - 1);
	while (t->e[j].key) {
		if (t->e[j].hash == h && !strcmp(t->e[j].key, key))
			return &t->e[j].val;
		j = (j + 1) & (t->cap - 1);
	}
	if (!add)
		return NULL;
	t->e[j].key = stable ? (char *)key : lede_arena_strdup(t->ar, key);
	t->e[j].hash = h;
	t->n++;
	return &t->e[j].val;
}

static void **table_slot(table *t, const char *key, bool add)
{
	return table_slot_of(t, key, add, false);
}

static void *table_get(table *t, const char *key)
{
	void **v = table_slot(t, key, false);
	return v ? *v : NULL;
}

static void table_free(table *t, void (*free_val)(void *))
{
	for (size_t i = 0; i < t->cap; i++)
		if (t->e[i].key && free_val)
			free_val(t->e[i].val);
	free(t->e);
	memset(t, 0, sizeof *t);
}

/* --- state --------------------------------------------------------------- */

typedef struct file {
	/* rel is the key of the table holding the file; outlet, article and
	 * since are interned (lede_state.strings): an archive's files share a
	 * few outlet names and dates, and an article's files its path. */
	const char *rel, *outlet, *article, *since;
	/* who wrote it in this build: a page (of outlet and article), a
	 * lede.write (writer, interned: the hook, plugin and article), or
	 * neither (a static file, which anything written later replaces). A
	 * file has one writer in a build. */
	const char *writer;
	/* the article whose publishing made it (interned), NULL: the site's
	 * (static files, collections, index and finish hooks, which come in
	 * one order). Only writes for two articles, on two workers, meet in
	 * an order no one chose. */
	const char *bound;
	uint64_t hash;
	size_t size;
	char *staged;     /* the stage's file to rename into place, or NULL */
	char *key;        /* a collection page: the digest of what made it, or NULL (arena) */
	lede_deps deps;   /* ...and the image renditions it used */
	char *links;      /* a page this build wrote, when it checked links: what the
	                   * link check keeps of it (lede_linkcheck_page_kept), as a
	                   * JSON string, when there was no spill file for it; else NULL */
	size_t links_len; /* old_links: the last build's links are in its manifest: */
	off_t links_at;   /* the JSON string (quotes included), links_len bytes at links_at */
	off_t line_at;    /* kept: its line in the last manifest (newline included), */
	size_t line_len;  /* copied as it is when nothing on it changed (0: none) */
	size_t spill_len; /* spilled: this build's links are in the state's spill file */
	off_t spill_off;  /* (a JSON string), spill_len bytes at spill_off: read back
	                   * for the manifest */
	/* (together: a 100k site has 120,000 files) */
	bool page;      /* written as an article's page (bound) */
	bool in_tree;   /* staged at its own path in the stage (else in dups) */
	bool made;      /* this build made it (else: kept from the last one) */
	bool fresh;     /* claimed (lede_state_claim), and new since the last build */
	bool left;      /* no longer made, kept by --no-prune: never reused */
	bool unplaced;  /* staged, but the commit could not put it in place */
	bool listed;    /* named by the running mark of a build that did not finish */
	bool old_links; /* see links_at */
	bool dirty;     /* its links name something not a file of its build (see
	                 * lede_state_links_clean), or are not whole JSON */
	bool spilled;   /* see spill_off */
	bool pruned;    /* (an old file) seen by prune_one: once, however reached */
} file;

/* A record for the manifest: JSON kept from the last build, or this
 * build's record itself (serialised only when the manifest is written, so
 * a build does not hold every record twice). The last build's JSON stays
 * in its manifest, read when it is needed (a 100k site's records are some
 * 200 MB of it). */
typedef struct record {
	off_t at; /* the last build's: len bytes at at in the old manifest */
	size_t len;
	off_t line_at;                /* ...and its whole line there (newline included), */
	size_t line_len;              /* which the next manifest copies as it is (0: not known) */
	const char *since;            /* interned */
	char digest[LEDE_DIGEST_HEX]; /* lede_record_digest of it, or "" */
	const lede_article *rec;      /* owned by the build, alive until the commit */
} record;

typedef struct manifest_out manifest_out;

/* The files of one owner in the last manifest. */
typedef struct owned {
	struct file **files; /* old_files' entries, there until the state is freed */
	size_t n;
} owned;

/* Lists of interned names that sources share (every article of a site
 * names the same few outlets): the last few made, reused as they are. */
#define NAME_LISTS 8

struct lede_state {
	char *outdir, *stage, *dups, *running, *now;
	struct {
		char **v;
		size_t n;
	} lists[NAME_LISTS];
	size_t next_list; /* the slot the next new list takes */
	int dir_fd;       /* the output folder, -1 when it was not there */
	int stage_fd;     /* the stage while it is made, else -1 */
	int old_fd;       /* the last manifest, open until the state is freed: its records'
	                   * text and its pages' links, read where they are */
	/* the tables' keys and their file, record and owner entries, freed
	 * at once (a large site's state is some hundred thousand of them);
	 * allocated from under the lock once workers run */
	lede_arena *mem;
	/* the pages' link lines and the collection records of this build,
	 * kept on disk until the manifest is written (a 100k site's come to
	 * some 80 and 100 MB); -1: none yet */
	char *spill;
	int spill_fd;
	bool spill_failed;
	off_t spill_end;
	bool interrupted; /* the last build did not finish (or there was none) */
	bool marked;      /* this build made the running mark (see LEDE_RUNNING) */
	bool journaled;   /* ...and listed in it files put in place, whose manifest
	                   * is not written yet: the mark stays for the next build */
	char *carried;    /* the list a build that did not finish left there (NUL
	                   * after each path), listed again until a manifest is */
	size_t carried_len;
	char *made;    /* the topmost folder made to lock the output folder, or NULL */
	bool begun;    /* lede_state_begin was called */
	bool old_site; /* the last build was a whole site's, not a shard's */
	bool shard;    /* this build is a shard's */
	pthread_mutex_t lock;
	table old_files;                /* rel -> file (the last manifest) */
	table old_records;              /* "outlet\tarticle" -> record */
	table old_owned;                /* "outlet\tarticle" -> owned (the files of old_files) */
	size_t old_article_pages;       /* of old_owned, those of an article */
	table old_sources;              /* article path -> lede_source (the last manifest) */
	table sources;                  /* article path -> lede_source (this build) */
	char site_key[LEDE_DIGEST_HEX]; /* incremental builds: the site's inputs, or "" */
	bool reuse;                     /* ...and pages may be reused (not --full) */
	table files;                    /* rel -> file (this build: made or kept) */
	table records;                  /* "outlet\tarticle" -> record (this build) */
	table strings;                  /* interned strings (keys only): see intern */
	/* the output folder's folders checked so far (folder_known): rel of
	 * a folder -> LEDE_FOLDER_THERE or _MISSING. The output folder does
	 * not change until the commit (the build writes in the stage), so one
	 * lstat settles a folder for every page under it. */
	table folders;
	size_t next_stage;
	size_t kept;
	/* writes that lost a file to another writer (lede_state_write): rel
	 * and the loser, both interned, reported by lede_state_contest */
	struct contest {
		const char *rel;                               /* interned, as the others */
		const char *bound, *outlet, *article, *writer; /* the write that lost */
		bool page;
	} * contests;
	size_t ncontests, capcontests;
	/* the files whose name another file needs as a folder
	 * (lede_state_clashes): that file, and the first under it, */
	struct clash {
		const char *file, *under;
		size_t more; /* and how many others are under it */
	} * clashes;
	size_t nclashes;
	lede_error *place_errs; /* the commit's files not put in place, but the first */
	char **prune_keys;      /* prune_list: the old table's keys */
	size_t nprune_keys;
	size_t nplace_errs;
	char **file_keys; /* ...and the files' keys, sorted then, for the commit */
	size_t nfile_keys;
	bool stage_made, dups_made;
	bool links;                 /* this build checks links: its pages' links are recorded */
	bool old_links;             /* ...and the last one did */
	bool old_clean;             /* ...and marked its pages with unclean links */
	bool head_clean, end_clean; /* ...as its first line (version 2) or its last said */
	bool end_seen;              /* the last line (version 3) was read: the file is whole */
	lede_arena *mem2; /* the second part of the last manifest's entries (read_manifest) */
	bool settled;     /* this build marked them (lede_state_links_dirty) */
	bool chmod;       /* the umask narrows 0644: each staged file is chmod'ed */

	/* the manifest's first part, written ahead while the collections are
	 * made (lede_state_write_ahead), on ahead_thread while ahead_running;
	 * ahead_stale: a record or source changed since, so it is written again */
	manifest_out *ahead;
	pthread_t ahead_thread;
	bool ahead_running, ahead_stale;

	/* the files the commit did not prune: not the bytes lede recorded */
	const char **spared;
	size_t nspared;
};

static void ahead_settle(lede_state *s, bool stale);
static void manifest_free(manifest_out *m);

static void file_free(void *p)
{
	file *f = p;
	if (!f)
		return;
	if (f->staged)
		unlink(f->staged);
	free(f->staged);
	free(f->links);
	lede_deps_clear(&f->deps);
	/* (the entry itself is the state's arena's) */
}

/* The table's own copy of the key of slot (from table_slot). */
static const char *table_key(const table *t, void **slot)
{
	(void)t;
	return ((table_entry *)((char *)slot - offsetof(table_entry, val)))->key;
}

/* The state's one copy of x (NULL for NULL); the caller holds the lock
 * when workers may be running. */
static const char *intern(lede_state *s, const char *x)
{
	return x ? table_key(&s->strings, table_slot(&s->strings, x, true)) : NULL;
}

static void owned_free(void *p)
{
	owned *o = p;
	if (o)
		free(o->files); /* (the entries are old_files') */
}

static char **strs_dup(char *const *v, size_t n)
{
	char **c = lede_xcalloc(n + 1, sizeof *c);
	for (size_t i = 0; i < n; i++)
		c[i] = lede_xstrdup(v[i]);
	return c;
}

void lede_deps_clear(lede_deps *d)
{
	for (size_t i = 0; i < d->nimages; i++)
		free(d->images[i]);
	for (size_t i = 0; i < d->nclaims; i++)
		free(d->claims[i]);
	free(d->images);
	free(d->claims);
	memset(d, 0, sizeof *d);
}

static void deps_copy(lede_deps *to, const lede_deps *from)
{
	to->images = from->nimages ? strs_dup(from->images, from->nimages) : NULL;
	to->nimages = from->nimages;
	to->claims = from->nclaims ? strs_dup(from->claims, from->nclaims) : NULL;
	to->nclaims = from->nclaims;
}

/* v[0..n) in the state's arena (NULL-terminated; NULL when n is 0, as a
 * 100k site has 100k empty lists); interned: outlet names, which every
 * source repeats, in a list shared with the sources before that hold the
 * same (the last NAME_LISTS lists made). Under the lock once workers
 * run. */
static char **astrs(lede_state *s, char *const *v, size_t n, bool interned)
{
	if (!n)
		return NULL;
	if (interned) {
		for (size_t k = 0; k < NAME_LISTS; k++) {
			size_t i = 0;
			while (s->lists[k].n == n && i < n && !strcmp(s->lists[k].v[i], v[i]))
				i++;
			if (s->lists[k].n == n && i == n)
				return s->lists[k].v;
		}
	}
	char **c = lede_arena_alloc_aligned(s->mem, (n + 1) * sizeof *c, alignof(char *));
	for (size_t i = 0; i < n; i++)
		c[i] = interned ? (char *)intern(s, v[i]) : lede_arena_strdup(s->mem, v[i]);
	if (interned) {
		s->lists[s->next_list].v = c;
		s->lists[s->next_list].n = n;
		s->next_list = (s->next_list + 1) % NAME_LISTS;
	}
	return c;
}

/* A copy of src in the state's arena: sources live as long as the state
 * (one replaced stays in the arena until then). Under the lock once
 * workers run. */
static lede_source *source_dup(lede_state *s, const lede_source *src)
{
	lede_source *c = lede_arena_alloc(s->mem, sizeof *c);
	*c = *src;
	c->line_len = 0; /* this build's */
	c->outlets = astrs(s, src->outlets, src->noutlets, true);
	c->taken = astrs(s, src->taken, src->ntaken, true);
	c->images = astrs(s, src->images, src->nimages, false);
	c->claims = astrs(s, src->claims, src->nclaims, false);
	c->edition = src->edition ? lede_arena_strdup(s->mem, src->edition) : NULL;
	c->messages = src->messages ? lede_arena_strdup(s->mem, src->messages) : NULL;
	c->times = NULL; /* (most articles compare no embargo) */
	c->later = NULL;
	if (src->ntimes) {
		c->times = lede_arena_alloc(s->mem, src->ntimes * sizeof *c->times);
		c->later = lede_arena_alloc(s->mem, src->ntimes * sizeof *c->later);
		memcpy(c->times, src->times, src->ntimes * sizeof *c->times);
		memcpy(c->later, src->later, src->ntimes * sizeof *c->later);
	}
	return c;
}

static const char *vstr(const lede_value *o, const char *k)
{
	return lede_value_str(lede_value_get(o, k));
}

static long long vint(const lede_value *o, const char *k)
{
	const lede_value *v = lede_value_get(o, k);
	return v && v->type == LEDE_INT ? (long long)v->u.i : 0;
}

static bool vtrue(const lede_value *v) { return v && v->type == LEDE_BOOL && v->u.b; }

static char *record_key(const char *outlet, const char *article)
{
	lede_buf b = LEDE_BUF_INIT;
	lede_buf_join(&b, outlet ? outlet : "", '\t', article ? article : "");
	return lede_buf_detach(&b, NULL);
}

/* Removes what is in the folder open as fd, then closes it: only what is
 * there (a symlink is removed, never followed). */
static void remove_below(int fd)
{
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	struct dirent *ent;
	while ((ent = readdir(d))) {
		if (!strcmp(ent->d_name, ".") || !strcmp(ent->d_name, ".."))
			continue;
		if (unlinkat(fd, ent->d_name, 0) == 0 || (errno != EISDIR && errno != EPERM))
			continue;
		int sub = openat(fd, ent->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub >= 0)
			remove_below(sub);
		unlinkat(fd, ent->d_name, AT_REMOVEDIR);
	}
	closedir(d);
}

/* Removes a folder and everything under it (the stage of a killed build);
 * anything else of that name (lede's own), a symlink above all, goes
 * too: the stage is never made through it. */
static void remove_tree(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ELOOP || errno == ENOTDIR)
			unlink(path);
		return;
	}
	remove_below(fd);
	rmdir(path);
}

static lede_source *source_from_value(lede_state *s, const lede_value *o);
static void deps_from_value(lede_deps *d, const lede_value *o);

#define LINE_KEYS 16

/* The members named keys[0..n) (at most LINE_KEYS) of the JSON object
 * line[0..len), as a map of those it has; the others are checked and
 * skipped. NULL when it is not one JSON object. (The manifest's lines of
 * the kinds lede writes: their member names are not copied, nor the
 * members this lede does not read built.) */
static lede_value *line_members(lede_arena *ar, const char *line, size_t len,
                                const char *const *keys, size_t n)
{
	lede_value *f[LINE_KEYS];
	bool whole[LINE_KEYS];
	for (size_t i = 0; i < n; i++)
		whole[i] = true;
	if (!lede_json_parse_members(ar, line, len, keys, whole, n, f))
		return NULL;
	lede_value *m = lede_arena_alloc(ar, sizeof *m);
	m->type = LEDE_MAP;
	m->u.list.items = lede_arena_alloc(ar, n * sizeof *m->u.list.items);
	m->u.list.keys = lede_arena_alloc(ar, n * sizeof *m->u.list.keys);
	for (size_t i = 0; i < n; i++)
		if (f[i]) {
			m->u.list.keys[m->u.list.n] = keys[i];
			m->u.list.items[m->u.list.n++] = f[i];
		}
	return m;
}

static const char *const record_head_keys[] = {"outlet", "article", "since", "digest"};
static const char *const file_keys[] = {"file", "outlet", "article", "since",  "hash",  "size",
                                        "left", "dirty",  "key",     "images", "claims"};
static const char *const source_keys[] = {"source",  "key",   "digest",   "stat",     "date",
                                          "outlets", "taken", "times",    "images",   "claims",
                                          "edition", "kept",  "messages", "warnings", "info"};
#define NKEYS(k) (sizeof k / sizeof *k)
_Static_assert(NKEYS(file_keys) <= LINE_KEYS && NKEYS(source_keys) <= LINE_KEYS,
               "line_members reads at most LINE_KEYS members");

/* One line of the manifest (without its newline), read into the state;
 * false when it is not a line lede writes. */
static bool read_line(lede_state *s, lede_arena *ar, char *line, size_t end, off_t line_at,
                      int lineno, int *version)
{
	/* the whole line, as lede writes it (a newline, no carriage return) */
	size_t line_len = line[end] == '\n' ? end + 1 : 0;
	/* A record line: its record, last, is kept as the text it is, and
	 * only what comes before it is read now. */
	const char *mark = !strncmp(line, "{\"outlet\":", 10) ? strstr(line, ",\"record\":") : NULL;
	if (mark && end && line[end - 1] == '}') {
		size_t head = (size_t)(mark - line);
		char saved = line[head];
		line[head] = '}';
		lede_value *o =
		    line_members(ar, line, head + 1, record_head_keys, NKEYS(record_head_keys));
		line[head] = saved;
		if (o && vstr(o, "outlet") && vstr(o, "article")) {
			record *r = lede_arena_alloc(s->mem, sizeof *r);
			const char *raw = mark + 10;
			r->at = line_at + (raw - line);
			r->len = (size_t)(line + end - 1 - raw);
			r->line_at = line_at;
			r->line_len = line_len;
			r->since = intern(s, vstr(o, "since"));
			const char *d = vstr(o, "digest");
			if (d && strlen(d) == LEDE_DIGEST_HEX - 1)
				memcpy(r->digest, d, LEDE_DIGEST_HEX);
			char *key = record_key(vstr(o, "outlet"), vstr(o, "article"));
			*table_slot(&s->old_records, key, true) = r;
			free(key);
			lede_arena_reset(ar);
			return true;
		}
	}
	/* A file line's links (most of its bytes) stay in the manifest: where
	 * their string is, then the line is parsed without them. (A comma
	 * and a quote together are never inside a JSON string: the first
	 * such member is the line's own.) */
	const char *lit = !strncmp(line, "{\"file\":", 8) ? strstr(line, ",\"links\":\"") : NULL;
	size_t links_len = lit ? lede_json_str_len(lit + 9, line + end) : 0;
	off_t links_at = links_len ? line_at + (lit + 9 - line) : 0;
	/* Checked now, as a page whose links are clean is not read again:
	 * damaged, they are read, and said to be (lede_links_unread). */
	bool links_bad = links_len && lede_json_get_str(lit + 9, links_len, NULL) != 0;
	if (links_len) {
		char *cut = line + (lit - line);
		size_t n = 9 + links_len;
		memmove(cut, cut + n, (size_t)(line + end - (cut + n)));
		end -= n;
	}
	/* (a file's or a source's line: only the members read below) */
	bool is_file = lineno > 1 && !strncmp(line, "{\"file\":", 8),
	     is_source = lineno > 1 && !strncmp(line, "{\"source\":", 10);
	lede_value *o = is_file     ? line_members(ar, line, end, file_keys, NKEYS(file_keys))
	                : is_source ? line_members(ar, line, end, source_keys, NKEYS(source_keys))
	                            : lede_json_parse(ar, line, end);
	if (!o || o->type != LEDE_MAP || (lineno == 1 && !lede_value_get(o, "lede-manifest"))) {
		lede_arena_reset(ar);
		return false;
	}
	if (lineno == 1) {
		*version = (int)vint(o, "lede-manifest");
		s->old_links = vtrue(lede_value_get(o, "links"));
		s->head_clean = vtrue(lede_value_get(o, "clean")); /* version 2 */
		s->old_site = !vtrue(lede_value_get(o, "shard"));
	}
	/* The last line (version 3): whether the clean marks hold. */
	if (lede_value_get(o, "lede-manifest-end")) {
		s->end_clean = vtrue(lede_value_get(o, "clean"));
		s->end_seen = true;
		lede_arena_reset(ar);
		return true;
	}
	const char *rel = vstr(o, "file");
	const char *src = vstr(o, "source");
	if (src) {
		lede_source *e = source_from_value(s, o);
		if (e) {
			e->line_at = line_at;
			e->line_len = line_len;
			*table_slot(&s->old_sources, src, true) = e;
		}
	} else if (rel) {
		file *fe = lede_arena_alloc(s->mem, sizeof *fe);
		fe->outlet = intern(s, vstr(o, "outlet"));
		fe->article = intern(s, vstr(o, "article"));
		fe->since = intern(s, vstr(o, "since"));
		const char *h = vstr(o, "hash");
		fe->hash = h ? strtoull(h, NULL, 16) : 0;
		fe->size = (size_t)vint(o, "size");
		fe->left = vtrue(lede_value_get(o, "left"));
		fe->dirty = vtrue(lede_value_get(o, "dirty")) || links_bad;
		fe->line_at = line_at;
		fe->line_len = links_bad ? 0 : line_len;
		const char *key = vstr(o, "key");
		fe->key = key ? lede_arena_strdup(s->mem, key) : NULL;
		if (links_len) {
			fe->old_links = true;
			fe->links_at = links_at;
			fe->links_len = links_len;
		}
		deps_from_value(&fe->deps, o);
		void **slot = table_slot(&s->old_files, rel, true);
		fe->rel = table_key(&s->old_files, slot);
		file_free(*slot);
		*slot = fe;
	}
	/* (a record line not as lede writes it: as if there were none) */
	lede_arena_reset(ar);
	return true;
}

/* A part of the last manifest, read into s: the lines that start in
 * [from, to) of fd (first: from is the file's start, so its first line is
 * the head), through buf (a buffer of *cap bytes and one more, grown as
 * a line needs). */
typedef struct {
	lede_state *s;
	int fd;
	off_t from, to;
	bool first;
	char **buf;
	size_t *cap;
	lede_arena *scratch; /* a line's values, emptied per line */
	int version;         /* the head's */
	int lines;           /* lines read */
	int bad; /* the first that is not a manifest's line (1: the part's first), or 0 */
	int err; /* errno of a read that failed, or 0 */
} part;

/* Reads part p's lines (each passed to read_line as getline would: its
 * newline after it, then a NUL). */
static void read_part(part *p)
{
	char *buf = *p->buf;
	size_t cap = *p->cap, len = 0, pos = 0;
	/* a part after the first starts at the first line that starts at or
	 * after from: the rest of the line before is the part before's */
	bool skipping = !p->first;
	off_t at = skipping ? p->from - 1 : p->from; /* the file offset of buf[0] */
	bool eof = false;
	for (;;) {
		char *nl = pos < len ? memchr(buf + pos, '\n', len - pos) : NULL;
		if (!nl && !eof) {
			memmove(buf, buf + pos, len - pos);
			at += (off_t)pos;
			len -= pos;
			pos = 0;
			if (len == cap) {
				cap *= 2;
				buf = lede_xrealloc(buf, cap + 1);
			}
			ssize_t r = pread(p->fd, buf + len, cap - len, at + (off_t)len);
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0) {
				p->err = errno;
				break;
			}
			eof = r == 0;
			len += (size_t)r;
			continue;
		}
		if (pos >= len)
			break;
		size_t n = nl ? (size_t)(nl - (buf + pos)) + 1 : len - pos;
		off_t line_at = at + (off_t)pos;
		if (skipping) {
			skipping = false;
			pos += n;
			continue;
		}
		if (line_at >= p->to)
			break;
		char *line = buf + pos;
		char saved = line[n];
		line[n] = '\0';
		size_t end = n;
		while (end && (line[end - 1] == '\n' || line[end - 1] == '\r'))
			end--;
		p->lines++;
		int lineno = p->first ? p->lines : p->lines + 1; /* (1: the head) */
		bool ok = read_line(p->s, p->scratch, line, end, line_at, lineno, &p->version);
		line[n] = saved;
		pos += n;
		if (!ok) {
			p->bad = p->lines;
			break;
		}
		/* Another lede's (a newer one's): its lines may not mean what
		 * this one reads, and pruning by them could remove what it must
		 * not. */
		if (lineno == 1 && (p->version < MANIFEST_OLDEST || p->version > MANIFEST_VERSION))
			break;
	}
	*p->buf = buf;
	*p->cap = cap;
}

/* The last manifest, read in pieces of PIECE bytes by two threads, each
 * taking the next piece into a state of its own. */
#define PIECE (2 << 20)

typedef struct {
	int fd;
	off_t size;
	size_t npieces;
	atomic_size_t next;
	part *parts; /* parts[k]: piece k, once read */
} pieces;

typedef struct {
	pieces *ps;
	lede_state *s;
	bool first; /* reads piece 0 first: the state's own reader */
} piece_reader;

static void *read_pieces(void *arg)
{
	piece_reader *r = arg;
	pieces *ps = r->ps;
	size_t cap = 1 << 20;
	char *buf = lede_xmalloc(cap + 1);
	lede_arena *scratch = lede_arena_new();
	/* The first piece, with the head, is the caller's (r->first): what the
	 * head says (links, shard, version 2's clean mark) is read into the
	 * state itself, whichever thread starts first. */
	for (bool first = r->first;; first = false) {
		size_t k = first ? 0 : atomic_fetch_add(&ps->next, 1);
		if (k >= ps->npieces)
			break;
		off_t from = (off_t)k * PIECE,
		      to = from + PIECE < ps->size ? from + PIECE : ps->size;
		part *p = &ps->parts[k];
		*p = (part){.s = r->s,
		            .fd = ps->fd,
		            .from = from,
		            .to = to,
		            .first = k == 0,
		            .buf = &buf,
		            .cap = &cap,
		            .scratch = scratch};
		read_part(p);
	}
	free(buf);
	lede_arena_free(scratch);
	return NULL;
}

static off_t record_line(const void *v) { return ((const record *)v)->line_at; }

static off_t source_line(const void *v) { return (off_t)((const lede_source *)v)->line_at; }

/* from's entries into to (their keys taken as they are): of two for one
 * key, the one whose line (line_of) comes later in the manifest. */
static void merge_later(table *to, const table *from, off_t (*line_of)(const void *))
{
	for (size_t i = 0; i < from->cap; i++) {
		if (!from->e[i].key)
			continue;
		void **slot = table_slot_of(to, from->e[i].key, true, true);
		if (!*slot || line_of(*slot) < line_of(from->e[i].val))
			*slot = from->e[i].val;
	}
}

/* The second reader's entries (read into t) into s: of two lines for one
 * entry, the later one's, as when read in order. */
static void merge_part(lede_state *s, lede_state *t)
{
	for (size_t i = 0; i < t->old_files.cap; i++) {
		const char *key = t->old_files.e[i].key;
		if (!key)
			continue;
		file *fe = t->old_files.e[i].val;
		void **slot = table_slot_of(&s->old_files, key, true, true);
		file *had = *slot;
		if (had && had->line_at > fe->line_at) {
			file_free(fe);
			continue;
		}
		file_free(had);
		*slot = fe;
		fe->rel = table_key(&s->old_files, slot);
	}
	merge_later(&s->old_records, &t->old_records, record_line);
	merge_later(&s->old_sources, &t->old_sources, source_line);
	s->end_clean = s->end_clean || t->end_clean;
	s->end_seen = s->end_seen || t->end_seen;
	/* the entries, their keys and strings stay in t's arena, now s's */
	s->mem2 = t->mem;
	t->mem = NULL;
}

static int read_manifest(lede_state *s, lede_error *err)
{
	lede_buf path = LEDE_BUF_INIT;
	lede_buf_printf(&path, "%s/%s", s->outdir, LEDE_MANIFEST);
	int fd = open(lede_buf_cstr(&path), O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		int rc = fd < 0 && errno == ENOENT ? 0 : -1;
		if (rc)
			lede_error_set(err, lede_buf_cstr(&path), 0, 0,
			               "cannot read the build state: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		lede_buf_free(&path);
		return rc;
	}
	/* Read on this thread and, when there is more than a piece, another,
	 * into a state of its own merged after. */
	pieces ps = {.fd = fd, .size = st.st_size};
	ps.npieces = st.st_size ? (size_t)((st.st_size + PIECE - 1) / PIECE) : 1;
	ps.parts = lede_xcalloc(ps.npieces, sizeof *ps.parts);
	atomic_init(&ps.next, 1); /* (piece 0: mine) */
	lede_state *t = NULL;
	pthread_t th;
	bool two = false;
	piece_reader mine = {&ps, s, true}, other = {&ps, NULL, false}; /* (alive until joined) */
	if (ps.npieces > 1) {
		t = other.s = lede_xcalloc(1, sizeof *t);
		t->mem = lede_arena_new();
		t->old_files.ar = t->old_records.ar = t->old_sources.ar = t->strings.ar = t->mem;
		two = pthread_create(&th, NULL, read_pieces, &other) == 0;
	}
	read_pieces(&mine);
	if (two)
		pthread_join(th, NULL);
	/* what the pieces say, in order: the head's version, the first line
	 * that is not a manifest's (its number in the file), a read that
	 * failed */
	int rc = 0, version = ps.parts[0].version, lines = 0, bad = 0, e = 0;
	for (size_t k = 0; k < ps.npieces && !bad && !e; k++) {
		const part *p = &ps.parts[k];
		bad = p->bad ? lines + p->bad : 0;
		e = p->err;
		lines += p->lines;
	}
	if (bad == 1) {
		/* (random bytes have no version: not "version 0") */
		lede_error_set(err, lede_buf_cstr(&path), 1, 0,
		               "not a lede build state (no lede-manifest line); remove it and "
		               "build again");
		rc = -1;
	} else if (ps.parts[0].lines && (version < MANIFEST_OLDEST || version > MANIFEST_VERSION)) {
		lede_error_set(
		    err, lede_buf_cstr(&path), 1, 0,
		    "a build state of version %d, and this lede reads versions %d to %d; "
		    "build with the lede that wrote it, or remove it to build "
		    "everything again",
		    version, MANIFEST_OLDEST, MANIFEST_VERSION);
		rc = -1;
	} else if (bad) {
		lede_error_set(err, lede_buf_cstr(&path), bad, 0,
		               "not a lede build state (%s); remove it and build again",
		               bad == 1 ? "no lede-manifest line" : "unexpected line");
		rc = -1;
	} else if (e) {
		lede_error_set(err, lede_buf_cstr(&path), 0, 0, "cannot read the build state: %s",
		               strerror(e));
		rc = -1;
	}
	free(ps.parts);
	if (t) {
		if (rc == 0)
			merge_part(s, t);
		else
			for (size_t i = 0; i < t->old_files.cap; i++)
				if (t->old_files.e[i].key)
					file_free(t->old_files.e[i].val);
		table_free(&t->old_files, NULL);
		table_free(&t->old_records, NULL);
		table_free(&t->old_sources, NULL);
		table_free(&t->strings, NULL);
		lede_arena_free(t->mem);
		free(t);
	}
	/* A whole manifest of version 3 ends with its own line: without it,
	 * the file was cut (at a line's end, which reads as whole) or
	 * edited, and what it lacks would be taken as never built. */
	if (rc == 0 && lines && version >= 3 && !s->end_seen) {
		lede_error_set(err, lede_buf_cstr(&path), lines, 0,
		               "the build state is cut short: its last line (lede-manifest-end) "
		               "is missing, so the file was cut or edited; remove it and build "
		               "again");
		rc = -1;
	}
	s->old_clean = s->old_links && (version >= 3 ? s->end_clean : s->head_clean);
	/* kept open for the records' text (a manifest that a later build
	 * renames over stays readable through it) */
	s->old_fd = rc == 0 ? fd : -1;
	if (rc != 0)
		close(fd);
	lede_buf_free(&path);
	/* Empty (a power cut can leave a renamed file without its bytes): no
	 * build state, as when there is no manifest. */
	if (!lines)
		s->interrupted = true;
	/* Each owner's files, so that keeping them costs what they are. */
	for (size_t i = 0; i < s->old_files.cap; i++) {
		file *fe = s->old_files.e[i].val;
		if (!s->old_files.e[i].key)
			continue;
		char *key = record_key(fe->outlet, fe->article);
		void **slot = table_slot(&s->old_owned, key, true);
		free(key);
		owned *ow = *slot;
		if (!ow) {
			*slot = ow = lede_arena_alloc(s->mem, sizeof *ow);
			s->old_article_pages += fe->article != NULL;
		}
		ow->files = lede_xrealloc(ow->files, (ow->n + 1) * sizeof *ow->files);
		ow->files[ow->n++] = fe;
	}
	return rc;
}

/* Whether the process's umask takes a bit of 0644 away (unknown: it
 * may). Read from /proc, as umask() itself would change it for every
 * thread of the process for a moment. */
static bool umask_narrows(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	if (!f)
		return true;
	char line[256];
	unsigned mask = 0777;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "Umask: %o", &mask) == 1)
			break;
	fclose(f);
	return (mask & 0644) != 0;
}

/* The output folder not there yet: made (with the folders above it that
 * are not there either) so that it can be locked; s->made is the topmost
 * one made, for unmake. */
static void make_to_lock(lede_state *s)
{
	lede_buf p = LEDE_BUF_INIT;
	lede_buf_puts(&p, s->outdir);
	while (p.len > 1 && p.data[p.len - 1] == '/')
		p.data[--p.len] = '\0';
	char *top = NULL;
	struct stat st;
	while (p.len && lstat(p.data, &st) != 0 && errno == ENOENT) {
		free(top);
		top = lede_xstrdup(p.data);
		char *slash = strrchr(p.data, '/');
		if (!slash || slash == p.data)
			break;
		p.len = (size_t)(slash - p.data);
		p.data[p.len] = '\0';
	}
	lede_buf_free(&p);
	if (top && lede_mkdirs(s->outdir) == 0) {
		s->made = top;
		s->dir_fd = open(s->outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	} else {
		free(top);
	}
}

/* Removes the folders make_to_lock made, from the output folder up to the
 * topmost (each only while empty). */
static void unmake(lede_state *s)
{
	if (!s->made)
		return;
	lede_buf p = LEDE_BUF_INIT;
	lede_buf_puts(&p, s->outdir);
	while (p.len > 1 && p.data[p.len - 1] == '/')
		p.data[--p.len] = '\0';
	while (rmdir(p.data) == 0 && strcmp(p.data, s->made)) {
		char *slash = strrchr(p.data, '/');
		if (!slash)
			break;
		p.len = (size_t)(slash - p.data);
		p.data[p.len] = '\0';
	}
	lede_buf_free(&p);
	free(s->made);
	s->made = NULL;
}

/* Closes the stage's descriptor, before the stage goes. */
static void stage_close(lede_state *s)
{
	if (s->stage_fd >= 0)
		close(s->stage_fd);
	s->stage_fd = -1;
}

/* The files the last build's commit was putting in place when it stopped
 * (killed, or its manifest not written: a full disk): the running mark
 * lists them, NUL after each, before the first is moved. Each may now
 * hold this build's bytes or the last one's, whatever the last manifest
 * says: its line there (its hash, a collection page's key) is not
 * trusted, its article is not reused but built again, and a file the
 * manifest does not name is still lede's, to prune when no build makes
 * it again (else a page put in place for a slug changed back would stay
 * online, as a file of the user's). */
static bool file_hash(const char *path, const size_t *want, uint64_t *hash, size_t *size);

static void unfinished_commit(lede_state *s)
{
	size_t len = 0;
	/* (lede's own file: never read through a symlink) */
	int fd = open(s->running, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	struct stat mark;
	char *list = fd >= 0 && fstat(fd, &mark) == 0 && S_ISREG(mark.st_mode)
	                 ? lede_read_rest(fd, NULL, 0, (long long)mark.st_size, &len)
	                 : NULL;
	if (fd >= 0)
		close(fd);
	/* (kept once each: a list carried over builds that fail again and
	 * again does not grow, nor is a file hashed twice) */
	lede_buf once = LEDE_BUF_INIT;
	for (size_t at = 0; list && at < len; at += strlen(list + at) + 1) {
		const char *rel = list + at;
		if (!*rel || !lede_path_is_contained(rel))
			continue;
		void **slot = table_slot(&s->old_files, rel, true);
		file *fe = *slot;
		if (fe && fe->listed)
			continue;
		if (!fe) {
			*slot = fe = lede_arena_alloc(s->mem, sizeof *fe);
			fe->rel = table_key(&s->old_files, slot);
		} else if (fe->article) {
			void **src = table_slot(&s->old_sources, fe->article, false);
			if (src)
				*src = NULL; /* not reused: built again */
		}
		lede_buf full = LEDE_BUF_INIT;
		lede_buf_join(&full, s->outdir, '/', rel);
		if (!file_hash(lede_buf_cstr(&full), NULL, &fe->hash, &fe->size))
			fe->hash = fe->size = 0; /* (what is there: lede's) */
		lede_buf_free(&full);
		fe->key = NULL;
		fe->line_len = 0;
		fe->dirty = true;
		fe->listed = true;
		lede_buf_put(&once, rel, strlen(rel) + 1);
	}
	free(list);
	/* Until this build's manifest is written, the mark goes on listing
	 * them (this build may stop too). */
	if (once.len) {
		s->carried = lede_buf_detach(&once, &s->carried_len);
		s->journaled = true;
	}
	lede_buf_free(&once);
}

lede_state *lede_state_read(const char *outdir, const char *now, lede_error *err)
{
	lede_state *s = lede_xcalloc(1, sizeof *s);
	s->old_fd = -1;
	s->spill_fd = -1;
	s->outdir = lede_xstrdup(outdir);
	s->dir_fd = open(outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->dir_fd < 0 && errno == ENOENT)
		make_to_lock(s);
	s->stage_fd = -1;
	/* One build at a time in a folder: two (cron runs that overlap) would
	 * sweep each other's stage and commit half of each. Held until the
	 * state is freed; a killed build's goes with it. */
	if (s->dir_fd >= 0 && flock(s->dir_fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
		lede_error_set(err, outdir, 0, 0,
		               "another lede build is writing into this folder; nothing was "
		               "built: build again when it has finished (or into another folder)");
		close(s->dir_fd);
		s->dir_fd = -1;
		unmake(s);
		free(s->outdir);
		free(s);
		return NULL;
	}
	s->mem = lede_arena_new();
	table *tables[] = {&s->old_files,   &s->old_records, &s->old_owned,
	                   &s->old_sources, &s->sources,     &s->files,
	                   &s->records,     &s->strings,     &s->folders};
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
		tables[i]->ar = s->mem;
	s->now = lede_xstrdup(now);
	pthread_mutexattr_t ma;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ADAPTIVE_NP);
	pthread_mutex_init(&s->lock, &ma);
	pthread_mutexattr_destroy(&ma);
	s->chmod = umask_narrows();
	lede_buf b = LEDE_BUF_INIT;
	lede_buf_printf(&b, "%s/%s", outdir, LEDE_STAGE);
	s->stage = lede_buf_detach(&b, NULL);
	lede_buf_printf(&b, "%s/%s-dup", outdir, LEDE_STAGE);
	s->dups = lede_buf_detach(&b, NULL);
	lede_buf_printf(&b, "%s/%s", outdir, LEDE_RUNNING);
	s->running = lede_buf_detach(&b, NULL);
	lede_buf_printf(&b, "%s/%s-spill", outdir, LEDE_STAGE);
	s->spill = lede_buf_detach(&b, NULL);
	if (read_manifest(s, err) != 0) {
		lede_state_free(s);
		return NULL;
	}
	table_reserve(&s->files, s->old_files.n);
	table_reserve(&s->records, s->old_records.n);
	table_reserve(&s->sources, s->old_sources.n);
	return s;
}

void lede_state_begin(lede_state *s)
{
	s->begun = true;
	remove_tree(s->stage); /* a killed build's */
	remove_tree(s->dups);
	lede_buf b = LEDE_BUF_INIT;
	lede_buf_printf(&b, "%s/%s-links", s->outdir, LEDE_STAGE);
	unlink(lede_buf_cstr(&b)); /* a killed build's, by the name it had before */
	unlink(s->spill);          /* a killed build's */
	lede_buf_reset(&b);
	lede_buf_printf(&b, "%s/%s", s->outdir, LEDE_MANIFEST);
	struct stat st;
	s->interrupted =
	    s->interrupted || lstat(lede_buf_cstr(&b), &st) != 0 || lstat(s->running, &st) == 0;
	lede_buf_free(&b);
	unfinished_commit(s);
	/* The mark's name is lede's: anything but a file there (a FIFO, a
	 * folder, a symlink) goes, so that the mark can be made and listed. */
	if (lstat(s->running, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode))
			remove_tree(s->running);
		else
			unlink(s->running);
	}
	/* Until the commit: a build killed before it leaves the mark. (A
	 * folder not there yet has no manifest: its next build sweeps.) */
	int fd = open(s->running,
	              O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK |
	                  (s->journaled ? 0 : O_TRUNC),
	              0644);
	if (fd >= 0) {
		close(fd);
		s->marked = true;
	}
}

lede_state *lede_state_open(const char *outdir, const char *now, lede_error *err)
{
	lede_state *s = lede_state_read(outdir, now, err);
	if (s)
		lede_state_begin(s);
	return s;
}

bool lede_state_interrupted(const lede_state *s) { return s->interrupted; }

bool lede_state_had_site(const lede_state *s) { return s->old_site; }

size_t lede_state_article_pages(const lede_state *s) { return s->old_article_pages; }

/* Whether path lies under one of the n sorted folders. */
static bool under_any(const char *path, char *const *dirs, size_t n)
{
	for (const char *slash = strchr(path, '/'); slash; slash = strchr(slash + 1, '/')) {
		size_t len = (size_t)(slash - path);
		size_t lo = 0, hi = n; /* a folder equal to path[0..len) */
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			int c = strncmp(dirs[mid], path, len);
			if (!c && dirs[mid][len])
				c = 1; /* longer: after it */
			if (!c)
				return true;
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	return false;
}

void lede_state_articles_under(const lede_state *s, char *const *dirs, size_t n,
                               void (*fn)(void *ud, const char *article), void *ud)
{
	const table *tables[] = {&s->old_owned, &s->old_records}; /* keys: outlet\tarticle */
	for (size_t t = 0; t < 2; t++)
		for (size_t i = 0; i < tables[t]->cap; i++) {
			const char *key = tables[t]->e[i].key;
			const char *article = key ? strchr(key, '\t') : NULL;
			if (article && under_any(++article, dirs, n))
				fn(ud, article);
		}
}

void lede_state_set_shard(lede_state *s) { s->shard = true; }

void lede_state_free(lede_state *s)
{
	if (!s)
		return;
	ahead_settle(s, false);
	manifest_free(s->ahead);
	table_free(&s->old_files, file_free);
	table_free(&s->old_records, NULL);
	table_free(&s->old_owned, owned_free);
	table_free(&s->old_sources, NULL); /* the sources are the arena's */
	table_free(&s->sources, NULL);
	table_free(&s->files, file_free);
	free(s->clashes);
	free(s->file_keys);
	free(s->place_errs);
	free(s->prune_keys);
	table_free(&s->records, NULL);
	table_free(&s->strings, NULL);
	table_free(&s->folders, NULL);
	free(s->spared);
	free(s->carried);
	lede_arena_free(s->mem);
	lede_arena_free(s->mem2);
	stage_close(s);
	if (s->stage_made)
		remove_tree(s->stage);
	if (s->dups_made)
		remove_tree(s->dups);
	/* A build that ends, finished or not, leaves no temporary file (each
	 * write renames or removes its own): only a killed one keeps the mark. */
	if (s->marked && !s->journaled)
		unlink(s->running);
	if (s->spill_fd >= 0) {
		close(s->spill_fd);
		unlink(s->spill);
	}
	if (s->old_fd >= 0)
		close(s->old_fd);
	if (s->dir_fd >= 0)
		close(s->dir_fd); /* and its lock */
	if (!s->begun)
		unmake(s); /* a build that never began leaves no folder */
	free(s->made);
	pthread_mutex_destroy(&s->lock);
	free(s->outdir);
	free(s->stage);
	free(s->dups);
	free(s->contests);
	free(s->running);
	free(s->spill);
	free(s->now);
	free(s);
}

/* s->folders as lede_check_folders_at's cache: the folders above a
 * page's own (an article's own folder is its alone, not worth keeping). */
static bool kept_folder(const char *rel, size_t len)
{
	const char *last = strrchr(rel, '/');
	return last && len < (size_t)(last - rel);
}

static int folder_known(void *ud, const char *rel, size_t len)
{
	lede_state *s = ud;
	if (!kept_folder(rel, len))
		return LEDE_FOLDER_UNKNOWN;
	char *dir = lede_xstrndup(rel, len);
	pthread_mutex_lock(&s->lock);
	void *v = table_get(&s->folders, dir);
	pthread_mutex_unlock(&s->lock);
	free(dir);
	return (int)(intptr_t)v; /* (LEDE_FOLDER_UNKNOWN when not there: NULL) */
}

static void folder_learn(void *ud, const char *rel, size_t len, int verdict)
{
	lede_state *s = ud;
	if (!kept_folder(rel, len))
		return;
	char *dir = lede_xstrndup(rel, len);
	pthread_mutex_lock(&s->lock);
	*table_slot(&s->folders, dir, true) = (void *)(intptr_t)verdict;
	pthread_mutex_unlock(&s->lock);
	free(dir);
}

/* NULL first, then as strcmp */
/* A static file: written by the site (no outlet, article or writer). */
static bool is_static(bool page, const char *bound, const char *outlet, const char *writer)
{
	return !page && !bound && !outlet && !writer;
}

static int cmp_or_null(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) : (a != NULL) - (b != NULL);
}

/* The order of two writes of one file for two articles, which decides
 * which keeps it whatever the order the workers wrote in: a page before a
 * lede.write, then by article, outlet and writer. */
static int cmp_writers(bool pa, const char *ba, const char *oa, const char *wa, bool pb,
                       const char *bb, const char *ob, const char *wb)
{
	/* what lede makes before a static file (the site's copy of it) */
	bool sa = is_static(pa, ba, oa, wa), sb = is_static(pb, bb, ob, wb);
	if (sa != sb)
		return sa ? 1 : -1;
	if (pa != pb)
		return pa ? -1 : 1;
	if (pa && !ba != !bb) /* an article's page before a collection's */
		return ba ? -1 : 1;
	int c = cmp_or_null(ba, bb);
	if (!c)
		c = cmp_or_null(oa, ob);
	return c ? c : cmp_or_null(wa, wb);
}

/* Notes that the write (page, bound, outlet, article, writer) lost rel;
 * under the lock. */
static void lost(lede_state *s, const char *rel, bool page, const char *bound, const char *outlet,
                 const char *article, const char *writer)
{
	if (s->ncontests == s->capcontests) {
		s->capcontests = s->capcontests ? s->capcontests * 2 : 8;
		s->contests = lede_xrealloc(s->contests, s->capcontests * sizeof *s->contests);
	}
	s->contests[s->ncontests++] = (struct contest){rel, bound, outlet, article, writer, page};
}

/* Whether writes a and b of one file contest it: made for two articles,
 * and not two pages (the collections' claims decide which article has a
 * page, and its write comes last). */
static bool contest(const file *a, const file *b)
{
	if (!a || !b)
		return false;
	/* A static file where lede makes another: the site's file would be
	 * lost from the output without a word. */
	if (is_static(a->page, a->bound, a->outlet, a->writer) !=
	    is_static(b->page, b->bound, b->outlet, b->writer))
		return true;
	/* Two pages: of two outlets (patterns that differ and give one file),
	 * or an article's and a collection's (a tag page at an article's
	 * path). Two articles' pages of one outlet: its collections' claims
	 * decide, before the writes. */
	if (a->page && b->page)
		return a->outlet != b->outlet || !a->article != !b->article;
	return a->bound && b->bound && a->bound != b->bound;
}

int lede_state_write(lede_state *s, const char *rel, const void *data, size_t len,
                     const char *outlet, const char *article, const char *writer, const char *bound,
                     bool *changed, lede_error *err)
{
	bool page = !writer && outlet;
	*changed = false;
	if (!lede_path_is_contained(rel) || !strncmp(rel, LEDE_STAGE, strlen(LEDE_STAGE)) ||
	    !strcmp(rel, LEDE_MANIFEST)) {
		lede_error_set(err, rel, 0, 0,
		               "refusing to write outside the output directory (or over lede's own "
		               "state); use a relative path without '..'");
		return -1;
	}
	/* Refused now, not at commit: the error costs only this file. A
	 * folder on the way not there: nor is the file (a new folder, or the
	 * first build into an empty one), and nothing is looked up for it. */
	lede_folders f = {.known = folder_known, .learn = folder_learn, .ud = s};
	if (lede_check_folders_at(s->outdir, rel, &f, err) != 0)
		return -1;
	bool missing = f.missing > 0;
	lede_buf full = LEDE_BUF_INIT;
	lede_buf_join(&full, s->outdir, '/', rel);
	bool same = !missing && lede_same_content(lede_buf_cstr(&full), data, len);
	/* A file there that the last build did not write is the user's
	 * (when the state can say so: a manifest, and its build finished). */
	struct stat st;
	if (!same && !missing && !s->interrupted && !table_get(&s->old_files, rel) &&
	    lstat(lede_buf_cstr(&full), &st) == 0 && S_ISREG(st.st_mode)) {
		lede_error_set(err, lede_buf_cstr(&full), 0, 0,
		               "a file lede did not write is there; it is left as it is: move it "
		               "away (or delete it) and build again");
		lede_buf_free(&full);
		return -1;
	}
	lede_buf_free(&full);
	char *staged = NULL;
	bool staged_in_tree = false;
	if (!same) {
		/* Staged at its own path in the stage, a tree like the output
		 * folder's, moved into place at commit (a folder new to the
		 * output folder in one rename): until then the output folder
		 * holds the last build's files. */
		pthread_mutex_lock(&s->lock);
		if (!s->stage_made) {
			if (lede_mkdirs(s->outdir) == 0 &&
			    (mkdir(s->stage, 0777) == 0 || errno == EEXIST)) {
				s->stage_made = true;
				s->stage_fd = open(s->stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			}
		}
		/* (folders made and files opened relative to the stage's
		 * descriptor: the kernel walks fewer names) */
		int at = s->stage_fd;
		pthread_mutex_unlock(&s->lock);
		lede_buf stp = LEDE_BUF_INIT;
		lede_buf_join(&stp, s->stage, '/', rel);
		const char *slash = strrchr(rel, '/');
		if (slash) {
			lede_buf dir = LEDE_BUF_INIT;
			if (at >= 0)
				lede_buf_put(&dir, rel, (size_t)(slash - rel));
			else
				lede_buf_printf(&dir, "%s/%.*s", s->stage, (int)(slash - rel), rel);
			/* a failure shows at open */
			lede_mkdirs_at(at >= 0 ? at : AT_FDCWD, lede_buf_cstr(&dir));
			lede_buf_free(&dir);
		}
		/* Written once, by this call alone (O_EXCL), so no temporary
		 * name of its own. A file written twice in one build (the last
		 * one wins) has its second copy in the dups folder, and so has
		 * one whose name is a file staged here where it needs a folder,
		 * or a folder (a static file s2 and a page s2/index.html):
		 * lede_state_clashes says which stands. */
		int fd = at >= 0 ? openat(at, rel, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)
		                 : open(lede_buf_cstr(&stp),
		                        O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		bool in_tree = fd >= 0;
		if (fd < 0 && (errno == EEXIST || errno == ENOTDIR || errno == EISDIR)) {
			pthread_mutex_lock(&s->lock);
			size_t id = s->next_stage++;
			if (!s->dups_made && (mkdir(s->dups, 0777) == 0 || errno == EEXIST))
				s->dups_made = true;
			pthread_mutex_unlock(&s->lock);
			lede_buf_reset(&stp);
			lede_buf_printf(&stp, "%s/%zu", s->dups, id);
			fd = open(lede_buf_cstr(&stp), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			          0644);
		}
		int e = fd < 0 ? errno : 0;
		for (size_t off = 0; !e && off < len;) {
			ssize_t w = write(fd, (const char *)data + off, len - off);
			if (w < 0 && errno != EINTR)
				e = errno;
			else if (w > 0)
				off += (size_t)w;
		}
		/* the umask may have narrowed it: published files are for all */
		if (!e && s->chmod && fchmod(fd, 0644) != 0)
			e = errno;
		if (fd >= 0 && close(fd) != 0 && !e)
			e = errno;
		if (e) {
			if (fd >= 0)
				unlink(lede_buf_cstr(&stp));
			/* said of the article whose page it is, when it is one's */
			const char *hint =
			    e == ENAMETOOLONG
			        ? ": a folder or file name in its path is over 255 "
			          "bytes; shorten the outlet's path or what fills it in"
			    : e == ENOSPC ? ": the disk is full"
			                  : "";
			if (page && article)
				lede_error_set(
				    err, article, 0, 0,
				    "its page %s (outlet '%s') cannot be staged in %s: %s%s", rel,
				    outlet, s->stage, strerror(e), hint);
			else
				lede_error_set(err, rel, 0, 0, "cannot stage the file in %s: %s%s",
				               s->stage, strerror(e), hint);
			lede_buf_free(&stp);
			return -1;
		}
		staged_in_tree = in_tree;
		staged = lede_buf_detach(&stp, NULL);
	}
	pthread_mutex_lock(&s->lock);
	file *fe = lede_arena_alloc(s->mem, sizeof *fe);
	fe->hash = lede_digest64(data, len);
	fe->size = len;
	fe->staged = staged;
	fe->in_tree = staged_in_tree;
	fe->made = true;
	fe->outlet = intern(s, outlet);
	fe->article = intern(s, article);
	/* Unchanged since the last build: it keeps its date of publication. */
	file *old = table_get(&s->old_files, rel);
	fe->since = intern(s, same && old && old->since ? old->since : s->now);
	fe->writer = intern(s, writer);
	fe->bound = intern(s, bound);
	fe->page = page;
	void **slot = table_slot(&s->files, rel, true);
	fe->rel = table_key(&s->files, slot);
	file *had = *slot;
	/* (two pages: the collections' claims decide which article has the
	 * page, and its write comes last) */
	int order = contest(had, fe) ? cmp_writers(had->page, had->bound, had->outlet, had->writer,
	                                           fe->page, fe->bound, fe->outlet, fe->writer)
	                             : 0;
	if (order < 0) {
		/* Two writers: the one the order puts first keeps the file, in
		 * any order of the threads; the other is reported (lede_state_
		 * contests) and its data dropped. */
		lost(s, fe->rel, fe->page, fe->bound, fe->outlet, fe->article, fe->writer);
		file_free(fe);
		pthread_mutex_unlock(&s->lock);
		*changed = false;
		return 0;
	}
	if (order > 0)
		lost(s, fe->rel, had->page, had->bound, had->outlet, had->article, had->writer);
	file_free(had); /* or written twice by one writer: the last one wins */
	*slot = fe;
	pthread_mutex_unlock(&s->lock);
	*changed = !same;
	return 0;
}

static int cmp_contest(const void *a, const void *b)
{
	const struct contest *x = a, *y = b;
	int c = strcmp(x->rel, y->rel);
	return c ? c
	         : cmp_writers(x->page, x->bound, x->outlet, x->writer, y->page, y->bound,
	                       y->outlet, y->writer);
}

/* Who made a write, for a message. */
static void writer_name(lede_buf *b, bool page, const char *outlet, const char *article,
                        const char *writer)
{
	if (page && article)
		lede_buf_printf(b, "the page of %s in outlet '%s'", article, outlet);
	else if (page)
		lede_buf_printf(b, "a collection page of outlet '%s'", outlet);
	else
		lede_buf_puts(b, writer ? writer : "a static file");
}

void lede_state_forget_contested(lede_state *s)
{
	for (size_t i = 0; i < s->ncontests; i++) {
		const struct contest *c = &s->contests[i];
		pthread_mutex_lock(&s->lock);
		const file *fe = table_get(&s->files, c->rel);
		const char *winner = fe ? fe->bound : NULL;
		pthread_mutex_unlock(&s->lock);
		if (c->bound)
			lede_state_forget_source(s, c->bound);
		if (winner)
			lede_state_forget_source(s, winner);
	}
}

size_t lede_state_contests(lede_state *s)
{
	if (s->ncontests > 1)
		qsort(s->contests, s->ncontests, sizeof *s->contests, cmp_contest);
	return s->ncontests;
}

const char *lede_state_contest(lede_state *s, size_t i, lede_buf *loser, lede_buf *winner,
                               size_t *lost, bool *pages, bool *statics)
{
	const struct contest *c = &s->contests[i];
	*pages = c->page;
	*statics = is_static(c->page, c->bound, c->outlet, c->writer);
	size_t k = i + 1;
	while (k < s->ncontests && !strcmp(s->contests[k].rel, c->rel))
		k++;
	*lost = k - i;
	writer_name(loser, c->page, c->outlet, c->article, c->writer);
	const file *fe = table_get(&s->files, c->rel);
	if (fe)
		writer_name(winner, fe->page, fe->outlet, fe->article, fe->writer);
	*pages = *pages && fe && fe->page;
	return c->rel;
}

static char **sorted_keys(const table *t, size_t *n);

size_t lede_state_clashes(lede_state *s)
{
	free(s->clashes);
	s->clashes = NULL;
	s->nclashes = 0;
	free(s->file_keys);
	size_t n;
	char **keys = s->file_keys = sorted_keys(&s->files, &n);
	s->nfile_keys = n;
	/* In sorted order the names a file's name begins with come before
	 * it, each beginning the next: those still open, on a stack. A file
	 * under one of them (its name and a '/') clashes with it. */
	size_t *open = lede_xcalloc(n + 1, sizeof *open), depth = 0, cap = 0;
	for (size_t i = 0; i < n; i++) {
		const char *k = keys[i];
		while (depth && strncmp(k, keys[open[depth - 1]], strlen(keys[open[depth - 1]])))
			depth--;
		for (size_t d = 0; d < depth; d++) {
			const char *f = keys[open[d]];
			if (k[strlen(f)] != '/')
				continue;
			file *fe = table_get(&s->files, k);
			fe->unplaced = true; /* not put in place: the file is there */
			struct clash *c = s->nclashes ? &s->clashes[s->nclashes - 1] : NULL;
			if (c && c->file == f) {
				c->more++;
				continue;
			}
			if (s->nclashes == cap) {
				cap = cap ? 2 * cap : 8;
				s->clashes = lede_xrealloc(s->clashes, cap * sizeof *s->clashes);
			}
			s->clashes[s->nclashes++] = (struct clash){f, k, 0};
		}
		open[depth++] = i;
	}
	free(open);
	/* (found by file under it: a file's own clashes are together, as
	 * every name under it follows it; sorted by file for the messages) */
	for (size_t i = 0; i < s->nclashes; i++) {
		const file *fe = table_get(&s->files, s->clashes[i].file);
		const file *ue = table_get(&s->files, s->clashes[i].under);
		if (fe->bound)
			lede_state_forget_source(s, fe->bound);
		if (ue->bound)
			lede_state_forget_source(s, ue->bound);
	}
	return s->nclashes;
}

const char *lede_state_clash(lede_state *s, size_t i, lede_buf *file_writer, lede_buf *under_writer,
                             const char **under, size_t *more, bool *pages)
{
	const struct clash *c = &s->clashes[i];
	const file *fe = table_get(&s->files, c->file);
	const file *ue = table_get(&s->files, c->under);
	writer_name(file_writer, fe->page, fe->outlet, fe->article, fe->writer);
	writer_name(under_writer, ue->page, ue->outlet, ue->article, ue->writer);
	*under = c->under;
	*more = c->more;
	*pages = fe->page && ue->page;
	return c->file;
}

/* Whether outdir/rel is a regular file (not a symlink), its stat in *st. */
static bool regular_file(lede_state *s, const char *rel, struct stat *st)
{
	/* (relative to the folder: the kernel walks fewer names) */
	if (s->dir_fd >= 0 && rel[0] != '/')
		return fstatat(s->dir_fd, rel, st, AT_SYMLINK_NOFOLLOW) == 0 &&
		       S_ISREG(st->st_mode);
	lede_buf full = LEDE_BUF_INIT;
	lede_buf_join(&full, s->outdir, '/', rel);
	bool there = lstat(lede_buf_cstr(&full), st) == 0 && S_ISREG(st->st_mode);
	lede_buf_free(&full);
	return there;
}

/* The hash (lede_digest64) and size of path's bytes, read a piece at a time; false
 * when it is not a regular file (a symlink is not followed), or, want not
 * NULL, not of *want bytes (then not read). */
static bool file_hash(const char *path, const size_t *want, uint64_t *hash, size_t *size)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return false;
	struct stat st;
	bool ok =
	    fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (!want || (size_t)st.st_size == *want);
	lede_digest *d = lede_digest64_new();
	size_t n = 0;
	unsigned char buf[65536];
	ssize_t r;
	while (ok && (r = read(fd, buf, sizeof buf)) > 0) {
		lede_digest_bytes(d, buf, (size_t)r);
		n += (size_t)r;
	}
	close(fd);
	*hash = lede_digest64_end(d);
	*size = n;
	return ok;
}

/* Whether path is a regular file of size bytes whose hash is hash: the
 * file lede recorded, not one changed or put there since. */
static bool file_is(const char *path, size_t size, uint64_t hash)
{
	uint64_t h;
	size_t n;
	return file_hash(path, &size, &h, &n) && n == size && h == hash;
}

/* The hash of outdir/rel's bytes, or 0. */
static uint64_t hash_of(lede_state *s, const char *rel)
{
	lede_buf full = LEDE_BUF_INIT;
	lede_buf_join(&full, s->outdir, '/', rel);
	uint64_t h;
	size_t n;
	if (!file_hash(lede_buf_cstr(&full), NULL, &h, &n))
		h = 0;
	lede_buf_free(&full);
	return h;
}

void lede_state_claim(lede_state *s, const char *rel) { lede_state_claim_made(s, rel, false); }

void lede_state_claim_made(lede_state *s, const char *rel, bool made)
{
	struct stat st;
	if (!regular_file(s, rel, &st))
		return;
	/* Hashed once, when new to the state: pruning removes only the bytes
	 * lede recorded. */
	file *prev = table_get(&s->old_files, rel);
	uint64_t hash =
	    prev && prev->hash && prev->size == (size_t)st.st_size ? prev->hash : hash_of(s, rel);
	pthread_mutex_lock(&s->lock);
	void **slot = table_slot(&s->files, rel, true);
	if (!*slot) {
		file *fe = lede_arena_alloc(s->mem, sizeof *fe);
		fe->rel = table_key(&s->files, slot);
		fe->size = (size_t)st.st_size;
		fe->hash = hash;
		fe->made = true;
		file *old = table_get(&s->old_files, rel);
		fe->since = intern(s, old && old->since ? old->since : s->now);
		fe->fresh = !old || made;
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

/* The article whose page rel is in t (this build's files or the last's),
 * or NULL (interned: alive as long as s). */
static const char *owner_in(lede_state *s, table *t, const char *rel)
{
	pthread_mutex_lock(&s->lock);
	const file *fe = table_get(t, rel);
	const char *owner = fe && fe->outlet ? fe->article : NULL;
	pthread_mutex_unlock(&s->lock);
	return owner;
}

bool lede_state_has_page(lede_state *s, const char *rel, const char *article, bool last)
{
	const char *owner = owner_in(s, last ? &s->old_files : &s->files, rel);
	return owner && !strcmp(owner, article);
}

const char *lede_state_page_owner(lede_state *s, const char *rel)
{
	return owner_in(s, &s->files, rel);
}

/* Keeps old file fe in this build's list (not if this build made it);
 * reused: as made by this build (its article is unchanged), not kept. */
static bool keep_file(lede_state *s, const file *fe, bool reused)
{
	void **slot = table_slot_of(&s->files, fe->rel, true, true); /* the old table's key */
	file *now = *slot;
	/* A static file (the site's, copied before the articles) where a
	 * reused article's page is: the page stays and the static file is
	 * the loser, as when a full build writes the page. */
	if (now && reused && fe->article &&
	    is_static(now->page, now->bound, now->outlet, now->writer)) {
		lost(s, now->rel, false, NULL, NULL, NULL, NULL);
		file_free(now);
		*slot = now = NULL;
	}
	/* A reused article's page against a file another writer made there:
	 * decided as between their writes in a full build. It is an
	 * article's page (contest tells those from a collection's by their
	 * article): against another article's page of its outlet, which
	 * took the page from it in the collection's claims, there is no
	 * contest, and that page stays. */
	bool page = reused && fe->article && fe->outlet;
	file as = {.page = page,
	           .bound = page ? fe->article : NULL,
	           .outlet = fe->outlet,
	           .article = fe->article};
	if (now && page && contest(now, &as)) {
		int order = cmp_writers(now->page, now->bound, now->outlet, now->writer, true,
		                        as.bound, as.outlet, NULL);
		if (order < 0) {
			lost(s, now->rel, true, as.bound, fe->outlet, fe->article, NULL);
			return false;
		}
		lost(s, now->rel, now->page, now->bound, now->outlet, now->article, now->writer);
		file_free(now);
		*slot = now = NULL;
	}
	if (now)
		return false;
	file *k = lede_arena_alloc(s->mem, sizeof *k);
	k->rel = table_key(&s->files, slot);
	k->outlet = fe->outlet; /* interned */
	k->article = fe->article;
	k->since = fe->since;
	k->hash = fe->hash;
	k->size = fe->size;
	k->made = reused;
	k->page = page;
	k->bound = as.bound;
	k->left = fe->left;
	k->line_at = fe->line_at;
	k->line_len = fe->line_len;
	if (s->links) {
		k->old_links = fe->old_links;
		k->links_at = fe->links_at;
		k->links_len = fe->links_len;
		/* reused: its links are given to the check again (now, or
		 * at the end when they are not clean), which marks it; kept:
		 * not known to be clean */
		k->dirty = !reused;
	}
	*slot = k;
	s->kept += !reused;
	return true;
}

static size_t keep_owned(lede_state *s, const char *outlet, const char *article, const char **since,
                         bool reused, lede_state_reused_fn each, void *ud);

size_t lede_state_keep(lede_state *s, const char *outlet, const char *article, const char **since)
{
	return keep_owned(s, outlet, article, since, false, NULL, NULL);
}

bool lede_state_has_record(lede_state *s, const char *outlet, const char *article)
{
	char *key = record_key(outlet, article);
	pthread_mutex_lock(&s->lock);
	bool has = table_get(&s->records, key) != NULL;
	pthread_mutex_unlock(&s->lock);
	free(key);
	return has;
}

void lede_state_outlet_articles(const lede_state *s, const char *outlet,
                                void (*fn)(void *ud, const char *article), void *ud)
{
	size_t len = strlen(outlet);
	for (size_t i = 0; i < s->old_records.cap; i++) {
		const char *key = s->old_records.e[i].key; /* outlet\tarticle */
		if (key && !strncmp(key, outlet, len) && key[len] == '\t' && key[len + 1])
			fn(ud, key + len + 1);
	}
}

size_t lede_state_reuse(lede_state *s, const char *outlet, const char *article,
                        lede_state_reused_fn each, void *ud)
{
	return keep_owned(s, outlet, article, NULL, true, each, ud);
}

static size_t keep_owned(lede_state *s, const char *outlet, const char *article, const char **since,
                         bool reused, lede_state_reused_fn each, void *ud)
{
	size_t n = 0;
	const char *when = NULL;
	char *key = record_key(outlet, article);
	owned *ow = table_get(&s->old_owned, key);
	free(key);
	pthread_mutex_lock(&s->lock);
	const char **done = each && ow ? lede_xcalloc(ow->n, sizeof *done) : NULL;
	for (size_t i = 0; ow && i < ow->n; i++) {
		file *fe = ow->files[i];
		if (reused && fe->left)
			continue; /* not the article's last build's */
		if (keep_file(s, fe, reused)) {
			if (done)
				done[n] = fe->rel;
			n++;
		}
		if (fe->since && (!when || strcmp(fe->since, when) > 0))
			when = fe->since;
	}
	pthread_mutex_unlock(&s->lock);
	for (size_t i = 0; done && i < n; i++)
		each(ud, done[i]); /* the old table's keys: stable */
	free(done);
	if (since)
		*since = when;
	return n;
}

void lede_state_each(lede_state *s, lede_state_file_fn fn, void *ud)
{
	for (size_t i = 0; i < s->files.cap; i++) {
		const file *fe = s->files.e[i].key ? s->files.e[i].val : NULL;
		if (fe)
			fn(ud, fe->rel, fe->outlet, fe->article);
	}
}

const char *lede_state_page_of(lede_state *s, const char *outlet, const char *article,
                               bool *recorded)
{
	char *key = record_key(outlet, article);
	owned *ow = table_get(&s->old_owned, key);
	*recorded = table_get(&s->old_records, key) != NULL;
	free(key);
	for (size_t i = 0; ow && i < ow->n; i++) {
		file *fe = ow->files[i];
		if (!fe->left)
			return fe->rel;
	}
	return NULL;
}

bool lede_state_had_record(lede_state *s, const char *outlet, const char *article)
{
	char *key = record_key(outlet, article);
	bool had = table_get(&s->old_records, key) != NULL;
	free(key);
	return had;
}

void lede_state_forget_source(lede_state *s, const char *path)
{
	ahead_settle(s, true);
	pthread_mutex_lock(&s->lock);
	void **slot = table_slot(&s->sources, path, false);
	if (slot)
		*slot = NULL;
	pthread_mutex_unlock(&s->lock);
}

void lede_state_keep_claims(lede_state *s, const char *path)
{
	void **slot = table_slot(&s->old_sources, path, false); /* read-only now */
	const lede_source *old = slot ? *slot : NULL;
	if (!old || !old->nclaims)
		return;
	/* (called once per outlet: done already when this build's entry is
	 * the last one's, kept) */
	pthread_mutex_lock(&s->lock);
	void **was = table_slot(&s->sources, path, false);
	bool done = was && *was && ((lede_source *)*was)->kept &&
	            ((lede_source *)*was)->claims == old->claims;
	pthread_mutex_unlock(&s->lock);
	if (done)
		return;
	for (size_t i = 0; i < old->nclaims; i++)
		lede_state_claim(s, old->claims[i]);
	ahead_settle(s, true);
	pthread_mutex_lock(&s->lock);
	void **now = table_slot_of(&s->sources, table_key(&s->old_sources, slot), true, true);
	lede_source *c = lede_arena_alloc(s->mem, sizeof *c);
	if (!*now) {
		*c = *old;
	} else {
		/* built for other outlets: its claims now, and the last ones */
		const lede_source *cur = *now;
		*c = *cur;
		c->claims =
		    lede_arena_alloc(s->mem, (cur->nclaims + old->nclaims + 1) * sizeof *c->claims);
		if (cur->nclaims) /* (none: NULL) */
			memcpy(c->claims, cur->claims, cur->nclaims * sizeof *c->claims);
		for (size_t i = 0; i < old->nclaims; i++) {
			bool has = false;
			for (size_t k = 0; k < cur->nclaims && !has; k++)
				has = !strcmp(cur->claims[k], old->claims[i]);
			if (!has)
				c->claims[c->nclaims++] = old->claims[i];
		}
	}
	c->kept = true;
	c->line_len = 0;
	*now = c;
	pthread_mutex_unlock(&s->lock);
}

void lede_state_set_site_key(lede_state *s, const char *key, bool reuse)
{
	snprintf(s->site_key, sizeof s->site_key, "%s", key);
	s->reuse = reuse;
}

const char *lede_state_site_key(lede_state *s) { return s->site_key[0] ? s->site_key : NULL; }

bool lede_state_deps_same(lede_state *s, const char *root, const lede_deps *d)
{
	bool same = true;
	for (size_t i = 0; same && i + 1 < d->nimages; i += 2) {
		lede_buf a = LEDE_BUF_INIT;
		lede_buf_printf(&a, "%s/%s", root, d->images[i]);
		size_t len;
		char *data =
		    lede_path_is_contained(d->images[i]) && lede_path_is_contained(d->images[i + 1])
		        ? lede_read_file(lede_buf_cstr(&a), &len)
		        : NULL;
		lede_buf_reset(&a);
		lede_buf_printf(&a, "%s/%s", s->outdir, d->images[i + 1]);
		same = data && lede_same_content(lede_buf_cstr(&a), data, len);
		free(data);
		lede_buf_free(&a);
	}
	for (size_t i = 0; same && i < d->nclaims; i++)
		same = lede_path_is_contained(d->claims[i]) && lede_state_exists(s, d->claims[i]);
	return same;
}

bool lede_state_reuse_page(lede_state *s, const char *root, const char *rel, const char *outlet,
                           const char *key)
{
	file *fe = s->reuse ? table_get(&s->old_files, rel) : NULL;
	if (!fe || !fe->key || strcmp(fe->key, key) || fe->left || fe->article || !fe->outlet ||
	    strcmp(fe->outlet, outlet) || !lede_state_deps_same(s, root, &fe->deps))
		return false;
	struct stat st;
	if (!regular_file(s, rel, &st) || (size_t)st.st_size != fe->size)
		return false;
	pthread_mutex_lock(&s->lock);
	bool kept = keep_file(s, fe, true);
	file *k = table_get(&s->files, rel);
	if (kept) {
		k->key = lede_arena_strdup(s->mem, key);
		deps_copy(&k->deps, &fe->deps);
	}
	pthread_mutex_unlock(&s->lock);
	for (size_t i = 0; kept && i < fe->deps.nclaims; i++)
		lede_state_claim(s, fe->deps.claims[i]);
	return kept;
}

void lede_state_set_page_key(lede_state *s, const char *rel, const char *key, char *const *images,
                             size_t nimages, char *const *claims, size_t nclaims)
{
	lede_deps d = {(char **)images, nimages, (char **)claims, nclaims};
	pthread_mutex_lock(&s->lock);
	file *fe = table_get(&s->files, rel);
	if (fe) {
		fe->key = lede_arena_strdup(s->mem, key);
		lede_deps_clear(&fe->deps);
		deps_copy(&fe->deps, &d);
	}
	pthread_mutex_unlock(&s->lock);
}

bool lede_state_exists(lede_state *s, const char *rel)
{
	struct stat st;
	return regular_file(s, rel, &st);
}

void lede_state_check_links(lede_state *s) { s->links = true; }

bool lede_state_had_links(lede_state *s) { return s->old_links; }

/* Writes n bytes of p at off; 0, or -1. */
static int pwrite_all(int fd, const char *p, size_t n, off_t off)
{
	while (n) {
		ssize_t w = pwrite(fd, p, n, off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
		off += w;
	}
	return 0;
}

/* Reserves len bytes of the spill file, made on first use, for the
 * caller to pwrite outside the lock: the file's descriptor with the
 * place in *at, or -1 when there is no spill file (the caller keeps the
 * text in memory). Under s->lock. */
static int spill_reserve(lede_state *s, size_t len, off_t *at)
{
	if (s->spill_fd < 0 && !s->spill_failed) {
		s->spill_fd =
		    lede_mkdirs(s->outdir) == 0
		        ? open(s->spill, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600)
		        : -1;
		s->spill_failed = s->spill_fd < 0;
	}
	if (s->spill_fd < 0)
		return -1;
	*at = s->spill_end;
	s->spill_end += (off_t)len;
	return s->spill_fd;
}

/* Puts the len bytes at at in fd in out (replacing what it held): 0, or
 * -1 when they cannot be read. */
static int read_at(int fd, off_t at, size_t len, lede_buf *out)
{
	lede_buf_reset(out);
	lede_buf_grow(out, len);
	size_t got = 0;
	while (fd >= 0 && got < len) {
		ssize_t r = pread(fd, out->data + got, len - got, at + (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO; /* cut short: said as an I/O error */
			break;
		}
		got += (size_t)r;
	}
	if (got != len)
		return -1;
	out->len = len;
	out->data[len] = '\0';
	return 0;
}

/* The last manifest read a window at a time: the next manifest is written
 * in the order of the last, so what it copies of it comes in order, and a
 * window serves hundreds of copies with one read. */
#define WINDOW_SIZE ((size_t)1 << 20)

typedef struct lede_state_window {
	int fd;
	off_t at;            /* where win starts in the file */
	lede_buf win;        /* ...and what it read there (short at its end) */
	lede_arena *scratch; /* a record's values while it is read */
} window;

lede_state_window *lede_state_window_new(lede_state *s)
{
	window *w = lede_xcalloc(1, sizeof *w);
	w->fd = s->old_fd;
	w->scratch = lede_arena_new();
	return w;
}

void lede_state_window_free(lede_state_window *w)
{
	if (!w)
		return;
	lede_buf_free(&w->win);
	lede_arena_free(w->scratch);
	free(w);
}

/* Whether w holds the len bytes at at. */
static bool window_has(const window *w, off_t at, size_t len)
{
	return at >= w->at && at + (off_t)len <= w->at + (off_t)w->win.len;
}

/* Fills w from at: 0, or -1 (errno set) when it holds less than len. */
static int window_fill(window *w, off_t at, size_t len)
{
	lede_buf_reset(&w->win);
	lede_buf_grow(&w->win, WINDOW_SIZE);
	size_t got = 0;
	int e = EIO; /* cut short: said as an I/O error */
	while (w->fd >= 0 && got < WINDOW_SIZE) {
		ssize_t r = pread(w->fd, w->win.data + got, WINDOW_SIZE - got, at + (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			e = errno;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	w->at = at;
	w->win.len = got;
	if (got < len) {
		errno = e;
		return -1;
	}
	return 0;
}

/* The len bytes at at, in w (read there when it does not hold them) or,
 * more than half a window, in big: NULL (errno set) when they cannot be
 * read back whole. */
static const char *window_at(window *w, off_t at, size_t len, lede_buf *big)
{
	if (len > WINDOW_SIZE / 2)
		return read_at(w->fd, at, len, big) == 0 ? big->data : NULL;
	if (!window_has(w, at, len) && window_fill(w, at, len) != 0)
		return NULL;
	return w->win.data + (at - w->at);
}

/* read_at, through w. */
static int window_read(window *w, off_t at, size_t len, lede_buf *out)
{
	const char *p = window_at(w, at, len, out);
	if (!p)
		return -1;
	if (p != out->data) {
		lede_buf_reset(out);
		lede_buf_put(out, p, len);
	}
	return 0;
}

void lede_state_set_links(lede_state *s, const char *rel, const char *text, size_t len)
{
	/* Kept as the JSON string the manifest holds, made here (on the
	 * thread that wrote the page) rather than at the commit; written to
	 * the spill file first, outside the lock (a place there that no entry
	 * names is only wasted). */
	lede_buf json = LEDE_BUF_INIT;
	if (len)
		lede_json_put_str(&json, text, len);
	text = json.data;
	len = json.len;
	off_t at = 0;
	pthread_mutex_lock(&s->lock);
	int fd = len ? spill_reserve(s, len, &at) : -1;
	pthread_mutex_unlock(&s->lock);
	bool spilled = fd >= 0 && pwrite_all(fd, text, len, at) == 0;
	pthread_mutex_lock(&s->lock);
	file *fe = table_get(&s->files, rel);
	if (fe) {
		free(fe->links);
		fe->links = NULL;
		fe->spilled = fe->old_links = fe->dirty = false;
		if (spilled) {
			fe->spilled = true;
			fe->spill_off = at;
			fe->spill_len = len;
		} else if (len) { /* no spill file: in memory */
			fe->links = lede_xstrndup(text, len);
		}
	}
	pthread_mutex_unlock(&s->lock);
	lede_buf_free(&json);
}

int lede_state_links(lede_state *s, const char *rel, lede_buf *out)
{
	lede_buf_reset(out);
	file *fe = table_get(&s->old_files, rel);
	if (!fe || !fe->old_links)
		return 0;
	lede_buf lit = LEDE_BUF_INIT;
	int rc = read_at(s->old_fd, fe->links_at, fe->links_len, &lit);
	if (rc == 0 && lede_json_get_str(lit.data, lit.len, out) != 0) {
		lede_buf_reset(out);
		errno = EIO; /* not the string it was: the file changed */
		rc = -1;
	}
	lede_buf_free(&lit);
	return rc;
}

bool lede_state_links_clean(lede_state *s, const char *rel)
{
	const file *fe = table_get(&s->old_files, rel);
	return s->old_clean && fe && fe->old_links && !fe->dirty;
}

bool lede_state_files_gone(lede_state *s)
{
	for (size_t i = 0; i < s->old_files.cap; i++)
		if (s->old_files.e[i].key && !table_get(&s->files, s->old_files.e[i].key))
			return true;
	return false;
}

void lede_state_links_dirty(lede_state *s, const char *rel)
{
	pthread_mutex_lock(&s->lock);
	file *fe = rel ? table_get(&s->files, rel) : NULL;
	if (fe)
		fe->dirty = true;
	if (!rel)
		s->settled = true;
	pthread_mutex_unlock(&s->lock);
}

const lede_source *lede_state_source(lede_state *s, const char *path)
{
	return table_get(&s->old_sources, path);
}

void lede_state_set_source(lede_state *s, const char *path, const lede_source *src)
{
	ahead_settle(s, true);
	pthread_mutex_lock(&s->lock);
	lede_source *c = source_dup(s, src);
	*table_slot(&s->sources, path, true) = c;
	pthread_mutex_unlock(&s->lock);
}

void lede_state_carry_source(lede_state *s, const char *path, const lede_source *src)
{
	void **slot = table_slot(&s->old_sources, path, false); /* read-only now */
	const lede_source *old = slot ? *slot : NULL;
	if (old)
		path = table_key(&s->old_sources, slot); /* shared with the new table */
	ahead_settle(s, true);
	pthread_mutex_lock(&s->lock);
	lede_source *c = lede_arena_alloc(s->mem, sizeof *c);
	*c = *src; /* its arrays: the old entry's, in the state's arena */
	if (src->edition &&
	    !(old && old->edition &&
	      (src->edition == old->edition || !strcmp(src->edition, old->edition))))
		c->edition = lede_arena_strdup(s->mem, src->edition);
	else if (src->edition)
		c->edition = old->edition;
	/* its line as the last manifest has it, while what it says is the same
	 * (a file only touched has a new stat) */
	if (!old || c->size != old->size || c->mtime_s != old->mtime_s ||
	    c->mtime_ns != old->mtime_ns || c->ino != old->ino || c->checked != old->checked ||
	    c->edition != old->edition || c->line_at != old->line_at)
		c->line_len = 0;
	*table_slot_of(&s->sources, path, true, old != NULL) = c;
	pthread_mutex_unlock(&s->lock);
}

/* Carries the last build's record r over into this build's records (under
 * key), unless this build has one: its text is borrowed, not copied. The
 * caller holds the lock. */
static void carry_record(lede_state *s, const char *key, const record *r)
{
	void **slot = table_slot_of(&s->records, key, true, true);
	if (*slot)
		return;
	record *c = lede_arena_alloc(s->mem, sizeof *c);
	c->at = r->at; /* in the old manifest, open until the state is freed */
	c->len = r->len;
	c->line_at = r->line_at;
	c->line_len = r->line_len;
	c->since = r->since; /* interned */
	memcpy(c->digest, r->digest, sizeof c->digest);
	*slot = c;
}

/* Whether name is one of v[0..n). */
static bool named_in(const char *name, size_t len, const char *const *v, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (strlen(v[k]) == len && !strncmp(name, v[k], len))
			return true;
	return false;
}

void lede_state_keep_unbuilt(lede_state *s, const char *const *unbuilt, size_t nunbuilt,
                             bool static_copied)
{
	if (nunbuilt) /* (records carried: see below) */
		ahead_settle(s, true);
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < s->old_files.cap; i++) {
		file *fe = s->old_files.e[i].val;
		if (!s->old_files.e[i].key)
			continue;
		/* The site's own files (static files, image renditions, what
		 * lede.write made) when static files were not copied, or when
		 * some outlet was not built: the renditions its kept pages show
		 * are not made again by this build. */
		bool keep = fe->outlet ? named_in(fe->outlet, strlen(fe->outlet), unbuilt, nunbuilt)
		                       : !static_copied || nunbuilt;
		if (keep)
			keep_file(s, fe, false);
	}
	for (size_t i = 0; i < s->old_records.cap; i++) {
		if (!s->old_records.e[i].key)
			continue;
		const char *key = s->old_records.e[i].key;
		const char *tab = strchr(key, '\t');
		if (tab && named_in(key, (size_t)(tab - key), unbuilt, nunbuilt))
			carry_record(s, key, s->old_records.e[i].val);
	}
	pthread_mutex_unlock(&s->lock);
}

/* --- records as JSON ------------------------------------------------------ */

/* JSON text for the manifest, written straight into a buffer. */
static void put_str(lede_buf *b, const char *s)
{
	if (s)
		lede_json_put_str(b, s, strlen(s));
	else
		lede_buf_put(b, "null", 4);
}

static void put_date(lede_buf *b, const lede_date *d)
{
	const int f[] = {d->year, d->month, d->day, d->hour, d->min, d->sec, d->nsec, d->offset};
	lede_buf_puts(b, "{\"$date\":[");
	for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
		lede_buf_put_num(b, f[i], 0);
		lede_buf_putc(b, ',');
	}
	lede_buf_puts(b, d->has_time ? "true," : "false,");
	lede_buf_puts(b, d->has_zone ? "true]}" : "false]}");
}

/* A value; false when a string in it is not UTF-8 (the manifest is
 * JSON that others may read). */
static bool put_value(lede_buf *b, const lede_value *v, int depth)
{
	if (!v || depth > 200) {
		lede_buf_put(b, "null", 4);
		return true;
	}
	bool ok = true;
	switch (v->type) {
	case LEDE_NULL: lede_buf_put(b, "null", 4); break;
	case LEDE_BOOL: lede_buf_puts(b, v->u.b ? "true" : "false"); break;
	case LEDE_INT: lede_buf_put_num(b, (long long)v->u.i, 0); break;
	case LEDE_FLOAT:
		/* JSON has no NaN or infinity: written as {"$float": "nan"} */
		if (v->u.f != v->u.f || v->u.f > 1.7976931348623157e308 ||
		    v->u.f < -1.7976931348623157e308) {
			lede_buf_printf(b, "{\"$float\":\"%s\"}",
			                v->u.f != v->u.f ? "nan"
			                : v->u.f > 0     ? "inf"
			                                 : "-inf");
		} else {
			char num[40];
			snprintf(num, sizeof num, "%.17g", v->u.f);
			lede_buf_puts(b, num);
			if (!strpbrk(num, ".eE"))
				lede_buf_put(b, ".0", 2); /* read back as a float */
		}
		break;
	case LEDE_STRING:
		ok = lede_utf8_valid_prefix(v->u.str.s, v->u.str.len) == v->u.str.len;
		lede_json_put_str(b, v->u.str.s, v->u.str.len);
		break;
	case LEDE_TIMESTAMP: put_date(b, &v->u.ts); break;
	case LEDE_SEQ:
		lede_buf_putc(b, '[');
		for (size_t i = 0; i < v->u.list.n; i++) {
			if (i)
				lede_buf_putc(b, ',');
			ok = put_value(b, v->u.list.items[i], depth + 1) && ok;
		}
		lede_buf_putc(b, ']');
		break;
	case LEDE_MAP:
		/* Keys in order; a map is an array of [key, value] pairs so that
		 * a key named "$date" cannot be mistaken for a date. */
		lede_buf_puts(b, "{\"$map\":[");
		for (size_t i = 0; i < v->u.list.n; i++) {
			lede_buf_puts(b, i ? ",[" : "[");
			const char *k = v->u.list.keys[i] ? v->u.list.keys[i] : "";
			ok = ok && lede_utf8_valid_prefix(k, strlen(k)) == strlen(k);
			lede_json_put_str(b, k, strlen(k));
			lede_buf_putc(b, ',');
			ok = put_value(b, v->u.list.items[i], depth + 1) && ok;
			lede_buf_putc(b, ']');
		}
		lede_buf_puts(b, "]}");
		break;
	}
	return ok;
}

static bool value_date(const lede_value *j, lede_date *d)
{
	const lede_value *a = lede_value_get(j, "$date");
	if (!a || a->type != LEDE_SEQ || a->u.list.n != 10)
		return false;
	/* only a date lede could have written (a damaged manifest's month
	 * 13 would index past the month names) */
	static const int lo[8] = {0, 1, 1, 0, 0, 0, 0, -1440};
	static const int hi[8] = {9999, 12, 31, 23, 59, 60, 999999999, 1440};
	int f[8];
	for (int i = 0; i < 8; i++) {
		const lede_value *x = a->u.list.items[i];
		if (x->type != LEDE_INT || x->u.i < lo[i] || x->u.i > hi[i])
			return false;
		f[i] = (int)x->u.i;
	}
	static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (f[2] > mdays[f[1] - 1])
		return false;
	*d = (lede_date){f[0],
	                 f[1],
	                 f[2],
	                 f[3],
	                 f[4],
	                 f[5],
	                 f[6],
	                 f[7],
	                 vtrue(a->u.list.items[8]),
	                 vtrue(a->u.list.items[9])};
	return true;
}

/* A value as the manifest writes it, made what it stands for, in place:
 * {"$date": [...]} a timestamp, {"$float": "nan"} a float, {"$map":
 * [[key, value], ...]} a map. */
static void value_fix(lede_arena *ar, lede_value *v, int depth)
{
	if (depth > 200) {
		v->type = LEDE_NULL; /* lede wrote it, so this is a damaged file: null */
		return;
	}
	if (v->type == LEDE_SEQ) {
		for (size_t i = 0; i < v->u.list.n; i++)
			value_fix(ar, v->u.list.items[i], depth + 1);
		return;
	}
	if (v->type != LEDE_MAP)
		return;
	lede_date d;
	if (value_date(v, &d)) {
		v->type = LEDE_TIMESTAMP;
		v->u.ts = d;
		return;
	}
	const char *fl = vstr(v, "$float");
	if (fl) {
		v->type = LEDE_FLOAT;
		v->u.f = !strcmp(fl, "nan") ? NAN : !strcmp(fl, "inf") ? INFINITY : -INFINITY;
		return;
	}
	const lede_value *pairs = lede_value_get(v, "$map");
	size_t n = pairs && pairs->type == LEDE_SEQ ? pairs->u.list.n : 0;
	lede_value **items = lede_arena_alloc(ar, (n ? n : 1) * sizeof *items);
	const char **keys = lede_arena_alloc(ar, (n ? n : 1) * sizeof *keys);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		const lede_value *p = pairs->u.list.items[i];
		if (p->type != LEDE_SEQ || p->u.list.n != 2 || !lede_value_str(p->u.list.items[0]))
			continue;
		keys[m] = lede_value_str(p->u.list.items[0]);
		items[m] = p->u.list.items[1];
		value_fix(ar, items[m++], depth + 1);
	}
	v->u.list.items = items;
	v->u.list.keys = keys;
	v->u.list.key_nodes = NULL;
	v->u.list.n = m;
}

void lede_state_record(lede_state *s, const char *outlet, const lede_article *a, const char *digest)
{
	char *key = record_key(outlet, a->path);
	ahead_settle(s, true);
	pthread_mutex_lock(&s->lock);
	record *r = lede_arena_alloc(s->mem, sizeof *r);
	r->rec = a;
	memcpy(r->digest, digest, sizeof r->digest);
	r->since = intern(s, s->now);
	*table_slot(&s->records, key, true) = r;
	pthread_mutex_unlock(&s->lock);
	free(key);
}

static void digest_value(lede_digest *c, const lede_value *v, int depth)
{
	char t = v && depth < 200 ? (char)('A' + v->type) : '?';
	lede_digest_put(c, &t, 1);
	if (t == '?')
		return;
	switch (v->type) {
	case LEDE_NULL: break;
	case LEDE_BOOL: lede_digest_put(c, &v->u.b, sizeof v->u.b); break;
	case LEDE_INT: lede_digest_put(c, &v->u.i, sizeof v->u.i); break;
	case LEDE_FLOAT: lede_digest_put(c, &v->u.f, sizeof v->u.f); break;
	case LEDE_STRING: lede_digest_put(c, v->u.str.s, v->u.str.len); break;
	case LEDE_TIMESTAMP: lede_digest_put_date(c, &v->u.ts); break;
	case LEDE_SEQ:
	case LEDE_MAP:
		lede_digest_put(c, &v->u.list.n, sizeof v->u.list.n);
		for (size_t i = 0; i < v->u.list.n; i++) {
			if (v->type == LEDE_MAP)
				lede_digest_put_str(c, v->u.list.keys[i]);
			digest_value(c, v->u.list.items[i], depth + 1);
		}
		break;
	}
}

/* A copy of record rec in ar whose authors, meta and fragment wait in its
 * text (partial) until lede_record_complete reads them there, into ar. */
static lede_article *partial_copy(lede_arena *ar, const lede_article *rec)
{
	lede_article *a = lede_arena_alloc(ar, sizeof *a);
	*a = *rec;
	a->arena = ar;
	a->thin = a->lazy = false;
	a->partial = true;
	return a;
}

static lede_article *shown_copy(lede_arena *ar, const lede_article *rec);

void lede_record_digest(const lede_article *a, char hex[LEDE_DIGEST_HEX])
{
	if (a->thin || a->partial) {
		lede_arena *tmp = lede_arena_new();
		lede_article *full = a->thin ? shown_copy(tmp, a) : partial_copy(tmp, a);
		if (lede_record_complete(full) == 0)
			lede_record_digest(full, hex);
		else
			hex[0] = '\0';
		lede_arena_free(tmp);
		return;
	}
	lede_digest *c = lede_digest_new();
	const char *strs[] = {a->path,    a->title,  a->summary, a->slug, a->lang,
	                      a->section, a->outlet, a->url,     a->file};
	for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
		lede_digest_put_str(c, strs[i]);
	lede_digest_put_date(c, &a->date);
	/* its release when not its date: an edition's may move with its
	 * story's embargo (held_until), which its meta does not hold */
	lede_date released = lede_article_released(a);
	if (lede_date_compare(&released, &a->date) != 0) {
		lede_digest_put_str(c, "released");
		lede_digest_put_date(c, &released);
	}
	lede_digest_put(c, &a->draft, sizeof a->draft);
	digest_value(c, a->tags, 0);
	digest_value(c, a->authors, 0);
	digest_value(c, a->meta, 0);
	digest_value(c, a->fragment, 0);
	lede_digest_end(c, hex);
}

/* A thin record's encoding: rec->packed, or read back from the spill
 * file into text; NULL when it cannot be read. */
static const char *packed_text(const lede_article *rec, lede_buf *text)
{
	if (rec->packed)
		return rec->packed;
	return read_at(rec->packed_fd, (off_t)rec->packed_at, rec->packed_len, text) == 0
	           ? text->data
	           : NULL;
}

int lede_record_encode(const lede_article *a, lede_buf *out)
{
	if (a->thin || a->partial) { /* its packed text is the whole record */
		lede_buf text = LEDE_BUF_INIT;
		const char *p = packed_text(a, &text);
		if (p)
			lede_buf_put(out, p, a->packed_len);
		lede_buf_free(&text);
		return p ? 0 : -1;
	}
	size_t at = out->len;
	const char *strs[] = {a->path, a->title, a->summary, a->slug, a->lang, a->section};
	const char *names[] = {"path", "title", "summary", "slug", "lang", "section"};
	bool ok = true;
	for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) {
		lede_buf_puts(out, i ? ",\"" : "{\"");
		lede_buf_puts(out, names[i]);
		lede_buf_puts(out, "\":");
		ok = ok && (!strs[i] ||
		            lede_utf8_valid_prefix(strs[i], strlen(strs[i])) == strlen(strs[i]));
		put_str(out, strs[i]);
	}
	lede_buf_puts(out, ",\"date\":");
	put_date(out, &a->date);
	/* its release, what collections order it by, when not its date (a
	 * thin record has no meta to work it out from) */
	lede_date released = lede_article_released(a);
	if (lede_date_compare(&released, &a->date) != 0) {
		lede_buf_puts(out, ",\"released\":");
		put_date(out, &released);
	}
	lede_buf_puts(out, a->draft ? ",\"draft\":true" : ",\"draft\":false");
	const char *more[] = {a->outlet, a->url, a->file};
	const char *more_names[] = {"outlet", "url", "file"};
	for (size_t i = 0; i < 3; i++) {
		lede_buf_puts(out, ",\"");
		lede_buf_puts(out, more_names[i]);
		lede_buf_puts(out, "\":");
		ok = ok && (!more[i] ||
		            lede_utf8_valid_prefix(more[i], strlen(more[i])) == strlen(more[i]));
		put_str(out, more[i]);
	}
	lede_buf_puts(out, ",\"tags\":");
	ok = put_value(out, a->tags, 0) && ok;
	lede_buf_puts(out, ",\"authors\":");
	ok = put_value(out, a->authors, 0) && ok;
	lede_buf_puts(out, ",\"meta\":");
	ok = put_value(out, a->meta, 0) && ok;
	if (a->fragment) {
		lede_buf_puts(out, ",\"fragment\":");
		ok = put_value(out, a->fragment, 0) && ok;
	}
	lede_buf_putc(out, '}');
	if (!ok) {
		out->len = at; /* not UTF-8 */
		if (out->data)
			out->data[at] = '\0';
		return -1;
	}
	return 0;
}

/* A copy of string value v in ar, or NULL when v is not a string. */
static const char *str_in(lede_arena *ar, const lede_value *v)
{
	const char *s = lede_value_str(v);
	return s ? lede_arena_strdup(ar, s) : NULL;
}

/* The record json[0..len) in arena ar, or NULL (damaged: as if there
 * were none). A thin one parses only the light fields and the summary,
 * what an index page shows (its meta, authors and fragment, most of its
 * bytes, are checked as JSON and skipped; meta and authors must be of
 * their kinds) and keeps the text as it is. A whole one kept the whole build is parsed into a
 * scratch arena, then copied lean into ar: a worker holds every such record until the collections
 * are written, and the parse's own nodes (the {"$map":
 * [[key, value]]} pairs) would take twice the room. */
static lede_article *record_of_text(lede_arena *ar, const char *json, size_t len,
                                    lede_record_how how, lede_arena *scratch)
{
	enum {
		PATH,
		TITLE,
		SLUG,
		LANG,
		SECTION,
		DATE,
		DRAFT,
		OUTLET,
		URL,
		FILE_,
		TAGS,
		AUTHORS,
		META,
		FRAGMENT,
		SUMMARY,
		RELEASED,
		N
	};
	static const char *const keys[N] = {
	    "path", "title", "slug", "lang",    "section", "date",     "draft",   "outlet",
	    "url",  "file",  "tags", "authors", "meta",    "fragment", "summary", "released"};
	bool thin = how != LEDE_RECORD_WHOLE, lazy = how == LEDE_RECORD_LAZY, whole[N];
	for (int i = 0; i < N; i++)
		whole[i] = lazy ? i == PATH || i == TITLE || i == LANG || i == SECTION ||
		                      i == DATE || i == URL || i == TAGS || i == RELEASED
		           : thin ? i < AUTHORS || i == SUMMARY || i == RELEASED
		                  : true;
	lede_arena *tmp = scratch ? scratch : lede_arena_new();
	lede_value *f[N];
	lede_date date;
	bool ok = lede_json_parse_members(tmp, json, len, keys, whole, N, f);
	for (int i = TAGS; ok && i <= FRAGMENT; i++)
		if (f[i] && whole[i])
			value_fix(tmp, f[i], 0);
	lede_article *a = NULL;
	if (ok && f[TAGS] && f[TAGS]->type == LEDE_SEQ && f[AUTHORS] &&
	    f[AUTHORS]->type == LEDE_SEQ && f[META] && f[META]->type == LEDE_MAP &&
	    lede_value_str(f[PATH]) && lede_value_str(f[TITLE]) && f[SLUG] &&
	    f[SLUG]->type == LEDE_STRING && f[LANG] && f[LANG]->type == LEDE_STRING &&
	    value_date(f[DATE], &date)) {
		/* the fields collections sort and group by */
		a = lede_arena_alloc(ar, sizeof *a);
		memset(a, 0, sizeof *a);
		a->arena = ar;
		a->record = true;
		a->path = str_in(ar, f[PATH]);
		a->title = str_in(ar, f[TITLE]);
		a->section = str_in(ar, f[SECTION]);
		a->outlet = str_in(ar, f[OUTLET]);
		a->url = str_in(ar, f[URL]);
		a->date = date;
		/* (none: released at its date, or a manifest older than the
		 * field; a damaged one: its date too) */
		if (!f[RELEASED] || !value_date(f[RELEASED], &a->released))
			a->released = date;
		a->draft = vtrue(f[DRAFT]);
		const char *fname = lede_value_str(f[FILE_]);
		a->file = fname && a->url && !strcmp(fname, a->url) ? a->url : str_in(ar, f[FILE_]);
		a->summary = str_in(ar, f[SUMMARY]);
		a->slug = str_in(ar, f[SLUG]);
		a->lang = str_in(ar, f[LANG]);
		if (thin) {
			a->tags = lede_value_copy_lean(ar, f[TAGS]);
			a->thin = true;
			a->lazy = lazy;
			a->packed = json;
			a->packed_len = len;
		} else {
			lede_value **vals[] = {&a->tags, &a->authors, &a->meta,
			                       (lede_value **)&a->fragment};
			for (int i = 0; i < 4; i++)
				*vals[i] = lede_value_copy_lean(ar, f[TAGS + i]);
		}
	}
	if (scratch)
		lede_arena_reset(tmp);
	else
		lede_arena_free(tmp);
	return a;
}

/* A partial copy of thin record rec in ar, a lazy one read again from
 * its text for every light field. When that fails (the last manifest
 * changed under the build) the copy stays lazy: lede_record_complete
 * fails on it, and so does every field a hook reads of it. */
static lede_article *shown_copy(lede_arena *ar, const lede_article *rec)
{
	if (!rec->lazy)
		return partial_copy(ar, rec);
	lede_buf text = LEDE_BUF_INIT;
	const char *p = packed_text(rec, &text);
	lede_article *full =
	    p ? record_of_text(ar, p, rec->packed_len, LEDE_RECORD_THIN, NULL) : NULL;
	lede_buf_free(&text);
	if (!full) {
		lede_article *a = partial_copy(ar, rec);
		a->lazy = true;
		return a;
	}
	full->packed = rec->packed;
	full->packed_fd = rec->packed_fd;
	full->packed_at = rec->packed_at;
	return partial_copy(ar, full);
}

lede_article *lede_record_decode(lede_arena *ar, const char *json, size_t len)
{
	return record_of_text(ar, json, len, LEDE_RECORD_WHOLE, NULL);
}

lede_article *lede_record_thin_text(lede_arena *ar, const char *json, size_t len)
{
	return record_of_text(ar, json, len, LEDE_RECORD_THIN, NULL);
}

lede_article *lede_record_thin(lede_state *s, lede_arena *ar, const lede_article *rec,
                               lede_value_pool *pool)
{
	lede_buf b = LEDE_BUF_INIT;
	off_t at = 0;
	int fd = -1;
	bool ok = lede_record_encode(rec, &b) == 0;
	if (ok) {
		pthread_mutex_lock(&s->lock);
		fd = spill_reserve(s, b.len, &at);
		pthread_mutex_unlock(&s->lock);
		ok = fd >= 0 && pwrite_all(fd, b.data, b.len, at) == 0;
	}
	lede_article *a = NULL;
	if (ok) {
		a = lede_article_light(ar, rec, pool);
		a->thin = true;
		a->packed_fd = fd;
		a->packed_at = (long long)at;
		a->packed_len = b.len;
	}
	lede_buf_free(&b);
	return a;
}

lede_article *lede_record_shown(lede_arena *ar, const lede_article *rec)
{
	/* A thin record holds every field but authors, meta and the fragment
	 * (lede_article_light): shown as it is, those read when a hook asks. */
	return rec->thin ? shown_copy(ar, rec) : (lede_article *)rec;
}

int lede_record_complete(lede_article *a)
{
	if (!a->partial)
		return 0;
	if (a->lazy) /* its light fields could not be read back (shown_copy) */
		return -1;
	static const char *const keys[] = {"authors", "meta", "fragment"};
	const bool whole[] = {true, true, true};
	lede_value *f[3];
	lede_buf text = LEDE_BUF_INIT;
	const char *p = packed_text(a, &text);
	/* (the text was checked when the record was read for the page:
	 * only a changed file fails here) */
	bool ok = p && lede_json_parse_members(a->arena, p, a->packed_len, keys, whole, 3, f) &&
	          f[0] && f[0]->type == LEDE_SEQ && f[1] && f[1]->type == LEDE_MAP;
	lede_buf_free(&text);
	if (!ok)
		return -1;
	for (int i = 0; i < 3; i++)
		if (f[i])
			value_fix(a->arena, f[i], 0);
	a->authors = f[0];
	a->meta = f[1];
	a->fragment = f[2];
	a->partial = false;
	return 0;
}

lede_article *lede_state_last(lede_state *s, lede_arena *ar, bool thin, const char *outlet,
                              const char *article, const char **since)
{
	return lede_state_reuse_record(s, ar, thin ? LEDE_RECORD_THIN : LEDE_RECORD_WHOLE, outlet,
	                               article, since, NULL, NULL, NULL);
}

lede_article *lede_state_reuse_record(lede_state *s, lede_arena *ar, lede_record_how how,
                                      const char *outlet, const char *article, const char **since,
                                      char digest[LEDE_DIGEST_HEX], bool *unread,
                                      lede_state_window *win)
{
	if (digest)
		digest[0] = '\0';
	if (unread)
		*unread = false;
	char *key = record_key(outlet, article);
	ahead_settle(s, true);
	pthread_mutex_lock(&s->lock);
	void **old = table_slot(&s->old_records, key, false);
	record *r = old ? *old : NULL;
	if (r) /* kept for the next build too, under the old table's key */
		carry_record(s, table_key(&s->old_records, old), r);
	if (since)
		*since = r ? r->since : NULL;
	if (r && digest)
		memcpy(digest, r->digest, LEDE_DIGEST_HEX);
	pthread_mutex_unlock(&s->lock);
	free(key);
	if (!r)
		return NULL;
	lede_buf text = LEDE_BUF_INIT;
	lede_article *a = NULL;
	/* read in place in the window (the record is parsed into ar) */
	const char *json = NULL;
	if (win)
		json = window_at(win, r->at, r->len, &text);
	else if (read_at(s->old_fd, r->at, r->len, &text) == 0)
		json = text.data;
	if (json)
		/* (lazy only with its digest: a page's key is made of the
		 * digests, and one made from a lazy record would lack fields) */
		a = record_of_text(ar, json, r->len,
		                   how == LEDE_RECORD_LAZY && !r->digest[0] ? LEDE_RECORD_THIN
		                                                            : how,
		                   win ? win->scratch : NULL);
	else if (unread)
		*unread = true;
	if (a && how != LEDE_RECORD_WHOLE) {
		/* read back from the last manifest, open until the state is
		 * freed */
		a->packed = NULL;
		a->packed_fd = s->old_fd;
		a->packed_at = (long long)r->at;
	}
	lede_buf_free(&text);
	return a;
}

/* --- sources as JSON ------------------------------------------------------ */

static void put_strs(lede_buf *b, char *const *v, size_t n)
{
	lede_buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			lede_buf_putc(b, ',');
		put_str(b, v[i]);
	}
	lede_buf_putc(b, ']');
}

static char **value_strs(const lede_value *a, size_t *n)
{
	size_t len = a && a->type == LEDE_SEQ ? a->u.list.n : 0;
	char **v = lede_xcalloc(len + 1, sizeof *v);
	*n = 0;
	for (size_t i = 0; i < len; i++)
		if (lede_value_str(a->u.list.items[i]))
			v[(*n)++] = lede_xstrdup(lede_value_str(a->u.list.items[i]));
	return v;
}

static void put_source(lede_buf *b, const char *path, const lede_source *src)
{
	lede_buf_puts(b, "{\"source\":");
	put_str(b, path);
	lede_buf_puts(b, ",\"key\":\"");
	lede_buf_puts(b, src->key);
	lede_buf_puts(b, "\",\"digest\":\"");
	lede_buf_puts(b, src->digest);
	lede_buf_puts(b, "\",\"stat\":[");
	const long long stat[] = {src->size, src->mtime_s, src->mtime_ns, src->ino, src->checked};
	for (size_t i = 0; i < sizeof stat / sizeof *stat; i++) {
		if (i)
			lede_buf_putc(b, ',');
		lede_buf_put_num(b, stat[i], 0);
	}
	lede_buf_putc(b, ']');
	lede_buf_puts(b, ",\"date\":");
	put_date(b, &src->date);
	lede_buf_puts(b, ",\"outlets\":");
	put_strs(b, src->outlets, src->noutlets);
	lede_buf_puts(b, ",\"taken\":");
	put_strs(b, src->taken, src->ntaken);
	lede_buf_puts(b, ",\"times\":[");
	for (size_t i = 0; i < src->ntimes; i++) {
		lede_buf_puts(b, i ? ",[" : "[");
		put_date(b, &src->times[i]);
		lede_buf_puts(b, src->later[i] ? ",true]" : ",false]");
	}
	lede_buf_puts(b, "],\"images\":");
	put_strs(b, src->images, src->nimages);
	lede_buf_puts(b, ",\"claims\":");
	put_strs(b, src->claims, src->nclaims);
	if (src->edition) {
		lede_buf_puts(b, ",\"edition\":");
		put_str(b, src->edition);
	}
	if (src->kept)
		lede_buf_puts(b, ",\"kept\":true");
	if (src->info)
		lede_buf_puts(b, src->info == 1 ? ",\"info\":\"shown\"" : ",\"info\":\"hidden\"");
	if (src->messages) {
		lede_buf_puts(b, ",\"messages\":");
		put_str(b, src->messages);
		lede_buf_puts(b, ",\"warnings\":");
		lede_buf_put_num(b, src->warnings, 0);
	}
	lede_buf_putc(b, '}');
}

static void deps_from_value(lede_deps *d, const lede_value *o)
{
	d->images = value_strs(lede_value_get(o, "images"), &d->nimages);
	d->claims = value_strs(lede_value_get(o, "claims"), &d->nclaims);
	if (d->nimages % 2)
		free(d->images[--d->nimages]); /* pairs */
}

/* The strings of list a, in the state's arena (interned: see astrs). */
static char **arena_strs(lede_state *s, const lede_value *a, size_t *n, bool interned)
{
	size_t len = a && a->type == LEDE_SEQ ? a->u.list.n : 0;
	char **v = lede_arena_alloc_aligned(s->mem, (len + 1) * sizeof *v, alignof(char *));
	*n = 0;
	for (size_t i = 0; i < len; i++) {
		const char *x = lede_value_str(a->u.list.items[i]);
		if (x)
			v[(*n)++] = interned ? (char *)intern(s, x) : lede_arena_strdup(s->mem, x);
	}
	return v;
}

/* Whether a source's messages are as a worker leaves them (the manifest
 * is a file anyone can edit, and the text is printed to a terminal): text
 * and the framing of "once" messages, no other control; at most
 * LEDE_MESSAGES_KEPT bytes (a mistake repeated at 250,000 places prints
 * 24 MB, which the manifest would carry each build); and no more
 * warnings than lines (each counted warning printed one: a count edited
 * to two billion would overflow the build's). */
static bool printable_messages(const char *s, long long warnings)
{
	long long lines = 0;
	size_t n = 0;
	for (; *s; s++, n++) {
		unsigned char c = (unsigned char)*s;
		if ((c < 0x20 && c != '\n' && c != '\t' && (c < 1 || c > 3)) || c == 0x7f)
			return false;
		lines += c == '\n';
	}
	return n <= LEDE_MESSAGES_KEPT && warnings >= 0 && warnings <= lines;
}

/* A source line of the manifest, in the state's arena; NULL when it is
 * not one this lede wrote. */
static lede_source *source_from_value(lede_state *s, const lede_value *o)
{
	const char *key = vstr(o, "key"), *digest = vstr(o, "digest");
	const lede_value *st = lede_value_get(o, "stat");
	lede_date date;
	if (!key || !digest || strlen(key) != LEDE_DIGEST_HEX - 1 ||
	    strlen(digest) != LEDE_DIGEST_HEX - 1 || !st || st->type != LEDE_SEQ ||
	    st->u.list.n != 5 || !value_date(lede_value_get(o, "date"), &date))
		return NULL; /* not one this lede wrote: the article is built again */
	lede_source *e = lede_arena_alloc(s->mem, sizeof *e);
	e->date = date;
	memcpy(e->key, key, LEDE_DIGEST_HEX);
	memcpy(e->digest, digest, LEDE_DIGEST_HEX);
	long long *f[] = {&e->size, &e->mtime_s, &e->mtime_ns, &e->ino, &e->checked};
	for (size_t i = 0; i < 5; i++) {
		const lede_value *x = st->u.list.items[i];
		*f[i] = x->type == LEDE_INT ? (long long)x->u.i : 0;
	}
	e->outlets = arena_strs(s, lede_value_get(o, "outlets"), &e->noutlets, true);
	e->taken = arena_strs(s, lede_value_get(o, "taken"), &e->ntaken, true);
	e->images = arena_strs(s, lede_value_get(o, "images"), &e->nimages, false);
	e->claims = arena_strs(s, lede_value_get(o, "claims"), &e->nclaims, false);
	const char *edition = vstr(o, "edition");
	e->edition = edition ? lede_arena_strdup(s->mem, edition) : NULL;
	e->kept = vtrue(lede_value_get(o, "kept"));
	const char *msgs = vstr(o, "messages");
	long long warnings = vint(o, "warnings");
	if (msgs && !printable_messages(msgs, warnings))
		return NULL; /* not as lede writes them: the article is built again */
	e->messages = msgs ? lede_arena_strdup(s->mem, msgs) : NULL;
	e->warnings = msgs ? (int)warnings : 0;
	const char *info = vstr(o, "info");
	e->info = !info ? 0 : !strcmp(info, "shown") ? 1 : !strcmp(info, "hidden") ? 2 : -1;
	if (e->info < 0)
		return NULL;
	if (e->nimages % 2)
		e->nimages--; /* pairs (the odd one is the arena's) */
	const lede_value *times = lede_value_get(o, "times");
	size_t n = times && times->type == LEDE_SEQ ? times->u.list.n : 0;
	e->times = n ? lede_arena_alloc(s->mem, n * sizeof *e->times) : NULL;
	e->later = n ? lede_arena_alloc(s->mem, n * sizeof *e->later) : NULL;
	for (size_t i = 0; i < n; i++) {
		const lede_value *t = times->u.list.items[i];
		if (t->type != LEDE_SEQ || t->u.list.n != 2 ||
		    !value_date(t->u.list.items[0], &e->times[e->ntimes]))
			continue;
		e->later[e->ntimes++] = vtrue(t->u.list.items[1]);
	}
	return e;
}

/* --- commit --------------------------------------------------------------- */

/* A key to sort, with its first 32 bytes as four big-endian numbers (NUL
 * padded): most comparisons end there, without reading the key itself
 * (a manifest's 100,000 paths share long prefixes, and are scattered in
 * memory). 16 bytes were not enough: "en/culture/00000", a record's
 * "web", separator and "content/0000" tie for ten articles and more. */
#define SORT_HEAD 4
typedef struct {
	uint64_t head[SORT_HEAD];
	char *key;
} sort_key;

/* s[0..8) as a big-endian number. */
static uint64_t be64(const unsigned char *s)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | s[i];
	return v;
}

static int cmp_sort_key(const void *x, const void *y)
{
	const sort_key *a = x, *b = y;
	for (int i = 0; i < SORT_HEAD; i++)
		if (a->head[i] != b->head[i])
			return a->head[i] < b->head[i] ? -1 : 1;
	/* the same head: the same key if it ends in it, else the rest
	 * decides (strcmp's order: unsigned bytes, as the heads compare) */
	size_t n = strnlen(a->key, 8 * SORT_HEAD);
	return n < 8 * SORT_HEAD ? 0 : strcmp(a->key + n, b->key + n);
}

/* The n keys at keys, sorted in place. */
static void sort_keys(char **keys, size_t n)
{
	sort_key *v = lede_xcalloc(n + 1, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		unsigned char head[8 * SORT_HEAD] = {0};
		memcpy(head, keys[i], strnlen(keys[i], sizeof head));
		for (int h = 0; h < SORT_HEAD; h++)
			v[i].head[h] = be64(head + 8 * h);
		v[i].key = keys[i];
	}
	qsort(v, n, sizeof *v, cmp_sort_key);
	for (size_t i = 0; i < n; i++)
		keys[i] = v[i].key;
	free(v);
}

/* The keys of t, sorted (so the manifest reads the same for the same build). */
static char **sorted_keys(const table *t, size_t *n)
{
	sort_key *v = lede_xcalloc(t->n + 1, sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < t->cap; i++) {
		char *key = t->e[i].key;
		if (!key)
			continue;
		unsigned char head[8 * SORT_HEAD] = {0};
		memcpy(head, key, strnlen(key, sizeof head));
		for (int h = 0; h < SORT_HEAD; h++)
			v[k].head[h] = be64(head + 8 * h);
		v[k++].key = key;
	}
	qsort(v, k, sizeof *v, cmp_sort_key);
	char **keys = lede_xcalloc(k + 1, sizeof *keys);
	for (size_t i = 0; i < k; i++)
		keys[i] = v[i].key;
	free(v);
	*n = k;
	return keys;
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

/* Notes errno in *werr, when it holds none yet, if ok is false (the
 * first failed write's reason, for the error: a disk full, say); ok. */
static bool noted(bool ok, int *werr)
{
	if (!ok && werr && !*werr)
		*werr = errno ? errno : EIO;
	return ok;
}

/* Writes out what b holds to f once it is large (all of it when all is
 * set); false when it could not be written (why in *werr). */
static bool flush_lines(FILE *f, lede_buf *b, bool all, int *werr)
{
	if (!all && b->len < 1 << 16)
		return true;
	bool ok = !b->len || noted(fwrite(b->data, 1, b->len, f) == b->len, werr);
	lede_buf_reset(b);
	return ok;
}

/* A run of consecutive lines of the last manifest. */
typedef struct {
	off_t at;
	size_t len;
} run;

/* Puts the run r of the last manifest (read through w) after what f
 * holds: 0, or -1 (errno set) when it cannot be read back whole. (In the
 * kernel, copy_file_range was no faster on the bench site.) */
static int copy_run(window *w, const run *r, FILE *f, int *werr)
{
	for (off_t at = r->at, end = r->at + (off_t)r->len; at < end;) {
		size_t piece =
		    (size_t)(end - at) < WINDOW_SIZE / 2 ? (size_t)(end - at) : WINDOW_SIZE / 2;
		const char *p = window_at(w, at, piece, NULL);
		if (!p || !noted(fwrite(p, 1, piece, f) == piece, werr))
			return -1;
		at += (off_t)piece;
	}
	return 0;
}

/* The lines of the last manifest that the next one holds as they were,
 * gathered into runs as they come: a run is put in place (copy_run) before
 * a line made anew, and at the end of each part. */
typedef struct {
	window *w;
	FILE *f;
	lede_buf *b; /* the lines made so far, written before a run */
	run r;
	const char *what; /* what the lines are, for the error */
	const char *lost; /* ...that could not be read back, and why */
	int lost_errno;
	int *werr; /* why a write failed, the first time */
} carrier;

/* Puts the run gathered so far in place: 0, or -1 (errno set). */
static int carry_end(carrier *c)
{
	if (!c->r.len)
		return 0;
	int rc = flush_lines(c->f, c->b, true, c->werr) ? copy_run(c->w, &c->r, c->f, c->werr) : -1;
	c->r.len = 0;
	return rc;
}

/* The line of len bytes at at in the last manifest, next. */
static int carry(carrier *c, off_t at, size_t len)
{
	if (c->r.len && c->r.at + (off_t)c->r.len == at) {
		c->r.len += len;
		return 0;
	}
	int rc = carry_end(c);
	c->r = (run){at, len};
	return rc;
}

/* The next line: carried from the last manifest (len bytes at at), or,
 * len 0, one to make anew (the run so far put in place first). 1: carried;
 * 0: to make; -1: what the run holds could not be read back (c->lost). */
static int carry_line(carrier *c, off_t at, size_t len)
{
	bool wrote_well = !c->werr || !*c->werr;
	if ((len ? carry(c, at, len) : carry_end(c)) != 0) {
		/* (a write that failed, the disk full: not a line lost) */
		if (wrote_well && c->werr && *c->werr)
			return -1;
		c->lost = c->what;
		c->lost_errno = errno;
		return -1;
	}
	return len != 0;
}

static bool str_same(const char *a, const char *b) { return a == b || (a && b && !strcmp(a, b)); }

/* Whether fe, kept from the last build, would be written as the line of
 * old, its entry there (clean: this manifest has clean marks): every
 * field the line holds is the same. */
static bool same_line(const lede_state *s, const file *fe, const file *old, bool clean)
{
	if (!fe->line_len || !old || fe->line_at != old->line_at || fe->unplaced || fe->spilled ||
	    fe->links || s->links != s->old_links)
		return false;
	bool was_marked = s->old_clean && old->dirty && old->old_links;
	bool marked = clean && fe->dirty && fe->old_links;
	return was_marked == marked && fe->hash == old->hash && fe->size == old->size &&
	       fe->left == old->left && str_same(fe->outlet, old->outlet) &&
	       str_same(fe->article, old->article) && str_same(fe->since, old->since) &&
	       str_same(fe->key, old->key) &&
	       (!fe->key ||
	        (fe->deps.nimages == old->deps.nimages && fe->deps.nclaims == old->deps.nclaims));
}

/* The manifest, written line by line to a temporary file (lede's own
 * ".NAME.tmp-XXXXXX", which a killed build's successor removes) and renamed
 * over the last one: never held whole in memory. */
/* The manifest being written: its temporary file, what is made of it so
 * far, and what could not be read back. Written in three parts: its first
 * line, the records and the sources (write_ahead: on a thread of its own
 * while the collections are made, or at the commit), then the files and
 * its last line, at the commit (the files are known only then). */
struct manifest_out {
	lede_buf path, tmp;
	FILE *f;
	lede_buf b;
	window old; /* the last manifest, read through a window of its own */
	carrier c;
	bool ok;
	const char *lost; /* what could not be read back, if that failed */
	int lost_errno;
	int open_errno; /* the temporary file could not be made */
	int werr;       /* why a write to it failed, the first time */
	/* write_ahead's: this build's records and sources as they were when
	 * it began (the tables are not read while the thread runs) */
	char **rkeys, **skeys;
	record **rvals;
	lede_source **svals;
	size_t nr, ns;
};

static void manifest_lost(manifest_out *m, const char *what, int e)
{
	m->ok = false;
	m->lost = what;
	m->lost_errno = e;
}

/* Makes the temporary file and writes the first line: false (errno in
 * open_errno) when it cannot. */
static bool manifest_open(lede_state *s, manifest_out *m)
{
	lede_buf_printf(&m->path, "%s/%s", s->outdir, LEDE_MANIFEST);
	lede_buf_printf(&m->tmp, "%s/%s.tmp-XXXXXX", s->outdir, LEDE_MANIFEST);
	int fd = lede_mkdirs(s->outdir) == 0 ? mkstemp(m->tmp.data) : -1;
	m->f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!m->f) {
		m->open_errno = errno;
		if (fd >= 0) {
			close(fd);
			unlink(m->tmp.data);
		}
		m->ok = false;
		return false;
	}
	m->ok = true;
	m->old = (window){.fd = s->old_fd, .at = 0, .win = LEDE_BUF_INIT};
	m->c = (carrier){.w = &m->old, .f = m->f, .b = &m->b, .werr = &m->werr};
	lede_buf_printf(&m->b, "{\"lede-manifest\":%d,\"built\":", MANIFEST_VERSION);
	put_str(&m->b, s->now);
	lede_buf_puts(&m->b, s->links ? ",\"links\":true" : "");
	lede_buf_puts(&m->b, s->shard ? ",\"shard\":true}\n" : "}\n");
	return true;
}

/* The records, sorted by key (rkeys/rvals), as lines. An entry forgotten
 * (a record that cannot be encoded) is noted in forgot. */
static void manifest_records(manifest_out *m, char **forgot, size_t *nforgot)
{
	lede_buf text = LEDE_BUF_INIT;
	m->c.what = "a record kept from the last build state";
	for (size_t i = 0; m->ok && i < m->nr; i++) {
		const char *key = m->rkeys[i];
		record *r = m->rvals[i];
		const char *tab = strchr(key, '\t');
		/* carried over: the line as the last manifest has it */
		int how = carry_line(&m->c, r->line_at, r->rec ? 0 : r->line_len);
		if (how != 0) {
			m->ok = how > 0;
			continue;
		}
		/* outlet, article, since, digest, then the record as text, last
		 * (read_manifest keeps it as text) */
		char digest[LEDE_DIGEST_HEX];
		memcpy(digest, r->digest, sizeof digest);
		lede_buf *b = &m->b;
		lede_buf_puts(b, "{\"outlet\":");
		lede_json_put_str(b, key, (size_t)(tab - key));
		lede_buf_puts(b, ",\"article\":");
		put_str(b, tab + 1);
		if (r->since) {
			lede_buf_puts(b, ",\"since\":");
			put_str(b, r->since);
		}
		size_t at = b->len;
		if (r->rec && !digest[0])
			lede_record_digest(r->rec, digest);
		if (digest[0])
			lede_buf_printf(b, ",\"digest\":\"%s\"", digest);
		lede_buf_puts(b, ",\"record\":");
		if (!r->rec) {
			if (window_read(&m->old, r->at, r->len, &text) != 0) {
				/* the last manifest cut short under the build: no
				 * manifest rather than one without the record */
				manifest_lost(m, "a record kept from the last build state", errno);
				break;
			}
			lede_buf_put(b, text.data, text.len);
		} else if (lede_record_encode(r->rec, b) != 0) {
			b->len = at; /* no digest either */
			lede_buf_puts(b, ",\"record\":null");
			/* not reusable: the next build must build it */
			forgot[(*nforgot)++] = (char *)(tab + 1);
		}
		lede_buf_puts(b, "}\n");
		m->ok = flush_lines(m->f, b, false, &m->werr);
	}
	m->ok = m->ok && carry_line(&m->c, 0, 0) == 0;
	lede_buf_free(&text);
}

static int cmp_cstr(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The sources, sorted by path (skeys/svals), as lines: those forgotten
 * (sorted) left out. */
static void manifest_sources(manifest_out *m, char **forgot, size_t nforgot)
{
	if (nforgot > 1)
		qsort(forgot, nforgot, sizeof *forgot, cmp_cstr);
	m->c.what = "an article's entry kept from the last build state";
	for (size_t i = 0; m->ok && i < m->ns; i++) {
		const lede_source *src = m->svals[i];
		if (!src || (nforgot && bsearch(&m->skeys[i], forgot, nforgot, sizeof *forgot,
		                                cmp_cstr))) /* forgotten */
			continue;
		int how = carry_line(&m->c, (off_t)src->line_at, src->line_len);
		if (how != 0) {
			m->ok = how > 0;
			continue;
		}
		put_source(&m->b, m->skeys[i], src);
		lede_buf_putc(&m->b, '\n');
		m->ok = flush_lines(m->f, &m->b, false, &m->werr);
	}
	m->ok = m->ok && carry_line(&m->c, 0, 0) == 0;
}

/* this build's records and sources as they stand, sorted, in m */
static void manifest_snapshot(lede_state *s, manifest_out *m)
{
	m->rkeys = sorted_keys(&s->records, &m->nr);
	m->rvals = lede_xcalloc(m->nr + 1, sizeof *m->rvals);
	for (size_t i = 0; i < m->nr; i++)
		m->rvals[i] = table_get(&s->records, m->rkeys[i]);
	m->skeys = sorted_keys(&s->sources, &m->ns);
	m->svals = lede_xcalloc(m->ns + 1, sizeof *m->svals);
	for (size_t i = 0; i < m->ns; i++)
		m->svals[i] = table_get(&s->sources, m->skeys[i]);
}

/* The first line, the records and the sources (from the snapshot). */
static void manifest_head(lede_state *s, manifest_out *m)
{
	if (!manifest_open(s, m))
		return;
	char **forgot = lede_xcalloc(m->nr + 1, sizeof *forgot);
	size_t nforgot = 0;
	manifest_records(m, forgot, &nforgot);
	manifest_sources(m, forgot, nforgot);
	free(forgot);
	if (m->ok)
		m->ok = flush_lines(m->f, &m->b, true, &m->werr);
	if (!m->ok && !m->lost && m->c.lost)
		manifest_lost(m, m->c.lost, m->c.lost_errno);
}

/* The snapshot too is taken on the thread (sorting 10,000 keys is some
 * milliseconds of a build's serial part): the records and sources do not
 * change until ahead_settle has joined it. */
static void *write_ahead_run(void *arg)
{
	lede_state *s = arg;
	manifest_snapshot(s, s->ahead);
	manifest_head(s, s->ahead);
	return NULL;
}

void lede_state_write_ahead(lede_state *s)
{
	if (s->ahead)
		return;
	s->ahead = lede_xcalloc(1, sizeof *s->ahead);
	s->ahead_running = pthread_create(&s->ahead_thread, NULL, write_ahead_run, s) == 0;
	if (!s->ahead_running)
		write_ahead_run(s);
}

/* The write-ahead thread, finished; and, when what it wrote no longer
 * says what the build holds (stale: a record or source changed since it
 * began), dropped: the commit writes them again. Called before any change
 * to this build's records or sources, without the lock. */
static void ahead_settle(lede_state *s, bool stale)
{
	if (!s->ahead)
		return;
	if (s->ahead_running) {
		pthread_join(s->ahead_thread, NULL);
		s->ahead_running = false;
	}
	s->ahead_stale = s->ahead_stale || stale;
}

static void manifest_free(manifest_out *m)
{
	if (!m)
		return;
	if (m->f) {
		fclose(m->f);
		unlink(m->tmp.data);
	}
	lede_buf_free(&m->path);
	lede_buf_free(&m->tmp);
	lede_buf_free(&m->b);
	lede_buf_free(&m->old.win);
	free(m->rkeys);
	free(m->skeys);
	free(m->rvals);
	free(m->svals);
	free(m);
}

/* Writes the manifest; keys are the n files' keys in order, as the commit
 * sorted them (taken, and sorted again if a file was added since). */
static int write_manifest(lede_state *s, char **keys, size_t n, lede_error *err)
{
	ahead_settle(s, false);
	manifest_out *m = s->ahead;
	s->ahead = NULL;
	if (m && s->ahead_stale) {
		manifest_free(m);
		m = NULL;
	}
	if (!m) {
		m = lede_xcalloc(1, sizeof *m);
		manifest_snapshot(s, m);
		manifest_head(s, m);
	}
	if (!m->f) {
		lede_buf path = LEDE_BUF_INIT;
		lede_buf_printf(&path, "%s/%s", s->outdir, LEDE_MANIFEST);
		lede_error_set(err, lede_buf_cstr(&path), 0, 0, "cannot write the build state: %s",
		               strerror(m->open_errno));
		lede_buf_free(&path);
		manifest_free(m);
		free(keys);
		return -1;
	}
	/* Its pages' clean marks hold when the check marked them, and every
	 * file they may link to is in this manifest. */
	bool clean = s->links && s->settled;
	for (size_t i = 0; clean && i < s->files.cap; i++) {
		const file *fe = s->files.e[i].key ? s->files.e[i].val : NULL;
		clean = !fe || !fe->unplaced;
	}
	bool ok = m->ok;
	const char *lost = m->lost; /* what could not be read back, if that failed */
	int lost_errno = m->lost_errno;
	FILE *f = m->f;
	int werr = m->werr; /* why a write failed (the thread's, or one here) */
	lede_buf b = LEDE_BUF_INIT;
	if (n != s->files.n) {
		free(keys);
		keys = sorted_keys(&s->files, &n);
	}
	lede_buf spilled = LEDE_BUF_INIT;
	window old = {.fd = s->old_fd, .at = 0, .win = LEDE_BUF_INIT};
	carrier c = {.w = &old,
	             .f = f,
	             .b = &b,
	             .what = "a file's entry kept from the last build state",
	             .werr = &werr};
	size_t nfiles = 0;
	for (size_t i = 0; ok && i < n; i++) {
		file *fe = table_get(&s->files, keys[i]);
		/* not lede's: what is there is not what it made (a folder of
		 * the user's), unless the last build's file still is */
		if (fe->unplaced && !table_get(&s->old_files, fe->rel))
			continue;
		nfiles++;
		/* kept as it was: its line as the last manifest has it */
		bool same = same_line(s, fe, table_get(&s->old_files, fe->rel), clean);
		int how = carry_line(&c, fe->line_at, same ? fe->line_len : 0);
		if (how != 0) {
			ok = how > 0;
			continue;
		}
		lede_buf_puts(&b, "{\"file\":");
		put_str(&b, fe->rel);
		char hex[17];
		for (int k = 0; k < 16; k++)
			hex[k] = "0123456789abcdef"[fe->hash >> (60 - 4 * k) & 15];
		hex[16] = '\0';
		lede_buf_puts(&b, ",\"hash\":\"");
		lede_buf_puts(&b, hex);
		lede_buf_puts(&b, "\",\"size\":");
		lede_buf_put_num(&b, (long long)fe->size, 0);
		lede_buf_puts(&b, ",\"outlet\":");
		put_str(&b, fe->outlet);
		lede_buf_puts(&b, ",\"article\":");
		put_str(&b, fe->article);
		if (fe->since) {
			lede_buf_puts(&b, ",\"since\":");
			put_str(&b, fe->since);
		}
		if (fe->left)
			lede_buf_puts(&b, ",\"left\":true");
		if (fe->key) {
			lede_buf_puts(&b, ",\"key\":");
			put_str(&b, fe->key);
		}
		if (fe->spilled && s->links) {
			if (read_at(s->spill_fd, fe->spill_off, fe->spill_len, &spilled) == 0) {
				lede_buf_puts(&b, ",\"links\":");
				lede_buf_put(&b, spilled.data, spilled.len); /* JSON already */
			} else {
				ok = false; /* a page's links lost: no manifest rather than a wrong
				               one */
				lost = "a page's links in the spill file";
				lost_errno = errno;
			}
		} else if (fe->old_links && s->links) {
			/* the last manifest's string, as it was written */
			if (window_read(&old, fe->links_at, fe->links_len, &spilled) != 0) {
				ok = false;
				lost = "a page's links kept from the last build state";
				lost_errno = errno;
				break;
			}
			lede_buf_puts(&b, ",\"links\":");
			lede_buf_put(&b, spilled.data, spilled.len);
		} else if (fe->links && s->links) {
			lede_buf_puts(&b, ",\"links\":");
			lede_buf_puts(&b, fe->links); /* JSON already */
		}
		if (clean && fe->dirty && (fe->spilled || fe->old_links || fe->links))
			lede_buf_puts(&b, ",\"dirty\":true");
		if (fe->key && (fe->deps.nimages || fe->deps.nclaims)) {
			lede_buf_puts(&b, ",\"images\":");
			put_strs(&b, fe->deps.images, fe->deps.nimages);
			lede_buf_puts(&b, ",\"claims\":");
			put_strs(&b, fe->deps.claims, fe->deps.nclaims);
		}
		lede_buf_puts(&b, "}\n");
		ok = flush_lines(f, &b, false, &werr);
	}
	ok = ok && carry_line(&c, 0, 0) == 0;
	lede_buf_free(&spilled);
	free(keys);
	if (c.lost) {
		lost = c.lost;
		lost_errno = c.lost_errno;
	}
	lede_buf_free(&old.win);
	/* The last line: how many files, and whether the clean marks hold. */
	lede_buf_puts(&b, "{\"lede-manifest-end\":true,\"files\":");
	lede_buf_put_num(&b, (long long)nfiles, 0);
	lede_buf_puts(&b, clean ? ",\"clean\":true}\n" : "}\n");
	ok = ok && flush_lines(f, &b, true, &werr);
	lede_buf_free(&b);
	ok = noted(fflush(f) == 0 && fchmod(fileno(f), 0644) == 0, &werr) && ok;
	ok = noted(fclose(f) == 0, &werr) && ok;
	m->f = NULL;
	if (ok && !noted(rename(m->tmp.data, lede_buf_cstr(&m->path)) == 0, &werr))
		ok = false;
	if (!ok && lost)
		lede_error_set(err, lede_buf_cstr(&m->path), 0, 0,
		               "cannot write the build state: %s could not be read back (%s: was "
		               "the output folder changed during the build?); build again, with "
		               "--full to build everything",
		               lost, strerror(lost_errno));
	else if (!ok)
		lede_error_set(err, lede_buf_cstr(&m->path), 0, 0,
		               "cannot write the build state: %s%s; the last build state stays, "
		               "and the next build finds what this one changed",
		               strerror(werr ? werr : EIO),
		               werr == ENOSPC || werr == EDQUOT ? " (the disk is full)" : "");
	if (!ok)
		unlink(m->tmp.data);
	/* a record that could not be encoded: its article is built again */
	manifest_free(m);
	return ok ? 0 : -1;
}

/* Writes the running mark's list of the staged files among keys (n). */
/* The running mark's list, written a piece at a time (a 100k site's
 * paths come to some 10 MB, which the build's peak memory need not
 * hold): fd opened at the first piece, -1 until then. */
typedef struct {
	lede_state *s;
	int fd;
	int err; /* errno of the first failure, or 0 */
	bool wrote;
	lede_buf b;
} journal_out;

static void journal_flush(journal_out *j)
{
	if (!j->b.len || j->err)
		return;
	if (j->fd < 0) {
		j->fd =
		    open(j->s->running,
		         O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644);
		j->s->journaled = true; /* (listed, or partly: the mark stays) */
		if (j->fd < 0) {
			j->err = errno;
			return;
		}
	}
	j->wrote = true;
	size_t done = 0;
	while (done < j->b.len) {
		ssize_t w = write(j->fd, j->b.data + done, j->b.len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			j->err = w < 0 ? errno : EIO;
			return;
		}
		done += (size_t)w;
	}
	lede_buf_reset(&j->b);
}

#define JOURNAL_PIECE (1 << 20)

static int journal(lede_state *s, char **keys, size_t n, lede_error *err)
{
	journal_out j = {.s = s, .fd = -1, .b = LEDE_BUF_INIT};
	lede_buf_put(&j.b, s->carried, s->carried_len); /* (a last unfinished one's) */
	for (size_t i = 0; i < n; i++) {
		const file *fe = table_get(&s->files, keys[i]);
		const file *old = fe->staged ? table_get(&s->old_files, keys[i]) : NULL;
		if (fe->staged && !(old && old->listed)) {
			lede_buf_puts(&j.b, fe->rel);
			lede_buf_putc(&j.b, '\0');
			if (j.b.len >= JOURNAL_PIECE)
				journal_flush(&j);
		}
	}
	journal_flush(&j);
	lede_buf_free(&j.b);
	int rc = 0;
	if (j.wrote || j.err) {
		int e = j.err;
		if (j.fd >= 0 && close(j.fd) != 0 && !e)
			e = errno;
		if (e) {
			lede_error_set(
			    err, s->running, 0, 0,
			    "cannot note the files to put in place: %s%s; nothing in the "
			    "output folder was changed",
			    strerror(e), e == ENOSPC || e == EDQUOT ? " (the disk is full)" : "");
			rc = -1;
		}
	}
	return rc;
}

const char *lede_state_spared(const lede_state *s, size_t i)
{
	return i < s->nspared ? s->spared[i] : NULL;
}

/* A file the commit could not put in place: the first error in *err (the
 * commit's), the others kept for lede_state_place_errors, so every such
 * file is named (a page missing without a word until the first is dealt
 * with, before). */
static void place_error(lede_state *s, const lede_error *pe, lede_error *err, int *rc)
{
	if (!*rc) {
		*err = *pe;
	} else {
		s->place_errs =
		    lede_xrealloc(s->place_errs, (s->nplace_errs + 1) * sizeof *s->place_errs);
		s->place_errs[s->nplace_errs++] = *pe;
	}
	*rc = -1;
}

const lede_error *lede_state_place_error(const lede_state *s, size_t i)
{
	return i < s->nplace_errs ? &s->place_errs[i] : NULL;
}

/* Removes key, a file of the last build's that this one did not write
 * (the prune), when it is still what lede wrote there; counted in c. */
static void prune_one(lede_state *s, const char *key, lede_commit *c)
{
	file *fe = table_get(&s->old_files, key);
	if (fe->pruned) /* (already: by prune_in_way) */
		return;
	fe->pruned = true;
	lede_buf p = LEDE_BUF_INIT;
	lede_buf_printf(&p, "%s/%s", s->outdir, key);
	struct stat st;
	lede_error ignored;
	lede_error_clear(&ignored);
	/* Only a file lede wrote (a symlink or folder there now is
	 * the user's), only inside the output folder, and never
	 * through a folder that is a symlink leading out of it (the
	 * manifest is a file anyone can edit). */
	bool safe = lede_path_is_contained(key) && strncmp(key, LEDE_STAGE, strlen(LEDE_STAGE)) &&
	            strcmp(key, LEDE_MANIFEST) && lede_check_folders(s->outdir, key, &ignored) == 0;
	int there = safe ? lstat(lede_buf_cstr(&p), &st) : -1;
	bool ours = there == 0 && S_ISREG(st.st_mode);
	/* Gone already (removed by hand, or by a build killed
	 * between the file and its folder): its folders go, as
	 * a clean build has none. */
	if (safe && there != 0 && errno == ENOENT)
		remove_empty_parents(s->outdir, key);
	/* ...and only the bytes it wrote: a file changed by hand
	 * since (or one the manifest names but lede never wrote)
	 * is left, and the build says so. */
	if (ours && !file_is(lede_buf_cstr(&p), fe->size, fe->hash)) {
		s->spared = lede_xrealloc(s->spared, (s->nspared + 1) * sizeof *s->spared);
		s->spared[s->nspared++] = key; /* the old table's key */
	} else if (ours && unlink(lede_buf_cstr(&p)) == 0) {
		c->removed++;
		remove_empty_parents(s->outdir, key);
	}
	lede_buf_free(&p);
}

/* The last build's files this one did not write, sorted (a few, where
 * sorting all of them took a one-edit build's time): made once a commit,
 * for prune_in_way and the prune. */
static char **prune_list(lede_state *s, size_t *n)
{
	if (!s->prune_keys) {
		s->prune_keys = lede_xcalloc(s->old_files.n + 1, sizeof *s->prune_keys);
		for (size_t i = 0; i < s->old_files.cap; i++)
			if (s->old_files.e[i].key && !table_get(&s->files, s->old_files.e[i].key))
				s->prune_keys[s->nprune_keys++] = s->old_files.e[i].key;
		sort_keys(s->prune_keys, s->nprune_keys);
	}
	*n = s->nprune_keys;
	return s->prune_keys;
}

/* The first of the prune's sorted keys (prune_list) at rel[0..len) or
 * under it, or n when none is: the file itself, then those that begin
 * with its name (strcmp's order), the ones under it among them. */
static size_t first_in_way(char **keys, size_t n, const char *rel, size_t len)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strncmp(keys[mid], rel, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && !strncmp(keys[lo], rel, len); lo++)
		if (keys[lo][len] == '\0' || keys[lo][len] == '/')
			return lo;
	return n;
}

/* Whether a file the last build wrote and this one does not is at
 * rel[0..len) or under it: what prune_in_way would remove, which
 * --no-prune keeps in the way. */
static bool old_in_way(lede_state *s, const char *rel, size_t len)
{
	size_t n;
	char **keys = prune_list(s, &n);
	return first_in_way(keys, n, rel, len) < n;
}

/* The prune, now, of the last build's files at rel[0..len) or under it
 * that this build did not write: a file where this build needs a folder
 * ({slug} become {slug}/), or a folder where it writes a file. True when
 * there were some. */
static bool prune_in_way(lede_state *s, const char *rel, size_t len, lede_commit *c)
{
	size_t n;
	char **keys = prune_list(s, &n);
	bool any = false;
	for (size_t i = first_in_way(keys, n, rel, len); i < n && !strncmp(keys[i], rel, len); i++)
		if (keys[i][len] == '\0' || keys[i][len] == '/') {
			prune_one(s, keys[i], c);
			any = true;
		}
	return any;
}

int lede_state_commit(lede_state *s, bool discard, bool prune, lede_commit *c, lede_error *err)
{
	memset(c, 0, sizeof *c);
	c->kept = s->kept;
	if (discard) {
		ahead_settle(s, false);
		manifest_free(s->ahead);
		s->ahead = NULL;
		stage_close(s);
		remove_tree(s->stage);
		remove_tree(s->dups);
		s->stage_made = s->dups_made = false;
		for (size_t i = 0; i < s->files.cap; i++) {
			file *fe = s->files.e[i].val;
			if (s->files.e[i].key && fe->staged) {
				free(fe->staged); /* gone with the stage */
				fe->staged = NULL;
			}
		}
		if (!s->journaled) /* (else the last unfinished build's list stays) */
			unlink(s->running);
		return 0;
	}
	int rc = 0;
	size_t n = s->nfile_keys;
	/* (sorted for lede_state_clashes, when no file came since) */
	char **keys = s->file_keys && n == s->files.n ? s->file_keys : sorted_keys(&s->files, &n);
	if (keys != s->file_keys)
		free(s->file_keys);
	s->file_keys = NULL;
	/* What is about to be put in place, in the running mark, for a next
	 * build to know should this one stop before its manifest is written
	 * (unfinished_commit). Not written (the disk full): nothing is. */
	if (journal(s, keys, n, err) != 0) {
		free(keys);
		lede_commit dropped;
		lede_state_commit(s, true, prune, &dropped, NULL);
		return -1;
	}
	/* A folder new to the output folder is moved whole from the stage;
	 * the files under it, next in sorted order, are then in place. */
	lede_buf moved = LEDE_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		file *fe = table_get(&s->files, keys[i]);
		if (fe->unplaced) /* under a file of this build (lede_state_clashes) */
			continue;
		if (!fe->staged) {
			c->written += fe->made;
			c->changed += fe->fresh;
			continue;
		}
		bool done = fe->in_tree && moved.len && !strncmp(fe->rel, moved.data, moved.len);
		lede_buf dst = LEDE_BUF_INIT;
		lede_buf_printf(&dst, "%s/%s", s->outdir, fe->rel);
		/* lede_write_file made the stage's copy through the same checks;
		 * the folder on the way is checked again here (a symlink leading
		 * out of the output folder is not written through). */
		lede_error werr;
		lede_error_clear(&werr);
		/* (no cache: the commit changes the output folder as it goes) */
		lede_folders way = {0};
		bool bad = false;
		int fc = done ? 0 : lede_check_folders_at(s->outdir, fe->rel, &way, &werr);
		/* A file of the last build's where this one needs a folder (an
		 * outlet's path changed from {slug} to {slug}/): pruned now, or
		 * the folder could not be made. */
		if (!done && fc == 0 && way.blocked && prune &&
		    prune_in_way(s, fe->rel, way.blocked, c)) {
			way = (lede_folders){0};
			fc = lede_check_folders_at(s->outdir, fe->rel, &way, &werr);
		}
		if (fc != 0) {
			place_error(s, &werr, err, &rc);
			bad = true;
		} else if (!done && fe->in_tree && way.missing) {
			size_t missing = way.missing;
			lede_buf from = LEDE_BUF_INIT, to = LEDE_BUF_INIT;
			lede_buf_printf(&from, "%s/%.*s", s->stage, (int)missing, fe->rel);
			lede_buf_printf(&to, "%s/%.*s", s->outdir, (int)missing, fe->rel);
			if (rename(lede_buf_cstr(&from), lede_buf_cstr(&to)) == 0) {
				lede_buf_reset(&moved);
				lede_buf_printf(&moved, "%.*s/", (int)missing, fe->rel);
				done = true;
			}
			lede_buf_free(&from);
			lede_buf_free(&to);
		}
		if (!done && !bad) {
			const char *slash = strrchr(lede_buf_cstr(&dst), '/');
			lede_buf dir = LEDE_BUF_INIT;
			lede_buf_put(&dir, dst.data, (size_t)(slash - dst.data));
			bool placed = lede_mkdirs(lede_buf_cstr(&dir)) == 0 &&
			              rename(fe->staged, lede_buf_cstr(&dst)) == 0;
			/* A folder of the last build's where this one writes a
			 * file ({slug}/ become {slug}): its files pruned now. */
			if (!placed && (errno == EISDIR || errno == ENOTEMPTY || errno == EEXIST) &&
			    prune && prune_in_way(s, fe->rel, strlen(fe->rel), c))
				placed = rename(fe->staged, lede_buf_cstr(&dst)) == 0;
			if (!placed) {
				int e = errno;
				bool isdir = e == EISDIR || e == ENOTEMPTY || e == EEXIST;
				lede_error pe;
				lede_error_clear(&pe);
				if (!prune && (way.blocked ? old_in_way(s, fe->rel, way.blocked)
				                           : isdir && old_in_way(s, fe->rel,
				                                                 strlen(fe->rel))))
					lede_error_set(
					    &pe, fe->rel, 0, 0,
					    "cannot put the file in place: %.*s in the output "
					    "folder is %s the last build wrote, kept by "
					    "--no-prune; build once without --no-prune, which "
					    "removes %s, or move %s away",
					    (int)(way.blocked ? way.blocked : strlen(fe->rel)),
					    fe->rel, way.blocked ? "a file" : "a folder of files",
					    way.blocked ? "it" : "them",
					    way.blocked ? "it" : "them");
				else if (way.blocked)
					lede_error_set(
					    &pe, fe->rel, 0, 0,
					    "cannot put the file in place: %.*s in the output "
					    "folder is a file, not a folder; move it away (or "
					    "delete it) and build again",
					    (int)way.blocked, fe->rel);
				else if (isdir)
					lede_error_set(
					    &pe, fe->rel, 0, 0,
					    "cannot put the file in place: %s in the output "
					    "folder is a folder, holding files lede did not "
					    "write; move them away (or delete them) and build "
					    "again",
					    fe->rel);
				else
					lede_error_set(&pe, fe->rel, 0, 0,
					               "cannot put the file in place: %s",
					               strerror(e));
				place_error(s, &pe, err, &rc);
				fe->unplaced = true;
				/* not in place, nor in the manifest: the article that
				 * wrote it is made again next build (it would be reused
				 * without its page) */
				if (fe->bound)
					lede_state_forget_source(s, fe->bound);
			} else {
				done = true;
			}
			lede_buf_free(&dir);
		}
		if (done) {
			free(fe->staged);
			fe->staged = NULL;
			c->changed++;
			c->written++;
		}
		lede_buf_free(&dst);
	}
	lede_buf_free(&moved);
	/* (kept for the manifest: one sort, not two) */
	char **placed = keys;
	size_t nplaced = n;
	stage_close(s);
	remove_tree(s->stage);
	remove_tree(s->dups);
	s->stage_made = s->dups_made = false;
	if (prune) {
		/* the last build's files this one did not write, in order */
		keys = prune_list(s, &n);
		for (size_t i = 0; i < n; i++)
			prune_one(s, keys[i], c);
	} else {
		/* Not pruned: still lede's, listed so a later build prunes them
		 * (and marked, so that no article reuses them as its own). */
		for (size_t i = 0; i < s->old_files.cap; i++)
			if (s->old_files.e[i].key && keep_file(s, s->old_files.e[i].val, false))
				((file *)table_get(&s->files, s->old_files.e[i].key))->left = true;
	}
	if (write_manifest(s, placed, nplaced, err) != 0) {
		rc = -1;
	} else {
		unlink(s->running); /* finished: nothing of this build is left to sweep */
		s->journaled = false;
	}
	return rc;
}
