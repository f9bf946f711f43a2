/* editions.c: the map of editions (translations) made before the build
 * from the articles' front matter; see editions.h. */
#include "editions.h"

#include "article.h"
#include "frontmatter.h"
#include "output.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* What the scan keeps of one article's front matter, beside its entry. */
typedef struct {
	const char *key;    /* translation_key, or NULL */
	const char **other; /* the translations: map's paths */
	size_t nother;
} links;

typedef struct {
	lede_editions *m;
	links *ln;
	bool *plain; /* plain[i]: no translation in the file, its fields not read */
	const char *root, *default_lang;
	const lede_date *now;
	size_t lo, hi;
	lede_arena *arena; /* what this slice keeps */
	lede_editions_known_fn known;
	void *ud;
	bool whole;       /* read the fields of plain files too (named by another) */
	size_t max_bytes; /* a larger file is not read (0: no limit) */
	bool unicode;     /* slugs: unicode */
} slice;

static const char *keep(lede_arena *a, const char *s) { return s ? lede_arena_strdup(a, s) : NULL; }

/* What the map reads of an article's front matter, as the front matter
 * says it (the default language and the build time applied later). */
typedef struct {
	const char *title, *lang, *section, *slug, *status, *key;
	bool has_date, draft, has_embargo;
	lede_date date, embargo;
	const char **other;
	size_t nother;
	/* the source paths its body's links name (link_candidates), found
	 * or not: an article added later is linked then */
	const char **targets;
	size_t ntargets;
} fields;

static void read_fields(lede_arena *a, const lede_value *meta, fields *f)
{
	memset(f, 0, sizeof *f);
	f->title = lede_value_str(lede_value_get(meta, "title"));
	f->has_date = date_of(lede_value_get(meta, "date"), &f->date) == 0;
	f->lang = lede_value_str(lede_value_get(meta, "lang"));
	f->section = lede_value_str(lede_value_get(meta, "section"));
	const lede_value *dr = lede_value_get(meta, "draft");
	f->draft = dr && dr->type == LEDE_BOOL && dr->u.b;
	f->slug = lede_value_str(lede_value_get(meta, "slug"));
	f->status = lede_value_str(lede_value_get(meta, "pubstatus"));
	f->has_embargo = date_of(lede_value_get(meta, "embargo"), &f->embargo) == 0;
	f->key = lede_value_str(lede_value_get(meta, "translation_key"));
	const lede_value *tr = lede_value_get(meta, "translations");
	if (tr && tr->type == LEDE_MAP && tr->u.list.n) {
		f->other = lede_arena_alloc(a, tr->u.list.n * sizeof *f->other);
		for (size_t k = 0; k < tr->u.list.n; k++) {
			const char *other = lede_value_str(tr->u.list.items[k]);
			if (other)
				f->other[f->nother++] = other;
		}
	}
}

/* The text of f (lede_editions_text): a line per field, a string "+"
 * then its bytes ('\\' and newlines escaped) or "-" for none, a date its
 * ten numbers. */
static void put_opt(lede_buf *b, const char *s)
{
	if (!s) {
		lede_buf_puts(b, "-\n");
		return;
	}
	lede_buf_putc(b, '+');
	lede_buf_put_escaped(b, s);
	lede_buf_putc(b, '\n');
}

static void put_date(lede_buf *b, bool has, const lede_date *d)
{
	if (!has)
		lede_buf_puts(b, "-\n");
	else
		lede_buf_printf(b, "+%d %d %d %d %d %d %d %d %d %d\n", d->year, d->month, d->day,
		                d->hour, d->min, d->sec, d->nsec, d->offset, d->has_time,
		                d->has_zone);
}

/* (2: the links to other articles' sources after the translations) */
#define TEXT_MARK "edition 2\n"

/* The text of an article whose file cannot name a translation (see
 * plain_file): its fields are not read unless another names it. */
static const char PLAIN_TEXT[] = TEXT_MARK "plain\n";

/* Whether the file text[0..len) cannot give its front matter a
 * translation_key or translations: the word appears nowhere in it, and
 * no YAML escape that could spell it (\x, \u, \U, an escaped line
 * break) does either. Most articles of most sites: their front matter is
 * not parsed before the build. A file that merely mentions the word is
 * parsed, as before. */
