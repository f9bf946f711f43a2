-- pattern_bench.lua: lede's budgeted string.find/match/gmatch/gsub against
-- Lua's own on ordinary patterns. Not a test (timings vary); run with
--   ./build/lede run tests/lua/pattern_bench.lua
-- and it prints one line per case with the time ratio ours/Lua's.
local ref = debug.getregistry()["lede.luapattern.lua"]
local ours = {find = string.find, match = string.match, gmatch = string.gmatch, gsub = string.gsub}

local text = ("International action as a public policy: key to metropolises' leadership. "):rep(20)
local cases = {
	{"find plain word", "find", text, "leadership"},
	{"find class run", "find", text, "%d+"},
	{"match key=value", "match", "title = International action", "^(%w+)%s*=%s*(.-)%s*$"},
	{"match date", "match", "Published 2020-07-24T10:00", "(%d+)-(%d+)-(%d+)"},
	{"gsub trim", "gsub", "   some words here   ", "^%s*(.-)%s*$", "%1"},
	{"gsub words", "gsub", text, "%w+", "<%0>"},
	{"gsub html escape", "gsub", text, "[<>&']", {["<"] = "&lt;", [">"] = "&gt;", ["&"] = "&amp;", ["'"] = "&#39;"}},
	{"gmatch words", "gmatch", text, "%a+"},
	{"match frontier", "match", text, "%f[%a]key%f[%A]"},
}

local function time(f, s, p, r, n)
	local t0 = os.clock()
	for _ = 1, n do
		if r ~= nil then f(s, p, r)
		elseif f == ours.gmatch or f == ref.gmatch then for _ in f(s, p) do end
		else f(s, p) end
	end
	return os.clock() - t0
end

local total_ours, total_ref = 0, 0
for _, c in ipairs(cases) do
	local name, fn, s, p, r = table.unpack(c)
	local n = 1
	while time(ref[fn], s, p, r, n) < 0.05 do n = n * 2 end
	local a, b = time(ours[fn], s, p, r, n), time(ref[fn], s, p, r, n)
	total_ours, total_ref = total_ours + a, total_ref + b
	print(string.format("%-20s %8d runs  ours %.3fs  lua %.3fs  ratio %.2f", name, n, a, b, a / b))
end
print(string.format("%-20s %14s  ours %.3fs  lua %.3fs  ratio %.2f", "total", "", total_ours, total_ref,
	total_ours / total_ref))
