/* reuse.h: incremental builds. What an article's pages and records depend
 * on, as digests: the site's inputs other than the articles (lede.yaml,
 * plugins, templates, static files, lede's own plugins and version, the
 * options that change output), the article's own bytes and its editions.
 * An article whose key is the one its last build recorded, and whose
 * other conditions still hold (pipeline.c), is not built again: its files
 * and records come from the build state (state.h). */
#ifndef LEDE_REUSE_H
#define LEDE_REUSE_H

#include "digest.h"
#include "editions.h"
#include "engine.h"

#include <stddef.h>

/* The digest of every input of e's build that is not an article: lede's
 * version and program (its stat), the options that change what is
 * published (--drafts), the configuration file, and every file under the
 * site's plugins/, its
 * templates and static folders and lede's bundled plugins folder (names
 * and bytes). */
void lede_reuse_site_key(lede_engine *e, char hex[LEDE_DIGEST_HEX]);
/* The digest of what every shard of a build and its merge must share
 * (shard.c): lede's version, --drafts, the outlets built, the
 * configuration file, the site's plugins, templates and static files and
 * lede's bundled plugins (names and bytes), and the list of articles
 * paths[0..n) (not their bytes). Unlike the site key, not the program's
 * stat: shards run on other machines. */
void lede_reuse_inputs_key(lede_engine *e, char *const *paths, size_t n, char hex[LEDE_DIGEST_HEX]);
/* The key of the article at path: site_key, its path, the digest of its
 * bytes, and what the editions map m says of its group (the other
 * editions' language, slug, section, title, date, draft and whether they
 * are held back at the build time). */
void lede_reuse_key(const char *site_key, const char *path, const char *digest,
                    const lede_editions *m, char hex[LEDE_DIGEST_HEX]);

#endif
