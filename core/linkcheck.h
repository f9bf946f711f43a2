/* linkcheck.h: the link check. While a build writes its pages and feeds,
 * each is scanned for links (href, src, srcset, poster, an internal
 * <meta content>, a feed's <link>/<loc>/<guid>, a JSON document's url
 * fields) by a small byte scanner; links whose target is not yet a file of
 * the build are kept, with where they came from (the article's source
 * line when the article's Markdown holds the link, else the template or
 * format that made the page). Once every file is known (collections,
 * static files, files kept from the last build), the kept links are
 * checked and the broken ones reported in a fixed order, so messages are
 * the same for every -j. `lede check --links` also gathers the external
 * links and checks them over HTTP (linkcheck_http.c). */
#ifndef LEDE_LINKCHECK_H
#define LEDE_LINKCHECK_H

#include "buf.h"
#include "extract.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct lede_linkcheck lede_linkcheck;

/* The external check's cache, in the site folder. */
#define LEDE_LINKCACHE ".lede-linkcache"

/* A link check for a site served at base_url ("" or NULL: only relative
 * and root-relative links are internal). external: also keep the external
 * (http, https) links for lede_linkcheck_external. Free with
 * lede_linkcheck_free. */
lede_linkcheck *lede_linkcheck_new(const char *base_url, bool external);
void lede_linkcheck_free(lede_linkcheck *lc);

/* Records rel (a path under the output folder) as a file of this build.
 * Thread-safe. */
void lede_linkcheck_file(lede_linkcheck *lc, const char *rel);

/* Where a page came from: the article it shows (NULL for a collection),
 * its place in path order (for the order of messages), its source text and
 * extracted links (to name the line of a link the Markdown holds), and
 * what else made it (a template or a format plugin, as messages name it). */
typedef struct lede_link_origin {
	const char *article;
	int order;
	const char *source;
	const lede_extraction *links;
	const char *maker;
	/* links the build rewrote (lede_article.rewrites): pairs, the URL as
	 * the extraction has it, then as the page holds it */
	const char *const *rewrites;
	size_t nrewrites;
} lede_link_origin;

/* Records rel as a file of this build and, when it is a page or a feed
 * (by its extension: .html .htm .xhtml, .xml .rss .atom, .json), scans
 * data for links. Thread-safe. */
void lede_linkcheck_page(lede_linkcheck *lc, const char *rel, const char *data, size_t len,
                         const lede_link_origin *o);
/* The same, and (kept not NULL) every link of the page that may be broken
 * (whatever files are known yet), with where it came from, appended to
 * kept as text (nothing when there is none): what a later build that
 * reuses the page unchanged gives lede_linkcheck_replay. */
void lede_linkcheck_page_kept(lede_linkcheck *lc, const char *rel, const char *data, size_t len,
                              const lede_link_origin *o, lede_buf *kept);
/* Records rel, a page this build reuses as an earlier build made it, and
 * its links as that build kept them (kept[0..len), from
 * lede_linkcheck_page_kept), as if the page had been scanned again with
 * origin o (its article and order; the maker and the links' lines come
 * from kept). 0, or -1 when kept is not such text (what could be read is
 * recorded). Thread-safe. */
int lede_linkcheck_replay(lede_linkcheck *lc, const char *rel, const char *kept, size_t len,
                          const lede_link_origin *o);

/* Whether rel is a file of the site (ud: the caller's). */
typedef bool (*lede_link_exists_fn)(void *ud, const char *rel);
/* Receives one message: file (and line, col when > 0) and text. */
typedef void (*lede_link_report_fn)(void *ud, const char *file, int line, int col, const char *msg);

/* Checks every kept internal link: a target counts as present when it
 * was recorded (lede_linkcheck_file) or exists says so; "dir/" means
 * "dir/index.html", and "dir" is accepted when "dir/index.html" is there.
 * Reports each broken link, in article path order then page order: at
 * its source line when the article's Markdown holds it, else once per
 * maker and link as written, with the number of pages. Returns the number
 * of messages. */
int lede_linkcheck_report(lede_linkcheck *lc, lede_link_exists_fn exists, void *eud,
                          lede_link_report_fn report, void *rud);

/* The page of the article whose source is `article` nearest the page
 * `from` (both from the site's root; one of from's outlet first; from is a
 * page of the article at `from_article`), into *rel; false when it has
 * none. A web page (.html) names web pages only: true with *rel empty
 * when the article has pages but none such (its newsletter text, its
 * wire item). */
typedef bool (*lede_link_page_fn)(void *ud, const char *from, const char *from_article,
                                  const char *article, lede_buf *rel);
/* Where a broken link on an article's page names another article's
 * source (`other.md`, from the article's folder), the report names that
 * article's page, found through fn (by default, among the pages the
 * check read: a build that reuses pages knows more, from its state). */
void lede_linkcheck_set_pages(lede_linkcheck *lc, lede_link_page_fn fn, void *ud);

/* The external check (lede check --links). */
typedef struct lede_linkcheck_http {
	double timeout;       /* seconds per request (default 10) */
	int concurrency;      /* requests at once (default 8) */
	int redirects;        /* redirects followed (default 5) */
	const char *cache;    /* the cache file, NULL: none */
	double cache_seconds; /* how long a good answer is trusted (default a day) */
	double now;           /* the time (seconds since the epoch) */
} lede_linkcheck_http;

