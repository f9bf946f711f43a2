/* site.c: reading and checking lede.yaml. */
#include "site.h"

#include "date.h"
#include "escape.h"

#include "engine.h"
#include "extract.h"
#include "frontmatter.h"
#include "json.h"
#include "output.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef struct {
	lede_config *c;
	const char *text;
	size_t len;
	lede_error *err;
	/* every error found (the checking goes on past the first in each
	 * part of lede.yaml that stands alone), when the caller takes them
	 * all; else only the first, in err */
	bool all;
	lede_error *errs;
	size_t nerrs;
} ctx;

static int fail(ctx *x, const lede_value *at, const char *fmt, const char *a1, const char *a2)
{
	char msg[900];
	snprintf(msg, sizeof msg, fmt, a1, a2);
	lede_error e;
	lede_error_clear(&e);
	lede_error_set(&e, x->c->file, at ? at->line : 0, at ? at->column : 0, "%s", msg);
	if (at)
		lede_error_snippet(&e, x->text, x->len, at->line);
	if (x->all) {
		x->errs = lede_xrealloc(x->errs, (x->nerrs + 1) * sizeof *x->errs);
		x->errs[x->nerrs] = e;
	} else if (!x->nerrs && x->err)
		*x->err = e; /* the first stays */
	x->nerrs++;
	return -1;
}

/* Unknown keys are errors: a typo in a config key must not silently do
 * nothing. */
static int check_keys(ctx *x, const lede_value *map, const char *where, const char *const *known)
{
	for (size_t i = 0; i < map->u.list.n; i++) {
		const char *k = map->u.list.keys[i];
		bool ok = false;
		for (const char *const *p = known; *p; p++)
			if (!strcmp(*p, k))
				ok = true;
		if (!ok) {
			char list[512] = "";
			for (const char *const *p = known; *p; p++) {
				strncat(list, *p, sizeof list - strlen(list) - 1);
				if (p[1])
					strncat(list, ", ", sizeof list - strlen(list) - 1);
			}
			size_t nknown = 0;
			while (known[nknown])
				nknown++;
			const char *near = lede_nearest(k, known, nknown);
			char what[400];
			if (near) {
				snprintf(what, sizeof what,
				         "unknown key '%s' in %s; did you mean '%s'?", k, where,
				         near);
				return fail(x, map->u.list.key_nodes[i], "%s (known keys: %s)",
				            what, list);
			}
			snprintf(what, sizeof what, "unknown key '%s' in %s", k, where);
			return fail(x, map->u.list.key_nodes[i], "%s; known keys: %s", what, list);
		}
	}
	return 0;
}

static int get_str(ctx *x, const lede_value *map, const char *key, const char **out)
{
	const lede_value *v = lede_value_get(map, key);
	if (!v || v->type == LEDE_NULL)
		return 0;
	if (v->type != LEDE_STRING)
		return fail(x, v, "'%s' must be a string, not %s", key,
		            lede_value_type_name(v->type));
	*out = v->u.str.s;
	return 0;
}

static int get_bool(ctx *x, const lede_value *map, const char *key, bool *out)
{
	const lede_value *v = lede_value_get(map, key);
	if (!v || v->type == LEDE_NULL)
		return 0;
	if (v->type != LEDE_BOOL)
		return fail(x, v, "'%s' must be true or false, not %s", key,
		            lede_value_type_name(v->type));
	*out = v->u.b;
	return 0;
}

static int get_map(ctx *x, const lede_value *map, const char *key, const lede_value **out)
{
	const lede_value *v = lede_value_get(map, key);
	*out = NULL;
	if (!v || v->type == LEDE_NULL)
		return 0;
	if (v->type != LEDE_MAP)
		return fail(x, v, "'%s' must be a mapping, not %s", key,
		            lede_value_type_name(v->type));
	*out = v;
	return 0;
}

/* What a site: mapping (the site's, or an outlet's over it) says that
 * must hold: its language names folders ({lang} in paths), its base_url
 * makes the links that leave the site (feeds, canonical, JSON-LD). */
static int check_site(ctx *x, const lede_value *site)
{
	int rc = 0;
	const lede_value *l = lede_value_get(site, "language");
	if (l && l->type == LEDE_STRING && !lede_lang_valid(l->u.str.s)) {
		lede_buf hint = LEDE_BUF_INIT;
		lede_lang_hint(l->u.str.s, &hint);
		rc = fail(x, l,
		          "'language' must be a language tag: " LEDE_LANG_RULE ", not '%.40s'%s",
		          l->u.str.s, lede_buf_cstr(&hint));
		lede_buf_free(&hint);
	}
	const lede_value *b = lede_value_get(site, "base_url");
	if (b && b->type == LEDE_STRING && b->u.str.len) {
		/* an http(s) address with a host (lede_url_host, as links are
		 * read), written without spaces or controls */
		lede_buf host = LEDE_BUF_INIT;
		const char *scheme = lede_url_host(b->u.str.s, b->u.str.len, &host);
		lede_buf_free(&host);
		bool ok = scheme && scheme[0];
		for (size_t i = 0; ok && i < b->u.str.len; i++)
			ok = (unsigned char)b->u.str.s[i] > ' ';
		if (!ok)
			rc = fail(x, b,
			          "'base_url' must be the site's http(s) address, as "
			          "https://news.example.org/ (feeds and canonical links are made "
			          "from it), not '%.60s'",
			          b->u.str.s, NULL);
		/* every link is the base's path then the page's: a query or a
		 * fragment would hold them all (https://x.org/?a=1/feed.rss) */
		else if (strpbrk(b->u.str.s, "?#"))
			rc = fail(x, b,
			          "'base_url' must not hold a query or fragment ('?' or '#'): the "
			          "site's paths are joined after it; write the address only, as "
			          "https://news.example.org/news/, not '%.60s'",
			          b->u.str.s, NULL);
	}
	return rc;
}

/* A plugin or format name names a file under plugins/ (plugins/formats/):
 * no '.' (so no ".."), not absolute, so nothing outside the site loads. */
static bool plugin_name_ok(const char *name)
{
	return name[0] && !strchr(name, '.') && name[0] != '/';
}

/* A template name is a path under templates/: relative, without "..". */
static int check_template(ctx *x, const lede_value *map)
{
	const lede_value *t = lede_value_get(map, "template");
	if (!t || t->type != LEDE_STRING || lede_path_is_contained(t->u.str.s))
		return 0;
	return fail(x, t,
	            "bad template name '%s'; name a file in templates/ by a relative path without "
	            "'..'",
	            t->u.str.s, NULL);
}

