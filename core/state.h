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
#include "digest.h"
#include "error.h"

#include <stdbool.h>
#include <stddef.h>

/* The manifest's name, in the output folder. */
#define LEDE_MANIFEST ".lede-manifest"
/* Where staged files wait, in the output folder. */
#define LEDE_STAGE ".lede-stage"
/* There while a build into the folder runs: a build that finds it (or no
 * manifest) knows the last one was interrupted and left temporary files. */
#define LEDE_RUNNING ".lede-stage-running"

typedef struct lede_state lede_state;

/* What a page or an article made with image renditions: the sources (from
 * the site root) and their copies in the output named by their content,
 * in pairs, and every file made. Reused while each source is still the
 * bytes of its copy and every file is there. */
typedef struct lede_deps {
	char **images;
	size_t nimages;
	char **claims;
	size_t nclaims;
} lede_deps;
void lede_deps_clear(lede_deps *d);

/* Opens the state of outdir: reads its manifest (none: a first build) and
 * prepares the stage (a stage a killed build left is removed). now is the
 * build time, recorded as when this build's files were published. NULL with
 * err when the manifest cannot be read or is not lede's. */
lede_state *lede_state_open(const char *outdir, const char *now, lede_error *err);
/* lede_state_open in two steps: lede_state_read reads the manifest and
 * changes nothing in outdir (a state only read is freed without a trace:
 * on a thread of its own while the build loads its plugins, say);
 * lede_state_begin, on the state of a build that goes on, prepares the
 * stage and marks the build running. */
lede_state *lede_state_read(const char *outdir, const char *now, lede_error *err);
void lede_state_begin(lede_state *s);
/* True when the last build into the folder did not finish (it may have
 * left temporary files to sweep), or when there was no build state. */
bool lede_state_interrupted(const lede_state *s);
/* True when the folder holds a whole site's build (a manifest not written
 * by a shard): a shard must not be built there. */
bool lede_state_had_site(const lede_state *s);
/* How many pages of articles (one per article and outlet) the last build
 * published. */
size_t lede_state_article_pages(const lede_state *s);
/* Calls fn for each article under one of the n folders dirs, sorted
 * ("content/news"), that the last build published a page or a record of
 * (from the state read; an article may come once per outlet and more: the
 * caller drops repeats). One pass over the state, however many folders. */
void lede_state_articles_under(const lede_state *s, char *const *dirs, size_t n,
                               void (*fn)(void *ud, const char *article), void *ud);
/* This build is a shard's: the manifest says so. */
void lede_state_set_shard(lede_state *s);
void lede_state_free(lede_state *s);

/* Stages data as outdir/rel, owned by outlet and article (article NULL: a
 * collection of the outlet; outlet NULL: the site, e.g. static files or
 * lede.write). A file already holding exactly data is not staged, only
 * recorded. *changed says which. -1 with err when rel is not a safe path
 * or the stage cannot be written. Thread-safe.
 * writer (interned) names a lede.write ("lede.write in hook 'article' of
 * plugins/x.lua for content/a.md"); NULL with outlet: a page of outlet
 * and article; NULL without: a static file, which anything written later
 * replaces. bound: the article whose publishing makes the file (its
 * page, a lede.write in its hooks), NULL for the site's (static files,
 * collections, index and finish hooks: these come in one order, and the
 * last write stands). Writes of one file for two articles, made on
 * workers in no set order, contest it: a page wins over a lede.write,
 * else the first article by path, whatever the order of the writes (the
 * other's data is dropped); lede_state_contests lists them. Two pages of
 * one file contest it too when they are of two outlets, or one is a
 * collection's (its page first, by path). (Two articles' pages of one
 * outlet: the collections' claims decide, the last write stands.) A
 * static file (outlet, article, writer and bound all NULL) contests any
 * other write of its file, and loses it. */
int lede_state_write(lede_state *s, const char *rel, const void *data, size_t len,
                     const char *outlet, const char *article, const char *writer, const char *bound,
                     bool *changed, lede_error *err);
/* How many writes lost a file to another writer, sorted by file, then
 * writer. lede_state_contest reads the file of the i-th (the first of its
 * file's): returns the file, appends the first write that lost it to
 * loser and the one that kept it to winner, and sets *lost to how many
 * writes lost it (the next file's are at i + *lost), *pages to whether
 * both are pages (of an article or a collection) and *statics to whether
 * the loser is a static file (one where lede makes another file always
 * loses it). */
