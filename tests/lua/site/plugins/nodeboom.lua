-- Raises in a node filter (tests/lua/hooks_test.lua): the message must
-- name the node type and the article line of the node.
return {
  nodes = {
    Link = function(link)
      error("cannot check " .. link.url)
    end,
  },
}
