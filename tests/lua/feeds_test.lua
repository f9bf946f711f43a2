-- The feed formats (rss, atom, jsonfeed): their index hooks called on test
-- articles, checking escaping, dates, absolute URLs and the feed's updated time.

local function article(title, date, extra)
  return lede.test.article("---\ntitle: " .. title .. "\ndate: " .. date ..
    "\nsection: News\n" .. (extra or "") .. "---\n\nBody of " .. title .. ".\n",
    "content/" .. date:sub(1, 10) .. "-x.md")
end

-- The tricky article: markup characters, a CDATA end, a control character,
-- right-to-left text and emoji in the title, summary and body. Front matter
-- refuses control characters, so a plugin puts them in the title and summary.
local TRICKY = "---\n" ..
  'title: "A <b> & ]]> cd שלום مرحبا 🎉"\n' ..
  "date: 2021-06-01T12:00:00Z\nsection: Tests\n" ..
  'authors: ["O\'Brien & <Sons>", דנה]\n' ..
  'tags: ["R&D", 🎉]\n' ..
  'summary: "sum < & ]]> שלום 🎉"\n' ..
  "---\n\nBody 1 < 2 & ]]> x\1y שלום 🎉.\n"

local function tricky()
  local a = lede.test.article(TRICKY)
  a.title = "A <b> & ]]> c\1d שלום مرحبا 🎉"
  a.summary = "sum < & ]]> \1 שלום 🎉"
  return a
end

-- A feed outlet as a build hands it over: a base URL with a trailing slash
-- and article URLs with a leading one, to catch doubled or missing slashes.
local function outlet(name)
  local o = lede.test.outlet("web")
  o.name = name
  o.format = name
  o.path = "feed." .. name
  o.site.base_url = "https://news.example.org/"
  o.site.title = "News & <Views>"
  o.site.description = nil
  return o
end

-- As a build does: each article's fragment made while it is there, then
-- the index hook over the records.
local function records(p, list, o)
  local recs = {}
  for i, a in ipairs(list) do
    recs[i] = lede.test.record(a, p.fragment and p.fragment(a, o))
  end
  return recs
end

local function feed(format, list)
  local o = outlet(format)
  local page = { number = 1, total = 1, url = o.path }
  local p = lede.test.plugin("formats/" .. format)
  return p.index(records(p, list, o), o, page)
end

