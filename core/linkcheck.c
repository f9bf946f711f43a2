/* linkcheck.c: the link check (see linkcheck.h): the byte scanner that
 * finds links in written pages and feeds, URL resolution against the page
 * and the site's base_url, the links kept until every file is known, and
 * the report in a fixed order. The HTTP side of the external check is in
 * linkcheck_http.c. */
#include "linkcheck.h"
#include "markup.h"

#include "arena.h"
#include "digest.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* What a key of the table names. */
enum { K_FILE, K_URL, K_STR };

/* A link target: an internal path under the output folder (K_FILE), or an
 * external URL without its fragment (K_URL); or a string kept once however
 * many links share it (K_STR: links as written, templates' names). */
typedef struct tgt {
	char *key;
	bool written; /* a file of this build (internal) */
	unsigned char kind;
	signed char ok; /* 0 not yet known, 1 present / answered, -1 broken */
	char *why;      /* external: what was wrong */
	uint32_t page;  /* a page written there: its last page record, or NO_TARGET */
	bool paged;     /* a page's links were kept for it (written, or replayed) */
} tgt;

/* A page with links kept for the end. */
typedef struct page {
	const char *file; /* its target's key */
	char *article;
	const char *maker;
	int order;
	bool gone; /* the file was written again since: its links are the later page's */
} page;

#define NO_TARGET UINT32_MAX       /* a same-page fragment that names no id */
#define OUTSIDE   (UINT32_MAX - 1) /* a relative link climbing out of the site */

/* One kept link. */
typedef struct ref {
	uint32_t page, target;
	int line, col;   /* > 0: where the article's Markdown holds it */
	const char *raw; /* as written (a K_STR key) */
} ref;

struct lede_linkcheck {
	pthread_mutex_t lock;
	lede_arena *ar; /* every string below */
	char *origin;   /* "https://news.example.org" (no slash), or NULL */
	size_t origin_len;
	char *bpath; /* base_url's path, with a final slash: "/" or "/news/" */
	size_t bpath_len;
	bool external;
	/* targets, and an open-addressing index over them */
	tgt *t;
	size_t nt, capt;
	uint32_t *index; /* NO_TARGET: empty */
	size_t capi;
	page *p;
	size_t np, capp;
	ref *r;
	size_t nr, capr;
	/* reused pages whose links were clean (lede_state_links_clean), not
	 * read unless a file of the last build is gone (lede_links_settle) */
	struct deferred {
		const char *rel, *article; /* in ar */
		int order;
	} * d;
	size_t nd, capd;
	lede_link_page_fn page_of; /* lede_linkcheck_set_pages, or NULL */
	void *page_ud;
};

/* --- small helpers ------------------------------------------------------- */

static uint64_t hash(const char *s) { return lede_digest64(s, strlen(s)); }

/* name[0..n) equals lit, ignoring ASCII case. */
static bool name_is(const char *name, size_t n, const char *lit)
{
	return strlen(lit) == n && !strncasecmp(name, lit, n);
}

static void put_utf8(lede_buf *b, unsigned long c)
{
	char u[4];
	if (c < 0x80) {
		lede_buf_putc(b, (int)c);
	} else if (c < 0x800) {
		u[0] = (char)(0xC0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3F));
		lede_buf_put(b, u, 2);
	} else if (c < 0x10000) {
		u[0] = (char)(0xE0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		lede_buf_put(b, u, 3);
	} else if (c < 0x110000) {
		u[0] = (char)(0xF0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[3] = (char)(0x80 | (c & 0x3F));
		lede_buf_put(b, u, 4);
	}
}

/* HTML/XML character references in s[0..n), decoded into out (replacing
 * what it held). Unknown named references stay as written. */
static void decode_entities(const char *s, size_t n, lede_buf *out)
{
	lede_buf_reset(out);
	static const struct {
		const char *name;
		char c;
	} named[] = {{"amp;", '&'}, {"lt;", '<'}, {"gt;", '>'}, {"quot;", '"'}, {"apos;", '\''}};
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '&') {
			lede_buf_putc(out, s[i]);
			continue;
		}
		bool done = false;
		if (i + 2 < n && s[i + 1] == '#') {
			size_t j = i + 2;
			bool hex = j < n && (s[j] == 'x' || s[j] == 'X');
			j += hex;
			unsigned long c = 0;
			size_t digits = 0;
			while (
			    j < n &&
			    (hex ? isxdigit((unsigned char)s[j]) : isdigit((unsigned char)s[j])) &&
			    c < 0x110000) {
				c = c * (hex ? 16 : 10) +
				    (unsigned long)(isdigit((unsigned char)s[j])
				                        ? s[j] - '0'
				                        : (tolower((unsigned char)s[j]) - 'a' +
				                           10));
				j++, digits++;
			}
			if (digits && j < n && s[j] == ';') {
				put_utf8(out, c);
				i = j;
				done = true;
			}
		} else {
			for (size_t k = 0; k < sizeof named / sizeof *named && !done; k++) {
				size_t l = strlen(named[k].name);
				if (i + 1 + l <= n && !memcmp(s + i + 1, named[k].name, l)) {
					lede_buf_putc(out, named[k].c);
					i += l;
					done = true;
				}
			}
		}
		if (!done)
			lede_buf_putc(out, '&');
	}
}

static int hexval(int c) { return isdigit(c) ? c - '0' : isxdigit(c) ? tolower(c) - 'a' + 10 : -1; }

/* A JSON string's contents s[0..n) (without the quotes), unescaped. */
static void decode_json(const char *s, size_t n, lede_buf *out)
{
	lede_buf_reset(out);
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\' || i + 1 >= n) {
			lede_buf_putc(out, s[i]);
			continue;
		}
		char c = s[++i];
		switch (c) {
		case 'b': lede_buf_putc(out, '\b'); break;
		case 'f': lede_buf_putc(out, '\f'); break;
		case 'n': lede_buf_putc(out, '\n'); break;
		case 'r': lede_buf_putc(out, '\r'); break;
		case 't': lede_buf_putc(out, '\t'); break;
		case 'u': {
			unsigned long u = 0;
			size_t k = 0;
			for (; k < 4 && i + 1 + k < n && hexval((unsigned char)s[i + 1 + k]) >= 0;
			     k++)
				u = u * 16 + (unsigned long)hexval((unsigned char)s[i + 1 + k]);
			if (k < 4) {
				lede_buf_put(out, "\\u", 2);
				break;
			}
			i += 4;
			/* a surrogate pair */
			if (u >= 0xD800 && u < 0xDC00 && i + 6 < n && s[i + 1] == '\\' &&
			    s[i + 2] == 'u') {
				unsigned long lo = 0;
				for (k = 0; k < 4 && hexval((unsigned char)s[i + 3 + k]) >= 0; k++)
					lo = lo * 16 +
					     (unsigned long)hexval((unsigned char)s[i + 3 + k]);
				if (k == 4 && lo >= 0xDC00 && lo < 0xE000) {
					u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
					i += 6;
				}
			}
			put_utf8(out, u);
			break;
		}
		default: lede_buf_putc(out, c); /* \" \\ \/ */
		}
	}
}

/* --- the scanner --------------------------------------------------------- */

/* The keys of a JSON document whose string values are links (JSON Feed,
 * ninjs). */
static bool url_key(const char *k, size_t n)
{
	static const char *const keys[] = {
	    "url",        "external_url", "home_page_url", "feed_url", "image", "banner_image",
	    "icon",       "favicon",      "avatar",        "uri",      "href",  "logo",
	    "contentUrl", "thumbnailUrl", "@id",           NULL};
	for (size_t i = 0; keys[i]; i++)
		if (strlen(keys[i]) == n && !memcmp(keys[i], k, n))
			return true;
	return false;
}

