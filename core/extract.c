/* extract.c: the extraction API: compiles the patterns, splits the body into
 * blocks, runs the link and quote scanners, copies the results into the
 * article's arena, and writes them as JSON. */
#include "extract_internal.h"

#include "escape.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- Unicode helpers ---------------------------------------------------- */

int32_t lede_x_cp(const char *s, size_t n, size_t i, int *l)
{
	unsigned char c = (unsigned char)s[i];
	if (c < 0x80) {
		*l = 1;
		return c;
	}
	utf8proc_int32_t cp;
	utf8proc_ssize_t r =
	    utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
	if (r <= 0) {
		*l = 1;
		return 0xFFFD;
	}
	*l = (int)r;
	return cp;
}

int32_t lede_x_cp_before(const char *s, size_t i, int *l)
{
	size_t j = i - 1;
	int k = 0;
	while (j > 0 && k < 3 && ((unsigned char)s[j] & 0xC0) == 0x80) {
		j--;
		k++;
	}
	int len;
	int32_t c = lede_x_cp(s, i, j, &len);
	if ((size_t)len != i - j) {
		*l = 1;
		return 0xFFFD;
	}
	*l = len;
	return c;
}

bool lede_x_is_zcc(int32_t c)
{
	if (c < 0x80)
		return c <= 0x20 || c == 0x7F;
	if (c <= 0x9F)
		return true;
	utf8proc_category_t k = utf8proc_category(c);
	return k == UTF8PROC_CATEGORY_ZS || k == UTF8PROC_CATEGORY_ZL || k == UTF8PROC_CATEGORY_ZP;
}

bool lede_x_is_p(int32_t c)
{
	if (c < 0x80)
		return c > 0x20 && c < 0x7F && strchr("!\"#%&'()*,-./:;?@[\\]_{}", (int)c) != NULL;
	utf8proc_category_t k = utf8proc_category(c);
	return k >= UTF8PROC_CATEGORY_PC && k <= UTF8PROC_CATEGORY_PO;
}

/* ---- string table ------------------------------------------------------- */

static size_t str_hash(const char *k)
{
	size_t h = 1469598103934665603u;
	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211u;
	return h;
}

const char *lede_xmap_get(const xmap *m, const char *k)
{
	if (!m->cap)
		return NULL;
	for (size_t i = str_hash(k) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (!m->keys[i])
			return NULL;
		if (strcmp(m->keys[i], k) == 0)
			return m->vals[i];
	}
}

void lede_xmap_put(xmap *m, const char *k, const char *v)
{
	if ((m->n + 1) * 2 > m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 64;
		const char **nk = lede_xcalloc(ncap, sizeof *nk);
		const char **nv = lede_xcalloc(ncap, sizeof *nv);
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->keys[i])
				continue;
			size_t j = str_hash(m->keys[i]) & (ncap - 1);
			while (nk[j])
				j = (j + 1) & (ncap - 1);
			nk[j] = m->keys[i];
			nv[j] = m->vals[i];
		}
		free(m->keys);
		free(m->vals);
		m->keys = nk;
		m->vals = nv;
		m->cap = ncap;
	}
	size_t i = str_hash(k) & (m->cap - 1);
	while (m->keys[i]) {
		if (strcmp(m->keys[i], k) == 0)
			return; /* first definition wins, as in CommonMark */
		i = (i + 1) & (m->cap - 1);
	}
	m->keys[i] = k;
	m->vals[i] = v;
	m->n++;
}

