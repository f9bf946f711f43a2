/* render_html.c: lede nodes to HTML5, one renderer per node type, safe by
 * default: raw HTML only when the site allows it (and then through GFM's
 * tag filter), and links to javascript:, vbscript:, data: or file: URLs lose
 * their target. */
#include "escape.h"
#include "node.h"

#include <string.h>
#include <strings.h>

static void esc(lede_buf *out, const char *s)
{
	if (s)
		lede_escape_html(out, s, strlen(s));
}

static void url(lede_buf *out, const char *u, const lede_render_opts *o)
{
	if (!u)
		return;
	size_t n = strlen(u);
	if (o->allow_unsafe || lede_url_is_safe(u, n))
		lede_escape_href(out, u, n);
}

/* GFM's tagfilter: these tags would change how the rest of the page parses. */
static void tagfilter(lede_buf *out, const char *s)
{
	static const char *const tags[] = {"title",   "textarea", "style",  "xmp",      "iframe",
	                                   "noembed", "noframes", "script", "plaintext"};
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '<') {
			size_t j = i + 1 + (i + 1 < n && s[i + 1] == '/');
			for (size_t k = 0; k < sizeof tags / sizeof *tags; k++) {
				size_t l = strlen(tags[k]);
				if (j + l <= n && !strncasecmp(s + j, tags[k], l) &&
				    (j + l == n || strchr(" \t\n\r\f/>", s[j + l]))) {
					lede_buf_puts(out, "&lt;");
					goto next;
				}
			}
		}
		lede_buf_putc(out, s[i]);
	next:;
	}
}

static void cr(lede_buf *out)
{
	if (out->len && out->data[out->len - 1] != '\n')
		lede_buf_putc(out, '\n');
}

/* Attributes whose value is a URL: an unsafe one is left out, as link
 * targets are. */
