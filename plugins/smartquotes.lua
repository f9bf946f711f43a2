-- plugins/smartquotes.lua: typographic quotation marks and apostrophes in
-- the article's own language: en “…” ‘…’ ’, fr « … » (narrow no-break
-- spaces inside, and before ; ! ? with a no-break space before :), es «…».
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
-- Languages other than en, fr and es are left alone.

-- The rules themselves are lede.text.smartquotes (C): this file picks the
-- text they apply to. Most text has nothing to change, so a byte check
-- comes first and such text is left as it is, untouched.

local KNOWN = { en = true, fr = true, es = true }

local forced_lang
local do_titles = true

-- The language to use, or nil for one the rules leave alone.
local function lang_for(lang)
  lang = forced_lang or lang or "en"
  local primary = (lang:match("^(%a+)") or ""):lower()
  if KNOWN[primary] then return lang end
end

-- Whether s holds a byte the rules could change: ' or ", and in French
-- ; : ! ? and the second byte of « ».
local function worth_it(s, lang)
  if s:find("[\"']") then return true end
  return lang:sub(1, 2):lower() == "fr" and s:find("[;:!?\171\187]") ~= nil
end

-- An autolink's text is the URL itself: leave it as it is.
local function is_url_text(t)
  local p = t.parent
  if not p or p.type ~= "Link" or p.first ~= p.last then return false end
  local u, s = p.url or "", t.literal or ""
  return u == s or u == "mailto:" .. s or u == "http://" .. s
end

-- What stands for the inlines that are not text: read as neighbours (code
-- counts as a word, a break as a line end), never rewritten.
local WORD, BREAK = { "x" }, { "\n" }
local PLACEHOLDER = { Code = WORD, HtmlInline = WORD, RawInline = WORD, SoftBreak = BREAK,
  LineBreak = BREAK }

-- A paragraph, heading or table cell is one run of text, so a quotation
-- may hold links or emphasis.
local function fix_block(block, opts)
  local pieces, texts, at = {}, {}, {}
  for n in block:walk() do
    if n ~= block then
      local ty = n.type
      if ty == "Text" then
        if is_url_text(n) then
          pieces[#pieces + 1] = WORD
        else
          pieces[#pieces + 1] = n.literal
          texts[#texts + 1] = n
          at[#texts] = #pieces
        end
      elseif PLACEHOLDER[ty] then
        pieces[#pieces + 1] = PLACEHOLDER[ty]
      end
    end
  end
  if #texts == 0 then return end
  local out = lede.text.smartquotes(pieces, opts)
  for k, t in ipairs(texts) do
    local s = out[at[k]]
    if s ~= t.literal then t.literal = s end
  end
end

local BLOCKS = { Paragraph = true, Heading = true, TableCell = true }

local function apply(a)
  local lang = lang_for(a.lang)
  if not lang then return end
  local opts = { lang = lang }
  -- The byte check on the whole body first (its text joined in C), then on
  -- each block.
  if worth_it(a.body:text(), lang) then
    for n in a.body:walk() do
      if BLOCKS[n.type] and worth_it(n:text(), lang) then fix_block(n, opts) end
    end
  end
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
