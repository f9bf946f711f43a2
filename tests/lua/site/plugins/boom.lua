-- Raises for articles that ask for it (tests/lua/hooks_test.lua).
return {
  transform = function(a)
    if a.meta.boom then
      local t = nil
      return t.field
    end
  end,
}
