-- plugins/lib/news.lua: the editorial state of an article as the bundled
-- formats read it from the front matter: corrections, the date of the
-- latest version, a kill (pubstatus: canceled), an embargo. The core has
-- already checked these keys (a bad one holds the article back); this
-- only reads them. Load it with lede.require("news").
local news = {}

-- A front matter date: an unquoted YAML timestamp already is a lede.date,
-- a quoted one is parsed.
local function as_date(v)
  if type(v) == "string" then return (lede.date.parse(v)) end
  if type(v) == "userdata" and pcall(v.rfc3339, v) then return v end
  return nil
end
news.date = as_date

--- corrections: [{date, text, severity}] as a list, oldest first, each
--- with `date` a lede.date, `text`, `major` (severity: major) and `iso`
--- and `long` (the date localized in lang) for templates. With
--- `released`, only those made after the story was published
--- (news.published): one made while it was under embargo is part of the
--- version the public got, not a correction of it (a reader would see a
--- correction dated before the story came out). An outlet that had the
--- story early (embargoed: true) shows them all.
function news.corrections(a, lang, released)
  local out = {}
  local since = released and news.published(a)
  for _, c in ipairs(type(a.meta.corrections) == "table" and a.meta.corrections or {}) do
    local d = as_date(c.date)
    if d and type(c.text) == "string" and not (since and not (d > since)) then
      out[#out + 1] = { date = d, text = c.text, major = c.severity == "major",
                        iso = d:iso(), long = d:localized(lang or a.lang) }
    end
  end
  table.sort(out, function(x, y) return x.date < y.date end)
  return out
end

--- The date of the article's latest version: its latest correction, or
--- its front matter `updated:`, whichever is later; nil when it has none.
function news.modified(a)
  local latest = as_date(a.meta.updated)
  for _, c in ipairs(news.corrections(a)) do
    if not latest or latest < c.date then latest = c.date end
  end
  return latest
end

