/* template.c: Mustache parsing into a flat node list, and rendering it
 * against a context stack of Lua values (spec, inheritance, lambdas,
 * dynamic names). */
#include "template.h"

#include "engine.h"
#include "escape.h"
#include "lua_load.h"
#include "lua_value.h"

#include <lauxlib.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

enum {
	N_TEXT,
	N_VAR,      /* {{x}}: escaped */
	N_RAW,      /* {{{x}}} and {{&x}} */
	N_SECTION,  /* {{#x}} */
	N_INVERTED, /* {{^x}} */
	N_PARTIAL,  /* {{>x}} */
	N_PARENT,   /* {{<x}}: children are its block arguments */
	N_BLOCK,    /* {{$x}} */
};

enum {
	NF_BOL = 1,        /* text starts at the start of a source line */
	NF_STANDALONE = 2, /* tag stood alone on its line */
	NF_DYNAMIC = 4,    /* {{>*name}}: the partial's name is looked up */
};

/* One node; a node with children (section, inverted, parent, block) is
 * followed by them, and end is the index after the last one. For a leaf,
 * end is its own index + 1, so siblings are walked with i = nodes[i].end. */
struct node {
	uint8_t type, flags;
	uint16_t nseg;      /* name segments in the pool; 0 for "." */
	uint32_t line, col; /* of the tag, for error messages */
	uint32_t end;
	uint32_t off, len;    /* text, or a section's raw inner text (lambdas) */
	uint32_t name;        /* pool: the dotted name as NUL-separated segments */
	uint32_t tag, tlen;   /* src: the tag's trimmed content (names, messages) */
	uint32_t ind, ilen;   /* src: indentation added to the expansion */
	uint32_t strip, slen; /* src: a block's own indentation, removed */
	uint32_t delim;       /* pool: "otag\0ctag\0" in effect inside a section */
	uint32_t id;          /* of the name's first segment: 0, 1... through the template */
};

struct lede_template {
	char *name;
	char *src;
	size_t len;
	char *pool;
	struct node *nodes;
	uint32_t n;
	uint32_t nids;          /* name segments in all */
	uint32_t base;          /* lede_template_check: its names' place in the state's table */
	bool checked;           /* ...names kept, mistakes told */
	struct near_memo *memo; /* checked: a node each (unset_var) */
};

/* What unset_var found for a node the last time, and for which names. */
struct near_memo {
	uint64_t names; /* of the names compared, and the segment that missed */
	char *near;     /* the name found close, or NULL */
	bool known;
};

/* ---- parsing ---- */

/* A text token holds at most one line (it ends at a '\n'); a tag token
 * is one tag. Standalone lines are found on tokens, then nodes are built. */
struct tok {
	uint32_t start, end; /* the whole token in src */
	uint32_t cs, ce;     /* tag: content after the sigil, trimmed */
	uint32_t line, col;
	uint32_t match;    /* open <-> close partner */
	uint32_t ws0, ws1; /* leading whitespace of the tag's line */
	uint32_t lend;     /* standalone: where the next line starts */
	char type;         /* 0 text, 'v' variable, or the sigil */
	bool dead, standalone, ws;
	const char *otag, *ctag; /* delimiters after this tag (for sections) */
	size_t olen, clen;
};

struct parser {
	const char *name;
	const char *src;
	size_t len;
	lede_error *err;
	struct tok *toks;
	size_t ntok, cap;
	uint32_t line, lstart; /* current line number and the offset it starts at */
};

