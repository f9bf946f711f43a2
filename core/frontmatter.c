/* frontmatter.c: splits a Markdown file from its --- fenced front matter and
 * turns YAML into lede_value trees with libyaml's event parser, which keeps
 * every value's position for later error messages. */
#include "frontmatter.h"

#include "escape.h"

#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define TAG_PREFIX "tag:yaml.org,2002:"

struct anchor {
	const char *name;
	lede_value *node;
	size_t size; /* values under node once aliases are expanded */
	bool done;   /* false while a collection is still open: an alias to it would make a cycle */
};

struct frame {
	lede_value *node;
	lede_value **items; /* a map stores key, value, key, value... */
	size_t n, cap;
	size_t start_count; /* p->values when the collection opened */
	size_t anchor;      /* index + 1 in p->anchors, 0 when none */
};

struct yp {
	lede_arena *a;
	const char *file;
	const char *text;
	size_t len;
	int first_line;
	lede_error *err;
	/* The cursor turning libyaml's character index into our line and byte
	 * column; marks mostly grow, so it only rewinds for error contexts. */
	size_t cur_index, cur_byte, cur_line_start;
	int cur_line;
	struct frame *stack;
	size_t depth, stack_cap;
	struct anchor *anchors;
	size_t nanchors, anchors_cap;
	size_t aliases, values;
	int docs;
	lede_value *root;
};

/* libyaml counts characters (CRLF as two); we count bytes and '\n' lines. */
static void position(struct yp *p, size_t index, int *line, int *col)
{
	if (index < p->cur_index) {
		p->cur_index = p->cur_byte = p->cur_line_start = 0;
		p->cur_line = 0;
	}
	while (p->cur_index < index && p->cur_byte < p->len) {
		if (p->text[p->cur_byte++] == '\n') {
			p->cur_line++;
			p->cur_line_start = p->cur_byte;
		}
		while (p->cur_byte < p->len && ((unsigned char)p->text[p->cur_byte] & 0xC0) == 0x80)
			p->cur_byte++;
		p->cur_index++;
	}
	*line = p->first_line + p->cur_line;
	*col = (int)(p->cur_byte - p->cur_line_start) + 1;
}

/* Replaces bytes that are not valid UTF-8 so a snippet can be printed. */
static void clean_snippet(char *s)
{
	size_t n = strlen(s), i = 0;
	while (i < n) {
		i += lede_utf8_valid_prefix(s + i, n - i);
		if (i < n)
			s[i++] = '?';
	}
}

static void snippet(struct yp *p, int line)
{
	lede_error_snippet(p->err, p->text, p->len, line - p->first_line + 1);
	if (p->err)
		clean_snippet(p->err->snippet);
}

static int fail_at(struct yp *p, int line, int col, const char *msg)
{
	lede_error_set(p->err, p->file, line, col, "%s", msg);
	snippet(p, line);
	return -1;
}

static int fail_mark(struct yp *p, yaml_mark_t m, const char *msg)
{
	int line, col;
	position(p, m.index, &line, &col);
	return fail_at(p, line, col, msg);
}

/* A node's position is its value's first character: libyaml's mark is at
 * the tag or anchor when there is one ("!!int 3", "&a [1]"). */
static void set_pos(struct yp *p, lede_value *v, yaml_mark_t m, bool props)
{
	position(p, m.index, &v->line, &v->column);
	if (!props)
		return;
	size_t b = p->cur_byte, ls = p->cur_line_start;
	int line = v->line;
	while (b < p->len && (p->text[b] == '!' || p->text[b] == '&')) {
		while (b < p->len && p->text[b] != ' ' && p->text[b] != '\t' &&
		       p->text[b] != '\r' && p->text[b] != '\n')
			b++;
		while (b < p->len && (p->text[b] == ' ' || p->text[b] == '\t' ||
		                      p->text[b] == '\r' || p->text[b] == '\n'))
			if (p->text[b++] == '\n')
				line++, ls = b;
	}
	v->line = line;
	v->column = (int)(b - ls) + 1;
}

/* "title: Update: fish market" is the usual cause of libyaml's "mapping
 * values are not allowed": a plain value holding ": ". Appends the line
 * written with its value quoted. ls is the line's first byte. */
static void quote_hint(struct yp *p, size_t ls, char *msg, size_t cap)
{
	size_t e = ls;
	while (e < p->len && p->text[e] != '\n' && p->text[e] != '\r')
		e++;
	size_t k = ls;
	while (k < e && p->text[k] == ' ')
		k++;
	if (k + 1 < e && p->text[k] == '-' && p->text[k + 1] == ' ')
		k += 2;
	size_t key = k;
	while (k + 1 < e && !(p->text[k] == ':' && p->text[k + 1] == ' '))
		k++;
	if (k + 1 >= e || k == key)
		return;
	size_t v = k + 2;
	while (v < e && p->text[v] == ' ')
		v++;
	size_t ve = e;
	while (ve > v && p->text[ve - 1] == ' ')
		ve--;
	if (v >= ve || p->text[v] == '"' || p->text[v] == '\'' || ve - v > 200 || k - key > 100)
		return;
	lede_buf b = LEDE_BUF_INIT;
	lede_buf_put(&b, p->text + key, k - key);
	lede_buf_puts(&b, ": \"");
	for (size_t i = v; i < ve; i++) {
		if (p->text[i] == '"' || p->text[i] == '\\')
			lede_buf_putc(&b, '\\');
		lede_buf_putc(&b, p->text[i]);
	}
	lede_buf_putc(&b, '"');
	snprintf(msg + strlen(msg), cap - strlen(msg),
	         "; a value that holds ': ' must be quoted: %s", lede_buf_cstr(&b));
	lede_buf_free(&b);
}

static int hexval(char c);

