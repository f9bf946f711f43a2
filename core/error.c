/* error.c: filling and formatting lede_error. */
#include "error.h"

#include "escape.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void lede_error_clear(lede_error *e) { memset(e, 0, sizeof *e); }

void lede_error_set(lede_error *e, const char *file, int line, int column, const char *fmt, ...)
{
	if (!e)
		return;
	snprintf(e->file, sizeof e->file, "%s", file ? file : "");
	e->line = line;
	e->column = column;
	e->snippet[0] = '\0';
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
}

void lede_error_locate(const char *text, size_t off, int *line, int *column)
{
	int l = 1;
	size_t ls = 0;
	for (size_t i = 0; i < off; i++)
		if (text[i] == '\n')
			l++, ls = i + 1;
	*line = l;
	*column = (int)(off - ls) + 1;
}

int lede_error_utf8(lede_error *e, const char *file, const char *text, size_t len, int first_line)
{
	size_t ok = lede_utf8_valid_prefix(text ? text : "", len);
	if (ok == len)
		return 0;
	int line, col;
	lede_error_locate(text, ok, &line, &col);
	lede_error_set(e, file, line + first_line - 1, col,
	               "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
	               (unsigned char)text[ok]);
	return -1;
}

void lede_error_snippet(lede_error *e, const char *text, size_t len, int line)
{
	if (!e || !text || line < 1)
		return;
	size_t i = 0;
	for (int l = 1; l < line && i < len; i++)
		if (text[i] == '\n')
			l++;
	size_t j = i;
	while (j < len && text[j] != '\n' && text[j] != '\r')
		j++;
	/* (a line longer than the snippet is cut between two characters) */
	size_t n = lede_utf8_cut(text + i, j - i, sizeof e->snippet - 1);
	/* Invalid UTF-8 in the shown line would make the message itself
	 * invalid: such bytes show as '?'. */
	size_t o = 0;
	while (o < n) {
		size_t ok = lede_utf8_valid_prefix(text + i + o, n - o);
		memcpy(e->snippet + o, text + i + o, ok);
		o += ok;
		if (o < n)
			e->snippet[o++] = '?';
	}
	e->snippet[n] = '\0';
}

/* A file's name as a message shows it: one line, whatever its bytes. A
 * name may hold a newline (a file a contributor named so), which printed
 * as it is would end the message and start a line of its own: a summary
 * that is not lede's, or a command to the CI runner reading the log
 * (GitHub Actions' "::error::"). Controls are written as C escapes
 * (lede_emit would show the others as U+FFFD, but keeps newlines). */
void lede_error_put_file(lede_buf *out, const char *name)
{
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p == '\n')
			lede_buf_puts(out, "\\n");
		else if (*p == '\t')
			lede_buf_puts(out, "\\t");
		else if (*p == '\r')
			lede_buf_puts(out, "\\r");
		else if (*p < 0x20 || *p == 0x7F)
			lede_buf_printf(out, "\\x%02X", *p);
		else
			lede_buf_putc(out, (char)*p);
	}
}

void lede_error_format(const lede_error *e, const char *severity, lede_buf *out)
{
	if (e->file[0]) {
		lede_error_put_file(out, e->file);
		if (e->line > 0) {
			lede_buf_printf(out, ":%d", e->line);
			if (e->column > 0)
				lede_buf_printf(out, ":%d", e->column);
		}
		lede_buf_puts(out, ": ");
	}
	lede_buf_printf(out, "%s: %s\n", severity, e->msg);
	if (e->snippet[0]) {
		lede_buf_printf(out, "  %s\n", e->snippet);
		if (e->column > 0) {
			lede_buf_puts(out, "  ");
			/* Columns count bytes; keep tabs so the caret lines up. */
			/* One space per character, not per byte. */
			for (int c = 1; c < e->column && e->snippet[c - 1]; c++)
				if (((unsigned char)e->snippet[c - 1] & 0xC0) != 0x80)
					lede_buf_putc(out, e->snippet[c - 1] == '\t' ? '\t' : ' ');
			lede_buf_puts(out, "^\n");
		}
	}
}