static int plugins(ctx *x, const lede_value *v, lede_plugin_spec **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!v || v->type == LEDE_NULL)
		return 0;
	if (v->type != LEDE_SEQ)
		return fail(
		    x, v,
		    "'plugins' must be a list of plugin names or {name: ...} mappings, not %s",
		    lede_value_type_name(v->type), NULL);
	*out = lede_arena_alloc(x->c->arena, (v->u.list.n + 1) * sizeof **out);
	for (size_t i = 0; i < v->u.list.n; i++) {
		const lede_value *e = v->u.list.items[i];
		lede_plugin_spec *p = &(*out)[i];
		p->line = e->line;
		p->column = e->column;
		if (e->type == LEDE_STRING) {
			p->name = e->u.str.s;
		} else if (e->type == LEDE_MAP) {
			static const char *const known[] = {
			    "name",   "options",  "sandbox", "instructions",
			    "memory", "raw_html", NULL};
			if (check_keys(x, e, "a plugin entry", known) ||
			    get_str(x, e, "name", &p->name) ||
			    get_bool(x, e, "sandbox", &p->sandbox) ||
			    get_bool(x, e, "raw_html", &p->raw_html))
				return -1;
			if (p->raw_html && !p->sandbox)
				return fail(x, lede_value_get(e, "raw_html"),
				            "'raw_html' grants raw HTML to a sandboxed plugin; add "
				            "'sandbox: "
				            "true' (trusted plugins may always make raw HTML)",
				            NULL, NULL);
			static const char *const budgets[] = {"instructions", "memory"};
			for (int b = 0; b < 2; b++) {
				const lede_value *bv = lede_value_get(e, budgets[b]);
				if (!bv)
					continue;
				if (bv->type != LEDE_INT || bv->u.i < 1)
					return fail(x, bv, "'%s' must be a whole number above 0%s",
					            budgets[b], b ? " (bytes)" : "");
				if (!p->sandbox)
					return fail(x, bv,
					            "'%s' is a sandbox budget; add 'sandbox: true'",
					            budgets[b], NULL);
				if (b)
					p->memory = bv->u.i;
				else
					p->instructions = bv->u.i;
			}
			if (!p->name)
				return fail(x, e, "a plugin entry needs a 'name'", NULL, NULL);
			p->options = lede_value_get(e, "options");
		} else {
			return fail(x, e, "a plugin entry must be a name or a mapping, not %s",
			            lede_value_type_name(e->type), NULL);
		}
		if (!p->instructions)
			p->instructions = 10000000;
		if (!p->memory)
			p->memory = 32 << 20;
		if (!plugin_name_ok(p->name))
			return fail(
			    x, e,
			    "bad plugin name '%s'; name a file plugins/NAME.lua without '.lua'",
			    p->name, NULL);
	}
	*n = v->u.list.n;
	return 0;
}

/* limits: { hook_seconds: N } (N > 0, seconds, fractions allowed). */
/* limits.KEY, a number above 0 and at most max, into *out (left as it
 * is when the key is not there); msg when it is not such a number. */
static int limit_number(ctx *x, const lede_value *l, const char *key, double max, const char *msg,
                        double *out)
{
	const lede_value *v = lede_value_get(l, key);
	if (!v || v->type == LEDE_NULL)
		return 0;
	double d = v->type == LEDE_INT ? (double)v->u.i : v->type == LEDE_FLOAT ? v->u.f : -1;
	if (!(d > 0) || d > max)
		return fail(x, v, "%s", msg, NULL);
	*out = d;
	return 0;
}

static int limits(ctx *x, const lede_value *root)
{
	x->c->hook_seconds = 60;
	x->c->article_bytes = (size_t)LEDE_ARTICLE_MB * 1024 * 1024;
	const lede_value *l;
	if (get_map(x, root, "limits", &l))
		return -1;
	if (!l)
		return 0;
	static const char *const known[] = {"hook_seconds", "article_mb", NULL};
	if (check_keys(x, l, "limits", known))
		return -1;
	/* An article's parse takes some thirty times its size in memory: a
	 * file of gigabytes (a misplaced export, a hostile feed) must fail
	 * alone, not take the build's memory (article_mb). */
	double mb = -1;
	int rc = limit_number(x, l, "hook_seconds", HUGE_VAL,
	                      "'hook_seconds' must be a number of seconds above 0, e.g. 'limits: "
	                      "{hook_seconds: 60}'",
	                      &x->c->hook_seconds);
	if (limit_number(x, l, "article_mb", 1048576,
	                 "'article_mb' must be a number of megabytes (MiB) above 0, e.g. "
	                 "'limits: {article_mb: 16}'",
	                 &mb))
		rc = -1;
	/* (less than a byte would be 0, which is no limit at all) */
	if (mb > 0 && mb * 1024 * 1024 < 1)
		return fail(x, lede_value_get(l, "article_mb"),
		            "'article_mb' is less than a byte, which would be no limit at all; "
		            "give megabytes (MiB), e.g. 'limits: {article_mb: 16}'",
		            NULL, NULL);
	if (mb > 0)
		x->c->article_bytes = (size_t)(mb * 1024 * 1024);
	return rc;
}

/* quotes: { verbs: { LANG: [...] }, roles: { LANG: [...] } }: speech verbs
 * and role nouns added to the extractor's tables (extract.h). */
static int quote_words(ctx *x, const lede_value *root)
{
	const lede_value *q;
	if (get_map(x, root, "quotes", &q))
		return -1;
	if (!q)
		return 0;
	static const char *const known[] = {"verbs", "roles", NULL};
	if (check_keys(x, q, "quotes", known))
		return -1;
	lede_config *c = x->c;
	size_t cap = 0;
	for (int k = 0; k < 2; k++) {
		const lede_value *m;
		if (get_map(x, q, k ? "roles" : "verbs", &m))
			return -1;
		cap += m ? m->u.list.n : 0;
	}
	c->quote_words = lede_arena_alloc(c->arena, (cap + 1) * sizeof *c->quote_words);
	for (int k = 0; k < 2; k++) {
		const char *key = k ? "roles" : "verbs";
		const lede_value *m = lede_value_get(q, key);
		for (size_t i = 0; m && i < m->u.list.n; i++) {
			const lede_value *l = m->u.list.items[i];
			if (l->type != LEDE_SEQ)
				return fail(
				    x, l,
				    "'quotes: %s:' maps a language to a list of words, e.g. "
				    "'quotes: { verbs: { fr: [martèle, tacle] } }'",
				    key, NULL);
			const char **w = lede_arena_alloc(c->arena, (l->u.list.n + 1) * sizeof *w);
			for (size_t j = 0; j < l->u.list.n; j++) {
				const lede_value *v = l->u.list.items[j];
				if (v->type != LEDE_STRING || !v->u.str.s[0] || v->u.str.len > 60)
					return fail(
					    x, v,
					    "'quotes: %s:' lists words (1 to 60 characters), "
					    "e.g. [martèle, tacle]",
					    key, NULL);
				w[j] = v->u.str.s;
			}
			w[l->u.list.n] = NULL;
			lede_quote_words *o = &c->quote_words[c->nquote_words++];
			memset(o, 0, sizeof *o);
			o->lang = m->u.list.keys[i];
			if (k)
				o->roles = w;
			else
				o->verbs = w;
		}
	}
	return 0;
}

