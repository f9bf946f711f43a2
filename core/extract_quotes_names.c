/* extract_quotes_names.c: the people an article names. One pass over the
 * bytes of the body collects every full name ("Ana Ruiz") with where it
 * first appears, so that a later "Ruiz said" is reported as the name the
 * article introduced; names are kept per surname, so expanding one costs a
 * lookup and a walk over the few full names sharing that surname. */
#include "extract_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* A full name, chained to the others with its last word. */
typedef struct nnode {
	const char *name;
	size_t pos;
	struct nnode *next;
} nnode;

/* At most this many full names per surname are compared: an input naming
 * thousands of people of one surname stays linear. */
enum { SURNAME_MAX = 64 };

static const char *last_word(const char *name)
{
	const char *sp = strrchr(name, ' ');
	return sp ? sp + 1 : name;
}

void lede_x_name_add(xnames *nm, const char *name, size_t pos)
{
	if (!strchr(name, ' ') || lede_xmap_get(&nm->seen, name))
		return;
	char *d = lede_arena_strdup(nm->a, name);
	lede_xmap_put(&nm->seen, d, "");
	const char *key = last_word(d);
	nnode *head = (nnode *)(void *)lede_xmap_get(&nm->last, key);
	size_t len = 0;
	for (nnode *p = head; p && len <= SURNAME_MAX; p = p->next)
		len++;
	if (len > SURNAME_MAX)
		return;
	nnode *x = lede_arena_alloc(nm->a, sizeof *x);
	x->name = d;
	x->pos = pos;
	x->next = head;
	if (head) {
		/* The map keeps its first value: the new node goes second. */
		x->next = head->next;
		head->next = x;
	} else {
		lede_xmap_put(&nm->last, key, (const char *)(void *)x);
	}
}

const char *lede_x_name_expand(const xnames *nm, const char *name, size_t cur)
{
	size_t n = strlen(name);
	const char *before = NULL, *after = NULL;
	size_t bpos = 0, apos = 0;
	for (const nnode *p =
	         (const nnode *)(const void *)lede_xmap_get(&nm->last, last_word(name));
	     p; p = p->next) {
		size_t m = strlen(p->name);
		if (!(m > n + 1 && !strcmp(p->name + m - n, name) && p->name[m - n - 1] == ' '))
			continue;
		if (p->pos <= cur && (!before || p->pos >= bpos)) {
			before = p->name;
			bpos = p->pos;
		} else if (p->pos > cur && (!after || p->pos < apos)) {
			after = p->name;
			apos = p->pos;
		}
	}
	return before ? before : after;
}

size_t lede_x_name_pos(const xnames *nm, const char *name)
{
	for (const nnode *p =
	         (const nnode *)(const void *)lede_xmap_get(&nm->last, last_word(name));
	     p; p = p->next)
		if (!strcmp(p->name, name))
			return p->pos;
	return SIZE_MAX;
}

void lede_x_names_free(xnames *nm)
{
	lede_xmap_free(&nm->seen);
	lede_xmap_free(&nm->last);
}

static bool possessive(const char *w, size_t n)
{
	return (n > 2 && w[n - 2] == '\'' && (w[n - 1] == 's' || w[n - 1] == 'S')) ||
	       (n > 4 && !memcmp(w + n - 4, "\xe2\x80\x99s", 4));
}

/* Every full name in the body, so that "Ruiz said" reads as the "Ana Ruiz"
 * of the introduction. One pass over the bytes: words are delimited in
 * place, a word's classes cost one table lookup and only next to a
 * capitalised word, and a name is copied only the first time it is seen.
 * The rules are name_run's: a run of capitalised words that are not roles
 * or bodies, with up to two particles inside ("Octavi de Vries"); a
 * sentence's opener ("The", "Según") starts none; capitalised words after
 * a preposition are a place or body ("of the Tehran City Council");
 * punctuation after a word ends the name; a possessive is not a speaker. */

enum { NRUN = 8 };

typedef struct nword {
	size_t b, e;
} nword;

typedef struct nscan {
	xnames *nm;
	const lede_extractor *x;
	const char *t;
	nword run[NRUN]; /* the name so far, particles included */
	size_t nrun;
	nword pend[2]; /* particles waiting for a capitalised word */
	size_t npend;
	nword prev; /* the word before, for the preposition rule */
	bool has_prev, skipping;
	size_t k;    /* words since the sentence start */
	size_t sent; /* the sentence start */
} nscan;

static void name_done(nscan *ns)
{
	if (!ns->nrun)
		return;
	size_t n = ns->nrun;
	ns->nrun = ns->npend = 0;
	if (n < 2)
		return;
	const nword *last = &ns->run[n - 1];
	if (possessive(ns->t + last->b, last->e - last->b))
		return;
	char buf[160];
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		size_t l = ns->run[i].e - ns->run[i].b;
		if (k + l + 2 > sizeof buf)
			return;
		if (i)
			buf[k++] = ' ';
		memcpy(buf + k, ns->t + ns->run[i].b, l);
		k += l;
	}
	buf[k] = 0;
	lede_x_name_add(ns->nm, buf, ns->sent);
}

