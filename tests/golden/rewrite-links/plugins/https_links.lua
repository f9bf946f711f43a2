-- Rewrites http:// links to https://, marks external links, and counts
-- them into the article's meta for the template.
local host = "links.example"
return {
  nodes = {
    Link = function(link, a)
      link.url = link.url:gsub("^http://", "https://")
      if link.url:match("^https?://") and not link.url:find(host, 1, true) then
        a.meta.external = (a.meta.external or 0) + 1
        return lede.node.Span("external", { link })
      end
    end,
  },
}