/* A string, or a list of strings. */
static int str_or_list(ctx *x, const lede_value *f, const char *key)
{
	const lede_value *v = lede_value_get(f, key);
	if (!v || v->type == LEDE_STRING)
		return 0;
	if (v->type == LEDE_SEQ) {
		for (size_t i = 0; i < v->u.list.n; i++)
			if (v->u.list.items[i]->type != LEDE_STRING)
				return fail(x, v->u.list.items[i], "'%s' lists strings, not %s",
				            key, lede_value_type_name(v->u.list.items[i]->type));
		return 0;
	}
	return fail(x, v, "'%s' must be a string or a list of strings, not %s", key,
	            lede_value_type_name(v->type));
}

/* The string or list of strings at key (checked by str_or_list), typed. */
static void typed_strs(ctx *x, const lede_value *map, const char *key, lede_strs *out)
{
	const lede_value *v = lede_value_get(map, key);
	*out = (lede_strs){0};
	if (!v)
		return;
	out->set = true;
	if (v->type == LEDE_STRING) {
		const char **one = lede_arena_alloc(x->c->arena, sizeof *one);
		one[0] = v->u.str.s;
		out->v = one;
		out->n = 1;
		out->one = v->u.str.s;
		return;
	}
	size_t n = v->type == LEDE_SEQ ? v->u.list.n : 0;
	const char **list = lede_arena_alloc(x->c->arena, (n ? n : 1) * sizeof *list);
	for (size_t i = 0; i < n; i++) {
		const char *str = lede_value_str(v->u.list.items[i]);
		list[i] = str ? str : "";
	}
	out->v = list;
	out->n = n;
}

/* filter: (checked by check_filter) as the typed filter the build reads. */
static void typed_filter(ctx *x, const lede_value *f, lede_outlet_filter *out)
{
	*out = (lede_outlet_filter){0};
	if (!f || f->type != LEDE_MAP)
		return;
	typed_strs(x, f, "lang", &out->lang);
	typed_strs(x, f, "section", &out->section);
	typed_strs(x, f, "authors", &out->authors);
	const lede_value *tags = lede_value_get(f, "tags");
	if (tags && tags->type == LEDE_MAP) {
		typed_strs(x, tags, "any", &out->tags_any);
		typed_strs(x, tags, "all", &out->tags_all);
	} else {
		typed_strs(x, f, "tags", &out->tags);
	}
	const lede_value *d;
	if ((d = lede_value_get(f, "from")) && d->type == LEDE_TIMESTAMP)
		out->has_from = true, out->from = d->u.ts;
	if ((d = lede_value_get(f, "until")) && d->type == LEDE_TIMESTAMP)
		out->has_until = true, out->until = d->u.ts;
	const lede_value *fd = lede_value_get(f, "drafts");
	out->drafts = fd && fd->type == LEDE_BOOL && fd->u.b;
	const lede_value *lua = lede_value_get(f, "lua");
	if (lua && lua->type == LEDE_STRING) {
		out->lua = lua->u.str.s;
		out->lua_line = lua->line;
		out->lua_column = lua->column;
	}
}

static int check_filter(ctx *x, const lede_value *f)
{
	static const char *const known[] = {"tags",  "section", "lang", "authors", "from",
	                                    "until", "drafts",  "lua",  NULL};
	if (check_keys(x, f, "an outlet's filter", known))
		return -1;
	const lede_value *tags = lede_value_get(f, "tags");
	if (tags && tags->type == LEDE_MAP) {
		static const char *const tk[] = {"any", "all", NULL};
		if (check_keys(x, tags, "filter.tags", tk) || str_or_list(x, tags, "any") ||
		    str_or_list(x, tags, "all"))
			return -1;
	} else if (str_or_list(x, f, "tags")) {
		return -1;
	}
	if (str_or_list(x, f, "section") || str_or_list(x, f, "lang") ||
	    str_or_list(x, f, "authors"))
		return -1;
	static const char *const dates[] = {"from", "until"};
	for (size_t i = 0; i < 2; i++) {
		const lede_value *d = lede_value_get(f, dates[i]);
		if (d && d->type != LEDE_TIMESTAMP)
			return fail(x, d, "filter '%s' must be a date (YYYY-MM-DD), not %s",
			            dates[i], lede_value_type_name(d->type));
	}
	/* until before from takes no article, ever: the outlet would stay
	 * empty without a word (the dates swapped, a year mistyped). A date
	 * alone includes its whole day, as the filter reads it (build.c). */
	const lede_value *from = lede_value_get(f, "from"), *until = lede_value_get(f, "until");
	if (from && until) {
		lede_date end = until->u.ts;
		if (!end.has_time)
			end = lede_date_from_epoch(lede_date_epoch(&end) + 86399, 0);
		if (lede_date_compare(&from->u.ts, &end) > 0) {
			lede_buf a = LEDE_BUF_INIT, b = LEDE_BUF_INIT;
			lede_date_iso(&until->u.ts, &a);
			lede_date_iso(&from->u.ts, &b);
			int rc = fail(x, until,
			              "filter 'until: %s' is before its 'from: %s', so the outlet "
			              "takes no article; swap them, or correct the year",
			              lede_buf_cstr(&a), lede_buf_cstr(&b));
			lede_buf_free(&a);
			lede_buf_free(&b);
			return rc;
		}
	}
	bool drafts;
	const char *lua = NULL;
	return get_bool(x, f, "drafts", &drafts) || get_str(x, f, "lua", &lua);
}

/* The placeholders of paths: an article's page, and the one each
 * collection kind fills in. */
static const char *const article_placeholders[] = {"lang",  "section", "slug", "year",
                                                   "month", "day",     NULL};
