/* collect.c: the collections of an outlet, kept as records while workers
 * publish the articles, then written through the format's index hook:
 * the index (paginated), the tag pages, the section fronts and, for
 * collection-only formats,
 * the feed. Also decides, whatever the workers' order, which article owns
 * a page two of them would write, and which articles a `limit` keeps. */
#include "collect.h"

#include "state.h"

#include <lauxlib.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NSTRIPES 16

typedef struct entry {
	lede_article *rec;
	lede_date date;   /* the source's, as the article hooks left it */
	char *path;       /* the source's (a copy: the source is freed first) */
	bool dropped;     /* another article took its page */
} entry;

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
	size_t ncand;
	dup *dups;
	size_t ndups;
	struct stripe {
		pthread_mutex_t lock; /* a page is claimed and written under its stripe */
		claim *tab;
		size_t cap, n;
	} stripes[NSTRIPES];
};

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Newest first, then by path: the order collections and `limit` use. */
static int newer(lede_date da, const char *pa, lede_date db, const char *pb)
{
	int c = lede_date_compare(&db, &da);
	return c ? c : strcmp(pa, pb);
}

lede_collection *lede_collection_new(lede_outlet_rt *o)
{
	lede_collection *c = lede_xcalloc(1, sizeof *c);
	c->o = o;
	pthread_mutex_init(&c->lock, NULL);
	for (int i = 0; i < NSTRIPES; i++)
		pthread_mutex_init(&c->stripes[i].lock, NULL);
	const lede_value *limit = lede_value_get(o->cfg->cfg, "limit");
	if (limit && limit->type == LEDE_INT && limit->u.i > 0)
		c->limit = limit->u.i;
	return c;
}

void lede_collection_free(lede_collection *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i]->path);
		free(c->v[i]);
	}
	free(c->v);
	free(c->cand);
	for (size_t i = 0; i < c->ndups; i++) {
		free(c->dups[i].file);
		free(c->dups[i].winner);
		free(c->dups[i].loser);
	}
	free(c->dups);
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

lede_article *lede_collection_offer(lede_collection *c, lede_article *src, bool *kept)
{
	lede_article *out = NULL;
	*kept = false;
	pthread_mutex_lock(&c->lock);
	if ((long long)c->ncand < c->limit) {
		c->cand = lede_xrealloc(c->cand, (c->ncand + 1) * sizeof *c->cand);
		c->cand[c->ncand++] = src;
		*kept = true;
	} else {
		/* The oldest kept one gives way to a newer article. */
		size_t old = 0;
		for (size_t i = 1; i < c->ncand; i++)
			if (newer(c->cand[i]->date, c->cand[i]->path, c->cand[old]->date,
			          c->cand[old]->path) > 0)
				old = i;
		if (newer(src->date, src->path, c->cand[old]->date, c->cand[old]->path) < 0) {
			out = c->cand[old];
			c->cand[old] = src;
			*kept = true;
		}
	}
	pthread_mutex_unlock(&c->lock);
	return out;
}

static int cmp_cand(const void *x, const void *y)
{
	const lede_article *a = *(lede_article *const *)x, *b = *(lede_article *const *)y;
	return newer(a->date, a->path, b->date, b->path);
}

lede_article **lede_collection_take(lede_collection *c, size_t *n)
{
	lede_article **v = c->cand;
	*n = c->ncand;
	if (*n)
		qsort(v, *n, sizeof *v, cmp_cand);
	c->cand = NULL;
	c->ncand = 0;
	return v;
}

