/* typography.c: the quotation machine of the smartquotes plugin, in C so
 * that titles and paragraphs with nothing to change cost a byte scan and
 * the others one pass, with no Lua table per character. */
#include "typography.h"

#include "engine.h"
#include "node.h"

#include <lauxlib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NBSP  "\xc2\xa0"     /* U+00A0 */
#define NNBSP "\xe2\x80\xaf" /* U+202F */

/* Code points that stand for what is not a character. */
enum { NONE = 0x7fffffff, INVALID = 0x7ffffffe };

struct ch {
	const char *p;   /* the character's bytes in its piece */
	const char *rep; /* what to write instead, or NULL */
	uint32_t cp;
	uint8_t len;
	bool text;   /* from a piece that is not fixed: may be rewritten */
	bool opened; /* made an opening mark */
};

lede_quote_style lede_quote_style_for(const char *lang, size_t n)
{
	char p[3];
	size_t k = 0;
	while (k < n && k < 3 &&
	       ((lang[k] >= 'a' && lang[k] <= 'z') || (lang[k] >= 'A' && lang[k] <= 'Z'))) {
		p[k] = (char)(lang[k] | 0x20);
		k++;
	}
	/* Exactly two letters, then the end or something not a letter. */
	if (k != 2)
		return LEDE_QUOTES_NONE;
	if (p[0] == 'e' && p[1] == 'n')
		return LEDE_QUOTES_EN;
	if (p[0] == 'f' && p[1] == 'r')
		return LEDE_QUOTES_FR;
	if ((p[0] == 'e' && p[1] == 's') || (p[0] == 'i' && p[1] == 't'))
		return LEDE_QUOTES_ES;
	if (p[0] == 'd' && p[1] == 'e')
		return LEDE_QUOTES_DE;
	if ((p[0] == 'r' && p[1] == 'u') || (p[0] == 'u' && p[1] == 'k') ||
	    (p[0] == 'b' && p[1] == 'e'))
		return LEDE_QUOTES_RU;
	if (p[0] == 'p' && p[1] == 'l')
		return LEDE_QUOTES_PL;
	return LEDE_QUOTES_NONE;
}

/* The bytes that may start a change in French text: quotes, the
 * punctuation that takes a thin space before it, and 0xc2, the lead byte
 * of « and ». */
static const unsigned char fr_start[256] = {
    ['"'] = 1, ['\''] = 1, [';'] = 1, [':'] = 1, ['!'] = 1, ['?'] = 1, [0xc2] = 1};

bool lede_smartquotes_needed(const char *s, size_t n, lede_quote_style st)
{
	if (st == LEDE_QUOTES_NONE)
		return false;
	if (st != LEDE_QUOTES_FR) {
		/* Only quotes and apostrophes: memchr goes many bytes at a time
		 * (most text has none, or an apostrophe early). */
		return memchr(s, '\'', n) || memchr(s, '"', n);
	}
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++) {
		if (!fr_start[u[i]])
			continue;
		if (u[i] != 0xc2 || (i + 1 < n && (u[i + 1] == 0xab || u[i + 1] == 0xbb)))
			return true;
	}
	return false;
}

/* The length of the UTF-8 sequence at s (1 to 4) and its code point, or 0
 * when it is not valid UTF-8 (overlong, surrogate, truncated...). */
