-- plugins/smartquotes.lua: typographic quotation marks and apostrophes in
-- the article's own language: en “…” ‘…’ ’, fr « … » (narrow no-break
-- spaces inside, and before ; ! ? with a no-break space before :), es and
-- it «…» “…”, de „…“ ‚…‘, ru, uk and be «…» „…“, pl „…” «…».
--
-- Options:
--   lang    use this language instead of each article's a.lang
--   titles  also fix a.title and a.summary; default true
--
-- Works on Text nodes only, so code (Code, CodeBlock), raw HTML and the text
-- of bare URLs are never touched. Each paragraph, heading or table cell is
-- read as one run of text, so a quotation may hold links or emphasis. In
-- English the author's choice of " or ' is kept (“…” or ‘…’); in French and
-- Spanish the nesting level decides: « » outside, then “ ”, then ‘ ’.
-- Typographic quotes already in the text are kept (they count for nesting;
-- in French a plain space beside « or » becomes a narrow no-break space).
-- Other languages are left alone.

-- The rules themselves are lede.text.smartquotes (C), which also walks the
-- body: given a node, it reads each paragraph, heading and table cell as
-- one run of text (inline code and raw HTML count as a word, the text of an
-- autolink too). Most text has nothing to change: a byte check comes first
-- and such text is left as it is, untouched.

local KNOWN = { en = true, fr = true, es = true, it = true, de = true, ru = true, uk = true, be = true, pl = true }

local forced_lang
local do_titles = true

-- The language to use, or nil for one the rules leave alone.
local function lang_for(lang)
  lang = forced_lang or lang or "en"
  local primary = (lang:match("^(%a+)") or ""):lower()
  if KNOWN[primary] then return lang end
end

local function apply(a)
  local lang = lang_for(a.lang)
  if not lang then return end
  local opts = { lang = lang }
  -- Each paragraph, heading and table cell is one run of text; the walk,
  -- the byte check and the rewrite all happen in C.
  lede.text.smartquotes(a.body, opts)
  if do_titles then
    local t = a.title
    if type(t) == "string" then
      local fixed = lede.text.smartquotes(t, opts)
      if fixed ~= t then a.title = fixed end
    end
    local s = a.summary
    if type(s) == "string" then
      local fixed = lede.text.smartquotes(s, opts)
      if fixed ~= s then a.summary = fixed end
    end
  end
end

return {
  setup = function(site, opts)
    opts = opts or {}
    forced_lang = opts.lang
    if opts.titles ~= nil then do_titles = opts.titles and true or false end
  end,

  transform = function(a, outlet)
    apply(a)
  end,

  -- For scripts and tests: the same rules on a plain string.
  _string = function(s, lang)
    lang = lang_for(lang)
    if not lang or type(s) ~= "string" then return s end
    return lede.text.smartquotes(s, { lang = lang })
  end,
}
