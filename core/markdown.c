/* markdown.c: cmark-gfm glue. Parses with the GFM extensions lede uses and
 * converts cmark's tree into lede nodes in the caller's arena, keeping
 * source lines and dropping raw HTML unless the site allows it. Bare URLs
 * and e-mails become links here too, from the link extractor's results
 * (lede_markdown_autolink), not from cmark-gfm's autolink extension. */
#include "extract.h"
#include "node.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cmark-gfm keeps the inline parser's special characters in one
 * process-wide table, and every cmark_parser_finish adds the extensions'
 * characters ('~' for strikethrough...) then removes them: two threads
 * finishing at once lose each other's '~' (seen as ~~text~~ left
 * unparsed). This lock guards that library state; it is the only static
 * in lede and holds no lede data. Block parsing still runs in parallel. */
static pthread_mutex_t cmark_inline_lock = PTHREAD_MUTEX_INITIALIZER;

void lede_markdown_init(void) { cmark_gfm_core_extensions_ensure_registered(); }

/* No "autolink": bare URLs and e-mails are linked by lede_markdown_autolink
 * from the extractor's results, so the tree and a.links cannot disagree. */
static const char *const extensions[] = {"table", "strikethrough", "tagfilter", "tasklist"};

static const char *copy(lede_arena *a, const char *s) { return s ? lede_arena_strdup(a, s) : NULL; }

/* cn alone (not its children) as a lede node, or NULL when dropped. */
static lede_node *convert_one(lede_arena *a, cmark_node *cn, int line_off,
                              const lede_markdown_opts *o)
{
	lede_node_type t;
	const char *ext = cmark_node_get_type_string(cn);
	switch (cmark_node_get_type(cn)) {
	case CMARK_NODE_DOCUMENT: t = LEDE_NODE_DOCUMENT; break;
	case CMARK_NODE_BLOCK_QUOTE: t = LEDE_NODE_BLOCKQUOTE; break;
	case CMARK_NODE_LIST: t = LEDE_NODE_LIST; break;
	case CMARK_NODE_ITEM: t = LEDE_NODE_ITEM; break;
	case CMARK_NODE_CODE_BLOCK: t = LEDE_NODE_CODE_BLOCK; break;
	case CMARK_NODE_HTML_BLOCK:
		if (!o->allow_raw_html)
			return NULL;
		t = LEDE_NODE_HTML_BLOCK;
		break;
	case CMARK_NODE_PARAGRAPH: t = LEDE_NODE_PARAGRAPH; break;
	case CMARK_NODE_HEADING: t = LEDE_NODE_HEADING; break;
	case CMARK_NODE_THEMATIC_BREAK: t = LEDE_NODE_THEMATIC_BREAK; break;
	case CMARK_NODE_TEXT: t = LEDE_NODE_TEXT; break;
	case CMARK_NODE_SOFTBREAK: t = LEDE_NODE_SOFTBREAK; break;
	case CMARK_NODE_LINEBREAK: t = LEDE_NODE_LINEBREAK; break;
	case CMARK_NODE_CODE: t = LEDE_NODE_CODE; break;
	case CMARK_NODE_HTML_INLINE:
		if (!o->allow_raw_html)
			return NULL;
		t = LEDE_NODE_HTML_INLINE;
		break;
	case CMARK_NODE_EMPH: t = LEDE_NODE_EMPH; break;
	case CMARK_NODE_STRONG: t = LEDE_NODE_STRONG; break;
	case CMARK_NODE_LINK: t = LEDE_NODE_LINK; break;
	case CMARK_NODE_IMAGE: t = LEDE_NODE_IMAGE; break;
	case CMARK_NODE_FOOTNOTE_DEFINITION: t = LEDE_NODE_FOOTNOTE_DEFINITION; break;
	case CMARK_NODE_FOOTNOTE_REFERENCE: t = LEDE_NODE_FOOTNOTE_REFERENCE; break;
	default:
		if (!strcmp(ext, "table"))
			t = LEDE_NODE_TABLE;
		else if (!strcmp(ext, "table_row") || !strcmp(ext, "table_header"))
			t = LEDE_NODE_TABLE_ROW;
		else if (!strcmp(ext, "table_cell"))
			t = LEDE_NODE_TABLE_CELL;
		else if (!strcmp(ext, "strikethrough"))
			t = LEDE_NODE_STRIKETHROUGH;
		else
			return NULL; /* an extension lede does not enable */
	}
	lede_node *n = lede_node_new(a, t);
	int line = cmark_node_get_start_line(cn);
	n->line = line > 0 ? line + line_off : 0;
	n->column = cmark_node_get_start_column(cn);
	switch (t) {
	case LEDE_NODE_CODE_BLOCK:
		n->info = copy(a, cmark_node_get_fence_info(cn));
		/* fall through */
	case LEDE_NODE_TEXT:
	case LEDE_NODE_CODE:
	case LEDE_NODE_HTML_BLOCK:
	case LEDE_NODE_HTML_INLINE: n->literal = copy(a, cmark_node_get_literal(cn)); break;
	case LEDE_NODE_HEADING: n->level = cmark_node_get_heading_level(cn); break;
	case LEDE_NODE_LIST:
		n->ordered = cmark_node_get_list_type(cn) == CMARK_ORDERED_LIST;
		n->start = cmark_node_get_list_start(cn);
		n->tight = cmark_node_get_list_tight(cn);
		break;
	case LEDE_NODE_ITEM:
		if (!strcmp(ext, "tasklist")) {
			n->task = true;
			n->checked = cmark_gfm_extensions_get_tasklist_item_checked(cn);
		}
		break;
	case LEDE_NODE_LINK:
	case LEDE_NODE_IMAGE:
		n->url = copy(a, cmark_node_get_url(cn));
		n->title = copy(a, cmark_node_get_title(cn));
		break;
	case LEDE_NODE_TABLE: {
		n->ncols = cmark_gfm_extensions_get_table_columns(cn);
		uint8_t *al = cmark_gfm_extensions_get_table_alignments(cn);
		if (n->ncols > 0 && al) {
			n->aligns = lede_arena_alloc(a, (size_t)n->ncols);
			memcpy(n->aligns, al, (size_t)n->ncols);
		}
		break;
	}
	case LEDE_NODE_TABLE_ROW:
		n->header = cmark_gfm_extensions_get_table_row_is_header(cn);
		break;
	case LEDE_NODE_FOOTNOTE_REFERENCE: {
		/* cmark-gfm numbers the definitions in order of first use and
		 * gives the reference its number as the literal; references
		 * without a definition stay text. */
		const char *num = cmark_node_get_literal(cn);
		n->number = num ? atoi(num) : 0;
		break;
	}
	case LEDE_NODE_FOOTNOTE_DEFINITION:
		/* cmark-gfm keeps only used definitions, moved to the end of the
		 * document in number order: the nth is footnote n, numbered by
		 * convert from the one before it (counting them all back from
		 * each made 16,000 notes take seconds) */
		break;
	default: break;
	}
	return n;
}

