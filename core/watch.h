/* watch.h: the site's source folders watched with inotify, for `lede
 * serve`. One lede_watch owns its inotify descriptor and watch list. */
#ifndef LEDE_WATCH_H
#define LEDE_WATCH_H

#include <stddef.h>

typedef struct lede_watch lede_watch;

/* Watches root's config file and, recursively, each folder of dirs (names
 * relative to root, or absolute; missing ones are picked up once created;
 * symbolic links to folders inside root or inside the folder are
 * followed). NULL with errno set when inotify is unavailable. Free with
 * lede_watch_free. */
lede_watch *lede_watch_new(const char *root, const char *config, const char *const *dirs,
                           size_t ndirs);
void lede_watch_free(lede_watch *w);
/* The descriptor to poll for input. */
int lede_watch_fd(const lede_watch *w);
/* Reads the pending events; returns how many concern the site (editor
 * swap files and dot files are ignored) and copies the last one's path,
 * relative to root, into last. Adds watches for new folders. */
int lede_watch_read(lede_watch *w, char *last, size_t size);
/* Never watches dir (nor what is under it): lede serve's own builds go
 * there, and a watched folder holding it (an absolute content folder
 * with TMPDIR inside) would rebuild on every build. Call before the
 * first lede_watch_set. */
void lede_watch_skip(lede_watch *w, const char *dir);
/* Replaces the watched folders (the configuration may name others) and
 * the files watched outside them (the images the last build was asked
 * for, paths from root): a file's folder is watched, not its tree, and
 * only events for the listed names count there (a folder on the way to
 * one, created later, is picked up). */
void lede_watch_set(lede_watch *w, const char *const *dirs, size_t ndirs, const char *const *files,
                    size_t nfiles);

#endif
