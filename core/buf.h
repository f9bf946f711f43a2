/* buf.h: a growable byte buffer, the one output accumulator of the engine.
 * Allocation failure aborts the process (see lede_xmalloc): lede treats
 * running out of memory as fatal, like git and cmark do. */
#ifndef LEDE_BUF_H
#define LEDE_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct lede_buf {
	char *data; /* always NUL-terminated when len > 0 or after any append */
	size_t len;
	size_t cap;
} lede_buf;

#define LEDE_BUF_INIT                                                                              \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

void *lede_xmalloc(size_t n);
void *lede_xcalloc(size_t n, size_t size);
void *lede_xrealloc(void *p, size_t n);
char *lede_xstrdup(const char *s);
char *lede_xstrndup(const char *s, size_t n);

/* The stable string hash (FNV-1a, 64 bits; lede's basis): its values
 * never change, so a shard's choice among the articles (shard.c) stays
 * the same from one lede to the next. The engine's tables, which need no
 * stability, hash with the faster lede_digest64 (digest.h).
 * lede_hash_more carries h over p[0..n), for bytes that come a piece at
 * a time from LEDE_HASH_BASIS. */
#define LEDE_HASH_BASIS 1469598103934665603ULL
unsigned long long lede_hash_more(unsigned long long h, const void *p, size_t n);
unsigned long long lede_hash(const void *p, size_t n);

void lede_buf_init(lede_buf *b);
void lede_buf_free(lede_buf *b);
void lede_buf_reset(lede_buf *b);
/* Room for need bytes in all (the slow half of lede_buf_grow). */
void lede_buf_grow_to(lede_buf *b, size_t need);

/* Room for extra more bytes and the NUL. Inline, as are the appends
 * below: the escapers and templates append a byte at a time, and a call
 * per byte cost more than the byte. */
static inline void lede_buf_grow(lede_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need > b->cap)
		lede_buf_grow_to(b, need);
}

static inline void lede_buf_put(lede_buf *b, const void *p, size_t n)
{
	lede_buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static inline void lede_buf_putc(lede_buf *b, int c)
{
	lede_buf_grow(b, 1);
	b->data[b->len++] = (char)c;
	b->data[b->len] = '\0';
}

void lede_buf_puts(lede_buf *b, const char *s);
/* a, then sep, then c (a path: lede_buf_join(b, dir, '/', name)), as
 * "%s%c%s" would print them, without printf's cost. */
void lede_buf_join(lede_buf *b, const char *a, char sep, const char *c);
void lede_buf_printf(lede_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void lede_buf_vprintf(lede_buf *b, const char *fmt, va_list ap);
/* v in decimal, zero-padded to at least width characters, a minus sign
 * included: printf's "%0*lld" without its cost, for numbers written by
 * the thousand. */
void lede_buf_put_num(lede_buf *b, long long v, int width);
/* One line of a text format: s with '\\' and newlines escaped ("\\\\",
 * "\\n"), no newline added. */
void lede_buf_put_escaped(lede_buf *b, const char *s);
/* Reads such a line from s (up to end or the newline) into out, unescaped;
 * returns where the next line starts. */
const char *lede_buf_get_escaped(const char *s, const char *end, lede_buf *out);
/* Returns data (a valid empty string when nothing was appended). */
const char *lede_buf_cstr(lede_buf *b);
/* Hands the storage to the caller (free with free()); b is left empty. */
char *lede_buf_detach(lede_buf *b, size_t *len);

#endif
