/* json.h: the small JSON reader and writer of the build state (state.c):
 * a manifest of a large site holds tens of thousands of lines, read and
 * written on every build, and an incremental build's time is mostly
 * theirs. Values are lede_values in an arena: objects are maps (keys in
 * order), arrays sequences, numbers integers or (with '.', 'e' or 'E')
 * floats; a string may hold any byte, NUL included (\u0000). */
#ifndef LEDE_JSON_H
#define LEDE_JSON_H

#include "arena.h"
#include "buf.h"
#include "value.h"

#include <stddef.h>

/* Parses the JSON text s[0..n) (one value, white space around it) into
 * values allocated in ar. NULL when it is not JSON, or nests deeper than
 * 1000 levels. */
lede_value *lede_json_parse(lede_arena *ar, const char *s, size_t n);

/* Parses only some members of the JSON object s[0..n): out[i] gets the
 * value of member keys[i] (NULL: absent), parsed in ar when whole[i],
 * else an empty value of its kind (LEDE_MAP for an object, LEDE_SEQ for an
 * array, LEDE_STRING, LEDE_BOOL, LEDE_NULL, LEDE_INT for a number); the
 * other members are checked as JSON and skipped, built nowhere. False when
 * s is not one JSON object (out may then hold some members). */
bool lede_json_parse_members(lede_arena *ar, const char *s, size_t n, const char *const *keys,
                             const bool *whole, size_t nkeys, lede_value **out);

/* The length of the JSON string literal at p (its quotes included),
 * found by its closing quote before end (escapes not checked); 0 when
 * there is none. */
size_t lede_json_str_len(const char *p, const char *end);

/* Appends to out the string the JSON string literal s[0..n) (its quotes
 * included, nothing around them) stands for: 0, or -1 when it is not one
 * (out then holds part of it). out NULL: only whether it is one. */
int lede_json_get_str(const char *s, size_t n, lede_buf *out);

/* Appends s[0..n) to out as a JSON string, quoted: '"', '\\' and control
 * characters escaped, other bytes as they are. */
void lede_json_put_str(lede_buf *out, const char *s, size_t n);

#endif
