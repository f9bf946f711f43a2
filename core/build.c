/* build.c: the pipeline. Articles are parsed on worker threads (pure C),
 * then the Lua plugins run on one state: article hooks once per article,
 * then per outlet filter -> copy -> transform + node filters -> render ->
 * write, then each outlet's collections, then finish hooks. */
#include "engine.h"

#include "lua_value.h"
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <lauxlib.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- content discovery ---------------------------------------------------- */

typedef struct {
	char **v;
	size_t n, cap;
} strlist;

static void strlist_add(strlist *l, const char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = lede_xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = lede_xstrdup(s);
}

static void strlist_free(strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct {
	char *path; /* as the site names it: "content/x.md" */
	dev_t dev;
	ino_t ino;
	bool via_link;
} found;

typedef struct {
	lede_engine *e;
	found *v;
	size_t n, cap;
} finds;

static int found_article(void *ud, const char *full, const char *rel, const char *shown,
                         const struct stat *st, bool via_link)
{
	(void)full;
	(void)rel;
	finds *f = ud;
	size_t n = strlen(shown);
	if (n <= 3 || strcmp(shown + n - 3, ".md"))
		return 0;
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 64;
		f->v = lede_xrealloc(f->v, f->cap * sizeof *f->v);
	}
	f->v[f->n++] = (found){lede_xstrdup(shown), st->st_dev, st->st_ino, via_link};
	return 0;
}

static void walk_report(void *ud, bool warning, const char *shown, const char *msg)
{
	lede_reportf(ud, warning, shown, 0, 0, "%s", msg);
}

static void content_report(void *ud, bool warning, const char *shown, const char *msg)
{
	walk_report(((finds *)ud)->e, warning, shown, msg);
}

/* The same file reached twice (a symlink to it or to its folder, a hard
 * link) sorts together, the path without a symlink first, then by path. */
static int cmp_found(const void *x, const void *y)
{
	const found *a = x, *b = y;
	if (a->dev != b->dev)
		return a->dev < b->dev ? -1 : 1;
	if (a->ino != b->ino)
		return a->ino < b->ino ? -1 : 1;
	if (a->via_link != b->via_link)
		return a->via_link ? 1 : -1;
	return strcmp(a->path, b->path);
}

/* Every content/ **.md once, skipping names that start with '.' or '_';
 * symlinks are followed only inside the site folder. */
static void find_articles(lede_engine *e, strlist *out)
{
	finds f = {.e = e};
	lede_walk w = {.site = e->root, .skip = "._", .file = found_article,
	               .report = content_report, .ud = &f};
	lede_buf dir = LEDE_BUF_INIT;
	lede_buf_printf(&dir, "%s/%s", e->root, e->cfg->content_dir);
	lede_walk_tree(&w, lede_buf_cstr(&dir), e->cfg->content_dir);
	lede_buf_free(&dir);
	if (f.n)
		qsort(f.v, f.n, sizeof *f.v, cmp_found);
	for (size_t i = 0; i < f.n; i++) {
		if (i == 0 || f.v[i].dev != f.v[i - 1].dev || f.v[i].ino != f.v[i - 1].ino)
			strlist_add(out, f.v[i].path);
		free(f.v[i].path);
	}
	free(f.v);
}

/* --- parallel loading ----------------------------------------------------- */

typedef struct {
	lede_engine *e;
	strlist *paths;
	lede_article **articles;
	lede_error *errors;
	size_t next; /* guarded by lock */
	pthread_mutex_t lock;
} load_job;

static void *load_worker(void *arg)
{
	load_job *j = arg;
	lede_extract_ctx *x = j->e->extractor ? lede_extract_ctx_new(j->e->extractor) : NULL;
	lede_article_opts o = {
		.default_lang = j->e->cfg->language,
		.markdown = {.allow_raw_html = j->e->cfg->allow_raw_html},
		.extract = x,
	};
	for (;;) {
		pthread_mutex_lock(&j->lock);
		size_t i = j->next++;
		pthread_mutex_unlock(&j->lock);
		if (i >= j->paths->n)
			break;
		j->articles[i] = lede_article_load(j->e->root, j->paths->v[i], &o, &j->errors[i]);
	}
	lede_extract_ctx_free(x);
	return NULL;
}

static void load_all(lede_engine *e, strlist *paths, lede_article **articles)
{
	load_job j = {.e = e, .paths = paths, .articles = articles};
	j.errors = lede_xcalloc(paths->n ? paths->n : 1, sizeof *j.errors);
	pthread_mutex_init(&j.lock, NULL);
	int n = e->jobs > 0 ? e->jobs : 1;
	if ((size_t)n > paths->n)
		n = paths->n ? (int)paths->n : 1;
	pthread_t *t = lede_xcalloc((size_t)n, sizeof *t);
	int started = 0;
	for (int i = 1; i < n; i++)
		if (pthread_create(&t[i], NULL, load_worker, &j) == 0)
			started = i;
		else
			break;
	load_worker(&j);
	for (int i = 1; i <= started; i++)
		pthread_join(t[i], NULL);
	free(t);
	pthread_mutex_destroy(&j.lock);
	/* Report in path order, whatever order the threads finished in. */
	for (size_t i = 0; i < paths->n; i++) {
		if (!articles[i])
			lede_report(e, &j.errors[i], false);
		else
			for (size_t w = 0; w < articles[i]->extraction.nwarnings; w++)
				lede_reportf(e, true, articles[i]->path, 0, 0, "%s",
				             articles[i]->extraction.warnings[w]);
	}
	free(j.errors);
}

