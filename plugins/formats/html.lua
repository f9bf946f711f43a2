-- plugins/formats/html.lua: the html format. One page per article and an
-- index of the outlet's articles, newest first, through Mustache templates
-- (plugins/templates/, or the site's own templates/ of the same name).
-- Copy this file to your site's plugins/formats/html.lua to change it.

local labels = {
  en = { by = "By", tags = "Tags", newer = "Newer", older = "Older",
         page = "Page", of = "of", latest = "Latest news", home = "Home", tagged = "Tagged",
         sections = "Sections", editions = "Editions", correction = "Correction",
         corrections = "Corrections", updated = "Updated", skip = "Skip to content",
         backref = "Back to reference",
         notes = "Notes", pagination = "Pagination",
         page_of = "Page {n} of {total}" },
  fr = { by = "Par", tags = "Mots-clés", newer = "Plus récents", older = "Plus anciens",
         page = "Page", of = "sur", latest = "Dernières actualités", home = "Accueil",
         tagged = "Mot-clé\u{202F}:", sections = "Rubriques", editions = "Éditions",
         correction = "Rectificatif", corrections = "Rectificatifs",
         updated = "Mis à jour", skip = "Aller au contenu",
         backref = "Retour à l'appel de note",
         notes = "Notes", pagination = "Pagination",
         page_of = "Page {n} sur {total}" },
  es = { by = "Por", tags = "Etiquetas", newer = "Más recientes", older = "Más antiguos",
         page = "Página", of = "de", latest = "Últimas noticias", home = "Inicio",
         tagged = "Etiqueta:", sections = "Secciones", editions = "Ediciones",
         correction = "Corrección", corrections = "Correcciones",
         updated = "Actualizado", skip = "Saltar al contenido",
         backref = "Volver a la referencia",
         notes = "Notas", pagination = "Paginación",
         page_of = "Página {n} de {total}" },
  de = { by = "Von", tags = "Schlagwörter", newer = "Neuere", older = "Ältere",
         page = "Seite", of = "von", latest = "Aktuelle Nachrichten", home = "Startseite",
         tagged = "Schlagwort:", sections = "Rubriken", editions = "Ausgaben",
         correction = "Korrektur", corrections = "Korrekturen",
         updated = "Aktualisiert", skip = "Zum Inhalt springen",
         backref = "Zurück zum Verweis",
         notes = "Fußnoten", pagination = "Seitennavigation",
         page_of = "Seite {n} von {total}" },
  it = { by = "Di", tags = "Tag", newer = "Più recenti", older = "Meno recenti",
         page = "Pagina", of = "di", latest = "Ultime notizie", home = "Home",
         tagged = "Tag:", sections = "Sezioni", editions = "Edizioni",
         correction = "Correzione", corrections = "Correzioni",
         updated = "Aggiornato", skip = "Vai al contenuto",
         backref = "Torna al riferimento",
         notes = "Note", pagination = "Paginazione",
         page_of = "Pagina {n} di {total}" },
  pt = { by = "Por", tags = "Etiquetas", newer = "Mais recentes", older = "Mais antigas",
         page = "Página", of = "de", latest = "Últimas notícias", home = "Início",
         tagged = "Etiqueta:", sections = "Seções", editions = "Edições",
         correction = "Correção", corrections = "Correções",
         updated = "Atualizado", skip = "Ir para o conteúdo",
         backref = "Voltar à referência",
         notes = "Notas", pagination = "Paginação",
         page_of = "Página {n} de {total}" },
  nl = { by = "Door", tags = "Tags", newer = "Nieuwer", older = "Ouder",
         page = "Pagina", of = "van", latest = "Laatste nieuws", home = "Home",
         tagged = "Tag:", sections = "Rubrieken", editions = "Edities",
         correction = "Correctie", corrections = "Correcties",
         updated = "Bijgewerkt", skip = "Naar de inhoud",
         backref = "Terug naar verwijzing",
         notes = "Voetnoten", pagination = "Paginering",
         page_of = "Pagina {n} van {total}" },
  ru = { by = "Автор:", tags = "Теги", newer = "Более новые", older = "Более ранние",
         page = "Страница", of = "из", latest = "Последние новости", home = "Главная",
         tagged = "Тег:", sections = "Разделы", editions = "Издания",
         correction = "Исправление", corrections = "Исправления",
         updated = "Обновлено", skip = "Перейти к содержанию",
         backref = "Назад к ссылке",
         notes = "Примечания", pagination = "Навигация по страницам",
         page_of = "Страница {n} из {total}" },
  pl = { by = "Autor:", tags = "Tagi", newer = "Nowsze", older = "Starsze",
         page = "Strona", of = "z", latest = "Najnowsze wiadomości", home = "Strona główna",
         tagged = "Tag:", sections = "Działy", editions = "Wydania",
         correction = "Sprostowanie", corrections = "Sprostowania",
         updated = "Zaktualizowano", skip = "Przejdź do treści",
         backref = "Powrót do odwołania",
         notes = "Przypisy", pagination = "Paginacja",
         page_of = "Strona {n} z {total}" },
  tr = { by = "Yazan:", tags = "Etiketler", newer = "Daha yeni", older = "Daha eski",
         page = "Sayfa", of = "/", latest = "Son haberler", home = "Ana sayfa",
         tagged = "Etiket:", sections = "Bölümler", editions = "Baskılar",
         correction = "Düzeltme", corrections = "Düzeltmeler",
         updated = "Güncellendi", skip = "İçeriğe atla",
         backref = "Referansa dön",
         notes = "Notlar", pagination = "Sayfalama",
         page_of = "Sayfa {n} / {total}" },
  ar = { by = "بقلم", tags = "الوسوم", newer = "الأحدث", older = "الأقدم",
         page = "صفحة", of = "من", latest = "آخر الأخبار", home = "الرئيسية",
         tagged = "الوسم:", sections = "الأقسام", editions = "الطبعات",
         correction = "تصحيح", corrections = "تصحيحات",
         updated = "تم التحديث", skip = "انتقل إلى المحتوى",
         backref = "العودة إلى الإحالة",
         notes = "الحواشي", pagination = "ترقيم الصفحات",
         page_of = "صفحة {n} من {total}" },
  he = { by = "מאת", tags = "תגיות", newer = "חדשות יותר", older = "ישנות יותר",
         page = "עמוד", of = "מתוך", latest = "חדשות אחרונות", home = "דף הבית",
         tagged = "תגית:", sections = "מדורים", editions = "מהדורות",
         correction = "תיקון", corrections = "תיקונים",
         updated = "עודכן", skip = "דלג לתוכן",
         backref = "חזרה להפניה",
         notes = "הערות", pagination = "ניווט בין עמודים",
         page_of = "עמוד {n} מתוך {total}" },
  hi = { by = "लेखक:", tags = "टैग", newer = "नए", older = "पुराने",
         page = "पृष्ठ", of = "/", latest = "ताज़ा ख़बरें", home = "मुखपृष्ठ",
         tagged = "टैग:", sections = "खंड", editions = "संस्करण",
         correction = "सुधार", corrections = "सुधार",
         updated = "अपडेट किया गया", skip = "सामग्री पर जाएँ",
         backref = "संदर्भ पर वापस जाएँ",
         notes = "टिप्पणियाँ", pagination = "पृष्ठ नेविगेशन",
         page_of = "पृष्ठ {n} / {total}" },
  zh = { by = "作者：", tags = "标签", newer = "较新", older = "较早",
         page = "页", of = "/", latest = "最新消息", home = "首页",
         tagged = "标签：", sections = "栏目", editions = "版本",
         correction = "更正", corrections = "更正",
         updated = "更新于", skip = "跳到正文",
         backref = "返回引用",
         notes = "注释", pagination = "分页",
         page_of = "第 {n} 页，共 {total} 页", page_n = "第 {n} 页" },
  ja = { by = "文：", tags = "タグ", newer = "新しい記事", older = "過去の記事",
         page = "ページ", of = "/", latest = "最新ニュース", home = "ホーム",
         tagged = "タグ：", sections = "セクション", editions = "言語版",
         correction = "訂正", corrections = "訂正",
         updated = "更新", skip = "本文へスキップ",
         backref = "参照元に戻る",
         notes = "脚注", pagination = "ページ送り",
         page_of = "{total} ページ中 {n} ページ", page_n = "{n} ページ" },
  ko = { by = "글:", tags = "태그", newer = "최신 기사", older = "이전 기사",
         page = "페이지", of = "/", latest = "최신 뉴스", home = "홈",
         tagged = "태그:", sections = "섹션", editions = "언어판",
         correction = "정정", corrections = "정정",
         updated = "업데이트", skip = "본문 바로가기",
         backref = "참조로 돌아가기",
         notes = "각주", pagination = "페이지 탐색",
         page_of = "{total}페이지 중 {n}페이지", page_n = "{n}페이지" },
}

local esc = lede.html.escape

local function words_for(lang)
  lang = (lang or "en"):match("^(%a+)") or "en"
  return labels[lang:lower()] or labels.en
end

-- "Page 2 of 50" as the language says it ("第 2 页，共 50 页"), and
-- "Page 2" (a later index page's title).
local function page_of(w, n, total)
  return (w.page_of:gsub("{(%a+)}", { n = tostring(n), total = tostring(total) }))
end
local function page_n(w, n)
  return w.page_n and (w.page_n:gsub("{n}", tostring(n))) or (w.page .. " " .. n)
end

-- The relative path from a page's file back to the site root, so the
-- output works from any base URL and straight from the disk.
local function root_for(file)
  local _, depth = file:gsub("/", "")
  return string.rep("../", depth)
end

local function file_of(url)
  if url == "" or url:sub(-1) == "/" then return url .. "index.html" end
  return url
end

-- Whether the outlet has a front page to link to as home: without an
-- index, index.html is nobody's page and the link would be broken.
local function has_home(outlet)
  return outlet.config.index ~= nil
end

-- Where the site title leads: the site's front page, or, for an outlet
-- that is a site of its own (an edition with its `site:` title or
-- language), its own index (fr/index.html): a French reader was taken
-- to the English front page.
local function home_path(outlet)
  local own = outlet.config.site
  if type(own) ~= "table" or (own.title == nil and own.language == nil) then return "" end
  local idx = outlet.config.index
  local path = type(idx) == "table" and type(idx.path) == "string" and idx.path or "index.html"
  return (path:gsub("^/+", ""))
end

-- A link from a page at `root` to the site path `url`; "index.html" is
-- kept so links also work from the disk (file://).
local function href(root, url)
  return root .. file_of(url)
end

local feed_types = {
  rss = "application/rss+xml",
  atom = "application/atom+xml",
  jsonfeed = "application/feed+json",
}

-- <link rel="alternate"> entries for the feeds that link to this outlet.
local function alternates(outlet, root)
  local list = {}
  for _, o in ipairs(outlet.linked or {}) do
    if feed_types[o.format] then
      list[#list + 1] = { type = feed_types[o.format], href = root .. o.path, title = o.name }
    end
  end
  return #list > 0 and list or nil
end

-- The page of a tag, when the outlet has tag pages and the tag a slug
-- (a tag in another script or an emoji slugs to nothing: no page).
local function tag_url(outlet, root, name)
  local pattern = outlet.config.tags and outlet.config.tags.path
  local slug = lede.slug(name)
  if not pattern or slug == "" then return nil end
  return href(root, (pattern:gsub("{tag}", slug)))
end

-- site.extra_css: stylesheets (a path or a list of them, relative to the
-- site's root, or absolute URLs) linked after lede's own style.css, so a
-- site adds rules instead of replacing the whole stylesheet.
local function extra_css(site, root)
  local v = site.extra_css
  if v == nil then return nil end
  if type(v) == "string" then v = { v } end
  if type(v) ~= "table" then
    error("site.extra_css must be a stylesheet path or a list of them, not a " .. type(v), 0)
  end
  local list = {}
  for i, path in ipairs(v) do
    if type(path) ~= "string" or path == "" then
      error("site.extra_css: item " .. i .. " must be a stylesheet path", 0)
    end
    local absolute = path:match("^%a[%w+.-]*:") or path:sub(1, 2) == "//"
    list[i] = { href = absolute and path or root .. path:gsub("^/", "") }
  end
  return #list > 0 and list or nil
end

local media = lede.require("media")
local image_config = media.config

-- <picture> for a lede.image.renditions result: a <source> per format but
-- the last (the fallback, JPEG by default) and an <img> with its srcset,
-- the width and height of the largest rendition (so the page keeps the
-- image's box before it loads) and the middle one as src.
local function picture(img, alt, root, sizes, title)
  local by, order = {}, {}
  for _, r in ipairs(img.renditions) do
    if not by[r.format] then by[r.format] = {}; order[#order + 1] = r.format end
    table.insert(by[r.format], r)
  end
  local function srcset(list)
    local t = {}
    for i, r in ipairs(list) do t[i] = esc(root .. r.path) .. " " .. r.width .. "w" end
    return table.concat(t, ", ")
  end
  local out = { "<picture>" }
  for i = 1, #order - 1 do
    local list = by[order[i]]
    out[#out + 1] = string.format('<source type="%s" srcset="%s" sizes="%s">', list[1].type,
      srcset(list), esc(sizes))
  end
  local fallback = by[order[#order]]
  local largest, middle = fallback[#fallback], fallback[math.ceil(#fallback / 2)]
  out[#out + 1] = string.format('<img src="%s" srcset="%s" sizes="%s" width="%d" height="%d" alt="%s"%s decoding="async">',
    esc(root .. middle.path), srcset(fallback), esc(sizes), largest.width, largest.height, esc(alt or ""),
    title and title ~= "" and (' title="' .. esc(title) .. '"') or "")
  out[#out + 1] = "</picture>"
  return table.concat(out), largest
end

-- site.base_url without its trailing slashes, trimmed once per value
-- (this runs several times for every page).
local trimmed = {}
local function base_of(site)
  local raw = site.base_url or ""
  local base = trimmed[raw]
  if not base then
    base = raw:gsub("/+$", "")
    trimmed[raw] = base
  end
  return base
end

-- An absolute URL for the site path url (nil when the site has no
-- base_url), for what leaves the site: og:image, hreflang, JSON-LD.
local function absolute(site, url)
  local base = base_of(site)
  if base == "" then return nil end
  if url == nil or url == "" then return base .. "/" end
  return base .. "/" .. (url:byte(1) == 47 and url:gsub("^/+", "") or url)
end

-- The lead image (front matter image:) as a <figure class="lead">, and
-- what the head needs of it; nil when the article has none.
local function lead_image(a, outlet, root)
  local lead = media.lead(a, outlet.site)
  if not lead then return nil end
  local html, og, w, h
  if lead.img then
    local big
    html, big = picture(lead.img, lead.alt, root, image_config(outlet.site).sizes)
    og, w, h = absolute(outlet.site, media.largest(lead.img).path), big.width, big.height
  else
    html = string.format('<img src="%s" alt="%s" decoding="async">', esc(lead.src), esc(lead.alt or ""))
    og = lead.src:match("^https?://") and lead.src or nil
  end
  local cap = {}
  if lead.caption then cap[#cap + 1] = '<span class="caption">' .. esc(lead.caption) .. "</span>" end
  if lead.credit then cap[#cap + 1] = '<span class="credit">' .. esc(lead.credit) .. "</span>" end
  if #cap > 0 then html = html .. "\n<figcaption>" .. table.concat(cap, " ") .. "</figcaption>" end
  return { html = '<figure class="lead">\n' .. html .. "\n</figure>", og = og, width = w,
    height = h, alt = lead.alt }
end

-- An image's URL as a message names it: at most 60 bytes (a whole
-- character last), "..." for the rest.
local function short(url)
  if #url <= 60 then return url end
  local cut = 57
  while cut > 0 and (url:byte(cut + 1) or 0) & 0xC0 == 0x80 do cut = cut - 1 end
  return url:sub(1, cut) .. "..."
end

-- Images inside the body with a file in the site get the same renditions;
-- a missing file is a warning and the image is left as written. An image
-- without alt text (![](x.png)) is a warning at its place, once for the
-- build: its alt="" tells a screen reader to pass it by, which only
-- decoration should be; ![""](x.png) says so on purpose (lede.html.alt).
-- (A filter table: lede visits the tree in C and calls back for images
-- only, where a walk() would make a Lua value of every node.)
-- An article that repeats one image without alt text at 10,000 places
-- would print 10,000 warnings: as lede does for one message repeated in
-- a file, each image's first ALT_SHOWN are shown, then one more says how
-- many places were left unsaid (the same for every outlet: said once).
local ALT_SHOWN = 10

-- Whether an alt text is only spaces (NBSP and thin ones too): as good
-- as none to a reader, though no ![""] said so.
local function blank(s)
  return s:gsub("\194\160", ""):gsub("\226\128[\137\175]", ""):find("^%s*$") ~= nil
end

local function body_images(a, outlet, root)
  local cfg
  local missing, last = {}, {}
  a.body:walk({ Image = function(n)
    local url = n.url or ""
    local alt, decorative = lede.html.alt(n:text())
    if not decorative and blank(alt) then
      local u = short(url)
      missing[u] = (missing[u] or 0) + 1
      if missing[u] <= ALT_SHOWN then
        lede.image.warn(a, n, string.format("the image '%s' has no alt text%s, so screen readers pass it " ..
          "by; write what it shows between its brackets, or ![\"\"](%s) if it is only decoration", u,
          alt == "" and "" or " (only spaces)", u), true)
      elseif missing[u] == ALT_SHOWN + 1 then
        last[#last + 1] = { u = u, n = n }
      end
    end
    local file = lede.image.source(a, url)
    if not file then return nil end
    cfg = cfg or image_config(outlet.site)
    local ok, img = pcall(lede.image.renditions, file, cfg)
    if ok then
      return lede.node.RawInline("html", (picture(img, alt, root, cfg.sizes, n.title)))
    end
    lede.image.warn(a, n, (tostring(img):gsub("^lede.image.renditions: ", "")) ..
      "; the image is left as written")
  end })
  for _, m in ipairs(last) do
    local more = missing[m.u] - ALT_SHOWN
    lede.image.warn(a, m.n, string.format("the image '%s' has no alt text here and at %d more " ..
      "place%s of this article after it (not shown one by one); write what it shows between " ..
      "the brackets of each, or ![\"\"](%s) where it is only decoration", m.u, more - 1,
      more - 1 == 1 and "" or "s", m.u), true)
  end
end

-- The byline: its names as one text (`authors`, for a site's own older
-- templates) and one by one, {name, sep} (sep: what comes before the
-- name), for a template that isolates each (<bdi>): a name in Arabic in
-- an English byline, or Latin names in an Arabic one, keep their order
-- and their commas, whatever script the next name is in. The names are
-- joined as the page's language lists them (words.list: what comes
-- between two names, and before the last: "A, B and C", "A, B et C",
-- "A、B和C"). Each name's bidi controls closed once, for both
-- (lede.text.bidi_close: an override one author's name leaves open does
-- not turn the next).
local news = lede.require("news")
local function byline(list, lang)
  local n = #list
  if n == 0 then return nil, nil end
  local text, items = {}, {}
  local names = {}
  for i, v in ipairs(list) do names[i] = lede.text.bidi_close(tostring(v)) end
  local seps = news.list_separators(names, lang)
  for i, name in ipairs(names) do
    items[i] = { name = name, sep = seps[i] }
    text[#text + 1] = seps[i]
    text[#text + 1] = name
  end
  return table.concat(text), items
end

-- (a killed story's notice: the one the wire and the feeds give too)
for lang, w in pairs(labels) do
  w.withdrawn = news.withdrawn(lang)
  w.list = news.list_words(lang) -- (templates: words.list)
  w.code = lang
end

-- Each language by its own name (the switcher is read by its speakers).
local language_names = {
  en = "English", fr = "Français", es = "Español", de = "Deutsch", it = "Italiano",
  pt = "Português", ca = "Català", nl = "Nederlands", sv = "Svenska", pl = "Polski",
  tr = "Türkçe", el = "Ελληνικά", ru = "Русский", uk = "Українська", ar = "العربية",
  he = "עברית", fa = "فارسی", ur = "اردو", hi = "हिन्दी", bn = "বাংলা", zh = "中文",
  ja = "日本語", ko = "한국어", th = "ไทย", vi = "Tiếng Việt", id = "Bahasa Indonesia",
  sw = "Kiswahili",
}

-- sections: {path: "{section}/", list: [...]} on the outlet: the bar of
-- section fronts, in the list's order, marking the page's own section:
-- aria_current "page" when the link is this very page (the section's
-- front, page 1), "true" when it is only the section the page is in (an
-- article, a later page of the front).
local function section_nav(outlet, root, current, here)
  local s = outlet.config.sections
  if type(s) ~= "table" or type(s.path) ~= "string" or type(s.list) ~= "table" then return nil end
  local items = {}
  for i, name in ipairs(s.list) do
    name = tostring(name)
    local is = name == current
    items[i] = { name = name, url = href(root, (s.path:gsub("{section}", lede.slug(name)))),
                 current = is or nil, aria_current = is and (here and "page" or "true") or nil }
  end
  return #items > 0 and { items = items } or nil
end

-- The page's other editions (a.translations, or the outlet's editions
-- for an index): hreflang alternates (absolute when the site has a
-- base_url) and the language switcher, the page's own language first.
local function editions(site, root, lang, own_url, others)
  if not others or #others == 0 then return nil end
  local page_dir = news.direction(lang)
  local list = { { lang = news.language(lang), name = language_names[lang] or lang, current = true,
                   href = absolute(site, own_url) or href(root, own_url) } }
  for _, t in ipairs(others) do
    list[#list + 1] = { lang = news.language(t.lang), name = language_names[t.lang] or t.lang, title = t.title,
                        href = absolute(site, t.url) or href(root, t.url), link = href(root, t.url),
                        dir = news.dir_within(t.lang, page_dir) or false }
  end
  return { items = list }
end

-- Search and social metadata: Open Graph, Twitter card and schema.org
-- NewsArticle JSON-LD (docs/config.md "Search and social metadata").
local function social(a, outlet, permalink, modified, lead)
  local site = outlet.site
  -- the lead image's largest rendition (absolute), else an image URL
  local image = lead and lead.og
  if not image then
    image = type(a.meta.image) == "table" and a.meta.image.src or a.meta.image
    if type(image) ~= "string" then image = nil end
    if image and not image:match("^%a[%w+.-]*:") then
      image = permalink and lede.url.resolve(permalink, image) or nil
    end
  end
  local people = {}
  for i, n in ipairs(a.authors) do people[i] = { ["@type"] = "Person", name = tostring(n) } end
  if #people == 0 then
    people[1] = { ["@type"] = "Organization",
                  name = type(site.author) == "string" and site.author or site.title }
  end
  local tags = {}
  for i, t in ipairs(a.tags) do tags[i] = tostring(t) end
  -- Published when it went public: a story under embargo at its release,
  -- as the feeds and the news sitemap give it (news.published); its
  -- latest change never before that (news.latest: a correction made under
  -- embargo is part of the version released).
  local released = news.published(a)
  local published = released:rfc3339()
  if modified and not (modified > released) then modified = nil end
  local ld = {
    ["@context"] = "https://schema.org",
    ["@type"] = "NewsArticle",
    headline = a.title,
    description = a.summary ~= "" and a.summary or nil,
    datePublished = published,
    dateModified = modified and modified:rfc3339() or published,
    author = people,
    publisher = { ["@type"] = "Organization", name = site.title,
                  url = absolute(site, "") },
    image = image and { image } or nil,
    inLanguage = news.language(a.lang),
    articleSection = a.section,
    keywords = #tags > 0 and table.concat(tags, ", ") or nil,
    mainEntityOfPage = permalink,
  }
  -- (false, not nil, where a value is missing: a section inside
  -- {{#social}} would find the page's own `image` or `modified` table)
  return {
    image = image or false,
    published = published,
    modified = modified and ld.dateModified or false,
    tags = #tags > 0 and tags or nil,
    locale = (a.lang:gsub("-", "_")),
    card = image and "summary_large_image" or "summary",
    jsonld = lede.json.encode(ld),
  }
end

local function article_context(a, outlet, root)
  local site = outlet.site
  local w = words_for(a.lang)
  local tags = {}
  for i, t in ipairs(a.tags) do
    tags[i] = { name = t, slug = lede.slug(t), url = tag_url(outlet, root, t) }
  end
  local authors = a.authors
  local byline_text, byline_items = byline(authors, w.code)
  -- (a killed story's page is its notice: its pictures are not published)
  local image
  if not news.canceled(a) then
    image = lead_image(a, outlet, root)
    body_images(a, outlet, root)
  end
  local permalink = absolute(site, a.url)
  local published = news.published(a)
  local modified = news.modified(a)
  local mod = modified and { iso = modified:iso(), long = modified:localized(a.lang) }
  -- (not those made under embargo, but where the story came early)
  local corrections = news.corrections(a, nil, not outlet.config.embargoed)
  local major = false
  for _, c in ipairs(corrections) do major = major or c.major end
  return {
    description = a.summary ~= "" and a.summary or site.description,
    social = social(a, outlet, permalink, modified, image),
    sections = section_nav(outlet, root, a.section),
    editions = editions(site, root, a.lang, a.url, a.translations),
    corrections = #corrections > 0 and { items = corrections, major = major or nil,
                                         minor = not major or nil } or nil,
    modified = mod,
    -- (shown under the title when later than the date shown there: a
    -- change made under embargo is part of the version released; on
    -- the day shown there, by its time: "Updated 14:32 UTC")
    updated = mod and modified > published
      and (mod.long ~= published:localized(a.lang) and mod
        or { iso = mod.iso, long = modified:format("%H:%M %Z") }) or nil,
    site = site,
    lang = news.language(a.lang),
    dir = news.dir_within(a.lang), -- "rtl", or nothing (left to right)
    root = root,
    home = has_home(outlet) and href(root, home_path(outlet)) or nil,
    stylesheet = root .. "style.css",
    extra_css = extra_css(site, root),
    alternates = alternates(outlet, root),
    words = w,
    page_title = lede.text.bidi_close(a.title) .. (site.title ~= "" and (" — " .. site.title) or ""),
    title = a.title,
    section = a.section,
    summary = a.summary,
    -- (published: a story released from embargo is dated from its
    -- release, as its metadata, the feeds and the index are)
    date = { iso = published:iso(), long = published:localized(a.lang) },
    authors = byline_text,
    author_list = byline_items,
    tag_list = #tags > 0 and { items = tags } or nil,
    image = image,
    -- The body's headings under the page's h1 (the title): its highest
    -- level is an h2 (an author's "# Background", or "###" alone), the
    -- levels between them kept, h6 at most. Screen readers list a page by
    -- its headings: a second h1, or an h3 straight under the h1, misleads.
    body = a:html { backref = w.backref, notes = w.notes, headings = 2 },
    permalink = permalink,
    meta = a.meta,
  }
end

return {
  -- Nothing is kept across calls, index pages included: a large site's
  -- index and tag pages are made on two states at once.
  parallel = true,

  -- site.images read once before any article: a bad setting stops the
  -- build, not every article with an image
  setup = function(site) image_config(site) end,

  render = function(a, outlet)
    -- The page is written at a.file (its own outlet's path), even when
    -- a.url names a linked outlet's page.
    local root = root_for(file_of(a.file or a.url))
    local template = outlet.template or "article"
    -- A killed story's page is replaced by a withdrawn notice.
    local ctx = article_context(a, outlet, root)
    if news.canceled(a) then
      template, ctx.description, ctx.editions = "withdrawn", nil, nil
    end
    return lede.template.render(template, ctx)
  end,

  index = function(list, outlet, page)
    local site = outlet.site
    local file = file_of(page.url)
    local root = root_for(file)
    local w = words_for(site.language)
    local page_dir = news.direction(site.language)
    local items = {}
    for i, a in ipairs(list) do
      -- (each field read once: a record's fields are made for Lua as read)
      -- (a.published: a story released from embargo is listed, and
      -- dated, from its release; a record has it without its meta)
      local lang, date = a.lang, news.published(a)
      items[i] = {
        title = a.title,
        url = href(root, a.url),
        section = a.section,
        lang = news.language(lang),
        -- (false, not nil: an item without dir must not take the page's)
        dir = lang ~= site.language and news.dir_within(lang, page_dir) or false,
        date = { iso = date:iso(), long = date:localized(lang) },
        summary = a.summary,
      }
    end
    local template = outlet.config.index and outlet.config.index.template or "index"
    return lede.template.render(template, {
      site = site,
      lang = news.language(site.language),
      dir = news.dir_within(site.language),
      root = root,
      home = has_home(outlet) and href(root, home_path(outlet)) or nil,
      stylesheet = root .. "style.css",
      extra_css = extra_css(site, root),
      alternates = alternates(outlet, root),
      words = w,
      page_title = ((page.tag or page.section) and (lede.text.bidi_close(page.tag or page.section) .. " — ")
        or "") .. (page.number > 1
        and (lede.text.bidi_close(site.title) .. " — " .. page_n(w, page.number)) or site.title),
      heading = page.tag and (w.tagged .. " " .. page.tag) or page.section or w.latest,
      description = site.description,
      sections = section_nav(outlet, root, page.section, page.number == 1),
      editions = not page.tag and not page.section and page.number == 1
        and editions(site, root, site.language, page.url, outlet.editions) or nil,
      items = items,
      page = page,
      paginated = page.total > 1,
      page_of = page.total > 1 and page_of(w, page.number, page.total) or nil,
      prev = page.prev_url and href(root, page.prev_url) or nil,
      next = page.next_url and href(root, page.next_url) or nil,
    })
  end,
}
