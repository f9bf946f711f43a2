-- What a filter ported from Pandoc relies on: traverse = 'topdown', and
-- `return node, false` to stop the walk below a node.
local n = lede.node
local SRC = "---\ntitle: T\ndate: 2020-07-24\n---\n\n# Head *x*\n\n" ..
  "One *two [link](http://a) three*.\n\n> Quote *q*.\n"

test("traverse = 'topdown': a node's filter runs before its children's", function()
  local a = lede.test.article(SRC)
  local seen = {}
  a.body:walk {
    traverse = "topdown",
    Heading = function() seen[#seen + 1] = "H" end,
    Paragraph = function() seen[#seen + 1] = "P" end,
    Emph = function() seen[#seen + 1] = "E" end,
    Text = function(t) seen[#seen + 1] = t.literal end,
    BlockQuote = function() seen[#seen + 1] = "Q" end,
  }
  eq(seen, { "H", "Head ", "E", "x", "P", "One ", "E", "two ", "link", " three", ".",
    "Q", "P", "Quote ", "E", "q", "." })
  -- 'typewise' is Pandoc's name for lede's own order: children first
  seen = {}
  a.body:walk { traverse = "typewise", Paragraph = function() seen[#seen + 1] = "P" end,
    Emph = function() seen[#seen + 1] = "E" end }
  eq(seen, { "E", "E", "P", "E", "P" })
end)

test("topdown: false as a second result leaves the node's children unwalked", function()
  local a = lede.test.article(SRC)
  local seen = {}
  a.body:walk {
    traverse = "topdown",
    Emph = function(e) return e, false end,
    BlockQuote = function() return {}, false end,
    Text = function(t) seen[#seen + 1] = t.literal end,
  }
  eq(seen, { "Head ", "One ", "." })
  eq(a:html(), '<h1>Head <em>x</em></h1>\n<p>One <em>two <a href="http://a">link</a> three</em>.</p>\n')
end)

test("topdown: the children of what a filter returns are walked, not the result itself", function()
  local a = lede.test.article(SRC)
  local strong = 0
  a.body:walk {
    traverse = "topdown",
    Emph = function(e) return n.Strong(e:children()) end,
    Strong = function() strong = strong + 1 end,
    Text = function(t) t.literal = t.literal:upper() end,
  }
  eq(strong, 0)
  eq(a:html(), '<h1>HEAD <strong>X</strong></h1>\n<p>ONE <strong>TWO <a href="http://a">LINK</a> ' ..
    'THREE</strong>.</p>\n<blockquote>\n<p>QUOTE <strong>Q</strong>.</p>\n</blockquote>\n')
end)

test("topdown: a node a filter took out of the tree is not walked; any depth", function()
  local a = lede.test.article(SRC)
  local seen = {}
  a.body:walk { traverse = "topdown", Paragraph = function(p)
    seen[#seen + 1] = p:text()
    if p.next then p.next:unlink() end
  end }
  eq(seen, { "One two link three." })

  local node = n.Paragraph { n.Text("deep") }
  for _ = 1, 5000 do node = n.BlockQuote { node } end
  local doc, quotes = n.Document { node }, 0
  doc:walk { traverse = "topdown", BlockQuote = function() quotes = quotes + 1 end,
    Text = function(t) t.literal = "found" end }
  eq(quotes, 5000)
  eq(doc:clone():text(), "found")
end)

-- A filter that moved a sibling still to be walked (into the node, or
-- into its result) had it filtered twice: once where it was moved to, once
-- where it stood, its children walked twice too.
test("topdown: a sibling a filter moves is filtered once, its children walked once", function()
  local src = "---\ntitle: T\ndate: 2020-07-24\n---\n\n> Quote *q*.\n\nTwo *b*.\n\nThree *c*.\n"
  local a = lede.test.article(src)
  local seen = {}
  a.body:walk { traverse = "topdown",
    BlockQuote = function(q) seen[#seen + 1] = "Q"; q:append(q.next) end,
    Paragraph = function(p) seen[#seen + 1] = "P " .. p:text() end,
    Emph = function(e) seen[#seen + 1] = "E " .. e:text() end }
  eq(seen, { "Q", "P Quote q.", "E q", "P Two b.", "E b", "P Three c.", "E c" })
  eq(a:html(), "<blockquote>\n<p>Quote <em>q</em>.</p>\n<p>Two <em>b</em>.</p>\n</blockquote>\n" ..
    "<p>Three <em>c</em>.</p>\n")

  -- moved into what it returns: a result is not filtered, its children once
  a = lede.test.article(src)
  seen = {}
  a.body:walk { traverse = "topdown",
    BlockQuote = function(q) seen[#seen + 1] = "Q"; return { q, q.next } end,
    Paragraph = function(p) seen[#seen + 1] = "P " .. p:text() end,
    Emph = function(e) seen[#seen + 1] = "E " .. e:text() end }
  eq(seen, { "Q", "P Quote q.", "E q", "E b", "P Three c.", "E c" })

  -- moved under a node returned with false: not walked
  a = lede.test.article(src)
  seen = {}
  a.body:walk { traverse = "topdown",
    BlockQuote = function(q) q:append(q.next); return q, false end,
    Paragraph = function(p) seen[#seen + 1] = "P " .. p:text() end }
  eq(seen, { "P Three c." })
end)

test("traverse takes 'topdown' or 'typewise' only", function()
  local a = lede.test.article(SRC)
  raises(function() a.body:walk { traverse = "bottomup" } end,
    "a filter table's 'traverse' is 'topdown' or 'typewise', not 'bottomup'")
  raises(function() a.body:walk { traverse = true } end, "not boolean")
end)

-- Pandoc's field names got the nearest of lede's ('t': did you mean
-- 'id'?) or nothing; they now say which field or method is lede's.
test("Pandoc's field names say what lede calls them", function()
  local a = lede.test.article(SRC)
  local p = a.body:children()[2]
  raises(function() return p.t end, "no node field 't'; Pandoc's el.t is lede's node.type")
  raises(function() return p.tag end, "Pandoc's el.tag is lede's node.type")
  raises(function() return p.content end, "Pandoc's el.content is lede's node:children()")
  raises(function() p.content = {} end,
    "cannot set node field 'content'; Pandoc's el.content is lede's node:children()")
  local link = p.first.next.first.next
  raises(function() return link.target end, "Pandoc's el.target is lede's node.url")
  raises(function() return link.attr end, "lede's node.id, node.classes and node.attributes")
  raises(function() return p.levle end, "did you mean 'level'?")
end)

-- lede.node.Str("x") said "attempt to call a nil value (field 'Str')";
-- Pandoc's constructor names now say lede's. Other names read nil, as
-- before (a plugin may test for a constructor).
test("Pandoc's constructor names say what lede calls them", function()
  raises(function() return lede.node.Str("x") end,
    "no lede.node.Str: Pandoc's Str is lede's Text")
  raises(function() return lede.node.Para({}) end, "Pandoc's Para is lede's Paragraph")
  eq(lede.node.Nope, nil)
  eq(type(lede.node.Text), "function")
  eq(getmetatable(lede.node), false)
end)

-- pandoc.Header(2, c, attr) ported as Heading(2, c, attr) lost the id
-- without a word; Pandoc's order, Span(content, attr) or Link(content,
-- url), said only "string expected, got table".
test("Heading, Div, Span take an attribute table; Pandoc's order says lede's", function()
  eq(n.Heading(2, "x", { id = "a", classes = { "b", "c" }, attributes = { ["data-k"] = "v" } }):html(),
    '<h2 id="a" class="b c" data-k="v">x</h2>\n')
  eq(n.Span(nil, "x", { id = "s", classes = { "sc" } }):html(), '<span id="s" class="sc">x</span>')
  eq(n.Div("box", "x", { id = "d" }):html(), '<div id="d" class="box">\n<p>x</p>\n</div>\n')
  eq(n.Span("sc", "x", nil):html(), '<span class="sc">x</span>')
  raises(function() n.Heading(2, "x", { identifier = "a" }) end,
    "keys are id, classes and attributes, not 'identifier' (Pandoc's identifier is id)")
  raises(function() n.Heading(2, "x", "a") end, "table {id = ..., classes = {...}, attributes = {...}} or nil expected")
  raises(function() n.Span({ "x" }, { classes = { "sc" } }) end,
    "bad argument #1 to 'Span' (the class (or nil) comes first: lede.node.Span(class, content [, attr]); " ..
    "Pandoc's pandoc.Span(content, attr) is Span(nil, content, attr))")
  raises(function() n.Div(n.Paragraph("x")) end, "pandoc.Div(content, attr) is Div(nil, content, attr)")
  raises(function() n.Link({ "text" }, "https://x.example") end,
    "bad argument #1 to 'Link' (the URL comes first: lede.node.Link(url, content [, title])")
  raises(function() n.Image(n.Text("alt"), "a.png") end, "pandoc.Image(caption, src, title) is Image(src, caption, title)")
  raises(function() n.CodeBlock("x = 1", { classes = { "lua" } }) end,
    "the info is a string, the language ('lua')")
end)

-- Pandoc's List methods: el.classes:includes("x") and
-- el.content:map(f) raised "attempt to call a nil value (method ...)".
test("children() and classes have Pandoc's List methods", function()
  local a = lede.test.article("---\ntitle: T\ndate: 2020-01-01\n---\nHello *big* [world](/w).\n\nTwo.\n")
  local kids = a.body:children()
  eq(#kids:map(function(n, i) return n.type .. i end), 2)
  eq(kids:map(function(n, i) return n.type .. i end)[2], "Paragraph2")
  local p = kids[1]
  eq(#p:children():filter(function(n) return n.type == "Emph" end), 1)
  local link, at = p:children():find_if(function(n) return n.type == "Link" end)
  eq(link.type, "Link"); eq(at, 4)
  eq(p:children():find_if(function() return false end), nil)
  link.classes = { "x", "y" }
  eq(link.classes:includes("x"), true)
  eq(link.classes:includes("z"), false)
  eq(link.classes:includes("x", 2), false)
  local v, i = link.classes:find("y"); eq(v, "y"); eq(i, 2)
  link.classes:insert("z")
  link.classes:insert(1, "w")
  eq(table.concat({ link.classes[1], link.classes[2], link.classes[3], link.classes[4] }, " "), "w x y z")
  eq(link.classes:remove(2), "x")
  eq(link.classes:at(-1), "z")
  eq(link.classes:at(9, "none"), "none")
  ok(a:html():find('class="w y z"', 1, true))
  local t = kids:clone():extend({ 1, 2 })
  eq(#t, 4); eq(#kids, 2); eq(t:at(-1), 2)
  eq(t:remove(), 2); eq(#t, 3)
  raises(function() t:insert(9, "x") end, "position out of bounds")
  -- remove as table.remove: #list + 1 and an empty list give nil
  local empty = kids:filter(function() return false end)
  eq(empty:remove(), nil); eq(empty:remove(1), nil); eq(#empty, 0)
  eq(t:remove(#t + 1), nil); eq(#t, 3)
  raises(function() t:remove(9) end, "position out of bounds")
  -- extend without a list said "attempt to get length of a nil value"
  raises(function() t:extend() end, "bad argument #1 to 'extend' (table expected, got no value)")
  raises(function() t:extend("ab") end, "bad argument #1 to 'extend' (table expected, got string)")
  eq(#kids:clone():extend(link.classes), 5) -- a node's classes are a list too
  -- still plain tables to ipairs, #, table.insert
  local n = 0
  for _ in ipairs(kids) do n = n + 1 end
  eq(n, 2)
end)
