-- luapattern_test.lua: lede's budgeted string.find/match/gmatch/gsub give
-- what Lua's own give. Lua's functions are kept in the registry for this
-- test; each case runs both and compares results, or error messages.
local ref = debug.getregistry()["lede.luapattern.lua"]
local ours = {find = string.find, match = string.match, gmatch = string.gmatch, gsub = string.gsub}

local function pack(...) return {n = select("#", ...), ...} end

-- Both functions' results, or their error messages, for one call.
local function run(f, ...)
	local r = pack(pcall(f, ...))
	-- Lua names its own function '?' here (it is not in a loaded library)
	if not r[1] then return {err = (tostring(r[2]):gsub("to '[^']*'", "to F"))} end
	return r
end

local function gmatch_all(gmatch, s, p, init)
	local out = {}
	for a, b, c in gmatch(s, p, init) do
		out[#out + 1] = {a, b, c}
		if #out > 100 then break end
	end
	return out
end

local function same(name, ...)
	local got, want = run(ours[name], ...), run(ref[name], ...)
	eq(got, want, name .. " " .. table.concat((function(...)
		local t = {}
		for i = 1, select("#", ...) do t[i] = string.format("%q", tostring((select(i, ...)))) end
		return t
	end)(...), ", "))
end

ok(ref and ref.find and ref.find ~= string.find, "Lua's own functions are kept in the registry")

-- Subjects and patterns: every kind of item, quantifier and anchor.
local subjects = {
	"", "a", "aaa", "hello world", "Hello World 2020-07-24!", "  trim me  ",
	"key = value; other=thing", "THE (quick) [brown] {fox}", "a.b.c", "x$y^z",
	"f(a(b)c)d", "caf\xc3\xa9 na\xc3\xafve", "tab\tnew\nline\0nul", "aXbXc", "123abc456",
	"THE (quick) fox", "abcabcabc", "--x--", "[[nested]]", "%d%s",
}
local patterns = {
	"", "a", "b", ".", "..", "a*", "a+", "a-", "a?", "^a", "^", "$", "a$", "^$", "^a*$",
	"%a+", "%A+", "%d+", "%D", "%s+", "%S+", "%w+", "%W", "%l+", "%u+", "%p", "%P+",
	"%x+", "%c", "%g+", "%.", "%%", "%$", "%^", "%z", "[abc]+", "[^abc]+", "[a-z]+",
	"[A-Z0-9]+", "[%a_][%w_]*", "[%]]", "[]]", "[^]]+", "[a-]", "[-a]+", "[%-]", "[a%-z]+",
	"(%w+)%s*=%s*(%w+)", "()a()", "()", "(a)(b)?", "(h)(e)(l)(l)(o)", "((a)(b))",
	"(.-)%s", "(.*)%s", "^(%s*)(.-)(%s*)$", "%b()", "%b[]", "%b{}", "%bxy", "%f[%w]%w+",
	"%f[%W]", "%f[%a]", "%f[^%z]", "%f[%z]", "(a)%1", "(%w)%1", "(.)(.)%2%1", "x$y",
	"a.-c", "a.*c", ".-", ".*", "[%d%.]+", "%[(.-)%]", "%((.-)%)", "(%d%d%d%d)-(%d%d)-(%d%d)",
	"(%a)(%a)", "^(%a+)", "(x)$", "[\0-\31]", "%z+", "\0", "[\xc3][\x80-\xbf]", "l+",
	"(o)(.)", "%s*$", "^%s*", "a?b?c?", "(a*(.)%w(%s*))", "(%b())", "()(%f[%w])()",
}

test("find, match, gmatch and gsub agree with Lua on every pattern and subject", function()
	local n = 0
	for _, s in ipairs(subjects) do
		for _, p in ipairs(patterns) do
			same("find", s, p)
			same("match", s, p)
			same("gsub", s, p, "<%0>")
			local got = pack(pcall(gmatch_all, ours.gmatch, s, p))
			local want = pack(pcall(gmatch_all, ref.gmatch, s, p))
			eq(got, want, "gmatch " .. s .. " " .. p)
			n = n + 4
		end
	end
	ok(n > 4000)
end)

test("init: positive, zero, negative, past the end", function()
	for _, init in ipairs({1, 2, 0, -1, -3, -100, 5, 11, 12, 13, 100}) do
		for _, p in ipairs({"o", "l+", "", "$", "^h", "^l", "()", "(o)(.?)"}) do
			same("find", "hello world", p, init)
			same("match", "hello world", p, init)
			eq(pack(pcall(gmatch_all, ours.gmatch, "hello world", p, init)),
				pack(pcall(gmatch_all, ref.gmatch, "hello world", p, init)), "gmatch init " .. init)
		end
	end
end)

test("find's plain flag and patterns without specials", function()
	for _, c in ipairs({
		{"a.b.c", ".", 1, true}, {"a.b.c", ".b", 1, true}, {"a+b", "+", 1, true},
		{"hello", "", 3, true}, {"hello", "", 10, true}, {"hello", "ll"}, {"hello", "lo", -2},
		{"x\0y", "\0y"}, {"x\0y", "\0"}, {"a%b", "%", 1, true}, {"hello", "xyz", 1, true},
		{"hello", "l", 1, false}, {"aaab", "aab", 1, 1}, {("ab"):rep(50) .. "c", ("ab"):rep(30) .. "c", 1, true},
	}) do
		same("find", table.unpack(c, 1, 4))
	end
end)

test("gsub: string replacements with %0-%9 and %%, tables, functions, counts", function()
	local s = "hello world from lua"
	for _, r in ipairs({"%1", "%0", "[%1:%2]", "%%", "100%%", "%2%1", "x", "", 42, 1.5, "%3"}) do
		same("gsub", s, "(%w+) (%w+)", r)
		same("gsub", s, "%w+", r)
		same("gsub", s, "()(%w)", r)
	end
	same("gsub", s, "%w+", {hello = "HI", lua = false, world = 7})
	same("gsub", s, "(%w+)", {hello = true})
	same("gsub", s, "(%w+)", {hello = {}})
	same("gsub", s, "%w+", string.upper)
	same("gsub", s, "(%w)(%w*)", function(a, b) return b .. a end)
	same("gsub", s, "()%w+()", function(a, b) return a .. "-" .. b end)
	same("gsub", s, "%w+", function() return nil end)
	same("gsub", s, "%w+", function() return false end)
	same("gsub", s, "%w+", function() return {} end)
	for _, max in ipairs({0, 1, 2, -1, 100}) do
		same("gsub", s, "o", "0", max)
		same("gsub", s, "", "-", max)
	end
	same("gsub", "abc", "", "-")
	same("gsub", "abc", "x*", "-")
	same("gsub", "abc", "b*", "-")
	same("gsub", "abc", "^", ">")
	same("gsub", "abc", "$", "<")
	same("gsub", "aaa", "^a", "b")
	same("gsub", "hello", ".", {h = 1})
	same("gsub", "hello", "l", nil)
	same("gsub", "hello", "l", true)
	same("gsub", "hello", "l", "%")
	same("gsub", "hello", "l", "%x")
	same("gsub", "hello", "(l)", "%2")
	same("gsub", "hello", "l", "%2")
	same("gsub", "hello", "l", "%1")
end)

test("malformed patterns fail with Lua's messages", function()
	for _, p in ipairs({
		"%", "a%", "[a", "[", "[^", "[]", "[%", "(", "a(", ")", "a)", "%b", "%ba", "%f", "%fa",
		"%1", "(a)%2", "(a%1)", "%0", "(()", "(a", "((a)", ("()"):rep(33), ("(a)"):rep(32),
		("a?"):rep(250), "x%", "x[",
	}) do
		for _, s in ipairs({"", "abc", "xa(b)c"}) do
			same("find", s, p)
			same("match", s, p)
			same("gsub", s, p, "x")
			same("gsub", s, p, "%1")
			eq(pack(pcall(gmatch_all, ours.gmatch, s, p)), pack(pcall(gmatch_all, ref.gmatch, s, p)),
				"gmatch " .. p)
		end
	end
	raises(function() ("abc"):find("[a") end, "malformed pattern (missing ']')")
	raises(function() ("abc"):find("a%") end, "malformed pattern (ends with '%')")
	raises(function() ("abc"):find("%fa") end, "missing '[' after '%f' in pattern")
	raises(function() ("abc"):gsub("a", "%9") end, "invalid capture index %9")
	raises(function() ("abc"):find("(a") end, "unfinished capture")
	raises(function() ("abc"):match("a)") end, "invalid pattern capture")
end)

test("bad arguments read like Lua's", function()
	same("gsub", "abc", "a")
	same("gsub", "abc", "a", print == nil)
	same("find", nil, "a")
	same("find", "abc", {})
	same("match", "abc", "b", "x")
	same("gmatch", "abc", nil)
	-- numbers are strings here as in Lua
	same("find", 12345, 3)
	same("gsub", 12345, 3, 9)
end)

test("method calls on strings use the budgeted functions", function()
	local mt = getmetatable("")
	if type(mt) == "table" then eq(mt.__index.find, string.find) end
	eq(pack(("key=value"):match("(%w+)=(%w+)")), {n = 2, "key", "value"})
	eq(select(2, ("a,b,,c"):gsub(",", ";")), 3)
end)

test("a pathological pattern in a trusted plugin still finishes (no budget)", function()
	eq(string.rep("a", 200):find(".-.-b"), nil)
end)
