/* test_autolink.c: bare URLs and e-mails in Markdown are linked from the
 * link extractor's results (lede_markdown_autolink): GFM's autolink rules
 * first, linkify-it's for bare hosts; the tree's Links and the extraction's
 * bare links are the same ones, with the same places; what the tree
 * cannot show as a link leaves the extraction too. */
#include "extract.h"
#include "harness.h"
#include "node.h"

#include <stdlib.h>

static lede_extract_ctx *C;

typedef struct parsed {
	lede_arena *a;
	lede_node *root;
	lede_extraction x;
} parsed;

/* md parsed, extracted and autolinked as an article body (line 1 on). */
static parsed parse(const char *md)
{
	parsed p;
	lede_error err;
	lede_markdown_opts mo = {0};
	p.a = lede_arena_new();
	p.root = lede_markdown_parse(p.a, md, strlen(md), 1, &mo, &err);
	if (lede_extract(C, p.a, md, strlen(md), 0, LEDE_EXTRACT_MARKDOWN, NULL, &p.x, &err) != 0)
		memset(&p.x, 0, sizeof p.x);
	lede_markdown_autolink(p.root, md, strlen(md), &p.x);
	return p;
}

static const char *html(const char *md, lede_buf *b)
{
	parsed p = parse(md);
	lede_render_opts ro = {0};
	lede_buf_reset(b);
	lede_render_html(p.root, &ro, b);
	lede_arena_free(p.a);
	return lede_buf_cstr(b);
}

static void gfm_rules(void)
{
	static const char *const cases[][2] = {
	    {"see www.example.org now",
	     "<p>see <a href=\"http://www.example.org\">www.example.org</a> now</p>\n"},
	    /* any domain for an e-mail, as GFM (linkify-it wants a known TLD) */
	    {"foo@bar.baz", "<p><a href=\"mailto:foo@bar.baz\">foo@bar.baz</a></p>\n"},
	    {"a.b-c_d@a.b.", "<p><a href=\"mailto:a.b-c_d@a.b\">a.b-c_d@a.b</a>.</p>\n"},
	    {"a.b-c_d@a.b-", "<p>a.b-c_d@a.b-</p>\n"},
	    /* after strikethrough and emphasis marks */
	    {"~~www.google.com~~",
	     "<p><del><a href=\"http://www.google.com\">www.google.com</a></del></p>\n"},
	    {"_ana@example.org_",
	     "<p><em><a href=\"mailto:ana@example.org\">ana@example.org</a></em></p>\n"},
	    /* balanced parentheses kept, an entity-like end left out */
	    {"www.google.com/search?q=(business))+ok",
	     "<p><a href=\"http://www.google.com/search?q=(business))+ok\">"
	     "www.google.com/search?q=(business))+ok</a></p>\n"},
	    {"www.google.com/search?q=commonmark&hl;",
	     "<p><a href=\"http://www.google.com/search?q=commonmark\">"
	     "www.google.com/search?q=commonmark</a>&amp;hl;</p>\n"},
	    {"mailto:a.b-c_d@a.b/",
	     "<p><a href=\"mailto:a.b-c_d@a.b\">mailto:a.b-c_d@a.b</a>/</p>\n"},
	    {"xmpp:foo@bar.baz.", "<p><a href=\"xmpp:foo@bar.baz\">xmpp:foo@bar.baz</a>.</p>\n"},
	    /* news copy: closing quotation marks are not part of a URL */
	    {"\xe2\x80\x9chttp://example.org/a\xe2\x80\x9d",
	     "<p>\xe2\x80\x9c<a "
	     "href=\"http://example.org/a\">http://example.org/a</a>\xe2\x80\x9d</p>\n"},
	    /* linkify-it's bare hosts, which GFM leaves as text */
	    {"visit cities.org/news today",
	     "<p>visit <a href=\"http://cities.org/news\">cities.org/news</a> today</p>\n"},
	    /* the same URL twice: two links */
	    {"www.a.org or www.a.org", "<p><a href=\"http://www.a.org\">www.a.org</a> or <a "
	                               "href=\"http://www.a.org\">www.a.org</a></p>\n"},
	    /* not inside code or links */
	    {"`www.a.org` [www.b.org](http://c.org)",
	     "<p><code>www.a.org</code> <a href=\"http://c.org\">www.b.org</a></p>\n"},
	    /* the text of a link also written before it, not as a link */
	    {"@www.a.org, then www.a.org",
	     "<p>@www.a.org, then <a href=\"http://www.a.org\">www.a.org</a></p>\n"},
	};
	lede_buf b = LEDE_BUF_INIT;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		CHECK_STR(html(cases[i][0], &b), cases[i][1]);
	lede_buf_free(&b);
}