static const char *const tag_placeholders[] = {"tag", NULL};
static const char *const section_placeholders[] = {"section", NULL};
static const char *const no_placeholders[] = {NULL};

/* Checks the pattern path (the value at node, `what` of outlet name): every
 * {name} in it must be one of allowed, and closed. A typo would otherwise become part of a file
 * name, or expand to nothing, and pages would go where nobody looks. */
static int check_pattern(ctx *x, const lede_value *node, const char *name, const char *what,
                         const char *path, const char *const *allowed)
{
	static const char *const every[] = {"lang",  "section", "slug", "year",
	                                    "month", "day",     "tag"};
	char list[200] = "";
	for (const char *const *p = allowed; *p; p++) {
		size_t l = strlen(list);
		snprintf(list + l, sizeof list - l, "%s{%s}", l ? " " : "", *p);
	}
	char msg[900];
	for (const char *s = strchr(path, '{'); s; s = strchr(s + 1, '{')) {
		const char *e = strchr(s + 1, '}');
		const char *open = strchr(s + 1, '{');
		if (!e || (open && open < e)) {
			snprintf(msg, sizeof msg,
			         "outlet '%s': %s '%s' opens a '{' it does not close; placeholders "
			         "are written {name}%s%s",
			         name, what, path, *allowed ? ": " : "", list);
			return fail(x, node, "%s", msg, NULL);
		}
		char ph[64];
		size_t n = (size_t)(e - s - 1);
		snprintf(ph, sizeof ph, "%.*s", (int)(n < sizeof ph ? n : sizeof ph - 1), s + 1);
		bool ok = false, known = false;
		for (const char *const *p = allowed; *p; p++)
			ok |= !strcmp(*p, ph);
		for (size_t i = 0; i < sizeof every / sizeof *every; i++)
			known |= !strcmp(every[i], ph);
		if (ok)
			continue;
		size_t nallowed = 0;
		while (allowed[nallowed])
			nallowed++;
		const char *near = nallowed ? lede_nearest(ph, allowed, nallowed) : NULL;
		if (!*allowed)
			snprintf(msg, sizeof msg,
			         "outlet '%s': %s '%s' holds {%s}, but an index is one collection "
			         "and fills in no placeholder; give it a plain path",
			         name, what, path, ph);
		else if (known)
			snprintf(msg, sizeof msg,
			         "outlet '%s': {%s} has no value in %s '%s'; use %s", name, ph,
			         what, path, list);
		else if (near)
			snprintf(msg, sizeof msg,
			         "outlet '%s': unknown placeholder {%s} in %s '%s'; did you mean "
			         "{%s}? (placeholders: %s)",
			         name, ph, what, path, near, list);
		else
			snprintf(msg, sizeof msg,
			         "outlet '%s': unknown placeholder {%s} in %s '%s'; use %s", name,
			         ph, what, path, list);
		return fail(x, node, "%s", msg, NULL);
	}
	/* Paths inside the output folder, each written one way: './x' and
	 * 'a//b' name the file 'x' and 'a/b' do, yet the pages' relative
	 * links count their folders, and the check of two outlets on one
	 * file compares the paths as written; '..' and '\\' lead out or are
	 * no folder separator here. (A leading '/' is the output folder's
	 * root, as always.) */
	if (strchr(path, '\\')) {
		snprintf(msg, sizeof msg,
		         "outlet '%s': %s '%s' holds '\\'; folders are separated by '/'", name,
		         what, path);
		return fail(x, node, "%s", msg, NULL);
	}
	lede_buf clean = LEDE_BUF_INIT;
	bool odd = false;
	for (const char *c = path + (path[0] == '/');;) {
		size_t len = strcspn(c, "/");
		bool end = !c[len];
		if (len == 2 && c[0] == '.' && c[1] == '.') {
			lede_buf_free(&clean);
			snprintf(msg, sizeof msg,
			         "outlet '%s': %s '%s' holds '..', which leads out of the output "
			         "folder; give a path inside it",
			         name, what, path);
			return fail(x, node, "%s", msg, NULL);
		}
		if ((len == 1 && c[0] == '.') || (len == 0 && !end)) {
			odd = true;
		} else if (len) {
			lede_buf_put(&clean, c, len);
			if (!end)
				lede_buf_putc(&clean, '/');
		}
		if (end)
			break;
		c += len + 1;
	}
	if (odd) {
		snprintf(msg, sizeof msg,
		         "outlet '%s': %s '%s' holds %s; write it '%s' (the same file, and the "
		         "pages' links count the folders as written)",
		         name, what, path, strstr(path, "//") ? "'//'" : "a '.' folder",
		         lede_buf_cstr(&clean));
		lede_buf_free(&clean);
		return fail(x, node, "%s", msg, NULL);
	}
	lede_buf_free(&clean);
	/* a folder or file name of the pattern's own, longer than a name
	 * may be, fails every page it makes */
	for (const char *c = path; *c;) {
		size_t len = strcspn(c, "/");
		if (len > 255) {
			snprintf(
			    msg, sizeof msg,
			    "outlet '%s': %s '%.40s...' holds a folder or file name of %zu bytes; "
			    "a name holds 255 at most",
			    name, what, path, len);
			return fail(x, node, "%s", msg, NULL);
		}
		c += len + (c[len] == '/');
	}
	return 0;
}

/* A pattern as the build reads it: a leading '/' is the output folder's
 * root (docs/config.md "Paths"), the same as none. The pages' expansion
 * drops it from an article's path, but an index, a tag or section page or
 * a feed would be written at "/feed.xml" as it is, refused as outside
 * the output folder, links to them would be made with "//", and two
 * outlets at "/feed.xml" and "feed.xml" would not be seen to meet. So it
 * goes from the value itself (node, in the configuration's own tree):
 * plugins reading outlet.config see the path the build writes. (check_pattern
 * has refused a second '/'.) */
static const char *rooted(const lede_value *node)
{
	lede_value *v = (lede_value *)node; /* (the tree is this config's) */
	if (v->type == LEDE_STRING && v->u.str.s[0] == '/') {
		v->u.str.s++;
		v->u.str.len--;
	}
	return v->u.str.s;
}

/* link_to: an outlet's name, or a list of them (a sitemap of every
 * edition, checked with the others by link_to below): o->link_to is the
 * first, o->link_tos all of them. */
