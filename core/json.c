/* json.c: the build state's JSON (see json.h): a recursive descent
 * parser into lede_values, and strings written with their escapes. */
#include "json.h"

#include "escape.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 1000

typedef struct {
	lede_arena *ar;
	const char *p, *end;
	lede_buf tmp; /* a string being unescaped */
} parser;

static void skip_ws(parser *ps)
{
	while (ps->p < ps->end &&
	       (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int hex4(const char *s)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static void put_utf8(lede_buf *b, uint32_t c)
{
	char u[4];
	size_t n;
	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xC0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xE0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	lede_buf_put(b, u, n);
}

/* The escaped text from p (just after a string's opening quote) up to
 * its closing quote, before end, unescaped onto out (NULL: only checked):
 * the closing quote, or NULL when the string is not whole JSON. */
static const char *unescape(const char *p, const char *end, lede_buf *out)
{
	static const char plain[256] = {['"'] = '"',  ['\\'] = '\\', ['/'] = '/',  ['b'] = '\b',
	                                ['f'] = '\f', ['n'] = '\n',  ['r'] = '\r', ['t'] = '\t'};
	while (p < end && *p != '"') {
		if (*p != '\\') {
			const char *r =
			    p + lede_scan_to(p, 0, (size_t)(end - p), "\"\\", 2, 0, NULL);
			if (out)
				lede_buf_put(out, p, (size_t)(r - p));
			p = r;
			continue;
		}
		if (p + 1 >= end)
			return NULL;
		unsigned char c = (unsigned char)p[1];
		p += 2;
		if (plain[c]) {
			if (out)
				lede_buf_putc(out, plain[c]);
			continue;
		}
		switch (c) {
		case 'u': {
			int u = end - p >= 4 ? hex4(p) : -1;
			if (u < 0)
				return NULL;
			p += 4;
			uint32_t cp = (uint32_t)u;
			if (u >= 0xD800 && u < 0xDC00 && end - p >= 6 && p[0] == '\\' &&
			    p[1] == 'u') {
				int lo = hex4(p + 2);
				if (lo >= 0xDC00 && lo < 0xE000) {
					cp = 0x10000 + (((uint32_t)u - 0xD800) << 10) +
					     ((uint32_t)lo - 0xDC00);
					p += 6;
				}
			}
			if (out)
				put_utf8(out, cp);
			break;
		}
		default: return NULL;
		}
	}
	return p < end ? p : NULL;
}

static bool parse_string(parser *ps, const char **s, size_t *len)
{
	const char *p = ps->p + 1, *end = ps->end;
	/* the common case: no escape, copied at once */
	const char *q = p + lede_scan_to(p, 0, (size_t)(end - p), "\"\\", 2, 0, NULL);
	if (q < end && *q == '"') {
		*s = lede_arena_strndup(ps->ar, p, (size_t)(q - p));
		*len = (size_t)(q - p);
		ps->p = q + 1;
		return true;
	}
	lede_buf_reset(&ps->tmp);
	lede_buf_put(&ps->tmp, p, (size_t)(q - p));
	p = unescape(q, end, &ps->tmp);
	if (!p)
		return false;
	*len = ps->tmp.len;
	*s = lede_arena_strndup(ps->ar, ps->tmp.data ? ps->tmp.data : "", ps->tmp.len);
	ps->p = p + 1;
	return true;
}

size_t lede_json_str_len(const char *p, const char *end)
{
	if (p >= end || *p != '"')
		return 0;
	size_t n = (size_t)(end - p);
	for (size_t i = 1; (i = lede_scan_to(p, i, n, "\"\\", 2, 0, NULL)) < n; i += 2)
		if (p[i] == '"')
			return i + 1;
	return 0;
}

int lede_json_get_str(const char *s, size_t n, lede_buf *out)
{
	const char *end = s + n;
	if (!n || *s != '"')
		return -1;
	const char *q = unescape(s + 1, end, out);
	return q && q + 1 == end ? 0 : -1;
}

static lede_value *new_value(parser *ps, lede_value_type t)
{
	lede_value *v = lede_arena_alloc(ps->ar, sizeof *v); /* (zeroed) */
	v->type = t;
	return v;
}

static bool literal(parser *ps, const char *lit)
{
	size_t n = strlen(lit);
	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, lit, n))
		return false;
	ps->p += n;
	return true;
}

/* Items of a list being read: grown in a heap array, then copied into
 * the arena at the right size. */
#define ITEMS_HERE 16

typedef struct {
	lede_value **items;
	const char **keys;
	size_t n, cap;
	/* the first ITEMS_HERE, without a heap array */
	lede_value *items_here[ITEMS_HERE];
	const char *keys_here[ITEMS_HERE];
} items;

static void items_add(items *it, const char *key, lede_value *v)
{
	if (!it->cap) {
		it->items = it->items_here;
		it->keys = it->keys_here;
		it->cap = ITEMS_HERE;
	} else if (it->n == it->cap) {
		bool here = it->items == it->items_here;
		it->cap *= 2;
		it->items = lede_xrealloc(here ? NULL : it->items, it->cap * sizeof *it->items);
		it->keys = lede_xrealloc(here ? NULL : it->keys, it->cap * sizeof *it->keys);
		if (here) {
			memcpy(it->items, it->items_here, sizeof it->items_here);
			memcpy(it->keys, it->keys_here, sizeof it->keys_here);
		}
	}
	it->keys[it->n] = key;
	it->items[it->n++] = v;
}

static void items_free(items *it)
{
	if (it->items != it->items_here) {
		free(it->items);
		free(it->keys);
	}
}

static lede_value *parse_value(parser *ps, int depth);

/* After an item of a list (an object if object): 1 past a comma (another
 * item follows), 0 past the closing bracket, -1 at anything else. */
static int list_next(parser *ps, bool object)
{
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == ',') {
		ps->p++;
		return 1;
	}
	if (ps->p < ps->end && *ps->p == (object ? '}' : ']')) {
		ps->p++;
		return 0;
	}
	return -1;
}