/* Checks the external links kept (HEAD, then GET when the server answers
 * 405 or 501), reading and updating the cache; reports 4xx, 5xx, timeouts
 * and connection failures at each link's origin. Returns the number of
 * messages; -1 when no link could be asked, *cannot then saying why. */
int lede_linkcheck_external(lede_linkcheck *lc, const lede_linkcheck_http *h,
                            lede_link_report_fn report, void *rud, const char **cannot);

/* linkcheck_http.c: checks urls[0..n) (HEAD, then GET on 405 or 501,
 * redirects followed up to h->redirects, h->concurrency at once); a URL
 * the cache saw answer within h->cache_seconds is not asked again. Sets
 * ok[i] (1 answered, -1 broken) and why[i] (malloc'd, NULL when ok): "the
 * server answered 404", "no answer within 10 s", ... Updates the cache.
 * Returns how many requests were made; -1 when none can be (libcurl
 * cannot be loaded), *cannot then saying why and what to install. */
int lede_http_check(const char *const *urls, size_t n, const lede_linkcheck_http *h,
                    signed char *ok, char **why, const char **cannot);

/* --- the pieces, for tests ------------------------------------------------ */

/* What a link is. */
typedef enum {
	LEDE_LINK_SKIP, /* not checked: mailto:, data:, another scheme, a path outside base_url */
	LEDE_LINK_INTERNAL, /* a file of the site */
	LEDE_LINK_SELF,     /* "#id" or "": this page */
	LEDE_LINK_EXTERNAL, /* http or https elsewhere */
	LEDE_LINK_OUTSIDE,  /* relative, but climbing above the site's root */
} lede_link_kind;

/* Resolves url (as written, entities already decoded) found in the page
 * at rel: for an internal link, the target's path under the output folder
 * in *target ("dir/" becomes "dir/index.html"; percent-encoding decoded;
 * "." and ".." resolved) and its fragment in *frag (without '#'). */
lede_link_kind lede_linkcheck_resolve(const lede_linkcheck *lc, const char *rel, const char *url,
                                      size_t len, lede_buf *target, lede_buf *frag);

/* Calls fn for every link the scanner finds in a page of the given kind
 * ('h' HTML, 'x' XML, 'j' JSON), with the URL decoded (entities, JSON
 * escapes); ids (id= and <a name=>) go to fn with is_id set. */
typedef void (*lede_link_fn)(void *ud, const char *url, size_t len, bool is_id);
void lede_linkcheck_scan(char kind, const char *data, size_t len, lede_link_fn fn, void *ud);

/* Gives fn (with ud) each page with a link kept whose target is not a
 * file is_file (with ud) says is there: a broken link, an external URL, a
 * target not the build's. Once every page is given. */
void lede_linkcheck_unclean(lede_linkcheck *lc, bool (*is_file)(void *, const char *), void *ud,
                            void (*fn)(void *, const char *));

/* --- the build's side (the engine glue) ------------------------------------ */

struct lede_engine;
struct lede_article;
/* Starts the build's link check when the site and the command line want
 * one (check_links in lede.yaml, --no-link-check). */
void lede_links_start(struct lede_engine *e);
/* A file the build wrote (outlet NULL: the site's own): recorded, and
 * scanned when it is a page or a feed. The origin is the article whose
 * page is being written (e->writing) and the template the page was made
 * with (e->cur_template) or the outlet's format. */
void lede_links_write(struct lede_engine *e, const char *rel, const char *data, size_t n,
                      const char *outlet);
/* The same with the origin given (maker: the template, or NULL; a: the
 * article, or NULL), reading nothing of e that its build changes: for a
 * thread that writes pages the main one made (collect.c). */
void lede_links_write_as(struct lede_engine *e, const char *rel, const char *data, size_t n,
                         const char *outlet, const char *maker, const struct lede_article *a);
/* A page the build reuses unchanged from the last one (reuse.h): recorded,
 * with the links the last build's check kept of it (lede_state_links).
 * article: the article whose page it is, order its place in path order;
 * NULL for a collection page. */
void lede_links_reuse(struct lede_engine *e, const char *rel, const char *article, int order);
/* The same, reporting nothing: 0, or -1 (errno set) when the links could
 * not be read back from the build state (then say so with
 * lede_links_unread, on the thread that owns e). Thread-safe. */
int lede_links_replay(struct lede_engine *e, const char *rel, const char *article, int order);
void lede_links_unread(struct lede_engine *e, const char *rel, int err);
/* A reused page whose links the last build found clean (see
 * lede_state_links_clean) is not read: lede_links_replay notes it. Once
 * every file of the build is known (before the commit, on the main
 * thread): when a file of the last build is gone, those pages' links are
 * read and replayed now; then the state learns which pages are not clean,
 * for the next manifest. */
void lede_links_settle(struct lede_engine *e);
/* A file the build made by other means (an image rendition, lede.write). */
void lede_links_file(struct lede_engine *e, const char *rel);
/* At the end of the build, before the state is freed: reports the broken
 * links (and, for lede check --links, the external ones), then ends the
 * check. */
void lede_links_finish(struct lede_engine *e);

#endif
