/* reuse.c: the digests incremental builds compare (see reuse.h), with
 * digest.h's. */
#include "reuse.h"

#include "output.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
	lede_digest_put_str(w->c, w->label);
	lede_digest_put_str(w->c, rel);
	if (data)
		lede_digest_put(w->c, data, n);
	else
		lede_digest_put_str(w->c, "\1(unreadable)");
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
	lede_digest_put(c, data ? data : "", n);
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
	lede_digest_put_str(c, "lede incremental 1");
	lede_digest_put_str(c, LEDE_VERSION_STRING);
	/* The program itself, by its stat: lede built again (same version,
	 * other code) builds everything again. */
	struct stat st;
	if (stat("/proc/self/exe", &st) == 0) {
		long long f[] = {(long long)st.st_size, (long long)st.st_mtim.tv_sec,
		                 (long long)st.st_mtim.tv_nsec, (long long)st.st_ino};
		lede_digest_put(c, f, sizeof f);
	}
	lede_digest_put_str(c, e->drafts ? "drafts" : "no drafts");
	put_site_files(c, e);
	lede_digest_end(c, hex);
}

static void put_edition(lede_digest *c, const lede_edition *x);

void lede_reuse_key(const char *site_key, const char *path, const char *digest,
                    const lede_editions *m, char hex[LEDE_DIGEST_HEX])
{
	lede_digest *c = lede_digest_new();
	lede_digest_put_str(c, site_key);
	lede_digest_put_str(c, path);
	lede_digest_put_str(c, digest);
	const lede_edition *me = lede_editions_find(m, path);
	for (size_t k = me ? me->first : 0; me && me->count > 1 && k < me->first + me->count; k++)
		put_edition(c, &m->v[m->order[k]]);
	/* the articles its body links to by their source: their URLs, and
	 * whether they are published (lede_editions_link) */
	if (me && me->ntargets)
		lede_digest_put_str(c, "links");
	for (size_t k = 0; me && k < me->ntargets; k++)
		put_edition(c, &m->v[me->targets[k]]);
	lede_digest_end(c, hex);
}

static void put_edition(lede_digest *c, const lede_edition *x)
{
	lede_digest_put_str(c, x->path);
	lede_digest_put_str(c, x->lang);
	lede_digest_put_str(c, x->slug);
	lede_digest_put_str(c, x->section);
	lede_digest_put_str(c, x->title);
	lede_digest_put(c, (const char[]){(char)x->status}, 1);
	lede_digest_put_date(c, &x->date);
	lede_digest_put(c, (const char[]){(char)x->draft, (char)x->held}, 2);
	/* (an edition without an embargo of its own is published when its
	 * story's lifts: lede_editions_held_until) */
	lede_digest_put(c, (const char[]){(char)x->has_embargo}, 1);
	if (x->has_embargo)
		lede_digest_put_date(c, &x->embargo);
}

void lede_reuse_inputs_key(lede_engine *e, char *const *paths, size_t n, char hex[LEDE_DIGEST_HEX])
{
	lede_digest *c = lede_digest_new();
	lede_digest_put_str(c, "lede shard 1");
	lede_digest_put_str(c, LEDE_VERSION_STRING);
	lede_digest_put_str(c, e->drafts ? "drafts" : "no drafts");
	for (size_t k = 0; k < e->noutlets; k++)
		if (e->outlets[k].selected)
			lede_digest_put_str(c, e->outlets[k].cfg->name);
	lede_digest_put_str(c, "");
	put_site_files(c, e);
	for (size_t i = 0; i < n; i++)
		lede_digest_put_str(c, paths[i]);
	lede_digest_end(c, hex);
}