/* The value of the n hex digits at s[0..len), or -1. */
static long hex_at(const char *s, size_t len, size_t n)
{
	long v = 0;
	for (size_t i = 0; i < n; i++) {
		int d = i < len ? hexval(s[i]) : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* libyaml's "invalid Unicode character escape code" says neither which
 * escape nor what to write: a \ud800 copied from JSON is half of a UTF-16
 * surrogate pair, which YAML does not join into one character. b is the
 * byte after the escape's "\u" (libyaml's mark); at the backslash, a
 * message saying what it is and what to write instead, or false. */
static bool escape_hint(struct yp *p, size_t b, char *msg, size_t cap)
{
	if (b < 2 || p->text[b - 2] != '\\' || (p->text[b - 1] != 'u' && p->text[b - 1] != 'U'))
		return false;
	size_t n = p->text[b - 1] == 'u' ? 4 : 8;
	long v = hex_at(p->text + b, p->len - b, n);
	if (v < 0)
		return false;
	int w = (int)n + 2; /* the escape as written */
	const char *e = p->text + b - 2;
	if (v >= 0xD800 && v <= 0xDBFF && b + n + 6 <= p->len && p->text[b + n] == '\\' &&
	    p->text[b + n + 1] == 'u') {
		long lo = hex_at(p->text + b + n + 2, p->len - (b + n + 2), 4);
		if (lo >= 0xDC00 && lo <= 0xDFFF) {
			long cp = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
			snprintf(
			    msg, cap,
			    "invalid YAML: '%.*s' is a UTF-16 surrogate pair (JSON's way), which "
			    "YAML does not join into one character; write the character itself, "
			    "or its code point as one escape: \\U%08lX",
			    w + 6, e, cp);
			return true;
		}
	}
	if (v >= 0xD800 && v <= 0xDFFF)
		snprintf(msg, cap,
		         "invalid YAML: '%.*s' is half of a UTF-16 surrogate pair (U+D800 to "
		         "U+DFFF), no character on its own; write the character itself, or its "
		         "code point: \\uXXXX up to U+FFFF, \\UXXXXXXXX past it (\\U0001F600)",
		         w, e);
	else if (v > 0x10FFFF)
		snprintf(msg, cap,
		         "invalid YAML: '%.*s' is past U+10FFFF, the last Unicode code point; "
		         "write the character itself, or a code point up to \\U0010FFFF",
		         w, e);
	else
		return false;
	return true;
}

static int libyaml_error(struct yp *p, const yaml_parser_t *ps)
{
	char msg[768];
	int line, col;
	if (ps->error == YAML_READER_ERROR) {
		/* Reader errors carry a byte offset, not a mark. */
		size_t off = ps->problem_offset < p->len ? ps->problem_offset : p->len;
		line = p->first_line, col = 1;
		for (size_t i = 0; i < off; i++, col++)
			if (p->text[i] == '\n')
				line++, col = 0;
		snprintf(msg, sizeof msg, "invalid YAML: %s",
		         ps->problem ? ps->problem : "unreadable input");
		return fail_at(p, line, col, msg);
	}
	if (ps->error == YAML_MEMORY_ERROR) {
		lede_error_set(p->err, p->file, 0, 0, "out of memory while reading YAML");
		return -1;
	}
	position(p, ps->problem_mark.index, &line, &col);
	if (ps->problem && !strcmp(ps->problem, "found invalid Unicode character escape code") &&
	    escape_hint(p, p->cur_byte, msg, sizeof msg))
		return fail_at(p, line, col - 2, msg); /* (at the backslash) */
	if (ps->context && p->cur_byte >= p->len) {
		/* Out of input inside something unclosed (a quote, a bracket):
		 * where it opened is what the author needs to see. */
		position(p, ps->context_mark.index, &line, &col);
		snprintf(msg, sizeof msg,
		         "invalid YAML: %s %s that starts here and is never closed",
		         ps->problem ? ps->problem : "error", ps->context);
	} else if (ps->context) {
		int cl, cc;
		position(p, ps->context_mark.index, &cl, &cc);
		snprintf(msg, sizeof msg, "invalid YAML: %s %s (line %d, column %d)",
		         ps->problem ? ps->problem : "error", ps->context, cl, cc);
		position(p, ps->problem_mark.index, &line, &col);
	} else {
		snprintf(msg, sizeof msg, "invalid YAML: %s", ps->problem ? ps->problem : "error");
	}
	/* libyaml's own words do not say the usual cause of this one. */
	size_t ls = p->cur_line_start;
	bool tab = false;
	for (size_t i = ls; i < p->len && (p->text[i] == ' ' || p->text[i] == '\t'); i++)
		tab |= p->text[i] == '\t';
	if (tab)
		snprintf(msg + strlen(msg), sizeof msg - strlen(msg),
		         "; indent with spaces, YAML does not allow tabs");
	else if (ps->problem &&
	         !strcmp(ps->problem, "mapping values are not allowed in this context"))
		quote_hint(p, ls, msg, sizeof msg);
	return fail_at(p, line, col, msg);
}

/* ---- scalars: the YAML 1.2 core schema, plus YAML 1.1 timestamps ---- */

static bool is_null(const char *s, size_t n)
{
	return n == 0 || (n == 1 && s[0] == '~') ||
	       (n == 4 &&
	        (!memcmp(s, "null", 4) || !memcmp(s, "Null", 4) || !memcmp(s, "NULL", 4)));
}

static int parse_bool(const char *s, size_t n)
{
	if (n == 4 && (!memcmp(s, "true", 4) || !memcmp(s, "True", 4) || !memcmp(s, "TRUE", 4)))
		return 1;
	if (n == 5 && (!memcmp(s, "false", 5) || !memcmp(s, "False", 5) || !memcmp(s, "FALSE", 5)))
		return 0;
	return -1;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static int hexval(char c)
{
	if (is_digit(c))
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

/* strtod pinned to the C locale for this thread only: a host program's
 * setlocale must not turn "1.5" into 1. */
static double c_strtod(const char *s, size_t n)
{
	char tmp[128];
	char *heap = NULL, *z = tmp;
	if (n >= sizeof tmp)
		z = heap = lede_xmalloc(n + 1);
	memcpy(z, s, n);
	z[n] = '\0';
	double d;
	locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (c) {
		locale_t old = uselocale(c);
		d = strtod(z, NULL);
		uselocale(old);
		freelocale(c);
	} else {
		d = strtod(z, NULL);
	}
	free(heap);
	return d;
}

/* 1 and an integer in *v (or 2 and a float in *f when it overflows int64),
 * 0 when s is not an integer of the core schema. */
static int parse_int(const char *s, size_t n, int64_t *v, double *f)
{
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
		int base = s[1] == 'x' ? 16 : 8;
		uint64_t u = 0;
		double d = 0;
		bool big = false;
		for (size_t i = 2; i < n; i++) {
			int k = hexval(s[i]);
			if (k < 0 || k >= base)
				return 0;
			if (u > (UINT64_MAX - (uint64_t)k) / (uint64_t)base)
				big = true;
			u = u * (uint64_t)base + (uint64_t)k;
			d = d * base + k;
		}
		if (big || u > INT64_MAX) {
			*f = d;
			return 2;
		}
		*v = (int64_t)u;
		return 1;
	}
	size_t i = (n > 0 && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
	if (i == n)
		return 0;
	bool neg = s[0] == '-';
	uint64_t u = 0;
	bool big = false;
	for (size_t j = i; j < n; j++) {
		if (!is_digit(s[j]))
			return 0;
		uint64_t k = (uint64_t)(s[j] - '0');
		if (u > (UINT64_MAX - k) / 10)
			big = true;
		else
			u = u * 10 + k;
	}
	if (big || u > (uint64_t)INT64_MAX + neg) {
		*f = c_strtod(s, n);
		return 2;
	}
	*v = neg ? (int64_t)(0 - u) : (int64_t)u;
	return 1;
}

static bool parse_float(const char *s, size_t n, double *f)
{
	size_t i = (n > 0 && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
	const char *r = s + i;
	size_t rn = n - i;
	if (rn == 4 && (!memcmp(r, ".inf", 4) || !memcmp(r, ".Inf", 4) || !memcmp(r, ".INF", 4))) {
		*f = s[0] == '-' ? -INFINITY : INFINITY;
		return true;
	}
	if (i == 0 && n == 4 &&
	    (!memcmp(s, ".nan", 4) || !memcmp(s, ".NaN", 4) || !memcmp(s, ".NAN", 4))) {
		*f = NAN;
		return true;
	}
	/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
	size_t d = 0;
	while (i < n && is_digit(s[i]))
		i++, d++;
	if (i < n && s[i] == '.') {
		i++;
		size_t fd = 0;
		while (i < n && is_digit(s[i]))
			i++, fd++;
		if (d == 0 && fd == 0)
			return false;
		d += fd;
	} else if (d == 0) {
		return false;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		size_t ed = 0;
		while (i < n && is_digit(s[i]))
			i++, ed++;
		if (ed == 0)
			return false;
	}
	if (i != n)
		return false;
	*f = c_strtod(s, n);
	return true;
}

/* The shape of a YAML 1.1 timestamp: YYYY-MM-DD alone or followed by a time.
 * A scalar of that shape that is not a real date (2021-02-29) stays a
 * string, as in Go's yaml, so the article checks can report it. */
static bool looks_like_timestamp(const char *s, size_t n)
{
	if (n < 10)
		return false;
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !is_digit(s[i]))
			return false;
	return n == 10 || s[10] == 'T' || s[10] == 't' || s[10] == ' ' || s[10] == '\t';
}

static lede_value *new_value(struct yp *p, lede_value_type t, yaml_mark_t m, bool props)
{
	lede_value *v = lede_arena_alloc(p->a, sizeof *v);
	v->type = t;
	set_pos(p, v, m, props);
	return v;
}

static void set_string(struct yp *p, lede_value *v, const char *s, size_t n)
{
	char *c = lede_arena_alloc(p->a, n + 1);
	memcpy(c, s, n);
	v->type = LEDE_STRING;
	v->u.str.s = c;
	v->u.str.len = n;
}

static int bad_tagged(struct yp *p, lede_value *v, const char *s, size_t n, const char *tag)
{
	char msg[256];
	snprintf(msg, sizeof msg, "'%.*s' is not a valid %s; remove the tag or fix the value",
	         n > 60 ? 60 : (int)n, s, tag);
	return fail_at(p, v->line, v->column, msg);
}

/* Types the scalar s[0..n) into v (already positioned): tag is its
 * tag (NULL: none), plain whether it was written without quotes. */
static int resolve_text(struct yp *p, lede_value *v, const char *s, size_t n, const char *tag,
                        bool plain)
{
	const char *t = NULL;
	if (tag && !strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)))
		t = tag + strlen(TAG_PREFIX);
	else if (tag && !strcmp(tag, "!"))
		t = "str"; /* the non-specific tag forces a string */
	if (!t && !plain)
		t = "str";

	int64_t iv;
	double fv;
	int b, k;
	if (!t || !strcmp(t, "null")) {
		if (is_null(s, n)) {
			v->type = LEDE_NULL;
			return 0;
		}
		if (t)
			return bad_tagged(p, v, s, n, "!!null");
	}
	if (!t || !strcmp(t, "bool")) {
		if ((b = parse_bool(s, n)) >= 0) {
			v->type = LEDE_BOOL;
			v->u.b = b;
			return 0;
		}
		if (t)
			return bad_tagged(p, v, s, n, "!!bool");
	}
	if (!t || !strcmp(t, "int") || !strcmp(t, "float")) {
		bool want_float = t && !strcmp(t, "float");
		if ((k = parse_int(s, n, &iv, &fv)) == 1 && !want_float) {
			v->type = LEDE_INT;
			v->u.i = iv;
			return 0;
		}
		if (k == 2 && t && !want_float)
			return bad_tagged(p, v, s, n, "!!int (too large)");
		if (k) {
			v->type = LEDE_FLOAT;
			v->u.f = k == 1 ? (double)iv : fv;
			return 0;
		}
		if (t && !want_float)
			return bad_tagged(p, v, s, n, "!!int");
		if (parse_float(s, n, &fv)) {
			v->type = LEDE_FLOAT;
			v->u.f = fv;
			return 0;
		}
		if (t)
			return bad_tagged(p, v, s, n, "!!float");
	}
	if (!t || !strcmp(t, "timestamp")) {
		size_t errcol = 0;
		const char *why = NULL;
		if ((t || looks_like_timestamp(s, n)) &&
		    lede_date_parse(s, n, &v->u.ts, &errcol, &why) == 0) {
			v->type = LEDE_TIMESTAMP;
			return 0;
		}
		if (t) {
			char msg[256];
			snprintf(msg, sizeof msg, "bad !!timestamp '%.*s': %s",
			         n > 60 ? 60 : (int)n, s, why);
			return fail_at(p, v->line, v->column + (int)errcol + (plain ? 0 : 1), msg);
		}
	}
	set_string(p, v, s, n);
	return 0;
}

/* Types a scalar event into v (already positioned). */
static int resolve(struct yp *p, const yaml_event_t *ev, lede_value *v)
{
	return resolve_text(p, v, (const char *)ev->data.scalar.value, ev->data.scalar.length,
	                    (const char *)ev->data.scalar.tag,
	                    ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE);
}

/* ---- the tree ---- */

static void push_item(struct frame *f, lede_value *v)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 8;
		f->items = lede_xrealloc(f->items, f->cap * sizeof *f->items);
	}
	f->items[f->n++] = v;
}

