-- Meant to hold back embargoed stories, but listed under an outlet.
return {
  article = function(a) if a.meta.embargo then return false end end,
}
