/* scaffold.c: `lede new site DIR`, `lede new plugin NAME` and `lede new
 * article TITLE`: a starting point that already works (the site builds, the
 * plugin's test passes as made). */
#include "engine.h"
#include "escape.h"

#include "output.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

static const char plugin_src[] =
    "-- plugins/%s.lua: what this plugin does, in a sentence or two.\n"
    "-- Options (lede.yaml: - { name: %s, options: { ... } }):\n"
    "--   suffix  text added to every title (default \"\")\n"
    "local suffix = \"\"\n"
    "\n"
    "---@type lede.plugin\n"
    "return {\n"
    "  -- once per plugin instance, before any article, with the site settings\n"
    "  -- and this entry's options (each worker's Lua state runs it too: keep\n"
    "  -- settings in locals, not results)\n"
    "  setup = function(site, opts)\n"
    "    suffix = opts.suffix or \"\"\n"
    "  end,\n"
    "\n"
    "  -- once per article, before any outlet; return false to drop it\n"
    "  article = function(a)\n"
    "    a.title = a.title .. suffix\n"
    "  end,\n"
    "\n"
    "  -- Pandoc-style node filters: nil keeps, a node replaces, a list\n"
    "  -- splices, an empty list deletes\n"
    "  nodes = {\n"
    "    Link = function(link, a, outlet)\n"
    "      -- e.g. link.url = link.url:gsub(\"^http:\", \"https:\")\n"
    "    end,\n"
    "  },\n"
    "}\n";

static const char test_src[] =
    "-- tests/%s_test.lua: run with `lede test tests/%s_test.lua`\n"
    "local plugin = lede.test.plugin(\"%s\", { suffix = \" (updated)\" })\n"
    "\n"
    "local function story()\n"
    "  return lede.test.article([[\n"
    "---\n"
    "title: A story\n"
    "date: 2020-07-24\n"
    "---\n"
    "\n"
    "See [the report](http://example.org/report).\n"
    "]], \"content/story.md\")\n"
    "end\n"
    "\n"
    "test(\"article adds the suffix to the title\", function()\n"
    "  local a = story()\n"
    "  plugin.article(a)\n"
    "  eq(a.title, \"A story (updated)\")\n"
    "end)\n"
    "\n"
    "test(\"node filters leave links as they are\", function()\n"
    "  local a = story()\n"
    "  a.body:walk(plugin.nodes)\n"
    "  contains(a:html(), 'href=\"http://example.org/report\"')\n"
    "end)\n";

/* lstat: a dangling symlink is there too (writing through it would fail,
 * or land elsewhere). */
static bool exists(const char *p)
{
	struct stat st;
	return lstat(p, &st) == 0;
}

/* Whether root/rel exists; the path is built whole (never cut short, which
 * would check another file). */
static bool exists_in(const char *root, const char *rel)
{
	lede_buf path = LEDE_BUF_INIT;
	lede_buf_printf(&path, "%s/%s", root, rel);
	bool there = exists(lede_buf_cstr(&path));
	lede_buf_free(&path);
	return there;
}

static int create(const char *root, const char *rel, const char *text)
{
	if (exists_in(root, rel)) {
		fprintf(stderr, "lede: %s already exists; choose another name or remove it\n", rel);
		return -1;
	}
	lede_error err;
	lede_error_clear(&err);
	if (lede_write_file(root, rel, text, strlen(text), &err) != 0) {
		lede_report(NULL, &err, false);
		return -1;
	}
	printf("created %s\n", rel);
	return 0;
}

/* plugins/NAME.lua and tests/NAME_test.lua; -1 when one exists. */
static int new_plugin_files(const char *root, const char *name)
{
	char rel_p[512], rel_t[512], buf[8192];
	snprintf(rel_p, sizeof rel_p, "plugins/%s.lua", name);
	snprintf(rel_t, sizeof rel_t, "tests/%s_test.lua", name);
	snprintf(buf, sizeof buf, plugin_src, name, name);
	if (create(root, rel_p, buf) != 0)
		return -1;
	snprintf(buf, sizeof buf, test_src, name, name, name);
	return create(root, rel_t, buf);
}

