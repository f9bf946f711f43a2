-- plugins/formats/text.lua: the text format, for newsletters and e-mail.
-- One plain-text file per article (title, date, authors, the body wrapped at
-- the outlet's `width`) and a digest of all the outlet's articles; with
-- `link_to` each article and the digest link to the other outlet's pages.
-- Copy this file to your site's plugins/formats/text.lua to change it.

local labels = {
  en = { by = "By", digest = "Digest of", page = "Page", of = "of", correction = "Correction",
         corrected = "Corrected", web = "On the web:" },
  fr = { by = "Par", digest = "Sélection du", page = "Page", of = "sur",
         correction = "Rectificatif", corrected = "Rectifié",
         web = "Sur le web :" },
  es = { by = "Por", digest = "Selección del", page = "Página", of = "de",
         correction = "Corrección", corrected = "Corregido",
         web = "En la web:" },
  de = { by = "Von", digest = "Auswahl vom", page = "Seite", of = "von",
         correction = "Korrektur", corrected = "Korrigiert",
         web = "Im Web:" },
  it = { by = "Di", digest = "Selezione di", page = "Pagina", of = "di",
         correction = "Correzione", corrected = "Corretto",
         web = "Sul web:" },
  pt = { by = "Por", digest = "Seleção de", page = "Página", of = "de",
         correction = "Correção", corrected = "Corrigido",
         web = "Na web:" },
  nl = { by = "Door", digest = "Selectie van", page = "Pagina", of = "van",
         correction = "Correctie", corrected = "Gecorrigeerd",
         web = "Op het web:" },
  ru = { by = "Автор:", digest = "Дайджест:", page = "Страница", of = "из",
         correction = "Исправление", corrected = "Исправлено",
         web = "На сайте:" },
  pl = { by = "Autor:", digest = "Przegląd:", page = "Strona", of = "z",
         correction = "Sprostowanie", corrected = "Poprawiono",
         web = "W sieci:" },
  tr = { by = "Yazan:", digest = "Özet:", page = "Sayfa", of = "/",
         correction = "Düzeltme", corrected = "Düzeltildi",
         web = "Web'de:" },
  ar = { by = "بقلم", digest = "ملخص:", page = "صفحة", of = "من",
         correction = "تصحيح", corrected = "صُحّح",
         web = "على الموقع:" },
  he = { by = "מאת", digest = "תקציר:", page = "עמוד", of = "מתוך",
         correction = "תיקון", corrected = "תוקן",
         web = "באתר:" },
  hi = { by = "लेखक:", digest = "सारांश:", page = "पृष्ठ", of = "/",
         correction = "सुधार", corrected = "सुधारा गया",
         web = "वेब पर:" },
  zh = { by = "作者：", digest = "摘要：", page = "页", of = "/",
         correction = "更正", corrected = "更正于",
         web = "网页版：" },
  ja = { by = "文：", digest = "ダイジェスト：", page = "ページ", of = "/",
         correction = "訂正", corrected = "訂正",
         web = "ウェブ版：" },
  ko = { by = "글:", digest = "요약:", page = "페이지", of = "/",
         correction = "정정", corrected = "정정",
         web = "웹에서:" },
}

local news = lede.require("news")
-- (a killed story's notice: the one the wire and the feeds give too)
for lang, w in pairs(labels) do w.withdrawn = news.withdrawn(lang) end

local function words_for(lang)
  lang = (lang or "en"):match("^(%a+)") or "en"
  return labels[lang:lower()] or labels.en
end

-- Plain text has no escaping, so what cannot be shown (control
-- characters a terminal or mail client may act on) is removed; lede.text
-- wraps by display width and never breaks a word or a URL.
local clean, wrap, columns = lede.text.clean, lede.text.wrap, lede.text.width

-- A title wrapped like a paragraph and underlined as wide as its longest
-- line, the Markdown setext style readers of plain-text mail know.
local function heading(title, width, mark)
  local text = wrap(title, width)
  local longest = 0
  for l in text:gmatch("[^\n]+") do longest = math.max(longest, columns(l)) end
  return text .. "\n" .. string.rep(mark, longest)
end

local function width_of(outlet)
  local config = outlet.config or {}
  local w = tonumber(config.width or (config.options or {}).width) or 72
  if w < 20 and w ~= 0 then w = 20 end
  return math.floor(w)
end

-- Names listed as lang does ("Ann, Bo and Cy", "Ann, Bo et Cy").
local function join(list, lang)
  local t = {}
  for i, v in ipairs(list) do t[i] = clean(v) end
  local seps, out = news.list_separators(t, lang), {}
  for i, name in ipairs(t) do out[#out + 1] = seps[i] .. name end
  return table.concat(out)
end

-- A line of mail holds at most 998 bytes (RFC 5322, 2.1.1). Wrapping keeps
-- lines to the outlet's width, but never breaks a word or a URL: one
-- longer than that stays whole, on a line of its own, and a line past 998
-- bytes is for the sender to encode (quoted-printable or base64; mail
-- libraries choose it themselves for long lines), since a mail server
-- given it as it is breaks the line, and the URL in it. So a warning says
-- which, unless the outlet asked for long lines (width 0, or past 998).
local MAIL_LINE = 998

-- The first line of text past MAIL_LINE bytes: its number and length.
local function long_line(text)
  if #text <= MAIL_LINE then return nil end
  local n = 0
  for line in (text .. "\n"):gmatch("(.-)\n") do
    n = n + 1
    if #line > MAIL_LINE then return n, #line end
  end
end

-- (before: the number of lines of the file before text, for the digest)
local function warn_long(text, width, what, before)
  if width == 0 or width > MAIL_LINE then return end
  local n, len = long_line(text)
  if n then
    n = n + (before or 0)
    lede.log.warn(("line %d of %s is %d bytes, more than the 998 a line of mail may hold "
      .. "(RFC 5322): a URL or word longer than the width is not broken; send the file "
      .. "quoted-printable or base64 (mail libraries do for long lines), not as it is "
      .. "through sendmail, whose server would break the line and the URL in it"):format(n, what, len))
  end
end

-- The page of the article for readers: base_url joined to the outlet's URL
-- (with `link_to`, the web page's).
local function absolute(site, url)
  local base = (site.base_url or ""):gsub("/+$", "")
  if base == "" then return url end
  return base .. "/" .. url:gsub("^/+", "")
end

return {
  -- What its files hold: lede.yaml cannot name them as HTML pages.
  media_type = "text/plain",
  render = function(a, outlet)
    local width = width_of(outlet)
    local w = words_for(a.lang)
    local out = { heading(a.title, width, "="), "" }
    -- A killed story's file is replaced by a withdrawn notice.
    if news.canceled(a) then
      out[#out + 1] = wrap(w.withdrawn, width)
      return table.concat(out, "\n") .. "\n"
    end
    -- (a story released from embargo: from its release, as the feeds)
    out[#out + 1] = news.published(a):localized(a.lang)
    if #a.authors > 0 then
      out[#out + 1] = wrap(words_for(a.lang).by .. " " .. join(a.authors, a.lang), width)
    end
    -- With link_to, a.url is the article's web page (a.file this text):
    -- the reader of the e-mail gets the way to it.
    if a.url and a.url ~= a.file then
      out[#out + 1] = words_for(a.lang).web .. " " .. absolute(outlet.site, a.url)
    end
    out[#out + 1] = ""
    -- A reader of an e-mail cannot follow a site-relative link: make
    -- links and images absolute (this is the outlet's own copy).
    local page = absolute(outlet.site, a.url or "")
    if page:match("^%a[%w+.-]*:") then
      local function absolutize(n)
        if n.url and not n.url:match("^#") then n.url = lede.url.resolve(page, n.url) end
      end
      a.body:walk { Link = absolutize, Image = absolutize }
    end
    out[#out + 1] = a:text { width = width }
    -- Corrections: one line each after the story.
    for _, c in ipairs(news.corrections(a, nil, not outlet.config.embargoed)) do
      out[#out + 1] = ""
      out[#out + 1] = wrap(w.correction .. " (" .. c.long .. "): " .. clean(c.text), width)
    end
    local text = table.concat(out, "\n"):gsub("\n*$", "\n")
    warn_long(text, width, a.file or "the text")
    return text
  end,

  index = function(list, outlet, page)
    local site = outlet.site
    local width = width_of(outlet)
    local w = words_for(site.language)
    local out = { heading(site.title ~= "" and site.title or "Digest", width, "="), "" }
    if (site.description or "") ~= "" then
      out[#out + 1] = wrap(site.description, width)
      out[#out + 1] = ""
    end
    out[#out + 1] = w.digest .. " " .. site.now:localized(site.language)
    if page.total > 1 then
      out[#out + 1] = string.format("%s %d %s %d", w.page, page.number, w.of, page.total)
    end
    for i, a in ipairs(list) do
      local first = #out + 1
      local number = string.format("%d. ", i)
      local indent = string.rep(" ", #number)
      out[#out + 1] = ""
      out[#out + 1] = number .. wrap(a.title, width, indent):sub(#indent + 1)
      out[#out + 1] = indent .. news.published(a):localized(a.lang)
      local modified = news.corrections(a, nil, not outlet.config.embargoed)
      modified = modified[#modified]
      if modified then
        out[#out + 1] = wrap(words_for(a.lang).corrected .. " " .. modified.long .. ": "
          .. clean(modified.text), width, indent)
      end
      if (a.summary or "") ~= "" then
        out[#out + 1] = wrap(a.summary, width, indent)
      end
      if a.url then out[#out + 1] = indent .. absolute(site, a.url) end
      local entry = table.concat(out, "\n", first)
      if long_line(entry) then -- (the lines before it counted only then)
        local _, before = table.concat(out, "\n", 1, first - 1):gsub("\n", "")
        warn_long(entry, width, ("%s (the entry of %s)"):format(page.url, a.path), before + 1)
      end
    end
    return table.concat(out, "\n") .. "\n"
  end,
}
