/* main.c: the lede command line. Exit status: 0 all good; 1 some articles
 * or plugins failed (the rest was written); 2 usage or configuration
 * error. */
#include "engine.h"

#include "escape.h"
#include "extract.h"
#include "frontmatter.h"
#include "lede.h"
#include "output.h"
#include "serve.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
    "usage: lede build [-C DIR] [-c FILE] [-o DIR] [--outlet NAME]... [-j N] [--drafts]\n"
    "                  [--strict] [--warnings-as-errors] [--no-prune] [--no-link-check] [--full]\n"
    "                  [--allow-empty]\n"
    "                  [--records-memory MIB] [--profile] [-q] [--shard I/N | --merge DIR...]\n"
    "       lede check [-C DIR] [-c FILE] [-o DIR] [--outlet NAME]... [-j N] [--drafts]\n"
    "                  [--strict] [--warnings-as-errors] [--links [--link-timeout S]]\n"
    "                  [--no-link-check] [--profile] [-q]\n"
    "       lede extract [--format markdown|text] FILE...\n"
    "       lede run [-C DIR] [-o DIR] SCRIPT.lua [ARGS...]\n"
    "       lede new site DIR | lede new [-C DIR] plugin NAME | lede new [-C DIR] article TITLE\n"
    "       lede serve [-C DIR] [--port N] [--outlet NAME] [--drafts]\n"
    "       lede test [-C DIR] [FILE...]\n"
    "       lede --help | --version (-V)\n"
    "\n"
    "Commands:\n"
    "  build      publish the site: every outlet in lede.yaml, or those named\n"
    "  check      validate the configuration, content and plugins; write nothing\n"
    "  extract    print the links and quotations of files, one JSON object per line\n"
    "  run        run a publish script with the lede API (see docs/scripts.md)\n"
    "  new        make a site, a plugin and its test, or a draft article\n"
    "  serve      preview the site at http://127.0.0.1:8080/, rebuilt and reloaded on\n"
    "             every change\n"
    "  test       run plugin tests written in Lua (see docs/plugins.md)\n"
    "\n"
    "Options:\n"
    "  -C DIR          the site folder (default: the current folder)\n"
    "  -c FILE         the configuration, relative to the site (default: lede.yaml)\n"
    "  -o DIR          write output here instead of the configured folder (public/)\n"
    "  --outlet NAME   build only this outlet; repeat for several\n"
    "  -j N            build articles on N threads, 1 to 256 (default: one per core)\n"
    "  --port N        serve: the port on 127.0.0.1 (default 8080; 0: any free one)\n"
    "  --drafts        publish drafts too\n"
    "  --strict        stop at the first error\n"
    "  --no-prune      keep the files the last build wrote and this one did not\n"
    "  --allow-empty   build a content folder, or an outlet, with no article even\n"
    "                  when the last build published some (their pages are removed)\n"
    "  --full          build every article again, even those unchanged since the last\n"
    "                  build\n"
    "  --no-link-check do not check that internal links lead to files of the site\n"
    "                  (also check_links: false in lede.yaml)\n"
    "  --links         check: also ask every external link over HTTP (answers kept\n"
    "                  a day in .lede-linkcache)\n"
    "  --link-timeout S\n"
    "                  check --links: seconds to wait for each answer (default 10)\n"
    "  --warnings-as-errors\n"
    "                  any warning makes the exit status 1 (for CI; also strict: true\n"
    "                  in lede.yaml)\n"
    "  --shard I/N     build only shard I of N (0 <= I < N) of the articles and\n"
    "                  write their collection records to .lede-shard in -o\n"
    "  --merge DIR...  write the site from shards 0/N to N-1/N built in DIRs\n"
    "                  (see docs/scaling.md)\n"
    "  --records-memory MIB\n"
    "                  how much memory the collection records may take; a larger\n"
    "                  site keeps them on disk in -o until its pages are written\n"
    "                  (default 64; 0: always on disk)\n"
    "  --profile       after the build, print where its time went: per plugin hook,\n"
    "                  outlet, parse step, template and write\n"
    "  -q, --quiet     print only errors and warnings\n"
    "  -h, --help      show this help (also after a command: lede build --help)\n"
    "  -V, --version   show the version\n"
    "\n"
    "Exit status: 0 all good; 1 some articles or plugins failed (the rest was\n"
    "written); 2 usage or configuration error. See docs/cli.md.\n";

