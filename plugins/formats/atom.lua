-- plugins/formats/atom.lua: the atom format, an Atom 1.0 feed (RFC 4287) of
-- the outlet's articles. A collection-only format: no render hook, so the
-- outlet's plain `path` (feed.atom) receives the index output.
-- Copy this file to your site's plugins/formats/atom.lua to change it.

local x = lede.xml.escape

local feed = lede.require("feed")
local news = lede.require("news")
local media = lede.require("media")
local absolute = feed.absolute
local t = feed.text

-- An entry's `updated` is its front matter `updated:` (or latest
-- correction) when it has one, so a correction moves it up in readers
-- without changing its publication date; never before its publication.
local updated_of = news.latest

local function person(out, indent, name)
  out[#out + 1] = indent .. "<author><name>" .. x(t(name)) .. "</name></author>"
end

local function entry(out, a, site)
  local url = absolute(site, a.url)
  local lang = a.lang ~= site.language and (' xml:lang="' .. x(news.language(a.lang)) .. '"') or ""
  out[#out + 1] = "  <entry" .. lang .. ">"
  -- Front matter `id:` keeps an entry's identity when its URL changes.
  local id = type(a.meta.id) == "string" and a.meta.id or url
  out[#out + 1] = "    <id>" .. x(id) .. "</id>"
  out[#out + 1] = '    <title type="text">' .. x(t(a.title)) .. "</title>"
  out[#out + 1] = "    <updated>" .. updated_of(a):rfc3339() .. "</updated>"
  -- (a story under embargo was published when it lifted: news.published)
  out[#out + 1] = "    <published>" .. news.published(a):rfc3339() .. "</published>"
  out[#out + 1] = '    <link rel="alternate" type="text/html" href="' .. x(url) .. '"/>'
  local img = media.enclosure(a, site)
  if img then
    out[#out + 1] = '    <link rel="enclosure" href="' .. x(img.url) .. '"' ..
      (img.type and (' type="' .. x(img.type) .. '"') or "") ..
      (img.bytes and (' length="' .. img.bytes .. '"') or "") .. "/>"
  end
  for _, name in ipairs(a.authors) do person(out, "    ", name) end
  for _, tag in ipairs(a.tags) do
    out[#out + 1] = '    <category term="' .. x(t(tag)) .. '"/>'
  end
  if (a.summary or "") ~= "" then
    out[#out + 1] = '    <summary type="text">' .. x(t(a.summary)) .. "</summary>"
  end
  out[#out + 1] = '    <content type="html" xml:base="' .. x(url) .. '">' .. x(a.fragment or "") .. "</content>"
  out[#out + 1] = "  </entry>"
end

return {
  -- What its files hold: lede.yaml cannot name them as HTML pages.
  media_type = "application/atom+xml",
  -- The entry's content, made while the article is there (feed.lua).
  -- (xml:base resolves its relative links: they are kept as written; the
  -- site's images are their renditions, feed.site_images).
  fragment = function(a, outlet)
    feed.site_images(a, outlet.site)
    return a:html()
  end,

  index = function(list, outlet, page)
    local site = outlet.site
    feed.check_base_url(outlet)
    local self_url = absolute(site, page.url)
    -- The pages of a feed split by per_page are one feed (RFC 5005):
    -- one id, the first page's; each page is its own `self`.
    local id = absolute(site, feed.page_path(page, 1))
    local home = absolute(site, "")
    -- The feed changes when its newest entry does; an empty feed is as
    -- new as the build.
    local updated = nil
    for _, a in ipairs(list) do
      local u = updated_of(a)
      if not updated or updated < u then updated = u end
    end
    updated = updated or site.now
    local title = site.title ~= "" and site.title or outlet.name
    local out = {
      '<?xml version="1.0" encoding="utf-8"?>',
      '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="' .. x(news.language(site.language)) .. '">',
      "  <id>" .. x(id) .. "</id>",
      '  <title type="text">' .. x(t(title)) .. "</title>",
    }
    if (site.description or "") ~= "" then
      out[#out + 1] = '  <subtitle type="text">' .. x(t(site.description)) .. "</subtitle>"
    end
    out[#out + 1] = "  <updated>" .. updated:rfc3339() .. "</updated>"
    out[#out + 1] = '  <link rel="self" type="application/atom+xml" href="' .. x(self_url) .. '"/>'
    out[#out + 1] = '  <link rel="alternate" type="text/html" href="' .. x(home) .. '"/>'
    -- (first, previous, next, last: a paged feed's pages, RFC 5005)
    feed.page_links(out, site, page, "link", "  ", "application/atom+xml")
    -- RFC 4287 wants an author on every entry; the feed's own covers
    -- the articles that name none. A blank site.author is none (an
    -- empty atom:name is no name).
    local author = type(site.author) == "string" and site.author:match("%S") and site.author
    person(out, "  ", author or title)
    out[#out + 1] = '  <generator version="' .. x(site.generator or "") .. '">lede</generator>'
    for _, a in ipairs(list) do entry(out, a, site) end
    out[#out + 1] = "</feed>"
    return table.concat(out, "\n") .. "\n"
  end,
}
