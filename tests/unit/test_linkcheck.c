/* test_linkcheck.c: the link check's scanner, URL resolution and report
 * (core/linkcheck.c). */
#include "harness.h"
#include "linkcheck.h"

#include <stdlib.h>

typedef struct seen {
	lede_buf links, ids;
} seen;

static void collect(void *ud, const char *url, size_t len, bool is_id)
{
	seen *s = ud;
	lede_buf *b = is_id ? &s->ids : &s->links;
	lede_buf_put(b, url, len);
	lede_buf_putc(b, '|');
}

static void scan(char kind, const char *text, const char *links, const char *ids)
{
	seen s = {LEDE_BUF_INIT, LEDE_BUF_INIT};
	lede_linkcheck_scan(kind, text, strlen(text), collect, &s);
	CHECK_STR(lede_buf_cstr(&s.links), links);
	CHECK_STR(lede_buf_cstr(&s.ids), ids);
	lede_buf_free(&s.links);
	lede_buf_free(&s.ids);
}

static void test_scan_html(void)
{
	scan('h',
	     "<!doctype html><html><head><link rel=stylesheet href=../style.css>"
	     "<meta name=description content=\"http is not a link here\">"
	     "<meta property=og:url content='https://x.org/a/'>"
	     "<script>var s = '<a href=\"no.html\">';</script>"
	     "<script type=\"application/ld+json\">{\"url\": \"https:\\/\\/x.org\\/b\\/\", "
	     "\"name\": \"url\"}</script>"
	     "<style>a[href='no2.html'] {}</style></head>"
	     "<body><!-- <a href=\"no3.html\"> --><h2 id=\"top-story\">T</h2>"
	     "<p>a href=&quot;no4.html&quot; and 'href=no5.html'</p>"
	     "<a HREF=\"a.html?x=1&amp;y=2#f\" title=\"&lt;\">x</a><a name=old>"
	     "<img src=\"i.jpg\" srcset=\"i-480.jpg 480w, i-960.jpg 960w,i2.jpg\" alt=\"\"/>"
	     "<video poster='p.png'></video></body></html>",
	     "../style.css|https://x.org/a/|a.html?x=1&y=2#f|i.jpg|i-480.jpg|"
	     "i-960.jpg|i2.jpg|p.png|",
	     "top-story|old|");
}

static void test_scan_feeds(void)
{
	scan('x',
	     "<?xml version=\"1.0\"?><rss><channel><link>https://x.org/</link>"
	     "<atom:link rel=\"self\" href=\"https://x.org/feed.rss\"/>"
	     "<item><link> https://x.org/a/ </link><guid "
	     "isPermaLink=\"false\">https://x.org/no</guid>"
	     "<description>&lt;a href=&quot;no.html&quot;&gt;</description>"
	     "<content:encoded><![CDATA[<a href=\"no2.html\">]]></content:encoded></item>"
	     "<url>\n  <loc>https://x.org/c/?a=1&amp;b=2</loc></url></channel></rss>",
	     "https://x.org/|https://x.org/feed.rss|https://x.org/a/|https://x.org/c/?a=1&b=2|",
	     "");
	scan('j',
	     "{\"home_page_url\": \"https://x.org/\", \"title\": \"url\", \"items\": [{\"id\": "
	     "\"1\","
	     " \"url\": \"https://x.org/a\\u00e9/\", \"content_html\": \"<a "
	     "href=\\\"no.html\\\">\\\"url\\\": \\\"x\\\"\","
	     " \"image\": {\"url\": \"i.png\"}, \"external_url\": 3}]}",
	     "https://x.org/|https://x.org/a\xc3\xa9/|i.png|", "");
}

static void resolve(const lede_linkcheck *lc, const char *page, const char *url,
                    lede_link_kind kind, const char *target, const char *frag)
{
	lede_buf t = LEDE_BUF_INIT, f = LEDE_BUF_INIT;
	lede_link_kind k = lede_linkcheck_resolve(lc, page, url, strlen(url), &t, &f);
	CHECK_INT(k, kind);
	if (target)
		CHECK_STR(lede_buf_cstr(&t), target);
	if (frag)
		CHECK_STR(lede_buf_cstr(&f), frag);
	if (k != kind || (target && strcmp(lede_buf_cstr(&t), target)))
		fprintf(stderr, "  (for '%s' on %s)\n", url, page);
	lede_buf_free(&t);
	lede_buf_free(&f);
}

