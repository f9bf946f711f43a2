-- Lists, in this outlet's copy, the quotes found in the article.
return {
  transform = function(a, outlet)
    local parts = { outlet.name .. ": " .. #a.quotes .. " quotes" }
    for i, q in ipairs(a.quotes) do
      parts[#parts + 1] = i .. ". " .. tostring(q.speaker) .. " (" .. tostring(q.cue) .. "): " .. q.text
    end
    a.body:append(lede.node.Paragraph({ lede.node.Text(table.concat(parts, " | ")) }))
  end,
}
