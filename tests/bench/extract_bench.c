/* extract_bench.c: measures lede_extract on one core: a generated corpus of
 * realistic articles (links, quotations, names, several MB, fixed seed) and
 * four 10 MB inputs (ordinary text, unbalanced quotation marks, repeated
 * "http://", nested parentheses). Prints MB/s (best of 3) and each
 * adversarial input's time relative to ordinary text.
 * Usage: extract_bench [MB-of-corpus [corpus]] (default 8; "corpus" skips the
 * 10 MB inputs, for profiling). */
#include "extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct rng {
	unsigned long long s;
} rng;

static unsigned next(rng *r)
{
	r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(r->s >> 33);
}

static const char *pick(rng *r, const char *const *v, size_t n) { return v[next(r) % n]; }

#define N(a) (sizeof a / sizeof *a)

static const char *const words[] = {"the",          "city",      "council",
                                    "approved",     "a",         "plan",
                                    "to",           "build",     "new",
                                    "homes",        "near",      "river",
                                    "after",        "months",    "of",
                                    "debate",       "over",      "costs",
                                    "and",          "route",     "residents",
                                    "said",         "they",      "were",
                                    "worried",      "about",     "traffic",
                                    "noise",        "while",     "business",
                                    "owners",       "welcomed",  "investment",
                                    "in",           "public",    "transport",
                                    "metropolitan", "strategy",  "international",
                                    "cooperation",  "budget",    "le",
                                    "gouvernement", "a",         "présenté",
                                    "projet",       "économies", "el",
                                    "gobierno",     "anunció",   "medidas"};
static const char *const names[] = {"Andrea Collins",     "Tom Whitaker", "Paola Arjona",
                                    "Ian Klaus",          "Marie Dubois", "Pere Aragonès",
                                    "Helen van der Berg", "Jordi Puig"};
static const char *const roles[] = {"director of the regional agency",
                                    "senior fellow at the institute",
                                    "spokesperson for the ministry", "member of the city council"};
static const char *const urls[] = {"https://www.example.org/news/2024/03/plan",
                                   "http://example.com/a_(b)", "www.metropolis.org",
                                   "press@example.org", "https://cities.example.net/?q=1&r=2"};

static void sentence(rng *r, lede_buf *b, int nw)
{
	for (int i = 0; i < nw; i++) {
		const char *w = pick(r, words, N(words));
		if (i == 0)
			lede_buf_printf(b, "%c%s", w[0] >= 'a' && w[0] <= 'z' ? w[0] - 32 : w[0],
			                w + 1);
		else
			lede_buf_printf(b, " %s", w);
	}
}

static void paragraph(rng *r, lede_buf *b)
{
	int kind = (int)(next(r) % 6);
	if (kind == 0) {
		lede_buf_puts(b, "“");
		sentence(r, b, 8 + (int)(next(r) % 10));
		lede_buf_printf(b, ",” said %s, %s. ", pick(r, names, N(names)),
		                pick(r, roles, N(roles)));
	} else if (kind == 1) {
		lede_buf_printf(b, "%s, %s, stated that “", pick(r, names, N(names)),
		                pick(r, roles, N(roles)));
		sentence(r, b, 10);
		lede_buf_puts(b, "”. ");
	} else if (kind == 2) {
		lede_buf_puts(b, "« ");
		sentence(r, b, 9);
		lede_buf_printf(b, " », a déclaré %s. ", pick(r, names, N(names)));
	} else if (kind == 3) {
		lede_buf_puts(b, "See [the report](");
		lede_buf_puts(b, pick(r, urls, 2));
		lede_buf_puts(b, ") or visit ");
		lede_buf_puts(b, pick(r, urls, N(urls)));
		lede_buf_puts(b, " for details. ");
	}
	int ns = 2 + (int)(next(r) % 4);
	for (int i = 0; i < ns; i++) {
		sentence(r, b, 8 + (int)(next(r) % 14));
		lede_buf_puts(b, next(r) % 7 == 0 ? ", the so-called “smart city”. " : ". ");
	}
	lede_buf_puts(b, "\n\n");
}

