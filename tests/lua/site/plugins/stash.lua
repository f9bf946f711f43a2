-- Keeps the outlet copy past its life, to test use after release.
return {
  transform = function(a)
    _G.stashed = a
    _G.stashed_body = a.body
  end,
}
