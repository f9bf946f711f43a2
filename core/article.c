/* article.c: loading an article (front matter, required fields, Markdown,
 * extraction) and copying it for an outlet. */
#include "article.h"

#include "escape.h"
#include "frontmatter.h"
#include "output.h"
#include "profile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

/* The slug of ASCII src[0..len): lowercase letters and digits, each run
 * of anything else one dash between them. */
static void slug_ascii(const char *src, size_t len, lede_buf *out)
{
	bool dash = false;
	size_t start = out->len;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)src[i];
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && out->len > start)
				lede_buf_putc(out, '-');
			dash = false;
			lede_buf_putc(out, c);
		} else if (c >= 'A' && c <= 'Z') {
			if (dash && out->len > start)
				lede_buf_putc(out, '-');
			dash = false;
			lede_buf_putc(out, c + 32);
		} else if (c < 0x80 || (c & 0xC0) != 0x80) {
			/* ASCII punctuation or the first byte of a letter that has no
			 * ASCII form (CJK, Cyrillic...): a separator. */
			dash = true;
		}
	}
}

/* The ASCII spelling of a lower-case letter NFKD does not split into a
 * base letter and a mark (œ oe, ß ss, ø o, ł l...), or NULL. */
static const char *translit(utf8proc_int32_t cp)
{
	static const struct {
		utf8proc_int32_t from;
		const char *to;
	} t[] = {{0x153, "oe"}, {0xE6, "ae"}, {0xDF, "ss"}, {0xF8, "o"},  {0x142, "l"},
	         {0x111, "d"},  {0xFE, "th"}, {0xF0, "d"},  {0x131, "i"}, {0x127, "h"}};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		if (cp == t[i].from)
			return t[i].to;
	return NULL;
}

/* The ASCII spelling of letter or digit cp (its compatibility
 * decomposition without marks, lower case, or translit's), appended to
 * out, as lede_slugify spells it (é e, ﬁ fi, œ oe): false, and nothing
 * appended, when it has none. */
static bool ascii_form(utf8proc_int32_t cp, lede_buf *out)
{
	utf8proc_int32_t d[16];
	int last = 0;
	utf8proc_ssize_t k = utf8proc_decompose_char(
	    cp, d, 16,
	    UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD, &last);
	bool ascii = k > 0 && k <= 16;
	for (utf8proc_ssize_t i = 0; ascii && i < k; i++)
		ascii = (d[i] >= 'a' && d[i] <= 'z') || (d[i] >= '0' && d[i] <= '9');
	if (ascii) {
		for (utf8proc_ssize_t i = 0; i < k; i++)
			lede_buf_putc(out, (char)d[i]);
		return true;
	}
	const char *t = k == 1 ? translit(d[0]) : NULL;
	if (t)
		lede_buf_puts(out, t);
	return t != NULL;
}

/* The Unicode slug of s[0..n): NFKC and case folded; a letter or digit
 * with an ASCII spelling written so (as the ASCII slug writes it), any
 * other letter or digit kept with its combining marks (Москва москва,
 * 東京 東京, हिन्दी हिन्दी), every run of anything else one dash. */
/* Marks in a row kept for a slug: Unicode's stream-safe text has at most
 * 30 (UAX #15); no writing needs more. */
#define SLUG_MARKS 30

/* s[0..n) without the combining marks past SLUG_MARKS in a row, in *copy
 * (freed by the caller), when it has such a run; else NULL and nothing
 * made. Normalizing puts each run in order by sorting it, in time the
 * square of its length: a tag of 40,000 marks took 12 s of one build. */
static const char *marks_bounded(const char *s, size_t n, lede_buf *copy, size_t *len)
{
	size_t run = 0, kept = 0;
	bool cut = false;
	for (size_t i = 0; i < n;) {
		utf8proc_int32_t cp = -1;
		utf8proc_ssize_t k = (unsigned char)s[i] < 0x80
		                         ? 1
		                         : utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                            (utf8proc_ssize_t)(n - i), &cp);
		size_t step = k > 0 ? (size_t)k : 1;
		run = cp > 0 && utf8proc_get_property(cp)->combining_class ? run + 1 : 0;
		if (run > SLUG_MARKS && !cut) {
			cut = true;
			lede_buf_put(copy, s, kept);
		}
		if (cut && run <= SLUG_MARKS)
			lede_buf_put(copy, s + i, step);
		kept = i + step;
		i += step;
	}
	if (!cut)
		return NULL;
	*len = copy->len;
	return lede_buf_cstr(copy);
}

