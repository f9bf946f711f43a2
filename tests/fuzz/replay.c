/* replay.c: runs a fuzz target's entry point on files, without libFuzzer,
 * so ./build.sh test replays every recorded crash (tests/fuzz/regressions/)
 * and the seed inputs with the ordinary compiler and the sanitizer build.
 * Usage: replay_NAME PATH... (a folder: every file in it, in name order).
 * Prints "ok - PATH" per input that ran to its end; a crash or a sanitizer
 * report stops the program with a non-zero status. */
#include "buf.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional in a target, as with libFuzzer. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("not ok - %s: cannot read\n", path);
		return 1;
	}
	lede_buf b = LEDE_BUF_INIT;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		lede_buf_put(&b, chunk, n);
	fclose(f);
	/* A copy of exactly the input's size, so reading past its end is
	 * caught by the sanitizer build as libFuzzer would catch it. */
	size_t size = b.len;
	uint8_t *data = malloc(size ? size : 1);
	if (!data)
		abort();
	if (size)
		memcpy(data, b.data, size);
	lede_buf_free(&b);
	fprintf(stderr, "replay: %s\n", path);
	LLVMFuzzerTestOneInput(data, size);
	free(data);
	printf("ok - %s\n", path);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		printf("not ok - %s: no such file or folder\n", path);
		return 1;
	}
	if (!S_ISDIR(st.st_mode))
		return run_file(path);
	DIR *d = opendir(path);
	if (!d) {
		printf("not ok - %s: cannot open\n", path);
		return 1;
	}
	char **names = NULL;
	size_t nnames = 0;
	struct dirent *de;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.') {
			names = lede_xrealloc(names, (nnames + 1) * sizeof *names);
			names[nnames++] = lede_xstrdup(de->d_name);
		}
	closedir(d);
	if (nnames)
		qsort(names, nnames, sizeof *names, by_name);
	int rc = 0;
	for (size_t i = 0; i < nnames; i++) {
		lede_buf p = LEDE_BUF_INIT;
		lede_buf_printf(&p, "%s/%s", path, names[i]);
		rc |= run_path(lede_buf_cstr(&p));
		lede_buf_free(&p);
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	int rc = 0;
	for (int i = 1; i < argc; i++)
		rc |= run_path(argv[i]);
	return rc;
}
