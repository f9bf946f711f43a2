/* image.c: image renditions with libvips, and lede.image for the formats.
 * The html format's render hook calls lede.image.renditions on whichever
 * worker renders the article; renditions are named by a hash of the
 * source, so the work is done once per image whatever the outlets, the
 * workers or the builds, and every -j writes the same files. */
#include "image.h"
#include "linkcheck.h"
#include "markup.h"
#include "state.h"

#include "article.h"
#include "buf.h"
#include "dl.h"
#include "engine.h"
#include "escape.h"
#include "output.h"
#include "value.h"

#include <ctype.h>
#include <errno.h>
#include <glib.h>
#include <lauxlib.h>
#include <limits.h>
#include <lua.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <vips/vips.h>

/* libvips, loaded when the first image is rendered (dl.h): a build
 * without images does not load it and the hundred libraries it brings
 * (some 20 ms of every start). Its start-up is not thread-safe; after it,
 * vips is. */
#define VIPS_FUNCTIONS(X, t)                                                                       \
	X(t, vips_init)                                                                            \
	X(t, vips_shutdown)                                                                        \
	X(t, vips_version)                                                                         \
	X(t, vips_cache_set_max)                                                                   \
	X(t, vips_error_buffer_copy)                                                               \
	X(t, vips_webpsave_buffer)                                                                 \
	X(t, vips_jpegsave_buffer)                                                                 \
	X(t, vips_image_hasalpha)                                                                  \
	X(t, vips_array_double_newv)                                                               \
	X(t, vips_area_unref)                                                                      \
	X(t, vips_flatten)                                                                         \
	X(t, vips_image_new_from_buffer)                                                           \
	X(t, vips_image_new_from_file)                                                             \
	X(t, vips_autorot)                                                                         \
	X(t, vips_image_copy_memory)                                                               \
	X(t, vips_thumbnail_image)                                                                 \
	X(t, vips_image_get_width)                                                                 \
	X(t, vips_image_get_height)                                                                \
	X(t, vips_image_get_orientation_swap)

static LEDE_DL_TABLE(VIPS_FUNCTIONS) vips; /* why: empty once loaded and started */
static pthread_once_t vips_once = PTHREAD_ONCE_INIT;

static void stop_vips(void) { vips.vips_shutdown(); }

static void quiet_log(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer ud) {}

static void start_vips(void)
{
	/* the soname the headers are of: libvips.so.42 for 8.14 */
	char name[64];
	snprintf(name, sizeof name, "libvips.so.%d", VIPS_LIBRARY_CURRENT - VIPS_LIBRARY_AGE);
	LEDE_DL_LOAD(
	    vips, VIPS_FUNCTIONS, name, "libvips",
	    "image renditions need libvips: install it (Debian: apt-get install libvips42)");
	if (vips.why[0])
		return;
	/* VIPS_INIT's check, through the table */
	if (vips.vips_version(3) - vips.vips_version(5) !=
	    VIPS_LIBRARY_CURRENT - VIPS_LIBRARY_AGE) {
		snprintf(vips.why, sizeof vips.why, "%s is of another ABI than lede was built for",
		         name);
		return;
	}
	if (vips.vips_init("lede") != 0) {
		snprintf(vips.why, sizeof vips.why, "libvips did not start");
		return;
	}
	/* lede renders each size once: vips' operation cache would only
	 * hold decoded images across articles. */
	vips.vips_cache_set_max(0);
	/* A file cut short is an error (decode, "fail_on"), said at the
	 * image's place; vips' own warnings (hundreds of "not enough data"
	 * for one cut PNG, "Premature end of JPEG file") came from its
	 * worker threads through GLib, past lede's messages, with no place:
	 * what they would tell is in the error, or the image reads whole. */
	g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION,
	                  quiet_log, NULL);
	/* Its worker threads stopped before the process ends (a library
	 * loaded with dlopen keeps them in its dynamic TLS, which the leak
	 * checker of the sanitizer build would otherwise walk as they go). */
	atexit(stop_vips);
}

int lede_image_init(lede_error *err, const char *path)
{
	pthread_once(&vips_once, start_vips);
	if (!vips.why[0])
		return 0;
	if (err)
		lede_error_set(err, path, 0, 0, "%s", vips.why);
	return -1;
}

static void vips_failed(lede_error *err, const char *file, const char *what)
{
	char *msg = vips.vips_error_buffer_copy();
	size_t l = msg ? strlen(msg) : 0;
	while (l && (msg[l - 1] == '\n' || msg[l - 1] == ' '))
		msg[--l] = '\0';
	/* (vips' buffer holds a line per complaint: a message is one line) */
	for (size_t i = 0; i < l; i++)
		if (msg[i] == '\n' || msg[i] == '\r')
			msg[i] = ';';
	lede_error_set(err, file, 0, 0, "%s%s%s", what, l ? ": " : "", l ? msg : "");
	g_free(msg);
}