static int count_values(struct yp *p, size_t k, yaml_mark_t m)
{
	if (k > LEDE_YAML_MAX_VALUES - p->values) {
		char msg[160];
		snprintf(msg, sizeof msg,
		         "YAML too large: more than %d values once aliases are expanded",
		         LEDE_YAML_MAX_VALUES);
		return fail_mark(p, m, msg);
	}
	p->values += k;
	return 0;
}

static void attach(struct yp *p, lede_value *v)
{
	if (p->depth == 0)
		p->root = v;
	else
		push_item(&p->stack[p->depth - 1], v);
}

/* True when the next node of the open mapping is a key. */
static bool want_key(const struct yp *p)
{
	if (p->depth == 0)
		return false;
	const struct frame *f = &p->stack[p->depth - 1];
	return f->node->type == LEDE_MAP && f->n % 2 == 0;
}

static size_t add_anchor(struct yp *p, const yaml_char_t *name, lede_value *v, size_t size,
                         bool done)
{
	if (!name)
		return 0;
	if (p->nanchors == p->anchors_cap) {
		p->anchors_cap = p->anchors_cap ? p->anchors_cap * 2 : 8;
		p->anchors = lede_xrealloc(p->anchors, p->anchors_cap * sizeof *p->anchors);
	}
	struct anchor *an = &p->anchors[p->nanchors++];
	an->name = lede_arena_strdup(p->a, (const char *)name);
	an->node = v;
	an->size = size;
	an->done = done;
	return p->nanchors;
}