static bool is_ws(char c) { return c == ' ' || c == '\t'; }
static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int perr(struct parser *p, uint32_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int perr(struct parser *p, uint32_t line, uint32_t col, const char *fmt, ...)
{
	char msg[sizeof p->err->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	lede_error_set(p->err, p->name, (int)line, (int)col, "%s", msg);
	lede_error_snippet(p->err, p->src, p->len, (int)line);
	return -1;
}

static struct tok *tok_new(struct parser *p)
{
	if (p->ntok == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->toks = lede_xrealloc(p->toks, p->cap * sizeof *p->toks);
	}
	struct tok *t = &p->toks[p->ntok++];
	memset(t, 0, sizeof *t);
	return t;
}

/* Adds src[a..b) as text tokens, one per line, and advances the line count. */
static void add_text(struct parser *p, size_t a, size_t b)
{
	while (a < b) {
		const char *nl = memchr(p->src + a, '\n', b - a);
		size_t e = nl ? (size_t)(nl - p->src) + 1 : b;
		struct tok *t = tok_new(p);
		t->start = (uint32_t)a;
		t->end = (uint32_t)e;
		t->line = p->line;
		t->col = (uint32_t)(a - p->lstart + 1);
		if (nl) {
			p->line++;
			p->lstart = (uint32_t)e;
		}
		a = e;
	}
}

static const char *find(const char *h, size_t hn, const char *nd, size_t nn)
{
	if (nn == 0 || hn < nn)
		return NULL;
	const char *end = h + hn - nn;
	for (const char *s = h; s <= end; s++) {
		s = memchr(s, nd[0], (size_t)(end - s) + 1);
		if (!s)
			return NULL;
		if (memcmp(s, nd, nn) == 0)
			return s;
	}
	return NULL;
}

/* Finds the closing delimiter for a tag whose content starts at q; for
 * {{{x}}} and {{=a b=}} the delimiter must follow the sigil's partner. */
static const char *find_close(const char *q, const char *e, const char *ctag, size_t clen,
                              char partner)
{
	const char *s = q;
	for (;;) {
		const char *c = find(s, (size_t)(e - s), ctag, clen);
		if (!c || !partner)
			return c;
		if (c > q && c[-1] == partner)
			return c;
		s = c + 1;
	}
}

static bool same(const char *src, const struct tok *a, const struct tok *b)
{
	return a->ce - a->cs == b->ce - b->cs &&
	       memcmp(src + a->cs, src + b->cs, a->ce - a->cs) == 0;
}

/* Splits src into tokens, applying delimiter changes and pairing sections. */
static int tokenize(struct parser *p, const char *otag, size_t olen, const char *ctag, size_t clen)
{
	const char *src = p->src;
	size_t pos = 0, len = p->len;
	uint32_t *stack = NULL;
	size_t depth = 0, scap = 0;
	int rc = 0;
	p->line = 1;
	p->lstart = 0;
	while (pos < len) {
		const char *o = find(src + pos, len - pos, otag, olen);
		if (!o) {
			add_text(p, pos, len);
			break;
		}
		size_t at = (size_t)(o - src);
		add_text(p, pos, at);
		uint32_t line = p->line, col = (uint32_t)(at - p->lstart + 1);
		const char *q = o + olen, *e = src + len;
		while (q < e && is_space(*q))
			q++;
		char type = 'v';
		if (q < e && *q && strchr("{&#^/!><$=", *q)) {
			type = *q++;
		}
		char partner = type == '{' ? '}' : type == '=' ? '=' : 0;
		const char *c = find_close(q, e, ctag, clen, partner);
		if (!c) {
			rc = perr(p, line, col,
			          "unclosed tag: no '%.*s' after it; end it with '%.*s'", (int)clen,
			          ctag, (int)clen, ctag);
			goto out;
		}
		const char *ce = partner ? c - 1 : c;
		const char *cs = q;
		while (cs < ce && is_space(*cs))
			cs++;
		while (ce > cs && is_space(ce[-1]))
			ce--;
		size_t end = (size_t)(c - src) + clen;
		/* Count the newlines a multi-line tag (a comment) spans. */
		for (const char *s = o; (s = memchr(s, '\n', (size_t)(src + end - s))) != NULL;
		     s++) {
			p->line++;
			p->lstart = (uint32_t)(s - src) + 1;
		}
		if (type != '!' && cs == ce) {
			rc =
			    perr(p, line, col, "empty tag '%.*s': write a name in it, or remove it",
			         (int)(end - at), o);
			goto out;
		}
		struct tok *t = tok_new(p);
		t->type = type;
		t->start = (uint32_t)at;
		t->end = (uint32_t)end;
		t->cs = (uint32_t)(cs - src);
		t->ce = (uint32_t)(ce - src);
		t->line = line;
		t->col = col;
		uint32_t ti = (uint32_t)(p->ntok - 1);
		if (type == '=') {
			/* "{{=<% %>=}}": two delimiters without whitespace or '='. */
			const char *a = cs, *ae = a;
			while (ae < ce && !is_space(*ae))
				ae++;
			const char *b = ae;
			while (b < ce && is_space(*b))
				b++;
			if (a == ae || b == ce || memchr(a, '=', (size_t)(ae - a)) ||
			    memchr(b, '=', (size_t)(ce - b))) {
				rc = perr(p, line, col,
				          "bad delimiter change '%.*s': write {{=OPEN CLOSE=}}",
				          (int)(end - at), o);
				goto out;
			}
			for (const char *s = b; s < ce; s++)
				if (is_space(*s)) {
					rc = perr(
					    p, line, col,
					    "bad delimiter change '%.*s': write {{=OPEN CLOSE=}}",
					    (int)(end - at), o);
					goto out;
				}
			otag = a;
			olen = (size_t)(ae - a);
			ctag = b;
			clen = (size_t)(ce - b);
		} else if (type == '#' || type == '^' || type == '<' || type == '$') {
			if (depth == LEDE_MAX_DEPTH) { /* rendering them recurses */
				rc = perr(p, line, col, "sections nested deeper than %d levels",
				          LEDE_MAX_DEPTH);
				goto out;
			}
			if (depth == scap) {
				scap = scap ? scap * 2 : 16;
				stack = lede_xrealloc(stack, scap * sizeof *stack);
			}
			stack[depth++] = ti;
		} else if (type == '/') {
			if (!depth) {
				rc = perr(
				    p, line, col,
				    "closing tag '%.*s' has no open section: remove it, or open "
				    "the section before it with %.*s#%.*s%.*s",
				    (int)(ce - cs), cs, (int)olen, otag, (int)(ce - cs), cs,
				    (int)clen, ctag);
				goto out;
			}
			struct tok *open = &p->toks[stack[depth - 1]];
			if (!same(src, open, t)) {
				int on = (int)(open->ce - open->cs);
				rc = perr(
				    p, line, col,
				    "'%.*s' closes section '%.*s' opened at line %u: close '%.*s' "
				    "first with %.*s/%.*s%.*s, or make the names match",
				    (int)(ce - cs), cs, on, src + open->cs, open->line, on,
				    src + open->cs, (int)olen, otag, on, src + open->cs, (int)clen,
				    ctag);
				goto out;
			}
			open->match = ti;
			t->match = stack[--depth];
		}
		t->otag = otag;
		t->olen = olen;
		t->ctag = ctag;
		t->clen = clen;
		pos = end;
	}
	if (depth) {
		struct tok *open = &p->toks[stack[depth - 1]];
		int on = (int)(open->ce - open->cs);
		rc = perr(p, open->line, open->col,
		          "unclosed section '%.*s': close it with %.*s/%.*s%.*s where it ends", on,
		          src + open->cs, (int)open->olen, open->otag, on, src + open->cs,
		          (int)open->clen, open->ctag);
	}
out:
	free(stack);
	return rc;
}

static bool ws_only(const char *s, size_t n)
{
	if (n && s[n - 1] == '\n')
		n -= (n > 1 && s[n - 2] == '\r') ? 2 : 1;
	for (size_t i = 0; i < n; i++)
		if (!is_ws(s[i]))
			return false;
	return true;
}

static bool is_parent_tag(const struct parser *p, const struct tok *t)
{
	return t->type == '<' || (t->type == '/' && p->toks[t->match].type == '<');
}

/* Marks standalone lines: whitespace and tags that print nothing
 * themselves. One such tag per line, as the spec says; parent tags do not
 * count, so "{{<page}}{{$body}}" and "{{/body}}{{/page}}" lines stand alone
 * as the inheritance spec expects. */
static void standalone(struct parser *p)
{
	size_t i = 0;
	while (i < p->ntok) {
		size_t e = i;
		while (e < p->ntok) {
			const struct tok *t = &p->toks[e];
			if (!t->type && p->src[t->end - 1] == '\n')
				break;
			e++;
		}
		if (e == p->ntok)
			e--;
		int tags = 0, others = 0;
		bool ok = true;
		for (size_t k = i; k <= e && ok; k++) {
			const struct tok *t = &p->toks[k];
			if (!t->type) {
				ok = ws_only(p->src + t->start, t->end - t->start);
			} else if (strchr("#^/!><$=", t->type)) {
				tags++;
				if (!is_parent_tag(p, t))
					others++;
			} else {
				ok = false;
			}
		}
		uint32_t ws0 = p->toks[i].start, ws1 = p->toks[i].type ? ws0 : p->toks[i].end;
		if (ok && tags && others <= 1) {
			for (size_t k = i; k <= e; k++) {
				struct tok *t = &p->toks[k];
				if (!t->type) {
					t->dead = true;
				} else {
					t->standalone = t->ws = true;
					t->ws0 = ws0;
					t->ws1 = ws1;
					t->lend = p->toks[e].end;
				}
			}
		} else if (p->toks[i].type == '$' ||
		           (!p->toks[i].type && i < e && p->toks[i + 1].type == '$' &&
		            ws_only(p->src + ws0, ws1 - ws0))) {
			/* A block after nothing but indentation indents its later lines. */
			struct tok *t = &p->toks[p->toks[i].type ? i : i + 1];
			t->ws = true;
			t->ws0 = ws0;
			t->ws1 = ws1;
		}
		i = e + 1;
	}
}

struct builder {
	struct node *nodes;
	size_t n, cap;
	lede_buf pool;
	uint32_t nids;
};

static struct node *node_new(struct builder *b, int type, const struct tok *t)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 32;
		b->nodes = lede_xrealloc(b->nodes, b->cap * sizeof *b->nodes);
	}
	struct node *nd = &b->nodes[b->n++];
	memset(nd, 0, sizeof *nd);
	nd->type = (uint8_t)type;
	nd->end = (uint32_t)b->n;
	nd->line = t->line;
	nd->col = t->col;
	nd->tag = t->cs;
	nd->tlen = t->ce - t->cs;
	return nd;
}