/* The length of a quotation mark or bracket opening at t[i], or 0. */
static size_t open_mark_len(const char *t, size_t i, size_t e)
{
	unsigned char c = (unsigned char)t[i];
	if (c == '(' || c == '"' || c == '\'' || c == '[' || c == '*' || c == '_' || c == '>')
		return 1;
	if (i + 2 <= e && c == 0xC2 &&
	    ((unsigned char)t[i + 1] == 0xAB || (unsigned char)t[i + 1] == 0xBF ||
	     (unsigned char)t[i + 1] == 0xA1))
		return 2; /* « ¿ ¡ */
	if (i + 3 <= e && c == 0xE2 && (unsigned char)t[i + 1] == 0x80 &&
	    ((unsigned char)t[i + 2] == 0x9C || (unsigned char)t[i + 2] == 0x98 ||
	     (unsigned char)t[i + 2] == 0x9E))
		return 3; /* “ ‘ „ */
	return 0;
}

/* The length of a closing mark or punctuation ending at t[e - 1], or 0. */
static size_t close_mark_len(const char *t, size_t b, size_t e)
{
	unsigned char c = (unsigned char)t[e - 1];
	if (c < 0x80)
		return c == ')' || c == '"' || c == '\'' || c == ']' || c == '.' || c == ':' ||
		       c == ';' || c == '!' || c == '?' || c == ',' || c == '*' || c == '_';
	if (e - b >= 2 && (unsigned char)t[e - 2] == 0xC2 && c == 0xBB)
		return 2; /* » */
	if (e - b >= 3 && (unsigned char)t[e - 3] == 0xE2 && (unsigned char)t[e - 2] == 0x80 &&
	    (c == 0x9D || c == 0x99))
		return 3; /* ” ’ */
	return 0;
}

static bool cap_word(const char *t, size_t b, size_t e)
{
	unsigned char c = (unsigned char)t[b];
	if (c < 0x80)
		return c >= 'A' && c <= 'Z';
	int l;
	utf8proc_category_t k = utf8proc_category(lede_x_cp(t, e, b, &l));
	return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT;
}

/* One word t[b, e) as delimited by white space. */
static void name_word(nscan *ns, size_t b, size_t e)
{
	const char *t = ns->t;
	/* Most words: lower case between letters, outside any name. */
	if (!ns->nrun && !ns->skipping && t[b] >= 'a' && t[b] <= 'z' && t[e - 1] >= 'a' &&
	    t[e - 1] <= 'z') {
		ns->prev = (nword){b, e};
		ns->has_prev = true;
		ns->k++;
		return;
	}
	bool opened = false, ended = false, sent_end = false;
	size_t l;
	while (b < e && (l = open_mark_len(t, b, e)) > 0) {
		b += l;
		opened = true;
	}
	size_t raw_e = e;
	while (e > b && (l = close_mark_len(t, b, e)) > 0) {
		char c = t[e - 1];
		sent_end |= c == '.' || c == '!' || c == '?';
		e -= l;
	}
	ended = e < raw_e;
	if (b >= e) {
		/* A dash or a lone mark: no name runs across it. */
		name_done(ns);
		ns->skipping = false;
		if (sent_end) {
			ns->k = 0;
			ns->sent = raw_e;
		}
		return;
	}
	if (opened) {
		name_done(ns);
		ns->skipping = false;
	}
	/* "Dr." and initials keep their dot and end neither name nor sentence. */
	if (ended && t[e] == '.' && raw_e == e + 1 && e - b <= 4 && t[b] >= 'A' && t[b] <= 'Z' &&
	    (e - b == 1 || (lede_x_word_bits(ns->x, t + b, e - b) & W_TITLE))) {
		e++;
		ended = sent_end = false;
	}
	/* Elision: l'Agence, d'Aquanova. */
	size_t cb = b;
	if (e - b > 2 && ((t[b] | 0x20) == 'l' || (t[b] | 0x20) == 'd') &&
	    (t[b + 1] == '\'' || (e - b > 4 && !memcmp(t + b + 1, "\xe2\x80\x99", 3))))
		cb = b + (t[b + 1] == '\'' ? 2 : 4);
	if (!cap_word(t, cb, e)) {
		if (ns->nrun && ns->npend < 2 && e - b <= 5 &&
		    (lede_x_word_bits(ns->x, t + b, e - b) & W_PARTICLE))
			ns->pend[ns->npend++] = (nword){b, e};
		else
			name_done(ns);
		ns->skipping = false;
	} else if (ns->skipping) {
		/* still the place or body */
	} else {
		int bits = lede_x_word_bits(ns->x, t + cb, e - cb);
		int whole = cb == b ? bits : lede_x_word_bits(ns->x, t + b, e - b);
		if (bits & (W_ROLE | W_ORG)) {
			name_done(ns);
		} else if (ns->nrun) {
			for (size_t i = 0; i < ns->npend && ns->nrun < NRUN; i++)
				ns->run[ns->nrun++] = ns->pend[i];
			ns->npend = 0;
			if (ns->nrun < NRUN)
				ns->run[ns->nrun++] = (nword){b, e};
		} else if (ns->k == 0 && (whole & W_INITIAL)) {
			/* a sentence opener */
		} else if (ns->has_prev && ns->k > 0 &&
		           (lede_x_word_bits(ns->x, t + ns->prev.b, ns->prev.e - ns->prev.b) &
		            (W_PREP | W_ORG))) {
			ns->skipping = true;
		} else {
			ns->run[0] = (nword){cb, e};
			ns->nrun = 1;
		}
	}
	if (ended) {
		name_done(ns);
		ns->skipping = false;
	}
	ns->prev = (nword){b, e};
	ns->has_prev = true;
	ns->k++;
	if (sent_end) {
		ns->k = 0;
		ns->sent = raw_e;
	}
}

