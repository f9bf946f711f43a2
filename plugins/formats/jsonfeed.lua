-- plugins/formats/jsonfeed.lua: the jsonfeed format, a JSON Feed 1.1 of the
-- outlet's articles with HTML and plain-text content. A collection-only
-- format: no render hook, so the outlet's plain `path` (feed.json) receives
-- the index output. Copy it to your site's plugins/formats/ to change it.

local json = lede.json.encode
local feed = lede.require("feed")
local news = lede.require("news")
local media = lede.require("media")
local absolute = feed.absolute
local text = feed.text

local function people(names)
  local t = {}
  for i, name in ipairs(names) do t[i] = { name = text(name) } end
  return t
end

local function item(a, site)
  local url = absolute(site, a.url)
  local content = a.fragment or {}
  local it = {
    -- Front matter `id:` keeps an item's identity when its URL changes.
    id = type(a.meta.id) == "string" and a.meta.id or url,
    url = url,
    title = text(a.title),
    content_html = content.html or "",
    content_text = content.text or "",
    -- (a story under embargo was published when it lifted: news.published)
    date_published = news.published(a):rfc3339(),
    date_modified = feed.updated(a) and news.latest(a):rfc3339() or nil,
    language = news.language(a.lang),
  }
  if (a.summary or "") ~= "" then it.summary = text(a.summary) end
  local img = media.enclosure(a, site)
  if img then it.image = img.url end
  -- Empty lists are left out: the schema wants at least one author, and
  -- an empty table could not say whether it is a list.
  if #a.tags > 0 then
    it.tags = {}
    for i, tag in ipairs(a.tags) do it.tags[i] = text(tag) end
  end
  if #a.authors > 0 then it.authors = people(a.authors) end
  return it
end

-- Keys in the order of the JSON Feed 1.1 spec (version first, as it asks),
-- items' keys too; one item per line: small diffs when one article changes.
local TOP = { "version", "title", "home_page_url", "feed_url", "description",
  "user_comment", "next_url", "icon", "favicon", "authors", "language",
  "expired", "hubs", "items" }
local ORDER = { order = { "id", "url", "external_url", "title", "content_html",
  "content_text", "summary", "image", "banner_image", "date_published",
  "date_modified", "authors", "tags", "language", "name", "url", "avatar" } }

local function layout(top, items)
  local out = {}
  for _, k in ipairs(TOP) do
    if k == "items" then
      local rows = {}
      for i, it in ipairs(items) do rows[i] = "    " .. json(it, ORDER) end
      out[#out + 1] = '  "items": [' ..
        (#rows > 0 and ("\n" .. table.concat(rows, ",\n") .. "\n  ]") or "]")
    elseif top[k] ~= nil then
      out[#out + 1] = "  " .. json(k) .. ": " .. json(top[k], ORDER)
    end
  end
  return "{\n" .. table.concat(out, ",\n") .. "\n}\n"
end

return {
  -- What its files hold: lede.yaml cannot name them as HTML pages.
  media_type = "application/feed+json",
  -- The entry's content, HTML and text, made while the article is there.
  fragment = function(a, outlet) return feed.content(a, outlet, true) end,

  index = function(list, outlet, page)
    local site = outlet.site
    feed.check_base_url(outlet)
    local top = {
      version = "https://jsonfeed.org/version/1.1",
      title = text(site.title ~= "" and site.title or outlet.name),
      home_page_url = absolute(site, ""),
      -- (the feed's identity: a feed split by per_page is one feed, its
      -- first page's URL, and next_url leads from page to page)
      feed_url = absolute(site, feed.page_path(page, 1)),
      language = news.language(site.language),
    }
    local pages = feed.pages(site, page)
    if pages then top.next_url = pages.next end
    if (site.description or "") ~= "" then top.description = text(site.description) end
    if type(site.author) == "string" and site.author ~= "" then
      top.authors = people({ site.author })
    end
    local items = {}
    for i, a in ipairs(list) do items[i] = item(a, site) end
    return layout(top, items)
  end,
}
