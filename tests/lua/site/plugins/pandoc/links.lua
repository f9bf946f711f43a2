-- Ported from Pandoc (links to Markdown files point to their HTML; links
-- out get a class):
--   function Link(el)
--     el.target = el.target:gsub("%.md$", ".html")
--     if el.target:match("^https?:") then el.classes:insert("external") end
--     return el
--   end
return {
  nodes = {
    Link = function(link)
      link.url = link.url:gsub("%.md$", ".html")
      if link.url:match("^https?:") then link.classes:insert("external") end
      return link
    end,
  },
}
