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

int lede_lua_traceback(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);
	if (!msg) {
		if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
			msg = lua_tostring(L, -1);
		else
			msg =
			    lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
	}
	luaL_traceback(L, L, msg, 1);
	return 1;
}
