/* lua_lib.c: the `lede` module plugins see: escaping, JSON, slugs, dates,
 * templates, Markdown, logging, writing output, and the node constructors. */
#include "engine.h"

#include "error.h"
#include "escape.h"
#include "frontmatter.h"
#include "image.h"
#include "linkcheck.h"
#include "lua_value.h"
#include "node.h"
#include "output.h"
#include "state.h"
#include "typography.h"

#include <jansson.h>
#include <lauxlib.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* What a lede_buf grown to hold `len` bytes may take (lede_buf_grow_to
 * grows by half), saturating. */
static size_t buf_room(size_t len)
{
	return len > (SIZE_MAX - 64) / 3 * 2 ? SIZE_MAX : len + len / 2 + 64;
}

static size_t add_sat(size_t a, size_t b) { return a > SIZE_MAX - b ? SIZE_MAX : a + b; }

/* The most each filter below may write for s[0..n): its bytes, and per
 * byte what its escape adds (HTML: '"' becomes "&quot;", 5 more; a bidi
 * control opened, E2 and two bytes, may be closed at the end: 3 more, and
 * a byte on the stack of what is open). */
static size_t html_field_most(const char *s, size_t n)
{
	size_t most = n;
	for (size_t i = 0; i < n; i++) {
		switch ((unsigned char)s[i]) {
		case '"': most += 5; break;
		case '&':
		case '\'': most += 4; break;
		case '<':
		case '>': most += 3; break;
		case 0xE2: most += 5; break;
		default: break;
		}
	}
	return most;
}

static size_t xml_most(const char *s, size_t n)
{
	size_t most = n;
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '"': most += 5; break;
		case '&':
		case '\'': most += 4; break;
		case '<':
		case '>': most += 3; break;
		default: break;
		}
	}
	return most;
}

/* A byte an URL percent-encodes (2 more: "%22"), or, in an href, escapes
 * for HTML ("&amp;", "&#39;": 4 more). */
static size_t uri_most(const char *s, size_t n, bool html)
{
	size_t most = n;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c >= 0x7F || strchr("\"<>\\^`{|}[]", c))
			most += 2;
		else if (html && (c == '&' || c == '\''))
			most += 4;
	}
	return most;
}

static size_t href_most(const char *s, size_t n) { return uri_most(s, n, true); }

static size_t url_encode_most(const char *s, size_t n) { return uri_most(s, n, false); }

static size_t bidi_close_most(const char *s, size_t n)
{
	size_t most = n;
	for (size_t i = 0; i < n; i++)
		most += (unsigned char)s[i] == 0xE2 ? 5 : 0;
	return most;
}

/* The string -> string functions of the module: f appends what becomes of
 * argument 1 to a buffer the collector frees, even when pushing raises.
 * In a sandbox, its budget must first hold the most f may write (most(),
 * NULL: n bytes) twice, in C and as the string handed back, since f cannot
 * stop half-way: 5 MB of '"' made 30 MB in C. The buffer gets that room
 * at once, so it holds no more. Trusted code skips the scan. */
static int filter(lua_State *L, void (*f)(lede_buf *out, const char *s, size_t n),
                  size_t (*most)(const char *s, size_t n))
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	lede_buf *b = lede_buf_box(L);
	if (lede_sandbox_active(L)) {
		size_t m = most ? most(s, n) : n;
		lede_sandbox_check_mem(L, add_sat(add_sat(m, 1), m));
		lede_buf_grow(b, m);
	}
	f(b, s, n);
	lua_pushlstring(L, lede_buf_cstr(b), b->len);
	return 1;
}

static int l_html_escape(lua_State *L)
{
	return filter(L, lede_escape_html_field, html_field_most);
}

/* lede.html.alt(s) -> the alt attribute's text for an image whose alt is
 * s, and true when s says the image is decoration on purpose (![""]:
 * lede_alt_decorative), written as an empty alt as the renderer does */
static int l_html_alt(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	bool decorative = n && lede_alt_decorative(s, n);
	if (decorative)
		lua_pushliteral(L, "");
	else
		lua_pushvalue(L, 1);
	lua_pushboolean(L, decorative);
	return 2;
}

static int l_xml_escape(lua_State *L) { return filter(L, lede_escape_xml, xml_most); }

/* lede.escape.href(url) -> url percent-encoded and escaped for an href
 * attribute, as lede's renderer writes links */
static int l_escape_href(lua_State *L) { return filter(L, lede_escape_href, href_most); }

/* lede.url.encode(url) -> url percent-encoded as a URI (as an href is,
 * without the HTML escaping) */
static int l_url_encode(lua_State *L) { return filter(L, lede_uri_encode, url_encode_most); }

/* One encoding: out, and order: 0, or the index of a table mapping key ->
 * rank (an object's keys with a rank come first, by rank, then the others
 * sorted). A table may hold one table many times: 30 levels of {t, t}
 * encode t a billion times, so the text grows in C, past every Lua
 * budget, for minutes. The hook's limits (hook_seconds, a sandbox's
 * memory counting the text so far) are checked as it grows. */
struct enc {
	lede_buf *out;
	int order;
	unsigned steps;   /* values written: the limits are checked every POLL_VALUES */
	size_t next_poll; /* ...or when the text reaches this length */
};

