-- re_test.lua: lede.re (PCRE2 for plugins): find, match, exec, gmatch, gsub,
-- compile, flags, UTF-8, the pattern cache, and its errors and limits.
-- Run with: ./build/lede test tests/lua/re_test.lua
local re = lede.re

local function pack(...) return {n = select("#", ...), ...} end

test("find returns 1-based inclusive positions like string.find", function()
	eq(pack(re.find("hello world", "o w")), {n = 2, 5, 7})
	eq(pack(re.find("hello world", "l+")), {n = 2, 3, 4})
	eq(pack(re.find("hello world", "(o)\\s(w)")), {n = 4, 5, 7, "o", "w"})
	eq(re.find("hello", "z"), nil)
	-- the same answers string.find gives for a pattern both understand
	for _, s in ipairs({"abc", "aXbXc", "", "xxabcxx"}) do
		eq(pack(re.find(s, "b")), pack(s:find("b")), s)
	end
end)

test("find and match honour init like Lua (negative, zero, past the end)", function()
	eq(pack(re.find("abcabc", "b", 3)), {n = 2, 5, 5})
	eq(pack(re.find("abcabc", "b", -2)), {n = 2, 5, 5})
	eq(pack(re.find("abcabc", "b", 0)), {n = 2, 2, 2})
	eq(pack(re.find("abcabc", "b", -100)), {n = 2, 2, 2})
	eq(re.find("abc", "b", 5), nil)
	eq(pack(re.find("abc", "$", 4)), {n = 2, 4, 3}) -- empty match at the end, as string.find
	eq(pack(("abc"):find("$", 4)), {n = 2, 4, 3})
	eq(re.match("abcabc", "\\w+", 4), "abc")
end)

test("match returns the captures, or the whole match", function()
	eq(re.match("Published 2020-07-24", "\\d{4}-\\d\\d-\\d\\d"), "2020-07-24")
	eq(pack(re.match("Published 2020-07-24", "(\\d{4})-(\\d\\d)-(\\d\\d)")),
		{n = 3, "2020", "07", "24"})
	eq(re.match("abc", "x"), nil)
	-- a group that did not take part is false, so positions are kept
	eq(pack(re.match("ac", "(a)(b)?(c)")), {n = 3, "a", false, "c"})
	eq(pack(re.match("", "")), {n = 1, ""})
end)

test("exec returns a table with [0], captures, named groups, start and end", function()
	local m = re.exec("Date: 2020-07-24.", "(?<year>\\d{4})-(?<month>\\d\\d)-(\\d\\d)")
	eq(m[0], "2020-07-24")
	eq(m[1], "2020")
	eq(m[2], "07")
	eq(m[3], "24")
	eq(m.year, "2020")
	eq(m.month, "07")
	eq(m.start, 7)
	eq(m["end"], 16)
	eq(re.exec("abc", "x"), nil)
	local u = re.exec("ac", "(?<a>a)(?<b>b)?c")
	eq(u.a, "a")
	eq(u.b, false)
	-- start/end always mean the positions, even with a group named so
	local s = re.exec("xy", "(?<start>x)(?<end>y)")
	eq(s.start, 1)
	eq(s["end"], 2)
	eq(s[1], "x")
	-- duplicate names with (?J): the alternative that matched
	local d = re.exec("b", "(?J)(?<v>a)|(?<v>b)")
	eq(d.v, "b")
end)