static lede_value *parse_list(parser *ps, int depth, bool object)
{
	lede_value *v = new_value(ps, object ? LEDE_MAP : LEDE_SEQ);
	items it;
	it.n = it.cap = 0;
	it.items = NULL;
	it.keys = NULL;
	ps->p++;
	skip_ws(ps);
	bool ok = true;
	if (ps->p < ps->end && *ps->p == (object ? '}' : ']')) {
		ps->p++;
	} else {
		for (;;) {
			const char *key = NULL;
			if (object) {
				size_t klen;
				skip_ws(ps);
				if (ps->p >= ps->end || *ps->p != '"' ||
				    !parse_string(ps, &key, &klen)) {
					ok = false;
					break;
				}
				skip_ws(ps);
				if (ps->p >= ps->end || *ps->p != ':') {
					ok = false;
					break;
				}
				ps->p++;
			}
			lede_value *x = parse_value(ps, depth + 1);
			if (!x) {
				ok = false;
				break;
			}
			items_add(&it, key, x);
			int next = list_next(ps, object);
			if (next > 0)
				continue;
			ok = next == 0;
			break;
		}
	}
	if (ok) {
		size_t n = it.n ? it.n : 1;
		v->u.list.n = it.n;
		v->u.list.items = lede_arena_alloc(ps->ar, n * sizeof *v->u.list.items);
		if (it.n)
			memcpy(v->u.list.items, it.items, it.n * sizeof *it.items);
		if (object) {
			v->u.list.keys = lede_arena_alloc(ps->ar, n * sizeof *v->u.list.keys);
			if (it.n)
				memcpy(v->u.list.keys, it.keys, it.n * sizeof *it.keys);
		}
	}
	items_free(&it);
	return ok ? v : NULL;
}

/* The number at ps->p, read past: false when it is not one; *real: it
 * has a fraction or an exponent (then in *f, else in *i). */
