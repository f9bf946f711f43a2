-- plugins/embed.lua: a paragraph that holds nothing but a YouTube or Vimeo
-- URL becomes the video itself on html outlets (a privacy-friendly
-- youtube-nocookie.com or player.vimeo.com iframe with the link as its
-- caption), and "Watch: URL" on the other outlets (text, feeds).
--
-- Options:
--   title  the iframe's title when the link has none; default "YouTube
--          video" or "Vimeo video"
--   class  the figure's class; default "video"
--
-- Recognised: youtube.com/watch?v=ID (any other parameters; t= or start=
-- becomes the start time), youtube.com/shorts/ID, /embed/ID, /live/ID,
-- youtu.be/ID, vimeo.com/ID (and /channels/NAME/ID, /ID/HASH),
-- player.vimeo.com/video/ID. The ID must match the provider's strict
-- format (11 characters of [A-Za-z0-9_-] for YouTube, digits for Vimeo):
-- the iframe's src is built from it alone, so nothing from the article
-- reaches that attribute. Any other paragraph is left alone.

local esc = lede.html.escape

local default_title
local class = "video"

local function trim(s)
  return (s:gsub("^%s+", ""):gsub("%s+$", ""))
end

-- The query's parameters, first value of each.
local function query(q)
  local t = {}
  for pair in (q or ""):gmatch("[^&;]+") do
    local k, v = pair:match("^([^=]*)=?(.*)$")
    if t[k] == nil then t[k] = v end
  end
  return t
end

-- "90", "90s", "1m30s", "1h2m3s" -> whole seconds, or nil.
local function seconds(t)
  if not t or #t > 12 then return nil end
  if t:match("^%d+$") then return math.tointeger(tonumber(t)) end
  if t == "" or t:gsub("%d+[hms]", "") ~= "" then return nil end
  local total = 0
  for n, unit in t:gmatch("(%d+)([hms])") do
    total = total + math.tointeger(tonumber(n)) * ({ h = 3600, m = 60, s = 1 })[unit]
  end
  return total
end

-- The provider, the iframe URL and the start time of a video URL, or nil.
local function video(url)
  if type(url) ~= "string" or url:find("[%s<>\"'\\]") then return nil end
  local host, path = url:match("^[Hh][Tt][Tt][Pp][Ss]?://([^/?#]+)(.*)$")
  if not host then return nil end
  host = host:lower():gsub(":443$", ""):gsub("^www%.", ""):gsub("^m%.", "")
  local p, q = path:match("^([^?#]*)%??([^#]*)")
  local params = query(q)
  if host == "youtube.com" or host == "youtube-nocookie.com" or host == "youtu.be" then
    local id
    if host == "youtu.be" then
      id = p:match("^/([^/]+)/?$")
    elseif p == "/watch" or p == "/watch/" then
      id = params.v
    else
      id = p:match("^/shorts/([^/]+)/?$") or p:match("^/embed/([^/]+)/?$")
        or p:match("^/live/([^/]+)/?$")
    end
    if not id or #id ~= 11 or id:find("[^A-Za-z0-9_%-]") then return nil end
    local start = seconds(params.t or params.start)
    return "YouTube", "https://www.youtube-nocookie.com/embed/" .. id ..
      ((start or 0) > 0 and ("?start=" .. start) or "")
  elseif host == "vimeo.com" or host == "player.vimeo.com" then
    local id, hash
    if host == "player.vimeo.com" then
      id = p:match("^/video/(%d+)/?$")
      hash = params.h
    else
      id, hash = p:match("^/(%d+)/(%x+)/?$")
      id = id or p:match("^/(%d+)/?$") or p:match("^/channels/[A-Za-z0-9_%-]+/(%d+)/?$")
    end
    if not id or #id > 12 then return nil end
    if hash and not hash:match("^%x%x%x%x%x%x+$") then hash = nil end
    local start = seconds(url:match("#t=([%dhms]+)$"))
    return "Vimeo", "https://player.vimeo.com/video/" .. id .. (hash and ("?h=" .. hash) or "") ..
      ((start or 0) > 0 and ("#t=" .. start .. "s") or "")
  end
  return nil
end

-- The one URL a paragraph holds, with its link title, or nil: a Link whose
-- text is its URL (a bare URL or <URL>), or a Text that is a URL when the
-- autolink extension did not make one. White space around it is allowed.
local function only_url(para)
  local found
  for _, c in ipairs(para:children()) do
    if c.type == "Text" and trim(c.literal) == "" or c.type == "SoftBreak" then
      -- blank: skip
    elseif found then
      return nil
    elseif c.type == "Link" and (trim(c:text()) == c.url or "http://" .. trim(c:text()) == c.url) then
      found = { url = c.url, title = c.title }
    elseif c.type == "Text" and trim(c.literal):match("^https?://%S+$") then
      found = { url = trim(c.literal) }
    else
      return nil
    end
  end
  return found
end

local function figure(provider, src, url, title)
  if not title or trim(title) == "" then title = default_title or (provider .. " video") end
  return table.concat {
    '<figure class="', esc(class), '"><iframe src="', esc(src), '" title="', esc(title),
    '" loading="lazy" allowfullscreen></iframe><figcaption><a href="', lede.escape.href(url), '">',
    esc(url), "</a></figcaption></figure>",
  }
end

return {
  setup = function(site, opts)
    opts = opts or {}
    if opts.title ~= nil then
      if type(opts.title) ~= "string" then error("embed: the option 'title' must be a string", 0) end
      default_title = opts.title
    end
    if opts.class ~= nil then
      if type(opts.class) ~= "string" or opts.class == "" then
        error("embed: the option 'class' must be a non-empty string", 0)
      end
      class = opts.class
    end
  end,

  nodes = {
    Paragraph = function(para, a, outlet)
      local link = only_url(para)
      if not link then return nil end
      local provider, src = video(link.url)
      if not provider then return nil end
      if outlet and outlet.format == "html" then
        return lede.node.RawBlock("html", figure(provider, src, link.url, link.title))
      end
      return lede.node.Paragraph { "Watch: ", lede.node.Link(link.url, link.url) }
    end,
  },

  _video = video, -- for tests
}
