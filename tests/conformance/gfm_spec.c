/* gfm_spec.c: the whole GFM spec (cmark-gfm's test/spec.txt, CommonMark
 * and the GFM extensions) and cmark-gfm's own extension tests
 * (test/extensions.txt) through lede's Markdown -> HTML path: each
 * example's Markdown is the body of an article, parsed as
 * lede_article_parse parses one (cmark-gfm with lede's extensions, bare
 * URLs linked from the link extractor's results) and rendered by lede's
 * renderer (core/render_html.c), twice: as a site renders it by default
 * (allow_raw_html: false) and as one with allow_raw_html: true. Both HTML
 * texts are normalised (below) and compared.
 *
 * Where lede means to differ from cmark-gfm, the difference is listed
 * below with its reason (deviations[]), or, when it is only how lede
 * spells the same markup, the expected HTML is rewritten to lede's
 * spelling first (respell()). Any other difference fails, and so does a
 * listed deviation that no longer differs (the list stays true).
 *
 * Output: one TAP line per example ("ok - spec 123: Tabs
 * (cmark-gfm_spec.txt:456)", an intended deviation with its reason after
 * '#'); for a failure, the Markdown, the expected and the rendered HTML on
 * stderr; a summary per section and the totals as '#' lines. Exit status 1
 * on any failure. Examples marked "disabled" are skipped, as upstream's
 * spec_tests.py does (their numbers still count); "<IGNORE>" as the
 * expected HTML means only "must not crash".
 *
 * Usage: gfm_spec [DIR] (default ../shared/conformance/markdown, which
 * holds cmark-gfm_spec.txt and cmark-gfm_extensions.txt; when they are
 * not there: "# skipped"). */
#include "article.h"
#include "buf.h"
#include "extract.h"
#include "node.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the intended deviations ------------------------------------------ */

enum { SPEC, EXT };                                  /* the two files */
enum { DEFAULT = 1, RAW = 2, BOTH = DEFAULT | RAW }; /* the two runs */
enum { PLAIN, DROPPED };                             /* kinds of deviation */

typedef struct range {
	int from, to; /* example numbers, both included */
} range;

typedef struct deviation {
	int file;
	int runs; /* the runs in which the example differs */
	int kind; /* DROPPED: only raw HTML left out; the example must then
	           * match (or deviate as listed) in the allow_raw_html run,
	           * and come to nothing but what Markdown makes
	           * (markdown_only) */
	const char *why;
	range examples[32]; /* ends with {0, 0} */
} deviation;

static const deviation deviations[] = {
    /* lede's default: "untrusted content never becomes markup" */
    {SPEC,
     DEFAULT,
     DROPPED,
     "raw HTML is dropped unless the site sets allow_raw_html: true (docs/config.md)",
     {{118, 160}, /* HTML blocks: the whole section */
      {170, 170},
      {288, 289},
      {317, 317},
      {327, 327},
      {354, 354},
      {484, 486},
      {500, 500},
      {503, 503},
      {532, 532},
      {544, 544},
      {632, 636}, /* Raw HTML: those the spec reads as tags */
      {642, 642},
      {644, 644},
      {647, 651},
      {653, 653}, /* Disallowed Raw HTML (extension) */
      {663, 664}}},
    {EXT,
     DEFAULT,
     DROPPED,
     "raw HTML is dropped unless the site sets allow_raw_html: true (docs/config.md)",
     {{12, 12},   /* Embedded HTML (in a table) */
      {22, 22}}}, /* HTML tag filter */
    /* the spec's core examples run with no extension; lede's articles
     * always have them */
    {SPEC,
     BOTH,
     PLAIN,
     "GFM's autolink extension is always on: a bare URL or e-mail is a link (lede links "
     "them from the link extractor, markdown.c)",
     {{616, 616}, {619, 620}}},
    {SPEC,
     RAW,
     PLAIN,
     "GFM's tag filter is always on with allow_raw_html: <script>, <style>... are escaped "
     "(render_html.c)",
     {{140, 142}, {145, 145}, {147, 147}}},
};

