/* arena.h: bump allocator. One arena per article holds its front matter,
 * AST, strings, links and quotes; nothing in it is freed piecemeal, the
 * whole arena goes in one lede_arena_free. Not thread-safe: an arena has
 * one owner at a time. */
#ifndef LEDE_ARENA_H
#define LEDE_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct lede_arena lede_arena;

/* A new, empty arena; free it with lede_arena_free. */
lede_arena *lede_arena_new(void);
/* Memory aligned for any type, zero-filled, valid until the arena is freed. */
void *lede_arena_alloc(lede_arena *a, size_t n);
/* The same aligned for align (a power of two up to max_align_t's): for
 * many small objects whose types need less than max_align_t. */
void *lede_arena_alloc_aligned(lede_arena *a, size_t n, size_t align);
/* A NUL-terminated copy of s[0..n) inside the arena. */
char *lede_arena_strndup(lede_arena *a, const char *s, size_t n);
char *lede_arena_strdup(lede_arena *a, const char *s);
/* Bytes handed out so far (for tests and statistics). */
size_t lede_arena_used(const lede_arena *a);
/* While *on is true, every allocation adds its size to *counter (a
 * sandbox's C memory, engine.h); both must outlive the arena's use. */
void lede_arena_meter(lede_arena *a, size_t *counter, const bool *on);
/* Empties a for reuse: everything allocated from it is gone, and its
 * first chunk stays (a scratch arena, emptied per line of a file). */
void lede_arena_reset(lede_arena *a);
void lede_arena_free(lede_arena *a);

#endif
