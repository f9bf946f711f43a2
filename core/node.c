/* node.c: the document tree's types, construction, copying and edits. */
#include "node.h"

#include <string.h>
#include <strings.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

static const char *const names[LEDE_NODE__COUNT] = {
    [LEDE_NODE_DOCUMENT] = "Document",
    [LEDE_NODE_BLOCKQUOTE] = "BlockQuote",
    [LEDE_NODE_LIST] = "List",
    [LEDE_NODE_ITEM] = "Item",
    [LEDE_NODE_CODE_BLOCK] = "CodeBlock",
    [LEDE_NODE_HTML_BLOCK] = "HtmlBlock",
    [LEDE_NODE_PARAGRAPH] = "Paragraph",
    [LEDE_NODE_HEADING] = "Heading",
    [LEDE_NODE_THEMATIC_BREAK] = "ThematicBreak",
    [LEDE_NODE_TABLE] = "Table",
    [LEDE_NODE_TABLE_ROW] = "TableRow",
    [LEDE_NODE_TABLE_CELL] = "TableCell",
    [LEDE_NODE_RAW_BLOCK] = "RawBlock",
    [LEDE_NODE_DIV] = "Div",
    [LEDE_NODE_FOOTNOTE_DEFINITION] = "FootnoteDefinition",
    [LEDE_NODE_TEXT] = "Text",
    [LEDE_NODE_SOFTBREAK] = "SoftBreak",
    [LEDE_NODE_LINEBREAK] = "LineBreak",
    [LEDE_NODE_CODE] = "Code",
    [LEDE_NODE_HTML_INLINE] = "HtmlInline",
    [LEDE_NODE_EMPH] = "Emph",
    [LEDE_NODE_STRONG] = "Strong",
    [LEDE_NODE_STRIKETHROUGH] = "Strikethrough",
    [LEDE_NODE_LINK] = "Link",
    [LEDE_NODE_IMAGE] = "Image",
    [LEDE_NODE_RAW_INLINE] = "RawInline",
    [LEDE_NODE_SPAN] = "Span",
    [LEDE_NODE_FOOTNOTE_REFERENCE] = "FootnoteReference",
};

const char *lede_node_type_name(lede_node_type t)
{
	return (unsigned)t < LEDE_NODE__COUNT ? names[t] : "?";
}

