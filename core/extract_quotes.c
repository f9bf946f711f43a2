/* extract_quotes.c: finds quotations and who said them. Quotation marks are
 * paired by a one-pass state machine per block (so unbalanced marks cost
 * nothing extra); each span is then judged (quotation, title or scare quote)
 * and attributed from bounded windows around it: the words after the
 * closing mark, the sentence before it, the previous sentence, or the
 * previous quotation. PCRE2 finds the cue verbs and fixed phrases; names and
 * roles come from a small C tokenizer. */
#include "extract_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

/* ---- patterns ------------------------------------------------------------ */

const char *lede_x_pattern(int id) { return id < RX_Q_CUE ? lede_x_link_pattern(id) : NULL; }

/* ---- small text helpers -------------------------------------------------- */

enum { K_NONE, K_CURLY, K_LOW, K_GUIL, K_STRAIGHT };

typedef struct qspan {
	size_t start, end, cb, ce; /* with marks; content */
	size_t b0, b1;             /* first and last block index */
	const char *speaker, *role, *cue;
	double conf;
	bool quote, named, blockquote;
	bool judged;      /* attributed before judge: an incise split it */
	bool incise_pron; /* ...by an inverted pronoun ("a-t-il lancé"), resolved in order */
	bool follows;     /* the half after an incise: the half before's speaker */
	char *text;
} qspan;

typedef struct qscan {
	xstate *s;
	qspan *v;
	size_t n, cap;
	xnames names; /* full names seen, for surname-only references */
	size_t cur;   /* the start of the quotation being attributed */
	/* intro_role's last answer from a sentence: the name and its role. */
	const char *ir_name, *ir_role;
} qscan;

static bool is_space_cp(int32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x202F ||
	       c == 0x2009;
}

static bool is_upper_at(const char *s, size_t n)
{
	if (!n)
		return false;
	int l;
	int32_t c = lede_x_cp(s, n, 0, &l);
	utf8proc_category_t k = utf8proc_category(c);
	return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT;
}

static bool is_lower_at(const char *s, size_t n)
{
	if (!n)
		return false;
	int l;
	int32_t c = lede_x_cp(s, n, 0, &l);
	return utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
}

/* A token of a cleaned window: [b, e) with edge punctuation trimmed. */
typedef struct tok {
	size_t b, e;
	bool cap, particle, role, org, pron, lower;
	int bits; /* the whole token's W_* classes */
} tok;

/* The extractor, passed down to tokenize for its word table. */
typedef const lede_extractor *wlist;

#define MAXTOK 48

static int word_bits(const lede_extractor *x, const char *w, size_t n)
{
	return lede_x_word_bits(x, w, n);
}

static size_t tokenize(wlist R, const char *w, size_t n, tok *t, size_t max)
{
	size_t k = 0, i = 0;
	while (i < n && k < max) {
		while (i < n && (w[i] == ' ' || w[i] == '\t'))
			i++;
		if (i >= n)
			break;
		size_t b = i;
		while (i < n && w[i] != ' ' && w[i] != '\t')
			i++;
		size_t e = i;
		while (b < e && strchr("(\"'[", w[b]))
			b++;
		while (e > b && strchr(")\"'].:;!?,", w[e - 1]) &&
		       !(w[e - 1] == '.' && e - b <= 4 && is_upper_at(w + b, e - b)))
			e--;
		if (b == e)
			continue;
		tok *x = &t[k++];
		x->b = b;
		x->e = e;
		size_t cb = b;
		/* Elision: l'économiste, d'Aquanova. */
		if (e - b > 2 && (w[b + 1] == '\'' || (e - b > 4 && !strncmp(w + b + 1, "’", 3))) &&
		    strchr("lLdD", w[b]))
			cb = b + (w[b + 1] == '\'' ? 2 : 4);
		x->cap = is_upper_at(w + cb, e - cb);
		x->lower = is_lower_at(w + cb, e - cb);
		int whole = word_bits(R, w + b, e - b);
		int core = cb == b ? whole : word_bits(R, w + cb, e - cb);
		x->particle = whole & W_PARTICLE;
		x->role = core & W_ROLE;
		/* Places stop a name like bodies do: "Canal Street" is not a person. */
		x->org = core & W_ORG;
		x->pron = whole & W_PRON;
		x->bits = whole;
	}
	return k;
}

/* Copies text[b..e) into out, dropping Markdown emphasis and joining lines. */
static size_t clean(const char *t, size_t b, size_t e, char *out, size_t max)
{
	size_t k = 0;
	for (size_t i = b; i < e && k + 4 < max; i++) {
		char c = t[i];
		if (c == '*' || c == '>')
			continue;
		if (c == '_' &&
		    (i == b || t[i - 1] == ' ' || i + 1 == e || t[i + 1] == ' ' || t[i + 1] == '_'))
			continue;
		if (c == '\n' || c == '\r' || c == '\t')
			c = ' ';
		if (c == ' ' && k && out[k - 1] == ' ')
			continue;
		out[k++] = c;
	}
	/* Full before the end: the copy ends on a whole character, not in
	 * the middle of one (the patterns read whole UTF-8 sequences). */
	if (k + 4 >= max)
		while (k && ((unsigned char)out[k - 1] & 0x80)) {
			size_t j = k - 1;
			while (j && ((unsigned char)out[j] & 0xC0) == 0x80)
				j--;
			unsigned char lead = (unsigned char)out[j];
			size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
			if (k - j == need)
				break;
			k = j;
		}
	out[k] = 0;
	return k;
}

static size_t trim_l(const char *w, size_t i, size_t n)
{
	while (i < n && (strchr(" ,.;:-", w[i]) || !strncmp(w + i, "—", 3) ||
	                 !strncmp(w + i, "–", 3) || !strncmp(w + i, "\xc2\xa0", 2)))
		i += (unsigned char)w[i] >= 0x80 ? ((unsigned char)w[i] == 0xc2 ? 2 : 3) : 1;
	return i;
}

/* ---- names and roles ----------------------------------------------------- */

typedef struct np {
	char name[160], role[200];
	bool person, pron, common;
	bool rolish; /* a common noun phrase naming a role ("the mayor"), not a body */
	bool body;   /* a common noun phrase headed by a body ("la direction de l'hôpital") */
} np;

static void put(char *dst, size_t cap, const char *src, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
	while (n && (dst[n - 1] == ' ' || dst[n - 1] == ','))
		dst[--n] = 0;
}

/* The best proper-name run in tokens [a, z): the longest run of capitalised
 * tokens (particles inside, or last when at_end), not made of role or
 * organisation words. Returns its length, 0 if none. */
static bool possessive(const char *w, size_t n)
{
	return (n > 2 && w[n - 2] == '\'' && (w[n - 1] == 's' || w[n - 1] == 'S')) ||
	       (n > 4 && !memcmp(w + n - 4, "\xe2\x80\x99s", 4));
}

static size_t name_run(const tok *t, size_t a, size_t z, bool at_end, bool initial, size_t *rb,
                       const char *w)
{
	size_t best = 0;
	for (size_t i = a; i < z; i++) {
		if (!t[i].cap || t[i].role || t[i].org)
			continue;
		if (i == a && initial && (t[i].bits & W_INITIAL))
			continue;
		/* "consejera de Acción Climática", "member of the Tehran City Council": a place or
		 * body. */
		if ((i > a + 1 && (t[i - 1].bits & W_PREP)) ||
		    (i > a && t[i - 1].org && w[t[i - 1].e] != ',')) {
			/* (or right after a body's head: "Autoridad Metropolitana") */
			/* ...and the rest of it: "of the Seoul Digital Foundation" has no
			 * name starting at "Digital" either. */
			while (i + 1 < z && t[i + 1].cap && w[t[i].e] != ',')
				i++;
			continue;
		}
		if (i == a + 1 && (t[a].bits & W_PREP) && !t[a].particle)
			continue;
		size_t j = i + 1;
		for (;;) {
			/* A comma ends a name: "de Movilidad, Andrés Gómez". */
			if (w[t[j - 1].e] == ',')
				break;
			if (j < z && t[j].cap && !t[j].role && !t[j].org) {
				j++;
				continue;
			}
			size_t p = j;
			while (p < z && t[p].particle && p - j < 2)
				p++;
			if (p > j && p < z && t[p].cap && !t[p].role && !t[p].org) {
				j = p + 1;
				continue;
			}
			if (p > j && p == z && at_end)
				j = p;
			break;
		}
		size_t len = j - i, start = i;
		/* "the Environment Protection Authority": capitalised words before
		 * a body's head are its name, not a person's. */
		if (j < z && t[j].cap && t[j].org && w[t[j - 1].e] != ',') {
			i = j;
			while (i + 1 < z && t[i + 1].cap && w[t[i].e] != ',')
				i++;
			continue;
		}
		/* "the Foundation's team": a possessive modifies what follows, it
		 * is not who speaks. */
		if (possessive(w + t[j - 1].b, t[j - 1].e - t[j - 1].b)) {
			i = j - 1;
			continue;
		}
		if (len == 1 && ((t[i].bits & W_INITIAL) || t[i].e - t[i].b < 2)) {
			i = j - 1;
			continue;
		}
		/* "de Vries says": a particle opening the phrase belongs to the name. */
		if (i > a && i - 1 == a && t[i - 1].particle) {
			start = i - 1;
			len++;
		}
		/* A single word counts only when nothing better shows up. */
		if (len > best || (len == best && len > 1)) {
			best = len;
			*rb = start;
		}
		i = j - 1;
	}
	return best;
}

/* Does tokens [a, z) open with a determiner ("the audit", "la
 * préfecture"), or is it one elided noun ("l'association")? */
static bool det_led(const tok *t, size_t a, size_t z, const char *w)
{
	if (z <= a)
		return false;
	if (z - a >= 2 && (t[a].bits & W_DET))
		return true;
	const char *p = w + t[a].b;
	size_t n = t[a].e - t[a].b;
	size_t el = n > 2 && p[1] == '\'' ? 2 : n > 4 && !memcmp(p + 1, "\xe2\x80\x99", 3) ? 4 : 0;
	return el && (p[0] == 'l' || p[0] == 'L') && n > el + 2;
}

static size_t tokenize(wlist R, const char *w, size_t n, tok *t, size_t max);

/* det_led over the words of w[0, n). */
static bool det_led_np(wlist R, const char *w, size_t n)
{
	tok t[MAXTOK];
	size_t nt = tokenize(R, w, n, t, MAXTOK);
	return det_led(t, 0, nt, w);
}

/* Does the lower-case word x open a clause rather than a noun phrase: a
 * preposition, relative or conjunction, a gerund ("adding", "ajoutant",
 * "añadiendo") or a verb in the past? */
static bool opens_clause(const tok *x, const char *w)
{
	if (!x->lower || x->particle)
		return false;
	if (x->bits & (W_PREP | W_LEAD | W_CLAUSE | W_REL | W_AND | W_AT))
		return true;
	const char *p = w + x->b;
	size_t n = x->e - x->b;
	/* ...or a verb in the past: "described", "explicó" */
	if ((n > 4 && !memcmp(p + n - 2, "ed", 2)) || (n > 3 && !memcmp(p + n - 2, "\xc3\xb3", 2)))
		return true;
	return (n > 5 && !memcmp(p + n - 3, "ing", 3)) || (n > 5 && !memcmp(p + n - 3, "ant", 3)) ||
	       (n > 5 && !memcmp(p + n - 4, "ando", 4)) ||
	       (n > 6 && !memcmp(p + n - 5, "iendo", 5));
}

