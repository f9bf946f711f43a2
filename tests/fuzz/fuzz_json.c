/* fuzz_json.c: libFuzzer target for the build state's JSON reader
 * (core/json.c), which reads a manifest lede wrote but a person or a
 * damaged disk may have changed. Its readers must agree with each other:
 * - an object is accepted whole (lede_json_parse) exactly when its
 *   members are (lede_json_parse_members, which checks what it skips
 *   without building it), and a member read whole is the same value;
 * - a string literal's length found in a longer text (lede_json_str_len)
 *   is where the parser ends it, and lede_json_get_str reads it alone as
 *   the parser does, byte for byte;
 * - a string read back is written again (lede_json_put_str) into a
 *   literal that reads back the same. */
#include "json.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether v and w are the same value (numbers by their kind and bits). */
static bool same(const lede_value *v, const lede_value *w)
{
	if (!v || !w)
		return v == w;
	if (v->type != w->type)
		return false;
	switch (v->type) {
	case LEDE_STRING:
		return v->u.str.len == w->u.str.len &&
		       !memcmp(v->u.str.s, w->u.str.s, v->u.str.len);
	case LEDE_BOOL: return v->u.b == w->u.b;
	case LEDE_INT: return v->u.i == w->u.i;
	case LEDE_FLOAT: return !memcmp(&v->u.f, &w->u.f, sizeof v->u.f);
	case LEDE_SEQ:
	case LEDE_MAP:
		if (v->u.list.n != w->u.list.n)
			return false;
		for (size_t i = 0; i < v->u.list.n; i++)
			if ((v->type == LEDE_MAP && strcmp(v->u.list.keys[i], w->u.list.keys[i])) ||
			    !same(v->u.list.items[i], w->u.list.items[i]))
				return false;
		return true;
	default: return true;
	}
}

/* The last member named key of map m (lede_json_parse_members keeps the
 * last of two), or NULL. */
static const lede_value *last_member(const lede_value *m, const char *key)
{
	const lede_value *found = NULL;
	for (size_t i = 0; i < m->u.list.n; i++)
		if (!strcmp(m->u.list.keys[i], key))
			found = m->u.list.items[i];
	return found;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	lede_arena *ar = lede_arena_new();
	lede_value *whole = lede_json_parse(ar, s, size);
	size_t lead = 0;
	while (lead < size &&
	       (s[lead] == ' ' || s[lead] == '\t' || s[lead] == '\n' || s[lead] == '\r'))
		lead++;

	/* An object: its members, some read whole, some skipped. */
	static const char *const keys[] = {"file", "links", "record", "date", "a", ""};
	static const bool read[] = {true, false, false, true, true, false};
	lede_value *got[6];
	bool members = lede_json_parse_members(ar, s, size, keys, read, 6, got);
	bool object = whole && whole->type == LEDE_MAP;
	if (lead < size && s[lead] == '{' && members != object)
		__builtin_trap(); /* a reader accepts what the other refuses */
	if (members && !object)
		__builtin_trap();
	/* (a name with a NUL in it is cut there in a map's keys, and read
	 * whole by the members' reader: not compared) */
	bool nul = memchr(s, 0, size) != NULL;
	for (size_t i = 0; !nul && i + 6 <= size; i++)
		nul = !memcmp(s + i, "\\u0000", 6);
	for (size_t k = 0; members && !nul && k < 6; k++) {
		const lede_value *w = last_member(whole, keys[k]);
		/* a member skipped gives its kind, a number's as an integer */
		lede_value_type kind = w && w->type == LEDE_FLOAT ? LEDE_INT
		                       : w                        ? w->type
		                                                  : LEDE_NULL;
		if (!w != !got[k] || (w && (read[k] ? !same(w, got[k]) : kind != got[k]->type)))
			__builtin_trap();
	}

	/* A string literal at the start. */
	if (size && s[0] == '"') {
		size_t n = lede_json_str_len(s, s + size);
		lede_value *lit = n ? lede_json_parse(ar, s, n) : NULL;
		lede_buf out = LEDE_BUF_INIT;
		int rc = n ? lede_json_get_str(s, n, &out) : -1;
		if (n && (n < 2 || s[n - 1] != '"'))
			__builtin_trap();
		if ((rc == 0) != (lit && lit->type == LEDE_STRING))
			__builtin_trap();
		if (rc == 0 && (out.len != lit->u.str.len ||
		                memcmp(out.data ? out.data : "", lit->u.str.s, out.len)))
			__builtin_trap();
		if (rc == 0 && lede_json_get_str(s, n, NULL) != 0)
			__builtin_trap();
		/* ...written again, it reads back the same */
		if (rc == 0) {
			lede_buf again = LEDE_BUF_INIT;
			lede_json_put_str(&again, lit->u.str.s, lit->u.str.len);
			lede_value *back = lede_json_parse(ar, again.data, again.len);
			if (!same(back, lit) ||
			    lede_json_str_len(again.data, again.data + again.len) != again.len)
				__builtin_trap();
			lede_buf_free(&again);
		}
		lede_buf_free(&out);
	}
	lede_arena_free(ar);
	return 0;
}
