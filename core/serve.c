/* serve.c: `lede serve`, a preview server (libmicrohttpd) over a build in
 * a temporary folder, rebuilt when a source changes (watch.c) with a fresh
 * engine each time. Pages it serves get a small script that listens to
 * /__lede/events (server-sent events) and reloads, or shows the build's
 * errors as an overlay; built files never hold that script. */
#define _GNU_SOURCE /* strsignal */
#include "serve.h"

#include "buf.h"
#include "dl.h"
#include "engine.h"
#include "escape.h"
#include "lede.h"
#include "watch.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* libmicrohttpd, loaded when `lede serve` starts (dl.h): every other
 * command starts without it and the libraries it brings. The soname is the
 * one lede was linked against at build time (core/Makefile). */
#ifndef LEDE_MHD_SONAME
#define LEDE_MHD_SONAME "libmicrohttpd.so.12"
#endif
#define MHD_FUNCTIONS(X, t)                                                                        \
	X(t, MHD_add_response_header)                                                              \
	X(t, MHD_create_response_from_buffer)                                                      \
	X(t, MHD_create_response_from_callback)                                                    \
	X(t, MHD_create_response_from_fd)                                                          \
	X(t, MHD_destroy_response)                                                                 \
	X(t, MHD_get_daemon_info)                                                                  \
	X(t, MHD_lookup_connection_value)                                                          \
	X(t, MHD_queue_response)                                                                   \
	X(t, MHD_start_daemon)                                                                     \
	X(t, MHD_stop_daemon)

static LEDE_DL_TABLE(MHD_FUNCTIONS) mhd;
static pthread_once_t mhd_once = PTHREAD_ONCE_INIT;

static void load_mhd(void)
{
	LEDE_DL_LOAD(mhd, MHD_FUNCTIONS, LEDE_MHD_SONAME, "libmicrohttpd",
	             "lede serve needs libmicrohttpd: install it (Debian: apt-get install "
	             "libmicrohttpd12)");
}

/* What the request threads share with the build loop; owned by
 * lede_serve_main's frame, guarded by mu. */
typedef struct serve {
	pthread_mutex_t mu;
	pthread_cond_t changed;
	char *dir;         /* the current build (a realpath), served from; NULL: none */
	unsigned long gen; /* bumped by every build */
	char *errors;      /* the last build's messages when it failed, else NULL */
	bool stopping;
	unsigned port; /* the port listened on (0 until known) */
	bool drafts;   /* --drafts (set before the server starts) */
} serve;

/* A percent sign that decodes to '/', '\\' or NUL poisons the whole path:
 * this byte cannot come from a URL otherwise (it is refused below). */
#define POISON '\x01'

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* libmicrohttpd's URL unescaper, replaced so that an encoded separator or
 * NUL is seen (the default one would decode %2F into a plain '/'). */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	char *out = s;
	for (const char *p = s; *p; p++) {
		int h, l;
		if (*p == '%' && (h = hexval(p[1])) >= 0 && (l = hexval(p[2])) >= 0) {
			char ch = (char)(h * 16 + l);
			*out++ =
			    (ch == '/' || ch == '\\' || ch == '\0' || ch == POISON) ? POISON : ch;
			p += 2;
		} else {
			*out++ = *p;
		}
	}
	*out = '\0';
	return (size_t)(out - s);
}

static const char *content_type(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
	    {".html", "text/html; charset=utf-8"},
	    {".htm", "text/html; charset=utf-8"},
	    {".css", "text/css; charset=utf-8"},
	    {".js", "text/javascript; charset=utf-8"},
	    {".mjs", "text/javascript; charset=utf-8"},
	    {".json", "application/json"},
	    {".xml", "application/xml"},
	    {".rss", "application/rss+xml"},
	    {".atom", "application/atom+xml"},
	    {".txt", "text/plain; charset=utf-8"},
	    {".md", "text/markdown; charset=utf-8"},
	    {".png", "image/png"},
	    {".jpg", "image/jpeg"},
	    {".jpeg", "image/jpeg"},
	    {".gif", "image/gif"},
	    {".svg", "image/svg+xml"},
	    {".webp", "image/webp"},
	    {".avif", "image/avif"},
	    {".ico", "image/vnd.microsoft.icon"},
	    {".woff2", "font/woff2"},
	    {".woff", "font/woff"},
	    {".pdf", "application/pdf"},
	};
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');
	if (dot)
		for (size_t i = 0; i < sizeof types / sizeof *types; i++)
			if (!strcasecmp(dot, types[i].ext))
				return types[i].type;
	return "application/octet-stream";
}

/* The live-reload script's tag, with the build generation the page comes
 * from: a script of the server's own (reload_js), not one inline, so that
 * a page whose Content-Security-Policy allows only scripts of its origin
 * ("script-src 'self'", as news sites often set) reloads too. */
static void reload_script(lede_buf *b, unsigned long gen)
{
	lede_buf_printf(
	    b, "<script id=\"__lede_reload\" src=\"/__lede/reload.js?gen=%lu\"></script>\n", gen);
}

/* text with the script inserted before the last </body> (or appended). */
static void inject(lede_buf *out, const char *text, size_t len, unsigned long gen)
{
	size_t at = len;
	for (size_t i = len; i-- > 0;)
		if (text[i] == '<' && len - i >= 7 && !strncasecmp(text + i, "</body>", 7)) {
			at = i;
			break;
		}
	lede_buf_put(out, text, at);
	reload_script(out, gen);
	lede_buf_put(out, text + at, len - at);
}

