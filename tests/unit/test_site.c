/* test_site.c: lede.yaml typed once (site.c): every outlet setting the
 * build reads is a field of lede_outlet, filled and defaulted here, so
 * build.c, pipeline.c and collect.c never look a key up. */
#include "harness.h"
#include "site.h"

#include <string.h>

static lede_config *parse(const char *yaml)
{
	lede_error err;
	lede_error_clear(&err);
	lede_config *c = lede_config_parse("lede.yaml", yaml, strlen(yaml), &err);
	if (!c)
		fprintf(stderr, "  %d:%d: %s\n", err.line, err.column, err.msg);
	return c;
}

static void outlet_fields(void)
{
	lede_config *c = parse("site: {title: News, language: en}\n"
	                       "content: articles\n"
	                       "outlets:\n"
	                       "  web:\n"
	                       "    format: html\n"
	                       "    index: {path: index.html, per_page: 20}\n"
	                       "    tags: {path: \"tags/{tag}/\"}\n"
	                       "    sections: {path: \"{section}/\", list: [World, Sport]}\n"
	                       "    sort: title\n"
	                       "    embargoed: true\n"
	                       "  rss: {format: rss, path: feed.rss, link_to: web, limit: 50}\n"
	                       "  wire: {format: ninjs, path: wire.json}\n"
	                       "  quiet: {format: ninjs, path: q.json, canceled: false}\n");
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK_INT(c->content_line, 2);
	CHECK_INT(c->content_column, 10);
	const lede_outlet *web = lede_config_outlet(c, "web"), *rss = lede_config_outlet(c, "rss");
	CHECK_STR(web->format, "html");
	CHECK_INT(web->format_line, 5);
	CHECK_INT(web->format_column, 13);
	CHECK_STR(web->path, "{lang}/{section}/{slug}/");
	CHECK_INT(web->per_page, 20);
	CHECK_STR(web->tags_path, "tags/{tag}/");
	CHECK_STR(web->sections_path, "{section}/");
	CHECK_INT(web->sections_list.n, 2);
	CHECK_STR(web->sections_list.v[1], "Sport");
	CHECK_STR(web->sort, "title");
	CHECK(web->embargoed);
	CHECK(!web->canceled);
	CHECK_INT(web->limit, 0);
	CHECK(web->language == NULL && web->site == NULL);
	CHECK_STR(rss->link_to, "web");
	CHECK_INT(rss->limit, 50);
	CHECK(rss->sort == NULL && rss->tags_path == NULL && rss->sections_path == NULL);
	/* ninjs announces kills unless told not to */
	CHECK(lede_config_outlet(c, "wire")->canceled);
	CHECK(!lede_config_outlet(c, "quiet")->canceled);
	lede_config_free(c);
}

static void outlet_filter(void)
{
	lede_config *c = parse("outlets:\n"
	                       "  fr:\n"
	                       "    format: html\n"
	                       "    path: \"fr/{slug}/\"\n"
	                       "    site: {title: Nouvelles}\n"
	                       "    filter:\n"
	                       "      lang: fr\n"
	                       "      section: [Monde, Sport]\n"
	                       "      tags: {any: [a, b], all: c}\n"
	                       "      authors: []\n"
	                       "      from: 2020-01-01\n"
	                       "      drafts: true\n"
	                       "      lua: \"#a.tags > 1\"\n"
	                       "  de:\n"
	                       "    format: html\n"
	                       "    path: \"de/{slug}/\"\n"
	                       "    site: {language: de}\n"
	                       "    filter: {lang: [de, at], tags: x}\n");
	CHECK(c != NULL);
	if (!c)
		return;
	const lede_outlet *fr = lede_config_outlet(c, "fr"), *de = lede_config_outlet(c, "de");
	const lede_outlet_filter *f = &fr->filter;
	CHECK(f->lang.set && f->lang.n == 1);
	CHECK_STR(f->lang.one, "fr");
	CHECK_STR(fr->language, "fr"); /* a single filter lang */
	CHECK_STR(fr->title, "Nouvelles");
	CHECK(fr->site != NULL);
	CHECK_INT(f->section.n, 2);
	CHECK(f->section.one == NULL);
	CHECK_STR(f->section.v[0], "Monde");
	CHECK_INT(f->tags_any.n, 2);
	CHECK_STR(f->tags_all.v[0], "c");
	CHECK(!f->tags.set);
	CHECK(f->authors.set && f->authors.n == 0); /* there, and empty */
	CHECK(f->has_from && !f->has_until);
	CHECK_INT(f->from.year, 2020);
	CHECK(f->drafts);
	CHECK_STR(f->lua, "#a.tags > 1");
	CHECK_INT(f->lua_line, 13);
	/* site: language wins over the filter's languages */
	CHECK_STR(de->language, "de");
	CHECK_INT(de->filter.lang.n, 2);
	CHECK(de->filter.lang.one == NULL);
	CHECK_STR(de->filter.tags.v[0], "x");
	CHECK(!de->filter.section.set && !de->filter.drafts && de->filter.lua == NULL);
	lede_config_free(c);
}