/* --- outlets -------------------------------------------------------------- */

/* Expands an outlet path pattern for article a. */
static void expand_path(const char *pat, const lede_article *a, const char *tag, lede_buf *out)
{
	for (const char *p = pat; *p; p++) {
		if (*p != '{') {
			lede_buf_putc(out, *p);
			continue;
		}
		const char *end = strchr(p, '}');
		if (!end) {
			lede_buf_puts(out, p);
			break;
		}
		size_t n = (size_t)(end - p - 1);
		const char *k = p + 1;
		char num[16];
		const char *v = NULL;
		bool slugify = false;
		if (n == 4 && !memcmp(k, "lang", 4))
			v = a->lang;
		else if (n == 7 && !memcmp(k, "section", 7))
			v = a->section ? a->section : "", slugify = true;
		else if (n == 4 && !memcmp(k, "slug", 4))
			v = a->slug;
		else if (n == 3 && !memcmp(k, "tag", 3))
			v = tag ? tag : "", slugify = true;
		else if (n == 4 && !memcmp(k, "year", 4))
			snprintf(num, sizeof num, "%04d", a->date.year), v = num;
		else if (n == 5 && !memcmp(k, "month", 5))
			snprintf(num, sizeof num, "%02d", a->date.month), v = num;
		else if (n == 3 && !memcmp(k, "day", 3))
			snprintf(num, sizeof num, "%02d", a->date.day), v = num;
		if (v && slugify)
			lede_slugify(v, strlen(v), out);
		else if (v)
			lede_buf_puts(out, v);
		p = end;
	}
	/* An empty {section} must not leave "//" or a leading "/". */
	size_t w = 0;
	for (size_t r = 0; r < out->len; r++) {
		if (out->data[r] == '/' && (w == 0 || out->data[w - 1] == '/'))
			continue;
		out->data[w++] = out->data[r];
	}
	out->len = w;
	if (out->data)
		out->data[w] = '\0';
}

/* The file a URL path is written to. */
static void url_file(const char *url, lede_buf *out)
{
	lede_buf_puts(out, url);
	if (!url[0] || url[strlen(url) - 1] == '/')
		lede_buf_puts(out, "index.html");
}

static bool valid_path_pattern(const char *p)
{
	static const char *const known[] = {"lang", "section", "slug", "tag", "year", "month", "day"};
	for (const char *s = strchr(p, '{'); s; s = strchr(s + 1, '{')) {
		const char *e = strchr(s, '}');
		if (!e)
			return false;
		bool ok = false;
		for (size_t i = 0; i < sizeof known / sizeof *known; i++)
			if ((size_t)(e - s - 1) == strlen(known[i]) && !memcmp(s + 1, known[i], strlen(known[i])))
				ok = true;
		if (!ok)
			return false;
	}
	return true;
}

/* Pushes the site table: the config's site mapping with defaults filled. */
void lede_site_push(lede_engine *e, const lede_value *override)
{
	lua_State *L = e->L;
	if (e->cfg->site)
		lede_value_push(L, e->cfg->site);
	else
		lua_newtable(L);
	if (override && override->type == LEDE_MAP)
		for (size_t i = 0; i < override->u.list.n; i++) {
			lede_value_push(L, override->u.list.items[i]);
			lua_setfield(L, -2, override->u.list.keys[i]);
		}
	static const char *const defaults[][2] = {{"title", ""}, {"base_url", ""}, {"language", "en"}};
	for (size_t i = 0; i < 3; i++) {
		if (lua_getfield(L, -1, defaults[i][0]) == LUA_TNIL) {
			lua_pushstring(L, i == 2 ? e->cfg->language : defaults[i][1]);
			lua_setfield(L, -3, defaults[i][0]);
		}
		lua_pop(L, 1);
	}
	lede_date_push(L, &e->now);
	lua_setfield(L, -2, "now");
	lua_pushstring(L, LEDE_VERSION_STRING);
	lua_setfield(L, -2, "generator");
}

void lede_outlet_push(lede_engine *e, const lede_outlet_rt *o)
{
	lua_State *L = e->L;
	lua_newtable(L);
	lua_pushstring(L, o->cfg->name);
	lua_setfield(L, -2, "name");
	lua_pushstring(L, o->cfg->format);
	lua_setfield(L, -2, "format");
	lua_pushstring(L, o->cfg->path);
	lua_setfield(L, -2, "path");
	if (o->cfg->template) {
		lua_pushstring(L, o->cfg->template);
		lua_setfield(L, -2, "template");
	}
	lede_value_push(L, o->cfg->cfg);
	lua_setfield(L, -2, "config");
	/* The outlets whose entries link here (feeds of a web outlet), so
	 * pages can announce them. */
	lua_newtable(L);
	lua_Integer k = 1;
	for (size_t i = 0; i < e->cfg->noutlets; i++) {
		const lede_outlet *x = &e->cfg->outlets[i];
		if (!x->link_to || strcmp(x->link_to, o->cfg->name) != 0)
			continue;
		lua_createtable(L, 0, 3);
		lua_pushstring(L, x->name);
		lua_setfield(L, -2, "name");
		lua_pushstring(L, x->format);
		lua_setfield(L, -2, "format");
		lua_pushstring(L, x->index_path ? x->index_path : x->path);
		lua_setfield(L, -2, "path");
		lua_rawseti(L, -2, k++);
	}
	lua_setfield(L, -2, "linked");
	lede_site_push(e, lede_value_get(o->cfg->cfg, "site"));
	lua_setfield(L, -2, "site");
}

