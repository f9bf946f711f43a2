-- plugins/lib/feed.lua: what the feed formats (rss, atom, jsonfeed) share.
-- Load it with lede.require("feed"); a site's own plugins/lib/feed.lua
-- takes its place.
local feed = {}

--- Feeds are read away from the site, so every link is absolute; the base
--- URL's trailing slash and the path's leading one must not double up.
--- The path is written as a URI (lede.url.encode, as the pages' hrefs
--- are): what a URI may not hold (the bytes of a letter outside ASCII, as
--- in tags/москва/ with `slugs: unicode`, a space, `[`) is percent-encoded,
--- as RSS, sitemaps and partners' parsers want it; `%` is kept.
function feed.absolute(site, path)
  local base = (site.base_url or ""):gsub("/+$", "")
  local rel = (path or ""):gsub("^/+", "")
  return base .. "/" .. lede.url.encode(rel)
end

--- A text a reader shows beside others (a title, a name, a tag, a
--- summary): the bidi embeddings, overrides and isolates it leaves open
--- closed at its end (lede.text.bidi_close), as the html format's fields
--- are, so that an unclosed U+202E in a title does not turn the date or
--- feed name a reader puts after it.
feed.text = lede.text.bidi_close

--- The site-relative path of page k of the collection whose page `page`
--- is (the index hook's page table): page 1 is the collection's path,
--- page k is page/k/ beside it under its file name (sitemap.xml,
--- page/2/sitemap.xml; "" for an index.html, then page/2/).
function feed.page_path(page, k)
  local url = page.url or ""
  local dir, name
  if (page.number or 1) > 1 then dir, name = url:match("^(.-)page/%d+/([^/]*)$") end
  if not dir then dir, name = url:match("^(.-)([^/]*)$") end
  if k == 1 then return dir .. name end
  return dir .. "page/" .. k .. "/" .. name
end

--- A feed split by the outlet's `per_page` is a paged feed (RFC 5005,
--- section 3): each page names the others, so that a reader can walk
--- them. The absolute URLs of the first, previous, next and last pages
--- of the collection (previous and next absent at its ends), or nil
--- when it has one page.
function feed.pages(site, page)
  local n, total = page.number or 1, page.total or 1
  if total <= 1 then return nil end
  local function at(k) return feed.absolute(site, feed.page_path(page, k)) end
  return {
    first = at(1),
    previous = n > 1 and at(n - 1) or nil,
    next = n < total and at(n + 1) or nil,
    last = at(total),
  }
end

--- The RFC 5005 links of a paged feed, as Atom links (`tag` "link" in an
--- Atom feed, "atom:link" in RSS), each a line at indent; none when the
--- collection has one page.
function feed.page_links(out, site, page, tag, indent, media_type)
  local p = feed.pages(site, page)
  if not p then return end
  for _, rel in ipairs({ "first", "previous", "next", "last" }) do
    if p[rel] then
      out[#out + 1] = indent .. "<" .. tag .. ' rel="' .. rel .. '" type="' .. media_type ..
        '" href="' .. lede.xml.escape(p[rel]) .. '"/>'
    end
  end
end

--- Feeds are read away from the site: without site.base_url their links
--- cannot be absolute. The feed formats call this from their index hook;
--- the warning names the line that called it.
function feed.check_base_url(outlet)
  if (outlet.site.base_url or "") == "" then
    lede.log.warn("outlet '" .. outlet.name .. "': site.base_url is empty, so the feed's links are not absolute", 2)
  end
end

--- An image of the body that is a file of the site is published as its
--- renditions (the html format's <picture>), not at the path the article
--- names: away from the site it is its largest rendition, by its absolute
--- URL. An image that is not a site file, or cannot be rendered (the html
--- format warns), is left as written.
function feed.site_images(a, site)
  if (site.base_url or "") == "" then return end
  local media = lede.require("media")
  local cfg
  a.body:walk { Image = function(n)
    local file = lede.image.source(a, n.url or "")
    if not file then return end
    cfg = cfg or media.config(site)
    local ok, img = pcall(lede.image.renditions, file, cfg)
    if ok then n.url = feed.absolute(site, media.largest(img).path) end
  end }
end

--- Feed readers show entries away from the site: the links and images of
--- the article (the outlet's own copy) resolve against its page, and the
--- site's images are their renditions (feed.site_images).
function feed.absolute_links(a, page, site)
  if site then feed.site_images(a, site) end
  if not page:match("^%a[%w+.-]*:") then return end
  local function fix(n) n.url = lede.url.resolve(page, n.url) end
  a.body:walk { Link = fix, Image = fix }
end

--- The footnotes' marks and back-links the HTML renderer writes are
--- fragments of the page (`#fn-1`, `#fnref-1`, `#fnref-1-2`): away from
--- it (an RSS item, JSON Feed's content_html, a wire item) a reader
--- resolves them against the feed, so they are given the page's absolute
--- URL (page, as feed.absolute gives it). Atom need not: its content's
--- xml:base is the page. Without an absolute page, html is returned as is.
function feed.absolute_notes(html, page)
  -- (a plain search first: most entries have no footnote, and the
  -- pattern's gsub over every entry was 3% of a full build)
  if not html:find('href="#fn', 1, true) or not page:match("^%a[%w+.-]*:") then return html end
  local base = lede.html.escape((page:gsub("#.*$", "")))
  return (html:gsub('<a href="#(fn[%w%-]*)"', function(id)
    if id:match("^fn%-%d+$") or id:match("^fnref%-%d+$") or id:match("^fnref%-%d+%-%d+$") then
      return '<a href="' .. base .. "#" .. id .. '"'
    end
  end))
end

--- The fragment hook the feed formats share: the entry's content, made
--- while the article is still there (an index hook sees records only):
--- links made absolute against the entry's page, then the HTML (its
--- footnotes' links too, feed.absolute_notes), and with
--- `text = true` the plain text too ({html = ..., text = ...}).
function feed.content(a, outlet, text)
  local news = lede.require("news")
  -- A killed story an outlet still lists (canceled: true): its notice,
  -- not the story it no longer publishes.
  if news.canceled(a) then
    local html, plain = news.withdrawn_body(a.lang)
    if not text then return html end
    return { html = html, text = plain }
  end
  local page = feed.absolute(outlet.site, a.url)
  feed.absolute_links(a, page, outlet.site)
  local html = feed.absolute_notes(a:html(), page)
  if not text then return html end
  -- width 0: no wrapping; readers reflow plain text themselves.
  return { html = html, text = a:text{ width = 0 } }
end

--- The date of the entry's latest version as a lede.date, or nil: the
--- front matter's `updated:` or its latest correction (`corrections:`),
--- whichever is later (see lede.require("news")).
function feed.updated(a)
  return lede.require("news").modified(a)
end

return feed
