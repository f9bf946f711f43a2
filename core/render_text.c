/* render_text.c: lede nodes to plain text for newsletters and e-mail:
 * paragraphs wrapped at a column without breaking words or URLs, links as
 * numbered references listed at the end, lists, quotes and headings kept
 * readable. */
#include "escape.h"
#include "node.h"
#include "strindex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef struct {
	const lede_render_opts *o;
	lede_buf *out;
	char **refs; /* link targets, in order of first use (owned) */
	size_t nrefs, caprefs;
	lede_strindex index; /* of refs */
} state;

/* The number of url's reference, made when it is new (an article of
 * 20,000 links took 1.3 s to look each up among the others). */
static size_t ref_index(state *st, const char *url)
{
	size_t *slot = lede_strindex_slot(&st->index, st->refs, st->nrefs, url);
	if (*slot)
		return *slot;
	if (st->nrefs == st->caprefs) {
		st->caprefs = st->caprefs ? st->caprefs * 2 : 8;
		st->refs = lede_xrealloc(st->refs, st->caprefs * sizeof *st->refs);
	}
	st->refs[st->nrefs++] = lede_xstrdup(url); /* (url may be a cleaned copy, freed) */
	*slot = st->nrefs;
	return st->nrefs;
}

/* A link's or image's target as the text shows it, into out (empty: none):
 * its control characters removed (it is printed as text), and a
 * javascript: or data: one dropped, as in HTML (a reader would paste it,
 * or a mail client make it a link). */
static void target(const state *st, const lede_node *n, lede_buf *out)
{
	if (n->url)
		lede_text_clean(n->url, strlen(n->url), out);
	if (!st->o->allow_unsafe && !lede_url_is_safe(out->data ? out->data : "", out->len))
		lede_buf_reset(out);
}

/* Display width in terminal columns: wide characters (CJK, most emoji)
 * count two, combining marks and zero-width joiners none (utf8proc's
 * East Asian Width data), and so does what a joiner glues to the emoji
 * before it (a family of four is one emoji), or a skin tone modifier;
 * invalid bytes count one. */
static size_t width(const char *s, size_t n)
{
	size_t w = 0, i = 0;
	utf8proc_int32_t prev = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(n - i), &cp);
		if (l <= 0) {
			w++;
			i++;
			prev = 0;
			continue;
		}
		int cw = utf8proc_charwidth(cp);
		if (prev == 0x200D || (cp >= 0x1F3FB && cp <= 0x1F3FF && prev > ' '))
			cw = 0;
		w += cw > 0 ? (size_t)cw : 0;
		i += (size_t)l;
		prev = cp;
	}
	return w;
}

/* Link text that is itself an address, as autolinks and bare URLs are
 * written: a scheme, "www.", or an e-mail address, with no space. */
static bool bare_url(const char *t)
{
	if (!t[0] || strpbrk(t, " \t\n"))
		return false;
	if (!strncmp(t, "www.", 4))
		return true;
	const char *c = t;
	while ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
	       *c == '+' || *c == '.' || *c == '-')
		c++;
	if (c > t && c[0] == ':' && c[1] == '/' && c[2] == '/')
		return true;
	const char *at = strchr(t, '@');
	return at && at > t && strchr(at, '.') && !strchr(at + 1, '@');
}

static void inlines(state *st, const lede_node *n, lede_buf *b);

/* Whether s holds nothing but spaces, tabs and line ends. */
static bool blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

