-- plugins/lib/media.lua: what the formats share about images: the site's
-- rendition settings and an article's lead image with its renditions.
-- Load it with lede.require("media"); a site's own plugins/lib/media.lua
-- takes its place.
local media = {}

media.defaults = {
  widths = { 480, 960, 1600 },
  formats = { "webp", "jpeg" },
  sizes = "(min-width: 44rem) 42rem, 100vw",
  dir = "media",
  max_pixels = 100000000,
}

media.types = { jpg = "image/jpeg", jpeg = "image/jpeg", png = "image/png",
  webp = "image/webp", gif = "image/gif", avif = "image/avif", svg = "image/svg+xml" }

--- site.images = {widths, formats, sizes, dir, max_pixels}, with the defaults filled
--- in; an outlet's `site: {images: ...}` changes them for that outlet.
function media.config(site)
  local c = site.images
  if c == nil then return media.defaults end
  if type(c) ~= "table" then
    error("site.images must be a mapping {widths, formats, sizes, dir, max_pixels}", 0)
  end
  local d = media.defaults
  local m = c.max_pixels
  if m ~= nil and (math.type(m) ~= "integer" or m < 1) then
    error(string.format("site.images.max_pixels must be a whole number of pixels, 1 or more, not %s",
      type(m) == "string" and "'" .. m .. "'" or tostring(m)), 0)
  end
  return { widths = c.widths or d.widths, formats = c.formats or d.formats,
    sizes = c.sizes or d.sizes, dir = c.dir or d.dir, max_pixels = c.max_pixels or d.max_pixels }
end

--- The largest rendition in the last format (the fallback, JPEG by
--- default): what og:image, feeds and ninjs point at.
function media.largest(img)
  local last = img.renditions[#img.renditions]
  local best
  for _, r in ipairs(img.renditions) do
    if r.format == last.format then best = r end
  end
  return best
end

--- The article's lead image (front matter `image:`) or nil: lede.image.lead's
--- {src, alt, caption, credit, file}, and for a file in the site `img`, its
--- lede.image.renditions result. Works on collection records too.
function media.lead(a, site)
  -- (with the settings, lede.image.lead renders a file's renditions too: a
  -- file that cannot be, not an image or too large, fails at the article's
  -- image line)
  return lede.image.lead(a, media.config(site))
end

--- For feeds: the lead image as {url, type, bytes, width, height, alt,
--- caption, credit} with an absolute url, or nil (none, or a URL image on a
--- site without base_url cannot be placed). The urls are URIs
--- (lede.url.encode, as the feeds' other links): an image named
--- photos/café.jpg or https://e.org/ü.jpg is percent-encoded, which
--- enclosures, JSON Feed's `image` and ninjs' `uri` want.
function media.enclosure(a, site)
  local lead = media.lead(a, site)
  if not lead then return nil end
  local base = (site.base_url or ""):gsub("/+$", "")
  local e = { alt = lead.alt, caption = lead.caption, credit = lead.credit }
  local enc = lede.url.encode
  if lead.img then
    if base == "" then return nil end
    local r = media.largest(lead.img)
    e.url, e.type, e.bytes, e.width, e.height = base .. "/" .. enc(r.path), r.type, r.bytes, r.width, r.height
    e.renditions = {}
    for i, x in ipairs(lead.img.renditions) do
      e.renditions[i] = { url = base .. "/" .. enc(x.path), type = x.type, bytes = x.bytes,
        width = x.width, height = x.height, format = x.format }
    end
  elseif lead.src:match("^https?://") then
    e.url = enc(lead.src)
    -- the type from the path's extension: a query or fragment after it
    -- (photo.png?w=800) is not part of it
    local ext = (lead.src:gsub("[?#].*$", ""):match("%.(%w+)$") or ""):lower()
    e.type = media.types[ext]
  else
    return nil
  end
  return e
end

return media
