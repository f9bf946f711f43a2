-- A trusted plugin with the mistakes that used to hang or end the build.
local tries = {
  spin = function() while true do end end,
  -- its own pcall cannot swallow the limit
  swallow = function()
    while true do pcall(function() while true do end end) end
  end,
  -- a loop inside a coroutine is still inside the hook
  coroutine = function()
    coroutine.wrap(function() while true do end end)()
  end,
  exit = function() os.exit(3) end,
  -- a string pattern that backtracks for minutes runs in C, not in the VM
  pattern = function() return ("a"):rep(30000):find(".-.-.-.-b") end,
  -- a table holding one table many times: 2^40 copies of it, in C
  json = function()
    local t = ("x"):rep(100)
    for _ = 1, 40 do t = { t, t } end
    return lede.json.encode(t)
  end,
}
return {
  article = function(a)
    local f = tries[a.meta.try]
    if f then f(a) end
    a.meta.checked = "passed"
  end,
}