void lede_xmap_free(xmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

/* ---- extractor and context ---------------------------------------------- */

lede_extractor *lede_extractor_new(lede_error *err)
{
	return lede_extractor_new_with(NULL, 0, err);
}

lede_extractor *lede_extractor_new_with(const lede_quote_words *w, size_t n, lede_error *err)
{
	lede_extractor *x = lede_xcalloc(1, sizeof *x);
	lede_buf extra = LEDE_BUF_INIT;
	size_t nroles = 0;
	for (size_t k = 0; k < n; k++) {
		for (const char *const *v = w[k].verbs; v && *v; v++)
			if (**v) {
				lede_buf_putc(&extra, '|');
				lede_x_put_word(&extra, *v);
			}
		for (const char *const *r = w[k].roles; r && *r; r++)
			nroles++;
	}
	x->roles = lede_xcalloc(nroles + 1, sizeof *x->roles);
	nroles = 0;
	for (size_t k = 0; k < n; k++)
		for (const char *const *r = w[k].roles; r && *r; r++) {
			char *d = lede_xstrdup(*r);
			for (char *c = d; *c; c++)
				*c = (char)tolower((unsigned char)*c);
			x->roles[nroles++] = d;
		}
	lede_x_quote_words(x);
	const char *more = lede_buf_cstr(&extra);
	for (int i = 0; i < RX_COUNT; i++) {
		int ec;
		PCRE2_SIZE eo;
		char *built = i >= RX_Q_CUE ? lede_x_quote_pattern(i, more) : NULL;
		const char *src = built ? built : lede_x_pattern(i);
		/* Anchoring at compile time: PCRE2_ANCHORED at match time would bypass the JIT. */
		bool anchored = i == RX_HTTP_TAIL || i == RX_REL_TAIL || i == RX_MAILTO_TAIL ||
		                i == RX_FUZZY_HOST || i == RX_EMAIL || i == RX_Q_AT_CUE;
		x->rx[i] = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
		                         PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS |
		                             PCRE2_NO_UTF_CHECK | (anchored ? PCRE2_ANCHORED : 0),
		                         &ec, &eo, NULL);
		free(built);
		if (!x->rx[i]) {
			PCRE2_UCHAR msg[256];
			pcre2_get_error_message(ec, msg, sizeof msg);
			lede_error_set(err, "", 0, 0,
			               "extract pattern %d does not compile at offset %zu: %s", i,
			               (size_t)eo, (const char *)msg);
			lede_buf_free(&extra);
			lede_extractor_free(x);
			return NULL;
		}
		/* JIT is a speed-up, not a requirement: the interpreter gives the same answers. */
		pcre2_jit_compile(x->rx[i], PCRE2_JIT_COMPLETE);
	}
	lede_buf_free(&extra);
	return x;
}

void lede_extractor_free(lede_extractor *x)
{
	if (!x)
		return;
	for (int i = 0; i < RX_COUNT; i++)
		pcre2_code_free(x->rx[i]);
	lede_x_quote_words_free(x);
	for (char **r = x->roles; r && *r; r++)
		free(*r);
	free(x->roles);
	free(x);
}

lede_extract_ctx *lede_extract_ctx_new(const lede_extractor *x)
{
	lede_extract_ctx *c = lede_xcalloc(1, sizeof *c);
	c->x = x;
	c->md = pcre2_match_data_create(32, NULL);
	c->mctx = pcre2_match_context_create(NULL);
	c->jit = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
	if (!c->md || !c->mctx || !c->jit) {
		fprintf(stderr, "lede: out of memory\n");
		abort();
	}
	pcre2_jit_stack_assign(c->mctx, NULL, c->jit);
	lede_extract_ctx_set_limits(c, 1000000, 10000);
	return c;
}

unsigned long lede_extract_ctx_misaligned(const lede_extract_ctx *c) { return c->misaligned; }

void lede_extract_ctx_set_limits(lede_extract_ctx *c, uint32_t match_limit, uint32_t depth_limit)
{
	pcre2_set_match_limit(c->mctx, match_limit);
	pcre2_set_depth_limit(c->mctx, depth_limit);
}

void lede_extract_ctx_free(lede_extract_ctx *c)
{
	if (!c)
		return;
	pcre2_match_data_free(c->md);
	pcre2_match_context_free(c->mctx);
	pcre2_jit_stack_free(c->jit);
	free(c);
}

/* ---- scan-state helpers ------------------------------------------------- */

void lede_x_warn(xstate *s, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (s->nwarnings == s->capwarnings) {
		s->capwarnings = s->capwarnings ? s->capwarnings * 2 : 4;
		s->warnings = lede_xrealloc(s->warnings, s->capwarnings * sizeof *s->warnings);
	}
	s->warnings[s->nwarnings++] = lede_arena_strdup(s->a, msg);
}

/* Does subj[from, end) end on a whole UTF-8 character? (Only the last
 * character is looked at.) */
static bool utf8_whole_end(const char *subj, size_t from, size_t end)
{
	if (end == from || !((unsigned char)subj[end - 1] & 0x80))
		return true;
	size_t k = end - 1;
	while (k > from && end - k < 4 && ((unsigned char)subj[k] & 0xC0) == 0x80)
		k--;
	unsigned char c = (unsigned char)subj[k];
	size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
	return need == end - k;
}

