-- Logs each hook call; the last instance to finish writes the log.
local label
local log = {}
_G.hook_log = _G.hook_log or {}
local function note(s) table.insert(_G.hook_log, label .. " " .. s) end
return {
  -- The log is one list across articles and hook calls: one state, in order.
  parallel = false,
  setup = function(site, opts)
    label = opts.label or "web"
    note("setup " .. site.title)
  end,
  article = function(a)
    note("article " .. a.slug)
    a.meta.word_count = a:words()
    if a.meta.drop then return false end
  end,
  filter = function(a, outlet)
    note("filter " .. a.slug .. " " .. outlet.name)
    return true
  end,
  transform = function(a, outlet)
    note("transform " .. a.slug .. " " .. outlet.name .. " " .. a.url)
  end,
  nodes = {
    Strong = function(n, a, outlet)
      note("nodes.Strong " .. a.slug .. " " .. outlet.name .. " line " .. n.line)
      return lede.node.Emph(n:children())
    end,
  },
  finish = function(site)
    note("finish")
    if label == "web" then
      lede.write("hooks.txt", table.concat(_G.hook_log, "\n") .. "\n")
    end
  end,
}