static uint64_t hash(const char *s)
{
	uint64_t h = 14695981039346656037u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* Reports the first key that repeats an earlier one, in document order. */
static int check_duplicates(struct yp *p, lede_value *map)
{
	size_t n = map->u.list.n;
	if (n < 2)
		return 0;
	size_t cap = 16;
	while (cap < n * 2)
		cap *= 2;
	size_t *slot = lede_xcalloc(cap, sizeof *slot); /* index + 1 */
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		const char *k = map->u.list.keys[i];
		for (size_t h = hash(k) & (cap - 1);; h = (h + 1) & (cap - 1)) {
			if (!slot[h]) {
				slot[h] = i + 1;
				break;
			}
			if (strcmp(map->u.list.keys[slot[h] - 1], k) == 0) {
				const lede_value *first = map->u.list.key_nodes[slot[h] - 1];
				const lede_value *again = map->u.list.key_nodes[i];
				char msg[256];
				snprintf(msg, sizeof msg,
				         "duplicate key '%.80s' (first at line %d)", k,
				         first->line);
				rc = fail_at(p, again->line, again->column, msg);
				break;
			}
		}
	}
	free(slot);
	return rc;
}

static int open_collection(struct yp *p, const yaml_event_t *ev, lede_value_type t,
                           const yaml_char_t *anchor, const yaml_char_t *tag)
{
	if (want_key(p))
		return fail_mark(p, ev->start_mark,
		                 "a mapping key must be a plain value, not a list or mapping");
	if (p->depth >= LEDE_YAML_MAX_DEPTH) {
		char msg[96];
		snprintf(msg, sizeof msg, "YAML nested deeper than %d levels", LEDE_YAML_MAX_DEPTH);
		return fail_mark(p, ev->start_mark, msg);
	}
	if (count_values(p, 1, ev->start_mark))
		return -1;
	if (p->depth == p->stack_cap) {
		p->stack_cap = p->stack_cap ? p->stack_cap * 2 : 16;
		p->stack = lede_xrealloc(p->stack, p->stack_cap * sizeof *p->stack);
	}
	struct frame *f = &p->stack[p->depth++];
	memset(f, 0, sizeof *f);
	f->node = new_value(p, t, ev->start_mark, anchor || tag);
	f->start_count = p->values - 1;
	f->anchor = add_anchor(p, anchor, f->node, 0, false);
	return 0;
}

static int close_collection(struct yp *p)
{
	struct frame *f = &p->stack[--p->depth];
	lede_value *v = f->node;
	size_t n = v->type == LEDE_MAP ? f->n / 2 : f->n;
	v->u.list.n = n;
	v->u.list.items = lede_arena_alloc(p->a, (n ? n : 1) * sizeof *v->u.list.items);
	if (v->type == LEDE_MAP) {
		const char **keys = lede_arena_alloc(p->a, (n ? n : 1) * sizeof *keys);
		v->u.list.key_nodes =
		    lede_arena_alloc(p->a, (n ? n : 1) * sizeof *v->u.list.key_nodes);
		for (size_t i = 0; i < n; i++) {
			v->u.list.key_nodes[i] = f->items[2 * i];
			keys[i] = f->items[2 * i]->u.str.s;
			v->u.list.items[i] = f->items[2 * i + 1];
		}
		v->u.list.keys = keys;
	} else if (n) {
		memcpy(v->u.list.items, f->items, n * sizeof *f->items);
	}
	free(f->items);
	f->items = NULL;
	if (f->anchor) {
		p->anchors[f->anchor - 1].done = true;
		p->anchors[f->anchor - 1].size = p->values - f->start_count;
	}
	if (v->type == LEDE_MAP && check_duplicates(p, v))
		return -1;
	attach(p, v);
	return 0;
}

/* libyaml refuses raw control characters but decodes escapes ("\0",
 * "\x01", "\e") into them: a NUL would cut the string short for every C
 * consumer (a title "\0Secret" read as empty after the required-title
 * check), and the others cannot be shown. Tab, newline and CR stay. */
static int check_controls(struct yp *p, const yaml_event_t *ev, const lede_value *v)
{
	const unsigned char *s = ev->data.scalar.value;
	for (size_t i = 0; i < ev->data.scalar.length; i++) {
		if (s[i] >= 0x20 || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
			continue;
		char msg[256];
		snprintf(msg, sizeof msg,
		         "control character U+%04X in a %s; remove it (write text, not escapes "
		         "like \"\\0\" or \"\\x01\")",
		         s[i], want_key(p) ? "key" : "string");
		return fail_at(p, v->line, v->column, msg);
	}
	return 0;
}

static int on_scalar(struct yp *p, const yaml_event_t *ev)
{
	if (count_values(p, 1, ev->start_mark))
		return -1;
	lede_value *v = new_value(p, LEDE_STRING, ev->start_mark,
	                          ev->data.scalar.anchor || ev->data.scalar.tag);
	if (check_controls(p, ev, v))
		return -1;
	if (want_key(p))
		/* Keys are text whatever they look like: "1:" is the key "1". */
		set_string(p, v, (const char *)ev->data.scalar.value, ev->data.scalar.length);
	else if (resolve(p, ev, v))
		return -1;
	add_anchor(p, ev->data.scalar.anchor, v, 1, true);
	attach(p, v);
	return 0;
}

static int on_alias(struct yp *p, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	char msg[256];
	struct anchor *an = NULL;
	for (size_t i = p->nanchors; i > 0; i--)
		if (!strcmp(p->anchors[i - 1].name, name)) {
			an = &p->anchors[i - 1];
			break;
		}
	if (!an) {
		snprintf(msg, sizeof msg, "unknown alias '*%.80s'; define it first with '&%.80s'",
		         name, name);
		return fail_mark(p, ev->start_mark, msg);
	}
	if (!an->done) {
		snprintf(msg, sizeof msg, "alias '*%.80s' is inside the value it refers to", name);
		return fail_mark(p, ev->start_mark, msg);
	}
	if (++p->aliases > LEDE_YAML_MAX_ALIASES) {
		snprintf(msg, sizeof msg, "too many aliases (more than %d in one document)",
		         LEDE_YAML_MAX_ALIASES);
		return fail_mark(p, ev->start_mark, msg);
	}
	if (count_values(p, an->size, ev->start_mark))
		return -1;
	if (want_key(p)) {
		if (an->node->type != LEDE_STRING)
			return fail_mark(p, ev->start_mark,
			                 "an alias used as a mapping key must refer to a string");
	}
	attach(p, an->node);
	return 0;
}

static int on_event(struct yp *p, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++p->docs > 1)
			return fail_mark(p, ev->start_mark,
			                 "more than one YAML document; remove the second '---' or "
			                 "start it with '#'");
		return 0;
	case YAML_SCALAR_EVENT: return on_scalar(p, ev);
	case YAML_ALIAS_EVENT: return on_alias(p, ev);
	case YAML_SEQUENCE_START_EVENT:
		return open_collection(p, ev, LEDE_SEQ, ev->data.sequence_start.anchor,
		                       ev->data.sequence_start.tag);
	case YAML_MAPPING_START_EVENT:
		return open_collection(p, ev, LEDE_MAP, ev->data.mapping_start.anchor,
		                       ev->data.mapping_start.tag);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT: return close_collection(p);
	default: return 0;
	}
}

