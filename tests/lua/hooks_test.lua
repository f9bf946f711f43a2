-- Hooks through a whole outlet: filter, transform, node filters, render,
-- setup options, and the errors a plugin author sees.
local function article(extra, body)
  return lede.test.article("---\ntitle: Story\ndate: 2020-07-24\nsection: News\n" .. (extra or "") ..
    "---\n\n" .. (body or "Hello.\n"), "content/story.md")
end

test("render through the html format", function()
  local html, url = lede.test.render(article(), "web")
  eq(url, "en/news/story/")
  contains(html, '<html lang="en">')
  contains(html, '<h1 class="title">Story</h1>')
  contains(html, "<p>Hello.</p>")
  contains(html, 'datetime="2020-07-24"')
  contains(html, "Friday 24 July 2020")
end)

test("node filters: keep, replace, splice, delete", function()
  local a = article(nil, "A [link](http://x.example), *emph*, `code`, ~~gone~~ end.\n")
  local html = lede.test.render(a, "rw")
  contains(html, '<p>A <a href="https://x.example">link</a>, <strong>emph</strong>, «<code>code</code>»,  end.</p>')
end)

test("filter false skips the outlet", function()
  local out, why = lede.test.render(article("hidden: true\n"), "gate")
  eq(out, nil)
  eq(why, "filtered out")
  ok(lede.test.render(article("hidden: false\n"), "gate"))
end)

test("drafts and the outlets: list are respected", function()
  eq(select(2, lede.test.render(article("draft: true\n"), "web")), "filtered out")
  eq(select(2, lede.test.render(article("outlets: [rw]\n"), "web")), "filtered out")
  ok(lede.test.render(article("outlets: [rw]\n"), "rw"))
end)

test("each plugin instance gets its own options", function()
  local html = lede.test.render(article(), "opts")
  contains(html, '<h1 class="title">Again: Hi: Story</h1>')
end)

test("transforms work on the outlet's copy", function()
  local a = article()
  lede.test.render(a, "opts")
  eq(a.title, "Story")
end)

test("an error names the plugin, the hook and the article", function()
  local out, err = lede.test.render(article("boom: true\n"), "boom")
  eq(out, nil)
  contains(err, "plugins/boom.lua:6: in hook 'transform' for content/story.md: attempt to index a nil value (local 't')")
  contains(err, "stack traceback:")
end)

test("an error in a node filter names the node type and its line", function()
  local p = lede.test.plugin("rewrite")
  local a = article(nil, "Para.\n\nA [link](3).\n")
  local ok_, msg = pcall(function()
    a.body:walk { Link = function(n) error("bad link " .. n.url) end }
  end)
  eq(ok_, false)
  contains(msg, "bad link 3")
  ok(p.nodes.Link)
end)

test("lede.test.plugin runs setup with options", function()
  local g = lede.test.plugin("greet", { greeting = "Yo " })
  local a = article()
  g.transform(a)
  eq(a.title, "Yo Story")
end)

test("an error in a node filter names the node type and the article line", function()
  local a = article(nil, "First paragraph.\n\nSee [the map](https://maps.example).\n")
  local out, err = lede.test.render(a, "nodeboom")
  eq(out, nil)
  contains(err, "plugins/nodeboom.lua:6: in hook 'nodes.Link' for content/story.md:9: cannot check https://maps.example")
end)
