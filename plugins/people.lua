-- plugins/people.lua: lists the people an article names in a.meta.people,
-- for templates ({{#meta.people}}) and scripts: the bold names of the body
-- (**Ian Klaus**, senior fellow...) in order, then the speakers of its
-- quotations (a.quotes) that were not bold.
--
-- Options:
--   key       the a.meta key to fill; default "people"
--   speakers  also add the quotations' speakers; default true
--   exclude   a list of extra words that mean "not a person" ("Council")
--
-- Runs in the `article` hook, so list it in the top-level plugins: every
-- outlet sees the same list. Listed on an outlet, it runs in `transform`
-- on that outlet's copy. A list already in the front matter is kept and
-- extended.
--
-- What looks like a name: an optional honorific (Dr. Prof. Mr. Mrs. Ms.
-- Mx. Sir Dame), then 2 to 4 capitalised words or initials (one word is
-- enough after an honorific), with particles (de, van, von, da, del, di,
-- le, la...) between them. "a top 20 global city by 2035" or "stakeholders
-- are very diverse" are not names, nor are phrases with a word that names
-- an organisation or a place ("City Council", "AL-LAs Project"). Two forms
-- of one name ("Dr. Elham Fakhari", "Elham Fakhari") count once: the first
-- one seen is kept.

local re = lede.re

local key = "people"
local with_speakers = true

local HONORIFICS = { dr = true, prof = true, mr = true, mrs = true, ms = true, mx = true,
  sir = true, dame = true }

local PARTICLES = { de = true, van = true, von = true, da = true, del = true, di = true,
  le = true, la = true, der = true, den = true, du = true, dos = true, das = true,
  della = true, ter = true, ten = true, y = true, e = true, bin = true, ibn = true,
  al = true, el = true }

-- Capitalised words that name organisations, places or documents: a bold
-- phrase holding one is not a person.
local NOT_NAMES = {}
for w in ([[The A An Of And For In On At By To With
  City Cities Council Project Projects University College School Institute
  Ministry Department Authority Agency Association Network Group Company
  Bank Fund Foundation Committee Commission Government Republic Kingdom
  United Nations State States Union Party Office Secretariat Metropolis
  Paper Report Plan Strategy Programme Program Conference Summit Forum
  Webinar News Update Correction Note Breaking Exclusive]]):gmatch("%S+") do
  NOT_NAMES[w] = true
end

-- One capitalised word: "María", "O'Brien", "Min-ji", "McDonald".
local WORD = re.compile("^\\p{Lu}[\\p{Ll}\\p{M}]*(?:['’\\-]\\p{L}[\\p{Ll}\\p{M}]*)*$")
-- An initial: "J." (or "J" before another initial, as in "J.R.").
local INITIAL = re.compile("^(?:\\p{Lu}\\.){1,3}$")

local function trim(s)
  return (s:gsub("^%s+", ""):gsub("%s+$", ""))
end

-- The name as written (spaces collapsed, trailing punctuation off), and
-- the key that identifies it (no honorific, lower case), or nil when the
-- text does not look like a person's name.
local function person(text)
  if type(text) ~= "string" then return nil end
  local name = trim(text:gsub("%s+", " ")):gsub("[,;:]+$", "")
  if name == "" or #name > 80 then return nil end
  local tokens = {}
  for w in name:gmatch("%S+") do tokens[#tokens + 1] = w end
  local i, honorific = 1, false
  if HONORIFICS[tokens[1]:gsub("%.$", ""):lower()] and #tokens > 1 then
    i, honorific = 2, true
  end
  local words, full, parts = 0, 0, {}
  for j = i, #tokens do
    local w = tokens[j]
    if PARTICLES[w] then
      -- between two name words only: "Octavi de" is a cut-off name
      if j == i or j == #tokens then return nil end
    elseif INITIAL:find(w) then
      words = words + 1
    elseif WORD:find(w) and not NOT_NAMES[w] then
      words, full = words + 1, full + 1
    else
      return nil
    end
    parts[#parts + 1] = w
  end
  if full == 0 or words > 4 or words < (honorific and 1 or 2) then return nil end
  return name, table.concat(parts, " "):lower()
end

local function add(list, seen, text)
  local name, id = person(text)
  if name and not seen[id] then
    seen[id] = true
    list[#list + 1] = name
  end
end

local function collect(a)
  local list, seen = {}, {}
  local old = a.meta[key]
  if type(old) == "table" then
    for _, name in ipairs(old) do
      if type(name) == "string" then
        local _, id = person(name)
        id = id or trim(name):lower()
        if not seen[id] then
          seen[id] = true
          list[#list + 1] = name
        end
      end
    end
  end
  for n in a.body:walk() do
    if n.type == "Strong" then add(list, seen, n:text()) end
  end
  if with_speakers then
    for _, q in ipairs(a.quotes) do add(list, seen, q.speaker) end
  end
  a.meta[key] = list
end

return {
  setup = function(site, opts)
    opts = opts or {}
    if opts.key ~= nil then
      if type(opts.key) ~= "string" or opts.key == "" then
        error("people: the option 'key' must be a non-empty string", 0)
      end
      key = opts.key
    end
    if opts.speakers ~= nil then
      if type(opts.speakers) ~= "boolean" then
        error("people: the option 'speakers' must be true or false", 0)
      end
      with_speakers = opts.speakers
    end
    if opts.exclude ~= nil then
      if type(opts.exclude) ~= "table" then
        error("people: the option 'exclude' must be a list of words", 0)
      end
      for _, w in ipairs(opts.exclude) do NOT_NAMES[tostring(w)] = true end
    end
  end,
  article = function(a) collect(a) end,
  transform = function(a) collect(a) end,
  _person = person, -- for tests
}
