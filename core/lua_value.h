/* lua_value.h: front matter values and dates as Lua values (the lede.date
 * userdata, the lede.null sentinel). */
#ifndef LEDE_LUA_VALUE_H
#define LEDE_LUA_VALUE_H

#include "buf.h"
#include "date.h"
#include "value.h"

#include <lauxlib.h>
#include <lua.h>
#include <stdbool.h>

/* Pushes v as a fresh Lua value (nothing in it refers back to v or its
 * arena): NULL or null -> nil; strings, ints (lua_pushinteger), floats,
 * bools; timestamps as lede.date userdata; sequences as arrays, where a null
 * item is the lede.null sentinel so the array has no holes; maps as tables,
 * leaving out keys whose value is null. A node shared through a YAML alias
 * becomes separate tables. */
void lede_value_push(lua_State *L, const lede_value *v);
/* How deep article data (a.meta, a.tags...) may nest when it comes back
 * from Lua; deeper (or a table that holds itself) is an error. */
#define LEDE_DATA_DEPTH 128

/* The Lua value at idx as a tree in arena ar: nil and lede.null -> null,
 * booleans, integers, floats, strings, lede.date -> timestamp, tables ->
 * sequences (keys exactly 1..n; an empty table too) or maps (string or
 * whole-number keys, sorted). Anything else (a function, a coroutine, other
 * userdata) or too deep a nesting gives NULL and a message naming the place
 * from name on ("a.meta.x is a function; ..."), appended to msg. */
lede_value *lede_value_from_lua(lua_State *L, int idx, lede_arena *ar, const char *name,
                                lede_buf *msg);

/* Whether lede_value_from_lua would make of the value at idx exactly v
 * (false when in doubt): a hook that read a table and left it as it was
 * need not have it converted back. */
bool lede_value_same_lua(lua_State *L, int idx, const lede_value *v);

/* Pushes the lede.null sentinel: a light userdata, also stored in the
 * registry under "lede.null" (the lede module exports it as lede.null). */
void lede_value_null(lua_State *L);
/* True when the value at index i is the lede.null sentinel. */
bool lede_value_is_null(lua_State *L, int i);

/* The lede.date userdata (metatable "lede.date"): pushes a copy of *d. */
void lede_date_push(lua_State *L, const lede_date *d);
/* The same for the build time (site.now): every use of it (a method, a
 * comparison, a conversion) first calls the function in the registry at
 * "lede.on_now", if there is one. */
void lede_date_push_now(lua_State *L, const lede_date *d);
/* The lede.date at index i, or raises "bad argument #i (lede.date expected,
 * got X)". The pointer is valid while the userdata is reachable. */
lede_date *lede_date_check(lua_State *L, int i);
/* The userdata at i when its metatable is mt (an engine state's own, kept
 * by address), else NULL: luaL_testudata looks the metatable up in the
 * registry by name, some 300 instructions, on every field a hook or a
 * template reads of an article and every date method called. */
void *lede_udata_with_mt(lua_State *L, int i, const void *mt);
/* Registers the lede.date metatable in L. Calling it is optional (pushing a
 * date registers it too) and harmless more than once. */
void lede_date_open(lua_State *L);
/* lede.date.parse(s) -> date, or nil and a message. */
int lede_date_parse_lua(lua_State *L);
/* The lede.date module functions: parse(s), from_epoch(seconds[, offset
 * minutes]). Its size is not visible here, so add it to a table with
 * luaL_setfuncs (luaL_newlib cannot count it), or use lede_date_open_lib. */
extern const luaL_Reg lede_date_lib[];
/* Pushes a new table holding lede_date_lib (lua_lib.c adds it to lede.date); also
 * registers the metatable. Returns 1, as a luaopen_ function. */
int lede_date_open_lib(lua_State *L);

#endif
