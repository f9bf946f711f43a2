/* value.c: reading and copying the value trees front matter and lede.yaml
 * parse into. */
#include "value.h"
#include "buf.h"
#include "depth.h"
#include "digest.h"

#include <math.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

const lede_value *lede_value_get(const lede_value *v, const char *key)
{
	if (!v || v->type != LEDE_MAP || !key)
		return NULL;
	for (size_t i = 0; i < v->u.list.n; i++)
		if (v->u.list.keys[i][0] == key[0] && strcmp(v->u.list.keys[i], key) == 0)
			return v->u.list.items[i];
	return NULL;
}

const char *lede_value_str(const lede_value *v)
{
	return v && v->type == LEDE_STRING ? v->u.str.s : NULL;
}

const char *lede_value_type_name(lede_value_type t)
{
	switch (t) {
	case LEDE_NULL: return "null";
	case LEDE_BOOL: return "boolean";
	case LEDE_INT: return "integer";
	case LEDE_FLOAT: return "float";
	case LEDE_STRING: return "string";
	case LEDE_TIMESTAMP: return "date";
	case LEDE_SEQ: return "list";
	case LEDE_MAP: return "mapping";
	}
	return "unknown";
}

lede_value *lede_value_copy(lede_arena *a, const lede_value *v)
{
	if (!v)
		return NULL;
	lede_value *c = lede_arena_alloc_aligned(a, sizeof *c, alignof(lede_value));
	*c = *v;
	switch (v->type) {
	case LEDE_STRING: {
		c->u.str.s = lede_arena_strndup(a, v->u.str.s, v->u.str.len);
		break;
	}
	case LEDE_SEQ:
	case LEDE_MAP: {
		size_t n = v->u.list.n;
		c->u.list.items = lede_arena_alloc(a, (n ? n : 1) * sizeof *c->u.list.items);
		for (size_t i = 0; i < n; i++)
			c->u.list.items[i] = lede_value_copy(a, v->u.list.items[i]);
		if (v->type == LEDE_MAP) {
			const char **keys = lede_arena_alloc(a, (n ? n : 1) * sizeof *keys);
			c->u.list.key_nodes =
			    lede_arena_alloc(a, (n ? n : 1) * sizeof *c->u.list.key_nodes);
			for (size_t i = 0; i < n; i++) {
				c->u.list.key_nodes[i] =
				    v->u.list.key_nodes ? lede_value_copy(a, v->u.list.key_nodes[i])
				                        : NULL;
				const lede_value *kn = c->u.list.key_nodes[i];
				keys[i] = kn && kn->type == LEDE_STRING
				              ? kn->u.str.s
				              : lede_arena_strdup(a, v->u.list.keys[i]);
			}
			c->u.list.keys = keys;
		}
		break;
	}
	default: break;
	}
	return c;
}

const char *lede_value_key(lede_arena *a, const char *key)
{
	/* The keys news front matter uses most: kept once, here, rather than
	 * in every record of an archive. */
	static const char *const common[] = {
	    "title",   "date",    "summary",   "tags",     "authors",         "lang",
	    "section", "slug",    "draft",     "updated",  "image",           "caption",
	    "credit",  "embargo", "pubstatus", "partners", "translation_key", "translations",
	    "outlets", "byline",  "subtitle",  "location", "reading_time",    "reading_time_text"};
	for (size_t i = 0; i < sizeof common / sizeof *common; i++)
		if (!strcmp(key, common[i]))
			return common[i];
	return lede_arena_strdup(a, key);
}

lede_value *lede_value_copy_lean(lede_arena *a, const lede_value *v)
{
	if (!v)
		return NULL;
	if (v->type != LEDE_SEQ && v->type != LEDE_MAP)
		return lede_value_copy(a, v);
	lede_value *c = lede_arena_alloc_aligned(a, sizeof *c, alignof(lede_value));
	*c = *v;
	size_t n = v->u.list.n;
	c->u.list.items = lede_arena_alloc_aligned(a, (n ? n : 1) * sizeof *c->u.list.items,
	                                           alignof(lede_value *));
	for (size_t i = 0; i < n; i++)
		c->u.list.items[i] = lede_value_copy_lean(a, v->u.list.items[i]);
	c->u.list.key_nodes = NULL;
	if (v->type == LEDE_MAP) {
		const char **keys =
		    lede_arena_alloc_aligned(a, (n ? n : 1) * sizeof *keys, alignof(char *));
		for (size_t i = 0; i < n; i++)
			keys[i] = lede_value_key(a, v->u.list.keys[i]);
		c->u.list.keys = keys;
	}
	return c;
}

static bool pool_same(const lede_value *a, const lede_value *b)
{
	return a->u.str.len == b->u.str.len && !memcmp(a->u.str.s, b->u.str.s, a->u.str.len);
}