/* Can tokens [a, z) be a common noun phrase speaking: "the company",
 * "one diplomat", "le rapport de la chambre régionale des comptes"? Not a
 * phrase of place or time ("dans un avis publié en novembre"). */
static bool common_np(const tok *t, size_t a, size_t z, const char *w, bool subject)
{
	if (z <= a || (t[a].bits & W_LEAD))
		return false;
	return (z - a >= 2 && z - a <= 5 && (t[a].bits & W_INITIAL)) ||
	       (z - a <= (subject ? 12u : 8u) && det_led(t, a, z, w));
}

/* Parses a noun phrase region ("Paola Arjona, Director of AL-LAs Project",
 * "el presidente de la Generalitat, Pere Aragonès", "she", "the company")
 * into a name and a role. prefer_last picks the name segment nearest the
 * end (a subject before its verb). at_end: the region ends the text. */
static bool parse_np(wlist R, const char *w, size_t n, bool prefer_last, bool at_end, np *out)
{
	memset(out, 0, sizeof *out);
	tok t[MAXTOK];
	size_t nt = tokenize(R, w, n, t, MAXTOK);
	if (!nt)
		return false;
	/* Segments split at commas (a comma ends the token before it). */
	size_t seg[MAXTOK + 1], ns = 0;
	seg[ns++] = 0;
	for (size_t i = 0; i + 1 < nt; i++) {
		size_t e = t[i].e;
		while (e < n && w[e] != ' ' && w[e] != ',')
			e++;
		if (e < n && w[e] == ',')
			seg[ns++] = i + 1;
	}
	seg[ns] = nt;
	if (nt == 1 || (t[0].pron && (nt == 1 || ns > 1 || t[1].lower))) {
		if (t[0].pron) {
			put(out->name, sizeof out->name, w + t[0].b, t[0].e - t[0].b);
			out->pron = true;
			return true;
		}
	}
	if (prefer_last) {
		/* "in a deal that Germany's economy minister [called]". */
		size_t a = seg[ns - 1], r = a;
		for (size_t i = a; i < nt; i++)
			if (t[i].bits & W_REL)
				r = i + 1;
		bool rolish = false;
		for (size_t i = r; i < nt; i++)
			rolish |= t[i].role;
		size_t rb;
		if (r > a && nt - r <= 5 && rolish &&
		    name_run(t, r, nt, false, false, &rb, w) < 2) {
			put(out->name, sizeof out->name, w + t[r].b, t[nt - 1].e - t[r].b);
			out->common = true;
			return true;
		}
	}
	long found = -1;
	size_t fb = 0, fl = 0;
	for (size_t k = 0; k < ns; k++) {
		size_t si = prefer_last ? ns - 1 - k : k;
		size_t a = seg[si], z = seg[si + 1];
		if (z - a == 1 && t[a].pron) {
			put(out->name, sizeof out->name, w + t[a].b, t[a].e - t[a].b);
			out->pron = true;
			return true;
		}
		size_t rb = 0;
		size_t len = name_run(t, a, z, at_end && si == ns - 1, true, &rb, w);
		bool rolish = false;
		for (size_t i = a; i < z; i++)
			rolish |= t[i].role;
		if (len >= 2 || (len == 1 && !rolish && (found < 0 || fl < 1))) {
			if (found < 0 || len > fl) {
				found = (long)si;
				fb = rb;
				fl = len;
			}
			if (len >= 2)
				break;
		}
	}
	if (found >= 0) {
		/* "Burton and Nick": two people speaking together. */
		size_t zf = seg[found + 1];
		if (fb + fl + 1 < zf && (t[fb + fl].bits & W_AND) && t[fb + fl + 1].cap &&
		    !t[fb + fl + 1].role && !t[fb + fl + 1].org) {
			size_t j = fb + fl + 1;
			while (j < zf && t[j].cap && !t[j].role && !t[j].org)
				j++;
			fl = j - fb;
		}
		put(out->name, sizeof out->name, w + t[fb].b, t[fb + fl - 1].e - t[fb].b);
		out->person = true;
		/* The role: the rest of the name's segment, else a neighbouring segment. */
		size_t a = seg[found], z = seg[found + 1];
		if (fb + fl < z && !t[fb + fl].cap) {
			put(out->role, sizeof out->role, w + t[fb + fl].b,
			    t[z - 1].e - t[fb + fl].b);
		} else {
			bool next = found + 1 < (long)ns && seg[found + 2] - seg[found + 1] <= 14 &&
			            !t[seg[found + 1]].pron;
			if (next) {
				/* An apposition after the name is its role ("Gérard Piton,
				 * boulanger depuis trente ans"), unless it opens a clause of
				 * its own ("adding that", "que calificó", "à l'issue du vote"). */
				size_t ra = seg[found + 1], rz = seg[found + 2];
				bool any_role = false;
				for (size_t i = ra; i < rz; i++)
					any_role |= t[i].role;
				bool finite = false;
				for (size_t i = ra; i < rz; i++)
					finite |= (t[i].bits & W_FINITE) != 0;
				if (any_role || (!opens_clause(&t[ra], w) && !finite))
					put(out->role, sizeof out->role, w + t[ra].b,
					    t[rz - 1].e - t[ra].b);
			}
			if (!out->role[0] && found > 0 && a > 0) {
				/* "la maire, Isabelle Carré": the segment before. */
				size_t ra = seg[found - 1];
				bool any_role = !next;
				for (size_t i = ra; i < a; i++)
					any_role |= t[i].role;
				if (any_role)
					put(out->role, sizeof out->role, w + t[ra].b,
					    t[a - 1].e - t[ra].b);
			}
		}
		if (fb > a && !out->role[0]) {
			/* "la violinista Lucía Restrepo": the words before the name. */
			size_t ra = a;
			if ((t[ra].bits & W_INITIAL) && ra + 1 < fb)
				ra++;
			bool any_role = false;
			for (size_t i = ra; i < fb; i++)
				any_role |= t[i].role;
			if (any_role)
				put(out->role, sizeof out->role, w + t[ra].b,
				    t[fb - 1].e - t[ra].b);
		}
		return true;
	}
	/* A common noun phrase: "the company", "one diplomat", "The transport
	 * authority", "Le rapport de la chambre régionale des comptes",
	 * "l'association". */
	size_t a = prefer_last ? seg[ns - 1] : 0, z = prefer_last ? nt : seg[1];
	if (prefer_last && ns > 1 && !common_np(t, a, z, w, true) &&
	    common_np(t, 0, seg[1], w, true) && det_led(t, 0, seg[1], w)) {
		/* "La chambre régionale des comptes, dans un avis publié en
		 * novembre, jugeait": the subject, then a phrase between commas. */
		a = 0;
		z = seg[1];
	}
	if (common_np(t, a, z, w, prefer_last)) {
		put(out->name, sizeof out->name, w + t[a].b, t[z - 1].e - t[a].b);
		out->common = true;
		for (size_t i = a; i < z; i++) {
			out->rolish |= t[i].role;
			out->body |= t[i].org;
		}
		out->body &= !out->rolish;
		return true;
	}
	return false;
}

/* ---- sentences ------------------------------------------------------------ */

static bool abbrev_before(const char *t, size_t lo, size_t p)
{
	size_t b = p;
	while (b > lo && t[b - 1] != ' ' && t[b - 1] != '\n' && t[b - 1] != '*' && p - b < 8)
		b--;
	if (p == b || p - b > 3 || !is_upper_at(t + b, p - b))
		return false;
	/* "J." and "Dr." abbreviate; an acronym ("CGT.", "EU.") ends a
	 * sentence like any word. */
	for (size_t i = b + 1; i < p; i++)
		if (t[i] >= 'A' && t[i] <= 'Z')
			return false;
	return true;
}

static bool closing_mark(const char *t, size_t i, size_t hi, size_t *l)
{
	if (t[i] == '"' || t[i] == '\'' || t[i] == ')' || t[i] == '*') {
		*l = 1;
		return true;
	}
	if (i + 2 < hi &&
	    (!strncmp(t + i, "”", 3) || !strncmp(t + i, "’", 3) || !strncmp(t + i, "“", 3))) {
		*l = 3;
		return true;
	}
	if (i + 1 < hi && !strncmp(t + i, "»", 2)) {
		*l = 2;
		return true;
	}
	return false;
}

/* Is there a sentence end at t[p] ('.', '!', '?')? Returns the index after
 * it and any closing marks, or 0. */
static size_t sentence_end_at(const char *t, size_t lo, size_t p, size_t hi)
{
	char c = t[p];
	if (c != '.' && c != '!' && c != '?')
		return 0;
	if (c == '.' && abbrev_before(t, lo, p))
		return 0;
	size_t q = p + 1, l;
	while (q < hi && (t[q] == '.' || t[q] == '!' || t[q] == '?'))
		q++;
	while (q < hi && closing_mark(t, q, hi, &l))
		q += l;
	if (q >= hi || t[q] == ' ' || t[q] == '\n')
		return q;
	return 0;
}

static size_t sent_start(const char *t, size_t lo, size_t i)
{
	size_t limit = i > lo + 600 ? i - 600 : lo;
	while (limit < i && ((unsigned char)t[limit] & 0xC0) == 0x80)
		limit++; /* a window starts on a whole character */
	for (size_t p = i; p > limit; p--) {
		size_t e = sentence_end_at(t, lo, p - 1, i);
		if (e && e < i)
			return e;
	}
	return limit;
}

static size_t sent_end(const char *t, size_t i, size_t hi)
{
	size_t limit = hi - i > 600 ? i + 600 : hi;
	while (limit > i && limit < hi && ((unsigned char)t[limit] & 0xC0) == 0x80)
		limit--; /* and ends on one */
	for (size_t p = i; p < limit; p++) {
		size_t e = sentence_end_at(t, i, p, hi);
		if (e)
			return e;
	}
	return limit;
}

/* ---- spans ----------------------------------------------------------------- */

static void add_span(qscan *q, size_t start, size_t end, size_t cb, size_t ce, size_t b0, size_t b1)
{
	if (q->n == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 16;
		q->v = lede_xrealloc(q->v, q->cap * sizeof *q->v);
	}
	qspan *x = &q->v[q->n++];
	memset(x, 0, sizeof *x);
	x->start = start;
	x->end = end;
	x->cb = cb;
	x->ce = ce;
	x->b0 = b0;
	x->b1 = b1;
}