static int get_link_to(ctx *x, const lede_value *map, lede_outlet *o)
{
	const lede_value *v = lede_value_get(map, "link_to");
	if (!v || v->type == LEDE_NULL)
		return 0;
	if (v->type == LEDE_SEQ) {
		if (!v->u.list.n)
			return fail(x, v,
			            "'link_to' is an empty list; name the outlets whose pages the "
			            "entries link to, e.g. 'link_to: [web, fr]'",
			            NULL, NULL);
		for (size_t i = 0; i < v->u.list.n; i++) {
			const lede_value *it = v->u.list.items[i];
			if (it->type != LEDE_STRING)
				return fail(x, it,
				            "'link_to' must list outlet names (strings), not %s",
				            lede_value_type_name(it->type), NULL);
			for (size_t j = 0; j < i; j++)
				if (!strcmp(lede_value_str(v->u.list.items[j]), it->u.str.s))
					return fail(
					    x, it,
					    "'link_to' names '%s' twice; name each outlet once",
					    it->u.str.s, NULL);
		}
	} else if (v->type != LEDE_STRING) {
		return fail(x, v,
		            "'link_to' must be an outlet's name, or a list of them for a "
		            "sitemap, not %s",
		            lede_value_type_name(v->type), NULL);
	}
	typed_strs(x, map, "link_to", &o->link_tos);
	o->link_to = o->link_tos.v[0];
	return 0;
}

/* The formats lede bundles that make no page for an article (no render
 * hook: one file for the outlet's collection). */
static bool collection_only(const char *format)
{
	static const char *const formats[] = {"rss", "atom", "jsonfeed", "sitemap", NULL};
	for (const char *const *f = formats; *f; f++)
		if (!strcmp(*f, format))
			return true;
	return false;
}

bool lede_path_served_as_html(const char *p)
{
	size_t n = strlen(p);
	static const char *const ends[] = {".html", ".htm", ".xhtml"};
	if (!n || p[n - 1] == '/')
		return true;
	for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
		size_t m = strlen(ends[i]);
		if (n >= m && !strcasecmp(p + n - m, ends[i]))
			return true;
	}
	return false;
}

/* o's link_to names the outlet whose pages its entries link to: another
 * outlet, one that makes a page for each article. One of the bundled feed
 * formats (itself or another) has none, so the outlet would list none,
 * build after build, with only a warning. Checked here, on the
 * whole lede.yaml, so it is the same error whichever outlets a build
 * selects (--outlet). A site's own format without a render hook is known
 * when it is loaded (build.c). A list (a sitemap of every edition) is
 * checked name by name, each at its place, and names web pages only: its
 * entries carry hreflang alternates, which are for HTML pages. */
static int link_to(ctx *x, const lede_outlet *o)
{
	const lede_value *lv = lede_value_get(o->cfg, "link_to");
	bool list = lv->type == LEDE_SEQ;
	if (list && strcmp(o->format, "sitemap"))
		return fail(x, lv,
		            "a list in 'link_to' is for the sitemap format (one sitemap of "
		            "every edition); this outlet's entries link to one outlet's pages: "
		            "name it, e.g. 'link_to: %s'",
		            o->link_to, NULL);
	int bad = 0;
	for (size_t i = 0; i < o->link_tos.n; i++) {
		const char *name = o->link_tos.v[i];
		const lede_value *at = list ? lv->u.list.items[i] : lv;
		const lede_outlet *to = lede_config_outlet(x->c, name);
		if (!to && !name[0]) {
			/* (no name is near "": none to suggest) */
			bad = fail(x, at,
			           "'link_to' names an empty outlet name; name one of the outlets "
			           "under 'outlets:', or remove %s",
			           list ? "the empty item" : "the key", NULL);
			continue;
		}
		if (!to) {
			const char *near = lede_config_nearest_outlet(x->c, name);
			if (near)
				bad =
				    fail(x, at, "'link_to: %s' names no outlet; did you mean '%s'?",
				         name, near);
			else
				bad = fail(x, at,
				           "'link_to: %s' names no outlet; name one of the outlets "
				           "under 'outlets:'",
				           name, NULL);
			continue;
		}
		char msg[700];
		if (collection_only(to->format))
			snprintf(
			    msg, sizeof msg,
			    "outlet '%s': 'link_to: %s' names %s outlet of format '%s', which "
			    "makes no page for an article (its format has no render hook), so "
			    "its entries would link to nothing and it would list none; name the "
			    "outlet of the articles' pages, e.g. 'link_to: web'",
			    o->name, to->name, to == o ? "this very" : "an", to->format);
		else if (to == o)
			snprintf(
			    msg, sizeof msg,
			    "outlet '%s': 'link_to: %s' names this very outlet; link_to names "
			    "another outlet, whose pages this one's entries link to: remove it "
			    "(an outlet's entries link to its own pages without it)",
			    o->name, to->name);
		else if (list && (!strcmp(to->format, "text") || !strcmp(to->format, "ninjs") ||
		                  !lede_path_served_as_html(to->path)))
			snprintf(
			    msg, sizeof msg,
			    "outlet '%s': 'link_to' lists outlet '%s', of format '%s', whose "
			    "pages (%s) are no web pages; a sitemap of every edition lists the "
			    "pages of html outlets, with their hreflang alternates: name those, "
			    "e.g. 'link_to: [web, fr]'",
			    o->name, to->name, to->format, to->path);
		else
			continue;
		bad = fail(x, at, "%s", msg, NULL);
	}
	return bad;
}