static enum MHD_Result send_buf(struct MHD_Connection *c, unsigned status, const char *type,
                                lede_buf *b)
{
	struct MHD_Response *r = mhd.MHD_create_response_from_buffer(
	    b->len, b->data ? b->data : (void *)"", MHD_RESPMEM_MUST_COPY);
	mhd.MHD_add_response_header(r, "Content-Type", type);
	mhd.MHD_add_response_header(r, "Cache-Control", "no-store");
	mhd.MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	enum MHD_Result ret = mhd.MHD_queue_response(c, status, r);
	mhd.MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned status, const char *msg)
{
	lede_buf b = LEDE_BUF_INIT;
	lede_buf_printf(&b, "%s\n", msg);
	enum MHD_Result ret = send_buf(c, status, "text/plain; charset=utf-8", &b);
	lede_buf_free(&b);
	return ret;
}

/* ---- server-sent events ---- */

/* Connections: how long one may stay silent before it is closed, in
 * seconds, and how many may be open; the event stream's keep-alive
 * comment comes well within the timeout. */
enum { CONN_TIMEOUT = 30, CONN_LIMIT = 2000, SSE_KEEPALIVE = 15 };

typedef struct {
	serve *s;
	unsigned long gen; /* the generation this client has seen */
	bool greeted;
	lede_buf pending;
	size_t off;
} sse;

/* One event, its id the build's generation (the page it reloads into
 * says the same), each line of data on its own "data:" line. A line ends at
 * "\r\n", "\r" or "\n", as the browser reads an event stream: a bare CR
 * in the data (a plugin's progress line on stderr) left there would end
 * a line the browser then read as a field, or end the event. */
static void sse_event(lede_buf *b, const char *name, unsigned long gen, const char *data)
{
	lede_buf_printf(b, "event: %s\nid: %lu\n", name, gen);
	do {
		size_t l = strcspn(data, "\r\n");
		lede_buf_puts(b, "data: ");
		lede_buf_put(b, data, l);
		lede_buf_putc(b, '\n');
		data += l;
		if (data[0] == '\r' && data[1] == '\n')
			data++;
	} while (*data && *++data);
	lede_buf_putc(b, '\n');
}

static ssize_t sse_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	sse *x = cls;
	serve *s = x->s;
	if (x->off >= x->pending.len) {
		lede_buf_reset(&x->pending);
		x->off = 0;
		pthread_mutex_lock(&s->mu);
		for (;;) {
			if (s->stopping) {
				pthread_mutex_unlock(&s->mu);
				return MHD_CONTENT_READER_END_OF_STREAM;
			}
			if (s->gen != x->gen || !x->greeted) {
				bool newer = s->gen != x->gen;
				x->gen = s->gen;
				x->greeted = true;
				if (s->errors)
					sse_event(&x->pending, "builderror", s->gen, s->errors);
				else if (newer)
					sse_event(&x->pending, "reload", s->gen, "");
				else
					lede_buf_puts(&x->pending, ": connected\n\n");
				break;
			}
			struct timespec until;
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += SSE_KEEPALIVE;
			if (pthread_cond_timedwait(&s->changed, &s->mu, &until) == ETIMEDOUT) {
				lede_buf_puts(&x->pending, ": keep-alive\n\n");
				break;
			}
		}
		pthread_mutex_unlock(&s->mu);
	}
	size_t n = x->pending.len - x->off;
	if (n > max)
		n = max;
	memcpy(buf, x->pending.data + x->off, n);
	x->off += n;
	return (ssize_t)n;
}

static void sse_free(void *cls)
{
	sse *x = cls;
	lede_buf_free(&x->pending);
	free(x);
}

static enum MHD_Result events(serve *s, struct MHD_Connection *c)
{
	sse *x = lede_xcalloc(1, sizeof *x);
	x->s = s;
	const char *g = mhd.MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "gen");
	pthread_mutex_lock(&s->mu);
	x->gen = g ? strtoul(g, NULL, 10) : s->gen;
	pthread_mutex_unlock(&s->mu);
	struct MHD_Response *r =
	    mhd.MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, sse_read, x, sse_free);
	mhd.MHD_add_response_header(r, "Content-Type", "text/event-stream");
	mhd.MHD_add_response_header(r, "Cache-Control", "no-store");
	enum MHD_Result ret = mhd.MHD_queue_response(c, MHD_HTTP_OK, r);
	mhd.MHD_destroy_response(r);
	return ret;
}

/* ---- files ---- */

/* The URL path is safe to join to the build folder: absolute, no "..",
 * no poisoned escape, no control byte. */
static bool safe_url(const char *url)
{
	if (url[0] != '/')
		return false;
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
			return false;
	for (const char *seg = url + 1; *seg;) {
		size_t l = strcspn(seg, "/");
		if (l == 2 && seg[0] == '.' && seg[1] == '.')
			return false;
		seg += l;
		if (*seg)
			seg++;
	}
	return true;
}

/* A file of lede's own that a build may leave in its output folder (the
 * build state .lede-manifest, a stage, the running mark): never a page.
 * rel is the path from the build folder's root. */
static bool lede_owned(const char *rel)
{
	for (const char *seg = rel; *seg;) {
		if (*seg == '/') {
			seg++;
			continue;
		}
		if (!strncmp(seg, ".lede-", 6))
			return true;
		seg += strcspn(seg, "/");
	}
	return false;
}

/* The decoded path of a redirect made into a Location: percent-encoded
 * again (a folder named "q?d" or "a b" must stay one path), its leading
 * slashes made one ("//en/" would be read as the host "en"). */