static void inline_one(state *st, const lede_node *c, lede_buf *b)
{
	switch (c->type) {
	case LEDE_NODE_TEXT:
	case LEDE_NODE_CODE:
		/* plain text cannot escape control characters: they go */
		if (c->literal)
			lede_text_clean(c->literal, strlen(c->literal), b);
		break;
	case LEDE_NODE_SOFTBREAK: lede_buf_putc(b, ' '); break;
	case LEDE_NODE_LINEBREAK: lede_buf_putc(b, '\n'); break;
	case LEDE_NODE_RAW_INLINE:
		if (c->info && !strcmp(c->info, "text") && c->literal)
			lede_buf_puts(b, c->literal);
		break;
	case LEDE_NODE_HTML_INLINE: break;
	case LEDE_NODE_FOOTNOTE_REFERENCE:
		/* not [n]: that is a link reference in this renderer */
		lede_buf_printf(b, "[^%d]", c->number);
		break;
	case LEDE_NODE_LINK: {
		lede_buf t = LEDE_BUF_INIT, cu = LEDE_BUF_INIT;
		inlines(st, c, &t);
		target(st, c, &cu);
		const char *u = lede_buf_cstr(&cu);
		const char *tx = lede_buf_cstr(&t);
		bool same = !strcmp(tx, u) || (!strncmp(u, "mailto:", 7) && !strcmp(tx, u + 7));
		if (same || !u[0]) {
			lede_buf_puts(b, tx);
		} else if (bare_url(tx) || blank(tx)) {
			/* A bare URL ("www.x.org", or one a plugin changed since):
			 * the target itself, not the text and a reference to it.
			 * So is a link with no text, or whose only content is a
			 * decorative image (![](logo.png), written as nothing): a
			 * reference alone, " [1]", would number a link the reader
			 * is told nothing of. */
			lede_buf_puts(b, !strncmp(u, "mailto:", 7) ? u + 7 : u);
		} else if (st->o->references) {
			lede_buf_printf(b, "%s [%zu]", tx, ref_index(st, u));
		} else {
			lede_buf_printf(b, "%s <%s>", tx, u);
		}
		lede_buf_free(&t);
		lede_buf_free(&cu);
		break;
	}
	case LEDE_NODE_IMAGE: {
		lede_buf t = LEDE_BUF_INIT, cu = LEDE_BUF_INIT;
		inlines(st, c, &t);
		/* An empty alt (![](chart.png), or ![""] said on purpose:
		 * lede_alt_decorative) says the image is decoration,
		 * as a screen reader takes it: nothing, not "[image: ]" and a
		 * reference to a picture the reader is told nothing of. */
		if (blank(lede_buf_cstr(&t)) || lede_alt_decorative(t.data, t.len)) {
			lede_buf_free(&t);
			break;
		}
		lede_buf_printf(b, "[image: %s]", lede_buf_cstr(&t));
		target(st, c, &cu);
		if (cu.len) {
			if (st->o->references)
				lede_buf_printf(b, " [%zu]", ref_index(st, lede_buf_cstr(&cu)));
			else
				lede_buf_printf(b, " <%s>", lede_buf_cstr(&cu));
		}
		lede_buf_free(&t);
		lede_buf_free(&cu);
		break;
	}
	default: inlines(st, c, b);
	}
}

static void inlines(state *st, const lede_node *n, lede_buf *b)
{
	for (const lede_node *c = n->first; c; c = c->next)
		inline_one(st, c, b);
}

/* --- where a line may break without a space --------------------------------
 * Chinese and Japanese write no spaces between words: a line may break
 * between two ideographs, kana or wide symbols (UAX #14's ID class),
 * though not before closing punctuation, small kana and iteration marks,
 * nor after opening punctuation (the kinsoku rules of JIS X 4051 that
 * UAX #14 follows), nor inside a grapheme (before a combining mark, a
 * variation selector, an emoji modifier, or on either side of a zero width
 * joiner). Korean separates its words with spaces and breaks there, as
 * does every other script. */

/* Opening punctuation, and the ASCII quotation marks that open as well
 * as close: no break after it. */
static bool cp_open(int32_t c)
{
	switch (c) {
	case '(':
	case '[':
	case '{':
	case '"':
	case '\'':
	case 0x2018:
	case 0x201C:
	case 0x3008:
	case 0x300A:
	case 0x300C:
	case 0x300E:
	case 0x3010:
	case 0x3014:
	case 0x3016:
	case 0x3018:
	case 0x301A:
	case 0x301D:
	case 0xFF08:
	case 0xFF3B:
	case 0xFF5B:
	case 0xFF5F:
	case 0xFF62: return true;
	default: return false;
	}
}

/* Closing punctuation, marks that close a phrase, small kana, iteration
 * and prolonged sound marks: no break before them. */
