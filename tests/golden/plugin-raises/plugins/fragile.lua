-- Breaks on one article only: the others must still publish.
return {
  article = function(a)
    if a.meta.trouble then
      local info = a.meta.missing
      return info.field -- attempt to index a nil value
    end
  end,
  transform = function(a)
    if a.meta.later_trouble then
      error("cannot transform " .. a.slug)
    end
  end,
}
