-- plugins/lib/site.lua: the site object publish scripts get from
-- lede.site(): the articles (after the article hooks), queries, grouping,
-- rendering and publishing. Written in Lua over primitives from
-- core/script.c; see docs/scripts.md.
return function(prim)
  local Site = {}
  Site.__index = Site

  local function as_list(v)
    if v == nil then return nil end
    if type(v) == "table" then return v end
    return { v }
  end

  local function any_in(wanted, have)
    for _, w in ipairs(wanted) do
      for _, h in ipairs(have) do
        if w == h then return true end
      end
    end
    return false
  end

  local DATE_META = getmetatable(lede.date.from_epoch(0))

  local function as_date(v, name)
    if v == nil then return nil end
    if type(v) == "string" then
      local d, err = lede.date.parse(v)
      if not d then error(("query: bad '%s': %s"):format(name, err), 3) end
      return d
    end
    if getmetatable(v) ~= DATE_META then
      error(("query: '%s' is a date or a date string such as \"2020-09-01\", not a %s"):format(name, type(v)), 3)
    end
    return v
  end

  local function speakers(a)
    local list = {}
    for _, q in ipairs(a.quotes) do
      if q.speaker then list[#list + 1] = q.speaker end
    end
    return list
  end

  local keys = { tag = true, tags = true, section = true, lang = true, author = true,
                 speaker = true, since = true, ["until"] = true, days = true, drafts = true,
                 held = true, limit = true, sort = true, where = true }

  local sorters = {
    ["-date"] = function(a, b)
      if a.date ~= b.date then return a.date > b.date end
      return a.path < b.path
    end,
    date = function(a, b)
      if a.date ~= b.date then return a.date < b.date end
      return a.path < b.path
    end,
    title = function(a, b)
      if a.title ~= b.title then return a.title < b.title end
      return a.path < b.path
    end,
  }

  --- site:query{tag=, section=, lang=, author=, speaker=, since=, until=,
  --- days=, drafts=, held=, where=, sort=, limit=} -> a list of articles;
  --- without held = true, not those the outlets hold back (embargoed at
  --- lede.date.now(), withheld, killed, or with a mistake in those keys)
  function Site:query(q)
    q = q or {}
    if type(q) ~= "table" then
      error(("query: the argument is a table of keys such as {tag = \"x\"}, not a %s"):format(type(q)), 2)
    end
    for k in pairs(q) do
      if not keys[k] then error(("query: unknown key '%s'"):format(tostring(k)), 2) end
    end
    local tags = as_list(q.tag or q.tags)
    local sections, langs = as_list(q.section), as_list(q.lang)
    local authors, who = as_list(q.author), as_list(q.speaker)
    local since, till = as_date(q.since, "since"), as_date(q["until"], "until")
    if q.days ~= nil then
      local d = q.days
      if type(d) ~= "number" or d ~= d or d < 0 or d > 3650000 then
        error(("query: days is a number of days from 0 to 3650000, not %s"):format(tostring(d)), 2)
      end
      local now = lede.date.now()
      since = lede.date.from_epoch(now:epoch() - math.floor(d * 86400))
      -- the last N days end now: a story dated later is not among them
      if not till or till > now then till = now end
    end
    local lim = q.limit
    if lim ~= nil and (type(lim) ~= "number" or lim ~= lim or lim < 0 or lim ~= math.floor(lim)) then
      error(("query: limit is a whole number from 0 up, not %s"):format(tostring(q.limit)), 2)
    end
    if q.where ~= nil and type(q.where) ~= "function" then
      error(("query: where is a function (a) -> boolean, not a %s"):format(type(q.where)), 2)
    end
    local sort = sorters[q.sort or "-date"]
    if not sort then
      local what = type(q.sort) == "string" and ("'" .. q.sort .. "'") or ("a " .. type(q.sort))
      error(("query: sort is -date, date or title, not %s"):format(what), 2)
    end
    local out = {}
    for _, a in ipairs(self.articles) do
      local ok = (q.drafts or not a.draft)
        and (q.held or not prim.held(a))
        and (not tags or any_in(tags, a.tags))
        and (not sections or any_in(sections, { a.section }))
        and (not langs or any_in(langs, { a.lang }))
        and (not authors or any_in(authors, a.authors))
        and (not who or any_in(who, speakers(a)))
        and (not since or a.date >= since)
        and (not till or a.date <= till)
        and (not q.where or q.where(a))
      if ok then out[#out + 1] = a end
    end
    table.sort(out, sort)
    if q.limit then
      for i = #out, q.limit + 1, -1 do out[i] = nil end
    end
    return out
  end

  local groupers = {
    tag = function(a) return a.tags end,
    section = function(a) return { a.section } end,
    lang = function(a) return { a.lang } end,
    author = function(a) return a.authors end,
    speaker = speakers,
  }

  --- site:group_by(key [, list]) -> { {key = "x", articles = {...}}, ... }
  --- sorted by key; key is tag, section, lang, author or speaker.
  function Site:group_by(key, list)
    local get = groupers[key]
    if not get then
      error(("group_by: '%s' is not tag, section, lang, author or speaker"):format(tostring(key)), 2)
    end
    if list ~= nil and type(list) ~= "table" then
      error(("group_by: the list is a list of articles, not a %s"):format(type(list)), 2)
    end
    local groups, order = {}, {}
    for _, a in ipairs(list or self:query()) do
      local seen = {}
      for _, k in ipairs(get(a)) do
        if k and not seen[k] then
          seen[k] = true
          if not groups[k] then
            groups[k] = { key = k, articles = {} }
            order[#order + 1] = k
          end
          table.insert(groups[k].articles, a)
        end
      end
    end
    table.sort(order)
    local out = {}
    for i, k in ipairs(order) do out[i] = groups[k] end
    return out
  end

  -- An error of lede's own functions, raised again at the script's line
  -- that called the method (not at this file's).
  local function rethrow(err, method)
    local msg = tostring(err):gsub("^%[lede%][^:]*:%d+: ", "")
      :gsub("^(bad argument #%d+ to )'[^']*'", "%1'" .. method .. "'"):gsub("to '%?'", "to '" .. method .. "'")
    error(msg, 3)
  end

  --- site:publish([outlet or list]) -> files written, errors; every outlet
  --- when none is named.
  function Site:publish(which)
    local names = which == nil and self.outlets or as_list(which)
    local files, errors = 0, 0
    for _, name in ipairs(names) do
      local ok, f, e = pcall(prim.publish, name)
      if not ok then rethrow(f, "publish") end
      files, errors = files + f, errors + e
    end
    return files, errors
  end

  --- site:page(a [, outlets]) -> the site path of the article's web page:
  --- the first outlet (default: "web", then the others in config order)
  --- that renders it as a page (a folder or an .html file); nil when none
  --- does. Join it to site.config.base_url for an absolute URL.
  --- An argument that is not an article, or an outlet not in lede.yaml,
  --- raises (as site:render does): a typo must not leave every link out.
  function Site:page(a, outlets)
    local order = outlets and as_list(outlets)
    if not outlets then
      order = {}
      for _, name in ipairs(self.outlets) do
        if name == "web" then table.insert(order, 1, name) else order[#order + 1] = name end
      end
    end
    for _, name in ipairs(order) do
      local ok, text, url = pcall(prim.render, a, name)
      if not ok then rethrow(text, "page") end
      if text and url and (url == "" or url:sub(-1) == "/" or url:match("%.html$")) then
        return url
      end
    end
    return nil
  end

  --- site:render(a, outlet) -> text, url | nil, why
  function Site:render(a, outlet)
    local ok, text, url = pcall(prim.render, a, outlet)
    if not ok then rethrow(text, "render") end
    return text, url
  end

  local site
  return function()
    if not site then
      site = setmetatable({
        config = prim.config(),
        outlets = prim.outlets(),
        articles = prim.articles(),
      }, Site)
      table.sort(site.articles, sorters["-date"])
    end
    return site
  end
end