static int check_utf8(const char *file, const char *text, size_t len, int first_line,
                      lede_error *err)
{
	if (lede_error_utf8(err, file, text, len, first_line) == 0)
		return 0;
	if (err) {
		lede_error_snippet(err, text, len, err->line - first_line + 1);
		clean_snippet(err->snippet);
	}
	return -1;
}

/* ---- the common case, without libyaml ---- */

/* The end of the line starting at i: its '\n', or len. */
static size_t line_end(const char *text, size_t len, size_t i)
{
	const char *nl = memchr(text + i, '\n', len - i);
	return nl ? (size_t)(nl - text) : len;
}

/* Most front matter is lines of `key: value`: a value plain or quoted on
 * its line, a flow list ([a, "b c"]), a list of `- item` lines, a mapping
 * of such lines under a key (one level), or a folded or literal block
 * scalar (`>-`, `|`); comments and blank lines between. Such a document is
 * read here, without libyaml's events (some four times fewer
 * instructions), into the tree libyaml's path makes: the same types, the
 * same positions. Anything else, and anything this reader is not sure
 * of, goes to libyaml: a tab or CR, a comment after a value, an escape or
 * '' in a quoted value, a flow mapping or nested flow, a mapping two
 * levels down, a kept or indented block scalar or one with a blank,
 * more indented or space-ended line, an anchor, tag or alias, an empty
 * value, a plain scalar on two lines, a duplicate key, a character
 * libyaml refuses or reads as a line break. lede_yaml_paths_agree
 * compares the two paths' trees, on every input of the fuzz targets
 * fuzz_article and fuzz_config and in tests/unit/test_frontmatter.c. */

#define SIMPLE_KEYS  64  /* keys of the document; more: libyaml's */
#define SIMPLE_ITEMS 256 /* items of one list; more: libyaml's */
/* values in all; more: libyaml's, which counts them against
 * LEDE_YAML_MAX_VALUES (64 keys of 64 keys of 256 items would pass it) */
#define SIMPLE_VALUES 100000

/* Whether the valid UTF-8 text[0..len) holds no byte that libyaml
 * refuses or reads differently from this reader: a control but '\n'
 * (tabs and CRs included, which this reader does not place), DEL, the C1
 * controls (U+0085 is a line break to libyaml), U+2028, U+2029, U+FEFF,
 * U+FFFE, U+FFFF. */
static bool simple_bytes(const char *text, size_t len)
{
	const unsigned char *t = (const unsigned char *)text;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = t[i];
		if (c >= 0x20 && c < 0x7F)
			continue;
		if (c < 0x80) {
			if (c != '\n')
				return false;
		} else if (c == 0xC2) { /* a lead byte: its continuations are there */
			if (t[i + 1] < 0xA0)
				return false;
		} else if (c == 0xE2) {
			if (t[i + 1] == 0x80 && (t[i + 2] == 0xA8 || t[i + 2] == 0xA9))
				return false;
		} else if (c == 0xEF) {
			if ((t[i + 1] == 0xBB && t[i + 2] == 0xBF) ||
			    (t[i + 1] == 0xBF && t[i + 2] >= 0xBE))
				return false;
		}
	}
	return true;
}

/* The scalar written at t[b..e), the rest of a line: its text in *s, *n
 * and whether it is plain. false: not one this reader takes. */
static bool simple_scalar(const char *t, size_t b, size_t e, const char **s, size_t *n, bool *plain)
{
	if (b >= e)
		return false;
	char q = t[b];
	if (q == '"' || q == '\'') {
		const char *in = t + b + 1, *close = memchr(in, q, e - b - 1);
		if (!close || (q == '"' && memchr(in, '\\', (size_t)(close - in))))
			return false;
		for (const char *r = close + 1; r < t + e; r++)
			if (*r != ' ')
				return false;
		*s = in, *n = (size_t)(close - in), *plain = false;
		return true;
	}
	if (strchr("-?:,[]{}#&*!|>%@`", q))
		return false;
	while (e > b && t[e - 1] == ' ')
		e--;
	for (size_t i = b + 1; i < e; i++)
		if ((t[i] == ':' && (i + 1 == e || t[i + 1] == ' ')) ||
		    (t[i] == '#' && t[i - 1] == ' '))
			return false;
	*s = t + b, *n = e - b, *plain = true;
	return true;
}

/* The length of the plain key that starts the line at t[b..e) and is
 * followed by ':', or 0. */
static size_t simple_key(const char *t, size_t b, size_t e)
{
	size_t i = b;
	for (; i < e && i - b <= 128; i++) {
		char c = t[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' ||
		      (i > b && (c == '-' || c == '.'))))
			break;
	}
	return i < e && t[i] == ':' && i - b <= 128 ? i - b : 0;
}

static lede_value *simple_value(struct yp *p, lede_value_type type, int line, size_t col)
{
	lede_value *v = lede_arena_alloc(p->a, sizeof *v);
	v->type = type;
	v->line = p->first_line + line;
	v->column = (int)col + 1;
	return v;
}

/* The scalar at t[b..e) of the line that starts at ls. */
static lede_value *simple_item(struct yp *p, int line, size_t ls, size_t b, size_t e)
{
	const char *s;
	size_t n;
	bool plain;
	if (++p->values > SIMPLE_VALUES || !simple_scalar(p->text, b, e, &s, &n, &plain))
		return NULL;
	lede_value *v = simple_value(p, LEDE_STRING, line, b - ls);
	resolve_text(p, v, s, n, NULL, plain); /* untagged: cannot fail */
	return v;
}

static lede_value *simple_list(struct yp *p, lede_value_type type, lede_value **items,
                               const char **keys, lede_value **key_nodes, size_t n, lede_value *v)
{
	v->type = type;
	v->u.list.n = n;
	v->u.list.items = lede_arena_alloc(p->a, (n ? n : 1) * sizeof *items);
	memcpy(v->u.list.items, items, n * sizeof *items);
	if (type == LEDE_MAP) {
		v->u.list.keys = lede_arena_alloc(p->a, n * sizeof *keys);
		memcpy(v->u.list.keys, keys, n * sizeof *keys);
		v->u.list.key_nodes = lede_arena_alloc(p->a, n * sizeof *key_nodes);
		memcpy(v->u.list.key_nodes, key_nodes, n * sizeof *key_nodes);
	}
	return v;
}

/* The list written [a, "b c", 'd'] at t[b..e), the rest of a line:
 * plain items hold none of ",[]{}:#" (a flow context ends or reads them
 * otherwise), quoted ones no escape; nothing but spaces after the ']'. */
