/* linkcheck_http.c: the external side of the link check (lede check
 * --links): every URL asked once with libcurl's multi interface, a few at
 * a time, HEAD first and GET when the server does not do HEAD; answers
 * kept in a cache file in the site folder so the next check asks only
 * what it has not seen answer lately. */
#include "linkcheck.h"

#include "lede.h"
#include "output.h"

#include <curl/curl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	CURL *c = curl_easy_init();
	if (!c)
		return NULL;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PRIVATE, (void *)(uintptr_t)(i * 2 + get));
	curl_easy_setopt(c, CURLOPT_NOBODY, get ? 0L : 1L);
	if (get)
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, (long)h->redirects);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)(h->timeout * 1000));
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_USERAGENT, "lede/" LEDE_VERSION_STRING " (link check)");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
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
		lede_buf_printf(&b, "%s", curl_easy_strerror(rc));
	else
		lede_buf_printf(&b, "the server answered %ld", status);
	return lede_buf_detach(&b, NULL);
}

int lede_http_check(const char *const *urls, size_t n, const lede_linkcheck_http *h,
                    signed char *ok, char **why)
{
	if (!n)
		return 0; /* no external link: the cache stays as it is */
	cache c = {0};
	cache_read(h->cache, &c);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	CURLM *m = curl_multi_init();
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
			if (e && curl_multi_add_handle(m, e) == CURLM_OK) {
				active++;
				asked++;
			} else {
				ok[i] = -1;
				why[i] = lede_xstrdup("cannot make the request");
				if (e)
					curl_easy_cleanup(e);
			}
		}
		int running = 0;
		curl_multi_perform(m, &running);
		CURLMsg *msg;
		int left;
		while ((msg = curl_multi_info_read(m, &left))) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			CURL *e = msg->easy_handle;
			CURLcode rc = msg->data.result;
			void *priv = NULL;
			long status = 0;
			curl_easy_getinfo(e, CURLINFO_PRIVATE, &priv);
			curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
			size_t i = (size_t)(uintptr_t)priv / 2;
			bool was_get = (uintptr_t)priv % 2;
			curl_multi_remove_handle(m, e);
			curl_easy_cleanup(e);
			active--;
			if (rc == CURLE_OK && !was_get && (status == 405 || status == 501)) {
				/* no HEAD here: ask again with GET */
				CURL *g = request(urls[i], h, true, i);
				if (g && curl_multi_add_handle(m, g) == CURLM_OK) {
					active++;
					asked++;
					continue;
				}
				if (g)
					curl_easy_cleanup(g);
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
			curl_multi_poll(m, NULL, 0, 100, NULL);
	}
	curl_multi_cleanup(m);
	curl_global_cleanup();
	if (h->cache)
		cache_write(h->cache, &c, h->now, h->cache_seconds);
	for (size_t i = 0; i < c.n; i++)
		free(c.v[i].url);
	free(c.v);
	return asked;
}
