/* fuzz_state.c: libFuzzer target for the build state's reader (core/state.c):
 * the input is an output folder's .lede-manifest, which lede wrote but a
 * person, a sync tool or a damaged disk may have changed. It is read as a
 * build reads it (lede_state_read, in a folder of its own), and a state
 * that reads is then asked what a build asks of it, for the articles it
 * names under content/ and the outlets the seeds use: each source entry,
 * page and record (whole, thin and shown), and each page's recorded links.
 * A manifest that is refused must say why; nothing may crash, leak or
 * read out of bounds. */
#include "state.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
	lede_state *s;
	size_t n; /* what was read, kept from being optimised away */
} walk;

static void each_article(void *ud, const char *article)
{
	static const char *const outlets[] = {"web", "rss", "fr"};
	walk *w = ud;
	const lede_source *src = lede_state_source(w->s, article);
	if (src)
		w->n += src->noutlets + src->ntaken + src->nclaims + (src->edition != NULL);
	for (size_t k = 0; k < sizeof outlets / sizeof *outlets; k++) {
		bool recorded = false;
		const char *page = lede_state_page_of(w->s, outlets[k], article, &recorded);
		if (page) {
			lede_buf links = LEDE_BUF_INIT;
			if (lede_state_links(w->s, page, &links) == 0)
				w->n += links.len;
			lede_buf_free(&links);
		}
		for (int thin = 0; thin < 2; thin++) {
			lede_arena *ar = lede_arena_new();
			const char *since = NULL;
			lede_article *rec =
			    lede_state_last(w->s, ar, thin, outlets[k], article, &since);
			if (rec) {
				if (!rec->path || !rec->title)
					__builtin_trap(); /* a record is never without them */
				w->n += strlen(rec->path) + strlen(rec->title);
				if (thin) {
					lede_article *shown = lede_record_shown(ar, rec);
					w->n +=
					    shown && shown->summary ? strlen(shown->summary) : 0;
				}
			}
			lede_arena_free(ar);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/lede-fuzz-state.XXXXXX",
	         access("/dev/shm", W_OK) == 0 ? "/dev/shm"
	         : tmp && *tmp                 ? tmp
	                                       : "/tmp");
	if (!mkdtemp(dir))
		return 0;
	char path[4200];
	snprintf(path, sizeof path, "%s/.lede-manifest", dir);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size) {
		if (f)
			fclose(f);
		unlink(path);
		rmdir(dir);
		return 0;
	}
	fclose(f);
	lede_error err;
	lede_error_clear(&err);
	lede_state *s = lede_state_read(dir, "2026-01-01T00:00:00Z", &err);
	if (!s) {
		if (!err.msg[0])
			__builtin_trap(); /* refused without saying why */
	} else {
		walk w = {.s = s};
		char *dirs[] = {"content"};
		lede_state_articles_under(s, dirs, 1, each_article, &w);
		w.n += lede_state_article_pages(s) + lede_state_had_links(s);
		lede_state_free(s);
		volatile size_t sink = w.n;
		(void)sink;
	}
	unlink(path);
	rmdir(dir);
	return 0;
}
