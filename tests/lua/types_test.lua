-- types_test.lua: the drift test of plugins/types/lede.lua. The running
-- engine (the lede table, the globals `lede test` adds, the metatables'
-- __fields) and the C tables that have no runtime form (hook names, node
-- type names, the index page) are compared both ways with the definitions,
-- so a function added on either side without the other fails here.
-- Run from the repo root: build/lede test -C tests/lua/site tests/lua/types_test.lua

local DEFS = "plugins/types/lede.lua"
-- The command this test runs under: names marked `-- only: lede run` (say)
-- in the definitions need not exist here.
local HERE = "lede test"

local function read(path)
  local f, err = io.open(path, "r")
  ok(f, "cannot read " .. tostring(path) .. " (run the test from the repo root): " .. tostring(err))
  local s = f:read("a")
  f:close()
  return s
end

-- What the definitions declare: per class its fields and methods (and
-- which fields are optional), the lede.* names with their kind, global
-- functions, alias members, and names marked as existing elsewhere only.
local function parse(src)
  local d = { classes = {}, optional = {}, module = {}, globals = {}, aliases = {}, only = {} }
  local class, alias, only
  local locals = {}
  local function declare(tbl, name, kind)
    tbl[name] = kind
    if only then d.only[name] = only end
    only = nil
  end
  for line in src:gmatch("([^\n]*)\n?") do
    local c = line:match("^%-%-%-@class%s+([%w_%.]+)")
    local al = line:match("^%-%-%-@alias%s+([%w_%.]+)")
    if c then
      class, alias = c, nil
      d.classes[c] = d.classes[c] or {}
      d.optional[c] = d.optional[c] or {}
    elseif al then
      class, alias = nil, al
      d.aliases[al] = {}
      for v in line:gmatch('"([^"]*)"') do d.aliases[al][v] = true end
    elseif line:match("^%-%-%-") then
      local name, opt = line:match('^%-%-%-@field%s+%["([%w_]+)"%](%??)')
      if not name then name, opt = line:match("^%-%-%-@field%s+([%a_][%w_]*)(%??)") end
      if name and class then
        d.classes[class][name] = "field"
        if opt == "?" then d.optional[class][name] = true end
      end
      if alias and line:match("^%-%-%-|") then
        for v in line:gmatch('"([^"]*)"') do d.aliases[alias][v] = true end
      end
    else
      local m = line:match("^%-%- only: (.-)%s*$")
      if m then only = m end
      local var = line:match("^local%s+([%a_][%w_]*)%s*=")
      if var and class then locals[var] = class end
      local obj, meth = line:match("^function%s+([%a_][%w_]*):([%a_][%w_]*)%(")
      if obj then
        ok(locals[obj], DEFS .. ": method " .. obj .. ":" .. meth .. " of no class")
        d.classes[locals[obj]][meth] = "method"
      end
      local fn = line:match("^function%s+(lede%.[%w_%.]*)%(")
      if fn then declare(d.module, fn, "function") end
      local val, rhs = line:match("^(lede%.[%w_%.]*)%s*=%s*(.-)%s*$")
      if val then declare(d.module, val, rhs == "{}" and "table" or "value") end
      local g = line:match("^function%s+([%a_][%w_]*)%(")
      if g then declare(d.globals, g, "function") end
      class, alias = nil, nil
    end
  end
  return d
end

local SRC = read(DEFS)
local D = parse(SRC)