/* Every Link under n made for a bare link, in document order. */
static size_t bare_links(lede_node *n, lede_node **out, size_t cap)
{
	size_t k = 0;
	for (lede_node *c = n->first; c; c = c->next) {
		if (c->type == LEDE_NODE_LINK && c->title && !c->title[0] && c->first &&
		    c->first->type == LEDE_NODE_TEXT && k < cap)
			out[k++] = c;
		k += bare_links(c, out + k, cap - k);
	}
	return k;
}

/* The tree's Links and the extraction's bare links are the same, place
 * for place; a URL the tree cuts (emphasis, an escape) is neither. */
static void tree_matches_extraction(void)
{
	const char *md = "Intro www.a.org, then *mail ana@example.org* and\n"
	                 "  a second line with http://b.org/x.\n"
	                 "\n"
	                 "> quoted www.c.org\n"
	                 "\n"
	                 "- item www.d.org\n"
	                 "\n"
	                 "| col | x |\n"
	                 "|---|---|\n"
	                 "| www.e.org | www.f.org |\n"
	                 "\n"
	                 "Cut http://g.org/*a*b and http://h.org/a\\_b, not links.\n"
	                 "\n"
	                 "A note[^1].\n"
	                 "\n"
	                 "[^1]: see www.i.org\n"
	                 "\n"
	                 "Last www.j.org.\n";
	parsed p = parse(md);
	lede_node *nodes[32];
	size_t n = bare_links(p.root, nodes, 32);
	static const char *const want[] = {
	    "http://www.a.org", "mailto:ana@example.org", "http://b.org/x",
	    "http://www.c.org", "http://www.d.org",       "http://www.e.org",
	    "http://www.f.org", "http://www.j.org",       "http://www.i.org"};
	CHECK_INT(n, sizeof want / sizeof *want);
	size_t nb = 0;
	for (size_t i = 0; i < p.x.nlinks; i++) {
		const lede_link *l = &p.x.links[i];
		if (strcmp(l->kind, "url") && strcmp(l->kind, "email"))
			continue;
		/* the node made for it: same URL, same line and column */
		int line = 1, col = 1;
		for (size_t k = 0; k < l->start; k++, col++)
			if (md[k] == '\n')
				line++, col = 0;
		bool found = false;
		for (size_t j = 0; j < n; j++)
			if (!strcmp(nodes[j]->url, l->url) && nodes[j]->line == line &&
			    nodes[j]->column == col)
				found = true;
		if (!found)
			fprintf(stderr, "  no Link node for %s at %d:%d\n", l->url, line, col);
		CHECK(found);
		nb++;
	}
	CHECK_INT(nb, n);
	for (size_t j = 0; j < n && j < sizeof want / sizeof *want; j++)
		CHECK_STR(nodes[j]->url, want[j]);
	lede_arena_free(p.a);
}

/* A URL the tree cannot show costs a search of its own line only: a long
 * paragraph of them still links every good one (a search to the block's
 * end each time would run out of the search budget after a few dozen). */
static void unplaced_links_stay_cheap(void)
{
	enum { N = 20000 };
	lede_buf md = LEDE_BUF_INIT;
	for (int i = 0; i < N; i++)
		lede_buf_puts(&md, "http://a.org/*x*y www.b.org\n");
	parsed p = parse(lede_buf_cstr(&md));
	CHECK_INT(p.x.nlinks, N);
	size_t n = 0;
	for (lede_node *c = p.root->first ? p.root->first->first : NULL; c; c = c->next)
		n += c->type == LEDE_NODE_LINK;
	CHECK_INT(n, N);
	lede_arena_free(p.a);
	lede_buf_free(&md);
}

int main(void)
{
	lede_error err;
	lede_markdown_init();
	lede_extractor *x = lede_extractor_new(&err);
	if (!x) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	C = lede_extract_ctx_new(x);
	RUN(gfm_rules);
	RUN(tree_matches_extraction);
	RUN(unplaced_links_stay_cheap);
	lede_extract_ctx_free(C);
	lede_extractor_free(x);
	DONE();
}
