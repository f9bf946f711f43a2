-- api_surface_test.lua: the plugin API as a hook sees it (the lede module,
-- the methods of an article, a node, a date, a compiled regex, a node list)
-- against its two descriptions: the reference tables of docs/plugins.md and
-- the LuaLS annotations of plugins/types/lede.lua. Every public name of the
-- running engine must be in a reference table of the docs, every name those
-- tables give must exist, and a function's arguments (their names, and which
-- are optional) must read the same in the docs and in the types file, whose
-- ---@ annotations must be well formed. (tests/lua/types_test.lua compares
-- the types file's names with the engine.)
-- Run from the repo root: build/lede test -C tests/lua/site tests/lua/api_surface_test.lua

local DOCS, DEFS = "docs/plugins.md", "plugins/types/lede.lua"

local function read(path)
  local f, err = io.open(path, "r")
  ok(f, "cannot read " .. tostring(path) .. " (run the test from the repo root): " .. tostring(err))
  local s = f:read("a")
  f:close()
  return s
end

local function lines(s)
  local t = {}
  for line in (s .. "\n"):gmatch("([^\n]*)\n") do t[#t + 1] = line end
  return t
end

local function fail_list(what, list)
  table.sort(list)
  if #list > 0 then error(what .. ":\n  " .. table.concat(list, "\n  "), 2) end
end

------------------------------------------------------------------------------
-- The engine
------------------------------------------------------------------------------

local registry = debug.getregistry()

local function public(name) return type(name) == "string" and not name:match("^_") end

-- lede.* by full name: "function", "table" or "value".
local MODULE = {}
do
  local seen = {}
  local function walk(t, prefix)
    seen[t] = true
    for k, v in pairs(t) do
      if public(k) then
        local name = prefix .. "." .. k
        MODULE[name] = type(v) == "function" and "function" or type(v) == "table" and "table" or "value"
        if type(v) == "table" and not seen[v] then walk(v, name) end
      end
    end
  end
  walk(lede, "lede")
end

-- The members of each userdata and of a node list, split into fields and
-- methods by what reading them gives.
local a = lede.test.article("---\ntitle: T\ndate: 2020-07-24\n---\nSome *text*.\n", "content/t.md")
local SAMPLES = {
  article = a,
  node = a.body,
  date = a.date,
  regex = lede.re.compile("x"),
  List = a.body:children(),
}
local MEMBERS = {}
for kind, v in pairs(SAMPLES) do
  local names = {}
  local mt = getmetatable(v)
  if mt.__fields then
    for _, k in ipairs(mt.__fields) do names[#names + 1] = k end
  else
    ok(type(mt.__index) == "table", kind .. ": neither __fields nor an __index table")
    for k in pairs(mt.__index) do names[#names + 1] = k end
  end
  local m = { fields = {}, methods = {} }
  for _, k in ipairs(names) do
    if public(k) then
      if type(v[k]) == "function" then m.methods[k] = true else m.fields[k] = true end
    end
  end
  MEMBERS[kind] = m
end

-- Names that exist under another command only (`-- only: lede run` in the
-- types file): the docs may name them.
local ELSEWHERE = {}
do
  local only
  for _, line in ipairs(lines(read(DEFS))) do
    local cmd = line:match("^%-%- only: (.-)%s*$")
    if cmd then
      only = cmd
    elseif only then
      local fn = line:match("^function%s+(lede%.[%w_%.]*)%(")
      if fn then
        if only ~= "lede test" then ELSEWHERE[fn] = only end
        only = nil
      end
    end
  end
end

------------------------------------------------------------------------------
-- docs/plugins.md
------------------------------------------------------------------------------

-- The sections of the docs: each heading with the lines up to the next
-- heading of the same or a higher level (``` blocks skipped).
local DOC_LINES = lines(read(DOCS))
local SECTIONS = {}
do
  local open, fence = {}, false
  for i, line in ipairs(DOC_LINES) do
    if line:match("^```") then fence = not fence end
    local hashes, title = line:match("^(#+)%s+(.-)%s*$")
    if hashes and not fence then
      local level = #hashes
      for j = #open, 1, -1 do
        if open[j].level >= level then
          open[j].last = i - 1
          table.remove(open, j)
        end
      end
      local s = { title = title, level = level, first = i }
      SECTIONS[#SECTIONS + 1] = s
      open[#open + 1] = s
    end
  end
  for _, s in ipairs(open) do s.last = #DOC_LINES end
end

local function section(title)
  for _, s in ipairs(SECTIONS) do
    if s.title == title then return s end
  end
  error(DOCS .. " has no section '" .. title .. "'; update tests/lua/api_surface_test.lua", 2)
end

-- The first column of every table row of a section (header rows left out),
-- with its line number; the whole doc without a title.
local function rows(title)
  local s = title and section(title) or { first = 1, last = #DOC_LINES }
  local out, fence = {}, false
  for i = s.first, s.last do
    local line = DOC_LINES[i]
    if line:match("^```") then fence = not fence end
    if not fence and line:match("^|") and not line:match("^|%s*%-%-%-") then
      local cell = line:match("^|(.-[^\\])|") or ""
      if DOC_LINES[i + 1] and DOC_LINES[i + 1]:match("^|%s*%-%-%-") then cell = nil end -- a header
      if cell then out[#out + 1] = { cell = cell, line = i, text = line } end
    end
  end
  return out
end

-- The code spans of a cell.
local function spans(cell)
  local t = {}
  for code in cell:gmatch("`([^`]+)`") do t[#t + 1] = code end
  return t
end

-- Parses a documented call "name(a, b [, c [, d]])" into its name and
-- arguments ({name, optional}); nil for anything else.
local function doc_call(code)
  local name, args = code:match("^([%w_%.:]+)(%b())$")
  if not name then return nil end
  -- {ordered = false, ...}: one argument, an options table.
  args = args:sub(2, -2):gsub("%b{}", "opts"):gsub("[%[%]]", " %0 ")
  local params, depth = {}, 0
  for tok in args:gmatch("[^%s,]+") do
    if tok == "[" then
      depth = depth + 1
    elseif tok == "]" then
      depth = depth - 1
    else
      local p = tok:match("^[%a_][%w_]*$")
      if p then params[#params + 1] = { name = p, optional = depth > 0 } end
    end
  end
  return name, params
end

-- What the reference tables document, by kind: MODULE names (full), and
-- members per userdata kind; each with the places it is written.
local DOCUMENTED = { module = {}, article = {}, node = {}, date = {}, regex = {}, List = {}, globals = {} }
local SIGNATURES = {} -- full name ("lede.text.wrap", "node:walk") -> list of {params, line}

local function document(kind, name, line, params, sig)
  DOCUMENTED[kind][name] = DOCUMENTED[kind][name] or line
  if params then
    local list = SIGNATURES[sig] or {}
    list[#list + 1] = { params = params, line = line }
    SIGNATURES[sig] = list
  end
end

-- lede.* in the first column of any reference table, and in ### headings.
for _, r in ipairs(rows()) do
  for _, code in ipairs(spans(r.cell)) do
    local name, params = doc_call(code)
    local full = (name or code):match("^(lede%.[%w_%.]*[%w_])")
    if full then
      document("module", full, r.line, params and name == full and params or nil, full)
    end
  end
end
for _, s in ipairs(SECTIONS) do
  for full in s.title:gmatch("(lede%.[%w_]+[%w_%.]*[%w_])%(") do document("module", full, s.first) end
end

-- lede.node's constructors, lede.re's functions: by their short names.
for _, r in ipairs(rows("Constructors")) do
  for _, code in ipairs(spans(r.cell)) do
    local name, params = doc_call(code)
    if name then document("module", "lede.node." .. name, r.line, params, "lede.node." .. name) end
  end
end
for _, r in ipairs(rows("lede.re: regular expressions")) do
  for _, code in ipairs(spans(r.cell)) do
    local name, params = doc_call(code)
    local short = name and name:match("^re%.([%w_]+)$")
    if short then document("module", "lede.re." .. short, r.line, params, "lede.re." .. short) end
  end
  -- "a `lede.regex` with the methods `find`, `match`, ..."
  if r.cell:match("re%.compile") then
    for m in r.text:match("the methods(.-)%(") :gmatch("`([%w_]+)`") do document("regex", m, r.line) end
  end
end

-- The members of an article, a node and a date: `field` or `x:method(...)`
-- in the first column of their tables.
local function members(kind, titles, var)
  for _, title in ipairs(titles) do
    for _, r in ipairs(rows(title)) do
      for _, code in ipairs(spans(r.cell)) do
        local name, params = doc_call(code)
        local method = (name or code):match("^" .. var .. ":([%w_]+)")
        if method then
          document(kind, method, r.line, name and params, kind .. ":" .. method)
        elseif code:match("^[%a_][%w_]*$") then
          document(kind, code, r.line)
        end
      end
    end
  end
end
members("article", { "The article" }, "a")
members("node", { "Node fields", "Node operations" }, "n")
members("date", { "Dates" }, "d")

-- Pandoc's List methods, in the row of n:children().
for _, r in ipairs(rows("Node operations")) do
  if r.cell:match("n:children") then
    local what = r.text:match("List methods:(.*)$")
    ok(what, DOCS .. ":" .. r.line .. ": the row of n:children() no longer lists the List methods")
    for code in what:gmatch("`([^`]+)`") do
      local name, params = doc_call(code)
      if name then document("List", name, r.line, params, "List:" .. name) end
    end
  end
end

-- The test globals.
for _, r in ipairs(rows("Globals")) do
  for _, code in ipairs(spans(r.cell)) do
    local name, params = doc_call(code)
    if name then document("globals", name, r.line, params, name) end
  end
end

------------------------------------------------------------------------------
-- plugins/types/lede.lua
------------------------------------------------------------------------------

-- Every function the types file declares: its parameters (with ---@param's
-- optional mark) and its ---@overload parameter lists; the checks of the
-- annotations' form collect their complaints in PROBLEMS.
local DEFS_LINES = lines(read(DEFS))
local TYPED = {} -- "lede.text.wrap", "node:walk" (by class), "test" -> {params, overloads, line}
local PROBLEMS = {}
local CLASSES, ALIASES, TYPEREFS = {}, {}, {}
do
  local KNOWN = {
    meta = true, class = true, field = true, param = true, ["return"] = true, type = true, alias = true,
    overload = true, generic = true, enum = true, see = true, deprecated = true, nodiscard = true,
    diagnostic = true, cast = true, operator = true, vararg = true, async = true, private = true,
    protected = true, package = true, version = true, module = true, source = true,
  }
  local class_of = { article = "article", node = "node", date = "date", regex = "regex", List = "List",
    script_site = "script_site" }
  local pending = { params = {}, overloads = {} }
  local function problem(i, msg) PROBLEMS[#PROBLEMS + 1] = DEFS .. ":" .. i .. ": " .. msg end
  -- Type names after a tag: every lede.* in them (field and param names are
  -- not types, so the text after the name only).
  -- The type expression that starts `text`: up to a space outside
  -- brackets that neither follows nor precedes a `|`, `,` or `:`.
  local function type_expr(text)
    local depth, i = 0, 1
    while i <= #text do
      local c = text:sub(i, i)
      if c:match("[%(%{%<%[]") then depth = depth + 1 elseif c:match("[%)%}%>%]]") then depth = depth - 1 end
      if c == " " and depth == 0 then
        local before, after = text:sub(1, i - 1):match("(%S)%s*$"), text:sub(i):match("^%s*(%S)")
        if not (before and before:match("[|,:]") or after and after:match("[|,:]")) then break end
      end
      i = i + 1
    end
    return text:sub(1, i - 1)
  end
  local function refs(i, text)
    for t in type_expr(text):gmatch("(lede%.[%w_%.]*[%w_])") do TYPEREFS[#TYPEREFS + 1] = { name = t, line = i } end
  end
  local function params_of(fun)
    local list = {}
    local inner = fun:match("^fun(%b())")
    if not inner then return nil end
    for p in inner:sub(2, -2):gmatch("([%a_][%w_]*)%??%s*:") do
      if p ~= "self" then list[#list + 1] = p end
    end
    return list
  end
  for i, line in ipairs(DEFS_LINES) do
    local tag, rest = line:match("^%-%-%-@(%a+)%s*(.-)%s*$")
    if line:match("^%-%-%-@") and not tag then problem(i, "a ---@ line without a tag") end
    if tag then
      if not KNOWN[tag] then problem(i, "unknown annotation ---@" .. tag) end
      if tag == "class" then
        local c = rest:match("^([%w_%.]+)")
        if not c then problem(i, "---@class without a name") elseif CLASSES[c] then
          problem(i, "---@class " .. c .. " declared twice")
        else
          CLASSES[c] = i
        end
      elseif tag == "alias" then
        local al, t = rest:match("^([%w_%.]+)%s*(.*)$")
        if not al then problem(i, "---@alias without a name") else ALIASES[al] = i; refs(i, t) end
      elseif tag == "field" then
        local name, opt, t = rest:match('^(%b[])(%??)%s+(%S.*)$')
        if not name then name, opt, t = rest:match("^([%a_][%w_]*)(%??)%s+(%S.*)$") end
        if not name then problem(i, "---@field needs a name and a type: " .. rest) else refs(i, t) end
      elseif tag == "param" then
        local name, opt, t = rest:match("^([%a_][%w_]*)(%??)%s+(%S.*)$")
        if not name then name, opt, t = rest:match("^(%.%.%.)(%??)%s+(%S.*)$") end
        if not name then
          problem(i, "---@param needs a name and a type: " .. rest)
        else
          pending.params[#pending.params + 1] = { name = name, optional = opt == "?", line = i }
          refs(i, t)
        end
      elseif tag == "return" or tag == "type" then
        if rest == "" then problem(i, "---@" .. tag .. " without a type") else refs(i, rest) end
      elseif tag == "overload" then
        local list = params_of(rest)
        if not list then problem(i, "---@overload needs a fun(...) type: " .. rest) end
        pending.overloads[#pending.overloads + 1] = list
        refs(i, rest)
      end
    elseif not line:match("^%-%-%-") then
      local full, args = line:match("^function%s+([%w_%.:]+)(%b())")
      if full then
        local obj, meth = full:match("^([%w_]+):([%w_]+)$")
        local key = full
        if obj then
          ok(class_of[obj], DEFS .. ":" .. i .. ": methods of '" .. obj .. "' unknown to this test")
          key = class_of[obj] .. ":" .. meth
        end
        local declared = {}
        for p in args:sub(2, -2):gmatch("[^,%s]+") do declared[#declared + 1] = p end
        local params, by_name = {}, {}
        for _, p in ipairs(pending.params) do by_name[p.name] = p end
        for n, p in ipairs(declared) do
          if not by_name[p] then problem(i, full .. ": argument " .. p .. " has no ---@param") end
          params[n] = { name = p, optional = by_name[p] and by_name[p].optional or false }
        end
        for _, p in ipairs(pending.params) do
          local found = false
          for _, d in ipairs(declared) do found = found or d == p.name end
          if not found then problem(p.line, "---@param " .. p.name .. " is not an argument of " .. full) end
        end
        for n = 1, #params - 1 do
          if params[n].optional and not params[n + 1].optional then
            problem(i, full .. ": optional " .. params[n].name .. " before required " .. params[n + 1].name)
          end
        end
        TYPED[key] = { params = params, overloads = pending.overloads, line = i }
      end
      pending = { params = {}, overloads = {} }
    end
  end
end

------------------------------------------------------------------------------
-- The tests
------------------------------------------------------------------------------

test("the test finds what it compares", function()
  -- Guards the parsers: a format change in either file must not make every
  -- comparison below vacuous.
  ok(DOCUMENTED.module["lede.text.wrap"], "lede.text.wrap not found in the docs' tables")
  ok(DOCUMENTED.module["lede.node.Heading"], "the Constructors table not parsed")
  ok(DOCUMENTED.module["lede.re.gsub"], "the lede.re table not parsed")
  ok(DOCUMENTED.regex.exec, "the regex methods not parsed")
  ok(DOCUMENTED.article.html and DOCUMENTED.article.title, "the article tables not parsed")
  ok(DOCUMENTED.node.walk and DOCUMENTED.node.parent, "the node tables not parsed")
  ok(DOCUMENTED.date.epoch and DOCUMENTED.date.has_zone, "the date table not parsed")
  ok(DOCUMENTED.List.find_if, "the List methods not parsed")
  ok(DOCUMENTED.globals.raises, "the Globals table not parsed")
  local wrap = SIGNATURES["lede.text.wrap"]
  ok(wrap and #wrap[1].params == 3 and wrap[1].params[3].optional and not wrap[1].params[2].optional,
    "lede.text.wrap(s, width [, indent]) not parsed")
  ok(TYPED["lede.re.gsub"] and TYPED["lede.re.gsub"].params[4].optional, "the types' functions not parsed")
  ok(TYPED["node:walk"] and #TYPED["node:walk"].overloads == 1, "the types' overloads not parsed")
  ok(MEMBERS.article.methods.html and MEMBERS.article.fields.title, "the article's members not read")
  ok(MEMBERS.List.methods.find_if, "the List methods not read")
end)

test("every public name of the engine is in the docs' reference tables", function()
  local missing = {}
  for name, kind in pairs(MODULE) do
    -- A table is documented through its functions (lede.html through
    -- lede.html.escape); an empty one must be named itself.
    local has_members = false
    if kind == "table" then
      for other in pairs(MODULE) do has_members = has_members or other:sub(1, #name + 1) == name .. "." end
    end
    if not has_members and not DOCUMENTED.module[name] then missing[#missing + 1] = name end
  end
  for kind, m in pairs(MEMBERS) do
    for name in pairs(m.methods) do
      if not DOCUMENTED[kind][name] then missing[#missing + 1] = kind .. ":" .. name .. "()" end
    end
    for name in pairs(m.fields) do
      if not DOCUMENTED[kind][name] then missing[#missing + 1] = kind .. "." .. name end
    end
  end
  fail_list("in the engine but not in a reference table of " .. DOCS, missing)
end)

test("every name the docs' reference tables give exists", function()
  local extra = {}
  for name, line in pairs(DOCUMENTED.module) do
    if not MODULE[name] and not ELSEWHERE[name] then extra[#extra + 1] = DOCS .. ":" .. line .. ": " .. name end
  end
  for kind, names in pairs(DOCUMENTED) do
    if MEMBERS[kind] then
      for name, line in pairs(names) do
        if not MEMBERS[kind].methods[name] and not MEMBERS[kind].fields[name] then
          extra[#extra + 1] = DOCS .. ":" .. line .. ": " .. kind .. " has no '" .. name .. "'"
        end
      end
    end
  end
  for name, line in pairs(DOCUMENTED.globals) do
    if type(_G[name]) ~= "function" then extra[#extra + 1] = DOCS .. ":" .. line .. ": no global " .. name end
  end
  fail_list("named in " .. DOCS .. " but not in the engine", extra)
end)

test("every public function of the engine is annotated", function()
  local missing = {}
  for name, kind in pairs(MODULE) do
    if kind == "function" and not TYPED[name] then missing[#missing + 1] = name end
  end
  for kind, m in pairs(MEMBERS) do
    for name in pairs(m.methods) do
      if not TYPED[kind .. ":" .. name] then missing[#missing + 1] = kind .. ":" .. name end
    end
  end
  for name in pairs(DOCUMENTED.globals) do
    if not TYPED[name] then missing[#missing + 1] = name end
  end
  fail_list("in the engine but with no function in " .. DEFS, missing)
end)

test("the docs and the types file give the same arguments", function()
  local function show(params)
    local t = {}
    for _, p in ipairs(params) do t[#t + 1] = p.name .. (p.optional and "?" or "") end
    return "(" .. table.concat(t, ", ") .. ")"
  end
  local wrong = {}
  for sig, forms in pairs(SIGNATURES) do
    local typed = TYPED[sig]
    if not typed then
      wrong[#wrong + 1] = DOCS .. ":" .. forms[1].line .. ": " .. sig .. " has no function in " .. DEFS
    else
      -- What the types file allows: its arguments, and each overload's.
      local allowed = { [show(typed.params)] = true }
      for _, o in ipairs(typed.overloads) do
        local ps = {}
        for n, p in ipairs(o) do ps[n] = { name = p } end
        allowed[show(ps)] = true
      end
      for _, form in ipairs(forms) do
        local s = show(form.params)
        if not allowed[s] then
          -- An overload's arguments carry no optional mark: compare names alone too.
          local bare = s:gsub("%?", "")
          if not allowed[bare] then
            local a = {}
            for k in pairs(allowed) do a[#a + 1] = k end
            table.sort(a)
            wrong[#wrong + 1] = DOCS .. ":" .. form.line .. ": " .. sig .. s .. ", but " .. DEFS .. ":" ..
              typed.line .. " has " .. table.concat(a, " or ")
          end
        end
      end
    end
  end
  fail_list("arguments that differ", wrong)
end)

test("the annotations of the types file are well formed", function()
  local problems = { table.unpack(PROBLEMS) }
  for _, r in ipairs(TYPEREFS) do
    -- lede.foo.bar[] and lede.foo? are lede.foo.bar and lede.foo.
    if not CLASSES[r.name] and not ALIASES[r.name] then
      problems[#problems + 1] = DEFS .. ":" .. r.line .. ": type " .. r.name .. " is neither a ---@class nor a ---@alias"
    end
  end
  fail_list("annotations LuaLS would not read as meant", problems)
end)