size_t lede_state_contests(lede_state *s);
/* Forgets the source of every article whose write took part in a contest,
 * winner and loser alike (lede_state_forget_source): the next build
 * makes them again, so a file that two wrote is made by the one left once
 * the other changes, as a full build would. */
void lede_state_forget_contested(lede_state *s);
const char *lede_state_contest(lede_state *s, size_t i, lede_buf *loser, lede_buf *winner,
                               size_t *lost, bool *pages, bool *statics);
/* Finds the files of this build whose name another file of it needs as a
 * folder (`news` written as a file, `news/index.html` under it), and
 * returns how many there are. The file is put in place at the commit, the
 * files under it are not (nothing there is replaced by a folder); the
 * sources of the articles that wrote either are forgotten
 * (lede_state_forget_source), so the next build makes them again and
 * finds the clash again. lede_state_clash reads the i-th, by file: returns
 * the file, appends who wrote it to file_writer and who wrote the first
 * file under it to under_writer, and sets *under to that file, *more to
 * how many others are under it and *pages to whether both are pages.
 * Called once, after the last write and before lede_state_commit. */
size_t lede_state_clashes(lede_state *s);
const char *lede_state_clash(lede_state *s, size_t i, lede_buf *file_writer, lede_buf *under_writer,
                             const char **under, size_t *more, bool *pages);
/* Records rel, a file already written under outdir by other means (an
 * image rendition: named by its content, written once, never changed), as
 * made by this build: listed in the manifest, pruned once no build makes
 * it. Thread-safe. */
void lede_state_claim(lede_state *s, const char *rel);
/* The same, with made: this build wrote it (it was missing: removed by
 * hand), which the summary counts as changed, as a new file is. */
void lede_state_claim_made(lede_state *s, const char *rel, bool made);
/* Calls fn for every file this build made or kept (its path under the
 * output folder and its owners, as lede_state_write says), in no order;
 * for a shard's list of files (shard.c). Not thread-safe. */
typedef void (*lede_state_file_fn)(void *ud, const char *rel, const char *outlet,
                                   const char *article);
void lede_state_each(lede_state *s, lede_state_file_fn fn, void *ud);
/* Whether this build made or kept rel (for link_to: a page that exists). */
bool lede_state_has(lede_state *s, const char *rel);
/* Whether rel is, in this build (last: in the last one), a page of
 * article (in any outlet: an edition's URL may be another outlet's): not
 * only there, but that article's (a file another article's page took is
 * not). */
bool lede_state_has_page(lede_state *s, const char *rel, const char *article, bool last);
/* The article (source path) whose page this build's rel is, made or kept,
 * or NULL: no file there, or not an article's page. Alive as long as s. */
const char *lede_state_page_owner(lede_state *s, const char *rel);

/* Keeps what the last build published for (outlet, article) (article NULL:
 * the outlet's collections; outlet NULL: the site's own files): its files
 * stay as they are and are listed again. Returns how many files, and when
 * they were published in *since (may be NULL). Thread-safe. */
size_t lede_state_keep(lede_state *s, const char *outlet, const char *article, const char **since);
/* Whether this build has recorded article in outlet (published it, or
 * kept or reused its record). */
bool lede_state_has_record(lede_state *s, const char *outlet, const char *article);
/* Calls fn for each article the last build recorded in outlet (its
 * collection records). */
void lede_state_outlet_articles(const lede_state *s, const char *outlet,
                                void (*fn)(void *ud, const char *article), void *ud);
/* The same for an article reused unchanged (an incremental build): its
 * files count as made by this build, not as kept; files a --no-prune
 * build left are not its own. each (may be NULL) is called with each
 * file reused, after the state's lock is released (rel is valid until
 * lede_state_free). */
typedef void (*lede_state_reused_fn)(void *ud, const char *rel);
size_t lede_state_reuse(lede_state *s, const char *outlet, const char *article,
                        lede_state_reused_fn each, void *ud);
/* Keeps every file and record of the last build that belongs to one of
 * the outlets given (those of lede.yaml this build did not make: a build
 * with --outlet), and the site's own files when static files were not
 * copied this time or some outlet was not built (its pages' image
 * renditions are not claimed again). An outlet no longer in lede.yaml is
 * in none of them: its files go like any file this build did not make. */