static int decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	int len;
	uint32_t v, min;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2, v = c & 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3, v = c & 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if ((size_t)len > n)
		return 0;
	for (int k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[k] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

/* The character classes the rules read. NONE (before the first and after
 * the last character) counts as a space. */
static bool is_space(uint32_t c)
{
	switch (c) {
	case ' ':
	case '\t':
	case '\n':
	case 0xa0:
	case 0x202f:
	case 0x2009:
	case 0x2002:
	case 0x2003:
	case NONE: return true;
	default: return false;
	}
}

/* After these a quotation mark opens. */
static bool is_opener(uint32_t c)
{
	switch (c) {
	case '(':
	case '[':
	case '{':
	case '-':
	case '/':
	case 0x2014: /* — */
	case 0x2013: /* – */
	case 0x201c: /* “ */
	case 0x2018: /* ‘ */
	case 0xab:   /* « */
	case 0x201e: /* „ */
	case 0x2039: /* ‹ */
	case 0xbf:   /* ¿ */
	case 0xa1: /* ¡ */ return true;
	default: return false;
	}
}

/* Letters and digits of any script: not a space and not punctuation (in
 * ASCII, only letters and digits). */
static bool is_word(uint32_t c)
{
	if (is_space(c))
		return false;
	if (c < 0x80)
		return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
	if (c == INVALID)
		return true;
	return !(is_opener(c) || c == 0x201d || c == 0x2019 || c == 0xbb || c == 0x203a ||
	         c == 0x2026);
}

static bool is_digit(uint32_t c) { return c >= '0' && c <= '9'; }

/* The typographic closing mark of an opening one in style st, or 0: in
 * German and Russian „ closes with “ (which opens in English), in Polish
 * with ”. */
static uint32_t typo_close(lede_quote_style st, uint32_t c)
{
	switch (c) {
	case 0xab: return 0xbb;     /* « » */
	case 0x2039: return 0x203a; /* ‹ › */
	case 0x201c: /* “ ” */ return st == LEDE_QUOTES_DE || st == LEDE_QUOTES_RU ? 0 : 0x201d;
	case 0x201e: /* „ */
		return st == LEDE_QUOTES_DE || st == LEDE_QUOTES_RU ? 0x201c
		       : st == LEDE_QUOTES_PL                       ? 0x201d
		                                                    : 0;
	default: return 0;
	}
}

/* Whether c closes a typographic quotation in style st. */
static bool typo_closer(lede_quote_style st, uint32_t c)
{
	if (c == 0xbb || c == 0x203a || c == 0x201d)
		return true;
	return c == 0x201c && (st == LEDE_QUOTES_DE || st == LEDE_QUOTES_RU);
}

/* In French, the space before ; ! ? (narrow) and : (full). */
static const char *fr_space_before(uint32_t c)
{
	switch (c) {
	case ';':
	case '!':
	case '?': return NNBSP;
	case ':': return NBSP;
	default: return NULL;
	}
}

/* The punctuation itself preceded by its space, for when there is no space
 * to replace. */
static const char *fr_spaced(uint32_t c)
{
	switch (c) {
	case ';': return NNBSP ";";
	case '!': return NNBSP "!";
	case '?': return NNBSP "?";
	default: return NBSP ":";
	}
}

/* What may follow a French ; : ! ? for it to be punctuation (not a URL, a
 * time or "a?b"). */
static bool fr_after(uint32_t c)
{
	switch (c) {
	case '!':
	case '?':
	case '.':
	case ',':
	case ')':
	case ']':
	case '"':
	case '\'':
	case 0xbb:   /* » */
	case 0x201d: /* ” */
	case 0x2019: /* ’ */
	case 0x2026: /* … */ return true;
	default: return false;
	}
}

/* The state of one pass: the characters, and the stack of open quotations,
 * each the character that opened it (" ' or a typographic mark); a
 * quotation's nesting level is its place on the stack. */
struct pass {
	struct ch *c;
	size_t n;
	uint32_t *stack;
	size_t depth;
	lede_quote_style st;
};

static uint32_t cp_at(const struct pass *ps, size_t i) { return i < ps->n ? ps->c[i].cp : NONE; }

/* The topmost open quotation opened by ch, as its level (1-based), or 0. */
static size_t find(const struct pass *ps, uint32_t ch)
{
	for (size_t k = ps->depth; k > 0; k--)
		if (ps->stack[k - 1] == ch)
			return k;
	return 0;
}

/* A space from the text (not from a fixed piece, not a line end) that the
 * marks may take the place of. */
static bool space_entry(const struct pass *ps, size_t k)
{
	return k < ps->n && ps->c[k].text && ps->c[k].cp != '\n' && is_space(ps->c[k].cp);
}

/* The mark for a quotation at this level opened by ch; side 0 opens. */
static const char *mark(const struct pass *ps, size_t level, int side, uint32_t ch)
{
	static const char *const en[2][2] = {{"\u201c", "\u201d"}, {"\u2018", "\u2019"}};
	static const char *const guil[3][2] = {
	    {"\u00ab", "\u00bb"}, {"\u201c", "\u201d"}, {"\u2018", "\u2019"}};
	static const char *const de[3][2] = {
	    {"\u201e", "\u201c"}, {"\u201a", "\u2018"}, {"\u201a", "\u2018"}};
	static const char *const ru[3][2] = {
	    {"\u00ab", "\u00bb"}, {"\u201e", "\u201c"}, {"\u201a", "\u2018"}};
	static const char *const pl[3][2] = {
	    {"\u201e", "\u201d"}, {"\u00ab", "\u00bb"}, {"\u201a", "\u2019"}};
	if (ps->st == LEDE_QUOTES_EN)
		return en[ch == '\''][side];
	size_t l = (level > 3 ? 3 : level) - 1;
	return ps->st == LEDE_QUOTES_DE   ? de[l][side]
	       : ps->st == LEDE_QUOTES_RU ? ru[l][side]
	       : ps->st == LEDE_QUOTES_PL ? pl[l][side]
	                                  : guil[l][side];
}

static void open_mark(struct pass *ps, size_t i, uint32_t ch)
{
	ps->stack[ps->depth++] = ch;
	ps->c[i].opened = true;
	if (ps->st == LEDE_QUOTES_FR && ps->depth == 1) {
		if (space_entry(ps, i + 1))
			ps->c[i + 1].rep = "";
		ps->c[i].rep = "\u00ab" NNBSP;
		return;
	}
	ps->c[i].rep = mark(ps, ps->depth, 0, ch);
}

static void close_mark(struct pass *ps, size_t i, uint32_t ch)
{
	size_t k = find(ps, ch), level = 1;
	if (k) {
		level = k;
		ps->depth = k - 1;
	}
	if (ps->st == LEDE_QUOTES_FR && level == 1) {
		if (i > 0 && space_entry(ps, i - 1))
			ps->c[i - 1].rep = "";
		ps->c[i].rep = NNBSP "\u00bb";
		return;
	}
	ps->c[i].rep = mark(ps, level, 1, ch);
}

/* The rules, character by character; they read the input only, and write
 * each character's replacement (the last write wins). */
static void run(struct pass *ps)
{
	bool fr = ps->st == LEDE_QUOTES_FR;
	for (size_t i = 0; i < ps->n; i++) {
		struct ch *e = &ps->c[i];
		if (!e->text)
			continue;
		uint32_t c = e->cp, prev = i > 0 ? ps->c[i - 1].cp : NONE, nxt = cp_at(ps, i + 1);
		bool after_open =
		    i == 0 || is_space(prev) || is_opener(prev) || ps->c[i - 1].opened;
		uint32_t closer = 0;
		const char *sp;
		if (c == '"') {
			if (after_open && (!is_space(nxt) || !find(ps, c)))
				open_mark(ps, i, c);
			else
				close_mark(ps, i, c);
		} else if (c == '\'') {
			if (is_word(prev) && is_word(nxt))
				e->rep = "\u2019"; /* don't, l'homme */
			else if ((is_word(prev) || !after_open) && find(ps, c))
				close_mark(ps, i, c);
			else if (!after_open)
				e->rep = "\u2019"; /* cities' (a possessive), or a stray mark */
			else if (is_digit(nxt) && is_digit(cp_at(ps, i + 2)))
				e->rep = "\u2019"; /* '90s */
			else if (!is_space(nxt))
				open_mark(ps, i, c);
			else
				e->rep = "\u2019";
		} else if (typo_close(ps->st, c)) {
			ps->stack[ps->depth++] = c;
			if (fr && c == 0xab && space_entry(ps, i + 1))
				ps->c[i + 1].rep = NNBSP;
		} else if (typo_closer(ps->st, c)) {
			for (size_t k = ps->depth; k > 0; k--) {
				if (typo_close(ps->st, ps->stack[k - 1]) == c) {
					ps->depth = k - 1;
					break;
				}
			}
			closer = c;
		} else if (fr && (sp = fr_space_before(c)) && i > 0 &&
		           (is_space(nxt) || fr_after(nxt)) && !fr_space_before(prev) &&
		           prev != '\n') {
			if (space_entry(ps, i - 1))
				ps->c[i - 1].rep = sp;
			else if (ps->c[i - 1].text || !is_space(prev))
				e->rep = fr_spaced(c);
		}
		if (fr && closer == 0xbb && i > 0 && space_entry(ps, i - 1))
			ps->c[i - 1].rep = NNBSP;
	}
}

bool lede_smartquotes(const lede_text_piece *pieces, size_t n, lede_quote_style st, lede_buf *out,
                      size_t *ends)
{
	size_t bytes = 0;
	bool needed = false;
	for (size_t i = 0; i < n; i++) {
		bytes += pieces[i].len;
		if (!pieces[i].fixed && lede_smartquotes_needed(pieces[i].s, pieces[i].len, st))
			needed = true;
	}
	if (!needed) {
		for (size_t i = 0; i < n; i++) {
			if (!pieces[i].fixed)
				lede_buf_put(out, pieces[i].s, pieces[i].len);
			ends[i] = out->len;
		}
		return false;
	}
	struct pass ps = {.st = st};
	ps.c = lede_xmalloc((bytes ? bytes : 1) * sizeof *ps.c);
	ps.stack = lede_xmalloc((bytes ? bytes : 1) * sizeof *ps.stack);
	for (size_t i = 0; i < n; i++) {
		const unsigned char *s = (const unsigned char *)pieces[i].s;
		for (size_t at = 0; at < pieces[i].len;) {
			struct ch *e = &ps.c[ps.n++];
			int len = decode(s + at, pieces[i].len - at, &e->cp);
			if (!len) {
				len = 1;
				e->cp = INVALID;
			}
			e->p = (const char *)s + at;
			e->len = (uint8_t)len;
			e->rep = NULL;
			e->text = !pieces[i].fixed;
			e->opened = false;
			at += (size_t)len;
		}
	}
	run(&ps);
	bool changed = false;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		size_t start = out->len;
		for (size_t at = 0; at < pieces[i].len; at += ps.c[k].len, k++) {
			if (pieces[i].fixed)
				continue;
			const struct ch *e = &ps.c[k];
			if (e->rep)
				lede_buf_puts(out, e->rep);
			else
				lede_buf_put(out, e->p, e->len);
		}
		ends[i] = out->len;
		if (!pieces[i].fixed && pieces[i].len &&
		    (out->len - start != pieces[i].len ||
		     memcmp(out->data + start, pieces[i].s, pieces[i].len)))
			changed = true;
	}
	free(ps.c);
	free(ps.stack);
	return changed;
}