/* Whether paragraph n holds nothing but spaces and line breaks. */
static bool blank_inlines(const lede_node *n)
{
	for (const lede_node *c = n->first; c; c = c->next) {
		if (c->type == LEDE_NODE_SOFTBREAK || c->type == LEDE_NODE_LINEBREAK)
			continue;
		if (c->type != LEDE_NODE_TEXT || !c->literal ||
		    c->literal[strspn(c->literal, " \t")] != '\0')
			return false;
	}
	return true;
}

/* A paragraph that held only raw HTML is gone entirely, with the spaces
 * and line breaks between its tags ("<img ...> <img ...>" left "<p>
 * </p>"); one that holds spaces alone, written as such ("&#32;"), stays. */
static void drop_if_emptied(lede_node *n, cmark_node *cn)
{
	if (!n || n->type != LEDE_NODE_PARAGRAPH || !blank_inlines(n))
		return;
	for (cmark_node *c = cmark_node_first_child(cn); c; c = cmark_node_next(c))
		if (!n->first || cmark_node_get_type(c) == CMARK_NODE_HTML_INLINE) {
			lede_node_unlink(n);
			return;
		}
}

/* cmark's tree as lede nodes. cmark parses any depth without recursing
 * (a million nested quotes in a second), so this walk does not recurse
 * either: it follows the parent links, and stops at the first node with
 * more than LEDE_MAX_DEPTH ancestors. */
