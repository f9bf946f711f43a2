/* escape.c: HTML, XML, JSON and URL encoders, and UTF-8 validation. */
#include "escape.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

/* Length of the UTF-8 sequence at s (1..4), or 0 when it is invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	size_t len;
	unsigned min;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	unsigned cp = c & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

size_t lede_utf8_cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	/* back over the continuation bytes of the character the cut falls in */
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

size_t lede_utf8_valid_prefix(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		/* ASCII eight bytes at a time: most of an article is */
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, u + i, sizeof w);
			if (w & 0x8080808080808080u)
				break;
			i += 8;
		}
		if (i == n)
			break;
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		size_t l = utf8_seq(u + i, n - i);
		if (!l)
			return i;
		i += l;
	}
	return n;
}

/* The bytes lede_escape_html looks at: the five it escapes, DEL, the C0
 * controls but tab, LF and CR, and 0xC2 (the lead byte of the C1
 * controls); every other byte is copied in runs. */
static const unsigned char html_special[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1, [0x07] = 1,
    [0x08] = 1, [0x0B] = 1, [0x0C] = 1, [0x0E] = 1, [0x0F] = 1, [0x10] = 1, [0x11] = 1, [0x12] = 1,
    [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1A] = 1,
    [0x1B] = 1, [0x1C] = 1, [0x1D] = 1, [0x1E] = 1, [0x1F] = 1, ['&'] = 1,  ['<'] = 1,  ['>'] = 1,
    ['"'] = 1,  ['\''] = 1, [0x7F] = 1, [0xC2] = 1};

void lede_escape_html(lede_buf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		/* (the controls are candidates, but tab, LF and CR are text) */
		static const char stops[] = {'&', '<', '>', '"', '\'', 0x7F, (char)0xC2};
		i = lede_scan_to(s, i, n, stops, sizeof stops, LEDE_SCAN_CONTROLS, html_special);
		if (i == n)
			break;
		const char *rep;
		switch (u[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case 0xC2:
			/* The C1 controls (U+0080..U+009F, C2 80..C2 9F) are errors in
			 * HTML: dropped; any other C2 sequence is text. */
			if (i + 1 < n && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F) {
				lede_buf_put(out, s + start, i - start);
				start = ++i + 1;
			}
			continue;
		default: rep = ""; break; /* DEL and the C0 controls: dropped */
		}
		lede_buf_put(out, s + start, i - start);
		lede_buf_puts(out, rep);
		start = i + 1;
	}
	lede_buf_put(out, s + start, n - start);
}

/* The bidi control at s (3 bytes of UTF-8, n bytes left): 'E' opens an
 * embedding or override (U+202A LRE, U+202B RLE, U+202D LRO, U+202E RLO),
 * 'I' an isolate (U+2066 LRI, U+2067 RLI, U+2068 FSI), 'p' is U+202C PDF,
 * 'q' U+2069 PDI; 0 for anything else. */
static char bidi_control(const unsigned char *s, size_t n)
{
	if (n < 3 || s[0] != 0xE2)
		return 0;
	if (s[1] == 0x80 && s[2] >= 0xAA && s[2] <= 0xAE)
		return s[2] == 0xAC ? 'p' : 'E';
	if (s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9)
		return s[2] == 0xA9 ? 'q' : 'I';
	return 0;
}

static void put_raw(lede_buf *out, const char *s, size_t n) { lede_buf_put(out, s, n); }

