/* dl.h: a library lede loads when it is first needed (dlopen), not when
 * it starts: libvips for images, libcurl for `lede check --links`,
 * libmicrohttpd for `lede serve`. Linked, they and what they bring (some
 * forty libraries) were most of the few milliseconds every lede process
 * took to start. Each user keeps a table of the functions it calls, filled
 * once (pthread_once) and only read after: that table and its once flag
 * are the only process-wide state, and they hold no lede data. */
#ifndef LEDE_DL_H
#define LEDE_DL_H

#include <stddef.h>

typedef struct {
	const char *name; /* the function's name */
	void **slot;      /* where its address goes */
} lede_dl_sym;

/* Opens soname and fills every slot of syms[0..n). why is left empty when
 * all is there; else it says what is wrong and what to do: "cannot load
 * SONAME (reason); NEED", or "SONAME has no FUNCTION: not the WHAT lede was
 * built for". */
void lede_dl_load(const char *soname, const char *what, const char *need, const lede_dl_sym *syms,
                  size_t n, char *why, size_t whysz);

/* A table of functions from one X-macro list, FUNCS(X, table) expanding
 * to X(table, name) for each name: static LEDE_DL_TABLE(FUNCS) t; declares
 * it (a member per function, and why: empty once loaded), and
 * LEDE_DL_LOAD(t, FUNCS, ...) fills it (lede_dl_load). */
#define LEDE_DL_TABLE(FUNCS)                                                                       \
	struct {                                                                                   \
		FUNCS(LEDE_DL_MEMBER, _)                                                           \
		char why[256];                                                                     \
	}
#define LEDE_DL_MEMBER(table, f) __typeof__(f) *f;
#define LEDE_DL_SYM(table, f)    {#f, (void **)&(table).f},
#define LEDE_DL_LOAD(table, FUNCS, soname, what, need)                                             \
	do {                                                                                       \
		static const lede_dl_sym syms_[] = {FUNCS(LEDE_DL_SYM, table)};                    \
		lede_dl_load(soname, what, need, syms_, sizeof syms_ / sizeof *syms_, (table).why, \
		             sizeof(table).why);                                                   \
	} while (0)

#endif
