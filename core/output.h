/* output.h: atomic writes under an output directory. A file is written to a
 * temporary name beside its target and renamed over it, so a crash or a
 * failed build leaves every earlier file whole. */
#ifndef LEDE_OUTPUT_H
#define LEDE_OUTPUT_H

#include "error.h"

#include <stdbool.h>
#include <stddef.h>

/* True when rel is a relative path that stays inside its base: not empty,
 * not absolute, no ".." component, no NUL or backslash. */
bool lede_path_is_contained(const char *rel);
/* Writes data to dir/rel atomically, creating folders; a file that already
 * holds exactly data is left alone. Returns 0, or -1 with err (also when rel
 * fails lede_path_is_contained). */
int lede_write_file(const char *dir, const char *rel, const void *data, size_t len, lede_error *err);
/* mkdir -p; 0 or -1 (errno set). */
int lede_mkdirs(const char *path);
/* Copies every file under src into dst/ (atomically each), keeping the
 * tree; counts copied files in *count. Missing src is not an error. */
int lede_copy_tree(const char *src, const char *dst, int *count, lede_error *err);
/* Reads a whole file; NULL (errno set) on failure. Caller frees. */
char *lede_read_file(const char *path, size_t *len);

#endif
