/* output.c: atomic file writes, folder creation and static file copying. */
#include "output.h"

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

int lede_mkdirs(const char *path)
{
	char tmp[4096];
	size_t n = strlen(path);
	if (n >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(tmp, path, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (tmp[i] == '/' || tmp[i] == '\0') {
			char c = tmp[i];
			tmp[i] = '\0';
			if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
				return -1;
			tmp[i] = c;
		}
	}
	return 0;
}

/* True when path already holds exactly data: rewriting it would only
 * churn inodes and mtimes (and make every deploy upload it again). */
static bool same_content(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_RDONLY);
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

int lede_write_file(const char *dir, const char *rel, const void *data, size_t len, lede_error *err)
{
	char path[4096], tmp[4200];
	if (!lede_path_is_contained(rel)) {
		lede_error_set(err, rel, 0, 0,
		               "refusing to write outside the output directory; use a relative path "
		               "without '..'");
		return -1;
	}
	if (snprintf(path, sizeof path, "%s/%s", dir, rel) >= (int)sizeof path) {
		lede_error_set(err, rel, 0, 0, "path too long");
		return -1;
	}
	if (same_content(path, data, len))
		return 0;
	char *slash = strrchr(path, '/');
	snprintf(tmp, sizeof tmp, "%.*s/.%s.tmp-XXXXXX", (int)(slash - path), path, slash + 1);
	int fd = mkstemp(tmp);
	if (fd < 0 && errno == ENOENT) {
		/* The folder is new: make it, then try again. */
		*slash = '\0';
		int rc = lede_mkdirs(path);
		*slash = '/';
		if (rc != 0) {
			lede_error_set(err, path, 0, 0, "cannot create the folder: %s", strerror(errno));
			return -1;
		}
		snprintf(tmp, sizeof tmp, "%.*s/.%s.tmp-XXXXXX", (int)(slash - path), path, slash + 1);
		fd = mkstemp(tmp);
	}
	if (fd < 0) {
		lede_error_set(err, path, 0, 0, "cannot write: %s", strerror(errno));
		return -1;
	}
	const char *p = data;
	size_t left = len;
	while (left) {
		ssize_t w = write(fd, p, left);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			unlink(tmp);
			lede_error_set(err, path, 0, 0, "cannot write: %s", strerror(e));
			return -1;
		}
		p += w;
		left -= (size_t)w;
	}
	/* mkstemp makes 0600 files; published files are for everyone to read. */
	if (fchmod(fd, 0644) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		lede_error_set(err, path, 0, 0, "cannot write: %s", strerror(e));
		return -1;
	}
	return 0;
}

char *lede_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	lede_buf b = LEDE_BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		lede_buf_put(&b, chunk, n);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		lede_buf_free(&b);
		errno = EIO;
		return NULL;
	}
	return lede_buf_detach(&b, len);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int copy_dir(const char *src, const char *dst, const char *rel, int *count, lede_error *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s%s%s", src, rel[0] ? "/" : "", rel);
	DIR *d = opendir(path);
	if (!d)
		return errno == ENOENT && !rel[0] ? 0 : -1;
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = lede_xrealloc(names, (n + 1) * sizeof *names);
		names[n++] = lede_xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		char sub[4096], full[8200];
		snprintf(sub, sizeof sub, "%s%s%s", rel, rel[0] ? "/" : "", names[i]);
		snprintf(full, sizeof full, "%s/%s", src, sub);
		struct stat st;
		if (rc == 0 && stat(full, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				rc = copy_dir(src, dst, sub, count, err);
			} else if (S_ISREG(st.st_mode)) {
				size_t len;
				char *data = lede_read_file(full, &len);
				if (!data) {
					lede_error_set(err, full, 0, 0, "cannot read: %s", strerror(errno));
					rc = -1;
				} else {
					rc = lede_write_file(dst, sub, data, len, err);
					free(data);
					if (rc == 0)
						(*count)++;
				}
			}
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int lede_copy_tree(const char *src, const char *dst, int *count, lede_error *err)
{
	return copy_dir(src, dst, "", count, err);
}
