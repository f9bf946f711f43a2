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

local NBSP, NNBSP = "\u{00A0}", "\u{202F}"

local styles = {
  en = { levels = { { "“", "”" }, { "‘", "’" } }, by_char = true },
  fr = { levels = { { "«", "»" }, { "“", "”" }, { "‘", "’" } }, spaced = true },
  es = { levels = { { "«", "»" }, { "“", "”" }, { "‘", "’" } } },
}

local forced_lang
local do_titles = true

local SPACE = { [" "] = true, ["\t"] = true, ["\n"] = true, [NBSP] = true, [NNBSP] = true,
  ["\u{2009}"] = true, ["\u{2002}"] = true, ["\u{2003}"] = true }
local OPENERS = { ["("] = true, ["["] = true, ["{"] = true, ["—"] = true, ["–"] = true,
  ["-"] = true, ["/"] = true, ["“"] = true, ["‘"] = true, ["«"] = true, ["„"] = true,
  ["‹"] = true, ["¿"] = true, ["¡"] = true }
-- Existing typographic marks and the mark that closes each.
local TYPO_OPEN = { ["«"] = "»", ["“"] = "”", ["‹"] = "›" }
local FR_SPACE_BEFORE = { [";"] = NNBSP, ["!"] = NNBSP, ["?"] = NNBSP, [":"] = NBSP }
-- What may follow a French ; : ! ? for it to be punctuation (not a URL, a
-- time or "a?b").
local FR_AFTER = { ["!"] = true, ["?"] = true, ["."] = true, [","] = true, [")"] = true,
  ["]"] = true, ["»"] = true, ["”"] = true, ["’"] = true, ['"'] = true, ["'"] = true,
  ["…"] = true }

local function is_space(c) return c == nil or SPACE[c] == true end

-- Letters and digits of any script: not a space and not punctuation.
local function is_word(c)
  if c == nil or SPACE[c] then return false end
  if #c == 1 then return c:match("^%w$") ~= nil end
  return not (OPENERS[c] or c == "”" or c == "’" or c == "»" or c == "›" or c == "…")
end

local function style_for(lang)
  local primary = ((forced_lang or lang or "en"):match("^(%a+)") or ""):lower()
  return styles[primary]
end

