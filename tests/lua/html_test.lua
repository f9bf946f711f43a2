-- The html format's article and index pages in the page's language: the
-- updated date, the byline's list, the footnotes' label and the
-- pagination (the bundled templates; a11y golden for the whole pages).

local html = lede.test.plugin("formats/html")

local function page(fm, body, lang)
  local a = lede.test.article("---\ntitle: T\ndate: 2020-07-24T10:00:00Z\n" ..
    (lang and ("lang: " .. lang .. "\n") or "") .. fm .. "---\n" .. (body or "x\n"))
  a.url = "t/"
  return html.render(a, lede.test.outlet("web"))
end

test("html: an updated article says so under its title, in its language", function()
  local p = page("updated: 2020-07-25T08:00:00Z\n")
  contains(p, '<time class="date" datetime="2020-07-24T10:00:00Z">Friday 24 July 2020</time> · ' ..
    '<span class="updated">Updated <time datetime="2020-07-25T08:00:00Z">Saturday 25 July 2020</time></span>')
  p = page("updated: 2020-07-25T08:00:00Z\n", nil, "fr")
  contains(p, '<span class="updated">Mis à jour <time datetime="2020-07-25T08:00:00Z">samedi 25 juillet 2020</time></span>')
  -- a correction is an update too
  p = page("corrections:\n  - {date: 2020-07-26, text: Fixed}\n")
  contains(p, '<span class="updated">Updated <time datetime="2020-07-26">Sunday 26 July 2020</time></span>')
  -- none, or not after the date the page shows (a change made under
  -- embargo is part of the version released): no line
  -- an update the same day: its time, not the same date again
  p = page("updated: 2020-07-24T14:32:00+02:00\n")
  contains(p, '<span class="updated">Updated <time datetime="2020-07-24T14:32:00+02:00">14:32 +02:00</time></span>')
  contains(page("updated: 2020-07-24T18:05:00Z\n", nil, "fr"),
    '<span class="updated">Mis à jour <time datetime="2020-07-24T18:05:00Z">18:05 UTC</time></span>')
  eq(page(""):find('class="updated"', 1, true), nil)
  eq(page("updated: 2020-07-25T08:00:00Z\nembargo: 2020-07-26T00:00:00Z\n"):find('class="updated"', 1, true), nil)
end)