/* lede.text.smartquotes(s [, opts]) -> s with typographic quotes, the same
 * string when nothing changes. s may also be a list of pieces read as one
 * text: strings, rewritten, and {string} tables, context only (inline code,
 * a line break); the result is a new list, each string piece replaced by
 * its new text, each {string} kept. opts.lang: a language tag, "en" when
 * absent. */
/* Whether t, a Text node, is the text of an autolink: its Link's only
 * child, spelling the Link's URL. */
static bool is_url_text(const lede_node *t)
{
	const lede_node *p = t->parent;
	if (!p || p->type != LEDE_NODE_LINK || p->first != p->last)
		return false;
	const char *u = p->url ? p->url : "", *s = t->literal ? t->literal : "";
	if (!strcmp(u, s))
		return true;
	if (!strncmp(u, "mailto:", 7) && !strcmp(u + 7, s))
		return true;
	return !strncmp(u, "http://", 7) && !strcmp(u + 7, s);
}

/* The node after n in a preorder walk of root's subtree, or NULL. */
static lede_node *walk_next(lede_node *n, const lede_node *root)
{
	if (n->first)
		return n->first;
	while (n != root && !n->next)
		n = n->parent;
	return n == root ? NULL : n->next;
}

typedef struct piece_list {
	lede_text_piece *p;
	lede_node **node; /* the Text node of each piece, NULL for fixed ones */
	size_t n, cap;
} piece_list;

