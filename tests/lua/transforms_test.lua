-- The bundled transform plugins: utm, smartquotes, reading_time, pullquote,
-- called hook by hook on articles made from strings, hostile input included.
local NBSP, NNBSP = "\u{00A0}", "\u{202F}"

local function article(body, extra)
  return lede.test.article("---\ntitle: Story\ndate: 2020-07-24\nsection: News\n" ..
    (extra or "") .. "---\n\n" .. body, "content/story.md")
end

-- Runs a plugin's Link filter the way an outlet would, with its outlet table.
local function tag_links(p, a, outlet)
  a.body:walk { Link = function(n) return p.nodes.Link(n, a, outlet) end }
  return a
end

local function hrefs(a)
  local t = {}
  for n in a.body:walk() do
    if n.type == "Link" then t[#t + 1] = n.url end
  end
  return t
end

-- utm ----------------------------------------------------------------------

test("utm: campaign is required", function()
  raises(function() lede.test.plugin("utm", {}) end, "utm: the option 'campaign' is required")
  raises(function() lede.test.plugin("utm") end, "'campaign'")
end)

test("utm: external http(s) links get the three parameters", function()
  local p = lede.test.plugin("utm", { campaign = "july" })
  local a = tag_links(p, article("Read [the report](https://other.org/report).\n"), lede.test.outlet("web"))
  eq(hrefs(a), { "https://other.org/report?utm_source=web&utm_medium=email&utm_campaign=july" })
  contains(a:html(), 'href="https://other.org/report?utm_source=web&amp;utm_medium=email&amp;utm_campaign=july"')
end)

test("utm: own site, mailto, relative and anchors are left alone", function()
  local p = lede.test.plugin("utm", { campaign = "july" })
  local a = article("[a](https://example.org/x) [b](https://WWW.Example.org:443/y) " ..
    "[c](mailto:desk@other.org) [d](/en/news/) [e](#top) [f](ftp://other.org/f) " ..
    "[g](../up.html)\n")
  tag_links(p, a, lede.test.outlet("web")) -- its site's base_url is https://example.org
  eq(hrefs(a), { "https://example.org/x", "https://WWW.Example.org:443/y", "mailto:desk@other.org",
    "/en/news/", "#top", "ftp://other.org/f", "../up.html" })
end)

test("utm: hosts are read as a browser reads them (lede.url.host)", function()
  local host_of = lede.test.plugin("utm", { campaign = "c" })._host_of
  -- A backslash ends the authority: this link goes to evil.example.
  eq(host_of("https://evil.example\\@example.org/"), "evil.example")
  -- Leading controls and spaces, and tabs and newlines inside, are ignored.
  eq(host_of("\1 https://Other.ORG./x"), "other.org")
  eq(host_of("ht\ttps://www.other.org:8080/"), "other.org")
  eq(host_of("https://user:pw@[::1]:8080/"), "[::1]")
  -- Not http(s): left alone (a protocol-relative URL has no scheme to keep).
  eq(host_of("//other.org/x"), nil)
  eq(host_of("ftp://other.org/"), nil)
  eq(host_of(nil), nil)
  local p = lede.test.plugin("utm", { campaign = "c" })
  local a = tag_links(p, article("[x](https://evil.example\\\\@example.org/) [y](//other.org/y)\n"),
    lede.test.outlet("web"))
  eq(hrefs(a), { "https://evil.example\\@example.org/?utm_source=web&utm_medium=email&utm_campaign=c",
    "//other.org/y" })
end)

test("utm: query strings and fragments are kept, nothing is duplicated", function()
  local p = lede.test.plugin("utm", { campaign = "july", source = "letter", medium = "mail" })
  local a = article("[a](https://o.org/p?q=1&x=2#sec-2) [b](http://o.org/?utm_source=partner) " ..
    "[c](https://o.org/p?#f) [d](https://o.org/p?a=1&) <https://auto.example.com> " ..
    "[e](https://o.org/p?UTM_CAMPAIGN=x&utm_medium=sms)\n")
  tag_links(p, a, lede.test.outlet("web"))
  eq(hrefs(a), {
    "https://o.org/p?q=1&x=2&utm_source=letter&utm_medium=mail&utm_campaign=july#sec-2",
    "http://o.org/?utm_source=partner&utm_medium=mail&utm_campaign=july",
    "https://o.org/p?utm_source=letter&utm_medium=mail&utm_campaign=july#f",
    "https://o.org/p?a=1&utm_source=letter&utm_medium=mail&utm_campaign=july",
    "https://auto.example.com/?utm_source=letter&utm_medium=mail&utm_campaign=july",
    "https://o.org/p?UTM_CAMPAIGN=x&utm_medium=sms&utm_source=letter",
  })
  -- a second pass changes nothing
  local before = hrefs(a)
  tag_links(p, a, lede.test.outlet("web"))
  eq(hrefs(a), before)
end)

test("utm: values are percent-encoded", function()
  local p = lede.test.plugin("utm", { campaign = "Été 2020 & co/#1", source = "a b" })
  local a = tag_links(p, article("[x](https://o.org/)\n"), lede.test.outlet("web"))
  eq(hrefs(a)[1], "https://o.org/?utm_source=a%20b&utm_medium=email&utm_campaign=%C3%89t%C3%A9%202020%20%26%20co%2F%231")
end)

test("utm: the source defaults to the outlet's name; the host to the outlet's site", function()
  local p = lede.test.plugin("utm", { campaign = "c" })
  local a = tag_links(p, article("[x](https://partner.org/) [y](https://example.org/)\n"),
    { name = "newsletter", site = { base_url = "https://partner.org" } })
  eq(hrefs(a), { "https://partner.org/", "https://example.org/?utm_source=newsletter&utm_medium=email&utm_campaign=c" })
end)

test("utm: through the nodes table with node:walk", function()
  local p = lede.test.plugin("utm", { campaign = "c", source = "s" })
  local a = article("See <https://other.org/a#b> and `https://code.org` and ![img](https://img.org/i.png).\n")
  a.body:walk(p.nodes)
  contains(a:html(), 'href="https://other.org/a?utm_source=s&amp;utm_medium=email&amp;utm_campaign=c#b"')
  contains(a:html(), "<code>https://code.org</code>")
  contains(a:html(), 'src="https://img.org/i.png"')
end)

-- smartquotes ----------------------------------------------------------------

local sq = lede.test.plugin("smartquotes")

local function smart(body, lang)
  local a = article(body, lang and ("lang: " .. lang .. "\n") or nil)
  sq.transform(a, lede.test.outlet("web"))
  return a:html(), a
end

test("smartquotes: English quotes and apostrophes", function()
  eq(smart([[He said "it's the cities' decade" and 'no' in the '90s.]] .. "\n"),
    "<p>He said “it’s the cities’ decade” and ‘no’ in the ’90s.</p>\n")
end)

test("smartquotes: nested quotes, across emphasis and links", function()
  eq(smart([["She told us 'cities lead' today," he said. "A *bold* [move](https://x.org)".]] .. "\n"),
    '<p>“She told us ‘cities lead’ today,” he said. “A <em>bold</em> <a href="https://x.org">move</a>”.</p>\n')
end)

test("smartquotes: code, code blocks and URLs are not touched", function()
  local html = smart('Use `print("hi")` or "this".\n\n```\nx = "raw" -- it\'s\n```\n\n' ..
    "Visit https://example.org/it's-here now.\n")
  contains(html, "<code>print(&quot;hi&quot;)</code> or “this”.")
  contains(html, "<pre><code>x = &quot;raw&quot; -- it&#39;s\n</code></pre>")
  contains(html, ">https://example.org/it&#39;s-here</a> now.")
end)

test("smartquotes: existing typographic quotes are left alone", function()
  eq(smart("Already “curly” and ‘single’ and «guillemets».\n"),
    "<p>Already “curly” and ‘single’ and «guillemets».</p>\n")
end)

test("smartquotes: French guillemets with narrow no-break spaces", function()
  eq(smart([[Il a dit "c'est non" puis "on verra 'demain'".]] .. "\n", "fr"),
    "<p>Il a dit «" .. NNBSP .. "c’est non" .. NNBSP .. "» puis «" .. NNBSP ..
    "on verra “demain”" .. NNBSP .. "».</p>\n")
  -- spaces typed inside the quotes are replaced, not doubled
  eq(smart([[Un " essai " et « déjà » là.]] .. "\n", "fr"),
    "<p>Un «" .. NNBSP .. "essai" .. NNBSP .. "» et «" .. NNBSP .. "déjà" .. NNBSP .. "» là.</p>\n")
end)

test("smartquotes: French spaces before ; : ! ?", function()
  eq(smart("Pourquoi? Parce que! Voici: la liste; fin ?\n", "fr"),
    "<p>Pourquoi" .. NNBSP .. "? Parce que" .. NNBSP .. "! Voici" .. NBSP .. ": la liste" ..
    NNBSP .. "; fin" .. NNBSP .. "?</p>\n")
  -- not in times, URLs or code
  local html = smart("À 10:30, voir https://ex.fr/a?b=1 et `a ? b : c`.\n", "fr")
  contains(html, "À 10:30, voir ")
  contains(html, '>https://ex.fr/a?b=1</a>')
  contains(html, "<code>a ? b : c</code>")
end)

test("smartquotes: Spanish and unknown languages", function()
  eq(smart([[Dijo "ella afirmó 'sí' ayer".]] .. "\n", "es"),
    "<p>Dijo «ella afirmó “sí” ayer».</p>\n")
  eq(smart([[Hij zei "ja".]] .. "\n", "nl"), "<p>Hij zei &quot;ja&quot;.</p>\n")
end)

test("smartquotes: title and summary too", function()
  local _, a = smart("Text.\n", nil)
  local b = article("Body.\n", 'summary: "The \\"best\\" city"\n')
  b.title = [[Mayors' "new deal"]]
  sq.transform(b)
  eq(b.title, "Mayors’ “new deal”")
  eq(b.summary, "The “best” city")
  eq(a.title, "Story")
end)

test("smartquotes: hostile text stays intact", function()
  local html = smart([["if a<b && c ]]  .. "]]>" .. [[ مرحبا 😀" & 'x']] .. "\n")
  eq(html, "<p>“if a&lt;b &amp;&amp; c ]]&gt; مرحبا 😀” &amp; ‘x’</p>\n")
  -- control characters are the renderer's business: the text nodes keep them
  local _, a = smart("\"\u{202E}abc\" said \"שלום\" \1.\n")
  eq(a.body.first:text(), "“\u{202E}abc” said “שלום” \1.")
end)

-- reading_time ---------------------------------------------------------------

test("reading_time: minutes at 230 words a minute, at least 1", function()
  local p = lede.test.plugin("reading_time")
  local a = article(string.rep("word ", 461) .. "\n")
  p.article(a)
  eq(a.meta.reading_time, 3)
  eq(a.meta.reading_time_text, "3 min read")
  local short = article("Two words.\n")
  p.article(short)
  eq(short.meta.reading_time, 1)
  local empty = article("")
  p.article(empty)
  eq(empty.meta.reading_time, 1)
end)

test("reading_time: localized text and the wpm option", function()
  local p = lede.test.plugin("reading_time", { wpm = 100 })
  local fr = article(string.rep("mot ", 250) .. "\n", "lang: fr\n")
  p.article(fr)
  eq(fr.meta.reading_time, 3)
  eq(fr.meta.reading_time_text, "3 min de lecture")
  local es = article(string.rep("palabra ", 100) .. "\n", "lang: es-MX\n")
  p.transform(es, lede.test.outlet("web"))
  eq(es.meta.reading_time_text, "1 min de lectura")
  raises(function() lede.test.plugin("reading_time", { wpm = 0 }) end, "'wpm' must be a positive number")
  raises(function() lede.test.plugin("reading_time", { wpm = "fast" }) end, "'wpm'")
end)

test("reading_time: a value from the front matter is kept", function()
  local p = lede.test.plugin("reading_time")
  local a = article("Short.\n", "reading_time: 12\n")
  p.article(a)
  eq(a.meta.reading_time, 12)
  eq(a.meta.reading_time_text, "12 min read")
end)

-- pullquote ------------------------------------------------------------------

local pq = lede.test.plugin("pullquote")

local function types(a)
  local t = {}
  for i, n in ipairs(a.body:children()) do t[i] = n.type end
  return t
end

test("pullquote: the best quotation goes after its paragraph", function()
  local a = article("Intro paragraph.\n\n" ..
    "“We will plant ten thousand trees along the river before the end of next year,” said Ana Pérez, mayor of Riverton.\n\n" ..
    "“Good,” said Bob.\n\nLast paragraph.\n")
  pq.transform(a, lede.test.outlet("web"))
  eq(types(a), { "Paragraph", "Paragraph", "RawBlock", "Paragraph", "Paragraph" })
  eq(a.body:children()[3].literal, '<blockquote class="pullquote">\n' ..
    "<p>We will plant ten thousand trees along the river before the end of next year</p>\n" ..
    "<footer>— Ana Pérez, mayor of Riverton</footer>\n</blockquote>")
  contains(a:html(), '<footer>— Ana Pérez, mayor of Riverton</footer>\n</blockquote>\n<p>“Good,” said Bob.</p>')
end)

test("pullquote: confidence first, then a speaker, then a good length", function()
  local q = function(t) return t end
  local best = pq._best
  local long = string.rep("a", 100)
  eq(best { q { text = "short", confidence = 0.9, start = 1 }, q { text = long, speaker = "X", confidence = 0.8, start = 2 } }.start, 1)
  eq(best { q { text = long, confidence = 0.8, start = 1 }, q { text = "short", speaker = "X", confidence = 0.8, start = 2 } }.start, 2)
  eq(best { q { text = "short", speaker = "X", confidence = 0.8, start = 1 }, q { text = long, speaker = "Y", confidence = 0.8, start = 2 } }.start, 2)
  eq(best { q { text = string.rep("b", 300), speaker = "X", confidence = 0.8, start = 1 }, q { text = long, speaker = "Y", confidence = 0.8, start = 2 } }.start, 2)
  eq(best { q { text = long, speaker = "X", confidence = 0.8, start = 5 }, q { text = long, speaker = "Y", confidence = 0.8, start = 2 } }.start, 2)
  eq(best {}, nil)
  eq(best { q { text = long, confidence = 0.2, start = 1 } }, nil)
end)

test("pullquote: speaker and text are escaped", function()
  local a = article("Intro.\n\n" ..
    "“Tom & Jerry <b>rule</b> the ]]> streets, and we have never seen anything like it here,” said Li Co, head of R&D.\n")
  eq(a.quotes[1].role, "head of R&D")
  local b = article("Intro.\n\n“Tom & Jerry rule the streets, and we have never seen anything like it here,” said Li Co.\n")
  b.quotes[1].speaker = "Ana & Li <i>Co</i> \"Q\""
  pq.transform(a, lede.test.outlet("web"))
  pq.transform(b, lede.test.outlet("web"))
  local raw = a.body.last.literal
  eq(a.body.last.type, "RawBlock")
  contains(raw, "<p>Tom &amp; Jerry &lt;b&gt;rule&lt;/b&gt; the ]]&gt; streets")
  contains(raw, "<footer>— Li Co, head of R&amp;D</footer>")
  contains(b.body.last.literal, "<footer>— Ana &amp; Li &lt;i&gt;Co&lt;/i&gt; &quot;Q&quot;</footer>")
end)

test("pullquote: nothing without quotes, nothing outside html, nothing for code", function()
  local plain = article("No quotation here.\n\nNone here either.\n")
  pq.transform(plain, lede.test.outlet("web"))
  eq(types(plain), { "Paragraph", "Paragraph" })
  local a = article("“We will plant ten thousand trees along the river before the end of next year,” said Ana Pérez.\n")
  pq.transform(a, { name = "newsletter", format = "text", site = {} })
  eq(types(a), { "Paragraph" })
  local code = article("```\nx = \"We will plant ten thousand trees,\" said Ana Pérez.\n```\n")
  pq.transform(code, lede.test.outlet("web"))
  eq(types(code), { "CodeBlock" })
end)

test("pullquote: a quotation in a list goes after the list, a long one after its end", function()
  local a = article("Intro.\n\n- one\n- two\n- “We will plant ten thousand trees along the river before next year,” said Ana Pérez.\n\nAfter.\n")
  pq.transform(a, lede.test.outlet("web"))
  eq(types(a), { "Paragraph", "List", "RawBlock", "Paragraph" })
  local b = article("Intro, said Ana Pérez:\n\n“We planted trees along the river all summer long.\n\n" ..
    "“Then we planted more of them in every single park of the city.”\n\nAfter.\n")
  pq.transform(b, lede.test.outlet("web"))
  local q = b.quotes[1]
  ok(q and q.text:find("\n\n", 1, true), "a multi-paragraph quotation")
  eq(types(b), { "Paragraph", "Paragraph", "Paragraph", "RawBlock", "Paragraph" })
  contains(b.body:children()[4].literal, "summer long. Then we planted")
end)

test("pullquote: finds its paragraph after smartquotes changed the text", function()
  local a = article("First.\n\nSecond.\n\n\"It's the cities that act first and think about it later, every time,\" said Li Wei.\n\nEnd.\n")
  sq.transform(a)
  pq.transform(a, lede.test.outlet("web"))
  eq(types(a), { "Paragraph", "Paragraph", "Paragraph", "RawBlock", "Paragraph" })
  contains(a.body:children()[4].literal, "<p>It’s the cities that act first")
end)
