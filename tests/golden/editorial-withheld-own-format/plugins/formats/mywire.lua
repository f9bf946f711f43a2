-- A site's own wire format, written before `withheld = true` existed.
return {
  render = function(a) return a.title .. "\n\n" .. a:text { width = 0 } end,
  index = function(list)
    local out = {}
    for _, a in ipairs(list) do out[#out + 1] = a.title end
    return table.concat(out, "\n") .. "\n"
  end,
}
