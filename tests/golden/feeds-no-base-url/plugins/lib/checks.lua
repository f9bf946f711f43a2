-- A library check about the plugin that calls it: level 2 names the
-- plugin's line, not this one.
return {
  desk = function(a)
    if not a.meta.desk then lede.log.warn("no desk: the article is nobody's", 2) end
  end,
}