static bool cp_close(int32_t c)
{
	if (c < 0x80)
		return strchr(")]}.,;:!?%'\"", (int)c) != NULL && c != 0;
	switch (c) {
	case 0x2019:
	case 0x201D:
	case 0x2026:
	case 0x2025:
	case 0x30FB:
	case 0x3001:
	case 0x3002:
	case 0x3005:
	case 0x3009:
	case 0x300B:
	case 0x300D:
	case 0x300F:
	case 0x3011:
	case 0x3015:
	case 0x3017:
	case 0x3019:
	case 0x301B:
	case 0x301E:
	case 0x301F:
	case 0x303B:
	case 0x309D:
	case 0x309E:
	case 0x30FC:
	case 0x30FD:
	case 0x30FE:
	case 0xFF01:
	case 0xFF09:
	case 0xFF0C:
	case 0xFF0E:
	case 0xFF1A:
	case 0xFF1B:
	case 0xFF1F:
	case 0xFF3D:
	case 0xFF5D:
	case 0xFF60:
	case 0xFF61:
	case 0xFF63:
	case 0xFF64:
	case 0xFF65:
	case 0xFF70: return true;
	default: break;
	}
	/* small hiragana and katakana */
	static const int32_t small[] = {0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063,
	                                0x3083, 0x3085, 0x3087, 0x308E, 0x3095, 0x3096,
	                                0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3,
	                                0x30E3, 0x30E5, 0x30E7, 0x30EE, 0x30F5, 0x30F6};
	for (size_t i = 0; i < sizeof small / sizeof *small; i++)
		if (c == small[i])
			return true;
	return c >= 0x31F0 && c <= 0x31FF; /* katakana phonetic extensions */
}

bool lede_text_han_kana(int32_t c)
{
	return (c >= 0x3040 && c <= 0x30FF && c != 0x30FB && c != 0x30FC) ||
	       (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
	       (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFD);
}

/* Ideographs, kana, wide symbols and emoji (UAX #14's ID class): a break
 * before and after. */
static bool cp_ideographic(int32_t c)
{
	return lede_text_han_kana(c) || (c >= 0x2E80 && c <= 0x303F) || c == 0x30FB ||
	       c == 0x30FC || (c >= 0x3100 && c <= 0x312F) || (c >= 0x3190 && c <= 0x33FF) ||
	       (c >= 0xA000 && c <= 0xA4CF) || (c >= 0xFE30 && c <= 0xFE4F) ||
	       (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) ||
	       (c >= 0x1F000 && c <= 0x1FAFF);
}

/* Glued to what comes before it: a combining mark, a joiner, a variation
 * selector, an emoji modifier or tag. */
static bool cp_glued(int32_t c)
{
	if (c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0x1F3FB && c <= 0x1F3FF) ||
	    (c >= 0xE0000 && c <= 0xE01EF))
		return true;
	utf8proc_category_t k = utf8proc_category(c);
	return k == UTF8PROC_CATEGORY_MN || k == UTF8PROC_CATEGORY_MC || k == UTF8PROC_CATEGORY_ME;
}

/* Whether a line may break between a and b, written with no space. */
static bool break_between(int32_t a, int32_t b)
{
	if (cp_glued(b) || a == 0x200D)
		return false;
	if (a == 0x200B) /* a zero width space */
		return true;
	if (cp_open(a) || cp_close(b))
		return false;
	return cp_ideographic(a) || cp_ideographic(b);
}

/* The end of the piece of s[i..n) that no line may break inside: at a
 * space, or where break_between allows a break. */
static size_t piece_end(const char *s, size_t i, size_t n)
{
	int32_t prev = -1;
	while (i < n && s[i] != ' ') {
		unsigned char b = (unsigned char)s[i];
		if (b < 0x80) { /* (ASCII: a break only after an ideograph) */
			if (prev >= 0x80 && break_between(prev, b))
				break;
			prev = b;
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(n - i), &cp);
		if (l <= 0) { /* an invalid byte: part of the piece */
			prev = -1;
			i++;
			continue;
		}
		if (prev >= 0 && break_between(prev, cp))
			break;
		prev = cp;
		i += (size_t)l;
	}
	return i;
}

/* Writes text wrapped at width columns (0: no wrapping); `first` prefixes
 * the first line and `rest` the others; words, URLs included, are never
 * broken, and a line breaks between words, or where piece_end says it may
 * (between ideographs). Hard breaks ('\n') are kept; every line ends in
 * '\n'. */