static const deviation *deviation_of(int file, int number, int run)
{
	for (size_t i = 0; i < sizeof deviations / sizeof *deviations; i++) {
		const deviation *d = &deviations[i];
		if (d->file != file || !(d->runs & run))
			continue;
		for (const range *r = d->examples; r->from; r++)
			if (number >= r->from && number <= r->to)
				return d;
	}
	return NULL;
}

/* ---- normalisation ----------------------------------------------------- */

/* HTML as cmark's test/normalize.py (run by spec_tests.py unless
 * --no-normalize) makes it, so that only what the HTML means is compared:
 *  - outside <pre>, each run of whitespace is one space; whitespace next
 *    to a block-level tag (normalize.py's list: p, li, ul, table, h1...)
 *    is dropped, and a newline right after <br>;
 *  - tag and attribute names in lower case, attributes sorted, values
 *    with their character references decoded and written again with
 *    &amp; &lt; &gt; &quot; &#x27;;
 *  - character references in text decoded (numeric ones and amp, lt, gt,
 *    quot; "&#39;" is "'"), then <, >, & and " written as entities;
 *  - comments, declarations and processing instructions as written.
 * Where this differs from normalize.py, on purpose: "<br />" is "<br>"
 * (normalize.py treats the two alike but for the whitespace after them),
 * an empty attribute value is the attribute alone (disabled="" is
 * disabled, as HTML reads it), other named references are left as
 * written (both sides write them alike), whitespace is ASCII's, and the
 * text of <script> and <style> is read as any text (the tag filter
 * escapes those tags anyway). */

static const char *const block_tags[] = {
    "article",  "header",   "aside",    "hgroup", "blockquote", "hr",     "iframe",
    "body",     "li",       "map",      "button", "object",     "canvas", "ol",
    "caption",  "output",   "col",      "p",      "colgroup",   "pre",    "dd",
    "progress", "section",  "dl",       "table",  "td",         "dt",     "tbody",
    "embed",    "textarea", "fieldset", "tfoot",  "figcaption", "th",     "figure",
    "thead",    "footer",   "tr",       "form",   "ul",         "h1",     "h2",
    "h3",       "h4",       "h5",       "h6",     "video",      "script", "style"};

static bool is_block_tag(const char *t)
{
	for (size_t i = 0; i < sizeof block_tags / sizeof *block_tags; i++)
		if (!strcmp(t, block_tags[i]))
			return true;
	return false;
}

static bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
static bool letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

static void put_utf8(lede_buf *b, unsigned long c)
{
	if (c < 0x80) {
		lede_buf_putc(b, (int)c);
	} else if (c < 0x800) {
		lede_buf_putc(b, (int)(0xC0 | (c >> 6)));
		lede_buf_putc(b, (int)(0x80 | (c & 0x3F)));
	} else if (c < 0x10000) {
		lede_buf_putc(b, (int)(0xE0 | (c >> 12)));
		lede_buf_putc(b, (int)(0x80 | ((c >> 6) & 0x3F)));
		lede_buf_putc(b, (int)(0x80 | (c & 0x3F)));
	} else {
		lede_buf_putc(b, (int)(0xF0 | (c >> 18)));
		lede_buf_putc(b, (int)(0x80 | ((c >> 12) & 0x3F)));
		lede_buf_putc(b, (int)(0x80 | ((c >> 6) & 0x3F)));
		lede_buf_putc(b, (int)(0x80 | (c & 0x3F)));
	}
}

/* The character reference at s[0..n) (s[0] is '&'): its length, and its
 * code point in *cp; 0 when it is not one decoded here. */
