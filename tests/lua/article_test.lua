-- The article object: every field, what writes persist, the methods.
local SRC = [[
---
title: "Cities & <diplomacy>"
date: 2020-07-24T10:00:00+02:00
section: News
lang: en
authors: [Ana Pérez, Li Wei]
tags: [cities, webinar]
count: 42
ratio: 0.5
flag: true
nothing: null
when: 2021-01-02
list: [1, two, 3.5]
nested: {a: {b: [x, y]}}
---

First paragraph with a [link](http://example.org "Title").

- one
- two

Second paragraph.
]]

test("scalar fields", function()
  local a = lede.test.article(SRC, "content/2020-07-24-cities.md")
  eq(a.title, "Cities & <diplomacy>")
  eq(a.section, "News")
  eq(a.lang, "en")
  eq(a.slug, "cities")
  eq(a.path, "content/2020-07-24-cities.md")
  eq(a.draft, false)
  eq(a.outlet, nil)
  eq(a.url, nil)
end)

test("date is a lede.date", function()
  local a = lede.test.article(SRC)
  eq(a.date:rfc3339(), "2020-07-24T10:00:00+02:00")
  eq(a.date:rfc822(), "Fri, 24 Jul 2020 10:00:00 +0200")
  eq(a.date:localized("en"), "Friday 24 July 2020")
  eq(a.date:localized("fr"), "vendredi 24 juillet 2020")
  eq(a.date:localized("es"), "viernes 24 de julio de 2020")
  eq(a.date.year, 2020)
end)

test("published: the embargo's end when later than the date", function()
  local function art(fm) return lede.test.article("---\ntitle: T\ndate: 2025-12-03T09:00:00Z\n" .. fm .. "---\nText.\n") end
  eq(art("").published:rfc3339(), "2025-12-03T09:00:00Z")
  local a = art("embargo: 2025-12-10T06:00:00Z\n")
  eq(a.published:rfc3339(), "2025-12-10T06:00:00Z")
  eq(a.date:rfc3339(), "2025-12-03T09:00:00Z")
  -- a quoted embargo is read as the core reads it
  eq(art('embargo: "2025-12-10T07:00:00+01:00"\n').published:rfc3339(), "2025-12-10T07:00:00+01:00")
  -- an embargo before the date: published at its date
  eq(art("embargo: 2025-12-01T00:00:00Z\n").published:rfc3339(), "2025-12-03T09:00:00Z")
  -- the date as a hook left it; a record keeps the one worked out
  a.date = "2025-12-11T00:00:00Z"
  eq(a.published:rfc3339(), "2025-12-11T00:00:00Z")
  a.date = "2025-12-04T00:00:00Z"
  local r = lede.test.record(a)
  eq(r.published:rfc3339(), "2025-12-10T06:00:00Z")
  raises(function() a.published = a.date end, "read-only")
end)

test("tags and authors are lists", function()
  local a = lede.test.article(SRC)
  eq(a.tags, { "cities", "webinar" })
  eq(a.authors, { "Ana Pérez", "Li Wei" })
end)

test("meta keeps every front matter type", function()
  local m = lede.test.article(SRC).meta
  eq(math.type(m.count), "integer")
  eq(m.count, 42)
  eq(math.type(m.ratio), "float")
  eq(m.flag, true)
  eq(m.nothing, nil)
  eq(tostring(m.when), "2021-01-02")
  eq(m.when.month, 1)
  eq(m.list[1], 1)
  eq(m.list[2], "two")
  eq(m.list[3], 3.5)
  eq(m.nested.a.b, { "x", "y" })
  eq(m.title, "Cities & <diplomacy>")
end)

test("summary falls back to the first paragraph", function()
  local a = lede.test.article(SRC)
  eq(a.summary, "First paragraph with a link.")
  a.summary = "Given."
  eq(a.summary, "Given.")
end)

test("writes persist", function()
  local a = lede.test.article(SRC)
  a.title = "New title"
  eq(a.title, "New title")
  table.insert(a.tags, "added")
  eq(a.tags, { "cities", "webinar", "added" })
  a.meta.extra = { 1, 2 }
  eq(a.meta.extra, { 1, 2 })
  a.date = "2021-03-04"
  eq(tostring(a.date), "2021-03-04")
  a.slug = "Élan Vital!"
  eq(a.slug, "elan-vital")
  a.section = nil
  eq(a.section, nil)
end)

test("unknown fields", function()
  local a = lede.test.article(SRC)
  eq(a.summay, nil) -- reading warns with the nearest name, returns nil
  local msg = raises(function() a.titel = "x" end, "cannot set article field 'titel'")
  contains(msg, "did you mean 'title'?")
  raises(function() a.date = "not a date" end, "bad date")
  raises(function() a.title = {} end, "string expected")
  -- what the front matter refuses, a hook cannot set either
  raises(function() a.title = "" end, "a.title cannot be empty")
  raises(function() a.title = " \t " end, "a.title cannot be empty")
  raises(function() a.lang = "English" end,
    "a.lang 'English' is not a language tag: a code of two or three letters, then letters, digits or '-' (en, fr, pt-BR); did you mean 'en'?")
  raises(function() a.lang = "../x" end, "is not a language tag")
  a.lang = "pt-BR"
  eq(a.lang, "pt-BR")
  raises(function() a.xyzzy = 1 end, "put your own values in a.meta.xyzzy")
end)

test("a.url is a path in the site: no scheme, host or control character", function()
  local a = lede.test.article(SRC)
  -- the html format links to it from every index page: href="javascript:..."
  for _, u in ipairs { "javascript:alert(1)//", "JavaScript:alert(1)", "java\tscript:alert(1)",
    " javascript:alert(1)", "data:text/html,x", "//evil.example/", "/\\evil.example/",
    "\\\\evil.example/", "https://other.example/story/", "en/\nnews/" } do
    raises(function() a.url = u end, "is not a path in the site")
  end
  eq(a.url, nil) -- unchanged
  for _, u in ipairs { "en/news/x/", "/en/x/", "", "wire/2020/x.json", "x/?a=b:c", "x/#t:1", "a b/" } do
    a.url = u
    eq(a.url, u)
  end
end)

test("read-only fields say so", function()
  local a = lede.test.article(SRC)
  for _, k in ipairs { "draft", "body", "links", "quotes", "path", "file", "outlet", "html", "text",
    "words", "fragment", "translations" } do
    raises(function() a[k] = "x" end, "article field '" .. k .. "' is read-only")
  end
  a.tags = { "only" }
  eq(a.tags, { "only" })
  a.url = "/x/"
  eq(a.url, "/x/")
  a.url = nil
  eq(a.url, nil)
end)

test("html and text", function()
  local a = lede.test.article(SRC)
  local html = a:html()
  contains(html, '<p>First paragraph with a <a href="http://example.org" title="Title">link</a>.</p>')
  contains(html, "<ul>\n<li>one</li>\n<li>two</li>\n</ul>")
  local text = a:text { width = 30 }
  contains(text, "First paragraph with a link\n[1].")
  contains(text, "- one\n- two")
  contains(text, "[1] http://example.org")
  eq(a:words(), 9)
end)

test("a:text{width} outside 0 to 10000 raises, not wraps at a wrapped-around int", function()
  local a = lede.test.article("---\ntitle: W\ndate: 2020-01-01\n---\nOne two three four five six.\n")
  -- 2^32 + 10 was cast to an int: the body wrapped at 10 columns
  raises(function() return a:text { width = 2 ^ 32 + 10 } end, "width must be 0 (no wrapping) to 10000")
  raises(function() return a:text { width = -5 } end, "width must be 0 (no wrapping) to 10000")
  raises(function() return a:text { width = 10001 } end, "width must be 0 (no wrapping) to 10000")
  eq(a:text { width = 10000 }, "One two three four five six.\n")
  eq(a:text { width = 0 }, "One two three four five six.\n")
end)

test("a:words() counts runs of non-space bytes", function()
  local function words(body)
    return lede.test.article("---\ntitle: W\ndate: 2020-01-01\n---\n" .. body):words()
  end
  eq(words(""), 0)
  eq(words("one"), 1)
  eq(words("  one\ttwo  three\n\nfour  "), 4)
  eq(words("l'été — déjà vu, 2 000 km"), 7)
  eq(words("- a\n- b\n\n> c d"), 4)
end)

test("links and quotes from extraction", function()
  local a = lede.test.article(SRC)
  eq(#a.links, 1)
  eq(a.links[1].url, "http://example.org")
  eq(type(a.quotes), "table")
end)

test("bad front matter raises with file:line:col", function()
  raises(function() lede.test.article("---\ntitle: [unclosed\ndate: 2020-01-01\n---\nx\n", "bad.md") end,
    "bad.md:3:5: error: invalid YAML")
  raises(function() lede.test.article("---\ndate: 2020-01-01\n---\nx\n", "t.md") end, "missing title")
  -- a title of spaces (or no-break spaces) is no title either
  raises(function() lede.test.article("---\ntitle: \"  \\t \"\ndate: 2020-01-01\n---\nx\n", "t.md") end,
    "t.md:2:8: error: missing title")
  raises(function() lede.test.article("---\ntitle: \"\u{a0}\"\ndate: 2020-01-01\n---\nx\n", "t.md") end,
    "missing title")
  eq(lede.test.article("---\ntitle: \" x \"\ndate: 2020-01-01\n---\nx\n", "t.md").title, " x ")
  -- nor one every output drops or hides (the feeds had an empty <title>)
  for _, t in ipairs({ "\\uFFFF", "\\u0085\\u0080", "\\u200B ", "\\u2028" }) do
    raises(function() lede.test.article("---\ntitle: \"" .. t .. "\"\ndate: 2020-01-01\n---\nx\n", "t.md") end,
      "t.md:2:8: error: the title has no character to show")
  end
  eq(lede.test.article("---\ntitle: \"\\u0301\"\ndate: 2020-01-01\n---\nx\n", "t.md").title, "\u{301}")
  -- front matter in TOML, as Hugo takes it, is named as such
  raises(function() lede.test.article("+++\ntitle = \"x\"\ndate = 2020-01-01\n+++\nx\n", "t.md") end,
    "t.md:1:1: error: front matter in TOML (between +++ lines) is not read")
  raises(function() lede.test.article("---\ntitle: x\ndate: 2020-13-01\n---\nx\n", "t.md") end, "t.md:3:")
  -- a YAML merge key is named, not taken for a missing title
  raises(function() lede.test.article("---\nbase: &b\n  title: X\n  date: 2020-01-01\n<<: *b\n---\nx\n", "t.md") end,
    "t.md:5:1: error: '<<' (a YAML merge key) is not read")
end)

test("a.quotes: text, speaker, role, cue, offsets", function()
  local src = "---\ntitle: Q\ndate: 2020-01-01\n---\n\n“We publish everywhere,” said Ana Pérez, the editor.\n"
  local a = lede.test.article(src)
  eq(#a.quotes, 1)
  local q = a.quotes[1]
  eq(q.text, "We publish everywhere")
  eq(q.speaker, "Ana Pérez")
  eq(q.role, "the editor")
  eq(q.cue, "said")
  eq(src:sub(q.start + 1, q["end"]), "“We publish everywhere,”")
  ok(q.confidence > 0.5)
end)

test("a collection record is read-only, and says what to do instead", function()
  local a = lede.test.article("---\ntitle: Rec\ndate: 2020-01-01\ntags: [x]\n---\n\nBody.\n")
  local r = lede.test.record(a)
  for _, k in ipairs { "title", "summary", "url", "date", "tags", "meta", "section" } do
    raises(function() r[k] = r[k] end,
      "cannot set '" .. k .. "' of a collection record: records are read-only")
  end
  raises(function() r.title = "x" end, "put the value the page needs in the table you render")
  eq(r.title, "Rec")
  -- the article itself stays writable
  a.title = "Changed"
  eq(a.title, "Changed")
end)

test("a:words counts each Chinese or Japanese character, and reading_time reads them by the character", function()
  local function art(lang, body)
    return lede.test.article("---\ntitle: T\ndate: 2021-01-01\nlang: " .. lang .. "\n---\n" .. body .. "\n")
  end
  -- 8 ideographs and kana; 。 and 「」 separate
  eq(art("ja", "東京都は発表した。"):words(), 8)
  eq(art("ja", "「国際」です"):words(), 4)
  -- Latin words inside count as words; Korean counts by its spaces
  eq(art("ja", "東京 Tokyo Metropolitan 都"):words(), 5)
  eq(art("ko", "서울특별시는 새로운 계획을"):words(), 3)
  eq(art("en", "plain English text, four"):words(), 4)
  -- 1,000 characters of Japanese: 2 minutes at 500 a minute, not 5 at 230 words
  local rt = lede.test.plugin("reading_time")
  local a = art("ja", string.rep("東京の天気", 200))
  rt.article(a)
  eq(a.meta.reading_time, 2)
  eq(a.meta.reading_time_text, "2分で読めます")
  local d = art("de", string.rep("Wort ", 500))
  rt.article(d)
  eq(d.meta.reading_time_text, "3 Min. Lesezeit")
  raises(function() lede.test.plugin("reading_time", { cpm = 0 }) end, "'cpm' must be a positive number")
end)

test("a:html{backref}: a footnote back-link's label, escaped", function()
  local a = lede.test.article("---\ntitle: T\ndate: 2025-01-01\n---\nText.[^1]\n\n[^1]: A note.\n")
  contains(a:html(), 'aria-label="Back to reference 1"')
  contains(a:html { backref = "Retour à l'appel de note" }, 'aria-label="Retour à l&#39;appel de note 1"')
  contains(a:html { backref = 'x" onclick="y' }, 'aria-label="x&quot; onclick=&quot;y 1"')
  raises(function() a:html { backref = ("x"):rep(201) } end, "backref is a label of up to 200 bytes")
  raises(function() a:html { backref = {} } end, "string expected")
  -- (not "bad argument #-2 to 'html'", nor a number made a label)
  raises(function() a:html { backref = 5 } end, "a:html(): backref is a label: string expected, got number")
end)

test("a:html{headings}: the body's highest heading at that level, the others below it", function()
  local a = lede.test.article("---\ntitle: T\ndate: 2025-01-01\n---\n# One\n\n### Three\n\n###### Six\n")
  contains(a:html(), "<h1")
  local h = a:html { headings = 2 }
  contains(h, "<h2"); contains(h, "<h4"); contains(h, "<h6")
  ok(not h:find("<h1", 1, true) and not h:find("<h3", 1, true), "no h1 or h3")
  local b = lede.test.article("---\ntitle: T\ndate: 2025-01-01\n---\n#### Four\n\n###### Six\n")
  local hb = b:html { headings = 2 }
  contains(hb, "<h2"); contains(hb, "<h4"); ok(not hb:find("<h5", 1, true), "no h5")
  raises(function() a:html { headings = 0 } end, "headings is a level from 1 to 6")
  -- (not "bad argument #-2 to 'html' (number has no integer representation)")
  raises(function() a:html { headings = 2.5 } end, "a:html(): headings is a level from 1 to 6, not 2.5")
  raises(function() a:html { headings = true } end, "a:html(): headings is a level from 1 to 6, not true")
end)
