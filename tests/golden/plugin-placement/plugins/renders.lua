-- A render hook in a plugin that is not a format.
return {
  transform = function(a) end,
  render = function(a) return a.title end,
}