static void scan_json(const char *s, size_t n, lede_link_fn fn, void *ud, lede_buf *tmp)
{
	const char *p = s, *end = s + n;
	bool want = false; /* the last key names a link, and its value comes next */
	while (p < end) {
		if (*p != '"') {
			if (!lede_markup_ws((unsigned char)*p))
				want = false;
			p++;
			continue;
		}
		const char *a = p + 1, *b = a;
		while (b < end && *b != '"')
			b += *b == '\\' ? 2 : 1;
		if (b >= end)
			break;
		p = b + 1;
		const char *r = p;
		while (r < end && lede_markup_ws((unsigned char)*r))
			r++;
		if (r < end && *r == ':') {
			want = url_key(a, (size_t)(b - a));
			p = r + 1;
			continue;
		}
		if (want) {
			decode_json(a, (size_t)(b - a), tmp);
			fn(ud, tmp->data ? tmp->data : "", tmp->len, false);
		}
		want = false;
	}
}

/* Case-insensitive search for lit in [s, end). */
static const char *find_ci(const char *s, const char *end, const char *lit)
{
	size_t l = strlen(lit);
	for (; s + l <= end; s++) {
		s = memchr(s, '<', (size_t)(end - s));
		if (!s || s + l > end)
			return NULL;
		if (!strncasecmp(s, lit, l))
			return s;
	}
	return NULL;
}

/* The URLs of a srcset: "a.jpg 480w, b.jpg 960w". */
static void srcset(const char *v, size_t n, lede_link_fn fn, void *ud)
{
	size_t i = 0;
	while (i < n) {
		while (i < n && (lede_markup_ws((unsigned char)v[i]) || v[i] == ','))
			i++;
		size_t a = i;
		while (i < n && !lede_markup_ws((unsigned char)v[i]))
			i++;
		size_t b = i;
		bool comma = b > a && v[b - 1] == ',';
		if (comma)
			b--;
		if (b > a)
			fn(ud, v + a, b - a, false);
		if (!comma)
			while (i < n && v[i] != ',')
				i++;
	}
}

void lede_linkcheck_scan(char kind, const char *s, size_t n, lede_link_fn fn, void *ud)
{
	lede_buf tmp = LEDE_BUF_INIT, tmp2 = LEDE_BUF_INIT;
	if (kind == 'j') {
		scan_json(s, n, fn, ud, &tmp);
		lede_buf_free(&tmp);
		return;
	}
	bool xml = kind == 'x';
	const char *p = s, *end = s + n, *nm;
	size_t nl;
	while (lede_markup_tag(&p, end, &nm, &nl)) {
		const char *q = p;
		bool is_a = name_is(nm, nl, "a"), is_meta = name_is(nm, nl, "meta");
		bool raw = !xml && (name_is(nm, nl, "script") || name_is(nm, nl, "style"));
		bool selfclose = false, permalink = true;
		const char *an, *v;
		size_t al, vl;
		while (lede_markup_attr(&q, end, &an, &al, &v, &vl, &selfclose)) {
			bool link = name_is(an, al, "href") || name_is(an, al, "src") ||
			            name_is(an, al, "poster") ||
			            (is_meta && name_is(an, al, "content") &&
			             ((vl > 7 && !strncasecmp(v, "http://", 7)) ||
			              (vl > 8 && !strncasecmp(v, "https://", 8))));
			bool id = name_is(an, al, "id") || (is_a && name_is(an, al, "name"));
			if ((link || id) && !memchr(v, '&', vl)) {
				fn(ud, v, vl, id); /* nothing to decode: most values */
			} else if (link || id) {
				decode_entities(v, vl, &tmp);
				fn(ud, tmp.data ? tmp.data : "", tmp.len, id);
			} else if (name_is(an, al, "srcset")) {
				decode_entities(v, vl, &tmp2);
				srcset(tmp2.data ? tmp2.data : "", tmp2.len, fn, ud);
			} else if (xml && name_is(an, al, "isPermaLink")) {
				permalink = !name_is(v, vl, "false");
			}
		}
		p = q < end ? q + 1 : end;
		if (raw && !selfclose) {
			const char *close =
			    find_ci(p, end, name_is(nm, nl, "style") ? "</style" : "</script");
			p = close ? close : end;
		} else if (xml && !selfclose &&
		           (name_is(nm, nl, "link") || name_is(nm, nl, "loc") ||
		            name_is(nm, nl, "url") || (name_is(nm, nl, "guid") && permalink))) {
			const char *t = p, *te = memchr(p, '<', (size_t)(end - p));
			te = te ? te : end;
			while (t < te && lede_markup_ws((unsigned char)*t))
				t++;
			while (te > t && lede_markup_ws((unsigned char)te[-1]))
				te--;
			if (te > t) {
				decode_entities(t, (size_t)(te - t), &tmp);
				fn(ud, tmp.data, tmp.len, false);
			}
		}
	}
	lede_buf_free(&tmp);
	lede_buf_free(&tmp2);
}

/* --- resolution ----------------------------------------------------------- */

