-- A text format that names, on every index page, the first article of the
-- page before: the title (data) for outlet keeps-data, the record itself
-- for keeps-record.
local before = {}
return {
  render = function(a) return a.title .. "\n" end,
  index = function(list, outlet, page)
    local prev = before[outlet.name]
    local line = list[1].title
    if prev then
      line = line .. " (before: " .. (type(prev) == "string" and prev or prev.title) .. ")"
    end
    before[outlet.name] = outlet.name == "keeps-data" and list[1].title or list[1]
    return line .. "\n"
  end,
}