/* Each path's placeholders are checked where lede.yaml is read: a typo
 * would otherwise end up in file names, or expand to nothing. */
/* yaml is refused, with msg (NULL: any) at line and column. */
static void refused(const char *yaml, const char *msg, int line, int column)
{
	lede_error err;
	lede_error_clear(&err);
	lede_config *c = lede_config_parse("lede.yaml", yaml, strlen(yaml), &err);
	CHECK(c == NULL);
	lede_config_free(c);
	if (msg)
		CHECK_STR(err.msg, msg);
	CHECK_INT(err.line, line);
	CHECK_INT(err.column, column);
}

/* The outlet web: OUTLET (a YAML flow mapping) is refused with msg, at
 * line 2 and column. */
static void refused_outlet(const char *outlet, const char *msg, int column)
{
	char yaml[300];
	snprintf(yaml, sizeof yaml, "outlets:\n  web: %s\n", outlet);
	refused(yaml, msg, 2, column);
}

static void path_placeholders(void)
{
	static const struct {
		const char *outlet, *msg;
		int column;
	} bad[] = {
	    {"{format: html, path: \"{lang}/{slgu}/\"}",
	     "outlet 'web': unknown placeholder {slgu} in path '{lang}/{slgu}/'; did you mean "
	     "{slug}? (placeholders: {lang} {section} {slug} {year} {month} {day})",
	     29},
	    {"{format: html, path: \"{slug\"}",
	     "outlet 'web': path '{slug' opens a '{' it does not close; placeholders are "
	     "written {name}: {lang} {section} {slug} {year} {month} {day}",
	     29},
	    {"{format: html, path: \"{tag}/{slug}/\"}",
	     "outlet 'web': {tag} has no value in path '{tag}/{slug}/'; use {lang} {section} "
	     "{slug} {year} {month} {day}",
	     29},
	    {"{format: html, index: {path: \"{year}/index.html\"}}",
	     "outlet 'web': index path '{year}/index.html' holds {year}, but an index is one "
	     "collection and fills in no placeholder; give it a plain path",
	     37},
	    {"{format: html, tags: {path: \"tags/{tags}/\"}}",
	     "outlet 'web': unknown placeholder {tags} in tags path 'tags/{tags}/'; did you "
	     "mean {tag}? (placeholders: {tag})",
	     36},
	    {"{format: html, sections: {path: \"{lang}/{section}/\"}}",
	     "outlet 'web': {lang} has no value in sections path '{lang}/{section}/'; use "
	     "{section}",
	     40},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		refused_outlet(bad[i].outlet, bad[i].msg, bad[i].column);
	/* every placeholder where it has a value */
	lede_config *c = parse("outlets:\n"
	                       "  web:\n"
	                       "    format: html\n"
	                       "    path: \"{lang}/{year}/{month}/{day}/{section}/{slug}.html\"\n"
	                       "    tags: {path: \"tags/{tag}/\"}\n"
	                       "    sections: {path: \"{section}/\"}\n"
	                       "    index: {path: news/index.html}\n");
	CHECK(c != NULL);
	lede_config_free(c);
}

/* A leading '/' is the output folder's root: every path is typed (and
 * shown to plugins in outlet.config) without it, so a feed at /feed.xml
 * meets one at feed.xml. */
static void rooted_paths(void)
{
	lede_config *c = parse("outlets:\n"
	                       "  web:\n"
	                       "    format: html\n"
	                       "    path: \"/{slug}/\"\n"
	                       "    index: {path: /index.html}\n"
	                       "    tags: {path: \"/tags/{tag}/\"}\n"
	                       "    sections: {path: \"/{section}/\"}\n"
	                       "  rss: {format: rss, path: /feed.xml}\n");
	CHECK(c != NULL);
	if (c) {
		const lede_outlet *web = lede_config_outlet(c, "web");
		CHECK_STR(web->path, "{slug}/");
		CHECK_STR(web->index_path, "index.html");
		CHECK_STR(web->tags_path, "tags/{tag}/");
		CHECK_STR(web->sections_path, "{section}/");
		CHECK_STR(lede_config_outlet(c, "rss")->path, "feed.xml");
		const lede_value *tags = lede_value_get(web->cfg, "tags");
		CHECK_STR(lede_value_str(lede_value_get(tags, "path")), "tags/{tag}/");
	}
	lede_config_free(c);
	const char *same = "outlets:\n  rss: {format: rss, path: /feed.xml}\n"
	                   "  atom: {format: atom, path: feed.xml}\n";
	lede_error err;
	lede_error_clear(&err);
	c = lede_config_parse("lede.yaml", same, strlen(same), &err);
	CHECK(c == NULL);
	lede_config_free(c);
	CHECK_STR(err.msg, "outlets 'rss' and 'atom' write the same file; give one of them "
	                   "another path");
	CHECK_INT(err.line, 3);
}

/* Mistakes that left an outlet as if they were not written: an outlet's
 * site: that is no mapping (dropped), a filter whose until is before its
 * from (an outlet that takes no article, ever). */
static void outlet_silent_mistakes(void)
{
	static const struct {
		const char *outlet, *msg;
		int column;
	} bad[] = {
	    {"{format: html, site: \"My News\"}", "'site' must be a mapping, not string", 29},
	    {"{format: html, filter: {from: 2030-01-01, until: 2020-01-01}}",
	     "filter 'until: 2020-01-01' is before its 'from: 2030-01-01', so the outlet takes no "
	     "article; swap them, or correct the year",
	     57},
	    {"{format: html, filter: {until: 2020-01-01T10:00:00Z, from: 2020-01-01T11:00:00Z}}",
	     "filter 'until: 2020-01-01T10:00:00Z' is before its 'from: 2020-01-01T11:00:00Z', so "
	     "the outlet takes no article; swap them, or correct the year",
	     39},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		refused_outlet(bad[i].outlet, bad[i].msg, bad[i].column);
	/* one day (a date alone takes its whole day), and a null site: */
	lede_config *c = parse("outlets:\n  web: {format: html, site: ~, filter: {from: "
	                       "2020-01-01T12:00:00Z, until: 2020-01-01}}\n");
	CHECK(c != NULL);
	lede_config_free(c);
}

/* link_to names another outlet, one that makes a page for each article:
 * a bundled feed format (itself or another) has none, so the outlet would
 * list nothing. Refused where lede.yaml is typed, whatever outlets a
 * build then selects (--outlet). */
static void link_to_feed(void)
{
	refused_outlet("{format: rss, path: feed.rss, link_to: web}",
	               "outlet 'web': 'link_to: web' names this very outlet of format 'rss', "
	               "which makes no page for an article (its format has no render hook), so "
	               "its entries would link to nothing and it would list none; name the "
	               "outlet of the articles' pages, e.g. 'link_to: web'",
	               47);
	refused_outlet("{format: html, link_to: web}",
	               "outlet 'web': 'link_to: web' names this very outlet; link_to names "
	               "another outlet, whose pages this one's entries link to: remove it (an "
	               "outlet's entries link to its own pages without it)",
	               32);
	static const char *const feeds[] = {"rss", "atom", "jsonfeed", "sitemap"};
	for (size_t i = 0; i < sizeof feeds / sizeof *feeds; i++) {
		char yaml[300], msg[600];
		snprintf(yaml, sizeof yaml,
		         "outlets:\n  web: {format: html}\n  feed: {format: %s, path: f.xml}\n"
		         "  digest: {format: text, path: d.txt, link_to: feed}\n",
		         feeds[i]);
		snprintf(msg, sizeof msg,
		         "outlet 'digest': 'link_to: feed' names an outlet of format '%s', which "
		         "makes no page for an article (its format has no render hook), so its "
		         "entries would link to nothing and it would list none; name the outlet "
		         "of the articles' pages, e.g. 'link_to: web'",
		         feeds[i]);
		refused(yaml, msg, 4, 48);
	}
	/* a page format, another outlet: taken */
	lede_config *c = parse("outlets:\n  web: {format: html}\n"
	                       "  letter: {format: text, path: \"l/{slug}.txt\", link_to: web}\n"
	                       "  digest: {format: rss, path: d.rss, link_to: letter}\n");
	CHECK(c != NULL);
	lede_config_free(c);
}

/* limits: article_mb is a size in MiB, above 0; 16 by default */
static void article_limit(void)
{
	lede_config *c = parse("outlets: {web: {format: html}}\n");
	CHECK(c != NULL);
	if (c)
		CHECK_INT((long long)c->article_bytes, 16LL * 1048576);
	lede_config_free(c);
	c = parse("limits: {article_mb: 0.5}\noutlets: {web: {format: html}}\n");
	CHECK(c != NULL);
	if (c)
		CHECK_INT((long long)c->article_bytes, 524288);
	lede_config_free(c);
	/* less than a byte was 0 bytes: no limit at all */
	const char *tiny = "limits: {article_mb: 1e-300}\noutlets: {web: {format: html}}\n";
	lede_error terr;
	lede_error_clear(&terr);
	c = lede_config_parse("lede.yaml", tiny, strlen(tiny), &terr);
	CHECK(c == NULL);
	lede_config_free(c);
	CHECK_STR(terr.msg, "'article_mb' is less than a byte, which would be no limit at all; "
	                    "give megabytes (MiB), e.g. 'limits: {article_mb: 16}'");
	CHECK_INT(terr.column, 22);
	static const char *const bad[] = {"0", "-1", "big", "[1]"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char yaml[200];
		snprintf(yaml, sizeof yaml,
		         "limits: {article_mb: %s}\noutlets: {web: {format: html}}\n", bad[i]);
		lede_error err;
		lede_error_clear(&err);
		c = lede_config_parse("lede.yaml", yaml, strlen(yaml), &err);
		CHECK(c == NULL);
		lede_config_free(c);
		CHECK_STR(err.msg, "'article_mb' must be a number of megabytes (MiB) above 0, e.g. "
		                   "'limits: {article_mb: 16}'");
	}
}

static void count_error(void *ud, const lede_error *e)
{
	(void)e;
	++*(int *)ud;
}

/* Each bad limit is its own mistake: both are named in one run. */
static void both_limits_named(void)
{
	const char *yaml =
	    "limits: {hook_seconds: -1, article_mb: 0}\noutlets: {web: {format: html}}\n";
	lede_error err;
	lede_error_clear(&err);
	int before = 0;
	lede_config *c =
	    lede_config_parse_each("lede.yaml", yaml, strlen(yaml), &err, count_error, &before);
	CHECK(c == NULL);
	lede_config_free(c);
	CHECK_INT(before, 1);
	CHECK_STR(err.msg, "'article_mb' must be a number of megabytes (MiB) above 0, e.g. "
	                   "'limits: {article_mb: 16}'");
}

/* An outlet name is said in messages and kept in the build state: never
 * empty, never a control character (a line break would forge a message
 * line); a space or a non-ASCII letter is a name like another. */
static void outlet_names(void)
{
	static const struct {
		const char *yaml, *msg;
	} bad[] = {
	    {"outlets:\n  \"\": {format: html}\n",
	     "an outlet has an empty name; name it, e.g. web:"},
	    {"outlets:\n  \"we\\tb\": {format: html}\n",
	     "the outlet name \"we\\tb\" holds a control character; name outlets with letters, "
	     "digits, '-' and '_'"},
	    {"outlets:\n  \"x\\ny: error: forged\": {format: html}\n",
	     "the outlet name \"x\\ny: error: forged\" holds a control character; name outlets "
	     "with letters, digits, '-' and '_'"},
	    {"outlets:\n  \"a\\x7f\": {format: html}\n",
	     /* (DEL as it is: the message's own check shows it as U+FFFD) */
	     "the outlet name \"a\x7f\" holds a control character; name outlets with letters, "
	     "digits, '-' and '_'"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		lede_error err;
		lede_error_clear(&err);
		lede_config *c =
		    lede_config_parse("lede.yaml", bad[i].yaml, strlen(bad[i].yaml), &err);
		CHECK(c == NULL);
		lede_config_free(c);
		CHECK_STR(err.msg, bad[i].msg);
		CHECK_INT(err.line, 2);
	}
	lede_config *c =
	    parse("outlets:\n  partner wire: {format: html}\n  édition: {format: html, "
	          "path: \"fr/{slug}/\"}\n");
	CHECK(c != NULL);
	CHECK(c && lede_config_outlet(c, "partner wire") && lede_config_outlet(c, "édition"));
	lede_config_free(c);
}

/* slugs: ascii (the default) or unicode; anything else is an error at it */
static void slug_kinds(void)
{
	lede_config *c = parse("outlets: {web: {format: html}}\n");
	CHECK(c && !c->unicode_slugs);
	lede_config_free(c);
	c = parse("slugs: unicode\noutlets: {web: {format: html}}\n");
	CHECK(c && c->unicode_slugs);
	lede_config_free(c);
	c = parse("slugs: ascii\noutlets: {web: {format: html}}\n");
	CHECK(c && !c->unicode_slugs);
	lede_config_free(c);
	refused("slugs: utf8\noutlets: {web: {format: html}}\n",
	        "'slugs: utf8' is not a kind of slug; use ascii (Latin letters and digits, the "
	        "default) or unicode (the letters of every script: tags/москва/)",
	        1, 8);
}

int main(void)
{
	RUN(outlet_names);
	RUN(slug_kinds);
	RUN(outlet_fields);
	RUN(outlet_filter);
	RUN(path_placeholders);
	RUN(rooted_paths);
	RUN(outlet_silent_mistakes);
	RUN(link_to_feed);
	RUN(article_limit);
	RUN(both_limits_named);
	DONE();
}