static int usage_error(const char *fmt, const char *arg)
{
	fputs("lede: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("; see 'lede --help'\n", stderr);
	return 2;
}

/* --shard I/N: 0 <= I < N, both plain decimal numbers. */
static int parse_shard(const char *v, lede_options *o)
{
	char *end;
	errno = 0;
	long i = -1, n = -1;
	if (*v >= '0' && *v <= '9')
		i = strtol(v, &end, 10);
	if (i >= 0 && *end == '/' && end[1] >= '0' && end[1] <= '9')
		n = strtol(end + 1, &end, 10);
	if (i < 0 || n < 0 || *end || errno) {
		fprintf(stderr,
		        "lede: --shard wants I/N, shard I of N counted from 0 (0/4, 1/4, 2/4 and "
		        "3/4 make a whole site), not '%s'; see 'lede --help'\n",
		        v);
		return 2;
	}
	if (n < 1 || n > 65536) {
		fprintf(stderr,
		        "lede: --shard %s: N, the number of shards, must be from 1 to 65536\n", v);
		return 2;
	}
	if (i >= n) {
		fprintf(stderr,
		        "lede: --shard %s: I must be below N (the shards of %ld are 0/%ld to "
		        "%ld/%ld)\n",
		        v, n, n, n - 1, n);
		return 2;
	}
	o->shard_index = (int)i;
	o->shard_count = (int)n;
	return 0;
}

/* The usual spellings of an option with its value, "-j4" and
 * "--outlet=web", as two arguments ("-j" "4", "--outlet" "web"): v holds
 * the arguments, own the option names it had to copy. */
typedef struct {
	char **v, **own;
	int n, nown;
} args;

static void split_joined(int argc, char **argv, args *a)
{
	a->v = calloc((size_t)argc * 2 + 1, sizeof *a->v);
	a->own = calloc((size_t)argc + 1, sizeof *a->own);
	a->n = a->nown = 0;
	for (int i = 0; i < argc; i++) {
		const char *s = argv[i], *eq = strchr(s, '=');
		if (!strncmp(s, "-j", 2) && s[2]) {
			a->v[a->n++] = (char *)"-j"; /* read only, like argv */
			a->v[a->n++] = argv[i] + 2;
		} else if (!strncmp(s, "--", 2) && eq && eq > s + 2) {
			a->v[a->n++] = a->own[a->nown++] = lede_xstrndup(s, (size_t)(eq - s));
			a->v[a->n++] = argv[i] + (eq - s) + 1;
		} else {
			a->v[a->n++] = argv[i];
		}
	}
}

static int cmd_build_args(int argc, char **argv, bool check);

static int cmd_build(int argc, char **argv, bool check)
{
	args a;
	split_joined(argc, argv, &a);
	int rc = cmd_build_args(a.n, a.v, check);
	for (int i = 0; i < a.nown; i++)
		free(a.own[i]);
	free(a.own);
	free(a.v);
	return rc;
}

static int cmd_build_args(int argc, char **argv, bool check)
{
	lede_options o = {0};
	o.check_only = check;
	bool profile = false;
	const char **outlets = calloc((size_t)argc + 1, sizeof *outlets);
	const char **merge = calloc((size_t)argc + 1, sizeof *merge);
	o.outlets = outlets;
	o.merge = merge;
	int rc;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (!check && !strcmp(a, "--shard")) {
			if (!val) {
				rc = usage_error("option '%s' needs a value", a);
				goto out;
			}
			if (o.shard_count) {
				rc = usage_error("%s is given twice", a);
				goto out;
			}
			i++;
			if ((rc = parse_shard(val, &o)) != 0)
				goto out;
			continue;
		}
		if (!check && !strcmp(a, "--merge")) {
			/* the folders: every argument up to the next option */
			size_t before = o.nmerge;
			while (i + 1 < argc && argv[i + 1][0] != '-')
				merge[o.nmerge++] = argv[++i];
			if (o.nmerge == before) {
				rc = usage_error("%s needs the shards' folders (--merge shards/*)",
				                 a);
				goto out;
			}
			continue;
		}
		if (!strcmp(a, "-C") || !strcmp(a, "-c") || !strcmp(a, "-o") ||
		    !strcmp(a, "--outlet") || !strcmp(a, "-j") || !strcmp(a, "--records-memory") ||
		    (check && !strcmp(a, "--link-timeout"))) {
			if (!val) {
				rc = usage_error("option '%s' needs a value", a);
				goto out;
			}
			i++;
			if (!strcmp(a, "-C"))
				o.root = val;
			else if (!strcmp(a, "-c"))
				o.config = val;
			else if (!strcmp(a, "-o"))
				o.output = val;
			else if (!strcmp(a, "--outlet"))
				outlets[o.noutlets++] = val;
			else if (!strcmp(a, "--link-timeout")) {
				char *end;
				double t = strtod(val, &end);
				if (*end || !(t > 0) || t > 3600) {
					rc = usage_error("--link-timeout wants seconds above 0 (at "
					                 "most 3600), not '%s'",
					                 val);
					goto out;
				}
				o.link_timeout = t;
			} else if (!strcmp(a, "--records-memory")) {
				char *end;
				long m = strtol(val, &end, 10);
				if (*end || end == val || m < 0 || m > 1 << 20) {
					rc = usage_error(
					    "--records-memory wants MiB from 0 to 1048576, "
					    "not '%s'",
					    val);
					goto out;
				}
				o.records_memory = m ? (int)m : -1;
			} else {
				char *end;
				long j = strtol(val, &end, 10);
				if (*end || j < 1 || j > 256) {
					rc = usage_error(
					    "-j wants a number of threads from 1 to 256, not '%s'",
					    val);
					goto out;
				}
				o.jobs = (int)j;
			}
		} else if (!strcmp(a, "--strict")) {
			o.strict = true;
		} else if (!strcmp(a, "--warnings-as-errors")) {
			o.warnings_as_errors = true;
		} else if (!strcmp(a, "--no-prune")) {
			o.no_prune = true;
		} else if (!check && !strcmp(a, "--allow-empty")) {
			o.allow_empty = true;
		} else if (!strcmp(a, "--no-link-check")) {
			o.no_link_check = true;
		} else if (check && !strcmp(a, "--links")) {
			o.external_links = true;
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			o.quiet = true;
		} else if (!strcmp(a, "--drafts")) {
			o.drafts = true;
		} else if (!strcmp(a, "--full")) {
			o.full = true;
		} else if (!strcmp(a, "--profile")) {
			profile = true;
		} else {
			rc = usage_error(
			    a[0] == '-' ? "unknown option '%s'" : "unexpected argument '%s'", a);
			goto out;
		}
	}
	if (o.shard_count && o.nmerge) {
		rc = usage_error("%s", "--shard builds one shard and --merge joins them: give one "
		                       "or the other");
		goto out;
	}
	if ((o.shard_count || o.nmerge) && o.strict) {
		/* --strict builds on one state, article after article, which a
		 * shard cannot (docs/scaling.md) */
		rc = usage_error("%s", "--strict cannot be used with --shard or --merge; "
		                       "use --warnings-as-errors, or check the exit status of each "
		                       "step");
		goto out;
	}
	lede_markdown_init();
	lede_error err;
	lede_error_clear(&err);
	lede_engine *e = lede_engine_new(&o, &err);
	if (!e) {
		lede_report(NULL, &err, false);
		rc = 2;
		goto out;
	}
	/* The main engine's profile; workers sum theirs into it. */
	lede_profile *prof = e->prof = profile ? lede_profile_new() : NULL;
	rc = lede_engine_run(e);
	lede_engine_free(e);
	lede_profile_free(prof);
out:
	free(outlets);
	free(merge);
	return rc;
}

