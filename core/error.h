/* error.h: the one error convention. Constructors return NULL and fill a
 * lede_error; actions return non-zero and fill it. A message a user sees
 * says where (file:line:col), what, and when it can, what to do. */
#ifndef LEDE_ERROR_H
#define LEDE_ERROR_H

#include "buf.h"
#include "lede.h" /* struct lede_error is public */

void lede_error_clear(lede_error *e);
void lede_error_set(lede_error *e, const char *file, int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Line and column (both 1-based) of text[off]; the column counts bytes, as
 * every column in a lede_error does (lede_error_format places the caret by
 * characters). */
void lede_error_locate(const char *text, size_t off, int *line, int *column);
/* 0 when text[0..len) is valid UTF-8. Otherwise fills e (which may be
 * NULL) with "invalid UTF-8 (byte 0xXX); save the file as UTF-8" at the
 * first bad byte, text's first line counting as line first_line, and
 * returns -1; the snippet is left to the caller (lede_error_snippet). */
int lede_error_utf8(lede_error *e, const char *file, const char *text, size_t len, int first_line);
/* Fills e->snippet with line `line` (1-based) of text[0..len). */
void lede_error_snippet(lede_error *e, const char *text, size_t len, int line);
/* Appends a file's name as messages show it: on one line, its control
 * characters written as C escapes (\n, \t, \r, \xNN). */
void lede_error_put_file(lede_buf *out, const char *name);
/* "file:line:col: error: msg\n  snippet\n  ^\n" appended to out; severity is
 * "error" or "warning". */
void lede_error_format(const lede_error *e, const char *severity, lede_buf *out);

#endif