-- The quotation machine over one run of characters. `chars` is a list of
-- {c = character, node = index or nil}; entries without a node stand for
-- things that are not text (code, breaks) and are never written. Returns
-- the output strings, one per entry.
local function run(chars, st)
  local out = {}
  for i, e in ipairs(chars) do out[i] = e.c end
  local stack = {} -- { ch = '"' or "'" or a typographic opener, level = n }
  local opened = {} -- entry index -> true when it was made an opening mark
  local n = #chars

  local function find(ch)
    for k = #stack, 1, -1 do
      if stack[k].ch == ch then return k end
    end
  end
  local function mark(level, side, ch)
    local pairs_ = st.levels
    if st.by_char then return ch == "'" and pairs_[2][side] or pairs_[1][side] end
    return pairs_[math.min(level, #pairs_)][side]
  end
  -- Text entries only: entries without a node are not ours to rewrite.
  local function space_entry(k)
    return k >= 1 and k <= n and chars[k].node and SPACE[chars[k].c] and chars[k].c ~= "\n"
  end
  local function open_mark(i, ch)
    local level = #stack + 1
    stack[level] = { ch = ch, level = level }
    opened[i] = true
    local m = mark(level, 1, ch)
    if st.spaced and m == "«" then
      if space_entry(i + 1) then out[i + 1] = "" end
      m = m .. NNBSP
    end
    out[i] = m
  end
  local function close_mark(i, ch)
    local k = find(ch)
    local level = 1
    if k then
      level = stack[k].level
      for j = #stack, k, -1 do stack[j] = nil end
    end
    local m = mark(level, 2, ch)
    if st.spaced and m == "»" then
      if space_entry(i - 1) then out[i - 1] = "" end
      m = NNBSP .. m
    end
    out[i] = m
  end

  for i = 1, n do
    local e = chars[i]
    local c = e.c
    local prev = chars[i - 1] and chars[i - 1].c
    local nxt = chars[i + 1] and chars[i + 1].c
    local after_open = i == 1 or is_space(prev) or OPENERS[prev] or opened[i - 1]
    if not e.node then
      -- a placeholder: nothing to rewrite
    elseif c == '"' then
      if after_open and (not is_space(nxt) or not find(c)) then
        open_mark(i, c)
      else
        close_mark(i, c)
      end
    elseif c == "'" then
      if is_word(prev) and is_word(nxt) then
        out[i] = "’" -- don't, l'homme
      elseif (is_word(prev) or not after_open) and find("'") then
        close_mark(i, c)
      elseif not after_open then
        out[i] = "’" -- cities' (a possessive), or a stray mark
      elseif nxt and nxt:match("^%d$") and chars[i + 2] and chars[i + 2].c:match("^%d$") then
        out[i] = "’" -- '90s
      elseif not is_space(nxt) then
        open_mark(i, c)
      else
        out[i] = "’"
      end
    elseif TYPO_OPEN[c] then
      local level = #stack + 1
      stack[level] = { ch = c, level = level }
      if st.spaced and c == "«" and space_entry(i + 1) then out[i + 1] = NNBSP end
    elseif c == "»" or c == "”" or c == "›" then
      for k = #stack, 1, -1 do
        if TYPO_OPEN[stack[k].ch] == c then
          for j = #stack, k, -1 do stack[j] = nil end
          break
        end
      end
      if st.spaced and c == "»" and space_entry(i - 1) then out[i - 1] = NNBSP end
    elseif st.spaced and FR_SPACE_BEFORE[c] and i > 1 and (is_space(nxt) or FR_AFTER[nxt])
      and not FR_SPACE_BEFORE[prev] and prev ~= "\n" then
      local sp = FR_SPACE_BEFORE[c]
      if space_entry(i - 1) then
        out[i - 1] = sp
      elseif chars[i - 1].node or not SPACE[prev] then
        out[i] = sp .. c
      end
    end
  end
  return out
end

local function split(s, node, into)
  for ch in s:gmatch(utf8.charpattern) do
    into[#into + 1] = { c = ch, node = node }
  end
end

-- An autolink's text is the URL itself: leave it as it is.
local function is_url_text(t)
  local p = t.parent
  if not p or p.type ~= "Link" or p.first ~= p.last then return false end
  local u, s = p.url or "", t.literal or ""
  return u == s or u == "mailto:" .. s or u == "http://" .. s
end

local PLACEHOLDER = { Code = "x", HtmlInline = "x", RawInline = "x", SoftBreak = "\n",
  LineBreak = "\n" }

local function fix_block(block, st)
  local chars, texts = {}, {}
  for n in block:walk() do
    if n ~= block then
      if n.type == "Text" then
        if is_url_text(n) then
          chars[#chars + 1] = { c = "x" }
        else
          texts[#texts + 1] = n
          split(n.literal, #texts, chars)
        end
      elseif PLACEHOLDER[n.type] then
        chars[#chars + 1] = { c = PLACEHOLDER[n.type] }
      end
    end
  end
  if #texts == 0 then return end
  local out = run(chars, st)
  local parts = {}
  for i, e in ipairs(chars) do
    if e.node then
      local p = parts[e.node] or {}
      p[#p + 1] = out[i]
      parts[e.node] = p
    end
  end
  for k, t in ipairs(texts) do
    local s = table.concat(parts[k] or {})
    if s ~= t.literal then t.literal = s end
  end
end

local function fix_string(s, st)
  if type(s) ~= "string" or s == "" then return s end
  local chars = {}
  split(s, 1, chars)
  return table.concat(run(chars, st))
end

local BLOCKS = { Paragraph = true, Heading = true, TableCell = true }

-- Most blocks have nothing to change: only ASCII quotes are converted, and
-- in French the spacing of « » ; : ! ? is fixed. Checking the block's text
-- (joined in C) first keeps the character-by-character pass for the
-- blocks that need it.
local function worth_it(block, st)
  local text = block:text()
  if st.spaced then return text:find("[\"';:!?]") or text:find("«", 1, true) or text:find("»", 1, true) end
  return text:find("[\"']")
end

local function apply(a)
  local st = style_for(a.lang)
  if not st then return end
  for n in a.body:walk() do
    if BLOCKS[n.type] and worth_it(n, st) then fix_block(n, st) end
  end
  if do_titles then
    local t = fix_string(a.title, st)
    if t ~= a.title then a.title = t end
    local s = a.summary
    local fixed = fix_string(s, st)
    if fixed ~= s then a.summary = fixed end
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
    local st = style_for(lang)
    if not st then return s end
    return fix_string(s, st)
  end,
}