static int skip_cmp(const void *a, const void *b)
{
	const xrange *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

static bool quotable(const xblock *b) { return b->kind == BLK_PARA || b->kind == BLK_QUOTE; }

/* The opening mark that starts block b (after '>' and spaces), or K_NONE. */
static int block_opener(const char *t, const xblock *b, size_t *after)
{
	size_t i = b->start;
	while (i < b->end && (t[i] == ' ' || t[i] == '>' || t[i] == '\t' || t[i] == '*'))
		i++;
	int l;
	if (i >= b->end)
		return K_NONE;
	int32_t c = lede_x_cp(t, b->end, i, &l);
	*after = i + (size_t)l;
	return c == 0x201C   ? K_CURLY
	       : c == 0x201E ? K_LOW
	       : c == 0xAB   ? K_GUIL
	       : c == '"'    ? K_STRAIGHT
	                     : K_NONE;
}

static const unsigned char mark_byte[256] = {['"'] = 1, [0xC2] = 1, [0xE2] = 1};

static void find_spans(qscan *q)
{
	xstate *s = q->s;
	const char *t = s->text;
	size_t sk = 0;
	int state = K_NONE;
	size_t ostart = 0, ocb = 0, ob0 = 0, cont = 0;
	for (size_t bi = 0; bi < s->nblocks; bi++) {
		const xblock *b = &s->blocks[bi];
		if (!quotable(b)) {
			state = K_NONE;
			continue;
		}
		size_t i = cont ? cont : b->start;
		cont = 0;
		int32_t prev = ' ';
		while (i < b->end) {
			while (sk < s->nskips && s->skips[sk].end <= i)
				sk++;
			size_t lim = b->end;
			if (sk < s->nskips && s->skips[sk].start < lim)
				lim = s->skips[sk].start;
			if (lim <= i) {
				i = s->skips[sk].end;
				prev = 'x';
				continue;
			}
			/* Only '"' and the first bytes of « » “ ” „ can be marks. */
			while (i < lim && !mark_byte[(unsigned char)t[i]])
				i++;
			if (i >= lim)
				continue;
			int l;
			int32_t c = lede_x_cp(t, b->end, i, &l);
			size_t nx = i + (size_t)l;
			if (c != '"' && c != 0x201C && c != 0x201D && c != 0x201E && c != 0xAB &&
			    c != 0xBB) {
				i = nx;
				continue;
			}
			if (i > b->start)
				prev = lede_x_cp_before(t, i, &l);
			int32_t next = nx < b->end ? lede_x_cp(t, b->end, nx, &l) : ' ';
			bool ws_prev = i == b->start || is_space_cp(prev) ||
			               (prev < 0x80 && prev && strchr("([{/>*_", (int)prev)) ||
			               prev == 0x2014 || prev == 0x2013;
			bool ws_next = is_space_cp(next);
			switch (c) {
			case 0x201C: /* “ */
				if (state == K_LOW) {
					add_span(q, ostart, nx, ocb, i, ob0, bi);
					state = K_NONE;
				} else if (state == K_NONE || state == K_CURLY) {
					state = K_CURLY;
					ostart = i;
					ocb = nx;
					ob0 = bi;
				}
				break;
			case 0x201D: /* ” */
				if (state == K_CURLY || state == K_LOW) {
					add_span(q, ostart, nx, ocb, i, ob0, bi);
					state = K_NONE;
				}
				break;
			case 0x201E: /* „ */
				if (state == K_NONE || state == K_LOW) {
					state = K_LOW;
					ostart = i;
					ocb = nx;
					ob0 = bi;
				}
				break;
			case 0xAB: /* « */
				if (state == K_NONE || state == K_GUIL) {
					state = K_GUIL;
					ostart = i;
					ocb = nx;
					ob0 = bi;
				}
				break;
			case 0xBB: /* » */
				if (state == K_GUIL) {
					add_span(q, ostart, nx, ocb, i, ob0, bi);
					state = K_NONE;
				}
				break;
			case '"':
				if (state == K_STRAIGHT && !is_space_cp(prev)) {
					add_span(q, ostart, nx, ocb, i, ob0, bi);
					state = K_NONE;
				} else if ((state == K_NONE || state == K_STRAIGHT) && ws_prev &&
				           !ws_next) {
					state = K_STRAIGHT;
					ostart = i;
					ocb = nx;
					ob0 = bi;
				}
				break;
			}
			i = nx;
		}
		if (state != K_NONE) {
			/* A quotation running on: the next paragraph opens with the same mark. */
			size_t after;
			if (bi + 1 < s->nblocks && quotable(&s->blocks[bi + 1]) &&
			    block_opener(t, &s->blocks[bi + 1], &after) == state)
				cont = after;
			else
				state = K_NONE;
		}
	}
}

/* The span's text without its marks, continuation marks and edge spaces. */
static char *span_text(qscan *q, const qspan *x)
{
	xstate *s = q->s;
	const char *t = s->text;
	lede_buf b = LEDE_BUF_INIT;
	size_t i = x->cb;
	for (size_t bi = x->b0; bi <= x->b1; bi++) {
		const xblock *bl = &s->blocks[bi];
		if (bi > x->b0) {
			lede_buf_puts(&b, "\n\n");
			size_t after;
			i = bl->start;
			if (block_opener(t, bl, &after) != K_NONE)
				i = after;
			while (i < bl->end && (t[i] == ' ' || !strncmp(t + i, "\xc2\xa0", 2)))
				i += t[i] == ' ' ? 1 : 2;
		}
		size_t e = bi == x->b1 ? x->ce : bl->end;
		if (i < e)
			lede_buf_put(&b, t + i, e - i);
	}
	const char *d = lede_buf_cstr(&b);
	size_t n = b.len, a = 0;
	while (a < n && (d[a] == ' ' || d[a] == '\n' || !strncmp(d + a, "\xc2\xa0", 2) ||
	                 !strncmp(d + a, "\xe2\x80\xaf", 3)))
		a += d[a] == ' ' || d[a] == '\n' ? 1 : (d[a] == '\xc2' ? 2 : 3);
	while (n > a && (d[n - 1] == ' ' || d[n - 1] == '\n' ||
	                 (n - a >= 2 && !strncmp(d + n - 2, "\xc2\xa0", 2)) ||
	                 (n - a >= 3 && !strncmp(d + n - 3, "\xe2\x80\xaf", 3))))
		n -= d[n - 1] == ' ' || d[n - 1] == '\n' ? 1 : (d[n - 1] == '\xa0' ? 2 : 3);
	/* As a reader cites it: white space runs inside a paragraph become one
	 * space, and the comma that only closed the quoted clause goes ("wages
	 * haven't moved," -> "wages haven't moved"). */
	char *r = lede_arena_alloc(s->a, n - a + 1);
	size_t k = 0;
	for (size_t j = a; j < n; j++) {
		if (d[j] == '\n' && j + 1 < n && d[j + 1] == '\n') {
			while (k && r[k - 1] == ' ')
				k--;
			r[k++] = '\n';
			r[k++] = '\n';
			while (j + 1 < n && (d[j + 1] == '\n' || d[j + 1] == ' '))
				j++;
			continue;
		}
		char c = d[j] == '\n' || d[j] == '\t' || d[j] == '\r' ? ' ' : d[j];
		if (c == ' ' && k && (r[k - 1] == ' ' || r[k - 1] == '\n'))
			continue;
		r[k++] = c;
	}
	while (k && (r[k - 1] == ' ' || r[k - 1] == ','))
		k--;
	r[k] = 0;
	lede_buf_free(&b);
	return r;
}

/* ---- attribution ------------------------------------------------------------ */

static void remember_name(qscan *q, const char *name) { lede_x_name_add(&q->names, name, q->cur); }

/* "Ortega" -> "Juan Carlos Ortega": the latest full name ending with it seen
 * before the quotation, else the first one after it. A speaker is reported
 * by the full name the article introduced. */
static const char *expand_name(qscan *q, const char *name)
{
	return lede_x_name_expand(&q->names, name, q->cur);
}

static int cue_search(xstate *s, const char *w, size_t n, size_t from, bool anchored, size_t *cb,
                      size_t *ce)
{
	for (;;) {
		int rc = lede_x_match(s, anchored ? RX_Q_AT_CUE : RX_Q_CUE, w, n, from,
		                      anchored ? PCRE2_ANCHORED : 0, "quotes", 0);
		if (rc <= 0)
			return 0;
		lede_x_group(s, 1, cb, ce);
		if (anchored || *cb == 0)
			return 1;
		int l;
		int32_t p = lede_x_cp_before(w, *cb, &l);
		utf8proc_category_t k = utf8proc_category(p);
		bool word = (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) ||
		            (k >= UTF8PROC_CATEGORY_ND && k <= UTF8PROC_CATEGORY_NO) || p == '\'' ||
		            p == 0x2019 || p == '-';
		if (!word)
			return 1;
		from = *cb + 1;
		while (from < n && ((unsigned char)w[from] & 0xC0) == 0x80)
			from++;
	}
}

/* The subject of the sentence w: a person or pronoun before its cue verb (or
 * at its start). Fills *out; returns true when found. */
static bool sentence_subject(qscan *q, const char *w, size_t n, np *out, const char **cue)
{
	xstate *s = q->s;
	wlist R = s->c->x;
	size_t cb, ce;
	if (cue_search(s, w, n, 0, false, &cb, &ce)) {
		if (cue)
			*cue = lede_arena_strndup(s->a, w + cb, ce - cb);
		if (cb > 0 && parse_np(R, w, cb, true, false, out) &&
		    (out->person || out->pron || out->common))
			return true;
	}
	/* No cue: the first segment's leading name ("Claes is already thinking ahead:"). */
	size_t e = 0;
	while (e < n && w[e] != ',')
		e++;
	tok t[MAXTOK];
	size_t nt = tokenize(R, w, e, t, MAXTOK);
	if (nt && e < n && (t[0].bits & W_LEAD)) {
		/* "Desde Buenos Aires, Mariana Sosa, subsecretaria de ..., puso":
		 * an opening phrase of place or time; the subject comes next. */
		size_t b2 = e + 1, e2 = b2;
		while (e2 < n && w[e2] != ',')
			e2++;
		tok t2[MAXTOK];
		size_t n2 = tokenize(R, w + b2, e2 - b2, t2, MAXTOK);
		size_t rb2 = 0;
		size_t len2 = name_run(t2, 0, n2 < 6 ? n2 : 6, false, false, &rb2, w + b2);
		if (len2 < 2 || rb2 != 0)
			return false;
		memset(out, 0, sizeof *out);
		put(out->name, sizeof out->name, w + b2 + t2[0].b, t2[len2 - 1].e - t2[0].b);
		out->person = true;
		if (e2 < n) {
			size_t b3 = e2 + 1, e3 = b3;
			while (e3 < n && w[e3] != ',')
				e3++;
			while (b3 < e3 && w[b3] == ' ')
				b3++;
			if (e3 < n && e3 > b3)
				put(out->role, sizeof out->role, w + b3, e3 - b3);
		}
		return true;
	}
	if (nt && t[0].pron) {
		memset(out, 0, sizeof *out);
		put(out->name, sizeof out->name, w + t[0].b, t[0].e - t[0].b);
		out->pron = true;
		return true;
	}
	size_t rb;
	size_t len = name_run(t, 0, nt < 6 ? nt : 6, false, true, &rb, w);
	/* A lone capitalised word opening a sentence is a name only when known ("Claes", not
	 * "Ten"). */
	const char *known =
	    len == 1 ? expand_name(q, lede_arena_strndup(s->a, w + t[rb].b, t[rb].e - t[rb].b))
	             : NULL;
	if (len && (len > 1 || known) && rb <= 3 &&
	    ((rb + len < nt && t[rb + len].lower) || (rb + len == nt && e < n))) {
		memset(out, 0, sizeof *out);
		put(out->name, sizeof out->name, w + t[rb].b, t[rb + len - 1].e - t[rb].b);
		out->person = true;
		return true;
	}
	/* "The mayor, Jean Dupont, was blunt:": a name in apposition to the subject. */
	if (!len && e < n && nt <= 4) {
		size_t e2 = e + 1;
		while (e2 < n && w[e2] != ',')
			e2++;
		tok t2[MAXTOK];
		size_t n2 = tokenize(R, w + e + 1, e2 - e - 1, t2, MAXTOK);
		len = name_run(t2, 0, n2, false, false, &rb, w + e + 1);
		if (len >= 2 && len == n2 && e2 < n) {
			memset(out, 0, sizeof *out);
			put(out->name, sizeof out->name, w + e + 1 + t2[0].b,
			    t2[n2 - 1].e - t2[0].b);
			put(out->role, sizeof out->role, w, e);
			out->person = true;
			return true;
		}
	}
	return false;
}

/* The last name of two words or more in w ("..., Marcus Hale, what ..."). */
static bool last_full_name(wlist R, const char *w, size_t n, np *out)
{
	tok t[MAXTOK];
	size_t nt = tokenize(R, w, n, t, MAXTOK);
	bool found = false;
	for (size_t i = 0; i < nt;) {
		size_t rb;
		size_t len = name_run(t, i, nt, false, i == 0, &rb, w);
		if (len < 2)
			break;
		memset(out, 0, sizeof *out);
		put(out->name, sizeof out->name, w + t[rb].b, t[rb + len - 1].e - t[rb].b);
		out->person = found = true;
		i = rb + len;
	}
	return found;
}

/* "La intendenta respondió": the one speaker quoted before in a role that
 * holds a noun of that phrase ("la intendenta, Carolina Méndez"), the
 * noun in the role tables or not; NULL when no one or more than one was. */
static const char *role_holder(qscan *q, size_t qi, const char *name)
{
	wlist R = q->s->c->x;
	const char *found = NULL;
	for (const char *w = name; *w;) {
		size_t n = strcspn(w, " ");
		if (n && !(word_bits(R, w, n) & (W_DET | W_PREP | W_INITIAL | W_AND))) {
			for (size_t k = qi; k-- > 0;) {
				const qspan *y = &q->v[k];
				if (!y->quote || !y->named || !y->speaker || !y->role)
					continue;
				bool has = false;
				for (const char *r = y->role; *r && !has;) {
					size_t m = strcspn(r, " ,");
					has = m == n && !strncasecmp(r, w, n);
					r += m;
					r += strspn(r, " ,");
				}
				if (!has)
					continue;
				if (found && strcmp(found, y->speaker))
					return NULL;
				found = y->speaker;
			}
		}
		w += n;
		w += strspn(w, " ");
	}
	return found;
}

/* A body opening a sentence without a speech verb, up to its finite verb:
 * "La chambre régionale des comptes s'était montrée prudente." (so that
 * "Elle y estimait que « … »" is the chamber). A determiner first, a
 * body's head noun and no person's name before the verb. */
static bool opening_body(wlist R, const char *w, size_t n, np *out)
{
	tok t[MAXTOK];
	size_t nt = tokenize(R, w, n, t, MAXTOK);
	size_t j = 1;
	for (; j < nt && j <= 8; j++) {
		const char *p = w + t[j].b;
		size_t m = t[j].e - t[j].b;
		/* (an elided pronoun before it: "s'est") */
		size_t el = m > 2 && p[1] == '\'' ? 2 : m > 4 && !memcmp(p + 1, "’", 3) ? 4 : 0;
		if (t[j].lower &&
		    ((t[j].bits & W_FINITE) || (el && (word_bits(R, p + el, m - el) & W_FINITE))))
			break;
	}
	if (j >= nt || j > 8 || !det_led(t, 0, j, w))
		return false;
	bool org = false;
	for (size_t i = 0; i < j; i++) {
		org |= t[i].org;
		if (w[t[i].e] == ',')
			return false;
	}
	size_t rb;
	if (!org || name_run(t, 0, j, false, true, &rb, w) >= 2)
		return false;
	memset(out, 0, sizeof *out);
	put(out->name, sizeof out->name, w + t[0].b, t[j - 1].e - t[0].b);
	out->common = out->body = true;
	return true;
}

/* The nearest person named before position pos (within two blocks): a
 * sentence subject or the speaker of an earlier quotation. */
static const char *nearest_person(qscan *q, size_t qi, size_t pos, bool any, const char **role)
{
	xstate *s = q->s;
	wlist R = s->c->x;
	const char *t = s->text;
	const qspan *x = &q->v[qi];
	size_t lo = s->blocks[x->b0 > 3 ? x->b0 - 4 : 0].start;
	const char *best = NULL;
	size_t best_pos = 0;
	for (size_t k = qi; k-- > 0;) {
		if (q->v[k].named && q->v[k].quote) {
			best = q->v[k].speaker;
			best_pos = q->v[k].start;
			break;
		}
	}
	/* Walk sentences backwards from pos until one names someone. */
	size_t p = pos;
	char w[700];
	for (int guard = 0; guard < 8 && p > lo && p > best_pos; guard++) {
		size_t st = sent_start(t, lo, p);
		size_t n = clean(t, st, p, w, sizeof w);
		np sub;
		const char *cue = NULL;
		bool got = sentence_subject(q, w, n, &sub, &cue);
		bool hit = got && (sub.person || (sub.common && (any || sub.body)));
		const char *holder =
		    got && !hit && sub.common && !sub.body ? role_holder(q, qi, sub.name) : NULL;
		if (holder) {
			if (st + 1 < best_pos)
				break;
			return holder;
		}
		if (!hit)
			hit = last_full_name(R, w, n, &sub);
		if (!hit && !got)
			hit = opening_body(R, w, n, &sub);
		if (hit) {
			if (st + 1 < best_pos)
				break;
			const char *full = sub.person ? expand_name(q, sub.name) : NULL;
			if (sub.person && !full)
				remember_name(q, sub.name);
			/* "Lisbon's mayor, João Pereira, argued ... \"...\" he said":
			 * the role the subject was named with. */
			bool quoted = false;
			for (size_t k = 0; k < q->n && !quoted; k++)
				quoted = q->v[k].start < p && q->v[k].end > st;
			if (sub.person && sub.role[0] && !quoted) {
				size_t rb = strspn(sub.role, " ");
				*role = lede_arena_strdup(s->a, sub.role + rb);
			}
			return full ? full : lede_arena_strdup(s->a, sub.name);
		}
		if (st >= p)
			break;
		p = st;
		while (p > lo && (t[p - 1] == ' ' || t[p - 1] == '\n'))
			p--;
	}
	return best;
}

/* The role a person was introduced with, for a quotation that names them
 * by surname or pronoun: the role of their latest quotation before, else
 * the role in apposition where the article first names them, in a
 * sentence without a quoted span ("Maria Lopez, the city's transport
 * director, presented the plan."), holding a role noun. NULL if none. */
static bool has_role_noun(wlist R, const char *r)
{
	tok t[MAXTOK];
	size_t nt = tokenize(R, r, strlen(r), t, MAXTOK);
	for (size_t i = 0; i < nt; i++)
		if (t[i].role)
			return true;
	return false;
}

static const char *intro_role(qscan *q, size_t qi, const char *full)
{
	xstate *s = q->s;
	wlist R = s->c->x;
	for (size_t k = qi; k-- > 0;) {
		const qspan *y = &q->v[k];
		if (y->quote && y->role && y->speaker && !strcmp(y->speaker, full) &&
		    has_role_noun(R, y->role))
			return y->role;
	}
	if (q->ir_name && !strcmp(q->ir_name, full))
		return q->ir_role;
	q->ir_name = full;
	q->ir_role = NULL;
	size_t pos = lede_x_name_pos(&q->names, full);
	const qspan *x = &q->v[qi];
	if (pos == SIZE_MAX || pos >= x->start)
		return NULL;
	size_t bi = x->b0;
	while (bi > 0 && s->blocks[bi].start > pos)
		bi--;
	if (s->blocks[bi].start > pos || s->blocks[bi].end <= pos)
		return NULL;
	/* (Cheaply first: an apposition has a comma right after the name.) */
	const char *t = s->text;
	size_t fl = strlen(full), hi = s->blocks[bi].end, at = hi;
	for (size_t i = pos; i + fl <= hi && i < pos + 600 && at == hi; i++) {
		const char *m = memchr(t + i, full[0], hi - fl + 1 - i);
		if (!m)
			break;
		i = (size_t)(m - t);
		if (!memcmp(m, full, fl))
			at = i + fl;
	}
	while (at < hi && (t[at] == '*' || t[at] == '_'))
		at++;
	if (at >= hi || t[at] != ',')
		return NULL;
	size_t end = sent_end(t, pos, hi);
	for (size_t k = 0; k < q->n && q->v[k].start < end; k++)
		if (q->v[k].end > pos)
			return NULL;
	char w[700];
	size_t n = clean(s->text, pos, end, w, sizeof w), cb, ce;
	if (cue_search(s, w, n, 0, false, &cb, &ce))
		n = cb;
	np who;
	if (!n || !parse_np(R, w, n, false, false, &who) || !who.person || !who.role[0])
		return NULL;
	const char *named = expand_name(q, who.name);
	if (strcmp(named ? named : who.name, full))
		return NULL;
	const char *r = who.role + strspn(who.role, " ");
	if (has_role_noun(R, r))
		q->ir_role = lede_arena_strdup(s->a, r);
	return q->ir_role;
}

/* "The bank said" after "the World Bank": a determiner and a body's head
 * noun stand for the last body named before (within four blocks) whose
 * capitalised name ends with that noun. NULL when there is none. */
/* A word of the text for described_body: [b, e) without edge marks or
 * punctuation, [cb, e) without an elided article ("l'Organisation"). */
typedef struct bword {
	size_t b, e, cb;
	bool comma; /* punctuation after it ends a phrase */
} bword;

/* A body's name in words v[0, n) that end before "(ACRONYM)": from the
 * nearest capitalised body head ("Organisation mondiale de la santé", with
 * the capitalised words before it: "World Health Organization"), else the
 * capitalised run at the end ("Médecins Sans Frontières"). */
static bool acronym_name(wlist R, const char *t, const bword *v, size_t n, size_t *from)
{
	size_t lim = n > 10 ? n - 10 : 0, run = n;
	bool in_run = true;
	for (size_t i = n; i-- > lim;) {
		if (i + 1 < n && v[i].comma)
			break;
		bool cap = is_upper_at(t + v[i].cb, v[i].e - v[i].cb);
		int bits = word_bits(R, t + v[i].cb, v[i].e - v[i].cb);
		if (cap && (bits & W_ORG) && !(bits & W_PLACE)) {
			while (i > 0 && !v[i - 1].comma && v[i - 1].cb == v[i - 1].b &&
			       is_upper_at(t + v[i - 1].b, v[i - 1].e - v[i - 1].b) &&
			       !(word_bits(R, t + v[i - 1].b, v[i - 1].e - v[i - 1].b) &
			         (W_INITIAL | W_DET | W_ORG)))
				i--;
			*from = i;
			return true;
		}
		if (in_run && cap && v[i].cb == v[i].b && !(bits & (W_INITIAL | W_DET)))
			run = i;
		else if (!(bits & W_PARTICLE))
			in_run = false;
	}
	*from = run;
	return run < n;
}

/* "the network", "el organismo" with no body of that name before: the body
 * the article described with that noun ("C40 Cities, a network of ...",
 * "the C40 network"), a body named with it and its acronym ("la Agencia
 * Europea de Medio Ambiente (AEMA)"), or, for a noun any body can be
 * called (W_GENERIC), the last body named: with its acronym, or a
 * capitalised name ending with a body's head. Searched from the start of
 * the text to the quotation; NULL when there is none. */
static const char *described_body(qscan *q, size_t qi, const char *head, size_t hn)
{
	xstate *s = q->s;
	wlist R = s->c->x;
	const char *t = s->text;
	bool generic = word_bits(R, head, hn) & W_GENERIC;
	enum { NW = 12 };
	bword v[NW];
	size_t nv = 0;
	const char *best = NULL;
	size_t bb = 0, be = 0;
	size_t end = q->v[qi].start;
	for (size_t bi = 0; bi < s->nblocks && s->blocks[bi].start < end; bi++) {
		const xblock *bl = &s->blocks[bi];
		if (!quotable(bl))
			continue;
		nv = 0;
		size_t lim = bl->end < end ? bl->end : end;
		for (size_t i = bl->start; i < lim;) {
			while (i < lim && (t[i] == ' ' || t[i] == '\n' || t[i] == '\t'))
				i++;
			size_t b = i;
			while (i < lim && t[i] != ' ' && t[i] != '\n' && t[i] != '\t')
				i++;
			if (b == i)
				break;
			size_t e = i;
			bool paren = t[b] == '(';
			while (b < e && strchr("(\"'*_[", t[b]))
				b++;
			while (b < e && (unsigned char)t[b] >= 0x80 && !is_upper_at(t + b, e - b) &&
			       !is_lower_at(t + b, e - b))
				b += (unsigned char)t[b] >= 0xE0 ? 3 : 2; /* « “ */
			size_t e0 = e;
			while (e > b && strchr(")\"'*_].,;:!?", t[e - 1]))
				e--;
			if (b >= e)
				continue;
			bword w = {b, e, b, false};
			for (size_t k = e; k < e0; k++)
				w.comma |= t[k] == ',' || t[k] == '.' || t[k] == ';' || t[k] == ':';
			if (e - b > 2 && strchr("lLdD", t[b]) && t[b + 1] == '\'')
				w.cb = b + 2;
			else if (e - b > 4 && strchr("lLdD", t[b]) && !memcmp(t + b + 1, "’", 3))
				w.cb = b + 4;
			size_t nb = 0;
			/* "(OIM)": the name before it. */
			bool acr = paren && e0 > e && t[e] == ')' && e - b >= 2 && e - b <= 8;
			for (size_t k = b; acr && k < e; k++)
				acr = (t[k] >= 'A' && t[k] <= 'Z') || (t[k] >= '0' && t[k] <= '9');
			if (acr && nv && acronym_name(R, t, v, nv, &nb)) {
				bool has = generic;
				for (size_t k = nb; k < nv && !has; k++)
					has = v[k].e - v[k].cb == hn &&
					      !strncasecmp(t + v[k].cb, head, hn);
				if (has) {
					best = t, bb = v[nb].cb, be = v[nv - 1].e;
				}
			}
			/* "C40 Cities, a network", "the C40 network". */
			if (!paren && w.e - w.cb == hn && !strncasecmp(t + w.cb, head, hn) &&
			    is_lower_at(t + w.cb, hn) && nv) {
				const bword *p = &v[nv - 1];
				size_t pn = p->e - p->b, z = nv;
				if (nv >= 2 && v[nv - 2].comma && pn <= 3 && !p->comma &&
				    (word_bits(R, t + p->b, pn) & W_INITIAL) &&
				    is_lower_at(t + p->b, pn))
					z = nv - 1; /* "a", "une", "una" after the comma */
				else if (p->comma || !is_upper_at(t + p->b, pn))
					z = 0;
				size_t a = z;
				while (a > 0 &&
				       is_upper_at(t + v[a - 1].cb, v[a - 1].e - v[a - 1].cb) &&
				       (a == z || !v[a - 1].comma) &&
				       !(word_bits(R, t + v[a - 1].cb, v[a - 1].e - v[a - 1].cb) &
				         (W_INITIAL | W_DET)))
					a--;
				if (a < z)
					best = t, bb = v[a].cb, be = v[z - 1].e;
			}
			/* "the World Bank" for "the organisation". */
			if (generic && !paren && w.cb == w.b && is_upper_at(t + b, e - b) && nv &&
			    !v[nv - 1].comma &&
			    is_upper_at(t + v[nv - 1].b, v[nv - 1].e - v[nv - 1].b) &&
			    (word_bits(R, t + b, e - b) & (W_ORG | W_PLACE)) == W_ORG) {
				size_t a = nv;
				while (a > 0 && (a == nv || !v[a - 1].comma) &&
				       is_upper_at(t + v[a - 1].cb, v[a - 1].e - v[a - 1].cb) &&
				       !(word_bits(R, t + v[a - 1].cb, v[a - 1].e - v[a - 1].cb) &
				         (W_INITIAL | W_DET)))
					a--;
				if (a < nv)
					best = t, bb = v[a].cb, be = e;
			}
			if (nv == NW) {
				memmove(v, v + 1, (NW - 1) * sizeof *v);
				nv--;
			}
			v[nv++] = w;
			if (e0 > e && strchr(".!?", t[e0 - 1]))
				nv = 0; /* a sentence ends */
		}
	}
	return best ? lede_arena_strndup(s->a, best + bb, be - bb) : NULL;
}

static const char *named_body(qscan *q, size_t qi, const char *name)
{
	xstate *s = q->s;
	wlist R = s->c->x;
	const char *t = s->text;
	const char *sp = strchr(name, ' ');
	size_t el = (name[0] == 'l' || name[0] == 'L') && name[1] == '\''              ? 2
	            : (name[0] == 'l' || name[0] == 'L') && !strncmp(name + 1, "’", 3) ? 4
	                                                                               : 0;
	if (!sp && el && name[el])
		sp = name + el - 1; /* "l'organisation" */
	else if (!sp || strchr(sp + 1, ' ') || !(word_bits(R, name, (size_t)(sp - name)) & W_DET))
		return NULL;
	const char *head = sp + 1;
	size_t hn = strlen(head);
	if (!hn || !(word_bits(R, head, hn) & W_ORG))
		return NULL;
	const qspan *x = &q->v[qi];
	size_t lo = s->blocks[x->b0 > 3 ? x->b0 - 4 : 0].start;
	for (size_t p = x->start; p > lo + hn;) {
		p--;
		size_t b = p + 1 - hn;
		if (!is_upper_at(t + b, hn) || strncasecmp(t + b, head, hn) ||
		    (p + 1 < x->start &&
		     (isalnum((unsigned char)t[p + 1]) || (unsigned char)t[p + 1] >= 0x80)) ||
		    t[b - 1] != ' ')
			continue;
		/* The capitalised words just before the head, one space apart. */
		size_t start = b;
		while (start > lo + 1 && t[start - 1] == ' ') {
			size_t w = start - 1;
			while (w > lo && t[w - 1] != ' ' && t[w - 1] != '\n')
				w--;
			int bits = word_bits(R, t + w, start - 1 - w);
			if (w == start - 1 || (bits & W_DET)) {
				/* "The Environment Agency": its determiner with it. */
				if (w < start - 1 && start < b)
					start = w;
				break;
			}
			if (!is_upper_at(t + w, start - 1 - w) || (bits & W_INITIAL))
				break;
			start = w;
		}
		if (start == b)
			continue;
		return lede_arena_strndup(s->a, t + start, b + hn - start);
	}
	return described_body(q, qi, head, hn);
}

static void set_speaker(qscan *q, size_t qi, np *who, const char *cue, double conf)
{
	qspan *x = &q->v[qi];
	xstate *s = q->s;
	const char *head = strrchr(who->name, ' ') ? strrchr(who->name, ' ') + 1 : who->name;
	bool stand_in = who->common && (word_bits(s->c->x, head, strlen(head)) & W_STANDIN);
	if (who->pron || stand_in) {
		const char *role = NULL;
		x->speaker = nearest_person(q, qi, x->start, stand_in, &role);
		if (!role && x->speaker && who->pron)
			role = intro_role(q, qi, x->speaker);
		if (role && !who->role[0])
			x->role = role;
		x->named = x->speaker != NULL;
		conf -= 0.1;
		/* No one named before: the pronoun is all the text says. */
		if (!x->speaker && who->pron && who->name[0]) {
			x->speaker = lede_arena_strdup(s->a, who->name);
			conf -= 0.2;
		}
	} else if (who->name[0]) {
		const char *full = who->person   ? expand_name(q, who->name)
		                   : who->common ? named_body(q, qi, who->name)
		                                 : NULL;
		x->speaker = full ? full : lede_arena_strdup(s->a, who->name);
		x->named = true;
		/* "Lopez said": the role Maria Lopez was introduced with. */
		if (who->person && full && strcmp(full, who->name) && !who->role[0])
			x->role = intro_role(q, qi, full);
		if (who->person)
			remember_name(q, x->speaker);
	}
	if (who->role[0])
		x->role = lede_arena_strdup(s->a, who->role);
	x->cue = cue;
	x->conf = conf;
}

static size_t count_words(const char *s)
{
	size_t n = 0;
	bool in = false;
	for (; *s; s++) {
		bool sp = *s == ' ' || *s == '\n' || *s == '\t';
		if (!sp && !in)
			n++;
		in = !sp;
	}
	return n;
}

static bool ends_sentence(const char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '*'))
		n--;
	return n && strchr(".,!?;:", s[n - 1]) != NULL;
}

