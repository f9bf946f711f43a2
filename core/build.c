/* build.c: the steps an article takes, in C: discovery, parsing, plugin
 * loading and placement, the outlets' declarative filters and editorial
 * states, then per outlet filter -> copy -> transform + node filters ->
 * render -> fragment -> record. Every call into Lua goes through the
 * bridge (bridge.h); this file reads the typed outlet configuration
 * (site.h), never the raw lede.yaml values. */
#include "engine.h"

#include "bridge.h"
#include "collect.h"
#include "editions.h"
#include "frontmatter.h"
#include "linkcheck.h"
#include "output.h"
#include "shard.h"
#include "state.h"

#include <dirent.h>
#include <errno.h>
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
	strlist unlisted;   /* folders under the content folder that cannot be listed */
	bool root_unlisted; /* ...or the content folder itself */
} finds;

/* An article's file: a name ending in .md (with something before it). */
static bool article_name(const char *shown)
{
	size_t n = strlen(shown);
	return n > 3 && !strcmp(shown + n - 3, ".md");
}

static int found_article(void *ud, const char *full, const char *rel, const char *shown,
                         const struct stat *st, bool via_link)
{
	(void)full;
	(void)rel;
	finds *f = ud;
	if (!article_name(shown))
		return 0;
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 64;
		f->v = lede_xrealloc(f->v, f->cap * sizeof *f->v);
	}
	f->v[f->n++] = (found){lede_xstrdup(shown), st->st_dev, st->st_ino, via_link};
	return 0;
}

/* An article's name that leads nowhere (content/x.md -> ../gone/x.md) is
 * still an article: its load fails, as a file that cannot be read does,
 * and the last version published stays (a warning and its pages removed,
 * before). Its own entry (dev 0, the count as inode) meets no other. */
static bool dangling_article(void *ud, const char *shown, const char *target)
{
	(void)target;
	if (!article_name(shown))
		return false; /* not an article: warned about */
	struct stat st = {.st_dev = 0, .st_ino = (ino_t)((finds *)ud)->n + 1};
	found_article(ud, shown, shown, shown, &st, true);
	return true;
}

/* A folder under the content folder that cannot be listed (no read
 * permission): its articles are not known from it, but the last build
 * state says which it published (lede_content_unlisted). The content
 * folder itself: nothing is built (not even with --allow-empty, which
 * would remove every page of articles that may all be there). */
static void unlisted_folder(void *ud, const char *shown)
{
	finds *f = ud;
	if (strcmp(shown, f->e->cfg->content_dir))
		strlist_add(&f->unlisted, shown);
	else
		f->root_unlisted = true;
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
/* The content folder: under the site, or where an absolute `content:`
 * says (articles kept in another checkout, say). */
static void content_folder(const lede_engine *e, lede_buf *out)
{
	if (e->cfg->content_dir[0] == '/')
		lede_buf_puts(out, e->cfg->content_dir);
	else
		lede_buf_printf(out, "%s/%s", e->root, e->cfg->content_dir);
}

static bool find_articles(lede_engine *e, strlist *out, strlist *unlisted)
{
	finds f = {.e = e};
	/* Symlinks are followed inside the site, or inside an absolute
	 * content folder given outside it. */
	bool outside = e->cfg->content_dir[0] == '/';
	lede_walk w = {.site = outside ? e->cfg->content_dir : e->root,
	               .skip = "._",
	               .file = found_article,
	               .ids_only = true,
	               .report = content_report,
	               .ud = &f,
	               .dangling = dangling_article,
	               .unlisted = unlisted_folder};
	/* the output folder, when it is inside the content folder (content:
	 * . and public/ in it), holds no article: its pages are lede's */
	struct stat outdir;
	if (stat(e->outdir, &outdir) == 0 && S_ISDIR(outdir.st_mode))
		w.prune = &outdir;
	lede_buf dir = LEDE_BUF_INIT;
	content_folder(e, &dir);
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
	*unlisted = f.unlisted;
	return !f.root_unlisted;
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
	    .unicode_slugs = j->e->cfg->unicode_slugs,
	    .extract = x,
	    .max_bytes = j->e->cfg->article_bytes,
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
			lede_article_checks(e, articles[i]);
	}
	free(j.errors);
}

/* --- outlets -------------------------------------------------------------- */

/* Expands an outlet path pattern for article a. */
static void expand_path(const char *pat, const lede_article *a, const char *tag, bool unicode,
                        lede_buf *out)
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
			lede_slugify_as(v, strlen(v), unicode, out);
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

/* --- editions ------------------------------------------------------------ */

/* The language an outlet publishes in: its site: language, else its
 * filter's single lang, else NULL (any). */
/* Whether s is one of l's strings. */
static bool strs_has(const lede_strs *l, const char *s)
{
	for (size_t i = 0; s && i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return true;
	return false;
}

/* The outlet whose pages hold an edition in lang, for an article of
 * outlet base (the outlet itself, or the one it links to): base when it
 * takes that language, else the first outlet of the same format that
 * does. NULL: none. */
static const lede_outlet *edition_outlet(const lede_config *c, const lede_outlet *base,
                                         const char *lang)
{
	if (lede_outlet_takes_lang(base, lang))
		return base;
	for (size_t i = 0; i < c->noutlets; i++) {
		const lede_outlet *x = &c->outlets[i];
		if (x != base && !strcmp(x->format, base->format) && !x->link_to &&
		    lede_outlet_takes_lang(x, lang))
			return x;
	}
	return NULL;
}

static lede_value *new_val(lede_arena *ar, lede_value_type t)
{
	lede_value *v = lede_arena_alloc(ar, sizeof *v);
	memset(v, 0, sizeof *v);
	v->type = t;
	return v;
}

static lede_value *str_val(lede_arena *ar, const char *s)
{
	lede_value *v = new_val(ar, LEDE_STRING);
	v->u.str.len = strlen(s);
	v->u.str.s = lede_arena_strndup(ar, s, v->u.str.len);
	return v;
}

/* a's other editions for outlet o, as the URLs of the outlets that
 * publish them ({lang, url, title} in a's arena), from the map made
 * before the build; NULL when it has none. */
static const lede_value *translations_for(lede_engine *e, const lede_outlet_rt *o, lede_article *a)
{
	const lede_editions *m = e->parent ? e->parent->editions : e->editions;
	const lede_edition *me = lede_editions_find(m, a->path);
	if (!me || me->count < 2)
		return NULL;
	lede_value *list = new_val(a->arena, LEDE_SEQ);
	list->u.list.items = lede_arena_alloc(a->arena, me->count * sizeof *list->u.list.items);
	for (size_t k = me->first; k < me->first + me->count; k++) {
		const lede_edition *x = &m->v[m->order[k]];
		if (x == me || x->held || (x->draft && !e->drafts) || !x->slug ||
		    !strcmp(x->lang, a->lang))
			continue;
		/* (a sitemap of every edition: the outlet it lists the
		 * edition's pages from) */
		const lede_outlet *base = lede_config_link_for(e->cfg, o->cfg, x->lang);
		const lede_outlet *at = edition_outlet(e->cfg, base ? base : o->cfg, x->lang);
		if (!at)
			continue;
		lede_article fake = {
		    .lang = x->lang, .slug = x->slug, .section = x->section, .date = x->date};
		lede_buf url = LEDE_BUF_INIT;
		expand_path(at->path, &fake, NULL, e->cfg->unicode_slugs, &url);
		lede_value *t = new_val(a->arena, LEDE_MAP);
		t->u.list.items = lede_arena_alloc(a->arena, 3 * sizeof *t->u.list.items);
		t->u.list.keys = lede_arena_alloc(a->arena, 3 * sizeof *t->u.list.keys);
		static const char *const keys[] = {"lang", "url", "title"};
		const char *vals[] = {x->lang, lede_buf_cstr(&url), x->title};
		for (size_t i = 0; i < 3; i++) {
			t->u.list.keys[i] = keys[i];
			t->u.list.items[i] = str_val(a->arena, vals[i]);
		}
		t->u.list.n = 3;
		list->u.list.items[list->u.list.n++] = t;
		lede_buf_free(&url);
	}
	return list->u.list.n ? list : NULL;
}

/* The URL of site path `to` (en/news/x/) from a page at `from` (its URL
 * from the site's root: a folder, en/politics/y/, or a file), as a link
 * on that page writes it: ../../news/x/. */
static void relative_to(const char *from, const char *to, lede_buf *out)
{
	size_t common = 0;
	for (size_t i = 0; from[i] && from[i] == to[i]; i++)
		if (from[i] == '/')
			common = i + 1;
	for (const char *s = from + common; (s = strchr(s, '/')); s++)
		lede_buf_puts(out, "../");
	lede_buf_puts(out, to + common);
	if (!out->len)
		lede_buf_puts(out, "./");
}

static void collect_links(lede_node *n, lede_node ***v, size_t *len, size_t *cap)
{
	/* (iterative: a body may nest deeper than the C stack would like) */
	for (lede_node *c = n; c;) {
		if (c->type == LEDE_NODE_LINK && c->url) {
			if (*len == *cap)
				*v = lede_xrealloc(*v, (*cap = *cap ? 2 * *cap : 16) * sizeof **v);
			(*v)[(*len)++] = c;
		}
		if (c->first) {
			c = c->first;
			continue;
		}
		while (c && c != n && !c->next)
			c = c->parent;
		c = c && c != n ? c->next : NULL;
	}
}

/* Links between articles: a link in a's body to another article's source
 * (`[the budget](news/budget.md#cuts)`, found by the editions scan) is
 * given that article's page in this outlet (or the outlet its link_to,
 * or its language, names, as for a translation), from a's page. One
 * that is not published (a draft, under embargo, withheld or killed)
 * is its text alone, with a warning once for the build: a link would
 * lead nowhere, or name a story before its time. */
static void link_articles(lede_engine *e, const lede_outlet_rt *o, lede_article *a)
{
	e->nrewrites = 0; /* (the last copy's) */
	const lede_editions *m = e->parent ? e->parent->editions : e->editions;
	/* (most sites link no article so: no search of the map per page) */
	const lede_edition *me = m && m->linked ? lede_editions_find(m, a->path) : NULL;
	if (!me || !me->ntargets || !a->body)
		return;
	lede_node **v = NULL;
	size_t n = 0, cap = 0;
	collect_links(a->body, &v, &n, &cap);
	lede_buf url = LEDE_BUF_INIT, rel = LEDE_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		lede_node *l = v[i];
		const lede_edition *x = lede_editions_link(m, me, l->url, strlen(l->url));
		if (!x)
			continue;
		const char *why = !x->title || !x->slug    ? "it did not load"
		                  : x->draft && !e->drafts ? "it is a draft"
		                  : x->embargoed           ? "it is under embargo until "
		                  : x->waits               ? "it waits for the embargo of its "
		                                             "edition, until "
		                  : x->held                ? "it is withheld or killed "
		                                             "(pubstatus:)"
		                                           : NULL;
		if (why) {
			lede_buf msg = LEDE_BUF_INIT, text = LEDE_BUF_INIT, once = LEDE_BUF_INIT;
			lede_buf_printf(&msg, "the link to %s is published as its text alone: %s",
			                x->path, why);
			if (x->title && x->slug && !(x->draft && !e->drafts) &&
			    (x->embargoed || x->waits))
				lede_date_rfc3339(x->embargoed ? &x->embargo : &x->waits->embargo,
				                  &msg);
			lede_buf_puts(&msg, "; it links once that article is published");
			lede_error err;
			lede_error_clear(&err);
			lede_error_set(&err, a->path, l->line, l->column, "%s",
			               lede_buf_cstr(&msg));
			lede_error_format(&err, "warning", &text);
			lede_buf_printf(&once, "article-link:%s:%d:%d:%s", a->path, l->line,
			                l->column, x->path);
			lede_diag_for(e, LEDE_DIAG_WARNING, lede_buf_cstr(&once), a->path,
			              text.data, text.len);
			lede_buf_free(&msg);
			lede_buf_free(&text);
			lede_buf_free(&once);
			lede_node *c;
			while ((c = l->first)) {
				lede_node_unlink(c);
				lede_node_insert_before(l, c);
			}
			lede_node_unlink(l);
			continue;
		}
		const lede_outlet *base = lede_config_link_for(e->cfg, o->cfg, x->lang);
		const lede_outlet *at = edition_outlet(e->cfg, base ? base : o->cfg, x->lang);
		if (!at)
			continue; /* (as written: the link check names its page) */
		lede_article fake = {
		    .lang = x->lang, .slug = x->slug, .section = x->section, .date = x->date};
		lede_buf_reset(&url);
		lede_buf_reset(&rel);
		expand_path(at->path, &fake, NULL, e->cfg->unicode_slugs, &url);
		relative_to(a->url ? a->url : "", lede_buf_cstr(&url), &rel);
		const char *frag = strchr(l->url, '#');
		if (frag)
			lede_buf_puts(&rel, frag);
		const char *was = l->url;
		l->url = lede_arena_strndup(a->arena, rel.data, rel.len);
		if (e->nrewrites == e->caprewrites) {
			e->caprewrites = e->caprewrites ? 2 * e->caprewrites : 8;
			e->rewrites =
			    lede_xrealloc(e->rewrites, 2 * e->caprewrites * sizeof *e->rewrites);
		}
		e->rewrites[2 * e->nrewrites] = was;
		e->rewrites[2 * e->nrewrites + 1] = l->url;
		e->nrewrites++;
	}
	lede_buf_free(&url);
	lede_buf_free(&rel);
	free(v);
}