static size_t charref(const char *s, size_t n, unsigned long *cp)
{
	if (n > 2 && s[1] == '#') {
		bool hex = s[2] == 'x' || s[2] == 'X';
		size_t i = hex ? 3 : 2, digits = 0;
		unsigned long v = 0;
		for (; i < n; i++, digits++) {
			char c = s[i];
			int d = c >= '0' && c <= '9'                        ? c - '0'
			        : hex && lower(c) >= 'a' && lower(c) <= 'f' ? lower(c) - 'a' + 10
			                                                    : -1;
			if (d < 0)
				break;
			if (v < 0x110000)
				v = v * (hex ? 16 : 10) + (unsigned long)d;
		}
		if (!digits || i >= n || s[i] != ';' || v >= 0x110000)
			return 0;
		*cp = v;
		return i + 1;
	}
	static const struct {
		const char *name;
		char c;
	} named[] = {{"amp;", '&'}, {"lt;", '<'}, {"gt;", '>'}, {"quot;", '"'}};
	for (size_t k = 0; k < sizeof named / sizeof *named; k++) {
		size_t l = strlen(named[k].name);
		if (l < n && !memcmp(s + 1, named[k].name, l)) {
			*cp = (unsigned char)named[k].c;
			return l + 1;
		}
	}
	return 0;
}

/* An attribute value: references decoded, then written as normalize.py's
 * html.escape(v, quote=True) writes it. */
static void put_value(lede_buf *out, const char *s, size_t n)
{
	lede_buf v = LEDE_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		unsigned long cp;
		size_t l = s[i] == '&' ? charref(s + i, n - i, &cp) : 0;
		if (l) {
			put_utf8(&v, cp);
			i += l - 1;
		} else {
			lede_buf_putc(&v, s[i]);
		}
	}
	for (size_t i = 0; i < v.len; i++) {
		switch (v.data[i]) {
		case '&': lede_buf_puts(out, "&amp;"); break;
		case '<': lede_buf_puts(out, "&lt;"); break;
		case '>': lede_buf_puts(out, "&gt;"); break;
		case '"': lede_buf_puts(out, "&quot;"); break;
		case '\'': lede_buf_puts(out, "&#x27;"); break;
		default: lede_buf_putc(out, v.data[i]);
		}
	}
	lede_buf_free(&v);
}

/* One tag as read: its name, whether it closes, its attributes written
 * out (" name" or " name=\"value\"" each). */
typedef struct tag {
	char name[32];
	bool end;
	char **attrs;
	size_t nattrs;
} tag;

