-- plugins/external_links.lua: marks links that leave the site on html
-- outlets: <a href="..." rel="noopener" class="external">, so a stylesheet
-- can add an arrow and the other site gets no handle on the reader's tab.
--
-- Options:
--   class   the class added; default "external"
--   rel     the rel value; default "noopener" ("noopener noreferrer nofollow"...)
--   target  a target such as "_blank"; default none (the reader decides)
--
-- A link is external when its URL is absolute http(s) (or protocol-relative
-- //host) and its host is not the site's: outlet.site.base_url, else
-- site.base_url at setup; "www." and the port are ignored on both sides.
-- Relative, same-site, mailto: and other links are left alone, and so are
-- javascript: URLs (the renderer empties those). Only html outlets
-- (outlet.format == "html") are changed: the link becomes a RawInline
-- built from escaped parts, its text rendered by lede (child:html()), so
-- emphasis or an image inside it is kept. List this plugin after those
-- that rewrite Link nodes (utm): what it returns is no longer a Link.

local esc = lede.html.escape

local class, rel, target = "external", "noopener", nil
local site_host

-- The host of an absolute http(s) or protocol-relative URL as a browser
-- reads it (lede.url.host: lower case, without user info, port or trailing
-- dot; a backslash ends the authority, so "https://evil.example\@site" is
-- evil.example), without "www.", or nil.
local function host_of(url)
  local host = lede.url.host(url)
  return host and (host:gsub("^www%.", ""))
end

local function word_list(opts, name)
  local v = opts[name]
  if v == nil then return nil end
  if type(v) ~= "string" or not v:match("^[%w%s_%-]+$") then
    error("external_links: the option '" .. name .. "' must be words of letters, digits, - and _", 0)
  end
  return (v:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""))
end

local function markup(link)
  local parts = { '<a href="', lede.escape.href(link.url), '"' }
  if link.title and link.title ~= "" then parts[#parts + 1] = ' title="' .. esc(link.title) .. '"' end
  if rel ~= "" then parts[#parts + 1] = ' rel="' .. esc(rel) .. '"' end
  if class ~= "" then parts[#parts + 1] = ' class="' .. esc(class) .. '"' end
  if target then parts[#parts + 1] = ' target="' .. esc(target) .. '"' end
  parts[#parts + 1] = ">"
  for _, c in ipairs(link:children()) do parts[#parts + 1] = c:html() end
  parts[#parts + 1] = "</a>"
  return table.concat(parts)
end

return {
  setup = function(site, opts)
    opts = opts or {}
    class = word_list(opts, "class") or class
    rel = word_list(opts, "rel") or rel
    target = word_list(opts, "target")
    site_host = host_of(site and site.base_url)
  end,

  nodes = {
    Link = function(link, a, outlet)
      if not outlet or outlet.format ~= "html" then return nil end
      local host = host_of(link.url)
      if not host then return nil end
      local own = host_of(outlet.site and outlet.site.base_url) or site_host
      if host == own then return nil end
      return lede.node.RawInline("html", markup(link))
    end,
  },

  _host_of = host_of, -- for tests
}
