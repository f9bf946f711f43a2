/* profile.h: `lede build --profile`, where the build's time goes: per
 * plugin hook, outlet, parse step, template and write. Each engine (the
 * main one, every worker) counts into its own profile, with no lock; the
 * workers' are summed into the main one when they end. An engine without a
 * profile (the default) pays one branch per timed step. */
#ifndef LEDE_PROFILE_H
#define LEDE_PROFILE_H

#include "buf.h"

typedef struct lede_profile lede_profile;

/* A monotonic clock, in seconds. */
double lede_clock(void);

/* An empty profile; free it with lede_profile_free (NULL is fine). */
lede_profile *lede_profile_new(void);
void lede_profile_free(lede_profile *p);

/* Counts one call of secs under the row named "what name.sub" (name and
 * sub may be NULL: "what name", "what"). The strings are copied. */
void lede_profile_add(lede_profile *p, const char *what, const char *name, const char *sub,
                      double secs);
/* Runs step, then, when the engine e is profiled (e->prof), counts its
 * time under "what name". */
#define TIMED(e, what, name, step)                                                                 \
	do {                                                                                       \
		double t_ = (e)->prof ? lede_clock() : 0;                                          \
		step;                                                                              \
		if ((e)->prof)                                                                     \
			lede_profile_add((e)->prof, what, name, NULL, lede_clock() - t_);          \
	} while (0)

/* Adds every row of from into to. */
void lede_profile_merge(lede_profile *to, const lede_profile *from);
/* The row's calls and seconds (0 and 0 when there is no such row). */
long long lede_profile_calls(const lede_profile *p, const char *label, double *secs);

/* The times a table's header shows. */
typedef struct lede_profile_times {
	int jobs;       /* -j */
	int workers;    /* worker threads that ran (0: the main state alone) */
	double wall;    /* the build, start to end */
	double cpu;     /* the process's CPU time during the build */
	double main;    /* the main thread's time outside the workers' phase */
	double threads; /* the workers' time, summed */
	/* the collection records: 0 none kept (no build state), 1 in memory,
	 * 2 on disk (over records_memory bytes, --records-memory) */
	int records;
	long long records_memory;
	double peak_mib; /* the process's peak resident set (lede_peak_mib); 0: not shown */
} lede_profile_times;

/* The process's peak resident set so far, in MiB (0 when unknown). */
double lede_peak_mib(void);

/* Appends the table: a header with the times, then a row per name (calls,
 * total, mean, share of the thread time), longest first, then the total. */
void lede_profile_format(const lede_profile *p, const lede_profile_times *t, lede_buf *out);

#endif
