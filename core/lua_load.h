/* lua_load.h: the one way lede loads a Lua file and the one message
 * handler its protected calls use, shared by plugins, libraries, scripts,
 * tests and templates. */
#ifndef LEDE_LUA_LOAD_H
#define LEDE_LUA_LOAD_H

#include <lua.h>

/* Loads the file at path as Lua text (never bytecode) under the chunk name
 * "@name" (name relative to the site, e.g. "plugins/x.lua", so messages are
 * the same on every machine; NULL: path). Pushes the chunk and returns
 * LUA_OK; on a syntax error pushes the message ("name:line: ...") and
 * returns LUA_ERRSYNTAX (LUA_ERRMEM when out of memory). When the file
 * cannot be read it pushes nothing and returns LUA_ERRFILE: the caller says
 * so in its own words. */
int lede_lua_loadfile(lua_State *L, const char *path, const char *name);

/* The message handler every protected call uses: keeps the error value
 * (a string, or what its __tostring gives) and appends a traceback, as
 * lua.c does. */
int lede_lua_traceback(lua_State *L);

#endif
