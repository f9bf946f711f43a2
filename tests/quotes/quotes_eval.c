/* quotes_eval.c: scores quotation extraction against the annotated articles
 * in DIR (ARTICLE.md + ARTICLE.gold.tsv). A gold line is
 *   speaker<TAB>first words of the quotation[<TAB>class[<TAB>role words]]
 * with speaker alternatives separated by '|' and "-" for none; a line
 *   !<TAB>quoted words<TAB>class
 * names a quoted phrase that is not a quotation. Prints precision, recall,
 * F1 and speaker accuracy per language and per class, and fails when any
 * figure is below DIR/baseline.tsv minus 0.02 (-w rewrites that file from
 * this run). Usage: quotes_eval [DIR] [-v] [-w]. */
#include "extract.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SLACK 0.02

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

/* A speaker is right when it equals one of the gold alternatives, or ends
 * with one after a title (Dr. Elham Fakhari for Elham Fakhari). A surname
 * alone (Ortega for Juan Carlos Ortega) is wrong: the full name is wanted. */
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
		if (!strcmp(g, p) || ends_with_word(p, g))
			return 1;
	}
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Counts for one scope: everything, a language ("lang en") or a class
 * ("class split"). */
typedef struct score {
	char name[48];
	int gold, found, spk, predicted, correct, neg, rejected, roles, role_ok;
} score;

typedef struct scores {
	score v[64];
	int n;
} scores;

static score *scope(scores *s, const char *kind, const char *name)
{
	char key[48];
	snprintf(key, sizeof key, "%s %s", kind, name);
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].name, key))
			return &s->v[i];
	if (s->n == 64)
		return &s->v[63];
	score *x = &s->v[s->n++];
	memset(x, 0, sizeof *x);
	snprintf(x->name, sizeof x->name, "%s", key);
	return x;
}

/* The role is right when it holds the gold role's words (case and spaces
 * aside). */
static int role_ok(const char *gold, const char *got)
{
	if (!strcmp(gold, "-"))
		return got == NULL;
	if (!got)
		return 0;
	char g[512], p[2048];
	norm(gold, g, sizeof g);
	norm(got, p, sizeof p);
	return strstr(p, g) != NULL;
}

static double ratio(int a, int b) { return b ? (double)a / b : 1.0; }

/* The figures a scope is held to: name of the figure and its value, -1 when
 * it has nothing to measure. */
static int figures(const score *x, const char **names, double *vals)
{
	int k = 0;
	double p = ratio(x->correct, x->predicted), r = ratio(x->found, x->gold);
	names[k] = "precision";
	vals[k++] = x->predicted || x->neg ? (x->predicted ? p : 1.0) : -1;
	names[k] = "recall";
	vals[k++] = x->gold ? r : -1;
	names[k] = "f1";
	vals[k++] = x->gold && x->predicted ? (p + r > 0 ? 2 * p * r / (p + r) : 0) : -1;
	names[k] = "speaker";
	vals[k++] = x->found ? ratio(x->spk, x->found) : -1;
	names[k] = "role";
	vals[k++] = x->roles ? ratio(x->role_ok, x->roles) : -1;
	names[k] = "rejected";
	vals[k++] = x->neg ? ratio(x->rejected, x->neg) : -1;
	return k;
}

static int lookup(const char *base, const char *key, const char *fig, double *v)
{
	if (!base)
		return 0;
	char want[128];
	snprintf(want, sizeof want, "%s\t%s\t", key, fig);
	const char *p = strstr(base, want);
	while (p && p != base && p[-1] != '\n')
		p = strstr(p + 1, want);
	if (!p)
		return 0;
	*v = atof(p + strlen(want));
	return 1;
}

