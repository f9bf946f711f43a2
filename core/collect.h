/* collect.h: an outlet's collection. Articles are freed once their pages
 * are written; what the index pages, tag pages and feeds need of them stays
 * as a record (C data, see lede_article_record) in the collection, which
 * several workers fill at once. On the main state, lede_collection_write
 * then renders the collections from the records. */
#ifndef LEDE_COLLECT_H
#define LEDE_COLLECT_H

#include "engine.h"

typedef struct lede_collection lede_collection;

/* A collection for outlet o (the main engine's runtime outlet, whose
 * format's index hook renders it). Free with lede_collection_free. */
lede_collection *lede_collection_new(lede_outlet_rt *o);
void lede_collection_free(lede_collection *c);

/* Whether the outlet has `limit`: its articles are then chosen first (the
 * newest `limit` that its filters accept) and only those go through
 * transform, render and fragment (lede_collection_offer). */
bool lede_collection_limited(const lede_collection *c);
/* Offers src, which the outlet's filters accepted: kept (*kept true; the
 * caller has counted a reference for the collection) when it is among the
 * newest `limit` so far. Returns the article it pushed out, whose
 * reference the caller drops, or NULL. Thread-safe. */
lede_article *lede_collection_offer(lede_collection *c, lede_article *src, bool *kept);
/* Of v[0..n), the newest first (lede_collection_take), how many are among
 * the newest `limit` once the records kept from the last build for
 * articles that failed now hold their places: the first that many are
 * published, the others not (a failed article among the newest does not
 * let one more in: its kept page and this one's would be limit + 1). */
size_t lede_collection_within_limit(lede_collection *c, lede_article *const *v, size_t n);
/* The kept articles, newest first, handed to the caller (who owns the
 * references); the collection forgets them. */
lede_article **lede_collection_take(lede_collection *c, size_t *n);

/* Adds rec (the record of src for this outlet, in memory that outlives
 * the collection; digest: its lede_record_digest) and writes its page
 * (file, data[0..len)) when file is not NULL. Two articles whose pages
 * are the same file: the newer (then the first by path) keeps it, the
 * other is left out of the outlet and reported by lede_collection_write,
 * so the outcome does not depend on the order workers get there. -1 when
 * the page could not be written (reported on e). Thread-safe; e is the
 * calling worker's engine. */
int lede_collection_add(lede_engine *e, lede_collection *c, const lede_article *src,
                        lede_article *rec, const char *digest, const char *file, const char *data,
                        size_t len);

/* An entry of the collection, for a record that comes later. */
typedef struct lede_collection_entry lede_collection_entry;
/* Claims file, the page of the article at path (date: its release,
 * lede_article_released, as its article hooks left it), for a record the
 * last build made of it, before any article is published: an article
 * published later that wants the same page gets it or not as if both had
 * been published (the newer wins), and the file is then not written for
 * this one. The record is added with lede_collection_fill (NULL: none).
 * Not thread-safe against lede_collection_add: call it before the
 * workers start. */
lede_collection_entry *lede_collection_reserve(lede_collection *c, const char *path, lede_date date,
                                               const char *file);
/* known: rec's digest (lede_record_digest) when the caller has it, or NULL. */
void lede_collection_fill(lede_collection *c, lede_collection_entry *en, lede_article *rec,
                          const char *known);

/* Before the collections are written: an outlet that takes no article
 * (and published none in the last build) whose filter names a section
 * or a tag that no article has, near one that some have, is a
 * warning with the one meant (`section: [Newz]`: did you mean 'News'?).
 * The articles' sections and tags are those of the other outlets'
 * records. colls[k] is outlet k's collection (may be NULL). */
void lede_collections_check(lede_engine *e, lede_collection **colls, size_t n);

/* Adds a record kept from the last good build (its page is kept as it
 * is, not written). Thread-safe. */
void lede_collection_keep(lede_collection *c, lede_article *rec);
/* An article the last build published in c's outlet that lede.yaml's
 * filter no longer takes (by NULL), or a plugin's filter hook (by: the
 * plugin's name, as it is listed); its path, language and section,
 * copied. Thread-safe. */
void lede_collection_filtered(lede_collection *c, const char *path, const char *lang,
                              const char *section, const char *by);
/* The same for an article reused unchanged; known: as for _fill. */
void lede_collection_reuse(lede_collection *c, lede_article *rec, const char *known);

/* What a shard carries of an entry (shard.c): its record (NULL: none),
 * its source's path and date, the page it claimed (NULL: none; it may
 * have lost it) and the record's digest ("" without one). */
typedef struct lede_collection_item {
	const lede_article *rec;
	const char *path;
	lede_date date;
	const char *file;
	const char *digest;
} lede_collection_item;
typedef void (*lede_collection_fn)(void *ud, const lede_collection_item *it);
/* Calls fn for every entry, in no order. Not thread-safe: after the
 * workers. */
void lede_collection_each(const lede_collection *c, lede_collection_fn fn, void *ud);
/* Whether another article took en's page (after every claim is made). */
bool lede_collection_dropped(const lede_collection_entry *en);

/* On the main engine: reports pages two articles wanted, sorts the
 * records by the outlet's `sort`, and writes the index pages and tag pages
 * through the format's index hook. */
void lede_collection_write(lede_engine *e, lede_collection *c);

#endif
