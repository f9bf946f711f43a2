/* test_editions.c: the map of editions made from the front matter before
 * the build (core/editions.c): groups by translation_key and by
 * translations: maps, slugs and languages as the loader makes them, what
 * is held back, and files that do not parse. */
#include "editions.h"
#include "harness.h"
#include "output.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void put(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void groups_and_fields(void)
{
	char dir[] = "/tmp/lede-editions-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	put(dir, "a.md", "---\ntitle: A\ndate: 2020-01-01\ntranslation_key: k\n---\nx\n");
	put(dir, "b.md",
	    "---\ntitle: B\ndate: 2020-01-02\nlang: fr\nslug: Le B\nsection: Actualités\n"
	    "translation_key: k\n---\nx\n");
	put(dir, "c.md",
	    "---\ntitle: C\ndate: 2020-01-03\nlang: es\ntranslations: {en: a.md}\n---\nx\n");
	put(dir, "d.md",
	    "---\ntitle: D\ndate: 2020-01-04\nembargo: 2030-01-01T00:00:00Z\n"
	    "translation_key: other\n---\nx\n");
	put(dir, "e.md", "---\ntitle: [unclosed\n---\nx\n");
	put(dir, "2020-01-05-f.md", "---\ntitle: F\ndate: 2020-01-05\n---\nx\n");
	/* g names no translation, h names g: g's fields are read all the same */
	put(dir, "g.md", "---\ntitle: G\ndate: 2020-01-06\nlang: de\n---\nx\n");
	put(dir, "h.md", "---\ntitle: H\ndate: 2020-01-07\ntranslations: {de: g.md}\n---\nx\n");
	/* a key spelt with YAML escapes, in a file without the word */
	put(dir, "i.md",
	    "---\ntitle: I\ndate: 2020-01-08\n\"tr\\x61nslation_key\": other\n---\nx\n");
	char *paths[] = {
	    "2020-01-05-f.md", "a.md", "b.md", "c.md", "d.md", "e.md", "g.md", "h.md", "i.md"};
	size_t npaths = sizeof paths / sizeof *paths;
	lede_date now = {.year = 2026, .month = 1, .day = 1};
	lede_editions *m = lede_editions_scan(dir, paths, npaths, "en", &now, 1, 0, false);
	const lede_edition *a = lede_editions_find(m, "a.md");
	const lede_edition *b = lede_editions_find(m, "b.md");
	const lede_edition *c = lede_editions_find(m, "c.md");
	const lede_edition *d = lede_editions_find(m, "d.md");
	const lede_edition *e = lede_editions_find(m, "e.md");
	const lede_edition *f = lede_editions_find(m, "2020-01-05-f.md");
	const lede_edition *g = lede_editions_find(m, "g.md");
	const lede_edition *h = lede_editions_find(m, "h.md");
	const lede_edition *i = lede_editions_find(m, "i.md");
	CHECK(a && b && c && d && e && f && g && h && i && !lede_editions_find(m, "z.md"));
	if (a && b && c && d && e && f && g && h && i) {
		/* a, b by key; c by its map to a: one group, by language */
		CHECK_INT(a->count, 3);
		CHECK_INT(b->first, a->first);
		CHECK_INT(c->first, a->first);
		CHECK_STR(m->v[m->order[a->first]].lang, "en");
		CHECK_STR(m->v[m->order[a->first + 1]].lang, "es");
		CHECK_STR(m->v[m->order[a->first + 2]].lang, "fr");
		CHECK_STR(b->slug, "le-b");
		CHECK_STR(b->section, "Actualités");
		CHECK_STR(a->lang, "en");
		CHECK(!a->held && d->held && e->held);
		CHECK_INT(d->count, 2); /* with i */
		CHECK_INT(e->count, 1);
		/* f names no translation and none names it: alone, its front
		 * matter not parsed */
		CHECK_INT(f->count, 1);
		CHECK(f->slug == NULL);
		CHECK_STR(lede_editions_text(m, 0), "edition 2\nplain\n");
		/* g is named by h: read, and in h's group */
		CHECK_INT(g->count, 2);
		CHECK_INT(h->first, g->first);
		CHECK_STR(g->slug, "g");
		CHECK_STR(g->lang, "de");
		CHECK(!g->held);
		/* i's escaped key is read: i joins d's group */
		CHECK_INT(i->count, 2);
		CHECK_INT(i->first, d->first);
	}
	lede_editions_free(m);
	for (size_t k = 0; k < npaths; k++) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s", dir, paths[k]);
		unlink(path);
	}
	rmdir(dir);
}