/* Where the words naming a speaker in w[a, n) end: before a clause word
 * ("who runs", "during the vote", "devant la presse") or a preposition of
 * place with a determiner after it ("in the square"); else n. The first
 * word never ends them. */
static size_t speaker_words_end(wlist R, const char *w, size_t a, size_t n)
{
	size_t i = a;
	int pbits = 0;
	size_t pb = 0;
	bool first = true;
	while (i < n) {
		while (i < n && w[i] == ' ')
			i++;
		size_t b = i;
		while (i < n && w[i] != ' ')
			i++;
		if (b == i)
			break;
		int bits = word_bits(R, w + b, i - b);
		if (!first) {
			if (bits & W_CLAUSE)
				return b - 1;
			if ((pbits & W_AT) && (bits & W_DET))
				return pb - 1;
		}
		pbits = first ? 0 : bits;
		pb = b;
		first = false;
	}
	return n;
}

/* The end of a verb with an inverted subject pronoun at w[i]
 * ("sourit-elle", "ajoute-t-il"), or 0. */
static size_t inverted_verb(wlist R, const char *w, size_t i, size_t n)
{
	size_t e = i;
	while (e < n && w[e] != ' ' && w[e] != ',' && w[e] != '.' && w[e] != ';')
		e++;
	const char *d = NULL;
	for (size_t k = i; k < e; k++)
		if (w[k] == '-')
			d = w + k;
	if (!d || d == w + i || !is_lower_at(w + i, e - i))
		return 0;
	size_t pl = (size_t)(w + e - d - 1);
	return pl && (word_bits(R, d + 1, pl) & W_PRON) ? e : 0;
}