const lede_value *lede_value_pooled(lede_value_pool *p, const lede_value *v)
{
	if (!v || v->type != LEDE_STRING)
		return lede_value_copy_lean(p->ar, v);
	if ((p->n + 1) * 2 > p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 256;
		const lede_value **t = lede_xcalloc(cap, sizeof *t);
		for (size_t i = 0; i < p->cap; i++)
			if (p->v[i]) {
				size_t j =
				    lede_digest64(p->v[i]->u.str.s, p->v[i]->u.str.len) & (cap - 1);
				while (t[j])
					j = (j + 1) & (cap - 1);
				t[j] = p->v[i];
			}
		free(p->v);
		p->v = t;
		p->cap = cap;
	}
	size_t j = lede_digest64(v->u.str.s, v->u.str.len) & (p->cap - 1);
	while (p->v[j]) {
		if (pool_same(p->v[j], v))
			return p->v[j];
		j = (j + 1) & (p->cap - 1);
	}
	p->n++;
	return p->v[j] = lede_value_copy(p->ar, v);
}

void lede_value_pool_clear(lede_value_pool *p)
{
	free(p->v);
	*p = (lede_value_pool){0};
}

/* Whether scalars a and b (of one type) are the same value, as written:
 * a date with its offset and precision, not only its instant. */
static bool same_scalar(const lede_value *a, const lede_value *b)
{
	switch (a->type) {
	case LEDE_NULL: return true;
	case LEDE_BOOL: return a->u.b == b->u.b;
	case LEDE_INT: return a->u.i == b->u.i;
	case LEDE_FLOAT: return !memcmp(&a->u.f, &b->u.f, sizeof a->u.f);
	case LEDE_STRING:
		return a->u.str.len == b->u.str.len &&
		       !memcmp(a->u.str.s, b->u.str.s, a->u.str.len) && !a->u.str.s[a->u.str.len] &&
		       !b->u.str.s[b->u.str.len];
	case LEDE_TIMESTAMP: {
		const lede_date *x = &a->u.ts, *y = &b->u.ts;
		return x->year == y->year && x->month == y->month && x->day == y->day &&
		       x->hour == y->hour && x->min == y->min && x->sec == y->sec &&
		       x->nsec == y->nsec && x->offset == y->offset && x->has_time == y->has_time &&
		       x->has_zone == y->has_zone;
	}
	default: return false;
	}
}

bool lede_value_identical(const lede_value *a, const lede_value *b)
{
	if (!a || !b)
		return a == b;
	if (a->type != b->type || a->line != b->line || a->column != b->column)
		return false;
	switch (a->type) {
	case LEDE_SEQ:
	case LEDE_MAP:
		if (a->u.list.n != b->u.list.n)
			return false;
		for (size_t i = 0; i < a->u.list.n; i++) {
			if (!lede_value_identical(a->u.list.items[i], b->u.list.items[i]))
				return false;
			if (a->type == LEDE_MAP &&
			    (strcmp(a->u.list.keys[i], b->u.list.keys[i]) ||
			     !a->u.list.key_nodes != !b->u.list.key_nodes ||
			     (a->u.list.key_nodes &&
			      !lede_value_identical(a->u.list.key_nodes[i],
			                            b->u.list.key_nodes[i]))))
				return false;
		}
		return true;
	default: return same_scalar(a, b);
	}
}

void lede_value_carry_places(lede_value *to, const lede_value *from, int depth)
{
	if (!to || !from || depth > LEDE_MAX_DEPTH || to->type != from->type)
		return;
	if (to->type == LEDE_MAP) {
		if (to->u.list.n * from->u.list.n > (size_t)1 << 20)
			return;
		for (size_t i = 0; i < to->u.list.n; i++) {
			/* (the same index first: a key order kept) */
			const lede_value *f =
			    i < from->u.list.n && !strcmp(from->u.list.keys[i], to->u.list.keys[i])
			        ? from->u.list.items[i]
			        : lede_value_get(from, to->u.list.keys[i]);
			lede_value_carry_places(to->u.list.items[i], f, depth + 1);
		}
	} else if (to->type == LEDE_SEQ) {
		for (size_t i = 0; i < to->u.list.n && i < from->u.list.n; i++)
			lede_value_carry_places(to->u.list.items[i], from->u.list.items[i],
			                        depth + 1);
	} else if (!same_scalar(to, from)) {
		return;
	}
	if (!to->line) {
		to->line = from->line;
		to->column = from->column;
	}
}

bool lede_double_whole(double f)
{
	return isfinite(f) && f > -9.2e18 && f < 9.2e18 && f == (double)(long long)f;
}