static void slug_unicode(const char *s, size_t n, lede_buf *out)
{
	lede_buf copy = LEDE_BUF_INIT;
	size_t cn;
	const char *bounded = marks_bounded(s, n, &copy, &cn);
	if (bounded) {
		s = bounded;
		n = cn;
	}
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t l =
	    utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &m,
	                 UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STABLE);
	if (l < 0) { /* not UTF-8: its ASCII letters and digits */
		slug_ascii(s, n, out);
		lede_buf_free(&copy);
		return;
	}
	size_t start = out->len;
	bool dash = false, kept = false; /* kept: the last written is a letter in another script */
	for (utf8proc_ssize_t i = 0; i < l;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(m + i, l - i, &cp);
		if (k <= 0)
			break;
		utf8proc_category_t c = utf8proc_category(cp);
		bool mark = c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC ||
		            c == UTF8PROC_CATEGORY_ME;
		bool word = (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
		            (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
		if (mark) {
			/* a vowel sign, a virama: part of its letter; after a Latin
			 * letter, an accent NFC could not compose: dropped */
			if (kept)
				lede_buf_put(out, (const char *)m + i, (size_t)k);
		} else if (word) {
			if (dash && out->len > start)
				lede_buf_putc(out, '-');
			dash = false;
			kept = !ascii_form(cp, out);
			if (kept)
				lede_buf_put(out, (const char *)m + i, (size_t)k);
		} else {
			dash = true;
			kept = false;
		}
		i += k;
	}
	free(m);
	lede_buf_free(&copy);
}

void lede_slugify_as(const char *s, size_t n, bool unicode, lede_buf *out)
{
	size_t ascii = 0;
	while (ascii < n && (unsigned char)s[ascii] < 0x80)
		ascii++;
	if (ascii < n && unicode) {
		slug_unicode(s, n, out);
		return;
	}
	lede_slugify(s, n, out);
}

void lede_slugify(const char *s, size_t n, lede_buf *out)
{
	/* ASCII (file names, most tags and sections): folding and
	 * decomposing change nothing that slug_ascii does not, and cost a
	 * microsecond per call, some ten calls per article. */
	size_t ascii = 0;
	while (ascii < n && (unsigned char)s[ascii] < 0x80)
		ascii++;
	if (ascii == n) {
		slug_ascii(s, n, out);
		return;
	}
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t l = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &folded,
	                                  UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
	                                      UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
	const char *src = l >= 0 ? (const char *)folded : s;
	size_t len = l >= 0 ? (size_t)l : n;
	/* letters NFKD does not split into a base letter and a mark spelt
	 * out; any other character's bytes left for slug_ascii to separate */
	lede_buf tl = LEDE_BUF_INIT;
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t cp = -1;
		utf8proc_ssize_t k = (unsigned char)src[i] < 0x80
		                         ? 1
		                         : utf8proc_iterate((const utf8proc_uint8_t *)src + i,
		                                            (utf8proc_ssize_t)(len - i), &cp);
		size_t step = k > 0 ? (size_t)k : 1;
		const char *t = cp >= 0 ? translit(cp) : NULL;
		if (t)
			lede_buf_puts(&tl, t);
		else
			lede_buf_put(&tl, src + i, step);
		i += step;
	}
	slug_ascii(lede_buf_cstr(&tl), tl.len, out);
	lede_buf_free(&tl);
	free(folded);
}

/* A required or typed field: reports where the fix goes. */
static const char *field_str(const lede_value *meta, const char *key, const char *path,
                             const char *src, size_t len, lede_error *err, bool *bad)
{
	const lede_value *v = lede_value_get(meta, key);
	if (!v || v->type == LEDE_NULL)
		return NULL;
	if (v->type != LEDE_STRING) {
		lede_error_set(err, path, v->line, v->column, "'%s' must be a string, not %s", key,
		               lede_value_type_name(v->type));
		lede_error_snippet(err, src, len, v->line);
		*bad = true;
		return NULL;
	}
	return v->u.str.s;
}

bool lede_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
			continue;
		if (i + 1 < n && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0) {
			i++;
			continue;
		}
		return false;
	}
	return true;
}

bool lede_lang_valid(const char *s)
{
	size_t n = 0, first = 0; /* the language code's length */
	size_t part = 0;         /* the current subtag's (BCP 47: 8 at most, none empty) */
	for (; s[n]; n++) {
		unsigned char c = (unsigned char)s[n];
		bool letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
		if (n == 35 || !(letter || (n && ((c >= '0' && c <= '9') || c == '-' || c == '_'))))
			return false;
		if (first == n && letter)
			first++;
		if (c == '-' || c == '_') {
			if (!part)
				return false;
			part = 0;
		} else if (++part > 8) {
			return false;
		}
	}
	if (!part)
		return false;
	if (first == 2 || first == 3)
		return !s[first] || s[first] == '-' || s[first] == '_';
	/* x-private, i-grandfathered */
	bool tagged = (s[0] | 0x20) == 'x' || (s[0] | 0x20) == 'i';
	return first == 1 && tagged && (s[1] == '-' || s[1] == '_') && s[2];
}

void lede_lang_hint(const char *s, lede_buf *out)
{
	const char *code = lede_lang_named(s);
	if (code)
		lede_buf_printf(out, "; did you mean '%s'?", code);
}

const char *lede_lang_named(const char *s)
{
	static const char *const names[][2] = {
	    {"english", "en"},    {"french", "fr"},     {"francais", "fr"},   {"français", "fr"},
	    {"spanish", "es"},    {"espanol", "es"},    {"español", "es"},    {"castellano", "es"},
	    {"german", "de"},     {"deutsch", "de"},    {"italian", "it"},    {"italiano", "it"},
	    {"portuguese", "pt"}, {"portugues", "pt"},  {"português", "pt"},  {"dutch", "nl"},
	    {"nederlands", "nl"}, {"catalan", "ca"},    {"catala", "ca"},     {"català", "ca"},
	    {"chinese", "zh"},    {"japanese", "ja"},   {"korean", "ko"},     {"arabic", "ar"},
	    {"russian", "ru"},    {"polish", "pl"},     {"polski", "pl"},     {"turkish", "tr"},
	    {"turkce", "tr"},     {"türkçe", "tr"},     {"swedish", "sv"},    {"svenska", "sv"},
	    {"norwegian", "no"},  {"norsk", "no"},      {"danish", "da"},     {"dansk", "da"},
	    {"finnish", "fi"},    {"suomi", "fi"},      {"greek", "el"},      {"hebrew", "he"},
	    {"hindi", "hi"},      {"indonesian", "id"}, {"vietnamese", "vi"}, {"ukrainian", "uk"},
	    {"czech", "cs"},      {"romanian", "ro"},   {"hungarian", "hu"},  {"persian", "fa"},
	    {"swahili", "sw"},    {"thai", "th"},       {"bengali", "bn"},    {"urdu", "ur"},
	    {"malay", "ms"},      {"basque", "eu"},     {"euskara", "eu"},    {"galician", "gl"},
	    {"galego", "gl"},     {"welsh", "cy"},      {"irish", "ga"},      {"tagalog", "tl"},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *a = s, *b = names[i][0];
		/* (ASCII letters compared in either case; the rest as written) */
		while (*a && *b && ((unsigned char)*a < 0x80 ? (*a | 0x20) : *a) == *b)
			a++, b++;
		if (!*a && !*b)
			return names[i][1];
	}
	return NULL;
}