static lede_value *simple_flow(struct yp *p, int line, size_t ls, size_t b, size_t e)
{
	const char *t = p->text;
	lede_value *items[SIMPLE_ITEMS];
	size_t n = 0, i = b + 1;
	for (;;) {
		while (i < e && t[i] == ' ')
			i++;
		if (i < e && t[i] == ']' && n == 0)
			break; /* [] */
		if (i >= e || n == SIMPLE_ITEMS)
			return NULL;
		size_t j = i; /* the item's end: its closing quote + 1, or the next ',' or ']' */
		if (t[i] == '"' || t[i] == '\'') {
			const char *close = memchr(t + i + 1, t[i], e - i - 1);
			if (!close)
				return NULL;
			j = (size_t)(close - t) + 1;
		} else {
			while (j < e && !strchr(",[]{}:#", t[j]))
				j++;
		}
		if (!(items[n++] = simple_item(p, line, ls, i, j)))
			return NULL;
		while (j < e && t[j] == ' ')
			j++;
		if (j < e && t[j] == ',') {
			i = j + 1;
			continue;
		}
		if (j < e && t[j] == ']') {
			i = j;
			break;
		}
		return NULL;
	}
	for (size_t r = i + 1; r < e; r++)
		if (t[r] != ' ')
			return NULL;
	return simple_list(p, LEDE_SEQ, items, NULL, NULL, n,
	                   simple_value(p, LEDE_SEQ, line, b - ls));
}

/* A block scalar (`>`, `>-`, `|` or `|-` at t[b..e), the rest of its
 * key's line at *pos) and its lines below: each indented alike, more
 * than ind, with no trailing space, none blank but after the last (and
 * those empty); folded (`>`) they are joined by spaces, literal (`|`) by
 * newlines, and end with a newline unless chomped (`-`) or the text
 * ends on the last one. *pos moves past its last line and *line by as
 * many lines (not its key's). */
static lede_value *simple_block(struct yp *p, size_t *pos, int *line, size_t b, size_t e,
                                size_t ind)
{
	const char *t = p->text;
	char style = t[b];
	bool strip = b + 1 < e && t[b + 1] == '-';
	for (size_t r = b + 1 + strip; r < e; r++)
		if (t[r] != ' ')
			return NULL; /* keep (+), an indentation digit, a comment */
	lede_value *v = simple_value(p, LEDE_STRING, *line, b - *pos);
	size_t from = e + 1, cind = 0;
	int lines = 0;
	bool broken = false; /* the last line ends with a line break (not the text's end) */
	/* (made in a buffer, its size only known at the end: an arena block
	 * the size of the rest of the text, for each of a few thousand block
	 * scalars, took 1.7 GB for an 850 KB front matter) */
	lede_buf out = LEDE_BUF_INIT;
	for (size_t q = from; q < p->len;) {
		size_t qe = line_end(t, p->len, q), c = q;
		while (c < qe && t[c] == ' ')
			c++;
		if (c == qe) { /* blank: the scalar ends, unless more follows */
			for (size_t r = q; r < p->len;) {
				size_t re = line_end(t, p->len, r), rc = r;
				while (rc < re && t[rc] == ' ')
					rc++;
				if ((rc == re && re > r) ||
				    (rc < re && rc - r >= (cind ? cind : ind + 1))) {
					/* spaces alone (content or not, by rules not kept
					 * here), or a blank line inside */
					lede_buf_free(&out);
					return NULL;
				}
				if (rc < re)
					break;
				r = re + 1;
			}
			break;
		}
		if (!lines)
			cind = c - q;
		if (c - q != cind && !(c - q > ind && c - q > cind))
			break; /* indented less: the scalar's end */
		if (c - q != cind || cind <= ind || t[qe - 1] == ' ') {
			/* indented more (kept as written), or a space at the end */
			lede_buf_free(&out);
			return NULL;
		}
		if (lines++)
			lede_buf_putc(&out, style == '>' ? ' ' : '\n');
		lede_buf_put(&out, t + c, qe - c);
		broken = qe < p->len;
		*pos = qe + 1, *line = *line + 1;
		q = qe + 1;
	}
	if (!strip && broken) /* clipped to the one line break there is */
		lede_buf_putc(&out, '\n');
	if (lines)
		set_string(p, v, out.data, out.len);
	lede_buf_free(&out);
	return lines ? v : NULL;
}

/* The value written on its key's line, at t[b..e): a scalar or a flow
 * list. */
static lede_value *simple_inline(struct yp *p, int line, size_t ls, size_t b, size_t e)
{
	return p->text[b] == '[' ? simple_flow(p, line, ls, b, e) : simple_item(p, line, ls, b, e);
}

/* The next line at or after *pos that is neither blank nor a comment:
 * its end in *e and its first byte that is not a space in *c; false at
 * the end of the text. */
static bool simple_next(struct yp *p, size_t *pos, int *line, size_t *e, size_t *c)
{
	const char *t = p->text;
	for (; *pos < p->len; *pos = *e + 1, (*line)++) {
		*e = line_end(t, p->len, *pos);
		for (*c = *pos; *c < *e && t[*c] == ' ';)
			(*c)++;
		if (*c < *e && t[*c] != '#')
			return true;
	}
	return false;
}

static bool simple_dup(const char *const *keys, size_t n, const char *k)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(keys[i], k))
			return true;
	return false;
}

/* The mapping of `key: value` lines indented by ind (0: the document;
 * more: a mapping under a key, whose values are not mappings again),
 * from the line at *pos; it ends before a line indented less. */
static lede_value *simple_map(struct yp *p, size_t *pos, int *line, size_t ind)
{
	const char *t = p->text;
	const char *keys[SIMPLE_KEYS];
	lede_value *key_nodes[SIMPLE_KEYS], *vals[SIMPLE_KEYS], *items[SIMPLE_ITEMS];
	size_t nk = 0, e, c;
	while (simple_next(p, pos, line, &e, &c)) {
		if (c - *pos < ind)
			break; /* the mapping's end */
		size_t kl = c - *pos == ind && nk < SIMPLE_KEYS ? simple_key(t, c, e) : 0;
		if (!kl)
			return NULL;
		lede_value *k = simple_value(p, LEDE_STRING, *line, ind);
		set_string(p, k, t + c, kl);
		if (simple_dup(keys, nk, k->u.str.s))
			return NULL; /* libyaml's path says where */
		size_t vb = c + kl + 1;
		if (vb < e && t[vb] != ' ')
			return NULL;
		while (vb < e && t[vb] == ' ')
			vb++;
		lede_value *v = NULL;
		if (vb < e && (t[vb] == '>' || t[vb] == '|')) {
			if (!(v = simple_block(p, pos, line, vb, e, ind)))
				return NULL;
			(*line)++; /* (its key's) */
		} else if (vb < e) {
			if (!(v = simple_inline(p, *line, *pos, vb, e)))
				return NULL;
			*pos = e + 1, (*line)++;
		} else {
			/* the value is on the lines below: a list of `- item`
			 * lines, or (in the document) a mapping indented more */
			*pos = e + 1, (*line)++;
			if (!simple_next(p, pos, line, &e, &c))
				return NULL; /* an empty value */
			size_t sub = c - *pos;
			if (sub < ind)
				return NULL; /* below its key's mapping: libyaml's error */
			if (t[c] != '-') {
				if (ind || !sub || !(v = simple_map(p, pos, line, sub)))
					return NULL;
			} else {
				size_t ni = 0;
				v = simple_value(p, LEDE_SEQ, *line, sub);
				do {
					if (t[c] != '-' && c - *pos <= ind)
						break; /* the next key */
					if (t[c] != '-' || c - *pos != sub || c + 1 >= e ||
					    t[c + 1] != ' ' || ni == SIMPLE_ITEMS)
						return NULL;
					for (c++; c < e && t[c] == ' ';)
						c++;
					if (!(items[ni++] = simple_item(p, *line, *pos, c, e)))
						return NULL;
					*pos = e + 1, (*line)++;
				} while (simple_next(p, pos, line, &e, &c) && c - *pos >= ind);
				simple_list(p, LEDE_SEQ, items, NULL, NULL, ni, v);
			}
		}
		keys[nk] = k->u.str.s;
		key_nodes[nk] = k;
		vals[nk++] = v;
	}
	if (!nk)
		return NULL;
	lede_value *m = simple_value(p, LEDE_MAP, key_nodes[0]->line - p->first_line, ind);
	return simple_list(p, LEDE_MAP, vals, keys, key_nodes, nk, m);
}

