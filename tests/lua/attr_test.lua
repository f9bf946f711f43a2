-- Attr (Pandoc's id, classes, attributes) on Link, Image, Span, Div,
-- Heading, CodeBlock and Table: live from Lua, rendered in HTML, kept
-- through copies.
test("attrs", function()
  local a = lede.test.article("---\ntitle: T\ndate: 2020-01-01\n---\n\n## Head\n\nSee [x](https://e.org) and ![i](/i.png).\n\n```lua\nx\n```\n\n| a |\n| - |\n| 1 |\n", "content/t.md")
  local link
  a.body:walk { Link = function(l) link = l end }
  eq(link.id, nil)
  eq(#link.classes, 0)
  link.attributes.rel = "nofollow"
  link.attributes["data-x"] = "a\"<b"
  link.classes[#link.classes + 1] = "external"
  table.insert(link.classes, "ext2")
  link.id = "l1"
  eq(link.attributes.rel, "nofollow")
  eq(#link.attributes, 2)
  local ks = {}
  for k, v in pairs(link.attributes) do ks[#ks + 1] = k .. "=" .. v end
  eq(ks, { "rel=nofollow", 'data-x=a"<b' })
  contains(a:html(), '<a href="https://e.org" id="l1" class="external ext2" rel="nofollow" data-x="a&quot;&lt;b">x</a>')
  raises(function() link.attributes.onclick = "x()" end, "node attribute 'onclick': event handler")
  raises(function() link.attributes.href = "x" end, "set the link's url")
  local c = link:clone()
  eq(c.attributes.rel, "nofollow")
  eq(c.classes[2], "ext2")
  link.classes[1] = nil
  eq(link.classes[1], "ext2")
  link.attributes = { b = "2", a = "1" }
  -- sorted by lede itself: a plugin's table.sort is not called
  local sort = table.sort
  table.sort = function() error("table.sort called") end
  local ok, err = pcall(function() link.attributes = { zz = "3", b = "2", a = "1", m = "4" } end)
  table.sort = sort
  eq(ok, true, tostring(err))
  local order = {}
  for k in pairs(link.attributes) do order[#order + 1] = k end
  eq(table.concat(order, ","), "a,b,m,zz")
  -- a refused pair leaves the attributes as they were
  raises(function() link.attributes = { a = "9", onclick = "x()" } end, "event handler")
  raises(function() link.attributes = { a = "9", b = {} } end, "must be a string, not table")
  eq(link.attributes.a, "1")
  eq(#link.attributes, 4)
  link.attributes = { b = "2", a = "1" }
  local h = a.body.first
  h.id = "top"
  h.classes = { "big" }
  contains(a:html(), '<h2 id="top" class="big">Head</h2>')
  local s = lede.node.Span("x y", {})
  eq(s.classes[2], "y")
  s.classes[3] = "z"
  eq(s.class, "x y z")
  s.attributes.lang = "fr"
  eq(s:html(), '<span class="x y z" lang="fr"></span>')
  eq(lede.node.Paragraph({}).classes, nil)
  raises(function() lede.node.Paragraph({}).id = "x" end, "has no field 'id'")
  local cb
  a.body:walk { CodeBlock = function(n) cb = n end, Table = function(t) t.classes = { "data" } end }
  cb.attributes["data-line"] = "3"
  contains(a:html(), '<pre data-line="3"><code class="language-lua">')
  contains(a:html(), '<table class="data">')
  local img
  a.body:walk { Image = function(i) img = i end }
  img.attributes.loading = "lazy"
  img.attributes.srcset = "javascript:alert(1)"
  contains(a:html(), 'alt="i" loading="lazy">')
end)

test("attrs survive the outlet's copy and reach the page", function()
  local a = lede.test.article("---\ntitle: T\ndate: 2020-01-01\n---\n\nSee [x](https://e.org).\n", "content/t.md")
  a.body:walk { Link = function(l) l.attributes.rel = "nofollow noopener"; l.classes = { "ext" } end }
  local html = lede.test.render(a, "web")
  contains(html, '<a href="https://e.org" class="ext" rel="nofollow noopener">x</a>')
end)

test("bad attrs raise, naming what to do", function()
  local a = lede.test.article("---\ntitle: T\ndate: 2020-01-01\n---\n\nSee [x](https://e.org).\n", "content/t.md")
  local l
  a.body:walk { Link = function(n) l = n end }
  raises(function() l.attributes.ONLOAD = "x" end, "event handler attributes (on...) are refused")
  raises(function() l.attributes["a b"] = "x" end, "an attribute name is letters")
  raises(function() l.attributes.id = "x" end, "set the node's id or classes instead")
  raises(function() l.attributes.rel = {} end, "must be a string, not table")
  raises(function() l.classes = { "two words" } end, "a class is one word")
  raises(function() l.id = "" end, "an id is one word")
  raises(function() l.classes[3] = "x" end, "a class index is 1 to #classes + 1")
end)
