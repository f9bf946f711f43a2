/* article.h: the article model. An article owns one arena holding its
 * source, front matter, body tree, links and quotes; lede_article_free drops
 * it all at once. Loading is pure C and thread-safe, so the build parses
 * articles on several threads. */
#ifndef LEDE_ARTICLE_H
#define LEDE_ARTICLE_H

#include "arena.h"
#include "date.h"
#include "error.h"
#include "extract.h"
#include "node.h"
#include "value.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct lede_article {
	lede_arena *arena;
	const char *path;   /* as given, relative to the site root: "content/x.md" */
	const char *source; /* the whole file */
	size_t source_len;
	size_t body_offset; /* where the Markdown starts in source */
	int body_line;
	lede_value *meta; /* the front matter, a LEDE_MAP, unknown keys included */
	/* The article's data as plugins see and change it (a.tags, a.authors,
	 * a.links, a.quotes), in the arena: plugins read and write through
	 * the Lua bridge, so what a hook changed is here for every later hook,
	 * outlet copy and Lua state. tags and authors are sequences of
	 * strings, made at load from the front matter. links and quotes are
	 * sequences of maps, NULL until first asked for (then made from the
	 * extraction, see lede_article_links). */
	lede_value *tags, *authors, *links, *quotes;
	const char *title;
	const char *summary; /* NULL: none given (the first paragraph is used) */
	const char *slug;
	const char *lang;
	const char *section; /* NULL: none */
	lede_date date;
	/* A record's release (lede_article_released), what collections order
	 * it by; year 0: not set (its date). */
	lede_date released;
	/* An edition without an embargo: of its own: the latest embargo of
	 * its story's other editions, which it waited for (editions.h,
	 * lede_editions_held_until); year 0: none. */
	lede_date held_until;
	bool draft;
	lede_node *body;
	lede_extraction extraction;
	const char *outlet; /* NULL for the loaded article, else the outlet of a copy */
	const char *url;    /* per outlet: the page's path from the site root */
	const char *file;   /* per outlet: where its render output goes (differs
	                     * from url when the outlet links to another's pages) */
	int index;          /* position in the site's article list */
	/* per outlet: its other editions, a sequence of {lang, url, title}
	 * (see core/editions.h); NULL: none */
	const lede_value *translations;
	/* A collection record (what index hooks see once the article itself
	 * is freed): the light fields only, no body, source, links or quotes;
	 * summary holds the derived summary; fragment what the format's
	 * fragment hook returned for it (NULL: none). */
	bool record;
	const lede_value *fragment;
	/* A thin record (lede_record_thin, state.h): every field but
	 * authors, meta and fragment is here; the whole record is packed_len bytes of its
	 * encoding, at packed when set, else at packed_at in the file open
	 * as packed_fd (the build state's spill file, a shard's file). */
	bool thin;
	/* ...lazy too (LEDE_RECORD_LAZY, state.h): of the light fields only
	 * path, title, lang, section, date, url and tags are here; the others are
	 * read from its text when it is shown (lede_record_shown). A shown
	 * copy still lazy is one whose text could not be read back: every
	 * field a hook reads of it is an error. */
	bool lazy;
	/* A thin record shown for a page (lede_record_shown, state.h): every
	 * field but authors, meta and fragment, which lede_record_complete
	 * reads from the packed text when they are first asked for. */
	bool partial;
	const char *packed;
	int packed_fd;
	long long packed_at;
	size_t packed_len;
} lede_article;

typedef struct lede_article_opts {
	const char *default_lang;
	lede_markdown_opts markdown;
	lede_extract_ctx *extract; /* NULL: no extraction */
	/* NULL, or seconds added to: [0] front matter, [1] Markdown, [2] extraction */
	double *times;
	bool unicode_slugs; /* slugs: unicode (lede_slugify_as) */
	size_t max_bytes;   /* the most an article may hold (limits.article_mb); 0: no limit;
	                     * its Markdown's parse may take LEDE_ARTICLE_PARSE_TIMES that
	                     * (lede_markdown_cost) */
} lede_article_opts;

/* Loads and parses root/path. NULL with err filled (file:line:col) on a read
 * error, invalid UTF-8, bad front matter, or a missing/bad title or date. */
lede_article *lede_article_load(const char *root, const char *path, const lede_article_opts *o,
                                lede_error *err);
/* Parses an article held in memory (tests, `lede test`); path names it. */
lede_article *lede_article_parse(const char *path, const char *text, size_t len,
                                 const lede_article_opts *o, lede_error *err);
/* The summary: the front matter's, else the text of the first paragraph,
 * else "". Made once (in a's arena) when derived. */
