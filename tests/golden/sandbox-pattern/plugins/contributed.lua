-- A contributed plugin whose patterns come from its articles.
local slow = string.rep("a", 30000)
local tries = {
  -- ordinary patterns work as in Lua, as functions and as methods
  good = function(a)
    local words = {}
    for w in a.title:gmatch("%a+") do words[#words + 1] = w:upper() end
    local key, value = string.match("key = value", "(%w+)%s*=%s*(%w+)")
    a.meta.checked = table.concat(words, "-") .. " " .. key .. ":" .. value ..
      " " .. ("a,b,,c"):gsub(",", ";") .. " " .. select(2, ("x(y)z"):find("%b()"))
  end,
  method = function() return slow:find(".-.-.-.-b") end,
  ["function"] = function() return string.find(slow, ".-.-.-.-b") end,
  match = function() return slow:match("(.-)(.-)(.-)b") end,
  gsub = function() return slow:gsub("(.-)(.-)(.-)b", "%1") end,
  gmatch = function() for _ in slow:gmatch(".-.-.-b") do end end,
  -- its own pcall cannot swallow the budget and carry on
  swallow = function(a)
    for _ = 1, 1000 do pcall(string.find, slow, ".-.-.-.-b") end
    a.meta.checked = "carried on"
  end,
}
return {
  article = function(a)
    local f = tries[a.meta.try]
    if f then f(a) end
    a.meta.checked = a.meta.checked or "passed"
  end,
}
