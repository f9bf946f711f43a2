-- tests/site_test.lua: the sample site's own plugin tests, what `lede test`
-- runs in this folder (the engine's tests are in tests/lua/ and run
-- against tests/lua/site: `lede test -C tests/lua/site tests/lua/*_test.lua`).
local seed = "content/2020-07-24-international-action.md"

test("reading_time puts the minutes in a.meta", function()
  local a = lede.test.file(seed)
  lede.test.plugin("reading_time").article(a)
  ok(math.type(a.meta.reading_time) == "integer" and a.meta.reading_time >= 1)
  eq(a.meta.reading_time_text, a.meta.reading_time .. " min read")
end)

test("the newsletter adds campaign parameters to links that leave the site", function()
  local a = lede.test.article([[
---
title: A story
date: 2020-07-24
tags: [newsletter]
---

See [the report](https://example.org/report) and [our page](https://news.example.org/en/).
]], "content/story.md")
  local text = lede.test.render(a, "newsletter")
  contains(text, "https://example.org/report?utm_source=newsletter&utm_medium=email&utm_campaign=newsletter")
  contains(text, "https://news.example.org/en/\n")
end)

test("the web edition gives the seed article its page", function()
  local html, url = lede.test.render(lede.test.file(seed), "web")
  eq(url, "en/news/international-action/")
  contains(html, "International action as a public policy")
end)