static lede_node *convert(lede_arena *a, cmark_node *doc, int line_off, const lede_markdown_opts *o,
                          lede_error *err)
{
	lede_node *root = convert_one(a, doc, line_off, o), *into = root;
	cmark_node *cn = cmark_node_first_child(doc);
	int depth = 1;
	while (cn) {
		if (depth > LEDE_MAX_DEPTH) {
			int line = cmark_node_get_start_line(cn);
			if (err)
				lede_error_set(
				    err, "", line > 0 ? line + line_off : 0,
				    cmark_node_get_start_column(cn),
				    "Markdown nested deeper than %d levels (quotes, lists, "
				    "emphasis or links inside one another); flatten it",
				    LEDE_MAX_DEPTH);
			return NULL;
		}
		lede_node *n = convert_one(a, cn, line_off, o);
		if (n && n->type == LEDE_NODE_FOOTNOTE_DEFINITION)
			n->number = into->last && into->last->type == LEDE_NODE_FOOTNOTE_DEFINITION
			                ? into->last->number + 1
			                : 1;
		if (n)
			lede_node_link_last(into, n);
		if (n && cmark_node_first_child(cn)) { /* down */
			into = n;
			cn = cmark_node_first_child(cn);
			depth++;
			continue;
		}
		while (cn != doc && !cmark_node_next(cn)) { /* up, finishing parents */
			cn = cmark_node_parent(cn);
			depth--;
			if (cn != doc) {
				lede_node *done = into;
				into = into->parent;
				drop_if_emptied(done, cn);
			}
		}
		cn = cn == doc ? NULL : cmark_node_next(cn);
	}
	return root;
}

/* cmark-gfm's table extension takes time that grows faster than a table's
 * area (2,000 columns by 2,000 rows, 14 KB: 5 s; 50,000 by 50: 40 s): one
 * article could stall the build. A table (a header row, then a delimiter
 * row such as "|---|:-:|") of more than LEDE_MAX_TABLE_CELLS columns, a
 * row of one with more cells, or one of more than LEDE_MAX_TABLE_AREA
 * cells (columns times rows: cmark pads every row to the header's width)
 * fails its article before cmark sees it. Lines in fenced code blocks are
 * not counted, nor lines outside a table: cmark reads a line as a row only
 * under a delimiter row. 0, or -1 with err at that line. */
static int check_tables(const char *text, size_t len, int first_line, lede_error *err)
{
	/* No '|' at all (most articles): no table, and nothing to count. */
	if (!memchr(text, '|', len))
		return 0;
	size_t prev_cells = 0, width = 0, rows = 0;
	char fence = 0; /* the open code fence's character, or 0 */
	size_t fence_run = 0;
	int line = 0, start = 0;
	int base = first_line > 0 ? first_line - 1 : 0;
	for (size_t at = 0; at < len;) {
		const char *s = text + at;
		const char *nl = memchr(s, '\n', len - at);
		size_t n = nl ? (size_t)(nl - s) : len - at;
		at += n + 1;
		line++;
		/* a code fence: ``` or ~~~ (three or more), indented less than four */
		size_t ind = 0;
		while (ind < n && ind < 4 && s[ind] == ' ')
			ind++;
		if (ind < 4 && ind < n && (s[ind] == '`' || s[ind] == '~')) {
			size_t k = ind;
			while (k < n && s[k] == s[ind])
				k++;
			bool rest_blank = true;
			for (size_t q = k; q < n; q++)
				rest_blank =
				    rest_blank && (s[q] == ' ' || s[q] == '\t' || s[q] == '\r');
			if (k - ind >= 3 && !fence &&
			    (s[ind] == '~' || !memchr(s + k, '`', n - k))) {
				fence = s[ind];
				fence_run = k - ind;
				prev_cells = width = rows = 0;
				continue;
			}
			if (fence && s[ind] == fence && k - ind >= fence_run && rest_blank) {
				fence = 0;
				continue;
			}
		}
		if (fence)
			continue;
		/* the line's cells: its '|' not escaped, plus one, less a leading
		 * and a trailing one; and whether it is a delimiter row */
		size_t pipes = 0;
		bool delim = true, dash = false, blank = true, lead = false, trail = false;
		for (size_t i = 0; i < n; i++) {
			char c = s[i];
			if (c == '|' && !(i && s[i - 1] == '\\')) {
				lead = lead || blank;
				pipes++;
			} else if (c == '-') {
				dash = true;
			} else if (c != ':' && c != ' ' && c != '\t' && c != '\r') {
				delim = false;
			}
			if (c != ' ' && c != '\t' && c != '\r') {
				blank = false;
				trail = c == '|' && !(i && s[i - 1] == '\\');
			}
		}
		size_t cells = pipes ? pipes + 1 - lead - (trail && pipes > lead) : 0;
		if (blank) {
			width = rows = 0;
		} else if (delim && dash && pipes && prev_cells) {
			width = prev_cells > cells ? prev_cells : cells;
			rows = 1;
			start = line - 1;
		} else if (width) {
			rows++;
		}
		/* (the header's width, or this row's when it has more) */
		size_t wide = width && cells > width ? cells : width;
		if (width && wide > LEDE_MAX_TABLE_CELLS) {
			lede_error_set(err, NULL, base + (rows == 1 ? start : line), 1,
			               "a table row with more than %d cells; split the table (wide "
			               "tables take cmark-gfm a time that grows faster than their "
			               "size)",
			               LEDE_MAX_TABLE_CELLS);
			return -1;
		}
		if (width && rows * width > LEDE_MAX_TABLE_AREA) {
			lede_error_set(
			    err, NULL, base + start, 1,
			    "a table of more than %d cells (columns times rows); split it "
			    "(large tables take cmark-gfm a time that grows faster than their "
			    "size)",
			    LEDE_MAX_TABLE_AREA);
			return -1;
		}
		prev_cells = cells;
	}
	return 0;
}

