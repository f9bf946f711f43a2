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

#endif
