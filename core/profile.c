/* profile.c: the counters behind `lede build --profile` and the table it
 * prints (like Hugo's --templateMetrics). Rows are found by name through a
 * small open-addressing hash, so a timed step costs a clock read and a
 * lookup, and nothing when the engine has no profile. */
#include "profile.h"

#include <sys/resource.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
	char *label; /* "what name.sub" */
	uint32_t hash;
	long long calls;
	double secs;
} row;

struct lede_profile {
	row *rows;
	size_t n, cap;
	size_t *slots; /* index + 1 into rows; 0: empty; a power of two long */
	size_t nslots;
};

double lede_clock(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

lede_profile *lede_profile_new(void) { return lede_xcalloc(1, sizeof(lede_profile)); }

void lede_profile_free(lede_profile *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		free(p->rows[i].label);
	free(p->rows);
	free(p->slots);
	free(p);
}

static uint32_t fnv(uint32_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The hash of the label the parts make, without making it. */
static uint32_t hash_parts(const char *what, const char *name, const char *sub)
{
	uint32_t h = fnv(2166136261u, what);
	if (name)
		h = fnv(fnv(h, " "), name);
	if (sub)
		h = fnv(fnv(h, "."), sub);
	return h;
}

/* Whether label is what the parts make; *rest is what follows a match. */
static const char *skip(const char *label, const char *part)
{
	size_t n = strlen(part);
	return label && !strncmp(label, part, n) ? label + n : NULL;
}

static int same(const char *label, const char *what, const char *name, const char *sub)
{
	const char *s = skip(label, what);
	if (name)
		s = skip(skip(s, " "), name);
	if (sub)
		s = skip(skip(s, "."), sub);
	return s && !*s;
}

static void rehash(lede_profile *p)
{
	free(p->slots);
	p->nslots = p->nslots ? p->nslots * 2 : 64;
	p->slots = lede_xcalloc(p->nslots, sizeof *p->slots);
	for (size_t i = 0; i < p->n; i++) {
		size_t k = p->rows[i].hash & (p->nslots - 1);
		while (p->slots[k])
			k = (k + 1) & (p->nslots - 1);
		p->slots[k] = i + 1;
	}
}

static row *find(lede_profile *p, const char *what, const char *name, const char *sub)
{
	uint32_t h = hash_parts(what, name, sub);
	if (p->nslots) {
		for (size_t k = h & (p->nslots - 1); p->slots[k]; k = (k + 1) & (p->nslots - 1)) {
			row *r = &p->rows[p->slots[k] - 1];
			if (r->hash == h && same(r->label, what, name, sub))
				return r;
		}
	}
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->rows = lede_xrealloc(p->rows, p->cap * sizeof *p->rows);
	}
	lede_buf b = LEDE_BUF_INIT;
	lede_buf_puts(&b, what);
	if (name)
		lede_buf_printf(&b, " %s", name);
	if (sub)
		lede_buf_printf(&b, ".%s", sub);
	row *r = &p->rows[p->n++];
	*r = (row){.label = lede_buf_detach(&b, NULL), .hash = h};
	if (p->n * 2 > p->nslots) {
		rehash(p);
	} else {
		size_t k = h & (p->nslots - 1);
		while (p->slots[k])
			k = (k + 1) & (p->nslots - 1);
		p->slots[k] = p->n;
	}
	return r;
}

void lede_profile_add(lede_profile *p, const char *what, const char *name, const char *sub,
                      double secs)
{
	row *r = find(p, what, name, sub);
	r->calls++;
	r->secs += secs;
}

void lede_profile_merge(lede_profile *to, const lede_profile *from)
{
	for (size_t i = 0; from && i < from->n; i++) {
		row *r = find(to, from->rows[i].label, NULL, NULL);
		r->calls += from->rows[i].calls;
		r->secs += from->rows[i].secs;
	}
}

long long lede_profile_calls(const lede_profile *p, const char *label, double *secs)
{
	*secs = 0;
	for (size_t i = 0; p && i < p->n; i++)
		if (!strcmp(p->rows[i].label, label)) {
			*secs = p->rows[i].secs;
			return p->rows[i].calls;
		}
	return 0;
}

double lede_peak_mib(void)
{
	struct rusage ru;
	return getrusage(RUSAGE_SELF, &ru) == 0 ? (double)ru.ru_maxrss / 1024 : 0;
}

/* "1.234 s", "12.35 ms", "5.2 us" */
static void fmt_time(char *s, size_t n, double t)
{
	if (t >= 1)
		snprintf(s, n, "%.3f s", t);
	else if (t >= 1e-3)
		snprintf(s, n, "%.2f ms", t * 1e3);
	else
		snprintf(s, n, "%.1f us", t * 1e6);
}

static int by_time(const void *x, const void *y)
{
	const row *a = *(const row *const *)x, *b = *(const row *const *)y;
	if (a->secs != b->secs)
		return a->secs < b->secs ? 1 : -1;
	return strcmp(a->label, b->label);
}

void lede_profile_format(const lede_profile *p, const lede_profile_times *t, lede_buf *out)
{
	char a[32], b[32], c[32], d[32];
	double sum = t->main + t->threads;
	fmt_time(a, sizeof a, t->wall);
	fmt_time(b, sizeof b, t->cpu);
	lede_buf_printf(out, "lede: profile (-j %d): wall %s, CPU %s\n", t->jobs, a, b);
	/* what a site owner sizes --records-memory by */
	if (t->peak_mib > 0)
		lede_buf_printf(out, "  peak memory %.1f MiB", t->peak_mib);
	if (t->peak_mib > 0 && t->records)
		lede_buf_printf(out, "; collection records %s --records-memory %lld MiB)\n",
		                t->records == 2 ? "on disk (over" : "in memory (within",
		                t->records_memory >> 20);
	else if (t->peak_mib > 0)
		lede_buf_putc(out, '\n');
	fmt_time(a, sizeof a, sum);
	fmt_time(b, sizeof b, t->main);
	fmt_time(c, sizeof c, t->threads);
	lede_buf_printf(out, "  thread time %s: main thread %s + %d worker%s %s\n", a, b,
	                t->workers, t->workers == 1 ? "" : "s", c);
	lede_buf_puts(out,
	              "  (workers run at once: with two or more, the thread time exceeds the wall "
	              "time)\n"
	              "  total: summed over the threads; share: of the thread time; rows nest (an "
	              "outlet's time\n"
	              "  includes its hooks and writes, a render hook's its templates), so shares "
	              "add up to more than 100%\n");
	size_t n = p ? p->n : 0;
	const row **v = lede_xcalloc(n + 1, sizeof *v);
	int w = (int)strlen("thread time");
	for (size_t i = 0; i < n; i++) {
		v[i] = &p->rows[i];
		if ((int)strlen(v[i]->label) > w)
			w = (int)strlen(v[i]->label);
	}
	qsort(v, n, sizeof *v, by_time);
	lede_buf_printf(out, "  %-*s %10s %11s %11s %7s\n", w, "what", "calls", "total", "mean",
	                "share");
	for (size_t i = 0; i < n; i++) {
		fmt_time(c, sizeof c, v[i]->secs);
		fmt_time(d, sizeof d, v[i]->calls ? v[i]->secs / (double)v[i]->calls : 0);
		lede_buf_printf(out, "  %-*s %10lld %11s %11s %6.1f%%\n", w, v[i]->label,
		                v[i]->calls, c, d, sum > 0 ? 100 * v[i]->secs / sum : 0.0);
	}
	fmt_time(c, sizeof c, sum);
	lede_buf_printf(out, "  %-*s %10s %11s %11s %6.1f%%\n", w, "thread time", "", c, "", 100.0);
	free(v);
}
