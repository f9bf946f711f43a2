-- The lede module.
test("escaping", function()
  eq(lede.html.escape([[<a href="x">'&'</a>]]), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
  eq(lede.xml.escape("a\1b<c>\u{FFFE}"), "ab&lt;c&gt;")
end)

test("url.host", function()
  local host = lede.url.host
  eq({ host("https://User@WWW.Example.ORG.:8443/a?b#c") }, { "www.example.org", "https" })
  eq({ host("http://[2001:db8::1]:80/") }, { "[2001:db8::1]", "http" })
  eq({ host("//cdn.example.org/x.js") }, { "cdn.example.org" }) -- no scheme
  -- As a browser reads a link: '\\' ends the authority, leading spaces and
  -- controls and inner tabs and newlines do not count.
  eq(host("https://evil.example\\@example.org/"), "evil.example")
  eq(host("https:\\\\evil.example"), "evil.example")
  eq(host(" \0\31https://a.example/"), "a.example")
  eq(host("htt\tps://b.exa\nmple/"), "b.example")
  for _, u in ipairs { "mailto:a@b.example", "ftp://a.example/", "/x", "x.example", "https://", "https:x",
    "https://[::1", "javascript://a.example" } do
    eq(host(u), nil)
  end
  eq(host(nil), nil)
  raises(function() host({}) end, "string expected")
end)

test("escape.href", function()
  eq(lede.escape.href([[https://x.example/a b"<>\^`{|}?q=1&r='é']]),
    "https://x.example/a%20b%22%3C%3E%5C%5E%60%7B%7C%7D?q=1&amp;r=&#39;%C3%A9&#39;")
  eq(lede.escape.href("a\0b\127c\tde"), "a%00b%7Fc%09de")
  eq(lede.escape.href("/already%20encoded/"), "/already%20encoded/")
end)

test("json.encode", function()
  eq(lede.json.encode { b = 1, a = { true, false, lede.null }, c = "é\"<\n" },
    '{"a":[true,false,null],"b":1,"c":"é\\"\\u003c\\n"}')
  eq(lede.json.encode {}, "[]")
  eq(lede.json.encode(lede.json.object {}), "{}")
  eq(lede.json.encode(1.5), "1.5")
  raises(function() lede.json.encode { [true] = 1 } end, "keys must be strings")
  raises(function() lede.json.encode(print) end, "cannot encode a function")
  local t = {}; t.self = t
  raises(function() lede.json.encode(t) end, "deeper than 200")
  -- named the same on every platform (printf writes NaN as "-nan" on some)
  for _, c in ipairs { { 0 / 0, "nan" }, { -(0 / 0), "nan" }, { math.huge, "inf" },
    { -math.huge, "-inf" } } do
    local okay, err = pcall(lede.json.encode, { x = c[1] })
    eq(okay, false)
    eq(err:match("lede%.json%.encode: (%S+) is not a JSON number"), c[2])
  end
end)

test("slug", function()
  eq(lede.slug("Ciudad de México — CDMX"), "ciudad-de-mexico-cdmx")
  eq(lede.slug("L’Œuvre à Noël!"), "l-oeuvre-a-noel")
  eq(lede.slug("  --  "), "")
end)

test("date.parse and now", function()
  local d = lede.date.parse("2020-07-24T10:00:00+02:00")
  eq(d:rfc3339(), "2020-07-24T10:00:00+02:00")
  local none, msg = lede.date.parse("2020-02-30")
  eq(none, nil)
  contains(msg, "bad date")
  ok(lede.date.parse("2020-07-24") < d)
  -- the build time: LEDE_NOW when set (the test suite sets it)
  local now = os.getenv("LEDE_NOW")
  if now then eq(tostring(lede.date.now()), now) end
  eq(lede.date.from_epoch(1595577600, 120):rfc3339(), "2020-07-24T10:00:00+02:00")
end)

test("date.from_epoch makes only dates the front matter and the feeds can hold", function()
  -- years 0001 to 9999, zones -12:00 to +14:00, as date.parse
  eq(lede.date.from_epoch(253402300799):rfc3339(), "9999-12-31T23:59:59Z")
  eq(lede.date.from_epoch(253402300799 - 840 * 60, 840):rfc3339(), "9999-12-31T23:59:59+14:00")
  eq(lede.date.from_epoch(-62135596800):rfc3339(), "0001-01-01T00:00:00Z")
  eq(lede.date.from_epoch(0, -720):rfc3339(), "1969-12-31T12:00:00-12:00")
  -- milliseconds given for seconds: the year 57891 in every feed
  raises(function() lede.date.from_epoch(1764700000000) end, "after 9999-12-31")
  raises(function() lede.date.from_epoch(1764700000000) end, "milliseconds? divide by 1000")
  raises(function() lede.date.from_epoch(253402300799, 1) end, "after 9999-12-31")
  raises(function() lede.date.from_epoch(-62135596801) end, "before 0001-01-01")
  -- the instant in UTC too: 9999-12-31T23:59:59-12:00 is in the year 10000
  raises(function() lede.date.from_epoch(253402300799 + 1, -720) end, "after 9999-12-31")
  raises(function() lede.date.from_epoch(-62135596800 - 1, 840) end, "before 0001-01-01")
  local none, msg = lede.date.parse("9999-12-31T23:59:59-12:00")
  eq(none, nil)
  contains(msg, "after 9999-12-31T23:59:59Z, the latest date lede takes")
  raises(function() lede.date.from_epoch(math.maxinteger, 100) end, "after 9999-12-31")
  raises(function() lede.date.from_epoch(math.mininteger, -100) end, "before 0001-01-01")
  -- +16:40: no zone in use, and no xsd:dateTime (Atom) or RFC 822 date
  raises(function() lede.date.from_epoch(0, 1000) end, "-720 to 840")
  raises(function() lede.date.from_epoch(0, 841) end, "-720 to 840")
  -- west of -12:00 is no zone in use, and jing refuses a feed with one
  raises(function() lede.date.from_epoch(0, -721) end, "-720 to 840")
  raises(function() lede.date.from_epoch(0, -840) end, "-720 to 840")
  local none2, msg2 = lede.date.parse("2020-01-01T00:00:00-14:00")
  eq(none2, nil)
  contains(msg2, "a zone is between -12:00 and +14:00")
end)

test("template.render, inline and named", function()
  eq(lede.template.render("{{a}} {{{a}}}", { a = "<b>" }), "&lt;b&gt; <b>")
  eq(lede.template.render("{{#l}}{{.}},{{/l}}", { l = { 1, 2 } }), "1,2,")
  eq(lede.template.render("{{f}}", { f = function() return "{{x}}" end, x = "lambda" }), "lambda")
  raises(function() lede.template.render("{{#open}}", {}) end, "open")
  raises(function() lede.template.render("no-such-template", {}) end, "no template 'no-such-template'")
  local html = lede.template.render("index", {
    site = { title = "S" }, lang = "en", items = {}, heading = "H", words = {}, page = {} })
  contains(html, '<html lang="en">')
end)

test("template.render: a table has no text, and says so at its tag", function()
  local r = lede.template.render
  -- {{tag_list}} for {{#tag_list.items}}...: a memory address in the page,
  -- another at every build
  local msg = raises(function() r("<p>{{title}}</p>\n<p>{{tags}}</p>", { title = "T", tags = { "a" } }) end,
    "(inline template):2:4: error: 'tags' is a table, which has no text")
  contains(msg, "{{#tags}}...{{/tags}}")
  raises(function() r("{{{x.y}}}", { x = { y = {} } }) end, "'x.y' is a table")
  raises(function() r("{{#m}}{{.}}{{/m}}", { m = { k = 1 } }) end, "'.' is a table")
  raises(function() r("{{f}}", { f = function() return { 1 } end }) end, "'f' is a table")
  raises(function() r("{{f}}", { f = function() return print end }) end, "'f' is a function")
  raises(function() r("{{c}}", { c = coroutine.create(print) }) end, "'c' is a thread")
  -- text of their own: lede.null is none, lede's values and __tostring theirs
  eq(r("[{{n}}]", { n = lede.null }), "[]")
  eq(r("{{d}} {{x}}", { d = lede.date.parse("2020-07-24"),
    x = setmetatable({}, { __tostring = function() return "<mine>" end }) }), "2020-07-24 &lt;mine&gt;")
end)

test("markdown", function()
  local doc = lede.markdown("Hello *there*\n\n<script>alert(1)</script>\n")
  eq(doc.type, "Document")
  eq(doc:html(), "<p>Hello <em>there</em></p>\n")
end)

test("write refuses paths outside the output", function()
  raises(function() lede.write("../x", "no") end, "outside the output directory")
  raises(function() lede.write("/etc/x", "no") end, "outside the output directory")
  -- a name the build state (JSON) can hold: UTF-8, no NUL cutting it short
  raises(function() lede.write("r\xe9sum\xe9.txt", "no") end, "the path is not UTF-8 (byte 0xE9 at 2)")
  raises(function() lede.write("a\0/../../x", "no") end, "the path holds a NUL byte")
  lede.write("r\u{e9}sum\u{e9}.txt", "UTF-8: fine")
  lede.write("fine.txt", "check mode: nothing is written")
end)

test("json.decode", function()
  local v = lede.json.decode('{"a":[1,2.5,"x",true,false,null],"b":{"c":"é\\u003c"}}')
  eq(v.a[1], 1)
  eq(math.type(v.a[1]), "integer")
  eq(v.a[2], 2.5)
  eq(v.a[4], true)
  eq(v.a[6], lede.null)
  eq(v.b.c, "é<")
  -- decoded objects encode back as objects, even empty ones
  eq(lede.json.encode(v), '{"a":[1,2.5,"x",true,false,null],"b":{"c":"é\\u003c"}}')
  eq(lede.json.encode(lede.json.decode("{}")), "{}")
  eq(lede.json.decode('"just a string"'), "just a string")
  local none, err = lede.json.decode('{"a": }')
  eq(none, nil)
  contains(err, "line 1, column 7")
  raises(function() lede.json.decode({}) end, "string expected")
end)

test("require loads shared libraries once, the site's before lede's", function()
  local g = lede.require("greeting")
  eq(g.hello("Ana"), "Hello, Ana")
  eq(lede.require("greeting"), g)
  eq(_G.greeting_loads, 1)
  local feed = lede.require("feed") -- lede's own plugins/lib/feed.lua
  eq(feed.absolute({ base_url = "https://x.example/" }, "/a/b/"), "https://x.example/a/b/")
  raises(function() lede.require("nope") end, "no library 'nope'")
  raises(function() lede.require("../etc") end, "a library name uses a-z, 0-9 and _")
end)

test("text.wrap, text.width, text.clean, text.bidi_close", function()
  eq(lede.text.wrap("aaa bbb\n  ccc\1 ddd", 7), "aaa bbb\nccc ddd")
  eq(lede.text.wrap("one two three", 8, "   "), "   one\n   two\n   three")
  eq(lede.text.wrap("https://example.org/a/very/long/url stays", 10), "https://example.org/a/very/long/url\nstays")
  eq(lede.text.wrap("no wrapping at all", 0), "no wrapping at all")
  eq(lede.text.wrap("", 10), "")
  eq(lede.text.width("東京é"), 5)
  eq(lede.text.width("🎉a"), 3)
  eq(lede.text.clean("a\1b\127c\194\133d\te"), "abcd\te")
  -- bidi controls a text leaves open are closed at its end, innermost first
  eq(lede.text.bidi_close("x\u{202B}a\u{2066}b"), "x\u{202B}a\u{2066}b\u{2069}\u{202C}")
  eq(lede.text.bidi_close("a\u{2069}b\u{202E}"), "ab\u{202E}\u{202C}")
  eq(lede.text.bidi_close("no controls \u{200F}"), "no controls \u{200F}")
  eq(lede.html.escape("\u{202E}&"), "\u{202E}&amp;\u{202C}")
  raises(function() lede.text.wrap("x", -1) end, "width must be 0")
end)

test("text.wrap breaks Chinese and Japanese between characters, by their rules", function()
  -- no spaces between words: a line breaks between two ideographs or kana
  eq(lede.text.wrap("北京市政府今天宣布了新计划", 10), "北京市政府\n今天宣布了\n新计划")
  -- never before closing punctuation or small kana, nor after an opening one
  eq(lede.text.wrap("東京都は発表した。「国際」", 16), "東京都は発表し\nた。「国際」")
  eq(lede.text.wrap("発表しました。", 12), "発表しまし\nた。")
  eq(lede.text.wrap("計画（案）を", 8), "計画\n（案）を")
  eq(lede.text.wrap("キャッシュ", 4), "キャッ\nシュ")
  -- Latin words inside keep whole; Korean breaks at its spaces only
  eq(lede.text.wrap("Hello 世界 wide", 9), "Hello 世\n界 wide")
  eq(lede.text.wrap("서울특별시는 새로운", 8), "서울특별시는\n새로운")
  -- an emoji sequence is one emoji, two columns, never split
  eq(lede.text.width("👩‍👩‍👧‍👦👍🏽"), 4)
  eq(lede.text.wrap("👩‍👩‍👧‍👦👩‍👩‍👧‍👦👍🏽", 4), "👩‍👩‍👧‍👦👩‍👩‍👧‍👦\n👍🏽")
end)