static void wrap_to(lede_buf *out, int w, const char *text, const char *first, const char *rest)
{
	const char *prefix = first;
	const char *p = text;
	while (1) {
		const char *eol = strchr(p, '\n');
		size_t seg = eol ? (size_t)(eol - p) : strlen(p);
		lede_buf_puts(out, prefix);
		size_t col = width(prefix, strlen(prefix));
		size_t start_col = col;
		size_t i = 0;
		while (i < seg) {
			bool spaced = false;
			while (i < seg && p[i] == ' ') {
				i++;
				spaced = true;
			}
			size_t j = piece_end(p, i, seg);
			if (j == i)
				break;
			size_t ww = width(p + i, j - i), gap = col > start_col && spaced;
			if (col > start_col && w > 0 && col + gap + ww > (size_t)w) {
				lede_buf_putc(out, '\n');
				prefix = rest;
				lede_buf_puts(out, prefix);
				col = start_col = width(prefix, strlen(prefix));
			} else if (gap) {
				lede_buf_putc(out, ' ');
				col++;
			}
			lede_buf_put(out, p + i, j - i);
			col += ww;
			i = j;
		}
		lede_buf_putc(out, '\n');
		prefix = rest;
		if (!eol)
			break;
		p = eol + 1;
	}
}

static void wrap(state *st, const char *text, const char *first, const char *rest)
{
	wrap_to(st->out, st->o->width, text, first, rest);
}

void lede_text_clean(const char *s, size_t n, lede_buf *out)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t drop = 0;
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
			drop = 1;
		else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		         (unsigned char)s[i + 1] <= 0x9F)
			drop = 2;
		if (drop) {
			lede_buf_put(out, s + start, i - start);
			i += drop - 1;
			start = i + 1;
		}
	}
	lede_buf_put(out, s + start, n - start);
}

size_t lede_text_width(const char *s, size_t n) { return width(s, n); }

void lede_text_wrap(const char *s, size_t n, int cols, const char *indent, lede_buf *out)
{
	/* One paragraph: control characters out, every run of white space one
	 * space, as a title or summary is written. */
	lede_buf clean = LEDE_BUF_INIT, flat = LEDE_BUF_INIT;
	lede_text_clean(s, n, &clean);
	bool space = false;
	for (size_t i = 0; i < clean.len; i++) {
		char c = clean.data[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = flat.len > 0;
			continue;
		}
		if (space)
			lede_buf_putc(&flat, ' ');
		space = false;
		lede_buf_putc(&flat, c);
	}
	if (flat.len) {
		size_t before = out->len;
		wrap_to(out, cols, lede_buf_cstr(&flat), indent, indent);
		if (out->len > before) /* no newline after the last line */
			out->data[--out->len] = '\0';
	}
	lede_buf_free(&clean);
	lede_buf_free(&flat);
}

static void blocks(state *st, const lede_node *n, const char *first, const char *rest);

static void gap(state *st)
{
	lede_buf *out = st->out;
	if (out->len &&
	    !(out->len >= 2 && out->data[out->len - 1] == '\n' && out->data[out->len - 2] == '\n'))
		lede_buf_putc(out, '\n');
}

/* A table as aligned columns with a rule under the header row when it
 * fits the width; wider tables fall back to one "a | b | c" line a row,
 * which wraps no worse in a mail reader than a broken grid. */
