/* url.c: resolving relative references (RFC 3986 section 5.2), so feeds
 * and e-mail can carry links that work away from the site. */
#include "escape.h"

#include <ctype.h>
#include <string.h>

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
		} else if ((left >= 4 && !memcmp(p, "/../", 4)) || (left == 3 && !memcmp(p, "/..", 3))) {
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
