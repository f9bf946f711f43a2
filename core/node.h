/* node.h: lede's document tree. cmark-gfm parses; its tree is converted into
 * these nodes, which live in their owner's arena (the article's), so a whole
 * body is dropped in one step, copied per outlet cheaply, and keeps source
 * lines that plugin authors see in error messages. */
#ifndef LEDE_NODE_H
#define LEDE_NODE_H

#include "arena.h"
#include "buf.h"
#include "depth.h"
#include "error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum lede_node_type {
	/* blocks */
	LEDE_NODE_DOCUMENT,
	LEDE_NODE_BLOCKQUOTE,
	LEDE_NODE_LIST,
	LEDE_NODE_ITEM,
	LEDE_NODE_CODE_BLOCK,
	LEDE_NODE_HTML_BLOCK,
	LEDE_NODE_PARAGRAPH,
	LEDE_NODE_HEADING,
	LEDE_NODE_THEMATIC_BREAK,
	LEDE_NODE_TABLE,
	LEDE_NODE_TABLE_ROW,
	LEDE_NODE_TABLE_CELL,
	LEDE_NODE_RAW_BLOCK,           /* trusted markup from a plugin, for one format */
	LEDE_NODE_DIV,                 /* a plugin's container block with a class */
	LEDE_NODE_FOOTNOTE_DEFINITION, /* a GFM footnote's text, at the document's end */
	/* inlines */
	LEDE_NODE_TEXT,
	LEDE_NODE_SOFTBREAK,
	LEDE_NODE_LINEBREAK,
	LEDE_NODE_CODE,
	LEDE_NODE_HTML_INLINE,
	LEDE_NODE_EMPH,
	LEDE_NODE_STRONG,
	LEDE_NODE_STRIKETHROUGH,
	LEDE_NODE_LINK,
	LEDE_NODE_IMAGE,
	LEDE_NODE_RAW_INLINE,
	LEDE_NODE_SPAN,               /* a plugin's inline container with a class */
	LEDE_NODE_FOOTNOTE_REFERENCE, /* a GFM footnote mark ([^label]) */
	LEDE_NODE__COUNT
} lede_node_type;

/* Pandoc's Attr: an identifier, classes and ordered key-value attributes,
 * rendered in HTML. Strings and arrays live in the node's arena. Div and
 * Span keep their classes in info (the "class" field), not here. */
typedef struct lede_attr {
	const char *id;       /* NULL when none */
	const char **classes; /* nclasses strings */
	size_t nclasses;
	const char **keys, **values; /* nattrs pairs, in the order set */
	size_t nattrs;
} lede_attr;

typedef struct lede_node lede_node;
struct lede_node {
	lede_node_type type;
	lede_node *parent, *first, *last, *prev, *next;
	lede_arena *arena;     /* the owner: every string below lives here too */
	const char *literal;   /* text, code, html, code block, raw content */
	const char *url;       /* link, image */
	const char *title;     /* link, image */
	const char *info;      /* code block info string; raw node format; div/span class */
	int level;             /* heading 1-6 */
	bool ordered, tight;   /* list */
	int start;             /* ordered list start */
	bool header;           /* table row: the header row */
	int ncols;             /* table */
	unsigned char *aligns; /* table: per column 'l', 'c', 'r' or 0 */
	bool checked, task;    /* item: a GFM task list item */
	int number;       /* footnote reference and definition: 1, 2... in order of first use */
	int line, column; /* 1-based source position in the file; 0 when made by a plugin */
	lede_attr *attr;  /* see lede_node_has_attr; NULL when empty */
};

/* How deep a document may nest (LEDE_MAX_DEPTH, depth.h): Markdown nested
 * deeper fails its article when parsed, and the renderers refuse a deeper
 * tree (one a plugin built), so nothing recursing over a document can
 * exhaust the C stack. The tree itself may be deeper (copy, text, walk
 * and edits do not recurse). */

const char *lede_node_type_name(lede_node_type t);
/* The type for a name as lede.node uses it ("Paragraph"), or -1. */
int lede_node_type_from_name(const char *name);
bool lede_node_is_block(lede_node_type t);
/* Link, Image, Span, Div, Heading, CodeBlock and Table carry an Attr. */
bool lede_node_has_attr(lede_node_type t);
/* n's Attr, made empty in n's arena the first time. */
lede_attr *lede_node_attr(lede_node *n);
/* Why an attribute name cannot be set from a plugin (an event handler,
 * a name the renderer writes itself, not a name), or NULL when it can. */