static void tag_free(tag *t)
{
	for (size_t i = 0; i < t->nattrs; i++)
		free(t->attrs[i]);
	free(t->attrs);
	t->attrs = NULL;
	t->nattrs = 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The tag at s[0..n) (s[0] is '<'): its length, or 0 when it is text (no
 * letter after "<" or "</", or no '>' to end it). */
static size_t read_tag(const char *s, size_t n, tag *t)
{
	memset(t, 0, sizeof *t);
	size_t i = 1;
	t->end = i < n && s[i] == '/';
	i += t->end;
	if (i >= n || !letter(s[i]))
		return 0;
	size_t nl = 0;
	for (; i < n && !space(s[i]) && s[i] != '/' && s[i] != '>'; i++)
		if (nl < sizeof t->name - 1)
			t->name[nl++] = lower(s[i]);
	t->name[nl] = '\0';
	for (;;) {
		while (i < n && (space(s[i]) || (s[i] == '/' && (i + 1 >= n || s[i + 1] != '>'))))
			i++;
		if (i >= n)
			break;
		if (s[i] == '>' || s[i] == '/') /* "/>": the void element's slash, ignored */
			return i + 1 + (s[i] == '/');
		lede_buf a = LEDE_BUF_INIT;
		lede_buf_putc(&a, ' ');
		size_t k = i;
		while (i < n && !space(s[i]) && s[i] != '/' && s[i] != '>' &&
		       (s[i] != '=' || i == k))
			lede_buf_putc(&a, lower(s[i++]));
		size_t j = i;
		while (j < n && space(s[j]))
			j++;
		if (j < n && s[j] == '=') {
			j++;
			while (j < n && space(s[j]))
				j++;
			size_t v = j, vl;
			if (j < n && (s[j] == '"' || s[j] == '\'')) {
				const char *q = memchr(s + j + 1, s[j], n - j - 1);
				if (!q) {
					lede_buf_free(&a);
					break;
				}
				v = j + 1;
				vl = (size_t)(q - s) - v;
				j = (size_t)(q - s) + 1;
			} else {
				while (j < n && !space(s[j]) && s[j] != '>')
					j++;
				vl = j - v;
			}
			i = j;
			if (vl) {
				lede_buf_puts(&a, "=\"");
				put_value(&a, s + v, vl);
				lede_buf_putc(&a, '"');
			}
		}
		t->attrs = lede_xrealloc(t->attrs, (t->nattrs + 1) * sizeof *t->attrs);
		size_t len;
		t->attrs[t->nattrs++] = lede_buf_detach(&a, &len);
	}
	tag_free(t);
	return 0;
}

enum last { AFTER_START, AFTER_END, AFTER_OTHER };

typedef struct norm {
	lede_buf out;
	enum last last;
	char last_tag[32];
	bool in_pre;
} norm;

static void rstrip(lede_buf *b)
{
	while (b->len && space(b->data[b->len - 1]))
		b->data[--b->len] = '\0';
}

/* Text s[0..n), no reference in it, after what z->last says. */
static void put_text(norm *z, const char *s, size_t n)
{
	if (!n)
		return;
	bool after_tag = z->last == AFTER_START || z->last == AFTER_END;
	bool after_block = after_tag && is_block_tag(z->last_tag) && !z->in_pre;
	if (after_tag && !strcmp(z->last_tag, "br"))
		while (n && *s == '\n')
			s++, n--;
	size_t at = z->out.len;
	for (size_t i = 0; i < n; i++) {
		if (z->in_pre || !space(s[i])) {
			lede_buf_putc(&z->out, s[i]);
			continue;
		}
		while (i + 1 < n && space(s[i + 1]))
			i++;
		if (!(after_block && z->out.len == at)) /* (leading: dropped) */
			lede_buf_putc(&z->out, ' ');
	}
	if (after_block && z->last == AFTER_END)
		while (z->out.len > at && space(z->out.data[z->out.len - 1]))
			z->out.data[--z->out.len] = '\0';
	z->last = AFTER_OTHER;
}

static void put_tag(norm *z, tag *t)
{
	bool pre = !strcmp(t->name, "pre");
	if (t->end && pre)
		z->in_pre = false;
	else if (is_block_tag(t->name))
		rstrip(&z->out);
	if (!t->end && pre)
		z->in_pre = true;
	lede_buf_puts(&z->out, t->end ? "</" : "<");
	lede_buf_puts(&z->out, t->name);
	if (t->nattrs > 1)
		qsort(t->attrs, t->nattrs, sizeof *t->attrs, cmp_str);
	for (size_t i = 0; i < t->nattrs; i++)
		lede_buf_puts(&z->out, t->attrs[i]);
	lede_buf_putc(&z->out, '>');
	z->last = t->end ? AFTER_END : AFTER_START;
	snprintf(z->last_tag, sizeof z->last_tag, "%s", t->name);
}

/* The length of the comment, declaration or processing instruction at
 * s[0..n), or 0. */
static size_t markup(const char *s, size_t n)
{
	if (n >= 4 && !memcmp(s, "<!--", 4)) {
		for (size_t i = 4; i + 3 <= n; i++)
			if (!memcmp(s + i, "-->", 3))
				return i + 3;
		return 0;
	}
	if (n >= 2 && (s[1] == '!' || s[1] == '?')) {
		const char *gt = memchr(s, '>', n);
		return gt ? (size_t)(gt - s) + 1 : 0;
	}
	return 0;
}

static char *normalise(const char *s)
{
	norm z = {LEDE_BUF_INIT, AFTER_START, "", false};
	size_t n = strlen(s), text = 0;
	for (size_t i = 0; i < n;) {
		size_t l = 0;
		unsigned long cp = 0;
		tag t = {0};
		if (s[i] == '<' && (l = markup(s + i, n - i)) != 0) {
			put_text(&z, s + text, i - text);
			lede_buf_put(&z.out, s + i, l);
			z.last = AFTER_OTHER;
		} else if (s[i] == '<' && (l = read_tag(s + i, n - i, &t)) != 0) {
			put_text(&z, s + text, i - text);
			put_tag(&z, &t);
			tag_free(&t);
		} else if (s[i] == '&' && (l = charref(s + i, n - i, &cp)) != 0) {
			put_text(&z, s + text, i - text);
			const char *e = cp == '<'   ? "&lt;"
			                : cp == '>' ? "&gt;"
			                : cp == '&' ? "&amp;"
			                : cp == '"' ? "&quot;"
			                            : NULL;
			if (e)
				lede_buf_puts(&z.out, e);
			else
				put_utf8(&z.out, cp);
			z.last = AFTER_OTHER;
		} else {
			i++;
			continue;
		}
		i += l;
		text = i;
	}
	put_text(&z, s + text, n - text);
	rstrip(&z.out);
	size_t len;
	char *r = lede_buf_detach(&z.out, &len);
	return r ? r : lede_xstrdup("");
}

/* ---- lede's spelling --------------------------------------------------- */

/* Every from in b replaced by to. */
static void replace(lede_buf *b, const char *from, const char *to)
{
	if (!b->len || !strstr(b->data, from))
		return;
	lede_buf r = LEDE_BUF_INIT;
	size_t fl = strlen(from);
	for (const char *s = b->data, *hit; *s; s = hit + fl) {
		hit = strstr(s, from);
		if (!hit) {
			lede_buf_puts(&r, s);
			break;
		}
		lede_buf_put(&r, s, (size_t)(hit - s));
		lede_buf_puts(&r, to);
	}
	lede_buf_free(b);
	*b = r;
}

/* "PREFIX<digits>" becomes "PREFIX-<digits>" (cmark-gfm's old footnote
 * ids, fn1 and fnref1, as lede writes them: fn-1, fnref-1). */
static void dash_number(lede_buf *b, const char *prefix)
{
	lede_buf r = LEDE_BUF_INIT;
	size_t pl = strlen(prefix);
	for (size_t i = 0; i < b->len; i++) {
		if (!strncmp(b->data + i, prefix, pl) && b->data[i + pl] >= '0' &&
		    b->data[i + pl] <= '9') {
			lede_buf_put(&r, b->data + i, pl);
			lede_buf_putc(&r, '-');
			i += pl - 1;
		} else {
			lede_buf_putc(&r, b->data[i]);
		}
	}
	lede_buf_free(b);
	*b = r;
}

/* The normalised expected HTML w, in lede's spelling where lede writes
 * the same markup its own way:
 *  - a table column's alignment is a class (align-left, align-center,
 *    align-right), not align="..." (the style of a page can then keep a
 *    Content-Security-Policy without 'unsafe-inline'; render_html.c);
 *  - footnotes are written as docs/plugins.md says (as cmark-gfm does
 *    since 0.29.0.gfm.1, which this spec predates): ids fn-N and fnref-N,
 *    data-footnote-ref, data-footnotes and data-footnote-backref, and a
 *    back-link's aria-label "Back to reference N"; the back-links of a
 *    note that does not end with a paragraph are in a <p> of their own
 *    (spaced as the notes' paragraphs are by style.css), not bare after
 *    its last block. */
static char *respell(char *w)
{
	lede_buf b = LEDE_BUF_INIT;
	lede_buf_puts(&b, w);
	free(w);
	static const char *const aligns[] = {"left", "center", "right"};
	for (size_t i = 0; i < 3; i++) {
		char from[32], to[32];
		snprintf(from, sizeof from, " align=\"%s\"", aligns[i]);
		snprintf(to, sizeof to, " class=\"align-%s\"", aligns[i]);
		replace(&b, from, to);
	}
	if (b.len && strstr(b.data, "footnote")) {
		dash_number(&b, "\"#fnref");
		dash_number(&b, "\"fnref");
		dash_number(&b, "\"#fn");
		dash_number(&b, "\"fn");
		replace(&b, "<section class=\"footnotes\">",
		        "<section class=\"footnotes\" data-footnotes>");
		replace(&b, "<a href=\"#fn-", "<a data-footnote-ref href=\"#fn-");
		/* <a class="footnote-backref" href="#fnref-N"> */
		lede_buf r = LEDE_BUF_INIT;
		static const char back[] = "<a class=\"footnote-backref\" href=\"#fnref-";
		for (const char *s = b.data, *hit; *s; s = hit) {
			hit = strstr(s, back);
			if (!hit) {
				lede_buf_puts(&r, s);
				break;
			}
			int num = atoi(hit + strlen(back));
			const char *close = strstr(hit, "</a>");
			bool bare = close && !strncmp(close + 4, "</li>", 5);
			lede_buf_put(&r, s, (size_t)(hit - s));
			if (bare)
				lede_buf_puts(&r, "<p>");
			lede_buf_printf(
			    &r,
			    "<a aria-label=\"Back to reference %d\" class=\"footnote-backref\" "
			    "data-footnote-backref href=\"#fnref-",
			    num);
			hit += strlen(back);
			if (bare && close) {
				lede_buf_put(&r, hit, (size_t)(close + 4 - hit));
				lede_buf_puts(&r, "</p>");
				hit = close + 4;
			}
		}
		lede_buf_free(&b);
		b = r;
	}
	size_t len;
	char *r = lede_buf_detach(&b, &len);
	return r ? r : lede_xstrdup("");
}

/* ---- the spec files ---------------------------------------------------- */

typedef struct example {
	int number, line; /* in file order from 1; the line of its opening fence */
	char section[160];
	bool disabled;
	lede_buf md, html;
} example;

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	lede_buf b = LEDE_BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		lede_buf_put(&b, chunk, n);
	fclose(f);
	char *r = lede_buf_detach(&b, len);
	return r ? r : lede_xstrdup("");
}

