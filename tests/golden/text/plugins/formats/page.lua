-- A stand-in for the html format, so this test does not change when the
-- html templates do: the `web` outlet only has to exist for link_to.
return {
  render = function(a, outlet) return a.title .. "\n" end,
}
