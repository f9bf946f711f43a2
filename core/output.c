/* output.c: atomic file writes, folder creation and static file copying. */
#include "output.h"
#include "escape.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool lede_path_is_contained(const char *rel)
{
	if (!rel || !rel[0] || rel[0] == '/' || strchr(rel, '\\'))
		return false;
	const char *p = rel;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return false;
		if (!e)
			break;
		p = e + 1;
	}
	return true;
}

int lede_mkdirs(const char *path) { return lede_mkdirs_at(AT_FDCWD, path); }

int lede_mkdirs_at(int dirfd, const char *path)
{
	/* The folder itself first: most often it or its parent is there
	 * already, and one call settles it; only a missing parent sends us
	 * up the path. */
	if (!path[0])
		return 0;
	if (mkdirat(dirfd, path, 0777) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return -1;
	const char *slash = strrchr(path, '/');
	while (slash && slash > path && slash[-1] == '/')
		slash--;
	if (!slash || slash == path)
		return -1;
	char *parent = lede_xstrndup(path, (size_t)(slash - path));
	int rc = lede_mkdirs_at(dirfd, parent);
	int e = errno;
	free(parent);
	if (rc != 0) {
		errno = e;
		return -1;
	}
	return mkdirat(dirfd, path, 0777) == 0 || errno == EEXIST ? 0 : -1;
}

bool lede_path_within(const char *real, const char *base)
{
	size_t n = strlen(base);
	if (n == 1 && base[0] == '/')
		return true;
	return !strncmp(real, base, n) && (real[n] == '/' || real[n] == '\0');
}

char *lede_realpath_to_be(const char *path)
{
	char *r = realpath(path, NULL);
	if (r)
		return r;
	char *p = lede_xstrdup(path);
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	char *slash = strrchr(p, '/');
	const char *last = slash ? slash + 1 : p;
	char *res = NULL;
	if (*last && strcmp(last, ".") && strcmp(last, "..")) {
		char *parent = !slash       ? lede_xstrdup(".")
		               : slash == p ? lede_xstrdup("/")
		                            : lede_xstrndup(p, (size_t)(slash - p));
		char *base = lede_realpath_to_be(parent);
		free(parent);
		if (base) {
			lede_buf b = LEDE_BUF_INIT;
			lede_buf_join(&b, strcmp(base, "/") ? base : "", '/', last);
			res = lede_buf_detach(&b, NULL);
		}
		free(base);
	}
	free(p);
	return res;
}

/* 0 when no folder between dir and dir/rel's file is a symlink leading out
 * of dir; else -1 with err. Folders not there yet are made by mkdir, real
 * folders, so the check stops at the first missing one. */
int lede_check_folders(const char *dir, const char *rel, lede_error *err)
{
	return lede_check_folders_at(dir, rel, NULL, err);
}

int lede_check_folders_at(const char *dir, const char *rel, lede_folders *f, lede_error *err)
{
	if (f)
		f->missing = f->blocked = 0;
	lede_buf p = LEDE_BUF_INIT;
	lede_buf_puts(&p, dir);
	char *base = NULL;
	int rc = 0;
	for (const char *s = rel, *e; rc == 0 && (e = strchr(s, '/')); s = e + 1) {
		lede_buf_putc(&p, '/');
		lede_buf_put(&p, s, (size_t)(e - s));
		size_t len = (size_t)(e - rel);
		int known = f && f->known ? f->known(f->ud, rel, len) : LEDE_FOLDER_UNKNOWN;
		if (known == LEDE_FOLDER_THERE)
			continue;
		struct stat st;
		if (known == LEDE_FOLDER_MISSING || lstat(p.data, &st) != 0) {
			if (f && (known == LEDE_FOLDER_MISSING || errno == ENOENT)) {
				f->missing = len;
				if (f->learn && !known)
					f->learn(f->ud, rel, len, LEDE_FOLDER_MISSING);
			}
			break;
		}
		if (!S_ISLNK(st.st_mode)) {
			if (f && S_ISDIR(st.st_mode) && f->learn)
				f->learn(f->ud, rel, len, LEDE_FOLDER_THERE);
			else if (f && !S_ISDIR(st.st_mode) && !f->blocked)
				f->blocked = len;
			continue;
		}
		if (!base && !(base = realpath(dir, NULL))) {
			lede_error_set(err, dir, 0, 0, "cannot resolve the output folder: %s",
			               strerror(errno));
			rc = -1;
			break;
		}
		char *r = realpath(p.data, NULL);
		if (!r || !lede_path_within(r, base)) {
			lede_error_set(
			    err, p.data, 0, 0,
			    "symlink leads outside the output folder (%s); %s is not written "
			    "through it: remove the link",
			    r ? r : "dangling", rel);
			rc = -1;
		}
		free(r);
	}
	free(base);
	lede_buf_free(&p);
	return rc;
}

/* True when path already holds exactly data: rewriting it would only
 * churn inodes and mtimes (and make every deploy upload it again). */
bool lede_same_content(const char *path, const void *data, size_t len)
{
	/* O_NOFOLLOW: a symlink there is never "the same"; it gets replaced;
	 * O_NONBLOCK: nor is a FIFO, which is not waited on. */
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct stat st;
	bool same = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len;
	char buf[65536];
	size_t off = 0;
	while (same && off < len) {
		ssize_t r = read(fd, buf, len - off < sizeof buf ? len - off : sizeof buf);
		if (r <= 0 || memcmp(buf, (const char *)data + off, (size_t)r) != 0)
			same = false;
		else
			off += (size_t)r;
	}
	close(fd);
	return same;
}

/* The temporary name beside path: ".NAME.tmp-XXXXXX" for mkstemp. */
static void temp_name(const char *path, lede_buf *out)
{
	const char *slash = strrchr(path, '/');
	lede_buf_reset(out);
	lede_buf_printf(out, "%.*s/.%s.tmp-XXXXXX", (int)(slash - path), path, slash + 1);
}

int lede_write_file(const char *dir, const char *rel, const void *data, size_t len, lede_error *err)
{
	if (!lede_path_is_contained(rel)) {
		lede_error_set(
		    err, rel, 0, 0,
		    "refusing to write outside the output directory; use a relative path "
		    "without '..'");
		return -1;
	}
	if (lede_check_folders(dir, rel, err) != 0)
		return -1;
	lede_buf pb = LEDE_BUF_INIT, tb = LEDE_BUF_INIT;
	lede_buf_printf(&pb, "%s/%s", dir, rel);
	char *path = pb.data;
	int rc = -1, e = 0;
	if (lede_same_content(path, data, len)) {
		rc = 0;
		goto done;
	}
	char *slash = strrchr(path, '/');
	temp_name(path, &tb);
	int fd = mkstemp(tb.data);
	if (fd < 0 && errno == ENOENT) {
		/* The folder is new: make it, then try again. */
		*slash = '\0';
		int mk = lede_mkdirs(path);
		*slash = '/';
		if (mk != 0) {
			lede_error_set(err, path, 0, 0, "cannot create the folder: %s",
			               strerror(errno));
			goto done;
		}
		temp_name(path, &tb);
		fd = mkstemp(tb.data);
	}
	if (fd < 0) {
		lede_error_set(err, path, 0, 0, "cannot write: %s", strerror(errno));
		goto done;
	}
	const char *p = data;
	size_t left = len;
	while (left && !e) {
		ssize_t w = write(fd, p, left);
		if (w < 0) {
			if (errno != EINTR)
				e = errno;
			continue;
		}
		p += w;
		left -= (size_t)w;
	}
	/* mkstemp makes 0600 files; published files are for everyone to read. */
	if (!e && fchmod(fd, 0644) != 0)
		e = errno;
	if (close(fd) != 0 && !e)
		e = errno;
	if (!e && rename(tb.data, path) != 0)
		e = errno;
	if (e) {
		unlink(tb.data);
		lede_error_set(err, path, 0, 0, "cannot write: %s", strerror(e));
		goto done;
	}
	rc = 0;
done:
	lede_buf_free(&pb);
	lede_buf_free(&tb);
	return rc;
}

ssize_t lede_read_upto(int fd, void *buf, size_t cap)
{
	size_t n = 0;
	while (n < cap) {
		ssize_t r = read(fd, (char *)buf + n, cap - n);
		if (r > 0)
			n += (size_t)r;
		else if (r == 0)
			break;
		else if (errno != EINTR)
			return -1;
	}
	return (ssize_t)n;
}

char *lede_read_rest(int fd, const void *head, size_t n, long long size, size_t *len)
{
	/* For a regular file, a buffer of its size: read with one call and
	 * one allocation, the end seen when the call gives no more than the
	 * size (it was asked for one byte more). A file that grows meanwhile,
	 * one read short (a network file system), or one stat cannot size (a
	 * pipe, /proc), is read on to its end all the same. */
	if (size == LEDE_SIZE_UNKNOWN) {
		struct stat st;
		size = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? (long long)st.st_size : -1;
	}
	size_t cap = n + 4096;
	if (size >= 0 && (unsigned long long)size >= n)
		cap = (size_t)size + 1; /* + 1: the end is seen without a second buffer */
	char *buf = lede_xmalloc(cap + 1);
	if (n)
		memcpy(buf, head, n);
	for (;;) {
		if (n == cap) {
			cap *= 2;
			buf = lede_xrealloc(buf, cap + 1);
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(buf);
			errno = e;
			return NULL;
		}
		n += (size_t)r;
		/* the end: no more, or the size fstat gave and not the byte past it */
		if (r == 0 || (size >= 0 && n == (size_t)size))
			break;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

bool lede_fd_over(int fd, size_t max, long long *size)
{
	struct stat st;
	*size = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? (long long)st.st_size : -1;
	return max && *size >= 0 && (unsigned long long)*size > max;
}

char *lede_read_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	char *text = lede_read_rest(fd, NULL, 0, LEDE_SIZE_UNKNOWN, len);
	int e = errno;
	close(fd);
	errno = e;
	return text;
}

typedef struct {
	dev_t dev;
	ino_t ino;
} file_id;

typedef struct {
	file_id *v;
	size_t n, cap;
} id_list;

static void ids_push(id_list *l, const struct stat *st)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = lede_xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n].dev = st->st_dev;
	l->v[l->n].ino = st->st_ino;
	l->n++;
}