static void test_resolve(void)
{
	lede_linkcheck *lc = lede_linkcheck_new("https://News.example.org", false);
	const char *pg = "en/news/a/index.html";
	resolve(lc, pg, "../b/", LEDE_LINK_INTERNAL, "en/news/b/index.html", "");
	resolve(lc, pg, "../../../index.html", LEDE_LINK_INTERNAL, "index.html", "");
	resolve(lc, pg, "../../../../x.html", LEDE_LINK_OUTSIDE, NULL, NULL);
	resolve(lc, pg, "./img/a%20b.jpg?v=2#x%20y", LEDE_LINK_INTERNAL, "en/news/a/img/a b.jpg",
	        "x y");
	resolve(lc, pg, "/tags/x/", LEDE_LINK_INTERNAL, "tags/x/index.html", "");
	resolve(lc, pg, "/", LEDE_LINK_INTERNAL, "index.html", "");
	resolve(lc, pg, "https://news.example.org", LEDE_LINK_INTERNAL, "index.html", "");
	resolve(lc, pg, "HTTPS://news.EXAMPLE.org/fr/a/#top", LEDE_LINK_INTERNAL, "fr/a/index.html",
	        "top");
	resolve(lc, pg, "//news.example.org/feed.atom", LEDE_LINK_INTERNAL, "feed.atom", "");
	resolve(lc, pg, "https://news.example.org.evil.com/", LEDE_LINK_EXTERNAL,
	        "https://news.example.org.evil.com/", NULL);
	resolve(lc, pg, "http://news.example.org:8080/x", LEDE_LINK_EXTERNAL, NULL, NULL);
	resolve(lc, pg, "//cdn.example.com/a.js", LEDE_LINK_EXTERNAL,
	        "https://cdn.example.com/a.js", NULL);
	resolve(lc, pg, "https://example.com/a#b", LEDE_LINK_EXTERNAL, "https://example.com/a",
	        "b");
	resolve(lc, pg, "#notes", LEDE_LINK_SELF, "", "notes");
	resolve(lc, pg, " ", LEDE_LINK_SELF, "", "");
	resolve(lc, pg, "mailto:a@b.org", LEDE_LINK_SKIP, NULL, NULL);
	resolve(lc, pg, "data:image/png;base64,xx", LEDE_LINK_SKIP, NULL, NULL);
	resolve(lc, pg, "javascript:void(0)", LEDE_LINK_SKIP, NULL, NULL);
	resolve(lc, pg, "tel:+3312", LEDE_LINK_SKIP, NULL, NULL);
	lede_linkcheck_free(lc);
	/* a site under a path: root-relative links outside it are not ours */
	lc = lede_linkcheck_new("https://example.org/news/", false);
	resolve(lc, "index.html", "/news/a/", LEDE_LINK_INTERNAL, "a/index.html", "");
	resolve(lc, "index.html", "/news", LEDE_LINK_INTERNAL, "index.html", "");
	resolve(lc, "index.html", "https://example.org/news/b.html", LEDE_LINK_INTERNAL, "b.html",
	        "");
	resolve(lc, "index.html", "/shop/", LEDE_LINK_SKIP, NULL, NULL);
	resolve(lc, "index.html", "https://example.org/shop/", LEDE_LINK_SKIP, NULL, NULL);
	lede_linkcheck_free(lc);
	/* no base_url: absolute URLs are all external */
	lc = lede_linkcheck_new("", false);
	resolve(lc, "a/b.html", "/c.html", LEDE_LINK_INTERNAL, "c.html", "");
	resolve(lc, "a/b.html", "https://x.org/", LEDE_LINK_EXTERNAL, NULL, NULL);
	lede_linkcheck_free(lc);
}

typedef struct reports {
	lede_buf b;
} reports;

static void on_report(void *ud, const char *file, int line, int col, const char *msg)
{
	reports *r = ud;
	if (line > 0)
		lede_buf_printf(&r->b, "%s:%d:%d: %s\n", file, line, col, msg);
	else
		lede_buf_printf(&r->b, "%s: %s\n", file, msg);
}

