-- transfrom is not a hook; summay is not a field
return {
  transfrom = function(a) end,
  article = function(a)
    a.meta.s = a.summay
    lede.slug({})
  end,
}