static int new_plugin(const char *root, const char *name)
{
	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' ||
		      *c == '-')) {
			fprintf(stderr, "lede: a plugin name uses a-z, 0-9, _ and -, not '%s'\n",
			        name);
			return 2;
		}
	if (!name[0]) {
		fprintf(stderr, "lede: a plugin needs a name (a-z, 0-9, _ and -): lede new plugin "
		                "NAME\n");
		return 2;
	}
	char rel_t[512];
	snprintf(rel_t, sizeof rel_t, "tests/%s_test.lua", name);
	if (exists_in(root, rel_t)) {
		fprintf(stderr, "lede: %s already exists; choose another name or remove it\n",
		        rel_t);
		return 1;
	}
	if (new_plugin_files(root, name) != 0)
		return 1;
	printf("next: list it under plugins: in lede.yaml, and run `lede test %s`\n", rel_t);
	return 0;
}

/* Today's date: LEDE_NOW when set (reproducible), else the clock; -1
 * (said) for a LEDE_NOW that is no date, refused as lede build refuses it
 * rather than dating the file by the clock. */
static int today(char out[11])
{
	const char *env = getenv("LEDE_NOW");
	lede_date d;
	if (env && env[0]) {
		size_t col;
		const char *why;
		if (lede_date_parse(env, strlen(env), &d, &col, &why) != 0) {
			lede_error err;
			lede_error_clear(&err);
			lede_error_set(&err, "LEDE_NOW", 0, 0, "bad date '%s': %s", env, why);
			lede_report(NULL, &err, false);
			return -1;
		}
	} else {
		d = lede_date_from_epoch((int64_t)time(NULL), 0);
	}
	snprintf(out, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
	return 0;
}

/* The longest file name lede new article makes of a title (its slug). */
#define NEW_SLUG_MAX 80

static int new_article(const char *root, const char *title)
{
	char day[11];
	if (today(day) != 0)
		return 2;
	/* The title goes into the front matter as it is: text only (a
	 * newline or an escape sequence there would not read back as typed;
	 * the YAML reader refuses C1 controls and takes U+0085, U+2028 and
	 * U+2029 for line breaks). */
	size_t n = strlen(title);
	if (lede_utf8_valid_prefix(title, n) != n) {
		fprintf(stderr, "lede: the title is not valid UTF-8; type it as text\n");
		return 2;
	}
	bool shows = false; /* a character that is not white space or invisible */
	for (size_t i = 0; i < n;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)title + i,
		                                      (utf8proc_ssize_t)(n - i), &c);
		if (l <= 0) { /* (a surrogate's encoding: not text either) */
			fprintf(stderr, "lede: the title is not valid UTF-8; type it as text\n");
			return 2;
		}
		i += (size_t)l;
		if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
			fprintf(stderr,
			        "lede: the title holds a control character (U+%04X); type it as "
			        "plain text, on one line\n",
			        (unsigned)c);
			return 2;
		}
		if (c == 0x2028 || c == 0x2029) {
			fprintf(stderr,
			        "lede: the title holds a %s separator (U+%04X); type it as plain "
			        "text, on one line\n",
			        c == 0x2028 ? "line" : "paragraph", (unsigned)c);
			return 2;
		}
		switch (utf8proc_category(c)) {
		case UTF8PROC_CATEGORY_CN:
		case UTF8PROC_CATEGORY_CF:
		case UTF8PROC_CATEGORY_CS:
		case UTF8PROC_CATEGORY_ZS: break;
		default: shows = true;
		}
	}
	/* (the build refuses such a title, as article.c's visible() reads it:
	 * the draft would fail) */
	if (!shows) {
		fprintf(stderr, "lede: the title has no character to show (only spaces or "
		                "invisible characters); type a title\n");
		return 2;
	}
	/* The site's lede.yaml says where articles go (content:) and how
	 * slugs are made (slugs:): a draft written elsewhere would never be
	 * built. Without one, content/ and ASCII slugs; a broken one is said,
	 * and nothing is written. */
	const char *dir = "content";
	bool unicode = false;
	lede_config *cfg = NULL;
	lede_buf yaml = LEDE_BUF_INIT;
	lede_buf_printf(&yaml, "%s/lede.yaml", root);
	bool has_yaml = exists(lede_buf_cstr(&yaml));
	lede_buf_free(&yaml);
	if (has_yaml) {
		lede_error err;
		lede_error_clear(&err);
		cfg = lede_config_load(root, "lede.yaml", &err);
		if (!cfg) {
			lede_report(NULL, &err, false);
			fprintf(stderr, "lede: lede.yaml says where articles go; fix it first\n");
			return 2;
		}
		dir = cfg->content_dir;
		unicode = cfg->unicode_slugs;
	}
	/* an absolute content folder (articles in another checkout) is
	 * written to as it is */
	const char *at = dir[0] == '/' ? dir : root, *prefix = dir[0] == '/' ? "" : dir;
	lede_buf slug = LEDE_BUF_INIT, rel = LEDE_BUF_INIT, text = LEDE_BUF_INIT;
	lede_slugify_as(title, strlen(title), unicode, &slug);
	/* With ASCII slugs (the default) a title in another script (数据开放)
	 * has none, and the build would take the file name's, then the
	 * title's, both empty. The file is named DATE-DATE.md instead
	 * (DATE-DATE-2.md... when taken): its slug, the date, is the page's
	 * name. */
	bool dated = !slug.len;
	if (dated) {
		lede_buf_puts(&slug, day);
		lede_buf_printf(&rel, "%s%s%s-%s.md", prefix, *prefix ? "/" : "", day, slug.data);
		for (int k = 2; exists_in(at, rel.data); k++) {
			lede_buf_reset(&slug);
			lede_buf_printf(&slug, "%s-%d", day, k);
			lede_buf_reset(&rel);
			lede_buf_printf(&rel, "%s%s%s-%s.md", prefix, *prefix ? "/" : "", day,
			                slug.data);
		}
	}
	/* A long title makes a file name of its first words (a name holds 255
	 * bytes, and the article's slug comes from it): cut at a word's end,
	 * else between two characters. */
	if (!dated && slug.len > NEW_SLUG_MAX) {
		size_t cut = NEW_SLUG_MAX;
		while (cut > 0 && slug.data[cut] != '-')
			cut--;
		slug.len = cut ? cut : lede_utf8_cut(slug.data, slug.len, NEW_SLUG_MAX);
		slug.data[slug.len] = '\0';
	}
	if (!dated)
		lede_buf_printf(&rel, "%s%s%s-%s.md", prefix, *prefix ? "/" : "", day, slug.data);
	lede_buf_puts(&text, "---\ntitle: \"");
	for (const char *c = title; *c; c++) {
		if (*c == '"' || *c == '\\')
			lede_buf_putc(&text, '\\');
		lede_buf_putc(&text, *c);
	}
	lede_buf_printf(&text,
	                "\"\ndate: %s\nsection: News\nauthors: []\ntags: []\ndraft: true\n---\n\n"
	                "Write the story here.\n",
	                day);
	int rc = create(at, rel.data, text.data) == 0 ? 0 : 1;
	if (rc == 0)
		printf("it is a draft: remove 'draft: true' to publish it\n");
	lede_buf_free(&slug);
	lede_buf_free(&rel);
	lede_buf_free(&text);
	lede_config_free(cfg);
	return rc;
}