int lede_node_type_from_name(const char *name)
{
	for (int i = 0; i < LEDE_NODE__COUNT; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

bool lede_node_is_block(lede_node_type t) { return t < LEDE_NODE_TEXT; }

static bool is_leaf(lede_node_type t)
{
	switch (t) {
	case LEDE_NODE_CODE_BLOCK:
	case LEDE_NODE_HTML_BLOCK:
	case LEDE_NODE_THEMATIC_BREAK:
	case LEDE_NODE_RAW_BLOCK:
	case LEDE_NODE_TEXT:
	case LEDE_NODE_SOFTBREAK:
	case LEDE_NODE_LINEBREAK:
	case LEDE_NODE_CODE:
	case LEDE_NODE_HTML_INLINE:
	case LEDE_NODE_RAW_INLINE:
	case LEDE_NODE_FOOTNOTE_REFERENCE: return true;
	default: return false;
	}
}

bool lede_node_can_contain(const lede_node *parent, lede_node_type child)
{
	lede_node_type p = parent->type;
	if (is_leaf(p) || child == LEDE_NODE_DOCUMENT)
		return false;
	switch (p) {
	case LEDE_NODE_DOCUMENT:
	case LEDE_NODE_BLOCKQUOTE:
	case LEDE_NODE_ITEM:
	case LEDE_NODE_DIV:
	case LEDE_NODE_FOOTNOTE_DEFINITION:
		return lede_node_is_block(child) && child != LEDE_NODE_ITEM &&
		       child != LEDE_NODE_TABLE_ROW && child != LEDE_NODE_TABLE_CELL;
	case LEDE_NODE_LIST: return child == LEDE_NODE_ITEM;
	case LEDE_NODE_TABLE: return child == LEDE_NODE_TABLE_ROW;
	case LEDE_NODE_TABLE_ROW: return child == LEDE_NODE_TABLE_CELL;
	default: /* paragraph, heading, cell and inline containers */
		return !lede_node_is_block(child);
	}
}

lede_node *lede_node_new(lede_arena *a, lede_node_type t)
{
	lede_node *n = lede_arena_alloc(a, sizeof *n);
	n->type = t;
	n->arena = a;
	return n;
}

static const char *dup(lede_arena *a, const char *s) { return s ? lede_arena_strdup(a, s) : NULL; }

bool lede_node_has_attr(lede_node_type t)
{
	return t == LEDE_NODE_LINK || t == LEDE_NODE_IMAGE || t == LEDE_NODE_SPAN ||
	       t == LEDE_NODE_DIV || t == LEDE_NODE_HEADING || t == LEDE_NODE_CODE_BLOCK ||
	       t == LEDE_NODE_TABLE;
}

lede_attr *lede_node_attr(lede_node *n)
{
	if (!n->attr) {
		n->attr = lede_arena_alloc(n->arena, sizeof *n->attr);
		memset(n->attr, 0, sizeof *n->attr);
	}
	return n->attr;
}

const char *lede_attr_refused(lede_node_type t, const char *key)
{
	if (!key[0])
		return "an attribute needs a name";
	for (const char *c = key; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || *c == '_' ||
		      *c == ':' ||
		      (c > key && ((*c >= '0' && *c <= '9') || *c == '-' || *c == '.'))))
			return "an attribute name is letters, digits, '-', '_', ':' and '.', "
			       "starting "
			       "with a letter";
	if ((key[0] == 'o' || key[0] == 'O') && (key[1] == 'n' || key[1] == 'N'))
		return "event handler attributes (on...) are refused: they would run script in "
		       "readers' browsers";
	if (!strcasecmp(key, "id") || !strcasecmp(key, "class"))
		return "set the node's id or classes instead";
	if (!strcasecmp(key, "href") && t == LEDE_NODE_LINK)
		return "set the link's url instead";
	if ((!strcasecmp(key, "src") || !strcasecmp(key, "alt")) && t == LEDE_NODE_IMAGE)
		return "set the image's url, or its content for alt, instead";
	if (!strcasecmp(key, "title") && (t == LEDE_NODE_LINK || t == LEDE_NODE_IMAGE))
		return "set the node's title instead";
	return NULL;
}

static lede_attr *copy_attr(lede_arena *a, const lede_attr *s)
{
	lede_attr *d = lede_arena_alloc(a, sizeof *d);
	memset(d, 0, sizeof *d);
	d->id = s->id ? lede_arena_strdup(a, s->id) : NULL;
	if (s->nclasses) {
		d->classes = lede_arena_alloc(a, s->nclasses * sizeof *d->classes);
		for (size_t i = 0; i < s->nclasses; i++)
			d->classes[i] = lede_arena_strdup(a, s->classes[i]);
		d->nclasses = s->nclasses;
	}
	if (s->nattrs) {
		d->keys = lede_arena_alloc(a, s->nattrs * sizeof *d->keys);
		d->values = lede_arena_alloc(a, s->nattrs * sizeof *d->values);
		for (size_t i = 0; i < s->nattrs; i++) {
			d->keys[i] = lede_arena_strdup(a, s->keys[i]);
			d->values[i] = lede_arena_strdup(a, s->values[i]);
		}
		d->nattrs = s->nattrs;
	}
	return d;
}

/* The fields of n without its links, in arena a. */
static lede_node *copy_one(lede_arena *a, const lede_node *n)
{
	lede_node *c = lede_node_new(a, n->type);
	c->literal = dup(a, n->literal);
	c->url = dup(a, n->url);
	c->title = dup(a, n->title);
	c->info = dup(a, n->info);
	c->level = n->level;
	c->ordered = n->ordered;
	c->tight = n->tight;
	c->start = n->start;
	c->header = n->header;
	c->ncols = n->ncols;
	if (n->aligns && n->ncols > 0) {
		c->aligns = lede_arena_alloc(a, (size_t)n->ncols);
		memcpy(c->aligns, n->aligns, (size_t)n->ncols);
	}
	c->checked = n->checked;
	c->number = n->number;
	c->task = n->task;
	c->line = n->line;
	c->column = n->column;
	if (n->attr)
		c->attr = copy_attr(a, n->attr);
	return c;
}

/* A plugin can nest nodes as deep as memory allows, so the walks over
 * trees here follow the parent links instead of recursing: the C stack
 * stays flat at any depth. */
lede_node *lede_node_copy(lede_arena *a, const lede_node *n)
{
	lede_node *root = copy_one(a, n), *into = root;
	const lede_node *s = n->first;
	while (s) {
		lede_node *c = copy_one(a, s);
		lede_node_link_last(into, c);
		if (s->first) { /* down: copy the children under c */
			into = c;
			s = s->first;
			continue;
		}
		while (s != n && !s->next) { /* up to the next sibling */
			s = s->parent;
			into = into->parent;
		}
		s = s == n ? NULL : s->next;
	}
	return root;
}

const lede_node *lede_node_too_deep(const lede_node *n, int limit)
{
	int depth = 0;
	const lede_node *s = n;
	while (s) {
		if (depth > limit)
			return s;
		if (s->first) {
			s = s->first;
			depth++;
			continue;
		}
		while (s != n && !s->next) {
			s = s->parent;
			depth--;
		}
		s = s == n ? NULL : s->next;
	}
	return NULL;
}

void lede_node_unlink(lede_node *n)
{
	if (n->prev)
		n->prev->next = n->next;
	else if (n->parent)
		n->parent->first = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else if (n->parent)
		n->parent->last = n->prev;
	n->parent = n->prev = n->next = NULL;
}

/* Attaching n under p must not make n its own ancestor. */
static bool would_cycle(const lede_node *p, const lede_node *n)
{
	if (!n->first) /* a childless node is nobody's ancestor: O(1) at any depth */
		return p == n;
	for (const lede_node *q = p; q; q = q->parent)
		if (q == n)
			return true;
	return false;
}

void lede_node_link_last(lede_node *parent, lede_node *child)
{
	child->parent = parent;
	child->next = NULL;
	child->prev = parent->last;
	if (parent->last)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
}

int lede_node_append(lede_node *parent, lede_node *child)
{
	if (would_cycle(parent, child))
		return -1;
	lede_node_unlink(child);
	lede_node_link_last(parent, child);
	return 0;
}

int lede_node_prepend(lede_node *parent, lede_node *child)
{
	if (!parent->first)
		return lede_node_append(parent, child);
	return lede_node_insert_before(parent->first, child);
}

int lede_node_insert_before(lede_node *at, lede_node *n)
{
	if (!at->parent || at == n || would_cycle(at->parent, n))
		return -1;
	lede_node_unlink(n);
	n->parent = at->parent;
	n->next = at;
	n->prev = at->prev;
	if (at->prev)
		at->prev->next = n;
	else
		at->parent->first = n;
	at->prev = n;
	return 0;
}

int lede_node_insert_after(lede_node *at, lede_node *n)
{
	if (!at->parent || at == n || would_cycle(at->parent, n))
		return -1;
	lede_node_unlink(n);
	n->parent = at->parent;
	n->prev = at;
	n->next = at->next;
	if (at->next)
		at->next->prev = n;
	else
		at->parent->last = n;
	at->next = n;
	return 0;
}

static void text_leaf(void *ud, const lede_node *n)
{
	lede_buf *out = ud;
	switch (n->type) {
	case LEDE_NODE_TEXT:
	case LEDE_NODE_CODE:
	case LEDE_NODE_CODE_BLOCK:
		if (n->literal)
			lede_buf_puts(out, n->literal);
		break;
	case LEDE_NODE_SOFTBREAK:
	case LEDE_NODE_LINEBREAK: lede_buf_putc(out, ' '); break;
	default: break;
	}
}

/* The walk of a node's text: pre-order along the parent links (see
 * lede_node_copy), block(ud) before a block that is not its parent's first
 * child (it starts on a new line), leaf(ud, s) for every leaf (a leaf's
 * children, should a plugin have added any, are not text). */
static void text_walk(const lede_node *n, void (*block)(void *),
                      void (*leaf)(void *, const lede_node *), void *ud)
{
	const lede_node *s = n;
	while (s) {
		if (s != n && s != s->parent->first && lede_node_is_block(s->type))
			block(ud);
		if (is_leaf(s->type) || !s->first) {
			leaf(ud, s);
		} else {
			s = s->first;
			continue;
		}
		while (s != n && !s->next)
			s = s->parent;
		s = s == n ? NULL : s->next;
	}
}

static void text_block(void *ud)
{
	lede_buf *out = ud;
	if (out->len && out->data[out->len - 1] != '\n')
		lede_buf_putc(out, '\n');
}

void lede_node_text(const lede_node *n, lede_buf *out) { text_walk(n, text_block, text_leaf, out); }

bool lede_alt_decorative(const char *s, size_t n)
{
	/* (the marks smartquotes writes in its languages, and spaces) */
	static const unsigned quotes[] = {0x22,   0x27,   0xab,   0xbb,   0x2018, 0x2019,
	                                  0x201a, 0x201b, 0x201c, 0x201d, 0x201e, 0x201f,
	                                  0x2039, 0x203a, 0x300c, 0x300d, 0x300e, 0x300f};
	bool quote = false;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		unsigned cp;
		size_t len;
		if (c < 0x80) {
			cp = c, len = 1;
		} else if ((c & 0xe0) == 0xc0 && i + 1 < n) {
			cp = (c & 0x1fu) << 6 | ((unsigned char)s[i + 1] & 0x3fu), len = 2;
		} else if ((c & 0xf0) == 0xe0 && i + 2 < n) {
			cp = (c & 0x0fu) << 12 | ((unsigned char)s[i + 1] & 0x3fu) << 6 |
			     ((unsigned char)s[i + 2] & 0x3fu);
			len = 3;
		} else {
			return false;
		}
		i += len;
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == 0xa0 || cp == 0x2009 ||
		    cp == 0x202f)
			continue;
		bool found = false;
		for (size_t k = 0; k < sizeof quotes / sizeof *quotes && !found; k++)
			found = quotes[k] == cp;
		if (!found)
			return false;
		quote = true;
	}
	return quote;
}