void lede_article_slug(const char *path, const char *given, const char *title, bool unicode,
                       lede_buf *out)
{
	if (given && given[0]) {
		lede_slugify_as(given, strlen(given), unicode, out);
	} else {
		/* the file name without folders, a leading date and the extension */
		const char *base = strrchr(path, '/');
		base = base ? base + 1 : path;
		const char *dot = strrchr(base, '.');
		size_t n = dot ? (size_t)(dot - base) : strlen(base);
		if (n > 11 && base[4] == '-' && base[7] == '-' && base[10] == '-') {
			base += 11;
			n -= 11;
		}
		lede_slugify_as(base, n, unicode, out);
	}
	if (!out->len && title)
		lede_slugify_as(title, strlen(title), unicode, out);
}

/* A tag's or section's slug (slen bytes) names its page: too long for a
 * file name is an error at v, the value it comes from. */
static int too_long(const lede_value *v, size_t slen, const char *what, const char *pattern,
                    const char *path, const char *src, size_t len, lede_error *err)
{
	if (slen <= LEDE_SLUG_MAX)
		return 0;
	lede_error_set(err, path, v->line, v->column,
	               "%s '%.*s...' is too long to name its page (%s): its slug is %zu bytes, "
	               "%d at most; shorten it",
	               what, (int)lede_utf8_cut(v->u.str.s, v->u.str.len, 40), v->u.str.s, pattern,
	               slen, LEDE_SLUG_MAX);
	lede_error_snippet(err, src, len, v->line);
	return -1;
}

/* Whether s has a character a reader sees: a letter, digit, mark,
 * punctuation or symbol (not a space, a control, a format character such
 * as a zero-width space, a noncharacter or an unassigned code point). */
static bool visible(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t n = (utf8proc_ssize_t)strlen(s);
	while (n > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t l = utf8proc_iterate(p, n, &cp);
		if (l <= 0)
			return true; /* (not UTF-8: front matter refuses it before) */
		switch (utf8proc_category(cp)) {
		case UTF8PROC_CATEGORY_CN:
		case UTF8PROC_CATEGORY_CC:
		case UTF8PROC_CATEGORY_CF:
		case UTF8PROC_CATEGORY_CS:
		case UTF8PROC_CATEGORY_ZS:
		case UTF8PROC_CATEGORY_ZL:
		case UTF8PROC_CATEGORY_ZP: break;
		default: return true;
		}
		p += l;
		n -= l;
	}
	return false;
}

/* tags, authors and author list text: an item that is a list or a
 * mapping (tags: [x, [nested]], authors: [{name: Ana}]) was dropped
 * without a word. An error at the item. */
static int check_text_lists(const lede_value *meta, const char *path, const char *src, size_t len,
                            lede_error *err)
{
	static const char *const keys[] = {"tags", "authors", "author"};
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
		const lede_value *v = lede_value_get(meta, keys[k]);
		size_t n = !v ? 0 : v->type == LEDE_SEQ ? v->u.list.n : 1;
		for (size_t i = 0; i < n; i++) {
			const lede_value *t = v->type == LEDE_SEQ ? v->u.list.items[i] : v;
			if (!t || (t->type != LEDE_SEQ && t->type != LEDE_MAP))
				continue;
			const char *kind = t->type == LEDE_SEQ ? "a list" : "a mapping";
			if (v->type == LEDE_SEQ)
				lede_error_set(
				    err, path, t->line, t->column,
				    "'%s' item %zu is %s; each of its items is text, as in "
				    "%s: [first, second]",
				    keys[k], i + 1, kind, keys[k]);
			else
				lede_error_set(err, path, t->line, t->column,
				               "'%s' is %s; write it as text%s", keys[k], kind,
				               k == 2 ? ", or list several as authors: [Ana, Tom]"
				                      : " or a list of text");
			lede_error_snippet(err, src, len, t->line);
			return -1;
		}
	}
	return 0;
}

/* What the feeds read as it is: an author's name (a blank one is an
 * empty <name> in Atom, which a feed reader refuses) and the entry's id
 * (Atom's <id> is an IRI). An error at the value. */
static int check_feed_fields(const lede_value *meta, const char *path, const char *src, size_t len,
                             lede_error *err)
{
	const lede_value *au = lede_value_get(meta, "authors");
	if (!au || au->type == LEDE_NULL)
		au = lede_value_get(meta, "author");
	size_t n = !au ? 0 : au->type == LEDE_SEQ ? au->u.list.n : 1;
	for (size_t i = 0; i < n; i++) {
		const lede_value *t = au->type == LEDE_SEQ ? au->u.list.items[i] : au;
		if (!t || t->type != LEDE_STRING || !lede_blank(t->u.str.s, t->u.str.len))
			continue;
		lede_error_set(err, path, t->line, t->column,
		               "an author's name is blank; write the name, or remove the item");
		lede_error_snippet(err, src, len, t->line);
		return -1;
	}
	const lede_value *id = lede_value_get(meta, "id");
	if (id && id->type == LEDE_STRING && !id->u.str.len) {
		lede_error_set(
		    err, path, id->line, id->column,
		    "'id' is empty; write the entry's URI (tag:example.org,2020:42, or "
		    "a URL), or remove the line: it is the entry's identity in the feeds");
		lede_error_snippet(err, src, len, id->line);
		return -1;
	}
	if (id && id->type == LEDE_STRING && lede_uri_forbidden(id->u.str.s, id->u.str.len)) {
		/* Name the byte and what to write instead: "no spaces" said
		 * nothing of the '<' in "tag:x.org,2020:<a&b>" ('&' is fine). */
		size_t i = 0;
		while (!lede_uri_forbidden(id->u.str.s + i, 1))
			i++;
		unsigned char c = (unsigned char)id->u.str.s[i];
		char what[32];
		if (c == ' ')
			snprintf(what, sizeof what, "a space");
		else if (c < 0x20 || c == 0x7F)
			snprintf(what, sizeof what, "a control character (U+%04X)", c);
		else
			snprintf(what, sizeof what, "'%c'", c);
		if (c < 0x20 || c == 0x7F)
			lede_error_set(
			    err, path, id->line, id->column,
			    "'id' holds %s, which a URI may not; remove it: the id is the "
			    "entry's identity in the feeds (tag:example.org,2020:42, or a "
			    "URL)",
			    what);
		else
			lede_error_set(
			    err, path, id->line, id->column,
			    "'id' holds %s, one of the characters a URI may not hold (a "
			    "space, \" < > \\ ^ ` { | }); write it percent-encoded (%%%02X) or "
			    "leave it out: the id is the entry's identity in the feeds "
			    "(tag:example.org,2020:42, or a URL)",
			    what, c);
		lede_error_snippet(err, src, len, id->line);
		return -1;
	}
	return 0;
}