int lede_x_match(xstate *s, int id, const char *subj, size_t end, size_t start, uint32_t opts,
                 const char *what, int para)
{
	/* Patterns used anchored are compiled anchored; the option here would disable the JIT. */
	opts &= ~(uint32_t)PCRE2_ANCHORED;
	/* The patterns run with PCRE2_NO_UTF_CHECK: a window that starts or
	 * ends inside a UTF-8 sequence is undefined behaviour in PCRE2 (its JIT
	 * code reads past the end). Callers cut windows on character
	 * boundaries; should one not, the window shrinks to whole characters
	 * and the context counts it, for the fuzzers to catch. */
	if (start > end)
		start = end;
	size_t e0 = end, s0 = start;
	while (end > start && !utf8_whole_end(subj, start, end))
		end--;
	while (start < end && ((unsigned char)subj[start] & 0xC0) == 0x80)
		start++;
	if (end != e0 || start != s0) {
		s->c->misaligned++;
		if (start >= end && s0 < e0)
			return PCRE2_ERROR_NOMATCH;
	}
	int rc = pcre2_match(s->c->x->rx[id], (PCRE2_SPTR)subj, end, start,
	                     opts | PCRE2_NO_UTF_CHECK, s->c->md, s->c->mctx);
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT) {
		int *flag = what[0] == 'l' ? &s->limit_warned_links : &s->limit_warned_quotes;
		if (!*flag) {
			*flag = 1;
			lede_x_warn(s,
			            "PCRE2 %s limit hit while scanning %s in paragraph %d; some %s "
			            "may be missed",
			            rc == PCRE2_ERROR_DEPTHLIMIT ? "depth" : "match", what, para,
			            what);
		}
		return PCRE2_ERROR_NOMATCH;
	}
	return rc;
}

void lede_x_group(xstate *s, int g, size_t *b, size_t *e)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->c->md);
	if (ov[2 * g] == PCRE2_UNSET) {
		*b = *e = 0;
		return;
	}
	*b = ov[2 * g];
	*e = ov[2 * g + 1];
}

void lede_x_add_link(xstate *s, const char *url, size_t urln, const char *prefix, const char *text,
                     size_t textn, const char *kind, int para, size_t start, size_t end)
{
	if (s->nlinks == s->caplinks) {
		s->caplinks = s->caplinks ? s->caplinks * 2 : 16;
		s->links = lede_xrealloc(s->links, s->caplinks * sizeof *s->links);
	}
	lede_link *l = &s->links[s->nlinks++];
	size_t pn = prefix ? strlen(prefix) : 0;
	char *u = lede_arena_alloc(s->a, pn + urln + 1);
	if (pn)
		memcpy(u, prefix, pn);
	memcpy(u + pn, url, urln);
	u[pn + urln] = 0;
	l->url = u;
	l->text = lede_arena_strndup(s->a, text, textn);
	l->kind = kind;
	l->paragraph = para;
	l->start = start;
	l->end = end;
}

void lede_x_add_skip(xstate *s, size_t start, size_t end)
{
	if (s->nskips == s->capskips) {
		s->capskips = s->capskips ? s->capskips * 2 : 16;
		s->skips = lede_xrealloc(s->skips, s->capskips * sizeof *s->skips);
	}
	s->skips[s->nskips].start = start;
	s->skips[s->nskips].end = end;
	s->nskips++;
}

size_t lede_x_code_span(const char *t, size_t i, size_t end, size_t *memo)
{
	size_t k = 0;
	while (i + k < end && t[i + k] == '`')
		k++;
	if (k < 32 && memo[k] && memo[k] <= i)
		return i + k; /* an earlier search already found no closer of this length */
	for (size_t j = i + k; j < end;) {
		if (t[j] != '`') {
			j++;
			continue;
		}
		size_t m = 0;
		while (j + m < end && t[j + m] == '`')
			m++;
		if (m == k)
			return j + m;
		j += m;
	}
	if (k < 32)
		memo[k] = i;
	return i + k;
}

/* ---- blocks ------------------------------------------------------------- */

static void add_block(xstate *s, size_t start, size_t end, int kind)
{
	if (s->nblocks == s->capblocks) {
		s->capblocks = s->capblocks ? s->capblocks * 2 : 32;
		s->blocks = lede_xrealloc(s->blocks, s->capblocks * sizeof *s->blocks);
	}
	xblock *b = &s->blocks[s->nblocks++];
	b->start = start;
	b->end = end;
	b->kind = kind;
	b->para = 0;
}

