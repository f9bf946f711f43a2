-- Node filters of every kind of result (tests/lua/hooks_test.lua).
return {
  nodes = {
    Link = function(node) -- mutate in place, return nil: keep
      node.url = node.url:gsub("^http:", "https:")
    end,
    Emph = function(node) -- a node: replace
      return lede.node.Strong(node:children())
    end,
    Code = function(node) -- a list: splice
      return { lede.node.Text("«"), node, lede.node.Text("»") }
    end,
    Strikethrough = function() -- an empty list: delete
      return {}
    end,
  },
}
