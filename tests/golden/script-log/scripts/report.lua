local site = lede.site()
local n = #site.articles
lede.log.info(("%d article%s to publish"):format(n, n == 1 and "" or "s"))
site:publish("web")
lede.log.warn("done, with a warning")