#define POLL_VALUES 256
#define POLL_BYTES  ((size_t)64 << 10)

static void encode(lua_State *L, int idx, struct enc *en, int depth);

void lede_json_encode(lua_State *L, int idx, lede_buf *out, int depth)
{
	struct enc en = {out, 0, 0, POLL_BYTES};
	encode(L, idx, &en, depth);
}

typedef struct {
	const char *key;
	lua_Integer rank; /* 0: not in the order */
} okey;

static int cmp_okeys(const void *a, const void *b)
{
	const okey *x = a, *y = b;
	if (x->rank && y->rank)
		return x->rank < y->rank ? -1 : x->rank > y->rank;
	if (x->rank || y->rank)
		return x->rank ? -1 : 1;
	return strcmp(x->key, y->key);
}

static void encode(lua_State *L, int idx, struct enc *en, int depth)
{
	lede_buf *out = en->out;
	int order = en->order;
	idx = lua_absindex(L, idx);
	if (depth > 200)
		luaL_error(L, "lede.json.encode: nesting deeper than 200 (a cycle?)");
	if (++en->steps % POLL_VALUES == 0 || out->len >= en->next_poll) {
		en->next_poll = out->len + POLL_BYTES;
		lede_guard_poll(L, out->len); /* (the text is in a box: a raise frees it) */
	}
	/* Each level keeps a few values on this C function's stack. */
	luaL_checkstack(L, 6, "lede.json.encode: nesting too deep");
	switch (lua_type(L, idx)) {
	case LUA_TNIL: lede_buf_puts(out, "null"); return;
	case LUA_TBOOLEAN: lede_buf_puts(out, lua_toboolean(L, idx) ? "true" : "false"); return;
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx)) {
			lede_buf_printf(out, "%lld", (long long)lua_tointeger(L, idx));
		} else {
			double d = lua_tonumber(L, idx);
			/* (named, not printed: printf's NaN may be "-nan") */
			if (!isfinite(d))
				luaL_error(L, "lede.json.encode: %s is not a JSON number",
				           isnan(d) ? "nan"
				           : d > 0  ? "inf"
				                    : "-inf");
			lede_buf_printf(out, "%.17g", d);
		}
		return;
	case LUA_TSTRING: {
		size_t n;
		const char *s = lua_tolstring(L, idx, &n);
		lede_buf_putc(out, '"');
		lede_escape_json(out, s, n);
		lede_buf_putc(out, '"');
		return;
	}
	case LUA_TLIGHTUSERDATA:
		lede_value_null(L);
		if (lua_rawequal(L, -1, idx)) {
			lua_pop(L, 1);
			lede_buf_puts(out, "null");
			return;
		}
		lua_pop(L, 1);
		break;
	case LUA_TUSERDATA:
		if (luaL_testudata(L, idx, "lede.date")) {
			lede_buf_putc(out, '"');
			lede_date_rfc3339(lede_date_check(L, idx), out);
			lede_buf_putc(out, '"');
			return;
		}
		if (luaL_getmetafield(L, idx, "__tostring") != LUA_TNIL) {
			lua_pop(L, 1);
			size_t n;
			const char *s = luaL_tolstring(L, idx, &n);
			lede_buf_putc(out, '"');
			lede_escape_json(out, s, n);
			lede_buf_putc(out, '"');
			lua_pop(L, 1);
			return;
		}
		break;
	case LUA_TTABLE: {
		lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
		bool object = false;
		if (luaL_getmetafield(L, idx, "__jsontype") != LUA_TNIL) {
			object = !strcmp(lua_tostring(L, -1) ? lua_tostring(L, -1) : "", "object");
			lua_pop(L, 1);
		}
		if (!object && n == 0) {
			lua_pushnil(L);
			if (lua_next(L, idx)) {
				lua_pop(L, 2);
				object = true;
			}
		}
		if (!object) {
			lede_buf_putc(out, '[');
			for (lua_Integer i = 1; i <= n; i++) {
				if (i > 1)
					lede_buf_putc(out, ',');
				lua_rawgeti(L, idx, i);
				encode(L, -1, en, depth + 1);
				lua_pop(L, 1);
			}
			lede_buf_putc(out, ']');
			return;
		}
		/* Objects with sorted keys: the same table always encodes the
		 * same way, so output files are stable. The key array is a
		 * userdata so an error while encoding a value cannot leak it. */
		size_t cnt = 0;
		lua_pushnil(L);
		while (lua_next(L, idx)) {
			lua_pop(L, 1);
			if (lua_type(L, -1) != LUA_TSTRING)
				luaL_error(L,
				           "lede.json.encode: a %s key in an object (keys must be "
				           "strings)",
				           luaL_typename(L, -1));
			cnt++;
		}
		okey *keys = lua_newuserdatauv(L, cnt * sizeof *keys + 1, 0);
		size_t k = 0;
		lua_pushnil(L);
		while (lua_next(L, idx)) {
			lua_pop(L, 1);
			keys[k].key = lua_tostring(L, -1); /* anchored by the table */
			keys[k].rank = 0;
			if (order) {
				lua_pushvalue(L, -1);
				if (lua_rawget(L, order) == LUA_TNUMBER)
					keys[k].rank = lua_tointeger(L, -1);
				lua_pop(L, 1);
			}
			k++;
		}
		qsort(keys, cnt, sizeof *keys, cmp_okeys);
		lede_buf_putc(out, '{');
		for (size_t i = 0; i < cnt; i++) {
			if (i)
				lede_buf_putc(out, ',');
			lede_buf_putc(out, '"');
			lede_escape_json(out, keys[i].key, strlen(keys[i].key));
			lede_buf_puts(out, "\":");
			lua_getfield(L, idx, keys[i].key);
			encode(L, -1, en, depth + 1);
			lua_pop(L, 1);
		}
		lua_pop(L, 1); /* the key array */
		lede_buf_putc(out, '}');
		return;
	}
	default: break;
	}
	luaL_error(L, "lede.json.encode: cannot encode a %s", luaL_typename(L, idx));
}

