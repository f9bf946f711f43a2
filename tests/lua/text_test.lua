-- The text format (plugins/formats/text.lua): its hooks called directly with
-- the test site's `web` outlet, given the format's own settings.
local text = lede.test.plugin("formats/text")

local function outlet(config)
  local o = lede.test.outlet("web")
  o.format = "text"
  o.config = config or {}
  return o
end

local source = [==[
---
title: "A title long enough to be wrapped when the width is forty"
date: 2020-07-24T10:00:00+02:00
authors: [Ana Ruiz, Jo Lee]
summary: "Budget < revenue & ]]> matter, مرحبا 🎉, every word of this summary kept."
---
Read [the report](https://example.org/report) now. The data sits at https://example.org/a/very/long/path/that/cannot/be/broken/anywhere/at/all.csv today.

- one
- two

> Quoted words stay.
>
> — Ana Ruiz, director
]==]

-- Articles are released after each test: make one per test.
local function report()
  return lede.test.article(source, "content/2020-07-24-report.md")
end

test("render: title underlined, date, authors, body wrapped at width", function()
  local out = text.render(report(), outlet { width = 40 })
  contains(out, "A title long enough to be wrapped when\nthe width is forty\n" .. string.rep("=", 38) .. "\n")
  contains(out, "\nFriday 24 July 2020\nBy Ana Ruiz and Jo Lee\n\n")
  contains(out, "Read the report [1] now.")
  contains(out, "\nhttps://example.org/a/very/long/path/that/cannot/be/broken/anywhere/at/all.csv\n")
  contains(out, "- one\n- two\n")
  contains(out, "> Quoted words stay.\n")
  contains(out, "[1] https://example.org/report\n")
  for line in out:gmatch("[^\n]+") do
    if not line:find("https://", 1, true) then
      ok(utf8.len(line) <= 40, "line longer than 40: " .. line)
    end
  end
  eq(out:sub(-1), "\n")
end)

test("render: width defaults to 72", function()
  local out = text.render(report(), outlet())
  contains(out, "A title long enough to be wrapped when the width is forty\n" .. string.rep("=", 57) .. "\n")
end)

test("render: dates and labels in the article's language", function()
  local a = lede.test.article("---\ntitle: Bonjour\ndate: 2020-07-24\nlang: fr\nauthors: [Le Secrétariat]\n---\nTexte.\n")
  eq(text.render(a, outlet()), "Bonjour\n=======\n\nvendredi 24 juillet 2020\nPar Le Secrétariat\n\nTexte.\n")
end)

test("render: control characters removed, markup characters and emoji kept", function()
  local a = lede.test.article("---\ntitle: T\ndate: 2021-01-01\n---\nx \7 < y\n")
  a.title = "A <b> & ]]> \1\27 z 👩‍👩‍👧 שלום" -- from a plugin: front matter refuses them
  local out = text.render(a, outlet())
  contains(out, "A <b> & ]]> z 👩‍👩‍👧 שלום\n")
  contains(out, "x < y\n")
  ok(not out:find("[\1-\8\27]"), "a control character is left")
end)

test("render: a code block's and a URL's control characters go too", function()
  local a = lede.test.article("---\ntitle: T\ndate: 2021-01-01\n---\n```\nblock \2 \11 end\n```\n\n"
    .. "[l](http://x.org/\4a) ![i](http://x.org/\5i.png) [m](http://x.org/\6m)\n")
  local out = text.render(a, outlet())
  contains(out, "    block   end\n")
  contains(out, "[1] http://x.org/a\n[2] http://x.org/i.png\n[3] http://x.org/m\n")
  ok(not out:find("[\1-\8\11\27]"), "a control character is left")
  -- without references, in place
  contains(a:text { references = false }, "l <http://x.org/a>")
end)

test("render: a link_to outlet still writes article files", function()
  -- the core writes them to the outlet's own path; a.url is the linked page
  contains(text.render(report(), outlet { link_to = "web", width = 40 }), "A title long enough")
end)

test("index: digest with site title, build date, wrapped summaries, absolute URLs", function()
  local o = outlet { width = 40 }
  local a = report()
  a.url = "newsletter/report.txt"
  local out = text.index({ a }, o, { number = 1, total = 1, url = "newsletter/digest.txt" })
  contains(out, "Test site\n=========\n\n")
  contains(out, "Digest of " .. o.site.now:localized("en") .. "\n")
  contains(out, "\n1. A title long enough to be wrapped\n   when the width is forty\n   Friday 24 July 2020\n")
  contains(out, "   Budget < revenue & ]]> matter, مرحبا\n")
  contains(out, "   https://example.org/newsletter/report.txt\n")
end)

test("index: page numbers when the digest has several pages", function()
  local out = text.index({ report() }, outlet(), { number = 2, total = 3, url = "d/page/2/" })
  contains(out, "Page 2 of 3\n")
end)

test("render: site-relative links become absolute for e-mail readers", function()
  local a = lede.test.article("---\ntitle: T\ndate: 2020-01-01\n---\n\nSee [the map](/maps/a) and [top](#top).\n", "content/t.md")
  local o = lede.test.outlet("web")
  o.site.base_url = "https://x.example/"
  o.config = { width = 72 }
  local out = text.render(a, o)
  contains(out, "[1] https://x.example/maps/a")
  contains(out, "[2] #top")
end)

test("render: with link_to, the article's web page is given under its byline", function()
  -- a.url is the linked outlet's page (a.file, this outlet's own file, is
  -- nil outside a build); without link_to the two are the same
  local a = report()
  a.url = "en/news/report/"
  contains(text.render(a, outlet { link_to = "web" }),
    "\nBy Ana Ruiz and Jo Lee\nOn the web: https://example.org/en/news/report/\n\n")
  local fr = lede.test.article("---\ntitle: Bonjour\ndate: 2020-07-24\nlang: fr\n---\nTexte.\n")
  fr.url = "fr/bonjour/"
  contains(text.render(fr, outlet()), "\nSur le web : https://example.org/fr/bonjour/\n")
end)

