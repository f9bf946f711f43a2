/* fuzz_template.c: libFuzzer target for Mustache parsing and rendering
 * against a small Lua context, and for YAML parsing (lede.yaml, front
 * matter). Run it with tests/fuzz/run.sh; ./build.sh test replays its
 * regressions. Each input gets a fresh Lua state: a lambda in the context
 * may change it, and a finding must replay alone. */
#include "frontmatter.h"
#include "template.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lede_error err;
	lede_template *t = lede_template_parse("fuzz", (const char *)data, size, &err);
	if (t) {
		lua_State *L = luaL_newstate();
		if (!L)
			abort();
		luaL_openlibs(L);
		if (luaL_dostring(L, "return { a = 'x<y', list = { {b = 1}, {b = 2} }, t = true, "
		                     "n = { deep = { er = 'z' } }, "
		                     "f = function(s) return s or '{{a}}' end }") != LUA_OK)
			abort();
		lede_buf out = LEDE_BUF_INIT;
		lede_template_render(t, L, -1, NULL, &out, &err);
		lede_buf_free(&out);
		lede_template_free(t);
		lua_close(L);
	}
	lede_arena *a = lede_arena_new();
	lede_yaml_parse(a, "fuzz.yaml", (const char *)data, size, 1, &err);
	lede_frontmatter fm;
	lede_frontmatter_parse(a, "fuzz.md", (const char *)data, size, &fm, &err);
	lede_arena_free(a);
	return 0;
}
