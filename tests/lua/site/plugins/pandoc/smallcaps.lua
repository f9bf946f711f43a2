-- Ported from Pandoc (a Str filter that sets acronyms in small caps):
--   function Str(el)
--     if el.text:match("^%u%u+$") then return pandoc.SmallCaps(el.text:lower()) end
--   end
-- lede's Text holds a run of words: the acronyms are cut out of it.
return {
  nodes = {
    Text = function(t)
      if not t.literal:find("%u%u") then return nil end
      local out, at = {}, 1
      for s, word, e in t.literal:gmatch("()(%f[%w]%u%u+%f[%W])()") do
        if s > at then out[#out + 1] = lede.node.Text(t.literal:sub(at, s - 1)) end
        out[#out + 1] = lede.node.Span(nil, word:lower(), { classes = { "smallcaps" } })
        at = e
      end
      if at <= #t.literal then out[#out + 1] = lede.node.Text(t.literal:sub(at)) end
      return out
    end,
  },
}
