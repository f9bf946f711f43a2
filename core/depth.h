/* depth.h: the one nesting limit for anything an article, a template or
 * a plugin can nest, so no walk that needs recursion can exhaust the C
 * stack (docs/internals.md, "Limits"). */
#ifndef LEDE_DEPTH_H
#define LEDE_DEPTH_H

/* A document, a template's sections: at most this many levels, i.e. no
 * node has more than LEDE_MAX_DEPTH ancestors. Deeper Markdown fails its
 * article; a deeper tree from a plugin fails the render that meets it; a
 * template with deeper sections fails to parse or render. */
#define LEDE_MAX_DEPTH 1000

/* A Markdown line may hold at most this many '|' (table cells): see
 * check_tables in markdown.c. */
#define LEDE_MAX_TABLE_CELLS 1000
/* ... and a table at most this many cells, columns times rows. */
#define LEDE_MAX_TABLE_AREA 100000

#endif