static bool on_disk(void *ud, const char *rel)
{
	(void)ud;
	return !strcmp(rel, "user.html");
}

/* Pages written in any order report in article order, each broken link
 * of the Markdown at its line, the others once per template. */
static void test_report(void)
{
	lede_linkcheck *lc = lede_linkcheck_new("https://x.org", false);
	const char *src_b = "---\ntitle: B\n---\n\nSee [gone](../gone/) and\n[here](#nope), "
	                    "[out](../../../x) [fine](../a/).\n";
	lede_extraction xb = {0};
	lede_link lb[] = {
	    {.url = "../gone/"}, {.url = "#nope"}, {.url = "../../../x"}, {.url = "../a/"}};
	lb[0].start = (size_t)(strstr(src_b, "[gone]") - src_b);
	lb[1].start = (size_t)(strstr(src_b, "[here]") - src_b);
	lb[2].start = (size_t)(strstr(src_b, "[out]") - src_b);
	lb[3].start = (size_t)(strstr(src_b, "[fine]") - src_b);
	xb.links = lb;
	xb.nlinks = 4;
	lede_link_origin ob = {.article = "content/b.md",
	                       .order = 1,
	                       .source = src_b,
	                       .links = &xb,
	                       .maker = "templates/article.mustache"};
	lede_link_origin oa = {.article = "content/a.md",
	                       .order = 0,
	                       .source = "",
	                       .links = NULL,
	                       .maker = "templates/article.mustache"};
	lede_link_origin oi = {.article = NULL,
	                       .order = 0,
	                       .source = NULL,
	                       .links = NULL,
	                       .maker = "templates/index.mustache"};
	const char *page_b = "<a href=\"../../about/\">About</a><a href=\"../gone/\">gone</a>"
	                     "<a href=\"#nope\">here</a><a href=\"../../../x\">out</a>"
	                     "<a href=\"../a/\">fine</a><a href=\"../../user.html\">u</a>";
	const char *page_a = "<a href=\"../../about/\">About</a><a href=\"../b/#x\" id=y>b</a>"
	                     "<a href=\"#y\">y</a><a href=\"../../feed.atom\">f</a>";
	const char *index =
	    "<a href=\"about/\">About</a><a href=\"n/a/\">a</a><a href=\"n/b/\">b</a>"
	    "<a href=\"page/2/\">next</a><img src=\"style\">";
	lede_linkcheck_page(lc, "n/b/index.html", page_b, strlen(page_b), &ob);
	lede_linkcheck_page(lc, "index.html", index, strlen(index), &oi);
	lede_linkcheck_page(lc, "n/a/index.html", page_a, strlen(page_a), &oa);
	lede_linkcheck_file(lc, "feed.atom");
	lede_linkcheck_file(lc, "style/index.html");
	reports r = {LEDE_BUF_INIT};
	CHECK_INT(lede_linkcheck_report(lc, on_disk, NULL, on_report, &r), 6);
	CHECK_STR(
	    lede_buf_cstr(&r.b),
	    "content/b.md:5:5: broken link to '../gone/': no file n/gone/index.html in the site "
	    "(on n/b/index.html)\n"
	    "content/b.md:6:1: broken link to '#nope': no id 'nope' on the page (on "
	    "n/b/index.html)\n"
	    "content/b.md:6:16: broken link to '../../../x': it leads out of the site's folder "
	    "(on n/b/index.html)\n"
	    "templates/article.mustache: broken link to '../../about/': no file about/index.html "
	    "in the site (on n/a/index.html, the page of content/a.md, and 1 other page)\n"
	    "templates/index.mustache: broken link to 'about/': no file about/index.html in the "
	    "site (on index.html)\n"
	    "templates/index.mustache: broken link to 'page/2/': no file page/2/index.html in "
	    "the site (on index.html)\n");
	lede_buf_free(&r.b);
	lede_linkcheck_free(lc);
}

/* A page reused by a later build gives the check, from what was kept of
 * it, what scanning it again would: the same messages, in the same
 * order, with the same lines and makers. */
