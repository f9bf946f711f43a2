/* extract.h: finds the links and quotations of an article with PCRE2. The
 * structure (paragraphs, brackets, quotation marks) is scanned with plain C
 * loops and PCRE2 only matches bounded tokens at candidate positions, so the
 * time taken is linear in the input whatever it holds. */
#ifndef LEDE_EXTRACT_H
#define LEDE_EXTRACT_H

#include "arena.h"
#include "buf.h"
#include "error.h"

#include <stddef.h>
#include <stdint.h>

typedef struct lede_link {
	const char *url;  /* normalised: "http://" added to www./bare hosts, "mailto:" to e-mails */
	const char *text; /* link text as written; for bare URLs and e-mails the URL as written */
	const char *kind; /* "inline", "reference", "image", "autolink", "url", "email", "html" */
	int paragraph;    /* 1-based index of the paragraph/block in the body */
	size_t start, end; /* byte offsets in the whole file (end exclusive) */
} lede_link;

typedef struct lede_quote {
	const char *text;    /* the quoted words without the outer quotation marks */
	const char *speaker; /* NULL when unknown */
	const char *role;    /* NULL when none given */
	const char *cue;     /* the verb ("said", "a déclaré", "afirmó"), NULL when none */
	int paragraph;
	size_t start, end; /* byte offsets in the file, including the marks */
	double confidence; /* 0..1 */
	int speaker_id;    /* 1-based, the same for every quote of one speaker in the
	                      article; 0 when the speaker is unknown */
} lede_quote;

typedef struct lede_extraction {
	lede_link *links;
	size_t nlinks;
	lede_quote *quotes;
	size_t nquotes;
	char **warnings; /* e.g. a PCRE2 match/depth limit hit: never silent */
	size_t nwarnings;
	/* Not NULL: the quotes are not found yet (lede_extract_links); what
	 * lede_extract_quotes needs to find them. */
	const struct lede_x_pending *pending;
} lede_extraction;

typedef enum { LEDE_EXTRACT_MARKDOWN, LEDE_EXTRACT_TEXT } lede_extract_format;

/* Compiled patterns (JIT). Read-only once built: share one across threads.
 * Returns NULL and fills err when a pattern does not compile (a bug). Free
 * with lede_extractor_free. */
typedef struct lede_extractor lede_extractor;
lede_extractor *lede_extractor_new(lede_error *err);

/* Words a site adds to the built-in tables (lede.yaml `quotes:`): speech
 * verbs ("martèle", "tuiteó") and role nouns ("adjointe", "edil") for one
 * language. Lists are NULL-terminated or NULL; they are copied. */
typedef struct lede_quote_words {
	const char *lang;
	const char *const *verbs;
	const char *const *roles;
} lede_quote_words;

/* lede_extractor_new with n added word tables (w may be NULL when n is 0). */
lede_extractor *lede_extractor_new_with(const lede_quote_words *w, size_t n, lede_error *err);
void lede_extractor_free(lede_extractor *x);

/* Per worker thread: match data, match context, JIT stack. x must outlive
 * the context. Free with lede_extract_ctx_free. */
typedef struct lede_extract_ctx lede_extract_ctx;
lede_extract_ctx *lede_extract_ctx_new(const lede_extractor *x);
void lede_extract_ctx_free(lede_extract_ctx *c);
/* Overrides PCRE2's match limit and depth limit for this context (defaults:
 * 1,000,000 and 10,000). Every match is over a bounded token, so only a bug
 * or a deliberately tiny limit (tests) makes them bite; a hit becomes a
 * warning in lede_extraction.warnings. */
/* How many scan windows began or ended inside a UTF-8 character and had
 * to be shrunk to whole characters: always 0 unless the scanner has a bug
 * (the fuzz target checks it). */
unsigned long lede_extract_ctx_misaligned(const lede_extract_ctx *c);
void lede_extract_ctx_set_limits(lede_extract_ctx *c, uint32_t match_limit, uint32_t depth_limit);

/* Extracts from text[body_offset..len) (offsets reported relative to text[0],
 * i.e. the whole file), with language hint lang ("en", "fr", "es"; NULL =
 * all). Everything in *out (arrays and strings) is allocated in arena a and
 * lives as long as it; text is not referenced afterwards. Returns 0, or -1
 * with err filled (invalid arguments only: odd input is never an error). */
int lede_extract(lede_extract_ctx *c, lede_arena *a, const char *text, size_t len,
                 size_t body_offset, lede_extract_format fmt, const char *lang,
                 lede_extraction *out, lede_error *err);

/* lede_extract without the quotes, which take half its time and which
 * many builds never read: out->quotes is empty and out->pending set, and
 * text must stay as it is for as long as out may be given to
 * lede_extract_quotes. */
int lede_extract_links(lede_extract_ctx *c, lede_arena *a, const char *text, size_t len,
                       size_t body_offset, lede_extract_format fmt, const char *lang,
                       lede_extraction *out, lede_error *err);
/* lede_extract_links for text the caller has checked is UTF-8 (an
 * article's file, by lede_frontmatter_parse): not checked again. */
int lede_extract_links_checked(lede_extract_ctx *c, lede_arena *a, const char *text, size_t len,
                               size_t body_offset, lede_extract_format fmt, const char *lang,
                               lede_extraction *out, lede_error *err);
/* Finds the quotes lede_extract_links left, with c (a context of the same
 * extractor, this thread's), into the arena of that extraction, and puts
 * them in x (x->pending cleared, their warnings after x's). A copy of the
 * extraction (an article's outlet copy) shares the search: the quotes are
 * found once, by the first call, for all of them; the article and its
 * copies must be used on one thread at a time. Returns the number of
 * warnings the search added when this call made it (0 when an earlier call
 * did: they were reported then). Nothing pending, or not found yet and c
 * NULL: 0, x left as it is. */
size_t lede_extract_quotes(lede_extract_ctx *c, lede_extraction *x);
/* Appends one line of JSON (no newline) describing x to out:
 * {"file": ..., "links": [...], "quotes": [...]}; NULL strings are null.
 * Warnings are not part of it: print them to stderr. */
void lede_extraction_json(const lede_extraction *x, const char *file, lede_buf *out);

#endif