static bool scan_number(parser *ps, bool *real, double *f, long long *i)
{
	const char *s = ps->p;
	*real = false;
	for (; ps->p < ps->end; ps->p++) {
		char c = *ps->p;
		if (c == '.' || c == 'e' || c == 'E')
			*real = true;
		else if (!(c >= '0' && c <= '9') && c != '-' && c != '+')
			break;
	}
	size_t n = (size_t)(ps->p - s);
	if (!n || n > 63)
		return false;
	/* the common case, a small integer: digits, perhaps a minus */
	if (!*real && n <= 18) {
		size_t k = s[0] == '-';
		long long v = 0;
		for (; k < n && s[k] >= '0' && s[k] <= '9'; k++)
			v = v * 10 + (s[k] - '0');
		if (k == n && n > (size_t)(s[0] == '-')) {
			*i = s[0] == '-' ? -v : v;
			return true;
		}
	}
	char num[64];
	memcpy(num, s, n);
	num[n] = '\0';
	char *stop;
	if (*real)
		*f = strtod(num, &stop);
	else
		*i = strtoll(num, &stop, 10);
	return !*stop;
}

static lede_value *parse_number(parser *ps)
{
	bool real;
	double f = 0;
	long long i = 0;
	if (!scan_number(ps, &real, &f, &i))
		return NULL;
	lede_value *v = new_value(ps, real ? LEDE_FLOAT : LEDE_INT);
	if (real)
		v->u.f = f;
	else
		v->u.i = i;
	return v;
}

static lede_value *parse_value(parser *ps, int depth)
{
	if (depth > MAX_DEPTH)
		return NULL;
	skip_ws(ps);
	if (ps->p >= ps->end)
		return NULL;
	switch (*ps->p) {
	case '{': return parse_list(ps, depth, true);
	case '[': return parse_list(ps, depth, false);
	case '"': {
		lede_value *v = new_value(ps, LEDE_STRING);
		return parse_string(ps, &v->u.str.s, &v->u.str.len) ? v : NULL;
	}
	case 't':
	case 'f': {
		bool t = *ps->p == 't';
		if (!literal(ps, t ? "true" : "false"))
			return NULL;
		lede_value *v = new_value(ps, LEDE_BOOL);
		v->u.b = t;
		return v;
	}
	case 'n': return literal(ps, "null") ? new_value(ps, LEDE_NULL) : NULL;
	default: return parse_number(ps);
	}
}

/* Skips the string at ps->p, checked, not copied: false when there is
 * none. */
static bool skip_string(parser *ps)
{
	const char *q =
	    ps->p < ps->end && *ps->p == '"' ? unescape(ps->p + 1, ps->end, NULL) : NULL;
	if (!q)
		return false;
	ps->p = q + 1;
	return true;
}

/* Skips the value at ps->p, checked as parse_value checks it but built
 * nowhere: false when it is not JSON. Without recursion: the open lists
 * are a stack of their kinds (a record's meta, skipped, is most of it). */
static bool skip_value(parser *ps, int depth)
{
	char open[MAX_DEPTH + 1]; /* '{' or '[' of each list open */
	int top = 0;
	bool key = false; /* an object's member name comes first */
	for (;;) {
		if (key) {
			skip_ws(ps);
			if (!skip_string(ps))
				return false;
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != ':')
				return false;
			ps->p++;
		}
		/* a value */
		if (depth + top > MAX_DEPTH)
			return false;
		skip_ws(ps);
		if (ps->p >= ps->end)
			return false;
		char c = *ps->p;
		if (c == '{' || c == '[') {
			ps->p++;
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != (c == '{' ? '}' : ']')) {
				open[top++] = c; /* its first item next */
				key = c == '{';
				continue;
			}
			ps->p++;
		} else if (c == '"') {
			if (!skip_string(ps))
				return false;
		} else if (c == 't' || c == 'f' || c == 'n') {
			if (!literal(ps, c == 't' ? "true" : c == 'f' ? "false" : "null"))
				return false;
		} else {
			bool real;
			double f;
			long long i;
			if (!scan_number(ps, &real, &f, &i))
				return false;
		}
		/* after a value: the ends of the lists it closes, then the next
		 * item */
		int next;
		while (top && (next = list_next(ps, open[top - 1] == '{')) == 0)
			top--;
		if (!top)
			return true;
		if (next < 0)
			return false;
		key = open[top - 1] == '{';
	}
}

