/* linkcheck_http.c: the external side of the link check (lede check
 * --links): every URL asked once with libcurl's multi interface, a few at
 * a time, HEAD first and GET when the server does not do HEAD; answers
 * kept in a cache file in the site folder so the next check asks only
 * what it has not seen answer lately. */
#include "linkcheck.h"

#include "dl.h"
#include "lede.h"
#include "output.h"

/* the functions, not the type-checking macros of the same names: they are
 * called through the table below */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* libcurl, loaded when the first external link is asked (dl.h): every
 * other lede command starts without it and the libraries it brings. The
 * soname is the one lede was linked against at build time (core/Makefile). */
#ifndef LEDE_CURL_SONAME
#define LEDE_CURL_SONAME "libcurl.so.4"
#endif
#define CURL_FUNCTIONS(X, t)                                                                       \
	X(t, curl_easy_cleanup)                                                                    \
	X(t, curl_global_cleanup)                                                                  \
	X(t, curl_easy_getinfo)                                                                    \
	X(t, curl_easy_init)                                                                       \
	X(t, curl_easy_setopt)                                                                     \
	X(t, curl_easy_strerror)                                                                   \
	X(t, curl_global_init)                                                                     \
	X(t, curl_multi_add_handle)                                                                \
	X(t, curl_multi_cleanup)                                                                   \
	X(t, curl_multi_info_read)                                                                 \
	X(t, curl_multi_init)                                                                      \
	X(t, curl_multi_perform)                                                                   \
	X(t, curl_multi_poll)                                                                      \
	X(t, curl_multi_remove_handle)

static LEDE_DL_TABLE(CURL_FUNCTIONS) lc;
static pthread_once_t lc_once = PTHREAD_ONCE_INIT;

static void stop_curl(void) { lc.curl_global_cleanup(); }

static void load_curl(void)
{
	LEDE_DL_LOAD(lc, CURL_FUNCTIONS, LEDE_CURL_SONAME, "libcurl",
	             "checking external links needs libcurl: install it (Debian: apt-get install "
	             "libcurl4)");
	/* once, before any thread of its own (not thread-safe in older
	 * versions), and cleaned up as the process ends */
	if (!lc.why[0] && lc.curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK)
		atexit(stop_curl);
}

/* One line of the cache: "URL\tWHEN\tSTATUS" (WHEN in seconds since the
 * epoch; STATUS the HTTP status of the last answer). Only answers below
 * 400 are trusted; the others are asked again every time. */
typedef struct entry {
	char *url;
	double when;
	long status;
} entry;

typedef struct cache {
	entry *v;
	size_t n;
} cache;

static void cache_read(const char *path, cache *c)
{
	size_t len;
	char *text = path ? lede_read_file(path, &len) : NULL;
	if (!text)
		return;
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char *t1 = strchr(line, '\t');
		char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (!t2)
			continue; /* not a line of ours: dropped */
		*t1 = *t2 = '\0';
		c->v = lede_xrealloc(c->v, (c->n + 1) * sizeof *c->v);
		c->v[c->n++] =
		    (entry){lede_xstrdup(line), strtod(t1 + 1, NULL), strtol(t2 + 1, NULL, 10)};
	}
	free(text);
}

static entry *cache_find(cache *c, const char *url)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->v[i].url, url))
			return &c->v[i];
	return NULL;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const entry *)a)->url, ((const entry *)b)->url);
}

/* Writes the entries still fresh, sorted, to a temporary file renamed over
 * the cache. */
static void cache_write(const char *path, cache *c, double now, double keep)
{
	qsort(c->v, c->n, sizeof *c->v, cmp_entry);
	lede_buf b = LEDE_BUF_INIT;
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].status > 0 && now - c->v[i].when < keep)
			lede_buf_printf(&b, "%s\t%.0f\t%ld\n", c->v[i].url, c->v[i].when,
			                c->v[i].status);
	lede_buf tmp = LEDE_BUF_INIT;
	lede_buf_printf(&tmp, "%s.tmp-XXXXXX", path);
	int fd = mkstemp(tmp.data);
	if (fd >= 0) {
		bool ok = write(fd, b.data ? b.data : "", b.len) == (ssize_t)b.len;
		ok = fchmod(fd, 0644) == 0 && ok;
		ok = close(fd) == 0 && ok;
		if (!ok || rename(tmp.data, path) != 0)
			unlink(tmp.data);
	}
	lede_buf_free(&tmp);
	lede_buf_free(&b);
}

static size_t discard(char *p, size_t size, size_t n, void *ud)
{
	(void)p;
	(void)ud;
	return size * n;
}