static const char site_yaml[] =
    "# lede.yaml: the site and its outlets. Every setting: docs/config.md.\n"
    "site:\n"
    "  title: My News\n"
    "  base_url: https://news.example.org\n"
    "  language: en\n"
    "  description: News from my newsroom.\n"
    "\n"
    "content: content  # the articles (*.md, any depth)\n"
    "output: public    # where `lede build` writes the site\n"
    "\n"
    "# Plugins run for every outlet, in this order. plugins/example.lua is\n"
    "# a commented starting point; list it here to use it:\n"
    "# plugins: [example]\n"
    "\n"
    "outlets:\n"
    "  # The website: a page per article and a front page.\n"
    "  web:\n"
    "    format: html\n"
    "    path: \"{section}/{slug}/\"\n"
    "    index: { path: index.html, per_page: 20 }\n"
    "    tags: { path: \"tags/{tag}/\" }\n"
    "\n"
    "  # An Atom feed of the website.\n"
    "  atom: { format: atom, path: feed.atom, link_to: web, limit: 20 }\n";

static const char site_welcome[] =
    "---\n"
    "title: \"Welcome to lede\"\n"
    "date: %s\n"
    "section: News\n"
    "authors: [The Newsroom]\n"
    "tags: [lede]\n"
    "---\n"
    "\n"
    "This is the site's first article: `content/%s-welcome.md`. Edit it,\n"
    "save, and the page in your browser follows (`lede serve`).\n"
    "\n"
    "## Next steps\n"
    "\n"
    "- `lede new article \"A title\"` writes a new draft in `content/`.\n"
    "- `lede build` publishes every outlet of `lede.yaml` into `public/`.\n"
    "- `lede test` runs the plugin tests in `tests/`.\n"
    "\n"
    "“Quotations like this one are found by lede,” said the editor.\n";