/* The claim of file in stripe s, made (owner NULL) when there is none. */
static claim *stripe_claim(struct stripe *s, const char *file)
{
	if (s->n * 2 >= s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		claim *t = lede_xcalloc(cap, sizeof *t);
		for (size_t i = 0; i < s->cap; i++)
			if (s->tab[i].file) {
				size_t j = fnv(s->tab[i].file) & (cap - 1);
				while (t[j].file)
					j = (j + 1) & (cap - 1);
				t[j] = s->tab[i];
			}
		free(s->tab);
		s->tab = t;
		s->cap = cap;
	}
	size_t j = fnv(file) & (s->cap - 1);
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

int lede_collection_add(lede_engine *e, lede_collection *c, const lede_article *src,
                        lede_article *rec, const char *file, const char *data, size_t len)
{
	entry *en = lede_xcalloc(1, sizeof *en);
	en->rec = rec;
	en->date = src->date;
	en->path = lede_xstrdup(src->path);
	if (file) {
		struct stripe *s = &c->stripes[fnv(file) % NSTRIPES];
		pthread_mutex_lock(&s->lock);
		claim *cl = stripe_claim(s, file);
		int rc = 0;
		if (cl->owner && newer(en->date, en->path, cl->owner->date, cl->owner->path) > 0) {
			add_dup(c, file, cl->owner->path, en->path);
			en->dropped = true;
		} else {
			if (cl->owner) {
				add_dup(c, file, en->path, cl->owner->path);
				cl->owner->dropped = true;
			}
			rc = lede_write_out(e, file, data, len, c->o->cfg->name, en->path);
			if (rc == 0)
				cl->owner = en;
		}
		pthread_mutex_unlock(&s->lock);
		if (rc != 0 || en->dropped) {
			if (rc != 0) {
				free(en->path);
				free(en);
			}
			/* a dropped entry stays: its claim points at it */
			if (rc == 0)
				goto keep;
			return rc;
		}
	}
keep:
	pthread_mutex_lock(&c->lock);
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->v = lede_xrealloc(c->v, c->cap * sizeof *c->v);
	}
	c->v[c->n++] = en;
	pthread_mutex_unlock(&c->lock);
	return 0;
}

void lede_collection_keep(lede_collection *c, lede_article *rec)
{
	entry *en = lede_xcalloc(1, sizeof *en);
	en->rec = rec;
	en->date = rec->date;
	en->path = lede_xstrdup(rec->path);
	pthread_mutex_lock(&c->lock);
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->v = lede_xrealloc(c->v, c->cap * sizeof *c->v);
	}
	c->v[c->n++] = en;
	pthread_mutex_unlock(&c->lock);
}

static int cmp_newest(const void *x, const void *y)
{
	const lede_article *a = *(lede_article *const *)x, *b = *(lede_article *const *)y;
	int c = lede_date_compare(&b->date, &a->date);
	return c ? c : strcmp(a->path, b->path);
}

static int cmp_oldest(const void *x, const void *y) { return -cmp_newest(x, y); }

static int cmp_title(const void *x, const void *y)
{
	const lede_article *a = *(lede_article *const *)x, *b = *(lede_article *const *)y;
	int c = strcmp(a->title, b->title);
	return c ? c : cmp_newest(x, y);
}

/* The page's file: page 1 is the index path, page n sits beside it in
 * page/n/. */