static bool is_blank(const char *t, size_t b, size_t e)
{
	for (; b < e; b++)
		if (t[b] != ' ' && t[b] != '\t' && t[b] != '\r')
			return false;
	return true;
}

/* A link reference definition "[label]: dest" on one line; records it. */
static bool refdef(xstate *s, size_t b, size_t e)
{
	const char *t = s->text;
	/* "[^note]: text" is a footnote's text (with links of its own), not a
	 * link reference definition. */
	if (b >= e || t[b] != '[' || (b + 1 < e && t[b + 1] == '^'))
		return false;
	size_t i = b + 1;
	while (i < e && t[i] != ']' && t[i] != '[' && i - b < 1000)
		i++;
	if (i >= e || t[i] != ']' || i == b + 1 || i + 1 >= e || t[i + 1] != ':')
		return false;
	size_t lb = b + 1, le = i;
	i += 2;
	while (i < e && (t[i] == ' ' || t[i] == '\t'))
		i++;
	size_t db = i, de;
	if (i < e && t[i] == '<') {
		db = ++i;
		while (i < e && t[i] != '>')
			i++;
		if (i >= e)
			return false;
		de = i++;
	} else {
		while (i < e && t[i] != ' ' && t[i] != '\t' && t[i] != '\r')
			i++;
		de = i;
	}
	if (de == db && t[db - 1] != '<')
		return false;
	/* Labels match case-insensitively with runs of white space collapsed. */
	char *key = lede_arena_alloc(s->a, le - lb + 1);
	size_t k = 0;
	for (size_t j = lb; j < le; j++) {
		unsigned char ch = (unsigned char)t[j];
		if (ch == ' ' || ch == '\t' || ch == '\n') {
			if (k && key[k - 1] != ' ')
				key[k++] = ' ';
			continue;
		}
		key[k++] = (char)(ch < 0x80 ? (ch >= 'A' && ch <= 'Z' ? ch + 32 : ch) : ch);
	}
	while (k && key[k - 1] == ' ')
		k--;
	key[k] = 0;
	lede_xmap_put(&s->refs, key, lede_arena_strndup(s->a, t + db, de - db));
	lede_x_add_skip(s, b, e);
	return true;
}

static size_t indent_of(const char *t, size_t b, size_t e, size_t *first)
{
	size_t col = 0, i = b;
	for (; i < e && (t[i] == ' ' || t[i] == '\t'); i++)
		col += t[i] == '\t' ? 4 - col % 4 : 1;
	*first = i;
	return col;
}

static bool is_fence(const char *t, size_t i, size_t e, char *ch, size_t *n)
{
	if (i >= e || (t[i] != '`' && t[i] != '~'))
		return false;
	size_t k = 0;
	while (i + k < e && t[i + k] == t[i])
		k++;
	if (k < 3)
		return false;
	*ch = t[i];
	*n = k;
	return true;
}

static bool is_list_item(const char *t, size_t i, size_t e)
{
	if (i + 1 < e && (t[i] == '-' || t[i] == '*' || t[i] == '+') &&
	    (t[i + 1] == ' ' || t[i + 1] == '\t'))
		return true;
	size_t k = 0;
	while (i + k < e && k < 10 && t[i + k] >= '0' && t[i + k] <= '9')
		k++;
	return k > 0 && i + k + 1 < e && (t[i + k] == '.' || t[i + k] == ')') &&
	       t[i + k + 1] == ' ';
}

static bool is_break(const char *t, size_t i, size_t e)
{
	char c = t[i];
	if (c != '-' && c != '*' && c != '_')
		return false;
	int n = 0;
	for (; i < e; i++) {
		if (t[i] == c)
			n++;
		else if (t[i] != ' ' && t[i] != '\t' && t[i] != '\r')
			return false;
	}
	return n >= 3;
}