/* Where a plugin is listed decides which of its hooks ever run. A hook
 * that never runs where it is listed (an embargo plugin's `article` hook
 * under an outlet, say) would fail silently, so it fails the load. */
enum placement { PLACE_GLOBAL, PLACE_OUTLET, PLACE_FORMAT };

static bool check_placement(lede_engine *e, const lede_plugin *p, enum placement where,
                            const char *outlet, int line, int col)
{
	static const bool runs[3][LEDE_HOOK__COUNT] = {
		[PLACE_GLOBAL] = {[LEDE_HOOK_SETUP] = true, [LEDE_HOOK_ARTICLE] = true,
		                  [LEDE_HOOK_FILTER] = true, [LEDE_HOOK_TRANSFORM] = true,
		                  [LEDE_HOOK_NODES] = true, [LEDE_HOOK_FINISH] = true},
		[PLACE_OUTLET] = {[LEDE_HOOK_SETUP] = true, [LEDE_HOOK_FILTER] = true,
		                  [LEDE_HOOK_TRANSFORM] = true, [LEDE_HOOK_NODES] = true,
		                  [LEDE_HOOK_FINISH] = true},
		[PLACE_FORMAT] = {[LEDE_HOOK_SETUP] = true, [LEDE_HOOK_RENDER] = true,
		                  [LEDE_HOOK_INDEX] = true, [LEDE_HOOK_FINISH] = true},
	};
	bool ok = true;
	for (int h = 0; h < LEDE_HOOK__COUNT; h++) {
		if (!p->has[h] || runs[where][h])
			continue;
		/* The same file also listed at the top level runs its article
		 * hook there: one file may serve both places. */
		bool global_too = false;
		for (size_t i = 0; i < e->nglobal && where == PLACE_OUTLET; i++)
			if (!strcmp(e->global[i]->chunk, p->chunk))
				global_too = true;
		if (global_too && h == LEDE_HOOK_ARTICLE)
			continue;
		ok = false;
		const char *name = lede_hook_names[h];
		if (where == PLACE_OUTLET && h == LEDE_HOOK_ARTICLE)
			lede_reportf(e, false, e->cfg->file, line, col,
			             "plugin '%s' (%s) has an 'article' hook, which never runs for a "
			             "plugin listed under outlet '%s'; list it under the top-level "
			             "'plugins:' to run it on every article, or use 'filter' or "
			             "'transform' for this outlet",
			             p->name, p->chunk, outlet);
		else if (where == PLACE_FORMAT)
			lede_reportf(e, false, e->cfg->file, line, col,
			             "format '%s' (%s) has a '%s' hook, which never runs in a format; "
			             "put it in a plugin listed under the outlet's 'plugins:'",
			             p->name, p->chunk, name);
		else
			lede_reportf(e, false, e->cfg->file, line, col,
			             "plugin '%s' (%s) has a '%s' hook, which runs only in a format "
			             "(plugins/formats/NAME.lua, named by an outlet's 'format:'); move it "
			             "to a format",
			             p->name, p->chunk, name);
	}
	return ok;
}

static bool load_plugins(lede_engine *e)
{
	size_t before = (size_t)e->nerrors;
	lede_config *c = e->cfg;
	e->global = lede_xcalloc(c->nplugins + 1, sizeof *e->global);
	for (size_t i = 0; i < c->nplugins; i++) {
		lede_plugin *p = c->plugins[i].sandbox
		                     ? lede_plugin_load_sandboxed(e, &c->plugins[i])
		                     : lede_plugin_load(e, c->plugins[i].name, false, c->plugins[i].line,
		                                        c->plugins[i].column);
		if (p && check_placement(e, p, PLACE_GLOBAL, NULL, c->plugins[i].line,
		                         c->plugins[i].column)) {
			p->options = c->plugins[i].options;
			e->global[e->nglobal++] = p;
		}
	}
	e->outlets = lede_xcalloc(c->noutlets + 1, sizeof *e->outlets);
	e->noutlets = c->noutlets;
	for (size_t i = 0; i < c->noutlets; i++) {
		lede_outlet_rt *o = &e->outlets[i];
		o->cfg = &c->outlets[i];
		o->selected = !e->nonly;
		for (size_t k = 0; k < e->nonly; k++)
			if (!strcmp(e->only[k], o->cfg->name))
				o->selected = true;
		if (!o->selected)
			continue;
		if (!valid_path_pattern(o->cfg->path))
			lede_reportf(e, false, c->file, o->cfg->line, o->cfg->column,
			             "outlet '%s': bad path pattern '%s'; use {lang} {section} {slug} "
			             "{year} {month} {day} {tag}",
			             o->cfg->name, o->cfg->path);
		/* One format instance per format name. */
		for (size_t j = 0; j < i && !o->format; j++)
			if (!strcmp(e->outlets[j].cfg->format, o->cfg->format))
				o->format = e->outlets[j].format;
		if (!o->format) {
			const lede_value *fv = lede_value_get(o->cfg->cfg, "format");
			o->format = lede_plugin_load(e, o->cfg->format, true, fv ? fv->line : o->cfg->line,
			                             fv ? fv->column : o->cfg->column);
			if (o->format && !check_placement(e, o->format, PLACE_FORMAT, o->cfg->name,
			                                  fv ? fv->line : o->cfg->line,
			                                  fv ? fv->column : o->cfg->column))
				o->format = NULL;
		}
		o->plugins = lede_xcalloc(e->nglobal + o->cfg->nplugins + 1, sizeof *o->plugins);
		for (size_t j = 0; j < e->nglobal; j++)
			o->plugins[o->nplugins++] = e->global[j];
		for (size_t j = 0; j < o->cfg->nplugins; j++) {
			const lede_plugin_spec *s = &o->cfg->plugins[j];
			lede_plugin *p = s->sandbox ? lede_plugin_load_sandboxed(e, s)
			                            : lede_plugin_load(e, s->name, false, s->line, s->column);
			if (p && check_placement(e, p, PLACE_OUTLET, o->cfg->name, s->line, s->column)) {
				p->options = s->options;
				o->plugins[o->nplugins++] = p;
			}
		}
	}
	return (size_t)e->nerrors == before;
}