int main(int argc, char **argv)
{
	const char *dir = "tests/quotes/articles";
	int verbose = 0, write = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else if (!strcmp(argv[i], "-w"))
			write = 1;
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
	static scores sc;
	int articles = 0;
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
		score *all = scope(&sc, "all", "all"),
		      *sl = scope(&sc, "lang", lang[0] ? lang : "-");
		char *used = calloc(out.nquotes + 1, 1);
		int a_gold = 0, a_found = 0, a_spk = 0, a_neg = 0, a_rej = 0;
		for (char *line = gold, *next; line && *line; line = next) {
			next = strchr(line, '\n');
			if (next)
				*next++ = 0;
			if (*line == '#' || !*line)
				continue;
			char *f[4] = {line, NULL, NULL, NULL};
			for (int k = 1; k < 4; k++) {
				f[k] = f[k - 1] ? strchr(f[k - 1], '\t') : NULL;
				if (f[k])
					*f[k]++ = 0;
			}
			if (!f[1])
				continue;
			const char *spk = f[0], *words = f[1], *cls = f[2] ? f[2] : "plain";
			score *sk = scope(&sc, "class", cls);
			char gw[512], pw[4096];
			norm(words, gw, sizeof gw);
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
			if (!strcmp(spk, "!")) {
				/* Not a quotation: reporting it is a false positive of this class.
				 */
				a_neg++;
				all->neg++, sl->neg++, sk->neg++;
				if (hit == (size_t)-1) {
					a_rej++;
					all->rejected++, sl->rejected++, sk->rejected++;
				} else {
					sk->predicted++;
					printf("# %s: not a quotation, yet reported: \"%s\" (%s)\n",
					       names[a], words, cls);
				}
				continue;
			}
			a_gold++;
			all->gold++, sl->gold++, sk->gold++;
			if (hit == (size_t)-1) {
				printf("# %s: missed \"%s\" (%s, %s)\n", names[a], words, spk, cls);
				continue;
			}
			used[hit] = 2;
			a_found++;
			all->found++, sl->found++, sk->found++;
			sk->predicted++, sk->correct++;
			const lede_quote *q = &out.quotes[hit];
			if (speaker_ok(spk, q->speaker)) {
				a_spk++;
				all->spk++, sl->spk++, sk->spk++;
			} else {
				printf("# %s: \"%.40s\" speaker %s, want %s (%s)\n", names[a],
				       words, q->speaker ? q->speaker : "null", spk, cls);
			}
			if (f[3]) {
				int ok = role_ok(f[3], q->role);
				all->roles++, sl->roles++, sk->roles++;
				all->role_ok += ok, sl->role_ok += ok, sk->role_ok += ok;
				if (!ok)
					printf("# %s: \"%.40s\" role %s, want %s\n", names[a],
					       words, q->role ? q->role : "null", f[3]);
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
		int ok = a_found == a_gold && a_spk == a_found && (int)out.nquotes == a_found &&
		         a_rej == a_neg;
		printf("# %s - %s (%d/%d found, %d/%d speakers, %zu reported, %d/%d non-quotations "
		       "left out)\n",
		       ok ? "perfect" : "imperfect", names[a], a_found, a_gold, a_spk, a_found,
		       out.nquotes, a_rej, a_neg);
		all->predicted += (int)out.nquotes, sl->predicted += (int)out.nquotes;
		all->correct += a_found, sl->correct += a_found;
		free(used);
		lede_arena_free(ar);
		free(text);
		free(gold);
	}
	for (size_t a = 0; a < nn; a++)
		free(names[a]);
	lede_extract_ctx_free(c);
	lede_extractor_free(x);

	char bpath[4096];
	snprintf(bpath, sizeof bpath, "%s/baseline.tsv", dir);
	size_t blen;
	char *base = write ? NULL : slurp(bpath, &blen);
	FILE *wf = write ? fopen(bpath, "w") : NULL;
	if (wf)
		fprintf(wf,
		        "# scope\tfigure\tvalue: written by quotes_eval -w; the run fails "
		        "below value - %.2f\n",
		        SLACK);
	int below = 0;
	printf("# %-16s %5s %5s %6s %6s %6s %6s %6s %6s\n", "scope", "gold", "neg", "prec",
	       "recall", "f1", "spkr", "role", "reject");
	for (int i = 0; i < sc.n; i++) {
		const score *s = &sc.v[i];
		const char *fn[8];
		double fv[8];
		int k = figures(s, fn, fv);
		printf("# %-16s %5d %5d", s->name, s->gold, s->neg);
		for (int j = 0; j < k; j++) {
			if (fv[j] < 0)
				printf(" %6s", "-");
			else
				printf(" %6.3f", fv[j]);
		}
		printf("\n");
		for (int j = 0; j < k; j++) {
			double want;
			if (fv[j] < 0)
				continue;
			if (wf)
				fprintf(wf, "%s\t%s\t%.3f\n", s->name, fn[j], fv[j]);
			else if (lookup(base, s->name, fn[j], &want)) {
				/* One TAP line per figure held to the baseline. */
				bool good = fv[j] >= want - SLACK;
				printf("%s - %s %s %.3f (baseline %.3f - %.2f)\n",
				       good ? "ok" : "not ok", s->name, fn[j], fv[j], want, SLACK);
				below += !good;
			}
		}
	}
	if (wf)
		fclose(wf);
	free(base);
	int fail = articles == 0 || below > 0;
	if (articles == 0)
		printf("not ok - no annotated article in %s\n", dir);
	return fail;
}