static int box_gc(lua_State *L)
{
	lede_buf_free(luaL_checkudata(L, 1, "lede.buf"));
	return 0;
}

lede_buf *lede_buf_box(lua_State *L)
{
	lede_buf *b = lua_newuserdatauv(L, sizeof *b, 0);
	lede_buf_init(b);
	if (luaL_newmetatable(L, "lede.buf")) {
		lua_pushcfunction(L, box_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	return b;
}

/* lede.json.encode(value [, {order = {key, ...}}]): objects' keys sorted,
 * those listed in order first, in that order, at every level. */
static int l_json_encode(lua_State *L)
{
	luaL_checkany(L, 1);
	lua_settop(L, 2);
	int order = 0;
	if (!lua_isnil(L, 2)) {
		luaL_checktype(L, 2, LUA_TTABLE);
		if (lua_getfield(L, 2, "order") != LUA_TNIL) {
			luaL_argexpected(L, lua_istable(L, -1), 2, "a list of keys as 'order'");
			/* key -> rank, 1-based; a key listed twice keeps its first place */
			lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
			lua_createtable(L, 0, (int)n);
			for (lua_Integer i = 1; i <= n; i++) {
				if (lua_rawgeti(L, -2, i) != LUA_TSTRING)
					return luaL_error(
					    L, "lede.json.encode: order[%d] is a %s, not a key",
					    (int)i, luaL_typename(L, -1));
				lua_pushvalue(L, -1);
				if (lua_rawget(L, -3) != LUA_TNIL) {
					lua_pop(L, 2);
					continue;
				}
				lua_pop(L, 1);
				lua_pushinteger(L, i);
				lua_rawset(L, -3);
			}
			order = lua_gettop(L);
		}
	}
	/* In a box: if encoding raises, the collector frees the buffer. */
	lede_buf *b = lede_buf_box(L);
	struct enc en = {b, order, 0, POLL_BYTES};
	encode(L, 1, &en, 0);
	lua_pushlstring(L, lede_buf_cstr(b), b->len);
	return 1;
}

/* Pushes j as a Lua value: objects and arrays as tables (objects marked
 * so they encode back as objects), null as lede.null. */
static void push_json(lua_State *L, json_t *j, int depth)
{
	luaL_checkstack(L, 4, "lede.json.decode: nesting too deep");
	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		lua_createtable(L, 0, (int)json_object_size(j));
		const char *k;
		json_t *v;
		json_object_foreach(j, k, v)
		{
			push_json(L, v, depth + 1);
			lua_setfield(L, -2, k);
		}
		luaL_setmetatable(L, "lede.json.object");
		break;
	}
	case JSON_ARRAY: {
		size_t n = json_array_size(j);
		lua_createtable(L, (int)n, 0);
		for (size_t i = 0; i < n; i++) {
			push_json(L, json_array_get(j, i), depth + 1);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		break;
	}
	case JSON_STRING: lua_pushlstring(L, json_string_value(j), json_string_length(j)); break;
	case JSON_INTEGER: lua_pushinteger(L, (lua_Integer)json_integer_value(j)); break;
	case JSON_REAL: lua_pushnumber(L, json_real_value(j)); break;
	case JSON_TRUE: lua_pushboolean(L, 1); break;
	case JSON_FALSE: lua_pushboolean(L, 0); break;
	case JSON_NULL: lede_value_null(L); break;
	}
}

static int json_gc(lua_State *L)
{
	json_t **j = lua_touserdata(L, 1);
	if (*j)
		json_decref(*j);
	*j = NULL;
	return 0;
}

/* The most jansson may take to decode s[0..n): its text, and per array
 * or object and per value (a ',' or ':' outside strings) what its
 * structures take, measured and rounded up: "[]," takes 154 bytes,
 * "{}," 250, "1," 50. A sandbox's budget must hold that before jansson,
 * whose allocator cannot stop half-way, starts: 9 MB of "{}," took
 * 660 MB in C under a budget of 32 MB. */
static size_t json_decode_cost(const char *s, size_t n)
{
	size_t opens = 0, seps = 0;
	bool str = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				str = false;
		} else if (c == '"') {
			str = true;
		} else if (c == '[' || c == '{') {
			opens++;
		} else if (c == ',' || c == ':') {
			seps++;
		}
	}
	return n + 256 * opens + 128 * (seps + 1);
}