static int outlet(ctx *x, const char *name, const lede_value *v, lede_outlet *o)
{
	static const char *const known[] = {
	    "format",  "path",    "template", "index",     "tags",     "plugins",
	    "filter",  "limit",   "sort",     "site",      "width",    "drafts",
	    "options", "link_to", "sections", "embargoed", "canceled", NULL};
	char where[300];
	snprintf(where, sizeof where, "outlet '%s'", name);
	o->name = name;
	o->cfg = v;
	o->line = v->line;
	o->column = v->column;
	/* A name is said in messages, kept in the build state and matched
	 * by front matter's outlets: a line break or a tab in it would forge
	 * a message line or split a state key. */
	if (!*name)
		return fail(x, v, "an outlet has an empty name; name it, e.g. web:", NULL, NULL);
	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		if (*c < 0x20 || *c == 0x7f) {
			lede_buf shown = LEDE_BUF_INIT; /* quoted, its controls escaped */
			lede_json_put_str(&shown, name, strlen(name));
			int rc = fail(x, v,
			              "the outlet name %s holds a control character; name outlets "
			              "with letters, digits, '-' and '_'",
			              lede_buf_cstr(&shown), NULL);
			lede_buf_free(&shown);
			return rc;
		}
	if (v->type != LEDE_MAP)
		return fail(x, v, "outlet '%s' must be a mapping, not %s", name,
		            lede_value_type_name(v->type));
	if (check_keys(x, v, where, known) || get_str(x, v, "format", &o->format) ||
	    get_str(x, v, "path", &o->path) || get_str(x, v, "template", &o->template) ||
	    get_bool(x, v, "drafts", &o->drafts) || get_link_to(x, v, o))
		return -1;
	if (!o->format)
		return fail(x, v, "outlet '%s' has no format; add e.g. 'format: html'", name, NULL);
	const lede_value *fv = lede_value_get(v, "format");
	o->format_line = fv->line;
	o->format_column = fv->column;
	if (!plugin_name_ok(o->format))
		return fail(
		    x, lede_value_get(v, "format"),
		    "bad format name '%s'; name a file plugins/formats/NAME.lua without '.lua'",
		    o->format, NULL);
	if (check_template(x, v))
		return -1;
	if (!o->path)
		o->path = "{lang}/{section}/{slug}/";
	else if (check_pattern(x, lede_value_get(v, "path"), name, "path", o->path,
	                       article_placeholders))
		return -1;
	else
		o->path = rooted(lede_value_get(v, "path"));
	const char *sort = NULL;
	if (get_str(x, v, "sort", &sort))
		return -1;
	if (sort && strcmp(sort, "date") && strcmp(sort, "-date") && strcmp(sort, "title"))
		return fail(
		    x, lede_value_get(v, "sort"),
		    "'sort: %s' is not an order; use date (oldest first), -date (newest first, "
		    "the default) or title",
		    sort, NULL);
	o->sort = sort;
	const lede_value *tg;
	if (get_map(x, v, "tags", &tg))
		return -1;
	if (tg) {
		static const char *const tk[] = {"path", NULL};
		const char *tp = NULL;
		if (check_keys(x, tg, "an outlet's tags", tk) || get_str(x, tg, "path", &tp) ||
		    (tp && check_pattern(x, lede_value_get(tg, "path"), name, "tags path", tp,
		                         tag_placeholders)))
			return -1;
		if (!tp || !strstr(tp, "{tag}"))
			return fail(x, tg,
			            "tags: needs a path holding {tag}, e.g. tags: { path: "
			            "\"tags/{tag}/\" }",
			            NULL, NULL);
		o->tags_path = rooted(lede_value_get(tg, "path"));
	}
	const lede_value *sec;
	/* Killed stories are listed by the outlets that announce kills:
	 * ninjs, unless canceled: says otherwise (docs/config.md). */
	o->canceled = !strcmp(o->format, "ninjs");
	if (get_map(x, v, "sections", &sec) || get_bool(x, v, "embargoed", &o->embargoed) ||
	    get_bool(x, v, "canceled", &o->canceled))
		return -1;
	if (sec) {
		static const char *const sk[] = {"path", "list", NULL};
		const char *sp = NULL;
		if (check_keys(x, sec, "an outlet's sections", sk) ||
		    get_str(x, sec, "path", &sp) ||
		    (sp && check_pattern(x, lede_value_get(sec, "path"), name, "sections path", sp,
		                         section_placeholders)))
			return -1;
		if (!sp || !strstr(sp, "{section}"))
			return fail(
			    x, sec,
			    "sections: needs a path holding {section}, e.g. sections: { path: "
			    "\"{section}/\" }",
			    NULL, NULL);
		const lede_value *list = lede_value_get(sec, "list");
		if (list && list->type != LEDE_SEQ)
			return fail(x, list,
			            "sections: 'list' must be a list of section names, not %s",
			            lede_value_type_name(list->type), NULL);
		for (size_t i = 0; list && i < list->u.list.n; i++)
			if (list->u.list.items[i]->type != LEDE_STRING)
				return fail(
				    x, list->u.list.items[i],
				    "sections: 'list' must hold section names (strings), not %s",
				    lede_value_type_name(list->u.list.items[i]->type), NULL);
		o->sections_path = rooted(lede_value_get(sec, "path"));
		typed_strs(x, sec, "list", &o->sections_list);
		if (list) {
			o->sections_line = list->line;
			o->sections_column = list->column;
		}
	}
	/* The text format's wrap column: narrower than 20 cannot hold a
	 * heading's rule or a list's indent sensibly, and wider than
	 * LEDE_TEXT_MAX_WIDTH fails every render (docs/config.md). */
	_Static_assert(LEDE_TEXT_MAX_WIDTH == 10000, "the message below says 10000");
	const lede_value *opts = lede_value_get(v, "options");
	bool text = !strcmp(o->format, "text");
	const lede_value *ws[] = {
	    text ? lede_value_get(v, "width") : NULL,
	    text && opts && opts->type == LEDE_MAP ? lede_value_get(opts, "width") : NULL};
	for (size_t i = 0; i < 2; i++)
		if (ws[i] && (ws[i]->type != LEDE_INT || (ws[i]->u.i != 0 && ws[i]->u.i < 20) ||
		              ws[i]->u.i > LEDE_TEXT_MAX_WIDTH))
			return fail(
			    x, ws[i],
			    "'width' must be 0 (no wrapping) or a whole number of columns from "
			    "20 to 10000",
			    NULL, NULL);
	const lede_value *lim = lede_value_get(v, "limit");
	if (lim && (lim->type != LEDE_INT || lim->u.i < 1))
		return fail(x, lim, "'limit' must be a whole number above 0", NULL, NULL);
	o->limit = lim ? lim->u.i : 0;
	const lede_value *flt;
	if (get_map(x, v, "filter", &flt))
		return -1;
	if (flt && check_filter(x, flt) != 0)
		return -1;
	typed_filter(x, flt, &o->filter);
	/* site: is the outlet's own site settings over the site's: a
	 * mapping, as the site's (another value, a title written there, was
	 * once dropped without a word). */
	if (get_map(x, v, "site", &o->site) || (o->site && check_site(x, o->site) != 0))
		return -1;
	o->title = lede_value_str(lede_value_get(o->site, "title"));
	o->language = lede_value_str(lede_value_get(o->site, "language"));
	if (!o->language)
		o->language = o->filter.lang.one;
	const lede_value *idx;
	if (get_map(x, v, "index", &idx))
		return -1;
	if (idx) {
		static const char *const ik[] = {"path", "per_page", "template", NULL};
		if (check_keys(x, idx, "an outlet's index", ik) ||
		    get_str(x, idx, "path", &o->index_path) || check_template(x, idx) ||
		    (o->index_path && check_pattern(x, lede_value_get(idx, "path"), name,
		                                    "index path", o->index_path, no_placeholders)))
			return -1;
		const lede_value *pp = lede_value_get(idx, "per_page");
		if (pp && (pp->type != LEDE_INT || pp->u.i < 0 || pp->u.i > 100000))
			return fail(x, pp, "'per_page' must be a whole number from 0 to 100000",
			            NULL, NULL);
		o->per_page = pp ? (int)pp->u.i : 0;
		/* An outlet whose path names one file (a feed's feed.atom, a
		 * sitemap's sitemap.xml) is that file: its index is it too,
		 * unless named (per_page alone would put a feed at index.html,
		 * over the web outlet's index). */
		if (o->index_path)
			o->index_path = rooted(lede_value_get(idx, "path"));
		else if (lede_value_get(v, "path") && !strchr(o->path, '{') && o->path[0] &&
		         o->path[strlen(o->path) - 1] != '/')
			o->index_path = o->path;
		else
			o->index_path = "index.html";
	}
	return plugins(x, lede_value_get(v, "plugins"), &o->plugins, &o->nplugins);
}

