/* value.h: the typed value tree front matter and lede.yaml parse into.
 * Every node records where it stood in its file, so later checks (a bad
 * date, an unknown outlet key) can still say file:line:column. All memory
 * belongs to the arena the tree was built in. */
#ifndef LEDE_VALUE_H
#define LEDE_VALUE_H

#include "arena.h"
#include "date.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum lede_value_type {
	LEDE_NULL,
	LEDE_BOOL,
	LEDE_INT,
	LEDE_FLOAT,
	LEDE_STRING,
	LEDE_TIMESTAMP,
	LEDE_SEQ,
	LEDE_MAP,
} lede_value_type;

typedef struct lede_value lede_value;
struct lede_value {
	lede_value_type type;
	int line, column; /* 1-based position of the value in its file */
	union {
		bool b;
		int64_t i;
		double f;
		struct {
			const char *s; /* NUL-terminated, may hold NULs before len */
			size_t len;
		} str;
		lede_date ts;
		struct {
			lede_value **items;
			const char **keys;      /* LEDE_MAP only: items[i] is keys[i]'s value */
			lede_value **key_nodes; /* LEDE_MAP only: the keys' own positions */
			size_t n;
		} list;
	} u;
};

/* The value at key in a map, or NULL (also when v is not a map). */
const lede_value *lede_value_get(const lede_value *v, const char *key);
/* v's string, or NULL when v is not a string. */
const char *lede_value_str(const lede_value *v);
const char *lede_value_type_name(lede_value_type t);
/* A deep copy of v inside arena a. */
lede_value *lede_value_copy(lede_arena *a, const lede_value *v);
/* The same without the map keys' own positions (key_nodes NULL), which
 * only configuration errors use: for data kept the whole build. */
lede_value *lede_value_copy_lean(lede_arena *a, const lede_value *v);
/* A map key for a lean copy: a common front-matter key is shared static
 * text, another a copy in a. */
const char *lede_value_key(lede_arena *a, const char *key);

/* Whether f is a whole number that a long long holds (NaN, the
 * infinities and what is beyond are not: converting them is undefined):
 * written "%.1f" as Lua's tostring writes it, else "%.14g". */
bool lede_double_whole(double f);

/* Whether a and b are the same tree: types, values, map keys in order
 * and every position, the keys' included (two parses of one text). */
bool lede_value_identical(const lede_value *a, const lede_value *b);

/* Gives the values of to (made again without places: a hook's a.meta,
 * converted back from Lua) the place in the file of the same value at the
 * same key or index of from (the front matter's), so that a mistake found
 * later (a lead image's bad src) is still reported at its line and column
 * after a plugin set another key. A map's keys are looked up one by one:
 * beyond some thousands of them, its values are left unplaced. */
void lede_value_carry_places(lede_value *to, const lede_value *from, int depth);

/* One copy of each string value, in arena ar, for data kept the whole
 * build that repeats from article to article (a thin record's tags). Not
 * thread-safe: a worker has its own. Zero-initialise with ar set. */
typedef struct lede_value_pool {
	lede_arena *ar;
	const lede_value **v; /* open addressing; NULL: empty */
	size_t n, cap;
} lede_value_pool;
/* The pool's string value of v (a string), made on first use; v itself
 * copied when it is not a string. Its position is the first one's. */
const lede_value *lede_value_pooled(lede_value_pool *p, const lede_value *v);
/* Frees the pool's table (its values stay in its arena) and forgets the
 * arena. */
void lede_value_pool_clear(lede_value_pool *p);

#endif
