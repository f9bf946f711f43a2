/* strindex.h: an index, by hash, of strings the caller keeps in an array
 * of its own (the once keys of messages, a text's link references): a
 * lookup costs the same whatever their number, where a scan of the array
 * made thousands of them quadratic. */
#ifndef LEDE_STRINDEX_H
#define LEDE_STRINDEX_H

#include <stddef.h>

typedef struct {
	size_t *slots; /* a string's position in the array + 1, or 0: free */
	size_t cap;    /* a power of two, over twice the strings */
} lede_strindex;

/* The slot of key in x, which indexes keys[0..n), grown first to hold
 * one more: *slot is i + 1 when keys[i] is key, else 0; the caller who
 * then appends key as keys[n] sets *slot to n + 1. */
size_t *lede_strindex_slot(lede_strindex *x, char *const *keys, size_t n, const char *key);
void lede_strindex_free(lede_strindex *x);

#endif
