/* test_core.c: the arena, the buffer, escaping, URL safety, slugs, atomic
 * writes, error locations and the Markdown tree with its renderers. */
#include "arena.h"
#include "article.h"
#include "buf.h"
#include "digest.h"
#include "error.h"
#include "escape.h"
#include "harness.h"
#include "node.h"
#include "output.h"
#include "value.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void arena_alignment_and_zeroing(void)
{
	lede_arena *a = lede_arena_new();
	for (int i = 1; i < 200; i++) {
		unsigned char *p = lede_arena_alloc(a, (size_t)i);
		CHECK(((uintptr_t)p % _Alignof(max_align_t)) == 0);
		int zero = 1;
		for (int j = 0; j < i; j++)
			zero &= p[j] == 0;
		CHECK(zero);
		memset(p, 0xAB, (size_t)i);
	}
	/* A request larger than a chunk gets its own. */
	char *big = lede_arena_alloc(a, 100000);
	CHECK(big != NULL);
	big[99999] = 'x';
	CHECK_STR(lede_arena_strndup(a, "hello world", 5), "hello");
	CHECK(lede_arena_used(a) >= 100000);
	/* Strings take only their bytes; what follows is aligned again. */
	for (int i = 0; i < 5000; i++) {
		char *s1 = lede_arena_strndup(a, "abc", (size_t)(i % 4));
		char *s2 = lede_arena_strndup(a, "xyz", 1);
		CHECK(s2 == s1 + i % 4 + 1 || i % 1000 == 999 || (uintptr_t)s2 % 16 == 0);
		void *p8 = lede_arena_alloc_aligned(a, 24, 8);
		CHECK((uintptr_t)p8 % 8 == 0);
		void *p16 = lede_arena_alloc(a, 8);
		CHECK((uintptr_t)p16 % _Alignof(max_align_t) == 0);
		CHECK_STR(s2, "x");
	}
	/* Emptied (a scratch arena): nothing is used, its allocations are
	 * zeroed and aligned again, many chunks and a big one later. */
	for (int round = 0; round < 3; round++) {
		lede_arena_reset(a);
		CHECK_INT(lede_arena_used(a), 0);
		unsigned char *p = lede_arena_alloc(a, 64);
		int zero = 1;
		for (int j = 0; j < 64; j++)
			zero &= p[j] == 0;
		CHECK(zero && (uintptr_t)p % _Alignof(max_align_t) == 0);
		memset(p, 0xCD, 64);
		for (int i = 0; i < 100; i++)
			memset(lede_arena_alloc(a, 1000), 0xEE, 1000);
		memset(lede_arena_alloc(a, 50000), 0xEF, 50000);
		CHECK(lede_arena_used(a) >= 150064);
	}
	lede_arena_reset(a);
	CHECK_STR(lede_arena_strdup(a, "again"), "again");
	lede_arena_free(a);
	lede_arena_free(NULL);
	/* an arena emptied before its first allocation, or whose only
	 * chunk is a big one */
	a = lede_arena_new();
	lede_arena_reset(a);
	lede_arena_alloc(a, 100000);
	lede_arena_reset(a);
	CHECK_INT(lede_arena_used(a), 0);
	CHECK_STR(lede_arena_strdup(a, "x"), "x");
	lede_arena_free(a);
}

static void buf_printf_grows(void)
{
	lede_buf b = LEDE_BUF_INIT;
	CHECK_STR(lede_buf_cstr(&b), "");
	for (int i = 0; i < 1000; i++)
		lede_buf_printf(&b, "%d,", i);
	CHECK_INT(b.len, 3890);
	CHECK(!strncmp(b.data, "0,1,2,", 6));
	CHECK_INT(strlen(b.data), b.len);
	size_t n;
	char *d = lede_buf_detach(&b, &n);
	CHECK_INT(n, 3890);
	CHECK(b.data == NULL && b.len == 0);
	free(d);
}

/* lede_buf_put_num writes what printf's "%0*lld" writes. */
static void buf_put_num(void)
{
	static const long long vals[] = {0,         1,  7,  9,   10,    99,        100,      2026,
	                                 123456789, -1, -5, -42, -2026, LLONG_MAX, LLONG_MIN};
	lede_buf b = LEDE_BUF_INIT;
	char want[64];
	for (size_t i = 0; i < sizeof vals / sizeof *vals; i++)
		for (int w = 0; w <= 5; w++) {
			lede_buf_reset(&b);
			lede_buf_puts(&b, "x");
			lede_buf_put_num(&b, vals[i], w);
			snprintf(want, sizeof want, "x%0*lld", w, vals[i]);
			CHECK_STR(lede_buf_cstr(&b), want);
		}
	lede_buf_free(&b);
}

/* A line's escaped text (the build state's links, and the link check's
 * kept links): backslashes and newlines escaped, the rest copied; read
 * back up to the line's end, whatever surrounds the escapes. */
static void buf_escaped_lines(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"", ""},
	    {"plain", "plain"},
	    {"a\\b", "a\\\\b"},
	    {"a\nb", "a\\nb"},
	    {"\\", "\\\\"},
	    {"\n", "\\n"},
	    {"\\\n\\", "\\\\\\n\\\\"},
	    {"end\\", "end\\\\"},
	    {"x\n\ny", "x\\n\\ny"},
	};
	lede_buf b = LEDE_BUF_INIT, back = LEDE_BUF_INIT;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		lede_buf_reset(&b);
		lede_buf_puts(&b, "<");
		lede_buf_put_escaped(&b, cases[i].in);
		CHECK_STR(lede_buf_cstr(&b) + 1, cases[i].out);
		lede_buf_puts(&b, "\nnext line");
		const char *rest = lede_buf_get_escaped(b.data + 1, b.data + b.len, &back);
		CHECK_STR(lede_buf_cstr(&back), cases[i].in);
		CHECK_STR(rest, "next line");
	}
	/* a lone backslash at the very end is kept as it is */
	const char *lone = "ab\\";
	const char *rest = lede_buf_get_escaped(lone, lone + 3, &back);
	CHECK_STR(lede_buf_cstr(&back), "ab\\");
	CHECK(rest == lone + 3);
	lede_buf_free(&b);
	lede_buf_free(&back);
}

static const char *esc(void (*f)(lede_buf *, const char *, size_t), const char *s, size_t n,
                       lede_buf *b)
{
	lede_buf_reset(b);
	f(b, s, n);
	return lede_buf_cstr(b);
}

/* The one string hash: its values never change (a shard is chosen by
 * it, a manifest's file hashes are its), and bytes hashed in pieces give
 * what they give at once. */
static void hash_is_stable(void)
{
	CHECK(lede_hash("", 0) == LEDE_HASH_BASIS);
	CHECK(lede_hash("content/x.md", 12) == 1233461777484970102ULL);
	CHECK(lede_hash_more(lede_hash("content/", 8), "x.md", 4) == lede_hash("content/x.md", 12));
}

/* The digests incremental builds compare: 32 hex digits; fields are kept
 * apart (their lengths are hashed), NULL is not ""; a hash made a piece at
 * a time is the hash of the whole. */
static void digests(void)
{
	char a[LEDE_DIGEST_HEX], b[LEDE_DIGEST_HEX];
	lede_digest_of("", 0, a);
	CHECK_INT((int)strlen(a), 32);
	CHECK(strspn(a, "0123456789abcdef") == 32);
	lede_digest_of("abc", 3, b);
	CHECK(strcmp(a, b) != 0);
	lede_digest *d = lede_digest_new();
	lede_digest_put_str(d, "ab");
	lede_digest_put_str(d, "c");
	lede_digest_end(d, a);
	d = lede_digest_new();
	lede_digest_put_str(d, "a");
	lede_digest_put_str(d, "bc");
	lede_digest_end(d, b);
	CHECK(strcmp(a, b) != 0);
	d = lede_digest_new();
	lede_digest_put_str(d, NULL);
	lede_digest_end(d, a);
	d = lede_digest_new();
	lede_digest_put_str(d, "");
	lede_digest_end(d, b);
	CHECK(strcmp(a, b) != 0);
	d = lede_digest64_new();
	lede_digest_bytes(d, "content/", 8);
	lede_digest_bytes(d, "", 0);
	lede_digest_bytes(d, "x.md", 4);
	CHECK(lede_digest64_end(d) == lede_digest64("content/x.md", 12));
	CHECK(lede_digest64("a", 1) != lede_digest64("b", 1));
}

