-- A collection-only format: one file listing the titles, no page for an
-- article (no render hook).
return {
  index = function(list, outlet)
    local out = {}
    for _, a in ipairs(list) do out[#out + 1] = a.title end
    return table.concat(out, "\n") .. "\n"
  end,
}
