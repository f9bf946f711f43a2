/* extract_internal.h: what extract.c (blocks, API, JSON), extract_links.c
 * and extract_quotes.c share: the compiled pattern set, the per-call scan
 * state and small Unicode helpers. Not part of the public API. */
#ifndef LEDE_EXTRACT_INTERNAL_H
#define LEDE_EXTRACT_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include "extract.h"

#include <pcre2.h>
#include <stdbool.h>

enum {
	RX_HTTP_TAIL,   /* after "http:", "https:", "ftp:": //auth host port */
	RX_REL_TAIL,    /* after "//": auth host port, at least one dot */
	RX_MAILTO_TAIL, /* after "mailto:": name@host */
	RX_FUZZY_HOST,  /* schemeless host with a known TLD, or an IPv4 address */
	RX_EMAIL,       /* name@host with a known TLD */
	RX_HTML_HREF,   /* href attribute inside an <a ...> tag */
	RX_Q_CUE,       /* a speech verb in en/fr/es ("said", "a-t-il ajouté", "afirmó") */
	RX_Q_AT_CUE,    /* the same, anchored: the window starts with it */
	RX_Q_TITLE,     /* "the webinar", "titled", "so-called" just before a span */
	RX_Q_ACCORDING, /* "according to", "selon", "según" */
	RX_Q_DOC,       /* "This is how the report begins" after a quotation */
	RX_COUNT
};

struct lede_extractor {
	pcre2_code *rx[RX_COUNT];
	char **roles;        /* role nouns a site added (lower case), NULL-terminated */
	struct xmap *qwords; /* lower-cased word -> its classes (extract_quotes.c) */
	char **qkeys;        /* qwords' entries (classes, then key), owned */
};

struct lede_extract_ctx {
	const lede_extractor *x;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
	unsigned long misaligned; /* windows lede_x_match had to shrink (a bug) */
};

enum { BLK_PARA, BLK_HEADING, BLK_CODE, BLK_QUOTE, BLK_HTML, BLK_REFDEF };

typedef struct xblock {
	size_t start, end; /* byte range in the file, end at the last line's end */
	int kind;
	int para; /* 1-based paragraph number, 0 for skipped blocks */
} xblock;

typedef struct xrange {
	size_t start, end;
} xrange;

/* A small open-addressing string table (URL dedupe, reference labels). */
typedef struct xmap {
	const char **keys;
	const char **vals;
	size_t cap, n;
} xmap;

typedef struct xstate {
	lede_extract_ctx *c;
	lede_arena *a;
	const char *text;
	size_t len, body;
	lede_extract_format fmt;
	const char *lang;
	xblock *blocks;
	size_t nblocks, capblocks;
	lede_link *links;
	size_t nlinks, caplinks;
	lede_quote *quotes;
	size_t nquotes, capquotes;
	char **warnings;
	size_t nwarnings, capwarnings;
	xrange *skips; /* link destinations, code spans, tags: no quotes there */
	size_t nskips, capskips;
	xmap refs;
	int limit_warned_links, limit_warned_quotes;
} xstate;

/* Runs pattern id anchored at start over text[0..end). Returns PCRE2's rc; a
 * limit hit adds a warning (once per kind) and returns no match. what says
 * "links" or "quotes" for the message; para names the paragraph. */
int lede_x_match(xstate *s, int id, const char *subj, size_t end, size_t start, uint32_t opts,
                 const char *what, int para);