test("html: the byline joins its names as the page's language does", function()
  contains(page("authors: [Ann]\n"), "By <bdi>Ann</bdi></span>")
  contains(page("authors: [Ann, Bo]\n"), "By <bdi>Ann</bdi> and <bdi>Bo</bdi></span>")
  contains(page("authors: [Ann, Bo, Cy]\n"), "By <bdi>Ann</bdi>, <bdi>Bo</bdi> and <bdi>Cy</bdi></span>")
  contains(page("authors: [Ann, Bo, Cy]\n", nil, "fr"), "Par <bdi>Ann</bdi>, <bdi>Bo</bdi> et <bdi>Cy</bdi></span>")
  contains(page("authors: [Ann, Bo, Cy]\n", nil, "es"), "Por <bdi>Ann</bdi>, <bdi>Bo</bdi> y <bdi>Cy</bdi></span>")
  contains(page("authors: [Ann, Bo, Cy]\n", nil, "de"), "Von <bdi>Ann</bdi>, <bdi>Bo</bdi> und <bdi>Cy</bdi></span>")
  contains(page("authors: [Ann, Bo, Cy]\n", nil, "zh"), "<bdi>Ann</bdi>、<bdi>Bo</bdi>和<bdi>Cy</bdi></span>")
  contains(page("authors: [Ann, Bo, Cy]\n", nil, "ar"), "<bdi>Ann</bdi> و<bdi>Bo</bdi> و<bdi>Cy</bdi></span>")
  -- Spanish "e" before the sound /i/, Hebrew "ו-" before a name not in Hebrew letters
  contains(page("authors: [Ana, Isabel]\n", nil, "es"), "<bdi>Ana</bdi> e <bdi>Isabel</bdi>")
  contains(page("authors: [Ana, Hilda, Íñigo]\n", nil, "es"), "<bdi>Hilda</bdi> e <bdi>Íñigo</bdi>")
  contains(page("authors: [Ana, Hiedra]\n", nil, "es"), "<bdi>Ana</bdi> y <bdi>Hiedra</bdi>")
  contains(page("authors: [Ana, Yolanda]\n", nil, "es"), "<bdi>Ana</bdi> y <bdi>Yolanda</bdi>")
  contains(page("authors: [דנה לוי, Ann Lee]\n", nil, "he"), "<bdi>דנה לוי</bdi> ו-<bdi>Ann Lee</bdi>")
  contains(page("authors: [Ann Lee, דנה לוי]\n", nil, "he"), "<bdi>Ann Lee</bdi> ו<bdi>דנה לוי</bdi>")
  -- every language of the labels has its list words
  for _, lang in ipairs({ "en", "fr", "es", "de", "it", "pt", "nl", "ru", "pl", "tr", "ar", "he", "hi", "zh",
      "ja", "ko" }) do
    local p = page("authors: [Ann, Bo, Cy]\n", nil, lang)
    local seps = {}
    for s in p:gmatch("</bdi>(.-)<bdi>") do seps[#seps + 1] = s end
    eq(#seps, 2)
    assert(seps[2] ~= ", ", lang .. ": the last name is joined by the language's 'and'")
  end
  -- the names as one text, for older templates
  local a = lede.test.article("---\ntitle: T\ndate: 2020-07-24\nlang: fr\nauthors: [Ann, Bo]\n---\nx\n")
  a.url = "t/"
  local o = lede.test.outlet("web")
  o.template = "{{authors}}|{{#author_list}}[{{sep}}]{{/author_list}}"
  eq(html.render(a, o), "Ann et Bo|[][ et ]")
end)

test("html: the footnotes are a section labelled in the page's language", function()
  local body = "A claim.[^1]\n\n[^1]: A source.\n"
  contains(page("", body), '<section class="footnotes" data-footnotes aria-label="Notes">')
  contains(page("", body, "es"), '<section class="footnotes" data-footnotes aria-label="Notas">')
  -- a:html() without the option keeps cmark-gfm's markup
  local a = lede.test.article("---\ntitle: T\ndate: 2020-07-24\n---\n" .. body)
  contains(a:html(), '<section class="footnotes" data-footnotes>\n')
  contains(a:html { notes = "N & \"x\"" }, '<section class="footnotes" data-footnotes aria-label="N &amp; &quot;x&quot;">')
  raises(function() a:html { notes = 3 } end, "a:html(): notes is a label: string expected, got number")
end)

local function index(lang, number, total)
  local o = lede.test.outlet("web")
  o.site = setmetatable({ language = lang }, { __index = o.site })
  local pg = { number = number, total = total, url = number == 1 and "index.html" or ("page/" .. number .. "/"),
    prev_url = number > 1 and "index.html" or nil, next_url = number < total and "page/9/" or nil }
  return html.index({}, o, pg)
end

test("html: the pagination is a labelled nav that says which page this is", function()
  local p = index("en", 2, 50)
  contains(p, '<nav class="pagination" aria-label="Pagination">')
  contains(p, '<a rel="prev" href="../../index.html">Newer</a>')
  contains(p, '<span aria-current="page">Page 2 of 50</span>')
  contains(p, '<a rel="next" href="../../page/9/index.html">Older</a>')
  p = index("fr", 2, 50)
  contains(p, '<nav class="pagination" aria-label="Pagination">')
  contains(p, '<span aria-current="page">Page 2 sur 50</span>')
  contains(p, "<title>Test site — Page 2</title>")
  contains(index("de", 3, 4), '<nav class="pagination" aria-label="Seitennavigation">')
  contains(index("zh", 2, 50), '<span aria-current="page">第 2 页，共 50 页</span>')
  contains(index("zh", 2, 50), "— 第 2 页</title>")
  contains(index("ja", 2, 50), '<span aria-current="page">50 ページ中 2 ページ</span>')
  -- one page: no nav
  eq(index("en", 1, 1):find("pagination", 1, true), nil)
end)

test("html and text: a correction made under embargo is part of the version released", function()
  local fm = "embargo: 2020-07-26T00:00:00Z\ncorrections:\n" ..
    "  - {date: 2020-07-25T10:00:00Z, text: Before the release}\n" ..
    "  - {date: 2020-07-27T10:00:00Z, text: After it}\n"
  local p = page(fm)
  contains(p, "After it")
  eq(p:find("Before the release", 1, true), nil)
  local a = lede.test.article("---\ntitle: T\ndate: 2020-07-24T10:00:00Z\n" .. fm .. "---\nx\n")
  a.url = "t/"
  local text = lede.test.plugin("formats/text").render(a, lede.test.outlet("web"))
  contains(text, "After it")
  eq(text:find("Before the release", 1, true), nil)
end)
