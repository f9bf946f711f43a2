-- plugins/formats/sitemap.lua: the sitemap format, an XML sitemap
-- (sitemaps.org 0.9) of the outlet's articles for search engines. A
-- collection-only format: no render hook, so the outlet's plain `path`
-- (sitemap.xml) receives the index output. With `link_to: web` the
-- entries are the web pages. Its `options:`
--   news: PATH      also write a Google News sitemap there: the articles
--                   of the last two days before the build time (site.now),
--                   a story under embargo counted from its release
--   robots: true    also write robots.txt, allowing everything and naming
--                   the sitemaps (default true; false leaves robots.txt
--                   to the site's static/ folder)
--   publication:    the publication name in the news sitemap (default
--                   site.title)
-- Copy this file to your site's plugins/formats/sitemap.lua to change it.

local x = lede.xml.escape
local feed = lede.require("feed")
local news = lede.require("news")
local absolute = feed.absolute

local TWO_DAYS = 2 * 86400

local function lastmod(a)
  return (news.modified(a) or a.date):rfc3339()
end

local function urlset(list, site)
  local out = {
    '<?xml version="1.0" encoding="utf-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
  }
  for _, a in ipairs(list) do
    out[#out + 1] = "  <url>"
    out[#out + 1] = "    <loc>" .. x(absolute(site, a.url)) .. "</loc>"
    out[#out + 1] = "    <lastmod>" .. lastmod(a) .. "</lastmod>"
    out[#out + 1] = "  </url>"
  end
  out[#out + 1] = "</urlset>"
  return table.concat(out, "\n") .. "\n"
end

-- Google News wants only recent articles (two days) with their
-- publication's name and language.
local function news_urlset(list, site, name)
  local out = {
    '<?xml version="1.0" encoding="utf-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
      .. ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">',
  }
  local now = site.now:epoch()
  for _, a in ipairs(list) do
    local published = news.published(a)
    local age = now - published:epoch()
    if age >= 0 and age <= TWO_DAYS then
      out[#out + 1] = "  <url>"
      out[#out + 1] = "    <loc>" .. x(absolute(site, a.url)) .. "</loc>"
      out[#out + 1] = "    <news:news>"
      out[#out + 1] = "      <news:publication>"
      out[#out + 1] = "        <news:name>" .. x(name) .. "</news:name>"
      out[#out + 1] = "        <news:language>" .. x(news.language(a.lang)) .. "</news:language>"
      out[#out + 1] = "      </news:publication>"
      out[#out + 1] = "      <news:publication_date>" .. published:rfc3339() .. "</news:publication_date>"
      out[#out + 1] = "      <news:title>" .. x(a.title) .. "</news:title>"
      out[#out + 1] = "    </news:news>"
      out[#out + 1] = "  </url>"
    end
  end
  out[#out + 1] = "</urlset>"
  return table.concat(out, "\n") .. "\n"
end

return {
  index = function(list, outlet, page)
    local site = outlet.site
    if (site.base_url or "") == "" then
      lede.log.warn("outlet '" .. outlet.name .. "': site.base_url is empty, so the sitemap's URLs are not absolute")
    end
    local opts = outlet.config.options or {}
    local maps = { page.url }
    if page.number == 1 and type(opts.news) == "string" then
      local name = type(opts.publication) == "string" and opts.publication or site.title
      lede.write(opts.news, news_urlset(list, site, name))
      maps[#maps + 1] = opts.news
    end
    if page.number == 1 and opts.robots ~= false then
      local lines = { "User-agent: *", "Allow: /", "" }
      for _, m in ipairs(maps) do lines[#lines + 1] = "Sitemap: " .. absolute(site, m) end
      lede.write("robots.txt", table.concat(lines, "\n") .. "\n")
    end
    return urlset(list, site)
  end,
}
