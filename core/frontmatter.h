/* frontmatter.h: YAML (front matter and lede.yaml) into lede_value trees
 * that remember the file position of every value. */
#ifndef LEDE_FRONTMATTER_H
#define LEDE_FRONTMATTER_H

#include "arena.h"
#include "error.h"
#include "value.h"

#include <stdbool.h>
#include <stddef.h>

/* Limits that keep hostile input (billion laughs, deep nesting) cheap. */
#define LEDE_YAML_MAX_ALIASES 1000
#define LEDE_YAML_MAX_VALUES  1000000 /* values once aliases are expanded */
#define LEDE_YAML_MAX_DEPTH   128

/* Parses one YAML document (e.g. lede.yaml) into a value tree allocated in
 * arena a; the tree, its strings and keys live until the arena is freed.
 * text need not be NUL-terminated and is not kept. file is only for
 * messages; first_line is the line number of text[0] in its file (front
 * matter starts on line 2). Returns NULL and fills err (with the offending
 * line as snippet) on failure. An empty document (nothing but comments)
 * yields a LEDE_MAP with n == 0, so an empty config reads as "all defaults";
 * a document that is explicitly null (~) yields LEDE_NULL. More than one
 * document is an error. Scalars follow the YAML 1.2 core schema plus YAML
 * 1.1 timestamps (see docs); aliases share the anchored node, so the tree
 * is a DAG, never a cycle. Columns are 1-based byte columns. */
lede_value *lede_yaml_parse(lede_arena *a, const char *file, const char *text, size_t len,
                            int first_line, lede_error *err);

/* For tests: lede_yaml_parse reads the usual front matter (key: value
 * lines, lists of - item lines) itself and anything else through
 * libyaml; these are the two paths alone. The first is lede_yaml_parse
 * without the fast path; the second returns NULL, reporting nothing, for
 * a document that is not of its kind. Both make the same tree. */
lede_value *lede_yaml_parse_libyaml(lede_arena *a, const char *file, const char *text, size_t len,
                                    int first_line, lede_error *err);
lede_value *lede_yaml_parse_simple(lede_arena *a, const char *text, size_t len, int first_line);
/* Whether the two agree on text: the fast path does not read it, or it
 * makes libyaml's tree, positions included (the fuzz targets' check). */
bool lede_yaml_paths_agree(const char *text, size_t len, int first_line);

typedef struct lede_frontmatter {
	lede_value *meta;   /* always a LEDE_MAP (empty when the file has no front matter) */
	size_t body_offset; /* byte offset of the Markdown body in the file */
	int body_line;      /* 1-based line of the body's first line */
	bool present;       /* the file had a --- fenced block */
} lede_frontmatter;

/* Splits a Markdown file: a first line exactly "---" (optionally followed by
 * spaces, CRLF accepted; a UTF-8 BOM before it is allowed), YAML up to a line
 * "---" or "...", then the body. Checks the WHOLE file is valid UTF-8 first.
 * out->meta is allocated in arena a. Returns 0, or -1 with err filled
 * (file:line:column and the offending line as snippet): invalid UTF-8, an
 * unclosed block, invalid YAML, front matter that is not a mapping, a
 * duplicate key. */
int lede_frontmatter_parse(lede_arena *a, const char *file, const char *text, size_t len,
                           lede_frontmatter *out, lede_error *err);
/* Where the front matter of a file whose first len bytes are text ends,
 * as lede_frontmatter_parse finds it, without reading it: the offset just
 * past its closing fence line's newline; 0 when the file opens none;
 * LEDE_FM_UNKNOWN when these bytes cannot say (the block, or its first
 * line, goes on past them). */
#define LEDE_FM_UNKNOWN ((size_t)-1)
size_t lede_frontmatter_extent(const char *text, size_t len);

#endif
