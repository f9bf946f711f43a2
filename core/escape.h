/* escape.h: encoders for every output target. Untrusted text only ever
 * reaches markup through one of these. */
#ifndef LEDE_ESCAPE_H
#define LEDE_ESCAPE_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>

/* & < > " ' become entities: safe in element content and quoted attributes;
 * C0 controls other than tab, LF and CR, DEL and C1 controls are dropped. */
void lede_escape_html(lede_buf *out, const char *s, size_t n);
/* XML 1.0: as HTML, and characters XML forbids (C0 controls but tab, CR, LF;
 * U+FFFE, U+FFFF; invalid UTF-8) are dropped so the document stays
 * well-formed. */
void lede_escape_xml(lede_buf *out, const char *s, size_t n);
/* The body of a JSON string (no surrounding quotes): RFC 8259 escapes, plus
 * \u003c for '<' so JSON can sit inside <script>; invalid UTF-8 becomes
 * U+FFFD. */
void lede_escape_json(lede_buf *out, const char *s, size_t n);
/* Percent-encodes what may not stand in an href (spaces, quotes, controls,
 * non-ASCII bytes); then HTML-escapes. */
void lede_escape_href(lede_buf *out, const char *s, size_t n);
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

#endif
