-- plugins/pullquote.lua: sets the article's best quotation (from a.quotes)
-- as a pull quote in HTML outlets, right after the paragraph that holds it:
-- <blockquote class="pullquote"><p>…</p><footer>— Speaker, role</footer></blockquote>
--
-- Options:
--   min_confidence  ignore quotations the extractor is less sure of; default 0.5
--   class           the blockquote's class; default "pullquote"
--
-- The best quotation has the highest confidence, then a speaker, then a
-- length between 60 and 240 characters, then comes first. Outlets whose
-- format is not html, and articles without a quotation, are left alone.

local min_confidence = 0.5
local class = "pullquote"

-- Letters and digits only, lower case: how a quotation (Markdown source,
-- straight quotes) and a node's text (rendered, maybe typographic quotes)
-- are compared.
local PUNCT = { "’", "‘", "“", "”", "«", "»", "„", "‹", "›", "—", "–", "…",
  "\u{00A0}", "\u{202F}" }

local function norm(s)
  s = s:lower()
  for _, p in ipairs(PUNCT) do s = s:gsub(p, "") end
  return (s:gsub("[%c%p%s]", ""))
end

-- The part of a normalised string that is safe to look for: n characters
-- from the start (or the end), cut on a UTF-8 boundary.
local function head(s, n)
  if #s <= n then return s end
  local cut = n
  while cut < #s and s:byte(cut + 1) >= 0x80 and s:byte(cut + 1) < 0xC0 do cut = cut + 1 end
  return s:sub(1, cut)
end

local function tail(s, n)
  if #s <= n then return s end
  local cut = #s - n + 1
  while cut > 1 and s:byte(cut) >= 0x80 and s:byte(cut) < 0xC0 do cut = cut - 1 end
  return s:sub(cut)
end

-- The body's blocks as core/extract.c numbers them (q.paragraph): each
-- paragraph, heading, code block, table and block quote is one, each list
-- item's blocks count on their own, thematic breaks do not count. Each
-- entry keeps the top-level block to insert after.
local LEAF = { Paragraph = true, Heading = true, CodeBlock = true, HtmlBlock = true,
  Table = true, BlockQuote = true }

local function number_blocks(body)
  local list = {}
  local function visit(n, top)
    if LEAF[n.type] then
      list[#list + 1] = { top = top, text = norm(n:text()) }
    elseif n.type == "List" or n.type == "Item" then
      for _, c in ipairs(n:children()) do visit(c, top) end
    end
  end
  for _, n in ipairs(body:children()) do visit(n, n) end
  return list
end

local function strength(q)
  local len = utf8.len(q.text or "") or #(q.text or "")
  return math.floor((q.confidence or 0) * 100 + 0.5),
    (q.speaker and q.speaker ~= "") and 1 or 0,
    (len >= 60 and len <= 240) and 1 or 0
end

local function better(q, r)
  local a1, a2, a3 = strength(q)
  local b1, b2, b3 = strength(r)
  if a1 ~= b1 then return a1 > b1 end
  if a2 ~= b2 then return a2 > b2 end
  if a3 ~= b3 then return a3 > b3 end
  return (q.start or 0) < (r.start or 0)
end

local function best(quotes)
  local pick
  for _, q in ipairs(quotes or {}) do
    if type(q.text) == "string" and q.text:match("%S") and (q.confidence or 0) >= min_confidence
      and (not pick or better(q, pick)) then
      pick = q
    end
  end
  return pick
end

-- The block holding `needle`, nearest to the expected index.
local function locate(blocks, needle, want, from)
  if needle == "" then return nil end
  if blocks[want] and blocks[want].text:find(needle, 1, true) then return want end
  local found, dist
  for i = from or 1, #blocks do
    if blocks[i].text:find(needle, 1, true) then
      local d = math.abs(i - want)
      if not found or d < dist then found, dist = i, d end
    end
  end
  return found
end

-- Where the quotation ends: after its last paragraph when it spans several.
local function place(blocks, q)
  local words = norm(q.text)
  local want = q.paragraph or 1
  local first = locate(blocks, head(words, 40), want) or locate(blocks, tail(words, 40), want)
  if not first then return blocks[want] and want or nil end
  local last = first
  local ending = tail(words, 40)
  if not blocks[first].text:find(ending, 1, true) then
    for i = first + 1, math.min(#blocks, first + 20) do
      if blocks[i].text:find(ending, 1, true) then
        last = i
        break
      end
    end
  end
  return last
end

-- The quotation as display text: Markdown links and emphasis marks out,
-- white space (paragraph breaks included) collapsed.
local function clean(s)
  s = s:gsub("!?%[([^%]]*)%]%([^)]*%)", "%1"):gsub("[*`]", "")
  -- an apostrophe inside a word is always ’, whatever the language
  s = s:gsub("([%w\128-\255])'([%w\128-\255])", "%1’%2")
  -- "…it was," said X: the comma belongs to the sentence, not the quote.
  return (s:gsub("%s+", " "):gsub("^ ", ""):gsub("[ ,;:]+$", ""))
end

local function markup(q)
  local esc = lede.html.escape
  local parts = { '<blockquote class="', esc(class), '">\n<p>', esc(clean(q.text)), "</p>\n" }
  if q.speaker and q.speaker:match("%S") then
    local who = clean(q.speaker)
    if q.role and q.role:match("%S") then who = who .. ", " .. clean(q.role) end
    parts[#parts + 1] = "<footer>— " .. esc(who) .. "</footer>\n"
  end
  parts[#parts + 1] = "</blockquote>"
  return table.concat(parts)
end

return {
  setup = function(site, opts)
    opts = opts or {}
    if opts.min_confidence ~= nil then
      local n = tonumber(opts.min_confidence)
      if not n or n < 0 or n > 1 then
        error("pullquote: the option 'min_confidence' must be a number from 0 to 1", 0)
      end
      min_confidence = n
    end
    if opts.class ~= nil then class = tostring(opts.class) end
  end,

  transform = function(a, outlet)
    if outlet and outlet.format ~= "html" then return end
    local q = best(a.quotes)
    if not q then return end
    local blocks = number_blocks(a.body)
    local i = place(blocks, q)
    if not i then return end
    blocks[i].top:insert_after(lede.node.RawBlock("html", markup(q)))
  end,

  -- For tests and scripts: the quotation this plugin would pick.
  _best = best,
}