/* Percent-decodes s[0..n) onto out. */
static void put_decoded(lede_buf *out, const char *s, size_t n)
{
	if (!memchr(s, '%', n)) {
		lede_buf_put(out, s, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		int h, l;
		if (s[i] == '%' && i + 2 < n && (h = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (l = hexval((unsigned char)s[i + 2])) >= 0) {
			lede_buf_putc(out, h * 16 + l);
			i += 2;
		} else {
			lede_buf_putc(out, s[i]);
		}
	}
}

/* path (from the site's root, percent-encoded, no query or fragment):
 * decoded, with "." and ".." resolved, into target; "" and "dir/" name
 * index.html. False when ".." climbs above the root. */
static bool normalize(const char *path, size_t n, lede_buf *target)
{
	lede_buf d = LEDE_BUF_INIT;
	const char *s = path, *end = path + n;
	if (memchr(path, '%', n)) {
		put_decoded(&d, path, n);
		s = d.data;
		end = s + d.len;
	}
	lede_buf_reset(target);
	bool dir = true, ok = true;
	while (s < end) {
		const char *slash = memchr(s, '/', (size_t)(end - s));
		const char *se = slash ? slash : end;
		size_t l = (size_t)(se - s);
		if (l == 0 || (l == 1 && s[0] == '.')) {
			dir = true;
		} else if (l == 2 && s[0] == '.' && s[1] == '.') {
			dir = true;
			if (!target->len) {
				ok = false;
				break;
			}
			/* drop the last segment */
			size_t k = target->len - 1; /* target ends with '/' */
			while (k > 0 && target->data[k - 1] != '/')
				k--;
			target->len = k;
			target->data[k] = '\0';
		} else {
			lede_buf_put(target, s, l);
			dir = slash != NULL;
			if (slash)
				lede_buf_putc(target, '/');
		}
		s = slash ? slash + 1 : end;
	}
	if (ok && dir) {
		if (target->len && target->data[target->len - 1] != '/')
			lede_buf_putc(target, '/');
		lede_buf_puts(target, "index.html");
	}
	lede_buf_free(&d);
	return ok;
}

lede_link_kind lede_linkcheck_resolve(const lede_linkcheck *lc, const char *rel, const char *url,
                                      size_t len, lede_buf *target, lede_buf *frag)
{
	lede_buf_reset(target);
	lede_buf_reset(frag);
	while (len && lede_markup_ws((unsigned char)*url))
		url++, len--;
	while (len && lede_markup_ws((unsigned char)url[len - 1]))
		len--;
	const char *hash = memchr(url, '#', len);
	size_t ulen = hash ? (size_t)(hash - url) : len;
	if (hash)
		put_decoded(frag, hash + 1, len - ulen - 1);
	if (!ulen)
		return LEDE_LINK_SELF;
	/* the scheme, if any */
	size_t i = 0;
	if (isalpha((unsigned char)url[0])) {
		while (i < ulen && (isalnum((unsigned char)url[i]) || url[i] == '+' ||
		                    url[i] == '-' || url[i] == '.'))
			i++;
		if (i >= ulen || url[i] != ':')
			i = 0;
	}
	const char *path;
	size_t plen;
	if (i || (ulen >= 2 && url[0] == '/' && url[1] == '/')) {
		/* absolute, or scheme-relative: ours when it starts with base_url */
		const char *o = lc->origin;
		size_t ol = lc->origin_len, skip = 0;
		if (!i && o) { /* "//host": compare without the scheme */
			const char *c = strchr(o, ':');
			skip = (size_t)(c - o) + 1;
		}
		bool http = i && ((i == 4 && !strncasecmp(url, "http", 4)) ||
		                  (i == 5 && !strncasecmp(url, "https", 5)));
		if (o && ulen >= ol - skip && !strncasecmp(url, o + skip, ol - skip) &&
		    (ulen == ol - skip || url[ol - skip] == '/' || url[ol - skip] == '?')) {
			path = url + (ol - skip);
			plen = ulen - (ol - skip);
			if (!plen) {
				path = "/";
				plen = 1;
			}
		} else if (http || !i) {
			if (!i)
				lede_buf_puts(target, "https:");
			lede_buf_put(target, url, ulen);
			return LEDE_LINK_EXTERNAL;
		} else {
			return LEDE_LINK_SKIP;
		}
	} else {
		path = url;
		plen = ulen;
	}
	const char *q = memchr(path, '?', plen);
	if (q)
		plen = (size_t)(q - path);
	/* the path from the site's root: the page's folder, then the link's
	 * path (relative links); on the stack when it fits */
	size_t dir = 0;
	if (plen && path[0] == '/') {
		/* from the server's root: inside base_url's path, or not ours */
		const char *bp = lc->bpath ? lc->bpath : "/";
		size_t bl = lc->bpath ? lc->bpath_len : 1;
		if (plen + 1 == bl && !memcmp(path, bp, plen)) {
			plen = 0;
		} else if (plen >= bl && !memcmp(path, bp, bl)) {
			path += bl;
			plen -= bl;
		} else {
			return LEDE_LINK_SKIP;
		}
	} else {
		const char *slash = strrchr(rel, '/');
		dir = slash ? (size_t)(slash - rel) + 1 : 0;
	}
	char stack[512];
	char *full = dir + plen <= sizeof stack ? stack : lede_xmalloc(dir + plen);
	memcpy(full, rel, dir);
	memcpy(full + dir, path, plen);
	bool ok = normalize(full, dir + plen, target);
	if (full != stack)
		free(full);
	if (!ok)
		return LEDE_LINK_OUTSIDE;
	return LEDE_LINK_INTERNAL;
}

/* --- the check ------------------------------------------------------------- */

lede_linkcheck *lede_linkcheck_new(const char *base_url, bool external)
{
	lede_linkcheck *lc = lede_xcalloc(1, sizeof *lc);
	pthread_mutex_init(&lc->lock, NULL);
	lc->ar = lede_arena_new();
	lc->external = external;
	const char *sep = base_url ? strstr(base_url, "://") : NULL;
	if (sep && sep[3]) {
		const char *host = sep + 3;
		const char *slash = strchr(host, '/');
		size_t ol = slash ? (size_t)(slash - base_url) : strlen(base_url);
		lc->origin = lede_arena_strndup(lc->ar, base_url, ol);
		lc->origin_len = ol;
		lede_buf b = LEDE_BUF_INIT;
		lede_buf_puts(&b, slash ? slash : "/");
		if (b.data[b.len - 1] != '/')
			lede_buf_putc(&b, '/');
		lc->bpath = lede_arena_strdup(lc->ar, lede_buf_cstr(&b));
		lc->bpath_len = b.len;
		lede_buf_free(&b);
	}
	return lc;
}

void lede_linkcheck_free(lede_linkcheck *lc)
{
	if (!lc)
		return;
	pthread_mutex_destroy(&lc->lock);
	lede_arena_free(lc->ar);
	free(lc->t);
	free(lc->index);
	free(lc->p);
	free(lc->r);
	free(lc->d);
	free(lc);
}

/* The target named key (made when missing). Under the lock. */
static uint32_t intern(lede_linkcheck *lc, const char *key, unsigned char kind)
{
	if ((lc->nt + 1) * 2 > lc->capi) {
		size_t cap = lc->capi ? lc->capi * 2 : 1024;
		uint32_t *ix = lede_xmalloc(cap * sizeof *ix);
		for (size_t i = 0; i < cap; i++)
			ix[i] = NO_TARGET;
		for (size_t k = 0; k < lc->nt; k++) {
			size_t j = hash(lc->t[k].key) & (cap - 1);
			while (ix[j] != NO_TARGET)
				j = (j + 1) & (cap - 1);
			ix[j] = (uint32_t)k;
		}
		free(lc->index);
		lc->index = ix;
		lc->capi = cap;
	}
	size_t j = hash(key) & (lc->capi - 1);
	while (lc->index[j] != NO_TARGET) {
		tgt *t = &lc->t[lc->index[j]];
		if (t->kind == kind && !strcmp(t->key, key))
			return lc->index[j];
		j = (j + 1) & (lc->capi - 1);
	}
	if (lc->nt == lc->capt) {
		lc->capt = lc->capt ? lc->capt * 2 : 1024;
		lc->t = lede_xrealloc(lc->t, lc->capt * sizeof *lc->t);
	}
	lc->t[lc->nt] =
	    (tgt){.key = lede_arena_strdup(lc->ar, key), .kind = kind, .page = NO_TARGET};
	lc->index[j] = (uint32_t)lc->nt;
	return (uint32_t)lc->nt++;
}

/* The target named key, or NO_TARGET. Under the lock. */
static uint32_t find(const lede_linkcheck *lc, const char *key)
{
	if (!lc->capi)
		return NO_TARGET;
	size_t j = hash(key) & (lc->capi - 1);
	while (lc->index[j] != NO_TARGET) {
		const tgt *t = &lc->t[lc->index[j]];
		if (t->kind == K_FILE && !strcmp(t->key, key))
			return lc->index[j];
		j = (j + 1) & (lc->capi - 1);
	}
	return NO_TARGET;
}

void lede_linkcheck_file(lede_linkcheck *lc, const char *rel)
{
	pthread_mutex_lock(&lc->lock);
	uint32_t self = intern(lc, rel, K_FILE);
	lc->t[self].written = true;
	pthread_mutex_unlock(&lc->lock);
}

/* A link found on the page being scanned. Strings are offsets in the
 * scan's buffer. */
typedef struct found {
	lede_link_kind kind;
	size_t raw, target, frag;
	int line, col;
} found;

typedef struct scan {
	const lede_linkcheck *lc;
	const char *rel;
	lede_buf strs; /* NUL-terminated strings */
	found *v;
	size_t n, cap;
	size_t *ids; /* offsets of the page's ids in strs */
	size_t nids, capids;
	bool ids_sorted; /* (has_id sorts them once: a page of 16,000 notes
	                  * and as many links to them was quadratic) */
	lede_buf t, f;
} scan;

static size_t keep_str(scan *sc, const char *s, size_t n)
{
	size_t at = sc->strs.len;
	lede_buf_put(&sc->strs, s, n);
	lede_buf_putc(&sc->strs, 0);
	return at;
}

/* A link of kind k, as written raw[0..n), resolved to sc->t and sc->f:
 * kept, at sc's end (its place in the Markdown unknown). */
static found *add_found(scan *sc, lede_link_kind k, const char *raw, size_t n)
{
	if (sc->n == sc->cap) {
		sc->cap = sc->cap ? sc->cap * 2 : 32;
		sc->v = lede_xrealloc(sc->v, sc->cap * sizeof *sc->v);
	}
	found *f = &sc->v[sc->n++];
	f->kind = k;
	f->raw = keep_str(sc, raw, n);
	f->target = keep_str(sc, sc->t.data ? sc->t.data : "", sc->t.len);
	f->frag = keep_str(sc, sc->f.data ? sc->f.data : "", sc->f.len);
	f->line = f->col = 0;
	return f;
}

static void scan_free(scan *sc)
{
	lede_buf_free(&sc->strs);
	lede_buf_free(&sc->t);
	lede_buf_free(&sc->f);
	free(sc->v);
	free(sc->ids);
}

static void on_link(void *ud, const char *url, size_t len, bool is_id)
{
	scan *sc = ud;
	if (is_id) {
		if (sc->nids == sc->capids) {
			sc->capids = sc->capids ? sc->capids * 2 : 16;
			sc->ids = lede_xrealloc(sc->ids, sc->capids * sizeof *sc->ids);
		}
		sc->ids[sc->nids++] = keep_str(sc, url, len);
		return;
	}
	lede_link_kind k = lede_linkcheck_resolve(sc->lc, sc->rel, url, len, &sc->t, &sc->f);
	if (k == LEDE_LINK_SKIP || (k == LEDE_LINK_EXTERNAL && !sc->lc->external))
		return;
	if (k == LEDE_LINK_INTERNAL && !strcmp(sc->t.data, sc->rel))
		k = LEDE_LINK_SELF; /* "page.html#x" on page.html */
	/* "#", "#top" and a link to the page itself without a fragment are
	 * always there */
	if (k == LEDE_LINK_SELF && (!sc->f.len || !strcasecmp(sc->f.data, "top")))
		return;
	add_found(sc, k, url, len);
}

/* (qsort and bsearch get no context: the strings' base travels in a
 * pair) */
typedef struct {
	const char *base;
	size_t at;
} id_at;

static int cmp_id_at(const void *a, const void *b)
{
	const id_at *x = a, *y = b;
	return strcmp(x->base + x->at, y->base + y->at);
}

static bool has_id(scan *sc, const char *id)
{
	if (!sc->nids)
		return false;
	if (!sc->ids_sorted) {
		id_at *v = lede_xcalloc(sc->nids, sizeof *v);
		for (size_t i = 0; i < sc->nids; i++)
			v[i] = (id_at){sc->strs.data, sc->ids[i]};
		qsort(v, sc->nids, sizeof *v, cmp_id_at);
		for (size_t i = 0; i < sc->nids; i++)
			sc->ids[i] = v[i].at;
		free(v);
		sc->ids_sorted = true;
	}
	size_t lo = 0, hi = sc->nids;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(sc->strs.data + sc->ids[mid], id);
		if (!c)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* The page's links by what they lead to (kind, target, fragment), then
 * in page order: place() takes, for each source link, the next of its
 * run not matched yet, instead of looking through them all. */
typedef struct {
	const scan *sc;
	size_t j;
} by_target;

/* a's (kind, target, fragment) against k, t and f */
static int cmp_key(const found *a, const char *strs, lede_link_kind k, const char *t, const char *f)
{
	if (a->kind != k)
		return a->kind < k ? -1 : 1;
	int c = strcmp(strs + a->target, t);
	return c ? c : strcmp(strs + a->frag, f);
}

static int cmp_target(const found *a, const found *b, const char *strs)
{
	return cmp_key(a, strs, b->kind, strs + b->target, strs + b->frag);
}

static int cmp_by_target(const void *x, const void *y)
{
	const by_target *a = x, *b = y;
	int c = cmp_target(&a->sc->v[a->j], &b->sc->v[b->j], a->sc->strs.data);
	return c ? c : (a->j > b->j) - (a->j < b->j);
}

/* Gives the links the article's Markdown holds their line and column:
 * each source link is matched, in order, with the first page link to the
 * same target not matched yet. */
static void place(scan *sc, const lede_link_origin *o)
{
	const lede_extraction *x = o->links;
	if (!x || !x->nlinks || !o->source || !sc->n)
		return;
	lede_buf t = LEDE_BUF_INIT, f = LEDE_BUF_INIT, u = LEDE_BUF_INIT, u2 = LEDE_BUF_INIT;
	size_t line = 1, col = 1, at = 0;
	by_target *order = lede_xcalloc(sc->n, sizeof *order);
	for (size_t j = 0; j < sc->n; j++)
		order[j] = (by_target){sc, j};
	qsort(order, sc->n, sizeof *order, cmp_by_target);
	/* a run's first not matched yet, by the run's first index */
	size_t *next = lede_xcalloc(sc->n, sizeof *next);
	for (size_t r = 0; r < sc->n; r++)
		next[r] = r;
	for (size_t i = 0; i < x->nlinks; i++) {
		const lede_link *l = &x->links[i];
		if (!l->url)
			continue;
		/* The URL as written ("&#x41;b", "a\_b"), as the page holds it
		 * ("Ab", "a_b"): Markdown's backslash escapes and entities
		 * decoded, as cmark does, or the link is not found and its
		 * warning is put on the template. */
		const char *url = l->url, *written = NULL;
		/* (one the build gave another article's page: as the page
		 * holds it, and reported as written) */
		for (size_t k = 0; k < o->nrewrites; k++)
			if (!strcmp(o->rewrites[2 * k], url)) {
				written = url;
				url = o->rewrites[2 * k + 1];
				break;
			}
		size_t ulen = strlen(url);
		if (strpbrk(url, "&\\")) {
			lede_buf_reset(&u);
			lede_buf_reset(&u2);
			for (size_t k = 0; k < ulen; k++) {
				if (url[k] == '\\' && k + 1 < ulen &&
				    ispunct((unsigned char)url[k + 1]))
					k++;
				lede_buf_putc(&u, url[k]);
			}
			decode_entities(u.data, u.len, &u2);
			url = lede_buf_cstr(&u2);
			ulen = u2.len;
		}
		lede_link_kind k = lede_linkcheck_resolve(sc->lc, sc->rel, url, ulen, &t, &f);
		if (k == LEDE_LINK_INTERNAL && !strcmp(t.data, sc->rel))
			k = LEDE_LINK_SELF;
		if (k == LEDE_LINK_SKIP)
			continue;
		/* the run of (k, t, f): its first, then its next not matched yet */
		const char *ts = lede_buf_cstr(&t), *fs = lede_buf_cstr(&f), *strs = sc->strs.data;
		size_t lo = 0, hi = sc->n;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (cmp_key(&sc->v[order[mid].j], strs, k, ts, fs) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo >= sc->n || cmp_key(&sc->v[order[lo].j], strs, k, ts, fs))
			continue;
		size_t p = next[lo];
		while (p < sc->n && sc->v[order[p].j].line &&
		       !cmp_key(&sc->v[order[p].j], strs, k, ts, fs))
			p++;
		next[lo] = p;
		if (p >= sc->n || cmp_key(&sc->v[order[p].j], strs, k, ts, fs))
			continue;
		found *fd = &sc->v[order[p].j];
		/* line and column of the link's start (offsets grow) */
		if (l->start < at)
			line = 1, col = 1, at = 0;
		/* (columns count bytes, as every message's: an image's warning
		 * and a front matter error at the same place say the same) */
		for (; at < l->start && o->source[at]; at++) {
			if (o->source[at] == '\n')
				line++, col = 1;
			else
				col++;
		}
		fd->line = (int)line;
		fd->col = (int)col;
		if (written)
			fd->raw = keep_str(sc, written, strlen(written));
	}
	free(order);
	free(next);
	lede_buf_free(&t);
	lede_buf_free(&f);
	lede_buf_free(&u);
	lede_buf_free(&u2);
}

static char page_kind(const char *rel)
{
	const char *dot = strrchr(rel, '.');
	if (!dot || strchr(dot, '/'))
		return 0;
	dot++;
	if (!strcasecmp(dot, "html") || !strcasecmp(dot, "htm") || !strcasecmp(dot, "xhtml"))
		return 'h';
	if (!strcasecmp(dot, "xml") || !strcasecmp(dot, "rss") || !strcasecmp(dot, "atom"))
		return 'x';
	if (!strcasecmp(dot, "json"))
		return 'j';
	return 0;
}

static char *opt_str(lede_linkcheck *lc, const char *s)
{
	return s ? lede_arena_strdup(lc->ar, s) : NULL;
}

/* Adds one link of the page (the target self: its own entry) to the kept
 * ones (tg: its target, or NO_TARGET, OUTSIDE); *pg is the page's entry,
 * made with the first. The caller holds the lock. */
static void add_ref(lede_linkcheck *lc, uint32_t *pg, uint32_t self, const lede_link_origin *o,
                    uint32_t tg, const char *raw, int line, int col)
{
	if (*pg == NO_TARGET) {
		const char *maker = NULL;
		if (o && o->maker) {
			uint32_t m = intern(lc, o->maker, K_STR);
			maker = lc->t[m].key;
		}
		if (lc->np == lc->capp) {
			lc->capp = lc->capp ? lc->capp * 2 : 256;
			lc->p = lede_xrealloc(lc->p, lc->capp * sizeof *lc->p);
		}
		*pg = (uint32_t)lc->np++;
		lc->p[*pg] = (page){.file = lc->t[self].key, /* the arena's: stable */
		                    .article = o ? opt_str(lc, o->article) : NULL,
		                    .maker = maker,
		                    .order = o && o->article ? o->order : INT32_MAX};
	}
	if (lc->nr == lc->capr) {
		lc->capr = lc->capr ? lc->capr * 2 : 1024;
		lc->r = lede_xrealloc(lc->r, lc->capr * sizeof *lc->r);
	}
	uint32_t r = intern(lc, raw, K_STR);
	lc->r[lc->nr++] =
	    (ref){.page = *pg, .target = tg, .line = line, .col = col, .raw = lc->t[r].key};
}

/* The target of a link of kind k (its resolved path or URL in target);
 * the caller holds the lock. */
static uint32_t target_of(lede_linkcheck *lc, lede_link_kind k, const char *target)
{
	if (k == LEDE_LINK_SELF)
		return NO_TARGET; /* kept only when the page has no such id */
	if (k == LEDE_LINK_OUTSIDE)
		return OUTSIDE;
	return intern(lc, target, k == LEDE_LINK_EXTERNAL ? K_URL : K_FILE);
}

/* The page rel is written: its links in sc that may break are kept (one
 * whose target is written already never breaks). */
static void keep_refs(lede_linkcheck *lc, const char *rel, const scan *sc,
                      const lede_link_origin *o)
{
	pthread_mutex_lock(&lc->lock);
	uint32_t self = intern(lc, rel, K_FILE);
	lc->t[self].written = true;
	/* A page written twice (two articles wanting one page, the loser
	 * first; lede.write twice): only the last one's links are there. */
	if (lc->t[self].page != NO_TARGET)
		lc->p[lc->t[self].page].gone = true;
	lc->t[self].paged = true;
	uint32_t pg = NO_TARGET;
	for (size_t i = 0; i < sc->n; i++) {
		const found *f = &sc->v[i];
		if (f->kind == LEDE_LINK_SKIP)
			continue;
		uint32_t tg = target_of(lc, f->kind, sc->strs.data + f->target);
		if (tg < OUTSIDE && lc->t[tg].written)
			continue; /* there: never broken */
		add_ref(lc, &pg, self, o, tg, sc->strs.data + f->raw, f->line, f->col);
	}
	lc->t[self].page = pg;
	pthread_mutex_unlock(&lc->lock);
}

void lede_linkcheck_page(lede_linkcheck *lc, const char *rel, const char *data, size_t len,
                         const lede_link_origin *o)
{
	lede_linkcheck_page_kept(lc, rel, data, len, o, NULL);
}

void lede_linkcheck_page_kept(lede_linkcheck *lc, const char *rel, const char *data, size_t len,
                              const lede_link_origin *o, lede_buf *kept)
{
	char kind = page_kind(rel);
	scan sc = {.lc = lc, .rel = rel};
	if (kind)
		lede_linkcheck_scan(kind, data, len, on_link, &sc);
	if (o)
		place(&sc, o);
	/* every link that may be broken, whatever is written yet: the page
	 * reused by a later build gives the check what it gives now
	 * (lede_linkcheck_replay); made before the lock is taken */
	for (size_t i = 0; i < sc.n; i++) {
		found *f = &sc.v[i];
		if (f->kind == LEDE_LINK_SELF && has_id(&sc, sc.strs.data + f->frag)) {
			f->kind = LEDE_LINK_SKIP; /* the page has it: never broken */
			continue;
		}
		if (!kept)
			continue;
		if (!kept->len) { /* the first line: what made the page */
			lede_buf_putc(kept, o && o->maker ? '+' : '-');
			if (o && o->maker)
				lede_buf_put_escaped(kept, o->maker);
			lede_buf_putc(kept, '\n');
		}
		lede_buf_put_num(kept, f->line, 0);
		lede_buf_putc(kept, ' ');
		lede_buf_put_num(kept, f->col, 0);
		lede_buf_putc(kept, ' ');
		lede_buf_put_escaped(kept, sc.strs.data + f->raw);
		lede_buf_putc(kept, '\n');
	}
	keep_refs(lc, rel, &sc, o);
	scan_free(&sc);
}

int lede_linkcheck_replay(lede_linkcheck *lc, const char *rel, const char *kept, size_t len,
                          const lede_link_origin *o)
{
	const char *s = kept, *end = kept + len;
	lede_buf maker = LEDE_BUF_INIT, raw = LEDE_BUF_INIT;
	lede_link_origin own = o ? *o : (lede_link_origin){0};
	own.maker = NULL;
	int rc = 0;
	if (len && (*s == '+' || *s == '-')) {
		bool has = *s == '+';
		s = lede_buf_get_escaped(s + 1, end, &maker);
		if (has)
			own.maker = lede_buf_cstr(&maker);
	} else if (len) {
		rc = -1; /* not text lede wrote */
		s = end;
	}
	/* Read and resolved before the lock is taken (the workers replay
	 * their reused pages at once); only the table's part is under it. */
	scan sc = {.lc = lc, .rel = rel};
	while (s < end) {
		char *after;
		long line = strtol(s, &after, 10);
		long col = after < end && *after == ' ' ? strtol(after + 1, &after, 10) : -1;
		if (after >= end || *after != ' ' || line < 0 || col < 0 || line > INT32_MAX ||
		    col > INT32_MAX) {
			rc = -1;
			break;
		}
		s = lede_buf_get_escaped(after + 1, end, &raw);
		lede_link_kind k = lede_linkcheck_resolve(lc, rel, raw.data ? raw.data : "",
		                                          raw.len, &sc.t, &sc.f);
		if (k == LEDE_LINK_INTERNAL && !strcmp(lede_buf_cstr(&sc.t), rel))
			k = LEDE_LINK_SELF;
		if (k == LEDE_LINK_SKIP || (k == LEDE_LINK_EXTERNAL && !lc->external))
			continue;
		found *f = add_found(&sc, k, raw.data ? raw.data : "", raw.len);
		f->line = (int)line;
		f->col = (int)col;
	}
	keep_refs(lc, rel, &sc, &own);
	lede_buf_free(&maker);
	lede_buf_free(&raw);
	scan_free(&sc);
	return rc;
}

void lede_linkcheck_unclean(lede_linkcheck *lc, bool (*is_file)(void *, const char *), void *ud,
                            void (*fn)(void *, const char *))
{
	pthread_mutex_lock(&lc->lock);
	bool *dirty = lede_xcalloc(lc->np + 1, sizeof *dirty);
	for (size_t i = 0; i < lc->nr; i++) {
		const ref *r = &lc->r[i];
		if (dirty[r->page] || lc->p[r->page].gone)
			continue;
		const tgt *t = r->target < OUTSIDE ? &lc->t[r->target] : NULL;
		dirty[r->page] = !t || t->kind != K_FILE || !is_file(ud, t->key);
	}
	for (size_t i = 0; i < lc->np; i++)
		if (dirty[i])
			fn(ud, lc->p[i].file);
	free(dirty);
	pthread_mutex_unlock(&lc->lock);
}

/* --- the report ------------------------------------------------------------ */

/* A ref with what its order needs (qsort has no context argument). */
typedef struct keyed {
	int order;
	const char *file;
	size_t i; /* a page's refs are kept together, in the page's order */
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	int c = strcmp(x->file, y->file);
	if (c)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

static bool is_present(lede_linkcheck *lc, uint32_t tg, lede_link_exists_fn exists, void *ud)
{
	tgt *t = &lc->t[tg];
	if (t->ok)
		return t->ok > 0;
	bool ok = t->written || (exists && exists(ud, t->key));
	if (!ok) {
		/* "dir" served as "dir/index.html" */
		lede_buf b = LEDE_BUF_INIT;
		lede_buf_printf(&b, "%s/index.html", t->key);
		uint32_t k = find(lc, lede_buf_cstr(&b));
		ok = (k != NO_TARGET && lc->t[k].written) || (exists && exists(ud, b.data));
		lede_buf_free(&b);
	}
	t->ok = ok ? 1 : -1;
	return ok;
}

/* One group of broken links no source line holds: a maker and a target. */
typedef struct group {
	const char *maker, *raw, *file, *article;
	uint32_t target;
	int pages;
	const char *last_file;
} group;

/* What is wrong with the ref's target, for the message. */
static void describe(const lede_linkcheck *lc, const ref *r, lede_buf *out)
{
	if (r->target == NO_TARGET) {
		const char *h = strchr(r->raw, '#');
		lede_buf_printf(out, "no id '%s' on the page", h ? h + 1 : r->raw);
	} else if (r->target == OUTSIDE) {
		lede_buf_puts(out, "it leads out of the site's folder");
	} else if (lc->t[r->target].kind == K_URL) {
		lede_buf_puts(out, lc->t[r->target].why ? lc->t[r->target].why : "no answer");
	} else {
		lede_buf_printf(out, "no file %s in the site", lc->t[r->target].key);
	}
}

/* The length of the common leading folders of paths a and b. */
static size_t common_folders(const char *a, const char *b)
{
	size_t n = 0;
	for (size_t i = 0; a[i] && a[i] == b[i]; i++)
		if (a[i] == '/')
			n = i + 1;
	return n;
}

/* Whether a page at "to" may be what a link on the page at "from" names
 * instead of an article's source: a web page links to a web page, not to
 * the article's newsletter text or wire JSON (which are pages of it too). */
static bool linkable_page(const char *from, const char *to)
{
	size_t nf = strlen(from), nt = strlen(to);
	bool web_from = nf >= 5 && !strcmp(from + nf - 5, ".html");
	return !web_from || (nt >= 5 && !strcmp(to + nt - 5, ".html"));
}

/* The URL of file "to" from a page at "from" (both from the site's root),
 * as a link on that page would write it: "../b/" for "b/index.html". */
static void relative_url(const char *from, const char *to, lede_buf *out)
{
	size_t common = common_folders(from, to);
	for (const char *s = from + common; (s = strchr(s, '/')); s++)
		lede_buf_puts(out, "../");
	const char *rest = to + common;
	size_t len = strlen(rest);
	if (len >= 10 && !strcmp(rest + len - 10, "index.html") &&
	    (len == 10 || rest[len - 11] == '/'))
		len -= 10;
	lede_buf_put(out, rest, len);
	if (!out->len)
		lede_buf_puts(out, "./");
}

/* A broken link, on a page of the article at `article`, that names the
 * source of another article (`other.md`, from the article's folder, or
 * `/content/other.md`): a page of that article in *hint (its URL from
 * the page), the one nearest the page, so that the warning can say what
 * to write. The pages looked at are those the check holds, read or
 * deferred, so a full and an incremental build say the same. */
void lede_linkcheck_set_pages(lede_linkcheck *lc, lede_link_page_fn fn, void *ud)
{
	lc->page_of = fn;
	lc->page_ud = ud;
}

/* The page of the article at `article` nearest `from`, among those the
 * check read (lede_linkcheck_set_pages' default). */
static bool read_page_of(const lede_linkcheck *lc, const char *from, const char *article,
                         lede_buf *rel)
{
	const char *best = NULL;
	size_t best_common = 0;
	bool any = false;
	for (size_t i = 0; i < lc->np; i++) {
		const page *q = &lc->p[i];
		if (!q->article || q->gone || strcmp(q->article, article))
			continue;
		any = true;
		if (!linkable_page(from, q->file))
			continue;
		size_t c = common_folders(from, q->file);
		if (!best || c > best_common || (c == best_common && strcmp(q->file, best) < 0)) {
			best = q->file;
			best_common = c;
		}
	}
	if (best)
		lede_buf_puts(rel, best);
	return any; /* (rel empty: pages, none a link could name) */
}

/* A broken link, on page p of an article, that names the source of
 * another article (`other.md` from the article's folder, or
 * `/content/other.md`): that article's page as the link should name it
 * (from p, with the link's fragment), in *hint. */
static bool source_hint(const lede_linkcheck *lc, const page *p, const char *raw, lede_buf *hint)
{
	const char *end = raw + strcspn(raw, "?#");
	if (end - raw < 4 || strncasecmp(end - 3, ".md", 3))
		return false;
	lede_buf t = LEDE_BUF_INIT, f = LEDE_BUF_INIT, rel = LEDE_BUF_INIT;
	bool named = lede_linkcheck_resolve(lc, p->article, raw, strlen(raw), &t, &f) ==
	                 LEDE_LINK_INTERNAL &&
	             (lc->page_of ? lc->page_of(lc->page_ud, p->file, p->article, t.data, &rel)
	                          : read_page_of(lc, p->file, t.data, &rel));
	if (named && !rel.len) {
		/* (its newsletter text, its wire item: no page for a reader) */
		lede_buf_printf(hint,
		                "; it names the source of %s, which has no web page to link to "
		                "(no html outlet publishes it): publish it in one, or remove the "
		                "link",
		                t.data);
	} else if (named) {
		lede_buf_puts(hint, "; it names an article's source, not its page: link to '");
		relative_url(p->file, rel.data, hint);
		if (f.len) {
			lede_buf_putc(hint, '#');
			lede_buf_puts(hint, f.data);
		}
		lede_buf_putc(hint, '\'');
	}
	lede_buf_free(&t);
	lede_buf_free(&f);
	lede_buf_free(&rel);
	return named;
}

/* Reports the broken refs of one kind (external or internal). */
static int report_pass(lede_linkcheck *lc, bool external, lede_link_exists_fn exists, void *eud,
                       lede_link_report_fn report, void *rud)
{
	/* The broken ones first (whether a target is there does not depend
	 * on the order asked), then only those sorted: a site's refs are
	 * many, its broken ones few. */
	keyed *v = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < lc->nr; i++) {
		const ref *r = &lc->r[i];
		bool ext = r->target < OUTSIDE && lc->t[r->target].kind == K_URL;
		if (ext != external || lc->p[r->page].gone)
			continue;
		bool broken =
		    r->target >= OUTSIDE ||
		    (external ? lc->t[r->target].ok < 0 : !is_present(lc, r->target, exists, eud));
		if (!broken)
			continue;
		if (n == cap)
			v = lede_xrealloc(v, (cap = cap ? 2 * cap : 64) * sizeof *v);
		const page *p = &lc->p[r->page];
		v[n++] = (keyed){p->order, p->file, i};
	}
	if (n)
		qsort(v, n, sizeof *v, cmp_keyed);
	group *g = NULL;
	size_t ng = 0;
	int msgs = 0;
	lede_buf msg = LEDE_BUF_INIT;
	for (size_t k = 0; k < n; k++) {
		const ref *r = &lc->r[v[k].i];
		const page *p = &lc->p[r->page];
		if (r->line > 0 && p->article) {
			lede_buf_reset(&msg);
			lede_buf_printf(&msg, "broken link to '%s': ", r->raw);
			describe(lc, r, &msg);
			lede_buf_printf(&msg, " (on %s)", p->file);
			lede_buf hint = LEDE_BUF_INIT;
			if (source_hint(lc, p, r->raw, &hint))
				lede_buf_puts(&msg, hint.data);
			lede_buf_free(&hint);
			report(rud, p->article, r->line, r->col, lede_buf_cstr(&msg));
			msgs++;
			continue;
		}
		/* the template or format: once per maker and link as written */
		const char *maker = p->maker ? p->maker : p->file;
		size_t j = 0;
		for (; j < ng; j++)
			if (!strcmp(g[j].maker, maker) && !strcmp(g[j].raw, r->raw))
				break;
		if (j == ng) {
			g = lede_xrealloc(g, (ng + 1) * sizeof *g);
			g[ng++] = (group){maker, r->raw, p->file, p->article, r->target, 0, NULL};
		}
		if (!g[j].last_file || strcmp(g[j].last_file, p->file)) {
			g[j].pages++;
			g[j].last_file = p->file;
		}
	}
	for (size_t j = 0; j < ng; j++) {
		ref r = {.target = g[j].target, .raw = g[j].raw};
		lede_buf_reset(&msg);
		lede_buf_printf(&msg, "broken link to '%s': ", g[j].raw);
		describe(lc, &r, &msg);
		lede_buf_printf(&msg, " (on %s", g[j].file);
		if (g[j].article)
			lede_buf_printf(&msg, ", the page of %s", g[j].article);
		if (g[j].pages > 1)
			lede_buf_printf(&msg, ", and %d other page%s", g[j].pages - 1,
			                g[j].pages == 2 ? "" : "s");
		lede_buf_puts(&msg, ")");
		report(rud, g[j].maker, 0, 0, lede_buf_cstr(&msg));
		msgs++;
	}
	lede_buf_free(&msg);
	free(g);
	free(v);
	return msgs;
}

int lede_linkcheck_report(lede_linkcheck *lc, lede_link_exists_fn exists, void *eud,
                          lede_link_report_fn report, void *rud)
{
	return report_pass(lc, false, exists, eud, report, rud);
}

typedef struct named {
	const char *key;
	uint32_t id;
} named;

static int cmp_named(const void *a, const void *b)
{
	return strcmp(((const named *)a)->key, ((const named *)b)->key);
}

int lede_linkcheck_external(lede_linkcheck *lc, const lede_linkcheck_http *h,
                            lede_link_report_fn report, void *rud, const char **cannot)
{
	/* the external targets some page links to, in key order */
	named *v = lede_xcalloc(lc->nt + 1, sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < lc->nt; i++)
		if (lc->t[i].kind == K_URL)
			v[n++] = (named){lc->t[i].key, (uint32_t)i};
	qsort(v, n, sizeof *v, cmp_named);
	const char **urls = lede_xcalloc(n + 1, sizeof *urls);
	for (size_t i = 0; i < n; i++)
		urls[i] = v[i].key;
	signed char *ok = lede_xcalloc(n + 1, 1);
	char **why = lede_xcalloc(n + 1, sizeof *why);
	int asked = lede_http_check(urls, n, h, ok, why, cannot);
	for (size_t i = 0; asked >= 0 && i < n; i++) {
		tgt *t = &lc->t[v[i].id];
		t->ok = ok[i] ? ok[i] : -1;
		t->why = why[i] ? lede_arena_strdup(lc->ar, why[i]) : NULL;
		free(why[i]);
	}
	free(why);
	free(ok);
	free(urls);
	free(v);
	return asked < 0 ? -1 : report_pass(lc, true, NULL, NULL, report, rud);
}

/* --- the build's side ------------------------------------------------------ */

#include "engine.h"
#include "output.h"

#include <sys/stat.h>

/* The engine that owns the check (a worker's parent). */
static lede_engine *owner(lede_engine *e) { return e->parent ? e->parent : e; }

void lede_links_start(lede_engine *e)
{
	/* --links asks for it by name, whatever check_links says */
	if (e->no_link_check || (!e->cfg->check_links && !e->external_links) || e->links)
		return;
	e->links = lede_linkcheck_new(e->cfg->base_url, e->check_only && e->external_links);
	/* Pages' links recorded, for the builds that reuse them; not by a
	 * merge, which writes the shards' pages without knowing what made
	 * them (the next build that checks links makes every page). */
	if (e->state && !e->nmerge)
		lede_state_check_links(e->state);
}

void lede_links_write(lede_engine *e, const char *rel, const char *data, size_t n,
                      const char *outlet)
{
	const char *maker = e->cur_template;
	e->cur_template = NULL; /* the next page starts afresh */
	lede_links_write_as(e, rel, data, n, outlet, maker, e->writing);
}

void lede_links_write_as(lede_engine *e, const char *rel, const char *data, size_t n,
                         const char *outlet, const char *maker, const lede_article *a)
{
	lede_linkcheck *lc = owner(e)->links;
	if (!lc)
		return;
	if (!outlet) {
		lede_linkcheck_file(lc, rel);
		return;
	}
	for (size_t k = 0; !maker && k < e->noutlets; k++)
		if (!strcmp(e->outlets[k].cfg->name, outlet) && e->outlets[k].format)
			maker = e->outlets[k].format->chunk;
	lede_link_origin o = {.article = a ? a->path : NULL,
	                      .order = a ? a->index : INT32_MAX,
	                      .source = a ? a->source : NULL,
	                      .links = a ? &a->extraction : NULL,
	                      .maker = maker,
	                      .rewrites = a ? (const char *const *)e->rewrites : NULL,
	                      .nrewrites = a ? e->nrewrites : 0};
	if (!e->state) {
		lede_linkcheck_page(lc, rel, data, n, &o);
		return;
	}
	lede_buf kept = LEDE_BUF_INIT;
	lede_linkcheck_page_kept(lc, rel, data, n, &o, &kept);
	lede_state_set_links(e->state, rel, kept.data, kept.len);
	lede_buf_free(&kept);
}

/* Gives the check the links the last build recorded of rel, read now. */
static int replay_now(lede_engine *e, lede_linkcheck *lc, const char *rel, const char *article,
                      int order)
{
	lede_buf kept = LEDE_BUF_INIT;
	int rc = e->state ? lede_state_links(e->state, rel, &kept) : 0;
	lede_link_origin o = {.article = article, .order = article ? order : INT32_MAX};
	lede_linkcheck_replay(lc, rel, kept.len ? kept.data : "", kept.len, &o);
	lede_buf_free(&kept);
	return rc;
}

int lede_links_replay(lede_engine *e, const char *rel, const char *article, int order)
{
	lede_linkcheck *lc = owner(e)->links;
	if (!lc)
		return 0;
	if (!e->state || !lede_state_links_clean(e->state, rel))
		return replay_now(e, lc, rel, article, order);
	/* Clean: while every file of the last build is still there, its
	 * links are too. Whether one is gone is known at the end. */
	pthread_mutex_lock(&lc->lock);
	if (lc->nd == lc->capd) {
		lc->capd = lc->capd ? lc->capd * 2 : 1024;
		lc->d = lede_xrealloc(lc->d, lc->capd * sizeof *lc->d);
	}
	lc->d[lc->nd++] = (struct deferred){
	    .rel = lede_arena_strdup(lc->ar, rel), .article = opt_str(lc, article), .order = order};
	pthread_mutex_unlock(&lc->lock);
	return 0;
}

static bool state_file(void *ud, const char *rel) { return lede_state_has(ud, rel); }

static void mark_dirty(void *ud, const char *rel) { lede_state_links_dirty(ud, rel); }

void lede_links_settle(lede_engine *e)
{
	lede_linkcheck *lc = e->links;
	if (!lc || !e->state)
		return;
	/* A file gone may be one a clean page links to: they are all read,
	 * as a build without the marks would have. */
	if (lc->nd && lede_state_files_gone(e->state))
		for (size_t i = 0; i < lc->nd; i++) {
			const struct deferred *d = &lc->d[i];
			/* (a reused page written over since, by an article that
			 * won it: its links are the new page's) */
			uint32_t t = find(lc, d->rel);
			if (t != NO_TARGET && lc->t[t].paged)
				continue;
			if (replay_now(e, lc, d->rel, d->article, d->order) != 0)
				lede_links_unread(e, d->rel, errno);
		}
	lc->nd = 0;
	lede_linkcheck_unclean(lc, state_file, e->state, mark_dirty);
	lede_state_links_dirty(e->state, NULL); /* marked */
}

void lede_links_unread(lede_engine *e, const char *rel, int err)
{
	lede_reportf(e, false, rel, 0, 0,
	             "its links, as the last build recorded them, could not be read back from "
	             "the build state (%s); they are not checked this time: build again with "
	             "--full",
	             strerror(err));
	if (e->state) /* not clean: the next build reads them again */
		lede_state_links_dirty(e->state, rel);
}

void lede_links_reuse(lede_engine *e, const char *rel, const char *article, int order)
{
	if (lede_links_replay(e, rel, article, order) != 0)
		lede_links_unread(e, rel, errno);
}

void lede_links_file(lede_engine *e, const char *rel)
{
	lede_linkcheck *lc = owner(e)->links;
	if (lc)
		lede_linkcheck_file(lc, rel);
}

static bool regular(const char *dir, const char *sub, const char *rel)
{
	lede_buf p = LEDE_BUF_INIT;
	lede_buf_printf(&p, "%s/%s%s%s", dir, sub ? sub : "", sub ? "/" : "", rel);
	struct stat st;
	bool ok = stat(lede_buf_cstr(&p), &st) == 0 && S_ISREG(st.st_mode);
	lede_buf_free(&p);
	return ok;
}

/* A file of the build state (written or kept), a file in the output
 * folder that lede did not write, or (lede check, which copies nothing) a
 * static file. */
static bool exists(void *ud, const char *rel)
{
	lede_engine *e = ud;
	if (e->state && lede_state_has(e->state, rel))
		return true;
	if (!lede_path_is_contained(rel))
		return false;
	if (regular(e->outdir, NULL, rel))
		return true;
	return e->check_only &&
	       (regular(e->root, e->cfg->static_dir, rel) || regular(e->bundled, "static", rel));
}

/* This build's pages, from its state (the reused ones too, whose links
 * the check may not have read), by article then path: made at the first
 * broken link that names an article's source. */
typedef struct {
	const char *rel, *outlet, *article;
} state_page;

typedef struct {
	lede_state *s;
	state_page *v;
	size_t n, cap;
	bool made;
} state_pages;

static void add_state_page(void *ud, const char *rel, const char *outlet, const char *article)
{
	state_pages *sp = ud;
	if (!outlet || !article)
		return;
	if (sp->n == sp->cap)
		sp->v =
		    lede_xrealloc(sp->v, (sp->cap = sp->cap ? 2 * sp->cap : 256) * sizeof *sp->v);
	sp->v[sp->n++] = (state_page){rel, outlet, article};
}

static int cmp_state_page(const void *x, const void *y)
{
	const state_page *a = x, *b = y;
	int c = strcmp(a->article, b->article);
	return c ? c : strcmp(a->rel, b->rel);
}

/* The first of sp's pages of article (its pages follow it), or sp->n. */
static size_t state_pages_of(const state_pages *sp, const char *article)
{
	size_t lo = 0, hi = sp->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(sp->v[mid].article, article) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool state_page_of(void *ud, const char *from, const char *from_article, const char *article,
                          lede_buf *rel)
{
	state_pages *sp = ud;
	if (!sp->made) {
		sp->made = true;
		lede_state_each(sp->s, add_state_page, sp);
		if (sp->n)
			qsort(sp->v, sp->n, sizeof *sp->v, cmp_state_page);
	}
	const char *outlet = NULL;
	for (size_t i = state_pages_of(sp, from_article);
	     i < sp->n && !strcmp(sp->v[i].article, from_article) && !outlet; i++)
		if (!strcmp(sp->v[i].rel, from))
			outlet = sp->v[i].outlet;
	const state_page *best = NULL;
	size_t best_common = 0;
	bool best_same = false, any = false;
	for (size_t i = state_pages_of(sp, article);
	     i < sp->n && !strcmp(sp->v[i].article, article); i++) {
		const state_page *q = &sp->v[i];
		any = true;
		if (!linkable_page(from, q->rel))
			continue;
		bool same = outlet && !strcmp(q->outlet, outlet);
		size_t c = common_folders(from, q->rel);
		if (!best || same > best_same || (same == best_same && c > best_common)) {
			best = q;
			best_common = c;
			best_same = same;
		}
	}
	if (best)
		lede_buf_puts(rel, best->rel);
	return any; /* (rel empty: pages, none a link could name) */
}

static void report(void *ud, const char *file, int line, int col, const char *msg)
{
	lede_reportf(ud, true, file, line, col, "%s", msg);
}

void lede_links_finish(lede_engine *e)
{
	lede_linkcheck *lc = e->links;
	if (!lc)
		return;
	if (!e->stop && !e->config_error) {
		state_pages sp = {.s = e->state};
		if (e->state)
			lede_linkcheck_set_pages(lc, state_page_of, &sp);
		lede_linkcheck_report(lc, exists, e, report, e);
		lede_linkcheck_set_pages(lc, NULL, NULL);
		free(sp.v);
		if (lc->external) {
			lede_buf cache = LEDE_BUF_INIT;
			lede_buf_printf(&cache, "%s/%s", e->root, LEDE_LINKCACHE);
			lede_linkcheck_http h = {.timeout =
			                             e->link_timeout > 0 ? e->link_timeout : 10,
			                         .concurrency = 8,
			                         .redirects = 5,
			                         .cache = lede_buf_cstr(&cache),
			                         .cache_seconds = 86400,
			                         .now = (double)lede_date_epoch(&e->now)};
			const char *cannot = NULL;
			if (lede_linkcheck_external(lc, &h, report, e, &cannot) < 0)
				lede_reportf(e, false, NULL, 0, 0, "external links not checked: %s",
				             cannot);
			lede_buf_free(&cache);
		}
	}
	lede_linkcheck_free(lc);
	e->links = NULL;
}