static bool plain_file(const char *text, size_t len)
{
	for (const char *p = text, *end = text + len; (p = memchr(p, 't', (size_t)(end - p))); p++)
		if ((size_t)(end - p) >= 11 && !memcmp(p, "translation", 11))
			return false;
	for (const char *p = text, *end = text + len; (p = memchr(p, '\\', (size_t)(end - p)));
	     p++) {
		char c = p + 1 < end ? p[1] : '\0';
		if (c == 'x' || c == 'u' || c == 'U' || c == '\n' || c == '\r')
			return false;
	}
	return true;
}

/* What the editions scan reads first of a file (see scan_one). */
#define HEAD_BYTES 2048

static char *fields_text(const fields *f)
{
	lede_buf b = LEDE_BUF_INIT;
	lede_buf_puts(&b, TEXT_MARK);
	put_opt(&b, f->title);
	put_date(&b, f->has_date, &f->date);
	put_opt(&b, f->lang);
	put_opt(&b, f->section);
	lede_buf_puts(&b, f->draft ? "1\n" : "0\n");
	put_opt(&b, f->slug);
	put_opt(&b, f->status);
	put_date(&b, f->has_embargo, &f->embargo);
	put_opt(&b, f->key);
	lede_buf_printf(&b, "%zu\n", f->nother);
	for (size_t k = 0; k < f->nother; k++)
		put_opt(&b, f->other[k]);
	lede_buf_printf(&b, "%zu\n", f->ntargets);
	for (size_t k = 0; k < f->ntargets; k++)
		put_opt(&b, f->targets[k]);
	return lede_buf_detach(&b, NULL);
}

/* Reads one line of text at *p into the arena; false at the end. */
static bool get_line(lede_arena *a, const char **p, const char **line)
{
	const char *s = *p, *nl = strchr(s, '\n');
	if (!nl)
		return false;
	lede_buf b = LEDE_BUF_INIT;
	lede_buf_get_escaped(s, nl, &b);
	*p = nl + 1;
	*line = lede_arena_strndup(a, b.data ? b.data : "", b.len);
	lede_buf_free(&b);
	return true;
}

static bool get_opt(lede_arena *a, const char **p, const char **out)
{
	const char *line;
	if (!get_line(a, p, &line) || (line[0] != '+' && line[0] != '-'))
		return false;
	*out = line[0] == '+' ? line + 1 : NULL;
	return true;
}

static bool get_date(lede_arena *a, const char **p, bool *has, lede_date *d)
{
	const char *line;
	if (!get_line(a, p, &line))
		return false;
	*has = line[0] == '+';
	int t, z;
	return !*has ||
	       (sscanf(line + 1, "%d %d %d %d %d %d %d %d %d %d", &d->year, &d->month, &d->day,
	               &d->hour, &d->min, &d->sec, &d->nsec, &d->offset, &t, &z) == 10 &&
	        ((d->has_time = t), (d->has_zone = z), true));
}

static bool text_fields(lede_arena *a, const char *text, fields *f)
{
	memset(f, 0, sizeof *f);
	if (strncmp(text, TEXT_MARK, strlen(TEXT_MARK)))
		return false;
	const char *p = text + strlen(TEXT_MARK), *draft, *count;
	if (!get_opt(a, &p, &f->title) || !get_date(a, &p, &f->has_date, &f->date) ||
	    !get_opt(a, &p, &f->lang) || !get_opt(a, &p, &f->section) || !get_line(a, &p, &draft) ||
	    !get_opt(a, &p, &f->slug) || !get_opt(a, &p, &f->status) ||
	    !get_date(a, &p, &f->has_embargo, &f->embargo) || !get_opt(a, &p, &f->key) ||
	    !get_line(a, &p, &count))
		return false;
	f->draft = draft[0] == '1';
	char *end;
	unsigned long n = strtoul(count, &end, 10);
	if (*end || n > 100000)
		return false;
	f->other = lede_arena_alloc(a, (n ? n : 1) * sizeof *f->other);
	for (size_t k = 0; k < n; k++) {
		const char *o;
		if (!get_opt(a, &p, &o))
			return false;
		if (o)
			f->other[f->nother++] = o;
	}
	if (!get_line(a, &p, &count))
		return false;
	n = strtoul(count, &end, 10);
	if (*end || n > LEDE_EDITIONS_MAX_TARGETS)
		return false;
	f->targets = lede_arena_alloc(a, (n ? n : 1) * sizeof *f->targets);
	for (size_t k = 0; k < n; k++) {
		const char *t;
		if (!get_opt(a, &p, &t) || !t)
			return false;
		f->targets[f->ntargets++] = t;
	}
	return !*p;
}