/* Stores a dotted name as NUL-separated segments in the pool. */
static int put_name(struct parser *p, struct builder *b, struct node *nd, const char *s, size_t n,
                    const struct tok *t)
{
	nd->name = (uint32_t)b->pool.len;
	if (n == 1 && s[0] == '.') {
		lede_buf_putc(&b->pool, '\0');
		return 0;
	}
	const char *e = s + n;
	int nseg = 0;
	while (s <= e) {
		const char *dot = memchr(s, '.', (size_t)(e - s));
		const char *se = dot ? dot : e;
		if (se == s || memchr(s, '\0', (size_t)(se - s)))
			return perr(p, t->line, t->col,
			            "bad name '%.*s': write a name or dotted names (a.b.c) without "
			            "empty parts",
			            (int)(t->ce - t->cs), p->src + t->cs);
		lede_buf_put(&b->pool, s, (size_t)(se - s));
		lede_buf_putc(&b->pool, '\0');
		nseg++;
		s = se + 1;
		if (!dot)
			break;
	}
	if (nseg > UINT16_MAX)
		return perr(p, t->line, t->col, "name has too many segments");
	nd->nseg = (uint16_t)nseg;
	nd->id = b->nids; /* (segments are at most the template's bytes) */
	b->nids += (uint32_t)nseg;
	return 0;
}

/* The part of a dynamic name after '*' and any spaces. */
static bool dynamic_name(const char *src, const struct tok *t, const char **s, size_t *n)
{
	const char *a = src + t->cs, *e = src + t->ce;
	if (a == e || *a != '*')
		return false;
	a++;
	while (a < e && is_space(*a))
		a++;
	*s = a;
	*n = (size_t)(e - a);
	return true;
}

static int build(struct parser *p, struct builder *b)
{
	const char *src = p->src;
	uint32_t *open = lede_xmalloc((p->ntok + 1) * sizeof *open);
	size_t depth = 0;
	int rc = 0;
	for (size_t i = 0; i < p->ntok && !rc; i++) {
		const struct tok *t = &p->toks[i];
		struct node *nd;
		if (t->dead || t->type == '!' || t->type == '=')
			continue;
		switch (t->type) {
		case 0:
			if (b->n && b->nodes[b->n - 1].type == N_TEXT &&
			    b->nodes[b->n - 1].off + b->nodes[b->n - 1].len == t->start) {
				b->nodes[b->n - 1].len += t->end - t->start;
				break;
			}
			nd = node_new(b, N_TEXT, t);
			nd->off = t->start;
			nd->len = t->end - t->start;
			if (t->start == 0 || src[t->start - 1] == '\n')
				nd->flags |= NF_BOL;
			break;
		case 'v':
		case '{':
		case '&':
			nd = node_new(b, t->type == 'v' ? N_VAR : N_RAW, t);
			rc = put_name(p, b, nd, src + t->cs, t->ce - t->cs, t);
			break;
		case '#':
		case '^':
			nd = node_new(b, t->type == '#' ? N_SECTION : N_INVERTED, t);
			rc = put_name(p, b, nd, src + t->cs, t->ce - t->cs, t);
			nd->off = t->end;
			nd->len = p->toks[t->match].start - t->end;
			nd->delim = (uint32_t)b->pool.len;
			lede_buf_put(&b->pool, t->otag, t->olen);
			lede_buf_putc(&b->pool, '\0');
			lede_buf_put(&b->pool, t->ctag, t->clen);
			lede_buf_putc(&b->pool, '\0');
			open[depth++] = (uint32_t)(b->n - 1);
			break;
		case '>':
		case '<': {
			nd = node_new(b, t->type == '>' ? N_PARTIAL : N_PARENT, t);
			const char *dn;
			size_t dl;
			if (dynamic_name(src, t, &dn, &dl)) {
				nd->flags |= NF_DYNAMIC;
				rc = put_name(p, b, nd, dn, dl, t);
			}
			if (t->standalone) {
				nd->flags |= NF_STANDALONE;
				nd->ind = t->ws0;
				nd->ilen = t->ws1 - t->ws0;
			}
			if (t->type == '<')
				open[depth++] = (uint32_t)(b->n - 1);
			break;
		}
		case '$':
			nd = node_new(b, N_BLOCK, t);
			if (t->standalone) {
				/* Its content's first line sets the block's indentation: removed
				 * where it is defined, added where it is expanded. */
				uint32_t a = t->lend, lim = p->toks[t->match].start;
				uint32_t z = a;
				while (z < lim && is_ws(src[z]))
					z++;
				nd->flags |= NF_STANDALONE;
				nd->ind = nd->strip = a < lim ? a : lim;
				nd->ilen = nd->slen = z > a ? z - a : 0;
			} else if (t->ws) {
				nd->ind = t->ws0;
				nd->ilen = t->ws1 - t->ws0;
			}
			open[depth++] = (uint32_t)(b->n - 1);
			break;
		case '/': b->nodes[open[--depth]].end = (uint32_t)b->n; break;
		}
	}
	free(open);
	return rc;
}