static void piece_add(piece_list *l, const char *s, size_t len, bool fixed, lede_node *t)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->p = lede_xrealloc(l->p, l->cap * sizeof *l->p);
		l->node = lede_xrealloc(l->node, l->cap * sizeof *l->node);
	}
	l->p[l->n] = (lede_text_piece){.s = s, .len = len, .fixed = fixed};
	l->node[l->n++] = t;
}

/* One block read as one run of text; true when a Text node changed. */
static bool fix_block(lede_node *block, lede_quote_style st, piece_list *l, lede_buf *out)
{
	l->n = 0;
	bool needed = false;
	for (lede_node *n = block->first ? walk_next(block, block) : NULL; n;
	     n = walk_next(n, block)) {
		switch (n->type) {
		case LEDE_NODE_TEXT:
			if (is_url_text(n)) {
				piece_add(l, "x", 1, true, NULL);
			} else {
				const char *s = n->literal ? n->literal : "";
				size_t len = strlen(s);
				needed = needed || lede_smartquotes_needed(s, len, st);
				piece_add(l, s, len, false, n);
			}
			break;
		case LEDE_NODE_CODE:
		case LEDE_NODE_HTML_INLINE:
		case LEDE_NODE_RAW_INLINE: piece_add(l, "x", 1, true, NULL); break;
		case LEDE_NODE_SOFTBREAK:
		case LEDE_NODE_LINEBREAK: piece_add(l, "\n", 1, true, NULL); break;
		default: break;
		}
	}
	if (!needed)
		return false;
	size_t *ends = lede_xmalloc(l->n * sizeof *ends);
	out->len = 0;
	lede_smartquotes(l->p, l->n, st, out, ends);
	bool changed = false;
	size_t start = 0;
	for (size_t i = 0; i < l->n; i++) {
		size_t len = ends[i] - start;
		lede_node *t = l->node[i];
		if (t && (len != l->p[i].len || memcmp(out->data + start, l->p[i].s, len))) {
			t->literal = lede_arena_strndup(t->arena, out->data + start, len);
			changed = true;
		}
		start = ends[i];
	}
	free(ends);
	return changed;
}

