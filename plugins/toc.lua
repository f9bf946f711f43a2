-- plugins/toc.lua: a table of contents at the top of long articles on html
-- outlets: a <div class="toc"> holding a nested list of links to the
-- body's headings, each heading given an anchor to link to.
--
-- Options:
--   min_level     the highest heading level listed; default 2 (the page's
--                 h1 is the article title)
--   max_level     the deepest level listed; default 3
--   min_headings  fewer listed headings than this: no table; default 3
--   title         the label above the list; default "Contents"; "" for none
--   class         the div's class; default "toc"
--
-- Runs in `transform`, on html outlets only (outlet.format == "html"); other
-- outlets and short articles are left alone. lede's HTML has no heading ids,
-- so each listed heading starts with an empty anchor, <h2><a id="results"></a>
-- Results</h2>, which is valid HTML5 and leaves the heading's own markup
-- alone. Anchor names are lede.slug of the heading's text ("section" when
-- that is empty), made unique with -2, -3...

local esc = lede.html.escape
local n = lede.node

local min_level, max_level, min_headings = 2, 3, 3
local title = "Contents"
local class = "toc"

local function level_option(opts, name)
  local v = opts[name]
  if v == nil then return nil end
  if math.type(v) ~= "integer" or v < 1 or v > 6 then
    error("toc: the option '" .. name .. "' must be a heading level from 1 to 6", 0)
  end
  return v
end

-- The headings to list, as {node, level, text, id}, ids unique.
local function headings(body)
  -- last[base]: the suffix base had last (counting up from 2 for each
  -- repeat made 4,000 headings alike take seconds)
  local list, used, last = {}, {}, {}
  for h in body:walk() do
    if h.type == "Heading" and h.level >= min_level and h.level <= max_level then
      local text = h:text():gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")
      local base = lede.slug(text)
      if base == "" then base = "section" end
      local id, k = base, last[base] or 1
      if used[id] then
        repeat
          k = k + 1
          id = base .. "-" .. k
        until not used[id]
      end
      last[base] = k
      used[id] = true
      list[#list + 1] = { node = h, level = h.level, text = text, id = id }
    end
  end
  return list
end

-- A nested list: the headings after one, deeper than it, go in a sub-list
-- of its item; a heading shallower than the list it is in closes it.
local function build(list)
  local i = 1
  local function items(depth)
    local out = {}
    while i <= #list and not (#out > 0 and list[i].level < depth) do
      local h = list[i]
      i = i + 1
      local content = { n.Paragraph { n.Link("#" .. h.id, h.text ~= "" and h.text or h.id) } }
      if i <= #list and list[i].level > h.level then
        content[2] = items(h.level + 1)
      end
      out[#out + 1] = n.Item(content)
    end
    return n.List(out, { tight = true })
  end
  local top = 6
  for _, h in ipairs(list) do top = math.min(top, h.level) end
  return items(top)
end

return {
  setup = function(site, opts)
    opts = opts or {}
    min_level = level_option(opts, "min_level") or min_level
    max_level = level_option(opts, "max_level") or max_level
    if min_level > max_level then
      error("toc: 'min_level' (" .. min_level .. ") is deeper than 'max_level' (" .. max_level .. ")", 0)
    end
    if opts.min_headings ~= nil then
      if math.type(opts.min_headings) ~= "integer" or opts.min_headings < 1 then
        error("toc: the option 'min_headings' must be a whole number from 1", 0)
      end
      min_headings = opts.min_headings
    end
    if opts.title ~= nil then
      if type(opts.title) ~= "string" then error("toc: the option 'title' must be a string", 0) end
      title = opts.title
    end
    if opts.class ~= nil then
      if type(opts.class) ~= "string" or opts.class == "" then
        error("toc: the option 'class' must be a non-empty string", 0)
      end
      class = opts.class
    end
  end,

  transform = function(a, outlet)
    if not outlet or outlet.format ~= "html" then return end
    local list = headings(a.body)
    if #list < min_headings then return end
    for _, h in ipairs(list) do
      h.node:prepend(n.RawInline("html", '<a id="' .. esc(h.id) .. '"></a>'))
    end
    local content = {}
    if title ~= "" then content[1] = n.Paragraph { n.Strong(title) } end
    content[#content + 1] = build(list)
    a.body:prepend(n.Div(class, content))
  end,
}