const char *lede_article_summary(lede_article *a);
/* An article's slug: given (the front matter's) slugified, else the file
 * name of path without folders, a leading date and the extension, else
 * the title's. The editions map (editions.c) reads it the same way. */
void lede_article_slug(const char *path, const char *given, const char *title, bool unicode,
                       lede_buf *out);
/* When a was published, what collections order it by (newest first,
 * `limit`, `sort:`): its embargo's end when that is a date later than
 * its date (a story written on the 3rd and released on the 10th is the
 * 10th's news), or, without an embargo: of its own, the one of its
 * story's it waited for (held_until) when later, else its date;
 * news.published's date (plugins/lib/news.lua).
 * A record's is the one worked out when it was made (its `released`). */
lede_date lede_article_released(const lede_article *a);
/* A front matter date (a YAML timestamp, or a string lede_date_parse
 * takes) in *out: 0, or -1 when v is neither; -2 for a date whose UTC
 * instant is outside the years lede takes (lede_date_parse). */
int lede_meta_date(const lede_value *v, lede_date *out);
/* A collection record of a in arena ar (shared by many records, freed by
 * the caller): title, summary (derived if need be), slug, lang, section,
 * date, draft, tags, authors, meta, path, url, file, outlet, index, and
 * fragment (deep-copied; may be NULL). */
lede_article *lede_article_record(lede_arena *ar, lede_article *a, const lede_value *fragment);
/* The light fields of a record of a in arena ar: path, title, section,
 * date, draft, tags, outlet, url, file and index (what collections sort,
 * group and check by), and summary (a's own, NULL if none), slug and lang
 * (what an index page shows besides): a thin record's, state.h. pool
 * (NULL: none): where the tags, outlet, section and lang are shared from
 * (pool->ar is ar). */
lede_article *lede_article_light(lede_arena *ar, const lede_article *a, lede_value_pool *pool);
/* a->links / a->quotes, made from the extraction on first use. The quotes
 * are found then, with c (this thread's extraction context; NULL: none are
 * found); *warned (when not NULL) gets the number of warnings that added,
 * the last of a->extraction.warnings, for the caller to report. */
lede_value *lede_article_links(lede_article *a);
lede_value *lede_article_quotes(lede_article *a, lede_extract_ctx *c, size_t *warned);
/* A sequence of strings from a front matter value: a sequence's strings and
 * numbers (as text), or a single string as a one-item list; NULL v: empty. */
lede_value *lede_value_strings(lede_arena *ar, const lede_value *v);

/* A deep copy for one outlet (its own arena); the source text is shared
 * with the original, which must outlive it. */
lede_article *lede_article_copy(const lede_article *a, const char *outlet);
void lede_article_free(lede_article *a);

/* ASCII slug: NFKD, accents stripped, lower case, runs of other characters
 * as one '-'. Appends to out. */
void lede_slugify(const char *s, size_t n, lede_buf *out);
/* The slug of `slugs:` in lede.yaml: lede_slugify's (ascii), or with
 * unicode the letters and digits of every script kept (those with an ASCII
 * spelling written in it, as lede_slugify writes them: a Latin slug is the
 * same in both), NFKC, case folded. */
void lede_slugify_as(const char *s, size_t n, bool unicode, lede_buf *out);
/* The longest slug an article or a tag may have, in bytes: a slug names a
 * folder or file of the output (255 bytes at most on Linux file systems),
 * with room for what a path pattern adds to it ("{slug}.html"). */
#define LEDE_SLUG_MAX 250
/* Whether s is a language tag as lede takes one (it names folders:
 * {lang} in paths): ASCII letters, digits, '-' or '_', 35 at most, that
 * start with a language code of two or three letters (or x- and i-, the
 * private and grandfathered tags of BCP 47): en, fr, pt-BR, zh-Hant-TW,
 * fr_CA, yue. "english" is not one. */
bool lede_lang_valid(const char *s);
/* Whether s (n bytes) holds nothing but spaces, tabs and line breaks (or
 * no-break spaces): a title of " " is no title. */
bool lede_blank(const char *s, size_t n);
/* The code of the language a name spells, in English or in the language
 * ("English", "français", "Deutsch"): "en", "fr", "de"; NULL when s is no
 * name lede knows. For the error about a lang like "english". */
const char *lede_lang_named(const char *s);
/* What a language tag is, as the errors about one say it (front matter,
 * lede.yaml, a hook). */
#define LEDE_LANG_RULE "a code of two or three letters, then letters, digits or '-' (en, fr, pt-BR)"
/* The did-you-mean of those errors for s, appended to out ("; did you
 * mean 'en'?"), or nothing. */
void lede_lang_hint(const char *s, lede_buf *out);

#endif