static int load(ctx *x)
{
	lede_config *c = x->c;
	lede_value *root = c->root;
	if (root->type == LEDE_NULL)
		return fail(x, root, "empty configuration; see docs/config.md", NULL, NULL);
	if (root->type != LEDE_MAP)
		return fail(x, root, "the configuration must be a mapping, not %s",
		            lede_value_type_name(root->type), NULL);
	static const char *const known[] = {
	    "site",    "content", "output", "templates",   "static", "allow_raw_html", "strict",
	    "plugins", "outlets", "limits", "check_links", "quotes", "slugs",          NULL};
	/* The parts below stand alone: one that fails does not stop the
	 * others being checked, so that every mistake is named at once. */
	int bad = check_keys(x, root, "lede.yaml", known);
	const lede_value *site = NULL;
	c->language = "en";
	c->title = "";
	c->base_url = "";
	if (get_map(x, root, "site", &site))
		bad = -1;
	c->site = site;
	if (site &&
	    (get_str(x, site, "title", &c->title) || get_str(x, site, "base_url", &c->base_url) ||
	     get_str(x, site, "language", &c->language)))
		bad = -1;
	if (site && check_site(x, site) != 0)
		bad = -1;
	c->content_dir = "content";
	c->output_dir = "public";
	c->templates_dir = "templates";
	c->static_dir = "static";
	static const char *const dirs[] = {"content", "output", "templates", "static"};
	const char **dir_of[] = {&c->content_dir, &c->output_dir, &c->templates_dir,
	                         &c->static_dir};
	for (size_t i = 0; i < 4; i++)
		if (get_str(x, root, dirs[i], dir_of[i]))
			bad = -1;
	if (get_bool(x, root, "allow_raw_html", &c->allow_raw_html))
		bad = -1;
	if (get_bool(x, root, "strict", &c->strict))
		bad = -1;
	const char *slugs = NULL;
	if (get_str(x, root, "slugs", &slugs))
		bad = -1;
	else if (slugs && strcmp(slugs, "ascii") && strcmp(slugs, "unicode"))
		bad = fail(x, lede_value_get(root, "slugs"),
		           "'slugs: %s' is not a kind of slug; use ascii (Latin letters and "
		           "digits, the default) or unicode (the letters of every script: "
		           "tags/москва/)",
		           slugs, NULL);
	c->unicode_slugs = slugs && !strcmp(slugs, "unicode");
	const lede_value *cv = lede_value_get(root, "content");
	c->content_line = cv ? cv->line : 0;
	c->content_column = cv ? cv->column : 0;
	const lede_value *sv = lede_value_get(root, "static");
	c->static_line = sv ? sv->line : 0;
	c->static_column = sv ? sv->column : 0;
	c->check_links = true;
	if (get_bool(x, root, "check_links", &c->check_links))
		bad = -1;
	if (plugins(x, lede_value_get(root, "plugins"), &c->plugins, &c->nplugins))
		bad = -1;
	if (limits(x, root))
		bad = -1;
	if (quote_words(x, root))
		bad = -1;
	const lede_value *outs;
	if (get_map(x, root, "outlets", &outs))
		return -1;
	if (!outs || !outs->u.list.n)
		return fail(x, outs ? outs : root,
		            "no outlets; add e.g.\n  outlets:\n    web: { format: html }", NULL,
		            NULL);
	c->noutlets = outs->u.list.n;
	c->outlets = lede_arena_alloc(c->arena, c->noutlets * sizeof *c->outlets);
	memset(c->outlets, 0, c->noutlets * sizeof *c->outlets);
	/* each outlet stands alone; what they say of each other is checked
	 * once they are all whole */
	int bad_outlets = 0;
	for (size_t i = 0; i < c->noutlets; i++)
		if (outlet(x, outs->u.list.keys[i], outs->u.list.items[i], &c->outlets[i]))
			bad_outlets = -1;
	if (bad || bad_outlets)
		return -1;
	int bad_links = 0;
	for (size_t i = 0; i < c->noutlets; i++)
		if (c->outlets[i].link_to && link_to(x, &c->outlets[i]))
			bad_links = -1;
	if (bad_links)
		return -1;
	/* Two outlets writing the same files would overwrite each other: the
	 * same page pattern, or the same collection file. */
	for (size_t i = 0; i < c->noutlets; i++)
		for (size_t j = 0; j < i; j++) {
			const lede_outlet *a = &c->outlets[i], *b = &c->outlets[j];
			const char *ca = a->index_path          ? a->index_path
			                 : strchr(a->path, '{') ? NULL
			                                        : a->path;
			const char *cb = b->index_path          ? b->index_path
			                 : strchr(b->path, '{') ? NULL
			                                        : b->path;
			const lede_value *at = lede_value_get(a->cfg, "path");
			if (ca && cb && !strcmp(ca, cb)) {
				const lede_value *ia =
				    lede_value_get(lede_value_get(a->cfg, "index"), "path");
				return fail(x,
				            ia   ? ia
				            : at ? at
				                 : a->cfg,
				            "outlets '%s' and '%s' write the same file; give one "
				            "of them another "
				            "path",
				            b->name, a->name);
			}
			if (strchr(a->path, '{') && !strcmp(a->path, b->path) && !at)
				return fail(
				    x, a->cfg,
				    "outlet '%s' has no 'path', so it would write over outlet '%s' "
				    "(the default is {lang}/{section}/{slug}/); give it a path, "
				    "e.g. "
				    "feed.atom for a feed",
				    a->name, b->name);
			if (strchr(a->path, '{') && !strcmp(a->path, b->path))
				return fail(
				    x, at ? at : a->cfg,
				    "outlets '%s' and '%s' have the same path pattern, so their "
				    "pages "
				    "would overwrite each other; give one of them another path",
				    b->name, a->name);
		}
	return 0;
}

