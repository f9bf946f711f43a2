/* fuzz_article.c: libFuzzer target for the whole article path: front
 * matter, Markdown, extraction in both formats, HTML and text rendering.
 * Run it with tests/fuzz/run.sh; ./build.sh test replays its regressions. */
#include "article.h"
#include "editions.h"
#include "extract.h"
#include "frontmatter.h"
#include "node.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The compiled patterns: built once, read-only afterwards (as the engine
 * shares them between its worker threads). */
static lede_extractor *extractor;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	lede_markdown_init();
	extractor = lede_extractor_new(NULL);
	if (!extractor)
		abort();
	return 0;
}

/* lede_yaml_parse's two paths: where the fast one reads the text, its
 * tree is libyaml's, positions included. */
static void same_yaml(const char *text, size_t len, int first_line)
{
	if (!lede_yaml_paths_agree(text, len, first_line))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	same_yaml(text, size, 1);
	size_t end =
	    size >= 4 && !memcmp(text, "---\n", 4) ? lede_frontmatter_extent(text, size) : 0;
	if (end && end != LEDE_FM_UNKNOWN) { /* the block between the fences */
		size_t close = end - 1;
		while (close > 4 && text[close - 1] != '\n')
			close--;
		same_yaml(text + 4, close - 4, 2);
	}
	/* the editions scan's links to other articles' sources */
	lede_arena *links_ar = lede_arena_new();
	const char **paths = NULL;
	size_t n = lede_editions_link_candidates(links_ar, "content/a/b.md", text, size, &paths);
	if (n > LEDE_EDITIONS_MAX_TARGETS)
		abort();
	lede_buf lp = LEDE_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(paths[i]);
		if (l < 4 || memcmp(paths[i] + l - 3, ".md", 3) || strstr(paths[i], "/../") ||
		    !strncmp(paths[i], "../", 3) || paths[i][0] == '/')
			abort(); /* a path inside the site, to a Markdown file */
		/* a found path, read again as a link from the site's root, is itself */
		lede_buf pl = LEDE_BUF_INIT;
		lede_buf_putc(&pl, '/');
		lede_buf_puts(&pl, paths[i]);
		if (!strchr(paths[i], '%') && !strchr(paths[i], '#') && !strchr(paths[i], '?') &&
		    (!lede_editions_link_path("x.md", pl.data, pl.len, &lp) ||
		     strcmp(lp.data, paths[i])))
			abort();
		lede_buf_free(&pl);
	}
	lede_buf_free(&lp);
	lede_arena_free(links_ar);
	lede_extract_ctx *c = lede_extract_ctx_new(extractor);
	lede_error err;
	lede_article_opts o = {.default_lang = "en", .extract = c};
	lede_article *a = lede_article_parse("fuzz.md", (const char *)data, size, &o, &err);
	if (a) {
		lede_buf b = LEDE_BUF_INIT;
		lede_render_opts ro = {.width = 40, .references = true};
		lede_render_html(a->body, &ro, &b);
		lede_render_text(a->body, &ro, &b);
		lede_buf_free(&b);
		lede_article_free(a);
	}
	lede_arena *ar = lede_arena_new();
	lede_extraction ex;
	if (lede_extract(c, ar, (const char *)data, size, 0, LEDE_EXTRACT_TEXT, NULL, &ex, &err) ==
	    0) {
		lede_buf b = LEDE_BUF_INIT;
		lede_extraction_json(&ex, "fuzz", &b);
		lede_buf_free(&b);
	}
	lede_arena_free(ar);
	/* A window cut inside a character was made safe, but is a bug. */
	if (lede_extract_ctx_misaligned(c))
		abort();
	lede_extract_ctx_free(c);
	return 0;
}