static void split_blocks(xstate *s)
{
	const char *t = s->text;
	size_t pos = s->body, len = s->len;
	int open = -1; /* kind of the block being built, -1 for none */
	size_t ostart = 0, oend = 0;
	char fch = 0;
	size_t flen = 0;
	bool md = s->fmt == LEDE_EXTRACT_MARKDOWN;
#define CLOSE()                                                                                    \
	do {                                                                                       \
		if (open >= 0)                                                                     \
			add_block(s, ostart, oend, open);                                          \
		open = -1;                                                                         \
	} while (0)
	while (pos < len) {
		const char *nl = memchr(t + pos, '\n', len - pos);
		size_t le = nl ? (size_t)(nl - t) : len;
		size_t next = le < len ? le + 1 : le;
		size_t first;
		size_t ind = indent_of(t, pos, le, &first);
		if (open == BLK_CODE && fch) {
			char c2;
			size_t n2;
			if (ind < 4 && is_fence(t, first, le, &c2, &n2) && c2 == fch &&
			    n2 >= flen && is_blank(t, first + n2, le)) {
				oend = le;
				fch = 0;
				CLOSE();
			} else {
				oend = le;
			}
			pos = next;
			continue;
		}
		if (is_blank(t, pos, le)) {
			CLOSE();
			pos = next;
			continue;
		}
		if (!md) {
			if (open < 0) {
				open = BLK_PARA;
				ostart = pos;
			}
			oend = le;
			pos = next;
			continue;
		}
		if (ind >= 4 && (open < 0 || open == BLK_CODE)) {
			if (open < 0) {
				open = BLK_CODE;
				ostart = pos;
			}
			oend = le;
			pos = next;
			continue;
		}
		if (open == BLK_CODE)
			CLOSE();
		char c;
		size_t n;
		if (is_fence(t, first, le, &c, &n) &&
		    (c == '~' || memchr(t + first + n, '`', le - first - n) == NULL)) {
			CLOSE();
			open = BLK_CODE;
			fch = c;
			flen = n;
			ostart = pos;
			oend = le;
		} else if (t[first] == '#') {
			size_t k = 0;
			while (first + k < le && t[first + k] == '#')
				k++;
			if (k <= 6 &&
			    (first + k == le || t[first + k] == ' ' || t[first + k] == '\t')) {
				CLOSE();
				add_block(s, pos, le, BLK_HEADING);
			} else {
				goto para;
			}
		} else if (t[first] == '>') {
			if (open != BLK_QUOTE) {
				CLOSE();
				open = BLK_QUOTE;
				ostart = pos;
			}
			oend = le;
		} else if (is_break(t, first, le)) {
			CLOSE();
			add_block(s, pos, le, BLK_REFDEF);
		} else if (open < 0 && refdef(s, first, le)) {
			add_block(s, pos, le, BLK_REFDEF);
		} else if (is_list_item(t, first, le)) {
			CLOSE();
			open = BLK_PARA;
			ostart = pos;
			oend = le;
		} else {
		para:
			if (open < 0) {
				open = BLK_PARA;
				ostart = pos;
			}
			oend = le;
		}
		pos = next;
	}
	CLOSE();
#undef CLOSE
	int n = 0;
	for (size_t i = 0; i < s->nblocks; i++)
		if (s->blocks[i].kind != BLK_REFDEF)
			s->blocks[i].para = ++n;
}

/* ---- the call ----------------------------------------------------------- */

static int link_cmp(const void *a, const void *b)
{
	const lede_link *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? 1 : x->end > y->end ? -1 : 0;
}

static void finish_links(xstate *s, lede_extraction *out)
{
	if (s->nlinks)
		qsort(s->links, s->nlinks, sizeof *s->links, link_cmp);
	size_t n = 0;
	size_t last_end = 0;
	for (size_t i = 0; i < s->nlinks; i++) {
		lede_link *l = &s->links[i];
		if (n && l->start < last_end && strcmp(l->kind, "image") != 0)
			continue; /* inside an earlier link; an image as a link's text keeps its own
			           */
		/* Every occurrence stays (a URL written twice is two links in the
		 * body, each with its place), so a.links matches the tree's Links. */
		if (strcmp(l->kind, "image") != 0)
			last_end = l->end;
		s->links[n++] = *l;
	}
	out->links = lede_arena_alloc(s->a, (n ? n : 1) * sizeof *out->links);
	if (n)
		memcpy(out->links, s->links, n * sizeof *out->links);
	out->nlinks = n;
}

/* What lede_extract_quotes needs of a lede_extract_links scan, and then
 * what it found, in the arena of the extraction that made it: an article's
 * outlet copies share it (their extraction is a copy of the article's), so
 * the quotes are found once for all of them, on the one thread that uses
 * the article and its copies at a time. */