static lede_template *parse(const char *name, const char *src, size_t len, const char *otag,
                            size_t olen, const char *ctag, size_t clen, lede_error *err)
{
	if (!name)
		name = "<template>";
	struct parser p = {name, src, len, err, NULL, 0, 0, 0, 0};
	if (len >= UINT32_MAX) {
		lede_error_set(err, name, 0, 0, "template too large (%zu bytes)", len);
		return NULL;
	}
	struct builder b = {NULL, 0, 0, LEDE_BUF_INIT, 0};
	lede_template *t = NULL;
	if (tokenize(&p, otag, olen, ctag, clen) == 0) {
		standalone(&p);
		if (build(&p, &b) == 0) {
			t = lede_xcalloc(1, sizeof *t);
			t->name = lede_xstrdup(name);
			t->src = lede_xstrndup(src, len);
			t->len = len;
			t->pool = lede_buf_detach(&b.pool, NULL);
			t->nodes = b.nodes;
			t->n = (uint32_t)b.n;
			t->nids = b.nids;
			b.nodes = NULL;
		}
	}
	free(p.toks);
	free(b.nodes);
	lede_buf_free(&b.pool);
	return t;
}

lede_template *lede_template_parse(const char *name, const char *src, size_t len, lede_error *err)
{
	return parse(name, src, len, "{{", 2, "}}", 2, err);
}

void lede_template_free(lede_template *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->src);
	free(t->pool);
	free(t->nodes);
	for (uint32_t i = 0; t->memo && i < t->n; i++)
		free(t->memo[i].near);
	free(t->memo);
	free(t);
}

const char *lede_template_name(const lede_template *t) { return t->name; }

void lede_template_check(lede_template *t, uint32_t *names)
{
	t->checked = true;
	if (!t->memo)
		t->memo = lede_xcalloc(t->n + 1, sizeof *t->memo);
	t->base = *names;
	*names += t->nids;
}

/* ---- rendering ---- */

/* The context stack lives on the C stack, each frame a Lua stack index. */
struct frame {
	int idx;
	const struct frame *up;
};

/* Parent tags being expanded, innermost first; their block children
 * override the blocks of the templates they extend. */
struct blocks {
	const lede_template *t;
	const struct node *parent;
	const struct blocks *up;
};

/* What a lambda rendered into, owned here so a Lua error that unwinds
 * past it cannot leak it. */
struct tmp {
	lede_template *t;
	lede_buf buf;
};

struct render {
	lua_State *L;
	const lede_template_env *env;
	void (*escape)(lede_buf *out, const char *s, size_t n);
	lede_buf *out;
	lede_error *err;
	lede_buf indent; /* indentation of the partials being expanded */
	size_t ibase;    /* indent[ibase..len) applies to the current output */
	bool bol;        /* output is at the start of a line */
	int depth;
	int nest; /* sections open, across partials: bounded like depth */
	int msgh; /* stack index of the traceback handler */
	int keys; /* stack index of the state's table of names (push_name) */
	const lede_template *root;
	const lede_template *cur_t; /* where a raised Lua error is reported */
	const struct node *cur;
	struct tmp tmps[LEDE_TEMPLATE_MAX_DEPTH + 2];
	int ntmp;
	int rc;
	size_t max_output; /* env's, or LEDE_TEMPLATE_MAX_OUTPUT */
	unsigned steps;    /* nodes rendered: the limits are checked every POLL_STEPS */
	size_t next_poll;  /* ...or when the output reaches this length */
};

#define POLL_STEPS 256
#define POLL_BYTES ((size_t)64 << 10)

static int render_range(struct render *r, const lede_template *t, uint32_t i, uint32_t end,
                        const struct frame *ctx, const struct blocks *bl, const char *strip,
                        size_t sl);

static int rerr(struct render *r, const lede_template *t, const struct node *nd, const char *fmt,
                ...) __attribute__((format(printf, 4, 5)));

