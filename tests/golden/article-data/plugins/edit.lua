-- Changes every kind of article data in the article hook.
return {
  article = function(a)
    if a.meta.bad then
      a.meta.callback = function() return "<script>" end
      return
    end
    if a.meta.badtags then
      a.tags = { "ok", { nested = true } }
      return
    end
    table.insert(a.links, { url = "https://added.example/", text = "added", kind = "plugin" })
    a.links[1].text = "renamed"
    if a.quotes[1] then a.quotes[1].speaker = "Edited Speaker" end
    a.tags[#a.tags + 1] = "added-tag"
    a.tags[#a.tags + 1] = 42
    a.authors = { "Someone Else" }
    local meta = a.meta
    meta.counter = { n = 1, list = { "x", "y" }, when = lede.date.parse("2026-02-03") }
    meta.empty = {}
  end,
}
