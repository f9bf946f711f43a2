/* test_image.c: renditions with libvips. The source images are made here
 * (a 3000x2000 JPEG, a PNG with alpha) rather than committed. */
#include "harness.h"
#include "image.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <vips/vips.h>

static char dir[] = "/tmp/lede-image-XXXXXX";

/* A w x h image with a gradient (something for the encoders to chew on),
 * alpha when bands is 4, saved to dir/name. */
static void make_image(const char *name, int w, int h, int bands)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	VipsImage *xyz = NULL, *g = NULL, *u = NULL, *out = NULL;
	CHECK(vips_xyz(&xyz, w, h, NULL) == 0);
	CHECK(vips_linear1(xyz, &g, 255.0 / (w > h ? w : h), 0, NULL) == 0);
	CHECK(vips_cast_uchar(g, &u, NULL) == 0);
	VipsImage *parts[4] = {u, u, u, u};
	/* xyz has two bands (x, y): take x for r, y for g... */
	VipsImage *b0 = NULL, *b1 = NULL;
	CHECK(vips_extract_band(u, &b0, 0, NULL) == 0);
	CHECK(vips_extract_band(u, &b1, 1, NULL) == 0);
	parts[0] = b0, parts[1] = b1, parts[2] = b0, parts[3] = b1;
	CHECK(vips_bandjoin(parts, &out, bands, NULL) == 0);
	out->Type = VIPS_INTERPRETATION_sRGB;
	CHECK(vips_image_write_to_file(out, path, NULL) == 0);
	g_object_unref(xyz), g_object_unref(g), g_object_unref(u);
	g_object_unref(b0), g_object_unref(b1), g_object_unref(out);
}

static int file_size(const char *rel, int *w, int *h)
{
	char path[512];
	snprintf(path, sizeof path, "%s/out/%s", dir, rel);
	VipsImage *im = vips_image_new_from_file(path, NULL);
	if (!im)
		return -1;
	*w = vips_image_get_width(im), *h = vips_image_get_height(im);
	g_object_unref(im);
	return 0;
}

static const int widths[] = {480, 960, 1600};
static const char *const formats[] = {"webp", "jpeg"};

/* Every width in every format, sized as the source's aspect says, named by
 * hash; a second run encodes nothing and leaves the files alone. */
static void jpeg_renditions(void)
{
	char src[256], out[256];
	snprintf(src, sizeof src, "%s/photo.jpg", dir);
	snprintf(out, sizeof out, "%s/out", dir);
	lede_image img;
	lede_error err;
	lede_error_clear(&err);
	CHECK_INT(lede_image_render(src, out, "media", widths, 3, formats, 2, 0, true, &img, &err),
	          0);
	CHECK_INT(img.width, 3000);
	CHECK_INT(img.height, 2000);
	CHECK_STR(img.type, "image/jpeg");
	CHECK_INT(img.n, 6);
	CHECK_INT(img.encoded, 7); /* six renditions and the copied source */
	struct stat before[6];
	for (size_t i = 0; i < img.n && i < 6; i++) {
		const lede_rendition *r = &img.r[i];
		CHECK_INT(r->width, widths[i / 2]);
		CHECK_INT(r->height, (widths[i / 2] * 2 + 1) / 3); /* rounded */
		CHECK_STR(r->format, formats[i % 2]);
		CHECK(strncmp(r->path, "media/", 6) == 0);
		CHECK(strstr(r->path, i % 2 ? ".jpg" : ".webp") != NULL);
		int w = 0, h = 0;
		CHECK_INT(file_size(r->path, &w, &h), 0);
		CHECK_INT(w, r->width);
		CHECK_INT(h, r->height);
		char p[512];
		snprintf(p, sizeof p, "%s/%s", out, r->path);
		CHECK_INT(stat(p, &before[i]), 0);
		CHECK_INT(before[i].st_size, r->bytes);
	}
	char first[128];
	snprintf(first, sizeof first, "%s", img.n ? img.r[0].path : "");
	lede_image_free(&img);

	CHECK_INT(lede_image_render(src, out, "media", widths, 3, formats, 2, 0, true, &img, &err),
	          0);
	CHECK_INT(img.encoded, 0);
	CHECK_INT(img.n, 6);
	CHECK_STR(img.n ? img.r[0].path : "", first);
	for (size_t i = 0; i < img.n && i < 6; i++) {
		char p[512];
		struct stat st;
		snprintf(p, sizeof p, "%s/%s", out, img.r[i].path);
		CHECK_INT(stat(p, &st), 0);
		CHECK(st.st_ino == before[i].st_ino);                    /* not rewritten */
		CHECK_INT(img.r[i].height, (widths[i / 2] * 2 + 1) / 3); /* rounded */
	}
	lede_image_free(&img);
}

/* A source narrower than the widths asked: one rendition at its own
 * width; alpha is flattened for JPEG; check mode writes nothing. */