static void corpus(lede_buf *b, size_t bytes, unsigned long long seed)
{
	rng r = {seed};
	while (b->len < bytes) {
		lede_buf_puts(b, "## ");
		sentence(&r, b, 6);
		lede_buf_puts(b, "\n\n");
		for (int p = 0; p < 8; p++)
			paragraph(&r, b);
	}
}

static void repeat(lede_buf *b, const char *unit, size_t bytes)
{
	size_t n = strlen(unit);
	while (b->len + n <= bytes)
		lede_buf_put(b, unit, n);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Best of 3 runs; *nl, *nq, *nw get the counts of the last run. */
static double timed(lede_extract_ctx *c, const lede_buf *b, size_t *nl, size_t *nq, size_t *nw)
{
	double best = 1e30;
	for (int k = 0; k < 3; k++) {
		lede_arena *a = lede_arena_new();
		lede_extraction x;
		lede_error err;
		double t0 = now();
		if (lede_extract(c, a, b->data, b->len, 0, LEDE_EXTRACT_MARKDOWN, NULL, &x, &err)) {
			fprintf(stderr, "extract failed: %s\n", err.msg);
			exit(1);
		}
		double t = now() - t0;
		if (t < best)
			best = t;
		*nl = x.nlinks;
		*nq = x.nquotes;
		*nw = x.nwarnings;
		lede_arena_free(a);
	}
	return best;
}

int main(int argc, char **argv)
{
	size_t mb = argc > 1 ? (size_t)atoi(argv[1]) : 8;
	const size_t ten = 10u << 20;
	lede_error err;
	lede_extractor *x = lede_extractor_new(&err);
	if (!x) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	lede_extract_ctx *c = lede_extract_ctx_new(x);
	size_t nl, nq, nw;

	/* The realistic corpus: many articles of ~5 KB, each extracted on its own. */
	lede_buf all = LEDE_BUF_INIT;
	corpus(&all, mb << 20, 42);
	double best = 1e30;
	size_t links = 0, quotes = 0;
	for (int k = 0; k < 3; k++) {
		double t0 = now();
		links = quotes = 0;
		for (size_t off = 0; off < all.len;) {
			size_t end = off + 5000 < all.len ? off + 5000 : all.len;
			while (end < all.len &&
			       !(all.data[end - 1] == '\n' && all.data[end - 2] == '\n'))
				end++;
			lede_arena *a = lede_arena_new();
			lede_extraction ex;
			lede_extract(c, a, all.data + off, end - off, 0, LEDE_EXTRACT_MARKDOWN,
			             NULL, &ex, &err);
			links += ex.nlinks;
			quotes += ex.nquotes;
			lede_arena_free(a);
			off = end;
		}
		double t = now() - t0;
		if (t < best)
			best = t;
	}
	printf("corpus      %6.1f MB  %8.1f MB/s  (%zu links, %zu quotes)\n", all.len / 1048576.0,
	       all.len / 1048576.0 / best, links, quotes);
	lede_buf_free(&all);
	if (argc > 2 && !strcmp(argv[2], "corpus")) {
		lede_extract_ctx_free(c);
		lede_extractor_free(x);
		return 0;
	}

	lede_buf in[4] = {LEDE_BUF_INIT, LEDE_BUF_INIT, LEDE_BUF_INIT, LEDE_BUF_INIT};
	static const char *const label[4] = {"ordinary", "unbalanced quotes", "repeated http://",
	                                     "nested parens"};
	corpus(&in[0], ten, 7);
	repeat(&in[1], "“Unclosed « quote \" here „ and ", ten);
	repeat(&in[2], "http://", ten);
	repeat(&in[3], "(", ten);
	double base = 0;
	for (int i = 0; i < 4; i++) {
		double t = timed(c, &in[i], &nl, &nq, &nw);
		if (i == 0)
			base = t;
		printf("%-18s %5.1f MB  %8.1f MB/s  ratio %.2f  (%zu links, %zu quotes, %zu "
		       "warnings)\n",
		       label[i], in[i].len / 1048576.0, in[i].len / 1048576.0 / t, t / base, nl, nq,
		       nw);
		lede_buf_free(&in[i]);
	}
	lede_extract_ctx_free(c);
	lede_extractor_free(x);
	return 0;
}
