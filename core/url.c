/* url.c: resolving relative references (RFC 3986 section 5.2), so feeds
 * and e-mail can carry links that work away from the site, and the host a
 * link leads to, read as a browser reads it. */
#include "escape.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Length of a scheme and its ':' at the start of s, or 0. */
static size_t scheme_len(const char *s)
{
	if (!isalpha((unsigned char)s[0]))
		return 0;
	size_t i = 1;
	while (isalnum((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')
		i++;
	return s[i] == ':' ? i + 1 : 0;
}

/* RFC 3986 5.2.4 "remove_dot_segments", on in[0..n), appended to out. */
static void remove_dots(const char *in, size_t n, lede_buf *out)
{
	size_t start = out->len, i = 0;
	while (i < n) {
		size_t left = n - i;
		const char *p = in + i;
		if (left >= 3 && !memcmp(p, "../", 3)) {
			i += 3;
		} else if (left >= 2 && !memcmp(p, "./", 2)) {
			i += 2;
		} else if (left >= 3 && !memcmp(p, "/./", 3)) {
			i += 2;
		} else if (left == 2 && !memcmp(p, "/.", 2)) {
			lede_buf_putc(out, '/');
			break;
		} else if ((left >= 4 && !memcmp(p, "/../", 4)) ||
		           (left == 3 && !memcmp(p, "/..", 3))) {
			/* drop the last segment written, and its '/' */
			while (out->len > start && out->data[out->len - 1] != '/')
				out->len--;
			if (out->len > start)
				out->len--;
			if (left == 3) {
				lede_buf_putc(out, '/');
				break;
			}
			i += 3;
		} else if ((left == 1 && p[0] == '.') || (left == 2 && !memcmp(p, "..", 2))) {
			break;
		} else {
			size_t k = i + (in[i] == '/');
			while (k < n && in[k] != '/')
				k++;
			lede_buf_put(out, in + i, k - i);
			i = k;
		}
	}
	if (out->data)
		out->data[out->len] = '\0';
}

void lede_url_resolve(const char *base, const char *ref, lede_buf *out)
{
	if (scheme_len(ref) || !base || !scheme_len(base)) {
		lede_buf_puts(out, ref);
		return;
	}
	size_t sl = scheme_len(base);
	if (ref[0] == '/' && ref[1] == '/') {
		lede_buf_put(out, base, sl);
		lede_buf_puts(out, ref);
		return;
	}
	/* base = scheme ":" ["//" authority] path ["?" query] ["#" fragment] */
	const char *auth = base + sl, *path = auth;
	if (auth[0] == '/' && auth[1] == '/')
		path = auth + 2 + strcspn(auth + 2, "/?#");
	size_t plen = strcspn(path, "?#");
	const char *query_end = path + plen + strcspn(path + plen, "#");
	lede_buf_put(out, base, (size_t)(path - base));
	if (!ref[0]) {
		lede_buf_put(out, path, (size_t)(query_end - path));
	} else if (ref[0] == '#') {
		lede_buf_put(out, path, (size_t)(query_end - path));
		lede_buf_puts(out, ref);
	} else if (ref[0] == '?') {
		lede_buf_put(out, path, plen);
		lede_buf_puts(out, ref);
	} else {
		size_t rl = strcspn(ref, "?#");
		lede_buf merged = LEDE_BUF_INIT;
		if (ref[0] == '/') {
			lede_buf_put(&merged, ref, rl);
		} else {
			/* RFC 3986 5.2.3: the base path up to its last '/', then ref. */
			const char *slash = NULL;
			for (const char *c = path; c < path + plen; c++)
				if (*c == '/')
					slash = c;
			if (slash)
				lede_buf_put(&merged, path, (size_t)(slash - path + 1));
			else
				lede_buf_putc(&merged, '/');
			lede_buf_put(&merged, ref, rl);
		}
		remove_dots(lede_buf_cstr(&merged), merged.len, out);
		lede_buf_free(&merged);
		lede_buf_puts(out, ref + rl);
	}
}

static bool is_slash(char c) { return c == '/' || c == '\\'; }

const char *lede_url_host(const char *s, size_t n, lede_buf *out)
{
	/* What a browser ignores: leading spaces and controls, and tabs and
	 * newlines anywhere. */
	lede_buf u = LEDE_BUF_INIT;
	size_t i = 0;
	while (i < n && (unsigned char)s[i] <= 0x20)
		i++;
	for (; i < n; i++)
		if (s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			lede_buf_putc(&u, s[i]);
	const char *p = lede_buf_cstr(&u), *scheme = "";
	size_t len = u.len, k = 0;
	if (len >= 5 && !strncasecmp(p, "http", 4)) {
		k = 4 + (p[4] == 's' || p[4] == 'S');
		if (k < len && p[k] == ':') {
			scheme = k == 5 ? "https" : "http";
			k++;
		} else {
			k = 0;
		}
	}
	const char *host = NULL;
	size_t hl = 0;
	if (k + 1 < len && is_slash(p[k]) && is_slash(p[k + 1])) {
		/* The authority ends where the path, query or fragment starts
		 * ('\\' too: "https://evil.example\\@site" is evil.example);
		 * the user info ends at its last '@'. */
		size_t a = k + 2, e = a;
		while (e < len && !strchr("/?#\\", p[e]))
			e++;
		for (size_t j = a; j < e; j++)
			if (p[j] == '@')
				a = j + 1;
		if (a < e && p[a] == '[') {
			const char *close = memchr(p + a, ']', e - a);
			if (close) {
				host = p + a;
				hl = (size_t)(close - host) + 1;
			}
		} else {
			host = p + a;
			hl = e - a;
			/* a port: the last ':' with only digits after it */
			size_t c = hl;
			while (c > 0 && isdigit((unsigned char)host[c - 1]))
				c--;
			if (c > 0 && host[c - 1] == ':')
				hl = c - 1;
		}
		if (hl > 0 && host[hl - 1] == '.')
			hl--;
	}
	if (!host || !hl) {
		lede_buf_free(&u);
		return NULL;
	}
	for (size_t j = 0; j < hl; j++) {
		unsigned char c = (unsigned char)host[j];
		lede_buf_putc(out, c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	lede_buf_free(&u);
	return scheme;
}
