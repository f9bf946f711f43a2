/* markdown.c: cmark-gfm glue. Parses with the GFM extensions lede uses and
 * converts cmark's tree into lede nodes in the caller's arena, keeping
 * source lines and dropping raw HTML unless the site allows it. */
#include "node.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <pthread.h>
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

static const char *const extensions[] = {"table", "strikethrough", "autolink", "tagfilter",
                                         "tasklist"};

static const char *copy(lede_arena *a, const char *s)
{
	return s ? lede_arena_strdup(a, s) : NULL;
}

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
	case LEDE_NODE_HTML_INLINE:
		n->literal = copy(a, cmark_node_get_literal(cn));
		break;
	case LEDE_NODE_HEADING:
		n->level = cmark_node_get_heading_level(cn);
		break;
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
	case LEDE_NODE_FOOTNOTE_DEFINITION: {
		/* cmark-gfm keeps only used definitions, moved to the end of the
		 * document in number order: the nth is footnote n. */
		n->number = 1;
		for (cmark_node *p = cmark_node_previous(cn);
		     p && cmark_node_get_type(p) == CMARK_NODE_FOOTNOTE_DEFINITION;
		     p = cmark_node_previous(p))
			n->number++;
		break;
	}
	default:
		break;
	}
	return n;
}

/* A paragraph that held only raw HTML is gone entirely. */
static void drop_if_emptied(lede_node *n, cmark_node *cn)
{
	if (n && n->type == LEDE_NODE_PARAGRAPH && !n->first && cmark_node_first_child(cn))
		lede_node_unlink(n);
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
 * article could stall the build. A line with more than LEDE_MAX_TABLE_CELLS
 * cell separators fails its article before cmark sees it. 0, or -1 with
 * err at that line. */
static int check_tables(const char *text, size_t len, int first_line, lede_error *err)
{
	/* Per line: its '|'; a delimiter row ("|---|:-:|") starts a table of
	 * the previous line's width, whose every row cmark pads to it. */
	size_t pipes = 0, prev_pipes = 0, width = 0, rows = 0;
	bool delim = true, dash = false, blank = true;
	int line = 1, start = 0;
	int base = first_line > 0 ? first_line - 1 : 0;
	for (size_t i = 0; i <= len; i++) {
		char c = i < len ? text[i] : '\n';
		if (c != '\n') {
			if (c == '|')
				pipes++;
			else if (c == '-')
				dash = true;
			else if (c != ':' && c != ' ' && c != '\t')
				delim = false;
			if (c != ' ' && c != '\t' && c != '\r')
				blank = false;
			if (pipes > LEDE_MAX_TABLE_CELLS) {
				lede_error_set(err, NULL, base + line, 0,
				               "a table row with more than %d cells; split the table (wide "
				               "tables take cmark-gfm a time that grows faster than their "
				               "size)",
				               LEDE_MAX_TABLE_CELLS);
				return -1;
			}
			continue;
		}
		if (blank) {
			width = rows = 0;
		} else if (delim && dash && pipes && prev_pipes) {
			width = prev_pipes > pipes ? prev_pipes : pipes;
			rows = 1;
			start = line - 1;
		} else if (width && ++rows * width > LEDE_MAX_TABLE_AREA) {
			lede_error_set(err, NULL, base + start, 0,
			               "a table of more than %d cells (columns times rows); split it "
			               "(large tables take cmark-gfm a time that grows faster than their "
			               "size)",
			               LEDE_MAX_TABLE_AREA);
			return -1;
		}
		prev_pipes = pipes;
		pipes = 0;
		delim = true;
		dash = false;
		blank = true;
		line++;
	}
	return 0;
}

lede_node *lede_markdown_parse(lede_arena *a, const char *text, size_t len, int first_line,
                               const lede_markdown_opts *opts, lede_error *err)
{
	if (check_tables(text, len, first_line, err) != 0)
		return NULL;
	int options = CMARK_OPT_SOURCEPOS | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_FOOTNOTES;
	if (opts->smart)
		options |= CMARK_OPT_SMART;
	if (opts->allow_raw_html)
		options |= CMARK_OPT_UNSAFE;
	cmark_parser *p = cmark_parser_new(options);
	for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(extensions[i]);
		if (e)
			cmark_parser_attach_syntax_extension(p, e);
	}
	cmark_parser_feed(p, text, len);
	pthread_mutex_lock(&cmark_inline_lock);
	cmark_node *doc = cmark_parser_finish(p);
	pthread_mutex_unlock(&cmark_inline_lock);
	lede_node *root = convert(a, doc, first_line > 0 ? first_line - 1 : 0, opts, err);
	cmark_node_free(doc);
	cmark_parser_free(p);
	return root;
}