/* A tag names its page (tags/{tag}/): one whose slug is empty, "." or
 * ".." would write the page over the tags folder or outside it. An ASCII
 * tag like that ("..", "!!", "") is a mistake: an error. An emoji, and
 * with ASCII slugs a tag in another script, also slugs to nothing, but it
 * is a real tag that feeds show as a category: it stays, without a tag
 * page (the collections warn of those another kind of slug would name). */
static int check_tags(const lede_value *meta, const char *path, const char *src, size_t len,
                      bool unicode, lede_error *err)
{
	const lede_value *tags = lede_value_get(meta, "tags");
	size_t n = !tags ? 0 : tags->type == LEDE_SEQ ? tags->u.list.n : 1;
	for (size_t i = 0; i < n; i++) {
		const lede_value *t = tags->type == LEDE_SEQ ? tags->u.list.items[i] : tags;
		if (!t || t->type != LEDE_STRING)
			continue;
		lede_buf sb = LEDE_BUF_INIT;
		lede_slugify_as(t->u.str.s, t->u.str.len, unicode, &sb);
		const char *slug = lede_buf_cstr(&sb);
		bool ascii = true;
		for (size_t k = 0; k < t->u.str.len; k++)
			ascii = ascii && (unsigned char)t->u.str.s[k] < 0x80;
		bool bad = (!sb.len && ascii) || !strcmp(slug, ".") || !strcmp(slug, "..");
		size_t slen = sb.len;
		lede_buf_free(&sb);
		if (too_long(t, slen, "tag", "tags/{tag}/", path, src, len, err))
			return -1;
		if (bad) {
			lede_error_set(err, path, t->line, t->column,
			               "tag '%.*s' has no letters or digits to name its page "
			               "(tags/{tag}/); write it with some, or remove it",
			               (int)lede_utf8_cut(t->u.str.s, t->u.str.len, 60),
			               t->u.str.s);
			lede_error_snippet(err, src, len, t->line);
			return -1;
		}
	}
	return 0;
}

/* The error for an article of size bytes, more than max. */
static void too_big(const char *path, unsigned long long size, size_t max, lede_error *err)
{
	lede_error_set(err, path, 0, 0,
	               "%.1f MiB, more than the %.4g MiB one article may hold; split it, or "
	               "raise 'limits: {article_mb: N}' in lede.yaml",
	               (double)size / 1048576, (double)max / 1048576);
}