void lede_state_keep_unbuilt(lede_state *s, const char *const *unbuilt, size_t nunbuilt,
                             bool static_copied);

/* Records rec (an article's collection record for outlet, digest its
 * lede_record_digest) for the next build. Thread-safe. */
void lede_state_record(lede_state *s, const char *outlet, const lede_article *rec,
                       const char *digest);
/* A window on the last manifest for one thread (lede_state_reuse_record;
 * NULL there: none): the records a worker reuses come in the manifest's
 * order, and a window of it serves hundreds of them with one read. Freed
 * before the state. */
typedef struct lede_state_window lede_state_window;
lede_state_window *lede_state_window_new(lede_state *s);
void lede_state_window_free(lede_state_window *w);

/* The record the last build kept for (outlet, article path), rebuilt in
 * arena ar (thin: as a thin record, its text the manifest's; see
 * lede_record_thin), or NULL; *since: when it was published. Also records
 * it for the next build. */
lede_article *lede_state_last(lede_state *s, lede_arena *ar, bool thin, const char *outlet,
                              const char *article, const char **since);

/* How lede_state_reuse_record makes the record: whole, thin (see
 * lede_record_thin), or lazy: a thin record of which only what a
 * collection sorts, groups and checks by is read (path, title, lang,
 * section, date, url, tags; lang places it in a sitemap of every edition)
 * when the state has its digest; lede_record_shown and
 * lede_record_digest read the rest from its text. */
typedef enum { LEDE_RECORD_WHOLE, LEDE_RECORD_THIN, LEDE_RECORD_LAZY } lede_record_how;
/* The same (made as how says), with the record's digest (lede_record_digest) in digest when
 * the state has it, else ""; *unread (when not NULL) says whether a NULL
 * was a record that could not be read back from the last manifest (which
 * stays on disk: an I/O error, a file cut short) rather than none or a
 * damaged one. */
lede_article *lede_state_reuse_record(lede_state *s, lede_arena *ar, lede_record_how how,
                                      const char *outlet, const char *article, const char **since,
                                      char digest[LEDE_DIGEST_HEX], bool *unread,
                                      lede_state_window *win);

/* --- incremental builds ---------------------------------------------------
 * What the state keeps of an article's last build so that the next one can
 * reuse it without parsing it (pipeline.c, reuse.c): the digest of every
 * input it went through, the file's stat when its bytes were hashed, and
 * what the pipeline needs of it without the article itself. */
typedef struct lede_source {
	char key[LEDE_DIGEST_HEX];              /* digest of every input (lede_reuse_key) */
	char digest[LEDE_DIGEST_HEX];           /* digest of the file's bytes */
	long long size, mtime_s, mtime_ns, ino; /* the file's stat when hashed */
	long long checked;                      /* when it was stat'ed (wall clock, seconds): a file
	                                         * changed in the same second is hashed again */
	lede_date date;                         /* its release as its article hooks left it
	                                         * (lede_article_released: page claims, `limit`) */
	char **outlets;                         /* the outlets built from these inputs */
	size_t noutlets;
	char **taken; /* of them, the `limit` outlets whose filters took it */
	size_t ntaken;
	lede_date *times; /* embargo times the build compared with its time... */
	bool *later;      /* ...and whether each was later than it */
	size_t ntimes;
	char **images; /* image renditions' sources and their copies in the
	                * output (pairs): reused while each is the same */
	size_t nimages;
	char **claims; /* the renditions' files, claimed again when reused */
	size_t nclaims;
	bool kept;      /* its article was not built whole (it failed, and what
	                 * it published stays, or a build must not reuse it):
	                 * never reused, and its claims keep the renditions its
	                 * kept pages show */
	char *messages; /* what its build printed (warnings, notes; a worker's
	                 * text, framing included: lede_flush), or NULL: printed
	                 * again when it is reused, as a build would print them */
	int warnings;   /* ...and how many warnings they counted */
	                /* (messages past this many bytes are not kept: the article is built
	                 * again each time, to print them) */
#define LEDE_MESSAGES_KEPT (64 << 10)
	int info;          /* a plugin's info message was printed (1), or hidden by
	                    * -q (2): reused by a build as quiet; 0: none */
	char *edition;     /* what the editions scan read of its front matter
	                    * (lede_editions_text), or NULL: while the file's stat
	                    * is trusted, the next scan does not read it again */
	long long line_at; /* the state's: its line in the last manifest, which */
	size_t line_len;   /* the next copies while nothing above changed (0: none) */
} lede_source;

