-- Ported from Pandoc (headers get a class, an id from their text, and
-- shift down one level):
--   function Header(el)
--     el.classes:insert("section-title")
--     if el.identifier == "" then el.identifier = pandoc.utils.stringify(el):lower():gsub("%W+", "-") end
--     return pandoc.Header(math.min(el.level + 1, 6), el.content, el.attr)
--   end
return {
  nodes = {
    Heading = function(h)
      h.classes:insert("section-title")
      if not h.id or h.id == "" then h.id = (h:text():lower():gsub("%W+", "-")) end
      return lede.node.Heading(math.min(h.level + 1, 6), h:children(),
        { id = h.id, classes = h.classes, attributes = h.attributes })
    end,
  },
}