static bool url_attr(const char *k)
{
	static const char *const names[] = {"action",   "formaction", "poster",     "srcset",
	                                    "cite",     "background", "ping",       "longdesc",
	                                    "usemap",   "data",       "xlink:href", "codebase",
	                                    "manifest", "icon",       "src",        "href"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (!strcasecmp(k, names[i]))
			return true;
	return false;
}

/* n's Attr as HTML attributes: id, class (with extra, a class the element
 * has anyway), then the key-values; every value escaped, and what a plugin
 * could not set (an on... handler, an unsafe URL) left out. */
static void attrs(const lede_node *n, const char *extra, const lede_render_opts *o, lede_buf *out)
{
	const lede_attr *a = n->attr;
	if (a && a->id && a->id[0]) {
		lede_buf_puts(out, " id=\"");
		esc(out, a->id);
		lede_buf_putc(out, '"');
	}
	size_t ncls = a ? a->nclasses : 0;
	if ((extra && extra[0]) || ncls) {
		lede_buf_puts(out, " class=\"");
		esc(out, extra && extra[0] ? extra : NULL);
		for (size_t i = 0; i < ncls; i++) {
			if (i || (extra && extra[0]))
				lede_buf_putc(out, ' ');
			esc(out, a->classes[i]);
		}
		lede_buf_putc(out, '"');
	}
	for (size_t i = 0; a && i < a->nattrs; i++) {
		const char *k = a->keys[i], *v = a->values[i];
		if (lede_attr_refused(n->type, k))
			continue;
		if (url_attr(k) && !o->allow_unsafe && !lede_url_is_safe(v, strlen(v)))
			continue;
		lede_buf_putc(out, ' ');
		esc(out, k);
		lede_buf_puts(out, "=\"");
		esc(out, v);
		lede_buf_putc(out, '"');
	}
}

/* Inside a tight list, paragraphs render without <p>. */
static bool in_tight_list(const lede_node *n)
{
	const lede_node *item = n->parent;
	return item && item->type == LEDE_NODE_ITEM && item->parent &&
	       item->parent->type == LEDE_NODE_LIST && item->parent->tight;
}

static void cell_align(const lede_node *cell, lede_buf *out)
{
	const lede_node *row = cell->parent;
	const lede_node *table = row ? row->parent : NULL;
	if (!table || table->type != LEDE_NODE_TABLE || !table->aligns)
		return;
	int i = 0;
	for (const lede_node *c = row->first; c && c != cell; c = c->next)
		i++;
	if (i >= table->ncols)
		return;
	switch (table->aligns[i]) {
	/* Classes, not inline styles: pages can keep a strict
	 * Content-Security-Policy (style-src without 'unsafe-inline'). */
	case 'l': lede_buf_puts(out, " class=\"align-left\""); break;
	case 'c': lede_buf_puts(out, " class=\"align-center\""); break;
	case 'r': lede_buf_puts(out, " class=\"align-right\""); break;
	default: break;
	}
}

/* The next node after n in document order below root, or NULL. */
static const lede_node *next_in(const lede_node *n, const lede_node *root)
{
	if (n->first)
		return n->first;
	while (n != root && !n->next)
		n = n->parent;
	return n == root ? NULL : n->next;
}

/* The footnote references of the whole tree, counted once per render
 * (counted for each reference and note, a document of 8,000 notes took
 * seconds): in document order, each with its place among those to its
 * note (k), and by number the run of each note's (for the count). */
typedef struct {
	bool built;
	size_t n, cursor; /* cursor: where the next reference rendered is looked for */
	const lede_node **refs;
	int *k;
	struct note_run {
		int number;
		int count;
	} * runs;
	size_t nruns;
} notes;

typedef struct {
	const lede_render_opts *o;
	const lede_node *root; /* the node rendered: a row or paragraph alone is itself only */
	lede_buf *out;
	notes fn;
	int shift; /* added to each heading's level (o->headings) */
} html;

/* Footnote numbers come from the parse (or the plugin that made the
 * node); which reference to a note this is, and how many there are, are
 * counted here so plugins that add or drop references keep ids unique
 * and back-links true. ref NULL: count them all. */
static int footnote_refs(const lede_node *in, int number, const lede_node *ref)
{
	const lede_node *root = in;
	while (root->parent)
		root = root->parent;
	int k = 0;
	for (const lede_node *c = root; c; c = next_in(c, root))
		if (c->type == LEDE_NODE_FOOTNOTE_REFERENCE && c->number == number) {
			k++;
			if (c == ref)
				break;
		}
	return k;
}

typedef struct {
	int number;
	size_t i; /* document order */
} numbered;

static int cmp_numbered(const void *a, const void *b)
{
	const numbered *x = a, *y = b;
	if (x->number != y->number)
		return x->number < y->number ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static void notes_build(notes *f, const lede_node *in)
{
	f->built = true;
	const lede_node *root = in;
	while (root->parent)
		root = root->parent;
	size_t cap = 0;
	for (const lede_node *c = root; c; c = next_in(c, root))
		if (c->type == LEDE_NODE_FOOTNOTE_REFERENCE) {
			if (f->n == cap) {
				cap = cap ? cap * 2 : 16;
				f->refs = lede_xrealloc(f->refs, cap * sizeof *f->refs);
			}
			f->refs[f->n++] = c;
		}
	if (!f->n)
		return;
	numbered *v = lede_xcalloc(f->n, sizeof *v);
	for (size_t i = 0; i < f->n; i++)
		v[i] = (numbered){f->refs[i]->number, i};
	qsort(v, f->n, sizeof *v, cmp_numbered);
	f->k = lede_xcalloc(f->n, sizeof *f->k);
	f->runs = lede_xcalloc(f->n, sizeof *f->runs);
	for (size_t i = 0; i < f->n; i++) {
		bool first = !i || v[i].number != v[i - 1].number;
		if (first)
			f->runs[f->nruns++] = (struct note_run){v[i].number, 0};
		f->k[v[i].i] = ++f->runs[f->nruns - 1].count;
	}
	free(v);
}

static void notes_free(notes *f)
{
	free(f->refs);
	free(f->k);
	free(f->runs);
}

/* footnote_refs, from the counts: ref's place among its note's
 * references, or (ref NULL) how many the note has. */
static int notes_count(html *h, const lede_node *in, int number, const lede_node *ref)
{
	notes *f = &h->fn;
	if (!f->built)
		notes_build(f, in);
	if (ref) {
		/* rendered in document order: from where the last one was */
		for (size_t tries = 0; tries < 2; tries++, f->cursor = 0)
			for (size_t i = f->cursor; i < f->n; i++)
				if (f->refs[i] == ref) {
					f->cursor = i + 1;
					return f->k[i];
				}
		return footnote_refs(in, number, ref);
	}
	size_t lo = 0, hi = f->nruns;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (f->runs[mid].number < number)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->nruns && f->runs[lo].number == number ? f->runs[lo].count : 0;
}

static void footnote_ref_id(lede_buf *out, int number, int k)
{
	if (k > 1)
		lede_buf_printf(out, "fnref-%d-%d", number, k);
	else
		lede_buf_printf(out, "fnref-%d", number);
}

/* The note's back-links, after the text when there is some (after). */
static void backrefs(html *h, const lede_node *def, bool after, lede_buf *out)
{
	int count = notes_count(h, def, def->number, NULL);
	for (int k = 1; k <= count; k++) {
		lede_buf_puts(out, k > 1 || after ? " <a href=\"#" : "<a href=\"#");
		footnote_ref_id(out, def->number, k);
		lede_buf_puts(out,
		              "\" class=\"footnote-backref\" data-footnote-backref aria-label=\"");
		const char *label = h->o->backref ? h->o->backref : "Back to reference";
		lede_escape_html_field(out, label, strlen(label));
		lede_buf_printf(out, " %d\">\xe2\x86\xa9", def->number);
		if (k > 1)
			lede_buf_printf(out, "<sup>%d</sup>", k);
		lede_buf_puts(out, "</a>");
	}
}

/* One renderer per node type, in cmark's iterator shape: enter writes what
 * comes before the node's children and says whether they are rendered (a
 * leaf writes all of itself and returns false); exit, for a node whose
 * children were rendered, writes what comes after them. A NULL enter
 * writes nothing and renders the children; a NULL exit writes nothing. */
static bool blockquote_enter(html *h, const lede_node *n)
{
	cr(h->out);
	lede_buf_puts(h->out, "<blockquote>\n");
	return true;
}

static void blockquote_exit(html *h, const lede_node *n)
{
	cr(h->out);
	lede_buf_puts(h->out, "</blockquote>\n");
}

static bool list_enter(html *h, const lede_node *n)
{
	cr(h->out);
	if (!n->ordered)
		lede_buf_puts(h->out, "<ul>\n");
	else if (n->start != 1)
		lede_buf_printf(h->out, "<ol start=\"%d\">\n", n->start);
	else
		lede_buf_puts(h->out, "<ol>\n");
	return true;
}

static void list_exit(html *h, const lede_node *n)
{
	cr(h->out);
	lede_buf_puts(h->out, n->ordered ? "</ol>\n" : "</ul>\n");
}

static bool item_enter(html *h, const lede_node *n)
{
	cr(h->out);
	lede_buf_puts(h->out, "<li>");
	if (n->task)
		lede_buf_puts(h->out, n->checked ? "<input type=\"checkbox\" checked disabled> "
		                                 : "<input type=\"checkbox\" disabled> ");
	return true;
}

static void item_exit(html *h, const lede_node *n) { lede_buf_puts(h->out, "</li>\n"); }

static bool code_block_enter(html *h, const lede_node *n)
{
	cr(h->out);
	lede_buf_puts(h->out, "<pre");
	attrs(n, NULL, h->o, h->out);
	lede_buf_putc(h->out, '>');
	if (n->info && n->info[0]) {
		size_t l = strcspn(n->info, " \t");
		lede_buf_puts(h->out, "<code class=\"language-");
		lede_escape_html(h->out, n->info, l);
		lede_buf_puts(h->out, "\">");
	} else {
		lede_buf_puts(h->out, "<code>");
	}
	esc(h->out, n->literal);
	lede_buf_puts(h->out, "</code></pre>\n");
	return false;
}

static bool html_block_enter(html *h, const lede_node *n)
{
	if (h->o->allow_unsafe && n->literal) {
		cr(h->out);
		tagfilter(h->out, n->literal);
		cr(h->out);
	}
	return false;
}

static bool raw_block_enter(html *h, const lede_node *n)
{
	if (n->info && !strcmp(n->info, "html") && n->literal) {
		cr(h->out);
		lede_buf_puts(h->out, n->literal);
		cr(h->out);
	}
	return false;
}

static bool div_enter(html *h, const lede_node *n)
{
	cr(h->out);
	lede_buf_puts(h->out, "<div");
	attrs(n, n->info, h->o, h->out);
	lede_buf_puts(h->out, ">\n");
	return true;
}

static void div_exit(html *h, const lede_node *n)
{
	cr(h->out);
	lede_buf_puts(h->out, "</div>\n");
}

/* GFM's markup: one section for the run of notes at the end, back-links
 * inside the note's last paragraph (paragraph_exit), else after it. */
static bool footnote_definition_enter(html *h, const lede_node *n)
{
	cr(h->out);
	if (!n->prev || n->prev->type != LEDE_NODE_FOOTNOTE_DEFINITION) {
		lede_buf_puts(h->out, "<section class=\"footnotes\" data-footnotes");
		/* (a name for the section, the notes' landmark: a screen
		 * reader otherwise lands in an unlabelled list) */
		if (h->o->notes && h->o->notes[0]) {
			lede_buf_puts(h->out, " aria-label=\"");
			lede_escape_html_field(h->out, h->o->notes, strlen(h->o->notes));
			lede_buf_putc(h->out, '"');
		}
		lede_buf_puts(h->out, ">\n<ol>\n");
	}
	lede_buf_printf(h->out, "<li id=\"fn-%d\">\n", n->number);
	return true;
}

static void footnote_definition_exit(html *h, const lede_node *n)
{
	if (!n->last || n->last->type != LEDE_NODE_PARAGRAPH) {
		cr(h->out);
		lede_buf_puts(h->out, "<p>");
		backrefs(h, n, false, h->out);
		lede_buf_puts(h->out, "</p>\n");
	}
	cr(h->out);
	lede_buf_puts(h->out, "</li>\n");
	if (!n->next || n->next->type != LEDE_NODE_FOOTNOTE_DEFINITION)
		lede_buf_puts(h->out, "</ol>\n</section>\n");
}

static bool footnote_reference_enter(html *h, const lede_node *n)
{
	lede_buf_printf(h->out, "<sup class=\"footnote-ref\"><a href=\"#fn-%d\" id=\"", n->number);
	footnote_ref_id(h->out, n->number, notes_count(h, n, n->number, n));
	lede_buf_printf(h->out, "\" data-footnote-ref>%d</a></sup>", n->number);
	return false;
}

/* The last paragraph of a footnote rendered with it holds its back-links. */
static bool note_end(const html *h, const lede_node *n)
{
	return n != h->root && n->parent && n->parent->type == LEDE_NODE_FOOTNOTE_DEFINITION &&
	       n == n->parent->last;
}

static bool paragraph_enter(html *h, const lede_node *n)
{
	if (!in_tight_list(n) || note_end(h, n)) {
		cr(h->out);
		lede_buf_puts(h->out, "<p>");
	}
	return true;
}

static void paragraph_exit(html *h, const lede_node *n)
{
	if (note_end(h, n)) {
		backrefs(h, n->parent, true, h->out);
		lede_buf_puts(h->out, "</p>\n");
	} else if (!in_tight_list(n)) {
		lede_buf_puts(h->out, "</p>\n");
	}
}

static int heading_level(const html *h, const lede_node *n)
{
	int l = (n->level < 1 ? 1 : n->level > 6 ? 6 : n->level) + h->shift;
	int top = h->o->headings > 0 ? h->o->headings : 1;
	return l < top ? top : l > 6 ? 6 : l;
}

/* What o->headings adds to each heading's level: the highest of the tree
 * (a node, and its nodes below) moved to it. */
static int heading_shift(const lede_node *root, int want)
{
	if (want < 1 || want > 6)
		return 0;
	int top = 7;
	for (const lede_node *n = root; n;) {
		if (n->type == LEDE_NODE_HEADING) {
			int l = n->level < 1 ? 1 : n->level > 6 ? 6 : n->level;
			top = l < top ? l : top;
		}
		/* (in document order: a heading holds no heading) */
		if (n->first && n->type != LEDE_NODE_HEADING) {
			n = n->first;
			continue;
		}
		while (n != root && !n->next)
			n = n->parent;
		n = n == root ? NULL : n->next;
	}
	return top == 7 ? 0 : want - top;
}

static bool heading_enter(html *h, const lede_node *n)
{
	cr(h->out);
	lede_buf_printf(h->out, "<h%d", heading_level(h, n));
	attrs(n, NULL, h->o, h->out);
	lede_buf_putc(h->out, '>');
	return true;
}

static void heading_exit(html *h, const lede_node *n)
{
	lede_buf_printf(h->out, "</h%d>\n", heading_level(h, n));
}

static bool thematic_break_enter(html *h, const lede_node *n)
{
	cr(h->out);
	lede_buf_puts(h->out, "<hr>\n");
	return false;
}

static bool table_enter(html *h, const lede_node *n)
{
	cr(h->out);
	lede_buf_puts(h->out, "<table");
	attrs(n, NULL, h->o, h->out);
	lede_buf_puts(h->out, ">\n");
	return true;
}

static void table_exit(html *h, const lede_node *n)
{
	if (n->first && (!n->first->header || n->first->next))
		lede_buf_puts(h->out, "</tbody>\n");
	lede_buf_puts(h->out, "</table>\n");
}

/* A table's first row opens its head (when it is a header row) or its
 * body; a row rendered alone is just the row. */
static bool first_row(const html *h, const lede_node *n)
{
	return n != h->root && n->parent && n->parent->type == LEDE_NODE_TABLE &&
	       n == n->parent->first;
}

static bool table_row_enter(html *h, const lede_node *n)
{
	if (first_row(h, n))
		lede_buf_puts(h->out, n->header ? "<thead>\n" : "<tbody>\n");
	lede_buf_puts(h->out, "<tr>\n");
	return true;
}

static void table_row_exit(html *h, const lede_node *n)
{
	lede_buf_puts(h->out, "</tr>\n");
	if (first_row(h, n) && n->header) {
		lede_buf_puts(h->out, "</thead>\n");
		if (n->next)
			lede_buf_puts(h->out, "<tbody>\n");
	}
}

static bool header_cell(const lede_node *n) { return n->parent && n->parent->header; }

static bool table_cell_enter(html *h, const lede_node *n)
{
	lede_buf_puts(h->out, header_cell(n) ? "<th" : "<td");
	cell_align(n, h->out);
	lede_buf_putc(h->out, '>');
	return true;
}

static void table_cell_exit(html *h, const lede_node *n)
{
	lede_buf_puts(h->out, header_cell(n) ? "</th>\n" : "</td>\n");
}

static bool text_enter(html *h, const lede_node *n)
{
	esc(h->out, n->literal);
	return false;
}

static bool softbreak_enter(html *h, const lede_node *n)
{
	lede_buf_putc(h->out, '\n');
	return false;
}

static bool linebreak_enter(html *h, const lede_node *n)
{
	lede_buf_puts(h->out, "<br>\n");
	return false;
}

static bool code_enter(html *h, const lede_node *n)
{
	lede_buf_puts(h->out, "<code>");
	esc(h->out, n->literal);
	lede_buf_puts(h->out, "</code>");
	return false;
}

static bool html_inline_enter(html *h, const lede_node *n)
{
	if (h->o->allow_unsafe && n->literal)
		tagfilter(h->out, n->literal);
	return false;
}

static bool raw_inline_enter(html *h, const lede_node *n)
{
	if (n->info && !strcmp(n->info, "html") && n->literal)
		lede_buf_puts(h->out, n->literal);
	return false;
}

static bool span_enter(html *h, const lede_node *n)
{
	lede_buf_puts(h->out, "<span");
	attrs(n, n->info, h->o, h->out);
	lede_buf_putc(h->out, '>');
	return true;
}

static void span_exit(html *h, const lede_node *n) { lede_buf_puts(h->out, "</span>"); }

static bool emph_enter(html *h, const lede_node *n)
{
	lede_buf_puts(h->out, "<em>");
	return true;
}

static void emph_exit(html *h, const lede_node *n) { lede_buf_puts(h->out, "</em>"); }

static bool strong_enter(html *h, const lede_node *n)
{
	lede_buf_puts(h->out, "<strong>");
	return true;
}

static void strong_exit(html *h, const lede_node *n) { lede_buf_puts(h->out, "</strong>"); }

static bool strikethrough_enter(html *h, const lede_node *n)
{
	lede_buf_puts(h->out, "<del>");
	return true;
}

static void strikethrough_exit(html *h, const lede_node *n) { lede_buf_puts(h->out, "</del>"); }

static void title_attr(lede_buf *out, const lede_node *n)
{
	if (n->title && n->title[0]) {
		lede_buf_puts(out, " title=\"");
		esc(out, n->title);
		lede_buf_putc(out, '"');
	}
}

static bool link_enter(html *h, const lede_node *n)
{
	lede_buf_puts(h->out, "<a href=\"");
	url(h->out, n->url, h->o);
	lede_buf_putc(h->out, '"');
	title_attr(h->out, n);
	attrs(n, NULL, h->o, h->out);
	lede_buf_putc(h->out, '>');
	return true;
}

static void link_exit(html *h, const lede_node *n) { lede_buf_puts(h->out, "</a>"); }

/* The alt text is the image's children as plain text: no child is
 * rendered as HTML. An image always has an alt (empty when the author
 * wrote none: the image is then announced as decorative, not by its file
 * name, or when it wrote ![""]: lede_alt_decorative). An image with no
 * source left (none written, or an unsafe one dropped) is its alt text
 * alone: `<img src="">` is not HTML and shows a broken image. */
static bool image_enter(html *h, const lede_node *n)
{
	lede_buf alt = LEDE_BUF_INIT;
	lede_node_text(n, &alt);
	/* ![""](rule.png): decoration on purpose, an empty alt */
	if (alt.len && lede_alt_decorative(alt.data, alt.len))
		alt.len = 0;
	if (!n->url || !n->url[0] ||
	    (!h->o->allow_unsafe && !lede_url_is_safe(n->url, strlen(n->url)))) {
		lede_escape_html(h->out, lede_buf_cstr(&alt), alt.len);
		lede_buf_free(&alt);
		return false;
	}
	lede_buf_puts(h->out, "<img src=\"");
	url(h->out, n->url, h->o);
	lede_buf_puts(h->out, "\" alt=\"");
	lede_escape_html(h->out, lede_buf_cstr(&alt), alt.len);
	lede_buf_free(&alt);
	lede_buf_putc(h->out, '"');
	title_attr(h->out, n);
	attrs(n, NULL, h->o, h->out);
	lede_buf_putc(h->out, '>');
	return false;
}

static const struct {
	bool (*enter)(html *h, const lede_node *n);
	void (*exit)(html *h, const lede_node *n);
} renderers[LEDE_NODE__COUNT] = {
    [LEDE_NODE_DOCUMENT] = {NULL, NULL},
    [LEDE_NODE_BLOCKQUOTE] = {blockquote_enter, blockquote_exit},
    [LEDE_NODE_LIST] = {list_enter, list_exit},
    [LEDE_NODE_ITEM] = {item_enter, item_exit},
    [LEDE_NODE_CODE_BLOCK] = {code_block_enter, NULL},
    [LEDE_NODE_HTML_BLOCK] = {html_block_enter, NULL},
    [LEDE_NODE_PARAGRAPH] = {paragraph_enter, paragraph_exit},
    [LEDE_NODE_HEADING] = {heading_enter, heading_exit},
    [LEDE_NODE_THEMATIC_BREAK] = {thematic_break_enter, NULL},
    [LEDE_NODE_TABLE] = {table_enter, table_exit},
    [LEDE_NODE_TABLE_ROW] = {table_row_enter, table_row_exit},
    [LEDE_NODE_TABLE_CELL] = {table_cell_enter, table_cell_exit},
    [LEDE_NODE_RAW_BLOCK] = {raw_block_enter, NULL},
    [LEDE_NODE_DIV] = {div_enter, div_exit},
    [LEDE_NODE_FOOTNOTE_DEFINITION] = {footnote_definition_enter, footnote_definition_exit},
    [LEDE_NODE_TEXT] = {text_enter, NULL},
    [LEDE_NODE_SOFTBREAK] = {softbreak_enter, NULL},
    [LEDE_NODE_LINEBREAK] = {linebreak_enter, NULL},
    [LEDE_NODE_CODE] = {code_enter, NULL},
    [LEDE_NODE_HTML_INLINE] = {html_inline_enter, NULL},
    [LEDE_NODE_EMPH] = {emph_enter, emph_exit},
    [LEDE_NODE_STRONG] = {strong_enter, strong_exit},
    [LEDE_NODE_STRIKETHROUGH] = {strikethrough_enter, strikethrough_exit},
    [LEDE_NODE_LINK] = {link_enter, link_exit},
    [LEDE_NODE_IMAGE] = {image_enter, NULL},
    [LEDE_NODE_RAW_INLINE] = {raw_inline_enter, NULL},
    [LEDE_NODE_SPAN] = {span_enter, span_exit},
    [LEDE_NODE_FOOTNOTE_REFERENCE] = {footnote_reference_enter, NULL},
};

static bool enter(html *h, const lede_node *n)
{
	return renderers[n->type].enter ? renderers[n->type].enter(h, n) : true;
}

static void leave(html *h, const lede_node *n)
{
	if (renderers[n->type].exit)
		renderers[n->type].exit(h, n);
}

/* Enter and exit events in document order, as cmark's iterator gives them,
 * by following the tree's links: no recursion, so no depth can exhaust the
 * C stack. */
int lede_render_html(const lede_node *root, const lede_render_opts *o, lede_buf *out)
{
	/* Kept for the other walks over the same tree and the same limit
	 * everywhere (docs/internals.md, "Limits"). */
	if (lede_node_too_deep(root, LEDE_MAX_DEPTH))
		return -1;
	html h = {o, root, out, {0}, heading_shift(root, o->headings)};
	const lede_node *n = root;
	bool open = enter(&h, n);
	for (;;) {
		if (open && n->first) {
			n = n->first;
			open = enter(&h, n);
			continue;
		}
		if (open)
			leave(&h, n);
		/* then its next sibling, closing each parent it was the last
		 * child of, up to the root */
		while (n != root && !n->next) {
			n = n->parent;
			leave(&h, n);
		}
		if (n == root) {
			notes_free(&h.fn);
			return 0;
		}
		n = n->next;
		open = enter(&h, n);
	}
}
