/* linkify.c: runs linkify-it's fixtures (links.txt, not_links.txt) through
 * lede_extract in text mode and reports the pass rate. The fixtures expect
 * the URL as written, which is the link's text for bare URLs and e-mails.
 * Usage: linkify [DIR] (default ../shared/conformance/links/linkify-it). */
#include "extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Just under the rate reached when this was written: a drop is a failure. */
#define FLOOR_PERCENT 100.0

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	lede_buf b = LEDE_BUF_INIT;
	char tmp[8192];
	size_t k;
	while ((k = fread(tmp, 1, sizeof tmp, f)) > 0)
		lede_buf_put(&b, tmp, k);
	fclose(f);
	/* Zero the spare capacity too: PCRE2's JIT may read a few bytes past a
	 * subject's end (inside the allocation), which valgrind would flag. */
	lede_buf_grow(&b, 64);
	memset(b.data + b.len, 0, b.cap - b.len);
	return lede_buf_detach(&b, n);
}

/* Splits into lines (\r?\n); a line starting with % becomes empty. */
static size_t lines_of(char *text, char ***out)
{
	size_t n = 0, cap = 0;
	char **v = NULL;
	char *p = text;
	while (*p) {
		char *e = strchr(p, '\n');
		char *next = e ? e + 1 : p + strlen(p);
		if (e) {
			*e = 0;
			if (e > p && e[-1] == '\r')
				e[-1] = 0;
		}
		if (*p == '%')
			*p = 0;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			v = lede_xrealloc(v, cap * sizeof *v);
		}
		v[n++] = p;
		p = next;
	}
	*out = v;
	return n;
}

static const char *first_link(lede_extract_ctx *c, const char *line)
{
	static char got[4096]; /* test program only: one result at a time */
	lede_arena *a = lede_arena_new();
	lede_extraction x;
	lede_error err;
	const char *r = NULL;
	if (lede_extract(c, a, line, strlen(line), 0, LEDE_EXTRACT_TEXT, NULL, &x, &err) == 0 &&
	    x.nlinks) {
		snprintf(got, sizeof got, "%s", x.links[0].text);
		r = got;
	}
	lede_arena_free(a);
	return r;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "../shared/conformance/links/linkify-it";
	char path[4096];
	snprintf(path, sizeof path, "%s/links.txt", dir);
	size_t n1, n2;
	char *links = slurp(path, &n1);
	snprintf(path, sizeof path, "%s/not_links.txt", dir);
	char *nots = slurp(path, &n2);
	if (!links || !nots) {
		printf("# skipped: %s not found\n", dir);
		free(links);
		free(nots);
		return 0;
	}
	lede_error err;
	lede_extractor *x = lede_extractor_new(&err);
	if (!x) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	lede_extract_ctx *c = lede_extract_ctx_new(x);
	int pass = 0, total = 0;
	char **ln;
	size_t n = lines_of(links, &ln);
	for (size_t i = 0; i < n; i++) {
		if (!*ln[i])
			continue;
		const char *input = ln[i], *want = input;
		size_t lineno = i + 1;
		if (i + 1 < n && *ln[i + 1]) {
			want = ln[i + 1];
			i++;
		}
		const char *got = first_link(c, input);
		total++;
		if (got && strcmp(got, want) == 0) {
			pass++;
			printf("ok - links.txt:%zu\n", lineno);
		} else {
			printf(
			    "not ok - links.txt:%zu\n#   input: %s\n#   want:  %s\n#   got:   %s\n",
			    lineno, input, want, got ? got : "(no link)");
		}
	}
	free(ln);
	n = lines_of(nots, &ln);
	for (size_t i = 0; i < n; i++) {
		if (!*ln[i])
			continue;
		const char *got = first_link(c, ln[i]);
		total++;
		if (!got) {
			pass++;
			printf("ok - not_links.txt:%zu\n", i + 1);
		} else {
			printf("not ok - not_links.txt:%zu\n#   input: %s\n#   got:   %s\n", i + 1,
			       ln[i], got);
		}
	}
	free(ln);
	free(links);
	free(nots);
	lede_extract_ctx_free(c);
	lede_extractor_free(x);
	double rate = total ? 100.0 * pass / total : 100.0;
	printf("# linkify-it: %d/%d passed (%.1f%%)\n", pass, total, rate);
	return rate + 1e-9 < FLOOR_PERCENT ? 1 : 0;
}
