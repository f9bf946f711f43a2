/* site.h: lede.yaml, read into a checked configuration: site settings,
 * the plugins every outlet runs, and the outlets. Every setting keeps its
 * file position so a mistake is reported where it is. */
#ifndef LEDE_SITE_H
#define LEDE_SITE_H

#include "arena.h"
#include "error.h"
#include "value.h"

#include <stdbool.h>

typedef struct lede_plugin_spec {
	const char *name;
	const lede_value *options; /* NULL when none */
	bool sandbox;
	long long instructions; /* sandbox: budget per call (default 10,000,000) */
	long long memory;       /* sandbox: bytes a call may add (default 32 MiB) */
	bool raw_html;          /* sandbox: may make raw HTML nodes whatever allow_raw_html says */
	int line, column;
} lede_plugin_spec;

typedef struct lede_outlet {
	const char *name;
	const char *format;   /* a plugin in plugins/formats/ */
	const char *path;     /* pattern: {lang} {section} {slug} {year} {month} {day} */
	const char *template; /* the article template; NULL: the format's default */
	const char *index_path; /* NULL: no index */
	int per_page;           /* 0: one index page */
	bool drafts;            /* publish drafts too */
	const char *link_to;    /* articles' URLs are this outlet's pages (feeds) */
	const lede_value *cfg;  /* the whole mapping, for plugins */
	lede_plugin_spec *plugins;
	size_t nplugins;
	int line, column;
} lede_outlet;

typedef struct lede_config {
	lede_arena *arena;
	const char *file;     /* as named to the user, e.g. "lede.yaml" */
	lede_value *root;
	const lede_value *site; /* the site mapping (may be an empty map) */
	const char *title, *base_url, *language;
	const char *content_dir, *output_dir, *templates_dir, *static_dir;
	bool allow_raw_html;
	bool strict; /* warnings fail the build (CI) */
	double hook_seconds; /* limits.hook_seconds: wall clock per hook call (default 60) */
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
void lede_config_free(lede_config *c);
/* The outlet called name, or NULL. */
const lede_outlet *lede_config_outlet(const lede_config *c, const char *name);

#endif
