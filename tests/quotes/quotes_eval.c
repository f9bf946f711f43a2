/* quotes_eval.c: scores quotation extraction against the annotated articles
 * in tests/quotes/articles (ARTICLE.md + ARTICLE.gold.tsv: "speaker<TAB>first
 * words of the quotation", speaker alternatives separated by '|', "-" for
 * none). Prints precision, recall and speaker accuracy, and fails below 95%,
 * 90% and 90%. Usage: quotes_eval [DIR] [-v]. */
#include "extract.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MIN_PRECISION 95.0
#define MIN_RECALL    90.0
#define MIN_SPEAKER   90.0

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
	lede_buf_cstr(&b);
	return lede_buf_detach(&b, n);
}

/* Lower-cased, white space collapsed, leading marks and spaces dropped. */
static void norm(const char *s, char *out, size_t cap)
{
	size_t k = 0;
	while (*s == ' ' || *s == '\n')
		s++;
	for (; *s && k + 1 < cap; s++) {
		char c = *s;
		if (c == '\n' || c == '\t')
			c = ' ';
		if (c == ' ' && k && out[k - 1] == ' ')
			continue;
		if (c == '*')
			continue;
		out[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	out[k] = 0;
}

static int ends_with_word(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	return m && m <= n && strcmp(a + n - m, b) == 0 && (m == n || a[n - m - 1] == ' ');
}

/* A speaker is right when it equals one of the gold alternatives or one ends
 * with the other (Dr. Elham Fakhari / Elham Fakhari, Ortega / Juan Carlos Ortega). */
static int speaker_ok(const char *gold, const char *got)
{
	if (!strcmp(gold, "-"))
		return got == NULL;
	if (!got)
		return 0;
	char g[512], p[512], alt[512];
	norm(got, p, sizeof p);
	snprintf(alt, sizeof alt, "%s", gold);
	for (char *tok = alt, *next; tok; tok = next) {
		next = strchr(tok, '|');
		if (next)
			*next++ = 0;
		norm(tok, g, sizeof g);
		if (!strcmp(g, p) || ends_with_word(g, p) || ends_with_word(p, g))
			return 1;
	}
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	const char *dir = "tests/quotes/articles";
	int verbose = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else
			dir = argv[i];
	}
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "quotes_eval: cannot open %s\n", dir);
		return 2;
	}
	char *names[256];
	size_t nn = 0;
	struct dirent *de;
	while ((de = readdir(d)) && nn < 256) {
		size_t l = strlen(de->d_name);
		if (l > 3 && !strcmp(de->d_name + l - 3, ".md"))
			names[nn++] = lede_xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, nn, sizeof *names, name_cmp);
	lede_error err;
	lede_extractor *x = lede_extractor_new(&err);
	if (!x) {
		fprintf(stderr, "%s\n", err.msg);
		return 2;
	}
	lede_extract_ctx *c = lede_extract_ctx_new(x);
	int predicted = 0, correct_pred = 0, gold_total = 0, found = 0, spk_ok = 0, articles = 0;
	for (size_t a = 0; a < nn; a++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, names[a]);
		size_t len, glen;
		char *text = slurp(path, &len);
		snprintf(path, sizeof path, "%s/%.*s.gold.tsv", dir, (int)(strlen(names[a]) - 3),
		         names[a]);
		char *gold = slurp(path, &glen);
		if (!text || !gold) {
			free(text);
			free(gold);
			continue;
		}
		articles++;
		size_t body = 0;
		char lang[8] = "";
		if (!strncmp(text, "---\n", 4)) {
			char *e = strstr(text + 4, "\n---\n");
			if (e)
				body = (size_t)(e - text) + 5;
			char *lg = strstr(text, "\nlang: ");
			if (lg && (size_t)(lg - text) < body)
				sscanf(lg + 7, "%7s", lang);
		}
		lede_arena *ar = lede_arena_new();
		lede_extraction out;
		if (lede_extract(c, ar, text, len, body, LEDE_EXTRACT_MARKDOWN,
		                 lang[0] ? lang : NULL, &out, &err)) {
			fprintf(stderr, "%s: %s\n", names[a], err.msg);
			return 2;
		}
		char *used = calloc(out.nquotes + 1, 1);
		int a_gold = 0, a_found = 0, a_spk = 0;
		for (char *line = gold, *next; line && *line; line = next) {
			next = strchr(line, '\n');
			if (next)
				*next++ = 0;
			if (*line == '#' || !*line)
				continue;
			char *tab = strchr(line, '\t');
			if (!tab)
				continue;
			*tab = 0;
			const char *spk = line, *words = tab + 1;
			char gw[512], pw[4096];
			norm(words, gw, sizeof gw);
			a_gold++;
			size_t hit = (size_t)-1;
			for (size_t i = 0; i < out.nquotes; i++) {
				if (used[i])
					continue;
				norm(out.quotes[i].text, pw, sizeof pw);
				if (!strncmp(pw, gw, strlen(gw))) {
					hit = i;
					break;
				}
			}
			if (hit == (size_t)-1) {
				printf("# %s: missed \"%s\" (%s)\n", names[a], words, spk);
				continue;
			}
			used[hit] = 1;
			a_found++;
			if (speaker_ok(spk, out.quotes[hit].speaker)) {
				a_spk++;
			} else {
				printf("# %s: \"%.40s\" speaker %s, want %s\n", names[a], words,
				       out.quotes[hit].speaker ? out.quotes[hit].speaker : "null",
				       spk);
			}
		}
		for (size_t i = 0; i < out.nquotes; i++) {
			if (!used[i])
				printf("# %s: not a gold quotation: \"%.60s\" (%s)\n", names[a],
				       out.quotes[i].text,
				       out.quotes[i].speaker ? out.quotes[i].speaker : "null");
			else if (verbose)
				printf("#   %s: [%s] role=%s cue=%s \"%.50s\"\n", names[a],
				       out.quotes[i].speaker ? out.quotes[i].speaker : "null",
				       out.quotes[i].role ? out.quotes[i].role : "null",
				       out.quotes[i].cue ? out.quotes[i].cue : "null",
				       out.quotes[i].text);
		}
		int ok = a_found == a_gold && a_spk == a_found && (int)out.nquotes == a_found;
		printf("%s - %s (%d/%d found, %d/%d speakers, %zu reported)\n",
		       ok ? "ok" : "not ok", names[a], a_found, a_gold, a_spk, a_found,
		       out.nquotes);
		predicted += (int)out.nquotes;
		correct_pred += a_found;
		gold_total += a_gold;
		found += a_found;
		spk_ok += a_spk;
		free(used);
		lede_arena_free(ar);
		free(text);
		free(gold);
	}
	for (size_t a = 0; a < nn; a++)
		free(names[a]);
	lede_extract_ctx_free(c);
	lede_extractor_free(x);
	double p = predicted ? 100.0 * correct_pred / predicted : 100.0;
	double r = gold_total ? 100.0 * found / gold_total : 100.0;
	double sa = found ? 100.0 * spk_ok / found : 100.0;
	printf("# quotes: %d articles, %d gold quotations, %d reported\n", articles, gold_total,
	       predicted);
	printf("# precision %.1f%% (min %.0f), recall %.1f%% (min %.0f), speaker accuracy %.1f%% "
	       "(min %.0f)\n",
	       p, MIN_PRECISION, r, MIN_RECALL, sa, MIN_SPEAKER);
	int fail = articles == 0 || p < MIN_PRECISION || r < MIN_RECALL || sa < MIN_SPEAKER;
	printf("quotes_eval: %d passed, %d failed\n", fail ? 0 : 1, fail ? 1 : 0);
	return fail;
}