bool lede_json_parse_members(lede_arena *ar, const char *s, size_t n, const char *const *keys,
                             const bool *whole, size_t nkeys, lede_value **out)
{
	parser ps = {.ar = ar, .p = s, .end = s + n};
	size_t klens_here[16],
	    *klens = nkeys <= 16 ? klens_here : lede_xmalloc(nkeys * sizeof *klens), next_key = 0;
	for (size_t i = 0; i < nkeys; i++) {
		out[i] = NULL;
		klens[i] = strlen(keys[i]);
	}
	skip_ws(&ps);
	bool ok = false;
	if (ps.p >= ps.end || *ps.p != '{')
		goto done;
	ps.p++;
	skip_ws(&ps);
	ok = ps.p < ps.end && *ps.p == '}';
	if (ok)
		ps.p++;
	while (!ok && ps.p < ps.end && *ps.p == '"') {
		const char *key, *kp = ps.p + 1;
		size_t klen, k = nkeys;
		/* a key without escapes is compared where it is */
		size_t raw = lede_scan_to(kp, 0, (size_t)(ps.end - kp), "\"\\", 2, 0, NULL);
		if (kp + raw < ps.end && kp[raw] == '"') {
			key = kp;
			klen = raw;
			ps.p = kp + raw + 1;
		} else if (!parse_string(&ps, &key, &klen)) {
			break;
		}
		/* (searched from after the last one found: lede writes its
		 * members in the order a caller asks for them) */
		for (size_t t = 0, i = next_key; t < nkeys && k == nkeys;
		     t++, i = i + 1 < nkeys ? i + 1 : 0)
			if (klens[i] == klen && !memcmp(keys[i], key, klen))
				k = i;
		if (k < nkeys)
			next_key = k + 1 < nkeys ? k + 1 : 0;
		skip_ws(&ps);
		if (ps.p >= ps.end || *ps.p != ':')
			break;
		ps.p++;
		skip_ws(&ps);
		if (k < nkeys && whole[k]) {
			if (!(out[k] = parse_value(&ps, 1)))
				break;
		} else {
			char c = ps.p < ps.end ? *ps.p : '\0';
			if (!skip_value(&ps, 1))
				break;
			if (k < nkeys) /* its kind only, empty */
				out[k] = new_value(&ps, c == '{'               ? LEDE_MAP
				                        : c == '['             ? LEDE_SEQ
				                        : c == '"'             ? LEDE_STRING
				                        : c == 'n'             ? LEDE_NULL
				                        : c == 't' || c == 'f' ? LEDE_BOOL
				                                               : LEDE_INT);
		}
		int next = list_next(&ps, true);
		if (next > 0) {
			skip_ws(&ps);
			continue;
		}
		ok = next == 0;
		break;
	}
	skip_ws(&ps);
done:
	lede_buf_free(&ps.tmp);
	if (klens != klens_here)
		free(klens);
	return ok && ps.p == ps.end;
}

lede_value *lede_json_parse(lede_arena *ar, const char *s, size_t n)
{
	parser ps = {.ar = ar, .p = s, .end = s + n};
	lede_value *v = parse_value(&ps, 0);
	skip_ws(&ps);
	lede_buf_free(&ps.tmp);
	return v && ps.p == ps.end ? v : NULL;
}

void lede_json_put_str(lede_buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	lede_buf_grow(out, n + 2);
	lede_buf_putc(out, '"');
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		static const char stops[] = {'"', '\\'};
		i = lede_scan_to(s, i, n, stops, sizeof stops, LEDE_SCAN_CONTROLS, NULL);
		if (i == n)
			break;
		unsigned char c = (unsigned char)s[i];
		lede_buf_put(out, s + from, i - from);
		from = i + 1;
		switch (c) {
		case '"': lede_buf_put(out, "\\\"", 2); break;
		case '\\': lede_buf_put(out, "\\\\", 2); break;
		case '\n': lede_buf_put(out, "\\n", 2); break;
		case '\t': lede_buf_put(out, "\\t", 2); break;
		case '\r': lede_buf_put(out, "\\r", 2); break;
		default: {
			char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			lede_buf_put(out, u, 6);
		}
		}
	}
	lede_buf_put(out, s + from, n - from);
	lede_buf_putc(out, '"');
}
