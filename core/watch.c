/* watch.c: inotify watches on a site's sources (the config file and, at
 * any depth, the content, plugins, templates and static folders) for
 * `lede serve`. The root itself is watched too, so that a folder created
 * after the start, or a config saved by rename, is seen. */
#include "watch.h"

#include "buf.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#define MASK                                                                                       \
	(IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_MODIFY |        \
	 IN_DELETE_SELF | IN_ATTRIB)

typedef struct {
	int wd;
	char *rel; /* relative to the root; "" for the root */
	bool tree; /* a folder of dirs' trees: every file of it counts (else only
	            * the config, dirs and files named in it) */
} entry;

struct lede_watch {
	int fd;
	char *root, *config;
	char **dirs;
	size_t ndirs;
	char **files; /* files outside dirs (images), sorted; their folders watched */
	size_t nfiles;
	entry *w;
	size_t nw;
	dev_t skip_dev; /* a folder never watched (lede_watch_skip), or 0 0 */
	ino_t skip_ino;
};

static void add(lede_watch *w, const char *rel, bool tree);

/* The folders one sync has walked (device and inode): a symbolic link
 * back up the tree, or two links to one folder, is walked once. */
typedef struct {
	struct {
		dev_t dev;
		ino_t ino;
	} * v;
	size_t n;
	char root[PATH_MAX], top[PATH_MAX]; /* the site's and the watched folder's real paths */
} visited;

/* root/rel, or rel itself when absolute (a folder outside the site). */
static void full_path(const lede_watch *w, const char *rel, char *path, size_t size)
{
	if (rel[0] == '/')
		snprintf(path, size, "%s", rel);
	else
		snprintf(path, size, "%s%s%s", w->root, rel[0] ? "/" : "", rel);
}

/* Whether real (a resolved path) is the folder in or inside it. */
static bool inside(const char *real, const char *in)
{
	size_t l = strlen(in);
	return in[0] && !strncmp(real, in, l) && (real[l] == '/' || !real[l] || l == 1);
}

/* Folders are followed through symbolic links (docs/config.md allows a
 * linked folder in content/), each real folder once; only where a build
 * follows them: to a folder inside the site, or inside the watched
 * folder (an absolute content folder). */
static void add_tree(lede_watch *w, const char *rel, visited *seen)
{
	char path[PATH_MAX];
	full_path(w, rel, path, sizeof path);
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	bool link = S_ISLNK(st.st_mode);
	if (link) {
		char real[PATH_MAX];
		if (!realpath(path, real) || !(inside(real, seen->root) || inside(real, seen->top)))
			return;
	}
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return;
	if ((w->skip_dev || w->skip_ino) && st.st_dev == w->skip_dev && st.st_ino == w->skip_ino)
		return;
	/* (a loop goes through a link: only a link's folder is looked for
	 * among those walked, with a tree of many thousand folders, a
	 * search of all would make the walk quadratic) */
	for (size_t i = 0; link && i < seen->n; i++)
		if (seen->v[i].dev == st.st_dev && seen->v[i].ino == st.st_ino)
			return;
	seen->v = lede_xrealloc(seen->v, (seen->n + 1) * sizeof *seen->v);
	seen->v[seen->n].dev = st.st_dev;
	seen->v[seen->n++].ino = st.st_ino;
	add(w, rel, true);
	DIR *d = opendir(path);
	if (!d)
		return;
	struct dirent *ent;
	while ((ent = readdir(d))) {
		if (ent->d_name[0] == '.')
			continue;
		char sub[PATH_MAX];
		snprintf(sub, sizeof sub, "%s/%s", rel, ent->d_name);
		add_tree(w, sub, seen);
	}
	closedir(d);
}

static void add(lede_watch *w, const char *rel, bool tree)
{
	char path[PATH_MAX];
	full_path(w, rel, path, sizeof path);
	int wd = inotify_add_watch(w->fd, path, MASK | IN_ONLYDIR);
	if (wd < 0)
		return;
	for (size_t i = 0; i < w->nw; i++)
		if (w->w[i].wd == wd) { /* the same folder again, maybe renamed */
			free(w->w[i].rel);
			w->w[i].rel = lede_xstrdup(rel);
			w->w[i].tree = w->w[i].tree || tree;
			return;
		}
	w->w = lede_xrealloc(w->w, (w->nw + 1) * sizeof *w->w);
	w->w[w->nw].wd = wd;
	w->w[w->nw].tree = tree;
	w->w[w->nw++].rel = lede_xstrdup(rel);
}

