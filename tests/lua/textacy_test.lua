-- textacy's direct-quotation cases (../shared/conformance/quotes), when
-- present: each expected quotation must be found with its speaker. Our
-- rules resolve pronouns to the person last named, where textacy keeps
-- the pronoun ("he" said it; we say Burton did): a pronoun in the expected
-- speaker matches a name of the text. Prints the rate; fails below it.
local path = "../shared/conformance/quotes/textacy_direct_quotations.json"
local f = io.open(path)
if not f then
  test("textacy cases (skipped: no " .. path .. ")", function() end)
  return
end
local cases = lede.json.decode(f:read("a"))
f:close()

local pronouns = { he = true, she = true, they = true, il = true, elle = true, ["él"] = true, ella = true }

local function matches(q, want, text)
  local content = want.content
  for _, m in ipairs { '"', "«", "“", "„" } do
    if content:sub(1, #m) == m then content = content:sub(#m + 1) end
  end
  if not q.text or q.text:sub(1, 8) ~= content:sub(1, 8) then return false end
  local who = q.speaker or ""
  for _, tok in ipairs(want.speaker) do
    if pronouns[tok:lower()] then
      -- resolved: any capitalised name of the text will do
      if not (who ~= "" and text:find(who, 1, true)) then return false end
    elseif not who:find(tok, 1, true) then
      return false
    end
  end
  return true
end

test("textacy direct quotations", function()
  local found, expected, spurious = 0, 0, 0
  for i, c in ipairs(cases) do
    local src = ("---\ntitle: case %d\ndate: 2020-01-01\nlang: %s\n---\n\n%s\n"):format(i, c.lang, c.text)
    local a = lede.test.article(src, ("content/textacy-%d.md"):format(i))
    local used = {}
    for _, want in ipairs(c.expected) do
      expected = expected + 1
      for k, q in ipairs(a.quotes) do
        if not used[k] and matches(q, want, c.text) then
          used[k] = true
          found = found + 1
          break
        end
      end
    end
    for k, q in ipairs(a.quotes) do
      if not used[k] then
        spurious = spurious + 1
        print(("# textacy case %d: not expected: %s (%s)"):format(i, q.text, tostring(q.speaker)))
      end
    end
  end
  print(("# textacy: %d of %d quotations found with their speaker, %d spurious"):format(found, expected, spurious))
  eq(found, expected, "textacy: quotations found with their speaker")
  eq(spurious, 0, "textacy: scare quotes and titles reported as quotations")
end)
