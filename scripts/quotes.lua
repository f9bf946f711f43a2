-- scripts/quotes.lua: every quotation on the site (a.quotes of each
-- published article, drafts left out), grouped by speaker.
--
--   lede run [-C DIR] [-o DIR] scripts/quotes.lua
--
-- Output: quotes/index.html (an HTML5 page on the bundled layout: one
-- section per speaker, each quote with its speaker's role, the article's
-- title linked to its page and its date) and quotes/quotes.json:
--   {"speakers": [{"name": ..., "quotes": [{"text", "role", "cue",
--     "article": {"title", "url", "date"}}]}]}
-- Speakers are sorted by name (accents ignored), "Unattributed" (quotes
-- without a speaker) last; each speaker's quotes newest article first, in
-- the order of the text. A missing role or cue is null in the JSON. An
-- article links to its web page, else to the first outlet that makes a
-- page of it; URLs are relative in the HTML page (it works from the disk)
-- and absolute (site.base_url) in the JSON.

local UNATTRIBUTED = "Unattributed"

local site = lede.site()
if #arg > 0 then
  error("quotes.lua takes no arguments")
end

-- The site path of the article's page (site:page: web first, then any
-- outlet that makes a page of it); nil when none does.
local function page_url(a)
  return site:page(a)
end

local base = (site.config.base_url or ""):gsub("/+$", "")
local lang = site.config.language or "en"

local groups, names = {}, {}
local total = 0
for _, a in ipairs(site:query()) do
  if #a.quotes > 0 then
    local url = page_url(a)
    local article = {
      title = a.title,
      lang = a.lang,
      url = url,
      date = a.date,
    }
    for _, q in ipairs(a.quotes) do
      local name = q.speaker or UNATTRIBUTED
      if not groups[name] then
        groups[name] = {}
        names[#names + 1] = name
      end
      table.insert(groups[name], { text = q.text, role = q.role, cue = q.cue, article = article })
      total = total + 1
    end
  end
end

table.sort(names, function(x, y)
  if (x == UNATTRIBUTED) ~= (y == UNATTRIBUTED) then return y == UNATTRIBUTED end
  local sx, sy = lede.slug(x), lede.slug(y)
  if sx ~= sy then return sx < sy end
  return x < y
end)

-- quotes/quotes.json
local speakers = {}
for i, name in ipairs(names) do
  local list = {}
  for j, q in ipairs(groups[name]) do
    local art = q.article
    list[j] = {
      text = q.text,
      role = q.role or lede.null,
      cue = q.cue or lede.null,
      article = {
        title = art.title,
        url = art.url and (base ~= "" and (base .. "/" .. art.url) or art.url) or lede.null,
        date = art.date,
      },
    }
  end
  speakers[i] = { name = name, quotes = list }
end
lede.write("quotes/quotes.json", lede.json.encode { speakers = speakers } .. "\n")

-- quotes/index.html: the page sits one folder down, like the html
-- format's pages; a folder URL gets its index.html so links work from the
-- disk.
local function href(url)
  if url == "" or url:sub(-1) == "/" then url = url .. "index.html" end
  return "../" .. url
end

-- Anchors from the names ("#speaker-ian-klaus"), numbered when a name has
-- no Latin letters or two names give the same slug; a number taken
-- already (a speaker named "5") gets a suffix, so no two are the same.
local used = {}
local function anchor(name, i)
  local id = "speaker-" .. lede.slug(name)
  if id == "speaker-" or used[id] then id = "speaker-" .. i end
  local base, n = id, 1
  while used[id] do
    n = n + 1
    id = base .. "-" .. n
  end
  used[id] = true
  return id
end

local sections = {}
for i, name in ipairs(names) do
  local list = {}
  for j, q in ipairs(groups[name]) do
    local paras = {}
    for p in q.text:gsub("\r", ""):gsub("\n%s*\n", "\0"):gmatch("[^%z]+") do
      paras[#paras + 1] = p
    end
    local art = q.article
    list[j] = {
      paragraphs = paras,
      role = q.role,
      lang = art.lang,
      title = art.title,
      url = art.url and href(art.url),
      date = { iso = art.date:iso(), long = art.date:localized(lang) },
    }
  end
  sections[i] = { id = anchor(name, i), name = name, count = #list, quotes = list }
end

local PAGE = [[
{{<layout}}
{{$content}}
<h1 class="title">{{heading}}</h1>
<p class="summary">{{summary}}</p>
{{#speakers.1}}
<nav class="speakers" aria-label="Speakers">
<ul>
{{#speakers}}
<li><a href="#{{id}}">{{name}}</a> ({{count}})</li>
{{/speakers}}
</ul>
</nav>
{{/speakers.1}}
{{#speakers}}
<section class="speaker" id="{{id}}">
<h2>{{name}}</h2>
{{#quotes}}
<figure class="quote" lang="{{lang}}">
<blockquote>
{{#paragraphs}}
<p>{{.}}</p>
{{/paragraphs}}
</blockquote>
<figcaption>{{#role}}{{role}}, {{/role}}{{#url}}<a href="{{url}}">{{title}}</a>{{/url}}{{^url}}<cite>{{title}}</cite>{{/url}}, <time datetime="{{date.iso}}">{{date.long}}</time></figcaption>
</figure>
{{/quotes}}
</section>
{{/speakers}}
{{/content}}
{{/layout}}
]]

local heading = "Quotations"
local summary = ("%d quotation%s from %d speaker%s"):format(total, total == 1 and "" or "s",
  #names, #names == 1 and "" or "s")
if total == 0 then summary = "No quotations yet" end
lede.write("quotes/index.html", lede.template.render(PAGE, {
  site = site.config,
  lang = lang,
  page_title = heading .. " — " .. (site.config.title or ""),
  stylesheet = "../style.css",
  home = "../index.html",
  -- (the layout's skip link; the page's words are English)
  words = { skip = "Skip to content" },
  heading = heading,
  summary = summary .. ".",
  speakers = sections,
}))

print(("quotes: %s: quotes/index.html, quotes/quotes.json"):format(summary))