/* lede.json.decode(text) -> value | nil, "line L, column C: message" */
static int l_json_decode(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	lede_engine *e = lede_lua_engine(L);
	if (e && e->sbx_active)
		lede_sandbox_check_mem(L, json_decode_cost(s, n));
	/* The document is owned by a userdata while it is converted, so an
	 * error (out of memory, too deep) cannot leak it. */
	json_t **box = lua_newuserdatauv(L, sizeof *box, 0);
	*box = NULL;
	if (luaL_newmetatable(L, "lede.json.doc")) {
		lua_pushcfunction(L, json_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	json_error_t err;
	*box = json_loadb(s, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
	if (!*box) {
		lua_pushnil(L);
		lua_pushfstring(L, "lede.json.decode: line %d, column %d: %s", err.line, err.column,
		                err.text);
		return 2;
	}
	if (luaL_newmetatable(L, "lede.json.object")) {
		lua_pushliteral(L, "object");
		lua_setfield(L, -2, "__jsontype");
	}
	lua_pop(L, 1);
	push_json(L, *box, 0);
	json_decref(*box);
	*box = NULL;
	return 1;
}

static int l_json_object(lua_State *L)
{
	if (lua_isnoneornil(L, 1))
		lua_newtable(L);
	else
		luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 1);
	if (luaL_newmetatable(L, "lede.json.object")) {
		lua_pushliteral(L, "object");
		lua_setfield(L, -2, "__jsontype");
	}
	lua_setmetatable(L, 1);
	return 1;
}

/* lede.text.wrap(s, width [, indent]) -> s as one paragraph wrapped at
 * width display columns, each line starting with indent */
static int l_text_wrap(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	lua_Integer w = luaL_checkinteger(L, 2);
	if (w < 0 || w > LEDE_TEXT_MAX_WIDTH)
		return luaL_argerror(
		    L, 2,
		    lua_pushfstring(L, "width must be 0 (no wrapping) to %d", LEDE_TEXT_MAX_WIDTH));
	size_t il;
	const char *indent = luaL_optlstring(L, 3, "", &il);
	/* Every line repeats the indent, and a line may hold one piece: a
	 * word, or in a word, a character next to which a line may break (an
	 * ideograph, or any non-ASCII one, to be safe: 2 pieces more each).
	 * A sandbox's budget must hold that much before the text is made (10
	 * GB for 100,000 words, or ideographs, after a 100 kB indent), and
	 * the cleaned and flattened copies lede_text_wrap makes of the text,
	 * as it cannot stop the wrap half-way. */
	if (lede_sandbox_active(L)) {
		size_t pieces = 1;
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			if (c > ' ' && (i == 0 || (unsigned char)s[i - 1] <= ' '))
				pieces++;
			if (c >= 0xC0)
				pieces += 2;
		}
		size_t most = pieces > (SIZE_MAX - n) / (il + 1) ? SIZE_MAX : n + pieces * (il + 1);
		lede_sandbox_check_mem(
		    L, add_sat(add_sat(add_sat(buf_room(n), buf_room(n)), buf_room(most)), most));
	}
	lede_buf *b = lede_buf_box(L);
	lede_text_wrap(s, n, (int)w, indent, b);
	lua_pushlstring(L, lede_buf_cstr(b), b->len);
	return 1;
}

/* lede.text.width(s) -> display columns */
static int l_text_width(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	lua_pushinteger(L, (lua_Integer)lede_text_width(s, n));
	return 1;
}

static void text_clean(lede_buf *out, const char *s, size_t n) { lede_text_clean(s, n, out); }

/* lede.text.clean(s) -> s without the control characters text cannot show */
static int l_text_clean(lua_State *L) { return filter(L, text_clean, NULL); }

/* lede.text.bidi_close(s) -> s with the bidi embeddings, overrides and
 * isolates it opens closed at its end (before text is put after it) */
static int l_text_bidi_close(lua_State *L) { return filter(L, lede_bidi_close, bidi_close_most); }

enum { CASE_UPPER, CASE_LOWER, CASE_TITLE };

/* A letter that starts a word for title case: one after a letter, a digit
 * or an apostrophe ("it's", "l’AMB") continues its word. */
static bool word_char(utf8proc_int32_t c)
{
	if (c == '\'' || c == 0x2019)
		return true;
	const char *cat = utf8proc_category_string(c);
	return cat[0] == 'L' || cat[0] == 'N' || cat[0] == 'M';
}

/* Unicode case mapping, one code point for one (utf8proc's simple case
 * mapping: "é" -> "É", but "ß" stays "ß"). Raises on invalid UTF-8. */
static int change_case(lua_State *L, int how)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	lede_buf *b = lede_buf_box(L);
	if (lede_sandbox_active(L)) {
		/* (a character's case may take a byte more: U+0250 is 2, U+2C6F 3) */
		size_t most = n;
		for (size_t i = 0; i < n; i++)
			most += (unsigned char)s[i] >= 0xC0;
		lede_sandbox_check_mem(L, add_sat(add_sat(most, 1), most));
		lede_buf_grow(b, most);
	}
	bool in_word = false;
	for (size_t i = 0; i < n;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(n - i), &c);
		if (k < 0)
			return luaL_error(L, "invalid UTF-8 at byte %d", (int)i + 1);
		utf8proc_int32_t m = c;
		if (how == CASE_UPPER)
			m = utf8proc_toupper(c);
		else if (how == CASE_LOWER)
			m = utf8proc_tolower(c);
		else if (!in_word)
			m = utf8proc_totitle(c);
		if (how == CASE_TITLE)
			in_word = word_char(c);
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t e = utf8proc_encode_char(m, enc);
		lede_buf_put(b, enc, (size_t)e);
		i += (size_t)k;
	}
	lua_pushlstring(L, lede_buf_cstr(b), b->len);
	return 1;
}