bool lede_smartquotes_tree(lede_node *root, lede_quote_style st)
{
	if (st == LEDE_QUOTES_NONE)
		return false;
	piece_list l = {0};
	lede_buf out = LEDE_BUF_INIT;
	bool changed = false;
	for (lede_node *n = root; n; n = walk_next(n, root)) {
		if (n->type == LEDE_NODE_PARAGRAPH || n->type == LEDE_NODE_HEADING ||
		    n->type == LEDE_NODE_TABLE_CELL)
			changed = fix_block(n, st, &l, &out) || changed;
	}
	free(l.p);
	free(l.node);
	lede_buf_free(&out);
	return changed;
}

/* The most lede_smartquotes takes in C for `bytes` bytes of text: a
 * struct ch and a stack slot per byte, and the new text (a one-byte quote
 * may become a mark and a narrow no-break space: 6 bytes). 5 MB of quotes
 * took 190 MB; in a sandbox, its budget must hold that first. */
static size_t quotes_cost(size_t bytes)
{
	return bytes * (sizeof(struct ch) + sizeof(uint32_t) + 6);
}

/* The same for a tree: all its text, as if one block, and each node as a
 * piece. */
static size_t quotes_tree_cost(lede_node *root)
{
	size_t bytes = 0, nodes = 0;
	for (lede_node *n = root; n; n = walk_next(n, root)) {
		nodes++;
		if (n->literal)
			bytes += strlen(n->literal);
	}
	return quotes_cost(bytes) + nodes * (sizeof(lede_text_piece) + sizeof(lede_node *));
}

