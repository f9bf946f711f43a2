/* typography.h: typographic quotation marks, apostrophes and French spacing
 * for plain text, the hot loop of the bundled smartquotes plugin. */
#ifndef LEDE_TYPOGRAPHY_H
#define LEDE_TYPOGRAPHY_H

#include "buf.h"

#include <lua.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum lede_quote_style {
	LEDE_QUOTES_NONE, /* a language the rules do not cover: leave text alone */
	LEDE_QUOTES_EN,   /* “…” ‘…’ as the author chose " or ' */
	LEDE_QUOTES_FR,   /* « … » “…” ‘…’ by nesting, narrow no-break spaces */
	LEDE_QUOTES_ES,   /* «…» “…” ‘…’ by nesting (Spanish, Italian) */
	LEDE_QUOTES_DE,   /* „…“ ‚…‘ by nesting (German) */
	LEDE_QUOTES_RU, /* «…» „…“ ‚…‘ by nesting (Russian, Ukrainian, Belarusian) */
	LEDE_QUOTES_PL  /* „…” «…» ‚…’ by nesting (Polish) */
} lede_quote_style;

/* The style of a language tag: its leading letters, case-insensitive
 * ("fr-CA" and "FR" are French); LEDE_QUOTES_NONE for other languages and
 * for "". */
lede_quote_style lede_quote_style_for(const char *lang, size_t n);

/* False when s holds no byte the style could change (no ' or ", and in
 * French none of ; : ! ? « »): then lede_smartquotes leaves it as it is. */
bool lede_smartquotes_needed(const char *s, size_t n, lede_quote_style st);

/* One piece of a run of text. A fixed piece is context only: its characters
 * count as neighbours (inline code as "x", a line break as "\n") but are
 * never rewritten nor written out. */
typedef struct lede_text_piece {
	const char *s;
	size_t len;
	bool fixed;
} lede_text_piece;

/* Rewrites the pieces, read as one text, in style st: ASCII quotes become
 * typographic marks, apostrophes ’, and in French the spaces inside « » and
 * before ; : ! ? become (narrow) no-break spaces. The new text of every
 * piece that is not fixed is appended to out, piece after piece; ends[i]
 * receives out->len after piece i (fixed pieces append nothing). Bytes that
 * are not UTF-8 are kept and count as letters. Returns whether any output
 * piece differs from its input. */
bool lede_smartquotes(const lede_text_piece *pieces, size_t n, lede_quote_style st, lede_buf *out,
                      size_t *ends);

/* lede_smartquotes over a tree, the way the bundled plugin reads it: each
 * Paragraph, Heading and TableCell under root (root included) is one run
 * of text made of its Text nodes, with inline code, raw inlines and inline
 * HTML as the word "x", breaks as "\n", and the text of an autolink (a
 * Link whose only child is a Text spelling its URL) as a word too. The
 * Text nodes that change get their new literal in their own arena.
 * Returns whether any changed. */
struct lede_node;
bool lede_smartquotes_tree(struct lede_node *root, lede_quote_style st);

/* lede.text.smartquotes, the Lua face of lede_smartquotes (see
 * docs/plugins.md); registered by lua_lib.c. */
int lede_lua_smartquotes(lua_State *L);

#endif
