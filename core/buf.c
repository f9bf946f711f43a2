/* buf.c: growable byte buffer and the allocation wrappers behind it. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t n)
{
	fprintf(stderr, "lede: out of memory (%zu bytes)\n", n);
	abort();
}

void *lede_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *lede_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

unsigned long long lede_hash_more(unsigned long long h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 1099511628211ULL;
	return h;
}

unsigned long long lede_hash(const void *p, size_t n)
{
	return lede_hash_more(LEDE_HASH_BASIS, p, n);
}

void *lede_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *lede_xstrndup(const char *s, size_t n)
{
	char *d = lede_xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *lede_xstrdup(const char *s) { return lede_xstrndup(s, strlen(s)); }

void lede_buf_init(lede_buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void lede_buf_free(lede_buf *b)
{
	free(b->data);
	lede_buf_init(b);
}

void lede_buf_reset(lede_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void lede_buf_grow_to(lede_buf *b, size_t need)
{
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap / 2 * 3 + 64;
	b->data = lede_xrealloc(b->data, cap);
	b->cap = cap;
}

void lede_buf_puts(lede_buf *b, const char *s) { lede_buf_put(b, s, strlen(s)); }

void lede_buf_join(lede_buf *b, const char *a, char sep, const char *c)
{
	size_t na = strlen(a), nc = strlen(c);
	lede_buf_grow(b, na + 1 + nc);
	lede_buf_put(b, a, na);
	lede_buf_putc(b, sep);
	lede_buf_put(b, c, nc);
}

void lede_buf_put_num(lede_buf *b, long long v, int width)
{
	char d[24];
	int n = 0;
	/* (unsigned: LLONG_MIN has no positive counterpart) */
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		d[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		width--; /* the sign counts, as in printf */
	if (width > 20)
		width = 20;
	while (n < width)
		d[n++] = '0';
	lede_buf_grow(b, (size_t)n + 1);
	if (v < 0)
		b->data[b->len++] = '-';
	while (n)
		b->data[b->len++] = d[--n];
	b->data[b->len] = '\0';
}

void lede_buf_put_escaped(lede_buf *b, const char *s)
{
	/* runs without a backslash or a newline (nearly all the text) in one
	 * copy each */
	for (;;) {
		const char *run = s;
		while (*s && *s != '\\' && *s != '\n')
			s++;
		lede_buf_put(b, run, (size_t)(s - run));
		if (!*s)
			return;
		lede_buf_put(b, *s == '\\' ? "\\\\" : "\\n", 2);
		s++;
	}
}

const char *lede_buf_get_escaped(const char *s, const char *end, lede_buf *out)
{
	lede_buf_reset(out);
	while (s < end && *s != '\n') {
		const char *stop = s;
		while (stop < end && *stop != '\\' && *stop != '\n')
			stop++;
		lede_buf_put(out, s, (size_t)(stop - s));
		s = stop;
		if (s < end && *s == '\\') {
			if (s + 1 < end) {
				s++;
				lede_buf_putc(out, *s == 'n' ? '\n' : *s);
			} else {
				lede_buf_putc(out, *s);
			}
			s++;
		}
	}
	return s < end ? s + 1 : end;
}

void lede_buf_vprintf(lede_buf *b, const char *fmt, va_list ap)
{
	/* Format straight into the spare capacity; retry once with room. */
	va_list ap2;
	va_copy(ap2, ap);
	lede_buf_grow(b, 64);
	size_t room = b->cap - b->len;
	int n = vsnprintf(b->data + b->len, room, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		b->data[b->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		lede_buf_grow(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void lede_buf_printf(lede_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	lede_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *lede_buf_cstr(lede_buf *b) { return b->data ? b->data : ""; }

char *lede_buf_detach(lede_buf *b, size_t *len)
{
	char *d = b->data ? b->data : lede_xstrdup("");
	if (len)
		*len = b->len;
	lede_buf_init(b);
	return d;
}
