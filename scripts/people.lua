-- scripts/people.lua: the people and places each article mentions. People
-- are the bold names of the body (**Ian Klaus**, senior fellow...); places
-- are the items of enumerations introduced by a colon ("26 members: Accra,
-- Àrea Metropolitana de Barcelona (AMB), Johannesburg, ... Tangerang
-- Selatan."), kept exactly as written.
--
--   lede run [-C DIR] [-o DIR] scripts/people.lua [ARTICLE]
--
-- ARTICLE is a source path (content/x.md) or a slug; without it, every
-- article but the drafts (a draft can be named). Output:
-- people/people.json, {"articles": [{"title", "path", "people": [...],
-- "places": [...]}]}, newest first, and one line per article on stdout.
--
-- When the site runs the bundled people plugin (plugins: [people] in
-- lede.yaml), its list a.meta.people is used as is; otherwise a bold
-- phrase is a name when it is 2 to 4 capitalised words (one after an
-- honorific such as Dr.), particles such as "de" or "van" allowed between
-- them: "a top 20 global city by 2035" is not a name. An enumeration
-- counts when it has at least 3 items and every item is capitalised words,
-- particles, dashes and parenthesised abbreviations; a final "and" goes.

local re = lede.re

local site = lede.site()
if #arg > 1 then
  error("one argument at most: an article's path or slug")
end

local articles = site:query()
if arg[1] then
  articles = {}
  for _, a in ipairs(site.articles) do
    if a.path == arg[1] or a.slug == arg[1] then articles[#articles + 1] = a end
  end
  if #articles == 0 then
    error(("no article '%s' (give its path, such as content/x.md, or its slug)"):format(arg[1]))
  end
end

-- Lower-case words allowed between capitalised ones, in names of people
-- and of places, in the languages lede ships labels for.
local PARTICLE = {}
for w in ([[de del della der den di da das do dos du des van von ter ten
  la las le les los el al bin ibn y e et of the upon on sur am an]]):gmatch("%S+") do
  PARTICLE[w] = true
end

-- Words that may join the last item of an enumeration ("..., Seoul and
-- Tangerang Selatan").
local CONJUNCTIONS = { "and", "&", "y", "e", "et", "und" }

local HONORIFIC = re.compile("^(?:Dr|Prof|Mr|Mrs|Ms|Mx|Sir|Dame)\\.?$")
local CAPITALISED = re.compile("^\\p{Lu}[\\p{L}\\p{M}'’.\\-]*$")
local ABBREVIATION = re.compile("^\\(\\p{Lu}[^()]*\\)$")

local function tokens(s)
  local list = {}
  for w in s:gmatch("%S+") do list[#list + 1] = w end
  return list
end

-- A bold phrase that reads as a person's name, or nil.
local function person(text)
  local words = tokens(text)
  local i, min = 1, 2
  if words[1] and HONORIFIC:find(words[1]) then i, min = 2, 1 end
  local n = 0
  for j = i, #words do
    local w = words[j]
    if PARTICLE[w] then
      if j == i or j == #words then return nil end
    elseif CAPITALISED:find(w) then
      n = n + 1
    else
      return nil
    end
  end
  if n < min or n > 4 then return nil end
  return table.concat(words, " ")
end

-- One item of an enumeration: capitalised words, particles, dashes and
-- "(AMB)"; the first word capitalised.
local function place(item)
  local words = tokens(item)
  if #words == 0 or #words > 8 or not CAPITALISED:find(words[1]) then return nil end
  for j = 2, #words do
    local w = words[j]
    if not (CAPITALISED:find(w) or ABBREVIATION:find(w) or PARTICLE[w]
        or w == "-" or w == "–" or w == "—") then
      return nil
    end
  end
  return table.concat(words, " ")
end

-- The enumerations of one paragraph's text: after a colon, up to the full
-- stop that ends the sentence (a "." before a space or the end).
local function enumerations(text, out, seen)
  for list in re.gmatch(text, ":\\s+([^:]+?)\\.(?:\\s|$)") do
    local items = {}
    for item in (list .. ","):gmatch("%s*([^,]+),") do items[#items + 1] = item end
    -- "..., Seoul and Tangerang Selatan" or "..., Seoul, and Tangerang"
    local last = items[#items]
    for _, conj in ipairs(CONJUNCTIONS) do
      local head, tail = last:match("^(.-)%s*%f[%S]" .. conj:gsub("%p", "%%%0") .. "%s+(.+)$")
      if head then
        items[#items] = head ~= "" and head or nil
        items[#items + 1] = tail
        break
      end
    end
    if #items >= 3 then
      local names = {}
      for k, item in ipairs(items) do
        names[k] = place(item)
        if not names[k] then names = nil; break end
      end
      for _, name in ipairs(names or {}) do
        if not seen[name] then
          seen[name] = true
          out[#out + 1] = name
        end
      end
    end
  end
end

local result, width = {}, 0
for i, a in ipairs(articles) do
  local people, places, seen, seen_places = {}, {}, {}, {}
  local from_plugin = type(a.meta.people) == "table"
  if from_plugin then
    for _, name in ipairs(a.meta.people) do people[#people + 1] = tostring(name) end
  end
  for n in a.body:walk() do
    if n.type == "Strong" and not from_plugin then
      local name = person(n:text())
      if name and not seen[name] then
        seen[name] = true
        people[#people + 1] = name
      end
    end
    if n.type == "Paragraph" then enumerations(n:text(), places, seen_places) end
  end
  result[i] = {
    title = a.title,
    path = a.path,
    people = people,
    places = places,
  }
  width = math.max(width, #a.path)
end
lede.write("people/people.json", lede.json.encode { articles = result } .. "\n")

for _, r in ipairs(result) do
  print(("%-" .. width .. "s  %2d people, %2d places"):format(r.path, #r.people, #r.places))
end