/* The file a URL path is written to. */
static void url_file(const char *url, lede_buf *out)
{
	lede_buf_puts(out, url);
	if (!url[0] || url[strlen(url) - 1] == '/')
		lede_buf_puts(out, "index.html");
}

/* A format that says what it writes (media_type) other than HTML, at a
 * path a web server serves as an HTML page (letter/{slug}/, digest.html):
 * the text format's plain text there would be read as markup, an
 * article's title (<script>...) run in the reader's browser. An error at
 * the path in lede.yaml, with the name to give instead. */
static void check_media(lede_engine *e, const lede_outlet_rt *o)
{
	const char *type = o->format ? o->format->media_type : "";
	if (!type[0] || !strcmp(type, "text/html"))
		return;
	const lede_value *cfg = o->cfg->cfg;
	const lede_value *idx = lede_value_get(cfg, "index"), *tags = lede_value_get(cfg, "tags"),
	                 *secs = lede_value_get(cfg, "sections");
	struct {
		const char *what, *pattern;
		const lede_value *at;
	} paths[] = {
	    /* (the default path of a format without a render hook names no
	     * file: its outlet writes collections only) */
	    {"path",
	     o->format->has[LEDE_HOOK_RENDER] || lede_value_get(cfg, "path") ? o->cfg->path : NULL,
	     lede_value_get(cfg, "path")},
	    {"index path", o->cfg->index_path,
	     idx && lede_value_get(idx, "path") ? lede_value_get(idx, "path") : idx},
	    {"tags path", o->cfg->tags_path, tags ? lede_value_get(tags, "path") : NULL},
	    {"sections path", o->cfg->sections_path, secs ? lede_value_get(secs, "path") : NULL},
	};
	const char *ext = strstr(type, "plain") ? "txt" : strstr(type, "json") ? "json" : "xml";
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		if (!paths[i].pattern || !lede_path_served_as_html(paths[i].pattern))
			continue;
		const lede_value *at = paths[i].at ? paths[i].at : cfg;
		/* the name meant: a folder's "x/" as "x.txt" (an article's) or
		 * "x/index.txt" (a collection's), an .html name as .txt */
		const char *p = paths[i].pattern;
		size_t n = strlen(p);
		bool folder = !n || p[n - 1] == '/';
		lede_buf meant = LEDE_BUF_INIT;
		if (folder && i == 0 && n > 1 && o->format->has[LEDE_HOOK_RENDER])
			lede_buf_printf(&meant, "%.*s.%s", (int)(n - 1), p, ext);
		else if (folder)
			lede_buf_printf(&meant, "%sindex.%s", p, ext);
		else
			lede_buf_printf(&meant, "%.*s.%s", (int)(strrchr(p, '.') - p), p, ext);
		lede_reportf(e, false, e->cfg->file, at ? at->line : o->cfg->line,
		             at ? at->column : o->cfg->column,
		             "outlet '%s': the %s '%s' names %s, which a web server serves as an "
		             "HTML page, but the %s format writes %s (a browser would read it as "
		             "HTML, an article's title as markup); give its files a name of that "
		             "type: '%s'",
		             o->cfg->name, paths[i].what, p,
		             folder ? "a folder (its index.html)" : "an HTML file", o->cfg->format,
		             type, lede_buf_cstr(&meant));
		lede_buf_free(&meant);
		e->outlets_unbuildable = true;
	}
}

/* Where a plugin is listed decides which of its hooks ever run. A hook
 * that never runs where it is listed (an embargo plugin's `article` hook
 * under an outlet, say) would fail silently, so it fails the load. */
enum placement { PLACE_GLOBAL, PLACE_OUTLET, PLACE_FORMAT };

static bool check_placement(lede_engine *e, const lede_plugin *p, enum placement where,
                            const char *outlet, int line, int col)
{
	static const bool runs[3][LEDE_HOOK__COUNT] = {
	    [PLACE_GLOBAL] = {[LEDE_HOOK_SETUP] = true,
	                      [LEDE_HOOK_ARTICLE] = true,
	                      [LEDE_HOOK_FILTER] = true,
	                      [LEDE_HOOK_TRANSFORM] = true,
	                      [LEDE_HOOK_NODES] = true,
	                      [LEDE_HOOK_FINISH] = true},
	    [PLACE_OUTLET] = {[LEDE_HOOK_SETUP] = true,
	                      [LEDE_HOOK_FILTER] = true,
	                      [LEDE_HOOK_TRANSFORM] = true,
	                      [LEDE_HOOK_NODES] = true,
	                      [LEDE_HOOK_FINISH] = true},
	    [PLACE_FORMAT] = {[LEDE_HOOK_SETUP] = true,
	                      [LEDE_HOOK_RENDER] = true,
	                      [LEDE_HOOK_FRAGMENT] = true,
	                      [LEDE_HOOK_INDEX] = true,
	                      [LEDE_HOOK_FINISH] = true},
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
			lede_reportf(
			    e, false, e->cfg->file, line, col,
			    "plugin '%s' (%s) has an 'article' hook, which never runs for a "
			    "plugin listed under outlet '%s'; list it under the top-level "
			    "'plugins:' to run it on every article, or use 'filter' or "
			    "'transform' for this outlet",
			    p->name, p->chunk, outlet);
		else if (where == PLACE_FORMAT)
			lede_reportf(
			    e, false, e->cfg->file, line, col,
			    "format '%s' (%s) has a '%s' hook, which never runs in a format; "
			    "put it in a plugin listed under the outlet's 'plugins:'",
			    p->name, p->chunk, name);
		else
			lede_reportf(
			    e, false, e->cfg->file, line, col,
			    "plugin '%s' (%s) has a '%s' hook, which runs only in a format "
			    "(plugins/formats/NAME.lua, named by an outlet's 'format:'); move it "
			    "to a format",
			    p->name, p->chunk, name);
	}
	return ok;
}

/* Whether outlet o is a sitemap that writes robots.txt (its options:
 * {robots: false} leaves it to the site). */
static bool writes_robots(const lede_outlet *o)
{
	const lede_value *r = lede_value_get(lede_value_get(o->cfg, "options"), "robots");
	return !strcmp(o->format, "sitemap") && !(r && r->type == LEDE_BOOL && !r->u.b);
}

/* Each sitemap outlet writes robots.txt naming its own sitemaps: of two,
 * the last written stands, and crawlers never learn of the other's
 * (robots.txt is where they find a sitemap). A warning at the second,
 * whichever outlets a build selects: the file is one for the site. */
static void check_robots(lede_engine *e)
{
	const lede_config *c = e->cfg;
	const lede_outlet *first = NULL;
	for (size_t i = 0; i < c->noutlets; i++) {
		const lede_outlet *o = &c->outlets[i];
		if (!writes_robots(o))
			continue;
		if (!first) {
			first = o;
			continue;
		}
		/* the list that makes them one, when each links to one outlet */
		char list[300] = "a list of the outlets in link_to";
		if (first->link_tos.one && o->link_tos.one && strcmp(first->link_to, o->link_to))
			snprintf(list, sizeof list, "'link_to: [%s, %s]'", first->link_to,
			         o->link_to);
		lede_reportf(e, true, c->file, o->line, o->column,
		             "outlets '%s' and '%s' both write robots.txt, each naming its own "
		             "sitemaps: the last written stands, and crawlers never learn of the "
		             "other's; list every edition in one sitemap (%s), or set options: "
		             "{robots: false} on both and put a robots.txt naming each sitemap in "
		             "the static folder",
		             first->name, o->name, list);
	}
}

/* An outlet's base_url: its site: one over the site's ("" none). */
static const char *base_url_of(const lede_config *c, const lede_outlet *o)
{
	const char *b = lede_value_str(lede_value_get(o->site, "base_url"));
	return b ? b : c->base_url ? c->base_url : "";
}

/* Whether base URLs a and b are one, but for a last '/'. */
static bool same_base(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	na -= na && a[na - 1] == '/';
	nb -= nb && b[nb - 1] == '/';
	return na == nb && !strncmp(a, b, na);
}

/* An outlet's entries link to another's pages with its own base_url
 * (feeds, sitemaps: absolute URLs): when the outlet linked to has a
 * base_url of its own, another, its pages are not where the entries say
 * (a sitemap of every edition with the French one on
 * https://fr.example.org/ listed https://news.example.org/fr/...,
 * where its pages' canonical links say otherwise). A warning at the
 * name, whichever outlets a build selects. */
static void check_link_hosts(lede_engine *e)
{
	const lede_config *c = e->cfg;
	for (size_t i = 0; i < c->noutlets; i++) {
		const lede_outlet *o = &c->outlets[i];
		const char *mine = base_url_of(c, o);
		const lede_value *lv = lede_value_get(o->cfg, "link_to");
		for (size_t n = 0; o->link_to && mine[0] && n < o->link_tos.n; n++) {
			const lede_outlet *to = lede_config_outlet(c, o->link_tos.v[n]);
			const char *theirs = to ? base_url_of(c, to) : "";
			if (!theirs[0] || same_base(mine, theirs))
				continue;
			const lede_value *at =
			    lv && lv->type == LEDE_SEQ ? lv->u.list.items[n] : lv;
			lede_reportf(
			    e, true, c->file, at ? at->line : o->line, at ? at->column : o->column,
			    "outlet '%s' links to the pages of outlet '%s' with its own base_url "
			    "(%s), but they are published at %s (its site: base_url): the "
			    "entries would name addresses its pages are not at; give both the "
			    "same base_url, or %s",
			    o->name, to->name, mine, theirs,
			    o->link_tos.one ? "link to an outlet published where this one is"
			                    : "list that outlet in a sitemap of its own, published "
			                      "where it is");
		}
	}
}

