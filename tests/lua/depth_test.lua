-- Depth: a plugin may nest nodes as deep as memory allows; copying,
-- walking and text do not recurse, and the renderers refuse a tree nested
-- deeper than the document limit (1000 levels) with an error naming it.
local N = 200000

local function deep(n)
  local node = lede.node.Paragraph { lede.node.Text("bottom") }
  for _ = 1, n do node = lede.node.BlockQuote { node } end
  return node
end

test("200,000 nested BlockQuotes copy, walk and give their text", function()
  local q = deep(N)
  local c = q:clone()
  local count = 0
  for _ in c:walk() do count = count + 1 end
  eq(count, N + 2)
  eq(c:text(), "bottom")
  local doc = lede.node.Document {}
  doc:append(q) -- copies across owners when needed, at any depth
  eq(doc.first.type, "BlockQuote")
end)

test("rendering 200,000 nested BlockQuotes fails naming the limit", function()
  local q = deep(N)
  raises(function() return q:html() end, "nested deeper than 1000 levels")
  local a = lede.test.article("---\ntitle: Deep\ndate: 2020-01-01\n---\nbody\n")
  a.body:append(deep(N))
  raises(function() return a:html() end, "nested deeper than 1000 levels")
  raises(function() return a:text() end, "nested deeper than 1000 levels")
end)

test("the limit itself renders", function()
  -- a BlockQuote under the Document, 997 more, a Paragraph and its Text:
  -- the Text has 1000 ancestors
  local doc = lede.node.Document { deep(998) }
  local html = doc:html()
  local _, opens = html:gsub("<blockquote>", "")
  eq(opens, 998)
  ok(doc:html():find("<p>bottom</p>", 1, true))
  local a = lede.test.article("---\ntitle: Deep\ndate: 2020-01-01\n---\n")
  a.body:append(deep(998))
  ok(a:text():find("> bottom", 1, true))
  doc = lede.node.Document { deep(999) }
  raises(function() return doc:html() end, "nested deeper than 1000 levels")
end)

test("lede.markdown refuses Markdown nested deeper than the limit", function()
  raises(function() return lede.markdown(string.rep(">", 1000) .. " x") end,
    "nested deeper than 1000 levels")
  local d = lede.markdown(string.rep(">", 998) .. " x")
  eq(d:text(), "x")
end)

test("template sections nest at most 1000 levels", function()
  local function nested(n, inner)
    return string.rep("{{#t}}", n) .. inner .. string.rep("{{/t}}", n)
  end
  eq(lede.template.render(nested(1000, "x"), { t = true }), "x")
  raises(function() return lede.template.render(nested(1001, "x"), { t = true }) end,
    "1:6001: error: sections nested deeper than 1000 levels")
  raises(function() return lede.template.render(nested(100000, "x"), { t = true }) end,
    "sections nested deeper than 1000 levels")
  -- through lambdas (or partials), each template within the limit
  local ctx = { t = true }
  ctx.f = function() return nested(600, "{{f}}") end
  raises(function() return lede.template.render("{{f}}", ctx) end,
    "sections nested deeper than 1000 levels (through partials or lambdas)")
end)