/* Read on several threads, the map is the one a single thread makes: 300
 * articles in pairs of editions across the slices' borders. */
static void threads_same_map(void)
{
	char dir[] = "/tmp/lede-editions-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	enum { N = 300 };
	char *paths[N];
	for (int i = 0; i < N; i++) {
		char name[32], text[256];
		snprintf(name, sizeof name, "%03d.md", i);
		/* i and N-1-i share a key: groups span every slice */
		snprintf(text, sizeof text,
		         "---\ntitle: T%d\ndate: 2020-01-01\nlang: %s\ntranslation_key: k%d\n"
		         "partners: [a, b, c]\n---\nx\n",
		         i, i % 2 ? "fr" : "en", i < N / 2 ? i : N - 1 - i);
		put(dir, name, text);
		paths[i] = lede_xstrdup(name);
	}
	lede_date now = {.year = 2026, .month = 1, .day = 1};
	lede_editions *one = lede_editions_scan(dir, paths, N, "en", &now, 1, 0, false);
	lede_editions *four = lede_editions_scan(dir, paths, N, "en", &now, 4, 0, false);
	for (size_t i = 0; i < N; i++) {
		CHECK_STR(four->v[i].title, one->v[i].title);
		CHECK_STR(four->v[i].lang, one->v[i].lang);
		CHECK_INT(four->v[i].first, one->v[i].first);
		CHECK_INT(four->v[i].count, 2);
		CHECK_INT(four->order[i], one->order[i]);
	}
	CHECK(four->more[1] != NULL); /* it did use other threads */
	lede_editions_free(one);
	lede_editions_free(four);
	for (int i = 0; i < N; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s", dir, paths[i]);
		unlink(path);
		free(paths[i]);
	}
	rmdir(dir);
}

/* Only a file's first bytes are read when they hold its whole front
 * matter and it names no translation. A front matter longer than that,
 * one that names a translation past them, and a body that says
 * "translation" are read as before; a file whose front matter closes
 * before the word is plain whatever its body says. */
static void long_front_matter(void)
{
	char dir[] = "/tmp/lede-editions-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	lede_buf b = LEDE_BUF_INIT;
	lede_buf_puts(&b, "---\ntitle: L\ndate: 2020-01-01\nsummary: \"");
	for (int i = 0; i < 400; i++)
		lede_buf_puts(&b, "words ");
	lede_buf_puts(&b, "\"\ntranslation_key: k\n---\nx\n");
	CHECK(b.len > 2048);
	put(dir, "long.md", lede_buf_cstr(&b));
	put(dir, "short.md",
	    "---\ntitle: S\ndate: 2020-01-02\nlang: fr\ntranslation_key: k\n---\n");
	lede_buf_reset(&b);
	lede_buf_puts(&b, "---\ntitle: P\ndate: 2020-01-03\n---\n");
	for (int i = 0; i < 400; i++)
		lede_buf_puts(&b, "A body about translation_key and translations. ");
	put(dir, "plain.md", lede_buf_cstr(&b));
	lede_buf_free(&b);
	char *paths[] = {"long.md", "plain.md", "short.md"};
	lede_date now = {.year = 2026, .month = 1, .day = 1};
	lede_editions *m = lede_editions_scan(dir, paths, 3, "en", &now, 1, 0, false);
	const lede_edition *l = lede_editions_find(m, "long.md");
	const lede_edition *p = lede_editions_find(m, "plain.md");
	const lede_edition *sh = lede_editions_find(m, "short.md");
	CHECK(l && p && sh);
	if (l && p && sh) {
		CHECK_INT(l->count, 2);
		CHECK_INT(sh->first, l->first);
		CHECK_STR(l->title, "L");
		CHECK_INT(p->count, 1);
		CHECK_STR(lede_editions_text(m, 1), "edition 2\nplain\n");
	}
	lede_editions_free(m);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	CHECK_INT(system(cmd), 0);
}