/* lede.text.upper(s), lower(s), title(s): Unicode case, unlike string.upper */
static int l_text_upper(lua_State *L) { return change_case(L, CASE_UPPER); }

static int l_text_lower(lua_State *L) { return change_case(L, CASE_LOWER); }

static int l_text_title(lua_State *L) { return change_case(L, CASE_TITLE); }

/* lede.url.resolve(base, ref) -> ref made absolute against base */
static int l_url_resolve(lua_State *L)
{
	const char *base = luaL_checkstring(L, 1);
	const char *ref = luaL_checkstring(L, 2);
	/* (in C: the merged path and the URL, each at most both texts) */
	if (lede_sandbox_active(L)) {
		size_t most = add_sat(add_sat(strlen(base), strlen(ref)), 1);
		lede_sandbox_check_mem(L, add_sat(add_sat(buf_room(most), buf_room(most)), most));
	}
	lede_buf *b = lede_buf_box(L);
	lede_url_resolve(base, ref, b);
	lua_pushlstring(L, lede_buf_cstr(b), b->len);
	return 1;
}

/* lede.url.host(url) -> host, scheme ("http", "https", nil for "//host");
 * nil for other URLs and for nil */
static int l_url_host(lua_State *L)
{
	size_t n;
	const char *s = luaL_optlstring(L, 1, NULL, &n);
	/* (in C: the URL without tabs and newlines, and its host) */
	if (s && lede_sandbox_active(L))
		lede_sandbox_check_mem(L, add_sat(add_sat(buf_room(n), buf_room(n)), n));
	lede_buf *b = lede_buf_box(L);
	const char *scheme = s ? lede_url_host(s, n, b) : NULL;
	if (!scheme) {
		lua_pushnil(L);
		return 1;
	}
	lua_pushlstring(L, lede_buf_cstr(b), b->len);
	if (*scheme)
		lua_pushstring(L, scheme);
	else
		lua_pushnil(L);
	return 2;
}

/* lede.require(name): a library of Lua code shared by plugins, from the
 * site's plugins/lib/NAME.lua, else lede's own; loaded once per state,
 * like require. */
static int l_require(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
			return luaL_argerror(L, 1, "a library name uses a-z, 0-9 and _");
	luaL_getsubtable(L, LUA_REGISTRYINDEX, "lede.libs");
	if (lua_getfield(L, -1, name) != LUA_TNIL)
		return 1;
	lua_pop(L, 1);
	lede_engine *e = lede_lua_engine(L);
	int top = lua_gettop(L);
	/* The site's library first, then lede's bundled one. */
	lua_pushfstring(L, "%s/plugins/lib/%s.lua", e->root, name);
	lua_pushfstring(L, "plugins/lib/%s.lua", name);
	int rc = lede_lua_loadfile(L, lua_tostring(L, -2), lua_tostring(L, -1));
	if (rc == LUA_ERRFILE) {
		lua_pushfstring(L, "%s/lib/%s.lua", e->bundled, name);
		lua_pushfstring(L, "[lede]/lib/%s.lua", name);
		rc = lede_lua_loadfile(L, lua_tostring(L, -2), lua_tostring(L, -1));
	}
	if (rc == LUA_ERRFILE)
		return luaL_error(L, "lede.require: no library '%s' (plugins/lib/%s.lua)", name,
		                  name);
	if (rc != LUA_OK)
		return lua_error(L);
	lua_replace(L, top + 1); /* the chunk, over the paths */
	lua_settop(L, top + 1);
	lua_call(L, 0, 1);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		lua_pushboolean(L, 1);
	}
	lua_pushvalue(L, -1);
	lua_setfield(L, -3, name);
	return 1;
}

/* The most a slug of non-ASCII s[0..n) takes in C: its compatibility
 * decomposition, 4 bytes a code point (one character may decompose into
 * 18: U+FDFA), then the text made of it. 9 MB of U+FDFA took 340 MB and
 * five seconds; in a sandbox, its budget must hold that first. */
static size_t slug_cost(const char *s, size_t n, bool unicode)
{
	size_t ascii = 0;
	while (ascii < n && (unsigned char)s[ascii] < 0x80)
		ascii++;
	if (ascii == n)
		return n;
	utf8proc_option_t o =
	    unicode ? UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STABLE
	            : UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD;
	utf8proc_ssize_t k =
	    utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, NULL, 0, o);
	return k > 0 ? n + 24 * (size_t)k : n;
}

static int l_slug(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	lede_buf b = LEDE_BUF_INIT;
	const lede_engine *e = lede_lua_engine(L);
	bool unicode = e && e->cfg && e->cfg->unicode_slugs;
	if (e && e->sbx_active)
		lede_sandbox_check_mem(L, slug_cost(s, n, unicode));
	lede_slugify_as(s, n, unicode, &b);
	lua_pushlstring(L, lede_buf_cstr(&b), b.len);
	lede_buf_free(&b);
	return 1;
}

