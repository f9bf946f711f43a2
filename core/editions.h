/* editions.h: which articles are editions (translations) of one another,
 * read before the workers start from the front matter alone, so that a
 * page can link to a translation another worker has not reached yet. The
 * map is read-only once made and shared by every worker. */
#ifndef LEDE_EDITIONS_H
#define LEDE_EDITIONS_H

#include "arena.h"
#include "date.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct lede_edition {
	const char *path, *lang, *slug, *section, *title;
	lede_date date;
	bool draft;
	bool held;      /* embargoed at the build time, withheld or canceled */
	bool embargoed; /* its embargo, in embargo, has not passed at the build time */
	lede_date embargo;
	bool has_embargo; /* an embargo: of its own, passed or not */
	/* without one, the edition of its group under embargo that lifts
	 * last: it is held until then (held is true); else NULL */
	const struct lede_edition *waits;
	size_t first, count; /* its group in lede_editions.order */
	const char *text;    /* what the scan read of its front matter, as text
	                      * (lede_editions_text), or NULL: it did not parse */
} lede_edition;

/* The scan reads the files on up to this many threads. */
#define LEDE_EDITIONS_MAX_SLICES 16

typedef struct lede_editions {
	lede_arena *arena;
	lede_arena *more[LEDE_EDITIONS_MAX_SLICES]; /* the other threads' strings */
	lede_edition *v;                            /* by path, as the paths were given (sorted) */
	size_t n;
	size_t *order; /* indexes into v, grouped, each group by language then path */
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
/* The entry of the article at path, or NULL. */
const lede_edition *lede_editions_find(const lede_editions *m, const char *path);
/* For the edition at path without an embargo: of its own, in a group
 * where others have one: the latest of those embargoes (passed or not)
 * in *until, what it waits for, or waited for, before it is published;
 * else *until is left as it is and false. */
bool lede_editions_held_until(const lede_editions *m, const char *path, lede_date *until);

#endif