/* the output, and the external link check's cache (lede check --links) */
static const char site_gitignore[] = "/public/\n/.lede-linkcache\n";

/* `lede new site DIR`: a site that builds as made. DIR may exist but must
 * hold none of the files written (nothing is ever overwritten). */
static int new_site(const char *dir)
{
	/* Everything is checked before anything is written: a site half made
	 * (lede.yaml written, then content/ refused) is one a rerun refuses. */
	char day[11], rel[64], buf[4096];
	if (today(day) != 0)
		return 2;
	static const char *const rels[] = {"lede.yaml", "content", "plugins/example.lua",
	                                   "tests/example_test.lua", ".gitignore"};
	lede_buf path = LEDE_BUF_INIT;
	for (size_t i = 0; i < sizeof rels / sizeof *rels; i++) {
		lede_buf_reset(&path);
		lede_buf_printf(&path, "%s/%s", dir, rels[i]);
		if (exists(path.data)) {
			fprintf(stderr,
			        "lede: %s already exists; new site writes only into a new or "
			        "empty folder\n",
			        path.data);
			lede_buf_free(&path);
			return 1;
		}
	}
	/* The folders written into, when they exist, must be folders. */
	static const char *const dirs[] = {"", "/plugins", "/tests"};
	for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
		lede_buf_reset(&path);
		lede_buf_printf(&path, "%s%s", dir, dirs[i]);
		struct stat st;
		if (lstat(path.data, &st) == 0 && stat(path.data, &st) != 0) {
			fprintf(stderr,
			        "lede: %s is a dangling symlink; remove it, or choose another "
			        "folder\n",
			        path.data);
			lede_buf_free(&path);
			return 1;
		}
		if (exists(path.data) && !S_ISDIR(st.st_mode)) {
			fprintf(stderr,
			        "lede: %s exists and is not a folder; choose another folder\n",
			        path.data);
			lede_buf_free(&path);
			return 1;
		}
	}
	lede_buf_free(&path);
	snprintf(rel, sizeof rel, "content/%s-welcome.md", day);
	snprintf(buf, sizeof buf, site_welcome, day, day);
	if (create(dir, "lede.yaml", site_yaml) != 0 || create(dir, rel, buf) != 0 ||
	    create(dir, ".gitignore", site_gitignore) != 0 || new_plugin_files(dir, "example") != 0)
		return 1;
	printf("next: cd %s && lede serve   (or lede build: the site goes to public/)\n", dir);
	return 0;
}

int lede_new_main(const char *root, const char *what, const char *name)
{
	if (!strcmp(what, "site")) {
		/* ("": the folder would be the file system's root) */
		if (!name[0]) {
			fprintf(stderr,
			        "lede: new site needs a folder to make: lede new site DIR\n");
			return 2;
		}
		/* built whole: a path cut short would make the site elsewhere */
		lede_buf dir = LEDE_BUF_INIT;
		lede_buf_printf(&dir, "%s/%s", root, name);
		const char *target = name[0] == '/' || !strcmp(root, ".") ? name : dir.data;
		/* The system takes no longer path: refused before anything is
		 * written, not halfway (the longest file is
		 * content/DATE-welcome.md). */
		size_t room = PATH_MAX - sizeof "/content/YYYY-MM-DD-welcome.md";
		if (strlen(target) > room) {
			fprintf(
			    stderr,
			    "lede: the new site's folder is a path of %zu bytes, too long for its "
			    "files (%zu bytes at most); choose a shorter one\n",
			    strlen(target), room);
			lede_buf_free(&dir);
			return 2;
		}
		int rc = new_site(target);
		lede_buf_free(&dir);
		return rc;
	}
	if (!strcmp(what, "plugin"))
		return new_plugin(root, name);
	if (!strcmp(what, "article"))
		return new_article(root, name);
	fprintf(stderr,
	        "lede: new makes a site, a plugin or an article, not '%s'; see 'lede --help'\n",
	        what);
	return 2;
}
