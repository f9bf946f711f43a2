/* site.h: lede.yaml, read into a checked configuration: site settings,
 * the plugins every outlet runs, and the outlets. Every setting keeps its
 * file position so a mistake is reported where it is. */
#ifndef LEDE_SITE_H
#define LEDE_SITE_H

#include "arena.h"
#include "error.h"
#include "value.h"

#include <stdbool.h>

/* limits.article_mb's default: the most one article file may hold, in MiB */
#define LEDE_ARTICLE_MB 16

typedef struct lede_plugin_spec {
	const char *name;
	const lede_value *options; /* NULL when none */
	bool sandbox;
	long long instructions; /* sandbox: budget per call (default 10,000,000) */
	long long memory;       /* sandbox: bytes a call may add (default 32 MiB) */
	bool raw_html;          /* sandbox: may make raw HTML nodes whatever allow_raw_html says */
	int line, column;
} lede_plugin_spec;

/* A filter setting that is a string or a list of strings (site.c checks
 * that every item is a string). set: the key is there (an empty list
 * then takes nothing). */
typedef struct lede_strs {
	const char *const *v;
	size_t n;
	bool set;
	const char *one; /* the value when it was a single string, else NULL */
} lede_strs;

/* An outlet's `filter:` (docs/config.md "Filters"). */
typedef struct lede_outlet_filter {
	lede_strs lang, section, authors;
	lede_strs tags;               /* filter.tags as a list (any of them) */
	lede_strs tags_any, tags_all; /* filter.tags: {any, all} */
	bool has_from, has_until;
	lede_date from, until; /* until: a date alone is kept as written */
	bool drafts;
	const char *lua; /* filter.lua's expression, or NULL */
	int lua_line, lua_column;
} lede_outlet_filter;

/* One outlet of lede.yaml, typed once here: the build (build.c,
 * pipeline.c, collect.c) reads these fields, never the mapping. */
typedef struct lede_outlet {
	const char *name;
	const char *format;             /* a plugin in plugins/formats/ */
	int format_line, format_column; /* where format: is (plugin load errors) */
	const char *path;               /* pattern: {lang} {section} {slug} {year} {month} {day} */
	const char *template;           /* the article template; NULL: the format's default */
	const char *index_path;         /* NULL: no index */
	int per_page;                   /* 0: one index page */
	bool drafts;                    /* publish drafts too */
	const char *link_to;            /* articles' URLs are this outlet's pages (feeds); a list's
	                                 * first name */
	lede_strs link_tos;             /* every name link_to gives: one (one: set), or a
	                                 * sitemap's list of editions */
	long long limit;                /* the newest N only; 0: no limit */
	const char *sort;               /* "date", "-date" or "title"; NULL: -date */
	const char *tags_path;          /* tags: {path}; NULL: no tag pages */
	const char *sections_path;      /* sections: {path}; NULL: no section fronts */
	lede_strs sections_list;        /* sections: {list} */
	int sections_line, sections_column; /* where that list is */
	bool embargoed;                     /* takes embargoed stories early */
	bool canceled;                      /* lists killed stories (default: the ninjs format) */
	const lede_value *site; /* the outlet's site: settings over the site's, or NULL */
	const char *language;   /* the language it publishes in: its site: language, else
	                         * its filter's single lang, else NULL (any) */
	const char *title;      /* its site: title, or NULL */
	lede_outlet_filter filter;
	const lede_value *cfg; /* the whole mapping, handed to plugins as outlet.config */
	lede_plugin_spec *plugins;
	size_t nplugins;
	int line, column;
} lede_outlet;

typedef struct lede_config {
	lede_arena *arena;
	const char *file; /* as named to the user, e.g. "lede.yaml" */
	lede_value *root;
	const lede_value *site; /* the site mapping (may be an empty map) */
	const char *title, *base_url, *language;
	const char *content_dir, *output_dir, *templates_dir, *static_dir;
	int content_line, content_column; /* where content: is; 0: not set */
	int static_line, static_column;   /* where static: is; 0: not set */
	bool allow_raw_html;
	bool strict;          /* warnings fail the build (CI) */
	bool unicode_slugs;   /* slugs: unicode (lede_slugify_as) */
	bool check_links;     /* check_links: the build's link check (default true) */
	double hook_seconds;  /* limits.hook_seconds: wall clock per hook call (default 60) */
	size_t article_bytes; /* limits.article_mb in bytes: the most one article file may hold */
	lede_plugin_spec *plugins;
	size_t nplugins;
	lede_outlet *outlets;
	size_t noutlets;
	struct lede_quote_words *quote_words; /* quotes: {verbs, roles} per language */
	size_t nquote_words;
} lede_config;

/* Reads root/file. NULL with err (file:line:col) on a read or YAML error, an
 * unknown key, a wrong type, or two outlets writing the same path. */
lede_config *lede_config_load(const char *root, const char *file, lede_error *err);
/* The same from text in memory; file names it in messages. */
lede_config *lede_config_parse(const char *file, const char *text, size_t len, lede_error *err);
/* The same, checking on past the first mistake (each part of lede.yaml
 * that stands alone: the top-level keys, site, plugins, limits, quotes,
 * each outlet; what outlets say of each other once they are all whole):
 * every error found but the last is passed to each(ud, e), in the order
 * of their places in the file, and the last is left in err. */
typedef void (*lede_config_error_fn)(void *ud, const lede_error *e);
lede_config *lede_config_parse_each(const char *file, const char *text, size_t len, lede_error *err,
                                    lede_config_error_fn each, void *ud);
lede_config *lede_config_load_each(const char *root, const char *file, lede_error *err,
                                   lede_config_error_fn each, void *ud);
void lede_config_free(lede_config *c);
/* The outlet called name, or NULL. */
const lede_outlet *lede_config_outlet(const lede_config *c, const char *name);
/* The outlet whose pages o's entries link to for an article in lang:
 * the one link_to names, or, from a list (a sitemap of every edition),
 * the first whose filter: {lang} takes lang, else the list's first. NULL:
 * o has no link_to (or it names no outlet). */
const lede_outlet *lede_config_link_for(const lede_config *c, const lede_outlet *o,
                                        const char *lang);
/* Whether o's link_to names the outlet called name (one of its list). */
bool lede_outlet_links_to(const lede_outlet *o, const char *name);
/* Whether outlet o's filter takes articles in lang: it has no lang
 * filter, lang is NULL (not known), or its filter lists lang. */
bool lede_outlet_takes_lang(const lede_outlet *o, const char *lang);
/* Whether a file of path pattern p is served as an HTML page: a folder
 * (its index.html) or an .html, .htm or .xhtml name. */
bool lede_path_served_as_html(const char *p);
/* The outlet name nearest to name (a typo's, for "did you mean"), or NULL. */
const char *lede_config_nearest_outlet(const lede_config *c, const char *name);
/* Whether every one of names[0..n) is an outlet of c; else err says which
 * is not (file names the configuration), with the nearest name: what
 * `lede build --outlet` and `lede serve --outlet` say. */
bool lede_config_check_outlets(const lede_config *c, const char *file, const char *const *names,
                               size_t n, lede_error *err);

#endif
