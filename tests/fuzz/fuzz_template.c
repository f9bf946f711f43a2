/* fuzz_template.c: libFuzzer target for Mustache parsing and rendering
 * against a small Lua context, and for YAML parsing (lede.yaml, front
 * matter). Not part of ./build.sh test; run it with tests/fuzz/run.sh. */
#include "frontmatter.h"
#include "template.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static lua_State *L;
	if (!L) {
		L = luaL_newstate();
		luaL_openlibs(L);
		luaL_dostring(L, "ctx = { a = 'x<y', list = { {b = 1}, {b = 2} }, t = true, "
		                 "n = { deep = { er = 'z' } }, f = function(s) return s or '{{a}}' end }");
	}
	lede_error err;
	lede_template *t = lede_template_parse("fuzz", (const char *)data, size, &err);
	if (t) {
		lede_buf out = LEDE_BUF_INIT;
		lua_getglobal(L, "ctx");
		lede_template_render(t, L, -1, NULL, &out, &err);
		lua_pop(L, 1);
		lede_buf_free(&out);
		lede_template_free(t);
	}
	lede_arena *a = lede_arena_new();
	lede_yaml_parse(a, "fuzz.yaml", (const char *)data, size, 1, &err);
	lede_frontmatter fm;
	lede_frontmatter_parse(a, "fuzz.md", (const char *)data, size, &fm, &err);
	lede_arena_free(a);
	return 0;
}
