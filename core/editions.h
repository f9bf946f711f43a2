/* editions.h: which articles are editions (translations) of one another,
 * read before the workers start from the front matter alone, so that a
 * page can link to a translation another worker has not reached yet. The
 * map is read-only once made and shared by every worker. */
#ifndef LEDE_EDITIONS_H
#define LEDE_EDITIONS_H

#include "arena.h"
#include "buf.h"
#include "date.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What an edition's pubstatus: says. */
enum lede_edition_status {
	LEDE_STATUS_NONE,
	LEDE_STATUS_USABLE,
	LEDE_STATUS_WITHHELD,
	LEDE_STATUS_CANCELED,
	LEDE_STATUS_OTHER
};

typedef struct lede_edition {
	const char *path, *lang, *slug, *section, *title;
	lede_date date;
	bool draft;
	bool held;      /* embargoed at the build time, withheld or canceled */
	bool embargoed; /* its embargo, in embargo, has not passed at the build time */
	lede_date embargo;
	bool has_embargo; /* an embargo: of its own, passed or not */
	/* its pubstatus: as the front matter says it, a lede_edition_status
	 * (a byte, in the padding: a 100k-article map) */
	unsigned char status;
	/* how many targets (below) */
	uint16_t ntargets;
	/* without one, the edition of its group under embargo that lifts
	 * last: it is held until then (held is true); else NULL */
	const struct lede_edition *waits;
	size_t first, count; /* its group in lede_editions.order */
	/* the other articles its body links to by their source
	 * (`[x](other.md)`: lede_editions_link), as indexes into
	 * lede_editions.v, at most LEDE_EDITIONS_MAX_TARGETS */
	const size_t *targets;
	const char *text; /* what the scan read of its front matter, as text
	                   * (lede_editions_text), or NULL: it did not parse */
} lede_edition;

/* The most articles one article's body links to by their source that
 * are linked (the others stay as written, and the link check names their
 * pages). */
#define LEDE_EDITIONS_MAX_TARGETS 256

/* The scan reads the files on up to this many threads. */
#define LEDE_EDITIONS_MAX_SLICES 16

typedef struct lede_editions {
	lede_arena *arena;
	lede_arena *more[LEDE_EDITIONS_MAX_SLICES]; /* the other threads' strings */
	lede_edition *v;                            /* by path, as the paths were given (sorted) */
	size_t n;
	size_t *order; /* indexes into v, grouped, each group by language then path */
	bool linked;   /* some article links another by its source (targets) */
} lede_editions;

/* Reads the front matter of root/paths[0..n) (sorted, as
 * lede_content_paths gives them): articles sharing `translation_key:`, or
 * joined by a `translations:` map (language -> the other article's path,
 * e.g. content/x.md), form a group. now decides what an embargo holds
 * back. Files that do not parse are left out (the build reports them).
 * The files are read on up to jobs threads; only what the map needs of
 * their front matter is kept. A file in which the word "translation"
 * (and no YAML escape that could spell it) appears nowhere names no
 * translation: its front matter is not parsed, and its entry has no
 * fields (alone in its group, it needs none), unless another file's
 * translations name it.
 * A file of more than max_bytes (0: no limit) is not read: its article
 * fails to load (limits.article_mb), and it has no fields here. Slugs are
 * made as the loader makes them (unicode: `slugs: unicode`).
 * Free with lede_editions_free. */
lede_editions *lede_editions_scan(const char *root, char *const *paths, size_t n,
                                  const char *default_lang, const lede_date *now, int jobs,
                                  size_t max_bytes, bool unicode);
/* The same, where known(ud, i, &text) may give, for paths[i], the text an
 * earlier scan read of the same bytes (lede_editions_text; the build
 * state keeps it): the file is then not read again. Called on the scan's
 * threads. */
typedef bool (*lede_editions_known_fn)(void *ud, size_t i, const char **text);
lede_editions *lede_editions_scan_known(const char *root, char *const *paths, size_t n,
                                        const char *default_lang, const lede_date *now, int jobs,
                                        lede_editions_known_fn known, void *ud, size_t max_bytes,
                                        bool unicode);
/* What the scan read of paths[i]'s front matter, as text (valid while m
 * is), or NULL: the language, slug, section, title, date, draft, embargo
 * and status and the translations as the file says them, before the
 * build's defaults and time apply. */
const char *lede_editions_text(const lede_editions *m, size_t i);
void lede_editions_free(lede_editions *m);
/* The source path a link's destination url[0..len) (before any '#')
 * names, as a link on the page of the article at `from` (a path from the
 * site folder, content/x.md) means it: from that article's folder, or
 * from the site folder when it starts with '/', "." and ".." resolved;
 * in *out. False when it is no path to a Markdown file of the site (a
 * scheme, a query, no ".md" at its end, ".." above the site). */
bool lede_editions_link_path(const char *from, const char *url, size_t len, lede_buf *out);
/* The source paths the links of body[0..len) (the Markdown after an
 * article's front matter; the article at `from`) name, as
 * lede_editions_link_path reads them, each once, at most
 * LEDE_EDITIONS_MAX_TARGETS, into *out (strings in a): what ends in ".md"
 * before a closing parenthesis, '#', '>', a quote, a space or the end,
 * from the opening one (at most 512 bytes back). */
size_t lede_editions_link_candidates(lede_arena *a, const char *from, const char *body, size_t len,
                                     const char ***out);
/* The entry the link url[0..len) on the article at `from` names among
 * that article's targets (its own entry me), or NULL: a link to another
 * article's source that the scan found, whose fields it read. */
const lede_edition *lede_editions_link(const lede_editions *m, const lede_edition *me,
                                       const char *url, size_t len);
/* The entry of the article at path, or NULL. */
const lede_edition *lede_editions_find(const lede_editions *m, const char *path);
/* For the edition at path without an embargo: of its own, in a group
 * where others have one: the latest of those embargoes (passed or not)
 * in *until, what it waits for, or waited for, before it is published;
 * else *until is left as it is and false. */
bool lede_editions_held_until(const lede_editions *m, const char *path, lede_date *until);

#endif
