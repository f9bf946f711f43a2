/* output.h: atomic writes under an output directory. A file is written to a
 * temporary name beside its target and renamed over it, so a crash or a
 * failed build leaves every earlier file whole. */
#ifndef LEDE_OUTPUT_H
#define LEDE_OUTPUT_H

#include "error.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

/* True when rel is a relative path that stays inside its base: not empty,
 * not absolute, no ".." component, no NUL or backslash. */
bool lede_path_is_contained(const char *rel);
/* Writes data to dir/rel atomically, creating folders; a file that already
 * holds exactly data is left alone. Returns 0, or -1 with err (also when rel
 * fails lede_path_is_contained, and when a folder on the way is a symbolic
 * link leading out of dir: nothing is written through it). A symlink at
 * dir/rel itself is replaced, not followed. */
int lede_write_file(const char *dir, const char *rel, const void *data, size_t len,
                    lede_error *err);
/* True when path is a regular file (not a symlink) holding exactly data:
 * rewriting it would only churn inodes and mtimes. */
bool lede_same_content(const char *path, const void *data, size_t len);
/* 0 when no folder between dir and dir/rel's file is a symlink leading out
 * of dir; else -1 with err naming the link. */
int lede_check_folders(const char *dir, const char *rel, lede_error *err);
/* What lede_check_folders_at found on the way to rel, each as the length
 * of rel's prefix naming it (0: none), and what it may know beforehand. */
typedef struct lede_folders {
	size_t missing; /* the first folder not there (one a rename could make whole) */
	size_t blocked; /* the first that is a file, not a folder (a user's, in the way) */
	/* A cache of folders settled before (NULL: none), keyed by rel's
	 * first len bytes: known says LEDE_FOLDER_THERE, _MISSING or
	 * _UNKNOWN; learn is told what each lstat settled (a folder there or
	 * missing; never a symlink, which is checked every time). */
	int (*known)(void *ud, const char *rel, size_t len);
	void (*learn)(void *ud, const char *rel, size_t len, int verdict);
	void *ud;
} lede_folders;
enum { LEDE_FOLDER_UNKNOWN, LEDE_FOLDER_THERE, LEDE_FOLDER_MISSING };
/* lede_check_folders, with f (or NULL) as above. */
int lede_check_folders_at(const char *dir, const char *rel, lede_folders *f, lede_error *err);
/* True when the resolved path real is base or under it (both from
 * realpath, so without "..", "." or symlinks). */
bool lede_path_within(const char *real, const char *base);
/* realpath(path) for a path that may not be there yet: its deepest
 * existing folder resolved, the rest of its names appended (malloc'd; NULL
 * when nothing of it resolves, or it ends in "." or ".." past what is). */
char *lede_realpath_to_be(const char *path);
/* mkdir -p; 0 or -1 (errno set). */
int lede_mkdirs(const char *path);
/* The same for a path relative to the folder dirfd (or AT_FDCWD). */
int lede_mkdirs_at(int dirfd, const char *path);
/* Writes data as rel (under a destination it knows); 0 or -1 with err. */
typedef int (*lede_write_fn)(void *ud, const char *rel, const void *data, size_t len,
                             lede_error *err);
/* Receives a warning or an error about shown (a path as messages name it). */
typedef void (*lede_report_fn)(void *ud, bool warning, const char *shown, const char *msg);

/* A sorted depth-first walk over the regular files under a folder that
 * does not leave the site through a symbolic link. A symlink is followed
 * when its target is inside site; one leading outside, a dangling one and
 * one leading back to a folder above it (a loop) are warned about once
 * each and skipped, as are special files (FIFOs, devices, sockets). A
 * folder or file that cannot be read (too long a path, no permission) is an
 * error, reported, and the walk goes on. */
typedef struct lede_walk {
	const char *site; /* symlinks must lead inside it; NULL: not checked */
	const char *skip; /* names starting with one of these are skipped */
	/* Every regular file: full is its path to open, rel its path under the
	 * walked folder, shown
	 * the same as messages name it, st the file's own (followed) stat,
	 * via_link true when a symlink was followed on the way. Non-zero stops
	 * the walk, and lede_walk_tree returns it. */
	int (*file)(void *ud, const char *full, const char *rel, const char *shown,
	            const struct stat *st, bool via_link);
	/* The file callback needs only st_dev, st_ino and st_mode: a file the
	 * folder's listing says is regular is not stat'ed, and its st holds
	 * only those (a 100k-article content folder is walked without 100k
	 * stat calls). */
	bool ids_only;
	/* A folder not walked, silently (NULL: none): the output folder when
	 * it is inside the walked one (content: . and public/ in it). */
	const struct stat *prune;
	lede_report_fn report;
	void *ud;
	/* A dangling symlink (target: what it holds): true when the callback
	 * takes it (the content walk: an article whose file cannot be read),
	 * else (or NULL) it is warned about and skipped. */
	bool (*dangling)(void *ud, const char *shown, const char *target);
	/* A folder that cannot be listed (shown: as messages name it), after
	 * its error is reported; NULL: none to tell. The content walk notes
	 * it, for the articles the last build published from it. */
	void (*unlisted)(void *ud, const char *shown);
} lede_walk;
/* Walks dir (named shown in messages). A missing dir is not an error.
 * Returns 0 or what w->file returned. */
int lede_walk_tree(const lede_walk *w, const char *dir, const char *shown);
/* Copies the contents of every regular file under src (walked as
 * lede_walk_tree does, skipping dot files) into dst/, keeping the tree;
 * copies are plain 0644 files whatever the mode of the original (no setuid
 * or other bits travel), through write when not NULL (a build's stage),
 * else lede_write_file. Counts copied files in *count. A file that cannot
 * be read or written is reported as an error and the copy goes on. */
int lede_copy_tree(const char *src, const char *shown, const char *dst, const char *site,
                   lede_report_fn report, void *ud, lede_write_fn write, void *write_ud,
                   int *count);
/* True when name is one of lede_write_file's temporary files,
 * ".NAME.tmp-XXXXXX". */
bool lede_is_temp_name(const char *name);
/* Removes the temporary files a killed build left under dir (only those
 * named as lede_is_temp_name says, only regular files, never through a
 * symlink, and not in a folder below dir holding a file that marks
 * (NULL-terminated, may be NULL) names: another build's output folder);
 * counts them in *removed. A missing dir is not an error. */
int lede_clean_temp(const char *dir, const char *const *marks, int *removed);
/* Reads a whole file; NULL (errno set) on failure. Caller frees. */
char *lede_read_file(const char *path, size_t *len);
/* Up to cap bytes of fd into buf, fewer only at its end: how many, or -1
 * (errno set). */
ssize_t lede_read_upto(int fd, void *buf, size_t cap);
/* Whether fd is a regular file of more than max bytes (max 0: no limit):
 * a file refused before it is read. *size: its size when it is a regular
 * file (the one fstat made, handed on to lede_read_rest), else -1. */
bool lede_fd_over(int fd, size_t max, long long *size);
/* The size to give lede_read_rest when fd was not measured: it measures. */
#define LEDE_SIZE_UNKNOWN (-2LL)
/* head[0..n) (what was read of fd already) and the rest of fd, to its end,
 * as one NUL-terminated buffer (its length in *len); NULL (errno set) on
 * failure. size: fd's, as lede_fd_over gave it (-1: not a regular file),
 * or LEDE_SIZE_UNKNOWN. fd stays open. Caller frees. */
char *lede_read_rest(int fd, const void *head, size_t n, long long size, size_t *len);

#endif