/* setup(site, opts) for every instance, in load order. */
static void setup_plugins(lede_engine *e)
{
	lua_State *L = e->L;
	for (size_t i = 0; i < e->nplugins && !e->stop; i++) {
		lede_plugin *p = e->plugins[i];
		if (!p->has[LEDE_HOOK_SETUP])
			continue;
		const lede_value *opts = p->options;
		lede_plugin_push_hook(e, p, LEDE_HOOK_SETUP);
		lede_site_push(e, NULL);
		if (opts)
			lede_value_push(L, opts);
		else
			lua_newtable(L);
		if (lede_lua_call(e, 2, 0, p, "setup", NULL) != 0)
			p->failed = true;
	}
}

/* Runs hook h of every plugin of the list on the article at idx (and the
 * outlet at oidx, 0 for none). Returns 1 kept, 0 dropped by a plugin
 * returning false, -1 error. */
static int run_article_hooks(lede_engine *e, lede_plugin **ps, size_t n, enum lede_hook h,
                             lede_article *a, int idx, int oidx)
{
	lua_State *L = e->L;
	for (size_t i = 0; i < n; i++) {
		lede_plugin *p = ps[i];
		if (p->failed || !p->has[h])
			continue;
		if (h == LEDE_HOOK_NODES) {
			if (lede_node_filters(e, p, a, idx, oidx) != 0)
				return -1;
			continue;
		}
		lede_plugin_push_hook(e, p, h);
		lua_pushvalue(L, idx);
		int nargs = 1;
		if (oidx) {
			lua_pushvalue(L, oidx);
			nargs++;
		}
		if (lede_lua_call(e, nargs, 1, p, lede_hook_names[h], a) != 0)
			return -1;
		bool drop = lua_type(L, -1) == LUA_TBOOLEAN && !lua_toboolean(L, -1);
		lua_pop(L, 1);
		if (drop)
			return 0;
	}
	return 1;
}

/* Whether s is v, or in v when v is a list. */
static bool value_has(const lede_value *v, const char *s)
{
	if (!v || !s)
		return false;
	if (v->type == LEDE_STRING)
		return !strcmp(v->u.str.s, s);
	for (size_t i = 0; v->type == LEDE_SEQ && i < v->u.list.n; i++) {
		const char *x = lede_value_str(v->u.list.items[i]);
		if (x && !strcmp(x, s))
			return true;
	}
	return false;
}

/* How many of want's strings are in the article's live list (a.tags,
 * a.authors: article hooks may have changed them). */
static size_t count_in(lede_engine *e, lede_article *a, const char *field, const lede_value *want,
                       size_t *nwant)
{
	lua_State *L = e->L;
	size_t hits = 0;
	*nwant = 0;
	if (!want)
		return 0;
	lede_article_push_field(L, a, field);
	size_t n = want->type == LEDE_SEQ ? want->u.list.n : 1;
	for (size_t i = 0; i < n; i++) {
		const char *w = want->type == LEDE_SEQ ? lede_value_str(want->u.list.items[i])
		                                       : lede_value_str(want);
		if (!w)
			continue;
		(*nwant)++;
		lua_Integer len = lua_istable(L, -1) ? (lua_Integer)lua_rawlen(L, -1) : 0;
		for (lua_Integer k = 1; k <= len; k++) {
			lua_rawgeti(L, -1, k);
			const char *have = lua_tostring(L, -1);
			bool same = have && !strcmp(have, w);
			lua_pop(L, 1);
			if (same) {
				hits++;
				break;
			}
		}
	}
	lua_pop(L, 1);
	return hits;
}

/* The outlet's declarative filter: drafts, the article's own outlets:
 * list, and filter: {tags, section, lang, authors, from, until, drafts,
 * lua}. Returns 1 accepted, 0 not, -1 the lua predicate failed. */
