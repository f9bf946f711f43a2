/* state.h: the build state kept in the output folder. A build stages the
 * files it makes (nothing in the output changes until it commits), records
 * which article or collection owns each file and each article's collection
 * record, and on commit renames the staged files into place, removes what
 * the last build wrote and this one did not, and writes the manifest last.
 * An article or collection that failed this time keeps what the last good
 * build published: its files stay and its old record is listed again. */
#ifndef LEDE_STATE_H
#define LEDE_STATE_H

#include "article.h"
#include "error.h"

#include <stdbool.h>
#include <stddef.h>

/* The manifest's name, in the output folder. */
#define LEDE_MANIFEST ".lede-manifest"
/* Where staged files wait, in the output folder. */
#define LEDE_STAGE ".lede-stage"

typedef struct lede_state lede_state;

/* Opens the state of outdir: reads its manifest (none: a first build) and
 * prepares the stage (a stage a killed build left is removed). now is the
 * build time, recorded as when this build's files were published. NULL with
 * err when the manifest cannot be read or is not lede's. */
lede_state *lede_state_open(const char *outdir, const char *now, lede_error *err);
void lede_state_free(lede_state *s);

/* Stages data as outdir/rel, owned by outlet and article (article NULL: a
 * collection of the outlet; outlet NULL: the site, e.g. static files or
 * lede.write). A file already holding exactly data is not staged, only
 * recorded. *changed says which. -1 with err when rel is not a safe path
 * or the stage cannot be written. Thread-safe. */
int lede_state_write(lede_state *s, const char *rel, const void *data, size_t len,
                     const char *outlet, const char *article, bool *changed, lede_error *err);
/* Records rel, a file already written under outdir by other means (an
 * image rendition: named by its content, written once, never changed), as
 * made by this build: listed in the manifest, pruned once no build makes
 * it. Thread-safe. */
void lede_state_claim(lede_state *s, const char *rel);
/* Whether this build made or kept rel (for link_to: a page that exists). */
bool lede_state_has(lede_state *s, const char *rel);
/* Whether the last build published rel. */
bool lede_state_had(lede_state *s, const char *rel);

/* Keeps what the last build published for (outlet, article) (article NULL:
 * the outlet's collections; outlet NULL: the site's own files): its files
 * stay as they are and are listed again. Returns how many files, and when
 * they were published in *since (may be NULL). Thread-safe. */
size_t lede_state_keep(lede_state *s, const char *outlet, const char *article, const char **since);
/* Keeps every file of the last build whose outlet is not among the built
 * ones (a build with --outlet), and the site's own files when static files
 * were not copied this time. */
void lede_state_keep_unbuilt(lede_state *s, const char *const *built, size_t nbuilt,
                             bool static_copied);

/* Records rec (an article's collection record for outlet) for the next
 * build. Thread-safe. */
void lede_state_record(lede_state *s, const char *outlet, const lede_article *rec);
/* The record the last build kept for (outlet, article path), rebuilt in
 * arena ar, or NULL; *since: when it was published. Also records it for
 * the next build. */
lede_article *lede_state_last(lede_state *s, lede_arena *ar, const char *outlet,
                              const char *article, const char **since);

/* What a commit did. */
typedef struct lede_commit {
	size_t written;   /* files this build made (changed or not) */
	size_t changed;   /* of them, written to disk */
	size_t removed;   /* files of the last build pruned */
	size_t kept;      /* files kept from the last build */
} lede_commit;

/* Ends the build. discard: nothing in the output changes (the stage goes).
 * Else the staged files are renamed into place, then (prune) the files the
 * last build wrote and this one neither made nor kept are removed with the
 * folders they leave empty, then the manifest is written (atomically, last:
 * a build killed before it leaves the last complete manifest, and the next
 * build finishes the job). 0, or -1 with err (what could be done was). */
int lede_state_commit(lede_state *s, bool discard, bool prune, lede_commit *c, lede_error *err);

#endif