static void location(lede_buf *b, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	while (path[0] == '/' && path[1] == '/')
		path++;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-._~!$&'()*+,;=:@", *p))
			lede_buf_putc(b, (char)*p);
		else
			lede_buf_printf(b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
}

static enum MHD_Result not_found(serve *s, struct MHD_Connection *c, const char *url,
                                 unsigned long gen)
{
	lede_buf b = LEDE_BUF_INIT, page = LEDE_BUF_INIT;
	lede_buf_puts(
	    &b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Not found</title>"
	        "</head>\n<body><h1>Not found</h1>\n<p>lede serve: nothing is built at <code>");
	lede_escape_html(&b, url, strlen(url));
	lede_buf_puts(&b, "</code>. This page reloads when a build writes it.</p>\n<p>");
	/* (an editor previewing a story not yet public: why is it missing?) */
	if (!s->drafts)
		lede_buf_puts(&b,
		              "A draft (<code>draft: true</code>) is built only with <code>lede "
		              "serve --drafts</code>. ");
	lede_buf_puts(&b, "A story under embargo (<code>embargo:</code> a time to come) is "
	                  "built when its embargo lifts.</p>\n</body></html>\n");
	inject(&page, b.data, b.len, gen);
	enum MHD_Result ret = send_buf(c, MHD_HTTP_NOT_FOUND, "text/html; charset=utf-8", &page);
	lede_buf_free(&b);
	lede_buf_free(&page);
	return ret;
}

static enum MHD_Result file(serve *s, struct MHD_Connection *c, const char *url)
{
	if (!safe_url(url))
		return send_text(c, MHD_HTTP_FORBIDDEN,
		                 "lede serve: refused: the path leaves the site");
	pthread_mutex_lock(&s->mu);
	char *dir = s->dir ? lede_xstrdup(s->dir) : NULL;
	unsigned long gen = s->gen;
	pthread_mutex_unlock(&s->mu);
	if (!dir || lede_owned(url)) { /* !dir: nothing built yet, the configuration is broken */
		free(dir);
		return not_found(s, c, url, gen);
	}
	lede_buf path = LEDE_BUF_INIT;
	lede_buf_printf(&path, "%s%s", dir, url);
	enum MHD_Result ret;
	struct stat st;
	if (stat(path.data, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (url[strlen(url) - 1] != '/') {
			lede_buf loc = LEDE_BUF_INIT;
			location(&loc, url);
			lede_buf_putc(&loc, '/');
			struct MHD_Response *r = mhd.MHD_create_response_from_buffer(
			    0, (void *)"", MHD_RESPMEM_PERSISTENT);
			mhd.MHD_add_response_header(r, "Location", loc.data);
			ret = mhd.MHD_queue_response(c, MHD_HTTP_MOVED_PERMANENTLY, r);
			mhd.MHD_destroy_response(r);
			lede_buf_free(&loc);
			goto out;
		}
		lede_buf_puts(&path, "index.html");
	}
	/* Symbolic links may point anywhere: the resolved file must still be
	 * inside the build folder. */
	char real[PATH_MAX];
	size_t dl = strlen(dir);
	if (!realpath(path.data, real)) {
		ret = not_found(s, c, url, gen);
		goto out;
	}
	if (strncmp(real, dir, dl) || real[dl] != '/') {
		ret = send_text(c, MHD_HTTP_FORBIDDEN,
		                "lede serve: refused: the path leaves the site");
		goto out;
	}
	if (lede_owned(real + dl)) { /* reached through a symbolic link */
		ret = not_found(s, c, url, gen);
		goto out;
	}
	/* O_NONBLOCK: opening a FIFO for reading would wait for a writer,
	 * holding the connection's thread forever; only a regular file is
	 * sent (for one, the flag changes nothing). */
	int fd = open(real, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		ret = not_found(s, c, url, gen);
		goto out;
	}
	const char *type = content_type(real);
	if (!strncmp(type, "text/html", 9)) {
		lede_buf raw = LEDE_BUF_INIT, page = LEDE_BUF_INIT;
		char chunk[65536];
		ssize_t n;
		while ((n = read(fd, chunk, sizeof chunk)) > 0)
			lede_buf_put(&raw, chunk, (size_t)n);
		close(fd);
		inject(&page, raw.data ? raw.data : "", raw.len, gen);
		ret = send_buf(c, MHD_HTTP_OK, type, &page);
		lede_buf_free(&raw);
		lede_buf_free(&page);
		goto out;
	}
	struct MHD_Response *r = mhd.MHD_create_response_from_fd((uint64_t)st.st_size, fd);
	mhd.MHD_add_response_header(r, "Content-Type", type);
	mhd.MHD_add_response_header(r, "Cache-Control", "no-store");
	mhd.MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	ret = mhd.MHD_queue_response(c, MHD_HTTP_OK, r);
	mhd.MHD_destroy_response(r);
out:
	lede_buf_free(&path);
	free(dir);
	return ret;
}

/* An absolute-form target ("http://127.0.0.1:8080/x", which HTTP/1.1
 * says a server must accept) naming this server: its path; else url. */
static const char *origin_form(serve *s, const char *url)
{
	if (strncasecmp(url, "http://", 7))
		return url;
	const char *host = url + 7;
	size_t l = strcspn(host, "/");
	pthread_mutex_lock(&s->mu);
	unsigned port = s->port;
	pthread_mutex_unlock(&s->mu);
	static const char *const names[] = {"127.0.0.1", "localhost"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		char self[64];
		int n = snprintf(self, sizeof self, "%s:%u", names[i], port);
		if ((size_t)n == l && !strncasecmp(host, self, l))
			return host[l] ? host + l : "/";
		/* the default port may go unsaid */
		if (port == 80 && strlen(names[i]) == l && !strncasecmp(host, names[i], l))
			return host[l] ? host + l : "/";
	}
	return url;
}

/* /__lede/reload.js?gen=N: follows the builds as of generation N,
 * reloads the page after a build, and shows a failed build's messages
 * over it (as text; styled through the CSSOM, which a policy forbidding
 * inline styles allows). The event stream is one for all the pages open
 * in a browser, held by a shared worker (worker_js): a browser opens at
 * most 6 connections to one server, and with a stream of its own in
 * each page the 7th tab of the preview never loaded. Where there is no
 * shared worker (or it cannot start), the page listens itself. */
static enum MHD_Result reload_js(serve *s, struct MHD_Connection *c)
{
	const char *g = mhd.MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "gen");
	pthread_mutex_lock(&s->mu);
	unsigned long gen = g ? strtoul(g, NULL, 10) : s->gen;
	pthread_mutex_unlock(&s->mu);
	lede_buf b = LEDE_BUF_INIT;
	lede_buf_printf(
	    &b,
	    "(function(){\n"
	    "var gen='%lu',es=null,w=null;\n"
	    "function overlay(text){\n"
	    "var o=document.getElementById('__lede_overlay');\n"
	    "if(!o){o=document.createElement('div');o.id='__lede_overlay';\n"
	    "o.style.cssText='position:fixed;inset:0;z-index:2147483647;overflow:auto;"
	    "background:rgba(40,0,0,.94);color:#fff;padding:2em;font:14px/1.5 monospace;"
	    "white-space:pre-wrap';document.body.appendChild(o);}\n"
	    "o.textContent='lede: the build failed (fix it and this page "
	    "reloads)\\n\\n'+text;}\n"
	    "function alone(){\n"
	    "if(es)return;w=null;\n"
	    "es=new EventSource('/__lede/events?gen='+gen);\n"
	    "es.addEventListener('reload',function(){es.close();location.reload();});\n"
	    "es.addEventListener('builderror',function(ev){overlay(ev.data);});}\n"
	    "if(typeof SharedWorker!=='function'){alone();return;}\n"
	    "try{w=new SharedWorker('/__lede/worker.js');}catch(e){alone();return;}\n"
	    "w.addEventListener('error',alone);\n"
	    "w.port.onmessage=function(ev){var m=ev.data;\n"
	    "if(m.type==='reload'&&m.gen!==gen){location.reload();}\n"
	    "else if(m.type==='builderror'){overlay(m.data);}};\n"
	    "w.port.start();\n"
	    "w.port.postMessage({gen:gen});\n"
	    "addEventListener('pagehide',function(){if(w)w.port.postMessage({bye:true});});\n"
	    "addEventListener('pageshow',function(e){if(w&&e.persisted)w.port.postMessage({gen:gen}"
	    ");});\n"
	    "})();\n",
	    gen);
	enum MHD_Result ret = send_buf(c, MHD_HTTP_OK, "text/javascript; charset=utf-8", &b);
	lede_buf_free(&b);
	return ret;
}

/* /__lede/worker.js: the shared worker of reload_js. One event stream,
 * opened as of the first page's generation; it passes each event on to
 * every page (an event's id is its build's generation), and tells a page
 * that comes later what it missed: the build that followed its own, or
 * the errors of the last one. */
static enum MHD_Result worker_js(struct MHD_Connection *c)
{
	lede_buf b = LEDE_BUF_INIT;
	lede_buf_puts(
	    &b, "var ports=[],es=null,last=null,errors=null;\n"
	        "function all(m){ports.forEach(function(p){p.postMessage(m);});}\n"
	        "function tell(p,gen){\n"
	        "if(errors!==null)p.postMessage({type:'builderror',data:errors});\n"
	        "else if(last!==null&&last!==gen)p.postMessage({type:'reload',gen:last});}\n"
	        "function listen(gen){\n"
	        "es=new EventSource('/__lede/events?gen='+gen);\n"
	        "es.onopen=function(){if(last===null)last=gen;};\n"
	        "es.addEventListener('reload',function(ev){\n"
	        "last=ev.lastEventId;errors=null;all({type:'reload',gen:last});});\n"
	        "es.addEventListener('builderror',function(ev){\n"
	        "last=ev.lastEventId;errors=ev.data;all({type:'builderror',data:errors});});}\n"
	        "onconnect=function(ev){var p=ev.ports[0];\n"
	        "p.onmessage=function(m){\n"
	        "if(m.data.bye){ports=ports.filter(function(q){return q!==p;});return;}\n"
	        "ports.push(p);if(!es)listen(m.data.gen);else tell(p,m.data.gen);};\n"
	        "p.start();};\n");
	enum MHD_Result ret = send_buf(c, MHD_HTTP_OK, "text/javascript; charset=utf-8", &b);
	lede_buf_free(&b);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **req)
{
	serve *s = cls;
	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return send_text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "lede serve: only GET and HEAD");
	if (strchr(url, POISON))
		return send_text(c, MHD_HTTP_BAD_REQUEST,
		                 "lede serve: refused: an encoded '/', '\\' or NUL in the path");
	url = origin_form(s, url);
	if (!strcmp(url, "/__lede/events"))
		return events(s, c);
	if (!strcmp(url, "/__lede/reload.js"))
		return reload_js(s, c);
	if (!strcmp(url, "/__lede/worker.js"))
		return worker_js(c);
	return file(s, c, url);
}