#define FENCE "````````````````````````````````" /* 32 */

/* A line of an example, "→" read as the tab it stands for. */
static void put_line(lede_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i + 3 <= n && !memcmp(s + i, "\xe2\x86\x92", 3)) {
			lede_buf_putc(b, '\t');
			i += 2;
		} else {
			lede_buf_putc(b, s[i]);
		}
	}
	lede_buf_putc(b, '\n');
}

/* The examples of a spec file, as upstream's test/spec_tests.py reads
 * them: a line starting with 32 backticks and " example" (then the
 * extensions it needs, or "disabled") opens one, a line "." ends its
 * Markdown, a line of 32 backticks ends its HTML; a line "#... Title"
 * between them starts a section. */
static example *read_examples(const char *text, size_t len, size_t *count)
{
	example *v = NULL;
	size_t n = 0;
	char section[160] = "";
	int state = 0, line = 0;
	for (size_t at = 0; at < len;) {
		const char *s = text + at;
		const char *nl = memchr(s, '\n', len - at);
		size_t l = nl ? (size_t)(nl - s) : len - at;
		at += l + 1;
		line++;
		if (state == 0 && l >= 40 && !memcmp(s, FENCE " example", 40)) {
			v = lede_xrealloc(v, (n + 1) * sizeof *v);
			example *e = &v[n++];
			memset(e, 0, sizeof *e);
			e->number = (int)n;
			e->line = line;
			snprintf(e->section, sizeof e->section, "%s", section);
			for (size_t k = 40; k + 8 <= l; k++)
				if (!memcmp(s + k, "disabled", 8))
					e->disabled = true;
			state = 1;
		} else if (state == 0 && l && s[0] == '#') {
			size_t h = strspn(s, "#");
			if (h < l && s[h] == ' ') {
				size_t e = l;
				while (e > h && space(s[e - 1]))
					e--;
				snprintf(section, sizeof section, "%.*s", (int)(e - h - 1),
				         s + h + 1);
			}
		} else if (state == 1) {
			if (l == 1 && s[0] == '.')
				state = 2;
			else
				put_line(&v[n - 1].md, s, l);
		} else if (state == 2) {
			if (l == 32 && !memcmp(s, FENCE, 32))
				state = 0;
			else
				put_line(&v[n - 1].html, s, l);
		}
	}
	*count = n;
	return v;
}

