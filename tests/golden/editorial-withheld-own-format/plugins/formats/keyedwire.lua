-- A format that lists a withheld story, marked, without its story.
local news = lede.require("news")
return {
  withheld = true,
  render = function(a)
    if news.withheld(a) then return a.title .. "\n\nWITHHELD\n" end
    return a.title .. "\n\n" .. a:text { width = 0 }
  end,
  index = function(list)
    local out = {}
    for _, a in ipairs(list) do
      out[#out + 1] = a.title .. (news.withheld(a) and " (withheld)" or "")
    end
    return table.concat(out, "\n") .. "\n"
  end,
}