/* lede_read_file: a whole file, an empty one, one larger than its first
 * read, a pipe's (no size to stat), and no file: NULL with errno. */
static void read_files(void)
{
	char dir[] = "/tmp/lede-test-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char path[300];
	size_t n = 99;
	snprintf(path, sizeof path, "%s/empty", dir);
	FILE *f = fopen(path, "w");
	CHECK(f && fclose(f) == 0);
	char *data = lede_read_file(path, &n);
	CHECK(data && n == 0 && data[0] == '\0');
	free(data);
	snprintf(path, sizeof path, "%s/big", dir);
	f = fopen(path, "w");
	for (int i = 0; f && i < 100000; i++)
		fprintf(f, "%05d\n", i);
	CHECK(f && fclose(f) == 0);
	data = lede_read_file(path, &n);
	CHECK(data && n == 600000 && !memcmp(data + 599994, "99999\n", 6) && data[n] == '\0');
	free(data);
	data = lede_read_file("/proc/self/status", &n); /* st_size 0 */
	CHECK(data && n > 100 && !strncmp(data, "Name:", 5) && strlen(data) == n);
	free(data);
	/* lede_read_rest with the size an fstat gave: a file that grew or
	 * shrank since is read to its end all the same, after what was read
	 * of it already (head) */
	int fd = open(path, O_RDONLY);
	char head[6];
	CHECK(fd >= 0 && lede_read_upto(fd, head, sizeof head) == 6);
	long long size;
	CHECK(!lede_fd_over(fd, 0, &size) && size == 600000);
	CHECK(lede_fd_over(fd, 599999, &size) && size == 600000);
	data = lede_read_rest(fd, head, 6, 1000, &n); /* grew */
	CHECK(data && n == 600000 && !memcmp(data, "00000\n00001", 11) && data[n] == '\0');
	free(data);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	data = lede_read_rest(fd, NULL, 0, 700000, &n); /* shrank */
	CHECK(data && n == 600000 && !memcmp(data + 599994, "99999\n", 6));
	free(data);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	data = lede_read_rest(fd, NULL, 0, 600000, &n); /* as measured: one read */
	CHECK(data && n == 600000 && !memcmp(data + 599994, "99999\n", 6));
	free(data);
	close(fd);
	int p[2];
	CHECK(pipe(p) == 0);
	CHECK(write(p[1], "piped", 5) == 5);
	close(p[1]);
	CHECK(!lede_fd_over(p[0], 1, &size) && size == -1); /* no size to limit */
	data = lede_read_rest(p[0], NULL, 0, size, &n);
	CHECK(data && n == 5 && !strcmp(data, "piped"));
	free(data);
	close(p[0]);
	snprintf(path, sizeof path, "%s/none", dir);
	errno = 0;
	CHECK(lede_read_file(path, &n) == NULL && errno == ENOENT);
	errno = 0;
	CHECK(lede_read_file(dir, &n) == NULL && errno == EISDIR);
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	CHECK_INT(system(cmd), 0);
}

/* Whether fn escapes in as out at every offset of a run of letters of 70
 * bytes: four blocks of sixteen and a tail, so in stands in the middle of
 * a block, across two, and in the bytes after the last block. */
static bool escaped_alone(void (*fn)(lede_buf *, const char *, size_t), const char *in,
                          const char *out)
{
	char run[70];
	size_t len = strlen(in);
	bool ok = true;
	lede_buf want = LEDE_BUF_INIT, got = LEDE_BUF_INIT;
	for (size_t at = 0; at + len <= sizeof run; at++) {
		memset(run, 'a', sizeof run);
		memcpy(run + at, in, len);
		lede_buf_reset(&want);
		lede_buf_put(&want, run, at);
		lede_buf_puts(&want, out);
		lede_buf_put(&want, run + at + len, sizeof run - at - len);
		lede_buf_reset(&got);
		fn(&got, run, sizeof run);
		ok = ok && got.len == want.len && !memcmp(got.data, want.data, got.len);
	}
	lede_buf_free(&want);
	lede_buf_free(&got);
	return ok;
}

/* What lede_escape_href is defined as: percent-encoding, then HTML
 * escaping (its one-pass version is checked against this). '[' and ']'
 * stand as they are only in the authority, after "scheme://" or a leading
 * "//" up to the next '/', '?' or '#' (an IPv6 host's brackets). */
static void href_by_definition(lede_buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	lede_buf tmp = LEDE_BUF_INIT;
	size_t scheme = 0;
	while (scheme < n && (isalnum((unsigned char)s[scheme]) || strchr("+-.", s[scheme])) &&
	       s[scheme])
		scheme++;
	if (!scheme || scheme >= n || s[scheme] != ':' || !isalpha((unsigned char)s[0]))
		scheme = 0;
	else
		scheme++;
	size_t auth = 0, auth_end = 0;
	if (scheme + 2 <= n && s[scheme] == '/' && s[scheme + 1] == '/') {
		auth = auth_end = scheme + 2;
		while (auth_end < n && s[auth_end] != '/' && s[auth_end] != '?' &&
		       s[auth_end] != '#')
			auth_end++;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool bracket = (c == '[' || c == ']') && (i < auth || i >= auth_end);
		if (c <= 0x20 || c >= 0x7F || (c && strchr("\"<>\\^`{|}", c)) || bracket) {
			lede_buf_putc(&tmp, '%');
			lede_buf_putc(&tmp, hex[c >> 4]);
			lede_buf_putc(&tmp, hex[c & 15]);
		} else {
			lede_buf_putc(&tmp, c);
		}
	}
	lede_escape_html(out, tmp.data ? tmp.data : "", tmp.len);
	lede_buf_free(&tmp);
}

/* Every byte, alone and between others, and runs of random bytes: the
 * same as percent-encoding then escaping. */
static void href_escaping(void)
{
	lede_buf got = LEDE_BUF_INIT, want = LEDE_BUF_INIT;
	char in[64];
	for (int c = 0; c < 256; c++) {
		int len = snprintf(in, sizeof in, "a%cb", c == 0 ? 'x' : c);
		in[1] = (char)c;
		for (int k = 0; k < 3; k++) { /* alone, at the start, in the middle */
			const char *p = k == 0 ? in + 1 : k == 1 ? in + 1 : in;
			size_t n = k == 0 ? 1 : k == 1 ? 2 : (size_t)len;
			lede_buf_reset(&got);
			lede_buf_reset(&want);
			lede_escape_href(&got, p, n);
			href_by_definition(&want, p, n);
			if (got.len != want.len || memcmp(got.data, want.data, got.len)) {
				fprintf(stderr, "  byte 0x%02x, case %d: got \"%s\", want \"%s\"\n",
				        c, k, lede_buf_cstr(&got), lede_buf_cstr(&want));
				h_failed_now = 1;
			}
		}
	}
	unsigned seed = 12345;
	for (int round = 0; round < 2000; round++) {
		size_t n = (size_t)(round % 60);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			/* mostly URL bytes, some of everything else */
			in[i] = (seed >> 16) % 4 ? "az/?&='%.:#\"<[]"[(seed >> 8) % 16]
			                         : (char)(seed >> 8);
		}
		lede_buf_reset(&got);
		lede_buf_reset(&want);
		lede_escape_href(&got, in, n);
		href_by_definition(&want, in, n);
		CHECK(got.len == want.len &&
		      !memcmp(got.data ? got.data : "", want.data ? want.data : "", got.len));
	}
	lede_buf_free(&got);
	lede_buf_free(&want);
}

/* lede_escape_xml by its definition, a character at a time: the C0
 * controls but tab, LF and CR dropped, DEL dropped, a byte that starts no
 * UTF-8 character dropped, U+FFFE and U+FFFF dropped, the five escaped. */