static bool load_plugins(lede_engine *e)
{
	size_t before = (size_t)e->nerrors;
	lede_config *c = e->cfg;
	e->global = lede_xcalloc(c->nplugins + 1, sizeof *e->global);
	for (size_t i = 0; i < c->nplugins; i++) {
		lede_plugin *p = c->plugins[i].sandbox
		                     ? lede_plugin_load_sandboxed(e, &c->plugins[i])
		                     : lede_plugin_load(e, c->plugins[i].name, false,
		                                        c->plugins[i].line, c->plugins[i].column);
		if (p && check_placement(e, p, PLACE_GLOBAL, NULL, c->plugins[i].line,
		                         c->plugins[i].column)) {
			p->options = c->plugins[i].options;
			e->global[e->nglobal++] = p;
		} else if (p) {
			e->config_unusable = true;
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
	}
	for (size_t i = 0; i < c->noutlets; i++) {
		lede_outlet_rt *o = &e->outlets[i];
		/* An outlet not built whose pages a built one links to: its
		 * format only, so that the check below knows it makes pages. */
		bool linked = false;
		for (size_t j = 0; !o->selected && j < c->noutlets; j++)
			linked = linked || (e->outlets[j].selected &&
			                    lede_outlet_links_to(&c->outlets[j], o->cfg->name));
		if (!o->selected && !linked)
			continue;
		/* One format instance per format name. */
		for (size_t j = 0; j < i && !o->format; j++)
			if (!strcmp(e->outlets[j].cfg->format, o->cfg->format))
				o->format = e->outlets[j].format;
		if (!o->format) {
			o->format = lede_plugin_load(e, o->cfg->format, true, o->cfg->format_line,
			                             o->cfg->format_column);
			if (o->format &&
			    !check_placement(e, o->format, PLACE_FORMAT, o->cfg->name,
			                     o->cfg->format_line, o->cfg->format_column)) {
				o->format = NULL;
				e->outlets_unbuildable = true;
			}
		}
		if (!o->selected)
			continue;
		o->plugins = lede_xcalloc(e->nglobal + o->cfg->nplugins + 1, sizeof *o->plugins);
		for (size_t j = 0; j < e->nglobal; j++)
			o->plugins[o->nplugins++] = e->global[j];
		for (size_t j = 0; j < o->cfg->nplugins; j++) {
			const lede_plugin_spec *s = &o->cfg->plugins[j];
			lede_plugin *p =
			    s->sandbox ? lede_plugin_load_sandboxed(e, s)
			               : lede_plugin_load(e, s->name, false, s->line, s->column);
			if (p &&
			    check_placement(e, p, PLACE_OUTLET, o->cfg->name, s->line, s->column)) {
				p->options = s->options;
				o->plugins[o->nplugins++] = p;
			} else if (p) {
				e->config_unusable = true;
			}
		}
	}
	/* link_to names the outlet whose pages the entries link to: one of
	 * a format without a render hook has no page for any article, and
	 * the outlet would list none, build after build, each time with only
	 * a warning. lede.yaml's typing refuses the bundled feed formats and
	 * an outlet naming itself (site.c); a site's own format is known to
	 * have no render hook once it is loaded (above, built or not). */
	for (size_t i = 0; i < e->noutlets; i++) {
		const lede_outlet_rt *o = &e->outlets[i];
		for (size_t n = 0; o->selected && n < o->cfg->link_tos.n; n++) {
			const lede_outlet_rt *to = NULL;
			for (size_t j = 0; j < e->noutlets; j++)
				if (!strcmp(e->outlets[j].cfg->name, o->cfg->link_tos.v[n]))
					to = &e->outlets[j];
			if (!to || !to->format || to->format->has[LEDE_HOOK_RENDER])
				continue;
			const lede_value *at = lede_value_get(o->cfg->cfg, "link_to");
			if (at && at->type == LEDE_SEQ)
				at = at->u.list.items[n];
			e->outlets_unbuildable = true;
			lede_reportf(
			    e, false, c->file, at ? at->line : o->cfg->line,
			    at ? at->column : o->cfg->column,
			    "outlet '%s': 'link_to: %s' names %s outlet of format '%s', "
			    "which makes no page for an article (its format has no render "
			    "hook), so its entries would link to nothing and it would list "
			    "none; name the outlet of the articles' pages, e.g. 'link_to: "
			    "web'",
			    o->cfg->name, to->cfg->name, to == o ? "this very" : "an",
			    to->cfg->format);
		}
	}
	for (size_t i = 0; i < e->noutlets; i++)
		check_media(e, &e->outlets[i]);
	check_robots(e);
	check_link_hosts(e);
	return (size_t)e->nerrors == before;
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

/* How many of want's strings are in have (the article's tags or authors,
 * as hooks left them). */
static size_t count_in(const lede_value *have, const lede_strs *want)
{
	size_t hits = 0;
	for (size_t i = 0; i < want->n; i++)
		if (value_has(have, want->v[i]))
			hits++;
	return hits;
}

/* --- editorial states (docs/config.md "Editorial states") ---------------- */

/* The message for the date v of an editorial state that lede_meta_date refused
 * with rc: the usual one, or what is wrong with a date well written whose
 * instant lede does not take (9999-12-31T23:59:59-14:00: -2, a year of
 * four digits, so its first digit tells which end). */
static const char *date_error(int rc, const lede_value *v, const char *usual)
{
	if (rc != -2)
		return usual;
	return v->u.str.s[0] == '9'
	           ? "the date is after 9999-12-31T23:59:59Z in UTC, the latest date lede takes "
	             "(a feed's dates are of the years 0001 to 9999 in UTC); the article is held "
	             "back until it is one lede takes"
	           : "the date is before 0001-01-01T00:00:00Z in UTC, the earliest date lede "
	             "takes (a feed's dates are of the years 0001 to 9999 in UTC); the article is "
	             "held back until it is one lede takes";
}

/* Whether d, a date of the article's latest version (updated:, a
 * correction's date), is before a's date, when the article was published:
 * the feeds would say it changed before it came out. A date alone on the
 * article's own day is midnight UTC, before its time that day: the
 * message then says so (*same_day). */
static bool before_article(const lede_date *d, const lede_article *a, bool *same_day)
{
	*same_day = !d->has_time && d->year == a->date.year && d->month == a->date.month &&
	            d->day == a->date.day;
	return lede_date_compare(d, &a->date) < 0;
}

/* What is wrong with the article's embargo:, pubstatus: or corrections:
 * (the value at fault in *at), or NULL. An article with a mistake there is
 * held back from every outlet: a misspelt kill or embargo must not
 * publish the story. */
static const char *editorial_error(const lede_article *a, const lede_value **at)
{
	const lede_value *v = lede_value_get(a->meta, "embargo");
	lede_date d;
	int rc;
	if ((*at = v) && v->type != LEDE_NULL && (rc = lede_meta_date(v, &d)) != 0)
		return date_error(rc, v,
		                  "'embargo' must be a date and time "
		                  "(YYYY-MM-DDThh:mm:ss+hh:mm); the article is held back "
		                  "until it is one");
	v = lede_value_get(a->meta, "pubstatus");
	const char *s = lede_value_str(v);
	if ((*at = v) && v->type != LEDE_NULL &&
	    (!s || (strcmp(s, "usable") && strcmp(s, "withheld") && strcmp(s, "canceled")))) {
		/* (cancelled, Canceled: the nearest, as the other keys have it) */
		static const char *const states[] = {"usable", "withheld", "canceled"};
		static const char *const near_msgs[] = {
		    "'pubstatus' must be usable, withheld or canceled (did you mean 'usable'?); "
		    "the article is held back until it is one of them",
		    "'pubstatus' must be usable, withheld or canceled (did you mean 'withheld'?); "
		    "the article is held back until it is one of them",
		    "'pubstatus' must be usable, withheld or canceled (did you mean 'canceled'?); "
		    "the article is held back until it is one of them"};
		const char *near = s ? lede_nearest(s, states, 3) : NULL;
		for (size_t i = 0; near && i < 3; i++)
			if (near == states[i])
				return near_msgs[i];
		return "'pubstatus' must be usable, withheld or canceled; the article is held back "
		       "until it is one of them";
	}
	v = lede_value_get(a->meta, "corrections");
	if ((*at = v) && v->type != LEDE_NULL && v->type != LEDE_SEQ)
		return "'corrections' must be a list of {date, text}; the article is held back "
		       "until "
		       "it is one";
	for (size_t i = 0; v && v->type == LEDE_SEQ && i < v->u.list.n; i++) {
		const lede_value *c = v->u.list.items[i];
		*at = c;
		const lede_value *cd = c->type == LEDE_MAP ? lede_value_get(c, "date") : NULL;
		if (cd && cd->type != LEDE_NULL && (rc = lede_meta_date(cd, &d)) != 0 &&
		    lede_value_str(lede_value_get(c, "text"))) {
			*at = cd;
			return date_error(rc, cd,
			                  "a correction's 'date' must be a date (2020-07-25, or "
			                  "2020-07-25T10:00:00+02:00); the article is held back "
			                  "until it is one");
		}
		const lede_value *ct = c->type == LEDE_MAP ? lede_value_get(c, "text") : NULL;
		if (ct && ct->type != LEDE_NULL && !lede_value_str(ct)) {
			*at = ct;
			return "a correction's 'text' must be text (quote a number: text: \"42 was "
			       "wrong\"); the article is held back until it is";
		}
		if (ct && lede_value_str(ct) &&
		    !lede_value_str(ct)[strspn(lede_value_str(ct), " \t\n")]) {
			*at = ct;
			return "a correction's 'text' is empty: say what was corrected; the "
			       "article "
			       "is held back until it does";
		}
		if (c->type != LEDE_MAP || lede_meta_date(cd, &d) != 0 ||
		    !lede_value_str(lede_value_get(c, "text")))
			return "a correction needs a 'date' and a 'text' ({date: 2020-07-25, text: "
			       "...}); "
			       "the article is held back until it has them";
		const char *sev = lede_value_str(lede_value_get(c, "severity"));
		if (lede_value_get(c, "severity") &&
		    (!sev || (strcmp(sev, "minor") && strcmp(sev, "major"))))
			return "a correction's 'severity' is minor or major; the article is held "
			       "back "
			       "until it is one of them";
		/* (its date is the article's modified time: dateModified,
		 * Atom <updated>, sitemap lastmod, ninjs versioncreated) */
		bool same_day;
		if (before_article(&d, a, &same_day)) {
			*at = cd;
			return same_day
			           ? "a correction's 'date' is a date alone, which is midnight "
			             "UTC, "
			             "before the article's 'date' and time that day: give it its "
			             "time too (2020-07-25T18:00:00+02:00); the article is held "
			             "back "
			             "until then"
			           : "a correction's 'date' is before the article's 'date': a "
			             "story "
			             "is not corrected before it is published; correct one of them "
			             "(the article is held back until then)";
		}
	}
	/* updated: the latest version's date (Atom <updated>, JSON Feed
	 * date_modified, ninjs versioncreated): not a date, it was dropped
	 * without a word; before the article's date, the feeds said it was
	 * changed before it was published. */
	v = lede_value_get(a->meta, "updated");
	if ((*at = v) && v->type != LEDE_NULL && (rc = lede_meta_date(v, &d)) != 0)
		return date_error(rc, v,
		                  "'updated' must be a date (2020-07-25, or "
		                  "2020-07-25T10:00:00+02:00); the article is held back until "
		                  "it is one");
	bool same_day;
	if (v && v->type != LEDE_NULL && before_article(&d, a, &same_day))
		return same_day
		           ? "'updated' is a date alone, which is midnight UTC, before the "
		             "article's 'date' and time that day: give it its time too "
		             "(2020-07-25T18:00:00+02:00); the article is held back until then"
		           : "'updated' is before the article's 'date': an article is not "
		             "changed before it is published; correct one of them (the article "
		             "is held back until then)";
	*at = NULL;
	return NULL;
}

/* A killed story (pubstatus: canceled): the outlets that write pages
 * take it, to replace its old page with a withdrawn notice, but it is in
 * no collection except those of outlets that announce kills (ninjs, or
 * `canceled: true`). */
static bool is_canceled(const lede_article *a)
{
	const char *s = lede_value_str(lede_value_get(a->meta, "pubstatus"));
	return s && !strcmp(s, "canceled");
}

static bool lists_canceled(const lede_outlet_rt *o) { return o->cfg->canceled; }

/* A withheld story (pubstatus: withheld) is held back from every outlet
 * but the wire that announces kills (the ninjs format, unless canceled:
 * false): a partner that took it must learn to pull it, so the wire keeps
 * it listed, its item marked withheld and without the story (the ninjs
 * format). The other outlets have no way to say so: their pages go. */
static bool is_withheld(const lede_article *a)
{
	const char *s = lede_value_str(lede_value_get(a->meta, "pubstatus"));
	return s && !strcmp(s, "withheld");
}

static bool lists_withheld(const lede_outlet_rt *o)
{
	return lists_canceled(o) && o->format && o->format->lists_withheld;
}

/* A message about the article whose text holds what its inputs do not
 * (the build time, another article's path), noted on e's trace: it is
 * not printed again by a reuse, the article is built again. */
static void unrepeatable(lede_engine *e)
{
	if (e->trace)
		e->trace->unrepeatable++;
}

/* Whether d is after the build time, noted on e's trace: an incremental
 * build reuses what depends on it while that holds. */
static bool later_than_now(lede_engine *e, const lede_date *d)
{
	bool later = lede_date_compare(d, &e->now) > 0;
	if (later)
		lede_engine_time_later(e, d); /* (lede serve builds again then) */
	if (e->trace) {
		lede_trace *t = e->trace;
		t->times = lede_xrealloc(t->times, (t->ntimes + 1) * sizeof *t->times);
		t->later = lede_xrealloc(t->later, (t->ntimes + 1) * sizeof *t->later);
		t->times[t->ntimes] = *d;
		t->later[t->ntimes++] = later;
	}
	return later;
}

/* The edition of a's story whose embargo holds a back (an embargo given
 * to one edition only: lede_edition.waits), or NULL. */
static const lede_edition *edition_embargo(const lede_engine *e, const lede_article *a)
{
	const lede_editions *m = e->parent ? e->parent->editions : e->editions;
	const lede_edition *me = m ? lede_editions_find(m, a->path) : NULL;
	return me ? me->waits : NULL;
}

/* A story killed or withheld before its embargo lifted (pubstatus:
 * canceled or withheld, the time of that, updated:, not after the
 * embargo of its own or the one its edition waited for) was never
 * public: no outlet publishes it, not even a withdrawn page or a withheld
 * wire item with its headline, but one of embargoed: true, whose
 * partners had it early and must learn of it. From the front matter
 * alone (no clock, no build state), so a clean build and an incremental
 * one agree. 0: not so; 1: under its own embargo (partners of
 * embargoed: true had it); 2: waiting for its edition's, held even from
 * those (edition_embargo): nobody had it, and no outlet publishes it. */
static int pulled_unreleased(const lede_engine *e, const lede_article *a)
{
	lede_date kill, until;
	if (!(is_canceled(a) || is_withheld(a)) ||
	    lede_meta_date(lede_value_get(a->meta, "updated"), &kill) != 0)
		return 0;
	if (lede_meta_date(lede_value_get(a->meta, "embargo"), &until) == 0)
		return lede_date_compare(&kill, &until) <= 0 ? 1 : 0;
	const lede_editions *m = e->parent ? e->parent->editions : e->editions;
	return m && lede_editions_held_until(m, a->path, &until) &&
	               lede_date_compare(&kill, &until) <= 0
	           ? 2
	           : 0;
}

/* 1 the editorial state lets outlet o have a now, 0 not. */
static int editorial_accepts(lede_engine *e, const lede_outlet_rt *o, const lede_article *a)
{
	const lede_value *at;
	if (editorial_error(a, &at))
		return 0;
	if (is_withheld(a) && !lists_withheld(o))
		return 0;
	int pulled = pulled_unreleased(e, a);
	if (pulled == 2 || (pulled && !o->cfg->embargoed))
		return 0;
	lede_date until;
	if (lede_meta_date(lede_value_get(a->meta, "embargo"), &until) == 0 &&
	    later_than_now(e, &until) && !o->cfg->embargoed)
		return 0;
	/* (not even to an outlet of embargoed: true, whose format would not
	 * know the embargo to tell partners) */
	if (edition_embargo(e, a))
		return 0;
	/* (in an outlet with a limit, its withdrawn page would take a live
	 * story's place among the newest N, which its collections list) */
	if (is_canceled(a) && !lists_canceled(o) &&
	    (!(o->format && o->format->has[LEDE_HOOK_RENDER]) || o->cfg->limit > 0))
		return 0;
	return 1;
}

const char *lede_article_held(const lede_engine *e, const lede_article *a)
{
	const lede_value *at;
	if (editorial_error(a, &at))
		return "error";
	const char *s = lede_value_str(lede_value_get(a->meta, "pubstatus"));
	if (s && (!strcmp(s, "withheld") || !strcmp(s, "canceled")))
		return s;
	lede_date until;
	if ((lede_meta_date(lede_value_get(a->meta, "embargo"), &until) == 0 &&
	     lede_date_compare(&until, &e->now) > 0) ||
	    edition_embargo(e, a))
		return "embargoed";
	return NULL;
}

/* The outlet's declarative filter: drafts, the editorial state, the
 * article's own outlets: list, and filter: {tags, section, lang, authors,
 * from, until, drafts, lua}. Returns 1 accepted, 0 not, -1 the lua
 * predicate failed; *filtered: not taken by lede.yaml's filter: alone
 * (what a typo there does), not by the article's own state. */
static int outlet_accepts(lede_engine *e, const lede_outlet_rt *o, lede_article *a, bool *filtered)
{
	const lede_outlet_filter *f = &o->cfg->filter;
	*filtered = false;
	bool drafts = o->cfg->drafts || e->drafts || f->drafts;
	if (a->draft && !drafts)
		return 0;
	if (!editorial_accepts(e, o, a))
		return 0;
	const lede_value *only = lede_value_get(a->meta, "outlets");
	if (only && (only->type == LEDE_SEQ || only->type == LEDE_STRING) &&
	    !value_has(only, o->cfg->name))
		return 0;
	*filtered = true; /* (until it passes) */
	if (f->lang.set && !strs_has(&f->lang, a->lang))
		return 0;
	if (f->section.set && !strs_has(&f->section, a->section))
		return 0;
	if (f->tags_any.n && !count_in(a->tags, &f->tags_any))
		return 0;
	if (f->tags_all.n && count_in(a->tags, &f->tags_all) < f->tags_all.n)
		return 0;
	if (f->tags.n && !count_in(a->tags, &f->tags))
		return 0;
	if (f->authors.n && !count_in(a->authors, &f->authors))
		return 0;
	if (f->has_from && lede_date_compare(&a->date, &f->from) < 0)
		return 0;
	if (f->has_until) {
		/* A date alone includes its whole day. */
		lede_date end = f->until;
		if (!end.has_time)
			end = lede_date_from_epoch(lede_date_epoch(&end) + 86399, 0);
		if (lede_date_compare(&a->date, &end) > 0)
			return 0;
	}
	int taken = f->lua ? bridge_filter_lua(e, o, a) : 1;
	*filtered = taken == 0;
	return taken;
}

int lede_write_page(lede_engine *e, const char *rel, const char *data, size_t n, const char *outlet,
                    const char *article, const char *maker, const lede_article *origin,
                    lede_profile *prof, bool *changed, lede_error *err)
{
	*changed = false;
	if (!e->check_only) {
		*changed = true;
		double t0 = prof ? lede_clock() : 0;
		int rc = e->state ? lede_state_write(e->state, rel, data, n, outlet, article, NULL,
		                                     article, changed, err)
		                  : lede_write_file(e->outdir, rel, data, n, err);
		if (prof)
			lede_profile_add(prof, "write", NULL, NULL, lede_clock() - t0);
		if (rc != 0)
			return -1;
	}
	lede_links_write_as(e, rel, data, n, outlet, maker, origin);
	return 0;
}

int lede_write_out(lede_engine *e, const char *rel, const char *data, size_t n, const char *outlet,
                   const char *article)
{
	const char *maker = e->cur_template;
	e->cur_template = NULL; /* the next page starts afresh */
	lede_error err;
	lede_error_clear(&err);
	bool changed;
	if (lede_write_page(e, rel, data, n, outlet, article, maker, e->writing, e->prof, &changed,
	                    &err) != 0) {
		lede_report(e, &err, false);
		return -1;
	}
	e->nwritten++; /* with lede check: counted as checked */
	e->nchanged += changed;
	return 0;
}

void lede_url_file(const char *url, lede_buf *out) { url_file(url, out); }

/* Whether outlet o takes src: its filter settings, then the plugins'
 * filter hooks. 1 yes, 0 no, -1 a hook failed (reported). Not taken by
 * lede.yaml's filter or by a plugin's filter hook, when the last build
 * published it there: noted in c (may be NULL), which tells a filter
 * that empties an outlet from articles withdrawn (lede_collection_write). */
static int outlet_filter(lede_engine *e, lede_outlet_rt *o, lede_collection *c, lede_article *src)
{
	/* A script or a test may have changed the article outside a hook. */
	if (bridge_sync(e, NULL, LEDE_HOOK_TRANSFORM, src) != 0)
		return -1;
	bool filtered;
	int accepted = outlet_accepts(e, o, src, &filtered);
	const lede_plugin *by = NULL;
	if (accepted > 0) {
		accepted = bridge_run_hook_by(e, LEDE_HOOK_FILTER, src, o, &by);
		filtered = accepted == 0;
	}
	if (accepted == 0 && filtered && c && e->state &&
	    lede_state_had_record(e->state, o->cfg->name, src->path))
		lede_collection_filtered(c, src->path, src->lang, src->section,
		                         by ? by->name : NULL);
	return accepted;
}

/* The outlet's copy of src (which the outlet took), through transform,
 * node filters and render, as lede_outlet_article says. */
static int outlet_render(lede_engine *e, lede_outlet_rt *o, lede_article *src, lede_article **copy,
                         lede_buf *rendered, bool *has_output)
{
	*copy = NULL;
	*has_output = false;
	if ((!src->slug || !src->slug[0]) && strstr(o->cfg->path, "{slug}")) {
		/* (its page would be the folder's index, or a file named ".html") */
		const lede_value *from = lede_value_get(src->meta, "slug");
		if (!from)
			from = lede_value_get(src->meta, "title");
		bool given = from && from == lede_value_get(src->meta, "slug");
		lede_reportf(e, false, src->path, from ? from->line : 0, from ? from->column : 0,
		             "outlet '%s': the article has no slug to name its page (%s): %s%s",
		             o->cfg->name, o->cfg->path,
		             e->cfg->unicode_slugs ? "" : "slugs are ASCII, and ",
		             e->cfg->unicode_slugs
		                 ? (given ? "its slug: and title have no letter or digit; give it "
		                            "a slug: with some"
		                          : "its file name and title have no letter or digit; give "
		                            "it a slug: in its front matter")
		                 : (given ? "its slug: and title have no Latin letter or digit; "
		                            "write its slug: with some, or set 'slugs: unicode' "
		                            "in lede.yaml"
		                          : "its file name and title have no Latin letter or "
		                            "digit; give it a slug: in its front matter, or set "
		                            "'slugs: unicode' in lede.yaml"));
		return -1;
	}
	lede_article *a = lede_article_copy(src, o->cfg->name);
	lede_buf url = LEDE_BUF_INIT;
	expand_path(o->cfg->path, a, NULL, e->cfg->unicode_slugs, &url);
	a->file = lede_arena_strndup(a->arena, lede_buf_cstr(&url), url.len);
	/* A feed's entries link to another outlet's pages. */
	const lede_outlet *linked = lede_config_link_for(e->cfg, o->cfg, a->lang);
	if (linked) {
		lede_buf_reset(&url);
		expand_path(linked->path, a, NULL, e->cfg->unicode_slugs, &url);
	}
	a->url = lede_arena_strndup(a->arena, lede_buf_cstr(&url), url.len);
	lede_buf_free(&url);
	a->translations = translations_for(e, o, a);
	link_articles(e, o, a);
	int ok = bridge_run_hook(e, LEDE_HOOK_TRANSFORM, a, o);
	if (ok > 0)
		ok = bridge_run_hook(e, LEDE_HOOK_NODES, a, o);
	if (ok > 0 && bridge_render(e, o, a, rendered, has_output) != 0)
		ok = -1;
	if (ok <= 0) {
		bridge_release(e, a);
		return ok;
	}
	*copy = a;
	return 1;
}

int lede_outlet_article(lede_engine *e, lede_outlet_rt *o, lede_article *src, lede_article **copy,
                        lede_buf *rendered, bool *has_output)
{
	*copy = NULL;
	*has_output = false;
	int keep = outlet_filter(e, o, NULL, src);
	return keep <= 0 ? keep : outlet_render(e, o, src, copy, rendered, has_output);
}

int lede_outlet_take(lede_engine *e, lede_outlet_rt *o, lede_collection *c, lede_article *src)
{
	return outlet_filter(e, o, c, src);
}

int lede_outlet_publish(lede_engine *e, lede_outlet_rt *o, lede_collection *c, lede_article *src,
                        bool chosen)
{
	double t0 = e->prof ? lede_clock() : 0;
	int keep = chosen ? 1 : outlet_filter(e, o, c, src);
	lede_article *copy = NULL;
	lede_buf out = LEDE_BUF_INIT;
	lede_value *frag = NULL;
	bool has_page = false;
	e->cur_template = NULL; /* the link check names the page's template */
	if (keep > 0)
		keep = outlet_render(e, o, src, &copy, &out, &has_page);
	if (keep > 0)
		keep = bridge_fragment(e, o, copy, &frag) == 0 ? 1 : -1;
	if (keep > 0) {
		bool collected = o->format && o->format->has[LEDE_HOOK_INDEX] &&
		                 (!is_canceled(src) || lists_canceled(o));
		/* one digest (what index pages are keyed by), made here on the
		 * worker, for the collection and the build state alike */
		char digest[LEDE_DIGEST_HEX] = "";
		lede_article *rec = NULL;
		/* A killed or withheld story that an outlet still lists
		 * (canceled: true, the wire) is listed by its title: its summary
		 * is the story's words, which it no longer publishes. */
		if (collected && (is_canceled(src) || is_withheld(src)))
			copy->summary = "";
		if (collected) {
			/* When the records would take more memory than allowed
			 * (--records-memory), the whole record waits on disk (the
			 * state's spill file) until a page shows it, and the
			 * collection holds what it sorts and groups by: 100k
			 * articles' records would take some 200 MB. */
			bool thin = e->state && e->records_on_disk;
			lede_arena *ar = lede_records_arena(e);
			lede_article *full =
			    lede_article_record(thin ? copy->arena : ar, copy, frag);
			lede_record_digest(full, digest);
			rec = thin ? lede_record_thin(e->state, ar, full, &e->record_strs) : full;
			if (!rec)
				rec = lede_article_record(ar, copy, frag);
		}
		lede_buf file = LEDE_BUF_INIT;
		if (has_page)
			url_file(copy->file, &file);
		e->writing = src; /* the link check places links in its source */
		if ((rec || has_page) && lede_collection_add(e, c, src, rec, digest,
		                                             has_page ? lede_buf_cstr(&file) : NULL,
		                                             lede_buf_cstr(&out), out.len) != 0)
			keep = -1; /* the page could not be written */
		else if (rec && e->state)
			lede_state_record(e->state, o->cfg->name, rec, digest);
		e->writing = NULL;
		e->nrewrites = 0; /* (in the copy's arena, released below) */
		lede_buf_free(&file);
	}
	if (copy)
		bridge_release(e, copy);
	lede_buf_free(&out);
	if (e->prof)
		lede_profile_add(e->prof, "outlet", o->cfg->name, NULL, lede_clock() - t0);
	if (keep < 0)
		lede_keep_last(e, o, c, src->path, false);
	return keep;
}

static const char *keep_last(lede_engine *e, lede_outlet_rt *o, lede_collection *c,
                             const char *path, bool quiet, bool failed, const char **held);

const char *lede_keep_last(lede_engine *e, lede_outlet_rt *o, lede_collection *c, const char *path,
                           bool quiet)
{
	const char *held;
	return keep_last(e, o, c, path, quiet, true, &held);
}

const char *lede_keep_last_held(lede_engine *e, lede_outlet_rt *o, lede_collection *c,
                                const char *path, const char **held)
{
	return keep_last(e, o, c, path, true, true, held);
}

void lede_keep_record(lede_engine *e, lede_outlet_rt *o, lede_collection *c, const char *path)
{
	const char *held;
	keep_last(e, o, c, path, true, false, &held);
}

/* Whether the article file at path, as far as its front matter reads,
 * holds it back from outlet o now: a pubstatus: other than usable
 * (withheld, canceled, or misspelt), an embargo not passed or not a date
 * (unless o takes embargoed stories); what in *why. Read from the file,
 * as a failed article may have no front matter parsed. */
static bool held_in_file(const lede_engine *e, const lede_outlet_rt *o, const char *path,
                         const char **why)
{
	lede_buf full = LEDE_BUF_INIT;
	lede_article_file(e, path, &full);
	size_t len;
	char *data = lede_read_file(lede_buf_cstr(&full), &len);
	lede_buf_free(&full);
	if (!data)
		return false;
	lede_arena *ar = lede_arena_new();
	lede_frontmatter fm;
	lede_error err;
	lede_error_clear(&err);
	*why = NULL;
	if (lede_frontmatter_parse(ar, path, data, len, &fm, &err) == 0) {
		const lede_value *v = lede_value_get(fm.meta, "pubstatus");
		const char *s = lede_value_str(v);
		lede_date until;
		if (v && v->type != LEDE_NULL && !(s && !strcmp(s, "usable")))
			*why = s && !strcmp(s, "withheld")   ? "pubstatus: withheld"
			       : s && !strcmp(s, "canceled") ? "pubstatus: canceled"
			                                     : "a pubstatus: other than usable";
		else if ((v = lede_value_get(fm.meta, "embargo")) && v->type != LEDE_NULL &&
		         !o->cfg->embargoed &&
		         (lede_meta_date(v, &until) != 0 || lede_date_compare(&until, &e->now) > 0))
			*why = "an embargo: not passed";
	}
	lede_arena_free(ar);
	free(data);
	return *why != NULL;
}

static const char *keep_last(lede_engine *e, lede_outlet_rt *o, lede_collection *c,
                             const char *path, bool quiet, bool failed, const char **held)
{
	*held = NULL;
	/* A shard keeps nothing of its own folder: the merge keeps what the
	 * last build of the site published. */
	if (lede_shard_fail(e, o->cfg->name, path))
		return NULL;
	if (!e->state)
		return NULL;
	/* A story killed, withheld or embargoed again in the edit that
	 * failed (a kill and a typo) is not kept live: its pages go. */
	const char *why;
	bool recorded;
	if (failed && (lede_state_page_of(e->state, o->cfg->name, path, &recorded) || recorded) &&
	    held_in_file(e, o, path, &why)) {
		*held = why;
		if (!quiet)
			lede_reportf(
			    e, true, path, 0, 0,
			    "outlet '%s': the version published is not kept, as this build "
			    "failed for it: its front matter holds it back now (%s), so its "
			    "pages there are removed until it builds again",
			    o->cfg->name, why);
		return NULL;
	}
	const char *since = NULL, *rsince = NULL;
	size_t files = lede_state_keep(e->state, o->cfg->name, path, &since);
	lede_article *rec = lede_state_last(e->state, lede_records_arena(e), e->records_on_disk,
	                                    o->cfg->name, path, &rsince);
	if (rec && c)
		lede_collection_keep(c, rec);
	if (!files && !rec)
		return NULL;
	/* ...with the renditions its pages show */
	if (failed)
		lede_state_keep_claims(e->state, path);
	const char *when = since ? since : rsince ? rsince : "an earlier build";
	if (!quiet)
		lede_reportf(
		    e, true, path, 0, 0,
		    "kept the version published on %s in outlet '%s', as this build failed "
		    "for it",
		    when, o->cfg->name);
	return when;
}

int lede_engine_prepare(lede_engine *e)
{
	if (e->prepared)
		return 0;
	/* traced like an article's hooks: what the plugins' code at load
	 * and their setup read of the clock or the environment */
	lede_trace tr = {0};
	lede_trace *was = e->trace;
	e->trace = &tr;
	bool loaded = load_plugins(e);
	for (size_t i = 0; loaded && i < e->noutlets; i++)
		if (e->outlets[i].selected && bridge_filter_compile(e, &e->outlets[i]) != 0) {
			loaded = false;
			e->config_unusable = true;
		}
	if (loaded)
		bridge_setup(e);
	e->trace = was;
	e->setup_clock = tr.clock > 0;
	lede_trace_clear(&tr);
	if (!loaded)
		return -1;
	for (size_t i = 0; i < e->nplugins; i++)
		if (e->plugins[i]->failed)
			return -1;
	e->prepared = true;
	return 0;
}

void lede_engine_unprepared(lede_engine *e)
{
	bool plugin = e->plugin_unloadable;
	for (size_t i = 0; i < e->nplugins; i++)
		plugin |= e->plugins[i]->failed;
	/* each that applies, or the plugin when nothing else was said */
	const char *why[3];
	size_t n = 0;
	if (e->outlets_unbuildable)
		why[n++] = "an outlet of lede.yaml cannot be built as it is";
	if (e->config_unusable)
		why[n++] = "lede.yaml names a plugin or filter that cannot be used where it is";
	if (plugin || !n)
		why[n++] = "a plugin failed to load or set up";
	lede_buf b = LEDE_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		lede_buf_printf(&b, "%s%s", i ? (i + 1 == n ? ", and " : ", ") : "", why[i]);
	lede_emitf(e, "lede: %s (the errors above); nothing was published\n", lede_buf_cstr(&b));
	lede_buf_free(&b);
}

/* Front matter `outlets:` names outlets of lede.yaml; a name that is none
 * of them (a typo, or a key that meant something else) would silently keep
 * the article from that outlet, so it is a warning with the nearest name. */
static void check_article_outlets(lede_engine *e, const lede_article *a)
{
	const lede_value *only = lede_value_get(a->meta, "outlets");
	if (!only)
		return;
	size_t n = only->type == LEDE_SEQ ? only->u.list.n : 1;
	for (size_t i = 0; i < n; i++) {
		const lede_value *v = only->type == LEDE_SEQ ? only->u.list.items[i] : only;
		const char *s = lede_value_str(v);
		if (s && lede_config_outlet(e->cfg, s))
			continue;
		const char *near = s ? lede_config_nearest_outlet(e->cfg, s) : NULL;
		if (s)
			lede_reportf(
			    e, true, a->path, v->line, v->column,
			    "'outlets' names '%s', which is no outlet of %s%s%s%s; the article "
			    "goes only to the outlets it names",
			    s, e->cfg->file, near ? " (did you mean '" : "", near ? near : "",
			    near ? "'?)" : "");
		else
			lede_reportf(e, true, a->path, v->line, v->column,
			             "'outlets' must list outlet names, not %s",
			             lede_value_type_name(v->type));
	}
}

/* A content folder that is not there is a configuration error, not an empty
 * site: publishing zero articles would empty every index and feed. */
static bool content_dir_exists(lede_engine *e)
{
	lede_buf path = LEDE_BUF_INIT;
	content_folder(e, &path);
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
		lede_buf_join(&sub, e->root, '/', ent->d_name);
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
	lede_reportf(e, false, e->cfg->file, e->cfg->content_line, e->cfg->content_column,
	             "the content folder '%s' does not exist%s%s%s; set 'content:' to the folder "
	             "that holds the articles",
	             e->cfg->content_dir, near ? " (did you mean '" : "", near ? near : "",
	             near ? "'?)" : "");
	for (size_t i = 0; i < n; i++)
		free(owned[i]);
	return false;
}

/* The site's folder `what` (content or static, at rel under the site) when
 * it is a symlink leading out of the site folder: the walk would not
 * follow it, and the site would be built without its articles or files,
 * those published before removed. An error in lede.yaml (at line, col;
 * 0: not written, the default) instead, nothing built. */
static bool folder_inside(lede_engine *e, const char *what, const char *rel, int line, int col)
{
	if (rel[0] == '/')
		return true; /* given outside on purpose: walked as its own site */
	lede_buf path = LEDE_BUF_INIT;
	lede_buf_printf(&path, "%s/%s", e->root, rel);
	struct stat st;
	char *target = NULL, *site = NULL;
	bool ok = lstat(lede_buf_cstr(&path), &st) != 0 || !S_ISLNK(st.st_mode) ||
	          !(target = realpath(lede_buf_cstr(&path), NULL)) ||
	          !(site = realpath(e->root, NULL)) || lede_path_within(target, site);
	if (!ok && !strcmp(what, "content"))
		lede_reportf(e, false, e->cfg->file, line, col,
		             "the content folder '%s' is a symlink to %s, outside the site folder, "
		             "and lede follows no symlink out of it; nothing was built. To build "
		             "from that folder, give its path in lede.yaml: content: %s",
		             rel, target, target);
	else if (!ok)
		lede_reportf(e, false, e->cfg->file, line, col,
		             "the static folder '%s' is a symlink to %s, outside the site folder, "
		             "and lede follows no symlink out of it (it would publish what is "
		             "there); nothing was built. Move the files into the site folder",
		             rel, target);
	free(target);
	free(site);
	lede_buf_free(&path);
	return ok;
}

/* The static folder is copied into the output as it is: when it is the
 * content folder or holds it (static: content, static: .), the
 * articles' sources would be published with it, drafts, embargoed and
 * withheld stories too. An error in lede.yaml, nothing built. */
static bool static_apart(lede_engine *e)
{
	lede_buf sd = LEDE_BUF_INIT, cd = LEDE_BUF_INIT;
	if (e->cfg->static_dir[0] == '/')
		lede_buf_puts(&sd, e->cfg->static_dir);
	else
		lede_buf_printf(&sd, "%s/%s", e->root, e->cfg->static_dir);
	content_folder(e, &cd);
	char *st = realpath(lede_buf_cstr(&sd), NULL), *co = realpath(lede_buf_cstr(&cd), NULL);
	lede_buf_free(&sd);
	lede_buf_free(&cd);
	bool ok = !st || !co || !lede_path_within(co, st);
	if (!ok)
		lede_reportf(e, false, e->cfg->file, e->cfg->static_line, e->cfg->static_column,
		             "the static folder '%s' %s the content folder '%s': its files are "
		             "published as they are, so the articles' sources would be too, "
		             "drafts and embargoed stories with them; nothing was built. Keep "
		             "static files in a folder of their own (static: static)",
		             e->cfg->static_dir, strcmp(st, co) ? "holds" : "is",
		             e->cfg->content_dir);
	free(st);
	free(co);
	return ok;
}

char **lede_content_paths(lede_engine *e, size_t *n)
{
	lede_content_unlisted u = {0};
	char **paths = lede_content_find(e, n, &u);
	lede_content_unlisted_free(&u);
	return paths;
}

void lede_content_unlisted_free(lede_content_unlisted *u)
{
	for (size_t i = 0; i < u->n; i++)
		free(u->folders[i]);
	free(u->folders);
	*u = (lede_content_unlisted){0};
}

static void add_unlisted(void *ud, const char *article) { strlist_add(ud, article); }

void lede_content_unlisted_add(const struct lede_state *s, lede_content_unlisted *u, char ***paths,
                               size_t *n)
{
	if (!s || !u->n || !*paths) {
		lede_content_unlisted_free(u);
		return;
	}
	/* The state's articles under those folders, once each (an article
	 * comes once per outlet), less those the walk listed after all
	 * (through a symlink to the folder): sorted, then merged. */
	qsort(u->folders, u->n, sizeof *u->folders, cmp_str);
	strlist under = {0};
	lede_state_articles_under(s, u->folders, u->n, add_unlisted, &under);
	if (under.n)
		qsort(under.v, under.n, sizeof *under.v, cmp_str);
	strlist l = {*paths, *n, *n};
	for (size_t i = 0; i < under.n; i++) {
		bool repeat = i && !strcmp(under.v[i], under.v[i - 1]);
		if (!repeat && !bsearch(&under.v[i], l.v, *n, sizeof *l.v, cmp_str))
			strlist_add(&l, under.v[i]);
	}
	for (size_t i = 0; i < under.n; i++)
		free(under.v[i]);
	free(under.v);
	if (l.n > *n)
		qsort(l.v, l.n, sizeof *l.v, cmp_str);
	*paths = l.v;
	*n = l.n;
	lede_content_unlisted_free(u);
}

char **lede_content_find(lede_engine *e, size_t *n, lede_content_unlisted *unlisted)
{
	*n = 0;
	if (!content_dir_exists(e))
		return NULL;
	/* (both folders here: one run reports both) */
	bool content_ok = folder_inside(e, "content", e->cfg->content_dir, e->cfg->content_line,
	                                e->cfg->content_column);
	if (!folder_inside(e, "static", e->cfg->static_dir, e->cfg->static_line,
	                   e->cfg->static_column) ||
	    !content_ok || !static_apart(e))
		return NULL;
	strlist paths = {0}, folders = {0};
	bool listed = find_articles(e, &paths, &folders);
	unlisted->folders = folders.v;
	unlisted->n = folders.n;
	if (!listed) { /* (its error said why) */
		for (size_t i = 0; i < paths.n; i++)
			free(paths.v[i]);
		free(paths.v);
		return NULL;
	}
	if (paths.n)
		qsort(paths.v, paths.n, sizeof *paths.v, cmp_str);
	*n = paths.n;
	if (!paths.v)
		return lede_xcalloc(1, sizeof(char *));
	return paths.v;
}

/* The map's entry at path, or NULL (path as long as len). */
static const lede_edition *edition_at(const lede_editions *m, const char *path, size_t len)
{
	char *p = lede_xstrndup(path, len);
	const lede_edition *x = lede_editions_find(m, p);
	free(p);
	return x;
}

/* The article a translations: value meant, when it names none as it is:
 * the path as written from the article's folder or the content folder,
 * or without a leading "./" (the map's paths are from the site folder, as
 * the article's own); else the path of its folder nearest to it. */
static const char *meant_edition(const lede_engine *e, const lede_editions *m,
                                 const lede_article *a, const char *v)
{
	const char *bare = v;
	while (bare[0] == '.' && bare[1] == '/')
		bare += 2;
	const char *slash = strrchr(a->path, '/');
	const char *bases[] = {"", slash ? a->path : "", e->cfg->content_dir};
	size_t blen[] = {0, slash ? (size_t)(slash - a->path) : 0, strlen(e->cfg->content_dir)};
	for (size_t i = 0; i < 3; i++) {
		lede_buf b = LEDE_BUF_INIT;
		if (blen[i])
			lede_buf_printf(&b, "%.*s/", (int)blen[i], bases[i]);
		lede_buf_puts(&b, bare);
		const lede_edition *x = edition_at(m, b.data, b.len);
		lede_buf_free(&b);
		if (x)
			return x->path;
	}
	/* the paths of its folder: a range of the sorted map */
	const char *ds = strrchr(bare, '/');
	size_t dlen = ds ? (size_t)(ds - bare) + 1 : 0;
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strncmp(m->v[mid].path, bare, dlen) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < m->n && end - lo < 1000 && !strncmp(m->v[end].path, bare, dlen) &&
	       !strchr(m->v[end].path + dlen, '/'))
		end++;
	const char **names = lede_xcalloc(end - lo + 1, sizeof *names);
	for (size_t i = lo; i < end; i++)
		names[i - lo] = m->v[i].path;
	const char *near = lede_nearest(bare, names, end - lo);
	free(names);
	return near;
}

/* The translations: map tr of article a, against the editions map. */
static void check_translations(lede_engine *e, const lede_article *a, const lede_value *tr)
{
	const lede_editions *m = e->parent ? e->parent->editions : e->editions;
	if (tr->type != LEDE_MAP) {
		lede_reportf(e, true, a->path, tr->line, tr->column,
		             "'translations' must map a language to the article in it, e.g. "
		             "translations: {fr: content/fr/story.md}, not %s; the article is "
		             "joined to no edition by it",
		             lede_value_type_name(tr->type));
		return;
	}
	for (size_t i = 0; m && i < tr->u.list.n; i++) {
		const lede_value *v = tr->u.list.items[i];
		const char *lang = tr->u.list.keys[i], *path = lede_value_str(v);
		if (!path) {
			lede_reportf(e, true, a->path, v->line, v->column,
			             "'translations' maps '%s' to %s, not the path of an article "
			             "(e.g. content/fr/story.md); no edition is joined by it",
			             lang, lede_value_type_name(v->type));
			continue;
		}
		const lede_edition *x = lede_editions_find(m, path);
		if (!x) {
			/* (the article meant is one of the others: its text is not
			 * the article's alone to repeat, see lede_trace) */
			unrepeatable(e);
			const char *near = meant_edition(e, m, a, path);
			if (near)
				lede_reportf(
				    e, true, a->path, v->line, v->column,
				    "'translations' names '%s' (%s), which is no article; did "
				    "you mean '%s'? (an article is named by its path from the "
				    "site folder)",
				    path, lang, near);
			else
				lede_reportf(
				    e, true, a->path, v->line, v->column,
				    "'translations' names '%s' (%s), which is no article; an "
				    "article is named by its path from the site folder, as "
				    "'%s' is",
				    path, lang, a->path);
		} else if (x->lang && strcmp(x->lang, lang)) {
			lede_reportf(e, true, a->path, v->line, v->column,
			             "'translations' names '%s' as the edition in '%s', but its "
			             "language is '%s'; write it under '%s:'",
			             path, lang, x->lang, x->lang);
		}
	}
}

/* translation_key: and translations: join editions before the build,
 * from the front matter alone (editions.c), which skips what it cannot
 * read: a key or a map of another type, a path that names no article (a
 * typo, a path from the article's folder), or one named under a language
 * it is not in would leave the pages without their language switcher,
 * silently. A warning at the value, with the path meant. */
/* The dates of the article's later versions after the build time, when
 * no embargo of its own holds it back then: its updated: or a
 * correction's date (a change not made yet, shown now, and the feeds'
 * modified time ahead). Most often a year mistyped: a warning at the
 * date. */
static void check_future_dates(lede_engine *e, const lede_article *a)
{
	int said = e->nwarnings;
	lede_date d;
	const lede_value *v = lede_value_get(a->meta, "embargo");
	if (v && lede_meta_date(v, &d) == 0 && later_than_now(e, &d))
		return;
	lede_buf now = LEDE_BUF_INIT;
	lede_date_rfc3339(&e->now, &now);
	/* (a story scheduled by its date alone: lede has no such rule, the
	 * embargo is the way to hold a story back) */
	if (later_than_now(e, &a->date)) {
		v = lede_value_get(a->meta, "date");
		lede_reportf(e, true, a->path, v ? v->line : 0, v ? v->column : 0,
		             "'date' is after the build time (%s): the article is published now, "
		             "dated ahead; to hold it back until then, give it 'embargo:' that "
		             "date, or correct the date",
		             lede_buf_cstr(&now));
	}
	v = lede_value_get(a->meta, "updated");
	if (v && lede_meta_date(v, &d) == 0 && later_than_now(e, &d))
		lede_reportf(
		    e, true, a->path, v->line, v->column,
		    "'updated' is after the build time (%s): a version not made yet, which "
		    "the feeds would give as the article's last change; check its date",
		    lede_buf_cstr(&now));
	v = lede_value_get(a->meta, "corrections");
	for (size_t i = 0; v && v->type == LEDE_SEQ && i < v->u.list.n; i++) {
		const lede_value *c = v->u.list.items[i];
		const lede_value *cd = c->type == LEDE_MAP ? lede_value_get(c, "date") : NULL;
		if (cd && lede_meta_date(cd, &d) == 0 && later_than_now(e, &d))
			lede_reportf(
			    e, true, a->path, cd->line, cd->column,
			    "a correction's 'date' is after the build time (%s): a correction "
			    "not made yet is shown now, and the feeds give it as the "
			    "article's last change; check its date",
			    lede_buf_cstr(&now));
	}
	if (e->nwarnings != said)
		unrepeatable(e); /* (the build time is in the text) */
	lede_buf_free(&now);
}

/* Whether edition x of me's story has a published edition in its own
 * language (a killed version replaced by a new one, as the twin check
 * asks): the story goes on in that language. */
static bool replaced(const lede_engine *e, const lede_editions *m, const lede_edition *me,
                     const lede_edition *x)
{
	for (size_t k = me->first; x->lang && k < me->first + me->count; k++) {
		const lede_edition *y = &m->v[m->order[k]];
		if (y != x && !y->held && !(y->draft && !e->drafts) && y->lang &&
		    !strcmp(y->lang, x->lang))
			return true;
	}
	return false;
}

/* An edition of a's story under embargo while a is not, or lifts
 * earlier: a without an embargo: of its own is held back until then
 * (edition_embargo), and says so; one whose own lifts earlier publishes
 * the story before the other may be, and is warned. */
static void check_edition_embargo(lede_engine *e, const lede_article *a)
{
	const char *held = lede_article_held(e, a);
	if ((a->draft && !e->drafts) || (held && strcmp(held, "embargoed")))
		return;
	lede_buf when = LEDE_BUF_INIT;
	const lede_edition *by = edition_embargo(e, a);
	if (by) {
		/* (at what joins it to its editions, when it is in its file) */
		const lede_value *at = lede_value_get(a->meta, "translations");
		if (!at || at->type == LEDE_NULL)
			at = lede_value_get(a->meta, "translation_key");
		lede_date_rfc3339(&by->embargo, &when);
		const lede_editions *m = e->parent ? e->parent->editions : e->editions;
		bool killed = by->status == LEDE_STATUS_CANCELED;
		if ((killed || by->status == LEDE_STATUS_WITHHELD) &&
		    !replaced(e, m, lede_editions_find(m, a->path), by))
			/* (its story is pulled under embargo: when the embargo lifts this
			 * one goes out alone, as check_edition_kill would say then) */
			lede_reportf(
			    e, true, a->path, at ? at->line : 0, at ? at->column : 0,
			    "held back until %s, the embargo of its edition %s (%s), which "
			    "is %s: this one is published then, the story in '%s' alone; "
			    "%s in every language: give this edition 'pubstatus: %s' and "
			    "'updated:' too, or, if it stands on its own, take it out of the "
			    "story's editions",
			    lede_buf_cstr(&when), by->path, by->lang ? by->lang : "?",
			    killed ? "killed" : "withheld", a->lang ? a->lang : "?",
			    killed ? "a kill withdraws the story"
			           : "withholding holds the story back",
			    killed ? "canceled" : "withheld");
		else
			lede_reportf(
			    e, true, a->path, at ? at->line : 0, at ? at->column : 0,
			    "held back until %s, the embargo of its edition %s (%s): an "
			    "edition without an 'embargo:' of its own waits for its story's; "
			    "give it one to say when it may publish",
			    lede_buf_cstr(&when), by->path, by->lang);
		lede_buf_free(&when);
		return;
	}
	const lede_editions *m = e->parent ? e->parent->editions : e->editions;
	const lede_edition *me = m ? lede_editions_find(m, a->path) : NULL;
	const lede_value *at = lede_value_get(a->meta, "embargo");
	lede_date mine;
	if (!me || me->count < 2 || !at || lede_meta_date(at, &mine) != 0)
		return;
	for (size_t k = me->first; k < me->first + me->count; k++) {
		const lede_edition *x = &m->v[m->order[k]];
		if (x == me || !x->embargoed || (x->draft && !e->drafts) ||
		    lede_date_compare(&mine, &x->embargo) >= 0)
			continue;
		lede_date_rfc3339(&x->embargo, &when);
		lede_reportf(e, true, a->path, at->line, at->column,
		             "its edition %s (%s) is under embargo until %s, and this one lifts "
		             "earlier: it publishes the story before then; give it the same "
		             "'embargo:'",
		             x->path, x->lang, lede_buf_cstr(&when));
		break;
	}
	lede_buf_free(&when);
}

/* A kill withdraws the story: an edition still published while another
 * of its story is killed (or withheld) is likely one the desk forgot (the
 * French edition of a story killed for a legal reason), and says so. */
static void check_edition_kill(lede_engine *e, const lede_article *a)
{
	if ((a->draft && !e->drafts) || lede_article_held(e, a))
		return;
	const lede_editions *m = e->parent ? e->parent->editions : e->editions;
	const lede_edition *me = m ? lede_editions_find(m, a->path) : NULL;
	for (size_t k = me ? me->first : 0; me && me->count > 1 && k < me->first + me->count; k++) {
		const lede_edition *x = &m->v[m->order[k]];
		bool killed = x->status == LEDE_STATUS_CANCELED;
		if (x == me || !(killed || x->status == LEDE_STATUS_WITHHELD) ||
		    replaced(e, m, me, x))
			continue;
		const lede_value *at = lede_value_get(a->meta, "translations");
		if (!at || at->type == LEDE_NULL)
			at = lede_value_get(a->meta, "translation_key");
		lede_reportf(
		    e, true, a->path, at ? at->line : 0, at ? at->column : 0,
		    "its edition %s (%s) is %s, and this one is still published: %s in "
		    "every language; give this edition 'pubstatus: %s' and 'updated:' "
		    "too, or, if it stands on its own, take it out of the story's editions",
		    x->path, x->lang ? x->lang : "?", killed ? "killed" : "withheld",
		    killed ? "a kill withdraws the story" : "withholding holds the story back",
		    killed ? "canceled" : "withheld");
		return;
	}
}

/* Two published editions of one story in one language: every page's
 * language switcher lists both, and its hreflang alternates name two
 * pages for the language, which search engines take for an error (a
 * sitemap of every edition names the first by path alone). A warning at
 * what joins the later by path (a killed, withheld, embargoed or draft
 * one is none: its pages do not list it). */
static void check_edition_twin(lede_engine *e, const lede_article *a, const lede_value *at)
{
	const lede_editions *m = e->parent ? e->parent->editions : e->editions;
	const lede_edition *me = m ? lede_editions_find(m, a->path) : NULL;
	if (!me || me->count < 2 || me->held || (me->draft && !e->drafts) || !me->lang)
		return;
	for (size_t k = me->first; k < me->first + me->count; k++) {
		const lede_edition *x = &m->v[m->order[k]];
		if (x == me || x->held || (x->draft && !e->drafts) || !x->lang ||
		    strcmp(x->lang, me->lang) || strcmp(x->path, me->path) >= 0)
			continue;
		lede_reportf(e, true, a->path, at ? at->line : 0, at ? at->column : 0,
		             "its story has another edition in '%s', %s: every edition's language "
		             "switcher lists both, and two hreflang '%s' alternates are an error "
		             "to search engines (a sitemap of every edition names %s alone); "
		             "take this one out of the story (its translation_key:, or the "
		             "translations: that joins it), or give it 'pubstatus: canceled' if it "
		             "is replaced",
		             me->lang, x->path, me->lang, x->path);
		return;
	}
}

static void check_article_editions(lede_engine *e, const lede_article *a)
{
	const lede_value *k = lede_value_get(a->meta, "translation_key");
	const lede_value *tr = lede_value_get(a->meta, "translations");
	if (tr && tr->type == LEDE_NULL)
		tr = NULL;
	const lede_value *joins = tr && (!k || k->type == LEDE_NULL || tr->line < k->line) ? tr : k;
	check_edition_twin(e, a, joins);
	bool key_bad = k && k->type != LEDE_NULL && !lede_value_str(k);
	bool key_first = key_bad && (!tr || k->line < tr->line); /* (the file's order) */
	for (int pass = 0; pass < 3; pass++) {
		if (pass == 1 && tr)
			check_translations(e, a, tr);
		else if (key_bad && pass == (key_first ? 0 : 2))
			lede_reportf(e, true, a->path, k->line, k->column,
			             "'translation_key' must be text (a key its editions share), "
			             "not %s; the article is joined to no edition by it",
			             lede_value_type_name(k->type));
	}
}

/* A kill is a new version of the story: partners take it down when its
 * ninjs versioncreated (and a feed's updated) moves. The front matter has
 * no time of the kill but updated:, the latest version's date; a kill
 * without one keeps the last version's time, and a partner polling the
 * wire by versioncreated may miss it. A warning at pubstatus: says what to
 * add, when an outlet built announces kills (ninjs, canceled: true): a
 * site that only replaces the page has nobody to tell. The same when its
 * updated: is not after a version the front matter gives (its date, a
 * correction's): the kill's time is then that version's, as when the
 * editor left an older updated: in place. (A version before, known only
 * to the last build's state, is not compared: a clean build would not
 * warn, and the next build, whose state has the kill, would not either.) */
static void check_kill_time(lede_engine *e, const lede_article *a)
{
	const lede_value *u = lede_value_get(a->meta, "updated");
	bool withheld = is_withheld(a);
	if (!(is_canceled(a) || withheld) || (a->draft && !e->drafts))
		return;
	bool announced = false;
	for (size_t i = 0; i < e->noutlets && !announced; i++)
		announced = e->outlets[i].selected && (withheld ? lists_withheld(&e->outlets[i])
		                                                : lists_canceled(&e->outlets[i]));
	/* Killed or withheld under an embargo: only its time tells whether
	 * the story was ever public (pulled_unreleased); a killed one's pages
	 * would say so in every outlet that makes pages. */
	lede_date until;
	const lede_editions *m = e->parent ? e->parent->editions : e->editions;
	if (!(u && u->type != LEDE_NULL) && (announced || !withheld) &&
	    (lede_meta_date(lede_value_get(a->meta, "embargo"), &until) == 0 ||
	     (m && lede_editions_held_until(m, a->path, &until)))) {
		const lede_value *v = lede_value_get(a->meta, "pubstatus");
		lede_reportf(e, true, a->path, v ? v->line : 0, v ? v->column : 0,
		             "a %s story under embargo without 'updated:': lede cannot tell "
		             "whether it was %s before its embargo lifted (it was never "
		             "public, and is published nowhere) or after (%s, its headline "
		             "shown); add 'updated:' with the time %s (2020-07-25T18:00:00+02:00)",
		             withheld ? "withheld" : "killed", withheld ? "withheld" : "killed",
		             withheld ? "the wire lists it as withheld"
		                      : "its pages say it was withdrawn",
		             withheld ? "it was withheld" : "of the kill");
		return;
	}
	if (!announced)
		return;
	lede_date when;
	if (u && u->type != LEDE_NULL && lede_meta_date(u, &when) == 0) {
		/* the latest version it names: its date, or a correction's
		 * (editorial_error has checked them) */
		lede_date last = a->date;
		const char *what = "its 'date'";
		const lede_value *cs = lede_value_get(a->meta, "corrections");
		for (size_t i = 0; cs && cs->type == LEDE_SEQ && i < cs->u.list.n; i++) {
			lede_date d;
			const lede_value *c = cs->u.list.items[i];
			if (c->type == LEDE_MAP &&
			    lede_meta_date(lede_value_get(c, "date"), &d) == 0 &&
			    lede_date_compare(&d, &last) >= 0) {
				last = d;
				what = "its correction of";
			}
		}
		if (lede_date_compare(&when, &last) > 0)
			return;
		lede_buf at = LEDE_BUF_INIT;
		lede_date_rfc3339(&last, &at);
		lede_reportf(e, true, a->path, u->line, u->column,
		             "the %s story's 'updated:' is not after %s %s, a version published "
		             "before: %s is a new version, and with that time the wire (ninjs "
		             "versioncreated)%s give%s the last version's, so a partner may not "
		             "see it; give 'updated:' the time %s",
		             withheld ? "withheld" : "killed", what, lede_buf_cstr(&at),
		             withheld ? "withholding it" : "the kill",
		             withheld ? "" : " and the feeds", withheld ? "s" : "",
		             withheld ? "it was withheld" : "of the kill");
		lede_buf_free(&at);
		return;
	}
	const lede_value *v = lede_value_get(a->meta, "pubstatus");
	lede_reportf(e, true, a->path, v ? v->line : 0, v ? v->column : 0,
	             "a %s story without 'updated:': %s is its latest version, and without "
	             "%s time the wire (ninjs versioncreated)%s give%s the last version's, so "
	             "a partner may not see it; add 'updated:' with the time %s "
	             "(2020-07-25T18:00:00+02:00)",
	             withheld ? "withheld" : "killed", withheld ? "withholding it" : "the kill",
	             withheld ? "its" : "the kill's", withheld ? "" : " and the feeds",
	             withheld ? "s" : "", withheld ? "it was withheld" : "of the kill");
}

void lede_article_checks(lede_engine *e, const lede_article *a)
{
	for (size_t w = 0; w < a->extraction.nwarnings; w++)
		lede_reportf(e, true, a->path, 0, 0, "%s", a->extraction.warnings[w]);
	check_article_outlets(e, a);
	check_article_editions(e, a);
	check_edition_embargo(e, a);
	check_edition_kill(e, a);
	/* tags: "data, open-government" is one tag (one page, "Tagged data,
	 * open-government"): likely meant as a list. */
	const lede_value *tags = lede_value_get(a->meta, "tags");
	if (tags && tags->type == LEDE_STRING && memchr(tags->u.str.s, ',', tags->u.str.len))
		lede_reportf(e, true, a->path, tags->line, tags->column,
		             "tags is one string, so one tag, '%.80s'; several tags are a list: "
		             "tags: [%.80s]",
		             tags->u.str.s, tags->u.str.s);
	const lede_value *at;
	const char *why = editorial_error(a, &at);
	if (why)
		lede_reportf(e, false, a->path, at ? at->line : 0, at ? at->column : 0, "%s", why);
	else {
		check_future_dates(e, a);
		check_kill_time(e, a);
	}
}

int lede_article_hooks(lede_engine *e, lede_article *a)
{
	/* an edition that waited for its story's embargo was published when
	 * that lifted (lede_article_released) */
	const lede_editions *m = e->parent ? e->parent->editions : e->editions;
	if (m)
		lede_editions_held_until(m, a->path, &a->held_until);
	return bridge_run_hook(e, LEDE_HOOK_ARTICLE, a, NULL);
}

int lede_engine_load(lede_engine *e)
{
	size_t n;
	char **paths = lede_content_paths(e, &n);
	return lede_engine_load_paths(e, paths, n);
}

int lede_engine_load_paths(lede_engine *e, char **paths, size_t n)
{
	/* A missing content folder stops the build, after the plugins are
	 * loaded so that their errors are reported in the same run. */
	bool no_content = !paths;
	/* Scripts publish pages that link to their editions too. */
	if (paths && !e->editions)
		e->editions = lede_editions_scan(e->root, paths, n, e->cfg->language, &e->now, 1,
		                                 e->cfg->article_bytes, e->cfg->unicode_slugs);
	strlist list = {paths, n, n};
	lede_article **arts = lede_xcalloc(n + 1, sizeof *arts);
	load_all(e, &list, arts);
	e->arts = arts;
	e->narts = n;
	/* kept until lede_engine_release: what failed keeps its last version */
	e->art_paths = paths ? paths : lede_xcalloc(1, sizeof(char *));
	e->art_failed = lede_xcalloc(n + 1, sizeof *e->art_failed);
	for (size_t i = 0; i < n; i++)
		e->art_failed[i] = !arts[i];
	if (e->strict && e->nerrors)
		e->stop = true;

	/* A plugin that cannot load or set up stops the build: publishing
	 * without it (a filter that holds back embargoed news, say) could put
	 * out what should not be. */
	if (!e->stop && lede_engine_prepare(e) != 0) {
		lede_engine_unprepared(e);
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
		int keep = lede_article_hooks(e, arts[i]);
		if (keep <= 0) {
			e->art_failed[i] = keep < 0;
			bridge_release(e, arts[i]);
			arts[i] = NULL;
		}
	}
	return e->stop ? -1 : 0;
}

/* A static file, through the build's stage, owned by the site. */
static int stage_static(void *ud, const char *rel, const void *data, size_t len, lede_error *err)
{
	lede_engine *e = ud;
	bool changed;
	int rc = lede_state_write(e->state, rel, data, len, NULL, NULL, NULL, NULL, &changed, err);
	e->nchanged += rc == 0 && changed;
	return rc;
}

void lede_engine_copy_static(lede_engine *e)
{
	if (e->check_only || e->stop || e->static_copied)
		return;
	e->static_copied = true;
	int copied = 0;
	/* A build killed mid-write left temporary files; they are lede's own.
	 * Only then is the whole output folder read for them. */
	int removed = 0;
	if ((!e->state || lede_state_interrupted(e->state)) &&
	    lede_clean_temp(e->outdir, (const char *const[]){LEDE_MANIFEST, LEDE_RUNNING, NULL},
	                    &removed) != 0)
		lede_reportf(e, true, e->outdir, 0, 0,
		             "cannot remove every leftover temporary file (.NAME.tmp-XXXXXX) of an "
		             "interrupted build; remove them by hand");
	lede_buf site_static = LEDE_BUF_INIT, bundled_static = LEDE_BUF_INIT;
	lede_buf_printf(&bundled_static, "%s/static", e->bundled);
	lede_buf_printf(&site_static, "%s/%s", e->root, e->cfg->static_dir);
	/* lede's own static files come from its install; the site's may hold
	 * symlinks, followed only inside the site folder. */
	lede_copy_tree(bundled_static.data, "[lede]/static", e->outdir, NULL, walk_report, e,
	               e->state ? stage_static : NULL, e, &copied);
	lede_copy_tree(site_static.data, e->cfg->static_dir, e->outdir, e->root, walk_report, e,
	               e->state ? stage_static : NULL, e, &copied);
	lede_buf_free(&site_static);
	lede_buf_free(&bundled_static);
	e->nwritten += copied;
}

void lede_engine_finish(lede_engine *e) { bridge_finish(e); }

void lede_engine_release(lede_engine *e)
{
	for (size_t i = 0; i < e->narts; i++)
		if (e->arts[i])
			bridge_release(e, e->arts[i]);
	for (size_t i = 0; e->art_paths && i < e->narts; i++)
		free(e->art_paths[i]);
	free(e->art_paths);
	free(e->art_failed);
	e->art_paths = NULL;
	e->art_failed = NULL;
	free(e->arts);
	e->arts = NULL;
	e->narts = 0;
	lede_editions_free(e->editions);
	e->editions = NULL;
}
