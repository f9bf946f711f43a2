-- The bundled example plugins: people, embed, toc, external_links and
-- editor_notes, hook by hook, on the seed article and on hostile input.

local n = lede.node
local SEED = "content/2020-07-24-international-action.md"

local function article(body, extra)
  return lede.test.article("---\ntitle: Story\ndate: 2020-07-24\nsection: News\n" ..
    (extra or "") .. "---\n\n" .. body, "content/story.md")
end

-- The seed article lives in the repository's content/, outside the test site.
local function seed()
  local f = assert(io.open(SEED, "rb"))
  local text = f:read("a")
  f:close()
  return lede.test.article(text, SEED)
end

-- Runs one plugin's node filters the way an outlet does.
local function filter(p, a, outlet)
  local t = {}
  for name, fn in pairs(p.nodes) do
    t[name] = function(node) return fn(node, a, outlet) end
  end
  a.body:walk(t)
  return a
end

local MARK = '<span class="external-mark" aria-hidden="true"></span><span class="visually-hidden"> (external link)</span>'
local WEB = lede.test.outlet("web") -- format html, base_url https://example.org
local TEXT = { name = "letter", format = "text", site = WEB.site, config = {} }

-- people ---------------------------------------------------------------------

test("people: the seed article's bold names, then its speakers", function()
  local a = seed()
  lede.test.plugin("people").article(a)
  eq(a.meta.people, { "Ian Klaus", "María González", "Dr. Elham Fakhari", "Paola Arjona" })
end)

test("people: what is and is not a name", function()
  local person = lede.test.plugin("people")._person
  for _, name in ipairs { "Ian Klaus", "María González", "Dr. Elham Fakhari", "Prof. Ada",
    "Ludwig van Beethoven", "J. R. R. Tolkien", "Kim Min-ji", "Seán O'Brien",
    "Ana de la Cruz", "Ms. Li Wei," } do
    ok(person(name), name .. " is a name")
  end
  for _, phrase in ipairs { "a top 20 global city by 2035", "stakeholders are very diverse",
    "Octavi de", "Issue paper 9", "Greater Manchester Combined Authority", "Tehran City Council",
    "NEWS", "Ian", "One Two Three Four Five", "<script>alert(1)</script>", 'Ian "Klaus"',
    "de Gaulle Charles", "Dr.", "" } do
    eq(person(phrase), nil, phrase)
  end
end)

test("people: unique, first form kept, front matter list extended", function()
  local a = article("**Dr. Ana Pérez** spoke. **Ana Pérez** again, and **Li Wei**. " ..
    "**Li  Wei** too. **Breaking News**.\n", "people: [Li Wei, Editor Desk]\n")
  lede.test.plugin("people").article(a)
  eq(a.meta.people, { "Li Wei", "Editor Desk", "Dr. Ana Pérez" })
end)

test("people: options key, speakers, exclude", function()
  local p = lede.test.plugin("people", { key = "names", speakers = false, exclude = { "Klaus" } })
  local a = seed()
  p.article(a)
  eq(a.meta.names, { "María González", "Dr. Elham Fakhari" })
  eq(a.meta.people, nil)
  raises(function() lede.test.plugin("people", { speakers = "yes" }) end, "'speakers' must be true or false")
  raises(function() lede.test.plugin("people", { key = "" }) end, "'key' must be a non-empty string")
end)

-- embed ----------------------------------------------------------------------

local ID = "dQw4w9WgXcQ"

test("embed: a YouTube URL alone in its paragraph becomes a video on html", function()
  local a = filter(lede.test.plugin("embed"), article("Watch this:\n\nhttps://www.youtube.com/watch?v=" .. ID .. "\n"), WEB)
  eq(a:html(), "<p>Watch this:</p>\n" ..
    '<figure class="video"><iframe src="https://www.youtube-nocookie.com/embed/' .. ID ..
    '" title="YouTube video" loading="lazy" allowfullscreen></iframe><figcaption>' ..
    '<a href="https://www.youtube.com/watch?v=' .. ID .. '">https://www.youtube.com/watch?v=' .. ID ..
    "</a></figcaption></figure>\n")
end)