/* ---- running ------------------------------------------------------------ */

/* Whether normalised HTML s holds only what lede writes from Markdown:
 * the elements of its renderer, no comment, declaration or processing
 * instruction, and no empty paragraph. What an example whose raw HTML is
 * dropped must come to. */
static bool markdown_only(const char *s)
{
	static const char *const made[] = {
	    "p",     "em",    "strong", "del", "a",  "img", "code", "pre",     "ul",        "ol",
	    "li",    "input", "br",     "hr",  "h1", "h2",  "h3",   "h4",      "h5",        "h6",
	    "table", "thead", "tbody",  "tr",  "th", "td",  "sup",  "section", "blockquote"};
	if (strstr(s, "<p></p>"))
		return false;
	for (const char *lt = strchr(s, '<'); lt; lt = strchr(lt + 1, '<')) {
		const char *name = lt + 1 + (lt[1] == '/');
		if (*name == '!' || *name == '?')
			return false;
		size_t l = 0;
		while (letter(name[l]) || (name[l] >= '0' && name[l] <= '9'))
			l++;
		bool known = false;
		for (size_t i = 0; i < sizeof made / sizeof *made && !known; i++)
			known = strlen(made[i]) == l && !strncmp(name, made[i], l);
		if (!known)
			return false;
	}
	return true;
}