static int rerr(struct render *r, const lede_template *t, const struct node *nd, const char *fmt,
                ...)
{
	char msg[sizeof r->err->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	lede_error_set(r->err, t->name, nd ? (int)nd->line : 0, nd ? (int)nd->col : 0, "%s", msg);
	if (nd)
		lede_error_snippet(r->err, t->src, t->len, (int)nd->line);
	return -1;
}

static void put_indent(struct render *r)
{
	if (r->bol && r->indent.len > r->ibase)
		lede_buf_put(r->out, r->indent.data + r->ibase, r->indent.len - r->ibase);
}

/* Template text: each source line loses the block indentation strip and,
 * when it starts an output line, gains the partials' indentation. */
static void put_text(struct render *r, const char *s, size_t n, bool bol, const char *strip,
                     size_t sl)
{
	if (r->indent.len == r->ibase && sl == 0) {
		lede_buf_put(r->out, s, n);
		if (n)
			r->bol = s[n - 1] == '\n';
		return;
	}
	const char *e = s + n;
	while (s < e) {
		if (bol) {
			size_t k = 0;
			while (k < sl && s + k < e && s[k] == strip[k])
				k++;
			s += k;
			if (s == e)
				break;
		}
		const char *nl = memchr(s, '\n', (size_t)(e - s));
		const char *le = nl ? nl + 1 : e;
		put_indent(r);
		lede_buf_put(r->out, s, (size_t)(le - s));
		r->bol = nl != NULL;
		s = le;
		bol = true;
	}
}

static void put_value(struct render *r, const char *s, size_t n, bool raw)
{
	put_indent(r);
	r->bol = false;
	if (raw)
		lede_buf_put(r->out, s, n);
	else
		r->escape(r->out, s, n);
}

/* Appends indentation s[0..n), less what the enclosing block strips. */
static void add_indent(struct render *r, const char *s, size_t n, const char *strip, size_t sl)
{
	size_t k = 0;
	while (k < n && k < sl && s[k] == strip[k])
		k++;
	lede_buf_put(&r->indent, s + k, n - k);
}

/* The registry's slot for the state's names: its address is the key. */
static const char names_slot = 0;

/* Pushes segment seg of nd's name (k, its text) as a Lua string. Making a
 * Lua string of a C string costs a hash and a lookup in the state's
 * strings each time, more than the lookup it is made for; the names of a
 * checked template (an engine's, freed with its Lua state) are made once,
 * kept in an array of the state's at the template's base. */
static void push_name(struct render *r, const lede_template *t, const struct node *nd, int seg,
                      const char *k)
{
	lua_State *L = r->L;
	if (!t->checked || !r->keys) {
		lua_pushstring(L, k);
		return;
	}
	lua_Integer id = (lua_Integer)t->base + nd->id + seg + 1;
	if (lua_rawgeti(L, r->keys, id) == LUA_TSTRING)
		return;
	lua_pop(L, 1);
	lua_pushstring(L, k);
	lua_pushvalue(L, -1);
	lua_rawseti(L, r->keys, id);
}

/* Whether the value at idx can be indexed by name. */
static bool indexable(struct render *r, int idx)
{
	lua_State *L = r->L;
	int tt = lua_type(L, idx);
	if (tt == LUA_TTABLE)
		return true;
	if (tt != LUA_TUSERDATA || !lua_getmetatable(L, idx))
		return false;
	/* A userdata without __index would raise when indexed. (The name
	 * is kept at 0 of the names' array.) */
	if (!r->keys || lua_rawgeti(L, r->keys, 0) != LUA_TSTRING) {
		if (r->keys)
			lua_pop(L, 1);
		lua_pushliteral(L, "__index");
		if (r->keys) {
			lua_pushvalue(L, -1);
			lua_rawseti(L, r->keys, 0);
		}
	}
	bool has = lua_rawget(L, -2) != LUA_TNIL;
	lua_pop(L, 2);
	return has;
}

/* Pushes t[k] for the value at idx, trying k as an integer key for lists. */
static int get_key(struct render *r, const lede_template *t, const struct node *nd, int seg,
                   int idx, const char *k)
{
	lua_State *L = r->L;
	idx = lua_absindex(L, idx);
	push_name(r, t, nd, seg, k);
	int tt = lua_gettable(L, idx);
	if (tt == LUA_TNIL && lua_type(L, idx) == LUA_TTABLE && k[0] >= '0' && k[0] <= '9') {
		char *e;
		long long n = strtoll(k, &e, 10);
		if (*e == '\0') {
			lua_pop(L, 1);
			tt = lua_geti(L, idx, (lua_Integer)n);
		}
	}
	return tt;
}

/* Pushes the value of the node's dotted name (nil when it is missing): the
 * first segment is searched up the context stack, the rest only in it. */
static void lookup(struct render *r, const lede_template *t, const struct node *nd,
                   const struct frame *ctx)
{
	lua_State *L = r->L;
	r->cur_t = t;
	r->cur = nd;
	if (nd->nseg == 0) {
		lua_pushvalue(L, ctx->idx);
		return;
	}
	const char *k = t->pool + nd->name;
	const struct frame *f;
	for (f = ctx; f; f = f->up) {
		if (!indexable(r, f->idx))
			continue;
		if (get_key(r, t, nd, 0, f->idx, k) != LUA_TNIL)
			break;
		lua_pop(L, 1);
	}
	if (!f) {
		lua_pushnil(L);
		return;
	}
	for (int i = 1; i < nd->nseg; i++) {
		k += strlen(k) + 1;
		if (!indexable(r, -1)) {
			lua_pop(L, 1);
			lua_pushnil(L);
			return;
		}
		get_key(r, t, nd, i, -1, k);
		lua_remove(L, -2);
	}
}

/* Tells env->warn of a tag that renders as nothing; msg is its message. */
static void warn(struct render *r, const lede_template *t, const struct node *nd, const char *msg)
{
	lede_error w;
	lede_error_set(&w, t->name, (int)nd->line, (int)nd->col, "%s", msg);
	lede_error_snippet(&w, t->src, t->len, (int)nd->line);
	r->env->warn(r->env->ud, &w);
}

/* At most this many names of a context are compared with a name not set:
 * where there are more, none is (which of them a table gives first
 * depends on its Lua state's hash seed, so a part of them would make the
 * message differ from one build, or one -j, to the next). */
#define NEAR_NAMES 256

/* Adds the string keys of the table at idx to names (they live as long as
 * the table holds them: through the render); false when they are more
 * than names holds. */
static bool add_names(lua_State *L, int idx, const char **names, size_t *n)
{
	if (lua_type(L, idx) != LUA_TTABLE)
		return true;
	idx = lua_absindex(L, idx);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING)
			continue;
		if (*n == NEAR_NAMES) {
			lua_pop(L, 1);
			return false;
		}
		names[(*n)++] = lua_tostring(L, -1);
	}
	return true;
}

/* The name of names nearest to word: at most one edit away for a name of
 * up to 4 bytes, two for a longer one; the first in byte order among the
 * nearest (whatever the order of names). NULL when none is that close. */
static const char *nearest(const char *word, const char *const *names, size_t n)
{
	size_t bd = strlen(word) <= 4 ? 2 : 3;
	const char *best = NULL;
	for (size_t i = 0; i < n; i++) {
		size_t d = lede_edit_distance(word, names[i]);
		if (d < bd || (d == bd && best && strcmp(names[i], best) < 0)) {
			bd = d;
			best = names[i];
		}
	}
	return best;
}

/* A variable tag whose name is not set (lookup found nil) in a checked
 * template: told when a name close to it (see nearest) is set where it
 * was looked up: in any
 * level of the context for its first segment, in the table reached for a
 * later one. Runs only on a miss: a name that is set costs nothing more. */
static void unset_var(struct render *r, const lede_template *t, const struct node *nd,
                      const struct frame *ctx)
{
	lua_State *L = r->L;
	if (!lua_checkstack(L, 8))
		return;
	int top = lua_gettop(L);
	const char *names[NEAR_NAMES];
	size_t n = 0;
	const char *k = t->pool + nd->name;
	int seg = 0;
	const struct frame *f;
	for (f = ctx; f; f = f->up) {
		if (!indexable(r, f->idx))
			continue;
		if (get_key(r, t, nd, 0, f->idx, k) != LUA_TNIL)
			break;
		lua_pop(L, 1);
	}
	if (!f) {
		for (f = ctx; f; f = f->up)
			if (!add_names(L, f->idx, names, &n)) {
				n = 0;
				break;
			}
	} else {
		for (seg = 1; seg < nd->nseg; seg++) {
			k += strlen(k) + 1;
			if (!indexable(r, -1))
				break; /* a string or a number: no names to compare */
			if (get_key(r, t, nd, seg, -1, k) == LUA_TNIL) {
				if (!add_names(L, -2, names, &n))
					n = 0;
				break;
			}
			lua_remove(L, -2);
		}
	}
	/* The same names as the last time (a page of the same template, in
	 * the same context): the same answer. The names' hashes are summed,
	 * as Lua gives a table's keys in no set order. */
	uint64_t h = XXH3_64bits(&seg, sizeof seg);
	for (size_t i = 0; i < n; i++)
		h += XXH3_64bits(names[i], strlen(names[i]));
	struct near_memo *m = t->memo ? &t->memo[nd - t->nodes] : NULL;
	const char *near;
	if (m && m->known && m->names == h) {
		near = m->near;
	} else {
		near = n ? nearest(k, names, n) : NULL;
		if (m) {
			free(m->near);
			m->near = near ? lede_xstrdup(near) : NULL;
			m->names = h;
			m->known = true;
			near = m->near;
		}
	}
	if (near) {
		/* the dotted name with the segment that missed replaced */
		lede_buf dotted = LEDE_BUF_INIT;
		const char *s = t->pool + nd->name;
		for (int i = 0; i < nd->nseg; i++, s += strlen(s) + 1) {
			if (i)
				lede_buf_putc(&dotted, '.');
			lede_buf_puts(&dotted, i == seg ? near : s);
		}
		char msg[sizeof r->err->msg];
		snprintf(msg, sizeof msg,
		         "{{%.*s}} is not set, and prints nothing; did you mean {{%s}}?",
		         (int)nd->tlen, t->src + nd->tag, lede_buf_cstr(&dotted));
		lede_buf_free(&dotted);
		warn(r, t, nd, msg);
	}
	lua_settop(L, top);
}