test("embed: extra parameters, start time, every URL form", function()
  local video = lede.test.plugin("embed")._video
  local nocookie = "https://www.youtube-nocookie.com/embed/" .. ID
  eq({ video("https://www.youtube.com/watch?feature=share&v=" .. ID .. "&t=1m30s&list=PL1#x") },
    { "YouTube", nocookie .. "?start=90" })
  eq({ video("https://youtu.be/" .. ID .. "?t=42") }, { "YouTube", nocookie .. "?start=42" })
  eq({ video("https://m.youtube.com/shorts/" .. ID) }, { "YouTube", nocookie })
  eq({ video("http://YouTube.com/embed/" .. ID .. "?start=7") }, { "YouTube", nocookie .. "?start=7" })
  eq({ video("https://www.youtube.com/live/" .. ID .. "?si=abc") }, { "YouTube", nocookie })
  eq({ video("https://vimeo.com/76979871") }, { "Vimeo", "https://player.vimeo.com/video/76979871" })
  eq({ video("https://vimeo.com/76979871/abcdef1234") }, { "Vimeo", "https://player.vimeo.com/video/76979871?h=abcdef1234" })
  eq({ video("https://vimeo.com/channels/staffpicks/76979871#t=1m") },
    { "Vimeo", "https://player.vimeo.com/video/76979871#t=60s" })
  eq({ video("https://player.vimeo.com/video/76979871") }, { "Vimeo", "https://player.vimeo.com/video/76979871" })
end)

test("embed: IDs that are not strictly valid are refused", function()
  local video = lede.test.plugin("embed")._video
  for _, url in ipairs {
    "https://www.youtube.com/watch?v=" .. ID .. '"><script>alert(1)</script>',
    "https://www.youtube.com/watch?v=<script>x</script>",
    "https://www.youtube.com/watch?v=dQw4w9WgXc%22",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQQ",
    "https://youtu.be/" .. ID .. "/../../evil",
    "https://evil.example/watch?v=" .. ID,
    "https://youtube.com.evil.example/watch?v=" .. ID,
    "https://vimeo.com/12ab",
    "javascript:alert(1)//youtu.be/" .. ID,
  } do
    eq(video(url), nil, url)
  end
  -- a bad start time is dropped, the video kept
  eq(select(2, video("https://youtu.be/" .. ID .. "?t=1x")), "https://www.youtube-nocookie.com/embed/" .. ID)
end)

test("embed: a hostile link title and URL are escaped", function()
  local url = "https://www.youtube.com/watch?v=" .. ID .. "&x=%22%3E&y='\""
  local a = filter(lede.test.plugin("embed"),
    article("[" .. url .. "](<" .. url .. "> \"a \\\"quoted\\\" <script>alert(1)</script>\")\n"), WEB)
  local html = a:html()
  contains(html, 'title="a &quot;quoted&quot; &lt;script&gt;alert(1)&lt;/script&gt;"')
  contains(html, "&amp;x=%22%3E&amp;y=&#39;%22")
  eq(html:find("<script", 1, true), nil)
  eq(html:find("'", 1, true), nil)
end)