test("render: a bare URL is printed as its target, with no reference to itself", function()
  local a = lede.test.article("---\ntitle: T\ndate: 2020-01-01\n---\n\n" ..
    "See www.example.org, https://example.org/data and desk@example.org.\n", "content/t.md")
  -- what utm does to links that leave the site
  a.body:walk { Link = function(l)
    if l.url:match("^http") then l.url = l.url .. "?utm_campaign=x" end
  end }
  local out = text.render(a, outlet { width = 0 })
  contains(out, "See http://www.example.org?utm_campaign=x, https://example.org/data?utm_campaign=x and desk@example.org.\n")
  ok(not out:find("[1]", 1, true), "a reference was added")
end)

test("render: a link with no text, or only a decorative image, is its target", function()
  local a = lede.test.article("---\ntitle: T\ndate: 2021-01-01\n---\n" ..
    "Logo: [![](logo.png)](https://x.org/) and [](https://y.org/) and [ ](mailto:desk@x.org) and [![](l.png)](javascript:x()) end.\n")
  local out = text.render(a, outlet { width = 0 })
  -- (not " [1]", a number pointing at nothing the reader was told of)
  contains(out, "Logo: https://x.org/ and https://y.org/ and desk@x.org and end.\n")
  ok(not out:find("[1]", 1, true), "a reference was added")
  ok(not out:find("logo.png", 1, true), "the decorative image was shown")
  a = lede.test.article("---\ntitle: T\ndate: 2021-01-01\n---\n[![](logo.png)](https://x.org/)\n")
  eq(a:text { width = 0 }, "https://x.org/\n")
end)

test("render: a link used again keeps its number, among thousands", function()
  local words = {}
  for i = 0, 2999 do
    words[#words + 1] = ("[w%d](https://x.example/%d)"):format(i, i % 1000)
  end
  local a = lede.test.article("---\ntitle: T\ndate: 2021-01-01\n---\n" .. table.concat(words, " ") .. "\n")
  local out = text.render(a, outlet {})
  contains(out, "w0 [1] ")
  contains(out, "w1000 [1] ")
  contains(out, "w2999 [1000]")
  contains(out, "[1000] https://x.example/999\n")
  ok(not out:find("[1001]", 1, true), "a reference past the 1000 links")
end)

test("render: javascript: and data: targets are dropped, as in HTML", function()
  local a = lede.test.article("---\ntitle: T\ndate: 2021-01-01\n---\n"
    .. "[x](javascript:alert(1)) and ![i](data:image/png;base64,AAA) [ok](https://x.org/)\n")
  local out = text.render(a, outlet {})
  contains(out, "x and [image: i] ok [1]")
  contains(out, "[1] https://x.org/\n")
  ok(not out:find("javascript", 1, true), "a javascript: target is left")
  ok(not out:find("data:", 1, true), "a data: target is left")
end)