/* The words of the text lede_node_text would make, counted as it is walked:
 * a word starts where a byte that is not a space follows a space (or the
 * start), counted without a branch per byte; a new line (before a block)
 * and a break are spaces. */
static const unsigned char word_space[256] = {[' '] = 1, ['\n'] = 1, ['\t'] = 1, ['\r'] = 1};

typedef struct {
	size_t words;
	unsigned prev; /* the last byte was a space */
} word_count;

static void words_block(void *ud) { ((word_count *)ud)->prev = 1; }

/* The bits set in x, without __builtin_popcount: the x86-64 baseline has
 * no popcnt instruction, and the library call it becomes cost more than
 * these few operations (once per sixteen bytes of every text). */
static unsigned popcount16(unsigned x)
{
	x = x - ((x >> 1) & 0x5555u);
	x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
	x = (x + (x >> 4)) & 0x0F0Fu;
	return (x + (x >> 8)) & 0x1Fu;
}

/* Chinese and Japanese are written without spaces: each ideograph or kana
 * counts as a word (as word processors count them, and Hugo), their
 * punctuation and the ideographic space as spaces. Korean separates its
 * words with spaces. */
static void words_cjk(word_count *wc, const unsigned char *c, size_t n)
{
	for (size_t i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t l = utf8proc_iterate(c + i, (utf8proc_ssize_t)(n - i), &cp);
		if (l <= 0) { /* an invalid byte: part of a word */
			wc->words += wc->prev;
			wc->prev = 0;
			i++;
			continue;
		}
		i += (size_t)l;
		bool ideograph = lede_text_han_kana(cp);
		bool space = cp < 0x80 ? word_space[cp] != 0
		                       : (cp >= 0x3000 && cp <= 0x303F) || cp == 0x30FB ||
		                             (cp >= 0xFF01 && cp <= 0xFF0F) ||
		                             (cp >= 0xFF1A && cp <= 0xFF20);
		if (ideograph) {
			wc->words++;
			wc->prev = 1; /* what follows starts a word of its own */
		} else if (space) {
			wc->prev = 1;
		} else {
			wc->words += wc->prev;
			wc->prev = 0;
		}
	}
}