lede_article *lede_article_parse(const char *path, const char *text, size_t len,
                                 const lede_article_opts *o, lede_error *err)
{
	if (o->max_bytes && len > o->max_bytes) {
		too_big(path, len, o->max_bytes, err);
		return NULL;
	}
	lede_arena *ar = lede_arena_new();
	lede_article *a = lede_arena_alloc(ar, sizeof *a);
	a->arena = ar;
	a->path = lede_arena_strdup(ar, path);
	a->source = lede_arena_strndup(ar, text, len);
	a->source_len = len;

	lede_frontmatter fm;
	double t0 = o->times ? lede_clock() : 0;
	int fm_rc = lede_frontmatter_parse(ar, a->path, a->source, len, &fm, err);
	if (o->times)
		o->times[0] += lede_clock() - t0;
	if (fm_rc != 0)
		goto fail;
	a->meta = fm.meta;
	a->body_offset = fm.body_offset;
	a->body_line = fm.body_line;

	bool bad = false;
	/* (YAML 1.1's merge key: another parser would take the fields of the
	 * mapping it names; lede reads them as written, and the article then
	 * missed its title, said as no more than that) */
	const lede_value *merge = lede_value_get(a->meta, "<<");
	if (merge) {
		/* (at the key: the value, an alias, has its anchor's place) */
		int line = merge->line, col = merge->column;
		size_t fm_len = a->body_offset < len ? a->body_offset : len;
		for (size_t i = 0; i + 3 <= fm_len; i++)
			if (a->source[i] == '\n' && a->source[i + 1] == '<' &&
			    a->source[i + 2] == '<') {
				lede_error_locate(a->source, i + 1, &line, &col);
				break;
			}
		lede_error_set(err, a->path, line, col,
		               "'<<' (a YAML merge key) is not read: lede takes the front "
		               "matter's fields as they are written; write them out here (an "
		               "anchor's value may still be a field's, as in tags: *common)");
		lede_error_snippet(err, a->source, len, line);
		goto fail;
	}
	const lede_value *t = lede_value_get(a->meta, "title");
	if (!t || t->type == LEDE_NULL ||
	    (t->type == LEDE_STRING && lede_blank(t->u.str.s, t->u.str.len))) {
		int line = t ? t->line : 1;
		/* (Hugo's and Zola's other front matter: not read, and said so) */
		const char *at = a->source;
		if (len >= 3 && !memcmp(at, "\xEF\xBB\xBF", 3))
			at += 3;
		bool toml = !t && !strncmp(at, "+++", 3) && (at[3] == '\n' || at[3] == '\r');
		if (toml)
			lede_error_set(
			    err, a->path, 1, 1,
			    "front matter in TOML (between +++ lines) is not read: lede "
			    "reads YAML between --- lines; write it so (title = \"x\" as "
			    "title: \"x\")");
		else
			lede_error_set(
			    err, a->path, line, t ? t->column : 1,
			    "missing title; add a line 'title: ...' to the front matter");
		lede_error_snippet(err, a->source, len, line);
		goto fail;
	}
	a->title = field_str(a->meta, "title", a->path, a->source, len, err, &bad);
	if (bad)
		goto fail;
	if (a->title && !visible(a->title)) {
		/* ("\uFFFF", "\u0085", a zero-width space: every output drops
		 * or hides them, and the feeds got an empty <title>) */
		lede_error_set(err, a->path, t->line, t->column,
		               "the title has no character to show (only spaces, controls "
		               "or invisible characters); write a title");
		lede_error_snippet(err, a->source, len, t->line);
		goto fail;
	}

	const lede_value *d = lede_value_get(a->meta, "date");
	if (!d || d->type == LEDE_NULL) {
		lede_error_set(err, a->path, d ? d->line : 1, d ? d->column : 1,
		               "missing date; add a line 'date: YYYY-MM-DD' to the front matter");
		lede_error_snippet(err, a->source, len, d ? d->line : 1);
		goto fail;
	}
	if (d->type == LEDE_TIMESTAMP) {
		a->date = d->u.ts;
	} else if (d->type == LEDE_STRING) {
		size_t col = 0;
		const char *why = "";
		if (lede_date_parse(d->u.str.s, d->u.str.len, &a->date, &col, &why) != 0) {
			lede_error_set(err, a->path, d->line, d->column + (int)col,
			               "bad date '%s': %s; write it as YYYY-MM-DD or "
			               "YYYY-MM-DDThh:mm:ss+hh:mm",
			               d->u.str.s, why);
			lede_error_snippet(err, a->source, len, d->line);
			goto fail;
		}
	} else {
		lede_error_set(
		    err, a->path, d->line, d->column,
		    "bad date: a %s; write it as YYYY-MM-DD or YYYY-MM-DDThh:mm:ss+hh:mm",
		    lede_value_type_name(d->type));
		lede_error_snippet(err, a->source, len, d->line);
		goto fail;
	}

	a->summary = field_str(a->meta, "summary", a->path, a->source, len, err, &bad);
	a->section = field_str(a->meta, "section", a->path, a->source, len, err, &bad);
	a->lang = field_str(a->meta, "lang", a->path, a->source, len, err, &bad);
	const char *slug = field_str(a->meta, "slug", a->path, a->source, len, err, &bad);
	if (bad)
		goto fail;
	if (a->lang && a->lang[0] && !lede_lang_valid(a->lang)) {
		const lede_value *l = lede_value_get(a->meta, "lang");
		lede_buf hint = LEDE_BUF_INIT;
		lede_lang_hint(a->lang, &hint);
		lede_error_set(err, a->path, l->line, l->column,
		               "lang '%.40s' is not a language tag (it names the page's folder): "
		               "" LEDE_LANG_RULE "%s",
		               a->lang, lede_buf_cstr(&hint));
		lede_buf_free(&hint);
		lede_error_snippet(err, a->source, len, l->line);
		goto fail;
	}
	if (!a->lang || !a->lang[0])
		a->lang = lede_arena_strdup(ar, o->default_lang ? o->default_lang : "en");
	const lede_value *dr = lede_value_get(a->meta, "draft");
	if (dr && dr->type != LEDE_BOOL && dr->type != LEDE_NULL) {
		lede_error_set(err, a->path, dr->line, dr->column, "'draft' must be true or false");
		lede_error_snippet(err, a->source, len, dr->line);
		goto fail;
	}
	a->draft = dr && dr->type == LEDE_BOOL && dr->u.b;
	if (check_text_lists(a->meta, a->path, a->source, len, err) ||
	    check_feed_fields(a->meta, a->path, a->source, len, err) ||
	    check_tags(a->meta, a->path, a->source, len, o->unicode_slugs, err))
		goto fail;
	if (a->section && a->section[0]) {
		/* it names the section's page ({section}/) and its articles'
		 * folders */
		lede_buf sec = LEDE_BUF_INIT;
		lede_slugify_as(a->section, strlen(a->section), o->unicode_slugs, &sec);
		size_t slen = sec.len;
		lede_buf_free(&sec);
		if (too_long(lede_value_get(a->meta, "section"), slen, "section", "{section}/",
		             a->path, a->source, len, err))
			goto fail;
	}

	lede_buf sb = LEDE_BUF_INIT;
	lede_article_slug(a->path, slug, a->title, o->unicode_slugs, &sb);
	if (sb.len > LEDE_SLUG_MAX) {
		/* its page's folder or file would be refused by the file system:
		 * said here, where the slug comes from (the front matter's slug,
		 * the file name, or the title when the name has no letters) */
		bool given = slug && slug[0];
		lede_buf fb = LEDE_BUF_INIT;
		if (!given)
			lede_article_slug(a->path, NULL, NULL, o->unicode_slugs, &fb);
		bool named = !given && fb.len;
		lede_buf_free(&fb);
		const lede_value *from =
		    named ? NULL : lede_value_get(a->meta, given ? "slug" : "title");
		int line = from ? from->line : 0, col = from ? from->column : 0;
		lede_error_set(err, a->path, line, col,
		               "the article's slug (from its %s) is %zu bytes long, %d at most: it "
		               "names the page's file; %s",
		               given   ? "front matter"
		               : named ? "file name"
		                       : "title",
		               sb.len, LEDE_SLUG_MAX,
		               given ? "shorten it"
		               : named
		                   ? "rename the file, or give a shorter slug: in the front matter"
		                   : "give a shorter slug: in the front matter");
		if (line)
			lede_error_snippet(err, a->source, len, line);
		lede_buf_free(&sb);
		goto fail;
	}
	a->slug = lede_arena_strndup(ar, lede_buf_cstr(&sb), sb.len);
	lede_buf_free(&sb);

	a->tags = lede_value_strings(ar, lede_value_get(a->meta, "tags"));
	/* (authors: left empty is null: absent, so author: counts) */
	const lede_value *au = lede_value_get(a->meta, "authors");
	a->authors = lede_value_strings(
	    ar, au && au->type != LEDE_NULL ? au : lede_value_get(a->meta, "author"));
	if (o->times)
		t0 = lede_clock();
	lede_markdown_opts mo = o->markdown;
	mo.utf8_checked = true; /* the whole file, by lede_frontmatter_parse */
	/* article_mb bounds the file; dense markup ("*a* " over and over)
	 * takes cmark some 200 bytes a byte, so the parse is bounded too:
	 * 16 MiB of it took 5 GB and 39 s. */
	if (o->max_bytes)
		mo.max_cost = o->max_bytes * LEDE_ARTICLE_PARSE_TIMES;
	a->body = lede_markdown_parse(ar, a->source + a->body_offset, len - a->body_offset,
	                              a->body_line, &mo, err);
	if (o->times)
		o->times[1] += lede_clock() - t0;
	if (!a->body) {
		snprintf(err->file, sizeof err->file, "%s", a->path);
		lede_error_snippet(err, a->source, len, err->line);
		goto fail;
	}
	if (o->times)
		t0 = lede_clock();
	/* The quotes are found when a.quotes is first read (lede_article_quotes):
	 * half the extraction's time, and many sites never read them. */
	int ex_rc = o->extract ? lede_extract_links_checked(o->extract, ar, a->source, len,
	                                                    a->body_offset, LEDE_EXTRACT_MARKDOWN,
	                                                    a->lang, &a->extraction, err)
	                       : 0; /* the whole file checked as UTF-8 (lede_frontmatter_parse) */
	/* Bare URLs and e-mails become Links where the extractor found them. */
	if (ex_rc == 0 && o->extract)
		lede_markdown_autolink(a->body, a->source, len, &a->extraction);
	if (o->times)
		o->times[2] += lede_clock() - t0;
	if (ex_rc != 0)
		goto fail;
	return a;
fail:
	lede_arena_free(ar);
	return NULL;
}

