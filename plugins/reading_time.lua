-- plugins/reading_time.lua: estimates how long an article takes to read and
-- puts it in a.meta for templates: {{meta.reading_time}} (minutes) and
-- {{meta.reading_time_text}} ("3 min read", in the article's language).
--
-- Options:
--   wpm  words read per minute; default 230
--   cpm  for Chinese and Japanese, characters read per minute (a:words()
--        counts each of their characters); default 500
--
-- Listed in the top-level plugins: it runs once per article (the `article`
-- hook). Listed on an outlet, it runs on that outlet's copy (`transform`),
-- after the outlet's other transforms have changed the body. A value already
-- in the front matter (reading_time: 5) is kept.

local wpm, cpm = 230, 500

local texts = {
  en = "%d min read",
  fr = "%d min de lecture",
  es = "%d min de lectura",
  de = "%d Min. Lesezeit",
  it = "%d min di lettura",
  pt = "%d min de leitura",
  nl = "%d min leestijd",
  ru = "%d мин чтения",
  pl = "%d min czytania",
  tr = "%d dk okuma",
  ar = "وقت القراءة: %d د",
  he = "%d דק׳ קריאה",
  hi = "पढ़ने में %d मिनट",
  zh = "阅读时间 %d 分钟",
  ja = "%d分で読めます",
  ko = "%d분 읽기",
}

local function primary(lang)
  return ((lang or "en"):match("^(%a+)") or "en"):lower()
end

local function text_for(lang, minutes)
  return string.format(texts[primary(lang)] or texts.en, minutes)
end

-- Chinese and Japanese have no spaces between words: a:words() counts
-- each character, and they are read by the character.
local function minutes_for(a)
  local p = primary(a.lang)
  return math.max(1, math.ceil(a:words() / ((p == "zh" or p == "ja") and cpm or wpm)))
end

local function rate(opts, key, what)
  local n = opts and opts[key]
  if n == nil then return nil end
  n = tonumber(n)
  if not n or n <= 0 then
    error("reading_time: the option '" .. key .. "' must be a positive number of " .. what, 0)
  end
  return n
end

local function set(a)
  local meta = a.meta
  if meta.reading_time == nil then
    meta.reading_time = minutes_for(a)
  end
  local minutes = tonumber(meta.reading_time)
  if meta.reading_time_text == nil and minutes then
    meta.reading_time_text = text_for(a.lang, minutes)
  end
end

return {
  setup = function(site, opts)
    wpm = rate(opts, "wpm", "words per minute") or wpm
    cpm = rate(opts, "cpm", "characters per minute") or cpm
  end,

  article = function(a)
    set(a)
  end,

  transform = function(a, outlet)
    set(a)
  end,
}
