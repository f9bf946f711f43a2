-- plugins/editor_notes.lua: a Pandoc-style filter that turns one node type
-- into another: a paragraph that opens with a bold label such as
-- **Correction:**, **Update:** or **Editor's note:** becomes a Div of
-- class "note correction" (or "note update"...) holding that paragraph, so
-- the page can box corrections and updates the way newsrooms show them,
-- without writers typing HTML.
--
-- Options:
--   labels  a mapping of label -> class word, replacing the default
--           { Correction = "correction", Clarification = "clarification",
--             Update = "update", ["Editor's note"] = "editors-note" }
--   class   the class every note gets besides its own; default "note"
--
-- Works on every outlet: html gets <div class="note correction">, text and
-- feeds get the paragraph as it was (a Div is only a wrapper there). The
-- label matches case-insensitively, with the colon inside or just after the
-- bold ("**Update**: ..."), and ’ for '. Paragraphs inside block quotes and
-- list items are notes too. Only the filter's shape matters to lede: a
-- `nodes.Paragraph` function that returns a new node replaces the old one.

local n = lede.node

local labels = { correction = "correction", clarification = "clarification",
  update = "update", ["editor's note"] = "editors-note" }
local base = "note"

local function norm(label)
  return (label:gsub("’", "'"):gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""):lower())
end

local function class_word(v, what)
  if type(v) ~= "string" or not v:match("^[%w_%-]+$") then
    error("editor_notes: " .. what .. " must be one word of letters, digits, - and _", 0)
  end
  return v
end

-- The class word of a paragraph that opens with a known bold label, or nil.
local function note_of(para)
  local first = para.first
  if not first or first.type ~= "Strong" then return nil end
  local label = norm(first:text())
  local colon = label:match(":$")
  label = label:gsub("%s*:$", "")
  if not colon then
    local after = first.next
    if not (after and after.type == "Text" and after.literal:match("^%s*:")) then return nil end
  end
  return labels[label]
end

return {
  setup = function(site, opts)
    opts = opts or {}
    if opts.class ~= nil then base = class_word(opts.class, "the option 'class'") end
    if opts.labels ~= nil then
      if type(opts.labels) ~= "table" then
        error("editor_notes: the option 'labels' must be a mapping of label to class", 0)
      end
      labels = {}
      for k, v in pairs(opts.labels) do
        if type(k) ~= "string" then
          error("editor_notes: the option 'labels' must be a mapping of label to class", 0)
        end
        labels[norm(k)] = class_word(v, "the class of label '" .. k .. "'")
      end
    end
  end,

  nodes = {
    Paragraph = function(para)
      local word = note_of(para)
      if not word then return nil end
      return n.Div(base .. " " .. word, { para:clone() })
    end,
  },
}