static void xml_by_definition(lede_buf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		unsigned c = u[i];
		if (c < 0x80) {
			if ((c >= 0x20 || c == '\t' || c == '\n' || c == '\r') && c != 0x7F)
				lede_escape_html(out, s + i, 1);
			i++;
			continue;
		}
		size_t l =
		    lede_utf8_valid_prefix(s + i, c >= 0xF0   ? 4
		                                  : c >= 0xE0 ? 3
		                                              : 2) == (size_t)(c >= 0xF0   ? 4
		                                                               : c >= 0xE0 ? 3
		                                                                           : 2) &&
		            i + (c >= 0xF0   ? 4
		                 : c >= 0xE0 ? 3
		                             : 2) <=
		                n
		        ? (c >= 0xF0   ? 4
		           : c >= 0xE0 ? 3
		                       : 2)
		        : 0;
		if (!l) {
			i++;
			continue;
		}
		if (!(l == 3 && c == 0xEF && u[i + 1] == 0xBF && u[i + 2] >= 0xBE))
			lede_buf_put(out, s + i, l);
		i += l;
	}
}

/* Runs of random bytes, long enough to be read sixteen at a time: the
 * same as the definition. */
static void xml_escaping(void)
{
	lede_buf got = LEDE_BUF_INIT, want = LEDE_BUF_INIT;
	char in[96];
	unsigned seed = 777;
	static const char pick[] =
	    "ab <>&\"'\t\n\r\x01\x7f\xc2\xa0\xef\xbf\xbe\xe2\x82\xac\xf0\x9f\x8c\x8d";
	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)(round % 90);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			in[i] = (seed >> 16) % 3 ? pick[(seed >> 8) % (sizeof pick - 1)]
			                         : (char)(seed >> 8);
		}
		lede_buf_reset(&got);
		lede_buf_reset(&want);
		lede_escape_xml(&got, in, n);
		xml_by_definition(&want, in, n);
		if (got.len != want.len ||
		    memcmp(got.data ? got.data : "", want.data ? want.data : "", got.len)) {
			fprintf(stderr, "  round %d: got \"%s\", want \"%s\"\n", round,
			        lede_buf_cstr(&got), lede_buf_cstr(&want));
			h_failed_now = 1;
			break;
		}
	}
	lede_buf_free(&got);
	lede_buf_free(&want);
}

/* A whole text value closes the bidi embeddings, overrides and isolates
 * it opens, innermost first, and drops closers that close nothing of its
 * own: an unclosed U+202E in a byline turned the rest of its line. */
#define RLE "\xe2\x80\xab"
#define PDF "\xe2\x80\xac"
#define RLO "\xe2\x80\xae"
#define LRI "\xe2\x81\xa6"
#define FSI "\xe2\x81\xa8"
#define PDI "\xe2\x81\xa9"
static void bidi_closing(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"", ""},
	    {"plain text, \xe2\x80\x94 a dash", "plain text, \xe2\x80\x94 a dash"},
	    {"\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xe2\x80\x8f",
	     "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xe2\x80\x8f"},
	    {"Ann " RLO "eeB", "Ann " RLO "eeB" PDF},
	    {"Ann " RLO "eeB" PDF " Cy", "Ann " RLO "eeB" PDF " Cy"},
	    {"x" FSI "y", "x" FSI "y" PDI},
	    {RLE "a" LRI "b", RLE "a" LRI "b" PDI PDF},
	    /* a PDF does not close an embedding outside an open isolate */
	    {RLE "a" LRI "b" PDF "c", RLE "a" LRI "bc" PDI PDF},
	    /* a PDI closes its isolate and what opened in it */
	    {LRI "a" RLO "b" PDI "c", LRI "a" RLO "b" PDI "c"},
	    {RLO LRI RLE "a" PDI, RLO LRI RLE "a" PDI PDF},
	    /* closers of nothing: dropped */
	    {"a" PDF "b" PDI "c", "abc"},
	    {RLO "a" PDF PDF, RLO "a" PDF},
	    /* a sequence cut short is not a control */
	    {"a\xe2\x80", "a\xe2\x80"},
	    {"a\xe2", "a\xe2"},
	};
	lede_buf b = LEDE_BUF_INIT;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		CHECK_STR(esc(lede_bidi_close, cases[i].in, strlen(cases[i].in), &b), cases[i].out);
		CHECK_STR(esc(lede_escape_html_field, cases[i].in, strlen(cases[i].in), &b),
		          cases[i].out);
	}
	/* thousands of embeddings and isolates: each PDI counts what is
	 * open, the PDIs that close nothing go, the embeddings are closed */
	lede_buf in = LEDE_BUF_INIT, want = LEDE_BUF_INIT;
	for (int i = 0; i < 3000; i++)
		lede_buf_puts(&in, RLO);
	for (int i = 0; i < 3000; i++)
		lede_buf_puts(&in, "\xe2\x81\xa7"); /* RLI */
	for (int i = 0; i < 6000; i++)
		lede_buf_puts(&in, "\xe2\x81\xa9"); /* PDI */
	for (int i = 0; i < 3000; i++)
		lede_buf_puts(&want, RLO);
	for (int i = 0; i < 3000; i++)
		lede_buf_puts(&want, "\xe2\x81\xa7");
	for (int i = 0; i < 3000; i++)
		lede_buf_puts(&want, "\xe2\x81\xa9");
	for (int i = 0; i < 3000; i++)
		lede_buf_puts(&want, PDF);
	CHECK_STR(esc(lede_bidi_close, in.data, in.len, &b), want.data);
	lede_buf_free(&in);
	lede_buf_free(&want);
	/* escaped as lede_escape_html does, the controls of HTML dropped */
	CHECK_STR(esc(lede_escape_html_field, "<a\x01 " RLO "&>", strlen("<a\x01 " RLO "&>"), &b),
	          "&lt;a " RLO "&amp;&gt;" PDF);
	CHECK_STR(esc(lede_escape_html_field, "\"x\" & 'y'\x7f", 10, &b),
	          "&quot;x&quot; &amp; &#39;y&#39;");
	/* the renderer's pieces of a paragraph are not whole: left open */
	CHECK_STR(esc(lede_escape_html, "a " RLO "b", 6, &b), "a " RLO "b");
	lede_buf_free(&b);
}
#undef RLE
#undef PDF
#undef RLO
#undef LRI
#undef FSI
#undef PDI

/* Whole numbers as tags are written "2.0": NaN, the infinities and what
 * a long long cannot hold are not whole (converting them is undefined). */
static void double_whole(void)
{
	CHECK(lede_double_whole(2.0) && lede_double_whole(-3.0) && lede_double_whole(0.0));
	CHECK(!lede_double_whole(1.5) && !lede_double_whole(NAN) && !lede_double_whole(INFINITY));
	CHECK(!lede_double_whole(-INFINITY) && !lede_double_whole(1e19) &&
	      !lede_double_whole(-1e300));
}

