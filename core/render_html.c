/* render_html.c: lede nodes to HTML5, one switch over node types, safe by
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
	static const char *const tags[] = {"title", "textarea", "style", "xmp", "iframe",
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

static void render(const lede_node *n, const lede_render_opts *o, lede_buf *out);

/* Attributes whose value is a URL: an unsafe one is left out, as link
 * targets are. */
static bool url_attr(const char *k)
{
	static const char *const names[] = {"action", "formaction", "poster", "srcset", "cite",
	                                    "background", "ping", "longdesc", "usemap", "data",
	                                    "xlink:href", "codebase", "manifest", "icon", "src", "href"};
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

static void children(const lede_node *n, const lede_render_opts *o, lede_buf *out)
{
	for (const lede_node *c = n->first; c; c = c->next)
		render(c, o, out);
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

static void footnote_ref_id(lede_buf *out, int number, int k)
{
	if (k > 1)
		lede_buf_printf(out, "fnref-%d-%d", number, k);
	else
		lede_buf_printf(out, "fnref-%d", number);
}

/* The note's back-links, after the text when there is some (after). */
static void backrefs(const lede_node *def, bool after, lede_buf *out)
{
	int count = footnote_refs(def, def->number, NULL);
	for (int k = 1; k <= count; k++) {
		lede_buf_puts(out, k > 1 || after ? " <a href=\"#" : "<a href=\"#");
		footnote_ref_id(out, def->number, k);
		lede_buf_printf(out, "\" class=\"footnote-backref\" data-footnote-backref "
		                     "aria-label=\"Back to reference %d\">\xe2\x86\xa9", def->number);
		if (k > 1)
			lede_buf_printf(out, "<sup>%d</sup>", k);
		lede_buf_puts(out, "</a>");
	}
}

static void render(const lede_node *n, const lede_render_opts *o, lede_buf *out)
{
	switch (n->type) {
	case LEDE_NODE_DOCUMENT:
		children(n, o, out);
		break;
	case LEDE_NODE_BLOCKQUOTE:
		cr(out);
		lede_buf_puts(out, "<blockquote>\n");
		children(n, o, out);
		cr(out);
		lede_buf_puts(out, "</blockquote>\n");
		break;
	case LEDE_NODE_LIST:
		cr(out);
		if (n->ordered) {
			if (n->start != 1)
				lede_buf_printf(out, "<ol start=\"%d\">\n", n->start);
			else
				lede_buf_puts(out, "<ol>\n");
		} else {
			lede_buf_puts(out, "<ul>\n");
		}
		children(n, o, out);
		cr(out);
		lede_buf_puts(out, n->ordered ? "</ol>\n" : "</ul>\n");
		break;
	case LEDE_NODE_ITEM:
		cr(out);
		lede_buf_puts(out, "<li>");
		if (n->task)
			lede_buf_puts(out, n->checked ? "<input type=\"checkbox\" checked disabled> "
			                              : "<input type=\"checkbox\" disabled> ");
		children(n, o, out);
		lede_buf_puts(out, "</li>\n");
		break;
	case LEDE_NODE_CODE_BLOCK:
		cr(out);
		lede_buf_puts(out, "<pre");
		attrs(n, NULL, o, out);
		lede_buf_putc(out, '>');
		if (n->info && n->info[0]) {
			size_t l = strcspn(n->info, " \t");
			lede_buf_puts(out, "<code class=\"language-");
			lede_escape_html(out, n->info, l);
			lede_buf_puts(out, "\">");
		} else {
			lede_buf_puts(out, "<code>");
		}
		esc(out, n->literal);
		lede_buf_puts(out, "</code></pre>\n");
		break;
	case LEDE_NODE_HTML_BLOCK:
		if (o->allow_unsafe && n->literal) {
			cr(out);
			tagfilter(out, n->literal);
			cr(out);
		}
		break;
	case LEDE_NODE_RAW_BLOCK:
		if (n->info && !strcmp(n->info, "html") && n->literal) {
			cr(out);
			lede_buf_puts(out, n->literal);
			cr(out);
		}
		break;
	case LEDE_NODE_DIV:
		cr(out);
		lede_buf_puts(out, "<div");
		attrs(n, n->info, o, out);
		lede_buf_puts(out, ">\n");
		children(n, o, out);
		cr(out);
		lede_buf_puts(out, "</div>\n");
		break;
	case LEDE_NODE_FOOTNOTE_DEFINITION:
		/* GFM's markup: one section for the run of notes at the end,
		 * back-links inside the note's last paragraph. */
		cr(out);
		if (!n->prev || n->prev->type != LEDE_NODE_FOOTNOTE_DEFINITION)
			lede_buf_puts(out, "<section class=\"footnotes\" data-footnotes>\n<ol>\n");
		lede_buf_printf(out, "<li id=\"fn-%d\">\n", n->number);
		for (const lede_node *c = n->first; c; c = c->next) {
			if (c == n->last && c->type == LEDE_NODE_PARAGRAPH) {
				cr(out);
				lede_buf_puts(out, "<p>");
				children(c, o, out);
				backrefs(n, true, out);
				lede_buf_puts(out, "</p>\n");
			} else {
				render(c, o, out);
			}
		}
		if (!n->last || n->last->type != LEDE_NODE_PARAGRAPH) {
			cr(out);
			lede_buf_puts(out, "<p>");
			backrefs(n, false, out);
			lede_buf_puts(out, "</p>\n");
		}
		cr(out);
		lede_buf_puts(out, "</li>\n");
		if (!n->next || n->next->type != LEDE_NODE_FOOTNOTE_DEFINITION)
			lede_buf_puts(out, "</ol>\n</section>\n");
		break;
	case LEDE_NODE_FOOTNOTE_REFERENCE:
		lede_buf_printf(out, "<sup class=\"footnote-ref\"><a href=\"#fn-%d\" id=\"", n->number);
		footnote_ref_id(out, n->number, footnote_refs(n, n->number, n));
		lede_buf_printf(out, "\" data-footnote-ref>%d</a></sup>", n->number);
		break;
	case LEDE_NODE_PARAGRAPH:
		if (in_tight_list(n)) {
			children(n, o, out);
			break;
		}
		cr(out);
		lede_buf_puts(out, "<p>");
		children(n, o, out);
		lede_buf_puts(out, "</p>\n");
		break;
	case LEDE_NODE_HEADING: {
		int l = n->level < 1 ? 1 : n->level > 6 ? 6 : n->level;
		cr(out);
		lede_buf_printf(out, "<h%d", l);
		attrs(n, NULL, o, out);
		lede_buf_putc(out, '>');
		children(n, o, out);
		lede_buf_printf(out, "</h%d>\n", l);
		break;
	}
	case LEDE_NODE_THEMATIC_BREAK:
		cr(out);
		lede_buf_puts(out, "<hr>\n");
		break;
	case LEDE_NODE_TABLE:
		cr(out);
		lede_buf_puts(out, "<table");
		attrs(n, NULL, o, out);
		lede_buf_puts(out, ">\n");
		for (const lede_node *r = n->first; r; r = r->next) {
			if (r == n->first && r->header) {
				lede_buf_puts(out, "<thead>\n");
				render(r, o, out);
				lede_buf_puts(out, "</thead>\n");
				if (r->next)
					lede_buf_puts(out, "<tbody>\n");
				continue;
			}
			if (r == n->first)
				lede_buf_puts(out, "<tbody>\n");
			render(r, o, out);
		}
		if (n->first && (!n->first->header || n->first->next))
			lede_buf_puts(out, "</tbody>\n");
		lede_buf_puts(out, "</table>\n");
		break;
	case LEDE_NODE_TABLE_ROW:
		lede_buf_puts(out, "<tr>\n");
		children(n, o, out);
		lede_buf_puts(out, "</tr>\n");
		break;
	case LEDE_NODE_TABLE_CELL: {
		bool th = n->parent && n->parent->header;
		lede_buf_puts(out, th ? "<th" : "<td");
		cell_align(n, out);
		lede_buf_putc(out, '>');
		children(n, o, out);
		lede_buf_puts(out, th ? "</th>\n" : "</td>\n");
		break;
	}
	case LEDE_NODE_TEXT:
		esc(out, n->literal);
		break;
	case LEDE_NODE_SOFTBREAK:
		lede_buf_putc(out, '\n');
		break;
	case LEDE_NODE_LINEBREAK:
		lede_buf_puts(out, "<br>\n");
		break;
	case LEDE_NODE_CODE:
		lede_buf_puts(out, "<code>");
		esc(out, n->literal);
		lede_buf_puts(out, "</code>");
		break;
	case LEDE_NODE_HTML_INLINE:
		if (o->allow_unsafe && n->literal)
			tagfilter(out, n->literal);
		break;
	case LEDE_NODE_RAW_INLINE:
		if (n->info && !strcmp(n->info, "html") && n->literal)
			lede_buf_puts(out, n->literal);
		break;
	case LEDE_NODE_SPAN:
		lede_buf_puts(out, "<span");
		attrs(n, n->info, o, out);
		lede_buf_putc(out, '>');
		children(n, o, out);
		lede_buf_puts(out, "</span>");
		break;
	case LEDE_NODE_EMPH:
		lede_buf_puts(out, "<em>");
		children(n, o, out);
		lede_buf_puts(out, "</em>");
		break;
	case LEDE_NODE_STRONG:
		lede_buf_puts(out, "<strong>");
		children(n, o, out);
		lede_buf_puts(out, "</strong>");
		break;
	case LEDE_NODE_STRIKETHROUGH:
		lede_buf_puts(out, "<del>");
		children(n, o, out);
		lede_buf_puts(out, "</del>");
		break;
	case LEDE_NODE_LINK:
		lede_buf_puts(out, "<a href=\"");
		url(out, n->url, o);
		lede_buf_putc(out, '"');
		if (n->title && n->title[0]) {
			lede_buf_puts(out, " title=\"");
			esc(out, n->title);
			lede_buf_putc(out, '"');
		}
		attrs(n, NULL, o, out);
		lede_buf_putc(out, '>');
		children(n, o, out);
		lede_buf_puts(out, "</a>");
		break;
	case LEDE_NODE_IMAGE: {
		lede_buf_puts(out, "<img src=\"");
		url(out, n->url, o);
		lede_buf_puts(out, "\" alt=\"");
		lede_buf alt = LEDE_BUF_INIT;
		lede_node_text(n, &alt);
		lede_escape_html(out, lede_buf_cstr(&alt), alt.len);
		lede_buf_free(&alt);
		lede_buf_putc(out, '"');
		if (n->title && n->title[0]) {
			lede_buf_puts(out, " title=\"");
			esc(out, n->title);
			lede_buf_putc(out, '"');
		}
		attrs(n, NULL, o, out);
		lede_buf_putc(out, '>');
		break;
	}
	case LEDE_NODE__COUNT:
		break;
	}
}

/* HTML needs the nesting (each element closes after its children), so
 * render recurses, on a tree checked first to be at most LEDE_MAX_DEPTH
 * deep: a bounded stack. */
int lede_render_html(const lede_node *n, const lede_render_opts *o, lede_buf *out)
{
	if (lede_node_too_deep(n, LEDE_MAX_DEPTH))
		return -1;
	render(n, o, out);
	return 0;
}
