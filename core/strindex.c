/* strindex.c: see strindex.h. Open addressing, linear probing, XXH3. */
#include "strindex.h"

#include "buf.h"
#include "digest.h"

#include <stdlib.h>
#include <string.h>

static size_t *probe(size_t *slots, size_t cap, char *const *keys, const char *key)
{
	size_t j = (size_t)lede_digest64(key, strlen(key)) & (cap - 1);
	while (slots[j] && strcmp(keys[slots[j] - 1], key) != 0)
		j = (j + 1) & (cap - 1);
	return &slots[j];
}

size_t *lede_strindex_slot(lede_strindex *x, char *const *keys, size_t n, const char *key)
{
	if ((n + 1) * 2 >= x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 64;
		while ((n + 1) * 2 >= cap)
			cap *= 2;
		size_t *slots = lede_xcalloc(cap, sizeof *slots);
		for (size_t i = 0; i < n; i++)
			*probe(slots, cap, keys, keys[i]) = i + 1;
		free(x->slots);
		x->slots = slots;
		x->cap = cap;
	}
	return probe(x->slots, x->cap, keys, key);
}

void lede_strindex_free(lede_strindex *x)
{
	free(x->slots);
	x->slots = NULL;
	x->cap = 0;
}
