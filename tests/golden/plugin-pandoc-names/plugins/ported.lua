-- A Pandoc Lua filter dropped in as it was: Pandoc's names, a misspelt
-- lede name (Txt), a key that is no name at all; only Emph matches.
return {
  nodes = {
    Str = function(el) end,
    Space = function() end,
    Para = function(el) end,
    Header = function(el) end,
    BulletList = function(el) end,
    Note = function(el) end,
    Meta = function(m) end,
    traverse = "topdown",
    Inlines = function(l) end,
    SmallCaps = function(el) end,
    Txt = function(el) end,
    Emph = function(el) return lede.node.Strong(el:children()) end,
    [1] = function() end,
  },
}
