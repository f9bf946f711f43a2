/* harness.h: the unit tests' whole framework. Each test file defines
 * test functions, lists them in main with RUN(), and ends with DONE();
 * the runner counts the "ok"/"not ok" lines it prints. */
#ifndef LEDE_HARNESS_H
#define LEDE_HARNESS_H

#include <stdio.h>
#include <string.h>

static int h_failed_now, h_passed, h_failed;

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "  %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			h_failed_now = 1;                                                          \
		}                                                                                  \
	} while (0)

#define CHECK_STR(got, want)                                                                       \
	do {                                                                                       \
		const char *g_ = (got), *w_ = (want);                                              \
		if (!g_ || strcmp(g_, w_) != 0) {                                                  \
			fprintf(stderr, "  %s:%d: got \"%s\"\n  %*swant \"%s\"\n", __FILE__,       \
			        __LINE__, g_ ? g_ : "(null)", (int)strlen(__FILE__) + 6, "", w_);  \
			h_failed_now = 1;                                                          \
		}                                                                                  \
	} while (0)

#define CHECK_INT(got, want)                                                                       \
	do {                                                                                       \
		long long g_ = (long long)(got), w_ = (long long)(want);                           \
		if (g_ != w_) {                                                                    \
			fprintf(stderr, "  %s:%d: %s = %lld, want %lld\n", __FILE__, __LINE__,     \
			        #got, g_, w_);                                                     \
			h_failed_now = 1;                                                          \
		}                                                                                  \
	} while (0)

#define RUN(fn)                                                                                    \
	do {                                                                                       \
		h_failed_now = 0;                                                                  \
		fn();                                                                              \
		if (h_failed_now) {                                                                \
			h_failed++;                                                                \
			printf("not ok - %s\n", #fn);                                              \
		} else {                                                                           \
			h_passed++;                                                                \
			printf("ok - %s\n", #fn);                                                  \
		}                                                                                  \
	} while (0)

#define DONE() return h_failed ? 1 : 0

#endif