static bool ids_has(const id_list *l, const struct stat *st)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].dev == st->st_dev && l->v[i].ino == st->st_ino)
			return true;
	return false;
}

typedef struct {
	const lede_walk *w;
	char *site;      /* realpath of w->site, or NULL */
	id_list folders; /* the folders being walked, outermost first */
	id_list warned;  /* symlinks already warned about (by their own inode) */
} walker;

/* Why a path cannot be read, and for a too long one what to do. */
static const char *why(int e)
{
	return e == ENAMETOOLONG
	           ? "the path is longer than the system allows; shorten the folder names"
	           : strerror(e);
}

static void say(walker *k, bool warning, const char *shown, const char *fmt, const char *arg)
{
	if (!k->w->report)
		return;
	lede_buf m = LEDE_BUF_INIT;
	lede_buf_printf(&m, fmt, arg);
	k->w->report(k->w->ud, warning, shown, lede_buf_cstr(&m));
	lede_buf_free(&m);
}

/* A warning, once per symlink (link: its own lstat; NULL: not a link). */
static void warn(walker *k, const struct stat *link, const char *shown, const char *fmt,
                 const char *arg)
{
	if (link) {
		if (ids_has(&k->warned, link))
			return;
		ids_push(&k->warned, link);
	}
	say(k, true, shown, fmt, arg);
}