cmark_parser *lede_markdown_parser(int options, cmark_mem *mem)
{
	cmark_parser *p = mem ? cmark_parser_new_with_mem(options, mem) : cmark_parser_new(options);
	for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(extensions[i]);
		if (e)
			cmark_parser_attach_syntax_extension(p, e);
	}
	return p;
}

/* What lede_markdown_cost counts a node's opening: a line break, ASCII
 * punctuation (a table, not isalnum: no call per byte, and no locale). */
static const unsigned char opens_node[256] = {
    ['\n'] = 1, ['!'] = 1, ['"'] = 1, ['#'] = 1,  ['$'] = 1, ['%'] = 1, ['&'] = 1,
    ['\''] = 1, ['('] = 1, [')'] = 1, ['*'] = 1,  ['+'] = 1, [','] = 1, ['-'] = 1,
    ['.'] = 1,  ['/'] = 1, [':'] = 1, [';'] = 1,  ['<'] = 1, ['='] = 1, ['>'] = 1,
    ['?'] = 1,  ['@'] = 1, ['['] = 1, ['\\'] = 1, [']'] = 1, ['^'] = 1, ['_'] = 1,
    ['`'] = 1,  ['{'] = 1, ['|'] = 1, ['}'] = 1,  ['~'] = 1};

size_t lede_markdown_cost(const char *text, size_t len)
{
	size_t marks = 0;
	for (size_t i = 0; i < len; i++)
		marks += opens_node[(unsigned char)text[i]];
	return len * LEDE_MARKDOWN_BYTE_COST + marks * LEDE_MARKDOWN_MARK_COST;
}

/* n bytes for a message: "72 KiB", "6.4 MiB", "3.9 GiB" */
static const char *bytes_text(size_t n, char buf[32])
{
	static const char *const unit[] = {"KiB", "MiB", "GiB", "TiB"};
	double v = (double)n / 1024;
	int u = 0;
	while (v >= 1024 && u < 3) {
		v /= 1024;
		u++;
	}
	snprintf(buf, 32, v < 10 ? "%.1f %s" : "%.0f %s", v, unit[u]);
	return buf;
}