test("gmatch iterates like string.gmatch", function()
	local words = {}
	for w in re.gmatch("one two  three", "\\w+") do words[#words + 1] = w end
	eq(words, {"one", "two", "three"})
	local pairs_ = {}
	for k, v in re.gmatch("a=1, b=2", "(\\w+)=(\\w+)") do pairs_[#pairs_ + 1] = k .. ":" .. v end
	eq(pairs_, {"a:1", "b:2"})
	local none = 0
	for _ in re.gmatch("abc", "z") do none = none + 1 end
	eq(none, 0)
end)

local function collect(iter)
	local out = {}
	for m in iter do out[#out + 1] = m end
	return out
end

test("gmatch and gsub treat empty matches as Lua 5.4 does", function()
	for _, case in ipairs({{"abc", "", ""}, {"hello world", "o*", "o*"}, {"abc", "\\w*", "%w*"},
		{"a,b,,c", "[^,]*", "[^,]*"}, {"", "", ""}, {"a1b", "\\d*", "%d*"}}) do
		local s, p, lp = case[1], case[2], case[3]
		eq(collect(re.gmatch(s, p)), collect(s:gmatch(lp)), "gmatch " .. p .. " on " .. s)
		eq(pack(re.gsub(s, p, "-")), pack(s:gsub(lp, "-")), "gsub " .. p .. " on " .. s)
	end
	-- Lua rejects an empty match right after the previous one and moves on;
	-- PCRE2 first looks for a non-empty match there (Perl's rule). The two
	-- differ only for patterns that can match both ways at one place:
	eq(collect(re.gmatch("aaa", "a*?")), {"", "a", "a", "a"})
	eq(collect(("aaa"):gmatch("a-")), {"", "", "", ""})
end)

test("empty matches never split a UTF-8 character", function()
	eq(collect(re.gmatch("é🎉b", "x*")), {"", "", "", ""})
	eq(pack(re.gsub("é🎉b", "", "|")), {n = 2, "|é|🎉|b|", 4})
	eq(pack(re.gsub("é🎉", "x*", "-")), {n = 2, "-é-🎉-", 3})
end)

test("UTF-8: dot, \\w and \\b see characters, positions are bytes", function()
	eq(re.match("🎉!", "^."), "🎉")
	eq(pack(re.find("café noir", "\\w+")), {n = 2, 1, 5}) -- é is two bytes, \w matches it
	eq(collect(re.gmatch("élan, über naïve", "\\b\\w+\\b")), {"élan", "über", "naïve"})
	eq(re.match("Ελληνικά", "\\p{Greek}+"), "Ελληνικά")
	eq(pack(re.find("a🎉b", "b")), {n = 2, 6, 6})
	eq(re.match("x🎉y", "x(.)y"), "🎉")
	eq(#re.match("🎉", "."), 4)
end)

test("flag i: caseless, Unicode-aware", function()
	eq(re.match("Hello", "hello"), nil)
	eq(re.match("Hello", "hello", 1, "i"), "Hello")
	eq(re.match("ÉCOLE", "école", 1, "i"), "ÉCOLE")
	eq(re.match("STRASSE", "straße", 1, "i"), nil) -- no multi-character folding in PCRE2
end)

test("flag m: ^ and $ at every line", function()
	local s = "one\ntwo\nthree"
	eq(collect(re.gmatch(s, "^\\w+")), {"one"})
	eq(collect(re.gmatch(s, "^\\w+", "m")), {"one", "two", "three"})
	eq(collect(re.gmatch(s, "\\w+$", "m")), {"one", "two", "three"})
end)

test("flag s: dot matches a newline", function()
	eq(re.match("a\nb", "a.b"), nil)
	eq(re.match("a\nb", "a.b", 1, "s"), "a\nb")
end)

test("flag x: extended (spaces and comments ignored)", function()
	local p = [[
		(\d{4})   # year
		-
		(\d\d)    # month
	]]
	eq(re.match("2020-07", p), nil)
	eq(pack(re.match("2020-07", p, 1, "x")), {n = 2, "2020", "07"})
end)

test("flags combine, u is accepted, an unknown flag raises", function()
	eq(re.match("A\nB", "^a.b$", 1, "isu"), "A\nB")
	eq(re.match("Ab", "ab", 1, "u"), nil)
	local msg = raises(function() re.match("a", "a", 1, "q") end, "unknown flag 'q'")
	contains(msg, "bad argument #4 to 'match'")
	eq(tostring(re.compile("a", "xmi")), 'lede.regex("a", "imx")')
end)

test("gsub with a replacement string: $0..$9, ${N}, ${name}, $$", function()
	eq(pack(re.gsub("hello world", "o", "0")), {n = 2, "hell0 w0rld", 2})
	eq(re.gsub("2020-07-24", "(\\d+)-(\\d+)-(\\d+)", "$3/$2/$1"), "24/07/2020")
	eq(re.gsub("2020-07-24", "(?<y>\\d+)-(?<m>\\d+)-(?<d>\\d+)", "${d}.${m}.${y}"), "24.07.2020")
	eq(re.gsub("abc", "b", "[$0]"), "a[b]c")
	eq(re.gsub("price: 5", "\\d", "$$$0"), "price: $5")
	eq(re.gsub("abcdefghijk", "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)", "${11}${10}$1"), "kja")
	eq(re.gsub("ac", "a(b)?c", "<$1>"), "<>") -- an unset group is empty
	eq(re.gsub("x", "x", 7), "7") -- a number is a string, as in string.gsub
end)

test("gsub with a table looks up the first capture or the whole match", function()
	local t = {hello = "bonjour", world = false}
	eq(pack(re.gsub("hello world", "\\w+", t)), {n = 2, "bonjour world", 2})
	eq(re.gsub("$name is $age", "\\$(\\w+)", {name = "Ada", age = 36}), "Ada is 36")
	eq(re.gsub("$x", "\\$(\\w+)", {}), "$x") -- nil keeps the match
end)

test("gsub with a function gets captures, then named captures as a table", function()
	eq(re.gsub("a1b22", "\\d+", function(d) return "<" .. #d .. ">" end), "a<1>b<2>")
	eq(re.gsub("k=v", "(\\w)=(\\w)", function(k, v) return v .. "=" .. k end), "v=k")
	local seen
	local out = re.gsub("Ada Lovelace", "(?<first>\\w+) (?<last>\\w+)", function(a, b, names)
		seen = {a, b, names}
		return names.last .. ", " .. names.first
	end)
	eq(out, "Lovelace, Ada")
	eq(seen, {"Ada", "Lovelace", {first = "Ada", last = "Lovelace"}})
	eq(re.gsub("abc", "b", function() return nil end), "abc")
	eq(re.gsub("abc", "b", function() return false end), "abc")
	raises(function() re.gsub("abc", "b", function() return {} end) end,
		"invalid replacement value (a table)")
end)

test("gsub n limits the substitutions; the count is the number of matches", function()
	eq(pack(re.gsub("aaaa", "a", "b", 2)), {n = 2, "bbaa", 2})
	eq(pack(re.gsub("aaaa", "a", "b", 0)), {n = 2, "aaaa", 0})
	eq(pack(re.gsub("aaaa", "a", function() end)), {n = 2, "aaaa", 4})
	eq(pack(re.gsub("aXbX", "X", "-", nil, "i")), {n = 2, "a-b-", 2})
	eq(pack(re.gsub("axbx", "X", "-", nil, "i")), {n = 2, "a-b-", 2})
end)

test("gsub replacement strings are checked even without a match", function()
	raises(function() re.gsub("abc", "(a)", "$2") end, "invalid group $2")
	raises(function() re.gsub("xyz", "(a)", "${nope}") end, "no group named 'nope'")
	raises(function() re.gsub("abc", "a", "50$") end, "write $$ for a dollar sign")
	raises(function() re.gsub("abc", "a", "${1") end, "unclosed or empty ${")
	raises(function() re.gsub("abc", "a", "${}") end, "unclosed or empty ${")
	raises(function() re.gsub("abc", "(a)", "${12}") end, "invalid group ${12}")
end)

test("a replacement function may use the same pattern again", function()
	local p = re.compile("(\\w)(\\w*)")
	local out = p:gsub("hello big world", function(first, rest)
		-- reuses p's match data while the outer gsub is between matches
		return first:upper() .. p:gsub(rest, function(a, b) return a .. b end)
	end)
	eq(out, "Hello Big World")
	local n = 0
	for w in p:gmatch("a b c") do
		n = n + 1
		eq(p:match(w .. "zz"), w)
	end
	eq(n, 3)
end)

test("compile returns a lede.regex with methods", function()
	local r = re.compile("(?<k>\\w+)=(?<v>\\w+)")
	eq(pack(r:find("x a=1")), {n = 4, 3, 5, "a", "1"})
	eq(pack(r:match("a=1")), {n = 2, "a", "1"})
	eq(r:exec("a=1").v, "1")
	eq(collect(r:gmatch("a=1 b=2")), {"a", "b"})
	eq(pack(r:gsub("a=1 b=2", "${v}=${k}")), {n = 2, "1=a 2=b", 2})
	eq(pack(r:gsub("a=1 b=2", "$2", 1)), {n = 2, "1 b=2", 1})
	eq(r:match("zzz a=1", 4), "a")
	eq(tostring(r), 'lede.regex("(?<k>\\w+)=(?<v>\\w+)", "")')
	local ci = re.compile("abc", "i")
	eq(ci:match("xABCx"), "ABC")
	-- a compiled regex works in place of a pattern, but takes no flags
	eq(re.match("ABC", ci), "ABC")
	eq(re.gsub("ABC", ci, "x"), "x")
	raises(function() re.match("ABC", ci, 1, "i") end, "already has its flags")
	raises(function() r.find("not a regex", "a") end, "lede.regex expected, got string")
	raises(function() r:find() end, "bad argument #1 to 'find' (string expected, got no value)")
end)

test("the cache: the same pattern and flags give the same compiled regex", function()
	local a = re.compile("cache-test-(\\d+)")
	local b = re.compile("cache-test-(\\d+)")
	ok(rawequal(a, b), "compile twice returns the cached regex")
	ok(not rawequal(a, re.compile("cache-test-(\\d+)", "i")), "flags are part of the key")
	ok(rawequal(re.compile("x", "mi"), re.compile("x", "im")), "flag order does not matter")
	eq(pack(a:find("cache-test-42")), pack(b:find("cache-test-42")))
	local before = re.cache_size()
	re.find("cache-test-42", "cache-test-(\\d+)")
	eq(re.cache_size(), before, "a string pattern finds the compiled one")
	re.find("x", "cache-test-new-entry")
	eq(re.cache_size(), before + 1)
end)

test("the cache is bounded and keeps recently used patterns", function()
	local keep = re.compile("keep-me")
	for i = 1, 300 do
		eq(re.match("p" .. i, "p" .. i .. "$"), "p" .. i)
		re.match("keep-me", "keep-me") -- used often: stays
	end
	ok(re.cache_size() <= 128, "cache_size " .. re.cache_size())
	ok(re.cache_size() >= 100)
	ok(rawequal(keep, re.compile("keep-me")), "a recently used pattern stays cached")
	-- an evicted pattern is compiled again and still works
	eq(re.match("p1", "p1$"), "p1")
	-- a regex the cache dropped still works while the plugin holds it
	local held = re.compile("held-(\\d)")
	for i = 1, 200 do re.match("q", "q" .. i) end
	eq(held:match("held-7"), "7")
end)

test("a bad pattern raises with the pattern and the offset", function()
	local msg = raises(function() re.find("x", "(a") end)
	contains(msg, 'lede.re: bad pattern "(a" at offset 2: missing closing parenthesis')
	raises(function() re.match("x", "a[b") end, 'bad pattern "a[b" at offset 3')
	raises(function() re.compile("a{2,1}") end, "at offset 5")
	raises(function() re.gsub("x", "(?<n>a)(?<n>b)", "") end, "at offset")
	raises(function() re.compile("ab\\C") end, 'bad pattern "ab\\C"')
	raises(function() re.compile("\xff") end, "UTF-8")
	ok(re.cache_size() >= 0)
end)

test("bad arguments name the argument and what was expected", function()
	raises(function() re.find(nil, "a") end, "bad argument #1 to 'find' (string expected, got nil)")
	raises(function() re.find("a", nil) end, "bad argument #2 to 'find' (string expected, got nil)")
	raises(function() re.find("a", "a", "x") end, "bad argument #3 to 'find' (number expected")
	raises(function() re.gsub("a", "a") end, "bad argument #3 to 'gsub' (string/function/table expected, got no value)")
	raises(function() re.gsub("a", "a", true) end, "string/function/table expected, got boolean")
	raises(function() re.gsub("a", "a", "b", "x") end, "bad argument #4 to 'gsub' (number expected")
	raises(function() re.gmatch({}, "a") end, "bad argument #1 to 'gmatch' (string expected, got table)")
	raises(function() re.compile({}) end, "bad argument #1 to 'compile' (string expected, got table)")
	raises(function() re.match("a", "a", 1, {}) end, "bad argument #4 to 'match' (string expected, got table)")
end)

test("invalid UTF-8 in the subject raises with its position", function()
	local msg = raises(function() re.find("abc\xffdef", "d") end, "invalid UTF-8 in the subject at byte 4")
	contains(msg, "offset 3")
	raises(function() re.gsub("ok \xc3", "x", "y") end, "at byte 4")
	raises(function() for _ in re.gmatch("é\xe9", "x") do end end, "at byte 3")
	raises(function() re.match("\xe2\x82", "x") end, "invalid UTF-8")
	-- an init inside a character is refused rather than splitting it
	raises(function() re.find("é", "x", 2) end, "position 2 is inside a UTF-8 character")
end)

test("a catastrophic pattern raises the limit error quickly, never nil", function()
	local subject = string.rep("a", 5000) .. "!"
	local msg = raises(function() re.find(subject, "(a+)+$") end,
		'lede.re: match limit exceeded for pattern "(a+)+$"')
	raises(function() re.gsub(subject, "(a|aa)+$", "") end, "limit exceeded")
	raises(function() for _ in re.gmatch(subject .. " b", "^(\\w+\\s?)*$") do end end,
		"limit exceeded")
	-- PCRE2 sees that "b" is required and fails at once: a true no-match
	eq(re.find(subject, "(a*)*b"), nil)
	ok(msg)
	-- the same pattern is fine where it can match
	eq(pack(re.find("aaa", "(a+)+$")), {n = 3, 1, 3, "aaa"})
end)

-- Speed is measured by ./build.sh bench, not asserted here: this checks
-- that large subjects give exact counts.
test("large subjects: gsub and gmatch count every match", function()
	local function run(units)
		local s = string.rep("word é🎉 ", units)
		local out, n = re.gsub(s, "\\w+", "W")
		eq(n, 2 * units)
		eq(#out, #s - 4 * units) -- "word" and "é" become "W"
		local c = 0
		for _ in re.gmatch(s, "\\s") do c = c + 1 end
		eq(c, 2 * units)
		local _, empties = re.gsub(s, "x*", "")
		eq(empties, utf8.len(s) + 1)
	end
	run(100000) -- 1.2 MB
end)

test("escape makes any text match literally", function()
	local text = "a.b*c (1+1) [x] {2} $5 ^ | \\ ? é🎉"
	local p = re.escape(text)
	eq(re.match("<<" .. text .. ">>", p), text)
	eq(re.match("a.b", re.escape("a.b")), "a.b")
	eq(re.match("axb", re.escape("a.b")), nil)
	eq(re.match("a b", re.escape("a b"), 1, "x"), "a b")
	eq(re.match("a\0b", re.escape("a\0b")), "a\0b")
end)

test("the module is lede.re and require('lede').re", function()
	ok(rawequal(require("lede").re, lede.re))
	for _, f in ipairs({"find", "match", "exec", "gmatch", "gsub", "compile", "escape", "cache_size"}) do
		eq(type(lede.re[f]), "function", f)
	end
end)
