/* escape.h: encoders for every output target. Untrusted text only ever
 * reaches markup through one of these. */
#ifndef LEDE_ESCAPE_H
#define LEDE_ESCAPE_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* What stops lede_scan_to besides its bytes. */
enum {
	LEDE_SCAN_CONTROLS = 1, /* the C0 controls, 0x00..0x1F */
	LEDE_SCAN_HIGH = 2,     /* every byte from 0x80 */
};

/* The first index at or after i in s[..n) whose byte is one of the
 * nstops (at most 8) in stops, or of a kind flags names, and, when only is
 * given, one that only marks (only marks some of those candidates and
 * no other byte); else n: the scans of article text and of
 * escapers, which pass over the bytes between. With SSE2 (every x86-64)
 * sixteen bytes at a time, a byte at a time elsewhere and for the last
 * few. Inline, so that a call with constant stops is unrolled. */
static inline size_t lede_scan_to(const char *s, size_t i, size_t n, const char *stops, int nstops,
                                  int flags, const unsigned char *only)
{
	const unsigned char *u = (const unsigned char *)s;
#ifdef __SSE2__
	__m128i set[8];
#pragma GCC unroll 8
	for (int k = 0; k < nstops; k++)
		set[k] = _mm_set1_epi8(stops[k]);
	const __m128i space = _mm_set1_epi8(0x20), zero = _mm_setzero_si128(),
	              minus1 = _mm_set1_epi8(-1);
	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(u + i));
		/* (signed bytes: below 0x20 are the controls and the bytes from
		 * 0x80, below 0 the bytes from 0x80 alone) */
		__m128i m = zero;
		if ((flags & LEDE_SCAN_CONTROLS) && (flags & LEDE_SCAN_HIGH))
			m = _mm_cmplt_epi8(v, space);
		else if (flags & LEDE_SCAN_CONTROLS)
			m = _mm_and_si128(_mm_cmplt_epi8(v, space), _mm_cmpgt_epi8(v, minus1));
		else if (flags & LEDE_SCAN_HIGH)
			m = _mm_cmplt_epi8(v, zero);
#pragma GCC unroll 8
		for (int k = 0; k < nstops; k++)
			m = _mm_or_si128(m, _mm_cmpeq_epi8(v, set[k]));
		for (unsigned mask = (unsigned)_mm_movemask_epi8(m); mask; mask &= mask - 1) {
			size_t at = i + (size_t)__builtin_ctz(mask);
			if (!only || only[u[at]])
				return at;
		}
	}
#endif
	if (only) { /* (it marks some of the candidates: it alone decides) */
		while (i < n && !only[u[i]])
			i++;
		return i;
	}
	for (; i < n; i++) {
		if (((flags & LEDE_SCAN_CONTROLS) && u[i] < 0x20) ||
		    ((flags & LEDE_SCAN_HIGH) && u[i] >= 0x80))
			return i;
#pragma GCC unroll 8
		for (int k = 0; k < nstops; k++)
			if (s[i] == stops[k])
				return i;
	}
	return n;
}

/* & < > " ' become entities: safe in element content and quoted attributes;
 * C0 controls other than tab, LF and CR, DEL and C1 controls are dropped. */
void lede_escape_html(lede_buf *out, const char *s, size_t n);
/* s[0..n) as one whole text, its Unicode bidi controls balanced: each
 * embedding or override (U+202A, U+202B, U+202D, U+202E) and isolate
 * (U+2066 to U+2068) it leaves open is closed at its end (U+202C PDF,
 * U+2069 PDI, innermost first), so that it does not turn the text put
 * after it; a PDF or PDI closing nothing s opened is dropped. Text without
 * them is appended as it is. */
void lede_bidi_close(lede_buf *out, const char *s, size_t n);
/* One whole text value for HTML (a template's {{x}}, lede.html.escape: a
 * title, a byline, a tag): lede_escape_html with its bidi controls
 * balanced as lede_bidi_close does. */
void lede_escape_html_field(lede_buf *out, const char *s, size_t n);
/* XML 1.0: as HTML, and characters XML forbids (C0 controls but tab, CR, LF;
 * U+FFFE, U+FFFF; invalid UTF-8) are dropped so the document stays
 * well-formed. */
void lede_escape_xml(lede_buf *out, const char *s, size_t n);
/* The body of a JSON string (no surrounding quotes): RFC 8259 escapes, plus
 * \u003c for '<' so JSON can sit inside <script>; invalid UTF-8 becomes
 * U+FFFD. */
void lede_escape_json(lede_buf *out, const char *s, size_t n);
/* Percent-encodes what may not stand in an href (spaces, quotes, controls,
 * non-ASCII bytes, '[' and ']' outside an IPv6 host); then HTML-escapes. */
void lede_escape_href(lede_buf *out, const char *s, size_t n);
/* The same percent-encoding without the HTML escaping: a URL as a URI,
 * for a feed, a sitemap or a partner (lede.url.encode). */
void lede_uri_encode(lede_buf *out, const char *s, size_t n);
/* Whether s[0..n) holds a byte no URI (nor IRI) may hold as it is: a
 * control, a space or one of " < > \ ^ ` { | } (a lead image's URL, an
 * entry's id: they go into the feeds as they are). */
bool lede_uri_forbidden(const char *s, size_t n);
/* False for javascript:, vbscript:, data: and file: URLs, matched the way browsers do
 * (case-insensitive, ignoring leading spaces and embedded tabs/newlines). */
bool lede_url_is_safe(const char *s, size_t n);
/* RFC 3986 reference resolution: ref made absolute against base (an
 * absolute URL), dot segments removed; ref with a scheme is kept as it is.
 * Appends to out. */
void lede_url_resolve(const char *base, const char *ref, lede_buf *out);
/* The host of an absolute http(s) URL or a protocol-relative one
 * ("//host/path"), read as a browser reads it: leading spaces and controls
 * skipped, tabs and newlines anywhere ignored, '\\' as '/'; without user
 * info, port or a trailing dot, in ASCII lower case (an IPv6 literal keeps
 * its brackets). Appends it to out and returns the scheme, "http",
 * "https", or "" for a protocol-relative URL; NULL, out untouched, for any
 * other URL or an empty host. */
const char *lede_url_host(const char *s, size_t n, lede_buf *out);
/* Length of the valid UTF-8 prefix of s[0..n); == n when all of it is valid. */
size_t lede_utf8_valid_prefix(const char *s, size_t n);
/* The length of s[0..n) cut to at most max bytes without cutting a
 * character in two: a message that shows the start of a long value
 * (क्ष is three characters of three bytes each) stays UTF-8. */
size_t lede_utf8_cut(const char *s, size_t n, size_t max);

#endif