test("feeds: each warns when site.base_url is empty", function()
  for _, format in ipairs { "atom", "rss", "jsonfeed" } do
    local warned, warn = {}, lede.log.warn
    lede.log.warn = function(msg) warned[#warned + 1] = msg end
    local o = outlet(format)
    o.site.base_url = ""
    local ok, err = pcall(lede.test.plugin("formats/" .. format).index, {}, o, { number = 1, total = 1, url = o.path })
    lede.log.warn = warn
    ok = ok or error(err)
    eq(warned, { "outlet '" .. format .. "': site.base_url is empty, so the feed's links are not absolute" })
  end
end)

local function three()
  local a = article("Older", "2020-07-24T10:00:00+02:00", "authors: [Ana]\ntags: [cities]\n")
  a.url = "/en/news/older/"
  local b = article("Newest", "2021-03-01", "")
  b.url = "en/news/newest/"
  local c = article("Middle", "2021-01-05T08:30:00", "")
  c.url = "en/news/middle/"
  -- Not in date order: the updated time must still be the newest date.
  return { a, b, c }
end

local function absent(s, what)
  ok(not s:find(what, 1, true), "did not expect to find " .. what)
end

test("atom: feed id, self and alternate links, updated from the newest", function()
  local s = feed("atom", three())
  contains(s, '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">')
  contains(s, "<id>https://news.example.org/feed.atom</id>")
  contains(s, '<link rel="self" type="application/atom+xml" href="https://news.example.org/feed.atom"/>')
  contains(s, '<link rel="alternate" type="text/html" href="https://news.example.org/"/>')
  contains(s, '<title type="text">News &amp; &lt;Views&gt;</title>')
  contains(s, "  <updated>2021-03-01T00:00:00Z</updated>\n")
  -- the site title is the feed's author when no site.author is set
  contains(s, "  <author><name>News &amp; &lt;Views&gt;</name></author>\n")
end)

test("atom: entries with absolute URLs and RFC 3339 dates", function()
  local s = feed("atom", three())
  contains(s, "<id>https://news.example.org/en/news/older/</id>")
  contains(s, '<link rel="alternate" type="text/html" href="https://news.example.org/en/news/older/"/>')
  absent(s, "org//")
  contains(s, "<published>2020-07-24T10:00:00+02:00</published>")
  contains(s, "<published>2021-01-05T08:30:00Z</published>")
  contains(s, "<author><name>Ana</name></author>")
  contains(s, '<category term="cities"/>')
  contains(s, '<content type="html" xml:base="https://news.example.org/en/news/older/">&lt;p&gt;Body of Older.&lt;/p&gt;\n</content>')
end)

test("atom: front matter updated and id", function()
  local a = article("Fixed", "2020-01-01T00:00:00Z", 'updated: "2022-02-02T10:00:00+01:00"\nid: "tag:example.org,2020:fixed"\n')
  a.url = "en/news/fixed/"
  local s = feed("atom", { a, table.unpack(three()) })
  contains(s, "  <updated>2022-02-02T10:00:00+01:00</updated>\n  <link")
  contains(s, "<id>tag:example.org,2020:fixed</id>")
  contains(s, "<published>2020-01-01T00:00:00Z</published>")
end)

test("atom: an unquoted YAML timestamp as updated", function()
  local a = article("Fixed", "2020-01-01", "updated: 2020-01-03T04:05:06Z\n")
  a.url = "x/"
  contains(feed("atom", { a }), "<updated>2020-01-03T04:05:06Z</updated>\n    <published>2020-01-01T00:00:00Z</published>")
end)

test("jsonfeed: updated becomes date_modified", function()
  local a = article("Fixed", "2020-01-01", "updated: 2020-01-03T04:05:06+01:00\n")
  a.url = "x/"
  local s = feed("jsonfeed", { a })
  contains(s, '"date_modified":"2020-01-03T04:05:06+01:00"')
  absent(feed("jsonfeed", three()), "date_modified")
end)

-- A story written on the 1st under embargo to the 3rd, corrected on the
-- 2nd (before its release): every feed dates it from its release, and
-- none gives a last change before it.
test("feeds: a story under embargo is published when it lifts", function()
  local a = article("Embargoed", "2020-01-01T09:00:00Z",
    "embargo: 2020-01-03T06:00:00Z\ncorrections: [{date: 2020-01-02, text: Fixed.}]\n")
  a.url = "x/"
  local s = feed("atom", { a })
  contains(s, "<updated>2020-01-03T06:00:00Z</updated>\n    <published>2020-01-03T06:00:00Z</published>")
  s = feed("rss", { a })
  contains(s, "<pubDate>Fri, 03 Jan 2020 06:00:00 +0000</pubDate>")
  contains(s, "<lastBuildDate>Fri, 03 Jan 2020 06:00:00 +0000</lastBuildDate>")
  s = feed("jsonfeed", { a })
  contains(s, '"date_published":"2020-01-03T06:00:00Z","date_modified":"2020-01-03T06:00:00Z"')
  local o = outlet("sitemap")
  o.config.options = { robots = false }
  s = lede.test.plugin("formats/sitemap").index({ a }, o, { number = 1, total = 1, url = "sitemap.xml" })
  contains(s, "<lastmod>2020-01-03T06:00:00Z</lastmod>")
end)

test("atom: an empty feed is as new as the build", function()
  local o = outlet("atom")
  local s = lede.test.plugin("formats/atom").index({}, o, { number = 1, total = 1, url = "feed.atom" })
  contains(s, "<updated>" .. o.site.now:rfc3339() .. "</updated>")
  absent(s, "<entry")
end)

test("atom: escaping, control characters dropped, RTL and emoji intact", function()
  local a = tricky()
  a.url = "en/tests/tricky/"
  local s = feed("atom", { a })
  contains(s, '<title type="text">A &lt;b&gt; &amp; ]]&gt; cd שלום مرحبا 🎉</title>')
  contains(s, '<summary type="text">sum &lt; &amp; ]]&gt;  שלום 🎉</summary>')
  contains(s, "<author><name>O&#39;Brien &amp; &lt;Sons&gt;</name></author>")
  contains(s, "<author><name>דנה</name></author>")
  contains(s, '<category term="R&amp;D"/>')
  contains(s, '<category term="🎉"/>')
  contains(s, "&lt;p&gt;Body 1 &amp;lt; 2 &amp;amp; ]]&amp;gt; xy שלום 🎉.&lt;/p&gt;")
  absent(s, "\1")
end)

test("rss: channel, RFC 822 dates, lastBuildDate from the newest", function()
  local s = feed("rss", three())
  contains(s, '<rss version="2.0"')
  contains(s, "<title>News &amp; &lt;Views&gt;</title>")
  contains(s, "<link>https://news.example.org/</link>")
  -- no site description: the title stands in, RSS requires one (a
  -- description is HTML: the text is escaped for HTML, then for XML)
  contains(s, "<description>News &amp;amp; &amp;lt;Views&amp;gt;</description>")
  contains(s, "<language>en</language>")
  contains(s, "<lastBuildDate>Mon, 01 Mar 2021 00:00:00 +0000</lastBuildDate>")
  contains(s, '<atom:link rel="self" type="application/rss+xml" href="https://news.example.org/feed.rss"/>')
  contains(s, "<pubDate>Fri, 24 Jul 2020 10:00:00 +0200</pubDate>")
  contains(s, '<guid isPermaLink="true">https://news.example.org/en/news/older/</guid>')
  contains(s, "<link>https://news.example.org/en/news/older/</link>")
  contains(s, "<dc:creator>Ana</dc:creator>")
  contains(s, "<category>cities</category>")
  contains(s, "<description>Body of Older.</description>")
  contains(s, "<content:encoded>&lt;p&gt;Body of Older.&lt;/p&gt;\n</content:encoded>")
  absent(s, "org//")
end)

test("rss: escaping of the tricky article", function()
  local a = tricky()
  a.url = "en/tests/tricky/"
  local s = feed("rss", { a })
  contains(s, "<title>A &lt;b&gt; &amp; ]]&gt; cd שלום مرحبا 🎉</title>")
  -- a description is HTML: "<" in a summary is text, never markup
  contains(s, "<description>sum &amp;lt; &amp;amp; ]]&amp;gt;  שלום 🎉</description>")
  contains(s, "<dc:creator>O&#39;Brien &amp; &lt;Sons&gt;</dc:creator>")
  contains(s, "<category>R&amp;D</category>")
  contains(s, "xy שלום 🎉")
  absent(s, "\1")
  absent(s, "]]>")
end)

test("rss: a front matter id is a guid that is not a permalink", function()
  local a = article("Fixed", "2020-01-01", 'id: "urn:x:1"\n')
  a.url = "x/"
  contains(feed("rss", { a }), '<guid isPermaLink="false">urn:x:1</guid>')
end)

test("jsonfeed: top level and items", function()
  local s = feed("jsonfeed", three())
  -- the spec's order: version first, items last; an item's id first
  eq(s:sub(1, 50), '{\n  "version": "https://jsonfeed.org/version/1.1",')
  contains(s, '"language": "en",\n  "items": [\n    {"id":"https://news.example.org/en/news/')
  contains(s, '"title": "News & \\u003cViews>"')
  contains(s, '"home_page_url": "https://news.example.org/"')
  contains(s, '"feed_url": "https://news.example.org/feed.jsonfeed"')
  contains(s, '"language": "en"')
  absent(s, '"description"')
  contains(s, '"id":"https://news.example.org/en/news/older/"')
  contains(s, '"url":"https://news.example.org/en/news/older/"')
  contains(s, '"date_published":"2020-07-24T10:00:00+02:00"')
  contains(s, '"date_published":"2021-03-01T00:00:00Z"')
  contains(s, '"authors":[{"name":"Ana"}]')
  contains(s, '"tags":["cities"]')
  contains(s, '"content_html":"\\u003cp>Body of Older.\\u003c/p>\\n"')
  contains(s, '"content_text":"Body of Older.\\n"')
  absent(s, "org//")
end)

test("jsonfeed: the tricky article keeps every character, escaped", function()
  local a = tricky()
  a.url = "en/tests/tricky/"
  local s = feed("jsonfeed", { a })
  contains(s, '"title":"A \\u003cb> & ]]> c\\u0001d שלום مرحبا 🎉"')
  contains(s, '"summary":"sum \\u003c & ]]> \\u0001 שלום 🎉"')
  contains(s, '"authors":[{"name":"O\'Brien & \\u003cSons>"},{"name":"דנה"}]')
  contains(s, '"tags":["R&D","🎉"]')
  -- plain text cannot show a control character: a:text leaves it out
  contains(s, '"content_text":"Body 1 \\u003c 2 & ]]> xy שלום 🎉.\\n"')
  absent(s, "\1")
end)

test("jsonfeed: a long paragraph is not wrapped in content_text", function()
  local long = string.rep("word ", 40)
  local a = lede.test.article("---\ntitle: T\ndate: 2021-01-01\n---\n\n" .. long .. "\n")
  a.url = "t/"
  contains(feed("jsonfeed", { a }), '"content_text":"' .. long:gsub(" $", "") .. '\\n"')
end)

test("jsonfeed: an image with an empty alt is nothing in content_text", function()
  local a = lede.test.article("---\ntitle: T\ndate: 2021-01-01\n---\n\n" ..
    "Rates ![](https://x.org/rule.png) rose, ![ ](https://x.org/dot.png) see ![the chart](https://x.org/c.png).\n\n" ..
    "![](https://x.org/divider.png)\n\nEnd.\n")
  a.url = "t/"
  local s = feed("jsonfeed", { a })
  absent(s, "[image: ]")
  absent(s, "rule.png [")
  -- (its HTML keeps it, alt="" as written: a screen reader skips it too)
  contains(s, 'rule.png\\" alt=\\"\\"')
  contains(s, '"content_text":"Rates rose, see [image: the chart] [1].\\n\\nEnd.\\n\\n[1] https://x.org/c.png\\n"')
end)

test("every format still writes a feed without a base URL", function()
  for _, format in ipairs({ "rss", "atom", "jsonfeed" }) do
    local o = outlet(format)
    o.site.base_url = ""
    local a = article("Local", "2021-01-01", "")
    a.url = "en/local/"
    local p = lede.test.plugin("formats/" .. format)
    local s = p.index(records(p, { a }, o), o, { number = 1, total = 1, url = o.path })
    contains(s, "/en/local/")
  end
end)

test("feeds: a language written fr_CA is fr-CA, the tag XML and JSON Feed take", function()
  local a = article("Bonjour", "2021-03-01", "lang: fr_CA\n")
  a.url = "fr_CA/news/bonjour/"
  local atom = feed("atom", { a })
  contains(atom, 'xml:lang="fr-CA"')
  ok(not atom:find("fr_CA\"", 1, true), "xml:lang fr_CA")
  contains(atom, "fr_CA/news/bonjour/") -- (the folder as written)
  contains(feed("jsonfeed", { article("Bonjour", "2021-03-01", "lang: fr_CA\n") }), '"language":"fr-CA"')
end)

test("sitemap: past 50,000 URLs, URL sets of at most 50,000 and a sitemap index", function()
  local o = outlet("sitemap")
  o.path, o.config.options = "sitemap.xml", { robots = false }
  local d = article("T", "2021-01-01", "").date
  local list = {}
  for i = 1, 50001 do list[i] = { url = "a" .. i .. "/", date = d, meta = {} } end
  local written = {}
  local write = lede.write
  lede.write = function(path, data) written[path] = data end
  local out = lede.test.plugin("formats/sitemap").index(list, o, { number = 1, total = 1, url = "sitemap.xml" })
  lede.write = write
  contains(out, '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
  contains(out, "<loc>https://news.example.org/sitemap-1.xml</loc>")
  contains(out, "<loc>https://news.example.org/sitemap-2.xml</loc>")
  ok(not out:find("sitemap-3", 1, true), "two URL sets")
  local _, n1 = written["sitemap-1.xml"]:gsub("<url>", "")
  local _, n2 = written["sitemap-2.xml"]:gsub("<url>", "")
  eq(n1, 50000)
  eq(n2, 1)
  contains(written["sitemap-2.xml"], "<loc>https://news.example.org/a50001/</loc>")
  -- 50,000 URLs: one sitemap, as before.
  list[50001] = nil
  out = lede.test.plugin("formats/sitemap").index(list, o, { number = 1, total = 1, url = "sitemap.xml" })
  contains(out, "<urlset")
end)

test("sitemap: the Google News sitemap lists the 1,000 newest, in the list's order", function()
  local o = outlet("sitemap")
  o.path, o.config.options = "sitemap.xml", { robots = false, news = "news.xml" }
  o.site.now = lede.date.parse("2021-01-02T00:00:00Z")
  -- oldest first (an outlet's `sort` may order it so): a1 is the oldest
  local list = {}
  for i = 1, 1001 do
    local d = lede.date.parse(string.format("2021-01-01T%02d:%02d:00Z", i // 60, i % 60))
    list[i] = { url = "a" .. i .. "/", date = d, meta = {}, lang = "en", title = "T" .. i }
  end
  local written = {}
  local write = lede.write
  lede.write = function(path, data) written[path] = data end
  local ok_, err = pcall(lede.test.plugin("formats/sitemap").index, list, o, { number = 1, total = 1, url = "sitemap.xml" })
  lede.write = write
  assert(ok_, err)
  local newsmap = written["news.xml"]
  local _, n = newsmap:gsub("<url>", "")
  eq(n, 1000)
  ok(not newsmap:find("/a1/", 1, true), "the oldest is left out")
  contains(newsmap, "<loc>https://news.example.org/a2/</loc>")
  contains(newsmap, "<loc>https://news.example.org/a1001/</loc>")
  ok(newsmap:find("/a2/", 1, true) < newsmap:find("/a1001/", 1, true), "in the list's order")
  -- 1,000: all of them
  table.remove(list, 1)
  written = {}
  lede.write = function(path, data) written[path] = data end
  ok_, err = pcall(lede.test.plugin("formats/sitemap").index, list, o, { number = 1, total = 1, url = "sitemap.xml" })
  lede.write = write
  assert(ok_, err)
  _, n = written["news.xml"]:gsub("<url>", "")
  eq(n, 1000)
end)

test("feeds: a lead image's URL outside ASCII is percent-encoded, as a URI", function()
  local extra = "image: {src: \"https://photos.example.org/café/ü.jpg?w=1&h=2\", alt: A}\n"
  local enc = "https://photos.example.org/caf%C3%A9/%C3%BC.jpg?w=1&h=2"
  local function a() return article("Pic", "2021-01-01", extra) end
  contains(feed("rss", { a() }), '<enclosure url="' .. enc:gsub("&", "&amp;") .. '"')
  contains(feed("atom", { a() }), '<link rel="enclosure" href="' .. enc:gsub("&", "&amp;") .. '"')
  contains(feed("jsonfeed", { a() }), '"image":"' .. enc .. '"')
end)

test("feeds: a lead image's type comes from its path, not its query", function()
  local a = article("Pic", "2021-01-01", "image: {src: \"https://photos.example.org/x.png?w=800#top\", alt: A}\n")
  contains(feed("rss", { a }), 'type="image/png"/>')
  a = article("Pic", "2021-01-01", "image: {src: \"https://photos.example.org/x.png?w=800#top\", alt: A}\n")
  contains(feed("atom", { a }), 'type="image/png"/>')
end)

test("atom: a blank site.author gives the feed the site's title as author", function()
  local o = outlet("atom")
  o.site.author = " "
  local p = lede.test.plugin("formats/atom")
  local s = p.index(records(p, { article("A", "2021-01-01", "") }, o), o, { number = 1, total = 1, url = o.path })
  contains(s, "  <author><name>News &amp; &lt;Views&gt;</name></author>")
end)

test("feeds: a bidi override a title, name, tag or summary opens is closed at its end", function()
  local extra = 'authors: ["Ann \\u202EeeB"]\ntags: ["\\u2067fa"]\nsummary: "sum \\u202Eopen"\n'
  local function a() return article("Tehran \u{202E}dlrow", "2021-01-01", extra) end
  local rss = feed("rss", { a() })
  contains(rss, "<title>Tehran \u{202E}dlrow\u{202C}</title>")
  contains(rss, "<dc:creator>Ann \u{202E}eeB\u{202C}</dc:creator>")
  contains(rss, "<category>\u{2067}fa\u{2069}</category>")
  local atom = feed("atom", { a() })
  contains(atom, '<title type="text">Tehran \u{202E}dlrow\u{202C}</title>')
  contains(atom, "<author><name>Ann \u{202E}eeB\u{202C}</name></author>")
  contains(atom, '<category term="\u{2067}fa\u{2069}"/>')
  contains(atom, '<summary type="text">sum \u{202E}open\u{202C}</summary>')
  local json = feed("jsonfeed", { a() })
  contains(json, '"title":"Tehran \u{202E}dlrow\u{202C}"')
  contains(json, '"summary":"sum \u{202E}open\u{202C}"')
  contains(json, '"authors":[{"name":"Ann \u{202E}eeB\u{202C}"}]')
  contains(json, '"tags":["\u{2067}fa\u{2069}"]')
end)

test("sitemap: link_to a list names each URL's editions (hreflang), its own included", function()
  local o = outlet("sitemap")
  o.path, o.config.options, o.config.link_to = "sitemap.xml", { robots = false }, { "web", "fr" }
  local d = article("T", "2021-01-01", "").date
  local function e(path, lang, url, meta) return { path = path, lang = lang, url = url, date = d, meta = meta } end
  local list = {
    e("content/a.md", "en", "en/a/", { translation_key = "k" }),
    e("content/fr/a.md", "fr", "fr/a&b/", { translation_key = "k" }),
    -- joined by its translations: map alone, its language written fr_CA
    e("content/ca/a.md", "fr_CA", "ca/a/", { translations = { en = "content/a.md" } }),
    e("content/b.md", "en", "en/b/", { translation_key = "alone" }),
  }
  local s = lede.test.plugin("formats/sitemap").index(list, o, { number = 1, total = 1, url = "sitemap.xml" })
  contains(s, '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">')
  local links = '    <xhtml:link rel="alternate" hreflang="en" href="https://news.example.org/en/a/"/>\n' ..
    '    <xhtml:link rel="alternate" hreflang="fr" href="https://news.example.org/fr/a&amp;b/"/>\n' ..
    '    <xhtml:link rel="alternate" hreflang="fr-CA" href="https://news.example.org/ca/a/"/>\n'
  local _, n = s:gsub(links:gsub("%p", "%%%0"), "")
  eq(n, 3) -- under each of the three editions
  contains(s, "<loc>https://news.example.org/en/b/</loc>\n    <lastmod>2021-01-01T00:00:00Z</lastmod>\n  </url>")
  -- one outlet named: no alternates, as before
  o.config.link_to = "web"
  s = lede.test.plugin("formats/sitemap").index(list, o, { number = 1, total = 1, url = "sitemap.xml" })
  absent(s, "xhtml")
end)

test("sitemap: a paged sitemap's index gives each page its own lastmod", function()
  local o = outlet("sitemap")
  o.path, o.config.options = "sitemap.xml", { robots = false }
  local function at(day) return { url = "a" .. day .. "/", date = article("T", "2021-01-" .. day, "").date, meta = {} } end
  local pages = { { at("05"), at("04") }, { at("03"), at("09") }, { at("01") } }
  local written = {}
  local write = lede.write
  lede.write = function(path, data) written[path] = data end
  local sitemap = lede.test.plugin("formats/sitemap")
  for k, list in ipairs(pages) do
    local page = { number = k, total = 3, url = k == 1 and "sitemap.xml" or "page/" .. k .. "/sitemap.xml" }
    eq(sitemap.index(list, o, page), nil) -- (the index is written with the last page)
    if k < 3 then ok(not written["sitemap.xml"], "no index before the last page") end
  end
  lede.write = write
  contains(written["sitemap.xml"], "<loc>https://news.example.org/sitemap-1.xml</loc>\n    <lastmod>2021-01-05T00:00:00Z</lastmod>")
  contains(written["sitemap.xml"], "<loc>https://news.example.org/sitemap-2.xml</loc>\n    <lastmod>2021-01-09T00:00:00Z</lastmod>")
  contains(written["sitemap.xml"], "<loc>https://news.example.org/sitemap-3.xml</loc>\n    <lastmod>2021-01-01T00:00:00Z</lastmod>")
  contains(written["sitemap-2.xml"], "<loc>https://news.example.org/a09/</loc>")
end)