/* ---- building ---- */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	remove(path); /* best effort: a failure must not stop removing the rest */
	return 0;
}

static void rm_tree(const char *dir) { nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS); }

/* A copy of the folder from (the served build) at to, its files hard
 * links, or copies where a link cannot be made: folders and regular files
 * only (nothing else is lede's). The build that starts from it writes
 * each file by renaming a new one into place, so the served build's
 * files never change. False on any failure. */
static bool link_tree(const char *from, const char *to)
{
	if (mkdir(to, 0755) != 0)
		return false;
	DIR *d = opendir(from);
	if (!d)
		return false;
	bool ok = true;
	struct dirent *ent;
	lede_buf a = LEDE_BUF_INIT, b = LEDE_BUF_INIT;
	while (ok && (ent = readdir(d))) {
		if (!strcmp(ent->d_name, ".") || !strcmp(ent->d_name, ".."))
			continue;
		lede_buf_reset(&a);
		lede_buf_reset(&b);
		lede_buf_printf(&a, "%s/%s", from, ent->d_name);
		lede_buf_printf(&b, "%s/%s", to, ent->d_name);
		struct stat st;
		if (lstat(a.data, &st) != 0)
			continue; /* (gone since: its build is being removed) */
		if (S_ISDIR(st.st_mode)) {
			ok = link_tree(a.data, b.data);
		} else if (S_ISREG(st.st_mode) && link(a.data, b.data) != 0) {
			int in = open(a.data, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
			int out = in < 0 ? -1
			                 : open(b.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			                        st.st_mode & 0777);
			char chunk[65536];
			ssize_t n = 0;
			while (out >= 0 && (n = read(in, chunk, sizeof chunk)) > 0)
				if (write(out, chunk, (size_t)n) != n) {
					n = -1;
					break;
				}
			ok = in >= 0 && out >= 0 && n == 0;
			if (in >= 0)
				close(in);
			if (out >= 0 && close(out) != 0)
				ok = false;
		}
	}
	lede_buf_free(&a);
	lede_buf_free(&b);
	closedir(d);
	return ok;
}

typedef struct {
	const char *root;
	const char *const *outlets;
	size_t noutlets;
	bool drafts;
	char *tmp;                           /* the temporary folder that holds every build */
	unsigned seq;                        /* the next build's number */
	char *content, *templates, *statics; /* as the configuration names them */
	char **images; /* the images the last build was asked for (from the root) */
	size_t nimages;
	atomic_int cancel; /* set (by the guard) to stop the build in progress */
	bool clock;        /* builds on the clock (no LEDE_NOW) */
	bool later_set;    /* the last build held something back until later: */
	int64_t later;     /* ...until then (seconds since the epoch) */
} builder;

/* Runs one build into a fresh folder under b->tmp, its messages captured
 * and echoed to stderr; then makes it the served one (even when some
 * articles failed: the rest is worth seeing) unless nothing was built.
 * The folder starts as a copy of the served build, its build state
 * included, so that an article that fails keeps its last good page, as
 * `lede build` keeps it (the error's overlay is over a page that is
 * still there after a reload), an unchanged one is reused (the copy's
 * pages are hard links, and lede replaces a file by renaming a new one
 * over it: the served folder is not touched), and the pages no source
 * makes any more go (pruned). */
static void rebuild(builder *b, serve *s)
{
	char out[PATH_MAX];
	snprintf(out, sizeof out, "%s/%u", b->tmp, b->seq++);
	pthread_mutex_lock(&s->mu);
	char *last = s->dir ? lede_xstrdup(s->dir) : NULL;
	pthread_mutex_unlock(&s->mu);
	if (last && !link_tree(last, out))
		rm_tree(out); /* (then a build from nothing) */
	free(last);
	FILE *cap = tmpfile();
	int saved = dup(STDERR_FILENO);
	fflush(stderr);
	if (cap && saved >= 0)
		dup2(fileno(cap), STDERR_FILENO);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	atomic_store(&b->cancel, 0);
	lede_options o = {.root = b->root,
	                  .output = out,
	                  .outlets = b->outlets,
	                  .noutlets = b->noutlets,
	                  .drafts = b->drafts,
	                  .cancel = &b->cancel,
	                  /* the preview follows the sources, even to no
	                   * article: its folder is no site's public copy */
	                  .allow_empty = true,
	                  .quiet = true};
	lede_error err;
	lede_error_clear(&err);
	lede_engine *e = lede_engine_new(&o, &err);
	int rc;
	if (!e) {
		lede_report(NULL, &err, false);
		rc = 2;
	} else {
		lede_engine_note_images(e);
		rc = lede_engine_run(e);
		size_t n;
		char *const *images = lede_engine_images_read(e, &n);
		for (size_t i = 0; i < b->nimages; i++)
			free(b->images[i]);
		free(b->images);
		b->images = lede_xcalloc(n + 1, sizeof *b->images);
		for (size_t i = 0; i < n; i++)
			b->images[i] = lede_xstrdup(images[i]);
		b->nimages = n;
		b->later_set = b->clock && lede_engine_next_time(e, &b->later);
		free(b->content), free(b->templates), free(b->statics);
		b->content = lede_xstrdup(e->cfg->content_dir ? e->cfg->content_dir : "content");
		b->templates =
		    lede_xstrdup(e->cfg->templates_dir ? e->cfg->templates_dir : "templates");
		b->statics = lede_xstrdup(e->cfg->static_dir ? e->cfg->static_dir : "static");
		lede_engine_free(e);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fflush(stderr);
	lede_buf msgs = LEDE_BUF_INIT;
	if (cap && saved >= 0) {
		dup2(saved, STDERR_FILENO);
		rewind(cap);
		char chunk[4096];
		size_t n;
		while ((n = fread(chunk, 1, sizeof chunk, cap)) > 0)
			lede_buf_put(&msgs, chunk, n);
	}
	if (saved >= 0)
		close(saved);
	if (cap)
		fclose(cap);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	if (atomic_load(&b->cancel)) {
		/* (its errors are the cancel's, its pages half made: the next
		 * build, at once, says what is wrong) */
		fprintf(stderr, "lede serve: build %u stopped after %ld ms\n", b->seq - 1, ms);
		lede_buf_free(&msgs);
		rm_tree(out);
		return;
	}
	fputs(msgs.data ? msgs.data : "", stderr);
	fprintf(stderr, "lede serve: build %u %s in %ld ms\n", b->seq - 1,
	        rc == 0 ? "done" : "failed", ms);
	char real[PATH_MAX];
	bool built = rc != 2 && realpath(out, real);
	pthread_mutex_lock(&s->mu);
	char *old = NULL;
	if (built) {
		old = s->dir;
		s->dir = lede_xstrdup(real);
	}
	free(s->errors);
	s->errors = rc ? lede_buf_detach(&msgs, NULL) : NULL;
	if (s->errors && !s->errors[0]) {
		free(s->errors);
		s->errors = lede_xstrdup("the build failed (see the terminal)");
	}
	s->gen++;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->mu);
	lede_buf_free(&msgs);
	if (!built)
		rm_tree(out);
	/* A request may still be reading the old build: its open files stay
	 * readable after the removal. */
	if (old) {
		rm_tree(old);
		free(old);
	}
}

/* Ctrl-C during a build. The signals are read from a signalfd, and the
 * build runs on the main thread: a plugin hook stuck in a loop held the
 * stop until every article had hit its time limit (a minute each by
 * default). Nothing can stop a running hook from outside (the engine's
 * wall-clock watchdog runs on the hook's own thread, per engine), so
 * while a build runs this thread waits on the signalfd too and, on a
 * signal, removes the temporary folder and ends the process at once
 * (exit 128 + the signal's number, as a shell reports a killed command):
 * nothing of the build is worth keeping, and it writes only under that
 * folder. */
/*
 * A source saved during a build: the guard reads the watch too (the main
 * thread leaves it alone until the build ends), and tells the main loop
 * to build again. A plugin, a template or lede.yaml saved stops the
 * build in progress (lede_options.cancel): one of them stuck in a loop
 * held every article for its hook_seconds, minutes of a preview that did
 * not follow the fix. An article saved does not: saves can come faster
 * than a big site builds, and stopping each build would show none. */
typedef struct {
	int sfd;         /* the signals */
	int done[2];     /* a pipe, written when the build ends */
	int err;         /* stderr as it was before the build captured it */
	const char *tmp; /* serve's temporary folder */
	lede_watch *w;   /* the sources' watch, or NULL (the first build) */
	const char *templates;
	atomic_int *cancel;
	char changed[PATH_MAX]; /* the last source saved during the build */
	bool saved;             /* ...if any */
	pthread_t thread;
	bool running;
} guard;

/* Whether the source at path (from the root) is one whose change stops a
 * build: lede.yaml, a plugin, a template. */
static bool stops_build(const guard *g, const char *path)
{
	const char *t = g->templates;
	while (t[0] == '.' && t[1] == '/') /* (as the watch names it) */
		t += 2;
	size_t l = strlen(t);
	while (l > 1 && t[l - 1] == '/')
		l--;
	return !strcmp(path, "lede.yaml") || !strncmp(path, "plugins/", 8) ||
	       (l && !strncmp(path, t, l) && path[l] == '/');
}

static void *guard_main(void *arg)
{
	guard *g = arg;
	struct pollfd p[3] = {{.fd = g->sfd, .events = POLLIN},
	                      {.fd = g->done[0], .events = POLLIN},
	                      {.fd = g->w ? lede_watch_fd(g->w) : -1, .events = POLLIN}};
	for (;;) {
		int n = poll(p, 3, -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || p[1].revents)
			return NULL; /* the build ended: the main loop reads the signals */
		if (p[0].revents)
			break;
		if (p[2].revents && lede_watch_read(g->w, g->changed, sizeof g->changed) > 0) {
			g->saved = true;
			if (!atomic_load(g->cancel) && stops_build(g, g->changed)) {
				dprintf(g->err,
				        "lede serve: %s changed: stopping the build in progress\n",
				        g->changed);
				atomic_store(g->cancel, 1);
			}
		}
	}
	struct signalfd_siginfo si;
	int sig = SIGINT;
	if (read(g->sfd, &si, sizeof si) == (ssize_t)sizeof si)
		sig = (int)si.ssi_signo;
	dprintf(g->err, "\nlede serve: stopping (%s) during a build\n", strsignal(sig));
	/* The build's threads may still write a file or two while the
	 * folder goes: again until it is gone. */
	for (int i = 0; i < 50 && access(g->tmp, F_OK) == 0; i++) {
		rm_tree(g->tmp);
		if (access(g->tmp, F_OK) == 0)
			nanosleep(&(struct timespec){.tv_nsec = 10000000}, NULL);
	}
	_exit(128 + sig);
}

/* rebuild(), stoppable by a signal and by a source saved (guard); w:
 * the sources' watch, or NULL. Whether a source was saved during the
 * build (its path then in changed, of size). */
static bool guarded_rebuild(builder *b, serve *s, int sfd, lede_watch *w, char *changed,
                            size_t size)
{
	char *templates = lede_xstrdup(b->templates ? b->templates : "templates");
	guard g = {.sfd = sfd,
	           .done = {-1, -1},
	           .tmp = b->tmp,
	           .w = w,
	           .templates = templates,
	           .cancel = &b->cancel};
	g.err = dup(STDERR_FILENO);
	g.running = g.err >= 0 && pipe2(g.done, O_CLOEXEC) == 0 &&
	            pthread_create(&g.thread, NULL, guard_main, &g) == 0;
	rebuild(b, s);
	if (g.running) {
		(void)!write(g.done[1], "", 1);
		pthread_join(g.thread, NULL);
	}
	for (int i = 0; i < 2; i++)
		if (g.done[i] >= 0)
			close(g.done[i]);
	if (g.err >= 0)
		close(g.err);
	free(templates);
	if (g.saved)
		snprintf(changed, size, "%s", g.changed);
	return g.saved;
}

static void watch_dirs(builder *b, lede_watch *w)
{
	const char *dirs[4] = {b->content ? b->content : "content", "plugins",
	                       b->templates ? b->templates : "templates",
	                       b->statics ? b->statics : "static"};
	lede_watch_set(w, dirs, 4, (const char *const *)b->images, b->nimages);
}

static long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* How long until a second after the time the last build held something
 * back to (an embargo lifts; a build in that second may still hold it),
 * in milliseconds, at most an hour (the clock may be set meanwhile); -1:
 * no such time. */
static long later_ms(const builder *b)
{
	if (!b->later_set)
		return -1;
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	int64_t ms = (b->later + 1) * 1000 - ((int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000);
	return ms < 0 ? 0 : ms > 3600000 ? 3600000 : (long)ms;
}

static int serve_usage(const char *fmt, const char *arg)
{
	fputs("lede: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("; see 'lede --help'\n", stderr);
	return 2;
}

/* Editors write a file in several steps: wait this long after the last
 * event before building. */
enum { DEBOUNCE_MS = 120 };

int lede_serve_main(int argc, char **argv)
{
	const char *root = ".";
	long port = 8080;
	builder b = {0};
	const char **outlets = lede_xcalloc((size_t)argc + 1, sizeof *outlets);
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "-C") || !strcmp(a, "--port") || !strcmp(a, "--outlet")) {
			if (!val) {
				free(outlets);
				return serve_usage("option '%s' needs a value", a);
			}
			i++;
			if (!strcmp(a, "-C"))
				root = val;
			else if (!strcmp(a, "--outlet"))
				outlets[b.noutlets++] = val;
			else {
				char *end;
				port = strtol(val, &end, 10);
				if (*end || !*val || port < 0 || port > 65535) {
					free(outlets);
					return serve_usage(
					    "--port wants a number from 0 (any free port) to "
					    "65535, not '%s'",
					    val);
				}
			}
		} else if (!strcmp(a, "--drafts")) {
			b.drafts = true;
		} else {
			free(outlets);
			return serve_usage(
			    a[0] == '-' ? "unknown option '%s'" : "unexpected argument '%s'", a);
		}
	}
	b.root = root;
	b.outlets = outlets;
	const char *fixed = getenv("LEDE_NOW");
	b.clock = !fixed || !fixed[0];
	char cfg[PATH_MAX];
	snprintf(cfg, sizeof cfg, "%s/lede.yaml", root);
	if (access(cfg, F_OK) != 0) {
		fprintf(stderr,
		        "lede: no lede.yaml in %s; run lede serve in a site folder, or make one "
		        "with `lede new site DIR`\n",
		        root);
		free(outlets);
		return 2;
	}
	/* An --outlet the configuration lacks would serve nothing, build
	 * after build: refused as `lede build` refuses it. A configuration
	 * that does not load is not refused here: the first build shows its
	 * errors, and editing it rebuilds. */
	if (b.noutlets) {
		lede_error err;
		lede_error_clear(&err);
		lede_config *c = lede_config_load(root, "lede.yaml", &err);
		bool bad =
		    c && !lede_config_check_outlets(c, "lede.yaml", outlets, b.noutlets, &err);
		lede_config_free(c);
		if (bad) {
			lede_report(NULL, &err, false);
			free(outlets);
			return 2;
		}
	}
	pthread_once(&mhd_once, load_mhd);
	if (mhd.why[0]) {
		fprintf(stderr, "lede: cannot start: %s\n", mhd.why);
		free(outlets);
		return 2;
	}
	/* The signals are read from a signalfd in the loop below: blocked
	 * here, before any thread starts, so every thread inherits the mask
	 * and no handler (nor global flag) is needed. */
	sigset_t sigs, oldsigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, &oldsigs);
	int sfd = signalfd(-1, &sigs, SFD_CLOEXEC);
	const char *tmpbase = getenv("TMPDIR");
	char tmpl[PATH_MAX];
	snprintf(tmpl, sizeof tmpl, "%s/lede-serve-XXXXXX",
	         tmpbase && tmpbase[0] ? tmpbase : "/tmp");
	if (sfd < 0 || !mkdtemp(tmpl)) {
		fprintf(stderr, "lede: cannot start: %s\n", strerror(errno));
		if (sfd >= 0)
			close(sfd);
		pthread_sigmask(SIG_SETMASK, &oldsigs, NULL);
		free(outlets);
		return 2;
	}
	b.tmp = tmpl;
	fprintf(stderr, "lede serve: building into %s (removed on exit)\n", tmpl);

	serve s = {.drafts = b.drafts};
	pthread_mutex_init(&s.mu, NULL);
	pthread_cond_init(&s.changed, NULL);
	lede_markdown_init();
	int status = 0;
	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/* A thread per connection (the event stream's reader waits for the
	 * next build), each polling with poll() (MHD_USE_AUTO): select() stops
	 * at descriptor 1024, and a thousand idle connections made the server
	 * stop answering. A connection silent for CONN_TIMEOUT seconds is
	 * closed (the event stream sends a comment every SSE_KEEPALIVE
	 * seconds, so it stays open), and at most CONN_LIMIT are open.
	 * Without MHD_USE_ERROR_LOG: libmicrohttpd's own lines named the
	 * wrong port ("Failed to bind to port 0") before lede's, and others
	 * would say what a preview's user has nothing to do about. */
	struct MHD_Daemon *d = mhd.MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_AUTO,
	    (uint16_t)port, NULL, NULL, handle, &s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
	    MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned)CONN_TIMEOUT, MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONN_LIMIT,
	    MHD_OPTION_END);
	lede_watch *w = NULL;
	if (!d) {
		fprintf(stderr, "lede: cannot listen on 127.0.0.1:%ld: %s; try another --port\n",
		        port, strerror(errno));
		status = 2;
		goto out;
	}
	const union MHD_DaemonInfo *info = mhd.MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	unsigned bound = info ? info->port : (unsigned)port;
	pthread_mutex_lock(&s.mu);
	s.port = bound;
	pthread_mutex_unlock(&s.mu);
	w = lede_watch_new(root, "lede.yaml", NULL, 0);
	if (w)
		lede_watch_skip(w, b.tmp);
	if (!w) {
		fprintf(stderr, "lede: cannot watch the site (inotify): %s\n", strerror(errno));
		status = 2;
		goto out;
	}
	watch_dirs(&b, w);
	long due = -1;               /* when to rebuild, or -1 */
	char changed[PATH_MAX] = ""; /* the last file changed (an editor's rename ends on it) */
	/* The first build, the server answering (a page reloads when it is
	 * built) and the sources watched: a plugin stuck in it, fixed, stops
	 * it. Until then the folders watched are the default ones. */
	if (guarded_rebuild(&b, &s, sfd, w, changed, sizeof changed))
		due = atomic_load(&b.cancel) ? now_ms() : now_ms() + DEBOUNCE_MS;
	watch_dirs(&b, w);
	printf("lede serve: http://127.0.0.1:%u/ (Ctrl-C to stop)\n", bound);
	fflush(stdout);
	for (;;) {
		struct pollfd p[2] = {{.fd = sfd, .events = POLLIN},
		                      {.fd = lede_watch_fd(w), .events = POLLIN}};
		int timeout = due < 0 ? -1 : (int)(due - now_ms() > 0 ? due - now_ms() : 0);
		long until = later_ms(&b);
		if (until >= 0 && (timeout < 0 || until < timeout))
			timeout = (int)until;
		int n = poll(p, 2, timeout);
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0 && p[0].revents) {
			struct signalfd_siginfo si;
			if (read(sfd, &si, sizeof si) == (ssize_t)sizeof si)
				fprintf(stderr, "\nlede serve: stopping (%s)\n",
				        strsignal((int)si.ssi_signo));
			break;
		}
		if (n > 0 && p[1].revents) {
			if (lede_watch_read(w, changed, sizeof changed) > 0)
				due = now_ms() + DEBOUNCE_MS;
			continue;
		}
		if (due < 0 && later_ms(&b) == 0) {
			/* (an embargo lifted: its story is built, without a save) */
			char when[32];
			struct tm tm;
			time_t t = (time_t)b.later;
			strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
			fprintf(stderr, "lede serve: an embargo lifted (%s)\n", when);
			if (guarded_rebuild(&b, &s, sfd, w, changed, sizeof changed))
				due = atomic_load(&b.cancel) ? now_ms() : now_ms() + DEBOUNCE_MS;
			watch_dirs(&b, w);
		}
		if (due >= 0 && now_ms() >= due) {
			due = -1;
			fprintf(stderr, "lede serve: %s changed\n", changed);
			/* (saved during the build: the next one after the pause,
			 * as if just saved; at once when it stopped this one) */
			if (guarded_rebuild(&b, &s, sfd, w, changed, sizeof changed))
				due = atomic_load(&b.cancel) ? now_ms() : now_ms() + DEBOUNCE_MS;
			watch_dirs(&b, w);
		}
	}
out:
	pthread_mutex_lock(&s.mu);
	s.stopping = true;
	pthread_cond_broadcast(&s.changed);
	pthread_mutex_unlock(&s.mu);
	if (d)
		mhd.MHD_stop_daemon(d);
	lede_watch_free(w);
	rm_tree(tmpl);
	free(s.dir);
	free(s.errors);
	pthread_cond_destroy(&s.changed);
	pthread_mutex_destroy(&s.mu);
	free(b.content), free(b.templates), free(b.statics);
	for (size_t i = 0; i < b.nimages; i++)
		free(b.images[i]);
	free(b.images);
	free(outlets);
	close(sfd);
	pthread_sigmask(SIG_SETMASK, &oldsigs, NULL);
	return status;
}