/* Whether byte b may start an ideograph or kana: a lead byte of U+3000 to
 * U+9FFF, of U+F900 to U+FAFF, or of a supplementary plane's. */
static bool cjk_lead(unsigned char b) { return (b >= 0xE3 && b <= 0xE9) || b == 0xEF || b == 0xF0; }

#ifdef __SSE2__
/* Whether the sixteen bytes of v hold such a lead byte: E3 to E9 (v - E3,
 * unsigned, at most 6), EF or F0. */
static bool block_cjk(__m128i v)
{
	__m128i x = _mm_sub_epi8(v, _mm_set1_epi8((char)0xE3));
	__m128i r = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(6)), x);
	r = _mm_or_si128(r, _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xEF)));
	r = _mm_or_si128(r, _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xF0)));
	return _mm_movemask_epi8(r) != 0;
}
#endif

static void words_leaf(void *ud, const lede_node *s)
{
	word_count *wc = ud;
	switch (s->type) {
	case LEDE_NODE_TEXT:
	case LEDE_NODE_CODE:
	case LEDE_NODE_CODE_BLOCK: {
		const unsigned char *c = (const unsigned char *)s->literal;
		size_t n = c ? strlen(s->literal) : 0, i = 0;
		/* At the first block that may hold an ideograph or kana, the rest
		 * is counted by words_cjk, from the same state (a character cut
		 * by the block's start is part of the word before it). */
#ifdef __SSE2__
		/* sixteen bytes at a time: a mask of the spaces, and of the
		 * bytes that follow one (or the last block's last) and are not */
		const __m128i sp1 = _mm_set1_epi8(' '), sp2 = _mm_set1_epi8('\n'),
		              sp3 = _mm_set1_epi8('\t'), sp4 = _mm_set1_epi8('\r');
		for (; i + 16 <= n; i += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(c + i));
			if (block_cjk(v)) {
				words_cjk(wc, c + i, n - i);
				return;
			}
			__m128i m = _mm_or_si128(
			    _mm_or_si128(_mm_cmpeq_epi8(v, sp1), _mm_cmpeq_epi8(v, sp2)),
			    _mm_or_si128(_mm_cmpeq_epi8(v, sp3), _mm_cmpeq_epi8(v, sp4)));
			unsigned spaces = (unsigned)_mm_movemask_epi8(m);
			unsigned starts = ~spaces & ((spaces << 1) | wc->prev) & 0xFFFFu;
			wc->words += popcount16(starts);
			wc->prev = spaces >> 15;
		}
#endif
		for (; i < n; i++) {
			if (cjk_lead(c[i])) {
				words_cjk(wc, c + i, n - i);
				return;
			}
			unsigned sp = word_space[c[i]];
			wc->words += wc->prev & (sp ^ 1u);
			wc->prev = sp;
		}
		break;
	}
	case LEDE_NODE_SOFTBREAK:
	case LEDE_NODE_LINEBREAK: wc->prev = 1; break;
	default: break;
	}
}

size_t lede_node_words(const lede_node *n)
{
	word_count wc = {0, 1};
	text_walk(n, words_block, words_leaf, &wc);
	return wc.words;
}