lede_node *lede_markdown_parse(lede_arena *a, const char *text, size_t len, int first_line,
                               const lede_markdown_opts *opts, lede_error *err)
{
	/* (counted only for a text whose worst, every byte opening a node,
	 * could pass the limit: 2 MiB at the default, so not for an
	 * ordinary article) */
	size_t worst = LEDE_MARKDOWN_BYTE_COST + LEDE_MARKDOWN_MARK_COST;
	size_t cost =
	    opts->max_cost && len > opts->max_cost / worst ? lede_markdown_cost(text, len) : 0;
	if (cost > opts->max_cost) {
		char b[4][32];
		size_t marks = (cost - len * LEDE_MARKDOWN_BYTE_COST) / LEDE_MARKDOWN_MARK_COST;
		lede_error_set(err, NULL, first_line > 0 ? first_line : 1, 1,
		               "so much markup (%s of text, %s of it line breaks and punctuation) "
		               "that parsing it may take %s, more than the %s one article may (%d "
		               "times 'limits: {article_mb: N}'); split it",
		               bytes_text(len, b[0]), bytes_text(marks, b[1]),
		               bytes_text(cost, b[2]), bytes_text(opts->max_cost, b[3]),
		               LEDE_ARTICLE_PARSE_TIMES);
		return NULL;
	}
	if (check_tables(text, len, first_line, err) != 0)
		return NULL;
	/* (on valid UTF-8, cmark's check changes nothing: NUL bytes become
	 * U+FFFD either way) */
	int options = CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES |
	              (opts->utf8_checked ? 0 : CMARK_OPT_VALIDATE_UTF8);
	if (opts->smart)
		options |= CMARK_OPT_SMART;
	if (opts->allow_raw_html)
		options |= CMARK_OPT_UNSAFE;
	cmark_parser *p = lede_markdown_parser(options, NULL);
	cmark_parser_feed(p, text, len);
	pthread_mutex_lock(&cmark_inline_lock);
	cmark_node *doc = cmark_parser_finish(p);
	pthread_mutex_unlock(&cmark_inline_lock);
	lede_node *root = convert(a, doc, first_line > 0 ? first_line - 1 : 0, opts, err);
	cmark_node_free(doc);
	cmark_parser_free(p);
	return root;
}

/* ---- bare URLs and e-mails, from the extraction ------------------------- */

/* A block whose children are inlines, with its place in the source. */
typedef struct leaf {
	lede_node *n;
	int line;
	size_t order; /* document order: footnotes come last there, not in the source */
} leaf;

/* Where a link of the extraction starts in the file; for a bare link,
 * whether the tree shows it. */
typedef struct place {
	int line, column;
	bool placed;
} place;

static int leaf_cmp(const void *a, const void *b)
{
	const leaf *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static bool is_bare(const lede_link *l)
{
	return !strcmp(l->kind, "url") || !strcmp(l->kind, "email");
}

static bool is_leaf(lede_node_type t)
{
	return t == LEDE_NODE_PARAGRAPH || t == LEDE_NODE_HEADING || t == LEDE_NODE_TABLE_CELL;
}

/* The leaves under root in document order, without recursing. */
static leaf *collect_leaves(lede_node *root, size_t *count)
{
	leaf *v = NULL;
	size_t n = 0, cap = 0;
	lede_node *c = root->first;
	while (c) {
		if (is_leaf(c->type)) {
			if (c->line > 0) {
				if (n == cap) {
					cap = cap ? cap * 2 : 32;
					v = lede_xrealloc(v, cap * sizeof *v);
				}
				v[n] = (leaf){c, c->line, n};
				n++;
			}
		} else if (c->first && lede_node_is_block(c->first->type)) {
			c = c->first;
			continue;
		}
		while (c != root && !c->next)
			c = c->parent;
		c = c == root ? NULL : c->next;
	}
	*count = n;
	return v;
}

/* A growing list of nodes. */
typedef struct nodes {
	lede_node **v;
	size_t n, cap;
} nodes;

static void push(nodes *l, lede_node *n)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = lede_xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = n;
}

/* Text nodes with their literals' lengths. */
typedef struct texts {
	lede_node **v;
	size_t *len;
	size_t n, cap;
} texts;

/* The Text nodes under leaf n that may hold a bare link (not inside a
 * link or an image) into tx, and its Links into links. */
