-- Keeps what one article's hook was given, and uses it in the next one.
local tries = {
  stash = function(a) kept_meta = a.meta end,
  stashed = function(a) kept_meta.checked = function() return "<script>" end end,
  keep_article = function(a) kept_article = a end,
  other_article = function(a) kept_article.title = "changed by another article's hook" end,
  keep_body = function(a) kept_body = a.body end,
  other_body = function(a)
    kept_body:append(lede.node.Paragraph({ lede.node.Text("changed by another article's hook") }))
  end,
}
return {
  parallel = false,
  article = function(a)
    local f = tries[a.meta.try]
    if f then f(a) end
  end,
}