/* s put through put, its bidi controls balanced (lede_bidi_close). */
static void bidi_balanced(lede_buf *out, const char *s, size_t n,
                          void (*put)(lede_buf *out, const char *s, size_t n))
{
	const unsigned char *u = (const unsigned char *)s;
	const unsigned char *e = n ? memchr(u, 0xE2, n) : NULL;
	while (e && !bidi_control(e, n - (size_t)(e - u)))
		e = memchr(e + 1, 0xE2, n - (size_t)(e + 1 - u));
	if (!e) { /* (most text: as it is) */
		put(out, s, n);
		return;
	}
	/* what is open, innermost last, as the bidi algorithm (UAX #9, X1 to
	 * X8) matches them: a PDF closes the last embedding unless an isolate
	 * opened since is still open; a PDI closes the last isolate and any
	 * embedding opened in it */
	lede_buf open = LEDE_BUF_INIT;
	size_t start = 0, isolates = 0; /* (counted: a PDI asks whether any is open) */
	for (size_t i = (size_t)(e - u); i < n; i++) {
		char k = bidi_control(u + i, n - i);
		if (!k)
			continue;
		bool keep = true;
		if (k == 'E' || k == 'I')
			lede_buf_putc(&open, k);
		else if (k == 'p')
			keep = open.len && open.data[open.len - 1] == 'E';
		else
			keep = isolates > 0;
		isolates += k == 'I';
		if (k == 'p' && keep)
			open.len--;
		while (k == 'q' && keep && open.data[--open.len] != 'I')
			;
		isolates -= k == 'q' && keep;
		put(out, s + start, i - start + (keep ? 3 : 0));
		i += 2;
		start = i + 1;
	}
	put(out, s + start, n - start);
	while (open.len)
		lede_buf_puts(out, open.data[--open.len] == 'E' ? "\xE2\x80\xAC" : "\xE2\x81\xA9");
	lede_buf_free(&open);
}

void lede_bidi_close(lede_buf *out, const char *s, size_t n) { bidi_balanced(out, s, n, put_raw); }

void lede_escape_html_field(lede_buf *out, const char *s, size_t n)
{
	bidi_balanced(out, s, n, lede_escape_html);
}

/* In runs: a stop at each byte that is escaped or dropped, each control,
 * each byte from 0x80 (checked as UTF-8). */
void lede_escape_xml(lede_buf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t start = 0, i = 0;
	while (i < n) {
		static const char stops[] = {'&', '<', '>', '"', '\'', 0x7F};
		i = lede_scan_to(s, i, n, stops, sizeof stops, LEDE_SCAN_CONTROLS | LEDE_SCAN_HIGH,
		                 NULL);
		if (i == n)
			break;
		unsigned c = u[i];
		if (c == '\t' || c == '\n' || c == '\r') {
			i++; /* text */
			continue;
		}
		const char *rep = NULL; /* NULL: the bytes are dropped */
		size_t len = 1;
		if (c >= 0x80) {
			/* a character is text, but U+FFFE and U+FFFF (not XML
			 * characters); a byte that starts none is dropped */
			len = utf8_seq(u + i, n - i);
			if (len &&
			    !(len == 3 && c == 0xEF && u[i + 1] == 0xBF && u[i + 2] >= 0xBE)) {
				i += len;
				continue;
			}
			len = len ? len : 1;
		} else {
			switch (c) {
			case '&': rep = "&amp;"; break;
			case '<': rep = "&lt;"; break;
			case '>': rep = "&gt;"; break;
			case '"': rep = "&quot;"; break;
			case '\'': rep = "&#39;"; break;
			default: break; /* DEL and the C0 controls */
			}
		}
		lede_buf_put(out, s + start, i - start);
		if (rep)
			lede_buf_puts(out, rep);
		i += len;
		start = i;
	}
	lede_buf_put(out, s + start, n - start);
}