/* Errors in the order of their places in the file (qsort: ties keep
 * no order, but two errors never share a place). */
static int cmp_place(const void *p, const void *q)
{
	const lede_error *a = p, *b = q;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return (a->column > b->column) - (a->column < b->column);
}

lede_config *lede_config_parse_each(const char *file, const char *text, size_t len, lede_error *err,
                                    lede_config_error_fn each, void *ud)
{
	lede_arena *ar = lede_arena_new();
	lede_config *c = lede_arena_alloc(ar, sizeof *c);
	c->arena = ar;
	c->file = lede_arena_strdup(ar, file);
	const char *src = lede_arena_strndup(ar, text, len);
	c->root = lede_yaml_parse(ar, c->file, src, len, 1, err);
	ctx x = {.c = c, .text = src, .len = len, .err = err, .all = each != NULL};
	if (c->root && load(&x) != 0) {
		/* in the file's order; the last in err */
		if (x.all && x.nerrs) {
			qsort(x.errs, x.nerrs, sizeof *x.errs, cmp_place);
			for (size_t i = 0; i + 1 < x.nerrs; i++)
				each(ud, &x.errs[i]);
			if (err)
				*err = x.errs[x.nerrs - 1];
		}
		c->root = NULL;
	}
	free(x.errs);
	if (!c->root) {
		lede_arena_free(ar);
		return NULL;
	}
	return c;
}

lede_config *lede_config_parse(const char *file, const char *text, size_t len, lede_error *err)
{
	return lede_config_parse_each(file, text, len, err, NULL, NULL);
}

lede_config *lede_config_load_each(const char *root, const char *file, lede_error *err,
                                   lede_config_error_fn each, void *ud)
{
	char full[4096];
	if (file[0] == '/' || !root || !root[0] || !strcmp(root, "."))
		snprintf(full, sizeof full, "%s", file);
	else
		snprintf(full, sizeof full, "%s/%s", root, file);
	size_t len;
	char *text = lede_read_file(full, &len);
	if (!text) {
		/* (named as it was looked for: -C's folder, when it is not this
		 * one, is the first thing to check) */
		int e = errno;
		struct stat st;
		bool no_root = strcmp(full, file) && stat(root, &st) != 0;
		bool file_root = strcmp(full, file) && !no_root && !S_ISDIR(st.st_mode);
		if (no_root)
			lede_error_set(err, full, 0, 0,
			               "cannot read the configuration: the site folder %s (-C) "
			               "does not exist",
			               root);
		else if (file_root)
			lede_error_set(err, root, 0, 0,
			               "cannot read the configuration: %s (-C) is a file, not the "
			               "site's folder; give the folder that holds lede.yaml (-c "
			               "names the configuration file)",
			               root);
		else
			lede_error_set(err, strcmp(full, file) ? full : file, 0, 0,
			               "cannot read the configuration: %s%s", strerror(e),
			               e == ENOENT
			                   ? "; run lede in the site's folder, give it with "
			                     "-C, or make a site with 'lede new site'"
			                   : "");
		return NULL;
	}
	lede_config *c = lede_config_parse_each(file, text, len, err, each, ud);
	free(text);
	return c;
}

lede_config *lede_config_load(const char *root, const char *file, lede_error *err)
{
	return lede_config_load_each(root, file, err, NULL, NULL);
}

void lede_config_free(lede_config *c)
{
	if (c)
		lede_arena_free(c->arena);
}

const lede_outlet *lede_config_outlet(const lede_config *c, const char *name)
{
	for (size_t i = 0; i < c->noutlets; i++)
		if (!strcmp(c->outlets[i].name, name))
			return &c->outlets[i];
	return NULL;
}

const lede_outlet *lede_config_link_for(const lede_config *c, const lede_outlet *o,
                                        const char *lang)
{
	if (!o->link_to)
		return NULL;
	for (size_t i = 0; !o->link_tos.one && lang && i < o->link_tos.n; i++) {
		const lede_outlet *to = lede_config_outlet(c, o->link_tos.v[i]);
		if (to && to->filter.lang.set && lede_outlet_takes_lang(to, lang))
			return to;
	}
	/* one name; or none of the list takes lang by its filter: the first
	 * with no lang filter (it takes every language), else the first */
	for (size_t i = 0; !o->link_tos.one && i < o->link_tos.n; i++) {
		const lede_outlet *to = lede_config_outlet(c, o->link_tos.v[i]);
		if (to && !to->filter.lang.set)
			return to;
	}
	return lede_config_outlet(c, o->link_to);
}

bool lede_outlet_takes_lang(const lede_outlet *o, const char *lang)
{
	if (!o->filter.lang.set || !lang)
		return true;
	for (size_t k = 0; k < o->filter.lang.n; k++)
		if (!strcmp(o->filter.lang.v[k], lang))
			return true;
	return false;
}

bool lede_outlet_links_to(const lede_outlet *o, const char *name)
{
	for (size_t i = 0; o->link_to && i < o->link_tos.n; i++)
		if (!strcmp(o->link_tos.v[i], name))
			return true;
	return false;
}

const char *lede_config_nearest_outlet(const lede_config *c, const char *name)
{
	const char **names = lede_xcalloc(c->noutlets + 1, sizeof *names);
	for (size_t i = 0; i < c->noutlets; i++)
		names[i] = c->outlets[i].name;
	const char *near = lede_nearest(name, names, c->noutlets);
	free(names);
	return near;
}

bool lede_config_check_outlets(const lede_config *c, const char *file, const char *const *names,
                               size_t n, lede_error *err)
{
	for (size_t i = 0; i < n; i++) {
		if (lede_config_outlet(c, names[i]))
			continue;
		const char *near = lede_config_nearest_outlet(c, names[i]);
		if (near)
			lede_error_set(err, file, 0, 0,
			               "no outlet '%s'; did you mean '%s'? (the outlets are "
			               "listed under 'outlets:')",
			               names[i], near);
		else
			lede_error_set(err, file, 0, 0,
			               "no outlet '%s'; the outlets are listed under 'outlets:'",
			               names[i]);
		return false;
	}
	return true;
}