/* Decides whether to follow the symlink full (lst: its own lstat); fills
 * st with its target's stat when it does. */
static bool follow(walker *k, const char *full, const char *shown, const struct stat *lst,
                   struct stat *st)
{
	char *r = realpath(full, NULL);
	if (!r) {
		int e = errno;
		char target[4096];
		ssize_t n = readlink(full, target, sizeof target - 1);
		target[n > 0 ? n : 0] = '\0';
		if (e == ENOENT && k->w->dangling && k->w->dangling(k->w->ud, shown, target))
			; /* taken */
		else if (e == ENOENT)
			warn(k, lst, shown, "dangling symlink (to %s); skipped", target);
		else if (e == ELOOP)
			warn(k, lst, shown, "symlink loop (%s leads back to itself); not followed",
			     target);
		else
			warn(k, lst, shown, "cannot follow the symlink: %s", strerror(e));
		return false;
	}
	bool ok = !k->site || lede_path_within(r, k->site);
	if (!ok)
		warn(k, lst, shown, "symlink leads outside the site folder (%s); not followed", r);
	free(r);
	if (ok && stat(full, st) != 0) {
		warn(k, lst, shown, "cannot follow the symlink: %s", strerror(errno));
		ok = false;
	}
	return ok;
}

static int walk_dir(walker *k, lede_buf *full, lede_buf *rel, lede_buf *shown, bool via_link);