/* The example's Markdown as an article's body, rendered as a site with
 * allow_raw_html (raw) or without renders it; NULL when the article
 * failed (its message in err). */
static char *render(const example *e, bool raw, lede_extract_ctx *x, lede_error *err)
{
	lede_buf src = LEDE_BUF_INIT;
	lede_buf_puts(&src, "---\ntitle: Example\ndate: 2020-01-01\n---\n");
	lede_buf_put(&src, e->md.data ? e->md.data : "", e->md.len);
	/* as core/build.c loads an article (limits.article_mb: 16) */
	lede_article_opts o = {.default_lang = "en",
	                       .markdown = {.allow_raw_html = raw},
	                       .extract = x,
	                       .max_bytes = (size_t)16 << 20};
	lede_error_clear(err);
	lede_article *a = lede_article_parse("content/example.md", src.data, src.len, &o, err);
	lede_buf_free(&src);
	if (!a)
		return NULL;
	lede_buf out = LEDE_BUF_INIT;
	lede_render_opts ro = {.allow_unsafe = raw};
	int rc = lede_render_html(a->body, &ro, &out);
	lede_article_free(a);
	if (rc != 0) {
		lede_buf_free(&out);
		snprintf(err->msg, sizeof err->msg, "lede_render_html failed");
		return NULL;
	}
	size_t len;
	char *r = lede_buf_detach(&out, &len);
	return r ? r : lede_xstrdup("");
}

typedef struct counts {
	int examples, match[3], intended, failed; /* match[DEFAULT], match[RAW] */
} counts;

static void show(const char *label, const char *s)
{
	fprintf(stderr, "    %s", label);
	for (; *s; s++) {
		if (*s == '\n')
			fprintf(stderr, "\n    %*s", (int)strlen(label), "");
		else
			fputc(*s, stderr);
	}
	fputc('\n', stderr);
}

/* Runs example e of file (SPEC, EXT, named name); prints its TAP line and
 * adds it to sec and all. */
