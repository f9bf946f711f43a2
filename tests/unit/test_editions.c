/* test_editions.c: the map of editions made from the front matter before
 * the build (core/editions.c): groups by translation_key and by
 * translations: maps, slugs and languages as the loader makes them, what
 * is held back, and files that do not parse. */
#include "editions.h"
#include "harness.h"
#include "output.h"

#include <stdlib.h>
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
	char *paths[] = {"2020-01-05-f.md", "a.md", "b.md", "c.md", "d.md", "e.md"};
	lede_date now = {.year = 2026, .month = 1, .day = 1};
	lede_editions *m = lede_editions_scan(dir, paths, 6, "en", &now);
	const lede_edition *a = lede_editions_find(m, "a.md");
	const lede_edition *b = lede_editions_find(m, "b.md");
	const lede_edition *c = lede_editions_find(m, "c.md");
	const lede_edition *d = lede_editions_find(m, "d.md");
	const lede_edition *e = lede_editions_find(m, "e.md");
	const lede_edition *f = lede_editions_find(m, "2020-01-05-f.md");
	CHECK(a && b && c && d && e && f && !lede_editions_find(m, "z.md"));
	if (a && b && c && d && e && f) {
		/* a, b by key; c by its map to a: one group, by language */
		CHECK_INT(a->count, 3);
		CHECK_INT(b->first, a->first);
		CHECK_INT(c->first, a->first);
		CHECK_STR(m->v[m->order[a->first]].lang, "en");
		CHECK_STR(m->v[m->order[a->first + 1]].lang, "es");
		CHECK_STR(m->v[m->order[a->first + 2]].lang, "fr");
		CHECK_STR(b->slug, "le-b");
		CHECK_STR(b->section, "Actualités");
		CHECK_STR(f->slug, "f");
		CHECK_STR(a->lang, "en");
		CHECK(!a->held && d->held && e->held);
		CHECK_INT(d->count, 1);
		CHECK_INT(e->count, 1);
	}
	lede_editions_free(m);
	for (size_t i = 0; i < 6; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s", dir, paths[i]);
		unlink(path);
	}
	rmdir(dir);
}

int main(void)
{
	RUN(groups_and_fields);
	DONE();
}