/* Text for an interpolated value (nil: none); may push a string (popped by
 * the caller with the value). */
static const char *to_text(lua_State *L, int idx, char *num, size_t numsz, size_t *n)
{
	switch (lua_type(L, idx)) {
	case LUA_TNIL: *n = 0; return "";
	case LUA_TSTRING: return lua_tolstring(L, idx, n);
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx)) {
			*n = (size_t)snprintf(num, numsz, LUA_INTEGER_FMT,
			                      (LUAI_UACINT)lua_tointeger(L, idx));
		} else {
			*n = (size_t)snprintf(num, numsz, "%.14g", (double)lua_tonumber(L, idx));
			/* Whatever the C locale says, a decimal point is a point. */
			char *c = memchr(num, ',', *n);
			if (c)
				*c = '.';
		}
		return num;
	default: return luaL_tolstring(L, idx, n);
	}
}

static int lambda_error(struct render *r, const lede_template *t, const struct node *nd)
{
	const char *msg = lua_tostring(r->L, -1);
	return rerr(r, t, nd, "lambda '%.*s' raised an error: %s", (int)nd->tlen, t->src + nd->tag,
	            msg ? msg : "(no message)");
}

/* Parses a lambda's result into a temporary owned by the render. */
static lede_template *lambda_template(struct render *r, const lede_template *t,
                                      const struct node *nd, const char *s, size_t n,
                                      const char *delim)
{
	if (r->ntmp == (int)(sizeof r->tmps / sizeof r->tmps[0]) ||
	    r->depth >= LEDE_TEMPLATE_MAX_DEPTH) {
		rerr(r, t, nd, "lambdas nested deeper than %d levels", LEDE_TEMPLATE_MAX_DEPTH);
		return NULL;
	}
	const char *o = delim ? delim : "{{", *c = delim ? delim + strlen(delim) + 1 : "}}";
	char name[600];
	snprintf(name, sizeof name, "%s:%u:%u: lambda '%.*s'", t->name, nd->line, nd->col,
	         (int)nd->tlen, t->src + nd->tag);
	lede_template *lt = parse(name, s, n, o, strlen(o), c, strlen(c), r->err);
	if (!lt)
		return NULL;
	struct tmp *tp = &r->tmps[r->ntmp++];
	tp->t = lt;
	lede_buf_init(&tp->buf);
	return lt;
}

static void tmp_pop(struct render *r)
{
	struct tmp *tp = &r->tmps[--r->ntmp];
	lede_template_free(tp->t);
	lede_buf_free(&tp->buf);
}

static int interpolate(struct render *r, const lede_template *t, const struct node *nd,
                       const struct frame *ctx, const struct blocks *bl)
{
	lua_State *L = r->L;
	lookup(r, t, nd, ctx);
	int v = lua_gettop(L);
	if (t->checked && r->env && r->env->warn && nd->nseg && lua_isnil(L, v))
		unset_var(r, t, nd, ctx);
	bool raw = nd->type == N_RAW;
	int rc = 0;
	if (lua_type(L, v) == LUA_TFUNCTION) {
		lua_pushvalue(L, v);
		if (lua_pcall(L, 0, 1, r->msgh) != LUA_OK) {
			rc = lambda_error(r, t, nd);
			lua_settop(L, v - 1);
			return rc;
		}
		lua_replace(L, v);
		if (lua_type(L, v) == LUA_TSTRING) {
			/* The result is a template, with the default delimiters. */
			size_t n;
			const char *s = lua_tolstring(L, v, &n);
			lede_template *lt = lambda_template(r, t, nd, s, n, NULL);
			if (!lt) {
				lua_settop(L, v - 1);
				return -1;
			}
			struct tmp *tp = &r->tmps[r->ntmp - 1];
			lede_buf *out = r->out;
			size_t ibase = r->ibase;
			bool bol = r->bol;
			r->out = &tp->buf;
			r->ibase = r->indent.len;
			r->depth++;
			rc = render_range(r, lt, 0, lt->n, ctx, bl, NULL, 0);
			r->depth--;
			r->out = out;
			r->ibase = ibase;
			r->bol = bol;
			if (!rc)
				put_value(r, lede_buf_cstr(&tp->buf), tp->buf.len, raw);
			tmp_pop(r);
			lua_settop(L, v - 1);
			return rc;
		}
	}
	switch (lua_type(L, v)) {
	case LUA_TTABLE:
	case LUA_TFUNCTION:
	case LUA_TTHREAD:
	case LUA_TUSERDATA:
	case LUA_TLIGHTUSERDATA:
		/* Text only from a __tostring (dates, nodes, a plugin's own
		 * class); lede.null is none. Else luaL_tolstring would write
		 * "table: 0x55..." ({{tags}} for {{#tags}}...{{/tags}}): an
		 * address, another at every build. */
		if (lede_value_is_null(L, v)) {
			lua_settop(L, v - 1);
			return 0;
		}
		if (luaL_getmetafield(L, v, "__tostring") != LUA_TNIL) {
			lua_pop(L, 1);
			break;
		}
		rc = rerr(r, t, nd,
		          "'%.*s' is a %s, which has no text: write one of its fields "
		          "or each of its items ({{#%.*s}}...{{/%.*s}})",
		          (int)nd->tlen, t->src + nd->tag, luaL_typename(L, v), (int)nd->tlen,
		          t->src + nd->tag, (int)nd->tlen, t->src + nd->tag);
		lua_settop(L, v - 1);
		return rc;
	default: break;
	}
	char num[64];
	size_t n;
	const char *s = to_text(L, v, num, sizeof num, &n);
	put_value(r, s, n, raw);
	lua_settop(L, v - 1);
	return 0;
}