static void run(int file, const char *name, const example *e, lede_extract_ctx *x, counts *sec,
                counts *all)
{
	const char *kind = file == SPEC ? "spec" : "ext";
	bool ignore = e->html.len && !strcmp(e->html.data, "<IGNORE>\n");
	char *want = respell(normalise(e->html.data ? e->html.data : ""));
	char *got[3] = {NULL, NULL, NULL};
	bool match[3] = {false, false, false};
	lede_error err;
	char problem[3][200] = {"", "", ""};
	const char *why = NULL;
	for (int r = DEFAULT; r <= RAW; r++) {
		char *html = render(e, r == RAW, x, &err);
		if (!html) {
			snprintf(problem[r], sizeof problem[r], "the article failed: %.150s",
			         err.msg);
			continue;
		}
		got[r] = normalise(html);
		free(html);
		match[r] = ignore || !strcmp(got[r], want);
	}
	for (int r = DEFAULT; r <= RAW; r++) {
		if (problem[r][0])
			continue;
		const deviation *d = deviation_of(file, e->number, r);
		if (d && match[r]) {
			snprintf(problem[r], sizeof problem[r],
			         "listed as an intended deviation (%s) but matches: take it off "
			         "the list",
			         d->why);
		} else if (d && d->kind == DROPPED && !match[RAW] &&
		           !deviation_of(file, e->number, RAW)) {
			snprintf(
			    problem[r], sizeof problem[r],
			    "listed as raw HTML dropped, but with allow_raw_html it differs too");
		} else if (d && d->kind == DROPPED && !markdown_only(got[r])) {
			snprintf(
			    problem[r], sizeof problem[r],
			    "listed as raw HTML dropped, but it left HTML no Markdown makes, or an "
			    "empty paragraph");
		} else if (!d && !match[r]) {
			snprintf(problem[r], sizeof problem[r], "differs from the spec");
		} else if (d) {
			why = d->why;
		}
	}
	sec->examples++;
	all->examples++;
	for (int r = DEFAULT; r <= RAW; r++) {
		sec->match[r] += match[r];
		all->match[r] += match[r];
	}
	char where[512];
	snprintf(where, sizeof where, "%s %d: %s (%s:%d)", kind, e->number, e->section, name,
	         e->line);
	if (!problem[DEFAULT][0] && !problem[RAW][0]) {
		if (why) {
			sec->intended++;
			all->intended++;
			printf("ok - %s # intended: %s\n", where, why);
		} else {
			printf("ok - %s\n", where);
		}
	} else {
		sec->failed++;
		all->failed++;
		printf("not ok - %s\n", where);
		fprintf(stderr, "%s\n", where);
		show("markdown: ", e->md.data ? e->md.data : "");
		show("expected: ", want);
		for (int r = DEFAULT; r <= RAW; r++) {
			if (!problem[r][0])
				continue;
			const char *run_name =
			    r == RAW ? "allow_raw_html: true" : "allow_raw_html: false";
			fprintf(stderr, "    %s: %s\n", run_name, problem[r]);
			if (got[r])
				show("got:      ", got[r]);
		}
	}
	free(want);
	free(got[DEFAULT]);
	free(got[RAW]);
}

static void summary(const char *what, const counts *c)
{
	printf("# %s: %d examples; as the spec: %d by default, %d with allow_raw_html; %d "
	       "intended deviations, %d failed\n",
	       what, c->examples, c->match[DEFAULT], c->match[RAW], c->intended, c->failed);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "../shared/conformance/markdown";
	static const char *const files[] = {"cmark-gfm_spec.txt", "cmark-gfm_extensions.txt"};
	lede_markdown_init();
	lede_error err;
	lede_extractor *ex = lede_extractor_new(&err);
	if (!ex) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	lede_extract_ctx *x = lede_extract_ctx_new(ex);
	int failed = 0, files_read = 0;
	for (int f = SPEC; f <= EXT; f++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, files[f]);
		size_t len;
		char *text = read_all(path, &len);
		if (!text) {
			printf("# skipped: %s not read\n", path);
			continue;
		}
		files_read++;
		size_t n;
		example *v = read_examples(text, len, &n);
		counts all = {0}, sec = {0};
		for (size_t i = 0; i < n; i++) {
			if (!v[i].disabled)
				run(f, files[f], &v[i], x, &sec, &all);
			if (i + 1 == n || strcmp(v[i + 1].section, v[i].section) != 0) {
				if (sec.examples) {
					char what[256];
					snprintf(what, sizeof what, "%s %s",
					         f == SPEC ? "spec" : "ext", v[i].section);
					summary(what, &sec);
				}
				memset(&sec, 0, sizeof sec);
			}
		}
		summary(files[f], &all);
		failed += all.failed;
		for (size_t i = 0; i < n; i++) {
			lede_buf_free(&v[i].md);
			lede_buf_free(&v[i].html);
		}
		free(v);
		free(text);
	}
	lede_extract_ctx_free(x);
	lede_extractor_free(ex);
	return failed ? 1 : 0;
}
