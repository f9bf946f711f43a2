#!/usr/bin/env bash
# tests/cli/scaffold.sh LEDE: `lede new` makes a plugin whose own test
# passes, a draft article that checks clean and a site that builds; it
# refuses to overwrite.
set -uo pipefail
lede=$(realpath "$1")
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp lede.yaml "$tmp/"
. "$(dirname "$0")/../lib/check.sh"
check "new plugin creates the plugin and its test" "$lede" new -C "$tmp" plugin shout
# docs/plugins.md shows both files as made: what the scaffold writes and
# what the docs say must not drift apart.
for f in plugins/shout.lua tests/shout_test.lua; do
	awk -v f="$f" '$0 == "<!-- scaffold: " f " -->" { want = 1; next }
		want && /^```/ { if (inblk) exit; inblk = 1; next }
		inblk { print }' docs/plugins.md >"$tmp/doc-$(basename "$f")"
	check "docs/plugins.md shows $f as lede new plugin writes it" diff -u "$tmp/doc-$(basename "$f")" "$tmp/$f"
done
check "the scaffolded test passes" "$lede" test -C "$tmp" "$tmp/tests/shout_test.lua"
check "lede test without files runs the site's tests/" bash -c "'$lede' test -C '$tmp' | grep -q '^2 passed, 0 failed'"
mkdir -p "$tmp/tests/other" && printf 'test("elsewhere", function() ok(false) end)\n' >"$tmp/tests/other/x_test.lua"
check "lede test without files leaves tests/'s subfolders alone" bash -c "'$lede' test -C '$tmp' | grep -q '^2 passed, 0 failed'"
check "lede test in lede's own folder runs the sample site's tests, and they pass" bash -c "'$lede' test | tail -n 1 | grep -q '^[1-9][0-9]* passed, 0 failed'"
check "new plugin refuses to overwrite" bash -c "! '$lede' new -C '$tmp' plugin shout"
check "new plugin refuses a bad name" bash -c "! '$lede' new -C '$tmp' plugin 'Bad Name'"
check "new article makes a dated draft" env LEDE_NOW=2021-02-03 "$lede" new -C "$tmp" article 'Seoul "opens" its data'
check "the draft has its title" grep -q 'title: "Seoul \\"opens\\" its data"' "$tmp/content/2021-02-03-seoul-opens-its-data.md"
check "the draft checks clean" "$lede" check -C "$tmp" -q
check "new site writes a site" env LEDE_NOW=2021-02-03 "$lede" new site "$tmp/site"
check "the new site builds with no warning" bash -c "cd '$tmp/site' && '$lede' build 2>&1 | grep -q ' 0 errors, 0 warnings'"
check "the new site has its front page, article page and feed" test -s "$tmp/site/public/index.html" -a \
	-s "$tmp/site/public/news/welcome/index.html" -a -s "$tmp/site/public/feed.atom"
check "the welcome article is on the front page" grep -q 'Welcome to lede' "$tmp/site/public/index.html"
check "the new site's plugin test passes" bash -c "cd '$tmp/site' && '$lede' test | grep -q '^2 passed, 0 failed'"
check "the new site checks clean" "$lede" check -C "$tmp/site" -q
echo "# edited by hand" >>"$tmp/site/lede.yaml"
cp "$tmp/site/lede.yaml" "$tmp/site/lede.yaml.before"
check "new site refuses to overwrite" bash -c "! '$lede' new site '$tmp/site' 2>/dev/null"
check "and leaves the old site as it was" cmp "$tmp/site/lede.yaml" "$tmp/site/lede.yaml.before"
check "new site -C DIR makes DIR/NAME" bash -c "'$lede' new -C '$tmp' site other >/dev/null && test -f '$tmp/other/lede.yaml'"
# An empty name (an unset variable in a script) is no folder: without -C
# it once made the site in the file system's root. (Tested under -C, so
# that a regression writes into the test's folder, not into /.)
mkdir -p "$tmp/empty"
"$lede" new -C "$tmp/empty" site "" >"$tmp/out" 2>"$tmp/err"
check "new site '': exit status 2" test $? = 2
check "new site '': says what it needs" grep -qx "lede: new site needs a folder to make: lede new site DIR" "$tmp/err"
check "new site '': writes nothing" test -z "$(ls -A "$tmp/empty")"
check "new plugin '': says what it needs" bash -c "'$lede' new -C '$tmp' plugin '' 2>&1 | grep -q 'a plugin needs a name'"
# A title goes into the front matter as typed: control characters (an
# escape sequence, a tab, a newline) and invalid UTF-8 are refused.
for t in "$(printf 'x\033[31m red')" "$(printf 'a\tb')" "$(printf 'two\nlines')"; do
	check "new article refuses a control character ($(printf '%q' "$t"))" bash -c "'$lede' new -C '$tmp/empty' article \"\$1\" 2>&1 | grep -q 'control character' && test -z \"\$(ls -A '$tmp/empty')\"" _ "$t"
done
long="The council's extraordinary session on the regional transport plan ended late on Thursday night after nine hours of debate"
check "new article: a long title's file name is its first words" bash -c "cd '$tmp' && LEDE_NOW=2021-02-03 '$lede' new article \"\$1\" >/dev/null && test -f 'content/2021-02-03-the-council-s-extraordinary-session-on-the-regional-transport-plan-ended-late-on.md'" _ "$long"
check "new article: ... and keeps the whole title" grep -qF "title: \"$long\"" "$tmp/content/2021-02-03-the-council-s-extraordinary-session-on-the-regional-transport-plan-ended-late-on.md"
word=$(printf 'x%.0s' $(seq 200))
check "new article: a title of one long word is cut at 80 bytes" bash -c "cd '$tmp' && LEDE_NOW=2021-02-04 '$lede' new article '$word' >/dev/null && test -f 'content/2021-02-04-$(printf 'x%.0s' $(seq 80)).md'"
check "new article refuses invalid UTF-8" bash -c "'$lede' new -C '$tmp/empty' article \"\$(printf 'caf\\xe9')\" 2>&1 | grep -q 'not valid UTF-8'"
check_done