/* Falsy: nil, false, and an empty table (no t[1], and next(t) == nil). */
static bool truthy(lua_State *L, int idx)
{
	switch (lua_type(L, idx)) {
	case LUA_TNIL: return false;
	case LUA_TBOOLEAN: return lua_toboolean(L, idx);
	case LUA_TTABLE:
		if (lua_geti(L, idx, 1) != LUA_TNIL) {
			lua_pop(L, 1);
			return true;
		}
		lua_pop(L, 1);
		lua_pushnil(L);
		if (lua_next(L, idx)) {
			lua_pop(L, 2);
			return true;
		}
		return false;
	default: return true;
	}
}

static int section_in(struct render *r, const lede_template *t, const struct node *nd,
                      const struct frame *ctx, const struct blocks *bl, const char *strip,
                      size_t sl)
{
	lua_State *L = r->L;
	uint32_t first = (uint32_t)(nd - t->nodes) + 1;
	if (!lua_checkstack(L, 8))
		return rerr(r, t, nd, "sections nested too deep for the Lua stack");
	lookup(r, t, nd, ctx);
	int v = lua_gettop(L);
	int rc = 0;
	if (nd->type == N_INVERTED) {
		if (!truthy(L, v))
			rc = render_range(r, t, first, nd->end, ctx, bl, strip, sl);
		lua_settop(L, v - 1);
		return rc;
	}
	if (lua_type(L, v) == LUA_TFUNCTION) {
		lua_pushvalue(L, v);
		lua_pushlstring(L, t->src + nd->off, nd->len);
		if (lua_pcall(L, 1, 1, r->msgh) != LUA_OK) {
			rc = lambda_error(r, t, nd);
			lua_settop(L, v - 1);
			return rc;
		}
		lua_replace(L, v);
		if (lua_type(L, v) == LUA_TSTRING) {
			/* The result is a template, with the section's delimiters. */
			size_t n;
			const char *s = lua_tolstring(L, v, &n);
			lede_template *lt = lambda_template(r, t, nd, s, n, t->pool + nd->delim);
			if (lt) {
				r->depth++;
				rc = render_range(r, lt, 0, lt->n, ctx, bl, NULL, 0);
				r->depth--;
				tmp_pop(r);
			} else {
				rc = -1;
			}
			lua_settop(L, v - 1);
			return rc;
		}
	}
	if (lua_type(L, v) == LUA_TTABLE) {
		lua_geti(L, v, 1);
		bool list = !lua_isnil(L, -1);
		lua_pop(L, 1);
		if (list) {
			lua_Integer len = luaL_len(L, v);
			for (lua_Integer k = 1; k <= len && !rc; k++) {
				lua_geti(L, v, k);
				struct frame f = {lua_gettop(L), ctx};
				rc = render_range(r, t, first, nd->end, &f, bl, strip, sl);
				lua_pop(L, 1);
			}
			lua_settop(L, v - 1);
			return rc;
		}
	}
	if (truthy(L, v)) {
		struct frame f = {v, ctx};
		rc = render_range(r, t, first, nd->end, &f, bl, strip, sl);
	}
	lua_settop(L, v - 1);
	return rc;
}

/* Each template's sections are bounded when parsed; partials stack them. */
static int section(struct render *r, const lede_template *t, const struct node *nd,
                   const struct frame *ctx, const struct blocks *bl, const char *strip, size_t sl)
{
	if (r->nest >= LEDE_MAX_DEPTH)
		return rerr(r, t, nd,
		            "sections nested deeper than %d levels (through partials or lambdas)",
		            LEDE_MAX_DEPTH);
	r->nest++;
	int rc = section_in(r, t, nd, ctx, bl, strip, sl);
	r->nest--;
	return rc;
}

/* The template a partial or parent tag names, or NULL (*rc = -1 when the
 * env reported an error). */
static const lede_template *find_partial(struct render *r, const lede_template *t,
                                         const struct node *nd, const struct frame *ctx, int *rc)
{
	lua_State *L = r->L;
	if (!r->env || !r->env->partial)
		return NULL;
	const char *name = t->src + nd->tag;
	size_t len = nd->tlen;
	int top = lua_gettop(L);
	if (nd->flags & NF_DYNAMIC) {
		lookup(r, t, nd, ctx);
		int tt = lua_type(L, -1);
		if (tt != LUA_TSTRING && tt != LUA_TNUMBER) {
			lua_settop(L, top);
			return NULL;
		}
		name = lua_tolstring(L, -1, &len);
	}
	r->err->msg[0] = '\0';
	const lede_template *p = r->env->partial(r->env->ud, name, len, r->err);
	if (!p && r->err->msg[0]) {
		*rc = -1;
		if (!r->err->file[0]) /* the env's message names it: put it at the tag */
			rerr(r, t, nd, "%s", r->err->msg);
	} else if (!p && t->checked && r->env->warn) {
		/* The spec: a missing partial renders as nothing. A typo in its
		 * name would lose a part of every page without a word. */
		const char *near = r->env->nearest ? r->env->nearest(r->env->ud, name, len) : NULL;
		char msg[sizeof r->err->msg];
		char sig = nd->type == N_PARENT ? '<' : '>';
		int m = snprintf(msg, sizeof msg, "{{%c%.*s}} names ", sig, (int)nd->tlen,
		                 t->src + nd->tag);
		if (nd->flags & NF_DYNAMIC)
			m += snprintf(msg + m, sizeof msg - (size_t)m, "'%.*s', ",
			              (int)(len > 200 ? 200 : len), name);
		if (near)
			snprintf(msg + m, sizeof msg - (size_t)m,
			         "no template, and renders nothing; did you mean {{%c%s}}?", sig,
			         near);
		else
			snprintf(msg + m, sizeof msg - (size_t)m,
			         "no template, and renders nothing");
		warn(r, t, nd, msg);
	}
	lua_settop(L, top);
	return p;
}

