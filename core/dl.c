/* dl.c: libraries loaded when first needed (see dl.h). */
#include "dl.h"

#include <dlfcn.h>
#include <stdio.h>

void lede_dl_load(const char *soname, const char *what, const char *need, const lede_dl_sym *syms,
                  size_t n, char *why, size_t whysz)
{
	why[0] = '\0';
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(why, whysz, "cannot load %s (%s); %s", soname, dlerror(), need);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (!(*syms[i].slot = dlsym(h, syms[i].name))) {
			snprintf(why, whysz, "%s has no %s: not the %s lede was built for", soname,
			         syms[i].name, what);
			return;
		}
}
