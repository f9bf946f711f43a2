local checks = lede.require("checks")
return {
  article = function(a)
    checks.desk(a)
  end,
}
