-- Nodes: fields, traversal, edits, constructors, and their safety rules.
local SRC = [[
---
title: Nodes
date: 2020-01-01
---

# Heading

Para with *emph*, `code` and a [link](http://a.example).

> quoted
]]

local function types(list)
  local t = {}
  for i, n in ipairs(list) do t[i] = n.type end
  return t
end

test("fields and lines", function()
  local a = lede.test.article(SRC)
  local b = a.body
  eq(b.type, "Document")
  local h = b.first
  eq(h.type, "Heading")
  eq(h.level, 1)
  eq(h.line, 6) -- lines are file lines, front matter included
  eq(h:text(), "Heading")
  eq(types(b:children()), { "Heading", "Paragraph", "BlockQuote" })
end)

test("walk visits every node in document order", function()
  local a = lede.test.article(SRC)
  local seen = {}
  for n in a.body:walk() do seen[#seen + 1] = n.type end
  eq(seen, { "Document", "Heading", "Text", "Paragraph", "Text", "Emph", "Text", "Text", "Code",
    "Text", "Link", "Text", "Text", "BlockQuote", "Paragraph", "Text" })
end)

test("walk with a filter table", function()
  local a = lede.test.article(SRC)
  a.body:walk { Text = function(n) n.literal = n.literal:upper() end }
  contains(a:html(), "<h1>HEADING</h1>")
end)

-- The walk reads the filter table for what it may hold as it starts, and
-- again after each function it calls: a table's metatable, a function
-- added, removed or replaced on the way are all heeded.
test("walk with a filter table that changes or answers through a metatable", function()
  local a = lede.test.article(SRC)
  local seen = {}
  local filters = {}
  filters.Heading = function()
    seen[#seen + 1] = "Heading"
    -- added while walking: the later Code and Link are visited
    filters.Code = function(c) seen[#seen + 1] = "Code:" .. c.literal end
    filters.Link = function() seen[#seen + 1] = "Link" end
  end
  filters.Emph = function()
    seen[#seen + 1] = "Emph"
    filters.Link = nil -- removed: not called
  end
  a.body:walk(filters)
  eq(seen, { "Heading", "Emph", "Code:code" })

  local asked = {}
  local proxy = setmetatable({}, { __index = function(_, k)
    asked[k] = true
    if k == "Code" then return function(c) c.literal = "CODE" end end
  end })
  a.body:walk(proxy)
  contains(a:html(), "<code>CODE</code>")
  eq(asked.Text, true) -- every type asked, as a plain table would be
end)

test("append, insert_before, insert_after, replace, unlink", function()
  local a = lede.test.article(SRC)
  local p = a.body:children()[2]
  p:append(lede.node.Text(" END"))
  p:insert_before(lede.node.Paragraph("before"))
  p:insert_after(lede.node.Paragraph("after"))
  eq(types(a.body:children()), { "Heading", "Paragraph", "Paragraph", "Paragraph", "BlockQuote" })
  a.body.last:replace(lede.node.ThematicBreak())
  a.body.first:unlink()
  local html = a:html()
  eq(html, "<p>before</p>\n<p>Para with <em>emph</em>, <code>code</code> and a " ..
    '<a href="http://a.example">link</a>. END</p>\n<p>after</p>\n<hr>\n')
end)

test("constructors", function()
  local n = lede.node
  local doc = n.Document {
    n.Heading(2, "Title"),
    n.Paragraph { n.Strong("bold"), n.Text(" "), n.Link("https://x.example", "x", "t") },
    n.List({ "a", "b" }, { ordered = true, start = 3 }),
    n.CodeBlock("x = 1\n", "lua"),
    n.BlockQuote { n.Paragraph("q") },
    n.RawBlock("html", "<figure>f</figure>"),
    n.Div("note", { n.Paragraph { n.Span("k", "s"), n.Code("c"), n.LineBreak(), n.Emph("e") } }),
    n.Paragraph { n.Image("i.png", "alt"), n.Strikethrough("gone"), n.RawInline("html", "<br>") },
  }
  eq(doc:html(), table.concat {
    "<h2>Title</h2>\n",
    '<p><strong>bold</strong> <a href="https://x.example" title="t">x</a></p>\n',
    '<ol start="3">\n<li>a</li>\n<li>b</li>\n</ol>\n',
    '<pre><code class="language-lua">x = 1\n</code></pre>\n',
    "<blockquote>\n<p>q</p>\n</blockquote>\n",
    "<figure>f</figure>\n",
    '<div class="note">\n<p><span class="k">s</span><code>c</code><br>\n<em>e</em></p>\n</div>\n',
    '<p><img src="i.png" alt="alt"><del>gone</del><br></p>\n',
  })
end)

test("content given as lists nested in lists: up to 1000 levels, and no list holding itself", function()
  local n = lede.node
  local function nested(depth)
    local t = "deep"
    for _ = 1, depth do t = { t } end
    return t
  end
  eq(n.Paragraph(nested(1000)):html(), "<p>deep</p>\n")
  eq(n.List({ nested(500) }):html(), "<ul>\n<li>deep</li>\n</ul>\n")
  raises(function() n.Paragraph(nested(1001)) end, "content nested deeper than 1000 lists")
  raises(function() n.Paragraph(nested(100000)) end, "content nested deeper than 1000 lists")
  local cycle = {}
  cycle[1] = cycle
  raises(function() n.Div("x", cycle) end, "a list holding itself?")
  raises(function() n.List({ cycle }) end, "a list holding itself?")
end)

test("text of constructed content is escaped, raw is not", function()
  local p = lede.node.Paragraph { lede.node.Text("<script>&"), lede.node.RawInline("html", "<b>ok</b>") }
  eq(p:html(), "<p>&lt;script&gt;&amp;<b>ok</b></p>\n")
  eq(lede.node.RawBlock("text", "only in text"):html(), "")
end)

test("unsafe URLs lose their target", function()
  for _, u in ipairs { "javascript:alert(1)", " JavaScript:x", "vbscript:x", "data:text/html,x", "java\tscript:x" } do
    eq(lede.node.Link(u, "x"):html(), '<a href="">x</a>', u)
  end
  eq(lede.node.Link("https://ok.example/?a=1&b=\"2\"", "x"):html(),
    '<a href="https://ok.example/?a=1&amp;b=%222%22">x</a>')
end)

test("edits that would break the tree are refused", function()
  local a = lede.test.article(SRC)
  local p = a.body:children()[2]
  local outer = lede.node.Div("outer", { lede.node.Div("inner", {}) })
  raises(function() outer.first:append(outer) end, "descendant")
  raises(function() p:append(lede.node.Paragraph("x")) end, "a Paragraph cannot contain a Paragraph")
  raises(function() a.body:append(lede.node.Text("x")) end, "a Document cannot contain a Text")
  raises(function() lede.node.Text("x"):insert_after(lede.node.Text("y")) end, "no parent")
  raises(function() lede.node.Heading(9, "x") end, "heading level must be 1 to 6")
  raises(function() p.level = 3 end, "a Paragraph has no field 'level'")
  raises(function() p.nope = 1 end, "cannot set node field 'nope'")
  raises(function() return p.lenght end, "no node field 'lenght'")
end)

test("a node from another article is copied in", function()
  local a = lede.test.article(SRC, "a.md")
  local b = lede.test.article(SRC, "b.md")
  local from_b = b.body.first
  local inserted = a.body:append(from_b)
  eq(inserted.type, "Heading")
  eq(#b.body:children(), 3) -- b is untouched
  eq(#a.body:children(), 4)
  inserted.level = 2
  eq(from_b.level, 1)
end)

test("a list starts at 0 to 999999999, as in Markdown", function()
  local n = lede.node
  -- the text format numbers items from start: past the largest int, a
  -- signed overflow (UBSan) and a negative number
  local a = lede.test.article("---\ntitle: T\ndate: 2020-01-01\n---\nx\n")
  local l = a.body:append(n.List({ "a", "b" }, { ordered = true, start = 999999999 }))
  contains(a:text(), "999999999. a\n1000000000. b")
  l.start = 0
  contains(a:html(), '<ol start="0">')
  for _, bad in ipairs { 2147483647, math.maxinteger, -1, 1000000000 } do
    raises(function() n.List({ "a" }, { ordered = true, start = bad }) end, "a list's start is 0 to 999999999")
    raises(function() l.start = bad end, "a list's start is 0 to 999999999")
  end
  eq(l.start, 0)
end)

test("fields can be edited", function()
  local a = lede.test.article(SRC)
  local link
  for n in a.body:walk() do if n.type == "Link" then link = n end end
  link.url = "https://b.example"
  link.title = "T"
  eq(link.url, "https://b.example")
  contains(a:html(), '<a href="https://b.example" title="T">link</a>')
  local h = a.body.first
  h.level = 3
  contains(a:html(), "<h3>Heading</h3>")
  local c = h:clone()
  eq(c.level, 3)
  eq(c.parent, nil)
end)

test("nodes raise after their article is released", function()
  local a = lede.test.article("---\ntitle: T\ndate: 2020-01-01\nhidden: false\n---\n\nBody\n")
  local out = lede.test.render(a, "gate")
  ok(out)
  raises(function() return _G.stashed.title end, "released")
  raises(function() return _G.stashed_body.type end, "released")
end)

-- A filter may edit the tree around its node: the walk goes on through
-- the nodes as they stood when it started. It used to find the next node
-- from the edited tree, and a filter that unlinked its next sibling or its
-- parent ended the walk there: the rest of the document went unfiltered.
test("a filter that unlinks its next sibling or its parent does not end the walk", function()
  local src = "---\ntitle: T\ndate: 2020-07-24\n---\n\nOne *two* three.\n\nFour **five**.\n\nSix.\n"
  local a = lede.test.article(src)
  local seen = {}
  a.body:walk { Text = function(t)
    seen[#seen + 1] = t.literal
    if t.literal == "One " then t.next:unlink() end -- the Emph, not yet walked
  end }
  eq(seen, { "One ", " three.", "Four ", "five", ".", "Six." })
  eq(a.body.first:html(), "<p>One  three.</p>\n")

  local b = lede.test.article(src)
  seen = {}
  local emph = 0
  b.body:walk {
    Text = function(t)
      seen[#seen + 1] = t.literal
      if t.literal == "two" then t.parent:unlink() end -- the Emph holding it
    end,
    Emph = function() emph = emph + 1 end, -- out of the tree: not called
  }
  eq(seen, { "One ", "two", " three.", "Four ", "five", ".", "Six." })
  eq(emph, 0)

  local c = lede.test.article(src)
  local texts = 0
  c.body:walk { Paragraph = function(p)
    if p.next then p.next:unlink() end -- a later paragraph and its Texts
  end, Text = function() texts = texts + 1 end }
  eq(texts, 4)               -- One, two, three and Six: Four's went with their paragraph
  eq(#c.body:children(), 2) -- One... and Six.: Six.'s own Paragraph filter ran
end)

test("a filter may wrap the node it is given", function()
  local a = lede.test.article(SRC)
  a.body:walk { Link = function(l) return lede.node.Span("ext", { l }) end }
  contains(a:html(), '<span class="ext"><a href="http://a.example">link</a></span>.')
end)

test("a list keeps its order, the node included", function()
  local a = lede.test.article(SRC)
  a.body:walk { Code = function(c) return { lede.node.Text("["), c, lede.node.Text("]") } end }
  contains(a:html(), "[<code>code</code>]")
  a.body:walk { Emph = function() return {} end }
  contains(a:html(), "<p>Para with , [")
end)

test("bad filter results raise", function()
  local a = lede.test.article(SRC)
  raises(function() a.body:walk { Text = function() return 42 end } end,
    "must return nil, a lede.node or a list of nodes, not a number")
  raises(function() a.body:walk { Emph = function() return { "x" } end } end,
    "item 1 of the list a node filter returned is a string")
  raises(function() a.body:walk { Emph = function() return lede.node.Paragraph("x") end } end,
    "a node filter returned a Paragraph where a Emph stood, inside a Paragraph")
  -- a table with named keys is not a list: it would delete the link silently
  raises(function() a.body:walk { Link = function(n) return { link = n } end } end,
    "a node filter returned a table that is not a list (its key 'link')")
  raises(function() a.body:walk { Link = function(n) return { n, extra = true } end } end,
    "(its key 'extra')")
  raises(function() a.body:walk { Link = function(n) return { [0] = n } end } end,
    "(its key number)")
  raises(function() a.body:walk { Link = function(n) return { n, n } end } end,
    "a node filter returned the same node twice; a node stands in one place: return n:clone()")
  -- and the document is as it was after each
  contains(a:html(), '<a href="http://a.example">link</a>')
end)

test("footnotes: numbered in order of first use, fields and constructors", function()
  local a = lede.test.article("---\ntitle: F\ndate: 2020-01-01\n---\nA[^z] b[^y] c[^z].\n\n[^y]: Why.\n\n[^z]: Zed.\n")
  local refs, defs = {}, {}
  for n in a.body:walk() do
    if n.type == "FootnoteReference" then refs[#refs + 1] = n.number end
    if n.type == "FootnoteDefinition" then defs[#defs + 1] = n.number .. ":" .. n:text() end
  end
  eq(refs, { 1, 2, 1 })
  eq(defs, { "1:Zed.", "2:Why." })
  eq(a.body.first.number, nil) -- only footnotes have one
  -- a plugin's own note: a reference in a paragraph, its text at the end
  local p = lede.node.Paragraph({ lede.node.Text("Added"), lede.node.FootnoteReference(3) })
  a.body.first:insert_after(p)
  a.body:append(lede.node.FootnoteDefinition(3, { lede.node.Paragraph({ lede.node.Text("Three.") }) }))
  local html = a:html()
  assert(html:find('<a href="#fn-3" id="fnref-3" data-footnote-ref>3</a>', 1, true), html)
  assert(html:find('<li id="fn-3">\n<p>Three. <a href="#fnref-3"', 1, true), html)
  local ref = a.body.first.first.next
  ref.number = 2
  eq(ref.number, 2)
  raises(function() ref.number = 0 end, "footnote number must be 1 to 1000000")
  raises(function() a.body.first.number = 1 end, "a Paragraph has no field 'number'")
end)

-- What a filter returned is checked once it has returned, so Lua named no
-- place and a build's report read "plugins/x.lua: in hook 'nodes.Emph'
-- for ...", with no line: the message now starts at the filter function.
test("a bad filter result names the file and line of the filter", function()
  local a = lede.test.article(SRC)
  local line = debug.getinfo(1, "l").currentline + 1
  local bad = { Emph = function() return "x" end }
  local msg = raises(function() a.body:walk(bad) end, "must return nil, a lede.node or a list of nodes")
  contains(msg, "tests/lua/node_test.lua:" .. line .. ": a node filter must return")
  line = debug.getinfo(1, "l").currentline + 1
  msg = raises(function() a.body:walk { Emph = function() return lede.node.Paragraph("x") end } end)
  contains(msg, "tests/lua/node_test.lua:" .. line .. ": a node filter returned a Paragraph where a Emph stood")
end)