struct lede_x_pending {
	lede_arena *ar;
	const char *text;
	size_t len, body;
	lede_extract_format fmt;
	const char *lang;
	xblock *blocks;
	size_t nblocks;
	xrange *skips; /* sorted */
	size_t nskips;
	bool done; /* found: */
	lede_quote *quotes;
	size_t nquotes;
	char **warnings; /* the search's own */
	size_t nwarnings;
};

static void *arena_dup(lede_arena *a, const void *p, size_t n)
{
	void *d = lede_arena_alloc(a, n ? n : 1);
	if (n)
		memcpy(d, p, n);
	return d;
}

/* out's warnings followed by more[0..n), in arena a. */
static void add_warnings(lede_arena *a, lede_extraction *out, char *const *more, size_t n)
{
	if (!n && out->warnings)
		return;
	size_t all = out->nwarnings + n;
	char **w = lede_arena_alloc(a, (all ? all : 1) * sizeof *w);
	if (out->nwarnings)
		memcpy(w, out->warnings, out->nwarnings * sizeof *w);
	if (n)
		memcpy(w + out->nwarnings, more, n * sizeof *w);
	out->warnings = w;
	out->nwarnings = all;
}

static int extract_links(lede_extract_ctx *c, lede_arena *a, const char *text, size_t len,
                         size_t body_offset, lede_extract_format fmt, const char *lang,
                         lede_extraction *out, lede_error *err, bool utf8_checked);

int lede_extract_links(lede_extract_ctx *c, lede_arena *a, const char *text, size_t len,
                       size_t body_offset, lede_extract_format fmt, const char *lang,
                       lede_extraction *out, lede_error *err)
{
	return extract_links(c, a, text, len, body_offset, fmt, lang, out, err, false);
}

int lede_extract_links_checked(lede_extract_ctx *c, lede_arena *a, const char *text, size_t len,
                               size_t body_offset, lede_extract_format fmt, const char *lang,
                               lede_extraction *out, lede_error *err)
{
	return extract_links(c, a, text, len, body_offset, fmt, lang, out, err, true);
}

static int extract_links(lede_extract_ctx *c, lede_arena *a, const char *text, size_t len,
                         size_t body_offset, lede_extract_format fmt, const char *lang,
                         lede_extraction *out, lede_error *err, bool utf8_checked)
{
	memset(out, 0, sizeof *out);
	if (!c || !a || (!text && len) || body_offset > len) {
		lede_error_set(err, "", 0, 0,
		               "lede_extract: invalid arguments (body offset %zu, length %zu)",
		               body_offset, len);
		return -1;
	}
	/* The patterns run with PCRE2_NO_UTF_CHECK (checking every window
	 * again would make the scan quadratic), so the text is checked once
	 * here (or was by the caller): PCRE2 on invalid UTF-8 is undefined
	 * behaviour. */
	if (!utf8_checked && lede_error_utf8(err, "", text, len, 1) != 0)
		return -1;
	xstate s;
	memset(&s, 0, sizeof s);
	s.c = c;
	s.a = a;
	s.text = text ? text : "";
	s.len = len;
	s.body = body_offset;
	s.fmt = fmt;
	s.lang = lang;
	split_blocks(&s);
	for (size_t i = 0; i < s.nblocks; i++)
		if (s.blocks[i].kind != BLK_CODE && s.blocks[i].kind != BLK_REFDEF)
			lede_x_links(&s, &s.blocks[i]);
	finish_links(&s, out);
	out->quotes = lede_arena_alloc(a, sizeof *out->quotes);
	add_warnings(a, out, s.warnings, s.nwarnings);
	/* sorted now, so that the quotes' search only reads them */
	lede_x_sort_skips(&s);
	struct lede_x_pending *p = lede_arena_alloc(a, sizeof *p);
	*p = (struct lede_x_pending){.ar = a,
	                             .text = s.text,
	                             .len = len,
	                             .body = body_offset,
	                             .fmt = fmt,
	                             .lang = lang,
	                             .blocks = arena_dup(a, s.blocks, s.nblocks * sizeof *s.blocks),
	                             .nblocks = s.nblocks,
	                             .skips = arena_dup(a, s.skips, s.nskips * sizeof *s.skips),
	                             .nskips = s.nskips};
	out->pending = p;
	free(s.blocks);
	free(s.links);
	free(s.warnings);
	free(s.skips);
	lede_xmap_free(&s.refs);
	return 0;
}