const char *lede_attr_refused(lede_node_type t, const char *key);
/* True when a node of type child may stand inside parent. */
bool lede_node_can_contain(const lede_node *parent, lede_node_type child);

/* A new detached node in arena a. */
lede_node *lede_node_new(lede_arena *a, lede_node_type t);
/* A deep copy of n (and its children) in arena a, detached; any depth. */
lede_node *lede_node_copy(lede_arena *a, const lede_node *n);
/* The first node (in document order) with more than limit ancestors
 * below n, or NULL when n's subtree is no deeper than that. */
const lede_node *lede_node_too_deep(const lede_node *n, int limit);
/* Makes detached child the last child of parent without the checks of
 * lede_node_append (for builders that know the tree is sound). */
void lede_node_link_last(lede_node *parent, lede_node *child);
/* Tree edits; nodes must share an arena. Return 0, or -1 when the edit
 * would make a cycle or the position has no parent. */
void lede_node_unlink(lede_node *n);
int lede_node_append(lede_node *parent, lede_node *child);
int lede_node_prepend(lede_node *parent, lede_node *child);
int lede_node_insert_before(lede_node *at, lede_node *n);
int lede_node_insert_after(lede_node *at, lede_node *n);
/* Concatenated text of n's descendants (Text, Code, breaks as spaces). */
void lede_node_text(const lede_node *n, lede_buf *out);
/* Whether an image's alt text s (n bytes, lede_node_text's) says the
 * image is decoration on purpose: quotation marks with nothing between
 * them, ![""](rule.png), as it is written or as smartquotes made it
 * (“”, « », „“, 「」...). It is written as an empty alt, as ![](rule.png)
 * is, but the html format does not warn of it (docs/templates.md). */
bool lede_alt_decorative(const char *s, size_t n);
/* The words of lede_node_text's text (runs of bytes other than space, tab,
 * CR and LF), counted without making it: a:words(). */
size_t lede_node_words(const lede_node *n);

/* Parser options. */
typedef struct lede_markdown_opts {
	bool allow_raw_html; /* keep raw HTML nodes and unsafe URLs */
	bool smart;          /* cmark's smart punctuation */
	bool utf8_checked;   /* the text is known to be valid UTF-8: cmark does
	                      * not check it again */
	size_t max_cost;     /* refuse a text whose lede_markdown_cost is above
	                      * it, before cmark sees it (0: no limit) */
} lede_markdown_opts;

/* The most memory, in bytes, cmark-gfm can take to parse text[0..len)
 * with lede's extensions: LEDE_MARKDOWN_BYTE_COST a byte, plus
 * LEDE_MARKDOWN_MARK_COST a line break or ASCII punctuation mark (what
 * may open a node: "*a* " over and over takes 770 bytes a copy). cmark's
 * allocator cannot stop a parse half-way, so the bound is checked before
 * it starts; tests/unit/test_markdown_cost.c parses adversarial texts with a
 * counting allocator and holds every one under it. A news article takes
 * about a quarter of it. */
#define LEDE_MARKDOWN_BYTE_COST 16
#define LEDE_MARKDOWN_MARK_COST 500
/* How many times limits.article_mb the parse of one article's Markdown (or
 * of a text a plugin parses) may take, by lede_markdown_cost: prose (some
 * 5% punctuation and line breaks) counts about 41 bytes a byte, so a file
 * of article_mb passes unless a tenth of it is markup. */
#define LEDE_ARTICLE_PARSE_TIMES 64
size_t lede_markdown_cost(const char *text, size_t len);

/* A cmark-gfm parser with the extensions lede parses with, its memory from
 * mem (NULL: cmark's default): lede_markdown_parse's, and the one
 * tests/unit/test_markdown_cost.c measures. */
struct cmark_parser;
struct cmark_mem;
struct cmark_parser *lede_markdown_parser(int options, struct cmark_mem *mem);

