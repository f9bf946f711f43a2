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
--
-- A screen reader is told the link leaves the site in the article's
-- language, by a visually hidden " (external link)" (" (lien externe)")
-- at the end of the link's text (the `label` option replaces it; "" for
-- none); the arrow style.css draws is an empty <span class="external-mark"
-- aria-hidden="true">, so it is not read out ("north east arrow").

local esc = lede.html.escape

local class, rel, target = "external", "noopener", nil
local label -- (the option: nil, the article's language's words)

-- What a screen reader says after the link's text, by language (the
-- html format's languages; another one is told in English).
local labels = {
  en = "(external link)", fr = "(lien externe)", es = "(enlace externo)",
  de = "(externer Link)", it = "(link esterno)", pt = "(link externo)",
  nl = "(externe link)", ru = "(внешняя ссылка)", pl = "(link zewnętrzny)",
  tr = "(dış bağlantı)", ar = "(رابط خارجي)", he = "(קישור חיצוני)",
  hi = "(बाहरी लिंक)", zh = "（外部链接）", ja = "（外部リンク）", ko = "(외부 링크)",
}

-- The label for an article in lang ("fr-CA": fr's), escaped once.
local escaped = {}
local function label_for(lang)
  local words = label
  if words == nil then
    local primary = (lang or "en"):match("^(%a+)")
    words = primary and labels[primary:lower()] or labels.en
  end
  local e = escaped[words]
  if not e then
    e = words == "" and "" or ('<span class="visually-hidden"> ' .. esc(words) .. "</span>")
    escaped[words] = e
  end
  return e
end
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

local function markup(link, lang)
  local parts = { '<a href="', lede.escape.href(link.url), '"' }
  if link.title and link.title ~= "" then parts[#parts + 1] = ' title="' .. esc(link.title) .. '"' end
  if rel ~= "" then parts[#parts + 1] = ' rel="' .. esc(rel) .. '"' end
  if class ~= "" then parts[#parts + 1] = ' class="' .. esc(class) .. '"' end
  if target then parts[#parts + 1] = ' target="' .. esc(target) .. '"' end
  parts[#parts + 1] = ">"
  for _, c in ipairs(link:children()) do parts[#parts + 1] = c:html() end
  parts[#parts + 1] = '<span class="external-mark" aria-hidden="true"></span>'
  parts[#parts + 1] = label_for(lang)
  parts[#parts + 1] = "</a>"
  return table.concat(parts)
end

return {
  setup = function(site, opts)
    opts = opts or {}
    class = word_list(opts, "class") or class
    rel = word_list(opts, "rel") or rel
    target = word_list(opts, "target")
    label = opts.label
    if label ~= nil and (type(label) ~= "string" or #label > 200 or label:find("[%c]")) then
      error("external_links: the option 'label' must be a text of up to 200 bytes on one line " ..
        "(\"\" for none)", 0)
    end
    site_host = host_of(site and site.base_url)
  end,

  nodes = {
    Link = function(link, a, outlet)
      if not outlet or outlet.format ~= "html" then return nil end
      local host = host_of(link.url)
      if not host then return nil end
      local own = host_of(outlet.site and outlet.site.base_url) or site_host
      if host == own then return nil end
      return lede.node.RawInline("html", markup(link, a and a.lang))
    end,
  },

  _host_of = host_of, -- for tests
}