/* Attribution after the closing mark: ", said NAME", ", NAME said", ", ROLE,
 * NAME" or "This is how X begins". Returns true when it found one. */
static bool attribute_after(qscan *q, size_t qi, bool closed_sentence)
{
	xstate *s = q->s;
	wlist R = s->c->x;
	qspan *x = &q->v[qi];
	const xblock *b = &s->blocks[x->b1];
	char w[700];
	size_t end = sent_end(s->text, x->end, b->end);
	/* The attribution stops at the next quotation: in "“A,” says X, “B.”"
	 * the second half is not part of X's role. */
	if (qi + 1 < q->n && q->v[qi + 1].start < end && q->v[qi + 1].start >= x->end)
		end = q->v[qi + 1].start;
	size_t n = clean(s->text, x->end, end, w, sizeof w);
	size_t i = trim_l(w, 0, n);
	size_t cb, ce;
	np who;
	if (i >= n)
		return false;
	if (lede_x_match(s, RX_Q_DOC, w, n, 0, 0, "quotes", b->para) > 0) {
		size_t gb, ge;
		lede_x_group(s, 1, &gb, &ge);
		memset(&who, 0, sizeof who);
		put(who.name, sizeof who.name, w + gb, ge - gb);
		set_speaker(q, qi, &who, NULL, 0.7);
		return true;
	}
	if (closed_sentence && is_upper_at(w + i, n - i)) {
		/* A new sentence, unless it is "NAME said". */
		size_t e = i;
		while (e < n && w[e] != ',' && w[e] != '.')
			e++;
		tok t[MAXTOK];
		size_t nt = tokenize(R, w + i, e - i, t, 6);
		size_t rb;
		size_t len = name_run(t, 0, nt, false, true, &rb, w + i);
		if (!(len && rb == 0 && cue_search(s, w, n, i + t[len - 1].e, true, &cb, &ce) &&
		      cb <= i + t[len - 1].e + 2))
			return false;
	}
	if (cue_search(s, w, n, i, true, &cb, &ce)) {
		const char *cue = lede_arena_strndup(s->a, w + cb, ce - cb);
		/* French inversion carries its own pronoun: "a-t-il ajouté". */
		const char *dash = strrchr(cue, '-');
		if (dash && (word_bits(R, dash + 1, strlen(dash + 1)) & W_PRON)) {
			memset(&who, 0, sizeof who);
			who.pron = true;
			set_speaker(q, qi, &who, cue, 0.85);
			return true;
		}
		size_t a = trim_l(w, ce, n);
		/* The phrase ends at a clause: "who runs...", "during...", "after the vote". */
		size_t z = speaker_words_end(R, w, a, n);
		while (z > a && strchr(" .,;", w[z - 1]))
			z--;
		/* "a indiqué la préfecture" is the prefecture; "said the mayor",
		 * "observe la maraîchère" is the person named before, in that
		 * role. */
		bool ok = z > a && parse_np(R, w + a, z - a, false, end >= b->end, &who);
		if (ok &&
		    !(who.common && !who.person && !(who.body && det_led_np(R, w + a, z - a)))) {
			set_speaker(q, qi, &who, cue, 0.9);
			return true;
		}
		char role[sizeof who.role] = "";
		if (ok && who.common && !who.person && det_led_np(R, w + a, z - a))
			snprintf(role, sizeof role, "%s", who.name);
		/* Spanish drops the subject: "…», explicó." */
		memset(&who, 0, sizeof who);
		memcpy(who.role, role, sizeof role);
		who.pron = true;
		set_speaker(q, qi, &who, cue, 0.75);
		return true;
	}
	/* "», sourit-elle.": any verb with an inverted subject pronoun is an
	 * incise of speech, listed or not. */
	size_t inv = inverted_verb(R, w, i, n);
	if (inv) {
		memset(&who, 0, sizeof who);
		who.pron = true;
		set_speaker(q, qi, &who, lede_arena_strndup(s->a, w + i, inv - i), 0.85);
		return true;
	}
	/* "jugée « très insuffisante » par le Syndeac": a passive's agent. */
	size_t we = i;
	while (we < n && w[we] != ' ' && w[we] != ',')
		we++;
	if (!closed_sentence && we < n && (word_bits(R, w + i, we - i) & W_AGENT)) {
		size_t a = trim_l(w, we, n), z = speaker_words_end(R, w, a, n);
		size_t c = a;
		while (c < z && w[c] != ',' && w[c] != '.' && w[c] != ';')
			c++;
		if (c > a && parse_np(R, w + a, c - a, false, true, &who) &&
		    (who.person || (who.common && who.body))) {
			/* The agent word is the cue, as "selon" is for "according to". */
			set_speaker(q, qi, &who, lede_arena_strndup(s->a, w + i, we - i), 0.75);
			return true;
		}
	}
	/* "NAME, ROLE, said" / "she said" / "the company added". */
	size_t from = i;
	if (cue_search(s, w, n, from, false, &cb, &ce) && cb > i && cb - i < 200) {
		if (parse_np(R, w + i, cb - i, true, false, &who)) {
			const char *cue = lede_arena_strndup(s->a, w + cb, ce - cb);
			set_speaker(q, qi, &who, cue, who.person ? 0.9 : 0.8);
			return true;
		}
	}
	/* ", Metropolis Secretary General, Octavi de" at the end of the text. */
	if (!closed_sentence && w[0] == ',' &&
	    parse_np(R, w + i, n - i, true, end >= b->end, &who) && who.person) {
		set_speaker(q, qi, &who, NULL, 0.7);
		return true;
	}
	return false;
}