static void test_replay(void)
{
	const char *src_b = "---\ntitle: B\n---\n\nSee [gone](../gone/) and\n[here](#nope).\n";
	lede_extraction xb = {0};
	lede_link lb[] = {{.url = "../gone/"}, {.url = "#nope"}};
	lb[0].start = (size_t)(strstr(src_b, "[gone]") - src_b);
	lb[1].start = (size_t)(strstr(src_b, "[here]") - src_b);
	xb.links = lb;
	xb.nlinks = 2;
	lede_link_origin ob = {.article = "content/b.md",
	                       .order = 1,
	                       .source = src_b,
	                       .links = &xb,
	                       .maker = "templates/article.mustache"};
	lede_link_origin oa = {
	    .article = "content/a.md", .order = 0, .source = "", .links = NULL, .maker = NULL};
	lede_link_origin oi = {.article = NULL,
	                       .order = 0,
	                       .source = NULL,
	                       .links = NULL,
	                       .maker = "templates/index.mustache"};
	const char *page_b = "<a href=\"../../about/\">About</a><a href=\"../gone/\">gone</a>"
	                     "<a href=\"#nope\">here</a><a href=\"../a/\">a</a><p id=ok>"
	                     "<a href=\"#ok\">ok</a>";
	/* a backslash and a newline in a link as written */
	const char *page_a = "<a href=\"../../about/\">About</a><a href=\"../x\\y&#10;z\">x</a>";
	const char *index = "<a href=\"about/\">About</a><a href=\"n/a/\">a</a>";
	const char *rels[] = {"n/b/index.html", "n/a/index.html", "index.html"};
	const char *pages[] = {page_b, page_a, index};
	const lede_link_origin *origins[] = {&ob, &oa, &oi};
	lede_linkcheck *lc = lede_linkcheck_new("https://x.org", false);
	lede_buf kept[3] = {LEDE_BUF_INIT, LEDE_BUF_INIT, LEDE_BUF_INIT};
	for (int i = 0; i < 3; i++)
		lede_linkcheck_page_kept(lc, rels[i], pages[i], strlen(pages[i]), origins[i],
		                         &kept[i]);
	reports made = {LEDE_BUF_INIT};
	CHECK_INT(lede_linkcheck_report(lc, NULL, NULL, on_report, &made), 6);
	lede_linkcheck_free(lc);
	/* the next build: the index made again, the articles' pages reused
	 * (in another order), with only their article and place known */
	lc = lede_linkcheck_new("https://x.org", false);
	lede_link_origin rb = {
	    .article = "content/b.md", .order = 1, .source = NULL, .links = NULL, .maker = NULL};
	lede_link_origin ra = {
	    .article = "content/a.md", .order = 0, .source = NULL, .links = NULL, .maker = NULL};
	CHECK_INT(lede_linkcheck_replay(lc, rels[1], kept[1].data, kept[1].len, &ra), 0);
	lede_linkcheck_page(lc, rels[2], index, strlen(index), &oi);
	CHECK_INT(lede_linkcheck_replay(lc, rels[0], kept[0].data, kept[0].len, &rb), 0);
	reports reused = {LEDE_BUF_INIT};
	CHECK_INT(lede_linkcheck_report(lc, NULL, NULL, on_report, &reused), 6);
	CHECK_STR(lede_buf_cstr(&reused.b), lede_buf_cstr(&made.b));
	CHECK(strstr(lede_buf_cstr(&made.b), "content/b.md:6:1: broken link to '#nope'") != NULL);
	CHECK(strstr(lede_buf_cstr(&made.b), "'../x\\y\nz'") != NULL);
	/* not text lede kept: refused */
	CHECK_INT(lede_linkcheck_replay(lc, "n/c/index.html", "x 1 2 a\n", 8, &rb), -1);
	lede_linkcheck_free(lc);
	for (int i = 0; i < 3; i++)
		lede_buf_free(&kept[i]);
	lede_buf_free(&made.b);
	lede_buf_free(&reused.b);
}

int main(void)
{
	RUN(test_scan_html);
	RUN(test_scan_feeds);
	RUN(test_resolve);
	RUN(test_report);
	RUN(test_replay);
	DONE();
}