static int l_date_now(lua_State *L)
{
	lede_engine *e = lede_lua_engine(L);
	lede_trace_clock(e);
	lede_date d = e ? e->now : lede_date_from_epoch(0, 0);
	lede_date_push(L, &d);
	return 1;
}

/* lede.template.render(name_or_text, context): a name ("article" or
 * "article.mustache") is looked up in the site's templates/ then lede's;
 * text holding "{{" is rendered as a template itself. */
static int l_template_render(lua_State *L)
{
	lede_engine *e = lede_lua_engine(L);
	size_t n;
	const char *name = luaL_checklstring(L, 1, &n);
	if (lua_isnone(L, 2))
		lua_pushnil(L);
	lua_settop(L, 2);
	lede_error err;
	lede_error_clear(&err);
	lede_template *own = NULL;
	const lede_template *t;
	double t0 = e->prof ? lede_clock() : 0;
	if (memchr(name, '{', n) || memchr(name, '\n', n)) {
		t = own = lede_template_parse("(inline template)", name, n, &err);
	} else {
		t = lede_template_get(e, name, n, &err);
		if (!t && !err.msg[0]) {
			const char *near = lede_template_nearest(e, name, n);
			return luaL_error(L, "no template '%s' in %s/ or lede's templates%s%s%s",
			                  name, e->cfg ? e->cfg->templates_dir : "templates",
			                  near ? "; did you mean '" : "", near ? near : "",
			                  near ? "'?" : "");
		}
	}
	if (!t) {
		if (!err.file[0]) /* a bad name: no place to show */
			return luaL_error(L, "%s", err.msg);
		return lede_error_raise(L, &err);
	}
	lede_template_env env;
	lede_template_env_init(e, &env);
	lede_buf out = LEDE_BUF_INIT;
	if (!e->in_template && !e->cur_template) /* what made the page (link check) */
		e->cur_template = own ? "(inline template)" : lede_template_name(t);
	e->in_template++;
	int rc = lede_template_render(t, L, 2, &env, &out, &err);
	e->in_template--;
	if (e->prof)
		lede_profile_add(e->prof, "template", own ? "(inline)" : lede_template_name(t),
		                 NULL, lede_clock() - t0);
	lede_template_free(own);
	if (rc != 0) {
		lede_buf_free(&out);
		return lede_error_raise(L, &err);
	}
	lua_pushlstring(L, lede_buf_cstr(&out), out.len);
	lede_buf_free(&out);
	return 1;
}

/* lede.markdown(text) -> a Document node */
static int l_markdown(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	lede_engine *e = lede_lua_engine(L);
	lede_markdown_opts o = {.allow_raw_html = e && e->cfg && e->cfg->allow_raw_html};
	/* As an article's (a plugin may parse an article's text), and inside a
	 * sandbox what the parse may take counts against its memory budget
	 * before cmark, whose allocator cannot stop half-way, takes it. */
	if (e && e->cfg && e->cfg->article_bytes)
		o.max_cost = e->cfg->article_bytes * LEDE_ARTICLE_PARSE_TIMES;
	if (e && e->sbx_active)
		lede_sandbox_check_mem(L, lede_markdown_cost(s, n));
	/* Outside an article, the document gets an arena of its own, freed
	 * when it is no longer used (a script parsing thousands of texts
	 * must not keep them all). */
	bool own = !e || !e->cur_article;
	if (own)
		lede_node_fresh_scratch(L);
	/* Build through the constructor so the owner logic stays in one place. */
	lua_getfield(L, LUA_REGISTRYINDEX, "lede.module");
	lua_getfield(L, -1, "node");
	lua_getfield(L, -1, "Document");
	lua_call(L, 0, 1);
	lede_node *doc = lede_node_check(L, -1);
	lede_error err;
	lede_error_clear(&err);
	/* Bare URLs and e-mails are linked by the link extractor, as in articles. */
	lede_node *parsed = lede_markdown_parse_linked(doc->arena, s, n, 0, &o,
	                                               e ? lede_engine_extract_ctx(e) : NULL, &err);
	if (!parsed)
		return luaL_error(L, "lede.markdown: line %d: %s", err.line, err.msg);
	while (parsed->first)
		lede_node_append(doc, parsed->first);
	lede_sandbox_check_mem(L, 0);
	if (own) {
		lede_node_fresh_scratch(L);
		/* The collector sees only a small userdata for the whole arena,
		 * and, generational, promotes one that lived through a step to
		 * the old objects a minor collection leaves: 300 texts of 3 MB
		 * each stayed, 1.1 GB. Past 64 MB of such arenas since the last
		 * time, a full collection frees those no longer used. */
		size_t kb = lede_arena_used(doc->arena) / 1024;
		if (e && (e->scratch_kb += kb) > 64 * 1024) {
			e->scratch_kb = kb;
			lua_gc(L, LUA_GCCOLLECT);
		} else if (!e) {
			lua_gc(L, LUA_GCSTEP, kb > 1000000 ? 1000000 : (int)kb);
		}
	}
	return 1;
}