static void collect_inlines(lede_node *n, texts *tx, nodes *links)
{
	lede_node *c = n->first;
	while (c) {
		if (c->type == LEDE_NODE_TEXT && c->literal && c->literal[0]) {
			if (tx->n == tx->cap) {
				tx->cap = tx->cap ? tx->cap * 2 : 32;
				tx->v = lede_xrealloc(tx->v, tx->cap * sizeof *tx->v);
				tx->len = lede_xrealloc(tx->len, tx->cap * sizeof *tx->len);
			}
			tx->v[tx->n] = c;
			tx->len[tx->n++] = strlen(c->literal);
		} else if (c->type == LEDE_NODE_LINK) {
			push(links, c);
		} else if (c->first && c->type != LEDE_NODE_IMAGE) {
			c = c->first;
			continue;
		}
		while (c != n && !c->next)
			c = c->parent;
		c = c == n ? NULL : c->next;
	}
}

/* A byte that would make a URL go on. */
static bool continues(unsigned char c)
{
	return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("/.-_@", c));
}

/* Where link l's bytes stand in literal lit from byte from on, or -1: the
 * same bytes, after the same byte as in the source when the literal has
 * one before them (so "xwww.a.org" earlier in the text is not taken for
 * the link that follows), and not followed by what would lengthen them
 * unless the source has it there too (an entity or an escape after a URL
 * is decoded in the literal). */
static long find_span(const char *lit, size_t ll, size_t from, const lede_link *l, const char *src,
                      size_t len)
{
	size_t n = l->end - l->start;
	const char *want = src + l->start;
	for (size_t p = from; p + n <= ll; p++) {
		const char *hit = memchr(lit + p, want[0], ll - p);
		if (!hit)
			return -1;
		p = (size_t)(hit - lit);
		if (p + n > ll)
			return -1;
		if (memcmp(lit + p, want, n) != 0)
			continue;
		if (p > 0 && (l->start == 0 || lit[p - 1] != src[l->start - 1]))
			continue;
		if (p + n < ll && continues((unsigned char)lit[p + n]) &&
		    (l->end >= len || lit[p + n] != src[l->end]))
			continue;
		return (long)p;
	}
	return -1;
}

/* Cuts text node t around [p, p+n) and puts a Link to url there; returns
 * the Text after the link (NULL when the link ended t). */
static lede_node *split_link(lede_node *t, size_t p, size_t n, const char *url, const place *b)
{
	lede_arena *a = t->arena;
	const char *lit = t->literal;
	lede_node *link = lede_node_new(a, LEDE_NODE_LINK);
	link->url = lede_arena_strdup(a, url);
	link->title = "";
	link->line = b->line;
	link->column = b->column;
	lede_node *text = lede_node_new(a, LEDE_NODE_TEXT);
	text->literal = lede_arena_strndup(a, lit + p, n);
	text->line = b->line;
	text->column = b->column;
	lede_node_link_last(link, text);
	const char *rest = lit + p + n;
	lede_node *after = NULL;
	if (p > 0) {
		t->literal = lede_arena_strndup(a, lit, p);
		lede_node_insert_after(t, link);
		if (*rest) {
			after = lede_node_new(a, LEDE_NODE_TEXT);
			after->literal = rest;
			after->line = b->line;
			after->column = b->column + (int)n;
			lede_node_insert_after(link, after);
		}
	} else {
		lede_node_insert_before(t, link);
		if (*rest) {
			t->literal = rest;
			after = t;
		} else {
			lede_node_unlink(t);
		}
	}
	return after;
}

void lede_markdown_autolink(lede_node *root, const char *src, size_t len, lede_extraction *x)
{
	lede_markdown_autolink_at(root, src, len, 0, x);
}