static void page_file(const char *index_path, int page, lede_buf *out)
{
	if (page == 1) {
		lede_buf_puts(out, index_path);
		return;
	}
	const char *slash = strrchr(index_path, '/');
	if (slash)
		lede_buf_put(out, index_path, (size_t)(slash - index_path + 1));
	lede_buf_printf(out, "page/%d/index.html", page);
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


static void write_collection(lede_engine *e, lede_outlet_rt *o, lede_article **list, size_t n,
                             int oidx, const char *index_path, const char *tag,
                             const char *section)
{
	lua_State *L = e->L;
	lede_buf path = LEDE_BUF_INIT;
	lede_buf_puts(&path, index_path);
	if (!path.len || path.data[path.len - 1] == '/')
		lede_buf_puts(&path, "index.html");
	index_path = lede_buf_cstr(&path);
	int per = o->cfg->per_page > 0 ? o->cfg->per_page : (int)(n ? n : 1);
	int pages = n ? (int)((n + (size_t)per - 1) / (size_t)per) : 1;
	for (int pg = 1; pg <= pages && !e->stop; pg++) {
		lede_plugin_push_hook(e, o->format, LEDE_HOOK_INDEX);
		lua_newtable(L);
		size_t from = (size_t)(pg - 1) * (size_t)per;
		for (size_t i = from; i < n && i < from + (size_t)per; i++) {
			lede_article_push(L, list[i]);
			lua_rawseti(L, -2, (lua_Integer)(i - from + 1));
		}
		lua_pushvalue(L, oidx);
		lua_newtable(L); /* page */
		lede_buf b = LEDE_BUF_INIT;
		lua_pushinteger(L, pg);
		lua_setfield(L, -2, "number");
		lua_pushinteger(L, pages);
		lua_setfield(L, -2, "total");
		if (tag) {
			lua_pushstring(L, tag);
			lua_setfield(L, -2, "tag");
		}
		if (section) {
			lua_pushstring(L, section);
			lua_setfield(L, -2, "section");
		}
		page_url(index_path, pg, &b);
		lua_pushstring(L, lede_buf_cstr(&b));
		lua_setfield(L, -2, "url");
		if (pg > 1) {
			lede_buf_reset(&b);
			page_url(index_path, pg - 1, &b);
			lua_pushstring(L, lede_buf_cstr(&b));
			lua_setfield(L, -2, "prev_url");
		}
		if (pg < pages) {
			lede_buf_reset(&b);
			page_url(index_path, pg + 1, &b);
			lua_pushstring(L, lede_buf_cstr(&b));
			lua_setfield(L, -2, "next_url");
		}
		lede_buf_reset(&b);
		page_file(index_path, pg, &b);
		if (lede_lua_call(e, 3, 1, o->format, "index", NULL) == 0) {
			if (lua_type(L, -1) == LUA_TSTRING) {
				size_t len;
				const char *s = lua_tolstring(L, -1, &len);
				lede_write_out(e, lede_buf_cstr(&b), s, len, o->cfg->name, NULL);
			} else if (!lua_isnil(L, -1)) {
				lede_reportf(e, false, o->format->chunk, 0, 0,
				             "hook 'index' must return a string or nil, not a %s",
				             luaL_typename(L, -1));
			}
			lua_pop(L, 1);
		}
		lede_buf_free(&b);
	}
	lede_buf_free(&path);
}

/* One tag: its name, its slug, and the articles carrying it. */
typedef struct {
	char *name, *slug;
	lede_article **list;
	size_t n;
} tag_group;

static int cmp_tag(const void *x, const void *y)
{
	const tag_group *a = x, *b = y;
	int c = strcmp(a->slug, b->slug);
	return c ? c : strcmp(a->name, b->name);
}

/* tags: {path: "tags/{tag}/"}: a collection per tag, in the order of the
 * outlet's list. Tags that slug the same ("Open data", "open-data") share
 * a page, named after the first spelling met. */
static void write_tag_pages(lede_engine *e, lede_outlet_rt *o, lede_article **list, size_t n,
                            int oidx)
{
	const lede_value *t = lede_value_get(o->cfg->cfg, "tags");
	const char *pattern = lede_value_str(lede_value_get(t, "path"));
	if (!pattern)
		return;
	tag_group *g = NULL;
	size_t ng = 0;
	for (size_t i = 0; i < n; i++) {
		const lede_value *tags = list[i]->tags;
		size_t len = tags && tags->type == LEDE_SEQ ? tags->u.list.n : 0;
		for (size_t k = 0; k < len; k++) {
			const char *name = lede_value_str(tags->u.list.items[k]);
			lede_buf slug = LEDE_BUF_INIT;
			if (name)
				lede_slugify(name, strlen(name), &slug);
			if (slug.len) {
				size_t j = 0;
				while (j < ng && strcmp(g[j].slug, slug.data) != 0)
					j++;
				if (j == ng) {
					g = lede_xrealloc(g, (ng + 1) * sizeof *g);
					g[ng] = (tag_group){lede_xstrdup(name), lede_buf_detach(&slug, NULL), NULL, 0};
					g[ng].list = lede_xcalloc(n, sizeof *g[ng].list);
					ng++;
				}
				if (!g[j].n || g[j].list[g[j].n - 1] != list[i])
					g[j].list[g[j].n++] = list[i];
			}
			lede_buf_free(&slug);
		}
	}
	if (ng)
		qsort(g, ng, sizeof *g, cmp_tag);
	for (size_t j = 0; j < ng; j++) {
		lede_buf path = LEDE_BUF_INIT;
		for (const char *p = pattern; *p; p++) {
			if (!strncmp(p, "{tag}", 5)) {
				lede_buf_puts(&path, g[j].slug);
				p += 4;
			} else {
				lede_buf_putc(&path, *p);
			}
		}
		if (!e->stop)
			write_collection(e, o, g[j].list, g[j].n, oidx, lede_buf_cstr(&path), g[j].name, NULL);
		lede_buf_free(&path);
		free(g[j].name);
		free(g[j].slug);
		free(g[j].list);
	}
	free(g);
}

/* sections: {path: "{section}/", list: [...]}: a collection per section
 * (a section front), in the outlet's sort order, written for every
 * section its articles have (those of `list` with none too, so the
 * navigation never leads nowhere). Sections that slug the same share a
 * front, named after the first spelling in list order, then path order. */
static void write_section_pages(lede_engine *e, lede_outlet_rt *o, lede_article **list, size_t n,
                                int oidx)
{
	const lede_value *s = lede_value_get(o->cfg->cfg, "sections");
	const char *pattern = lede_value_str(lede_value_get(s, "path"));
	if (!pattern)
		return;
	const lede_value *names = lede_value_get(s, "list");
	size_t nnames = names && names->type == LEDE_SEQ ? names->u.list.n : 0;
	tag_group *g = NULL;
	size_t ng = 0;
	for (size_t i = 0; i < nnames + n; i++) {
		const char *name =
		    i < nnames ? lede_value_str(names->u.list.items[i]) : list[i - nnames]->section;
		lede_buf slug = LEDE_BUF_INIT;
		if (name)
			lede_slugify(name, strlen(name), &slug);
		if (slug.len) {
			size_t j = 0;
			while (j < ng && strcmp(g[j].slug, slug.data) != 0)
				j++;
			if (j == ng) {
				g = lede_xrealloc(g, (ng + 1) * sizeof *g);
				g[ng] = (tag_group){lede_xstrdup(name), lede_buf_detach(&slug, NULL), NULL, 0};
				g[ng].list = lede_xcalloc(n + 1, sizeof *g[ng].list);
				ng++;
			}
			if (i >= nnames)
				g[j].list[g[j].n++] = list[i - nnames];
		}
		lede_buf_free(&slug);
	}
	if (ng)
		qsort(g, ng, sizeof *g, cmp_tag);
	for (size_t j = 0; j < ng; j++) {
		lede_buf path = LEDE_BUF_INIT;
		for (const char *p = pattern; *p; p++) {
			if (!strncmp(p, "{section}", 9)) {
				lede_buf_puts(&path, g[j].slug);
				p += 8;
			} else {
				lede_buf_putc(&path, *p);
			}
		}
		if (!e->stop)
			write_collection(e, o, g[j].list, g[j].n, oidx, lede_buf_cstr(&path), NULL,
			                 g[j].name);
		lede_buf_free(&path);
		free(g[j].name);
		free(g[j].slug);
		free(g[j].list);
	}
	free(g);
}

static void build_index(lede_engine *e, lede_outlet_rt *o, lede_article **list, size_t n, int oidx)
{
	if (!o->format || !o->format->has[LEDE_HOOK_INDEX])
		return;
	/* A collection-only outlet (a feed: no render hook) with a plain
	 * path writes its collection there. */
	const char *index_path = o->cfg->index_path;
	if (!index_path && !o->format->has[LEDE_HOOK_RENDER] && !strchr(o->cfg->path, '{'))
		index_path = o->cfg->path;
	if (index_path)
		write_collection(e, o, list, n, oidx, index_path, NULL, NULL);
	write_tag_pages(e, o, list, n, oidx);
	write_section_pages(e, o, list, n, oidx);
}

static int cmp_dup(const void *x, const void *y)
{
	const dup *a = x, *b = y;
	int c = strcmp(a->loser, b->loser);
	return c ? c : strcmp(a->file, b->file);
}

void lede_collection_write(lede_engine *e, lede_collection *c)
{
	lede_outlet_rt *o = c->o;
	if (c->ndups)
		qsort(c->dups, c->ndups, sizeof *c->dups, cmp_dup);
	for (size_t i = 0; i < c->ndups; i++)
		lede_reportf(e, false, c->dups[i].loser, 0, 0,
		             "outlet '%s': %s would overwrite the page of %s; give one of them another "
		             "slug (slug: in its front matter)",
		             o->cfg->name, c->dups[i].file, c->dups[i].winner);
	lede_article **list = lede_xcalloc(c->n + 1, sizeof *list);
	size_t count = 0;
	/* An outlet whose entries link to another's pages lists an article
	 * only if its page there exists after this build (written, or kept
	 * from the last good one), or, when that outlet was not built this
	 * time, if the last build published it. */
	const lede_outlet_rt *target = NULL;
	for (size_t k = 0; o->cfg->link_to && k < e->noutlets; k++)
		if (!strcmp(e->outlets[k].cfg->name, o->cfg->link_to))
			target = &e->outlets[k];
	size_t missing = 0;
	for (size_t i = 0; i < c->n; i++) {
		lede_article *rec = c->v[i]->rec;
		if (c->v[i]->dropped || !rec)
			continue;
		if (target && e->state && rec->url) {
			lede_buf f = LEDE_BUF_INIT;
			lede_url_file(rec->url, &f);
			bool there = target->selected ? lede_state_has(e->state, lede_buf_cstr(&f))
			                              : lede_state_had(e->state, lede_buf_cstr(&f));
			lede_buf_free(&f);
			if (!there) {
				missing++;
				continue;
			}
		}
		list[count++] = rec;
	}
	if (missing)
		lede_reportf(e, true, e->cfg->file, o->cfg->line, o->cfg->column,
		             "outlet '%s': %zu article%s left out: %s page in outlet '%s' does not exist "
		             "(%s)",
		             o->cfg->name, missing, missing == 1 ? "" : "s", missing == 1 ? "its" : "their",
		             o->cfg->link_to,
		             target->selected ? "filtered out or failed there"
		                              : "not built by this build, nor by the last one");
	/* `limit`: the newest N, whether published now or kept from the last
	 * good build. */
	if (c->limit && (long long)count > c->limit) {
		qsort(list, count, sizeof *list, cmp_newest);
		count = (size_t)c->limit;
	}
	const char *sort = lede_value_str(lede_value_get(o->cfg->cfg, "sort"));
	qsort(list, count, sizeof *list,
	      !sort || !strcmp(sort, "-date") ? cmp_newest : !strcmp(sort, "date") ? cmp_oldest : cmp_title);
	if (!e->stop) {
		lua_State *L = e->L;
		lede_outlet_push(e, o);
		int errors = e->nerrors;
		build_index(e, o, list, count, lua_gettop(L));
		lua_pop(L, 1);
		/* A format or template that fails keeps the outlet's collections
		 * as the last good build left them: never an empty index. */
		if (e->nerrors > errors && e->state &&
		    lede_state_keep(e->state, o->cfg->name, NULL, NULL))
			lede_reportf(e, true, e->cfg->file, o->cfg->line, o->cfg->column,
			             "outlet '%s': its collections failed; the pages of the last good "
			             "build stay",
			             o->cfg->name);
		/* The records' memory goes with the build, not with this state. */
		for (size_t i = 0; i < count; i++)
			lede_article_detach(L, list[i]);
	}
	free(list);
}
