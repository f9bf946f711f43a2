-- plugins/formats/sitemap.lua: the sitemap format, an XML sitemap
-- (sitemaps.org 0.9) of the outlet's articles for search engines. A
-- collection-only format: no render hook, so the outlet's plain `path`
-- (sitemap.xml) receives the index output. With `link_to: web` the
-- entries are the web pages; with `link_to: [web, fr]` (the editions)
-- each article's page in the outlet of its language, naming its
-- translations as xhtml:link hreflang alternates (Google's multilingual
-- sitemap). Past 50,000 URLs (or 50 MiB), or with per_page (a set a
-- page), it writes the URL sets beside it (sitemap-1.xml, ...) and a
-- sitemap index there, each set with its own lastmod. Its `options:`
--   news: PATH      also write a Google News sitemap there: the articles
--                   of the last two days before the build time (site.now),
--                   a story under embargo counted from its release; the
--                   1,000 newest of them at most (Google's limit)
--   robots: true    also write robots.txt, allowing everything and naming
--                   the sitemaps (default true; false leaves robots.txt
--                   to the site's static/ folder); under a base path
--                   (https://example.org/news/) a warning says to put its
--                   lines in the host's root robots.txt instead
--   publication:    the publication name in the news sitemap (default
--                   site.title)
-- Copy this file to your site's plugins/formats/sitemap.lua to change it.

local x = lede.xml.escape
local feed = lede.require("feed")
local news = lede.require("news")
local absolute = feed.absolute

local TWO_DAYS = 2 * 86400
-- Google News reads at most 1,000 URLs from a news sitemap: past them, it
-- would list an arbitrary part of the news, or none.
local MAX_NEWS = 1000

-- sitemaps.org: a sitemap holds at most 50,000 URLs and 50 MiB; a bigger
-- one is refused by search engines. More articles than that make several
-- URL sets, listed by a sitemap index.
local MAX_URLS = 50000
local MAX_BYTES = 50 * 1024 * 1024
local URLSET = '<?xml version="1.0" encoding="utf-8"?>\n' ..
  '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
-- A sitemap of every edition (link_to: [web, fr]) names each URL's
-- translations, Google's way: xhtml:link alternates.
local URLSET_EDITIONS = '<?xml version="1.0" encoding="utf-8"?>\n' ..
  '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"' ..
  ' xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
local URLSET_END = "</urlset>\n"

-- The list's articles as the entries of a sitemap, plain data that
-- outlives the records (a paged sitemap holds them until its last page):
-- with editions, what joins each to its translations (the front matter's
-- translation_key and translations: paths, as lede joins them).
local function entries(list, editions, into)
  into = into or {}
  for _, a in ipairs(list) do
    local e = { url = a.url, mod = news.latest(a) }
    if editions then
      local meta = a.meta
      e.path, e.lang = a.path, news.language(a.lang)
      e.key = type(meta.translation_key) == "string" and meta.translation_key or nil
      e.names = {}
      if type(meta.translations) == "table" then
        for _, p in pairs(meta.translations) do
          if type(p) == "string" then e.names[#e.names + 1] = p end
        end
      end
    end
    into[#into + 1] = e
  end
  return into
end

-- Gives each entry its alternates (e.alts): the xhtml:link of every
-- edition of it the sitemap lists, its own included (Google asks each
-- URL to name them all), by language, one a language (the first by
-- path); none for an article listed alone. The editions are those this
-- sitemap lists: a draft, an embargoed or a killed edition is not, and
-- is not named.
local function join_editions(list, site)
  local parent, by_path, by_key = {}, {}, {}
  local function find(i)
    while parent[i] ~= i do parent[i] = parent[parent[i]]; i = parent[i] end
    return i
  end
  local function join(i, j)
    i, j = find(i), find(j)
    if i < j then parent[j] = i elseif j < i then parent[i] = j end
  end
  for i, e in ipairs(list) do
    parent[i] = i
    if not by_path[e.path] then by_path[e.path] = i end
  end
  for i, e in ipairs(list) do
    if e.key then
      if by_key[e.key] then join(i, by_key[e.key]) else by_key[e.key] = i end
    end
    for _, p in ipairs(e.names) do
      if by_path[p] then join(i, by_path[p]) end
    end
  end
  -- each group's edition in each language: the first by path
  local chosen = {}
  for i, e in ipairs(list) do
    local g = find(i)
    chosen[g] = chosen[g] or {}
    local was = chosen[g][e.lang]
    if not was or e.path < was.path then chosen[g][e.lang] = e end
  end
  for i, e in ipairs(list) do
    local links = { e }
    for lang, o in pairs(chosen[find(i)]) do
      if lang ~= e.lang then links[#links + 1] = o end
    end
    if #links < 2 then
      e.alts = ""
    else
      table.sort(links, function(p, q) return p.lang < q.lang end)
      local rows = {}
      for k, o in ipairs(links) do
        rows[k] = '    <xhtml:link rel="alternate" hreflang="' .. x(o.lang) .. '" href="' ..
          x(absolute(site, o.url)) .. '"/>\n'
      end
      e.alts = table.concat(rows)
    end
  end
end

-- The URL sets of the entries, each within the limits: a list of
-- { text = ..., lastmod = the newest lastmod in it, head = its start }.
-- editions: with each URL's alternates (e.alts).
local function urlsets(list, site, editions)
  local head = editions and URLSET_EDITIONS or URLSET
  local sets, rows, n, size, newest = {}, {}, 0, #head + #URLSET_END, nil
  local function close()
    sets[#sets + 1] = { text = head .. table.concat(rows) .. URLSET_END, lastmod = newest, head = head }
    rows, n, size, newest = {}, 0, #head + #URLSET_END, nil
  end
  for _, e in ipairs(list) do
    local row = "  <url>\n    <loc>" .. x(absolute(site, e.url)) .. "</loc>\n" ..
      "    <lastmod>" .. e.mod:rfc3339() .. "</lastmod>\n" .. (e.alts or "") .. "  </url>\n"
    if n > 0 and (n == MAX_URLS or size + #row > MAX_BYTES) then close() end
    rows[#rows + 1], n, size = row, n + 1, size + #row
    if not newest or newest < e.mod then newest = e.mod end
  end
  close()
  return sets
end

-- The name of URL set i beside the index: sitemap.xml -> sitemap-2.xml.
local function part_name(url, i)
  local stem, ext = url:match("^(.-)(%.[^./]*)$")
  if not stem then stem, ext = url:gsub("/$", "/sitemap"), ".xml" end
  return stem .. "-" .. i .. ext
end

-- The outlet's sitemap: one URL set, or, past the limits, the sets written
-- beside it (sitemap-1.xml, ...) and a sitemap index naming them.
local function sitemap(list, site, url, editions)
  local all = entries(list, editions)
  if editions then join_editions(all, site) end
  local sets = urlsets(all, site, editions)
  if #sets == 1 then return sets[1].text end
  local out = {
    '<?xml version="1.0" encoding="utf-8"?>',
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
  }
  for i, set in ipairs(sets) do
    local name = part_name(url, i)
    lede.write(name, set.text)
    out[#out + 1] = "  <sitemap>"
    out[#out + 1] = "    <loc>" .. x(absolute(site, name)) .. "</loc>"
    out[#out + 1] = "    <lastmod>" .. set.lastmod:rfc3339() .. "</lastmod>"
    out[#out + 1] = "  </sitemap>"
  end
  out[#out + 1] = "</sitemapindex>"
  return table.concat(out, "\n") .. "\n"
end

-- The articles of the list published in the two days before the build
-- time, added to picked in the list's order (after earlier pages' of a
-- paged sitemap): their data, the records being released with the page.
local function recent(list, site, picked)
  local now = site.now:epoch()
  for _, a in ipairs(list) do
    local published = news.published(a)
    local age = now - published:epoch()
    if age >= 0 and age <= TWO_DAYS then
      picked[#picked + 1] = { url = a.url, lang = a.lang, title = a.title,
        published = published:rfc3339(), at = published:epoch(), i = #picked + 1 }
    end
  end
  return picked
end

-- Google News wants only recent articles (two days, 1,000 at most: past
-- them, the newest by publication; the outlet's `sort` may order the list
-- otherwise) with their publication's name and language.
local function news_urlset(picked, site, name)
  if #picked > MAX_NEWS then
    table.sort(picked, function(p, q)
      if p.at ~= q.at then return p.at > q.at end
      return p.i < q.i
    end)
    for k = #picked, MAX_NEWS + 1, -1 do picked[k] = nil end
    table.sort(picked, function(p, q) return p.i < q.i end)
  end
  local out = {
    '<?xml version="1.0" encoding="utf-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
      .. ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">',
  }
  for _, p in ipairs(picked) do
    out[#out + 1] = "  <url>"
    out[#out + 1] = "    <loc>" .. x(absolute(site, p.url)) .. "</loc>"
    out[#out + 1] = "    <news:news>"
    out[#out + 1] = "      <news:publication>"
    out[#out + 1] = "        <news:name>" .. x(name) .. "</news:name>"
    out[#out + 1] = "        <news:language>" .. x(news.language(p.lang)) .. "</news:language>"
    out[#out + 1] = "      </news:publication>"
    out[#out + 1] = "      <news:publication_date>" .. p.published .. "</news:publication_date>"
    out[#out + 1] = "      <news:title>" .. x(p.title) .. "</news:title>"
    out[#out + 1] = "    </news:news>"
    out[#out + 1] = "  </url>"
  end
  out[#out + 1] = "</urlset>"
  return table.concat(out, "\n") .. "\n"
end

-- Crawlers read robots.txt at the root of the host only: under a base
-- path (https://example.org/news/) it is written at the output's root,
-- served at /news/robots.txt, and nobody reads it. It is still written
-- (its Sitemap: lines are right, for whoever merges it), with a warning
-- naming the file its lines must go in and how to silence it.
local function robots_under_path(outlet)
  local root, path = (outlet.site.base_url or ""):match("^(%a[%w+.-]*://[^/?#]+)(/[^?#]*)")
  if not path or path:match("^/*$") then return end
  local here = absolute(outlet.site, "robots.txt")
  lede.log.warn("outlet '" .. outlet.name .. "': site.base_url has a path (" .. path ..
    "), so robots.txt is served at " .. here .. ", where crawlers never read it; put its lines in " ..
    root .. "/robots.txt (the host's root), or set the outlet's options: {robots: false} to not write it")
end

-- A sitemap split by the outlet's `per_page`: search engines read the
-- sitemap robots.txt names, and a URL set at page/2/sitemap.xml may list
-- only the URLs under page/2/ (sitemaps.org: a sitemap's location bounds
-- its URLs). So page K is the URL set sitemap-K.xml beside the outlet's
-- path, and page 1 the sitemap index naming them all (no page/K/ file),
-- each with its lastmod, the newest of its URLs'. The pages are made in
-- order, on this state (the format is not `parallel`): what each holds
-- is kept in paging (by outlet name) and the index is written with the
-- last page (page 1 returns nil), as are the URL sets of a sitemap of
-- every edition, whose alternates may be on any page. A page over the
-- limits (per_page past 50,000, or 50 MiB) cannot be one URL set: it is
-- written whole all the same, with an error saying to lower per_page.
local paging = {}

local function write_page(site, first, k, list, editions, outlet)
  local sets = urlsets(list, site, editions)
  local newest = sets[1].lastmod
  if #sets > 1 then
    lede.log.error("outlet '" .. outlet.name .. "': page " .. k .. " of the sitemap holds " ..
      #list .. " URLs, over what one sitemap may hold (50,000 URLs, 50 MiB), so search engines refuse " ..
      part_name(first, k) .. "; lower the outlet's index: per_page to 50000 or less")
    local rows = {}
    for i, set in ipairs(sets) do
      rows[i] = set.text:sub(#set.head + 1, #set.text - #URLSET_END)
      if set.lastmod and (not newest or newest < set.lastmod) then newest = set.lastmod end
    end
    sets = { { text = sets[1].head .. table.concat(rows) .. URLSET_END } }
  end
  lede.write(part_name(first, k), sets[1].text)
  return newest or false
end

local function paged(list, site, page, outlet, editions)
  local first = feed.page_path(page, 1)
  if page.number == 1 then paging[outlet.name] = { mods = {}, pages = {}, all = {} } end
  local p = paging[outlet.name]
  if editions then
    -- (the URL sets wait for the last page)
    local from = #p.all
    entries(list, true, p.all)
    p.pages[page.number] = { from = from + 1, to = #p.all }
  else
    p.mods[page.number] = write_page(site, first, page.number, entries(list), false, outlet)
  end
  if page.number < page.total then return nil end
  paging[outlet.name] = nil
  if editions then
    join_editions(p.all, site)
    for k = 1, page.total do
      local r = p.pages[k]
      p.mods[k] = write_page(site, first, k, table.move(p.all, r.from, r.to, 1, {}), true, outlet)
    end
  end
  local out = {
    '<?xml version="1.0" encoding="utf-8"?>',
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
  }
  for k = 1, page.total do
    out[#out + 1] = "  <sitemap>"
    out[#out + 1] = "    <loc>" .. x(absolute(site, part_name(first, k))) .. "</loc>"
    if p.mods[k] then
      out[#out + 1] = "    <lastmod>" .. p.mods[k]:rfc3339() .. "</lastmod>"
    end
    out[#out + 1] = "  </sitemap>"
  end
  out[#out + 1] = "</sitemapindex>"
  lede.write(first, table.concat(out, "\n") .. "\n")
  return nil
end

-- The news a paged sitemap's pages picked so far, by outlet name.
local picking = {}

return {
  -- What its files hold: lede.yaml cannot name them as HTML pages.
  media_type = "application/xml",
  index = function(list, outlet, page)
    local site = outlet.site
    if (site.base_url or "") == "" then
      lede.log.warn("outlet '" .. outlet.name .. "': site.base_url is empty, so the sitemap's URLs are not absolute")
    end
    local opts = outlet.config.options or {}
    local maps = { page.url }
    if type(opts.news) == "string" then
      -- a paged sitemap's news are those of all its pages (made in order,
      -- on this state: the format is not `parallel`), written with the last
      if page.number == 1 then picking[outlet.name] = {} end
      local picked = recent(list, site, picking[outlet.name])
      if page.number == (page.total or 1) then
        local name = type(opts.publication) == "string" and opts.publication or site.title
        lede.write(opts.news, news_urlset(picked, site, name))
        picking[outlet.name] = nil
      end
      maps[#maps + 1] = opts.news
    end
    if page.number == 1 and opts.robots ~= false then
      robots_under_path(outlet)
      local lines = { "User-agent: *", "Allow: /", "" }
      for _, m in ipairs(maps) do lines[#lines + 1] = "Sitemap: " .. absolute(site, m) end
      lede.write("robots.txt", table.concat(lines, "\n") .. "\n")
    end
    local editions = type(outlet.config.link_to) == "table"
    if (page.total or 1) > 1 then return paged(list, site, page, outlet, editions) end
    return sitemap(list, site, page.url, editions)
  end,
}
