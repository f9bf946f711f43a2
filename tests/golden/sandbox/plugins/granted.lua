-- A sandboxed plugin granted raw HTML by its entry (raw_html: true).
return {
  article = function(a)
    if a.meta.try == "granted" then
      a.body:append(lede.node.RawBlock("html", "<aside>granted</aside>"))
    end
  end,
}