local function sorted(set)
  local t = {}
  for k in pairs(set) do t[#t + 1] = k end
  table.sort(t)
  return t
end

-- Fails naming every name on one side only. `want` is the C side;
-- `optional` names may be absent from it (fields set only sometimes).
local function compare(what, have, want, optional)
  local missing, extra = {}, {}
  for k in pairs(want) do
    if not have[k] then missing[#missing + 1] = k end
  end
  for k in pairs(have) do
    if not want[k] and not (optional and optional[k]) then extra[#extra + 1] = k end
  end
  table.sort(missing)
  table.sort(extra)
  local msg = {}
  if #missing > 0 then
    msg[#msg + 1] = what .. ": in the C side but not in " .. DEFS .. ": " .. table.concat(missing, ", ")
  end
  if #extra > 0 then
    msg[#msg + 1] = what .. ": in " .. DEFS .. " but not in the C side: " .. table.concat(extra, ", ")
  end
  if #msg > 0 then error(table.concat(msg, "; "), 2) end
end

local function set(list)
  local s = {}
  for _, v in ipairs(list) do s[v] = true end
  return s
end

local function keys(t)
  local s = {}
  for k in pairs(t) do s[k] = true end
  return s
end

local function class_fields(name)
  local c = D.classes[name]
  ok(c, DEFS .. " has no ---@class " .. name)
  return keys(c)
end

-- The quoted strings of the C initializer that follows `anchor` in file.
local function c_strings(file, anchor)
  local src = read(file)
  local at = src:find(anchor, 1, true)
  ok(at, file .. " no longer has '" .. anchor .. "'; update " .. "tests/lua/types_test.lua")
  local body = src:match("%b{}", at)
  local s = {}
  for v in body:gmatch('"([^"]*)"') do s[v] = true end
  return s
end

test("the definitions are valid Lua", function()
  local f, err = load(SRC, "@" .. DEFS, "t")
  ok(f, err)
end)

test("the parser finds the definitions", function()
  -- Guards the test itself: a format change in the file must not make
  -- every comparison below vacuous.
  ok(D.module["lede.re.find"] == "function", "lede.re.find not parsed")
  ok(D.classes["lede.article"].html == "method", "article:html not parsed")
  ok(D.classes["lede.link"]["end"], '["end"] field not parsed')
  ok(D.optional["lede.outlet"].template, "optional field not parsed")
  ok(D.globals.eq, "global eq not parsed")
end)

test("the lede module matches the definitions", function()
  local have, seen = {}, {}
  local function walk(t, prefix)
    seen[t] = true
    for k, v in pairs(t) do
      local name = prefix .. "." .. tostring(k)
      local tv = type(v)
      have[name] = tv == "table" and "table" or tv == "function" and "function" or "value"
      if tv == "table" and not seen[v] then walk(v, name) end
    end
  end
  walk(lede, "lede")
  local declared, elsewhere = D.module, {}
  for name, cmd in pairs(D.only) do
    if cmd ~= HERE then elsewhere[name] = true end
  end
  compare("lede module", declared, have, elsewhere)
  local wrong = {}
  for name, kind in pairs(declared) do
    if have[name] and have[name] ~= kind then
      wrong[#wrong + 1] = name .. " is a " .. have[name] .. ", declared as a " .. kind
    end
  end
  table.sort(wrong)
  ok(#wrong == 0, table.concat(wrong, "; "))
end)

test("the test globals match the definitions", function()
  local std = set { "assert", "collectgarbage", "dofile", "error", "getmetatable", "ipairs", "load",
    "loadfile", "next", "pairs", "pcall", "print", "rawequal", "rawget", "rawlen", "rawset",
    "require", "select", "setmetatable", "tonumber", "tostring", "type", "xpcall", "warn" }
  -- Only C functions: globals other test files leak are Lua functions.
  local have = {}
  for k, v in pairs(_G) do
    if type(k) == "string" and type(v) == "function" and not std[k] and debug.getinfo(v, "S").what == "C" then
      have[k] = true
    end
  end
  compare("globals", D.globals, have)
end)

local registry = debug.getregistry()

test("lede.article fields and methods match __fields", function()
  compare("lede.article", class_fields("lede.article"), set(registry["lede.article"].__fields))
end)

test("lede.node fields and methods match __fields", function()
  compare("lede.node", class_fields("lede.node"), set(registry["lede.node"].__fields))
end)

test("lede.date fields and methods match __fields", function()
  compare("lede.date", class_fields("lede.date"), set(registry["lede.date"].__fields))
end)

test("lede.regex methods match its __index", function()
  compare("lede.regex", class_fields("lede.regex"), keys(registry["lede.regex"].__index))
end)

test("lede.plugin hooks match lede_hook_names", function()
  compare("lede.plugin", class_fields("lede.plugin"), c_strings("core/lua_engine.c", "lede_hook_names[LEDE_HOOK__COUNT] ="))
end)

test("node filters and node types match the C type names", function()
  local names = c_strings("core/node.c", "names[LEDE_NODE__COUNT] =")
  local keys = { traverse = true } -- Pandoc's walk order (core/lua_node.c), beside the types
  for name in pairs(names) do keys[name] = true end
  compare("lede.nodefilters", class_fields("lede.nodefilters"), keys)
  ok(D.aliases["lede.nodetype"], DEFS .. " has no ---@alias lede.nodetype")
  compare("lede.nodetype", D.aliases["lede.nodetype"], names)
end)

test("the index page table matches core/bridge.c", function()
  local src = read("core/bridge.c")
  local from = src:find("lua_newtable(L); /* page */", 1, true)
  local to = from and src:find('"index"', from, true)
  ok(from and to, "core/bridge.c: cannot find the page table of the index hook; update tests/lua/types_test.lua")
  local have = {}
  for k in src:sub(from, to):gmatch('lua_setfield%(L, %-2, "([%w_]+)"%)') do have[k] = true end
  compare("lede.page", class_fields("lede.page"), have)
end)

-- Tables built by C at run time: every key they hold must be declared, and
-- every non-optional declared field must be there.
local function compare_table(name, t)
  compare(name, class_fields(name), keys(t), D.optional[name])
end

test("the outlet and site tables match the definitions", function()
  local o = lede.test.outlet("web")
  compare_table("lede.outlet", o)
  compare_table("lede.site", o.site)
end)

test("a.links and a.quotes items match the definitions", function()
  local a = lede.test.article("---\ntitle: T\ndate: 2020-07-24\n---\n" ..
    "Read [the report](https://example.org/r).\n\n" ..
    "“Cities lead the way,” said Ana Pérez, the mayor of Lisbon.\n", "content/t.md")
  ok(a.links[1], "no link extracted")
  compare_table("lede.link", a.links[1])
  local q = a.quotes[1]
  ok(q and q.speaker and q.role and q.cue, "the quote lacks a speaker, role or cue: " .. lede.json.encode(a.quotes))
  compare_table("lede.quote", q)
end)
