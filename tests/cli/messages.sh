#!/usr/bin/env bash
# tests/cli/messages.sh LEDE: every error and warning a build prints is
# counted in its summary line, by one rule (docs/internals.md "Messages"):
# an error each time it happens (the same hook error in many articles is
# shown once and counted for each), a once-warning once per build, and
# the same at every -j. A plugin whose setup fails only on a worker's
# state (it fails when it finds the marker its first setup left) has its
# error printed and counted too.
set -uo pipefail
lede=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/check.sh"
export LEDE_NOW=2021-01-01T00:00:00Z LC_ALL=C TZ=UTC

site=$tmp/site
mkdir -p "$site/content" "$site/plugins"
for n in 1 2 3; do
	printf -- '---\ntitle: Story %s\ndate: 2020-01-0%s\n---\nText %s.\n' "$n" "$n" "$n" \
		>"$site/content/s$n.md"
done
cat >"$site/lede.yaml" <<'YAML'
site: { title: Messages }
plugins: [noisy]
outlets:
  web: { format: html, path: "{slug}/" }
YAML
# Every article: one unknown field (a once-warning), one failing
# transform (the same error three times), one lede.log.warn.
cat >"$site/plugins/noisy.lua" <<'LUA'
return {
  article = function(a)
    local _ = a.titel
    lede.log.warn("looked at " .. a.title)
  end,
  transform = function(a) error("broken transform") end,
}
LUA
summary() { tail -1 "$tmp/err"; }
for j in 1 4; do
	"$lede" build -C "$site" -o "$tmp/out$j" -j "$j" 2>"$tmp/err"
	echo $? >"$tmp/rc$j"
	cp "$tmp/err" "$tmp/err$j"
	check "-j $j: errors counted per article, the once-warning once" \
		grep -q ', 3 errors, 4 warnings$' "$tmp/err$j"
	check "-j $j: the error shown once" \
		test "$(grep -c 'broken transform' "$tmp/err$j")" = 2 # the message and the repeat line
	check "-j $j: exit status 1" test "$(cat "$tmp/rc$j")" = 1
done
check "the same messages at -j 1 and -j 4" cmp "$tmp/err1" "$tmp/err4"

# A setup that fails on a worker's state only.
cat >"$site/lede.yaml" <<'YAML'
site: { title: Messages }
plugins: [twice]
outlets:
  web: { format: html, path: "{slug}/" }
YAML
cat >"$site/plugins/twice.lua" <<LUA
return {
  setup = function()
    local f = io.open("$tmp/marker", "r")
    if f then f:close(); error("set up a second time") end
    f = io.open("$tmp/marker", "w"); f:write("x"); f:close()
  end,
}
LUA
for j in 1 2; do
	rm -f "$tmp/marker"
	"$lede" build -C "$site" -o "$tmp/w$j" -j "$j" 2>"$tmp/err"
	rc=$?
	check "-j $j: a worker's setup error is printed" grep -q 'set up a second time' "$tmp/err"
	check "-j $j: ... and counted" grep -q ', 1 error, 0 warnings$' "$tmp/err"
	check "-j $j: exit status 2" test "$rc" = 2
	# (the static files were copied before the workers set up, then
	# discarded: the summary said "1 file written" of an empty folder)
	check "-j $j: ... and no file written, as the summary says" \
		bash -c "grep -q ', 0 files written, 1 error' '$tmp/err' && test -z \"\$(ls -A '$tmp/w$j' 2>/dev/null)\""
done
# A message of a megabyte (error(string.rep("x", 1e6)), or an error
# object whose __tostring makes one) is shown cut to 4000 bytes, with how
# much more there was: whole, a 1e8 one took ten seconds and a gigabyte.
big=$tmp/big
mkdir -p "$big/content" "$big/plugins"
printf -- '---\ntitle: A\ndate: 2020-01-01\n---\nText.\n' >"$big/content/a.md"
printf -- '---\ntitle: B\ndate: 2020-01-02\n---\nText.\n' >"$big/content/b.md"
printf 'site: { title: Big }\nplugins: [big]\noutlets:\n  web: { format: html, path: "{slug}/" }\n' >"$big/lede.yaml"
cat >"$big/plugins/big.lua" <<'LUA'
return { article = function(a)
  if a.slug == "a" then error(string.rep("x", 1000000)) end
  error(setmetatable({}, { __tostring = function() return "é" .. string.rep("y", 1000000) end }))
end }
LUA
"$lede" build -C "$big" -o "$tmp/big-out" 2>"$tmp/big.err"
check "a megabyte message: exit 1" test $? = 1
check "...each shown cut, saying how much was not" \
	test "$(grep -c 'more bytes of the message not shown)' "$tmp/big.err")" = 2