static CURL *request(const char *url, const lede_linkcheck_http *h, bool get, size_t i)
{
	CURL *c = lc.curl_easy_init();
	if (!c)
		return NULL;
	lc.curl_easy_setopt(c, CURLOPT_URL, url);
	lc.curl_easy_setopt(c, CURLOPT_PRIVATE, (void *)(uintptr_t)(i * 2 + get));
	lc.curl_easy_setopt(c, CURLOPT_NOBODY, get ? 0L : 1L);
	if (get)
		lc.curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	lc.curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	lc.curl_easy_setopt(c, CURLOPT_MAXREDIRS, (long)h->redirects);
	lc.curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)(h->timeout * 1000));
	lc.curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	lc.curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	lc.curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	lc.curl_easy_setopt(c, CURLOPT_USERAGENT, "lede/" LEDE_VERSION_STRING " (link check)");
	lc.curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	return c;
}

static char *describe(CURLcode rc, long status, const lede_linkcheck_http *h)
{
	lede_buf b = LEDE_BUF_INIT;
	if (rc == CURLE_OPERATION_TIMEDOUT)
		lede_buf_printf(&b, "no answer within %g s", h->timeout);
	else if (rc == CURLE_TOO_MANY_REDIRECTS)
		lede_buf_printf(&b, "more than %d redirects", h->redirects);
	else if (rc != CURLE_OK)
		lede_buf_printf(&b, "%s", lc.curl_easy_strerror(rc));
	else
		lede_buf_printf(&b, "the server answered %ld", status);
	return lede_buf_detach(&b, NULL);
}

int lede_http_check(const char *const *urls, size_t n, const lede_linkcheck_http *h,
                    signed char *ok, char **why, const char **cannot)
{
	if (!n)
		return 0; /* no external link: the cache stays as it is */
	pthread_once(&lc_once, load_curl);
	if (lc.why[0]) { /* nothing can be asked */
		*cannot = lc.why;
		return -1;
	}
	cache c = {0};
	cache_read(h->cache, &c);
	CURLM *m = lc.curl_multi_init();
	int limit = h->concurrency > 0 ? h->concurrency : 8, active = 0, asked = 0;
	size_t next = 0;
	while (next < n || active > 0) {
		while (active < limit && next < n) {
			size_t i = next++;
			ok[i] = 0;
			why[i] = NULL;
			entry *en = cache_find(&c, urls[i]);
			if (en && en->status > 0 && en->status < 400 &&
			    h->now - en->when < h->cache_seconds) {
				ok[i] = 1;
				continue;
			}
			CURL *e = request(urls[i], h, false, i);
			if (e && lc.curl_multi_add_handle(m, e) == CURLM_OK) {
				active++;
				asked++;
			} else {
				ok[i] = -1;
				why[i] = lede_xstrdup("cannot make the request");
				if (e)
					lc.curl_easy_cleanup(e);
			}
		}
		int running = 0;
		lc.curl_multi_perform(m, &running);
		CURLMsg *msg;
		int left;
		while ((msg = lc.curl_multi_info_read(m, &left))) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			CURL *e = msg->easy_handle;
			CURLcode rc = msg->data.result;
			void *priv = NULL;
			long status = 0;
			lc.curl_easy_getinfo(e, CURLINFO_PRIVATE, &priv);
			lc.curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
			size_t i = (size_t)(uintptr_t)priv / 2;
			bool was_get = (uintptr_t)priv % 2;
			lc.curl_multi_remove_handle(m, e);
			lc.curl_easy_cleanup(e);
			active--;
			if (rc == CURLE_OK && !was_get && (status == 405 || status == 501)) {
				/* no HEAD here: ask again with GET */
				CURL *g = request(urls[i], h, true, i);
				if (g && lc.curl_multi_add_handle(m, g) == CURLM_OK) {
					active++;
					asked++;
					continue;
				}
				if (g)
					lc.curl_easy_cleanup(g);
			}
			bool good = rc == CURLE_OK && status < 400;
			ok[i] = good ? 1 : -1;
			why[i] = good ? NULL : describe(rc, status, h);
			entry *en = cache_find(&c, urls[i]);
			if (!en) {
				c.v = lede_xrealloc(c.v, (c.n + 1) * sizeof *c.v);
				en = &c.v[c.n++];
				en->url = lede_xstrdup(urls[i]);
			}
			en->when = h->now;
			en->status = rc == CURLE_OK ? status : 0;
		}
		if (active > 0)
			lc.curl_multi_poll(m, NULL, 0, 100, NULL);
	}
	lc.curl_multi_cleanup(m);
	if (h->cache)
		cache_write(h->cache, &c, h->now, h->cache_seconds);
	for (size_t i = 0; i < c.n; i++)
		free(c.v[i].url);
	free(c.v);
	return asked;
}
