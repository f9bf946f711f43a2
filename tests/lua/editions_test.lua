-- lede.test.render finds the site's editions as a build does (the
-- content folder of tests/lua/site holds a story and its French edition).

test("a page rendered in a test links to its editions", function()
  local html = lede.test.render(lede.test.file("content/budget.md"), "web")
  contains(html, '<link rel="alternate" hreflang="fr" href="https://example.org/fr/news/budget/">')
  contains(html, 'Français')
  local fr = lede.test.render(lede.test.file("content/fr/budget.md"), "web")
  contains(fr, '<link rel="alternate" hreflang="en" href="https://example.org/en/news/budget/">')
end)

test("lede.test.article given a content file's path has its editions", function()
  local a = lede.test.article("---\ntitle: Budget\ndate: 2026-03-02\nsection: news\n---\nText.\n",
                              "content/budget.md")
  contains(lede.test.render(a, "web"), 'hreflang="fr"')
end)

test("an article made from a string has no editions", function()
  local html = lede.test.render(lede.test.article("---\ntitle: Alone\ndate: 2026-03-02\n---\nText.\n"), "web")
  ok(not html:find("hreflang", 1, true))
end)