/* The digest of the site's inputs other than the articles (reuse.h), for
 * collection pages' keys; NULL: none (no key is recorded). reuse false
 * (--full): pages are made again whatever their keys. */
void lede_state_set_site_key(lede_state *s, const char *key, bool reuse);
const char *lede_state_site_key(lede_state *s);
/* A collection page of outlet made from the inputs whose digest is key:
 * when the last build made rel from the same, and it is still there, it is
 * kept as made by this build (true); else false, and the caller makes it
 * and then records its key with lede_state_set_page_key. */
bool lede_state_reuse_page(lede_state *s, const char *root, const char *rel, const char *outlet,
                           const char *key);
void lede_state_set_page_key(lede_state *s, const char *rel, const char *key, char *const *images,
                             size_t nimages, char *const *claims, size_t nclaims);
/* Whether d still holds (see lede_deps); root: the site folder. */
bool lede_state_deps_same(lede_state *s, const char *root, const lede_deps *d);
/* The link check and reuse. A build that checks links says so before its
 * pages are made: then what the check keeps of each page it makes
 * (lede_linkcheck_page_kept) is recorded with the page, and a page reused
 * unchanged carries over what the last build recorded, so that the next
 * build can give the check the same links without making the page. A
 * manifest records whether its build did (lede_state_had_links): one
 * that did not cannot give a checking build its pages' links. */
void lede_state_check_links(lede_state *s);
bool lede_state_had_links(lede_state *s);
/* Records text[0..len) as what the check keeps of rel, a file this build
 * wrote (len 0: nothing). Thread-safe. */
void lede_state_set_links(lede_state *s, const char *rel, const char *text, size_t len);
/* What the last build recorded for rel, in out (empty: none, or no
 * links): 0, or -1 when it cannot be read back from the last manifest
 * (which the state keeps open, not in memory). Thread-safe. */
int lede_state_links(lede_state *s, const char *rel, lede_buf *out);
/* Clean links: at the end of a build that checks links, every page with a
 * link whose target is not one of the build's files (a broken link, a
 * file of the user's, an external URL) is marked (lede_state_links_dirty),
 * and the manifest says which (`"dirty":true`). A page the last build
 * found clean links only to files of that build: while none of them is
 * gone, it still does, and the check need not read its links again.
 * lede_state_links_clean: whether the last build found rel clean (its
 * manifest marks pages so). lede_state_files_gone: whether a file of the
 * last build is not one of this build's (made or kept), once every file is
 * known. Thread-safe but for lede_state_files_gone. */
bool lede_state_links_clean(lede_state *s, const char *rel);
bool lede_state_files_gone(lede_state *s);
/* rel NULL: every unclean page is marked (the manifest may say which). */
void lede_state_links_dirty(lede_state *s, const char *rel);
/* Whether outdir/rel is a regular file. */
bool lede_state_exists(lede_state *s, const char *rel);
/* The entry the last build kept for the article at path, or NULL. Read
 * only, valid until lede_state_free; thread-safe. */
const lede_source *lede_state_source(lede_state *s, const char *path);
/* Records src (copied) as the entry of path for the next build.
 * Thread-safe. */
void lede_state_set_source(lede_state *s, const char *path, const lede_source *src);
/* The same for an unchanged article: src is its last entry (from
 * lede_state_source) with its stat and edition as taken now; what they
 * share with it is shared, not copied (a 100k site's entries are some 60
 * MB). Thread-safe. */
void lede_state_carry_source(lede_state *s, const char *path, const lede_source *src);
/* Drops this build's entry for path: the next build builds it again. */
void lede_state_forget_source(lede_state *s, const char *path);
/* The article at path failed, and what the last build published of it
 * stays: so do the renditions its pages show (claimed again), and, unless
 * this build has an entry for it, the last one, marked kept, for a next
 * build that fails for it too. Thread-safe. */
void lede_state_keep_claims(lede_state *s, const char *path);

/* The page the last build made for (outlet, article), or NULL; valid
 * until lede_state_free; *recorded: whether it kept a record for them
 * too. Thread-safe. */
