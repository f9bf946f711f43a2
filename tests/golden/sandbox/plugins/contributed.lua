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
  -- finalizers would run outside every budget
  gc = function() setmetatable({}, {__gc = function() while true do end end}) end,
  -- what leaves the plugin must be data
  lambda = function(a) a.meta.reading_time_text = function() while true do end end end,
  script_lambda = function(a) a.meta.checked = function() return "<script>x()</script>" end end,
  coroutine = function(a) a.tags[#a.tags + 1] = coroutine.create(print) end,
  userdata = function(a) a.meta.re = lede.re.compile("x") end,
  meta_mt = function(a)
    a.meta.deep = {list = {setmetatable({}, {__index = function() while true do end end})}}
  end,
  key_fn = function(a) a.authors[print] = "x" end,
  returns_fn = function() return function() end end,
  -- C memory counts: 2,000 clones of a 100 kB paragraph would be 200 MB
  clones = function(a)
    local p = lede.node.Paragraph(lede.node.Text(("x"):rep(100000)))
    for _ = 1, 2000 do a.body:append(p:clone()) end
  end,
  -- a table holding one table many times: 2^30 copies of 1,000 bytes
  json_bomb = function()
    local t = ("x"):rep(1000)
    for _ = 1, 30 do t = { t, t } end
    return lede.json.encode(t)
  end,
  -- each of 100,000 words on a line of its own after a 100 kB indent: 10 GB
  wrap_indent = function()
    return lede.text.wrap(("a "):rep(100000), 1, ("x"):rep(100000))
  end,
  big_html = function(a)
    for _ = 1, 8 do a.body:append(lede.node.Paragraph(lede.node.Text(("y"):rep(60000)))) end
    local pages = {}
    for i = 1, 2000 do pages[i] = a:html() end
  end,
  -- raw HTML follows allow_raw_html (false here)
  raw_block = function(a) a.body:append(lede.node.RawBlock("html", "<script>x()</script>")) end,
  raw_inline = function(a)
    a.body.first:append(lede.node.RawInline("html", "<script>x()</script>"))
  end,
  raw_format = function(a)
    local r = lede.node.RawBlock("latex", "<script>x()</script>")
    r.format = "html"
    a.body:append(r)
  end,
  raw_text = function(a) a.body:append(lede.node.RawBlock("text", "plain <b>")) end,
  dump = function() return load(("").dump(print)) end,
  os_exit = function() os.exit(0) end,
  getenv = function(a) a.meta.checked = os.getenv("HOME") end,
  missing = function(a) a.meta.checked = "os.nothing: " .. type(os.nothing) end,
  -- the sandbox's globals, as docs/plugins.md lists them
  env = function(a)
    local function keys(t)
      local names = {}
      for k in pairs(t) do names[#names + 1] = k end
      table.sort(names)
      return table.concat(names, " ")
    end
    a.meta.checked = "globals: " .. keys(_G) .. "; os: " .. keys(os) .. "; string: "
      .. keys(string) .. "; lede.write: " .. type(rawget(lede, "write")) .. "; lede.require: "
      .. type(rawget(lede, "require")) .. "; (\"\").dump: " .. type(("").dump)
      .. "; getmetatable(\"\"): " .. getmetatable("")
  end,
  -- C memory made before a call can stop: jansson's 250 bytes an object
  -- (3 MB here), a slug's decomposition (U+FDFA is 18 characters: 2 MB),
  -- smartquotes' 40 bytes a byte (4 MB)
  json_decode = function() return #lede.json.decode("[" .. ("{},"):rep(12000) .. "{}]") end,
  slug_bomb = function() return lede.slug(("\u{FDFA}"):rep(30000)) end,
  -- a Unicode slug keeps 30 combining marks in a row: sorting 4,000 took
  -- 4 million steps (40,000 took three seconds), now a few hundred
  slug_sort = function() return lede.slug("a" .. ("\u{0301}\u{0316}"):rep(2000)) end,
  quotes_bomb = function() return #lede.text.smartquotes(('"'):rep(100000)) end,
  -- the same for text escaped or changed in C: the most it may be, in C
  -- and as the string handed back (690 kB of '&quot;' twice here)
  escape_html = function() return #lede.html.escape(('"'):rep(115000)) end,
  escape_xml = function() return #lede.xml.escape(('"'):rep(115000)) end,
  escape_href = function() return #lede.escape.href(("&"):rep(140000)) end,
  bidi_close = function() return #lede.text.bidi_close(("\u{202E}"):rep(95000)) end,
  text_upper = function() return #lede.text.upper(("\u{0250}"):rep(170000)) end,
  -- a line may break between two ideographs: 400 lines after a 1 kB indent
  wrap_ideographs = function()
    return #lede.text.wrap(("\u{6F22}"):rep(400), 1, ("x"):rep(1000))
  end,
  escapes = function(a)
    a.meta.checked = table.concat({
      lede.html.escape('<a title="\u{202E}x">&\''), lede.xml.escape("<\"'&>"),
      lede.escape.href("/a b?q=1&r='x'"), lede.url.encode("/a b\"[1]"),
      lede.text.bidi_close("\u{202E}x"), lede.text.upper("\u{0250}é"),
      lede.text.clean("a\1b"), lede.text.wrap("一二 三", 2, "> "),
      lede.url.resolve("https://x.example/a/b", "../c"), (lede.url.host("https://X.example/p")),
    }, " | ")
  end,
}
return {
  article = function(a)
    local f = tries[a.meta.try]
    local r = f and f(a)
    a.meta.checked = a.meta.checked or "passed"
    return r
  end,
  -- the outlet table is the sandbox's own copy: a change to it reaches
  -- neither the format's render nor the later articles' pages
  transform = function(a, outlet)
    if a.meta.try == "outlet" then outlet.site.title = "changed by a sandbox" end
  end,
}
