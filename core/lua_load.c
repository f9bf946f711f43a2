/* lua_load.c: loading a Lua file, and the message handler that adds a
 * traceback (lua_load.h). */
#include "lua_load.h"

#include "output.h"

#include <lauxlib.h>
#include <stdlib.h>

int lede_lua_loadfile(lua_State *L, const char *path, const char *name)
{
	size_t len;
	char *src = lede_read_file(path, &len);
	if (!src)
		return LUA_ERRFILE;
	const char *chunk = lua_pushfstring(L, "@%s", name ? name : path);
	int rc = luaL_loadbufferx(L, src, len, chunk, "t");
	free(src);
	lua_remove(L, -2); /* the chunk name */
	return rc;
}

/* An error's message is shown at most this long: error(string.rep("x",
 * 1e8)) took ten seconds and a gigabyte to report, escaped byte by byte. */
#define MSG_SHOWN 4000

int lede_lua_traceback(lua_State *L)
{
	size_t len = 0;
	const char *msg = lua_tolstring(L, 1, &len);
	if (!msg) {
		if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
			msg = lua_tolstring(L, -1, &len);
		else
			msg =
			    lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
	}
	if (len > MSG_SHOWN) {
		/* cut at a character's start, so the rest is still UTF-8 */
		size_t cut = MSG_SHOWN;
		while (cut > 0 && ((unsigned char)msg[cut] & 0xC0) == 0x80)
			cut--;
		lua_pushlstring(L, msg, cut);
		lua_pushfstring(L, "... (%I more bytes of the message not shown)",
		                (lua_Integer)(len - cut));
		lua_concat(L, 2);
		msg = lua_tostring(L, -1);
	}
	luaL_traceback(L, L, msg, 1);
	return 1;
}