static const struct {
	const char *format, *ext, *type;
} formats_known[] = {
    {"webp", "webp", "image/webp"},
    {"jpeg", "jpg", "image/jpeg"},
};

static int format_index(const char *f)
{
	for (size_t i = 0; i < sizeof formats_known / sizeof *formats_known; i++)
		if (!strcmp(f, formats_known[i].format) || !strcmp(f, formats_known[i].ext))
			return (int)i;
	return -1;
}

/* The source's media type and extension from its first bytes. */
static const char *sniff(const unsigned char *d, size_t n, const char **ext)
{
	if (n >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
		return *ext = "jpg", "image/jpeg";
	if (n >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8))
		return *ext = "png", "image/png";
	if (n >= 12 && !memcmp(d, "RIFF", 4) && !memcmp(d + 8, "WEBP", 4))
		return *ext = "webp", "image/webp";
	if (n >= 6 && (!memcmp(d, "GIF87a", 6) || !memcmp(d, "GIF89a", 6)))
		return *ext = "gif", "image/gif";
	if (n >= 12 && !memcmp(d + 4, "ftypavif", 8))
		return *ext = "avif", "image/avif";
	size_t k = 0;
	while (k < n && k < 512 && strchr(" \t\r\n\xef\xbb\xbf", d[k]))
		k++;
	if (k + 5 <= n && (!memcmp(d + k, "<svg", 4) || !memcmp(d + k, "<?xml", 5)))
		return *ext = "svg", "image/svg+xml";
	/* without the XML declaration, a comment (a licence) or a DOCTYPE
	 * may come first: the first element is the root */
	const char *p = (const char *)d + k, *name;
	size_t nl;
	if (k + 2 <= n && d[k] == '<' && d[k + 1] == '!' &&
	    lede_markup_tag(&p, (const char *)d + n, &name, &nl) && nl == 3 &&
	    !memcmp(name, "svg", 3))
		return *ext = "svg", "image/svg+xml";
	return *ext = NULL, NULL;
}

/* A length of an SVG attribute in CSS pixels: a number (sign, digits,
 * fraction, exponent) and a unit lede knows (none, px, pt, pc, mm, cm, in);
 * false for anything else (a percentage, em: vips decides then). */
static bool svg_length(const char *v, size_t n, double *px)
{
	size_t i = 0;
	while (i < n && lede_markup_ws((unsigned char)v[i]))
		i++;
	double x = 0, scale = 1;
	bool digits = false;
	if (i < n && (v[i] == '+' || v[i] == '-'))
		scale = v[i++] == '-' ? -1 : 1;
	for (; i < n && v[i] >= '0' && v[i] <= '9'; i++, digits = true)
		x = x * 10 + (v[i] - '0');
	if (i < n && v[i] == '.')
		for (double f = 0.1; ++i < n && v[i] >= '0' && v[i] <= '9'; f /= 10, digits = true)
			x += (v[i] - '0') * f;
	if (!digits)
		return false;
	if (i < n && (v[i] == 'e' || v[i] == 'E') && i + 1 < n &&
	    (v[i + 1] == '+' || v[i + 1] == '-' || (v[i + 1] >= '0' && v[i + 1] <= '9'))) {
		int sign = v[++i] == '-' ? -1 : 1, e = 0;
		if (v[i] == '+' || v[i] == '-')
			i++;
		for (; i < n && v[i] >= '0' && v[i] <= '9'; i++)
			e = e < 1000 ? e * 10 + (v[i] - '0') : e;
		x *= pow(10, sign * e);
	}
	static const struct {
		const char *unit;
		double px;
	} units[] = {{"", 1},           {"px", 1},         {"pt", 4.0 / 3}, {"pc", 16},
	             {"mm", 96 / 25.4}, {"cm", 96 / 2.54}, {"in", 96}};
	size_t u = i;
	while (u < n && !lede_markup_ws((unsigned char)v[u]))
		u++;
	for (size_t k = 0; k < sizeof units / sizeof *units; k++)
		if (u - i == strlen(units[k].unit) && !memcmp(v + i, units[k].unit, u - i)) {
			*px = scale * x * units[k].px;
			return true;
		}
	return false;
}

/* The size in pixels an SVG's root element declares: its width and
 * height, or its viewBox's where they are missing; false when it declares
 * none lede reads. vips holds an image to 10,000,000 pixels a side, and a
 * larger declared size (100,000,000) printed GLib warnings and made
 * 1-pixel renditions: the size is checked before vips reads it. */