/* A file for lede extract, as a build reads an article: a regular file (a
 * device such as /dev/zero or /dev/urandom never ends, a FIFO waits for a
 * writer) of at most limits.article_mb's default (no configuration is
 * read). NULL with err set otherwise. */
static char *extract_read(const char *path, size_t *len, lede_error *err)
{
	const size_t max = (size_t)LEDE_ARTICLE_MB * 1024 * 1024;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		lede_error_set(err, path, 0, 0, "cannot read: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		lede_error_set(err, path, 0, 0, "cannot read: %s, not a file; extract reads files",
		               S_ISDIR(st.st_mode)                          ? "a folder"
		               : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
		               : S_ISFIFO(st.st_mode)                       ? "a pipe"
		                                                            : "a socket");
		close(fd);
		return NULL;
	}
	char *text = NULL;
	if ((unsigned long long)st.st_size <= max)
		text = lede_read_rest(fd, NULL, 0, (long long)st.st_size, len);
	else
		*len = (size_t)st.st_size;
	int e = errno;
	close(fd);
	if (text && *len <= max)
		return text;
	if (text || (unsigned long long)st.st_size > max)
		/* (grown since it was measured: the same limit) */
		lede_error_set(err, path, 0, 0,
		               "%.1f MiB, more than the %d MiB one article may hold (the default "
		               "of limits.article_mb: extract reads no configuration)",
		               (double)*len / 1048576, LEDE_ARTICLE_MB);
	else
		lede_error_set(err, path, 0, 0, "cannot read: %s", strerror(e));
	free(text);
	return NULL;
}

