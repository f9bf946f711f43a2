/* scaffold.c: `lede new plugin NAME` and `lede new article TITLE`: a
 * starting point that already works (the plugin's test passes as made). */
#include "engine.h"

#include "output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char plugin_src[] =
	"-- plugins/%s.lua: what this plugin does, in a sentence or two.\n"
	"-- Options (lede.yaml: - { name: %s, options: { ... } }):\n"
	"--   suffix  text added to every title (default \"\")\n"
	"---@type lede.plugin\n"
	"local suffix = \"\"\n"
	"\n"
	"return {\n"
	"  -- once per Lua state, with the site settings and this entry's options\n"
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

static bool exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

static int create(const char *root, const char *rel, const char *text)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", root, rel);
	if (exists(path)) {
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

static int new_plugin(const char *root, const char *name)
{
	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '-')) {
			fprintf(stderr, "lede: a plugin name uses a-z, 0-9, _ and -, not '%s'\n", name);
			return 2;
		}
	if (!name[0])
		return 2;
	char rel_p[512], rel_t[512], buf[8192];
	snprintf(rel_p, sizeof rel_p, "plugins/%s.lua", name);
	snprintf(rel_t, sizeof rel_t, "tests/%s_test.lua", name);
	char full_t[4096];
	snprintf(full_t, sizeof full_t, "%s/%s", root, rel_t);
	if (exists(full_t)) {
		fprintf(stderr, "lede: %s already exists; choose another name or remove it\n", rel_t);
		return 1;
	}
	snprintf(buf, sizeof buf, plugin_src, name, name);
	if (create(root, rel_p, buf) != 0)
		return 1;
	snprintf(buf, sizeof buf, test_src, name, name, name);
	if (create(root, rel_t, buf) != 0)
		return 1;
	printf("next: list it under plugins: in lede.yaml, and run `lede test %s`\n", rel_t);
	return 0;
}

/* Today's date: LEDE_NOW when set (reproducible), else the clock. */
static void today(char out[11])
{
	const char *env = getenv("LEDE_NOW");
	lede_date d;
	size_t col;
	const char *why;
	if (!env || lede_date_parse(env, strlen(env), &d, &col, &why) != 0)
		d = lede_date_from_epoch((int64_t)time(NULL), 0);
	snprintf(out, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
}

static int new_article(const char *root, const char *title)
{
	char day[11];
	today(day);
	lede_buf slug = LEDE_BUF_INIT, rel = LEDE_BUF_INIT, text = LEDE_BUF_INIT;
	lede_slugify(title, strlen(title), &slug);
	if (!slug.len) {
		fprintf(stderr, "lede: the title needs letters or digits for its file name\n");
		return 2;
	}
	lede_buf_printf(&rel, "content/%s-%s.md", day, slug.data);
	lede_buf_puts(&text, "---\ntitle: \"");
	for (const char *c = title; *c; c++) {
		if (*c == '"' || *c == '\\')
			lede_buf_putc(&text, '\\');
		lede_buf_putc(&text, *c);
	}
	lede_buf_printf(&text, "\"\ndate: %s\nsection: News\nauthors: []\ntags: []\ndraft: true\n---\n\n"
	                       "Write the story here.\n",
	                day);
	int rc = create(root, rel.data, text.data) == 0 ? 0 : 1;
	if (rc == 0)
		printf("it is a draft: remove 'draft: true' to publish it\n");
	lede_buf_free(&slug);
	lede_buf_free(&rel);
	lede_buf_free(&text);
	return rc;
}

int lede_new_main(const char *root, const char *what, const char *name)
{
	if (!strcmp(what, "plugin"))
		return new_plugin(root, name);
	if (!strcmp(what, "article"))
		return new_article(root, name);
	fprintf(stderr, "lede: new makes a plugin or an article, not '%s'; see 'lede --help'\n", what);
	return 2;
}
