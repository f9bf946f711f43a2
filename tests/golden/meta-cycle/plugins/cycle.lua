return {
  article = function(a)
    if a.slug == "loop" then
      local t = {}
      t.self = t
      a.meta.loop = t
    end
  end,
}