const char *lede_state_page_of(lede_state *s, const char *outlet, const char *article,
                               bool *recorded);
/* Whether the last build kept a record for (outlet, article). */
bool lede_state_had_record(lede_state *s, const char *outlet, const char *article);

/* A collection record as one line of JSON (no newline), appended to out;
 * lede_record_decode reads it back in arena ar: every field an index hook
 * sees comes back byte for byte (NULL when json is not such a record). For
 * the manifest, and for whatever else must carry records between builds. */
int lede_record_encode(const lede_article *rec, lede_buf *out);
/* The digest (digest.h) of everything of rec an index hook sees, in hex: two records
 * with the same digest show the same. */
void lede_record_digest(const lede_article *rec, char hex[LEDE_DIGEST_HEX]);
lede_article *lede_record_decode(lede_arena *ar, const char *json, size_t len);
/* A thin record of rec in arena ar: what collections sort, group and
 * check by, and what an index page shows (lede_article_light: the
 * strings of tags, outlet, section and lang shared from pool, whose arena
 * is ar, unless NULL), with the whole record encoded in s's spill file on
 * disk, where its authors, meta and fragment are read when a hook asks. NULL when it cannot
 * be spilled (keep rec). Thread-safe. lede_state_reuse_record and
 * lede_state_last give thin records too when asked (their text is the
 * manifest's). A build makes its records thin when they would take more
 * than --records-memory (lede_engine's records_on_disk).
 * lede_record_encode and lede_record_digest take thin records; nothing
 * else reads more of them than those fields. */
lede_article *lede_record_thin(lede_state *s, lede_arena *ar, const lede_article *rec,
                               lede_value_pool *pool);
/* A thin record of the record json[0..len) (lede_record_encode's),
 * which must outlive it (packed is json; a caller may point packed_fd
 * and packed_at at a copy in a file instead and set packed NULL), or NULL
 * when json is not such a record. */
lede_article *lede_record_thin_text(lede_arena *ar, const char *json, size_t len);
/* rec itself, or when thin, a copy of it in arena ar for a page that
 * shows it: every field, but authors, meta and fragment wait in the
 * packed text (partial) until lede_record_complete reads them, as an index
 * page seldom shows them (at 100k articles, a record is on four or five
 * pages). Valid until s is freed. */
lede_article *lede_record_shown(lede_arena *ar, const lede_article *rec);
/* Reads a partial record's authors, meta and fragment into its arena
 * (nothing for another): 0, or -1 when its text cannot be read back.
 * The Lua getters call it; so must C code that reads those fields of a
 * record an index hook is shown. */
int lede_record_complete(lede_article *a);

/* What a commit did. */
typedef struct lede_commit {
	size_t written; /* files this build made (changed or not) */
	size_t changed; /* of them, written to disk */
	size_t removed; /* files of the last build pruned */
	size_t kept;    /* files kept from the last build */
} lede_commit;

/* Starts writing the manifest's records and sources (this build's, as
 * they stand) on a thread of its own, for the commit to finish: called
 * once every article is published, before the collections are made, so
 * that the main thread's collections and the writing run at once. A
 * record or source changed afterwards (an article's record carried, an
 * entry forgotten) waits for the thread and has the commit write them
 * again: the manifest always says what the build holds. */
void lede_state_write_ahead(lede_state *s);

/* After a commit that failed to put files in place: the i-th such failure
 * but the first (the commit's own error), or NULL past the last. */
const lede_error *lede_state_place_error(const lede_state *s, size_t i);
/* Ends the build. discard: nothing in the output changes (the stage goes).
 * Else the staged files are renamed into place, then (prune) the files the
 * last build wrote and this one neither made nor kept are removed with the
 * folders they leave empty, then the manifest is written (atomically, last:
 * a build killed before it leaves the last complete manifest, and the next
 * build finishes the job). 0, or -1 with err (what could be done was). */
int lede_state_commit(lede_state *s, bool discard, bool prune, lede_commit *c, lede_error *err);
/* The i-th file the commit did not prune because it is not the bytes the
 * last build recorded (changed by hand since, or never lede's), from the
 * output folder; NULL past the last. Valid until lede_state_free. */
const char *lede_state_spared(const lede_state *s, size_t i);

#endif