static void table(state *st, const lede_node *n, const char *first, const char *rest)
{
	enum { MAXCOL = 64 };
	size_t widths[MAXCOL] = {0}, ncol = 0, nrow = 0;
	lede_buf cells = LEDE_BUF_INIT; /* every cell, NUL-separated, row by row */
	for (const lede_node *r = n->first; r; r = r->next, nrow++) {
		size_t c = 0;
		for (const lede_node *cell = r->first; cell; cell = cell->next, c++) {
			lede_buf t = LEDE_BUF_INIT;
			inlines(st, cell, &t);
			for (size_t i = 0; i < t.len; i++)
				if (t.data[i] == '\n')
					t.data[i] = ' ';
			if (c < MAXCOL && width(lede_buf_cstr(&t), t.len) > widths[c])
				widths[c] = width(lede_buf_cstr(&t), t.len);
			lede_buf_put(&cells, lede_buf_cstr(&t), t.len);
			lede_buf_putc(&cells, '\0');
			lede_buf_free(&t);
		}
		if (c > ncol)
			ncol = c;
	}
	size_t total = 0;
	for (size_t c = 0; c < ncol && c < MAXCOL; c++)
		total += widths[c] + (c ? 3 : 0);
	bool grid =
	    ncol <= MAXCOL && (st->o->width <= 0 || total + strlen(rest) <= (size_t)st->o->width);
	const char *cell = cells.data ? cells.data : "";
	const char *pre = first;
	for (const lede_node *r = n->first; r; r = r->next) {
		lede_buf line = LEDE_BUF_INIT;
		lede_buf_puts(&line, pre);
		size_t c = 0;
		for (const lede_node *k = r->first; k; k = k->next, c++) {
			size_t l = strlen(cell);
			if (c)
				lede_buf_puts(&line, " | ");
			bool right =
			    grid && n->aligns && c < (size_t)n->ncols && n->aligns[c] == 'r';
			if (right)
				for (size_t w = width(cell, l); w < widths[c]; w++)
					lede_buf_putc(&line, ' ');
			lede_buf_put(&line, cell, l);
			/* pad to the column, but never after the last cell */
			if (grid && !right && k->next)
				for (size_t w = width(cell, l); w < widths[c]; w++)
					lede_buf_putc(&line, ' ');
			cell += l + 1;
		}
		lede_buf_puts(st->out, lede_buf_cstr(&line));
		lede_buf_putc(st->out, '\n');
		lede_buf_free(&line);
		if (grid && r->header) {
			lede_buf_puts(st->out, rest);
			for (size_t c2 = 0; c2 < ncol; c2++) {
				if (c2)
					lede_buf_puts(st->out, "-+-");
				for (size_t w = 0; w < widths[c2]; w++)
					lede_buf_putc(st->out, '-');
			}
			lede_buf_putc(st->out, '\n');
		}
		pre = rest;
	}
	lede_buf_free(&cells);
}

/* The prefix for lines that follow a blank one inside a container: the
 * same as `rest`, trimmed of trailing spaces so no line ends in blanks. */
static void block(state *st, const lede_node *n, const char *first, const char *rest)
{
	lede_buf t = LEDE_BUF_INIT;
	switch (n->type) {
	case LEDE_NODE_PARAGRAPH:
		inlines(st, n, &t);
		wrap(st, lede_buf_cstr(&t), first, rest);
		break;
	case LEDE_NODE_HEADING: {
		inlines(st, n, &t);
		lede_buf_puts(st->out, first);
		lede_buf_puts(st->out, lede_buf_cstr(&t));
		lede_buf_putc(st->out, '\n');
		lede_buf_puts(st->out, rest);
		size_t w = width(lede_buf_cstr(&t), t.len);
		for (size_t i = 0; i < w; i++)
			lede_buf_putc(st->out, n->level <= 1 ? '=' : '-');
		lede_buf_putc(st->out, '\n');
		break;
	}
	case LEDE_NODE_BLOCKQUOTE: {
		lede_buf f = LEDE_BUF_INIT, r = LEDE_BUF_INIT;
		lede_buf_printf(&f, "%s> ", first);
		lede_buf_printf(&r, "%s> ", rest);
		blocks(st, n, lede_buf_cstr(&f), lede_buf_cstr(&r));
		lede_buf_free(&f);
		lede_buf_free(&r);
		break;
	}
	case LEDE_NODE_LIST: {
		int num = n->start;
		bool firstitem = true;
		for (const lede_node *it = n->first; it; it = it->next, num++) {
			lede_buf f = LEDE_BUF_INIT, r = LEDE_BUF_INIT;
			char mark[32];
			if (n->ordered)
				snprintf(mark, sizeof mark, "%d. ", num);
			else
				snprintf(mark, sizeof mark, "- ");
			if (it->task)
				strncat(mark, it->checked ? "[x] " : "[ ] ",
				        sizeof mark - strlen(mark) - 1);
			lede_buf_printf(&f, "%s%s", firstitem ? first : rest, mark);
			lede_buf_puts(&r, rest);
			for (size_t i = 0; i < strlen(mark) && i < 4; i++)
				lede_buf_putc(&r, ' ');
			if (!firstitem && !n->tight)
				lede_buf_putc(st->out, '\n');
			blocks(st, it, lede_buf_cstr(&f), lede_buf_cstr(&r));
			lede_buf_free(&f);
			lede_buf_free(&r);
			firstitem = false;
		}
		break;
	}
	case LEDE_NODE_CODE_BLOCK: {
		const char *s = n->literal ? n->literal : "";
		const char *pre = first;
		while (*s) {
			const char *e = strchr(s, '\n');
			size_t l = e ? (size_t)(e - s) : strlen(s);
			lede_buf_printf(st->out, "%s    ", pre);
			lede_text_clean(s, l, st->out); /* (its controls go, as a text's) */
			lede_buf_putc(st->out, '\n');
			pre = rest;
			s += l + (e ? 1 : 0);
		}
		break;
	}
	case LEDE_NODE_THEMATIC_BREAK: lede_buf_printf(st->out, "%s* * *\n", first); break;
	case LEDE_NODE_TABLE: table(st, n, first, rest); break;
	case LEDE_NODE_RAW_BLOCK:
		if (n->info && !strcmp(n->info, "text") && n->literal)
			wrap(st, n->literal, first, rest);
		break;
	case LEDE_NODE_HTML_BLOCK: break;
	case LEDE_NODE_FOOTNOTE_DEFINITION: {
		/* a numbered note, its lines indented under its first */
		lede_buf f = LEDE_BUF_INIT, r = LEDE_BUF_INIT;
		lede_buf_printf(&f, "%s[^%d] ", first, n->number);
		lede_buf_puts(&r, rest);
		for (size_t i = strlen(first); i < f.len; i++)
			lede_buf_putc(&r, ' ');
		blocks(st, n, lede_buf_cstr(&f), lede_buf_cstr(&r));
		lede_buf_free(&f);
		lede_buf_free(&r);
		break;
	}
	default: /* Document, Div, Item: containers */ blocks(st, n, first, rest);
	}
	lede_buf_free(&t);
}

