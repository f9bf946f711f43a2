-- a missing "end"
return {
  article = function(a)
    if a.title then
      a.title = a.title:upper()
  end,
}