lede_article *lede_article_load(const char *root, const char *path, const lede_article_opts *o,
                                lede_error *err)
{
	lede_buf full = LEDE_BUF_INIT;
	if (root && root[0] && strcmp(root, ".") != 0 && path[0] != '/')
		lede_buf_printf(&full, "%s/%s", root, path);
	else
		lede_buf_puts(&full, path);
	size_t len;
	int fd = open(lede_buf_cstr(&full), O_RDONLY | O_CLOEXEC);
	long long size;
	if (lede_fd_over(fd, o->max_bytes, &size)) { /* refused before it is read */
		close(fd);
		lede_buf_free(&full);
		too_big(path, (unsigned long long)size, o->max_bytes, err);
		return NULL;
	}
	char *text = fd >= 0 ? lede_read_rest(fd, NULL, 0, size, &len) : NULL;
	int e = errno;
	if (fd >= 0)
		close(fd);
	if (!text) {
		char target[4096];
		ssize_t t =
		    e == ENOENT ? readlink(lede_buf_cstr(&full), target, sizeof target - 1) : -1;
		if (t > 0)
			lede_error_set(
			    err, path, 0, 0,
			    "cannot read: a dangling symlink (to %.*s); restore the file it "
			    "leads to, or remove the link to withdraw the article",
			    (int)t, target);
		else
			lede_error_set(err, path, 0, 0, "cannot read: %s", strerror(e));
		lede_buf_free(&full);
		return NULL;
	}
	lede_buf_free(&full);
	lede_article *a = lede_article_parse(path, text, len, o, err);
	free(text);
	return a;
}

static lede_value *new_value(lede_arena *ar, lede_value_type t)
{
	lede_value *v = lede_arena_alloc(ar, sizeof *v);
	memset(v, 0, sizeof *v);
	v->type = t;
	return v;
}

static lede_value *str_value(lede_arena *ar, const char *s, size_t n)
{
	lede_value *v = new_value(ar, LEDE_STRING);
	v->u.str.s = lede_arena_strndup(ar, s, n);
	v->u.str.len = n;
	return v;
}

static lede_value *new_list(lede_arena *ar, lede_value_type t, size_t cap)
{
	lede_value *v = new_value(ar, t);
	v->u.list.items = lede_arena_alloc(ar, (cap ? cap : 1) * sizeof *v->u.list.items);
	if (t == LEDE_MAP)
		v->u.list.keys = lede_arena_alloc(ar, (cap ? cap : 1) * sizeof *v->u.list.keys);
	return v;
}

lede_value *lede_value_strings(lede_arena *ar, const lede_value *v)
{
	size_t n = v && v->type == LEDE_SEQ ? v->u.list.n : 1;
	lede_value *out = new_list(ar, LEDE_SEQ, n);
	if (!v)
		return out;
	for (size_t i = 0; i < n; i++) {
		const lede_value *it = v->type == LEDE_SEQ ? v->u.list.items[i] : v;
		char num[64];
		if (!it)
			continue;
		if (it->type == LEDE_STRING) {
			out->u.list.items[out->u.list.n++] =
			    str_value(ar, it->u.str.s, it->u.str.len);
			continue;
		}
		if (v->type != LEDE_SEQ)
			break; /* a single value must be a string */
		if (it->type == LEDE_INT)
			snprintf(num, sizeof num, "%lld", (long long)it->u.i);
		else if (it->type == LEDE_FLOAT)
			snprintf(num, sizeof num, lede_double_whole(it->u.f) ? "%.1f" : "%.14g",
			         it->u.f);
		else
			continue;
		out->u.list.items[out->u.list.n++] = str_value(ar, num, strlen(num));
	}
	return out;
}