static void sync_all(lede_watch *w)
{
	visited seen = {0};
	add(w, "", false);
	if (!realpath(w->root, seen.root))
		seen.root[0] = '\0';
	for (size_t i = 0; i < w->ndirs; i++) {
		char path[PATH_MAX];
		full_path(w, w->dirs[i], path, sizeof path);
		if (!realpath(path, seen.top))
			seen.top[0] = '\0';
		add_tree(w, w->dirs[i], &seen);
	}
	free(seen.v);
	/* a listed file's folder (not its tree) and those on the way to it,
	 * the ones there: one made later is seen in its parent */
	for (size_t i = 0; i < w->nfiles; i++) {
		/* (sorted: a folder of many images, once) */
		const char *end = strrchr(w->files[i], '/');
		size_t dl = end ? (size_t)(end - w->files[i]) : 0;
		if (i && !strncmp(w->files[i - 1], w->files[i], dl) && w->files[i - 1][dl] == '/' &&
		    !strchr(w->files[i - 1] + dl + 1, '/'))
			continue;
		char *dir = lede_xstrdup(w->files[i]);
		for (char *slash = strchr(dir, '/'); slash; slash = strchr(slash + 1, '/')) {
			*slash = '\0';
			add(w, dir, false);
			*slash = '/';
		}
		free(dir);
	}
}

/* Whether path (from the root) is a listed file, or a folder on the way
 * to one (*folder set then). */
static bool listed(const lede_watch *w, const char *path, bool *folder)
{
	size_t l = strlen(path);
	*folder = false;
	for (size_t i = 0; i < w->nfiles; i++) {
		if (strncmp(w->files[i], path, l))
			continue;
		if (!w->files[i][l])
			return true;
		if (w->files[i][l] == '/')
			return *folder = true;
	}
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void set_files(lede_watch *w, const char *const *files, size_t nfiles)
{
	for (size_t i = 0; i < w->nfiles; i++)
		free(w->files[i]);
	free(w->files);
	w->files = lede_xcalloc(nfiles ? nfiles : 1, sizeof *w->files);
	w->nfiles = 0;
	for (size_t i = 0; i < nfiles; i++)
		if (files[i][0] && files[i][0] != '/')
			w->files[w->nfiles++] = lede_xstrdup(files[i]);
	qsort(w->files, w->nfiles, sizeof *w->files, cmp_str);
}

void lede_watch_set(lede_watch *w, const char *const *dirs, size_t ndirs, const char *const *files,
                    size_t nfiles)
{
	set_files(w, files, nfiles);
	for (size_t i = 0; i < w->ndirs; i++)
		free(w->dirs[i]);
	free(w->dirs);
	w->dirs = lede_xcalloc(ndirs ? ndirs : 1, sizeof *w->dirs);
	w->ndirs = 0;
	for (size_t i = 0; i < ndirs; i++) {
		const char *d = dirs[i];
		while (d[0] == '.' && d[1] == '/')
			d += 2;
		size_t l = strlen(d);
		while (l > 1 && d[l - 1] == '/')
			l--;
		/* A folder outside the site (content: /abs/path, or ../x) is
		 * watched too: lede serve builds into a temporary folder, never
		 * into one of these. */
		if (!l)
			continue;
		char *c = lede_xmalloc(l + 1);
		memcpy(c, d, l);
		c[l] = '\0';
		w->dirs[w->ndirs++] = c;
	}
	sync_all(w);
}

void lede_watch_skip(lede_watch *w, const char *dir)
{
	struct stat st;
	if (stat(dir, &st) == 0) {
		w->skip_dev = st.st_dev;
		w->skip_ino = st.st_ino;
	}
}

lede_watch *lede_watch_new(const char *root, const char *config, const char *const *dirs,
                           size_t ndirs)
{
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd < 0)
		return NULL;
	lede_watch *w = lede_xcalloc(1, sizeof *w);
	w->fd = fd;
	w->root = lede_xstrdup(root);
	w->config = lede_xstrdup(config);
	lede_watch_set(w, dirs, ndirs, NULL, 0);
	return w;
}