/* Whether paragraph p says nothing in text: its images decoration (an
 * empty alt, written as nothing) and the rest blank, as ![](rule.png)
 * alone. It is left out, not written as an empty paragraph. (Rendered
 * twice when so: its links, if any, take their numbers in the same order.) */
static bool says_nothing(state *st, const lede_node *p)
{
	bool image = false;
	for (const lede_node *c = p->first; c && !image; c = c->next)
		image = c->type == LEDE_NODE_IMAGE;
	if (!image)
		return false;
	lede_buf t = LEDE_BUF_INIT;
	inlines(st, p, &t);
	bool none = blank(lede_buf_cstr(&t));
	lede_buf_free(&t);
	return none;
}

static void blocks(state *st, const lede_node *n, const char *first, const char *rest)
{
	bool tight = n->type == LEDE_NODE_ITEM && n->parent && n->parent->tight;
	const char *pre = first;
	bool written = false;
	for (const lede_node *c = n->first; c; c = c->next) {
		if (c->type == LEDE_NODE_PARAGRAPH && says_nothing(st, c))
			continue;
		if (written && !tight) {
			/* a blank line inside a quote keeps its marker */
			size_t l = strlen(rest);
			while (l && rest[l - 1] == ' ')
				l--;
			lede_buf_put(st->out, rest, l);
			lede_buf_putc(st->out, '\n');
		}
		if (!lede_node_is_block(c->type)) {
			/* inline content directly in a container (plugins may do it) */
			lede_buf t = LEDE_BUF_INIT;
			inline_one(st, c, &t);
			wrap(st, lede_buf_cstr(&t), pre, rest);
			lede_buf_free(&t);
		} else {
			block(st, c, pre, rest);
		}
		pre = rest;
		written = true;
	}
}

/* Quote and list prefixes grow with the nesting and every line repeats
 * them, so the text renderer recurses (bounded) over a tree checked first
 * to be at most LEDE_MAX_DEPTH deep. */
int lede_render_text(const lede_node *n, const lede_render_opts *o, lede_buf *out)
{
	if (lede_node_too_deep(n, LEDE_MAX_DEPTH))
		return -1;
	state st = {.o = o, .out = out};
	if (lede_node_is_block(n->type)) {
		block(&st, n, "", "");
	} else {
		lede_buf t = LEDE_BUF_INIT;
		inline_one(&st, n, &t);
		lede_buf_puts(out, lede_buf_cstr(&t));
		lede_buf_free(&t);
	}
	if (st.nrefs) {
		gap(&st);
		for (size_t i = 0; i < st.nrefs; i++)
			lede_buf_printf(out, "[%zu] %s\n", i + 1, st.refs[i]);
	}
	for (size_t i = 0; i < st.nrefs; i++)
		free(st.refs[i]);
	free(st.refs);
	lede_strindex_free(&st.index);
	return 0;
}