/* Article i's entry from what its front matter says (f). */
static void apply_fields(slice *sl, size_t i, const fields *f)
{
	lede_edition *x = &sl->m->v[i];
	links *ln = &sl->ln[i];
	lede_arena *a = sl->arena;
	if (f->ntargets) {
		size_t *t = lede_arena_alloc(a, f->ntargets * sizeof *t);
		size_t nt = 0;
		for (size_t k = 0; k < f->ntargets; k++) {
			int j = find_index(sl->m, f->targets[k]);
			if (j >= 0 && (size_t)j != i)
				t[nt++] = (size_t)j;
		}
		x->targets = t;
		x->ntargets = (uint16_t)nt; /* (at most LEDE_EDITIONS_MAX_TARGETS) */
	}
	if (!f->title || !f->has_date)
		return;
	x->date = f->date;
	x->title = keep(a, f->title);
	x->lang = f->lang && f->lang[0] ? keep(a, f->lang)
	          : sl->default_lang    ? sl->default_lang
	                                : "en";
	x->section = keep(a, f->section);
	x->draft = f->draft;
	lede_buf sb = LEDE_BUF_INIT;
	/* as the loader does; a hook that changes slug, lang or section later
	 * is not seen here (docs/config.md "Editions") */
	lede_article_slug(x->path, f->slug, f->title, sl->unicode, &sb);
	x->slug = lede_arena_strndup(a, lede_buf_cstr(&sb), sb.len);
	lede_buf_free(&sb);
	x->has_embargo = f->has_embargo;
	x->embargoed = f->has_embargo && lede_date_compare(&f->embargo, sl->now) > 0;
	x->embargo = f->embargo;
	x->held = (f->status && strcmp(f->status, "usable") != 0) || x->embargoed;
	x->status = !f->status                       ? LEDE_STATUS_NONE
	            : !strcmp(f->status, "usable")   ? LEDE_STATUS_USABLE
	            : !strcmp(f->status, "withheld") ? LEDE_STATUS_WITHHELD
	            : !strcmp(f->status, "canceled") ? LEDE_STATUS_CANCELED
	                                             : LEDE_STATUS_OTHER;
	if (f->key && f->key[0])
		ln->key = keep(a, f->key);
	if (f->nother) {
		ln->other = lede_arena_alloc(a, f->nother * sizeof *ln->other);
		for (size_t k = 0; k < f->nother; k++)
			ln->other[ln->nother++] = keep(a, f->other[k]);
	}
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

bool lede_editions_link_path(const char *from, const char *url, size_t len, lede_buf *out)
{
	lede_buf_reset(out);
	const char *hash = memchr(url, '#', len);
	if (hash)
		len = (size_t)(hash - url);
	if (len < 4 || memcmp(url + len - 3, ".md", 3) || memchr(url, '?', len) ||
	    memchr(url, '\\', len) || (len >= 2 && url[0] == '/' && url[1] == '/'))
		return false;
	for (size_t i = 0; i < len && url[i] != '/'; i++)
		if (url[i] == ':')
			return false; /* a scheme: another site's, or mailto: */
	/* the path from the site folder, "%xx" decoded */
	lede_buf joined = LEDE_BUF_INIT;
	if (url[0] != '/') {
		const char *slash = strrchr(from, '/');
		if (slash)
			lede_buf_put(&joined, from, (size_t)(slash - from) + 1);
	}
	for (size_t i = url[0] == '/'; i < len; i++) {
		int hi, lo;
		if (url[i] == '%' && i + 2 < len && (hi = hex_digit(url[i + 1])) >= 0 &&
		    (lo = hex_digit(url[i + 2])) >= 0 && (hi || lo)) {
			lede_buf_putc(&joined, (char)(hi * 16 + lo));
			i += 2;
		} else {
			lede_buf_putc(&joined, url[i]);
		}
	}
	/* "." and ".." resolved, empty names dropped */
	bool ok = true;
	const char *p = lede_buf_cstr(&joined), *e = p + joined.len;
	while (p < e && ok) {
		const char *slash = memchr(p, '/', (size_t)(e - p));
		const char *se = slash ? slash : e;
		size_t n = (size_t)(se - p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (!out->len) {
				ok = false;
			} else {
				size_t k = out->len - 1; /* out ends with '/' */
				while (k > 0 && out->data[k - 1] != '/')
					k--;
				out->len = k;
				out->data[k] = '\0';
			}
		} else if (n && !(n == 1 && p[0] == '.')) {
			lede_buf_put(out, p, n);
			if (slash)
				lede_buf_putc(out, '/');
		}
		p = slash ? slash + 1 : e;
	}
	lede_buf_free(&joined);
	ok =
	    ok && out->len > 3 && out->data[out->len - 1] != '/' && !memchr(out->data, 0, out->len);
	if (!ok)
		lede_buf_reset(out);
	return ok;
}

/* (see editions.h) A superset of the links cmark finds: the rewrite
 * links only what both found. Whether each is an article is asked later,
 * so that an article added later is linked then. */
size_t lede_editions_link_candidates(lede_arena *a, const char *from, const char *body, size_t len,
                                     const char ***out)
{
	static const char ends[] = ")#> \t\r\n\"'";
	static const char starts[] = "()<>[] \t\r\n\"'";
	const char **v = NULL;
	size_t n = 0;
	lede_buf path = LEDE_BUF_INIT;
	const char *end = body + len;
	/* (memchr for the dot: vectorised; glibc's memmem for a needle this
	 * short was 2% of a full build's instructions) */
	for (const char *p = body;
	     n < LEDE_EDITIONS_MAX_TARGETS && (p = memchr(p, '.', (size_t)(end - p))) != NULL;
	     p++) {
		if (end - p < 3 || p[1] != 'm' || p[2] != 'd')
			continue;
		const char *after = p + 3;
		if (after < end && !memchr(ends, *after, sizeof ends - 1))
			continue;
		/* back to where the destination starts (a name of at most
		 * 512 bytes: a longer run is no link's) */
		const char *s = p;
		while (s > body && p - s < 512 && !memchr(starts, s[-1], sizeof starts - 1))
			s--;
		if (s == p || (s > body && p - s >= 512))
			continue;
		if (!lede_editions_link_path(from, s, (size_t)(after - s), &path))
			continue;
		size_t k = 0;
		while (k < n && strcmp(v[k], path.data))
			k++;
		if (k < n)
			continue;
		if (!v)
			v = lede_arena_alloc(a, LEDE_EDITIONS_MAX_TARGETS * sizeof *v);
		v[n++] = lede_arena_strndup(a, path.data, path.len);
	}
	lede_buf_free(&path);
	*out = v;
	return n;
}

/* Reads article i's front matter into a scratch arena and keeps only what
 * the map needs, so the scan's memory does not grow with the front
 * matter of the whole archive; or takes it from what an earlier scan read
 * of the same bytes (sl->known). */
static void scan_one(slice *sl, size_t i, lede_arena *scratch)
{
	lede_editions *m = sl->m;
	lede_edition *x = &m->v[i];
	x->held = true; /* until it parses */
	fields f;
	const char *known = NULL;
	if (!sl->known || !sl->known(sl->ud, i, &known))
		known = NULL;
	if (known && !strcmp(known, PLAIN_TEXT)) {
		x->text = PLAIN_TEXT;
		sl->plain[i] = true;
		return;
	}
	if (known && text_fields(scratch, known, &f)) {
		x->text = keep(sl->arena, known);
		apply_fields(sl, i, &f);
		return;
	}
	lede_buf full = LEDE_BUF_INIT;
	if (sl->root && sl->root[0] && strcmp(sl->root, ".") != 0 && x->path[0] != '/')
		lede_buf_printf(&full, "%s/%s", sl->root, x->path);
	else
		lede_buf_puts(&full, x->path);
	/* Most files: their first HEAD_BYTES hold the whole front matter, and
	 * it names no translation (plain_file); the rest is not read. Else
	 * the rest is read on, and the whole file judged. */
	int fd = open(lede_buf_cstr(&full), O_RDONLY | O_CLOEXEC);
	lede_buf_free(&full);
	long long size;
	if (lede_fd_over(fd, sl->max_bytes, &size)) {
		close(fd); /* too big to publish: the article says so */
		return;
	}
	char head[HEAD_BYTES];
	ssize_t got = fd < 0 || sl->whole ? 0 : lede_read_upto(fd, head, sizeof head);
	size_t end = got > 0 ? lede_frontmatter_extent(head, (size_t)got) : LEDE_FM_UNKNOWN;
	bool plain_head = end != LEDE_FM_UNKNOWN && plain_file(head, end);
	size_t len = 0;
	char *text = fd >= 0 && got >= 0 ? lede_read_rest(fd, head, (size_t)got, size, &len) : NULL;
	if (fd >= 0)
		close(fd);
	/* The body's links to other articles' sources: a file with some
	 * keeps them in its text, so its fields are read too. */
	const char **targets = NULL;
	size_t body = end != LEDE_FM_UNKNOWN && end <= len ? end : 0;
	size_t ntargets = text ? lede_editions_link_candidates(scratch, x->path, text + body,
	                                                       len - body, &targets)
	                       : 0;
	if (!ntargets && (plain_head || (text && !sl->whole && plain_file(text, len)))) {
		free(text);
		x->text = PLAIN_TEXT;
		sl->plain[i] = true;
		return;
	}
	lede_frontmatter fm;
	lede_error err;
	lede_error_clear(&err);
	if (!text || lede_frontmatter_parse(scratch, x->path, text, len, &fm, &err) != 0) {
		free(text);
		return;
	}
	free(text);
	read_fields(scratch, fm.meta, &f);
	f.targets = targets;
	f.ntargets = ntargets;
	char *t = fields_text(&f);
	x->text = keep(sl->arena, t);
	free(t);
	apply_fields(sl, i, &f);
}

static void *scan_slice(void *arg)
{
	slice *sl = arg;
	for (size_t i = sl->lo; i < sl->hi; i++) {
		lede_arena *scratch = lede_arena_new();
		scan_one(sl, i, scratch);
		lede_arena_free(scratch);
	}
	return NULL;
}

lede_editions *lede_editions_scan(const char *root, char *const *paths, size_t n,
                                  const char *default_lang, const lede_date *now, int jobs,
                                  size_t max_bytes, bool unicode)
{
	return lede_editions_scan_known(root, paths, n, default_lang, now, jobs, NULL, NULL,
	                                max_bytes, unicode);
}

lede_editions *lede_editions_scan_known(const char *root, char *const *paths, size_t n,
                                        const char *default_lang, const lede_date *now, int jobs,
                                        lede_editions_known_fn known, void *ud, size_t max_bytes,
                                        bool unicode)
{
	lede_editions *m = lede_xcalloc(1, sizeof *m);
	m->arena = lede_arena_new();
	m->v = lede_xcalloc(n + 1, sizeof *m->v);
	m->order = lede_xcalloc(n + 1, sizeof *m->order);
	m->n = n;
	for (size_t i = 0; i < n; i++)
		m->v[i].path = lede_arena_strdup(m->arena, paths[i]);
	/* The files are independent: read in slices, one thread each (the
	 * caller's thread takes the first), each keeping into an arena of
	 * its own that the map then owns. */
	size_t nsl = jobs > 1 ? (size_t)jobs : 1;
	if (nsl > LEDE_EDITIONS_MAX_SLICES)
		nsl = LEDE_EDITIONS_MAX_SLICES;
	if (nsl > n / 64 + 1)
		nsl = n / 64 + 1; /* a thread is not worth a handful of files */
	links *ln = lede_xcalloc(n + 1, sizeof *ln);
	bool *plain = lede_xcalloc(n + 1, sizeof *plain);
	slice sl[LEDE_EDITIONS_MAX_SLICES];
	pthread_t th[LEDE_EDITIONS_MAX_SLICES];
	bool started[LEDE_EDITIONS_MAX_SLICES] = {false};
	for (size_t k = 0; k < nsl; k++) {
		sl[k] = (slice){.m = m,
		                .ln = ln,
		                .plain = plain,
		                .root = root,
		                .max_bytes = max_bytes,
		                .unicode = unicode,
		                .default_lang = default_lang,
		                .now = now,
		                .lo = n * k / nsl,
		                .hi = n * (k + 1) / nsl,
		                .arena = k ? lede_arena_new() : m->arena,
		                .known = known,
		                .ud = ud};
		m->more[k] = k ? sl[k].arena : NULL;
	}
	for (size_t k = 1; k < nsl; k++)
		started[k] = pthread_create(&th[k], NULL, scan_slice, &sl[k]) == 0;
	scan_slice(&sl[0]);
	for (size_t k = 1; k < nsl; k++) {
		if (started[k])
			pthread_join(th[k], NULL);
		else
			scan_slice(&sl[k]); /* no thread: this one reads it */
	}
	/* A plain file another names in its translations: its fields now
	 * (few, on this thread). */
	sl[0].whole = true;
	sl[0].known = NULL;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < ln[i].nother; k++) {
			int j = find_index(m, ln[i].other[k]);
			if (j < 0 || !plain[j])
				continue;
			plain[j] = false;
			lede_arena *scratch = lede_arena_new();
			scan_one(&sl[0], (size_t)j, scratch);
			lede_arena_free(scratch);
			m->v[j].text = PLAIN_TEXT; /* what its own file says, for the next scan */
		}
	/* ...and one another's body links to by its source: its fields give
	 * the link its URL */
	for (size_t i = 0; i < n; i++)
		m->linked = m->linked || m->v[i].ntargets;
	for (size_t i = 0; m->linked && i < n; i++)
		for (size_t k = 0; k < m->v[i].ntargets; k++) {
			size_t j = m->v[i].targets[k];
			if (!plain[j])
				continue;
			plain[j] = false;
			lede_arena *scratch = lede_arena_new();
			scan_one(&sl[0], j, scratch);
			lede_arena_free(scratch);
			m->v[j].text = PLAIN_TEXT;
		}
	free(plain);
	size_t *up = lede_xcalloc(n + 1, sizeof *up);
	keyed *keys = lede_xcalloc(n + 1, sizeof *keys);
	size_t nkeys = 0;
	for (size_t i = 0; i < n; i++) {
		up[i] = i;
		if (ln[i].key)
			keys[nkeys++] = (keyed){ln[i].key, i};
	}
	if (nkeys)
		qsort(keys, nkeys, sizeof *keys, cmp_keyed);
	for (size_t k = 1; k < nkeys; k++)
		if (!strcmp(keys[k].key, keys[k - 1].key))
			join(up, keys[k - 1].i, keys[k].i);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < ln[i].nother; k++) {
			int j = find_index(m, ln[i].other[k]);
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
		/* An embargo given to one edition only holds the story: the
		 * editions without one of their own wait for it. */
		const lede_edition *last = NULL;
		for (size_t j = k; j < end; j++) {
			m->order[j] = mem[j].i;
			m->v[mem[j].i].first = k;
			m->v[mem[j].i].count = end - k;
			const lede_edition *x = &m->v[mem[j].i];
			if (x->embargoed &&
			    (!last || lede_date_compare(&x->embargo, &last->embargo) > 0))
				last = x;
		}
		for (size_t j = k; last && j < end; j++) {
			lede_edition *x = &m->v[mem[j].i];
			if (x->title && !x->has_embargo) { /* (its fields read: it parsed) */
				x->waits = last;
				x->held = true;
			}
		}
		k = end;
	}
	free(mem);
	free(ln);
	free(keys);
	free(up);
	return m;
}