check "...no line of the output past 4200 bytes" \
	bash -c "! awk 'length(\$0) > 4200 { bad = 1 } END { exit !bad }' '$tmp/big.err'"
check "...cut at a character, not inside one" bash -c "iconv -f UTF-8 -t UTF-8 '$tmp/big.err' >/dev/null"
# Errors with no place in their message (an error object, a yield outside
# a coroutine) are placed at the line the traceback names: they read
# 'lede:: ...' in a script and 'plugins/x.lua:: ...' at load. A
# precompiled plugin's error names its file.
pl=$tmp/placed
mkdir -p "$pl/content" "$pl/plugins" "$pl/scripts"
printf -- '---\ntitle: A\ndate: 2020-01-01\n---\nText.\n' >"$pl/content/a.md"
printf 'site: { title: P }\nplugins: [x]\noutlets:\n  web: { format: html, path: "{slug}/" }\n' >"$pl/lede.yaml"
printf 'return { article = function(a)\n  error({ code = 3 })\nend }\n' >"$pl/plugins/x.lua"
printf 'local site = lede.site()\nerror({ code = 3 })\n' >"$pl/scripts/t.lua"
printf '\n\ncoroutine.yield()\n' >"$pl/scripts/y.lua"
"$lede" build -C "$pl" -o "$tmp/pl-out" 2>"$tmp/pl.err"
check "an error object in a hook: at the plugin's line" \
	grep -q "^plugins/x.lua:2: in hook 'article' for content/a.md: (error object is a table value)" "$tmp/pl.err"
