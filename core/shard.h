/* shard.h: one build split across machines (docs/scaling.md). A shard
 * (`lede build --shard I/N`) builds the articles whose path hashes to I
 * and, instead of the collections, writes what they need to .lede-shard
 * in its output folder: every outlet's records of its articles, the pages
 * they claimed, a `limit` outlet's newest, the files it made, its counts.
 * The merge (`lede build --merge DIR...`) checks that it has every shard
 * of one build, copies their files into its own build state and writes
 * the collections and the finish hooks, as one build would have. */
#ifndef LEDE_SHARD_H
#define LEDE_SHARD_H

#include "collect.h"
#include "engine.h"
#include "reuse.h"

#include <pthread.h>

/* The shard file's name, in a shard's output folder. */
#define LEDE_SHARD_FILE ".lede-shard"

/* The shard (0..n-1) of the article at path, as the site names it
 * ("content/news/x.md"): FNV-1a (64 bits) of its path below the content
 * folder ("news/x.md"), modulo n. The same on every machine and at
 * every -j. */
int lede_shard_of(const lede_engine *e, const char *path, int n);

/* For e's --shard: the digest of the inputs every shard and the merge
 * share (lede_reuse_inputs_key, from all paths[0..*n)) in key, then keeps
 * in paths only the articles of e's shard, in order (the others are
 * freed). */
void lede_shard_select(lede_engine *e, char **paths, size_t *n, char key[LEDE_DIGEST_HEX]);

/* Removes the shard file an earlier build left in e's output folder. */
void lede_shard_forget(lede_engine *e);

/* What failed in a shard: (outlet, article) pairs whose last published
 * version the merge keeps (lede_keep_last on its own build state). */
typedef struct lede_shard_fails {
	pthread_mutex_t lock;
	char **v; /* "outlet\tarticle" */
	size_t n;
} lede_shard_fails;
/* In a shard (e or its parent has shard_fails): records that the
 * article at path failed in outlet, and returns true. Elsewhere, false.
 * Thread-safe. */
bool lede_shard_fail(lede_engine *e, const char *outlet, const char *path);

/* A `limit` outlet's article that the shard kept among its newest. */
typedef struct lede_shard_pick {
	size_t outlet; /* its index in e->outlets */
	char *path;
	lede_date date;
} lede_shard_pick;
typedef struct lede_shard_picks {
	lede_shard_pick *v;
	size_t n;
} lede_shard_picks;
void lede_shard_pick_add(lede_shard_picks *p, size_t outlet, const lede_article *a);
void lede_shard_picks_free(lede_shard_picks *p);

/* Writes the shard file of e's build (--shard) in its output folder: the
 * collections colls (by outlet, NULL for those not built), the picks,
 * every file of the build state (after the commit, before it is freed),
 * the number of articles and of those ready, and e's error and warning
 * counts. Written under a temporary name and renamed. 0, or -1 (reported). */
int lede_shard_write(lede_engine *e, lede_collection **colls, const lede_shard_picks *picks,
                     const char *key, size_t articles, size_t ready);
/* Frees what the build's shard_fails holds (not the struct). */
void lede_shard_fails_clear(lede_shard_fails *f);

/* `lede build --merge DIR...` (e->merge): returns the exit status, as
 * lede_engine_build does; 2 when the shards are not every shard of one
 * build (nothing is written then). */
int lede_shard_merge(lede_engine *e);

#endif
