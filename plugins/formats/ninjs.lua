-- plugins/formats/ninjs.lua: the ninjs format (IPTC ninjs 2.2 JSON), for
-- syndication partners: one news item document per article and an index.
-- Copy this file to your site's plugins/formats/ninjs.lua to change it.

local STANDARD = {
  name = "ninjs",
  version = "2.2",
  schema = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json",
}

-- Keys in the order of the ninjs 2.2 schema's properties, so a document
-- reads like the standard's examples (uri first); nested objects too.
local ORDER = { order = { "uri", "standard", "name", "version", "schema",
  "type", "representationtype", "profile", "pubstatus", "firstcreated",
  "versioncreated", "contentcreated", "embargoed", "language", "slugline",
  "headlines", "role", "contenttype", "value", "charcount", "wordcount",
  "descriptions", "bodies", "by", "subjects", "literal", "rel", "people",
  "copyrightholder", "copyrightnotice", "usageterms" } }
-- The index (not a ninjs document, see docs/config.md#ninjs-index).
local INDEX_ORDER = { order = { "title", "updated", "page", "number", "total",
  "prev", "next", "articles", "uri", "headline", "language", "versioncreated",
  "path" } }

local function base_of(site)
  return ((site.base_url or ""):gsub("/+$", ""))
end

local function absolute(site, url)
  local base = base_of(site)
  if base == "" then return nil end
  -- a URI, percent-encoded as the feeds' links (wire/москва.json)
  return base .. "/" .. lede.url.encode((url:gsub("^/+", "")))
end

-- The item's identifier: the front matter's `id:` when a URI (a renamed story
-- keeps it, as in the feeds), else its absolute URL, stable while the slug is.
local function uri_of(a, site)
  local id = type(a.meta.id) == "string" and a.meta.id:match("^%a[%w+.-]*:%S+$")
  return id or absolute(site, a.url) or ("urn:lede:" .. a.url)
end

local function nonempty(s)
  if s == nil then return nil end
  s = tostring(s)
  return s ~= "" and s or nil
end

local news = lede.require("news")

-- `updated:` in the front matter (a YAML date, or a string) or the latest
-- correction makes a new version; without them the version is the first.
-- A kill is a version too: its time is the `updated:` the editor gives it
-- (the build warns when a killed story has none, docs/config.md).
-- The time of the version partners have: news.latest once the story is
-- out (released from an embargo, the release: a partner polling by
-- versioncreated since before it would never see a story dated from when
-- it was written), its own date or change while a partner holds it under
-- embargo (an outlet with `embargoed: true`).
local function version_date(a, site)
  if news.embargo(a, site) then return news.modified(a) or a.date end
  return news.latest(a)
end

-- Speakers of the quotations, each once, in order of appearance. ninjs
-- people have no field for a job title, so `role` is left out; speakers
-- found with low confidence are too ("Issue paper 9 begins...").
local function people_of(a, min_confidence)
  local seen, people = {}, {}
  for _, q in ipairs(a.quotes) do
    local name = nonempty(q.speaker)
    if name and (q.confidence or 1) >= min_confidence and not seen[name] then
      seen[name] = true
      people[#people + 1] = { name = name, rel = "quoted" }
    end
  end
  return people
end

local function subjects_of(a)
  local subjects = {}
  for i, t in ipairs(a.tags) do
    subjects[i] = { name = tostring(t), literal = lede.slug(tostring(t)) }
  end
  return subjects
end

local media = lede.require("media")

-- The lead image as an association (a ninjs picture item) with a rendition
-- per width and format; nil without one, or when it cannot be given an
-- absolute URL.
local function lead_association(a, site)
  local img = media.enclosure(a, site)
  if not img then return nil end
  local assoc = { name = "featureimage", uri = img.url, type = "picture",
    representationtype = "full", by = nonempty(img.credit) }
  local descriptions = {}
  if nonempty(img.caption) then
    descriptions[#descriptions + 1] = { role = "caption", contenttype = "text/plain", value = img.caption }
  end
  if nonempty(img.alt) then
    descriptions[#descriptions + 1] = { role = "alt", contenttype = "text/plain", value = img.alt }
  end
  if #descriptions > 0 then assoc.descriptions = descriptions end
  if img.renditions then
    assoc.renditions = {}
    for i, r in ipairs(img.renditions) do
      assoc.renditions[i] = { name = r.format .. "-" .. r.width, href = r.url,
        contenttype = r.type, width = r.width, height = r.height, sizeinbytes = r.bytes }
    end
  end
  return assoc
end

local function item(a, outlet)
  local site = outlet.site
  -- The format's own settings: `options:` under the outlet in lede.yaml.
  local config = (outlet.config or {}).options or {}
  -- A killed story stays on the wire, marked so partners take it down,
  -- with its notice in place of the story it no longer publishes.
  local canceled = news.canceled(a)
  -- A withheld story stays listed too, marked so partners pull it until
  -- it is usable again, without the story: no body at all (it is not
  -- withdrawn for good, and says nothing a partner could run instead).
  local withheld = news.withheld(a)
  local html, text
  if canceled then
    html, text = news.withdrawn_body(a.lang)
  elseif not withheld then
    html, text = a:html(), a:text { width = 0 }
  end
  local words = canceled and select(2, text:gsub("%S+", "")) or (not withheld and a:words())
  local doc = {
    uri = uri_of(a, site),
    standard = STANDARD,
    type = "text",
    representationtype = "full",
    pubstatus = canceled and "canceled" or withheld and "withheld" or "usable",
    -- Only an outlet with `embargoed: true` gets a story under embargo.
    embargoed = news.embargo(a, site) and news.embargo(a, site):rfc3339() or nil,
    firstcreated = a.date:rfc3339(),
    versioncreated = version_date(a, site):rfc3339(),
    language = news.language(a.lang),
    slugline = a.slug,
    headlines = { { role = "main", value = a.title } },
    bodies = text and {
      { role = "main", contenttype = "text/html", value = html,
        charcount = utf8.len(text) or #text, wordcount = words },
      { role = "main", contenttype = "text/plain", value = text,
        charcount = utf8.len(text) or #text, wordcount = words },
    } or nil,
    copyrightholder = nonempty(config.copyrightholder),
    copyrightnotice = nonempty(config.copyrightnotice),
    usageterms = nonempty(config.usageterms),
  }
  local gone = canceled or withheld
  if nonempty(a.summary) and not gone then
    doc.descriptions = { { role = "summary", contenttype = "text/plain", value = a.summary } }
  end
  if #a.authors > 0 then
    local names = {}
    for i, n in ipairs(a.authors) do names[i] = tostring(n) end
    doc.by = table.concat(names, ", ")
  end
  local corrections = news.corrections(a)
  if #corrections > 0 then
    -- ninjs has no corrections field: each is an editorial note.
    doc.ednote = {}
    for i, c in ipairs(corrections) do doc.ednote[i] = c.iso .. ": " .. c.text end
    doc.ednote = table.concat(doc.ednote, "\n")
  end
  local subjects = subjects_of(a)
  if #subjects > 0 then doc.subjects = subjects end
  -- (of a killed or withheld story: the people it quoted and its picture
  -- go with it)
  local people = gone and {} or people_of(a, tonumber(config.min_confidence) or 0.8)
  if #people > 0 then doc.people = people end
  local lead = not gone and lead_association(a, site)
  if lead then doc.associations = { lead } end
  return doc
end

local feed = lede.require("feed")

-- The first link, image or footnote of the body that is not absolute
-- (`../other/`, `/static/a.pdf`, `#fn-1`), or nil.
local function relative_link(a)
  local found
  local function check(n)
    local url = n.url or ""
    if not found and url ~= "" and not url:match("^%a[%w+.-]*:") then found = url end
  end
  a.body:walk { Link = check, Image = check,
    FootnoteReference = function(n) found = found or ("#fn-" .. n.number) end }
  return found
end

-- A partner's wire reader has no page to resolve the body's relative links
-- against: they are made absolute against the article's page (the linked
-- outlet's with `link_to`, else the item's own URL), its footnotes' marks
-- and back-links too, as the feeds do; a body image that is a site file
-- is its largest rendition (feed.site_images). Without site.base_url they
-- cannot be: a warning names the first.
local function absolute_body(a, outlet)
  local site = outlet.site
  if base_of(site) == "" then
    local rel = relative_link(a)
    if rel then
      lede.log.warn("outlet '" .. outlet.name .. "': site.base_url is empty, so the item's relative link '" ..
        rel .. "' is left as written; set base_url (a partner has no page to resolve it against)")
    end
    return function(html) return html end
  end
  local page = absolute(site, a.url)
  feed.absolute_links(a, page, site)
  return function(html) return feed.absolute_notes(html, page) end
end

return {
  -- What its files hold: lede.yaml cannot name them as HTML pages.
  media_type = "application/json",
  -- A withheld story (pubstatus: withheld) is given to this format, to be
  -- listed marked withheld and without the story (item above); a format
  -- without this key never gets one.
  withheld = true,

  render = function(a, outlet)
    -- (not of a killed or withheld story, whose body the item does not carry)
    local notes = not (news.canceled(a) or news.withheld(a)) and absolute_body(a, outlet)
    local doc = item(a, outlet)
    if notes then doc.bodies[1].value = notes(doc.bodies[1].value) end
    return lede.json.encode(doc, ORDER) .. "\n"
  end,

  -- Not a ninjs document: a list for partners to poll, each entry giving
  -- what they need to decide whether to fetch the item at `path`.
  index = function(list, outlet, page)
    local site = outlet.site
    local items, newest = {}, nil
    for i, a in ipairs(list) do
      local version = version_date(a, site)
      if not newest or newest < version then newest = version end
      items[i] = {
        uri = uri_of(a, site),
        headline = a.title,
        language = news.language(a.lang),
        versioncreated = version:rfc3339(),
        pubstatus = news.canceled(a) and "canceled" or news.withheld(a) and "withheld" or nil,
        path = a.file or a.url,
      }
    end
    -- Two articles with one id: give two items one uri, and a partner
    -- takes them for one story, the later replacing the other: a warning
    -- at the id: of each but the first by path (a renamed story's old
    -- file left in place, an id copied with a template).
    local by_uri = {}
    for _, a in ipairs(list) do
      local u = uri_of(a, site)
      local was = by_uri[u]
      if not was or a.path < was.path then by_uri[u] = a end
    end
    -- (a uri as a message names it: 80 bytes at most, a whole
    -- character last, so the advice after it is not cut off)
    local function short(u)
      if #u <= 80 then return u end
      local cut = 77
      while cut > 0 and (u:byte(cut + 1) or 0) & 0xC0 == 0x80 do cut = cut - 1 end
      return u:sub(1, cut) .. "..."
    end
    local function id_of(a)
      return type(a.meta.id) == "string" and a.meta.id or nil
    end
    for _, a in ipairs(list) do
      local u = uri_of(a, site)
      local first = by_uri[u]
      if first ~= a and first.path ~= a.path then
        -- (at an id:, the one an article without any has not: an id
        -- that is another article's URL)
        local at, other = a, first
        if not id_of(a) then at, other = first, a end
        lede.log.warn_at(at, "id", "its id: '" .. short(u) .. "' is also the ninjs uri of " .. other.path ..
          (id_of(other) and " (its id:)" or " (its URL)") .. ", so the wire gives two items one " ..
          "uri, and a partner takes them for one story, the later replacing the other; give " ..
          "each article its own id:")
      end
    end
    -- The newest version, not the build time: an unchanged list gives an
    -- unchanged file, so partners polling it see no false update.
    return lede.json.encode({
      title = site.title,
      updated = (newest or site.now):rfc3339(),
      page = { number = page.number, total = page.total,
               prev = page.prev_url, next = page.next_url },
      articles = items,
    }, INDEX_ORDER) .. "\n"
  end,
}
