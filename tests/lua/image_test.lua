-- lede.image: the lead image from the front matter, image paths, and the
-- errors a bad image: value gives (renditions: tests/unit/test_image.c and
-- the images golden).
local function article(fm)
  return lede.test.article("---\ntitle: P\ndate: 2020-01-01\n" .. fm .. "\n---\nBody.\n")
end

test("lead: the front matter's image, its site path", function()
  local lead = lede.image.lead(article("image: {src: photos/a.jpg, alt: A harbour, caption: At dawn, credit: AFP}"))
  eq(lead.src, "photos/a.jpg")
  eq(lead.file, "photos/a.jpg")
  eq(lead.alt, "A harbour")
  eq(lead.caption, "At dawn")
  eq(lead.credit, "AFP")
  eq(lede.image.lead(article("tags: [x]")), nil)
  local url = lede.image.lead(article("image: {src: 'https://cdn.example.org/a.jpg', alt: x}"))
  eq(url.src, "https://cdn.example.org/a.jpg")
  eq(url.file, nil)
end)

test("lead: a bad image raises at its line", function()
  raises(function() lede.image.lead(article("image: {alt: no source}")) end,
    "test.md:4:8: error: the image needs 'src'")
  raises(function() lede.image.lead(article("image: [a, b]")) end,
    "'image' must be a mapping {src, alt, caption, credit} or a path")
  raises(function() lede.image.lead(article("image: {src: a.jpg, alt: [x]}")) end,
    "the image's 'alt' must be text")
  raises(function() lede.image.lead(article("image: {src: ../../etc/passwd, alt: x}")) end,
    "the image's 'src' leaves the site folder")
  -- a script or data URL would reach src, og:image and the feeds as it is
  for _, u in ipairs({ "javascript:alert(1)", "JavaScript:alert(1)", "data:image/svg+xml,<svg onload=x>",
      "vbscript:x", "ftp://example.org/a.jpg" }) do
    raises(function() lede.image.lead(article("image: {src: '" .. u .. "', alt: x}")) end,
      "test.md:4:14: error: the image's 'src' must be a file in the site or an http(s) URL")
  end
  -- a space or a quote in a URL: no URI in og:image, JSON-LD or the feeds
  for _, u in ipairs({ "https://cdn.example.org/a b.jpg", 'https://x.org/a"b.jpg', "https://x.org/<a>.jpg" }) do
    raises(function() lede.image.lead(article("image: {src: '" .. u .. "', alt: x}")) end,
      "test.md:4:14: error: the image's URL holds a space or one of")
  end
  eq(lede.image.lead(article("image: {src: 'https://cdn.example.org/a%20b.jpg', alt: x}")).src,
    "https://cdn.example.org/a%20b.jpg")
  eq(lede.image.lead(article("image: {src: 'HTTPS://cdn.example.org/a.jpg', alt: x}")).src,
    "HTTPS://cdn.example.org/a.jpg")
  eq(lede.image.lead(article("image: {src: '//cdn.example.org/a.jpg', alt: x}")).src,
    "//cdn.example.org/a.jpg")
end)

test("source: local paths from the article, nil for URLs", function()
  local a = article("")
  eq(lede.image.source(a, "photos/x.png"), "photos/x.png")
  eq(lede.image.source(a, "./x.png"), "x.png")
  eq(lede.image.source(a, "/static/x.png"), "static/x.png")
  eq(lede.image.source(a, "https://example.org/x.jpg"), nil)
  eq(lede.image.source(a, "//example.org/x.jpg"), nil)
  eq(lede.image.source(a, "data:image/png;base64,AAAA"), nil)
  eq(lede.image.source(a, "../x.png"), nil)
end)

test("renditions: a missing file or a path outside the site raises", function()
  raises(function() lede.image.renditions("no/such.jpg") end, "no/such.jpg: no such image in the site folder")
  raises(function() lede.image.renditions("../x.jpg") end, "is not inside the site folder")
  raises(function() lede.image.renditions("x.jpg", { formats = { "gif" } }) end, "formats: webp or jpeg")
end)

test("the html format without a base URL: no og:image, not the lead image's table", function()
  local a = lede.test.article("---\ntitle: P\ndate: 2020-01-01\n" ..
    "image: {src: photos/lead.svg, alt: A chart}\n---\nBody.\n")
  a.url = "p/"
  local o = lede.test.outlet("web")
  o.site.base_url = ""
  local page = lede.test.plugin("formats/html").render(a, o)
  contains(page, '<img src="') -- the lead image is on the page...
  -- ...but with no absolute URL for it, {{#image}} in {{#social}} found
  -- the page's own image table: content="table: 0x55..."
  ok(not page:find("og:image", 1, true), "no og:image without a base URL")
  o.site.base_url = "https://example.org"
  contains(lede.test.plugin("formats/html").render(a, o), '<meta property="og:image" content="https://example.org/')
end)

test("lede.html.alt: quotation marks alone are an image's alt said empty on purpose", function()
  for _, s in ipairs({ '""', "''", "“”", "«  »", "„“", "‘’", "「」", "\" \"", "« »" }) do
    local alt, decorative = lede.html.alt(s)
    eq(alt, "")
    eq(decorative, true)
  end
  for _, s in ipairs({ "", "\"Hi\"", "A map", "“x”", "-", "\xff\"" }) do
    local alt, decorative = lede.html.alt(s)
    eq(alt, s)
    eq(decorative, false)
  end
  -- the renderer writes it as an empty alt, the text format as nothing
  local a = lede.test.article("---\ntitle: T\ndate: 2020-07-24\n---\nA rule: ![\"\"](https://x.org/r.png) " ..
    "![“”](https://x.org/s.png) ![\"Hi\"](https://x.org/h.png)\n")
  eq(a:html(), '<p>A rule: <img src="https://x.org/r.png" alt=""> <img src="https://x.org/s.png" alt=""> ' ..
    '<img src="https://x.org/h.png" alt="&quot;Hi&quot;"></p>\n')
  eq(a:text { width = 0 }, 'A rule: [image: "Hi"] [1]\n\n[1] https://x.org/h.png\n')
end)