static int cmd_extract(int argc, char **argv)
{
	lede_extract_format fmt = LEDE_EXTRACT_MARKDOWN;
	int first = 0;
	for (; first < argc && argv[first][0] == '-' && argv[first][1]; first++) {
		if (!strcmp(argv[first], "--")) {
			first++;
			break;
		}
		if (!strcmp(argv[first], "--format")) {
			if (first + 1 >= argc)
				return usage_error("option '%s' needs a value", argv[first]);
			const char *f = argv[++first];
			if (!strcmp(f, "markdown"))
				fmt = LEDE_EXTRACT_MARKDOWN;
			else if (!strcmp(f, "text"))
				fmt = LEDE_EXTRACT_TEXT;
			else
				return usage_error("--format is markdown or text, not '%s'", f);
		} else {
			return usage_error("unknown option '%s'", argv[first]);
		}
	}
	if (first >= argc)
		return usage_error("%s", "extract needs at least one FILE");
	lede_error err;
	lede_error_clear(&err);
	lede_extractor *x = lede_extractor_new(&err);
	if (!x) {
		lede_report(NULL, &err, false);
		return 2;
	}
	lede_extract_ctx *c = lede_extract_ctx_new(x);
	lede_markdown_init();
	int rc = 0;
	lede_buf out = LEDE_BUF_INIT;
	for (int i = first; i < argc; i++) {
		const char *path = argv[i];
		lede_arena *ar = lede_arena_new();
		lede_extraction ex;
		memset(&ex, 0, sizeof ex);
		lede_error_clear(&err);
		size_t len = 0;
		char *text = extract_read(path, &len, &err);
		int ok = 0;
		if (!text) {
			ok = -1;
		} else {
			/* Markdown: only the front matter's extent and language are
			 * needed, so a file without a title or date is still read. */
			size_t body = 0;
			int body_line = 1;
			const char *lang = NULL;
			if (fmt == LEDE_EXTRACT_MARKDOWN) {
				lede_frontmatter fm;
				ok = lede_frontmatter_parse(ar, path, text, len, &fm, &err);
				if (ok == 0) {
					body = fm.body_offset;
					body_line = fm.body_line;
					lang = lede_value_str(lede_value_get(fm.meta, "lang"));
				}
			} else if (lede_error_utf8(&err, path, text, len, 1) != 0) {
				lede_error_snippet(&err, text, len, err.line);
				ok = -1;
			}
			if (ok == 0)
				ok = lede_extract(c, ar, text, len, body, fmt, lang, &ex, &err);
			/* The links an article's a.links would hold: the bare ones its
			 * body shows as links (see lede_markdown_autolink). */
			if (ok == 0 && fmt == LEDE_EXTRACT_MARKDOWN) {
				lede_markdown_opts mo = {0};
				lede_node *root = lede_markdown_parse(ar, text + body, len - body,
				                                      body_line, &mo, NULL);
				lede_markdown_autolink(root, text, len, &ex);
			}
			if (ok == 0) {
				lede_buf_reset(&out);
				lede_extraction_json(&ex, path, &out);
				for (size_t w = 0; w < ex.nwarnings; w++)
					fprintf(stderr, "%s: warning: %s\n", path, ex.warnings[w]);
			}
		}
		if (ok != 0) {
			lede_report(NULL, &err, false);
			rc = 1;
		} else {
			fputs(lede_buf_cstr(&out), stdout);
			if (!out.len || out.data[out.len - 1] != '\n')
				fputc('\n', stdout);
		}
		free(text);
		lede_arena_free(ar);
	}
	lede_buf_free(&out);
	lede_extract_ctx_free(c);
	lede_extractor_free(x);
	return rc;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *_test.lua directly in dir, sorted. Subfolders are not searched:
 * they hold other kinds of tests (a repository's own engine tests, golden
 * sites) that run against another site; name such files to run them. */
static void find_tests(const char *dir, char ***out, size_t *n)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	size_t first = *n;
	struct dirent *ent;
	while ((ent = readdir(d))) {
		if (ent->d_name[0] == '.')
			continue;
		char path[4096];
		size_t l = strlen(ent->d_name);
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, ent->d_name) >= sizeof path)
			continue;
		struct stat st;
		if (l > 9 && !strcmp(ent->d_name + l - 9, "_test.lua") && stat(path, &st) == 0 &&
		    S_ISREG(st.st_mode)) {
			*out = lede_xrealloc(*out, (*n + 1) * sizeof **out);
			(*out)[(*n)++] = lede_xstrdup(path);
		}
	}
	closedir(d);
	qsort(*out + first, *n - first, sizeof **out, cmp_path);
}