static size_t count_words_n(const char *s, size_t n)
{
	size_t k = 0;
	bool in = false;
	for (size_t i = 0; i < n; i++) {
		bool sp = s[i] == ' ' || s[i] == '\n' || s[i] == '\t';
		if (!sp && !in)
			k++;
		in = !sp;
	}
	return k;
}

/* Does the window end with a title cue ("the webinar", "titled")? Only its
 * tail is searched: the pattern is anchored at the end. */
static bool title_at_end(xstate *s, const char *w, size_t n)
{
	size_t from = n > 120 ? n - 120 : 0;
	while (from > 0 && ((unsigned char)w[from] & 0xC0) == 0x80)
		from--;
	return lede_x_match(s, RX_Q_TITLE, w, n, from, 0, "quotes", 0) > 0;
}

/* Attribution in the sentence before the opening mark. */
static bool attribute_before(qscan *q, size_t qi, const char *w, size_t n)
{
	xstate *s = q->s;
	wlist R = s->c->x;
	np who;
	size_t cb, ce;
	size_t gb = 0, ge = 0;
	if (lede_x_match(s, RX_Q_ACCORDING, w, n, 0, 0, "quotes", 0) > 0) {
		lede_x_group(s, 0, &gb, &ge);
		/* It opens the sentence or a phrase after a comma: "who has pushed
		 * for a levy, called" is no "For the union, ...". (The text before
		 * it may hold sentences before: "... in May. According to X,".) */
		size_t p = gb;
		while (p > 0 && w[p - 1] == ' ')
			p--;
		bool opens = p == 0 || strchr(",.!?;:)", w[p - 1]) ||
		             (p >= 3 && !memcmp(w + p - 3, "\xe2\x80\x9d", 3)) || /* ” */
		             (p >= 2 && !memcmp(w + p - 2, "\xc2\xbb", 2));       /* » */
		if (!opens)
			gb = ge = 0;
	}
	if (ge) {
		lede_x_group(s, 1, &cb, &ce);
		const char *cue = lede_arena_strndup(s->a, w + cb, ce - cb);
		/* The phrase runs to the clause after it: "..., Claire Dumont, l'enjeu est :". */
		if (parse_np(R, w + ge, n - ge, false, false, &who) && (who.person || who.pron)) {
			/* ("Selon elle, « … »": the person named before.) */
			set_speaker(q, qi, &who, cue, 0.85);
			return true;
		}
		/* A body or document: "Selon la préfecture, « … »", "According to
		 * the union representing council engineers, "…"": the phrase up to
		 * a comma the quotation follows (a few words may come between). */
		size_t c = ge;
		while (c < n && w[c] != ',')
			c++;
		/* (A relative clause between commas may follow the phrase: "Según
		 * el informe del Tribunal de Cuentas, que examinó el proyecto, «…»".) */
		size_t after = c;
		if (c < n) {
			size_t r = trim_l(w, c + 1, n), re = r;
			while (re < n && w[re] != ' ' && w[re] != ',')
				re++;
			size_t c2 = re;
			while (c2 < n && w[c2] != ',')
				c2++;
			if (re > r && c2 < n && (word_bits(R, w + r, re - r) & W_REL))
				after = c2;
		}
		if (c < n && count_words_n(w + after + 1, n - after - 1) <= 4) {
			tok t[MAXTOK];
			size_t nt = tokenize(R, w + ge, c - ge, t, MAXTOK);
			/* Too long a phrase may end with a passive's agent: "According
			 * to a report published last month by the state's Environment
			 * Protection Authority", the authority. */
			size_t from = 0;
			for (size_t i = 0; nt > 8 && i + 1 < nt; i++)
				if (t[i].bits & W_AGENT)
					from = i + 1;
			bool rolish = false;
			for (size_t i = from; i < nt; i++)
				rolish |= t[i].role;
			if (nt - from <= 8 && !rolish && det_led(t, from, nt, w + ge)) {
				memset(&who, 0, sizeof who);
				size_t b0 = from ? t[from].b : 0;
				put(who.name, sizeof who.name, w + ge + b0, c - ge - b0);
				who.common = true;
				set_speaker(q, qi, &who, cue, 0.8);
				return true;
			}
		}
	}
	size_t k = n;
	while (k && (w[k - 1] == ' ' || w[k - 1] == '\xa0' || w[k - 1] == '\xc2'))
		k--;
	bool colon = k && w[k - 1] == ':';
	const char *cue = NULL;
	if (sentence_subject(q, w, n, &who, &cue) && (cue || colon)) {
		set_speaker(q, qi, &who, cue, cue ? 0.85 : 0.7);
		return true;
	}
	return false;
}

/* The second half of a split quotation: “A,” says X, “B.” The text between
 * the halves is one clause (no sentence end) that opens with a comma or
 * follows a first half ending with one, and ends with a comma or a colon. */
static bool split_half(qscan *q, size_t qi)
{
	if (qi == 0)
		return false;
	const qspan *p = &q->v[qi - 1];
	qspan *x = &q->v[qi];
	const char *t = q->s->text;
	if (!p->quote || !p->speaker || p->b1 != x->b0 || x->start < p->end ||
	    x->start - p->end > 300)
		return false;
	size_t a = p->end, z = x->start;
	while (z > a && (t[z - 1] == ' ' || t[z - 1] == '\n'))
		z--;
	if (z <= a || (t[z - 1] != ',' && t[z - 1] != ':'))
		return false;
	size_t pc = p->ce;
	while (pc > p->cb && (t[pc - 1] == ' ' || t[pc - 1] == '\n'))
		pc--;
	bool comma_before = (a < z && t[a] == ',') || (pc > p->cb && t[pc - 1] == ',');
	if (!comma_before)
		return false;
	for (size_t i = a; i + 1 < z; i++)
		if (sentence_end_at(t, a, i, z))
			return false;
	x->speaker = p->speaker;
	x->role = p->role;
	x->cue = p->cue;
	x->named = p->named;
	x->conf = p->conf;
	return true;
}

/* A second quotation in the sentence of an attributed one, with a speech
 * verb between them: "“A,” dijo Ferrer, que calificó las cifras de
 * «B»." is Ferrer's too. */