static int partial(struct render *r, const lede_template *t, const struct node *nd,
                   const struct frame *ctx, const struct blocks *bl, const char *strip, size_t sl)
{
	int rc = 0;
	const lede_template *p = find_partial(r, t, nd, ctx, &rc);
	if (!p)
		return rc;
	if (r->depth >= LEDE_TEMPLATE_MAX_DEPTH)
		return rerr(
		    r, t, nd,
		    "partials nested deeper than %d levels (a partial that includes itself?)",
		    LEDE_TEMPLATE_MAX_DEPTH);
	if (!lua_checkstack(r->L, 8))
		return rerr(r, t, nd, "partials nested too deep for the Lua stack");
	size_t saved = r->indent.len;
	if (nd->flags & NF_STANDALONE) {
		add_indent(r, t->src + nd->ind, nd->ilen, strip, sl);
		r->bol = true;
	}
	struct blocks args = {t, nd, bl};
	r->depth++;
	rc = render_range(r, p, 0, p->n, ctx, nd->type == N_PARENT ? &args : bl, NULL, 0);
	r->depth--;
	r->indent.len = saved;
	return rc;
}

static int block(struct render *r, const lede_template *t, const struct node *nd,
                 const struct frame *ctx, const struct blocks *bl, const char *strip, size_t sl)
{
	const lede_template *ct = t;
	const struct node *chosen = nd;
	/* The outermost override wins: a page beats the layout it extends. */
	for (const struct blocks *b = bl; b; b = b->up) {
		const struct node *ns = b->t->nodes;
		for (uint32_t j = (uint32_t)(b->parent - ns) + 1; j < b->parent->end;
		     j = ns[j].end) {
			if (ns[j].type == N_BLOCK && ns[j].tlen == nd->tlen &&
			    memcmp(b->t->src + ns[j].tag, t->src + nd->tag, nd->tlen) == 0) {
				ct = b->t;
				chosen = &ns[j];
				break;
			}
		}
	}
	if (r->depth >= LEDE_TEMPLATE_MAX_DEPTH)
		return rerr(r, t, nd,
		            "blocks nested deeper than %d levels (a block that includes itself?)",
		            LEDE_TEMPLATE_MAX_DEPTH);
	size_t saved = r->indent.len;
	add_indent(r, t->src + nd->ind, nd->ilen, strip, sl);
	if (nd->flags & NF_STANDALONE)
		r->bol = true;
	r->depth++;
	int rc = render_range(r, ct, (uint32_t)(chosen - ct->nodes) + 1, chosen->end, ctx, bl,
	                      ct->src + chosen->strip, chosen->slen);
	r->depth--;
	r->indent.len = saved;
	return rc;
}

static int render_range(struct render *r, const lede_template *t, uint32_t i, uint32_t end,
                        const struct frame *ctx, const struct blocks *bl, const char *strip,
                        size_t sl)
{
	while (i < end) {
		const struct node *nd = &t->nodes[i];
		int rc = 0;
		if (++r->steps % POLL_STEPS == 0 || r->out->len >= r->next_poll) {
			r->next_poll = r->out->len + POLL_BYTES;
			if (r->out->len > r->max_output)
				return rerr(
				    r, t, nd,
				    "the rendered text passed %zu %s: a section repeats far "
				    "more than meant (sections over lists inside sections over "
				    "lists multiply)",
				    r->max_output >= (1 << 20) ? r->max_output >> 20
				                               : r->max_output,
				    r->max_output >= (1 << 20) ? "MB" : "bytes");
			/* (a raise unwinds to lede_template_render's pcall) */
			r->cur_t = t;
			r->cur = nd;
			lede_guard_poll(r->L, r->out->len);
		}
		switch (nd->type) {
		case N_TEXT:
			put_text(r, t->src + nd->off, nd->len, nd->flags & NF_BOL, strip, sl);
			break;
		case N_VAR:
		case N_RAW: rc = interpolate(r, t, nd, ctx, bl); break;
		case N_SECTION:
		case N_INVERTED: rc = section(r, t, nd, ctx, bl, strip, sl); break;
		case N_PARTIAL:
		case N_PARENT: rc = partial(r, t, nd, ctx, bl, strip, sl); break;
		case N_BLOCK: rc = block(r, t, nd, ctx, bl, strip, sl); break;
		}
		if (rc)
			return rc;
		i = nd->end;
	}
	return 0;
}

/* Runs protected so that a metamethod raising mid-render cannot unwind
 * past lede_template_render. Stack: render, context. */
static int render_main(lua_State *L)
{
	struct render *r = lua_touserdata(L, 1);
	lua_pushcfunction(L, lede_lua_traceback);
	r->msgh = lua_gettop(L);
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &names_slot) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_pushvalue(L, -1);
		lua_rawsetp(L, LUA_REGISTRYINDEX, &names_slot);
	}
	r->keys = lua_gettop(L);
	struct frame root = {2, NULL};
	r->rc = 0;
	int rc = render_range(r, r->root, 0, r->root->n, &root, NULL, NULL, 0);
	r->rc = rc;
	return 0;
}

int lede_template_render(const lede_template *t, lua_State *L, int ctx,
                         const lede_template_env *env, lede_buf *out, lede_error *err)
{
	lede_error own;
	struct render *r = lede_xcalloc(1, sizeof *r);
	r->L = L;
	r->env = env;
	r->escape = env && env->escape ? env->escape : lede_escape_html_field;
	r->max_output = env && env->max_output ? env->max_output : LEDE_TEMPLATE_MAX_OUTPUT;
	r->out = out;
	r->err = err ? err : &own;
	r->bol = true;
	r->root = r->cur_t = t;
	lede_buf_init(&r->indent);
	int top = lua_gettop(L);
	ctx = lua_absindex(L, ctx);
	int rc;
	if (!lua_checkstack(L, 8)) {
		rc = rerr(r, t, NULL, "Lua stack exhausted");
	} else {
		lua_pushcfunction(L, lede_lua_traceback);
		lua_pushcfunction(L, render_main);
		lua_pushlightuserdata(L, r);
		lua_pushvalue(L, ctx);
		if (lua_pcall(L, 2, 0, top + 1) != LUA_OK) {
			const char *msg = lua_tostring(L, -1);
			rc = rerr(r, r->cur_t, r->cur, "%s",
			          msg ? msg : "Lua error while rendering");
		} else {
			rc = r->rc;
		}
	}
	lua_settop(L, top);
	while (r->ntmp)
		tmp_pop(r);
	lede_buf_free(&r->indent);
	free(r);
	return rc;
}