static bool svg_declared(const unsigned char *d, size_t n, double *w, double *h)
{
	const char *p = (const char *)d, *end = p + n, *name, *v;
	size_t nl, vlen;
	bool selfclose = false;
	if (!lede_markup_tag(&p, end, &name, &nl) || nl != 3 || memcmp(name, "svg", 3))
		return false;
	bool has_w = false, has_h = false, has_box = false;
	double box_w = 0, box_h = 0;
	while (lede_markup_attr(&p, end, &name, &nl, &v, &vlen, &selfclose)) {
		if (nl == 5 && !memcmp(name, "width", 5))
			has_w = svg_length(v, vlen, w);
		else if (nl == 6 && !memcmp(name, "height", 6))
			has_h = svg_length(v, vlen, h);
		else if (nl == 7 && !memcmp(name, "viewBox", 7)) {
			/* min-x min-y width height, by spaces or commas */
			double part[4];
			size_t k = 0, i = 0;
			while (k < 4 && i < vlen) {
				while (i < vlen &&
				       (lede_markup_ws((unsigned char)v[i]) || v[i] == ','))
					i++;
				size_t j = i;
				while (j < vlen && !lede_markup_ws((unsigned char)v[j]) &&
				       v[j] != ',')
					j++;
				if (j == i || !svg_length(v + i, j - i, &part[k]))
					break;
				k++;
				i = j;
			}
			if (k == 4) {
				has_box = true;
				box_w = part[2];
				box_h = part[3];
			}
		}
	}
	if (!has_w && has_box)
		*w = box_w, has_w = true;
	if (!has_h && has_box)
		*h = box_h, has_h = true;
	/* (a size of 0 or less is the SVG's error: vips says so) */
	return has_w && has_h && *w > 0 && *h > 0;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* The widths to make for a source w pixels wide: the asked ones narrower
 * than it, and the source's own width when any asked one reaches it. */
static size_t plan_widths(const int *widths, size_t nw, int w, int *out)
{
	size_t n = 0;
	bool full = nw == 0;
	for (size_t i = 0; i < nw; i++) {
		if (widths[i] >= w)
			full = true;
		else if (widths[i] > 0)
			out[n++] = widths[i];
	}
	if (full || n == 0)
		out[n++] = w;
	qsort(out, n, sizeof *out, cmp_int);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (u == 0 || out[u - 1] != out[i])
			out[u++] = out[i];
	return u;
}

/* Encodes one rendition of the thumbnail t and writes it atomically. */
static int encode(VipsImage *t, int fi, const char *outdir, const char *rel, long long *bytes,
                  lede_error *err)
{
	void *buf = NULL;
	size_t len = 0;
	int rc;
	if (fi == 0) {
		rc = vips.vips_webpsave_buffer(t, &buf, &len, "Q", 80, "strip", TRUE, NULL);
	} else {
		/* JPEG has no alpha: flatten onto white, not vips' black */
		VipsImage *flat = NULL;
		if (vips.vips_image_hasalpha(t)) {
			VipsArrayDouble *white = vips.vips_array_double_newv(1, 255.0);
			rc = vips.vips_flatten(t, &flat, "background", white, NULL);
			vips.vips_area_unref(VIPS_AREA(white));
			if (rc) {
				vips_failed(err, rel, "cannot flatten the image for JPEG");
				return -1;
			}
		}
		rc = vips.vips_jpegsave_buffer(flat ? flat : t, &buf, &len, "Q", 82, "strip", TRUE,
		                               "optimize_coding", TRUE, "interlace", TRUE, NULL);
		if (flat)
			g_object_unref(flat);
	}
	if (rc) {
		vips_failed(err, rel, "cannot encode the rendition");
		return -1;
	}
	rc = lede_write_file(outdir, rel, buf, len, err);
	g_free(buf);
	*bytes = (long long)len;
	return rc;
}

/* Whether the libvips loaded knows the loaders' "fail_on" (8.12 on). */
static bool has_fail_on(void)
{
	int major = vips.vips_version(0), minor = vips.vips_version(1);
	return major > 8 || (major == 8 && minor >= 12);
}

/* The whole source in memory, turned upright (EXIF orientation). */
static VipsImage *decode(const void *data, size_t len)
{
	/* A file cut short fails (vips would fill what is missing with
	 * grey or black, and the page would show it). */
	VipsImage *in =
	    has_fail_on()
	        ? vips.vips_image_new_from_buffer(data, len, "", "access", VIPS_ACCESS_RANDOM,
	                                          "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL)
	        : vips.vips_image_new_from_buffer(data, len, "", "access", VIPS_ACCESS_RANDOM,
	                                          NULL);
	if (!in)
		return NULL;
	VipsImage *up = NULL, *mem = NULL;
	if (vips.vips_autorot(in, &up, NULL) == 0)
		mem = vips.vips_image_copy_memory(up);
	g_object_unref(in);
	if (up)
		g_object_unref(up);
	return mem;
}

/* The decoded source resized to width w (never enlarged), in memory. */
static int make_width(VipsImage *src, int w, VipsImage **out)
{
	VipsImage *t = NULL;
	if (vips.vips_thumbnail_image(src, &t, w, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN,
	                              "no_rotate", TRUE, NULL))
		return -1;
	*out = vips.vips_image_copy_memory(t);
	g_object_unref(t);
	return *out ? 0 : -1;
}

/* The size of an existing rendition from its header (no decoding). */
static int read_size(const char *full, int *w, int *h)
{
	VipsImage *im = vips.vips_image_new_from_file(full, NULL);
	if (!im)
		return -1;
	*w = vips.vips_image_get_width(im);
	*h = vips.vips_image_get_height(im);
	g_object_unref(im);
	return 0;
}

/* px pixels as a reader takes them in: megapixels, or pixels under a
 * tenth of one (not "0.0 megapixels"). */
static void pixels_text(long long px, char *out, size_t size)
{
	if (px < 100000)
		snprintf(out, size, "%lld pixels", px);
	else
		snprintf(out, size, "%.1f megapixels", (double)px / 1e6);
}

/* The error for an image of w x h pixels, more than limit (or, an SVG's
 * declared size, more than LEDE_IMAGE_MAX_SIDE a side). */
static void too_many_pixels(lede_error *err, const char *path, double w, double h, long long limit,
                            bool svg)
{
	double px = w * h;
	char lim[64], size[64];
	pixels_text(limit, lim, sizeof lim);
	pixels_text(px < 1e18 ? (long long)px : (long long)1e18, size, sizeof size);
	if (svg)
		lede_error_set(err, path, 0, 0,
		               "the SVG declares %.0f x %.0f pixels (%s), more than the %s lede "
		               "renders (site.images.max_pixels, and %d a side); make its root "
		               "element's width and height (or viewBox) smaller",
		               w, h, size, lim, LEDE_IMAGE_MAX_SIDE);
	else
		lede_error_set(err, path, 0, 0,
		               "the image is %.0f x %.0f pixels (%s), more than the %s lede "
		               "decodes (site.images.max_pixels); make it smaller, or raise "
		               "max_pixels if this machine has the memory (about %.0f MB to "
		               "decode it)",
		               w, h, size, lim, floor(px * 4 / 1000000));
}

int lede_image_render(const char *path, const char *outdir, const char *dir, const int *widths,
                      size_t nw, const char *const *formats, size_t nf, long long max_pixels,
                      bool write, lede_image *img, lede_error *err)
{
	memset(img, 0, sizeof *img);
	if (lede_image_init(err, path) != 0)
		return -1;
	int fidx[8];
	if (nf == 0 || nf > 8) {
		lede_error_set(err, path, 0, 0, "give one to 8 rendition formats");
		return -1;
	}
	for (size_t i = 0; i < nf; i++)
		if ((fidx[i] = format_index(formats[i])) < 0) {
			lede_error_set(err, path, 0, 0,
			               "unknown rendition format '%s'; use webp or jpeg",
			               formats[i]);
			return -1;
		}
	size_t len;
	unsigned char *data = (unsigned char *)lede_read_file(path, &len);
	if (!data) {
		lede_error_set(err, path, 0, 0, "cannot read the image: %s", strerror(errno));
		return -1;
	}
	const char *ext;
	img->type = sniff(data, len, &ext);
	if (!img->type) {
		lede_error_set(err, path, 0, 0,
		               "not an image lede can resize (JPEG, PNG, WebP, GIF, AVIF or SVG)");
		free(data);
		return -1;
	}
	img->bytes = (long long)len;
	long long limit = max_pixels > 0 ? max_pixels : LEDE_IMAGE_MAX_PIXELS;
	double dw, dh;
	if (!strcmp(ext, "svg") && svg_declared(data, len, &dw, &dh) &&
	    (dw > LEDE_IMAGE_MAX_SIDE || dh > LEDE_IMAGE_MAX_SIDE || dw * dh > (double)limit)) {
		too_many_pixels(err, path, dw, dh, limit, true);
		free(data);
		return -1;
	}
	VipsImage *src = vips.vips_image_new_from_buffer(data, len, "", NULL);
	if (!src) {
		vips_failed(err, path, "cannot read the image");
		free(data);
		return -1;
	}
	img->width = vips.vips_image_get_width(src);
	img->height = vips.vips_image_get_height(src);
	if (vips.vips_image_get_orientation_swap(src)) {
		int t = img->width;
		img->width = img->height;
		img->height = t;
	}
	g_object_unref(src);
	/* (the header's size, read before anything is decoded) */
	if (img->width < 1 || img->height < 1 || (long long)img->width * img->height > limit) {
		if (img->width < 1 || img->height < 1)
			lede_error_set(err, path, 0, 0, "the image has no size (%d x %d pixels)",
			               img->width, img->height);
		else
			too_many_pixels(err, path, img->width, img->height, limit, false);
		free(data);
		return -1;
	}

	/* The name: the source's hash, so a changed image gets new files
	 * (caches never serve the old one) and an unchanged one is found. */
	char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);
	char hash[21];
	snprintf(hash, sizeof hash, "%.20s", sum);
	g_free(sum);
	snprintf(img->original, sizeof img->original, "%s/%s.%s", dir, hash, ext);

	int plan[64];
	size_t np = plan_widths(widths, nw < 63 ? nw : 63, img->width, plan);
	img->r = calloc(np * nf, sizeof *img->r);
	int rc = 0;
	lede_buf full = LEDE_BUF_INIT;
	if (write) {
		lede_buf_printf(&full, "%s/%s", outdir, img->original);
		struct stat st;
		if (stat(lede_buf_cstr(&full), &st) != 0) {
			rc = lede_write_file(outdir, img->original, data, len, err);
			img->encoded += rc == 0;
			img->original_made = rc == 0;
		}
	}
	VipsImage *decoded = NULL;
	for (size_t i = 0; rc == 0 && i < np; i++) {
		VipsImage *t = NULL;
		for (size_t f = 0; rc == 0 && f < nf; f++) {
			lede_rendition *r = &img->r[img->n++];
			r->format = formats_known[fidx[f]].format;
			r->type = formats_known[fidx[f]].type;
			r->width = plan[i];
			r->height = (int)lround((double)img->height * plan[i] / img->width);
			if (r->height < 1)
				r->height = 1;
			snprintf(r->path, sizeof r->path, "%s/%s-%d.%s", dir, hash, plan[i],
			         formats_known[fidx[f]].ext);
			if (!write)
				continue;
			lede_buf_reset(&full);
			lede_buf_printf(&full, "%s/%s", outdir, r->path);
			struct stat st;
			if (stat(lede_buf_cstr(&full), &st) == 0 && S_ISREG(st.st_mode) &&
			    read_size(lede_buf_cstr(&full), &r->width, &r->height) == 0) {
				r->bytes = (long long)st.st_size;
				continue;
			}
			/* The source is decoded once, whole (vips' streaming
			 * loaders refuse the out-of-order reads some shrink
			 * factors make), and each width is made once for every
			 * format. */
			if (!decoded && !(decoded = decode(data, len))) {
				vips_failed(err, path,
				            "the image is damaged or cut short (a copy or an "
				            "upload that did not finish?)");
				rc = -1;
				break;
			}
			if (!t && make_width(decoded, plan[i], &t)) {
				vips_failed(err, path, "cannot resize the image");
				rc = -1;
				break;
			}
			r->width = vips.vips_image_get_width(t);
			r->height = vips.vips_image_get_height(t);
			rc = encode(t, fidx[f], outdir, r->path, &r->bytes, err);
			img->encoded += rc == 0;
			r->made = rc == 0;
		}
		if (t)
			g_object_unref(t);
	}
	if (decoded)
		g_object_unref(decoded);
	lede_buf_free(&full);
	free(data);
	if (rc)
		lede_image_free(img);
	return rc;
}

void lede_image_free(lede_image *img)
{
	free(img->r);
	img->r = NULL;
	img->n = 0;
}

/* --- lede.image ---------------------------------------------------------- */

static lede_engine *engine_for_images(lua_State *L, const char *fn)
{
	lede_engine *e = lede_lua_engine(L);
	if (!e || e->sbx_active)
		luaL_error(L, "lede.image.%s is not available to sandboxed plugins", fn);
	return e;
}

static bool is_remote(const char *u)
{
	if (u[0] == '/' && u[1] == '/')
		return true;
	size_t i = 0;
	if (!((u[0] >= 'a' && u[0] <= 'z') || (u[0] >= 'A' && u[0] <= 'Z')))
		return false;
	while (u[i] && (isalnum((unsigned char)u[i]) || strchr("+.-", u[i])))
		i++;
	return u[i] == ':';
}

/* Whether remote url u is one a page may load: http(s), or "//host". */
static bool web_url(const char *u)
{
	return (u[0] == '/' && u[1] == '/') || !strncasecmp(u, "http://", 7) ||
	       !strncasecmp(u, "https://", 8);
}

/* url (from the article at apath) as a path from the site root, in out:
 * relative to the article's folder, or to the site root when it starts
 * with '/'; "./" parts dropped. False when it is remote (a scheme or
 * "//"), has a query or fragment, or would leave the site. */
static bool site_path(const char *apath, const char *url, lede_buf *out)
{
	lede_buf_reset(out);
	if (!url[0] || is_remote(url) || strpbrk(url, "?#"))
		return false;
	if (url[0] == '/') {
		url++;
	} else {
		const char *slash = strrchr(apath, '/');
		if (slash)
			lede_buf_put(out, apath, (size_t)(slash - apath + 1));
	}
	while (url[0] == '.' && url[1] == '/')
		url += 2;
	lede_buf_puts(out, url);
	return lede_path_is_contained(lede_buf_cstr(out));
}

/* lede.image.source(a, url) -> the site path of a local image, or nil */
static int l_source(lua_State *L)
{
	lede_article *a = lede_article_check(L, 1);
	const char *url = luaL_checkstring(L, 2);
	lede_buf b = LEDE_BUF_INIT;
	if (a->path && site_path(a->path, url, &b))
		lua_pushstring(L, lede_buf_cstr(&b));
	else
		lua_pushnil(L);
	lede_buf_free(&b);
	return 1;
}

static void warn_once(lede_engine *e, const char *file, const lede_value *at, const char *key,
                      const char *msg)
{
	lede_error err;
	lede_error_clear(&err);
	lede_error_set(&err, file, at ? at->line : 0, at ? at->column : 0, "%s", msg);
	lede_buf b = LEDE_BUF_INIT, once = LEDE_BUF_INIT;
	lede_error_format(&err, "warning", &b);
	lede_buf_printf(&once, "%s:%s", key, file);
	lede_diag(e, LEDE_DIAG_WARNING, lede_buf_cstr(&once), b.data, b.len);
	lede_buf_free(&b);
	lede_buf_free(&once);
}

static int bad_image(lua_State *L, const lede_article *a, const lede_value *at, const char *msg)
{
	lede_error err;
	lede_error_clear(&err);
	lede_error_set(&err, a->path ? a->path : "", at ? at->line : 0, at ? at->column : 0, "%s",
	               msg);
	return lede_error_raise(L, &err);
}

static int l_renditions(lua_State *L);

/* lede.image.lead(a [, opts]) -> the front matter's image: {src, alt,
 * caption, credit, file} (file: its site path, nil for a URL), or nil. A
 * missing alt is a warning (once per article); a bad value raises. With
 * opts (lede.image.renditions' options), a file's renditions too, as
 * img: a file that cannot be rendered (not an image, too large) raises at
 * the image's line in the article, as a bad value does. */
static int l_lead(lua_State *L)
{
	lede_engine *e = engine_for_images(L, "lead");
	lede_article *a = lede_article_check(L, 1);
	/* (read before anything is pushed) */
	if (!lua_isnoneornil(L, 2))
		luaL_checktype(L, 2, LUA_TTABLE);
	bool renditions = lua_istable(L, 2);
	const lede_value *v = lede_value_get(a->meta, "image");
	if (!v || v->type == LEDE_NULL) {
		lua_pushnil(L);
		return 1;
	}
	const lede_value *src = v->type == LEDE_STRING ? v : lede_value_get(v, "src");
	if (v->type != LEDE_STRING && v->type != LEDE_MAP)
		return bad_image(L, a, v,
		                 "'image' must be a mapping {src, alt, caption, credit} or a path");
	if (!src || src->type != LEDE_STRING || !src->u.str.len)
		return bad_image(
		    L, a, src ? src : v,
		    "the image needs 'src': a file in the site (relative to the article) "
		    "or a URL");
	lua_createtable(L, 0, 6);
	lua_pushstring(L, src->u.str.s);
	lua_setfield(L, -2, "src");
	static const char *const texts[] = {"alt", "caption", "credit"};
	for (size_t i = 0; i < 3; i++) {
		const lede_value *t = v->type == LEDE_MAP ? lede_value_get(v, texts[i]) : NULL;
		if (t && t->type != LEDE_STRING && t->type != LEDE_NULL) {
			char msg[128];
			snprintf(msg, sizeof msg, "the image's '%s' must be text", texts[i]);
			return bad_image(L, a, t, msg);
		}
		if (t && t->type == LEDE_STRING) {
			lua_pushstring(L, t->u.str.s);
			lua_setfield(L, -2, texts[i]);
		}
	}
	const lede_value *alt = v->type == LEDE_MAP ? lede_value_get(v, "alt") : NULL;
	if (!alt || alt->type != LEDE_STRING)
		warn_once(
		    e, a->path ? a->path : "", v, "image-alt",
		    "the image has no 'alt' text; add 'alt:' saying what it shows for readers "
		    "who cannot see it (alt: \"\" marks it as decoration)");
	lede_buf b = LEDE_BUF_INIT;
	if (a->path && site_path(a->path, src->u.str.s, &b)) {
		lua_pushstring(L, lede_buf_cstr(&b));
		lua_setfield(L, -2, "file");
		if (renditions) {
			int lead = lua_gettop(L);
			lua_pushcfunction(L, l_renditions);
			lua_pushstring(L, lede_buf_cstr(&b));
			lua_pushvalue(L, 2);
			if (lua_pcall(L, 2, 1, 0) != LUA_OK) {
				/* (its message names the function: the article's line
				 * says where the image is; the message stays on the
				 * stack until bad_image has copied it) */
				const char *msg = lua_tostring(L, -1);
				const char *prefix = "lede.image.renditions: ";
				if (msg && !strncmp(msg, prefix, strlen(prefix)))
					msg += strlen(prefix);
				lede_buf_free(&b);
				return bad_image(L, a, src, msg ? msg : "cannot render the image");
			}
			lua_setfield(L, lead, "img");
		}
	} else if (!is_remote(src->u.str.s)) {
		lede_buf_free(&b);
		return bad_image(
		    L, a, src,
		    "the image's 'src' leaves the site folder; give a path inside it or "
		    "a URL");
	} else if (!web_url(src->u.str.s)) {
		/* javascript:, data:, vbscript: would go into src, og:image and
		 * the feeds as they are */
		lede_buf_free(&b);
		return bad_image(L, a, src,
		                 "the image's 'src' must be a file in the site or an http(s) "
		                 "URL, not another scheme");
	} else if (lede_uri_forbidden(src->u.str.s, src->u.str.len)) {
		/* It goes into og:image, JSON-LD and the feeds as it is: a
		 * space there is no URI (JSON Feed's schema, Atom's href) */
		lede_buf_free(&b);
		return bad_image(L, a, src,
		                 "the image's URL holds a space or one of \" < > \\ ^ ` { | }, "
		                 "which a URL may not; write it percent-encoded (a space is "
		                 "%20)");
	}
	lede_buf_free(&b);
	return 1;
}

/* lede.image.warn(a, node, msg [, once]): a warning at the node's place in
 * the article's file (an image the format could not use), so the message
 * names the article's line, not the format's; with once, said once for
 * the build however many outlets render the article (an image's missing
 * alt text: the article's, not the page's). */
static int l_warn(lua_State *L)
{
	lede_engine *e = engine_for_images(L, "warn");
	lede_article *a = lede_article_check(L, 1);
	lede_node *n = lede_node_check(L, 2);
	const char *msg = luaL_checkstring(L, 3);
	const char *file = a->path ? a->path : "";
	if (!lua_toboolean(L, 4)) {
		lede_reportf(e, true, file, n->line, n->column, "%s", msg);
		return 0;
	}
	lede_error err;
	lede_error_clear(&err);
	lede_error_set(&err, file, n->line, n->column, "%s", msg);
	lede_buf b = LEDE_BUF_INIT, once = LEDE_BUF_INIT;
	lede_error_format(&err, "warning", &b);
	lede_buf_printf(&once, "image-warn:%s:%d:%d:%s", file, n->line, n->column, msg);
	lede_diag(e, LEDE_DIAG_WARNING, lede_buf_cstr(&once), b.data, b.len);
	lede_buf_free(&b);
	lede_buf_free(&once);
	return 0;
}

static void push_rendition(lua_State *L, const lede_rendition *r)
{
	lua_createtable(L, 0, 6);
	lua_pushinteger(L, r->width);
	lua_setfield(L, -2, "width");
	lua_pushinteger(L, r->height);
	lua_setfield(L, -2, "height");
	lua_pushstring(L, r->format);
	lua_setfield(L, -2, "format");
	lua_pushstring(L, r->type);
	lua_setfield(L, -2, "type");
	lua_pushstring(L, r->path);
	lua_setfield(L, -2, "path");
	lua_pushinteger(L, r->bytes);
	lua_setfield(L, -2, "bytes");
}

/* lede.image.renditions(file [, {widths, formats, dir, max_pixels}]) ->
 * {width, height, type, bytes, original, renditions = {{width, height,
 * format, type, path, bytes}...}}; file is a path from the site root. */
static int l_renditions(lua_State *L)
{
	lede_engine *e = engine_for_images(L, "renditions");
	const char *file = luaL_checkstring(L, 1);
	int widths[32] = {480, 960, 1600};
	size_t nw = 3, nf = 2;
	const char *formats[8] = {"webp", "jpeg"};
	const char *dir = "media";
	long long max_pixels = LEDE_IMAGE_MAX_PIXELS;
	if (!lua_isnoneornil(L, 2)) {
		luaL_checktype(L, 2, LUA_TTABLE);
		if (lua_getfield(L, 2, "widths") != LUA_TNIL) {
			luaL_argcheck(L, lua_istable(L, -1), 2,
			              "widths must be a list of pixel widths");
			nw = 0;
			for (lua_Integer i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; i++) {
				lua_Integer w = lua_tointeger(L, -1);
				luaL_argcheck(L, nw < 32 && w >= 1 && w <= 20000, 2,
				              "widths: up to 32 integers from 1 to 20000");
				widths[nw++] = (int)w;
				lua_pop(L, 1);
			}
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
		if (lua_getfield(L, 2, "formats") != LUA_TNIL) {
			luaL_argcheck(L, lua_istable(L, -1), 2,
			              "formats must be a list: webp, jpeg");
			nf = 0;
			for (lua_Integer i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; i++) {
				const char *f = lua_tostring(L, -1);
				luaL_argcheck(L, nf < 8 && f && format_index(f) >= 0, 2,
				              "formats: webp or jpeg");
				formats[nf++] = formats_known[format_index(f)].format;
				lua_pop(L, 1);
			}
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
		if (lua_getfield(L, 2, "dir") != LUA_TNIL)
			dir = luaL_checkstring(L, -1); /* kept alive by the table */
		lua_pop(L, 1);
		if (lua_getfield(L, 2, "max_pixels") != LUA_TNIL) {
			int isnum;
			lua_Integer m = lua_tointegerx(L, -1, &isnum);
			if (!isnum || m < 1)
				return luaL_error(
				    L, "lede.image.renditions: max_pixels must be a whole "
				       "number of pixels, 1 or more");
			max_pixels = (long long)m;
		}
		lua_pop(L, 1);
	}
	if (lede_path_is_contained(file))
		lede_engine_image_read(e, file); /* lede serve watches it, made or not */
	if (!lede_path_is_contained(file))
		return luaL_error(L,
		                  "lede.image.renditions: '%s' is not inside the site folder; give "
		                  "a path from the site root, without '..'",
		                  file);
	if (!lede_path_is_contained(dir))
		return luaL_error(
		    L,
		    "lede.image.renditions: dir '%s' must be a path inside the output "
		    "folder",
		    dir);
	lede_buf full = LEDE_BUF_INIT;
	lede_buf_printf(&full, "%s/%s", e->root, file);
	/* a symbolic link must not lead out of the site */
	char *real = realpath(lede_buf_cstr(&full), NULL), *root = realpath(e->root, NULL);
	bool inside =
	    real && root && !strncmp(real, root, strlen(root)) && real[strlen(root)] == '/';
	free(real);
	free(root);
	lede_image img;
	lede_error err;
	lede_error_clear(&err);
	int rc = -1;
	if (inside)
		rc = lede_image_render(lede_buf_cstr(&full), e->outdir, dir, widths, nw, formats,
		                       nf, max_pixels, !e->check_only, &img, &err);
	else
		lede_error_set(&err, file, 0, 0, "no such image in the site folder");
	lede_buf_free(&full);
	if (rc) {
		/* name the file as the site does, not by its full path */
		return luaL_error(L, "lede.image.renditions: %s: %s", file, err.msg);
	}
	/* Written in place, not staged: a file named by its content is new or
	 * the same. The build state lists them, so they are pruned once no
	 * page uses them. */
	if (e->trace) { /* kept with the article while the source is the same */
		lede_trace_add(&e->trace->images, &e->trace->nimages, file);
		lede_trace_add(&e->trace->images, &e->trace->nimages, img.original);
		lede_trace_add(&e->trace->claims, &e->trace->nclaims, img.original);
		for (size_t i = 0; i < img.n; i++)
			lede_trace_add(&e->trace->claims, &e->trace->nclaims, img.r[i].path);
	}
	lede_links_file(e, img.original); /* files of the build, for the link check */
	for (size_t i = 0; i < img.n; i++)
		lede_links_file(e, img.r[i].path);
	if (e->state && !e->check_only) {
		lede_state_claim_made(e->state, img.original, img.original_made);
		for (size_t i = 0; i < img.n; i++)
			lede_state_claim_made(e->state, img.r[i].path, img.r[i].made);
		e->nwritten += 1 + (int)img.n;
	} else {
		e->nwritten += img.encoded;
	}
	lua_createtable(L, 0, 6);
	lua_pushinteger(L, img.width);
	lua_setfield(L, -2, "width");
	lua_pushinteger(L, img.height);
	lua_setfield(L, -2, "height");
	lua_pushstring(L, img.type);
	lua_setfield(L, -2, "type");
	lua_pushinteger(L, img.bytes);
	lua_setfield(L, -2, "bytes");
	lua_pushstring(L, img.original);
	lua_setfield(L, -2, "original");
	lua_createtable(L, (int)img.n, 0);
	for (size_t i = 0; i < img.n; i++) {
		push_rendition(L, &img.r[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "renditions");
	lede_image_free(&img);
	return 1;
}

void lede_image_lib(lua_State *L)
{
	static const luaL_Reg fns[] = {{"renditions", l_renditions},
	                               {"source", l_source},
	                               {"lead", l_lead},
	                               {"warn", l_warn},
	                               {NULL, NULL}};
	luaL_newlib(L, fns);
	lua_setfield(L, -2, "image");
}
