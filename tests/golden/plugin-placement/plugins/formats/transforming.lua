-- A format with a transform hook, which only plugins have.
return {
  render = function(a) return a.title end,
  transform = function(a) a.title = "never" end,
}