bool lede_editions_held_until(const lede_editions *m, const char *path, lede_date *until)
{
	const lede_edition *me = lede_editions_find(m, path);
	if (!me || me->has_embargo || me->count < 2)
		return false;
	const lede_edition *last = NULL;
	for (size_t k = me->first; k < me->first + me->count; k++) {
		const lede_edition *x = &m->v[m->order[k]];
		if (x != me && x->title && x->has_embargo &&
		    (!last || lede_date_compare(&x->embargo, &last->embargo) > 0))
			last = x;
	}
	if (last)
		*until = last->embargo;
	return last != NULL;
}

void lede_editions_free(lede_editions *m)
{
	if (!m)
		return;
	lede_arena_free(m->arena);
	for (size_t k = 0; k < LEDE_EDITIONS_MAX_SLICES; k++)
		lede_arena_free(m->more[k]);
	free(m->v);
	free(m->order);
	free(m);
}

const lede_edition *lede_editions_find(const lede_editions *m, const char *path)
{
	int i = m ? find_index(m, path) : -1;
	return i >= 0 ? &m->v[i] : NULL;
}

const char *lede_editions_text(const lede_editions *m, size_t i)
{
	return m && i < m->n ? m->v[i].text : NULL;
}

const lede_edition *lede_editions_link(const lede_editions *m, const lede_edition *me,
                                       const char *url, size_t len)
{
	if (!m || !me || !me->ntargets)
		return NULL;
	lede_buf path = LEDE_BUF_INIT;
	const lede_edition *x = NULL;
	if (lede_editions_link_path(me->path, url, len, &path)) {
		int j = find_index(m, path.data);
		for (size_t k = 0; j >= 0 && !x && k < me->ntargets; k++)
			if (me->targets[k] == (size_t)j)
				x = &m->v[j];
	}
	lede_buf_free(&path);
	return x;
}