static bool same_sentence(qscan *q, size_t qi)
{
	if (qi == 0)
		return false;
	const qspan *p = &q->v[qi - 1];
	qspan *x = &q->v[qi];
	xstate *s = q->s;
	const char *t = s->text;
	if (!p->quote || !p->speaker || p->b1 != x->b0 || x->start < p->end ||
	    x->start - p->end > 300)
		return false;
	for (size_t i = p->end; i + 1 < x->start; i++)
		if (sentence_end_at(t, p->end, i, x->start))
			return false;
	char w[700];
	size_t n = clean(t, p->end, x->start, w, sizeof w);
	size_t cb, ce;
	if (!cue_search(s, w, n, 0, false, &cb, &ce))
		return false;
	x->speaker = p->speaker;
	x->role = NULL;
	x->cue = lede_arena_strndup(s->a, w + cb, ce - cb);
	x->named = p->named;
	x->conf = 0.75;
	return true;
}

static void judge(qscan *q, size_t qi)
{
	xstate *s = q->s;
	wlist R = s->c->x;
	qspan *x = &q->v[qi];
	const char *t = s->text;
	const xblock *b0 = &s->blocks[x->b0];
	x->text = span_text(q, x);
	q->cur = x->start;
	size_t words = count_words(x->text);
	if (!words)
		return;
	bool punct = ends_sentence(x->text);
	/* Before: the sentence up to the opening mark. */
	char w[700];
	size_t st = sent_start(t, b0->start, x->start);
	size_t n = clean(t, st, x->start, w, sizeof w);
	size_t k = 0;
	while (k < n && w[k] == ' ')
		k++;
	bool at_start = k == n;
	bool title = false;
	if (at_start && x->start == b0->start + (x->start - b0->start) && x->b0 > 0) {
		/* A quotation opening a paragraph after "...:" speaks for that sentence. */
		const xblock *pb = &s->blocks[x->b0 - 1];
		size_t pe = pb->end;
		while (pe > pb->start && (t[pe - 1] == ' ' || t[pe - 1] == '\n'))
			pe--;
		bool first_in_block = true;
		for (size_t i = b0->start; i < x->start; i++)
			if (t[i] != ' ' && t[i] != '>' && t[i] != '*')
				first_in_block = false;
		if (first_in_block && pe > pb->start && t[pe - 1] == ':' && quotable(pb)) {
			size_t ps = sent_start(t, pb->start, pe);
			n = clean(t, ps, pe, w, sizeof w);
			at_start = false;
		}
	}
	/* One or two words opening with an article ("l'affichage", "the
	 * elite") are a label or scare quote, not speech; a one-word partial
	 * quotation is rather an adjective ("scandaleux", "reckless"). */
	if (words <= 2 && !punct) {
		tok tk[4];
		size_t nt = tokenize(R, x->text, strlen(x->text), tk, 4);
		if (det_led(tk, 0, nt, x->text))
			return;
	}
	bool closed = punct && strchr(".!?", x->text[strlen(x->text) - 1]);
	bool found = split_half(q, qi) || attribute_after(q, qi, closed);
	if (!at_start) {
		/* "the report «…»", "qui présente «…»": the window before names a
		 * work (one match per span). */
		/* (A lower-case span of four words or more after "the plan" is
		 * what someone called it, not its title: "called the plan \"a
		 * sticking plaster on a broken leg\"".) */
		title = title_at_end(s, w, n) > 0 &&
		        !(words >= 4 && is_lower_at(x->text, strlen(x->text)));
		if (!found && !title)
			found = same_sentence(q, qi) || attribute_before(q, qi, w, n);
	}
	if (title && !found)
		return;
	/* A short span whose every long word is capitalised ("the Nairobi
	 * Compact", "Cities That Breathe") names something even in a sentence
	 * with a speech verb. */
	if (found && !punct && words <= 6) {
		tok tk[8];
		size_t nt = tokenize(R, x->text, strlen(x->text), tk, 8), longw = 0, caps = 0;
		for (size_t i = 0; i < nt; i++)
			if (tk[i].e - tk[i].b > 3) {
				longw++;
				caps += tk[i].cap;
			}
		if (longw >= 2 && caps == longw) {
			x->speaker = NULL, x->role = NULL, x->cue = NULL, x->named = false;
			return;
		}
	}
	/* Short spans without a speech verb are labels or scare quotes; title-case spans are names
	 * of works. */
	bool strong_cue = found && x->cue && !strstr("described describes called calls", x->cue);
	/* ...unless a short sentence continues the quotation just before it in
	 * the same paragraph ("I love cats!" insists Burton. "I absolutely
	 * do."): then it is speech too, inherited below. */
	const qspan *before = qi > 0 ? &q->v[qi - 1] : NULL;
	bool continues = !found && punct && at_start && before && before->quote &&
	                 before->speaker && before->b1 == x->b0;
	if (words <= 3 && !strong_cue && !(found && x->cue == NULL && punct) && !continues)
		return;
	if (!found) {
		/* The previous sentence's subject, or the speaker of a quotation in it. */
		size_t ps = st, pn = 0;
		if (at_start && st > b0->start) {
			ps = sent_start(t, b0->start, st > b0->start + 1 ? st - 1 : st);
			pn = clean(t, ps, st, w, sizeof w);
		}
		const qspan *pq = qi > 0 ? &q->v[qi - 1] : NULL;
		bool prev_has_quote =
		    pq && pq->quote &&
		    ((at_start && pq->end >= ps && pq->b1 == x->b0) ||
		     (pq->b1 + 1 >= x->b0 && pq->b1 < x->b0 && at_start && st == b0->start));
		if (pq && pq->quote && pq->b1 == x->b0 && !at_start)
			prev_has_quote = false;
		if (at_start && !prev_has_quote && pn) {
			np who;
			const char *cue = NULL;
			if (sentence_subject(q, w, pn, &who, &cue) && cue &&
			    (who.person || who.pron)) {
				set_speaker(q, qi, &who, NULL, 0.7);
				found = true;
			}
		}
		if (!found && (prev_has_quote || continues) && pq->speaker) {
			x->speaker = pq->speaker;
			x->role = NULL;
			x->named = pq->named;
			x->conf = 0.7;
			found = true;
		}
	}
	if (!found) {
		if (words < 4 && !punct)
			return;
		tok tk[MAXTOK];
		size_t nt = tokenize(R, x->text, strlen(x->text), tk, MAXTOK);
		size_t caps = 0, longw = 0;
		for (size_t i = 0; i < nt; i++)
			if (tk[i].e - tk[i].b > 3) {
				longw++;
				caps += tk[i].cap;
			}
		if (!punct && longw && caps * 10 >= longw * 6)
			return;
		if (!punct && words < 6)
			return;
		x->conf = punct && words >= 6 ? 0.5 : 0.35;
	}
	if (!punct && !found)
		return;
	if (words >= 6 && x->conf < 0.95)
		x->conf += 0.05;
	x->quote = true;
}

/* Skips a dash that introduces an attribution ("— ", "– ", "-- "); returns
 * the index after it, or i when there is none. */
static size_t attribution_dash(const char *t, size_t i, size_t end)
{
	if (i + 3 <= end &&
	    (!strncmp(t + i, "—", 3) || !strncmp(t + i, "–", 3) || !strncmp(t + i, "―", 3)))
		return i + 3;
	if (i + 2 <= end && (!strncmp(t + i, "--", 2) || !strncmp(t + i, "- ", 2)))
		return i + 2;
	return i;
}

/* Adds blockquote bi's text [from, to) (without the '>' marks) as a
 * quotation of who. */
static void add_blockquote(qscan *q, size_t bi, size_t to, np *who, const char *cue)
{
	xstate *s = q->s;
	const char *t = s->text;
	const xblock *b = &s->blocks[bi];
	char *d = lede_arena_alloc(s->a, to - b->start + 1);
	size_t k = 0;
	bool line_start = true;
	for (size_t j = b->start; j < to; j++) {
		if (line_start && (t[j] == '>' || t[j] == ' '))
			continue;
		line_start = t[j] == '\n';
		if (line_start) {
			if (k && d[k - 1] != ' ')
				d[k++] = ' ';
			continue;
		}
		d[k++] = t[j];
	}
	while (k && d[k - 1] == ' ')
		k--;
	d[k] = 0;
	if (!k)
		return;
	add_span(q, b->start, to, b->start, to, bi, bi);
	qspan *x = &q->v[q->n - 1];
	x->blockquote = true;
	x->text = d;
	q->cur = b->start;
	set_speaker(q, q->n - 1, who, cue, 0.9);
	x->quote = x->speaker != NULL;
}

/* A blockquote is a quotation when it is attributed: by a "— Name, role"
 * line as its own last line or as the paragraph after it, or by the
 * sentence before it ending with a colon ("Reyes told the party:"). */
static void blockquotes(qscan *q)
{
	xstate *s = q->s;
	wlist R = s->c->x;
	const char *t = s->text;
	char w[700];
	np who;
	for (size_t bi = 0; bi < s->nblocks; bi++) {
		const xblock *b = &s->blocks[bi];
		if (b->kind != BLK_QUOTE)
			continue;
		/* Its last line: "> — Margaret Okonjo, in her farewell speech". */
		size_t ls = b->end;
		while (ls > b->start && t[ls - 1] != '\n')
			ls--;
		size_t i = ls;
		while (i < b->end && (t[i] == '>' || t[i] == ' '))
			i++;
		size_t a = attribution_dash(t, i, b->end);
		if (a > i && ls > b->start && b->end - a < 200) {
			size_t n = clean(t, a, b->end, w, sizeof w);
			if (parse_np(R, w, n, false, true, &who) && who.person) {
				add_blockquote(q, bi, ls - 1, &who, NULL);
				continue;
			}
		}
		if (bi + 1 < s->nblocks && s->blocks[bi + 1].kind == BLK_PARA) {
			const xblock *nb = &s->blocks[bi + 1];
			size_t j = attribution_dash(t, nb->start, nb->end);
			if (j > nb->start && nb->end - nb->start <= 200) {
				size_t n = clean(t, j, nb->end, w, sizeof w);
				if (parse_np(R, w, n, false, true, &who) && who.person) {
					add_blockquote(q, bi, b->end, &who, NULL);
					continue;
				}
			}
		}
		if (bi > 0 && s->blocks[bi - 1].kind == BLK_PARA) {
			const xblock *pb = &s->blocks[bi - 1];
			size_t pe = pb->end;
			while (pe > pb->start && (t[pe - 1] == ' ' || t[pe - 1] == '\n'))
				pe--;
			if (pe == pb->start || t[pe - 1] != ':')
				continue;
			size_t ps = sent_start(t, pb->start, pe);
			size_t n = clean(t, ps, pe, w, sizeof w);
			const char *cue = NULL;
			if (sentence_subject(q, w, n, &who, &cue) && (who.person || who.pron))
				add_blockquote(q, bi, b->end, &who, cue);
		}
	}
}

/* Spanish dialogue with rayas: "—No vamos a subir el billete —aseguró
 * Gómez—. Las familias ya pagan bastante." A paragraph opening with an em
 * dash alternates speech and narration; the narration (inciso) must open
 * with a speech verb, and names the speaker or leaves it to the paragraph
 * before ("—respondió—"). Speech after a closed inciso is the same
 * speaker's. */
static const char *find_dash(const char *t, size_t i, size_t end)
{
	for (; i + 3 <= end; i++)
		if (t[i] == '\xe2' && !strncmp(t + i, "—", 3))
			return t + i;
	return NULL;
}