void lede_watch_free(lede_watch *w)
{
	if (!w)
		return;
	close(w->fd);
	for (size_t i = 0; i < w->nw; i++)
		free(w->w[i].rel);
	free(w->w);
	for (size_t i = 0; i < w->ndirs; i++)
		free(w->dirs[i]);
	free(w->dirs);
	for (size_t i = 0; i < w->nfiles; i++)
		free(w->files[i]);
	free(w->files);
	free(w->root);
	free(w->config);
	free(w);
}

int lede_watch_fd(const lede_watch *w) { return w->fd; }

static const entry *find(const lede_watch *w, int wd)
{
	for (size_t i = 0; i < w->nw; i++)
		if (w->w[i].wd == wd)
			return &w->w[i];
	return NULL;
}

/* Editors save through swap and backup files: vim's .x.swp and 4913,
 * emacs's #x# and .#x, x~ everywhere. */
static bool ignored(const char *name)
{
	size_t l = strlen(name);
	return name[0] == '.' || name[0] == '#' || (l && name[l - 1] == '~') ||
	       !strcmp(name, "4913");
}

static bool is_watched_dir(const lede_watch *w, const char *name)
{
	for (size_t i = 0; i < w->ndirs; i++) {
		size_t l = strcspn(w->dirs[i], "/");
		if (strlen(name) == l && !strncmp(w->dirs[i], name, l))
			return true;
	}
	return false;
}

/* Whether rel/name is a symbolic link to a folder (made while watching:
 * its events say no IN_ISDIR, yet its tree is to be watched). */
static bool links_dir(const lede_watch *w, const char *rel, const char *name)
{
	char dir[PATH_MAX];
	full_path(w, rel, dir, sizeof dir);
	lede_buf path = LEDE_BUF_INIT;
	lede_buf_printf(&path, "%s/%s", dir, name);
	struct stat st;
	bool yes = lstat(path.data, &st) == 0 && S_ISLNK(st.st_mode) && stat(path.data, &st) == 0 &&
	           S_ISDIR(st.st_mode);
	lede_buf_free(&path);
	return yes;
}

int lede_watch_read(lede_watch *w, char *last, size_t size)
{
	int n = 0;
	bool resync = false;
	char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	for (;;) {
		ssize_t len = read(w->fd, buf, sizeof buf);
		if (len <= 0)
			break;
		for (char *p = buf; p < buf + len;) {
			const struct inotify_event *ev = (const struct inotify_event *)(void *)p;
			p += sizeof *ev + ev->len;
			if (ev->mask & IN_Q_OVERFLOW) {
				n++, resync = true;
				if (last) /* (the kernel's queue overflowed) */
					snprintf(last, size, "many files");
				continue;
			}
			const entry *e = find(w, ev->wd);
			if (!e || !ev->len || ignored(ev->name))
				continue;
			lede_buf path = LEDE_BUF_INIT;
			lede_buf_printf(&path, "%s%s%s", e->rel, e->rel[0] ? "/" : "", ev->name);
			bool folder = false;
			bool file = w->nfiles && listed(w, lede_buf_cstr(&path), &folder);
			lede_buf_free(&path);
			/* outside dirs' trees (the root, a listed file's folder):
			 * only the config, our folders and the listed files */
			if (!e->tree && !file &&
			    (e->rel[0] ||
			     (strcmp(ev->name, w->config) && !is_watched_dir(w, ev->name))))
				continue;
			if (ev->mask & (IN_CREATE | IN_MOVED_TO) &&
			    (ev->mask & IN_ISDIR || links_dir(w, e->rel, ev->name)))
				resync = true;
			n++;
			if (last) /* sed -i and editors end with the real name */
				snprintf(last, size, "%s%s%s", e->rel, e->rel[0] ? "/" : "",
				         ev->name);
		}
	}
	if (resync)
		sync_all(w);
	return n;
}