static int outlet_accepts(lede_engine *e, const lede_outlet_rt *o, lede_article *a)
{
	const lede_value *f = lede_value_get(o->cfg->cfg, "filter");
	const lede_value *fd = lede_value_get(f, "drafts");
	bool drafts = o->cfg->drafts || e->drafts || (fd && fd->type == LEDE_BOOL && fd->u.b);
	if (a->draft && !drafts)
		return 0;
	const lede_value *only = lede_value_get(a->meta, "outlets");
	if (only && (only->type == LEDE_SEQ || only->type == LEDE_STRING) &&
	    !value_has(only, o->cfg->name))
		return 0;
	if (!f || f->type != LEDE_MAP)
		return 1;
	const lede_value *v;
	if ((v = lede_value_get(f, "lang")) && !value_has(v, a->lang))
		return 0;
	if ((v = lede_value_get(f, "section")) && !value_has(v, a->section))
		return 0;
	size_t nwant;
	const lede_value *tags = lede_value_get(f, "tags");
	if (tags && tags->type == LEDE_MAP) {
		const lede_value *any = lede_value_get(tags, "any"), *all = lede_value_get(tags, "all");
		if (any && !count_in(e, a, "tags", any, &nwant) && nwant)
			return 0;
		if (all && count_in(e, a, "tags", all, &nwant) < nwant)
			return 0;
	} else if (tags && !count_in(e, a, "tags", tags, &nwant) && nwant) {
		return 0;
	}
	if ((v = lede_value_get(f, "authors")) && !count_in(e, a, "authors", v, &nwant) && nwant)
		return 0;
	if ((v = lede_value_get(f, "from")) && v->type == LEDE_TIMESTAMP &&
	    lede_date_compare(&a->date, &v->u.ts) < 0)
		return 0;
	if ((v = lede_value_get(f, "until")) && v->type == LEDE_TIMESTAMP) {
		/* A date alone includes its whole day. */
		lede_date end = v->u.ts;
		if (!end.has_time)
			end = lede_date_from_epoch(lede_date_epoch(&end) + 86399, 0);
		if (lede_date_compare(&a->date, &end) > 0)
			return 0;
	}
	if (o->filter_ref) {
		lua_State *L = e->L;
		lua_rawgeti(L, LUA_REGISTRYINDEX, o->filter_ref);
		lede_article_push(L, a);
		lede_outlet_push(e, o);
		if (lede_lua_call(e, 2, 1, NULL, "filter", a) != 0)
			return -1;
		bool keep = lua_toboolean(L, -1);
		lua_pop(L, 1);
		return keep;
	}
	return 1;
}

/* filter: {lua: EXPR} becomes function(a, outlet) return (EXPR) end,
 * compiled once with the config file and line as its chunk name. */
static int compile_predicate(lede_engine *e, lede_outlet_rt *o)
{
	const lede_value *v = lede_value_get(lede_value_get(o->cfg->cfg, "filter"), "lua");
	if (!v || v->type != LEDE_STRING)
		return 0;
	lua_State *L = e->L;
	lede_buf src = LEDE_BUF_INIT, name = LEDE_BUF_INIT;
	lede_buf_printf(&src, "return function(a, outlet) return (%s) end", v->u.str.s);
	lede_buf_printf(&name, "=%s:%d: outlet '%s' filter.lua", e->cfg->file, v->line, o->cfg->name);
	int rc = luaL_loadbufferx(L, src.data, src.len, name.data, "t");
	lede_buf_free(&src);
	lede_buf_free(&name);
	if (rc != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK) {
		lede_reportf(e, false, e->cfg->file, v->line, v->column,
		             "outlet '%s': bad filter.lua expression: %s", o->cfg->name,
		             lua_tostring(L, -1));
		lua_pop(L, 1);
		return -1;
	}
	o->filter_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	return 0;
}

/* The files one outlet has written, so two articles with the same path
 * (the same slug in the same section) are an error, not a silent
 * overwrite. Open addressing on FNV-1a hashes; owned by build_outlet. */
typedef struct {
	char **keys;
	const char **owners; /* the article path that wrote it, or NULL */
	size_t cap, n;
} fileset;

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Adds key; returns NULL, or the owner that already wrote it (or "" for a
 * collection page). */
static const char *fileset_add(fileset *f, const char *key, const char *owner)
{
	if (f->n * 2 >= f->cap) {
		fileset g = {lede_xcalloc(f->cap ? f->cap * 2 : 64, sizeof *g.keys),
		             lede_xcalloc(f->cap ? f->cap * 2 : 64, sizeof *g.owners),
		             f->cap ? f->cap * 2 : 64, 0};
		for (size_t i = 0; i < f->cap; i++)
			if (f->keys[i]) {
				size_t j = fnv(f->keys[i]) & (g.cap - 1);
				while (g.keys[j])
					j = (j + 1) & (g.cap - 1);
				g.keys[j] = f->keys[i];
				g.owners[j] = f->owners[i];
				g.n++;
			}
		free(f->keys);
		free(f->owners);
		*f = g;
	}
	size_t j = fnv(key) & (f->cap - 1);
	while (f->keys[j]) {
		if (!strcmp(f->keys[j], key))
			return f->owners[j] ? f->owners[j] : "";
		j = (j + 1) & (f->cap - 1);
	}
	f->keys[j] = lede_xstrdup(key);
	f->owners[j] = owner;
	f->n++;
	return NULL;
}

static void fileset_free(fileset *f)
{
	for (size_t i = 0; i < f->cap; i++)
		free(f->keys[i]);
	free(f->keys);
	free(f->owners);
	memset(f, 0, sizeof *f);
}