static void escaping(void)
{
	lede_buf b = LEDE_BUF_INIT;
	CHECK_STR(esc(lede_escape_html, "<a href=\"x\">'&'</a>", 19, &b),
	          "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
	CHECK_STR(esc(lede_escape_xml, "a\x01\x1f\tb]]>\xef\xbf\xbe\xc3", 12, &b), "a\tb]]&gt;");
	CHECK_STR(esc(lede_escape_json, "\"\\\n\x01</script>\xe2\x80\xa8\xff", 17, &b),
	          "\\\"\\\\\\n\\u0001\\u003c/script>\\u2028\xef\xbf\xbd");
	CHECK_STR(esc(lede_escape_href, "https://x.example/a b?q=\"<>\"&r=é", 33, &b),
	          "https://x.example/a%20b?q=%22%3C%3E%22&amp;r=%C3%A9");
	/* '[' and ']' make no URL but in an IPv6 host (RFC 3986 3.2.2; the
	 * WHATWG URL standard has no place for them either): encoded
	 * elsewhere, as cmark-gfm does (GFM spec examples 534, 546, 611) */
	CHECK_STR(esc(lede_escape_href, "http://[::1]:8080/a[1]?q=]#[", 28, &b),
	          "http://[::1]:8080/a%5B1%5D?q=%5D#%5B");
	CHECK_STR(esc(lede_escape_href, "//[::1]/x[", 10, &b), "//[::1]/x%5B");
	CHECK_STR(esc(lede_escape_href, "/search?q=[a]", 13, &b), "/search?q=%5Ba%5D");
	CHECK_STR(esc(lede_escape_href, "x[y]://z[", 9, &b), "x%5By%5D://z%5B");
	CHECK_STR(esc(lede_escape_html,
	              "a\x01"
	              "b\tc\x1f",
	              6, &b),
	          "ab\tc");
	CHECK_STR(esc(lede_escape_html,
	              "a\x7f"
	              "b\xc2\x85"
	              "c\xc2\xa0"
	              "d",
	              9, &b),
	          "abc\xc2\xa0"
	          "d");
	/* NUL and every C0 control but tab, LF and CR dropped; C2 80 and C2 9F
	 * dropped, C2 A0 kept; a lone C2 at the end kept (not a control). */
	CHECK_STR(esc(lede_escape_html, "a\0b\x0b\x0c\r\n\x1b", 8, &b), "ab\r\n");
	CHECK_STR(esc(lede_escape_html,
	              "\xc2\x80x\xc2\x9f"
	              "y\xc2",
	              8, &b),
	          "xy\xc2");
	CHECK_STR(esc(lede_escape_html, "&&<<>>", 6, &b), "&amp;&amp;&lt;&lt;&gt;&gt;");
	CHECK_STR(esc(lede_escape_html, "", 0, &b), "");
	/* Right-to-left text and emoji pass through every encoder intact. */
	const char *rtl = "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xf0\x9f\x8c\x8d";
	CHECK_STR(esc(lede_escape_html, rtl, strlen(rtl), &b), rtl);
	CHECK_STR(esc(lede_escape_xml, rtl, strlen(rtl), &b), rtl);
	CHECK_STR(esc(lede_escape_json, rtl, strlen(rtl), &b), rtl);
	/* Long text is looked at sixteen bytes at a time: every special byte,
	 * the controls kept (tab, LF, CR), a byte from 0x80 (not a control)
	 * and a C1 control cut across two blocks, at every offset of a run
	 * of letters, each escaped as alone; and lede_escape_json likewise */
	static const struct {
		void (*fn)(lede_buf *, const char *, size_t);
		const char *in, *out;
	} one[] = {{lede_escape_html, "&", "&amp;"},
	           {lede_escape_html, "<", "&lt;"},
	           {lede_escape_html, ">", "&gt;"},
	           {lede_escape_html, "\"", "&quot;"},
	           {lede_escape_html, "'", "&#39;"},
	           {lede_escape_html, "\t", "\t"},
	           {lede_escape_html, "\n", "\n"},
	           {lede_escape_html, "\r", "\r"},
	           {lede_escape_html, "\x01", ""},
	           {lede_escape_html, "\x1f", ""},
	           {lede_escape_html, "\x7f", ""},
	           {lede_escape_html, "\xc2\x85", ""},
	           {lede_escape_html, "\xc2\xa0", "\xc2\xa0"},
	           {lede_escape_html, "\xc3\xa9", "\xc3\xa9"},
	           {lede_escape_html, "\xe2\x80\x9c", "\xe2\x80\x9c"},
	           {lede_escape_json, "\"", "\\\""},
	           {lede_escape_json, "\\", "\\\\"},
	           {lede_escape_json, "\n", "\\n"},
	           {lede_escape_json, "<", "\\u003c"},
	           {lede_escape_json, "\x01", "\\u0001"},
	           {lede_escape_json, "\x7f", "\\u007f"},
	           {lede_escape_json, "\xc3\xa9", "\xc3\xa9"},
	           {lede_escape_json, "\xe2\x80\xa8", "\\u2028"},
	           {lede_escape_json, "\xff", "\xef\xbf\xbd"},
	           {lede_escape_json, "\xe2\x80\x9c", "\xe2\x80\x9c"}};
	for (size_t k = 0; k < sizeof one / sizeof *one; k++)
		if (!escaped_alone(one[k].fn, one[k].in, one[k].out)) {
			fprintf(stderr, "  not escaped as alone: %s\n", one[k].out);
			h_failed_now = 1;
		}
	lede_buf_free(&b);
}

static void url_safety(void)
{
	static const char *bad[] = {
	    "javascript:alert(1)", "JAVASCRIPT:x", " javascript:x",    "java\tscript:x",
	    "\x01javascript:x",    "vbscript:x",   "data:text/html,x", "data:image/png;base64,x",
	    "file:///etc/passwd"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK(!lede_url_is_safe(bad[i], strlen(bad[i])));
	static const char *good[] = {
	    "https://x.example",  "/rel/path",       "page.html",     "#frag",
	    "mailto:a@b.example", "?q=javascript:x", "./javascript:x"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		CHECK(lede_url_is_safe(good[i], strlen(good[i])));
}

static void utf8_validation(void)
{
	CHECK_INT(lede_utf8_valid_prefix("abc", 3), 3);
	CHECK_INT(lede_utf8_valid_prefix("a\xc3\xa9z", 4), 4);
	CHECK_INT(lede_utf8_valid_prefix("ab\xe9z", 4), 2);       /* Latin-1 */
	CHECK_INT(lede_utf8_valid_prefix("a\xc0\xaf", 3), 1);     /* overlong */
	CHECK_INT(lede_utf8_valid_prefix("a\xed\xa0\x80", 4), 1); /* surrogate */
	CHECK_INT(lede_utf8_valid_prefix("a\xf0\x9f\x8c", 4), 1); /* truncated */
	/* ASCII is skipped a word at a time: a bad byte, a good character
	 * and a cut one at every offset of a long ASCII run, up to its end */
	char t[40];
	bool ok = true;
	for (size_t at = 0; at < 36; at++) {
		memset(t, 'a', sizeof t);
		t[at] = (char)0xFF;
		ok = ok && lede_utf8_valid_prefix(t, sizeof t) == at;
		memset(t, 'a', sizeof t);
		memcpy(t + at, "\xE2\x80\x9C", 3);
		ok = ok && lede_utf8_valid_prefix(t, sizeof t) == sizeof t;
		ok = ok && lede_utf8_valid_prefix(t, at + 2) == at;
		ok = ok && lede_utf8_valid_prefix(t, at) == at;
	}
	CHECK(ok);
}

/* A language tag names folders ({lang}); a language's name is not one,
 * and its code is offered in the error. */
static void language_tags(void)
{
	const char *good[] = {"en",  "fr", "pt-BR",     "fr_CA",    "zh-Hant-TW",
	                      "yue", "EN", "x-klingon", "i-navajo", "sgn-BE-FR"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		CHECK(lede_lang_valid(good[i]));
	const char *bad[] = {"",        "e",
	                     "english", "Français",
	                     "en us",   "-en",
	                     "1en",     "en1",
	                     "x",       "x-",
	                     "q-abc",   "../x",
	                     "abcd",    "aa-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (lede_lang_valid(bad[i]))
			CHECK(!bad[i]);
	CHECK(lede_lang_valid("aa-aaaaaaaa-aaaaaaaa-aaaaaaaa-aaaaa")); /* 35 */
	/* BCP 47's parts: 8 at most, none empty (Atom's xml:lang refuses them) */
	CHECK(!lede_lang_valid("en-abcdefghijklmnop"));
	CHECK(!lede_lang_valid("en--us"));
	CHECK(!lede_lang_valid("en-"));
	CHECK(!lede_lang_valid("en_"));
	CHECK(lede_lang_valid("de-1996-abcdefgh"));
	CHECK_STR(lede_lang_named("English"), "en");
	CHECK_STR(lede_lang_named("français"), "fr");
	CHECK_STR(lede_lang_named("Français"), "fr");
	CHECK_STR(lede_lang_named("DEUTSCH"), "de");
	CHECK(lede_lang_named("englis") == NULL);
	CHECK(lede_lang_named("") == NULL);
}

static const char *slug(const char *s, lede_buf *b)
{
	lede_buf_reset(b);
	lede_slugify(s, strlen(s), b);
	return lede_buf_cstr(b);
}

static void slugs(void)
{
	lede_buf b = LEDE_BUF_INIT;
	CHECK_STR(slug("International action: key to leadership!", &b),
	          "international-action-key-to-leadership");
	CHECK_STR(slug("Àrea Metropolitana de Barcelona (AMB)", &b),
	          "area-metropolitana-de-barcelona-amb");
	CHECK_STR(slug("Actualités", &b), "actualites");
	CHECK_STR(slug("Straße Œuvre", &b), "strasse-oeuvre");
	CHECK_STR(slug("--", &b), "");
	/* ASCII takes a short way: the same slug as through the folding a
	 * non-ASCII letter sends it (here a final "é", slugged "e"), for every
	 * ASCII character between two letters and alone. */
	lede_buf want = LEDE_BUF_INIT;
	for (int c = 1; c < 0x80; c++) {
		for (int alone = 0; alone < 2; alone++) {
			char ascii[8], folded[16];
			snprintf(ascii, sizeof ascii, alone ? "%c" : "x%cy", c);
			snprintf(folded, sizeof folded, "%s \xc3\xa9", ascii);
			lede_buf_reset(&want);
			lede_buf_puts(&want, slug(ascii, &b));
			lede_buf_puts(&want, want.len ? "-e" : "e");
			CHECK_STR(slug(folded, &b), lede_buf_cstr(&want));
		}
	}
	lede_buf_free(&want);
	lede_buf_free(&b);
}

static const char *uslug(const char *s, lede_buf *b)
{
	lede_buf_reset(b);
	lede_slugify_as(s, strlen(s), true, b);
	return lede_buf_cstr(b);
}

/* slugs: unicode: the letters and digits of every script kept, with their
 * marks; a Latin slug the same as the ASCII one. */
static void unicode_slugs(void)
{
	lede_buf b = LEDE_BUF_INIT, a = LEDE_BUF_INIT;
	CHECK_STR(uslug("Москва 2024 — Ёлка", &b), "москва-2024-ёлка");
	CHECK_STR(uslug("東京の天気", &b), "東京の天気");
	/* a virama and vowel signs are part of their letters, not separators */
	CHECK_STR(uslug("हिन्दी समाचार", &b), "हिन्दी-समाचार");
	CHECK_STR(uslug("Αθήνα", &b), "αθήνα");
	CHECK_STR(uslug("القاهرة ٢٠٢١", &b), "القاهرة-٢٠٢١");
	/* NFKC: full width and half width forms, ligatures */
	CHECK_STR(uslug("Ｗｉｄｅ ｶﾀｶﾅ ﬁne", &b), "wide-カタカナ-fine");
	/* decomposed input composes first: one slug for NFC and NFD names */
	CHECK_STR(uslug("Йод", &b), uslug("\xd0\x98\xcc\x86"
	                                  "од",
	                                  &a));
	/* symbols, emoji, punctuation and invisible characters separate */
	CHECK_STR(uslug("🎉", &b), "");
	CHECK_STR(uslug("a\xe2\x80\x8b"
	                "b\xe2\x80\xae"
	                "c",
	                &b),
	          "a-b-c");
	CHECK_STR(uslug("../東京/..", &b), "東京");
	/* what has an ASCII spelling is spelt so, as the ASCII slug does */
	static const char *const latin[] = {"Àrea Metropolitana (AMB)",
	                                    "Straße Œuvre",
	                                    "İstanbul",
	                                    "Łódź Þór ħ",
	                                    "café crème",
	                                    "x\xcc\x81y"};
	for (size_t i = 0; i < sizeof latin / sizeof *latin; i++)
		CHECK_STR(uslug(latin[i], &b), slug(latin[i], &a));
	/* bytes that are not UTF-8: their ASCII letters */
	CHECK_STR(uslug("ab\xff"
	                "cd",
	                &b),
	          "ab-cd");
	/* at most 30 combining marks in a row (Unicode's stream-safe text):
	 * normalizing sorts a run in the square of its length, and a tag of
	 * 40,000 marks took 12 s */
	lede_buf in = LEDE_BUF_INIT, want = LEDE_BUF_INIT;
	lede_buf_puts(&in, "\xd0\xb6"); /* ж */
	lede_buf_puts(&want, "\xd0\xb6");
	for (int i = 0; i < 100; i++)
		lede_buf_puts(&in, i % 2 ? "\xcc\x81" : "\xcc\x96"); /* U+0316, U+0301 */
	lede_buf_puts(&in, "\xd0\xb4");                              /* д */
	for (int i = 0; i < 30; i++) /* (in canonical order: below, then above) */
		lede_buf_puts(&want, i < 15 ? "\xcc\x96" : "\xcc\x81");
	lede_buf_puts(&want, "\xd0\xb4");
	CHECK_STR(uslug(lede_buf_cstr(&in), &b), lede_buf_cstr(&want));
	lede_buf_free(&in);
	lede_buf_free(&want);
	lede_buf_free(&a);
	lede_buf_free(&b);
}

/* Messages that show the start of a long value, and the line of a
 * snippet, are cut between characters, never inside one. */
static void utf8_cut(void)
{
	const char *ksha = "\xe0\xa4\x95\xe0\xa5\x8d\xe0\xa4\xb7"; /* क्ष: 3 x 3 bytes */
	CHECK_INT((int)lede_utf8_cut(ksha, 9, 4), 3);
	CHECK_INT((int)lede_utf8_cut(ksha, 9, 3), 3);
	CHECK_INT((int)lede_utf8_cut(ksha, 9, 2), 0);
	CHECK_INT((int)lede_utf8_cut(ksha, 9, 100), 9);
	CHECK_INT((int)lede_utf8_cut("abc", 3, 2), 2);
	lede_buf line = LEDE_BUF_INIT;
	lede_buf_puts(&line, "tags: [\"");
	for (int i = 0; i < 400; i++)
		lede_buf_puts(&line, ksha);
	lede_buf_puts(&line, "\"]\n");
	lede_error e;
	lede_error_clear(&e);
	lede_error_snippet(&e, line.data, line.len, 1);
	size_t n = strlen(e.snippet);
	CHECK(n > 100 && n < line.len);
	CHECK_INT((int)lede_utf8_valid_prefix(e.snippet, n), (int)n);
	CHECK(strchr(e.snippet, '?') == NULL);
	lede_buf_free(&line);
}

static void url_resolution(void)
{
	/* RFC 3986 section 5.4's examples */
	static const char *const cases[][2] = {
	    {"g", "http://a/b/c/g"},
	    {"./g", "http://a/b/c/g"},
	    {"g/", "http://a/b/c/g/"},
	    {"/g", "http://a/g"},
	    {"//g", "http://g"},
	    {"?y", "http://a/b/c/d;p?y"},
	    {"g?y", "http://a/b/c/g?y"},
	    {"#s", "http://a/b/c/d;p?q#s"},
	    {"g#s", "http://a/b/c/g#s"},
	    {";x", "http://a/b/c/;x"},
	    {"", "http://a/b/c/d;p?q"},
	    {".", "http://a/b/c/"},
	    {"./", "http://a/b/c/"},
	    {"..", "http://a/b/"},
	    {"../", "http://a/b/"},
	    {"../g", "http://a/b/g"},
	    {"../..", "http://a/"},
	    {"../../", "http://a/"},
	    {"../../g", "http://a/g"},
	    {"../../../g", "http://a/g"},
	    {"/./g", "http://a/g"},
	    {"/../g", "http://a/g"},
	    {"g.", "http://a/b/c/g."},
	    {"..g", "http://a/b/c/..g"},
	    {"./../g", "http://a/b/g"},
	    {"./g/.", "http://a/b/c/g/"},
	    {"g/./h", "http://a/b/c/g/h"},
	    {"g/../h", "http://a/b/c/h"},
	    {"g:h", "g:h"},
	    {"mailto:x@y.example", "mailto:x@y.example"},
	};
	lede_buf b = LEDE_BUF_INIT;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		lede_buf_reset(&b);
		lede_url_resolve("http://a/b/c/d;p?q", cases[i][0], &b);
		CHECK_STR(lede_buf_cstr(&b), cases[i][1]);
	}
	lede_buf_reset(&b);
	lede_url_resolve("https://news.example.org/en/news/a/", "/dashboard/", &b);
	CHECK_STR(lede_buf_cstr(&b), "https://news.example.org/dashboard/");
	lede_buf_reset(&b);
	lede_url_resolve("", "/x", &b); /* no base: unchanged */
	CHECK_STR(lede_buf_cstr(&b), "/x");
	lede_buf_free(&b);
}

static void contained_paths(void)
{
	CHECK(lede_path_is_contained("a/b.html"));
	CHECK(lede_path_is_contained("a..b/c"));
	CHECK(!lede_path_is_contained("../a"));
	CHECK(!lede_path_is_contained("a/../../b"));
	CHECK(!lede_path_is_contained("/etc/passwd"));
	CHECK(!lede_path_is_contained(""));
	CHECK(!lede_path_is_contained("a\\b"));
}

/* A path resolved before it is made: the output folder's, checked
 * against the site's folders before the build makes it. */
static void paths_to_be(void)
{
	char dir[] = "/tmp/lede-test-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char *real = realpath(dir, NULL), sub[300], want[300];
	snprintf(sub, sizeof sub, "%s/static", dir);
	CHECK(mkdir(sub, 0777) == 0);
	const char *cases[][2] = {
	    {"%s/static", "%s/static"}, /* there */
	    {"%s/public", "%s/public"}, /* its folder there */
	    {"%s/a/b/c//", "%s/a/b/c"}, /* none of it */
	    {"%s/static/../x", "%s/x"}, /* through a folder that is */
	    {"%s/static/../static/y", "%s/static/y"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char in[300];
		snprintf(in, sizeof in, cases[i][0], dir);
		snprintf(want, sizeof want, cases[i][1], real);
		char *got = lede_realpath_to_be(in);
		CHECK_STR(got ? got : "(null)", want);
		free(got);
	}
	snprintf(sub, sizeof sub, "%s/none/..", dir); /* ".." past what is */
	CHECK(lede_realpath_to_be(sub) == NULL);
	snprintf(want, sizeof want, "%s/static", real);
	snprintf(sub, sizeof sub, "%s/static/y", real);
	CHECK(lede_path_within(sub, want) && lede_path_within(want, want));
	snprintf(sub, sizeof sub, "%s/staticx", real);
	CHECK(!lede_path_within(sub, want) && lede_path_within(sub, "/"));
	snprintf(sub, sizeof sub, "%s/static", dir);
	rmdir(sub);
	rmdir(dir);
	free(real);
}

static void atomic_write(void)
{
	char dir[] = "/tmp/lede-test-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	lede_error err;
	lede_error_clear(&err);
	CHECK_INT(lede_write_file(dir, "x/y/z.html", "one", 3, &err), 0);
	CHECK_INT(lede_write_file(dir, "x/y/z.html", "two!", 4, &err), 0);
	char path[300];
	snprintf(path, sizeof path, "%s/x/y/z.html", dir);
	size_t n;
	char *data = lede_read_file(path, &n);
	CHECK(data && n == 4 && !memcmp(data, "two!", 4));
	free(data);
	struct stat st, again;
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0644);
	/* The same content again: the file is left as it is (same inode). */
	CHECK_INT(lede_write_file(dir, "x/y/z.html", "two!", 4, &err), 0);
	CHECK(stat(path, &again) == 0 && again.st_ino == st.st_ino);
	CHECK_INT(lede_write_file(dir, "x/y/z.html", "two?", 4, &err), 0);
	CHECK(stat(path, &again) == 0 && again.st_ino != st.st_ino);
	CHECK_INT(lede_write_file(dir, "../escape", "x", 1, &err), -1);
	CHECK(strstr(err.msg, "outside the output directory") != NULL);
	/* No temporary file is left behind. */
	char cmd[400];
	snprintf(cmd, sizeof cmd, "test $(find %s -name '.*tmp*' | wc -l) -eq 0 && rm -rf %s", dir,
	         dir);
	CHECK_INT(system(cmd), 0);
}

static const char *md_html(const char *src, bool raw, lede_buf *b)
{
	lede_arena *a = lede_arena_new();
	lede_markdown_opts mo = {.allow_raw_html = raw};
	lede_node *doc = lede_markdown_parse(a, src, strlen(src), 1, &mo, NULL);
	lede_render_opts ro = {.allow_unsafe = raw};
	lede_buf_reset(b);
	lede_render_html(doc, &ro, b);
	lede_arena_free(a);
	return lede_buf_cstr(b);
}

/* Markdown nested deeper than LEDE_MAX_DEPTH fails at the node's file
 * line:col; copy and text work at any depth; renderers refuse past it. */
static void depth_limits(void)
{
	enum { N = 100000 };
	lede_arena *a = lede_arena_new();
	lede_markdown_opts mo = {0};
	lede_error err;
	lede_buf src = LEDE_BUF_INIT;
	lede_buf_puts(&src, "para\n\n");
	for (int i = 0; i < N; i++)
		lede_buf_putc(&src, '>');
	lede_buf_puts(&src, " deep\n");
	lede_error_clear(&err);
	CHECK(lede_markdown_parse(a, src.data, src.len, 5, &mo, &err) == NULL);
	CHECK_INT(err.line, 7);
	CHECK_INT(err.column, LEDE_MAX_DEPTH + 1); /* the first quote too many */
	CHECK(strstr(err.msg, "nested deeper than 1000 levels") != NULL);
	/* exactly at the limit: the Text has LEDE_MAX_DEPTH ancestors */
	src.len = 0;
	for (int i = 0; i < LEDE_MAX_DEPTH - 2; i++)
		lede_buf_putc(&src, '>');
	lede_buf_puts(&src, " x\n");
	lede_node *doc = lede_markdown_parse(a, src.data, src.len, 1, &mo, &err);
	CHECK(doc != NULL);
	lede_render_opts ro = {0};
	lede_buf out = LEDE_BUF_INIT;
	CHECK_INT(lede_render_html(doc, &ro, &out), 0);
	CHECK_INT(lede_render_text(doc, &ro, &out), 0);
	CHECK(lede_node_too_deep(doc, LEDE_MAX_DEPTH) == NULL);
	/* a plugin's tree, N deep: copied and read without recursion */
	lede_node *top = lede_node_new(a, LEDE_NODE_TEXT);
	top->literal = "bottom";
	for (int i = 0; i < N; i++) {
		lede_node *q = lede_node_new(a, LEDE_NODE_BLOCKQUOTE);
		CHECK_INT(lede_node_append(q, top), 0);
		top = q;
	}
	lede_node *c = lede_node_copy(a, top);
	lede_buf t = LEDE_BUF_INIT;
	lede_node_text(c, &t);
	CHECK_STR(lede_buf_cstr(&t), "bottom");
	const lede_node *deep = lede_node_too_deep(c, LEDE_MAX_DEPTH);
	CHECK(deep != NULL && deep->type == LEDE_NODE_BLOCKQUOTE);
	out.len = 0;
	CHECK_INT(lede_render_html(c, &ro, &out), -1);
	CHECK_INT(lede_render_text(c, &ro, &out), -1);
	CHECK_INT((long long)out.len, 0);
	lede_buf_free(&t);
	lede_buf_free(&out);
	lede_buf_free(&src);
	lede_arena_free(a);
}

static void markdown_html(void)
{
	lede_buf b = LEDE_BUF_INIT;
	CHECK_STR(md_html("# T\n\n*a* **b** ~~c~~ `d`\n", false, &b),
	          "<h1>T</h1>\n<p><em>a</em> <strong>b</strong> <del>c</del> <code>d</code></p>\n");
	CHECK_STR(md_html("| a | b |\n|:-|-:|\n| 1 | 2 |\n", false, &b),
	          "<table>\n<thead>\n<tr>\n<th class=\"align-left\">a</th>\n"
	          "<th class=\"align-right\">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
	          "<td class=\"align-left\">1</td>\n<td class=\"align-right\">2</td>\n"
	          "</tr>\n</tbody>\n</table>\n");
	/* Bare URLs are the link extractor's to find (test_autolink.c), not cmark's. */
	CHECK_STR(md_html("see www.example.org now\n", false, &b),
	          "<p>see www.example.org now</p>\n");
	CHECK_STR(md_html("<b>x</b> y\n\n<script>z</script>\n", false, &b), "<p>x y</p>\n");
	/* a paragraph of raw HTML alone is gone, spaces and line breaks
	 * between its tags included; one of spaces written as such stays */
	CHECK_STR(md_html("<img src=\"a.jpg\"> <img src=\"b.jpg\">\n<br>\n\nnext\n", false, &b),
	          "<p>next</p>\n");
	CHECK_STR(md_html("&#32;\n", false, &b), "<p> </p>\n");
	CHECK_STR(md_html("<b>x</b>\n\n<script>z</script>\n", true, &b),
	          "<p><b>x</b></p>\n&lt;script>z&lt;/script>\n");
	CHECK_STR(md_html("[a](javascript:x)\n", false, &b), "<p><a href=\"\">a</a></p>\n");
	/* an image keeps an alt, empty when none was written; one without a
	 * source (none, or an unsafe one dropped) is its alt text: src="" is
	 * not HTML */
	CHECK_STR(md_html("![](a.jpg)\n", false, &b), "<p><img src=\"a.jpg\" alt=\"\"></p>\n");
	CHECK_STR(md_html("![a *b*](javascript:x) c\n", false, &b), "<p>a b c</p>\n");
	CHECK_STR(md_html("![a](<>) ![](data:x)\n", false, &b), "<p>a </p>\n");
	CHECK_STR(md_html("![a](javascript:x)\n", true, &b),
	          "<p><img src=\"javascript:x\" alt=\"a\"></p>\n");
	CHECK_STR(
	    md_html("- a\n- b\n\n1. x\n\n2. y\n", false, &b),
	    "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<ol>\n<li>\n<p>x</p>\n</li>\n<li>\n<p>y</p>\n"
	    "</li>\n</ol>\n");
	lede_buf_free(&b);
}

static void markdown_lines(void)
{
	lede_arena *a = lede_arena_new();
	lede_markdown_opts mo = {0};
	const char *src = "para\n\n## head\n";
	lede_node *doc = lede_markdown_parse(a, src, strlen(src), 10, &mo, NULL);
	CHECK_INT(doc->first->line, 10);
	CHECK_INT(doc->first->next->line, 12);
	CHECK_INT(doc->first->next->level, 2);
	lede_arena_free(a);
}

static void text_rendering(void)
{
	lede_arena *a = lede_arena_new();
	lede_markdown_opts mo = {0};
	const char *src =
	    "# Title\n\nA paragraph with [a link](https://example.org/a/very/long/url/that/"
	    "does/not/break) inside it, long enough to wrap.\n\n> quoted text\n\n"
	    "1. one\n2. two\n";
	lede_node *doc = lede_markdown_parse(a, src, strlen(src), 1, &mo, NULL);
	lede_render_opts ro = {.width = 30, .references = true};
	lede_buf b = LEDE_BUF_INIT;
	lede_render_text(doc, &ro, &b);
	CHECK_STR(lede_buf_cstr(&b),
	          "Title\n=====\n\nA paragraph with a link [1]\ninside it, long enough to\n"
	          "wrap.\n\n> quoted text\n\n1. one\n2. two\n\n"
	          "[1] https://example.org/a/very/long/url/that/does/not/break\n");
	lede_buf_free(&b);
	lede_arena_free(a);
}

static void text_tables(void)
{
	lede_arena *a = lede_arena_new();
	lede_markdown_opts mo = {0};
	const char *src =
	    "| City | Pop. |\n|:--|--:|\n| Montevideo | 1.4 |\n| Ciudad de México | 9.2 |\n";
	lede_node *doc = lede_markdown_parse(a, src, strlen(src), 1, &mo, NULL);
	lede_render_opts ro = {.width = 72};
	lede_buf b = LEDE_BUF_INIT;
	lede_render_text(doc, &ro, &b);
	CHECK_STR(lede_buf_cstr(&b), "City             | Pop.\n"
	                             "-----------------+-----\n"
	                             "Montevideo       |  1.4\n"
	                             "Ciudad de México |  9.2\n");
	/* too wide for the column: one line a row, no grid */
	lede_buf_reset(&b);
	ro.width = 12;
	lede_render_text(doc, &ro, &b);
	CHECK_STR(lede_buf_cstr(&b), "City | Pop.\nMontevideo | 1.4\nCiudad de México | 9.2\n");
	lede_buf_free(&b);
	lede_arena_free(a);
}

static void text_wide_characters(void)
{
	lede_arena *a = lede_arena_new();
	lede_markdown_opts mo = {0};
	/* 東京 is four columns wide, not two; é (e + combining accent) one */
	const char *src = "| City | Note |\n|--|--|\n| 東京 | x |\n| Cafe\xcc\x81s | y |\n";
	lede_node *doc = lede_markdown_parse(a, src, strlen(src), 1, &mo, NULL);
	lede_render_opts ro = {.width = 72};
	lede_buf b = LEDE_BUF_INIT;
	lede_render_text(doc, &ro, &b);
	CHECK_STR(lede_buf_cstr(&b), "City  | Note\n------+-----\n東京  | x\nCafe\xcc\x81s | y\n");
	lede_buf_free(&b);
	lede_arena_free(a);
}

/* GFM footnotes: numbered in order of first use, unused notes dropped,
 * an unknown label left as text; a note used twice has two back-links. */
static const char footnote_src[] = "A[^b] c[^a] d[^b] e[^none].\n\n[^a]: First *note*.\n\n"
                                   "[^b]: Other.\n\n    Second paragraph.\n\n[^unused]: x\n";

static void footnotes_html(void)
{
	lede_buf b = LEDE_BUF_INIT;
	CHECK_STR(
	    md_html(footnote_src, false, &b),
	    "<p>A<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" "
	    "data-footnote-ref>1</a></sup>"
	    " c<sup class=\"footnote-ref\"><a href=\"#fn-2\" id=\"fnref-2\" "
	    "data-footnote-ref>2</a></sup>"
	    " d<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1-2\" "
	    "data-footnote-ref>1</a></sup>"
	    " e[^none].</p>\n"
	    "<section class=\"footnotes\" data-footnotes>\n<ol>\n<li id=\"fn-1\">\n<p>Other.</p>\n"
	    "<p>Second paragraph. <a href=\"#fnref-1\" class=\"footnote-backref\" "
	    "data-footnote-backref"
	    " aria-label=\"Back to reference 1\">\xe2\x86\xa9</a> <a href=\"#fnref-1-2\""
	    " class=\"footnote-backref\" data-footnote-backref aria-label=\"Back to reference 1\">"
	    "\xe2\x86\xa9<sup>2</sup></a></p>\n</li>\n"
	    "<li id=\"fn-2\">\n<p>First <em>note</em>. <a href=\"#fnref-2\" "
	    "class=\"footnote-backref\""
	    " data-footnote-backref aria-label=\"Back to reference "
	    "2\">\xe2\x86\xa9</a></p>\n</li>\n"
	    "</ol>\n</section>\n");
	lede_buf_free(&b);
}

/* Words of a text as a:words() counted them before lede_node_words. */
static size_t words_of_text(const char *t)
{
	size_t n = 0;
	bool prev = true;
	for (; *t; t++) {
		bool sp = *t == ' ' || *t == '\n' || *t == '\t' || *t == '\r';
		n += prev && !sp;
		prev = sp;
	}
	return n;
}

/* lede_node_words counts the words of lede_node_text's text without
 * making it: the same count on Markdown of every kind of block and
 * inline, and on trees a plugin made (a block after the first child, a
 * text after a block, breaks between words, empty literals). */
static void node_words(void)
{
	static const char *const docs[] = {
	    "",
	    "one",
	    "  one\ttwo  three\n\nfour  ",
	    "- a\n- b\n\n> c d\n> > e\n\n1. f\n   g\n\n   h",
	    "x  \ny\\\nz *em*pha**sis** `co de` [li nk](u) ![alt](i)",
	    "```\ncode  block\n\nlines\n```\n\n    indented code\n\n<div>raw html</div>\n",
	    "| a | b |\n|---|---|\n| c d | e |\n\n- [x] task\n\nText[^1].\n\n[^1]: Note.",
	    "# Head ing\n\nPara\n\n---\n\nl'\xc3\xa9t\xc3\xa9 \xe2\x80\x94 d\xc3\xa9j\xc3\xa0",
	};
	lede_arena *a = lede_arena_new();
	lede_markdown_opts mo = {0};
	lede_buf b = LEDE_BUF_INIT;
	for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
		lede_node *doc = lede_markdown_parse(a, docs[i], strlen(docs[i]), 1, &mo, NULL);
		lede_buf_reset(&b);
		lede_node_text(doc, &b);
		CHECK_INT((long long)lede_node_words(doc),
		          (long long)words_of_text(lede_buf_cstr(&b)));
	}
	/* a plugin's tree: "ab" then a paragraph "cd" inside a quote, a
	 * text after it, and a soft break between two texts */
	lede_node *q = lede_node_new(a, LEDE_NODE_BLOCKQUOTE);
	lede_node *p1 = lede_node_new(a, LEDE_NODE_PARAGRAPH);
	lede_node *p2 = lede_node_new(a, LEDE_NODE_PARAGRAPH);
	const char *lits[] = {"ab", "cd", "ef", "", "gh"};
	lede_node *t[5];
	for (int i = 0; i < 5; i++) {
		t[i] = lede_node_new(a, LEDE_NODE_TEXT);
		t[i]->literal = (char *)lits[i];
	}
	lede_node *br = lede_node_new(a, LEDE_NODE_SOFTBREAK);
	CHECK_INT(lede_node_append(p1, t[0]), 0);
	CHECK_INT(lede_node_append(q, p1), 0);
	CHECK_INT(lede_node_append(p2, t[1]), 0);
	CHECK_INT(lede_node_append(p2, br), 0);
	CHECK_INT(lede_node_append(p2, t[2]), 0);
	CHECK_INT(lede_node_append(p2, t[3]), 0);
	CHECK_INT(lede_node_append(q, p2), 0);
	CHECK_INT(lede_node_append(q, t[4]), 0);
	lede_buf_reset(&b);
	lede_node_text(q, &b);
	CHECK_STR(lede_buf_cstr(&b), "ab\ncd efgh");
	/* long literals are counted sixteen bytes at a time: each kind of
	 * space, single and doubled, at every offset, and words that cross
	 * from one block of sixteen to the next and from one text to the next */
	static const char *const spaces[] = {" ", "\n", "\t", "\r", "  ", " \n"};
	bool same = true;
	for (size_t k = 0; k < sizeof spaces / sizeof *spaces; k++) {
		for (size_t at = 0; at < 40; at++) {
			char lit[48];
			memset(lit, 'w', sizeof lit - 1);
			lit[sizeof lit - 1] = '\0';
			memcpy(lit + at, spaces[k], strlen(spaces[k]));
			lede_node *para = lede_node_new(a, LEDE_NODE_PARAGRAPH);
			lede_node *x = lede_node_new(a, LEDE_NODE_TEXT),
			          *y = lede_node_new(a, LEDE_NODE_TEXT);
			x->literal = lede_arena_strdup(a, lit);
			y->literal = lede_arena_strdup(a, lit + at);
			CHECK_INT(lede_node_append(para, x), 0);
			CHECK_INT(lede_node_append(para, y), 0);
			lede_buf_reset(&b);
			lede_node_text(para, &b);
			same = same && lede_node_words(para) == words_of_text(lede_buf_cstr(&b));
		}
	}
	CHECK(same);
	CHECK_INT((long long)lede_node_words(q), 3);
	CHECK_INT((long long)lede_node_words(p2), 2);
	lede_buf_free(&b);
	lede_arena_free(a);
}

static void footnotes_text(void)
{
	lede_arena *a = lede_arena_new();
	lede_markdown_opts mo = {0};
	lede_node *doc = lede_markdown_parse(a, footnote_src, strlen(footnote_src), 1, &mo, NULL);
	lede_render_opts ro = {.width = 72};
	lede_buf b = LEDE_BUF_INIT;
	lede_render_text(doc, &ro, &b);
	CHECK_STR(lede_buf_cstr(&b),
	          "A[^1] c[^2] d[^1] e[^none].\n\n[^1] Other.\n\n     Second paragraph.\n\n"
	          "[^2] First note.\n");
	lede_buf_free(&b);
	lede_arena_free(a);
}

static void node_edits(void)
{
	lede_arena *a = lede_arena_new();
	lede_node *p = lede_node_new(a, LEDE_NODE_PARAGRAPH);
	lede_node *t1 = lede_node_new(a, LEDE_NODE_TEXT), *t2 = lede_node_new(a, LEDE_NODE_TEXT);
	t1->literal = "one";
	t2->literal = "two";
	CHECK_INT(lede_node_append(p, t1), 0);
	CHECK_INT(lede_node_insert_before(t1, t2), 0);
	CHECK(p->first == t2 && p->last == t1 && t2->next == t1 && t1->prev == t2);
	CHECK_INT(lede_node_append(t1, p), -1); /* a cycle */
	lede_node *c = lede_node_copy(a, p);
	lede_node_unlink(t2);
	CHECK(p->first == t1 && !t1->prev);
	lede_buf b = LEDE_BUF_INIT;
	lede_node_text(c, &b);
	CHECK_STR(lede_buf_cstr(&b), "twoone");
	lede_buf_free(&b);
	CHECK(lede_node_can_contain(p, LEDE_NODE_TEXT));
	CHECK(!lede_node_can_contain(p, LEDE_NODE_PARAGRAPH));
	CHECK_INT(lede_node_type_from_name("BlockQuote"), LEDE_NODE_BLOCKQUOTE);
	CHECK_INT(lede_node_type_from_name("Nope"), -1);
	lede_arena_free(a);
}

/* The one place an invalid byte becomes file:line:column (front matter,
 * extraction and `lede extract` all use it). */
static void error_locations(void)
{
	int line, col;
	lede_error_locate("ab\ncd", 0, &line, &col);
	CHECK(line == 1 && col == 1);
	lede_error_locate("ab\ncd", 4, &line, &col);
	CHECK(line == 2 && col == 2);
	lede_error_locate("ab\n", 3, &line, &col); /* just past a newline */
	CHECK(line == 2 && col == 1);
	lede_error err;
	lede_error_clear(&err);
	CHECK_INT(lede_error_utf8(&err, "x.md", "fine \xE2\x80\x9C\n", 9, 1), 0);
	CHECK_INT(lede_error_utf8(&err, "x.md", NULL, 0, 1), 0);
	CHECK_INT(lede_error_utf8(NULL, "x.md", "\xFF", 1, 1), -1);
	/* Columns count bytes: the quote before the bad byte is three. */
	const char *t = "ok\n\xE2\x80\x9Cq\xFE";
	CHECK_INT(lede_error_utf8(&err, "x.md", t, strlen(t), 1), -1);
	CHECK_STR(err.file, "x.md");
	CHECK(err.line == 2 && err.column == 5);
	CHECK_STR(err.msg, "invalid UTF-8 (byte 0xFE); save the file as UTF-8");
	CHECK_STR(err.snippet, "");
	/* Text that starts on line 7 of its file (a body after front matter). */
	CHECK_INT(lede_error_utf8(&err, "x.md", t, strlen(t), 7), -1);
	CHECK(err.line == 8 && err.column == 5);
}

int main(void)
{
	lede_markdown_init();
	RUN(arena_alignment_and_zeroing);
	RUN(language_tags);
	RUN(buf_printf_grows);
	RUN(buf_put_num);
	RUN(xml_escaping);
	RUN(double_whole);
	RUN(buf_escaped_lines);
	RUN(hash_is_stable);
	RUN(digests);
	RUN(read_files);
	RUN(escaping);
	RUN(bidi_closing);
	RUN(href_escaping);
	RUN(url_safety);
	RUN(utf8_validation);
	RUN(error_locations);
	RUN(slugs);
	RUN(unicode_slugs);
	RUN(utf8_cut);
	RUN(url_resolution);
	RUN(contained_paths);
	RUN(paths_to_be);
	RUN(atomic_write);
	RUN(markdown_html);
	RUN(markdown_lines);
	RUN(text_rendering);
	RUN(text_tables);
	RUN(text_wide_characters);
	RUN(node_edits);
	RUN(footnotes_html);
	RUN(footnotes_text);
	RUN(node_words);
	RUN(depth_limits);
	DONE();
}
