/* editions.c: the map of editions (translations) made before the build
 * from the articles' front matter; see editions.h. */
#include "editions.h"

#include "article.h"
#include "frontmatter.h"
#include "output.h"

#include <stdlib.h>
#include <string.h>

/* What the article loader does (core/article.c): the slug is the front
 * matter's, else the file name without folders, leading date and
 * extension, else the title's. A hook that changes slug, lang or section
 * later is not seen here (docs/config.md "Editions"). */
static void slug_of(const char *path, const char *given, const char *title, lede_buf *out)
{
	if (given && given[0]) {
		lede_slugify(given, strlen(given), out);
	} else {
		const char *base = strrchr(path, '/');
		base = base ? base + 1 : path;
		const char *dot = strrchr(base, '.');
		size_t n = dot ? (size_t)(dot - base) : strlen(base);
		if (n > 11 && base[4] == '-' && base[7] == '-' && base[10] == '-') {
			base += 11;
			n -= 11;
		}
		lede_slugify(base, n, out);
	}
	if (!out->len && title)
		lede_slugify(title, strlen(title), out);
}

static int date_of(const lede_value *v, lede_date *d)
{
	size_t col;
	const char *why;
	if (v && v->type == LEDE_TIMESTAMP) {
		*d = v->u.ts;
		return 0;
	}
	if (v && v->type == LEDE_STRING &&
	    lede_date_parse(v->u.str.s, v->u.str.len, d, &col, &why) == 0)
		return 0;
	return -1;
}

static size_t find_root(size_t *up, size_t i)
{
	while (up[i] != i)
		i = up[i] = up[up[i]];
	return i;
}

static void join(size_t *up, size_t a, size_t b)
{
	a = find_root(up, a);
	b = find_root(up, b);
	if (a != b)
		up[a > b ? a : b] = a < b ? a : b; /* the first by path leads */
}

typedef struct {
	const char *key;
	size_t i;
} keyed;

static int cmp_keyed(const void *x, const void *y)
{
	const keyed *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	return c ? c : (a->i > b->i) - (a->i < b->i);
}

static int find_index(const lede_editions *m, const char *path)
{
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(m->v[mid].path, path);
		if (!c)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* A group member, for sorting the groups (qsort has no context pointer,
 * so what it compares is in the element). */
typedef struct {
	size_t group, i;
	const char *lang, *path;
} member;

static int cmp_member(const void *x, const void *y)
{
	const member *a = x, *b = y;
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	int c = strcmp(a->lang, b->lang);
	return c ? c : strcmp(a->path, b->path);
}

lede_editions *lede_editions_scan(const char *root, char *const *paths, size_t n,
                                  const char *default_lang, const lede_date *now)
{
	lede_editions *m = lede_xcalloc(1, sizeof *m);
	m->arena = lede_arena_new();
	m->v = lede_xcalloc(n + 1, sizeof *m->v);
	m->order = lede_xcalloc(n + 1, sizeof *m->order);
	m->n = n;
	size_t *up = lede_xcalloc(n + 1, sizeof *up);
	keyed *keys = lede_xcalloc(n + 1, sizeof *keys);
	size_t nkeys = 0;
	const lede_value **maps = lede_xcalloc(n + 1, sizeof *maps);
	for (size_t i = 0; i < n; i++) {
		lede_edition *x = &m->v[i];
		up[i] = i;
		x->path = lede_arena_strdup(m->arena, paths[i]);
		x->held = true; /* until it parses */
		lede_buf full = LEDE_BUF_INIT;
		if (root && root[0] && strcmp(root, ".") != 0 && paths[i][0] != '/')
			lede_buf_printf(&full, "%s/%s", root, paths[i]);
		else
			lede_buf_puts(&full, paths[i]);
		size_t len;
		char *text = lede_read_file(lede_buf_cstr(&full), &len);
		lede_buf_free(&full);
		lede_frontmatter fm;
		lede_error err;
		lede_error_clear(&err);
		if (!text || lede_frontmatter_parse(m->arena, x->path, text, len, &fm, &err) != 0) {
			free(text);
			continue;
		}
		free(text);
		const lede_value *meta = fm.meta;
		x->title = lede_value_str(lede_value_get(meta, "title"));
		if (!x->title || date_of(lede_value_get(meta, "date"), &x->date) != 0)
			continue;
		x->lang = lede_value_str(lede_value_get(meta, "lang"));
		if (!x->lang || !x->lang[0])
			x->lang = default_lang ? default_lang : "en";
		x->section = lede_value_str(lede_value_get(meta, "section"));
		const lede_value *dr = lede_value_get(meta, "draft");
		x->draft = dr && dr->type == LEDE_BOOL && dr->u.b;
		lede_buf sb = LEDE_BUF_INIT;
		slug_of(x->path, lede_value_str(lede_value_get(meta, "slug")), x->title, &sb);
		x->slug = lede_arena_strndup(m->arena, lede_buf_cstr(&sb), sb.len);
		lede_buf_free(&sb);
		const char *status = lede_value_str(lede_value_get(meta, "pubstatus"));
		lede_date emb;
		x->held = (status && strcmp(status, "usable") != 0) ||
		          (date_of(lede_value_get(meta, "embargo"), &emb) == 0 &&
		           lede_date_compare(&emb, now) > 0);
		const char *key = lede_value_str(lede_value_get(meta, "translation_key"));
		if (key && key[0])
			keys[nkeys++] = (keyed){key, i};
		const lede_value *tr = lede_value_get(meta, "translations");
		if (tr && tr->type == LEDE_MAP)
			maps[i] = tr;
	}
	if (nkeys)
		qsort(keys, nkeys, sizeof *keys, cmp_keyed);
	for (size_t k = 1; k < nkeys; k++)
		if (!strcmp(keys[k].key, keys[k - 1].key))
			join(up, keys[k - 1].i, keys[k].i);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; maps[i] && k < maps[i]->u.list.n; k++) {
			const char *other = lede_value_str(maps[i]->u.list.items[k]);
			int j = other ? find_index(m, other) : -1;
			if (j >= 0)
				join(up, i, (size_t)j);
		}
	member *mem = lede_xcalloc(n + 1, sizeof *mem);
	for (size_t i = 0; i < n; i++)
		mem[i] =
		    (member){find_root(up, i), i, m->v[i].lang ? m->v[i].lang : "", m->v[i].path};
	if (n)
		qsort(mem, n, sizeof *mem, cmp_member);
	for (size_t k = 0; k < n;) {
		size_t end = k;
		while (end < n && mem[end].group == mem[k].group)
			end++;
		for (size_t j = k; j < end; j++) {
			m->order[j] = mem[j].i;
			m->v[mem[j].i].first = k;
			m->v[mem[j].i].count = end - k;
		}
		k = end;
	}
	free(mem);
	free(maps);
	free(keys);
	free(up);
	return m;
}

void lede_editions_free(lede_editions *m)
{
	if (!m)
		return;
	lede_arena_free(m->arena);
	free(m->v);
	free(m->order);
	free(m);
}

const lede_edition *lede_editions_find(const lede_editions *m, const char *path)
{
	int i = m ? find_index(m, path) : -1;
	return i >= 0 ? &m->v[i] : NULL;
}
