-- A contributed plugin that does what its article asks, good or bad.
local tries = {
  good = function(a) a.meta.checked = "ok, " .. string.upper("sandboxed") end,
  spin = function()
    -- its own pcall must not be able to swallow the budget error
    while true do pcall(function() while true do end end) end
  end,
  hog = function()
    local t = {}
    for i = 1, 1e7 do t[i] = ("x"):rep(100) .. i end
  end,
  io = function() return io.open("/etc/passwd") end,
  exec = function() return os.execute("true") end,
  require = function() return require("os") end,
  bytecode = function() return load(string.dump(print)) end,
  metatable = function() getmetatable("").__index.upper = function() return "pwned" end end,
  article_mt = function(a) getmetatable(a).__index = nil end,
  write = function() lede.write("x.txt", "no") end,
  library = function() return lede.require("feed") end,
}
return {
  article = function(a)
    local f = tries[a.meta.try]
    if f then f(a) end
    a.meta.checked = a.meta.checked or "passed"
  end,
}
