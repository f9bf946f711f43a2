/* image.h: image renditions with libvips. A source image (a file in the
 * site) becomes resized copies in WebP and JPEG under the output folder,
 * named by a hash of the source's bytes, so an unchanged image is never
 * encoded twice and two workers making the same one write the same bytes
 * (each through an atomic rename: a reader never sees half a file). */
#ifndef LEDE_IMAGE_H
#define LEDE_IMAGE_H

#include "error.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct lua_State lua_State;

typedef struct lede_rendition {
	int width, height;
	const char *format; /* "webp" or "jpeg" (static strings) */
	const char *type;   /* its media type, "image/webp"... */
	char path[128];     /* under the output folder: "media/HASH-480.webp" */
	long long bytes;    /* the file's size (for feeds' enclosures) */
	bool made;          /* written by this call (else: there already) */
} lede_rendition;

typedef struct lede_image {
	int width, height;  /* the source as shown (EXIF orientation applied) */
	char original[128]; /* the source's copy under the output folder */
	bool original_made; /* ...written by this call (else: there already) */
	const char *type;   /* the source's media type */
	long long bytes;    /* the source's size */
	lede_rendition *r;  /* n renditions, narrowest first, each width in every format */
	size_t n;
	int encoded; /* files this call encoded and wrote (0: all were there) */
} lede_image;

/* Loads and starts libvips once per process (thread-safe: the first caller
 * does it, the others wait); lede_image_render calls it. 0, or -1 with err
 * (about path) when libvips cannot be loaded (not installed, another ABI). */
int lede_image_init(lede_error *err, const char *path);

/* The largest source lede.image.renditions decodes by default (pixels,
 * width times height): a 100-megapixel photo, about 300 MB decoded. A PNG
 * of a few hundred kilobytes can say 60000 x 60000 (3.6 GB decoded, and
 * minutes of work); such a file is an error, not a build that hangs.
 * site.images.max_pixels changes it. */
#define LEDE_IMAGE_MAX_PIXELS 100000000LL
/* The most pixels a side vips holds (VIPS_MAX_COORD): an SVG declaring more
 * is refused before vips reads it. */
#define LEDE_IMAGE_MAX_SIDE 10000000

/* Renditions of the image file at path for each of widths[0..nw) (pixels;
 * wider than the source: the source's width, once) in each of
 * formats[0..nf) ("webp", "jpeg"), written into outdir/dir/ (dir a
 * relative path) as HASH-WIDTH.EXT, and the source copied there as
 * HASH.EXT; files already there are kept and not encoded again. write
 * false: nothing is written or encoded, sizes are computed (lede check).
 * A source of more than max_pixels (width times height; 0: the default,
 * LEDE_IMAGE_MAX_PIXELS) is not decoded: an error, as its header says.
 * Fills img (free with lede_image_free); returns 0, or -1 with err (file
 * unreadable, not an image, too large, a write that failed). */
int lede_image_render(const char *path, const char *outdir, const char *dir, const int *widths,
                      size_t nw, const char *const *formats, size_t nf, long long max_pixels,
                      bool write, lede_image *img, lede_error *err);
void lede_image_free(lede_image *img);

/* Adds the lede.image table (renditions, source, lead) to the table at the
 * top of L's stack (the lede module). */
void lede_image_lib(lua_State *L);

#endif
