/* reuse.c: the digests incremental builds compare (see reuse.h), with
 * digest.h's. */
#include "reuse.h"

#include "output.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void lede_reuse_digest(const void *data, size_t n, char hex[LEDE_DIGEST_HEX])
{
	lede_digest_of(data, n, hex);
}

static void put(lede_digest *c, const void *p, size_t n) { lede_digest_put(c, p, n); }

static void put_str(lede_digest *c, const char *s)
{
	put(c, s ? s : "\1(null)", s ? strlen(s) : 7);
}

static void put_date(lede_digest *c, const lede_date *d)
{
	int f[] = {d->year, d->month, d->day,    d->hour,     d->min,
	           d->sec,  d->nsec,  d->offset, d->has_time, d->has_zone};
	put(c, f, sizeof f);
}

typedef struct {
	lede_digest *c;
	const char *label;
} walk_ud;

static int hash_file(void *ud, const char *full, const char *rel, const char *shown,
                     const struct stat *st, bool via_link)
{
	walk_ud *w = ud;
	size_t n = 0;
	char *data = lede_read_file(full, &n);
	put_str(w->c, w->label);
	put_str(w->c, rel);
	if (data)
		put(w->c, data, n);
	else
		put_str(w->c, "\1(unreadable)");
	free(data);
	return 0;
}

static void no_report(void *ud, bool warning, const char *shown, const char *msg) {}

static void hash_tree(lede_digest *c, const char *root, const char *dir, const char *label)
{
	lede_buf full = LEDE_BUF_INIT;
	if (dir[0] == '/')
		lede_buf_puts(&full, dir);
	else
		lede_buf_printf(&full, "%s/%s", root, dir);
	walk_ud w = {c, label};
	lede_walk walk = {
	    .site = NULL, .skip = ".", .file = hash_file, .report = no_report, .ud = &w};
	lede_walk_tree(&walk, lede_buf_cstr(&full), label);
	lede_buf_free(&full);
}

/* lede.yaml's bytes, and every file under the site's plugins, templates
 * and static folders and lede's bundled plugins (names and bytes). */
static void put_site_files(lede_digest *c, lede_engine *e)
{
	lede_buf cfg = LEDE_BUF_INIT;
	lede_buf_printf(&cfg, "%s/%s", e->root, e->config_file);
	size_t n = 0;
	char *data = lede_read_file(lede_buf_cstr(&cfg), &n);
	put(c, data ? data : "", n);
	free(data);
	lede_buf_free(&cfg);
	hash_tree(c, e->root, "plugins", "site plugins");
	hash_tree(c, e->root, e->cfg->templates_dir, "site templates");
	hash_tree(c, e->root, e->cfg->static_dir, "site static");
	hash_tree(c, e->root, e->bundled, "bundled");
}

void lede_reuse_site_key(lede_engine *e, char hex[LEDE_DIGEST_HEX])
{
	lede_digest *c = lede_digest_new();
	put_str(c, "lede incremental 1");
	put_str(c, LEDE_VERSION_STRING);
	/* The program itself, by its stat: lede built again (same version,
	 * other code) builds everything again. */
	struct stat st;
	if (stat("/proc/self/exe", &st) == 0) {
		long long f[] = {(long long)st.st_size, (long long)st.st_mtim.tv_sec,
		                 (long long)st.st_mtim.tv_nsec, (long long)st.st_ino};
		put(c, f, sizeof f);
	}
	put_str(c, e->drafts ? "drafts" : "no drafts");
	put_site_files(c, e);
	lede_digest_end(c, hex);
}

void lede_reuse_key(const char *site_key, const char *path, const char *digest,
                    const lede_editions *m, char hex[LEDE_DIGEST_HEX])
{
	lede_digest *c = lede_digest_new();
	put_str(c, site_key);
	put_str(c, path);
	put_str(c, digest);
	const lede_edition *me = lede_editions_find(m, path);
	for (size_t k = me ? me->first : 0; me && me->count > 1 && k < me->first + me->count; k++) {
		const lede_edition *x = &m->v[m->order[k]];
		put_str(c, x->path);
		put_str(c, x->lang);
		put_str(c, x->slug);
		put_str(c, x->section);
		put_str(c, x->title);
		put_date(c, &x->date);
		put(c, (const char[]){(char)x->draft, (char)x->held}, 2);
	}
	lede_digest_end(c, hex);
}

void lede_reuse_inputs_key(lede_engine *e, char *const *paths, size_t n, char hex[LEDE_DIGEST_HEX])
{
	lede_digest *c = lede_digest_new();
	put_str(c, "lede shard 1");
	put_str(c, LEDE_VERSION_STRING);
	put_str(c, e->drafts ? "drafts" : "no drafts");
	for (size_t k = 0; k < e->noutlets; k++)
		if (e->outlets[k].selected)
			put_str(c, e->outlets[k].cfg->name);
	put_str(c, "");
	put_site_files(c, e);
	for (size_t i = 0; i < n; i++)
		put_str(c, paths[i]);
	lede_digest_end(c, hex);
}