static void small_png(void)
{
	char src[256], out[256];
	snprintf(src, sizeof src, "%s/logo.png", dir);
	snprintf(out, sizeof out, "%s/out", dir);
	lede_image img;
	lede_error err;
	lede_error_clear(&err);
	CHECK_INT(lede_image_render(src, out, "img", widths, 3, formats, 2, 0, false, &img, &err),
	          0);
	CHECK_INT(img.encoded, 0);
	CHECK_INT(img.n, 2);
	struct stat st;
	char p[512];
	snprintf(p, sizeof p, "%s/img", out);
	CHECK(stat(p, &st) != 0); /* nothing written */
	lede_image_free(&img);
	CHECK_INT(lede_image_render(src, out, "img", widths, 3, formats, 2, 0, true, &img, &err),
	          0);
	CHECK_STR(img.type, "image/png");
	CHECK_INT(img.n, 2);
	CHECK_INT(img.encoded, 3);
	for (size_t i = 0; i < img.n; i++) {
		int w = 0, h = 0;
		CHECK_INT(img.r[i].width, 300);
		CHECK_INT(img.r[i].height, 200);
		CHECK_INT(file_size(img.r[i].path, &w, &h), 0);
		CHECK_INT(w, 300);
	}
	lede_image_free(&img);
}

static void bad_sources(void)
{
	char src[256], out[256];
	snprintf(out, sizeof out, "%s/out", dir);
	lede_image img;
	lede_error err;
	lede_error_clear(&err);
	snprintf(src, sizeof src, "%s/missing.jpg", dir);
	CHECK_INT(lede_image_render(src, out, "media", widths, 3, formats, 2, 0, true, &img, &err),
	          -1);
	CHECK(strstr(err.msg, "cannot read the image") != NULL);
	snprintf(src, sizeof src, "%s/notes.txt", dir);
	FILE *f = fopen(src, "w");
	if (f)
		fputs("not an image\n", f), fclose(f);
	CHECK_INT(lede_image_render(src, out, "media", widths, 3, formats, 2, 0, true, &img, &err),
	          -1);
	CHECK(strstr(err.msg, "not an image") != NULL);
	const char *const gif[] = {"gif"};
	snprintf(src, sizeof src, "%s/logo.png", dir);
	CHECK_INT(lede_image_render(src, out, "media", widths, 3, gif, 1, 0, true, &img, &err), -1);
	CHECK(strstr(err.msg, "unknown rendition format 'gif'") != NULL);
}

/* A source larger than max_pixels is an error from its header alone: a
 * 69-byte PNG that says 60000 x 60000 (3.6 gigapixels) fails at once,
 * and a small image fails under a lower limit and passes at its size. */
static void too_large(void)
{
	static const unsigned char bomb[] =
	    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\xea\x60"
	    "\x00\x00\xea\x60\x01\x00\x00\x00\x00\xa8\xa9\x48\xef\x00\x00\x00\x0c\x49\x44\x41"
	    "\x54\x78\x9c\x63\x60\xa0\x3d\x00\x00\x00\x64\x00\x01\x86\x64\x3c\x35\x00\x00\x00"
	    "\x00\x49\x45\x4e\x44\xae\x42\x60\x82";
	char src[256], out[256];
	snprintf(src, sizeof src, "%s/bomb.png", dir);
	snprintf(out, sizeof out, "%s/out-bomb", dir);
	FILE *f = fopen(src, "wb");
	CHECK(f != NULL);
	if (!f)
		return;
	CHECK(fwrite(bomb, 1, sizeof bomb - 1, f) == sizeof bomb - 1);
	fclose(f);
	lede_image img;
	lede_error err;
	lede_error_clear(&err);
	CHECK_INT(lede_image_render(src, out, "media", widths, 3, formats, 2, 0, true, &img, &err),
	          -1);
	CHECK(strstr(err.msg, "the image is 60000 x 60000 pixels (3600.0 megapixels), more than "
	                      "the 100.0 megapixels") != NULL);
	CHECK(strstr(err.msg, "max_pixels") != NULL);
	struct stat st;
	CHECK(stat(out, &st) != 0); /* nothing written, not even the original */
	snprintf(src, sizeof src, "%s/logo.png", dir);
	CHECK_INT(
	    lede_image_render(src, out, "media", widths, 3, formats, 2, 59999, false, &img, &err),
	    -1);
	CHECK(strstr(err.msg, "300 x 200 pixels (60000 pixels), more than the 59999 pixels") !=
	      NULL);
	CHECK_INT(
	    lede_image_render(src, out, "media", widths, 3, formats, 2, 60000, false, &img, &err),
	    0);
	lede_image_free(&img);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	CHECK(lede_image_init(NULL, NULL) == 0);
	make_image("photo.jpg", 3000, 2000, 3);
	make_image("logo.png", 300, 200, 4);
	RUN(jpeg_renditions);
	RUN(small_png);
	RUN(bad_sources);
	RUN(too_large);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	vips_shutdown();
	DONE();
}