/* The document as this reader takes it, or NULL (nothing reported):
 * libyaml's then. */
static lede_value *simple_parse(struct yp *p)
{
	size_t pos = 0, e, c;
	int line = 0; /* of the text at pos, from 0 */
	if (!simple_bytes(p->text, p->len))
		return NULL;
	lede_value *v = simple_map(p, &pos, &line, 0);
	/* all of it read: a line indented less than its mapping's is
	 * libyaml's */
	return v && !simple_next(p, &pos, &line, &e, &c) ? v : NULL;
}

/* The parse through libyaml's events. */
static lede_value *libyaml_parse(struct yp *p);

static void yp_init(struct yp *p, lede_arena *a, const char *file, const char **text, size_t *len,
                    int first_line, lede_error *err)
{
	/* libyaml skips a BOM without counting it; skipping it here keeps our
	 * cursor in step. */
	if (*len >= 3 && !memcmp(*text, "\xEF\xBB\xBF", 3))
		*text += 3, *len -= 3;
	memset(p, 0, sizeof *p);
	p->a = a;
	p->file = file;
	p->text = *text;
	p->len = *len;
	p->first_line = first_line;
	p->err = err;
}

/* The document through the fast path when fast and it reads it, else
 * through libyaml. */
static lede_value *parse(lede_arena *a, const char *file, const char *text, size_t len,
                         int first_line, lede_error *err, bool fast)
{
	if (check_utf8(file, text, len, first_line, err))
		return NULL;
	struct yp p;
	yp_init(&p, a, file, &text, &len, first_line, err);
	lede_value *v = fast ? simple_parse(&p) : NULL;
	return v ? v : libyaml_parse(&p);
}

lede_value *lede_yaml_parse(lede_arena *a, const char *file, const char *text, size_t len,
                            int first_line, lede_error *err)
{
	return parse(a, file, text, len, first_line, err, true);
}

lede_value *lede_yaml_parse_libyaml(lede_arena *a, const char *file, const char *text, size_t len,
                                    int first_line, lede_error *err)
{
	return parse(a, file, text, len, first_line, err, false);
}

lede_value *lede_yaml_parse_simple(lede_arena *a, const char *text, size_t len, int first_line)
{
	if (lede_error_utf8(NULL, "", text, len, first_line) != 0)
		return NULL;
	struct yp p;
	yp_init(&p, a, "", &text, &len, first_line, NULL);
	return simple_parse(&p);
}

bool lede_yaml_paths_agree(const char *text, size_t len, int first_line)
{
	lede_arena *ar = lede_arena_new();
	lede_value *fast = lede_yaml_parse_simple(ar, text, len, first_line);
	lede_error err;
	bool same = !fast || lede_value_identical(fast, lede_yaml_parse_libyaml(ar, "", text, len,
	                                                                        first_line, &err));
	lede_arena_free(ar);
	return same;
}

static lede_value *libyaml_parse(struct yp *pp)
{
	struct yp p = *pp;
	p.values = 0; /* (the fast path's count) */
	const char *file = p.file;
	lede_error *err = p.err;
	lede_arena *a = p.a;
	int first_line = p.first_line;
	yaml_parser_t ps;
	if (!yaml_parser_initialize(&ps)) {
		lede_error_set(err, file, 0, 0, "out of memory while reading YAML");
		return NULL;
	}
	yaml_parser_set_input_string(&ps, (const unsigned char *)p.text, p.len);
	yaml_parser_set_encoding(&ps, YAML_UTF8_ENCODING);
	int rc = 0;
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&ps, &ev)) {
			rc = libyaml_error(&p, &ps);
			break;
		}
		rc = on_event(&p, &ev);
		yaml_event_type_t type = ev.type;
		yaml_event_delete(&ev);
		if (rc || type == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&ps);
	for (size_t i = 0; i < p.depth; i++)
		free(p.stack[i].items);
	free(p.stack);
	free(p.anchors);
	if (rc)
		return NULL;
	if (!p.root) {
		p.root = lede_arena_alloc(a, sizeof *p.root);
		p.root->type = LEDE_MAP;
		p.root->line = first_line;
		p.root->column = 1;
		p.root->u.list.items = lede_arena_alloc(a, sizeof *p.root->u.list.items);
		p.root->u.list.keys = lede_arena_alloc(a, sizeof *p.root->u.list.keys);
		p.root->u.list.key_nodes = lede_arena_alloc(a, sizeof *p.root->u.list.key_nodes);
	}
	return p.root;
}

/* ---- front matter ---- */

/* Whether the line at text[i..end) is exactly `mark` followed by optional
 * spaces, tabs and a CR. */

static bool is_fence(const char *text, size_t i, size_t end, const char *mark)
{
	if (end - i < 3 || memcmp(text + i, mark, 3))
		return false;
	for (i += 3; i < end; i++)
		if (text[i] != ' ' && text[i] != '\t' && !(text[i] == '\r' && i + 1 == end))
			return false;
	return true;
}

/* Where a --- fenced block is in text[0..len): the first line's start
 * (after a byte order mark) and end, the YAML's start, the closing
 * fence's line (its start, end and number). 1: closed; 0: the first line
 * is no fence (no front matter); -1: opened and never closed. */
typedef struct {
	size_t start, first_end, yaml, close, close_end;
	int close_line;
} fences;

static int find_fences(const char *text, size_t len, fences *f)
{
	f->start = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0;
	f->first_end = line_end(text, len, f->start);
	if (!is_fence(text, f->start, f->first_end, "---"))
		return 0;
	f->yaml = f->first_end < len ? f->first_end + 1 : len;
	f->close_line = 2;
	for (size_t i = f->yaml; i < len; f->close_line++) {
		size_t end = line_end(text, len, i);
		if (is_fence(text, i, end, "---") || is_fence(text, i, end, "...")) {
			f->close = i;
			f->close_end = end;
			return 1;
		}
		i = end + 1;
	}
	return -1;
}

