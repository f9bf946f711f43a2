-- scripts/publish.lua: publishes every outlet of the site, or only the
-- outlets named as arguments, then prints what each one wrote.
--
--   lede run [-C DIR] [-o DIR] scripts/publish.lua [OUTLET...]
--
-- Output: the outlets' own files (as `lede build` writes them); on stdout
-- one line per outlet (files written, errors) and the totals. An unknown
-- outlet name stops the script before anything is written. The exit status
-- is 1 when an outlet had errors: they are reported on stderr as they
-- happen, and the script ends with an error line counting them.

local site = lede.site()

local known = {}
for _, name in ipairs(site.outlets) do known[name] = true end

-- An outlet named twice is published once: twice would count its files
-- twice in the totals.
local wanted, named = {}, {}
for i = 1, #arg do
  local name = arg[i]
  if not known[name] then
    error(("no outlet '%s'; the outlets are: %s"):format(name,
      table.concat(site.outlets, ", ")))
  end
  if not named[name] then wanted[#wanted + 1] = name end
  named[name] = true
end
if #wanted == 0 then wanted = site.outlets end

local width = #"outlet"
for _, name in ipairs(wanted) do width = math.max(width, #name) end
local line = "%-" .. width .. "s  %6s  %6s"

print(line:format("outlet", "files", "errors"))
local files, errors = 0, 0
for _, name in ipairs(wanted) do
  local f, e = site:publish(name)
  print(line:format(name, f, e))
  files, errors = files + f, errors + e
end
print(line:format("total", files, errors))

-- error() here would skip the outlets' finish hooks; lede.log.error makes
-- the exit status 1 and lets them run.
if errors > 0 then
  lede.log.error(("%d error%s while publishing"):format(errors, errors == 1 and "" or "s"))
end