test("embed: other outlets get Watch: URL; other paragraphs are left alone", function()
  local src = "https://youtu.be/" .. ID .. "\n\nSee https://youtu.be/" .. ID .. "\n\n" ..
    "[a talk](https://youtu.be/" .. ID .. ")\n\nhttps://example.org/video\n"
  local a = filter(lede.test.plugin("embed"), article(src), TEXT)
  eq(a.body.first:text(), "Watch: https://youtu.be/" .. ID)
  eq(a:text { references = false }, "Watch: https://youtu.be/" .. ID .. "\n\n" ..
    "See https://youtu.be/" .. ID .. "\n\na talk <https://youtu.be/" .. ID .. ">\n\n" ..
    "https://example.org/video\n")
  local b = filter(lede.test.plugin("embed", { title = "Video", class = "clip" }), article(src), WEB)
  eq(#b.body:children(), 4)
  eq(b.body.first.type, "RawBlock")
  contains(b.body.first.literal, '<figure class="clip"><iframe src="https://www.youtube-nocookie.com/embed/' .. ID .. '" title="Video"')
  eq(b.body:children()[2].type, "Paragraph")
end)

-- toc ------------------------------------------------------------------------

local TOC_SRC = "Intro.\n\n## Results\n\n### Turnout\n\n## Results\n\n#### Detail\n\n" ..
  "## Fish & \"chips\" <script>alert(1)</script>\n\n# Big\n"

test("toc: a nested list of anchors at the top, duplicates numbered", function()
  local a = article(TOC_SRC)
  lede.test.plugin("toc").transform(a, WEB)
  eq(a:html(), table.concat {
    '<div class="toc">\n<p><strong>Contents</strong></p>\n<ul>\n',
    '<li><a href="#results">Results</a>\n<ul>\n<li><a href="#turnout">Turnout</a></li>\n</ul>\n</li>\n',
    '<li><a href="#results-2">Results</a></li>\n',
    '<li><a href="#fish-chips-alert-1">Fish &amp; &quot;chips&quot; alert(1)</a></li>\n</ul>\n</div>\n',
    "<p>Intro.</p>\n",
    '<h2><a id="results"></a>Results</h2>\n',
    '<h3><a id="turnout"></a>Turnout</h3>\n',
    '<h2><a id="results-2"></a>Results</h2>\n',
    "<h4>Detail</h4>\n",
    -- the <script> tags are raw HTML, dropped; their text stays, escaped
    '<h2><a id="fish-chips-alert-1"></a>Fish &amp; &quot;chips&quot; alert(1)</h2>\n',
    "<h1>Big</h1>\n",
  })
end)

test("toc: options, short articles and text outlets", function()
  local t = lede.test.plugin("toc", { min_level = 1, max_level = 2, min_headings = 5, title = "" })
  local a = article(TOC_SRC)
  t.transform(a, WEB)
  eq(a.body.first.type, "Paragraph") -- 4 headings: fewer than 5
  local b = article(TOC_SRC)
  lede.test.plugin("toc", { min_level = 1, max_level = 1, min_headings = 1, title = "", class = "contents" })
    .transform(b, WEB)
  eq(b.body.first:html(), '<div class="contents">\n<ul>\n<li><a href="#big">Big</a></li>\n</ul>\n</div>\n')
  local c = article(TOC_SRC)
  lede.test.plugin("toc").transform(c, TEXT)
  eq(c.body.first.type, "Paragraph")
  eq(c:html():find("<a id", 1, true), nil)
  local d = article("## One\n\n## Two\n")
  lede.test.plugin("toc").transform(d, WEB)
  eq(d:html(), "<h2>One</h2>\n<h2>Two</h2>\n")
  raises(function() lede.test.plugin("toc", { min_level = 4, max_level = 2 }) end, "deeper than 'max_level'")
  raises(function() lede.test.plugin("toc", { max_level = 7 }) end, "from 1 to 6")
end)

test("toc: a deeper heading first, then a shallower one", function()
  local a = article("### A\n\n## B\n\n### C\n")
  lede.test.plugin("toc", { title = "" }).transform(a, WEB)
  eq(a.body.first:html(), '<div class="toc">\n<ul>\n<li><a href="#a">A</a></li>\n' ..
    '<li><a href="#b">B</a>\n<ul>\n<li><a href="#c">C</a></li>\n</ul>\n</li>\n</ul>\n</div>\n')
end)

-- external_links ---------------------------------------------------------------

test("external_links: external links get rel and class; their markup is kept", function()
  local a = filter(lede.test.plugin("external_links"),
    article("See [the *full* `report`](https://other.org/r?a=1&b=2 \"The \\\"report\\\"\").\n"), WEB)
  eq(a:html(), '<p>See <a href="https://other.org/r?a=1&amp;b=2" title="The &quot;report&quot;" ' ..
    'rel="noopener" class="external">the <em>full</em> <code>report</code>' .. MARK .. '</a>.</p>\n')
end)

test("external_links: own site, relative, mailto and javascript: are left alone", function()
  local src = "[a](https://example.org/x) [b](https://WWW.Example.org:443/y) [c](/en/) [d](#top) " ..
    "[e](mailto:desk@other.org) [f](javascript:alert(1)) [g](https://example.org.evil.com/) " ..
    "[h](https://example.org@evil.com/) [i](//evil.com/p)\n"
  local a = filter(lede.test.plugin("external_links"), article(src), WEB)
  eq(a:html(), '<p><a href="https://example.org/x">a</a> <a href="https://WWW.Example.org:443/y">b</a> ' ..
    '<a href="/en/">c</a> <a href="#top">d</a> <a href="mailto:desk@other.org">e</a> <a href="">f</a> ' ..
    '<a href="https://example.org.evil.com/" rel="noopener" class="external">g' .. MARK .. '</a> ' ..
    '<a href="https://example.org@evil.com/" rel="noopener" class="external">h' .. MARK .. '</a> ' ..
    '<a href="//evil.com/p" rel="noopener" class="external">i' .. MARK .. '</a></p>\n')
end)

test("external_links: hostile URLs and text stay escaped", function()
  local host_of = lede.test.plugin("external_links")._host_of
  eq(host_of("https://evil.example\\@example.org/"), "evil.example")
  eq(host_of("HTTPS://Www.Other.ORG.:8080/x"), "other.org")
  eq(host_of("javascript:alert(1)"), nil)
  eq(host_of("\1\2 //Evil.Example/"), "evil.example")
  eq(host_of("https:\\\\evil.example\\x"), "evil.example")
  eq(host_of("https://ex\tample.org\n/"), "example.org")
  local a = filter(lede.test.plugin("external_links", { rel = "noopener noreferrer", target = "_blank" }),
    article("[<script>alert(1)</script> \"x\" & 'y'](<https://other.org/a\"b'c d>)\n"), WEB)
  local html = a:html()
  eq(html, '<p><a href="https://other.org/a%22b&#39;c%20d" rel="noopener noreferrer" class="external" ' ..
    'target="_blank">alert(1) &quot;x&quot; &amp; &#39;y&#39;' .. MARK .. '</a></p>\n')
  raises(function() lede.test.plugin("external_links", { class = 'x" onclick="y' }) end,
    "the option 'class' must be words")
end)

test("external_links: the arrow is not read out; the words are, in the article's language", function()
  local a = filter(lede.test.plugin("external_links"), article("[Le rapport](https://other.org/)\n", "lang: fr-CA\n"), WEB)
  eq(a:html(), '<p><a href="https://other.org/" rel="noopener" class="external">Le rapport' ..
    '<span class="external-mark" aria-hidden="true"></span><span class="visually-hidden"> (lien externe)</span></a></p>\n')
  a = filter(lede.test.plugin("external_links"), article("[x](https://other.org/)\n", "lang: ja\n"), WEB)
  contains(a:html(), '<span class="visually-hidden"> （外部リンク）</span></a>')
  -- a language without words of its own is told in English
  a = filter(lede.test.plugin("external_links"), article("[x](https://other.org/)\n", "lang: sv\n"), WEB)
  contains(a:html(), '<span class="visually-hidden"> (external link)</span></a>')
  -- the label option, escaped; "" for none
  a = filter(lede.test.plugin("external_links", { label = "<b>off site</b> & away" }), article("[x](https://other.org/)\n"), WEB)
  contains(a:html(), '<span class="visually-hidden"> &lt;b&gt;off site&lt;/b&gt; &amp; away</span></a>')
  a = filter(lede.test.plugin("external_links", { label = "" }), article("[x](https://other.org/)\n"), WEB)
  contains(a:html(), 'x<span class="external-mark" aria-hidden="true"></span></a>')
  raises(function() lede.test.plugin("external_links", { label = "a\nb" }) end, "the option 'label' must be a text")
  raises(function() lede.test.plugin("external_links", { label = 3 }) end, "the option 'label' must be a text")
end)

test("external_links: text outlets are left alone", function()
  local a = filter(lede.test.plugin("external_links"), article("[a](https://other.org/)\n"), TEXT)
  eq(a.body.first.first.type, "Link")
end)

-- editor_notes (the Pandoc-style filter) -----------------------------------------

test("editor_notes: labelled paragraphs become notes", function()
  local a = article("**Correction:** The figure was *12*, not 21.\n\n**Update**: More.\n\n" ..
    "> **Editor’s note:** Quoted.\n\n**Ian Klaus** said.\n\n**Update** without a colon.\n")
  a.body:walk(lede.test.plugin("editor_notes").nodes)
  eq(a:html(), table.concat {
    '<div class="note correction">\n<p><strong>Correction:</strong> The figure was <em>12</em>, not 21.</p>\n</div>\n',
    '<div class="note update">\n<p><strong>Update</strong>: More.</p>\n</div>\n',
    '<blockquote>\n<div class="note editors-note">\n<p><strong>Editor’s note:</strong> Quoted.</p>\n</div>\n</blockquote>\n',
    "<p><strong>Ian Klaus</strong> said.</p>\n",
    "<p><strong>Update</strong> without a colon.</p>\n",
  })
  eq(a:text(), "Correction: The figure was 12, not 21.\n\nUpdate: More.\n\n> Editor’s note: Quoted.\n\n" ..
    "Ian Klaus said.\n\nUpdate without a colon.\n")
end)

test("editor_notes: labels and class options", function()
  local p = lede.test.plugin("editor_notes", { class = "box", labels = { ["Rectificatif"] = "fix" } })
  local a = article("**Rectificatif :** oui.\n\n**Correction:** no longer a label.\n")
  a.body:walk(p.nodes)
  eq(a.body.first.type, "Div")
  eq(a.body.first.class, "box fix")
  eq(a.body.last.type, "Paragraph")
  raises(function() lede.test.plugin("editor_notes", { labels = { Update = "<b>" } }) end,
    "the class of label 'Update' must be one word")
end)
