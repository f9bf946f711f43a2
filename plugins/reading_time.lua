-- plugins/reading_time.lua: estimates how long an article takes to read and
-- puts it in a.meta for templates: {{meta.reading_time}} (minutes) and
-- {{meta.reading_time_text}} ("3 min read", in the article's language).
--
-- Options:
--   wpm  words read per minute; default 230
--
-- Listed in the top-level plugins: it runs once per article (the `article`
-- hook). Listed on an outlet, it runs on that outlet's copy (`transform`),
-- after the outlet's other transforms have changed the body. A value already
-- in the front matter (reading_time: 5) is kept.

local wpm = 230

local texts = {
  en = "%d min read",
  fr = "%d min de lecture",
  es = "%d min de lectura",
}

local function text_for(lang, minutes)
  local primary = (lang or "en"):match("^(%a+)") or "en"
  return string.format(texts[primary:lower()] or texts.en, minutes)
end

local function minutes_for(a)
  return math.max(1, math.ceil(a:words() / wpm))
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
    local n = opts and opts.wpm
    if n ~= nil then
      n = tonumber(n)
      if not n or n <= 0 then
        error("reading_time: the option 'wpm' must be a positive number of words per minute", 0)
      end
      wpm = n
    end
  end,

  article = function(a)
    set(a)
  end,

  transform = function(a, outlet)
    set(a)
  end,
}