static void map_set(lede_arena *ar, lede_value *m, const char *k, lede_value *v)
{
	if (!v)
		return;
	m->u.list.keys[m->u.list.n] = k;
	m->u.list.items[m->u.list.n++] = v;
	(void)ar;
}

static lede_value *opt_str(lede_arena *ar, const char *s)
{
	return s ? str_value(ar, s, strlen(s)) : NULL;
}

static lede_value *int_value(lede_arena *ar, int64_t i)
{
	lede_value *v = new_value(ar, LEDE_INT);
	v->u.i = i;
	return v;
}

lede_value *lede_article_links(lede_article *a)
{
	if (a->links)
		return a->links;
	const lede_extraction *x = &a->extraction;
	lede_arena *ar = a->arena;
	a->links = new_list(ar, LEDE_SEQ, x->nlinks);
	for (size_t i = 0; i < x->nlinks; i++) {
		const lede_link *l = &x->links[i];
		lede_value *m = new_list(ar, LEDE_MAP, 6);
		/* sorted keys, as maps that come back from Lua */
		map_set(ar, m, "end", int_value(ar, (int64_t)l->end));
		map_set(ar, m, "kind", opt_str(ar, l->kind));
		map_set(ar, m, "paragraph", int_value(ar, l->paragraph));
		map_set(ar, m, "start", int_value(ar, (int64_t)l->start));
		map_set(ar, m, "text", opt_str(ar, l->text));
		map_set(ar, m, "url", opt_str(ar, l->url));
		a->links->u.list.items[a->links->u.list.n++] = m;
	}
	return a->links;
}

lede_value *lede_article_quotes(lede_article *a, lede_extract_ctx *c, size_t *warned)
{
	if (warned)
		*warned = 0;
	if (a->quotes)
		return a->quotes;
	size_t n = lede_extract_quotes(c, &a->extraction);
	if (warned)
		*warned = n;
	const lede_extraction *x = &a->extraction;
	lede_arena *ar = a->arena;
	a->quotes = new_list(ar, LEDE_SEQ, x->nquotes);
	for (size_t i = 0; i < x->nquotes; i++) {
		const lede_quote *q = &x->quotes[i];
		lede_value *m = new_list(ar, LEDE_MAP, 8);
		lede_value *conf = new_value(ar, LEDE_FLOAT);
		conf->u.f = q->confidence;
		map_set(ar, m, "confidence", conf);
		map_set(ar, m, "cue", opt_str(ar, q->cue));
		map_set(ar, m, "end", int_value(ar, (int64_t)q->end));
		map_set(ar, m, "paragraph", int_value(ar, q->paragraph));
		map_set(ar, m, "role", opt_str(ar, q->role));
		map_set(ar, m, "speaker", opt_str(ar, q->speaker));
		map_set(ar, m, "start", int_value(ar, (int64_t)q->start));
		map_set(ar, m, "text", opt_str(ar, q->text));
		a->quotes->u.list.items[a->quotes->u.list.n++] = m;
	}
	return a->quotes;
}

const char *lede_article_summary(lede_article *a)
{
	if (a->summary)
		return a->summary;
	for (const lede_node *n = a->body ? a->body->first : NULL; n; n = n->next) {
		if (n->type != LEDE_NODE_PARAGRAPH)
			continue;
		lede_buf b = LEDE_BUF_INIT;
		lede_node_text(n, &b);
		const char *s = lede_arena_strndup(a->arena, lede_buf_cstr(&b), b.len);
		lede_buf_free(&b);
		return s;
	}
	return "";
}

static const char *keep_str(lede_arena *a, const char *s);

/* Whether v is the string s. */
static bool is_str(const lede_value *v, const char *s)
{
	return s && v && v->type == LEDE_STRING && strlen(s) == v->u.str.len &&
	       !memcmp(v->u.str.s, s, v->u.str.len);
}

/* Whether x and y are lists of the same strings. */
static bool same_strings(const lede_value *x, const lede_value *y)
{
	if (!x || !y || x->type != LEDE_SEQ || y->type != LEDE_SEQ || x->u.list.n != y->u.list.n)
		return false;
	for (size_t i = 0; i < x->u.list.n; i++) {
		const lede_value *a = x->u.list.items[i], *b = y->u.list.items[i];
		if (a->type != LEDE_STRING || b->type != LEDE_STRING ||
		    a->u.str.len != b->u.str.len || memcmp(a->u.str.s, b->u.str.s, a->u.str.len))
			return false;
	}
	return true;
}

/* A record's front matter: a record lives the whole build, so its copy is
 * lean (no key positions) and a value equal to one of the record's own
 * fields (the title, the tags...) is that field's memory, not a second
 * copy. Hooks replace values, never change them in place, so the sharing
 * is not seen. */
