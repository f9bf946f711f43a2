-- plugins/utm.lua: adds campaign parameters (utm_source, utm_medium,
-- utm_campaign) to the article's links that leave the site, so a newsletter
-- or a partner outlet can tell its readers' visits apart.
--
-- Options:
--   campaign  required; the utm_campaign value ("newsletter", "2020-07")
--   source    utm_source; default the outlet's name
--   medium    utm_medium; default "email"
--
-- Only Link nodes whose URL is http(s) and whose host is not the site's own
-- (outlet.site.base_url, else site.base_url at setup; "www." is ignored on
-- both sides) are changed. mailto:, relative and same-site links, images and
-- raw HTML are left alone. An existing query string and #fragment are kept,
-- a parameter already in the URL is never added twice, values are
-- percent-encoded.

local campaign, source, medium, site_host

-- The host of an absolute http(s) URL as a browser reads it (lede.url.host:
-- lower case, without user info, port or trailing dot), without "www.", or
-- nil for any other URL; a protocol-relative "//host" one is left alone
-- too, as tag() wants a scheme.
local function host_of(url)
  local host, scheme = lede.url.host(url)
  if not scheme then return nil end
  return (host:gsub("^www%.", ""))
end

-- RFC 3986 unreserved characters stay; everything else is %XX.
local function encode(s)
  return (tostring(s):gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", c:byte())
  end))
end

local function decode(s)
  return (s:gsub("+", " "):gsub("%%(%x%x)", function(h) return string.char(tonumber(h, 16)) end))
end

-- Adds the missing parameters to an http(s) URL, keeping its fragment.
local function tag(url, params)
  local base, fragment = url:match("^([^#]*)(#.*)$")
  if not base then base, fragment = url, "" end
  local path, query = base:match("^([^?]*)%?(.*)$")
  if not path then path, query = base, nil end
  local present = {}
  for pair in (query or ""):gmatch("[^&;]+") do
    local key = pair:match("^([^=]*)")
    present[decode(key):lower()] = true
  end
  local add = {}
  for _, p in ipairs(params) do
    if p[2] ~= nil and not present[p[1]] then
      add[#add + 1] = p[1] .. "=" .. encode(p[2])
    end
  end
  if #add == 0 then return url end
  if not path:match("^[^:]+://[^/]*/") then path = path .. "/" end -- https://host?q -> https://host/?q
  local extra = table.concat(add, "&")
  if query == nil then
    query = extra
  elseif query == "" or query:sub(-1) == "&" then
    query = query .. extra
  else
    query = query .. "&" .. extra
  end
  return path .. "?" .. query .. fragment
end

return {
  setup = function(site, opts)
    opts = opts or {}
    campaign = opts.campaign
    if campaign == nil or tostring(campaign) == "" then
      error("utm: the option 'campaign' is required, e.g. options: { campaign: newsletter }", 0)
    end
    campaign = tostring(campaign)
    source = opts.source ~= nil and tostring(opts.source) or nil
    medium = opts.medium ~= nil and tostring(opts.medium) or "email"
    site_host = host_of(site and site.base_url)
  end,

  nodes = {
    Link = function(node, a, outlet)
      local host = host_of(node.url)
      if not host then return nil end
      local own = site_host
      if outlet and outlet.site and (outlet.site.base_url or "") ~= "" then
        own = host_of(outlet.site.base_url)
      end
      if own and host == own then return nil end
      local src = source or (outlet and outlet.name) or (a and a.outlet)
      node.url = tag(node.url, {
        { "utm_source", src },
        { "utm_medium", medium },
        { "utm_campaign", campaign },
      })
    end,
  },

  _host_of = host_of, -- for tests
}