void lede_escape_json(lede_buf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		/* a run of what is written as it is, at once (not a control,
		 * DEL, '"', '\\', '<', nor a multibyte character, checked below) */
		static const char stops[] = {'"', '\\', '<', 0x7F};
		size_t run = lede_scan_to(s, i, n, stops, sizeof stops,
		                          LEDE_SCAN_CONTROLS | LEDE_SCAN_HIGH, NULL);
		if (run > i) {
			lede_buf_put(out, s + i, run - i);
			i = run;
			continue;
		}
		unsigned c = u[i];
		if (c < 0x80) {
			switch (c) {
			case '"': lede_buf_puts(out, "\\\""); break;
			case '\\': lede_buf_puts(out, "\\\\"); break;
			case '\n': lede_buf_puts(out, "\\n"); break;
			case '\r': lede_buf_puts(out, "\\r"); break;
			case '\t': lede_buf_puts(out, "\\t"); break;
			case '\b': lede_buf_puts(out, "\\b"); break;
			case '\f': lede_buf_puts(out, "\\f"); break;
			case '<': lede_buf_puts(out, "\\u003c"); break;
			default:
				if (c < 0x20 || c == 0x7F)
					lede_buf_printf(out, "\\u%04x", c);
				else
					lede_buf_putc(out, (int)c);
			}
			i++;
			continue;
		}
		size_t l = utf8_seq(u + i, n - i);
		if (!l) {
			lede_buf_puts(out, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		/* U+2028/2029 are legal JSON but break JavaScript string literals. */
		if (l == 3 && c == 0xE2 && u[i + 1] == 0x80 &&
		    (u[i + 2] == 0xA8 || u[i + 2] == 0xA9)) {
			lede_buf_printf(out, "\\u%04x", u[i + 2] == 0xA8 ? 0x2028 : 0x2029);
		} else {
			lede_buf_put(out, s + i, l);
		}
		i += l;
	}
}

/* Whether the URL byte c is percent-encoded in an href: controls, space,
 * non-ASCII bytes and what HTML or URL parsers read otherwise. */
/* A byte no URI holds as it is (RFC 3986): controls, the space and
 * " < > \ ^ ` { | }; non-ASCII bytes are an IRI's. */
static bool uri_forbidden(unsigned char c)
{
	return c <= 0x20 || c == 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' ||
	       c == '^' || c == '`' || c == '{' || c == '|' || c == '}';
}

static bool href_encoded(unsigned char c) { return c >= 0x80 || uri_forbidden(c); }

bool lede_uri_forbidden(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (uri_forbidden((unsigned char)s[i]))
			return true;
	return false;
}

/* Where the authority of the URL s[0..n) is, [*from, *to): after
 * "scheme://" or a leading "//", up to the next '/', '?' or '#'; empty
 * when it has none. */
static void authority(const char *s, size_t n, size_t *from, size_t *to)
{
	size_t i = 0;
	if (n && isalpha((unsigned char)s[0])) {
		while (i < n &&
		       (isalnum((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.'))
			i++;
		i = i < n && s[i] == ':' ? i + 1 : 0;
	}
	*from = *to = 0;
	if (i + 2 <= n && s[i] == '/' && s[i + 1] == '/') {
		size_t j = i + 2;
		while (j < n && s[j] != '/' && s[j] != '?' && s[j] != '#')
			j++;
		*from = i + 2;
		*to = j;
	}
}

/* Percent-encoding, then HTML escaping: what the first leaves is printable
 * ASCII without '"', '<' or '>', so the second has only '&' and '\'' to
 * change; both are done in one pass, runs of plain bytes copied whole (a
 * page's every link goes through here). '[' and ']' are kept only in the
 * authority, for an IPv6 host ("http://[::1]/"): anywhere else no URL may
 * hold them (RFC 3986; the WHATWG URL standard's URL code points lack them
 * too, so validators flag such an href), and cmark-gfm encodes them. */
/* s percent-encoded as lede_escape_href says, and with html escaped for
 * an attribute too. */
static void uri_put(lede_buf *out, const char *s, size_t n, bool html)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t start = 0, host = 0, host_end = 0;
	authority(s, n, &host, &host_end);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool pct =
		    href_encoded(c) || ((c == '[' || c == ']') && (i < host || i >= host_end));
		if (!pct && (!html || (c != '&' && c != '\'')))
			continue;
		lede_buf_put(out, s + start, i - start);
		start = i + 1;
		if (pct) {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			lede_buf_put(out, e, 3);
		} else {
			lede_buf_puts(out, c == '&' ? "&amp;" : "&#39;");
		}
	}
	lede_buf_put(out, s + start, n - start);
}

void lede_escape_href(lede_buf *out, const char *s, size_t n) { uri_put(out, s, n, true); }

void lede_uri_encode(lede_buf *out, const char *s, size_t n) { uri_put(out, s, n, false); }

bool lede_url_is_safe(const char *s, size_t n)
{
	/* Browsers strip leading C0 controls and spaces, and tabs/newlines
	 * anywhere, before reading the scheme. */
	char scheme[16];
	size_t k = 0, i = 0;
	while (i < n && (unsigned char)s[i] <= 0x20)
		i++;
	for (; i < n && k < sizeof scheme - 1; i++) {
		char c = s[i];
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == ':')
			break;
		if (!isalnum((unsigned char)c) && c != '+' && c != '-' && c != '.')
			return true; /* no scheme: a relative URL */
		scheme[k++] = (char)tolower((unsigned char)c);
	}
	if (i >= n || s[i] != ':')
		return true;
	scheme[k] = '\0';
	if (!strcmp(scheme, "javascript") || !strcmp(scheme, "vbscript") || !strcmp(scheme, "file"))
		return false;
	if (!strcmp(scheme, "data"))
		return false;
	return true;
}