static int write_out(lede_engine *e, const char *rel, const char *data, size_t n)
{
	if (e->check_only) {
		e->nwritten++; /* counted as checked */
		return 0;
	}
	lede_error err;
	lede_error_clear(&err);
	if (lede_write_file(e->outdir, rel, data, n, &err) != 0) {
		lede_report(e, &err, false);
		return -1;
	}
	e->nwritten++;
	return 0;
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

/* Writes the pages of one collection: list[0..n) split by per_page, each
 * page rendered by the format's index hook. index_path is a file path or a
 * folder ending in '/'; tag is NULL for the outlet's main index. */
static void write_collection(lede_engine *e, lede_outlet_rt *o, lede_article **list, size_t n,
                             int oidx, const char *index_path, const char *tag)
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
				write_out(e, lede_buf_cstr(&b), s, len);
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
	lua_State *L = e->L;
	tag_group *g = NULL;
	size_t ng = 0;
	for (size_t i = 0; i < n; i++) {
		lede_article_push_field(L, list[i], "tags");
		lua_Integer len = lua_istable(L, -1) ? (lua_Integer)lua_rawlen(L, -1) : 0;
		for (lua_Integer k = 1; k <= len; k++) {
			lua_rawgeti(L, -1, k);
			const char *name = lua_tostring(L, -1);
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
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
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
			write_collection(e, o, g[j].list, g[j].n, oidx, lede_buf_cstr(&path), g[j].name);
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
		write_collection(e, o, list, n, oidx, index_path, NULL);
	write_tag_pages(e, o, list, n, oidx);
}

int lede_outlet_article(lede_engine *e, lede_outlet_rt *o, lede_article *src, int oidx,
                        lede_article **copy, lede_buf *rendered, bool *has_output)
{
	lua_State *L = e->L;
	int top = lua_gettop(L);
	*copy = NULL;
	*has_output = false;
	int accepted = outlet_accepts(e, o, src);
	if (accepted <= 0)
		return accepted;
	lede_article_push(L, src);
	e->cur_article = src;
	int keep = run_article_hooks(e, o->plugins, o->nplugins, LEDE_HOOK_FILTER, src, lua_gettop(L),
	                             oidx);
	e->cur_article = NULL;
	lua_settop(L, top);
	if (keep <= 0)
		return keep;

	lede_article *a = lede_article_copy(src, o->cfg->name);
	lede_buf url = LEDE_BUF_INIT;
	expand_path(o->cfg->path, a, NULL, &url);
	a->file = lede_arena_strndup(a->arena, lede_buf_cstr(&url), url.len);
	/* A feed's entries link to another outlet's pages. */
	const lede_outlet *linked = o->cfg->link_to ? lede_config_outlet(e->cfg, o->cfg->link_to) : NULL;
	if (linked) {
		lede_buf_reset(&url);
		expand_path(linked->path, a, NULL, &url);
	}
	a->url = lede_arena_strndup(a->arena, lede_buf_cstr(&url), url.len);
	lede_buf_free(&url);
	lede_article_copy_lua(L, src, a);
	lede_article_push(L, a);
	int aidx = lua_gettop(L);
	e->cur_article = a;
	int ok = run_article_hooks(e, o->plugins, o->nplugins, LEDE_HOOK_TRANSFORM, a, aidx, oidx);
	if (ok > 0)
		ok = run_article_hooks(e, o->plugins, o->nplugins, LEDE_HOOK_NODES, a, aidx, oidx);
	if (ok > 0 && o->format && !o->format->failed && o->format->has[LEDE_HOOK_RENDER]) {
		lede_plugin_push_hook(e, o->format, LEDE_HOOK_RENDER);
		lua_pushvalue(L, aidx);
		lua_pushvalue(L, oidx);
		if (lede_lua_call(e, 2, 1, o->format, "render", a) != 0) {
			ok = -1;
		} else if (lua_type(L, -1) == LUA_TSTRING) {
			size_t len;
			const char *s = lua_tolstring(L, -1, &len);
			lede_buf_put(rendered, s, len);
			*has_output = true;
		} else if (!lua_isnil(L, -1)) {
			lede_reportf(e, false, o->format->chunk, 0, 0,
			             "hook 'render' must return a string or nil, not a %s (for %s)",
			             luaL_typename(L, -1), a->path);
			ok = -1;
		}
	}
	e->cur_article = NULL;
	lua_settop(L, top);
	if (ok <= 0) {
		lede_article_release(L, a);
		return ok;
	}
	*copy = a;
	return 1;
}

lede_outlet_rt *lede_outlet_check(lua_State *L, lede_engine *e, int i)
{
	const char *name = luaL_checkstring(L, i);
	for (size_t k = 0; k < e->noutlets; k++)
		if (!strcmp(e->outlets[k].cfg->name, name))
			return &e->outlets[k];
	luaL_error(L, "no outlet '%s' in %s", name, e->cfg->file);
	return NULL;
}

int lede_render_push(lede_engine *e, lede_outlet_rt *o, lede_article *a)
{
	lua_State *L = e->L;
	lede_outlet_push(e, o);
	int oidx = lua_gettop(L);
	lede_article *copy;
	lede_buf *out = lede_buf_box(L);
	bool has;
	lede_buf_reset(&e->last_error);
	int rc = lede_outlet_article(e, o, a, oidx, &copy, out, &has);
	if (rc <= 0) {
		lua_pushnil(L);
		if (rc == 0)
			lua_pushliteral(L, "filtered out");
		else if (e->capture)
			lua_pushlstring(L, lede_buf_cstr(&e->last_error), e->last_error.len);
		else
			lua_pushliteral(L, "failed (see the error above)");
		return 2;
	}
	if (has)
		lua_pushlstring(L, lede_buf_cstr(out), out->len);
	else
		lua_pushnil(L);
	lua_pushstring(L, copy->url);
	lede_article_release(L, copy);
	return 2;
}

static void build_outlet(lede_engine *e, lede_outlet_rt *o, lede_article **arts, size_t n)
{
	lua_State *L = e->L;
	lede_outlet_push(e, o);
	int oidx = lua_gettop(L);
	lede_article **list = lede_xcalloc(n + 1, sizeof *list);
	size_t count = 0;
	const lede_value *limit = lede_value_get(o->cfg->cfg, "limit");
	lede_buf out = LEDE_BUF_INIT;
	fileset written = {0};
	/* Newest first, so `limit` keeps the newest articles. */
	lede_article **order = lede_xcalloc(n + 1, sizeof *order);
	size_t norder = 0;
	for (size_t i = 0; i < n; i++)
		if (arts[i])
			order[norder++] = arts[i];
	qsort(order, norder, sizeof *order, cmp_newest);
	arts = order;
	n = norder;
	for (size_t i = 0; i < n && !e->stop; i++) {
		if (!arts[i])
			continue;
		if (limit && limit->type == LEDE_INT && (long long)count >= limit->u.i)
			break;
		lede_article *a;
		bool has_output;
		lede_buf_reset(&out);
		if (lede_outlet_article(e, o, arts[i], oidx, &a, &out, &has_output) <= 0)
			continue;
		if (has_output) {
			lede_buf file = LEDE_BUF_INIT;
			url_file(a->file, &file);
			const char *first = fileset_add(&written, lede_buf_cstr(&file), arts[i]->path);
			int rc;
			if (first) {
				lede_reportf(e, false, arts[i]->path, 0, 0,
				             "outlet '%s': %s would overwrite the page of %s; give one of "
				             "them another slug (slug: in its front matter)",
				             o->cfg->name, lede_buf_cstr(&file), first);
				rc = -1;
			} else {
				rc = write_out(e, lede_buf_cstr(&file), lede_buf_cstr(&out), out.len);
			}
			lede_buf_free(&file);
			if (rc != 0) {
				lede_article_release(L, a);
				continue;
			}
		}
		list[count++] = a;
	}
	lede_buf_free(&out);
	fileset_free(&written);
	free(order);
	const char *sort = lede_value_str(lede_value_get(o->cfg->cfg, "sort"));
	qsort(list, count, sizeof *list,
	      !sort || !strcmp(sort, "-date") ? cmp_newest : !strcmp(sort, "date") ? cmp_oldest : cmp_title);
	build_index(e, o, list, count, oidx);
	for (size_t i = 0; i < count; i++)
		lede_article_release(L, list[i]);
	free(list);
	lua_settop(L, oidx - 1);
}

int lede_engine_prepare(lede_engine *e)
{
	if (!load_plugins(e))
		return -1;
	for (size_t i = 0; i < e->noutlets; i++)
		if (e->outlets[i].selected && compile_predicate(e, &e->outlets[i]) != 0)
			return -1;
	setup_plugins(e);
	for (size_t i = 0; i < e->nplugins; i++)
		if (e->plugins[i]->failed)
			return -1;
	return 0;
}

/* Front matter `outlets:` names outlets of lede.yaml; a name that is none
 * of them (a typo, or a key that meant something else) would silently keep
 * the article from that outlet, so it is a warning with the nearest name. */
static void check_article_outlets(lede_engine *e, const lede_article *a)
{
	const lede_value *only = lede_value_get(a->meta, "outlets");
	if (!only)
		return;
	const char **names = lede_xcalloc(e->cfg->noutlets + 1, sizeof *names);
	for (size_t i = 0; i < e->cfg->noutlets; i++)
		names[i] = e->cfg->outlets[i].name;
	size_t n = only->type == LEDE_SEQ ? only->u.list.n : 1;
	for (size_t i = 0; i < n; i++) {
		const lede_value *v = only->type == LEDE_SEQ ? only->u.list.items[i] : only;
		const char *s = lede_value_str(v);
		if (s && lede_config_outlet(e->cfg, s))
			continue;
		const char *near = s ? lede_nearest(s, names, e->cfg->noutlets) : NULL;
		if (s)
			lede_reportf(e, true, a->path, v->line, v->column,
			             "'outlets' names '%s', which is no outlet of %s%s%s%s; the article "
			             "goes only to the outlets it names",
			             s, e->cfg->file, near ? " (did you mean '" : "", near ? near : "",
			             near ? "'?)" : "");
		else
			lede_reportf(e, true, a->path, v->line, v->column,
			             "'outlets' must list outlet names, not %s",
			             lede_value_type_name(v->type));
	}
	free(names);
}

/* A content folder that is not there is a configuration error, not an empty
 * site: publishing zero articles would empty every index and feed. */
static bool content_dir_exists(lede_engine *e)
{
	lede_buf path = LEDE_BUF_INIT;
	lede_buf_printf(&path, "%s/%s", e->root, e->cfg->content_dir);
	struct stat st;
	bool ok = stat(lede_buf_cstr(&path), &st) == 0 && S_ISDIR(st.st_mode);
	lede_buf_free(&path);
	if (ok)
		return true;
	/* Suggest the nearest folder of the site. */
	const char *names[64];
	char *owned[64];
	size_t n = 0;
	DIR *d = opendir(e->root);
	struct dirent *ent;
	while (d && (ent = readdir(d)) && n < 64) {
		if (ent->d_name[0] == '.')
			continue;
		lede_buf sub = LEDE_BUF_INIT;
		lede_buf_printf(&sub, "%s/%s", e->root, ent->d_name);
		if (stat(lede_buf_cstr(&sub), &st) == 0 && S_ISDIR(st.st_mode)) {
			owned[n] = lede_xstrdup(ent->d_name);
			names[n] = owned[n];
			n++;
		}
		lede_buf_free(&sub);
	}
	if (d)
		closedir(d);
	const char *near = lede_nearest(e->cfg->content_dir, names, n);
	const lede_value *v = lede_value_get(e->cfg->root, "content");
	lede_reportf(e, false, e->cfg->file, v ? v->line : 0, v ? v->column : 0,
	             "the content folder '%s' does not exist%s%s%s; set 'content:' to the folder "
	             "that holds the articles",
	             e->cfg->content_dir, near ? " (did you mean '" : "", near ? near : "",
	             near ? "'?)" : "");
	for (size_t i = 0; i < n; i++)
		free(owned[i]);
	return false;
}

int lede_engine_load(lede_engine *e)
{
	/* A missing content folder stops the build, after the plugins are
	 * loaded so that their errors are reported in the same run. */
	bool no_content = !content_dir_exists(e);
	strlist paths = {0};
	if (!no_content)
		find_articles(e, &paths);
	if (paths.n)
		qsort(paths.v, paths.n, sizeof *paths.v, cmp_str);
	lede_article **arts = lede_xcalloc(paths.n + 1, sizeof *arts);
	load_all(e, &paths, arts);
	strlist_free(&paths);
	e->arts = arts;
	e->narts = paths.n;
	for (size_t i = 0; i < e->narts; i++)
		if (arts[i])
			check_article_outlets(e, arts[i]);
	if (e->strict && e->nerrors)
		e->stop = true;

	lua_State *L = e->L;
	/* A plugin that cannot load or set up stops the build: publishing
	 * without it (a filter that holds back embargoed news, say) could put
	 * out what should not be. */
	if (!e->stop && lede_engine_prepare(e) != 0) {
		fprintf(stderr, "lede: a plugin failed to load or set up; nothing was published\n");
		e->stop = true;
		e->config_error = true;
		return -1;
	}
	if (no_content) {
		e->stop = true;
		e->config_error = true;
		return -1;
	}

	/* article hooks, once per article */
	for (size_t i = 0; i < e->narts && !e->stop; i++) {
		if (!arts[i])
			continue;
		arts[i]->index = (int)i;
		lede_article_push(L, arts[i]);
		e->cur_article = arts[i];
		int keep = run_article_hooks(e, e->global, e->nglobal, LEDE_HOOK_ARTICLE, arts[i],
		                             lua_gettop(L), 0);
		e->cur_article = NULL;
		lua_pop(L, 1);
		if (keep <= 0) {
			lede_article_release(L, arts[i]);
			arts[i] = NULL;
		}
	}
	return e->stop ? -1 : 0;
}

void lede_engine_copy_static(lede_engine *e)
{
	if (e->check_only || e->stop || e->static_copied)
		return;
	e->static_copied = true;
	int copied = 0;
	/* A build killed mid-write left temporary files; they are lede's own. */
	int removed = 0;
	if (lede_clean_temp(e->outdir, &removed) != 0)
		lede_reportf(e, true, e->outdir, 0, 0,
		             "cannot remove every leftover temporary file (.NAME.tmp-XXXXXX) of an "
		             "interrupted build; remove them by hand");
	lede_buf site_static = LEDE_BUF_INIT, bundled_static = LEDE_BUF_INIT;
	lede_buf_printf(&bundled_static, "%s/static", e->bundled);
	lede_buf_printf(&site_static, "%s/%s", e->root, e->cfg->static_dir);
	/* lede's own static files come from its install; the site's may hold
	 * symlinks, followed only inside the site folder. */
	lede_copy_tree(bundled_static.data, "[lede]/static", e->outdir, NULL, walk_report, e, &copied);
	lede_copy_tree(site_static.data, e->cfg->static_dir, e->outdir, e->root, walk_report, e,
	               &copied);
	lede_buf_free(&site_static);
	lede_buf_free(&bundled_static);
	e->nwritten += copied;
}

void lede_engine_publish(lede_engine *e, lede_outlet_rt *o)
{
	if (!e->stop)
		build_outlet(e, o, e->arts, e->narts);
}

void lede_engine_finish(lede_engine *e)
{
	for (size_t i = 0; i < e->nplugins && !e->stop; i++) {
		lede_plugin *p = e->plugins[i];
		if (p->failed || !p->has[LEDE_HOOK_FINISH])
			continue;
		lede_plugin_push_hook(e, p, LEDE_HOOK_FINISH);
		lede_site_push(e, NULL);
		lede_lua_call(e, 1, 0, p, "finish", NULL);
	}
}

void lede_engine_release(lede_engine *e)
{
	for (size_t i = 0; i < e->narts; i++)
		if (e->arts[i])
			lede_article_release(e->L, e->arts[i]);
	free(e->arts);
	e->arts = NULL;
	e->narts = 0;
}

int lede_engine_build(lede_engine *e)
{
	lede_engine_load(e);
	lede_engine_copy_static(e);
	for (size_t o = 0; o < e->noutlets && !e->stop; o++)
		if (e->outlets[o].selected)
			lede_engine_publish(e, &e->outlets[o]);
	lede_engine_finish(e);
	size_t ok = 0;
	for (size_t i = 0; i < e->narts; i++)
		ok += e->arts[i] != NULL;
	size_t total = e->narts;
	lede_engine_release(e);
	if (!e->quiet)
		fprintf(stderr, "lede: %zu of %zu articles ready, %d files %s, %d error%s, %d warning%s\n",
		        ok, total, e->nwritten, e->check_only ? "checked" : "written", e->nerrors,
		        e->nerrors == 1 ? "" : "s", e->nwarnings, e->nwarnings == 1 ? "" : "s");
	if (e->werror && e->nwarnings && !e->nerrors)
		fprintf(stderr, "lede: %d warning%s treated as error%s (%s)\n", e->nwarnings,
		        e->nwarnings == 1 ? "" : "s", e->nwarnings == 1 ? "" : "s",
		        e->cfg->strict ? "strict: true in lede.yaml" : "--warnings-as-errors");
	return e->config_error ? 2 : e->nerrors || (e->werror && e->nwarnings) ? 1 : 0;
}
