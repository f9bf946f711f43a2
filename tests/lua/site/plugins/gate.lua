-- filter: false keeps an article out of the outlet.
return {
  filter = function(a, outlet)
    return not a.meta.hidden
  end,
}
