-- Shows, in the web outlet's copy, what the article hook left.
return {
  transform = function(a, outlet)
    local last = a.links[#a.links]
    local parts = {
      "links=" .. #a.links, "first=" .. a.links[1].text, "last=" .. last.url,
      "speaker=" .. tostring(a.quotes[1] and a.quotes[1].speaker),
      "tags=" .. table.concat(a.tags, ","), "authors=" .. table.concat(a.authors, ","),
      "counter=" .. a.meta.counter.n .. "/" .. table.concat(a.meta.counter.list, ""),
      "when=" .. a.meta.counter.when:rfc3339(), "empty=" .. type(a.meta.empty),
    }
    a.body:append(lede.node.Paragraph({ lede.node.Text(table.concat(parts, " ")) }))
    a.meta.counter.n = a.meta.counter.n + 1 -- this outlet's copy only
  end,
}