/* Parses Markdown text[0..len) into a Document in arena a; first_line is the
 * file line of text[0], so node lines are file lines. Raw HTML nodes are
 * dropped unless opts->allow_raw_html. Markdown has no syntax errors: the
 * one failure is nesting deeper than LEDE_MAX_DEPTH, which returns NULL and
 * fills err unless NULL (line and column; file left for the caller). Call
 * lede_markdown_init once before threads start. */
void lede_markdown_init(void);
lede_node *lede_markdown_parse(lede_arena *a, const char *text, size_t len, int first_line,
                               const lede_markdown_opts *opts, lede_error *err);

/* Makes Links of the bare URLs and e-mails (kinds "url" and "email") that
 * the link extractor found in src[0..len), the Markdown root was parsed
 * from (x's offsets are in src; root's lines count from src's first line),
 * by cutting the Text nodes that hold them. A bare link the tree cannot
 * show as one (its text cut by emphasis, an escape or an entity, inside
 * raw HTML or a link) is removed from x: afterwards x's bare links and the
 * tree's Links made here are the same, in the same order, with the
 * positions x gives. The tree's other Links (inline, reference, <...>)
 * take their line and column from x's link for them too. */
struct lede_extraction;
void lede_markdown_autolink(lede_node *root, const char *src, size_t len,
                            struct lede_extraction *x);
/* The same when src's first line is line line_off + 1 of root's lines. */
void lede_markdown_autolink_at(lede_node *root, const char *src, size_t len, int line_off,
                               struct lede_extraction *x);
/* lede_markdown_parse, then the bare links that extraction context x finds
 * in text made Links as lede_markdown_autolink does (x NULL: none; text
 * that is not valid UTF-8: none). For Markdown that is not an article
 * (lede.markdown). */
struct lede_extract_ctx;
lede_node *lede_markdown_parse_linked(lede_arena *a, const char *text, size_t len, int first_line,
                                      const lede_markdown_opts *opts, struct lede_extract_ctx *x,
                                      lede_error *err);

/* The widest wrap column of plain text: lede.text.wrap, a:text{width}
 * and a text outlet's `width` (docs/config.md) take 0 (no wrapping) to
 * this. */
#define LEDE_TEXT_MAX_WIDTH 10000

typedef struct lede_render_opts {
	bool allow_unsafe;   /* emit raw HTML and javascript:/data: URLs as they are */
	int width;           /* text: wrap column, 0 = no wrap */
	bool references;     /* text: links as [n] with a list at the end */
	const char *backref; /* html: a footnote back-link's label, before its
	                      * number; NULL: "Back to reference" */
	const char *notes;   /* html: the footnotes section's aria-label (its
	                      * name for screen readers); NULL: none, as
	                      * cmark-gfm writes it */
	int headings;        /* html: the level the highest heading is written
	                      * at, the others kept below it (h6 at most); 0: as
	                      * they are */
} lede_render_opts;

/* HTML5 for n and its subtree, appended to out. Returns 0, or -1 (out
 * unchanged) when the subtree nests deeper than LEDE_MAX_DEPTH. */
int lede_render_html(const lede_node *n, const lede_render_opts *o, lede_buf *out);
/* Plain text for n, wrapped at o->width without breaking words or URLs;
 * control characters are left out. Returns 0, or -1 (out unchanged) when
 * the subtree nests deeper than LEDE_MAX_DEPTH. */
int lede_render_text(const lede_node *n, const lede_render_opts *o, lede_buf *out);
/* s[0..n) without the control characters plain text cannot show (C0 but
 * tab and newline, DEL, C1), appended to out. */
void lede_text_clean(const char *s, size_t n, lede_buf *out);
/* Display width in terminal columns (wide characters 2, marks 0). */
size_t lede_text_width(const char *s, size_t n);
/* Whether cp is a Chinese ideograph or a Japanese kana (not the kana
 * middle dot nor the prolonged sound mark): a word of its own for
 * a:words(), and a place a line may break on either side. */
bool lede_text_han_kana(int32_t cp);
/* s as one paragraph (white space runs as one space, controls left out)
 * wrapped at cols columns (0: one line), each line starting with indent;
 * words and URLs are never broken. Lines joined by '\n', no final one. */
void lede_text_wrap(const char *s, size_t n, int cols, const char *indent, lede_buf *out);

#endif