/* One entry whose paths are in full, rel and shown; known, when not NULL,
 * is what the folder's listing said of a regular file (lede_walk's
 * ids_only), which then needs no lstat. */
static int walk_entry(walker *k, lede_buf *full, lede_buf *rel, lede_buf *shown, bool via_link,
                      const struct stat *known)
{
	struct stat lst, st;
	if (known)
		lst = *known;
	else if (lstat(full->data, &lst) != 0) {
		if (errno != ENOENT) /* ENOENT: gone since readdir */
			say(k, false, shown->data, "cannot read: %s", why(errno));
		return 0;
	}
	st = lst;
	if (S_ISLNK(lst.st_mode)) {
		if (!follow(k, full->data, shown->data, &lst, &st))
			return 0;
		via_link = true;
	}
	if (S_ISDIR(st.st_mode)) {
		if (k->w->prune && st.st_dev == k->w->prune->st_dev &&
		    st.st_ino == k->w->prune->st_ino)
			return 0;
		if (ids_has(&k->folders, &st)) {
			warn(k, S_ISLNK(lst.st_mode) ? &lst : NULL, shown->data,
			     "symlink loop (leads back to a folder it is in)%s; not followed", "");
			return 0;
		}
		return walk_dir(k, full, rel, shown, via_link);
	}
	if (S_ISREG(st.st_mode))
		return k->w->file
		           ? k->w->file(k->w->ud, full->data, rel->data, shown->data, &st, via_link)
		           : 0;
	warn(k, S_ISLNK(lst.st_mode) ? &lst : NULL, shown->data,
	     "not a regular file or folder; skipped%s", "");
	return 0;
}

static void append(lede_buf *b, const char *name)
{
	if (b->len)
		lede_buf_putc(b, '/');
	lede_buf_puts(b, name);
}

static void cut(lede_buf *b, size_t len)
{
	b->len = len;
	if (b->data)
		b->data[len] = '\0';
}

/* A folder's entry: its name, and what readdir says of it. */
typedef struct {
	char *name;
	unsigned char type; /* d_type: DT_UNKNOWN when the file system does not say */
	ino_t ino;
} dir_entry;

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const dir_entry *)a)->name, ((const dir_entry *)b)->name);
}