/* Bytes that may end a word: ASCII white space (1) and the first bytes of
 * the no-break spaces U+00A0 and U+202F (2). */
static const unsigned char word_stop[256] = {
    [' '] = 1, ['\n'] = 1, ['\t'] = 1, ['\r'] = 1, [0xC2] = 2, [0xE2] = 2};

/* The length of the white space at t[i] (i < e), or 0. */
static size_t space_len(const char *t, size_t i, size_t e)
{
	unsigned char c = (unsigned char)t[i];
	if (word_stop[c] == 1)
		return 1;
	if (c == 0xC2)
		return i + 1 < e && (unsigned char)t[i + 1] == 0xA0 ? 2 : 0;
	if (c == 0xE2)
		return i + 2 < e && !memcmp(t + i, "\xe2\x80\xaf", 3) ? 3 : 0;
	return 0;
}

/* The first index from i on (before lim) holding a word_stop byte, or lim.
 * Eight bytes at a time: a byte at most 0x20 or at least 0xC0 (a lead
 * byte) stops the fast step, and word_stop decides from there. */
static size_t word_run(const unsigned char *u, size_t i, size_t lim)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	while (i + 8 <= lim) {
		uint64_t x;
		memcpy(&x, u + i, 8);
		uint64_t low = (x - ones * 0x21) & ~x & highs; /* bytes < 0x21 */
		uint64_t lead = x & (x << 1) & highs;          /* bytes >= 0xC0 */
		if (low | lead)
			break;
		i += 8;
	}
	while (i < lim && !word_stop[u[i]])
		i++;
	return i;
}

void lede_x_names_gather(xnames *nm, xstate *s)
{
	nscan ns;
	memset(&ns, 0, sizeof ns);
	ns.nm = nm;
	ns.x = s->c->x;
	ns.t = s->text;
	const unsigned char *u = (const unsigned char *)s->text;
	size_t sk = 0;
	for (size_t bi = 0; bi < s->nblocks; bi++) {
		const xblock *b = &s->blocks[bi];
		if (b->kind != BLK_PARA && b->kind != BLK_QUOTE)
			continue;
		ns.k = 0;
		ns.sent = b->start;
		ns.has_prev = ns.skipping = false;
		size_t i = b->start;
		while (i < b->end) {
			while (sk < s->nskips && s->skips[sk].end <= i)
				sk++;
			size_t lim = b->end;
			if (sk < s->nskips && s->skips[sk].start < lim)
				lim = s->skips[sk].start;
			if (i >= lim) {
				/* A link destination or code span: a word boundary. */
				name_done(&ns);
				i = s->skips[sk].end;
				continue;
			}
			while (i < lim) {
				while (i < lim) {
					size_t l;
					if (word_stop[u[i]] == 1)
						i++;
					else if (word_stop[u[i]] == 2 &&
					         (l = space_len(s->text, i, lim)) > 0)
						i += l;
					else
						break;
				}
				if (i >= lim)
					break;
				size_t wb = i;
				for (;;) {
					i = word_run(u, i, lim);
					if (i >= lim || word_stop[u[i]] == 1 ||
					    space_len(s->text, i, lim))
						break;
					i++;
				}
				/* Most words: lower case between letters, outside any name. */
				if (!ns.nrun && !ns.skipping && u[wb] >= 'a' && u[wb] <= 'z' &&
				    u[i - 1] >= 'a' && u[i - 1] <= 'z') {
					ns.prev = (nword){wb, i};
					ns.has_prev = true;
					ns.k++;
					continue;
				}
				name_word(&ns, wb, i);
			}
		}
		name_done(&ns);
	}
}
