-- The ninjs format (plugins/formats/ninjs.lua): its hooks called directly
-- with the test site's `web` outlet; the documents' full validation against
-- IPTC's schema is tests/ninjs/validate.sh.
local ninjs = lede.test.plugin("formats/ninjs")

local function outlet(config, site)
  local o = lede.test.outlet("web")
  o.format = "ninjs"
  o.config = config or {}
  for k, v in pairs(site or {}) do o.site[k] = v end
  return o
end

local source = [==[
---
title: "Cities <care> & ]]> 🎉 שלום"
date: 2020-08-27T10:00:00+02:00
updated: 2020-08-28T08:15:00+02:00
authors: [Metropolis Secretariat, Ana Ruiz]
tags: [care, Gender Equality]
summary: Five members reorganised care.
---
“We already knew which households were at risk,” said Akosua Mensah, director of social welfare.

“It became something else,” said Jordi Puig. “We will keep it,” Akosua Mensah added.

Read [more](https://example.org/more) & see.
]==]

local function story(text)
  local a = lede.test.article(text or source, "content/2020-08-27-care.md")
  a.url = "wire/care.json"
  return a
end

test("render: one ninjs 2.2 document with every field from the article", function()
  local doc = ninjs.render(story(), outlet())
  -- keys in the schema's order, uri first (lede.json.encode's order)
  eq(doc:sub(1, 44), '{"uri":"https://example.org/wire/care.json",')
  contains(doc, '"standard":{"name":"ninjs","version":"2.2","schema":"http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"},"type":"text"')
  contains(doc, '"type":"text"')
  contains(doc, '"firstcreated":"2020-08-27T10:00:00+02:00"')
  contains(doc, '"versioncreated":"2020-08-28T08:15:00+02:00"')
  contains(doc, '"language":"en"')
  contains(doc, '"headlines":[{"role":"main","value":"Cities \\u003ccare> & ]]> 🎉 שלום"}]')
  contains(doc, '"descriptions":[{"role":"summary","contenttype":"text/plain","value":"Five members reorganised care."}]')
  contains(doc, '"by":"Metropolis Secretariat, Ana Ruiz"')
  contains(doc, '"subjects":[{"name":"care","literal":"care"},{"name":"Gender Equality","literal":"gender-equality"}]')
  contains(doc, '"role":"main","contenttype":"text/html","value":"\\u003cp>')
  contains(doc, '\\u003ca href=\\"https://example.org/more\\">more\\u003c/a> &amp; see.')
  contains(doc, '"role":"main","contenttype":"text/plain","value":"')
  contains(doc, 'Read more [1] & see.\\n\\n[1] https://example.org/more\\n"')
  eq(doc:sub(-1), "\n")
end)

test("render: people are the quotations' speakers, each once", function()
  local doc = ninjs.render(story(), outlet())
  contains(doc, '"people":[{"name":"Akosua Mensah","rel":"quoted"},{"name":"Jordi Puig","rel":"quoted"}]')
end)

test("render: no speakers, tags, authors or summary: those fields are left out", function()
  local doc = ninjs.render(story("---\ntitle: Plain\ndate: 2021-01-01\nsummary: ''\n---\nNo quotation here.\n"), outlet())
  ok(not doc:find('"people"', 1, true), "people")
  ok(not doc:find('"subjects"', 1, true), "subjects")
  ok(not doc:find('"by"', 1, true), "by")
  contains(doc, '"versioncreated":"2021-01-01T00:00:00Z"')
end)

test("render: options from the outlet; a site without base_url gets a urn", function()
  local doc = ninjs.render(story(), outlet({ options = { copyrightholder = "Metropolis", usageterms = "Free & open" } }, { base_url = "" }))
  contains(doc, '"uri":"urn:lede:wire/care.json"')
  contains(doc, '"copyrightholder":"Metropolis"')
  contains(doc, '"usageterms":"Free & open"')
end)

test("render: control characters are escaped, not dropped", function()
  local a = story("---\ntitle: ab\ndate: 2021-01-01\n---\nx\n")
  a.title = "a\1b" -- front matter refuses control characters; a plugin may not
  local doc = ninjs.render(a, outlet())
  contains(doc, '"value":"a\\u0001b"')
end)

test("render: a link_to outlet still writes its documents", function()
  -- the core writes them to the outlet's own path; a.url is the linked page
  ok(ninjs.render(story(), outlet { link_to = "web" }))
end)

test("index: each article's uri, headline, version and document path", function()
  local a, b = story(), story("---\ntitle: Older\ndate: 2019-05-01\n---\nx\n")
  b.url = "wire/older.json"
  local out = ninjs.index({ a, b }, outlet(), { number = 1, total = 1, url = "wire/index.json" })
  eq(out, '{"title":"Test site","updated":"2020-08-28T08:15:00+02:00",'
    .. '"page":{"number":1,"total":1},"articles":['
    .. '{"uri":"https://example.org/wire/care.json","headline":"Cities \\u003ccare> & ]]> 🎉 שלום",'
    .. '"language":"en","versioncreated":"2020-08-28T08:15:00+02:00","path":"wire/care.json"},'
    .. '{"uri":"https://example.org/wire/older.json","headline":"Older","language":"en",'
    .. '"versioncreated":"2019-05-01T00:00:00Z","path":"wire/older.json"}]}\n')
end)

test("uri: a path outside ASCII is percent-encoded, in the item and the index", function()
  local a = story()
  a.url = "wire/москва.json"
  local enc = "https://example.org/wire/%D0%BC%D0%BE%D1%81%D0%BA%D0%B2%D0%B0.json"
  contains(ninjs.render(a, outlet()), '{"uri":"' .. enc .. '"')
  contains(ninjs.index({ a }, outlet(), { number = 1, total = 1 }), '"uri":"' .. enc .. '"')
end)

test("render and index: the front matter's id: is the item's uri, as the feeds' id", function()
  -- a story renamed (its file, so its slug and URL) keeps its identity on
  -- the wire when its id: says so, as in Atom, RSS and JSON Feed
  local a = story(source:gsub("\nsummary:", "\nid: tag:example.org,2020:care\nsummary:", 1))
  local doc = ninjs.render(a, outlet())
  local head = '{"uri":"tag:example.org,2020:care",'
  eq(doc:sub(1, #head), head)
  local index = ninjs.index({ a }, outlet(), { number = 1, total = 1, url = "wire/index.json" })
  contains(index, '"uri":"tag:example.org,2020:care","headline"')
  contains(index, '"path":"wire/care.json"')
  -- one that is no URI (no scheme) would make the document invalid: the URL
  local b = story(source:gsub("\nsummary:", "\nid: \"42\"\nsummary:", 1))
  eq(ninjs.render(b, outlet()):sub(1, 44), '{"uri":"https://example.org/wire/care.json",')
end)