int lede_lua_smartquotes(lua_State *L)
{
	lede_quote_style st = LEDE_QUOTES_EN;
	if (!lua_isnoneornil(L, 2)) {
		luaL_checktype(L, 2, LUA_TTABLE);
		if (lua_getfield(L, 2, "lang") != LUA_TNIL) {
			if (lua_type(L, -1) != LUA_TSTRING)
				return luaL_error(L,
				                  "lede.text.smartquotes: opts.lang must be a "
				                  "string, got %s",
				                  luaL_typename(L, -1));
			size_t n;
			const char *lang = lua_tolstring(L, -1, &n);
			st = lede_quote_style_for(lang, n);
		}
		lua_pop(L, 1);
	}
	lede_engine *e = lede_lua_engine(L);
	bool sandbox = e && e->sbx_active;
	if (lua_type(L, 1) == LUA_TUSERDATA) {
		lede_node *root = lede_node_check(L, 1);
		if (sandbox && st != LEDE_QUOTES_NONE)
			lede_sandbox_check_mem(L, quotes_tree_cost(root));
		lua_pushboolean(L, lede_smartquotes_tree(root, st));
		return 1;
	}
	if (lua_type(L, 1) != LUA_TTABLE) {
		lede_text_piece p = {0};
		p.s = luaL_checklstring(L, 1, &p.len);
		size_t end;
		if (!lede_smartquotes_needed(p.s, p.len, st)) {
			lua_pushvalue(L, 1);
			return 1;
		}
		if (sandbox)
			lede_sandbox_check_mem(L, quotes_cost(p.len));
		lede_buf *b = lede_buf_box(L);
		if (lede_smartquotes(&p, 1, st, b, &end))
			lua_pushlstring(L, lede_buf_cstr(b), b->len);
		else
			lua_pushvalue(L, 1);
		return 1;
	}
	lua_Integer n = (lua_Integer)lua_rawlen(L, 1);
	/* The pieces point into strings the list keeps alive. */
	lede_text_piece *pieces = lua_newuserdatauv(L, (size_t)n * sizeof *pieces + 1, 0);
	size_t *ends = lua_newuserdatauv(L, (size_t)n * sizeof *ends + 1, 0);
	for (lua_Integer i = 1; i <= n; i++) {
		lede_text_piece *p = &pieces[i - 1];
		int t = lua_rawgeti(L, 1, i);
		p->fixed = t == LUA_TTABLE;
		if (p->fixed)
			t = lua_rawgeti(L, -1, 1);
		if (t != LUA_TSTRING)
			return luaL_error(L,
			                  "lede.text.smartquotes: item %d of the list must be a "
			                  "string or {string}, got %s",
			                  (int)i, luaL_typename(L, -1));
		p->s = lua_tolstring(L, -1, &p->len);
		lua_pop(L, p->fixed ? 2 : 1);
	}
	if (sandbox) {
		size_t bytes = 0;
		for (lua_Integer i = 0; i < n; i++)
			bytes += pieces[i].len;
		lede_sandbox_check_mem(L, quotes_cost(bytes));
	}
	lede_buf *b = lede_buf_box(L);
	lede_smartquotes(pieces, (size_t)n, st, b, ends);
	const char *out = lede_buf_cstr(b);
	lua_createtable(L, (int)n, 0);
	size_t start = 0;
	for (lua_Integer i = 1; i <= n; i++) {
		const lede_text_piece *p = &pieces[i - 1];
		size_t len = ends[i - 1] - start;
		if (p->fixed || (len == p->len && !memcmp(out + start, p->s, len)))
			lua_rawgeti(L, 1, i);
		else
			lua_pushlstring(L, out + start, len);
		lua_rawseti(L, -2, i);
		start = ends[i - 1];
	}
	return 1;
}
