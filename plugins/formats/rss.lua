-- plugins/formats/rss.lua: the rss format, an RSS 2.0 feed of the outlet's
-- articles with full content (content:encoded) and authors (dc:creator).
-- A collection-only format: no render hook, so the outlet's plain `path`
-- (feed.rss) receives the index output. Copy it to your site to change it.

local x = lede.xml.escape
local h = lede.html.escape
local feed = lede.require("feed")
local news = lede.require("news")
local media = lede.require("media")
local absolute = feed.absolute
local t = feed.text

local function item(out, a, site)
  local url = absolute(site, a.url)
  out[#out + 1] = "    <item>"
  out[#out + 1] = "      <title>" .. x(t(a.title)) .. "</title>"
  out[#out + 1] = "      <link>" .. x(url) .. "</link>"
  -- Front matter `id:` keeps an item's identity when its URL changes; it
  -- is then not a link.
  if type(a.meta.id) == "string" then
    out[#out + 1] = '      <guid isPermaLink="false">' .. x(a.meta.id) .. "</guid>"
  else
    out[#out + 1] = '      <guid isPermaLink="true">' .. x(url) .. "</guid>"
  end
  -- (a story under embargo was published when it lifted: news.published)
  out[#out + 1] = "      <pubDate>" .. news.published(a):rfc822() .. "</pubDate>"
  -- <author> must be an e-mail address; names go in dc:creator.
  for _, name in ipairs(a.authors) do
    out[#out + 1] = "      <dc:creator>" .. x(t(name)) .. "</dc:creator>"
  end
  for _, tag in ipairs(a.tags) do
    out[#out + 1] = "      <category>" .. x(t(tag)) .. "</category>"
  end
  -- A description is HTML (readers render it): the summary is text, so
  -- it is escaped for HTML, then for XML ("1 < 2" stays text, and an
  -- <img onerror=...> in a summary never becomes markup).
  if (a.summary or "") ~= "" then
    out[#out + 1] = "      <description>" .. x(h(a.summary)) .. "</description>"
  end
  -- Escaped rather than CDATA: one rule for every string, and the XML
  -- escaper already drops the characters XML cannot hold.
  out[#out + 1] = "      <content:encoded>" .. x(a.fragment or "") .. "</content:encoded>"
  -- The lead image: its largest rendition (RSS allows one enclosure).
  local img = media.enclosure(a, site)
  if img then
    out[#out + 1] = '      <enclosure url="' .. x(img.url) .. '" length="' .. (img.bytes or 0) ..
      '" type="' .. x(img.type or "image/jpeg") .. '"/>'
  end
  out[#out + 1] = "    </item>"
end

return {
  -- What its files hold: lede.yaml cannot name them as HTML pages.
  media_type = "application/rss+xml",
  -- The entry's content, made while the article is there (feed.lua).
  fragment = function(a, outlet) return feed.content(a, outlet) end,

  index = function(list, outlet, page)
    local site = outlet.site
    feed.check_base_url(outlet)
    local newest = nil
    for _, a in ipairs(list) do
      local p = news.published(a)
      if not newest or newest < p then newest = p end
    end
    local title = site.title ~= "" and site.title or outlet.name
    local description = (site.description or "") ~= "" and site.description or title
    local out = {
      '<?xml version="1.0" encoding="utf-8"?>',
      '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"'
        .. ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        .. ' xmlns:dc="http://purl.org/dc/elements/1.1/">',
      "  <channel>",
      "    <title>" .. x(t(title)) .. "</title>",
      "    <link>" .. x(absolute(site, "")) .. "</link>",
      "    <description>" .. x(h(description)) .. "</description>",
      "    <language>" .. x(news.language(site.language)) .. "</language>",
      -- The feed changes when its newest item does; an empty feed is as
      -- new as the build.
      "    <lastBuildDate>" .. (newest or site.now):rfc822() .. "</lastBuildDate>",
      "    <generator>lede " .. x(site.generator or "") .. "</generator>",
      '    <atom:link rel="self" type="application/rss+xml" href="'
        .. x(absolute(site, page.url)) .. '"/>',
    }
    -- A feed split by per_page names its other pages (RFC 5005, with
    -- atom:link as RSS has no element of its own for them).
    feed.page_links(out, site, page, "atom:link", "    ", "application/rss+xml")
    for _, a in ipairs(list) do item(out, a, site) end
    out[#out + 1] = "  </channel>"
    out[#out + 1] = "</rss>"
    return table.concat(out, "\n") .. "\n"
  end,
}
