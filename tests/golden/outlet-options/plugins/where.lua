-- Logs where each page goes: a.file is this outlet's file, a.url the page
-- of the outlet it links to.
return {
  transform = function(a, outlet)
    lede.log.info("not shown under -q")
    lede.log.warn(a.slug .. " is written to " .. a.file .. " and links to " .. a.url)
    if a.draft then lede.log.error("draft " .. a.slug .. " published (with --drafts)") end
  end,
}