static int walk_dir(walker *k, lede_buf *full, lede_buf *rel, lede_buf *shown, bool via_link)
{
	DIR *d = opendir(full->data);
	struct stat st;
	if (!d || fstat(dirfd(d), &st) != 0) {
		say(k, false, shown->data, "cannot read the folder: %s", why(errno));
		if (d)
			closedir(d);
		if (k->w->unlisted)
			k->w->unlisted(k->w->ud, shown->data);
		return 0;
	}
	dir_entry *names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    (k->w->skip && strchr(k->w->skip, e->d_name[0])))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = lede_xrealloc(names, cap * sizeof *names);
		}
		names[n++] = (dir_entry){lede_xstrdup(e->d_name), e->d_type, e->d_ino};
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_entry);
	ids_push(&k->folders, &st);
	size_t fl = full->len, rl = rel->len, sl = shown->len;
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		size_t nl = strlen(names[i].name);
		if (rc == 0 && lede_utf8_valid_prefix(names[i].name, nl) != nl) {
			/* Its name would be in the build state, feeds and links, all
			 * UTF-8 (a manifest line that is not cannot be read back):
			 * said, with the bytes that are not as \xHH, and skipped. */
			lede_buf esc = LEDE_BUF_INIT;
			lede_buf_put(&esc, shown->data, shown->len);
			if (esc.len)
				lede_buf_putc(&esc, '/');
			for (size_t b = 0; b < nl;) {
				size_t ok = lede_utf8_valid_prefix(names[i].name + b, nl - b);
				lede_buf_put(&esc, names[i].name + b, ok);
				b += ok;
				if (b < nl)
					lede_buf_printf(&esc, "\\x%02X",
					                (unsigned char)names[i].name[b++]);
			}
			say(k, false, lede_buf_cstr(&esc),
			    "its name is not UTF-8 (the bytes shown as \\xHH), and lede names "
			    "files in "
			    "UTF-8 (the build state, feeds, links); rename it%s",
			    "");
			lede_buf_free(&esc);
			free(names[i].name);
			continue;
		}
		if (rc == 0) {
			append(full, names[i].name);
			append(rel, names[i].name);
			append(shown, names[i].name);
			/* a regular file, as the folder says: on the folder's
			 * device, its inode from readdir */
			struct stat fst = {
			    .st_dev = st.st_dev, .st_ino = names[i].ino, .st_mode = S_IFREG};
			bool listed = k->w->ids_only && names[i].type == DT_REG;
			rc = walk_entry(k, full, rel, shown, via_link, listed ? &fst : NULL);
			cut(full, fl);
			cut(rel, rl);
			cut(shown, sl);
		}
		free(names[i].name);
	}
	free(names);
	k->folders.n--;
	return rc;
}

int lede_walk_tree(const lede_walk *w, const char *dir, const char *shown)
{
	walker k = {.w = w};
	struct stat lst, st;
	if (lstat(dir, &lst) != 0) {
		if (errno != ENOENT)
			say(&k, false, shown, "cannot read: %s", why(errno));
		return 0;
	}
	if (w->site && !(k.site = realpath(w->site, NULL))) {
		say(&k, false, w->site, "cannot resolve the site folder: %s", strerror(errno));
		return 0;
	}
	st = lst;
	int rc = 0;
	bool via_link = S_ISLNK(lst.st_mode);
	if (!via_link || follow(&k, dir, shown, &lst, &st)) {
		if (!S_ISDIR(st.st_mode)) {
			say(&k, false, shown, "not a folder%s", "");
		} else {
			lede_buf full = LEDE_BUF_INIT, rel = LEDE_BUF_INIT, sh = LEDE_BUF_INIT;
			lede_buf_puts(&full, dir);
			lede_buf_cstr(&rel);
			lede_buf_puts(&sh, shown);
			rc = walk_dir(&k, &full, &rel, &sh, via_link);
			lede_buf_free(&full);
			lede_buf_free(&rel);
			lede_buf_free(&sh);
		}
	}
	free(k.site);
	free(k.folders.v);
	free(k.warned.v);
	return rc;
}

