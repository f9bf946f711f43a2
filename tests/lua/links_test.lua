-- a.links and the body's Link nodes are one set: the link extractor finds
-- the bare URLs and e-mails and the body links exactly those, at the same
-- places (issue #14, item 5).

local HEAD = "---\ntitle: Links\ndate: 2021-03-04\n---\n"

-- line and column (1-based, in bytes) of byte offset off in src
local function place(src, off)
  local line, bol = 1, 0
  for i = 1, off do
    if src:byte(i) == 10 then line, bol = line + 1, i end
  end
  return line, off - bol + 1
end

-- The body's Links and a.links (images and raw <a> tags aside: they are no
-- Link nodes) as sorted lists of "url@line:column".
local function both(body)
  local src = HEAD .. body
  local a = lede.test.article(src, "content/links.md")
  local nodes, links = {}, {}
  for n in a.body:walk() do
    if n.type == "Link" then
      nodes[#nodes + 1] = string.format("%s@%s:%s", n.url, n.line, n.column)
    end
  end
  for _, l in ipairs(a.links) do
    if l.kind ~= "image" and l.kind ~= "html" then
      local line, col = place(src, l.start)
      links[#links + 1] = string.format("%s@%d:%d", l.url, line, col)
    end
  end
  table.sort(nodes)
  table.sort(links)
  return nodes, links
end

local TRICKY = {
  "Write to ana@example.org or <li@example.org>.",
  "Visit www.example.org, cities.org/news and http://example.com/path).",
  "(See http://example.com/a_(b)) and \"http://example.com/q?x=1\".",
  "Trailing http://example.com/foo?bar. And www.example.org/x!",
  "The same www.dup.org, and www.dup.org again, and [text](http://www.dup.org).",
  "Code `www.code.org` and a [link www.inner.org](http://outer.org) stay.",
  "Cut http://example.com/*a*b and http://example.com/a\\_b are text.",
  "*emph www.em.org* **strong mailto:bob@example.org** ~~www.del.org~~",
  "Raw <span title='http://attr.org'>www.span.org</span> tag.",
  "@www.at.org is not a link, www.at.org is.",
  "# Heading www.head.org\n\n> quote www.quote.org\n> and [ref][r]\n\n[r]: http://ref.org/",
  "- item www.item.org\n- second <http://angle.org/x>\n",
  "| a | b |\n|---|---|\n| www.cell.org | foo@bar.baz |\n",
  "A note[^1] here.\n\n[^1]: See www.note.org.\n\nAfter www.after.org.",
  "    www.indented-code.org\n\n```\nhttp://fenced.org\n```\n\nhttp://192.168.0.1/x and //example.org/rel",
}

for i, body in ipairs(TRICKY) do
  test(string.format("links and Link nodes agree (%d)", i), function()
    local nodes, links = both(body)
    eq(nodes, links)
  end)
end

test("the tricky inputs do hold links", function()
  local nodes = both(TRICKY[1])
  eq(nodes, { "mailto:ana@example.org@5:10", "mailto:li@example.org@5:29" })
  nodes = both(TRICKY[7])
  eq(nodes, {})
  nodes = both(TRICKY[5])
  eq(#nodes, 3)
end)

test("a bare URL's Link is cut out of the text", function()
  local a = lede.test.article(HEAD .. "Mail ana@example.org today.\n")
  local p = a.body:children()[1]
  local kinds = {}
  for _, c in ipairs(p:children()) do kinds[#kinds + 1] = c.type end
  eq(kinds, { "Text", "Link", "Text" })
  eq(p:children()[2].url, "mailto:ana@example.org")
  eq(p:children()[2]:text(), "ana@example.org")
  eq(a.links[1].kind, "email")
  eq(a.links[1].text, "ana@example.org")
end)