/* Does a command's own argument list ask for help (`lede build --help`,
 * `lede new site -h`)? Only options count: arguments after `--`, and
 * those after a script's name (lede run's ARGS are the script's), do not. */
static bool asks_help(const char *cmd, int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--"))
			return false;
		if (!strcmp(a, "-h") || !strcmp(a, "--help"))
			return true;
		if (!strcmp(cmd, "run")) {
			if (strcmp(a, "-C") && strcmp(a, "-o"))
				return false; /* the script: the rest is its own */
			i++;
		}
	}
	return false;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		fputs(usage, stdout);
		return 0;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
		printf("lede %s\n", LEDE_VERSION_STRING);
		return 0;
	}
	static const char *const commands[] = {"build", "check", "extract", "run",
	                                       "new",   "test",  "serve"};
	for (int k = 0; k < 7; k++)
		if (!strcmp(cmd, commands[k]) && asks_help(cmd, argc - 2, argv + 2)) {
			fputs(usage, stdout);
			return 0;
		}
	if (!strcmp(cmd, "build"))
		return cmd_build(argc - 2, argv + 2, false);
	if (!strcmp(cmd, "check"))
		return cmd_build(argc - 2, argv + 2, true);
	if (!strcmp(cmd, "new")) {
		const char *root = ".";
		int i = 2;
		if (i + 1 < argc && !strcmp(argv[i], "-C")) {
			root = argv[i + 1];
			i += 2;
		}
		if (argc - i != 2)
			return usage_error("%s",
			                   "new wants: lede new site DIR | lede new plugin NAME | "
			                   "lede new article \"TITLE\"");
		return lede_new_main(root, argv[i], argv[i + 1]);
	}
	if (!strcmp(cmd, "run")) {
		lede_options o = {.quiet = true};
		int i = 2;
		while (i + 1 < argc && (!strcmp(argv[i], "-C") || !strcmp(argv[i], "-o"))) {
			if (argv[i][1] == 'C')
				o.root = argv[i + 1];
			else
				o.output = argv[i + 1];
			i += 2;
		}
		if (i >= argc)
			return usage_error("%s",
			                   "run needs a script: lede run scripts/NAME.lua [ARGS]");
		lede_markdown_init();
		return lede_script_main(&o, argv[i], argc - i - 1, argv + i + 1);
	}
	if (!strcmp(cmd, "test")) {
		const char *root = ".";
		int i = 2;
		if (i + 1 < argc && !strcmp(argv[i], "-C")) {
			root = argv[i + 1];
			i += 2;
		}
		lede_markdown_init();
		if (i < argc)
			return lede_test_main(root, (const char *const *)argv + i,
			                      (size_t)(argc - i));
		/* No files: every *_test.lua in the site's tests/, by name. */
		char **found = NULL;
		size_t n = 0;
		char dir[4096];
		snprintf(dir, sizeof dir, "%s/tests", root);
		find_tests(dir, &found, &n);
		if (!n) {
			fprintf(stderr,
			        "lede: no tests: %s/tests/ holds no *_test.lua "
			        "(`lede new plugin NAME` makes one)\n",
			        root);
			return 2;
		}
		int rc = lede_test_main(root, (const char *const *)found, n);
		for (size_t k = 0; k < n; k++)
			free(found[k]);
		free(found);
		return rc;
	}
	if (!strcmp(cmd, "extract"))
		return cmd_extract(argc - 2, argv + 2);
	if (!strcmp(cmd, "serve"))
		return lede_serve_main(argc - 2, argv + 2);
	const char *near = cmd[0] != '-' ? lede_nearest(cmd, commands, 7) : NULL;
	if (near) {
		fprintf(stderr,
		        "lede: unknown command '%s'; did you mean '%s'? see 'lede --help'\n", cmd,
		        near);
		return 2;
	}
	return usage_error(cmd[0] == '-' ? "unknown option '%s'" : "unknown command '%s'", cmd);
}