typedef struct {
	const char *dst;
	int *count;
	lede_report_fn report;
	void *ud;
	lede_write_fn write;
	void *write_ud;
} copier;

static void copy_report(void *ud, bool warning, const char *shown, const char *msg)
{
	copier *c = ud;
	if (c->report)
		c->report(c->ud, warning, shown, msg);
}

static int copy_file(void *ud, const char *full, const char *rel, const char *shown,
                     const struct stat *st, bool via_link)
{
	(void)st;
	(void)via_link;
	copier *c = ud;
	lede_error err;
	lede_error_clear(&err);
	size_t len;
	/* Only the contents travel: the copy is a new 0644 file. */
	char *data = lede_read_file(full, &len);
	if (!data) {
		lede_error_set(&err, shown, 0, 0, "cannot read: %s", strerror(errno));
	} else if ((c->write ? c->write(c->write_ud, rel, data, len, &err)
	                     : lede_write_file(c->dst, rel, data, len, &err)) == 0) {
		(*c->count)++;
	}
	free(data);
	/* A file that cannot be copied costs only itself. */
	if (err.msg[0])
		copy_report(c, false, err.file, err.msg);
	return 0;
}

int lede_copy_tree(const char *src, const char *shown, const char *dst, const char *site,
                   lede_report_fn report, void *ud, lede_write_fn write, void *write_ud, int *count)
{
	copier c = {.dst = dst,
	            .count = count,
	            .report = report,
	            .ud = ud,
	            .write = write,
	            .write_ud = write_ud};
	lede_walk w = {
	    .site = site, .skip = ".", .file = copy_file, .report = copy_report, .ud = &c};
	return lede_walk_tree(&w, src, shown);
}

bool lede_is_temp_name(const char *name)
{
	/* ".NAME.tmp-XXXXXX": mkstemp's six letters or digits. */
	size_t n = strlen(name);
	if (n < 1 + 1 + 5 + 6 || name[0] != '.' || memcmp(name + n - 11, ".tmp-", 5) != 0)
		return false;
	for (size_t i = n - 6; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
		      (name[i] >= '0' && name[i] <= '9')))
			return false;
	return true;
}

/* Whether the folder at path holds one of the files marks names (the
 * build state or running mark of another build's output folder). */
static bool marked(lede_buf *path, const char *const *marks)
{
	size_t len = path->len;
	bool there = false;
	for (size_t i = 0; marks && marks[i] && !there; i++) {
		struct stat st;
		append(path, marks[i]);
		there = lstat(path->data, &st) == 0;
		cut(path, len);
	}
	return there;
}

static int clean_dir(lede_buf *path, const char *const *marks, int *removed)
{
	DIR *d = opendir(path->data);
	if (!d)
		return -1;
	size_t len = path->len;
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		append(path, e->d_name);
		/* The entry's type as the folder gives it (an archive's files
		 * are not stat'ed one by one), else lstat's: a symlink is
		 * neither descended into nor removed. */
		unsigned char type = e->d_type;
		struct stat st;
		if (type == DT_UNKNOWN && lstat(path->data, &st) == 0)
			type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_LNK;
		if (type == DT_DIR) {
			if (!marked(path, marks) && clean_dir(path, marks, removed) != 0)
				rc = -1;
		} else if (type == DT_REG && lede_is_temp_name(e->d_name)) {
			if (unlink(path->data) == 0)
				(*removed)++;
			else
				rc = -1;
		}
		cut(path, len);
	}
	closedir(d);
	return rc;
}

int lede_clean_temp(const char *dir, const char *const *marks, int *removed)
{
	struct stat st;
	if (lstat(dir, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	lede_buf path = LEDE_BUF_INIT;
	lede_buf_puts(&path, dir);
	int rc = clean_dir(&path, marks, removed);
	lede_buf_free(&path);
	return rc;
}