static void log_at(lua_State *L, const char *severity)
{
	lede_engine *e = lede_lua_engine(L);
	const char *msg = luaL_checkstring(L, 1);
	/* level, as error()'s: 1 the caller, 2 its caller (a library's
	 * check names the plugin that called it) */
	lua_Integer level = luaL_optinteger(L, 2, 1);
	luaL_argcheck(L, level >= 1 && level <= 100, 2, "the level is a whole number from 1");
	lua_Debug ar;
	char where[300] = "";
	if (lua_getstack(L, (int)level, &ar) && lua_getinfo(L, "Sl", &ar) && ar.currentline > 0)
		snprintf(where, sizeof where, "%s:%d: ", ar.short_src, ar.currentline);
	/* -q (and `lede run`, whose builds are quiet) hides plugins' info;
	 * a script's or a test file's own info is what its author asked for. */
	if (e && e->cur_plugin && !strcmp(severity, "info") && e->trace)
		++*(e->quiet ? &e->trace->info_hidden : &e->trace->info_shown);
	if (e && e->quiet && e->cur_plugin && !strcmp(severity, "info"))
		return;
	lede_buf b = LEDE_BUF_INIT;
	lede_buf_printf(&b, "%s%s: %s", where, severity, msg);
	if (e && e->cur_article)
		lede_buf_printf(&b, " (%s)", e->cur_article->path);
	lede_buf_putc(&b, '\n');
	lede_diag(e,
	          !strcmp(severity, "error")     ? LEDE_DIAG_ERROR
	          : !strcmp(severity, "warning") ? LEDE_DIAG_WARNING
	                                         : LEDE_DIAG_INFO,
	          NULL, b.data, b.len);
	lede_buf_free(&b);
}

static int l_log_info(lua_State *L)
{
	log_at(L, "info");
	return 0;
}
static int l_log_warn(lua_State *L)
{
	log_at(L, "warning");
	return 0;
}
static int l_log_error(lua_State *L)
{
	log_at(L, "error");
	return 0;
}

/* Where the front matter of the article file at path (in the site
 * folder root) gives top-level key: *line and *col of its value (1-based),
 * 0 when it does not, or the file cannot be read. A record's meta (what a
 * collection hook sees) has no places: the file tells. */
static void key_place(const char *root, const char *path, const char *key, int *line, int *col)
{
	*line = *col = 0;
	lede_buf f = LEDE_BUF_INIT;
	if (path[0] == '/') /* (an absolute content folder's) */
		lede_buf_puts(&f, path);
	else
		lede_buf_printf(&f, "%s/%s", root ? root : ".", path);
	size_t n;
	char *src = lede_read_file(lede_buf_cstr(&f), &n);
	lede_buf_free(&f);
	if (!src)
		return;
	/* (the loader's own reading of it: its places are the build's) */
	lede_arena *ar = lede_arena_new();
	lede_frontmatter fm;
	lede_error err;
	lede_error_clear(&err);
	if (lede_frontmatter_parse(ar, path, src, n, &fm, &err) == 0) {
		const lede_value *v = lede_value_get(fm.meta, key);
		if (v)
			*line = v->line, *col = v->column;
	}
	lede_arena_free(ar);
	free(src);
}

/* lede.log.warn_at(a, key, msg): a warning at the place of key in
 * article a's front matter (file:line:column), said once for the build
 * however many outlets' hooks say it: about the article, not a page (two
 * articles with one id:, found by a collection hook). */
static int l_log_warn_at(lua_State *L)
{
	lede_engine *e = lede_lua_engine(L);
	lede_article *a = lede_article_check(L, 1);
	const char *key = luaL_checkstring(L, 2);
	const char *msg = luaL_checkstring(L, 3);
	const char *file = a->path ? a->path : "";
	const lede_value *v = lede_value_get(a->meta, key);
	int line = v ? v->line : 0, col = v ? v->column : 0;
	if (line <= 0 && a->path && e)
		key_place(e->root, a->path, key, &line, &col);
	lede_error err;
	lede_error_clear(&err);
	lede_error_set(&err, file, line, col, "%s", msg);
	lede_buf b = LEDE_BUF_INIT, once = LEDE_BUF_INIT;
	lede_error_format(&err, "warning", &b);
	lede_buf_printf(&once, "warn-at:%s:%d:%d:%s", file, line, col, msg);
	lede_diag(e, LEDE_DIAG_WARNING, lede_buf_cstr(&once), b.data, b.len);
	lede_buf_free(&b);
	lede_buf_free(&once);
	return 0;
}

