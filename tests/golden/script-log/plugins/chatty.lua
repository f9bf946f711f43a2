return {
  article = function(a) lede.log.info("plugin info, hidden under lede run") end,
}