size_t lede_frontmatter_extent(const char *text, size_t len)
{
	if (len < 3 && !memcmp(text, "\xEF\xBB\xBF", len))
		return LEDE_FM_UNKNOWN; /* a byte order mark, cut short, or nothing yet */
	fences f;
	int rc = find_fences(text, len, &f);
	if (f.first_end == len) { /* the first line may go on past these bytes */
		size_t n = len - f.start;
		return memcmp(text + f.start, "---", n < 3 ? n : 3) ? 0 : LEDE_FM_UNKNOWN;
	}
	if (rc <= 0)
		return rc ? LEDE_FM_UNKNOWN : 0;
	/* a closing line without its newline may go on too */
	return f.close_end < len ? f.close_end + 1 : LEDE_FM_UNKNOWN;
}

/* The type a plain scalar s[0..n) without a tag resolves to
 * (resolve_text's order). */
static lede_value_type plain_type(const char *s, size_t n)
{
	int64_t iv;
	double fv;
	lede_date d;
	size_t col;
	const char *why;
	if (is_null(s, n))
		return LEDE_NULL;
	if (parse_bool(s, n) >= 0)
		return LEDE_BOOL;
	int k = parse_int(s, n, &iv, &fv);
	if (k == 1)
		return LEDE_INT;
	if (k || parse_float(s, n, &fv))
		return LEDE_FLOAT;
	if (looks_like_timestamp(s, n) && lede_date_parse(s, n, &d, &col, &why) == 0)
		return LEDE_TIMESTAMP;
	return LEDE_STRING;
}

/* Where the last value read was found: the start of its line. Values
 * come in file order, so each is looked for from there, not from the
 * file's start (a list of 40,000 tags took seconds). */
typedef struct {
	size_t at;
	int line;
} line_at;

/* *slot, a plain number, boolean or date (not a string: text fields are
 * text whatever YAML types them as, `title: 1984`, `tags: [2024, true]`,
 * as in Hugo), as the text written at its place (`1.50` stays "1.50"),
 * when what is there is that scalar alone (a tagged `!!int 1984` too: its
 * position is the scalar's), not a flow mapping's item. item: a list's
 * item, which ends at a ',' ']' or '}' too (a flow list's: a plain scalar
 * of a block list never holds one when typed). */
static void as_text(lede_arena *a, lede_value **slot, const char *text, size_t len, bool item,
                    line_at *cur)
{
	lede_value *v = *slot;
	if (!v ||
	    (v->type != LEDE_INT && v->type != LEDE_FLOAT && v->type != LEDE_BOOL &&
	     v->type != LEDE_TIMESTAMP) ||
	    v->line < 1 || v->column < 1)
		return;
	/* the value's line, from the last one found when it is not before it */
	if (cur->line > v->line)
		*cur = (line_at){0, 1};
	size_t at = cur->at;
	for (int l = cur->line; l < v->line && at < len; at++)
		if (text[at] == '\n')
			l++;
	*cur = (line_at){at, v->line};
	size_t b = at + (size_t)v->column - 1, e = b;
	if (at >= len || b >= len)
		return;
	for (size_t j = at; j < b; j++)
		if (text[j] == '\n')
			return; /* (the column is past the line) */
	while (e < len && text[e] != '\n' && text[e] != '\r' &&
	       !(item && (text[e] == ',' || text[e] == ']' || text[e] == '}')) &&
	       !(text[e] == '#' && e > b && (text[e - 1] == ' ' || text[e - 1] == '\t')))
		e++;
	while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t'))
		e--;
	if (e == b || plain_type(text + b, e - b) != v->type)
		return;
	lede_value *s = lede_arena_alloc(a, sizeof *s);
	char *c = lede_arena_alloc(a, e - b + 1);
	memcpy(c, text + b, e - b);
	s->type = LEDE_STRING;
	s->line = v->line;
	s->column = v->column;
	s->u.str.s = c;
	s->u.str.len = e - b;
	*slot = s;
}

/* The text fields of an article (title, summary, section, slug,
 * translation_key, and the items of tags, authors, author) written as a
 * plain number, boolean or date, as the text written (as_text). */
static void text_fields(lede_arena *a, lede_value *meta, const char *text, size_t len)
{
	line_at cur = {0, 1};
	static const char *const keys[] = {"title",           "summary", "section", "slug",
	                                   "translation_key", "tags",    "authors", "author"};
	for (size_t i = 0; i < meta->u.list.n; i++) {
		lede_value *v = meta->u.list.items[i];
		bool want = false;
		for (size_t k = 0; k < sizeof keys / sizeof *keys && !want; k++)
			want = !strcmp(meta->u.list.keys[i], keys[k]);
		if (!want || !v)
			continue;
		if (v->type == LEDE_SEQ && strcmp(meta->u.list.keys[i], "title") &&
		    strcmp(meta->u.list.keys[i], "summary"))
			for (size_t k = 0; k < v->u.list.n; k++)
				as_text(a, &v->u.list.items[k], text, len, true, &cur);
		else
			as_text(a, &meta->u.list.items[i], text, len, false, &cur);
	}
}

int lede_frontmatter_parse(lede_arena *a, const char *file, const char *text, size_t len,
                           lede_frontmatter *out, lede_error *err)
{
	memset(out, 0, sizeof *out);
	if (check_utf8(file, text, len, 1, err))
		return -1;
	/* Lines that end with a carriage return alone (classic Mac OS): the
	 * whole file is one line, and the front matter would be 'missing
	 * title', which the file plainly has. */
	size_t bom = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0;
	if (len >= bom + 4 && !memcmp(text + bom, "---\r", 4) &&
	    (len == bom + 4 || text[bom + 4] != '\n')) {
		lede_error_set(
		    err, file, 1, 4,
		    "the lines of this file end with a carriage return alone (old Mac OS "
		    "line endings); save it with LF (or CRLF) line endings");
		lede_error_snippet(err, text, len, 1);
		return -1;
	}
	fences f;
	int found = find_fences(text, len, &f);
	if (!found) {
		out->meta = lede_yaml_parse(a, file, "", 0, 1, err);
		out->body_offset = f.start;
		out->body_line = 1;
		return 0;
	}
	out->present = true;
	if (found < 0) {
		lede_error_set(
		    err, file, 1, 1,
		    "front matter opened on line 1 is never closed; add a line with ---");
		lede_error_snippet(err, text, len, 1);
		return -1;
	}
	size_t yaml_start = f.yaml, i = f.close, end = f.close_end;
	int line = f.close_line;
	lede_value *meta = lede_yaml_parse(a, file, text + yaml_start, i - yaml_start, 2, err);
	if (!meta) {
		/* An error at the end of the block is on the closing line. */
		if (err && !err->snippet[0])
			lede_error_snippet(err, text, len, err->line);
		return -1;
	}
	if (meta->type == LEDE_NULL) {
		meta = lede_yaml_parse(a, file, "", 0, 2, err);
	} else if (meta->type != LEDE_MAP) {
		lede_error_set(
		    err, file, meta->line, meta->column,
		    "front matter must be a mapping of keys to values (key: value lines), not a %s",
		    lede_value_type_name(meta->type));
		lede_error_snippet(err, text, len, meta->line);
		return -1;
	}
	text_fields(a, meta, text, len);
	out->meta = meta;
	out->body_offset = end < len ? end + 1 : len;
	out->body_line = line + 1;
	return 0;
}
