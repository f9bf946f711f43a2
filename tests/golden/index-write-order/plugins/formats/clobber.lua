return {
  render = function(a) return a.title .. "\n" end,
  index = function(list, outlet, page)
    if page.number == 2 then
      lede.write("index.txt", "page 1, written over by page 2's hook\n")
    elseif page.number == 3 then
      lede.write("page/3/index.txt", "page 3's hook wrote this first\n")
    end
    return "page " .. page.number .. ": " .. list[1].title .. "\n"
  end,
}