(cd "$pl" && "$lede" run scripts/t.lua) 2>"$tmp/pl-t.err"
check "...in a script: at the script's line" grep -q "^scripts/t.lua:2: (error object is a table value)" "$tmp/pl-t.err"
(cd "$pl" && "$lede" run scripts/y.lua) 2>"$tmp/pl-y.err"
check "...a yield outside a coroutine: at its line" grep -q "^scripts/y.lua:3: attempt to yield from outside a coroutine" "$tmp/pl-y.err"
# A script that cannot be read: why, and with -C a script named from the
# site folder, how to name it.
"$lede" run -C "$pl" scripts/t.lua 2>"$tmp/pl-missing.err"
check "lede run of a missing script: exit 2" test $? = 2
check "...saying why, and the path from the current folder" grep -qxF "lede: cannot read scripts/t.lua: No such file or directory; a script's path is read from the current folder, not from -C: give it as $pl/scripts/t.lua" "$tmp/pl-missing.err"
"$lede" run -C "$pl" "$tmp" 2>"$tmp/pl-dir.err"
check "...a folder: saying so" grep -qxF "lede: cannot read $tmp: Is a directory" "$tmp/pl-dir.err"
printf 'error({})\n' >"$pl/plugins/x.lua"
"$lede" build -C "$pl" -o "$tmp/pl-out" 2>"$tmp/pl-load.err"
check "...raised at load: at the plugin's line, exit 2" grep -q "^plugins/x.lua:1: (error object is a table value)" "$tmp/pl-load.err"
printf '\033LuaT\000' >"$pl/plugins/x.lua"
"$lede" build -C "$pl" -o "$tmp/pl-out" 2>"$tmp/pl-bin.err"
check "a precompiled plugin: its file named" grep -q "^plugins/x.lua: attempt to load a binary chunk (mode is 't'); plugins are Lua source" "$tmp/pl-bin.err"
# No lede.yaml: the message names where it was looked for, and a -C
# folder that does not exist says so.
"$lede" build -C "$tmp/no-such-site" 2>"$tmp/nocfg.err"
check "-C a folder that does not exist: exit 2" test $? = 2
check "...saying so" grep -qF "$tmp/no-such-site/lede.yaml: error: cannot read the configuration: the site folder $tmp/no-such-site (-C) does not exist" "$tmp/nocfg.err"
# -C given the configuration file (or an article) rather than its folder
# said "lede.yaml/lede.yaml: ... Not a directory".
printf 'outlets: {web: {format: html}}\n' >"$tmp/cfg-file.yaml"
"$lede" build -C "$tmp/cfg-file.yaml" 2>"$tmp/cfgfile.err"
check "-C a file: exit 2" test $? = 2
check "...saying it is a file, not the site's folder" grep -qF "$tmp/cfg-file.yaml: error: cannot read the configuration: $tmp/cfg-file.yaml (-C) is a file, not the site's folder; give the folder that holds lede.yaml (-c names the configuration file)" "$tmp/cfgfile.err"
# One mistake repeated at many places of one file (here a missing image,
# fifteen times, and so fifteen broken links) is shown at its first ten
# places, then said once with the count of the others; every one counts,
# and the lines are the same at every -j.
rep=$tmp/repeat
mkdir -p "$rep/content"
printf 'site: { title: R }\noutlets:\n  web: { format: html, path: "{slug}/" }\n' >"$rep/lede.yaml"
{
	printf -- '---\ntitle: Pictures\ndate: 2020-01-01\n---\n'
	for i in $(seq 15); do printf '![photo %d](gone.png)\n\n' "$i"; done
} >"$rep/content/p.md"
printf -- '---\ntitle: Other\ndate: 2020-01-02\n---\n![a](gone.png)\n' >"$rep/content/q.md"
for j in 1 2; do
	(cd "$rep" && "$lede" build -j "$j" -o "$tmp/rep-out-$j") 2>"$tmp/rep-$j.err"
	check "-j $j: a repeated warning shown at ten places" \
		test "$(grep -c '^content/p.md:[0-9]*:1: warning: content/gone.png: no such image' "$tmp/rep-$j.err")" = 10
	check "...then once, with the count of the others" grep -qxF \
		"content/p.md: warning: content/gone.png: no such image in the site folder; the image is left as written (and at 5 more places of that file, not shown)" \
		"$tmp/rep-$j.err"
	check "...another file's same mistake shown at its place" \
		grep -q '^content/q.md:5:1: warning: content/gone.png: no such image' "$tmp/rep-$j.err"
	check "...every one counted (16 images, 16 broken links)" \
		grep -q ' 0 errors, 32 warnings$' "$tmp/rep-$j.err"
done
check "...the same messages at -j 1 and -j 2" cmp "$tmp/rep-1.err" "$tmp/rep-2.err"
# A file named with a newline (and what a CI runner reads as a command
# after it): its messages stay one line each, the name's controls
# written as escapes, repeated or not.
nl=$tmp/newline
mkdir -p "$nl/content"
printf 'site: { title: N }\noutlets:\n  web: { format: html, path: "{slug}/" }\n' >"$nl/lede.yaml"
bad="$nl/content/$(printf 'x\n::error::fake\tname')"
{
	printf -- '---\ntitle: Odd\ndate: 2020-01-01\n---\n'
	for i in $(seq 12); do printf '![photo %d](gone.png)\n\n' "$i"; done
} >"$bad.md"
(cd "$nl" && "$lede" build -o "$tmp/nl-out") 2>"$tmp/nl.err"
check "a file name with a newline: no line of the messages starts inside it" \
	test "$(grep -c '^::error::' "$tmp/nl.err")" = 0
check "...its messages name it escaped, at their place" \
	grep -q '^content/x\\n::error::fake\\tname.md:5:1: warning: content/gone.png: no such image' "$tmp/nl.err"
check "...and in the count of the places not shown" \
	grep -q '^content/x\\n::error::fake\\tname.md: warning: content/gone.png: .*(and at 2 more places of that file, not shown)$' "$tmp/nl.err"
mkdir -p "$tmp/empty-site"
(cd "$tmp/empty-site" && "$lede" build) 2>"$tmp/nocfg2.err"
check "no lede.yaml here: what to do" grep -qF "lede.yaml: error: cannot read the configuration: No such file or directory; run lede in the site's folder, give it with -C, or make a site with 'lede new site'" "$tmp/nocfg2.err"
check_done