static void raya_dialogue(qscan *q)
{
	xstate *s = q->s;
	wlist R = s->c->x;
	const char *t = s->text;
	char w[700];
	for (size_t bi = 0; bi < s->nblocks; bi++) {
		const xblock *b = &s->blocks[bi];
		if (b->kind != BLK_PARA || b->end - b->start < 4 || strncmp(t + b->start, "—", 3))
			continue;
		size_t sp = b->start + 3; /* speech start */
		np who;
		memset(&who, 0, sizeof who);
		const char *cue = NULL;
		size_t nspeech = 0, speech[4][2];
		while (sp < b->end && nspeech < 4) {
			const char *d = find_dash(t, sp, b->end);
			size_t se = d ? (size_t)(d - t) : b->end;
			size_t e = se;
			while (e > sp && (t[e - 1] == ' ' || t[e - 1] == '\n'))
				e--;
			if (e > sp) {
				speech[nspeech][0] = sp;
				speech[nspeech][1] = e;
				nspeech++;
			}
			if (!d)
				break;
			/* The inciso: up to the closing dash or the paragraph's end. */
			size_t ib = se + 3;
			const char *d2 = find_dash(t, ib, b->end);
			size_t ie = d2 ? (size_t)(d2 - t) : b->end;
			size_t n = clean(t, ib, ie, w, sizeof w);
			size_t cb, ce;
			if (!cue_search(s, w, n, 0, true, &cb, &ce)) {
				if (!cue)
					nspeech = 0;
				break;
			}
			if (!cue) {
				cue = lede_arena_strndup(s->a, w + cb, ce - cb);
				size_t z = ce;
				while (z < n && !strchr(".,;", w[z]))
					z++;
				size_t a = trim_l(w, ce, n);
				if (z <= a || !parse_np(R, w + a, z - a, false, true, &who) ||
				    (who.common && !who.person)) {
					memset(&who, 0, sizeof who);
					who.pron = true;
				}
			}
			if (!d2)
				break;
			sp = ie + 3;
			while (sp < b->end && strchr(" .,;:", t[sp]))
				sp++;
		}
		if (!cue)
			continue;
		for (size_t k = 0; k < nspeech; k++) {
			size_t a = speech[k][0], z = speech[k][1];
			add_span(q, a, z, a, z, bi, bi);
			qspan *x = &q->v[q->n - 1];
			x->blockquote = true;
			x->text = lede_arena_strndup(s->a, t + a, z - a);
			q->cur = a;
			np copy = who;
			set_speaker(q, q->n - 1, &copy, cue, 0.85);
			x->quote = true;
		}
	}
}

/* The incise inside one pair of marks, as French and Spanish write it:
 * "« Ce budget, a lancé Nadia Cherki, conseillère d'opposition, sacrifie
 * la jeunesse. »". A comma, a speech verb, the speaker (a name, or the
 * verb's own inverted pronoun), an optional role, a comma: the span
 * becomes the two halves, both the speaker's. Only the first eight
 * commas of a span are tried, so the cost stays linear. */
static size_t next_comma(const char *t, size_t i, size_t end)
{
	size_t lim = end - i > 160 ? i + 160 : end;
	for (; i < lim; i++) {
		if (t[i] == ',')
			return i;
		if (t[i] == '.' || t[i] == '!' || t[i] == '?' || t[i] == '\n')
			return end;
	}
	return end;
}

/* Where an incise ends: its closing comma, or a full stop that ends the
 * sentence when the quotation goes on with a new one ("« A, a-t-il ajouté.
 * B »"); x->ce when neither comes first. Sets *stop for a full stop. */
static size_t incise_end(const char *t, size_t i, size_t end, bool *stop)
{
	size_t lim = end - i > 160 ? i + 160 : end;
	*stop = false;
	for (; i < lim; i++) {
		if (t[i] == ',')
			return i;
		if (t[i] == '.') {
			size_t j = i + 1;
			while (j < end && t[j] == ' ')
				j++;
			if (j > i + 1 && j < end && is_upper_at(t + j, end - j)) {
				*stop = true;
				return i;
			}
			return end;
		}
		if (t[i] == '!' || t[i] == '?' || t[i] == '\n')
			return end;
	}
	return end;
}

static void incise(qscan *q, size_t qi)
{
	xstate *s = q->s;
	wlist R = s->c->x;
	const char *t = s->text;
	qspan x = q->v[qi];
	if (x.b0 != x.b1)
		return;
	int tries = 0;
	for (size_t c = x.cb; c < x.ce && tries < 8; c++) {
		if (t[c] != ',')
			continue;
		tries++;
		if (lede_x_match(s, RX_Q_AT_CUE, t, x.ce, c + 1, 0, "quotes", 0) <= 0)
			continue;
		size_t gb, ge;
		lede_x_group(s, 1, &gb, &ge);
		bool stop;
		size_t c2 = incise_end(t, ge, x.ce, &stop);
		if (c2 >= x.ce)
			continue;
		const char *cue = lede_arena_strndup(s->a, t + gb, ge - gb);
		/* The pronoun after the verb's last hyphen, a participle may follow
		 * it ("a-t-il ajouté"). */
		const char *dash = strrchr(cue, '-');
		bool inverted =
		    dash && (word_bits(R, dash + 1, strcspn(dash + 1, " \t\n")) & W_PRON);
		char w[700];
		size_t n = clean(t, ge, c2, w, sizeof w);
		size_t k = trim_l(w, 0, n);
		np who;
		memset(&who, 0, sizeof who);
		if (inverted) {
			/* Words after the pronoun ("a-t-il rappelé devant les élus.")
			 * only before a full stop: before a comma they may be the
			 * quotation's own. */
			if (k < n && (!stop || count_words_n(w + k, n - k) > 8))
				continue;
			who.pron = true;
		} else if (!parse_np(R, w + k, n - k, false, false, &who) || !who.person) {
			/* "reconnaît la préfète, Anne-Sophie Garnier, mais": the role,
			 * then the name between the next commas. */
			if (k >= n || !who.common || stop)
				continue;
			char role[sizeof who.role];
			snprintf(role, sizeof role, "%s", who.name);
			size_t c3 = next_comma(t, c2 + 1, x.ce);
			if (c3 >= x.ce)
				continue;
			size_t m = clean(t, c2 + 1, c3, w, sizeof w);
			size_t k2 = trim_l(w, 0, m);
			if (!parse_np(R, w + k2, m - k2, false, false, &who) || !who.person)
				continue;
			if (!who.role[0])
				memcpy(who.role, role, sizeof role);
			c2 = c3;
		}
		/* An optional role between commas, then the second half. */
		size_t rest = c2 + 1;
		size_t c3 = next_comma(t, rest, x.ce);
		if (c3 < x.ce && !who.role[0] && !stop) {
			tok tk[MAXTOK];
			size_t rn = clean(t, rest, c3, w, sizeof w);
			size_t nt = tokenize(R, w, rn, tk, MAXTOK);
			bool any_role = false;
			for (size_t i = 0; i < nt; i++)
				any_role |= tk[i].role;
			if (any_role && nt <= 14) {
				size_t a = trim_l(w, 0, rn);
				put(who.role, sizeof who.role, w + a, rn - a);
				rest = c3 + 1;
			}
		}
		while (rest < x.ce && (t[rest] == ' ' || t[rest] == '\n'))
			rest++;
		if (count_words_n(t + rest, x.ce - rest) < 2 ||
		    count_words_n(t + x.cb, c - x.cb) < 1)
			return;
		qspan *a = &q->v[qi];
		a->end = a->ce = c;
		a->judged = true;
		a->text = span_text(q, a);
		q->cur = a->start;
		if (inverted) {
			a->incise_pron = true;
			a->cue = cue;
		} else {
			set_speaker(q, qi, &who, cue, 0.9);
			a->quote = true;
		}
		add_span(q, rest, x.end, rest, x.ce, x.b0, x.b1);
		qspan *b = &q->v[q->n - 1];
		b->judged = b->follows = true;
		b->text = span_text(q, b);
		return;
	}
}

static int span_cmp(const void *a, const void *b)
{
	const qspan *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

void lede_x_sort_skips(xstate *s)
{
	if (s->nskips)
		qsort(s->skips, s->nskips, sizeof *s->skips, skip_cmp);
}

void lede_x_quotes(xstate *s)
{
	qscan q;
	memset(&q, 0, sizeof q);
	q.s = s;
	q.names.a = s->a;
	lede_x_names_gather(&q.names, s);
	blockquotes(&q);
	raya_dialogue(&q);
	size_t nbq = q.n;
	if (nbq)
		qsort(q.v, nbq, sizeof *q.v, span_cmp);
	/* Spans inside an attributed blockquote are part of it. */
	size_t cur = 0;
	find_spans(&q);
	size_t m = nbq;
	for (size_t i = nbq; i < q.n; i++) {
		while (cur < nbq && q.v[cur].end <= q.v[i].start)
			cur++;
		if (cur < nbq && q.v[cur].start <= q.v[i].start)
			continue;
		q.v[m++] = q.v[i];
	}
	q.n = m;
	if (q.n)
		qsort(q.v, q.n, sizeof *q.v, span_cmp);
	size_t nspans = q.n;
	for (size_t i = 0; i < nspans; i++)
		if (!q.v[i].blockquote)
			incise(&q, i);
	if (q.n > nspans)
		qsort(q.v, q.n, sizeof *q.v, span_cmp);
	for (size_t i = 0; i < q.n; i++) {
		qspan *x = &q.v[i];
		if (x->incise_pron) {
			np who;
			memset(&who, 0, sizeof who);
			who.pron = true;
			q.cur = x->start;
			set_speaker(&q, i, &who, x->cue, 0.85);
			x->quote = true;
		} else if (x->follows && i > 0) {
			x->speaker = q.v[i - 1].speaker;
			x->role = q.v[i - 1].role;
			x->cue = q.v[i - 1].cue;
			x->named = q.v[i - 1].named;
			x->conf = q.v[i - 1].conf;
			x->quote = x->speaker != NULL;
		} else if (!x->blockquote && !x->judged) {
			judge(&q, i);
		}
	}
	xmap ids = {0};
	int nids = 0;
	for (size_t i = 0; i < q.n; i++) {
		qspan *x = &q.v[i];
		if (!x->quote)
			continue;
		if (s->nquotes == s->capquotes) {
			s->capquotes = s->capquotes ? s->capquotes * 2 : 16;
			s->quotes = lede_xrealloc(s->quotes, s->capquotes * sizeof *s->quotes);
		}
		lede_quote *o = &s->quotes[s->nquotes++];
		o->text = x->text;
		o->speaker = x->speaker;
		o->role = x->role;
		o->cue = x->cue;
		o->paragraph = s->blocks[x->b0].para;
		o->start = x->start;
		o->end = x->end;
		o->confidence = x->conf > 1 ? 1 : x->conf;
		/* One id per speaker, looked up in a map so that a huge text stays
		 * linear. */
		o->speaker_id = 0;
		if (o->speaker) {
			const char *id = lede_xmap_get(&ids, o->speaker);
			if (!id) {
				char tmp[24];
				snprintf(tmp, sizeof tmp, "%d", ++nids);
				id = lede_arena_strdup(s->a, tmp);
				lede_xmap_put(&ids, o->speaker, id);
			}
			o->speaker_id = atoi(id);
		}
	}
	lede_xmap_free(&ids);
	lede_x_names_free(&q.names);
	free(q.v);
}
