-- 'Txt' is no node type (Text is): it would never match.
return {
  nodes = {
    Txt = function(n) n.literal = n.literal:upper() end,
    Strong = function(n) return lede.node.Emph(n:children()) end,
  },
}
