-- Replaces its own `nodes` table with a number once loaded
-- (tests/lua/hooks_test.lua): the walk must raise, naming what it is, not
-- read a number as a table.
local M = {}
M.nodes = { Link = function() end }
M.transform = function()
  M.nodes = 42
end
return M