void lede_markdown_autolink_at(lede_node *root, const char *src, size_t len, int line_off,
                               lede_extraction *x)
{
	size_t nl = x->nlinks;
	if (!nl || !root)
		return;
	/* Each link's line and column: the links are in source order. */
	place *ps = lede_xcalloc(nl, sizeof *ps);
	size_t pos = 0, bol = 0;
	int line = 1 + line_off;
	for (size_t i = 0; i < nl; i++) {
		const lede_link *l = &x->links[i];
		size_t to = l->start < len ? l->start : len;
		for (const char *eol; pos < to && (eol = memchr(src + pos, '\n', to - pos));) {
			line++;
			pos = bol = (size_t)(eol - src) + 1;
		}
		if (pos < to)
			pos = to;
		ps[i] = (place){line, (int)(l->start - bol) + 1, false};
	}
	size_t nleaves;
	leaf *lv = collect_leaves(root, &nleaves);
	if (nleaves)
		qsort(lv, nleaves, sizeof *lv, leaf_cmp);
	texts tx = {0};
	nodes links = {0};
	size_t k = 0;
	/* A link the tree cannot show costs a search to the end of its line:
	 * past this much searching in all (never reached by real articles),
	 * the remaining bare links stay text, so that no input (one huge line
	 * of URLs cut by emphasis) makes this quadratic. */
	size_t budget = 16 * len + 65536;
	/* Leaves starting on the same line (a table row's cells) form a group;
	 * a group owns the lines up to the next group's first. */
	for (size_t g = 0; g < nleaves && k < nl;) {
		size_t h = g;
		while (h < nleaves && lv[h].line == lv[g].line)
			h++;
		int end_line = h < nleaves ? lv[h].line : 0;
		while (k < nl && ps[k].line < lv[g].line)
			k++; /* before any text: not placed */
		if (k < nl && (end_line == 0 || ps[k].line < end_line)) {
			tx.n = links.n = 0;
			for (size_t j = g; j < h; j++)
				collect_inlines(lv[j].n, &tx, &links);
			size_t ti = 0, off = 0, li = 0;
			for (; k < nl && (end_line == 0 || ps[k].line < end_line); k++) {
				const lede_link *l = &x->links[k];
				if (!is_bare(l)) {
					/* cmark's Link for it gets the extractor's place (cmark's
					 * inline columns drift in list items and indented lines).
					 */
					if (!strcmp(l->kind, "image") || !strcmp(l->kind, "html"))
						continue;
					for (size_t lj = li; lj < links.n; lj++) {
						lede_node *ln = links.v[lj];
						if (ln->url && !strcmp(ln->url, l->url)) {
							ln->line = ps[k].line;
							ln->column = ps[k].column;
							li = lj + 1;
							break;
						}
					}
					continue;
				}
				for (size_t tj = ti; tj < tx.n && budget; tj++) {
					/* Text never spans lines: one after the link's line
					 * cannot hold it. */
					if (tx.v[tj]->line > ps[k].line)
						break;
					size_t from = tj == ti ? off : 0;
					long p = find_span(tx.v[tj]->literal, tx.len[tj], from, l,
					                   src, len);
					size_t cost = (p < 0 ? tx.len[tj] : (size_t)p) - from + 1;
					budget = cost < budget ? budget - cost : 0;
					if (p < 0)
						continue;
					size_t n = l->end - l->start;
					lede_node *after =
					    split_link(tx.v[tj], (size_t)p, n, l->url, &ps[k]);
					ps[k].placed = true;
					if (after) {
						tx.v[tj] = after;
						tx.len[tj] -= (size_t)p + n;
						ti = tj;
					} else {
						ti = tj + 1;
					}
					off = 0;
					break;
				}
			}
		}
		g = h;
	}
	/* What the tree could not show (a URL cut by emphasis, escapes or
	 * entities, or in raw HTML) is not a link: a.links is what the tree
	 * links. */
	size_t out = 0;
	for (size_t i = 0; i < nl; i++)
		if (!is_bare(&x->links[i]) || ps[i].placed)
			x->links[out++] = x->links[i];
	x->nlinks = out;
	free(tx.v);
	free(tx.len);
	free(links.v);
	free(lv);
	free(ps);
}

lede_node *lede_markdown_parse_linked(lede_arena *a, const char *text, size_t len, int first_line,
                                      const lede_markdown_opts *opts, struct lede_extract_ctx *x,
                                      lede_error *err)
{
	lede_node *root = lede_markdown_parse(a, text, len, first_line, opts, err);
	if (!root || !x)
		return root;
	lede_arena *scratch = lede_arena_new();
	lede_extraction ex;
	lede_error xerr;
	/* Lines count from text's first line on both sides: the tree's from
	 * first_line, the extraction's from 1, so shift by first_line - 1. */
	if (lede_extract_links(x, scratch, text, len, 0, LEDE_EXTRACT_MARKDOWN, NULL, &ex, &xerr) ==
	    0) {
		lede_markdown_autolink_at(root, text, len, first_line > 0 ? first_line - 1 : 0,
		                          &ex);
	}
	lede_arena_free(scratch);
	return root;
}
