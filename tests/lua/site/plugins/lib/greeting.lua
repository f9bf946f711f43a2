-- A site library for tests/lua/lib_test.lua: loaded once per state.
_G.greeting_loads = (_G.greeting_loads or 0) + 1
return { hello = function(name) return "Hello, " .. name end }