/* The search itself, once per pending scan: its results in p. */
static size_t find_quotes(lede_extract_ctx *c, struct lede_x_pending *p)
{
	xstate s;
	memset(&s, 0, sizeof s);
	s.c = c;
	s.a = p->ar;
	s.text = p->text;
	s.len = p->len;
	s.body = p->body;
	s.fmt = p->fmt;
	s.lang = p->lang;
	s.blocks = p->blocks; /* read, not written: not the scan's to free */
	s.nblocks = s.capblocks = p->nblocks;
	s.skips = p->skips;
	s.nskips = s.capskips = p->nskips;
	lede_x_quotes(&s);
	p->quotes = arena_dup(p->ar, s.quotes, s.nquotes * sizeof *s.quotes);
	p->nquotes = s.nquotes;
	p->warnings = arena_dup(p->ar, s.warnings, s.nwarnings * sizeof *s.warnings);
	p->nwarnings = s.nwarnings;
	p->done = true;
	free(s.quotes);
	free(s.warnings);
	return s.nwarnings;
}

size_t lede_extract_quotes(lede_extract_ctx *c, lede_extraction *x)
{
	/* pending is shared, and written once, here */
	struct lede_x_pending *p = (struct lede_x_pending *)x->pending;
	if (!p || (!p->done && !c))
		return 0;
	size_t added = p->done ? 0 : find_quotes(c, p);
	x->quotes = p->quotes;
	x->nquotes = p->nquotes;
	add_warnings(p->ar, x, p->warnings, p->nwarnings);
	x->pending = NULL;
	return added;
}

int lede_extract(lede_extract_ctx *c, lede_arena *a, const char *text, size_t len,
                 size_t body_offset, lede_extract_format fmt, const char *lang,
                 lede_extraction *out, lede_error *err)
{
	if (lede_extract_links(c, a, text, len, body_offset, fmt, lang, out, err) != 0)
		return -1;
	lede_extract_quotes(c, out);
	return 0;
}

/* ---- JSON --------------------------------------------------------------- */

static void json_str(lede_buf *out, const char *s)
{
	if (!s) {
		lede_buf_puts(out, "null");
		return;
	}
	lede_buf_putc(out, '"');
	lede_escape_json(out, s, strlen(s));
	lede_buf_putc(out, '"');
}

void lede_extraction_json(const lede_extraction *x, const char *file, lede_buf *out)
{
	lede_buf_puts(out, "{\"file\": ");
	json_str(out, file);
	lede_buf_puts(out, ", \"links\": [");
	for (size_t i = 0; i < x->nlinks; i++) {
		const lede_link *l = &x->links[i];
		lede_buf_puts(out, i ? ", {\"url\": " : "{\"url\": ");
		json_str(out, l->url);
		lede_buf_puts(out, ", \"text\": ");
		json_str(out, l->text);
		lede_buf_puts(out, ", \"kind\": ");
		json_str(out, l->kind);
		lede_buf_printf(out, ", \"paragraph\": %d, \"start\": %zu, \"end\": %zu}",
		                l->paragraph, l->start, l->end);
	}
	lede_buf_puts(out, "], \"quotes\": [");
	for (size_t i = 0; i < x->nquotes; i++) {
		const lede_quote *q = &x->quotes[i];
		lede_buf_puts(out, i ? ", {\"text\": " : "{\"text\": ");
		json_str(out, q->text);
		lede_buf_puts(out, ", \"speaker\": ");
		json_str(out, q->speaker);
		lede_buf_puts(out, ", \"role\": ");
		json_str(out, q->role);
		lede_buf_puts(out, ", \"cue\": ");
		json_str(out, q->cue);
		/* Integer arithmetic: %f would follow LC_NUMERIC. */
		int pc = (int)(q->confidence * 100 + 0.5);
		pc = pc < 0 ? 0 : pc > 100 ? 100 : pc;
		if (q->speaker_id)
			lede_buf_printf(out, ", \"speaker_id\": %d", q->speaker_id);
		else
			lede_buf_puts(out, ", \"speaker_id\": null");
		lede_buf_printf(
		    out,
		    ", \"paragraph\": %d, \"start\": %zu, \"end\": %zu, \"confidence\": %d.%02d}",
		    q->paragraph, q->start, q->end, pc / 100, pc % 100);
	}
	lede_buf_puts(out, "]}");
}