/* Group g of the last match (ovector), or (0,0) when unset. */
void lede_x_group(xstate *s, int g, size_t *b, size_t *e);
void lede_x_warn(xstate *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void lede_x_add_link(xstate *s, const char *url, size_t urln, const char *prefix, const char *text,
                     size_t textn, const char *kind, int para, size_t start, size_t end);
void lede_x_add_skip(xstate *s, size_t start, size_t end);

const char *lede_xmap_get(const xmap *m, const char *k);
void lede_xmap_put(xmap *m, const char *k, const char *v);
void lede_xmap_free(xmap *m);

/* The code point at s[i] (n bytes in all); *l gets its byte length (1 for
 * invalid bytes, which decode as U+FFFD). */
int32_t lede_x_cp(const char *s, size_t n, size_t i, int *l);
/* The code point ending just before s[i] (i > 0). */
int32_t lede_x_cp_before(const char *s, size_t i, int *l);
bool lede_x_is_zcc(int32_t c); /* Unicode space separators and controls */
bool lede_x_is_p(int32_t c);   /* Unicode punctuation */

/* Pattern sources: lede_x_pattern covers the link ids (below RX_Q_CUE),
 * delegating to lede_x_link_pattern; lede_x_quote_pattern builds a quote
 * id's pattern from the word tables (extract_quotes_lang.c), with extra
 * cue alternatives appended to the cue patterns ("|a|b", already escaped);
 * malloc'd. */
const char *lede_x_pattern(int id);
char *lede_x_quote_pattern(int id, const char *extra);
const char *lede_x_link_pattern(int id);

void lede_x_links(xstate *s, const xblock *b);
/* The classes a word of the quotation tables can have (several at once). */
enum {
	W_PARTICLE = 1 << 0, /* inside names: "de", "van" */
	W_ROLE = 1 << 1,     /* "minister", "adjointe", and lede.yaml's roles */
	W_ORG = 1 << 2,      /* heads of a body or place: no person's name */
	W_PRON = 1 << 3,     /* "she", "elle", "ella" */
	W_INITIAL = 1 << 4,  /* opens a sentence without being a name ("The", "Según") */
	W_PREP = 1 << 5,     /* a capitalised word after it names a place or body */
	W_TITLE = 1 << 6,    /* an abbreviated title whose dot ends no name ("Dr.") */
	W_LEAD = 1 << 7,     /* opens a phrase of place or time before the subject */
	W_DET = 1 << 8,      /* a determiner: "the", "la", "l'" */
	W_STANDIN = 1 << 9,  /* "the company": stands in for a speaker named before */
	W_REL = 1 << 10,     /* "that", "qui": a relative clause */
	W_AND = 1 << 11,     /* "and", "et", "y" */
	W_CLAUSE = 1 << 12,  /* ends the words that name a speaker: "who", "during" */
	W_AT = 1 << 13,      /* "in", "en": ends them too before a determiner */
	W_PLACE = 1 << 14,   /* heads of a place name: "Street", "calle" */
	W_FINITE = 1 << 15,  /* a finite verb ("est", "is", "fue"): a clause, not a role */
	W_AGENT = 1 << 16,   /* "par", "by", "por": a passive's agent follows */
	W_GENERIC = 1 << 17, /* "organisation", "organismo": any body, the last named */
	W_NBITS = 18
};

/* Builds and frees x->qwords: every word of the quotation tables (and
 * x->roles) with its W_* classes, as one hash table, so that a word costs
 * one lookup. */
void lede_x_quote_words(lede_extractor *x);
void lede_x_quote_words_free(lede_extractor *x);
/* The W_* classes of w[0..n) (ASCII letters compared case-blind), 0 when
 * it is in no table. */
int lede_x_word_bits(const lede_extractor *x, const char *w, size_t n);
/* Sorts s's skipped ranges by start, as lede_x_quotes reads them. */
void lede_x_sort_skips(xstate *s);
/* The quotes of s (its skips sorted), into s->quotes; reads s->blocks and
 * s->skips without writing them. */
void lede_x_quotes(xstate *s);

/* The full names an article gives (extract_quotes_names.c), in arena a. */
typedef struct xnames {
	lede_arena *a;
	xmap seen; /* every full name */
	xmap last; /* last word -> its full names */
} xnames;
/* Collects every full name of s's body (one pass over the bytes). */
void lede_x_names_gather(xnames *nm, xstate *s);
/* Adds name (ignored unless two words or more) as first seen at pos. */
void lede_x_name_add(xnames *nm, const char *name, size_t pos);
/* The full name ending with name ("Ortega" -> "Juan Carlos Ortega"): the
 * latest seen at or before cur, else the first after it; NULL if none. */
const char *lede_x_name_expand(const xnames *nm, const char *name, size_t cur);
/* Where the full name was first seen (the start of its sentence), or
 * SIZE_MAX when it was not. */
size_t lede_x_name_pos(const xnames *nm, const char *name);
void lede_x_names_free(xnames *nm);
/* Appends word w to a PCRE2 pattern: metacharacters escaped, a space
 * matching any white space (extract_quotes_lang.c). */
void lede_x_put_word(lede_buf *b, const char *w);
/* Skips a Markdown code span at s->text[i] (a backtick run); returns the
 * index after it, or i + run length when it has no closer. memo[k] (k <
 * 32) remembers where a search for a closer of length k failed. */
size_t lede_x_code_span(const char *t, size_t i, size_t end, size_t *memo);

#endif
