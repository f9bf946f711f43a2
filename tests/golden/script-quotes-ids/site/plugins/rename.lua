local map = { ["Ana Ruiz"] = "5", ["Tom Berg"] = "IAN KLAUS", ["Mia Roth"] = "Ian Klaus",
  ["Lou Park"] = "Bea Alt", ["Иван Петров"] = "Ada Cole" }
return { article = function(a) for _, q in ipairs(a.quotes) do q.speaker = map[q.speaker] or q.speaker end end }
