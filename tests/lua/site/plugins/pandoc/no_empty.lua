-- Ported from Pandoc (drop empty paragraphs and spans):
--   function Para(el) if #el.content == 0 then return {} end end
--   function Span(el) if #el.content == 0 then return {} end end
return {
  nodes = {
    Paragraph = function(p) if #p:children() == 0 or p:text():match("^%s*$") then return {} end end,
    Span = function(s) if #s:children() == 0 then return {} end end,
  },
}