-- The languages written right to left (CLDR's default scripts), and the
-- scripts that are, for a tag that names its script (az-Arab, ku-Arab).
local rtl_languages = {
  ar = true, arc = true, ckb = true, dv = true, fa = true, glk = true, he = true,
  iw = true, ji = true, ks = true, lrc = true, mzn = true, pnb = true, ps = true,
  sd = true, syr = true, ug = true, ur = true, yi = true,
}
local rtl_scripts = {
  adlm = true, arab = true, hebr = true, mand = true, mend = true, nkoo = true,
  rohg = true, samr = true, syrc = true, thaa = true,
}

--- The direction a language is written in: "rtl" for Arabic, Hebrew,
--- Persian, Urdu and the other languages written right to left (or a tag
--- naming such a script, `az-Arab`), else "ltr" (`sr-Latn`, `en`, nil).
--- For HTML's dir attribute: an Arabic edition's pages read right to left.
local directions = {} -- (a tag's, once worked out: a page and its items ask often)
function news.direction(tag)
  local known = directions[tag or ""]
  if known then return known end
  local t = type(tag) == "string" and tag:lower():gsub("_", "-") or ""
  local script = t:match("^%a+%-(%a%a%a%a)%f[^%a]")
  local d
  if script then
    d = rtl_scripts[script] and "rtl" or "ltr"
  else
    d = rtl_languages[t:match("^%a+") or ""] and "rtl" or "ltr"
  end
  if type(tag) == "string" or tag == nil then directions[tag or ""] = d end
  return d
end

--- dir for an element in language tag inside a page (or item) written in
--- direction `within` ("ltr" when nil: a page's own, in the document): the
--- tag's direction when it differs, else nil (the element inherits it).
function news.dir_within(tag, within)
  local d = news.direction(tag)
  if d ~= (within or "ltr") then return d end
  return nil
end

--- A language tag as BCP 47 writes it, for lang attributes and the
--- feeds: lede.yaml and front matter may write `fr_CA`, which names the
--- folders as written but is no tag for HTML, XML or JSON Feed (`fr-CA`).
function news.language(tag)
  return tag and (tag:gsub("_", "-")) or tag
end

--- What stands in a killed story's place (pubstatus: canceled), in its
--- language: its page, its newsletter file, its wire item and its feed
--- entries say this instead of the story.
local withdrawn = {
  en = "This article has been withdrawn.",
  fr = "Cet article a été retiré.",
  es = "Este artículo ha sido retirado.",
  de = "Dieser Artikel wurde zurückgezogen.",
  it = "Questo articolo è stato ritirato.",
  pt = "Este artigo foi retirado.",
  nl = "Dit artikel is ingetrokken.",
  ru = "Эта статья отозвана.",
  pl = "Ten artykuł został wycofany.",
  tr = "Bu makale geri çekildi.",
  ar = "سُحب هذا المقال.",
  he = "כתבה זו הוסרה.",
  hi = "यह लेख वापस ले लिया गया है।",
  zh = "本文已撤回。",
  ja = "この記事は取り下げられました。",
  ko = "이 기사는 철회되었습니다.",
}
function news.withdrawn(lang)
  lang = ((lang or "en"):match("^(%a+)") or "en"):lower()
  return withdrawn[lang] or withdrawn.en
end

--- The notice as a body: its HTML and its text, each a line, for a format
--- that lists a killed story in place of the story (a feed, the wire).
function news.withdrawn_body(lang)
  local notice = news.withdrawn(lang)
  return "<p>" .. lede.html.escape(notice) .. "</p>\n", notice .. "\n"
end

--- Whether the story was killed (pubstatus: canceled).
function news.canceled(a)
  return a.meta.pubstatus == "canceled"
end

--- Whether the story is withheld (pubstatus: withheld): held back from
--- every outlet but the wire, which lists it so partners pull it.
function news.withheld(a)
  return a.meta.pubstatus == "withheld"
end

--- The embargo as a lede.date while it has not passed at the build
--- time, else nil (an outlet with `embargoed: true` gets it early).
function news.embargo(a, site)
  local d = as_date(a.meta.embargo)
  if d and site and site.now and d <= site.now then return nil end
  return d
end

--- When the story was published: its embargo's time once it has lifted,
--- when that is after its date (a story written on the third and released
--- on the tenth is news on the tenth), else its date. The date the
--- collections order it by, the feeds date it from and its page shows:
--- lede's a.published (a record has it without reading its meta); a table
--- standing for an article (a test's) is read from its meta.
function news.published(a)
  if type(a) == "userdata" then return a.published end
  local e = as_date(a.meta.embargo)
  if e and e > a.date then return e end
  return a.date
end

--- The date of the article's latest version as the feeds and sitemaps
--- give it: news.modified, not before news.published (a correction made
--- under embargo is part of the version released); news.published when
--- it has none. An Atom entry's `updated`, a sitemap's `lastmod`.
function news.latest(a)
  local p, m = news.published(a), news.modified(a)
  if m and m > p then return m end
  return p
end

--- How each language lists names (CLDR's "and" list pattern): what goes
--- between two of them, and before the last ("A, B and C", "A, B et
--- C", "A、B和C"), for the bylines of the html and text formats.
local list_words = {
  en = { ", ", " and " }, fr = { ", ", " et " }, es = { ", ", " y " },
  de = { ", ", " und " }, it = { ", ", " e " }, pt = { ", ", " e " },
  nl = { ", ", " en " }, ru = { ", ", " и " }, pl = { ", ", " i " },
  tr = { ", ", " ve " }, ar = { " و", " و" }, he = { ", ", " ו" },
  hi = { ", ", " और " }, zh = { "、", "和" }, ja = { "、", "、" }, ko = { ", ", " 및 " },
}

-- The languages whose "and" changes with the name after it, as CLDR's
-- list patterns have it: Spanish "e" before the sound /i/ ("Ana e
-- Isabel", "e Hilda", but "y Hiedra"); Hebrew "ו-" before a name not in
-- Hebrew letters ("ו-Ann", "וחיים"). nil: the language's usual word.
local last_join = {
  es = function(name)
    local rest = name:match("^[Hh]?([IiÍí\xC3].*)") -- (Í, í: C3 8D, C3 AD)
    if not rest then return nil end
    if rest:byte(1) == 0xC3 then
      local b = rest:byte(2)
      if b ~= 0x8D and b ~= 0xAD then return nil end
      rest = rest:sub(3)
    else
      rest = rest:sub(2)
    end
    -- (hie-, hia-, hió-: a vowel after it, y)
    if rest:match("^[AaEeOo]") or rest:match("^\xC3[\xA1\xA9\xB3\x81\x89\x93]") then return nil end
    return " e "
  end,
  he = function(name)
    local b1, b2 = name:byte(1, 2)
    if b1 == 0xD7 and b2 and b2 >= 0x90 and b2 <= 0xAA then return nil end
    return " ו-"
  end,
}

local function primary(lang)
  return ((lang or "en"):match("^(%a+)") or "en"):lower()
end

--- The pair {between, before the last} lang lists names with (English's
--- for a language it does not know).
function news.list_words(lang)
  return list_words[primary(lang)] or list_words.en
end

--- What comes before each of names (strings) listed in lang: "" before
--- the first, then the language's separators ({"", ", ", " and "}).
function news.list_separators(names, lang)
  local code = primary(lang)
  local words, last = list_words[code] or list_words.en, last_join[code]
  local n, seps = #names, {}
  for i = 1, n do
    seps[i] = i == 1 and "" or i == n and (last and last(names[i]) or words[2]) or words[1]
  end
  return seps
end

return news