/* A link's destination, read as the path of an article's source. */
static void link_paths(void)
{
	lede_buf b = LEDE_BUF_INIT;
	struct {
		const char *from, *url, *want; /* want NULL: no path */
	} cases[] = {
	    {"content/vote.md", "news/budget.md", "content/news/budget.md"},
	    {"content/vote.md", "news/budget.md#cuts", "content/news/budget.md"},
	    {"content/a/vote.md", "../b/./x.md", "content/b/x.md"},
	    {"content/vote.md", "/content/x.md", "content/x.md"},
	    {"content/vote.md", "my%20story.md", "content/my story.md"},
	    {"content/vote.md", "../../../etc/x.md", NULL},
	    {"content/vote.md", "https://example.org/x.md", NULL},
	    {"content/vote.md", "//example.org/x.md", NULL},
	    {"content/vote.md", "mailto:x.md", NULL},
	    {"content/vote.md", "x.md?y", NULL},
	    {"content/vote.md", "x.html", NULL},
	    {"content/vote.md", ".md", NULL},
	    {"content/vote.md", "dir/", NULL},
	    {"content/vote.md", "x%00.md", "content/x%00.md"}, /* (no NUL) */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		bool ok =
		    lede_editions_link_path(cases[i].from, cases[i].url, strlen(cases[i].url), &b);
		CHECK_INT(ok, cases[i].want != NULL);
		if (ok && cases[i].want)
			CHECK_STR(lede_buf_cstr(&b), cases[i].want);
	}
	lede_buf_free(&b);
}

/* The articles a body links to by their source: found by the scan, kept
 * in its text (an article added later is linked then), read from it. */
static void link_targets(void)
{
	char dir[] = "/tmp/lede-editions-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char sub[600];
	snprintf(sub, sizeof sub, "%s/news", dir);
	CHECK_INT(mkdir(sub, 0755), 0);
	put(dir, "vote.md",
	    "---\ntitle: V\ndate: 2020-01-01\n---\nSee [b](news/budget.md#x), "
	    "[again](news/budget.md),\n"
	    "[later](later.md), [ref][r], <a href=\"news/budget.md\">raw</a>, a.md.txt and "
	    "x.mdx.\n\n"
	    "[r]: /news/budget.md \"T\"\n");
	put(dir, "news/budget.md", "---\ntitle: B\ndate: 2020-01-01\nsection: news\n---\nx\n");
	char *paths[] = {"news/budget.md", "vote.md"};
	lede_date now = {.year = 2026, .month = 1, .day = 1};
	lede_editions *m = lede_editions_scan(dir, paths, 2, "en", &now, 1, 0, false);
	const lede_edition *v = lede_editions_find(m, "vote.md");
	const lede_edition *b = lede_editions_find(m, "news/budget.md");
	CHECK(v && b);
	if (v && b) {
		/* the budget once (later.md is no article yet), its fields read */
		CHECK_INT(v->ntargets, 1);
		CHECK(v->ntargets == 1 && &m->v[v->targets[0]] == b);
		CHECK_STR(b->slug, "budget");
		CHECK(lede_editions_link(m, v, "news/budget.md#x", 16) == b);
		CHECK(lede_editions_link(m, v, "later.md", 8) == NULL);
		CHECK(lede_editions_link(m, b, "../vote.md", 10) ==
		      NULL); /* not found by the scan */
		const char *text = lede_editions_text(m, 1);
		CHECK(text && strstr(text, "\n+news/budget.md\n+later.md\n") != NULL);
	}
	lede_editions_free(m);
	char cmd[700];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	CHECK_INT(system(cmd), 0);
}

int main(void)
{
	RUN(groups_and_fields);
	RUN(threads_same_map);
	RUN(long_front_matter);
	RUN(link_paths);
	RUN(link_targets);
	DONE();
}