static lede_value *record_meta(lede_arena *ar, const lede_value *m, const lede_article *r)
{
	if (!m || m->type != LEDE_MAP)
		return lede_value_copy_lean(ar, m);
	const char *fields[] = {r->title, r->summary, r->slug, r->lang, r->section};
	lede_value *c = lede_arena_alloc_aligned(ar, sizeof *c, alignof(lede_value));
	*c = *m;
	size_t n = m->u.list.n;
	c->u.list.items = lede_arena_alloc_aligned(ar, (n ? n : 1) * sizeof *c->u.list.items,
	                                           alignof(lede_value *));
	const char **keys =
	    lede_arena_alloc_aligned(ar, (n ? n : 1) * sizeof *keys, alignof(char *));
	c->u.list.key_nodes = NULL;
	for (size_t i = 0; i < n; i++) {
		const lede_value *v = m->u.list.items[i];
		keys[i] = lede_value_key(ar, m->u.list.keys[i]);
		lede_value *cv = NULL;
		for (size_t k = 0; !cv && k < sizeof fields / sizeof *fields; k++)
			if (is_str(v, fields[k])) {
				cv = lede_arena_alloc_aligned(ar, sizeof *cv, alignof(lede_value));
				*cv = *v;
				cv->u.str.s = fields[k];
			}
		if (!cv && same_strings(v, r->tags))
			cv = r->tags;
		if (!cv && same_strings(v, r->authors))
			cv = r->authors;
		c->u.list.items[i] = cv ? cv : lede_value_copy_lean(ar, v);
	}
	c->u.list.keys = keys;
	return c;
}

/* s (or NULL) from pool */
static const char *pooled_str(lede_value_pool *pool, const char *s)
{
	if (!s)
		return NULL;
	lede_value v = {.type = LEDE_STRING, .u.str = {s, strlen(s)}};
	return lede_value_pooled(pool, &v)->u.str.s;
}

/* pool: NULL, or where tags, outlet and section are shared from */
lede_article *lede_article_light(lede_arena *ar, const lede_article *src, lede_value_pool *pool)
{
	lede_article *a = lede_arena_alloc(ar, sizeof *a);
	memset(a, 0, sizeof *a);
	a->arena = ar;
	a->record = true;
	a->path = keep_str(ar, src->path);
	a->title = keep_str(ar, src->title);
	a->date = src->date;
	a->released = lede_article_released(src);
	a->draft = src->draft;
	/* a few hundred tags, one outlet, a dozen sections, for an archive
	 * of records: shared from the pool */
	a->section = pool ? pooled_str(pool, src->section) : keep_str(ar, src->section);
	a->outlet = pool ? pooled_str(pool, src->outlet) : keep_str(ar, src->outlet);
	const lede_value *tags = src->tags;
	if (pool && tags && tags->type == LEDE_SEQ) {
		lede_value *c = lede_arena_alloc_aligned(ar, sizeof *c, alignof(lede_value));
		*c = *tags;
		size_t n = tags->u.list.n;
		c->u.list.items = lede_arena_alloc_aligned(
		    ar, (n ? n : 1) * sizeof *c->u.list.items, alignof(lede_value *));
		for (size_t i = 0; i < n; i++)
			c->u.list.items[i] =
			    (lede_value *)lede_value_pooled(pool, tags->u.list.items[i]);
		a->tags = c;
	} else {
		a->tags = lede_value_copy_lean(ar, tags);
	}
	a->url = keep_str(ar, src->url);
	/* the same page most of the time: one copy for both */
	a->file =
	    src->file && a->url && !strcmp(src->file, a->url) ? a->url : keep_str(ar, src->file);
	a->index = src->index;
	a->summary = keep_str(ar, src->summary);
	a->slug = keep_str(ar, src->slug);
	a->lang = pool ? pooled_str(pool, src->lang) : keep_str(ar, src->lang);
	return a;
}

int lede_meta_date(const lede_value *v, lede_date *out)
{
	if (v && v->type == LEDE_TIMESTAMP) {
		*out = v->u.ts;
		return 0;
	}
	size_t col;
	const char *why;
	if (v && v->type == LEDE_STRING)
		return lede_date_parse(v->u.str.s, v->u.str.len, out, &col, &why);
	return -1;
}

lede_date lede_article_released(const lede_article *a)
{
	if (a->released.year)
		return a->released;
	const lede_value *v = a->meta ? lede_value_get(a->meta, "embargo") : NULL;
	lede_date until;
	bool ok = lede_meta_date(v, &until) == 0;
	if (!ok && (!v || v->type == LEDE_NULL) && a->held_until.year) {
		until = a->held_until; /* (it waited for its story's) */
		ok = true;
	}
	return ok && lede_date_compare(&until, &a->date) > 0 ? until : a->date;
}

lede_article *lede_article_record(lede_arena *ar, lede_article *src, const lede_value *fragment)
{
	lede_article *a = lede_article_light(ar, src, NULL);
	if (!a->summary) /* derived from the body */
		a->summary = keep_str(ar, lede_article_summary(src));
	a->authors = lede_value_copy_lean(ar, src->authors);
	a->meta = record_meta(ar, src->meta, a);
	a->fragment = lede_value_copy(ar, fragment);
	return a;
}

static const char *keep_str(lede_arena *a, const char *s)
{
	return s ? lede_arena_strdup(a, s) : NULL;
}

lede_article *lede_article_copy(const lede_article *src, const char *outlet)
{
	lede_arena *ar = lede_arena_new();
	lede_article *a = lede_arena_alloc(ar, sizeof *a);
	*a = *src;
	a->arena = ar;
	a->meta = lede_value_copy(ar, src->meta);
	a->title = keep_str(ar, src->title);
	a->summary = keep_str(ar, src->summary);
	a->slug = keep_str(ar, src->slug);
	a->lang = keep_str(ar, src->lang);
	a->section = keep_str(ar, src->section);
	a->body = src->body ? lede_node_copy(ar, src->body) : NULL;
	a->tags = lede_value_copy(ar, src->tags);
	a->authors = lede_value_copy(ar, src->authors);
	a->links = lede_value_copy(ar, src->links);
	a->quotes = lede_value_copy(ar, src->quotes);
	a->outlet = keep_str(ar, outlet);
	a->url = keep_str(ar, src->url);
	a->file = keep_str(ar, src->file);
	/* The extraction's arrays are read-only facts about the source:
	 * shared. What plugins see and change is a->links and a->quotes. */
	return a;
}

void lede_article_free(lede_article *a)
{
	if (a)
		lede_arena_free(a->arena);
}
