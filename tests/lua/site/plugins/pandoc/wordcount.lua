-- Ported from Pandoc's wordcount filter:
--   words = 0
--   wordcount = { Str = function(el) if el.text:match("%P") then words = words + 1 end end,
--                 Code = function(el) _, n = el.text:gsub("%S+", ""); words = words + n end }
--   function Pandoc(el) el.blocks:walk(wordcount); print(words .. " words in body") end
-- lede has no Pandoc function: a transform hook walks a.body.
return {
  transform = function(a)
    local words = 0
    local function count(s)
      for w in s:gmatch("%S+") do if w:match("%P") then words = words + 1 end end
    end
    a.body:walk {
      Text = function(t) count(t.literal) end,
      Code = function(c) count(c.literal) end,
      CodeBlock = function(c) count(c.literal) end,
    }
    a.meta.wordcount = words
  end,
}
