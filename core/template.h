/* template.h: Mustache templates (the whole spec, with inheritance, Lua
 * lambdas and dynamic names) rendered from a Lua value as the context. */
#ifndef LEDE_TEMPLATE_H
#define LEDE_TEMPLATE_H

#include "buf.h"
#include "depth.h"
#include "error.h"

#include <lua.h>
#include <stddef.h>
#include <stdint.h>

/* Partial and parent tags nest at most this deep (a recursive partial that
 * never bottoms out fails with an error instead of exhausting the stack). */
#define LEDE_TEMPLATE_MAX_DEPTH 100

/* A render stops with an error when its output passes this many bytes
 * (a section over a list inside a section over a list multiplies: eight
 * levels of a ten-item list in a 60-byte template make a gigabyte). A
 * sandboxed plugin's memory budget, and every plugin's hook_seconds, stop
 * it sooner (checked as it renders, not after). */
#define LEDE_TEMPLATE_MAX_OUTPUT ((size_t)256 << 20)

/* A parsed template: immutable, so one parse can be shared read-only
 * between threads (each rendering with its own lua_State). */
typedef struct lede_template lede_template;

typedef struct lede_template_env {
	/* Looks up a partial or parent by name (name[0..len), not
	 * NUL-terminated); returns a parsed template owned by the env (the
	 * caller caches), or NULL when there is none (the spec: a missing
	 * partial renders as empty). May set err and return NULL for a
	 * partial that fails to parse: render stops with that error.
	 * It runs inside a protected Lua call made by the renderer, so it must
	 * not use absolute Lua stack indices of the caller (use the registry). */
	const lede_template *(*partial)(void *ud, const char *name, size_t len, lede_error *err);
	void *ud;
	/* Escaper for {{x}}; NULL means lede_escape_html_field. {{{x}}} and {{& x}}
	 * are never escaped. */
	void (*escape)(lede_buf *out, const char *s, size_t n);
	/* The output's limit in bytes; 0: LEDE_TEMPLATE_MAX_OUTPUT. */
	size_t max_output;
	/* Told, in a template marked with lede_template_check, of a tag that
	 * renders as nothing but looks like a mistake (w: its place, the line
	 * and a message, as an error would have them): a variable tag whose
	 * name is not set while a name close to it is (the message says
	 * which), and a partial or parent tag that names no template. The
	 * render goes on as the spec says. NULL: nothing is told. */
	void (*warn)(void *ud, const lede_error *w);
	/* For that message: the template name nearest to name[0..len), or
	 * NULL. May be NULL. */
	const char *(*nearest)(void *ud, const char *name, size_t len);
} lede_template_env;

/* Parses src[0..len); name is used in error messages
 * ("NAME:line:col: unclosed section 'x'"). Returns a template the caller
 * frees with lede_template_free, or NULL with err filled (line, column and
 * the offending line) on a syntax error: unclosed or mismatched section, bad
 * delimiter change, unclosed tag, empty tag, sections nested deeper than
 * LEDE_MAX_DEPTH. Copies what it needs from src
 * and name; neither need outlive the call. */
lede_template *lede_template_parse(const char *name, const char *src, size_t len, lede_error *err);

/* Frees t and everything it owns; NULL is allowed. */
void lede_template_free(lede_template *t);

/* The name given to lede_template_parse; owned by t. */
const char *lede_template_name(const lede_template *t);

/* Marks t as a template file of an engine's, living as long as the Lua
 * state it is rendered on: rendering keeps the Lua strings of its names
 * from one page to the next (at *names on, in the state's table; *names
 * is moved past them: one counter an engine), and tells env->warn of its
 * variable tags whose names are not set and its partials that name no
 * template. Inline text and a lambda's result are not marked. A checked
 * template is rendered by one thread at a time (it remembers what it
 * found). */
void lede_template_check(lede_template *t, uint32_t *names);

/* Renders t with the Lua value at stack index ctx as the root context and
 * appends the result to out (owned by the caller). env may be NULL (no
 * partials, HTML escaping). Returns 0, or -1 with err filled when a lambda
 * raised (the message includes the Lua error and its traceback), a partial
 * the env reported as an error, a template returned by a lambda that does
 * not parse, a Lua error raised by a metamethod (__index, __tostring), or
 * partials nested deeper than LEDE_TEMPLATE_MAX_DEPTH, or sections (across
 * partials) nested deeper than LEDE_MAX_DEPTH, output past
 * env->max_output, or (rendered for an engine's hook) its sandbox
 * memory budget or time limit passed. On error, out holds
 * what was rendered before it. Leaves the Lua stack as it found it. */
int lede_template_render(const lede_template *t, lua_State *L, int ctx,
                         const lede_template_env *env, lede_buf *out, lede_error *err);

#endif