/* lede.write(relpath, data): atomic, only inside the output directory. */
static int l_write(lua_State *L)
{
	lede_engine *e = lede_lua_engine(L);
	size_t rl;
	const char *rel = luaL_checklstring(L, 1, &rl);
	size_t n;
	const char *data = luaL_checklstring(L, 2, &n);
	/* a name the build state (JSON), feeds and links can hold */
	if (strlen(rel) != rl)
		return luaL_error(L, "lede.write: the path holds a NUL byte; give a file's path");
	size_t ok = lede_utf8_valid_prefix(rel, rl);
	if (ok != rl) {
		char byte[8]; /* (lua_pushfstring has no %X) */
		snprintf(byte, sizeof byte, "0x%02X", (unsigned char)rel[ok]);
		return luaL_error(
		    L,
		    "lede.write: the path is not UTF-8 (byte %s at %d); give the file a "
		    "UTF-8 name",
		    byte, (int)ok + 1);
	}
	if (!lede_path_is_contained(rel))
		return luaL_error(L,
		                  "lede.write: '%s' is outside the output directory; give a path "
		                  "relative to it, without '..'",
		                  rel);
	/* a file's path: not a folder's ("x/", ".", "x/.") */
	size_t rn = strlen(rel);
	const char *base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	if (!rn || rel[rn - 1] == '/' || !strcmp(base, "."))
		return luaL_error(
		    L, "lede.write: '%s' names a folder; give the path of a file in it", rel);
	lede_links_file(e, rel); /* a file of the build, for the link check */
	if (e->check_only)
		return 0;
	if (e->trace)
		e->trace->outside++; /* the site's file: not kept with the article */
	if (e->page_writer)
		lede_page_writer_wait(e->page_writer);
	lede_error err;
	lede_error_clear(&err);
	bool changed = true;
	/* In a build, through its stage: the site's own files (pruned when a
	 * later build no longer writes them), or, from an index hook, its
	 * outlet's (a build of other outlets keeps them). */
	int rc;
	if (e->state) {
		/* who writes it: a file has one writer in a build */
		lede_buf who = LEDE_BUF_INIT;
		lede_buf_puts(&who, "lede.write");
		if (e->cur_hook && e->cur_plugin)
			lede_buf_printf(&who, " in hook '%s' of %s", e->cur_hook,
			                e->cur_plugin->chunk);
		else if (e->cur_plugin)
			lede_buf_printf(&who, " in %s", e->cur_plugin->chunk);
		if (e->cur_article && e->cur_article->path)
			lede_buf_printf(&who, " for %s", e->cur_article->path);
		rc = lede_state_write(e->state, rel, data, n, e->cur_outlet, NULL,
		                      lede_buf_cstr(&who),
		                      e->cur_article ? e->cur_article->path : NULL, &changed, &err);
		lede_buf_free(&who);
	} else {
		rc = lede_write_file(e->outdir, rel, data, n, &err);
	}
	if (rc != 0)
		return luaL_error(L, "lede.write: %s: %s", err.file, err.msg);
	e->nwritten++;
	e->nchanged += changed;
	return 0;
}

void lede_lib_open(lua_State *L)
{
	lua_newtable(L); /* lede */
	lua_pushliteral(L, LEDE_VERSION_STRING);
	lua_setfield(L, -2, "version");
	lede_value_null(L);
	lua_setfield(L, -2, "null");

	static const luaL_Reg html[] = {
	    {"escape", l_html_escape}, {"alt", l_html_alt}, {NULL, NULL}};
	static const luaL_Reg xml[] = {{"escape", l_xml_escape}, {NULL, NULL}};
	static const luaL_Reg json[] = {{"encode", l_json_encode},
	                                {"decode", l_json_decode},
	                                {"object", l_json_object},
	                                {NULL, NULL}};
	/* parse and from_epoch are lua_value.c's lede_date_lib; now needs the
	 * engine's build time. */
	static const luaL_Reg date[] = {{"now", l_date_now}, {NULL, NULL}};
	static const luaL_Reg tmpl[] = {{"render", l_template_render}, {NULL, NULL}};
	static const luaL_Reg url[] = {{"resolve", l_url_resolve},
	                               {"host", l_url_host},
	                               {"encode", l_url_encode},
	                               {NULL, NULL}};
	static const luaL_Reg escape[] = {{"href", l_escape_href}, {NULL, NULL}};
	static const luaL_Reg text[] = {{"wrap", l_text_wrap},
	                                {"width", l_text_width},
	                                {"clean", l_text_clean},
	                                {"smartquotes", lede_lua_smartquotes},
	                                {"upper", l_text_upper},
	                                {"lower", l_text_lower},
	                                {"title", l_text_title},
	                                {"bidi_close", l_text_bidi_close},
	                                {NULL, NULL}};
	static const luaL_Reg log[] = {{"info", l_log_info},
	                               {"warn", l_log_warn},
	                               {"error", l_log_error},
	                               {"warn_at", l_log_warn_at},
	                               {NULL, NULL}};
	static const struct {
		const char *name;
		const luaL_Reg *fns;
	} subs[] = {{"html", html}, {"xml", xml},       {"json", json},
	            {"date", date}, {"template", tmpl}, {"log", log},
	            {"url", url},   {"text", text},     {"escape", escape}};
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
		lua_newtable(L);
		luaL_setfuncs(L, subs[i].fns, 0);
		if (subs[i].fns == date)
			luaL_setfuncs(L, lede_date_lib, 0);
		lua_setfield(L, -2, subs[i].name);
	}
	lua_newtable(L);
	lede_node_constructors(L);
	lua_setfield(L, -2, "node");
	static const luaL_Reg top[] = {{"slug", l_slug},
	                               {"markdown", l_markdown},
	                               {"write", l_write},
	                               {"require", l_require},
	                               {NULL, NULL}};
	luaL_setfuncs(L, top, 0);
	lede_image_lib(L);
	lede_re_open(L);

	lua_pushvalue(L, -1);
	lua_setfield(L, LUA_REGISTRYINDEX, "lede.module");
	/* require("lede") works too */
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	lua_pushvalue(L, -2);
	lua_setfield(L, -2, "lede");
	lua_pop(L, 1);
	lua_setglobal(L, "lede");
	lede_date_open(L);
}
